"""What every import reader returns, and the steps they share: finding the header row among
title rows, and spotting codes that lost their leading zeros in number cells.

No file formats here (sheets.py and vcards.py read those) and no SQLite.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING, Literal

from xiaoben.models.errors import BookError
from xiaoben.models.i18n import Listed, Words, current_language, field_key, t
from xiaoben.store.importing.abroad import countries_abroad
from xiaoben.store.importing.columns import (
    IGNORE,
    ColumnMap,
    Kind,
    column_key,
    columns_chosen,
    field_of,
    is_column_name,
    is_corrected_address,
    match_columns,
    merged_totals,
    names_unit_price,
    price_basis,
    unread_only,
)
from xiaoben.store.importing.csv_table import CsvTable, column_label
from xiaoben.store.importing.error_cells import blank_error_notes, refuse_lost_digits
from xiaoben.store.importing.errors import RowError
from xiaoben.store.importing.footers import (
    HEADER_AGAIN,
    TITLE_MARK,
    is_total,
    left_out_rows,
    total_rows,
    total_word,
)
from xiaoben.store.importing.formulas import unsaved_formulas
from xiaoben.store.importing.header_words import others_nickname
from xiaoben.store.importing.order_status import PAID_QUESTIONS, paid_words, unknown_paid
from xiaoben.store.importing.pay_bills import money_in

if TYPE_CHECKING:  # custom fields come from the book: pydantic's models load with it
    from xiaoben.models.fields import FieldDef
    from xiaoben.store.importing.sheet_cells import RoundedAmounts

Format = Literal["csv", "xlsx", "xls", "ods", "vcard"]
Row = tuple[int, list[str]]  # (line or sheet row, 1-based; cells as text)
# title rows, notes and blank rows a header may sit under: 支付宝's 交易明细 puts its header
# at line 25 under its 特别提示 (20 found it only where that was cut short)
HEADER_SEARCH_ROWS = 40
KINDS: tuple[Kind, ...] = ("customers", "purchases")


@dataclass(frozen=True)
class ImportTable(CsvTable):
    """A CsvTable (what the importer parses) with the facts of the file it came from.

    `encoding` is the text codec for CSV and vCards, the format's name for workbooks.
    `numbers` keeps, per column, which rows held a number cell (positions in `rows`), so a
    later step can tell a code typed as a number (lost zeros) from one typed as text.
    """

    format: Format = "csv"
    sheet: str | None = None  # the sheet read, for workbooks
    sheets: tuple[str, ...] = ()  # every sheet of the workbook, in order
    # a hidden sheet's name -> the catalogue key of its mark (import.sheet_hidden …)
    hidden_sheets: Mapping[str, str] = field(default_factory=dict)
    # a sheet read by default: the sheets with a recognised header before it, passed over
    # (no row under the header, or named as instructions: 填写说明, 模板), and those after it
    # with the same header and rows, not read (one sheet a month)
    passed_over: tuple[str, ...] = ()
    alike_sheets: tuple[str, ...] = ()
    header_line: int = 1  # the header's line (CSV, vCard) or row (sheets), 1-based
    numbers: Mapping[int, Sequence[int]] = field(default_factory=dict)
    # the number cells that may hold more than 15 digits (some of `numbers`, at least those
    # that do: a large sheet tells them from the cells' values); None: any of `numbers` may
    long_numbers: Mapping[int, Sequence[int]] | None = None
    # columns read through a column composed of them (contact_columns: Given + Family Name)
    composed_from: frozenset[int] = frozenset()
    # a contacts export's rows whose address (the first) is a work one (Outlook's Business Street
    # …): their lines, the address being the customer's all the same (contact_columns)
    work_addresses: tuple[int, ...] = ()
    # cells typed far from the data (a space in XFD1048576), left out of the sheet read, and
    # the box the data fills (sheet_scan)
    far_cells: tuple[str, ...] = ()
    far_from: str = ""
    # the data rows the sheet hides (hidden, or filtered out): read as the others, named
    hidden_rows: tuple[int, ...] = ()
    # (letters, header) of the header's columns the sheet hides: read as the others, named
    hidden_columns: tuple[tuple[str, str], ...] = ()
    # an .xlsx never calculated (workbook_xml): its formula cells holding a placeholder
    # value (0) are read as blank and named (formulas)
    uncalculated: bool = False
    # a sheet's amounts in number cells past cents, rounded as the rows are read (sheet_cells)
    rounded: RoundedAmounts | None = None
    # a sheet's cells merged over rows under the header: column -> (first, last) row of each
    # (an order's total merged over its item rows tells the order's rows: orders.py)
    merged_down: Mapping[int, Sequence[tuple[int, int]]] = field(default_factory=dict)
    # the properties of a vCard's cards that nobody reads (PHOTO, X-ANDROID-CUSTOM …)
    left_out: tuple[str, ...] = ()
    # a vCard's cards that are no person (vcards.CardKinds): each contact group (its name,
    # how many of the file's contacts are in it), organisations imported, places left out
    groups: tuple[tuple[str, int], ...] = ()
    # (group, number as written) of each member a group names by a phone no contact of the
    # file has: the importer gives the group's tag to the book's customer of that phone
    group_phones: tuple[tuple[str, str], ...] = ()
    organisations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    # a vCard's cards without a name: (number in the file, name taken) of each named by what
    # else it holds, the numbers of those left out (nothing to name them by), how many empty
    unnamed: tuple[tuple[int, str], ...] = ()
    nameless: tuple[int, ...] = ()
    empty_cards: int = 0


def recognised(cells: list[str], kind: Kind | None) -> ColumnMap | None:
    """The importer's reading of a row as a header of `kind` (either kind if None), or None."""
    for each in (kind,) if kind else KINDS:
        try:
            return match_columns(cells, each, duplicates=True)
        except BookError:
            continue
    return None


