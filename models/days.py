"""Calendar days as the seller writes them. A leaf beside models/values.py (which keeps
the validators): a command that only reads a day (`--as-of`) loads no validation library."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from xiaoben.models.errors import problem

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: Any) -> date:
    """A real calendar date from a date or text (2024-03-08, 2024/3/8, 20240308, 2024年3月8日)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
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
