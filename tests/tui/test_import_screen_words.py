"""The import screen's words: a purchase row whose customer the book lacks names the
screen's own box (账本中没有的客户自动新建), not the command line's --create-missing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.book_helpers import write_csv
from tests.test_import_vcards import ANDROID
from tests.tui.pilot import run
from tests.tui.test_import_screen import open_file
from xiaoben.models.customer import Customer
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.import_parts import FieldPicker, MappingTable, PreviewTable


def shown_text(app: XiaobenApp) -> str:
    """Every word the screen shows: its texts and its tables' cells."""
    parts = [str(static.content) for static in app.screen.query(Static)]
    for table in app.screen.query(DataTable):
        parts += [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("lang", "box"),
    [("zh", "勾选“账本中没有的客户自动新建”"), ("en", "tick “Create customers the book lacks”")],
)
def test_an_unknown_customer_names_the_screens_box(
    app_factory: Callable[..., XiaobenApp], tmp_path: Path, lang: str, box: str
) -> None:
    path = write_csv(
        tmp_path / "orders.csv",
        ["手机,日期,金额", "13811112222,2026-11-01,88", "13811113333,2026-11-02,120"],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        shown = shown_text(app)
        assert box in shown
        assert "--create-missing" not in shown

    run(app_factory(lang), story)


@pytest.mark.parametrize(
    ("lang", "box"),
    [("zh", "勾选“账本中没有的客户自动新建”"), ("en", "tick “Create customers the book lacks”")],
)
def test_a_namesake_with_another_number_names_the_screens_box(
    app_factory: Callable[..., XiaobenApp], tmp_path: Path, lang: str, box: str
) -> None:
    """A row whose name is a customer's but whose phone is not hers is another person: the
    message that says so names the screen's box too, not --create-missing."""
    path = write_csv(
        tmp_path / "orders.csv", ["客户,手机,日期,金额", "张伟,13900000002,2026-11-02,120"]
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.book.save_customer(Customer(name="张伟", phones=["13900000001"]))
        await open_file(pilot, path)
        shown = shown_text(app)
        assert box in shown
        assert "--create-missing" not in shown

    run(app_factory(lang), story)


@pytest.mark.parametrize(
    ("lang", "read", "columns"),
    [
        ("zh", "contacts.vcf：2 位联系人（utf-8）", ["姓名", "电话", "邮箱", "生日"]),
        ("en", "contacts.vcf: 2 contacts (utf-8)", ["name", "phone", "email", "birthday"]),
    ],
)
def test_phone_contacts_are_told_in_the_sellers_words(
    app_factory: Callable[..., XiaobenApp],
    tmp_path: Path,
    lang: str,
    read: str,
    columns: list[str],
) -> None:
    """A .vcf has no header row and no column names: the screen counts its contacts and
    names what each column holds in the seller's language (not 列名在第 1 行, not name)."""
    path = tmp_path / "contacts.vcf"
    path.write_text(ANDROID, encoding="utf-8")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        assert str(screen.query_one("#import-status", Static).content) == read
        mapping = screen.query_one(MappingTable)
        names = [str(mapping.get_row_at(row)[1]) for row in range(mapping.row_count)]
        assert names[:4] == columns
        preview = screen.query_one(PreviewTable)
        titles = [str(column.label) for column in preview.columns.values()]
        assert titles[1:3] == columns[:2]
        mapping.focus()
        mapping.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FieldPicker) and app.screen.column == columns[0]

    run(app_factory(lang), story)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("hidden", [False, True])
def test_a_workbook_without_a_header_names_the_screens_boxes(
    app_factory: Callable[..., XiaobenApp], tmp_path: Path, lang: str, hidden: bool
) -> None:
    """No header found (a 说明 sheet only, or the customers on a hidden sheet): the screen
    says so and points at its Sheet and Header row boxes, not at --sheet or --header-row,
    which only the command line has."""
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表为客户名单，请勿修改表头"])
    if hidden:
        sheet = book.create_sheet("名单")
        sheet.append(["姓名", "手机"])
        sheet.append(["张三", "13800138000"])
        sheet.sheet_state = "hidden"
    path = tmp_path / "客户.xlsx"
    book.save(path)
    above = "上面" if lang == "zh" else "above"  # the boxes above the message

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        shown = shown_text(app)
        assert "--sheet" not in shown and "--header-row" not in shown
        assert ("“名单”" in shown) is hidden  # the hidden sheet is named
        assert above in str(app.screen.query_one("#import-status", Static).content)

    run(app_factory(lang), story)


def test_both_columns_under_a_merged_phone_header_are_mapped_as_phones(
    app_factory: Callable[..., XiaobenApp], tmp_path: Path
) -> None:
    """手机 merged over a main and a spare number: the mapping shows each column read as the
    phone, none as not read, and no column is said to be left out."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "手机", None, "备注"])
    sheet.merge_cells("B1:C1")
    sheet.append(["张三", "13800138000", "13900139009", "x"])
    book.save(tmp_path / "c.xlsx")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, tmp_path / "c.xlsx")
        mapping = screen.query_one(MappingTable)
        rows = [[str(cell) for cell in mapping.get_row_at(row)] for row in range(3)]
        read = [row[1:3] for row in rows]
        assert read == [["姓名", "name"], ["手机", "phone"], ["手机", "phone"]]
        assert "column 3" not in str(screen.query_one("#import-notes", Static).content)

    run(app_factory("en"), story)
