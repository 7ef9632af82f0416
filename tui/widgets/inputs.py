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
The App (KeysOneAtATime) also hands a read's keys on one at a time, each once the one
before has had its effects, messages included: a ticked box that shows the next field,
Enter's Submitted that moves to it. A paste (bracketed paste: a phone number pasted) waits
behind the keys typed before it, in the same line. Use the controls for every control of
a form; drop all this once Textual fixes the order upstream.

Keys also wait while the screen on top is busy (`Busy`: a save under way, the data the next
key acts on still loading): `p 50 ⏎ Esc /dx` typed at once saves the purchase, then goes
back to the list and searches there — the Esc is not refused by the saving window, and the
`d` never reaches the purchases table beneath it. However long the wait, a key goes to the
screen the keys before it left on top, or nowhere: one held past MOST_SECONDS is dropped,
with the keys after it, and the seller told so (`/liaojuan⏎p66⏎` on a loaded machine: keys
handed on after 1 s reached the list still searching, and the last ⏎ the page it opened).
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections import deque
from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual._time import get_time
from textual.app import App, ComposeResult, ScreenStackError
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, OptionList, Select, SelectionList, TextArea
from textual.widgets._select import SelectCurrent, SelectOverlay
from textual.widgets.input import Selection

from xiaoben.tui.i18n import saying


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
        key = events.Key(event.key, event.character)
        key.time = event.time  # when it was typed (a select's search goes by it)
        if isinstance(app, KeysOneAtATime):
            app.pass_on(key)  # ahead of the keys the App still holds: it came first
        else:
            app.post_message(key)
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


def typed_format_character(event: events.Key) -> str | None:
    """The character of a key that is text Textual will not insert: a format character
    (Unicode Cf: the zero-width joiner of 👨‍👩‍👧, the non-joiner of a Persian word) is not
    `isprintable()`, so Textual's fields dropped it typed, though they keep it pasted.
    Control keys (Cc) are not text. The models drop the invisibles they drop on save."""
    character = event.character
    if character is None or len(character) != 1:
        return None
    return character if unicodedata.category(character) == "Cf" else None


LIST_SEPARATOR = ", "  # how the app writes a list in one line (phones, tags, options)


def one_line(text: str, separator: str = " ") -> str:
    """Pasted `text` for a one-line field, nothing left out: its lines joined by `separator`
    (blank lines dropped, each line's ends trimmed), tabs as spaces."""
    lines = text.replace("\t", " ").splitlines()
    if len(lines) <= 1:
        return lines[0] if lines else ""
    return separator.join(line.strip() for line in lines if line.strip())


