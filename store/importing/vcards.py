"""Reading phone contacts (vCard 2.1 from Android, 3.0 from iPhone, 4.0) as customer rows.

vobject parses the cards, quoted-printable 2.1 included; here each card becomes a row of
text cells under the importer's own field names, so columns.match_columns reads the header
as it reads a spreadsheet's. No SQLite, and no judging of the values: the importer does that.
"""

from __future__ import annotations

import io
import quopri
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xiaoben.models.i18n import Listed, Words, field_key, t
from xiaoben.store.exporting.cells import FIELD_LINE_ON
from xiaoben.store.importing.csv_table import CsvTable
from xiaoben.store.importing.decoding import decode_text
from xiaoben.store.importing.errors import (
    RowError,
    cannot_import,
    cell_message,
    field_words,
    unreadable,
)
from xiaoben.store.importing.tables import ImportTable, Row
from xiaoben.store.importing.vcard_params import (
    CJK,
    line_settings,
    name_from_n,
    own_label,
    quoted_printable,
    split_head,
    split_outside,
    unquoted,
)

if TYPE_CHECKING:  # custom fields come from the book: pydantic's models load with it
    from xiaoben.models.fields import FieldDef

# Customer fields, one cell each, in this order; headed as the export heads their columns
# in English, which no custom field may be labelled (store/fields.py) and match_columns
# reads as ours whatever labels the book's custom fields have.
FIELDS = (
    "name", "phones", "email", "birthday", "notes", "employer", "address", "tags", "wechat",
    "gender",
)  # fmt: skip
HEADER = [t(field_key(field), "en") for field in FIELDS]
# 1990-03-05, 19900305, --0315, --03-15, 1990-03-05T00:00:00Z; Apple writes 1604 for no year.
_BDAY = re.compile(r"(?:(?P<year>\d{4})|--)-?(?P<month>\d{2})-?(?P<day>\d{2})(?:T.*)?")
_NO_YEAR = "1604"
_APPLE_LABEL = re.compile(r"_\$!<.*>!\$_")  # Apple's built-in labels (Mobile, Home …)
# What a phone calls WeChat, in an IMPP's X-SERVICE-TYPE, an X-SOCIALPROFILE's TYPE, an item's
# own label or an address's scheme (casefolded).
_WECHAT_NAMES = frozenset({"wechat", "weixin", "微信"})
# What the reader takes from a card (into a field, the notes, or as how the card is written);
# any other property is named as left out (left_out).
READ_PROPERTIES = frozenset(
    {
        "VERSION", "PRODID", "REV", "UID", "FN", "N", "TEL", "EMAIL", "IMPP", "X-SOCIALPROFILE",
        "ADR", "X-ABADR", "NOTE", "BDAY", "ORG", "CATEGORIES", "NICKNAME", "TITLE", "URL",
        "X-ABLABEL", "X-WECHAT", "X-WEIXIN", "X-ABDATE", "X-ABRELATEDNAMES", "ANNIVERSARY",
        "KIND", "X-ADDRESSBOOKSERVER-KIND",
    }
)  # fmt: skip
# vCard 4.0's GENDER, read when its sex is one the customer's gender field has.
_GENDERS = {"F": "female", "M": "male"}


def looks_like_vcard(head: bytes) -> bool:
    """True when the file's first non-blank text is BEGIN:VCARD (UTF-8, UTF-16 of either
    byte order, with a BOM or without, or GBK)."""
    for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
        text = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")
        if text[:11].upper() == "BEGIN:VCARD":
            return True
    return False


def read_vcards(path: Path) -> ImportTable:
    """Every contact in the file as a customer row; a card that cannot be read is refused
    by itself (the table's `refused`: its line, its name if readable, and why), as a CSV
    row that does not fit its header is, so the importer refuses the file naming it, or
    with keep_good imports the other cards. The table names the properties of the cards
    nobody reads (left_out)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from None
    text, encoding = _decode(path, data)
    text = without_binary_values(text)
    left_out: dict[str, None] = {}
    refused: list[RowError] = []
    kinds = CardKinds()
    rows = list(iter_contacts(text, left_out, refused, kinds))
    if not rows and not refused and not kinds.groups and not kinds.places and not kinds.nameless:
        raise cannot_import(path, "empty")
    return ImportTable(
        path,
        encoding,
        "",
        list(HEADER),
        rows,
        refused=tuple(refused),
        format="vcard",
        left_out=tuple(left_out),
        groups=tuple(kinds.groups),
        group_phones=tuple(kinds.by_phone),
        organisations=tuple(kinds.organisations),
        places=tuple(kinds.places),
        unnamed=tuple(kinds.unnamed),
        nameless=tuple(kinds.nameless),
        empty_cards=kinds.empty,
        work_addresses=tuple(kinds.work_addresses),
    )


def with_field_lines(table: CsvTable, custom: Sequence[FieldDef]) -> CsvTable:
    """The contacts with each note line `label：value` naming one of the book's `custom`
    fields (its zh or en label, as our export writes them: a phone book has no place for
    them) taken out of the notes into a column of that field, where its rule checks it;
    the first line of a field a card, a later one stays in the notes. The lines under a
    field's line indented by FIELD_LINE_ON are its value's further lines, as our export
    writes a value of several lines. Any other table as it is."""
    labels = {
        label.strip().casefold(): definition
        for definition in custom
        for label in (definition.label_zh, definition.label_en)
        if label.strip()
    }
    if not isinstance(table, ImportTable) or table.format != "vcard" or not labels:
        return table
    at = FIELDS.index("notes")
    rows: list[Row] = []
    for line, cells in table.rows:
        values: dict[str, str] = {}
        kept: list[str] = []
        taking = ""  # the field whose value the line before went to
        for text in cells[at].split("\n"):
            if taking and text.startswith(FIELD_LINE_ON):
                values[taking] += "\n" + text.removeprefix(FIELD_LINE_ON)
                continue
            label, colon, value = text.partition("：")
            named = labels.get(label.strip().casefold()) if colon and value.strip() else None
            taking = "" if named is None or named.key in values else named.key
            if taking:
                values[taking] = value
            else:
                kept.append(text)
        cells = [*cells[:at], "\n".join(kept), *cells[at + 1 :]]
        found = [values.get(definition.key, "").strip() for definition in custom]
        rows.append((line, cells + found))
    header = [definition.label_zh or definition.label_en for definition in custom]
    return replace(table, header=[*table.header, *header], rows=rows)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text of a .vcf, by the importer's one rule for every text file (decoding.py);
    lines ended by CR alone (a classic Mac file) as lines."""
    text, encoding = decode_text(path, data)
    if "\n" not in text:
        text = text.replace("\r", "\n")
    return text, "utf-8" if encoding == "utf-8-sig" else encoding


@dataclass
class CardKinds:
    """The cards of a file that are no person, for the report: each contact group (its name,
    how many of the file's contacts are in it), each organisation imported as a customer,
    each place left out; and (group, number as written) of each member a group names by
    phone that no contact of the file has, for the importer to find in the book. And the
    cards without a name: (its number in the file, the name it takes) of each named by what
    else it holds (_named_by), the number of each left out (nothing to name it by), and how
    many hold nothing at all (skipped)."""

    groups: list[tuple[str, int]] = field(default_factory=list)
    by_phone: list[tuple[str, str]] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    unnamed: list[tuple[int, str]] = field(default_factory=list)
    nameless: list[int] = field(default_factory=list)
    empty: int = 0
    # the lines of the contacts whose address (the first) is a work one: the customer's
    # address all the same, the import's note saying so (_work_address_first)
    work_addresses: list[int] = field(default_factory=list)


