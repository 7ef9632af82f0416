"""A name cell holding the name and a mobile (王芳 13800138001, 李娜/13800138002, as sellers
jot a buyer in one column) is read as the name and a phone, in a customers import and in a
purchases import making missing customers: the next file with name and phone apart finds
the same customer. A name without a whole valid mobile stays a name."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import customer, table_of, write_csv
from xiaoben.models.values import name_and_mobile
from xiaoben.store.book import Book


@pytest.mark.parametrize(
    ("cell", "name", "number"),
    [
        ("王芳 13800138001", "王芳", "13800138001"),
        ("李娜/13800138002", "李娜", "13800138002"),
        ("王芳13800138001", "王芳", "13800138001"),
        ("王芳，13800138001", "王芳", "13800138001"),
        ("王芳,13800138001", "王芳", "13800138001"),
        ("王芳-138-0013-8001", "王芳", "138-0013-8001"),
        ("王芳（138 0013 8001）", "王芳", "138 0013 8001"),
        ("Li Si 13800138001", "Li Si", "13800138001"),
        ("王芳 +86 13800138001", "王芳", "+86 13800138001"),  # no name ending in '+'
        ("王芳+8613800138001", "王芳", "+8613800138001"),
        # the mobile first, as sellers jot it as often
        ("13800138001 王芳", "王芳", "13800138001"),
        ("13800138002/李娜", "李娜", "13800138002"),
        ("13800138001王芳", "王芳", "13800138001"),
        ("13800138001，王芳", "王芳", "13800138001"),
        ("138-0013-8001-王芳", "王芳", "138-0013-8001"),
        ("（138 0013 8001）王芳", "王芳", "138 0013 8001"),
        ("13800138001 Li Si", "Li Si", "13800138001"),
        ("+86 13800138001 王芳", "王芳", "+86 13800138001"),
    ],
)
def test_a_name_and_a_mobile_are_read_apart(cell: str, name: str, number: str) -> None:
    assert name_and_mobile(cell) == (name, number)


@pytest.mark.parametrize(
    "cell",
    [
        "王芳",
        "王芳 1380013800",  # ten digits: no mobile
        "王芳 138001",
        "王芳 14000000000",  # eleven digits, no valid mobile
        "王芳 010-12345678",  # a landline is no mobile a name is jotted with
        "13800138001",  # no name
        "王芳2 13800138001",  # a digit in the name
        "C13800138001",  # a code made of a phone
        "王芳 13800138001 13900139000",
        "1380013800 王芳",  # the mobile first: ten digits
        "14000000000 王芳",
        "010-12345678 王芳",
        "13800138001 王芳2",
        "13800138001C",  # a code made of a phone
        "13800138001 13900139000 王芳",
        "13800138001 王芳 13900139000",
    ],
)
def test_a_name_without_one_whole_mobile_stays_a_name(cell: str) -> None:
    assert name_and_mobile(cell) is None


def _customers(path: Path) -> list[tuple[str, list[str]]]:
    rows = table_of(path, "SELECT name, phones FROM customers ORDER BY id")
    return [(str(name), json.loads(str(phones))) for name, phones in rows]


def test_a_customers_import_reads_the_name_and_the_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机",
            "王芳 13800138001,",
            "李娜/13800138002,13800138002",  # the same number: one phone
            "赵敏13800138003,13900139003",  # another: both kept
            "孙丽 138001,",  # no mobile: a name as written
        ],
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [
        ("王芳", ["+8613800138001"]),
        ("李娜", ["+8613800138002"]),
        ("赵敏", ["+8613900139003", "+8613800138003"]),
        ("孙丽 138001", []),
    ]
    said = "the name cell of 3 rows held a mobile number"
    assert f"{said} (line 2: “王芳 13800138001”)" in result.output


def test_the_next_file_finds_the_customer_a_purchases_import_made(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(
        tmp_path / "账单.csv",
        ["姓名,金额,日期", "王芳 13800138001,99,2024-03-05", "李娜/13800138002,88,2024-03-06"],
    )
    made = run("import", "purchases", bills, "--create-missing")
    assert made.exit_code == 0, made.output + made.stderr
    said = "the name cell of 2 rows held a mobile number"
    assert f"{said} (line 2: “王芳 13800138001”)" in made.output
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "王芳,13800138001", "李娜,13800138002"])

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [("王芳", ["+8613800138001"]), ("李娜", ["+8613800138002"])]
    codes = table_of(book_path, "SELECT count(*) FROM customers WHERE code IS NOT NULL")
    assert codes == [(0,)]


def test_a_purchases_customer_cell_that_may_be_a_code_is_left_whole(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(tmp_path / "账单.csv", ["客户,金额,日期", "VIP-13800138001,99,2024-03-05"])

    result = run("import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [("VIP-13800138001", [])]


def test_a_purchase_finds_the_customer_by_the_phone_in_the_name_cell(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "王芳,13800138001"])
    assert run("import", "customers", sheet).exit_code == 0
    bills = write_csv(tmp_path / "账单.csv", ["姓名,金额,日期", "王芳 13800138001,99,2024-03-05"])

    result = run("import", "purchases", bills)

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT customer_id, amount_cents FROM purchases") == [(1, 9900)]


def test_a_purchases_customer_cell_is_never_split(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    # 会员13800138041 is a code (any code whose letters are hanzi): looked up whole
    sheet = write_csv(tmp_path / "客户.csv", ["编号,姓名", "会员13800138041,王芳"])
    assert run("import", "customers", sheet).exit_code == 0
    bills = write_csv(tmp_path / "账单.csv", ["日期,客户,金额", "2024-03-05,会员13800138041,99"])

    result = run("import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT customer_id, amount_cents FROM purchases") == [(1, 9900)]
    assert _customers(book_path) == [("王芳", [])]
    assert "held a mobile" not in result.output


def test_a_customers_row_with_a_code_keeps_its_name_whole(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["编号,姓名", "C001,刘洋 13800138006"])

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [("刘洋 13800138006", [])]


def test_a_name_holding_a_mobile_reads_back_equal(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    open_book: Callable[..., Book],
) -> None:
    # a name typed in the app's form may hold a mobile: the export writes it as it is
    with open_book(book_path) as book:
        customer(book, "刘洋 13800138006", code="C001", phones=["13900139006"])
    before = _customers(book_path)
    assert before == [("刘洋 13800138006", ["+8613900139006"])]
    exported = tmp_path / "out.csv"
    assert run("export", exported).exit_code == 0

    result = run("import", "customers", exported)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == before
    assert "held a mobile" not in result.output
    assert "0 created, 0 updated" in result.output or "nothing to change" in result.output.lower()


def test_a_name_the_book_has_whole_is_not_split(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    open_book: Callable[..., Book],
) -> None:
    with open_book(book_path) as book:
        customer(book, "刘洋 13800138006")
    sheet = write_csv(
        tmp_path / "客户.csv", ["姓名,手机", "刘洋 13800138006,", "王芳 13800138001,"]
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [("刘洋 13800138006", []), ("王芳", ["+8613800138001"])]
    said = "the name cell of 1 row held a mobile number"
    assert f"{said} (line 3: “王芳 13800138001”)" in result.output


# The mobile first (13800138001 王芳): every rule of the name-first form holds for it.


def test_a_customers_import_reads_the_name_after_the_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机",
            "13800138001 王芳,",
            "13800138002/李娜,13800138002",  # the same number: one phone
            "13800138003赵敏,13900139003",  # another: both kept
            "138001 孙丽,",  # no mobile: a name as written
        ],
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [
        ("王芳", ["+8613800138001"]),
        ("李娜", ["+8613800138002"]),
        ("赵敏", ["+8613900139003", "+8613800138003"]),
        ("138001 孙丽", []),
    ]
    said = "the name cell of 3 rows held a mobile number"
    assert f"{said} (line 2: “13800138001 王芳”)" in result.output


def test_the_next_file_finds_the_customer_made_from_a_phone_and_a_name(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(
        tmp_path / "账单.csv",
        ["姓名,金额,日期", "13800138001 王芳,99,2024-03-05", "13800138002李娜,88,2024-03-06"],
    )
    made = run("import", "purchases", bills, "--create-missing")
    assert made.exit_code == 0, made.output + made.stderr
    said = "the name cell of 2 rows held a mobile number"
    assert f"{said} (line 2: “13800138001 王芳”)" in made.output
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "王芳,13800138001", "李娜,13800138002"])

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [("王芳", ["+8613800138001"]), ("李娜", ["+8613800138002"])]
    codes = table_of(book_path, "SELECT count(*) FROM customers WHERE code IS NOT NULL")
    assert codes == [(0,)]


def test_a_purchases_customer_cell_holding_her_phone_first_finds_her(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    # as 王芳 13800138000 in a 客户 cell finds the customer with that phone (the tester's
    # repro: each row made a customer of the whole cell, no phone)
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "王芳,13800138000"])
    assert run("import", "customers", sheet).exit_code == 0
    bills = write_csv(
        tmp_path / "账单.csv",
        [
            "客户,日期,金额",
            "13800138000王芳,2026-11-22,5",
            "13800138000 王芳,2026-11-22,6",
            "王芳 13800138000,2026-11-22,7",
        ],
    )

    result = run("import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [("王芳", ["+8613800138000"])]
    found = table_of(book_path, "SELECT customer_id, amount_cents FROM purchases ORDER BY id")
    assert found == [(1, 500), (1, 600), (1, 700)]
    refused = write_csv(tmp_path / "账单2.csv", ["客户,日期,金额", "13800138000 王芳,2026-11-23,8"])
    without = run("import", "purchases", refused)  # no --create-missing: found, not unknown
    assert without.exit_code == 0, without.output + without.stderr
    assert table_of(book_path, "SELECT count(*) FROM purchases WHERE customer_id = 1") == [(4,)]


def test_a_purchases_customer_cell_with_the_phone_first_that_may_be_a_code_is_left_whole(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(tmp_path / "账单.csv", ["客户,金额,日期", "13800138001-VIP,99,2024-03-05"])

    result = run("import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [("13800138001-VIP", [])]


def test_a_purchase_finds_the_customer_by_the_phone_before_the_name(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "王芳,13800138001"])
    assert run("import", "customers", sheet).exit_code == 0
    bills = write_csv(tmp_path / "账单.csv", ["姓名,金额,日期", "13800138001 王芳,99,2024-03-05"])

    result = run("import", "purchases", bills)

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT customer_id, amount_cents FROM purchases") == [(1, 9900)]


def test_a_purchases_customer_cell_with_the_phone_first_is_never_split(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    # 13800138041会员 is a code: looked up whole, before the phone in it
    sheet = write_csv(tmp_path / "客户.csv", ["编号,姓名,手机", "13800138041会员,王芳,"])
    assert run("import", "customers", sheet).exit_code == 0
    other = write_csv(tmp_path / "客户2.csv", ["姓名,手机", "李娜,13800138041"])
    assert run("import", "customers", other).exit_code == 0
    bills = write_csv(tmp_path / "账单.csv", ["日期,客户,金额", "2024-03-05,13800138041会员,99"])

    result = run("import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT customer_id, amount_cents FROM purchases") == [(1, 9900)]
    assert _customers(book_path) == [("王芳", []), ("李娜", ["+8613800138041"])]
    assert "held a mobile" not in result.output


def test_a_customers_row_with_a_code_keeps_its_phone_and_name_whole(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["编号,姓名", "C001,13800138006 刘洋"])

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [("13800138006 刘洋", [])]


def test_a_name_after_a_mobile_reads_back_equal(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    open_book: Callable[..., Book],
) -> None:
    with open_book(book_path) as book:
        customer(book, "13800138006 刘洋", code="C001", phones=["13900139006"])
        customer(book, "13800138007王芳")  # no code: the book's whole name stands
    before = _customers(book_path)
    exported = tmp_path / "out.csv"
    assert run("export", exported).exit_code == 0

    result = run("import", "customers", exported)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == before
    assert "held a mobile" not in result.output
    assert "0 created, 0 updated" in result.output or "nothing to change" in result.output.lower()


def test_a_name_after_a_mobile_the_book_has_whole_is_not_split(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    open_book: Callable[..., Book],
) -> None:
    with open_book(book_path) as book:
        customer(book, "13800138006 刘洋")
    sheet = write_csv(
        tmp_path / "客户.csv", ["姓名,手机", "13800138006 刘洋,", "13800138001 王芳,"]
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [("13800138006 刘洋", []), ("王芳", ["+8613800138001"])]
    said = "the name cell of 1 row held a mobile number"
    assert f"{said} (line 3: “13800138001 王芳”)" in result.output
