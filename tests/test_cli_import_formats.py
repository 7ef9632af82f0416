"""`xiaoben import` from a workbook and from phone contacts into a fresh book."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.test_import_vcards import ANDROID, IPHONE
from tests.workbook_helpers import customers_workbook, write_xlsx
from xiaoben.store.driver import sqlite3


def customers_in(path: Path) -> list[tuple[str | None, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT code, name, phones FROM customers ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_workbook_with_a_title_row_imports_its_customers(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    workbook = customers_workbook(tmp_path / "客户.xlsx")

    result = run("import", "customers", str(workbook))

    assert result.exit_code == 0, result.output
    assert "imported 5 of 5 rows (5 customers created" in result.stdout
    assert "reading sheet “客户”, header in row 5" in result.stderr
    assert "line 7, 编号: the code “42” is in a number cell" in result.stderr
    assert customers_in(book_path)[:2] == [
        ("00041", "王芳", '["+8613800138000"]'),
        ("42", "李娜", '["+8613900139000"]'),
    ]


def test_contacts_import_as_customers(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    contacts = tmp_path / "通讯录.vcf"
    contacts.write_text(ANDROID + IPHONE, encoding="utf-8")

    result = run("import", "customers", str(contacts))

    assert result.exit_code == 0, result.output
    assert "imported 3 of 3 rows" in result.stdout
    assert [name for _, name, _ in customers_in(book_path)] == ["王芳", "张伟", "李娜"]


def test_contacts_imported_as_purchases_are_refused_saying_how(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A phone's contacts hold people, not purchases: said as such, not as a file missing
    its 日期 and 金额 columns (listed under field names of another language)."""
    contacts = tmp_path / "通讯录.vcf"
    contacts.write_text(ANDROID, encoding="utf-8")

    result = run("import", "purchases", str(contacts), "--create-missing")

    assert result.exit_code != 0
    assert "this is a phone's contacts (vCard): it holds people, not purchases" in result.output
    assert "xiaoben import customers" in result.output and "date" not in result.output
    assert not book_path.exists() or customers_in(book_path) == []


def test_purchases_from_a_named_sheet_and_header_row(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    rows = [
        ["三月账单"],
        ["客户", "日期", "金额"],
        ["王芳", 45356, 199],
        ["李娜", "2024/3/6", 88.5],
    ]
    workbook = write_xlsx(tmp_path / "账单.xlsx", {"说明": [["无"]], "三月": rows})

    result = run(
        "import", "purchases", str(workbook), "--sheet", "三月", "--header-row", "2",
        "--create-missing",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "imported 2 of 2 rows (2 customers created" in result.stdout
    conn = sqlite3.connect(book_path)
    try:
        bills = conn.execute("SELECT date, amount_cents FROM purchases ORDER BY id").fetchall()
    finally:
        conn.close()
    assert bills == [("2024-03-05", 19900), ("2024-03-06", 8850)]


def test_an_unknown_sheet_lists_the_sheets(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    workbook = customers_workbook(tmp_path / "客户.xlsx")

    result = run("--lang", "zh", "import", "customers", str(workbook), "--sheet", "Sheet1")

    assert result.exit_code == 1
    assert "没有名为“Sheet1”的工作表；工作表有：“客户”、“说明”" in result.stderr
    assert "Traceback" not in result.output
