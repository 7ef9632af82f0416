"""Reading workbooks for import (.xlsx/.xlsm from Excel and WPS, legacy .xls, .ods).

python-calamine reads the cells; here a sheet is chosen and the header row is found under
title and blank rows. The rows under it become the text a seller typed (sheet_cells.py):
all at once for a small sheet, a batch at a time as they are read for a large one
(sheet_rows.py). No SQLite.
"""

from __future__ import annotations

import io
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path

from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from xiaoben.models.errors import BookError
from xiaoben.models.i18n import LANGS, t
from xiaoben.store.importing.birthday_formats import (
    has_dates,
    without_years,
    xlsx_yearless_rows,
)
from xiaoben.store.importing.columns import Kind
from xiaoben.store.importing.errors import cannot_import, file_identity, unreadable
from xiaoben.store.importing.formulas import unsaved_formulas
from xiaoben.store.importing.native_stderr import is_panic, panics_kept_quiet
from xiaoben.store.importing.ods_scan import OdsLook, scan_ods
from xiaoben.store.importing.ods_scan import yearless_rows as ods_yearless_rows
from xiaoben.store.importing.part_faults import damaged_part
from xiaoben.store.importing.sheet_cells import CellValue, cell_text
from xiaoben.store.importing.sheet_head import sheet_head
from xiaoben.store.importing.sheet_rows import (
    SheetNumbers,
    SheetRows,
    iter_cells,
    merged_across,
    merged_boxes,
    merged_spans,
    named_across,
    sub_header,
)
from xiaoben.store.importing.sheet_scan import (
    SheetScan,
    column_letters,
    column_number,
    scan_sheet,
    without_cells,
)
from xiaoben.store.importing.tables import (
    HEADER_SEARCH_ROWS,
    KINDS,
    Format,
    ImportTable,
    Row,
    expected_columns,
    find_header_rows,
    header_at,
    header_lacking,
    lacking_words,
    recognised,
)
from xiaoben.store.importing.workbook_xml import WorkbookPart, workbook_part
from xiaoben.store.importing.xls_scan import XlsLook, scan_xls

# Fields whose number cells are Excel serial dates (45356 -> 2024-03-05), not amounts.
_DATE_FIELDS = ("date", "birthday")
# A purchase's amounts: a number cell past cents (a formula's 51.744) is rounded to cents.
_MONEY_FIELDS = ("amount", "cost", "refunded")


# A look at every sheet of a workbook calamine reads whole when it opens it (.xls, .ods).
WholeLook = XlsLook | OdsLook


def apps(file_format: Format) -> tuple[str, str]:
    """The programs a workbook of this format is opened in to put it right, (zh, en): an
    .ods is LibreOffice's (or WPS's), not Excel's."""
    key = "import.apps.ods" if file_format == "ods" else "import.apps.excel"
    zh, en = (t(key, lang) for lang in LANGS)
    return zh, en


def _open(path: Path, file_format: Format, whole: WholeLook | None = None) -> CalamineWorkbook:
    """The workbook; an .xls or .ods from its copy without far cells if it has one, or
    BookError naming far cells of one that could not be left out."""
    for name, scan in whole.sheets.items() if whole is not None else ():
        _refuse_far(path, file_format, name, scan)  # before calamine reads them all
    try:
        if whole is not None and whole.copy is not None:
            whole.copy.seek(0)
            with panics_kept_quiet():
                return CalamineWorkbook.from_filelike(whole.copy)
        with path.open("rb") as file, panics_kept_quiet():
            return CalamineWorkbook.from_filelike(file)
    except OSError as exc:
        raise unreadable(path, exc) from None
    except PasswordError:
        raise cannot_import(path, "workbook_encrypted", apps=apps(file_format)) from None
    except BaseException as exc:  # calamine's error, or a panic of its Rust code
        raise _damaged(path, file_format, exc) from None


