"""The preview's verdicts agree with the dry run under it: a row the dry run refuses (a
purchase of a customer the book does not have) or holds back (a phone that is another
customer's) shows what the dry run says of it, in the table and in the row-verdict line;
before a dry run has spoken, a row whose cells read well says only that, never that it
will import. Before, the preview said ✓ ok of rows 2-4 while the summary under it said
"0 would import" and listed them (an outside tester's finding)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.book_helpers import write_csv
from tests.tui.pilot import run, settle
from tests.tui.test_import_screen import import_now, open_file, text_of, tick
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens import imports
from xiaoben.tui.widgets.import_parts import PreviewTable

UNKNOWN = [
    "手机,姓名,日期,金额",
    "13811112222,吴新,2026-11-01,88",
    "13811113333,郑新,2026-11-02,120",
]


def verdicts_of(app: XiaobenApp) -> list[str]:
    preview = app.screen.query_one(PreviewTable)
    return [str(preview.get_row_at(at)[-1]) for at in range(preview.row_count)]


def test_purchases_the_dry_run_refuses_are_not_previewed_as_ok(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "orders.csv", UNKNOWN)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        assert "0 would import" in text_of(app, "#import-summary")
        verdicts = verdicts_of(app)
        assert all("no customer" in verdict.casefold() for verdict in verdicts), verdicts
        assert "✓" not in "".join(verdicts)
        line = text_of(app, "#import-row-verdict")
        assert line.startswith("Line 2: ") and "no customer" in line.casefold(), line

        await tick(pilot, "#import-create-missing")  # now both would import
        assert "2 would import" in text_of(app, "#import-summary")
        assert verdicts_of(app) == ["✓ ok", "✓ ok"]
        assert text_of(app, "#import-row-verdict") == "Line 2: ✓ ok"

    run(app, story)


def test_a_row_held_back_for_another_customers_phone_says_so_in_the_preview(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="zh")
    first = write_csv(tmp_path / "a.csv", ["客户名,手机", "王小明,13800000001"])
    second = write_csv(
        tmp_path / "b.csv", ["客户名,手机", "李新,13900000009", "王大明,13800000001"]
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, first)
        await import_now(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await open_file(pilot, second)

        verdicts = verdicts_of(app)
        assert verdicts[0] == "✓ 无误"
        assert "王小明" in verdicts[1] and "✓" not in verdicts[1], verdicts
        preview = app.screen.query_one(PreviewTable)
        assert preview.cursor_row == 1  # the first row with a problem, said in full below
        assert text_of(app, "#import-row-verdict") == f"第 3 行：{verdicts[1]}"

    run(app, story)


def test_before_a_dry_run_the_preview_says_only_that_the_cells_read_well(
    app_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "AUTO_CHECK_ROWS", 1)  # no dry run until ctrl+r
    app = app_factory(lang="zh")
    path = write_csv(tmp_path / "orders.csv", UNKNOWN)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        assert verdicts_of(app) == ["✓ 格式无误", "✓ 格式无误"]
        assert text_of(app, "#import-row-verdict") == "第 2 行：✓ 格式无误"

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert all("找不到客户" in verdict for verdict in verdicts_of(app)), verdicts_of(app)

    run(app, story)
