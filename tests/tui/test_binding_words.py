"""Every key the app, its screens and its widgets declare is labelled from the catalogue:
a description or tooltip that is no catalogue key would show as written ("queue.key.undo")
in both languages, in the footer, the Keys panel and the palette."""

from __future__ import annotations

import importlib
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import xiaoben.tui
from xiaoben.models.i18n import MESSAGES


def _ours() -> list[type[DOMNode]]:
    for module in pkgutil.walk_packages(xiaoben.tui.__path__, "xiaoben.tui."):
        importlib.import_module(module.name)
    found, todo = [], [DOMNode]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("xiaoben."):
                found.append(sub)
    return found


def test_every_key_we_declare_is_labelled_from_the_catalogue() -> None:
    raw = [
        (node.__name__, binding.key, words)
        for node in _ours()
        for binding in node.__dict__.get("BINDINGS", [])
        if isinstance(binding, Binding)
        for words in (binding.description, binding.tooltip)
        if words and words not in MESSAGES
    ]
    assert raw == []