def _damaged(path: Path, file_format: Format, exc: BaseException) -> BaseException:
    """BookError saying the workbook is damaged, for calamine's error or a panic of its Rust
    code on a damaged file (pyo3's PanicException, a BaseException: 'slice index starts at
    5888 but ends at 2752'); anything else (Ctrl-C, MemoryError) as it was."""
    if isinstance(exc, CalamineError) or is_panic(exc):
        found = damaged_part(path) if file_format != "xls" else None
        if found is not None:  # named in our words, in either language
            return part_damaged(path, file_format, *found)
        # calamine's words are English ("Cannot detect file format"): said in en only
        reason = (t("import.workbook_unreadable", "zh"), str(exc))
        return cannot_import(path, "workbook_damaged", reason=reason, apps=apps(file_format))
    return exc


def part_damaged(
    path: Path, file_format: Format, part: str, fault: str, values: Mapping[str, int]
) -> BookError:
    """BookError naming the workbook's `part` and its `fault` (a catalogue key, its values)."""
    zh, en = (t(fault, lang, **values) for lang in LANGS)
    return cannot_import(
        path, "workbook_part_damaged", part=part, fault=(zh, en), apps=apps(file_format)
    )


def _whole_look(path: Path, file_format: Format) -> WholeLook | None:
    """The look at every sheet of an .xls or .ods (calamine reads every sheet of one when
    it opens it); None for an .xlsx, whose sheets are looked at one by one."""
    if file_format == "xls":
        return scan_xls(path)
    if file_format == "ods":
        return scan_ods(path)
    return None


def sheet_names(path: Path, file_format: Format) -> list[str]:
    """The workbook's sheets, in order; BookError if it is damaged or encrypted."""
    return list(sheet_list(path, file_format)[0])


def sheet_list(path: Path, file_format: Format) -> tuple[tuple[str, ...], dict[str, str]]:
    """The workbook's sheets, in order, and the mark of each hidden one (hidden_marks);
    BookError if it is damaged or encrypted."""
    whole = _whole_look(path, file_format)
    with _open(path, file_format, whole) as workbook:
        return tuple(workbook.sheet_names), hidden_marks(workbook)


def hidden_marks(workbook: CalamineWorkbook) -> dict[str, str]:
    """A hidden sheet's name -> the catalogue key of its mark (（隐藏）, （深度隐藏）)."""
    marks = {meta.name: _hidden_key(meta.visible) for meta in workbook.sheets_metadata}
    return {name: key for name, key in marks.items() if key}


def _sheet(path: Path, file_format: Format, workbook: CalamineWorkbook, name: str) -> CalamineSheet:
    try:
        with panics_kept_quiet():
            return workbook.get_sheet_by_name(name)
    except PasswordError:
        raise cannot_import(path, "workbook_encrypted", apps=apps(file_format)) from None
    except BaseException as exc:  # calamine's error, or a panic of its Rust code
        raise _damaged(path, file_format, exc) from None


def _texts(values: Sequence[CellValue]) -> list[str]:
    cells = [cell_text(value)[0] for value in values]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _head(sheet: CalamineSheet, header_row: int | None) -> list[Row]:
    """The rows a header is looked for in: the first non-blank ones, or up to `header_row`."""
    rows: list[Row] = []
    for number, values in iter_cells(sheet):
        if header_row is None and len(rows) >= HEADER_SEARCH_ROWS:
            break
        if header_row is not None and number > header_row:
            break
        rows.append((number, _texts(values)))
    return rows


