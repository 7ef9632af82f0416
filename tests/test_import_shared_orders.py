"""One order number given to two buyers (two rows of a file, or a row and the order the
book holds): an order has one buyer, so this is almost always a paste gone wrong or a
wrong column read as the order number. The rows are imported as any other (or skipped,
updated, as the order's), and the report lists them for review naming both customers
(an outside tester's finding: both were booked unsaid). They are not possible duplicates
of each other: two people may well share nothing but that wrong number."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import import_purchases_csv, read_apart, table_of, write_csv
from xiaoben.store.book import Book
from xiaoben.store.importing import csv_table
from xiaoben.store.purchase_writer import _Buyers
from xiaoben.tui.screens.import_report import report_lines

HEADER = "订单编号,收货人姓名,联系手机,付款时间,实付款,宝贝标题"
PURCHASES = "SELECT note, customer_id, amount_cents FROM purchases ORDER BY id"


def _csv(tmp_path: Path, name: str, *rows: str) -> str:
    return str(write_csv(tmp_path / name, [HEADER, *rows]))


@pytest.mark.parametrize("apart", [False, True], ids=["read here", "read apart"])
def test_two_rows_of_one_order_naming_two_buyers_are_imported_and_listed(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    apart: bool,
) -> None:
    if apart:  # (a file streamed, as a large one is, read by a child: its rows as columns)
        read_apart(monkeypatch)
    orders = _csv(
        tmp_path,
        "订单.csv",
        "2403080000001,王芳,13800000001,2024-03-08,89.00,面霜",
        "2403080000001,王芳,13800000001,2024-03-08,20.00,洗面奶",  # her order's second item
        "2403090000002,李娜,13800000002,2024-03-09,50.00,口红",
        "2403080000001,赵敏,13800000003,2024-03-10,120.00,精华液",  # pasted from another order?
    )

    en = run("--lang", "en", "import", "purchases", orders, "--create-missing", "--dry-run")
    result = run("--lang", "zh", "import", "purchases", orders, "--create-missing")

    assert en.exit_code == 0, en.output
    assert (
        "1 order number names different customers (an order has one buyer: a row pasted "
        "wrong, or the wrong column read as the order number?); not merged, please review:\n"
        "  lines 2 and 5: order 2403080000001 is new customer “王芳” (line 2)'s on one, new "
        "customer “赵敏” (line 5)'s on the other\n"  # a dry run's: they have no ids yet
    ) in en.stdout
    assert "near match" not in en.stdout
    assert result.exit_code == 0, result.output
    assert "已导入 4/4 行" in result.stdout
    assert (
        "以下 1 个订单号记在不同客户名下（一笔订单只有一位买家：也许是粘贴错行，或把别的列当成了"
        "订单号），未合并，请核对：\n"
        "  第 2、5 行：订单 2403080000001 一行是 王芳 (#1) 的，一行是 赵敏 (#3) 的\n"
    ) in result.stdout
    assert [row[1] for row in table_of(book_path, PURCHASES)] == [1, 1, 2, 3]


def test_an_order_the_book_holds_for_another_buyer_is_listed_whatever_the_mode(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    first = _csv(tmp_path, "一.csv", "2403080000001,王芳,13800000001,2024-03-08,89.00,面霜")
    assert run("import", "purchases", first, "--create-missing").exit_code == 0
    people = write_csv(tmp_path / "客户.csv", ["姓名,手机", "李娜,13800000002"])
    assert run("import", "customers", str(people)).exit_code == 0
    later = _csv(
        tmp_path,
        "二.csv",
        "2403080000001,李娜,13800000002,2024-03-08,89.00,面霜",
        "2403080000003,钱七,13900000009,2024-03-08,10.00,面膜",
        "2403080000001,钱七,13900000009,2024-03-08,88.00,面霜",  # made by the row before
        "2403080000001,孙八,13900000010,2024-03-08,87.00,面霜",  # nobody the book knows
    )

    skipped = run("--lang", "en", "import", "purchases", later, "--create-missing")

    assert skipped.exit_code == 0, skipped.output
    assert "imported 1 of 4 rows" in skipped.stdout
    assert "3 already imported (skipped)" in skipped.stdout
    assert "1 order number names different customers" in skipped.stdout
    said = "  line {}: order 2403080000001 is 王芳 (#1)'s in the book, {} on this line\n"
    assert said.format(2, "李娜 (#2)'s") in skipped.stdout
    assert said.format(4, "钱七 (#3)'s") in skipped.stdout
    assert said.format(5, "孙八 13900000010's") in skipped.stdout
    assert table_of(book_path, PURCHASES) == [
        ("订单号 2403080000001", 1, 8900),
        ("订单号 2403080000003", 3, 1000),
    ]


def test_an_order_of_one_buyer_over_several_rows_and_imports_is_not_listed(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    rows = [
        "2403080000001,王芳,13800000001,2024-03-08,89.00,面霜",
        "2403090000002,李娜,13800000002,2024-03-09,50.00,口红",
        "2403080000001,王芳,13800000001,2024-03-08,20.00,洗面奶",
    ]
    first = run("--lang", "en", "import", "purchases", _csv(tmp_path, "一.csv", *rows),
                "--create-missing")  # fmt: skip
    again = run("--lang", "en", "import", "purchases", _csv(tmp_path, "二.csv", *rows))

    assert first.exit_code == 0, first.output
    assert "different customers" not in first.stdout
    assert again.exit_code == 0, again.output
    assert "different customers" not in again.stdout


def test_a_short_number_used_again_on_another_day_by_another_buyer_is_not_listed(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A seller's own short number may start again each month: another day's is another
    order (order_numbers.reused), of whomever; on the same day it is the same order."""
    rows = [
        "1,王芳,13800000001,2024-03-08,89.00,面霜",
        "1,李娜,13800000002,2024-04-08,50.00,口红",
        "2,李娜,13800000002,2024-04-08,50.00,口红",
        "2,赵敏,13800000003,2024-04-08,30.00,面膜",
    ]

    result = run("--lang", "en", "import", "purchases", _csv(tmp_path, "账.csv", *rows),
                 "--create-missing")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "1 order number names different customers" in result.stdout
    assert "  lines 4 and 5: order 2 is 李娜 (#2)'s on one, 赵敏 (#3)'s on the other\n" in (
        result.stdout
    )
    assert "order 1 " not in result.stdout


