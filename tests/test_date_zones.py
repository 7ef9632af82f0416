"""A date and time with a zone (2024-03-05T23:30:00+08:00, … +0800, …Z) is an instant: the
book keeps the day it falls on where the seller is (this computer's zone). A Chinese shop's
+08:00 on a laptop in China keeps its date as written; 23:30Z is the next morning there."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from xiaoben.models.cells import cell_date
from xiaoben.models.days import parse_date

CHINA = dt.timezone(dt.timedelta(hours=8))


@contextmanager
def seller_in(zone: str) -> Iterator[None]:
    """This process's local zone set to `zone` (POSIX: "CST-8" is UTC+8; no tz database)."""
    was = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if was is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = was
        time.tzset()


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2024-03-05T23:30:00+08:00", dt.date(2024, 3, 5)),  # as written: the seller's zone
        ("2024-03-05 23:30:00 +0800", dt.date(2024, 3, 5)),
        ("2024/3/5 23:30 UTC+8", dt.date(2024, 3, 5)),
        ("2024-03-05T07:30:00.250+08:00", dt.date(2024, 3, 5)),
        ("2024-03-05T23:30:00Z", dt.date(2024, 3, 6)),  # 07:30 on the 6th in China
        ("2024-03-05 23:30:00 GMT", dt.date(2024, 3, 6)),
        ("2024-03-05T10:00:00-05:00", dt.date(2024, 3, 5)),  # 23:00 in China
        ("2024-03-05T12:00:00-05:00", dt.date(2024, 3, 6)),  # 01:00 on the 6th in China
    ],
)
def test_an_order_time_with_a_zone_is_the_sellers_day(written: str, day: dt.date) -> None:
    with seller_in("CST-8"):
        assert cell_date(written) == parse_date(written) == day


def test_the_same_instant_is_the_day_where_the_seller_is() -> None:
    with seller_in("UTC0"):
        assert cell_date("2024-03-05T07:30:00+08:00") == dt.date(2024, 3, 4)
        assert cell_date("2024-03-05T23:30:00Z") == dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    "written", ["2024-03-05T24:30:00+08:00", "2024-03-05T23:30:00+15:00", "2024-02-30T10:00Z"]
)
def test_a_time_or_zone_that_cannot_be_is_refused(written: str) -> None:
    with seller_in("CST-8"), pytest.raises(PydanticCustomError):
        cell_date(written)


moments = st.datetimes(min_value=dt.datetime(1930, 1, 2), max_value=dt.datetime(2099, 12, 30)).map(
    lambda moment: moment.replace(microsecond=0)
)
offsets = st.integers(min_value=-14 * 4, max_value=14 * 4).map(
    lambda quarters: dt.timezone(dt.timedelta(minutes=15 * quarters))
)


@given(moments, offsets)
@example(dt.datetime(2024, 3, 5, 23, 30), dt.UTC)
@example(dt.datetime(2024, 3, 5, 0, 0), CHINA)
def test_any_zoned_time_reads_as_its_day_in_the_sellers_zone(
    moment: dt.datetime, zone: dt.timezone
) -> None:
    written = moment.replace(tzinfo=zone)
    iso = written.isoformat()
    compact = written.strftime("%Y-%m-%d %H:%M:%S %z")
    expected = written.astimezone(CHINA).date()
    with seller_in("CST-8"):
        assert cell_date(iso) == cell_date(compact) == expected
        if zone == CHINA:
            assert expected == moment.date()  # the seller's own zone: the date as written