def read_workbook(
    path: Path,
    file_format: Format,
    sheet: str | None = None,
    header_row: int | None = None,
    kind: Kind | None = None,
    words: str = "import",
) -> ImportTable:
    """One sheet of a workbook as a header and rows of text cells.

    `sheet`: its name (default: the first sheet whose header is recognised; when
    `header_row` is given, the first whose row `header_row` is recognised, else the first).
    `header_row`: the header's row number as the spreadsheet shows it (default: the first
    recognised row within the first 20).
    BookError, in the seller's words, for whatever the seller can fix (`words`: read_any's).
    """
    whole = _whole_look(path, file_format)
    with _open(path, file_format, whole) as workbook:
        names = tuple(workbook.sheet_names)
        listed = _listed(workbook)
        scans = whole.sheets if whole is not None else {}
        if sheet is not None and sheet not in names:
            raise cannot_import(path, "sheet_not_found", sheet=sheet, sheets=listed)
        candidates = [sheet] if sheet is not None else _visible(workbook)
        if header_row is not None:
            candidates = [
                _headed_at(path, file_format, scans, workbook, candidates, header_row, kind)
            ]
        empty: list[str] = []  # of the candidates, those without a cell holding anything
        # (sheet, row, fields) of the first purchases header found lacking its date or amount
        lacking: tuple[str, int, tuple[str, ...]] | None = None
        for name in candidates:
            look = _looked_at(path, file_format, scans, name)
            chosen = _read(path, file_format, workbook, name, look)
            # the header's row and the one under it (a header over two rows: header_at)
            head = _head(chosen, header_row + 1 if header_row is not None else None)
            if not head and (header_row is None or _blank(chosen)):
                empty.append(name)
                if sheet is not None or header_row is not None:
                    raise _empty(path, names, empty, listed)
                continue
            position, header = _header_position(path, head, header_row, kind)
            if position >= 0:
                line = head[position][0]
                header = merged_across(chosen, line, header, look.scan.merged)
                if position + 1 < len(head):  # 消费 merged over 2022年 | 2023年 under it
                    boxes = merged_boxes(chosen, look.scan.merged)
                    first = chosen.start[1] if chosen.start else 0
                    joined = sub_header(line, header, head[position + 1], boxes, first)
                    if joined is not None:
                        line, header = line + 1, joined
                found = _Found(name, line, header, chosen, look)
                if sheet is not None or header_row is not None:
                    return _chosen_table(path, file_format, whole, workbook, names, found, kind)
                found.has_rows = _has_rows(chosen, line)
                headed = [found]
                headed.extend(_others(path, file_format, scans, workbook, candidates, name, kind))
                return _default_table(path, file_format, whole, workbook, names, headed, kind)
            if lacking is None and kind == "purchases":
                found_lacking = header_lacking(head)
                lacking = (name, *found_lacking) if found_lacking is not None else None
            if sheet is not None or header_row is not None:
                raise _no_header(path, kind, listed, name, words, lacking)
        hidden = _hidden_with_header(path, file_format, scans, workbook, candidates, kind)
        if hidden is not None:
            raise cannot_import(
                path,
                "hidden_sheet_header",
                words,
                sheet=hidden,
                sheets=listed,
                apps=apps(file_format),
            )
        if empty == candidates and len(empty) in (1, len(names)):  # the one shown, or all
            raise _empty(path, names, empty, listed)
        if len(candidates) == 1:
            raise _no_header(path, kind, listed, candidates[0], words, lacking)
        raise _no_header(path, kind, listed, None, words, lacking)


@dataclass
class _Found:
    """A sheet whose header is recognised: the header's row and cells, whether a row holding
    anything lies under it; the sheet and the look at it when it was read (the one chosen),
    None when it was only looked at (the others of a default read: sheet_head)."""

    name: str
    line: int
    header: list[str]
    sheet: CalamineSheet | None = None
    look: _Look | None = None
    has_rows: bool = False

    @property
    def instructions(self) -> bool:
        """Whether the sheet is named as a template's instructions, template or sample."""
        return is_instructions_sheet(self.name)


# A sheet named so holds a template's instructions or sample rows, not the seller's data:
# passed over by default when another sheet's header is recognised and has rows.
_INSTRUCTION_WORDS = ("说明", "模板", "模版", "示例", "样例", "范例", "例子")
_INSTRUCTION_WORDS_EN = ("instruction", "template", "sample", "example", "readme", "how to")


def is_instructions_sheet(name: str) -> bool:
    """Whether a sheet's name says it holds instructions, a template or samples (填写说明,
    模板, 示例, Instructions, Template …)."""
    folded = name.strip().casefold()
    return any(word in folded for word in (*_INSTRUCTION_WORDS, *_INSTRUCTION_WORDS_EN))


