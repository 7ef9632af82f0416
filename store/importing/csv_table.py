"""CSV text -> a table: the delimiter, quoted cells, a header that names columns, rows that fit it.

Cells stay text: what a cell means is for columns and the row parsers to say. A row that does
not fit the header is refused (reported, never cut or padded into the wrong columns), and a
quote left open that swallows the lines after it refuses the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path

from xiaoben.models.i18n import t
from xiaoben.store.importing.bulk import without_gc
from xiaoben.store.importing.decoding import read_text
from xiaoben.store.importing.errors import RowError, cannot_import

Row = tuple[int, list[str]]  # (line in the file, 1-based; cells)


@dataclass(frozen=True)
class CsvTable:
    path: Path
    encoding: str  # the codec name the text was decoded with
    delimiter: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line in the file, 1-based; cells, as wide as the header)
    refused: tuple[RowError, ...] = ()  # rows that do not fit the header: not in `rows`
    # the seller's --map: header text -> field or "ignore", over the synonym table
    mapping: Mapping[str, str] = field(default_factory=dict)


_DELIMITERS = (",", "\t", ";", "，")
# A header cell that is only digits, dates, amounts: the file starts with data, not names.
_DATA_CELL = re.compile(r"[-+]?[¥$￥]?[\d\s.,:/%-]*\d[\d\s.,:/%-]*")
# Our export guards text cells starting with these by a leading ' (CSV injection); undo it.
_GUARDED = ("'=", "'+", "'-", "'@", "'\t", "'\r")
_EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)  # ="00042": Excel's way to keep leading zeros


def read_table(path: Path) -> CsvTable:
    """The whole file as a header (its first non-blank line) and the rows that fit it.

    BookError if it is not CSV text.
    """
    encoding, delimiter, rows = read_rows(path)
    header = rows[0][1]
    body, refused = fit_rows(header, rows[1:])
    return CsvTable(path, encoding, delimiter, header, body, refused)


def read_rows(path: Path) -> tuple[str, str, list[Row]]:
    """(encoding, delimiter, every non-blank row as read); the first must not look like data."""
    text, encoding = read_text(path)
    delimiter = sniff_delimiter(text)
    rows = _split_rows(path, text, delimiter)
    _check_header(path, rows[0][1])
    return encoding, delimiter, rows


def sniff_delimiter(text: str) -> str:
    """The delimiter of the first non-blank line: the commonest of , tab ; ， outside quotes."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in text.lstrip("\r\n \ufeff")[:65_536]:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            break
        elif char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=counts.__getitem__)  # ties go to the earlier (comma first)
    return best if counts[best] else ","


def _split_rows(path: Path, text: str, delimiter: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Two whole-text checks that let most files skip a per-cell step (a second a million rows).
    may_be_padded = re.search(rf"[^\S\r\n{re.escape(delimiter)}]", text) is not None
    may_be_guarded = "'" in text or '="' in text
    rows: list[Row] = []
    line = next_line = 1
    try:
        with without_gc():
            for raw in reader:
                line, next_line = next_line, reader.line_num + 1
                if next_line - line > 1:  # a quoted cell over several lines
                    _check_swallowed(path, delimiter, line, reader.line_num, raw, rows)
                cells = [cell.strip() for cell in raw] if may_be_padded else raw
                if not any(cells):
                    continue
                if may_be_guarded:
                    cells = [_unguard(cell) for cell in cells]
                rows.append((line, cells))
    except csv.Error as exc:
        raise cannot_import(path, "bad_quotes", line=next_line, reason=exc) from None
    _check_closed(path, text, delimiter, line)
    if not rows:
        raise cannot_import(path, "empty")
    return rows


def _check_swallowed(
    path: Path, delimiter: str, line: int, last: int, cells: list[str], rows: list[Row]
) -> None:
    """Refuse a quote that swallowed the rows after it: a cell whose inner lines look like
    rows (as many delimiters as the header has). Notes over several lines rarely do."""
    width = len(rows[0][1]) if rows else len(cells)
    for cell in cells:
        if "\n" in cell and any(
            part.count(delimiter) >= max(width - 1, 1) for part in cell.split("\n")[1:]
        ):
            raise cannot_import(path, "open_quote", line=line, end=last)


def _check_closed(path: Path, text: str, delimiter: str, line: int) -> None:
    """Refuse a quote still open at the end of the file: strict reading of the last row."""
    tail = "".join(islice(io.StringIO(text, newline=""), line - 1, None))
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "end of data" in str(exc):
            raise cannot_import(path, "open_quote_end", line=line) from None


def fit_rows(header: list[str], rows: list[Row]) -> tuple[list[Row], tuple[RowError, ...]]:
    """The rows as wide as `header`, and a RowError for each row that does not fit it.

    A row with fewer cells than the header names, or with text in cells past the header's
    last column, was shifted (an unquoted comma, a missing one): it is refused, not cut or
    padded. Empty cells past the header (a spreadsheet's padding, `a,b,c,,`) are dropped.
    """
    width = len(header)
    if set(map(len, map(itemgetter(1), rows))) <= {width}:
        return rows, ()  # the common case, checked in C loops
    named = max((index + 1 for index, cell in enumerate(header) if cell), default=0)
    fitted: list[Row] = []
    refused: list[RowError] = []
    for line, cells in rows:
        count = len(cells)
        if count == width:
            fitted.append((line, cells))
        elif count < named:
            refused.append(_too_few(line, header, cells))
        elif count > width and any(cells[width:]):
            refused.append(_too_many(line, header, cells))
        else:
            fitted.append((line, cells[:width] + [""] * (width - count)))
    return fitted, tuple(refused)


def column_label(header: list[str], index: int) -> str:
    """How a report names the column at `index`: its header text, else its position."""
    text = header[index] if index < len(header) else ""
    return text or t("import.column_at", n=index + 1)


def _too_few(line: int, header: list[str], cells: list[str]) -> RowError:
    count = len(cells)
    named = sum(1 for cell in header if cell)
    rule = t("import.row_too_short", cells=count, columns=named)
    return RowError(line, column_label(header, count), "", rule)


def _too_many(line: int, header: list[str], cells: list[str]) -> RowError:
    width = len(header)
    extra = next(index for index in range(width, len(cells)) if cells[index])
    used = max(index + 1 for index, cell in enumerate(cells) if cell)
    rule = t("import.row_too_long", cells=used, columns=width, extra=cells[extra][:40])
    return RowError(line, column_label(header, extra), cells[extra], rule)


def _unguard(cell: str) -> str:
    if cell.startswith(_GUARDED):
        return cell[1:]
    if cell.startswith('="'):
        match = _EXCEL_TEXT.fullmatch(cell)
        if match:
            return match.group(1).strip()
    return cell


def _check_header(path: Path, cells: list[str]) -> None:
    named = [cell for cell in cells if cell]
    if all(_DATA_CELL.fullmatch(cell) for cell in named):
        raise cannot_import(path, "no_header", first=", ".join(cells)[:80])
