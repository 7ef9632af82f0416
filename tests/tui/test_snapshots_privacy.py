"""Snapshots of the lock screen and of the customer list in presentation mode (zh, en)."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.tui.pilot import freeze_cursors, settle
from xiaoben.models.rules import Rules
from xiaoben.tui.app import XiaobenApp


async def locked(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("ctrl+l")
    await settle(pilot)


async def presenting_surnames(pilot: Pilot[None]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, XiaobenApp)
    app.book.set_rules(Rules(present_surnames=True))
    await settle(pilot)
    await pilot.press("f12")
    await settle(pilot)
    app.clear_notifications()  # the toast fades at its own pace: not part of the picture
    await settle(pilot)
    await freeze_cursors(pilot)


def test_lock_screen_zh(snap_compare: Callable, app_factory: Callable[..., XiaobenApp]) -> None:
    assert snap_compare(app_factory("zh"), terminal_size=(100, 30), run_before=locked)


def test_lock_screen_en_80x24(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    assert snap_compare(app_factory("en"), terminal_size=(80, 24), run_before=locked)


def test_customer_list_presenting_zh(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    assert snap_compare(app_factory("zh"), terminal_size=(100, 30), run_before=presenting_surnames)


def test_customer_list_presenting_en_80x24(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    assert snap_compare(app_factory("en"), terminal_size=(80, 24), run_before=presenting_surnames)