# The properties holding a file (a photo, a logo, a sound, a key), which no customer field
# reads: their values are dropped before vobject reads the card, whose joining of a folded
# line copies all of it at each of its lines (a 1 MB photo: 9 s, 2 MB: 33 s, 10 MB: hours).
_BINARY = re.compile(r"(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)


def without_binary_values(text: str) -> str:
    """The cards' text with the value of each PHOTO, LOGO, SOUND and KEY line (and its folded
    lines) taken out, line for line: a folded line becomes a blank one, so every other line
    keeps its number (vobject skips blank lines). The property itself stays, named among
    those not imported."""
    if not _BINARY.search(text):
        return text
    lines = text.split("\n")
    inside = False  # in the folded lines of a binary value
    soft_break = False  # the line before ended in a quoted-printable soft break (=)
    for number, line in enumerate(lines):
        if inside and line[:1] in (" ", "\t"):
            lines[number] = ""
            continue
        # a line after a soft break goes on with the value before ("…spare =" then "key:
        # under the mat"): never the start of a property
        inside = not soft_break and _BINARY.match(line) is not None
        soft_break = line.rstrip("\r").endswith("=")
        if inside:
            head, colon, _ = split_head(line)
            lines[number] = head + colon + ("\r" if line.endswith("\r") else "")
    return "\n".join(lines)


def iter_contacts(
    text: str, left_out: dict[str, None], refused: list[RowError], kinds: CardKinds
) -> Iterator[Row]:
    """(line of the card's BEGIN:VCARD, its cells under HEADER), one card at a time; the
    name of each property no cell reads (PHOTO, X-ANDROID-CUSTOM …) added to `left_out`,
    and a RowError in `refused` for each card that cannot be read and each line outside
    every card. A contact group (Apple's X-ADDRESSBOOKSERVER-KIND:group, 4.0's KIND:group)
    is no customer: its name is a tag of each of its members in the file (named by UID,
    email or phone); a place (KIND:location) is none either. Both are in `kinds`, with the
    organisations and the members named by a phone no contact of the file has."""
    import vobject  # loaded for contacts only: every import reaches this module (~0.1 s)

    groups = _group_cards(vobject, text)
    in_groups: dict[str, list[int]] = {}  # a member's key -> the begin lines of its groups
    for begin, (_, members) in groups.items():
        for key, _ in members:
            in_groups.setdefault(key, []).append(begin)
    by_phone = any(key.startswith(_TEL) for key in in_groups)
    seen: set[str] = set()  # the keys of the file's contacts, when a group names a phone
    found: dict[int, int] = dict.fromkeys(groups, 0)  # members found, by group
    for number, (begin, card_text) in enumerate(_split_cards(text, refused), 1):
        if begin in groups:
            continue
        try:
            card = _read_card(vobject, card_text)
        except _unreadable(vobject) as exc:
            readable = _readable_heads(vobject, card_text)  # the line to name is another one
            refused.append(_refused_card(vobject, begin, readable, exc))
            continue
        kind = _kind(card)
        if kind == "location":
            kinds.places.append(_name(card))
            continue
        _uncut_numbers(vobject, card, card_text)
        _labels_as_items(vobject, card, card_text)
        _commas_kept(vobject, card, card_text)
        _colons_unescaped(vobject, card, card_text)
        android = _android_rows(vobject, card_text)
        left_out.update(dict.fromkeys(unread_properties(card, android)))
        keys = _member_keys(card, by_phone)
        if by_phone:
            seen.update(keys)
        its_groups = dict.fromkeys(at for key in keys for at in in_groups.get(key, ()))
        for at in its_groups:
            found[at] += 1
        cells = contact_cells(card, android, [groups[at][0] for at in its_groups])
        if not _name(card):  # a phone book's junk, or a number saved without a name
            if cells[0]:
                kinds.unnamed.append((number, cells[0]))
            elif any(cells):
                kinds.nameless.append(number)
                continue
            else:
                kinds.empty += 1
                continue
        if kind == "org":
            kinds.organisations.append(cells[0])
        if _work_address_first(card):
            kinds.work_addresses.append(begin)
        yield begin, cells
    kinds.groups = [(name, found[at]) for at, (name, _) in groups.items()]
    kinds.by_phone = [
        (name, _written_number(uri))
        for name, members in groups.values()
        for key, uri in members
        if key.startswith(_TEL) and key not in seen
    ]


# A line giving a card's kind (4.0's KIND, Apple's X-ADDRESSBOOKSERVER-KIND for its groups)
_KIND_LINE = re.compile(
    r"^[ \t]*(?:[\w-]+\.)?(?:X-ADDRESSBOOKSERVER-)?KIND[ \t]*[;:]", re.IGNORECASE | re.MULTILINE
)
_UUID_SCHEME = re.compile(r"^urn:uuid:", re.IGNORECASE)


# A group card: its name, and (key: _member_key, MEMBER as written) of each of its members
Group = tuple[str, list[tuple[str, str]]]


def _group_cards(vobject: Any, text: str) -> dict[int, Group]:
    """(name, its members) of each group card that reads, by the line of
    its BEGIN:VCARD; read before the people, as a group may come before or after them. A
    group card that cannot be read is refused as any card is, with the people."""
    if not _KIND_LINE.search(text):  # nearly every file
        return {}
    groups: dict[int, Group] = {}
    for begin, card_text in _split_cards(text, []):
        if not _KIND_LINE.search(card_text):
            continue
        try:
            card = vobject.readOne(card_text, allowQP=True)
        except _unreadable(vobject):
            continue
        if _kind(card) == "group":
            lines = _lines(card, "member") + _lines(card, "x-addressbookserver-member")
            uris = [str(line.value) for line in lines]
            groups[begin] = (_name(card), [(_member_key(uri), uri) for uri in uris])
    return groups


def _kind(card: Any) -> str:
    """What the card is (individual, group, org, location), casefolded; "" if it does not say."""
    for name in ("kind", "x-addressbookserver-kind"):
        for line in _lines(card, name):
            return str(line.value).strip().casefold()
    return ""


_TEL = "tel:"


def _member_key(uri: str) -> str:
    """A group member as the card it names is known (_member_keys): urn:uuid:… (or a UID as
    it is) by its UID, mailto:… by its email; a UUID in any case; tel:… by its number as
    the importer matches customers by it (+8613800138000), then the number as written."""
    uri = uri.strip()
    if uri[:7].casefold() == "mailto:":
        return "email:" + uri[7:].strip().casefold()
    if uri[:4].casefold() == _TEL:
        return _phone_key(uri[4:])
    return "uid:" + _UUID_SCHEME.sub("", uri).strip().casefold()


def _written_number(uri: str) -> str:
    """The number of a tel: URI as written, up to its ;ext= or other parameters."""
    return re.split(r"[;,]", re.sub(r"^\s*tel:", "", uri, flags=re.IGNORECASE))[0].strip()


def _phone_key(number: str) -> str:
    """tel:+8613800138000: a number in the one form the importer matches customers by (one
    that is no phone number as written)."""
    from xiaoben.models.values import normalise_phone  # pydantic: not for a workbook

    written = _written_number(number)
    try:
        known = normalise_phone(written)
    except ValueError:
        known = written
    return _TEL + known


def _member_keys(card: Any, by_phone: bool = False) -> list[str]:
    """The keys a group's MEMBER may name this card by: its UID, each of its emails, and
    when a group names a phone (`by_phone`) each of its own phones (_phones)."""
    keys = [_member_key(uid) for uid in _values(card, "uid")]
    keys += [_member_key("mailto:" + email) for email in _values(card, "email")]
    return keys + [_phone_key(number) for number in _phones(card)] if by_phone else keys


def _read_card(vobject: Any, card_text: str) -> Any:
    """The card as vobject reads it; if a line's parameters are what it cannot read (a label
    of the seller's own: TEL;X-老公, Samsung's X-CUSTOM(…)), read without those parameters
    (_readable_heads): the label is read from the card's own text (_labels_as_items)."""
    try:
        return vobject.readOne(card_text, allowQP=True)
    except _unreadable(vobject):
        readable = _readable_heads(vobject, card_text)
        if readable == card_text:
            raise
    return vobject.readOne(readable, allowQP=True)


def _readable_heads(vobject: Any, card_text: str) -> str:
    """The card's text with each parameter vobject cannot read left out of its line (only a
    line vobject cannot read, its name and parameters on one line of the file): the lines,
    their values and their count as they were."""
    lines = card_text.split("\n")
    for text, at in _logical_lines(vobject, card_text):
        head, colon, _ = split_head(text)
        if not colon or not lines[at - 1].startswith(head + ":"):
            continue
        try:
            vobject.base.textLineToContentLine(text, at)
        except _unreadable(vobject):
            name, *params = split_outside(head, ";")
            kept = [param for param in params if _reads(vobject, f"X;{param}:")]
            lines[at - 1] = ";".join([name, *kept]) + lines[at - 1][len(head) :]
    return "\n".join(lines)


def _reads(vobject: Any, text: str) -> bool:
    try:
        vobject.base.textLineToContentLine(text)
    except _unreadable(vobject):
        return False
    return True


def _unreadable(vobject: Any) -> tuple[type[Exception], ...]:
    """What vobject raises for a card it cannot read: its ParseError, a text not in the
    card's CHARSET or of an unknown one (UnicodeDecodeError, LookupError), base64 that is
    not (binascii.Error) and the like (ValueError)."""
    return (vobject.base.VObjectError, ValueError, LookupError)


# A line that opens or closes a card: BEGIN:VCARD, END:VCARD (any case, spaces around).
_BEGIN = re.compile(r"\s*BEGIN\s*:\s*VCARD\s*", re.IGNORECASE)
_END = re.compile(r"\s*END\s*:\s*VCARD\s*", re.IGNORECASE)


def _split_cards(text: str, refused: list[RowError]) -> Iterator[tuple[int, str]]:
    """(line of its BEGIN:VCARD, its text) of each card, a card inside a card (a 2.1
    AGENT) part of its own; a RowError in `refused` for each line with text outside every
    card, and for a card without its END:VCARD (cut by the next card or the file's end).
    Lines are counted as vobject counts them (by \n)."""
    lines = text.split("\n")
    depth, begin, cards = 0, 0, 0  # (cards: the file's cards begun, the 1st, 2nd …)
    for number, line in enumerate(lines, 1):
        if _BEGIN.fullmatch(line):
            if depth and not _property(lines[number - 2]).startswith("AGENT"):
                # not the file cut short: the next card begins where this one should end
                cut = Words("import.vcard_no_end_before", card=cards, line=number)
                refused.append(_unended(lines[begin - 1 : number - 1], begin, cut))
                depth = 0
            if depth == 0:
                begin = number
                cards += 1
            depth += 1
        elif depth and _END.fullmatch(line):
            depth -= 1
            if depth == 0:
                yield begin, "\n".join(lines[begin - 1 : number])
        elif depth == 0 and line.strip() and line.strip() != "\ufeff":
            refused.append(
                RowError(number, Words("import.vcard_file"), "", Words("import.vcard_outside"))
            )
    if depth:
        refused.append(_unended(lines[begin - 1 :], begin))


def _unended(lines: list[str], begin: int, rule: Words | None = None) -> RowError:
    """A card without its END:VCARD: the file ends in it (vcard_no_end), or `rule`."""
    card_text = "\n".join(lines)
    why = rule or Words("import.vcard_no_end")
    return _card_error(begin, _readable_name(card_text), why, card_text)


def _refused_card(vobject: Any, begin: int, card_text: str, exc: Exception) -> RowError:
    """The card's error: at the line that cannot be read (a quoted-printable escape cut at
    a line break, bytes not in the card's CHARSET, a line that is no NAME:value), named by
    its property, else at the card's BEGIN line."""
    name = _readable_name(card_text)
    for line, at in _logical_lines(vobject, card_text):
        try:
            vobject.base.textLineToContentLine(line, at)
        except _unreadable(vobject) as line_exc:
            prop, rule = _property(line), _rule(line, line_exc)
            field = _PROPERTY_FIELDS.get(prop)
            message = (
                cell_message(field, rule) if field else field_words(prop, rule) if prop else rule
            )
            return _card_error(begin + at - 1, name, message, card_text)
    return _card_error(begin, name, _rule("", exc), card_text)


def _logical_lines(vobject: Any, card_text: str) -> list[tuple[str, int]]:
    """The card's lines as vobject reads them (folds and soft breaks joined), with the
    number of each one's first line in the card (1 for BEGIN:VCARD)."""
    try:
        found = list(vobject.base.getLogicalLines(io.StringIO(card_text), allowQP=True))
    except _unreadable(vobject):  # no line to name: the card's BEGIN line is named
        return []
    return [(line, at or 1) for line, at in found]


def _property(line: str) -> str:
    """The name of a card's line (ADR of item1.ADR;HOME:…), "" if it has none (no colon)."""
    head, colon, _ = line.partition(":")
    return head.split(";")[0].split(".")[-1].strip().upper() if colon else ""


# The customer field a property is read into, to name a line that cannot be read.
_PROPERTY_FIELDS = {
    "FN": "name",
    "N": "name",
    "TEL": "phones",
    "EMAIL": "email",
    "BDAY": "birthday",
    "NOTE": "notes",
    "ORG": "employer",
    "ADR": "address",
    "CATEGORIES": "tags",
}


def _rule(line: str, exc: Exception) -> Words:
    """Why a card's line (or the card) cannot be read, in the seller's language."""
    if isinstance(exc, UnicodeDecodeError):
        if "QUOTED-PRINTABLE" in line.upper() and _BROKEN_QP.search(_qp_value(line)):
            return Words("import.vcard_qp")
        return Words("import.vcard_charset", charset=exc.encoding.upper())
    if isinstance(exc, LookupError):
        charset = re.search(r"CHARSET=([^;:]*)", line, re.IGNORECASE)
        return Words("import.vcard_unknown_charset", charset=charset[1] if charset else "?")
    if line:
        return Words("import.vcard_bad_line")
    return Words("import.vcard_unreadable")


# An "=" of quoted-printable not followed by two hex digits (a soft break is "=" at a line's end).
_BROKEN_QP = re.compile(r"=(?![0-9A-Fa-f]{2}|\n|$)")


def _qp_value(line: str) -> str:
    return line.partition(":")[2]


def _readable_name(card_text: str) -> str:
    """The card's FN (else its N, run together), if that line can be read; "" if not."""
    import vobject

    names: dict[str, str] = {}
    for line, at in _logical_lines(vobject, card_text):
        prop = _property(line)
        if prop in ("FN", "N") and prop not in names:
            try:
                value = vobject.base.textLineToContentLine(line, at).value
            except _unreadable(vobject):  # an unreadable name is no name
                continue
            parts = value.split(";") if isinstance(value, str) else [str(value)]
            names[prop] = "".join(part.strip() for part in parts)
    return names.get("FN") or names.get("N") or ""


def _card_error(line: int, name: str, message: Words, card_text: str = "") -> RowError:
    """A card refused whole: named as the seller's phone names it, if it can be read; else
    by what of it can be (the start of its name, its phones), for her to find it."""
    column = Words("import.vcard_named", name=name) if name else _card_seen(card_text)
    return RowError(line, column, "", message)


_PHONES_SHOWN = 2  # a card without a name named by its first phones


def _card_seen(card_text: str) -> Words:
    """A card whose name cannot be read, as the seller can find it in her phone: the start
    of its name that can be read (=E9=BB=8E;=E6=98, cut in the middle of 明: 黎) and its
    phones as written; "contact (vCard)" when there is neither."""
    import vobject

    start, phones = "", []
    for line, at in _logical_lines(vobject, card_text):
        prop = _property(line)
        if prop in ("FN", "N") and not start:
            start = _name_start(line)
        elif prop == "TEL":
            try:
                value = vobject.base.textLineToContentLine(line, at).value
            except _unreadable(vobject):
                continue
            if isinstance(value, str) and value.strip():
                phones.append(value.strip())
    shown = Listed(phones[:_PHONES_SHOWN])
    if start and phones:
        return Words("import.vcard_card_start_phones", start=start, phones=shown)
    if start:
        return Words("import.vcard_card_start", start=start)
    if phones:
        return Words("import.vcard_card_phones", phones=shown)
    return Words("import.vcard_card")


def _name_start(line: str) -> str:
    """What a quoted-printable name line holds before the first escape or character that
    cannot be read: its parts run together, as _readable_name gives a name ("" if none)."""
    head, _, value = line.partition(":")
    if "QUOTED-PRINTABLE" not in head.upper():
        return ""
    broken = _BROKEN_QP.search(value)
    value = value[: broken.start()] if broken else value
    charset = re.search(r"CHARSET=([^;:]*)", head, re.IGNORECASE)
    try:
        text = quopri.decodestring(value.encode("ascii", "replace")).decode(
            charset[1] if charset else "utf-8", "replace"
        )
    except LookupError:  # a charset nobody knows: nothing of it can be read
        return ""
    readable = text.split("\ufffd")[0]
    return "".join(part.strip() for part in readable.split(";"))


def unread_properties(card: Any, android: Sequence[AndroidRow] = ()) -> list[str]:
    """The names of a card's properties that no cell reads (READ_PROPERTIES; Android's own
    fields when every one of the card's is of a kind read: `android`), as written."""
    read = {"X-ANDROID-CUSTOM"} if android and all(kind for kind, _ in android) else set()
    if _gender(card):  # another one (O, N, U: no field holds it) is named as not read
        read.add("GENDER")
    names = (str(child.name).upper() for child in card.getChildren())
    return [name for name in dict.fromkeys(names) if name not in READ_PROPERTIES | read]


def contact_cells(
    card: Any, android: Sequence[AndroidRow] = (), groups: Sequence[str] = ()
) -> list[str]:
    """One card's cells, in HEADER's order; `android`: its X-ANDROID-CUSTOM rows
    (_android_rows, read from the card's own text); `groups`: the names of the contact
    groups it is in, tags after its own."""
    phones = _phones(card)
    emails = _values(card, "email")
    wechats = _wechats(card)
    wechat, other_wechats = _wechat_id(wechats)
    birthday = _birthday(card)
    notes = [note for note in _values(card, "note") if note]
    notes, lunar = _ours_out(notes, wechat)
    android_birthday, android_notes = _android_notes(android)
    birthday = birthday or lunar
    if android_birthday and birthday and android_birthday != birthday:  # kept beside the card's
        # (not as 生日：…, which is how our own export writes a lunar birthday)
        android_notes.insert(0, (notes_label("vcard.other_birthday"), android_birthday))
    birthday = birthday or android_birthday
    addresses = _addresses(card)
    notes += [f"{label}：{email}" for label, email in _other_emails(card)]
    notes += [f"{label}：{number}" for label, number in _extended_numbers(card)]
    notes += [f"{label}：{number}" for label, number in _labelled_numbers(card)]
    notes += [f"{label}：{address}" for label, address in addresses[1:]]
    notes += [f"{label}：{text}" for label, text in android_notes]
    notes += [f"{label}：{text}" for label, text in _apple_notes(card)]
    notes += other_wechats
    notes += [f"{label}：{value}" for label, value in _described(card, android)]
    name = _name(card) or _named_by(card, android, phones, emails, wechat)
    return [
        name,
        ";".join(phones),
        emails[0] if emails else "",
        birthday,
        "\n".join(notes),
        _employer(card),
        addresses[0][1] if addresses else "",
        _tags_cell(list(dict.fromkeys(_tags(card) + [group for group in groups if group]))),
        wechat,
        _gender(card),
    ]


def _named_by(
    card: Any, android: Sequence[AndroidRow], phones: list[str], emails: list[str], wechat: str
) -> str:
    """The name of a contact without one, as the seller will know it: its company, else its
    nickname, else its number (as her phone shows such a contact; a labelled one too), else
    its e-mail's local part (shop of shop@example.com), else its WeChat ID; "" if it has
    none of them."""
    nicknames = _values(card, "nickname")
    nicknames += [fields[0] for kind, fields in android if kind == "nickname" and fields[0]]
    numbers = phones or [number for line in _lines(card, "tel") if (number := _number(line))]
    local = emails[0].partition("@")[0].strip() if emails else ""
    found = [_employer(card), *nicknames[:1], *numbers[:1], local or "".join(emails[:1]), wechat]
    return next((each for each in found if each), "")


def _wechat_id(wechats: list[str]) -> tuple[str, list[str]]:
    """The card's WeChat ID, the first of its handles that is one (an iPhone's IMPP of a
    nickname, wu_wx, before an X-SOCIALPROFILE's wuwechat88: the second is the ID), else
    its first handle (refused as an ID by the row's reading, kept in the notes as 微信（非
    微信号）); and the notes lines of the others: 另一个微信号：… for an ID, 微信（非微信号）：…
    for a handle that is none."""
    if len(wechats) < 2:
        return (wechats[0] if wechats else ""), []
    from xiaoben.models.values import normalise_wechat, other_wechat_line  # pydantic

    def is_id(handle: str) -> bool:
        try:
            normalise_wechat(handle)
        except ValueError:
            return False
        return True

    ids = [handle for handle in wechats if is_id(handle)]
    wechat = ids[0] if ids else wechats[0]
    lines = [
        other_wechat_line(other) if other in ids else t("import.wechat_not_id", "zh", text=other)
        for other in wechats
        if other != wechat
    ]
    return wechat, lines


def _wechats(card: Any) -> list[str]:
    """The card's WeChat IDs, each once, in the card's order: an IMPP line whose service
    (X-SERVICE-TYPE, or the item's own label) is WeChat, 微信 or weixin in any case (as an
    iPhone set to Chinese writes it, and our export), or whose address is weixin:/wechat:;
    an X-SOCIALPROFILE of TYPE=wechat (its X-USER, else its address); an X-WECHAT line."""
    found: list[str] = []
    for service, address in _handles(card):
        known = address.casefold() in (each.casefold() for each in found)
        if service.casefold() in _WECHAT_NAMES and address and not known:
            found.append(address)
    return found


def _handles(card: Any) -> list[tuple[str, str]]:
    """(service, address) of each IMPP, X-WECHAT and X-SOCIALPROFILE line: the service as
    the card names it ("" if it does not), the address without its URI scheme."""
    labels = _own_labels(card)
    handles: list[tuple[str, str]] = []
    for line in _lines(card, "impp"):
        scheme, address = _split_uri(str(line.value).strip())
        services = [str(kind) for kind in line.params.get("X-SERVICE-TYPE", []) if str(kind)]
        if scheme.casefold() in _WECHAT_NAMES:
            service = scheme
        else:
            service = (services or [labels.get(line.group, "")])[0] or _uri_service(scheme)
        handles.append((service.strip(), address))
    for name in ("x-wechat", "x-weixin"):  # as some contacts apps write the ID
        handles += [("WeChat", _split_uri(value)[1]) for value in _values(card, name)]
    for line in _lines(card, "x-socialprofile"):
        _, address = _split_uri(str(line.value).strip())
        users = [str(user).strip() for user in line.params.get("X-USER", []) if str(user).strip()]
        kinds = [str(kind) for kind in line.params.get("TYPE", []) if str(kind)]
        handles.append(((kinds or [""])[0].strip(), users[0] if users else address))
    return handles


def _split_uri(value: str) -> tuple[str, str]:
    """(scheme, the rest) of an IMPP's URI: x-apple:zhou_yi01 -> (x-apple, zhou_yi01); a
    web address (https://…) or a value without a scheme is kept whole."""
    scheme, colon, rest = value.partition(":")
    if not colon or rest.startswith("//") or not re.fullmatch(r"[A-Za-z][\w+.-]*", scheme):
        return "", value
    return scheme, rest.strip()


def _uri_service(scheme: str) -> str:
    """The service an IMPP's scheme names (qq, skype, xmpp); "" for Apple's x-apple, which
    names none."""
    return "" if scheme.casefold() in ("", "x-apple") else scheme


def _other_emails(card: Any) -> list[tuple[str, str]]:
    """(label, email) of each email after the first, each once (in any case): under the
    item's own label (item2.X-ABLabel:店铺), else 邮箱."""
    labels = _own_labels(card)
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    for line in _lines(card, "email"):
        email = str(line.value).strip()
        if not email or email.casefold() in seen:
            continue
        if seen:
            found.append((labels.get(line.group) or notes_label("field.email"), email))
        seen.add(email.casefold())
    return found


# A card's items kept in the notes under a label of their own: the catalogue's label of each
_DESCRIBED = {"nickname": "field.nickname", "title": "vcard.title", "url": "vcard.url"}


def _described(card: Any, android: Sequence[AndroidRow] = ()) -> list[tuple[str, str]]:
    """(label, text) of what a card says of the customer that has no field of its own,
    for the notes: the nickname, job title and web address under the seller's own label of
    the item (item3.X-ABLabel:店铺), else the catalogue's; each IM or social handle but
    WeChat under its service as the card names it (QQ), else the catalogue's."""
    labels = _own_labels(card)
    described: list[tuple[str, str]] = []
    for name, label in _DESCRIBED.items():
        for line in _lines(card, name):
            value = str(line.value).strip()
            if value:
                described.append((labels.get(line.group) or notes_label(label), value))
    for kind, fields in android:  # Android's own nickname field
        if kind == "nickname" and fields[0]:
            described.append((notes_label("field.nickname"), fields[0]))
    for service, address in _handles(card):
        if address and service.casefold() not in _WECHAT_NAMES:
            described.append((service or notes_label("vcard.im"), address))
    return list(dict.fromkeys(described))


# Android's own fields, as its Contacts app writes them into a 2.1 card:
# X-ANDROID-CUSTOM:vnd.android.cursor.item/<kind>;<data1>;<data2>;<data3>;… — a nickname
# (its text), a relation (a person's name, their type, a label of the seller's own for type
# 0) and a date (the day, its type: 1 anniversary, 2 other, 3 birthday, 0 the seller's label).
_ANDROID_KINDS = frozenset({"nickname", "relation", "contact_event"})
_ANDROID_ITEM = "vnd.android.cursor.item/"
AndroidRow = tuple[str, list[str]]  # (kind, or "" for one not read; data1-data3)
_ESCAPED = re.compile(r"\\(.)")


def _android_rows(vobject: Any, card_text: str) -> list[AndroidRow]:
    """Each X-ANDROID-CUSTOM line of the card, read from its own text: vobject hands over
    the value with its escapes undone and its quoted-printable decoded, where a ; inside a
    field (Li\\;Si, =3B) can no longer be told from the fields' separators."""
    rows: list[AndroidRow] = []
    for line, _ in _logical_lines(vobject, card_text):
        if _property(line) == "X-ANDROID-CUSTOM":
            rows.append(_android_row(line))
    return rows


def _android_row(line: str) -> AndroidRow:
    head, _, value = split_head(line)
    settings = line_settings(head)
    quoted = quoted_printable(settings)
    fields: list[str] = []
    for part in _split_fields(value):
        if quoted:  # a ; of the data is =3B there: decoded after the split, no escapes
            try:
                part = unquoted(part, settings)
            except (UnicodeError, LookupError, ValueError):  # a line vobject let through
                return "", []
        else:
            part = _ESCAPED.sub(_unescaped, part)
        fields.append(part.strip())
    kind = fields[0].removeprefix(_ANDROID_ITEM) if fields[0].startswith(_ANDROID_ITEM) else ""
    if kind not in _ANDROID_KINDS:
        return "", []
    return kind, [*fields[1:], "", "", ""][:3]


def _split_fields(value: str) -> list[str]:
    """The value's fields between its ; separators, each escape (\\; \\\\ \\n) kept as written."""
    fields, current, escaped = [], [], False
    for char in value:
        if escaped:
            current += ["\\", char]
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current) + ("\\" if escaped else ""))
    return fields


