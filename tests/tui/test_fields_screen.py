"""The custom fields screen and the profile form's own fields: a seller defines skin type,
fills it in for a customer, renames it, removes it and takes the removal back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from tests.tui.pilot import freeze_cursors, run, screen_lines, settle, today
from tests.tui.test_profile import error_of, open_form
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.i18n import label
from xiaoben.tui.screens.fields import (
    COLUMNS,
    LEAST_WIDTH,
    FieldEditor,
    FieldsScreen,
    fit_widths,
)
from xiaoben.tui.widgets.confirm import ConfirmDialog


def define(book_path: Path) -> tuple[int, int]:
    """肤质 (one choice, required) and 鞋码 (a number) in the test's book."""
    with Book.open(book_path, today=today) as book:
        skin = book.add_field(
            FieldDef(
                kind=FieldKind.CHOICE,
                label_zh="肤质",
                label_en="skin type",
                options=["干性", "油性"],
                required=True,
            )
        )
        size = book.add_field(
            FieldDef(kind=FieldKind.NUMBER, label_zh="鞋码", label_en="shoe size")
        )
    assert skin.id is not None and size.id is not None
    return skin.id, size.id


async def open_fields(pilot: Pilot) -> FieldsScreen:
    await pilot.press("f10")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FieldsScreen)
    return screen


def rows(screen: FieldsScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(k)] for k in range(table.row_count)]


def test_a_field_is_added_from_the_editor(app_factory) -> None:
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_fields(pilot)
        assert rows(screen) == []
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FieldEditor)
        await pilot.press(*"孩子学校", "tab", *"school", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert [row[:3] for row in rows(screen)] == [["孩子学校", "school", "text"]]
        assert [f.label_en for f in app.book.fields()] == ["school"]

    run(app, story)


async def open_editor(pilot: Pilot) -> FieldEditor:
    """The editor of a new field, from the fields screen."""
    await open_fields(pilot)
    await pilot.press("a")
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, FieldEditor)
    return editor


def test_a_choice_field_without_options_is_refused_in_the_editor(app_factory) -> None:
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        editor = await open_editor(pilot)
        await pilot.press(*"肤质", "tab", *"skin")
        editor.query_one("#editor-kind", Select).value = "choice"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor
        message = str(editor.query_one("#editor-error-options").render())
        assert "options: a choice field needs at least one option" in message
        assert app.book.fields() == []

    run(app, story)


def test_a_blank_label_is_named_once_in_the_editor(app_factory) -> None:
    """Only the Chinese label is said to be blank: the English one left empty takes it."""
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        editor = await open_editor(pilot)
        await pilot.press("space", "space", "ctrl+s")
        await settle(pilot)
        assert app.screen is editor
        assert str(editor.query_one("#editor-error-label_zh").render()) == "中文名：不能为空"
        assert str(editor.query_one("#editor-error-label_en").render()) == ""
        assert app.book.fields() == []

    run(app, story)


def test_rename_keeps_values_and_move_reorders(app_factory, book_path: Path) -> None:
    skin, size = define(book_path)
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.book.save_customer(app.book.get_customer(1), {skin: "油性", size: "38"})
        screen = await open_fields(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FieldEditor)
        app.screen.query_one("#editor-label_en", Input).value = "skin"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(screen)[0][:2] == ["肤质", "skin"]
        assert app.book.field_values(1)[skin] == "油性"

        await pilot.press("shift+down")
        await settle(pilot)
        assert [f.id for f in app.book.fields()] == [size, skin]
        assert [row[1] for row in rows(screen)] == ["shoe size", "skin"]

    run(app, story)


