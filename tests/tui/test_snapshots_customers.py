"""Snapshots of the customer list: the fixed 40-customer book, zh at 100×30, en at 80×24."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.tui.pilot import freeze_cursors, settle
from xiaoben.tui.app import XiaobenApp


async def list_ready(pilot: Pilot[None]) -> None:
    """Every read done, the cursor blink frozen: the same picture every run."""
    await settle(pilot)
    await freeze_cursors(pilot)


def test_customer_list_zh(snap_compare: Callable, app_factory: Callable[..., XiaobenApp]) -> None:
    assert snap_compare(app_factory("zh"), terminal_size=(100, 30), run_before=list_ready)


def test_customer_list_en_80x24(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    assert snap_compare(app_factory("en"), terminal_size=(80, 24), run_before=list_ready)


def test_customer_list_searching_en(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    async def search(pilot: Pilot) -> None:
        await list_ready(pilot)
        await pilot.press("slash", "l")
        await list_ready(pilot)
        await pilot.press("down", "down")
        await list_ready(pilot)

    assert snap_compare(app_factory("en"), terminal_size=(80, 24), run_before=search)


def test_filter_picker_zh_80x24(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    """Every filter and the buttons within 80×24."""

    async def open_filters(pilot: Pilot) -> None:
        await list_ready(pilot)
        await pilot.press("f")
        await list_ready(pilot)

    assert snap_compare(app_factory("zh"), terminal_size=(80, 24), run_before=open_filters)
