"""A spreadsheet error cell (#N/A, #DIV/0!, #VALUE!, #REF!) in a free-text column (备注: a
VLOOKUP note) is read as blank, with one line before the import counting them, not a refused
purchase or customer; in a key, amount or date column it is still refused by name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.tables import ignored_columns


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def sheet(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)  # (openpyxl writes "#N/A" and the like as error cells)
    return path


PURCHASES = [
    ["客户", "手机", "日期", "金额", "备注"],
    ["张三", "13800138000", "2024-03-05", 88, "#N/A"],
    ["李四", "13900139000", "2024-03-05", 99, "#DIV/0!"],
    ["王五", "13700137000", "2024-03-05", 66, "老客"],
    ["赵六", "13600136000", "2024-03-05", "#VALUE!", "#REF!"],
    ["钱七", "#N/A", "2024-03-05", 55, ""],
]


def test_a_purchases_note_of_errors_is_read_blank_and_a_key_or_amount_refused(
    tmp_path: Path,
) -> None:
    table = read_any(sheet(tmp_path / "p.xlsx", PURCHASES), kind="purchases")
    purchases, errors = parse_purchases(table)
    assert [(row.line, row.amount_cents, row.note) for row in purchases] == [
        (2, 8800, ""),
        (3, 9900, ""),
        (4, 6600, "老客"),
    ]
    assert [(error.line, error.column, error.value) for error in errors] == [
        (5, "金额", "#VALUE!"),
        (6, "手机", "#N/A"),
    ]
    assert ignored_columns(table, "purchases") == (
        "column 备注 holds 3 cells with a formula error (#N/A, #DIV/0!, #REF!): read as blank"
    )


def test_the_line_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    table = read_any(sheet(tmp_path / "p.xlsx", PURCHASES[:2]), kind="purchases")
    assert ignored_columns(table, "purchases") == "备注 列有 1 个公式错误单元格（#N/A），按空白读"


def test_a_customers_note_of_an_error_is_read_blank(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["姓名", "手机", "备注"],
        ["王芳", "13800138000", "#N/A"],
        ["#REF!", "13800138001", "老客"],
    ]
    table = read_any(sheet(tmp_path / "c.xlsx", rows), kind="customers")
    customers, errors = parse_customers(table)
    assert [(row.line, row.customer.name, row.customer.notes) for row in customers] == [
        (2, "王芳", "")
    ]
    assert [(error.line, error.column, error.value) for error in errors] == [(3, "姓名", "#REF!")]
    assert ignored_columns(table, "customers") == (
        "column 备注 holds 1 cell with a formula error (#N/A): read as blank"
    )


def test_the_cli_imports_the_purchase_and_says_the_line(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = sheet(tmp_path / "p.xlsx", PURCHASES[:4])
    result = run("--lang", "en", "import", "purchases", str(path), "--create-missing")
    assert result.exit_code == 0, result.output
    assert "column 备注 holds 2 cells with a formula error (#N/A, #DIV/0!): read as blank" in (
        result.output
    )
    assert "imported 3 of 3 rows" in result.output
