"""Keeping a Rust panic's own lines off the seller's terminal while python-calamine runs.

A panic in calamine's Rust code (a damaged workbook) reaches Python as pyo3's
PanicException, which the importer names as a damaged workbook; but Rust's panic hook
first prints the panic (and, under RUST_BACKTRACE, a backtrace) in English straight to
file descriptor 2, where Python's stderr cannot catch it: a line before our message in
the command, and text across the screen in the app. pyo3 offers no hook to silence it, so
fd 2 is pointed at a temporary file around calamine's calls. What else lands there (a
warning) is passed on when the call ends without a panic. The app draws on a copy of
fd 2 (tui/terminal.py), so its screen is not redirected with it. No SQLite.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STDERR = 2
_held = threading.Lock()  # one redirect at a time: fd 2 is the process's


def is_panic(exc: BaseException) -> bool:
    """Whether `exc` is a panic of Rust code (pyo3's PanicException, a BaseException)."""
    return type(exc).__name__ == "PanicException"


@contextmanager
def panics_kept_quiet() -> Iterator[None]:
    """Run the block with fd 2 on a temporary file; restored after, whatever the block
    raises. A panic's lines are dropped; anything written without a panic is passed on."""
    with _held, tempfile.TemporaryFile() as held:
        for stream in (sys.stderr, sys.__stderr__):
            if stream is not None:
                stream.flush()  # what Python wrote before goes out before, in order
        saved = os.dup(STDERR)
        os.dup2(held.fileno(), STDERR)
        panicked = False
        try:
            yield
        except BaseException as exc:
            panicked = is_panic(exc)
            raise
        finally:
            os.dup2(saved, STDERR)
            os.close(saved)
            if not panicked:
                _pass_on(held.fileno())


def _pass_on(fd: int) -> None:
    """What was written to the temporary file, to the real fd 2."""
    os.lseek(fd, 0, os.SEEK_SET)
    while chunk := os.read(fd, 65536):
        os.write(STDERR, chunk)
