"""What a follow-up marked done costs before the next key: its own write and the queue
read again, never a whole-book pass (the tiers of everyone, the list under the queue
sorted and planned again). At 100k customers those made each D take 1.5-4 s."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.tui.pilot import post_in_one_read, run, settle
from tests.tui.test_queue_screen import SIZE, open_queue
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.screens.queue import QueueScreen


def contacts(book: Book) -> int:
    with book.reading():
        return int(book.conn.execute("SELECT count(*) FROM interactions").fetchone()[0])


async def until_handled(app: XiaobenApp, book: Book, count: int, seconds: float = 10) -> None:
    """Until `count` contacts were logged and the queue after the last one is shown."""
    screen = app.screen
    assert isinstance(screen, QueueScreen)
    for _ in range(int(seconds / 0.05)):
        if contacts(book) >= count and not screen.busy():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{contacts(book)} of {count} contacts, the queue busy: {screen.busy()}")


def test_dones_in_a_row_do_not_wait_for_the_background_tier_pass(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    import xiaoben.store.book  # noqa: F401 - the attribute patched below
    from xiaoben import store

    release, started = threading.Event(), threading.Event()
    compute = store.book.compute_with_population

    def held(*args: object, **kwargs: object) -> object:
        started.set()
        release.wait(30)
        return compute(*args, **kwargs)

    app = app_factory("zh")
    book = app.book

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        try:
            await open_queue(pilot)
            before = contacts(book)
            monkeypatch.setattr(store.book, "compute_with_population", held)
            assert book.refresher is not None
            book.refresher.request()  # a save's pass, under way when the seller presses D
            assert await asyncio.to_thread(started.wait, 10)

            post_in_one_read(app, "D", "D", "D")
            await until_handled(app, book, before + 3)

            assert not release.is_set()  # all three shown while the pass was still held
        finally:
            release.set()
        await settle(pilot)

    run(app, story, SIZE)


def test_the_list_under_the_queue_waits_until_it_is_back_on_top(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual counts the screen right under the top one as current: the list refreshed
    (its whole order, its views' counts, the whole book's plan) after every done."""
    refreshes: list[str] = []
    plans: list[str] = []
    refresh, plan = CustomersScreen._refresh, Book.next_planned

    def counted_refresh(screen: CustomersScreen) -> None:
        refreshes.append("list")
        refresh(screen)

    def counted_plan(book: Book) -> object:
        plans.append("plan")
        return plan(book)

    app = app_factory("zh")
    book = app.book

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_queue(pilot)
        before = contacts(book)
        monkeypatch.setattr(CustomersScreen, "_refresh", counted_refresh)
        monkeypatch.setattr(Book, "next_planned", counted_plan)

        post_in_one_read(app, "D", "D", "D")
        await until_handled(app, book, before + 3)
        await settle(pilot)

        assert (refreshes, plans) == ([], [])
        await pilot.press("escape")  # back to the list: it follows the book once
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        assert refreshes == ["list"]

    run(app, story, SIZE)
