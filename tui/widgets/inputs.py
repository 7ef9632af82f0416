"""The app's text fields: Textual's Input and TextArea, applying keys in the order typed.

In Textual 8.2 a printable key is inserted by the field's own key handler, but a bound
key (Backspace, arrows, ctrl+u, ctrl+v, …) bubbles up to the App, which runs the binding
only when the event gets there. The keys of one terminal read have all been forwarded to
the field by then, so characters typed after the Backspace go in first: `5⌫12000` became
51200 (textual#6605, open). These fields run their bindings as the key arrives: their
own, and the screen's and the App's (Tab, Enter, Esc …), the chain Textual walks itself.
A key that reaches a field after an earlier key of the same read moved the focus away
(`ab⇥cd`: "cd" was forwarded to the name before the Tab ran) goes on to the widget that
has the focus now, as it would have, typed slowly: the phone gets "cd", not the name.
Use them for every text entry; drop them once Textual fixes the order upstream.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


async def run_own_binding(field: Widget, event: events.Key) -> None:
    """Run the binding of a non-printable key now, not after a trip to the App; pass on a
    key that arrived after the focus left this field.

    The same binding the App would pick (keymap applied): the focused field leads the
    binding chain, then its containers, the screen and the App, and priority bindings
    were tried before the key was forwarded to it.
    """
    app = field.app
    if app.focused is not field:
        # An earlier key of the same read moved the focus: this one is the new widget's.
        event.prevent_default()  # not inserted here
        event.stop()
        app.post_message(events.Key(event.key, event.character))
        return
    if event.is_printable:
        return  # the field inserts it itself, in order
    chain = field.screen._modal_binding_chain
    if not chain or chain[0][0] is not field:
        return  # not the focused field: the App's usual way
    for node, bindings in chain:
        for binding in bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await app.run_action(binding.action, node):
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
