"""A screen buried under others, the terminal resized, then F6 (the language switch rebuilds
every screen): the tiers screen's column layout, asked for after the resize, ran on a tiers
screen already thrown away (NoMatches #members) and ended the app (an outside tester, 3 of
3 by script; its random keys hit it 13 times in half an hour)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.tui.pilot import run, settle
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.tiers import TiersScreen


@pytest.mark.parametrize("key", ["f6", "f12"])
def test_a_buried_tiers_screen_resized_then_a_switch_keeps_the_app(
    app_factory: Callable[..., XiaobenApp], key: str
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        for screen_key in ("f3", "f8", "f5"):
            await pilot.press(screen_key)
            await settle(pilot)
        assert any(isinstance(screen, TiersScreen) for screen in app.screen_stack)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        await settle(pilot)
        tiers = [screen for screen in app.screen_stack if isinstance(screen, TiersScreen)]
        assert len(tiers) == 1 and tiers[0].is_attached  # rebuilt, under the others
        assert tiers[0].query("#members")

    run(app_factory("en"), story, size=(120, 40))
