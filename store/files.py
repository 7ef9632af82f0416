"""The book's file on disk: created private, opened as SQLite, exported consistently.

A new book is created 0600 (in a 0700 folder) with os.open before SQLite touches it;
SQLite's -wal and -shm files inherit that mode. Another program's database, or a book
newer than this version, is refused before anything is written to it. Exports use the
backup API, never a copy.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from xiaoben.models.errors import BookError
from xiaoben.store.driver import sqlite3
from xiaoben.store.schema import SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 15.0


def create_private(path: Path) -> bool:
    """Create an empty 0600 file at `path` (and 0700 parent folders). False if it existed."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def check_is_sqlite(path: Path) -> None:
    """Refuse, with a clear message, a file that is not an SQLite database at all."""
    size = path.stat().st_size
    if size == 0:
        return
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise BookError("store.not_a_book", path=str(path), detail="not an SQLite file")


def connect(path: Path) -> sqlite3.Connection:
    """The writer connection of the book at `path` (an empty private file if there was
    none): refused unless it is a book this version can open, then set up for WAL."""
    create_private(path)
    check_is_sqlite(path)
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    try:
        _refuse_foreign(conn, path)
        _configure(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse another program's database, or a newer book, before anything is written to it.

    (Switching the journal to WAL rewrites the file's header, so this must come first.)
    """
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as exc:
        raise BookError("store.not_a_book", path=str(path), detail=str(exc)) from None
    if found > SCHEMA_VERSION:
        raise BookError("store.newer_book", path=str(path), found=found, known=SCHEMA_VERSION)
    if tables and "_sqlite_migrations" not in tables:
        raise BookError(
            "store.not_a_book", path=str(path), detail="an SQLite file of another program"
        )


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BookError("store.not_a_book", path=str(path), detail=str(exc)) from None
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")


def export_copy(connection: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of the live book at `target`, mode 0600, checked before it lands.

    The copy is written beside the target through SQLite's backup API, checked with
    `PRAGMA integrity_check`, then renamed into place, so a failed export leaves nothing.
    """
    target = target.expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=".xiaoben-export-", dir=target.parent)
    os.close(fd)
    os.chmod(temp_name, 0o600)
    temp = Path(temp_name)
    try:
        copy = sqlite3.connect(temp)
        try:
            connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            (result,) = copy.execute("PRAGMA integrity_check").fetchone()
        finally:
            copy.close()
        if result != "ok":
            raise BookError("store.export_failed", detail=str(result))
        os.replace(temp, target)
        os.chmod(target, 0o600)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
