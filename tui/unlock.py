"""The passphrase prompt shown before an encrypted book opens: a masked field, the book
opened in a worker, a wrong passphrase said and asked again.

Its own small App, run before the main one: the main app always starts with an open
book. The passphrase lives in the field until the book's key is derived, then the field
is cleared; only the Book (holding the raw key) leaves this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.driver import Driver
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from xiaoben.models.errors import BookError
from xiaoben.models.i18n import Lang, set_language, t
from xiaoben.store.book import Book
from xiaoben.tui.i18n import in_words, translate_bindings
from xiaoben.tui.labels import register_labels
from xiaoben.tui.settings import Settings, load_settings, save_settings
from xiaoben.tui.terminal import drawing_on_its_own_copy
from xiaoben.tui.widgets.inputs import TextBox
from xiaoben.tui.widgets.wrapped import WrappedText, wrap_notices

Opening = Callable[[str], Book]
Typed = list[events.Key | events.Paste]  # keys typed after the passphrase's Enter


class UnlockApp(App[Book | None]):
    """Asks for the passphrase of the encrypted book at `path`; returns the open Book, or
    None when the seller quits."""

    CSS = """
    Screen { align: center middle; }
    #unlock { width: 64; height: auto; border: round $accent; padding: 1 2; }
    #unlock-error { color: $error; height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+q", "quit", "key.quit", priority=True, show=False, id="quit"),
        Binding(
            "f6", "toggle_language", "key.language", tooltip="cmd.language.help", id="language"
        ),
    ]

    def __init__(self, path: Path, opening: Opening, settings: Settings | None = None) -> None:
        register_labels()
        wrap_notices()
        self.settings = settings or load_settings()
        set_language(self.settings.effective_language())
        super().__init__()
        translate_bindings(self)
        self.path = path
        self._opening = opening
        self._pending: list[str] = []
        # Keys typed before the field is there and has the focus (the app still loading):
        # Textual hands a key to the focused widget, or to the screen when there is none,
        # and the screen drops it. They are held and given to the field once it is ready.
        self._early: list[events.Key | events.Paste] | None = []
        self._said: BookError | None = None  # the last refusal, said again after F6
        # Keys typed after the passphrase's Enter, meant for the app that opens: held from
        # the Enter on (never typed into the field, where they would join the passphrase
        # before it is read), given to the app (`type_ahead`), dropped when it does not open.
        self.typed_ahead: Typed = []
        self._holding = False
        self.title = t("unlock.title")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands in the palette, in the seller's language."""
        return in_words(super().get_system_commands(screen))

    def get_driver_class(self) -> type[Driver]:
        """The app's driver (tui/terminal.py): the first to start reads the keys typed
        before `xiaoben` kept them as typed — the passphrase, typed ahead, is typed here."""
        return drawing_on_its_own_copy(super().get_driver_class())

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock"):
            yield WrappedText(t("unlock.file", path=self.path.name), id="unlock-file", markup=False)
            yield WrappedText(t("unlock.ask"), id="unlock-ask", markup=False)
            yield TextBox(password=True, placeholder=t("unlock.placeholder"), id="passphrase")
            yield WrappedText("", id="unlock-error", markup=False)

    async def on_event(self, event: events.Event) -> None:
        early = self._early
        typed = isinstance(event, events.Key | events.Paste) and not event.is_forwarded
        if early is not None and typed:
            assert isinstance(event, events.Key | events.Paste)
            early.append(event)
            return
        if typed and self._holding and not self._quits(event):
            assert isinstance(event, events.Key | events.Paste)
            self.typed_ahead.append(event)
            return
        if typed and isinstance(event, events.Key) and event.key == "enter":
            # The field may not have read the keys before it yet: whether it submits a
            # passphrase is known at its Submitted, where an empty one lets the keys go.
            self._holding = isinstance(self.focused, TextBox) and not self.focused.disabled
        await super().on_event(event)

    def _quits(self, event: events.Event) -> bool:
        """Ctrl+Q: quitting while the book opens is never held for the app."""
        return isinstance(event, events.Key) and event.key == "ctrl+q"

    async def on_mount(self) -> None:
        field = self.query_one("#passphrase", TextBox)
        self.screen.set_focus(field, scroll_visible=False)  # now, not after a message
        early, self._early = self._early or [], None
        for event in early:  # in the order typed, before any key that comes after
            await super().on_event(event)

    def action_toggle_language(self) -> None:
        """F6, as in the main app: the prompt in the other language, remembered (the app
        that follows opens in it too)."""
        language: Lang = "en" if self.settings.effective_language() == "zh" else "zh"
        self.settings = self.settings.model_copy(update={"language": language})
        save_settings(self.settings)
        set_language(language)
        translate_bindings(self)
        self.title = t("unlock.title")
        self.query_one("#unlock-file", Static).update(t("unlock.file", path=self.path.name))
        self.query_one("#unlock-ask", Static).update(t("unlock.ask"))
        field = self.query_one("#passphrase", TextBox)
        field.placeholder = t("unlock.placeholder")
        said = "" if self._said is None else self._said.message()
        self.query_one("#unlock-error", Static).update(
            t("unlock.opening") if field.disabled else said
        )

    @on(Input.Submitted, "#passphrase")
    async def _submitted(self, event: Input.Submitted) -> None:
        field = self.query_one("#passphrase", TextBox)
        if not event.value or field.disabled:
            await self._let_go()
            return
        # Handed to the worker through a list it empties: no worker argument keeps the text.
        # The value as Enter found it: a key typed after it is never part of it.
        self._pending.append(event.value)
        field.value = ""
        field.disabled = True
        self.query_one("#unlock-error", Static).update(t("unlock.opening"))
        self._open()

    async def _let_go(self) -> None:
        """An Enter that opened nothing (an empty field): the keys after it as typed."""
        held, self.typed_ahead, self._holding = self.typed_ahead, [], False
        for event in held:
            await self.on_event(event)  # an Enter among them is a passphrase's again

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock")
    def _open(self) -> Book:
        return self._opening(self._pending.pop())

    @on(Worker.StateChanged)
    def _opened(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "unlock":
            return
        if event.state == WorkerState.SUCCESS:
            self.exit(event.worker.result)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            if not isinstance(error, BookError):
                raise error if error is not None else RuntimeError("opening failed")
            self._said = self._named(error)
            self._holding, self.typed_ahead = False, []  # typed for a book that did not open
            self.query_one("#unlock-error", Static).update(self._said.message())
            field = self.query_one("#passphrase", TextBox)
            field.disabled = False
            field.focus()

    def _named(self, error: BookError) -> BookError:
        """`error` naming the book by its file name, as the line above does: its whole path
        would take the message's lines (and the seller typed it, or chose it, already)."""
        said = error.values.get("path")
        if said is None or Path(said).absolute() != self.path.absolute():
            return error
        return BookError(error.key, **{**error.values, "path": self.path.name})


def unlock(
    path: Path, opening: Opening, settings: Settings | None = None
) -> tuple[Book | None, Settings, Typed]:
    """Run the prompt (in the language of `settings`: --lang's, else the remembered one);
    the open book, or None if the seller quit, the settings the app goes on with (the
    language switched with F6 at the prompt), and the keys typed after the passphrase's
    Enter, for the app (XiaobenApp.type_ahead)."""
    app = UnlockApp(path, opening, settings)
    return app.run(), app.settings, app.typed_ahead
