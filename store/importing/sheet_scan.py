"""A look at an .xlsx sheet's XML before the workbook library reads it: how far its cells
reach, which cells hold an Excel error (#REF!, #N/A, …), which it would read as blank, and
which number cells are shown as a percentage (0.15 shown 15%), which it reads as 0.15, and
which are shown with leading zeros (124 in a column formatted 000000 shows 000124: a code),
which it reads as 124.

calamine reads a sheet into one dense block as large as the box its cells span, so one stray
cell at XFD1048576 asks for 17 billion cells and the process aborts; `<dimension ref>` cannot
tell (Excel counts merely formatted cells in it, other writers leave it out). So the sheet's
XML is streamed once: a few counts and searches over each chunk (C loops) bound the box, and
only a box much larger than the cells goes on to a real parse (iterparse) that finds the far
cells. A check, not a reader: the cells are still read by calamine. No SQLite.
"""

from __future__ import annotations

import heapq
import io
import re
import zipfile
import zlib
from array import array
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import neg
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import ParseError, fromstring, iterparse

from xiaoben.models.money import foreign_currency
from xiaoben.store.importing.formulas import sheet_member

# What reading a damaged zip (a workbook cut short, bytes changed) raises: a read that fails
# (OSError), a member its directory names but lacks (KeyError), a name that is no UTF-8
# (UnicodeDecodeError, a ValueError), a version field or a compression method zipfile does
# not know (NotImplementedError: an exception it raises, not code of ours left unwritten), no
# zip at all (BadZipFile), a member cut short (EOFError, zlib.error).
DAMAGED_ZIP: tuple[type[Exception], ...] = (
    OSError,
    KeyError,
    ValueError,
    NotImplementedError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
)
_DAMAGED_SHEET: tuple[type[Exception], ...] = (*DAMAGED_ZIP, ParseError)  # and its XML

# A box of cells up to this size is read whatever it holds (calamine keeps some 32 bytes a
# cell: 2M cells are 64 MB); above it, the box may be at most this many times its cells.
AREA_FLOOR = 2_000_000
AREA_PER_CELL = 4
_CHUNK = 1 << 20
_NAMED_CELLS = 3  # far cells named in a message; more are counted
_MOST_FAR = 1000  # cells left out before a sheet is taken as too sparse to say which

_LETTERS_DIGITS = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", b"A" * 26 + b"0" * 10)
_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d{1,7})"')
# a cell with content (not <c r="A1" s="1"/>): its attributes and what it holds
_ERROR_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_ERROR_TYPE = re.compile(rb'\st="e"')
_LONG_COLUMN = re.compile(rb'\sr="([A-Z]{2,3})\d')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_STYLE = re.compile(rb'\ss="(\d+)"')
_TYPE = re.compile(rb'\st="(\w*)"')
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_HIDDEN = re.compile(rb'\shidden="(?:1|true)"')
_COLUMN = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_SPAN_ENDS = re.compile(rb'\s(min|max)="(\d+)"')
# Built-in formats no file spells out (numFmtId) that show a percentage: 0% and 0.00%
PERCENT_BUILTIN = frozenset({9, 10})
# what a format shows literally (quoted, escaped) or as a colour or locale: no % of its own
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


