"""A forgotten customer in the book's backups: which backups still hold them, and those
backups rewritten without them, the rest of each backup as it was (but the undo of bulk
changes and the kept plan, which may name them). Never the book itself.

A backup's row is the forgotten person only when it matches what identified them at the
forget (store/forgotten.py: the same #id and name, and the same creation stamp or a
phone, WeChat ID or code of theirs), their own #id or that of a record merged into them.
A customer the book still has, or an id the book recorded no forget of, is refused: when
unsure the backups are left as they were, and the seller is told so.
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xiaoben.models.errors import BookError
from xiaoben.models.text import printable
from xiaoben.store import cipher, overview_kept, plan_cache
from xiaoben.store.backups import Backup
from xiaoben.store.cipher import BookKey
from xiaoben.store.driver import errors, sqlite3
from xiaoben.store.files import open_connection, open_copy, write_private
from xiaoben.store.forgotten import Tombstone, rows_at, theirs_in, tombstones

if TYPE_CHECKING:
    from xiaoben.store.book import Book


@dataclass(frozen=True)
class Held:
    """The backups holding a forgotten customer, what they were called there (the newest
    backup's name and code) and which #ids of each are them; those holding someone else
    under their #id (left alone), and those that could not be read."""

    holding: list[Backup] = field(default_factory=list)
    unchecked: list[Backup] = field(default_factory=list)  # encrypted under another key
    name: str = ""
    code: str | None = None
    ids: dict[Path, tuple[int, ...]] = field(default_factory=dict)
    others: list[Backup] = field(default_factory=list)  # another customer under their #id
    merges_gone: bool = False  # the book no longer keeps its oldest merges


def refuse_unsure(conn: sqlite3.Connection, customer_id: int) -> list[Tombstone]:
    """The tombstones of customer #`customer_id`; refused when the book still has a customer
    #`customer_id` (archived or not) or recorded no forget of that id."""
    still = rows_at(conn, customer_id)
    if still is not None:
        name = printable(still.name) + (f" ({printable(still.code)})" if still.code else "")
        raise BookError("store.backups_forget_in_book", id=customer_id, name=name)
    found = tombstones(conn, customer_id)
    if not found:
        raise BookError("store.backups_forget_unrecorded", id=customer_id)
    return found


def held(
    customer_id: int, forgotten: list[Tombstone], found: list[Backup], merges_gone: bool
) -> Held:
    """Which of `found` (the book's backups, newest first) hold the customer forgotten as
    #`customer_id` (`forgotten`: their tombstones), by a row that surely is them."""
    holding, unchecked, others, ids, named = [], [], [], {}, None
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
            theirs = sorted(
                theirs_in(conn, forgotten), key=lambda row: row.customer_id != customer_id
            )
            other = rows_at(conn, customer_id)
        finally:
            conn.close()
        if theirs:
            holding.append(backup)
            ids[backup.path] = tuple(sorted({row.customer_id for row in theirs}))
            named = named or theirs[0]
        if other is not None and all(row.customer_id != customer_id for row in theirs):
            others.append(backup)
    merges_gone = merges_gone and bool(found)  # no backup: nothing to say of them
    if named is None:
        return Held([], unchecked, others=others, merges_gone=merges_gone)
    return Held(holding, unchecked, named.name, named.code, ids, others, merges_gone)


def _key_of(backup: Backup) -> BookKey | None:
    """The key `backup` is read with: the book's if it is encrypted (one made before the
    book was encrypted is plain)."""
    return backup.key if cipher.is_encrypted(backup.path) else None


def erase_command(customer_id: int, book: Path | None) -> str:
    """The command that rewrites the backups without customer #`customer_id` (`book`: the
    book's path, when it must be named)."""
    named = "" if book is None else f" --db {shlex.quote(str(book))}"
    return f"xiaoben{named} backups --forget {customer_id}"


def erase_from(book: Book, found: Held) -> None:
    """Rewrite each backup of `found` without the forgotten customer's rows: a copy beside
    it, the customer erased there as forgetting erases them in the book (secure_delete),
    checked, then moved over the backup under its own name, 0600
    (store.files.write_private). A backup made by an older xiaoben is erased from the
    tables it has."""
    for backup in found.holding:
        rewrite = _rewriter(backup, found.ids[backup.path])
        write_private(backup.path, rewrite, book=book.path, force=True)


def _rewriter(backup: Backup, customer_ids: tuple[int, ...]) -> Callable[[Path], None]:
    """What writes `backup` without the customer into the temporary file it is given."""

    def write(temp: Path) -> None:
        shutil.copyfile(backup.path, temp)
        conn = open_connection(temp, _key_of(backup))
        try:
            _erase(conn, customer_ids)
            (result,) = conn.execute("PRAGMA integrity_check").fetchone()
        finally:
            conn.close()
        if result != "ok":
            raise BookError("store.export_failed", detail=str(result))

    return write


def _erase(conn: sqlite3.Connection, customer_ids: tuple[int, ...]) -> None:
    """The customer's rows in every table naming them, their referrals taken off the
    customers they referred and their referrer's count of referrals, the merges, bulk undos
    and kept plan that keep a copy of them; the figures rebuilt when the backup is next
    opened as a book (a restore)."""
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA foreign_keys = ON")  # referred_by: ON DELETE SET NULL
    conn.execute("BEGIN IMMEDIATE")
    try:
        tables = [name for (name,) in conn.execute(_TABLES)]
        referrers = _referrers(conn, customer_ids)
        for customer_id in customer_ids:
            _erase_one(conn, tables, customer_id)
        if "bulk_changes" in tables:
            conn.execute("DELETE FROM bulk_changes")  # their old tags may be kept for an undo
        _recount_referrals(conn, tables, referrers - set(customer_ids))
        conn.executemany("DELETE FROM meta WHERE key = ?", [(key,) for key in _NAMING_META])
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('needs_rebuild', '1')")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("PRAGMA journal_mode = DELETE")  # one file, as the backup was


# Meta values that copy customers' names or details: the kept plan (names, message
# drafts) and the kept overview; each is made again when next asked for.
_NAMING_META = (plan_cache.KEPT, overview_kept.KEY)


def _erase_one(conn: sqlite3.Connection, tables: list[str], customer_id: int) -> None:
    for table in tables:
        if "customer_id" in _columns(conn, table):
            conn.execute(f'DELETE FROM "{table}" WHERE customer_id = ?', (customer_id,))
    if "merges" in tables:
        from xiaoben.store.customers import forget_in_merges

        forget_in_merges(conn, customer_id)
    conn.execute("DELETE FROM customers WHERE id = ?", (customer_id,))


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}


def _referrers(conn: sqlite3.Connection, customer_ids: tuple[int, ...]) -> set[int]:
    marks = ", ".join("?" * len(customer_ids))
    query = f"SELECT referred_by FROM customers WHERE id IN ({marks}) AND referred_by IS NOT NULL"
    return {referrer for (referrer,) in conn.execute(query, customer_ids)}


def _recount_referrals(conn: sqlite3.Connection, tables: list[str], referrers: set[int]) -> None:
    """The referrers' stats count the customers who still name them (as the book's forget
    does); their tiers follow at the rebuild."""
    if "stats" not in tables or "referrals" not in _columns(conn, "stats"):
        return
    conn.executemany(
        "UPDATE stats SET referrals ="
        " (SELECT count(*) FROM customers WHERE referred_by = stats.customer_id)"
        " WHERE customer_id = ?",
        [(referrer,) for referrer in referrers],
    )


_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
