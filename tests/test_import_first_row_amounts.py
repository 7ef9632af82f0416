"""An order over several item rows with its amount on the first row only, the others blank
(a 微店 export, a seller's ledger with the date and customer merged down over the order's
items): the other rows are that order's items, the amount its paid total, counted once —
shared out by the unit prices × quantities where the file has them, else on the first row
and the others ¥0 — and the report says so once. A blank amount with no order above it is
refused, as before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import Result

from tests.book_helpers import table_of, write_csv

BY_NAME = (
    "SELECT c.name, p.items, p.amount_cents FROM purchases p JOIN customers c"
    " ON c.id = p.customer_id ORDER BY p.id"
)
# The tester's 微店 export (/work/wt/repros5/weidian_amount_first_row.csv): W0001's
# 实收金额 on its first row only, 菊花茶's blank
WEIDIAN = [
    "\ufeff订单编号,下单时间,买家姓名,买家电话,商品名称,商品数量,商品单价,实收金额,订单状态",
    "W0001,2024-11-15 10:00,王芳,13800138000,玫瑰花茶,2,30,100.00,已完成",
    "W0001,2024-11-15 10:00,王芳,13800138000,菊花茶,1,40,,已完成",
    "W0002,2024-11-16 10:00,孙丽,13800138008,菊花茶,1,40,40.00,已完成",
]
# The same without its unit prices
UNPRICED = [",".join(line.split(",")[:6] + line.split(",")[7:]) for line in WEIDIAN]


def test_a_shop_orders_amount_on_its_first_row_only_is_shared_by_the_unit_prices(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "weidian.csv", WEIDIAN)

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    # ¥100 once, 60 : 40 (30 × 2 : 40 × 1); before, 菊花茶 was refused "amount: is required"
    assert table_of(book_path, BY_NAME) == [
        ("王芳", "玫瑰花茶", 6000),
        ("王芳", "菊花茶", 4000),
        ("孙丽", "菊花茶", 4000),
    ]
    assert (
        "1 order states “实收金额” on its first row only (order W0001: ¥100.00 on lines 2–3): "
        "the other rows are items of that order, and the amount is read as the whole order's "
        "paid total, counted once, shared out over its rows in proportion to “商品单价” × "
        "“商品数量”"
    ) in result.stdout
    assert "required" not in result.output


def test_without_unit_prices_the_first_row_records_the_order_and_the_others_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "weidian.csv", UNPRICED)

    result = run("--lang", "zh", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, BY_NAME) == [
        ("王芳", "玫瑰花茶", 10000),
        ("王芳", "菊花茶", 0),
        ("孙丽", "菊花茶", 4000),
    ]
    assert (
        "1 笔订单的“实收金额”只写在第一行（如订单 W0001：第 2–3 行，写着 ¥100.00）：其余行是同一"
        "订单的商品，这个金额记作整个订单的实付金额，只算一次，记在订单的第一行，其余商品行记 ¥0"
    ) in result.stdout


def test_importing_the_export_again_skips_the_order_and_says_nothing_of_it(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "weidian.csv", WEIDIAN)
    run("import", "purchases", orders, "--create-missing")

    again = run("--lang", "en", "import", "purchases", orders)

    assert again.exit_code == 0, again.output
    assert len(table_of(book_path, BY_NAME)) == 3
    assert "first row only" not in again.output


def test_a_blank_amount_with_no_amount_above_it_in_its_order_is_still_refused(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "orders.csv",
        [
            *WEIDIAN,
            # an order of one row, its amount blank; an order whose first row is the blank one
            "W0003,2024-11-17 10:00,孙丽,13800138008,红枣,1,40,,已完成",
            "W0004,2024-11-18 10:00,孙丽,13800138008,红枣,1,40,,已完成",
            "W0004,2024-11-18 10:00,孙丽,13800138008,枸杞,1,30,30.00,已完成",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 1
    assert "line 5, 实收金额: amount: is required" in result.stderr
    assert "line 6, 实收金额: amount: is required" in result.stderr
    assert "line 7" not in result.stderr
    assert "line 3" not in result.stderr  # W0001's 菊花茶 is its order's item
    assert table_of(book_path, BY_NAME) == []


def test_an_item_amount_column_blank_on_a_row_is_still_refused(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    # 商品金额 is each item's own: a blank one is no order's total
    lines = [WEIDIAN[0].replace("实收金额", "商品金额"), *WEIDIAN[1:]]
    orders = write_csv(tmp_path / "orders.csv", lines)

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 1
    assert "line 3, 商品金额: amount: is required" in result.stderr


def _ledger(path: Path, *, second_day: bool = False) -> Path:
    """The tester's ledger (/work/wt/repros5/mk_ledger.py): one ¥1,280 order of 3 items, its
    date, customer and phone merged down over them, the amount on the first row only."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "11月流水"
    sheet.append(["2024年11月 销售流水"])
    sheet.merge_cells("A1:G1")
    sheet.append(["日期", "客户", "手机", "商品", "数量", "金额", "备注"])
    sheet.append(
        [dt.datetime(2024, 11, 3), "王芳", 13800138000, "口红", "1", "¥1,280.00", "一单三件"]
    )
    sheet.append([None, None, None, "面霜", "2", None, None])
    sheet.append([None, None, None, "小样", "1", None, None])
    if second_day:  # the customer merged over rows of two days: two purchases, not one order
        sheet["A5"] = dt.datetime(2024, 11, 4)
        sheet.merge_cells("A3:A4")
    else:
        sheet.merge_cells("A3:A5")
    sheet.merge_cells("B3:B5")
    sheet.merge_cells("C3:C5")
    sheet.append([dt.datetime(2024, 11, 5), "赵敏", "13800138003", "爽肤水", 1, 99, None])
    sheet.append(["同上", "孙丽", "13800138008", "红枣", 2, "60元", None])
    sheet.append(["合计", None, None, None, None, "=SUM(F3:F7)", None])
    workbook.save(path)
    return path


