"""A sheet's data rows under its header as text cells, converted from the workbook's cells a
batch at a time each time they are gone through (sheet_cells.SheetCells).

The workbook library holds the sheet's cells once; a large sheet is never held a second
time as Python rows (100,000 rows of text cells are some 80 MB). No SQLite.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import compress, dropwhile, islice, tee
from operator import itemgetter, not_

from python_calamine import CalamineSheet

from xiaoben.store.importing.bulk import without_gc
from xiaoben.store.importing.csv_table import BATCH_ROWS, Batch, FileRows, Row
from xiaoben.store.importing.sheet_cells import (
    NUMBER_TYPES,
    CellValue,
    Positions,
    RoundedAmounts,
    SheetCells,
    serial_date,
)


def iter_cells(sheet: CalamineSheet) -> Iterator[tuple[int, Sequence[CellValue]]]:
    """(row number as the spreadsheet shows it, the row's values) for each non-blank row.

    calamine's iterator starts at the sheet's first row (blank rows above the data come as
    empty lists), so the n-th row is row n; it cannot iterate a sheet with no cells at all.
    """
    if sheet.start is None:
        return iter(())
    numbered, looked_at = tee(sheet.iter_rows())
    return compress(enumerate(numbered, 1), map(not_, map(looks_blank, looked_at)))


_BLANK_CELLS: frozenset[CellValue] = frozenset({"", None})


def looks_blank(values: Sequence[CellValue]) -> bool:
    """Whether a row holds nothing but blank cells and whitespace (a space, the full-width
    space an IME leaves, a tab, a no-break space): blank to the eye, and to the CSV reader,
    which strips its cells. A row with data says so at its first cell, most often."""
    if _BLANK_CELLS.issuperset(values):  # C loops over 100k rows (None: kept out all the same)
        return True
    for value in values:
        if type(value) is str:
            if value and not value.isspace():
                return False
        elif value is not None:
            return False
    return True


# row where a merged cell starts -> [(column index in a row's values, its last row)]
MergedDown = dict[int, list[tuple[int, int]]]


Boxes = Sequence[tuple[tuple[int, int], tuple[int, int]]]  # ((top, left), (bottom, right))


def merged_boxes(sheet: CalamineSheet, found: Boxes | None = None) -> Boxes:
    """The sheet's merged cells, 0-based: calamine's (.xlsx, .xls), or those ods_scan
    `found` in an .ods's XML (calamine tells none for it)."""
    return sheet.merged_cell_ranges or found or ()


def merged_down(sheet: CalamineSheet, header_line: int, found: Boxes | None = None) -> MergedDown:
    """The cells merged over more than one row under the header (a 客户 cell over the rows
    of the items of one order), by their first row; columns as in a row's values (calamine's
    rows start at the sheet's first column). `found`: an .ods's (merged_boxes)."""
    merged: MergedDown = {}
    first_column = sheet.start[1] if sheet.start else 0
    for (top, left), (bottom, _) in merged_boxes(sheet, found):
        if bottom > top and top + 1 > header_line and left >= first_column:
            merged.setdefault(top + 1, []).append((left - first_column, bottom + 1))
    return merged


# column (in a row's values) -> the (first, last) rows of each cell merged down it
MergedSpans = dict[int, list[tuple[int, int]]]


def merged_spans(merged: MergedDown) -> MergedSpans:
    """The cells merged over more than one row under the header, by column: an amount merged
    over the item rows of one order is that order's, once (orders.py)."""
    spans: MergedSpans = {}
    for first, merges in sorted(merged.items()):
        for column, last in merges:
            spans.setdefault(column, []).append((first, last))
    return spans


def merged_across(
    sheet: CalamineSheet, header_line: int, header: list[str], found: Boxes | None = None
) -> list[str]:
    """The header, each blank cell under a header cell merged across columns (手机 over a
    main and a spare number) named as it: every column it spans is that field's (a second
    phone, notes joined; one field named twice is refused as any such header is), never a
    column without a name left out. Only merges on the header's own row: a group cell over
    a two-row header (收货信息 over 收货人 | 手机) names none. `found`: an .ods's
    (merged_boxes)."""
    first_column = sheet.start[1] if sheet.start else 0
    return named_across(header_line, header, merged_boxes(sheet, found), first_column)


def named_across(header_line: int, header: list[str], boxes: Boxes, first_column: int) -> list[str]:
    """merged_across of a header whose cells start at `first_column` (0-based), the sheet's
    merged cells `boxes`."""
    named = list(header)
    for (top, left), (bottom, right) in boxes:
        if right == left or not top + 1 <= header_line <= bottom + 1 or left < first_column:
            continue
        start, end = left - first_column, right - first_column
        text = named[start] if start < len(named) else ""
        if not text:
            continue
        named += [""] * (end + 1 - len(named))
        for at in range(start + 1, end + 1):
            named[at] = named[at] or text
    return named


def sub_header(
    header_line: int,
    header: list[str],
    lower: tuple[int, list[str]],
    boxes: Boxes,
    first_column: int,
) -> list[str] | None:
    """The header with the row right under it, where that row's cells all sit under the
    header's cells merged across columns (消费 merged over 2022年 | 2023年, beside 姓名 and
    电话 merged down both rows): each of those columns named by both (消费 2022年), the
    others as the header names them. None where the row under is not so: a cell outside
    such a group (a customer's name: a row of data), a group not filled across, a number
    (13800138000), or words under the group where no header cell is merged down over both
    rows and they name no period (2022年, 1月): a row of remarks under 备注 merged across.
    `header` as merged_across names it, `boxes` the sheet's merged cells (0-based)."""
    line, cells = lower
    if line != header_line + 1:
        return None
    spans = [
        (left - first_column, right - first_column)
        for (top, left), (_, right) in boxes
        if right > left and top + 1 == header_line and left >= first_column
    ]
    filled = {at for at, cell in enumerate(cells) if cell.strip()}
    under = {at for start, end in spans for at in range(start, end + 1)}
    if not filled or not filled <= under:
        return None
    if not any(all(at in filled for at in range(start, end + 1)) for start, end in spans):
        return None  # no group's columns all named
    if any(sum(char.isdigit() for char in cells[at]) >= _DATA_DIGITS for at in filled):
        return None  # a phone, an order number: data
    merged_down = any(
        bottom + 1 >= line and top + 1 == header_line and right == left
        for (top, left), (bottom, right) in boxes
    )
    if not merged_down and not all(any(map(str.isdigit, cells[at])) for at in filled):
        return None  # neither names merged down both rows, nor periods (2022年, 1月): data
    named = [*header, *[""] * (len(cells) - len(header))]
    for at in sorted(filled):
        named[at] = f"{named[at]} {cells[at].strip()}".strip()
    return named


_DATA_DIGITS = 7  # a cell with as many digits is a value (a phone), not a column's name


def filled_down(
    rows: Iterator[tuple[int, Sequence[CellValue]]], merged: MergedDown
) -> Iterator[tuple[int, Sequence[CellValue]]]:
    """The rows, each blank cell under a merged cell holding its value (only the first
    column of a merge across columns: the others are no field of it)."""
    open_merges: list[tuple[int, int, CellValue]] = []  # (column, last row, value)
    for number, values in rows:
        if number in merged:
            open_merges += [
                (column, last, values[column] if column < len(values) else "")
                for column, last in merged[number]
            ]
        if open_merges:
            open_merges = [merge for merge in open_merges if merge[1] >= number]
            filled = list(values)
            for column, _, value in open_merges:
                if column < len(filled) and filled[column] in _BLANK_CELLS:
                    filled[column] = value
            values = filled
        yield number, values


def with_texts(
    rows: Iterator[tuple[int, Sequence[CellValue]]], texts: Mapping[int, Mapping[int, str]]
) -> Iterator[tuple[int, Sequence[CellValue]]]:
    """The rows, each cell of `texts` (row -> column -> text) holding its text."""
    for number, values in rows:
        found = texts.get(number)
        if found:
            values = list(values)
            for column, text in found.items():
                if column < len(values):
                    values[column] = text
        yield number, values


class SheetRows(FileRows):
    """The rows under the header of a sheet, read from the workbook's cells each time they
    are gone through. A FileRows for everything that reads rows (batches for the importer;
    indexing, len() and iteration for previews and small sheets), of a sheet, not a text
    file: only batches() is its own."""

    def __init__(
        self,
        sheet: CalamineSheet,
        header: list[str],
        header_line: int,
        date_columns: set[int],
        money_columns: set[int] = frozenset(),  # type: ignore[assignment]  # read-only default
        texts: Mapping[int, Mapping[int, str]] | None = None,
        date1904: bool = False,
        merged: Boxes | None = None,  # an .ods's merged cells (merged_boxes)
    ) -> None:
        # Not FileRows.__init__: there is no text file to read.
        self._sheet: CalamineSheet | None = sheet
        self._reopen: Callable[[], CalamineSheet] | None = None  # see reopen_with()
        self.header = header
        self.header_line = header_line
        self.date_columns = date_columns
        self.date1904 = date1904  # the workbook's day numbers are Excel for Mac's
        self.money_columns = money_columns
        self.rounded = RoundedAmounts()  # the amounts rounded to cents as the rows were read
        self._count: int | None = None
        self._refused = ()
        self._numbers: tuple[dict[int, Positions], dict[int, Positions]] | None = None
        end = sheet.end
        self.total = max((end[0] + 1 if end else 0) - header_line, 0)  # rows under the header
        self.merged = merged_down(sheet, header_line, merged)
        # row -> column (in a row's values) -> the cell's text, where the workbook library
        # reads it short (an .ods cell's line breaks and tabs: ods_scan.cell_text)
        self.texts = texts or {}

    @property
    def sheet(self) -> CalamineSheet:
        """The workbook library's cells of the sheet; read from the file again if they were
        let go of (`reopen`: BookError if the file is no longer the one read)."""
        if self._sheet is None:
            assert self._reopen is not None  # let_go() lets go only where it can read again
            self._sheet = self._reopen()
        return self._sheet

    def reopen_with(self, reopen: Callable[[], CalamineSheet]) -> None:
        """How the sheet is read from its file again after let_go() (none: it is kept)."""
        self._reopen = reopen

    def let_go(self) -> None:
        """Let go of the workbook library's cells once the rows have been read for what an
        import needs (a 100,000-row sheet's are ~45 MB, held through the write and the
        figures after it otherwise); a later pass reads the sheet from its file again."""
        if self._reopen is not None:
            self._sheet = None

    def data(self) -> Iterator[tuple[int, Sequence[CellValue]]]:
        """The non-blank rows under the header, as the workbook library gives them, a cell
        merged over rows below the header given to each of them."""
        rows: Iterator[tuple[int, Sequence[CellValue]]]
        rows = dropwhile(lambda row: row[0] <= self.header_line, iter_cells(self.sheet))
        rows = with_texts(rows, self.texts) if self.texts else rows
        return filled_down(rows, self.merged) if self.merged else rows

    def batches(self, size: int | None = None) -> Iterator[Batch]:
        size = size or BATCH_ROWS
        cells = self._cells()
        # The number cells are noted as the rows go by: once they all have, number_cells()
        # (the lost-zeros and lost-digits warnings) needs no pass of its own over the sheet.
        noting: tuple[dict[int, Positions], dict[int, Positions]] | None = None
        if self._numbers is None:
            noting = ({}, {})
        data = self.data()
        chunk = list(islice(data, size))
        while chunk:
            if noting is None:
                rows = cells.rows(chunk)
            else:  # converting the cells notes where the number cells are (SheetCells)
                numbers, long = noting
                counts = {column: len(found) for column, found in numbers.items()}
                start = cells.done
                rows = cells.rows(chunk, numbers)
                self._note_long(chunk, start, numbers, counts, long)
            following = list(islice(data, size))
            done = chunk[-1][0] - self.header_line if following else self.total
            yield Batch(rows, (), done, self.total)
            chunk = following
        if noting is not None:
            self._numbers = noting
        if not cells.done:
            yield Batch([], (), self.total, self.total)

    def _cells(self) -> SheetCells:
        return SheetCells(
            len(self.header), self.date_columns, self.money_columns, self.rounded, self.date1904
        )

    def read(self, numbers: dict[int, Positions]) -> list[Row]:
        """Every row at once (a small sheet), each number cell's position into `numbers`."""
        cells = self._cells()
        with without_gc():  # many small lists, no cycles among them
            return cells.rows(list(self.data()), numbers)

    def number_cells(self) -> tuple[dict[int, Positions], dict[int, Positions]]:
        """(column -> the positions of the rows whose cell there is a number cell (in a date
        column, a number that is no serial date), column -> those of them that may hold
        more than 15 digits), as SheetCells notes them: every column in one pass over the
        sheet's cells, a batch of rows at a time, then kept."""
        if self._numbers is None:
            with without_gc():  # lists of cells, no cycles: the collector's passes are waste
                self._numbers = self._scan_numbers()
        return self._numbers

    def _scan_numbers(self) -> tuple[dict[int, Positions], dict[int, Positions]]:
        numbers: dict[int, Positions] = {}
        long: dict[int, Positions] = {}
        data = self.data()
        start = 0
        while chunk := [values for _, values in islice(data, BATCH_ROWS)]:
            self._note_numbers(chunk, start, numbers, long)
            start += len(chunk)
        return numbers, long

    def _note_numbers(
        self,
        chunk: list[Sequence[CellValue]],
        start: int,
        numbers: dict[int, Positions],
        long: dict[int, Positions],
    ) -> None:
        """The number cells of a chunk of rows (the first at position `start`), as
        number_cells() tells them, added to `numbers` and `long`."""
        widest = max(map(len, chunk))
        if min(map(len, chunk)) < widest:  # calamine's rows are as wide as the sheet
            chunk = [[*values, *[""] * (widest - len(values))] for values in chunk]
        for column, values in enumerate(zip(*chunk, strict=True)):
            kinds = set(map(type, values))
            if not kinds & NUMBER_TYPES:
                continue  # most columns: no number cell, told at C speed
            found = self._numbers_in(column, values, kinds)
            if not found:
                continue
            # C loops: a column of numbers alone (phones, amounts) is a range
            numbers.setdefault(column, array("l")).extend(map(start.__add__, found))
            found_values = values if isinstance(found, range) else [values[at] for at in found]
            if max(map(abs, found_values)) >= _LONG_FROM:
                long.setdefault(column, array("l")).extend(
                    at + start for at in found if abs(values[at]) >= _LONG_FROM
                )

    @staticmethod
    def _note_long(
        chunk: list[tuple[int, Sequence[CellValue]]],
        start: int,
        numbers: dict[int, Positions],
        counts: dict[int, int],
        long: dict[int, Positions],
    ) -> None:
        """Of the number cells converting the chunk noted in `numbers` (those past `counts`),
        the large ones (see number_cells) into `long`."""
        rows = list(map(itemgetter(1), chunk))
        narrowest = min(map(len, rows))  # calamine's rows are as wide as the sheet
        for column, found in numbers.items():
            fresh = found[counts.get(column, 0) :]
            if not fresh:
                continue
            if column < narrowest:
                cells = list(map(itemgetter(column), rows))
            else:
                cells = [values[column] if column < len(values) else "" for values in rows]
            at_numbers = cells if len(fresh) == len(cells) else [cells[at - start] for at in fresh]
            if max(map(abs, at_numbers)) >= _LONG_FROM:
                long.setdefault(column, array("l")).extend(
                    at for at in fresh if abs(cells[at - start]) >= _LONG_FROM
                )

    def _numbers_in(
        self, column: int, values: tuple[CellValue, ...], kinds: set[type]
    ) -> Sequence[int]:
        """The positions (in `values`) of the number cells of a batch of one column."""
        if kinds <= NUMBER_TYPES:
            found: Sequence[int] = range(len(values))
        else:
            found = list(
                compress(range(len(values)), map(NUMBER_TYPES.__contains__, map(type, values)))
            )
        if column in self.date_columns:  # a serial date is a date cell, not a number
            days = self.date1904
            found = [at for at in found if serial_date(values[at], days) is None]  # type: ignore[arg-type]  # numbers
        return found


# A number cell below it is written in at most 15 digits (number_text rounds to 15
# significant ones: 999999999999999.9 is 16 digits, so the margin); one above may have more.
_LONG_FROM = 1e14


class SheetNumbers(Mapping[int, Sequence[int]]):
    """ImportTable.numbers of a sheet read lazily (or, `long`, ImportTable.long_numbers):
    the number cells of every column are looked for when one is asked about (one pass over
    the sheet's cells), then kept."""

    def __init__(self, rows: SheetRows, *, long: bool = False) -> None:
        self.rows = rows
        self.long = long

    def found(self) -> dict[int, Positions]:
        numbers, long = self.rows.number_cells()
        return long if self.long else numbers

    def __getitem__(self, column: int) -> Sequence[int]:
        return self.found()[column]  # as the dict of a small sheet: no number cell, no entry

    def __iter__(self) -> Iterator[int]:
        return iter(sorted(self.found()))

    def __len__(self) -> int:
        return len(self.found())
