"""Rows of a sheet holding an Excel error (#REF!, #N/A, #DIV/0!, …) in a column the import
reads: refused by name, the column and the error named. The workbook library reads such a
cell as blank, so a #REF! product would be stored empty and a #N/A date be called missing.

A column nobody reads (a 利润 formula that failed) is no reason to refuse a row. Reports
only; the sheet reader finds the cells (sheet_scan.py). No SQLite.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import itemgetter

from xiaoben.models.i18n import MESSAGES, Listed, Words, field_key
from xiaoben.models.money import foreign_currency
from xiaoben.store.importing.csv_table import Row, column_label
from xiaoben.store.importing.errors import RowError, cell_message, field_words

# row (as the spreadsheet shows it) -> column index (0-based, as in a row's cells) -> the
# error as Excel shows it
ErrorCells = Mapping[int, Mapping[int, str]]


def refuse_error_cells(
    error_cells: ErrorCells,
    header: list[str],
    fields: Mapping[str, int],
    rows: list[Row],
    errors: list[RowError],
    rule_of: Callable[[str], Words] | None = None,
) -> list[Row]:
    """The rows without an error cell in one of `fields`' columns; an error in `errors` for
    each such cell. `rule_of`: the rule said of a cell's text (default: an Excel error's;
    percent_rule for the percent and foreign currency cells of a money column)."""
    if not error_cells or not rows:
        return rows
    read = {at: field for field, at in fields.items()}
    blank = set() if rule_of else {at for at, field in read.items() if field in BLANK_WHEN_ERROR}
    kept: list[Row] = []
    for line, cells in rows:
        found = [(at, error) for at, error in error_cells.get(line, {}).items() if at in read]
        if blank and any(at in blank for at, _ in found):  # a note's #N/A: read as blank
            cells = [
                "" if at in blank and at in error_cells[line] else c for at, c in enumerate(cells)
            ]
            found = [(at, error) for at, error in found if at not in blank]
        if not found:
            kept.append((line, cells))
            continue
        for at, error in sorted(found):
            rule = rule_of(error) if rule_of else Words("import.error_cell", error=error)
            field = read[at]
            message = (
                cell_message(field, rule)
                if field_key(field) in MESSAGES
                else field_words(header[at], rule)
            )
            errors.append(RowError(line, header[at], error, message))
    return kept


# The free-text columns (备注): an error cell there, a VLOOKUP note's #N/A, is read as blank,
# said once before the import (blank_error_notes), never a refused purchase or customer. A
# key, amount, date or any other column's error is refused by name, as before.
BLANK_WHEN_ERROR = frozenset({"notes", "note"})


def blank_error_notes(
    error_cells: ErrorCells, header: list[str], fields: Mapping[str, int]
) -> list[Words]:
    """The report's line for each free-text column holding error cells (BLANK_WHEN_ERROR):
    how many, which errors, read as blank."""
    said: list[Words] = []
    for field, at in fields.items():
        if field not in BLANK_WHEN_ERROR:
            continue
        found = [row[at] for row in error_cells.values() if at in row]
        if found:
            kinds = Listed(dict.fromkeys(found))
            said.append(
                Words("import.error_cells_blank", column=header[at], count=len(found), errors=kinds)
            )
    return said


def percent_rule(shown: str) -> Words:
    """The rule of an amount cell shown as a percentage (15%: no amount of money) or in
    another currency than yuan ($100: never read as ¥100)."""
    if foreign_currency(shown):
        return Words("rule.money_foreign", value=shown)
    return Words("import.percent_cell", shown=shown)


def refuse_past_header(header: list[str], rows: list[Row], errors: list[RowError]) -> list[Row]:
    """The rows with nothing right of the header's last column; an error in `errors` for each
    other row, naming its first such cell. A sheet's cell typed there (a note beside the
    table) is under no column name: never read into a column, never silently left out. (A
    CSV row with more cells than the header is refused as it is read: csv_table.fit_rows.)"""
    width = len(header)
    if not rows or max(map(len, map(itemgetter(1), rows))) <= width:
        return rows  # the common case: C loops
    kept: list[Row] = []
    for line, cells in rows:
        extra = next((at for at in range(width, len(cells)) if cells[at]), None)
        if extra is None:
            kept.append((line, cells[:width]))
            continue
        rule = Words("import.cell_past_header", columns=width, text=cells[extra][:40])
        errors.append(RowError(line, column_label(header, extra), cells[extra], rule))
    return kept


def refuse_lost_digits(
    lost: Mapping[int, Mapping[int, str]],
    header: list[str],
    fields: Mapping[str, int],
    rows: list[Row],
    errors: list[RowError],
) -> list[Row]:
    """The rows without a key cell in `lost` (line -> column -> text: a number cell that
    lost digits, tables.lost_key_cells); an error naming each such cell's field and the
    rule in `errors`: a damaged key never finds, makes or skips a customer or an order."""
    if not lost:
        return rows
    read = {at: field for field, at in fields.items()}
    kept: list[Row] = []
    for line, cells in rows:
        found = lost.get(line)
        if not found:
            kept.append((line, cells))
            continue
        for at, value in sorted(found.items()):
            rule = Words("import.lost_digits", value=value)
            errors.append(RowError(line, header[at], value, cell_message(read[at], rule)))
    return kept