def test_the_import_screen_lists_them_apart_from_the_near_matches(
    book: Book, tmp_path: Path
) -> None:
    rows = [f"2403080000001,客户{n},1380000000{n},2024-03-08,{n}.00,面霜" for n in range(1, 9)]

    report = import_purchases_csv(book, Path(_csv(tmp_path, "账.csv", *rows)), create_missing=True)
    lines = report_lines(report, False, done=True)

    assert report.shared_orders == 1
    assert report.shared_lines == 7
    assert report.near_matches == []
    heading = lines.index(
        "1 order number names different customers (an order has one buyer: a row pasted "
        "wrong, or the wrong column read as the order number?); not merged, review it:"
    )
    assert lines[heading + 1 : heading + 7] == [
        *(
            f"  lines 2 and {n + 1}: order 2403080000001 is 客户1 (#1)'s on one, 客户{n} (#{n})'s"
            " on the other"
            for n in range(2, 7)
        ),
        "… and 2 more",
    ]


@given(
    st.lists(st.tuples(st.sampled_from("ABCDEFGH"), st.integers(1, 4)), max_size=60),
    st.integers(1, 9),
)
def test_every_order_given_to_two_customers_is_told_whatever_the_batches(
    rows: list[tuple[str, int]], size: int
) -> None:
    """_Buyers, over any batches: an order is told (with a line of its first customer's
    and one of another's) exactly when the rows give it to more than one customer."""
    buyers = _Buyers()
    told: set[str] = set()
    for start in range(0, len(rows), size):
        batch = rows[start : start + size]
        lines = range(start + 2, start + 2 + len(batch))
        orders, ids = [order for order, _ in batch], [each for _, each in batch]
        for first_line, first, line, order, customer in buyers.check(orders, ids, lines):
            assert first != customer
            assert rows[first_line - 2] == (order, first)
            assert rows[line - 2] == (order, customer)
            told.add(order)
    customers: dict[str, set[int]] = {}
    for order, customer in rows:
        customers.setdefault(order, set()).add(customer)
    assert told == {order for order, each in customers.items() if len(each) > 1}