def _unescaped(match: re.Match[str]) -> str:
    return "\n" if match[1] in "nN" else match[1]


def _android_notes(android: Sequence[AndroidRow]) -> tuple[str, list[tuple[str, str]]]:
    """(a birthday Android keeps as a date of its own — the first that reads as one — and
    (label, text) of each relation and other date, for the notes): 配偶：张伟, 纪念日：…"""
    birthday = ""
    notes: list[tuple[str, str]] = []
    for kind, fields in android:
        if kind in ("", "nickname") or not fields[0]:
            continue
        text, kind_number, own_label = fields
        number = int(kind_number) if kind_number.isascii() and kind_number.isdigit() else -1
        if kind == "relation":
            label = own_label if number in (-1, 0) and own_label else ""
            if not label and 1 <= number <= 14:  # 11: who referred the customer, the field's word
                label = notes_label(
                    "field.referred_by" if number == 11 else f"vcard.relation_{number}"
                )
            notes.append((label or notes_label("vcard.relation"), text))
        elif number == 3:
            day = _day(text)
            if not birthday and _BDAY.fullmatch(text):
                birthday = day
            elif day != birthday:
                notes.append((notes_label("vcard.other_birthday"), day))
        else:
            words = {1: notes_label("vcard.anniversary"), 0: own_label}
            notes.append((words.get(number) or notes_label("vcard.event"), _day(text)))
    return birthday, list(dict.fromkeys(notes))


