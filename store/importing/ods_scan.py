"""A look at an .ods workbook's cells before calamine reads it: the cells far from the data,
and the cells holding a spreadsheet error (#N/A, #DIV/0!, …), which calamine hands over as
blank.

calamine reads every sheet of an .ods into one dense block as large as the box its cells
span when it opens the file: one stray cell at IV65536 makes 16.7 million cells (some
1.2 GB), one at XFD1048576 more than it can hold. An .ods writes no cell's reference: a
run of blank rows or cells is one element repeated (table:number-rows-repeated="65532"),
so only a value after a long run can lie far. The XML is searched for such runs; only if
one has a value after it (or an error cell is in the file) are the cells gone through one
by one, each placed by counting, and the far ones (sheet_scan.split_far) left out of a
copy of the workbook. A check, not a reader, but for one thing: calamine reads a cell's
soft line break (<text:line-break/>) and tab (<text:tab/>) as nothing, so the text of
each cell holding one is read here (cell_text); and calamine gives an .ods no merged
cells, so those spanning rows or columns (table:number-rows-spanned) are placed here as
calamine gives an .xlsx's (SheetScan.merged); nor which rows the sheet hides (hidden, or
filtered out: table:visibility="collapse" / "filter"), placed here into
SheetScan.hidden_rows as an .xlsx's are; nor what a number cell shows, which an .ods keeps
in its text: a percentage (office:value-type="percentage") or an amount in another currency
than yuan (office:currency="USD") into SheetScan.percents, so a money column refuses it as
an .xlsx's; a whole number shown with leading zeros (a number style's min-integer-digits:
123 shown 00123, a code) into SheetScan.texts, read as shown. Files that name the
namespaces otherwise than table:/office: are read as they are. No SQLite.
"""

from __future__ import annotations

import io
import re
import zipfile
from array import array
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html import unescape
from pathlib import Path
from typing import IO

from xiaoben.models.money import foreign_currency
from xiaoben.store.importing.sheet_scan import (
    DAMAGED_ZIP,
    SPREADSHEET_DIGITS,
    SheetScan,
    column_letters,
    percent_shown,
    split_far,
    too_large,
)

_CONTENT = "content.xml"
# 1,000 or more; not the blank cells that end a row (every row of a LibreOffice sheet)
_LONG_RUN = re.compile(rb'number-(?:rows|columns)-repeated="\d{4,}"(?!/>\s*</table:table-row>)')
_RUN_ENDS = {  # an element repeated: the end of what a value after it must be in to be far
    b"<table:table-row": b"</table:table>",
    b"<table:table-cell": b"</table:table-row>",
    b"<table:covered-table-cell": b"</table:table-row>",
}
_CHUNK = 1 << 20
_VALUE = b"value-type="
_ERROR = b'calcext:value-type="error"'
_BREAKS = (b"<text:line-break", b"<text:tab")  # what calamine reads as nothing
_STRING = b'value-type="string"'
# the elements that place cells: a table, a row, a cell, their ends
_TOKEN = re.compile(
    rb"<table:table\s[^>]*>|</table:table>"
    rb"|<table:table-row\b[^>]*?(/?)>|</table:table-row>"
    rb"|<table:(?:covered-)?table-cell\b[^>]*?(/?)>|</table:(?:covered-)?table-cell>"
    rb"|<table:table-column\b[^>]*>"
)
_NAME = re.compile(rb'\stable:name="([^"]*)"')
_ROWS = re.compile(rb'\stable:number-rows-repeated="(\d+)"')
_COLUMNS = re.compile(rb'\stable:number-columns-repeated="(\d+)"')
_SPANNED = b"-spanned="  # a merged cell: table:number-rows-spanned / number-columns-spanned
# a row the sheet hides: hidden by the seller, or by an AutoFilter (a column's own
# table:visibility hides no row)
_HIDDEN_ROW = re.compile(rb'<table:table-row\b[^>]*?\stable:visibility="(?:collapse|filter)"')
# a column the sheet hides (<table:table-column table:visibility="collapse" …>)
_HIDDEN_COLUMN = re.compile(rb'<table:table-column\b[^>]*?\stable:visibility="collapse"')
_MOST_COLUMNS = 16384  # a sheet's columns: a column definition repeated to the end stops there
_ROWS_SPANNED = re.compile(rb'\stable:number-rows-spanned="(\d+)"')
_COLUMNS_SPANNED = re.compile(rb'\stable:number-columns-spanned="(\d+)"')
_TEXT = re.compile(rb"<text:p\b[^>]*>(.*?)</text:p>", re.DOTALL)
_TAGS = re.compile(rb"<[^>]*>")
_PARAGRAPH = re.compile(rb"<text:p\b[^>]*?(?:/>|>(.*?)</text:p>)", re.DOTALL)
_NOTE = re.compile(rb"<office:annotation\b.*?</office:annotation>", re.DOTALL)  # a comment
# what a paragraph's elements stand for: a line break, a tab, a run of spaces (c of them)
_SPACING = re.compile(rb'<text:(line-break|tab|s)\b(?:[^>]*?\stext:c="(\d+)")?[^>]*>')
_SPACED = {b"line-break": b"\n", b"tab": b"\t", b"s": b" "}
_DATE_STYLE = re.compile(
    rb'<number:date-style\b[^>]*?style:name="([^"]*)".*?</number:date-style>', re.DOTALL
)
_DATE_VALUE = re.compile(rb'\soffice:date-value="(\d{4})-')  # in a date cell's tag
# what a number cell shows that calamine reads otherwise: a percentage, an amount in another
# currency than yuan, a number style padding whole numbers with zeros, a number cell's text
# starting with a zero before a digit (00123)
_SHOWN_OTHERWISE = re.compile(
    rb'value-type="percentage"|office:currency="(?!CNY"|RMB")'
    rb'|min-integer-digits="(?:[2-9]|\d\d)|value-type="float"[^>]*>\s*<text:p>[^<\d]*0\d'
    rb'|value-type="float"[^>]*>\s*<text:p>[^<]*%\s*<'
)
# the text of a number cell shown as a percentage by its style (a float cell, 0.5 shown 50%)
_PERCENT_TEXT = re.compile(r"-?[\d.,\s]+%")
_KIND = re.compile(rb'\soffice:value-type="(percentage|currency|float)"')
_NUMBER = re.compile(rb'\soffice:value="([^"]*)"')
_CURRENCY = re.compile(rb'\soffice:currency="([^"]*)"')
_YUAN_CODES = (b"CNY", b"RMB")
_PADDED_TEXT = re.compile(r"(\D*)(0\d+)(\D*)")  # 00123, VIP0124: digits after a zero


