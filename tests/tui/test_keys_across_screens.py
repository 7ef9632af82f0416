"""A burst typed across screens: each key lands on the screen it was typed for, however
long the screen before it takes to change (a search, a page loading, a window opening on
a loaded machine), or, held too long, is dropped with a notice — never handed to a screen
it was not meant for.

The README's quickest flow, "find, open, p, amount, Enter" (`/liaojuan⏎p66⏎`), typed right
after the app opened lost `p66` to the list, and its last Enter opened the edit window of
the customer's latest purchase, which the amount typed again then overwrote.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from textual.app import ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from tests.tui.pilot import TODAY, buyer, post_in_one_read, run, settle
from xiaoben.models.i18n import t
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.list_reader import PAGE, ListEntry, ListReader
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.widgets.entry_modals import PurchaseModal
from xiaoben.tui.widgets.inputs import KeysOneAtATime, TextBox

SLOW = 1.5  # seconds: longer than the 1 s a key used to wait before it was handed on anyway


def slow_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """A search's first rows take SLOW seconds to read (a big book on a loaded machine)."""
    quick = ListReader.first

    def slow(reader: ListReader, query: ListQuery, limit: int = PAGE) -> list[ListEntry]:
        if query.search:
            time.sleep(SLOW)
        return quick(reader, query, limit)

    monkeypatch.setattr(ListReader, "first", slow)


def slow_page(app: XiaobenApp) -> None:
    """The customer page takes SLOW seconds to read its customer."""
    quick: Callable[..., Any] = app.book.get_customer

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(SLOW)
        return quick(*args, **kwargs)

    app.book.get_customer = slow  # type: ignore[method-assign]  # the test's slow book


def starved_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """The purchase window takes SLOW seconds to build, the app doing nothing else meanwhile
    (a loaded machine gives the app no time): its amount field gets the focus after that."""
    build = PurchaseModal.compose

    def starved(modal: PurchaseModal) -> ComposeResult:
        time.sleep(SLOW)
        return build(modal)

    monkeypatch.setattr(PurchaseModal, "compose", starved)


def phone_of(app: XiaobenApp, customer_id: int) -> str:
    phone = app.book.get_customer(customer_id).phones[0]
    assert app.book.list_count(ListQuery(search=phone)) == 1
    return phone


def test_find_open_and_log_a_purchase_typed_at_once_logs_it(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """/phone ⏎ p 66 ⏎ in one read, the search, the page and the purchase window each slow:
    a new ¥66 purchase today, the customer's purchases before it as they were."""
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = buyer(app)
        before = app.book.purchases_of(customer_id)
        assert before
        phone = phone_of(app, customer_id)
        slow_search(monkeypatch)
        slow_page(app)
        starved_window(monkeypatch)

        post_in_one_read(app, "slash", *phone, "enter", "p", "6", "6", "enter")
        await settle(pilot)

        assert isinstance(app.screen, CustomerScreen)
        assert app.screen.customer_id == customer_id
        after = app.book.purchases_of(customer_id)
        assert [p for p in after if p.id in {b.id for b in before}] == before
        added = [p for p in after if p.id not in {b.id for b in before}]
        assert [(p.amount, p.date) for p in added] == [(Decimal(66), TODAY)]

    run(app, story)


class _Slow(Message):
    """A message the list screen handles slowly, yielding meanwhile (a loaded machine)."""


class _Switch(Message):
    """Then the screen change the key asked for."""


class _Form(Screen[None]):
    def compose(self) -> ComposeResult:
        yield TextBox(id="typed-here")

    def on_mount(self) -> None:
        self.query_one("#typed-here").focus()


class _List(Screen[None]):
    """F2 opens the form, slowly: the app's queues are not empty meanwhile."""

    BINDINGS = [("f2", "open")]

    def compose(self) -> ComposeResult:
        yield TextBox(id="not-here")

    def on_mount(self) -> None:
        self.query_one("#not-here").focus()

    def action_open(self) -> None:
        self.post_message(_Slow())
        self.post_message(_Switch())

    async def on__slow(self, message: _Slow) -> None:
        await asyncio.sleep(SLOW)

    def on__switch(self, message: _Switch) -> None:
        self.app.push_screen(_Form())


class _ListApp(KeysOneAtATime):
    def on_mount(self) -> None:
        self.push_screen(_List())


def test_keys_typed_after_a_slow_screen_change_land_on_the_new_screen() -> None:
    """F2 then "66" in one read, the screen change slow: "66" goes to the new screen.
    A key waited 1 s at most for the one before to have its effects, then went to the
    screen still on top."""

    async def body() -> None:
        app = _ListApp()
        async with app.run_test() as pilot:
            await pilot.pause()
            post_in_one_read(app, "f2", "6", "6")
            deadline = time.monotonic() + SLOW + 10
            while not isinstance(app.screen, _Form) or app.screen.query_one(Input).value != "66":
                if time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.05)
            assert isinstance(app.screen, _Form)
            assert app.screen.query_one(Input).value == "66"
            assert app.screen_stack[1].query_one(Input).value == ""

    asyncio.run(body())


