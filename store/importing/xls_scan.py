"""A look at a legacy .xls sheet's records before calamine reads it: the cells far from the
data, the cells holding an Excel error (#N/A, #DIV/0!, …), which calamine hands over as
blank, and the number cells shown as a percentage (0.15 shown 15%).

calamine reads an .xls sheet into one dense block as large as the box its cells span: one
stray cell at IV65536 makes it 16.7 million cells (some 1 GB). So the sheet's cell records
(BIFF5/BIFF8, [MS-XLS] 2.4) are gone through once, each cell's place noted; far cells are
told as for an .xlsx (sheet_scan.split_far) and left out of a copy of the workbook, where
their records become ones calamine skips (same length: no offset in the file moves). A
check, not a reader: the cells are still read by calamine. No SQLite.
"""

from __future__ import annotations

import io
import struct
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import olefile

from xiaoben.store.importing.birthday_formats import YEARLESS_BUILTIN, shows_no_year
from xiaoben.store.importing.sheet_scan import (
    AREA_FLOOR,
    PERCENT_BUILTIN,
    SheetScan,
    column_letters,
    foreign_sign,
    number_shown,
    shows_percent,
    split_far,
    too_large,
)

_STREAMS = ("Workbook", "Book")  # BIFF8; BIFF5
_BOF, _EOF, _FILEPASS, _BOUNDSHEET, _CODEPAGE = 0x0809, 0x000A, 0x002F, 0x0085, 0x0042
_FORMULA, _STRING, _BOOLERR, _MULRK = 0x0006, 0x0207, 0x0205, 0x00BD
_ONE_CELL = frozenset({0x0203, 0x0204, 0x00D6, 0x027E, 0x00FD})  # number, label, rstring, rk, sst
_NUMBERS = frozenset({0x0203, 0x027E})  # number, rk
_RK = 0x027E
_FORMAT, _XF, _DIMENSIONS, _DATEMODE = 0x041E, 0x00E0, 0x0200, 0x0022
_SKIPPED = 0x0201  # Blank: a formatted cell without a value, which calamine does not read
_ROW, _ROW_HIDDEN = 0x0208, 0x0020  # a Row record; its fDyZero flag: the row is hidden
_COLINFO, _COLUMNS_HIDDEN = 0x007D, 0x0001  # a ColInfo record; its fHidden flag
_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}
_SPLIT = 0xFFFF  # the last two bytes of a formula's value when it is no number
_DAMAGED = (struct.error, IndexError, OverflowError, ValueError, OSError)


@dataclass
class _Cells:
    """The sheet's cells with a value: row and column (1-based), and the offset of the record
    each is in (a MulRk record holds several); the String record following a formula's."""

    rows: array[int] = field(default_factory=lambda: array("l"))
    columns: array[int] = field(default_factory=lambda: array("l"))
    records: array[int] = field(default_factory=lambda: array("q"))
    strings: dict[int, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, row: int, column: int, record: int) -> None:
        self.rows.append(row + 1)
        self.columns.append(column + 1)
        self.records.append(record)


@dataclass
class XlsLook:
    """The look at each sheet of an .xls (by its name), and a copy of the file without the
    far cells left out of any (None when none is)."""

    sheets: dict[str, SheetScan] = field(default_factory=dict)
    copy: io.BytesIO | None = None
    date1904: bool = False  # its day numbers count from 1904-01-01 (Excel for Mac's)


