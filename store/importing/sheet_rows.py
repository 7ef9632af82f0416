"""A sheet's data rows under its header as text cells, converted from the workbook's cells a
batch at a time each time they are gone through (sheet_cells.SheetCells).

The workbook library holds the sheet's cells once; a large sheet is never held a second
time as Python rows (100,000 rows of text cells are some 80 MB). No SQLite.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from itertools import dropwhile, islice
from operator import itemgetter

from python_calamine import CalamineSheet

from xiaoben.store.importing.bulk import without_gc
from xiaoben.store.importing.csv_table import BATCH_ROWS, Batch, FileRows, Row
from xiaoben.store.importing.sheet_cells import (
    NUMBER_TYPES,
    CellValue,
    Positions,
    SheetCells,
    serial_date,
)


def iter_cells(sheet: CalamineSheet) -> Iterator[tuple[int, Sequence[CellValue]]]:
    """(row number as the spreadsheet shows it, the row's values) for each non-blank row.

    calamine's iterator starts at the sheet's first row (blank rows above the data come as
    empty lists), so the n-th row is row n; it cannot iterate a sheet with no cells at all.
    """
    if sheet.start is None:
        return
    for number, values in enumerate(sheet.iter_rows(), 1):
        # C loops over 100k rows; None is not in calamine's stub, kept out all the same
        if values.count("") + values.count(None) < len(values):  # type: ignore[arg-type]
            yield number, values


class SheetRows(FileRows):
    """The rows under the header of a sheet, read from the workbook's cells each time they
    are gone through. A FileRows for everything that reads rows (batches for the importer;
    indexing, len() and iteration for previews and small sheets), of a sheet, not a text
    file: only batches() is its own."""

    def __init__(
        self, sheet: CalamineSheet, header: list[str], header_line: int, date_columns: set[int]
    ) -> None:
        # Not FileRows.__init__: there is no text file to read.
        self.sheet = sheet
        self.header = header
        self.header_line = header_line
        self.date_columns = date_columns
        self._count: int | None = None
        self._refused = ()
        end = sheet.end
        self.total = max((end[0] + 1 if end else 0) - header_line, 0)  # rows under the header

    def data(self) -> Iterator[tuple[int, Sequence[CellValue]]]:
        """The non-blank rows under the header, as the workbook library gives them."""
        return dropwhile(lambda row: row[0] <= self.header_line, iter_cells(self.sheet))

    def batches(self, size: int | None = None) -> Iterator[Batch]:
        size = size or BATCH_ROWS
        cells = SheetCells(len(self.header), self.date_columns)
        data = self.data()
        chunk = list(islice(data, size))
        while chunk:
            following = list(islice(data, size))
            done = chunk[-1][0] - self.header_line if following else self.total
            yield Batch(cells.rows(chunk), (), done, self.total)
            chunk = following
        if not cells.done:
            yield Batch([], (), self.total, self.total)

    def read(self, numbers: dict[int, Positions]) -> list[Row]:
        """Every row at once (a small sheet), each number cell's position into `numbers`."""
        cells = SheetCells(len(self.header), self.date_columns)
        with without_gc():  # many small lists, no cycles among them
            return cells.rows(list(self.data()), numbers)

    def number_rows(self, column: int) -> Positions:
        """The positions of the rows whose cell in `column` is a number cell (in a date
        column, a number that is no serial date), as SheetCells notes them."""
        positions = array("l")
        if not self.may_hold_numbers(column):
            return positions  # most columns: no number cell, told at C speed
        dates = column in self.date_columns
        for position, (_, values) in enumerate(self.data()):
            value = values[column] if column < len(values) else ""
            if type(value) not in NUMBER_TYPES:
                continue
            if not dates or serial_date(value) is None:  # type: ignore[arg-type]  # a number
                positions.append(position)
        return positions

    def may_hold_numbers(self, column: int) -> bool:
        """False when no cell under the header in `column` is a number (calamine's rows
        there are as wide as the sheet, so a column is read without a loop in Python)."""
        under = islice(self.sheet.iter_rows(), self.header_line, None)
        try:
            kinds = set(map(type, map(itemgetter(column), under)))
        except IndexError:  # a row narrower than the sheet after all: the loop will say
            return True
        return bool(NUMBER_TYPES & kinds)


class SheetNumbers(Mapping[int, Sequence[int]]):
    """ImportTable.numbers of a sheet read lazily: a column's number cells are looked for
    when that column is asked about (one pass over the sheet's cells), then kept."""

    def __init__(self, rows: SheetRows) -> None:
        self.rows = rows
        self.found: dict[int, Positions] = {}

    def __getitem__(self, column: int) -> Sequence[int]:
        if column not in self.found:
            self.found[column] = self.rows.number_rows(column)
        positions = self.found[column]
        if not positions:
            raise KeyError(column)  # as the dict of a small sheet: no number cell, no entry
        return positions

    def __iter__(self) -> Iterator[int]:
        return (column for column in range(self.rows.sheet.width) if column in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)
