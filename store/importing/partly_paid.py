"""Orders paid in part (Shopify's Financial Status partially_paid: a deposit, an order paid
on two cards one of which is still to come): a purchase of what was paid, the order's Total
less the export's Outstanding Balance, never of the whole Total; in a file without that
column what was paid is unknown, and the order's rows are refused by name.

Rows only: the amount cell of such an order's row (its Total, on the order's first row) is
written as the part paid, before the rest of the importer reads it (its first pass over the
orders, orders.read_orders, and the rows themselves), so an order over several item rows
shares out the part paid as it shares out a Total. An order's later item rows that leave its
status blank (Shopify writes it on the first row only) are of its status. Nothing here
touches the book.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from pydantic_core import PydanticCustomError

from xiaoben.models.cells import cell_cents
from xiaoben.models.errors import rule_words
from xiaoben.models.i18n import Words
from xiaoben.store.importing.columns import ColumnMap, column_key
from xiaoben.store.importing.errors import RowError, cell_message
from xiaoben.store.importing.order_status import CLAUSES

Row = tuple[int, list[str]]

# A status saying the order is paid in part, as the platforms write it (casefolded, _ and -
# as a space), read a clause at a time as order_status reads statuses (Partially Paid
# (deposit)), past a 已 or WooCommerce's raw wc- before it and words after it: Shopify's
# partially_paid, and WooCommerce's partially-paid where a deposits plugin adds it (its
# export has no balance column: refused by name); a deposit paid and its balance still to
# come (定金已付, 已付定金, 待付尾款). (WooCommerce itself, Amazon, eBay, Etsy, TikTok Shop,
# Lazada and Shopee write no such state.)
_PARTLY_PAID = re.compile(
    r"(?:wc )?(?:partially paid|partly paid|part paid|deposit paid)\b"
    r"|已?部分(?:付款|支付|已付)|(?:定金|订金)已?(?:付|支付)|已?(?:付|支付)了?(?:定金|订金)"
    r"|[待未](?:付|支付)尾款|尾款[待未](?:付|支付)"
)
# A clause saying the balance was paid too (已付定金，已付尾款): paid in full
_BALANCE_PAID = re.compile(r"(?:^|[^待未支])(?:付|支付)了?尾款|尾款已(?:付|支付)|balance paid")


# The column an export gives what is still to be paid of an order in (its header as
# column_key has it): Shopify's Outstanding Balance
_OUTSTANDING = frozenset({"outstandingbalance", "未付金额", "待付金额", "欠款"})


@lru_cache(maxsize=256)  # asked at every row of a shop export: a few words a file
def partly_paid(text: str) -> bool:
    """Whether an order-status cell says the order is paid in part (partially_paid,
    wc-partially-paid, 已部分付款, 定金已付 …)."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("_", " ").replace("-", " ")
    clauses = [clause.strip() for clause in CLAUSES.split(folded) if clause.strip()]
    if any(_BALANCE_PAID.search(clause) for clause in clauses):
        return False
    return any(_PARTLY_PAID.match(clause) for clause in clauses)


def outstanding_column(header: Sequence[str]) -> int | None:
    """The column of what is still to be paid of each order (Outstanding Balance), if any."""
    return next((at for at, text in enumerate(header) if column_key(text) in _OUTSTANDING), None)


# Shopify's status column (column_key), whose export has an Outstanding Balance column
_SHOPIFY = frozenset({"financialstatus"})
# Why an order is refused where its export cannot give what is outstanding
_BY_HAND = "import.partly_paid_unknown_by_hand"
# Why an order's rows are refused: (the column it is filed under, the message)
Refusal = tuple[int, Words]


