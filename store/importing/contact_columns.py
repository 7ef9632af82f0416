"""Phone contacts saved as CSV (Google Contacts, Outlook): the name split into given, middle
and family name columns, phones, e-mails, addresses and organizations in numbered columns ->
one name, phones, e-mail, address, employer and notes column, added at the end for the
importer to read, as a vCard's card is read (vcards.py): a number under the seller's own label
(老公), every e-mail and address after the first and a job title go into the notes, labelled.

Only a table whose header is such an export is changed, and only by adding columns (and by
filling an empty Name cell, adding to a Notes cell, and emptying Outlook's "no date"): every
cell of the file stays where it was. No file reading and no SQLite here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from xiaoben.models.i18n import field_key, t
from xiaoben.store.importing.columns import field_of
from xiaoben.store.importing.tables import ImportTable
from xiaoben.store.importing.vcards import chinese_address, google_system_group, notes_label

_GIVEN = frozenset({"given name", "first name"})
_MIDDLE = frozenset({"additional name", "middle name"})
_FAMILY = frozenset({"family name", "last name"})
_PHONE = re.compile(
    r"phone \d+ - value|(?:mobile|home|business|primary|other|car|company main) phone(?: 2)?"
)
_EMAIL = re.compile(r"e-mail \d+ - value|e-mail(?: \d)? address")
_ADDRESS = re.compile(r"address (\d+) - formatted")
_ADDRESS_PARTS = (  # Google's parts of an address, the formatted one's pieces
    "po box", "extended address", "street", "city", "region", "postal code", "country",
)  # fmt: skip
# Outlook's addresses: a group of pieces each (Home Street, Home City …), the home first;
# the pieces in _ADDRESS_PARTS' slots (Street 2 the extended address, Street 3 the po box's)
_OUTLOOK_ADDRESSES = ("home", "other", "business")
_OUTLOOK_PIECES = (
    "street 3", "street 2", "street", "city", "state", "postal code", "country/region",
)  # fmt: skip
# Outlook's columns of the customer's work beside Company, each the label of its notes line
_OUTLOOK_JOB = {"department": "vcard.department", "job title": "vcard.title"}
# Google's older export numbers its organizations (Organization 1 - Name), the newer does not
_ORGANIZATION = re.compile(r"organization(?: \d+ -)? name")
_LABEL = re.compile(r" - (?:type|label)$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_GOOGLE_APART = " ::: "  # Google's separator of several values in one cell
_OUTLOOK_NO_DATE = "0/0/00"  # what Outlook writes in a date column for "no date"
_PRIMARY = "* "  # Google's mark of the primary value's type (* Mobile)
# The kinds of a number, e-mail or address Google and Android name (casefolded); any other
# type is the seller's own label (老公, 店铺) saying whose or what it is.
_KINDS = frozenset(
    {
        "mobile", "cell", "home", "work", "main", "other", "fax", "home fax", "work fax",
        "other fax", "pager", "work mobile", "work pager", "google voice", "iphone", "car",
        "company main", "callback", "isdn", "radio", "telex", "tty/tdd", "mms", "voice",
        "business", "personal", "手机", "移动电话", "住宅", "家庭", "家", "工作", "单位",
        "公司", "主要", "总机", "其他", "传真", "住宅传真", "单位传真", "寻呼机",
    }
)  # fmt: skip

Composed = tuple[str, Callable[[list[str]], str], list[int]]  # (field, its cell, read from)


def with_contact_columns(table: ImportTable) -> ImportTable:
    """The table with a name, phones, e-mail, address, employer and notes column composed
    from a contacts export's parts, each only where the header has parts and no column of
    that field of its own (an own Name or Notes column is filled in place); the table
    itself when it is no contacts export (or is read lazily: a big file)."""
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
    parts = _Parts(keys, fields)
    used = set(parts.read_from)
    unnamed = _unnamed(table, parts, fields, (given, middle, family))
    composed: list[Composed] = []
    if "name" in own:  # Google's own Name column: empty where only the parts are filled
        table = _filled(
            table, fields.index("name"), lambda cells: parts.name(cells, given, middle, family)
        )
        used |= {*given, *middle, *family}
    else:  # (beside a code too: Shopify's customers have a Customer ID and no Name)
        named = [*given, *middle, *family]
        composed.append(("name", lambda cells: parts.name(cells, given, middle, family), named))
    for field in ("phones", "email", "address", "employer", "tags"):
        if parts.columns(field) and field not in own:
            composed.append((field, parts.make(field), parts.columns(field)))
    if "notes" in own:  # what has no field of its own, after the seller's notes
        table = _noted(table, fields.index("notes"), parts.notes)
    elif any(parts.notes(cells) for _, cells in table.rows):
        composed.append(("notes", parts.notes, []))
    if not composed:
        return replace(table, composed_from=frozenset(used), unnamed=unnamed)
    work = tuple(line for line, cells in table.rows if parts.work_address_first(cells))
    if work and "address" not in own:
        table = replace(table, work_addresses=work)
    # Named in English whatever the seller's language (as the export's own columns are, and
    # as the importer knows its fields in both): the header set a mapping is remembered by
    # (import_maps) stays the same when the seller switches language.
    header = [*table.header, *(t(field_key(field), "en") for field, _, _ in composed)]
    rows = [
        (line, [*cells, *(make(cells) for _, make, _ in composed)]) for line, cells in table.rows
    ]
    used |= {at for _, _, columns in composed for at in columns}
    return replace(table, header=header, rows=rows, composed_from=frozenset(used), unnamed=unnamed)


def _unnamed(
    table: ImportTable,
    parts: _Parts,
    fields: list[str | None],
    names: tuple[list[int], list[int], list[int]],
) -> tuple[tuple[int, str], ...]:
    """(line, name taken) of each contact with no name of its own that the import names by
    its company, nickname or number (_Parts.name), said as a card's is; none where a code
    column, not a name, names the rows."""
    own = fields.index("name") if "name" in fields else None
    if own is None and "code" in fields:
        return ()
    found: list[tuple[int, str]] = []
    for line, cells in table.rows:
        if (own is not None and cells[own].strip()) or _name(cells, *names):
            continue
        if named := parts.name(cells, *names):
            found.append((line, named))
    return tuple(found)


class _Parts:
    """Where an export's phones, e-mails, addresses and organizations are (each value
    column with its type column), and what a row's cells make of them."""

    def __init__(self, keys: list[str], fields: list[str | None]) -> None:
        self.keys, self.fields = keys, fields
        phones = _where(keys, lambda key: _PHONE.fullmatch(key) is not None)
        phones.sort(key=lambda at: "mobile" not in keys[at])  # a mobile first: the one to call
        self.phones = [(at, _label_column(keys, at)) for at in phones]
        emails = _where(keys, lambda key: _EMAIL.fullmatch(key) is not None)
        self.emails = [(at, _label_column(keys, at)) for at in emails]
        self.addresses: list[tuple[int | None, int | None, list[int | None]]] = [
            (at, _label_column(keys, at), _address_parts(keys, at))
            for at in _where(keys, lambda key: _ADDRESS.fullmatch(key) is not None)
        ]
        # the addresses that are a work one (Outlook's Business Street …, Google's of type
        # Work), by their place in `addresses`: the customer record has no work address
        self.work: set[int] = set()
        for kind, address in _outlook_addresses(keys):
            if kind == "business":
                self.work.add(len(self.addresses))
            self.addresses.append(address)
        self.nicknames = _where(keys, lambda key: key == "nickname")
        self.groups = _where(keys, lambda key: key in ("group membership", "labels", "categories"))
        self.organizations = [
            (at, *_organization_parts(keys, at))
            for at in _where(keys, lambda key: _ORGANIZATION.fullmatch(key) is not None)
        ]
        # Outlook's Department and Job Title beside its Company (the employer column): kept
        # in the notes as a card's TITLE is
        self.job = [at for at in _slots(keys, list(_OUTLOOK_JOB)) if not self.organizations]

    @property
    def read_from(self) -> list[int]:
        """The type columns and the pieces read through their value columns."""
        labels = [label for _, label in (*self.phones, *self.emails) if label is not None]
        labels += [label for _, label, _ in self.addresses if label is not None]
        labels += [at for _, _, pieces in self.addresses for at in pieces if at is not None]
        labels += [at for _, *more in self.organizations for at in more if at is not None]
        labels += [at for at in self.job if at is not None]
        return [*labels, *self.nicknames]

    def columns(self, field: str) -> list[int]:
        found = {
            "phones": [at for at, _ in self.phones],
            "email": [at for at, _ in self.emails],
            "address": [
                at if at is not None else next(each for each in pieces if each is not None)
                for at, _, pieces in self.addresses
            ],
            "employer": [at for at, _, _ in self.organizations],
            "tags": self.groups,
        }
        return found.get(field, [])

    def make(self, field: str) -> Callable[[list[str]], str]:
        makers: dict[str, Callable[[list[str]], str]] = {
            "phones": lambda cells: ", ".join(self.numbers(cells)),
            "email": lambda cells: next(iter(self.emails_of(cells)), ("", ""))[1],
            "address": lambda cells: next(iter(self.addresses_of(cells)), ("", ""))[1],
            "employer": self.employer,
            "tags": self.tags,
        }
        return makers[field]

    def numbers(self, cells: list[str]) -> list[str]:
        """The row's numbers of no label of the seller's (Mobile, Home: the customer's)."""
        return [
            value
            for at, label in self.phones
            if not _own_label(cells, label)
            for value in _split(cells[at])
        ]

    def labelled_numbers(self, cells: list[str]) -> list[tuple[str, str]]:
        """(label, number) of each number under the seller's own label (老公): whose it is,
        often not the customer's; for the notes, never a phone (as a card's, vcards.py)."""
        return [
            (_own_label(cells, label), value)
            for at, label in self.phones
            if _own_label(cells, label)
            for value in _split(cells[at])
        ]

    def emails_of(self, cells: list[str]) -> list[tuple[str, str]]:
        """(label, e-mail) of each e-mail, each once in any case: the first is the customer's,
        the others go to the notes under the seller's own label, else 邮箱."""
        found: dict[str, tuple[str, str]] = {}
        for at, label in self.emails:
            for value in _split(cells[at]):
                own = _own_label(cells, label)
                found.setdefault(value.casefold(), (own or notes_label("field.email"), value))
        return list(found.values())

    def addresses_of(self, cells: list[str]) -> list[tuple[str, str]]:
        """(label, address) of each address, each once: its formatted text, else its
        pieces; a Chinese one's pieces in Chinese order where they hold all its formatted
        text does (浙江省杭州市文三路1号（邮编 310000）, as a card's: Google formats it in
        Western order, 文三路1号 杭州市 浙江省 310000 中国, and no province or city is read
        from that). The first is the customer's address, the others go to the notes under
        the seller's own label, else 其他地址."""
        return [(label, text) for label, text, _ in self.addresses_told(cells)]

    def addresses_told(self, cells: list[str]) -> list[tuple[str, str, bool]]:
        """addresses_of, with whether each is a work address (Outlook's Business one, Google's
        of type Work): under 单位地址 in the notes, where the seller gave no label of her own.
        The first is the customer's, in the export's order (Outlook's home one first), a
        work one too: her address does not change with this reading."""
        found: dict[str, tuple[str, bool]] = {}
        for place, (at, label, pieces) in enumerate(self.addresses):
            formatted = " ".join(cells[at].split()) if at is not None else ""
            pieced = _address_text(cells, pieces)
            chinese = _CJK.search(pieced) and _holds(cells, pieces, formatted)
            text = pieced if chinese else formatted or pieced
            if text:
                work = place in self.work or _work_label(cells, label)
                kind = "vcard.work_address" if work else "vcard.other_address"
                found.setdefault(text, (_own_label(cells, label) or notes_label(kind), work))
        return [(label, text, work) for text, (label, work) in found.items()]

    def work_address_first(self, cells: list[str]) -> str:
        """The row's address when it is a work one (Outlook's with no home address, Google's
        Work first: the customer's address all the same, said in the import's note, not in
        her notes, which would repeat it), else ""."""
        found = self.addresses_told(cells)
        return found[0][1] if found and found[0][2] else ""

    def tags(self, cells: list[str]) -> str:
        """Google's groups of the contact (* myContacts ::: 客户), Outlook's categories
        (VIP;团购), their system groups left out as a card's are (vcards.py)."""
        groups = [
            value.removeprefix(_PRIMARY).strip()
            for at in self.groups
            for value in _split(cells[at])
            for value in (value.split(";") if self.keys[at] == "categories" else [value])
        ]
        return "、".join(dict.fromkeys(group for group in groups if not google_system_group(group)))

    def employer(self, cells: list[str]) -> str:
        """The first organization's name and department (as a card's ORG is read)."""
        found = self.organizations_of(cells)
        return found[0][0] if found else ""

    def organizations_of(self, cells: list[str]) -> list[tuple[str, str]]:
        """(name and department, job title) of each organization the row names."""
        found: list[tuple[str, str]] = []
        for at, department, title in self.organizations:
            pieces = [
                cells[at].strip(),
                cells[department].strip() if department is not None else "",
            ]
            name = " ".join(piece for piece in pieces if piece)
            job = cells[title].strip() if title is not None else ""
            if name or job:
                found.append((name, job))
        return found

    def name(self, cells: list[str], given: list[int], middle: list[int], family: list[int]) -> str:
        """The contact's name from its parts; without one, as the phone shows it (and as a
        card without one is named, vcards._named_by): its company, else its nickname, else
        its number."""
        own_employer = self.fields.index("employer") if "employer" in self.fields else None
        company = cells[own_employer].strip() if own_employer is not None else self.employer(cells)
        nicknames = [value for at in self.nicknames for value in _split(cells[at])]
        numbers = self.numbers(cells)
        found = [_name(cells, given, middle, family), company, *nicknames[:1], *numbers[:1]]
        return next((each for each in found if each), "")

    def notes(self, cells: list[str]) -> str:
        """What has no field of its own, labelled as a card's is: the e-mails after the
        first (店铺：…), the nickname, the numbers under the seller's labels (老公：…), the
        addresses after the first, the organizations after the first and each job title
        (Outlook's, with its department)."""
        lines = [f"{label}：{email}" for label, email in self.emails_of(cells)[1:]]
        nicknames = [value for at in self.nicknames for value in _split(cells[at])]
        lines += [f"{notes_label('field.nickname')}：{nickname}" for nickname in nicknames]
        lines += [f"{label}：{number}" for label, number in self.labelled_numbers(cells)]
        addresses = self.addresses_of(cells)
        lines += [f"{label}：{address}" for label, address in addresses[1:]]
        organizations = self.organizations_of(cells)
        lines += [
            f"{notes_label('field.employer')}：{name}" for name, _ in organizations[1:] if name
        ]
        lines += [f"{notes_label('vcard.title')}：{job}" for _, job in organizations if job]
        outlook = [cells[at].strip() if at is not None else "" for at in self.job]
        lines += [
            f"{notes_label(key)}：{text}"
            for key, text in zip(_OUTLOOK_JOB.values(), outlook, strict=False)
            if text
        ]
        return "\n".join(dict.fromkeys(lines))