def test_keys_held_past_their_time_are_dropped_with_a_notice(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A screen busy for longer than a key may wait: the keys typed meanwhile are dropped
    and the seller told so, not handed to the screen as if it had been ready for them."""
    monkeypatch.setattr("xiaoben.tui.widgets.inputs.MOST_SECONDS", 0.5)
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, CustomersScreen)
        monkeypatch.setattr(CustomersScreen, "busy", lambda self: True)
        shown: list[str] = []
        monkeypatch.setattr(app, "notify", lambda text, **_: shown.append(text))

        post_in_one_read(app, "slash", "a", "b")
        await pilot.pause(1.0)
        await settle(pilot)

        assert screen.query_one("#list-search", Input).value == ""
        assert not screen.query_one("#list-search", Input).has_focus
        assert shown == [t("keys.dropped", count=3)]

    run(app, story)


@pytest.mark.parametrize(
    "burst",
    [
        pytest.param(("enter", "enter", "6", "6", "enter"), id="enter twice to open the page"),
        pytest.param(
            ("enter", "p", "6", "6", "enter", "enter", "6", "6", "enter"), id="enter twice to save"
        ),
    ],
)
def test_an_enter_typed_before_the_page_showed_its_purchases_edits_none(
    app_factory: Callable[..., XiaobenApp], burst: tuple[str, ...]
) -> None:
    """Enter on a purchase opens it for editing, its amount ready to be typed over: an Enter
    typed twice (to open the page, to save a purchase), then an amount, changed the
    customer's latest purchase without the seller ever seeing it. An Enter typed before the
    page showed its purchases (or came back on top) edits nothing, and says so."""
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = buyer(app)
        before = app.book.purchases_of(customer_id)
        slow_page(app)
        shown: list[str] = []
        notify = app.notify

        def told(text: str, **options: Any) -> None:
            shown.append(text)
            notify(text, **options)

        app.notify = told  # type: ignore[method-assign]  # what the seller is told, kept
        post_in_one_read(app, "slash", *phone_of(app, customer_id), *burst)
        await settle(pilot)

        assert isinstance(app.screen, CustomerScreen)
        after = app.book.purchases_of(customer_id)
        assert [p for p in after if p.id in {b.id for b in before}] == before
        assert t("page.enter_too_early") in shown

    run(app, story)


@pytest.mark.parametrize("back", ["f2", "escape"])
def test_a_second_purchase_typed_after_going_back_to_the_list_is_logged(
    app_factory: Callable[..., XiaobenApp], back: str
) -> None:
    """README's `/liaojuan⏎p66⏎` for one customer, back to the list (F2 or Esc), then for a
    second: ¥66 for the second. The list came back with the first search in the box, and
    `/` added to it: the search was both phones, found no one, and `⏎p66⏎` did nothing."""
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        first, second = buyer(app, "A"), buyer(app, "B")
        before = app.book.purchases_of(second)
        post_in_one_read(app, "slash", *phone_of(app, first), "enter", "p", "5", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        await pilot.press(back)
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)

        post_in_one_read(app, "slash", *phone_of(app, second), "enter", "p", "6", "6", "enter")
        await settle(pilot)

        assert isinstance(app.screen, CustomerScreen)
        assert app.screen.customer_id == second
        added = [p for p in app.book.purchases_of(second) if p not in before]
        assert [(p.amount, p.date) for p in added] == [(Decimal(66), TODAY)]

    run(app, story)


def test_right_after_slash_keeps_the_search_to_type_on(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    """`/` selects the search left in the box: typed, a letter replaces it; → keeps it and
    what is typed goes on after it."""
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        box = app.screen.query_one("#list-search", Input)
        post_in_one_read(app, "slash", *"lin", "down")
        await settle(pilot)
        post_in_one_read(app, "slash", "right", "g", "down")
        await settle(pilot)
        assert box.value == "ling"
        post_in_one_read(app, "slash", "w")
        await settle(pilot)
        assert box.value == "w"

    run(app, story)


def test_enter_on_a_search_that_finds_no_one_says_so_and_drops_the_keys_after_it(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    """`/zzzq⏎p66⏎`: no customer matches; the seller is told none was opened and that the
    four keys after Enter did nothing (they were dropped without a word)."""
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        shown: list[str] = []
        notify = app.notify

        def told(text: str, **options: Any) -> None:
            shown.append(text)
            notify(text, **options)

        app.notify = told  # type: ignore[method-assign]  # what the seller is told, kept
        post_in_one_read(app, "slash", *"zzzq", "enter", "p", "6", "6", "enter")
        await settle(pilot)

        assert isinstance(app.screen, CustomersScreen)
        assert shown == [t("list.none_to_open_keys", count=4)]
        post_in_one_read(app, "enter")
        await settle(pilot)
        assert shown[1:] == []  # Enter on the list itself opens the highlighted: none
        await pilot.press("slash", "enter")
        await settle(pilot)
        assert shown[1:] == [t("list.none_to_open")]

    run(app, story)