def find_header(rows: Sequence[Row], kind: Kind | None, limit: int = HEADER_SEARCH_ROWS) -> int:
    """The position in `rows` of the header among the first `limit` rows; -1 if none is.
    For a header over two rows, the position of its lower row (see find_header_rows)."""
    return find_header_rows(rows, kind, limit)[0]


def find_header_rows(
    rows: Sequence[Row], kind: Kind | None, limit: int = HEADER_SEARCH_ROWS
) -> tuple[int, list[str]]:
    """(position in `rows`, header cells) of the header among the first `limit` rows;
    (-1, []) if none is.

    The first recognised row with two or more cells wins over a lone cell above it: a merged
    title that happens to read like a column name (客户) is not the header under it. A header
    over two rows (a merged group cell 收货信息 over 收货人 | 手机 | 地址, or 金额 over
    实付 | 优惠, beside names merged down both rows) is read as one row: the lower cell where
    there is one, else the upper (two_row_header), at the lower row's position. A line of a
    template's field list (describes_fields) is no header.
    """
    lone = -1
    head = rows[:limit]
    for position, (_, cells) in enumerate(head):
        combined = _two_rows_at(head, position, kind)
        if combined is not None:
            # A row above a two-row header: the lower pair wins, however many fields each
            # names (a data row over the group row reads as a header with it, and may name
            # more: 王芳 "over" 日期 | 联系方式 beside 备注 | 金额). Read the other way, the row
            # under the upper pair, mostly column names, would be its first row of data.
            below = _two_rows_at(head, position + 1, kind)
            if below is not None:
                return position + 2, below
            return position + 1, combined
        if recognised(cells, kind) is None or describes_fields(head, position, kind):
            continue
        if sum(1 for cell in cells if cell) >= 2:
            return position, list(cells)
        if lone < 0:
            lone = position
    return lone, list(head[lone][1]) if lone >= 0 else []


def header_at(head: Sequence[Row], header_row: int, kind: Kind | None) -> tuple[int, list[str]]:
    """(position in `head`, header cells) of the header the seller named by its row number
    (--header-row); (-1, []) if that row is blank. The row as it is, or with the row above
    or under it where the two make one header (two_row_header: 地址 merged over 省市 |
    详细地址): its group cell names no column of its own, and the row under it is no data.
    The row above first: a header over two rows is said to be in its lower row ("header in
    row 2"), which the seller may then name."""
    position = next((at for at, (line, _) in enumerate(head) if line == header_row), -1)
    if position < 0:
        return -1, []
    if position > 0:
        combined = two_row_header(head[position - 1], head[position], kind)
        if combined is not None:
            return position, combined
    if position + 1 < len(head):
        combined = two_row_header(head[position], head[position + 1], kind)
        if combined is not None:
            return position + 1, combined
    return position, list(head[position][1])


def describes_fields(rows: Sequence[Row], position: int, kind: Kind | None) -> bool:
    """Whether the row at `position` is a line of a table describing the fields, not a
    header: a template's 填写说明 lists them down a column (姓名 | 客户的名字，必填 | 张三 over
    手机 | 11位手机号 | 13800138000). Its first cell is the one column name it has, and the
    row above or below it, of its shape (a lone cell, or several), starts in the same
    column with the name of another field. A header names its fields across the row: the
    data under it (a 手机 sold, under 商品) does not make it a field list."""
    cells = rows[position][1]
    found = recognised(cells, kind)
    column = _first_filled(cells)
    if found is None or set(found.fields.values()) != {column}:
        return False
    mine = _fields_named(cells[column], kind)
    several = sum(1 for cell in cells if cell) >= 2
    for near in (position - 1, position + 1):
        if not 0 <= near < len(rows):
            continue
        other = rows[near][1]
        if _first_filled(other) != column or (sum(1 for cell in other if cell) >= 2) != several:
            continue
        theirs = _fields_named(other[column], kind)
        if theirs and not theirs & mine:
            return True
    return False


def _first_filled(cells: Sequence[str]) -> int:
    return next((at for at, cell in enumerate(cells) if cell), -1)


def _fields_named(text: str, kind: Kind | None) -> set[str]:
    """The fields `text` names as a column name, of `kind` (of either kind if None)."""
    named = (field_of(text, each) for each in ((kind,) if kind else KINDS))
    return {field for field in named if field}


def _two_rows_at(head: Sequence[Row], position: int, kind: Kind | None) -> list[str] | None:
    if position + 1 >= len(head):
        return None
    return two_row_header(head[position], head[position + 1], kind)


def two_row_header(upper: Row, lower: Row, kind: Kind | None) -> list[str] | None:
    """The header two adjacent rows make together, or None if `lower` does not continue
    `upper`: a cell of `upper` was merged across two or more named columns of `lower` (a
    group), most of `lower`'s cells are column names, and together (the lower cell, else
    the upper: names merged down both rows) they are recognised and name more fields than
    `lower` alone, and no fewer than `upper` alone."""
    (upper_line, upper_cells), (lower_line, lower_cells) = upper, lower
    if lower_line != upper_line + 1 or sum(1 for cell in upper_cells if cell) < 2:
        return None
    width = max(len(upper_cells), len(lower_cells))
    above = [*upper_cells, *[""] * (width - len(upper_cells))]
    below = [*lower_cells, *[""] * (width - len(lower_cells))]
    named = [cell for cell in below if cell]
    pairs = list(zip(below, above, strict=True))
    if not any(
        above[at] and not above[at + 1] and below[at] and below[at + 1] for at in range(width - 1)
    ):
        return None  # no group cell merged across two named columns
    if sum(1 for cell in named if is_column_name(cell, kind)) * 2 < len(named):
        return None  # mostly data, not names
    combined = [cell or over for cell, over in pairs]
    together = recognised(combined, kind)
    if together is None:
        return None
    alone = recognised(below, kind)
    if alone is not None and len(alone.fields) >= len(together.fields):
        return None  # the lower row is the header by itself
    over_it = recognised(above, kind)
    if over_it is not None and len(over_it.fields) > len(together.fields):
        return None  # the upper row is the header, and names more than the two together
    return combined