@dataclass
class SheetScan:
    """What the look found: the cells far from the data (references, the first few), how
    many there are, the box the rest of the data fills, and the error cells
    ((row, column), both 1-based -> the error as Excel shows it)."""

    far: list[str] = field(default_factory=list)
    far_count: int = 0
    left_out: list[str] = field(default_factory=list)  # every far cell, when few enough
    member: str = ""  # the zip member holding the sheet's XML
    data_box: str = ""
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    # (.xls only, xls_scan) number cells formatted as a date without its year (3月5日)
    yearless: set[tuple[int, int]] = field(default_factory=set)
    # the text a cell shows where calamine reads another: (.ods, ods_scan) a cell holding a
    # line break or a tab, read without them (杭州市西湖区⏎文三路1号 as 杭州市西湖区文三路1号);
    # (.xlsx) a whole number in a format of leading zeros, read as the number (124 shown
    # 000124, "VIP"0000 shows VIP0124)
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    # (.xlsx) number cells formatted as a percentage -> what they show (0.15 -> "15%")
    percents: dict[tuple[int, int], str] = field(default_factory=dict)
    # (.xlsx, .xls) the rows the sheet hides: hidden, or filtered out by an AutoFilter
    hidden_rows: set[int] = field(default_factory=set)
    # (.xlsx, .xls) the columns the sheet hides, 1-based (<col min="3" max="3" hidden="1">)
    hidden_columns: set[int] = field(default_factory=set)
    # (.ods only, ods_scan) its merged cells as calamine gives an .xlsx's, which it gives
    # none of for an .ods: ((top, left), (bottom, right)), 0-based
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def column_number(letters: bytes | str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384."""
    number = 0
    for letter in letters.encode() if isinstance(letters, str) else letters:
        number = number * 26 + letter - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def scan_sheet(path: Path, sheet: str) -> SheetScan:
    """The look at `sheet` of the .xlsx at `path`; an empty SheetScan when its XML cannot be
    found (calamine then says what is wrong with the file)."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = sheet_member(archive, sheet)
            if member is None:
                return SheetScan()
            percent, padded = _number_styles(archive)
            with archive.open(member) as xml:
                scan, suspicious = _quick_look(xml, percent, padded)
            scan.member = member
            if suspicious:
                with archive.open(member) as xml:
                    _far_cells(xml, scan)
    except _DAMAGED_SHEET:
        return SheetScan()  # a damaged file: calamine names the damage
    return scan


def _quick_look(
    xml: IO[bytes], percent: dict[bytes, str], padded: dict[bytes, Padding] | None = None
) -> tuple[SheetScan, bool]:
    """The error cells, the number cells in a `percent` style (s="9": a percentage's or
    another currency's, _number_styles) and in a `padded` one (leading zeros: what they
    show), and whether the box
    the cells' references span may be much larger than their count (True: look cell by
    cell). Rows and cells come in order in what a spreadsheet writes, so the last reference
    of a chunk names its lowest row; a reference with more digits anywhere in the chunk (out
    of order) bounds it by a power of ten."""
    scan = SheetScan()
    cells = 0
    cell_tag = b"<c "
    widest = lowest = 0  # the largest column named; a bound of the largest row
    carry = b""
    while True:
        read = xml.read(_CHUNK)
        chunk = carry + read
        if read:  # the last cell, which may go on in the next read, waits for it
            cut = chunk.rfind(cell_tag)
            cut = chunk.rfind(b"<", 0, cut + 1) if cut > 0 else chunk.rfind(b"<")
            chunk, carry = chunk[: max(cut, 0)], chunk[max(cut, 0) :]
        if cells == 0 and cell_tag not in chunk and b":c " in chunk:
            cell_tag = b":c "  # <x:c r="A1">: a writer that names the namespace
        cells += chunk.count(cell_tag)
        last = _last_ref(chunk)
        if last is not None:
            shapes = chunk.translate(_LETTERS_DIGITS)  # A1 -> A0, XFD1048576 -> AAA0000000
            widest = max(widest, _widest(chunk, shapes))
            lowest = max(lowest, _lowest(shapes, last))
        if b't="e"' in chunk:
            scan.errors.update(_errors(chunk))
        if percent and any(style in chunk for style in percent):
            scan.percents.update(_percents(chunk, percent))
        if padded and any(style in chunk for style in padded):
            scan.texts.update(_padded(chunk, padded))
        if b'hidden="' in chunk:  # a row's tag comes before its cells: never cut off here
            scan.hidden_rows.update(_hidden_rows(chunk))
            scan.hidden_columns.update(_hidden_columns(chunk))
        if not read:
            break
    return scan, too_large(widest * lowest, cells)


def too_large(area: int, cells: int) -> bool:
    """Whether a box of `area` cells is too large for the `cells` in it to be read whole."""
    return area > max(AREA_FLOOR, AREA_PER_CELL * cells)


def _last_ref(chunk: bytes) -> int | None:
    """The row of the chunk's last cell reference."""
    at = len(chunk)
    while (at := chunk.rfind(b' r="', 0, at)) >= 0:
        found = _REF.match(chunk, at)
        if found:
            return int(found.group(2))
    return None


def _lowest(shapes: bytes, last: int) -> int:
    """`last`, or 10^digits if a reference (or row) with more digits is in the chunk: one
    search in the common case."""
    digits = len(str(last))
    if b"0" * (digits + 1) + b'"' not in shapes:
        return last
    most = next((n for n in range(7, digits, -1) if b"0" * n + b'"' in shapes), digits + 1)
    return 10**most


def _widest(chunk: bytes, shapes: bytes) -> int:
    """The largest column a reference in the chunk names (up to Z: 26, told by one search)."""
    if b' r="AA' not in shapes:
        return 26
    return max(map(column_number, _LONG_COLUMN.findall(chunk)), default=26)  # text, not refs


def _errors(chunk: bytes) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    for attributes, inside in _ERROR_CELL.findall(chunk):
        if not _ERROR_TYPE.search(attributes):
            continue
        ref = _REF.search(attributes)
        value = _VALUE.search(inside)
        if ref is None:
            continue
        text = value.group(1).decode("utf-8", "replace").strip() if value else ""
        found[(int(ref.group(2)), column_number(ref.group(1)))] = text or "#VALUE!"
    return found


def _hidden_rows(chunk: bytes) -> list[int]:
    """The numbers of the rows of the chunk the sheet hides (<row r="3" hidden="1">: hidden,
    or filtered out by an AutoFilter); a row without a number cannot be told."""
    found: list[int] = []
    for attributes in _ROW.findall(chunk):
        number = _ROW_NUMBER.search(attributes)
        if number is not None and _HIDDEN.search(attributes):
            found.append(int(number.group(1)))
    return found


def _hidden_columns(chunk: bytes) -> list[int]:
    """The numbers of the columns the chunk's <col> tags hide (<col min="3" max="4"
    hidden="1">: C and D), 1-based; a tag without both ends cannot be told."""
    found: list[int] = []
    for attributes in _COLUMN.findall(chunk):
        ends = dict(_SPAN_ENDS.findall(attributes))
        if b"min" in ends and b"max" in ends and _HIDDEN.search(attributes):
            first, last = int(ends[b"min"]), min(int(ends[b"max"]), 16384)
            found.extend(range(first, last + 1))
    return found


def _number_styles(archive: zipfile.ZipFile) -> tuple[dict[bytes, str], dict[bytes, Padding]]:
    """The s="…" attributes (as the sheet's XML writes them) of the workbook's cell styles
    showing a number as a percentage ("%") or as an amount in another currency than yuan
    (its sign: "$", "US$", "€"), and of those showing whole numbers with leading zeros
    (with how), from one read of its styles; none when they cannot be read (the cells are
    then read as numbers, as before)."""
    try:
        root = fromstring(archive.read("xl/styles.xml"))
    except _DAMAGED_SHEET:
        return {}, {}
    codes = {
        element.get("numFmtId", ""): element.get("formatCode", "")
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] == "numFmt"
    }
    shown: dict[bytes, str] = {}
    padded: dict[bytes, Padding] = {}
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "cellXfs":
            for at, style in enumerate(element):
                number = style.get("numFmtId", "0")
                code = codes.get(number, "")
                attribute = b' s="%d"' % at
                builtin = number.isdigit() and int(number) in PERCENT_BUILTIN
                if builtin or shows_percent(code):
                    shown[attribute] = "%"
                elif sign := foreign_sign(code):
                    shown[attribute] = sign
                padding = padding_of(code)
                if padding is not None:
                    padded[attribute] = padding
    return shown, padded


