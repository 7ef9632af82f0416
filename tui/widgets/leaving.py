"""Leaving a screen that holds unsaved edits (the customer form, the rules, an entry modal).

Every way out asks the one question that screen's Esc asks and drops nothing without a yes:
its own Esc, and every switch to another screen the app makes (F2 … F10, the palette, a
saved view). The screen says whether it holds edits, which question to ask and how it
closes; `leave_asking` and `leave_edits_then` are the one place that decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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


def told_saving(app: App[Any], screens: Iterable[Screen[Any]] | None = None) -> bool:
    """Whether one of `screens` (every open screen by default) has a save under way; if so
    the seller is told it (the first one's words) and nothing else should happen."""
    for screen in app.screen_stack if screens is None else screens:
        saving = screen.still_saving() if isinstance(screen, Saves) else None
        if saving is not None:
            app.notify(saving, severity="warning")
            return True
    return False


class EndsOnTop:
    """For a screen whose save ends in a worker and then closes it: closing dismisses the
    screen on top, so while the lock or a dialog is over this one, the close waits until
    this one is on top again (it closed the lock, showing the book)."""

    _when_on_top: Callable[[], object] | None = None

    def when_on_top(self, then: Callable[[], object]) -> None:
        assert isinstance(self, Screen)
        if self.is_active:
            then()
        else:
            self._when_on_top = then

    def on_screen_resume(self) -> None:
        then, self._when_on_top = self._when_on_top, None
        if then is not None:
            then()


def _nothing() -> None:
    return None


def leave_asking(screen: Screen[Any], after: Callable[[], object] = _nothing) -> None:
    """Close `screen` and then run `after`; when it holds unsaved edits, only once the seller
    said yes to its question (no: the screen stays as it is and `after` never runs). Never
    while a save it runs is not over: it says so and stays."""
    assert isinstance(screen, HoldsEdits)
    if told_saving(screen.app, [screen]):
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
        if not told_saving(app):  # no edits held, but a save may still be running
            go()
        return
    leave_asking(screen, lambda: leave_edits_then(app, go))