def _others(
    path: Path,
    file_format: Format,
    scans: dict[str, SheetScan],
    workbook: CalamineWorkbook,
    candidates: list[str],
    first: str,
    kind: Kind | None,
) -> list[_Found]:
    """The sheets after `first` whose header is recognised, each only looked at: an .xlsx's
    first rows from its XML (sheet_head), an .xls's or .ods's from the workbook calamine
    holds whole (its sheet let go once looked at). One that cannot be read is left out: the
    sheet chosen is read without it, as it always was."""
    found: list[_Found] = []
    for name in candidates[candidates.index(first) + 1 :]:
        looked = (
            _head_looked_at(path, name, kind)
            if file_format == "xlsx"
            else _read_found(path, file_format, scans, workbook, name, kind)
        )
        if looked is not None:
            looked.sheet = looked.look = None  # read again if it is the one chosen
            found.append(looked)
    return found


def _head_looked_at(path: Path, name: str, kind: Kind | None) -> _Found | None:
    """The .xlsx sheet `name` if its header is recognised, from a look at its first rows
    (its cells from column A: a header's cells are compared without the blank ones before
    them, _same_header)."""
    head = sheet_head(path, name, HEADER_SEARCH_ROWS + 1)  # and the row after them
    if head is None:
        return None
    position, header = find_header_rows(head.rows, kind)
    if position < 0:
        return None
    line = head.rows[position][0]
    header = named_across(line, header, head.merged, 0)
    return _Found(name, line, header, has_rows=any(number > line for number, _ in head.rows))


def _read_found(
    path: Path,
    file_format: Format,
    scans: dict[str, SheetScan],
    workbook: CalamineWorkbook,
    name: str,
    kind: Kind | None,
) -> _Found | None:
    """The sheet `name`, read, if its header is recognised; None if not, or if it cannot be
    read (far cells, damage)."""
    try:
        look = _looked_at(path, file_format, scans, name)
        sheet = _read(path, file_format, workbook, name, look)
    except BookError:
        return None
    head = _head(sheet, None)
    position, header = find_header_rows(head, kind)
    if position < 0:
        return None
    line = head[position][0]
    header = merged_across(sheet, line, header, look.scan.merged)
    return _Found(name, line, header, sheet, look, _has_rows(sheet, line))


def _has_rows(sheet: CalamineSheet, line: int) -> bool:
    """Whether a row holding anything lies under the header's row `line`."""
    return any(number > line for number, _ in iter_cells(sheet))


def _default_table(
    path: Path,
    file_format: Format,
    whole: WholeLook | None,
    workbook: CalamineWorkbook,
    names: tuple[str, ...],
    headed: list[_Found],
    kind: Kind | None,
) -> ImportTable:
    """The sheet read when none is named, of those whose header is recognised (`headed`, in
    workbook order): the first with a row under its header and not named as instructions
    (填写说明, 模板), else the first with a row, else the first. The recognised sheets before
    it are named as passed over; those after it with the same header and rows as alike.
    A sheet only looked at is read once chosen; what its reading shows stands (left out if
    it cannot be read, as it was before it was looked at only)."""
    scans = whole.sheets if whole is not None else {}
    while True:
        with_rows = [found for found in headed if found.has_rows]
        data = [found for found in with_rows if not found.instructions]
        chosen = (data or with_rows or headed)[0]
        if chosen.sheet is not None:
            break
        read = _read_found(path, file_format, scans, workbook, chosen.name, kind)
        at = headed.index(chosen)
        headed[at : at + 1] = [read] if read is not None else []
    passed = tuple(found.name for found in headed[: headed.index(chosen)])
    same = _same_header(chosen.header)
    alike = tuple(
        found.name
        for found in with_rows
        if found is not chosen
        and found.name not in passed
        and not found.instructions
        and _same_header(found.header) == same
    )
    table = _chosen_table(path, file_format, whole, workbook, names, chosen, kind)
    return replace(table, passed_over=passed, alike_sheets=alike)