# What a purchases header may lack and still be one, with a name that stands in for it
_STAND_INS = (("date",), ("amount",), ("date", "amount"))
_STAND_IN_NAMES = {"date": "日期", "amount": "金额"}


def header_lacking(head: Sequence[Row]) -> tuple[int, tuple[str, ...]] | None:
    """(line, fields) of the first row among `head` that is a purchases header but for its
    date or its amount column (a customers sheet with 2023消费, read as purchases): the
    seller is told that, not that no header is there. Fewest fields missing first; None
    for none. A row naming fewer than two columns (a title, a row of data) is none."""
    for lacking in _STAND_INS:
        stand_ins = [_STAND_IN_NAMES[field] for field in lacking]
        for line, cells in head:
            if sum(1 for cell in cells if cell and is_column_name(cell, "purchases")) < 2:
                continue  # a title, a row of data with a word of a header in it (王芳 | 客户)
            try:
                match_columns([*cells, *stand_ins], "purchases", duplicates=True)
            except BookError:
                continue
            return line, lacking
    return None


def lacking_words(lacking: Sequence[str]) -> tuple[str, str]:
    """(zh, en): the fields a header lacks, named (日期、金额; date and amount)."""
    zh = "、".join(t(field_key(field), "zh") for field in lacking)
    en = " and ".join(t(field_key(field), "en") for field in lacking)
    return zh, en


def expected_columns(kind: Kind | None) -> tuple[str, str]:
    """(zh, en): what a header of `kind` must name, as the importer says it."""
    if kind is None:
        return t("import.any_header", "zh"), t("import.any_header", "en")
    try:
        match_columns([], kind)
    except BookError as exc:
        return exc.values["expected_zh"], exc.values["expected_en"]
    return "", ""  # pragma: no cover - an empty header always misses a required column


def rebase(rows: Sequence[Row], position: int) -> tuple[list[str], list[Row]]:
    """(header, data rows) with the header at `position`; rows padded to the header's width."""
    header = list(rows[position][1])
    width = len(header)
    body = [
        (line, cells + [""] * (width - len(cells)) if len(cells) < width else cells)
        for line, cells in rows[position + 1 :]
    ]
    return header, body


def ignored_columns(table: CsvTable, kind: Kind, custom: Sequence[FieldDef] = ()) -> str | None:
    """The report's warning naming the columns nobody reads (a vCard's properties), None if
    every one is read.

    A warning, not a refusal: shop exports carry many columns a notebook does not keep
    (order numbers, courier …), and nothing already in the book is lost; the seller sees
    each one named (and a misspelt header among them) before deciding.
    """
    try:
        # Refused as the parser reads it (two 备注 columns both meaning notes): nothing to
        # warn of, the refusal says why; a column named here would contradict it.
        match_columns(table.header, kind, mapping=table.mapping, custom=custom)
        columns = match_columns(
            table.header, kind, duplicates=True, mapping=table.mapping, custom=custom
        )
    except BookError:
        return None  # the parser says what is missing
    # a sheet's amount merged over rows: the order's total, the item amount read beside it
    merged: Mapping[int, Sequence[tuple[int, int]]] = getattr(table, "merged_down", {})
    if kind == "purchases" and merged:  # (a CsvTable has no merges)
        columns = merged_totals(columns, merged)
    used = set(columns.read_as())  # (joined ones said below; every phone of a customer's)
    used |= {at for others in columns.fallbacks.values() for at in others}  # read where needed
    used |= {at for at in [columns.bill_kind()] if at is not None}  # a bill's 交易类型
    computed = _computed_headers() if kind == "customers" else frozenset()
    used |= getattr(table, "composed_from", frozenset())  # a CsvTable has none
    # a column the seller chose to ignore (--map "地区=ignore") is no column xiaoben missed
    chosen = {column_key(text) for text, field in table.mapping.items() if field == IGNORE}
    used |= {index for index, text in enumerate(table.header) if column_key(text) in chosen}
    numbered = columns_chosen(table.header, table.mapping)  # one of two 电话 columns: #3
    used |= {index for index, field in numbered.items() if field == IGNORE}
    unread = [(index, text) for index, text in enumerate(table.header) if index not in used]
    names = [
        _outranked(columns, index)
        if index in columns.outranked
        else t("import.others_nickname_column", n=index + 1, name=text)
        if others_nickname(column_key(text))
        else t("import.column_named", n=index + 1, name=text)
        for index, text in unread
        if text and text not in computed
    ]
    names += [
        t("import.unnamed_column", n=index + 1)
        for index, text in unread
        if not text and any(cells[index] for _, cells in table.rows)
    ]
    ours = [
        t("import.column_named", n=index + 1, name=text)
        for index, text in unread
        if text in computed
    ]
    joined = "、".join if current_language() == "zh" else ", ".join
    notes = [t("import.ignored_columns", columns=_listed(joined, names))] if names else []
    notes += [_joined(columns, field, joined) for field in columns.joined]
    notes += [t("import.computed_columns", columns=_listed(joined, ours))] if ours else []
    notes += [said] if (said := order_total_note(columns, merged)) else []
    notes += [said] if (said := unit_price_note(columns)) else []
    notes += [said] if (said := amount_basis_note(columns, table.rows)) else []
    notes += [said] if (said := charged_totals_note(columns, table.rows)) else []
    notes += [said] if (said := relay_emails_note(columns, table.rows)) else []
    notes += [said] if (said := corrected_address_note(columns)) else []
    if kind == "purchases" and "status" in columns.fields:
        notes += unknown_statuses_notes(columns, table.rows)
    from xiaoben.store.importing.recipients import recipients_note  # (loads pydantic)

    notes += [said] if (said := recipients_note(columns, table.rows)) else []
    if kind == "purchases" and "currency" not in columns.fields:
        abroad = countries_abroad(table.header, table.rows)
        notes += [t("import.abroad_no_currency", countries=joined(abroad[:3]))] if abroad else []
    left_out = getattr(table, "left_out", ())  # a CsvTable has none
    notes += [t("import.ignored_vcard", properties=joined(left_out))] if left_out else []
    notes += [said() for said in blank_error_notes(table.error_cells, table.header, columns.fields)]
    if isinstance(table, ImportTable):
        notes += card_kinds_notes(table, joined)
    return "\n".join(notes) or None


