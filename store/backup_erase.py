"""A forgotten customer in the book's backups: which backups still hold them, and those
backups rewritten without them, the rest of each backup as it was. Never the book itself.

A backup holds customer #N when its row #N is not the book's customer #N (the same id and
the same creation stamp): once forgotten the book has no #N, and a later customer given
the id again is not the one forgotten.
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xiaoben.models.errors import BookError
from xiaoben.store import cipher
from xiaoben.store.backups import Backup
from xiaoben.store.cipher import BookKey
from xiaoben.store.driver import errors, sqlite3
from xiaoben.store.files import open_connection, open_copy, write_private

if TYPE_CHECKING:
    from xiaoben.store.book import Book


@dataclass(frozen=True)
class Held:
    """The backups holding a customer the book no longer has, and what they were called
    there (the newest backup's name and code); those that could not be read apart."""

    holding: list[Backup] = field(default_factory=list)
    unchecked: list[Backup] = field(default_factory=list)  # encrypted under another key
    name: str = ""
    code: str | None = None


def held(customer_id: int, ours: str | None, found: list[Backup]) -> Held:
    """Which of `found` (the book's backups, newest first) hold customer #`customer_id`
    as someone the book no longer has (`ours`: the creation stamp of the book's #id)."""
    holding, unchecked, named = [], [], None
    for backup in found:
        key = _key_of(backup)
        if key is None and cipher.is_encrypted(backup.path):
            unchecked.append(backup)
            continue
        try:
            conn = open_copy(backup.path, key)
        except errors.Error:  # encrypted under a passphrase the book no longer has
            unchecked.append(backup)
            continue
        try:
            theirs = conn.execute(
                "SELECT created_at, name, code FROM customers WHERE id = ?", (customer_id,)
            ).fetchone()
        finally:
            conn.close()
        if theirs is not None and theirs[0] != ours:
            holding.append(backup)
            named = named or theirs
    if named is None:
        return Held([], unchecked)
    return Held(holding, unchecked, named[1], named[2])


def _key_of(backup: Backup) -> BookKey | None:
    """The key `backup` is read with: the book's if it is encrypted (one made before the
    book was encrypted is plain)."""
    return backup.key if cipher.is_encrypted(backup.path) else None


def created(conn: sqlite3.Connection, customer_id: int) -> str | None:
    """The creation stamp of customer #`customer_id` in the book, None if it has none."""
    row = conn.execute("SELECT created_at FROM customers WHERE id = ?", (customer_id,)).fetchone()
    return None if row is None else row[0]


def erase_command(customer_id: int, book: Path | None) -> str:
    """The command that rewrites the backups without customer #`customer_id` (`book`: the
    book's path, when it must be named)."""
    named = "" if book is None else f" --db {shlex.quote(str(book))}"
    return f"xiaoben{named} backups --forget {customer_id}"


def erase_from(book: Book, customer_id: int, backups: list[Backup]) -> None:
    """Rewrite each backup without customer #`customer_id`: a copy beside it, the customer
    erased there as forgetting erases them in the book (secure_delete), checked, then moved
    over the backup under its own name, 0600 (store.files.write_private). A backup made by
    an older xiaoben is erased from the tables it has."""
    for backup in backups:
        write_private(backup.path, _rewriter(backup, customer_id), book=book.path, force=True)


def _rewriter(backup: Backup, customer_id: int) -> Callable[[Path], None]:
    """What writes `backup` without the customer into the temporary file it is given."""

    def write(temp: Path) -> None:
        shutil.copyfile(backup.path, temp)
        conn = open_connection(temp, _key_of(backup))
        try:
            _erase(conn, customer_id)
            (result,) = conn.execute("PRAGMA integrity_check").fetchone()
        finally:
            conn.close()
        if result != "ok":
            raise BookError("store.export_failed", detail=str(result))

    return write


def _erase(conn: sqlite3.Connection, customer_id: int) -> None:
    """The customer's rows in every table naming them, their referrals taken off the
    customers they referred, the merges and bulk undos that keep a copy of them."""
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA foreign_keys = ON")  # referred_by: ON DELETE SET NULL
    conn.execute("BEGIN IMMEDIATE")
    try:
        tables = [name for (name,) in conn.execute(_TABLES)]
        for table in tables:
            columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
            if "customer_id" in columns:
                conn.execute(f'DELETE FROM "{table}" WHERE customer_id = ?', (customer_id,))
        if "merges" in tables:
            from xiaoben.store.customers import forget_in_merges

            forget_in_merges(conn, customer_id)
        if "bulk_changes" in tables:
            conn.execute("DELETE FROM bulk_changes")  # their old tags may be kept for an undo
        conn.execute("DELETE FROM customers WHERE id = ?", (customer_id,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("PRAGMA journal_mode = DELETE")  # one file, as the backup was


_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
