"""The customer page as a seller uses it: add a purchase, log a contact, delete and undo."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.book_helpers import FullDisk
from tests.tui.pilot import (
    TODAY,
    buyer,
    non_buyer,
    post_in_one_read,
    run,
    settle,
    workers_done,
)
from xiaoben.models.interaction import Interaction
from xiaoben.models.purchase import Purchase
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.formatting import money_to_the_cent
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.widgets.badges import TierBadges
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.entry_modals import ContactModal, PurchaseModal, ReminderModal


async def open_page(app: XiaobenApp, pilot: Pilot, customer_id: int) -> CustomerScreen:
    await pilot.pause()
    app.action_open_customer(customer_id)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, CustomerScreen)
    return screen


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)


def badge(screen: CustomerScreen, lens: str) -> str:
    return screen.query_one(TierBadges).text(lens)


def reason(screen: CustomerScreen, lens: str) -> str:
    return str(screen.query_one(f"#why-{lens}", Static).render())


def test_typed_purchase_is_saved_and_page_reflects_it(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        screen = await open_page(app, pilot, customer_id)
        assert badge(screen, "value") == "价值 —"
        assert "尚未购买" in reason(screen, "value")

        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PurchaseModal)
        await type_text(pilot, "500")
        await pilot.press("enter")
        await settle(pilot)

        purchases = app.book.purchases_of(customer_id)
        assert [(p.amount, p.date) for p in purchases] == [(Decimal("500.00"), TODAY)]
        assert app.screen is screen
        assert badge(screen, "value") != "价值 —"
        assert "¥500.00" in reason(screen, "value")
        assert screen.query_one("#purchases").row_count == 1

    run(app_factory(), body)


def test_very_large_purchase_makes_a_non_buyer_tier_a(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        screen = await open_page(app, pilot, non_buyer(app))
        assert badge(screen, "value") == "价值 —"

        await pilot.press("p")
        await type_text(pilot, "1000000")
        await pilot.press("enter")
        await settle(pilot)
        app.book.settle()  # the background pass places everyone else around them
        await settle(pilot)

        assert badge(screen, "value") == "价值 A 核心"
        assert badge(screen, "stage") == "阶段 成交 · 新客"
        assert "A 核心" in reason(screen, "value")

    run(app_factory(), body)


def test_an_amount_above_the_large_purchase_rule_asks_before_saving(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        await open_page(app, pilot, customer_id)

        await pilot.press("p")
        await type_text(pilot, "2000000")
        await pilot.press("enter")
        await settle(pilot)

        modal = app.screen
        assert isinstance(modal, PurchaseModal)
        assert "¥2,000,000.00 超过单笔大额上限 ¥1,000,000.00" in modal.error_text("amount")
        assert app.book.purchases_of(customer_id) == []

        await pilot.press("enter")  # the seller confirms the amount
        await settle(pilot)

        assert not isinstance(app.screen, PurchaseModal)
        assert [p.amount for p in app.book.purchases_of(customer_id)] == [Decimal("2000000.00")]

    run(app_factory(), body)


def test_negative_amount_shows_the_rule_and_saves_nothing(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "A")
        await open_page(app, pilot, customer_id)
        before = len(app.book.purchases_of(customer_id))

        await pilot.press("p", "minus", "5", "0", "enter")
        await settle(pilot)

        modal = app.screen
        assert isinstance(modal, PurchaseModal)
        assert modal.error_text("amount").startswith("金额：不能为负数")
        assert len(app.book.purchases_of(customer_id)) == before

        # Fixing the amount clears the message; Esc, y (discard) leaves without saving.
        await pilot.press("backspace", "backspace", "backspace", "5")
        await pilot.pause()
        assert modal.error_text("amount") == ""
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert len(app.book.purchases_of(customer_id)) == before

    run(app_factory(), body)


def test_deleted_purchase_comes_back_with_undo(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "A")
        screen = await open_page(app, pilot, customer_id)
        before = app.book.purchases_of(customer_id)
        highlighted = before[0]  # newest first, the cursor starts on it

        await pilot.press("d")
        await settle(pilot)
        after = app.book.purchases_of(customer_id)
        assert len(after) == len(before) - 1
        assert highlighted.id not in {p.id for p in after}
        assert screen.undo_stack
        # The notice names the purchase deleted and how to take it back, for 10 s: `d` does
        # not ask (one key), so the seller must see what it did (a tester saw "a brief notice").
        (notice,) = list(app._notifications)
        amount = money_to_the_cent(highlighted.amount)
        assert (
            notice.message == f"已删除 {highlighted.date.isoformat()} 的消费 {amount} — 按 u 撤销"
        )
        assert notice.timeout >= 10

        app.clear_notifications()  # the toast is gone: u still undoes the last deletion
        await pilot.press("u")
        await settle(pilot)
        restored = app.book.purchases_of(customer_id)
        assert len(restored) == len(before)
        same = [
            (p.date, p.amount, p.items, p.quantity, p.refunded, p.channel, p.note) for p in restored
        ]
        assert (
            highlighted.date,
            highlighted.amount,
            highlighted.items,
            highlighted.quantity,
            highlighted.refunded,
            highlighted.channel,
            highlighted.note,
        ) in same
        assert screen.undo_stack == []
        assert screen.query_one("#purchases").row_count == len(before)

    run(app_factory(), body)


def test_a_zero_amount_is_refused_naming_the_rule(app_factory) -> None:
    """p 0 Enter: a slip of the keyboard, not an order (it counted as one: F, loyal)."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "A")
        await open_page(app, pilot, customer_id)
        before = app.book.purchases_of(customer_id)

        for typed in ("0", "0.00", "¥0"):
            await pilot.press("p", *typed, "enter")
            await settle(pilot)
            modal = app.screen
            assert isinstance(modal, PurchaseModal)
            assert modal.error_text("amount").startswith("金额：须大于 0（送礼、赠品不是购买")
            assert app.book.purchases_of(customer_id) == before
            await pilot.press("ctrl+u", "escape")
            await settle(pilot)
            assert isinstance(app.screen, CustomerScreen)

        await pilot.press("p", "6", "6", "enter")
        await settle(pilot)
        assert len(app.book.purchases_of(customer_id)) == len(before) + 1

    run(app_factory(), body)


