"""Who has a book open for writing: one row a process in the sessions table.

A process registers when it opens the book (sweeping out this host's dead processes)
and leaves when it closes it; the seller is warned of the others. The caller holds the
book's lock (and, to register, its transaction).
"""

from __future__ import annotations

import os

from xiaoben.store.driver import sqlite3


def host_name() -> str:
    """This machine's name: uname's where there is one (what gethostname reads there),
    so a command reading the book starts without the socket module."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def register(conn: sqlite3.Connection, opened_at: str) -> None:
    """Register this process, after removing this host's processes that are gone."""
    host = host_name()
    for (pid,) in conn.execute("SELECT pid FROM sessions WHERE host = ?", (host,)).fetchall():
        if not alive(pid):
            conn.execute("DELETE FROM sessions WHERE host = ? AND pid = ?", (host, pid))
    conn.execute(
        "INSERT OR REPLACE INTO sessions (pid, host, opened_at) VALUES (?, ?, ?)",
        (os.getpid(), host, opened_at),
    )


def leave(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM sessions WHERE host = ? AND pid = ?", (host_name(), os.getpid()))


def others(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Other processes that have the book open for writing (host, pid)."""
    rows = conn.execute("SELECT host, pid FROM sessions").fetchall()
    me = (host_name(), os.getpid())
    return [(host, pid) for host, pid in rows if (host, pid) != me]


def live_others(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """`others()` without this host's processes that are gone (what registering would
    sweep), for a reader that does not register."""
    host = host_name()
    return [(h, pid) for h, pid in others(conn) if h != host or alive(pid)]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
