"""One entry for every file a seller imports: `read_any` knows the format from the content.

Workbooks (xlsx/xlsm, xls, ods) go to sheets.py, vCards to vcards.py, anything else to the
CSV reader; each returns an ImportTable that the row parsers read.
"""

from __future__ import annotations

import re
import stat
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from xiaoben.store.held import held
from xiaoben.store.importing.columns import Kind
from xiaoben.store.importing.contact_columns import with_contact_columns
from xiaoben.store.importing.csv_table import (
    FileRefused,
    FileRows,
    Row,
    TextSource,
    refuse_nul_header,
)
from xiaoben.store.importing.errors import RowError, cannot_import, unreadable
from xiaoben.store.importing.part_faults import declares_entities
from xiaoben.store.importing.sheet_scan import DAMAGED_ZIP
from xiaoben.store.importing.sheets import apps, part_damaged, read_workbook
from xiaoben.store.importing.tables import (
    HEADER_SEARCH_ROWS,
    Format,
    ImportTable,
    find_header_rows,
    header_at,
)
from xiaoben.store.importing.vcards import looks_like_vcard, read_vcards

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the Compound File: .xls, and encrypted .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream a password-protected xlsx has
_ODS = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
_HEAD_BYTES = 4096


def sniff(path: Path) -> Format:
    """The file's format from its first bytes (and a zip's contents), not its name.

    The file of a book open in this process is refused unread: closing a descriptor of it
    would drop the book's lock (store/held.py)."""
    if held(path):
        raise cannot_import(path, "open_book")
    if _special(path):  # a pipe blocks the open until a writer comes, and gives its data once
        raise cannot_import(path, "not_a_file")
    try:
        with path.open("rb") as file:
            head = file.read(_HEAD_BYTES)
    except OSError as exc:
        raise unreadable(path, exc) from None
    if head.startswith(_OLE2):
        return "xls"
    if head.startswith(b"PK\x03\x04"):
        if _ODS in head[:128]:
            _refuse_bombs(path, "ods")
            return "ods"
        found = _workbook_in_zip(path)
        if found is not None:
            _refuse_bombs(path, found)
            return found
    if looks_like_vcard(head):
        return "vcard"
    return "csv"  # the CSV reader refuses what is not text, with its reasons


