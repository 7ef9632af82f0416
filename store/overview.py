"""The overview's figures, computed in SQL and numpy: the Pareto curve, the two pyramids,
the R×F grid, the funnel, regions, products, sources, and the movement month by month.

Three independent parts, each one pass over the data, so a screen can run them side by
side on their own connections: `customer_part` (one pass over the covering purchase
index, then arrays), `product_part` (one pass over purchases by item) and `month_part`.
Every period (30, 90, 365 days, all time) is counted in the same pass.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

import numpy as np

from xiaoben.models.enums import Stage
from xiaoben.models.overview import (
    MONTHS,
    OTHER,
    PERIODS,
    UNKNOWN,
    Bar,
    Month,
    Overview,
    Pareto,
    PeriodFigures,
)
from xiaoben.store.day_totals import reaches_past
from xiaoben.store.driver import sqlite3
from xiaoben.store.int_columns import int_columns
from xiaoben.tiering.frame import STAGES, VALUE_TIERS, TierFrame, column_for, epoch_day, locate

if TYPE_CHECKING:  # the rules (pydantic) and the lenses load only where tiers are computed:
    # `xiaoben report` reads the stored ones without them (store/overview_cold.py)
    from xiaoben.models.rules import Rules

TOP_N = 8
_NET = "(amount_cents - refunded_cents)"
_ACTIVE = "customer_id NOT IN (SELECT id FROM customers WHERE archived = 1)"
FUNNEL: tuple[Stage, ...] = (
    Stage.POTENTIAL,
    Stage.TARGET,
    Stage.PROSPECT,
    Stage.CUSTOMER,
    Stage.LOYAL,
    Stage.LAPSED,
)


def period_start(as_of: date, days: int | None) -> date | None:
    """The first day of the last `days` days up to and including as_of."""
    return None if days is None else as_of - timedelta(days=days - 1)


Periods = tuple[int | None, ...]


def _starts(as_of: date, periods: Periods = PERIODS) -> dict[str, str]:
    params = {"as_of": as_of.isoformat()}
    for days in periods:
        if days is not None:
            start = period_start(as_of, days)
            assert start is not None
            params[f"s{days}"] = start.isoformat()
    return params


def _period_sums(column: str, periods: Periods = PERIODS) -> str:
    """SQL: the all-time sum, then one per period (NULL where nothing fell in it)."""
    parts = [f"sum({column})"]
    for days in periods:
        if days is not None:
            parts.append(f"sum(CASE WHEN date >= :s{days} THEN {column} END)")
    return ", ".join(parts)


class Cuts(Protocol):
    """The rules' Pareto cuts, all the figures read of the rules (Rules has them)."""

    @property
    def a_cut_percent(self) -> Decimal | float: ...
    @property
    def b_cut_percent(self) -> Decimal | float: ...


def _with_all(periods: Periods) -> list[int | None]:
    """All time first, then the periods of days (the column order of the passes)."""
    return [None, *(d for d in periods if d is not None)]


# ---- per customer: Pareto, pyramids, R×F, funnel, regions, sources -----------------


@dataclass(frozen=True, slots=True)
class CustomerColumns:
    """One element per active customer, by id: the overview's per-customer inputs."""

    customer_id: np.ndarray
    revenue: dict[int | None, np.ndarray]  # period -> revenue in it (cents), NaN: no purchase
    value_tier: np.ndarray  # codes (-1 none)
    r: np.ndarray
    f: np.ndarray
    stage: np.ndarray
    created_day: np.ndarray
    province: np.ndarray  # codes into province_keys
    source: np.ndarray  # codes into source_keys
    province_keys: list[str]
    source_keys: list[str]
    first_purchase_day: np.ndarray  # epoch day (before 1970 if none: see _NO_PURCHASE)


CHUNK = 20_000  # rows read at a time: no 100k-row list of tuples is ever held


