"""What the queue and overview screens share: reloading when the book changes.

On top, a burst of changes (a save, then the background pass) reloads once, a moment
later; underneath another screen, the reload waits until the screen is back on top.
"""

from __future__ import annotations

from typing import Any

from textual.screen import ModalScreen, Screen
from textual.timer import Timer

from xiaoben.tui.messages import BookChanged

DEBOUNCE_SECONDS = 0.1


def in_sight(screen: Screen[Any]) -> bool:
    """Whether the seller sees `screen`: on top, or under a modal. Textual's is_current
    also counts the screen right under a full one (the list under the queue), which then
    read the whole book again after every follow-up marked done there."""
    top = screen.app.screen
    return top is screen or (isinstance(top, ModalScreen) and screen.is_current)


def standing(screen: Screen[Any]) -> bool:
    """Whether `screen` still stands: in the app's stack, its widgets there. A timer or a
    callback asked for before it was closed, or thrown away by a language switch's rebuild,
    may come after: its widgets are going or gone, and a query for them would end the app."""
    return screen.is_attached and screen in screen.app.screen_stack


class FollowsTheBook(Screen[None]):
    """A screen that defines `_reload()` (which calls `_stop_refresh()` first)."""

    _stale: bool = False  # the book changed while another screen was on top
    _refresh_timer: Timer | None = None

    def _reload(self) -> None:
        raise TypeError(f"{type(self).__name__} must define _reload()")

    def _stop_refresh(self) -> None:
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
            self._refresh_timer = None

    def on_book_changed(self, message: BookChanged) -> None:
        message.stop()
        if not in_sight(self):
            self._stale = True
            return
        self._stop_refresh()
        self._refresh_timer = self.set_timer(DEBOUNCE_SECONDS, self._reload_standing)

    def _reload_standing(self) -> None:
        if standing(self):  # (closed, or rebuilt, since the book changed: nothing to show)
            self._reload()

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self._reload()
