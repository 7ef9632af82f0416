"""Every way out of a changed form or the rules asks the question Esc asks: the screen keys
(F2 … F10), the palette and ctrl+q, not only Esc; yes drops the edits and goes, no keeps them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.pilot import non_buyer, run, settle
from tests.tui.test_customer_page import open_page
from tests.tui.test_profile import open_form
from tests.tui.test_tiers_rules import open_rules, retype
from xiaoben.models.rules import Rules
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.screens.profile import ProfileScreen
from xiaoben.tui.screens.queue import QueueScreen
from xiaoben.tui.screens.tiers import TiersScreen
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.entry_modals import PurchaseModal

FORM_QUESTION = "这份档案有未保存的修改。放弃这些修改并关闭吗？"
RULES_QUESTION = "规则有改动还没有应用。放弃这些改动吗？"


async def palette(pilot: Pilot[None], text: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*text)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("key", ["f3", "f5", "f4", "f8", "f9", "f10"])
def test_a_screen_key_on_a_typed_new_customer_asks_and_no_keeps_it(
    app_factory: Callable[..., XiaobenApp], key: str
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        form = await open_form(pilot)
        await pilot.press(*"测试丢失", key)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question_text == FORM_QUESTION
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#field-name", Input).value == "测试丢失"

    run(app_factory("zh"), story)


def test_yes_drops_the_form_and_goes_where_the_key_said(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_form(pilot)
        await pilot.press(*"测试丢失", "f5")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert not any(isinstance(screen, ProfileScreen) for screen in app.screen_stack)
        assert app.book.find_customer("测试丢失") is None

    run(app_factory("zh"), story)


def test_an_untouched_form_is_left_at_once(app_factory: Callable[..., XiaobenApp]) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_form(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, TiersScreen)  # nothing to ask about

    run(app_factory("zh"), story)


@pytest.mark.parametrize("way", ["f2", "f3", "palette"])
def test_leaving_changed_rules_asks_as_esc_does(
    app_factory: Callable[..., XiaobenApp], way: str
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        rules = await open_rules(app, pilot)
        await retype(pilot, "70")
        if way == "palette":
            await palette(pilot, "客户列表")
        else:
            await pilot.press(way)
            await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question_text == RULES_QUESTION
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is rules
        assert rules.is_dirty()
        if way == "palette":
            await palette(pilot, "客户列表")
        else:
            await pilot.press(way)
            await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        expected = TiersScreen if way == "f3" else CustomersScreen
        assert isinstance(app.screen, expected)
        assert app.book.rules() == Rules()

    run(app_factory("zh"), story)


def test_the_palette_from_a_typed_purchase_asks(app_factory: Callable[..., XiaobenApp]) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = non_buyer(app)
        await open_page(app, pilot, customer_id)
        await pilot.press("p", *"4321")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, PurchaseModal)
        await palette(pilot, "客户列表")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question_text == "这里有未保存的内容。放弃并关闭吗？"
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is modal
        assert modal.query_one("#field-amount", Input).value == "4321"

    run(app_factory("zh"), story)


@pytest.mark.parametrize("where", ["rules", "purchase"])
def test_ctrl_q_asks_before_dropping_changed_rules_or_a_typed_purchase(
    app_factory: Callable[..., XiaobenApp], where: str
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        if where == "rules":
            await open_rules(app, pilot)
            await retype(pilot, "70")
        else:
            await open_page(app, pilot, non_buyer(app))
            await pilot.press("p", *"4321")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.is_running

    run(app_factory("zh"), story)
