"""The calendar of the follow-up queue: holidays and birthdays as solar dates.

Pure: no I/O and no clock — every year or window comes from the caller. All lunar
conversions are done by lunar-python (never a hand-written table of dates); what is cached
is only the library's answers, per year.

Days are epoch days (whole days since 1970-01-01), as in `tiering.frame`.

Rules:
- Every holiday keeps its date, also on a weekend (2022-10-01, a Saturday, is National Day).
- Two holidays on one day are both returned (2020-10-01 was National Day and Mid-Autumn).
- The six lunar holidays of solar year Y are the dates of lunar year Y (all fall inside Y).
- Mother's Day is the 2nd Sunday of May; Father's Day is the 3rd Sunday of June.
- A solar Feb 29 birthday is celebrated on Feb 28 in a common year (in general: a day past
  the month's end is celebrated on the month's last day).
- A lunar birthday of lunar year Y is that lunar date converted to solar; its 12th month
  (and the end of the 11th) falls in solar January/February of Y+1.
- A lunar birthday on day 30 is celebrated on day 29 in a year whose month has 29 days.
- A birthday in a leap month (闰四月) is celebrated in that leap month in the years that
  have it, otherwise in the ordinary month of the same number.
- A birthday in an ordinary month is celebrated once a year, in the ordinary month — never
  again in a leap repeat of that month.
- So a birthday is celebrated exactly once per solar year (solar) or per lunar year (lunar);
  a solar year may hold two celebrations of a lunar 腊月 birthday (2022: Jan 7 and Dec 27 for
  腊月初五), or none (2025 has no 腊月初一).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
from lunar_python import Lunar, LunarYear, Solar

from xiaoben.models.enums import Holiday
from xiaoben.tiering.frame import epoch_day, from_epoch_day

HOLIDAYS: tuple[Holiday, ...] = tuple(Holiday)  # code = index in this tuple

# (lunar month, lunar day) of the lunar holidays.
LUNAR_HOLIDAYS: dict[Holiday, tuple[int, int]] = {
    Holiday.SPRING_FESTIVAL: (1, 1),
    Holiday.LANTERN: (1, 15),
    Holiday.DRAGON_BOAT: (5, 5),
    Holiday.QIXI: (7, 7),
    Holiday.MID_AUTUMN: (8, 15),
    Holiday.DOUBLE_NINTH: (9, 9),
}
# (month, day) of the fixed solar holidays.
SOLAR_HOLIDAYS: dict[Holiday, tuple[int, int]] = {
    Holiday.NEW_YEAR: (1, 1),
    Holiday.VALENTINE: (2, 14),
    Holiday.WOMENS_DAY: (3, 8),
    Holiday.LABOUR_DAY: (5, 1),
    Holiday.NATIONAL_DAY: (10, 1),
    Holiday.CHRISTMAS: (12, 25),
}
# (month, which Sunday) of the holidays on the n-th Sunday of a month.
SUNDAY_HOLIDAYS: dict[Holiday, tuple[int, int]] = {
    Holiday.MOTHERS_DAY: (5, 2),
    Holiday.FATHERS_DAY: (6, 3),
}

# Birthday kinds: the first axis of a year table.
SOLAR, LUNAR, LUNAR_LEAP = 0, 1, 2
_NO_DATE = np.iinfo(np.int64).min  # table cells that no birthday can name (month 0, day 0)


# ---------------------------------------------------------------------------------------
# Holidays


def nth_sunday(year: int, month: int, n: int) -> date:
    """The n-th Sunday (n >= 1) of a solar month."""
    first = date(year, month, 1)
    first_sunday = first + timedelta(days=(6 - first.weekday()) % 7)
    return first_sunday + timedelta(weeks=n - 1)


def lunar_to_solar(lunar_year: int, lunar_month: int, lunar_day: int) -> date:
    """A lunar date (month negative for a leap month) as a solar date, by lunar-python."""
    solar = Lunar.fromYmd(lunar_year, lunar_month, lunar_day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def holiday_date(holiday: Holiday, year: int) -> date:
    """The date of one holiday in a solar year."""
    if holiday in LUNAR_HOLIDAYS:
        return lunar_to_solar(year, *LUNAR_HOLIDAYS[holiday])
    if holiday in SUNDAY_HOLIDAYS:
        return nth_sunday(year, *SUNDAY_HOLIDAYS[holiday])
    return date(year, *SOLAR_HOLIDAYS[holiday])


@lru_cache(maxsize=256)
def _holidays_in_year(year: int) -> tuple[tuple[Holiday, date], ...]:
    order = {holiday: code for code, holiday in enumerate(HOLIDAYS)}
    dated = [(holiday, holiday_date(holiday, year)) for holiday in HOLIDAYS]
    return tuple(sorted(dated, key=lambda pair: (pair[1], order[pair[0]])))


def holidays_in_year(year: int) -> list[tuple[Holiday, date]]:
    """Every holiday of a solar year, sorted by date then HOLIDAYS order (cached per year)."""
    return list(_holidays_in_year(year))


def holidays_between(first: date, last: date) -> list[tuple[Holiday, date]]:
    """Every holiday from first to last, both included, across year ends; [] if last < first."""
    return [
        (holiday, day)
        for year in range(first.year, last.year + 1)
        for holiday, day in _holidays_in_year(year)
        if first <= day <= last
    ]


# ---------------------------------------------------------------------------------------
# Birthdays: the scalar rule


def birthday_on(month: int, day: int, lunar: bool, leap: bool, year: int) -> date:
    """The solar date on which a birthday is celebrated in a solar year (solar birthday) or
    in a lunar year (lunar birthday); see the module's rules. The scalar reference."""
    if not lunar:
        return date(year, month, min(day, calendar.monthrange(year, month)[1]))
    lunar_year = LunarYear.fromYear(year)
    in_leap = leap and lunar_year.getLeapMonth() == month
    lunar_month = lunar_year.getMonth(-month if in_leap else month)
    return lunar_to_solar(year, lunar_month.getMonth(), min(day, lunar_month.getDayCount()))


