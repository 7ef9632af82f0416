"""Two windows (or a window and the command line) on one book: the queue follows the
other's writes while it is shown, and a key on an item the other already handled says
whose it was, not an inner id."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.pilot import run, settle, today
from tests.tui.test_queue_screen import header, highlighted, in_queue, open_queue, shown, told
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.queue import QueueScreen


def test_a_done_on_an_item_the_other_window_did_names_the_customer(
    app_factory: Callable[..., XiaobenApp], book_path: Path
) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        first = highlighted(table)
        contacts = len(app.book.interactions_of(first.customer_id))
        with Book.open(book_path, today=today) as other:  # the other window
            other.mark_done(first.key)
        await pilot.press("D")  # this window still shows it
        await settle(pilot)
        said = f"{first.name}（{first.reason.label('zh')}）已经在别处处理过了"
        assert told(app, said) == 1
        assert not told(app, first.key)
        assert first.key not in {item.key for item in shown(table)}  # refreshed
        assert len(app.book.interactions_of(first.customer_id)) == contacts + 1

    run(app, story)


def test_the_queue_follows_a_done_made_by_another_process(
    app_factory: Callable[..., XiaobenApp], book_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QueueScreen, "LOOK_SECONDS", 0.2)
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        first, before = highlighted(table), header(app)
        with Book.open(book_path, today=today) as other:  # `xiaoben queue done …`
            other.mark_done(first.key)
        assert not in_queue(app.book, first.key)
        await pilot.pause(0.6)  # no key pressed
        await settle(pilot)
        assert first.key not in {item.key for item in shown(table)}
        assert header(app) != before

    run(app, story)
