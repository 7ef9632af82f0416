"""Per-customer aggregates: kept current on every write, and read as the lenses' input.

The stats table holds all-time aggregates. A frame "as of" a day reads it directly when
nothing is dated after that day, and re-aggregates from the records otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from itertools import chain

import numpy as np

from xiaoben.models.fields import FieldDef
from xiaoben.store.criteria import with_criteria
from xiaoben.store.driver import sqlite3
from xiaoben.store.hex_text import epoch_day, hex_row, joined_rows
from xiaoben.store.index_upkeep import drop_indexes
from xiaoben.store.int_columns import decode_rows, int_columns, matrix_of
from xiaoben.store.overview_reads import id_bounds, id_ranges, one_state
from xiaoben.store.schema import ORDERS_SQL
from xiaoben.store.stats_row import STATS_ROW, day, stats_figures
from xiaoben.tiering.frame import MANUAL_STAGES, StatsFrame, locate
from xiaoben.tiering.rhythm import median_occasion_gaps


def _aggregates(customer_filter: str, as_of_filter: bool) -> tuple[str, str, str]:
    """The three aggregate sub-queries (purchases, interactions, referrals)."""
    purchase_date = " AND date <= :as_of" if as_of_filter else ""
    contact_date = " AND at < :day_after" if as_of_filter else ""
    referral_date = " AND created_at < :day_after" if as_of_filter else ""
    # One pass of the covering index (customer_id, date, …) grouped by customer; the model
    # counts days, not orders (purchases on one day are one transaction: count(DISTINCT
    # date)), and needs the first day's net value apart (its spend is the mean of the later
    # days'): one step down the same index a customer. Grouping by day first and then by
    # customer cost a temporary B-tree of every customer-day (1M purchases: 0.8 s and 30 MB
    # of SQLite's memory against 0.45 s and 7 MB). A purchase is an order: the rows of one
    # order number on one day (a shop export's items, schema.m030) count once among a
    # customer's (a seller's own number used again another month is another order).
    purchases = f"""
        SELECT customer_id, orders, revenue, refunded, cost, first_day, last_day,
               purchase_days,
               (SELECT sum(amount_cents - refunded_cents) FROM purchases AS day_one
                WHERE day_one.customer_id = g.customer_id AND day_one.date = g.first_day)
                   AS first_day_net
        FROM (
            SELECT customer_id,
                   {ORDERS_SQL} AS orders,
                   sum(amount_cents) AS revenue,
                   sum(refunded_cents) AS refunded, coalesce(sum(cost_cents), 0) AS cost,
                   min(date) AS first_day, max(date) AS last_day,
                   count(DISTINCT date) AS purchase_days
            FROM purchases WHERE 1 {customer_filter.format(col="customer_id")}{purchase_date}
            GROUP BY customer_id
        ) AS g"""
    contacts = f"""
        SELECT customer_id, coalesce(sum(service_cost_cents), 0) AS service_cost,
               coalesce(sum(service_minutes), 0) AS service_minutes, max(at) AS last_at,
               max(CASE WHEN outcome = 'showed_intent' THEN at END) AS intent_at
        FROM interactions WHERE 1 {customer_filter.format(col="customer_id")}{contact_date}
        GROUP BY customer_id"""
    referrals = f"""
        SELECT referred_by, count(*) AS referrals
        FROM customers
        WHERE +archived = 0 {customer_filter.format(col="referred_by")}{referral_date}
        GROUP BY referred_by"""  # +archived: found by referred_by, not by the packed index
    return purchases, contacts, referrals


def purchase_days(
    conn: sqlite3.Connection, customer_ids: Iterable[int] | None = None, as_of: date | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(customer ids, epoch days) of purchases sorted by (customer, day): every customer's,
    or some customers', counting only those dated by `as_of` when given."""
    where, params = [], []
    if customer_ids is not None:
        where.append("customer_id IN (SELECT value FROM json_each(?))")
        params.append(_json_ids(sorted({int(i) for i in customer_ids})))
    if as_of is not None:
        where.append("date <= ?")
        params.append(as_of.isoformat())
    # The covering index (customer_id, date, …) gives the order without a sort.
    sql = (
        f"SELECT customer_id, {epoch_day('date')} FROM purchases"
        f" {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY customer_id, date"
    )
    # Streamed into one array: a million purchases fetched as tuples first held ~165 MB at
    # once (the peak of an import's follow-up); this holds the 16 MB of the array.
    flat = np.fromiter(chain.from_iterable(conn.execute(sql, params)), dtype=np.int64)
    rows = flat.reshape(-1, 2)
    return rows[:, 0], rows[:, 1]


