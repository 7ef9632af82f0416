"""A purchases file's 客户 cell that reads as a person's name (王芳, Lily) makes, with
--create-missing, a customer of that name and no code; one that reads as a code (C001,
10023, VIP-7) is the new customer's code too, as CDNOW's numeric ids are. The customers
sheet that then gives 王芳's phone fills the 王芳 the orders made (no second 王芳), and the
next purchases file naming 王芳 finds her: an outside tester's first day, in the CLI and
through import_table, which the app's Import screen calls."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from tests.book_helpers import customer, table_of, write_csv
from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportReport, import_table
from xiaoben.store.purchase_writer import reads_as_name


@pytest.mark.parametrize(
    "cell",
    [
        *("王芳", "欧阳娜娜", "不存在的人", "阿卜杜·热合曼", " 李娜 "),
        *("Lily", "Wang Fang", "Mary-Jane", "O'Brien", "J. Smith", "Zoë", "Иван"),
    ],
)
def test_a_persons_name_reads_as_a_name(cell: str) -> None:
    assert reads_as_name(cell)


@pytest.mark.parametrize(
    "cell",
    [
        *("C001", "10023", "00001", "VIP-7", "会员13800138041", "王芳2", "Wang Fang2", "#12", ""),
        *("ABC", "VIP-A", "Lily王", "Wang_Fang", "a--b", "a" * 3000 + "!"),  # (and no backtracking)
    ],
)
def test_a_code_reads_as_no_name(cell: str) -> None:
    assert not reads_as_name(cell)


def _customers(path: Path) -> list[tuple[str, str | None, list[str]]]:
    rows = table_of(path, "SELECT name, code, phones FROM customers ORDER BY id")
    return [
        (str(name), None if code is None else str(code), json.loads(str(phones)))
        for name, code, phones in rows
    ]


def test_a_customer_cell_of_a_name_makes_no_code_and_a_code_stays_one(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(
        tmp_path / "订单.csv",
        [
            "客户,日期,金额",
            "王芳,2026-11-01,128.5",
            "C001,2026-11-02,10",
            "10023,2026-11-03,11",
            "VIP-7,2026-11-04,12",
            "王芳,2026-11-05,13",  # the 王芳 the first row made
            "Lily,2026-11-06,14",  # a name in Latin letters: no code either
            "ABC,2026-11-07,15",  # capitals alone: a code
            "Lily,2026-11-08,16",
        ],
    )

    result = run("import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [
        ("王芳", None, []),
        ("C001", "C001", []),
        ("10023", "10023", []),
        ("VIP-7", "VIP-7", []),
        ("Lily", None, []),
        ("ABC", "ABC", []),
    ]
    bought = table_of(book_path, "SELECT customer_id FROM purchases ORDER BY id")
    assert bought == [(1,), (2,), (3,), (4,), (1,), (5,), (6,), (5,)]


def test_a_customer_cell_of_a_name_and_a_mobile_makes_her_with_that_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A 客户 cell alone that is a name and a mainland mobile makes the customer of that
    name with that phone, no code (as a 姓名 cell does); words that make it a code or the
    phone's label (会员, 手机) keep it whole. The next file finds her by the phone."""
    bills = write_csv(
        tmp_path / "订单.csv",
        [
            "客户,日期,金额",
            "王芳 13800138001,2026-11-01,10",
            "13800138002 李娜,2026-11-02,11",
            "会员13800138041,2026-11-03,12",  # a code made of a phone
            "王芳 13800138001,2026-11-04,13",  # the 王芳 line 2 made
            "手机13800138005,2026-11-05,14",  # a phone's label: no name
            "王芳,2026-11-06,15",  # her name alone: her too
            "Lily 13800138009,2026-11-07,16",
            "vip 13800138002,2026-11-08,17",  # a label and her phone (李娜's): her
            "老客户 13800138010,2026-11-09,18",  # a label: no name, a code as before
        ],
    )

    result = run("import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [
        ("王芳", None, ["+8613800138001"]),
        ("李娜", None, ["+8613800138002"]),
        ("会员13800138041", "会员13800138041", []),
        ("手机13800138005", "手机13800138005", []),
        ("Lily", None, ["+8613800138009"]),
        ("老客户 13800138010", "老客户 13800138010", []),
    ]
    bought = table_of(book_path, "SELECT customer_id FROM purchases ORDER BY id")
    assert bought == [(1,), (2,), (3,), (1,), (4,), (1,), (5,), (2,), (6,)]
    assert "the name cell of 3 rows held a mobile number" in result.output
    lines = ["客户,日期,金额", "13800138001 王芳,2026-11-20,9", "李娜,2026-11-21,8"]
    later = write_csv(tmp_path / "later.csv", lines)
    again = run("import", "purchases", later)
    assert again.exit_code == 0, again.output + again.stderr
    late = "SELECT customer_id FROM purchases WHERE date >= '2026-11-20' ORDER BY date"
    assert table_of(book_path, late) == [(1,), (2,)]