class PartlyPaid:
    """Reads a purchases file's rows a batch at a time (rows of one order follow each other,
    one batch to the next), each row of an order paid in part with its amount cell written
    as the part paid, or refused (no Outstanding Balance column, or a cell it cannot read);
    `found`: (line, order) of each such row read, its order number (else its line) telling
    the order, for the report to count the orders that went in.

    The balance is the order's, as its status is: a later item row that leaves it blank and
    repeats the order's Total (or 订单实付金额) is of the first row's balance, so the order's
    rows still agree on one total, the part paid. `refused`: the orders refused (by number),
    given those a first pass over the file found (an order whose rows state two Totals beside
    one balance is refused from its first row on)."""

    def __init__(self, columns: ColumnMap, refused: dict[str, Refusal] | None = None) -> None:
        at = columns.fields
        self.header = columns.header
        self.status = at.get("status")
        self.order = at.get("order")
        self.amount = at.get("order_total", at.get("amount"))
        self.whole = "order_total" in at  # the amount is the order's (else each item's)
        self.outstanding = outstanding_column(columns.header)
        # Shopify's export, which gives the balance when asked (its Financial Status column);
        # another's cannot (WooCommerce's): what she can do instead is said
        self.shopify = self.status is not None and column_key(self.header[self.status]) in _SHOPIFY
        self.found: list[tuple[int, str]] = []
        self.last: tuple[str, str] = ("", "")  # the last row's order number and status
        # the order's first row stating a Total: its number, line, Total and balance cells
        self.first: tuple[str, int, str, str] = ("", 0, "", "")
        self.refused: dict[str, Refusal] = {} if refused is None else refused

    def rows(self, rows: Iterable[Row], errors: list[RowError] | None = None) -> Iterator[Row]:
        """`rows` with each of an order paid in part read as above; a row refused goes to
        `errors` (None: left out only, the importer's first pass over the orders)."""
        if self.status is None or self.amount is None:
            yield from rows
            return
        for line, cells in rows:
            status = self._status(cells)
            if not partly_paid(status):
                yield line, cells
                continue
            number = cells[self.order].strip() if self.order is not None else ""
            owed = self._owed(line, cells, number)
            refusal = self.refused.get(number) if number else None
            refusal = refusal or self._refused(line, cells, status, owed, number)
            if refusal is not None:  # (the order's later item rows with it)
                if number:
                    self.refused[number] = refusal
                if errors is not None:
                    at, rule = refusal
                    errors.append(RowError(line, self.header[at], cells[at].strip(), rule))
                continue
            self.found.append((line, number or f"#{line}"))
            yield line, self._paid(cells, owed)

    def _status(self, cells: Sequence[str]) -> str:
        """The row's status, or its order's where it leaves it blank (a later item row)."""
        assert self.status is not None
        status = cells[self.status].strip()
        number = cells[self.order].strip() if self.order is not None else ""
        if not status and number and number == self.last[0]:
            status = self.last[1]
        self.last = (number, status)
        return status

    def _owed(self, line: int, cells: Sequence[str], number: str) -> str:
        """The row's balance cell, or its order's (the first row's) where it leaves it blank
        and states the order's Total again."""
        assert self.amount is not None
        if self.outstanding is None:
            return ""
        total = cells[self.amount].strip()
        owed = cells[self.outstanding].strip()
        first = self.first
        if not total:
            return owed  # a later item row: the order's first row has its Total
        if not number or number != first[0]:
            self.first = (number, line, total, owed)
            return owed
        if not owed and _same(total, first[2]):  # (a Total repeated on each item row)
            return first[3]
        return owed

    def _refused(
        self, line: int, cells: Sequence[str], status: str, owed: str, number: str
    ) -> Refusal | None:
        """Why the row of an order paid in part cannot be read (None: it can): no column
        says what is still to be paid, or its Total or Outstanding Balance is no amount, or
        a balance below 0, or nothing of the Total is paid, or the order's rows state two
        Totals beside one balance."""
        assert self.amount is not None and self.status is not None
        if self.outstanding is None:
            unknown = "import.partly_paid_unknown" if self.shopify else _BY_HAND
            return self.status, cell_message("status", Words(unknown, value=status))
        total = cells[self.amount].strip()
        if not total:
            return None  # a later item row: the order's first row has its Total
        first = self.first
        if (
            self.whole
            and number
            and number == first[0]
            and first[3]
            and not cells[self.outstanding].strip()
            and not _same(total, first[2])
        ):
            rule = Words(
                "import.partly_paid_totals_differ",
                order=number,
                column=self.header[self.amount],
                first=first[2],
                first_line=first[1],
                second=total,
                second_line=line,
                outstanding=self.header[self.outstanding],
            )
            return self.amount, cell_message("order_total", rule)
        outstanding = self.header[self.outstanding]
        try:
            balance = cell_cents(owed) if owed else 0
        except PydanticCustomError as exc:  # the balance's own cell, as any amount's
            if exc.type == "xb.money_negative_row":  # a credit: more than the Total paid
                rule = Words("import.partly_paid_negative", owed=owed, column=outstanding)
                return self.outstanding, cell_message("amount", rule)
            return self.outstanding, cell_message("amount", rule_words(exc))
        try:
            paid = cell_cents(total) - balance
        except PydanticCustomError:
            return None  # a Total that is no amount: refused by name as the row is read
        if paid <= 0:
            rule = Words("import.partly_paid_none", total=total, owed=owed, column=outstanding)
            return self.status, cell_message("status", rule)
        return None

    def _paid(self, cells: list[str], owed: str) -> list[str]:
        """The row with its amount cell the part paid (a later item row's blank one as it is)."""
        assert self.amount is not None
        total = cells[self.amount].strip()
        if not total or self.outstanding is None:
            return cells
        try:
            paid = cell_cents(total) - (cell_cents(owed) if owed else 0)
        except PydanticCustomError:
            return cells  # a Total that is no amount: refused by name as the row is read
        written = list(cells)
        written[self.amount] = f"{paid // 100}.{paid % 100:02d}"
        return written


def _same(one: str, other: str) -> bool:
    """Whether two amount cells state one amount (138 and 138.00); two unreadable ones as
    written."""
    try:
        return cell_cents(one) == cell_cents(other)
    except PydanticCustomError:
        return one == other