# Apple's built-in labels (_$!<Spouse>!$_) of a related name, as Android numbers its relations
_APPLE_RELATIONS = {
    "assistant": 1, "brother": 2, "child": 3, "father": 5, "friend": 6, "manager": 7,
    "mother": 8, "parent": 9, "partner": 10, "sister": 13, "spouse": 14,
}  # fmt: skip
# The labels a seller gives a related name to say who referred the customer (casefolded).
_REFERRER_LABELS = frozenset({"referred by", "referredby", "referrer", "推荐人"})


def _apple_notes(card: Any) -> list[tuple[str, str]]:
    """(label, text) for the notes of each date (X-ABDATE, 4.0's ANNIVERSARY) and related
    name (X-ABRELATEDNAMES) of a card, worded as Android's (_android_notes): 纪念日：2015-06-01,
    配偶：张伟, the seller's own label as written (介绍人：王姐); a referrer as 推荐人."""
    labels = _item_labels(card)
    notes: list[tuple[str, str]] = []
    for line in _lines(card, "x-abdate"):
        text = _day(str(line.value).strip(), "X-APPLE-OMIT-YEAR" in line.params)
        label = labels.get(line.group, "")
        apple = _APPLE_WORD.fullmatch(label)
        if apple:
            anniversary = apple[1].casefold() == "anniversary"
            label = notes_label("vcard.anniversary" if anniversary else "vcard.event")
        if text:
            notes.append((label or notes_label("vcard.event"), text))
    for line in _lines(card, "anniversary"):
        text = _day(str(line.value).strip())
        if text:
            notes.append((notes_label("vcard.anniversary"), text))
    for line in _lines(card, "x-abrelatednames"):
        text = str(line.value).strip()
        if text:
            notes.append((_relation_label(labels.get(line.group, "")), text))
    return list(dict.fromkeys(notes))


