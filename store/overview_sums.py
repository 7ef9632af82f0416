"""The overview's figures that SQL sums alone, without numpy: the product bars and the
month-by-month revenue and movement from the day totals (store/day_totals.py) and the tier
changes, the top-N cut, and the figures put together. `xiaoben report` starts these on a
connection of their own before numpy has loaded (store/overview_cold.py); the per-customer
part is store/overview.py's.
"""

from __future__ import annotations

from datetime import date, timedelta

from xiaoben.models.overview import (
    MONTHS,
    OTHER,
    PERIODS,
    UNKNOWN,
    Bar,
    Month,
    Overview,
    PeriodFigures,
)
from xiaoben.store.day_moves import day_moves
from xiaoben.store.day_totals import reaches_past
from xiaoben.store.driver import sqlite3

TOP_N = 8
NET = "(amount_cents - refunded_cents)"
ACTIVE = "customer_id NOT IN (SELECT id FROM customers WHERE archived = 1)"


def period_start(as_of: date, days: int | None) -> date | None:
    """The first day of the last `days` days up to and including as_of."""
    return None if days is None else as_of - timedelta(days=days - 1)


Periods = tuple[int | None, ...]


def starts(as_of: date, periods: Periods = PERIODS) -> dict[str, str]:
    params = {"as_of": as_of.isoformat()}
    for days in periods:
        if days is not None:
            start = period_start(as_of, days)
            assert start is not None
            params[f"s{days}"] = start.isoformat()
    return params


def period_sums(column: str, periods: Periods = PERIODS) -> str:
    """SQL: the all-time sum, then one per period (NULL where nothing fell in it)."""
    parts = [f"sum({column})"]
    for days in periods:
        if days is not None:
            parts.append(f"sum(CASE WHEN date >= :s{days} THEN {column} END)")
    return ", ".join(parts)


def with_all(periods: Periods) -> list[int | None]:
    """All time first, then the periods of days (the column order of the passes)."""
    return [None, *(d for d in periods if d is not None)]


def top(bars: list[Bar], top_n: int) -> tuple[Bar, ...]:
    """The top N bars by revenue (then customers, then key), the rest summed as OTHER."""
    ranked = sorted(
        (b for b in bars if b.customers or b.revenue_cents),
        key=lambda b: (-b.revenue_cents, -b.customers, b.key),
    )
    head, rest = ranked[:top_n], ranked[top_n:]
    if rest:
        head.append(Bar(OTHER, sum(b.customers for b in rest), sum(b.revenue_cents for b in rest)))
    return tuple(head)


# ---- per product ------------------------------------------------------------------


def product_part(
    conn: sqlite3.Connection, as_of: date, top_n: int = TOP_N, periods: Periods = PERIODS
) -> dict[int | None, tuple[Bar, ...]]:
    """Per period: the top N products (purchase items) by revenue, with their buyers.

    Read from the day totals (store.day_totals): revenue summed over the period's days,
    buyers as the pairs (customer, item) whose last purchase of the item falls in it —
    unless something is dated after as_of, then from the purchases."""
    if reaches_past(conn, as_of):
        return product_part_from_purchases(conn, as_of, top_n, periods)
    columns = with_all(periods)
    per_item = ", ".join(
        "sum(last_buyers), sum(net_cents)"
        if days is None
        else f"sum(CASE WHEN day >= :s{days} THEN last_buyers END),"
        f" sum(CASE WHEN day >= :s{days} THEN net_cents END)"
        for days in columns
    )
    rows = conn.execute(
        f"SELECT trim(items), {per_item} FROM day_totals WHERE day <= :as_of GROUP BY items",
        starts(as_of, periods),
    ).fetchall()
    return _top_products(rows, columns, top_n)


def product_part_from_purchases(
    conn: sqlite3.Connection, as_of: date, top_n: int = TOP_N, periods: Periods = PERIODS
) -> dict[int | None, tuple[Bar, ...]]:
    """product_part read from the purchases: one walk along the (items, customer) index,
    each buyer of each item once, with their revenue from it in every period, then summed
    per item."""
    columns = with_all(periods)
    per_buyer = ", ".join(
        f"sum({NET}) AS r0"
        if days is None
        else f"sum(CASE WHEN date >= :s{days} THEN {NET} END) AS r{days}"
        for days in columns
    )
    per_item = ", ".join(f"count(r{days or 0}), sum(r{days or 0})" for days in columns)
    rows = conn.execute(
        f"SELECT trim(items), {per_item} FROM ("
        f"  SELECT items, customer_id, {per_buyer} FROM purchases INDEXED BY purchases_by_item"
        f"  WHERE date <= :as_of AND {ACTIVE} GROUP BY items, customer_id"
        ") GROUP BY items",
        starts(as_of, periods),
    ).fetchall()
    return _top_products(rows, columns, top_n)


