"""The book's tables as an export shows them: headers from the catalogue, rows of typed cells.

Customers (with every lens as of the book's today, and the reasons in words when asked),
purchases, contacts and reminders. Cells are Python values of the column's kind (text,
money as Decimal, counts, dates); the writers (store/exporting/writers.py) decide how a
file holds each kind. A redacted selection never reads a phone, WeChat ID, e-mail,
address or note out of the book into a cell.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from xiaoben.models.birthday import Birthday
from xiaoben.models.enums import (
    AgeBand,
    Channel,
    EmployeeBand,
    Gender,
    InteractionKind,
    Labelled,
    ManualStage,
    Outcome,
    Resources,
    RevenueBand,
)
from xiaoben.models.fields import FieldDef, FieldKind, Value, value_json, value_text
from xiaoben.models.i18n import Lang, current_language, t
from xiaoben.models.rules import Rules
from xiaoben.models.values import display_phone, join_tags
from xiaoben.store.book_refs import own_mark, written_id
from xiaoben.store.criteria import criterion_fields
from xiaoben.store.customer_list import ListQuery, matching_ids
from xiaoben.store.driver import sqlite3
from xiaoben.store.exporting import CUSTOMER_HEADERS, REASONS_HEADER, REDACTED_NAME_HEADER
from xiaoben.store.exporting.cells import code_reveals, masked_phone, surname_only
from xiaoben.store.stats import load_frame
from xiaoben.tiering.compute import compute
from xiaoben.tiering.frame import (
    NO_DAY,
    QUADRANTS,
    RFM8_CLASSES,
    RFM_SEGMENTS,
    ROLES,
    STAGES,
    VALUE_TIERS,
    from_epoch_day,
)
from xiaoben.tiering.reasons import explain

# money: whole cents (an int); date: a date or its ISO text; moment: a datetime or its text
Kind = Literal["text", "money", "count", "score", "number", "date", "moment"]


@dataclass(frozen=True)
class Column:
    key: str  # the catalogue's key of its header
    kind: Kind = "text"
    label: str = ""  # a custom field's header (its label), instead of the catalogue's

    @property
    def header(self) -> str:
        return self.label or t(self.key)


@dataclass(frozen=True)
class Table:
    name: str  # one of TABLES
    columns: list[Column]
    rows: Iterator[list[Any]]  # read as it is written: a million purchases never in memory

    @property
    def title(self) -> str:
        return t(f"export.sheet.{self.name}")


@dataclass(frozen=True)
class Selection:
    """Which customers (the list's filter; None: all, archived too) and how they are shown."""

    only: ListQuery | None = None
    redact: bool = False
    reasons: bool = False  # each lens's reasons in words (xlsx: slow at scale, worth it there)


# The kinds of the customers table's columns that are not text
_NOT_TEXT: dict[str, Kind] = {
    "field.demand": "count",
    "field.purchasing_power": "count",
    "export.created": "date",
    "export.r": "count",
    "export.f": "count",
    "export.m": "count",
    "lens.score": "score",
    "export.value": "money",
    "export.net_revenue": "money",
    "export.orders": "count",
    "export.last_purchase": "date",
}
CUSTOMER_COLUMNS = [Column(key, _NOT_TEXT.get(key, "text")) for key in CUSTOMER_HEADERS]
REASONS = Column(REASONS_HEADER)
PURCHASE_COLUMNS = [
    Column("export.customer_code"),
    Column("field.name"),
    Column("field.customer"),  # namesake_keys: the key of a customer a name does not single out
    Column("field.date", "date"),
    Column("field.amount", "money"),
    Column("field.items"),
    Column("field.quantity", "count"),
    Column("field.cost", "money"),
    Column("field.refunded", "money"),
    Column("field.channel"),
    Column("field.note"),
]
CONTACT_COLUMNS = [
    Column("export.customer_code"),
    Column("field.name"),
    Column("field.at", "moment"),
    Column("field.kind"),
    Column("field.outcome"),
    Column("field.note"),
    Column("field.service_minutes", "count"),
    Column("field.service_cost", "money"),
]
REMINDER_COLUMNS = [
    Column("export.customer_code"),
    Column("field.name"),
    Column("field.due", "date"),
    Column("field.note"),
    Column("export.done"),
]


def read_table(
    conn: sqlite3.Connection, name: str, selection: Selection, rules: Rules, as_of: date
) -> Table:
    """Table `name` of the book on `conn` (read in one snapshot by the caller)."""
    ids = None if selection.only is None else matching_ids(conn, selection.only)
    if name == "customers":
        custom = CustomCells(conn, selection.redact)
        columns = [*CUSTOMER_COLUMNS, *([REASONS] if selection.reasons else []), *custom.columns]
        columns = _marked(columns, selection.redact)
        return Table(name, columns, _customer_rows(conn, ids, selection, rules, as_of, custom))
    reader, columns = {
        "purchases": (_purchase_rows, PURCHASE_COLUMNS),
        "contacts": (_contact_rows, CONTACT_COLUMNS),
        "reminders": (_reminder_rows, REMINDER_COLUMNS),
    }[name]
    return Table(name, _marked(columns, selection.redact), reader(conn, ids, selection.redact))


def _marked(columns: list[Column], redact: bool) -> list[Column]:
    """The columns, the name column headed 姓名（已脱敏） in a redacted copy: the accountant
    sees the names are not whole, and the importer refuses the file (a copy imported back
    would rename every customer 王某)."""
    if not redact:
        return columns
    return [Column(REDACTED_NAME_HEADER) if each.key == "field.name" else each for each in columns]


def among(ids: list[int] | None, column: str) -> tuple[str, list[Any]]:
    if ids is None:
        return "", []
    return f" WHERE {column} IN (SELECT value FROM json_each(?))", [json.dumps(ids)]


def yes_no(flag: object) -> str:
    return t("word.yes") if flag else t("word.no")


def _label(kind: type[Labelled], value: str | None) -> str:
    return _labels(kind, current_language())[value] if value else ""


@cache
def _labels(kind: type[Labelled], lang: Lang) -> dict[str, str]:
    return {member.value: member.label(lang) for member in kind}


def birthday_text(stored: str | None) -> str:
    """1990-03-05, 03-05; a lunar one in words, as the vCard's note has it (农历1990年闰四月
    初二, lunar 1990 leap 04-02; it was a code: L1990-*04-02): text the importer reads back
    (models/birthday_text.py), never starting with a formula's "-"."""
    if not stored:
        return ""
    birthday = Birthday.from_text(stored)
    if not birthday.lunar:
        day = f"{birthday.month:02d}-{birthday.day:02d}"
        return f"{birthday.year:04d}-{day}" if birthday.year else day
    return lunar_words(birthday)


def lunar_words(birthday: Birthday) -> str:
    """农历1990年闰四月初二 (zh); lunar 1990 leap 04-02 (en)."""
    from lunar_python.util import LunarUtil  # only for a lunar birthday

    leap_zh, leap_en = ("闰", "leap ") if birthday.leap_month else ("", "")
    if current_language() == "zh":
        year = f"{birthday.year}年" if birthday.year else ""
        month, day = LunarUtil.MONTH[birthday.month], LunarUtil.DAY[birthday.day]
        return f"{t('field.lunar')}{year}{leap_zh}{month}月{day}"
    year = f"{birthday.year} " if birthday.year else ""
    return f"{t('field.lunar')} {year}{leap_en}{birthday.month:02d}-{birthday.day:02d}"


_MOBILE = re.compile(r"\+861[3-9]\d{9}")


def phone_shown(e164: str) -> str:
    """display_phone's text (138 1234 5678), without libphonenumber for the mainland mobile
    numbers nearly every customer has (it costs ~0.1 ms a number: seconds at 100k)."""
    if _MOBILE.fullmatch(e164):
        return f"{e164[3:6]} {e164[6:10]} {e164[10:]}"
    return display_phone(e164)


def _phones(stored: str, redact: bool) -> str:
    if stored == "[]":
        return ""
    phones = json.loads(stored)
    return ", ".join(masked_phone(p) if redact else phone_shown(p) for p in phones)


def _name(name: str, redact: bool) -> str:
    return surname_only(name) if redact else name


_CUSTOMERS = """
SELECT c.id, c.code, c.name, c.gender, c.birthday, c.age_band, c.province, c.city,
    c.occupation, c.employer, c.is_business, c.revenue_band, c.employee_band, c.resources,
    c.phones, c.wechat, c.email, c.address, c.preferred_channel, c.source,
    coalesce(r.code, r.name), c.interests, c.tags, c.needs, c.notes, c.demand,
    c.purchasing_power, c.strategic, c.target_profile, c.manual_stage, c.archived,
    c.created_at, r.code IS NOT NULL, c.referred_by
FROM customers c LEFT JOIN customers r ON r.id = c.referred_by
"""


def _customer_rows(
    conn: sqlite3.Connection,
    ids: list[int] | None,
    selection: Selection,
    rules: Rules,
    as_of: date,
    custom: CustomCells,
) -> Iterator[list[Any]]:
    lenses = _Lenses(conn, rules, as_of, selection.reasons)
    redact = selection.redact
    where, params = among(ids, "c.id")
    keys = namesake_keys(conn, redact)
    numbered = book_id_cells(conn, keys, redact)
    hidden = hidden_codes(conn, redact)
    for row in conn.execute(_CUSTOMERS + where + " ORDER BY c.id", params):
        (customer_id, code, name, gender, birthday, age_band, province, city, occupation,
         employer, is_business, revenue_band, employee_band, resources, phones, wechat, email,
         address, channel, source, referrer, interests, tags, needs, notes, demand, power,
         strategic, target, manual_stage, archived, created_at, referrer_by_code,
         referrer_id) = row  # fmt: skip
        if referrer_id in keys:  # a referrer their name does not single out: their key
            referrer = keys[referrer_id]
        elif referrer_id in hidden:  # a referrer's code that tells who they are
            referrer = hidden[referrer_id]
        elif redact and referrer and not referrer_by_code:
            referrer = surname_only(referrer)
        yield [
            hidden.get(customer_id) or code or numbered.get(customer_id, ""),
            _name(name, redact),
            _label(Gender, gender),
            birthday_text(birthday),
            _label(AgeBand, age_band),
            province,
            city,
            occupation,
            "" if redact else employer,
            yes_no(is_business),
            _label(RevenueBand, revenue_band),
            _label(EmployeeBand, employee_band),
            _label(Resources, resources),
            _phones(phones, redact),
            "" if redact else wechat or "",
            "" if redact else email or "",
            "" if redact else address,
            _label(Channel, channel),
            source,  # 朋友圈, 展会: the overview's sources are figures
            referrer or "",
            ", ".join(json.loads(interests)),
            join_tags(json.loads(tags)),
            "" if redact else needs,
            "" if redact else notes,
            demand,
            power,
            yes_no(strategic),
            yes_no(target),
            _label(ManualStage, manual_stage),
            yes_no(archived),
            created_at[:10],
            *lenses.cells(customer_id),
            *custom.cells(customer_id),
        ]


_CUSTOM_KINDS: dict[FieldKind, Kind] = {FieldKind.NUMBER: "number", FieldKind.DATE: "date"}


class CustomCells:
    """The custom fields as the last columns of the customers table; a redacted selection
    leaves text fields blank (free text about a person, like the notes)."""

    def __init__(self, conn: sqlite3.Connection, redact: bool) -> None:
        from xiaoben.store import fields as field_sql

        self.fields = [f for f in field_sql.definitions(conn) if f.id is not None]
        self.columns = [
            Column(f.key, _CUSTOM_KINDS.get(f.kind, "text"), label=f.label()) for f in self.fields
        ]
        known = {f.id: f for f in self.fields if f.id is not None}
        self.values = field_sql.all_values(conn, known) if known else {}
        self.redact = redact

    def cells(self, customer_id: int) -> list[Any]:
        values = self.values.get(customer_id, {})
        return [self._cell(f, values.get(f.id or 0)) for f in self.fields]

    def _cell(self, field: FieldDef, value: Value | None) -> Any:
        if value is None or (self.redact and field.private):
            return None if field.kind in (FieldKind.NUMBER, FieldKind.DATE) else ""
        if field.kind is FieldKind.NUMBER:
            return value_json(value)
        return value_text(field, value)


class _Lenses:
    """Every lens of every active customer as of a day, computed afresh (as `xiaoben tiers`
    does), as the cells of a customer row; an archived customer's are blank."""

    def __init__(self, conn: sqlite3.Connection, rules: Rules, as_of: date, reasons: bool):
        self.frame = load_frame(conn, as_of, criterion_fields(conn, rules))
        self.tiers = compute(self.frame, rules, as_of)
        self.rules = rules
        self.reasons = reasons
        self.lang = current_language()
        self.index = {int(c): k for k, c in enumerate(self.frame.customer_id.tolist())}
        self.blank = [None] * (14 + (1 if reasons else 0))

    def cells(self, customer_id: int) -> list[Any]:
        k = self.index.get(customer_id)
        if k is None:
            return self.blank
        tiers, frame = self.tiers, self.frame
        buyer = int(frame.orders[k]) > 0
        last_day = int(frame.last_purchase_day[k])
        cells = [
            _coded(VALUE_TIERS, tiers.value_tier[k]),
            int(tiers.r[k]) if buyer else None,
            int(tiers.f[k]) if buyer else None,
            int(tiers.m[k]) if buyer else None,
            _coded(RFM_SEGMENTS, tiers.rfm_segment[k]),
            _coded(RFM8_CLASSES, tiers.rfm8[k]),
            _coded(STAGES, tiers.stage[k]),
            _coded(ROLES, tiers.role[k]),
            float(tiers.score[k]),
            _coded(QUADRANTS, tiers.quadrant[k]),
            int(tiers.value_cents[k]),
            int(frame.revenue_cents[k] - frame.refunded_cents[k]),
            int(frame.orders[k]),
            from_epoch_day(last_day) if last_day != NO_DAY else None,
        ]
        if self.reasons:
            why = explain(frame.record(k), tiers, k, self.rules, self.lang)
            cells.append("\n".join(text for text in why.values() if text))
        return cells


def _coded(table: tuple[Labelled, ...], code: Any) -> str:
    return table[int(code)].label() if int(code) >= 0 else ""


def _purchase_rows(
    conn: sqlite3.Connection, ids: list[int] | None, redact: bool
) -> Iterator[list[Any]]:
    where, params = among(ids, "p.customer_id")
    sql = (
        "SELECT p.customer_id, c.code, c.name, p.date, p.amount_cents, p.items, p.quantity,"
        " p.cost_cents, p.refunded_cents, p.channel, p.note FROM purchases p"
        " JOIN customers c ON c.id = p.customer_id" + where + " ORDER BY p.date, p.id"
    )
    keys = namesake_keys(conn, redact)
    hidden = hidden_codes(conn, redact)
    for (customer_id, code, name, day, amount, items, quantity, cost, refunded, channel,
         note) in conn.execute(sql, params):  # fmt: skip
        yield [
            hidden.get(customer_id) or code or "",
            _name(name, redact),
            keys.get(customer_id, ""),
            day,
            amount,
            items,
            quantity,
            cost,
            refunded,
            _label(Channel, channel),
            "" if redact else note,
        ]


def hidden_codes(conn: sqlite3.Connection, redact: bool) -> dict[int, str]:
    """The #id a redacted export writes in the code column instead of each code that tells
    who the customer is or how to reach them (cells.code_reveals: a phone number, the
    name): what stays of it is a key the seller's own book finds the customer by. None
    when not redacting."""
    if not redact:
        return {}
    mark = own_mark(conn)
    return {
        customer_id: written_id(customer_id, mark)
        for customer_id, code, name, phones, pinyin in conn.execute(
            "SELECT id, code, name, phones, name_pinyin FROM customers WHERE code IS NOT NULL"
        )
        if code_reveals(code, name, json.loads(phones), pinyin)
    }


def book_id_cells(conn: sqlite3.Connection, keys: dict[int, str], redact: bool) -> dict[int, str]:
    """The #id a customers export writes in the code column (which an import reads as the
    customer's number in this book, never as a code) of each customer without a code whom
    an import could take for another: a namesake no key of their own singles out (their
    #id among `keys`, namesake_keys'), or one with a phone or WeChat ID another customer has
    too (a mother and daughter on one WeChat account: the second row would be folded into
    the first, or held back as a typo of a name). A redacted export shows no phone or WeChat
    ID: namesakes alone."""
    cells = {customer_id: key for customer_id, key in keys.items() if key.startswith("#")}
    if redact:
        return cells
    mark = own_mark(conn)
    sharing = conn.execute(
        "SELECT DISTINCT k.customer_id FROM customer_keys k"
        " JOIN customers c ON c.id = k.customer_id"
        " WHERE c.code IS NULL AND k.kind IN ('phone', 'wechat') AND EXISTS ("
        "  SELECT 1 FROM customer_keys o"
        "  WHERE o.kind = k.kind AND o.key = k.key AND o.customer_id != k.customer_id)"
    )
    for (customer_id,) in sharing:
        cells.setdefault(customer_id, written_id(customer_id, mark))
    return cells


def namesake_keys(conn: sqlite3.Connection, redact: bool) -> dict[int, str]:
    """The key that tells each customer without a code from the others of their name, for
    an exported row to name them by so that importing it back finds them (a name two
    customers share finds neither): their first phone no other customer has, else their
    WeChat ID if nobody else's, else #id with the book's mark (#12@3fa9c1: store/book_refs.py;
    it finds them in this book, and in another the customer this book's customers export
    made there). A redacted export shows
    no phone or WeChat ID: #id. Customers with a code, or a name of their own: none."""
    shared_names = "SELECT name FROM customers GROUP BY name HAVING count(*) > 1"
    namesakes = conn.execute(
        f"SELECT id, phones, wechat FROM customers WHERE code IS NULL AND name IN ({shared_names})"
    ).fetchall()
    if not namesakes:
        return {}
    shared_keys = {
        (kind, key)
        for kind, key in conn.execute(
            "SELECT kind, key FROM customer_keys GROUP BY kind, key HAVING count(*) > 1"
        )
    }
    keys: dict[int, str] = {}
    mark = own_mark(conn)
    for customer_id, phones, wechat in namesakes:
        found = None
        if not redact:
            found = next((p for p in json.loads(phones) if ("phone", p) not in shared_keys), None)
            found = phone_shown(found) if found else None
            if found is None and wechat and ("wechat", wechat.lower()) not in shared_keys:
                found = wechat
        keys[customer_id] = found or written_id(customer_id, mark)
    return keys


def _contact_rows(
    conn: sqlite3.Connection, ids: list[int] | None, redact: bool
) -> Iterator[list[Any]]:
    where, params = among(ids, "i.customer_id")
    sql = (
        "SELECT c.id, c.code, c.name, i.at, i.kind, i.outcome, i.note, i.service_minutes,"
        " i.service_cost_cents FROM interactions i"
        " JOIN customers c ON c.id = i.customer_id" + where + " ORDER BY i.at, i.id"
    )
    hidden = hidden_codes(conn, redact)
    for (customer_id, code, name, at, kind, outcome, note, minutes,
         cost) in conn.execute(sql, params):  # fmt: skip
        yield [
            hidden.get(customer_id) or code or "",
            _name(name, redact),
            at,
            _label(InteractionKind, kind),
            _label(Outcome, outcome),
            "" if redact else note,
            minutes,
            cost,
        ]


def _reminder_rows(
    conn: sqlite3.Connection, ids: list[int] | None, redact: bool
) -> Iterator[list[Any]]:
    where, params = among(ids, "m.customer_id")
    sql = (
        "SELECT c.id, c.code, c.name, m.due, m.note, m.done FROM reminders m"
        " JOIN customers c ON c.id = m.customer_id" + where + " ORDER BY m.due, m.id"
    )
    hidden = hidden_codes(conn, redact)
    for customer_id, code, name, due, note, done in conn.execute(sql, params):
        yield [
            hidden.get(customer_id) or code or "",
            _name(name, redact),
            due,
            "" if redact else note,
            yes_no(done),
        ]