def _book1(path: Path) -> Path:
    """The tester's workbook: 订单 names customers by name, 客户 gives their phones."""
    workbook = openpyxl.Workbook()
    orders = workbook.active
    assert orders is not None
    orders.title = "订单"
    orders.append(["客户", "日期", "金额", "商品"])
    orders.append(["王芳", dt.datetime(2026, 11, 1), 128.5, "口红"])
    orders.append(["李娜", "2026/11/3", "1,280.50", "面霜"])
    sheet = workbook.create_sheet("客户")
    sheet.append(["姓名", "手机", "微信"])
    sheet.append(["王芳", 13800138000, "wangfang88"])
    sheet.append(["李娜", 13912345678, "lina_01"])
    workbook.save(path)
    return path


def test_the_customers_sheet_fills_the_customers_the_orders_made(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    book1 = _book1(tmp_path / "book1.xlsx")
    made = run("import", "purchases", book1, "--sheet", "订单", "--create-missing")
    assert made.exit_code == 0, made.output + made.stderr
    assert _customers(book_path) == [("王芳", None, []), ("李娜", None, [])]

    result = run("import", "customers", book1, "--sheet", "客户", "--keep-good")

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [
        ("王芳", None, ["+8613800138000"]),
        ("李娜", None, ["+8613912345678"]),
    ]
    assert "0 customers created, 2 updated" in result.output
    assert "near match" not in result.output
    later = write_csv(tmp_path / "later.csv", ["客户,日期,金额", "王芳,2026-11-20,9"])
    again = run("import", "purchases", later)
    assert again.exit_code == 0, again.output + again.stderr
    spent = "SELECT customer_id, sum(amount_cents) FROM purchases GROUP BY customer_id"
    assert table_of(book_path, spent) == [(1, 12850 + 900), (2, 128050)]


def _import(book: Book, path: Path, kind: str, **options: object) -> ImportReport:
    table = read_any(path, kind=kind, sheet=options.pop("sheet", None))
    return import_table(book, kind, table, lambda *_: None, **options)


def test_the_app_path_fills_the_customers_the_orders_made(book: Book, tmp_path: Path) -> None:
    book1 = _book1(tmp_path / "book1.xlsx")
    _import(book, book1, "purchases", sheet="订单", create_missing=True)

    report = _import(book, book1, "customers", sheet="客户", keep_good=True)

    assert (report.created_customers, report.updated_customers) == (0, 2)
    assert report.near_matches == []
    rows = book.conn.execute("SELECT name, code, phones, wechat FROM customers ORDER BY id")
    assert [tuple(row) for row in rows] == [
        ("王芳", None, '["+8613800138000"]', "wangfang88"),
        ("李娜", None, '["+8613912345678"]', "lina_01"),
    ]


def test_a_namesake_with_keys_or_several_namesakes_are_not_filled(
    book: Book, tmp_path: Path
) -> None:
    customer(book, "王芳", phones=["13700137000"])  # another 王芳: her own phone
    customer(book, "李娜")
    customer(book, "李娜")  # two keyless 李娜: which one is not said
    customer(book, "赵敏")
    sheet = write_csv(
        tmp_path / "客户.csv",
        ["编号,姓名,手机", ",王芳,13800138000", ",李娜,13912345678", "C9,赵敏,13800100000"],
    )

    report = _import(book, sheet, "customers")

    assert (report.created_customers, report.updated_customers) == (3, 0)
    names = book.conn.execute("SELECT name, phones FROM customers ORDER BY id").fetchall()
    assert [tuple(row) for row in names][4:] == [
        ("王芳", '["+8613800138000"]'),
        ("李娜", '["+8613912345678"]'),
        ("赵敏", '["+8613800100000"]'),
    ]


def test_a_name_only_customer_of_an_earlier_file_is_filled_by_her_phone(
    book: Book, tmp_path: Path
) -> None:
    # a rule that changed: a second 王姐 was created and listed for review
    first = write_csv(tmp_path / "a.csv", ["姓名,备注", "王姐,买面膜的"])
    assert _import(book, first, "customers").created_customers == 1
    later = write_csv(tmp_path / "b.csv", ["姓名,手机", "王姐,13800138000"])

    report = _import(book, later, "customers")

    assert (report.created_customers, report.updated_customers) == (0, 1)
    rows = book.conn.execute("SELECT name, phones, notes FROM customers").fetchall()
    assert [tuple(row) for row in rows] == [("王姐", '["+8613800138000"]', "买面膜的")]


@pytest.mark.parametrize(
    ("given", "filled"),
    [
        ("男,1999-11-11,广东省广州市天河区体育西路9号", False),  # another gender, birthday, place
        ("女,1999-11-11,", False),  # another birthday alone
        (",,广东省广州市天河区体育西路9号", False),  # another province and city alone
        ("女,1960-03-01,北京市朝阳区建国路1号", True),  # all hers
        (",,", True),  # nothing said against her
    ],
)
def test_a_name_only_customer_is_not_filled_by_a_row_that_says_she_is_somebody_else(
    book: Book, tmp_path: Path, given: str, filled: bool
) -> None:
    """A row with a phone fills the one keyless customer of its name only where nothing it
    gives contradicts her: a retired teacher born 1960 in 北京 is not the buyer born 1999 in
    广州 (she was overwritten, unsaid: a reviewer's finding); such a row is a new customer,
    listed as a namesake, as before."""
    first = write_csv(
        tmp_path / "a.csv",
        ["姓名,性别,生日,地址,备注", "王芳,女,1960-03-01,北京市朝阳区建国路1号,退休教师"],
    )
    assert _import(book, first, "customers").created_customers == 1
    later = write_csv(tmp_path / "b.csv", ["姓名,性别,生日,地址,手机", f"王芳,{given},13800138000"])

    report = _import(book, later, "customers")

    assert (report.created_customers, report.updated_customers) == ((0, 1) if filled else (1, 0))
    held = book.conn.execute("SELECT birthday, province FROM customers WHERE id = 1").fetchone()
    assert tuple(held) == ("1960-03-01", "北京")
    assert bool(report.near_matches) != filled


def test_a_name_only_row_of_the_same_file_is_not_filled_by_a_later_phone(
    book: Book, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "a.csv", ["姓名,手机", "王姐,", "王姐,13800138000"])

    report = _import(book, sheet, "customers")

    assert report.created_customers == 2
    assert len(report.near_matches) == 1


def test_a_customer_cell_of_a_name_and_another_customers_phone_is_not_booked_unsaid(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """王芳 13800138001 in a 客户 cell, the phone 李娜's: refused where 王芳 is somebody else
    in the book, as a 姓名 and a 手机 column are; listed where the name is nobody's (a
    reviewer's: ¥200 went to 李娜 unsaid)."""
    people = write_csv(tmp_path / "客户.csv", ["姓名,手机", "王芳,13800138009", "李娜,13800138001"])
    assert run("import", "customers", people).exit_code == 0
    other = write_csv(tmp_path / "a.csv", ["客户,日期,金额", "王芳 13800138001,2024-03-01,200"])
    nobody = write_csv(tmp_path / "b.csv", ["客户,日期,金额", "赵敏 13800138001,2024-03-02,50"])

    refused = run("--lang", "en", "import", "purchases", other, "--create-missing")
    listed = run("--lang", "en", "import", "purchases", nobody)

    assert refused.exit_code == 1, refused.output
    assert "“13800138001” is 李娜 (#2) but “王芳” is 王芳 (#1)" in refused.stderr
    assert listed.exit_code == 0, listed.output + listed.stderr
    assert "the name is “赵敏” but 13800138001 is 李娜 (#2)'s" in listed.stdout
    assert table_of(book_path, "SELECT customer_id, amount_cents FROM purchases") == [(2, 5000)]
