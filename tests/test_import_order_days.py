"""One shop order is one purchase on one day: its rows paid either side of midnight
(23:59:30 and 00:00:10, or a 付款时间 of the next day) are booked on the day of its first
row in the file, said in the report (before, the order counted as two purchase days: the
customer's frequency and the day totals counted it twice). A seller's own short number on
another day is another order, as order_numbers.reused says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import read_as, table_of, write_csv
from xiaoben.store.importing import csv_table

HEADER = "订单号,客户,手机,付款时间,金额,商品"
OVER_MIDNIGHT = [
    HEADER,
    "A1001234567,王芳,13800138001,2024-03-01 23:59:30,100,面霜",
    "A1001234567,王芳,13800138001,2024-03-02 00:00:10,50,口红",
]
PURCHASES = "SELECT date, amount_cents, note FROM purchases ORDER BY id"
ONE_DAY = [
    ("2024-03-01", 10000, "订单号 A1001234567"),
    ("2024-03-01", 5000, "订单号 A1001234567"),
]
STATS = "SELECT orders, purchase_days, revenue_cents FROM stats"
DAYS = "SELECT DISTINCT day FROM day_totals WHERE purchases ORDER BY day"


@pytest.mark.parametrize("how", ["one batch", "a row a batch", "read apart"])
def test_an_order_paid_over_midnight_is_one_purchase_on_its_first_day(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    read_as(monkeypatch, how)
    path = write_csv(tmp_path / "订单.csv", OVER_MIDNIGHT)

    result = run("--lang", "en", "import", "purchases", str(path), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 2 of 2 rows" in result.stdout
    assert (
        "1 row is of an order whose first row has another day (paid over midnight?): booked "
        "on that day, one order one purchase (line 3: order A1001234567, 2024-03-02 booked "
        "as 2024-03-01, as line 2)"
    ) in result.stdout
    assert table_of(book_path, PURCHASES) == ONE_DAY
    assert table_of(book_path, STATS) == [(1, 1, 15000)]


def test_the_day_totals_count_the_order_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "订单.csv", OVER_MIDNIGHT)

    result = run("--lang", "zh", "import", "purchases", str(path), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "1 行所属订单的第一行是另一天" in result.stdout
    assert "（第 3 行：订单 A1001234567，2024-03-02 记为 2024-03-01，同第 2 行）" in result.stdout
    days = table_of(book_path, DAYS)
    assert days == [("2024-03-01",)]


@pytest.mark.parametrize("mode", ["skip", "update"])
def test_the_same_file_again_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, mode: str
) -> None:
    """Imported again (an update too), the second row is its order's, on its first day as
    the book has it: known, not moved back to the day its cell says."""
    path = write_csv(tmp_path / "订单.csv", OVER_MIDNIGHT)
    assert run("import", "purchases", str(path), "--create-missing").exit_code == 0

    result = run("--lang", "en", "import", "purchases", str(path), "--on-duplicate", mode)

    assert result.exit_code == 0, result.output
    assert "imported 0 of 2 rows" in result.stdout
    assert "updated" not in result.stdout.split("\n", 1)[1]
    assert table_of(book_path, PURCHASES) == ONE_DAY


def test_rows_of_one_order_far_apart_in_the_file_take_its_first_day(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The order's first row in the file gives the day, whatever batch a later one is in
    (and another order between them keeps its own day)."""
    monkeypatch.setattr(csv_table, "BATCH_ROWS", 2)
    path = write_csv(
        tmp_path / "订单.csv",
        [
            HEADER,
            "A1001234567,王芳,13800138001,2024-03-02 00:00:10,50,口红",
            "B2002345678,李娜,13800138002,2024-03-05 10:00:00,30,面膜",
            "C3003456789,李娜,13800138002,2024-03-06 10:00:00,20,眼霜",
            "A1001234567,王芳,13800138001,2024-03-01 23:59:30,100,面霜",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(path), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "(line 5: order A1001234567, 2024-03-01 booked as 2024-03-02, as line 2)" in (
        result.stdout
    )
    assert table_of(book_path, "SELECT date FROM purchases ORDER BY id") == [
        ("2024-03-02",),
        ("2024-03-05",),
        ("2024-03-06",),
        ("2024-03-02",),
    ]


def test_a_sellers_own_short_number_on_the_next_day_is_another_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "订单.csv",
        [
            HEADER,
            "1,王芳,13800138001,2024-03-01 23:59:30,100,面霜",
            "1,王芳,13800138001,2024-03-02 00:00:10,50,口红",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(path), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "first row has another day" not in result.stdout
    assert table_of(book_path, "SELECT date FROM purchases ORDER BY id") == [
        ("2024-03-01",),
        ("2024-03-02",),
    ]
    assert table_of(book_path, STATS) == [(2, 2, 15000)]


def test_rows_of_one_number_days_apart_or_of_another_buyer_keep_their_days(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Only the next or the day before, and the same buyer's cells: a column wrongly read as
    the order number (a product's barcode) never gathers a customer's purchases of many days
    onto one, nor another customer's."""
    path = write_csv(
        tmp_path / "订单.csv",
        [
            HEADER,
            "6901234567890,王芳,13800138001,2024-03-01 10:00:00,100,面霜",
            "6901234567890,王芳,13800138001,2024-03-05 10:00:00,100,面霜",
            "6901234567890,李娜,13800138002,2024-03-02 10:00:00,100,面霜",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(path), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "first row has another day" not in result.stdout
    assert table_of(book_path, "SELECT date FROM purchases ORDER BY id") == [
        ("2024-03-01",),
        ("2024-03-05",),
        ("2024-03-02",),
    ]
