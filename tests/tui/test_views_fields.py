"""A saved view that filters by a custom field, on the list: saved with V, reopened after a
restart with the field's filter, following a rename, and refused once the field is removed."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Select

from tests.tui.pilot import run, settle, today
from tests.tui.test_customers import summary, table_of
from tests.tui.test_fields_screen import define
from xiaoben.models.views import SavedView
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.list_filters import FilterModal

SIZE = (100, 32)


def _oily_book(book_path: Path) -> int:
    skin, _ = define(book_path)
    with Book.open(book_path, today=today) as book:
        for customer_id in (1, 2, 3):
            book.save_customer(book.get_customer(customer_id), {skin: "油性"})
        book.save_customer(book.get_customer(4), {skin: "干性"})
    return skin


def _views_strip(app: XiaobenApp) -> str:
    return str(app.screen.query_one("#list-views").render())


def test_a_view_keeps_its_custom_field_filter_after_a_restart(app_factory, book_path) -> None:
    skin = _oily_book(book_path)
    app = app_factory("en")

    async def save(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterModal)
        app.screen.query_one(f"#filter-custom-{skin}", Select).value = "油性"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("V", *"oily", "enter")
        await settle(pilot)
        [saved] = app.book.views()
        assert saved.filters == {f"field.{skin}": "油性"}

    run(app, save, SIZE)

    with Book.open(book_path, today=today) as book:  # the field renamed meanwhile
        old = book.field_map()[skin]
        book.update_field(old.model_copy(update={"label_en": "skin"}))
    again = app_factory("en")

    async def reopen(app: XiaobenApp, pilot: Pilot[None]) -> None:
        assert "oily 3" in _views_strip(app)
        await pilot.press("v", "enter")
        await settle(pilot)
        assert table_of(app).total == 3
        assert "skin: 油性" in summary(app)  # the field's new label
        assert "view “oily”" in summary(app)

    run(again, reopen, SIZE)


def test_a_view_of_a_removed_field_is_refused_in_words(app_factory, book_path) -> None:
    skin = _oily_book(book_path)
    with Book.open(book_path, today=today) as book:
        book.save_view(SavedView(name="oily", filters={f"field.{skin}": "油性"}))
        book.remove_field(skin)
    app = app_factory("en")
    told: list[str] = []

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.notify = lambda message, **_: told.append(str(message))  # type: ignore[method-assign]  # record notices
        total = table_of(app).total
        assert "oily ✕" in _views_strip(app)
        await pilot.press("v", "enter")
        await settle(pilot)
        assert table_of(app).total == total  # the list as it was
        assert any("removed custom field “肤质 / skin type”" in text for text in told)

    run(app, story, SIZE)
