"""Workbooks as people leave them: a cell typed far from the data, Excel error cells, a name
merged over the rows of one order, hidden sheets. Each read as the seller means it, or
refused by name; never a crash, never a cell silently blank."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlwt
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font

from tests.workbook_helpers import write_ods, write_xls, write_xlsx
from xiaoben.models.errors import BookError
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.sheet_scan import scan_sheet
from xiaoben.store.importing.tables import lost_zeros


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def customers_with_a_cell_at(path: Path, far: str, value: object = " ") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    sheet.append(["姓名", "手机"])
    sheet.append(["王芳", "13800138000"])
    sheet.append(["李娜", "13900139000"])
    sheet[far] = value
    workbook.save(path)
    return path


def customers_in(path: Path) -> list[str]:
    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        return [name for (name,) in conn.execute("SELECT name FROM customers ORDER BY id")]
    finally:
        conn.close()


# --- a cell far from the data -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_space_typed_in_the_last_cell_is_left_out_and_named(tmp_path: Path, lang: str) -> None:
    """calamine would ask for the sheet's whole box (17 billion cells) and abort the process:
    a real process, so an abort shows as what it is."""
    workbook = customers_with_a_cell_at(tmp_path / "客户.xlsx", "XFD1048576")
    book = tmp_path / "shop.db"
    env = {**os.environ, "XIAOBEN_LANG": lang, "XDG_DATA_HOME": str(tmp_path / "data")}
    command = [sys.executable, "-m", "xiaoben.cli", "--db", str(book), "import", "customers"]
    done = subprocess.run(
        [*command, str(workbook)], capture_output=True, text=True, env=env, timeout=120
    )

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    if lang == "zh":
        assert "单元格 XFD1048576 离数据（A1:B3）很远，没有读入" in done.stderr
    else:
        assert "cell XFD1048576 lies far from the data (A1:B3) and was left out" in done.stderr
    assert customers_in(book) == ["王芳", "李娜"]


def far_warnings(path: Path) -> list[str]:
    table = read_any(path, kind="customers")
    assert [cells[0] for _, cells in table.rows] == ["王芳", "李娜"]
    return [error.message for error in lost_zeros(table, "customers")]


def test_a_stray_cell_thousands_of_rows_down_is_left_out_and_named(tmp_path: Path) -> None:
    path = customers_with_a_cell_at(tmp_path / "客户.xlsx", "Z200000", "x")
    before = path.read_bytes()
    assert far_warnings(path) == [
        "cell Z200000 lies far from the data (A1:B3) and was left out (most often a stray "
        "space or note); if it is data to import, move it next to the rest and import again"
    ]
    assert path.read_bytes() == before  # left out of a copy: the seller's file untouched
    assert scan_sheet(path, "客户").left_out == ["Z200000"]


def test_a_stray_cell_far_to_the_right_is_left_out(tmp_path: Path) -> None:
    path = customers_with_a_cell_at(tmp_path / "客户.xlsx", "XFD500", "备注")
    assert "cell XFD500 lies far" in far_warnings(path)[0]


def test_several_stray_cells_are_counted(tmp_path: Path) -> None:
    path = customers_with_a_cell_at(tmp_path / "客户.xlsx", "Z200000")
    workbook = openpyxl.load_workbook(path)
    for far in ("Y190000", "X180000", "W170000"):
        workbook.active[far] = "x"
    workbook.save(path)
    assert "Z200000, Y190000, X180000 and others (4 cells)" in far_warnings(path)[0]


def test_cells_scattered_too_widely_to_tell_the_data_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.store.importing.sheet_scan._MOST_FAR", 2)
    path = customers_with_a_cell_at(tmp_path / "客户.xlsx", "Z200000")
    workbook = openpyxl.load_workbook(path)
    for far in ("Y190000", "X180000", "W170000"):
        workbook.active[far] = "x"
    workbook.save(path)
    with pytest.raises(BookError) as caught:
        read_any(path, kind="customers")
    assert "cells Z200000, Y190000 of sheet “客户” lie far from the data (A1:X180000)" in (
        caught.value.message("en")
    )
    assert "单元格 Z200000、Y190000 离数据（A1:X180000）很远，又无法单独略过" in (
        caught.value.message("zh")
    )


def test_a_cell_far_to_the_right_of_a_short_sheet_is_read(tmp_path: Path) -> None:
    """16,384 columns of three rows are 49,152 cells: read, not refused."""
    path = customers_with_a_cell_at(tmp_path / "客户.xlsx", "XFD1", "备注")
    table = read_any(path, kind="customers")
    names = [cells[:2] for _, cells in table.rows]
    assert names == [["王芳", "13800138000"], ["李娜", "13900139000"]]


def test_a_far_cell_that_is_only_formatted_is_no_reason_to_refuse(tmp_path: Path) -> None:
    """Excel counts a bold but empty cell in the sheet's size; the cells are what count."""
    path = customers_with_a_cell_at(tmp_path / "客户.xlsx", "A2")
    workbook = openpyxl.load_workbook(path)
    workbook.active["XFD1048576"].font = Font(bold=True)
    workbook.save(path)
    table = read_any(path, kind="customers")
    assert [cells[0] for _, cells in table.rows] == ["", "李娜"]


