"""The customer list, a window at a time: filters, sort, search as you type.

The list never loads every row: `count()` says how many match and `window()` fetches
rows [offset, offset + limit) in the chosen order. Sort columns are indexed, so a
window of a 100,000-customer book costs about what it costs at 1,000.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from store.search import normalise_query, prefix_bounds

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
}


@dataclass(frozen=True)
class ListQuery:
    search: str = ""
    value_tiers: frozenset[str] = field(default_factory=frozenset)
    stages: frozenset[str] = field(default_factory=frozenset)
    segments: frozenset[str] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    tag: str | None = None
    region: str | None = None
    archived: bool = False  # show the archived customers instead of the active ones
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


_SELECT = f"""
SELECT c.id, c.code, c.name, t.value_tier, t.stage, t.rfm_segment, t.role, t.score,
    coalesce(s.net_revenue_cents, 0), coalesce(s.orders, 0), s.last_purchase, {_LAST_CONTACT},
    c.tags, c.province, c.city
FROM customers c
LEFT JOIN tiers t ON t.customer_id = c.id
LEFT JOIN stats s ON s.customer_id = c.id
"""


def _where(query: ListQuery) -> tuple[str, list[Any]]:
    clauses = ["c.archived = ?"]
    params: list[Any] = [1 if query.archived else 0]
    for column, values in (
        ("t.value_tier", query.value_tiers),
        ("t.stage", query.stages),
        ("t.rfm_segment", query.segments),
        ("t.role", query.roles),
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
    text = normalise_query(query.search)
    if text:
        low, high = prefix_bounds(text)
        clauses.append("c.id IN (SELECT customer_id FROM search_keys WHERE key >= ? AND key < ?)")
        params.extend([low, high])
    return " WHERE " + " AND ".join(clauses), params


def count(conn: sqlite3.Connection, query: ListQuery) -> int:
    where, params = _where(query)
    needs_tiers = any((query.value_tiers, query.stages, query.segments, query.roles))
    join = " LEFT JOIN tiers t ON t.customer_id = c.id" if needs_tiers else ""
    return int(conn.execute(f"SELECT count(*) FROM customers c{join}{where}", params).fetchone()[0])


def window(conn: sqlite3.Connection, query: ListQuery, offset: int, limit: int) -> list[ListRow]:
    where, params = _where(query)
    direction = "DESC" if query.descending else "ASC"
    order = f" ORDER BY {SORTS[query.sort]} {direction}, c.id {direction}"
    rows = conn.execute(
        _SELECT + where + order + " LIMIT ? OFFSET ?", [*params, limit, offset]
    ).fetchall()
    return [ListRow(*row) for row in rows]


def position_of(conn: sqlite3.Connection, query: ListQuery, customer_id: int) -> int | None:
    """Where a customer sits in the list (to keep the cursor on them after a change)."""
    where, params = _where(query)
    direction = "DESC" if query.descending else "ASC"
    sql = (
        f"SELECT position FROM (SELECT c.id AS id, row_number() OVER (ORDER BY "
        f"{SORTS[query.sort]} {direction}, c.id {direction}) - 1 AS position FROM customers c"
        f" LEFT JOIN tiers t ON t.customer_id = c.id LEFT JOIN stats s ON s.customer_id = c.id"
        f"{where}) WHERE id = ?"
    )
    row = conn.execute(sql, [*params, customer_id]).fetchone()
    return None if row is None else int(row[0])


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
