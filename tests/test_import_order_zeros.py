"""An order number that lost its leading zeros (a workbook opened in Excel or WPS and saved
again turns 订单号 000123 into the number 123; Excel re-saving a CSV writes 123) is the
order the book holds for that customer once its zeros are put back: skipped or updated as
any order imported before, said in the report, never booked again (an outside tester's
finding: her revenue doubled, silently). Another customer's order is never taken for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.book_helpers import read_apart, table_of, write_csv
from tests.workbook_helpers import write_xlsx

HEADER = ["订单号", "客户", "手机", "日期", "金额", "商品"]
TEXT = [  # as the seller first imported it: text cells
    ["000123", "王芳", "13800138001", "2024-03-01", 100, "面霜"],
    ["000124", "李娜", "13800138002", "2024-03-02", 50, "口红"],
]
SAVED_AGAIN = [  # the same workbook saved by Excel: number cells
    [123, "王芳", "13800138001", "2024-03-01", 100, "面霜"],
    [124, "李娜", "13800138002", "2024-03-02", 50, "口红"],
]
PURCHASES = "SELECT note, customer_id, amount_cents FROM purchases ORDER BY id"
FIRST_BOOKED = [("订单号 000123", 1, 10000), ("订单号 000124", 2, 5000)]


def _sheet(path: Path, rows: list[list[Any]]) -> str:
    return str(write_xlsx(path, {"订单": [HEADER, *rows]}))


def _first(run: Callable[..., Result], tmp_path: Path) -> None:
    done = run("import", "purchases", _sheet(tmp_path / "订单.xlsx", TEXT), "--create-missing")
    assert done.exit_code == 0, done.output


def test_a_workbook_saved_again_with_its_zeros_lost_imports_nothing_twice(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    _first(run, tmp_path)
    saved = _sheet(tmp_path / "订单2.xlsx", SAVED_AGAIN)

    en = run("--lang", "en", "import", "purchases", saved, "--create-missing")
    zh = run("--lang", "zh", "import", "purchases", saved, "--create-missing")

    assert en.exit_code == 0, en.output
    assert "imported 0 of 2 rows" in en.stdout
    assert "2 already imported (skipped)" in en.stdout
    assert (
        "2 order numbers differ from an order of the same customer in the book only by "
        "leading zeros (a spreadsheet drops them from a number, a CSV saved by Excel too): "
        "taken as that order (line 2: 123 is 000123)"
    ) in en.stdout
    assert zh.exit_code == 0, zh.output
    assert "2 个订单号与账本中同一客户的订单只差开头的 0" in zh.stdout
    assert "（第 2 行：123 即 000123）" in zh.stdout
    assert table_of(book_path, PURCHASES) == FIRST_BOOKED


def test_an_update_from_the_saved_again_workbook_updates_the_order_it_was(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    _first(run, tmp_path)
    corrected = [[123, "王芳", "13800138001", "2024-03-01", 90, "面霜"], SAVED_AGAIN[1]]

    result = run(
        "--lang", "en", "import", "purchases", _sheet(tmp_path / "改.xlsx", corrected),
        "--on-duplicate", "update",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "order 000123 (面霜): amount ¥100.00 → ¥90.00" in result.stdout
    assert table_of(book_path, PURCHASES) == [("订单号 000123", 1, 9000), FIRST_BOOKED[1]]


def test_another_customers_number_without_its_zeros_is_another_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    _first(run, tmp_path)
    other = [[123, "赵敏", "13800138003", "2024-03-01", 30, "面膜"]]

    result = run(
        "--lang", "en", "import", "purchases", _sheet(tmp_path / "赵.xlsx", other),
        "--create-missing",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "imported 1 of 1 row (1 customer created" in result.stdout
    assert "leading zeros" not in result.stdout
    assert table_of(book_path, PURCHASES) == [*FIRST_BOOKED, ("订单号 123", 3, 3000)]


@pytest.mark.parametrize("apart", [False, True], ids=["read here", "read apart"])
def test_a_csv_excel_saved_again_is_matched_by_the_same_rule(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    apart: bool,
) -> None:
    """A CSV has no cell types: the same customer and the same digits tell it alone. An
    item of that order the book lacks comes in as that order's, with its zeros; so it does
    from a large file read by a child process (its rows sent as columns)."""
    _first(run, tmp_path)
    if apart:  # (a file streamed, as a large one is, read by a child)
        read_apart(monkeypatch)
    saved = write_csv(
        tmp_path / "订单.csv",
        [
            ",".join(HEADER),
            "123,王芳,13800138001,2024-03-01,100,面霜",
            "123,王芳,13800138001,2024-03-01,20,洗面奶",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(saved))

    assert result.exit_code == 0, result.output
    assert "imported 1 of 2 rows" in result.stdout
    assert "1 already imported (skipped)" in result.stdout
    assert "1 order number differs from an order of the same customer" in result.stdout
    assert "(line 2: 123 is 000123)" in result.stdout
    assert "(line 3: order 000123, 洗面奶;" in result.stdout
    assert table_of(book_path, PURCHASES) == [*FIRST_BOOKED, ("订单号 000123", 1, 2000)]


def test_a_short_number_without_its_zeros_on_another_day_is_another_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A seller's own short number used again on another day is another order
    (order_numbers.reused), zeros or not."""
    _first(run, tmp_path)
    later = [[123, "王芳", "13800138001", "2024-04-01", 80, "面霜"]]

    result = run("--lang", "en", "import", "purchases", _sheet(tmp_path / "四月.xlsx", later))

    assert result.exit_code == 0, result.output
    assert "imported 1 of 1 row" in result.stdout
    assert "leading zeros" not in result.stdout
    assert table_of(book_path, PURCHASES) == [*FIRST_BOOKED, ("订单号 123", 1, 8000)]


