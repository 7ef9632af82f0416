"""The Import screen on a 微商's sheet with one 收货信息 column (name, phone and address pasted
in one cell, as 复制收货地址 gives them): the column is proposed as 收货信息, the preview shows
the name, phone and address it is read as, and the field picker offers it for a column of
another name (an outside tester's finding A11: the column was not recognised, and mapped to
the name it named every customer with the whole cell)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.book_helpers import write_csv
from tests.tui.pilot import run, settle
from tests.tui.test_import_screen import import_now, map_column, open_file, rows_of, text_of
from tests.tui.test_import_screen_fallbacks import read_as
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.import_parts import FieldPicker, MappingTable, PreviewTable

SHEET = [
    "收货信息,日期,金额,商品",
    '"孙七，86-13500135000，浙江省 杭州市 西湖区 文三路1号 ，310000",2024-05-01,100,面霜',
    '"浙江省杭州市滨江区江南大道2号 李四 13900139000",2024-05-02,80,口红',
]


def preview_rows(app: XiaobenApp) -> tuple[list[str], list[list[str]]]:
    preview = app.screen.query_one(PreviewTable)
    titles = [str(column.label) for column in preview.ordered_columns]
    rows = [[str(cell) for cell in preview.get_row_at(at)] for at in range(preview.row_count)]
    return titles, rows


@pytest.mark.parametrize(
    ("lang", "label", "name", "phone", "address"),
    [
        ("zh", "收货信息", "姓名", "电话", "地址"),
        ("en", "shipping info (name, phone and address in one cell)", "name", "phone", "address"),
    ],
)
def test_the_column_is_proposed_as_shipping_info_and_the_preview_shows_its_parts(
    app_factory, tmp_path: Path, lang: str, label: str, name: str, phone: str, address: str
) -> None:
    path = write_csv(tmp_path / "wei.csv", SHEET)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        assert read_as(app)["收货信息"] == label
        titles, rows = preview_rows(app)
        assert titles[1:4] == [name, phone, address], titles
        assert rows[0][1:4] == ["孙七", "86-13500135000", "浙江省 杭州市  …"], rows
        assert rows[1][1:4] == ["李四", "13900139000", "浙江省杭州市滨 …"], rows
        assert "收货信息" in text_of(app, "#import-notes")

    run(app_factory(lang=lang), story)


def test_a_column_of_another_name_is_mapped_as_shipping_info_and_imported(
    app_factory, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "wei.csv", ["买家信息,日期,金额,商品", *SHEET[1:]])
    app = app_factory(lang="zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        table = app.screen.query_one(MappingTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, FieldPicker)
        options = picker.query_one(OptionList)
        offered = str(options.get_option_at_index(options.get_option_index("recipient")).prompt)
        assert "收货信息" in offered, offered
        await pilot.press("escape")
        await settle(pilot)
        await map_column(pilot, 0, "recipient")
        _, rows = preview_rows(app)
        assert rows[0][1:3] == ["孙七", "86-13500135000"], rows
        await import_now(pilot)
        found = rows_of(
            app,
            "SELECT name, phones FROM customers WHERE phones LIKE '%135001350%' OR "
            "phones LIKE '%139001390%' ORDER BY phones",
        )
        assert found == [("孙七", '["+8613500135000"]'), ("李四", '["+8613900139000"]')], found

    run(app, story)
