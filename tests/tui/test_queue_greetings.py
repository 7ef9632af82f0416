"""On a holiday the queue screen says the greetings apart from the plan; g does them all at
once and u takes them all back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot

from tests.tui.pilot import run, settle
from tests.tui.test_queue_screen import header, open_queue, told
from xiaoben.tui.app import XiaobenApp, make_app
from xiaoben.tui.settings import Settings

CHRISTMAS = date(2026, 12, 25)


def test_christmas_greetings_are_one_key_and_one_undo(book_path: Path) -> None:
    app = make_app(book_path, today=lambda: CHRISTMAS, settings=Settings(language="zh"))
    book = app.book
    greetings = book.queue(days=0).greeting_count()
    assert greetings > 0
    capacity = book.rules().plan_capacity

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_queue(pilot)
        shown = header(app)
        assert f"今日计划 {book.queue(days=0).plan_count()}/{capacity}" in shown
        assert f"圣诞节祝福 {greetings} 位" in shown
        await pilot.press("g")
        await settle(pilot)
        assert told(app, f"已完成节日祝福 {greetings} 位")
        assert book.queue(days=0).greeting_count() == 0
        assert "圣诞节祝福" not in header(app)
        await pilot.press("u")
        await settle(pilot)
        assert told(app, f"已撤销，{greetings} 位的节日祝福回到队列")
        assert book.queue(days=0).greeting_count() == greetings

    try:
        run(app, story)
    finally:
        book.close()