class TextBox(Input):
    """Textual's Input, with Backspace, arrows, ctrl+u … applied in the order typed, and a
    paste of several lines kept whole: joined by `line_separator` (a space for text such
    as an address, LIST_SEPARATOR for a list the field splits on commas); a passphrase
    field takes a paste as it is but for its final line end. Textual's Input keeps the
    first line of a paste and drops the rest.

    A field reached by Tab (or focused by the screen) shows the cursor at the end of its
    text, nothing selected: Textual's selects the whole text, and the first key typed
    replaced it (`,13900001111` typed to add a second phone erased the first). ctrl+u
    clears the field (it deletes what is left of the cursor). Only a field holding a
    default, not the seller's data (a new purchase's date: today), is made with
    select_on_focus=True: what is typed (`-1`) replaces it."""

    def __init__(
        self, *args: Any, line_separator: str = " ", masked: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        self.line_separator = line_separator
        self._resuming = False  # focused by resume(): its selection is kept
        self._selecting_all = False  # focused by focus_selected(): its text is selected
        self._select_on_focus_after: bool | None = None  # set while resumed (resume())
        self.passphrase = self.password  # typed unseen, and a paste taken as it is
        # A search shown as dots while presenting (tui/presenting.py): what was typed may be
        # a phone or a note; it is still searched with, and pasted as any search is.
        self.password = self.password or masked

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls each class's _on_key down the MRO: Input's inserts printable keys.
        if await run_own_binding(self, event):
            return
        character = typed_format_character(event)
        if character is not None:  # text Input leaves out: inserted as a printable key is
            event.stop()
            event.prevent_default()
            if self.selection.is_empty:
                self.insert_text_at_cursor(character)
            else:
                self.replace(character, *self.selection)

    def focus_selected(self) -> None:
        """Focus the field with its whole text selected, whatever `select_on_focus` says:
        what is typed replaces it, → or End keeps it to type on (the list's `/`: a new
        search, where the last one is still in the box)."""
        if self.has_focus:
            self.select_all()
            return
        self._selecting_all = True  # the Focus event comes later: it selects
        self.focus()

    def _on_focus(self, event: events.Focus) -> None:
        # Called before Input's (down the MRO), which selects all only if select_on_focus.
        if self._resuming:
            self._resuming = False
        elif self._selecting_all:
            self._selecting_all = False
            self.select_all()
        elif not self.select_on_focus and not event.from_app_focus:  # (from another window:
            self.cursor_position = len(self.value)  # where it was) a value set again moved it

    def resume(self, selection: Selection) -> None:
        """Focus the field with the cursor (or selection) where it was in the field this
        one replaces (a screen rebuilt by F6): the keys typed on go on from there."""
        self._resuming = self.app.focused is not self  # else no Focus event comes
        if self._resuming and self.select_on_focus:  # Textual's would select it all
            self._select_on_focus_after, self.select_on_focus = True, False
        self.selection = selection
        self.focus(scroll_visible=False)

    def _on_blur(self, event: events.Blur) -> None:
        self._selecting_all = False
        if self._select_on_focus_after is not None:
            self.select_on_focus = self._select_on_focus_after
            self._select_on_focus_after = None

    def _on_paste(self, event: events.Paste) -> None:
        # Called before Input's (down the MRO); prevent_default keeps Input's from running.
        event.prevent_default()
        event.stop()
        if self.passphrase:  # a passphrase as pasted (a tab is part of it), but the line end
            text = event.text.rstrip("\r\n")  # that a copied line carries
        else:
            text = one_line(event.text, self.line_separator)
        if not text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)


class TextAreaBox(TextArea):
    """Textual's TextArea, with its bound keys applied in the order typed, and a typed
    format character (a joiner) inserted as text."""

    async def _on_key(self, event: events.Key) -> None:
        if await run_own_binding(self, event):
            return
        character = typed_format_character(event)
        if character is not None and not self.read_only:
            event.stop()
            event.prevent_default()
            self.replace(character, *self.selection, maintain_selection_offset=False)


class TickBox(Checkbox):
    """Textual's Checkbox: Space and Enter toggle it in the order typed."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


class ButtonBox(Button):
    """Textual's Button: Enter presses it in the order typed."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


def _plain(prompt: Any) -> Any:
    """A choice's text shown as it is: a str is read as markup by Textual's lists and
    selects (a tag "[VIP]" showed nothing, "[b]粗体[/b]" showed 粗体)."""
    return Text(prompt) if isinstance(prompt, str) else prompt


class SelectionBox(SelectionList[Any]):
    """Textual's SelectionList: Space ticks, arrows move, in the order typed; each
    choice's text as it is."""

    def __init__(self, *selections: tuple[Any, ...], **options: Any) -> None:
        super().__init__(*((_plain(text), *rest) for text, *rest in selections), **options)

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


class OptionBox(OptionList):
    """Textual's OptionList: arrows move and Enter chooses, in the order typed; each
    option's text as it is (no markup)."""

    def __init__(self, *content: Any, markup: bool = False, **options: Any) -> None:
        super().__init__(*content, markup=markup, **options)

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