def _top_products(
    rows: list[tuple], columns: list[int | None], top_n: int
) -> dict[int | None, tuple[Bar, ...]]:
    """Rows of (trimmed item, then buyers and revenue per column) as each period's bars."""
    out = {}
    for k, days in enumerate(columns):
        merged: dict[str, Bar] = {}
        for row in rows:
            buyers, revenue = int(row[1 + 2 * k] or 0), int(row[2 + 2 * k] or 0)
            if not buyers:
                continue
            key = row[0] or UNKNOWN
            old = merged.get(key, Bar(key, 0, 0))  # "口红" and "口红 " are one product
            merged[key] = Bar(key, old.customers + buyers, old.revenue_cents + revenue)
        out[days] = top(list(merged.values()), top_n)
    return out


# ---- month by month ---------------------------------------------------------------


def month_keys(as_of: date, months: int = MONTHS) -> list[str]:
    year, month = as_of.year, as_of.month
    keys = []
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys[::-1]


# Per day, the value tier's moves up and down (slots 0 and 1: one walk along the (lens,
# as_of) index reads each change once, where a query a direction read them twice) and the
# stage's lapses (slot 2).
_MOVES = (
    (
        "value_tier",
        "sum(to_value < from_value), sum(to_value > from_value)",
        "to_value <> from_value",
        (0, 1),
    ),
    ("stage", "count(*)", "to_value = 'lapsed'", (2,)),
)


def month_part(
    conn: sqlite3.Connection, as_of: date, months: int = MONTHS, count_new: bool = True
) -> tuple[Month, ...]:
    """The last `months` months up to as_of's: revenue, new customers, movement (new
    customers left at 0 without `count_new`: `with_new_customers` counts them from the
    per-customer columns, which hold each one's first purchase)."""
    keys = month_keys(as_of, months)
    params = {"start": f"{keys[0]}-01", "as_of": as_of.isoformat()}
    sales: dict[str, int] = {}
    for day, revenue in conn.execute(  # the day totals, a range of their primary key
        "SELECT day, sum(net_cents) FROM day_totals"
        " WHERE day >= :start AND day <= :as_of GROUP BY day",
        params,
    ):
        sales[day[:7]] = sales.get(day[:7], 0) + int(revenue or 0)
    new = (
        dict(
            conn.execute(
                "SELECT substr(s.first_purchase, 1, 7), count(*) FROM stats s"
                " JOIN customers c ON c.id = s.customer_id AND c.archived = 0"
                " WHERE s.first_purchase >= :start AND s.first_purchase <= :as_of GROUP BY 1",
                params,
            ).fetchall()
        )
        if count_new
        else {}
    )
    moves: dict[str, list[int]] = {}
    for lens, counts, condition, slots in _MOVES:
        moved = day_moves(lens, "as_of >= :start AND as_of <= :as_of")
        for day, *found in conn.execute(
            f"SELECT as_of, {counts} FROM ({moved}) WHERE {condition} AND {ACTIVE} GROUP BY as_of",
            params,
        ):
            month_moves = moves.setdefault(day[:7], [0, 0, 0])
            for slot, count in zip(slots, found, strict=True):
                month_moves[slot] += int(count or 0)
    return tuple(
        Month(
            month=key,
            revenue_cents=sales.get(key, 0),
            new_customers=int(new.get(key, 0)),
            moved_up=int(moves.get(key, (0, 0, 0))[0] or 0),
            moved_down=int(moves.get(key, (0, 0, 0))[1] or 0),
            lapsed=int(moves.get(key, (0, 0, 0))[2] or 0),
        )
        for key in keys
    )


# ---- together ---------------------------------------------------------------------


def assemble(
    as_of: date,
    customers: int,
    per_customer: dict[int | None, dict[str, object]],
    products: dict[int | None, tuple[Bar, ...]],
    months: tuple[Month, ...],
    periods: Periods = PERIODS,
) -> Overview:
    figures = []
    for days in periods:
        parts = per_customer[days]
        figures.append(
            PeriodFigures(
                period_days=days,
                start=period_start(as_of, days),
                products=products[days],
                **parts,  # type: ignore[arg-type]  # the keys of customer_part
            )
        )
    return Overview(as_of=as_of, customers=customers, periods=tuple(figures), months=months)


def sums_part(
    conn: sqlite3.Connection, as_of: date, periods: Periods = PERIODS
) -> tuple[dict[int | None, tuple[Bar, ...]], tuple[Month, ...]]:
    """The products and the months (new customers left to the per-customer part), on one
    connection: a few milliseconds each, not worth a thread apiece."""
    return product_part(conn, as_of, TOP_N, periods), month_part(conn, as_of, MONTHS, False)
