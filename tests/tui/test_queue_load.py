"""The queue screen says when the cadences ask more contacts a day than the capacity."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.pilot import run
from tests.tui.test_queue_screen import open_queue
from xiaoben.tui.app import XiaobenApp


def load_line(app: XiaobenApp) -> Static:
    return app.screen.query_one("#queue-load", Static)


def test_the_queue_says_the_cadences_ask_more_than_the_capacity(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")
    book = app.book
    book.set_rules(book.rules().model_copy(update={"plan_capacity": 1}))
    asked = round(book.queue(days=0).cadence_load)
    assert asked > 1

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_queue(pilot)
        line = load_line(app)
        assert line.display
        assert f"跟进节奏每天约需 {asked} 次，容量 1" in str(line.render())

    run(app, story)


def test_nothing_is_said_while_the_capacity_keeps_up(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")
    book = app.book
    book.set_rules(book.rules().model_copy(update={"plan_capacity": 10_000}))

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_queue(pilot)
        assert not load_line(app).display

    run(app, story)