# ---------------------------------------------------------------------------------------
# Birthdays: the vectorised rule, on per-year lookup tables


def _month_starts(year: int) -> dict[int, tuple[int, int]]:
    """Lunar month (negative: leap) -> (epoch day of its first day, its day count)."""
    starts: dict[int, tuple[int, int]] = {}
    for month in LunarYear.fromYear(year).getMonthsInYear():
        solar = Solar.fromJulianDay(month.getFirstJulianDay())
        first = epoch_day(date(solar.getYear(), solar.getMonth(), solar.getDay()))
        starts[month.getMonth()] = (first, month.getDayCount())
    return starts


def _solar_table(year: int) -> np.ndarray:
    """[month, day] -> epoch day of that solar birthday in the solar year."""
    table = np.full((13, 32), _NO_DATE, dtype=np.int64)
    for month in range(1, 13):
        first = epoch_day(date(year, month, 1))
        length = calendar.monthrange(year, month)[1]
        table[month, 1:] = first + np.minimum(np.arange(1, 32), length) - 1
    return table


def _lunar_tables(year: int) -> tuple[np.ndarray, np.ndarray]:
    """[month, day] -> epoch day of an ordinary-month and of a leap-month lunar birthday in
    the lunar year."""
    starts = _month_starts(year)
    ordinary = np.full((13, 32), _NO_DATE, dtype=np.int64)
    leap = np.full((13, 32), _NO_DATE, dtype=np.int64)
    for month in range(1, 13):
        first, length = starts[month]
        ordinary[month, 1:] = first + np.minimum(np.arange(1, 32), length) - 1
        if -month in starts:
            first, length = starts[-month]
            leap[month, 1:] = first + np.minimum(np.arange(1, 32), length) - 1
        else:
            leap[month] = ordinary[month]
    return ordinary, leap


@lru_cache(maxsize=512)
def year_table(year: int) -> np.ndarray:
    """[kind, month, day] -> epoch day of the celebration in year `year` (solar year for
    SOLAR, lunar year for LUNAR and LUNAR_LEAP); read-only, cached per year."""
    table = np.stack([_solar_table(year), *_lunar_tables(year)])
    table.setflags(write=False)
    return table


def birthday_occurrences(
    month: np.ndarray,
    day: np.ndarray,
    lunar: np.ndarray,
    leap: np.ndarray,
    first_day: int,
    last_day: int,
) -> tuple[np.ndarray, np.ndarray]:
    """For rows with month > 0 (0 = no birthday), every solar date in [first_day, last_day]
    (epoch days, inclusive) on which the birthday is celebrated. Returns (row indexes, epoch
    days), both int64, sorted by (row, day). `leap` only counts for lunar rows."""
    month = np.asarray(month, dtype=np.int64)
    day = np.asarray(day, dtype=np.int64)
    lunar = np.asarray(lunar, dtype=bool)
    kind = np.where(lunar, np.where(np.asarray(leap, dtype=bool), LUNAR_LEAP, LUNAR), SOLAR)
    rows = np.flatnonzero((month >= 1) & (month <= 12) & (day >= 1) & (day <= 31))
    if last_day < first_day or rows.size == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    cell = (kind[rows] * 13 + month[rows]) * 32 + day[rows]
    first, last = from_epoch_day(first_day), from_epoch_day(last_day)
    found_rows: list[np.ndarray] = []
    found_days: list[np.ndarray] = []
    # Lunar year Y runs from late January of Y to mid-February of Y+1.
    for year in range(first.year - 1, last.year + 1):
        days = year_table(year).reshape(-1)[cell]
        keep = (days >= first_day) & (days <= last_day)
        found_rows.append(rows[keep])
        found_days.append(days[keep])
    out_rows, out_days = np.concatenate(found_rows), np.concatenate(found_days)
    order = np.lexsort((out_days, out_rows))
    return out_rows[order], out_days[order]


__all__ = [
    "HOLIDAYS",
    "birthday_occurrences",
    "birthday_on",
    "holiday_date",
    "holidays_between",
    "holidays_in_year",
    "year_table",
]
