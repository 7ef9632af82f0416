"""The RFM lens: recency, frequency and monetary scores 1–5 among buyers, and the R×F segment.

A score is min(5, 1 + floor(5·p)), p the share of buyers strictly worse, so ties share a score.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from xiaoben.models.enums import RfmSegment
from xiaoben.tiering.frame import RFM_SEGMENTS
from xiaoben.tiering.ranks import Standing


class RfmScores(NamedTuple):
    r: np.ndarray  # 1–5, 0 for non-buyers
    f: np.ndarray
    m: np.ndarray


def percentile_score(worse: np.ndarray, buyers: int, is_buyer: np.ndarray) -> np.ndarray:
    """min(5, 1 + floor(5 · worse / buyers)), in integers; 0 for non-buyers."""
    if buyers <= 0:
        return np.zeros(len(worse), dtype=np.int8)
    score = np.minimum(5, 1 + (5 * worse) // buyers)
    return np.where(is_buyer, score, 0).astype(np.int8)


def rfm_scores(
    is_buyer: np.ndarray, recency: Standing, orders: Standing, net_revenue: Standing
) -> RfmScores:
    """Each standing is among the buyers; worse is more days (R), fewer orders (F), less net
    revenue (M)."""
    return RfmScores(
        percentile_score(recency.above(), recency.count, is_buyer),
        percentile_score(orders.below(), orders.count, is_buyer),
        percentile_score(net_revenue.below(), net_revenue.count, is_buyer),
    )


def _grid() -> np.ndarray:
    """Segment code by [R, F]; row and column 0 (no score) give -1."""
    rows = {
        1: "hibernating hibernating at_risk at_risk cant_lose_them",
        2: "hibernating hibernating at_risk at_risk cant_lose_them",
        3: "about_to_sleep about_to_sleep need_attention loyal loyal",
        4: "promising potential_loyalist potential_loyalist loyal loyal",
        5: "new potential_loyalist potential_loyalist champions champions",
    }
    grid = np.full((6, 6), -1, dtype=np.int8)
    for r, names in rows.items():
        for f, name in enumerate(names.split(), start=1):
            grid[r, f] = RFM_SEGMENTS.index(RfmSegment(name))
    return grid


_GRID = _grid()


def rfm_segments(r: np.ndarray, f: np.ndarray) -> np.ndarray:
    """The R×F grid's segment per customer (-1 without scores)."""
    return _GRID[r, f]
