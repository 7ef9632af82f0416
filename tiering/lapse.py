"""Who has lapsed (流失) for the follow-up queue, and what the queue does with them.

Pure: per-customer columns in, per-customer codes out; as_of is a parameter. A buyer has
lapsed when their silence (days without a purchase) is past the stage's lapse window
(`lapse_days`, the 流失 stage), or when it is longer than `lapse_gap_factor` × their own
median gap between purchase occasions (with at least `at_risk_min_orders` purchases, as
for being at risk). Lapsed buyers leave the regular cadence: an A/B one is worth a win-back
item now and then (WIN_BACK), every other one is DORMANT — out of the queue but for the
seller's own reminders (`lapse_states(...) == DORMANT` tells them, for the tier lists).
Not-yet-buyers never lapse.
"""

from __future__ import annotations

import numpy as np

from xiaoben.models.enums import Stage, ValueTier
from xiaoben.models.rules import Rules
from xiaoben.tiering.frame import NO_DAY, STAGES, VALUE_TIERS

ACTIVE, WIN_BACK, DORMANT = 0, 1, 2  # lapse states
NOT_LAPSED = np.iinfo(np.int64).max  # the lapse day of someone who cannot lapse
_LAPSED_STAGE = STAGES.index(Stage.LAPSED)
_WORTH_WINNING = (VALUE_TIERS.index(ValueTier.A), VALUE_TIERS.index(ValueTier.B))


def lapse_gap_factor(rules: Rules) -> int:
    """The rhythm factor in force: 0 (off), else at least one more than the at-risk factor
    (a book's stored rules may predate the check that keeps them apart)."""
    factor = rules.lapse_gap_factor
    return max(factor, rules.at_risk_factor + 1) if factor else 0


def lapse_days(
    orders: np.ndarray, last_purchase_day: np.ndarray, median_gap_days: np.ndarray, rules: Rules
) -> np.ndarray:
    """The first day on which each customer counts as lapsed if nothing is bought before
    it (NOT_LAPSED for those who never bought)."""
    orders = np.asarray(orders, dtype=np.int64)
    last = np.asarray(last_purchase_day, dtype=np.int64)
    gap = np.asarray(median_gap_days, dtype=np.float64)
    bought = (orders > 0) & (last > NO_DAY)
    by_window = last + rules.lapse_days + 1  # silent *more than* lapse_days
    factor = lapse_gap_factor(rules)
    rhythm_known = bought & (orders >= rules.at_risk_min_orders) & ~np.isnan(gap) & (factor > 0)
    limit = np.floor(np.where(rhythm_known, gap, 0.0) * factor).astype(np.int64)
    by_rhythm = np.where(rhythm_known, last + limit + 1, NOT_LAPSED)
    return np.where(bought, np.minimum(by_window, by_rhythm), NOT_LAPSED)


def lapse_states(
    value_tier: np.ndarray,
    stage: np.ndarray,
    orders: np.ndarray,
    last_purchase_day: np.ndarray,
    median_gap_days: np.ndarray,
    rules: Rules,
    as_of_day: int,
) -> np.ndarray:
    """ACTIVE, WIN_BACK or DORMANT per customer as of a day."""
    since = lapse_days(orders, last_purchase_day, median_gap_days, rules)
    return states_on(since, value_tier, stage, orders, as_of_day)


def states_on(
    lapse_day: np.ndarray,
    value_tier: np.ndarray,
    stage: np.ndarray,
    orders: np.ndarray,
    as_of_day: int,
) -> np.ndarray:
    """ACTIVE, WIN_BACK or DORMANT per customer from their `lapse_days`. A stage already
    流失 counts as lapsed too (the stored stage may be a day older than as_of)."""
    lapsed = (np.asarray(orders) > 0) & (
        (lapse_day <= as_of_day) | (np.asarray(stage) == _LAPSED_STAGE)
    )
    worth = (value_tier == _WORTH_WINNING[0]) | (value_tier == _WORTH_WINNING[1])
    state = np.where(worth, WIN_BACK, DORMANT)
    return np.where(lapsed, state, ACTIVE).astype(np.int64)


__all__ = [
    "ACTIVE",
    "DORMANT",
    "NOT_LAPSED",
    "WIN_BACK",
    "lapse_days",
    "lapse_gap_factor",
    "lapse_states",
    "states_on",
]
