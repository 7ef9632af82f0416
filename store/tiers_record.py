"""The record that the tiers table is a full pass of a day with nothing changed since
(meta 'tiers_exact'), written by the Book and read by the commands that answer from what
the book keeps (store/kept_tiers.py, store/overview_cold.py). The driver and json alone:
the first `xiaoben report` after a change reads it before its reads start, so nothing
else loads before them.
"""

from __future__ import annotations

import json

from xiaoben.store import plan_cache
from xiaoben.store.driver import sqlite3

RECORD = "tiers_exact"
FORMAT = 1  # of the record and of what store/kept_tiers.py `read` assumes the tables hold


def record(conn: sqlite3.Connection, as_of: str) -> None:
    """Record that the tiers table is a full pass as of `as_of` at the marker now (inside
    the caller's transaction, after its last move of the marker; written only if it
    changed)."""
    value = {
        "format": FORMAT,
        "schema": plan_cache.CURRENT_SCHEMA,  # the code's (see there)
        "as_of": as_of,
        "marker": plan_cache.marker(conn),
    }
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key)"
        " DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
        (RECORD, json.dumps(value)),
    )


def exact_day(conn: sqlite3.Connection) -> str | None:
    """The day of the full pass the tiers table holds, if nothing changed since; else None."""
    found = dict(
        conn.execute(
            "SELECT key, value FROM meta WHERE key IN (?, ?, 'needs_rebuild')",
            (RECORD, plan_cache.MARKER),
        ).fetchall()
    )
    if RECORD not in found or "needs_rebuild" in found:
        return None
    kept = json.loads(found[RECORD])
    holds = (kept.get("format"), kept.get("schema"), kept.get("marker")) == (
        FORMAT,
        plan_cache.CURRENT_SCHEMA,  # (an older xiaoben's tiers are not: see there)
        int(found.get(plan_cache.MARKER, 0)),
    )
    return str(kept["as_of"]) if holds else None
