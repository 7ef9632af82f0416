"""SQL of a change to many customers at once, and of its undo (store/bulk_verbs.py calls it
inside one transaction).

A change to a customer column (tags, manual stage, archived) keeps each changed customer's
old value and their version right after; the undo puts back the customers not edited since
(an edit made after the change is never lost). Records it added (contacts, reminders) are
kept by id and deleted by the undo. The undo lives in `bulk_changes`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from xiaoben.models.bulk import AddTag, Archive, LogContact, RemoveTag, SetReminder, SetStage
from xiaoben.models.errors import BookError
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.store.driver import sqlite3
from xiaoben.store.rows import interaction_to_row, reminder_to_row
from xiaoben.store.search import name_keys, normalise_query, search_keys

Action = AddTag | RemoveTag | SetStage | Archive | LogContact | SetReminder
KEPT = 10  # the last changes that can still be undone


@dataclass(frozen=True, slots=True)
class BulkPreview:
    """What a change would do: to how many customers of how many selected."""

    selected: int  # the selected customers still in the book
    changes: int  # those the change would change (a tag they have already: no change)
    buyers: int = 0  # set_stage: buyers among the changed (their stage follows purchases)


@dataclass(frozen=True, slots=True)
class BulkDone:
    token: int  # Book.undo_bulk(token)
    changed: int
    ids: list[int]  # the customers changed (whose stats and tiers follow)


@dataclass(frozen=True, slots=True)
class BulkUndone:
    restored: int  # customers (or records) put back as they were
    kept: int  # customers edited since the change, left as they are now
    ids: list[int]
    moves_tiers: bool  # stats and tiers of `ids` follow (a stage, an archive, contacts)


def _ids_json(ids: Iterable[int] | np.ndarray) -> str:
    values = ids.tolist() if isinstance(ids, np.ndarray) else list(ids)
    return json.dumps(values)


_SELECTED = "id IN (SELECT value FROM json_each(?))"


def _rows(conn: sqlite3.Connection, ids: str) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT id, version, tags, manual_stage, archived FROM customers"
        f" WHERE {_SELECTED} ORDER BY id",
        (ids,),
    ).fetchall()


def _column_change(action: Action) -> tuple[str, Any] | None:
    """The customer column an action sets and how each row's new value follows from the old
    (None: the action adds records instead)."""
    if isinstance(action, AddTag | RemoveTag):
        return "tags", None
    if isinstance(action, SetStage):
        return "manual_stage", action.stage.value if action.stage else None
    if isinstance(action, Archive):
        return "archived", int(action.archived)
    return None


def _new_tags(action: AddTag | RemoveTag, tags_text: str) -> str | None:
    """The customer's tags after the action, or None when it changes nothing."""
    tags: list[str] = json.loads(tags_text)
    if isinstance(action, AddTag):
        return None if action.tag in tags else json.dumps([*tags, action.tag], ensure_ascii=False)
    if action.tag not in tags:
        return None
    return json.dumps([tag for tag in tags if tag != action.tag], ensure_ascii=False)


def _changes(action: Action, rows: list[tuple[Any, ...]]) -> list[tuple[int, int, Any, Any]]:
    """(id, version, old value, new value) of each row the action changes."""
    change = _column_change(action)
    if change is None:
        return [(row[0], row[1], None, None) for row in rows]
    column, value = change
    index = {"tags": 2, "manual_stage": 3, "archived": 4}[column]
    out = []
    for row in rows:
        old = row[index]
        if isinstance(action, AddTag | RemoveTag):
            new = _new_tags(action, old)
            if new is None:
                continue
        elif value == old:
            continue
        else:
            new = value
        out.append((row[0], row[1], old, new))
    return out


def preview(
    conn: sqlite3.Connection, ids: Iterable[int] | np.ndarray, action: Action
) -> BulkPreview:
    rows = _rows(conn, _ids_json(ids))
    changes = _changes(action, rows)
    buyers = 0
    if isinstance(action, SetStage) and changes:
        buyers = conn.execute(
            "SELECT count(*) FROM stats WHERE orders > 0 AND customer_id IN"
            " (SELECT value FROM json_each(?))",
            (json.dumps([c[0] for c in changes]),),
        ).fetchone()[0]
    return BulkPreview(len(rows), len(changes), int(buyers))


def apply(
    conn: sqlite3.Connection,
    ids: Iterable[int] | np.ndarray,
    action: Action,
    now: datetime,
    stamp: str,
) -> BulkDone:
    """Make the change (inside the caller's transaction) and keep its undo."""
    changes = _changes(action, _rows(conn, _ids_json(ids)))
    changed = [c[0] for c in changes]
    column = _column_change(action)
    undo: dict[str, Any]
    if column is not None:
        name = column[0]
        conn.executemany(
            f"UPDATE customers SET {name} = ?, version = version + 1, updated_at = ? WHERE id = ?",
            [(new, stamp, customer_id) for customer_id, _, _, new in changes],
        )
        undo = {"column": name, "rows": [[c[0], c[1] + 1, c[2]] for c in changes]}
        if isinstance(action, AddTag | RemoveTag):
            undo.update(_tag_keys(conn, action, changed))
    else:
        table, rows = _records(action, changed, now)
        undo = {"table": table, "ids": _insert(conn, table, rows, stamp)}
    token = _keep(conn, action, changed, undo, stamp)
    return BulkDone(token, len(changed), changed)


