"""SQL of a change to many customers at once, and of its undo (store/bulk_verbs.py calls it
inside one transaction).

A change to a customer column (tags, manual stage, archived) keeps each changed customer's
old value and their version right after; the undo puts back the customers not edited since
(an edit made after the change is never lost). Records it added (contacts, reminders) are
kept by id and deleted by the undo, except those changed since. The undo lives in
`bulk_changes`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from pydantic import TypeAdapter, ValidationError

from xiaoben.models.bulk import (
    AddTag,
    Archive,
    BulkAction,
    LogContact,
    RemoveTag,
    SetReminder,
    SetStage,
)
from xiaoben.models.errors import BookError
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.store import records
from xiaoben.store.driver import sqlite3
from xiaoben.store.rows import interaction_to_row, reminder_to_row
from xiaoben.store.search import name_keys, normalise_query, search_keys

Action = AddTag | RemoveTag | SetStage | Archive | LogContact | SetReminder
KEPT = 10  # the last changes that can still be undone
_ACTIONS: TypeAdapter[Action] = TypeAdapter(BulkAction)


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
    kept: int  # customers (or records) edited since the change, left as they are now
    ids: list[int]
    moves_tiers: bool  # stats and tiers of `ids` follow (a stage, an archive, contacts)
    column: str | None = None  # the customer column put back (None: records deleted)
    records: str | None = None  # the table of the records deleted ("interactions", "reminders")
    # Customers whose tier moves logged by the change were taken back from the history:
    # their moves now are logged against it (Touched.history_ids).
    unlogged: list[int] = field(default_factory=list)
    action: Action | None = None  # the change taken back (None: kept by a version unlike this)
    customers: int = 0  # the customers it changed


def _ids_json(ids: Iterable[int] | np.ndarray) -> str:
    values = ids.tolist() if isinstance(ids, np.ndarray) else list(ids)
    return json.dumps(values)


_SELECTED = "id IN (SELECT value FROM json_each(?))"


def _rows(conn: sqlite3.Connection, ids: str, tag: str | None = None) -> list[tuple[Any, ...]]:
    """(id, version, tags, manual_stage, archived, has the tag, how many tags) of each
    selected customer; SQLite reads the tags, not a json.loads a customer."""
    if tag is None:  # not a tag's change: the tags are not looked into
        columns = "id, version, tags, manual_stage, archived, 0, 0"
        sql = f"SELECT {columns} FROM customers WHERE {_SELECTED} ORDER BY id"
        return conn.execute(sql, (ids,)).fetchall()
    return conn.execute(
        "SELECT id, version, tags, manual_stage, archived,"
        " EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?), json_array_length(tags)"
        f" FROM customers WHERE {_SELECTED} ORDER BY id",
        (tag, ids),
    ).fetchall()


def _tag_of(action: Action) -> str | None:
    return action.tag if isinstance(action, AddTag | RemoveTag) else None


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


def _new_tags(action: AddTag | RemoveTag, row: tuple[Any, ...]) -> str | None:
    """The customer's tags after the action (as json.dumps writes them), or None when it
    changes nothing. An added tag is appended to the text as it is."""
    tags_text, has_tag, count = row[2], row[5], row[6]
    if isinstance(action, AddTag):
        if has_tag:
            return None
        added = json.dumps(action.tag, ensure_ascii=False)
        return f"[{added}]" if not count else f"{tags_text.rstrip()[:-1].rstrip()}, {added}]"
    if not has_tag:
        return None
    tags: list[str] = json.loads(tags_text)
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
            new = _new_tags(action, row)
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
    rows = _rows(conn, _ids_json(ids), _tag_of(action))
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
    changes = _changes(action, _rows(conn, _ids_json(ids), _tag_of(action)))
    changed = [c[0] for c in changes]
    column = _column_change(action)
    undo: dict[str, Any]
    if column is not None:
        name = column[0]
        # One statement for every changed customer (10,000 single-row updates cost more).
        conn.execute(
            f"UPDATE customers SET {name} = new.new_value, version = customers.version + 1,"
            " updated_at = ? FROM (SELECT value ->> 0 AS new_id, value ->> 1 AS new_value"
            " FROM json_each(?)) AS new WHERE customers.id = new.new_id",
            (stamp, json.dumps([[c[0], c[3]] for c in changes], ensure_ascii=False)),
        )
        undo = {"column": name, "rows": [[c[0], c[1] + 1, c[2]] for c in changes]}
        if isinstance(action, AddTag | RemoveTag):
            undo.update(_tag_keys(conn, action, changed))
    else:
        table, rows = _records(action, changed, now)
        undo = {"table": table, "ids": _insert(conn, table, rows, stamp)}
    undo["moves_after"] = _last_move(conn)
    token = _keep(conn, action, changed, undo, stamp)
    return BulkDone(token, len(changed), changed)


def _last_move(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM tier_changes").fetchone()[0])


def moves_logged(token: int) -> str:
    """The statement that keeps, with change `token`'s undo, the last tier move its
    follow-up logged (run after the follow-up, in its transaction: Touched.after_follow_up):
    the moves after `moves_after` up to it are the change's, which its undo takes back."""
    return (
        "UPDATE bulk_changes SET undo = json_set(undo, '$.moves_upto',"
        f" (SELECT coalesce(max(id), 0) FROM tier_changes)) WHERE id = {int(token)}"
    )


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


def last_done(conn: sqlite3.Connection) -> int | None:
    """The latest change kept that is not undone (None: none is left to undo)."""
    row = conn.execute("SELECT max(id) FROM bulk_changes WHERE undone_at IS NULL").fetchone()
    return None if row is None or row[0] is None else int(row[0])


