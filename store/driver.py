"""The project's one SQLite driver: every connection is opened and every error caught here.

Code that opens a connection or catches an SQLite error writes
`from xiaoben.store.driver import sqlite3`, never the standard library's `import sqlite3`:
two SQLite libraries in one process must not open the same book (closing a file in one
drops the other's POSIX locks), and an `except sqlite3.OperationalError` only catches the
driver's own classes. Nothing else belongs here.

An encrypted book is the one exception to "one library": SQLCipher (the sqlcipher3 wheel,
its own SQLite inside) opens it, and only it, so no book is ever open in both libraries.
Code that may meet either book catches `errors.Error` (and its kin): every driver's class.
"""

from __future__ import annotations

import warnings
from types import ModuleType
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

_ERROR_CLASSES = ("Error", "DatabaseError", "OperationalError", "IntegrityError")


class _Errors:
    """Each SQLite error class of every driver loaded, for `except`: SQLCipher's join
    when it is loaded (before it can raise one). (A plain class: a dataclass would load
    `dataclasses`, and with it `inspect`, into every command's start.)"""

    Error: tuple[type[sqlite3.Error], ...]
    DatabaseError: tuple[type[sqlite3.DatabaseError], ...]
    OperationalError: tuple[type[sqlite3.OperationalError], ...]
    IntegrityError: tuple[type[sqlite3.IntegrityError], ...]

    def __init__(self, driver: ModuleType) -> None:
        for name in _ERROR_CLASSES:
            setattr(self, name, (getattr(driver, name),))

    def add(self, driver: ModuleType) -> None:
        for name in _ERROR_CLASSES:
            setattr(self, name, (*getattr(self, name), getattr(driver, name)))


errors = _Errors(sqlite3)
_sqlcipher: list[ModuleType | None] = []


def sqlcipher() -> ModuleType | None:
    """SQLCipher 4 with its own SQLite (the sqlcipher3 wheel), for encrypted books only
    (store/cipher.py), loaded on first use: a plain book's process never pays for it.
    None where no wheel exists for the platform (encrypted books cannot be opened)."""
    if not _sqlcipher:
        try:
            from sqlcipher3 import dbapi2 as loaded
        except ImportError:
            _sqlcipher.append(None)
        else:
            errors.add(loaded)
            _sqlcipher.append(loaded)
    return _sqlcipher[0]


if sqlite3.sqlite_version_info < CURRENT_SQLITE:
    from xiaoben.models.errors import SellerWarning
    from xiaoben.models.i18n import t

    warnings.warn(
        t(
            "store.old_sqlite",
            version=sqlite3.sqlite_version,
            driver=DRIVER,
            fixed=".".join(map(str, CURRENT_SQLITE)),
        ),
        SellerWarning,
        stacklevel=1,  # about the process, not a caller: point at this module
    )

__all__ = ["CURRENT_SQLITE", "DRIVER", "errors", "sqlcipher", "sqlite3"]
