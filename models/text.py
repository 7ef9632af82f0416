"""Text from the book as the terminal may show it, and text the seller may type.

A control character (ESC, CSI, BEL …) is never text: it is refused when typed, and shown
visibly (^[, <9B>) when an old book or a damaged import already holds one, so no name,
tag, note or product can retitle the terminal, clear the screen or hide rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from xiaoben.models.errors import problem

if TYPE_CHECKING:  # printable() is all a command's output needs: pydantic loads with a model
    from pydantic import ValidationInfo

# C0 controls but tab and line ends, DEL, C1 controls: never text a seller typed.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
STORED = {"stored": True}
"""Validation context of a record read back from the book: old text is shown, not refused."""


def kept_from_book(fields: Iterable[str]) -> dict[str, Any]:
    """Validation context of a record made from the book's (a merge, an import's update):
    `fields` hold a value the book already has, which a length rule does not refuse again."""
    return {"kept": frozenset(fields)}


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 0x40)  # caret notation: ESC is ^[, BEL ^G
    if code == 0x7F:
        return "^?"
    return f"<{code:02X}>"  # a C1 control (CSI is <9B>)


# A lone surrogate: how Python holds a byte of a command-line argument or a file's name
# that is not UTF-8 (surrogateescape: a GBK terminal's, a Windows zip's folder name).
_NOT_UTF8 = re.compile("[\ud800-\udfff]")


def printable(text: str, *, lines: bool = False) -> str:
    """`text` with every control character shown visibly; line breaks and tabs are kept
    only when `lines` (a note shown over several lines). A byte that is not UTF-8 (a GBK
    folder's name in a path) is shown as U+FFFD: no terminal or pipe takes it as it is."""
    pattern = CONTROL if lines else _ANY_CONTROL
    return _NOT_UTF8.sub("\ufffd", pattern.sub(_visible, text))


_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\u2028\u2029]")
LINE_BREAK_SHOWN = "↵"  # a line break in text shown on one line


def one_line(text: str) -> str:
    """`text` shown on one line: each line break (a cell's Alt+Enter, Word's Shift+Enter) as
    ↵, where `printable` would show it as ^J; the text stored keeps its line breaks."""
    return _LINE_BREAK.sub(LINE_BREAK_SHOWN, text) if _LINE_BREAK.search(text) else text


def new_passphrase_rule(passphrase: str) -> str | None:
    """The catalogue key of the rule a new passphrase breaks (empty, only spaces: nothing
    to remember, and a blank line typed by mistake), or None."""
    if passphrase == "":
        return "store.empty_passphrase"
    if passphrase.isspace():  # full-width spaces (U+3000) and tabs too
        return "store.blank_passphrase"
    return None


def is_text(text: str) -> bool:
    """Whether `text` is text (UTF-8 when typed): it holds no byte of another encoding."""
    return _NOT_UTF8.search(text) is None


def printable_cells(texts: Sequence[str]) -> Sequence[str]:
    """Each of `texts` as `printable` makes it (one search of them all when, as nearly
    always, none holds a control character: a column of 100,000 names)."""
    if not _ANY_CONTROL.search("".join(texts)):
        return texts
    return [printable(text) for text in texts]


def word_line_breaks(text: str) -> str:
    """`text` with Word's line break (Shift+Enter: a vertical tab) and page break (a form
    feed), pasted into a cell, written as the line breaks they are."""
    if "\v" in text or "\f" in text:
        return text.replace("\v", "\n").replace("\f", "\n")
    return text


def refuse_controls(text: str) -> str:
    """The text itself; a problem if it holds a control character (line breaks allowed)."""
    control = CONTROL.search(text)
    if control:
        raise problem("control_char", code=f"U+{ord(control.group()):04X}")
    return text


def typed_text(text: str, info: ValidationInfo) -> str:
    """A validator: multi-line text the seller typed holds no control character."""
    if info.context and info.context.get("stored"):
        return text
    return refuse_controls(text)


def typed_line(text: str, info: ValidationInfo) -> str:
    """A validator: one line the seller typed (a name, a tag) holds no control character
    and no line break."""
    if info.context and info.context.get("stored"):
        return text
    control = _ANY_CONTROL.search(text.replace("\t", " "))
    if control:
        if control.group() in "\r\n":
            raise problem("line_break")
        raise problem("control_char", code=f"U+{ord(control.group()):04X}")
    return text


def within(limit: int) -> Callable[[str, ValidationInfo], str]:
    """A validator: text of at most `limit` characters. Text the book already holds (read
    back, or kept as it is: see kept_from_book) is taken as it is: a book written by an
    earlier version or another tool may hold longer text, and a rule meant for what the
    seller types must never make a customer unreadable, unmergeable or unforgettable."""

    def checked(text: str, info: ValidationInfo) -> str:
        context = info.context or {}
        if (
            len(text) <= limit
            or context.get("stored")
            or info.field_name in context.get("kept", ())
        ):
            return text
        from pydantic_core import PydanticKnownError

        raise PydanticKnownError(
            "too_long", {"field_type": "Value", "max_length": limit, "actual_length": len(text)}
        )

    return checked


_SPACES = re.compile(r"\s+")


def one_spelling(text: str) -> str:
    """The one spelling of a product, region or tag: Unicode NFKC (full-width ＡＢＣ１２ and
    half-width forms become one), trimmed, inner runs of spaces made one space. "口红 " and
    "口红", "Ｄｉｏｒ" and "Dior" are then one value in the overview, filters and search."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def line_added(notes: str, line: str) -> str:
    """`notes` with `line` under them (`line` alone when there are none)."""
    return f"{notes}\n{line}" if notes else line
