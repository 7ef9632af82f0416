"""A Shopify order paid in part (Financial Status partially_paid) was booked as paid in full,
its whole Total: it is a purchase of what was paid, the Total less the export's Outstanding
Balance, shared out over the order's item rows as a Total is, and counted apart in the
report; in an export without that column what was paid is unknown, and the order's rows
are refused by name."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import read_as, table_of
from xiaoben.models.errors import field_rule
from xiaoben.models.i18n import t
from xiaoben.store.book import Book
from xiaoben.store.importing import csv_table
from xiaoben.store.importing.partly_paid import outstanding_column, partly_paid
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import import_table

SHOPIFY = Path(__file__).resolve().parent / "data" / "shops" / "shopify_orders.csv"
PURCHASES = (
    "SELECT p.amount_cents, p.refunded_cents, p.items, p.note FROM purchases p ORDER BY p.id"
)


def _export(
    path: Path,
    outstanding: dict[int, str] | None,
    status: str = "partially_paid",
    edits: dict[tuple[int, str], str] | None = None,
) -> Path:
    """Shopify's example export, order #1001 (two item rows, Total 138.00) of `status`; with
    an Outstanding Balance column (after Vendor, where Shopify writes it) holding
    `outstanding` by row (1: #1001's first), or none (None); `edits`: cells (row, column)
    written over."""
    with SHOPIFY.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    at = rows[0].index("Vendor") + 1
    rows[1][rows[0].index("Financial Status")] = status
    if outstanding is not None:
        rows = [
            [*row[:at], "Outstanding Balance" if number == 0 else outstanding.get(number, ""),
             *row[at:]]
            for number, row in enumerate(rows)
        ]  # fmt: skip
    for (number, column), text in (edits or {}).items():
        rows[number][rows[0].index(column)] = text
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


@pytest.mark.parametrize(
    ("text", "partly"),
    [
        ("partially_paid", True),
        ("Partially paid", True),
        ("partially-paid", True),  # WooCommerce's, with a deposits plugin
        ("wc-partially-paid", True),  # (WP All Export's raw slug)
        ("已部分付款", True),
        ("Partially Paid (deposit)", True),
        ("partially paid - awaiting balance", True),
        ("定金已付", True),  # a deposit paid, the balance to come
        ("已付定金", True),
        ("已付订金", True),
        ("待付尾款", True),
        ("未支付尾款", True),
        ("paid", False),
        ("partially_refunded", False),
        ("wc-refunded", False),
        ("部分退款", False),
        ("已付定金，已付尾款", False),  # the balance paid too: paid in full
        ("已支付尾款", False),
    ],
)
def test_a_status_of_an_order_paid_in_part(text: str, partly: bool) -> None:
    assert partly_paid(text) is partly


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_spelling_of_paid_in_part_is_refused_without_a_balance(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    statuses = ["wc-partially-paid", "已部分付款", "Partially Paid (deposit)", "定金已付",
                "已付定金", "待付尾款", "已付订金"]  # fmt: skip
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Date,Order #,Status,Customer,Product(s),Net Sales\n"
        + "".join(
            f"2024-03-05,10{number},{status},Lily Wang,Tea cup,100.00\n"
            for number, status in enumerate(["completed", *statuses])
        ),
        encoding="utf-8",
    )

    result = run("--lang", lang, "import", "purchases", orders, "--create-missing", "--keep-good")

    assert result.exit_code == 0, result.output + result.stderr
    for status in statuses:  # each refused by name, none booked as paid in full
        assert t("import.partly_paid_unknown_by_hand", lang, value=status) in result.stderr
    assert table_of(book_path, PURCHASES) == [(10000, 0, "Tea cup", "订单号 100")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_export_that_cannot_give_the_balance_is_told_what_she_can_do(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    orders = tmp_path / "orders.csv"  # WooCommerce's Analytics export: no balance column
    orders.write_text(
        "Date,Order #,Status,Customer,Customer type,Product(s),Items sold,Coupon(s),Net Sales\n"
        "2024-03-05 10:13:00,1001,Partially Paid,Lily Wang,new,Tea cup,2,,128.00\n",
        encoding="utf-8",
    )

    result = run("--lang", lang, "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 1
    rule = t("import.partly_paid_unknown_by_hand", lang, value="Partially Paid")
    assert rule in result.stderr
    # import it once paid in full, or record what was paid by hand: p on her page
    assert ("付清后再导入" if lang == "zh" else "once it is paid in full") in rule
    assert "p" in rule and t("page.key.purchase", lang) in rule
    # never "export the orders with that column": this export has none to give
    shopify = t("import.partly_paid_unknown", lang, value="Partially Paid")
    assert shopify not in result.stderr
    assert table_of(book_path, PURCHASES) == []


def test_shopifys_outstanding_balance_is_found() -> None:
    assert outstanding_column(["Name", "Total", "Outstanding Balance"]) == 2
    assert outstanding_column(["Name", "Total", "Refunded Amount"]) is None


@pytest.mark.parametrize("how", ["one batch", "a row a batch", "read apart"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_order_paid_in_part_is_a_purchase_of_what_was_paid(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    lang: str,
) -> None:
    read_as(monkeypatch, how)
    orders = _export(tmp_path / "orders.csv", {1: "38.00"})

    result = run("--lang", lang, "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    # ¥100.00 paid of ¥138.00, shared as the Total is: 64 × 2 and 10 of 138
    assert table_of(book_path, PURCHASES) == [
        (9275, 0, "茶杯", "订单号 #1001"),
        (725, 0, "杯垫", "订单号 #1001"),
        (5000, 5000, "茶壶", "订单号 #1002"),
    ]
    said = t("import.partly_paid_orders", lang, count=1)
    assert said in result.stdout
    assert ("部分付款 1 单" if lang == "zh" else "1 order was paid in part") in said

    again = run("--lang", lang, "import", "purchases", orders, "--create-missing")

    assert again.exit_code == 0, again.output + again.stderr
    assert said not in again.stdout  # nothing booked again, nothing said again
    assert len(table_of(book_path, PURCHASES)) == 3


@pytest.mark.parametrize("how", ["one batch", "a row a batch"])
def test_a_total_repeated_on_each_item_row_is_of_the_first_rows_balance(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    if how != "one batch":
        monkeypatch.setattr(csv_table, "BATCH_ROWS", 1)
    # the Total on both item rows (filled down), the balance on the first only
    orders = _export(tmp_path / "orders.csv", {1: "38.00"}, edits={(2, "Total"): "138.00"})

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    # ¥100.00 in all, shared as the Total is (not ¥100 + ¥138)
    assert table_of(book_path, PURCHASES)[:2] == [
        (9275, 0, "茶杯", "订单号 #1001"),
        (725, 0, "杯垫", "订单号 #1001"),
    ]


_CHINESE = "订单号,订单状态,收货人,手机,商品名称,商品金额,订单实付金额,未付金额,下单时间\n"


def test_a_chinese_orders_paid_total_repeated_is_of_its_balance_given_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = tmp_path / "orders.csv"
    orders.write_text(
        _CHINESE + "A1,部分付款,王芳,13800138001,茶杯,80.00,138.00,38.00,2024-03-05\n"
        "A1,部分付款,王芳,13800138001,杯垫,58.00,138.00,,2024-03-05\n",
        encoding="utf-8",
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    booked = table_of(book_path, "SELECT amount_cents FROM purchases")
    assert sum(cents for (cents,) in booked) == 10000  # 138 − 38, over 茶杯 and 杯垫
    assert len(booked) == 2


@pytest.mark.parametrize("how", ["one batch", "a row a batch"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_two_totals_beside_one_balance_are_refused_quoting_the_file(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    how: str,
) -> None:
    if how != "one batch":  # (the order's first row refused too, read before the second)
        monkeypatch.setattr(csv_table, "BATCH_ROWS", 1)
    orders = tmp_path / "orders.csv"
    orders.write_text(
        _CHINESE + "A1,部分付款,王芳,13800138001,茶杯,80.00,138.00,38.00,2024-03-05\n"
        "A1,部分付款,王芳,13800138001,杯垫,58.00,140.00,,2024-03-05\n",
        encoding="utf-8",
    )

    result = run("--lang", lang, "import", "purchases", orders, "--create-missing", "--keep-good")

    assert result.exit_code == 0, result.output + result.stderr
    rule = t(
        "import.partly_paid_totals_differ",
        lang,
        order="A1",
        column="订单实付金额",
        first="138.00",
        first_line=2,
        second="140.00",
        second_line=3,
        outstanding="未付金额",
    )
    assert result.stderr.count(rule) == 2  # both rows, under the total's column
    assert "100.00" not in result.stderr  # (never a value the file does not hold)
    for line in (2, 3):
        said = t("cli.row_error", lang, line=line, column="订单实付金额", message="\0")
        assert said.split("\0")[0] in result.stderr
    assert table_of(book_path, PURCHASES) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_order_paid_in_part_without_what_is_outstanding_is_refused_by_name(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    orders = _export(tmp_path / "orders.csv", None)

    refused = run("--lang", lang, "import", "purchases", orders, "--create-missing")
    kept = run("--lang", lang, "import", "purchases", orders, "--create-missing", "--keep-good")

    assert refused.exit_code == 1
    rule = t("import.partly_paid_unknown", lang, value="partially_paid")
    assert "Outstanding Balance" in rule
    for line in (2, 3):  # the order's first row and its later item row
        said = t("cli.row_error", lang, line=line, column="Financial Status", message="\0")
        assert said.split("\0")[0] in refused.stderr
    assert refused.stderr.count(rule) == 2
    assert kept.exit_code == 0, kept.output + kept.stderr
    # the other orders go in; none of the one paid in part, neither its Total nor its items
    assert table_of(book_path, PURCHASES) == [(5000, 5000, "茶壶", "订单号 #1002")]
    assert t("import.partly_paid_orders", lang, count=1) not in kept.stdout


def test_an_order_whose_outstanding_balance_is_all_of_it_is_refused(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = _export(tmp_path / "orders.csv", {1: "138.00"})

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing", "--keep-good")

    assert result.exit_code == 0, result.output + result.stderr
    rule = t(
        "import.partly_paid_none", "en", total="138.00", owed="138.00", column="Outstanding Balance"
    )
    assert result.stderr.count(rule) == 2
    assert table_of(book_path, PURCHASES) == [(5000, 5000, "茶壶", "订单号 #1002")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_balance_cell_that_is_no_amount_is_refused_by_the_amount_rule(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    orders = _export(tmp_path / "orders.csv", {1: "$38.00"})

    result = run("--lang", lang, "import", "purchases", orders, "--create-missing", "--keep-good")

    assert result.exit_code == 0, result.output + result.stderr
    rule = field_rule(t("field.amount", lang), t("rule.money_foreign", lang, value="$38.00"), lang)
    said = t("cli.row_error", lang, line=2, column="Outstanding Balance", message=rule)
    assert said in result.stderr  # filed under the balance, the amount rule's own words
    none = t("import.partly_paid_none", lang, total="138.00", owed="$38.00", column="\0")
    assert none.split("\0")[0] not in result.stderr  # (not "nothing paid")
    assert table_of(book_path, PURCHASES) == [(5000, 5000, "茶壶", "订单号 #1002")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_balance_below_0_is_refused_as_such(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    orders = _export(tmp_path / "orders.csv", {1: "-10.00"})

    result = run("--lang", lang, "import", "purchases", orders, "--create-missing", "--keep-good")

    assert result.exit_code == 0, result.output + result.stderr
    rule = t("import.partly_paid_negative", lang, owed="-10.00", column="Outstanding Balance")
    message = field_rule(t("field.amount", lang), rule, lang)
    said = t("cli.row_error", lang, line=2, column="Outstanding Balance", message=message)
    assert said in result.stderr
    assert result.stderr.count(rule) == 2  # the order's two rows
    assert table_of(book_path, PURCHASES) == [(5000, 5000, "茶壶", "订单号 #1002")]


def test_an_order_paid_in_full_is_as_it_was_beside_the_outstanding_balance(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = _export(tmp_path / "orders.csv", {1: "0.00"}, status="paid")

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, PURCHASES)[:2] == [
        (12800, 0, "茶杯", "订单号 #1001"),
        (1000, 0, "杯垫", "订单号 #1001"),
    ]
    assert "paid in part" not in result.stdout


@pytest.mark.parametrize(("balance", "status"), [("0.00", "paid"), ("18.00", "partially_paid")])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_order_paid_more_since_is_said_when_skipped(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    balance: str,
    status: str,
    lang: str,
) -> None:
    before = _export(tmp_path / "before.csv", {1: "38.00"})
    since = _export(tmp_path / "since.csv", {1: balance}, status=status)
    assert run("import", "purchases", before, "--create-missing").exit_code == 0

    result = run("--lang", lang, "import", "purchases", since, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    # left as in the book (--on-duplicate skip), never silently "already imported"
    assert table_of(book_path, PURCHASES)[:2] == [
        (9275, 0, "茶杯", "订单号 #1001"),
        (725, 0, "杯垫", "订单号 #1001"),
    ]
    assert t("cli.import_orders_paid_more", lang, count=1) in result.stdout

    update = ("--on-duplicate", "update")
    applied = run("--lang", lang, "import", "purchases", since, "--create-missing", *update)

    assert applied.exit_code == 0, applied.output + applied.stderr
    assert sum(cents for cents, *_ in table_of(book_path, PURCHASES)[:2]) == 13800 - int(
        balance.replace(".", "")
    )
    again = run("--lang", lang, "import", "purchases", since, "--create-missing")
    assert t("cli.import_orders_paid_more", lang, count=1) not in again.stdout


def test_the_import_screen_says_an_order_paid_more_since(book: Book, tmp_path: Path) -> None:
    from xiaoben.tui.screens.import_report import report_lines

    before = _export(tmp_path / "before.csv", {1: "38.00"})
    since = _export(tmp_path / "since.csv", {1: "0.00"}, status="paid")
    import_table(book, "purchases", read_any(before, kind="purchases"), _quiet, create_missing=True)

    report = import_table(
        book, "purchases", read_any(since, kind="purchases"), _quiet, create_missing=True
    )

    assert t("importer.orders_paid_more", count=1) in report_lines(report, keep_good=False)


def test_the_import_screens_report_counts_the_orders_paid_in_part(
    book: Book, tmp_path: Path
) -> None:
    from xiaoben.tui.screens.import_report import report_lines

    orders = _export(tmp_path / "orders.csv", {1: "38.00"})

    report = import_table(
        book, "purchases", read_any(orders, kind="purchases"), _quiet, create_missing=True
    )

    assert t("import.partly_paid_orders", count=1) in report_lines(report, keep_good=False)


def _quiet(stage: str, done: int, total: int) -> None:
    """No progress shown."""
