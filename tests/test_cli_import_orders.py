"""`xiaoben import purchases --on-duplicate`: what a row does whose order number an earlier
import brought in — skipped (the default), updating that purchase, or imported again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import import_purchases_csv, table_of, write_csv
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.imports import ImportRejected, new_items_line
from xiaoben.tui.screens.import_report import report_lines

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
    assert "订单行：1 行已关闭/取消/未付款，未记为消费；0 行已退款" in result.stdout  # T3 alone
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
    assert stats_of(book_path, "王芳") == (1, 2000)  # one order of two items; the refund counts
    assert stats_of(book_path, "李娜") == (0, 0)  # the closed order is gone


def test_an_updated_order_of_no_item_name_says_no_empty_brackets(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """An order whose file names no item: its detail line is `order 9001: refunded …`, not
    `order 9001 (—): …`, where the dash read like a value lost."""
    header = "订单编号,收货人姓名,联系手机,付款时间,实付款,订单状态"
    first = [header, "9001,王芳,13800000001,2024-03-08,200.00,交易成功"]
    first += ["9002,李娜,13800000002,2024-03-09,50.00,交易成功"]
    later = [header, "9001,王芳,13800000001,2024-03-08,200.00,退款成功"]
    later += ["9002,李娜,13800000002,2024-03-09,50.00,交易关闭"]
    done = run(
        "import", "purchases", str(write_csv(tmp_path / "一.csv", first)), "--create-missing"
    )
    assert done.exit_code == 0, done.output

    result = run(
        "--lang", "en", "import", "purchases", str(write_csv(tmp_path / "二.csv", later)),
        "--on-duplicate", "update",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "order 9001: refunded ¥0.00 → ¥200.00" in result.stdout
    assert "order 9002: closed or cancelled, its purchase of ¥50.00 removed" in result.stdout
    assert "(—)" not in result.stdout


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


# A shop's exports of 1 and 15 November: by the 15th 1001 was refunded in full, 1002
# closed, 1003 refunded in part and 1004 (not paid on the 1st) paid.
SHOP = (
    "订单编号,买家会员名,买家实际支付金额,订单状态,订单付款时间,收货人姓名,联系手机,宝贝标题,"
    "退款金额"
)
NOV_01 = [
    SHOP,
    "1001,tb_wang,199.00,待发货,2026-11-01 10:00:00,王芳,13800000001,口红A,0",
    "1002,tb_li,88.50,交易成功,2026-11-02 11:00:00,李娜,13800000002,面膜,0",
    "1003,tb_zhao,300.00,已发货,2026-11-03 12:00:00,赵敏,13800000003,精华,0",
    "1004,tb_sun,50.00,等待买家付款,,孙丽,13800000004,小样,0",
]
NOV_15 = [
    SHOP,
    "1001,tb_wang,199.00,已退款,2026-11-01 10:00:00,王芳,13800000001,口红A,199.00",
    "1002,tb_li,88.50,交易关闭,2026-11-02 11:00:00,李娜,13800000002,面膜,0",
    "1003,tb_zhao,300.00,交易成功,2026-11-03 12:00:00,赵敏,13800000003,精华,100.00",
    "1004,tb_sun,50.00,交易成功,2026-11-05 09:00:00,孙丽,13800000004,小样,0",
]
NOV_15_BOOK = [
    ("订单号 1001", "口红A", 19900, 19900),
    ("订单号 1003", "精华", 30000, 10000),
    ("订单号 1004", "小样", 5000, 0),
]


def two_exports(run: Callable[..., Result], tmp_path: Path) -> Path:
    """The book after both exports (the later one with --on-duplicate update); the earlier
    export's file."""
    older = write_csv(tmp_path / "nov01.csv", NOV_01)
    newer = write_csv(tmp_path / "nov15.csv", NOV_15)
    assert run("import", "purchases", str(older), "--create-missing").exit_code == 0
    update = ("--on-duplicate", "update")
    assert run("import", "purchases", str(newer), "--create-missing", *update).exit_code == 0
    return older