def test_a_ledgers_order_under_merged_cells_with_its_amount_on_the_first_row_is_one_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    ledger = _ledger(tmp_path / "ledger.xlsx")

    result = run("--lang", "en", "import", "purchases", ledger, "--create-missing")

    assert result.exit_code == 0, result.output
    # before, 面霜 and 小样 were refused "amount: is required" (with --keep-good: left out)
    assert table_of(book_path, BY_NAME) == [
        ("王芳", "口红", 128000),
        ("王芳", "面霜", 0),
        ("王芳", "小样", 0),
        ("赵敏", "爽肤水", 9900),
        ("孙丽", "红枣", 6000),
    ]
    assert (
        "1 order (rows under merged cells) states “金额” on its first row only (¥1,280.00 on "
        "lines 3–5): the other rows are items of that order, and the amount is read as the "
        "whole order's paid total, counted once, recorded on the order's first row, its "
        "other item rows ¥0"
    ) in result.stdout

    zh = run(
        *("--lang", "zh", "import", "purchases", ledger, "--create-missing", "--dry-run"),
        db=tmp_path / "zh.db",
    )
    assert "1 笔订单（合并单元格下的几行）的“金额”只写在第一行（如第 3–5 行，写着 ¥1,280.00）" in (
        zh.stdout
    )


def test_rows_under_a_merged_customer_of_two_days_are_no_one_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    ledger = _ledger(tmp_path / "ledger.xlsx", second_day=True)

    result = run("--lang", "en", "import", "purchases", ledger, "--create-missing")

    assert result.exit_code == 1
    assert "line 5, 金额: amount: is required" in result.stderr
    assert "line 4" not in result.stderr  # the order of line 3, the same day
    assert table_of(book_path, BY_NAME) == []


def test_the_import_screens_report_says_the_amounts_on_first_rows() -> None:
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    report = ImportReport(
        rows=5,
        imported=5,
        first_row_amounts=(2, "实收金额", "W0001", (2, 3), 10000, 1, "商品单价", "商品数量", 0, 0),
    )

    said = "\n".join(report_lines(report, keep_good=False))

    assert (
        "2 orders state “实收金额” on their first row only (order W0001: ¥100.00 on lines 2–3): "
        "the other rows are items of that order, and the amount is read as the whole order's "
        "paid total, counted once, shared out over its rows in proportion to “商品单价” × "
        "“商品数量” (an order with a row lacking them: recorded on its first row, its other "
        "item rows ¥0)"
    ) in said


# W0001 of two items, 菊花茶 closed before paying: 淘宝's 实付款 of such an order is what
# the other items paid
CLOSED_ITEM = [
    WEIDIAN[0],
    WEIDIAN[1].replace("已完成", "交易成功"),
    WEIDIAN[2].replace("已完成", "交易关闭"),
    WEIDIAN[3],
]


