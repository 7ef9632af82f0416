"""The customer list, a window at a time: filters, sort, search as you type.

The list never loads every row: `count()` says how many match and `window()` fetches
rows [offset, offset + limit) in the chosen order. Sort columns are indexed, so a
window of a 100,000-customer book costs about what it costs at 1,000.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from xiaoben.store.driver import sqlite3
from xiaoben.store.search import normalise_query, prefix_bounds, query_texts

_LAST_CONTACT = (
    "nullif(max(coalesce(s.last_purchase, ''),"
    " coalesce(substr(s.last_interaction, 1, 10), '')), '')"
)

# Sort key -> SQL expression (each backed by an index); ties broken by id.
SORTS: dict[str, str] = {
    "name": "c.name_pinyin",
    "value_tier": "coalesce(t.value_tier, 'E')",
    "stage": "t.stage",
    "rfm_segment": "t.rfm_segment",
    "score": "t.score",
    "revenue": "s.net_revenue_cents",
    "last_purchase": "s.last_purchase",
    "last_contact": _LAST_CONTACT,
    "code": "c.code",
    # The next planned follow-up (a temporary table of the list's connection, `load_plan`);
    # customers with nothing planned sort after every day.
    "follow_up": f"coalesce(p.in_days, {1 << 40})",
    # The purchase model's kept predictions; customers without one (no purchase, or no
    # model yet) sort after every buyer in the natural direction.
    "p_alive": "coalesce(pr.p_alive, 2.0)",
    "clv": "coalesce(pr.clv_cents, -1)",
}
_PLAN_JOIN = " LEFT JOIN temp.planned p ON p.customer_id = c.id"


@dataclass(frozen=True)
class FieldFilter:
    """Customers whose custom field `field_id` has this value: "=" an exact stored value (an
    option, a date, 1/0 for yes/no, a text); ">=" / "<=" a number bound."""

    field_id: int
    value: str
    op: str = "="


def _field_clause(wanted: FieldFilter) -> tuple[str, list[Any]]:
    if wanted.op == "=":
        return (
            "c.id IN (SELECT customer_id FROM field_values WHERE field_id = ? AND value = ?)",
            [wanted.field_id, wanted.value],
        )
    if wanted.op not in (">=", "<="):
        raise ValueError(f"unknown field filter {wanted.op!r}")
    return (
        "c.id IN (SELECT customer_id FROM field_values"
        f" WHERE field_id = ? AND number IS NOT NULL AND number {wanted.op} ?)",
        [wanted.field_id, float(wanted.value)],
    )


@dataclass(frozen=True)
class ListQuery:
    search: str = ""
    value_tiers: frozenset[str] = field(default_factory=frozenset)
    stages: frozenset[str] = field(default_factory=frozenset)
    segments: frozenset[str] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    tag: str | None = None
    region: str | None = None
    # Several tags or regions at once (any of them), beside the single `tag` and `region`.
    tags: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    archived: bool = False  # show the archived customers instead of the active ones
    # Only these customers (the ones behind an overview bar); `ids_label` says which.
    ids: frozenset[int] | None = None
    ids_label: str = ""
    # Only customers whose next follow-up is planned within this many days of today (0:
    # today's plan, 6: this week's), from the temporary table `load_plan` fills.
    follow_up_within: int | None = None
    # Only customers not contacted (no purchase, no logged contact) since this day, an ISO
    # date: "not contacted for 30 days" is today - 30 (store/views.py turns days into it).
    contacted_before: str | None = None
    # The purchase model's churn-risk lens (alive / fading / lost by P(alive)), and the
    # buyers whose CLV is in the top this-many percent of the predicted buyers.
    churn_risks: frozenset[str] = field(default_factory=frozenset)
    clv_top_percent: int | None = None
    # Custom field values (all must hold).
    fields: tuple[FieldFilter, ...] = ()
    sort: str = "score"
    descending: bool = True


@dataclass(frozen=True, slots=True)
class ListRow:
    id: int
    code: str | None
    name: str
    value_tier: str | None
    stage: str | None
    rfm_segment: str | None
    role: str | None
    score: float | None
    revenue_cents: int
    orders: int
    last_purchase: str | None
    last_contact: str | None
    tags: str
    province: str
    city: str
    p_alive: float | None = None  # the purchase model's, None for non-buyers or no model
    clv_cents: int | None = None


_COLUMNS = f"""
SELECT c.id, c.code, c.name, t.value_tier, t.stage, t.rfm_segment, t.role, t.score,
    coalesce(s.net_revenue_cents, 0), coalesce(s.orders, 0), s.last_purchase, {_LAST_CONTACT},
    c.tags, c.province, c.city, pr.p_alive, pr.clv_cents
