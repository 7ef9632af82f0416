"""The first rows of a table with each cell's verdict, for the app's Import screen to show
before anything is written: the same parsers the import runs, on a few rows only.

No book here: whether a purchase's customer is in the book is the dry run's to say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from xiaoben.models.errors import BookError, field_rule
from xiaoben.store.importing.columns import Kind, match_columns
from xiaoben.store.importing.csv_table import CsvTable, Row
from xiaoben.store.importing.customer_rows import empty_row, parse_customers
from xiaoben.store.importing.errors import RowError
from xiaoben.store.importing.footers import total_word
from xiaoben.store.importing.pay_bills import PayBill
from xiaoben.store.importing.purchase_rows import parse_purchases

PREVIEW_ROWS = 8


@dataclass(frozen=True)
class Verdicts:
    rows: list[Row]  # the first rows, as read (a row refused whole has no cells)
    cells: dict[tuple[int, int], list[str]]  # (line, column index) -> what is wrong there
    lines: dict[int, list[str]]  # line -> what is wrong with the row, not one of its cells
    # line -> a good purchase row's order status when the import does not record it as a
    # plain purchase: "closed" (交易关闭, 已取消), "unpaid" (等待买家付款): left out; or
    # "refunded" (a full refund); a pay bill's rows that are no customer's payment: "spent"
    # (支出), "neutral" (/, 不计收支), "returned" (her own money back), left out
    statuses: dict[int, str] = field(default_factory=dict)

    def ok(self, line: int) -> bool:
        return line not in self.lines and not any(at[0] == line for at in self.cells)


def first_rows(
    table: CsvTable,
    kind: Kind,
    limit: int = PREVIEW_ROWS,
    large_cents: int | None = None,
    today: dt.date | None = None,
) -> Verdicts:
    """The verdicts of the first `limit` rows (refused rows among them) as `kind`.

    BookError, as the import would raise it, if the header (and the seller's mapping) does
    not name what `kind` needs.
    """
    head = table.rows[:limit]
    last = head[-1][0] if len(head) == limit else None
    refused = tuple(error for error in table.refused if last is None or error.line < last)
    sample = replace(table, rows=head, refused=refused)
    statuses: dict[int, str] = {}
    if kind == "customers":
        _, errors = parse_customers(sample, today=today)
        statuses = _empty_rows(table, head)
    else:
        bill = _bill_of(table)
        if bill is not None:  # a payer's bill is one whole, not its first rows
            bill.refuse_buyers_bill(table.rows)
        purchases, errors = parse_purchases(
            sample, large_cents=large_cents, latest=today, whole=False
        )
        statuses = {row.line: row.status for row in purchases if row.status != "paid"}
        if bill is not None:
            statuses |= _bill_left_out(bill, head)
    rows = sorted([*head, *((line, []) for line in {error.line for error in refused})])
    return replace(_placed(table, kind, rows[:limit], errors), statuses=statuses)


def _placed(table: CsvTable, kind: Kind, rows: list[Row], errors: list[RowError]) -> Verdicts:
    columns = match_columns(table.header, kind, duplicates=True, mapping=table.mapping)
    read = {table.header[at]: at for at in sorted(columns.fields.values(), reverse=True)}
    cells: dict[tuple[int, int], list[str]] = {}
    lines: dict[int, list[str]] = {}
    shown = {line for line, _ in rows}
    whole = {line for line, cells in rows if not cells}  # refused rows: no cells to mark
    # a contacts file's refused card shows no cell: its name or phone is said before why
    cards = getattr(table, "format", "") == "vcard"
    for error in errors:
        if error.line not in shown:
            continue
        at = None if error.line in whole else read.get(error.column)
        if at is None and error.line in whole and cards:  # the card, as the report names it
            lines.setdefault(error.line, []).append(field_rule(error.column, error.message))
        elif at is None:
            lines.setdefault(error.line, []).append(error.message)
        else:
            cells.setdefault((error.line, at), []).append(error.message)
    return Verdicts(rows, cells, lines)


def _empty_rows(table: CsvTable, rows: Sequence[Row]) -> dict[int, str]:
    """line -> "empty" of a customers file's rows passed over as empty: their only cells
    are in columns not imported (customer_rows.empty_row: a 序号 numbered ahead)."""
    if getattr(table, "format", "") == "vcard":
        return {}
    try:
        columns = match_columns(table.header, "customers", duplicates=True, mapping=table.mapping)
    except BookError:  # said by the parsing, as the import says it
        return {}
    read = columns.columns_read() | getattr(table, "composed_from", frozenset())
    return {line: "empty" for line, cells in rows if empty_row(read, cells)}


def _bill_of(table: CsvTable) -> PayBill | None:
    """The table's pay bill reader (pay_bills), where it is one."""
    try:
        columns = match_columns(table.header, "purchases", duplicates=True, mapping=table.mapping)
    except BookError:  # said by the parsing, as the import says it
        return None
    return PayBill.of(columns)


def _bill_left_out(bill: PayBill, rows: Sequence[Row]) -> dict[int, str]:
    """line -> "spent", "neutral" or "returned" of a pay bill's rows that are no customer's
    payment (PayBill.left_out_as)."""
    said = {line: bill.left_out_as(cells) for line, cells in rows if total_word(cells) is None}
    return {line: status for line, status in said.items() if status is not None}
