"""`xiaoben import purchases --on-duplicate`: what a row does whose order number an earlier
import brought in — skipped (the default), updating that purchase, or imported again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.book_helpers import write_csv
from xiaoben.store.driver import sqlite3

HEADER = "订单编号,收货人姓名,联系手机,付款时间,实付款,订单状态,宝贝标题,宝贝总数量"
FIRST = [
    HEADER,
    "9001,王芳,13800000001,2024-03-08,89.00,交易成功,玫瑰面霜,1",
    "9001,王芳,13800000001,2024-03-08,20.00,交易成功,洗面奶,1",
    "9002,李娜,13800000002,2024-03-09,50.00,交易成功,口红,1",
    "9003,赵敏,13800000003,2024-03-10,120.00,交易成功,精华液,2",
]
# A week later the shop's export says: 9001's face cream was refunded, 9002 was closed,
# 9003 unchanged, and 9004 is new.
LATER = [
    HEADER,
    "9001,王芳,13800000001,2024-03-08,89.00,退款成功,玫瑰面霜,1",
    "9001,王芳,13800000001,2024-03-08,20.00,交易成功,洗面奶,1",
    "9002,李娜,13800000002,2024-03-09,50.00,交易关闭,口红,1",
    "9003,赵敏,13800000003,2024-03-10,120.00,交易成功,精华液,2",
    "9004,赵敏,13800000003,2024-03-15,60.00,交易成功,面膜,3",
]


def purchases(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return list(
            conn.execute(
                "SELECT note, items, amount_cents, refunded_cents FROM purchases"
                " ORDER BY note, items"
            )
        )
    finally:
        conn.close()


def stats_of(path: Path, name: str) -> tuple[object, ...]:
    conn = sqlite3.connect(path)
    try:
        return tuple(
            conn.execute(
                "SELECT s.orders, s.revenue_cents - s.refunded_cents FROM stats s"
                " JOIN customers c ON c.id = s.customer_id WHERE c.name = ?",
                (name,),
            ).fetchone()
        )
    finally:
        conn.close()


def first_import(run: Callable[..., Result], tmp_path: Path) -> Path:
    done = run(
        "import", "purchases", str(write_csv(tmp_path / "一.csv", FIRST)), "--create-missing"
    )
    assert done.exit_code == 0, done.output
    return write_csv(tmp_path / "二.csv", LATER)


def test_by_default_orders_imported_before_are_left_as_they_are(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    later = first_import(run, tmp_path)
    before = purchases(book_path)

    result = run("--lang", "en", "import", "purchases", str(later), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 1 of 5 rows" in result.stdout
    # 9001's face cream refunded and 9002 closed since: said as left in the book, not as
    # closed or refunded by this import (the book still holds them as sales)
    assert "0 closed, cancelled or unpaid (not purchases); 0 refunded" in result.stdout
    assert "2 already imported (skipped)" in result.stdout
    assert (
        "2 orders imported before have a new status in this file (1 closed or cancelled,"
        " 1 refunded) and were left as in the book: --on-duplicate update applies it"
    ) in result.stdout
    assert purchases(book_path) == sorted([*before, ("订单号 9004", "面膜", 6000, 0)])


def test_a_new_status_the_book_already_has_is_not_said_again(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    later = first_import(run, tmp_path)
    assert run("import", "purchases", str(later), "--on-duplicate", "update").exit_code == 0

    again = run("--lang", "en", "import", "purchases", str(later))

    assert again.exit_code == 0, again.output
    assert "new status" not in again.stdout
    # 9001's two items (one refunded there already), 9003 and 9004; 9002, gone from the
    # book, is a closed order as any other
    assert "1 closed, cancelled or unpaid (not purchases); 0 refunded" in again.stdout
    assert "4 already imported (skipped)" in again.stdout


def test_a_closed_or_refunded_order_in_the_book_is_said_in_the_sellers_language(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    header = (
        "订单编号,买家会员名,收货人姓名,联系手机,买家实际支付金额,订单状态,订单付款时间,宝贝标题"
    )
    first = write_csv(
        tmp_path / "一.csv",
        [
            header,
            "T1,tb_a,张三,13800138000,100.00,卖家已发货,2024-03-05 10:00,裙",
            "T2,tb_b,李四,13900139000,200.00,卖家已发货,2024-03-06 10:00,鞋",
        ],
    )
    second = write_csv(
        tmp_path / "二.csv",
        [
            header,
            "T1,tb_a,张三,13800138000,100.00,交易关闭,2024-03-05 10:00,裙",
            "T2,tb_b,李四,13900139000,200.00,退款成功,2024-03-06 10:00,鞋",
            "T3,tb_b,李四,13900139000,50.00,交易关闭,,袜",
        ],
    )
    assert run("import", "purchases", str(first), "--create-missing").exit_code == 0

    result = run("--lang", "zh", "import", "purchases", str(second))

    assert result.exit_code == 0, result.output
    assert "订单：1 笔已关闭/取消/未付款，未记为消费；0 笔已退款" in result.stdout  # T3 alone
    assert (
        "已导入过的订单中 2 笔在此文件中状态已变（1 笔已关闭或取消，1 笔已退款），账本中保持原样；"
        "要按文件更新，请加 --on-duplicate update"
    ) in result.stdout
    assert purchases(book_path) == [("订单号 T1", "裙", 10000, 0), ("订单号 T2", "鞋", 20000, 0)]


def test_update_follows_refunds_and_closed_orders_and_leaves_unchanged_rows(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    later = first_import(run, tmp_path)

    result = run(
        "--lang", "en", "import", "purchases", str(later), "--on-duplicate", "update"
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "imported 1 of 5 rows" in result.stdout
    assert "1 purchase of an order imported before updated from the file" in result.stdout
    assert "1 purchase of an order imported before removed: the order was closed" in result.stdout
    assert "2 already imported (skipped)" in result.stdout  # 9001's 洗面奶 and 9003: unchanged
    assert purchases(book_path) == [
        ("订单号 9001", "洗面奶", 2000, 0),
        ("订单号 9001", "玫瑰面霜", 8900, 8900),
        ("订单号 9003", "精华液", 12000, 0),
        ("订单号 9004", "面膜", 6000, 0),
    ]
    assert stats_of(book_path, "王芳") == (2, 2000)  # the refund counts
    assert stats_of(book_path, "李娜") == (0, 0)  # the closed order is gone


def test_update_with_the_same_file_again_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    later = first_import(run, tmp_path)
    run("import", "purchases", str(later), "--on-duplicate", "update")
    before = purchases(book_path)

    again = run("--lang", "en", "import", "purchases", str(later), "--on-duplicate", "update")

    assert again.exit_code == 0, again.output
    assert "imported 0 of 5 rows" in again.stdout
    assert "updated from the file" not in again.stdout
    assert purchases(book_path) == before


def test_new_imports_orders_imported_before_again(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    later = first_import(run, tmp_path)

    result = run("--lang", "en", "import", "purchases", str(later), "--on-duplicate", "new")

    assert result.exit_code == 0, result.output
    assert "imported 4 of 5 rows" in result.stdout
    assert len(purchases(book_path)) == 8


def test_a_dry_run_of_an_update_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    later = first_import(run, tmp_path)
    before = purchases(book_path)

    result = run(
        "--lang", "en", "import", "purchases", str(later), "--on-duplicate", "update", "--dry-run"
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "1 purchase of an order imported before updated" in result.stdout
    assert "1 purchase of an order imported before removed" in result.stdout
    assert purchases(book_path) == before


def test_the_option_is_in_the_help(run: Callable[..., Result]) -> None:
    shown = run("import", "purchases", "--help").stdout
    assert "--on-duplicate [update|skip|new]" in shown
    assert "earlier import brought in" in " ".join(shown.split())
