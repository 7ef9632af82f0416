"""Leaving the customer page's entry modals: Esc asks before it throws away what was
typed (as the profile form does), and a save the book refuses keeps the modal open."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.pilot import non_buyer, run, settle
from tests.tui.test_customer_page import open_page
from tests.tui.test_save_while_busy import another_writer, collect_notices, keys_stay
from xiaoben.models.errors import BookError
from xiaoben.models.purchase import Purchase
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.screens.lock import LockScreen
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.entry_modals import ContactModal, PurchaseModal, ReminderModal


def test_esc_on_a_typed_contact_asks_and_n_keeps_it(app_factory: Callable) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = non_buyer(app)
        page = await open_page(app, pilot, customer_id)
        note = "很长的一段备注客户说了很多需求"
        await pilot.press("c", "1", "tab", "1", "tab", *note, "escape")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question_text == "这里有未保存的内容。放弃并关闭吗？"
        await pilot.press("n")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ContactModal)
        assert modal.query_one("#field-note", Input).value == note
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is page
        assert app.book.interactions_of(customer_id)[0].note == note  # the newest

    run(app_factory("zh"), story)


def test_esc_then_y_discards_a_typed_purchase(app_factory: Callable) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = non_buyer(app)
        page = await open_page(app, pilot, customer_id)
        await pilot.press("p", *"4321", "tab", "tab", *"gift box", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Discard" in app.screen.question_text
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is page
        assert app.book.purchases_of(customer_id) == []

    run(app_factory("en"), story)


@pytest.mark.parametrize("key", ["p", "c", "r"])
def test_esc_on_an_untouched_modal_closes_at_once(app_factory: Callable, key: str) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        page = await open_page(app, pilot, non_buyer(app))
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, PurchaseModal | ContactModal | ReminderModal)
        await pilot.press("tab", "escape")  # moving about is not typing
        await settle(pilot)
        assert app.screen is page

    run(app_factory("zh"), story)


def test_esc_on_a_changed_reminder_asks(app_factory: Callable) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_page(app, pilot, non_buyer(app))
        await pilot.press("r", "tab", *"call", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)

    run(app_factory("zh"), story)


def test_a_purchase_the_book_refuses_keeps_the_modal_and_what_was_typed(
    app_factory: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory("zh")
    saves = type(app.book).add_purchase
    disk = {"full": True}

    def add_purchase(book: Book, purchase: Purchase) -> Purchase:
        if disk["full"]:
            raise BookError("store.disk_full", path="/tmp/book.db")
        return saves(book, purchase)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = non_buyer(app)
        await open_page(app, pilot, customer_id)
        monkeypatch.setattr(type(app.book), "add_purchase", add_purchase)
        await pilot.press("p", *"4321", "enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, PurchaseModal)
        assert modal.query_one("#field-amount", Input).value == "4321"
        refusal = BookError("store.disk_full", path="/tmp/book.db").message()
        assert modal.error_text("form").replace("\n", "") == refusal
        assert any(refusal in str(n.message) for n in app._notifications)
        assert app.book.purchases_of(customer_id) == []

        disk["full"] = False  # space freed: Enter again saves what is still typed
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert [p.amount for p in app.book.purchases_of(customer_id)] == [Decimal("4321.00")]
        assert any("4,321.00" in str(n.message) for n in app._notifications)

    run(app, story)


def test_a_purchase_saving_while_the_book_is_busy_keeps_its_modal_until_it_ends(
    app_factory: Callable, book_path: Path
) -> None:
    """Enter while another program writes the book: ctrl+q says the purchase is being
    saved and stays, Esc waits for the save; ctrl+l locks at once, and the save's end
    leaves the lock over everything (it closed the lock before); unlocked, the modal is
    gone, the purchase saved, and the Esc typed before the lock goes on: back to the list
    (it never unlocked the lock)."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = non_buyer(app)
        page = await open_page(app, pilot, customer_id)
        told = collect_notices(app)
        with another_writer(book_path) as other:
            await pilot.press("p", *"4321", "enter")
            await pilot.pause(0.2)
            modal = app.screen
            assert isinstance(modal, PurchaseModal)
            # a modal takes no other app key but the lock
            await keys_stay(app, pilot, ("escape", "ctrl+q"))
            assert sum("正在保存" in said for said in told) == 1, told  # ctrl+q
            await pilot.press("ctrl+l")
            await pilot.pause()
            assert isinstance(app.screen, LockScreen)
            other.execute("COMMIT")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert [p.amount for p in app.book.purchases_of(customer_id)] == [Decimal("4321")]
        await pilot.press("x")  # any key unlocks a plain book
        await settle(pilot)
        assert modal not in app.screen_stack
        assert page not in app.screen_stack
        assert isinstance(app.screen, CustomersScreen)

    run(app_factory("zh"), story)