def test_an_imported_free_line_keeps_its_zero_when_edited(app_factory) -> None:
    """A ¥0 line an import made (a gift in an order) is edited as it is: its note changed,
    its ¥0 kept, not refused."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        free = Purchase(customer_id=customer_id, date=TODAY, amount=Decimal(0), items="小样")
        await asyncio.to_thread(app.book.add_purchase, free)
        await open_page(app, pilot, customer_id)
        await pilot.press("enter")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, PurchaseModal)
        assert modal.values()["amount"] == "0.00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen), modal.error_text("amount")
        (kept,) = app.book.purchases_of(customer_id)
        assert (kept.amount, kept.items) == (Decimal(0), "小样")

    run(app_factory(), body)


def test_contact_with_intent_makes_a_non_buyer_a_prospect(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        screen = await open_page(app, pilot, customer_id)
        assert badge(screen, "stage") == "阶段 潜在"

        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ContactModal)
        await pilot.press("1", "tab", "3")  # 1 电话, then outcome 3 有购买意向
        await pilot.press("enter")
        await settle(pilot)

        logged = app.book.interactions_of(customer_id)[0]
        assert (logged.kind.value, logged.outcome and logged.outcome.value) == (
            "call",
            "showed_intent",
        )
        assert logged.at.date() == TODAY
        assert badge(screen, "stage") == "阶段 准客户"

    run(app_factory(), body)


def test_contact_needs_a_kind(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        await open_page(app, pilot, customer_id)
        before = app.book.interactions_of(customer_id)
        await pilot.press("c", "enter")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ContactModal)
        assert modal.error_text("kind") == "方式：必填"
        assert app.book.interactions_of(customer_id) == before

    run(app_factory(), body)


def test_reminder_in_three_days(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        screen = await open_page(app, pilot, customer_id)
        await pilot.press("r")
        await type_text(pilot, "+3")
        await pilot.press("tab")
        await type_text(pilot, "call back")
        await pilot.press("enter")
        await settle(pilot)

        reminders = app.book.reminders_of(customer_id)
        assert [(r.due, r.note) for r in reminders] == [(TODAY + timedelta(days=3), "call back")]
        assert screen.query_one("#reminders").row_count == 1

    run(app_factory(), body)


def test_a_reminder_due_on_a_month_and_day_is_the_next_such_day(app_factory) -> None:
    """12-31 (and 12月1日), as the app writes the days ahead; it was refused "a date is
    written year-month-day, e.g. 2024-03-08". 04-31 is refused naming the missing day."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        await open_page(app, pilot, customer_id)
        await pilot.press("r", "ctrl+u", *"04-31", "tab", *"call back", "enter")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ReminderModal)
        assert modal.error_text("due") == "到期日：日期不存在：04-31（2026 年 4 月没有 31 日）"
        assert app.focused is not None and app.focused.id == "field-due"  # the problem
        await pilot.press("ctrl+u", *"12-31", "enter")
        await settle(pilot)
        await pilot.press("r", "ctrl+u", *"11-22", "tab", *"next year", "enter")
        await settle(pilot)

        reminders = app.book.reminders_of(customer_id)
        assert sorted((r.due, r.note) for r in reminders) == [
            (date(2026, 12, 31), "call back"),
            (date(2027, 11, 22), "next year"),
        ]

    run(app_factory(), body)


