"""Labels on screen: bindings declared with catalogue keys, translated per instance.

A Binding's description and tooltip hold keys of models.i18n ("key.tiers"); each
screen (and the app) translates its own copy when built, so the footer and the
command palette speak the seller's language and switch with it. A notice is said with
`saying` (its words kept), so the notices in view are said again after a switch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from textual.app import SystemCommand
from textual.binding import BindingsMap
from textual.dom import DOMNode

from xiaoben.models.i18n import MESSAGES, Words, t
from xiaoben.tui.labels.textual import SAME_AS


def label(key: str) -> str:
    """A catalogue key in the current language; a text of Textual's own (its palette's
    commands, its containers' keys) in the current language too (tui/labels/textual.py);
    anything else as it is."""
    if key in MESSAGES:
        return t(key)
    theirs = SAME_AS.get(key, f"textual.{key}")
    return t(theirs) if theirs in MESSAGES else key


class Notice(str):
    """A notice's text as said now, with its words (key and values) to say it again: a
    language switch says the notices still in view again in the new language (XiaobenApp).
    A plain string is rendered once, in the language of the moment it was made."""

    words: Words

    def __new__(cls, words: Words) -> Notice:
        text = super().__new__(cls, words())
        text.words = words
        return text

    def again(self) -> Notice:
        """The same words in the current language."""
        return Notice(self.words)


def saying(key: str, /, **values: object) -> Notice:
    """The message `key` in the current language, to be said again after a switch (a value
    may be Words or a label's callable, said in the language of each saying)."""
    return Notice(Words(key, **values))


def in_words(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Textual's own palette commands (Theme, Keys, Screenshot …) in the seller's words."""
    for command in commands:
        yield command._replace(title=label(command.title), help=label(command.help))


def textual_notice(text: str) -> str:
    """A notice Textual itself gives (its screenshot's), in the current language."""
    saved, _, path = text.partition("Saved screenshot to ")
    if not saved and path:
        return t("textual.saved_screenshot_to", path=path)
    return label(text) if text else text


def translate_bindings(node: DOMNode) -> None:
    """Translate `node`'s bindings, from the untranslated ones it was built with.

    Starts from the instance's own bindings (which include any Textual adds at run time,
    such as the command palette's), remembered on first call for later switches.
    """
    source: BindingsMap | None = getattr(node, "_untranslated_bindings", None)
    if source is None:
        source = node._bindings.copy()
        node._untranslated_bindings = source  # type: ignore[attr-defined]  # our own slot
    translated = {
        key: [
            replace(binding, description=label(binding.description), tooltip=label(binding.tooltip))
            for binding in bindings
        ]
        for key, bindings in source.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(translated)
