"""A book's connection keeps every statement a session runs prepared (store/files.py).

The driver's statement cache keeps the most used statements and, once full, throws out the
one it added last: opening a new book ran ~250 statements (its migrations) and filled it,
and from then on each statement a customers import repeats for every row was thrown out by
the next one and prepared again at every row.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.book_helpers import buy, customer, write_csv
from xiaoben.store import held
from xiaoben.store.book import Book
from xiaoben.store.files import STATEMENT_CACHE
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.imports import import_table


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """The distinct SQL texts run through the connections opened from here on."""
    seen: set[str] = set()
    made = held._connection_class

    def counting(base: type) -> type:
        cls = made(base)

        class Counting(cls):  # type: ignore[misc, valid-type]
            def execute(self, sql: str, *args: Any) -> Any:
                seen.add(sql)
                return super().execute(sql, *args)

            def executemany(self, sql: str, *args: Any) -> Any:
                seen.add(sql)
                return super().executemany(sql, *args)

        return Counting

    monkeypatch.setattr(held, "_connection_class", counting)
    yield seen


def test_a_new_books_first_session_runs_fewer_statements_than_the_cache_keeps(
    tmp_path: Path, statements: set[str]
) -> None:
    """Open a new book (its migrations), import customers, save a customer and a purchase,
    recompute: every statement stays prepared, however often it is run."""
    lines = ["编号,姓名,手机,微信,生日,地址,标签,备注"] + [
        f"K{k:04d},王芳{k},138{k:08d},wx_{k:04d},1990-03-0{k % 9 + 1},"
        f"浙江省杭州市西湖区文三路{k}号,VIP,喜欢面霜"
        for k in range(300)
    ]
    path = write_csv(tmp_path / "customers.csv", lines)
    book = Book.open(tmp_path / "book.db")
    try:
        import_table(book, "customers", read_table(path), lambda *_: None)
        wang = customer(book, "李娜", phones=["13900139000"])
        buy(book, wang.id, 12_000)
        book.recompute()
    finally:
        book.close()
    # (the driver's own default, 100, is below what opening a new book runs alone)
    assert 100 < len(statements) < STATEMENT_CACHE // 2
