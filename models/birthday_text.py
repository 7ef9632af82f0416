"""Birthdays as sellers write them -> the fields of a models.Birthday.

1990-03-05, 03-05, 3月5日, 农历八月十五, L1990-08-15, 闰四月初二. Text rules only: whether the
day exists (a lunar month's length, Feb 29) is for Birthday to check.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any, NamedTuple

from xiaoben.models.birthday import Birthday, age_band_on
from xiaoben.models.cells import (
    is_number,
    number_problem,
    without_text_mark,
    without_time,
    without_zero_fraction,
)
from xiaoben.models.days import serial_day
from xiaoben.models.enums import AgeBand
from xiaoben.models.errors import problem
from xiaoben.models.i18n import field_key, t

_LUNAR_MARK = re.compile(r"农历|阴历|旧历|\(农\)|^L(?=[\d*-])", re.IGNORECASE)
# Words only the lunar calendar has: a leap month, 正月 冬月 腊月, days 初一 廿三 卅.
_LUNAR_ONLY = re.compile(r"闰|[正冬腊]月|初|廿|卅")
# A lunar birthday as the English export words it: lunar 08-15, lunar 1990 leap 04-02.
_LUNAR_WORDS = re.compile(r"lunar\s+(?:(?P<year>\d{4})\s+)?(?P<leap>leap\s+)?", re.IGNORECASE)
_SOLAR_MARK = re.compile(r"公历|阳历|新历|\(公\)|^S(?=[\d*-])", re.IGNORECASE)
_CHINESE_DIGITS = {digit: value for value, digit in enumerate("〇一二三四五六七八九")} | {
    "零": 0,
    "两": 2,
}
_MONTH_NAMES = {"正": 1, "冬": 11, "腊": 12}
_BIRTHDAY = re.compile(
    r"(?:(?P<year>\d{4})[-/.年]|--)?"
    r"(?P<leap>闰|\*)?(?P<month>\d{1,2}|[正一二三四五六七八九十冬腊]{1,3})[-/.月]"
    r"(?P<day>\d{1,2}|初?[一二三四五六七八九十廿卅]{1,3})[日号]?"
)
_COMPACT_BIRTHDAY = re.compile(
    r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})"
    # 0305, --0305 (vCard's no-year form): a month 01-12 and a day 01-31, never a year 1990
    r"|(?:--)?(?P<short_month>0[1-9]|1[0-2])(?P<short_day>0[1-9]|[12]\d|3[01])"
)
# A month and a day both in Chinese numerals with no 日/号 after the day (八月十五, 十月初一,
# 十一月廿三) is how the lunar calendar is written; a solar birthday is written in digits
# (8月15日) or says so (公历八月十五).
_CHINESE_MONTH_DAY = re.compile(
    r"[正一二三四五六七八九十冬腊]{1,3}月[初一二三四五六七八九十廿卅]{1,3}(?![初一二三四五六七八九十廿卅日号])"
)
# Brackets left empty once a calendar mark inside them is taken out: 8月15（农历）.
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|【\s*】")


def _chinese_number(text: str) -> int | None:
    """12, 十二, 初八, 廿三, 三十 -> the number; None if it is not one."""
    if text.isdigit():
        return int(text)
    if text in _MONTH_NAMES:
        return _MONTH_NAMES[text]
    text = text.removeprefix("初").replace("廿", "二十").replace("卅", "三十")
    if "十" not in text:
        return _CHINESE_DIGITS.get(text) if len(text) == 1 else None
    tens_text, _, ones_text = text.partition("十")
    tens = _CHINESE_DIGITS.get(tens_text) if tens_text else 1
    ones = _CHINESE_DIGITS.get(ones_text) if ones_text else 0
    if tens is None or ones is None:
        return None
    return tens * 10 + ones


def parse_birthday(text: str, lunar: bool = False) -> dict[str, Any]:
    """Birthday fields from text: 1990-03-05, 03-05, 0305, --0305, 3月5日, 农历八月十五,
    八月十五 (Chinese numerals: lunar), 8月15（农历）, L1990-08-15, 闰四月初二, lunar 1990
    leap 04-02 (as the English export words it).

    Returns the fields for models.Birthday (which checks the date exists); raises a problem
    when the text is not a birthday at all.
    """
    shown = unicodedata.normalize("NFKC", text).strip()
    body = without_time(shown)
    words = _LUNAR_WORDS.match(body)
    if words:
        year, leap = words["year"], words["leap"]
        body = f"{year + '-' if year else ''}{'闰' if leap else ''}{body[words.end() :]}"
        lunar = True
    if _LUNAR_MARK.search(body):
        lunar, body = True, _LUNAR_MARK.sub("", body)
    solar = bool(_SOLAR_MARK.search(body))
    body = re.sub(r"\s+", "", _EMPTY_BRACKETS.sub("", _SOLAR_MARK.sub("", body)))
    lunar = lunar or bool(_LUNAR_ONLY.search(body))
    lunar = lunar or (not solar and bool(_CHINESE_MONTH_DAY.search(body)))
    match = _BIRTHDAY.fullmatch(body) or _COMPACT_BIRTHDAY.fullmatch(body)
    groups = match.groupdict() if match else {}
    month_text = groups.get("month") or groups.get("short_month")
    day_text = groups.get("day") or groups.get("short_day")
    month = _chinese_number(month_text) if month_text else None
    day = _chinese_number(day_text) if day_text else None
    if match is None or month is None or day is None:
        raise problem("birthday_format", value=shown)
    return {
        "year": int(groups["year"]) if groups.get("year") else None,
        "month": month,
        "day": day,
        "lunar": lunar,
        "leap_month": bool(groups.get("leap")),
    }


# A two-digit year before a month and a day, as sellers note a birthday: 90年3月5日, 90.3.5,
# 90/3/5, 90-3-5 (its own digits, not the end of 1990; 03-05 alone is a month and a day).
_SHORT_YEAR = re.compile(
    r"^(?P<mark>农历|阴历|旧历|公历|阳历|新历)?(?P<year>\d{2})(?P<sep>年|[-/.])"
    r"(?=闰?(?:\d{1,2}|[正一二三四五六七八九十冬腊]{1,3})[-/.月]"
    r"(?:\d{1,2}|初?[一二三四五六七八九十廿卅]{1,3})[日号]?$)"
)
_NO_DAY_OR_MONTH = 32  # a two-digit number from 32 can only be a year


def full_year(short: int, this_year: int) -> int:
    """A birthday's two-digit year in full: 20xx up to this year's two digits (05 -> 2005 in
    2026), else 19xx (90 -> 1990, 27 -> 1927): a birthday is never in a later year."""
    century = this_year - this_year % 100
    return century + short if short <= this_year % 100 else century - 100 + short


def with_full_year(text: str, this_year: int) -> str:
    """The text with a two-digit year before its month and day written in full (90年3月5日 ->
    1990年3月5日, 90.3.5 -> 1990.3.5; `this_year`, the importer's today's, decides the
    century: full_year); the text as it is when it has none. A year of 00 to
    31 before a dot, slash or dash may be a day or a month (05.3.12, 12/3/5): refused
    naming the rule, a year with 年 after it is one."""
    shown = unicodedata.normalize("NFKC", text).strip()
    found = _SHORT_YEAR.match(shown)
    if found is None:
        return text
    short = int(found["year"])
    if found["sep"] != "年" and short < _NO_DAY_OR_MONTH:
        raise problem("birthday_short_year", value=shown)
    year = full_year(short, this_year)
    return f"{found['mark'] or ''}{year}{found['sep']}{shown[found.end() :]}"


# A day and a month before a four-digit year, as a sheet from abroad writes a date: 15/08/1990
# (15 is no month: the 15th of August), 08/15/1990 (the American order). Both numbers 12 or
# below (03/05/1990) may be either: refused, saying both readings.
_YEAR_LAST = re.compile(
    r"(?P<mark>农历|阴历|旧历|公历|阳历|新历)?(?P<first>\d{1,2})(?P<sep>[-/.])(?P<second>\d{1,2})"
    r"(?P=sep)(?P<year>\d{4})"
)
_MONTHS = 12


def with_year_first(text: str) -> str:
    """The text of a birthday written day, month, year (15/08/1990) or month, day, year
    (08/15/1990) as year, month, day (1990-08-15), when one of its first two numbers is
    above 12, so only one reading is possible; the text as it is when it is not written
    so. Both numbers 12 or below (03/05/1990, 3 May or 5 March) is refused naming both
    readings; the same number twice (03/03/1990) is the one day."""
    shown = unicodedata.normalize("NFKC", text).strip()
    found = _YEAR_LAST.fullmatch(shown)
    if found is None:
        return text
    first, second, year = int(found["first"]), int(found["second"]), found["year"]
    if first > _MONTHS >= second:
        month, day = second, first
    elif second > _MONTHS >= first or first == second:
        month, day = first, second
    elif first <= _MONTHS and second <= _MONTHS:
        raise problem(
            "birthday_day_month",
            value=shown,
            day_first=f"{year}-{second:02d}-{first:02d}",
            month_first=f"{year}-{first:02d}-{second:02d}",
        )
    else:
        return text  # 15/31/1990: no day of any month, refused as no birthday
    return f"{found['mark'] or ''}{year}-{month:02d}-{day:02d}"


def birthday_cell(text: str, lunar: bool = False, *, this_year: int) -> dict[str, Any]:
    """parse_birthday of an imported cell, where a number alone (a number cell, a CSV's
    digits) is read as in a date column: yyyymmdd (19900305, and a float column's
    19900305.0) or Excel's day number of a day from 1930 to 2099 (33031), and 0305 (its
    leading zero kept: text, a month and a day);
    any other number (305, 1990, 900305) is refused, quoted as the seller typed it (an
    import reads a year alone, 1990, as birth_years first: kept in the notes). A
    birthday written day, month, year is read where only one reading is possible
    (with_year_first: 15/08/1990 is 1990-08-15). A
    two-digit year is read in full (with_full_year: 90年3月5日, 90.3.5 are 1990's; 05年 is
    2005's where `this_year`, the importer's today's, is 2005 or later, else 1905's). The
    app's form takes no day numbers: parse_birthday. Excel's text mark before it
    ('1990-03-05) is no part of it."""
    text = without_text_mark(text)
    if not is_number(text):
        return parse_birthday(with_full_year(with_year_first(text), this_year), lunar)
    written = unicodedata.normalize("NFKC", text).strip()
    whole = without_zero_fraction(written)  # 19900305.0: a float column's 8 digits
    if len(whole) == 8 and whole.isdigit():
        return parse_birthday(whole, lunar)  # 19900305
    if len(written) == 4 and written[0] == "0" and written.isdigit():
        # 0305 kept its leading zero, so it was written as text: a month and day
        return parse_birthday(written, lunar)
    day = serial_day(float(written))
    if day is None:
        raise number_problem("birthday_number", text.strip())
    return {
        "year": day.year,
        "month": day.month,
        "day": day.day,
        "lunar": lunar,
        "leap_month": False,
    }


# A birthday cell that gives the years of birth but no day: a year (1990, 1990年, 1990年生,
# a number cell's 1990.0) or a generation (90后, 85后, 00后, 八零后, 80年代, 1980年代). No
# birthday is made of it (the day is unknown); the importer keeps it in the notes and may
# tell the age band from it. A four-digit year starts 19, 20 or 21: no month does (1231
# is no year).
_BIRTH_YEAR = re.compile(
    r"(?:生于)?(?:(?P<year>(?:19|20|21)\d{2})(?:\.0+)?(?:年)?"
    # a year written in hanzi (二零零零年, 一九九〇年) or in two digits with 年 (90年)
    r"|(?P<hanzi>(?:一九|二[〇零])[〇零一二三四五六七八九]{2})年|(?P<short>\d{2})年)(?:生|出生)?"
)
_GENERATION = re.compile(
    r"(?P<short>\d{2}|[〇零一二三四五六七八九]{2})[后後]"
    r"|(?:(?P<decade>\d0|(?:19|20|21)\d0)|(?P<tens>[一二三四五六七八九]十))年代(?:生|出生)?"
    r"|(?P<english>\d0|(?:19|20|21)\d0)'?s"  # the 1990s, the 90s
)
# Words that make a year or a generation a guess (约1990年, 1990年左右, 90后(估计)): the
# same years, the cell kept in the notes as written
_ABOUT = re.compile(r"^(?:约|大约|大概|估计|差不多)|(?:左右|前后|上下|\(估计\)|估计|吧)$")


# A year and a month with no day: 1990年3月, 90年3月, 1990-03, 1990/3, 1990.03 (a two-digit
# year with 年 only: 12-05 is a month and a day)
_YEAR_MONTH = re.compile(
    r"\s*(?:(?P<year>(?:19|20|21)\d{2})\s*(?:年|[-/.])|(?P<short>\d{2})\s*年)"
    r"\s*(?:0?[1-9]|1[0-2])\s*(?:月(?:份)?(?:生|出生)?)?\s*"
)


class BirthYears(NamedTuple):
    """The first and last year a customer may have been born in (1990 to 1999 for 90后)."""

    first: int
    last: int


def _two_digits(text: str) -> int:
    """90 or 九零 -> 90."""
    if text.isdigit():
        return int(text)
    return _CHINESE_DIGITS[text[0]] * 10 + _CHINESE_DIGITS[text[1]]


def birth_years(text: str, this_year: int) -> BirthYears | None:
    """The years of birth a birthday cell gives where it gives a year or a generation and no
    day (1990年 -> 1990 to 1990, 1990年3月 and 1990-03 -> 1990 to 1990, 90后 -> 1990 to
    1999, 85后 -> 1985 to 1989, 80年代 -> 1980 to 1989); None for any other text (a date, a
    word). A generation's two digits, and a year's before 年 and a month, are read in full
    as a birthday's two-digit year is (full_year: 00后 is 2000's in 2026, 30后 1930's);
    `this_year` is the importer's today's. Whether the years are after today is for the
    caller to say."""
    dated = "-" in text or "/" in text or "月" in text
    if dated and (text.count("-") > 1 or text.count("/") > 1 or "日" in text):
        return None  # a whole date (1990-03-05, 3月5日): most cells, told at once
    if dated or text.count(".") == 1:
        # a date (1990-03-05, 3月5日): most cells, told at once; or a year and a month
        # with no day (1990年3月, 1990-03, 1990.3: the seller did not know the day)
        month = (
            _YEAR_MONTH.fullmatch(unicodedata.normalize("NFKC", text)) if len(text) < 16 else None
        )
        if month is not None:
            short = month["short"]
            year = full_year(int(short), this_year) if short else int(month["year"])
            return BirthYears(year, year)
        if dated:
            return None  # (a number cell's 1990.0 is a year: read below)
    if len(text) > 24:
        return None
    body = re.sub(r"\s+", "", unicodedata.normalize("NFKC", without_text_mark(text)))
    if len(body) > 16:
        return None
    body = _ABOUT.sub("", body).casefold()
    found = _BIRTH_YEAR.fullmatch(body)
    if found is not None:
        if found["year"]:
            year = int(found["year"])
        elif found["hanzi"]:
            year = int(
                "".join(str(_CHINESE_DIGITS["〇" if c == "零" else c]) for c in found["hanzi"])
            )
        else:
            year = full_year(int(found["short"]), this_year)
        return BirthYears(year, year)
    found = _GENERATION.fullmatch(body)
    if found is None:
        return None
    decade_text = found["decade"] or found["english"]
    if decade_text is not None or found["tens"] is not None:
        decade = int(decade_text) if decade_text else _CHINESE_DIGITS[found["tens"][0]] * 10
        first = decade if decade >= 100 else full_year(decade, this_year)
        return BirthYears(first, first + 9)
    first = full_year(_two_digits(found["short"]), this_year)
    return BirthYears(first, first - first % 10 + 9)


def _birth_labels() -> tuple[str, ...]:
    """The notes' labels of a birthday cell kept as written (生日：, 农历生日：: the import's
    store.importing.customer_rows.Loose.line)."""
    return tuple(f"{t(field_key(field), 'zh')}：" for field in ("birthday", "birthday_lunar"))


def year_noted(notes: str, this_year: int) -> bool:
    """Whether the notes keep a birthday cell that gave a year or a generation of birth and
    no day (生日：1990年, 农历生日：90后), as an import keeps one: where it told an age band,
    the band was set from it (store.imports._with_year_band)."""
    labels = _birth_labels()
    for line in notes.split("\n"):
        label = next((each for each in labels if line.startswith(each)), None)
        if label is not None and birth_years(line[len(label) :].strip(), this_year) is not None:
            return True
    return False


def band_after_birthday(
    band: AgeBand | None,
    before: Birthday | None,
    after: Birthday | None,
    notes: str,
    today: date,
) -> AgeBand | None:
    """The age band of a customer of `band` whose birthday `before` becomes `after` (her
    band itself not given with it), her notes `notes`: a band set from a year of birth alone
    (her notes keep the year, 生日：1990年, and she had no birthday with its year) follows a
    birthday with its year given since (1990-03-05: the age it tells is hers, the year's was
    a guess); any other band stands (one the seller chose or gave with a birthday, or none)."""
    if band is None or after is None or after.year is None:
        return band
    if before is not None and before.year is not None:
        return band  # (no band was set from a year beside a birthday with its year)
    if not year_noted(notes, today.year):
        return band
    return age_band_on(after, today) or band
