"""Keys typed while the screen on top is busy (a save under way, a page still loading) wait
for it, then go where the seller meant them: never dropped, never to the screen beneath as
if typed there.

The book's writes are slowed down here, as a busy book (a big recompute, another program's
write) slows them: the keys are all posted before the first write ends.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.pilot import buyer, non_buyer, post_in_one_read, run, settle
from tests.tui.test_customer_page import open_page
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.screens.profile import ProfileScreen
from xiaoben.tui.widgets.entry_modals import PurchaseModal

SLOW_WRITE = 0.4  # seconds a slowed write of the book takes


@pytest.fixture(autouse=True)
def patient_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in test_keys_in_order.py: the order is checked here, not the 1 s cap."""
    monkeypatch.setattr("xiaoben.tui.widgets.inputs.MOST_SECONDS", 30.0)


def slowed(app: XiaobenApp, verb: str) -> None:
    """The book's `verb` takes SLOW_WRITE seconds longer (it runs in a worker's thread)."""
    quick: Callable[..., Any] = getattr(app.book, verb)

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(SLOW_WRITE)
        return quick(*args, **kwargs)

    setattr(app.book, verb, slow)


def test_esc_and_a_search_typed_while_a_purchase_saves_go_to_the_list(app_factory) -> None:
    """p 50 ⏎ Esc /dx typed at once: the purchase is saved, the page closes, the list
    searches "dx". The Esc was refused by the saving window and the `d` deleted the
    highlighted purchase of the page beneath."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = buyer(app)
        before = app.book.purchases_of(customer_id)
        await open_page(app, pilot, customer_id)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PurchaseModal)
        slowed(app, "add_purchase")

        post_in_one_read(app, "5", "0", "enter", "escape", "slash", "d", "x")
        await settle(pilot)

        after = app.book.purchases_of(customer_id)
        assert {p.id for p in before} < {p.id for p in after}
        assert [p.amount for p in after if p.id not in {b.id for b in before}] == [50]
        assert isinstance(app.screen, CustomersScreen)
        assert app.screen.query_one("#list-search", Input).value == "dx"

    run(app_factory(), story)


def test_keys_typed_while_the_customer_form_loads_apply_once_it_is_shown(app_factory) -> None:
    """e End ABC typed at once on a busy book: End goes to the end of the name and ABC is
    appended. The End reached the form while it loaded and was lost, and the name, focused
    with its text selected, was replaced by ABC."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = non_buyer(app)
        name = app.book.get_customer(customer_id).name
        await open_page(app, pilot, customer_id)
        slowed(app, "get_customer")

        post_in_one_read(app, "e", "end", "A", "B", "C")
        await settle(pilot)

        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.query_one("#field-name", Input).value == f"{name}ABC"

    run(app_factory(), story)


def test_an_esc_typed_just_before_a_key_is_read_as_the_two_keys() -> None:
    """Esc and the key after it in one read (a fast seller, or a paste): Textual's own parser
    dropped the Esc of Esc / and made Esc d alt+d. Known sequences read as before."""
    from textual._xterm_parser import XTermParser

    from xiaoben.tui.terminal import escape_kept_parser

    parser_class = escape_kept_parser()
    assert parser_class is not None  # the installed Textual's parser is the one it expects

    def keys(data: str, parser_class: type[XTermParser] = parser_class) -> list[str]:
        parser = parser_class()
        return [event.key for event in [*parser.feed(data), *parser.feed("")]]

    assert keys("\x1b/dx") == ["escape", "slash", "d", "x"]
    assert keys("\x1bd") == ["escape", "d"]
    # Textual's table made Esc DEL ctrl+w: the two keys now (tests/tui/test_escape_keys.py).
    assert keys("\x1b\x7f") == ["escape", "backspace"]
    for known in ("\x1b[A", "\x1b", "\x1b\x1b"):  # up, Esc, Esc Esc
        assert keys(known) == keys(known, XTermParser)


def test_the_lock_typed_behind_a_deletion_locks_at_once(app_factory) -> None:
    """d then ctrl+l in one read: the d makes the page busy (its deletion is written), and
    the lock, a priority key, locks at once rather than waiting behind that write (up to
    20 s when another program holds the book). A reviewer's finding."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        from xiaoben.tui.screens.lock import LockScreen

        customer_id = buyer(app)
        await open_page(app, pilot, customer_id)
        quick = app.book.delete_purchase

        def slow(*args: Any, **kwargs: Any) -> Any:
            time.sleep(4.0)  # a write held up by another program
            return quick(*args, **kwargs)

        app.book.delete_purchase = slow  # type: ignore[method-assign]
        post_in_one_read(app, "d", "ctrl+l")
        started = time.monotonic()
        while not isinstance(app.screen, LockScreen) and time.monotonic() - started < 8:
            await pilot.pause(0.02)
        assert isinstance(app.screen, LockScreen)
        assert time.monotonic() - started < 3.0  # not after the write

    run(app_factory(), story)