def test_the_book_s_number_that_lost_its_zeros_is_found_by_the_whole_one(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The other way round: the book took 123 from a number cell, the shop's file says
    000123. And a shop's long number is one order whatever its day."""
    lost = [[123, "王芳", "13800138001", "2024-03-01", 100, "面霜"]]
    lost.append([12345678901, "李娜", "13800138002", "2024-03-02", 50, "口红"])
    done = run("import", "purchases", _sheet(tmp_path / "丢.xlsx", lost), "--create-missing")
    assert done.exit_code == 0, done.output
    whole = [TEXT[0], ["0012345678901", "李娜", "13800138002", "2024-03-05", 50, "口红"]]

    result = run("--lang", "en", "import", "purchases", _sheet(tmp_path / "全.xlsx", whole))

    assert result.exit_code == 0, result.output
    assert "2 already imported (skipped)" in result.stdout
    assert "(line 2: 000123 is 123)" in result.stdout
    assert table_of(book_path, PURCHASES) == [
        ("订单号 123", 1, 10000),
        ("订单号 12345678901", 2, 5000),
    ]


_HEADER_STATUS = "客户,电话,日期,金额,商品,订单号,订单状态,退款金额"


@pytest.mark.parametrize("later", ["125", "000125", "0125"])
def test_an_order_closed_in_the_book_stays_closed_under_its_spelling_without_zeros(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, later: str
) -> None:
    """000125 paid, then closed by an update whose file wrote 125 (removed, remembered
    closed), then a file naming it 交易成功 as 125 or 000125: nothing booked again (the
    ¥60 purchase "订单号 125" came back: the closed orders were never read by their bare
    digits)."""
    first = write_csv(
        tmp_path / "u1.csv",
        [_HEADER_STATUS, "王芳,13800138000,2026-11-05,60,面霜,000125,交易成功,0"],
    )
    closed = write_csv(
        tmp_path / "u2.csv",
        [_HEADER_STATUS, "王芳,13800138000,2026-11-05,60,面霜,125,交易关闭,0"],
    )
    again = write_csv(
        tmp_path / "u3.csv",
        [_HEADER_STATUS, f"王芳,13800138000,2026-11-05,60,面霜,{later},交易成功,0"],
    )
    assert run("import", "purchases", first, "--create-missing").exit_code == 0
    done = run("import", "purchases", closed, "--on-duplicate", "update")
    assert done.exit_code == 0, done.output
    assert table_of(book_path, PURCHASES) == []

    for mode in ("skip", "update"):
        result = run("--lang", "en", "import", "purchases", again, "--on-duplicate", mode)
        assert result.exit_code == 0, result.output
        assert "imported 0 of 1 row " in result.stdout, result.stdout
        assert table_of(book_path, PURCHASES) == []


def test_another_customers_closed_order_without_its_zeros_is_another_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """王芳's 000125 closed; 李娜's 125 is another order: booked."""
    first = write_csv(
        tmp_path / "u1.csv",
        [_HEADER_STATUS, "王芳,13800138000,2026-11-05,60,面霜,000125,交易成功,0"],
    )
    closed = write_csv(
        tmp_path / "u2.csv",
        [_HEADER_STATUS, "王芳,13800138000,2026-11-05,60,面霜,000125,交易关闭,0"],
    )
    other = write_csv(
        tmp_path / "u3.csv",
        [_HEADER_STATUS, "李娜,13900139000,2026-11-05,60,面霜,125,交易成功,0"],
    )
    assert run("import", "purchases", first, "--create-missing").exit_code == 0
    assert run("import", "purchases", closed, "--on-duplicate", "update").exit_code == 0

    result = run("import", "purchases", other, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, PURCHASES) == [("订单号 125", 2, 6000)]


@pytest.mark.parametrize("hers_first", [True, False])
def test_another_customers_row_of_a_closed_order_is_booked_beside_hers(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, hers_first: bool
) -> None:
    """王芳's 000125 closed; a file naming 125 for 王芳 (her closed order: left as the book
    has it) and for 李娜: 李娜's row is another order, booked, whichever row comes first
    (it was left out unsaid, as behind the book, once 王芳's row had taken 125 as hers)."""
    first = write_csv(
        tmp_path / "u1.csv",
        [_HEADER_STATUS, "王芳,13800138000,2026-11-05,60,面霜,000125,交易成功,0"],
    )
    closed = write_csv(
        tmp_path / "u2.csv",
        [_HEADER_STATUS, "王芳,13800138000,2026-11-05,60,面霜,125,交易关闭,0"],
    )
    hers = "王芳,13800138000,2026-11-05,60,面霜,125,交易成功,0"
    other = "李娜,13900139000,2026-11-06,70,眼霜,125,交易成功,0"
    both = write_csv(
        tmp_path / "u3.csv", [_HEADER_STATUS, *([hers, other] if hers_first else [other, hers])]
    )
    assert run("import", "purchases", first, "--create-missing").exit_code == 0
    assert run("import", "purchases", closed, "--on-duplicate", "update").exit_code == 0

    result = run("--lang", "en", "import", "purchases", both, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, PURCHASES) == [("订单号 125", 2, 7000)]
