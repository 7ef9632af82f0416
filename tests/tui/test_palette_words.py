"""The command palette's search field speaks the seller's language."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.command import CommandInput, CommandPalette
from textual.pilot import Pilot

from tests.tui.pilot import run
from xiaoben.tui.app import XiaobenApp


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
