"""The app's text fields: Textual's Input and TextArea, applying keys in the order typed.

In Textual 8.2 a printable key is inserted by the field's own key handler, but a bound
key (Backspace, arrows, ctrl+u, ctrl+v, …) bubbles up to the App, which runs the binding
only when the event gets there. The keys of one terminal read have all been forwarded to
the field by then, so characters typed after the Backspace go in first: `5⌫12000` became
51200 (textual#6605, open). These fields run their own bindings as the key arrives.
Use them for every text entry; drop them once Textual fixes the order upstream.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


async def run_own_binding(field: Widget, event: events.Key) -> None:
    """Run the field's own binding for a non-printable key now, not after a trip to the App.

    The same binding the App would pick (keymap applied): the focused field leads the
    binding chain, and priority bindings were tried before the key was forwarded to it.
    """
    if event.is_printable:
        return  # the field inserts it itself, in order
    chain = field.screen._modal_binding_chain
    if not chain or chain[0][0] is not field:
        return  # not the focused field: the App's usual way
    for binding in chain[0][1].key_to_bindings.get(event.key, ()):
        if not binding.priority and await field.app.run_action(binding.action, field):
            event.stop()  # handled: the App must not run it a second time
            return


class TextBox(Input):
    """Textual's Input, with Backspace, arrows, ctrl+u … applied in the order typed."""

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls each class's _on_key down the MRO: Input's inserts printable keys.
        await run_own_binding(self, event)


class TextAreaBox(TextArea):
    """Textual's TextArea, with its bound keys applied in the order typed."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)