def test_a_row_naming_several_customers_is_not_listed_against_the_books_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Two customers named 王芳: a row naming 王芳 alone may be the order's buyer, so it
    is not listed (skipped as the order's, as before)."""
    people = write_csv(tmp_path / "客户.csv", ["姓名,手机", "王芳,13800000001", "王芳,13800000009"])
    assert run("import", "customers", str(people)).exit_code == 0
    first = _csv(tmp_path, "一.csv", "2403080000001,王芳,13800000001,2024-03-08,89.00,面霜")
    assert run("import", "purchases", first).exit_code == 0
    header = "订单编号,收货人姓名,付款时间,实付款,宝贝标题"  # no phone: the name alone
    named = write_csv(tmp_path / "二.csv", [header, "2403080000001,王芳,2024-03-08,89.00,面霜"])

    result = run("--lang", "en", "import", "purchases", str(named))

    assert result.exit_code == 0, result.output
    assert "1 already imported (skipped)" in result.stdout
    assert "different customers" not in result.stdout


_ZEROS_HEADER = "客户,电话,日期,金额,商品,订单号"


@pytest.mark.parametrize("hers_first", [True, False], ids=["hers first", "hers last"])
@pytest.mark.parametrize("apart", [False, True], ids=["read here", "read apart"])
@pytest.mark.parametrize("batch_rows", [10_000, 1], ids=["one batch", "a row a batch"])
def test_an_order_that_lost_its_zeros_is_the_book_s_for_every_row_of_it(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    hers_first: bool,
    apart: bool,
    batch_rows: int,
) -> None:
    """The book holds 000124 for 李娜; a file saved again gives 124 to her, 王芳 and 赵敏 on
    the same day. 124 is the book's 000124 for every row of it (her row says so): the rows
    of the others are listed as giving her order to another buyer, as a row of 000124
    would be. Before, only 王芳's and 赵敏's rows were listed, as one another's, and 王芳's
    row was booked as a new order 124 (the respelling was only for the order's customer);
    and so it still was where her row came in a later batch than theirs (the rows of
    another buyer wait for the file's end: _Orders.undecided)."""
    first = write_csv(
        tmp_path / "t1.csv",
        [
            _ZEROS_HEADER,
            "王芳,13800138000,2026-11-01,100,口红,000123",
            "李娜,13900139000,2026-11-02,80,面膜,000124",
        ],
    )
    assert run("import", "purchases", first, "--create-missing").exit_code == 0
    hers = "李娜,13900139000,2026-11-02,80,面膜,124"
    others = ["王芳,13800138000,2026-11-02,70,面膜,124", "赵敏,13700137000,2026-11-02,70,面膜,124"]
    rows = [hers, *others] if hers_first else [*others, hers]
    saved = write_csv(tmp_path / "t1b.csv", [_ZEROS_HEADER, *rows])
    monkeypatch.setattr(csv_table, "BATCH_ROWS", batch_rows)
    if apart:
        read_apart(monkeypatch)

    result = run("--lang", "en", "import", "purchases", saved, "--create-missing")

    assert result.exit_code == 0, result.output
    wang, zhao = (3, 4) if hers_first else (2, 3)
    said = "  line {}: order 000124 is 李娜 (#2)'s in the book, {} on this line\n"
    assert said.format(wang, "王芳 (#1)'s") in result.stdout, result.stdout
    assert said.format(zhao, "赵敏 13700137000's") in result.stdout, result.stdout
    assert "order 124" not in result.stdout
    assert "124 is 000124" in result.stdout
    assert table_of(book_path, PURCHASES) == [
        ("订单号 000123", 1, 10000),
        ("订单号 000124", 2, 8000),
    ]


@pytest.mark.parametrize("batch_rows", [10_000, 1], ids=["one batch", "a row a batch"])
def test_other_buyers_of_an_order_that_lost_its_zeros_without_hers_keep_their_own(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    batch_rows: int,
) -> None:
    """With no row of 李娜's in the file, the others' 124 is their own order (one order of
    two buyers, listed as such), whatever the batches: their rows, waiting for the file's
    end, come in then."""
    first = write_csv(
        tmp_path / "t1.csv", [_ZEROS_HEADER, "李娜,13900139000,2026-11-02,80,面膜,000124"]
    )
    assert run("import", "purchases", first, "--create-missing").exit_code == 0
    others = ["王芳,13800138000,2026-11-02,70,面膜,124", "赵敏,13700137000,2026-11-02,60,面膜,124"]
    saved = write_csv(tmp_path / "t1b.csv", [_ZEROS_HEADER, *others])
    monkeypatch.setattr(csv_table, "BATCH_ROWS", batch_rows)

    result = run("--lang", "en", "import", "purchases", saved, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 2 of 2 rows (2 customers created" in result.stdout
    assert "lines 2 and 3: order 124 is 王芳 (#2)'s on one, 赵敏 (#3)'s on the other" in (
        result.stdout
    )
    assert "leading zeros" not in result.stdout
    assert table_of(book_path, PURCHASES) == [
        ("订单号 000124", 1, 8000),
        ("订单号 124", 2, 7000),
        ("订单号 124", 3, 6000),
    ]
