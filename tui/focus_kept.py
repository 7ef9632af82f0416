"""Where the focus was on a screen, and the same place on the screen built anew from it.

F6 (language) and F12 (presentation) build every open screen again; keys typed on after
the switch belong to the field the seller was typing in, from where its cursor was. Only
what a screen's rebuild passes on: this module reads and sets widgets, never the book.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.screen import Screen
from textual.widgets import Input, TextArea
from textual.widgets.input import Selection
from textual.widgets.text_area import Selection as AreaSelection

from xiaoben.tui.widgets.inputs import TextBox


@dataclass(frozen=True, slots=True)
class KeptFocus:
    """The focused widget's id, and its text cursor or selection if it holds text."""

    widget_id: str
    selection: Selection | None = None
    area_selection: AreaSelection | None = None


def kept_focus(screen: Screen[Any]) -> KeptFocus | None:
    """Where the focus is on `screen` (None: nowhere, or on a widget without an id)."""
    focused = screen.focused
    if focused is None or focused.id is None:
        return None
    if isinstance(focused, Input):
        return KeptFocus(focused.id, selection=focused.selection)
    if isinstance(focused, TextArea):
        return KeptFocus(focused.id, area_selection=focused.selection)
    return KeptFocus(focused.id)


def resume_focus(screen: Screen[Any], kept: KeptFocus | None) -> bool:
    """Focus the widget of the kept id on `screen`, the cursor where it was. False when
    there is none (then the screen focuses what it always does)."""
    if kept is None:
        return False
    found = screen.query(f"#{kept.widget_id}")
    if not found:
        return False
    widget = found.first()
    if isinstance(widget, TextBox) and kept.selection is not None:
        widget.resume(kept.selection)
        return True
    if not widget.focusable:
        return False
    widget.focus(scroll_visible=False)
    if isinstance(widget, TextArea) and kept.area_selection is not None:
        widget.selection = kept.area_selection
    return True
