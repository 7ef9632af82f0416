"""The profile form asks before it gives a customer a phone or WeChat ID another customer has:
open them, save anyway (a book allows it: a family's landline), or back to the form."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.pilot import run, settle
from xiaoben.models.customer import Customer
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.profile import ProfileScreen
from xiaoben.tui.widgets.choice import ChoiceDialog

PHONE = "+8613812345678"


def lin(app: XiaobenApp) -> Customer:
    return app.book.save_customer(Customer(name="林小雨", phones=[PHONE], wechat="linxy88"))


def holders_of(app: XiaobenApp, phone: str) -> list[str]:
    with app.book._lock:
        rows = app.book.conn.execute(
            "SELECT c.name FROM customer_keys k JOIN customers c ON c.id = k.customer_id"
            " WHERE k.kind = 'phone' AND k.key = ? ORDER BY c.id",
            (phone,),
        ).fetchall()
    return [row[0] for row in rows]


async def new_customer(pilot: Pilot, *keys: str) -> ProfileScreen:
    """n, then what is typed from the name on, then ctrl+s."""
    app = pilot.app
    assert isinstance(app, XiaobenApp)
    app.action_new_customer()
    await settle(pilot)
    form = app.screen
    assert isinstance(form, ProfileScreen)
    await pilot.press(*keys, "ctrl+s")
    await settle(pilot)
    return form


def question(app: XiaobenApp) -> str:
    dialog = app.screen
    assert isinstance(dialog, ChoiceDialog)
    return dialog.question_text


def test_a_new_customer_with_anothers_phone_is_asked_about_and_esc_keeps_the_form(
    app_factory,
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        lin(app)
        form = await new_customer(pilot, *"林小雨二", "tab", *"13812345678")
        assert question(app) == "138 1234 5678 已是 林小雨 的电话"
        assert [a.words for a in app.screen.answers] == ["打开 林小雨", "仍然新建", "返回修改"]
        assert holders_of(app, PHONE) == ["林小雨"]  # nothing saved while it asks

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#field-name", Input).value == "林小雨二"  # nothing lost
        assert form.focused is form.query_one("#field-phones")
        assert holders_of(app, PHONE) == ["林小雨"]

        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("s")  # a family's one number: added anyway, as the book allows
        await settle(pilot)
        assert holders_of(app, PHONE) == ["林小雨", "林小雨二"]
        assert not isinstance(app.screen, (ProfileScreen, ChoiceDialog))

    run(app_factory("zh"), story)


def test_open_shows_the_customer_who_has_the_phone_above_the_form(app_factory) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        her = lin(app)
        form = await new_customer(pilot, *"林小雨", "tab", *"+86 138 1234 5678")
        await pilot.press("o")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CustomerScreen) and page.customer_id == her.id
        assert holders_of(app, PHONE) == ["林小雨"]

        await pilot.press("escape")  # back to the form as it was typed
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#field-name", Input).value == "林小雨"

    run(app_factory("zh"), story)


def test_a_new_customer_with_anothers_wechat_id_is_asked_about(app_factory) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        lin(app)
        app.action_new_customer()
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileScreen)
        await pilot.press(*"小雨")
        form.query_one("#field-wechat", Input).focus()
        await pilot.press(*"LinXY88", "ctrl+s")
        await settle(pilot)
        assert question(app) == "微信号 LinXY88 已是 林小雨 的微信号"  # its case aside
        await pilot.press("b")
        await settle(pilot)
        assert app.screen is form and form.focused is form.query_one("#field-wechat")
        with app.book._lock:
            (held,) = app.book.conn.execute(
                "SELECT count(*) FROM customer_keys WHERE kind = 'wechat' AND key = 'linxy88'"
            ).fetchone()
        assert held == 1  # nothing saved

    run(app_factory("zh"), story)


def test_an_edit_giving_anothers_phone_asks_and_a_phone_already_shared_does_not(
    app_factory,
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        lin(app)
        other = app.book.save_customer(Customer(name="林母"))
        app.action_edit_customer(other.id)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileScreen)
        form.query_one("#field-phones", Input).focus()
        await pilot.press(*"13812345678", "ctrl+s")
        await settle(pilot)
        assert question(app) == "138 1234 5678 已是 林小雨 的电话"
        assert [a.words for a in app.screen.answers][1] == "仍然保存"
        await pilot.press("s")
        await settle(pilot)
        assert holders_of(app, PHONE) == ["林小雨", "林母"]

        # Her profile edited again, the shared landline kept: saved without a question.
        app.action_edit_customer(other.id)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileScreen)
        form.query_one("#field-occupation", Input).focus()
        await pilot.press(*"退休", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (ProfileScreen, ChoiceDialog))
        assert app.book.get_customer(other.id).occupation == "退休"

    run(app_factory("zh"), story)


def test_the_question_in_english(app_factory) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        lin(app)
        await new_customer(pilot, *"Lin Two", "tab", *"13812345678")
        assert question(app) == "138 1234 5678 is already the phone of 林小雨"
        assert [a.words for a in app.screen.answers] == [
            "Open 林小雨",
            "Add anyway",
            "Back to the form",
        ]

    run(app_factory("en"), story)