_APPLE_WORD = re.compile(r"_\$!<(.*)>!\$_")


def _relation_label(label: str) -> str:
    """A related name's label in the seller's words: Apple's built-in ones from the
    catalogue (an unknown one as Apple writes it: Husband), a referrer as the field's word,
    the seller's own as written."""
    apple = _APPLE_WORD.fullmatch(label)
    word = apple[1].strip() if apple else label.strip()
    if word.casefold() in _REFERRER_LABELS:
        return notes_label("field.referred_by")
    if apple:
        number = _APPLE_RELATIONS.get(word.casefold())
        if number:
            return notes_label(f"vcard.relation_{number}")
        return word if word and word.casefold() != "other" else notes_label("vcard.relation")
    return word or notes_label("vcard.relation")


def _item_labels(card: Any) -> dict[str, str]:
    """Every label of a card's items by item group, Apple's built-in ones included."""
    return {
        str(line.group): str(line.value).strip()
        for line in _lines(card, "x-ablabel")
        if line.group and str(line.value).strip()
    }


def _gender(card: Any) -> str:
    """4.0's GENDER (F, M;…) as the gender field reads it; "" for any other sex."""
    for line in _lines(card, "gender"):
        sex = str(line.value).split(";")[0].strip().upper()
        return _GENDERS.get(sex, "")
    return ""


