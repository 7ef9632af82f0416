"""A customer code a spreadsheet mangled (1 for the book's 0001, 1.23457E+19) in a purchases
file is named as such, as the customers import names it: never 'no customer', never a new
customer beside the one it is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import customer, dump, fixed_clock, write_csv
from tests.workbook_helpers import write_xlsx
from xiaoben.store.book import Book

ZEROS = {
    "en": "the code “1” looks like “0001” with its leading zeros lost (as Excel drops them): "
    "not imported; format the code column as text and write “0001”",
    "zh": "编号“1”像是丢了开头的 0 的“0001”（Excel 会去掉）：未导入；"
    "请把编号列设为文本后改回“0001”",
}
SCIENTIFIC = {
    "en": "the code “1.23457E+19” is in scientific notation (as Excel shows a long number): its "
    "digits are lost, not imported; format the code column as text and export again",
    "zh": "编号“1.23457E+19”是科学计数法（Excel 把长数字显示成这样），原来的数字已丢失：未导入；"
    "请把编号列设为文本，从原文件重新导出",
}


@pytest.fixture
def coded_path(book_path: Path) -> Path:
    """A book with 王芳 0001 and 李娜 12345678901234567890 (codes a spreadsheet mangles)."""
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "王芳", code="0001")
        customer(book, "李娜", code="12345678901234567890")
    return book_path


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("header", ["code", "客户"])  # a code column, a customer column
def test_a_purchase_naming_a_mangled_code_says_so(
    run: Callable[..., Result], coded_path: Path, tmp_path: Path, lang: str, header: str
) -> None:
    before = dump(coded_path)
    bills = write_csv(
        tmp_path / "bills.csv",
        [f"{header},date,amount", "1,2024-03-05,100", "1.23457E+19,2024-03-05,5"],
    )

    result = run("--lang", lang, "import", "purchases", bills)

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith(ZEROS[lang]), lines
    assert lines[1].endswith(SCIENTIFIC[lang]), lines
    assert dump(coded_path) == before


def test_create_missing_makes_no_customer_beside_the_one_a_mangled_code_is(
    run: Callable[..., Result], coded_path: Path, tmp_path: Path
) -> None:
    before = dump(coded_path)
    bills = write_csv(tmp_path / "bills.csv", ["code,name,date,amount", "1,王芳,2024-03-05,100"])

    result = run("import", "purchases", bills, "--create-missing")

    assert result.exit_code == 1
    assert ZEROS["en"] in result.stderr
    assert dump(coded_path) == before


def test_a_number_cell_that_lost_its_zeros_is_named_in_a_workbook(
    run: Callable[..., Result], coded_path: Path, tmp_path: Path
) -> None:
    rows = [["编号", "日期", "金额"], [1, "2024-03-05", 9]]  # 1: a number cell
    bills = write_xlsx(tmp_path / "账单.xlsx", {"账单": rows})

    result = run("import", "purchases", bills)

    assert result.exit_code == 1
    assert ZEROS["en"] in result.stderr


def test_the_codes_written_whole_still_import(
    run: Callable[..., Result], coded_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(
        tmp_path / "bills.csv",
        ["code,date,amount", "0001,2024-03-05,100", "12345678901234567890,2024-03-05,5"],
    )

    result = run("import", "purchases", bills)

    assert result.exit_code == 0, result.output
    assert "imported 2 of 2 rows" in result.stdout
