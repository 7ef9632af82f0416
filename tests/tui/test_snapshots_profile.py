"""Snapshots of the profile form: a new customer (zh, 100×30), an edit (en, 80×24)."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.tui.pilot import freeze_cursors, settle
from xiaoben.tui.app import XiaobenApp

YE_YING = 10  # has a referrer, a WeChat ID and tags in the small demo book


async def _settle_and_freeze(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await freeze_cursors(pilot)


def test_new_customer_form(snap_compare, app_factory) -> None:
    async def open_form(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, XiaobenApp)
        await pilot.pause()
        app.action_new_customer()
        await _settle_and_freeze(pilot)

    assert snap_compare(app_factory(lang="zh"), terminal_size=(100, 30), run_before=open_form)


def test_edit_customer_form(snap_compare, app_factory) -> None:
    async def open_form(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, XiaobenApp)
        await pilot.pause()
        app.action_edit_customer(YE_YING)
        await _settle_and_freeze(pilot)

    assert snap_compare(app_factory(lang="en"), terminal_size=(80, 24), run_before=open_form)
