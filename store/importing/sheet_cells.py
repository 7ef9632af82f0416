"""Spreadsheet cells as the text a seller typed: numbers without ".0" or exponents, dates as ISO.

Pure conversions of the values a workbook library hands over; no files, no SQLite. The
importer's parsers read text, so every cell becomes text here, with its kind kept beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import compress
from typing import Literal

from xiaoben.models.days import serial_day
from xiaoben.store.exporting.cells import FORMULA_STARTS, GUARD
from xiaoben.store.importing.bulk import MEMO_LIMIT, positions_of

CellKind = Literal["blank", "text", "number", "date", "bool"]
CellValue = int | float | str | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None


# Our exports guard text cells a spreadsheet could run as a formula by a leading ' (OWASP
# CSV injection, exporting.cells.formula_safe); every reader takes the guard off here.
_GUARDED = tuple(GUARD + start for start in FORMULA_STARTS)
_EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)  # ="00042": Excel's way to keep leading zeros


def unguard(text: str) -> str:
    """A text cell as the seller typed it: '=1+1 -> =1+1 (our exports' formula guard),
    ="00042" -> 00042; any other text unchanged. A guard after leading white space (a quoted
    cell's first line break, which the CSV reader's padding check does not see) is the
    cell's guard all the same: the cell is read stripped."""
    if text[:1].isspace():
        stripped = text.lstrip()
        if stripped.startswith((*_GUARDED, '="')):
            text = stripped
    if text.startswith(_GUARDED):
        return text[1:]
    if text.startswith('="'):
        match = _EXCEL_TEXT.fullmatch(text)
        if match:
            return match.group(1).strip()
    return text


# Whole numbers below this have at most 15 digits: Python's text of one is what Excel shows.
# Above it a float's own digits go past the 15 Excel keeps (4.40106199001011e17 is stored
# as 440106199001011008): it is shown, as Excel shows it, 440106199001011000.
_SHOWN_WHOLE = 1e15


