"""Saved views and bulk changes on the customer list, as a seller uses them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, SelectionList, Static

from tests.tui.pilot import post_in_one_read, run, settle, today
from xiaoben.models.bulk import AddTag
from xiaoben.models.line_breaks import NO_LINE_END, NO_LINE_START
from xiaoben.models.views import SavedView
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.list_reader import PAGE, ListReader
from xiaoben.tui.app import XiaobenApp, make_app
from xiaoben.tui.i18n import label
from xiaoben.tui.settings import Settings
from xiaoben.tui.widgets.bulk_modal import BulkModal
from xiaoben.tui.widgets.customer_table import CustomerTable
from xiaoben.tui.widgets.view_modals import ColumnsModal, ViewNameModal, ViewsModal
from xiaoben.tui.widgets.wrapped import WrappedText

SIZE = (100, 32)
SLOW_SEARCH = 0.6  # seconds a slowed search takes to read its first rows


def table_of(app: XiaobenApp) -> CustomerTable:
    return app.screen.query_one(CustomerTable)


def text_of(app: XiaobenApp, selector: str) -> str:
    """The widget's text; a wrapped one's as written (its lines are checked apart)."""
    widget = app.screen.query_one(selector)
    if isinstance(widget, WrappedText):
        return str(widget.visual)
    return str(widget.render())


async def preview_greeting(app: XiaobenApp, pilot: Pilot[None], note: str) -> None:
    """b on the marked customers, 记一次联系 with the note, ctrl+s: the preview is shown."""
    await pilot.press("b")
    await settle(pilot)
    app.screen.query_one("#bulk-choice", Select).value = "log_contact"
    await settle(pilot)
    app.screen.query_one("#bulk-note", Input).value = note
    await pilot.press("ctrl+s")
    await settle(pilot)


async def preview_export(app: XiaobenApp, pilot: Pilot[None], target: Path) -> str:
    """space b, "Export these customers" to `target`, ctrl+s: the preview's words."""
    await pilot.press("space", "b")
    await settle(pilot)
    app.screen.query_one("#bulk-choice", Select).value = "export"
    await settle(pilot)
    app.screen.query_one("#bulk-path", Input).value = str(target)
    await pilot.press("ctrl+s")
    await settle(pilot)
    return text_of(app, "#bulk-preview")


def test_the_list_saved_as_a_view_reopens_after_a_restart(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("s")  # sort by the next column
        await settle(pilot)
        await pilot.press("V")
        await settle(pilot)
        assert isinstance(app.screen, ViewNameModal)
        await pilot.press(*"by revenue", "enter")
        await settle(pilot)
        assert "by revenue" in text_of(app, "#list-views")
        assert "view “by revenue”" in text_of(app, "#list-summary")
        [saved] = app.book.views()
        assert (saved.name, saved.sort) == ("by revenue", "revenue")

    run(app, story, SIZE)

    again = app_factory("en")

    async def reopened(app: XiaobenApp, pilot: Pilot[None]) -> None:
        total = app.book.list_count(ListQuery())
        assert f"by revenue {total:,}" in text_of(app, "#list-views")
        await pilot.press("s", "s")  # the list sorted otherwise
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ViewsModal)
        await pilot.press("enter")
        await settle(pilot)
        assert table_of(app).query_shown.sort == "revenue"

    run(again, reopened, SIZE)


