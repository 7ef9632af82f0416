"""The loyalty × value quadrant lens, buyers only: keep, win loyalty, grow spend, serve low cost."""

from __future__ import annotations

import numpy as np

from xiaoben.models.enums import Quadrant
from xiaoben.models.rules import Rules
from xiaoben.tiering.frame import QUADRANTS
from xiaoben.tiering.stage import LAPSED
from xiaoben.tiering.value import A, B

KEEP, WIN_LOYALTY, GROW_SPEND, SERVE_LOW_COST = (QUADRANTS.index(q) for q in Quadrant)


def high_value(value_tier: np.ndarray) -> np.ndarray:
    """Tier A or B, promotions included."""
    return (value_tier == A) | (value_tier == B)


def loyal_by_span(
    orders: np.ndarray,
    first_purchase_day: np.ndarray,
    last_purchase_day: np.ndarray,
    stage: np.ndarray,
    rules: Rules,
) -> np.ndarray:
    """loyal_orders purchases spread over more than loyalty_span_days, and not lapsed."""
    span = last_purchase_day - first_purchase_day
    return (orders >= rules.loyal_orders) & (span > rules.loyalty_span_days) & (stage != LAPSED)


def high_loyalty(
    f: np.ndarray,
    orders: np.ndarray,
    first_purchase_day: np.ndarray,
    last_purchase_day: np.ndarray,
    stage: np.ndarray,
    rules: Rules,
) -> np.ndarray:
    by_span = loyal_by_span(orders, first_purchase_day, last_purchase_day, stage, rules)
    return (f >= rules.loyalty_f_score) | by_span


def quadrants(
    is_buyer: np.ndarray,
    value_tier: np.ndarray,
    f: np.ndarray,
    orders: np.ndarray,
    first_purchase_day: np.ndarray,
    last_purchase_day: np.ndarray,
    stage: np.ndarray,
    rules: Rules,
) -> np.ndarray:
    """QUADRANTS code per customer, -1 for non-buyers."""
    value_high = high_value(value_tier)
    loyalty_high = high_loyalty(f, orders, first_purchase_day, last_purchase_day, stage, rules)
    by_loyalty_if_high = np.where(loyalty_high, KEEP, WIN_LOYALTY)
    by_loyalty_if_low = np.where(loyalty_high, GROW_SPEND, SERVE_LOW_COST)
    quadrant = np.where(value_high, by_loyalty_if_high, by_loyalty_if_low)
    return np.where(is_buyer, quadrant, -1).astype(np.int8)
