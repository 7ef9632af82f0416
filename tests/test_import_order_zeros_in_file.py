"""Within one file, an order number that lost its leading zeros on some rows (00042 on line
2, 42 on line 9: a column of text and number cells) is the order of the same customer's
earlier row, as a file's 123 is the book's 000123 of that customer
(test_import_order_zeros.py), said in the report the same way; another buyer's 42 stays
its own order. Before, they were two orders: her frequency counted the order twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import read_as, table_of, write_csv
from xiaoben.store.importing import csv_table

HEADER = "订单号,客户,手机,日期,金额,商品"
PURCHASES = "SELECT note, customer_id FROM purchases ORDER BY id"
ORDERS = "SELECT customer_id, orders FROM stats ORDER BY customer_id"


def _rows(first: str, later: str) -> list[str]:
    return [
        HEADER,
        f"{first},王芳,13800138001,2024-03-01,100,面霜",
        "43,李娜,13800138002,2024-03-01,50,口红",
        "44,李娜,13800138002,2024-03-01,50,口红",
        f"{later},赵敏,13800138003,2024-03-01,30,面膜",
        f"{later},王芳,13800138001,2024-03-01,20,洗面奶",
    ]


@pytest.mark.parametrize("how", ["one batch", "a row a batch", "read apart"])
def test_a_later_row_without_the_zeros_is_the_earlier_rows_order(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    read_as(monkeypatch, how)
    path = write_csv(tmp_path / "订单.csv", _rows("00042", "42"))

    result = run("--lang", "en", "import", "purchases", str(path), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 5 of 5 rows" in result.stdout
    assert (
        "1 order number differs from an earlier row's order of the same customer in this "
        "file only by leading zeros (a spreadsheet drops them from a number, a CSV saved by "
        "Excel too): taken as that order (line 6: 42 is 00042 of line 2)"
    ) in result.stdout
    assert "names different customers" not in result.stdout
    assert table_of(book_path, PURCHASES) == [
        ("订单号 00042", 1),
        ("订单号 43", 2),
        ("订单号 44", 2),
        ("订单号 42", 3),  # 赵敏's 42: her own order
        ("订单号 00042", 1),
    ]
    assert table_of(book_path, ORDERS) == [(1, 1), (2, 2), (3, 1)]


@pytest.mark.parametrize("batch_rows", [10_000, 1])
def test_a_later_row_with_the_zeros_is_the_earlier_rows_order(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    batch_rows: int,
) -> None:
    """The other way round: the first row's spelling is the order's."""
    monkeypatch.setattr(csv_table, "BATCH_ROWS", batch_rows)
    path = write_csv(tmp_path / "订单.csv", _rows("42", "00042"))

    result = run("--lang", "zh", "import", "purchases", str(path), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "1 个订单号与本文件前面同一客户的订单只差开头的 0" in result.stdout
    assert "（第 6 行：00042 即第 2 行的 42）" in result.stdout
    assert table_of(book_path, PURCHASES) == [
        ("订单号 42", 1),
        ("订单号 43", 2),
        ("订单号 44", 2),
        ("订单号 00042", 3),
        ("订单号 42", 1),
    ]
    assert table_of(book_path, ORDERS) == [(1, 1), (2, 2), (3, 1)]


def test_a_short_number_on_another_day_is_another_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "订单.csv",
        [
            HEADER,
            "00042,王芳,13800138001,2024-03-01,100,面霜",
            "42,王芳,13800138001,2024-04-01,20,洗面奶",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(path), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "leading zeros" not in result.stdout
    assert table_of(book_path, PURCHASES) == [("订单号 00042", 1), ("订单号 42", 1)]


def test_the_book_s_own_spelling_comes_before_the_file_s(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A row whose order the book holds as written is that order, whatever an earlier row of
    the file spelled."""
    first = write_csv(tmp_path / "一.csv", [HEADER, "42,王芳,13800138001,2024-03-01,100,面霜"])
    assert run("import", "purchases", str(first), "--create-missing").exit_code == 0
    later = write_csv(
        tmp_path / "二.csv",
        [
            HEADER,
            "00042,王芳,13800138001,2024-03-01,100,面霜",
            "42,王芳,13800138001,2024-03-01,100,面霜",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(later))

    assert result.exit_code == 0, result.output
    assert "imported 0 of 2 rows" in result.stdout
    assert table_of(book_path, PURCHASES) == [("订单号 42", 1)]