def _ours_out(notes: list[str], wechat: str) -> tuple[list[str], str]:
    """(the notes without the lines xiaoben's own export adds, a lunar birthday one of
    them gives): its WeChat line (the ID is on its IMPP line) and a 生日：农历八月十五 line
    (no BDAY holds a lunar date), so an exported card reads back as it was."""
    wechat_lines = (
        {f"{t('field.wechat', lang)}：{wechat}" for lang in ("zh", "en")} if wechat else set()
    )
    birthday_heads = tuple(f"{t('field.birthday', lang)}：" for lang in ("zh", "en"))
    kept: list[str] = []
    lunar = ""
    for note in notes:
        lines = []
        for line in note.split("\n"):
            if line in wechat_lines:
                continue
            if line.startswith(birthday_heads) and not lunar:
                lunar = line.split("：", 1)[1]
                continue
            lines.append(line)
        if any(lines):
            kept.append("\n".join(lines))
    return kept, lunar


def notes_label(key: str) -> str:
    """The label (from the catalogue) of a notes line keeping what a card holds beside the
    fields, in Chinese whatever the app's language, as the notes' other import lines: the
    same card writes the same lines in either, and a re-import in the other finds them
    (models.values.notes_line_key reads a line a book from before holds in English)."""
    return t(key, "zh")


def _lines(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, ()))


def _values(card: Any, name: str) -> list[str]:
    return [str(line.value).strip() for line in _lines(card, name) if str(line.value).strip()]


def _parts(value: object) -> list[str]:
    """The pieces of a structured value (N, ADR fields, ORG) as stripped texts."""
    if isinstance(value, list | tuple):
        return [str(part).strip() for part in value if str(part).strip()]
    text = str(value or "").strip()
    return [text] if text else []


def _joined(parts: list[str]) -> str:
    """Chinese names and addresses run together (王芳); others are spaced (Fang Wang)."""
    return ("" if any(CJK.search(part) for part in parts) else " ").join(parts)


def _name(card: Any) -> str:
    """The contact's name as a phone shows it: FN as written, unless it is only N's words in
    another order (Outlook's "Smith, John", 娜娜 欧阳), then N's: a Chinese name run together,
    family first (欧阳娜娜), another given name first (John Smith)."""
    full = _values(card, "fn")
    for line in _lines(card, "n"):
        name = line.value
        family, given = _parts(getattr(name, "family", "")), _parts(getattr(name, "given", ""))
        middle = _parts(getattr(name, "additional", ""))
        from_n = name_from_n(family, given, middle)
        in_n = " ".join(family + given + middle)
        if not full or _words(full[0]) == _words(in_n) or _run_together(full[0]) == from_n:
            return from_n
        break
    return full[0] if full else ""


_NAME_APART = re.compile(r"[\s,，、]+")


def _words(name: str) -> list[str]:
    """A name's words, in any order and case: "Smith, John" and "John Smith" are one name."""
    return sorted(word.casefold() for word in _NAME_APART.split(name) if word)


def _run_together(name: str) -> str:
    """A Chinese name without its spaces (欧阳 娜娜), a western one as it is."""
    return _NAME_APART.sub("", name) if CJK.search(name) else name


def _preferred(line: Any) -> bool:
    """PREF as a 2.1 bare word, a 3.0 TYPE=pref, or a 4.0 PREF=1."""
    types = [str(kind).lower() for kind in line.params.get("TYPE", [])]
    words = [str(word).lower() for word in line.singletonparams]
    return "pref" in types or "pref" in words or "PREF" in line.params