# The significant digits a spreadsheet keeps of a number (Excel, WPS: 15); a longer one
# (an ID card's, an order's number) lost its last digits to zeros.
SPREADSHEET_DIGITS = 15


@dataclass(frozen=True)
class Padding:
    """A number format showing a whole number with leading zeros: `before` + the number in
    `zeros` digits at least + `after` (000000: 124 shows 000124; "VIP"0000: VIP0124)."""

    before: str
    zeros: int
    after: str

    def shown(self, number: int) -> str:
        return f"{self.before}{number:0{self.zeros}d}{self.after}"


# a format's literal text: "VIP" quoted, or one character escaped by a backslash
_LITERAL = r'(?:"[^"]*"|\\.)*'
_PADDED = re.compile(rf"({_LITERAL})(00+)({_LITERAL})")
_COLOUR = re.compile(r"\[[A-Za-z]+\]")


def padding_of(number_format: str) -> Padding | None:
    """The Padding a number format (its first section: positive numbers) shows, or None:
    a run of two zeros or more and nothing else but literal text around it — never a
    decimal point, a #, a thousands comma, a percentage, an exponent, a date or a fraction."""
    first = _COLOUR.sub("", number_format.split(";", 1)[0])
    found = _PADDED.fullmatch(first)
    if found is None:
        return None

    def literal(text: str) -> str:
        return re.sub(r'"([^"]*)"|\\(.)', lambda part: part.group(1) or part.group(2), text)

    return Padding(literal(found.group(1)), len(found.group(2)), literal(found.group(3)))


