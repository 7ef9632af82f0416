"""The demo seller keeps up: the demo book, made relative to the day it is made (its
clock's today), has a plan a seller can finish, a handful overdue, and purchase gaps that
look like real buying — on the tests' fixed day and on the real today."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from tests.book_helpers import TODAY
from xiaoben.models.enums import Reason
from xiaoben.store.book import Book
from xiaoben.store.demo import write_demo
from xiaoben.tiering.followup import REASONS

# A festival's greetings go to every buyer on its day (and gifts to A customers ahead
# of 中秋 and 春节): on those days the plan is the festival's. They are counted apart.
FESTIVAL = (REASONS.index(Reason.HOLIDAY), REASONS.index(Reason.GIFT))


@pytest.fixture(scope="module", params=[TODAY, date.today()], ids=["fixed today", "real today"])
def written_demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[date, Path]:
    """The demo book written on the day, once for the module's tests (a closed book is one
    file: each test opens a copy)."""
    day: date = request.param
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Book.open(path, today=lambda: day) as book:
        write_demo(book)
    return day, path


@pytest.fixture
def demo(written_demo: tuple[date, Path], tmp_path: Path) -> Iterator[Book]:
    day, written = written_demo
    shutil.copyfile(written, tmp_path / "demo.db")
    with Book.open(tmp_path / "demo.db", today=lambda: day) as book:
        yield book


def test_the_demo_plan_holds_a_days_work(demo: Book) -> None:
    found = demo.queue()
    today = found.planned_mask() & ~np.isin(found.reason, FESTIVAL)
    assert 10 <= int(today.sum()) <= 25


def test_the_demo_has_a_handful_overdue_and_little_backlog(demo: Book) -> None:
    found = demo.queue()
    waiting = found.days_waiting()
    assert 1 <= int((waiting > 0).sum()) <= 8
    not_festival = ~np.isin(found.reason, FESTIVAL)
    assert int(((waiting >= 0) & ~found.planned_mask() & not_festival).sum()) <= 10


def test_demo_purchase_gaps_look_like_real_buying(demo: Book) -> None:
    gaps = [
        gap
        for (gap,) in demo.conn.execute(
            "SELECT median_gap_days FROM stats WHERE median_gap_days IS NOT NULL"
        )
    ]
    assert len(gaps) >= 100
    assert min(gaps) >= 7  # nobody reads as a daily buyer
    same_week = demo.conn.execute(
        """SELECT count(*) FROM (
               SELECT julianday(date) - julianday(lag(date) OVER
                   (PARTITION BY customer_id ORDER BY date)) AS gap FROM purchases)
           WHERE gap < 7"""
    ).fetchone()[0]
    assert same_week == 0