def test_remove_asks_then_u_brings_it_back_with_values(app_factory, book_path: Path) -> None:
    skin, _ = define(book_path)
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.book.save_customer(app.book.get_customer(1), {skin: "油性"})
        screen = await open_fields(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "The values of 1 customer come back" in app.screen.question_text
        await pilot.press("y")
        await settle(pilot)
        assert [row[1] for row in rows(screen)] == ["shoe size"]
        assert any("press u to undo" in n.message for n in app._notifications)

        await pilot.press("u")
        await settle(pilot)
        assert [row[1] for row in rows(screen)] == ["skin type", "shoe size"]
        assert app.book.field_values(1) == {skin: "油性"}

    run(app, story)


def test_the_profile_form_checks_and_saves_custom_fields(app_factory, book_path: Path) -> None:
    skin, size = define(book_path)
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        form = await open_form(pilot, 1)
        form.query_one(f"#field-custom-{size}", Input).value = "forty"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert error_of(form, f"custom-{skin}") == "skin type: is required"
        assert error_of(form, f"custom-{size}") == "shoe size: must be a number (got “forty”)"
        assert app.book.field_values(1) == {}

        form.query_one(f"#field-custom-{skin}", Select).value = "油性"
        form.query_one(f"#field-custom-{size}", Input).value = "38.5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert {k: str(v) for k, v in app.book.field_values(1).items()} == {
            skin: "油性",
            size: "38.5",
        }

    run(app, story)


def test_the_form_shows_stored_values(app_factory, book_path: Path) -> None:
    skin, size = define(book_path)
    with Book.open(book_path, today=today) as book:
        book.save_customer(book.get_customer(1), {skin: "干性", size: "41"})
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        form = await open_form(pilot, 1)
        assert form.query_one(f"#field-custom-{skin}", Select).value == "干性"
        assert form.query_one(f"#field-custom-{size}", Input).value == "41"
        assert not form.has_unsaved_changes()

    run(app, story)


def test_field_editor_snapshot(snap_compare, app_factory, book_path: Path) -> None:
    define(book_path)

    async def open_editor(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await freeze_cursors(pilot)  # the label's text box has the focus: no blink

    assert snap_compare(app_factory(lang="zh"), terminal_size=(100, 32), run_before=open_editor)


def test_fields_screen_snapshot(snap_compare, app_factory, book_path: Path) -> None:
    define(book_path)

    async def open_screen(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)

    assert snap_compare(app_factory(lang="en"), terminal_size=(100, 32), run_before=open_screen)


def test_the_customer_page_shows_the_values(app_factory, book_path: Path) -> None:
    from textual.widgets import Static

    from tests.tui.test_customer_page import open_page

    skin, size = define(book_path)
    with Book.open(book_path, today=today) as book:
        book.save_customer(book.get_customer(1), {skin: "干性", size: "41"})
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        page = await open_page(app, pilot, 1)
        summary = str(page.query_one("#summary-text", Static).render())
        assert "skin type 干性" in summary
        assert "shoe size 41" in summary

    run(app, story)


def test_the_list_filters_by_a_choice_field_and_search_finds_a_value(
    app_factory, book_path: Path
) -> None:
    from tests.tui.test_customers import summary, table_of
    from xiaoben.tui.widgets.list_filters import FilterModal

    skin, _ = define(book_path)
    with Book.open(book_path, today=today) as book:
        for customer_id in (1, 2, 3):
            book.save_customer(book.get_customer(customer_id), {skin: "油性"})
        book.save_customer(book.get_customer(4), {skin: "干性"})
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = table_of(app)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterModal)
        app.screen.query_one(f"#filter-custom-{skin}", Select).value = "油性"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert table.total == 3
        assert "skin type: 油性" in summary(app)

        await pilot.press("escape", "slash", *"干性")
        await settle(pilot)
        assert table.total == 1
        assert table.row_at(0).row.id == 4  # type: ignore[union-attr]  # loaded

    run(app, story)


def test_the_import_screen_reads_a_column_into_a_custom_field(
    app_factory, book_path: Path, tmp_path: Path
) -> None:
    from tests.tui.test_import_screen import import_now, map_column, open_file
    from xiaoben.tui.widgets.import_parts import MappingTable

    skin, size = define(book_path)
    sheet = tmp_path / "new.csv"
    sheet.write_text("姓名,肤质,尺码\n林小雨,油性,37\n", encoding="utf-8")
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, sheet)
        mapping = screen.query_one(MappingTable)
        assert "skin type" in str(mapping.get_row_at(1)[2])  # recognised by its label
        await map_column(pilot, 2, f"custom.{size}")  # 尺码: picked by the seller
        assert "shoe size" in str(mapping.get_row_at(2)[2])
        await import_now(pilot)
        found = app.book.find_customer("林小雨")
        assert found is not None and found.id is not None
        assert {k: str(v) for k, v in app.book.field_values(found.id).items()} == {
            skin: "油性",
            size: "37",
        }

    run(app, story)