def _number_cells(
    chunk: bytes, styles: Container[bytes]
) -> Iterator[tuple[bytes, int, int, bytes]]:
    """(its style attribute, row, column, value as written) of each number cell of the
    chunk in one of `styles`; a text cell (its text shows as typed) and a cell without a
    value are left out."""
    for attributes, inside in _ERROR_CELL.findall(chunk):
        style = _STYLE.search(attributes)
        if style is None or style.group(0) not in styles:
            continue
        kind = _TYPE.search(attributes)
        ref = _REF.search(attributes)
        value = _VALUE.search(inside)
        if (kind is not None and kind.group(1) != b"n") or ref is None or value is None:
            continue
        yield style.group(0), int(ref.group(2)), column_number(ref.group(1)), value.group(1)


def _padded(chunk: bytes, padded: dict[bytes, Padding]) -> dict[tuple[int, int], str]:
    """The whole, non-negative number cells of the chunk in a `padded` style -> what they
    show (124 -> 000124); a number with a fraction is left to be read as it is."""
    found: dict[tuple[int, int], str] = {}
    for style, row, column, value in _number_cells(chunk, padded):
        try:
            number = Decimal(value.decode("ascii"))
        except (InvalidOperation, UnicodeDecodeError):
            continue
        if number < 0 or number != number.to_integral_value():
            continue
        if len(str(int(number))) > SPREADSHEET_DIGITS:
            continue  # past what a spreadsheet keeps: the lost digits' rule names the cell
        found[(row, column)] = padded[style].shown(int(number))
    return found


def shows_percent(number_format: str) -> bool:
    """Whether a number format shows its numbers as a percentage: a % not in quotes nor
    escaped (0%, 0.0%, [Red]0.00%; not 0"%" nor 0\\%)."""
    return "%" in _LITERALS.sub("", number_format)


def _percents(chunk: bytes, shown: dict[bytes, str]) -> dict[tuple[int, int], str]:
    """The number cells of the chunk in a `shown` style -> what they show: 15% (a
    percentage's), $100 (another currency's sign before the number as written)."""
    return {
        (row, column): number_shown(shown[style], value.decode("ascii", "replace"))
        for style, row, column, value in _number_cells(chunk, shown)
    }


