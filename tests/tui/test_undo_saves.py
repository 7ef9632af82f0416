"""u on the customer page takes back what was just saved there: a purchase or contact added
(deleted again), a profile saved (the customer as they were), never over a later change."""

from __future__ import annotations

from decimal import Decimal

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from tests.tui.pilot import buyer, non_buyer, run, settle, today
from xiaoben.models.customer import Customer
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.profile import ProfileScreen
from xiaoben.tui.widgets.badges import TierBadges

SAVED_FIELDS = {"version", "updated_at"}  # what a save and its undo move on


async def open_page(app: XiaobenApp, pilot: Pilot, customer_id: int) -> CustomerScreen:
    await pilot.pause()
    app.action_open_customer(customer_id)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, CustomerScreen)
    return screen


def said(app: XiaobenApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def edit_profile(pilot: Pilot, field: str, text: str) -> None:
    """e on the page, the field's text replaced by `text`, ctrl+s."""
    app = pilot.app
    await pilot.press("e")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, ProfileScreen)
    form.query_one(f"#field-{field}", Input).focus()
    await pilot.press("ctrl+u", *text, "ctrl+s")
    await settle(pilot)
    assert isinstance(app.screen, CustomerScreen)


def test_a_purchase_just_added_is_deleted_again_with_u(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "C")
        screen = await open_page(app, pilot, customer_id)
        before = app.book.purchases_of(customer_id)
        tier = screen.query_one(TierBadges).text("value")

        await pilot.press("p", *"900000", "enter")  # ¥900,000 for ¥90: a wrong amount
        await settle(pilot)
        assert len(app.book.purchases_of(customer_id)) == len(before) + 1
        assert said(app) == ["已记录消费 ¥900,000.00 — 按 u 撤销"]
        assert screen.query_one(TierBadges).text("value") == "价值 A 核心"

        app.clear_notifications()
        await pilot.press("u")
        await settle(pilot)
        assert app.book.purchases_of(customer_id) == before
        assert said(app) == [f"已撤销：删除了刚记的 {app.book.today()} 消费 ¥900,000.00"]
        assert screen.undo_stack == []
        app.book.settle()
        await settle(pilot)
        assert screen.query_one(TierBadges).text("value") == tier  # the tiers follow

    run(app_factory(), body)


