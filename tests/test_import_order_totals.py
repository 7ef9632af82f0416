"""An order over several item rows, its paid total (订单实付金额) on each of them or merged
over them beside each item's own amount (商品金额): the order is counted once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import table_of, write_csv
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.orders import shared_out
from xiaoben.store.importing.tables import ignored_columns

HEADER = "订单号,收货人,手机,下单时间,商品,数量,商品金额,订单实付金额,订单状态"
# W001: 128 + 198 = 326 paid; W002 (interleaved): 100 + 60 = 160, paid 144 (10 % off);
# W003: one item, 50 priced, 55 paid (shipping)
ORDERS = [
    HEADER,
    "W001,张三,13800138000,2024-03-05 10:00,面霜,1,128,326,已完成",
    "W002,李四,13900139000,2024-03-06 10:00,精华,1,100,144,已完成",
    "W001,张三,13800138000,2024-03-05 10:00,口红,1,198,326,已完成",
    "W002,李四,13900139000,2024-03-06 10:00,面膜,2,60,144,已完成",
    "W003,王五,13700137000,2024-03-07 10:00,眼霜,1,50,55,已完成",
]
SQL = "SELECT substr(note, 1, 8), items, amount_cents FROM purchases ORDER BY note, items"
RECORDED = [
    ("订单号 W001", "口红", 19800),
    ("订单号 W001", "面霜", 12800),
    ("订单号 W002", "精华", 9000),  # 144 shared 100 : 60
    ("订单号 W002", "面膜", 5400),
    ("订单号 W003", "眼霜", 5500),  # an order's only row: what was paid
]


def test_item_rows_record_their_items_summing_to_what_the_order_paid(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "orders.csv", ORDERS)

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, SQL) == RECORDED
    assert "not recognised" not in result.stderr
    assert "“商品金额” is each item's amount and “订单实付金额” the whole order's" in result.stderr
    assert "2 orders are over several item rows: each row records its “商品金额”" in result.stdout


def test_a_second_import_or_an_update_counts_no_order_twice(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "orders.csv", ORDERS)
    run("import", "purchases", orders, "--create-missing")

    again = run("--lang", "en", "import", "purchases", orders)
    update = run("--lang", "en", "import", "purchases", orders, "--on-duplicate", "update")

    assert again.exit_code == 0, again.output
    assert update.exit_code == 0, update.output
    assert "5 already imported" in again.stdout
    assert "5 already imported" in update.stdout
    assert table_of(book_path, SQL) == RECORDED


def test_a_merged_order_total_in_a_workbook_is_the_orders_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["W001", "张三", "13800138000", "2024-03-05 10:00", "面霜", 1, 128, 300, "已完成"])
    sheet.append([None, None, None, None, "口红", 1, 198, None, None])
    for column in "ABCDHI":
        sheet.merge_cells(f"{column}2:{column}3")
    workbook.save(tmp_path / "orders.xlsx")

    result = run("import", "purchases", tmp_path / "orders.xlsx", "--create-missing")

    assert result.exit_code == 0, result.output
    # 300 paid for 326 of goods: shared 128 : 198
    assert table_of(book_path, SQL) == [
        ("订单号 W001", "口红", 18221),
        ("订单号 W001", "面霜", 11779),
    ]


def test_rows_of_one_order_naming_two_totals_are_refused_by_name(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    lines = [*ORDERS]
    lines[3] = lines[3].replace(",198,326,", ",198,362,")
    orders = write_csv(tmp_path / "orders.csv", lines)

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 1
    assert (
        "the rows of order W001 disagree on its 订单实付金额: ¥326.00 on line 2, ¥362.00 on line 4"
    ) in result.output
    assert table_of(book_path, "SELECT count(*) FROM purchases") == [(0,)]


def test_an_order_total_alone_on_several_rows_is_recorded_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    lines = [
        "订单号,收货人,手机,下单时间,商品,数量,订单实付金额",
        "W001,张三,13800138000,2024-03-05 10:00,面霜,1,326",
        "W002,李四,13900139000,2024-03-06 10:00,精华,1,144",
        "W001,张三,13800138000,2024-03-05 10:00,口红,1,326",
    ]
    orders = write_csv(tmp_path / "orders.csv", lines)

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, SQL) == [
        ("订单号 W001", "口红", 0),
        ("订单号 W001", "面霜", 32600),  # the order's first row
        ("订单号 W002", "精华", 14400),
    ]
    assert "1 order is over several rows: “订单实付金额” is the whole order's amount" in (
        result.stdout
    )


def test_the_import_screens_notes_say_which_column_each_row_records(tmp_path: Path) -> None:
    table = read_table(write_csv(tmp_path / "orders.csv", ORDERS))

    note = ignored_columns(table, "purchases")

    assert note is not None
    assert "“商品金额” is each item's amount and “订单实付金额” the whole order's" in note
    assert "not recognised" not in note


@given(
    total=st.integers(0, 10**9),
    weights=st.lists(st.integers(0, 10**7), min_size=1, max_size=20),
)
def test_a_total_shared_out_adds_up_and_follows_the_items(total: int, weights: list[int]) -> None:
    shares = shared_out(total, weights)

    assert sum(shares) == total
    whole = sum(weights) or len(weights)
    for share, weight in zip(shares, weights if sum(weights) else [1] * len(weights), strict=True):
        assert abs(share * whole - total * weight) < whole  # within a cent of its part


def test_the_import_screens_report_says_the_orders_counted_once() -> None:
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    report = ImportReport(rows=5, imported=5, order_totals=(2, "订单实付金额", "商品金额"))

    lines = report_lines(report, keep_good=False)

    assert (
        "2 orders are over several item rows: each row records its “商品金额”, with the "
        "order's “订单实付金额” shared out over them in proportion"
    ) in "\n".join(lines)
