"""The Import screen on a workbook whose sheet is read by default: it says which sheets it
passed over (an empty 模板, a 填写说明) and which, with the same header, it left unread."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.tui.pilot import run
from tests.tui.test_import_screen import open_file, text_of
from tests.workbook_helpers import write_xlsx
from xiaoben.tui.app import XiaobenApp

HEADER = ["姓名", "手机", "微信"]


def test_the_screen_passes_over_an_instructions_sheet_and_says_so(
    app_factory, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "b.xlsx",
        {
            "填写说明": [HEADER, ["示例：张三", "13800000000", "zhangsan"]],
            "客户": [HEADER, ["王芳", "13800138001", "wf_8888"], ["李娜", "13800138002", "ln"]],
        },
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        status = text_of(app, "#import-status")
        assert "工作表“客户”，列名在第 1 行，2 行数据" in status, status
        assert "没有读取“填写说明”表" in status and "请在“工作表”中选择" in status

    run(app_factory(lang="zh"), story)


def test_the_screen_names_the_sheets_with_the_same_header(app_factory, tmp_path: Path) -> None:
    header = ["客户", "手机", "金额", "日期"]
    path = write_xlsx(
        tmp_path / "2024.xlsx",
        {
            "1月": [header, ["张三", "13800138001", "100", "2024-01-05"]],
            "2月": [header, ["王五", "13800138003", "300", "2024-02-05"]],
            "3月": [header, ["赵六", "13800138004", "400", "2024-03-05"]],
        },
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        status = text_of(app, "#import-status")
        assert "Sheets “2月”, “3月” have the same header as “1月” and were not read" in status

    run(app_factory(lang="en"), story)
