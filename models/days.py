"""Calendar days as the seller writes them. A leaf beside models/values.py (which keeps
the validators): a command that only reads a day (`--as-of`) loads no validation library."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
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
    r"(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*"
    r"(?:(Z|UTC|GMT)|(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?)",
    re.IGNORECASE,
)


def _local_day(text: str, zoned: re.Match[str]) -> date:
    """The day an instant with a zone falls on where the seller is (this computer's zone):
    the date as written when the zone is theirs (a Chinese shop's +08:00 in China), the
    next or the day before when it is another (23:30Z is 07:30 the next morning in China).
    The book keeps the seller's days; days are never compared across zones."""
    day = parse_date(zoned[1])
    hour, minute, second = int(zoned[2]), int(zoned[3]), int(zoned[4] or 0)
    sign, zone_hours, zone_minutes = zoned[6], int(zoned[7] or 0), int(zoned[8] or 0)
    if hour > 23 or minute > 59 or second > 59 or zone_hours > 14 or zone_minutes > 59:
        raise problem("date_format", value=text)
    offset = timedelta(hours=zone_hours, minutes=zone_minutes) * (-1 if sign == "-" else 1)
    written = datetime.combine(day, time(hour, minute, second), timezone(offset))
    local = written.astimezone().date()
    if not 1900 <= local.year <= 2199:
        raise problem("date_range", value=text)
    return local


def parse_date(value: Any) -> date:
    """A real calendar date from a date or text (2024-03-08, 2024/3/8, 20240308, 2024年3月8日)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    zoned = _ZONED.fullmatch(text)
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
