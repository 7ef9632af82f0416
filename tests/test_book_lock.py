"""An open book keeps SQLite's lock for as long as it is open (store/held.py).

POSIX drops every lock a process holds on a file when it closes any descriptor of it. A
book whose lock was dropped looks unused to another SQLite: the sqlite3 shell then deletes
the -wal and -shm the app writes to, and the book is corrupted. So no verb may open and
close the book's path while the book is open: /proc/locks must still list this process's
lock on the book after each.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.book_helpers import fixed_clock, run_python, start_script
from xiaoben.store import cipher, meta_peek
from xiaoben.store.book import Book
from xiaoben.store.exporting.formats import ExportRequest
from xiaoben.store.files import check_is_sqlite, peek_meta

LOCKS = Path("/proc/locks")
PASSPHRASE = "芝麻开门 open sesame"

pytestmark = pytest.mark.skipif(not LOCKS.exists(), reason="no /proc/locks to read locks from")


def locks_held(path: Path) -> int:
    """How many POSIX locks this process holds on the file at `path` (from /proc/locks)."""
    status = path.stat()
    inode = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    held = 0
    for line in LOCKS.read_text().splitlines():
        fields = line.split()
        if fields[1] == "->":  # a lock waited for, not held
            continue
        if fields[1] == "POSIX" and fields[4] == str(os.getpid()) and fields[5] == inode:
            held += 1
    return held


def open_read_only(path: Path, monkeypatch: pytest.MonkeyPatch) -> Book:
    """The book opened read-only, as a book that cannot be written is."""
    from xiaoben.store.driver import sqlite3

    def refuse(*args: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    with monkeypatch.context() as patch:
        patch.setattr("xiaoben.store.sessions.register", refuse)
        book = Book.open(path, today=fixed_clock)
    assert book.read_only
    return book


def test_locks_held_sees_an_open_connection_and_not_a_closed_one(book_path: Path) -> None:
    """The check below can fail: a book opened then closed holds nothing."""
    book = Book.open(book_path, today=fixed_clock)
    assert locks_held(book_path) > 0
    book.close()
    assert locks_held(book_path) == 0


def test_reading_a_file_header_with_a_plain_open_drops_the_lock(book_path: Path) -> None:
    """What store/held.py guards against, shown with the driver alone."""
    book = Book.open(book_path, today=fixed_clock)
    assert locks_held(book_path) > 0
    with book_path.open("rb") as handle:
        handle.read(16)
    assert locks_held(book_path) == 0
    book.close()


VERBS: dict[str, Callable[[Book, Path], Any]] = {
    "is_encrypted": lambda book, tmp: cipher.is_encrypted(book.path),
    "check_is_sqlite": lambda book, tmp: check_is_sqlite(book.path),
    "peek_meta": lambda book, tmp: peek_meta(book.path, "demo"),
    "meta_peek": lambda book, tmp: meta_peek.peek(book.path, ("demo",)),
    "export": lambda book, tmp: book.export(tmp / "copy.db"),
    "export_csv": lambda book, tmp: book.export_as(tmp / "copy.csv", ExportRequest()),
    "back_up": lambda book, tmp: book.back_up(),
    "backups": lambda book, tmp: book.backups(),
    "summary_of": lambda book, tmp: book.summary_of(book.path),
    "list_reader": lambda book, tmp: book.list_reader().close(),
    "open_again": lambda book, tmp: Book.open(book.path, today=fixed_clock).close(),
    "restore": lambda book, tmp: _restore(book),
}


def _restore(book: Book) -> None:
    from xiaoben.store.backups import restore

    restore(book, book.back_up())


@pytest.mark.parametrize("verb", VERBS)
def test_a_plain_book_keeps_its_lock_through(verb: str, shop_path: Path, tmp_path: Path) -> None:
    book = Book.open(shop_path, today=fixed_clock)
    assert locks_held(shop_path) > 0

    VERBS[verb](book, tmp_path)

    assert locks_held(shop_path) > 0
    book.close()
    assert locks_held(shop_path) == 0


@pytest.mark.parametrize("verb", ["is_encrypted", "export", "export_csv", "summary_of"])
def test_a_read_only_book_keeps_its_lock_through(
    verb: str, shop_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = open_read_only(shop_path, monkeypatch)
    assert locks_held(shop_path) > 0

    VERBS[verb](book, tmp_path)

    assert locks_held(shop_path) > 0
    book.close()
    assert locks_held(shop_path) == 0


@pytest.mark.parametrize("verb", ["is_encrypted", "export", "back_up", "summary_of", "open_again"])
def test_an_encrypted_book_keeps_its_lock_through(
    verb: str, shop_path: Path, tmp_path: Path
) -> None:
    if not cipher.available():
        pytest.skip("no SQLCipher wheel on this platform")
    with Book.open(shop_path, today=fixed_clock) as plain:
        plain.change_passphrase(PASSPHRASE)
    book = Book.open(shop_path, today=fixed_clock, passphrase=PASSPHRASE)
    assert book.encrypted
    assert locks_held(shop_path) > 0

    if verb == "open_again":
        Book.open(shop_path, today=fixed_clock, passphrase=PASSPHRASE).close()
    else:
        VERBS[verb](book, tmp_path)

    assert locks_held(shop_path) > 0
    book.close()
    assert locks_held(shop_path) == 0


def test_the_sqlite3_shell_beside_an_open_book_leaves_its_log_and_loses_nothing(
    shop_path: Path,
) -> None:
    """The hostile tester's case: the app has the book open, the seller reads it with the
    sqlite3 shell (an older SQLite), the app saves. Another process sees the save, and the
    book passes its integrity check: the shell deleted no -wal under the app."""
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("no sqlite3 shell installed")
    wal = Path(f"{shop_path}-wal")
    holder = start_script("hold_book.py", shop_path, stdin=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().startswith("open")
        assert wal.exists()

        read = subprocess.run(
            [shell, str(shop_path), "SELECT count(*) FROM customers;"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        assert read.stdout.split() == ["3"]
        assert wal.exists(), "the sqlite3 shell deleted the -wal of a book open elsewhere"

        holder.stdin.write("save 孙丽\n")
        holder.stdin.flush()
        assert holder.stdout.readline().startswith("saved")
        seen = run_python(
            "from xiaoben.store.driver import sqlite3\n"
            f"conn = sqlite3.connect({str(shop_path)!r})\n"
            "print(conn.execute(\"SELECT count(*) FROM customers WHERE name = '孙丽'\")"
            ".fetchone()[0])\n"
            "print(conn.execute('PRAGMA integrity_check').fetchone()[0])\n",
            timeout=60,
        )
        assert seen.split() == ["1", "ok"]

        holder.stdin.write("close\n")
        holder.stdin.flush()
        assert holder.stdout.readline().startswith("closed")
    finally:
        holder.kill()
        holder.wait()
    checked = subprocess.run(
        [shell, str(shop_path), "PRAGMA integrity_check; SELECT count(*) FROM customers;"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert checked.stdout.split() == ["ok", "4"]


def test_importing_the_open_book_itself_is_refused_and_keeps_the_lock(shop_path: Path) -> None:
    from xiaoben.models.errors import BookError
    from xiaoben.store.importing.readers import read_any

    book = Book.open(shop_path, today=fixed_clock)

    with pytest.raises(BookError) as refused:
        read_any(shop_path)

    assert "it is the file of the book open now" in refused.value.message()
    assert locks_held(shop_path) > 0
    book.close()


def test_a_connection_that_could_not_open_fails_with_its_error_not_a_crash(
    tmp_path: Path,
) -> None:
    """pysqlite3's close() of a connection its __init__ left unopened segfaulted the process
    (held's finaliser called it), where the seller should read why the file did not open:
    a restore whose backup had gone, a folder given as the book. A real process: a crash
    ends it. Each driver the product loads."""
    code = """
import gc, sys
from xiaoben.store import held
from xiaoben.store.driver import sqlite3
import sqlcipher3.dbapi2 as cipher_driver
for driver in (sqlite3, cipher_driver):
    for target in (sys.argv[1] + "/no/such/folder/book.db", sys.argv[1]):
        try:
            held.connect(driver, target).execute("SELECT * FROM sqlite_master")
        except driver.Error as exc:
            print(type(exc).__name__, exc)
        gc.collect()
print("still here")
"""
    said = run_python(code, tmp_path, timeout=60)

    assert said.splitlines()[-1] == "still here"
    assert said.count("unable to open database file") == 4, said


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
@pytest.mark.parametrize("copy", ["export", "back_up"])
def test_a_save_lands_while_a_copy_of_the_book_is_checked(
    copy: str, encrypted: bool, shop_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy (an export, the app's "back up now") reads the book in a transaction of its
    own, not under the book's lock: a save made while the copy is being checked lands at
    once, and the copy is the book as it was when the copy began. Before, the save waited
    for the whole copy and its check (seconds on a large book: the app stood still)."""
    from tests.book_helpers import buy
    from xiaoben.store import files

    if encrypted:
        if not cipher.available():
            pytest.skip("no SQLCipher wheel on this platform")
        with Book.open(shop_path, today=fixed_clock) as plain:
            plain.change_passphrase(PASSPHRASE)
    book = Book.open(shop_path, today=fixed_clock, passphrase=PASSPHRASE if encrypted else None)
    checking, saved = threading.Event(), threading.Event()
    check_copy = files._check_copy
    landed: list[bool] = []  # whether the save landed while the copy was held

    def held_check(*args: Any) -> None:  # the copy is written: held until the save landed
        checking.set()
        landed.append(saved.wait(timeout=3))
        check_copy(*args)

    monkeypatch.setattr(files, "_check_copy", held_check)
    made: list[Path] = []
    copier = threading.Thread(target=lambda: made.append(VERBS[copy](book, tmp_path)))
    copier.start()
    assert checking.wait(timeout=10)
    wang = book.find_customer("C001")
    assert wang is not None

    buy(book, wang, 999, "2026-11-20")  # waited for the copy's end before
    saved.set()
    copier.join(timeout=10)

    assert landed == [True] and not copier.is_alive() and made
    key = PASSPHRASE if encrypted else None
    with Book.open(made[0], today=fixed_clock, passphrase=key) as copied:
        assert len(copied.purchases_of(wang.id)) == 3  # as it was: the save is not in it
    assert len(book.purchases_of(wang.id)) == 4
    book.close()


def test_the_book_closes_after_a_copy_reading_its_file_ends(
    shop_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quitting while a copy reads the book apart from its lock waits for the copy, as a
    copy made under the lock was waited for: the seller's "back up now" is made whole."""
    from xiaoben.store import files

    book = Book.open(shop_path, today=fixed_clock)
    checking, closing = threading.Event(), threading.Event()
    check_copy = files._check_copy

    def held_check(*args: Any) -> None:
        checking.set()
        closing.wait(timeout=5)
        check_copy(*args)

    monkeypatch.setattr(files, "_check_copy", held_check)
    made: list[Path] = []
    copier = threading.Thread(target=lambda: made.append(book.back_up()))
    copier.start()
    assert checking.wait(timeout=10)
    closer = threading.Thread(target=book.close)
    closer.start()
    closer.join(timeout=0.5)
    assert closer.is_alive()  # waiting for the copy

    closing.set()
    copier.join(timeout=10)
    closer.join(timeout=10)

    assert made and made[0].exists() and not closer.is_alive()
