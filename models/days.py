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

# Each matched from the start of the text: what follows the date is either nothing, a time
# of day (_TIME_AFTER) or a refusal that names it (rule.date_trailing).
_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
# A time of day after a date, as exports and APIs write it: 2024-03-05 14:30,
# 2024-03-05T14:30:00, 2024-03-05 14:30:00.123. (Shops' other forms, 下午 2:30 or 14时30分,
# are cells.without_time's.)
_TIME_AFTER = re.compile(r"(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?")


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
    day = calendar_day(text, year, month, day_of_month)
    second = int(zoned[6] or 0)
    sign, zone_hours, zone_minutes = zoned[7], int(zoned[8] or 0), int(zoned[9] or 0)
    if not real_time(hour, minute, second) or zone_hours > 14 or zone_minutes > 59:
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
    # (March 5, 2024; 5 March 2024, 05 Mar 2024 10:13 as Lazada writes it)
    named = _NAMED_MONTH.match(text) if text[:1].isalpha() or " " in text[1:3] else None
    if named is not None:
        found = _named_month_day(text, named)
        rest = text[named.end() :]
    else:
        match = _date_at_start(text)
        if match is None:
            raise problem("date_format", value=text)
        year, month, day = (int(part) for part in match.groups())
        found = calendar_day(text, year, month, day)
        rest = text[match.end() :]
        weekday = _WEEKDAY_AFTER.match(rest) if rest else None
        if weekday is not None:
            # 2024年3月5日星期二, 2024/3/5 周二 (Chinese Excel's long date): the weekday
            # must be the date's, else the seller must say which is right
            _check_weekday(text, found, _ZH_WEEKDAYS[weekday["day"]], weekday[0])
            rest = rest[weekday.end() :]
    if rest:
        timed = _TIME_AFTER.fullmatch(rest)
        if not timed or not real_time(*(int(part or 0) for part in timed.groups())):
            # 2024-03-05 hello, 2024-03-05 25:00: a date with something after it that is
            # no time of day is no date the seller can be sure of
            raise problem("date_trailing", value=text, rest=rest.strip())
    return found


# A weekday after a date, as Chinese Excel's long date writes it: 2024年3月5日星期二,
# 2024/3/5 周二, 2024-03-05 (星期二), 2024-03-05 礼拜二 (NFKC: （ is ().
_WEEKDAY_AFTER = re.compile(r"\s*\(?\s*(?:星期|周|礼拜)(?P<day>[一二三四五六日天七])(?:\s*\))?")
# the day after 星期/周/礼拜 -> date.weekday(): 日, 天 and 七 are all Sunday
_ZH_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
# A date with its month named, as English systems write it, maybe after its weekday:
# Tuesday, March 5, 2024; Tue, Mar 5, 2024; March 5th, 2024; Tue, 5 Mar 2024.
_NAMED_MONTH = re.compile(
    r"(?:(?P<weekday>[a-z]+)\.?\s*,?\s+)?"
    r"(?:(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<day_first>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month_after>[a-z]+)\.?)"
    r"\s*,?\s+(?P<year>\d{4})(?!\d)",
    re.IGNORECASE | re.ASCII,
)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _named(word: str, names: tuple[str, ...]) -> int | None:
    """The index of the name `word` writes in full or shortened to three or more of its
    first letters (Mar, Sept, Tues, thu), case aside; None if it writes none."""
    word = word.casefold()
    if len(word) < 3:
        return None
    return next((at for at, name in enumerate(names) if name.startswith(word)), None)


def named_month(word: str) -> int | None:
    """The month (1 to 12) an English name of it writes (Mar, March), None if none."""
    month = _named(word, _MONTHS)
    return None if month is None else month + 1


def _named_month_day(text: str, named: re.Match[str]) -> date:
    """The day of an English date with its month named (March 5, 2024), checked against
    its weekday when it has one (Tuesday, March 5, 2024)."""
    month = _named(named["month"] or named["month_after"], _MONTHS)
    if month is None:
        raise problem("date_format", value=text)
    day = int(named["day"] or named["day_first"])
    found = calendar_day(text, int(named["year"]), month + 1, day)
    if named["weekday"] is not None:
        weekday = _named(named["weekday"], _WEEKDAYS)
        if weekday is None:
            raise problem("date_format", value=text)
        _check_weekday(text, found, weekday, named["weekday"])
    return found