def scan_xls(path: Path) -> XlsLook:
    """The look at every sheet of the .xls at `path`: calamine reads all of them when it
    opens the file, so a far cell in any would be read. An empty look when the file cannot
    be gone through (calamine then says what is wrong with it)."""
    try:
        with olefile.OleFileIO(str(path), raise_defects=olefile.DEFECT_INCORRECT) as ole:
            name = next((name for name in _STREAMS if ole.exists(name)), None)
            if name is None:
                return XlsLook()
            stream = ole.openstream(name).read()
    except _DAMAGED:  # no Compound File, or a damaged one: calamine names the damage
        return XlsLook()
    look = XlsLook()
    patched: bytearray | None = None  # the stream with far cells' records retyped, if any
    try:
        found = _globals(stream)
        if found is None:
            return look
        look.date1904 = found.date1904
        for sheet, start in found.sheets:
            scan = SheetScan()
            cells = _cells(stream, start, scan, found)
            look.sheets[sheet] = scan
            if too_large(max(cells.columns, default=0) * max(cells.rows, default=0), len(cells)):
                split_far(cells.rows, cells.columns, scan)
                if scan.left_out:
                    patched = patched if patched is not None else bytearray(stream)
                    _leave_out(patched, cells, scan)
        if patched is not None and patched != stream:
            look.copy = io.BytesIO(path.read_bytes())
            with olefile.OleFileIO(
                look.copy, write_mode=True, raise_defects=olefile.DEFECT_INCORRECT
            ) as ole:
                _check_chains(ole, name)
                ole.write_stream(name, bytes(patched))
            look.copy.seek(0)
    except _DAMAGED:  # records cut short or out of place: calamine names the damage
        return XlsLook()
    return look


def _check_chains(ole: olefile.OleFileIO, name: str) -> None:
    """ValueError when the sector chains olefile's write_stream follows (the stream's, in the
    MiniFAT or the FAT, and the root's) loop or leave their table: olefile follows them with
    no bound, and a damaged file's looping chain grew its list until memory ran out."""
    entry = ole.direntries[ole._find(name)]
    chains = [(entry.isectStart, entry.is_minifat)]
    if entry.is_minifat:
        if not ole.minifat:
            ole.loadminifat()
        chains.append((ole.root.isectStart, False))
    for start, mini in chains:
        table = ole.minifat if mini else ole.fat
        sect = start
        for _ in range(len(table) + 1):
            if sect == olefile.ENDOFCHAIN:
                break
            if not 0 <= sect < len(table):
                raise ValueError("a sector chain leaves its table")
            sect = table[sect]
        else:
            raise ValueError("a sector chain loops")


def _records(stream: bytes, at: int) -> Iterator[tuple[int, int, int]]:
    """(offset, type, length) of each record from `at` on."""
    end = len(stream)
    while at + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, at)
        yield at, kind, length
        at += 4 + length


@dataclass
class _Globals:
    """What the workbook's first records tell: each sheet's name and where its records
    start, in the workbook's order; the cell formats (XF indexes) that show a date without
    its year, and those showing a number as a percentage or in another currency than yuan
    (with its sign); its date system."""

    sheets: list[tuple[str, int]] = field(default_factory=list)
    yearless: set[int] = field(default_factory=set)
    percent: dict[int, str] = field(default_factory=dict)  # "%", or another currency's sign
    biff8: bool = True
    date1904: bool = False


def _globals(stream: bytes) -> _Globals | None:
    """None for an encrypted workbook or one that is no BIFF5/BIFF8."""
    found = _Globals()
    codepage = "cp1252"
    formats: dict[int, str] = {}
    xf_formats: list[int] = []
    biff8 = True
    for at, kind, length in _records(stream, 0):
        if at == 0 and kind != _BOF:
            return None
        if at == 0:
            biff8 = found.biff8 = struct.unpack_from("<H", stream, at + 4)[0] == 0x0600
        if kind == _FILEPASS:
            return None
        if kind == _CODEPAGE:
            codepage = f"cp{struct.unpack_from('<H', stream, at + 4)[0]}"
        elif kind == _BOUNDSHEET:
            (offset,) = struct.unpack_from("<I", stream, at + 4)
            found.sheets.append((_sheet_name(stream[at + 10 : at + 4 + length], codepage), offset))
        elif kind == _FORMAT:
            (number,) = struct.unpack_from("<H", stream, at + 4)
            formats[number] = _format_text(stream[at + 6 : at + 4 + length], biff8, codepage)
        elif kind == _XF:
            xf_formats.append(struct.unpack_from("<H", stream, at + 6)[0])
        elif kind == _DATEMODE:
            found.date1904 = struct.unpack_from("<H", stream, at + 4)[0] == 1
        elif kind == _EOF:
            break
    found.yearless = {
        xf
        for xf, number in enumerate(xf_formats)
        if number in YEARLESS_BUILTIN or shows_no_year(formats.get(number, ""))
    }
    for xf, number in enumerate(xf_formats):
        if number in PERCENT_BUILTIN or shows_percent(formats.get(number, "")):
            found.percent[xf] = "%"
        elif sign := foreign_sign(formats.get(number, "")):
            found.percent[xf] = sign
    return found