"""
# The purchase model's kept predictions of a customer `c` (none: no model, or no purchase).
PREDICTIONS_JOIN = " LEFT JOIN predictions pr ON pr.customer_id = c.id"
_FROM = f"""
FROM customers c
LEFT JOIN tiers t ON t.customer_id = c.id
LEFT JOIN stats s ON s.customer_id = c.id
{PREDICTIONS_JOIN}
"""
_SELECT = _COLUMNS + _FROM


# A query finds the profile's keys and the custom fields' (an empty table when none).
_MEMBER = (
    "SELECT customer_id FROM search_keys WHERE key >= ? AND key < ?"
    " UNION ALL SELECT customer_id FROM field_keys WHERE key >= ? AND key < ?"
)
_PROBE = (
    "EXISTS (SELECT 1 FROM search_keys k WHERE k.customer_id = c.id AND k.key >= ? AND k.key < ?)"
    " OR EXISTS (SELECT 1 FROM field_keys f"
    " WHERE f.customer_id = c.id AND f.key >= ? AND f.key < ?)"
)


def _search_clause(text: str, probe: bool) -> tuple[str, list[str]]:
    """The search's clause and parameters: a key range for each form of the query
    (store.search.query_texts: one, or two for a query half in pinyin)."""
    texts = query_texts(text)
    params = [bound for each in texts for bound in prefix_bounds(each) * 2]
    if probe:
        return "(" + " OR ".join([_PROBE] * len(texts)) + ")", params
    return "c.id IN (" + " UNION ALL ".join([_MEMBER] * len(texts)) + ")", params


# The CLV of the buyer at the top `?` percent's edge (at least the top one): ties at the
# edge are all in.
_CLV_TOP = (
    "pr.clv_cents >= (SELECT clv_cents FROM predictions ORDER BY clv_cents DESC LIMIT 1"
    " OFFSET (SELECT max((count(*) * ? + 99) / 100 - 1, 0) FROM predictions))"
)


def _where(query: ListQuery, probe: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause; probe=True tests the search per row (for a walk along a sort index)."""
    clauses = ["c.archived = ?"]
    params: list[Any] = [1 if query.archived else 0]
    for column, values in (
        ("t.value_tier", query.value_tiers),
        ("t.stage", query.stages),
        ("t.rfm_segment", query.segments),
        ("t.role", query.roles),
        ("pr.churn_risk", query.churn_risks),
    ):
        if values:
            clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(sorted(values))
    if query.tag:
        clauses.append("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)")
        params.append(query.tag)
    if query.region:
        clauses.append("(c.province = ? OR c.city = ?)")
        params.extend([query.region, query.region])
    if query.tags:
        marks = ", ".join("?" for _ in query.tags)
        clauses.append(f"EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value IN ({marks}))")
        params.extend(sorted(query.tags))
    if query.regions:
        marks = ", ".join("?" for _ in query.regions)
        clauses.append(f"(c.province IN ({marks}) OR c.city IN ({marks}))")
        params.extend([*sorted(query.regions), *sorted(query.regions)])
    if query.ids is not None:
        clauses.append("c.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(query.ids)))
    if query.follow_up_within is not None:
        clauses.append("c.id IN (SELECT customer_id FROM temp.planned WHERE in_days <= ?)")
        params.append(query.follow_up_within)
    if query.contacted_before is not None:
        clauses.append(f"coalesce({_LAST_CONTACT}, '') < ?")
        params.append(query.contacted_before)
    if query.clv_top_percent is not None:
        clauses.append(_CLV_TOP)
        params.append(query.clv_top_percent)
    for wanted in query.fields:
        clause, field_params = _field_clause(wanted)
        clauses.append(clause)
        params.extend(field_params)
    text = normalise_query(query.search)
    if text:
        clause, search_params = _search_clause(text, probe)
        clauses.append(clause)
        params.extend(search_params)
    return " WHERE " + " AND ".join(clauses), params


def uses_plan(query: ListQuery) -> bool:
    """The query sorts or filters by the next planned follow-up (needs `load_plan`)."""
    return query.sort == "follow_up" or query.follow_up_within is not None


def _joins(query: ListQuery) -> str:
    return _PLAN_JOIN if query.sort == "follow_up" else ""


def ensure_plan_table(conn: sqlite3.Connection) -> None:
    """The temporary table of each customer's next planned day, in days from the plan's
    today (empty until `load_plan`); temporary: private to this connection, never in the
    book's file."""
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS planned"
        " (customer_id INTEGER PRIMARY KEY, in_days INTEGER NOT NULL)"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS temp.planned_days ON planned (in_days, customer_id)")


def load_plan(conn: sqlite3.Connection, customer_ids: np.ndarray, in_days: np.ndarray) -> None:
    """Replace the temporary plan table's rows: each customer's next planned item, in days
    from today (about 0.1 s at 100,000 customers)."""
    ensure_plan_table(conn)
    conn.execute("BEGIN")
    try:
        conn.execute("DELETE FROM temp.planned")
        conn.executemany(
            "INSERT INTO temp.planned VALUES (?, ?)",
            zip(customer_ids.tolist(), in_days.tolist(), strict=True),
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _filter_joins(query: ListQuery) -> str:
    """The joins the WHERE clause needs when only ids or a count are read."""
    joins = ""
    if any((query.value_tiers, query.stages, query.segments, query.roles)):
        joins += " LEFT JOIN tiers t ON t.customer_id = c.id"
    if query.contacted_before is not None:
        joins += " LEFT JOIN stats s ON s.customer_id = c.id"
    if _uses_predictions(query):
        joins += PREDICTIONS_JOIN
    return joins


def count(conn: sqlite3.Connection, query: ListQuery) -> int:
    where, params = _where(query)
    sql = f"SELECT count(*) FROM customers c{_filter_joins(query)}{where}"
    return int(conn.execute(sql, params).fetchone()[0])


def _uses_predictions(query: ListQuery) -> bool:
    return bool(query.churn_risks) or query.clv_top_percent is not None


def matching_ids(conn: sqlite3.Connection, query: ListQuery) -> list[int]:
    """The ids of every customer the list shows for `query`, in id order (an export of
    "whom the list shows" holds exactly these)."""
    where, params = _where(query)
    sql = f"SELECT c.id FROM customers c{_filter_joins(query)}{where}"
    return [row[0] for row in conn.execute(sql + " ORDER BY c.id", params)]


def matching_id_array(conn: sqlite3.Connection, query: ListQuery) -> np.ndarray:
    """The same ids as `matching_ids`, sorted, as one int64 array: no Python object a
    customer (marking every customer of a 100,000-customer list stays cheap)."""
    where, params = _where(query)
    sql = "SELECT group_concat(id) FROM (SELECT c.id AS id FROM customers c"
    sql += f"{_filter_joins(query)}{where} ORDER BY c.id)"
    text = conn.execute(sql, params).fetchone()[0]
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


def window(conn: sqlite3.Connection, query: ListQuery, offset: int, limit: int) -> list[ListRow]:
    where, params = _where(query)
    direction = "DESC" if query.descending else "ASC"
    order = f" ORDER BY {SORTS[query.sort]} {direction}, c.id {direction}"
    rows = conn.execute(
        _SELECT + _joins(query) + where + order + " LIMIT ? OFFSET ?", [*params, limit, offset]
    ).fetchall()
    return [ListRow(*row) for row in rows]


def tags_and_regions(conn: sqlite3.Connection) -> tuple[list[str], list[str]]:
    """The tags and regions in use, most common first (for the filter pickers)."""
    tags = [
        row[0]
        for row in conn.execute(
            "SELECT value, count(*) AS n FROM customers, json_each(customers.tags)"
            " WHERE archived = 0 GROUP BY value ORDER BY n DESC, value LIMIT 200"
        )
    ]
    regions = [
        row[0]
        for row in conn.execute(
            "SELECT region, count(*) AS n FROM (SELECT province AS region FROM customers"
            " WHERE archived = 0 AND province <> '' UNION ALL SELECT city FROM customers"
            " WHERE archived = 0 AND city <> '' AND city <> province)"
            " GROUP BY region ORDER BY n DESC, region LIMIT 200"
        )
    ]
    return tags, regions


# ---- the list screen's fast paths: the first rows by an index walk, the rest by id ------

# Sorts an index keeps in order when the list is driven from that index's table: the walk
# stops after `limit` rows instead of sorting every match. (Every active customer has a
# tiers and a stats row, so driving from either table lists the same customers.)
_DRIVERS: dict[str, tuple[str, str]] = {
    "score": ("tiers", "t.customer_id"),
    "stage": ("tiers", "t.customer_id"),
    "revenue": ("stats", "s.customer_id"),
    "last_purchase": ("stats", "s.customer_id"),
    "name": ("customers", "c.id"),
    "code": ("customers", "c.id"),
}
_DRIVEN_FROM = {
    "tiers": " FROM tiers t JOIN customers c ON c.id = t.customer_id"
    " LEFT JOIN stats s ON s.customer_id = c.id" + PREDICTIONS_JOIN,
    "stats": " FROM stats s JOIN customers c ON c.id = s.customer_id"
    " LEFT JOIN tiers t ON t.customer_id = c.id" + PREDICTIONS_JOIN,
    "customers": _FROM,
}


def _worth_walking(conn: sqlite3.Connection, query: ListQuery, limit: int) -> bool:
    """Walk the sort index unless the search matches few enough to fetch and sort them all.

    A walk probes about limit × N / matches rows, fetching probes about matches rows: the
    walk wins above sqrt(limit × N) matches (counted as keys, about two a customer). Other
    filters may be rare among the first rows of the index: those lists are fetched whole.
    """
    if query.value_tiers or query.stages or query.segments or query.roles:
        return False
    if query.churn_risks or query.clv_top_percent is not None:
        return False
    if query.tag or query.region or query.tags or query.regions or query.ids is not None:
        return False
    if query.fields:
        return False
    if query.contacted_before:
        return False
    text = normalise_query(query.search)
    if not text:
        return True
    books = conn.execute("SELECT coalesce(max(id), 0) FROM customers").fetchone()[0]
    threshold = max(2 * int((limit * books) ** 0.5), 1)
    keys = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM search_keys WHERE key >= ? AND key < ? LIMIT ?)",
        [*prefix_bounds(text), threshold],
    ).fetchone()[0]
    return int(keys) >= threshold


