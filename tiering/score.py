"""The weighted-score lens: 0–100 from seven components, each normalised to 0–1, and the
seller's custom criteria (a number or one-choice custom field with its weight).

Ranked components use p = (customers strictly worse) / (n − 1) over every customer, so
non-buyers take part (and count as worst for recency); the seller's 1–5 judgements use (x−1)/4.
A custom criterion is a function of the customer's own value and the rules (thresholds
reached, or the points of the chosen option), so placing one customer needs nobody else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import numpy as np

from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.rules import FieldCriterion, Rules
from xiaoben.tiering.frame import SCORE_COMPONENTS, CustomerStats, StatsFrame
from xiaoben.tiering.ranks import Standing


class Scores(NamedTuple):
    score: np.ndarray  # 0–100, one decimal
    parts: np.ndarray  # (n, 7) points per SCORE_COMPONENTS entry
    custom: np.ndarray  # (n, k) points per custom criterion (StatsFrame.criteria_fields)


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
) -> Iterator[np.ndarray]:
    """The seven component columns, 0–1, in SCORE_COMPONENTS order, one at a time (each
    can go once its points are written: seven float columns at once were 5 MB at 100k).

    value and referrals stand among all customers; orders, recency and tenure among buyers
    only, since every non-buyer shares the worst figure (0 orders, no recency, 0 tenure) and
    is added here as a block."""
    nonbuyers = customers - orders.count
    columns: dict[str, Callable[[], np.ndarray]] = {
        "value": lambda: percentile(value.below(), customers),
        "frequency": lambda: percentile(
            np.where(is_buyer, orders.below() + nonbuyers, 0), customers
        ),
        "recency": lambda: percentile(
            np.where(is_buyer, recency.above() + nonbuyers, 0), customers
        ),
        "tenure": lambda: percentile(
            np.where(is_buyer, tenure.below() + np.where(tenure_days > 0, nonbuyers, 0), 0),
            customers,
        ),
        "demand": lambda: judgement(demand),
        "purchasing_power": lambda: judgement(purchasing_power),
        "referrals": lambda: percentile(referrals.below(), customers),
    }
    return (columns[name]() for name in SCORE_COMPONENTS)


def criterion_column(values: np.ndarray, field: FieldDef, criterion: FieldCriterion) -> np.ndarray:
    """One custom criterion, 0–1, from the customers' values (NaN: none, which earns 0)."""
    known = ~np.isnan(values)
    if field.kind is FieldKind.NUMBER:
        thresholds = np.array([float(t) for t in criterion.thresholds], dtype=np.float64)
        if not len(thresholds):
            return np.zeros(len(values), dtype=np.float64)
        reached = (np.where(known, values, -np.inf)[:, None] >= thresholds[None, :]).sum(axis=1)
        return reached / len(thresholds)
    levels = [criterion.points.get(option, 0) / 100 for option in field.options]
    table = np.array([*levels, 0.0], dtype=np.float64)  # the last: no value
    index = np.where(known, values, len(levels)).astype(np.int64)
    return table[np.clip(index, 0, len(levels))]


def criterion_columns(stats: StatsFrame, rules: Rules) -> list[np.ndarray]:
    """The custom criteria's columns, 0–1, in stats.criteria_fields order."""
    if stats.criteria is None:
        return []
    return [
        criterion_column(
            stats.criteria[:, k], field, rules.field_criteria.get(field.id or 0, FieldCriterion())
        )
        for k, field in enumerate(stats.criteria_fields)
    ]


def criterion_points(stats: CustomerStats, rules: Rules) -> list[tuple[FieldDef, float]]:
    """One customer's points from each custom criterion, as the score added them."""
    if not stats.criteria_fields:
        return []
    row = StatsFrame.from_records([stats])
    _, weights = rules.score_weights(criterion_ids(row))
    columns = criterion_columns(row, rules)
    return [
        (field, float((100.0 * weight) * column[0]))
        for field, weight, column in zip(stats.criteria_fields, weights, columns, strict=True)
    ]


def criterion_ids(stats: StatsFrame) -> list[int]:
    return [field.id or 0 for field in stats.criteria_fields]


def weighted_scores(
    components: Iterable[np.ndarray],
    rules: Rules,
    custom: list[np.ndarray] | None = None,
    custom_ids: list[int] | None = None,
) -> Scores:
    """Points = 100 × normalised weight × component; score = their sum rounded to 0.1.
    `components` are the columns of score_components, in SCORE_COMPONENTS order; `custom`
    the custom criteria's columns (criterion_columns) of the fields `custom_ids`."""
    custom = custom or []
    weights, custom_weights = rules.score_weights(custom_ids or [])
    # Each component's points are written straight into their column of the (n, 7) parts
    # as the component is made (no list of seven columns beside their stacked copy: 10 MB
    # at 100k customers), and summed component by component, so one customer placed alone
    # adds in the same order as a full pass and gets the very same float.
    total: np.ndarray | None = None
    parts = np.empty((0, len(SCORE_COMPONENTS)), dtype=np.float64)
    for k, (name, column) in enumerate(zip(SCORE_COMPONENTS, components, strict=True)):
        if total is None:
            total = np.zeros(len(column), dtype=np.float64)
            parts = np.empty((len(column), len(SCORE_COMPONENTS)), dtype=np.float64)
        np.multiply(100.0 * weights[name], column, out=parts[:, k])
        del column
        total += parts[:, k]
    assert total is not None, "there are seven components"
    extra = np.empty((len(total), len(custom)), dtype=np.float64)
    for k, (weight, column) in enumerate(zip(custom_weights, custom, strict=True)):
        np.multiply(100.0 * weight, column, out=extra[:, k])
        total += extra[:, k]
    return Scores(np.round(total, 1, out=total), parts, extra)
