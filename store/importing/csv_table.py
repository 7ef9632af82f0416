"""CSV text -> a table: the delimiter, quoted cells, a header that names columns, rows that fit it.

Cells stay text: what a cell means is for columns and the row parsers to say. A row that does
not fit the header is refused (reported, never cut or padded into the wrong columns), and a
quote left open that swallows the lines after it refuses the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import dropwhile, islice
from operator import itemgetter
from pathlib import Path
from typing import TextIO, overload

from xiaoben.models.i18n import Words
from xiaoben.store.importing.bulk import without_gc
from xiaoben.store.importing.decoding import text_encoding
from xiaoben.store.importing.errors import RowError, cannot_import
from xiaoben.store.importing.footers import bill_trailer
from xiaoben.store.importing.sheet_cells import unguard

Row = tuple[int, list[str]]  # (line in the file, 1-based; cells)
BATCH_ROWS = 10_000  # rows read, checked and written at a time


@dataclass(frozen=True, slots=True)
class Batch:
    """Some of a table's rows: those that fit its header, the refused ones, and how far
    through the table they reach (`done` of `total`: rows, or bytes of a file read lazily)."""

    rows: list[Row]
    refused: tuple[RowError, ...]
    done: int
    total: int


@dataclass(frozen=True)
class CsvTable:
    path: Path
    encoding: str  # the codec name the text was decoded with
    delimiter: str
    header: list[str]
    # (line in the file, 1-based; cells, as wide as the header): a list, or FileRows that
    # read the file again each time they are gone through
    rows: Sequence[Row]
    refused: Sequence[RowError] = ()  # rows that do not fit the header: not in `rows`
    # the seller's --map: header text -> field or "ignore", over the synonym table
    mapping: Mapping[str, str] = field(default_factory=dict)
    # a workbook's cells holding an Excel error (#REF!, read as blank): row -> column -> error
    error_cells: Mapping[int, Mapping[int, str]] = field(default_factory=dict)
    # a workbook's number cells shown as a percentage in a money column: row -> column ->
    # what the cell shows (15%)
    percent_cells: Mapping[int, Mapping[int, str]] = field(default_factory=dict)
    # the seller's --date-order: how the file's slashed dates (03/05/2024) are written,
    # "month-first" or "day-first" (None: as the column shows it, importing/date_order)
    date_order: str | None = None

    def batches(self, size: int | None = None) -> Iterator[Batch]:
        """The rows a batch at a time (a file read lazily is read as it goes)."""
        size = size or BATCH_ROWS
        if isinstance(self.rows, FileRows):
            yield from self.rows.batches(size)
            return
        total = len(self.rows)
        if self.refused or not total:
            yield Batch([], tuple(self.refused), 0, total)
        for start in range(0, total, size):
            yield Batch(list(self.rows[start : start + size]), (), min(start + size, total), total)


class LineTooLong(Exception):
    """A line longer than CELL_CHARS_MAX with no line break: no table's row."""


class _Lines:
    """A text file's lines for csv.reader, read a block at a time. Notes for the reader:
    whether a block had padding blanks or guarded cells (the per-cell steps most files
    skip), and the last blocks' text, for checking the last row strictly."""

    def __init__(self, file: TextIO, delimiter: str) -> None:
        self.file = file
        # the blanks a cell may be padded with: any but the line breaks and the delimiter
        self.blanks = tuple(blank for blank in BLANKS if blank != delimiter)
        self.padded = False
        self.guarded = False
        self.recent: deque[tuple[int, list[str]]] = deque(maxlen=2)  # (first line, lines)
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        # The blocks of a line not ended yet, joined once it ends: a line of 200 MB (no
        # line break) added to a growing text block by block was copied 200 times (a minute)
        carry: list[str] = []
        while True:
            block = self.file.read(_BLOCK_CHARS)
            if not block:
                break
            cut = block.rfind("\n") + 1
            if not cut:
                carry.append(block)
                if sum(map(len, carry)) > CELL_CHARS_MAX:
                    raise LineTooLong  # refused now, not held whole (a film renamed .csv)
                continue
            yield from self._lines("".join([*carry, block[:cut]]))
            carry = [block[cut:]]
        if any(carry):
            yield from self._lines("".join(carry))

    def _lines(self, block: str) -> list[str]:
        # (a look for each blank, in C: half the time of one regular expression's class,
        # which took ~0.45 s of a million rows' 67 MB)
        self.padded = self.padded or any(blank in block for blank in self.blanks)
        self.guarded = self.guarded or "'" in block or '="' in block
        lines = list(io.StringIO(block, newline=""))
        self.recent.append((self.count + 1, lines))
        self.count += len(lines)
        return lines

    def tail(self, line: int) -> str | None:
        """The text from `line` to the end, if the blocks kept reach back to it."""
        if not self.recent or line < self.recent[0][0]:
            return None
        return "".join(
            text
            for first, lines in self.recent
            for number, text in enumerate(lines, first)
            if number >= line
        )


