"""Read queries of the tier lists: a lens's groups with counts and revenue share, a group's
members a window at a time, and the R×F grid of counts. Reads only; never writes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xiaoben.store.customer_list import PREDICTIONS_JOIN, SORTS
from xiaoben.store.driver import sqlite3
from xiaoben.store.tierstore import CATEGORIES
from xiaoben.tiering.frame import RFM_SEGMENTS
from xiaoben.tiering.rfm import rfm_segments

# The lenses a seller can list by: the tiers table's column -> its group keys, in order.
LENSES: tuple[str, ...] = ("value_tier", "rfm_segment", "rfm8", "stage", "role", "quadrant")
GROUP_KEYS: dict[str, tuple[str, ...]] = {lens: CATEGORIES[lens] for lens in LENSES}


@dataclass(frozen=True, slots=True)
class Group:
    key: str
    customers: int
    revenue_cents: int  # net revenue (purchases − refunds) of the group's customers
    customer_share: float  # of the customers this lens places (buyers only for some lenses)
    revenue_share: float  # of the whole book's net revenue

    @classmethod
    def of(cls, key: str, customers: int, cents: int, placed: int, revenue: int) -> Group:
        """A group of `customers` with `cents` net revenue, its shares of the `placed`
        customers and of the book's `revenue` (0 when either is 0)."""
        return cls(
            key=key,
            customers=customers,
            revenue_cents=cents,
            customer_share=customers / placed if placed else 0.0,
            revenue_share=cents / revenue if revenue else 0.0,
        )


@dataclass(frozen=True, slots=True)
class LensGroups:
    lens: str
    groups: tuple[Group, ...]  # every group of the lens, in its order, empty ones included
    placed: int  # customers the lens places: buyers (value tier, RFM, quadrant) or everyone
    customers: int  # active customers in the book
    revenue_cents: int  # the book's net revenue


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    name: str
    code: str | None
    score: float
    revenue_cents: int
    last_purchase: str | None
    p_alive: float | None = None  # the purchase model's kept prediction, if any
    clv_cents: int | None = None


# A group's members in the lens's own order, or by the purchase model's figures: the least
# likely still buying first, or the highest CLV first (those without a prediction last).
MEMBER_ORDERS = ("lens", "p_alive", "clv")
# The customer list's sort expressions (PREDICTIONS_JOIN's `pr`), in their natural direction.
_BY_MODEL = {
    "p_alive": f"{SORTS['p_alive']}, c.id",
    "clv": f"{SORTS['clv']} DESC, c.id",
}
MODEL_COLUMNS = ", pr.p_alive, pr.clv_cents"


def member_order(order: str, lens_order: str) -> str:
    """The ORDER BY terms of a members query (`lens_order`: the lens's own)."""
    if order not in MEMBER_ORDERS:
        raise ValueError(f"unknown member order {order!r}")
    return _BY_MODEL.get(order, lens_order)


@dataclass(frozen=True, slots=True)
class RfCell:
    r: int
    f: int
    customers: int
    segment: str  # the RFM segment this cell belongs to


def _column(lens: str) -> str:
    if lens not in GROUP_KEYS:
        raise ValueError(f"unknown lens {lens!r}; one of {LENSES}")
    return f"t.{lens}"


_ACTIVE = "FROM tiers t JOIN customers c ON c.id = t.customer_id AND c.archived = 0"


def lens_groups(conn: sqlite3.Connection, lens: str) -> LensGroups:
    """Each group of `lens` with its customers and their share of customers and revenue."""
    column = _column(lens)
    rows = conn.execute(
        f"SELECT {column}, count(*), coalesce(sum(s.net_revenue_cents), 0) {_ACTIVE}"
        f" LEFT JOIN stats s ON s.customer_id = t.customer_id GROUP BY {column}"
    ).fetchall()
    found = {key: (int(count), int(revenue)) for key, count, revenue in rows}
    customers = sum(count for count, _ in found.values())
    revenue = sum(cents for _, cents in found.values())
    placed = customers - found.get(None, (0, 0))[0]
    groups = []
    for key in GROUP_KEYS[lens]:
        count, cents = found.get(key, (0, 0))
        groups.append(Group.of(key, count, cents, placed, revenue))
    return LensGroups(lens, tuple(groups), placed, customers, revenue)


def member_count(conn: sqlite3.Connection, lens: str, key: str) -> int:
    sql = f"SELECT count(*) {_ACTIVE} WHERE {_column(lens)} = ?"
    return int(conn.execute(sql, (key,)).fetchone()[0])


def members(
    conn: sqlite3.Connection,
    lens: str,
    key: str,
    offset: int = 0,
    limit: int = 200,
    order: str = "lens",
) -> list[Member]:
    """The group's customers, highest score first (or in `order`), rows [offset, offset +
    limit)."""
    sql = (
        "SELECT c.id, c.name, c.code, t.score, coalesce(s.net_revenue_cents, 0), s.last_purchase"
        f"{MODEL_COLUMNS} {_ACTIVE} LEFT JOIN stats s ON s.customer_id = t.customer_id"
        f"{PREDICTIONS_JOIN} WHERE {_column(lens)} = ?"
        f" ORDER BY {member_order(order, 't.score DESC, c.id')} LIMIT ? OFFSET ?"
    )
    rows = conn.execute(sql, (key, limit, offset)).fetchall()
    return [Member(*row) for row in rows]


def rf_grid(conn: sqlite3.Connection) -> list[list[RfCell]]:
    """The 5×5 R×F grid of buyer counts: rows R 5→1, columns F 1→5, each cell's segment."""
    counts = {
        (int(r), int(f)): int(n)
        for r, f, n in conn.execute(
            f"SELECT t.r, t.f, count(*) {_ACTIVE} WHERE t.r IS NOT NULL AND t.f IS NOT NULL"
            " GROUP BY t.r, t.f"
        )
    }
    grid = []
    for r in range(5, 0, -1):
        codes = rfm_segments(np.full(5, r), np.arange(1, 6))
        grid.append(
            [
                RfCell(r, f, counts.get((r, f), 0), RFM_SEGMENTS[int(code)].value)
                for f, code in zip(range(1, 6), codes.tolist(), strict=True)
            ]
        )
    return grid
