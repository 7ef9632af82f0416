"""The RFM 8-class lens: R, F and M each high or low against the buyers' mean.

High means strictly better than the mean (R: fewer days since the last purchase); compared as
x·n against the sum, in integers, so a figure equal to the mean is never high by rounding.
"""

from __future__ import annotations

import numpy as np

from xiaoben.models.enums import Rfm8
from xiaoben.tiering.frame import RFM8_CLASSES
from xiaoben.tiering.ranks import Standing, compare_to_mean


def _table() -> np.ndarray:
    """Class code by [R high, F high, M high]."""
    table = np.empty((2, 2, 2), dtype=np.int8)
    names = {
        (1, 1, 1): Rfm8.IMPORTANT_VALUE,
        (1, 0, 1): Rfm8.IMPORTANT_DEVELOP,
        (0, 1, 1): Rfm8.IMPORTANT_KEEP,
        (0, 0, 1): Rfm8.IMPORTANT_RETAIN,
        (1, 1, 0): Rfm8.GENERAL_VALUE,
        (1, 0, 0): Rfm8.GENERAL_DEVELOP,
        (0, 1, 0): Rfm8.GENERAL_KEEP,
        (0, 0, 0): Rfm8.GENERAL_RETAIN,
    }
    for highs, name in names.items():
        table[highs] = RFM8_CLASSES.index(name)
    return table


_TABLE = _table()
# (R high, F high, M high) by class code, for the reasons.
HIGHS: dict[int, tuple[bool, bool, bool]] = {
    int(_TABLE[r, f, m]): (bool(r), bool(f), bool(m))
    for r in (0, 1)
    for f in (0, 1)
    for m in (0, 1)
}


def rfm8_classes(
    is_buyer: np.ndarray,
    recency_days: np.ndarray,
    orders: np.ndarray,
    net_revenue: np.ndarray,
    recency: Standing,
    orders_among_buyers: Standing,
    net_among_buyers: Standing,
) -> np.ndarray:
    """RFM8 code per customer (-1 for non-buyers); the standings give the buyers' count and
    sums."""
    buyers = recency.count
    if buyers <= 0:
        return np.full(len(is_buyer), -1, dtype=np.int8)
    r_high = compare_to_mean(recency_days, buyers, recency.total) < 0
    f_high = compare_to_mean(orders, buyers, orders_among_buyers.total) > 0
    m_high = compare_to_mean(net_revenue, buyers, net_among_buyers.total) > 0
    classes = _TABLE[r_high.astype(np.int8), f_high.astype(np.int8), m_high.astype(np.int8)]
    return np.where(is_buyer, classes, -1).astype(np.int8)
