"""The app draws on its own copy of the terminal's file descriptor 2, and keeps an Esc typed
just before another key.

Textual's Linux driver writes the screen to sys.__stderr__ (fd 2). While python-calamine
reads a workbook, the importer points fd 2 at a temporary file, so that a Rust panic's
lines never reach the terminal (store/importing/native_stderr.py): drawn on fd 2, the
frames written in that moment would go there too. A driver drawing on a duplicate of fd 2,
made when the app starts, keeps drawing on the terminal whatever fd 2 points at.

A fast seller's Esc and the keys after it reach Textual's parser within its escape delay
(100 ms): it waited for a sequence, then read `Esc /` as one alt chord (the Esc dropped),
`Esc 3` as £ and `Esc f` as ctrl+right (its table of macOS option and emacs keys), and
`Esc /dailimin Esc` as `^/dailimin` (an Esc arriving while it waited made the first one
a ^). The page stayed, and its purchases table took the d: it deleted a purchase. The
terminal's own sequences start `Esc [` (CSI: keys, mouse, paste, focus and the replies to
the app's queries) or `Esc O` (SS3: arrows and F1–F4 in application mode); the app asks
for no other (no DCS, OSC or APC reply) and binds no alt chord. So an Esc followed by any
other key is read as the Esc, at once, then that key, in the order typed.

Keys that reached the terminal before `xiaoben` switched it to keep them as typed
(tui/typeahead.py) were read then; the input thread reads them first, as it would have.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterable
from contextlib import suppress
from typing import IO, TYPE_CHECKING, Any

from textual import events
from textual._parser import ParseError
from textual.driver import Driver
from textual.message import Message

from xiaoben.tui.typeahead import take_typed_before

if TYPE_CHECKING:
    from textual._xterm_parser import XTermParser


def escape_kept_parser() -> type[XTermParser] | None:
    """Textual's terminal parser, reading an Esc followed by a key that starts no sequence
    (anything but [ and O) as the two keys, in the order typed, as soon as the key arrives
    (Textual: an alt chord, a key of its table, or a ^ for the Esc). An Esc with nothing
    after it is read when the escape delay runs out, as by Textual. None when the installed
    Textual's parser is not the one this was written for (a private module: a Textual that
    changed it keeps its own parser, and the app still starts)."""
    try:
        from textual._xterm_parser import XTermParser
    except ImportError:
        return None
    method = getattr(XTermParser, "_sequence_to_key_events", None)
    if method is None or "alt" not in inspect.signature(method).parameters:
        return None

    class EscapeKeptParser(XTermParser):
        def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
            # Called with each character read while no sequence is pending, with the pending
            # sequence each time it grows (Esc and one character first: read here before
            # Textual's table), and with each character of one it re-reads.
            if alt or _typed_after_esc(sequence):  # alt: re-reading, the Esc before it
                yield events.Key("escape", "\x1b")
                sequence = sequence[-1]
            yield from super()._sequence_to_key_events(sequence)

    return EscapeKeptParser


_SEQUENCE_STARTS = frozenset("[O")  # CSI, SS3: the second character of each sequence


def _typed_after_esc(sequence: str) -> bool:
    """Whether `sequence`, Esc and one character, is an Esc typed before a key."""
    return len(sequence) == 2 and sequence[0] == "\x1b" and sequence[1] not in _SEQUENCE_STARTS


def drawing_on_its_own_copy(driver: type[Driver]) -> type[Driver]:
    """`driver`, made to draw on a duplicate of fd 2 and to read the keys typed before the
    switch first, when it is Textual's Linux driver (which draws on fd 2); any other driver
    (Windows, headless, web) as it is."""
    try:
        from textual.drivers import linux_driver
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

        def run_input_thread(self) -> None:
            # Textual's input thread makes its parser by the module's name for the class.
            parser = escape_kept_parser()
            if parser is not None and hasattr(linux_driver, "XTermParser"):
                linux_driver.XTermParser = parser  # type: ignore[misc]  # a subclass
            for event in _typed_before_events(getattr(linux_driver, "XTermParser", None)):
                self.process_message(event)
            super().run_input_thread()

    return OwnCopyDriver


def _typed_before_events(parser: type[XTermParser] | None) -> list[Message]:
    """The keys typed before the switch (tui/typeahead.py), read by a `parser` of their own:
    the input thread's starts on the keys that follow them."""
    typed = take_typed_before().decode("utf-8", errors="replace")
    if not typed or parser is None:
        return []
    reading = parser()
    read = list(reading.feed(typed))
    with suppress(EOFError, ParseError):  # as Textual's input thread ends its parser
        read += reading.feed("")  # an Esc typed last: the key, not a sequence's start
    return read


def _duplicate(stream: IO[str]) -> IO[str]:
    """A text stream on a new file descriptor for what `stream` writes to."""
    return open(  # the driver's for its life: closed in its close()
        os.dup(stream.fileno()),
        "w",
        encoding=getattr(stream, "encoding", None) or "utf-8",
        errors=getattr(stream, "errors", None) or "strict",
    )
