"""Spreadsheet cells as the text a seller typed: numbers without ".0" or exponents, dates as ISO.

Pure conversions of the values a workbook library hands over; no files, no SQLite. The
importer's parsers read text, so every cell becomes text here, with its kind kept beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Literal

from xiaoben.store.exporting.cells import FORMULA_STARTS, GUARD

CellKind = Literal["blank", "text", "number", "date", "bool"]
CellValue = int | float | str | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

# Excel's 1900 date system: serial 1 is 1900-01-01, and 60 is the 1900-02-29 that never was
# (kept from Lotus 1-2-3), so serials above it count from 1899-12-30. 2958465 is 9999-12-31.
_EPOCH = dt.date(1899, 12, 30)
_EARLY_EPOCH = dt.date(1899, 12, 31)
_LAST_SERIAL = 2_958_465


# Our exports guard text cells a spreadsheet could run as a formula by a leading ' (OWASP
# CSV injection, exporting.cells.formula_safe); every reader takes the guard off here.
_GUARDED = tuple(GUARD + start for start in FORMULA_STARTS)
_EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)  # ="00042": Excel's way to keep leading zeros


def unguard(text: str) -> str:
    """A text cell as the seller typed it: '=1+1 -> =1+1 (our exports' formula guard),
    ="00042" -> 00042; any other text unchanged."""
    if text.startswith(_GUARDED):
        return text[1:]
    if text.startswith('="'):
        match = _EXCEL_TEXT.fullmatch(text)
        if match:
            return match.group(1).strip()
    return text


def number_text(value: int | float) -> str:
    """A number as typed: 13800138000 (not 1.38e10 or 13800138000.0), 12.5, 0.0000001.

    Excel keeps 15 significant digits, so a float is shown rounded to them (0.1 + 0.2 -> 0.3).
    """
    if isinstance(value, int):
        return str(value)
    if value.is_integer():  # the common case first: phones, codes, whole amounts
        return str(int(value))
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)  # no workbook stores these; shown rather than hidden
    shortest = repr(value)  # 12.5: the shortest text that reads back as the value
    if "e" not in shortest:
        digits = shortest.lstrip("-0.")  # only digits and the point are left
        if len(digits) - digits.count(".") <= 15:
            return shortest  # within Excel's 15 digits, rounding to them changes nothing
    exact = Decimal(format(value, ".15g"))
    text = format(exact, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def serial_date(value: float) -> dt.date | None:
    """The date an Excel serial number stands for (45356 -> 2024-03-05); None if none does."""
    if not 1 <= value <= _LAST_SERIAL:
        return None
    days = int(value)
    if days == 60:
        return None
    if days < 60:
        return _EARLY_EPOCH + dt.timedelta(days=days)
    return _EPOCH + dt.timedelta(days=days)


def cell_text(value: CellValue) -> tuple[str, CellKind]:
    """The text of a cell and what kind of cell held it."""
    if value is None:
        return "", "blank"
    if isinstance(value, str):
        text = unguard(value.strip())
        return text, ("text" if text else "blank")
    if isinstance(value, bool):  # before int: a bool is an int to Python
        return ("true" if value else "false"), "bool"
    if isinstance(value, int | float):
        return number_text(value), "number"
    if isinstance(value, dt.datetime):
        return _date_time_text(value), "date"
    if isinstance(value, dt.date):
        return value.isoformat(), "date"
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes"), "text"
    return str(value), "text"  # a duration (timedelta): rare, kept readable


def _date_time_text(value: dt.datetime) -> str:
    """2024-03-05 for a date cell at midnight, else 2024-03-05 14:30 (the importer takes both)."""
    if value.time() == dt.time():
        return value.date().isoformat()
    spec = "seconds" if value.second else "minutes"
    return f"{value.date().isoformat()} {value.time().isoformat(timespec=spec)}"
