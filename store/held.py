"""Books this process has open: one descriptor each, kept until its last connection closes,
and the first bytes of a file read through it.

POSIX drops every lock a process holds on a file as soon as the process closes any one
descriptor of that file. SQLite's lock on the book is what tells other programs it is in
use: a sqlite3 shell (or sqlite-utils on an older SQLite) that finds none deletes the -wal
and -shm the app is writing to, and the book ends up corrupted. So a process must never
open() and close() the path of a book it has a connection to, not even to read 16 bytes.

Every connection to a file is therefore opened through `connect`: it opens a descriptor of
the file first (opening drops no lock) and closes it only after the last connection to that
file in this process was closed. `read_head` reads a file's first bytes through that
descriptor while one is held, and opens the path only when no connection to it exists (under
the same lock as `connect`'s registration, so none can appear meanwhile).
"""

from __future__ import annotations

import os
from _thread import allocate_lock
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

_lock = allocate_lock()  # threading.Lock itself, without loading threading
# (st_dev, st_ino) -> [the descriptors kept, the connections open]
_held: dict[tuple[int, int], list[Any]] = {}
_classes: dict[type, type] = {}


class _Connection(Protocol):
    """A driver's connection, as far as holding needs one (store/importing asks `held`
    without loading a driver, so none is imported here)."""

    def close(self) -> None: ...


class Holding:
    """One connection's share of the descriptor kept for its file (release once)."""

    def __init__(self, inode: tuple[int, int]) -> None:
        self._inode: tuple[int, int] | None = inode

    def release(self) -> None:
        with _lock:
            inode, self._inode = self._inode, None
            if inode is None:
                return
            entry = _held[inode]
            entry[1] -= 1
            if entry[1] == 0:
                del _held[inode]
                for fd in entry[0]:
                    os.close(fd)


def hold(path: Path) -> Holding | None:
    """A share of a descriptor of the file at `path` kept open (None if there is no file
    to hold: SQLite then has nothing to lock either)."""
    with _lock:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return None
        status = os.fstat(fd)
        inode = (status.st_dev, status.st_ino)
        entry = _held.setdefault(inode, [[], 0])
        # Kept even when the file already has one: closing it now would drop the locks.
        entry[0].append(fd)
        entry[1] += 1
        return Holding(inode)


def held(path: Path) -> bool:
    """Whether this process has a connection open to the file at `path`."""
    try:
        status = os.stat(path)
    except OSError:
        return False
    with _lock:
        return (status.st_dev, status.st_ino) in _held


def read_head(path: Path, size: int) -> bytes:
    """The first `size` bytes of the file at `path` (fewer if it is shorter), read without
    closing any descriptor of a file this process has a connection to."""
    status = os.stat(path)
    with _lock:
        entry = _held.get((status.st_dev, status.st_ino))
        if entry is not None:
            return os.pread(entry[0][0], size, 0)
        with path.open("rb") as handle:  # no connection to it here: no lock to drop
            return handle.read(size)


def file_of(target: str | Path, uri: bool = False) -> Path | None:
    """The file a connection to `target` opens (None for an in-memory database)."""
    text = str(target)
    if uri and text.startswith("file:"):
        parts = urlsplit(text)
        if "mode=memory" in parts.query:
            return None
        text = unquote(parts.path)
    if text in ("", ":memory:"):
        return None
    return Path(text)


def connect(driver: ModuleType, target: str | Path, **options: Any) -> Any:
    """`driver.connect(target, **options)`, its file held (see above) until it is closed:
    the driver's Connection (the caller names its type)."""
    path = file_of(target, bool(options.get("uri")))
    holding = None if path is None else hold(path)
    try:
        conn = driver.connect(target, factory=_connection_class(driver.Connection), **options)
    except BaseException:
        if holding is not None:
            holding.release()
        raise
    conn.holding = holding
    return conn


def _connection_class(base: type[_Connection]) -> type:
    """`base` (a driver's Connection) that releases its file's holding once closed."""
    found = _classes.get(base)
    if found is not None:
        return found
    base_close: Callable[[Any], None] = base.close
    base_init: Callable[..., None] = base.__init__

    def init(self: Any, *args: Any, **options: Any) -> None:
        base_init(self, *args, **options)
        self.opened = True

    def close(self: Any) -> None:
        base_close(self)  # raises (a connection of another thread): still open, still held
        holding, self.holding = self.holding, None
        if holding is not None:
            holding.release()

    def finalize(self: Any) -> None:
        # Dropped without close(): closed here, before the driver's own deallocation (quietly:
        # an error in __del__ would be printed to the seller, at exit too). Not when opening
        # it failed: pysqlite3's close() of a connection its __init__ left unopened crashes
        # the process (a segfault, where the seller should read why the file did not open).
        if self.opened:
            with suppress(Exception):
                base_close(self)
        with suppress(Exception):
            holding, self.holding = getattr(self, "holding", None), None
            if holding is not None:
                holding.release()

    found = type(
        f"Held{base.__name__}",
        (base,),
        {"__init__": init, "close": close, "__del__": finalize, "holding": None, "opened": False},
    )
    _classes[base] = found
    return found
