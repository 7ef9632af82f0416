"""The customer list's reads, on a read-only connection of their own.

A query typed past can be interrupted, and no read waits on a save (WAL readers never
block the writer). Rows come a window at a time (store/customer_list.py) with each customer's
next open manual reminder. Reads only: every write goes through the Book.
"""

from __future__ import annotations

import json
import threading
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from xiaoben.store import customer_list
from xiaoben.store.customer_list import ListQuery, ListRow
from xiaoben.store.driver import sqlite3

PAGE = 200  # rows fetched at a time
BUSY_TIMEOUT_MS = 15_000


class ReadInterrupted(Exception):
    """The read was interrupted because a newer one replaced it."""


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One row of the list: the customer's figures and their next follow-up."""

    row: ListRow
    follow_up: str | None  # due date (ISO) of the next open manual reminder


def next_follow_ups(conn: sqlite3.Connection, customer_ids: Sequence[int]) -> dict[int, str]:
    """Customer id -> due date of their earliest open manual reminder (those who have one)."""
    rows = conn.execute(
        "SELECT customer_id, min(due) FROM reminders WHERE done = 0"
        " AND customer_id IN (SELECT value FROM json_each(?)) GROUP BY customer_id",
        (json.dumps(list(customer_ids)),),
    )
    return {customer_id: due for customer_id, due in rows}


def with_follow_ups(conn: sqlite3.Connection, rows: list[ListRow]) -> list[ListEntry]:
    due = next_follow_ups(conn, [row.id for row in rows])
    return [ListEntry(row, due.get(row.id)) for row in rows]


class ListReader:
    """Read-only access to one book for the list screen; safe to call from worker threads."""

    def __init__(self, path: str | Path) -> None:
        uri = f"{Path(path).absolute().as_uri()}?mode=ro"
        self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._closed:
                raise ReadInterrupted
            try:
                yield self._conn
            except sqlite3.OperationalError as exc:
                if "interrupted" in str(exc):
                    raise ReadInterrupted from None
                raise

    def interrupt(self) -> None:
        """Stop the read in progress, if any (from any thread): a newer one replaces it."""
        if not self._closed:
            self._conn.interrupt()

    def close(self) -> None:
        self.interrupt()
        with self._lock:
            if not self._closed:
                self._conn.close()
                self._closed = True

    def first(self, query: ListQuery, limit: int = PAGE) -> list[ListEntry]:
        """The first `limit` rows of the list (cheap at any book size for indexed sorts)."""
        with self._reading() as conn:
            return with_follow_ups(conn, customer_list.first_rows(conn, query, limit))

    def count(self, query: ListQuery) -> int:
        with self._reading() as conn:
            return customer_list.count(conn, query)

    def ordered_ids(self, query: ListQuery) -> array[int]:
        """Every listed id in order (a narrow query: about 0.1 s at 100,000 customers)."""
        with self._reading() as conn:
            return customer_list.ordered_ids(conn, query)

    def entries(self, customer_ids: Sequence[int]) -> list[ListEntry]:
        """These customers' rows in the order given (a window of `ordered_ids`)."""
        with self._reading() as conn:
            return with_follow_ups(conn, customer_list.rows_by_ids(conn, customer_ids))

    def filter_choices(self) -> tuple[list[str], list[str]]:
        """The tags and the regions in use, most common first."""
        with self._reading() as conn:
            return customer_list.tags_and_regions(conn)
