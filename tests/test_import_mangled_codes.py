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
from xiaoben.store.driver import sqlite3

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


@pytest.fixture
def unpadded_path(run: Callable[..., Result], book_path: Path, tmp_path: Path) -> Path:
    """A book whose codes came from number cells: 张三 1 (13800138000) and 李四 2."""
    rows = [["编号", "姓名", "手机"], [1, "张三", 13800138000], [2, "李四", None]]
    result = run("import", "customers", write_xlsx(tmp_path / "客户.xlsx", {"客户": rows}))
    assert result.exit_code == 0, result.output
    return book_path


def test_a_customers_sheet_with_the_codes_written_whole_puts_the_books_right(
    run: Callable[..., Result], unpadded_path: Path, tmp_path: Path
) -> None:
    people = write_csv(
        tmp_path / "c.csv", ["编号,姓名,手机", "0001,张三,13800138000", "0002,李四,"]
    )

    first = run("import", "customers", people)
    again = run("import", "customers", people)

    assert first.exit_code == 0, first.output
    assert "(0 customers created, 2 updated" in first.stdout
    assert "(0 customers created, 0 updated" in again.stdout
    conn = sqlite3.connect(unpadded_path)
    try:
        codes = conn.execute("SELECT id, code, name FROM customers ORDER BY id").fetchall()
    finally:
        conn.close()
    assert codes == [(1, "0001", "张三"), (2, "0002", "李四")]


def test_a_code_written_whole_of_another_name_is_not_imported_and_listed(
    run: Callable[..., Result], unpadded_path: Path, tmp_path: Path
) -> None:
    before = dump(unpadded_path)
    people = write_csv(tmp_path / "c.csv", ["编号,姓名", "0002,王五"])

    result = run("import", "customers", people)

    assert result.exit_code == 3, result.output  # a row held back: not all came in
    assert (
        "line 2: the code 0002 is 李四 (2) in the book (its leading zeros lost by Excel before?)"
        " but the name differs: not imported" in result.stdout
    )
    assert dump(unpadded_path) == before


def test_a_purchase_naming_a_code_written_whole_says_the_books_lost_its_zeros(
    run: Callable[..., Result], unpadded_path: Path, tmp_path: Path
) -> None:
    before = dump(unpadded_path)
    bills = write_csv(tmp_path / "bills.csv", ["编号,日期,金额", "0001,2024-03-05,100"])

    result = run("import", "purchases", bills, "--create-missing")

    assert result.exit_code == 1
    assert (
        "the code “0001” is “1” in the book (imported from a number cell before, its leading "
        "zeros lost): not imported" in result.stderr
    )
    assert dump(unpadded_path) == before


def test_a_new_code_with_the_number_of_a_customer_of_its_name_is_another_customer_listed(
    run: Callable[..., Result], unpadded_path: Path, tmp_path: Path
) -> None:
    """A code is the strongest key: a mother and daughter of one name on one number are two
    customers (the book holds such pairs, and its export comes back whole); listed, in case
    the code was changed."""
    people = write_csv(tmp_path / "c.csv", ["编号,姓名,手机", "C9,张三,13800138000"])

    result = run("import", "customers", people)

    assert result.exit_code == 0, result.output
    assert "imported 1 of 1 row (1 customer created, 0 updated" in result.stdout
    assert (
        "line 2: 13800138000 of “张三” (C9) is also 张三 (1)'s, whose code is another:"
        " created as another customer, check if the same (a changed code? merge them)"
        in result.stdout
    )


def test_a_new_code_sharing_a_number_with_another_coded_customer_is_listed(
    run: Callable[..., Result], unpadded_path: Path, tmp_path: Path
) -> None:
    people = write_csv(
        tmp_path / "c.csv", ["编号,姓名,手机,微信", "C3,王五,13800138000,", "C4,赵六,,wx_lisi"]
    )
    wechat = run(
        "import",
        "customers",
        write_csv(tmp_path / "w.csv", ["编号,姓名,微信", "0002,李四,wx_lisi"]),
    )
    assert "(0 customers created, 1 updated" in wechat.stdout

    result = run("import", "customers", people)

    assert result.exit_code == 0, result.output
    assert "(2 customers created, 0 updated" in result.stdout
    assert (
        "line 2: 13800138000 of “王五” is also 张三 (1)'s (a shared number): imported as a new"
        " customer, check" in result.stdout
    )
    assert "line 3: wx_lisi of “赵六” is also 李四 (0002)'s (a shared number)" in result.stdout
