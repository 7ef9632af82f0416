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
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol

import numpy as np

from xiaoben.models.enums import Stage
from xiaoben.models.overview import (
    OTHER,
    PERIODS,
    UNKNOWN,
    Bar,
    Month,
    Overview,
    Pareto,
    PeriodFigures,
)
from xiaoben.store.day_moves import day_moves
from xiaoben.store.driver import sqlite3
from xiaoben.store.int_columns import by_id, decode_rows, id_order, int_columns
from xiaoben.store.overview_reads import (
    NO_PURCHASE_DAY,
    SEPARATOR,
    CustomerTexts,
    customer_texts,
    id_bounds,
    id_ranges,
    one_state,
    stats_parts,
)
from xiaoben.store.overview_sums import (
    ACTIVE,
    NET,
    TOP_N,
    Periods,
    assemble,
    month_part,
    period_start,
    period_sums,
    product_part,
    starts,
    top,
    with_all,
)
from xiaoben.store.stats_row import FIRST_PURCHASE, ID, NO_DAY, ORDERS, REFUNDED, REVENUE, STATS_ROW
from xiaoben.store.tierstore import load_tiers
from xiaoben.tiering.frame import STAGES, VALUE_TIERS, TierFrame, epoch_day, locate

if TYPE_CHECKING:  # the rules (pydantic) and the lenses load only where tiers are computed:
    # `xiaoben report` reads the stored ones without them (store/overview_cold.py)
    from xiaoben.models.rules import Rules

FUNNEL: tuple[Stage, ...] = (
    Stage.POTENTIAL,
    Stage.TARGET,
    Stage.PROSPECT,
    Stage.CUSTOMER,
    Stage.LOYAL,
    Stage.LAPSED,
)


