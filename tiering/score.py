"""The weighted-score lens: 0–100 from seven components, each normalised to 0–1.

Ranked components use p = (customers strictly worse) / (n − 1) over every customer, so
non-buyers take part (and count as worst for recency); the seller's 1–5 judgements use (x−1)/4.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from xiaoben.models.rules import Rules
from xiaoben.tiering.frame import SCORE_COMPONENTS
from xiaoben.tiering.ranks import Standing


class Scores(NamedTuple):
    score: np.ndarray  # 0–100, one decimal
    parts: np.ndarray  # (n, 7) points per SCORE_COMPONENTS entry


def percentile(worse: np.ndarray, customers: int) -> np.ndarray:
    if customers <= 1:
        return np.zeros(len(worse), dtype=np.float64)
    return worse / (customers - 1)


def judgement(level: np.ndarray) -> np.ndarray:
    """A 1–5 judgement as 0–1; 0 (not set) counts as 0."""
    return np.where(level >= 1, (level - 1) / 4, 0.0)


def score_components(
    customers: int,
    is_buyer: np.ndarray,
    tenure_days: np.ndarray,
    demand: np.ndarray,
    purchasing_power: np.ndarray,
    value: Standing,
    orders: Standing,
    recency: Standing,
    tenure: Standing,
    referrals: Standing,
) -> list[np.ndarray]:
    """The seven component columns, 0–1, in SCORE_COMPONENTS order.

    value and referrals stand among all customers; orders, recency and tenure among buyers
    only, since every non-buyer shares the worst figure (0 orders, no recency, 0 tenure) and
    is added here as a block."""
    nonbuyers = customers - orders.count
    frequency_worse = np.where(is_buyer, orders.less + nonbuyers, 0)
    recency_worse = np.where(is_buyer, recency.greater + nonbuyers, 0)
    tenure_worse = np.where(is_buyer, tenure.less + np.where(tenure_days > 0, nonbuyers, 0), 0)
    columns = {
        "value": percentile(value.less, customers),
        "frequency": percentile(frequency_worse, customers),
        "recency": percentile(recency_worse, customers),
        "tenure": percentile(tenure_worse, customers),
        "demand": judgement(demand),
        "purchasing_power": judgement(purchasing_power),
        "referrals": percentile(referrals.less, customers),
    }
    return [columns[name] for name in SCORE_COMPONENTS]


def weighted_scores(components: list[np.ndarray], rules: Rules) -> Scores:
    """Points = 100 × normalised weight × component; score = their sum rounded to 0.1.
    `components` are the columns of score_components, in SCORE_COMPONENTS order."""
    weights = rules.weights.normalised()
    # Each component's points written straight into their column of `parts` (no list of
    # columns and stacked copy: at 100k customers those were 11 MB at the pass's peak).
    parts = np.empty((len(components[0]), len(SCORE_COMPONENTS)), dtype=np.float64)
    # Summed component by component, so one customer placed alone adds in the same order
    # as a full pass and gets the very same float.
    total = np.zeros(len(components[0]), dtype=np.float64)
    for k, (name, column) in enumerate(zip(SCORE_COMPONENTS, components, strict=True)):
        points = parts[:, k]
        np.multiply(100.0 * weights[name], column, out=points)
        total += points
    return Scores(np.round(total, 1), parts)
