"""The Import screen on workbooks as people leave them: a cell typed far from the data is
named (the app never aborts), an Excel error cell is a verdict on its cell in the preview,
a hidden sheet is named and read once the seller picks it, hidden rows are named."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from textual.pilot import Pilot
from textual.widgets import Select

from tests.test_import_sheet_safety import (
    customers_with_a_cell_at,
    with_errors,
    with_hidden,
    with_hidden_rows,
)
from tests.tui.pilot import run, settle
from tests.tui.test_import_screen import import_now, open_file, rows_of, text_of
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.imports import ImportScreen
from xiaoben.tui.widgets.import_parts import PreviewTable


def test_a_space_in_the_last_cell_is_left_out_and_named(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="zh")
    path = customers_with_a_cell_at(tmp_path / "客户.xlsx", "XFD1048576")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        assert "工作表“客户”，列名在第 1 行" in text_of(app, "#import-status")
        assert "单元格 XFD1048576 离数据（A1:B3）很远，没有读入" in text_of(app, "#import-notes")
        await import_now(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert screen.query_one("#import-summary")
        assert rows_of(app, "SELECT count(*) FROM customers WHERE name IN ('王芳', '李娜')") == [
            (2,)
        ]

    run(app, story)


def test_an_error_cell_is_the_verdict_on_its_cell(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    path = with_errors(
        tmp_path / "客户.xlsx", [["姓名", "手机"], ["#REF!", 13800000021], ["周五", 13800000022]]
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        preview = screen.query_one(PreviewTable)
        assert "name: the cell holds the error value #REF!" in preview.verdicts["2"]
        assert "With a bad row nothing is imported" in text_of(app, "#import-summary")

    run(app, story)


def test_a_hidden_sheet_is_named_then_read_when_picked(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    path = with_hidden(tmp_path / "客户.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["旧客户"]["A2"] = "钱多多"
    workbook.save(path)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        assert "only the hidden sheet “旧客户”" in text_of(app, "#import-status")
        sheets = screen.query_one("#import-sheet", Select)
        sheets.value = "旧客户"
        await settle(pilot)
        assert "sheet “旧客户”, header in row 1, 1 row of data" in text_of(app, "#import-status")
        await import_now(pilot)
        assert rows_of(app, "SELECT count(*) FROM customers WHERE name = '钱多多'") == [(1,)]

    run(app, story)


def test_hidden_rows_are_named_in_the_preview_notes(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="zh")
    path = with_hidden_rows(tmp_path / "客户.xlsx")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        notes = text_of(app, "#import-notes")
        assert "工作表中有 2 行被隐藏或被筛选掉（在 Excel 或 WPS 中看不到）：第 3、5 行" in notes
        await import_now(pilot)
        imported = "SELECT count(*) FROM customers WHERE phones LIKE '%1380013800_%'"
        assert rows_of(app, imported) == [(4,)]  # the hidden ones too

    run(app, story)