def test_a_field_shown_in_the_list_is_a_column_with_each_customers_value(
    app_factory, book_path: Path
) -> None:
    from tests.tui.test_customers import table_of

    skin, _ = define(book_path)
    with Book.open(book_path, today=today) as book:
        field = book.field_map()[skin]
        book.update_field(field.model_copy(update={"in_list": True}))
        book.save_customer(book.get_customer(1), {skin: "油性"})
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = table_of(app)
        titles = [title for title, _, _ in table._titles()]
        assert "skin type" in titles
        at = next(k for k in range(table.total or 0) if table.row_at(k).row.id == 1)  # type: ignore[union-attr]  # loaded
        assert "油性" in table._row(at, 100).text
        table.move_cursor(table.total - 1)  # a page read by id carries the values too
        await settle(pilot)
        assert len(table.row_at(table.total - 1).fields) == 1  # type: ignore[union-attr]  # loaded

    run(app, story)


LONG_ZH = "甲乙丙丁戊己庚辛壬癸" * 4  # the longest label allowed (40 characters)
LONG_EN = "XQZV" * 10


def _longest_labels(book_path: Path) -> None:
    """肤质 (“干性”、“油性”) and a field whose labels are as long as allowed."""
    define(book_path)
    with Book.open(book_path, today=today) as book:
        book.add_field(FieldDef(kind=FieldKind.TEXT, label_zh=LONG_ZH, label_en=LONG_EN))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_a_label_of_the_longest_allowed_wraps_and_every_column_stays(
    app_factory, book_path: Path, lang: str, size: tuple[int, int]
) -> None:
    """80×24 and 120×40: every column's heading is on screen and whole, the long labels
    are shown whole (wrapped in their bounded column), and 肤质's kind and options show.
    The Chinese label took 80 columns and pushed kind, required and options off screen."""
    _longest_labels(book_path)
    app = app_factory(lang)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_fields(pilot)
        table = screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        shown = screen_lines(app)[table.region.y : table.region.bottom]
        text = "\n".join(shown)
        heading = " ".join(line for line in shown[: table.header_height])
        for key in COLUMNS:
            assert all(word in heading for word in label(key).split()), (key, heading)
        assert "".join(ch for ch in text if ch in LONG_ZH) == LONG_ZH
        assert "".join(ch for ch in text if ch in "XQZV") == LONG_EN
        assert FieldKind.CHOICE.label() in text and "“干性”" in text
        assert "".join(ch for ch in text if ch in "干性油") == "干性油性"  # 油性 may wrap

    run(app, story, size)


@given(
    st.lists(st.integers(min_value=1, max_value=90), min_size=1, max_size=8), st.integers(0, 200)
)
def test_column_widths_fit_the_room_and_cut_only_the_widest(natural: list[int], room: int) -> None:
    widths = fit_widths(natural, room)
    assert all(
        min(own, LEAST_WIDTH) <= width <= own for own, width in zip(natural, widths, strict=True)
    )
    if sum(natural) <= room:
        assert widths == natural
    elif sum(min(own, LEAST_WIDTH) for own in natural) <= room:
        assert sum(widths) == room  # the room used, not more
        cap = max(width for own, width in zip(natural, widths, strict=True) if width < own)
        assert all(width >= min(own, cap - 1) for own, width in zip(natural, widths, strict=True))


def test_the_footer_asking_about_keys_while_the_screen_recomposes_does_not_crash(
    app_factory, book_path: Path
) -> None:
    """The footer asks which keys apply while a language switch recomposes the screen,
    when its table may not be mounted: the query for it raised NoMatches."""
    define(book_path)
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_fields(pilot)
        assert screen.check_action("edit_field", ()) is True
        await screen.query_one(DataTable).remove()
        assert screen.check_action("edit_field", ()) is False

    run(app, story)
