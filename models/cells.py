"""One cell of an imported table -> a checked value: dates, amounts, quantities, phones, yes/no.

The importer's parsers, fast on the common forms; each gives what its rule in values.py gives
(tests/test_cell_parsers.py holds the fast paths to that). Pure text rules: no I/O, no store/.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

import phonenumbers
from pydantic_core import PydanticCustomError

from xiaoben.models.days import (
    FIRST_SERIAL,
    LAST_SERIAL,
    SERIAL_DAYS,
    calendar_day,
    named_month,
    real_time,
    serial_day,
)
from xiaoben.models.enums import AgeBand
from xiaoben.models.errors import problem
from xiaoben.models.money import foreign_currency
from xiaoben.models.text import CONTROL, refuse_controls, word_line_breaks
from xiaoben.models.values import (
    INVISIBLES,
    clean_text,
    normalise_phone,
    parse_date,
    parse_money,
    to_cents,
)

# A date and a time of day as spreadsheets and shops write them: 2024/3/8 14:30,
# 2024/3/8 下午 2:30:05, 2024/3/8 2:30 PM, 2024年3月8日 14时30分, 20240308143005.
_DATE_TIME = re.compile(
    r"(?P<day>\S+?)(?:[ T]+|(?<=日))(?:上午|下午|中午|晚上|凌晨)?\s*"
    r"(?:(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"(?:\s*(?P<half>[AaPp])\.?[Mm]\.?)?"
    r"|(?P<hour_zh>\d{1,2})[时点](?:(?P<minute_zh>\d{1,2})分(?:(?P<second_zh>\d{1,2})秒)?)?)"
    r"|(?P<compact>\d{8})(?P<hh>\d{2})(?P<mm>\d{2})(?P<ss>\d{2})"
)
_PLAIN_MONEY = re.compile(r"(\d{1,11})(?:\.(\d{1,2}))?", re.ASCII)  # < MAX_CENTS, always


def without_time(text: str) -> str:
    """A spreadsheet's date-time (2024/3/8 14:30) as its date part; other text as it is
    (a time that is no time of day, 25:00 or 2:75, too: the date's reader refuses it)."""
    with_time = _DATE_TIME.fullmatch(text)
    if with_time is None:
        return text
    parts = with_time.groupdict()
    if parts["compact"]:
        clock = (parts["hh"], parts["mm"], parts["ss"])
    elif parts["hour"]:
        clock = (parts["hour"], parts["minute"], parts["second"])
    else:
        clock = (parts["hour_zh"], parts["minute_zh"], parts["second_zh"])
    hour, minute, second = (int(part or 0) for part in clock)
    if not real_time(hour, minute, second) or (parts["half"] and not 1 <= hour <= 12):
        return text
    return parts["day"] or parts["compact"]


def without_text_mark(text: str) -> str:
    """A value's cell without the apostrophe typed before it to keep a spreadsheet from
    reading it as a number or a date ('100, '2024-03-05, '13800138000: Excel's and WPS's
    mark of a text cell, which a CSV keeps as a character); two apostrophes (a ditto mark)
    and free text ('90后 in a note) are left as they are."""
    if "'" not in text[:2]:
        return text
    shown = text.lstrip()
    if shown.startswith("'") and not shown.startswith("''"):
        return shown[1:]
    return text


# A whole number written with a zero fraction (1990.0, 1.00): a number cell as a program
# writes it to a CSV (pandas, a float column), shown by a sheet as the whole number
_ZERO_FRACTION = re.compile(r"(\s*[+-]?[0-9]+)\.0+(\s*)")


def without_zero_fraction(text: str) -> str:
    """A number cell's text as a sheet shows it: 1990.0 as 1990 (a whole number written with
    a zero fraction; in full-width digits too, １９９０.０ as 1990); any other text, 1990.1
    among them, as it is."""
    whole = _ZERO_FRACTION.fullmatch(unicodedata.normalize("NFKC", text))
    return text if whole is None else whole[1] + whole[2]


def cell_date(text: str) -> date:
    """parse_date, also taking a spreadsheet's date-time (2024/3/8 14:30) as its date, and a
    number the way number_date reads one (a CSV has no cell types: 45356 there is what a
    number cell of 45356 is in a workbook); Excel's text mark before it ('2024-03-05) aside."""
    text = without_text_mark(text)
    day = without_time(text)
    # (a day written with - / 年 after its year, nearly every one, is no number: told without
    # the pattern; a point may be a number's: 2024.5)
    if day[4:5] not in _AFTER_YEAR and _NUMBER.fullmatch(day):
        return number_date(day, shown=text)
    return parse_date(day)


_AFTER_YEAR = frozenset("-/年")


# A date as English shops write it, its month and day in an order the cell does not say:
# 03/05/2024, 3/5/2024 10:12:01 AM (TikTok Shop US), 03/05/24 (Etsy: a year of this century)
SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
# eBay's orders report: Mar-05-24 (month named, then the day and the century's year)
_EBAY_DAY = re.compile(r"([A-Za-z]{3,9})-(\d{1,2})-(\d{4}|\d{2})")


def _full_year(year: str) -> int:
    """A shop's order year: 24 is 2024 (an order date of this century; a two-digit year is
    read so only in the shop forms above, never a birthday's)."""
    return int(year) + (2000 if len(year) == 2 else 0)


def order_date(text: str) -> date:
    """cell_date, and eBay's Mar-05-24: a purchase's date as shops write it. (A slashed date,
    03/05/2024, only as its column shows it: ordered_date.)"""
    ebay = _EBAY_DAY.fullmatch(without_time(without_text_mark(text).strip()))
    if ebay is None:
        unclear_slashed(text)
        return cell_date(text)
    month = named_month(ebay[1])
    if month is None:
        raise problem("date_format", value=text.strip())
    return calendar_day(text.strip(), _full_year(ebay[3]), month, int(ebay[2]))


def unclear_slashed(text: str) -> None:
    """Refuse a slashed date read on its own (its column shows no order: other shapes
    beside it) whose day and month could be either (03/04/2025), with both readings and how
    to write it; any other cell passes."""
    found = SLASHED.fullmatch(without_time(without_text_mark(text).strip()))
    if found is None:
        return
    first, second = int(found[1]), int(found[2])
    if first == second or not (1 <= first <= 12 and 1 <= second <= 12):
        return
    year = _full_year(found[3])
    raise problem(
        "date_unclear",
        value=text.strip(),
        first=first,
        second=second,
        month_first=date(year, first, second).isoformat(),
        day_first=date(year, second, first).isoformat(),
    )


def slashed_parts(text: str) -> tuple[int, int] | None:
    """The first two parts of a slashed date cell (03/05/2024 -> (3, 5)), its time aside;
    None for any other cell."""
    found = SLASHED.fullmatch(without_time(without_text_mark(text).strip()))
    return (int(found[1]), int(found[2])) if found else None


def ordered_date(month_first: bool) -> Callable[[str], date]:
    """cell_date, a slashed date (SLASHED) read month first (03/05/2024: 5 March, as the US
    writes it) or day first (3 May): the order a whole column shows (importing/date_order)."""

    def read(text: str) -> date:
        found = SLASHED.fullmatch(without_time(without_text_mark(text).strip()))
        if found is None:
            return order_date(text)
        first, second = int(found[1]), int(found[2])
        month, day = (first, second) if month_first else (second, first)
        return calendar_day(text.strip(), _full_year(found[3]), month, day)

    return read


# A number in a date column: digits, maybe a sign and a fraction (what a number cell's text
# is, sheet_cells.number_text), maybe padded; any digits (NFKC reads ４５３５６ as 45356).
_NUMBER = re.compile(r"\s*-?\d+(?:\.\d+)?\s*")


def number_date(text: str, shown: str | None = None) -> date:
    """A number in a date column (a number cell, or a cell of digits alone): yyyymmdd
    (20240305) when it is a real date, or an Excel day number of a day from 1930 to 2099
    (45356); any other number is refused by name, quoted as the seller typed it (`shown`:
    the cell, when `text` is its day part)."""
    written = unicodedata.normalize("NFKC", text).strip()
    if len(written) == 8 and written.isdigit():
        try:
            return parse_date(written)
        except PydanticCustomError as exc:
            if exc.type == "xb.date_missing_day":
                raise  # 20240231: no such date, said as for 2024-02-31
    else:
        day = serial_day(float(written))
        if day is not None:
            return day
    raise number_problem("date_number", (text if shown is None else shown).strip())


def number_problem(rule: str, written: str) -> PydanticCustomError:
    """The refusal of a number that is no date (rule.date_number, rule.birthday_number)."""
    first, last = (day.isoformat() for day in SERIAL_DAYS)
    return problem(rule, value=written, low=FIRST_SERIAL, high=LAST_SERIAL, first=first, last=last)


def is_number(text: str) -> bool:
    """Whether a cell is a number alone (12, -3, 45356.75), as number_date reads one."""
    return _NUMBER.fullmatch(text) is not None


def cell_cents(text: str) -> int:
    """to_cents(parse_money(text)), with a plain 199 or 199.5 read without Decimal; an amount
    in another currency than yuan ($100, 100美元) refused (see foreign_currency)."""
    plain = _PLAIN_MONEY.fullmatch(text)
    if plain:  # the common case, without Decimal: same rules as parse_money
        whole, fraction = plain.groups()
        return int(whole) * 100 + (int(fraction.ljust(2, "0")) if fraction else 0)
    if foreign_currency(text):
        raise problem("money_foreign", value=text.strip())
    marked = without_text_mark(text)
    if marked is not text:  # '199: Excel's text mark before it
        return cell_cents(marked)
    try:
        return to_cents(parse_money(text))
    except PydanticCustomError as exc:
        if exc.type == "xb.money_negative":
            # a return written as a negative row (-99, (50.00)): say where it goes instead
            raise problem("money_negative_row", **(exc.context or {})) from None
        raise


# A column of plain amounts, one per line: 199, 199.5, 1084.11 (what cell_cents reads without
# Decimal), checked in one C-speed match over the column's text.
_PLAIN_MONEY_LINES = re.compile(r"(?:\d{1,11}(?:\.\d{1,2})?\n)*", re.ASCII)
_HUNDRED = 100.0


def cents_column(texts: Sequence[str]) -> list[int] | None:
    """cell_cents of each text, at C speed, when every one is a plain amount (a million rows
    of an order export: 150,000 distinct amounts, too many to remember); None if any is not
    (a blank, ¥, a comma: each is read by cell_cents, or refused by name).

    float is exact enough: a plain amount has at most 13 digits, so its double is within
    1e-5 of it and a hundred times it within 0.002 of the whole number of cents it stands for.
    """
    if not texts or not _PLAIN_MONEY_LINES.fullmatch("\n".join(texts) + "\n"):
        return None
    return list(map(round, map(_HUNDRED.__mul__, map(float, texts))))


# What clean_text and refuse_controls change or refuse: a control character (line breaks
# aside), a carriage return, an invisible, a full-width or no-break space.
_NOT_PLAIN = re.compile(rf"{CONTROL.pattern}|[\r\u3000\xa0]|{INVISIBLES.pattern}")


def plain_column(texts: Sequence[str], limit: int) -> bool:
    """Whether text_within(limit) gives each of `texts` back as it is (no padding, nothing
    to clean, nothing to refuse, none too long): one search of them all (a column of
    100,000 order numbers, each different)."""
    return (
        bool(texts)
        and max(map(len, texts)) <= limit
        and not any(map(str.__ne__, map(str.strip, texts), texts))
        and not _NOT_PLAIN.search("".join(texts))
    )


# A count of items: digits, or digits grouped in threes by commas (1,000), maybe with .0
# (a spreadsheet's 2.0); not 1,5 or 1e3, which would be read as 15 and 1000.
_QUANTITY = re.compile(r"-?(?:\d+|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?", re.ASCII)


# A whole count with its measure word or its times sign, as ledgers write it: 2件, 3 盒,
# x2, ×2, 2 pcs (NFKC: ｘ is x; × stays ×).
_COUNTED = re.compile(
    r"(?P<count>\d+|[1-9]\d{0,2}(?:,\d{3})+)\s*"
    r"(?:[件个盒瓶支只套包袋箱份双条张台本斤罐片粒次对枚组桶提]|pcs|pc|pieces?)"
    r"|[x×]\s*(?P<times>\d+|[1-9]\d{0,2}(?:,\d{3})+)",
    re.IGNORECASE,
)


def cell_quantity(text: str) -> int:
    """A whole number of items, 0 to a million (1,000 and 2.0 too; 2件, x2 and 2 pcs as 2;
    '2 with Excel's text mark)."""
    written = without_text_mark(unicodedata.normalize("NFKC", text).strip())
    if not _QUANTITY.fullmatch(written):
        counted = _COUNTED.fullmatch(written)
        if counted is None:
            raise problem("whole_number", value=text)
        written = counted["count"] or counted["times"]
    number = Decimal(written.replace(",", ""))
    if number != number.to_integral_value():
        raise problem("whole_number", value=text)
    if number < 0:
        raise problem("at_least", low=0, value=text)
    if number > 1_000_000:
        raise problem("at_most", high=1_000_000, value=text)
    return int(number)


def text_within(limit: int) -> Callable[[str], str]:
    """A parser of free text: clean_text, refused when longer than `limit` characters or
    holding a control character (models.customer's limits: CODE_MAX, SHORT_MAX, LONG_MAX)."""

    def checked(text: str) -> str:
        cleaned: str = clean_text(plain_text(text))
        if len(cleaned) > limit:
            raise problem("too_long", max=limit)
        return cleaned

    return checked


def plain_text(text: str) -> str:
    """The text itself, Word's vertical tab (Shift+Enter) and form feed written as the line
    breaks they are (in text pasted from Word into a cell); a problem if it holds another
    control character (a damaged file's bytes)."""
    return refuse_controls(word_line_breaks(text))


def _mainland_mobile() -> re.Pattern[str]:
    """libphonenumber's pattern of a mainland mobile's 11 digits (it has one for CN)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    pattern = metadata.mobile.national_number_pattern if metadata and metadata.mobile else None
    if not pattern:
        raise LookupError("phonenumbers has no mainland mobile pattern")
    return re.compile(pattern)


_CN_MOBILE = _mainland_mobile()


def cell_phone(text: str) -> str:
    """normalise_phone, with the common mainland mobile (13812345678) recognised quickly."""
    national = text.removeprefix("+86")
    if len(national) == 11 and national.isascii() and _CN_MOBILE.fullmatch(national):
        return "+86" + national  # a mobile number is a valid number: what normalise_phone says
    return normalise_phone(text)


# An age in a 年龄 column: 35, 28岁, 30周岁, a number cell's 42.0; negative or with a fraction
# too, so that the age rule (not the bands') refuses it.
_AGE = re.compile(r"(?P<years>-?\d+(?:\.\d+)?)\s*(?:周岁|岁)?")
AGE_MAX = 120


def age_band_cell(text: str) -> object:
    """An age band cell: an age in whole years (0–120, 岁 or 周岁 after it or not) is its band
    (35 -> AgeBand.B35_44); an age outside them is refused by the age rule; other text
    (a band's label) as it is, for AgeBand.coerce."""
    shown = unicodedata.normalize("NFKC", text).strip()
    found = _AGE.fullmatch(shown)
    if found is None:
        return text
    years = Decimal(found["years"])
    if years != years.to_integral_value() or not 0 <= years <= AGE_MAX:
        raise problem("age_years", value=text.strip(), most=AGE_MAX)
    return AgeBand.of_age(int(years))


_YES = {"是", "对", "有", "√", "✓", "✔", "yes", "y", "true", "t", "1", "企业", "on"}
_NO = {"否", "不是", "无", "没有", "×", "✗", "no", "n", "false", "f", "0", "个人", "off"}


def yes_no(text: str) -> bool:
    """是/否, yes/no, √/×, 1/0, 企业/个人 … as a bool; a problem for anything else."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise problem("yes_no", value=text)
