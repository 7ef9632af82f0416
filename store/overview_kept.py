"""The overview `xiaoben report` printed, kept in the book until anything it reads changes.

Triggers (migration m018) delete the kept row in the transaction of every write to what
the overview reads — customers, purchases, interactions, stats, tiers, tier changes,
predictions, and any meta key but this one and the kept plan (rules, the day of the
tiers, the purchase model, the plan's marker moved by every Book write) — whichever
process or path writes. So a kept row that is there is current: no marker to compare.

Keeping is two steps around the computation: `start` writes a pending token (committed
before the overview is read), `keep` replaces it with the figures only if the token is
still there — a write that landed in between deleted it, and nothing is kept.

Reading (`kept`) opens the file with the driver alone: no model, no numpy, no Book.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xiaoben.store import sessions
from xiaoben.store.driver import sqlite3

KEY = "overview_kept"
FORMAT = 1  # of the kept JSON; a change of it (or of the schema) refuses kept rows
_BUSY_MS = 2_000
_NOT_A_CHANGE = (KEY, "plan_kept")  # meta keys whose writes change no figure
# What the overview reads (for a past --as-of, the tiers are computed from everything
# the lenses read: contacts, the seller's flags, service costs).
WATCHED_TABLES = (
    "customers",
    "purchases",
    "interactions",
    "stats",
    "tiers",
    "tier_changes",
    "predictions",
)


def triggers_sql() -> list[str]:
    """The triggers that drop the kept overview (one cheap probe a row written)."""
    drop = f"DELETE FROM meta WHERE key = '{KEY}';"
    statements = []
    for table in WATCHED_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER overview_kept_{table}_{event.lower()}"
                f" AFTER {event} ON {table} BEGIN {drop} END"
            )
    skipped = ", ".join(f"'{key}'" for key in _NOT_A_CHANGE)
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        statements.append(
            f"CREATE TRIGGER overview_kept_meta_{event.lower()} AFTER {event} ON meta"
            f" WHEN {row}.key NOT IN ({skipped}) BEGIN {drop} END"
        )
    return statements


def overview_key(schema: int, made_on: str, as_of: str, period: int | None) -> dict[str, Any]:
    """What a kept overview was made from: the schema, the day it was made (the book is
    brought to each day when opened, so a new day makes it again), as_of and the period.
    Not the language: the kept figures are keys and numbers, worded when printed."""
    return {
        "format": FORMAT,
        "schema": schema,
        "made_on": made_on,
        "as_of": as_of,
        "period": period,
    }


def start(conn: sqlite3.Connection) -> str:
    """A pending token in place of the kept row (inside the caller's transaction, which
    must commit before the overview is read)."""
    token = json.dumps({"pending": f"{os.getpid()}:{time.time_ns()}"})
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (KEY, token))
    return token


def keep(conn: sqlite3.Connection, token: str, key: dict[str, Any], kept: dict[str, Any]) -> bool:
    """Replace the pending `token` with `kept` under `key` (inside the caller's
    transaction); False when the token is gone: the book changed since `start`."""
    text = json.dumps({"key": key, "kept": kept}, ensure_ascii=False)
    done = conn.execute(
        "UPDATE meta SET value = ? WHERE key = ? AND value = ?", (text, KEY, token)
    ).rowcount
    return done == 1


def read(conn: sqlite3.Connection, key: dict[str, Any]) -> dict[str, Any] | None:
    """The overview kept under `key` on this connection, or None."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (KEY,)).fetchone()
    return _matching(row[0] if row else None, key)


def _matching(text: str | None, key: dict[str, Any]) -> dict[str, Any] | None:
    if text is None:
        return None
    found = json.loads(text)
    if found.get("key") != key:
        return None
    kept: dict[str, Any] = found["kept"]
    return kept


@dataclass(frozen=True, slots=True)
class KeptOverview:
    kept: dict[str, Any]
    other_writers: bool  # another live process has the book open for writing


def kept(path: Path, made_on: str, as_of: str, period: int | None) -> KeptOverview | None:
    """The overview kept in the book at `path` for these terms; None when there is none,
    or the file cannot be read this way (missing, locked, encrypted, read-only, damaged):
    the caller then opens the book."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(
            f"{path.absolute().as_uri()}?mode=rw", uri=True, isolation_level=None
        )
    except sqlite3.Error:
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        conn.execute("BEGIN")  # the schema, the flags and the row from one state of the book
        schema = conn.execute("PRAGMA user_version").fetchone()[0]
        values = dict(
            conn.execute(
                "SELECT key, value FROM meta WHERE key IN (?, 'needs_rebuild')", (KEY,)
            ).fetchall()
        )
        others = bool(sessions.live_others(conn))
        conn.execute("COMMIT")
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if "needs_rebuild" in values:
        return None
    found = _matching(values.get(KEY), overview_key(schema, made_on, as_of, period))
    return None if found is None else KeptOverview(found, others)