def number_shown(mark: str, written: str) -> str:
    """A number cell as its format shows it (`mark`: "%" a percentage's, or another
    currency's sign, _number_styles): 0.15 -> 15%, 100 -> $100, 99.5 -> $99.5."""
    if mark == "%":
        return percent_shown(written)
    return f"{mark}{written.removesuffix('.0')}"


# A number format's currency: [$US$-409] (Excel's currency and locale: the sign before the
# -), or text it shows as it is: "美元" quoted, \$ escaped, or a sign outside them ($#,##0).
_FORMAT_CURRENCY = re.compile(
    r'\[\$([^\]-]*)(?:-([0-9A-Fa-f]+))?[^\]]*\]|"([^"]*)"|\\(.)|([^\w\s.,#0?%;@()*_+\-/:"\\\[\]])'
)
# Yen and yuan share the sign ¥: [$¥-411] is Japan's (its locale's language 0x11), the
# yen of a daigou seller's sheet from Japanese Excel, ~20× a yuan; [$¥-804] China's.
_JAPANESE = 0x11
_YEN_SIGNS = frozenset("¥￥")


def foreign_sign(number_format: str) -> str:
    """The sign of another currency than yuan a number format shows its numbers with ("$"
    for [$$-409]#,##0.00 or $#,##0, "美元" for 0.00"美元", "JPY" for Japan's [$¥-411]); "" for
    yuan's (¥, [$¥-804], 元), for a locale alone ([$-409]) and for none."""
    first = _COLOUR.sub("", number_format.split(";", 1)[0])
    for found in _FORMAT_CURRENCY.finditer(first):
        bracketed, locale, *others = found.groups()
        sign = bracketed or next((part for part in others if part), "")
        if sign in _YEN_SIGNS and locale and int(locale, 16) & 0x3FF == _JAPANESE:
            return "JPY"  # shown as JPY10000: its ¥ alone would read as yuan
        if sign and foreign_currency(sign):
            return sign
    return ""


def percent_shown(value: bytes | str) -> str:
    """0.15 -> 15%, 0.125 -> 12.5%: the number as a percentage, every digit kept."""
    text = value.decode("ascii", "replace") if isinstance(value, bytes) else value
    try:
        shown = (Decimal(text.strip()) * 100).normalize()
    except InvalidOperation:
        return text
    return f"{shown:f}%"


def _far_cells(xml: IO[bytes], scan: SheetScan) -> None:
    """Every cell with a value (any child: <v>, <is>, a formula), then the ones far from the
    rest (split_far). A row or cell without a reference follows the one before it, as
    calamine places it; far cells among such cannot be taken out by reference, so they are
    named only (the import refused)."""
    rows = array("l")
    columns = array("l")
    numbers: dict[str, int] = {}  # a column's letters -> its number
    row = column = 0  # the last row's number; the last cell's column in this row
    placed: list[tuple[int, int]] = []  # this row's cells with a value: (row or 0, column)
    unnumbered = False
    for _, element in iterparse(xml):  # a row ends after its cells: they wait for its number
        tag = element.tag
        if tag[-2:] == "}c" or tag == "c":
            reference = element.get("r", "")
            letters = reference.rstrip("0123456789")
            digits = reference[len(letters) :]
            if digits and 1 <= len(letters) <= 3 and letters.isupper():
                column = numbers.get(letters) or numbers.setdefault(letters, column_number(letters))
                cell_row = int(digits)
            else:
                unnumbered = True
                column, cell_row = column + 1, 0
            if len(element):  # else only formatted
                placed.append((cell_row, column))
        elif tag[-4:] == "}row" or tag == "row":
            number = element.get("r", "")
            unnumbered = unnumbered or not number.isdigit()
            row = int(number) if number.isdigit() else row + 1
            for cell_row, cell_column in placed:
                rows.append(cell_row or row)
                columns.append(cell_column)
            placed.clear()
            column = 0
            element.clear()
    split_far(rows, columns, scan)
    if unnumbered:
        scan.left_out = []