def _matrix(cursor: sqlite3.Cursor, width: int) -> np.ndarray:
    """A numeric query's rows as a float matrix, read a chunk at a time (NULL -> NaN)."""
    parts = []
    while rows := cursor.fetchmany(CHUNK):
        parts.append(np.array(rows, dtype=np.float64).reshape(len(rows), width))
    return np.concatenate(parts) if parts else np.zeros((0, width))


# Purchasers' net revenue per period: (their ids, sorted; period -> values aligned with
# them, NaN where they bought nothing in it). All time (None) only when read from the
# purchases; otherwise it is the stats row's.
PeriodRevenue = tuple[np.ndarray, dict[int | None, np.ndarray]]


def revenue_part(
    conn: sqlite3.Connection,
    as_of: date,
    periods: Periods = PERIODS,
    from_purchases: bool = False,
) -> PeriodRevenue:
    """Each purchaser's net revenue in each period of days, from the purchases dated in
    the longest of them, along the covering customer index — or, when something is dated
    after as_of (or `from_purchases`), in every period and all time from every purchase."""
    (last_purchase,) = conn.execute("SELECT max(last_purchase) FROM stats").fetchone()
    if from_purchases or (last_purchase is not None and last_purchase > as_of.isoformat()):
        return _revenue_as_of(conn, as_of, periods)
    days_only = [d for d in periods if d is not None]
    if not days_only:
        return np.zeros(0, dtype=np.int64), {}
    longest = max(days_only)
    sums = [
        f"coalesce(sum(CASE WHEN date >= :s{days} THEN {_NET} END), -1)"
        for days in days_only
        if days != longest
    ]
    matrix = int_columns(
        conn,
        ["customer_id", f"sum({_NET})", *sums],
        # nothing is dated after as_of here: no upper bound to check on every row
        f"FROM purchases INDEXED BY purchases_by_customer WHERE date >= :s{longest}"
        " GROUP BY customer_id ORDER BY customer_id",
        _starts(as_of, tuple(days_only)),
    )
    others = iter(range(2, 2 + len(sums)))
    revenue: dict[int | None, np.ndarray] = {}
    for days in days_only:
        values = matrix[:, 1 if days == longest else next(others)].astype(np.float64)
        revenue[days] = np.where(values < 0, np.nan, values)  # net is never negative
    return matrix[:, 0], revenue


def _revenue_as_of(conn: sqlite3.Connection, as_of: date, periods: Periods) -> PeriodRevenue:
    columns = _with_all(periods)
    matrix = _matrix(
        conn.execute(
            f"SELECT customer_id, {_period_sums(_NET, periods)} FROM purchases"
            " WHERE date <= :as_of GROUP BY customer_id ORDER BY customer_id",
            _starts(as_of, periods),
        ),
        1 + len(columns),
    )
    return matrix[:, 0].astype(np.int64), {d: matrix[:, 1 + k] for k, d in enumerate(columns)}


def load_customers(
    conn: sqlite3.Connection,
    as_of: date,
    rules: Rules | None,
    periods: Periods = PERIODS,
    known_tiers: TierFrame | None = None,
    revenue: Callable[[], PeriodRevenue] | None = None,
) -> CustomerColumns:
    """The per-customer columns; `revenue` gives revenue_part's result (run beside this,
    on a connection of its own) — read here when not given. `rules` None: the caller
    knows the stored tiers are as of that day (nothing is computed)."""
    ids, created, orders, net, first_day, province, source = _customer_rows(conn)
    purchasers, by_period = revenue() if revenue else revenue_part(conn, as_of, periods)
    at, keep = locate(ids, purchasers)
    columns: dict[int | None, np.ndarray] = {}
    for days in _with_all(periods):
        if days is None and days not in by_period:
            columns[None] = np.where(orders > 0, net, np.nan)
            continue
        column = np.full(len(ids), np.nan)
        column[at[keep]] = by_period[days][keep]
        columns[days] = column
    value_tier, r, f, stage = _tier_columns(conn, ids, as_of, rules, known_tiers)
    return CustomerColumns(
        customer_id=ids,
        revenue=columns,
        value_tier=value_tier,
        r=r,
        f=f,
        stage=stage,
        created_day=created,
        province=province[0],
        source=source[0],
        province_keys=province[1],
        source_keys=source[1],
        first_purchase_day=first_day,
    )


