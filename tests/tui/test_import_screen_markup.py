"""Text in a file that looks like Rich markup (尺码[/]不详, a note "[bold]x[/]", [x] 已发货,
a header or a contact's name holding brackets) is shown as written on the Import screen:
DataTable reads a str's brackets as styles, so the preview showed " 已发货" for "[x] 已发货"
and a closing tag with none open ([/], [/bold]) stopped the whole app the moment the file
was read (an outside tester's finding). What is imported is what is shown."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.book_helpers import write_csv
from tests.tui.pilot import run, settle
from tests.tui.test_import_screen import import_now, map_column, open_file, rows_of, text_of
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.import_parts import FieldPicker, MappingTable, PreviewTable
from xiaoben.tui.widgets.inputs import TextBox

NOTES = ["尺码[/]不详", "[/bold] oops", "[x] 已发货", "[bold]x[/]", "客[red]R[/red]"]


def cells_of(table: PreviewTable | MappingTable) -> list[list[str]]:
    """Each row's cells as shown: every one a Text (a str's brackets would be read as
    markup), its plain text."""
    rows = [table.get_row_at(at) for at in range(table.row_count)]
    assert all(isinstance(cell, Text) for row in rows for cell in row)
    return [[cell.plain for cell in row] for row in rows]


def test_cells_that_look_like_markup_are_previewed_and_imported_as_written(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    rows = ["客户名,手机,备注[/]"]
    rows += [f"客户{at},1380000000{at},{note}" for at, note in enumerate(NOTES)]
    path = write_csv(tmp_path / "c.csv", rows)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        preview = screen.query_one(PreviewTable)

        shown = cells_of(preview)
        assert [row[3] for row in shown] == NOTES
        assert [str(column.label) for column in preview.columns.values()][3] == "备注[/]"
        assert cells_of(screen.query_one(MappingTable))[2][1] == "备注[/]"
        await import_now(pilot)
        written = "SELECT notes FROM customers WHERE name LIKE '客户_' ORDER BY name"
        assert rows_of(app, written) == [(note,) for note in NOTES]

    run(app, story)


def test_a_custom_field_labelled_with_brackets_is_offered_as_written(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="zh")
    app.book.add_field(FieldDef(kind=FieldKind("text"), label_zh="鞋码[/]", label_en="size[/]"))
    path = write_csv(tmp_path / "c.csv", ["客户名,手机,尺码", "王芳,13800000001,38"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        table = pilot.app.screen.query_one(MappingTable)
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("enter")
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, FieldPicker)
        options = picker.query_one(OptionList)
        prompts = [
            str(options.get_option_at_index(at).prompt) for at in range(options.option_count)
        ]
        assert prompts[-1] == "鞋码[/]"

    run(app, story)


def test_two_columns_headed_alike_are_previewed_and_mapped_apart(
    app_factory, tmp_path: Path
) -> None:
    """客户名 | 电话 | 电话 | 备注: both phone columns are read (the preview showed only the
    first), and ignoring the second leaves the first read (it ignored both: the choice was
    the header text's; an outside tester's finding)."""
    app = app_factory(lang="en")
    path = write_csv(
        tmp_path / "c.csv", ["客户名,电话,电话,备注", "客户甲,13800000001,13900000002,老客"]
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        assert cells_of(screen.query_one(PreviewTable))[0][2:5] == [
            "13800000001",
            "13900000002",
            "老客",
        ]
        await map_column(pilot, 2, "ignore")

        assert screen.chosen == {"#3": "ignore"}
        mapping = cells_of(screen.query_one(MappingTable))
        assert [row[2] for row in mapping][1:3] == ["phone", "— ignored (your choice)"]
        assert "not recognised" not in text_of(app, "#import-notes")  # ignored, as chosen
        await import_now(pilot)
        assert rows_of(app, "SELECT phones FROM customers WHERE name = '客户甲'") == [
            ('["+8613800000001"]',)
        ]

    run(app, story)


def test_a_column_chosen_by_number_is_dropped_when_the_names_move(
    app_factory, tmp_path: Path
) -> None:
    """#3 chosen on 客户名 | 电话 | 电话, then a file of the same names in other places read
    on the same screen: #3 is 客户名 there, so the choice goes (it ignored the name column:
    "a required column is missing"; a reviewer's finding)."""
    app = app_factory(lang="en")
    first = write_csv(tmp_path / "c.csv", ["客户名,电话,电话", "客户甲,13800000001,13900000002"])
    moved = write_csv(tmp_path / "d.csv", ["电话,电话,客户名", "13800000003,13900000004,客户乙"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, first)
        await map_column(pilot, 2, "ignore")
        assert screen.chosen == {"#3": "ignore"}
        box = screen.query_one("#import-path", TextBox)
        box.value = str(moved)
        box.focus()
        await pilot.press("enter")
        await settle(pilot)

        assert screen.chosen == {}
        assert screen.mapping_error == ""
        assert cells_of(screen.query_one(PreviewTable))[0][1:4] == [
            "13800000003",
            "13900000004",
            "客户乙",
        ]

    run(app, story)


def test_a_problem_under_a_header_named_as_its_field_names_it_once(
    app_factory, tmp_path: Path
) -> None:
    """生日 holding a bad date: "第 2 行 · 生日：…", not "生日：生日：…" (the CLI said it once
    already; an outside tester's finding on the screen's report)."""
    app = app_factory(lang="zh")
    path = write_csv(tmp_path / "c.csv", ["客户名,手机,生日", "客户甲,13800000001,13月45日"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await import_now(pilot)
        summary = text_of(app, "#import-summary")
        assert "第 2 行 · 生日：" in summary, summary
        assert "生日：生日：" not in summary

    run(app, story)
