"""The schema's indexes: every one the migrations make is known by name, and a book another
tool dropped some of (a seller's DB browser, a script) has them built again when it opens —
a query naming one (INDEXED BY) failed, a bulk import's end among them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book_helpers import fixed_clock, write_csv
from xiaoben.store import purchase_writer
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import import_table
from xiaoben.store.schema import INDEXES, declared_indexes, migrations, missing_indexes


def _indexes(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        found = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
    finally:
        conn.close()
    return dict(found)


def _drop(path: Path, *names: str) -> None:
    """As another tool would: its own connection, committed."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for name in names:
            conn.execute(f'DROP INDEX "{name}"')
    finally:
        conn.close()


def test_every_index_the_migrations_make_is_known_by_name() -> None:
    from sqlite_utils import Database

    db = Database(sqlite3.connect(":memory:"))
    migrations.apply(db)
    made = {
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
    }
    made.discard("idx__sqlite_migrations_migration_set_name")  # sqlite-utils' own
    assert made == INDEXES
    assert set(declared_indexes()) == INDEXES


def test_a_whole_book_needs_nothing(book_path: Path) -> None:
    book = Book.open(book_path, today=fixed_clock)
    try:
        assert missing_indexes(book.db) == []
    finally:
        book.close()


def test_indexes_another_tool_dropped_are_built_again_as_they_were(book_path: Path) -> None:
    Book.open(book_path, today=fixed_clock).close()
    before = _indexes(book_path)
    _drop(book_path, "purchases_by_item", "stats_frame", "search_keys_by_customer")
    assert set(before) - set(_indexes(book_path)) == {
        "purchases_by_item",
        "stats_frame",
        "search_keys_by_customer",
    }

    Book.open(book_path, today=fixed_clock).close()

    assert _indexes(book_path) == before


def test_a_large_import_into_a_book_that_lost_an_index(
    book_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import's end rebuilds the day totals along the items' index: without it, it
    failed with SQLite's 'no such index: purchases_by_item'."""
    monkeypatch.setattr(purchase_writer, "BULK_ROWS", 10)
    monkeypatch.setattr(purchase_writer, "TOTALS_ONCE_ROWS", 10)
    Book.open(book_path, today=fixed_clock).close()
    _drop(book_path, "purchases_by_item", "purchases_by_date")
    lines = ["客户编号,姓名,日期,金额,商品,数量"] + [
        f"C{n % 7},客{n % 7},2024-03-{n % 28 + 1:02d},{n + 1},货{n % 3},1" for n in range(40)
    ]
    path = write_csv(tmp_path / "big.csv", lines)

    book = Book.open(book_path, today=fixed_clock)
    try:
        table = read_any(path, kind="purchases")
        report = import_table(book, "purchases", table, lambda *_: None, create_missing=True)
        assert report.imported == 40
        assert book.conn.execute("SELECT sum(purchases) FROM day_totals").fetchone()[0] == 40
    finally:
        book.close()
    assert {"purchases_by_item", "purchases_by_date"} <= set(_indexes(book_path))
