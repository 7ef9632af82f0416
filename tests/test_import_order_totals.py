"""An order over several item rows, its paid total (订单实付金额) on each of them or merged
over them beside each item's own amount (商品金额): the order is counted once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlwt
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


# A seller's own sheet, or a shop export with its order numbers left out: no 订单号, the
# order's paid total merged over its item rows. 面霜 + 口红: 326 of goods, 300 paid (rows 2-3);
# 精华 alone (row 4); 眼霜 and 唇膏 repeat 50 unmerged (rows 5-6): no telling they are one order.
NO_ORDER_HEADER = ["收货人", "手机", "下单时间", "商品", "数量", "商品金额", "订单实付金额"]
NO_ORDER_ROWS: list[list[object]] = [
    ["张三", "13800138000", "2024-03-05 10:00", "面霜", 1, 128, 300],
    [None, None, None, "口红", 1, 198, None],
    ["李四", "13900139000", "2024-03-06 10:00", "精华", 1, 100, 90],
    ["王五", "13700137000", "2024-03-07 10:00", "眼霜", 1, 30, 50],
    ["王五", "13700137000", "2024-03-07 10:00", "唇膏", 1, 20, 50],
]
NO_ORDER_SQL = "SELECT items, amount_cents FROM purchases ORDER BY date, items"


def merged_sheet(path: Path, header: list[str], rows: list[list[object]], merges: str) -> Path:
    """`rows` under `header` in an .xlsx or .xls, the cells of columns `merges` (letters)
    merged over rows 2 and 3."""
    if path.suffix == ".xls":
        book = xlwt.Workbook()
        sheet = book.add_sheet("订单")
        for at, text in enumerate(header):
            sheet.write(0, at, text)
        for row, cells in enumerate(rows, 1):
            for at, value in enumerate(cells):
                under_merge = row == 2 and chr(ord("A") + at) in merges
                if value is not None and not under_merge:
                    sheet.write(row, at, value)
        for letter in merges:
            at = ord(letter) - ord("A")
            sheet.merge(1, 2, at, at)
        book.save(str(path))
        return path
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    for letter in merges:
        sheet.merge_cells(f"{letter}2:{letter}3")
    workbook.save(path)
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_total_merged_over_items_without_order_numbers_is_shared_out_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, suffix: str
) -> None:
    sheet = merged_sheet(tmp_path / f"订单{suffix}", NO_ORDER_HEADER, NO_ORDER_ROWS, "ABCG")

    result = run("--lang", "en", "import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, NO_ORDER_SQL) == [
        ("口红", 18221),  # 300 shared 128 : 198
        ("面霜", 11779),
        ("精华", 9000),  # an order's only row: what was paid
        ("唇膏", 5000),  # unmerged: each row as written
        ("眼霜", 5000),
    ]
    assert (
        "1 order is over several item rows: each row records its “商品金额”, with the order's "
        "“订单实付金额” shared out over them in proportion where they do not add up to it"
    ) in result.stdout


def test_a_paid_amount_merged_over_items_with_no_item_amounts_is_recorded_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    header = ["客户", "手机", "日期", "商品", "实付款"]
    rows: list[list[object]] = [
        ["张三", "13800138000", "2024-03-05", "面霜", 326],
        [None, None, None, "口红", None],
        ["李四", "13900139000", "2024-03-06", "精华", 90],
    ]
    sheet = merged_sheet(tmp_path / "订单.xlsx", header, rows, "ABCE")

    result = run("--lang", "zh", "import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, NO_ORDER_SQL) == [("口红", 0), ("面霜", 32600), ("精华", 9000)]
    assert "1 个订单分在多行：“实付款”是整个订单的金额，只记一次" in result.stdout


def test_a_total_repeated_unmerged_without_order_numbers_stays_on_each_row(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    rows = [[*NO_ORDER_ROWS[0]], [*NO_ORDER_ROWS[0][:3], "口红", 1, 198, 300]]
    sheet = merged_sheet(tmp_path / "订单.xlsx", NO_ORDER_HEADER, rows, "")

    result = run("--lang", "en", "import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, NO_ORDER_SQL) == [("口红", 30000), ("面霜", 30000)]
    assert "over several" not in result.stdout


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

    report = ImportReport(rows=5, imported=5, order_totals=(2, "订单实付金额", "商品金额", 0, 0))

    lines = report_lines(report, keep_good=False)

    assert (
        "2 orders are over several item rows: each row records its “商品金额”, with the "
        "order's “订单实付金额” shared out over them in proportion where they do not add up to it"
    ) in "\n".join(lines)


@given(
    orders=st.lists(
        st.tuples(st.integers(0, 10**6), st.lists(st.integers(0, 10**5), min_size=1, max_size=6)),
        min_size=1,
        max_size=8,
    )
)
def test_a_merged_total_shared_out_adds_up_to_it_order_by_order(
    orders: list[tuple[int, list[int]]],
) -> None:
    from xiaoben.store.importing.columns import match_columns, merged_totals
    from xiaoben.store.importing.orders import read_orders

    header = NO_ORDER_HEADER
    rows: list[tuple[int, list[str]]] = []
    spans: list[tuple[int, int]] = []
    for total, items in orders:
        first = len(rows) + 2
        paid = f"{total / 100:.2f}"  # on each row under the merge: filled down as read
        for at, item in enumerate(items):
            cells = ["张三", "", "2024-03-05", "面霜", "1", f"{item / 100:.2f}", paid]
            rows.append((first + at, cells))
        spans.append((first, first + len(items) - 1))
    columns = merged_totals(match_columns(header, "purchases"), {6: spans})

    found, _ = read_orders(rows, columns, spans)

    assert columns.fields["amount"] == 5 and columns.fields["order_total"] == 6
    assert found is not None
    for (total, items), (first, last) in zip(orders, spans, strict=True):
        lines = range(first, last + 1)
        if len(items) == 1:  # an order's only row: its total, as read
            assert first not in found.amounts
        else:
            assert sum(found.amounts[line] for line in lines) == total
    assert found.orders == sum(len(items) > 1 for _, items in orders)


def test_the_notes_before_importing_say_a_merged_total_is_the_orders(tmp_path: Path) -> None:
    from xiaoben.store.importing.readers import read_any

    merged = merged_sheet(tmp_path / "订单.xlsx", NO_ORDER_HEADER, NO_ORDER_ROWS, "ABCG")
    unmerged = merged_sheet(tmp_path / "订单2.xlsx", NO_ORDER_HEADER, NO_ORDER_ROWS, "")

    note = ignored_columns(read_any(merged, kind="purchases"), "purchases")
    plain = ignored_columns(read_any(unmerged, kind="purchases"), "purchases")

    assert note is not None
    assert "(amount is read from" not in note  # 商品金额 is read, each item's amount
    assert (
        "“订单实付金额” merged over the rows of one order (one order number, or one customer on "
        "one day) is its paid total: each row records its “商品金额”, adding up to the total, "
        "counted once; merged over different orders, it is each one's amount"
    ) in note
    assert plain is not None and "merged" not in plain


def test_an_amount_merged_over_an_orders_item_rows_is_the_orders_once_beside_order_numbers(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    # as sellers lay an order out by hand: 订单号, 客户, 日期 and 实付金额 merged down over
    # its item rows; a later order typed on each row, unmerged, keeps each row's amount
    header = ["订单号", "客户", "手机", "日期", "商品", "实付金额"]
    rows: list[list[object]] = [
        ["A001", "张三", "13800138000", "2024-03-05", "口红", 300],
        [None, None, None, None, "面霜", None],
        ["A002", "李四", "13900139000", "2024-03-06", "眼影", 50],
        ["A003", "李四", "13900139000", "2024-03-07", "唇膏", 100],
        ["A003", "李四", "13900139000", "2024-03-07", "眉笔", 100],
    ]
    sheet = merged_sheet(tmp_path / "订单.xlsx", header, rows, "ABCDF")

    result = run("--lang", "en", "import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, NO_ORDER_SQL) == [
        ("口红", 30000),  # the merged 300 once, on the order's first row
        ("面霜", 0),
        ("眼影", 5000),
        ("唇膏", 10000),  # typed on each row: two items of ¥100
        ("眉笔", 10000),
    ]
    assert "“实付金额” is the whole order's amount, recorded once" in result.stdout


@pytest.mark.parametrize("order_numbers", [True, False])
def test_an_amount_merged_over_two_orders_for_looks_is_each_ones(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, order_numbers: bool
) -> None:
    # WPS's 合并相同单元格: two customers who each paid ¥99 on adjacent rows share a cell;
    # without order numbers, one customer on two days likewise
    header = ["订单号", "客户", "电话", "日期", "实付金额", "商品"]
    rows: list[list[object]] = [
        ["A001", "张三", "13800138001", "2024-03-01", 99, "面霜"],
        ["A002", "李四", "13800138002", "2024-03-01", None, "面霜"],
        ["A003", "张三", "13800138001", "2024-03-02", 50, "口红"],
        ["A004", "张三", "13800138001", "2024-03-05", None, "唇膏"],
    ]
    if not order_numbers:
        header, rows = header[1:], [row[1:] for row in rows]
    path = tmp_path / "订单.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    letter = "E" if order_numbers else "D"
    sheet.merge_cells(f"{letter}2:{letter}3")
    sheet.merge_cells(f"{letter}4:{letter}5")
    workbook.save(path)

    result = run("--lang", "en", "import", "purchases", path, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, NO_ORDER_SQL) == [
        ("面霜", 9900),  # 张三's and 李四's: the same amount twice
        ("面霜", 9900),
        ("口红", 5000),
        ("唇膏", 5000),  # another day of the same customer: another purchase
    ]
    assert "over several rows:" not in result.stdout


def test_a_closed_items_order_total_that_is_what_the_others_paid_is_theirs(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """口红 closed before paying: W001 paid 128, its 面霜's; before, 128 was shared 128 : 198
    over both rows and 口红's share left out as no purchase (¥50.26 of ¥128 booked)."""
    orders = write_csv(
        tmp_path / "orders.csv",
        [
            HEADER,
            "W001,张三,13800138000,2024-03-05 10:00,面霜,1,128,128,已完成",
            "W001,张三,13800138000,2024-03-05 10:00,口红,1,198,128,交易关闭",
        ],
    )

    result = run("import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, SQL) == [("订单号 W001", "面霜", 12800)]


def test_a_closed_items_order_total_of_every_item_books_the_others_own_amounts(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "orders.csv",
        [
            HEADER,
            "W001,张三,13800138000,2024-03-05 10:00,面霜,1,128,326,已完成",
            "W001,张三,13800138000,2024-03-05 10:00,口红,1,198,326,交易关闭",
        ],
    )

    result = run("import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, SQL) == [("订单号 W001", "面霜", 12800)]  # as before


@pytest.mark.parametrize(
    ("rows", "booked", "said"),
    [
        # ¥10 shipping: 138 is nearer 128 than 326 (before: ¥54.18 of ¥138 booked)
        ([("面霜", 128, "已完成"), ("口红", 198, "交易关闭")], [("面霜", 13800)], "takes no share"),
        # a ¥28 coupon on 128 + 200 bought beside a closed 198 (before: ¥187.07 of ¥300)
        (
            [("面霜", 128, "已完成"), ("精华", 200, "已完成"), ("口红", 198, "交易关闭")],
            [("精华", 18293), ("面霜", 11707)],
            "takes no share",
        ),
        # ¥320 is nearer every item's ¥326 (a ¥6 coupon): the closed row keeps its share
        ([("面霜", 128, "已完成"), ("口红", 198, "交易关闭")], [("面霜", 12564)], "not booked"),
    ],
)
def test_a_closed_items_order_total_nearer_the_others_is_theirs_else_every_items(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    rows: list[tuple[str, int, str]],
    booked: list[tuple[str, int]],
    said: str,
) -> None:
    total = {2: 138, 3: 300}[len(rows)] if said == "takes no share" else 320
    orders = write_csv(
        tmp_path / "orders.csv",
        [HEADER]
        + [
            f"W001,张三,13800138000,2024-03-05 10:00,{item},1,{cents},{total},{status}"
            for item, cents, status in rows
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT items, amount_cents FROM purchases ORDER BY items") == (
        booked
    )
    assert "1 item row of them closed or unpaid" in result.stdout
    assert said in result.stdout