def _same_header(header: list[str]) -> tuple[str, ...]:
    """The header's cells as two sheets' are compared: without the blank cells before and
    after them (a sheet only looked at has its cells from column A, one read from its
    first column)."""
    cells = [cell.strip() for cell in header]
    while cells and not cells[-1]:
        cells.pop()
    while cells and not cells[0]:
        cells.pop(0)
    return tuple(cells)


def _chosen_table(
    path: Path,
    file_format: Format,
    whole: WholeLook | None,
    workbook: CalamineWorkbook,
    names: tuple[str, ...],
    found: _Found,
    kind: Kind | None,
) -> ImportTable:
    look, sheet = found.look, found.sheet
    assert look is not None and sheet is not None, "a sheet chosen is read"
    marks = hidden_marks(workbook)
    look.part = _workbook_part(path, file_format, whole)
    if look.part.never_calculated:
        _blank_formulas(path, found.name, look)
    table = _table(path, file_format, sheet, names, found.line, found.header, kind, look, marks)
    if isinstance(table.rows, SheetRows):
        table.rows.reopen_with(_reopener(path, file_format, found.name))
    return table


def _reopener(path: Path, file_format: Format, name: str) -> Callable[[], CalamineSheet]:
    """The sheet `name` read from the file again, as it was read now; BookError if the file
    is no longer the one read (changed, replaced or gone)."""
    identity = file_identity(path)

    def reopen() -> CalamineSheet:
        if file_identity(path) != identity:
            raise cannot_import(path, "file_changed")
        whole = _whole_look(path, file_format)
        scans = whole.sheets if whole is not None else {}
        look = _looked_at(path, file_format, scans, name)
        with _open(path, file_format, whole) as workbook:
            return _read(path, file_format, workbook, name, look)

    return reopen


@dataclass
class _Look:
    """What a look at the sheet showed before calamine reads it (sheet_scan, xls_scan,
    ods_scan): its error cells (row -> column -> error), the far cells left out, the
    workbook without them, and the text of the cells calamine reads short (row -> column
    -> text: an .ods cell's line breaks)."""

    errors: dict[int, dict[int, str]] = field(default_factory=dict)
    scan: SheetScan = field(default_factory=SheetScan)
    copy: io.BytesIO | None = None
    texts: dict[int, dict[int, str]] = field(default_factory=dict)
    percents: dict[int, dict[int, str]] = field(default_factory=dict)
    part: WorkbookPart = field(default_factory=WorkbookPart)  # what it says of every sheet


def _workbook_part(path: Path, file_format: Format, whole: WholeLook | None) -> WorkbookPart:
    """What the workbook says of every sheet: whether it counts its day numbers from 1904
    (Excel for Mac's date system: calamine reads its date cells right, not the day numbers
    in its General cells), and whether it was ever calculated (.xlsx). (.ods: its dates are
    date cells; its null date, nearly always 1899-12-30, is not looked at.)"""
    if file_format == "xlsx":
        return workbook_part(path)
    return WorkbookPart(date1904=isinstance(whole, XlsLook) and whole.date1904)


def _blank_formulas(path: Path, sheet: str, look: _Look) -> None:
    """The formula cells of a workbook never calculated that hold a placeholder (xlsxwriter's
    0, not what Excel or WPS shows) read as blank; each is named as a formula without its
    value is (tables.unsaved_formula_cells)."""
    for row, cell, _ in unsaved_formulas(path, sheet, uncalculated=True):
        column = column_number(cell.rstrip("0123456789"))
        look.texts.setdefault(row, {})[column - 1] = ""


def _looked_at(path: Path, file_format: Format, scans: dict[str, SheetScan], name: str) -> _Look:
    """The look at the sheet (an .xlsx's here, an .xls's or .ods's in `scans`). A few cells
    far from the data (a space typed in XFD1048576) are left out of a copy of the workbook
    the sheet is read from, so its blank millions are not read; BookError naming them when
    the cells are so scattered that which are the data is unclear."""
    copy: io.BytesIO | None = None
    if file_format == "xlsx":
        scan = scan_sheet(path, name)
        _refuse_far(path, file_format, name, scan)
        if scan.left_out:
            copy = without_cells(path, scan.member, scan.left_out)
    elif name in scans:
        scan = scans[name]  # the workbook was opened from its copy (_open)
    else:
        return _Look()
    return _Look(_by_row(scan.errors), scan, copy, _by_row(scan.texts), _by_row(scan.percents))


