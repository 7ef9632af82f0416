"""A default read of a workbook reads the sheet it imports, and only looks at the first rows
of the others to name them (alike, passed over): the look says of a sheet what reading it
would (its header's row and cells, whether rows follow it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoben.store.importing import sheets
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.sheets import _head_looked_at, _read_found, _same_header

MONTH_HEADER = ["客户", "手机", "金额", "日期"]


def months(path: Path, count: int = 3) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for month in range(1, count + 1):
        sheet = book.create_sheet(f"{month}月")
        sheet.append(MONTH_HEADER)
        sheet.append([f"客户{month}", f"1380013800{month}", 100, dt.date(2024, month, 5)])
    book.save(path)
    return path


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sheets the workbook library is asked to read, by name, in order."""
    read: list[str] = []
    real = sheets._read

    def counted(path: Path, file_format: Any, workbook: Any, name: str, look: Any) -> Any:
        read.append(name)
        return real(path, file_format, workbook, name, look)

    monkeypatch.setattr(sheets, "_read", counted)
    return read


def test_the_months_after_the_first_are_looked_at_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = reads(monkeypatch)

    table = read_any(months(tmp_path / "2024订单.xlsx"), kind="purchases")

    assert (table.sheet, table.alike_sheets) == ("1月", ("2月", "3月"))
    assert read == ["1月"]


def test_a_sheet_looked_at_and_chosen_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    book.create_sheet("模板").append(MONTH_HEADER)
    for month in ("1月", "2月"):
        sheet = book.create_sheet(month)
        sheet.append(MONTH_HEADER)
        sheet.append(["王芳", "13800138001", 100, dt.date(2024, 1, 5)])
    book.save(tmp_path / "a.xlsx")
    read = reads(monkeypatch)

    table = read_any(tmp_path / "a.xlsx", kind="purchases")

    assert (table.sheet, table.passed_over, table.alike_sheets) == ("1月", ("模板",), ("2月",))
    assert [cells[0] for _, cells in table.rows] == ["王芳"]
    assert read == ["模板", "1月"]


def test_an_xls_month_is_named_alike_as_before(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    for month in ("1月", "2月"):
        sheet = book.add_sheet(month)
        for column, text in enumerate(MONTH_HEADER):
            sheet.write(0, column, text)
        sheet.write(1, 0, "王芳")
    book.save(str(tmp_path / "a.xls"))

    table = read_any(tmp_path / "a.xls", kind="purchases")

    assert (table.sheet, table.alike_sheets) == ("1月", ("2月",))


# A sheet as a seller makes one: title rows (one merged across), blank rows and rows of
# spaces, a header (from column A or further right, a cell merged over two columns), rows.
_CELL = st.one_of(
    st.sampled_from(["王芳", "13800138001", " ", "备注", "_x000D_", "A&B<C>", "地址"]),
    st.integers(0, 10**6),
    st.floats(0, 1000, allow_nan=False).map(lambda value: round(value, 2)),
    st.booleans(),
)
_ROW = st.lists(st.one_of(st.none(), _CELL), max_size=5)
_HEADERS = st.sampled_from(
    [["姓名", "手机", "微信"], ["客户", "手机", "金额", "日期"], ["姓名", "手机", None, "地址"]]
)


@st.composite
def seller_sheets(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "title": draw(st.lists(st.one_of(_ROW, st.just([" ", "\u3000"])), max_size=22)),
        "merge_title": draw(st.booleans()),
        "header": draw(_HEADERS),
        "column": draw(st.integers(0, 2)),
        "merge_phone": draw(st.booleans()),
        "rows": draw(st.lists(_ROW, max_size=3)),
        "shared": draw(st.booleans()),  # xlsxwriter's shared strings, else openpyxl's
    }


def _write(path: Path, shape: dict[str, Any]) -> None:
    rows: list[list[Any]] = [*shape["title"], shape["header"], *shape["rows"]]
    header_row = len(shape["title"])
    column = shape["column"]
    if shape["shared"]:
        book = xlsxwriter.Workbook(str(path))
        book.add_worksheet("1月").write_row(0, 0, MONTH_HEADER)
        sheet = book.add_worksheet("2月")
        for at, row in enumerate(rows):
            for offset, value in enumerate(row):
                if value is not None:
                    sheet.write(at, column + offset, value)
        if shape["merge_title"] and shape["title"]:
            sheet.merge_range(0, column, 0, column + 2, "客户名单")
        if shape["merge_phone"]:
            sheet.merge_range(header_row, column + 1, header_row, column + 2, "手机")
        book.close()
        return
    book = openpyxl.Workbook()
    book.active.title = "1月"
    book.active.append(MONTH_HEADER)
    sheet = book.create_sheet("2月")
    for at, row in enumerate(rows, 1):
        for offset, value in enumerate(row):
            if value is not None:
                sheet.cell(at, column + offset + 1, value)
    letter = "ABCDE"
    if shape["merge_title"] and shape["title"]:
        sheet.cell(1, column + 1, "客户名单")
        sheet.merge_cells(f"{letter[column]}1:{letter[column + 2]}1")
    if shape["merge_phone"]:
        line = header_row + 1
        sheet.merge_cells(f"{letter[column + 1]}{line}:{letter[column + 2]}{line}")
    book.save(path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(shape=seller_sheets(), kind=st.sampled_from([None, "customers", "purchases"]))
def test_a_look_at_a_sheet_says_what_reading_it_would(
    tmp_path: Path, shape: dict[str, Any], kind: Any
) -> None:
    path = tmp_path / "look.xlsx"
    _write(path, shape)

    looked = _head_looked_at(path, "2月", kind)
    with sheets._open(path, "xlsx") as workbook:
        read = _read_found(path, "xlsx", {}, workbook, "2月", kind)

    if read is None:
        assert looked is None
        return
    assert looked is not None
    assert (looked.line, looked.has_rows) == (read.line, read.has_rows)
    assert _same_header(looked.header) == _same_header(read.header)


def test_a_look_finds_its_strings_deep_in_the_shared_table(tmp_path: Path) -> None:
    # 1月's 80,000 strings come first in the table (over 1 MB): 2月's are read past them
    path = tmp_path / "deep.xlsx"
    book = xlsxwriter.Workbook(str(path))
    first = book.add_worksheet("1月")
    first.write_row(0, 0, MONTH_HEADER)
    for row in range(1, 40_001):
        first.write_row(row, 0, [f"客户{row}", f"备注 {row} 号"])
    second = book.add_worksheet("2月")
    second.write_row(0, 0, ["标题 & <说明>", "_x000D_"])
    second.write_row(2, 0, ["姓名", "手机", "地址"])
    second.write_row(3, 0, ["最后一位", "13800138000", "文三路 1 号"])
    book.close()

    looked = _head_looked_at(path, "2月", None)

    assert looked is not None
    assert (looked.line, looked.header, looked.has_rows) == (3, ["姓名", "手机", "地址"], True)
    head = sheets.sheet_head(path, "2月", 3)
    assert head is not None
    assert head.rows[0] == (1, ["标题 & <说明>", "_x000D_"])  # as typed (escaped: _x005F_x000D_)
