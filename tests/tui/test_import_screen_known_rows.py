"""A row the dry run leaves out as already in the book (its order number an earlier import
brought in, or the same purchase with no order number) says so in the preview, not ✓: a
purchases file imported again had every row skipped while the preview said ✓ ok of each
(an outside tester's finding)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.book_helpers import write_csv
from tests.tui.pilot import run, settle
from tests.tui.test_import_screen import import_now, open_file, text_of, tick
from tests.tui.test_import_screen_dry_verdicts import verdicts_of
from xiaoben.tui.app import XiaobenApp

WITH_ORDERS = [
    "订单号,客户,日期,金额,商品",
    "O1,王芳,2026-11-01,128.50,口红",
    "O2,李娜,2026-11-02,99.00,面霜",
]
WITHOUT_ORDERS = [
    "客户,日期,金额,商品",
    "王芳,2026-11-01,128.50,口红",
    "李娜,2026-11-02,99.00,面霜",
]


@pytest.mark.parametrize("lines", [WITH_ORDERS, WITHOUT_ORDERS], ids=["orders", "no-orders"])
def test_rows_already_in_the_book_are_previewed_as_skipped(
    app_factory, tmp_path: Path, lines: list[str]
) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "orders.csv", lines)
    more = write_csv(tmp_path / "more.csv", [*lines, lines[1].replace("2026-11-01", "2026-11-05")])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await tick(pilot, "#import-create-missing")
        await import_now(pilot)
        await pilot.press("escape")
        await settle(pilot)

        await open_file(pilot, more)  # the same rows again, and a new one

        assert "1 would import" in text_of(app, "#import-summary")
        skipped = "— already in the book, skipped"
        assert verdicts_of(app)[:2] == [skipped, skipped]
        assert verdicts_of(app)[2] != skipped
        assert "✓" in verdicts_of(app)[2]

    run(app, story)


def test_a_skipped_row_says_so_in_chinese(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="zh")
    path = write_csv(tmp_path / "orders.csv", WITH_ORDERS)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await tick(pilot, "#import-create-missing")
        await import_now(pilot)
        await pilot.press("escape")
        await settle(pilot)

        await open_file(pilot, path)

        assert verdicts_of(app) == ["— 已在账本中，跳过"] * 2
        assert text_of(app, "#import-row-verdict") == "第 2 行：— 已在账本中，跳过"

    run(app, story)
