"""Phone contacts saved as CSV (Google Contacts, Outlook): the name split into given, middle
and family name columns, phones and e-mails in numbered columns -> one name, one phones and
one e-mail column, added at the end for the importer to read.

Only a table whose header is such an export is changed, and only by adding columns: every
cell of the file stays where it was. No file reading and no SQLite here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from xiaoben.models.i18n import field_key, t
from xiaoben.store.importing.columns import field_of
from xiaoben.store.importing.tables import ImportTable

_GIVEN = frozenset({"given name", "first name"})
_MIDDLE = frozenset({"additional name", "middle name"})
_FAMILY = frozenset({"family name", "last name"})
_PHONE = re.compile(
    r"phone \d+ - value|(?:mobile|home|business|primary|other|car|company main) phone(?: 2)?"
)
_EMAIL = re.compile(r"e-mail \d+ - value|e-mail(?: \d)? address")
_LABEL = re.compile(r" - (?:type|label)$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_GOOGLE_APART = " ::: "  # Google's separator of several values in one cell
_OUTLOOK_NO_DATE = "0/0/00"  # what Outlook writes in a date column for "no date"


def with_contact_columns(table: ImportTable) -> ImportTable:
    """The table with a name, phones and e-mail column composed from a contacts export's
    parts, each only where the header has parts and no column of that field of its own;
    the table itself when it is no contacts export (or is read lazily: a big file)."""
    if not isinstance(table.rows, list):
        return table
    keys = [cell.strip().casefold() for cell in table.header]
    given, middle, family = (
        _where(keys, names.__contains__) for names in (_GIVEN, _MIDDLE, _FAMILY)
    )
    if not given or not family:
        return table
    # "E-mail 1 - Type" says Home or Work: no column of the field it mentions
    fields = [None if _LABEL.search(key) else field_of(key, "customers") for key in keys]
    own = set(fields)
    table = _no_dates_empty(table, [at for at, field in enumerate(fields) if field == "birthday"])
    used: set[int] = set()
    if "name" in own:  # Google's own Name column: empty where only the parts are filled
        table = _filled(table, fields.index("name"), given, middle, family)
        used = {*given, *middle, *family}
    composed: list[tuple[str, Callable[[list[str]], str], list[int]]] = []
    if not own & {"name", "code"}:
        composed.append(
            ("name", lambda cells: _name(cells, given, middle, family), [*given, *middle, *family])
        )
    phones = _where(keys, lambda key: _PHONE.fullmatch(key) is not None)
    phones.sort(key=lambda at: "mobile" not in keys[at])  # a mobile first: the one to call
    if phones and "phones" not in own:
        composed.append(("phones", lambda cells: _values(cells, phones), phones))
    emails = _where(keys, lambda key: _EMAIL.fullmatch(key) is not None)
    if emails and "email" not in own:
        # one e-mail a customer: the first one the contact has
        composed.append(("email", lambda cells: _values(cells, emails).split(", ")[0], emails))
    if not composed:
        return replace(table, composed_from=frozenset(used))
    header = [*table.header, *(t(field_key(field)) for field, _, _ in composed)]
    rows = [
        (line, [*cells, *(make(cells) for _, make, _ in composed)]) for line, cells in table.rows
    ]
    used |= {at for _, _, columns in composed for at in columns}
    return replace(table, header=header, rows=rows, composed_from=frozenset(used))


def _filled(
    table: ImportTable, at: int, given: list[int], middle: list[int], family: list[int]
) -> ImportTable:
    rows = [
        (line, [*cells[:at], _name(cells, given, middle, family), *cells[at + 1 :]])
        if not cells[at]
        else (line, cells)
        for line, cells in table.rows
    ]
    return replace(table, rows=rows)


def _no_dates_empty(table: ImportTable, birthdays: list[int]) -> ImportTable:
    """The table with Outlook's "no date" (0/0/00, exactly) in a birthday column read as an
    empty cell; any other date a birthday cannot be stays, for the importer to refuse."""
    if not birthdays:
        return table
    rows = [
        (line, ["" if at in birthdays and cell.strip() == _OUTLOOK_NO_DATE else cell
                for at, cell in enumerate(cells)])
        for line, cells in table.rows
    ]  # fmt: skip
    return replace(table, rows=rows)


def _where(keys: Sequence[str], wanted: Callable[[str], bool]) -> list[int]:
    return [at for at, key in enumerate(keys) if wanted(key)]


def _values(cells: Sequence[str], columns: Sequence[int]) -> str:
    """The columns' non-empty values (a Google cell may hold several), joined by ", "."""
    return ", ".join(
        value.strip() for at in columns for value in cells[at].split(_GOOGLE_APART) if value.strip()
    )


def _name(cells: Sequence[str], given: list[int], middle: list[int], family: list[int]) -> str:
    """张 + 三 -> 张三 (family name first, no spaces); Si + Li -> Si Li (given name first)."""
    first, between, last = (
        " ".join(cells[at].strip() for at in part if cells[at].strip())
        for part in (given, middle, family)
    )
    parts = [part for part in (last, between, first) if part]
    if any(_CJK.search(part) for part in parts):
        return "".join(parts)
    return " ".join(parts[::-1])
