"""The app's conventions: language and theme switch at run time and are remembered;
every app action is in the command palette."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.pilot import Pilot

from tests.tui.pilot import run, settle
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.settings import load_settings


def _footer_labels(app) -> set[str]:
    return {active.binding.description for active in app.screen.active_bindings.values()}


def test_switching_language_relabels_the_screen_and_is_remembered(app_factory) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        assert "分级" in _footer_labels(app)
        await pilot.press("f6")
        await pilot.pause()
        assert "Tiers" in _footer_labels(app)
        assert "分级" not in _footer_labels(app)

    run(app_factory("zh"), story, (100, 30))
    assert load_settings().language == "en"


def test_switching_theme_is_remembered(app_factory) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        assert app.theme == "textual-dark"
        await pilot.press("f7")
        await pilot.pause()
        assert app.theme == "textual-light"

    run(app_factory("zh", theme="dark"), story, (100, 30))
    assert load_settings().theme == "light"


def test_the_palette_finds_an_app_action_by_its_label(app_factory) -> None:
    from xiaoben.tui.screens.tiers import TiersScreen

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"分级名单")
        await settle(pilot)  # the palette has searched: not a time, a loaded CI waits longer
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TiersScreen)

    run(app_factory("zh"), story, (100, 30))


def test_customer_list_in_the_light_theme(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory("zh", theme="light"), terminal_size=(100, 30))
