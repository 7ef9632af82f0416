"""A customers sheet's name cell merged down over two rows (李娜 over the rows of her two
phones) is one customer: the rows under it fold into the first row's customer, as rows of
one customer do, instead of making two 李娜. Importing the sheet again changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from tests.book_helpers import customer
from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportReport, import_table


def _import(book: Book, path: Path, **options: object) -> ImportReport:
    table = read_any(path, kind="customers")
    return import_table(book, "customers", table, lambda *_: None, **options)


def _sheet(path: Path, header: list[str], rows: list[list[object]], *merges: str) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "客户"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


def _customers(book: Book) -> list[tuple[object, ...]]:
    return book.conn.execute(
        "SELECT name, code, phones, wechat, address FROM customers ORDER BY id"
    ).fetchall()


def _li_na(tmp_path: Path) -> Path:
    return _sheet(
        tmp_path / "客户.xlsx",
        ["姓名", "手机", "微信"],
        [
            ["王芳", "13800138001", "wf_8888"],
            ["李娜", "13800138002", "ln_2020"],
            [None, "13900139002", None],
        ],
        "A3:A4",
    )


def test_rows_under_one_merged_name_cell_are_one_customer(book: Book, tmp_path: Path) -> None:
    sheet = _li_na(tmp_path)

    report = _import(book, sheet)

    assert (report.imported, report.created_customers, report.held_back) == (3, 2, 0)
    assert report.near_matches == []
    assert _customers(book) == [
        ("王芳", None, '["+8613800138001"]', "wf_8888", ""),
        ("李娜", None, '["+8613800138002", "+8613900139002"]', "ln_2020", ""),
    ]
    before = book.conn.execute("SELECT id, version FROM customers").fetchall()
    again = _import(book, sheet)
    assert again.nothing_changed
    assert (again.created_customers, again.updated_customers) == (0, 0)
    assert book.conn.execute("SELECT id, version FROM customers").fetchall() == before


def test_a_merged_name_over_three_rows_brings_each_rows_cells(book: Book, tmp_path: Path) -> None:
    sheet = _sheet(
        tmp_path / "c.xlsx",
        ["姓名", "手机", "微信", "地址"],
        [
            ["李娜", "13800138002", None, None],
            [None, "13900139002", "ln_2020", None],
            [None, None, None, "浙江省杭州市西湖区文三路 1 号"],
        ],
        "A2:A4",
    )

    report = _import(book, sheet)

    assert (report.imported, report.created_customers) == (3, 1)
    [(name, _, phones, wechat, address)] = _customers(book)
    assert (name, phones, wechat) == ("李娜", '["+8613800138002", "+8613900139002"]', "ln_2020")
    assert address == "浙江省杭州市西湖区文三路 1 号"
    assert _import(book, sheet).nothing_changed


def test_a_merged_name_finds_the_customer_in_the_book(book: Book, tmp_path: Path) -> None:
    held = customer(book, "李娜", phones=["13800138002"])

    report = _import(book, _li_na(tmp_path))

    assert (report.created_customers, report.updated_customers) == (1, 1)
    assert book.get_customer(held.id or 0).phones == ["+8613800138002", "+8613900139002"]


def test_skip_leaves_the_book_s_customer_and_folds_a_new_one(book: Book, tmp_path: Path) -> None:
    held = customer(book, "李娜", phones=["13800138002"])
    report = _import(book, _li_na(tmp_path), on_duplicate="skip")

    assert (report.created_customers, report.skipped_customers) == (1, 1)
    assert book.get_customer(held.id or 0).phones == ["+8613800138002"]
    assert book.conn.execute("SELECT count(*) FROM customers").fetchone() == (2,)

    fresh = _sheet(
        tmp_path / "new.xlsx",
        ["姓名", "手机"],
        [["赵敏", "13700137001"], [None, "13700137002"]],
        "A2:A3",
    )
    report = _import(book, fresh, on_duplicate="skip")
    assert report.created_customers == 1
    zhao = book.find_customer("13700137002")
    assert zhao is not None and zhao.phones == ["+8613700137001", "+8613700137002"]


def test_a_row_under_a_merged_name_is_held_back_with_its_first(book: Book, tmp_path: Path) -> None:
    """The first row's phone and WeChat ID are 张三's (another name): held back, and the row
    of her second phone with it (it would make a 李娜 of half her), listed; the book
    unchanged."""
    customer(book, "张三", phones=["13800138002"], wechat="ln_2020")
    before = _customers(book)

    report = _import(book, _li_na(tmp_path))

    assert report.held_back_for == {"keys": 2}
    assert report.created_customers == 1  # 王芳
    assert report.near_matches[-1] == (
        "line 4: shares one merged name cell (李娜) with line 3, one customer: not imported, "
        "as line 3 was not"
    )
    assert _customers(book)[: len(before)] == before
    assert book.find_customer("13900139002") is None


def test_a_row_under_a_merged_name_is_refused_with_its_first(book: Book, tmp_path: Path) -> None:
    sheet = _sheet(
        tmp_path / "c.xlsx",
        ["姓名", "手机", "生日"],
        [["李娜", "13800138002", "2099-01-01"], [None, "13900139002", None]],
        "A2:A3",
    )

    report = _import(book, sheet, keep_good=True)

    assert [error.line for error in report.errors] == [2, 3]
    assert report.errors[1].message == (
        "name: shares one merged name cell with line 2, one customer, and line 2 was not "
        "imported (see its error): not imported either"
    )
    assert report.created_customers == 0


def test_rows_of_codes_of_their_own_under_a_merged_name_are_two(book: Book, tmp_path: Path) -> None:
    sheet = _sheet(
        tmp_path / "c.xlsx",
        ["编号", "姓名", "手机"],
        [["C1", "李娜", "13800138002"], ["C2", None, "13900139002"]],
        "B2:B3",
    )

    report = _import(book, sheet)

    assert report.created_customers == 2
    assert [row[:2] for row in _customers(book)] == [("李娜", "C1"), ("李娜", "C2")]


@pytest.mark.parametrize("code_merged", [True, False])
def test_a_code_merged_with_the_name_is_given_once(
    book: Book, tmp_path: Path, code_merged: bool
) -> None:
    """The code cell merged over the rows too is one code, not one given twice (refused)."""
    merges = ("A2:A3", "B2:B3") if code_merged else ("B2:B3",)
    sheet = _sheet(
        tmp_path / "c.xlsx",
        ["编号", "姓名", "手机"],
        [["C1", "李娜", "13800138002"], [None, None, "13900139002"]],
        *merges,
    )

    report = _import(book, sheet)

    assert (report.created_customers, report.bad_rows) == (1, 0)
    assert _customers(book) == [("李娜", "C1", '["+8613800138002", "+8613900139002"]', None, "")]
    assert _import(book, sheet).nothing_changed


def test_an_ods_name_merged_over_two_rows_is_one_customer(book: Book, tmp_path: Path) -> None:
    """An .ods's merged cells come from its XML (ods_scan): the same one customer."""
    from tests.test_import_ods_merged import COVERED, text
    from tests.workbook_helpers import write_ods

    rows = [
        [text("姓名"), text("手机")],
        [text("李娜", down=2), text("13800138002")],
        [COVERED, text("13900139002")],
    ]
    sheet = write_ods(tmp_path / "客户.ods", "客户", rows)

    report = _import(book, sheet)

    assert (report.imported, report.created_customers) == (2, 1)
    assert _customers(book) == [("李娜", None, '["+8613800138002", "+8613900139002"]', None, "")]
    assert _import(book, sheet).nothing_changed


