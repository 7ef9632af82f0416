"""A few meta rows of a book read with the driver alone, for a command that prints what
the book keeps (today's plan, the overview) without opening the Book: no model, no numpy.

Never waits long, never writes; None whenever the file cannot be read this way (missing,
locked, encrypted, damaged): the caller then opens the book.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xiaoben.store import sessions
from xiaoben.store.driver import sqlite3

_BUSY_MS = 2_000


@dataclass(frozen=True, slots=True)
class Peek:
    schema: int  # PRAGMA user_version
    values: dict[str, str]  # the keys asked for that the meta table holds
    other_writers: bool  # another live process has the book open for writing


def peek(path: Path, keys: tuple[str, ...]) -> Peek | None:
    """The meta rows of `keys` (and the schema) from one state of the book at `path`."""
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
        conn.execute("BEGIN")  # every row from one state of the book
        schema = conn.execute("PRAGMA user_version").fetchone()[0]
        marks = ", ".join("?" for _ in keys)
        rows = conn.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", keys)
        values = dict(rows.fetchall())
        others = bool(sessions.live_others(conn))
        conn.execute("COMMIT")
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return Peek(schema, values, others)
