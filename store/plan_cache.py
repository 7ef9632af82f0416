"""Today's plan kept in the book between runs of `xiaoben queue`, and the change marker
that says whether it still holds.

Every transaction of the Book that may change what the plan reads (records, follow-up
state, rules, stats, tiers, predictions) bumps the marker (meta 'plan_marker') before it
commits (Book._transaction): the book has one way in for writes, so the marker moves with
every change, from this process or another. A plan is kept with the marker it was made
at, the day, the capacity asked for, the window of days, the language of its words and
the schema; it is the plan while all of them match. Reading it opens the file with the
driver alone: no model, no numpy, no Book (a morning's second `xiaoben queue` reads
three meta rows and the sessions table, not the book).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from xiaoben.store.driver import sqlite3
from xiaoben.store.meta_peek import peek

MARKER = "plan_marker"
KEPT = "plan_kept"
FORMAT = 2  # of the kept plan's JSON; a change of it (or of the schema) drops kept plans
# (2: a day's tier moves are netted, store/day_moves.py: a plan kept before says otherwise)
# The schema of this code (schema.SCHEMA_VERSION, kept here so the reads that answer from
# what a book keeps load no migrations; tests/test_migrations.py holds the two equal),
# named in what it keeps: a plan or tiers an older xiaoben kept were worked out by its
# rules (before m030, an order's items counted apiece), so they are not answered from —
# the book is opened, and migrated.
CURRENT_SCHEMA = 33


def bump(conn: sqlite3.Connection) -> None:
    """Move the marker (inside the caller's transaction: it commits with the change)."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, '1')"
        " ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
        (MARKER,),
    )


def marker(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (MARKER,)).fetchone()
    return int(row[0]) if row else 0


def plan_key(
    made_at: int, as_of: str, capacity: int | None, days: int, lang: str
) -> dict[str, Any]:
    """What a kept plan was made from (the rules are under the marker; the schema is the
    code's: CURRENT_SCHEMA)."""
    return {
        "format": FORMAT,
        "schema": CURRENT_SCHEMA,
        "marker": made_at,
        "as_of": as_of,
        "capacity": capacity,
        "days": days,
        "lang": lang,
    }


def keep(conn: sqlite3.Connection, key: dict[str, Any], plan: dict[str, Any]) -> None:
    """Keep `plan` under `key` (inside the caller's transaction; it does not move the
    marker). One plan is kept: the last one made."""
    text = json.dumps({"key": key, "plan": plan}, ensure_ascii=False)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (KEPT, text))


def drop_kept(conn: sqlite3.Connection) -> None:
    """Drop the kept plan (inside the caller's transaction): its rows name customers."""
    conn.execute("DELETE FROM meta WHERE key = ?", (KEPT,))


class KeptPlan:
    """A kept plan found. (A plain class, as meta_peek.Peek is.)"""

    __slots__ = ("other_writers", "plan")

    def __init__(self, plan: dict[str, Any], other_writers: bool) -> None:
        self.plan = plan
        self.other_writers = other_writers  # another live process has the book open for writing


def kept(path: Path, as_of: str, capacity: int | None, days: int, lang: str) -> KeptPlan | None:
    """The plan kept in the book at `path` for these terms, if the book has not changed
    since it was made; None when there is none, it is stale, or the file cannot be read
    this way (missing, locked, encrypted, read-only, damaged): the caller then opens the
    book and makes the plan."""
    peeked = peek(path, (MARKER, KEPT, "needs_rebuild"))
    if peeked is None:
        return None
    values, others = peeked.values, peeked.other_writers
    if KEPT not in values or "needs_rebuild" in values:
        return None
    found = json.loads(values[KEPT])
    made_at = int(values.get(MARKER, 0))
    if found.get("key") != plan_key(made_at, as_of, capacity, days, lang):
        return None
    return KeptPlan(found["plan"], others)
