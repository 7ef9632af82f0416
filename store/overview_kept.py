"""The overview `xiaoben report` printed, kept in the book until anything it reads changes.

Triggers (migration m018) delete the kept row in the transaction of every write to what
the overview reads — customers, purchases, interactions, stats, tiers, tier changes,
predictions, and any meta key but this one and the kept plan (rules, the day of the
tiers, the purchase model, the plan's marker moved by every Book write) — whichever
process or path writes. So a kept row that is there is current: no marker to compare.

Keeping is two steps around the computation: `start` writes a token into the row
(committed before the overview is read), `keep` adds the figures only if the token is
still there — a write that landed in between deleted the row, and nothing is kept. One
row holds the last few overviews asked for (by as_of and period), all made that day.

Reading (`kept`) opens the file with the driver alone: no model, no numpy, no Book.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from xiaoben.store import plan_cache
from xiaoben.store.driver import sqlite3
from xiaoben.store.meta_peek import peek

KEY = "overview_kept"
FORMAT = 3  # of the kept JSON; a change of it (or of the schema) refuses kept rows
# (3: the months' moves are netted day by day, store/day_moves.py)
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


def drop_kept(conn: sqlite3.Connection) -> None:
    """What the triggers do, once: a bulk import that stops them for its length (see
    store/purchase_writer.py) calls this inside its transaction instead."""
    conn.execute("DELETE FROM meta WHERE key = ?", (KEY,))


def trigger_names(tables: tuple[str, ...]) -> list[str]:
    """The names of the triggers `triggers_sql` puts on these of the watched tables."""
    return [
        f"overview_kept_{table}_{event}"
        for table in WATCHED_TABLES
        if table in tables
        for event in ("insert", "update", "delete")
    ]


MAX_KEPT = 8  # overviews kept at once (terms: as_of and period), the oldest dropped first


def book_key(made_on: str) -> dict[str, Any]:
    """What kept overviews hold for: the code's schema (plan_cache.CURRENT_SCHEMA: an older
    xiaoben's are not answered from) and the day they were made (the book is brought to
    each day when opened, so a new day makes them again). Not the language: the kept
    figures are keys and numbers, worded when printed."""
    return {"format": FORMAT, "schema": plan_cache.CURRENT_SCHEMA, "made_on": made_on}


def terms_key(as_of: str, period: int | None) -> str:
    return f"{as_of}/{'all' if period is None else period}"


def _row(conn: sqlite3.Connection) -> dict[str, Any] | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (KEY,)).fetchone()
    found: dict[str, Any] | None = json.loads(row[0]) if row else None
    return found


def _write(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    text = json.dumps(row, ensure_ascii=False)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (KEY, text))


def start(conn: sqlite3.Connection, book: dict[str, Any]) -> str:
    """A token for an overview about to be computed (inside the caller's transaction,
    which must commit before the overview is read); overviews kept for `book` stay."""
    token = f"{os.getpid()}:{time.time_ns()}"
    row = _row(conn)
    if row is None or row.get("key") != book:
        row = {"key": book, "kept": {}}
    _write(conn, {**row, "token": token})
    return token


def keep(
    conn: sqlite3.Connection,
    token: str,
    book: dict[str, Any],
    terms: str,
    figures: dict[str, Any],
) -> bool:
    """Keep `figures` for `terms` (inside the caller's transaction); False when the token
    is gone — the book changed since `start` (the row was dropped) or another run
    started after this one (it keeps its own)."""
    row = _row(conn)
    if row is None or row.get("token") != token or row.get("key") != book:
        return False
    kept = {name: found for name, found in row["kept"].items() if name != terms}
    kept[terms] = figures
    while len(kept) > MAX_KEPT:
        del kept[next(iter(kept))]
    _write(conn, {**row, "kept": kept})
    return True


def read(conn: sqlite3.Connection, book: dict[str, Any], terms: str) -> dict[str, Any] | None:
    """The overview kept for `book` and `terms` on this connection, or None."""
    return _matching(_row(conn), book, terms)


def _matching(
    row: dict[str, Any] | None, book: dict[str, Any], terms: str
) -> dict[str, Any] | None:
    if row is None or row.get("key") != book:
        return None
    found: dict[str, Any] | None = row["kept"].get(terms)
    return found


class KeptOverview:
    """A kept overview found. (A plain class, as meta_peek.Peek is.)"""

    __slots__ = ("kept", "other_writers")

    def __init__(self, kept: dict[str, Any], other_writers: bool) -> None:
        self.kept = kept
        self.other_writers = other_writers  # another live process has the book open for writing


def kept(path: Path, made_on: str, as_of: str, period: int | None) -> KeptOverview | None:
    """The overview kept in the book at `path` for these terms; None when there is none,
    or the file cannot be read this way (store/meta_peek.py): the caller then opens the
    book."""
    found = peek(path, (KEY, "needs_rebuild"))
    if found is None or "needs_rebuild" in found.values or KEY not in found.values:
        return None
    row = json.loads(found.values[KEY])
    figures = _matching(row, book_key(made_on), terms_key(as_of, period))
    return None if figures is None else KeptOverview(figures, found.other_writers)