def _phones(card: Any) -> list[str]:
    """Every number the seller did not label, the preferred one first (the customer's main
    phone); a labelled one is in the notes (_labelled_numbers)."""
    labels = _own_labels(card)
    lines = sorted(_lines(card, "tel"), key=lambda line: not _preferred(line))
    phones: list[str] = []
    for line in lines:
        number = _number(line)
        if number and number not in phones and line.group not in labels:
            phones.append(number)
    return phones


def _uncut_numbers(vobject: Any, card: Any, card_text: str) -> None:
    """Each TEL of the card as written: vobject cuts a 2.1 number at its comma (Android's
    pause before an extension, 0571-88888888,123); the card's own text has it whole. Only
    when the card's TEL lines are the ones vobject read, one for one, in order."""
    for line, written in _written_tels(vobject, card, card_text):
        text = _unescaped_value(written)
        cut = str(line.value).strip()
        if text is not None and text != cut and text.startswith(cut):
            line.value = text


def _written_tels(vobject: Any, card: Any, card_text: str) -> list[tuple[Any, str]]:
    """(TEL as vobject read it, its line as written) of each number of the card; none when
    the card's TEL lines are not the ones vobject read, one for one (a card inside the card,
    a 2.1 AGENT: vobject's reading as it is)."""
    written = [line for line, _ in _logical_lines(vobject, card_text) if _property(line) == "TEL"]
    lines = _lines(card, "tel")
    return list(zip(lines, written, strict=True)) if len(written) == len(lines) else []


# A TEL line with an X- among its parameters: where a label of the seller's may be
_TEL_X = re.compile(r"^[ \t]*(?:[\w-]+\.)?TEL[ \t]*;[^:\n]*X-", re.IGNORECASE | re.MULTILINE)


def _labels_as_items(vobject: Any, card: Any, card_text: str) -> None:
    """Each number under a label of the seller's own as Android and other phones write it
    (TEL;X-Husband in 2.1, TEL;TYPE=X-Husband in 3.0, Samsung's X-CUSTOM(…,=E8=80=81=E5=85=AC))
    made an item labelled as an iPhone's (item1.TEL with item1.X-ABLabel:老公), so it is read
    as one (_labelled_numbers). The label as written on the card's own line: vobject cuts it
    at a comma and cannot read one of other letters (X-老公). An item's own label stands."""
    if not _TEL_X.search(card_text):
        return  # most cards
    labels = _own_labels(card)
    for number, (line, written) in enumerate(_written_tels(vobject, card, card_text), 1):
        label = own_label(written)
        if label and line.group not in labels:
            line.group = f"tel {number}"  # a group no card names: a space is none of a name's
            card.add("x-ablabel", group=line.group).value = label


# A comma as a card writes it, or quoted-printable (=2C)
_COMMA = re.compile(r",|=2C", re.IGNORECASE)


def _commas_kept(vobject: Any, card: Any, card_text: str) -> None:
    """Each text value of the card whole: vobject keeps a text property's value only up to
    its first unescaped comma (FN:Smith, John read Smith; NOTE:老客户, 爱喝茶 read 老客户), as
    2.1 cards and many apps write commas. Read from the line itself, quoted-printable
    decoded, every escape undone. Only when the card's lines of a property are the ones
    vobject read, in order; TEL keeps its own reading (_uncut_numbers)."""
    if not _COMMA.search(card_text):
        return  # most cards
    from vobject.icalendar import stringToTextValues

    written: dict[str, list[tuple[str, int]]] = {}
    for line, at in _logical_lines(vobject, card_text):
        written.setdefault(_property(line), []).append((line, at))
    for name, lines in card.contents.items():
        texts = written.get(name.upper(), [])
        if name.upper() == "TEL" or len(texts) != len(lines):
            continue
        for line, (text, at) in zip(lines, texts, strict=True):
            if not isinstance(line.value, str) or not _COMMA.search(text.partition(":")[2]):
                continue
            try:
                raw = vobject.base.textLineToContentLine(text, at)
            except _unreadable(vobject):  # vobject read it from the card: as it read it
                continue
            if not isinstance(raw.value, str) or "ENCODING" in raw.params:
                continue  # base64 (a PHOTO): no text; quoted-printable is decoded by now
            whole = ",".join(stringToTextValues(raw.value))
            if whole != line.value and whole.startswith(line.value):
                line.value = whole


# \: as an iPhone or a Mac writes a URL's colons (http\://), or cut by a fold between the two
_ESCAPED_COLON = re.compile(r"\\(?:\r?\n[ \t])?:")


def _colons_unescaped(vobject: Any, card: Any, card_text: str) -> None:
    """Each \\: of the card's values a colon: vobject undoes the escapes \\, \\; \\\\ and \\n
    but leaves \\: as written, so http\\://shop.example.com kept its backslash. Told from
    the line as written: where it holds an escaped backslash (\\\\: is a backslash, then a
    colon) a text value is read from the line itself, a structured one is left as vobject
    reads it. Only when the card's lines of a property are the ones vobject read, in order."""
    if not _ESCAPED_COLON.search(card_text):
        return  # nearly every card
    written: dict[str, list[str]] = {}
    for line, _ in _logical_lines(vobject, card_text):
        written.setdefault(_property(line), []).append(line)
    for name, lines in card.contents.items():
        texts = written.get(name.upper(), [])
        if len(texts) != len(lines):
            continue
        for line, text in zip(lines, texts, strict=True):
            head, _, value = text.partition(":")
            if "\\:" not in value or "QUOTED-PRINTABLE" in head.upper():
                continue
            if "\\\\" not in value:
                line.value = _without_escaped_colons(line.value)
            elif isinstance(line.value, str):
                line.value = _ESCAPED.sub(_unescaped, value)


def _without_escaped_colons(value: Any) -> Any:
    """A value vobject read (a text, a list of texts, an N or ADR of such) with \\: as :."""
    if isinstance(value, str):
        return value.replace("\\:", ":")
    if isinstance(value, list):
        return [_without_escaped_colons(part) for part in value]
    if hasattr(value, "__dict__"):  # vobject's Name, Address: their fields
        for field, part in vars(value).items():
            setattr(value, field, _without_escaped_colons(part))
    return value


def _unescaped_value(line: str) -> str | None:
    """A line's value with its escapes undone; None for a quoted-printable one (vobject's
    decoding of it stands)."""
    head, _, value = line.partition(":")
    if "QUOTED-PRINTABLE" in head.upper():
        return None
    return _ESCAPED.sub(_unescaped, value).strip()


def _written(line: Any) -> str:
    """A TEL's value as the seller wrote it, without a 4.0 URI's tel: scheme."""
    return re.sub(r"^tel:", "", str(line.value).strip(), flags=re.IGNORECASE).strip()


def _number(line: Any) -> str:
    """The number to call: up to a pause (,) or wait (;) before an extension, or a 4.0
    URI's ;ext=, or an extension as people type one (0571-8888 8888 转 123, ext. 123, x123:
    models.values.number_and_extension), as their phone dials the number and leaves them to
    ask for the extension. A shop's relay number with its extension (17012345678转4852,
    17012345678,4852, tel:+86-170-1234-5678;ext=4852: purchase_rows.masked) is kept whole,
    for the importer to keep in the notes: the number before it reaches many buyers, no
    customer's phone."""
    from xiaoben.models.values import number_before_extension  # pydantic: not for a workbook
    from xiaoben.store.importing.purchase_rows import masked

    written = _written(line)
    if masked(written):  # told before the pause or ;ext= is cut off
        return written
    number = re.split(r"[,;]", written)[0].strip()
    if masked(number):
        return number
    return number_before_extension(number) or number


