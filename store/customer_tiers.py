"""One customer's stored result under every lens, read back as a TierResult.

Read-only; the caller holds the book's lock (a Book's connection is shared by threads).
"""

from __future__ import annotations

from datetime import date

from xiaoben.models.enums import Quadrant, Rfm8, RfmSegment, Role, Stage, ValueTier
from xiaoben.models.tiers import TierResult
from xiaoben.models.values import from_cents
from xiaoben.store.driver import sqlite3

_SELECT = """
SELECT value_cents, value_tier, value_rank, recency_days, r, f, m, rfm_segment, rfm8,
    stage, is_new, role, score, quadrant
FROM tiers WHERE customer_id = ?
"""


def tier_result(conn: sqlite3.Connection, customer_id: int) -> TierResult | None:
    """The lenses' stored result for `customer_id`, or None (archived, or not yet tiered)."""
    row = conn.execute(_SELECT, (customer_id,)).fetchone()
    if row is None:
        return None
    (value_cents, tier, rank, recency, r, f, m, segment, rfm8, stage, is_new, role, score,
     quadrant) = row  # fmt: skip
    as_of = conn.execute("SELECT value FROM meta WHERE key = 'tiers_as_of'").fetchone()
    return TierResult(
        customer_id=customer_id,
        as_of=date.fromisoformat(as_of[0]) if as_of else date.min,
        value=from_cents(value_cents),
        value_tier=ValueTier(tier) if tier else None,
        value_rank=rank,
        recency_days=recency,
        r=r,
        f=f,
        m=m,
        rfm_segment=RfmSegment(segment) if segment else None,
        rfm8=Rfm8(rfm8) if rfm8 else None,
        stage=Stage(stage),
        is_new=bool(is_new),
        role=Role(role),
        score=float(score),
        quadrant=Quadrant(quadrant) if quadrant else None,
    )
