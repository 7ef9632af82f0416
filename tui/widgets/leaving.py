"""Leaving a screen that holds unsaved edits (the customer form, the rules, an entry modal).

Every way out asks the one question that screen's Esc asks and drops nothing without a yes:
its own Esc, and every switch to another screen the app makes (F2 … F10, the palette, a
saved view). The screen says whether it holds edits, which question to ask and how it
closes; `leave_asking` and `leave_edits_then` are the one place that decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from textual.app import App
from textual.screen import Screen

from xiaoben.tui.widgets.confirm import ConfirmDialog


@runtime_checkable
class HoldsEdits(Protocol):
    def has_unsaved_changes(self) -> bool:
        """Whether closing now would lose something the seller typed or changed."""
        ...

    def discard_question(self) -> ConfirmDialog:
        """The question its Esc asks before the edits are dropped (yes: drop them)."""
        ...

    def close_discarding(self) -> None:
        """Close the screen (it is on top), its edits dropped."""
        ...


@runtime_checkable
class Saves(Protocol):
    def still_saving(self) -> str | None:
        """While a save it asked for runs: what to tell the seller who tries to leave (the
        screen stays until the save ends: saved, or refused with what was typed kept)."""
        ...


def _nothing() -> None:
    return None


def leave_asking(screen: Screen[Any], after: Callable[[], object] = _nothing) -> None:
    """Close `screen` and then run `after`; when it holds unsaved edits, only once the seller
    said yes to its question (no: the screen stays as it is and `after` never runs). Never
    while a save it runs is not over: it says so and stays."""
    assert isinstance(screen, HoldsEdits)
    saving = screen.still_saving() if isinstance(screen, Saves) else None
    if saving is not None:
        screen.app.notify(saving, severity="warning")
        return

    def leave() -> None:
        if screen in screen.app.screen_stack:
            screen.pop_until_active()  # a dialog over it (a picker) goes with it
            screen.close_discarding()
        after()

    if not screen.has_unsaved_changes():
        leave()
        return

    def answered(discard: bool | None) -> None:
        if discard:
            leave()

    screen.app.push_screen(screen.discard_question(), answered)


def edited_screen(app: App[Any]) -> Screen[Any] | None:
    """The topmost open screen holding unsaved edits, if any."""
    for screen in reversed(app.screen_stack):
        edits = screen if isinstance(screen, HoldsEdits) else None
        if edits is not None and edits.has_unsaved_changes():
            return screen
    return None


def leave_edits_then(app: App[Any], go: Callable[[], object]) -> None:
    """Run `go` (a switch to another screen) once every open screen with unsaved edits has
    been closed with the seller's yes to its question; if they keep editing, nothing."""
    screen = edited_screen(app)
    if screen is None:
        for open_screen in app.screen_stack:  # saved edits: none held, a save still running
            saving = open_screen.still_saving() if isinstance(open_screen, Saves) else None
            if saving is not None:
                app.notify(saving, severity="warning")
                return
        go()
        return
    leave_asking(screen, lambda: leave_edits_then(app, go))
