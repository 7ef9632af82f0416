"""The Import screen, driven end to end on files the tests write: a CSV under a title row, a
workbook with number-cell phones and date cells, phone contacts; the column mapping edited
and remembered; all-or-nothing against the good rows only; files that cannot be read."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, OptionList, ProgressBar, Select, Static

from tests.book_helpers import write_csv
from tests.test_import_vcards import ANDROID, CUT_NAME, DAMAGED, VCARD4
from tests.tui.pilot import run, settle
from tests.workbook_helpers import customers_workbook, write_xlsx
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.store.driver import sqlite3
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens import imports
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.screens.imports import ImportScreen
from xiaoben.tui.widgets.import_parts import (
    FieldPicker,
    MappingTable,
    PathSuggester,
    PreviewTable,
)
from xiaoben.tui.widgets.inputs import TextBox

TITLED = [
    "2024 我的客户名单",
    "",
    "客户名,手机,城市",
    "王小明,13800000001,杭州",
    "李小四,13800000002,上海",
]


def rows_of(app: XiaobenApp, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(app.book.path)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def text_of(app: XiaobenApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)  # as written, not as wrapped


async def open_file(pilot: Pilot[None], path: Path | str) -> ImportScreen:
    """f9, the path typed in, Enter: the file read, mapped, previewed and dry-run."""
    await pilot.press("f9")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#import-path", TextBox).value = str(path)
    await pilot.press("enter")
    await settle(pilot)
    return screen


async def import_now(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def tick(pilot: Pilot[None], selector: str) -> None:
    """A checkbox ticked from the keyboard, wherever the screen has scrolled it."""
    pilot.app.screen.query_one(selector, Checkbox).focus()
    await settle(pilot)
    await pilot.press("space")
    await settle(pilot)


async def map_column(pilot: Pilot[None], index: int, field: str) -> None:
    """Enter on the column's row of the mapping, then the field in the picker."""
    table = pilot.app.screen.query_one(MappingTable)
    table.focus()
    table.move_cursor(row=index)
    await pilot.press("enter")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, FieldPicker)
    options = picker.query_one(OptionList)
    options.highlighted = options.get_option_index(field)
    await pilot.press("enter")
    await settle(pilot)


def test_f9_opens_it_and_esc_goes_back_importing_nothing(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "c.csv", TITLED)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        before = app.book.customer_count()
        await open_file(pilot, path)
        await pilot.press("escape")
        await settle(pilot)

        assert isinstance(app.screen, CustomersScreen)
        assert app.book.customer_count() == before

    run(app, story)


def test_the_palette_offers_the_import() -> None:
    from xiaoben.tui.commands import APP_COMMANDS

    assert ("cmd.import", "show_import") in APP_COMMANDS


