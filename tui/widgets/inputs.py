"""The app's form controls: Textual's text fields, selects, checkboxes, buttons and lists,
applying keys in the order typed, to the control that has the focus when each is handled.

In Textual 8.2 a printable key is inserted by the field's own key handler, but a bound
key (Backspace, arrows, ctrl+u, ctrl+v, …) bubbles up to the App, which runs the binding
only when the event gets there. The keys of one terminal read have all been forwarded to
the field by then, so characters typed after the Backspace go in first: `5⌫12000` became
51200 (textual#6605, open; its PR textual#6631 runs a widget's own bindings inline). These
controls run their bindings as the key arrives: their own, and the screen's and the App's
(Tab, Enter, Esc, Space …), the chain Textual walks itself. A key that reaches a control
after an earlier key of the same read moved the focus away (`ab⇥cd`: "cd" was forwarded
to the name before the Tab ran) goes on to the widget that has the focus now, as it
would have, typed slowly: the phone gets "cd", not the name. The same holds when the
focus moves into a select's list and back: a select opens, finds, chooses and lets the
focus go on at once, so the keys after it reach the list, the select, or the next field.
Use them for every control of a form; drop them once Textual fixes the order upstream.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, OptionList, Select, SelectionList, TextArea
from textual.widgets._select import SelectCurrent, SelectOverlay


async def run_own_binding(field: Widget, event: events.Key) -> bool:
    """Run the binding of a key now, not after a trip to the App; pass on a key that
    arrived after the focus left this control. True when the key was dealt with here
    (passed on, or its binding ran).

    The same binding the App would pick (keymap applied): the focused control leads the
    binding chain, then its containers, the screen and the App, and priority bindings
    were tried before the key was forwarded to it. A key the control takes itself (text,
    a select list's type-to-find) is left to it: it is applied in order already.
    """
    app = field.app
    if app.focused is not field:
        # An earlier key of the same read moved the focus: this one is the new widget's.
        event.prevent_default()  # not applied here
        event.stop()
        app.post_message(events.Key(event.key, event.character))
        return True
    if field.check_consume_key(event.key, event.character):
        return False  # the control applies it itself, in order
    chain = field.screen._modal_binding_chain
    if not chain or chain[0][0] is not field:
        return False  # not the focused control: the App's usual way
    for node, bindings in chain:
        for binding in bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await app.run_action(binding.action, node):
                event.stop()  # handled: the App must not run it a second time
                return True
    return False


class TextBox(Input):
    """Textual's Input, with Backspace, arrows, ctrl+u … applied in the order typed."""

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls each class's _on_key down the MRO: Input's inserts printable keys.
        await run_own_binding(self, event)


class TextAreaBox(TextArea):
    """Textual's TextArea, with its bound keys applied in the order typed."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


class TickBox(Checkbox):
    """Textual's Checkbox: Space and Enter toggle it in the order typed."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


class ButtonBox(Button):
    """Textual's Button: Enter presses it in the order typed."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


class SelectionBox(SelectionList[Any]):
    """Textual's SelectionList: Space ticks, arrows move, in the order typed."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


class OptionBox(OptionList):
    """Textual's OptionList: arrows move and Enter chooses, in the order typed."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


class _SelectList(SelectOverlay):
    """A select's open list. Choosing (Enter) and closing (Esc) give the focus back to the
    select at once, not by a message the keys after them would overtake."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)

    def action_select(self) -> None:
        select = self.parent
        index = self.highlighted
        chosen = index is not None and not self.get_option_at_index(index).disabled
        if isinstance(select, SelectBox) and index is not None and chosen:
            select.choose(index)

    def action_dismiss(self) -> None:
        select = self.parent
        if isinstance(select, SelectBox):
            select.close()


class SelectBox(Select[Any]):
    """Textual's Select: Enter, Space and the arrows open it, letters find an option in the
    open list, Enter chooses and Esc closes it — each in the order typed."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield _SelectList(type_to_search=self._type_to_search).data_bind(compact=Select.compact)

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)

    def _watch_expanded(self, expanded: bool) -> None:
        super()._watch_expanded(expanded)
        if expanded:  # the list has the focus now: the next key of the read is the list's
            self.screen.set_focus(self.query_one(_SelectList), scroll_visible=False)

    def choose(self, index: int) -> None:
        """The option at `index` chosen from the open list; the select has the focus."""
        value = self._options[index][1]
        if value != self.value:
            self.value = value
        self.close()

    def close(self) -> None:
        self.screen.set_focus(self, scroll_visible=False)
        self.expanded = False
