"""CSV text -> a table: the delimiter, quoted cells, a header that names columns, padded rows.

Cells stay text: what a cell means is for columns and the row parsers to say.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from xiaoben.store.importing.bulk import without_gc
from xiaoben.store.importing.decoding import not_csv, read_text


@dataclass(frozen=True)
class CsvTable:
    path: Path
    encoding: str  # the codec name the text was decoded with
    delimiter: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line in the file, 1-based; cells, padded to the header)


_DELIMITERS = (",", "\t", ";", "，")
# A header cell that is only digits, dates, amounts: the file starts with data, not names.
_DATA_CELL = re.compile(r"[-+]?[¥$￥]?[\d\s.,:/%-]*\d[\d\s.,:/%-]*")
# Our export guards text cells starting with these by a leading ' (CSV injection); undo it.
_GUARDED = ("'=", "'+", "'-", "'@", "'\t", "'\r")
_EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)  # ="00042": Excel's way to keep leading zeros


def read_table(path: Path) -> CsvTable:
    """The whole file as a header and its non-blank rows; BookError if it is not CSV text."""
    text, encoding = read_text(path)
    delimiter = sniff_delimiter(text)
    header, rows = _split_rows(path, text, delimiter)
    return CsvTable(path, encoding, delimiter, header, rows)


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


def _split_rows(
    path: Path, text: str, delimiter: str
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Two whole-text checks that let most files skip a per-cell step (a second a million rows).
    may_be_padded = re.search(rf"[^\S\r\n{re.escape(delimiter)}]", text) is not None
    may_be_guarded = "'" in text or '="' in text
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    width = 0
    next_line = 1
    try:
        with without_gc():
            for raw in reader:
                line, next_line = next_line, reader.line_num + 1
                cells = [cell.strip() for cell in raw] if may_be_padded else raw
                if not any(cells):
                    continue
                if may_be_guarded:
                    cells = [_unguard(cell) for cell in cells]
                if header is None:
                    header, width = _check_header(path, cells), len(cells)
                    continue
                if len(cells) < width:
                    cells += [""] * (width - len(cells))
                rows.append((line, cells))
    except csv.Error as exc:
        raise not_csv(path, "bad_quotes", line=next_line, reason=exc) from None
    if header is None:
        raise not_csv(path, "empty")
    return header, rows


def _unguard(cell: str) -> str:
    if cell.startswith(_GUARDED):
        return cell[1:]
    if cell.startswith('="'):
        match = _EXCEL_TEXT.fullmatch(cell)
        if match:
            return match.group(1).strip()
    return cell


def _check_header(path: Path, cells: list[str]) -> list[str]:
    named = [cell for cell in cells if cell]
    if all(_DATA_CELL.fullmatch(cell) for cell in named):
        raise not_csv(path, "no_header", first=", ".join(cells)[:80])
    return cells