def test_a_closed_item_rows_share_of_an_amount_of_every_item_is_not_booked_on_the_others(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """¥100 is 2 × ¥30 + 1 × ¥40, every item's (菊花茶 paid, then closed): 玫瑰花茶 keeps its
    ¥60. left7's rule booked the closed 菊花茶's ¥40 on 玫瑰花茶 too (¥100 for two ¥30 teas),
    and this test asserted it (a reviewer's finding 1)."""
    orders = write_csv(tmp_path / "taobao.csv", CLOSED_ITEM)

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, BY_NAME) == [("王芳", "玫瑰花茶", 6000), ("孙丽", "菊花茶", 4000)]
    assert (
        "; 1 item row of them closed or unpaid (交易关闭, 已取消 …) is no purchase: the amount "
        "is nearer what all the order's items cost than what the others do, so it is every "
        "item's, and the closed item's share is not booked"
    ) in result.stdout


def test_a_closed_item_row_takes_no_share_of_an_amount_the_others_paid(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """¥60 (or ¥65 with shipping) is what 玫瑰花茶's 2 × ¥30 cost, nearer it than the ¥100 of
    every item: it is theirs alone. Before left7, ¥60 was shared 60 : 40 and ¥36 booked."""
    for paid, booked in (("60.00", 6000), ("65.00", 6500)):
        order = f"W{paid[:2]}"  # another order each time
        lines = [
            CLOSED_ITEM[0],
            CLOSED_ITEM[1].replace("100.00", paid).replace("W0001", order),
            CLOSED_ITEM[2].replace("W0001", order),
        ]
        orders = write_csv(tmp_path / f"taobao{paid}.csv", lines)

        result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

        assert result.exit_code == 0, result.output
        assert table_of(book_path, BY_NAME)[-1] == ("王芳", "玫瑰花茶", booked)
        assert (
            "; 1 item row of them closed or unpaid (交易关闭, 已取消 …) is no purchase and takes "
            "no share of the amount: it is what the order's other items paid"
        ) in result.stdout


def test_a_closed_first_row_with_an_amount_of_every_item_books_the_others_own_share(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """玫瑰花茶 2 × ¥30 closed on the first row, ¥100 there, 菊花茶 ¥40 bought: ¥40 booked
    (left7's rule booked the ¥40 tea at ¥100)."""
    lines = [
        WEIDIAN[0],
        WEIDIAN[1].replace("已完成", "交易关闭"),
        WEIDIAN[2].replace("已完成", "交易成功"),
    ]
    orders = write_csv(tmp_path / "orders.csv", lines)

    result = run("--lang", "zh", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, BY_NAME) == [("王芳", "菊花茶", 4000)]
    assert "这个金额更接近全部商品的价钱合计，是所有商品的，已关闭的商品分到的部分不记" in (
        result.stdout
    )


def test_a_closed_first_row_leaves_the_orders_amount_to_its_bought_rows(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    lines = [
        UNPRICED[0],
        UNPRICED[1].replace("已完成", "已取消"),
        UNPRICED[2].replace(",,", ",,").replace("已完成", "已签收"),
        UNPRICED[2].replace("菊花茶", "红枣"),
    ]
    orders = write_csv(tmp_path / "orders.csv", lines)

    result = run("--lang", "zh", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    # no unit prices: the amount on the first bought row, the other ¥0
    assert table_of(book_path, BY_NAME) == [("王芳", "菊花茶", 10000), ("王芳", "红枣", 0)]
    assert "其中 1 个商品行已关闭或未付款（如交易关闭、已取消），不是购买" in result.stdout


def test_a_closed_item_row_with_money_refunded_keeps_its_share(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    # 交易关闭 beside a refund of its own: paid, then refunded (Taobao closes such an item)
    lines = [
        WEIDIAN[0] + ",退款金额",
        WEIDIAN[1] + ",0",
        WEIDIAN[2].replace("已完成", "交易关闭") + ",40",
    ]
    orders = write_csv(tmp_path / "orders.csv", lines)

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, BY_NAME) == [("王芳", "玫瑰花茶", 6000), ("王芳", "菊花茶", 4000)]
    assert "closed or unpaid" not in result.stdout
