"""The stats frame and the stored tiers read as joined strings of packed integers
(store.int_columns) equal the same reads row by row, whatever the customers hold."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from tests.book_helpers import TODAY, buy, customer, fixed_clock
from xiaoben.models.enums import ManualStage
from xiaoben.models.interaction import Interaction
from xiaoben.store import stats, tierstore
from xiaoben.store.book import Book


@pytest.fixture
def varied(tmp_path: Path) -> Iterator[Book]:
    """Customers with every kind of value: judgements, flags, manual stages, refunds that
    make a negative value, contacts with and without intent, nobody's purchases at all."""
    with Book.open(tmp_path / "book.db", today=fixed_clock) as book:
        stages = [None, *ManualStage]
        for k in range(24):
            who = customer(
                book,
                f"客户{k}",
                demand=(k % 5) + 1 if k % 3 else None,
                purchasing_power=(k * 2 % 5) + 1 if k % 4 else None,
                strategic=k % 7 == 0,
                target_profile=k % 5 == 0,
                manual_stage=stages[k % len(stages)],
            )
            for n in range(k % 4):
                buy(book, who, 10 + 37 * k + n, TODAY - timedelta(days=40 * n + k))
            if k % 6 == 1:
                buy(book, who, 5, TODAY - timedelta(days=3), refunded=5)
            if k % 3 == 2:
                at = datetime.combine(TODAY - timedelta(days=k), datetime.min.time())
                outcome = "showed_intent" if k % 2 else None
                assert who.id is not None
                book.log_contact(
                    Interaction(customer_id=who.id, at=at, kind="call", outcome=outcome)
                )
        book.recompute()
        yield book


def _same(left: object, right: object) -> None:
    for field in dataclasses.fields(left):  # type: ignore[arg-type]  # both dataclasses
        if field.name in ("figures", "criteria", "criteria_fields"):
            assert getattr(left, field.name) == getattr(right, field.name), field.name
            continue
        a, b = getattr(left, field.name), getattr(right, field.name)
        assert a.dtype == b.dtype and np.array_equal(a, b), field.name


def test_the_stats_frame_read_packed_is_the_frame_read_by_rows(varied: Book) -> None:
    packed = stats.load_frame(varied.conn, TODAY, ())
    row_sql = (
        "SELECT "
        + ", ".join(stats._FROM_STATS_EXPRESSIONS[:-1])
        + f", {stats._CUSTOMER_COLUMNS} "
        + stats._FROM_STATS_TAIL.format(extra="")
    )
    by_rows = stats._to_frame(varied.conn.execute(row_sql))
    _same(packed, by_rows)
    assert packed.manual_stage.min() == -1 and packed.manual_stage.max() >= 1
    assert packed.strategic.any() and packed.demand.max() == 5


def test_the_stored_tiers_read_packed_are_the_tiers_read_by_rows(varied: Book) -> None:
    packed = tierstore.load_tiers(varied.conn)
    by_rows = tierstore._load_rows(varied.conn, "", ())
    _same(packed, by_rows)
    assert (packed.value_tier == -1).any() and (packed.recency_days == -1).any()
    without_points = tierstore.load_tiers(varied.conn, points=False)
    assert without_points.score_parts.shape == (len(by_rows.customer_id), 0)
    assert np.array_equal(without_points.score, by_rows.score)


def test_a_second_recompute_rewrites_nobody(varied: Book) -> None:
    varied._tiers.forget()  # cold: the stored tiers are read back from the file
    assert varied.recompute().written == 0
