"""One SQLite driver for the whole project, with an SQLite free of the WAL-reset bug.

Every connection the book opens (writer, list reader, the overview's pool, an export)
comes from store/driver.py, and sqlite-utils works on the same driver, so its
`except sqlite3.OperationalError` and ours catch the same classes.
"""

from __future__ import annotations

import sqlite3 as standard_library  # only to prove nothing opens a book with it
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils.db

from tests.book_helpers import buy, customer
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.driver import CURRENT_SQLITE, DRIVER, sqlite3
from xiaoben.store.list_reader import ListReader


def test_the_runtime_sqlite_has_the_wal_reset_fix(book: Book) -> None:
    assert sqlite3.sqlite_version_info >= CURRENT_SQLITE, sqlite3.sqlite_version
    (in_the_book,) = book.conn.execute("SELECT sqlite_version()").fetchone()
    assert tuple(int(part) for part in in_the_book.split(".")) >= CURRENT_SQLITE


def test_the_driver_is_the_bundled_wheel_not_the_standard_library() -> None:
    assert DRIVER == "pysqlite3"
    assert sqlite3.Connection is not standard_library.Connection


def test_sqlite_utils_uses_the_same_driver(book: Book) -> None:
    assert sqlite_utils.db.sqlite3.OperationalError is sqlite3.OperationalError
    assert sqlite_utils.db.sqlite3.IntegrityError is sqlite3.IntegrityError
    assert book.db.conn is book.conn
    # sqlite-utils catches its driver's OperationalError here: with another driver it leaks.
    book.db["no_such_table"].drop(ignore=True)


def test_every_connection_the_book_opens_is_the_drivers(
    book_path: Path,
    open_book: Callable[..., Book],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"opened with the standard library's sqlite3: {args}")

    monkeypatch.setattr(standard_library, "connect", refuse)
    book = open_book(book_path)
    buy(book, customer(book, "张三"), 120)
    book.overview()  # the pool's read-only connections
    book.export(tmp_path / "copy.db")
    reader = ListReader(book.path)
    try:
        assert reader.count(ListQuery()) == 1
    finally:
        reader.close()
    assert isinstance(book.conn, sqlite3.Connection)


def test_without_the_wheel_the_standard_library_serves_with_a_warning() -> None:
    script = (
        "import sys, warnings\n"
        "warnings.simplefilter('always')\n"
        "sys.modules['pysqlite3'] = None  # as if no wheel existed for this platform\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    from xiaoben.store.driver import DRIVER, sqlite3\n"
        "print(DRIVER, sqlite3.sqlite_version_info >= (3, 51, 3), len(caught))\n"
        "print(*(str(w.message) for w in caught))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    driver, current, warned = done.stdout.splitlines()[0].split()
    assert driver == "sqlite3"
    # An old standard-library SQLite (3.40.1 here) is named in a warning; a current one is not.
    assert warned == ("0" if current == "True" else "1")
    if current == "False":
        assert "WAL-reset" in done.stdout
        assert standard_library.sqlite_version in done.stdout