def _records(
    action: Action, customer_ids: list[int], now: datetime
) -> tuple[str, list[dict[str, Any]]]:
    if isinstance(action, LogContact):
        first = Interaction(customer_id=0, at=now, kind=action.kind, note=action.note)
        template = interaction_to_row(first)
        return "interactions", [{**template, "customer_id": i} for i in customer_ids]
    assert isinstance(action, SetReminder)
    reminder = reminder_to_row(Reminder(customer_id=0, due=action.due, note=action.note))
    return "reminders", [{**reminder, "customer_id": i} for i in customer_ids]


def _insert(
    conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]], stamp: str
) -> list[int]:
    """Insert the rows; their ids (new rows take consecutive ids after the largest)."""
    if not rows:
        return []
    first = conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]
    columns = [*rows[0], "id", "created_at"]
    marks = ", ".join(f":{name}" for name in columns)
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
        [{**row, "id": first + k, "created_at": stamp} for k, row in enumerate(rows)],
    )
    return list(range(first, first + len(rows)))


def _keep(
    conn: sqlite3.Connection, action: Action, changed: list[int], undo: dict[str, Any], stamp: str
) -> int:
    cursor = conn.execute(
        "INSERT INTO bulk_changes (action, done_at, customers, undo) VALUES (?, ?, ?, ?)",
        (action.model_dump_json(), stamp, len(changed), json.dumps(undo, ensure_ascii=False)),
    )
    token = int(cursor.lastrowid or 0)
    conn.execute("DELETE FROM bulk_changes WHERE id <= ?", (token - KEPT,))
    return token


def undo(conn: sqlite3.Connection, token: int, stamp: str) -> BulkUndone:
    """Put back what change `token` did, where nothing was edited since."""
    row = conn.execute("SELECT undo, undone_at FROM bulk_changes WHERE id = ?", (token,)).fetchone()
    if row is None:
        raise BookError("store.bulk_gone")
    if row[1] is not None:
        raise BookError("store.bulk_undone")
    kept: dict[str, Any] = json.loads(row[0])
    conn.execute("UPDATE bulk_changes SET undone_at = ? WHERE id = ?", (stamp, token))
    if "table" in kept:
        table, record_ids = kept["table"], kept["ids"]
        customers = [
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT customer_id FROM {table} WHERE {_SELECTED}",
                (json.dumps(record_ids),),
            )
        ]
        cursor = conn.execute(f"DELETE FROM {table} WHERE {_SELECTED}", (json.dumps(record_ids),))
        return BulkUndone(cursor.rowcount, 0, customers, table == "interactions")
    column, rows = kept["column"], kept["rows"]
    restored = []
    for customer_id, version, old in rows:
        cursor = conn.execute(
            f"UPDATE customers SET {column} = ?, version = version + 1, updated_at = ?"
            " WHERE id = ? AND version = ?",
            (old, stamp, customer_id, version),
        )
        if cursor.rowcount:
            restored.append(customer_id)
    if column == "tags":
        _undo_tag_keys(conn, kept, restored)
    return BulkUndone(len(restored), len(rows) - len(restored), restored, column != "tags")


# ---- search keys of a tag (tags are searched) --------------------------------------------
# Rewriting every key of 10,000 customers costs seconds (the names' pinyin); a tag's change
# moves one key, which other parts of the customer (name, phone, other tags …) may also give.


def _tag_keys(
    conn: sqlite3.Connection, action: AddTag | RemoveTag, changed: list[int]
) -> dict[str, Any]:
    """Add or drop the tag's search key for the changed customers; what the undo needs."""
    key = normalise_query(action.tag)
    if not key:
        return {}
    if isinstance(action, AddTag):
        had = {
            row[0]
            for row in conn.execute(
                "SELECT customer_id FROM search_keys WHERE key = ? AND customer_id IN"
                " (SELECT value FROM json_each(?))",
                (key, json.dumps(changed)),
            )
        }
        fresh = [i for i in changed if i not in had]
        conn.executemany(
            "INSERT INTO search_keys (key, customer_id) VALUES (?, ?)", [(key, i) for i in fresh]
        )
        return {"key": key, "fresh": fresh}  # the undo drops the key of these only
    rows = conn.execute(
        f"SELECT id, name, phones, wechat, code, tags FROM customers WHERE {_SELECTED}",
        (json.dumps(changed),),
    ).fetchall()
    dropped = [row[0] for row in rows if not _key_elsewhere(key, *row[1:])]
    conn.executemany(
        "DELETE FROM search_keys WHERE key = ? AND customer_id = ?", [(key, i) for i in dropped]
    )
    return {"key": key, "dropped": dropped}  # the undo gives these the key back


def _undo_tag_keys(conn: sqlite3.Connection, kept: dict[str, Any], restored: list[int]) -> None:
    if "key" not in kept:
        return
    back = set(restored)
    if "fresh" in kept:
        conn.executemany(
            "DELETE FROM search_keys WHERE key = ? AND customer_id = ?",
            [(kept["key"], i) for i in kept["fresh"] if i in back],
        )
    else:
        conn.executemany(
            "INSERT OR IGNORE INTO search_keys (key, customer_id) VALUES (?, ?)",
            [(kept["key"], i) for i in kept["dropped"] if i in back],
        )


def _key_elsewhere(
    key: str, name: str, phones: str, wechat: str | None, code: str | None, tags: str
) -> bool:
    """Whether the customer's other parts (tags as they are now) give the search key too."""
    if key in search_keys("", json.loads(phones), wechat, code, json.loads(tags)):
        return True
    if any(ch.isascii() for ch in key):
        return key in name_keys(name)  # pinyin and initials are Latin letters: read them
    # Without a Latin letter the key can only be the end of the name itself.
    return normalise_query(name).endswith(key)


def forget_all(conn: sqlite3.Connection) -> None:
    """Drop every kept undo (a forgotten customer's old tags must not stay in the book)."""
    conn.execute("DELETE FROM bulk_changes")
