"""A key in a number cell that lost digits (an 18- or 19-digit order number, a long code:
a spreadsheet keeps 15) is refused by name, never used: stored as an order's key, it made a
later, different order "already imported". The same in .xlsx, .xls, .ods, and for a CSV's
3.81235E+18 text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from click.testing import Result

from tests.book_helpers import write_csv
from tests.workbook_helpers import write_ods, write_xls, write_xlsx
from xiaoben.store.driver import sqlite3

HEADER = ["订单编号", "收货人姓名", "联系手机", "订单付款时间", "买家实际支付金额"]
FIRST = [
    [3812345678901234568, "王芳", 13800138001, "2024-03-06", 100],
    [3812345678901234571, "李雷", 13800138002, "2024-03-07", 250],
]
LATER = [["3812345678901234599", "韩梅梅", 13800138003, "2024-03-08", 888]]  # text: whole
# the number as a spreadsheet keeps it (the last kept digit rounds as each format stores it)
LOST = r"“38123456789012[34]0000” is a number cell with more digits than a spreadsheet keeps"


def _xls(path: Path, rows: list[list[Any]]) -> Path:
    return write_xls(path, "订单", rows)


def _ods(path: Path, rows: list[list[Any]]) -> Path:
    """A minimal OpenDocument spreadsheet: numbers as float cells, the rest as text."""

    def cell(value: Any) -> str:
        if isinstance(value, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return (
            '<table:table-cell office:value-type="string">'
            f"<text:p>{escape(value)}</text:p></table:table-cell>"
        )

    return write_ods(path, "订单", [list(map(cell, row)) for row in rows])


WRITERS: dict[str, Callable[[Path, list[list[Any]]], Path]] = {
    "xlsx": lambda path, rows: write_xlsx(path, {"订单": rows}),
    "xls": _xls,
    "ods": _ods,
}


def _orders(path: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT c.name, p.amount_cents FROM purchases p JOIN customers c"
            " ON c.id = p.customer_id ORDER BY p.date"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_an_order_number_that_lost_digits_is_refused_and_never_skips_another_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, suffix: str
) -> None:
    write = WRITERS[suffix]
    first = write(tmp_path / f"orders.{suffix}", [HEADER, *FIRST])
    later = write(tmp_path / f"later.{suffix}", [HEADER, *LATER])

    refused = run("import", "purchases", first, "--create-missing")
    kept = run("import", "purchases", first, "--create-missing", "--keep-good")
    new = run("import", "purchases", later, "--create-missing")

    assert refused.exit_code == 1
    assert re.search("line 2, 订单编号: order number: " + LOST, refused.stderr)
    assert "line 3, 订单编号: order number: " in refused.stderr
    assert kept.exit_code == 0, kept.output
    assert "imported 0 of 2 rows (0 customers created, 0 updated; 2 bad rows skipped" in (
        kept.stdout
    )
    assert len(re.findall(LOST, kept.stderr)) == 2  # said once a cell: as the row's error
    assert new.exit_code == 0, new.output
    assert "imported 1 of 1 row (1 customer created" in new.stdout
    assert _orders(book_path) == [("韩梅梅", 88800)]


def test_an_order_number_in_scientific_notation_in_a_csv_is_refused_by_name(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(
        tmp_path / "orders.csv",
        [
            "订单编号,客户,手机,日期,金额",
            "3.81235E+18,王芳,13800138001,2024-01-01,100",
            "3812345678901234599,李雷,13800138002,2024-01-02,50",
        ],
    )

    result = run("import", "purchases", bills, "--create-missing")
    zh = run("--lang", "zh", "import", "purchases", bills, "--create-missing", "--keep-good")

    assert result.exit_code == 1
    assert (
        "line 2, 订单编号: order number: “3.81235E+18” is in scientific notation (as a "
        "spreadsheet shows a long number): the order number's last digits are lost"
    ) in result.stderr
    assert "line 3" not in result.stderr
    assert zh.exit_code == 0, zh.output
    assert "“3.81235E+18”是科学计数法" in zh.stderr
    assert _orders(book_path) == [("李雷", 5000)]


@pytest.mark.parametrize("kind", ["customers", "purchases"])
def test_a_customer_code_that_lost_digits_is_refused_not_stored(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, kind: str
) -> None:
    rows = [["编号", "姓名", "手机", "日期", "金额"]]
    rows.append([3812345678901234568, "王芳", 13800138001, "2024-01-01", 5])
    sheet = write_xlsx(tmp_path / "codes.xlsx", {"客户": rows})
    options = ["--create-missing"] if kind == "purchases" else []

    result = run("import", kind, sheet, *options)

    assert result.exit_code == 1
    assert re.search("line 2, 编号: code: " + LOST, result.stderr)
    assert "is on 2 rows" not in result.stderr


def test_a_large_sheet_read_as_it_goes_refuses_the_order_number_too(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet converted as it is read: its number cells are looked up only for a batch
    with a key that may have lost digits, and the row is refused all the same."""
    from xiaoben.store.importing import sheets

    monkeypatch.setattr(sheets, "STREAM_FROM_CELLS", 0)
    plain = [[f"T{n}", "王芳", 13800138001, "2024-03-06", 1] for n in range(5)]
    workbook = write_xlsx(tmp_path / "orders.xlsx", {"订单": [HEADER, *plain, FIRST[1]]})

    result = run("import", "purchases", workbook, "--create-missing", "--keep-good")

    assert result.exit_code == 0, result.output
    assert "imported 5 of 6 rows (1 customer created, 0 updated; 1 bad row skipped" in (
        result.stdout
    )
    assert re.search("line 7, 订单编号: order number: " + LOST, result.stderr)
