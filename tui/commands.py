"""The command palette: every app action, by its label in the seller's language."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from xiaoben.tui.i18n import label

# (label key, app action) — everything reachable by a key is also here.
APP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("cmd.customers", "show_customers"),
    ("cmd.new_customer", "new_customer"),
    ("cmd.tiers", "show_tiers"),
    ("cmd.rules", "show_rules"),
    ("cmd.queue", "show_queue"),
    ("cmd.overview", "show_overview"),
    ("cmd.duplicates", "show_duplicates"),
    ("cmd.language", "toggle_language"),
    ("cmd.theme", "toggle_theme"),
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
        target = self.screen if hasattr(self.screen, f"action_{name}") else self.app
        self.app.call_later(target.run_action, action)

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