@dataclass
class OdsLook:
    """The look at each sheet of an .ods (by its name), and a copy of the file without the
    far cells left out of any (None when none is)."""

    sheets: dict[str, SheetScan] = field(default_factory=dict)
    copy: io.BytesIO | None = None


@dataclass
class _Table:
    """One sheet's cells with a value: row and column (1-based), and the element each is in
    (its span in the XML and how many cells of its row it stands for: a repeated element
    holds several cells)."""

    scan: SheetScan = field(default_factory=SheetScan)
    rows: array[int] = field(default_factory=lambda: array("l"))
    columns: array[int] = field(default_factory=lambda: array("l"))
    elements: list[tuple[int, int, int]] = field(default_factory=list)
    yearless: set[tuple[int, int]] = field(default_factory=set)  # date cells shown so


def scan_ods(path: Path) -> OdsLook:
    """The look at every sheet of the .ods at `path`; an empty look when nothing in it can
    lie far and no cell holds an error, or it cannot be read (calamine then says why)."""
    try:
        with zipfile.ZipFile(path) as archive:
            with archive.open(_CONTENT) as xml:
                whole, last_span = _worth_a_look(xml)
            if not whole and last_span < 0:
                return OdsLook()
            content = archive.read(_CONTENT)
    except DAMAGED_ZIP:
        return OdsLook()
    if not whole:  # only merged cells or hidden rows: the rows up to the last are counted
        return _rows_only(content, last_span)
    look = OdsLook()
    leave_out: list[tuple[int, int, int]] = []  # (start, end, columns) of elements left out
    texts = _has_breaks(content)
    for name, table in _tables(content, texts=texts):
        look.sheets[name] = table.scan
        count = len(table.rows)
        if too_large(max(table.columns, default=0) * max(table.rows, default=0), count):
            split_far(table.rows, table.columns, table.scan)
            leave_out += _far_elements(table)
    if leave_out:
        try:
            look.copy = _without(path, content, leave_out)
        except DAMAGED_ZIP:
            return OdsLook()  # a damaged member: calamine names the damage
    return look


def _rows_only(content: bytes, last: int) -> OdsLook:
    """The look of an .ods whose only things to look at are merged cells and hidden rows:
    each sheet's, placed by counting the rows up to the one holding the last of them (a
    title merged over the first row of a 60,000-row sheet: its first rows, not 2 s of XML)."""
    end = content.find(b"</table:table-row>", last)
    head = content if end < 0 else content[: end + len(b"</table:table-row>")]
    look = OdsLook()
    for name, table in _tables(head):
        found = table.scan
        if found.merged or found.hidden_rows or found.hidden_columns:
            look.sheets[name] = SheetScan(
                merged=found.merged,
                hidden_rows=found.hidden_rows,
                hidden_columns=found.hidden_columns,
            )
    return look