def test_a_merged_name_cell_holding_a_mobile_is_counted_once(book: Book, tmp_path: Path) -> None:
    sheet = _sheet(
        tmp_path / "客户.xlsx",
        ["姓名", "手机"],
        [["李娜 13800138002", "13900139002"], [None, "13700137002"], ["王芳", "13800138001"]],
        "A2:A3",
    )

    report = _import(book, sheet)

    assert report.name_phones == 1  # one cell, over two rows
    assert report.first_name_phone == (2, "李娜 13800138002")
    assert [name for name, *_ in _customers(book)] == ["李娜", "王芳"]


# --- the keys of a row under a merged name cell: checked as any row's --------------------------


def test_a_merged_row_s_phone_of_a_customer_in_the_book_is_held_back(
    book: Book, tmp_path: Path
) -> None:
    """Her second row's phone is 张三's: not added to 李娜 unsaid, held back for review naming
    both; her first row comes in, and importing again does the same."""
    zhang = customer(book, "张三", phones=["13900139002"])

    report = _import(book, _li_na(tmp_path))

    assert report.held_back_for == {"keys": 1}
    assert report.near_matches == [
        "line 4: shares one merged name cell with line 3, 李娜 (#3), but its 13900139002 is "
        "张三 (#1)'s: not imported, check"
    ]
    assert book.get_customer(zhang.id or 0).phones == ["+8613900139002"]
    li_na = book.find_customer("13800138002")
    assert li_na is not None and li_na.phones == ["+8613800138002"]
    again = _import(book, _li_na(tmp_path))
    assert (again.held_back_for, again.created_customers) == ({"keys": 1}, 0)
    assert book.get_customer(li_na.id or 0).phones == ["+8613800138002"]


def test_a_merged_row_s_phone_of_another_row_of_the_file_is_held_back(
    book: Book, tmp_path: Path
) -> None:
    sheet = _sheet(
        tmp_path / "客户.xlsx",
        ["姓名", "手机"],
        [["王芳", "13900139002"], ["李娜", "13800138002"], [None, "13900139002"]],
        "A3:A4",
    )

    report = _import(book, sheet)

    assert report.held_back_for == {"keys": 1}
    assert report.near_matches == [
        "line 4: shares one merged name cell with line 3, 李娜 (#2), but its 13900139002 is "
        "王芳 (#1)'s: not imported, check"
    ]
    assert _customers(book) == [
        ("王芳", None, '["+8613900139002"]', None, ""),
        ("李娜", None, '["+8613800138002"]', None, ""),
    ]


