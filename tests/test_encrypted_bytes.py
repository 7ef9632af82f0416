"""An encrypted book's plaintext never reaches the disk: the book, its WAL and shared
memory, its backups and copies hold none of a customer's name, phone or WeChat ID, and
SQLite's temporary files stay in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book_helpers import buy, customer, fixed_clock
from tests.test_book_forget import remembered, traces_in_files
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlcipher

PASSPHRASE = "芝麻开门"
# Pieces a page could hold as text: the name, the phone, the WeChat ID, and others'.
OTHERS = ["王芳", "13812345678", "wangfang_88"]


def plaintext_in(folder: Path) -> dict[str, list[str]]:
    found = traces_in_files(folder)
    for file in folder.iterdir():
        if file.is_file():
            data = file.read_bytes()
            hits = [text for text in OTHERS if text.encode() in data]
            if hits:
                found.setdefault(file.name, []).extend(hits)
    return found


@pytest.fixture
def locked_book(book_path: Path) -> Book:
    """An empty book, encrypted, open (its WAL in use)."""
    with Book.open(book_path, today=fixed_clock) as book:
        book.change_passphrase(PASSPHRASE)
    return Book.open(book_path, today=fixed_clock, create=False, passphrase=PASSPHRASE)


def test_the_book_its_wal_and_shm_hold_no_plaintext(locked_book: Book) -> None:
    wang = customer(locked_book, "王芳", phones=["13812345678"], wechat="wangfang_88")
    buy(locked_book, wang, 300, "2026-11-01", note="王芳 13812345678")
    unique = remembered(locked_book, wang)
    folder = locked_book.path.parent
    wal = Path(f"{locked_book.path}-wal")
    assert wal.stat().st_size > 0, "the changes are in the WAL, not yet checkpointed"
    assert plaintext_in(folder) == {}

    locked_book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    locked_book.save_customer(unique.model_copy(update={"city": "成都"}))
    assert plaintext_in(folder) == {}

    locked_book.forget_customer(unique.id or 0)
    assert plaintext_in(folder) == {}


def test_backups_and_copies_hold_no_plaintext(locked_book: Book, tmp_path: Path) -> None:
    wang = customer(locked_book, "王芳", phones=["13812345678"], wechat="wangfang_88")
    remembered(locked_book, wang)
    copies = tmp_path / "copies"

    backup = locked_book.back_up()
    locked_book.export(copies / "copy.db")
    locked_book.export(copies / "redacted.db", redact=True)

    assert plaintext_in(backup.parent) == {}
    assert plaintext_in(copies) == {}


def test_a_decrypted_copy_does_hold_the_plaintext(locked_book: Book, tmp_path: Path) -> None:
    """The check above can fail: the same search finds the name in a plain copy."""
    customer(locked_book, "王芳", phones=["13812345678"], wechat="wangfang_88")

    locked_book.export(tmp_path / "plain" / "copy.db", decrypt=True)

    assert plaintext_in(tmp_path / "plain") == {"copy.db": OTHERS}


def test_a_forgotten_customer_is_in_no_backup_made_afterwards(locked_book: Book) -> None:
    wang = customer(locked_book, "王芳")
    unique = remembered(locked_book, wang)
    locked_book.forget_customer(unique.id or 0)

    backup = locked_book.back_up()

    plain = backup.parent / "plain.db"
    with Book.open(backup, today=fixed_clock, create=False, passphrase=PASSPHRASE) as copy:
        copy.export(plain, decrypt=True)
        assert copy.find_customer("13900001111") is None
    assert traces_in_files(backup.parent) == {}  # not even once decrypted
    plain.unlink()


def test_sqlites_temporary_files_stay_in_memory(locked_book: Book) -> None:
    """Sorts, temporary tables and indices never spill to a temporary file: SQLCipher is
    built with TEMP_STORE=2 (memory unless asked) and the book never asks otherwise."""
    assert sqlcipher() is not None
    options = {row[0] for row in locked_book.conn.execute("PRAGMA compile_options")}
    assert "TEMP_STORE=2" in options or "TEMP_STORE=3" in options
    assert locked_book.conn.execute("PRAGMA temp_store").fetchone() == (0,)  # the default