def _by_row(cells: dict[tuple[int, int], str]) -> dict[int, dict[int, str]]:
    """(row, column), both 1-based -> text as row -> column (0-based) -> text."""
    found: dict[int, dict[int, str]] = {}
    for (row, column), text in cells.items():
        found.setdefault(row, {})[column - 1] = text
    return found


def _refuse_far(path: Path, file_format: Format, name: str, scan: SheetScan) -> None:
    if scan.far and not scan.left_out:
        cells = _far_named(scan)
        raise cannot_import(
            path, "far_cells", sheet=name, cells=cells, data=scan.data_box, apps=apps(file_format)
        )


def _far_named(scan: SheetScan) -> tuple[str, str]:
    """The far cells for a message, (zh, en): the first few, and how many there are."""
    cells = ("、".join(scan.far), ", ".join(scan.far))
    if scan.far_count <= len(scan.far):
        return cells
    zh, en = (
        t("import.far_cells_more", lang, cells=cells[at], count=scan.far_count)
        for at, lang in enumerate(LANGS)
    )
    return zh, en


def _read(
    path: Path, file_format: Format, workbook: CalamineWorkbook, name: str, look: _Look
) -> CalamineSheet:
    """The sheet, from the copy of the workbook without its far cells if it has some."""
    if look.copy is None:
        return _sheet(path, file_format, workbook, name)
    try:
        with panics_kept_quiet(), CalamineWorkbook.from_filelike(look.copy) as workbook:
            return workbook.get_sheet_by_name(name)
    except BaseException as exc:  # calamine's error, or a panic of its Rust code
        raise _damaged(path, file_format, exc) from None


def _hidden_with_header(
    path: Path,
    file_format: Format,
    scans: dict[str, SheetScan],
    workbook: CalamineWorkbook,
    looked: list[str],
    kind: Kind | None,
) -> str | None:
    """The first hidden sheet whose header is recognised, when no shown sheet's is: never
    read without being named, but named to the seller."""
    for meta in workbook.sheets_metadata:
        if meta.name in looked or meta.typ != SheetTypeEnum.WorkSheet:
            continue
        look = _looked_at(path, file_format, scans, meta.name)
        chosen = _read(path, file_format, workbook, meta.name, look)
        position, _ = find_header_rows(_head(chosen, None), kind)
        if position >= 0:
            return meta.name
    return None


def _headed_at(
    path: Path,
    file_format: Format,
    scans: dict[str, SheetScan],
    workbook: CalamineWorkbook,
    candidates: list[str],
    header_row: int,
    kind: Kind | None,
) -> str:
    """The first of `candidates` whose row `header_row` is a header xiaoben recognises (a
    workbook opening on a 说明 sheet), else the first: its row is taken as it is."""
    if len(candidates) > 1:
        for name in candidates:
            look = _looked_at(path, file_format, scans, name)
            head = _head(_read(path, file_format, workbook, name, look), header_row)
            if head and head[-1][0] == header_row and recognised(head[-1][1], kind):
                return name
    return candidates[0]


def _visible(workbook: CalamineWorkbook) -> list[str]:
    shown = [
        sheet.name
        for sheet in workbook.sheets_metadata
        if sheet.visible == SheetVisibleEnum.Visible and sheet.typ == SheetTypeEnum.WorkSheet
    ]
    return shown or list(workbook.sheet_names)


def _header_position(
    path: Path, head: list[Row], header_row: int | None, kind: Kind | None
) -> tuple[int, list[str]]:
    if header_row is None:
        return find_header_rows(head, kind)
    position, header = header_at(head, header_row, kind)
    if position < 0:
        raise cannot_import(path, "header_row_blank", row=header_row)
    return position, header


