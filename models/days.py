"""Calendar days as the seller writes them. A leaf beside models/values.py (which keeps
the validators): a command that only reads a day (`--as-of`) loads no validation library."""

from __future__ import annotations

import re
import time
import unicodedata
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from xiaoben.models.errors import problem

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


# A date and time with its zone, as exports and APIs write an instant: 2024-03-05T23:30:00+08:00,
# 2024-03-05 23:30:00 +0800, 2024-03-05T15:30:00Z, 2024/3/5 23:30 UTC+8.
_ZONED = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*"
    r"(?:Z|UTC|GMT|(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?)",
    re.IGNORECASE,
)


def _may_have_zone(text: str) -> bool:
    """Whether `text` may end in a zone (a sign after the date, or Z, GMT, UTC): a quick look
    that spares the plain days and order times of a large import the zone pattern."""
    if len(text) < _SHORTEST_ZONED:
        return False
    return "+" in text or text.rfind("-") > 10 or text.endswith(_ZONE_ENDS)


_SHORTEST_ZONED = len("2024-3-5 1:00Z")
_ZONE_ENDS = ("Z", "z", "GMT", "gmt", "UTC", "utc")


def _local_day(text: str, zoned: re.Match[str]) -> date:
    """The day an instant with a zone falls on where the seller is (this computer's zone):
    the date as written when the zone is theirs (a Chinese shop's +08:00 in China), the
    next or the day before when it is another (23:30Z is 07:30 the next morning in China).
    The book keeps the seller's days; days are never compared across zones."""
    year, month, day_of_month, hour, minute = map(int, zoned.groups()[:5])
    day = _calendar_day(text, year, month, day_of_month)
    second = int(zoned[6] or 0)
    sign, zone_hours, zone_minutes = zoned[7], int(zoned[8] or 0), int(zoned[9] or 0)
    if hour > 23 or minute > 59 or second > 59 or zone_hours > 14 or zone_minutes > 59:
        raise problem("date_format", value=text)
    zone = (zone_hours * 60 + zone_minutes) * (-1 if sign == "-" else 1)
    utc = ((day.toordinal() - 1) * 24 + hour) * 60 + minute - zone  # minutes from 0001-01-01
    local = utc + _local_offset(utc // 15, time.timezone, time.tzname)
    found = date.fromordinal(local // _DAY + 1)
    if not 1900 <= found.year <= 2199:
        raise problem("date_range", value=text)
    return found


_DAY = 24 * 60


@lru_cache(maxsize=1 << 16)
def _local_offset(quarter: int, *zone: object) -> int:
    """This computer's offset from UTC, in minutes, in the quarter hour `quarter` (counted
    from 0001-01-01 UTC; offsets change on quarter hours): an import of a year of order
    times asks for a few thousand. `zone` (time.timezone, time.tzname) keys it to the zone
    the process is in."""
    moment = _FIRST_MOMENT + timedelta(minutes=quarter * 15)
    offset = moment.astimezone().utcoffset()
    return 0 if offset is None else int(offset.total_seconds() // 60)


_FIRST_MOMENT = datetime(1, 1, 1, tzinfo=UTC)


def parse_date(value: Any) -> date:
    """A real calendar date from a date or text (2024-03-08, 2024/3/8, 20240308, 2024年3月8日)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    zoned = _ZONED.fullmatch(text) if _may_have_zone(text) else None
    if zoned:
        return _local_day(text, zoned)
    text = text.split("T")[0].split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text) else text
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            break
    else:
        raise problem("date_format", value=text)
    return _calendar_day(text, year, month, day)


def _calendar_day(text: str, year: int, month: int, day: int) -> date:
    """The day of `text` written as year, month and day; a problem if there is none."""
    if not 1 <= month <= 12:
        raise problem("date_format", value=text)
    if not 1900 <= year <= 2199:
        raise problem("date_range", value=text)
    try:
        return date(year, month, day)
    except ValueError:
        raise problem("date_missing_day", value=text, year=year, month=month, day=day) from None


# Excel's 1900 date system counts days from 1899-12-30 (for every day after 1900-02-28).
# A number is read as such a day number only for a day from 1930 to 2099: those all have
# five digits (10959 to 73050), so a year (2024), a month and day (305, 1231) or yymmdd
# (240305) is never taken for one; a date outside them (a birthday of 1925) is a date cell.
EXCEL_EPOCH = date(1899, 12, 30)
SERIAL_DAYS = (date(1930, 1, 1), date(2099, 12, 31))
FIRST_SERIAL, LAST_SERIAL = ((day - EXCEL_EPOCH).days for day in SERIAL_DAYS)


def serial_day(number: float) -> date | None:
    """The day an Excel day number of a day from 1930 to 2099 stands for (45356 ->
    2024-03-05; 45356.75, the same day at 18:00, too); None for any other number."""
    if not FIRST_SERIAL <= number < LAST_SERIAL + 1:
        return None
    return EXCEL_EPOCH + timedelta(days=int(number))
