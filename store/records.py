"""SQL for the rows about a customer: purchases, interactions, reminders (versioned)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

from xiaoben.models.errors import BookError, ConflictError
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.purchase import Purchase
from xiaoben.store import merge
from xiaoben.store.driver import sqlite3
from xiaoben.store.rows import (
    interaction_to_row,
    purchase_to_row,
    reminder_to_row,
    row_to_interaction,
    row_to_purchase,
    row_to_reminder,
    stamp_text,
)

# A row's version until it is first changed (an edit, a reminder done or reopened): an undo
# deletes a row it made only while the row is still at it, never a seller's later change.
AS_MADE = 1

_CONVERT = {
    "purchases": (purchase_to_row, row_to_purchase, "purchase"),
    "interactions": (interaction_to_row, row_to_interaction, "interaction"),
    "reminders": (reminder_to_row, row_to_reminder, "reminder"),
}


def _check_customer(conn: sqlite3.Connection, customer_id: int) -> None:
    if conn.execute("SELECT 1 FROM customers WHERE id = ?", (customer_id,)).fetchone() is None:
        raise BookError("store.not_found", what="customer", key=customer_id)


def insert(
    conn: sqlite3.Connection, table: str, record: Purchase | Interaction | Reminder, stamp: str
) -> int:
    to_row = _CONVERT[table][0]
    _check_customer(conn, record.customer_id)
    row: dict[str, Any] = to_row(record)  # type: ignore[operator]  # matched by table name
    row["created_at"] = stamp
    return _insert_row(conn, table, row)


def _insert_row(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    columns = ", ".join(row)
    marks = ", ".join(f":{name}" for name in row)
    cursor = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", row)
    return int(cursor.lastrowid or 0)


def reinsert(
    conn: sqlite3.Connection, table: str, record: Purchase | Interaction, stamp: str
) -> int:
    """Put a deleted purchase or contact back as it was: its id (unless a row took it
    since) and creation time; a merge that had moved it moves it back on undo, and one
    undone since it was deleted gives it back to the customer it came from. Returns its
    id."""
    old_id = record.id
    assert old_id is not None  # a deleted record was saved
    home = merge.home_of_restored(conn, table, old_id, record.customer_id, mark_of(record))
    record = record.model_copy(update={"customer_id": home})
    _check_customer(conn, home)
    row: dict[str, Any] = _CONVERT[table][0](record)  # type: ignore[operator]  # by table name
    row["created_at"] = stamp_text(record.created_at) if record.created_at else stamp
    if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (old_id,)).fetchone() is None:
        row["id"] = old_id
    record_id = _insert_row(conn, table, row)
    merge.follow_restored(conn, table, old_id, record_id, home)
    return record_id


def mark_of(record: Purchase | Interaction | Reminder) -> str:
    """A deleted record's fingerprint: the record the seller takes back is this one, not
    another given its freed id since."""
    return hashlib.sha256(record.model_dump_json().encode()).hexdigest()[:16]


def _current(conn: sqlite3.Connection, table: str, record_id: int) -> tuple[int, int]:
    """(version, customer_id) of a stored row, or not-found."""
    row = conn.execute(
        f"SELECT version, customer_id FROM {table} WHERE id = ?", (record_id,)
    ).fetchone()
    if row is None:
        raise BookError("store.not_found", what=_CONVERT[table][2], key=record_id)
    return row[0], row[1]


def _check_version(table: str, stored: int, edited: int) -> None:
    if stored != edited:
        raise ConflictError("store.conflict", what=_CONVERT[table][2], theirs=stored, ours=edited)


def update(conn: sqlite3.Connection, table: str, record: Purchase | Interaction | Reminder) -> int:
    """Update a row edited at `record.version`; returns the customer it belonged to before."""
    assert record.id is not None
    stored, previous_customer = _current(conn, table, record.id)
    _check_version(table, stored, record.version)
    _check_customer(conn, record.customer_id)
    row: dict[str, Any] = _CONVERT[table][0](record)  # type: ignore[operator]  # by table
    assignments = ", ".join(f"{name} = :{name}" for name in row)
    row.update(id=record.id, version=record.version)
    conn.execute(
        f"UPDATE {table} SET {assignments}, version = version + 1"
        " WHERE id = :id AND version = :version",
        row,
    )
    return previous_customer


def delete(conn: sqlite3.Connection, table: str, record_id: int, version: int | None) -> Any:
    """Delete a row (checking the version when given); returns it, for undo."""
    stored, _ = _current(conn, table, record_id)
    if version is not None:
        _check_version(table, stored, version)
    record = fetch(conn, table, record_id)
    conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))
    merge.forget_moved(conn, table, record_id, record.customer_id, mark_of(record))
    return record


def delete_as_made(
    conn: sqlite3.Connection, table: str, record_ids: list[int], made_at: str | None = None
) -> tuple[list[int], list[int]]:
    """Delete the rows an action made that are still as it made them (AS_MADE); with
    `made_at`, only rows created at that stamp (an id a later row took is not the action's).
    Returns the customers of the rows deleted and of the rows kept (changed since), one
    entry a row; rows deleted since are in neither."""
    where = "id IN (SELECT value FROM json_each(?))"
    params: tuple[str, ...] = (json.dumps(record_ids),)
    if made_at is not None:
        where += " AND created_at = ?"
        params += (made_at,)
    kept = [
        row[0]
        for row in conn.execute(
            f"SELECT customer_id FROM {table} WHERE {where} AND version <> ?", (*params, AS_MADE)
        )
    ]
    deleted = [
        row[0]
        for row in conn.execute(
            f"DELETE FROM {table} WHERE {where} AND version = ? RETURNING customer_id",
            (*params, AS_MADE),
        )
    ]
    return deleted, kept


def fetch(conn: sqlite3.Connection, table: str, record_id: int) -> Any:
    cursor = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,))
    row = cursor.fetchone()
    if row is None:
        raise BookError("store.not_found", what=_CONVERT[table][2], key=record_id)
    names = [d[0] for d in cursor.description]
    return _CONVERT[table][1](dict(zip(names, row, strict=True)))


# The order a customer's records are listed in: (the column, newest first?), then by id
# the same way, so rows of one day keep the order they were entered in.
ORDER = {"purchases": ("date", True), "interactions": ("at", True), "reminders": ("due", False)}


def _order_by(table: str) -> str:
    column, newest_first = ORDER[table]
    way = "DESC" if newest_first else "ASC"
    return f"{column} {way}, id {way}"


def fetch_for(
    conn: sqlite3.Connection, table: str, customer_id: int, offset: int = 0, limit: int = -1
) -> list[Any]:
    """A customer's records in ORDER, rows [offset, offset + limit) (limit -1: all)."""
    # The window's ids first, from the index alone: rows skipped are never read.
    order = _order_by(table)
    cursor = conn.execute(
        f"SELECT * FROM {table} WHERE id IN (SELECT id FROM {table} WHERE customer_id = ?"
        f" ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}",
        (customer_id, limit, offset),
    )
    names = [d[0] for d in cursor.description]
    convert = _CONVERT[table][1]
    return [convert(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


Table = Literal["purchases", "interactions", "reminders"]


@dataclass(frozen=True, slots=True)
class RecordCounts:
    """How many records of each kind a customer has (the page's tabs say it)."""

    purchases: int
    interactions: int
    reminders: int
    open_reminders: int  # not yet done

    def of(self, table: Table) -> int:
        return int(getattr(self, table))


def counts_for(conn: sqlite3.Connection, customer_id: int) -> RecordCounts:
    def count(table: str, where: str = "") -> int:
        sql = f"SELECT count(*) FROM {table} WHERE customer_id = ?{where}"
        return int(conn.execute(sql, (customer_id,)).fetchone()[0])

    return RecordCounts(
        purchases=count("purchases"),
        interactions=count("interactions"),
        reminders=count("reminders"),
        open_reminders=count("reminders", " AND done = 0"),
    )


def position_of(conn: sqlite3.Connection, table: str, record_id: int) -> int | None:
    """Where a record is in its customer's list (0: the first); None if it is gone."""
    column, newest_first = ORDER[table]
    found = conn.execute(
        f"SELECT customer_id, {column} FROM {table} WHERE id = ?", (record_id,)
    ).fetchone()
    if found is None:
        return None
    before = ">" if newest_first else "<"
    (above,) = conn.execute(
        f"SELECT count(*) FROM {table} WHERE customer_id = ? AND ({column}, id) {before} (?, ?)",
        (found[0], found[1], record_id),
    ).fetchone()
    return int(above)
