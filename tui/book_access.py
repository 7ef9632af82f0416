"""How a screen or widget reaches the book: `self.book`, through the ReachesTheBook mixin.

The app holds the one open book; nothing here opens, caches or writes one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.app import App

    from xiaoben.store.book import Book


@runtime_checkable
class HoldsABook(Protocol):
    """An app that holds the open book (XiaobenApp; a test's stand-in app too)."""

    book: Book


class _InAnApp(Protocol):
    @property
    def app(self) -> App[Any]: ...


class ReachesTheBook:
    """Mixed into a Screen, ModalScreen or Widget: `self.book` is the app's open book."""

    @property
    def book(self: _InAnApp) -> Book:
        app = self.app
        if not isinstance(app, HoldsABook):
            raise TypeError(f"{type(app).__name__} holds no book")
        return app.book