def _format_text(data: bytes, biff8: bool, codepage: str) -> str:
    """A Format record's text: in BIFF8 a two-byte count, a flag, then Latin-1 or UTF-16
    characters; in BIFF5 a count, then bytes in the workbook's code page."""
    if biff8:
        (count,) = struct.unpack_from("<H", data)
        wide = data[2] & 1
        return data[3 : 3 + count * (2 if wide else 1)].decode(
            "utf-16-le" if wide else "latin-1", "replace"
        )
    try:
        return data[1 : 1 + data[0]].decode(codepage)
    except (LookupError, UnicodeDecodeError):
        return ""


def _sheet_name(data: bytes, codepage: str) -> str:
    """A BoundSheet's name: in BIFF8 a count, a flag, then Latin-1 or UTF-16 characters;
    in BIFF5 a count, then bytes in the workbook's code page."""
    count = data[0]
    if len(data) == 2 + count * (2 if data[1:2] == b"\x01" else 1) and data[1] in (0, 1):
        return data[2:].decode("utf-16-le" if data[1] else "latin-1")
    try:
        return data[1 : 1 + count].decode(codepage)
    except (LookupError, UnicodeDecodeError):
        return data[1 : 1 + count].decode("latin-1")


def _cells(stream: bytes, start: int, scan: SheetScan, found: _Globals) -> _Cells:
    """The cells of the sheet whose records start at `start`, placed (none when the sheet's
    Dimensions record bounds it within AREA_FLOOR: no cell of it can lie far); its error
    cells, and its number cells in a format showing no year, into `scan`. Records of a
    chart or other sheet nested in it are skipped, as calamine skips them."""
    cells = _Cells()
    errors, yearless, percent = scan.errors, found.yearless, found.percent
    marked = bool(yearless or percent)  # number cells whose format is worth a look
    placing = True
    depth = 0
    formula = -1  # the offset of the last formula's record: a String record may follow it
    unpack = struct.unpack_from
    for at, kind, length in _records(stream, start):
        if kind == _BOF:
            depth += 1
            continue
        if kind == _EOF:
            depth -= 1
            if depth <= 0:
                break
            continue
        if depth > 1:
            continue
        if kind in _ONE_CELL:
            if placing or marked:
                row, column, xf = unpack("<HHH", stream, at + 4)
                if placing:
                    cells.add(row, column, at)
                if xf in yearless and kind in _NUMBERS:
                    scan.yearless.add((row + 1, column + 1))
                elif xf in percent and kind in _NUMBERS:
                    value = _rk(stream, at + 10) if kind == _RK else _double(stream, at + 10)
                    scan.percents[(row + 1, column + 1)] = number_shown(percent[xf], repr(value))
        elif kind == _MULRK:
            if placing or marked:
                _mulrk(stream, at, length, cells if placing else None, scan, found)
        elif kind == _BOOLERR:
            row, column = unpack("<HH", stream, at + 4)
            cells.add(row, column, at)
            if stream[at + 11] == 1:
                errors[(row + 1, column + 1)] = _error(stream[at + 10])
        elif kind == _FORMULA:
            row, column, xf = unpack("<HHH", stream, at + 4)
            cells.add(row, column, at)
            formula = at
            value = at + 4 + 6
            number = unpack("<H", stream, value + 6)[0] != _SPLIT
            if stream[value] == 2 and not number:
                errors[(row + 1, column + 1)] = _error(stream[value + 2])
            elif number and xf in yearless:
                scan.yearless.add((row + 1, column + 1))
            elif number and xf in percent:
                shown = number_shown(percent[xf], repr(_double(stream, value)))
                scan.percents[(row + 1, column + 1)] = shown
        elif kind == _ROW:
            if unpack("<H", stream, at + 16)[0] & _ROW_HIDDEN:  # grbit, after 6 fields
                scan.hidden_rows.add(unpack("<H", stream, at + 4)[0] + 1)
        elif kind == _COLINFO:  # first and last column, width, format, then its flags
            first, last, _, _, flags = unpack("<HHHHH", stream, at + 4)
            if flags & _COLUMNS_HIDDEN:
                scan.hidden_columns.update(range(first + 1, min(last, 255) + 2))
        elif kind == _STRING and formula >= 0:
            cells.strings[formula] = at
            formula = -1
        elif kind == _DIMENSIONS:
            bounds = unpack("<IIHH" if found.biff8 else "<HHHH", stream, at + 4)
            placing = not bounds[1] * bounds[3] <= AREA_FLOOR  # rows and columns past the last
    if not placing:
        cells = _Cells()  # the few formula and error cells placed tell nothing
    return cells


