"""The customer list's reads, on a read-only connection of their own.

A query typed past can be interrupted, and no read waits on a save (WAL readers never
block the writer). Rows come a window at a time (store/customer_list.py) with each customer's
next planned follow-up (the plan of the queue, from the Book: `PlanSource`). The plan is
kept in a temporary table of this connection when the list is sorted or filtered by it.
Reads only: every write goes through the Book.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Protocol

import numpy as np

from xiaoben.models.fields import FieldDef, Value, value_text
from xiaoben.store import customer_list
from xiaoben.store import fields as field_sql
from xiaoben.store.cipher import BookKey
from xiaoben.store.customer_list import ListQuery, ListRow
from xiaoben.store.driver import errors, sqlite3
from xiaoben.store.files import open_connection
from xiaoben.store.queue_verbs import PlannedDays
from xiaoben.tiering.frame import from_epoch_day

PAGE = 200  # rows fetched at a time
BUSY_TIMEOUT_MS = 15_000


def _shown(columns: tuple[FieldDef, ...], values: dict[int, Value]) -> tuple[str, ...]:
    return tuple(value_text(f, values.get(f.id or 0)) for f in columns)


class ReadInterrupted(Exception):
    """The read was interrupted because a newer one replaced it."""


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One row of the list: the customer's figures and their next follow-up."""

    row: ListRow
    follow_up: date | None = None  # the day their next queue item is planned on
    overdue: bool = False  # that item's due day has passed
    fields: tuple[str, ...] = ()  # the list's custom field columns, as shown


class PlanSource(Protocol):
    """Where the list gets each customer's next planned item: the Book (store.queue_verbs)."""

    def next_planned(self) -> PlannedDays: ...
    def next_planned_if_ready(self) -> PlannedDays | None: ...


def with_follow_ups(rows: list[ListRow], planned: PlannedDays | None) -> list[ListEntry]:
    """The rows with each customer's next planned follow-up (none known without a plan)."""
    if planned is None or not rows:
        return [ListEntry(row) for row in rows]
    day, due, known = planned.lookup(np.array([row.id for row in rows], dtype=np.int64))
    return [
        ListEntry(row, from_epoch_day(d), u < planned.as_of) if k else ListEntry(row)
        for row, d, u, k in zip(rows, day.tolist(), due.tolist(), known.tolist(), strict=True)
    ]


class ListReader:
    """Read-only access to one book for the list screen; safe to call from worker threads."""

    def __init__(
        self, path: str | Path, plan: PlanSource | None = None, key: BookKey | None = None
    ) -> None:
        self._plan = plan
        self._last_plan: PlannedDays | None = None  # shown until a fresher one is ready
        self._table_plan: PlannedDays | None = None  # the one in the temporary table
        uri = f"{Path(path).absolute().as_uri()}?mode=ro"
        self._conn = open_connection(
            uri, key, uri=True, check_same_thread=False, isolation_level=None
        )
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        customer_list.ensure_plan_table(self._conn)
        self._lock = threading.Lock()
        self._closed = False
        # The custom fields shown as list columns, read again with each list's first rows.
        self.columns: tuple[FieldDef, ...] = ()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._closed:
                raise ReadInterrupted
            try:
                yield self._conn
            except errors.OperationalError as exc:
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

    # ---- the plan ---------------------------------------------------------------------

    def refresh_plan(self) -> bool:
        """Compute the plan if it is out of date (the Book caches it per change); True if
        the rows read last did not carry it (they are worth reading again)."""
        if self._plan is None:
            return False
        return self._plan.next_planned() is not self._last_plan

    def _planned(self, query: ListQuery, conn: sqlite3.Connection) -> PlannedDays | None:
        """The plan the rows read now show: the current one if ready (computed now when the
        query sorts or filters by it), else the last one shown (a fresher one is on its
        way, `refresh_plan`)."""
        if self._plan is None:
            return None
        planned = self._plan_table(query, conn)
        if planned is None:
            ready = self._plan.next_planned_if_ready()  # (an empty plan is falsy)
            planned = self._last_plan if ready is None else ready
        self._last_plan = planned
        return planned

    def _plan_table(self, query: ListQuery, conn: sqlite3.Connection) -> PlannedDays | None:
        """When the query sorts or filters by the plan: the current plan, in this
        connection's temporary table (filled again only when the plan changed)."""
        if self._plan is None or not customer_list.uses_plan(query):
            return None
        planned = self._plan.next_planned()
        if planned is not self._table_plan:
            customer_list.load_plan(conn, planned.customer_id, planned.day - planned.as_of)
            self._table_plan = planned
        return planned

    # ---- reads ------------------------------------------------------------------------

    def first(self, query: ListQuery, limit: int = PAGE) -> list[ListEntry]:
        """The first `limit` rows of the list (cheap at any book size for indexed sorts)."""
        with self._reading() as conn:
            planned = self._planned(query, conn)
            self.columns = tuple(f for f in field_sql.definitions(conn) if f.in_list)
            rows = with_follow_ups(customer_list.first_rows(conn, query, limit), planned)
            return self._with_fields(conn, rows)

    def count(self, query: ListQuery) -> int:
        with self._reading() as conn:
            self._plan_table(query, conn)
            return customer_list.count(conn, query)

    def ordered_ids(self, query: ListQuery) -> array[int]:
        """Every listed id in order (a narrow query: about 0.1 s at 100,000 customers)."""
        with self._reading() as conn:
            self._plan_table(query, conn)
            return customer_list.ordered_ids(conn, query)

    def matching_id_array(self, query: ListQuery) -> np.ndarray:
        """Every listed customer's id, sorted, as one array (to mark them all)."""
        with self._reading() as conn:
            self._plan_table(query, conn)
            return customer_list.matching_id_array(conn, query)

    def entries(self, customer_ids: Sequence[int]) -> list[ListEntry]:
        """These customers' rows in the order given (a window of `ordered_ids`)."""
        with self._reading() as conn:
            planned = self._last_plan if self._plan is not None else None
            rows = with_follow_ups(customer_list.rows_by_ids(conn, customer_ids), planned)
            return self._with_fields(conn, rows)

    def _with_fields(self, conn: sqlite3.Connection, rows: list[ListEntry]) -> list[ListEntry]:
        """The entries with their custom field columns' texts (one indexed read a page)."""
        columns = self.columns
        if not columns or not rows:
            return rows
        known = {f.id: f for f in columns if f.id is not None}
        values = field_sql.values_of(conn, [entry.row.id for entry in rows], known)
        return [
            replace(entry, fields=_shown(columns, values.get(entry.row.id, {}))) for entry in rows
        ]

    def filter_choices(self) -> tuple[list[str], list[str]]:
        """The tags and the regions in use, most common first."""
        with self._reading() as conn:
            return customer_list.tags_and_regions(conn)
