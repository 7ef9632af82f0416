"""The lifecycle lens: where each customer stands in the funnel, and the new-customer flag.

potential → target → prospect → customer → loyal → lapsed (STAGES order).
"""

from __future__ import annotations

import numpy as np

from xiaoben.models.enums import Stage
from xiaoben.models.rules import Rules
from xiaoben.tiering.frame import MANUAL_STAGES, NO_DAY, STAGES

POTENTIAL, TARGET, PROSPECT, CUSTOMER, LOYAL, LAPSED = (STAGES.index(s) for s in Stage)
# A manual stage (MANUAL_STAGES code) as a STAGES code; the last entry serves -1 (none).
_MANUAL_AS_STAGE = np.array([STAGES.index(Stage(m.value)) for m in MANUAL_STAGES] + [-1])


def buyer_stages(recency_days: np.ndarray, orders: np.ndarray, rules: Rules) -> np.ndarray:
    """lapsed past the lapse window, else loyal from loyal_orders purchases, else customer."""
    active = np.where(orders >= rules.loyal_orders, LOYAL, CUSTOMER)
    return np.where(recency_days > rules.lapse_days, LAPSED, active)


def showed_intent(last_intent_day: np.ndarray, as_of_day: int, rules: Rules) -> np.ndarray:
    """Intent shown within the intent window (on or before as_of)."""
    since = as_of_day - last_intent_day
    return (last_intent_day != NO_DAY) & (since >= 0) & (since <= rules.intent_days)


def nonbuyer_stages(
    last_intent_day: np.ndarray, target_profile: np.ndarray, as_of_day: int, rules: Rules
) -> np.ndarray:
    """The stage the figures give someone who has not bought, before any manual stage."""
    before_intent = np.where(target_profile, TARGET, POTENTIAL)
    return np.where(showed_intent(last_intent_day, as_of_day, rules), PROSPECT, before_intent)


def manual_as_stage(manual_stage: np.ndarray) -> np.ndarray:
    """MANUAL_STAGES codes as STAGES codes (-1: none)."""
    return _MANUAL_AS_STAGE[np.where(manual_stage >= 0, manual_stage, -1)]


def lifecycle_stages(
    is_buyer: np.ndarray,
    recency_days: np.ndarray,
    orders: np.ndarray,
    last_intent_day: np.ndarray,
    target_profile: np.ndarray,
    manual_stage: np.ndarray,
    as_of_day: int,
    rules: Rules,
) -> np.ndarray:
    """STAGES code per customer. A manual stage only ever moves a non-buyer further along:
    the seller knows things the book does not, but purchases outrank a hand-set stage."""
    computed = nonbuyer_stages(last_intent_day, target_profile, as_of_day, rules)
    nonbuyer = np.maximum(computed, manual_as_stage(manual_stage))
    stage = np.where(is_buyer, buyer_stages(recency_days, orders, rules), nonbuyer)
    return stage.astype(np.int8)


def new_customers(
    is_buyer: np.ndarray, first_purchase_day: np.ndarray, as_of_day: int, rules: Rules
) -> np.ndarray:
    """Buyers whose first purchase is at most new_customer_days before as_of."""
    return is_buyer & (as_of_day - first_purchase_day <= rules.new_customer_days)
