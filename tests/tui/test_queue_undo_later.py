"""The queue's undo is the book's last step of today: it outlives the screen it was taken
on, the other screens visited since and the app itself."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.tui.pilot import run, settle
from tests.tui.test_queue_screen import highlighted, in_queue, open_queue, told
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.keys_footer import KeysFooter


def footer(app: XiaobenApp) -> str:
    return " ".join(str(key.render()) for key in app.screen.query_one(KeysFooter).children)


def test_a_done_by_mistake_is_undone_after_looking_at_the_customers(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")
    book = app.book

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        first = highlighted(table)
        contacts = len(book.interactions_of(first.customer_id))
        await pilot.press("D")  # by mistake
        await settle(pilot)
        assert not in_queue(book, first.key)
        await pilot.press("f2")
        await settle(pilot)
        table = await open_queue(pilot)
        assert "撤销" in footer(app)

        await pilot.press("u")
        await settle(pilot)
        assert in_queue(book, first.key)
        assert highlighted(table).key == first.key
        assert len(book.interactions_of(first.customer_id)) == contacts  # no fake contact
        assert told(app, f"已撤销，{first.name} 回到队列")
        assert "撤销" not in footer(app)

        await pilot.press("u")  # nothing left of today's: said, not silent
        await settle(pilot)
        assert told(app, "今天没有可以撤销的完成、推迟或跳过")
        assert in_queue(book, first.key)

    run(app, story)


def test_todays_steps_are_undone_latest_first_after_a_restart(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")
    handled: list[str] = []

    async def morning(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        for key in ("D", "x", "D"):
            handled.append(highlighted(table).key)
            await pilot.press(key)
            await settle(pilot)

    run(app, morning)
    app.book.close()
    reopened = app_factory("zh")

    async def later(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        for key in reversed(handled):
            await pilot.press("u")
            await settle(pilot)
            assert highlighted(table).key == key
            assert in_queue(app.book, key)

    run(reopened, later)
