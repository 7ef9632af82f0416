"""Order statuses shops write that are no sale (不成立, 交易關閉, Draft, Trash …), refunded in
full (已全部退款) or refused at the door (拒签); a payment's status under its own column
(付款状态, 是否付款); and a status word xiaoben does not know, said rather than silently read
as paid. Every fixture is written here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import table_of, write_csv
from xiaoben.store.importing.columns import field_of
from xiaoben.store.importing.order_status import order_status, unknown_paid


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("不成立", "closed"),  # Shopee: the order never formed
        ("訂單不成立", "closed"),  # Shopee Taiwan
        ("交易不成立", "closed"),
        ("交易關閉", "closed"),  # Traditional 交易关闭
        ("已取消訂單", "closed"),
        ("交易终止", "closed"),
        ("交易終止", "closed"),
        ("已撤销", "closed"),
        ("訂單已撤銷", "closed"),
        ("已过期", "closed"),
        ("付款超时", "closed"),
        ("超时未付款", "closed"),
        ("Draft", "closed"),  # WooCommerce
        ("checkout-draft", "closed"),
        ("Trash", "closed"),
        ("已全部退款", "refunded"),
        ("全部退款", "refunded"),
        ("订单已全部退款", "refunded"),
        ("已拒签", "refunded"),
        ("拒签", "refunded"),
        ("付款确认中", "unpaid"),
        ("PAY_PENDING", "unpaid"),
        ("已退貨退款", "refunded"),
        # what stands as it was
        ("拒收已撤销", "paid"),
        ("退款撤销", "paid"),
        ("全部退款中", "paid"),
        ("交易成功", "paid"),
        ("WAIT_BUYER_PAY", "unpaid"),
    ],
)
def test_a_shops_status_word_reads_as_what_the_order_is(text: str, status: str) -> None:
    assert order_status(text) == status


@pytest.mark.parametrize(
    "header", ["付款状态", "支付状态", "收款状态", "订单支付状态", "是否付款", "是否已付款"]
)
def test_a_payment_status_column_is_the_status(header: str) -> None:
    assert field_of(header, "purchases") == "status"


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("付款状态", ("已付款", "未付款", "已退款")),
        ("支付状态", ("已支付", "未支付", "已退款")),
        ("是否付款", ("是", "否", "已退款")),
    ],
)
def test_an_unpaid_or_refunded_order_under_a_payment_status_is_no_paid_purchase(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, header: str, words: tuple[str, ...]
) -> None:
    paid, unpaid, refunded = words
    orders = write_csv(
        tmp_path / "orders.csv",
        [
            f"订单号,客户,手机,付款时间,实付金额,{header}",
            f"1,王芳,13800138000,2024-05-01,100,{paid}",
            f"2,李娜,13900139000,2024-05-02,100,{unpaid}",
            f"3,赵敏,13700137000,2024-05-03,100,{refunded}",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert f"“{header}”" not in result.output  # read, not listed as not recognised
    assert table_of(
        book_path, "SELECT p.note, p.amount_cents, p.refunded_cents FROM purchases p ORDER BY p.id"
    ) == [("订单号 1", 10000, 0), ("订单号 3", 10000, 10000)]


def test_never_formed_and_traditional_statuses_import_no_purchase(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    words = ["不成立", "訂單不成立", "交易關閉", "交易终止", "已撤销", "已过期", "付款超时"]
    words += ["Draft", "Trash", "已全部退款", "全部退款", "已拒签", "交易成功"]
    rows = [
        f"T{at},客户{at:02d},138000000{at:02d},2024-05-01 10:00,100,{word}"
        for at, word in enumerate(words)
    ]
    orders = write_csv(tmp_path / "t.csv", ["订单号,客户,手机,付款时间,实付金额,订单状态", *rows])

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 4 of 13 rows" in result.output
    assert "order rows: 9 closed, cancelled or unpaid (not purchases); 3 refunded" in result.output
    assert table_of(
        book_path, "SELECT count(*), sum(amount_cents - refunded_cents) FROM purchases"
    ) == [(4, 10000)]


@pytest.mark.parametrize(
    "text",
    ["交易成功", "已发货", "待发货", "等待买家确认收货", "已签收", "Completed", "Shipped",
     "Awaiting shipment", "TRADE_FINISHED", "退款中", "退款关闭", "售后完成", ""],
)  # fmt: skip
def test_a_known_paid_word_is_not_said(text: str) -> None:
    assert not unknown_paid(text)


@pytest.mark.parametrize("text", ["被合并", "已拆分", "xyz"])
def test_a_status_word_read_as_paid_that_xiaoben_does_not_know_is_said(text: str) -> None:
    assert order_status(text) == "paid" and unknown_paid(text)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "订单状态“被合并”按已付款读 2 行：这个状态词小本不认识"),
        ("en", "订单状态 “被合并” read as paid on 2 rows: xiaoben does not know this status word"),
    ],
)
def test_the_dry_run_and_the_import_list_status_words_read_as_paid_unknown(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str, said: str
) -> None:
    orders = write_csv(
        tmp_path / "erp.csv",
        [
            "订单号,客户,手机,付款时间,实付金额,订单状态",
            "1,王芳,13800138000,2024-05-01,100,被合并",
            "2,李娜,13900139000,2024-05-02,50,被合并",
            "3,赵敏,13700137000,2024-05-03,70,交易成功",
        ],
    )

    dry = run("--lang", lang, "import", "purchases", str(orders), "--create-missing", "--dry-run")
    done = run("--lang", lang, "import", "purchases", str(orders), "--create-missing")

    assert said in dry.output and said in done.output
    assert "交易成功" not in done.output


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "订单状态“被合并”按已付款读：前 2 行中有 1 行"),
        ("en", "订单状态 “被合并” read as paid on 1 row of the first 2:"),
    ],
)
def test_a_large_files_status_words_are_looked_for_in_its_first_rows(
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    said: str,
) -> None:
    """Before its import a large file is not read whole once more for its status words (a
    million rows took 3 s): its first rows are looked at, and the line says so; a word
    only after them is not said (the rows are read as paid, as before)."""
    from xiaoben.store.importing import tables

    monkeypatch.setattr(tables, "STATUS_GLANCE_ROWS", 2)
    orders = write_csv(
        tmp_path / "erp.csv",
        [
            "订单号,客户,手机,付款时间,实付金额,订单状态",
            "1,王芳,13800138000,2024-05-01,100,交易成功",
            "2,李娜,13900139000,2024-05-02,50,被合并",
            "3,赵敏,13700137000,2024-05-03,70,已拆分待定",
        ],
    )

    done = run("--lang", lang, "import", "purchases", str(orders), "--create-missing")

    assert said in done.output, done.output
    assert "已拆分待定" not in done.output
