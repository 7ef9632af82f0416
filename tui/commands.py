"""The command palette: every app action, by its label in the seller's language."""

from __future__ import annotations

from contextlib import suppress
from functools import partial

from textual import events
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from xiaoben.models.i18n import t
from xiaoben.tui.i18n import label, saying
from xiaoben.tui.widgets.leaving import leave_edits_then
from xiaoben.tui.widgets.view_modals import count_text

# (label key, app action) — everything reachable by a key is also here.
APP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("cmd.customers", "show_customers"),
    ("cmd.new_customer", "new_customer"),
    ("cmd.tiers", "show_tiers"),
    ("cmd.rules", "show_rules"),
    ("cmd.queue", "show_queue"),
    ("cmd.overview", "show_overview"),
    ("cmd.import", "show_import"),
    ("cmd.back_up", "back_up_now"),
    ("cmd.duplicates", "show_duplicates"),
    ("cmd.fields", "show_fields"),
    ("cmd.language", "toggle_language"),
    ("cmd.theme", "toggle_theme"),
    ("cmd.presentation", "toggle_presentation"),
    ("cmd.lock", "lock"),
    ("cmd.quit", "quit"),
)


class XiaobenCommands(Provider):
    def _commands(self) -> list[tuple[str, str, str]]:
        commands = [(label(key), action, label(f"{key}.help")) for key, action in APP_COMMANDS]
        screen_commands = getattr(self.screen, "palette_commands", None)
        if screen_commands is not None:
            commands += [(label(key), action, "") for key, action in screen_commands()]
        return commands

    def _run(self, action: str) -> None:
        name = action.partition("(")[0]  # "period(30)" is the screen's action_period
        screen = self.screen
        if not hasattr(screen, f"action_{name}"):
            self.app.call_later(self.app.run_action, action)
            return

        async def run() -> None:
            # F6 in the palette switches the language as it closes, rebuilding every screen
            # (before or after the hit is chosen): the command is the rebuilt screen's then.
            # Run on the screen thrown away, it found none of its widgets and ended the app.
            target = self._standing(screen)
            if target is not None:
                await target.run_action(action)

        self.app.call_later(run)

    def _standing(self, screen: Screen[object]) -> Screen[object] | None:
        """`screen` if it is still in the app's stack, else the screen a language switch
        built in its place (its rebuild, once more if switched twice) if that one is; None
        if neither is (closed: the command is dropped)."""
        rebuilt = getattr(self.app, "rebuilt_as", {})
        found: Screen[object] | None = screen
        while found is not None and found not in self.app.screen_stack:
            found = rebuilt.get(found)
        return found

    async def discover(self) -> Hits:
        for name, action, help_text in self._commands():
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(self._run, action), help=help_text
                )


class BackupCommands(Provider):
    """The book's backups, newest first: choosing one says how to restore it (restoring
    replaces the whole book, so it is done from the command line, after a comparison)."""

    def _backups(self) -> list[tuple[str, str]]:
        found = []
        book = self.app.book  # type: ignore[attr-defined]  # XiaobenApp
        now = book.now()
        for backup in book.backups():  # those stamped later than now last, marked
            counts = backup.counts()
            shown = t(
                "cmd.backup_entry_future" if backup.stamped_after(now) else "cmd.backup_entry",
                when=backup.taken.strftime("%Y-%m-%d %H:%M"),
                customers=counts["customers"],
                purchases=counts["purchases"],
            )
            found.append((shown, backup.path.name))
        return found

    def _tell(self, name: str) -> None:
        self.app.notify(saying("cmd.backup_restore", name=name), markup=False, timeout=20)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for shown, name in await self._listed():
            score = matcher.match(shown)
            if score > 0:
                yield Hit(score, matcher.highlight(shown), partial(self._tell, name), help=name)

    async def discover(self) -> Hits:
        for shown, name in await self._listed():
            yield DiscoveryHit(shown, partial(self._tell, name), help=name)

    async def _listed(self) -> list[tuple[str, str]]:
        import asyncio

        return await asyncio.to_thread(self._backups)


class ViewCommands(Provider):
    """The seller's saved views, with how many customers each listed when last counted:
    choosing one shows the customer list as the view says."""

    def _views(self) -> list[tuple[str, int]]:
        home = self.app.screen_stack[1] if len(self.app.screen_stack) > 1 else None
        views = getattr(home, "saved_views", None)
        counts: dict[int, int] = getattr(home, "view_counts", {})
        if views is None:
            return []
        return [
            (t("cmd.view_entry", name=view.name, count=count_text(counts.get(view.id or 0))), id_)
            for view in views
            if (id_ := view.id) is not None
        ]

    def _open(self, view_id: int) -> None:
        app = self.app

        async def show() -> None:
            await app.run_action("show_customers")  # back to the list, whatever is on top
            await app.screen_stack[1].run_action(f"apply_view({view_id})")

        # A form with unsaved edits asks first, as every screen switch does.
        app.call_later(leave_edits_then, app, partial(app.call_later, show))

    async def discover(self) -> Hits:
        for shown, view_id in self._views():
            yield DiscoveryHit(shown, partial(self._open, view_id))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for shown, view_id in self._views():
            score = matcher.match(shown)
            if score > 0:
                yield Hit(score, matcher.highlight(shown), partial(self._open, view_id))


class Palette(CommandPalette):
    """Textual's palette, where Enter runs the top match of everything typed before it.
    The palette searches as the text changes, in a worker; typed fast (`custom fields⏎` in
    one burst, or 30–60 ms a key), Enter came while the search of "custom" still showed
    and ran its top match, the customer list. An Enter waits (tui/widgets/inputs.py) until
    the search of the text typed before it has its matches; the letters do not wait."""

    def holds_key(self, key: events.Key) -> bool:
        return key.key == "enter" and self._searching()

    def _action_command_list(self, action: str) -> None:
        """Textual's, where a page key right after typing (PageDown as the new matches come
        in) asked the list for lines it had not laid out yet: KeyError, and the app ended
        (Textual 8.2.8, OptionList._move_page). The key does nothing then, as at a list's end."""
        with suppress(KeyError):
            super()._action_command_list(action)

    def _searching(self) -> bool:
        group = self._GATHER_COMMANDS_GROUP
        return any(
            worker.node is self and worker.group == group and not worker.is_finished
            for worker in self.workers
        )
