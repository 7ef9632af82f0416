"""The Import screen when a must-have column is missing (an outside tester's day one: a
customers sheet read as purchases, no date column): every column read '— not read', 姓名
too, and the amount the seller mapped showed nothing of her choice. The mapping shows what
each column is read as, beside the line naming what is missing."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Select

from tests.book_helpers import write_csv
from tests.tui.pilot import run, settle
from tests.tui.test_import_screen import map_column, open_file, text_of
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.import_parts import MappingTable


def read_as(app: XiaobenApp) -> list[str]:
    table = app.screen.query_one(MappingTable)
    return [str(table.get_row_at(row)[2]) for row in range(table.row_count)]


def test_a_missing_column_leaves_the_others_shown_as_read(app_factory, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "客户.csv",
        ["姓名,电话,2023消费", "王芳,13800138000,800", "李娜,13900139001,300"],
    )
    app = app_factory(lang="en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        screen.query_one("#import-kind", Select).value = "purchases"
        await settle(pilot)
        notes = text_of(app, "#import-notes")
        assert "date" in notes  # what is missing, said
        shown = read_as(app)
        assert "not read" not in shown[0] and "not read" not in shown[1], shown
        await map_column(pilot, 2, "amount")
        shown = read_as(app)
        assert "(your choice)" in shown[2], shown
        assert "date" in text_of(app, "#import-notes")  # still missing: still said

    run(app, story)