def _label_column(keys: Sequence[str], at: int) -> int | None:
    """The type column of a numbered value column (Phone 1 - Type of Phone 1 - Value)."""
    stem = re.sub(r" - (?:value|formatted|name)$", "", keys[at])
    if stem == keys[at]:
        return None
    for suffix in (" - type", " - label"):
        if f"{stem}{suffix}" in keys:
            return keys.index(f"{stem}{suffix}")
    return None


def _outlook_addresses(
    keys: Sequence[str],
) -> list[tuple[str, tuple[int | None, int | None, list[int | None]]]]:
    """Outlook's addresses (Home Street, Home City, Home State …) by kind (home, other,
    business): no formatted column, its pieces in _ADDRESS_PARTS' slots (None: a piece the
    export lacks)."""
    found: list[tuple[str, tuple[int | None, int | None, list[int | None]]]] = []
    for kind in _OUTLOOK_ADDRESSES:
        pieces = _slots(keys, [f"{kind} {piece}" for piece in _OUTLOOK_PIECES])
        if pieces[2] is not None or pieces[3] is not None:  # a street or a city: an address
            found.append((kind, (None, None, pieces)))
    return found


_WORK_KINDS = frozenset({"work", "business", "工作", "单位", "公司"})


def _work_label(cells: Sequence[str], label: int | None) -> bool:
    """Whether a value's type column says it is a work one (Google's Work)."""
    if label is None:
        return False
    words = [word.strip().removeprefix(_PRIMARY).strip() for word in cells[label].split(":::")]
    return any(word.casefold() in _WORK_KINDS for word in words)