def _extended_numbers(card: Any) -> list[tuple[str, str]]:
    """(label, number as written) of each unlabelled number that has an extension after
    it (0571-88888888,123; 010-65528888;456; +86-21-6666-8888;ext=789): the phone holds
    the number, the notes the whole of it, so no digit is lost."""
    labels = _own_labels(card)
    found: list[tuple[str, str]] = []
    for line in _lines(card, "tel"):
        written, number = _written(line), _number(line)
        extension = written[len(number) :] if number else ""
        if line.group in labels or not re.search(r"\d", extension):
            continue
        label = notes_label("vcard.extension")
        if (label, written) not in found:
            found.append((label, written))
    return found


def _own_labels(card: Any) -> dict[str, str]:
    """The seller's own labels of a card's items (item1.X-ABLabel:老公), by item group;
    Apple's built-in ones (_$!<Mobile>!$_) left out."""
    return {
        str(line.group): str(line.value).strip()
        for line in _lines(card, "x-ablabel")
        if line.group and str(line.value).strip() and not _APPLE_LABEL.fullmatch(str(line.value))
    }


def _labelled_numbers(card: Any) -> list[tuple[str, str]]:
    """(label, number) of each number under the seller's own label (item1.TEL:13600136000
    with item1.X-ABLabel:老公). A label says whose or what the number is (老公, 店铺, 备用):
    often not the customer's own, so it is kept as written in the notes, never a phone
    that would match or claim the customer."""
    labels = _own_labels(card)
    found: list[tuple[str, str]] = []
    for line in _lines(card, "tel"):
        number = _written(line)  # with its extension, if it has one
        if number and line.group in labels and (labels[line.group], number) not in found:
            found.append((labels[line.group], number))
    return found


def _birthday(card: Any) -> str:
    """1990-03-05, or 03-05 without a year; anything else as written, for the importer to refuse."""
    for line in _lines(card, "bday"):
        return _day(str(line.value).strip(), "X-APPLE-OMIT-YEAR" in line.params)
    return ""


def _day(text: str, no_year: bool = False) -> str:
    """A card's date as 1990-03-05, or 03-05 without a year; anything else as written."""
    match = _BDAY.fullmatch(text)
    if not match:
        return text
    year = match["year"]
    if year == _NO_YEAR or no_year:
        year = None
    month_day = f"{match['month']}-{match['day']}"
    return f"{year}-{month_day}" if year else month_day


def _employer(card: Any) -> str:
    for line in _lines(card, "org"):
        parts = _parts(line.value)
        if parts:
            return " ".join(parts)
    return ""


def _addresses(card: Any) -> list[tuple[str, str]]:
    """(label, address) of each address, each once, in the card's order: the first is the
    customer's address (a work one too: ADR;TYPE=WORK, said in the import's note), the others go to
    the notes under the seller's own label of the item (item2.X-ABLabel:仓库), else 单位地址
    for a work one and 其他地址. 浙江杭州人民路1号（邮编 310000） for a Chinese one,
    "1 Main St, Springfield, IL, 62701" else."""
    return [(label, text) for label, text, _ in _addresses_told(card)]


def _work_address_first(card: Any) -> str:
    """The card's address when it is a work one (its first: the customer's address all the
    same, the customer record having no work address; the import's note says it, her notes
    not: they would repeat her address, and a re-import of a file imported before would
    change every such contact), else ""."""
    found = _addresses_told(card)
    return found[0][1] if found and found[0][2] else ""


def _addresses_told(card: Any) -> list[tuple[str, str, bool]]:
    """_addresses, with whether each is a work one."""
    labels = _own_labels(card)
    found: dict[str, tuple[str, bool]] = {}
    for line in _lines(card, "adr"):
        value = line.value
        fields = ("country", "region", "city", "street", "extended", "box")
        parts = [part for name in fields for part in _parts(getattr(value, name, ""))]
        if not parts:
            continue
        if any(CJK.search(part) for part in parts):
            text = chinese_address(parts, "".join(_parts(getattr(value, "code", ""))))
        else:
            western = ("street", "extended", "box", "city", "region", "code", "country")
            text = ", ".join(part for name in western for part in _parts(getattr(value, name, "")))
        work = _work_line(line)
        kind = "vcard.work_address" if work else "vcard.other_address"
        found.setdefault(text, (labels.get(line.group) or notes_label(kind), work))
    return [(label, text, work) for text, (label, work) in found.items()]


def _work_line(line: Any) -> bool:
    """Whether a line's type says work: 3.0/4.0's TYPE=WORK, 2.1's bare WORK."""
    types = [str(kind).lower() for kind in line.params.get("TYPE", [])]
    words = [str(word).lower() for word in line.singletonparams]
    return "work" in types or "work" in words


def chinese_address(parts: Sequence[str], code: str) -> str:
    """A Chinese address from its parts in Chinese order (country, region, city, street …):
    中国 left out, a city that repeats its region once (北京 + 北京市, a municipality a
    phone's address picker writes as both: 北京市, not 北京北京市), then its postcode
    （邮编 310000）, unless the text holds it already."""
    kept: list[str] = []
    for part in parts:
        if not part or part in ("中国", "China"):
            continue
        if kept and kept[-1].removesuffix("市") == part.removesuffix("市"):
            kept[-1] = max(kept[-1], part, key=len)  # 北京 + 北京市: 北京市
            continue
        kept.append(part)
    text = "".join(kept)
    if code and code not in text:
        # in Chinese, as the address is: the same card, the same address in either language
        # the app speaks
        text = t("vcard.postcode", "zh", address=text, code=code)
    return text


# Google Contacts' system groups (People API contactGroups of type SYSTEM_CONTACT_GROUP), as
# its .vcf writes them in CATEGORIES: every contact is in myContacts, a starred one in starred;
# friends, family, coworkers, chatBuddies, all and blocked are its older ones. They are no
# groups of the seller's: no tag. The unmistakable ones in any case, the plain words only as
# Google spells them (a seller's own group 家人 or Family stays a tag).
_GOOGLE_GROUPS = frozenset({"mycontacts", "starred", "chatbuddies"})
_GOOGLE_WORDS = frozenset({"friends", "family", "coworkers", "all", "blocked"})


def _tags(card: Any) -> list[str]:
    """CATEGORIES (a list split on its unescaped commas only: 中秋 礼盒 is one tag, a\\,b
    another), without Google's system groups. An item's label (X-ABLabel) describes that
    item, not the customer: no tag."""
    tags: list[str] = []
    for line in _lines(card, "categories"):
        tags += [tag for tag in _parts(line.value) if not google_system_group(tag)]
    return list(dict.fromkeys(tags))


def _tags_cell(tags: list[str]) -> str:
    """The tags as a customers file's tags cell, which splits on spaces too: each one
    whole (中秋 礼盒 quoted), as the export's tags column writes them."""
    if not tags:
        return ""
    from xiaoben.models.values import join_tags  # pydantic: not for a workbook

    return join_tags(tags)


def google_system_group(group: str) -> bool:
    """Whether a group of a Google export is one of Google's own (myContacts, starred)."""
    return group.casefold() in _GOOGLE_GROUPS or group in _GOOGLE_WORDS