def _workbook_in_zip(path: Path) -> Format | None:
    """ "xlsx" for a zip holding xl/ (or a damaged zip: the workbook reader says it is
    damaged), "ods" for one whose mimetype member says so where it is not the first (as
    some programs write it), else None."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if any(name.startswith("xl/") for name in names):
                return "xlsx"
            small = "mimetype" in names and archive.getinfo("mimetype").file_size < 256
            if small and archive.read("mimetype").strip() == _ODS.removeprefix(b"mimetype"):
                return "ods"
    except DAMAGED_ZIP:
        return "xlsx"
    return None


# A part of a workbook unpacking to more than this, at more than BOMB_RATIO times its packed
# size, is no workbook a program saved: a sheet's XML packs 5-20 times (a 100,000-row
# sheet: 41 MB from 4.7 MB); a part of 2 GB of spaces packs to 2 MB. Read whole, or by
# calamine, such a part took GBs of memory (4.3 GB for a 2 MB file) or never ended.
BOMB_FLOOR = 32 * 1024 * 1024
BOMB_RATIO = 100
PART_LARGEST = 4 * 1024 * 1024 * 1024  # unpacked: more than any laptop holds, however packed


def _refuse_bombs(path: Path, file_format: Format) -> None:
    """Refuse a workbook (a zip) a part of which declares XML entities of its own (an entity
    bomb, or cells calamine would read as blank), or would unpack to far more than it could
    hold (its declared size: the zip reader stops there, and calamine's checks it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _refuse_large(path, file_format, parts)
            for part in parts:
                if declares_entities(archive, part):
                    raise part_damaged(path, file_format, part.filename, "import.part_entities", {})
    except DAMAGED_ZIP:
        return  # the workbook reader says it is damaged


def _refuse_large(path: Path, file_format: Format, parts: list[zipfile.ZipInfo]) -> None:
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > PART_LARGEST or (part.file_size > BOMB_FLOOR and ratio > BOMB_RATIO):
            raise cannot_import(
                path,
                "workbook_bomb",
                part=part.filename,
                size=f"{part.file_size / 1024**2:,.0f}",
                ratio=f"{ratio:,.0f}",
                apps=apps(file_format),
            )


def read_any(
    path: Path,
    sheet: str | None = None,
    header_row: int | None = None,
    kind: Kind | None = None,
    words: str = "import",
) -> ImportTable:
    """The file as a header and rows of text cells, whatever its format.

    `sheet` picks a workbook's sheet by name; `header_row` names the header's row (a line of
    a CSV file, a row number as the spreadsheet shows it); `kind` is what the header must
    name when it is looked for (either kind if None). BookError for what the seller can fix;
    `words`: the catalogue section of a workbook's "no header found" messages ("importer":
    the Import screen's, naming its sheet and header row boxes, not --sheet, --header-row).
    """
    file_format = sniff(path)
    workbook = locked_workbook(path) if file_format == "csv" else None
    if workbook is not None:  # ~$客户.xlsx: no sheet, the open workbook's owner
        raise cannot_import(path, "lock_file", workbook=workbook)
    if file_format == "vcard":
        if kind == "purchases":  # a phone's contacts: people, never purchases
            raise cannot_import(path, "vcard_purchases", words=words)
        return read_vcards(path)
    if file_format == "csv":
        table = _read_csv(path, header_row, kind)
        return with_contact_columns(table) if kind != "purchases" else table
    if file_format == "xls" and _encrypted(path):
        raise cannot_import(path, "workbook_encrypted", apps=apps("xls"))
    return read_workbook(path, file_format, sheet, header_row, kind, words)


# Excel's and WPS's lock file beside an open workbook (~$客户.xlsx), LibreOffice's
# (.~lock.客户.xlsx#): a few bytes naming who has it open, never a table
_EXCEL_LOCK = "~$"
_OFFICE_LOCK = re.compile(r"\.~lock\.(?P<name>.+)#")
_WORKBOOK_ENDS = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv")


def locked_workbook(path: Path) -> str | None:
    """The name of the workbook `path` is the lock file of (~$客户.xlsx: 客户.xlsx), or None
    for any other file. Excel shortens a long name's lock file (~$户名单.xlsx for 客户名单
    .xlsx): the workbook beside it whose name ends so, if there is one."""
    name = path.name
    office = _OFFICE_LOCK.fullmatch(name)
    if office is not None:
        return office["name"]
    if not name.startswith(_EXCEL_LOCK) or not name.casefold().endswith(_WORKBOOK_ENDS):
        return None
    rest = name[len(_EXCEL_LOCK) :]
    if (path.parent / rest).exists():
        return rest
    try:
        beside = sorted(
            each.name
            for each in path.parent.iterdir()
            if each.name.endswith(rest) and not each.name.startswith(_EXCEL_LOCK)
        )
    except OSError:
        beside = []
    return beside[0] if beside else rest


def _special(path: Path) -> bool:
    """Whether `path` is there but no regular file nor folder (a named pipe, a device, a
    socket): what it gives cannot be read twice, as an import reads a file."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # not there, or unreadable: the open says so
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _encrypted(path: Path) -> bool:
    with path.open("rb") as file:
        head = file.read(64 * 1024)  # the Compound File's directory sits near its start
    return _ENCRYPTED in head


def _read_csv(path: Path, header_row: int | None, kind: Kind | None) -> ImportTable:
    """The CSV file's rows under its header, which may sit below title lines.

    The first non-blank line stays the header when it is recognised or nothing below it is
    (the importer then names the missing columns, as it always has). Rows that do not fit
    the header are refused (csv_table.fit_rows), never padded into the wrong columns. The
    rows of a large file (decoding.STREAM_FROM) are read from it as they are gone through
    (FileRows): only the lines a header is looked for in are read here.
    """
    source = TextSource.of(path)
    if header_row is not None:
        # the header's row and the one under it (a header over two rows: header_at)
        head = source.head(lambda rows: rows[-1][0] > header_row)
        position, header = header_at(head, header_row, kind)
        if position < 0:
            raise cannot_import(path, "header_row_blank", row=header_row)
    else:
        head = source.head(lambda rows: len(rows) >= HEADER_SEARCH_ROWS)
        position, header = find_header_rows(head, kind)
        if position < 0:
            position, header = 0, head[0][1]
    header_line = head[position][0]
    refuse_nul_header(path, header, header_line)
    lazy = FileRows(source, header, header_line)
    rows: Sequence[Row] = lazy
    refused: Sequence[RowError] = FileRefused(lazy)
    if source.text is not None:  # a small file: read whole now, so its faults show at once
        read = list(lazy.batches(sys.maxsize))
        rows = [row for batch in read for row in batch.rows]
        refused = tuple(error for batch in read for error in batch.refused)
    return ImportTable(
        path,
        source.encoding,
        source.delimiter,
        header,
        rows,
        refused,
        format="csv",
        header_line=header_line,
    )
