"""The Import screen counts a file's rows once: the line over the mapping says as many rows
of data as the dry run's summary, a sheet's 合计 row and its footer lines left out of both
and said so. Before, a sheet ending in 合计 read "8 rows of data" over "7 rows" (an outside
tester's finding)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.book_helpers import write_csv
from tests.tui.pilot import run
from tests.tui.test_import_screen import open_file, text_of, tick
from xiaoben.tui.app import XiaobenApp

ORDERS = [
    "客户,日期,金额,商品",
    *(f"C{n:03d},2026-11-0{n},{n}0.00,口红" for n in range(1, 8)),
]


@pytest.mark.parametrize(
    ("footer", "read", "summary"),
    [
        (
            "合计,,280.00,",
            "7 rows of data (utf-8) (and 1 total or footer row, not counted nor imported)",
            "7 rows, 7 would import",
        ),
        (
            "制表人：小王,,,",
            "7 rows of data (utf-8) (and 1 total or footer row, not counted nor imported)",
            "7 rows, 7 would import",
        ),
    ],
)
def test_a_total_row_is_counted_nowhere_and_said_left_out(
    app_factory, tmp_path: Path, footer: str, read: str, summary: str
) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "orders.csv", [*ORDERS, footer])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await tick(pilot, "#import-create-missing")

        assert read in text_of(app, "#import-status")
        assert summary in text_of(app, "#import-summary")

    run(app, story)


def test_the_count_says_it_in_chinese_too(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="zh")
    path = write_csv(tmp_path / "orders.csv", [*ORDERS, "合计,,280.00,"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await tick(pilot, "#import-create-missing")

        assert "7 行数据（utf-8）（另有合计行或表尾 1 行，不计入、不导入）" in text_of(
            app, "#import-status"
        )
        assert "共 7 行，可导入 7 行" in text_of(app, "#import-summary")

    run(app, story)


def test_a_file_without_totals_says_its_count_alone(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "orders.csv", ORDERS)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)

        assert text_of(app, "#import-status").endswith("7 rows of data (utf-8)")

    run(app, story)
