"""Tables into files: an xlsx workbook (a sheet a table) and CSV with a BOM.

Every CSV text cell goes through formula_safe (OWASP CSV injection); an xlsx text cell
is a string cell, which no spreadsheet runs, so it holds the text as typed (no ' shown in
Excel or WPS). Amounts, counts and dates are written as numbers and date cells, never as
text, so nothing numeric is mangled. The caller writes into a temporary file and lands it
(store/files.py).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter

from xiaoben.models.days import excel_day
from xiaoben.store.exporting.cells import formula_safe
from xiaoben.store.exporting.tables import Column, Table

SHEET_ROWS = 1_048_575  # an xlsx sheet's rows under the header (Excel's limit, 2**20)
_WIDTHS = {"text": 14, "money": 12, "count": 8, "score": 8, "number": 10, "date": 11, "moment": 17}
_FORMATS = {
    "money": {"num_format": "#,##0.00"},
    "score": {"num_format": "0.0"},
    "date": {"num_format": "yyyy-mm-dd"},
    "moment": {"num_format": "yyyy-mm-dd hh:mm"},
}


def write_xlsx(tables: Iterable[Table], path: Path) -> None:
    """One sheet a table, its header bold and frozen; written row by row (constant memory).

    xlsxwriter keeps each sheet's rows in a scratch file until it zips them: those go in a
    folder of ours, removed whatever happens, and a failed write (a file-size limit, a
    disk error) is raised as itself, not as what closing the half-written workbook then
    raises over it."""
    zipped = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="xiaoben-xlsx-") as scratch:
        workbook = xlsxwriter.Workbook(
            zipped,
            {
                "constant_memory": True,
                "tmpdir": scratch,
                # Text stays text: no string is ever turned into a formula, a number or a link.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        try:
            _fill(workbook, tables)
        except BaseException:
            for sheet in workbook.worksheets():  # the scratch files, closed to be removed
                if sheet.row_data_fh is not None:
                    sheet.row_data_fh.close()
            raise
        workbook.close()
    # Zipped in memory, then written here: a full disk is then a plain OSError of ours
    # (xlsxwriter's own ZipFile would be left half-open on the failing file).
    with path.open("wb") as handle:
        handle.write(zipped.getbuffer())


def _fill(workbook: Any, tables: Iterable[Table]) -> None:
    bold = workbook.add_format({"bold": True})
    formats = {kind: workbook.add_format(spec) for kind, spec in _FORMATS.items()}
    for table in tables:
        part, number = 1, SHEET_ROWS
        for row in table.rows:
            if number == SHEET_ROWS:  # a sheet holds ~1M rows: the rest go on the next
                sheet = _new_sheet(workbook, table, part, bold)
                writers = [_cell_writer(sheet, column, formats) for column in table.columns]
                part, number = part + 1, 0
            number += 1
            for at, value in enumerate(row):
                if value is not None and value != "":
                    writers[at](number, at, value)
        if part == 1:  # no rows: the header alone
            _new_sheet(workbook, table, part, bold)


def _new_sheet(workbook: Any, table: Table, part: int, bold: Any) -> Any:
    """A sheet for the table (its second part, past a sheet's last row, "purchases 2")."""
    title = table.title if part == 1 else f"{table.title} {part}"
    sheet = workbook.add_worksheet(title[:31])
    for at, column in enumerate(table.columns):
        sheet.set_column(at, at, _WIDTHS[column.kind])
        sheet.write_string(0, at, column.header, bold)
    sheet.freeze_panes(1, 0)
    return sheet


def _cell_writer(sheet: Any, column: Column, formats: dict[str, Any]) -> Any:
    kind = column.kind
    if kind == "text":
        # write_string: a string cell whatever the text (=1+1 too), never a formula
        return lambda row, col, value: sheet.write_string(row, col, value)
    if kind in ("date", "moment"):
        cell_format = formats[kind]

        def write_day(row: int, col: int, value: date | str) -> None:
            sheet.write_number(row, col, excel_moment(value), cell_format)

        return write_day
    cell_format = formats.get(kind)
    if kind == "money":
        return lambda row, col, cents: sheet.write_number(row, col, cents / 100, cell_format)
    return lambda row, col, value: sheet.write_number(row, col, value, cell_format)


def excel_moment(value: date | str) -> float:
    """A day or a moment (or its ISO text) as the number Excel shows as it. Not xlsxwriter's
    write_datetime: it takes a moment on 1900-01-01 for a time of day alone (day 0, shown
    1900-01-00, read back as 00:00)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return excel_day(value)
    since_midnight = value - datetime.combine(value.date(), time())
    return excel_day(value.date()) + since_midnight / timedelta(days=1)


def write_csv(table: Table, path: Path) -> None:
    """The table as CSV, UTF-8 with a BOM (Excel and WPS then read Chinese right)."""
    shown = [_CSV_CELLS[column.kind] for column in table.columns]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([formula_safe(column.header) for column in table.columns])
        writer.writerows(
            [text(cell) if cell is not None else "" for text, cell in zip(shown, row, strict=True)]
            for row in table.rows
        )


def money_text(cents: int) -> str:
    """-1250 -> -12.50: exact, whatever the amount (no float on the way)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def _day_text(value: date | str) -> str:
    return value if isinstance(value, str) else value.isoformat()


def _moment_text(value: datetime | str) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.isoformat(sep=" ", timespec="minutes")


_CSV_CELLS: dict[str, Any] = {
    "text": formula_safe,
    "money": money_text,
    "count": str,
    "score": str,
    "number": str,
    "date": _day_text,
    "moment": _moment_text,
}
