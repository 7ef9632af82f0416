"""The queue's writes the book refuses (a full disk): the screen stays as the book is."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.book_helpers import FullDisk
from tests.tui.pilot import run, settle
from tests.tui.test_queue_screen import header, highlighted, in_queue, open_queue, shown, told
from xiaoben.models.errors import BookError
from xiaoben.tui.app import XiaobenApp

REFUSAL = "磁盘已满"


def test_dones_the_full_disk_refuses_leave_the_plan_as_it_was(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")
    book = app.book

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        first, plan, heading = highlighted(table), shown(table), header(app)
        disk = FullDisk(book.conn)
        book.conn = disk  # type: ignore[assignment]  # the disk fills
        await pilot.press("D", "D", "D")  # fast fingers
        await settle(pilot)
        assert disk.refused == 3
        assert told(app, REFUSAL) == 3
        assert highlighted(table) == first and table.cursor == 0
        assert shown(table) == plan and header(app) == heading
        assert in_queue(book, first.key)

        disk.full = False  # space freed: D does it
        await pilot.press("D")
        await settle(pilot)
        assert not in_queue(book, first.key)
        assert first.key not in {item.key for item in shown(table)}

    run(app, story)


def test_an_undo_the_full_disk_refuses_can_be_pressed_again(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")
    book = app.book

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        first = highlighted(table)
        await pilot.press("x")
        await settle(pilot)
        assert not in_queue(book, first.key)
        disk = FullDisk(book.conn)
        book.conn = disk  # type: ignore[assignment]
        await pilot.press("u")
        await settle(pilot)
        assert disk.refused == 1 and told(app, REFUSAL) == 1
        assert first.key not in {item.key for item in shown(table)}

        disk.full = False
        await pilot.press("u")  # the skip is still there to undo
        await settle(pilot)
        assert in_queue(book, first.key)
        assert highlighted(table).key == first.key

    run(app, story)


def test_the_refusal_is_the_books_words() -> None:
    assert REFUSAL in BookError("store.disk_full", path="/b.db").message("zh")
