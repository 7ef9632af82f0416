"""What a killed xiaoben leaves beside a book, and its removal on the next opening.

A re-keying's new file (.xiaoben-rekey-BOOK-PID@HOST-…) and a restore's temporary folder
(.xiaoben-restore-PID@HOST-…) carry the process and machine that made them: one whose
process is gone from this machine is removed when the book is next opened to be written.
Another machine's, a live process's, or a name without its maker are left alone.
"""

from __future__ import annotations

import os
import re
import shutil
from contextlib import suppress
from pathlib import Path

from xiaoben.store.sessions import alive, host_name

REKEY_PREFIX = ".xiaoben-rekey-"
RESTORE_PREFIX = ".xiaoben-restore-"
_MAKER = re.compile(r"(\d+)@")


def rekey_prefix(book: Path) -> str:
    """The name a re-keying's new file beside `book` starts with (this process's)."""
    return f"{REKEY_PREFIX}{book.name}-{_maker()}"


def restore_prefix() -> str:
    """The name a restore's temporary folder starts with (this process's)."""
    return f"{RESTORE_PREFIX}{_maker()}"


def _maker() -> str:
    return f"{os.getpid()}@{host_name()}-"


def sweep(book: Path) -> list[Path]:
    """Remove, beside `book`, what processes of this machine that are gone left; returns it."""
    removed = []
    for prefix in (f"{REKEY_PREFIX}{book.name}-", RESTORE_PREFIX):
        with suppress(OSError):
            for left in book.parent.glob(f"{prefix}*"):
                if _stale(left.name.removeprefix(prefix)) and _remove(left):
                    removed.append(left)
    return removed


def _stale(rest: str) -> bool:
    found = _MAKER.match(rest)
    if found is None:
        return False
    pid = int(found.group(1))
    return rest[found.end() :].startswith(f"{host_name()}-") and not alive(pid)


def _remove(left: Path) -> bool:
    try:
        if left.is_dir() and not left.is_symlink():
            shutil.rmtree(left)
        else:
            left.unlink()
    except OSError:
        return False
    return True