class Cuts(Protocol):
    """The rules' Pareto cuts, all the figures read of the rules (Rules has them)."""

    @property
    def a_cut_percent(self) -> Decimal | float: ...
    @property
    def b_cut_percent(self) -> Decimal | float: ...


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
    created_day: np.ndarray  # int32 epoch days; empty when every period is all time
    province: np.ndarray  # codes into province_keys (int8, int32 past 128 keys)
    source: np.ndarray  # codes into source_keys (the same)
    province_keys: list[str]
    source_keys: list[str]
    first_purchase_day: np.ndarray  # int32 epoch day (before 1970 if none: NO_PURCHASE)


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
    the longest of them, along the covering customer index, a range of customer ids at a
    time (overview_reads.id_ranges: each range's text decoded as read, never the whole
    book's at once) — or, when something is dated after as_of (or `from_purchases`), in
    every period and all time from every purchase. All of one state of the book."""
    with one_state(conn):
        return _revenue(conn, as_of, periods, from_purchases)


def _revenue(
    conn: sqlite3.Connection, as_of: date, periods: Periods, from_purchases: bool
) -> PeriodRevenue:
    (last_purchase,) = conn.execute("SELECT max(last_purchase) FROM stats").fetchone()
    if from_purchases or (last_purchase is not None and last_purchase > as_of.isoformat()):
        return _revenue_as_of(conn, as_of, periods)
    days_only = [d for d in periods if d is not None]
    if not days_only:
        return np.zeros(0, dtype=np.int64), {}
    longest = max(days_only)
    sums = [
        f"coalesce(sum(CASE WHEN date >= :s{days} THEN {NET} END), -1)"
        for days in days_only
        if days != longest
    ]
    expressions = ["customer_id", f"sum({NET})", *sums]
    # nothing is dated after as_of here: no upper bound to check on every row
    tail = (
        "FROM purchases INDEXED BY purchases_by_customer WHERE customer_id BETWEEN :first"
        f" AND :last AND date >= :s{longest} GROUP BY customer_id ORDER BY customer_id"
    )
    params: dict[str, object] = dict(starts(as_of, tuple(days_only)))
    parts = [
        int_columns(conn, expressions, tail, {**params, "first": first, "last": last})
        for first, last in id_ranges(*id_bounds(conn, "purchases"))
    ]
    matrix = np.concatenate(parts) if parts else np.empty((0, len(expressions)), dtype=np.int64)
    others = iter(range(2, 2 + len(sums)))
    revenue: dict[int | None, np.ndarray] = {}
    for days in days_only:
        values = matrix[:, 1 if days == longest else next(others)].astype(np.float64)
        revenue[days] = np.where(values < 0, np.nan, values)  # net is never negative
    return matrix[:, 0], revenue


def _revenue_as_of(conn: sqlite3.Connection, as_of: date, periods: Periods) -> PeriodRevenue:
    columns = with_all(periods)
    matrix = _matrix(
        conn.execute(
            f"SELECT customer_id, {period_sums(NET, periods)} FROM purchases"
            " WHERE date <= :as_of GROUP BY customer_id ORDER BY customer_id",
            starts(as_of, periods),
        ),
        1 + len(columns),
    )
    return matrix[:, 0].astype(np.int64), {d: matrix[:, 1 + k] for k, d in enumerate(columns)}


def load_customers(
    conn: sqlite3.Connection,
    as_of: date,
    rules: Rules | None,
    periods: Periods = PERIODS,
    known_tiers: TierFrame | Callable[[], TierFrame] | None = None,
    revenue: Callable[[], PeriodRevenue] | None = None,
    stats: Callable[[], np.ndarray] | None = None,
    texts: Callable[[], CustomerTexts] | None = None,
) -> CustomerColumns:
    """The per-customer columns; `revenue` gives revenue_part's result (run beside this,
    on a connection of its own) — read here when not given; `known_tiers` the stored
    tiers when the caller holds them (or reads them beside this). `rules` None: the caller
    knows the stored tiers are as of that day (nothing is computed). `stats`: stats_rows'
    result, `texts` overview_reads.customer_texts', read beside this (else read here; with
    the created days when a period of days needs them)."""
    needs_created = any(days is not None for days in periods)
    ids, created, orders, net, first_day, province, source = _customer_rows(
        conn, stats, texts, needs_created
    )
    purchasers, by_period = revenue() if revenue else revenue_part(conn, as_of, periods)
    at, keep = locate(ids, purchasers)
    columns: dict[int | None, np.ndarray] = {}
    for days in with_all(periods):
        if days is None and days not in by_period:
            columns[None] = np.where(orders > 0, net, np.nan)
            continue
        column = np.full(len(ids), np.nan)
        column[at[keep]] = by_period[days][keep]
        columns[days] = column
    tiers = known_tiers() if callable(known_tiers) else known_tiers
    value_tier, r, f, stage = _tier_columns(conn, ids, as_of, rules, tiers)
    # Kept with the overview for the app's life (and beside the next overview's passes):
    # the ids a column of their own, not a view that kept the read's (n, 3) matrix alive,
    # the days as int32 and the codes a byte each while their keys fit (9.2 -> 5.4 MB at
    # 100k customers), the same numbers.
    return CustomerColumns(
        customer_id=np.ascontiguousarray(ids),
        revenue=columns,
        value_tier=value_tier,
        r=r,
        f=f,
        stage=stage,
        created_day=created.astype(np.int32),
        province=_narrow(*province),
        source=_narrow(*source),
        province_keys=province[1],
        source_keys=source[1],
        first_purchase_day=first_day.astype(np.int32),
    )


def _narrow(codes: np.ndarray, keys: list[str]) -> np.ndarray:
    """Codes into `keys` a byte each when there are at most 128 keys, else int32."""
    return codes.astype(np.int8 if len(keys) <= 128 else np.int32)


def stats_rows(conn: sqlite3.Connection, text: bytes | None = None) -> np.ndarray:
    """The customer id, orders, net revenue and first purchase's epoch day of every stats
    row of a customer who ever bought (archived customers' too), by id; `text`: their
    overview_reads.stats_text when the caller read it (beside, before numpy loaded), else
    read a range of ids at a time (overview_reads.stats_parts), each decoded as read."""
    if text is not None:
        return _bought_rows(text)
    parts = stats_parts(conn, _bought_rows)
    if not parts:
        return np.empty((0, 4), dtype=np.int64)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _bought_rows(text: bytes | None) -> np.ndarray:
    """stats_rows' rows of a joined text of kept stats rows, by id."""
    kept = by_id(decode_rows(text, len(STATS_ROW)))
    orders, first = kept[:, ORDERS], kept[:, FIRST_PURCHASE]
    # Only customers who ever bought: the others' figures are the ones a customer without
    # a stats row is given (no orders, nothing spent, no first purchase).
    bought = (orders > 0) | (first != NO_DAY)
    rows = np.empty((int(bought.sum()), 4), dtype=np.int64)
    rows[:, 0] = kept[bought, ID]
    rows[:, 1] = orders[bought]
    rows[:, 2] = kept[bought, REVENUE] - kept[bought, REFUNDED]
    rows[:, 3] = np.where(first[bought] == NO_DAY, NO_PURCHASE_DAY, first[bought])
    return rows


def _customer_rows(
    conn: sqlite3.Connection,
    stats: Callable[[], np.ndarray] | None = None,
    texts: Callable[[], CustomerTexts] | None = None,
    needs_created: bool = True,
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
    purchase day (stats; none: 0, 0 and NO_PURCHASE, as a customer without purchases
    has), and province and source as codes with their keys (the created days empty
    unless `needs_created`). The customers' ids and codes come back as one string, the
    stats as another (store.int_columns' way): no Python object per customer and value."""
    found = texts() if texts else customer_texts(conn, needs_created)
    if not found.rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty, empty, (empty, []), (empty, [])
    customers = decode_rows(found.rows, 3)
    order = id_order(customers[:, 0])  # None: read in order of id, as the scan gives them
    if order is not None:
        customers = customers[order]
    ids = customers[:, 0]
    by_id = stats() if stats is not None else stats_rows(conn)
    n = len(ids)
    orders = np.zeros(n, dtype=np.int64)
    net = np.zeros(n, dtype=np.int64)
    first = np.full(n, NO_PURCHASE_DAY, dtype=np.int64)
    if len(by_id):
        rows, known = locate(by_id[:, 0], ids)
        for column, k in ((orders, 1), (net, 2), (first, 3)):
            column[known] = by_id[rows[known], k]
    return (
        ids,
        (
            _epoch_days(conn, "substr(c.created_at, 1, 10)", found.created or "", n, order)
            if needs_created
            else np.zeros(0, dtype=np.int64)
        ),
        orders,
        net.astype(np.float64),
        first,
        _keyed(conn, "c.province", customers[:, 1], found.provinces, found.province_count),
        _keyed(conn, "c.source", customers[:, 2], found.sources, found.source_count),
    )


def _epoch_days(
    conn: sqlite3.Connection, column: str, joined: str, n: int, order: np.ndarray | None = None
) -> np.ndarray:
    """Joined ISO days as epoch days, put in `order` if given (read row by row, by id, if
    one was not ten characters)."""
    if len(joined) == 10 * n:
        try:
            days = np.frombuffer(joined.encode(), dtype="S10").astype("datetime64[D]")
            return (days if order is None else days[order]).astype(np.int64)
        except ValueError:
            pass
    return np.array([epoch_day(date.fromisoformat(d[:10])) for d in _rows(conn, column)])


def _keyed(
    conn: sqlite3.Connection, column: str, codes: np.ndarray, joined: str | None, count: int
) -> tuple[np.ndarray, list[str]]:
    """SQL's codes of a text column with the texts of the codes (joined), as _codes gives
    them: a blank text is UNKNOWN, one key with an UNKNOWN written out (the column is read
    row by row if a text held the separator)."""
    texts = (joined or "").split(SEPARATOR)
    if len(texts) != count or (len(codes) and int(codes.min()) < 0):  # -1: a text not coded
        return _codes(_rows(conn, f"coalesce({column}, '')"))
    keys = list(dict.fromkeys(text or UNKNOWN for text in texts))
    position = {key: k for k, key in enumerate(keys)}
    merged = np.array([position[text or UNKNOWN] for text in texts], dtype=np.int64)
    return merged[codes], keys


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
    if current:  # the stored tiers; read from the integers each row keeps packed
        frame = known_tiers if known_tiers is not None else load_tiers(conn, points=False)
        tier_ids = frame.customer_id
        columns = [frame.value_tier, frame.r, frame.f, frame.stage]
    else:
        from xiaoben.store.criteria import criterion_fields
        from xiaoben.store.stats import load_frame
        from xiaoben.tiering.compute import compute

        if rules is None:
            raise ValueError(f"the stored tiers are not as of {as_of}: the rules are needed")
        tiers = compute(load_frame(conn, as_of, criterion_fields(conn, rules)), rules, as_of)
        tier_ids = tiers.customer_id
        columns = [tiers.value_tier, tiers.r, tiers.f, tiers.stage]
    # Codes of a byte each (-1: no tiers row), kept with the overview for the app's life:
    # 0.4 MB at 100k customers where int64 columns were 3.2 MB, and each a copy (the tier
    # cache patches its own columns on a save).
    rows, known = locate(tier_ids, ids)
    every = len(tier_ids) == len(ids) and np.array_equal(tier_ids, ids)
    aligned = [
        np.array(c, dtype=np.int8) if every else np.where(known, c[rows], -1).astype(np.int8)
        for c in columns
    ]
    np.maximum(aligned[1], 0, out=aligned[1])
    np.maximum(aligned[2], 0, out=aligned[2])
    return aligned[0], aligned[1], aligned[2], aligned[3]


def _bars(keys: list[str], codes: np.ndarray, mask: np.ndarray, revenue: np.ndarray) -> list[Bar]:
    """Customers and revenue per key among the masked customers, as bars."""
    count = np.bincount(codes[mask], minlength=len(keys))
    money = np.bincount(codes[mask], weights=revenue[mask], minlength=len(keys))
    return [Bar(key, int(count[k]), round(money[k])) for k, key in enumerate(keys)]


def pareto(revenue: np.ndarray, rules: Cuts) -> Pareto:
    """Buyers' revenue (cents, any order) as the cumulative curve, a point per 1% of buyers,
    and the A and B bands as the value tiers cut them."""
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
    # S(c): the revenue of the buyers strictly above each one (equal values, equal S).
    first_equal = np.searchsorted(-ranked, -ranked, side="left")
    above = np.r_[0, cumulative][first_equal]
    a, b = (
        int(np.count_nonzero((ranked > 0) & (above <= _below(cut, total))))
        for cut in (rules.a_cut_percent, rules.b_cut_percent)
    )

    def share(count: int, of: int) -> float:
        return round(100 * count / of, 2)

    def held(count: int) -> float:
        return share(int(cumulative[count - 1]), total) if count else 0.0

    return Pareto(
        n, total, tuple(points), a_cut, b_cut, share(a, n), share(b, n), a, b, held(a), held(b)
    )


def _below(percent: Decimal | float, total: int) -> int:
    """The largest whole number strictly below percent% of total (tiering.value's rule,
    exact: a float cut is read as the decimal it prints as)."""
    numerator, denominator = Fraction(str(percent)).as_integer_ratio()
    return -((-numerator * total) // (100 * denominator)) - 1


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

    Pareto keys: "A" — the buyers with less than the A cut above them (ties included, as
    the value tier), "B" — then up to the B cut, "C" — the rest. OTHER means every key
    not shown as its own bar.
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
    # The bands end between unequal values (ties share a band), so any order of equal
    # values gives the same members.
    order = np.lexsort((ids, -revenue))
    a, b = curve.a_buyers, curve.b_buyers
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
        f" AND date >= :start AND date <= :as_of AND {ACTIVE} ORDER BY customer_id",
        params,
    ).fetchall()
    return [row[0] for row in rows]


def _month_members(conn: sqlite3.Connection, metric: str, month: str, as_of: date) -> list[int]:
    params = {"start": f"{month}-01", "end": f"{month}-31", "as_of": as_of.isoformat()}
    in_month = "as_of >= :start AND as_of <= :end"  # its moves, netted day by day (day_moves)
    sql = {
        "revenue": "SELECT DISTINCT customer_id FROM purchases INDEXED BY purchases_by_date"
        " WHERE date >= :start AND date <= :end AND date <= :as_of",
        "new": "SELECT customer_id FROM stats WHERE first_purchase >= :start"
        " AND first_purchase <= :end AND first_purchase <= :as_of",
        "up": f"SELECT DISTINCT customer_id FROM ({day_moves('value_tier', in_month)})"
        " WHERE to_value < from_value",
        "down": f"SELECT DISTINCT customer_id FROM ({day_moves('value_tier', in_month)})"
        " WHERE to_value > from_value",
        "lapsed": f"SELECT DISTINCT customer_id FROM ({day_moves('stage', in_month)})"
        " WHERE to_value = 'lapsed'",
    }[metric]
    rows = conn.execute(f"SELECT * FROM ({sql}) WHERE {ACTIVE} ORDER BY customer_id", params)
    return [row[0] for row in rows.fetchall()]