def _check_weekday(text: str, day: date, weekday: int, written: str) -> None:
    """Refuse `text` when the weekday it writes (`weekday`, Monday 0) is not its date's."""
    from xiaoben.models.i18n import Words

    if day.weekday() != weekday:
        raise problem(
            "date_weekday",
            value=text,
            day=day.isoformat(),
            written=written.strip(),
            weekday=Words(f"date.weekday_{day.weekday()}"),
        )


def _date_at_start(text: str) -> re.Match[str] | None:
    """The date `text` starts with, when no digit follows it (2024-03-051 is no date)."""
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match and not text[match.end() : match.end() + 1].isdigit():
            return match
    return None


def real_time(hour: int, minute: int, second: int = 0) -> bool:
    """Whether hour:minute:second is a time of day (00:00:00 to 23:59:59)."""
    return hour <= 23 and minute <= 59 and second <= 59


def calendar_day(text: str, year: int, month: int, day: int) -> date:
    """The day of `text` written as year, month and day; a problem (quoting `text`) if there
    is none."""
    if not 1 <= month <= 12:
        raise problem("date_month", value=text)
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


# Excel's day 60 is 1900-02-29, a day that never was (Lotus 1-2-3's leap-year slip, kept):
# the days before it count from 1899-12-31 (1900-01-01 is day 1, 1900-02-28 day 59).
PHANTOM_LEAP_DAY = 60
_FIRST_AFTER_PHANTOM = date(1900, 3, 1)


def excel_day(day: date) -> int:
    """The day number Excel's 1900 date system shows as `day` (2024-03-05 -> 45356,
    1900-01-01 -> 1): serial_day's inverse, for every day from 1900-01-01."""
    days = (day - EXCEL_EPOCH).days
    return days if day >= _FIRST_AFTER_PHANTOM else days - 1


# Excel for Mac's 1904 date system (a workbook's date1904 flag) counts days from 1904-01-01:
# its day number of a day is this much less (2024-03-05 is 43894, not 45356).
DAYS_1904 = (date(1904, 1, 1) - EXCEL_EPOCH).days


def serial_day(number: float, date1904: bool = False) -> date | None:
    """The day an Excel day number of a day from 1930 to 2099 stands for (45356 ->
    2024-03-05; 45356.75, the same day at 18:00, too); None for any other number.

    `date1904`: the number is a 1904 workbook's (43894 -> 2024-03-05). Every number the
    1900 system reads as a day is then read in the 1904 one too (72000 is 2101-02-16, as
    the workbook shows it): a number left as it is would be read later as a 1900 day."""
    shift = DAYS_1904 if date1904 else 0
    if not FIRST_SERIAL - shift <= number < LAST_SERIAL + 1:
        return None
    return EXCEL_EPOCH + timedelta(days=int(number) + shift)


# A day written by its month and day alone, as the app writes the days ahead (12-31, 3-5,
# 12/31, 12月31日): the box of a day to come (a snooze, a reminder) reads it as the next one.
_MONTH_DAY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})|(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")


def next_month_day(text: str, today: date) -> date | None:
    """The first day on or after `today` with the month and day of `text` (12-31, 3-5,
    12/31, 12月31日; 02-29 the next leap year's), None when `text` is not a month and day
    alone; a problem quoting `text` when there is no such day (13-01, 04-31)."""
    written = unicodedata.normalize("NFKC", text).strip()
    match = _MONTH_DAY.fullmatch(written)
    if match is None:
        return None
    month, day = (int(part) for part in match.groups() if part is not None)
    if (month, day) != (2, 29):  # the one day some years lack
        calendar_day(written, today.year, month, day)
    for year in range(today.year, today.year + 9):  # a 29 February comes within 8 years
        with_year = _day_or_none(year, month, day)
        if with_year is not None and with_year >= today:
            return with_year
    return None  # never reached: a 29 February comes within 8 years


def _day_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