UNKNOWN_STATUSES_SHOWN = 5  # the status words a note names, most rows first
# The rows a large file's status words are looked for in, before its import: a platform's
# words show in its first rows, and a million-row export was read whole once more (3 s)
STATUS_GLANCE_ROWS = 100_000


def unknown_statuses_notes(
    columns: ColumnMap, rows: Iterable[tuple[int, Sequence[str]]]
) -> list[str]:
    """A line for each status word read as paid only because xiaoben knows none of its
    words (order_status.unknown_paid: a platform's word it has not met, which may be an
    order that was no sale, as 不成立 was), with how many rows have it: the seller checks
    them before the purchases count. Most rows first, the first few words."""
    at = columns.fields["status"]
    if column_key(columns.header[at]) in PAID_QUESTIONS:
        return []  # 是否付款: a 是 or 否, or a cell refused as neither
    paid = paid_words(columns.header)
    going = iter(rows)
    glanced = islice(going, STATUS_GLANCE_ROWS)
    # a pay bill: the statuses of its money in alone (支出's 支付成功 is no sale of hers)
    direction = columns.fields.get("direction")
    counts = Counter(
        cells[at].strip()
        for _, cells in glanced
        if at < len(cells) and (direction is None or money_in(cells[direction]))
    )
    key = "import.unknown_paid_status"
    if next(going, None) is not None:  # a large file: its first rows tell the words
        key = "import.unknown_paid_status_first"
    unknown = [(text, n) for text, n in counts.most_common() if unknown_paid(text, paid)]
    return [
        t(key, column=columns.header[at], word=text, count=n, rows=STATUS_GLANCE_ROWS)
        for text, n in unknown[:UNKNOWN_STATUSES_SHOWN]
    ]


def order_total_note(
    columns: ColumnMap, merged: Mapping[int, Sequence[tuple[int, int]]] | None = None
) -> str | None:
    """Which column an order's rows record, where the file has an order's total beside
    (or as) the amount, and order numbers or the total merged over rows (`merged`: a
    sheet's merged cells by column): see orders.py."""
    at = columns.fields
    if "order_total" not in at:
        return None
    total, item = columns.column("order_total"), columns.column("amount")
    if "order" not in at or columns.total_merged:  # the merged cells tell an order's rows
        if not (merged or {}).get(at["order_total"]):
            return None  # (--map's choice): each row as it is
        if at["order_total"] == at["amount"]:
            return t("import.order_total_merged_only", total=total)
        return t("import.order_total_merged", total=total, item=item)
    if at["order_total"] == at["amount"]:
        return t("import.order_total_only", total=total)
    return t("import.order_total_column", total=total, item=item)


def unit_price_note(columns: ColumnMap) -> str | None:
    """What the unit price column is read for, where it is (columns.may_repeat): not kept,
    it tells what an amount one order's rows repeat is (orders.py)."""
    at = columns.fields
    if "unit_price" not in at:
        return None
    price = columns.column("unit_price")
    basis = price_basis(price, columns.column("quantity"))  # (never one without the other)
    return t("import.unit_price_column", price=price, amount=columns.column("amount"), basis=basis)


def amount_basis_note(columns: ColumnMap, rows: Iterable[tuple[int, Sequence[str]]]) -> str | None:
    """How each row's amount is read where a quantity column stands beside it: unit price ×
    quantity, the file having no amount (ColumnMap.amount_per_unit); or a warning where the
    amount's header names a price for one (单价, Item Price) and some rows' quantities are
    above 1: those rows book one item's price, unless the price is the line's already."""
    at = columns.fields
    if "amount" not in at or "quantity" not in at:
        return None
    price, quantity = columns.column("amount"), columns.column("quantity")
    if columns.amount_per_unit:
        return t("import.amount_price_times_quantity", basis=price_basis(price, quantity))
    if not names_unit_price(price):
        return None
    count = sum(1 for _, cells in rows if _above_one(cells, at["quantity"]))
    if not count:
        return None
    return t("import.amount_is_unit_price", amount=price, quantity=quantity, count=count)


