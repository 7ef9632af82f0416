"""A table's rows -> PurchaseRows (customer keys, date, cents …) and a RowError for every bad cell.

Pure parsing, a million rows at a time: finding the customer of a key is the book's job.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from abc import abstractmethod
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, islice, repeat
from operator import itemgetter
from typing import Any, Literal, NamedTuple, cast, overload

from pydantic import EmailStr, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from xiaoben.models.cells import (
    cell_cents,
    cell_phone,
    cell_quantity,
    cents_column,
    order_date,
    ordered_date,
    plain_column,
    slashed_parts,
    text_within,
)
from xiaoben.models.customer import CODE_MAX, LONG_MAX, SHORT_MAX, phones_in
from xiaoben.models.enums import Channel
from xiaoben.models.errors import problem, rule_words
from xiaoben.models.i18n import Words, t
from xiaoben.models.placeholders import placeholder
from xiaoben.models.text import CONTROL, one_spelling
from xiaoben.models.values import (
    cents_shown,
    clean_text,
    code_spelling,
    from_cents,
    name_mobile_words,
    normalise_phone,
    normalise_wechat,
    noted_phone,
    number_and_extension,
    person_name,
    phone_said_none,
    relay_number,
    shop_account,
)
from xiaoben.store.importing.abroad import OrderRows, TaiwanRows, phones_abroad, taiwan_place
from xiaoben.store.importing.bulk import MEMO_LIMIT, Progress, positions_of, without_gc
from xiaoben.store.importing.columns import (
    PURCHASE_KEYS,
    ColumnMap,
    column_key,
    match_columns,
    merged_totals,
)
from xiaoben.store.importing.csv_table import CsvTable, Row
from xiaoben.store.importing.date_order import DateOrder, date_order
from xiaoben.store.importing.error_cells import (
    percent_rule,
    refuse_error_cells,
    refuse_past_header,
)
from xiaoben.store.importing.errors import RowError, cell_message, sample_mark, sample_row_error
from xiaoben.store.importing.footers import SUM_FIGURE, left_out_rows, total_rows
from xiaoben.store.importing.order_numbers import order_spelling, plain_orders
from xiaoben.store.importing.order_status import (
    NOT_BOUGHT,
    PAID_QUESTIONS,
    OrderStatus,
    RefundStatus,
    after_sale_unsaid,
    answered_status,
    order_status,
    paid_words,
    refund_status,
    refund_sum,
)
from xiaoben.store.importing.orders import (
    OrderAmounts,
    OrderRefunds,
    read_orders,
)
from xiaoben.store.importing.partly_paid import PartlyPaid, Refusal
from xiaoben.store.importing.pay_bills import BillTold, PayBill
from xiaoben.store.importing.recipients import Recipients
from xiaoben.store.importing.tables import LostKeys, relay_email

# "extension": a switchboard's number with an extension, as written (0571-8888 8888 转 102),
# beside the phone key of the switchboard: which colleague on it the row is (purchase_writer)
KeyKind = Literal["code", "phone", "wechat", "account", "name", "any", "extension"]
# address, province, city, district, street, region (省市)
PlaceCells = tuple[str, str, str, str, str, str, str]
PLACE_FIELDS = ("address", "province", "city", "district", "street", "region", "area")


def _either(text: str, also: str) -> str:
    """A cell, or where it is blank the one standing in for it."""
    return text or also


class CustomerKey(NamedTuple):  # a tuple: hashed in C, as the importer does once a row
    kind: KeyKind  # "any": from a generic customer column; the book tries code, phone, WeChat, name
    value: str  # phones in E.164; codes as written ("00042")


class PurchaseRow(NamedTuple):  # a tuple: a million are made in a third of a dataclass's time
    line: int
    keys: tuple[CustomerKey, ...]
    name: str | None  # for creating a missing customer: the name column, else the customer one
    date: dt.date
    amount_cents: int
    quantity: int = 1
    cost_cents: int | None = None
    refunded_cents: int = 0
    items: str = ""
    channel: Channel | None = None
    note: str = ""
    order: str = ""  # the shop's order number, kept in the note: a second import skips it
    status: OrderStatus = "paid"  # unpaid, closed: not a purchase; refunded: in full
    place: PlaceCells | None = None  # where the order went, if the file says: see places.py
    nickname: str | None = None  # a 微信 cell that is no WeChat ID: a new customer's notes keep it
    shop_nickname: str | None = None  # the 买家昵称 cell: a new customer's notes keep it too
    # the phone cell's masked or relay numbers (138****8000): kept in a new customer's notes,
    # as a customers import keeps them, never a key
    hidden_phones: tuple[str, ...] = ()
    # the notes' lines keeping the words the phone cell wrote on a number (13800138001
    # （微信同号）: 手机 13800138001：微信同号): kept in a new customer's notes
    phone_notes: tuple[str, ...] = ()
    # the phone cell as written where its words say none (13000000000（无）: no phone, its
    # words in phone_notes): said in the report, as a customers import says it
    none_phones: tuple[str, ...] = ()
    # the numbers of the file's other phone columns (联系电话 beside 联系手机, 用户购买手机号
    # beside 手机) that are none of the row's keys: kept on a customer the row makes, as a
    # customers import keeps every phone column's
    more_phones: tuple[str, ...] = ()
    # the email cell (Buyer Email), where it is an address: a customer the row makes has it
    # (an Amazon relay address, @marketplace.amazon.*, is none: importing/tables says so)
    email: str | None = None


_code_text = text_within(CODE_MAX)
# Keys within the model's limits: a key may become a new customer's code and name. A code
# in its one spelling (Ａ００１ is A001), as the customer's is stored, within the limit
# once spelled.
_KEY_PARSERS: dict[str, Callable[[str], str]] = {
    "code": lambda text: _code_text(code_spelling(_code_text(text))),
    "phone": cell_phone,
    "wechat": normalise_wechat,
    "account": lambda text: shop_account(text_within(CODE_MAX)(text)),
    "name": lambda text: person_name(text_within(SHORT_MAX)(text)),
    "customer": lambda text: person_name(text_within(CODE_MAX)(text)),
    "nickname": lambda text: person_name(text_within(SHORT_MAX)(text)),
}
_KEY_KINDS: dict[str, KeyKind] = {
    "code": "code",
    "phone": "phone",
    "wechat": "wechat",
    # 买家会员名 (tb_wangfang): a key as strong as a phone, never a code (purchase_writer)
    "account": "account",
    "name": "name",
    "customer": "any",
    # 买家昵称 (小王: many buyers' on 抖音, 拼多多): never a code, and a key only of a row with
    # no other, as a name is (read_key)
    "nickname": "name",
}
# PurchaseRow's fields after line, keys and name, in order: the column feeding each, its default.
_SLOTS = ("date", "amount", "quantity", "cost", "refunded", "items", "channel", "note", "order")
_DEFAULTS: tuple[Any, ...] = (None, None, 1, None, 0, "", None, "", "")
_AMOUNT, _REFUNDED = _SLOTS.index("amount"), _SLOTS.index("refunded")
_QUANTITY = _SLOTS.index("quantity")
# Optional numbers a shop export fills with a dash for none (退款金额 “-”, 成本 “--”, 无):
# read as a blank cell, their default (models/placeholders.py)
_DASH_IS_BLANK = frozenset({"quantity", "cost", "refunded"})
_item_text = text_within(SHORT_MAX)
# Each PurchaseRow field's value when the file has no column for it (line, keys: always read)
_ROW_DEFAULTS = tuple(map(PurchaseRow._field_defaults.get, PurchaseRow._fields))
_PARSERS: dict[str, Callable[[str], Any]] = {
    "date": order_date,
    "amount": cell_cents,
    "quantity": cell_quantity,
    "cost": cell_cents,
    "refunded": cell_cents,
    # as the app saves it: one product, within the limit once spelled (NFKC can lengthen:
    # "\ufdfa" is 18 characters)
    "items": lambda text: _item_text(one_spelling(_item_text(text))),
    "channel": Channel.coerce,
    "note": text_within(LONG_MAX),
    "order": lambda text: _order_number(text_within(CODE_MAX)(text)),
}
# What a ledger writes in a date cell for the date of the row above: 同上 (same as above)
# and the ditto marks (〃, ″, ", two apostrophes), as written or in full width.
_DITTO = frozenset({"同上", "〃", "″", '"', "＂", "''", "仝上"})
# An order number a spreadsheet showed in scientific notation (3.81235E+18): digits lost
_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?[eE]\+[0-9]+")


def _order_number(text: str) -> str:
    """An order number in its one spelling (order_numbers: Ｅ０２０ and e020 are E020); refused
    when it is in scientific notation (its digits are lost: as a key it would be another
    order's, and skip it as already imported)."""
    if _SCIENTIFIC.fullmatch(text):
        raise problem("order_scientific", value=text)
    return order_spelling(text)


def _no_e(texts: Sequence[str]) -> bool:
    """Whether no order number of the column can be in scientific notation (one search)."""
    joined = "\n".join(texts)
    return "E+" not in joined and "e+" not in joined


def _kept_nickname(text: str) -> str | None:
    """A nickname cell as a new customer's notes keep it (stripped); None for a blank,
    placeholder (无) or masked (小*) cell, or one no notes line could hold (a control
    character, longer than a short text)."""
    if not text or placeholder(text) or starred(text):
        return None
    kept = text.strip()
    if not kept or len(kept) > SHORT_MAX or CONTROL.search(kept):
        return None
    return kept


def hidden_numbers(cell: str) -> tuple[str, ...]:
    """The masked and relay numbers of a phone cell, as written (138****8004, 13800138002
    转 123: no phone of anyone's); () for a cell with none (most: one look at it)."""
    if not cell or (len(cell) <= 12 and "*" not in cell and "＊" not in cell):
        return ()
    if placeholder(cell):
        return ()
    return tuple(dict.fromkeys(clean_text(part) for part in phones_in(cell) if masked(part)))


def name_phone(cell: str) -> tuple[str, str, str] | None:
    """(the name, the phone in E.164, the notes' line keeping the words beside them or "")
    of a name cell (姓名, 收货人: never a 客户 cell, which may be a code: 会员13800138041,
    VIP-13800138001) that is a name and a mainland mobile (王芳 13800138001, 李娜/13800138002,
    王芳 13800138001（微信同号）: models.values.name_mobile_words); None for any other."""
    split = name_mobile_words(cell)  # (None at once for a cell without a run of digits)
    if split is None:
        return None
    name, number, words = split
    return name, cell_phone(number), phone_note_line(number, words) if words else ""


def numbers_in(cell: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The phones of a phone cell as phones_in splits it, each without the words written on
    it (13800138001（微信同号）, 13800138001 本人: models.values.noted_phone), and (number,
    words) for each number that had some; a number whose words say "none" (13000000000（无）:
    phone_said_none) is no phone, only its words kept. A masked or relay number is left as
    it is."""
    if len(cell) <= 11 or not _WORDS_BESIDE.search(cell):
        return phones_in(cell), []  # a number and no words: the common cell
    whole = noted_phone(cell)  # (138 0013 8001 / 微信同号: the words a part of their own)
    if whole is not None:
        return [whole[0]], [whole]
    none = phone_said_none(cell)  # 13000000000（无）: no phone, the words kept all the same
    if none is not None:
        return [], [none]
    parts: list[str] = []
    noted: list[tuple[str, str]] = []
    for part in phones_in(cell):
        if masked(part):
            parts.append(part)
            continue
        none = phone_said_none(part)
        if none is not None:
            noted.append(none)
            continue
        found = noted_phone(part)
        if found is not None:
            noted.append(found)
        parts.append(found[0] if found is not None else part)
    return parts, noted


# a character no number is written with: a cell holding one may hold words on its number
_WORDS_BESIDE = re.compile(r"[^\d\s+\-()（）.,，;；/、|:：*＊#]")


def phone_keys(
    parts: Iterable[str], parse: Callable[[str], str], hidden: list[tuple[int, str]], at: int
) -> list[CustomerKey]:
    """The keys of a phone cell's numbers (numbers_in): each one's phone; a switchboard with
    an extension (0571-8888 8888 转 102) its phone and the number as written as an
    "extension" key, which tells colleagues on it apart (purchase_writer); a masked or
    relay number none, into `hidden` with its column `at` (a new customer's notes keep it:
    hidden_numbers). Only a number refused as a phone is looked at for an extension."""
    keys: list[CustomerKey] = []
    for part in parts:
        number = part.strip()
        if masked(number):
            hidden.append((at, number))
            continue
        try:
            keys.append(CustomerKey("phone", parse(number)))
        except PydanticCustomError:
            switchboard = number_and_extension(number)
            if switchboard is None:
                raise
            keys.append(CustomerKey("phone", parse(switchboard[0].strip())))
            keys.append(CustomerKey("extension", clean_text(number)))
    return keys


def _phones_of(cell: str) -> list[str]:
    """A phone cell's numbers as keys are (E.164), leaving out masked, relay and refused
    numbers: a spare phone column's (read_more_phones)."""
    if not cell.strip() or placeholder(cell):
        return []
    found: list[str] = []
    for part in numbers_in(cell)[0]:
        try:
            keys = phone_keys([part], cell_phone, [], 0)
        except PydanticCustomError:
            continue
        found += [key.value for key in keys if key.kind == "phone"]
    return found


_EMAIL = TypeAdapter(EmailStr)


def buyer_email(cell: str) -> str | None:
    """An email cell as a customer's email is stored (as models.Customer reads it); None
    for a blank cell, a placeholder (无), one that is no address, or Amazon's relay."""
    text = cell.strip()
    if not text or placeholder(text) or relay_email(text):
        return None
    try:
        return str(_EMAIL.validate_python(text))
    except ValidationError:
        return None


def phone_notes(cell: str) -> tuple[str, ...]:
    """The notes' lines keeping the words a phone cell wrote on its numbers (手机 13800138001：
    微信同号); () for a cell with none (most: one look at it)."""
    if len(cell) <= 11 or not _WORDS_BESIDE.search(cell) or placeholder(cell):
        return ()
    return tuple(phone_note_line(number, note) for number, note in numbers_in(cell)[1])


def none_phone(cell: str) -> tuple[str, ...]:
    """(the cell as written,) for a phone cell whose words on a number say none
    (13000000000（无）, 13000000000 暂无: numbers_in keeps the words, not the number); ()
    for any other (most: one look at it)."""
    if len(cell) <= 11 or not _WORDS_BESIDE.search(cell) or placeholder(cell):
        return ()
    return (clean_text(cell),) if any(placeholder(note) for _, note in numbers_in(cell)[1]) else ()


def phone_note_line(number: str, note: str) -> str:
    """The notes' line keeping the words a phone cell wrote on a number (手机 13800138001：
    微信同号; in Chinese, as the notes' other import lines)."""
    mobile = normalise_phone(number).startswith("+861")
    key = "import.mobile_note" if mobile else "import.phone_note"
    return t(key, "zh", number=number, note=note)


def masked(text: str) -> bool:
    """A phone a shop hid (138****8000), or its privacy relay number (虚拟号: one number and
    an extension, 17012345678-4852, 17012345678,4852, [4852]17012345678, shared by many
    buyers: models.values.relay_number): not a phone, so it never finds nor makes a
    customer."""
    return starred(text) or relay_number(text)


def starred(text: str) -> bool:
    """A cell a shop masked with stars (王*, t**8, 138****8000): no key of anyone's (王* of
    one order and 王* of the next are two buyers), nor a new customer's name."""
    return "*" in text or "＊" in text


_MISS = object()
_NO_PLACE = ("", "", "", "", "", "", "")
_BLANK_IS_NONE: dict[str, None] = {"": None}
# A row's key cells as one text: what the key memo is keyed by (see read_keys)
_KEY_SEPARATOR = "\x1f"
_KEY_JOIN = _KEY_SEPARATOR.join
# Customers whose keys are remembered: ~150 bytes each (the joined cells, a dict entry; the
# keys themselves are the writer's), so at most ~75 MB for a file of a million customers.
KEY_MEMO_LIMIT = 500_000
# Columns read at C speed when every cell is in the common form (else cell by cell)
_FAST_COLUMNS: dict[str, Callable[[Sequence[str]], Sequence[Any] | None]] = {
    "amount": cents_column,
    "cost": cents_column,
    "order": lambda texts: (
        texts if plain_column(texts, CODE_MAX) and _no_e(texts) and plain_orders(texts) else None
    ),
    "note": lambda texts: texts if plain_column(texts, LONG_MAX) else None,
    "items": lambda texts: _spelled(texts) if plain_column(texts, SHORT_MAX) else None,
}
# Whitespace one_spelling would change: a run, or any but a plain space
_SPACING = re.compile(r"\s\s|[^\S ]")


def _spelled(texts: Sequence[str]) -> Sequence[str] | None:
    """Plain product cells in their one spelling, as the "items" parser gives each: the
    column as it is when it is already NFKC with single spaces (one check of them all;
    the separator, NUL, a control no plain cell holds, keeps each cell's normalisation its
    own, and is no whitespace: the unit separator used before is, to the regex, so no
    column of two cells or more ever passed)."""
    joined = "\x00".join(texts)
    if unicodedata.is_normalized("NFKC", joined) and not _SPACING.search(joined):
        return texts
    # A shop's products are few and repeat on every order: each distinct cell spelled once
    spellings = {text: one_spelling(text) for text in set(texts)}
    if max(map(len, spellings.values()), default=0) > SHORT_MAX:
        return None  # a cell too long once spelled: refused cell by cell, by name
    return list(map(spellings.__getitem__, texts))


class _Columns:
    """A batch's cells a column at a time: the rows turned into columns once (one pass over
    the rows, a C loop), or a column taken out of them when the table is wide."""

    def __init__(self, rows: list[list[str]], wanted: int) -> None:
        self.rows = rows
        width = len(rows[0]) if rows else 0
        # A shop export has 40 columns and we read 10 of them: taken one by one there
        turned = rows and width <= 2 * wanted
        self.taken: dict[int, Sequence[str]] = (
            dict(enumerate(zip(*rows, strict=True))) if turned else {}
        )

    def __call__(self, at: int) -> Sequence[str]:
        texts = self.taken.get(at)
        if texts is None:
            texts = self.taken[at] = list(map(itemgetter(at), self.rows))
        return texts


_Located = tuple[int, int, RowError]  # (row in the chunk, column, error): sorted before reporting


class _PurchaseReader:
    """Turns rows of cells into PurchaseRows and RowErrors, a chunk of rows at a time.

    Written for a million rows: it works column by column (C loops over lists) and parses
    each distinct cell text once, so most cells cost one dictionary look-up.
    """

    def __init__(
        self,
        columns: ColumnMap,
        large_cents: int | None = None,
        latest: dt.date | None = None,
        orders: OrderAmounts | None = None,
        refunds: OrderRefunds | None = None,
    ) -> None:
        self.columns = columns
        self.orders = orders  # the rows of orders over several rows: what each records
        self.order_refunds = refunds  # and of their order's refund (an order-level column)
        self.totals: dict[str, int | None] = {"": None}  # order-total cells read (cents)
        self.large_cents = large_cents
        self.latest = latest  # a purchase dated after it (today) is refused: a typo
        self.amount_above = 0  # the amounts of the rows read so far, in cents (sum_rows)
        at = columns.fields
        key_fields = [field for field in PURCHASE_KEYS if field in at]
        # Not remembered per parser: known_keys below remembers a row's key cells together,
        # and a second copy of a customer's keys per key kind held ~30 MB at 50,000 customers.
        self.keys = [
            (field, at[field], _KEY_PARSERS[field], _KEY_KINDS[field]) for field in key_fields
        ]
        self.known_keys: dict[str, tuple[CustomerKey, ...]] = {}
        self.bill = "direction" in at  # a pay bill (pay_bills): its payer is its one key
        self.statuses: dict[str, OrderStatus] = {}
        self.paid_words = paid_words(columns.header)  # Lazada's pending, TikTok's On hold
        self.refunds: dict[str, RefundStatus | None] = {}
        self.refund_sums: dict[str, int] = {}  # status cells read by refund_sum, in cents
        self.unsaid: dict[str, bool] = {}  # order-status cells read by after_sale_unsaid
        # the last chunk's good rows paid after a sale not saying whether money went back,
        # (line, the words): the seller is told to check them
        self.unsure: list[tuple[int, str]] = []
        # no name column: the customer's, else the account's (tb_wangfang, rather than a phone)
        self.name_at = at.get("name", at.get("customer", at.get("account")))
        # (a pay bill's row with no payer, `/`: 群收款, 红包; no other column of it tells who)
        no_key = "import.no_payer" if self.bill else "import.no_customer_key"
        self.no_key = cell_message("customer", Words(no_key))
        self.last_day: dt.date | None = None  # the date of the rows read last (for 同上)
        # the last chunk's rows refused for a bad cell whose key cells were good: (line,
        # keys, name cell, order number), for the writer to check their customer too
        self.unchecked: list[tuple[int, Keys, str | None, str]] = []
        # Per slot: field, column (None: absent), parsed values by cell text, parser.
        # A blank optional cell is its default; a blank date or amount is a miss, then an error.
        places = [at.get(field) for field in PLACE_FIELDS]
        self.place_at = places if any(each is not None for each in places) else None
        self.slots = [
            (field, at.get(field), {} if slot <= _AMOUNT else {"": _DEFAULTS[slot]}, parser)
            for slot, (field, parser) in enumerate(_PARSERS.items())
        ]

    def error(self, line: int, field: str, value: str, rule: str | Words) -> RowError:
        return RowError(line, self.columns.column(field), value, cell_message(field, rule))

    def read(
        self,
        chunk: list[tuple[int, list[str]]],
        errors: list[RowError],
        totals: list[tuple[int, str]],
    ) -> RowColumns:
        """The chunk's good rows (as columns: see RowColumns); an error for each bad cell
        into `errors`, and into `totals` the sheet's 合计 rows and its rows repeating the
        header with their block titles (no purchases: the seller is told which lines)."""
        found = left_out_rows(self.columns.header, chunk) + total_rows(chunk)
        found += self.sum_rows(chunk, {line for line, _ in found})
        if found:
            totals += found
            left_out = {line for line, _ in found}
            chunk = [row for row in chunk if row[0] not in left_out]
        lines = list(map(itemgetter(0), chunk))
        rows = list(map(itemgetter(1), chunk))
        self.unchecked = []
        column = _Columns(rows, len(self.columns.fields))
        problems: list[_Located] = []
        keys = self.read_keys(lines, rows, column, problems)
        at = self.name_at
        # a blank name is None: {"": None}.get(text, text) at C speed
        names = list(map(_BLANK_IS_NONE.get, *[column(at)] * 2)) if at is not None else None
        if names and starred("".join(filter(None, names))):  # 王*: no new customer's name
            names = [None if name and starred(name) else name for name in names]
        if names and at is not None and "例" in "".join(filter(None, names)):
            self.refuse_samples(lines, names, at, problems)
        values = [self.read_column(slot, lines, column, problems) for slot in range(len(_SLOTS))]
        if self.columns.amount_per_unit:  # 单价 and 数量, no amount: price × quantity
            values[_AMOUNT] = _times(values[_AMOUNT], values[_QUANTITY])
        self.amount_above += sum(filter(None, values[_AMOUNT] or ()))  # (for sum_rows)
        if "order_total" in self.columns.fields or self.orders is not None:
            self.read_order_amounts(lines, rows, column, values, problems)
        if self.order_refunds is not None:
            self.read_order_refunds(lines, rows, values, problems)
        if self.slots[_REFUNDED][1] is not None:
            self.check_refunds(lines, rows, values, problems)
        if self.large_cents is not None:
            self.check_large(lines, rows, values[_AMOUNT], problems)
        if self.latest is not None:
            self.check_future(lines, rows, values[0], problems)
        statuses = self.read_statuses(lines, column, values, problems)
        if self.order_refunds is not None and self.order_refunds.whole and statuses:
            statuses = self.refunded_whole(lines, statuses)
        places = self.read_places(rows) if self.place_at else None
        nicknames = self.read_nicknames(column, keys)
        shop_nicknames = self.read_shop_nicknames(column)
        hidden = self.read_hidden_phones(column)
        noted = self.read_phone_notes(column)
        said_none = self.read_none_phones(column) if noted is not None else None
        fields = [lines, keys, names, *values, statuses, places, nicknames, shop_nicknames]
        fields += [hidden, noted, said_none, self.read_more_phones(column, keys)]
        fields.append(self.read_emails(column))
        count = len(lines)
        columns: list[list[Any]] = [
            [default] * count if each is None else each if type(each) is list else list(each)
            for each, default in zip(fields, _ROW_DEFAULTS, strict=True)
        ]
        if not problems:
            return RowColumns(columns)
        problems.sort(key=lambda entry: entry[:2])
        errors.extend(error for _, _, error in problems)
        keep = [True] * count
        for position, _, _ in problems:
            keep[position] = False
        self.unchecked = _unchecked(columns, keep)
        if self.unsure:
            good = set(compress(lines, keep))
            self.unsure = [(line, words) for line, words in self.unsure if line in good]
        return RowColumns([list(compress(column, keep)) for column in columns])

    def sum_rows(self, chunk: list[Row], left_out: set[int]) -> list[tuple[int, str]]:
        """(line, amount cell) of each row that is the sheet's unlabelled sum (,,,300, as a
        SUM cell is saved to CSV): no date and no customer, only figures, its amount the
        sum of the amounts above it. Listed with the total rows, never a purchase."""
        at, day = self.columns.fields["amount"], self.columns.fields["date"]
        keys = [key_at for _, key_at, _, _ in self.keys]
        bare = [
            position
            for position, (line, cells) in enumerate(chunk)
            if line not in left_out
            and not cells[day].strip()
            and cells[at].strip()
            and not any(cells[key_at].strip() for key_at in keys)
        ]
        if not bare or self.columns.amount_per_unit:
            return []
        found: list[tuple[int, str]] = []
        above, counted = self.amount_above, 0
        for position in bare:
            for line, cells in chunk[counted:position]:
                if line not in left_out:
                    above += _cents_or_zero(cells[at])
            counted = position + 1
            line, cells = chunk[position]
            figures = [cell.strip() for cell in cells if cell.strip()]
            summed = above and all(SUM_FIGURE.fullmatch(cell) for cell in figures)
            if summed and _cents_or_zero(cells[at]) == above:
                found.append((line, cells[at].strip()))
                continue
            above += _cents_or_zero(cells[at])
        return found

    def read_order_amounts(
        self,
        lines: list[int],
        rows: list[list[str]],
        column: _Columns,
        values: list[Any],
        problems: list[_Located],
    ) -> None:
        """Each row's amount where the file has an order's total (orders.py): a row of an
        order over several rows records its share of it, an order's only row the total (paid
        before priced), a row with no total its item's amount. The item cell of a row that
        records the total is not what is recorded: not refused. Likewise the share of an
        order's total its amount column repeats on each row (orders._repeats)."""
        at = self.columns.fields
        amount_at = at["amount"]
        total_at = at.get("order_total", amount_at)
        orders = self.orders or OrderAmounts()
        planned, held = orders.amounts, orders.held
        amounts = values[_AMOUNT] = list(values[_AMOUNT])
        chosen: set[int] = set()
        if total_at != amount_at:
            totals = self.read_totals(lines, column(total_at), problems)
            for position, total in enumerate(totals):
                if total is not None and lines[position] not in held:
                    amounts[position] = total
                    chosen.add(position)
        for position, line in enumerate(lines) if planned else ():
            cents = planned.get(line)
            if cents is not None:
                amounts[position] = cents
                chosen.add(position)
        if chosen:
            problems[:] = [
                entry for entry in problems if entry[1] != amount_at or entry[0] not in chosen
            ]
        for position, line in enumerate(lines) if orders.refused else ():
            rule = orders.refused.get(line)
            if rule is not None:
                error = self.error(line, "order_total", rows[position][total_at], rule)
                problems.append((position, total_at, error))

    def read_order_refunds(
        self, lines: list[int], rows: list[list[str]], values: list[Any], problems: list[_Located]
    ) -> None:
        """Each row's refund where the refund column is the order's (orders.read_orders):
        a row of an order over several rows records its share of the order's refund."""
        found = self.order_refunds or OrderRefunds()
        at = self.columns.fields["refunded"]
        refunds = values[_REFUNDED] = list(values[_REFUNDED])
        for position, line in enumerate(lines):
            cents = found.refunds.get(line)
            if cents is not None:
                refunds[position] = cents
            rule = found.refused.get(line)
            if rule is not None:
                error = self.error(line, "refunded", rows[position][at], rule)
                problems.append((position, at, error))

    def refunded_whole(
        self, lines: list[int], statuses: Iterable[OrderStatus]
    ) -> list[OrderStatus]:
        """The statuses with each paid row whose share of its order's refund is all it paid
        (orders.OrderRefunds.whole) refunded: counted as refunded, not paid."""
        whole = self.order_refunds.whole if self.order_refunds is not None else set()
        return [
            "refunded" if status == "paid" and line in whole else status
            for line, status in zip(lines, statuses, strict=True)
        ]

    def read_totals(
        self, lines: list[int], texts: Sequence[str], problems: list[_Located]
    ) -> list[int | None]:
        """The order-total cells in cents (None: blank); a bad one refused by name."""
        seen, at = self.totals, self.columns.fields["order_total"]
        found: list[int | None] = []
        for position, text in enumerate(texts):
            if text not in seen:
                try:
                    seen[text] = cell_cents(text)
                except PydanticCustomError as exc:
                    rule = rule_words(exc)
                    problems.append(
                        (position, at, self.error(lines[position], "order_total", text, rule))
                    )
                    found.append(None)
                    continue
            found.append(seen[text])
        return found

    def read_nicknames(
        self, column: _Columns, keys: list[tuple[CustomerKey, ...]]
    ) -> list[str | None] | None:
        """Each row's 微信 cell that is no WeChat ID (a nickname: 小娜🌸), beside the keys
        that found its customer; None when no row has one. A customer the import makes
        keeps it in the notes, as a customers import does (never a key); a cell no notes
        line could hold (a control character, longer than a short text) is left out."""
        at = self.columns.fields.get("wechat")
        if at is None:
            return None
        texts = column(at)
        found: list[str | None] | None = None
        for position, text in enumerate(texts):
            kept = _kept_nickname(text)
            if kept is None:
                continue
            row_keys = keys[position]
            if not row_keys or any(key.kind == "wechat" for key in row_keys):
                continue  # a bad row, or the cell is the customer's WeChat ID
            if found is None:
                found = [None] * len(texts)
            found[position] = kept
        return found

    def read_shop_nicknames(self, column: _Columns) -> list[str | None] | None:
        """Each row's 买家昵称 as a new customer's notes keep it (see _kept_nickname); None
        when the file has no such column. Each distinct cell looked at once: a buyer's
        nickname repeats on each of their orders."""
        at = self.columns.fields.get("nickname")
        if at is None:
            return None
        texts = column(at)
        kept = {text: _kept_nickname(text) for text in set(texts)}
        return list(map(kept.__getitem__, texts))

    def read_hidden_phones(self, column: _Columns) -> list[tuple[str, ...]] | None:
        """Each row's masked and relay numbers (hidden_numbers); None when no row has one."""
        at = self.columns.fields.get("phone")
        if at is None:
            return None
        texts = column(at)
        found = {text: hidden_numbers(text) for text in set(texts)}
        if not any(found.values()):
            return None  # nearly every file: no masked number at all
        return list(map(found.__getitem__, texts))

    def read_phone_notes(self, column: _Columns) -> list[tuple[str, ...]] | None:
        """Each row's lines keeping the words on its phone cell's numbers (phone_notes);
        None when no row has any."""
        at = self.columns.fields.get("phone")
        if at is None:
            return None
        texts = column(at)
        found = {text: phone_notes(text) for text in set(texts)}
        if not any(found.values()):
            return None  # nearly every file: plain numbers
        return list(map(found.__getitem__, texts))

    def read_more_phones(
        self, column: _Columns, keys: Sequence[tuple[CustomerKey, ...]]
    ) -> list[tuple[str, ...]] | None:
        """Each row's numbers in the phone columns the best one outranked (联系电话 beside
        联系手机) that are not among its keys (more_phones); None when the file has one
        phone column. A masked number or one refused as a phone is left out: the key's
        column is what the row is matched by."""
        others = self.columns.fallbacks.get("phone")
        if not others:
            return None
        cells = [column(at) for at in others]
        found: list[tuple[str, ...]] = []
        for position, row_keys in enumerate(keys):
            own = {value for kind, value in row_keys if kind == "phone"}
            more: list[str] = []
            for texts in cells:
                for number in _phones_of(texts[position]):
                    if number not in own and number not in more:
                        more.append(number)
            found.append(tuple(more))
        return found

    def read_emails(self, column: _Columns) -> list[str | None] | None:
        """Each row's email (buyer_email), None for a blank cell, one that is no address or
        Amazon's relay; None when the file has no email column."""
        at = self.columns.fields.get("email")
        if at is None:
            return None
        texts = column(at)
        found = {text: buyer_email(text) for text in set(texts)}
        return list(map(found.__getitem__, texts))

    def read_none_phones(self, column: _Columns) -> list[tuple[str, ...]] | None:
        """Each row's phone cell as written where its words say none (13000000000（无）,
        无13000000000: phone_said_none), else (); None when no row has one."""
        texts = column(self.columns.fields["phone"])
        found = {text: none_phone(text) for text in set(texts)}
        if not any(found.values()):
            return None
        return list(map(found.__getitem__, texts))

    def read_places(self, rows: list[list[str]]) -> list[PlaceCells | None]:
        """Each row's place cells (None when all are empty): read into a customer's region
        once per customer, by the writer."""
        at = self.place_at
        assert at is not None
        # a column at a time (C loops): a customer's address repeats on each of their orders
        columns = [
            map(str.strip, map(itemgetter(each), rows)) if each is not None else repeat("")
            for each in at
        ]
        for other in self.columns.fallbacks.get("address", ()):  # 修改后的收货地址, else 收货地址
            also = map(str.strip, map(itemgetter(other), rows))
            columns[0] = map(_either, columns[0], also)
        places = zip(*columns, strict=False)  # an absent column repeats "" as long as needed
        return [place if place != _NO_PLACE else None for place in places]

    def read_statuses(
        self, lines: list[int], column: _Columns, values: list[Any], problems: list[_Located]
    ) -> Iterable[OrderStatus] | None:
        """Each row's order status (None: no status column, all paid); a closed order's cells
        are not checked (it is no purchase) and a refunded one is refunded in full."""
        at = self.columns.fields.get("status")
        after_sale = self.columns.fields.get("after_sale")
        self.unsure = []
        if at is None and after_sale is None:
            return None
        statuses: list[Any] = self._statuses(column(at)) if at is not None else []
        unsaid: list[int] = []  # rows whose words say an after-sale, not what went back
        if after_sale is not None:
            # a refund done after the sale (售后 退款成功) refunds the order, whatever its
            # status says (已签收, 已完成, 交易关闭: it was paid, then refunded)
            refunded = self._refunds(lines, column(after_sale), problems)
            statuses = statuses or ["paid"] * len(refunded)
            if "refunded" in refunded:
                statuses = [
                    "refunded" if after == "refunded" else status
                    for status, after in zip(statuses, refunded, strict=True)
                ]
            unsaid = list(positions_of(refunded, "unsaid"))
        elif at is not None:
            unsaid = self._unsaid_statuses(column(at))
        if "closed" in statuses and isinstance(values[_REFUNDED], list):
            # 交易关闭 with money refunded: paid, then refunded in full (Taobao closes an
            # order whose every item was refunded), not an order never paid
            statuses = [
                "refunded" if status == "closed" and refund else status
                for status, refund in zip(statuses, values[_REFUNDED], strict=True)
            ]
        if "closed" in statuses or "unpaid" in statuses:  # no purchase: its cells unchecked
            problems[:] = [entry for entry in problems if statuses[entry[0]] not in NOT_BOUGHT]
        if "refunded" in statuses:
            refunds = values[_REFUNDED]
            values[_REFUNDED] = refunds = (
                list(refunds) if isinstance(refunds, list) else [0] * len(statuses)
            )
            sums = self._refund_sums(column(at)) if at is not None else [0] * len(statuses)
            for position, (status, amount, said) in enumerate(
                zip(statuses, values[_AMOUNT], sums, strict=True)
            ):
                if status != "refunded" or amount is None:
                    continue
                # a refund column's sum, else the one the status names (已退款(￥10.00))
                stated = refunds[position] or said
                if stated and stated < amount:
                    # 退款成功 beside a 退款金额 of ¥20 on ¥89.70 (two of three kept), 交易关闭
                    # after the goods' ¥100 of ¥110 went back: what the row says went back
                    # (a purchase paid, refunded in part), not the whole amount
                    statuses[position] = "paid"
                    refunds[position] = stated
                else:
                    refunds[position] = amount
        if unsaid:
            paid = [position for position in unsaid if statuses[position] == "paid"]
            self.unsure = self._unsure(lines, column, paid)
        return statuses

    def _refunds(
        self, lines: list[int], texts: Sequence[str], problems: list[_Located]
    ) -> list[RefundStatus | None]:
        """Each row's refund column read (refund_status); a cell it cannot tell is refused
        by name (None: the row goes with the other bad ones)."""
        seen = self.refunds
        for text in set(texts).difference(seen):  # a few words a file
            seen[text] = refund_status(text)
        refunds = list(map(seen.__getitem__, texts))
        at = self.columns.fields["after_sale"]
        for position in positions_of(refunds, None):
            rule = Words("rule.refund_status", value=texts[position])
            problems.append(
                (position, at, self.error(lines[position], "after_sale", texts[position], rule))
            )
        return refunds

    def _unsaid_statuses(self, texts: Sequence[str]) -> list[int]:
        """The positions of order-status cells saying only that an after-sale happened."""
        seen = self.unsaid
        for text in set(texts).difference(seen):  # a few words a file
            seen[text] = after_sale_unsaid(text)
        return list(positions_of(list(map(seen.__getitem__, texts)), True))

    def _unsure(
        self, lines: list[int], column: _Columns, positions: Iterable[int]
    ) -> list[tuple[int, str]]:
        """(line, the status words) of the rows at `positions` (paid), an after-sale not saying
        whether money went back, whose refund amount says nothing either (a blank cell, or
        no such column): recorded as paid, the seller told to check. A stated amount, the
        row's own or its share of its order's, says what went back."""
        at = self.columns.fields
        said = self.columns.fields.get("after_sale", at.get("status"))
        assert said is not None
        words = column(said)
        amounts = column(at["refunded"]) if "refunded" in at else None
        shared = self.order_refunds.refunds if self.order_refunds is not None else {}
        return [
            (lines[position], words[position].strip())
            for position in positions
            if not (amounts is not None and amounts[position].strip())
            and lines[position] not in shared
        ]

    def _refund_sums(self, texts: Sequence[str]) -> list[int]:
        """Each status's refunded sum in cents where it names one (已退款(￥10.00)), else 0."""
        seen = self.refund_sums
        for text in set(texts).difference(seen):  # a few words a file
            said = refund_sum(text)
            seen[text] = cell_cents(said) if said else 0
        return list(map(seen.__getitem__, texts))

    def _statuses(self, texts: Sequence[str]) -> list[Any]:
        seen = self.statuses
        statuses: list[Any] = list(map(seen.get, texts, repeat(_MISS)))
        asked = column_key(self.columns.column("status")) in PAID_QUESTIONS  # 是否付款: 是 / 否
        for position in positions_of(statuses, _MISS):
            text = texts[position]
            answer = answered_status(text) if asked else None
            status = answer or order_status(text, self.paid_words)
            statuses[position] = seen[text] = status  # a few a file
        return statuses

    def read_column(
        self, slot: int, lines: list[int], column: _Columns, problems: list[_Located]
    ) -> Sequence[Any] | None:
        """The slot's values (None: no such column, each row has the default)."""
        field, at, seen, parse = self.slots[slot]
        if at is None:
            return None
        texts = column(at)
        if field in self.columns.joined:  # 买家留言 and 卖家备注: both kept
            joined = self.columns.joined_cells
            texts = [joined(field, cells) for cells in column.rows]
        for other in self.columns.fallbacks.get(field, ()) if "" in texts else ():
            texts = [text or also for text, also in zip(texts, column(other), strict=True)]
        fast = _FAST_COLUMNS.get(field)
        if fast is not None:
            read = fast(texts)
            if read is not None:
                return read
        values = list(map(seen.get, texts, repeat(_MISS)))
        if _MISS not in values:
            if field == "date" and values:
                self.last_day = values[-1]  # every cell a date: a 同上 below takes the last
            return values
        # Each text not met before parsed once (a file sorted by date brings a batch of new
        # days, each on many rows), then every cell looked up again at C speed.
        fresh: dict[str, Any] = {}
        bad: dict[str, Words] = {}
        dittos: set[str] = set()
        for text in set(texts).difference(seen):
            try:
                if not text:
                    # a blank date is never the row above's (a guess): said so, with 同上
                    raise problem("date_blank" if field == "date" else "required")
                if field == "date" and text.strip() in _DITTO:
                    dittos.add(text)  # the date above, the rows in order (see _ditto_days)
                    continue
                if field in _DASH_IS_BLANK and placeholder(text):
                    fresh[text] = _DEFAULTS[slot]
                    continue
                fresh[text] = parse(text)
            except PydanticCustomError as exc:
                bad[text] = rule_words(exc)
        values = list(map(fresh.get, texts, values))  # (a cell parsed before keeps its value)
        if field == "date":
            self.last_day = self._ditto_days(texts, values, dittos, lines, problems)
        for position in positions_of(values, _MISS) if bad else ():
            text = texts[position]
            error = self.error(lines[position], field, text, bad[text])
            problems.append((position, at, error))
            values[position] = None
        room = MEMO_LIMIT - len(seen)
        seen.update(fresh if len(fresh) <= room else islice(fresh.items(), max(room, 0)))
        return values

    def _ditto_days(
        self,
        texts: Sequence[str],
        values: list[Any],
        dittos: set[str],
        lines: list[int],
        problems: list[_Located],
    ) -> dt.date | None:
        """Each 同上 (〃, ″, ") date cell of a chunk as the date of the nearest row above it
        in the file with a date (self.last_day: the chunks before), in place; refused by
        name when there is none or the date above is refused (never an older one guessed).
        A blank row is passed over (it is refused); the date above the chunk's end."""
        if not dittos:  # nearly every chunk: only the date its last rows leave matters
            for text, value in zip(reversed(texts), reversed(values), strict=True):
                if value is not _MISS:
                    return value
                if text:
                    return None
            return self.last_day
        day = self.last_day
        at = self.columns.fields["date"]
        for position, (text, value) in enumerate(zip(texts, values, strict=True)):
            if value is not _MISS:
                day = value
            elif text in dittos:
                if day is None:
                    rule = Words("rule.date_ditto_nothing_above", value=text.strip())
                    problems.append((position, at, self.error(lines[position], "date", text, rule)))
                    values[position] = None
                else:
                    values[position] = day
            elif text:
                day = None  # a date refused: a 同上 under it has no date it can take
        return day

    def read_keys(
        self, lines: list[int], rows: list[list[str]], column: _Columns, problems: list[_Located]
    ) -> list[tuple[CustomerKey, ...]]:
        """Each row's keys (() for a row whose keys are bad: its errors are in `problems`).
        Remembered by the row's key cells, joined into one text (a tuple of three cells
        held twice the memory): each customer's cells are read once a file."""
        ats = [at for _, at, _, _ in self.keys]
        cells_of: Callable[[int], Sequence[str]] = column
        backups = [(at, self.columns.fallbacks.get(field, [])) for field, at, _, _ in self.keys]
        if any(others for _, others in backups):  # 买家手机号 blank: 收货人手机号 instead
            rows = [_filled(row, backups) for row in rows]

            def cells_of(at: int) -> Sequence[str]:
                return [row[at] for row in rows]

        joined = map(_KEY_JOIN, zip(*map(cells_of, ats), strict=True))
        texts = cells_of(ats[0]) if len(ats) == 1 else list(joined)
        known = self.known_keys
        keys = list(map(known.get, texts))
        for position in positions_of(keys, None):
            text = texts[position]
            found = known.get(text)  # a customer met earlier in this batch: read then
            keys[position] = found or self.read_key(
                lines[position], rows[position], problems, position, text
            )
        return keys  # type: ignore[return-value]  # every None was filled

    def read_key(
        self, line: int, cells: list[str], problems: list[_Located], position: int, joined: str
    ) -> tuple[CustomerKey, ...]:
        keys: list[CustomerKey] = []
        count = len(problems)
        nickname: _Located | None = None  # a 微信 cell that is no ID: said only if alone
        hidden: list[tuple[int, str]] = []  # (column, cell) the shop masked
        shop_nickname: tuple[str, int, Callable[[str], str]] | None = None  # 买家昵称: if alone
        for field, at, parse, kind in self.keys:
            text = cells[at]
            if not text:
                continue
            if field == "nickname":
                shop_nickname = (field, at, parse)
                continue
            # a phone cell is judged number by number (phone_keys), as a customers import
            # judges it: 13800138000/138****8000 is her phone and a masked number
            if kind != "phone" and (masked(text) if kind == "any" else starred(text)):
                hidden.append((at, text))
                continue
            if kind in ("phone", "wechat", "account") and placeholder(text):
                continue  # 无, N/A: no phone written, as an empty cell (see placeholders)
            # only a name column's cell: a 客户 cell may be a code made of a phone
            # (会员13800138041), tried whole as a code, a name and a phone
            split = name_phone(text) if kind == "name" else None
            if split is not None:  # 王芳 13800138001: the name, and the phone a key too
                keys += [CustomerKey(kind, parse(split[0])), CustomerKey("phone", split[1])]
                continue
            try:
                if kind == "phone":  # 13800138000；13900139000: two phones, two keys
                    keys += phone_keys(numbers_in(text)[0], parse, hidden, at)
                else:
                    keys.append(CustomerKey(kind, parse(text.strip())))
            except PydanticCustomError as exc:
                located = (position, at, self.error(line, field, text, rule_words(exc)))
                if kind == "wechat":
                    nickname = located  # the nickname the seller knows them by: no key
                else:
                    problems.append(located)
        if shop_nickname is not None and not keys and len(problems) == count and not hidden:
            # every other key cell blank: the nickname finds or makes the customer as a
            # name does (a unique customer of that name; the new one's name). Where the shop
            # masked the buyer (王**, 138****0001) it is no key: many buyers are 小王, and the
            # masked cells say this one is not known by her name, so the row is refused as
            # a masked buyer's, never matched to or making a 小王 of every 小王's orders
            field, at, parse = shop_nickname
            text = cells[at]
            if starred(text):
                hidden.append((at, text))
            elif not placeholder(text):
                try:
                    keys.append(CustomerKey("name", parse(text.strip())))
                    nickname = None  # the 微信 cell beside it is a nickname too: kept, no key
                except PydanticCustomError as exc:
                    located = (position, at, self.error(line, field, text, rule_words(exc)))
                    problems.append(located)
        if nickname is not None and not keys:
            problems.append(nickname)
        if not keys and len(problems) == count:
            field, at, _, _ = min(self.keys, key=lambda key: key[1])  # the leftmost key column
            shown = ", ".join(text for _, text in sorted(hidden))
            # (a pay bill's payer: no other column of it tells who paid)
            covered = "import.masked_payer" if self.bill else "import.masked_keys"
            rule = Words(covered, cells=shown) if hidden else None
            message = cell_message("customer", rule) if rule else self.no_key
            error = RowError(line, self.columns.column(field), "", message)
            problems.append((position, at, error))
        if len(problems) > count or not keys:
            return ()
        read = tuple(keys)  # one tuple for every row of the customer: matched by it later
        # A cell holding the separator would make the joined text stand for other cells:
        # such a row is read again each time (a control character: refused anyway).
        if (
            len(self.known_keys) < KEY_MEMO_LIMIT
            and joined.count(_KEY_SEPARATOR) == len(self.keys) - 1
        ):
            self.known_keys[joined] = read
        return read

    def check_refunds(
        self, lines: list[int], rows: list[list[str]], values: list[Any], problems: list[_Located]
    ) -> None:
        at = self.columns.fields["refunded"]
        for position, (refunded, amount) in enumerate(
            zip(values[_REFUNDED], values[_AMOUNT], strict=True)
        ):
            if refunded and amount is not None and refunded > amount:
                rule = Words(
                    "rule.refund_above_amount",
                    refunded=from_cents(refunded),
                    amount=from_cents(amount),
                )
                error = self.error(lines[position], "refunded", rows[position][at], rule)
                problems.append((position, at, error))

    def refuse_samples(
        self, lines: list[int], names: Sequence[str | None], at: int, problems: list[_Located]
    ) -> None:
        """A row whose name is a template's sample (示例：张三): refused, never a purchase."""
        column = self.columns.header[at]
        field = next((each for each, where in self.columns.fields.items() if where == at), "name")
        for position, name in enumerate(names):
            if name and sample_mark(name):
                problems.append(
                    (position, at, sample_row_error(lines[position], column, name, field))
                )

    def check_large(
        self, lines: list[int], rows: list[list[str]], amounts: Any, problems: list[_Located]
    ) -> None:
        at = self.columns.fields["amount"]
        large = self.large_cents
        for position, amount in enumerate(amounts):
            if amount is not None and amount > large:
                rule = Words(
                    "rule.large_purchase",
                    amount=cents_shown(amount),
                    ceiling=cents_shown(large or 0),
                )
                error = self.error(lines[position], "amount", rows[position][at], rule)
                problems.append((position, at, error))

    def check_future(
        self, lines: list[int], rows: list[list[str]], dates: Any, problems: list[_Located]
    ) -> None:
        latest = self.latest
        assert latest is not None
        if max(filter(None, dates), default=latest) <= latest:
            return  # nearly every batch: one pass in C
        at = self.columns.fields["date"]
        rule = Words("rule.date_future", today=latest.isoformat())
        for position, day in enumerate(dates):
            if day is not None and day > latest:
                error = self.error(lines[position], "date", rows[position][at], rule)
                problems.append((position, at, error))


Keys = tuple[CustomerKey, ...]
# (orders, order-total column, item-amount column or "", closed item rows taking no share of
# their order's total, closed item rows keeping theirs unbooked: orders._read_order)
OrderTotals = tuple[int, str, str, int, int]
# orders whose amount repeated on each row is their paid total by the unit prices: (how
# many, the amount column, the unit-price column, the quantity column)
PricedTotals = tuple[int, str, str, str]
# orders whose rows each state one same amount, no unit prices to tell (read as written):
# (how many, the amount column, the first's order number, its lines, the amount in cents)
RepeatedAmounts = tuple[int, str, str, tuple[int, ...], int]
# orders whose amount is on their first row only, read as the order's paid total: (how many,
# the amount column, the first's order number ("" under a merge), its lines, the amount in
# cents, how many were shared out by the unit prices, the unit-price and quantity columns,
# how many of their item rows were closed or unpaid, taking no share, and keeping theirs
# unbooked: orders._open_rows_take_all)
FirstRowAmounts = tuple[int, str, str, tuple[int, ...], int, int, str, str, int, int]


class KeySets:
    """The key sets a reading child numbered (reader_child), as rebuilt on this side: a
    number's key set and a key set's number. A child that starts numbering afresh is met
    with a new KeySets, so a number never names two key sets in one of them."""

    __slots__ = ("numbers", "sets")

    def __init__(self) -> None:
        self.sets: list[Keys] = []
        self.numbers: dict[Keys, int] = {}

    def add(self, new: list[Keys]) -> None:
        first = len(self.sets)
        self.sets += new
        self.numbers.update(zip(new, range(first, first + len(new)), strict=True))


class _ColumnRows(Sequence[PurchaseRow]):
    """Rows held as columns (a list a PurchaseRow field): a PurchaseRow is made for a row
    asked for (`row`); equal to any sequence of the same rows, as a list is."""

    __slots__ = ("columns",)

    def __init__(self, columns: list[list[Any]]) -> None:
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns[0])

    @abstractmethod
    def row(self, at: int) -> PurchaseRow:
        """Row `at` (0 <= at < len) made from the columns."""

    @overload
    def __getitem__(self, at: int) -> PurchaseRow: ...
    @overload
    def __getitem__(self, at: slice) -> list[PurchaseRow]: ...
    def __getitem__(self, at: int | slice) -> PurchaseRow | list[PurchaseRow]:
        if isinstance(at, slice):
            return [self.row(each) for each in range(len(self))[at]]
        if not -len(self) <= at < len(self):
            raise IndexError(at)
        return self.row(at % len(self))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to a list: no hash, as a list


class RowColumns(_ColumnRows):
    """A batch's good rows as they are read, their values as in a PurchaseRow. A reading
    child sends the columns as they are (reader_child): a million PurchaseRows made and
    taken apart again cost it ~1 s of the core that reads."""

    __slots__ = ()

    def row(self, at: int) -> PurchaseRow:
        return PurchaseRow._make(column[at] for column in self.columns)

    def __iter__(self) -> Iterator[PurchaseRow]:
        return map(tuple.__new__, repeat(PurchaseRow), zip(*self.columns, strict=True))


class PurchaseColumns(_ColumnRows):
    """A batch's good rows as a reading child sends them: a list a PurchaseRow field, in
    their order, where a row's keys are the number of its key set in `key_sets`, its date a
    day number (date.toordinal) and its channel the channel's value. The writer reads the
    columns as they are (purchase_writer); a PurchaseRow is made only for a row it asks
    for (one naming a customer no earlier row named, an order met before) — a million
    made and taken apart again cost the writer ~1.5 s. Iterated, it gives every row, equal
    to those read in this process."""

    __slots__ = ("key_sets",)

    def __init__(self, columns: list[list[Any]], key_sets: KeySets) -> None:
        super().__init__(columns)
        self.key_sets = key_sets

    def row(self, at: int) -> PurchaseRow:
        values = [column[at] for column in self.columns]
        values[_KEYS_AT] = self.key_sets.sets[values[_KEYS_AT]]
        day = values[_DATE_AT]  # (None: a closed order's, unchecked)
        values[_DATE_AT] = None if day is None else dt.date.fromordinal(day)
        channel = values[_CHANNEL_AT]
        values[_CHANNEL_AT] = None if channel is None else Channel(channel)
        return PurchaseRow._make(values)

    def __iter__(self) -> Iterator[PurchaseRow]:
        columns: list[Iterable[Any]] = list(self.columns)
        columns[_KEYS_AT] = map(self.key_sets.sets.__getitem__, columns[_KEYS_AT])
        dates, channels = self.columns[_DATE_AT], self.columns[_CHANNEL_AT]
        days = {day: None if day is None else dt.date.fromordinal(day) for day in set(dates)}
        columns[_DATE_AT] = map(days.__getitem__, dates)
        kinds = {value: None if value is None else Channel(value) for value in set(channels)}
        columns[_CHANNEL_AT] = map(kinds.__getitem__, channels)
        return map(tuple.__new__, repeat(PurchaseRow), zip(*columns, strict=True))


_KEYS_AT, _DATE_AT, _CHANNEL_AT = map(PurchaseRow._fields.index, ("keys", "date", "channel"))


_LINE_AT, _NAME_AT, _ORDER_AT, _STATUS_AT = map(
    PurchaseRow._fields.index, ("line", "name", "order", "status")
)


def _cents_or_zero(cell: str) -> int:
    """An amount cell in cents, 0 for one that is none (sum_rows adds them up)."""
    try:
        return cell_cents(cell) if cell.strip() else 0
    except PydanticCustomError:
        return 0


def _times(prices: Sequence[Any] | None, quantities: Sequence[Any] | None) -> list[Any] | None:
    """Each row's amount from its unit price and quantity (ColumnMap.amount_per_unit): None
    where either cell was refused (the row is, with its error)."""
    if prices is None or quantities is None:
        return None if prices is None else list(prices)
    return [
        None if price is None or count is None else price * count
        for price, count in zip(prices, quantities, strict=True)
    ]


def _unchecked(
    columns: list[list[Any]], keep: list[bool]
) -> list[tuple[int, Keys, str | None, str]]:
    """The rows (of a chunk's columns) refused for a bad cell, not `keep`, whose key cells
    were good and that would be purchases: (line, keys, name cell, order number), for the
    writer's checks of their customer (PurchaseWriter.check_refused)."""
    lines, keys, names = columns[_LINE_AT], columns[_KEYS_AT], columns[_NAME_AT]
    orders, statuses = columns[_ORDER_AT], columns[_STATUS_AT]
    return [
        (lines[at], keys[at], names[at], orders[at] if isinstance(orders[at], str) else "")
        for at, kept in enumerate(keep)
        if not kept and keys[at] and statuses[at] not in NOT_BOUGHT
    ]


@dataclass(frozen=True, slots=True)
class ParsedBatch:
    """A batch of a table's rows read as purchases: the good rows, an error for every bad
    cell or refused row, and how far through the table it is (in the table's units)."""

    rows: Sequence[PurchaseRow]  # a list, or PurchaseColumns from a reading child
    errors: list[RowError]
    done: int
    total: int
    totals: Sequence[tuple[int, str]] = ()  # (line, total word): the sheet's 合计 rows
    # the customers this batch's rows would make, worked out by a reading child
    # (reader_child): key set -> (name cell, purchase_writer.NewCustomer); not compared
    prepared: Mapping[Any, Any] | None = dataclasses.field(default=None, compare=False)
    # seconds the writer waited for this batch to come (from a reading child): index_upkeep
    waited: float = dataclasses.field(default=0.0, compare=False)
    # with the first batch: orders over several rows whose total is counted once (_told)
    order_totals: OrderTotals | None = None
    # with the first batch: orders over several rows repeating one amount (_repeats_told)
    priced_totals: PricedTotals | None = None
    repeated_amounts: RepeatedAmounts | None = None
    # with the first batch: orders whose amount is on their first row only (_first_rows_told)
    first_row_amounts: FirstRowAmounts | None = None
    # (line, words) of rows recorded as paid after a sale whose words do not say whether
    # money went back (售后完成 and no refund amount): the seller is told to check them
    unsure_refunds: Sequence[tuple[int, str]] = ()
    # (line, keys, name cell, order number) of the rows refused for a bad cell of another
    # field than their keys: their customer checked too (PurchaseWriter.check_refused)
    unchecked: Sequence[tuple[int, Keys, str | None, str]] = ()
    # (line, order) of the rows of orders paid in part (partly_paid: booked as the part paid)
    partly_paid: Sequence[tuple[int, str]] = ()
    # a WeChat Pay or Alipay bill's rows left out, and what else it tells (pay_bills)
    bill: BillTold | None = None


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def full_name(given: str, family: str) -> str:
    """A first and a last name as one: 芳 + 王 is 王芳 (family name first, no space); Mei +
    Wang is Mei Wang (given name first), as the contacts reader joins them."""
    parts = [part for part in (given, family) if part]
    if _CJK.search(given + family):
        return "".join(parts[::-1])
    return " ".join(parts)


def rows_named(columns: ColumnMap, rows: list[Row]) -> list[Row]:
    """The rows with the buyer's first and last name joined into the first's cell, where the
    file has them and no name column (ColumnMap.name_parts): Mei + Wang is Mei Wang, 王 + 芳
    is 王芳, as the contacts reader joins them."""
    if len(columns.name_parts) < 2:
        return rows
    first, last = columns.name_parts
    joined = []
    for line, cells in rows:
        given, family = cells[first].strip(), cells[last].strip()
        if family:
            cells = [*cells]
            cells[first] = full_name(given, family)
        joined.append((line, cells))
    return joined


def purchase_batches(
    table: CsvTable,
    *,
    large_cents: int | None = None,
    latest: dt.date | None = None,
    whole: bool = True,
) -> Generator[ParsedBatch, None, None]:
    """The table's purchases a batch at a time (see parse_purchases); the header is checked
    before the first batch is read. A date after `latest` (today) is refused. `whole`: the
    table is the whole file, and a pay bill of money out alone in it is refused (False: some
    rows of it, the preview's, whose bill the caller checked whole)."""
    columns = match_columns(table.header, "purchases", mapping=table.mapping)
    merged: Mapping[int, Sequence[tuple[int, int]]] = getattr(table, "merged_down", {})
    columns = merged_totals(columns, merged)  # (a CsvTable has no merges)
    partly = PartlyPaid(columns)  # (given the orders paid in part the first pass refuses)
    orders, refunds = _orders_of(table, columns, merged, partly.refused)
    recipients = Recipients.of(columns)  # a 收货信息 column: its parts read as the row's
    read_as = recipients.columns if recipients else columns
    reader = _PurchaseReader(read_as, large_cents, latest, orders, refunds)
    lost = LostKeys(table, columns.fields, _KEY_COLUMNS)
    # the columns whose cells are read (a unit price only tells an order's amount: a bad one
    # leaves it unclear, the row is not refused)
    read_at = {field: at for field, at in columns.fields.items() if field != "unit_price"}
    told = _told(columns, orders)
    priced, repeated = _repeats_told(columns, orders)
    first_rows = _first_rows_told(columns, orders)
    first = True
    order_rows = OrderRows(read_as)  # (a 收货信息 cell's parts carried down as the order's)
    taiwan = TaiwanRows(columns, [columns.fields.get("phone")])
    bill = PayBill.of(columns)  # a WeChat Pay or Alipay bill: its money in only
    if bill is not None and whole:
        bill.refuse_buyers_bill(table.rows)
    for batch in table.batches():
        if first:  # 03/05/2024 read as the whole column shows it
            _order_dates(table, columns, reader, batch.rows)
            taiwan.of_taiwan(batch.rows)  # (the rows' places, before any is refused)
            first = False
        errors: list[RowError] = list(batch.refused)
        totals: list[tuple[int, str]] = []
        rows = refuse_past_header(table.header, batch.rows, errors)
        rows = refuse_error_cells(table.error_cells, table.header, read_at, rows, errors)
        rows = refuse_error_cells(
            table.percent_cells, table.header, read_at, rows, errors, percent_rule
        )
        if bill is not None:
            before = bill.counts()
            rows = bill.rows(rows, errors)
            spent, neutral, returned = map(int.__sub__, bill.counts(), before)
        rows = rows_named(columns, rows)  # First Name (Billing) + Last Name (Billing)
        rows = lost.refuse(rows, errors)
        if recipients is not None:
            rows = recipients.rows(rows, errors)
        rows = order_rows.carried(rows)  # (before the currency: an order's, on its items too)
        partly.found = []
        rows = list(partly.rows(rows, errors))  # an order paid in part: the part paid
        rows = refuse_foreign_currency(columns, rows, errors)
        rows = refuse_taiwan_amounts(columns, taiwan, rows, errors)
        rows = phones_abroad(columns, rows)
        rows = taiwan.phones_read(rows)
        purchases = reader.read(rows, errors, totals) if rows else []
        if errors:
            errors.sort(key=lambda error: error.line)
        told_bill = None
        if bill is not None:  # (its rows of money in bought, not refunded in full)
            bought = _bought_lines(purchases)
            told_bill = bill.told(spent, neutral, returned, bought)
        unsure = reader.unsure if rows else []
        unchecked = reader.unchecked if rows else []
        yield ParsedBatch(
            purchases,
            errors,
            batch.done,
            batch.total,
            totals,
            order_totals=told,
            priced_totals=priced,
            repeated_amounts=repeated,
            first_row_amounts=first_rows,
            unsure_refunds=unsure,
            unchecked=unchecked,
            partly_paid=tuple(partly.found),
            bill=told_bill,
        )
        told = priced = repeated = first_rows = None  # said once, with the first batch


_NOT_PAID = frozenset((*NOT_BOUGHT, "refunded"))


def _bought_lines(purchases: Sequence[PurchaseRow]) -> list[int]:
    """The lines of a batch's rows read as bought and not refunded in full."""
    if not isinstance(purchases, RowColumns):
        return [row.line for row in purchases if row.status not in _NOT_PAID]
    lines, statuses = purchases.columns[_LINE_AT], purchases.columns[_STATUS_AT]
    return [line for line, status in zip(lines, statuses, strict=True) if status not in _NOT_PAID]


# How a currency column names yuan, alone or together (人民币元, RMB元, CNY人民币, 人民币(元)):
# a cell of these words and brackets, spaces or marks alone is yuan; any other currency
# (美元, 港元, USD: a word left over) is refused, never booked as yuan
_YUAN_WORDS = re.compile(r"renminbi|yuan|cny|cnh|rmb|人民币|元|¥|￥|[\s()（）\[\]【】/:：.,，、-]")


def is_yuan(text: str) -> bool:
    """Whether a currency cell names yuan (see _YUAN_WORDS); a blank cell is no currency."""
    folded = text.strip().casefold()
    return bool(folded) and not _YUAN_WORDS.sub("", folded)


def refuse_taiwan_amounts(
    columns: ColumnMap, taiwan: TaiwanRows, rows: list[Row], errors: list[RowError]
) -> list[Row]:
    """The rows of a file whose places are in Taiwan (TaiwanRows) whose currency cell says
    yuan; an error in `errors` naming NT$ for each other (no currency column, or its cell
    blank): the file's amounts are Taiwan's, never booked as yuan. Any other file's rows."""
    at = columns.fields.get("amount")
    if not taiwan.taiwan or at is None or not rows:
        return rows
    currency = columns.fields.get("currency")
    kept: list[Row] = []
    for line, cells in rows:
        if currency is not None and is_yuan(cells[currency]):
            kept.append((line, cells))
            continue
        place = taiwan_place(cells, taiwan.places)
        rule = Words("import.taiwan_amount", value=cells[at].strip(), place=place)
        errors.append(RowError(line, columns.header[at], cells[at], cell_message("amount", rule)))
    return kept


def refuse_foreign_currency(
    columns: ColumnMap, rows: list[tuple[int, list[str]]], errors: list[RowError]
) -> list[tuple[int, list[str]]]:
    """The rows whose currency cell (Shopify's Currency) is yuan or blank; an error in
    `errors` for each other: xiaoben keeps every amount in yuan and converts nothing."""
    at = columns.fields.get("currency")
    if at is None or not rows:
        return rows
    kept: list[tuple[int, list[str]]] = []
    for line, cells in rows:
        text = cells[at].strip()
        if not text or is_yuan(text):
            kept.append((line, cells))
            continue
        rule = Words("import.foreign_currency_row", value=text)
        errors.append(RowError(line, columns.header[at], text, cell_message("currency", rule)))
    return kept


def _order_dates(
    table: CsvTable, columns: ColumnMap, reader: _PurchaseReader, first: Sequence[Row]
) -> None:
    """The reader's dates read in the order of the file's slashed dates (date_order), the
    whole file looked at only where its `first` batch has one (a file of 2024-03-05 is gone
    through as before); as the seller said (--date-order) otherwise."""
    ordered = cast("DateOrder | None", table.date_order)
    at = columns.fields.get("date")
    if at is None:
        return
    dates = [at, *columns.fallbacks.get("date", ())]
    if any(
        "/" in cells[each] and slashed_parts(cells[each]) for _, cells in first for each in dates
    ):
        rows = (row for batch in table.batches() for row in batch.rows)
        ordered = date_order(rows, columns, ordered)
    if ordered is not None:
        field, _, _, _ = reader.slots[0]
        reader.slots[0] = (field, at, {}, ordered_date(ordered == "month-first"))


def _orders_of(
    table: CsvTable,
    columns: ColumnMap,
    merged: Mapping[int, Sequence[tuple[int, int]]],
    refused: dict[str, Refusal] | None = None,
) -> tuple[OrderAmounts | None, OrderRefunds | None]:
    """What the rows of orders over several rows record of the order's total and refund (one
    first pass over the file, orders.read_orders), when it has an order's total and order
    numbers or the total merged over rows of a sheet, or a refund column of the order's;
    or, without order numbers, the customer's (else the day's) cells merged down over rows
    whose amount is on the first only. `refused`: the orders paid in part found unreadable
    (PartlyPaid.refused), for the rows to refuse from an order's first row on."""
    at = columns.fields
    spans = merged.get(at["order_total"], ()) if "order_total" in at else ()
    grouped = next(
        (merged[at[each]] for each in (*PURCHASE_KEYS, "date") if merged.get(at.get(each, -1))),
        (),
    )

    def rows() -> Iterator[tuple[int, Sequence[str]]]:
        # (an order paid in part: its Total read as the part paid, as the rows will be)
        partly = PartlyPaid(columns, refused)
        return partly.rows(row for batch in table.batches() for row in batch.rows)

    return read_orders(rows(), columns, spans, again=rows, grouped=grouped)


def _told(columns: ColumnMap, orders: OrderAmounts | None) -> OrderTotals | None:
    """(orders over several rows counted once, the order-total column, the item-amount
    column or "" if the file has none) for the report; None if there are none."""
    if orders is None or not orders.orders:
        return None
    item = (
        ""
        if columns.fields["amount"] == columns.fields["order_total"]
        else columns.column("amount")
    )
    return (
        orders.orders,
        columns.column("order_total"),
        item,
        orders.totals_closed,
        orders.totals_closed_kept,
    )


def _repeats_told(
    columns: ColumnMap, orders: OrderAmounts | None
) -> tuple[PricedTotals | None, RepeatedAmounts | None]:
    """For the report: the orders whose amount repeated on each row was read as their paid
    total by the unit prices, and those read as written for want of them (orders._repeats);
    None for none."""
    if orders is None:
        return None, None
    priced: PricedTotals | None = None
    if orders.priced:
        price, quantity = columns.column("unit_price"), columns.column("quantity")
        priced = (orders.priced, columns.column("amount"), price, quantity)
    repeated: RepeatedAmounts | None = None
    if orders.unclear and orders.first_unclear is not None:
        order, lines, cents = orders.first_unclear
        repeated = (orders.unclear, columns.column("amount"), order, lines, cents)
    return priced, repeated


def _first_rows_told(columns: ColumnMap, orders: OrderAmounts | None) -> FirstRowAmounts | None:
    """For the report: the orders whose amount on their first row only was read as their
    paid total (orders._Repeats.first_row); None for none."""
    if orders is None or orders.first_first_row is None:
        return None
    order, lines, cents = orders.first_first_row
    at = columns.fields
    price = columns.column("unit_price") if "unit_price" in at else ""
    quantity = columns.column("quantity") if "quantity" in at else ""
    amount = columns.column("amount")
    return (
        orders.first_rows,
        amount,
        order,
        lines,
        cents,
        orders.first_rows_priced,
        price,
        quantity,
        orders.first_rows_closed,
        orders.first_rows_closed_kept,
    )


# Columns whose text is a key (a customer's, an order's): one in a number cell that lost
# digits would match, or be skipped as, another customer or order.
_KEY_COLUMNS = (*PURCHASE_KEYS, "order")


def _filled(row: list[str], backups: Sequence[tuple[int, Sequence[int]]]) -> list[str]:
    """`row` with each blank key cell (at) taken from the first of its fallback columns
    holding one (the buyer's phone blank: the recipient's); the row itself if none is."""
    for at, others in backups:
        if at < len(row) and not row[at].strip():
            found = next((row[other] for other in others if row[other].strip()), None)
            if found is not None:
                row = [*row]
                row[at] = found
    return row


def parse_purchases(
    table: CsvTable,
    progress: Progress | None = None,
    *,
    large_cents: int | None = None,
    latest: dt.date | None = None,
    whole: bool = True,
) -> tuple[list[PurchaseRow], list[RowError]]:
    """The good purchase rows and an error for every bad cell (and every row that did not fit
    the header, table.refused); progress(done, total) as it goes.

    `large_cents`: an amount above it is refused (the seller's rule Rules.large_purchase,
    unless they confirmed large amounts); None reads any amount parse_money takes.
    """
    purchases: list[PurchaseRow] = []
    errors: list[RowError] = []
    with without_gc():
        batches = purchase_batches(table, large_cents=large_cents, latest=latest, whole=whole)
        for batch in batches:
            purchases += batch.rows
            errors += batch.errors
            if progress is not None:
                progress(batch.done, batch.total)
    errors.sort(key=lambda error: error.line)
    return purchases, errors
