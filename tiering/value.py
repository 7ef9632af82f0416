"""The value lens: each customer's value in cents and the buyers' ABC(D) tier.

Pure arithmetic on whole cents; the cut comparison is exact (no floats anywhere).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import numpy as np

from xiaoben.models.enums import ValueBasis, ValueTier
from xiaoben.models.rules import Rules
from xiaoben.tiering.frame import VALUE_TIERS, StatsFrame
from xiaoben.tiering.ranks import Ranking, Standing

A, B, C, D = (VALUE_TIERS.index(tier) for tier in ValueTier)
NOT_PROMOTED, BY_STRATEGIC, BY_REFERRALS = 0, 1, 2
_SAFE = 1 << 62


class ValueTiers(NamedTuple):
    tier: np.ndarray  # VALUE_TIERS code, -1 for non-buyers
    rank: np.ndarray  # 1 + buyers with strictly greater value, 0 for non-buyers
    promoted_by: np.ndarray  # NOT_PROMOTED, BY_STRATEGIC or BY_REFERRALS


def customer_value(stats: StatsFrame, rules: Rules) -> np.ndarray:
    """Net revenue, less cost on the margin basis, less service cost when the rules say so."""
    value = stats.revenue_cents - stats.refunded_cents
    if rules.value_basis == ValueBasis.MARGIN:
        value = value - stats.cost_cents
    if rules.subtract_service_cost:
        minutes = minutes_cost_cents(stats.service_minutes, rules.cost_per_service_minute)
        value = value - stats.service_cost_cents - minutes
    return np.asarray(value, dtype=np.int64)


def minutes_cost_cents(minutes: np.ndarray, per_minute: Decimal) -> np.ndarray:
    """round(minutes × per_minute × 100) for each entry, as Python's round does it (half to
    even), in integers so that a rate like ¥0.35 a minute costs exactly what it says."""
    minutes = np.asarray(minutes, dtype=np.int64)
    numerator, denominator = (per_minute * 100).as_integer_ratio()
    if numerator == 0:
        return np.zeros(len(minutes), dtype=np.int64)
    largest = int(np.abs(minutes).max(initial=0))
    if largest * numerator >= _SAFE or denominator >= _SAFE:
        return np.array([round(int(m) * per_minute * 100) for m in minutes], dtype=np.int64)
    quotient, remainder = np.divmod(minutes * numerator, denominator)
    twice = 2 * remainder
    rounds_up = (twice > denominator) | ((twice == denominator) & (quotient % 2 == 1))
    return quotient + rounds_up


def below_percent(percent: Decimal, total: int) -> int:
    """The largest whole number strictly below percent% of total: S < p% of T iff S <= this."""
    numerator, denominator = percent.as_integer_ratio()
    return -((-numerator * total) // (100 * denominator)) - 1


def value_tiers(
    value: np.ndarray,
    is_buyer: np.ndarray,
    above: Standing,
    total_positive: int,
    strategic: np.ndarray,
    referrals: np.ndarray,
    rules: Rules,
) -> ValueTiers:
    """Tier by the cuts, then promotion. `above` is each value's standing among the buyers'
    values (greater: buyers above it; sum_greater: S(c)); total_positive is T."""
    a_limit = below_percent(rules.a_cut_percent, total_positive)
    b_limit = below_percent(rules.b_cut_percent, total_positive)
    above_sum = above.sum_above()
    positive = np.where(above_sum <= a_limit, A, np.where(above_sum <= b_limit, B, C))
    by_cut = np.where(is_buyer, np.where(value <= 0, D, positive), -1)
    by_strategic = strategic & rules.promote_strategic
    if rules.promote_referrals > 0:
        by_referrals = referrals >= rules.promote_referrals
    else:
        by_referrals = np.zeros(len(value), dtype=bool)
    promoted = is_buyer & (by_cut >= C) & (by_strategic | by_referrals)
    promoted_by = np.where(promoted, np.where(by_strategic, BY_STRATEGIC, BY_REFERRALS), 0)
    tier = np.where(promoted, B, by_cut)
    rank = np.where(is_buyer, 1 + above.above(), 0)
    return ValueTiers(tier.astype(np.int8), rank.astype(np.int64), promoted_by.astype(np.int8))


def cut_values(buyer_values: Ranking, rules: Rules) -> tuple[int, int | None, int | None]:
    """T, and the smallest value in A and in B by the cuts alone (None: that tier is empty)."""
    total = buyer_values.sum_greater_than(0)
    a_limit = below_percent(rules.a_cut_percent, total)
    b_limit = below_percent(rules.b_cut_percent, total)

    def within(limit: int) -> int | None:
        return buyer_values.smallest_where(
            lambda v: v > 0 and buyer_values.sum_greater_than(v) <= limit
        )

    a_cut = within(a_limit)
    b_cut = within(b_limit)
    # B's smallest is below A's smallest unless B by the cut is empty.
    if b_cut is not None and a_cut is not None and b_cut >= a_cut:
        b_cut = None
    return total, a_cut, b_cut