def charged_totals_note(
    columns: ColumnMap, rows: Iterable[tuple[int, Sequence[str]]]
) -> str | None:
    """How many rows' amount (a hand-kept log's 合计, 小计, 金额) is not their unit price ×
    quantity, where the file has both beside it and the unit price is read for nothing else
    (columns._unit_price): each row books its amount, what was charged (a discount, a 抹零),
    and the seller is told how many differ. None where none does."""
    at = columns.fields
    if "amount" not in at or "quantity" not in at or "unit_price" in at:
        return None
    if columns.amount_per_unit or names_unit_price(columns.column("amount")):
        return None
    read = columns.read_as()
    prices = [
        index
        for index, text in enumerate(columns.header)
        if index not in read and field_of(text, "purchases") == "unit_price"
    ]
    if len(prices) != 1:
        return None  # none, or two unit prices: unclear which
    price_at, amount_at, quantity_at = prices[0], at["amount"], at["quantity"]
    count = sum(1 for _, cells in rows if _not_priced(cells, amount_at, price_at, quantity_at))
    if not count:
        return None
    basis = price_basis(columns.header[price_at], columns.column("quantity"))
    return t("import.charged_not_priced", count=count, amount=columns.column("amount"), basis=basis)


def _not_priced(cells: Sequence[str], amount: int, price: int, quantity: int) -> bool:
    """Whether a row's amount, unit price and quantity are all read and the amount is not
    the price × the quantity (a row missing one, a total row, is no such row)."""
    from pydantic_core import PydanticCustomError  # (as _above_one)

    from xiaoben.models.cells import cell_cents, cell_quantity

    if max(amount, price, quantity) >= len(cells):
        return False
    texts = (cells[amount].strip(), cells[price].strip(), cells[quantity].strip())
    if not all(texts):
        return False
    try:
        charged, each, count = cell_cents(texts[0]), cell_cents(texts[1]), cell_quantity(texts[2])
    except PydanticCustomError:
        return False
    return charged != each * count


def _above_one(cells: Sequence[str], at: int) -> bool:
    """Whether a row's quantity cell holds a whole number above 1 (3, 3件, x2)."""
    # (here: the models' cell rules load pydantic, which a workbook's reading does without)
    from pydantic_core import PydanticCustomError

    from xiaoben.models.cells import cell_quantity

    try:
        return at < len(cells) and cell_quantity(cells[at]) > 1
    except PydanticCustomError:
        return False


# Amazon's relay addresses (x@marketplace.amazon.com, .co.uk, .de …): no use to a seller
_RELAY_EMAIL = re.compile(r"@marketplace\.amazon\.", re.IGNORECASE)


def relay_email(cell: str) -> bool:
    """Whether an email cell is Amazon's relay address (never the buyer's own)."""
    return bool(_RELAY_EMAIL.search(cell))


def relay_emails_note(columns: ColumnMap, rows: Iterable[tuple[int, Sequence[str]]]) -> str | None:
    """The rows of a purchases file whose email is Amazon's relay address: left out of the
    customers the import makes (purchase_rows.buyer_email)."""
    at = columns.fields.get("email") if columns.kind == "purchases" else None
    if at is None:
        return None
    count = sum(1 for _, cells in rows if at < len(cells) and relay_email(cells[at]))
    if not count:
        return None
    return t("import.relay_emails", column=columns.column("email"), count=count)


def corrected_address_note(columns: ColumnMap) -> str | None:
    """Where the address comes from when a corrected one is there (修改后的收货地址): that
    column, and where a row leaves it blank the one it corrects (收货地址)."""
    others = columns.fallbacks.get("address")
    if not others:
        return None
    corrected = t(
        "import.column_named", n=columns.fields["address"] + 1, name=columns.column("address")
    )
    written = t("import.column_named", n=others[0] + 1, name=columns.header[others[0]])
    key = "corrected_address" if is_corrected_address(columns) else "fallback_address"
    return t(f"import.{key}", corrected=corrected, written=written)


NAMES_LISTED = 10  # the cards a note names; "…" for the rest


def card_kinds_notes(table: ImportTable, joined: Callable[[Iterable[str]], str]) -> list[str]:
    """The notes on a vCard's cards that are no person: "2 contact groups were not imported
    as customers; their names were given to their members as tags", a group none of whose
    members is in the file, an organisation imported, a place left out."""

    def note(key: str, names: Sequence[str]) -> list[str]:
        if not names:
            return []
        quoted = [t("import.quoted_name", name=name) for name in names[:NAMES_LISTED]]
        listed = joined(quoted) + ("…" if len(names) > NAMES_LISTED else "")
        return [t(key if len(names) == 1 else f"{key}_many", names=listed)]

    in_book = {name for name, _ in table.group_phones}  # members the book may have
    tagged = sum(1 for name, members in table.groups if name and (members or name in in_book))
    notes = [t("import.vcard_groups_tagged", count=tagged)] if tagged else []
    alone = [name for name, members in table.groups if name and not members and name not in in_book]
    notes += note("import.vcard_group_alone", alone)
    unnamed = sum(1 for name, _ in table.groups if not name)
    notes += [t("import.vcard_groups_unnamed", count=unnamed)] if unnamed else []
    notes += note("import.vcard_organisation", table.organisations)
    notes += note("import.vcard_place", table.places)
    return notes + nameless_cards_notes(table, joined)


def work_addresses_note(lines: Sequence[int]) -> str:
    """The report's line of a contacts export's rows imported whose address (the first) is a
    work one: kept as the customer's address (no place of its own); said after the import,
    of the rows it took (ImportReport.work_addresses), not of a refused one."""
    return t("import.contacts_work_address", count=len(lines), line=lines[0])