def _worth_a_look(xml: IO[bytes]) -> tuple[bool, int]:
    """(whether the XML has an error cell, a line break or tab in a cell, or a cell with a
    value after a run of 1,000 or more blank rows (in its sheet) or cells (in its row): the
    only way a cell can lie far in an .ods; where its last merged cell's or hidden row's tag
    is, -1 when it has none, if that is all it has). Read a chunk at a time (a 60,000-row
    sheet's XML is some 50 MB); a run of column definitions (<table:table-column>) places
    no cell."""
    carry = b""
    waiting: bytes | None = None  # the end of the row or sheet of the last long run
    done = 0  # the bytes of the chunks before this one
    last_span = -1
    while True:
        read = xml.read(_CHUNK)
        chunk = carry + read
        cut = chunk.rfind(b"<") if read else len(chunk)  # no tag is cut in two
        chunk, carry = chunk[: max(cut, 0)], chunk[max(cut, 0) :]
        if _ERROR in chunk or _has_breaks(chunk) or _SHOWN_OTHERWISE.search(chunk):
            return True, -1
        span = chunk.rfind(_SPANNED)
        if span >= 0:
            last_span = max(last_span, done + span)
        if b"visibility=" in chunk:
            for hidden in _HIDDEN_ROW.finditer(chunk):
                last_span = max(last_span, done + hidden.start())
            for hidden in _HIDDEN_COLUMN.finditer(chunk):
                last_span = max(last_span, done + hidden.start())
        done += len(chunk)
        at = 0
        while True:
            if waiting is not None:
                end, value = chunk.find(waiting, at), chunk.find(_VALUE, at)
                if value >= 0 and (end < 0 or value < end):
                    return True, -1
                if end < 0:
                    break  # the row or sheet goes on in the next chunk
                waiting, at = None, end
            run = _LONG_RUN.search(chunk, at)
            if run is None:
                break
            element = chunk[chunk.rfind(b"<", 0, run.start()) : run.start()]
            waiting = _RUN_ENDS.get(element.split(None, 1)[0] if element else b"")
            at = run.end()
        if not read:
            return False, last_span


def _tables(content: bytes, dates: bool = False, texts: bool = False) -> list[tuple[str, _Table]]:
    """Each sheet's cells with a value, placed by counting rows and cells (with their
    repeats); its error cells into its scan; if `dates`, its date cells shown without
    their year into its `yearless`; if `texts`, the text of its cells holding a line break
    or a tab into its scan's `texts`."""
    tables: list[tuple[str, _Table]] = []
    table = _Table()
    row = column = 0  # the rows before this one; the cells before this one in its row
    defined = 0  # the columns the sheet's column definitions (<table:table-column>) place
    repeat_rows = 1
    hidden = valued_row = False  # the row is hidden; a cell of it holds a value
    cell: tuple[int, int, int, bool] | None = None  # (start, its first column, repeats, valued)
    for token in _TOKEN.finditer(content):
        tag = token.group(0)
        if tag.startswith(b"<table:table "):
            name = _NAME.search(tag)
            table = _Table()
            text = name.group(1).decode("utf-8", "replace") if name else ""
            tables.append((unescape(text), table))
            row = column = defined = 0
        elif tag.startswith(b"<table:table-column"):  # before the rows: no cell of its own
            repeats = min(_repeats(_COLUMNS, tag), _MOST_COLUMNS - defined)
            if _HIDDEN_COLUMN.match(tag):
                table.scan.hidden_columns.update(range(defined + 1, defined + repeats + 1))
            defined += repeats
        elif tag.startswith(b"<table:table-row"):
            repeat_rows = _repeats(_ROWS, tag)
            column = 0
            hidden, valued_row = _HIDDEN_ROW.match(tag) is not None, False
            if token.group(1):  # <table:table-row/>: rows with no cell
                row += repeat_rows
        elif tag == b"</table:table-row>":
            if hidden and valued_row:  # a blank row hidden (the sheet's end) is nobody's
                table.scan.hidden_rows.update(range(row + 1, row + repeat_rows + 1))
            row += repeat_rows
        elif tag.startswith(b"<table:"):  # a cell
            repeats = _repeats(_COLUMNS, tag)
            valued = _VALUE in tag
            valued_row = valued_row or valued
            if _SPANNED in tag:  # a merged cell: the box it spans, as an .xlsx's
                down, across = _repeats(_ROWS_SPANNED, tag), _repeats(_COLUMNS_SPANNED, tag)
                if down > 1 or across > 1:
                    box = ((row, column), (row + down - 1, column + across - 1))
                    table.scan.merged.append(box)
            if token.group(2):
                _place(table, row, column, repeat_rows, repeats, valued, token.span(), "")
                if valued:
                    _note_shown(table.scan, tag, row, column, repeat_rows, repeats)
            else:
                cell = (token.start(), column, repeats, valued)
            column += repeats
        elif tag.startswith(b"</table:") and tag != b"</table:table>" and cell is not None:
            start, first, repeats, valued = cell
            error = ""
            if _ERROR in content[start : token.start()]:
                error = _error_text(content[start : token.end()])
            _place(table, row, first, repeat_rows, repeats, valued, (start, token.end()), error)
            element = content[start : token.end()]
            if valued:
                _note_shown(table.scan, element, row, first, repeat_rows, repeats)
            if texts and _STRING in element[: element.find(b">")] and _has_breaks(element):
                text = cell_text(element)
                table.scan.texts.update(
                    ((each_row, each_column), text)
                    for each_row in range(row + 1, row + repeat_rows + 1)
                    for each_column in range(first + 1, first + repeats + 1)
                )
            if dates and _shown_without_year(content[start : token.end()]):
                table.yearless.update(
                    (each_row, each_column)
                    for each_row in range(row + 1, row + repeat_rows + 1)
                    for each_column in range(first + 1, first + repeats + 1)
                )
            cell = None
    return tables