def number_text(value: int | float) -> str:
    """A number as typed: 13800138000 (not 1.38e10 or 13800138000.0), 12.5, 0.0000001.

    Excel keeps 15 significant digits, so a float is shown rounded to them (0.1 + 0.2 -> 0.3).
    """
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and -_SHOWN_WHOLE < value < _SHOWN_WHOLE:
        return str(int(value))  # the common case first: phones, codes, whole amounts
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)  # no workbook stores these; shown rather than hidden
    shortest = repr(value)  # 12.5: the shortest text that reads back as the value
    if len(shortest) <= 16 and "e" not in shortest:
        return shortest  # a point and at most 15 digits (most amounts): as below, at once
    if "e" not in shortest:
        digits = shortest.lstrip("-0.")  # only digits and the point are left
        if len(digits) - digits.count(".") <= 15:
            return shortest  # within Excel's 15 digits, rounding to them changes nothing
    exact = Decimal(format(value, ".15g"))
    text = format(exact, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class RoundedAmounts:
    """The number cells of an amount column with more than two decimals, rounded to cents as
    they were read: a formula's result (=A2*0.8 -> 51.744, which Excel shows as 51.74) is an
    amount of whole 分 only once rounded, half up as 人民币 amounts are. A text cell of
    51.744 is what the seller typed, and is refused by name (the rule of an amount)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], tuple[str, str]] = {}  # (line, column) -> before, after

    def add(self, line: int, column: int, shown: str, rounded: str) -> None:
        self.cells[line, column] = (shown, rounded)

    def __len__(self) -> int:
        return len(self.cells)

    def first(self) -> tuple[int, str, str]:
        """(line, as computed, as rounded) of the first rounded cell."""
        (line, _), (shown, rounded) = min(self.cells.items())
        return line, shown, rounded


_CENT = Decimal("0.01")
_THIRD_DECIMAL = re.compile(r"\.\d{3}")


def cents_text(text: str) -> str:
    """A number's text rounded half up to cents: 51.744 -> 51.74, 51.745 -> 51.75."""
    return str(Decimal(text).quantize(_CENT, rounding=ROUND_HALF_UP))


def _past_cents(value: CellValue, text: str) -> bool:
    """Whether a cell is a number whose text has more than two decimals (51.744)."""
    if type(value) is not float:
        return False
    dot = text.find(".")
    return dot >= 0 and len(text) - dot > 3 and "e" not in text


def serial_date(value: float, date1904: bool = False) -> dt.date | None:
    """The date a number cell in a date column stands for as Excel's day number (45356 ->
    2024-03-05), of a day from 1930 to 2099 only (models.days.serial_day says why), in the
    workbook's date system (`date1904`: Excel for Mac's); None for any other number (2024,
    240305, 20240305: its text is read by cell_date)."""
    return serial_day(value, date1904)


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


# ---------------------------------------------------------------------------------------------
# A batch of a sheet's rows, converted a column at a time

_GUARDS = ("'", "=")  # the first characters of the text unguard may change
# Cells no two kinds of which are equal (a date is never equal to a datetime): one text
# per distinct value. Not numbers: 1 == 1.0 == True, and 0.0 == -0.0.
_MOMENT_KINDS = frozenset({str, dt.date, dt.datetime, dt.time, dt.timedelta, type(None)})
NUMBER_TYPES = frozenset({int, float})  # not bool: True is a yes, not the number 1
Positions = array  # of int ("l"): positions of rows (in the table's rows) with a number cell


class SheetCells:
    """Turns batches of a sheet's rows (values as the workbook library hands them over) into
    rows of text cells as wide as the header, and notes which rows held a number cell in
    each column (a code typed as a number may have lost its zeros).

    Written for 100,000 rows: a column of text cells, or of number and blank cells, is
    converted in C loops (a number's text is remembered by its value); only other columns
    (date cells, mixed kinds) go cell by cell. `date_columns` hold dates, where a number
    cell is an Excel serial date (`date1904`: in Excel for Mac's date system).
    """

    def __init__(
        self,
        width: int,
        date_columns: set[int],
        money_columns: set[int] = frozenset(),  # type: ignore[assignment]  # read-only default
        rounded: RoundedAmounts | None = None,
        date1904: bool = False,
    ) -> None:
        self.width = width
        self.date_columns = date_columns
        self.date1904 = date1904
        self.money_columns = money_columns  # their number cells are rounded to cents
        self.rounded = RoundedAmounts() if rounded is None else rounded
        self.number_texts: dict[object, str] = {"": ""}  # a blank cell is its own text
        self.done = 0  # rows converted so far: where the next batch's positions start

    def rows(
        self,
        batch: list[tuple[int, Sequence[CellValue]]],
        numbers: dict[int, Positions] | None = None,
    ) -> list[tuple[int, list[str]]]:
        """The batch's rows as (row number, text cells); each number cell's row position is
        added to `numbers` (if given) under its column."""
        start, self.done = self.done, self.done + len(batch)
        if not batch:
            return []
        lines = [number for number, _ in batch]
        values = [row for _, row in batch]
        widths = set(map(len, values))
        if len(widths) > 1:  # calamine gives rows as wide as the sheet: not expected
            longest = max(widths)
            values = [[*row, *[""] * (longest - len(row))] for row in values]
        columns = list(zip(*values, strict=True))
        texts = [self.column(index, column, start, numbers) for index, column in enumerate(columns)]
        for index in self.money_columns:  # one C-speed search a column: most have none
            if index < len(texts) and _THIRD_DECIMAL.search("\n".join(texts[index])):
                self.round_cents(index, columns[index], texts[index], lines)
        return list(zip(lines, self.fitted(texts, len(lines)), strict=True))

    def round_cents(
        self, index: int, values: Sequence[CellValue], texts: list[str], lines: list[int]
    ) -> None:
        """Each number cell of an amount column past cents, rounded (RoundedAmounts)."""
        for position, (value, text) in enumerate(zip(values, texts, strict=True)):
            if _past_cents(value, text):
                texts[position] = cents_text(text)
                self.rounded.add(lines[position], index, text, texts[position])

    def fitted(self, texts: list[list[str]], count: int) -> list[list[str]]:
        """`count` rows from the columns' texts, as wide as the header: shorter ones padded,
        the empty cells past it left out (a cell with text past the header stays)."""
        width = self.width
        while len(texts) > width and not any(texts[-1]):
            texts.pop()  # a column past the header that is empty in this batch
        if not texts:
            return [[""] * width for _ in range(count)]
        rows = list(map(list, zip(*texts, strict=True)))
        if len(texts) < width:
            padding = [""] * (width - len(texts))
            for cells in rows:
                cells += padding
        elif len(texts) > width:
            for cells in rows:
                while len(cells) > width and not cells[-1]:
                    cells.pop()
        return rows

    def column(
        self,
        index: int,
        values: tuple[CellValue, ...],
        start: int,
        numbers: dict[int, Positions] | None,
    ) -> list[str]:
        kinds = set(map(type, values))
        if kinds == {str}:
            return _text_column(values)  # type: ignore[arg-type]  # all str, as checked
        if kinds <= _MOMENT_KINDS:  # date cells (and text): days repeat, each read once
            texts_of = {value: self.cell(value, index)[0] for value in set(values)}
            return list(map(texts_of.__getitem__, values))
        if index not in self.date_columns and kinds <= {str, int, float}:
            return self.number_column(index, values, kinds, start, numbers)
        texts: list[str] = []
        for position, value in enumerate(values, start):
            text, kind = self.cell(value, index)
            if kind == "number" and numbers is not None:
                numbers.setdefault(index, array("l")).append(position)
            texts.append(text)
        return texts

    def number_column(
        self,
        index: int,
        values: tuple[CellValue, ...],
        kinds: set[type],
        start: int,
        numbers: dict[int, Positions] | None,
    ) -> list[str]:
        """A column of number and text cells outside the date columns (phones, amounts)."""
        texts: list[str | None] | None = None
        if str not in kinds:
            texts = _number_column(values)  # type: ignore[arg-type]  # numbers, as checked
        if texts is None:
            memo = self.number_texts
            texts = list(map(memo.get, values))
            self.fill_numbers(values, texts)
        if numbers is not None:
            found = numbers.setdefault(index, array("l"))
            if str in kinds:
                is_number = map(NUMBER_TYPES.__contains__, map(type, values))  # the others: str
                found.extend(compress(range(start, start + len(values)), is_number))
            else:
                found.extend(range(start, start + len(values)))
            if not found:
                del numbers[index]
        return texts  # type: ignore[return-value]  # every None was filled

    def fill_numbers(self, values: tuple[CellValue, ...], texts: list[str | None]) -> None:
        """The texts of the cells not remembered yet (None in `texts`), remembered."""
        memo = self.number_texts
        for position in positions_of(texts, None):  # the cells met for the first time
            value = values[position]
            if type(value) is str:
                texts[position] = _text_column((value,))[0]
                continue
            text = texts[position] = number_text(value)  # type: ignore[arg-type]  # a number
            if len(memo) < MEMO_LIMIT:
                memo[value] = text

    def cell(self, value: CellValue, index: int) -> tuple[str, CellKind]:
        """One cell's text and kind; a number in a date column that is a serial date is a date."""
        if type(value) in NUMBER_TYPES and index in self.date_columns:
            day = serial_date(value, self.date1904)  # type: ignore[arg-type]  # a number
            if day is not None:
                return day.isoformat(), "date"
        return cell_text(value)


def _number_column(values: tuple[int | float, ...]) -> list[str | None] | None:
    """number_text of each number at C speed where Python's own text of it is the same (no
    exponent, at most 15 digits and a point; 13800138000.0 less its ".0"); None if a cell
    needs number_text's care."""
    texts = list(map(repr, values))
    joined = "\n".join(texts) + "\n"
    if "e" in joined or "-0.0\n" in joined or max(map(len, texts), default=0) > 16:
        return None
    return [text[:-2] if text[-2:] == ".0" else text for text in texts]


def _text_column(values: tuple[str, ...]) -> list[str]:
    """Text cells, stripped and unguarded (most columns: no cell starts with a guard)."""
    texts = list(map(str.strip, values))
    joined = "\n" + "\n".join(texts)  # a guard starts a cell only after a line break here
    if "\n'" in joined or "\n=" in joined:
        return [unguard(text) if text[:1] in _GUARDS else text for text in texts]
    return texts
