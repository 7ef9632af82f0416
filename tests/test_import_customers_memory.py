"""A customers import lets each row go once written (import_table hands its parsed rows over):
a 100,000-row file's rows (~160 MB) and what writing them holds (their keys, the book's
customers) no longer peak together. A caller that keeps its rows (import_customers called
directly) finds them as they were. What is written is the same either way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.book_helpers import write_csv
from xiaoben.store.book import Book
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import import_customers

ROWS = [
    "姓名,手机,推荐人,备注",
    "王芳,13800138001,李娜,老客",
    "李娜,13800138002,,",
    "王芳,13800138001,,第二行",  # the same customer again: folded into one
    "刘洋 13800138006,,王芳,",  # a name cell holding a mobile
    "张三,13800138001,,",  # 王芳's phone under another name: held back, tried again
]


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def test_the_handed_over_rows_are_let_go_and_write_what_kept_rows_write(
    tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    path = write_csv(tmp_path / "c.csv", ROWS)
    books = [open_book(tmp_path / f"{name}.db") for name in ("kept", "handed")]
    results = []
    for book, consume in zip(books, (False, True), strict=True):
        rows, errors = parse_customers(read_any(path, kind="customers"))
        before = list(rows)
        report = import_customers(book, rows, errors, keep_good=True, consume=consume)
        results.append((report.created_customers, report.held_back, report.imported))
        if consume:
            assert rows == [None] * len(before)  # each let go once written
        else:
            assert rows == before
    assert results[0] == results[1] == (3, 1, 4)
    written = "SELECT id, name, phones, notes, referred_by FROM customers ORDER BY id"
    assert table_of(books[0], written) == table_of(books[1], written)


def table_of(book: Book, sql: str) -> list[tuple[object, ...]]:
    return book.conn.execute(sql).fetchall()


def test_import_table_hands_its_parsed_rows_over(
    tmp_path: Path, open_book: Callable[..., Book], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The way in of the CLI and the app lets the rows go: the parsed list is emptied."""
    from xiaoben.store.importing import customer_rows
    from xiaoben.store.imports import import_table

    parsed: list[list[object]] = []
    parse = customer_rows.parse_customers

    def keeping(*args: object, **kwargs: object) -> tuple[list, list]:
        rows, errors = parse(*args, **kwargs)  # type: ignore[arg-type]
        parsed.append(rows)
        return rows, errors

    monkeypatch.setattr(customer_rows, "parse_customers", keeping)
    book = open_book(tmp_path / "book.db")
    table = read_any(write_csv(tmp_path / "c.csv", ROWS), kind="customers")

    report = import_table(book, "customers", table, lambda *_: None, keep_good=True)

    assert report.created_customers == 3
    [rows] = parsed
    assert len(rows) == 5 and rows == [None] * 5
