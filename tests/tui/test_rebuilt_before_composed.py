"""A screen opened and, in the same turn, rebuilt by a language switch (a palette command
or a dialog's answer opening it as a switch held for the dialog is made): its rebuild() ran
before it was composed and queried widgets it did not have yet (NoMatches ended the app),
one of the race tester's suspicious sites (section 8)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.tui.pilot import buyer, run, settle
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.screens.imports import ImportScreen
from xiaoben.tui.screens.queue import QueueScreen


@pytest.mark.parametrize("kind", ["queue", "list", "import"])
def test_a_screen_rebuilt_before_it_was_composed_keeps_the_app(
    app_factory: Callable[..., XiaobenApp], kind: str
) -> None:
    made = {"queue": QueueScreen, "list": CustomersScreen, "import": ImportScreen}[kind]

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.action_open_customer(buyer(app))
        await settle(pilot)
        app.push_screen(made())
        app.action_toggle_language()  # in the same turn: before the screen is composed
        await settle(pilot)
        screens = [screen for screen in app.screen_stack if isinstance(screen, made)]
        assert app.is_running and screens and app.screen is screens[-1]
        assert app.screen.query("KeysFooter")  # composed, in the other language

    run(app_factory("en"), story)