def undo(conn: sqlite3.Connection, token: int, stamp: str) -> BulkUndone:
    """Put back what change `token` did, where nothing was edited since."""
    row = conn.execute(
        "SELECT undo, undone_at, done_at, action, customers FROM bulk_changes WHERE id = ?",
        (token,),
    ).fetchone()
    if row is None:
        raise BookError("store.bulk_gone")
    if row[1] is not None:
        raise BookError("store.bulk_undone")
    undone = dataclasses.replace(_undo(conn, token, stamp, row), customers=row[4])
    try:
        return dataclasses.replace(undone, action=_ACTIONS.validate_json(row[3]))
    except ValidationError:  # kept by a version whose changes said otherwise
        return undone


def _undo(conn: sqlite3.Connection, token: int, stamp: str, row: tuple[Any, ...]) -> BulkUndone:
    kept: dict[str, Any] = json.loads(row[0])
    conn.execute("UPDATE bulk_changes SET undone_at = ? WHERE id = ?", (stamp, token))
    unlogged = _take_back_moves(conn, kept)
    if "table" in kept:
        # The records still as the change made them go; one the seller changed since (a
        # contact's note, a reminder done) stays, and is counted as kept.
        table = kept["table"]
        deleted, changed = records.delete_as_made(conn, table, kept["ids"], row[2])
        customers = sorted(set(deleted))
        moves = table == "interactions"
        return BulkUndone(len(deleted), len(changed), customers, moves, None, table, unlogged)
    column, rows = kept["column"], kept["rows"]
    # One statement for every row: a customer edited since (another version) is left out.
    # The value is put back; the version moves on (never back: a copy of the row read
    # after the change, the page open on it, must not match it again and save over an
    # edit made since), and updated_at is the undo's.
    restored = sorted(
        row[0]
        for row in conn.execute(
            f"UPDATE customers SET {column} = kept.old, version = customers.version + 1,"
            " updated_at = ? FROM (SELECT value ->> 0 AS kept_id,"
            " value ->> 1 AS kept_version, value ->> 2 AS old FROM json_each(?)) AS kept"
            " WHERE customers.id = kept.kept_id AND customers.version = kept.kept_version"
            " RETURNING customers.id",
            (stamp, json.dumps(rows, ensure_ascii=False)),
        )
    )
    if column == "tags":
        _undo_tag_keys(conn, kept, restored)
    moves = column != "tags"
    return BulkUndone(
        len(restored), len(rows) - len(restored), restored, moves, column, None, unlogged
    )


def _take_back_moves(conn: sqlite3.Connection, kept: dict[str, Any]) -> list[int]:
    """Delete the tier moves the change's follow-up logged (the moves of others too: an
    archive moves the percentiles); the customers whose moves went."""
    if "moves_upto" not in kept:  # kept by an older version, or a change that moved none
        return []
    span = (kept["moves_after"], kept["moves_upto"])
    customers = conn.execute(
        "SELECT DISTINCT customer_id FROM tier_changes WHERE id > ? AND id <= ?", span
    ).fetchall()
    conn.execute("DELETE FROM tier_changes WHERE id > ? AND id <= ?", span)
    return sorted(row[0] for row in customers)


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
        # Those who had the key already (from the name, a phone …) are ignored: the undo
        # must leave it to them.
        fresh = sorted(
            row[0]
            for row in conn.execute(
                "INSERT OR IGNORE INTO search_keys (key, customer_id)"
                " SELECT ?, value FROM json_each(?) RETURNING customer_id",
                (key, json.dumps(changed)),
            )
        )
        return {"key": key, "fresh": fresh}  # the undo drops the key of these only
    rows = conn.execute(
        f"SELECT id, name, phones, wechat, code, tags, notes FROM customers WHERE {_SELECTED}",
        (json.dumps(changed),),
    ).fetchall()
    dropped = [row[0] for row in rows if not _key_elsewhere(key, *row[1:])]
    _drop_key(conn, key, dropped)
    return {"key": key, "dropped": dropped}  # the undo gives these the key back


def _undo_tag_keys(conn: sqlite3.Connection, kept: dict[str, Any], restored: list[int]) -> None:
    if "key" not in kept:
        return
    back = set(restored)
    if "fresh" in kept:
        _drop_key(conn, kept["key"], [i for i in kept["fresh"] if i in back])
    else:
        conn.execute(
            "INSERT OR IGNORE INTO search_keys (key, customer_id) SELECT ?, value"
            " FROM json_each(?)",
            (kept["key"], json.dumps([i for i in kept["dropped"] if i in back])),
        )


def _drop_key(conn: sqlite3.Connection, key: str, customer_ids: list[int]) -> None:
    conn.execute(
        "DELETE FROM search_keys WHERE key = ? AND customer_id IN (SELECT value FROM json_each(?))",
        (key, json.dumps(customer_ids)),
    )


def _key_elsewhere(
    key: str, name: str, phones: str, wechat: str | None, code: str | None, tags: str, notes: str
) -> bool:
    """Whether the customer's other parts (tags as they are now) give the search key too."""
    if key in search_keys("", json.loads(phones), wechat, code, json.loads(tags), notes):
        return True
    if any(ch.isascii() for ch in key):
        return key in name_keys(name)  # pinyin and initials are Latin letters: read them
    # Without a Latin letter the key can only be the end of the name itself.
    return normalise_query(name).endswith(key)


def forget_all(conn: sqlite3.Connection) -> None:
    """Drop every kept undo (a forgotten customer's old tags must not stay in the book)."""
    conn.execute("DELETE FROM bulk_changes")