def dense(path: Path, rows: int, far: str | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    sheet.append(["姓名", "手机", "城市", "标签"])
    for row in range(rows):
        sheet.append([f"客户{row}", 13800000000 + row, "杭州", "A"])
    if far:
        sheet[far] = "x"
    workbook.save(path)
    return path


def test_a_sheet_larger_than_the_floor_is_read_when_its_cells_fill_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the floor the box may be a few times its cells: a large sheet is no stray cell
    (the floor made small, so a small sheet is a large one)."""
    monkeypatch.setattr("xiaoben.store.importing.sheet_scan.AREA_FLOOR", 100)
    assert scan_sheet(dense(tmp_path / "a.xlsx", 300), "客户").far == []
    far = scan_sheet(dense(tmp_path / "b.xlsx", 300, far="D6000"), "客户")
    assert (far.far, far.data_box) == (["D6000"], "A1:D301")


# --- error cells --------------------------------------------------------------------------------


def with_errors(path: Path, rows: list[list[object]]) -> Path:
    """A sheet whose "#…" cells are Excel error cells (t="e"), as Excel saves them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "订单"
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("#"):
                cell.data_type = "e"
    workbook.save(path)
    return path


def test_a_ref_error_in_the_product_refuses_the_row_by_name(tmp_path: Path) -> None:
    path = with_errors(
        tmp_path / "订单.xlsx",
        [["客户", "日期", "金额", "商品"], ["王芳", "2024-03-05", 199, "#REF!"]],
    )
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert purchases == []
    assert [(e.line, e.column, e.value) for e in errors] == [(2, "商品", "#REF!")]
    assert "the error value #REF!" in errors[0].message


def test_a_not_available_date_names_the_error_not_a_missing_date(tmp_path: Path) -> None:
    path = with_errors(
        tmp_path / "订单.xlsx",
        [["客户", "日期", "金额"], ["王芳", "#N/A", 199], ["李娜", "2024-03-06", 88]],
    )
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert [row.name for row in purchases] == ["李娜"]
    assert len(errors) == 1
    assert "#N/A" in errors[0].message
    assert "required" not in errors[0].message


def test_an_error_in_a_column_nobody_reads_leaves_the_row_alone(tmp_path: Path) -> None:
    path = with_errors(
        tmp_path / "订单.xlsx",
        [["客户", "日期", "金额", "利润率"], ["王芳", "2024-03-05", 199, "#DIV/0!"]],
    )
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert [row.amount_cents for row in purchases] == [19900]
    assert errors == []


def test_a_customer_name_that_is_an_error_is_refused_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    path = with_errors(tmp_path / "客户.xlsx", [["姓名", "手机"], ["#NAME?", 13800138000]])
    customers, errors = parse_customers(read_any(path, kind="customers"))
    assert customers == []
    assert errors[0].message.startswith("姓名：单元格是错误值 #NAME?")


def test_a_formula_whose_saved_value_is_an_error_is_refused(tmp_path: Path) -> None:
    """Excel saves =1/0 as a formula with its value, #DIV/0!, in a cell of type "e"."""
    path = tmp_path / "订单.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["客户", "日期", "金额"])
    sheet.append(["王芳", "2024-03-05", "=1/0"])
    workbook.save(path)
    _rewrite_sheet(path, lambda xml: re.sub(rb"<c r=\"C2\"><f>1/0</f><v ?/>", _SAVED, xml))

    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert purchases == []
    assert [(e.column, e.value) for e in errors] == [("金额", "#DIV/0!")]


_SAVED = b'<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v>'


def _rewrite_sheet(path: Path, change: Callable[[bytes], bytes]) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    xml = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = changed = change(xml)
    assert changed != xml
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


# --- merged cells -------------------------------------------------------------------------------


def test_a_name_merged_over_the_items_of_an_order_is_on_every_item(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["三月订单"])
    sheet.merge_cells("A1:D1")  # a merged title over the header stays a title
    sheet.append(["客户", "日期", "商品", "金额", "备注", "渠道"])
    sheet.append(["王芳", "2024-03-05", "面膜", 99])
    sheet.append([None, "2024-03-05", "面霜", 199])
    sheet.append([None, "2024-03-05", "精华", 299])
    sheet.append(["李娜", "2024-03-06", "口红", 88, "送货上门"])
    sheet.append(["李娜", "2024-03-07", "眼霜", 66, None, "微信"])
    sheet.merge_cells("A3:A5")
    sheet.merge_cells("E6:F7")  # across columns: the value is the first column's only
    workbook.save(tmp_path / "订单.xlsx")

    table = read_any(tmp_path / "订单.xlsx", kind="purchases")
    purchases, errors = parse_purchases(table)

    assert table.header_line == 2
    assert errors == []
    assert [(row.name, row.items, row.note, row.channel) for row in purchases] == [
        ("王芳", "面膜", "", None),
        ("王芳", "面霜", "", None),
        ("王芳", "精华", "", None),
        ("李娜", "口红", "送货上门", None),
        ("李娜", "眼霜", "送货上门", None),
    ]


def test_a_merge_on_a_sheet_that_starts_off_column_a(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C3"], sheet["D3"] = "姓名", "手机"
    sheet["C4"], sheet["D4"] = "王芳", "13800138000"
    sheet["D5"] = "13800138001"
    sheet.merge_cells("C4:C5")
    workbook.save(tmp_path / "客户.xlsx")
    rows = list(read_any(tmp_path / "客户.xlsx", kind="customers").rows)
    assert rows == [(4, ["王芳", "13800138000"]), (5, ["王芳", "13800138001"])]


# --- hidden sheets ------------------------------------------------------------------------------


def with_hidden(path: Path, state: str = "hidden") -> Path:
    workbook = openpyxl.Workbook()
    old = workbook.active
    old.title = "旧客户"
    old.append(["姓名", "手机"])
    old.append(["王芳", "13800138000"])
    old.sheet_state = state
    notes = workbook.create_sheet("说明")
    notes.append(["本表由小王整理"])
    workbook.active = 1
    workbook.save(path)
    return path


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_is_not_read_unless_named(tmp_path: Path, state: str) -> None:
    path = with_hidden(tmp_path / "客户.xlsx", state)
    with pytest.raises(BookError) as caught:
        read_any(path, kind="customers")
    message = caught.value.message("en")
    assert "only the hidden sheet “旧客户” has a header row" in message
    shown = "hidden" if state == "hidden" else "very hidden"
    assert f"the sheets are: “旧客户” ({shown}), “说明”" in message
    assert "“旧客户”（隐藏）" in caught.value.message("zh") or state != "hidden"


def test_a_hidden_sheet_named_with_sheet_is_read(tmp_path: Path) -> None:
    path = with_hidden(tmp_path / "客户.xlsx")
    table = read_any(path, sheet="旧客户", kind="customers")
    assert list(table.rows) == [(2, ["王芳", "13800138000"])]


def test_the_sheets_listed_say_which_are_hidden(tmp_path: Path) -> None:
    path = with_hidden(tmp_path / "客户.xlsx")
    with pytest.raises(BookError) as caught:
        read_any(path, sheet="客户")
    assert "the sheets are: “旧客户” (hidden), “说明”" in caught.value.message("en")


def test_the_cli_says_a_hidden_sheet_must_be_named(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = with_hidden(tmp_path / "客户.xlsx")
    refused = run("import", "customers", str(path))
    assert refused.exit_code == 1
    assert "only the hidden sheet “旧客户”" in refused.stderr
    named = run("import", "customers", str(path), "--sheet", "旧客户")
    assert named.exit_code == 0, named.output
    assert customers_in(book_path) == ["王芳"]


# --- hidden rows --------------------------------------------------------------------------------


def with_hidden_rows(path: Path) -> Path:
    """As sellers "delete for now" in Excel or WPS: row 3 hidden, and row 5 filtered out by
    an AutoFilter on 标签 = VIP; a blank hidden row 7, and a hidden title row over the
    header."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    sheet.append(["2024 客户"])
    sheet.append(["姓名", "手机", "标签"])
    sheet.append(["李四（已删）", "13800138002", "不要了"])
    sheet.append(["张三", "13800138001", "VIP"])
    sheet.append(["赵六", "13800138004", "普通"])
    sheet.append(["王五", "13800138003", "VIP"])
    for row in (1, 3, 5, 7):
        sheet.row_dimensions[row].hidden = True
    sheet.auto_filter.ref = "A2:C6"
    sheet.auto_filter.add_filter_column(2, ["VIP"])
    workbook.save(path)
    return path


def test_hidden_and_filtered_rows_are_imported_and_named(tmp_path: Path) -> None:
    table = read_any(with_hidden_rows(tmp_path / "客户.xlsx"), kind="customers")

    assert [cells[0] for _, cells in table.rows] == ["李四（已删）", "张三", "赵六", "王五"]
    assert table.hidden_rows == (3, 5)  # not the title, nor the blank row
    warning = lost_zeros(table, "customers")[0]
    assert (warning.line, warning.column) == (3, "hidden rows")
    assert warning.message == (
        "2 rows are hidden or filtered out in the sheet (not shown in Excel or WPS): lines "
        "3, 5; they are imported as the others. If they should not be, delete them in Excel "
        "or WPS and import again"
    )
    assert warning.message_in("zh") == (
        "工作表中有 2 行被隐藏或被筛选掉（在 Excel 或 WPS 中看不到）：第 3、5 行；这些行照常"
        "导入。如果不该导入，请在 Excel 或 WPS 中删除这些行后再导入"
    )


def test_many_hidden_rows_are_counted_and_the_first_named(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "手机"])
    for n in range(2, 32):
        sheet.append([f"客户{n}", f"138001380{n:02d}"])
        sheet.row_dimensions[n].hidden = n > 19
    workbook.save(tmp_path / "客户.xlsx")

    table = read_any(tmp_path / "客户.xlsx", kind="customers")

    assert table.hidden_rows == tuple(range(20, 32))
    message = lost_zeros(table, "customers")[0].message
    assert "12 rows are hidden or filtered out" in message
    assert "lines 20, 21, 22, 23, 24 and 7 more;" in message
    assert "第 20、21、22、23、24 行等（另有 7 行）" in lost_zeros(table, "customers")[
        0
    ].message_in("zh")


def test_a_legacy_xls_names_its_hidden_rows(tmp_path: Path) -> None:
    rows = [["姓名", "手机"], ["王芳", "13800138000"], ["李娜", "13900139000"]]
    path = write_xls(tmp_path / "客户.xls", "客户", rows, hidden=[2])

    table = read_any(path, kind="customers")

    assert [cells[0] for _, cells in table.rows] == ["王芳", "李娜"]
    assert table.hidden_rows == (2,)


def test_a_sheet_without_hidden_rows_says_nothing_of_them(tmp_path: Path) -> None:
    table = read_any(customers_with_a_cell_at(tmp_path / "客户.xlsx", "C3", "x"))

    assert table.hidden_rows == ()
    assert lost_zeros(table, "customers") == []


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_the_import_report_names_the_hidden_rows(
    run: Callable[..., Result], tmp_path: Path, dry_run: list[str]
) -> None:
    path = with_hidden_rows(tmp_path / "客户.xlsx")

    result = run("--lang", "zh", "import", "customers", path, *dry_run)

    assert result.exit_code == 0, result.output
    assert "第 3 行，隐藏的行：工作表中有 2 行被隐藏或被筛选掉" in result.stderr


def test_a_far_cell_written_out_of_order_is_found(tmp_path: Path) -> None:
    """Spreadsheets write rows in order; a file written by hand may not, and calamine reads
    it all the same."""
    path = customers_with_a_cell_at(tmp_path / "客户.xlsx", "C1", "备注")
    stray = b'<c r="Z200000" t="inlineStr"><is><t>x</t></is></c>'
    _rewrite_sheet(path, lambda xml: xml.replace(b'<c r="A2"', stray + b'<c r="A2"', 1))
    assert "cell Z200000 lies far" in far_warnings(path)[0]


def test_a_name_merged_down_in_a_legacy_xls_is_on_every_item(tmp_path: Path) -> None:
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("订单")
    for column, text in enumerate(["客户", "日期", "金额"]):
        sheet.write(0, column, text)
    sheet.write_merge(1, 2, 0, 0, "王芳")
    for row, (day, amount) in enumerate([("2024-03-05", 99), ("2024-03-06", 199)], 1):
        sheet.write(row, 1, day)
        sheet.write(row, 2, amount)
    workbook.save(str(tmp_path / "订单.xls"))
    purchases, errors = parse_purchases(read_any(tmp_path / "订单.xls", kind="purchases"))
    assert errors == []
    assert [(row.name, row.amount_cents) for row in purchases] == [("王芳", 9900), ("王芳", 19900)]


def test_cells_cut_between_two_reads_of_the_xml_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sheet's XML is looked at a chunk at a time: a cell the chunk ends in is whole in
    the next one (chunks of 50 bytes: every cell is cut somewhere)."""
    monkeypatch.setattr("xiaoben.store.importing.sheet_scan._CHUNK", 50)
    rows: list[list[object]] = [["客户", "日期", "金额", "商品"]]
    rows += [[f"客户{n}", "2024-03-05", n, "#REF!" if n % 7 == 0 else "面膜"] for n in range(60)]
    path = with_errors(tmp_path / "订单.xlsx", rows)
    workbook = openpyxl.load_workbook(path)
    workbook.active["Z200000"] = " "
    workbook.save(path)

    scan = scan_sheet(path, "订单")

    assert scan.left_out == ["Z200000"]
    assert sorted(scan.errors) == [(n + 2, 4) for n in range(0, 60, 7)]


def _box(cells: set[tuple[int, int]]) -> int:
    rows = [row for row, _ in cells]
    columns = [column for _, column in cells]
    return (max(rows) - min(rows) + 1) * (max(columns) - min(columns) + 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.sets(
        st.tuples(st.integers(1, 3000), st.integers(1, 300))
        | st.tuples(st.integers(1, 12), st.integers(1, 6)),
        min_size=1,
        max_size=40,
    )
)
def test_what_is_read_of_a_sheet_is_never_much_larger_than_its_cells(
    cells: set[tuple[int, int]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Cells anywhere: the box read (without the cells left out) is within the floor or a
    few times its cells, and a sheet whose box already is loses no cell (a floor of 200
    cells, so that small sheets are large ones)."""
    path = tmp_path_factory.mktemp("scan") / "s.xlsx"
    workbook = openpyxl.Workbook()
    for row, column in cells:
        workbook.active.cell(row, column, "x")
    workbook.save(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("xiaoben.store.importing.sheet_scan.AREA_FLOOR", 200)
        scan = scan_sheet(path, "Sheet")

    named = {f"{openpyxl.utils.get_column_letter(c)}{r}": (r, c) for r, c in cells}
    left_out = {named[cell] for cell in scan.left_out}
    kept = cells - left_out
    assert kept
    assert _box(kept) <= max(200, 4 * len(kept))
    if _box(cells) <= max(200, 4 * len(cells)):
        assert left_out == set()


def test_a_stray_cell_above_and_left_of_the_data_is_the_one_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.store.importing.sheet_scan.AREA_FLOOR", 100)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "草稿"
    for row in range(3000, 3010):
        for column in range(200, 204):
            sheet.cell(row, column, "x")
    workbook.save(tmp_path / "s.xlsx")
    scan = scan_sheet(tmp_path / "s.xlsx", "Sheet")
    assert (scan.left_out, scan.data_box) == (["A1"], "GR3000:GU3009")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(
        st.sampled_from([' r="AB', ' r="A', '123456789"', 'A1234567"', "<c ", ":c ", 't="e"'])
        | st.text(alphabet='AZ09 r="<>:/ce', max_size=12),
        min_size=1,
        max_size=6,
    )
)
def test_cells_whose_text_looks_like_the_sheets_xml_change_nothing(
    texts: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Text in the cells is escaped or plain in the XML the look searches: found by a review,
    ' r="AB' in a cell once had the look fail and 9 digits and a quote raised."""
    path = tmp_path_factory.mktemp("text") / "s.xlsx"
    cells = [f"x{text}" for text in texts]  # not "=…": openpyxl writes that as a formula
    write_xlsx(path, {"客户": [["姓名", "备注"], *(["王芳", cell] for cell in cells)]})
    scan = scan_sheet(path, "客户")
    assert (scan.far, scan.errors, scan.member) == ([], {}, "xl/worksheets/sheet1.xml")
    read = [row[1] for _, row in read_any(path, kind="customers").rows]
    assert read == [cell.strip() for cell in cells]


def test_a_far_cell_among_rows_without_references_is_named_not_left_out(
    tmp_path: Path,
) -> None:
    """A row or cell may leave out its r=: calamine places it after the one before, so the
    cells are placed the same way, and a far cell there cannot be taken out by reference."""
    path = customers_with_a_cell_at(tmp_path / "客户.xlsx", "C1", "备注")
    far = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 3
    stray = b'<row r="200000"><c r="Z200000" t="inlineStr"><is><t>x</t></is></c></row>'
    _rewrite_sheet(path, lambda xml: xml.replace(b"</sheetData>", far + stray + b"</sheetData>"))
    with pytest.raises(BookError) as caught:
        read_any(path, kind="customers")
    assert "cells Z200000 of sheet “客户” lie far from the data (A1:C6)" in (
        caught.value.message("en")
    )


def _padded(path: Path, member: str, spaces: int) -> Path:
    """A copy of the workbook at `path` whose `member` is padded with `spaces` spaces before
    its last tag: a part that packs a thousand times smaller than it unpacks."""
    bomb = path.with_name("bomb" + path.suffix)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bomb, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                end = data.rindex(b"</")
                data = data[:end] + b" " * spaces + data[end:]
            out.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return bomb


@pytest.mark.parametrize("member", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"])
def test_a_workbook_part_that_would_unpack_to_far_more_than_it_holds_is_refused(
    tmp_path: Path, member: str
) -> None:
    """A 2 MB .xlsx whose workbook part unpacked to 2 GB took 4.3 GB of memory; its sheet
    padded so, it never ended. Refused from the zip's sizes, before any part is read."""
    sheet = write_xlsx(
        tmp_path / "客户.xlsx", {"客户": [["姓名", "手机"], ["张三", "13800138000"]]}
    )
    bomb = _padded(sheet, member, 40 * 1024 * 1024)
    assert bomb.stat().st_size < 1024 * 1024

    with pytest.raises(BookError) as refused:
        read_any(bomb, kind="customers")

    assert f"its part {member} would unpack to 40 MB" in refused.value.message("en")
    assert "解压后有 40 MB" in refused.value.message("zh")
    assert read_any(sheet, kind="customers").rows  # the same workbook unpadded is read


# --- a workbook whose part the workbook library cannot read: named in our words -------------


def _laugh(n: int) -> str:
    """Entity n of the bomb: ten of entity n - 1 (lol1: ten of lol)."""
    inner = f"&lol{n - 1};" if n > 1 else "&lol;"
    return f'<!ENTITY lol{n} "{inner * 10}">'


_LAUGHS = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(map(_laugh, range(1, 10))) + "]>"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELATIONS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONS}"><sheets>'
        '<sheet name="客户" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_RELATIONS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
    "xl/worksheets/sheet1.xml": (
        f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
        '<c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c>'
        '<c r="B2"><v>13800138000</v></c></row></sheetData></worksheet>'
    ),
    "xl/sharedStrings.xml": (
        f'<sst xmlns="{_MAIN}" count="3" uniqueCount="3"><si><t>姓名</t></si>'
        "<si><t>电话</t></si><si><t>王芳</t></si></sst>"
    ),
}
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _hand_made(path: Path, part: str = "", instead: str = "") -> Path:
    """A workbook of 客户 (姓名, 电话; 王芳), its parts written by hand; `part` made `instead`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in _PARTS.items():
            archive.writestr(name, _DECLARATION + (instead if name == part else xml))
    return path


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_an_entity_bomb_is_refused_in_our_words_naming_its_part(tmp_path: Path, part: str) -> None:
    assert read_any(_hand_made(tmp_path / "好.xlsx")).rows == [(2, ["王芳", "13800138000"])]
    bomb = _PARTS[part].replace("王芳", "&lol9;").replace("<v>13800138000</v>", "<v>&lol9;</v>")
    path = _hand_made(tmp_path / "客户.xlsx", part, _LAUGHS + bomb)

    with pytest.raises(BookError) as caught:
        read_any(path, kind="customers")

    assert caught.value.message("en").endswith(
        f"客户.xlsx: its part {part} declares XML entities of its own (a DTD), which no "
        "spreadsheet program writes: the file is damaged or no real workbook and cannot be "
        "opened; open it in Excel or WPS and save it again"
    )
    assert caught.value.message("zh").endswith(
        f"客户.xlsx：工作簿中的 {part} 自行声明了 XML 实体（DTD），电子表格程序从不这样写："
        "文件已损坏或不是真正的工作簿，无法打开；请在 Excel 或 WPS 中打开并重新保存"
    )


_BOMB_CELL = "<text:p>&lol9;</text:p>"


def test_an_entity_bomb_in_an_ods_is_named_by_its_part(tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "客户.ods",
        "客户",
        [[f'<table:table-cell office:value-type="string">{_BOMB_CELL}</table:table-cell>']],
    )
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    content = parts["content.xml"].decode()
    parts["content.xml"] = content.replace("?>", "?>" + _LAUGHS, 1).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

    with pytest.raises(BookError) as caught:
        read_any(path, kind="customers")

    said = caught.value.message("zh")
    assert "工作簿中的 content.xml 自行声明了 XML 实体（DTD）" in said
    assert "请在 LibreOffice 或 WPS 中打开并重新保存" in said


def test_a_part_cut_short_is_named_with_where_its_xml_breaks(tmp_path: Path) -> None:
    sheet = _PARTS["xl/worksheets/sheet1.xml"]
    path = _hand_made(tmp_path / "客户.xlsx", "xl/worksheets/sheet1.xml", sheet[:150])

    with pytest.raises(BookError) as caught:
        read_any(path, kind="customers")

    assert "its part xl/worksheets/sheet1.xml is no well-formed XML (at line 2" in str(caught.value)
    assert "工作簿中的 xl/worksheets/sheet1.xml 不是完整的 XML（第 2 行" in caught.value.message(
        "zh"
    )


_OPENOFFICE_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE manifest:manifest PUBLIC "-//OpenOffice.org//DTD Manifest 1.0//EN"'
    ' "Manifest.dtd">\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"'
    ' manifest:full-path="/"/><manifest:file-entry manifest:media-type="text/xml"'
    ' manifest:full-path="content.xml"/></manifest:manifest>'
)


def test_a_document_type_naming_only_an_outside_dtd_is_no_bomb(tmp_path: Path) -> None:
    """OpenOffice.org 2-3 and many libraries write this document type into an .ods's
    META-INF/manifest.xml: it declares nothing (expat never fetches the DTD it names). Such
    a workbook was refused as declaring entities (a reviewer's catch); it reads as before.
    A document type with an internal subset is still refused."""
    cells = [["姓名", "手机"], ["王芳", "13812345678"]]
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    rows = [[cell.format(text) for text in row] for row in cells]
    path = write_ods(tmp_path / "客户.ods", "客户", rows)
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["META-INF/manifest.xml"] = _OPENOFFICE_MANIFEST.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

    assert read_any(path, kind="customers").rows == [(2, ["王芳", "13812345678"])]

    inner = _OPENOFFICE_MANIFEST.replace('"Manifest.dtd">', '"Manifest.dtd" [<!ENTITY x "y">]>')
    parts["META-INF/manifest.xml"] = inner.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(BookError) as caught:
        read_any(path, kind="customers")
    assert "META-INF/manifest.xml" in caught.value.message("en")