def _note_shown(
    scan: SheetScan, element: bytes, row: int, column: int, repeat_rows: int, repeats: int
) -> None:
    """What a number cell shows where calamine reads another, at each place it stands for:
    a percentage or another currency's amount into scan.percents, a number padded with
    zeros into scan.texts (_cell_shown)."""
    shown = _cell_shown(element)
    if shown is None:
        return
    into = scan.percents if shown[0] else scan.texts
    into.update(
        ((each_row, each_column), shown[1])
        for each_row in range(row + 1, row + repeat_rows + 1)
        for each_column in range(column + 1, column + repeats + 1)
    )


def _cell_shown(element: bytes) -> tuple[bool, str] | None:
    """(True, what it shows) for a cell holding a percentage (0.5 -> 50%, of the percentage
    type or a number its style shows with a %) or an amount in
    another currency than yuan ($88.00, or USD 88 where its text names no currency);
    (False, its text) for a whole number shown with leading zeros (123 -> 00123); None for
    any other cell."""
    tag = element[: element.find(b">") + 1]
    kind, number = _KIND.search(tag), _NUMBER.search(tag)
    if kind is None or number is None:
        return None
    value = number.group(1).decode("ascii", "replace")
    shown = cell_text(element).strip() if not element.endswith(b"/>") else ""
    if kind.group(1) == b"percentage":
        return True, percent_shown(value)
    if kind.group(1) == b"currency":
        currency = _CURRENCY.search(tag)
        code = currency.group(1) if currency else b""
        if not code or code.upper() in _YUAN_CODES:
            return None
        if foreign_currency(shown):
            return True, shown
        return True, f"{code.decode('ascii', 'replace')} {value}"
    if _PERCENT_TEXT.fullmatch(shown):  # a float cell whose style shows it as 50%
        return True, shown
    padded = _PADDED_TEXT.fullmatch(shown)
    if padded is None or len(padded.group(2)) > SPREADSHEET_DIGITS:
        return None
    try:
        whole = Decimal(value)
    except InvalidOperation:
        return None
    if whole < 0 or whole != whole.to_integral_value() or int(whole) != int(padded.group(2)):
        return None
    return False, shown


def _repeats(pattern: re.Pattern[bytes], tag: bytes) -> int:
    found = pattern.search(tag)
    return int(found.group(1)) if found else 1


def _place(
    table: _Table,
    row: int,
    column: int,
    repeat_rows: int,
    repeats: int,
    valued: bool,
    span: tuple[int, int],
    error: str,
) -> None:
    """A cell element with a value at each place it stands for; its error, if any."""
    if not valued:
        return
    element = (*span, repeats)
    for each_row in range(row + 1, row + repeat_rows + 1):
        for each_column in range(column + 1, column + repeats + 1):
            table.rows.append(each_row)
            table.columns.append(each_column)
            table.elements.append(element)
            if error:
                table.scan.errors[(each_row, each_column)] = error