def first_rows(conn: sqlite3.Connection, query: ListQuery, limit: int) -> list[ListRow]:
    """The same rows as `window(conn, query, 0, limit)`, by a walk along the sort's index
    when there is one: at 100,000 customers it costs what it costs at 1,000."""
    driver = _DRIVERS.get(query.sort)
    if driver is None or query.archived or not _worth_walking(conn, query, limit):
        return window(conn, query, 0, limit)
    table, tie = driver
    where, params = _where(query, probe=True)
    direction = "DESC" if query.descending else "ASC"
    order = f" ORDER BY {SORTS[query.sort]} {direction}, {tie} {direction}"
    sql = _COLUMNS + _DRIVEN_FROM[table] + where + order + " LIMIT ?"
    return [ListRow(*row) for row in conn.execute(sql, [*params, limit]).fetchall()]


def ordered_ids(conn: sqlite3.Connection, query: ListQuery) -> array[int]:
    """Every listed customer's id, in list order: then a window anywhere is `rows_by_ids`.

    One string from SQLite, parsed in C: no Python loop holds the GIL while the screen draws.
    (An aggregate other than count/min/max keeps its subquery's ORDER BY.)
    """
    where, params = _where(query)
    direction = "DESC" if query.descending else "ASC"
    order = f" ORDER BY {SORTS[query.sort]} {direction}, c.id {direction}"
    sql = f"SELECT group_concat(id) FROM (SELECT c.id AS id{_FROM}{_joins(query)}{where}{order})"
    text = conn.execute(sql, params).fetchone()[0]
    ids: array[int] = array("q")
    if text:
        ids.frombytes(np.fromstring(text, dtype=np.int64, sep=",").tobytes())
    return ids


def rows_by_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> list[ListRow]:
    """These customers' list rows, in the order given (ids no longer in the book are left out)."""
    sql = _SELECT + " WHERE c.id IN (SELECT value FROM json_each(?))"
    found = {row[0]: ListRow(*row) for row in conn.execute(sql, (json.dumps(list(ids)),))}
    return [found[i] for i in ids if i in found]
