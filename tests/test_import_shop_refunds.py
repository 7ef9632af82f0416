"""Shop exports as an outside tester wrote them (快手, 淘宝, 京东, 微店): the figures the book
holds are what each buyer paid and got back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import table_of, write_csv

PAID = "SELECT items, amount_cents, refunded_cents FROM purchases ORDER BY id"


@pytest.mark.parametrize(
    ("status_columns", "status_cells"),
    [
        ("订单状态,退款状态", "交易成功,退款成功"),  # 快手, the new 淘宝
        ("订单状态,售后状态", "已完成,退款成功"),
        ("订单状态", "已退款"),
    ],
)
def test_a_refund_status_beside_a_stated_partial_refund_refunds_what_the_row_states(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    status_columns: str,
    status_cells: str,
) -> None:
    """退款成功 beside a 退款金额 of ¥20 on ¥89.70 (the buyer kept two of three): ¥20 went
    back, not ¥89.70 (the status read as a refund in full)."""
    orders = write_csv(
        tmp_path / "ks.csv",
        [
            f"订单号,下单时间,{status_columns},商品名称,数量,实付款,收货人,手机,退款金额",
            f"9001,2024-03-07 10:00:00,{status_cells},红枣,3,89.70,王芳,13800138000,20.00",
            f"9002,2024-03-08 10:00:00,{status_cells},红枣,1,29.90,王芳,13800138000,",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, PAID) == [("红枣", 8970, 2000), ("红枣", 2990, 2990)]
    assert "1 refunded (recorded as refunded in full)" in result.stdout


def test_an_order_closed_after_a_partial_refund_keeps_what_was_not_refunded(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """淘宝 closes an order once its goods were refunded: ¥100 of ¥110 back (the postage
    not), so ¥10 was the seller's; a closed order with its whole amount back is refunded in
    full, as before."""
    orders = write_csv(
        tmp_path / "tb.csv",
        [
            "订单编号,买家会员名,买家实际支付金额,订单状态,收货人姓名,联系手机,订单付款时间,宝贝标题,宝贝总数量,退款金额",
            "2001,tb_wf,110.00,交易关闭,王芳,13800138000,2024-03-05 10:00:00,连衣裙,1,100.00",
            "2002,tb_wf,110.00,交易关闭,王芳,13800138000,2024-03-06 10:00:00,连衣裙,1,110.00",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, PAID) == [("连衣裙", 11000, 10000), ("连衣裙", 11000, 11000)]


def test_a_refund_column_of_zeros_leaves_an_orders_repeated_total_counted_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """微店 writes 退款金额 0.00 on every row: that refunds nothing, and the order's 实收金额
    on each of its rows is still its total, shared by 单价 × 数量 (it was counted twice)."""
    orders = write_csv(
        tmp_path / "wd.csv",
        [
            "订单编号,订单状态,下单时间,商品名称,单价,数量,实收金额,退款金额,收货人,收货人手机",
            "WD201,已完成,2024-03-05 10:00:00,围巾,50.00,2,140.00,0.00,王芳,13800138000",
            "WD201,已完成,2024-03-05 10:00:00,手套,30.00,1,140.00,0.00,王芳,13800138000",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, PAID) == [("围巾", 10769, 0), ("手套", 3231, 0)]


def test_jd_price_is_the_unit_price_of_its_order_rows(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """京东's 京东价 is an item's price for one: with 订购数量 it tells that 应付金额 on both
    rows of an order is the order's (¥190 once, not ¥380)."""
    orders = write_csv(
        tmp_path / "jd.csv",
        [
            "订单号,商品ID,商品名称,订购数量,京东价,订单状态,下单时间,客户姓名,联系电话,应付金额",
            "281234567890,100012,保温杯,1,120.00,完成,2024-03-05 10:00:00,王芳,13800138000,190.00",
            "281234567890,100013,筷子,2,40.00,完成,2024-03-05 10:00:00,王芳,13800138000,190.00",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, PAID) == [("保温杯", 11400, 0), ("筷子", 7600, 0)]


@pytest.mark.parametrize(("eye_cream", "total"), [("128.00", 16790), ("39.90", 7980)])
def test_douyin_sub_orders_each_keep_their_own_amount(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, eye_cream: str, total: int
) -> None:
    """抖店 numbers each row's sub-order (子订单编号) under its 主订单编号, and its one amount,
    订单应付金额, is the sub-order's: two of one order were refused as an order stating two
    totals, or, of one price, counted once (¥39.90 and ¥0)."""
    orders = write_csv(
        tmp_path / "dy.csv",
        [
            "主订单编号,子订单编号,选购商品,商品数量,商品单价,订单应付金额,收件人,收件人手机号,"
            "支付完成时间,订单状态",
            "6923001,6923002,面膜,1,39.90,39.90,王芳,13800138000,2024/03/05 10:00:10,已完成",
            f"6923001,6923003,眼霜,1,{eye_cream},{eye_cream},王芳,13800138000,"
            "2024/03/05 10:00:10,已完成",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    held = table_of(book_path, PAID)
    assert [items for items, *_ in held] == ["面膜", "眼霜"]
    assert sum(paid for _, paid, _ in held) == total


def test_youzans_buyer_phone_names_the_customer_and_the_recipients_stands_in_when_blank(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """有赞 writes the buyer's phone (买家手机号) and the recipient's: a gift to her mother
    is 王芳's purchase (it made a customer of the recipient, 王母), said for review; a row
    without the buyer's phone takes the recipient's."""
    header = (
        "订单号,订单状态,买家付款时间,买家昵称,买家手机号,收货人/提货人,收货人手机号/提货人手机号,"
        "商品名称,商品数量,商品实际成交金额,订单实付金额"
    )
    orders = write_csv(
        tmp_path / "yz.csv",
        [
            header,
            "E7,交易成功,2024-03-05 10:00,小王,13800138000,王芳,13800138000,茶叶A,1,100.00,100.00",
            "E8,交易成功,2024-03-06 10:00,小王,13800138000,王母,13600136000,茶叶B,1,300.00,300.00",
            "E9,交易成功,2024-03-07 10:00:00,阿李,,李娜,13900139000,茶叶C,1,50.00,50.00",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    by_name = (
        "SELECT c.name, c.phones, p.amount_cents FROM purchases p"
        " JOIN customers c ON c.id = p.customer_id ORDER BY p.id"
    )
    assert table_of(book_path, by_name) == [
        ("王芳", '["+8613800138000"]', 10000),
        ("王芳", '["+8613800138000"]', 30000),
        ("李娜", '["+8613900139000"]', 5000),
    ]
    assert "line 3: the name is “王母” but +8613800138000 is 王芳 (#1)'s" in result.stdout


def test_a_refunded_row_not_imported_again_is_not_counted_refunded(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A sheet with no order numbers imported twice: 王芳's refunded ¥10 is a purchase the
    book has, left out the second time, and that report said "1 refunded" all the same (the
    rows were counted as matched, before the repeats were left out)."""
    sheet = write_csv(
        tmp_path / "账单.csv",
        [
            "姓名,手机,金额,订单状态,日期",
            "王芳,13800138001,10,退款成功,2024-03-05",
            "李娜,13800138002,20,交易成功,2024-03-05",
        ],
    )

    first = run("--lang", "en", "import", "purchases", sheet, "--create-missing")
    again = run("--lang", "en", "import", "purchases", sheet, "--create-missing")

    assert first.exit_code == again.exit_code == 0, first.output + again.output
    assert "; 1 refunded (recorded as refunded in full)" in first.stdout
    assert "2 rows are purchases already in the book" in again.stdout
    assert "refunded (recorded as refunded in full)" not in again.stdout
    assert table_of(book_path, "SELECT amount_cents, refunded_cents FROM purchases") == [
        (1000, 1000),
        (2000, 0),
    ]
