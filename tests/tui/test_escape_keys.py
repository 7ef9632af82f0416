"""Every Esc the seller types reaches the app as an Esc, in the order typed, whatever key
follows it and however fast (tui/terminal.py): the app binds no alt chord.

Textual's own parser, given an Esc and the keys after it within its escape delay, read
`Esc 3` as £ and `Esc f` as ctrl+right (its table of macOS option and emacs keys), `Esc /`
as one alt chord without the Esc, and made the Esc a ^ when another Esc, or 32 keys,
followed: on a customer page `Esc /dailimin Esc` stayed on the page and its `d` deleted a
purchase. The terminal's own sequences (CSI `Esc [`, SS3 `Esc O`) read as before.
"""

from __future__ import annotations

import time
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual import constants
from textual._xterm_parser import XTermParser
from textual.message import Message

from xiaoben.tui.terminal import escape_kept_parser

ESC = "\x1b"
PARSER = escape_kept_parser()
assert PARSER is not None  # the installed Textual's parser is the one it was written for


def read(parts: list[str], parser_class: type[XTermParser] | None = PARSER) -> list[Message]:
    """What the app gets from the terminal's reads `parts` (each one read), then its end."""
    assert parser_class is not None
    parser = parser_class()
    read = [event for part in parts for event in parser.feed(part)]
    return read + list(parser.feed(""))


def keys(data: str) -> list[str]:
    return [getattr(event, "key", type(event).__name__) for event in read([data])]


def described(events: list[Message]) -> list[tuple[object, ...]]:
    return [
        (type(event).__name__, *(getattr(event, name, None) for name in ("key", "text", "x", "y")))
        for event in events
    ]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # The tester's burst: the second Esc made the first a ^ (the page stayed, d deleted).
        (f"{ESC}/dailimin{ESC}", ["escape", "slash", *"dailimin", "escape"]),
        (
            f"{ESC}/malin\rp11\r{ESC}",
            ["escape", "slash", *"malin", "enter", "p", "1", "1", "enter", "escape"],
        ),
        (ESC + "a" * 40, ["escape", *"a" * 40]),  # 32 keys and more: a ^ too
        (f"{ESC}/", ["escape", "slash"]),  # one alt chord, the Esc dropped
        (f"{ESC}d", ["escape", "d"]),  # alt+d
        # Textual's table of Esc + key: characters, ctrl+right/left, shift+tab, ctrl+w.
        *((f"{ESC}{digit}", ["escape", digit]) for digit in "1234567890"),
        (f"{ESC}-", ["escape", "minus"]),
        (f"{ESC}=", ["escape", "equals_sign"]),
        (f"{ESC}f", ["escape", "f"]),
        (f"{ESC}b", ["escape", "b"]),
        (f"{ESC}\t", ["escape", "tab"]),
        (f"{ESC}\x7f", ["escape", "backspace"]),
        (f"{ESC}\r", ["escape", "enter"]),
        (f"{ESC}口红", ["escape", "口", "红"]),
        (f"{ESC}3{ESC}n\r", ["escape", "3", "escape", "n", "enter"]),
    ],
)
def test_an_esc_before_any_key_is_the_esc_then_that_key(typed: str, meant: list[str]) -> None:
    assert keys(typed) == meant
    assert [key for key in keys(typed) if key == "escape"]  # never a ^ or a character instead
    one_read_each = [getattr(event, "key", None) for event in read(list(typed))]
    assert one_read_each == meant  # each key in its own read, within the delay: the same


@pytest.mark.parametrize(
    "sequence",
    [
        "\x1b[A",  # up
        "\x1bOA",  # up, application mode
        "\x1bOP",  # F1
        "\x1b[15~",  # F5
        "\x1b[Z",  # shift+tab, as terminals send it
        "\x1b[1;5C",  # ctrl+right
        "\x1b[27u",  # Esc in the kitty keyboard protocol
        "\x1b[97;5u",  # ctrl+a in it
        "\x1b[<0;10;5M",  # mouse press
        "\x1b[<0;10;5m",  # mouse release
        "\x1b[I",  # focus in
        "\x1b[O",  # focus out
        "\x1b[200~138 1234 5678\x1b[201~",  # bracketed paste
        "\x1b[?2026;1$y",  # mode report
        "\x1b[5;10R",  # cursor position
        "\x1b",  # Esc alone
        "\x1b\x1b",  # Esc Esc
        "a\x1b[Ab\x1b",  # keys around a sequence
    ],
)
def test_the_terminals_sequences_read_as_textual_reads_them(sequence: str) -> None:
    mine = described(read([sequence]))
    assert mine == described(read([sequence], XTermParser))
    assert described(read(list(sequence))) == mine  # a byte a read: the same


def test_an_esc_with_nothing_after_it_waits_for_the_escape_delay() -> None:
    """Alone, it may still start a sequence: it is read when the delay runs out, as by
    Textual (not at once, and not lost); the key typed after the delay is its own."""
    assert PARSER is not None
    parser = PARSER()
    assert list(parser.feed(ESC)) == []
    assert list(parser.tick()) == []  # within the delay: waiting
    time.sleep(constants.ESCAPE_DELAY + 0.05)
    assert [getattr(event, "key", None) for event in parser.tick()] == ["escape"]
    assert [getattr(event, "key", None) for event in parser.feed("f")] == ["f"]


def test_an_esc_and_a_key_arrive_as_soon_as_the_key_does() -> None:
    """No wait for the delay: the page leaves before the keys after it are read."""
    assert PARSER is not None
    parser = PARSER()
    assert list(parser.feed(ESC)) == []
    assert [getattr(event, "key", None) for event in parser.feed("/")] == ["escape", "slash"]


def test_a_textual_whose_parser_changed_keeps_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """A private module: when it is not the one this was written for, the app starts with
    Textual's parser."""

    def other(self: XTermParser, sequence: str) -> list[object]:
        return []

    monkeypatch.setattr(XTermParser, "_sequence_to_key_events", other)
    assert escape_kept_parser() is None


TYPED_KEYS = [*"adfbnpu/ 3019-=[]O§口红", "\t", "\r", "\x7f", ESC]


def _key_alone(character: str) -> str:
    """The key Textual reads for `character` typed on its own."""
    (event,) = read([character], XTermParser)
    return str(getattr(event, "key", None))


@settings(max_examples=300, deadline=None)
@given(
    typed=st.lists(st.sampled_from(TYPED_KEYS), max_size=40).filter(
        lambda typed: all(not (one == ESC and after in "[O") for one, after in pairwise(typed))
    ),
    cuts=st.sets(st.integers(min_value=0, max_value=40)),
)
def test_any_esc_among_keys_is_read_in_its_place(typed: list[str], cuts: set[int]) -> None:
    """Esc and keys in any order, in reads cut anywhere: the keys typed, in that order (an
    Esc followed by [ or O starts a terminal sequence: not typed here)."""
    text = "".join(typed)
    bounds = [0, *sorted(cut for cut in cuts if cut < len(text)), len(text)]
    parts = [text[start:end] for start, end in pairwise(bounds) if end > start]
    got = [getattr(event, "key", type(event).__name__) for event in read(parts)]
    assert got == [_key_alone(character) for character in typed]