def nameless_cards_notes(table: ImportTable, joined: Callable[[Iterable[str]], str]) -> list[str]:
    """A line for each card without a name that took one (the first NAMES_LISTED, then how
    many more), one naming the cards left out for having nothing to be named by, one
    counting the empty cards skipped."""
    unnamed = "import.vcard_unnamed" if table.format == "vcard" else "import.contact_unnamed"
    notes = [  # a card's number in the file; a contacts CSV's line
        t(unnamed, number=number, name=name) for number, name in table.unnamed[:NAMES_LISTED]
    ]
    if len(table.unnamed) > NAMES_LISTED:
        notes.append(t("import.vcard_unnamed_more", count=len(table.unnamed) - NAMES_LISTED))
    if table.nameless:
        shown = joined(str(number) for number in table.nameless[:NAMES_LISTED])
        more = "…" if len(table.nameless) > NAMES_LISTED else ""
        notes.append(t("import.vcard_nameless", numbers=shown + more, count=len(table.nameless)))
    if table.empty_cards:
        notes.append(t("import.vcard_empty", count=table.empty_cards))
    return notes


COLUMNS_NAMED = 20  # a sheet of 3,000 columns is not named column by column


def _listed(joined: Callable[[Iterable[str]], str], names: Sequence[str]) -> str:
    """The first COLUMNS_NAMED names joined, and how many more there are."""
    shown = joined(names[:COLUMNS_NAMED])
    more = len(names) - COLUMNS_NAMED
    return shown + t("import.more_columns", count=more) if more > 0 else shown


# The columns a customer export adds that xiaoben computes (its lenses and figures, the
# day a customer was added): read back, they are recomputed, never imported as written.
COMPUTED_COLUMNS = (
    "export.created",
    "lens.value_tier",
    "export.r",
    "export.f",
    "export.m",
    "lens.rfm_segment",
    "lens.rfm8",
    "export.stage",
    "lens.role",
    "lens.score",
    "lens.quadrant",
    "export.value",
    "export.net_revenue",
    "export.orders",
    "export.last_purchase",
    "export.reasons",
)


def _computed_headers() -> frozenset[str]:
    """Those columns' headers as an export writes them, in either language."""
    return frozenset(t(key, lang=lang) for key in COMPUTED_COLUMNS for lang in ("zh", "en"))


def empty_rows_note(table: CsvTable, custom: Sequence[FieldDef] = ()) -> str | None:
    """ "lines 4–9, 11–61 have cells only in columns not imported (“序号”): skipped as empty
    rows", for a customers file's rows whose only cells are in columns no field is read from
    (customer_rows.empty_row), passed over by the import: None if there is none."""
    if getattr(table, "format", "") == "vcard":
        return None
    try:
        columns = match_columns(
            table.header, "customers", duplicates=True, mapping=table.mapping, custom=custom
        )
    except BookError:
        return None  # the parser says what is missing
    read = columns.columns_read() | getattr(table, "composed_from", frozenset())
    left_out = {line for line, _ in left_out_rows(table.header, table.rows)}
    lines: list[int] = []
    named: dict[int, str] = {}  # the columns those rows' cells are in
    for line, cells in table.rows:
        if line in left_out or not unread_only(read, cells) or total_word(cells) is not None:
            continue
        lines.append(line)
        for at, cell in enumerate(cells):
            if cell.strip() and at not in named and len(named) < _NAMED_COLUMNS:
                named[at] = table.header[at] if at < len(table.header) else ""
    if not lines:
        return None
    quoted = Listed(
        f"“{text}”" if text else t("import.column_at", n=at + 1)
        for at, text in sorted(named.items())
    )
    return t("import.empty_rows", count=len(lines), lines=line_ranges(lines), columns=quoted())


_NAMED_COLUMNS = 3  # the columns not imported an empty row's cells are in, named
_RANGES_SHOWN = 8  # runs of lines named; more are "…"


def line_ranges(lines: Sequence[int]) -> str:
    """Lines as runs: 4–9、11、13–61 (en: 4–9, 11, 13–61), the first few, then …."""
    runs: list[tuple[int, int]] = []
    for line in lines:
        if runs and line == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], line)
        else:
            runs.append((line, line))
    shown = [str(first) if first == last else f"{first}–{last}" for first, last in runs]
    more = "…" if len(shown) > _RANGES_SHOWN else ""
    return t("import.line_list_separator").join(shown[:_RANGES_SHOWN]) + more


def total_rows_note(table: ImportTable) -> str | None:
    """ "line 9 is the sheet's total (“合计”) and is not imported", for every such row; and
    for the rows repeating the header and the block titles above them (left_out_rows)."""
    return total_rows_text(left_out_rows(table.header, table.rows) + total_rows(table.rows))


def total_rows_text(found: Sequence[tuple[int, str]]) -> str | None:
    """The note for the rows found left out, (line, word) each: a line for the 合计 rows,
    one for the footer lines (共 2 位客户, 制表人：小王), one for the rows repeating the
    header, one for the block titles above them; None for none."""
    repeats = [(line, word) for line, word in found if word == HEADER_AGAIN]
    titles = [(line, word[1:]) for line, word in found if word.startswith(TITLE_MARK)]
    rest = [(line, word) for line, word in found if word and not word.startswith(TITLE_MARK)]
    totals = [(line, word) for line, word in rest if is_total(word)]
    footers = [(line, word) for line, word in rest if not is_total(word)]
    notes = [
        _rows_note(titles, "import.block_title"),
        _rows_note(repeats, "import.header_repeated"),
        _rows_note(totals, "import.total_rows"),
        _rows_note(footers, "import.footer_rows"),
    ]
    return "\n".join(note for note in notes if note) or None