def test_archive_asks_first(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "B")
        screen = await open_page(app, pilot, customer_id)

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        assert not app.book.get_customer(customer_id).archived

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert app.book.get_customer(customer_id).archived
        assert "已归档" in str(screen.query_one("#summary-text", Static).render())
        assert badge(screen, "value") == "价值 —"  # archived customers are not tiered

    run(app_factory(), body)


def test_logging_a_purchase_takes_two_keys_beyond_the_amount(app_factory) -> None:
    """DESIGN: ≤ 10 keys from the list. On the page: p, the amount, Enter (date is today)."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "C")
        await open_page(app, pilot, customer_id)
        before = len(app.book.purchases_of(customer_id))

        data = "88.5"
        keys = ["p", *data, "enter"]
        await pilot.press(*keys)
        await settle(pilot)

        assert len(keys) - len(data) == 2
        purchases = app.book.purchases_of(customer_id)
        assert len(purchases) == before + 1
        assert any(p.amount == Decimal("88.50") and p.date == TODAY for p in purchases)

    run(app_factory(), body)


def test_purchase_date_accepts_days_back(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        await open_page(app, pilot, customer_id)
        await pilot.press("p")
        await type_text(pilot, "20")
        await pilot.press("tab")
        await type_text(pilot, "-1")
        await pilot.press("enter")
        await settle(pilot)
        assert [p.date for p in app.book.purchases_of(customer_id)] == [
            date.fromordinal(TODAY.toordinal() - 1)
        ]

    run(app_factory(), body)


def test_page_speaks_english_and_fits_80_by_24(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        screen = await open_page(app, pilot, buyer(app, "A"))
        assert badge(screen, "value") == "value A core"
        badges = screen.query_one(TierBadges)
        assert badges.region.height <= 3
        await pilot.press("w")
        await pilot.pause()
        why = screen.query_one("#why")
        assert why.region.height >= 8
        assert why.max_scroll_y >= 0
        await pilot.press("w")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "purchases"

    run(app_factory(lang="en"), body, size=(80, 24))


def test_an_undo_the_full_disk_refuses_stays_to_be_pressed_again(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "A")
        screen = await open_page(app, pilot, customer_id)
        before = len(app.book.purchases_of(customer_id))
        await pilot.press("d")
        await settle(pilot)
        disk = FullDisk(app.book.conn)
        app.book.conn = disk  # type: ignore[assignment]  # the disk fills
        await pilot.press("u")
        await settle(pilot)
        assert disk.refused == 1
        assert any("磁盘已满" in str(n.message) for n in app._notifications)
        assert len(app.book.purchases_of(customer_id)) == before - 1
        assert len(screen.undo_stack) == 1

        disk.full = False  # space freed: u adds the purchase back
        await pilot.press("u")
        await settle(pilot)
        assert len(app.book.purchases_of(customer_id)) == before
        assert screen.undo_stack == []

    run(app_factory(), body)


def test_a_purchase_edited_in_place_moves_the_tiers_and_undo_restores_it(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "C")
        screen = await open_page(app, pilot, customer_id)
        before = app.book.purchases_of(customer_id)
        highlighted = before[0]  # newest first, the cursor starts on it
        assert badge(screen, "value").startswith("价值 C")

        await pilot.press("enter")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, PurchaseModal)
        assert modal.values()["amount"] == f"{highlighted.amount}"  # prefilled
        assert modal.values()["date"] == highlighted.date.isoformat()
        large = app.book.rules().large_purchase
        assert large is not None and large > 900000  # below the rule: one Enter saves it
        await pilot.press(*["backspace"] * 12, *"900000", "enter")
        await settle(pilot)

        after = app.book.purchases_of(customer_id)
        assert len(after) == len(before)  # edited, not added
        edited = next(p for p in after if p.id == highlighted.id)
        assert edited.amount == Decimal("900000.00")
        assert (edited.date, edited.items, edited.refunded) == (
            highlighted.date,
            highlighted.items,
            highlighted.refunded,
        )
        assert badge(screen, "value") == "价值 A 核心"  # tiers follow at once

        await pilot.press("u")
        await settle(pilot)
        restored = next(p for p in app.book.purchases_of(customer_id) if p.id == highlighted.id)
        assert restored.amount == highlighted.amount
        assert restored.version == highlighted.version + 2
        app.book.settle()
        await settle(pilot)
        assert badge(screen, "value").startswith("价值 C")
        assert screen.undo_stack == []

    run(app_factory(), body)


def test_enter_on_a_contact_edits_it_and_the_stage_follows(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        screen = await open_page(app, pilot, customer_id)
        await pilot.press("c", "2", "enter")  # 2 消息, no outcome
        await settle(pilot)
        logged = app.book.interactions_of(customer_id)[0]  # newest first: the cursor's row
        count = len(app.book.interactions_of(customer_id))
        assert badge(screen, "stage") == "阶段 潜在"

        await pilot.press("2", *["up"] * count)  # the contacts tab, its newest row
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ContactModal)
        assert modal.values()["kind"] == logged.kind.value
        await pilot.press("tab", "3", "enter")  # outcome 3 有购买意向
        await settle(pilot)

        contacts = app.book.interactions_of(customer_id)
        assert len(contacts) == count
        assert contacts[0].id == logged.id
        assert contacts[0].outcome is not None and contacts[0].outcome.value == "showed_intent"
        assert contacts[0].at == logged.at
        assert badge(screen, "stage") == "阶段 准客户"

        await pilot.press("u")
        await settle(pilot)
        assert app.book.interactions_of(customer_id)[0].outcome is None
        assert badge(screen, "stage") == "阶段 潜在"

    run(app_factory(), body)


def test_e_on_a_buyers_page_edits_the_customer_not_the_top_purchase(app_factory) -> None:
    """The purchases table has the focus on a buyer's page: e edited its top purchase, and
    the text typed next replaced the purchase's amount. e edits the customer, as on a page
    without purchases; Enter edits the highlighted purchase."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        screen = await open_page(app, pilot, buyer(app, "A"))
        assert screen.query_one("#purchases").has_focus
        await pilot.press("e")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProfileScreen"

    run(app_factory(), body)


