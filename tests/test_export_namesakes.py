"""Exported purchases of customers who share a name and have no code import back: each row
names its customer by a key only they have (a phone, a WeChat ID, else #id), so a re-import
into the same book, or into a fresh book of the same customers, finds every one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import buy, customer, fixed_clock, mark_of
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3


def four_namesakes(book: Book, purchases: bool = True) -> None:
    """Four 王芳 without a code: one with a phone, one with a WeChat ID, two with neither
    (and a family landline a 王芳 shares with 李娜); a 李娜 with a name of her own."""
    by_phone = customer(book, "王芳", phones=["13812345678", "02112345678"])
    by_wechat = customer(book, "王芳", wechat="wf_abcdef", phones=["02112345678"])
    bare = customer(book, "王芳")
    other_bare = customer(book, "王芳")
    li = customer(book, "李娜", phones=["02112345678"])
    if not purchases:
        return
    for who, amount in ((by_phone, 100), (by_wechat, 50), (bare, 30), (other_bare, 20)):
        buy(book, who, amount, "2026-03-05")
    buy(book, li, 10, "2026-03-06")
    buy(book, bare, 7, "2026-03-07")


@pytest.fixture
def namesakes_path(book_path: Path) -> Path:
    with Book.open(book_path, today=fixed_clock) as book:
        four_namesakes(book)
    return book_path


def bought(path: Path) -> list[tuple[str, str, str | None, int]]:
    """(name, phones, WeChat ID, cents) of every purchase, in the order customers were made."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT c.name, c.phones, c.wechat, p.amount_cents FROM purchases p"
            " JOIN customers c ON c.id = p.customer_id ORDER BY c.id, p.amount_cents"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_exported_purchases_of_namesakes_import_back_into_the_same_book(
    run: Callable[..., Result], namesakes_path: Path, tmp_path: Path, suffix: str
) -> None:
    before = bought(namesakes_path)
    bills = tmp_path / f"账单.{suffix}"
    only = ("--table", "purchases") if suffix == "csv" else ()
    assert run("export", bills, *only).exit_code == 0
    sheet = ("--sheet", "purchases") if suffix == "xlsx" else ()

    result = run("import", "purchases", bills, *sheet, "--on-duplicate", "new")

    assert result.exit_code == 0, result.output
    assert "imported 6 of 6 rows (0 customers created" in result.stdout
    assert sorted(bought(namesakes_path)) == sorted(before + before)


@pytest.mark.parametrize("others", [0, 1], ids=["fresh", "numbered-otherwise"])
def test_exported_purchases_of_namesakes_import_into_a_book_given_those_customers(
    run: Callable[..., Result], namesakes_path: Path, tmp_path: Path, others: int
) -> None:
    """The customers export, then the purchases export, into another book — a fresh one,
    or one whose own customers number the newcomers otherwise (its #3 is another 王芳):
    every purchase goes to the customer it was of, none to a namesake of the same number.
    (Without the family landline: a customers import takes a shared number for the first
    customer of the row's name who has it — see store/imports.py _match.)"""
    people, bills, other = tmp_path / "客户.csv", tmp_path / "账单.csv", tmp_path / "new.db"
    conn = sqlite3.connect(namesakes_path)
    with conn:
        conn.execute("UPDATE customers SET phones = json_remove(phones, '$[1]') WHERE id = 1")
        conn.execute("UPDATE customers SET phones = '[]' WHERE id IN (2, 5)")
        conn.execute("DELETE FROM customer_keys WHERE key = '+862112345678'")
    conn.close()
    assert run("export", people).exit_code == 0
    assert run("export", bills, "--table", "purchases").exit_code == 0
    with Book.open(other, today=fixed_clock) as book:
        for _ in range(others):
            customer(book, "赵敏", phones=["13900000001"])
    assert run("import", "customers", people, db=other).exit_code == 0

    result = run("import", "purchases", bills, db=other)

    assert result.exit_code == 0, result.output
    assert "imported 6 of 6 rows (0 customers created" in result.stdout
    assert bought(other) == bought(namesakes_path)