_SEPARATOR = "\x1f"  # between the texts of one joined column (a control character no
# name holds: the models refuse them)
_NO_PURCHASE = "0001-01-01"  # an ISO day before any purchase, for customers without one


def _customer_rows(
    conn: sqlite3.Connection,
) -> tuple[
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    tuple[np.ndarray, list[str]],
    tuple[np.ndarray, list[str]],
]:
    """Every active customer by id: created day, all-time orders, net revenue and first
    purchase day (stats), and province and source as codes with their keys. Each column
    comes back as one joined string (store.int_columns' way): no Python object per
    customer and value."""
    numbers, created, first, provinces, sources = conn.execute(
        "SELECT group_concat(numbers, ''), group_concat(created, ''), group_concat(first, ''),"
        " group_concat(province, char(31)), group_concat(source, char(31)) FROM ("
        "  SELECT printf('%016x%016x%016x', c.id, coalesce(s.orders, 0),"
        "   coalesce(s.revenue_cents - s.refunded_cents, 0)) AS numbers,"
        "   substr(c.created_at, 1, 10) AS created,"
        f"  coalesce(substr(s.first_purchase, 1, 10), '{_NO_PURCHASE}') AS first,"
        "   coalesce(c.province, '') AS province, coalesce(c.source, '') AS source"
        "  FROM customers c LEFT JOIN stats s ON s.customer_id = c.id"
        "  WHERE c.archived = 0 ORDER BY c.id)"
    ).fetchone()
    if not numbers:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty, empty, (empty, []), (empty, [])
    matrix = np.frombuffer(bytes.fromhex(numbers), dtype=">i8").astype(np.int64).reshape(-1, 3)
    n = len(matrix)
    return (
        matrix[:, 0],
        _epoch_days(conn, "substr(c.created_at, 1, 10)", created, n),
        matrix[:, 1],
        matrix[:, 2].astype(np.float64),
        _epoch_days(conn, f"coalesce(s.first_purchase, '{_NO_PURCHASE}')", first, n),
        _codes(_texts(conn, "c.province", provinces, n)),
        _codes(_texts(conn, "c.source", sources, n)),
    )


def _epoch_days(conn: sqlite3.Connection, column: str, joined: str, n: int) -> np.ndarray:
    """Joined ISO days as epoch days (read row by row if one was not ten characters)."""
    if len(joined) == 10 * n:
        try:
            return (
                np.frombuffer(joined.encode(), dtype="S10").astype("datetime64[D]").astype(np.int64)
            )
        except ValueError:
            pass
    return np.array([epoch_day(date.fromisoformat(d[:10])) for d in _rows(conn, column)])


def _texts(conn: sqlite3.Connection, column: str, joined: str, n: int) -> list[str]:
    """A joined text column split again (read row by row if a text held the separator)."""
    texts = joined.split(_SEPARATOR)
    return texts if len(texts) == n else _rows(conn, f"coalesce({column}, '')")


def _rows(conn: sqlite3.Connection, column: str) -> list[str]:
    cursor = conn.execute(
        f"SELECT {column} FROM customers c LEFT JOIN stats s ON s.customer_id = c.id"
        " WHERE c.archived = 0 ORDER BY c.id"
    )
    return [row[0] for row in cursor.fetchall()]


