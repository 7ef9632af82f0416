"""Snapshots of the customer page (zh, 100×32) and the purchase modal (en, 80×24)."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.tui.pilot import buyer, freeze_cursors, settle
from xiaoben.tui.app import XiaobenApp


async def _open_first_a(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, XiaobenApp)
    await pilot.pause()
    app.action_open_customer(buyer(app, "A"))
    await settle(pilot)


def test_customer_page(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(lang="zh"), terminal_size=(100, 32), run_before=_open_first_a)


def test_purchase_modal(snap_compare, app_factory) -> None:
    async def open_modal(pilot: Pilot) -> None:
        await _open_first_a(pilot)
        await pilot.press("p")
        await pilot.pause()
        await freeze_cursors(pilot)

    assert snap_compare(app_factory(lang="en"), terminal_size=(80, 24), run_before=open_modal)