Cell = tuple[int, int]  # (row, column), 1-based


class _Side:
    """One side of the box (bottom, top, right or left): the cells furthest out on it, the
    furthest last, each with its distance out (row, -row, column or -column). Only these
    are sorted: a sheet of a million cells is not."""

    def __init__(self, cells: Iterable[tuple[int, int, int]]) -> None:
        self.cells = heapq.nlargest(_MOST_FAR + 1, cells)[::-1]  # (distance, row, column)

    def edge(self, gone: set[Cell]) -> tuple[int, Cell]:
        """The distance of the furthest cell not gone, and the cell."""
        while len(self.cells) > 1 and self.cells[-1][1:] in gone:
            self.cells.pop()
        distance, row, column = self.cells[-1]
        return distance, (row, column)

    def next_edge(self, gone: set[Cell]) -> int:
        """The distance of the edge once its furthest cell is gone (the same if it is alone)."""
        for distance, row, column in reversed(self.cells[:-1]):
            if (row, column) not in gone:
                return distance
        return self.cells[-1][0]


def split_far(rows: Sequence[int], columns: Sequence[int], scan: SheetScan) -> None:
    """Leaves out the cell furthest out on one side of the box, the side whose cell shrinks
    the box most, while the box is too large for the cells left (at most _MOST_FAR)."""
    if not rows:
        return
    bottom = _Side(zip(rows, rows, columns, strict=True))
    top = _Side(zip(map(neg, rows), rows, columns, strict=True))
    right = _Side(zip(columns, rows, columns, strict=True))
    left = _Side(zip(map(neg, columns), rows, columns, strict=True))
    gone: set[Cell] = set()
    far: list[Cell] = []
    while len(far) < _MOST_FAR:
        edges = [side.edge(gone) for side in (bottom, top, right, left)]
        (low, _), (high, _), (wide, _), (narrow, _) = edges
        height, width = low + high + 1, wide + narrow + 1  # top and left are negated
        if not too_large(height * width, len(rows) - len(far)):
            break
        shrunk = [
            (bottom.next_edge(gone) + high + 1) * width,
            (low + top.next_edge(gone) + 1) * width,
            height * (right.next_edge(gone) + narrow + 1),
            height * (wide + left.next_edge(gone) + 1),
        ]
        cell = edges[shrunk.index(min(shrunk))][1]
        gone.add(cell)
        far.append(cell)
    scan.far_count = len(far)
    if len(far) < _MOST_FAR:  # else cells everywhere: which are the data is unclear
        scan.left_out = [f"{column_letters(column)}{row}" for row, column in far]
    scan.far = [f"{column_letters(column)}{row}" for row, column in far[:_NAMED_CELLS]]
    if far:
        low, high = bottom.edge(gone)[0], -top.edge(gone)[0]
        wide, narrow = right.edge(gone)[0], -left.edge(gone)[0]
        scan.data_box = f"{column_letters(narrow)}{high}:{column_letters(wide)}{low}"


def without_cells(path: Path, member: str, cells: list[str]) -> io.BytesIO:
    """The workbook at `path` with `cells` of the sheet in `member` taken out, in memory: a
    copy for the workbook library to read the sheet from, the file itself untouched."""
    names = b"|".join(re.escape(cell.encode()) for cell in cells)
    far = re.compile(
        rb'<(?:\w+:)?c\b[^>]*?\sr="(?:' + names + rb')"[^>]*?(?:/>|>.*?</(?:\w+:)?c>)',
        re.DOTALL,
    )
    copy = io.BytesIO()
    with zipfile.ZipFile(path) as archive, zipfile.ZipFile(copy, "w") as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == member:
                data = far.sub(b"", data)
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    copy.seek(0)
    return copy
