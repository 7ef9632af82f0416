"""Which book a #id is of: each book's own mark, and the customers of other books' #ids.

An export names a customer with no code, whom neither their name nor a phone or WeChat ID
of their own singles out, by their number in the book: #12. Another book numbers its
customers otherwise — its #12 may be a namesake — so an export writes the number with the
book's mark (#12@3fa9c1), made once per book at random and kept in its meta (a copy of the
book, a backup restored, keeps it: the same numbers name the same customers there).

Importing another book's customers export, the customers its marked #ids became here are
remembered (meta foreign_ids), so that book's purchases export, imported next, finds them;
a marked #id of a book not met before names nobody (and the import says what to do)."""

from __future__ import annotations

import json
import secrets

from xiaoben.store.driver import sqlite3

MARK_KEY = "book_mark"
FOREIGN_KEY = "foreign_ids"
Foreign = dict[tuple[str, int], int]  # (book mark, its number) -> the customer here


def own_mark(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (MARK_KEY,)).fetchone()
    return row[0] if row else None


def ensure_mark(conn: sqlite3.Connection) -> None:
    """Give the book its mark if it has none (inside the caller's transaction)."""
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (MARK_KEY, secrets.token_hex(3))
    )


def written_id(customer_id: int, mark: str | None) -> str:
    """A customer's #id as an export writes it."""
    return f"#{customer_id}@{mark}" if mark else f"#{customer_id}"


def foreign_ids(conn: sqlite3.Connection) -> Foreign:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (FOREIGN_KEY,)).fetchone()
    held: dict[str, dict[str, int]] = json.loads(row[0]) if row else {}
    return {
        (mark, int(number)): customer_id
        for mark, numbers in held.items()
        for number, customer_id in numbers.items()
    }


def remember_foreign(conn: sqlite3.Connection, found: Foreign) -> None:
    """Keep what other books' #ids became here (a later import of the same #id: the latest)."""
    if not found:
        return
    held = foreign_ids(conn) | found
    grouped: dict[str, dict[str, int]] = {}
    for (mark, number), customer_id in sorted(held.items()):
        grouped.setdefault(mark, {})[str(number)] = customer_id
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (FOREIGN_KEY, json.dumps(grouped, separators=(",", ":"))),
    )


def repoint(conn: sqlite3.Connection, absorbed: int, survivor: int) -> list[tuple[str, int]]:
    """Another book's #ids of a customer merged into another name the survivor now; returns
    them (for the merge's undo)."""
    held = foreign_ids(conn)
    moved = {ref: survivor for ref, customer_id in held.items() if customer_id == absorbed}
    remember_foreign(conn, moved)
    return sorted(moved)