def _address_parts(keys: Sequence[str], at: int) -> list[int | None]:
    """The pieces of a formatted address, each in its slot (None: the export lacks it)."""
    stem = keys[at].removesuffix(" - formatted")
    return _slots(keys, [f"{stem} - {part}" for part in _ADDRESS_PARTS])


def _slots(keys: Sequence[str], names: list[str]) -> list[int | None]:
    """Where each of `names` is among the columns (None: the export has no such column)."""
    return [keys.index(name) if name in keys else None for name in names]


def _organization_parts(keys: Sequence[str], at: int) -> tuple[int | None, int | None]:
    """The department and job title columns of an organization."""
    stem = keys[at].removesuffix("name")  # "organization 1 - " or "organization "
    department, title = (f"{stem}department", f"{stem}title")
    return (
        keys.index(department) if department in keys else None,
        keys.index(title) if title in keys else None,
    )


def _own_label(cells: Sequence[str], label: int | None) -> str:
    """The seller's own label of a value ("" for a kind the export names: * Mobile, Work)."""
    if label is None:
        return ""
    words = [word.strip().removeprefix(_PRIMARY).strip() for word in cells[label].split(":::")]
    own = [word for word in words if word and word.casefold() not in _KINDS]
    return "、".join(own)


def _address_text(cells: Sequence[str], pieces: list[int | None]) -> str:
    """An address from its pieces (Google's order: po box … country; None: no such piece):
    浙江杭州文三路1号（邮编 310000） for a Chinese one (country, region, city, street, as a
    card's: vcards.chinese_address), "1 Main St, Springfield" else."""
    texts = [" ".join(cells[at].split()) if at is not None else "" for at in pieces]
    if any(_CJK.search(text) for text in texts):
        chinese = [texts[i] for i in (6, 4, 3, 2, 1, 0) if i < len(texts)]
        return chinese_address(chinese, texts[5] if len(texts) > 5 else "")
    return ", ".join(text for text in texts if text)


