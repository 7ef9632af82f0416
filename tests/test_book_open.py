"""Opening a book: a new one is created private and ready; anything else is refused untouched."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

from tests.book_helpers import buy, customer, dump, fixed_clock
from xiaoben.models.errors import BookError
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.schema import MIGRATION_NAMES, SCHEMA_VERSION


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_book_is_readable_by_the_seller_only(book_path: Path) -> None:
    book = Book.open(book_path, today=fixed_clock)
    customer(book, "王芳")  # a write, so the -wal file exists too

    assert mode(book_path) == 0o600
    assert mode(book_path.parent) == 0o700
    assert mode(Path(f"{book_path}-wal")) == 0o600


def test_a_new_book_is_private_even_with_a_permissive_umask(book_path: Path) -> None:
    previous = os.umask(0o000)
    try:
        Book.open(book_path, today=fixed_clock).close()
    finally:
        os.umask(previous)

    assert mode(book_path) == 0o600
    assert mode(book_path.parent) == 0o700


def test_a_book_writes_ahead_and_checks_foreign_keys(book: Book) -> None:
    assert book.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert book.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_the_write_ahead_log_is_a_property_of_the_file(book: Book) -> None:
    other = sqlite3.connect(book.path)
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        other.close()


def test_a_book_says_which_schema_it_holds(book: Book) -> None:
    assert book.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    applied = [name for (name,) in book.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == MIGRATION_NAMES


def test_reopening_a_book_changes_nothing(book_path: Path) -> None:
    with Book.open(book_path, today=fixed_clock) as book:
        wang = customer(book, "王芳", code="C001")
        buy(book, wang, 120, "2026-11-01")
    before = dump(book_path)

    with Book.open(book_path, today=fixed_clock) as book:
        assert book.get_customer(wang.id or 0).version == wang.version

    assert dump(book_path) == before


def test_an_empty_file_becomes_a_new_book(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()

    with Book.open(path, today=fixed_clock) as book:
        assert book.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("customers.csv", "name,phone\n王芳,13812345678\n")
    return buffer.getvalue()


NOT_BOOKS = {
    "a text file": "客户名单\n王芳 13812345678\n".encode(),
    "random bytes": bytes(range(256)) * 40,
    "a zip archive": _zip_bytes(),
    "an SQLite header over garbage": b"SQLite format 3\x00" + b"\xff" * 4000,
}


@pytest.mark.parametrize("content", NOT_BOOKS.values(), ids=NOT_BOOKS.keys())
def test_a_file_that_is_not_a_book_is_refused_and_left_alone(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)

    with pytest.raises(BookError) as refused:
        Book.open(path, today=fixed_clock)

    assert "not a xiaoben book" in refused.value.message("en")
    assert "不是小本账本" in refused.value.message("zh")
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_another_programs_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "accounts.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER)")
    other.execute("INSERT INTO ledger (amount) VALUES (100)")
    other.commit()
    other.close()
    content = path.read_bytes()

    with pytest.raises(BookError) as refused:
        Book.open(path, today=fixed_clock)

    assert "not a xiaoben book" in refused.value.message("en")
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.db"]


def test_a_book_from_a_newer_xiaoben_is_refused(book_path: Path) -> None:
    Book.open(book_path, today=fixed_clock).close()
    raw = sqlite3.connect(book_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    content = book_path.read_bytes()

    with pytest.raises(BookError) as refused:
        Book.open(book_path, today=fixed_clock)

    assert refused.value.key == "store.newer_book"
    assert "newer xiaoben" in refused.value.message("en")
    assert book_path.read_bytes() == content


def test_a_book_gets_a_mark_of_its_own_once_and_keeps_it(tmp_path: Path) -> None:
    """The mark its exports write after a #id (store/book_refs.py): one per book, made at
    its first opening (a book from before the marks gets one then), the same ever after."""
    from xiaoben.store.book_refs import own_mark

    marks = []
    for name in ("a.db", "b.db"):
        with Book.open(tmp_path / name, today=fixed_clock) as book:
            marks.append(own_mark(book.conn))
        with Book.open(tmp_path / name, today=fixed_clock) as book:
            assert own_mark(book.conn) == marks[-1]
    conn = sqlite3.connect(tmp_path / "a.db")
    with conn:
        conn.execute("DELETE FROM meta WHERE key = 'book_mark'")  # as before the marks
    conn.close()
    with Book.open(tmp_path / "a.db", today=fixed_clock) as book:
        again = own_mark(book.conn)

    assert all(mark and len(mark) == 6 and int(mark, 16) >= 0 for mark in marks)
    assert marks[0] != marks[1]
    assert again and again != marks[0]


def test_what_other_books_numbers_became_is_kept_beside_what_was_known(book: Book) -> None:
    from xiaoben.store.book_refs import foreign_ids, remember_foreign

    remember_foreign(book.conn, {("a1b2c3", 3): 7, ("a1b2c3", 4): 8})
    remember_foreign(book.conn, {("a1b2c3", 4): 9, ("d4e5f6", 3): 10})

    assert foreign_ids(book.conn) == {("a1b2c3", 3): 7, ("a1b2c3", 4): 9, ("d4e5f6", 3): 10}
