"""The Import screen's dry run names a customer it would create as the file gives her
(新客户“王芳”（第 2 行）), in the row's verdict and the summary, never by the id she holds
while it runs (as the command's dry run: tests/test_import_dry_run_names.py)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.book_helpers import write_csv
from tests.tui.pilot import run
from tests.tui.test_import_screen import open_file, text_of, tick
from tests.tui.test_import_screen_dry_verdicts import verdicts_of
from xiaoben.tui.app import XiaobenApp


def test_the_import_screen_names_them_so_too(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="zh")
    bills = write_csv(
        tmp_path / "bills.csv",
        [
            "客户,手机,日期,金额",
            "王芳,13800138000,2026-11-01,128.50",
            "李娜,,2026-11-03,50",
            "李娜,13800138000,2026-11-03,50",
        ],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, bills)
        await tick(pilot, "#import-create-missing")

        said = "“13800138000”是 新客户“王芳”（第 2 行），“李娜”却是 新客户“李娜”（第 3 行）"
        assert said in verdicts_of(app)[2]
        assert said in text_of(app, "#import-summary")
        assert "(#" not in text_of(app, "#import-summary")

    run(app, story)