def test_a_csv_under_a_title_row_is_previewed_dry_run_and_imported(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "c.csv", TITLED)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        before = app.book.customer_count()
        screen = await open_file(pilot, path)

        assert text_of(app, "#import-status") == "c.csv: header in line 3, 2 rows of data (utf-8)"
        assert screen.query_one(PreviewTable).row_count == 2
        assert text_of(app, "#import-summary").startswith(
            "Dry run (the book is unchanged): 2 rows, 2 would import; 2 customers would be "
            "created, 0 updated; 0 bad rows"
        )
        assert app.book.customer_count() == before

        await import_now(pilot)

        assert text_of(app, "#import-summary").startswith(
            "Imported 2 of 2 rows: 2 customers created, 0 updated, 0 bad rows skipped"
        )
        bar = screen.query_one(ProgressBar)
        assert bar.total is not None and bar.progress == bar.total  # the stages were shown
        assert rows_of(app, "SELECT name, city FROM customers WHERE name LIKE '%小%'") == [
            ("王小明", "杭州"),
            ("李小四", "上海"),
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        assert app.screen._count == before + 2  # the list under it refreshed

    run(app, story)


def test_a_total_row_is_previewed_as_left_out_not_as_ok(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "c.csv", [*TITLED, "合计,,2"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        preview = screen.query_one(PreviewTable)

        verdicts = [str(preview.get_row_at(at)[-1]) for at in range(preview.row_count)]
        assert verdicts == ["✓ ok", "✓ ok", "— a total row (“合计”), not imported"]
        assert "2 would import" in text_of(app, "#import-summary")

    run(app, story)


def test_a_workbook_reads_number_phones_and_date_cells_and_names_lost_zeros(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = customers_workbook(tmp_path / "客户.xlsx")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)

        assert screen.query_one("#import-sheet", Select).value == "客户"
        assert "sheet “客户”, header in row 5, 5 rows of data" in text_of(app, "#import-status")
        assert "line 7 · 编号: the code “42” is in a number cell" in text_of(app, "#import-notes")
        await import_now(pilot)

        assert rows_of(
            app,
            "SELECT code, phones, birthday FROM customers"
            " WHERE code IN ('00041', '42') ORDER BY code",
        ) == [
            ("00041", '["+8613800138000"]', "1990-03-05"),
            ("42", '["+8613900139000"]', "1988-12-01"),
        ]

    run(app, story)


def test_phone_contacts_come_in_as_customers(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    path = tmp_path / "contacts.vcf"
    path.write_text(ANDROID, encoding="utf-8")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        assert screen.kind == "customers"
        await import_now(pilot)

        assert rows_of(app, "SELECT birthday FROM customers WHERE name = '王芳'") == [
            (dt.date(1990, 3, 5).isoformat(),)
        ]
        assert rows_of(app, "SELECT count(*) FROM customers WHERE name = '张伟'") == [(1,)]

    run(app, story)


def test_a_damaged_contact_is_named_and_keep_good_imports_the_others(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = tmp_path / "android.vcf"
    path.write_text(DAMAGED, encoding="utf-8")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        preview = screen.query_one(PreviewTable)
        assert "address: its quoted-printable text is damaged" in preview.verdicts["11"]

        await import_now(pilot)

        assert text_of(app, "#import-summary").startswith(
            "import cancelled: 1 of 2 rows has problems; the book was not changed"
        )
        await pilot.click("#import-keep-good")
        await settle(pilot)
        await import_now(pilot)

        assert "line 11 · contact “林小雨”: address:" in text_of(app, "#import-summary")
        assert "codec" not in text_of(app, "#import-summary")
        assert rows_of(app, "SELECT name FROM customers WHERE name IN ('王芳', '林小雨')") == [
            ("王芳",)
        ]

    run(app, story)


def test_a_mapping_edit_changes_what_is_imported_and_is_proposed_next_time(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    first = write_csv(tmp_path / "a.csv", ["称呼,城市,备注", "钱多多,杭州,别导入"])
    second = write_csv(tmp_path / "b.csv", ["备注,称呼,城市", "也别导入,孙小美,上海"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, first)
        assert "a required column is missing: name / code" in text_of(app, "#import-notes")
        await import_now(pilot)  # not ready: no name column yet
        assert rows_of(app, "SELECT count(*) FROM customers WHERE name = '钱多多'") == [(0,)]

        await map_column(pilot, 0, "name")
        await map_column(pilot, 2, "ignore")

        assert screen.mapping_error == ""
        assert screen.chosen == {"称呼": "name", "备注": "ignore"}
        await import_now(pilot)
        assert rows_of(app, "SELECT name, city, notes FROM customers WHERE name = '钱多多'") == [
            ("钱多多", "杭州", "")
        ]
        await pilot.press("escape")
        await settle(pilot)

        again = await open_file(pilot, second)

        assert again.chosen == {"称呼": "name", "备注": "ignore"}
        assert "The mapping you chose last time for these headers is proposed" in text_of(
            app, "#import-notes"
        )
        await pilot.press("f6")  # in Chinese: still said
        await settle(pilot)
        assert "已套用上次为这些列名选择的对应关系" in text_of(app, "#import-notes")
        await import_now(pilot)
        assert rows_of(app, "SELECT name, city, notes FROM customers WHERE name = '孙小美'") == [
            ("孙小美", "上海", "")
        ]

    run(app, story)


def test_a_column_mapped_to_a_custom_field_is_proposed_next_time(
    app_factory, tmp_path: Path
) -> None:
    """尺码 -> 鞋码, a field of the seller's own: remembered as the other fields are (it was
    dropped, and the next week's file came with 尺码 not read: an outside tester's finding)."""
    app = app_factory(lang="en")
    size = app.book.add_field(FieldDef(kind=FieldKind("text"), label_zh="鞋码", label_en="size"))
    first = write_csv(tmp_path / "a.csv", ["客户名,手机,尺码", "钱多多,13800000001,38"])
    second = write_csv(tmp_path / "b.csv", ["客户名,手机,尺码", "孙小美,13800000002,36"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, first)
        await map_column(pilot, 2, size.key)
        await import_now(pilot)
        await pilot.press("escape")
        await settle(pilot)

        again = await open_file(pilot, second)

        assert again.chosen == {"尺码": size.key}
        await import_now(pilot)
        sun = rows_of(app, "SELECT id FROM customers WHERE name = '孙小美'")[0][0]
        assert app.book.field_values(int(str(sun))) == {size.id: "36"}

    run(app, story)


def test_all_or_nothing_refuses_a_file_with_a_bad_row_and_keep_good_imports_the_rest(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = write_csv(
        tmp_path / "c.csv",
        ["客户名,手机", "周一,13800000011", "周二,1380000", "周三,13800000013"],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        preview = screen.query_one(PreviewTable)
        assert "phone: a mainland mobile has 11 digits" in preview.verdicts["3"]
        assert "With a bad row nothing is imported" in text_of(app, "#import-summary")

        await import_now(pilot)

        assert text_of(app, "#import-summary").startswith(
            "import cancelled: 1 of 3 rows has problems; the book was not changed"
        )
        assert rows_of(app, "SELECT count(*) FROM customers WHERE name LIKE '周%'") == [(0,)]

        await pilot.click("#import-keep-good")
        await settle(pilot)
        assert screen.query_one("#import-keep-good", Checkbox).value
        await import_now(pilot)

        assert text_of(app, "#import-summary").startswith(
            "Imported 2 of 3 rows: 2 customers created, 0 updated, 1 bad row skipped"
        )
        assert "line 3 · 手机: phone:" in text_of(app, "#import-summary")
        assert rows_of(app, "SELECT name FROM customers WHERE name LIKE '周%' ORDER BY name") == [
            ("周一",),
            ("周三",),
        ]

    run(app, story)


def test_a_dry_run_with_a_bad_row_counts_the_good_rows_for_purchases_as_for_customers(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="zh")
    (code,) = rows_of(app, "SELECT code FROM customers WHERE code IS NOT NULL LIMIT 1")[0]
    bills = write_csv(
        tmp_path / "p.csv",
        ["编号,日期,金额,商品", f"{code},2024-01-05,199.5,面霜", f"{code},x,abc,口红"],
    )
    people = write_csv(tmp_path / "c.csv", ["姓名,电话", "新客甲,13512340001", "新客乙,12345"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        for path in (people, bills):
            await open_file(pilot, path)
            summary = text_of(app, "#import-summary")
            assert "共 2 行，可导入 1 行" in summary and "问题行 1" in summary, summary
            assert "有问题行时整个文件都不导入" in summary
            await pilot.press("escape")
            await settle(pilot)

    run(app, story)


@pytest.mark.parametrize(
    ("lang", "dry", "done"),
    [
        (
            "zh",
            "可导入 3 行；将记入消费 3 笔，新建客户 0，更新客户 0",
            "已导入 3/3 行：记入消费 3 笔，",
        ),
        (
            "en",
            "3 would import; 3 purchases would be recorded",
            "Imported 3 of 3 rows: 3 purchases",
        ),
    ],
)
def test_a_purchases_import_counts_its_purchases(
    app_factory, tmp_path: Path, lang: str, dry: str, done: str
) -> None:
    """A purchases import's dry run and report counted only customers (新建客户 0，更新 0),
    never the purchases it recorded (an outside tester's finding)."""
    app = app_factory(lang=lang)
    (code,) = rows_of(app, "SELECT code FROM customers WHERE code IS NOT NULL LIMIT 1")[0]
    days = ("2024-01-05", "2024-02-06", "2024-03-07")
    bills = write_csv(tmp_path / "p.csv", ["编号,日期,金额", *(f"{code},{d},99" for d in days)])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, bills)
        assert dry in text_of(app, "#import-summary")
        await import_now(pilot)
        assert text_of(app, "#import-summary").startswith(done)

    run(app, story)


def test_a_purchases_report_writes_its_counts_with_thousands_separators() -> None:
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    report = ImportReport(rows=40_000, imported=39_998, purchases=39_998)
    assert report_lines(report, True)[0].startswith(
        "Dry run (the book is unchanged): 40,000 rows, 39,998 would import; 39,998 purchases"
    )


def test_a_column_mapped_as_the_shop_account_keeps_it_in_the_notes(
    app_factory, tmp_path: Path
) -> None:
    """The mapping of a purchases file offers the shop account (旺旺: no usual name)."""
    app = app_factory(lang="en")
    path = write_csv(
        tmp_path / "orders.csv",
        ["姓名,旺旺,手机,日期,金额", "吴新,tb_wuxin,13811112222,2026-11-01,88"],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        assert screen.kind == "purchases"
        await map_column(pilot, 1, "account")
        await pilot.click("#import-create-missing")
        await settle(pilot)
        await import_now(pilot)

        assert rows_of(app, "SELECT code, notes FROM customers WHERE name = '吴新'") == [
            (None, "买家账号：tb_wuxin")
        ]

    run(app, story)


def test_purchases_of_unknown_customers_need_create_missing(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    path = write_csv(
        tmp_path / "orders.csv",
        [
            "手机,姓名,日期,金额",
            "13811112222,吴新,2026-11-01,88",
            "13811113333,郑新,2026-11-02,120",
        ],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        assert screen.kind == "purchases"
        assert "2 bad rows" in text_of(app, "#import-summary")

        await pilot.click("#import-create-missing")
        await settle(pilot)
        assert "2 would import; 2 purchases would be recorded, 2 customers created" in text_of(
            app, "#import-summary"
        )
        await import_now(pilot)

        assert rows_of(
            app,
            "SELECT c.name, p.amount_cents FROM purchases p JOIN customers c"
            " ON c.id = p.customer_id WHERE c.name IN ('吴新', '郑新') ORDER BY p.date",
        ) == [("吴新", 8800), ("郑新", 12000)]

    run(app, story)


def test_an_amount_repeated_on_an_orders_rows_is_said_in_the_report(
    app_factory, tmp_path: Path
) -> None:
    from tests.test_import_repeated_amounts import UNPRICED

    app = app_factory(lang="en")
    path = write_csv(tmp_path / "weidian.csv", UNPRICED)
    said = (
        "1 order states one same “实收金额” on each of its rows (order WD001: ¥200.00 on lines "
        "2–3), imported as each row's own amount; if it is the whole order's paid total, set "
        "“实收金额” to “order total” under Column → field and “Order numbers imported before” "
        "to “Update that purchase (refunds, corrected amounts, closed orders removed)”, and "
        "import again"
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        assert screen.kind == "purchases"
        await tick(pilot, "#import-create-missing")  # (under the preview's long verdicts)
        assert said in text_of(app, "#import-summary")  # the dry run says it

        await import_now(pilot)

        assert said in text_of(app, "#import-summary")
        assert rows_of(app, "SELECT amount_cents FROM purchases WHERE note LIKE '%WD001'") == [
            (20000,),
            (20000,),
        ]

    run(app, story)


def test_a_file_that_cannot_be_read_is_named_and_the_choices_stay(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    missing = tmp_path / "nowhere.xlsx"
    archive = tmp_path / "photos.csv"
    archive.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, missing)
        screen.query_one("#import-kind", Select).value = "purchases"
        await settle(pilot)

        assert str(missing) in text_of(app, "#import-status")
        assert screen.query_one("#import-status").has_class("error")
        assert screen.kind == "purchases"
        await import_now(pilot)  # nothing to import: it says why, nothing else happens
        assert isinstance(app.screen, ImportScreen)

        field = screen.query_one("#import-path", TextBox)
        field.value = str(archive)
        field.focus()
        await pilot.press("enter")
        await settle(pilot)

        assert str(archive) in text_of(app, "#import-status")
        assert screen.kind == "purchases"
        assert field.value == str(archive)

    run(app, story)


def test_switching_language_keeps_the_file_and_the_mapping(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "a.csv", ["称呼,城市", "钱多多,杭州"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await map_column(pilot, 0, "name")
        await pilot.press("f6")
        await settle(pilot)

        screen = app.screen
        assert isinstance(screen, ImportScreen)
        assert screen.chosen == {"称呼": "name"}
        assert screen.mapping_error == ""
        assert text_of(app, "#import-status").startswith("a.csv：列名在第 1 行")

    run(app, story)


def test_switching_language_after_an_import_keeps_its_report_and_offers_it_no_more(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "c.csv", ["客户名,手机", "周一,13800000011", "周二,1380000"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        await pilot.click("#import-keep-good")
        await settle(pilot)
        await import_now(pilot)
        await pilot.press("f6")
        await settle(pilot)
        rebuilt = app.screen
        assert isinstance(rebuilt, ImportScreen) and rebuilt is not screen
        assert rebuilt.query_one("#import-keep-good", Checkbox).value
        assert text_of(app, "#import-summary").startswith("已导入 1/2 行")
        await import_now(pilot)  # the file is in the book: not imported twice
        assert rows_of(app, "SELECT count(*) FROM customers WHERE name = '周一'") == [(1,)]
        assert text_of(app, "#import-summary").startswith("已导入 1/2 行")

    run(app, story)


@pytest.mark.parametrize(("lang", "mark"), [("zh", "（隐藏）"), ("en", " (hidden)")])
def test_a_hidden_sheet_is_marked_in_the_sheet_list(
    app_factory, tmp_path: Path, lang: str, mark: str
) -> None:
    """As the command line lists them: a hidden sheet (a template's lookup table) is not
    taken for the seller's, and says so where they choose one."""
    app = app_factory(lang=lang)
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {"客户": [["姓名", "手机"], ["钱多多", "13800138000"]], "字典": [["姓名", "城市"]]},
    )
    workbook = openpyxl.load_workbook(path)
    workbook["字典"].sheet_state = "hidden"
    workbook.save(path)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        sheets = screen.query_one("#import-sheet", Select)
        assert sheets.value == "客户"
        shown = {value: str(prompt) for prompt, value in sheets._options}
        assert shown["客户"] == "客户" and shown["字典"] == f"字典{mark}"

    run(app, story)


def test_a_sheet_and_header_row_not_found_are_chosen_by_the_seller(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "说明": [["本表由小王整理"]],
            "名单": [["2024 名单"], [], ["称呼", "城市"], ["钱多多", "杭州"], ["孙小美", "上海"]],
        },
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        sheets = screen.query_one("#import-sheet", Select)
        assert "no sheet has a header row xiaoben recognises" in text_of(app, "#import-status")
        assert not sheets.disabled
        assert screen.sheets == ("说明", "名单")

        sheets.value = "名单"
        await settle(pilot)
        assert "sheet “名单” has no header row" in text_of(app, "#import-status")
        header_row = screen.query_one("#import-header-row", TextBox)
        header_row.value = "3"
        header_row.focus()
        await pilot.press("enter")
        await settle(pilot)

        assert "sheet “名单”, header in row 3, 2 rows of data" in text_of(app, "#import-status")
        await map_column(pilot, 0, "name")
        await import_now(pilot)
        assert rows_of(
            app, "SELECT name, city FROM customers WHERE name IN ('钱多多', '孙小美') ORDER BY id"
        ) == [("钱多多", "杭州"), ("孙小美", "上海")]

    run(app, story)


def test_a_big_file_is_dry_run_when_the_seller_asks(
    app_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "AUTO_CHECK_ROWS", 1)
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "c.csv", TITLED)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        assert text_of(app, "#import-summary") == (
            "2 rows: ctrl+r checks them all (changing nothing), ctrl+s imports them"
        )

        await pilot.press("ctrl+r")
        await settle(pilot)

        assert text_of(app, "#import-summary").startswith("Dry run (the book is unchanged): 2")

    run(app, story)


def test_a_dry_run_the_seller_asks_for_says_how_far_it_has_come(
    app_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 300,000-row file's dry run (ctrl+r) took ~50 s saying only "checking every row"
    (an outside tester's note): it says its stage and how far it is, as the import does."""
    monkeypatch.setattr(imports, "AUTO_CHECK_ROWS", 1)
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "c.csv", TITLED)
    halfway, go_on = threading.Event(), threading.Event()
    real = imports.import_table

    def slow_import(book, kind, table, progress, **options):  # type: ignore[no-untyped-def]
        progress("parse", 5, 10)
        halfway.set()
        go_on.wait(timeout=30)
        return real(book, kind, table, progress, **options)

    monkeypatch.setattr(imports, "import_table", slow_import)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await pilot.press("ctrl+r")
        deadline = time.monotonic() + 30
        while "50%" not in text_of(app, "#import-summary"):
            assert time.monotonic() < deadline, text_of(app, "#import-summary")
            await pilot.pause(0.05)
        assert text_of(app, "#import-summary").startswith("Checking every row (a dry run) … ")
        go_on.set()
        await settle(pilot)
        assert text_of(app, "#import-summary").startswith("Dry run (the book is unchanged): 2")

    run(app, story)


async def a_namesake_opened(pilot: Pilot[None], tmp_path: Path) -> None:
    """王小明 (13800000001) imported, then a file of a 王小明 of another phone opened: a new
    customer of a name the book has, listed as a near match."""
    first = write_csv(tmp_path / "a.csv", ["客户名,手机", "王小明,13800000001"])
    second = write_csv(tmp_path / "b.csv", ["客户名,手机", "王小明,13900000009"])
    await open_file(pilot, first)
    await import_now(pilot)
    await pilot.press("escape")
    await settle(pilot)
    await open_file(pilot, second)


def test_near_matches_are_listed_for_review_before_importing(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await a_namesake_opened(pilot, tmp_path)

        summary = text_of(app, "#import-summary")
        assert "1 row looks like a customer already in the book (not merged; review it):" in (
            summary
        )
        assert "line 2: new customer “王小明” (13900000009) has the name of 王小明" in summary
        await pilot.press("escape")
        await settle(pilot)

        await open_file(pilot, third)  # 王小明's phone under another name: held back

        summary = text_of(app, "#import-summary")
        assert (
            "1 row was not imported: its phone, WeChat ID or shop account is another customer's"
            in summary
        )

    third = write_csv(tmp_path / "c.csv", ["客户名,手机", "王大明,13800000001"])
    run(app, story)


def test_more_near_matches_than_the_report_shows_are_kept_whole_beside_the_book(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    names = ["王小明", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵磊"]
    first = write_csv(
        tmp_path / "a.csv",
        ["客户名,手机", *(f"{name},1380000000{n}" for n, name in enumerate(names))],
    )
    second = write_csv(
        tmp_path / "b.csv",
        ["客户名,手机", *(f"{name},1390000000{n}" for n, name in enumerate(names))],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, first)
        await import_now(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await open_file(pilot, second)
        await import_now(pilot)

        book = app.book.path
        (kept,) = book.parent.glob(f"{book.stem}-near-matches-*.txt")
        lines = kept.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 7 and all("has the name of" in line for line in lines)
        summary = text_of(app, "#import-summary")
        assert "… and 2 more" in summary
        assert f"the whole list is in {kept}" in summary.replace("\n", "")

    run(app, story)


def test_the_path_completes_from_what_is_on_disk(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text("")
    (tmp_path / "data").mkdir()
    (tmp_path / ".hidden").write_text("")
    suggester = PathSuggester()

    async def suggestions() -> list[str | None]:
        return [
            await suggester.get_suggestion(f"{tmp_path}/cu"),
            await suggester.get_suggestion(f"{tmp_path}/d"),
            await suggester.get_suggestion(f"{tmp_path}/."),
            await suggester.get_suggestion(f"{tmp_path}/nothing/x"),
        ]

    assert asyncio.run(suggestions()) == [
        f"{tmp_path}/customers.csv",
        f"{tmp_path}/data/",
        None,
        None,
    ]


def test_the_path_completes_only_as_far_as_every_file_of_it_agrees(tmp_path: Path) -> None:
    """An outside tester's day one: 客户_ beside 客户_old.xls and 客户_大.xlsx completed to
    last year's file without a word that another matched. As a shell does: as far as the
    names agree, then nothing until the seller types which."""
    for name in ("客户.xlsx", "客户2.xlsx", "客户_大.xlsx", "客户_old.xls", "客户_old2.xls"):
        (tmp_path / name).write_text("")
    suggester = PathSuggester()

    async def suggestion(typed: str) -> str | None:
        return await suggester.get_suggestion(f"{tmp_path}/{typed}")

    async def suggestions() -> list[str | None]:
        return [await suggestion(typed) for typed in ("客户_", "客户_o", "客户_old2", "客户2")]

    assert asyncio.run(suggestions()) == [
        None,  # 客户_大.xlsx and 客户_old…: nothing beyond what is typed
        f"{tmp_path}/客户_old",  # as far as 客户_old.xls and 客户_old2.xls agree
        f"{tmp_path}/客户_old2.xls",
        f"{tmp_path}/客户2.xlsx",
    ]


def test_an_order_imported_before_is_skipped_or_updated_as_the_seller_chooses(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    header = "手机,姓名,订单号,商品,日期,实付金额"
    first = write_csv(
        tmp_path / "orders.csv", [header, "13811112222,吴新,T1001,茶叶,2026-11-01,88"]
    )
    again = write_csv(
        tmp_path / "orders-2.csv", [header, "13811112222,吴新,T1001,茶叶,2026-11-01,99"]
    )
    bought = (
        "SELECT p.amount_cents FROM purchases p JOIN customers c ON c.id = p.customer_id"
        " WHERE c.name = '吴新'"
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, first)
        assert screen.kind == "purchases"
        assert screen.query_one("#import-order-duplicate").display
        assert not screen.query_one("#import-on-duplicate").display
        await pilot.click("#import-create-missing")
        await settle(pilot)
        await import_now(pilot)
        assert rows_of(app, bought) == [(8800,)]
        await pilot.press("escape")
        await settle(pilot)

        screen = await open_file(pilot, again)  # the default: the order is left as it is
        assert screen.query_one("#import-order-duplicate", Select).value == "skip"
        await import_now(pilot)
        assert rows_of(app, bought) == [(8800,)]
        await pilot.press("escape")
        await settle(pilot)

        screen = await open_file(pilot, again)
        screen.query_one("#import-order-duplicate", Select).value = "update"
        await settle(pilot)
        await import_now(pilot)
        assert rows_of(app, bought) == [(9900,)]  # the corrected amount, not a second one
        assert "1 purchase of an order imported before updated" in text_of(app, "#import-summary")

    run(app, story)


def test_the_report_says_how_many_regions_came_from_addresses() -> None:
    from xiaoben.models.i18n import t
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    said = t("importer.regions", count=2)
    lines = report_lines(ImportReport(rows=3, imported=3, derived_regions=2), False, done=True)
    assert said in lines
    assert said not in report_lines(ImportReport(rows=1), False)


def test_the_report_counts_the_orders_refunded_in_part() -> None:
    from xiaoben.models.i18n import t
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    said = t("import.partial_refunds", count=2)
    lines = report_lines(ImportReport(rows=4, imported=4, partial_refunds=2), False, done=True)
    assert said in lines
    assert said not in report_lines(ImportReport(rows=4, imported=4), False, done=True)


def test_the_report_tells_purchases_removed_from_purchases_updated() -> None:
    """--on-duplicate update: an order closed since the last import takes its purchase
    out of the book; said as removed, not as updated."""
    from xiaoben.models.i18n import t
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    report = ImportReport(rows=3, imported=0, updated_purchases=1, removed_purchases=2)
    lines = report_lines(report, False, done=True)
    assert t("importer.orders_updated", count=1) in lines
    assert t("importer.orders_removed", count=2) in lines
    assert "2" in t("importer.orders_removed", "zh", count=2)


def test_the_report_tells_orders_left_as_in_the_book_and_how_to_update_them() -> None:
    """--on-duplicate skip: an order in the book the file says was closed or refunded since
    is left as it is, said as such with the choice that applies it (not counted closed)."""
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    report = ImportReport(rows=2, restated_closed=1, restated_refunded=1)
    said = "\n".join(report_lines(report, False, done=True))
    assert "2 orders imported before have a new status in this file (1 closed" in said
    assert "“Update that purchase” under “Order numbers imported before”" in said
    assert "closed or cancelled (not purchases)" not in said


def test_the_report_tells_items_imported_into_orders_the_book_held() -> None:
    """A row of an order in the book naming an item the book did not hold for it (left out
    by a --keep-good import, another page of an export) is imported and said."""
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    report = ImportReport(rows=2, imported=1, known_orders=1)
    report.add_new_item(7, "9001", "玫瑰面霜")
    said = "\n".join(report_lines(report, False, done=True))
    assert (
        "1 row is an item of orders already in the book that the book did not hold (line 7: "
        "order 9001, 玫瑰面霜;"
    ) in said


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "2 rows had a masked or relay number (line 4: 139****0001): kept in the notes,"),
        ("zh", "2 行有隐藏或转接号码（如第 4 行的 139****0001）：记入备注，不作电话"),
    ],
)
def test_the_report_says_how_many_rows_had_a_masked_or_relay_number(
    monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    monkeypatch.setattr("xiaoben.models.i18n._current", lang)
    report = ImportReport(rows=3, imported=3, hidden_phones=2, first_hidden=(4, "139****0001"))
    lines = report_lines(report, False, done=True)
    assert any(said in line for line in lines), lines
    assert said[2:] not in "".join(report_lines(ImportReport(rows=1), False))


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "2 names held a mobile (line 3: “王芳 13800138001”): read as the name and a phone"),
        ("zh", "2 个姓名带着手机号（如第 3 行 “王芳 13800138001”）：分开为姓名和电话"),
    ],
)
def test_the_report_says_how_many_names_held_a_mobile(
    monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    monkeypatch.setattr("xiaoben.models.i18n._current", lang)
    report = ImportReport(
        rows=3, imported=3, name_phones=2, first_name_phone=(3, "王芳 13800138001")
    )
    lines = report_lines(report, False, done=True)
    assert any(said in line for line in lines), lines
    assert said[2:] not in "".join(report_lines(ImportReport(rows=1), False))


@pytest.mark.parametrize(
    ("lang", "header", "said"),
    [
        ("en", "客户名,手机", "the file has a header but not one row under it"),
        ("zh", "客户,日期,金额", "文件只有表头，表头下面没有一行数据"),
    ],
)
def test_a_file_with_a_header_and_no_rows_says_so_and_imports_nothing(
    app_factory, tmp_path: Path, lang: str, header: str, said: str
) -> None:
    app = app_factory(lang=lang)
    path = write_csv(tmp_path / "only.csv", [header])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        before = app.book.customer_count()
        screen = await open_file(pilot, path)
        assert said in text_of(app, "#import-summary")  # the check says it before the import

        await import_now(pilot)

        summary = text_of(app, "#import-summary")
        assert said in summary
        assert "0 of 0" not in summary and "0/0" not in summary
        assert not screen.imported
        assert app.book.customer_count() == before

    run(app, story)


def test_a_bad_phone_in_a_second_phone_column_is_named_by_that_column(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = write_csv(
        tmp_path / "c.csv",
        ["客户名,手机,电话,手机2", "周一,13800000011,,abc", "周二,13800000012,,"],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await pilot.click("#import-keep-good")
        await settle(pilot)
        await import_now(pilot)

        summary = text_of(app, "#import-summary")
        assert "line 2 · 手机2: phone: “abc”" in summary  # before: under 电话, the main one
        assert rows_of(app, "SELECT name FROM customers WHERE name LIKE '周%'") == [("周二",)]

    run(app, story)


def test_ctrl_s_typed_before_the_next_file_is_read_imports_nothing(
    app_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fast fingers: another path, Enter and ctrl+s at once. Until that file is read the
    screen holds the previous one; ctrl+s imported it (5,000 phone contacts instead of the
    sheet now on screen). It must say the file is still being read and import nothing."""
    first = write_csv(tmp_path / "first.csv", TITLED)
    second = write_csv(tmp_path / "second.csv", ["姓名,手机", "赵大宝,13800000009"])
    read_any = imports.read_any

    def slow_read(path: Path, **options: object) -> object:
        if path.name == "second.csv":
            time.sleep(0.5)
        return read_any(path, **options)  # type: ignore[arg-type]  # as the screen calls it

    app = app_factory(lang="zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, first)
        monkeypatch.setattr(imports, "read_any", slow_read)
        screen.query_one("#import-path", TextBox).value = str(second)
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        assert rows_of(app, "SELECT count(*) FROM customers WHERE name = '王小明'") == [(0,)]
        assert rows_of(app, "SELECT count(*) FROM customers WHERE name = '赵大宝'") == [(0,)]
        await import_now(pilot)  # read now: ctrl+s imports what the screen shows
        assert rows_of(app, "SELECT count(*) FROM customers WHERE name = '赵大宝'") == [(1,)]
        assert rows_of(app, "SELECT count(*) FROM customers WHERE name = '王小明'") == [(0,)]

    run(app, story)


def test_switching_language_keeps_the_sheet_header_row_and_every_choice(
    app_factory, tmp_path: Path
) -> None:
    """F6 builds the screen anew: the sheet and header row the seller chose (the workbook's
    first sheet is not it), the mapping edited (a column ignored), the ticks and the choice
    for a duplicate are all there in the other language."""
    app = app_factory(lang="en")
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "说明": [["本表由小王整理"]],
            "名单": [["2024 名单"], [], ["称呼", "城市", "备注"], ["钱多多", "杭州", "老客"]],
        },
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        screen.query_one("#import-sheet", Select).value = "名单"
        await settle(pilot)
        header_row = screen.query_one("#import-header-row", TextBox)
        header_row.value = "3"
        header_row.focus()
        await pilot.press("enter")
        await settle(pilot)
        await map_column(pilot, 0, "name")
        await map_column(pilot, 2, "ignore")
        await pilot.click("#import-keep-good")
        screen.query_one("#import-on-duplicate", Select).value = "skip"
        await settle(pilot)

        await pilot.press("f6")
        await settle(pilot)

        rebuilt = app.screen
        assert isinstance(rebuilt, ImportScreen) and rebuilt is not screen
        assert rebuilt.query_one("#import-path", TextBox).value == str(path)
        assert rebuilt.query_one("#import-sheet", Select).value == "名单"
        assert rebuilt.query_one("#import-header-row", TextBox).value == "3"
        assert "工作表“名单”，列名在第 3 行" in text_of(app, "#import-status")
        assert rebuilt.chosen == {"称呼": "name", "备注": "ignore"}
        assert rebuilt.mapping_error == ""
        assert rebuilt.query_one("#import-keep-good", Checkbox).value
        assert rebuilt.query_one("#import-on-duplicate", Select).value == "skip"
        await import_now(pilot)  # the 备注 column ignored, as chosen before the switch
        kept = rows_of(app, "SELECT city, notes FROM customers WHERE name = '钱多多'")
        assert kept == [("杭州", "")]

    run(app, story)


def test_switching_language_after_an_import_says_its_bad_rows_in_the_new_language(
    app_factory, tmp_path: Path
) -> None:
    """The report's row messages (field and rule) follow F6 as every label around them
    does: they stayed in the language the import ran in."""
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "c.csv", ["客户名,手机", "周一,13800000011", "周二,1380000"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await pilot.click("#import-keep-good")
        await settle(pilot)
        await import_now(pilot)
        english = "phone: a mainland mobile has 11 digits starting with 1 (got “1380000”)"
        assert english in text_of(app, "#import-summary")

        await pilot.press("f6")
        await settle(pilot)

        summary = text_of(app, "#import-summary")
        said = "第 3 行 · 手机：电话：手机号须为 11 位数字、以 1 开头（收到 “1380000”）"
        assert said in summary, summary
        assert "mainland" not in summary

        await pilot.press("f6")
        await settle(pilot)
        assert english in text_of(app, "#import-summary")

    run(app, story)


def test_switching_language_after_an_import_refused_says_why_in_the_new_language(
    app_factory, tmp_path: Path
) -> None:
    """An all-or-nothing import refused, then F6: the refusal and its bad rows are said in
    the new language (the file is gone meanwhile: the report is all there is to read)."""
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "c.csv", ["客户名,手机", "周一,13800000011", "周二,1380000"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await import_now(pilot)
        assert text_of(app, "#import-summary").startswith("import cancelled: 1 of 2 rows")
        path.unlink()

        await pilot.press("f6")
        await settle(pilot)

        summary = text_of(app, "#import-summary")
        assert summary.startswith("导入已取消：2 行中有 1 行有问题"), summary
        assert "第 3 行 · 手机：电话：手机号须为 11 位数字" in summary, summary

    run(app, story)


def test_switching_language_after_an_import_lists_its_near_matches_in_the_new_language(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await a_namesake_opened(pilot, tmp_path)
        await import_now(pilot)
        assert "line 2: new customer “王小明”" in text_of(app, "#import-summary")

        await pilot.press("f6")
        await settle(pilot)

        summary = text_of(app, "#import-summary")
        assert "第 2 行：新客户“王小明”（13900000009）与已有的 王小明" in summary, summary
        assert "new customer" not in summary

    run(app, story)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_every_choice_of_the_field_picker_can_be_highlighted_on_screen(
    app_factory, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = app_factory(lang="en")
    path = write_csv(
        tmp_path / "拼多多.csv",
        [
            "收货人,手机,订单号,用户实付金额(元),支付时间,省,市,区,其它",
            "李四,13800138002,1,92,2024-03-05,浙江,杭州,西湖区,x",
        ],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        table = app.screen.query_one(MappingTable)
        table.focus()
        table.move_cursor(row=8)
        await pilot.press("enter")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, FieldPicker)
        options = picker.query_one(OptionList)
        dialog = options.parent
        assert dialog is not None
        await pilot.press("end")
        for _ in range(options.option_count):  # each choice, from the last up to the first
            await pilot.pause()
            at = options.highlighted
            assert at is not None
            line = options.region.y + at - int(options.scroll_y)
            # the highlighted line is inside the list and the list inside the dialog's border
            assert options.region.y <= line < options.region.bottom
            assert options.region.bottom <= dialog.region.bottom - 1 <= size[1]
            await pilot.press("up")

    run(app, story, size=size)


def test_a_closed_order_is_previewed_as_left_out_and_a_refunded_one_as_refunded(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = write_csv(
        tmp_path / "订单.csv",
        [
            "订单号,收货人,手机,实付金额,支付时间,订单状态",
            "A1,李四,13800138002,92,2024-03-05 10:00:00,已签收",
            "A2,李四,13800138002,50,2024-03-06 10:00:00,已取消",
            "A3,李四,13800138002,30,2024-03-07 10:00:00,退款成功",
        ],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        await tick(pilot, "#import-create-missing")  # 李四 is no customer of the book
        preview = screen.query_one(PreviewTable)

        verdicts = [str(preview.get_row_at(at)[-1]) for at in range(preview.row_count)]
        assert verdicts == [
            "✓ ok",
            "— a closed or cancelled order: no purchase, not imported",
            "✓ refunded: recorded as a fully refunded purchase",
        ]
        await pilot.press("f6")
        await settle(pilot)
        preview = app.screen.query_one(PreviewTable)
        verdicts = [str(preview.get_row_at(at)[-1]) for at in range(preview.row_count)]
        assert verdicts[1] == "— 已关闭或取消的订单，不算购买，不导入"

    run(app, story)


def test_a_hidden_column_is_named_on_the_import_screen(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="zh")
    path = tmp_path / "客户.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "手机", "备用电话"])
    workbook.active.append(["王芳", "13800138000", "13999999999"])
    workbook.active.column_dimensions["C"].hidden = True
    workbook.save(path)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)

        notes = text_of(app, "#import-notes")
        assert "隐藏的列：工作表中有 1 列被隐藏（在 Excel 或 WPS 中看不到）：C “备用电话”" in notes

    run(app, story)


def test_a_contacts_file_counts_its_refused_card_as_the_dry_run_does(
    app_factory, tmp_path: Path
) -> None:
    """ "3 contacts" above "4 rows" was said of a file of four cards, one of them refused:
    the refused card is one of the file's contacts."""
    app = app_factory(lang="en")
    path = tmp_path / "android.vcf"
    path.write_text(CUT_NAME + VCARD4, encoding="utf-8")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)

        assert "android.vcf: 2 contacts (utf-8)" in text_of(app, "#import-status")
        verdicts = screen.query_one(PreviewTable).verdicts
        assert "name starting “黎”, tel. 13900139002, 0571-88888888" in verdicts["3"]
        await import_now(pilot)
        assert text_of(app, "#import-summary").startswith(
            "import cancelled: 1 of 2 rows has problems"
        )

    run(app, story)


def test_a_customers_dry_run_writes_its_counts_with_thousands_separators() -> None:
    """The count before the dry run said 40,000 rows, the dry run 40000 (an outside
    tester's finding)."""
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    report = ImportReport(rows=40_000, imported=39_998, created_customers=39_998)
    assert report_lines(report, True)[0].startswith(
        "Dry run (the book is unchanged): 40,000 rows, 39,998 would import; 39,998 customers"
    )


def test_not_ready_to_import_goes_on_in_lower_case(app_factory) -> None:
    """en: "Not ready to import: Type the path…", a capital after the colon."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        told = [str(n.message) for n in app._notifications]
        assert "Not ready to import: type the path of the file to import first" in told, told

    run(app_factory(lang="en"), story)
