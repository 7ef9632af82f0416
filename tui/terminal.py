"""The app draws on its own copy of the terminal's file descriptor 2.

Textual's Linux driver writes the screen to sys.__stderr__ (fd 2). While python-calamine
reads a workbook, the importer points fd 2 at a temporary file, so that a Rust panic's
lines never reach the terminal (store/importing/native_stderr.py): drawn on fd 2, the
frames written in that moment would go there too. A driver drawing on a duplicate of fd 2,
made when the app starts, keeps drawing on the terminal whatever fd 2 points at.
"""

from __future__ import annotations

import os
from typing import IO, Any

from textual.driver import Driver


def drawing_on_its_own_copy(driver: type[Driver]) -> type[Driver]:
    """`driver`, made to draw on a duplicate of fd 2 when it is Textual's Linux driver
    (which draws on fd 2); any other driver (Windows, headless, web) as it is."""
    try:
        from textual.drivers.linux_driver import LinuxDriver
    except ImportError:  # no termios: Windows, whose driver does not draw on fd 2
        return driver
    if not issubclass(driver, LinuxDriver):
        return driver

    class OwnCopyDriver(driver):  # type: ignore[valid-type,misc]  # a class chosen at run time
        """Textual's Linux driver, drawing on a duplicate of fd 2."""

        _file: IO[str]  # the stream its writer thread draws on (LinuxDriver's)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._file = _duplicate(self._file)

        def close(self) -> None:
            super().close()  # the writer thread has written its last frame
            self._file.close()

    return OwnCopyDriver


def _duplicate(stream: IO[str]) -> IO[str]:
    """A text stream on a new file descriptor for what `stream` writes to."""
    return open(  # the driver's for its life: closed in its close()
        os.dup(stream.fileno()),
        "w",
        encoding=getattr(stream, "encoding", None) or "utf-8",
        errors=getattr(stream, "errors", None) or "strict",
    )
