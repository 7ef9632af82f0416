"""Reading workbooks for import (.xlsx/.xlsm from Excel and WPS, legacy .xls, .ods).

python-calamine reads the cells; here a sheet is chosen, the header row is found under
title and blank rows, and cells become the text a seller typed (cells.py). No SQLite.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path

from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from xiaoben.models.errors import BookError
from xiaoben.store.importing.bulk import MEMO_LIMIT
from xiaoben.store.importing.columns import Kind
from xiaoben.store.importing.errors import cannot_import
from xiaoben.store.importing.sheet_cells import (
    CellValue,
    cell_text,
    number_text,
    serial_date,
    unguard,
)
from xiaoben.store.importing.tables import (
    HEADER_SEARCH_ROWS,
    KINDS,
    Format,
    ImportTable,
    Row,
    expected_columns,
    find_header_rows,
    recognised,
)

# Fields whose number cells are Excel serial dates (45356 -> 2024-03-05), not amounts.
_DATE_FIELDS = ("date", "birthday")
_GUARDS = ("'", "=")  # the first characters of the text unguard may change


def _open(path: Path) -> CalamineWorkbook:
    try:
        with path.open("rb") as file:
            return CalamineWorkbook.from_filelike(file)
    except OSError as exc:
        raise cannot_import(path, "cannot_read", reason=exc.strerror or exc) from None
    except PasswordError:
        raise cannot_import(path, "workbook_encrypted") from None
    except CalamineError as exc:
        raise cannot_import(path, "workbook_damaged", reason=exc) from None


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheets, in order; BookError if it is damaged or encrypted."""
    with _open(path) as workbook:
        return list(workbook.sheet_names)


def _sheet(path: Path, workbook: CalamineWorkbook, name: str) -> CalamineSheet:
    try:
        return workbook.get_sheet_by_name(name)
    except PasswordError:
        raise cannot_import(path, "workbook_encrypted") from None
    except CalamineError as exc:
        raise cannot_import(path, "workbook_damaged", reason=exc) from None


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


def _texts(values: Sequence[CellValue]) -> list[str]:
    cells = [cell_text(value)[0] for value in values]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _head(sheet: CalamineSheet, header_row: int | None) -> list[Row]:
    """The rows a header is looked for in: the first non-blank ones, or up to `header_row`."""
    rows: list[Row] = []
    for number, values in iter_cells(sheet):
        if header_row is None and len(rows) >= HEADER_SEARCH_ROWS:
            break
        if header_row is not None and number > header_row:
            break
        rows.append((number, _texts(values)))
    return rows


def read_workbook(
    path: Path,
    file_format: Format,
    sheet: str | None = None,
    header_row: int | None = None,
    kind: Kind | None = None,
) -> ImportTable:
    """One sheet of a workbook as a header and rows of text cells.

    `sheet`: its name (default: the first sheet whose header is recognised, or the first
    sheet when `header_row` is given). `header_row`: the header's row number as the
    spreadsheet shows it (default: the first recognised row within the first 20).
    BookError, in the seller's words, for whatever the seller can fix.
    """
    with _open(path) as workbook:
        names = tuple(workbook.sheet_names)
        if sheet is not None and sheet not in names:
            raise cannot_import(path, "sheet_not_found", sheet=sheet, sheets=_listed(names))
        candidates = [sheet] if sheet is not None else _visible(workbook)
        if header_row is not None:
            candidates = candidates[:1]
        for name in candidates:
            chosen = _sheet(path, workbook, name)
            head = _head(chosen, header_row)
            position, header = _header_position(path, head, header_row, kind)
            if position >= 0:
                return _table(path, file_format, chosen, names, head[position][0], header, kind)
            if len(candidates) == 1:
                raise _no_header(path, kind, names, name)
        raise _no_header(path, kind, names, None)


def _visible(workbook: CalamineWorkbook) -> list[str]:
    shown = [
        sheet.name
        for sheet in workbook.sheets_metadata
        if sheet.visible == SheetVisibleEnum.Visible and sheet.typ == SheetTypeEnum.WorkSheet
    ]
    return shown or list(workbook.sheet_names)


def _header_position(
    path: Path, head: list[Row], header_row: int | None, kind: Kind | None
) -> tuple[int, list[str]]:
    if header_row is None:
        return find_header_rows(head, kind)
    if not head or head[-1][0] != header_row:
        raise cannot_import(path, "header_row_blank", row=header_row)
    return len(head) - 1, head[-1][1]


def _no_header(
    path: Path, kind: Kind | None, names: tuple[str, ...], sheet: str | None
) -> BookError:
    expected = expected_columns(kind)
    if sheet is not None:
        return cannot_import(
            path, "no_header_row", sheet=sheet, rows=HEADER_SEARCH_ROWS, expected=expected
        )
    return cannot_import(
        path, "no_sheet_header", sheets=_listed(names), rows=HEADER_SEARCH_ROWS, expected=expected
    )


def _listed(names: tuple[str, ...]) -> tuple[str, str]:
    """The sheet names for a message: (zh, en)."""
    quoted = [f"“{name}”" for name in names] or ["—"]
    return "、".join(quoted), ", ".join(quoted)


def _table(
    path: Path,
    file_format: Format,
    sheet: CalamineSheet,
    names: tuple[str, ...],
    header_line: int,
    header: list[str],
    kind: Kind | None,
) -> ImportTable:
    rows = iter_cells(sheet)
    next(number for number, _ in rows if number == header_line)  # the rows under the header
    date_columns = _date_columns(header, kind)
    width = len(header)
    body: list[Row] = []
    numbers: dict[int, array[int]] = {}
    number_texts: dict[float, str] = {}  # amounts and quantities repeat down a sheet
    for number, values in rows:
        cells = [""] * max(width, len(values))
        for index, value in enumerate(values):
            kind_of = type(value)
            if kind_of is str:  # most cells: skip the general conversion
                text = value.strip()  # type: ignore[union-attr]  # a str, as checked
                cells[index] = unguard(text) if text[:1] in _GUARDS else text
                continue
            if kind_of is float or kind_of is int:  # numbers next (phones, amounts)
                day = _serial_date(value) if index in date_columns else None
                if day is None:
                    numbers.setdefault(index, array("l")).append(len(body))
                    text = number_texts.get(value)  # type: ignore[arg-type]  # a number
                    if text is None:
                        text = number_text(value)  # type: ignore[arg-type]  # as checked
                        if len(number_texts) < MEMO_LIMIT:
                            number_texts[value] = text  # type: ignore[index]  # a number
                    cells[index] = text
                else:
                    cells[index] = day.isoformat()
                continue
            cells[index] = cell_text(value)[0]
        while len(cells) > width and not cells[-1]:
            cells.pop()
        body.append((number, cells))
    return ImportTable(
        path,
        file_format,
        "",
        header,
        body,
        format=file_format,
        sheet=sheet.name,
        sheets=names,
        header_line=header_line,
        numbers=numbers,
    )


def _serial_date(value: CellValue) -> dt.date | None:
    return serial_date(value) if isinstance(value, int | float) else None


def _date_columns(header: list[str], kind: Kind | None) -> set[int]:
    columns: set[int] = set()
    for each in (kind,) if kind else KINDS:
        found = recognised(header, each)
        if found is not None:
            columns.update(found.fields[name] for name in _DATE_FIELDS if name in found.fields)
    return columns
