"""An order over several item rows, read once: what each row of it records, so the order's
purchases add up to its paid total once (not once a row), and its refund too.

An amount that may be the order's or an item's (实收金额, 实付款: columns.may_repeat),
stating one same amount on every row of an order, is told by the unit prices (单价 ×
数量, a blank quantity one): each row's own where every row's price × quantity is that
amount, else the order's paid total, counted once and shared out over its rows in
proportion to price × quantity; without unit prices it is read as written and the report
says so (_repeats).

An order whose amount is on its first row only, its other rows blank (a 微店 export, a
seller's ledger with the customer's cells merged down over the order's items), is that
amount's order: the amount is its paid total, shared out by price × quantity where every
row has them, else recorded on its first row and the others ¥0, as an order_total column
records it (_Repeats.first_row). Its rows are told by their order number, or without one
by the customer's (or the day's) cells merged down over them.

One first pass over the order number, amount, refund, unit price and quantity columns
only (read_orders); the rows themselves are read by purchase_rows. Nothing here touches the book.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Final, Literal

from pydantic_core import PydanticCustomError

from xiaoben.models.cells import cell_cents, cell_quantity
from xiaoben.models.i18n import t
from xiaoben.models.values import cents_shown
from xiaoben.store.importing.columns import (
    PURCHASE_KEYS,
    ColumnMap,
    amount_may_be_orders,
    amount_may_repeat,
    order_level,
    surely_order_level,
)
from xiaoben.store.importing.order_status import (
    NOT_BOUGHT,
    order_status,
    paid_words,
    refund_said,
    refund_status,
)


@dataclass
class OrderAmounts:
    """What the rows of orders over several rows record (by line), and the orders that
    cannot be read (by line: the rule, said of each of their rows)."""

    amounts: dict[int, int] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)
    # lines of orders over several rows whose amounts the item cells give (`amounts` has
    # those read): never a row's own order total, which is the whole order's
    held: set[int] = field(default_factory=set)
    orders: int = 0  # orders over several rows whose total is counted once
    # orders whose amount on each row is their paid total by the unit prices (_repeats):
    # counted once, shared out over the rows in proportion to price × quantity
    priced: int = 0
    # orders whose rows each state one same amount, no unit prices to tell whether it is
    # the order's: read as written; and the first of them (order, its lines, the amount)
    unclear: int = 0
    first_unclear: tuple[str, tuple[int, ...], int] | None = None
    # orders whose amount is on their first row only, the other rows blank: read as the
    # order's paid total (_Repeats.first_row); how many, how many of them shared out by the
    # unit prices, and the first (its order number, "" under a merge; its lines; the amount)
    first_rows: int = 0
    first_rows_priced: int = 0
    first_first_row: tuple[str, tuple[int, ...], int] | None = None
    # item rows of those orders closed or unpaid (交易关闭, 已取消: no purchase) beside
    # bought ones (_Repeats.first_row): taking no share, the amount nearer what the others
    # cost (or no unit prices to tell), so theirs alone; and keeping their share (not
    # booked), the amount nearer what every item costs (_open_rows_take_all)
    first_rows_closed: int = 0
    first_rows_closed_kept: int = 0
    # the same of the orders whose total is on each row beside the items' own amounts
    # (_read_order): closed rows taking no share of the total, and closed rows keeping it
    totals_closed: int = 0
    totals_closed_kept: int = 0


# (line, the order-total cell, the item-amount cell, the refund cell, the unit-price cell,
# the quantity cell, the refund-status cell, the order-status cell): a column the file does
# not have gives the item's cell in its place
_Row = tuple[int, str, str, str, str, str, str, str]
# the columns of those cells
_CellsAt = tuple[int, int, int, int, int, int, int]
_TOTAL: Final = 1
_ITEM: Final = 2
_REFUND: Final = 3
_PRICE: Final = 4
_QUANTITY: Final = 5
_SAID: Final = 6
_STATUS: Final = 7


@dataclass
class OrderRefunds:
    """What each row of an order over several rows records of the order's refund (by line),
    and the orders whose refund cannot be read (by line: the rule, said of each row)."""

    refunds: dict[int, int] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)
    # lines of rows saying they were refunded whose share of the order's refund is all
    # they paid (有赞's 部分退款 on the one item refunded): refunded in full, as a row's
    # 退款成功 is (_share_refund_of)
    whole: set[int] = field(default_factory=set)


def refund_is_the_orders(columns: ColumnMap) -> bool:
    """Whether the refund column names the whole order's refund (订单已退款金额, order
    refunded amount), written on each of its item rows, and the file has order numbers."""
    at = columns.fields
    return "refunded" in at and "order" in at and order_level(columns.header[at["refunded"]])


def read_orders(
    rows: Iterable[tuple[int, Sequence[str]]],
    columns: ColumnMap,
    merged: Sequence[tuple[int, int]] = (),
    again: Callable[[], Iterable[tuple[int, Sequence[str]]]] | None = None,
    grouped: Sequence[tuple[int, int]] = (),
) -> tuple[OrderAmounts | None, OrderRefunds | None]:
    """What each row of an order over several rows records of the order's total and of its
    refund (see _amounts, _refunds, _repeats), in one pass over `rows` (and, for orders of
    an amount that may repeat whose rows are apart, one more over `again()`); None for
    what the file does not have (no order's total, or no order numbers nor merged totals;
    no refund column of the order's). `grouped`: in a file without order numbers, the
    customer's (or the day's) cells merged down over rows, which tell an order's rows whose
    amount is on the first only (_Repeats.first_row)."""
    at = columns.fields
    totals = "order_total" in at and ("order" in at or bool(merged))
    repeats = not totals and amount_may_repeat(columns)  # (order numbers tell the orders)
    merge_tells = columns.total_merged and bool(merged)  # else order numbers tell the orders
    refunds = refund_is_the_orders(columns)
    firsts = "order" not in at and bool(grouped) and amount_may_be_orders(columns)
    if not (totals or repeats or refunds or firsts):
        return None, None
    item_at = at["amount"]
    cells_at = (
        at.get("order_total", item_at),
        item_at,
        at.get("refunded", item_at),
        at.get("unit_price", item_at),
        at.get("quantity", item_at),
        at.get("after_sale", item_at),
        at.get("status", item_at),
    )
    if firsts:  # (no order numbers: no order's total nor refund either)
        by_merge = _by_merged_cells(rows, grouped, cells_at, _one_order_at(columns))
        return _repeats(by_merge, columns, repeats=False), None
    if repeats and not refunds and "order" in at:  # the rows of the order at hand alone
        return _repeats_in_turn(rows, at["order"], cells_at, columns, again), None
    if "order" in at and not merge_tells:
        by_order = _by_order(rows, at["order"], cells_at)
    else:
        by_order = _by_merge(rows, merged, cells_at, _one_order_at(columns))
    amounts = (
        _amounts(by_order, columns, not merge_tells)
        if totals
        else _repeats(by_order, columns)
        if repeats
        else None
    )
    return amounts, _refunds(by_order, columns, amounts) if refunds else None


def _amounts(
    by_order: dict[str, list[_Row]], columns: ColumnMap, numbered: bool = True
) -> OrderAmounts:
    """What each row of an order over several rows records, when the file has an order's
    total (ColumnMap.fields["order_total"]) and its order numbers, or the total's cells
    merged over rows of a sheet (`numbered` False: with or without order numbers, the rows
    under one merged cell are one order's, `by_order` by its first row).

    The item rows of an order stating one total share it out in proportion to their own
    amounts (their sum is the total: a discount or the shipping shared as well), or, with
    no item amounts, the order's first row records the total and the others ¥0. Rows of
    one order naming two totals are refused, unless the column may be each item's own
    (实付款): then each row is read as written, as are rows under a merge naming two (a
    cell the merge hides).
    """
    at = columns.fields
    total_at, item_at = at["order_total"], at["amount"]
    found = OrderAmounts()
    # `numbered`: `by_order` by order number, else by merged cell (one cell over the rows:
    # the order's whatever its name)
    numbered = numbered and "order" in at
    # (the seller's --map "实收金额=order_total" says it outright)
    surely = (
        surely_order_level(columns.header[total_at]) or "order_total" in columns.mapped
        if numbered
        else True
    )
    for order, order_rows in by_order.items():
        if len(order_rows) > 1 and (numbered or len(_stated(order_rows, _TOTAL)) < 2):
            _read_order(found, order, order_rows, columns, total_at != item_at, surely)
    return found


def _repeats(
    by_order: dict[str, list[_Row]], columns: ColumnMap, repeats: bool = True
) -> OrderAmounts:
    """What each row of an order over several rows records, when the file's amount may be
    the order's paid total repeated on its item rows as well as each item's own
    (columns.may_repeat): see _Repeats. `by_order`: every row of the file by order (the
    file's refund column is the order's as well: _refunds reads them too); `repeats`
    False: only orders whose amount is on their first row are read (rows under a merge)."""
    reader = _Repeats(columns, repeats)
    for order, rows in by_order.items():
        reader.read(order, rows)
    return reader.found()


def _repeats_in_turn(
    rows: Iterable[tuple[int, Sequence[str]]],
    order_at: int,
    cells_at: _CellsAt,
    columns: ColumnMap,
    again: Callable[[], Iterable[tuple[int, Sequence[str]]]] | None,
) -> OrderAmounts:
    """_repeats over the rows as they come, an order's rows together as the shops export
    them: only the order at hand is held, not every row of the file (a million rows of
    order numbers held ~110 MB more). The orders whose rows are apart (another order's rows
    between them: their order numbers' hashes, 8 bytes a run of rows, tell them) are read
    whole in a second pass over the file (`again`), theirs alone held; without `again`,
    as written."""
    cells_of = itemgetter(*cells_at)
    widest = max(order_at, *cells_at)
    repeats = _Repeats(columns)
    runs = array("q")  # the hash of each run's order
    current: str | None = None
    run: list[_Row] = []
    for line, cells in rows:
        if len(cells) <= widest or not (order := cells[order_at].strip()):
            continue
        if order != current:
            if current is not None:
                runs.append(hash(current))
                repeats.read(current, run)
            current, run = order, []
        run.append((line, *cells_of(cells)))
    if current is not None:
        runs.append(hash(current))
        repeats.read(current, run)
    import numpy as np  # (here: a file of no such column never loads it for this)

    hashes, counts = np.unique(np.frombuffer(runs, dtype=np.int64), return_counts=True)
    apart = set(hashes[counts > 1].tolist())
    if apart:
        repeats.drop(apart)
    if apart and again is not None:
        for order, order_rows in _by_order(again(), order_at, cells_at, among=apart).items():
            repeats.read(order, order_rows)
    return repeats.found()


class _Repeats:
    """An order's rows all stating one same amount A (not ¥0), in a column that may be the
    order's paid total repeated on its item rows as well as each item's own: with every
    row's unit price and quantity (单价 × 数量, a blank quantity one), each row's own A where
    every row's price × quantity is A (left as read), else A is the order's, shared out
    over the rows in proportion to price × quantity (their sum is A: a discount or the
    shipping shared as well) where A is nearer their sum than each row's own. Without them,
    or nearer each row's own, or with an item's refund on a row, it is unclear (two items
    of ¥50, or one order of ¥50?): read as written, counted for the report. Rows stating
    different amounts are each row's own, as read. An amount on the first row only, the
    others blank, is the order's (first_row)."""

    def __init__(self, columns: ColumnMap, repeats: bool = True) -> None:
        self.repeats = repeats  # else only orders whose amount is on their first row
        self.numbered = "order" in columns.fields  # else the orders are merges' (no name)
        # A unit price tells only beside a quantity (goods sold by weight, 口红×2 in the
        # item's name: the price alone is not what a row paid)
        self.priced = "unit_price" in columns.fields and "quantity" in columns.fields
        # an item's own refund on a row of an order read as one total would be held against
        # that row's share (a refund of ¥200 written on both rows of a ¥200 order refused
        # it): such an order is read as written (the order's refund column is shared)
        self.item_refunds = _item_refunds(columns)
        self.has_status = "status" in columns.fields
        self.paid_words = paid_words(columns.header)  # Lazada's pending, TikTok's On hold
        self.has_after_sale = "after_sale" in columns.fields
        self.cents, self.worth_of = cache(_cents), cache(_worth)  # each distinct cell once
        # (order's hash, order, its lines, A, the shares: None where unclear), file order
        self.read_orders: list[tuple[int, str, tuple[int, ...], int, list[int] | None]] = []
        # (order's hash, order, its lines, the amount, the shares, shared by the prices, how
        # many of its rows are closed items taking no share, and keeping theirs unbooked)
        self.first_rows: list[tuple[int, str, tuple[int, ...], int, list[int], bool, int, int]] = []

    def read(self, order: str, rows: list[_Row]) -> None:
        if len(rows) < 2:
            return
        if rows[0][_ITEM].strip() and not any(row[_ITEM].strip() for row in rows[1:]):
            self.first_row(order, rows)
            return
        if not self.repeats:
            return
        stated = set(map(self.cents, {row[_ITEM] for row in rows}))  # (200 and 200.00: one)
        if len(stated) > 1:
            return
        (paid,) = stated
        if not paid:  # blank or bad (refused by name as read), or ¥0: nothing to tell
            return
        lines = tuple(line for line, *_ in rows)
        # (a 退款金额 of 0.00 on every row, as the shops write it, refunds nothing)
        refunded = self.item_refunds and any(self.cents(row[_REFUND]) for row in rows)
        worth = (
            [self.worth_of(row[_PRICE], row[_QUANTITY]) for row in rows] if self.priced else [None]
        )
        if None in worth or refunded:
            self.read_orders.append((hash(order), order, lines, paid, None))
            return
        weights = [cents or 0 for cents in worth]
        if all(cents == paid for cents in weights):
            return  # each item paid its own price × quantity: as read
        # A nearer the rows' prices together than each row's own (120 + 80 = 200: the
        # order's); else each row's, as read and said (two ¥60 items paid ¥50 each after a
        # discount are ¥100, not one order of ¥50)
        if abs(sum(weights) - paid) >= max(abs(cents - paid) for cents in weights):
            self.read_orders.append((hash(order), order, lines, paid, None))
            return
        self.read_orders.append((hash(order), order, lines, paid, shared_out(paid, weights)))

    def first_row(self, order: str, rows: list[_Row]) -> None:
        """An order whose amount A is on its first row only, the others blank (required,
        else refused): its items, A its paid total counted once, shared out over the rows
        in proportion to price × quantity where every row has them, else recorded on the
        first row and the others ¥0 (as an order_total column records it). An item row
        closed or unpaid (交易关闭, 已取消: no purchase) beside bought ones takes no share where
        A is nearer what the others cost than what every row does, or no unit prices tell:
        A is what the others paid (淘宝's 实付款 of an order one of whose items was closed
        before paying), shared over them alone; else A is every item's, as before, and the
        closed rows' shares are not booked (_open_rows_take_all)."""
        paid = self.cents(rows[0][_ITEM])
        if paid is None or paid < 0:
            return  # refused by name as read (the blank rows too: the order is unread)
        lines = tuple(line for line, *_ in rows)
        bought = _bought(
            rows, self.has_status, self.item_refunds, self.has_after_sale, self.paid_words
        )
        closed = len(rows) - sum(bought) if any(bought) else 0
        worth = [
            self.worth_of(row[_PRICE], row[_QUANTITY]) if self.priced else None for row in rows
        ]
        # a closed row takes no share where A is nearer what the others cost than what every
        # row costs (or no unit prices tell): else A is every item's, the closed share unbooked
        taken = bool(closed) and (
            None in worth or _open_rows_take_all(paid, [cents or 0 for cents in worth], bought)
        )
        if taken:
            rows = [row for row, each in zip(rows, bought, strict=True) if each]
            worth = [cents for cents, each in zip(worth, bought, strict=True) if each]
        priced = None not in worth
        shares = (
            shared_out(paid, [cents or 0 for cents in worth])
            if priced
            else [paid] + [0] * (len(rows) - 1)
        )
        if taken:  # the closed rows' shares are none (read as not bought, never recorded)
            given = iter(shares)
            shares = [next(given) if each else 0 for each in bought]
        kept = closed - closed * taken
        self.first_rows.append(
            (hash(order), order, lines, paid, shares, priced, closed * taken, kept)
        )

    def drop(self, orders: Collection[int]) -> None:
        """Forget what was read of these orders (by their order number's hash)."""
        self.read_orders = [each for each in self.read_orders if each[0] not in orders]
        self.first_rows = [each for each in self.first_rows if each[0] not in orders]

    def found(self) -> OrderAmounts:
        """What the orders read record, the first unclear one first in the file."""
        found = OrderAmounts()
        for _, order, lines, paid, shares in sorted(self.read_orders, key=_first_line):
            if shares is None:
                found.unclear += 1
                if found.first_unclear is None:
                    found.first_unclear = (order, lines, paid)
                continue
            found.amounts.update(zip(lines, shares, strict=True))
            found.priced += 1
        for _, order, lines, paid, shares, priced, closed, kept in sorted(
            self.first_rows, key=_first_line
        ):
            found.amounts.update(zip(lines, shares, strict=True))
            found.first_rows += 1
            found.first_rows_priced += priced
            found.first_rows_closed += closed
            found.first_rows_closed_kept += kept
            if found.first_first_row is None:
                found.first_first_row = (order if self.numbered else "", lines, paid)
        return found


def _item_refunds(columns: ColumnMap) -> bool:
    """Whether the refund column is each item row's own (not the order's)."""
    return "refunded" in columns.fields and not refund_is_the_orders(columns)


def _open_rows_take_all(paid: int, worth: list[int], bought: list[bool]) -> bool:
    """Whether an order's amount `paid`, beside item rows closed or unpaid (not `bought`), is
    what the bought rows paid alone: nearer what they are worth together than what every
    row is (shipping, a coupon: ¥138 for a ¥128 item beside a closed ¥198 one). Nearer every
    row's (or as near) it is every item's: the closed rows keep their share, unbooked (¥100
    of 2 × ¥30 and a closed ¥40 is not ¥100 of tea)."""
    bought_worth = sum(cents for cents, each in zip(worth, bought, strict=True) if each)
    return abs(paid - bought_worth) < abs(paid - sum(worth))


def _bought(
    rows: list[_Row],
    status: bool,
    item_refunds: bool,
    after_sale: bool,
    paid: frozenset[str] = frozenset(),
) -> list[bool]:
    """Whether each row is a purchase by its order status (`status`: the file has one;
    `paid`: its platform's paid words, order_status's), as the rows are read
    (purchase_rows.read_statuses): closed or unpaid is none, unless money went back on it
    (an item's refund amount, an after-sale refunded: paid, then refunded)."""
    if not status:
        return [True] * len(rows)
    return [
        order_status(row[_STATUS], paid) not in NOT_BOUGHT
        or (item_refunds and bool(_cents(row[_REFUND])))
        or (after_sale and refund_status(row[_SAID]) == "refunded")
        for row in rows
    ]


def _first_line(read: tuple[int, str, tuple[int, ...], *tuple[object, ...]]) -> int:
    return read[2][0]


def _worth(price_cell: str, quantity_cell: str) -> int | None:
    """A row's unit price × quantity in cents (a blank quantity one); None if the price is
    blank or either cannot be read."""
    price = _cents(price_cell)
    if price is None or price < 0:
        return None
    if not quantity_cell.strip():
        return price
    try:
        return price * cell_quantity(quantity_cell)
    except PydanticCustomError:
        return None


def _refunds(
    by_order: dict[str, list[_Row]], columns: ColumnMap, amounts: OrderAmounts | None
) -> OrderRefunds:
    """What each row of an order over several rows records of the order's refund, when the
    refund column is the order's (refund_is_the_orders): the refund counted once, shared
    out over the items in proportion to what each records (`amounts`, else its amount
    cell), never above an item's amount. Rows of one order naming two refunds, or a refund
    above the order's items together, are refused."""
    planned = amounts.amounts if amounts is not None else {}
    found = OrderRefunds()
    for order, order_rows in by_order.items():
        if len(order_rows) > 1:
            _share_refund(found, order, order_rows, columns, planned)
    return found


def _one_order_at(columns: ColumnMap) -> list[int]:
    """The columns whose cells the rows of one order share: its number, or without one the
    customer's cells and the day (an amount merged over two customers' rows, or two days',
    is the same amount twice, merged for looks, not one order)."""
    at = columns.fields
    if "order" in at:
        return [at["order"]]
    return [at[field] for field in (*PURCHASE_KEYS, "date") if field in at]


def _by_merge(
    rows: Iterable[tuple[int, Sequence[str]]],
    merged: Sequence[tuple[int, int]],
    cells_at: _CellsAt,
    same_at: Sequence[int] = (),
) -> dict[str, list[_Row]]:
    """The rows under a merged cell by its first row, as _by_order gives them: only where
    they agree on the cells `same_at` (one order's); the others are read each as written."""
    first_of = {line: first for first, last in merged for line in range(first, last + 1)}
    cells_of = itemgetter(*cells_at)
    widest = max(*cells_at, *same_at)
    by_merge: dict[str, list[_Row]] = {}
    told: dict[str, tuple[str, ...]] = {}  # a merge's rows -> the cells they share
    apart: set[str] = set()  # merges over rows of several orders
    for line, cells in rows:
        first = first_of.get(line)
        if first is not None and len(cells) > widest:
            key = str(first)
            same = tuple(cells[at].strip() for at in same_at)
            if told.setdefault(key, same) != same:
                apart.add(key)
            by_merge.setdefault(key, []).append((line, *cells_of(cells)))
    for key in apart:
        del by_merge[key]
    return by_merge


def _by_merged_cells(
    rows: Iterable[tuple[int, Sequence[str]]],
    merged: Sequence[tuple[int, int]],
    cells_at: _CellsAt,
    same_at: Sequence[int],
) -> dict[str, list[_Row]]:
    """The rows under a merged cell of the customer's (or the day's) by the merge and the
    cells `same_at` they share (the customer's, the day: one order's), as _by_order gives
    them: a customer merged over rows of two days is two orders."""
    first_of = {line: first for first, last in merged for line in range(first, last + 1)}
    cells_of = itemgetter(*cells_at)
    widest = max(*cells_at, *same_at)
    by_merge: dict[str, list[_Row]] = {}
    for line, cells in rows:
        first = first_of.get(line)
        if first is not None and len(cells) > widest:
            key = "\x1f".join([str(first), *(cells[at].strip() for at in same_at)])
            by_merge.setdefault(key, []).append((line, *cells_of(cells)))
    return by_merge


def _by_order(
    rows: Iterable[tuple[int, Sequence[str]]],
    order_at: int,
    cells_at: _CellsAt,
    among: Collection[int] | None = None,
) -> dict[str, list[_Row]]:
    """The rows with an order number by order: (line, the cells at `cells_at`: the order's
    total, the item's amount, the refund, the unit price, the quantity); `among`: only the
    orders whose number's hash is among these."""
    cells_of = itemgetter(*cells_at)
    widest = max(order_at, *cells_at)
    by_order: dict[str, list[_Row]] = {}
    for line, cells in rows:
        order = cells[order_at].strip() if len(cells) > widest else ""
        if order and (among is None or hash(order) in among):
            by_order.setdefault(order, []).append((line, *cells_of(cells)))
    return by_order


def _share_refund(
    found: OrderRefunds, order: str, rows: list[_Row], columns: ColumnMap, planned: dict[int, int]
) -> None:
    refunds = _stated(rows, _REFUND)
    if not refunds:
        return
    if len(refunds) == 1 and "after_sale" in columns.fields:
        # rows saying each their own refund status (有赞's 订单退款状态: 部分退款 on the
        # item refunded, blank on the others): the order's refund is the refunded rows'
        rows_said = [refund_said(row[_SAID]) for row in rows]
        if True in rows_said and set(rows_said) <= {True, False}:
            _share_refund_of(found, order, rows, planned, rows_said)
            return
    if len(refunds) > 1:
        rule = _differ("import.order_refunds_differ", order, columns.column("refunded"), refunds)
        found.refused.update((line, rule) for line, *_ in rows)
        return
    (refund,) = refunds
    items = [_recorded(row[0], row[_ITEM], planned) for row in rows]
    if _refund_above(found, order, rows, refund, items):
        return
    shares = shared_out(refund, items)
    found.refunds.update((line, share) for (line, *_), share in zip(rows, shares, strict=True))


def _refund_above(
    found: OrderRefunds, order: str, rows: list[_Row], refund: int, items: list[int]
) -> bool:
    """Whether the order's refund is above what its rows record together: then each of its
    rows is refused, saying so."""
    if refund <= sum(items):
        return False
    rule = t(
        "import.order_refund_above_total",
        order=order,
        refunded=cents_shown(refund),
        amount=cents_shown(sum(items)),
    )
    found.refused.update((line, rule) for line, *_ in rows)
    return True


def _share_refund_of(
    found: OrderRefunds,
    order: str,
    rows: list[_Row],
    planned: dict[int, int],
    rows_said: list[bool | None],
) -> None:
    """The order's one refund over the rows saying they were refunded (`rows_said` True), in
    proportion to what each records, the others none; over every row, as _share_refund
    does, where it is above what the refunded rows record together (their words cannot be
    whole: the order's refund stays right)."""
    ((refund, _),) = _stated(rows, _REFUND).items()
    items = [_recorded(row[0], row[_ITEM], planned) for row in rows]
    refunded = [cents if said else 0 for cents, said in zip(items, rows_said, strict=True)]
    if refund > sum(refunded):
        refunded = items
    if _refund_above(found, order, rows, refund, items):
        return
    shares = shared_out(refund, refunded) if any(refunded) else shared_out(refund, items)
    found.refunds.update((line, share) for (line, *_), share in zip(rows, shares, strict=True))
    found.whole.update(
        line
        for (line, *_), share, cents, said in zip(rows, shares, items, rows_said, strict=True)
        if said and share and share == cents
    )


def _recorded(line: int, cell: str, planned: dict[int, int]) -> int:
    """What the row records as its amount: its share of the order's total, else its amount
    cell (0 when it cannot be read: the row is refused by name as it is read)."""
    cents = planned.get(line)
    if cents is None:
        cents = _cents(cell)
    return cents or 0


def _read_order(
    found: OrderAmounts,
    order: str,
    rows: list[_Row],
    columns: ColumnMap,
    items_apart: bool,
    surely: bool,
) -> None:
    totals = _stated(rows, _TOTAL)
    items = [_cents(row[_ITEM]) for row in rows] if items_apart else []
    if len(totals) > 1:
        if surely:
            column = columns.column("order_total")
            rule = _differ("import.order_totals_differ", order, column, totals)
            found.refused.update((line, rule) for line, *_ in rows)
        elif items_apart:  # 实付款 of each item: read as written
            pass
        return
    if items_apart:
        found.held.update(line for line, *_ in rows)
    if not totals:
        if items_apart:  # no total stated: each item its own amount (never a row's total)
            found.amounts.update(
                (line, cents)
                for (line, *_), cents in zip(rows, items, strict=True)
                if cents is not None
            )
        return
    (total,) = totals
    if not items_apart:
        if not surely:
            return  # 实付款 of 50 on two rows: two items of ¥50 each, as like as not
        found.amounts.update((line, 0) for line, *_ in rows)
        found.amounts[min(line for line, *_ in rows)] = total
    elif None in items:  # an item's amount refused by name: the others as written
        found.amounts.update(
            (line, cents)
            for (line, *_), cents in zip(rows, items, strict=True)
            if cents is not None
        )
        return
    elif not surely and all(cents == total for cents in items):
        return  # 实付款 of each item, equal to its 商品金额: read as written
    else:
        amounts: list[int] = [cents or 0 for cents in items]
        bought = _bought(rows, "status" in columns.fields, _item_refunds(columns),
                         "after_sale" in columns.fields, paid_words(columns.header))  # fmt: skip
        if any(bought) and not all(bought):
            # an item closed before paying (交易关闭): a total nearer what the others cost
            # than what every item does is theirs alone; else it is every item's, shared as
            # before, the closed rows' shares no purchase (_open_rows_take_all)
            closed = len(bought) - sum(bought)
            if _open_rows_take_all(total, amounts, bought):
                amounts = [cents * each for cents, each in zip(amounts, bought, strict=True)]
                found.totals_closed += closed
            else:
                found.totals_closed_kept += closed
        shares = shared_out(total, amounts)
        found.amounts.update((line, share) for (line, *_), share in zip(rows, shares, strict=True))
    found.orders += 1


def _stated(rows: list[_Row], at: Literal[1, 3]) -> dict[int, int]:
    """The amounts (cents) the rows' cells at `at` (_TOTAL, _REFUND) state -> the first line
    stating each."""
    stated: dict[int, int] = {}
    for row in rows:
        cents = _cents(row[at])
        if cents is not None:
            stated.setdefault(cents, row[0])
    return stated


def _differ(key: str, order: str, column: str, stated: dict[int, int]) -> str:
    """The rule of an order's rows stating two amounts (`key`: a total, a refund)."""
    (first, first_line), (second, second_line) = sorted(stated.items(), key=_by_line)[:2]
    return t(
        key,
        order=order,
        column=column,
        first=cents_shown(first),
        first_line=first_line,
        second=cents_shown(second),
        second_line=second_line,
    )


def _by_line(item: tuple[int, int]) -> int:
    return item[1]


def _cents(cell: str) -> int | None:
    if not cell.strip():
        return None
    try:
        return cell_cents(cell)
    except PydanticCustomError:
        return None  # refused by name as the rows are read


def shared_out(total: int, weights: Sequence[int]) -> list[int]:
    """`total` cents shared out in proportion to `weights` (equally if they are all 0),
    whole cents summing to `total`: the largest remainders get the cents left over, the
    earlier row first among equal ones."""
    if not weights:
        return []
    whole = sum(weights)
    if whole == 0:
        weights, whole = [1] * len(weights), len(weights)
    if whole == total:
        return list(weights)
    shares = [total * weight // whole for weight in weights]
    left = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda at: (-(total * weights[at] % whole), at))
    for at in by_remainder[:left]:
        shares[at] += 1
    return shares
