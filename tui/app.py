"""The xiaoben app: owns the open book, the settings, navigation and the common keys.

Built by `make_app()` so the command, the tests and the snapshot tests construct it
the same way. Screens reach the book as `self.book` (tui/book_access.py) and call it in
thread workers; they ask for another screen with a navigation message (tui/messages.py),
which the app carries out. The book's change listener posts BookChanged so whatever is on
screen refreshes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from functools import partial, wraps
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingsMap
from textual.driver import Driver
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import Screen, ScreenResultCallbackType
from textual.widget import AwaitMount

from xiaoben.models.errors import BookError
from xiaoben.models.i18n import Lang, set_language, t
from xiaoben.store.backups import Outcome
from xiaoben.store.book import Book
from xiaoben.store.memory import give_memory_back, heap_trimmer
from xiaoben.tui.commands import BackupCommands, Palette, ViewCommands, XiaobenCommands
from xiaoben.tui.compositing import keep_wide_characters_whole
from xiaoben.tui.i18n import Notice, in_words, saying, textual_notice, translate_bindings
from xiaoben.tui.labels import register_labels
from xiaoben.tui.messages import (
    BookChanged,
    EditCustomer,
    ListCustomers,
    NewCustomer,
    OpenCustomer,
    ShowCustomers,
    Unlocked,
)
from xiaoben.tui.presenting import (
    Named,
    Presentation,
    presenting,
    set_presentation,
    told_presenting,
)
from xiaoben.tui.screens.lock import LockScreen
from xiaoben.tui.settings import Settings, load_settings, save_settings
from xiaoben.tui.terminal import drawing_on_its_own_copy
from xiaoben.tui.widgets.inputs import KeysOneAtATime
from xiaoben.tui.widgets.leaving import leave_edits_then, told_saving
from xiaoben.tui.widgets.wrapped import wrap_notices

THEMES = {"dark": "textual-dark", "light": "textual-light"}
# Books this big get their overview worked out in the background after start-up.
WARM_OVERVIEW_CUSTOMERS = 10_000
WARM_OVERVIEW_AFTER = 1.0  # seconds after the first screen
IDLE_CHECK_SECONDS = 5.0  # how often the idle time is compared with the lock rule
OTHER_WRITERS_SECONDS = 2.0  # how often the book is asked whether another process wrote it
# What a locked app still does: quit (everything is saved) and take the unlocking key.
WHILE_LOCKED = frozenset({"quit"})


# The screen each navigation key shows (by name: screens are imported when first shown).
_SCREEN_OF_ACTION = {
    "show_customers": "CustomersScreen",
    "show_tiers": "TiersScreen",
    "show_rules": "RulesScreen",
    "show_queue": "QueueScreen",
    "show_overview": "OverviewScreen",
    "show_import": "ImportScreen",
}


def _asks_before_leaving(action: Callable[..., None]) -> Callable[..., None]:
    """A switch to another screen: an open screen holding unsaved edits (a form, the rules)
    is closed first, asking the question its Esc asks (tui/widgets/leaving.py). None while
    a file is being imported: the seller would leave its progress and report behind, and
    could start a second import of the same file on a new Import screen."""

    @wraps(action)
    def switch(app: XiaobenApp, *args: Any) -> None:
        if app._told_importing("app.stay_while_importing"):  # its progress, its report: stay
            return
        leave_edits_then(app, partial(action, app, *args))

    return switch


class XiaobenApp(KeysOneAtATime):
    CSS_PATH = "app.tcss"
    TITLE = "小本 xiaoben"
    COMMANDS = App.COMMANDS | {XiaobenCommands, BackupCommands, ViewCommands}
    BINDINGS = [
        Binding(
            "f2", "show_customers", "key.customers", tooltip="cmd.customers.help", id="customers"
        ),
        Binding("f3", "show_tiers", "key.tiers", tooltip="cmd.tiers.help", id="tiers"),
        Binding("f4", "show_rules", "key.rules", tooltip="cmd.rules.help", id="rules"),
        Binding("f5", "show_queue", "key.queue", tooltip="cmd.queue.help", id="queue"),
        Binding("f8", "show_overview", "key.overview", tooltip="cmd.overview.help", id="overview"),
        # Not in the footer (it is full at 100 columns): the palette's entry names the key.
        Binding(
            "f9", "show_import", "key.import", tooltip="cmd.import.help", id="import", show=False
        ),
        # Priority: a dialog (a modal screen) would keep it from the App and lose it.
        Binding(
            "f6",
            "toggle_language",
            "key.language",
            tooltip="cmd.language.help",
            id="language",
            priority=True,
        ),
        Binding(
            "f10", "show_fields", "key.fields", tooltip="cmd.fields.help", id="fields", show=False
        ),
        Binding(
            "f7", "toggle_theme", "key.theme", tooltip="cmd.theme.help", id="theme", show=False
        ),
        Binding("ctrl+q", "quit", "key.quit", tooltip="cmd.quit.help", id="quit", priority=True),
        Binding(
            "ctrl+l",
            "lock",
            "key.lock",
            tooltip="cmd.lock.help",
            id="lock",
            show=False,
            priority=True,
        ),
        Binding(
            "f12",
            "toggle_presentation",
            "key.presentation",
            tooltip="cmd.presentation.help",
            id="presentation",
            show=False,
        ),
    ]

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal, drawing on its own copy of fd 2: the
        importer points fd 2 away while a workbook is read (tui/terminal.py)."""
        return drawing_on_its_own_copy(super().get_driver_class())

    def __init__(
        self, book: Book, settings: Settings, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        register_labels()
        keep_wide_characters_whole()  # before the first screen is made
        wrap_notices()
        self.book = book
        self.settings = settings
        set_language(settings.effective_language())
        set_presentation(Presentation())
        super().__init__()
        translate_bindings(self)
        book.on_change(self._book_changed)
        self.clock = clock  # seconds; a test's clock moves by hand
        self.idle_check_seconds = IDLE_CHECK_SECONDS
        self.locked = False
        self._last_input = clock()
        self._held: list[Callable[[], object]] = []  # screens and notices kept until unlocked
        self._switch_language_after_dialog = False  # F6 in a dialog: switched once it closes
        # each screen a language switch rebuilt -> the screen built in its place (a palette
        # command chosen on the old one runs on the new: tui/commands.py)
        self.rebuilt_as: WeakKeyDictionary[Screen[Any], Screen[Any]] = WeakKeyDictionary()
        self._backup: Callable[[], Outcome] | None = None
        self._backing_up = False  # a backup the seller asked for is being written

    def back_up_meanwhile(self, wait: Callable[[], Outcome]) -> None:
        """The day's backup, being written on a thread of its own while the app runs
        (store.backups.backup_alongside): `wait` gives its outcome. A warning is shown when
        it ends; the book is closed only after it."""
        self._backup = wait

    def on_mount(self) -> None:
        self.theme = THEMES[self.settings.theme]
        from xiaoben.tui.screens.customers import CustomersScreen

        self.push_screen(CustomersScreen())
        self.hand_on_typed_ahead()  # typed at the passphrase prompt, after its Enter
        self.set_timer(WARM_OVERVIEW_AFTER, self._warm_overview)
        if self._backup is not None:
            self._tell_backup(self._backup)
        self.set_interval(self.idle_check_seconds, self.lock_if_idle)
        self.book.look_for_other_writers()  # the first look: the book as the screens show it
        self.set_interval(OTHER_WRITERS_SECONDS, self.book.look_for_other_writers)
        if self.book.other_writers():
            self.notify(saying("store.second_writer", path=self.book.path), severity="warning")
        if self.book.read_only:
            self.notify(
                self.book.read_only_note()(),
                severity="warning",
                markup=False,
                timeout=30,
            )

    @work(thread=True, exit_on_error=False, group="warm-overview")
    def _warm_overview(self) -> None:
        """On a big book, work out the overview's figures once the start-up pass is done,
        so f8 opens on them at once (they take about a second at 100k customers)."""
        if self.book.customer_count() >= WARM_OVERVIEW_CUSTOMERS:
            self.book.settle()
            self.book.overview()

    @work(thread=True, exit_on_error=False, group="backup")
    def _tell_backup(self, wait: Callable[[], Outcome]) -> None:
        _, warning = wait()
        if warning:  # a folder that cannot be written: the book is open all the same
            shown = t("store.backup_failed", path=self.book.path, reason=warning)
            self.call_from_thread(self.notify, shown, severity="warning", markup=False)

    def action_back_up_now(self) -> None:
        self._backing_up = True  # until the worker ends: a quit meanwhile is told to wait
        self._back_up()

    def _writing_now(self) -> str | None:
        """What a file being written now (a backup asked for, an export or a bulk change of
        the customer list) tells a seller who quits meanwhile; None when nothing is."""
        if self._backing_up:
            return t("cmd.still_backing_up")
        for screen in self.screen_stack:
            writing = getattr(screen, "writing_now", lambda: None)()
            if writing is not None:
                return str(writing)
        return None

    @work(thread=True, exit_on_error=False, group="backup")
    def _back_up(self) -> None:
        try:
            self._back_up_now()
        finally:
            self._backing_up = False

    def _back_up_now(self) -> None:
        try:
            path = self.book.back_up()
        except (OSError, BookError) as exc:
            reason = exc.message() if isinstance(exc, BookError) else str(exc)
            shown = t("store.backup_failed", path=self.book.path, reason=reason)
            self.call_from_thread(self.notify, shown, severity="error", markup=False)
            return
        shown = t("cmd.backed_up", path=path)
        self.call_from_thread(self.notify, shown, markup=False)

    def _book_changed(self) -> None:
        # Called from whichever thread wrote; post_message is thread-safe.
        self.post_message(BookChanged())

    def on_book_changed(self, message: BookChanged) -> None:
        if presenting():  # the rules may have changed how names are shown
            self._present(True)
        for screen in self.screen_stack:
            screen.post_message(BookChanged())

    # ---- the lock --------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self._last_input = self.clock()  # a key or the mouse: the seller is here
        await super().on_event(event)

    def lock_if_idle(self) -> None:
        """Lock when the seller has been away longer than the rule (0: never)."""
        minutes = self.book.rules().lock_minutes
        if minutes and not self.locked and self.clock() - self._last_input >= minutes * 60:
            self.action_lock()

    def action_lock(self) -> None:
        """Hide everything behind the lock screen at once."""
        if self.locked:
            return
        self.locked = True
        self.clear_notifications()  # a toast may name a customer
        self.push_screen(LockScreen())

    @on(Unlocked)
    def _unlocked(self, message: Unlocked) -> None:
        if not self.locked or not isinstance(self.screen, LockScreen):
            return
        self.locked = False
        self._last_input = self.clock()
        self.pop_screen()
        held, self._held = self._held, []
        for deferred in held:
            deferred()

    def push_screen(
        self,
        screen: Screen[Any] | str,
        callback: ScreenResultCallbackType[Any] | None = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> Any:
        """As App.push_screen; while locked, a screen a worker opens waits until unlocked
        (it would show over the lock)."""
        if self.locked and not isinstance(screen, LockScreen):
            self._held.append(partial(super().push_screen, screen, callback, mode=mode))
            return AwaitMount(self.screen, [])  # nothing to wait for
        if wait_for_dismiss:
            return super().push_screen(screen, callback, True, mode=mode)
        return super().push_screen(screen, callback, False, mode=mode)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """As App.notify; while locked, the notice waits until unlocked. Textual's own
        notices (its screenshot's) in the seller's language; ours said with `saying` are said
        again after a language switch."""
        show = partial(
            super().notify,
            message if isinstance(message, Notice) else textual_notice(message),
            title=title if isinstance(title, Notice) else textual_notice(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )
        if self.locked:
            self._held.append(show)
        else:
            show()

    def _on_notify(self, event: Notify) -> None:
        # said as it is shown: a notice made just before a language switch (a worker's, or
        # one held by the lock) is shown after it, in the new language
        _say_again(event.notification)
        super()._on_notify(event)

    def _say_notices_again(self) -> None:
        """The notices in view, said in the language just switched to (the screens are
        rebuilt in it; a notice was text in the old one, left in English on a Chinese
        screen: the second race tester's F). Textual keeps them in `_notifications`."""
        for notification in self._notifications:
            _say_again(notification)
        self._refresh_notifications()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands in the palette (Theme, Keys, Screenshot …), in the
        seller's language."""
        return in_words(super().get_system_commands(screen))

    @on(events.DescendantFocus)
    def _keys_in_words(self, event: events.DescendantFocus) -> None:
        """The keys the Keys panel lists for the focused widget and the containers around
        it (Textual's scrolling keys among them) in the seller's language."""
        for node in event.widget.ancestors_with_self:
            if isinstance(node, Screen):
                break
            translate_bindings(node)

    # ---- presentation mode ---------------------------------------------------------

    def action_toggle_presentation(self) -> None:
        from xiaoben.tui.screens.profile import ProfileScreen

        # Every open screen is built anew to show its values the other way: a dialog, or a
        # screen that cannot be (the merge), must be closed first; a profile form shows
        # values to edit, never masked.
        if self._told_importing():
            return
        if any(
            isinstance(screen, ProfileScreen) or not hasattr(screen, "rebuild")
            for screen in self.screen_stack[1:]
        ):
            self.notify(saying("present.close_dialog_first"), severity="warning")
            return
        self._present(not presenting())
        self._translate_bindings()
        self._rebuild_screens()
        self.notify(saying("present.on" if presenting() else "present.off"))

    def _translate_bindings(self) -> None:
        """The app's keys in the current language. While presenting, the palette's key (the
        one the footer always shows, docked right) says so on every screen."""
        translate_bindings(self)
        if presenting():
            sign = t("key.presenting")
            self._bindings = BindingsMap.from_keys(
                {
                    key: [
                        replace(binding, description=sign)
                        if binding.action == "command_palette"
                        else binding
                        for binding in bindings
                    ]
                    for key, bindings in self._bindings.key_to_bindings.items()
                }
            )

    def _present(self, on: bool) -> None:
        surnames = self.book.rules().present_surnames if on else False
        set_presentation(Presentation(on=on, surnames=surnames))

    # ---- navigation: the messages screens post, and the actions keys run ---------------

    @on(OpenCustomer)
    def _open_customer(self, message: OpenCustomer) -> None:
        self.action_open_customer(message.customer_id, message.known)

    @on(EditCustomer)
    def _edit_customer(self, message: EditCustomer) -> None:
        self.action_edit_customer(message.customer_id, message.known)

    @on(NewCustomer)
    def _new_customer(self, message: NewCustomer) -> None:
        self.action_new_customer()

    @on(ShowCustomers)
    def _show_customers(self, message: ShowCustomers) -> None:
        self.action_show_customers()

    @on(ListCustomers)
    def _list_customers(self, message: ListCustomers) -> None:
        from xiaoben.tui.screens.customers import CustomersScreen

        self.push_screen(CustomersScreen(message.query))

    def _go(self, make: Callable[[], Screen[Any]]) -> None:
        screen = make()
        if type(self.screen) is type(screen):
            return
        self.push_screen(screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While locked only what WHILE_LOCKED allows; a screen's own key is not offered on
        that screen (f5 on the queue does nothing)."""
        if self.locked:
            return action in WHILE_LOCKED
        here = _SCREEN_OF_ACTION.get(action)
        if here is None or type(self.screen).__name__ != here:
            return True
        return action == "show_customers" and len(self.screen_stack) > 2  # a list of a chart

    @_asks_before_leaving
    def action_show_customers(self) -> None:
        if self.locked:
            self._held.append(self.action_show_customers)
            return
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_open_customer(self, customer_id: int, known: Named | None = None) -> None:
        from xiaoben.tui.screens.customer import CustomerScreen

        self.push_screen(CustomerScreen(customer_id, known))

    @_asks_before_leaving
    def action_new_customer(self) -> None:
        from xiaoben.tui.screens.profile import ProfileScreen

        self.push_screen(ProfileScreen(None))

    def action_edit_customer(self, customer_id: int, known: Named | None = None) -> None:
        from xiaoben.tui.screens.profile import ProfileScreen

        if told_presenting(self.notify):
            return
        self.push_screen(ProfileScreen(customer_id, known=known))

    @_asks_before_leaving
    def action_show_tiers(self) -> None:
        from xiaoben.tui.screens.tiers import TiersScreen

        self._go(TiersScreen)

    @_asks_before_leaving
    def action_show_rules(self) -> None:
        from xiaoben.tui.screens.rules import RulesScreen

        self._go(RulesScreen)

    @_asks_before_leaving
    def action_show_queue(self) -> None:
        from xiaoben.tui.screens.queue import QueueScreen

        self._go(QueueScreen)

    @_asks_before_leaving
    def action_show_import(self) -> None:
        from xiaoben.tui.screens.imports import ImportScreen

        self._go(ImportScreen)

    @_asks_before_leaving
    def action_show_overview(self) -> None:
        """The overview; if one is open under the current screen, back to it (it keeps its
        page and period) rather than a second one."""
        from xiaoben.tui.screens.overview import OverviewScreen

        for depth, screen in enumerate(reversed(self.screen_stack)):
            if isinstance(screen, OverviewScreen):
                for _ in range(depth):
                    self.pop_screen()
                return
        self.push_screen(OverviewScreen())

    @_asks_before_leaving
    def action_show_duplicates(self) -> None:
        from xiaoben.tui.screens.duplicates import DuplicatesScreen

        self._go(DuplicatesScreen)

    @_asks_before_leaving
    def action_show_fields(self) -> None:
        from xiaoben.tui.screens.fields import FieldsScreen

        self._go(FieldsScreen)

    async def action_quit(self) -> None:
        """Quit; if a screen holds unsaved changes (a form) or imports a file, ask first; while
        a form's save runs, say so and stay (it ends within the book's wait, saved or not).
        An import (or dry run) under way stops at its next batch, rolled back, so the app
        exits at once rather than after the whole file."""
        if told_saving(self):  # a save under way ends first (15 s at most)
            return
        writing = self._writing_now()
        if writing is not None:  # an export or a backup is written whole, never cut
            self.notify(writing, severity="warning", markup=False)
            return
        importing = self._importing()
        unsaved = any(
            getattr(screen, "has_unsaved_changes", lambda: False)() for screen in self.screen_stack
        )

        def leave() -> None:
            for screen in self.screen_stack:
                getattr(screen, "stop_importing", lambda: None)()
            self.exit()

        if not (unsaved or importing):
            leave()
            return
        from xiaoben.tui.widgets.confirm import ConfirmDialog

        def decided(discard: bool | None) -> None:
            if discard:
                leave()

        question = t("app.quit_importing" if importing else "app.quit_unsaved")
        self.push_screen(ConfirmDialog(question), callback=decided)

    def action_help_quit(self) -> None:
        """Ctrl+C (a reflex to quit): which key quits, in the seller's language (Textual's
        own notice is English)."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                shown = t("app.help_quit", key=key)
                self.notify(shown, title=t("app.help_quit_title"), markup=False)
                return

    def action_command_palette(self) -> None:
        """Textual's palette (an Enter typed ahead runs the match of all typed before it),
        its search field's placeholder in the seller's language."""
        if self.use_command_palette and not Palette.is_open(self):
            placeholder = t("app.palette_placeholder")
            self.push_screen(Palette(placeholder=placeholder, id="--command-palette"))

    # ---- settings ------------------------------------------------------------------

    def _dialog_open(self) -> bool:
        """A window that cannot be rebuilt in the other language is open (a dialog)."""
        return any(not hasattr(screen, "rebuild") for screen in self.screen_stack[1:])

    def pop_screen(self) -> AwaitComplete:
        """As App.pop_screen; a language switch asked for in a dialog is made once the
        last dialog has closed."""
        popped = super().pop_screen()
        if self._switch_language_after_dialog and not self._dialog_open():
            self._switch_language_after_dialog = False
            self.call_later(self._switch_language_when_quiet)
        return popped

    def _switch_language_when_quiet(self) -> None:
        """Switch once the screen the dialog closed over has taken its answer (a purchase
        saved: the page reads it again): rebuilt before, the page would lose it."""
        screen = self.screen
        if getattr(screen, "busy", lambda: False)() or any(
            not worker.is_finished for worker in self.workers if worker.node is screen
        ):
            self.set_timer(0.05, self._switch_language_when_quiet)
            return
        self.action_toggle_language()

    def action_toggle_language(self) -> None:
        if self._dialog_open():  # rebuilt, it would lose what is typed in it: after it
            self._switch_language_after_dialog = not self._switch_language_after_dialog
            waits = self._switch_language_after_dialog
            self.notify(saying("app.language_after_dialog" if waits else "app.language_stays"))
            return
        if told_saving(self):  # the form is rebuilt in the other language: not mid-save
            return
        if self._told_importing():
            return
        language: Lang = "en" if self.settings.effective_language() == "zh" else "zh"
        self.settings = self.settings.model_copy(update={"language": language})
        save_settings(self.settings)
        set_language(language)
        self._translate_bindings()
        self._say_notices_again()
        self._rebuild_screens()
        self.notify(saying("app.language_switched"))  # (its words name the language it was said in)

    def action_toggle_theme(self) -> None:
        theme = "light" if self.settings.theme == "dark" else "dark"
        self.settings = self.settings.model_copy(update={"theme": theme})
        save_settings(self.settings)
        self.theme = THEMES[theme]

    def _importing(self) -> bool:
        return any(getattr(screen, "importing", False) for screen in self.screen_stack)

    def _told_importing(self, words: str = "app.wait_for_import") -> bool:
        """Whether a file is being imported; if so the seller is told (`words`) to switch
        (language, presentation; another screen) once it has ended: the import screen is
        rebuilt by a switch, and the import's progress and report are that screen's."""
        if not self._importing():
            return False
        self.notify(saying(words), severity="warning")
        return True

    def _rebuild_screens(self) -> None:
        """Build every open screen anew, so all its labels are in the new language."""
        stack = [screen for screen in self.screen_stack[1:]]
        rebuilt = [getattr(screen, "rebuild", None) for screen in stack]
        for _ in stack:
            self.pop_screen()
        for screen, make in zip(stack, rebuilt, strict=True):
            new = make() if make else screen
            if new is not screen:
                self.rebuilt_as[screen] = new
            self.push_screen(new)

    def on_unmount(self) -> None:
        if self._backup is not None:
            self._backup()  # its copy reads the book's file: finished before it is closed
        self.book.close()


def _say_again(notification: Notification) -> None:
    """A notice said with `saying`, in the current language (others stay as they were said)."""
    if isinstance(notification.message, Notice):
        notification.message = notification.message.again()
    if isinstance(notification.title, Notice):
        notification.title = notification.title.again()


def make_app(
    book_path: str | Path,
    *,
    today: Callable[[], date] | None = None,
    settings: Settings | None = None,
    clock: Callable[[], float] = time.monotonic,
    passphrase: str | None = None,
    book: Book | None = None,
) -> XiaobenApp:
    """The app on the book at `book_path` (an encrypted one with `passphrase`), or on
    `book` already open (by the passphrase prompt, tui/unlock.py: `opener`)."""
    give_memory_back()  # before the book's threads start
    if book is None:
        book = opener(book_path, today)(passphrase)
    trim = heap_trimmer()
    if trim is not None:
        book.after_whole_book_passes(trim)
    return XiaobenApp(book, settings or load_settings(), clock=clock)


def opener(
    book_path: str | Path, today: Callable[[], date] | None = None
) -> Callable[[str | None], Book]:
    """Opens the book at `book_path` as the app does, given the passphrase (or None)."""

    def opening(passphrase: str | None) -> Book:
        return Book.open(
            book_path, today=today or date.today, background=True, passphrase=passphrase
        )

    return opening