def test_a_contact_just_logged_is_deleted_again_with_u(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        screen = await open_page(app, pilot, customer_id)
        before = app.book.interactions_of(customer_id)

        await pilot.press("c", "1", "enter")  # 1 电话
        await settle(pilot)
        assert len(app.book.interactions_of(customer_id)) == len(before) + 1
        assert said(app) == ["已记录接触：电话 — 按 u 撤销"]

        app.clear_notifications()
        await pilot.press("u")
        await settle(pilot)
        assert app.book.interactions_of(customer_id) == before
        (words,) = said(app)
        assert words.startswith("已撤销：删除了刚记的接触记录（") and "电话" in words
        assert screen.undo_stack == []

    run(app_factory(), body)


def test_an_added_purchase_edited_then_is_undone_edit_first_then_the_adding(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        screen = await open_page(app, pilot, customer_id)

        await pilot.press("p", *"100", "enter")
        await settle(pilot)
        screen.query_one("#purchases").focus()
        await pilot.press("enter", *["backspace"] * 6, *"120", "enter")  # edited to ¥120
        await settle(pilot)
        assert [p.amount for p in app.book.purchases_of(customer_id)] == [Decimal("120.00")]

        await pilot.press("u")  # the edit: ¥100 again
        await settle(pilot)
        assert [p.amount for p in app.book.purchases_of(customer_id)] == [Decimal("100.00")]
        await pilot.press("u")  # the adding: no purchase (the edit's undo moved its version)
        await settle(pilot)
        assert app.book.purchases_of(customer_id) == []
        assert screen.undo_stack == []

    run(app_factory(), body)


def test_a_purchase_changed_elsewhere_after_it_was_added_is_not_deleted_by_u(
    app_factory,
) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        screen = await open_page(app, pilot, customer_id)
        await pilot.press("p", *"100", "enter")
        await settle(pilot)
        (added,) = app.book.purchases_of(customer_id)
        app.book.edit_purchase(added.model_copy(update={"note": "另一个窗口写的"}))
        await settle(pilot)

        app.clear_notifications()
        await pilot.press("u")
        await settle(pilot)
        (kept,) = app.book.purchases_of(customer_id)
        assert kept.note == "另一个窗口写的"
        assert said(app) == [
            "没有撤销：这条记录在记下之后又在别处改过或删掉了（撤销不会盖掉后来的修改）"
        ]
        assert screen.undo_stack == []

    run(app_factory(), body)


def test_a_profile_save_is_undone_with_u_and_the_tiers_follow(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app, "C")
        screen = await open_page(app, pilot, customer_id)
        before = app.book.get_customer(customer_id)
        tier = screen.query_one(TierBadges).text("value")
        assert not before.strategic and app.book.rules().promote_strategic

        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileScreen)
        form.query_one("#field-occupation", Input).focus()
        await pilot.press("ctrl+u", *"设计师")
        form.query_one("#field-strategic", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        saved = app.book.get_customer(customer_id)
        assert (saved.occupation, saved.strategic) == ("设计师", True)
        assert said(app)[-1] == f"已保存 {before.name} 的档案 — 按 u 撤销"
        app.book.settle()
        await settle(pilot)
        assert screen.query_one(TierBadges).text("value") != tier  # promoted

        app.clear_notifications()
        await pilot.press("u")
        await settle(pilot)
        undone = app.book.get_customer(customer_id)
        assert undone.model_dump(exclude=SAVED_FIELDS) == before.model_dump(exclude=SAVED_FIELDS)
        assert undone.version == before.version + 2
        assert said(app) == [f"已撤销：{before.name} 的档案回到保存之前"]
        assert screen.undo_stack == []
        app.book.settle()
        await settle(pilot)
        assert screen.query_one(TierBadges).text("value") == tier

    run(app_factory(), body)


def test_two_profile_saves_are_undone_one_after_the_other(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        await open_page(app, pilot, customer_id)
        before = app.book.get_customer(customer_id)
        await edit_profile(pilot, "occupation", "设计师")
        await edit_profile(pilot, "occupation", "老师")

        await pilot.press("u")
        await settle(pilot)
        assert app.book.get_customer(customer_id).occupation == "设计师"
        await pilot.press("u")
        await settle(pilot)
        assert app.book.get_customer(customer_id).occupation == before.occupation

    run(app_factory(), body)


def test_a_profile_changed_elsewhere_after_the_save_is_not_overwritten_by_u(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        screen = await open_page(app, pilot, customer_id)
        name = app.book.get_customer(customer_id).name
        await edit_profile(pilot, "occupation", "设计师")
        elsewhere = app.book.get_customer(customer_id).model_copy(update={"notes": "另一个窗口"})
        app.book.save_customer(elsewhere)
        await settle(pilot)

        app.clear_notifications()
        await pilot.press("u")
        await settle(pilot)
        kept = app.book.get_customer(customer_id)
        assert (kept.occupation, kept.notes) == ("设计师", "另一个窗口")
        assert said(app) == [
            f"没有撤销：{name} 的档案在这次保存之后又改过（另一个窗口、命令或归档），"
            "撤销不会盖掉后来的修改"
        ]
        assert screen.undo_stack == []

    run(app_factory(), body)


def test_a_profile_save_undone_puts_back_the_customers_own_fields(app_factory, book_path) -> None:
    with Book.open(book_path, today=today) as book:
        size = book.add_field(FieldDef(kind=FieldKind.NUMBER, label_zh="鞋码", label_en="shoe"))
        assert size.id is not None
        someone = book.save_customer(Customer(name="鞋码客"), {size.id: "37"})
    assert someone.id is not None

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        assert size.id is not None and someone.id is not None
        await open_page(app, pilot, someone.id)
        await edit_profile(pilot, f"custom-{size.id}", "38")
        assert app.book.field_values(someone.id)[size.id] == 38

        await pilot.press("u")
        await settle(pilot)
        assert app.book.field_values(someone.id)[size.id] == 37

    run(app_factory(), body)