def _no_header(
    path: Path,
    kind: Kind | None,
    names: tuple[str, str],
    sheet: str | None,
    words: str,
    lacking: tuple[str, int, tuple[str, ...]] | None = None,
) -> BookError:
    """No header found; where a purchases header lacks only its date or amount (`lacking`:
    sheet, row, fields), that said, naming the sheet and the row."""
    if lacking is not None:
        at, row, fields = lacking
        missing = lacking_words(fields)
        return cannot_import(
            path, "header_lacks", words, sheet=at, row=row, missing=missing, count=len(fields)
        )
    expected = expected_columns(kind)
    rows = HEADER_SEARCH_ROWS
    if sheet is not None:
        return cannot_import(
            path, "no_header_row", words, sheet=sheet, rows=rows, expected=expected
        )
    return cannot_import(path, "no_sheet_header", words, sheets=names, rows=rows, expected=expected)


def _blank(sheet: CalamineSheet) -> bool:
    """Whether no cell of the sheet holds anything (formatted cells, spaces: blank rows)."""
    return next(iter_cells(sheet), None) is None


def _empty(
    path: Path, names: tuple[str, ...], empty: list[str], listed: tuple[str, str]
) -> BookError:
    """The workbook is empty (every sheet of it in `empty`), or the sheet empty[0] is, named
    beside the others (`listed`): said so, not as a sheet whose header is not found."""
    if len(names) == 1:
        return cannot_import(path, "only_sheet_empty", sheet=names[0])
    if len(empty) == len(names):
        return cannot_import(path, "sheets_empty", sheets=listed)
    return cannot_import(path, "sheet_empty", sheet=empty[0], sheets=listed)


def _hidden_key(visible: SheetVisibleEnum) -> str | None:
    """The label of a hidden sheet's mark (calamine's enum cannot key a dict)."""
    if visible == SheetVisibleEnum.Hidden:
        return "import.sheet_hidden"
    if visible == SheetVisibleEnum.VeryHidden:
        return "import.sheet_very_hidden"
    return None


def _listed(workbook: CalamineWorkbook) -> tuple[str, str]:
    """The sheet names for a message, each hidden one said to be: (zh, en)."""
    shown: list[tuple[str, str]] = []
    for meta in workbook.sheets_metadata:
        key = _hidden_key(meta.visible)
        marks = [t(key, lang) if key else "" for lang in LANGS]
        shown.append((f"“{meta.name}”{marks[0]}", f"“{meta.name}”{marks[1]}"))
    if not shown:
        return "—", "—"
    return "、".join(zh for zh, _ in shown), ", ".join(en for _, en in shown)


STREAM_FROM_CELLS = 100_000  # a sheet with more cells is converted as it is read, in batches


def _table(
    path: Path,
    file_format: Format,
    sheet: CalamineSheet,
    names: tuple[str, ...],
    header_line: int,
    header: list[str],
    kind: Kind | None,
    look: _Look,
    hidden: dict[str, str],
) -> ImportTable:
    money = _columns(header, "purchases", _MONEY_FIELDS) if kind == "purchases" else set()
    dates = _columns(header, kind, _DATE_FIELDS)
    texts = _in_rows(sheet, look.texts, header_line) if look.texts else None
    lazy = SheetRows(
        sheet, header, header_line, dates, money, texts, look.part.date1904, look.scan.merged
    )
    rows: Sequence[Row] = lazy
    numbers: Mapping[int, Sequence[int]] = SheetNumbers(lazy)
    long_numbers: Mapping[int, Sequence[int]] | None = SheetNumbers(lazy, long=True)
    if sheet.height * sheet.width <= STREAM_FROM_CELLS:
        found: dict[int, array[int]] = {}
        read = _yearless_birthdays(path, file_format, sheet, header, kind, lazy.read(found), look)
        rows, numbers, long_numbers = read, found, None
    hidden_lines = _hidden_lines(sheet, rows, look.scan.hidden_rows, header_line)
    hidden_columns = _hidden_columns(sheet, header, look.scan.hidden_columns)
    return ImportTable(
        path,
        file_format,
        "",
        header,
        rows,
        format=file_format,
        sheet=sheet.name,
        sheets=names,
        hidden_sheets=hidden,
        header_line=header_line,
        numbers=numbers,
        long_numbers=long_numbers,
        error_cells=_in_rows(sheet, look.errors, header_line),
        percent_cells=_in_columns(_in_rows(sheet, look.percents, header_line), money),
        far_cells=tuple(look.scan.left_out),
        far_from=look.scan.data_box,
        uncalculated=look.part.never_calculated,
        hidden_rows=hidden_lines,
        hidden_columns=hidden_columns,
        rounded=lazy.rounded,
        merged_down=merged_spans(lazy.merged),
    )