def _rows_note(found: Sequence[tuple[int, str]], key: str) -> str | None:
    if not found:
        return None
    shown = t("import.line_list_separator").join(str(line) for line, _ in found[:10])
    lines = shown + ("…" if len(found) > 10 else "")
    # the first that says something (a bill's rule of dashes is no example)
    word = next((word for _, word in found if any(map(str.isalnum, word))), found[0][1])
    return t(key if len(found) == 1 else f"{key}_many", lines=lines, word=word)


def _joined(columns: ColumnMap, field: str, joined: Callable[[Iterable[str]], str]) -> str:
    """ "notes join column 3 “备注” and column 4 “客户备注” (each kept)"."""
    named = [
        t("import.column_named", n=at + 1, name=columns.header[at]) for at in columns.joined[field]
    ]
    if len(named) == 1:  # a member list's 消费次数, the file's one column of notes
        return t("import.noted_column", field=columns.field_name(field), column=named[0])
    return t("import.joined_columns", field=columns.field_name(field), columns=joined(named))


def _outranked(columns: ColumnMap, index: int) -> str:
    """ "column 3 “商品总价” (amount is read from column 5 “实付款”)"."""
    field = columns.outranked[index]
    chosen = columns.fields[field]
    return t(
        "import.outranked_column",
        n=index + 1,
        name=columns.header[index],
        field=columns.field_name(field),
        chosen=t("import.column_named", n=chosen + 1, name=columns.header[chosen]),
    )


# ---------------------------------------------------------------------------------------------
# Codes typed into number cells


def lost_zeros(table: ImportTable, kind: Kind) -> list[RowError]:
    """A warning for each code in a number cell that looks shorter than it was typed, and
    for each number cell longer than a spreadsheet keeps (lost_digits) or formula cell
    without its value (unsaved_formula_cells).

    The code column's width is that of its codes written with leading zeros (00042), else
    the width most (80 %) of its codes share. A number cell with fewer digits (42) then
    probably lost its zeros to the spreadsheet. The rows are gone through once (a large
    sheet's rows are read from the workbook each time).
    """
    found = _lost_zeros(table, kind) + lost_digits(table) + unsaved_formula_cells(table)
    hidden = hidden_columns_read(table) + hidden_rows_read(table)
    return far_cells_left_out(table) + hidden + found


_NAMED_LINES = 5  # hidden rows named by line; more are counted


def hidden_rows_read(table: ImportTable) -> list[RowError]:
    """A warning naming the rows the sheet hides (hidden, or filtered out by an AutoFilter):
    a seller's "deleted for now" is still the seller's data, so they are read as the
    others, but the seller, who sees fewer rows in the sheet, is told which."""
    hidden = table.hidden_rows
    if not hidden:
        return []
    shown = Listed(map(str, hidden[:_NAMED_LINES]))
    more = len(hidden) - _NAMED_LINES
    key = "import.hidden_lines" if len(hidden) > 1 else "import.hidden_line"
    lines = Words("import.hidden_lines_more" if more > 0 else key, lines=shown, more=more)
    apps = Words("import.apps.ods" if table.format == "ods" else "import.apps.excel")
    message = Words("import.hidden_rows", count=len(hidden), lines=lines, apps=apps)
    return [RowError(hidden[0], Words("import.hidden_rows_heading"), "", message)]


def hidden_columns_read(table: ImportTable) -> list[RowError]:
    """A warning naming the columns the sheet hides: as a hidden row, a hidden column (an
    old number, a note kept out of sight) is still the seller's data, so it is read as the
    others (a phone in it is a phone of the customer, found by), but she is told which."""
    hidden = table.hidden_columns
    if not hidden:
        return []
    columns = Listed(f"{letters} “{name}”" for letters, name in hidden)
    apps = Words("import.apps.ods" if table.format == "ods" else "import.apps.excel")
    message = Words("import.hidden_columns", count=len(hidden), columns=columns, apps=apps)
    return [RowError(table.header_line, Words("import.hidden_columns_heading"), "", message)]


