"""Snapshots of saved views and bulk changes on the fixed 40-customer book."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.tui.pilot import freeze_cursors, settle
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.views import SavedView
from xiaoben.tui.app import XiaobenApp


async def ready(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await freeze_cursors(pilot)


def with_views(app: XiaobenApp) -> XiaobenApp:
    app.book.save_view(
        SavedView(
            name="A 客户 30 天未联系",
            filters={"value_tier": "A", "silent": "30"},
            sort="revenue",
            columns=["name", "value_tier", "revenue", "last_contact", "follow_up"],
        )
    )
    app.book.save_view(SavedView(name="流失的老客", filters={"stage": "lapsed"}))
    return app


def test_a_saved_view_applied_zh(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    async def apply_the_view(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("v", "down")  # the second view: 流失的老客
        await ready(pilot)
        await pilot.press("up", "enter")  # the first, with its own columns
        await ready(pilot)

    app = with_views(app_factory("zh"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=apply_the_view)


def test_the_views_modal_en(snap_compare: Callable, app_factory: Callable[..., XiaobenApp]) -> None:
    async def open_views(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("v")
        await ready(pilot)

    app = with_views(app_factory("en"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=open_views)


def test_a_bulk_preview_zh(snap_compare: Callable, app_factory: Callable[..., XiaobenApp]) -> None:
    async def preview(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("space", "space", "space")
        await ready(pilot)
        await pilot.press("b")
        await ready(pilot)
        await pilot.press(*"中秋礼盒", "ctrl+s")
        await ready(pilot)

    assert snap_compare(app_factory("zh"), terminal_size=(100, 34), run_before=preview)


def test_a_view_with_a_custom_field_filter_zh(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp]
) -> None:
    """The summary names the custom field (by its label today) beside the built-in filter."""

    async def apply_the_view(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("v", "enter")
        await ready(pilot)

    app = app_factory("zh")
    skin = app.book.add_field(
        FieldDef(
            kind=FieldKind.CHOICE, label_zh="肤质", label_en="skin type", options=["干性", "油性"]
        )
    )
    assert skin.id is not None
    for customer_id in range(1, 41, 3):
        app.book.save_customer(app.book.get_customer(customer_id), {skin.id: "油性"})
    app.book.save_view(
        SavedView(name="油皮老客", filters={"stage": "loyal,customer", f"field.{skin.id}": "油性"})
    )
    assert snap_compare(app, terminal_size=(100, 30), run_before=apply_the_view)
