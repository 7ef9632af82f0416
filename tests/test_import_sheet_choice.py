"""Which sheet of a workbook an import reads when none is named, and what it says of the
others: an empty 模板 or a 填写说明 sheet first is passed over, sheets with the same header
(one a month) are named as not read, a template's sample row (示例：张三) is never a customer,
and --sheet given twice is refused rather than the last one taken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.errors import sample_mark
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.sheets import is_instructions_sheet
from xiaoben.store.importing.tables import sheet_notes

HEADER = ["姓名", "手机", "微信"]
MONTH_HEADER = ["客户", "手机", "金额", "日期"]


@pytest.fixture(autouse=True)
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")


def workbook(path: Path, sheets: list[tuple[str, list[list[object]]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def months(path: Path) -> Path:
    return workbook(
        path,
        [
            ("1月", [MONTH_HEADER, ["张三", "13800138001", 100, dt.date(2024, 1, 5)],
                     ["李四", "13800138002", 200, dt.date(2024, 1, 6)]]),
            ("2月", [MONTH_HEADER, ["王五", "13800138003", 300, dt.date(2024, 2, 5)]]),
            ("3月", [MONTH_HEADER, ["赵六", "13800138004", 400, dt.date(2024, 3, 5)]]),
        ],
    )  # fmt: skip


def template_first(path: Path) -> Path:
    return workbook(
        path,
        [("模板", [HEADER]), ("客户", [HEADER, ["王芳", "13800138001", "wf_8888"]])],
    )


def instructions_first(path: Path) -> Path:
    return workbook(
        path,
        [
            ("填写说明", [HEADER, ["示例：张三", "13800000000", "zhangsan"]]),
            (
                "客户",
                [HEADER, ["王芳", "13800138001", "wf_8888"], ["李娜", "13800138002", "ln_2020"]],
            ),
        ],
    )


# --- the store: the sheet chosen ----------------------------------------------------------------


def test_an_empty_template_sheet_first_is_passed_over_for_the_sheet_with_rows(
    tmp_path: Path,
) -> None:
    table = read_any(template_first(tmp_path / "a.xlsx"))

    assert table.sheet == "客户"
    assert [cells[0] for _, cells in table.rows] == ["王芳"]
    assert table.passed_over == ("模板",)
    assert sheet_notes(table)[0].startswith("没有读取“模板”表")


def test_an_instructions_sheet_with_a_sample_row_first_is_passed_over(tmp_path: Path) -> None:
    table = read_any(instructions_first(tmp_path / "b.xlsx"))

    assert table.sheet == "客户"
    assert [cells[0] for _, cells in table.rows] == ["王芳", "李娜"]
    assert table.passed_over == ("填写说明",)
    assert "没有读取“填写说明”表" in sheet_notes(table)[0]


def test_an_instructions_sheet_is_read_when_no_other_sheet_has_rows(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "c.xlsx",
        [("模板", [HEADER, ["王芳", "13800138001", "wf"]]), ("客户", [HEADER])],
    )

    table = read_any(path)

    assert table.sheet == "模板"
    assert table.passed_over == ()


def test_a_lone_empty_sheet_still_reads_as_a_header_without_rows(tmp_path: Path) -> None:
    table = read_any(workbook(tmp_path / "d.xlsx", [("客户", [HEADER]), ("备注", [["随便"]])]))

    assert table.sheet == "客户"
    assert list(table.rows) == []


def test_a_sheet_named_sheet_is_read_as_before(tmp_path: Path) -> None:
    table = read_any(workbook(tmp_path / "e.xlsx", [("客户", [HEADER, ["王芳", "138", "w"]])]))

    assert (table.sheet, table.passed_over, table.alike_sheets) == ("客户", (), ())
    assert sheet_notes(table) == []


def test_the_months_after_the_first_are_named_as_not_read(tmp_path: Path) -> None:
    table = read_any(months(tmp_path / "2024订单.xlsx"), kind="purchases")

    assert table.sheet == "1月"
    assert table.alike_sheets == ("2月", "3月")
    (note,) = sheet_notes(table)
    assert "“2月”、“3月”表（2 张）的列名与“1月”相同，没有读取" in note
    assert "--sheet 2月" in note


def test_a_sheet_named_is_read_alone_and_says_nothing_of_the_others(tmp_path: Path) -> None:
    table = read_any(months(tmp_path / "m.xlsx"), sheet="2月", kind="purchases")

    assert table.sheet == "2月"
    assert (table.passed_over, table.alike_sheets) == ((), ())


def test_a_sheet_with_another_header_is_not_named_as_alike(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "f.xlsx",
        [("客户", [HEADER, ["王芳", "13800138001", "w"]]),
         ("订单", [MONTH_HEADER, ["王芳", "13800138001", 5, dt.date(2024, 1, 1)]])],
    )  # fmt: skip

    table = read_any(path)

    assert (table.sheet, table.alike_sheets) == ("客户", ())


@pytest.mark.parametrize(
    ("name", "instructions"),
    [("填写说明", True), ("模板", True), ("示例", True), ("样例", True), ("范例", True),
     ("Instructions", True), ("Template", True), ("sample", True), ("Example", True),
     ("客户", False), ("1月", False), ("Sheet1", False)],
)  # fmt: skip
def test_instruction_sheet_names(name: str, instructions: bool) -> None:
    assert is_instructions_sheet(name) is instructions


# --- sample rows ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "mark"),
    [("示例：张三", "示例"), ("例：李四", "例"), ("例:李四", "例"), ("样例 王五", "样例"),
     (" 范例赵六", "范例"), ("张三", None), ("例如", None), ("李示例", None)],
)  # fmt: skip
def test_sample_names(name: str, mark: str | None) -> None:
    assert sample_mark(name) == mark


def test_a_sample_row_in_a_data_sheet_is_refused_naming_the_rule(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "g.xlsx",
        [("客户", [HEADER, ["示例：张三", "13800000000", "zs"], ["王芳", "13800138001", "wf"]])],
    )

    rows, errors = parse_customers(read_any(path))

    assert [row.customer.name for row in rows] == ["王芳"]
    assert [(error.line, error.value) for error in errors] == [(2, "示例：张三")]
    assert "是填写示例，不是客户" in str(errors[0].message)


# --- the command line -----------------------------------------------------------------------------


def test_the_cli_names_the_months_not_read(run: Callable[..., Result], tmp_path: Path) -> None:
    path = months(tmp_path / "2024订单.xlsx")

    result = run("--lang", "zh", "import", "purchases", path, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "“2月”、“3月”表（2 张）的列名与“1月”相同，没有读取" in result.stderr


def test_sheet_given_twice_is_refused_not_the_last_taken(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    path = months(tmp_path / "2024订单.xlsx")
    with sqlite3.connect(shop_path) as db:
        before = db.execute("select count(*) from purchases").fetchone()[0]

    result = run(
        "--lang", "zh", "import", "purchases", path, "--sheet", "1月", "--sheet", "2月",
        "--create-missing",
    )  # fmt: skip

    assert result.exit_code == 2
    assert "--sheet 只能给一次（收到 --sheet 1月 --sheet 2月）" in result.stderr
    with sqlite3.connect(shop_path) as db:
        assert db.execute("select count(*) from purchases").fetchone()[0] == before


def test_the_cli_passes_over_an_instructions_sheet_and_says_so(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    result = run("--lang", "zh", "import", "customers", instructions_first(tmp_path / "b.xlsx"))

    assert result.exit_code == 0, result.output
    assert "读取工作表“客户”" in result.stderr
    assert "没有读取“填写说明”表" in result.stderr
    with sqlite3.connect(book_path) as db:
        names = {name for (name,) in db.execute("select name from customers")}
    assert {"王芳", "李娜"} <= names
    assert not any("示例" in name for name in names)