def yearless_rows(path: Path, sheet: str, column: int, rows: range) -> set[int]:
    """The rows (of `rows`) whose cell in `column` (1-based) of the .ods's `sheet` is a date
    cell shown without its year (3月5日): an .ods keeps the text a cell shows, so no number
    format need be read. Only for a small sheet (the whole XML is gone through)."""
    try:
        with zipfile.ZipFile(path) as archive:
            content = archive.read(_CONTENT)
            styles = archive.read("styles.xml") if "styles.xml" in archive.namelist() else b""
    except DAMAGED_ZIP:
        return set()
    both = styles + content
    if not any(_yearless_style(name, both) for name in _yearless_date_styles(both)):
        return set()  # most workbooks: no cell style shows a date without its year
    for name, table in _tables(content, dates=True):
        if name == sheet:
            return {row for row, each in table.yearless if each == column and row in rows}
    return set()


def _yearless_date_styles(xml: bytes) -> set[bytes]:
    """The names of the date styles the XML defines that show a day and no year."""
    return {
        found.group(1)
        for found in _DATE_STYLE.finditer(xml)
        if b"<number:day" in found.group(0) and b"<number:year" not in found.group(0)
    }


def _yearless_style(name: bytes, xml: bytes) -> bool:
    """Whether a cell style of the XML shows its dates in the date style `name`."""
    return b'style:data-style-name="' + name + b'"' in xml


def _shown_without_year(cell: bytes) -> bool:
    """Whether a cell element is a date cell whose text shows no year: 3月5日 or Mar 6 for
    2026-03-05 or 1900-03-06, not 1990-03-05 or 05/03/90 (a text holding the year's last
    two digits as its day or month is taken to show it: the year is kept, as before)."""
    found = _DATE_VALUE.search(cell, 0, cell.find(b">"))
    if found is None:
        return False
    shown = _TEXT.search(cell)
    if shown is None:
        return False
    year = found.group(1)
    text = shown.group(1)
    return year not in text and year[2:] not in text


def cell_text(cell: bytes) -> str:
    """A cell element's text as the seller typed it: its paragraphs one a line, a soft line
    break a new line, a tab a tab, <text:s text:c="3"/> three spaces (as a workbook's cell
    with Alt+Enter reads, sheet_cells)."""
    shown = _NOTE.sub(b"", cell)
    paragraphs = [_spaced(found.group(1) or b"") for found in _PARAGRAPH.finditer(shown)]
    return "\n".join(unescape(text.decode("utf-8", "replace")) for text in paragraphs)


def _has_breaks(element: bytes) -> bool:
    return any(mark in element for mark in _BREAKS)


def _spaced(paragraph: bytes) -> bytes:
    spaced = _SPACING.sub(lambda found: _SPACED[found[1]] * int(found[2] or 1), paragraph)
    return _TAGS.sub(b"", spaced)


def _error_text(cell: bytes) -> str:
    """The error a cell shows (#N/A), from its text."""
    found = _TEXT.search(cell)
    text = unescape(_TAGS.sub(b"", found.group(1)).decode("utf-8", "replace")) if found else ""
    return text.strip() or "#VALUE!"


def _far_elements(table: _Table) -> list[tuple[int, int, int]]:
    """The elements holding the far cells; none (the far cells named only, the import
    refused) when such an element holds a cell that is kept too."""
    far = set(table.scan.left_out)
    placed = list(zip(table.rows, table.columns, table.elements, strict=True))
    found = {element for row, column, element in placed if f"{column_letters(column)}{row}" in far}
    if sum(1 for _, _, element in placed if element in found) != len(far):
        table.scan.left_out = []
        return []
    return sorted(found)


def _without(path: Path, content: bytes, elements: list[tuple[int, int, int]]) -> io.BytesIO:
    """The workbook at `path` with `elements` of its content.xml made blank cells (as many),
    in memory: a copy for calamine to read, the file itself untouched."""
    parts: list[bytes] = []
    at = 0
    for start, end, cells in elements:
        blank = b'<table:table-cell table:number-columns-repeated="%d"/>' % cells
        parts += [content[at:start], blank]
        at = end
    parts.append(content[at:])
    copy = io.BytesIO()
    with zipfile.ZipFile(path) as archive, zipfile.ZipFile(copy, "w") as out:
        for info in archive.infolist():
            data = b"".join(parts) if info.filename == _CONTENT else archive.read(info)
            stored = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            out.writestr(info, data, compress_type=stored, compresslevel=1)
    copy.seek(0)
    return copy
