"""Snapshots of the customer page (zh, 100×32) and the purchase modal (en, 80×24)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.pilot import workers_done
from xiaoben.tui.app import XiaobenApp


def _first_a_customer(app: XiaobenApp) -> int:
    """The fixed demo book's first A-tier customer by code: the same one every run."""
    with app.book._lock:
        row = app.book.conn.execute(
            "SELECT c.id FROM customers c JOIN tiers t ON t.customer_id = c.id"
            " WHERE t.value_tier = 'A' AND c.archived = 0 ORDER BY c.code LIMIT 1"
        ).fetchone()
    assert row is not None
    return int(row[0])


async def _open_first_a(pilot: Pilot) -> None:
    app = pilot.app
    assert isinstance(app, XiaobenApp)
    await pilot.pause()
    app.action_open_customer(_first_a_customer(app))
    for _ in range(3):
        await pilot.pause()
        await workers_done(app)
    await pilot.pause()


async def _freeze_cursors(pilot: Pilot) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_customer_page(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(lang="zh"), terminal_size=(100, 32), run_before=_open_first_a)


def test_purchase_modal(snap_compare, app_factory) -> None:
    async def open_modal(pilot: Pilot) -> None:
        await _open_first_a(pilot)
        await pilot.press("p")
        await pilot.pause()
        await _freeze_cursors(pilot)

    assert snap_compare(app_factory(lang="en"), terminal_size=(80, 24), run_before=open_modal)
