"""ctrl+s on the profile form while another program (a CLI import) holds the book's write
lock: the save is never dropped. It waits, the form's title saying so, and completes; or,
held past the wait, it says the book is busy and keeps the form with what was typed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.tui.pilot import run, settle
from tests.tui.test_profile import open_form
from xiaoben.store.driver import sqlite3
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.screens.lock import LockScreen
from xiaoben.tui.screens.profile import SAVE_WAITING_SHOWN_AFTER, ProfileScreen


@contextmanager
def another_writer(book_path: Path) -> Iterator[sqlite3.Connection]:
    """A second connection holding the book's write lock until it commits."""
    other = sqlite3.connect(book_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE meta SET value = value WHERE key = 'rules'")
        yield other
    finally:
        if other.in_transaction:
            other.execute("COMMIT")
        other.close()


def title_of(form: ProfileScreen) -> str:
    return str(form.query_one("#profile-title", Static).content)


def collect_notices(app: XiaobenApp) -> list[str]:
    """Every notice the app shows from now on, in order (it still shows them)."""
    told: list[str] = []
    notify = app.notify

    def telling(message: str, **kw: Any) -> None:
        told.append(message)
        notify(message, **kw)

    app.notify = telling  # type: ignore[method-assign]
    return told


async def keys_stay(app: XiaobenApp, pilot: Pilot[None], keys: tuple[str, ...]) -> None:
    """Each of `keys` pressed in turn leaves the screen on top where it is (and the app
    running)."""
    screen = app.screen
    for key in keys:
        await pilot.press(key)
        await pilot.pause(0.1)
        assert app.screen is screen, key
        assert app.is_running, key


def test_a_save_waits_for_the_other_writer_says_so_and_completes(
    app_factory: Callable[..., XiaobenApp], book_path: Path
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        form = await open_form(pilot)
        with another_writer(book_path) as other:
            await pilot.press(*"并发丢失", "ctrl+s")
            await pilot.pause(SAVE_WAITING_SHOWN_AFTER + 0.5)
            assert app.screen is form
            assert "正在等待账本" in title_of(form)
            other.execute("COMMIT")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert app.book.find_customer("并发丢失") is not None

    run(app_factory("zh"), story)


def test_a_save_held_past_the_wait_says_the_book_is_busy_and_keeps_the_form(
    app_factory: Callable[..., XiaobenApp], book_path: Path
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        form = await open_form(pilot)
        with app.book._lock:  # the wait, shortened from 15 s for the test
            app.book.conn.execute("PRAGMA busy_timeout = 300")
        told = collect_notices(app)
        with another_writer(book_path):
            await pilot.press(*"并发丢失", "ctrl+s")
            await pilot.pause(1.5)
            assert app.screen is form
            assert form.query_one("#field-name", Input).value == "并发丢失"
            assert "正在等待账本" not in title_of(form)
            assert any("锁定" in said and "还没有保存" in said for said in told), told
        await pilot.press("ctrl+s")  # the other program is done: this one saves
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert app.book.find_customer("并发丢失") is not None

    run(app_factory("zh"), story)


def test_keys_typed_while_a_save_waits_go_on_once_it_is_saved(
    app_factory: Callable[..., XiaobenApp], book_path: Path
) -> None:
    """Esc, another screen's key, the language switch: none leaves a form whose save is
    under way (it would have asked to discard what is being saved), none is thrown away.
    They wait for the save, then go on in order, as typed after it: Esc leaves the customer
    page the saved form shows, f6 switches the language. ctrl+q, which acts at once on any
    screen, says the save is under way and stays; the save completes."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        form = await open_form(pilot)
        told = collect_notices(app)
        with another_writer(book_path) as other:
            await pilot.press(*"并发丢失", "ctrl+s")
            await pilot.pause(0.2)
            assert app.screen is form
            await keys_stay(app, pilot, ("escape", "f2", "f6", "ctrl+q"))  # f6: the language
            assert sum("正在保存这份档案" in said for said in told) == 1, told  # ctrl+q
            other.execute("COMMIT")
        await settle(pilot)
        assert app.book.find_customer("并发丢失") is not None
        assert isinstance(app.screen, CustomersScreen)
        assert app.settings.language == "en"

    run(app_factory("zh"), story)


def test_a_save_that_ends_under_the_lock_closes_the_form_once_unlocked(
    app_factory: Callable[..., XiaobenApp], book_path: Path
) -> None:
    """ctrl+l while the save waits: the lock stays over everything when the save ends (its
    end closed the screen on top: the lock), and the form closes once unlocked."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        form = await open_form(pilot)
        with another_writer(book_path) as other:
            await pilot.press(*"并发丢失", "ctrl+s")
            await pilot.pause(0.2)
            await pilot.press("ctrl+l")
            await pilot.pause()
            assert isinstance(app.screen, LockScreen)
            other.execute("COMMIT")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert form in app.screen_stack
        assert app.book.find_customer("并发丢失") is not None
        await pilot.press("x")  # any key unlocks a plain book
        await settle(pilot)
        assert form not in app.screen_stack
        assert isinstance(app.screen, CustomerScreen)

    run(app_factory("zh"), story)
