"""Keys typed while `xiaoben` starts, kept as typed for the app; the terminal given back as
it was found. Standard library only: this runs before anything heavy is imported.

Until Textual puts the terminal in its own mode (half a second to a second after launch:
the imports, the book opening), the terminal's line discipline reads the keys: it echoes
them onto the screen and turns Enter (CR) into a line feed, which the app then reads as
ctrl+j — a fast seller's `/zxy⏎` searched and never opened the customer. The terminal is
switched to the mode Textual sets (no echo, no line editing, CR left as CR) at once, its
pending keys never flushed. Textual saves the mode it finds (this one) and gives that back
when it ends, so the seller's own mode is given back here, after the app, on every way
out.

Keys that reached the terminal before the switch (typed while the shell started `xiaoben`)
were echoed and had each Enter made a line feed already: they are read at the switch, each
line feed an Enter again (a seller types Enter, not ctrl+j), and the first app's input
thread reads them before the keys that follow (tui/terminal.py). Their echo stays on the
shell's screen, under the app.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

try:
    import termios
except ImportError:  # Windows: its console keeps no line of its own
    termios = None  # type: ignore[assignment]  # tested before use

# What reached the terminal before the switch, read then, for the first app's input thread.
_typed_before = b""


@contextmanager
def keys_kept_as_typed(app_runs: bool) -> Iterator[None]:
    """While the block runs, the keys typed reach the app as typed, when `app_runs` (the
    command shows the app) and the app will have the terminal: stdin and stdout are the
    terminal, this process in its foreground (a background one asking would be stopped).
    The terminal's mode is given back when the block ends, however it ends."""
    switched = _switched() if app_runs else None
    try:
        yield
    finally:
        if switched is not None:
            fd, before = switched
            with suppress(termios.error):
                termios.tcsetattr(fd, termios.TCSANOW, before)


def take_typed_before() -> bytes:
    """The keys that reached the terminal before the switch, once (the first app to start
    reads them, before any typed since)."""
    global _typed_before
    typed, _typed_before = _typed_before, b""
    return typed


def _switched() -> tuple[int, list[Any]] | None:
    """The terminal switched to keep keys as typed: its descriptor and its mode before
    (None: left alone)."""
    if termios is None or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None
    fd = sys.stdin.fileno()
    try:
        if os.tcgetpgrp(fd) != os.getpgrp():
            return None
        before = termios.tcgetattr(fd)
        termios.tcsetattr(fd, termios.TCSANOW, _as_typed(before))  # never TCSAFLUSH
    except (OSError, termios.error):
        return None
    global _typed_before
    _typed_before = _pending(fd).replace(b"\n", b"\r")  # each an Enter, before the switch
    return fd, before


def _as_typed(mode: list[Any]) -> list[Any]:
    """`mode` with what Textual's Linux driver turns off turned off (echo, line editing,
    CR read as a line feed, flow control), Ctrl+C still interrupting the start-up."""
    iflag, oflag, cflag, lflag, ispeed, ospeed, cc = mode
    iflag &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)
    lflag &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN)
    cc = list(cc)
    cc[termios.VMIN], cc[termios.VTIME] = 1, 0
    return [iflag, oflag, cflag, lflag, ispeed, ospeed, cc]


def _pending(fd: int) -> bytes:
    """What can be read from `fd` now, without waiting."""
    import select

    read = b""
    while select.select([fd], [], [], 0)[0]:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        read += chunk
    return read
