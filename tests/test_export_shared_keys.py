"""Exported customers who share a WeChat ID or a phone import back whole: a mother and
daughter on one WeChat account, a couple on one landline, each with a code of their own (or
none). `xiaoben export` of the customers and of the purchases, imported into a fresh book,
gives every customer and every purchase back, field by field; imported into the book they
came from, it changes nobody."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import buy, customer, fixed_clock
from tests.test_export_customer_namesakes import exported, seen
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3

Run = Callable[..., Result]


def bought(path: Path) -> list[tuple[object, ...]]:
    """Every purchase with the customer it went to as the seller sees them (a multiset)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT c.code, c.name, c.phones, c.wechat, p.date, p.amount_cents FROM purchases p"
            " JOIN customers c ON c.id = p.customer_id"
        ).fetchall()
    finally:
        conn.close()
    return sorted(rows, key=repr)


def codes(path: Path) -> list[str | None]:
    conn = sqlite3.connect(path)
    try:
        return sorted(code for (code,) in conn.execute("SELECT code FROM customers"))
    finally:
        conn.close()


def both_exported(run: Run, book: Path, folder: Path) -> tuple[Path, Path]:
    people, bills = folder / "customers.csv", folder / "purchases.csv"
    exported(run, book, people)
    result = run("export", bills, "--table", "purchases", db=book)
    assert result.exit_code == 0, result.output
    return people, bills


def imported(run: Run, book: Path, kind: str, source: Path) -> str:
    result = run("import", kind, source, db=book)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def coded_path(book_path: Path) -> Path:
    """黄莹丽 C001 and 黄莹丽 C002 (mother and daughter) on one WeChat account; 张父 C003 and
    张母 C004 on one landline; each with a purchase."""
    with Book.open(book_path, today=fixed_clock) as book:
        made = [
            customer(book, "黄莹丽", code="C001", phones=["15024991532"], wechat="hyl_1371"),
            customer(book, "黄莹丽", code="C002", phones=["13929656577"], wechat="hyl_1371"),
            customer(book, "张父", code="C003", phones=["13600136010", "0571-88881234"]),
            customer(book, "张母", code="C004", phones=["0571-88881234"]),
        ]
        for amount, who in enumerate(made, 1):
            buy(book, who, amount * 100, f"2026-03-{amount:02d}")
    return book_path


def test_customers_of_their_own_codes_sharing_a_key_come_back_whole_in_a_fresh_book(
    run: Run, coded_path: Path, tmp_path: Path
) -> None:
    people, bills = both_exported(run, coded_path, tmp_path)
    fresh = tmp_path / "fresh.db"

    said = imported(run, fresh, "customers", people)
    paid = imported(run, fresh, "purchases", bills)

    assert "imported 4 of 4 rows (4 customers created, 0 updated" in said, said
    assert "not imported" not in said
    assert "imported 4 of 4 rows" in paid, paid
    assert seen(fresh) == seen(coded_path)
    assert bought(fresh) == bought(coded_path)


def test_a_shared_wechat_id_of_the_same_name_and_another_code_is_listed_for_review(
    run: Run, coded_path: Path, tmp_path: Path
) -> None:
    people, _ = both_exported(run, coded_path, tmp_path)

    said = imported(run, tmp_path / "fresh.db", "customers", people)

    assert (
        "line 3: hyl_1371 of “黄莹丽” (C002) is also 黄莹丽 (C001)'s, whose code is another:"
        " created as another customer, check if the same" in said
    ), said
