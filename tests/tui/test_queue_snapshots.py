"""Snapshots of the follow-up queue: the fixed 40-customer book, zh at 100×30, en at 80×24."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.tui.pilot import settle
from xiaoben.tui.app import XiaobenApp


async def queue_ready(pilot: Pilot[None]) -> None:
    """The queue open, every read done and the background pass settled."""
    await pilot.press("f5")
    await settle(pilot)


def test_queue_zh_100x30(snap_compare: Callable, app_factory: Callable[..., XiaobenApp]) -> None:
    assert snap_compare(app_factory("zh"), terminal_size=(100, 30), run_before=queue_ready)


def test_queue_en_80x24(snap_compare: Callable, app_factory: Callable[..., XiaobenApp]) -> None:
    assert snap_compare(app_factory("en"), terminal_size=(80, 24), run_before=queue_ready)


def test_queue_light_theme_en_80x24(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    app = app_factory("en", theme="light")
    assert snap_compare(app, terminal_size=(80, 24), run_before=queue_ready)


def test_snooze_modal_zh_80x24(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    async def snooze(pilot: Pilot) -> None:
        await queue_ready(pilot)
        await pilot.press("down", "s")
        await pilot.pause()

    assert snap_compare(app_factory("zh"), terminal_size=(80, 24), run_before=snooze)