def test_an_older_export_never_takes_an_update_back(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Refunds are not shrunk, a closed order is not made again, a paid order is not
    removed because the older file has it not paid yet; said so, in either language."""
    older = two_exports(run, tmp_path)
    assert purchases(book_path) == NOV_15_BOOK

    result = run("--lang", "en", "import", "purchases", str(older), "--on-duplicate", "update")

    assert result.exit_code == 0, result.output
    assert purchases(book_path) == NOV_15_BOOK
    assert (
        "4 orders in this file are behind what the book holds (paid, refunded or closed since):"
        " left as they are"
    ) in result.stdout
    assert "removed" not in result.stdout
    assert "updated from the file" not in result.stdout
    again = run("--lang", "zh", "import", "purchases", str(older), "--on-duplicate", "update")
    assert "此文件中 4 笔订单比账本里的旧（账本已记其后的付款、退款或关闭），保持账本原样" in (
        again.stdout
    )


def test_a_closed_order_an_update_removed_is_not_imported_again_by_default(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    older = two_exports(run, tmp_path)

    result = run("--lang", "en", "import", "purchases", str(older))

    assert result.exit_code == 0, result.output
    assert purchases(book_path) == NOV_15_BOOK  # 1002 stays closed
    assert "imported 0 of 4 rows" in result.stdout
    assert "2 already imported (skipped)" in result.stdout  # 1001 and 1003, as skipped
    # 1002, closed, and 1004, not paid in this file: the book has them further on
    assert "2 orders in this file are behind what the book holds" in result.stdout


def test_an_order_not_paid_yet_is_no_closed_one(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A row not paid yet of an order the book holds paid leaves it be, whatever the mode."""
    two_exports(run, tmp_path)
    unpaid = write_csv(tmp_path / "unpaid.csv", [SHOP, NOV_01[4]])

    result = run("--lang", "en", "import", "purchases", str(unpaid), "--on-duplicate", "update")

    assert result.exit_code == 0, result.output
    assert ("订单号 1004", "小样", 5000, 0) in purchases(book_path)
    assert "closed or cancelled since" not in result.stdout
    assert "1 order in this file is behind what the book holds" in result.stdout


def test_a_partial_refund_since_is_told_as_a_full_one_is(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """By default an order refunded in part since (退款金额 100 of 300) is counted with the
    option that applies it, as one refunded in full; it is not "already imported"."""
    first = write_csv(tmp_path / "一.csv", [SHOP, NOV_01[1], NOV_01[3]])
    later = write_csv(tmp_path / "二.csv", [SHOP, NOV_15[1], NOV_15[3]])
    assert run("import", "purchases", str(first), "--create-missing").exit_code == 0

    for lang, said in [
        ("en", "2 orders imported before have a new status in this file (0 closed or cancelled,"
               " 2 refunded) and were left as in the book: --on-duplicate update applies it"),
        ("zh", "已导入过的订单中 2 笔在此文件中状态已变（0 笔已关闭或取消，2 笔已退款），"
               "账本中保持原样；要按文件更新，请加 --on-duplicate update"),
    ]:  # fmt: skip
        result = run("--lang", lang, "import", "purchases", str(later))

        assert result.exit_code == 0, result.output
        assert said in result.stdout
        assert "already imported" not in result.stdout and "已导入过，跳过" not in result.stdout


def test_an_update_names_each_purchase_it_changed_before_and_after(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The first line counts the purchases updated; each is listed with what changed, a
    partial refund as a full one; a closed order's removal too."""
    two = [NOV_01[1], NOV_01[2], NOV_01[3]]
    first = write_csv(tmp_path / "一.csv", [SHOP, *two])
    later = write_csv(tmp_path / "二.csv", [SHOP, NOV_15[1], NOV_15[2], NOV_15[3]])
    assert run("import", "purchases", str(first), "--create-missing").exit_code == 0

    result = run("--lang", "en", "import", "purchases", str(later), "--on-duplicate", "update")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("imported 0 of 3 rows (2 purchases updated, 1 removed;")
    assert "0 refunded (recorded as refunded in full)" in result.stdout
    assert "  order 1001 (口红A): refunded ¥0.00 → ¥199.00\n" in result.stdout
    assert "  order 1003 (精华): refunded ¥0.00 → ¥100.00\n" in result.stdout
    assert "  order 1002 (面膜): closed or cancelled, its purchase of ¥88.50 removed\n" in (
        result.stdout
    )


def test_an_updates_changes_are_said_in_the_sellers_language_the_first_few_named(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    from xiaoben.store.imports import ORDER_CHANGES_SHOWN

    many = ORDER_CHANGES_SHOWN + 2
    row = "{},tb_{},99.00,{},2026-11-01 10:00:00,王{},1380000{:04d},口红,{}"
    first = [row.format(2000 + n, n, "已发货", n, n, "0") for n in range(many)]
    later = [row.format(2000 + n, n, "交易成功", n, n, "9.90") for n in range(many)]
    assert run(
        "import", "purchases", str(write_csv(tmp_path / "一.csv", [SHOP, *first])),
        "--create-missing",
    ).exit_code == 0  # fmt: skip
    second = write_csv(tmp_path / "二.csv", [SHOP, *later])

    result = run("--lang", "zh", "import", "purchases", str(second), "--on-duplicate", "update")

    assert result.exit_code == 0, result.output
    assert f"已导入 0/{many} 行（按文件更新消费 {many} 笔，移除 0 笔；" in result.stdout
    assert "  订单 2000（口红）：退款 ¥0.00 → ¥9.90\n" in result.stdout
    assert result.stdout.count("  订单 ") == ORDER_CHANGES_SHOWN
    assert "  ……另有 2 笔未列出" in result.stdout


def _closed(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT o.order_number, c.name FROM closed_orders o"
            " JOIN customers c ON c.id = o.customer_id ORDER BY 1"
        ).fetchall()
    finally:
        conn.close()


def test_a_closed_order_is_its_buyers_forgotten_with_them_and_not_in_a_redacted_copy(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The book kept a closed order's number after its buyer was forgotten, and in a
    redacted copy (an order number finds its buyer in the shop's back end)."""
    two_exports(run, tmp_path)
    assert _closed(book_path) == [("1002", "李娜")]
    redacted = tmp_path / "给会计.db"
    assert run("export", str(redacted), "--redact").exit_code == 0

    assert run("forget", "李娜", "--yes").exit_code == 0

    for path in (book_path, redacted):
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("SELECT count(*) FROM closed_orders").fetchone() == (0,), path
        finally:
            conn.close()


def test_a_closed_order_moves_with_its_buyer_in_a_merge_and_back_on_its_undo(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    two_exports(run, tmp_path)
    merged = run("--lang", "en", "merge", "王芳", "李娜", "--yes")
    assert merged.exit_code == 0, merged.output
    assert _closed(book_path) == [("1002", "王芳")]
    token = merged.output.split("xiaoben unmerge ")[1].split()[0].strip("`'\"”)")

    assert run("unmerge", token).exit_code == 0

    assert _closed(book_path) == [("1002", "李娜")]


def test_an_item_a_keep_good_import_left_out_comes_in_with_its_order_again(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """9001's face cream had a bad amount, so --keep-good brought its order in without it;
    the file corrected and imported again (skipping known orders) brings that row in as an
    item of its order, says so, and counts the order once."""
    bad = [HEADER, FIRST[1].replace("89.00", "八十九"), *FIRST[2:]]
    done = run(
        "import", "purchases", str(write_csv(tmp_path / "坏.csv", bad)), "--create-missing",
        "--keep-good",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    fixed = write_csv(tmp_path / "改好.csv", FIRST)

    again = run("--lang", "en", "import", "purchases", str(fixed))

    assert again.exit_code == 0, again.output
    assert "imported 1 of 4 rows" in again.stdout
    assert "3 already imported (skipped)" in again.stdout
    assert (
        "1 row is an item of orders already in the book that the book did not hold (line 2: "
        "order 9001, 玫瑰面霜; a bad row an earlier import left out, or another page of the "
        "export): imported as items of that order"
    ) in again.stdout
    assert ("订单号 9001", "玫瑰面霜", 8900, 0) in purchases(book_path)
    assert stats_of(book_path, "王芳") == (1, 10900)
    third = run("--lang", "en", "import", "purchases", str(fixed))
    assert "4 already imported (skipped)" in third.stdout
    assert "did not hold" not in third.stdout


def test_an_order_paged_over_two_exports_is_whole_and_the_same_rows_again_are_known(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """An export's second page holds the rest of an order the first began: its item comes
    in, once though the page was pasted twice into one file."""
    first = write_csv(tmp_path / "第1页.csv", [HEADER, FIRST[1]])
    assert run("import", "purchases", str(first), "--create-missing").exit_code == 0
    second = write_csv(tmp_path / "第2页.csv", [HEADER, FIRST[2], FIRST[1], FIRST[2]])

    result = run("--lang", "en", "import", "purchases", str(second))

    assert result.exit_code == 0, result.output
    assert "imported 1 of 3 rows" in result.stdout
    assert purchases(book_path) == [
        ("订单号 9001", "洗面奶", 2000, 0),
        ("订单号 9001", "玫瑰面霜", 8900, 0),
    ]
    assert stats_of(book_path, "王芳") == (1, 10900)


def test_an_order_of_two_alike_items_imported_again_is_known_whole(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Two rows of one order and one product (two lipsticks rung up apart) are two
    purchases: the same file again skips both as known, neither said missing."""
    lipstick = "9101,王芳,13800000001,2024-03-08,50.00,交易成功,口红,1"
    file = write_csv(tmp_path / "两支.csv", [HEADER, lipstick, lipstick])
    assert run("import", "purchases", str(file), "--create-missing").exit_code == 0

    again = run("--lang", "en", "import", "purchases", str(file))

    assert "2 already imported (skipped)" in again.stdout
    assert "no such item" not in again.stdout
    assert len(purchases(book_path)) == 2


def test_an_update_from_an_export_without_notes_keeps_the_purchases_note(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The buyer's message, the seller's cost and channel and the quantity, kept by the first
    import; the refund export after it has no such columns: the refund is applied, nothing
    else erased. A note the later file does give replaces the old one."""
    header = "订单编号,收货人姓名,联系手机,付款时间,实付款,宝贝标题"
    first = write_csv(
        tmp_path / "一.csv",
        [
            f"{header},买家留言,成本,渠道,数量",
            "9501,王芳,13800000001,2024-03-08,89.00,面霜,要红色的,30,微信,2",
        ],
    )
    assert run("import", "purchases", str(first), "--create-missing").exit_code == 0
    refund = write_csv(
        tmp_path / "退款.csv",
        [f"{header},退款金额", "9501,王芳,13800000001,2024-03-08,89.00,面霜,89.00"],
    )

    result = run("--lang", "en", "import", "purchases", str(refund), "--on-duplicate", "update")

    assert result.exit_code == 0, result.output
    stored = table_of(
        book_path, "SELECT note, refunded_cents, cost_cents, channel, quantity FROM purchases"
    )
    assert stored == [("订单号 9501；要红色的", 8900, 3000, "wechat", 2)]
    noted = write_csv(
        tmp_path / "留言.csv",
        [
            f"{header},退款金额,买家留言",
            "9501,王芳,13800000001,2024-03-08,89.00,面霜,89.00,改成蓝色",
        ],
    )
    assert run("import", "purchases", str(noted), "--on-duplicate", "update").exit_code == 0
    assert table_of(book_path, "SELECT note FROM purchases") == [("订单号 9501；改成蓝色",)]


def test_an_item_missing_beside_one_of_its_price_comes_in_whatever_the_rows_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The book holds 9601's 口红A (¥50); the file gives 口红B (¥50, left out before) first,
    then 口红A: 口红B is a new item of the order, 口红A known."""
    first = write_csv(
        tmp_path / "一.csv", [HEADER, "9601,王芳,13800000001,2024-03-08,50.00,交易成功,口红A,1"]
    )
    assert run("import", "purchases", str(first), "--create-missing").exit_code == 0
    both = write_csv(
        tmp_path / "二.csv",
        [
            HEADER,
            "9601,王芳,13800000001,2024-03-08,50.00,交易成功,口红B,1",
            "9601,王芳,13800000001,2024-03-08,50.00,交易成功,口红A,1",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(both))

    assert "imported 1 of 2 rows" in result.stdout
    assert [items for _, items, *_ in purchases(book_path)] == ["口红A", "口红B"]


def test_a_short_number_used_again_is_matched_on_its_own_day_only(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A seller's order 1 of November (王芳) and of December (李娜), both in the book: the
    December file imported again with update leaves November's purchase as it is."""
    header = "订单号,姓名,手机,日期,金额,商品"
    november = write_csv(tmp_path / "11.csv", [header, "1,王芳,13800000001,2024-11-01,10,苹果"])
    december = write_csv(tmp_path / "12.csv", [header, "1,李娜,13800000002,2024-12-01,10,苹果"])
    for file in (november, december):
        assert run("import", "purchases", str(file), "--create-missing").exit_code == 0

    again = run("--lang", "en", "import", "purchases", str(december), "--on-duplicate", "update")

    assert again.exit_code == 0, again.output
    assert "customer #" not in again.stdout
    assert table_of(
        book_path,
        "SELECT c.name, p.date FROM purchases p JOIN customers c ON c.id = p.customer_id"
        " ORDER BY p.id",
    ) == [("王芳", "2024-11-01"), ("李娜", "2024-12-01")]


def _face_cream_left_out(run: Callable[..., Result], tmp_path: Path) -> None:
    """A --keep-good import that left 9001's face cream out (a bad amount)."""
    bad = [HEADER, FIRST[1].replace("89.00", "八十九"), *FIRST[2:]]
    done = run(
        "import", "purchases", str(write_csv(tmp_path / "坏.csv", bad)), "--create-missing",
        "--keep-good",
    )  # fmt: skip
    assert done.exit_code == 0, done.output


def test_a_dry_run_says_the_new_item_would_be_imported_not_that_it_was(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    _face_cream_left_out(run, tmp_path)
    fixed = write_csv(tmp_path / "改好.csv", FIRST)
    before = purchases(book_path)

    en = run("--lang", "en", "import", "purchases", str(fixed), "--dry-run")
    zh = run("--lang", "zh", "import", "purchases", str(fixed), "--dry-run")

    assert en.exit_code == 0, en.output
    assert "or another page of the export): would be imported as items of that order" in (en.stdout)
    assert "imported as items of that order" not in en.stdout.replace("would be imported", "")
    assert "可能是上次导入跳过的坏行，或导出文件的另一页）：将作为这笔订单的商品导入" in zh.stdout
    assert "已作为" not in zh.stdout
    assert purchases(book_path) == before


def test_an_import_refused_whole_says_the_new_item_was_not_imported(
    run: Callable[..., Result], book: Book, tmp_path: Path
) -> None:
    """Refused whole (a bad row, no --keep-good), nothing came in: the Import screen shows
    the report's lines, the new item's among them."""
    _face_cream_left_out(run, tmp_path)
    nobody = "9005,钱七,13900000009,2024-03-16,1.00,交易成功,面膜,1"  # no such customer
    refused = write_csv(tmp_path / "又坏.csv", [*FIRST, nobody])

    with pytest.raises(ImportRejected) as caught:
        import_purchases_csv(book, refused)
    report = caught.value.report

    assert report.new_items == 1
    assert new_items_line(report).endswith("or another page of the export): not imported")
    assert new_items_line(report, "zh").endswith("或导出文件的另一页）：未导入")
    done = report_lines(report, False, done=True)
    assert any(line.endswith("export): not imported") for line in done)