def occasion_gaps(
    conn: sqlite3.Connection,
    window: int,
    customer_ids: Iterable[int] | None = None,
    as_of: date | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(customer ids, median gap in days between purchase occasions) of the customers with
    at least two occasions (tiering.rhythm), from the purchases `purchase_days` reads; for
    everyone, a range of customers at a time (_everyones_days)."""
    if customer_ids is not None:
        customer, day = purchase_days(conn, customer_ids, as_of)
        return median_occasion_gaps(customer, day, window)
    found = [
        median_occasion_gaps(customer, day, window)
        for customer, day in _everyones_days(conn, as_of)
    ]
    if not found:
        return median_occasion_gaps(np.empty(0, np.int64), np.empty(0, np.int64), window)
    return np.concatenate([who for who, _ in found]), np.concatenate([gap for _, gap in found])


_DAYS_SPAN = 16_384  # customer ids whose purchase days are read at once


def _everyones_days(
    conn: sqlite3.Connection, as_of: date | None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(customer ids, epoch days) of everyone's purchases, sorted by (customer, day), a range
    of _DAYS_SPAN customer ids at a time (each customer's days whole in one): read as one
    string of fixed-width hexadecimal a range (store.int_columns), not as a tuple a purchase
    (a million purchases: 0.45 -> 0.25 s, 18 -> ~6 MB held at once). Each range starts at
    the next customer id that has purchases, wherever the ids are (a book another tool wrote
    may hold a negative or a huge one)."""
    dated = "" if as_of is None else " AND date <= ?"
    tail = f"FROM purchases WHERE customer_id BETWEEN ? AND ?{dated} ORDER BY customer_id, date"
    following = "SELECT min(customer_id) FROM purchases WHERE customer_id >= ?"
    low = conn.execute("SELECT min(customer_id) FROM purchases").fetchone()[0]
    while low is not None:
        high = min(low + _DAYS_SPAN - 1, _MAX_ID)
        params = [low, high] + ([] if as_of is None else [as_of.isoformat()])
        rows = int_columns(conn, ("customer_id", epoch_day("date")), tail, params)
        yield rows[:, 0], rows[:, 1]
        low = None if high == _MAX_ID else conn.execute(following, (high + 1,)).fetchone()[0]


_MAX_ID = 2**63 - 1  # SQLite's largest integer


def store_gaps(
    conn: sqlite3.Connection, window: int, customer_ids: Iterable[int] | None = None
) -> None:
    """Write stats.median_gap_days for these customers (or everyone) from their purchases."""
    ids = None if customer_ids is None else sorted({int(i) for i in customer_ids})
    if ids is not None and not ids:
        return
    who, gap = occasion_gaps(conn, window, ids)
    if ids is None:
        conn.execute("UPDATE stats SET median_gap_days = NULL WHERE median_gap_days IS NOT NULL")
    else:
        conn.execute(
            "UPDATE stats SET median_gap_days = NULL"
            " WHERE customer_id IN (SELECT value FROM json_each(?))",
            (_json_ids(ids),),
        )
    conn.executemany(
        "UPDATE stats SET median_gap_days = ? WHERE customer_id = ?",
        zip(gap.tolist(), who.tolist(), strict=True),
    )


def _refresh_sql(customer_filter: str) -> str:
    purchases, contacts, referrals = _aggregates(customer_filter, as_of_filter=False)
    return f"""
    INSERT OR REPLACE INTO stats (customer_id, orders, revenue_cents, refunded_cents,
        cost_cents, first_purchase, last_purchase, service_cost_cents, service_minutes,
        last_interaction, last_intent, referrals, purchase_days, first_day_net_cents)
    SELECT c.id, coalesce(p.orders, 0), coalesce(p.revenue, 0), coalesce(p.refunded, 0),
        coalesce(p.cost, 0), p.first_day, p.last_day, coalesce(i.service_cost, 0),
        coalesce(i.service_minutes, 0), i.last_at, i.intent_at, coalesce(r.referrals, 0),
        coalesce(p.purchase_days, 0), coalesce(p.first_day_net, 0)
    FROM customers c
    LEFT JOIN ({purchases}) p ON p.customer_id = c.id
    LEFT JOIN ({contacts}) i ON i.customer_id = c.id
    LEFT JOIN ({referrals}) r ON r.referred_by = c.id
    WHERE 1 {customer_filter.format(col="c.id")}
    """


_REFRESH_SOME = _refresh_sql("AND {col} IN (SELECT value FROM json_each(:ids))")
_REFRESH_ALL = _refresh_sql("")


def refresh_stats(conn: sqlite3.Connection, customer_ids: Iterable[int], window: int) -> None:
    """Recompute the stats rows of these customers from their records; `window` is the
    rules' occasion_window_days (purchases that close are one occasion for the gap)."""
    ids = sorted({int(i) for i in customer_ids if i is not None})
    if ids:
        conn.execute(_REFRESH_SOME, {"ids": _json_ids(ids)})
        store_gaps(conn, window, ids)


def rebuild_all_stats(conn: sqlite3.Connection, window: int) -> None:
    """Everyone's stats row worked out again (inside the caller's transaction: the indexes
    dropped here come back with a rollback too). The table's indexes are dropped first and
    built once after, a sort each, rather than kept up a row at a time through a delete
    and an insert of every row (88,167 customers: 1.1 -> 0.8 s of an import's end)."""
    indexes = drop_indexes(conn, ["stats"])
    conn.execute("DELETE FROM stats")
    conn.execute(_REFRESH_ALL)
    store_gaps(conn, window)
    for _, sql in indexes:
        conn.execute(sql)


def _json_ids(ids: list[int]) -> str:
    return "[" + ",".join(str(i) for i in ids) + "]"


def _manual_stage_code(table: str) -> str:
    return (
        f"CASE {table}manual_stage "
        + " ".join(f"WHEN '{stage.value}' THEN {code}" for code, stage in enumerate(MANUAL_STAGES))
        + " ELSE -1 END"
    )


def _packed_judgements(table: str) -> str:
    """The five small customer columns packed into one integer, 8 bits each (the manual
    stage code shifted by one: -1 is none), so SQLite formats one number for them, not five.
    `table`: the columns' prefix ("c." or "")."""
    return f"""(({table}strategic != 0) | (({table}target_profile != 0) << 8)
    | ((({_manual_stage_code(table)}) + 1) << 16) | (coalesce({table}demand, 0) << 24)
    | (coalesce({table}purchasing_power, 0) << 32))"""


_CUSTOMER_COLUMNS = f"""c.strategic, c.target_profile, {_manual_stage_code("c.")},
    coalesce(c.demand, 0), coalesce(c.purchasing_power, 0)"""


# The frame from the stats table: its columns in StatsFrame's order up to referrals, then
# the packed customer columns. Read as one string (store.int_columns): no Python tuple
# per customer.
_FROM_STATS_EXPRESSIONS = ("c.id", *stats_figures("s."), _packed_judgements("c."))
_FROM_STATS_TAIL = (
    "FROM customers c JOIN stats s ON s.customer_id = c.id WHERE c.archived = 0 {extra}"
    " ORDER BY c.id"
)

# Every customer's frame, from two indexes that keep each row's integers as hex_row text
# (m016; the stats row's is store/stats_row.py's): a covering scan of each formats nothing.
# Each side in id order, a range of ids at a time (overview_reads.id_ranges: the whole
# book's text at once was the largest block a 100,000-customer import's follow-up held,
# ~44 MB with SQLite's copy and the decoding), all in one read of the book.
JUDGEMENTS_ROW = ("id", _packed_judgements(""))
JUDGEMENTS_INDEX = (
    f"CREATE INDEX customers_judgements ON customers(archived, id, {hex_row(JUDGEMENTS_ROW)})"
)
_EVERYONE = (
    "SELECT "
    + joined_rows(
        STATS_ROW,
        "FROM stats INDEXED BY stats_frame WHERE customer_id BETWEEN :first AND :last"
        " ORDER BY customer_id",
    )
    + ", "
    + joined_rows(
        JUDGEMENTS_ROW,
        "FROM customers INDEXED BY customers_judgements"
        " WHERE archived = 0 AND id BETWEEN :first AND :last ORDER BY id",
    )
)


def _as_of_query() -> str:
    purchases, contacts, referrals = _aggregates("", as_of_filter=True)
    return f"""
    SELECT c.id, coalesce(p.orders, 0), coalesce(p.revenue, 0), coalesce(p.refunded, 0),
        coalesce(p.cost, 0), coalesce(i.service_cost, 0), coalesce(i.service_minutes, 0),
        {day("p.first_day")}, {day("p.last_day")}, {day("substr(i.intent_at, 1, 10)")},
        coalesce(r.referrals, 0), {_CUSTOMER_COLUMNS}
    FROM customers c
    LEFT JOIN ({purchases}) p ON p.customer_id = c.id
    LEFT JOIN ({contacts}) i ON i.customer_id = c.id
    LEFT JOIN ({referrals}) r ON r.referred_by = c.id
    WHERE c.archived = 0
    ORDER BY c.id
    """


_AS_OF = _as_of_query()

_FRAME_FIELDS = (
    "customer_id",
    "orders",
    "revenue_cents",
    "refunded_cents",
    "cost_cents",
    "service_cost_cents",
    "service_minutes",
    "first_purchase_day",
    "last_purchase_day",
    "last_intent_day",
    "referrals",
    "strategic",
    "target_profile",
    "manual_stage",
    "demand",
    "purchasing_power",
)


def _to_frame(rows: sqlite3.Cursor) -> StatsFrame:
    # A few thousand rows at a time: 100k tuples of 16 ints alive at once were the app's
    # largest peak of memory.
    matrix = matrix_of(rows, len(_FRAME_FIELDS), np.int64)
    return StatsFrame.from_columns({name: matrix[:, k] for k, name in enumerate(_FRAME_FIELDS)})


def _packed_frame(matrix: np.ndarray) -> StatsFrame:
    """A frame from int_columns' matrix of _FROM_STATS_EXPRESSIONS (customer columns packed)."""
    return _frame_of(matrix[:, :11], matrix[:, 11])


def _frame_of(figures: np.ndarray, packed: np.ndarray) -> StatsFrame:
    """A frame from the id and stats columns (_FRAME_FIELDS up to referrals) and the
    customer columns packed in one integer (_packed_judgements)."""
    columns: dict[str, Sequence[int] | np.ndarray] = {
        name: figures[:, k] for k, name in enumerate(_FRAME_FIELDS[:11])
    }
    for k, name in enumerate(_FRAME_FIELDS[11:]):
        columns[name] = (packed >> (8 * k)) & 0xFF
    columns["manual_stage"] = ((packed >> 16) & 0xFF) - 1
    return StatsFrame.from_columns(columns)


def _stats_frame(conn: sqlite3.Connection, extra: str, params: tuple) -> StatsFrame:
    tail = _FROM_STATS_TAIL.format(extra=extra)
    return _packed_frame(int_columns(conn, _FROM_STATS_EXPRESSIONS, tail, params))


def _everyone(conn: sqlite3.Connection) -> StatsFrame:
    """Every active customer's frame from the two indexes of m016 (the stats rows of
    archived customers are read too, and left out here: fewer than the work of a join)."""
    figure_parts, judgement_parts = [], []
    with one_state(conn):  # the ranges are read from one state of the book
        for first, last in id_ranges(*id_bounds(conn, "stats")):
            texts = conn.execute(_EVERYONE, {"first": first, "last": last}).fetchone()
            figure_parts.append(decode_rows(texts[0], len(STATS_ROW)))
            judgement_parts.append(decode_rows(texts[1], len(JUDGEMENTS_ROW)))
            del texts  # before the next range's are read
    figures = _joined(figure_parts, len(STATS_ROW))
    judgements = _joined(judgement_parts, len(JUDGEMENTS_ROW))
    if np.array_equal(figures[:, 0], judgements[:, 0]):  # nobody archived: no copy
        return _frame_of(figures, judgements[:, 1])
    rows, known = locate(figures[:, 0], judgements[:, 0])  # customers without stats: none
    return _frame_of(figures[rows[known]], judgements[known, 1])


def _joined(parts: list[np.ndarray], width: int) -> np.ndarray:
    if len(parts) == 1:
        return parts[0]
    return np.concatenate(parts) if parts else np.empty((0, width), dtype=np.int64)


def has_records_after(conn: sqlite3.Connection, as_of: date) -> bool:
    """Is anything (purchase or contact) dated after `as_of`? Then stats are not as of it."""
    # Each max is one step down an index; a day's prefix of the greatest text is the
    # greatest day (ISO text sorts as its days).
    last_purchase, last_contact = conn.execute(
        "SELECT (SELECT max(last_purchase) FROM stats),"
        " substr((SELECT max(last_interaction) FROM stats), 1, 10)"
    ).fetchone()
    day = as_of.isoformat()
    return bool((last_purchase and last_purchase > day) or (last_contact and last_contact > day))


def load_frame(conn: sqlite3.Connection, as_of: date, criteria: tuple[FieldDef, ...]) -> StatsFrame:
    """Every active customer's figures as of `as_of`, with their values of the score's
    custom `criteria` (store/criteria.py criterion_fields)."""
    if has_records_after(conn, as_of):
        params = {"as_of": as_of.isoformat(), "day_after": (as_of + timedelta(days=1)).isoformat()}
        frame = _to_frame(conn.execute(_AS_OF, params))
    else:
        frame = _everyone(conn)
    return with_criteria(conn, frame, criteria)


def load_rows(
    conn: sqlite3.Connection, customer_ids: Iterable[int], criteria: tuple[FieldDef, ...]
) -> StatsFrame:
    """The all-time figures of some customers (for placing them after a save), with their
    values of the score's custom `criteria`."""
    wanted = sorted(set(customer_ids))
    extra = "AND c.id IN (SELECT value FROM json_each(?))"
    frame = _stats_frame(conn, extra, (_json_ids(wanted),))
    return with_criteria(conn, frame, criteria, wanted)
