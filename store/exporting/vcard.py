"""Customers as vCard 3.0 contacts a phone imports: name, phones, e-mail, birthday, WeChat,
address, employer and tags (as CATEGORIES).

A lunar birthday falls on another solar day each year, so it is no BDAY: it goes into the
note in words (农历八月十五), beside the WeChat ID (also an IMPP line, which iPhone shows).
A redacted card has the surname only, the phones masked in the note and no WeChat ID,
e-mail, address or note of the book.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import vobject

from xiaoben.models.birthday import Birthday
from xiaoben.models.i18n import t
from xiaoben.store.driver import sqlite3
from xiaoben.store.exporting import PROGRESS_EVERY
from xiaoben.store.exporting.cells import field_line, masked_phone, surname_of, surname_only
from xiaoben.store.exporting.tables import CustomCells, among, lunar_words
from xiaoben.store.importing.vcard_params import name_from_n

_CUSTOMERS = (
    "SELECT c.id, c.name, c.phones, c.email, c.birthday, c.wechat, c.address, c.employer, c.tags,"
    " c.notes FROM customers c"
)


def write_vcards(
    conn: sqlite3.Connection,
    ids: list[int] | None,
    redact: bool,
    path: Path,
    told: Callable[[int], None] | None = None,
) -> int:
    """Every selected customer as a card, in the book's order, UTF-8 with CRLF lines; returns
    how many (`told` the cards written so far, every PROGRESS_EVERY and at the end)."""
    where, params = among(ids, "c.id")
    custom = CustomCells(conn, redact)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for customer_id, *row in conn.execute(_CUSTOMERS + where + " ORDER BY c.id", params):
            # A phone book has no place for the seller's own fields: they go in the note.
            extra = [
                field_line(column.header, str(cell))
                for column, cell in zip(custom.columns, custom.cells(customer_id), strict=True)
                if cell not in (None, "")
            ]
            handle.write(folded(_card(*row, redact=redact, extra=extra).serialize()))
            count += 1
            if told is not None and count % PROGRESS_EVERY == 0:
                told(count)
    if told is not None:
        told(count)
    return count


# RFC 6350 (and 2426): a line longer than 75 octets is folded, a CRLF and a space before
# each further piece, never inside a UTF-8 character.
LINE_OCTETS = 75


def folded(text: str) -> str:
    """Cards' text with every line folded to at most LINE_OCTETS octets. vobject folds a line
    only past 75 characters: one of fewer characters but more bytes (a Chinese note of 74
    characters is 200 bytes) it writes whole."""
    lines = text.split("\r\n")
    if all(len(line.encode()) <= LINE_OCTETS for line in lines):
        return text
    return "\r\n".join(piece for line in lines for piece in _pieces(line))


def _pieces(line: str) -> list[str]:
    """`line` as the physical lines it folds into: the first up to LINE_OCTETS octets, each
    further one a space and up to LINE_OCTETS - 1 more."""
    pieces: list[str] = []
    current, size = "", 0
    for character in line:
        octets = len(character.encode())
        if size + octets > LINE_OCTETS:
            pieces.append(current)
            current, size = " ", 1
        current += character
        size += octets
    return [*pieces, current]


def _card(
    name: str,
    phones: str,
    email: str | None,
    birthday: str | None,
    wechat: str | None,
    address: str,
    employer: str,
    tags: str,
    notes: str,
    *,
    redact: bool,
    extra: list[str] | None = None,
) -> Any:
    card = vobject.vCard()
    shown = surname_only(name) if redact else name
    card.add("fn").value = shown
    family, given = _split_name(shown)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    numbers = json.loads(phones or "[]")
    note_lines: list[str] = []
    if redact:
        if numbers:
            masked = ", ".join(masked_phone(number) for number in numbers)
            note_lines.append(t("export.phones_masked", phones=masked))
    else:
        for at, number in enumerate(numbers):
            tel = card.add("tel")
            tel.value = number
            tel.type_paramlist = ["CELL", "pref"] if at == 0 else ["CELL"]
        if email:
            card.add("email").value = email
        if wechat:
            impp = card.add("impp")
            impp.value = f"x-apple:{wechat}"
            impp.params["X-SERVICE-TYPE"] = ["WeChat"]
            note_lines.append(f"{t('field.wechat')}：{wechat}")
        if address:
            card.add("adr").value = vobject.vcard.Address(street=address)
        if notes:
            note_lines.append(notes)
    if birthday:
        _add_birthday(card, Birthday.from_text(birthday), note_lines)
    if employer and not redact:  # a workplace, with the surname, tells who she is
        card.add("org").value = [employer]
    tag_list = json.loads(tags or "[]")
    if tag_list:
        card.add("categories").value = tag_list
    note_lines += extra or []
    if note_lines:
        card.add("note").value = "\n".join(note_lines)
    return card


def _split_name(name: str) -> tuple[str, str]:
    """(family, given): 王芳 -> (王, 芳), 欧阳娜娜 -> (欧阳, 娜娜); Fang Wang -> (Wang, Fang);
    one word -> (it, ""). A name whose parts would not read back as it is written (Anna 王
    would be 王Anna, 王 Anna 王Anna, 𠀀𪚥 陈 陈𠀀𪚥: importing/vcards.py runs a Chinese N
    together, family first) is the family name whole: a split the card cannot keep is none."""
    family, given = _split_guess(name)
    as_parts = [family.strip()] if family.strip() else [], [given.strip()] if given.strip() else []
    if name_from_n(*as_parts, []) != name:
        return name, ""
    return family, given


def _split_guess(name: str) -> tuple[str, str]:
    if name and "\u3400" <= name[0] <= "\u9fff":
        surname = surname_of(name)
        return surname, name[len(surname) :]
    words = name.split()
    if len(words) < 2:
        return name, ""
    return words[-1], " ".join(words[:-1])


def _add_birthday(card: Any, birthday: Birthday, note_lines: list[str]) -> None:
    if not birthday.lunar:
        year = f"{birthday.year:04d}" if birthday.year else "-"
        card.add("bday").value = f"{year}-{birthday.month:02d}-{birthday.day:02d}"
        return
    note_lines.append(f"{t('field.birthday')}：{lunar_words(birthday)}")
