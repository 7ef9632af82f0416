"""The project's one SQLite driver: every connection is opened and every error caught here.

Code that opens a connection or catches an SQLite error writes
`from xiaoben.store.driver import sqlite3`, never the standard library's `import sqlite3`:
two SQLite libraries in one process must not open the same book (closing a file in one
drops the other's POSIX locks), and an `except sqlite3.OperationalError` only catches the
driver's own classes. Nothing else belongs here.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

# SQLite before 3.51.3 can corrupt a WAL database when two connections write or
# checkpoint at once (the WAL-reset bug); the app runs a writer and several readers.
CURRENT_SQLITE = (3, 51, 3)

if TYPE_CHECKING:
    import sqlite3  # pysqlite3 has the standard module's API and ships no type information
else:
    try:
        # The wheel bundles a current SQLite. sqlite-utils makes the same choice
        # (pysqlite3 when importable), so its connections and error classes are ours.
        from pysqlite3 import dbapi2 as sqlite3
    except ImportError:
        import sqlite3

DRIVER = sqlite3.__name__.removesuffix(".dbapi2")

if sqlite3.sqlite_version_info < CURRENT_SQLITE:
    warnings.warn(
        f"xiaoben: SQLite {sqlite3.sqlite_version} (from {DRIVER}) is older than"
        f" {'.'.join(map(str, CURRENT_SQLITE))} and has the WAL-reset corruption bug;"
        " install the pysqlite3 wheel for a current SQLite",
        RuntimeWarning,
        stacklevel=1,  # about the process, not a caller: point at this module
    )

__all__ = ["CURRENT_SQLITE", "DRIVER", "sqlite3"]