def _holds(cells: Sequence[str], pieces: list[int | None], formatted: str) -> bool:
    """Whether an address's pieces hold every word of its formatted text (in any order):
    not where the text says more (浙江省杭州市西湖区文三路100号 beside 杭州市, 文三路100号)."""
    rest = formatted
    texts = [" ".join(cells[at].split()) for at in pieces if at is not None]
    for text in sorted(filter(None, texts), key=len, reverse=True):
        rest = rest.replace(text, " ")
    return not rest.replace("中国", "").replace("China", "").strip(" ,，")


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


def _filled(table: ImportTable, at: int, name: Callable[[list[str]], str]) -> ImportTable:
    rows = [
        (line, [*cells[:at], name(cells), *cells[at + 1 :]]) if not cells[at] else (line, cells)
        for line, cells in table.rows
    ]
    return replace(table, rows=rows)


def _noted(table: ImportTable, at: int, notes: Callable[[list[str]], str]) -> ImportTable:
    """The table with each row's extra notes after its own Notes cell."""
    rows = []
    for line, cells in table.rows:
        extra = notes(cells)
        if extra:
            text = "\n".join(part for part in (cells[at], extra) if part.strip())
            cells = [*cells[:at], text, *cells[at + 1 :]]
        rows.append((line, cells))
    return replace(table, rows=rows)


def _where(keys: Sequence[str], wanted: Callable[[str], bool]) -> list[int]:
    return [at for at, key in enumerate(keys) if wanted(key)]


def _split(cell: str) -> list[str]:
    """A cell's non-empty values (a Google cell may hold several)."""
    return [value.strip() for value in cell.split(_GOOGLE_APART) if value.strip()]


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
