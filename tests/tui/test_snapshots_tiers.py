"""Snapshots of the tier lists: value tier (zh) and RFM segments with the R×F grid (en), 100×30."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from tests.tui.pilot import settle


def _open_tiers(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in ("f3", *keys):
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_tier_lists_value_tier(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(lang="zh"), terminal_size=(100, 30), run_before=_open_tiers())


def test_tier_lists_rfm_segments_with_grid(snap_compare, app_factory) -> None:
    assert snap_compare(
        app_factory(lang="en"), terminal_size=(100, 30), run_before=_open_tiers("2")
    )