def _codes(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Each text as a code into the keys, in order of first appearance; a blank text is
    UNKNOWN (one key with an UNKNOWN written out)."""
    seen = list(dict.fromkeys(texts))
    keys = list(dict.fromkeys(text or UNKNOWN for text in seen))
    position = {key: k for k, key in enumerate(keys)}
    code_of = {text: position[text or UNKNOWN] for text in seen}
    return np.fromiter(map(code_of.__getitem__, texts), np.int64, len(texts)), keys


def _tier_columns(
    conn: sqlite3.Connection,
    ids: np.ndarray,
    as_of: date,
    rules: Rules | None,
    known_tiers: TierFrame | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Current value tier, R, F and stage codes, aligned with ids (the stored tiers when
    they are as of that day — `known_tiers` when the caller holds them — else computed)."""
    stored = conn.execute("SELECT value FROM meta WHERE key = 'tiers_as_of'").fetchone()
    current = bool(stored and stored[0] == as_of.isoformat())
    if current and known_tiers is not None:
        tier_ids = known_tiers.customer_id
        columns = [
            np.asarray(c, dtype=np.int64)
            for c in (known_tiers.value_tier, known_tiers.r, known_tiers.f, known_tiers.stage)
        ]
    elif current:
        tier_case = " ".join(f"WHEN '{t.value}' THEN {k}" for k, t in enumerate(VALUE_TIERS))
        stage_case = " ".join(f"WHEN '{s.value}' THEN {k}" for k, s in enumerate(STAGES))
        matrix = int_columns(
            conn,
            [
                "customer_id",
                f"CASE value_tier {tier_case} ELSE -1 END",
                "coalesce(r, 0)",
                "coalesce(f, 0)",
                f"CASE stage {stage_case} ELSE -1 END",
            ],
            "FROM tiers ORDER BY customer_id",
        )
        tier_ids, columns = matrix[:, 0], [matrix[:, k] for k in range(1, 5)]
    else:
        from xiaoben.store.criteria import criterion_fields
        from xiaoben.store.stats import load_frame
        from xiaoben.tiering.compute import compute

        if rules is None:
            raise ValueError(f"the stored tiers are not as of {as_of}: the rules are needed")
        tiers = compute(load_frame(conn, as_of, criterion_fields(conn, rules)), rules, as_of)
        tier_ids = tiers.customer_id
        columns = [
            np.asarray(c, dtype=np.int64) for c in (tiers.value_tier, tiers.r, tiers.f, tiers.stage)
        ]
    aligned = [column_for(tier_ids, c, ids) for c in columns]
    aligned[1] = np.maximum(aligned[1], 0)
    aligned[2] = np.maximum(aligned[2], 0)
    return aligned[0], aligned[1], aligned[2], aligned[3]


def _bars(keys: list[str], codes: np.ndarray, mask: np.ndarray, revenue: np.ndarray) -> list[Bar]:
    """Customers and revenue per key among the masked customers, as bars."""
    count = np.bincount(codes[mask], minlength=len(keys))
    money = np.bincount(codes[mask], weights=revenue[mask], minlength=len(keys))
    return [Bar(key, int(count[k]), round(money[k])) for k, key in enumerate(keys)]


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


def pareto(revenue: np.ndarray, rules: Cuts) -> Pareto:
    """Buyers' revenue (cents, any order) as the cumulative curve, a point per 1% of buyers."""
    a_cut, b_cut = float(rules.a_cut_percent), float(rules.b_cut_percent)
    ranked = np.sort(revenue.astype(np.int64))[::-1]
    n = len(ranked)
    total = int(ranked.sum()) if n else 0
    if n == 0 or total <= 0:
        return Pareto(n, total, ((0.0, 0.0),), a_cut, b_cut, None, None)
    cumulative = np.cumsum(ranked)
    points = [(0.0, 0.0)]
    for percent in range(1, 101):
        k = max(1, int(np.ceil(n * percent / 100)))
        points.append((float(percent), round(100 * int(cumulative[k - 1]) / total, 2)))

    def reach(cut: float) -> float:
        # Customers it takes for the cumulative revenue to reach cut% (exact, in cents).
        needed = int(np.searchsorted(cumulative * 100, int(np.ceil(total * cut)), side="left"))
        return round(100 * min(needed + 1, n) / n, 2)

    return Pareto(n, total, tuple(points), a_cut, b_cut, reach(a_cut), reach(b_cut))


def customer_part(
    conn: sqlite3.Connection,
    as_of: date,
    rules: Rules,
    top_n: int = TOP_N,
    periods: Periods = PERIODS,
    known_tiers: TierFrame | None = None,
    revenue: Callable[[], PeriodRevenue] | None = None,
) -> tuple[CustomerColumns, dict[int | None, dict[str, object]]]:
    """The per-customer columns and, per period: buyers, revenue, pareto, tiers,
    rfm_grid, funnel, regions, sources."""
    people = load_customers(conn, as_of, rules, periods, known_tiers, revenue)
    return people, figures_of(people, as_of, rules, top_n, periods)


def figures_of(
    people: CustomerColumns,
    as_of: date,
    rules: Cuts,
    top_n: int = TOP_N,
    periods: Periods = PERIODS,
) -> dict[int | None, dict[str, object]]:
    region_keys, region_codes = people.province_keys, people.province
    source_keys, source_codes = people.source_keys, people.source
    tier_keys = [t.value for t in VALUE_TIERS]
    cells = [(r, f) for r in range(5, 0, -1) for f in range(5, 0, -1)]
    cell_keys = [f"r{r}f{f}" for r, f in cells]
    cell_codes = np.where(
        (people.r > 0) & (people.f > 0), (5 - people.r) * 5 + (5 - people.f), len(cells)
    )
    stage_order = [STAGES.index(s) for s in FUNNEL]
    stage_codes = np.full(len(people.customer_id), len(FUNNEL), dtype=np.int64)
    for k, code in enumerate(stage_order):
        stage_codes[people.stage == code] = k
    out: dict[int | None, dict[str, object]] = {}
    for days in periods:
        revenue = people.revenue[days]
        bought = ~np.isnan(revenue)
        money = np.where(bought, revenue, 0.0)
        start = period_start(as_of, days)
        added = (
            np.ones(len(money), dtype=bool)
            if start is None
            else people.created_day >= epoch_day(start)
        )
        tiered = bought & (people.value_tier >= 0)
        out[days] = {
            "buyers": int(bought.sum()),
            "revenue_cents": round(money[bought].sum()),
            "pareto": pareto(money[bought], rules),
            "tiers": tuple(_bars(tier_keys, np.maximum(people.value_tier, 0), tiered, money)),
            "rfm_grid": tuple(_bars([*cell_keys, "-"], cell_codes, bought, money)[: len(cells)]),
            "funnel": tuple(
                _bars([s.value for s in FUNNEL] + ["-"], stage_codes, added, money)[: len(FUNNEL)]
            ),
            "regions": top(_bars(region_keys, region_codes, bought, money), top_n),
            "sources": top(_bars(source_keys, source_codes, bought, money), top_n),
        }
    return out


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
    columns = _with_all(periods)
    per_item = ", ".join(
        "sum(last_buyers), sum(net_cents)"
        if days is None
        else f"sum(CASE WHEN day >= :s{days} THEN last_buyers END),"
        f" sum(CASE WHEN day >= :s{days} THEN net_cents END)"
        for days in columns
    )
    rows = conn.execute(
        f"SELECT trim(items), {per_item} FROM day_totals WHERE day <= :as_of GROUP BY items",
        _starts(as_of, periods),
    ).fetchall()
    return _top_products(rows, columns, top_n)


def product_part_from_purchases(
    conn: sqlite3.Connection, as_of: date, top_n: int = TOP_N, periods: Periods = PERIODS
) -> dict[int | None, tuple[Bar, ...]]:
    """product_part read from the purchases: one walk along the (items, customer) index,
    each buyer of each item once, with their revenue from it in every period, then summed
    per item."""
    columns = _with_all(periods)
    per_buyer = ", ".join(
        f"sum({_NET}) AS r0"
        if days is None
        else f"sum(CASE WHEN date >= :s{days} THEN {_NET} END) AS r{days}"
        for days in columns
    )
    per_item = ", ".join(f"count(r{days or 0}), sum(r{days or 0})" for days in columns)
    rows = conn.execute(
        f"SELECT trim(items), {per_item} FROM ("
        f"  SELECT items, customer_id, {per_buyer} FROM purchases INDEXED BY purchases_by_item"
        f"  WHERE date <= :as_of AND {_ACTIVE} GROUP BY items, customer_id"
        ") GROUP BY items",
        _starts(as_of, periods),
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
    for lens, condition, slot in (  # each a range of the (lens, as_of) index
        ("value_tier", "to_value < from_value", 0),
        ("value_tier", "to_value > from_value", 1),
        ("stage", "to_value = 'lapsed'", 2),
    ):
        for day, count in conn.execute(
            f"SELECT as_of, count(*) FROM tier_changes WHERE lens = '{lens}'"
            f" AND as_of >= :start AND as_of <= :as_of AND {condition} AND {_ACTIVE}"
            " GROUP BY as_of",
            params,
        ):
            moves.setdefault(day[:7], [0, 0, 0])[slot] += int(count)
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


def with_new_customers(
    months: tuple[Month, ...], people: CustomerColumns, as_of: date
) -> tuple[Month, ...]:
    """The months with their new customers: active customers whose first purchase falls
    in the month (and by as_of), counted from the per-customer columns."""
    if not months:
        return months
    first = people.first_purchase_day
    start = epoch_day(date.fromisoformat(f"{months[0].month}-01"))
    inside = first[(first >= start) & (first <= epoch_day(as_of))]
    month_index = inside.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    found, counts = np.unique(month_index, return_counts=True)  # months since 1970-01
    new: dict[str, int] = {}
    for index, count in zip(found.tolist(), counts.tolist(), strict=True):
        year, month = divmod(index, 12)
        new[f"{1970 + year:04d}-{month + 1:02d}"] = count
    return tuple(
        dataclasses.replace(month, new_customers=new.get(month.month, 0)) for month in months
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


def overview(conn: sqlite3.Connection, as_of: date, rules: Rules, top_n: int = TOP_N) -> Overview:
    """Every figure, in one go on one connection (a script; the screen runs the parts
    side by side)."""
    people, per_customer = customer_part(conn, as_of, rules, top_n)
    months = month_part(conn, as_of, count_new=False)
    return assemble(
        as_of,
        len(people.customer_id),
        per_customer,
        product_part(conn, as_of, top_n),
        with_new_customers(months, people, as_of),
    )


# ---- the customers behind a bar ---------------------------------------------------

CHARTS = (
    "pareto",
    "tiers",
    "rfm_grid",
    "funnel",
    "regions",
    "products",
    "sources",
    "months.revenue",
    "months.new",
    "months.up",
    "months.down",
    "months.lapsed",
)


def customers_behind(
    conn: sqlite3.Connection,
    people: CustomerColumns,
    figures: Overview,
    chart: str,
    key: str,
    days: int | None,
) -> list[int]:
    """The ids of the customers a bar or cell counts (for the list to show them).

    Pareto keys: "A" — the buyers it takes to reach the A cut, "B" — then up to the B
    cut, "C" — the rest. OTHER means every key not shown as its own bar.
    """
    period = figures.period(days)
    revenue = people.revenue[days]
    bought = ~np.isnan(revenue)
    ids = people.customer_id
    if chart == "pareto":
        return _pareto_members(ids[bought], revenue[bought], period.pareto, key)
    if chart == "tiers":
        code = VALUE_TIERS.index(next(t for t in VALUE_TIERS if t.value == key))
        return ids[bought & (people.value_tier == code)].tolist()
    if chart == "rfm_grid":
        r, f = int(key[1]), int(key[3])
        return ids[bought & (people.r == r) & (people.f == f)].tolist()
    if chart == "funnel":
        start = period_start(figures.as_of, days)
        added = (
            np.ones(len(ids), dtype=bool)
            if start is None
            else people.created_day >= epoch_day(start)
        )
        return ids[added & (people.stage == STAGES.index(Stage(key)))].tolist()
    if chart in ("regions", "sources"):
        codes, keys = (
            (people.province, people.province_keys)
            if chart == "regions"
            else (people.source, people.source_keys)
        )
        shown = {b.key for b in getattr(period, chart) if b.key != OTHER}
        picked = [
            k for k, name in enumerate(keys) if (name not in shown if key == OTHER else name == key)
        ]
        return ids[bought & np.isin(codes, picked)].tolist()
    if chart == "products":
        return _product_buyers(conn, figures, period, key, days)
    if chart.startswith("months."):
        return _month_members(conn, chart.removeprefix("months."), key, figures.as_of)
    raise ValueError(f"unknown chart {chart!r}")


def _pareto_members(ids: np.ndarray, revenue: np.ndarray, curve: Pareto, key: str) -> list[int]:
    order = np.lexsort((ids, -revenue))
    n = len(order)
    a = round((curve.a_buyers_percent or 0) * n / 100)
    b = round((curve.b_buyers_percent or 0) * n / 100)
    part = {"A": order[:a], "B": order[a:b], "C": order[b:]}.get(key, order[:0])
    return ids[part].tolist()


def _product_buyers(
    conn: sqlite3.Connection, figures: Overview, period: PeriodFigures, key: str, days: int | None
) -> list[int]:
    params: dict[str, object] = {"as_of": figures.as_of.isoformat()}
    start = period_start(figures.as_of, days)
    params["start"] = start.isoformat() if start else ""
    if key == OTHER:
        shown = [b.key for b in period.products if b.key != OTHER]
        params["shown"] = "[" + ",".join(f'"{k}"' for k in shown) + "]"
        where = "trim(items) NOT IN (SELECT value FROM json_each(:shown))"
    else:
        params["item"] = key
        where = "trim(items) = :item"
    rows = conn.execute(
        f"SELECT DISTINCT customer_id FROM purchases WHERE {where}"
        f" AND date >= :start AND date <= :as_of AND {_ACTIVE} ORDER BY customer_id",
        params,
    ).fetchall()
    return [row[0] for row in rows]


def _month_members(conn: sqlite3.Connection, metric: str, month: str, as_of: date) -> list[int]:
    params = {"start": f"{month}-01", "end": f"{month}-31", "as_of": as_of.isoformat()}
    sql = {
        "revenue": "SELECT DISTINCT customer_id FROM purchases INDEXED BY purchases_by_date"
        " WHERE date >= :start AND date <= :end AND date <= :as_of",
        "new": "SELECT customer_id FROM stats WHERE first_purchase >= :start"
        " AND first_purchase <= :end AND first_purchase <= :as_of",
        "up": "SELECT DISTINCT customer_id FROM tier_changes WHERE lens = 'value_tier'"
        " AND to_value < from_value AND as_of >= :start AND as_of <= :end",
        "down": "SELECT DISTINCT customer_id FROM tier_changes WHERE lens = 'value_tier'"
        " AND to_value > from_value AND as_of >= :start AND as_of <= :end",
        "lapsed": "SELECT DISTINCT customer_id FROM tier_changes WHERE lens = 'stage'"
        " AND to_value = 'lapsed' AND as_of >= :start AND as_of <= :end",
    }[metric]
    rows = conn.execute(f"SELECT * FROM ({sql}) WHERE {_ACTIVE} ORDER BY customer_id", params)
    return [row[0] for row in rows.fetchall()]
