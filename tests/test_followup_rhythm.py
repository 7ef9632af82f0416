"""A customer's rhythm (tiering/rhythm.py): the median gap between purchase occasions."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoben.tiering.frame import epoch_day
from xiaoben.tiering.rhythm import (
    median_occasion_gap,
    median_occasion_gaps,
    occasion_start_mask,
    occasion_starts,
)

WINDOW = 3  # the rule's default


def days(*isodates: str) -> list[int]:
    return [epoch_day(date.fromisoformat(d)) for d in isodates]


def test_two_orders_in_one_week_are_one_occasion() -> None:
    # Monthly, but two orders a day apart each time: a monthly rhythm, not "almost daily".
    bought = days(
        "2026-01-02", "2026-01-03", "2026-02-02", "2026-02-03", "2026-03-05", "2026-03-06"
    )
    assert occasion_starts(bought, WINDOW) == days("2026-01-02", "2026-02-02", "2026-03-05")
    assert median_occasion_gap(bought, WINDOW) == 31.0  # gaps 31 and 31
    assert median_occasion_gap(bought, 0) == 1.0  # by distinct days: gaps 1 30 1 31 1


def test_a_purchase_just_past_the_window_starts_the_next_occasion() -> None:
    first = epoch_day(date(2026, 5, 1))
    assert occasion_starts([first, first + WINDOW], WINDOW) == [first]
    assert occasion_starts([first, first + WINDOW + 1], WINDOW) == [first, first + WINDOW + 1]


def test_occasions_are_counted_from_their_first_purchase_not_chained() -> None:
    # Every other day for ten days: occasions start on days 0, 4, 8 (not one long chain).
    bought = [100 + 2 * k for k in range(6)]  # 100 102 … 110
    assert occasion_starts(bought, WINDOW) == [100, 104, 108]
    assert median_occasion_gap(bought, WINDOW) == 4.0


def test_repeated_days_and_a_single_occasion_have_no_gap() -> None:
    assert math.isnan(median_occasion_gap([50, 50, 52], WINDOW))
    assert math.isnan(median_occasion_gap([], WINDOW))


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    bought = [0, 10, 30, 60, 100]  # gaps 10 20 30 40
    assert median_occasion_gap(bought, WINDOW) == 25.0


def test_many_customers_at_once() -> None:
    customer = np.array([1, 1, 1, 2, 2, 3, 3, 3], dtype=np.int64)
    day = np.array([0, 2, 40, 5, 7, 0, 10, 30], dtype=np.int64)
    ids, gaps = median_occasion_gaps(customer, day, WINDOW)
    assert ids.tolist() == [1, 3]  # customer 2 bought twice in one occasion
    assert gaps.tolist() == [40.0, 15.0]
    assert occasion_start_mask(customer, day, WINDOW).tolist() == [
        True,
        False,
        True,
        True,
        False,
        True,
        True,
        True,
    ]


purchases = st.dictionaries(
    st.integers(1, 40),
    st.lists(st.integers(-3000, 3000), max_size=12).map(sorted),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(book=purchases, window=st.integers(0, 10))
def test_the_vectorised_gaps_are_the_one_customer_rule(
    book: dict[int, list[int]], window: int
) -> None:
    customer = np.array([c for c in sorted(book) for _ in book[c]], dtype=np.int64)
    day = np.array([d for c in sorted(book) for d in book[c]], dtype=np.int64)
    ids, gaps = median_occasion_gaps(customer, day, window)
    expected = {c: median_occasion_gap(book[c], window) for c in sorted(book)}
    expected = {c: gap for c, gap in expected.items() if not math.isnan(gap)}
    assert ids.tolist() == list(expected)
    assert gaps.tolist() == list(expected.values())
    starts = occasion_start_mask(customer, day, window)
    assert day[starts].tolist() == [
        s for c in sorted(book) for s in occasion_starts(book[c], window)
    ]


@settings(max_examples=60, deadline=None)
@given(
    book=purchases,
    window=st.integers(0, 10),
    span=st.integers(1, 5),
    as_of=st.none() | st.integers(-3000, 3000),
    scale=st.sampled_from([1, 2**40]),
    offset=st.sampled_from([0, -20, 2**62]),
)
def test_everyones_gaps_read_a_range_of_customers_at_a_time_are_each_customers_rule(
    book: dict[int, list[int]], window: int, span: int, as_of: int | None, scale: int, offset: int
) -> None:
    """store.stats reads everyone's purchase days a few customer ids at a time (here 1-5;
    up to 12 customers, their ids far apart, negative or near SQLite's largest as a book
    another tool wrote may hold): the gaps are each customer's rule."""
    book = {c * scale + offset: days for c, days in book.items()}
    import pytest

    from xiaoben.store import stats
    from xiaoben.store.driver import sqlite3

    def epoch_date(day: int) -> date:
        return date(1970, 1, 1) + timedelta(days=day)

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE purchases (customer_id INTEGER, date TEXT)")
    conn.executemany(
        "INSERT INTO purchases VALUES (?, ?)",
        [(c, epoch_date(d).isoformat()) for c in book for d in book[c]],
    )
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(stats, "_DAYS_SPAN", span)
        cut = None if as_of is None else epoch_date(as_of)
        ids, gaps = stats.occasion_gaps(conn, window, as_of=cut)

    kept = {c: [d for d in book[c] if as_of is None or d <= as_of] for c in sorted(book)}
    expected = {c: median_occasion_gap(kept[c], window) for c in kept}
    expected = {c: gap for c, gap in expected.items() if not math.isnan(gap)}
    assert ids.tolist() == list(expected)
    assert gaps.tolist() == list(expected.values())