def _hidden_lines(
    sheet: CalamineSheet, rows: Sequence[Row], hidden: set[int], header_line: int
) -> tuple[int, ...]:
    """The data rows under the header that the sheet hides (not a blank one): a large
    sheet's are found in one pass over its cells, only when it hides some."""
    wanted = {row for row in hidden if row > header_line}
    if not wanted:
        return ()
    lines = map(itemgetter(0), rows if isinstance(rows, list) else iter_cells(sheet))
    return tuple(line for line in lines if line in wanted)


def _hidden_columns(
    sheet: CalamineSheet, header: list[str], hidden: set[int]
) -> tuple[tuple[str, str], ...]:
    """(letters, header) of each column of the header the sheet hides, in order: a blank
    header's column is nobody's (a sheet's unused columns, hidden whole)."""
    first = sheet.start[1] if sheet.start else 0
    return tuple(
        (column_letters(first + at + 1), text)
        for at, text in enumerate(header)
        if text and first + at + 1 in hidden
    )


def _yearless_birthdays(
    path: Path,
    file_format: Format,
    sheet: CalamineSheet,
    header: list[str],
    kind: Kind | None,
    rows: list[Row],
    look: _Look,
) -> list[Row]:
    """The rows, each birthday cell formatted to show no year (3月5日) a birthday without
    one (birthday_formats, ods_scan): a small customers sheet's, when its birthday column
    holds date cells."""
    if kind == "purchases" or file_format not in ("xlsx", "xls", "ods") or not rows:
        return rows
    found = recognised(header, "customers")
    at = found.fields.get("birthday") if found is not None else None
    if at is None or not has_dates(rows, at):
        return rows
    column = at + (sheet.start[1] if sheet.start else 0) + 1
    if file_format == "xls":
        yearless = {row for row, each in look.scan.yearless if each == column}
    elif file_format == "ods":
        yearless = ods_yearless_rows(path, sheet.name, column, range(rows[0][0], rows[-1][0] + 1))
    else:
        lines = range(rows[0][0], rows[-1][0] + 1)
        yearless = xlsx_yearless_rows(path, sheet.name, column, lines)
    return without_years(rows, at, yearless) if yearless else rows


def _in_rows(
    sheet: CalamineSheet, cells: dict[int, dict[int, str]], header_line: int
) -> dict[int, dict[int, str]]:
    """The error cells (or texts) under the header, columns as in the rows' cells (calamine's
    rows start at the sheet's first column, the XML's references at A)."""
    first = sheet.start[1] if sheet.start else 0
    return {
        row: {column - first: text for column, text in found.items() if column >= first}
        for row, found in cells.items()
        if row > header_line
    }


def _in_columns(cells: dict[int, dict[int, str]], columns: set[int]) -> dict[int, dict[int, str]]:
    """The cells (row -> column -> text) of `columns` only."""
    found = {
        row: {at: text for at, text in each.items() if at in columns} for row, each in cells.items()
    }
    return {row: each for row, each in found.items() if each}


def _columns(header: list[str], kind: Kind | None, fields: tuple[str, ...]) -> set[int]:
    """The columns of the header that the importer reads as `fields`."""
    columns: set[int] = set()
    for each in (kind,) if kind else KINDS:
        found = recognised(header, each)
        if found is not None:
            columns.update(found.fields[name] for name in fields if name in found.fields)
    return columns