def far_cells_left_out(table: ImportTable) -> list[RowError]:
    """A warning naming the cells typed far from the data that were left out of the sheet."""
    if not table.far_cells:
        return []
    first = table.far_cells[0]
    row = int(first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    shown: str | Words = ", ".join(table.far_cells[:3])
    if len(table.far_cells) > 3:
        shown = Words("import.far_cells_more", cells=shown, count=len(table.far_cells))
    message = Words("import.far_cells_left_out", cells=shown, data=table.far_from)
    return [RowError(row, first, "", message)]


def unsaved_formula_cells(table: ImportTable) -> list[RowError]:
    """A warning for each formula cell under the header whose value was never saved (read
    as empty): the seller opens the workbook and saves it again."""
    if table.format != "xlsx" or table.sheet is None:
        return []
    found = unsaved_formulas(table.path, table.sheet, table.uncalculated)
    totals = {line for line, _ in total_rows(table.rows)} if found else set()  # left out anyway
    return [
        RowError(row, cell, formula, Words("import.unsaved_formula", formula=formula))
        for row, cell, formula in found
        if row > table.header_line and row not in totals
    ]


_KEPT_DIGITS = 15  # a spreadsheet's number is a double: 15 significant digits are kept


def lost_digits(table: ImportTable) -> list[RowError]:
    """A warning for each number cell of more than 15 digits (an 18- or 19-digit order
    number typed or exported as a number): its last digits are lost and cannot be told."""
    return [
        RowError(
            line, column_label(table.header, at), value, Words("import.lost_digits", value=value)
        )
        for line, cells in lost_digit_cells(table).items()
        for at, value in cells.items()
    ]


def lost_digit_cells(table: CsvTable) -> dict[int, dict[int, str]]:
    """line -> column -> text of each number cell of more than 15 digits (lost_digits); a
    CSV has no number cells."""
    if not isinstance(table, ImportTable):
        return {}
    wanted: dict[int, list[int]] = {}  # row position -> its number cells' columns
    numbers = table.numbers if table.long_numbers is None else table.long_numbers
    for at, positions in numbers.items():
        for position in positions:
            wanted.setdefault(position, []).append(at)
    if not wanted:
        return {}
    found: dict[int, dict[int, str]] = {}
    # once through the rows (a large sheet's rows are read from the workbook each time: an
    # index per cell would read them again for every number cell)
    for position, (line, cells) in enumerate(table.rows):
        for at in sorted(wanted.get(position, ())):
            value = cells[at]
            if len(value) <= _KEPT_DIGITS:
                continue  # nearly every number: too short to have lost a digit
            if sum(char.isdigit() for char in value.lstrip("-0.")) > _KEPT_DIGITS:
                found.setdefault(line, {})[at] = value
    return found


def lost_key_cells(
    table: CsvTable, fields: Mapping[str, int], keys: Sequence[str]
) -> dict[int, dict[int, str]]:
    """lost_digit_cells in the columns of `keys` (a customer's code, phone, an order
    number): a key cut to 15 digits would be another customer's or order's."""
    wanted = {fields[field] for field in keys if field in fields}
    found = {
        line: {at: value for at, value in cells.items() if at in wanted}
        for line, cells in lost_digit_cells(table).items()
    }
    return {line: cells for line, cells in found.items() if cells}


# A number cell's text that may have lost digits: 15 significant digits, then zeros (a
# sheet's number is written in 15); a batch without one is not looked at further.
_MAY_HAVE_LOST = re.compile(r"^-?[1-9][0-9]{14}0+$", re.MULTILINE)


class LostKeys:
    """The rows of a sheet with a key cell (`keys`' columns) that lost digits refused
    (refuse_lost_digits), batch by batch. The sheet's number cells are looked up only for
    a batch with a key cell that may be one: a large sheet is not gone through for them
    before its import (the import notes them as it reads)."""

    def __init__(self, table: CsvTable, fields: Mapping[str, int], keys: Sequence[str]) -> None:
        self.table = table
        self.fields = fields
        self.keys = keys
        # only a workbook has number cells (a CSV or a vCard, even read as an ImportTable,
        # has none: its key cells are not searched, ~0.5 s a million rows)
        read = isinstance(table, ImportTable) and table.format not in ("csv", "vcard")
        self.columns = sorted({fields[each] for each in keys if each in fields}) if read else []
        self.found: dict[int, dict[int, str]] | None = None

    def refuse(self, rows: list[Row], errors: list[RowError]) -> list[Row]:
        if not self.columns or not rows:
            return rows
        cells = list(map(itemgetter(1), rows))
        if not any(
            _MAY_HAVE_LOST.search("\n".join(map(itemgetter(at), cells))) for at in self.columns
        ):
            return rows
        if self.found is None:
            self.found = lost_key_cells(self.table, self.fields, self.keys)
        return refuse_lost_digits(self.found, self.table.header, self.fields, rows, errors)


def _lost_zeros(table: ImportTable, kind: Kind) -> list[RowError]:
    try:
        at = match_columns(table.header, kind, mapping=table.mapping).fields.get("code")
    except BookError:
        return []
    typed_as_numbers = table.numbers.get(at) if at is not None else None
    if at is None or not typed_as_numbers:
        return []
    held = set(typed_as_numbers)
    codes: list[str] = []
    numbers: list[tuple[int, str]] = []  # (line, code) of the codes in number cells
    for position, (line, cells) in enumerate(table.rows):
        value = cells[at]
        if value.isdigit():
            codes.append(value)
            if position in held:
                numbers.append((line, value))
    found = _code_width(codes)
    if found is None:
        return []
    width, example = found
    column = table.header[at]
    warnings = []
    for line, value in numbers:
        if len(value) < width:
            rule = Words("import.lost_zeros", value=value, width=width, example=example)
            # The column is said beside it (编号: …); the rule names the code itself.
            warnings.append(RowError(line, column, value, rule))
    return warnings


def _code_width(codes: list[str]) -> tuple[int, str] | None:
    """(width, an example code of it) for a code column's codes; None if codes vary."""
    padded = [code for code in codes if code.startswith("0") and len(code) > 1]
    if padded:
        width = Counter(map(len, padded)).most_common(1)[0][0]
        return width, next(code for code in padded if len(code) == width)
    if not codes:
        return None
    width, count = Counter(map(len, codes)).most_common(1)[0]
    if count < 0.8 * len(codes):
        return None
    return width, next(code for code in codes if len(code) == width)


def sheet_notes(table: ImportTable, words: str = "import") -> list[str]:
    """What a sheet read by default leaves unread, said: the recognised sheets passed over
    before it (填写说明, an empty 模板) and those after it with the same header (2月, 3月);
    `words`: "importer" for the Import screen's, naming its sheet box, not --sheet."""
    notes: list[str] = []
    sheet = table.sheet or ""
    if table.passed_over:
        listed = _quoted(table.passed_over)
        notes.append(t(f"{words}.sheets_passed_over", sheets=listed, count=len(table.passed_over)))
    if table.alike_sheets:
        names = table.alike_sheets
        first = names[0] if names[0].isprintable() and " " not in names[0] else f'"{names[0]}"'
        notes.append(
            t(
                f"{words}.sheets_alike",
                sheets=_quoted(names),
                count=len(names),
                sheet=sheet,
                first=first,
            )
        )
    return notes


def _quoted(names: Sequence[str]) -> str:
    return t("import.line_list_separator").join(f"“{name}”" for name in names)