_BLOCK_CHARS = 1 << 20
# Every character str.strip() and the regular expressions' \s take for a blank, but the
# line breaks (tests/test_csv_blanks.py checks it against Unicode's): \t \v \f, the
# separators \x1c-\x1f, the space, NEL, NBSP, and Unicode's spaces to the ideographic one
BLANKS = (
    "\t\x0b\x0c\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# The csv module refuses a cell past 128 KiB with its own English words; a cell that long
# is read, then refused by its field's own rule (备注: at most so many characters), named.
# A quote left open still ends at the file's end, or where it swallows rows (_check_swallowed).
CELL_CHARS_MAX = 64 * 1024 * 1024
csv.field_size_limit(max(csv.field_size_limit(), CELL_CHARS_MAX))


_DELIMITERS = (",", "\t", ";", "，", "|")  # | : an ERP's or a database tool's export
SNIFF_CHARS = 65_536  # the delimiter is the commonest in the first line of these characters
_LEADING = "\r\n \ufeff"  # what comes before the first line: blank lines, a BOM
# A header cell that is only digits, dates, amounts: the file starts with data, not names.
_DATA_CELL = re.compile(r"[-+]?[¥$￥]?[\d\s.,:/%-]*\d[\d\s.,:/%-]*")


class FileRows(Sequence[Row]):
    """The data rows of a CSV file under its header, read from the file each time they are
    gone through (a million rows are never held at once). Indexing or len() reads it all:
    for small files and tests; the importer reads batches()."""

    def __init__(self, source: TextSource, header: list[str], header_line: int) -> None:
        self.source = source
        self.header = header
        self.header_line = header_line
        self._count: int | None = None
        self._refused: tuple[RowError, ...] | None = None

    def batches(self, size: int | None = None) -> Iterator[Batch]:
        size = size or BATCH_ROWS
        total = self.source.size
        with self.source.open() as file:
            source = self.source
            header_line = self.header_line
            rows = dropwhile(  # the rows under the header, a batch taken at C speed
                lambda row: row[0] <= header_line,
                _split_rows(source.path, file, source.delimiter, source.open),
            )
            while len(chunk := list(islice(rows, size))) == size:
                fitted, refused = fit_rows(self.header, chunk, source.nul, source.delimiter)
                yield Batch(fitted, refused, min(_position(file), total), total)
        fitted, refused = fit_rows(self.header, chunk, self.source.nul, self.source.delimiter)
        yield Batch(fitted, refused, total, total)

    def refused(self) -> tuple[RowError, ...]:
        """The rows that do not fit the header: the whole file is read once, then kept."""
        if self._refused is None:
            self._refused = tuple(error for batch in self.batches() for error in batch.refused)
        return self._refused

    def __iter__(self) -> Iterator[Row]:
        for batch in self.batches():
            yield from batch.rows

    def __len__(self) -> int:
        """The number of rows: the whole file is read once, then the count is kept."""
        if self._count is None:
            self._count = sum(len(batch.rows) for batch in self.batches())
        return self._count

    def __bool__(self) -> bool:
        return bool(self[:1])  # the first row is enough to say

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        """Rows from the start of the file are read only as far as needed (a preview of the
        first rows reads the first rows); a negative index reads the whole file."""
        if isinstance(index, slice):
            ahead = index.start is None or index.start >= 0
            if ahead and index.stop is not None and index.stop >= 0:
                return list(islice(self, index.start, index.stop, index.step))
            return list(self)[index]
        if index >= 0:
            found = list(islice(self, index, index + 1))
            if found:
                return found[0]
            raise IndexError(index)
        return list(self)[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # compared by rows, like a list


class FileRefused(Sequence[RowError]):
    """The refused rows of FileRows, found by reading the file (for small files and tests)."""

    def __init__(self, rows: FileRows) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows.refused())

    def __iter__(self) -> Iterator[RowError]:
        return iter(self.rows.refused())

    @overload
    def __getitem__(self, index: int) -> RowError: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[RowError, ...]: ...
    def __getitem__(self, index: int | slice) -> RowError | tuple[RowError, ...]:
        return self.rows.refused()[index]


def _position(file: TextIO) -> int:
    """How far into the file reading is: bytes of a file, characters of text in memory."""
    buffer = getattr(file, "buffer", None)
    return int(buffer.tell() if buffer is not None else file.tell())


@dataclass(frozen=True)
class TextSource:
    """A CSV file's text, decoded and checked, to be read again as often as needed: kept in
    memory for a small file, opened and decoded anew for a large one."""

    path: Path
    encoding: str
    delimiter: str
    size: int  # bytes of the file, or characters of the text kept
    text: str | None = None
    # whether the text holds a NUL (a file holding one is never streamed: decoding.py)
    nul: bool = False

    def open(self) -> TextIO:
        if self.text is not None:
            return io.StringIO(self.text, newline="")
        return self.path.open(encoding=self.encoding, newline="")

    @classmethod
    def of(cls, path: Path) -> TextSource:
        """BookError if the file is not CSV text."""
        encoding, text = text_encoding(path)
        if text is not None:
            return cls(path, encoding, sniff_delimiter(text), len(text), text, "\x00" in text)
        with path.open(encoding=encoding, newline="") as file:
            delimiter = sniff_delimiter(_first_chars(file))
        return cls(path, encoding, delimiter, path.stat().st_size)

    def head(self, until: Callable[[list[Row]], bool]) -> list[Row]:
        """The first non-blank rows, until `until(rows)` says enough; the first one must not
        look like data. BookError if there is no row."""
        rows: list[Row] = []
        with self.open() as file:
            for row in _split_rows(self.path, file, self.delimiter):
                rows.append(row)
                if until(rows):
                    break
        if not rows:
            raise cannot_import(self.path, "empty")
        _check_header(self.path, rows[0][1])
        return rows


def read_table(path: Path) -> CsvTable:
    """The whole file as a header (its first non-blank line) and the rows that fit it.

    BookError if it is not CSV text.
    """
    encoding, delimiter, rows = read_rows(path)
    header = rows[0][1]
    refuse_nul_header(path, header, rows[0][0])
    body, refused = fit_rows(header, rows[1:], nul=True, delimiter=delimiter)
    return CsvTable(path, encoding, delimiter, header, body, refused)


def read_rows(path: Path) -> tuple[str, str, list[Row]]:
    """(encoding, delimiter, every non-blank row as read); the first must not look like data."""
    source = TextSource.of(path)
    with source.open() as file, without_gc():
        rows = list(_split_rows(path, file, source.delimiter, source.open))
    if not rows:
        raise cannot_import(path, "empty")
    _check_header(path, rows[0][1])
    return source.encoding, source.delimiter, rows


def _first_chars(file: TextIO) -> str:
    """A streamed file's first SNIFF_CHARS characters after its leading blanks (as
    sniff_delimiter reads a whole text): a file may open with more blank lines than that."""
    text = ""
    while len(text) < SNIFF_CHARS and (chunk := file.read(SNIFF_CHARS)):
        text = (text + chunk).lstrip(_LEADING)
    return text


def sniff_delimiter(text: str) -> str:
    """The delimiter of the first non-blank line: the commonest of , tab ; ， | outside
    quotes. A | only where the next line has as many: a title line over a comma file
    (客户名单 | 导出于 2024-03-05) has one where its rows have none."""
    lines = _first_lines(text.lstrip(_LEADING)[:SNIFF_CHARS], 2)
    counts = _delimiters_in(lines[0]) if lines else dict.fromkeys(_DELIMITERS, 0)
    if counts["|"] and len(lines) == 2 and _delimiters_in(lines[1])["|"] != counts["|"]:
        counts["|"] = 0
    best = max(_DELIMITERS, key=counts.__getitem__)  # ties go to the earlier (comma first)
    return best if counts[best] else ","


def _first_lines(text: str, wanted: int) -> list[str]:
    """The first `wanted` non-blank lines of `text` (a quoted cell's line breaks inside its
    line), as far as `text` goes."""
    lines: list[str] = []
    quoted, start = False, 0
    for at, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            if text[start:at].strip():
                lines.append(text[start:at])
                if len(lines) == wanted:
                    return lines
            start = at + 1
    if text[start:].strip():
        lines.append(text[start:])
    return lines


def _delimiters_in(line: str) -> dict[str, int]:
    """How many of each delimiter `line` has outside quotes."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return counts


def _split_rows(
    path: Path,
    file: TextIO,
    delimiter: str,
    reopen: Callable[[], TextIO] | None = None,
) -> Iterator[Row]:
    """The file's non-blank rows (line, cells); BookError for quotes that do not close.
    `reopen` opens the text again to check the last row strictly (a quote open at the end
    of the file) when it is longer than what was kept; None: no check at the end."""
    lines = _Lines(file, delimiter)
    reader = csv.reader(lines, delimiter=delimiter)
    width: int | None = None
    line = next_line = 1
    try:
        for raw in reader:
            line, next_line = next_line, reader.line_num + 1
            if next_line - line > 1:  # a quoted cell over several lines
                read = lines.tail(line)  # (what was read of it: the row's own lines)
                _check_swallowed(path, delimiter, line, reader.line_num, raw, width, read)
            # Most files skip these per-cell steps (a second a million rows): see _Lines.
            cells = [cell.strip() for cell in raw] if lines.padded else raw
            if not any(cells):
                continue
            if lines.guarded:
                cells = [unguard(cell) for cell in cells]
            if width is None:
                width = len(cells)
            yield line, cells
    except csv.Error as exc:
        raise cannot_import(path, "bad_quotes", line=next_line, reason=exc) from None
    except LineTooLong:
        limit = f"{CELL_CHARS_MAX:,}"
        raise cannot_import(path, "line_too_long", line=next_line, limit=limit) from None
    if reopen is not None:
        tail = lines.tail(line)
        if tail is None:  # a last row longer than the blocks kept: read its text again
            with reopen() as again:
                tail = "".join(islice(again, line - 1, None))
        _check_closed(path, tail, delimiter, line)


def _check_swallowed(
    path: Path,
    delimiter: str,
    line: int,
    last: int,
    cells: list[str],
    width: int | None,
    read: str | None = None,
) -> None:
    """Refuse a quote that swallowed the rows after it: a cell whose inner lines look like
    rows (as many delimiters as the header has, something between them). Notes over
    several lines rarely do; a line of delimiters alone (",,,") holds no row. `read`: the
    text of the row's lines, if kept: a quote it never closes ran to the end of the file,
    and is said so (not "closes only on" the file's last line)."""
    width = len(cells) if width is None else width
    for cell in cells:
        if "\n" in cell and any(
            _looks_like_a_row(part, delimiter, width) for part in cell.split("\n")[1:]
        ):
            if read is not None:
                _check_closed(path, read, delimiter, line)
            raise cannot_import(path, "open_quote", line=line, end=last)


def _looks_like_a_row(part: str, delimiter: str, width: int) -> bool:
    return part.count(delimiter) >= max(width - 1, 1) and bool(part.replace(delimiter, "").strip())


def _check_closed(path: Path, tail: str, delimiter: str, line: int) -> None:
    """Refuse a quote still open at the end of the file: strict reading of the last row."""
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "end of data" in str(exc):
            raise cannot_import(path, "open_quote_end", line=line) from None


def fit_rows(
    header: list[str], rows: Sequence[Row], nul: bool = False, delimiter: str = ","
) -> tuple[list[Row], tuple[RowError, ...]]:
    """The rows as wide as `header`, and a RowError for each row that does not fit it.

    A row with fewer cells than the header names, or with text in cells past the header's
    last column, was shifted (an unquoted comma, a missing one): it is refused, not cut or
    padded. Empty cells past the header (a spreadsheet's padding, `a,b,c,,`) are dropped.
    `nul`: the text may hold a NUL character; a row holding one is refused, named by it.
    `delimiter`: the file's, named in a refused row's message (a ; file's missing ;).
    """
    if nul:
        rows, damaged = _without_nul(header, rows)
        if damaged:
            kept, shifted = fit_rows(header, rows, delimiter=delimiter)
            return kept, tuple(sorted((*damaged, *shifted), key=_line))
    width = len(header)
    if set(map(len, map(itemgetter(1), rows))) <= {width}:
        return (rows if isinstance(rows, list) else list(rows)), ()  # the common case, C loops
    named = max((index + 1 for index, cell in enumerate(header) if cell), default=0)
    fitted: list[Row] = []
    refused: list[RowError] = []
    for line, cells in rows:
        count = len(cells)
        if count == width:
            fitted.append((line, cells))
        elif count < named and not bill_trailer(cells):
            refused.append(_too_few(line, header, cells, delimiter))
        elif count > width and any(cells[width:]):
            refused.append(_too_many(line, header, cells, delimiter))
        else:
            fitted.append((line, cells[:width] + [""] * (width - count)))
    return fitted, tuple(refused)


def _without_nul(header: list[str], rows: Sequence[Row]) -> tuple[list[Row], list[RowError]]:
    """The rows holding no NUL character, and a RowError naming the first cell of each other."""
    kept: list[Row] = []
    damaged: list[RowError] = []
    for line, cells in rows:
        at = next((index for index, cell in enumerate(cells) if "\x00" in cell), None)
        if at is None:
            kept.append((line, cells))
        else:
            damaged.append(RowError(line, column_label(header, at), cells[at], Words(_NUL)))
    return kept, damaged


_NUL = "import.nul_char"


def _line(error: RowError) -> int:
    return error.line


def refuse_nul_header(path: Path, header: list[str], line: int) -> None:
    """Refuse a header holding a NUL character, naming its line and column: what the
    columns are cannot be told."""
    at = next((index for index, cell in enumerate(header) if "\x00" in cell), None)
    if at is not None:
        raise cannot_import(path, "nul_in_header", line=line, column=at + 1)


def column_label(header: list[str], index: int) -> str | Words:
    """How a report names the column at `index`: its header text, else its position."""
    text = header[index] if index < len(header) else ""
    return text or Words("import.column_at", n=index + 1)


# How a short or long row's message names the file's delimiter (_DELIMITERS)
_SEPARATORS = {
    ",": "import.separator.comma",
    "\t": "import.separator.tab",
    ";": "import.separator.semicolon",
    "，": "import.separator.wide_comma",
    "|": "import.separator.bar",
}


def _too_few(line: int, header: list[str], cells: list[str], delimiter: str) -> RowError:
    count = len(cells)
    named = sum(1 for cell in header if cell)
    separator = Words(_SEPARATORS[delimiter])
    rule = Words("import.row_too_short", cells=count, columns=named, separator=separator)
    return RowError(line, column_label(header, count), "", rule)


def _too_many(line: int, header: list[str], cells: list[str], delimiter: str) -> RowError:
    width = len(header)
    extra = next(index for index in range(width, len(cells)) if cells[index])
    used = max(index + 1 for index, cell in enumerate(cells) if cell)
    said = {"cells": used, "columns": width, "extra": cells[extra][:40]}
    if delimiter == ",":
        rule = Words("import.row_too_long", **said)
    else:  # (its example cells, 1,280.50 and 湖北,武汉, hold a comma: none of this file's)
        separator = Words(_SEPARATORS[delimiter])
        rule = Words("import.row_too_long_separated", **said, separator=separator)
    return RowError(line, column_label(header, extra), cells[extra], rule)


def _check_header(path: Path, cells: list[str]) -> None:
    named = [cell for cell in cells if cell]
    if all(_DATA_CELL.fullmatch(cell) for cell in named):
        raise cannot_import(path, "no_header", first=", ".join(cells)[:80])