def test_a_merged_row_s_wechat_id_of_another_customer_is_held_back(
    book: Book, tmp_path: Path
) -> None:
    customer(book, "张三", wechat="ln_2020")
    sheet = _sheet(
        tmp_path / "客户.xlsx",
        ["姓名", "手机", "微信"],
        [["李娜", "13800138002", None], [None, None, "ln_2020"]],
        "A2:A3",
    )

    report = _import(book, sheet)

    assert (report.held_back_for, report.bad_rows) == ({"keys": 1}, 0)
    assert report.near_matches == [
        "line 3: shares one merged name cell with line 2, 李娜 (#2), but its ln_2020 is "
        "张三 (#1)'s: not imported, check"
    ]
    assert _customers(book)[1] == ("李娜", None, '["+8613800138002"]', None, "")


def test_a_merged_row_s_phone_she_shares_already_is_hers(book: Book, tmp_path: Path) -> None:
    """A family landline the book gives 李娜 and 张三 both: hers, no conflict."""
    customer(book, "张三", phones=["057188881234"])
    customer(book, "李娜", phones=["13800138002", "057188881234"])
    sheet = _sheet(
        tmp_path / "客户.xlsx",
        ["姓名", "手机"],
        [["李娜", "13800138002"], [None, "0571-88881234"]],
        "A2:A3",
    )

    report = _import(book, sheet)

    assert (report.held_back_for, report.near_matches, report.imported) == ({}, [], 2)


def test_a_merged_row_on_a_colleague_s_switchboard_is_hers(book: Book, tmp_path: Path) -> None:
    """Her desk's extension on the switchboard 张三 sits on with another one: a colleague
    apart, as for any row (not held back)."""
    customer(book, "张三", phones=["057188888888"], notes="带分机的电话：0571-8888 8888 转 101")
    sheet = _sheet(
        tmp_path / "客户.xlsx",
        ["姓名", "手机"],
        [["李娜", "13800138002"], [None, "0571-8888 8888 转 102"]],
        "A2:A3",
    )

    report = _import(book, sheet)

    assert (report.held_back_for, report.near_matches) == ({}, [])
    assert _customers(book)[1][2] == '["+8613800138002", "+8657188888888"]'


def test_the_held_back_merged_row_is_said_in_chinese(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = _sheet(
        tmp_path / "客户.xlsx",
        ["姓名", "手机"],
        [["王芳", "13900139002"], ["李娜", "13800138002"], [None, "13900139002"]],
        "A3:A4",
    )

    result = run("--lang", "zh", "import", "customers", people)

    assert "1 行未导入：其电话、微信或买家账号属于另一位客户" in result.output
    assert (
        "第 4 行：与第 3 行同在一个合并的姓名单元格里，是 李娜 (#2)，但本行的 13900139002 是 "
        "王芳 (#1) 的：未导入，请核对"
    ) in result.output


def test_a_later_row_of_a_merged_row_s_phone_is_held_back_naming_her(
    book: Book, tmp_path: Path
) -> None:
    """Her merged row comes first: the phone is hers, and 王芳's later row giving it is held
    back naming her, as any row of another customer's phone is (said, whichever comes
    first)."""
    sheet = _sheet(
        tmp_path / "客户.xlsx",
        ["姓名", "手机"],
        [["李娜", "13800138002"], [None, "13900139002"], ["王芳", "13900139002"]],
        "A2:A3",
    )

    report = _import(book, sheet)

    assert report.held_back_for == {"keys": 1}
    assert report.near_matches == [
        "line 4: 13900139002 belongs to 李娜 (#1) but this row names “王芳”: not imported"
    ]
    assert _customers(book) == [("李娜", None, '["+8613800138002", "+8613900139002"]', None, "")]


def test_a_merged_row_s_shop_account_of_another_customer_is_held_back(
    book: Book, tmp_path: Path
) -> None:
    customer(book, "张三", notes="买家账号：tb_xiaowang88")
    sheet = _sheet(
        tmp_path / "客户.xlsx",
        ["姓名", "手机", "买家会员名"],
        [["李娜", "13800138002", None], [None, None, "tb_xiaowang88"]],
        "A2:A3",
    )

    report = _import(book, sheet)

    assert report.held_back_for == {"keys": 1}
    assert report.near_matches == [
        "line 3: shares one merged name cell with line 2, 李娜 (#2), but its tb_xiaowang88 is "
        "张三 (#1)'s: not imported, check"
    ]
    assert book.conn.execute("SELECT notes FROM customers WHERE name = '李娜'").fetchall() == [
        ("",)
    ]
