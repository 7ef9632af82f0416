"""A day to come written by its month and day alone (12-31, 12月31日), as the app writes the
days ahead: the next such day, today or after, never a past one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from xiaoben.models.days import next_month_day

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("12-31", date(2026, 12, 31)),
        ("1-5", date(2027, 1, 5)),
        ("01-05", date(2027, 1, 5)),
        ("12/31", date(2026, 12, 31)),
        ("12月31日", date(2026, 12, 31)),
        ("12月31号", date(2026, 12, 31)),
        ("１２－３１", date(2026, 12, 31)),  # typed with a Chinese input method's full width
        ("12-06", TODAY),
        ("12-05", date(2027, 12, 5)),  # yesterday's month and day: next year's
        ("02-29", date(2028, 2, 29)),
    ],
)
def test_a_month_and_day_is_the_next_such_day(written: str, day: date) -> None:
    assert next_month_day(written, TODAY) == day


@pytest.mark.parametrize("written", ["2026-12-31", "+3", "12-31 下午", "周五", "1231", ""])
def test_other_writings_are_not_a_month_and_day(written: str) -> None:
    assert next_month_day(written, TODAY) is None


@pytest.mark.parametrize(
    ("written", "rule"), [("13-01", "date_month"), ("04-31", "date_missing_day")]
)
def test_no_such_day_is_a_problem_naming_the_rule(written: str, rule: str) -> None:
    with pytest.raises(PydanticCustomError) as refused:
        next_month_day(written, TODAY)
    assert refused.value.type == f"xb.{rule}"


@given(
    st.dates(date(2000, 1, 1), date(2150, 12, 31)), st.dates(date(2000, 1, 1), date(2000, 12, 31))
)
def test_the_day_is_never_past_and_within_a_year(today: date, month_day: date) -> None:
    """(2000 is a leap year: every month and day.) The same month and day, today or after,
    within a year — a 29 February the next leap year's (2100 is none: 8 years)."""
    day = next_month_day(f"{month_day:%m-%d}", today)
    assert day is not None
    assert (day.month, day.day) == (month_day.month, month_day.day)
    assert today <= day
    most = timedelta(days=366 * 8) if (day.month, day.day) == (2, 29) else timedelta(days=365)
    assert day - today <= most
