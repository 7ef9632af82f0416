"""The command palette's search field speaks the seller's language, and runs the command
typed, however fast."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual import events
from textual.command import CommandInput, CommandPalette
from textual.keys import _character_to_key
from textual.pilot import Pilot

from tests.tui.pilot import run, settle
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.fields import FieldsScreen


@pytest.mark.parametrize(
    ("lang", "placeholder"), [("zh", "搜索命令…"), ("en", "Search for commands…")]
)
def test_the_palette_placeholder_is_in_the_sellers_language(
    app_factory: Callable[..., XiaobenApp], lang: str, placeholder: str
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == placeholder

    run(app_factory(lang), story)


@pytest.mark.parametrize(("lang", "typed"), [("en", "custom fields"), ("zh", "自定义字段")])
@pytest.mark.parametrize("pause", [None, 0.04], ids=["one read", "40 ms a key"])
def test_a_command_name_typed_fast_and_enter_runs_that_command(
    app_factory: Callable[..., XiaobenApp], lang: str, typed: str, pause: float | None
) -> None:
    """ctrl+p, `custom fields⏎` typed in one burst (or 40 ms a key): the custom fields
    open. Enter ran the top match of the text the palette had searched so far ("custom":
    the customer list); typed slowly, or with a pause before Enter, it was right."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        keys = [events.Key(_character_to_key(c), c) for c in typed]  # as the driver reads
        for key in [*keys, events.Key("enter", "\r")]:
            app.post_message(key)
            if pause is not None:
                await asyncio.sleep(pause)
        await settle(pilot)
        assert isinstance(app.screen, FieldsScreen)

    run(app_factory(lang), story)


def test_a_screens_command_chosen_after_f6_in_the_palette_runs_on_the_rebuilt_screen(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    """F6 in the palette switches the language once it closes, rebuilding every screen; the
    overview's command chosen in it then ran on the overview thrown away, found none of its
    widgets (NoMatches) and ended the app (an outside tester: overview, tiers, queue, list,
    customer page, and the profile form, whose unsaved edit was lost)."""
    from xiaoben.tui.screens.overview import OverviewScreen

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press(*"Overview: last 90 days")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)

        assert app.settings.language == "zh"
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert screen.view.period == 90  # the command ran, on the overview now shown

    run(app_factory("en"), story)


def test_page_down_in_the_palette_as_its_matches_come_does_nothing_rather_than_crash(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's list was asked for a page of lines it had not laid out yet (KeyError: 0 in
    OptionList._move_page, Textual 8.2.8): PageDown right after typing ended the app."""
    from textual.widgets import OptionList

    def not_laid_out(self: OptionList, direction: int) -> None:
        raise KeyError(0)  # as Textual raises it when the lines are not built yet

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        monkeypatch.setattr(OptionList, "_move_page", not_laid_out)
        await pilot.press("pagedown", "pageup")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)  # still open, the app running

    run(app_factory("en"), story)
