"""Birthday cells that show no year: an Excel date cell formatted m"月"d"日" (3月5日) or
"mmm d" (Mar 5) still holds a year, the one Excel filled in when the day was typed (that
year's, so often a birthday in the future) or 1900. The seller sees no year, so none is
kept: such a cell becomes --03-05, a yearless birthday.

calamine hands over no number formats, so they are read here: an .xlsx's with openpyxl
(read-only, the birthday column only), an .xls's from its records (xls_scan); an .ods keeps
the text each cell shows (ods_scan). Only for the birthday column of a small customers
sheet holding date cells. No SQLite.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

from xiaoben.store.importing.csv_table import Row

# Built-in date formats no file spells out (numFmtId / ifmt) that show a month and a day
# but no year: 16 d-mmm everywhere; 28, 29, 51, 53, 54, 58 m"月"d"日" in Chinese Excel and
# WPS (ECMA-376 Part 1, 18.8.30, zh-cn), the 3月14日 in their list of date formats.
YEARLESS_BUILTIN = frozenset({16, 28, 29, 51, 53, 54, 58})
# what a format shows literally or as a colour, locale, padding: no date part
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_ISO_DAY = re.compile(r"\d{4}-(\d{2}-\d{2})")


def shows_no_year(number_format: str) -> bool:
    """Whether a number format (of its positive numbers) shows a month and a day and no
    year: m"月"d"日", mmm d, d-mmm, mm/dd; not yyyy-mm-dd, yy/m/d, h:mm or General."""
    shown = _LITERALS.sub("", number_format).split(";")[0].lower()
    return "d" in shown and "m" in shown and not any(part in shown for part in "yeg")


def xlsx_yearless_rows(path: Path, sheet: str, column: int, rows: range) -> set[int]:
    """The rows (of `rows`) whose cell in `column` (1-based) of the .xlsx's `sheet` is a
    number or date cell formatted without a year."""
    found: set[int] = set()
    if not _has_yearless_style(path):
        return found  # most workbooks: no cell of theirs is shown so (no openpyxl to load)
    import openpyxl  # only here: a customers sheet with date cells in its birthday column

    with path.open("rb") as file:  # a file, not its name: openpyxl goes by the name's suffix
        try:
            workbook = openpyxl.load_workbook(file, read_only=True)
        except (KeyError, ValueError, TypeError, zipfile.BadZipFile):
            return found  # a workbook openpyxl cannot read (calamine could): years kept
        try:
            if sheet not in workbook.sheetnames:
                return found
            cells = workbook[sheet].iter_rows(
                min_row=rows.start, max_row=rows.stop - 1, min_col=column, max_col=column
            )
            for (cell,) in cells:
                if getattr(cell, "data_type", "") not in ("n", "d") or cell.value is None:
                    continue
                format_id = cell.style_array.numFmtId
                if format_id in YEARLESS_BUILTIN or shows_no_year(str(cell.number_format)):
                    found.add(cell.row)
        finally:
            workbook.close()
    return found


def _has_yearless_style(path: Path) -> bool:
    """Whether one of the .xlsx's cell styles has a format showing no year (its styles
    part, a few kB, parsed whole)."""
    try:
        with zipfile.ZipFile(path) as archive:
            styles = archive.read("xl/styles.xml")
        root = ElementTree.fromstring(styles)
    except (OSError, KeyError, zipfile.BadZipFile, zlib.error, ElementTree.ParseError):
        return True  # not found the usual way: openpyxl, which finds its way, is asked
    codes = {
        element.get("numFmtId", ""): element.get("formatCode", "")
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] == "numFmt"
    }
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "cellXfs":
            for style in element:
                number = style.get("numFmtId", "0")
                if number.isdigit() and int(number) in YEARLESS_BUILTIN:
                    return True
                if shows_no_year(codes.get(number, "")):
                    return True
    return False


def has_dates(rows: Sequence[Row], at: int) -> bool:
    """Whether a cell of the column at `at` reads as a whole day (2026-03-05): what a date
    cell reads as, so whether its format is worth a look."""
    return any(at < len(cells) and _ISO_DAY.fullmatch(cells[at]) for _, cells in rows)


def without_years(rows: Sequence[Row], at: int, yearless: set[int]) -> list[Row]:
    """The rows, the cell at `at` of each row in `yearless` a birthday without its year
    (2026-03-05 -> --03-05)."""
    kept: list[Row] = []
    for line, cells in rows:
        day = _ISO_DAY.fullmatch(cells[at]) if line in yearless and at < len(cells) else None
        if day is not None:
            cells = [*cells[:at], f"--{day.group(1)}", *cells[at + 1 :]]
        kept.append((line, cells))
    return kept
