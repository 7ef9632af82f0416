"""The footer every screen shows: the keys that work here, as many as fit the terminal.

When the keys do not fit (80 columns), the app's own keys give way first (language, then
the other screens), then the screen's last ones; every key stays in the palette (ctrl+p).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the footer's own item, to measure it

# The app's keys in the order they give way (first listed, first dropped).
GIVE_WAY = ("f6", "f7", "f9", "f4", "f3", "f8", "f2", "ctrl+q", "f5")
_PALETTE_EXTRA = 2  # the palette key's left border and right padding


def _width(key: FooterKey, compact: bool) -> int:
    if compact:
        return cell_len(key.key_display) + 1 + cell_len(key.description) + 1
    return cell_len(key.key_display) + 2 + cell_len(key.description) + (1 if key.description else 0)


class KeysFooter(Footer):
    """Footer that never cuts a key: the ones that do not fit are left to the palette."""

    def __init__(self) -> None:
        super().__init__()
        self._composed_width = 0
        self._composed_keys: tuple[object, ...] | None = None

    def _keys_shown(self) -> tuple[object, ...]:
        """What the footer shows of the screen's keys: each as its FooterKey is made."""
        return tuple(
            (
                binding.key,
                binding.action,
                binding.description,
                binding.tooltip,
                (binding.group.description, binding.group.compact) if binding.group else None,
                enabled,
                tooltip,
            )
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
        )

    def bindings_changed(self, screen: Screen) -> None:
        """Made again only when the keys it shows have changed: Textual's footer is made
        again at every change of focus, and a Tab through the profile's fields cost a new
        footer each (a fifth of the key's time), the same keys every time."""
        if (
            self._bindings_ready
            and screen is self.screen
            and self._keys_shown() == self._composed_keys
        ):
            return
        super().bindings_changed(screen)

    def _room(self) -> int:
        return self.size.width or self.screen.size.width or self.app.size.width

    def compose(self) -> ComposeResult:
        items: list[Widget] = list(super().compose())
        self._composed_keys = self._keys_shown() if self._bindings_ready else None
        room = self._room()
        self._composed_width = room
        keys = [item for item in items if isinstance(item, FooterKey)]
        palette = [key for key in keys if key.has_class("-command-palette")]
        shown = [key for key in keys if not key.has_class("-command-palette")]
        used = sum(_width(key, self.compact) for key in shown)
        used += sum(_width(key, self.compact) + _PALETTE_EXTRA for key in palette)
        app_keys = {
            key for key, (node, *_rest) in self.screen.active_bindings.items() if node is self.app
        }
        order = [key for name in GIVE_WAY for key in shown if key.key == name and name in app_keys]
        order += [key for key in reversed(shown) if key not in order]
        dropped: set[int] = set()
        for key in order:
            if used <= room:
                break
            dropped.add(id(key))
            used -= _width(key, self.compact)
        yield from (item for item in items if id(item) not in dropped)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._composed_width and self._bindings_ready:
            self.call_after_refresh(self.recompose)