def test_e_on_an_empty_purchases_tab_edits_the_customer(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await open_page(app, pilot, non_buyer(app))
        await pilot.press("e")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProfileScreen"

    run(app_factory(), body)


def test_a_purchase_dated_after_today_is_refused_as_the_importer_refuses_it(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        await open_page(app, pilot, customer_id)
        await pilot.press("p")
        await type_text(pilot, "20")
        await pilot.press("tab", *["backspace"] * 10)
        await type_text(pilot, "2062-11-01")
        await pilot.press("enter")
        await settle(pilot)

        modal = app.screen
        assert isinstance(modal, PurchaseModal)
        assert modal.error_text("date") == f"日期：晚于今天（{TODAY.isoformat()}）"
        assert app.book.purchases_of(customer_id) == []

    run(app_factory(), body)


def _kept(purchase: Purchase) -> tuple[object, ...]:
    """What the seller entered of a purchase (its id changes when undo adds it again)."""
    p = purchase
    return (p.date, p.amount, p.items, p.quantity, p.refunded, p.channel, p.note)


def test_every_deletion_is_undone_in_turn(app_factory) -> None:
    """d, d, then u, u: both purchases come back (u took back only the last one, the
    first was gone for good)."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "A")
        screen = await open_page(app, pilot, customer_id)
        before = sorted(_kept(p) for p in app.book.purchases_of(customer_id))
        for _ in range(2):
            await pilot.press("d")
            await settle(pilot)
        assert len(app.book.purchases_of(customer_id)) == len(before) - 2
        for _ in range(2):
            await pilot.press("u")
            await settle(pilot)
        assert sorted(_kept(p) for p in app.book.purchases_of(customer_id)) == before
        assert screen.undo_stack == []

    run(app_factory(), body)


def test_a_burst_of_d_deletes_one_purchase_each_and_u_brings_each_back(app_factory) -> None:
    """d d d in one read deletes the three top purchases, one after another (it deleted
    one and said "找不到消费记录：1472" twice); u u u brings the three back."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "A")
        await open_page(app, pilot, customer_id)
        before = app.book.purchases_of(customer_id)
        app.clear_notifications()
        post_in_one_read(app, "d", "d", "d")
        await settle(pilot)
        left = app.book.purchases_of(customer_id)
        assert [p.id for p in left] == [p.id for p in before[3:]]
        said = [str(n.message) for n in app._notifications]
        assert sum("已删除" in text for text in said) == 3, said
        assert not any("找不到" in text for text in said), said

        post_in_one_read(app, "u", "u", "u")
        await settle(pilot)
        assert sorted(map(_kept, app.book.purchases_of(customer_id))) == sorted(map(_kept, before))

    run(app_factory(), body)


async def top_purchase_edited_to_777(app: XiaobenApp, pilot: Pilot) -> tuple[int, Purchase]:
    """A buyer's page, its top purchase's amount edited to 777: the buyer and the purchase
    as it was."""
    customer_id = buyer(app, "A")
    await open_page(app, pilot, customer_id)
    top = app.book.purchases_of(customer_id)[0]
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("ctrl+u", *"777", "enter")
    await settle(pilot)
    return customer_id, top


def test_an_edit_then_a_deletion_of_the_same_purchase_are_undone_in_turn(app_factory) -> None:
    """Edit a purchase's amount, delete it, u, u: it is back, with the amount it had."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id, top = await top_purchase_edited_to_777(app, pilot)
        assert app.book.purchases_of(customer_id)[0].amount == Decimal("777")
        await pilot.press("d")
        await settle(pilot)
        for _ in range(2):
            await pilot.press("u")
            await settle(pilot)
        assert _kept(top) in [_kept(p) for p in app.book.purchases_of(customer_id)]
        said = [str(n.message) for n in app._notifications]
        assert not any("找不到" in text for text in said), said

    run(app_factory(), body)


def test_undo_of_a_purchase_deleted_elsewhere_names_no_inner_id(app_factory) -> None:
    """An edit taken back after the purchase was deleted by another program: the page
    says the record is gone, never "找不到消费记录：<id>"."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        _, top = await top_purchase_edited_to_777(app, pilot)
        assert top.id is not None
        app.book.delete_purchase(top.id)  # as the CLI would
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert "这条记录已不在账本中（可能在别处删除了），没有改动" in said, said
        assert not any(str(top.id) in text and "找不到" in text for text in said), said

    run(app_factory(), body)


async def contacts_shown(app: XiaobenApp, pilot: Pilot, notes: list[str]) -> tuple[int, list]:
    """A potential customer with a contact logged for each note (the last the newest), the
    page open on its contacts tab, the cursor on the newest: the customer and the contacts
    as the book has them, newest first."""
    customer_id = non_buyer(app)
    for minute, note in enumerate(notes, start=1):
        at = f"{TODAY} 22:{minute:02d}"  # later than any the demo book logged
        app.book.log_contact(Interaction(customer_id=customer_id, at=at, kind="call", note=note))
    await open_page(app, pilot, customer_id)
    count = len(app.book.interactions_of(customer_id))
    await pilot.press("2", *["up"] * count)
    await settle(pilot)
    shown = app.book.interactions_of(customer_id)
    assert [contact.note for contact in shown[: len(notes)]] == notes[::-1]
    return customer_id, shown


def test_d_on_a_contact_deletes_it_and_u_brings_it_back_with_its_id(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id, before = await contacts_shown(app, pilot, ["问了尺码", "约了试穿"])
        app.clear_notifications()

        await pilot.press("d")
        await settle(pilot)
        assert app.book.interactions_of(customer_id) == before[1:]
        said = [str(n.message) for n in app._notifications]
        assert "已删除 2026-11-23 22:02 的接触记录（电话）— 按 u 撤销" in said, said

        await pilot.press("u")
        await settle(pilot)
        assert app.book.interactions_of(customer_id) == before
        said = [str(n.message) for n in app._notifications]
        assert "已恢复接触记录：2026-11-23 22:02 电话" in said, said

    run(app_factory(), body)


def test_a_burst_of_d_on_contacts_deletes_one_each_and_u_brings_each_back_in_turn(
    app_factory,
) -> None:
    """d d d in one read deletes the three newest contacts one after another; each u brings
    back the last one deleted, with its id, until all are back."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id, before = await contacts_shown(app, pilot, ["一", "二", "三", "四"])
        app.clear_notifications()
        post_in_one_read(app, "d", "d", "d")
        await settle(pilot)
        assert app.book.interactions_of(customer_id) == before[3:]
        said = [str(n.message) for n in app._notifications]
        assert sum("已删除" in text for text in said) == 3, said
        assert not any("找不到" in text for text in said), said

        for back in (3, 2, 1):  # the last deleted (the third newest) first
            await pilot.press("u")
            await settle(pilot)
            assert app.book.interactions_of(customer_id) == before[back - 1 :]
        screen = app.screen
        assert isinstance(screen, CustomerScreen) and screen.undo_stack == []

    run(app_factory(), body)


def test_shift_f_forgets_the_customer_after_a_question_naming_what_goes(app_factory) -> None:
    app = app_factory("en")
    customer_id = buyer(app)
    name = app.book.get_customer(customer_id).name

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.action_open_customer(customer_id)
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "cannot be undone" in app.screen.question_text
        assert "Backups and copies made before still hold them" in app.screen.question_text
        await pilot.press("escape")  # no: nothing erased
        await settle(pilot)
        assert app.book.get_customer(customer_id).name == name
        app.screen.action_forget()  # the palette's entry
        await settle(pilot)
        app.screen.dismiss(True)
        await settle(pilot)
        assert not isinstance(app.screen, CustomerScreen)
        told = [str(notice.message) for notice in app._notifications]
        assert f"{name} forgotten for good" in told, told
        assert app.book.find_customer(f"#{customer_id}") is None

    run(app, story)


def test_forgetting_says_how_many_backups_still_hold_them_and_the_command(
    app_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = app_factory("en")
    customer_id = buyer(app)
    name = app.book.get_customer(customer_id).name
    app.book.back_up()

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.action_open_customer(customer_id)
        await settle(pilot)
        app.screen.action_forget()
        await settle(pilot)
        app.screen.dismiss(True)
        await settle(pilot)
        await workers_done(app)
        await settle(pilot)
        told = " ".join(str(notice.message) for notice in app._notifications)
        assert f"1 backup made before still holds {name}" in told, told
        assert f"backups --forget {customer_id}" in told and str(app.book.path) in told

    run(app, story)


LONG_NOTE = (
    "老客户，第一次是朋友介绍来的。每次买护肤品都要先问成分，对酒精过敏，不用香精的最好；"
    "上次说想试试新出的面霜，等货到了先给她留一瓶。家里有两个孩子，周末带娃，电话别打"
    "太早，十点后再打。喜欢芍药，不喜欢玫瑰香味。"
)


def test_a_long_note_is_marked_cut_and_i_shows_it_to_its_end(app_factory) -> None:
    """The hostile morning tester's case: a 138-character note showed two lines on the page
    and its end ("十点后再打。喜欢芍药……") was gone with no sign, a line starting with "：".
    Now the first lines end with one saying there is more; i shows the whole profile
    (wrapped by the Chinese rules), Esc goes back to the records."""
    from xiaoben.models.line_breaks import NO_LINE_START
    from xiaoben.tui.screens.customer import SUMMARY_LINES

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app)
        customer = app.book.get_customer(customer_id)
        app.book.save_customer(customer.model_copy(update={"notes": LONG_NOTE}))
        screen = await open_page(app, pilot, customer_id)

        def shown() -> list[str]:
            text = screen.query_one("#summary-text").render()
            return str(getattr(text, "plain", text)).split("\n")

        lines = shown()
        assert len(lines) == SUMMARY_LINES
        assert "i" in lines[-1] and lines[-1].startswith("…")

        await pilot.press("i")
        await settle(pilot)
        whole = shown()
        assert "".join(line.strip() for line in whole).count("十点后再打。喜欢芍药") == 1
        assert not any(line.strip()[:1] in NO_LINE_START for line in whole if line.strip())
        assert not screen.query_one("#tabs").display

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#tabs").display
        assert len(shown()) == SUMMARY_LINES

    run(app_factory(), body, size=(80, 24))


def said(app: XiaobenApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def test_f6_in_the_purchase_dialog_switches_once_it_closes_keeping_the_purchase(
    app_factory,
) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "C")
        before = len(app.book.purchases_of(customer_id))
        await open_page(app, pilot, customer_id)
        await pilot.press("p", *"88")
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, PurchaseModal)
        assert modal.values()["amount"] == "88"  # what was typed stays
        assert any("关闭这个窗口后切换为 English" in text for text in said(app)), said(app)

        await pilot.press("enter")
        await settle(pilot)
        assert len(app.book.purchases_of(customer_id)) == before + 1
        assert app.settings.language == "en"
        assert isinstance(app.screen, CustomerScreen)
        assert "Switched to English" in said(app)

    run(app_factory(), body)


def test_the_footer_asking_about_enter_while_the_page_recomposes_does_not_crash(
    app_factory,
) -> None:
    """A language switch recomposes the page, and the footer asks whether Enter edits a
    row while the page's tables are not mounted: the query for them raised NoMatches
    and ended the app (seen once in CI after F6 in the purchase dialog)."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "C")
        await open_page(app, pilot, customer_id)
        screen = app.screen
        assert isinstance(screen, CustomerScreen)
        screen.query_one("#purchases").focus()
        await settle(pilot)
        assert screen.check_action("edit_row", ()) is True
        for table in ("#purchases", "#interactions"):
            await screen.query_one(table).remove()
        assert screen.check_action("edit_row", ()) is False

    run(app_factory(), body)


def test_u_with_nothing_to_undo_says_so(app_factory) -> None:
    """The key was off with nothing to take back: u said nothing at all."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await open_page(app, pilot, buyer(app, "C"))
        app.clear_notifications()
        await pilot.press("u")
        await settle(pilot)
        assert said(app) == ["没有可撤销的操作"]

    run(app_factory(), body)
