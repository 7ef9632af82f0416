"""The lock: a screen over every other that shows nothing of the book until unlocked.

No footer, no title of a customer, no notification (the app holds them until unlocked).
A plain book unlocks with any key; an encrypted one with its passphrase, typed in a masked
field and checked by the book in a worker (tui/unlocking.py decides which).
"""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from xiaoben.models.i18n import t
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.messages import Unlocked
from xiaoben.tui.unlocking import asks_passphrase, unlocks
from xiaoben.tui.widgets.inputs import TextBox
from xiaoben.tui.widgets.wrapped import WrappedText


class LockScreen(ReachesTheBook, Screen[None]):
    DEFAULT_CSS = """
    LockScreen {
        align: center middle;
        background: $background;
    }
    LockScreen #lock-box {
        width: 56;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: round $primary;
    }
    LockScreen #lock-title {
        width: 100%;
        text-align: center;
        text-style: bold;
    }
    LockScreen #lock-hint {
        width: 100%;
        text-align: center;
        color: $text-muted;
        margin: 1 0 0 0;
    }
    LockScreen #lock-passphrase {
        margin: 1 0 0 0;
    }
    LockScreen #lock-error {
        width: 100%;
        color: $error;
        height: auto;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.checking = False

    def compose(self) -> ComposeResult:
        passphrase = asks_passphrase(self.book)
        with Vertical(id="lock-box"):
            yield Static(t("lock.title"), id="lock-title", markup=False)
            hint = "lock.hint.passphrase" if passphrase else "lock.hint.any_key"
            yield WrappedText(t(hint), id="lock-hint", markup=False)
            if passphrase:
                yield TextBox(password=True, placeholder=t("lock.passphrase"), id="lock-passphrase")
                yield WrappedText("", id="lock-error", markup=False)

    def on_mount(self) -> None:
        if asks_passphrase(self.book):
            self.query_one("#lock-passphrase", TextBox).focus()

    def on_key(self, event: events.Key) -> None:
        if asks_passphrase(self.book):
            return  # the passphrase field takes the keys; Enter checks it
        # A plain book: the key unlocks and does nothing else.
        event.stop()
        event.prevent_default()
        self.app.post_message(Unlocked())

    @on(Input.Submitted, "#lock-passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.checking or not event.value:
            return
        self.checking = True
        field = self.query_one("#lock-passphrase", TextBox)
        typed, field.value = event.value, ""  # not kept in the field while it is checked
        self._check(typed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock")
    def _check(self, typed: str) -> None:
        right = unlocks(self.book, typed)
        self.app.call_from_thread(self._checked, right)

    def _checked(self, right: bool) -> None:
        self.checking = False
        if right:
            self.app.post_message(Unlocked())
            return
        self.query_one("#lock-error", Static).update(t("lock.wrong_passphrase"))
        self.query_one("#lock-passphrase", TextBox).focus()