def _mulrk(
    stream: bytes,
    at: int,
    length: int,
    cells: _Cells | None,
    scan: SheetScan,
    found: _Globals,
) -> None:
    """The cells of a MulRk record (numbers in a row, each with its format) into `cells`
    (if placing) and, those in a yearless or a percent format, into the scan."""
    row, first = struct.unpack_from("<HH", stream, at + 4)
    (last,) = struct.unpack_from("<H", stream, at + 4 + length - 2)
    marked = found.yearless or found.percent
    for column in range(first, last + 1):
        if cells is not None:
            cells.add(row, column, at)
        if not marked:
            continue
        entry = at + 8 + 6 * (column - first)  # its format, then its number (RK)
        xf = struct.unpack_from("<H", stream, entry)[0]
        if xf in found.yearless:
            scan.yearless.add((row + 1, column + 1))
        elif xf in found.percent:
            shown = number_shown(found.percent[xf], repr(_rk(stream, entry + 2)))
            scan.percents[(row + 1, column + 1)] = shown


def _double(stream: bytes, at: int) -> float:
    return struct.unpack_from("<d", stream, at)[0]


def _rk(stream: bytes, at: int) -> float:
    """An RK number ([MS-XLS] 2.5.217): a float's high 30 bits or an integer, maybe /100."""
    (rk,) = struct.unpack_from("<I", stream, at)
    if rk & 2:
        value: float = (rk >> 2) - (1 << 30) if rk & 0x80000000 else rk >> 2
    else:
        value = struct.unpack("<d", struct.pack("<Q", (rk & 0xFFFFFFFC) << 32))[0]
    return value / 100 if rk & 1 else value


def _error(code: int) -> str:
    return _ERRORS.get(code, "#VALUE!")


def _leave_out(patched: bytearray, cells: _Cells, scan: SheetScan) -> None:
    """The far cells' records in `patched` made ones calamine skips; none (the far cells
    named only, the import refused) when a far cell shares its record with a cell kept."""
    far = set(scan.left_out)
    placed = list(zip(cells.rows, cells.columns, cells.records, strict=True))
    records = {at for row, column, at in placed if _reference(row, column) in far}
    if any(at in records and _reference(row, column) not in far for row, column, at in placed):
        scan.left_out = []
        return
    for at in records:
        struct.pack_into("<H", patched, at, _SKIPPED)
        if at in cells.strings:
            struct.pack_into("<H", patched, cells.strings[at], _SKIPPED)


def _reference(row: int, column: int) -> str:
    return f"{column_letters(column)}{row}"
