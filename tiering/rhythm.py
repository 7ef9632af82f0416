"""A customer's rhythm: the median gap between purchase occasions, from purchase days.

Pure: days in, days out (epoch days, as in `tiering.frame`). An occasion is a run of
purchases that starts with one purchase and takes in every later purchase within
`window` days of that first one; the next purchase after it starts the next occasion.
Two orders in one week are one occasion, so they do not make a customer "almost daily";
a chain of purchases every other day still breaks into occasions `window + 1` days apart.
The gap is taken between the first days of consecutive occasions; the median of an even
count is the mean of the middle two (as the stats table's SQL median was).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def occasion_starts(days: Sequence[int] | np.ndarray, window: int) -> list[int]:
    """The first day of each purchase occasion, from one customer's sorted purchase days."""
    starts: list[int] = []
    for day in (int(d) for d in days):
        if not starts or day > starts[-1] + window:
            starts.append(day)
    return starts


def median_occasion_gap(days: Sequence[int] | np.ndarray, window: int) -> float:
    """The median gap in days between one customer's purchase occasions; NaN with fewer
    than two occasions. `days` sorted ascending (repeats allowed)."""
    starts = occasion_starts(days, window)
    if len(starts) < 2:
        return float("nan")
    return float(np.median(np.diff(np.asarray(starts, dtype=np.int64))))


def occasion_start_mask(customer_id: np.ndarray, day: np.ndarray, window: int) -> np.ndarray:
    """Which purchases start an occasion, for many customers at once: rows sorted by
    (customer, day). The vectorised form of `occasion_starts`."""
    customer_id = np.asarray(customer_id, dtype=np.int64)
    day = np.asarray(day, dtype=np.int64)
    n = len(day)
    starts = np.zeros(n, dtype=bool)
    if not n:
        return starts
    # Each purchase's successor start: the first purchase of the same customer more than
    # `window` days after it (a key per (customer, day) keeps the search inside a customer).
    span = int(day.max() - day.min()) + window + 1
    key = customer_id * span + (day - day.min())
    after = np.searchsorted(key, key + window, side="right")
    inside = after < n
    inside[inside] = customer_id[after[inside]] == customer_id[inside]
    successor = np.where(inside, after, -1)
    # Walk every customer's chain of starts together, one occasion a step.
    frontier = np.flatnonzero(np.r_[True, customer_id[1:] != customer_id[:-1]])
    while len(frontier):
        starts[frontier] = True
        frontier = successor[frontier]
        frontier = frontier[frontier >= 0]
    return starts


def median_occasion_gaps(
    customer_id: np.ndarray, day: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """(customer ids, median gap between occasions) of every customer with at least two
    occasions, from purchases sorted by (customer, day); ids ascending, gaps float64."""
    customer_id = np.asarray(customer_id, dtype=np.int64)
    day = np.asarray(day, dtype=np.int64)
    starts = occasion_start_mask(customer_id, day, window)
    who, first = customer_id[starts], day[starts]
    follows = np.flatnonzero(who[1:] == who[:-1]) + 1  # a start that has one before it
    gap_owner, gap = who[follows], first[follows] - first[follows - 1]
    if not len(gap):
        return np.empty(0, np.int64), np.empty(0, np.float64)
    order = np.lexsort((gap, gap_owner))
    gap_owner, gap = gap_owner[order], gap[order]
    ids, offset, count = np.unique(gap_owner, return_index=True, return_counts=True)
    low, high = gap[offset + (count - 1) // 2], gap[offset + count // 2]
    return ids, (low + high) / 2.0


__all__ = [
    "median_occasion_gap",
    "median_occasion_gaps",
    "occasion_start_mask",
    "occasion_starts",
]