def test_a_view_with_filters_shows_its_live_count_and_columns(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("en")
    view = app.book.save_view(
        SavedView(name="A tier", filters={"value_tier": "A"}, columns=["name", "revenue"])
    )
    expected = app.book.list_count(app.book.view_query(view))

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        assert f"A tier {expected:,}" in text_of(app, "#list-views")
        await app.screen.run_action(f"apply_view({view.id})")  # as the palette does
        await settle(pilot)
        table = table_of(app)
        assert table.total == expected
        assert table.shown_keys == ("name", "revenue")

    run(app, story, SIZE)


def test_deleting_a_view_is_undone_with_u(app_factory: Callable[..., XiaobenApp]) -> None:
    app = app_factory("en")
    app.book.save_view(SavedView(name="VIP", filters={"tag": "VIP"}))

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert app.book.views() == []
        await pilot.press("u")
        await settle(pilot)
        assert [v.name for v in app.book.views()] == ["VIP"]

    run(app, story, SIZE)


def test_space_marks_and_a_tag_goes_to_the_marked_in_one_undoable_change(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = table_of(app)
        first, second = (table.row_at(k) for k in (0, 1))
        assert first is not None and second is not None
        await pilot.press("space", "space")
        await settle(pilot)
        assert table.marks.tolist() == sorted([first.row.id, second.row.id])
        assert "2 marked" in text_of(app, "#list-summary")
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BulkModal)
        await pilot.press(*"中秋", "ctrl+s")
        await settle(pilot)
        assert "2 of 2 customers get the tag “中秋”" in text_of(app, "#bulk-preview")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.book.list_count(ListQuery(tag="中秋")) == 2
        assert len(table.marks) == 0
        await pilot.press("u")
        await settle(pilot)
        assert app.book.list_count(ListQuery(tag="中秋")) == 0

    run(app, story, SIZE)


def test_star_marks_every_customer_of_the_filtered_list_and_greets_them(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("en")
    query = ListQuery(value_tiers=frozenset({"A"}))
    tier_a = app.book.list_count(query)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#filter-value_tier", SelectionList).select("A")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("asterisk")
        await settle(pilot)
        assert len(table_of(app).marks) == tier_a
        await preview_greeting(app, pilot, "中秋快乐")
        assert f"for each of {tier_a} customers" in text_of(app, "#bulk-preview")
        await pilot.press("ctrl+s")
        await settle(pilot)
        greeted = app.book.conn.execute(
            "SELECT count(*) FROM interactions WHERE note = '中秋快乐' AND kind = 'greeting'"
        ).fetchone()[0]
        assert greeted == tier_a
        assert interactions() == before + tier_a

    def interactions() -> int:
        return int(app.book.conn.execute("SELECT count(*) FROM interactions").fetchone()[0])

    before = interactions()
    run(app, story, SIZE)


def test_u_after_a_greeting_keeps_the_contact_edited_since_and_says_how_many(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("en")
    book = app.book

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = table_of(app)
        first, second = (table.row_at(k) for k in (0, 1))
        assert first is not None and second is not None
        await pilot.press("space", "space")
        await preview_greeting(app, pilot, "中秋快乐")
        await pilot.press("ctrl+s")
        await settle(pilot)
        (greeting,) = [c for c in book.interactions_of(first.row.id) if c.note == "中秋快乐"]
        book.edit_contact(greeting.model_copy(update={"note": "她回复了：要 3 盒面膜"}))
        await pilot.press("u")
        await settle(pilot)
        notes = [c.note for c in book.interactions_of(first.row.id)]
        assert "她回复了：要 3 盒面膜" in notes
        assert "中秋快乐" not in [c.note for c in book.interactions_of(second.row.id)]
        told = [str(n.message) for n in app._notifications]
        assert any("1 contact deleted; 1 edited since is kept" in words for words in told), told

    run(app, story, SIZE)


def test_bulk_without_marks_says_how_to_mark(app_factory: Callable[..., XiaobenApp]) -> None:
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("b")
        await settle(pilot)
        assert not isinstance(app.screen, BulkModal)
        assert any("space marks one" in str(n.message) for n in app._notifications)

    run(app, story, SIZE)


def test_columns_chosen_are_kept_by_the_view_saved(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ColumnsModal)
        await pilot.press("down", "down", "space")  # the third column: stage
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "stage" not in table_of(app).shown_keys
        await pilot.press("V", *"no stage", "enter")
        await settle(pilot)
        [saved] = app.book.views()
        assert saved.columns == [
            "name",
            "value_tier",
            "rfm_segment",
            "score",
            "revenue",
            "last_purchase",
            "last_contact",
            "follow_up",
        ]

    run(app, story, SIZE)


def test_the_palette_lists_the_views_and_opens_one(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("en")
    view = app.book.save_view(SavedView(name="lapsed ones", filters={"stage": "lapsed"}))
    lapsed = app.book.list_count(app.book.view_query(view))

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"lapsed ones")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert table_of(app).total == lapsed
        assert "view “lapsed ones”" in text_of(app, "#list-summary")

    run(app, story, SIZE)


def test_a_blank_tag_for_the_marked_is_named_as_the_tag_until_another_change_is_chosen(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    """ "标签：不能为空" is about the tag: it does not stay under a change without one."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("space", "b")
        await settle(pilot)
        assert isinstance(app.screen, BulkModal)
        for choice in ("add_tag", "remove_tag"):
            app.screen.query_one("#bulk-choice", Select).value = choice
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            error = text_of(app, "#bulk-error")
            assert error.startswith("标签：") and "tag" not in error, error
        app.screen.query_one("#bulk-choice", Select).value = "log_contact"
        await settle(pilot)
        assert text_of(app, "#bulk-error") == ""

    run(app_factory("zh"), story, SIZE)


def test_exporting_the_marked_of_an_encrypted_book_says_the_file_is_not_encrypted_then_writes_it(
    book_path: Path, tmp_path: Path
) -> None:
    """The app cannot take a command-line flag: its preview asks instead. Applying after
    that warning writes the file (readable without the passphrase); "undone with u" is
    not promised for a file."""
    with Book.open(book_path, today=today) as book:
        book.conn.execute("DELETE FROM meta WHERE key = 'demo'")
        book.change_passphrase("芝麻开门")
    target = tmp_path / "marked.xlsx"
    app = make_app(book_path, today=today, settings=Settings(language="en"), passphrase="芝麻开门")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        preview = await preview_export(app, pilot, target)
        assert "will not be encrypted: anyone who gets it can read it" in preview
        assert "One change, undone with u" not in preview
        await pilot.press("ctrl+s")
        await settle(pilot)
        told = [str(notice.message) for notice in app._notifications]
        assert not any("--decrypt" in notice for notice in told), told
        assert any(str(target) in notice for notice in told), told

    run(app, story, SIZE)
    rows = list(load_workbook(target, read_only=True)["customers"].iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the marked customer


def test_exporting_the_marked_of_a_plain_book_promises_no_undo(
    app_factory: Callable[..., XiaobenApp], tmp_path: Path
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        preview = await preview_export(app, pilot, tmp_path / "marked.xlsx")
        assert "One change, undone with u" not in preview and "not be encrypted" not in preview

    run(app_factory("en"), story, SIZE)


def test_u_undoes_the_last_bulk_change_after_a_language_switch_and_a_restart(
    app_factory: Callable[..., XiaobenApp], book_path: Path
) -> None:
    """The notice says “press u to undo”, and the README that the last 10 bulk changes can
    be undone: `u` asks the book, so a language switch (the list rebuilt) or a restart
    loses no undo. Pressed again, the change before it."""
    with Book.open(book_path, today=today) as book:
        earlier = book.bulk_change([1], AddTag(tag="去年礼盒"))  # before this session
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = table_of(app)
        await pilot.press("space", "space", "b")
        await settle(pilot)
        await pilot.press(*"中秋礼盒", "ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.book.list_count(ListQuery(tag="中秋礼盒")) == 2
        await pilot.press("f6")
        await settle(pilot)
        assert table_of(app) is not table
        await pilot.press("u")
        await settle(pilot)
        assert app.book.list_count(ListQuery(tag="中秋礼盒")) == 0
        assert app.book.list_count(ListQuery(tag="去年礼盒")) == 1
        await pilot.press("u")
        await settle(pilot)
        assert app.book.list_count(ListQuery(tag="去年礼盒")) == 0
        await pilot.press("u")
        await settle(pilot)
        assert "No bulk change to undo" in [n.message for n in app._notifications][-1]
        assert earlier.token

    run(app, story, SIZE)


def test_star_typed_right_after_a_search_marks_what_the_search_finds(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """/l ↓ * in one read, the search's rows slow to come (a big book, a loaded machine):
    the * waits for them and marks the customers the search finds. It marked the whole book
    (the list as it was before the search), which the header then called "marked"."""
    app = app_factory("en")
    everyone = app.book.list_count(ListQuery())
    found = app.book.list_count(ListQuery(search="l"))
    assert 0 < found < everyone
    quick = ListReader.first

    def slow_search(reader: ListReader, query: ListQuery, limit: int = PAGE) -> Any:
        if query.search:
            time.sleep(SLOW_SEARCH)
        return quick(reader, query, limit)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        monkeypatch.setattr(ListReader, "first", slow_search)
        post_in_one_read(app, "slash", "l", "down", "asterisk")
        await settle(pilot)
        table = table_of(app)
        assert table.query_shown.search == "l"
        assert len(table.marks) == found
        assert f"{found} marked" in text_of(app, "#list-summary")

    run(app, story, SIZE)


def test_a_bulk_tag_typed_in_one_burst_tags_the_customers_the_search_found(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """README's bulk flow typed at once, `/l ↓ * b 中秋 ^s ^s`, the marking slow to read (a big
    book, a loaded machine): `b` waits for the marks and the tag goes to every customer the
    search found. `b` ran before `*` had marked anyone, said "mark customers first", and
    the tag and both ctrl+s were lost."""
    app = app_factory("en")
    found = app.book.list_count(ListQuery(search="l"))
    assert found > 1
    quick = ListReader.matching_id_array

    def slow_marks(reader: ListReader, query: ListQuery) -> Any:
        time.sleep(SLOW_SEARCH)
        return quick(reader, query)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        monkeypatch.setattr(ListReader, "matching_id_array", slow_marks)
        post_in_one_read(app, "slash", "l", "down", "asterisk", "b", *"中秋", "ctrl+s", "ctrl+s")
        await settle(pilot)
        assert app.book.list_count(ListQuery(tag="中秋")) == found
        assert not isinstance(app.screen, BulkModal)

    run(app, story, SIZE)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exporting_onto_a_file_that_exists_asks_to_replace_it_and_replaces_only_on_yes(
    app_factory: Callable[..., XiaobenApp], tmp_path: Path, lang: str
) -> None:
    """Last week's marked.csv is there: the preview says so and that Ctrl+S replaces it (the
    app has no --force to give); Esc leaves it as it was, Ctrl+S after the preview writes
    the marked customers in its place."""
    target = tmp_path / "marked.csv"
    target.write_text("last week's list\n")

    async def refused(app: XiaobenApp, pilot: Pilot[None]) -> None:
        preview = await preview_export(app, pilot, target)
        replace = {"zh": "已存在", "en": "already exists"}[lang]
        assert replace in preview and "Ctrl+S" in preview, preview
        assert "--force" not in preview
        await pilot.press("escape")
        await settle(pilot)

    run(app_factory(lang), refused, SIZE)
    assert target.read_text() == "last week's list\n"

    async def replaced(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await preview_export(app, pilot, target)
        assert str(app.screen.query_one("#bulk-go", Button).label) == label("bulk.replace")
        await pilot.press("ctrl+s")
        await settle(pilot)
        told = [str(notice.message) for notice in app._notifications]
        assert not any("--force" in notice for notice in told), told

    run(app_factory(lang), replaced, SIZE)
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) == 2  # header, the marked


def test_a_file_that_appears_after_the_preview_is_not_replaced_and_the_app_says_so(
    app_factory: Callable[..., XiaobenApp], tmp_path: Path
) -> None:
    """The preview saw no file; one is written before Ctrl+S (another program, a second
    export): it is kept, and the notice says so in the app's words, not the command line's."""
    target = tmp_path / "marked.csv"

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        preview = await preview_export(app, pilot, target)
        assert "already exists" not in preview
        target.write_text("written meanwhile\n")
        await pilot.press("ctrl+s")
        await settle(pilot)
        told = [str(notice.message) for notice in app._notifications]
        assert any("already exists" in notice for notice in told), told
        assert not any("--force" in notice for notice in told), told

    run(app_factory("en"), story, SIZE)
    assert target.read_text() == "written meanwhile\n"


@pytest.mark.parametrize(
    ("name", "held", "left_out"),
    [
        ("marked.csv", ["customers"], ["purchases", "contacts", "reminders"]),
        ("marked.vcf", ["customers"], ["purchases", "contacts", "reminders"]),
        ("marked.xlsx", ["customers", "purchases", "contacts", "reminders"], []),
    ],
)
def test_the_export_preview_says_what_the_chosen_format_holds(
    app_factory: Callable[..., XiaobenApp],
    tmp_path: Path,
    name: str,
    held: list[str],
    left_out: list[str],
) -> None:
    """A CSV (or vCard) holds the customers only: the preview no longer promises their
    purchases, contacts and reminders; a workbook's does, and the file has those sheets."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        preview = await preview_export(app, pilot, tmp_path / name)
        lines = preview.split("\n")
        [holds] = [line for line in lines if line.startswith("The file holds:")]
        not_in = "".join(line for line in lines if line.startswith("Not in a"))
        assert all(table in holds for table in held), preview
        assert not any(table in holds for table in left_out), preview
        assert all(table in not_in for table in left_out), preview
        assert "(with their purchases" not in preview
        await pilot.press("ctrl+s")
        await settle(pilot)

    run(app_factory("en"), story, SIZE)
    if name.endswith(".xlsx"):
        assert load_workbook(tmp_path / name, read_only=True).sheetnames == held


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "已撤销：给 3 位客户加标签“团长”"),
        ("en", "Undone: the tag “团长” added to 3 customers"),
    ],
)
def test_the_undo_notice_names_the_change_it_took_back(
    app_factory: Callable[..., XiaobenApp], lang: str, said: str
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("space", "space", "space", "b")
        await settle(pilot)
        await pilot.press(*"团长", "ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert [str(n.message) for n in app._notifications][-1] == said

    run(app_factory(lang), story, SIZE)


def test_a_long_chinese_preview_wraps_by_the_rules_at_80_columns(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    """The bulk dialog's preview (and its error) wraps as the app's labels do: whatever the
    tag's length, no line starts with ”）， nor ends with “（ (it broke wherever the width
    ran out)."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("space", "b")
        await settle(pilot)
        preview = app.screen.query_one("#bulk-preview", Static)
        broken: list[list[str]] = []
        for length in range(1, 25):
            app.screen.query_one("#bulk-tag", Input).value = "团长" * 12 + "客" * length
            await pilot.press("ctrl+s")
            await settle(pilot)
            region = Region(0, 0, *preview.outer_size)
            lines = [strip.text.strip("▌▐█ ") for strip in preview.render_lines(region)]
            lines = [line for line in lines if line]
            if any(line[0] in NO_LINE_START for line in lines[1:]) or any(
                line[-1] in NO_LINE_END for line in lines[:-1]
            ):
                broken.append(lines)
        assert broken == []

    run(app_factory("zh"), story, (80, 24))


def test_a_tag_in_brackets_is_previewed_as_typed(app_factory: Callable[..., XiaobenApp]) -> None:
    """“[VIP]” was read as markup and previewed as “”."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("space", "b")
        await settle(pilot)
        await pilot.press(*"[VIP]", "ctrl+s")
        await settle(pilot)
        assert "“[VIP]”" in str(app.screen.query_one("#bulk-preview", Static).render())

    run(app_factory("zh"), story, SIZE)


def test_quitting_while_the_marked_are_exported_says_so_and_waits_for_the_file(
    app_factory: Callable[..., XiaobenApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+q while the export of the marked customers is being written: the app says what it
    writes and stays (a quit then would have waited on a frozen screen, unsaid); once the
    file is written, ctrl+q quits."""
    target = tmp_path / "marked.csv"
    release = threading.Event()

    export_as = Book.export_as

    def slow_export(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return export_as(*args, **kwargs)

    monkeypatch.setattr(Book, "export_as", slow_export)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await preview_export(app, pilot, target)
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)  # the export waits (settle would wait for it)
        await pilot.press("ctrl+q")
        await pilot.pause(0.2)
        told = [str(notice.message) for notice in app._notifications]
        assert any(f"Exporting to {target}" in notice for notice in told), told
        assert app.is_running and app.return_code is None
        release.set()
        for _ in range(100):
            await pilot.pause(0.05)
            if any("Exported" in str(notice.message) for notice in app._notifications):
                break
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause(0.2)
        assert app.return_code == 0 or not app.is_running

    try:
        run(app_factory("en"), story, SIZE)
    finally:
        release.set()
    assert target.read_text(encoding="utf-8-sig").count("\n") == 2  # header + the one marked
