"""What a killed xiaoben leaves beside a book or an export, and its removal later.

A re-keying's new file (.xiaoben-rekey-BOOK-PID@HOST-…), a restore's temporary folder
(.xiaoben-restore-PID@HOST-…) and an export's temporary file (.xiaoben-export-PID@HOST-…,
with SQLite's -journal) carry the process and machine that made them: one whose process
is gone from this machine is removed when the book is next opened to be written, and an
export's also when the next export lands in its folder. Another machine's, a live
process's, or a name without its maker are left alone. A hang-up (the terminal closed)
or a SIGTERM while an export is written stops it as Ctrl+C does, so that its temporary
file is removed then and there.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from xiaoben.store.sessions import alive, host_name

REKEY_PREFIX = ".xiaoben-rekey-"
RESTORE_PREFIX = ".xiaoben-restore-"
EXPORT_PREFIX = ".xiaoben-export-"
_MAKER = re.compile(r"(\d+)@")


def rekey_prefix(book: Path) -> str:
    """The name a re-keying's new file beside `book` starts with (this process's)."""
    return f"{REKEY_PREFIX}{book.name}-{_maker()}"


def restore_prefix() -> str:
    """The name a restore's temporary folder starts with (this process's)."""
    return f"{RESTORE_PREFIX}{_maker()}"


def export_prefix() -> str:
    """The name an export's temporary file starts with (this process's)."""
    return f"{EXPORT_PREFIX}{_maker()}"


def _maker() -> str:
    return f"{os.getpid()}@{host_name()}-"


def sweep(book: Path) -> list[Path]:
    """Remove, beside `book`, what processes of this machine that are gone left; returns it."""
    prefixes = (f"{REKEY_PREFIX}{book.name}-", RESTORE_PREFIX, EXPORT_PREFIX)
    return _sweep_folder(book.parent, prefixes)


def sweep_exports(folder: Path) -> list[Path]:
    """Remove the temporary files of exports into `folder` whose process is gone."""
    return _sweep_folder(folder, (EXPORT_PREFIX,))


def _sweep_folder(folder: Path, prefixes: tuple[str, ...]) -> list[Path]:
    removed = []
    for prefix in prefixes:
        with suppress(OSError):
            for left in folder.glob(f"{prefix}*"):
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


class Stopped(KeyboardInterrupt):
    """The process was told to stop (hang-up, SIGTERM) while it wrote: unwound as Ctrl+C is."""


_STOPPING = ("SIGHUP", "SIGTERM")  # by name: Windows has no SIGHUP


@contextmanager
def stopped_as_by_ctrl_c() -> Iterator[None]:
    """While the block runs, a hang-up or a SIGTERM raises Stopped where the process is, so
    that what the block made is cleaned up on the way out (its `finally`s), as after
    Ctrl+C. Only a signal left to its default is taken (`nohup` keeps a hang-up ignored),
    and only in the main thread (the only one a handler can be set in)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before: dict[int, Any] = {}
    for name in _STOPPING:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            before[number] = signal.signal(number, _stop)
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _stop(signum: int, frame: Any) -> None:
    raise Stopped
