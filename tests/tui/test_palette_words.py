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
