"""A cell with a line break (Excel's Alt+Enter in a 备注 or 地址) is shown on one line in
the Import screen's preview and in the verdicts under it, the break as ↵, where it read
^J; the customer imported keeps the line break as the file gives it."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.tui.pilot import run
from tests.tui.test_import_screen import import_now, open_file, rows_of, text_of
from tests.tui.test_import_screen_dry_verdicts import verdicts_of
from xiaoben.models.text import one_line
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.import_parts import PreviewTable

NOTES = '客户名,手机,生日,备注\n王小明,13800000001,,"口红\n周末"\n李小四,13800000002,"abc\ndef",\n'


def test_a_line_break_is_shown_as_an_arrow_and_kept_in_the_book(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="zh")
    path = tmp_path / "c.csv"
    path.write_text(NOTES, encoding="utf-8")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        preview = app.screen.query_one(PreviewTable)
        cells = [str(cell) for cell in preview.get_row_at(0)]
        verdicts = verdicts_of(app)

        assert "口红↵周末" in cells
        assert "^J" not in "".join(cells) + "".join(verdicts)
        assert "abc↵def" in verdicts[1], verdicts
        assert "^J" not in text_of(app, "#import-row-verdict")
        assert "^J" not in text_of(app, "#import-summary")

    run(app, story)


def test_the_imported_value_keeps_its_line_break(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    path = tmp_path / "c.csv"
    path.write_text('客户名,手机,备注\n王小明,13800000001,"口红\n周末"\n', encoding="utf-8")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await import_now(pilot)

        assert rows_of(app, "SELECT notes FROM customers WHERE name = '王小明'") == [
            ("口红\n周末",)
        ]

    run(app, story)


def test_one_line_shows_every_kind_of_line_break_once() -> None:
    assert one_line("a\r\nb\nc\rd\u2028e") == "a↵b↵c↵d↵e"
    assert one_line("no break") == "no break"