class _SelectList(SelectOverlay):
    """A select's open list. Choosing (Enter) and closing (Esc) give the focus back to the
    select at once, not by a message the keys after them would overtake. Letters typed to
    find an option count together when they were typed together: Textual starts the search
    again 0.7 s after the last key it handled, but the App hands a read's keys on one at a
    time, each once the one before has had its effects, which on a loaded machine takes
    longer than that (35 typed at once found 55-64: the 5 alone). So the search goes by
    when each key arrived."""

    _typed = ""  # the letters typed to find an option, by keys that arrived together
    _typed_at = 0.0  # when the last of them arrived

    async def _on_key(self, event: events.Key) -> None:
        if self._type_to_search and event.character is not None and event.is_printable:
            if event.time - self._typed_at > self._search_reset_delay:
                self._typed = ""
            self._search_query = self._typed  # Textual's handler adds this key's letter
            self._typed += event.character
            self._typed_at = event.time
        await run_own_binding(self, event)

    def watch_has_focus(self, value: bool) -> None:
        self._typed = ""  # opened again: a new search
        super().watch_has_focus(value)

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
    open list, Enter chooses and Esc closes it — each in the order typed; each option's
    text as it is."""

    def __init__(self, options: Iterable[tuple[RenderableType, Any]], **settings: Any) -> None:
        super().__init__(((_plain(text), value) for text, value in options), **settings)

    def set_options(self, options: Iterable[tuple[RenderableType, Any]]) -> None:
        super().set_options((_plain(text), value) for text, value in options)

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


@runtime_checkable
class Busy(Protocol):
    def busy(self) -> bool:
        """Whether a key typed now must wait: the screen is saving (its end may close it),
        or still loading what the next key acts on."""
        ...


@runtime_checkable
class HoldsKeys(Protocol):
    def holds_key(self, key: events.Key) -> bool:
        """Whether `key` must wait now, though other keys need not (the palette's Enter
        while the search of the text typed before it still runs; its letters go on)."""
        ...


QUIET_ROUNDS = 2  # turns of the event loop with nothing left to do: the key's effects landed
LAYOUT_PAUSE = 0.004  # seconds between looks while only the screen's layout is pending
# Keys that walk the focus order (Enter: a field's Submitted moves to the next): they wait
# for a pending layout too, so a field the key before showed has its place in the order.
FOCUS_ORDER_KEYS = frozenset({"tab", "shift+tab", "enter"})
# The most a key waits for its turn (the keys before it settled, the screen on top not
# busy): a save waits up to 15 s for another program's write (store/files.py
# BUSY_TIMEOUT_SECONDS), a screen change on a loaded machine a few seconds. Held longer, the
# keys are dropped with a notice: handed on, they would reach a screen not ready for them.
MOST_SECONDS = 20.0
BUSY_PAUSE = 0.01  # seconds between looks at a busy screen


# Priority bindings of the App that still wait their turn behind keys held for a busy
# screen: F6 is a priority binding only so that it reaches the App from a dialog (a modal
# screen keeps the App's keys from it), not to act at once (mid-save it would refuse).
IN_TURN = frozenset({"language"})


class KeysOneAtATime(App[Any]):
    """An App that hands the keys of one terminal read to its widgets one at a time: each
    key once the one before it has had its effects — the binding it ran, the messages it
    posted (a checkbox's Changed that shows the next field, Enter's Submitted that moves
    the focus), the focus it moved. Typed slowly, that is how keys arrive; the controls
    above keep the order where a key still overtakes (another pump busy for long)."""

    _held_keys: deque[events.Key | events.Paste] | None = None  # not handed on yet
    _handing_on = False  # _hand_on_keys is running
    _released: set[int] | None = None  # ids of the keys handed on, not held again
    # Keys a priority key (the lock) overtook, kept for the screens open as they were typed.
    _parked: list[events.Key | events.Paste] | None = None
    _parked_for: list[Screen[Any]] | None = None
    # Keys typed before then are dropped (textual's clock): a screen closed by itself, and
    # they were meant for it (the Enter of its dialog), not for the screen it uncovered.
    _dropping_until = 0.0
    _dropping_said: str | None = None  # said at the first key dropped so

    def type_ahead(self, keys: Iterable[events.Key | events.Paste]) -> None:
        """Keys typed before this app ran (after the passphrase prompt's Enter), handed on
        before any typed since, in the order typed, once `hand_on_typed_ahead` is called."""
        fresh = [
            events.Paste(key.text)
            if isinstance(key, events.Paste)
            else events.Key(key.key, key.character)
            for key in keys
        ]  # new events: those given were another app's
        held = self._held_keys if self._held_keys is not None else deque()
        held.extendleft(reversed(fresh))
        self._held_keys = held

    def hand_on_typed_ahead(self) -> None:
        """Start handing on the keys given to `type_ahead` (the first screen is up)."""
        if self._held_keys:
            self._start_handing_on()

    def drop_typed_ahead(self) -> int:
        """Drop the keys typed and not handed on yet: the screen they were typed for did
        not come (a search's Enter that found no one to open); how many there were."""
        held = self._held_keys
        if not held:
            return 0
        count = len(held)
        held.clear()
        return count

    def drop_keys_awhile(self, seconds: float, said: str) -> None:
        """A screen closed by itself (her customer forgotten elsewhere): the keys held for
        it, and those typed in the next `seconds`, before the seller could see it go, are
        dropped; the first of them dropped says `said`."""
        self.drop_typed_ahead()
        self._dropping_until = get_time() + seconds
        self._dropping_said = said

    def keep_dropping(self, seconds: float) -> None:
        """The keys typed in the next `seconds` from now dropped too (drop_keys_awhile's
        window started again, once what replaced the closed screen is on the screen)."""
        self._dropping_until = max(self._dropping_until, get_time() + seconds)

    def _dropped_awhile(self, event: events.Key | events.Paste) -> bool:
        """Whether `event` was typed in the moment after a screen closed by itself."""
        if event.time >= self._dropping_until:
            return False
        said, self._dropping_said = self._dropping_said, None
        if said is not None:
            self.notify(said, severity="warning", markup=False)
        return True

    def pass_on(self, key: events.Key | events.Paste) -> None:
        """Hand `key` (or a paste) to the focused widget without holding it."""
        if self._released is None:
            self._released = set()
        self._released.add(id(key))
        self.post_message(key)

    async def on_event(self, event: events.Event) -> None:
        # A paste is held too: handed on at once, it would overtake the keys still held.
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            await super().on_event(event)
            return
        if self._released is not None and id(event) in self._released:
            self._released.discard(id(event))
            await super().on_event(event)
            return
        if isinstance(event, events.Key) and self._overtakes(event):
            self._park()
            await super().on_event(event)  # the lock, quit: never behind a busy screen
            self._unpark(self.screen)  # it opened no other screen (quit refused): go on
            return
        if self._dropped_awhile(event):
            return
        if self._held_keys is None:
            self._held_keys = deque()
        self._held_keys.append(event)
        self._start_handing_on()

    def _start_handing_on(self) -> None:
        if not self._handing_on:
            self._handing_on = True
            self.run_worker(self._hand_on_keys(), group="keys-in-order", exit_on_error=False)

    def _park(self) -> None:
        """The keys held for a busy screen, overtaken by a priority key: they wait until
        that screen (or one its closing shows) is on top again, not handed to the screen
        the priority key opens (the lock: its passphrase is typed after them)."""
        held = self._held_keys
        if not held:
            return
        self._parked = [*(self._parked or []), *held]
        held.clear()
        if self._parked_for is None:
            self._parked_for = list(self.screen_stack)
            self.screen_change_signal.subscribe(self, self._unpark)

    def _unpark(self, screen: Screen[Any]) -> None:
        if self._parked is None or self._parked_for is None or screen not in self._parked_for:
            return
        self.screen_change_signal.unsubscribe(self)
        parked, self._parked, self._parked_for = self._parked, None, None
        if self._held_keys is None:
            self._held_keys = deque()
        self._held_keys.extendleft(reversed(parked))  # typed before the keys held now
        self._start_handing_on()

    async def _hand_on_keys(self) -> None:
        held = self._held_keys
        assert held is not None
        try:
            while held:
                first = held[0]
                in_time = await self._its_turn(first, time.monotonic() + MOST_SECONDS)
                if not held or held[0] is not first:
                    continue  # parked meanwhile (a priority key): they wait for their screen
                if not in_time:
                    self._drop_held()
                    continue
                self.pass_on(held.popleft())
                if not held:  # done once the last key has had its effects too (a test
                    # sees the workers it started)
                    await self._until_quiet(False, time.monotonic() + MOST_SECONDS)
        finally:
            self._handing_on = False

    async def _its_turn(self, key: events.Key | events.Paste, deadline: float) -> bool:
        """Until the keys before `key` have had their effects and the screen on top is not
        busy; False when `deadline` came first."""
        layout = isinstance(key, events.Key) and key.key in FOCUS_ORDER_KEYS
        while await self._until_quiet(layout, deadline):
            if not self._screen_busy(key):
                return True
            while self._screen_busy(key):
                if time.monotonic() > deadline:
                    return False
                await asyncio.sleep(BUSY_PAUSE)
            # the busy stretch ended (a window closed): its effects first
        return False

    def _drop_held(self) -> None:
        """The keys held past their time: dropped, the seller told how many."""
        held = self._held_keys
        assert held is not None
        count = len(held)
        held.clear()
        self.notify(saying("keys.dropped", count=count), severity="warning", markup=False)

    async def _until_quiet(self, layout: bool, deadline: float) -> bool:
        """Until every queue of the app and its screen is empty (and, with `layout`, no
        layout is pending: a field shown or hidden has its place in the focus order); False
        when `deadline` came first."""
        quiet = 0
        while quiet < QUIET_ROUNDS:
            if time.monotonic() > deadline:
                return False
            state = self._pending()
            settled = state == "nothing" or (state == "layout" and not layout)
            quiet = quiet + 1 if settled else 0
            if quiet < QUIET_ROUNDS:
                await asyncio.sleep(0 if settled or state == "messages" else LAYOUT_PAUSE)
        return True

    def _overtakes(self, key: events.Key) -> bool:
        """Whether `key` runs one of the App's priority bindings (ctrl+l locks, ctrl+q quits)
        while the screen on top is busy, or keys typed before it still wait (one of them may
        make it busy: a d that deletes): those act at once, as they would on any screen."""
        bound = self._bindings.key_to_bindings.get(key.key, ())
        priority = any(binding.priority and binding.id not in IN_TURN for binding in bound)
        return priority and (bool(self._held_keys) or self._screen_busy())

    def _screen_busy(self, key: events.Key | events.Paste | None = None) -> bool:
        """Whether the screen on top is busy (for `key`, when given)."""
        try:
            screen = self.screen
        except ScreenStackError:  # no screen yet, or the app is closing
            return False
        if isinstance(screen, Busy) and screen.busy():
            return True
        if isinstance(key, events.Key) and isinstance(screen, HoldsKeys):
            return screen.holds_key(key)
        return False

    def _pending(self) -> str:
        """ "messages" while a message waits for a pump, "layout" while only a layout is
        pending, else "nothing"."""
        try:
            pumps = [self, *self.screen.walk_children(with_self=True)]
        except ScreenStackError:  # no screen yet, or the app is closing
            return "nothing"
        if any(_waiting(pump) for pump in pumps):
            return "messages"
        if any(getattr(pump, "_layout_required", False) for pump in pumps):
            return "layout"
        return "nothing"


def _waiting(pump: MessagePump) -> bool:
    """Whether a message waits for `pump`: in its queue, or taken out of it ahead of time.
    A pump takes the next message out of its queue (`_pending_message`) to see whether the
    one it is about to handle replaces it, and holds it there while it handles that one;
    a screen whose handler of a layout yields held a ticked box's Changed so, its queue
    empty, and the Tab after the tick went past the field the tick shows (the leap month).
    Callbacks a handler left for after it (`call_next`) wait too."""
    if not pump._message_queue.empty():
        return True
    return getattr(pump, "_pending_message", None) is not None or bool(
        getattr(pump, "_next_callbacks", None)
    )
