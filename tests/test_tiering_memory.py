"""A full tier pass's working memory over what it keeps (the app runs one after every save at
100k customers, so its peak is the app's), and the queue's candidate items let go once joined."""

from __future__ import annotations

import dataclasses
import tracemalloc
from datetime import date
from typing import Any

import numpy as np

from xiaoben.models.rules import Rules
from xiaoben.tiering.compute import compute_with_population
from xiaoben.tiering.followup import _Items
from xiaoben.tiering.frame import NO_DAY, StatsFrame, epoch_day

AS_OF = date(2026, 11, 23)


def _book_frame(customers: int) -> StatsFrame:
    """A book like the bench's: most customers buy, amounts spread wide (sorted, not
    counted), orders and days in small ranges (counted)."""
    rng = np.random.default_rng(17)
    today = epoch_day(AS_OF)
    orders = np.where(rng.random(customers) < 0.85, rng.integers(1, 30, customers), 0)
    bought = orders > 0
    last = np.where(bought, today - rng.integers(0, 900, customers), NO_DAY)
    revenue = np.where(bought, rng.integers(100, 5_000_000, customers), 0)
    none = np.zeros(customers, dtype=np.int64)
    return StatsFrame.from_columns(
        {
            "customer_id": np.arange(1, customers + 1),
            "orders": orders,
            "revenue_cents": revenue,
            "refunded_cents": np.where(rng.random(customers) < 0.05, revenue // 3, 0),
            "cost_cents": none,
            "service_cost_cents": none,
            "service_minutes": rng.integers(0, 60, customers),
            "first_purchase_day": np.where(bought, last - rng.integers(0, 1500, customers), NO_DAY),
            "last_purchase_day": last,
            "last_intent_day": np.full(customers, NO_DAY),
            "referrals": rng.integers(0, 3, customers),
            "manual_stage": np.full(customers, -1),
            "demand": rng.integers(0, 6, customers),
            "purchasing_power": rng.integers(0, 6, customers),
            "strategic": rng.random(customers) < 0.01,
            "target_profile": rng.random(customers) < 0.1,
        }
    )


def _nbytes(value: Any) -> int:
    if isinstance(value, np.ndarray):
        return value.nbytes
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(_nbytes(getattr(value, f.name)) for f in dataclasses.fields(value))
    return 0


def test_a_full_pass_works_in_less_than_what_it_keeps_again() -> None:
    """At 50,000 customers the pass peaks 1.46x what it keeps (its tiers and population); it
    was 2.25x when every standing had all three parts in int64 and the score's seven
    components were made before their points (37 MB over 17 MB kept at 100k)."""
    frame = _book_frame(50_000)
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        tiers, population = compute_with_population(frame, Rules(), AS_OF)
        kept, peak = (m - start for m in tracemalloc.get_traced_memory())
    finally:
        tracemalloc.stop()

    assert len(tiers) == 50_000 and population.value.count() == int((frame.orders > 0).sum())
    assert _nbytes(tiers) <= kept  # what the pass returns is all there
    assert peak < 1.75 * kept, (peak, kept)


def test_the_queues_candidate_items_are_let_go_once_joined() -> None:
    items = _Items()
    for reason in (1, 2):
        rows = np.arange(1_000)
        items.add(reason, rows, rows, rows + 5, 3)

    due = items.take("due")

    assert due.tolist() == [*range(5, 1_005), *range(5, 1_005)]
    assert items.due == [] and len(items.row) == 2  # the other columns not yet taken
    assert items.take("due").tolist() == []
