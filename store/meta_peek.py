"""A few meta rows of a book read with the driver alone, for a command that prints what
the book keeps (today's plan, the overview) without opening the Book: no model, no numpy.

Never waits long, never writes; None whenever the file cannot be read this way (missing,
locked, encrypted, damaged): the caller then opens the book.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from xiaoben.models.errors import BookError
from xiaoben.store import held, sessions
from xiaoben.store.driver import errors, sqlite3

if TYPE_CHECKING:
    from xiaoben.store.cipher import BookKey

_BUSY_MS = 2_000
T = TypeVar("T")


class Peek:
    """What a peek read. (A plain class: a dataclass would load `dataclasses`, and with it
    `inspect`, into the start of the commands that print what the book keeps.)"""

    __slots__ = ("other_writers", "schema", "values")

    def __init__(self, schema: int, values: dict[str, str], other_writers: bool) -> None:
        self.schema = schema  # PRAGMA user_version
        self.values = values  # the keys asked for that the meta table holds
        self.other_writers = other_writers  # another live process has it open for writing


def in_one_state(
    path: Path, read: Callable[[sqlite3.Connection], T], key: BookKey | None = None
) -> tuple[T, bool] | None:
    """`read(conn)` from one state of the book at `path` (an encrypted one under `key`),
    and whether another live process has it open for writing; None whenever the file
    cannot be read this way (missing, locked, read-only, damaged, a wrong key)."""
    if not path.is_file():
        return None
    try:
        conn = connect(path, key)
    except BookError:  # a wrong key
        return None
    except errors.Error:  # read as it is raised: SQLCipher's classes join once it is loaded
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        conn.execute("BEGIN")  # every row from one state of the book
        found = read(conn)
        others = bool(sessions.live_others(conn))
        conn.execute("COMMIT")
    except errors.Error:
        return None
    finally:
        conn.close()
    return found, others


def connect(path: Path, key: BookKey | None = None) -> sqlite3.Connection:
    """The book at `path` opened with the driver alone, read-write, in autocommit (the
    caller begins and ends its transactions); an encrypted one under `key`."""
    uri = f"{path.absolute().as_uri()}?mode=rw"
    if key is None:
        return held.connect(sqlite3, uri, uri=True, isolation_level=None)
    from xiaoben.store.cipher import connect

    return connect(uri, key, uri=True, isolation_level=None)


def peek(path: Path, keys: tuple[str, ...]) -> Peek | None:
    """The meta rows of `keys` (and the schema) from one state of the book at `path`."""

    def read(conn: sqlite3.Connection) -> tuple[int, dict[str, str]]:
        schema = conn.execute("PRAGMA user_version").fetchone()[0]
        marks = ", ".join("?" for _ in keys)
        rows = conn.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", keys)
        return schema, dict(rows.fetchall())

    found = in_one_state(path, read)
    if found is None:
        return None
    (schema, values), others = found
    return Peek(schema, values, others)
