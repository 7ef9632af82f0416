"""Snapshots of the overview on the fixed 40-customer book: the Pareto page in zh at 100×30
and in en at 80×24, the pyramids in the light theme at 80×24.

plotext draws the same text for the same figures and size (no clock, no random colours),
and its colours come from the app's theme: the snapshots are stable.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from tests.tui.pilot import settle
from xiaoben.tui.app import XiaobenApp


def overview_ready(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    """The overview open (after the background pass), every read done, then `keys`."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in ("f8", *keys):
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_overview_pareto_zh_100x30(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    assert snap_compare(app_factory("zh"), terminal_size=(100, 30), run_before=overview_ready())


def test_overview_pareto_en_80x24(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    assert snap_compare(app_factory("en"), terminal_size=(80, 24), run_before=overview_ready())


def test_overview_pyramids_light_zh_80x24(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    app = app_factory("zh", theme="light")
    assert snap_compare(app, terminal_size=(80, 24), run_before=overview_ready("tab"))
