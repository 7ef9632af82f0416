"""An import refused whole names, of a row refused for a bad cell, what the matching of its
customer would refuse as well (a code that lost its leading zeros beside the book's 00042, a
customer the book lacks), in the same report: before, only the bad cell was named, and the
seller who fixed it and imported again was refused a second time for the same row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import read_apart, table_of, write_csv

HEADER = "订单号,客户编号,客户,手机,日期,金额,商品"
AMOUNT = "line 2, 金额: amount: an amount is written 128"
LOST_ZEROS = (
    "line 2, 客户编号: customer: the code “42” looks like “00042” with its leading zeros lost (as "
    "Excel drops them): not imported; format the code column as text and write “00042”"
)


def _first(run: Callable[..., Result], tmp_path: Path) -> None:
    first = write_csv(
        tmp_path / "一.csv", [HEADER, "1001,00042,王芳,13800138001,2024-03-01,100,面霜"]
    )
    done = run("import", "purchases", str(first), "--create-missing")
    assert done.exit_code == 0, done.output


@pytest.mark.parametrize("apart", [False, True], ids=["read here", "read apart"])
def test_a_bad_amount_beside_a_code_that_lost_its_zeros_says_both(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    apart: bool,
) -> None:
    _first(run, tmp_path)
    if apart:  # (a file streamed, as a large one is, read by a child)
        read_apart(monkeypatch)
    path = write_csv(
        tmp_path / "二.csv",
        [
            HEADER,
            "1002,42,,,2024-03-02,abc,面霜",
            "1003,C9,赵敏,13800138003,2024-03-02,50,面膜",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(path), "--create-missing")

    assert result.exit_code == 1, result.output
    errors = result.stderr.splitlines()
    assert errors[0].startswith(AMOUNT)
    assert errors[1] == LOST_ZEROS
    assert "1 of 2 rows has problems" in result.stderr
    assert table_of(book_path, "SELECT count(*) FROM customers") == [(1,)]


def test_a_bad_date_of_a_customer_the_book_lacks_says_both(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """Without --create-missing the row's customer is missing too: said with the date."""
    _first(run, tmp_path)
    path = write_csv(tmp_path / "二.csv", [HEADER, "1002,C9,赵敏,,2024-13-40,50,面膜"])

    result = run("--lang", "en", "import", "purchases", str(path))

    assert result.exit_code == 1, result.output
    errors = result.stderr.splitlines()
    assert errors[0].startswith("line 2, 日期: date:")
    assert errors[1].startswith("line 2, 客户编号: customer: no customer “赵敏 C9”")


def test_a_row_of_an_order_the_book_holds_is_not_checked_by_its_keys(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """Matched by its order (skipped as known, or updated), such a row is never refused for
    its keys: only its bad cell is said."""
    _first(run, tmp_path)
    path = write_csv(tmp_path / "二.csv", [HEADER, "1001,42,,,2024-03-01,abc,面霜"])

    result = run("--lang", "en", "import", "purchases", str(path))

    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0].startswith(AMOUNT)
    assert "leading zeros" not in result.stderr


def test_kept_good_rows_name_the_bad_cell_alone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """--keep-good leaves the bad row out whatever its customer: only its cell is said."""
    _first(run, tmp_path)
    path = write_csv(
        tmp_path / "二.csv",
        [HEADER, "1002,42,,,2024-03-02,abc,面霜", "1003,00042,,,2024-03-02,50,面膜"],
    )

    result = run("--lang", "en", "import", "purchases", str(path), "--keep-good")

    assert result.exit_code == 0, result.output
    assert "leading zeros" not in result.output
    assert table_of(book_path, "SELECT note FROM purchases ORDER BY id") == [
        ("订单号 1001",),
        ("订单号 1003",),
    ]
