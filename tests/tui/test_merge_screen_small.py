"""The merge screen on a small terminal (80×24, 60×20), in both languages: all four columns
on screen, no value cut (long ones wrap in their cell, ↓ reads through a row taller than
the table), and every key told on screen though the footer drops some."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.tui.pilot import in_view, run, screen_lines, settle, today
from xiaoben.models.birthday import Birthday
from xiaoben.models.customer import Customer
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.merge import MergeScreen, column_widths

SMALL = [(80, 24), (60, 20)]
LANGS = ["zh", "en"]
NOTE = "老客户，去年双十一买过三套护肤品，喜欢先试用再决定，周末不方便联系，微信回复较慢"


def two_records(book_path: Path) -> tuple[int, int]:
    """王小美 twice: another phone, a birthday without a year, and long notes on each."""
    with Book.open(book_path, today=today) as book:
        first = book.save_customer(
            Customer(
                name="王小美",
                phones=["13800138000"],
                birthday=Birthday.from_text("1990-03-05"),
                notes=NOTE,
            )
        )
        second = book.save_customer(
            Customer(
                name="王小美",
                phones=["13900139000"],
                birthday=Birthday.from_text("--03-06"),  # another day: a line in the notes
                notes="乙" + NOTE,
            )
        )
    assert first.id is not None and second.id is not None
    return first.id, second.id


async def open_merge(app: XiaobenApp, pilot: Pilot[None], ids: tuple[int, int]) -> MergeScreen:
    app.action_open_customer(ids[0])
    await settle(pilot)
    assert isinstance(app.screen, CustomerScreen)
    app.push_screen(MergeScreen(*ids))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, MergeScreen)
    return screen


def whole_value(screen: MergeScreen, field: str, column: str) -> str:
    """The value a cell of the merge table shows, before any wrapping."""
    assert screen.data is not None
    if column == "after":
        return screen._after(field)
    side = screen.data.survivor if column == "survivor" else screen.data.absorbed
    return screen._text(side, field) or "—"


def bare(text: str) -> str:
    """`text` without the spaces and line breaks wrapping adds or takes."""
    return text.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize("size", SMALL)
@pytest.mark.parametrize("lang", LANGS)
def test_every_merged_value_is_whole_and_the_after_column_on_screen(
    app_factory, book_path: Path, size: tuple[int, int], lang: str
) -> None:
    ids = two_records(book_path)

    async def body(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_merge(app, pilot, ids)
        await pilot.press("b")  # both phones kept (the first row)
        await settle(pilot)
        table = screen.query_one(DataTable)
        assert in_view(table)
        room = table.scrollable_content_region.width
        assert table.virtual_size.width <= room  # nothing past the right edge, all 4 columns
        for column in table.ordered_columns:
            lines = column.label.plain.split("\n")
            assert all(cell_len(line) <= column.width for line in lines), column.label
        for field in screen.fields:
            for key, column in zip(("survivor", "absorbed", "after"), table.ordered_columns[1:],
                                   strict=True):  # fmt: skip
                cell = table.get_cell(field, key).plain
                assert all(cell_len(line) <= column.width for line in cell.split("\n"))
                assert bare(cell) == bare(whole_value(screen, field, key)), field
        shown = "\n".join(screen_lines(app))
        assert "139 0013 9000" in shown.replace("\n", " ") or "9000" in shown  # both phones
        assert ("合并后" if lang == "zh" else "After") in shown
        cursor = table.cursor_row
        await pilot.press(*["down"] * len(screen.fields))  # the notes, below the fold
        assert table.cursor_row == len(screen.fields) - 1 != cursor

    run(app_factory(lang=lang), body, size=size)


@pytest.mark.parametrize("size", SMALL)
@pytest.mark.parametrize("lang", LANGS)
def test_every_merge_key_is_told_on_screen(
    app_factory, book_path: Path, size: tuple[int, int], lang: str
) -> None:
    """The footer drops what does not fit; the hint above the table names every key."""
    ids = two_records(book_path)

    async def body(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_merge(app, pilot, ids)
        help_line = screen.query_one("#merge-help", Static)
        assert in_view(help_line)
        hint = str(help_line.content)  # as written, not as wrapped
        for key in ("←", "→", "b ", "x ", "Enter", "Esc"):
            assert key in hint, key
        await pilot.press("x")  # and they work
        await settle(pilot)
        assert (screen.survivor_id, screen.absorbed_id) == (ids[1], ids[0])

    run(app_factory(lang=lang), body, size=size)


@pytest.mark.parametrize(
    ("wanted", "room", "widths"),
    [
        ([8, 10, 12, 14], 60, [8, 10, 12, 14]),  # all fit: as wanted
        ([8, 20, 22, 40], 60, [8, 18, 17, 17]),  # the narrow keep theirs, the rest share
        ([30, 30, 30, 30], 40, [10, 10, 10, 10]),
    ],
)
def test_columns_share_the_width_the_narrow_keeping_theirs(
    wanted: list[int], room: int, widths: list[int]
) -> None:
    assert column_widths(wanted, room) == widths


@pytest.mark.parametrize("lang", LANGS)
def test_down_reads_through_notes_taller_than_the_table(
    app_factory, book_path: Path, lang: str
) -> None:
    """60×20: the merged notes run past the table's foot; ↓ shows the rest, then ↑ back."""
    ids = two_records(book_path)

    async def body(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_merge(app, pilot, ids)
        table = screen.query_one(DataTable)
        notes = screen.fields.index("notes")
        table.move_cursor(row=notes)
        await settle(pilot)
        last_line = table.get_cell("notes", "after").plain.split("\n")[-1]
        first_line = table.get_cell("notes", "after").plain.split("\n")[0]
        window = table.scrollable_content_region.height - table.header_height
        assert table.ordered_rows[notes].height > window
        assert last_line not in "\n".join(screen_lines(app))
        for _ in range(5):
            await pilot.press("down")
        await settle(pilot)
        assert last_line in "\n".join(screen_lines(app))
        assert table.cursor_row == notes
        for _ in range(5):
            await pilot.press("up")
        await settle(pilot)
        assert first_line in "\n".join(screen_lines(app))

    run(app_factory(lang=lang), body, size=(60, 20))