def test_another_books_number_whose_customers_were_not_imported_names_nobody(
    run: Callable[..., Result], namesakes_path: Path, tmp_path: Path
) -> None:
    """The same customers typed into another book (the same numbers, other people as far as
    the file can tell): a row naming #3 of the first book is refused, saying what to do."""
    bills, other = tmp_path / "账单.csv", tmp_path / "new.db"
    assert run("export", bills, "--table", "purchases").exit_code == 0
    with Book.open(other, today=fixed_clock) as book:
        four_namesakes(book, purchases=False)

    result = run("import", "purchases", bills, db=other)

    assert result.exit_code == 1
    at = "@" + mark_of(namesakes_path)
    assert f"#3{at} is a customer number of another book" in result.output
    assert "import that book's customers export first" in result.output
    assert bought(other) == []


def test_customers_made_for_another_books_numbers_are_found_by_the_next_import(
    run: Callable[..., Result], namesakes_path: Path, tmp_path: Path
) -> None:
    bills, other = tmp_path / "账单.csv", tmp_path / "new.db"
    assert run("export", bills, "--table", "purchases").exit_code == 0

    first = run("import", "purchases", bills, "--create-missing", db=other)
    made = bought(other)
    again = run("import", "purchases", bills, "--on-duplicate", "new", db=other)

    assert first.exit_code == 0, first.output
    assert "(5 customers created" in first.stdout  # 王芳 #3 and #4 are two customers
    assert again.exit_code == 0, again.output
    assert "imported 6 of 6 rows (0 customers created" in again.stdout
    assert sorted(bought(other)) == sorted(made * 2)  # each row's customer again


def test_a_namesake_is_named_by_a_key_only_they_have(
    run: Callable[..., Result], namesakes_path: Path, tmp_path: Path
) -> None:
    bills = tmp_path / "账单.csv"
    assert run("export", bills, "--table", "purchases").exit_code == 0

    lines = bills.read_text(encoding="utf-8-sig").splitlines()
    at = "@" + mark_of(namesakes_path)  # the book's mark: its numbers, not another book's

    assert lines[0].startswith("customer code,name,customer,date,amount")
    # the landline 王芳 shares with others is no key; 李娜's own name is enough
    assert [line.split(",")[:3] for line in lines[1:]] == [
        ["", "王芳", "138 1234 5678"],
        ["", "王芳", "wf_abcdef"],
        ["", "王芳", "#3" + at],
        ["", "王芳", "#4" + at],
        ["", "李娜", ""],
        ["", "王芳", "#3" + at],
    ]


def test_a_redacted_export_names_a_namesake_by_number_alone(
    run: Callable[..., Result], namesakes_path: Path, tmp_path: Path
) -> None:
    bills = tmp_path / "账单.csv"
    assert run("export", bills, "--table", "purchases", "--redact").exit_code == 0

    text = bills.read_text(encoding="utf-8-sig")

    at = "@" + mark_of(namesakes_path)
    assert [line.split(",")[2] for line in text.splitlines()[1:]] == [
        "#1" + at, "#2" + at, "#3" + at, "#4" + at, "", "#3" + at
    ]  # fmt: skip
    assert "138" not in text and "wf_abcdef" not in text


def test_create_missing_gives_no_customer_another_books_number_as_code(
    run: Callable[..., Result], namesakes_path: Path, tmp_path: Path
) -> None:
    bills, empty = tmp_path / "账单.csv", tmp_path / "empty.db"
    assert run("export", bills, "--table", "purchases").exit_code == 0

    result = run("import", "purchases", bills, "--create-missing", db=empty)

    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(empty)
    try:
        codes = [code for (code,) in conn.execute("SELECT code FROM customers ORDER BY id")]
    finally:
        conn.close()
    assert not any(code and code.startswith("#") for code in codes), codes
