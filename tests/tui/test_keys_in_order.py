"""Keys apply in the order they were typed, even when one terminal read brings them all.

A fast typist's `5⌫12000` arrives in one read; Textual 8.2 let the printable keys overtake
the Backspace (textual#6605) and saved 51200. The keys are posted here without a pause
between them, the way the driver posts one read's keys.
"""

from __future__ import annotations

import asyncio
import re
from decimal import Decimal
from pathlib import Path

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.keys import _character_to_key
from textual.message import Message
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, TextArea

from tests.tui.pilot import non_buyer, post_in_one_read, run, settle
from tests.tui.test_customer_page import open_page
from tests.tui.test_fields_screen import open_fields
from xiaoben.models.enums import AgeBand, Gender, InteractionKind, Outcome, ValueBasis
from xiaoben.models.fields import FieldKind
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.entry_modals import ContactModal, PurchaseModal
from xiaoben.tui.widgets.inputs import (
    ButtonBox,
    KeysOneAtATime,
    SelectBox,
    TextAreaBox,
    TextBox,
    TickBox,
    run_own_binding,
)

TUI = Path(__file__).resolve().parents[2] / "tui"


@pytest.fixture(autouse=True)
def patient_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """The order is what these tests check, not the 1 s a key waits at most for a screen
    that never goes quiet: on a loaded CI machine (two pytest workers on two busy cores) a
    key's redraw took longer and the next key overtook it (an age band of 55-64 for 35).
    No screen here is never quiet, so the bound only has to outlast a slow machine."""
    monkeypatch.setattr("xiaoben.tui.widgets.inputs.MOST_SECONDS", 30.0)


def text_of(field: Widget) -> str:
    if isinstance(field, Input):
        return field.value
    assert isinstance(field, TextArea)
    return field.text


class OneField(App[None]):
    def __init__(self, field: Widget) -> None:
        super().__init__()
        self.field = field

    def compose(self) -> ComposeResult:
        yield self.field


@pytest.mark.parametrize(
    "make",
    [
        TextBox,
        TextAreaBox,
        # The bug itself, still in Textual: when this passes, drop tui/widgets/inputs.py.
        pytest.param(Input, marks=pytest.mark.xfail(strict=True, reason="textual#6605")),
        pytest.param(TextArea, marks=pytest.mark.xfail(strict=True, reason="textual#6605")),
    ],
)
def test_backspace_typed_between_letters_deletes_the_letter_before_it(make: type[Widget]) -> None:
    async def body() -> None:
        app = OneField(make())
        async with app.run_test() as pilot:
            app.field.focus()
            await pilot.pause()
            post_in_one_read(app, "b", "a", "backspace", "c")
            await pilot.pause()
            await pilot.pause()
            assert text_of(app.field) == "bc"

    asyncio.run(body())


def test_a_correction_at_the_start_of_an_amount_is_not_applied_at_its_end() -> None:
    async def body() -> None:
        app = OneField(TextBox())
        async with app.run_test() as pilot:
            app.field.focus()
            await pilot.pause()
            post_in_one_read(app, "9", "left", "5", "end", "backspace", "1", "ctrl+u", "8")
            await pilot.pause()
            await pilot.pause()
            assert text_of(app.field) == "8"  # 59 → 5 → 51 → (ctrl+u clears) → 8

    asyncio.run(body())


def test_every_text_field_of_the_app_is_one_of_ours() -> None:
    plain = re.compile(r"\b(Input|TextArea|MaskedInput)\(")
    found = [
        f"{path.relative_to(TUI)}:{number}"
        for path in TUI.rglob("*.py")
        if path.name != "inputs.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if plain.search(line)
    ]
    assert found == [], "use TextBox / TextAreaBox from tui/widgets/inputs.py"


def test_fast_typed_correction_saves_the_amount_meant_and_says_so(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        await open_page(app, pilot, customer_id)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PurchaseModal)

        post_in_one_read(app, "5", "backspace", "1", "2", "0", "0", "0", "enter")
        await settle(pilot)

        assert [p.amount for p in app.book.purchases_of(customer_id)] == [Decimal("12000.00")]
        for _ in range(600):  # the save's notice comes from its worker's thread (60 s at most)
            said = [str(note.message) for note in app._notifications]
            if "已记录消费 ¥12,000.00 — 按 u 撤销" in said:
                break
            await pilot.pause(0.1)
        assert "已记录消费 ¥12,000.00 — 按 u 撤销" in said

    run(app_factory(), body)


class TwoFields(App[None]):
    BINDINGS = [("ctrl+n", "count", "count")]
    counted = 0

    def compose(self) -> ComposeResult:
        yield TextBox(id="one")
        yield TextAreaBox(id="two")
        yield TextBox(id="three")

    def action_count(self) -> None:
        self.counted += 1


def test_keys_typed_after_a_tab_in_the_same_read_go_to_the_next_field() -> None:
    async def body() -> None:
        app = TwoFields()
        async with app.run_test() as pilot:
            one, two, three = (app.query_one(f"#{name}") for name in ("one", "two", "three"))
            one.focus()
            await pilot.pause()
            post_in_one_read(app, "a", "b", "tab", "c", "d", "tab", "e", "ctrl+n", "f")
            await pilot.pause()
            await pilot.pause()
            # As typed slowly: ab, then cd in the next field, then e f in the third; the
            # App's own key (ctrl+n) ran once, between them.
            assert (text_of(one), text_of(two), text_of(three)) == ("ab", "cd", "ef")
            assert app.focused is three
            assert app.counted == 1

    asyncio.run(body())


def test_name_tab_phone_typed_in_one_burst_saves_both(app_factory) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("n")
        await settle(pilot)
        post_in_one_read(app, *"林小雨", "tab", *"13812345678", "ctrl+s")
        await settle(pilot)
        saved = app.book.find_customer("13812345678")
        assert saved is not None
        assert saved.name == "林小雨"  # before: 林小雨13812345678 and no phone

    run(app, story)


class OneForm(App[None]):
    """A name, a select, a checkbox, a button and a note: the kinds of control the app's
    forms have, all ours, or Textual's select, checkbox and button (which lose keys)."""

    def __init__(self, ours: bool) -> None:
        super().__init__()
        self.ours = ours
        self.pressed = 0

    def compose(self) -> ComposeResult:
        select, tick, button = (
            (SelectBox, TickBox, ButtonBox) if self.ours else (Select, Checkbox, Button)
        )
        text = TextBox
        yield text(id="name")
        yield select([("apple", 1), ("banana", 2), ("cherry", 3)], id="fruit")
        yield tick("gift", id="gift")
        yield button("go", id="go")
        yield text(id="note")

    def on_button_pressed(self) -> None:
        self.pressed += 1


# One read: a name, Tab, open the select and find "ch"(erry), choose it, Tab, tick the
# box, Tab, press the button, Tab, a note.
FORM_BURST = (
    *"ab",
    "tab",
    "enter",
    "c",
    "h",
    "enter",
    "tab",
    "space",
    "tab",
    "enter",
    "tab",
    *"xy",
)


@pytest.mark.parametrize(
    "ours",
    [
        True,
        # Before: our text fields, Textual's select, checkbox and button (textual#6605).
        pytest.param(False, marks=pytest.mark.xfail(strict=True, reason="textual#6605")),
    ],
)
def test_a_burst_through_a_select_a_checkbox_and_a_button_keeps_every_key(ours: bool) -> None:
    async def body() -> None:
        app = OneForm(ours)
        async with app.run_test() as pilot:
            app.query_one("#name").focus()
            await pilot.pause()
            post_in_one_read(app, *FORM_BURST)
            for _ in range(5):
                await pilot.pause()
            found = (
                app.query_one("#name", Input).value,
                app.query_one("#fruit", Select).value,
                app.query_one("#gift", Checkbox).value,
                app.pressed,
                app.query_one("#note", Input).value,
            )
            assert found == ("ab", 3, True, 1, "xy")
            assert app.focused is app.query_one("#note")

    asyncio.run(body())


def test_a_whole_customer_form_typed_in_one_burst_saves_every_field(app_factory) -> None:
    """Name ⇥ phone ⇥ ⇥ gender (open, find 男, choose) ⇥ birthday ⇥ lunar (Space) ⇥ ⇥ age
    band (open, find 35, choose) ⇥ province, then save: one read, every field as meant."""
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("n")
        await settle(pilot)
        post_in_one_read(
            app,
            *"林小雨", "tab", *"13812345678", "tab", "tab",
            "enter", "男", "enter", "tab",
            *"1990-05-01", "tab", "space", "tab", "tab",
            "space", "3", "5", "enter", "tab",
            *"浙江", "ctrl+s",
        )  # fmt: skip
        await settle(pilot)
        saved = app.book.find_customer("13812345678")
        assert saved is not None
        assert (saved.name, saved.gender, saved.age_band, saved.province) == (
            "林小雨", Gender.MALE, AgeBand.B35_44, "浙江",
        )  # fmt: skip
        assert saved.birthday is not None and saved.birthday.lunar
        assert (saved.birthday.year, saved.birthday.month, saved.birthday.day) == (1990, 5, 1)

    run(app, story)


def test_an_age_band_found_by_typing_in_one_burst_on_a_slow_machine(
    app_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys of one read are handed on one at a time, each once the one before has had
    its effects; on a loaded machine that took longer than the 0.7 s after which Textual's
    select starts its search again, and 35 found 55-64 (the 5 alone). A machine that slow
    is made here by a pause before the 5: the search goes by when the keys arrived."""
    app = app_factory("zh")
    settled = KeysOneAtATime._until_quiet

    async def slowly(self: KeysOneAtATime, layout: bool, deadline: float) -> bool:
        quiet = await settled(self, layout, deadline)
        held = self._held_keys
        if held and isinstance(held[0], events.Key) and held[0].key == "5":
            await asyncio.sleep(1.5)  # the search's timer fires 0.7-1.4 s after the 3
        return quiet

    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("n")
        await settle(pilot)
        post_in_one_read(app, *"林小雨", "tab", *"13812345678")
        await settle(pilot)
        app.screen.query_one("#field-age_band").focus()
        await pilot.pause()
        monkeypatch.setattr(KeysOneAtATime, "_until_quiet", slowly)
        post_in_one_read(app, "space", "3", "5", "enter", "ctrl+s")
        await settle(pilot)
        saved = app.book.find_customer("13812345678")
        assert saved is not None
        assert saved.age_band == AgeBand.B35_44

    run(app, story)


def test_a_custom_field_typed_in_one_burst_through_its_select_checkboxes_and_save(
    app_factory,
) -> None:
    """Labels ⇥ kind (open, find "one", choose: the options field appears) ⇥ options ⇥
    required (Space) ⇥ in list (Space) ⇥ Save (Enter): one read."""
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        await open_fields(pilot)
        await pilot.press("a")
        await settle(pilot)
        post_in_one_read(
            app,
            *"肤质", "tab", *"skin", "tab",
            "enter", *"one", "enter", "tab",
            *"dry, oily", "tab", "space", "tab", "space", "tab", "enter",
        )  # fmt: skip
        await settle(pilot)
        (field,) = app.book.fields()
        assert (field.label_zh, field.label_en, field.kind) == ("肤质", "skin", FieldKind.CHOICE)
        assert (field.options, field.required, field.in_list) == (["dry", "oily"], True, True)

    run(app, story)


def test_a_contact_typed_in_one_burst_through_its_choice_rows(app_factory) -> None:
    """→ → picks the second kind, ⇥ 3 the third outcome, ⇥ a note, Enter saves."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        before = len(app.book.interactions_of(customer_id))
        await open_page(app, pilot, customer_id)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ContactModal)
        post_in_one_read(app, "right", "right", "tab", "3", "tab", *"asked price", "enter")
        await settle(pilot)
        assert len(app.book.interactions_of(customer_id)) == before + 1
        logged = app.book.interactions_of(customer_id)[0]  # the newest first
        assert (logged.kind, logged.outcome, logged.note) == (
            InteractionKind.MESSAGE, Outcome.SHOWED_INTENT, "asked price",
        )  # fmt: skip

    run(app_factory(), body)


def test_text_typed_on_a_choice_row_goes_to_the_note(app_factory) -> None:
    """`c 2 微信聊了 ⏎` in one read: the second kind, and the text, typed while the focus was
    still on the kind's row, is the note (it was dropped without a word)."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = non_buyer(app)
        before = len(app.book.interactions_of(customer_id))
        await open_page(app, pilot, customer_id)
        post_in_one_read(app, "c", "2", *"微信聊了 5 分钟", "enter")
        await settle(pilot)
        assert len(app.book.interactions_of(customer_id)) == before + 1
        logged = app.book.interactions_of(customer_id)[0]  # the newest first
        assert (logged.kind, logged.outcome, logged.note) == (
            list(InteractionKind)[1], None, "微信聊了 5 分钟",
        )  # fmt: skip

    run(app_factory(), body)


def test_every_control_of_the_app_keeps_the_keys_in_order() -> None:
    plain = re.compile(
        r"(?<![\w.])(Select|Checkbox|Button|RadioSet|RadioButton|Switch|SelectionList"
        r"|OptionList|ListView)(\[\w+\])?\("
    )
    found = [
        f"{path.relative_to(TUI)}:{number}"
        for path in TUI.rglob("*.py")
        if path.name != "inputs.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if plain.search(line)
    ]
    assert found == [], "use SelectBox, TickBox, ButtonBox … from tui/widgets/inputs.py"


def test_rules_typed_in_one_burst_through_checkboxes_and_a_select(app_factory) -> None:
    """A cut ⇥ ⇥ strategic (Space: off) ⇥ referrals ⇥ value basis (Space opens, "mar"
    finds margin, Enter) ⇥ service cost (Space: off), ctrl+s: one read."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("f4")
        await settle(pilot)
        post_in_one_read(
            app,
            "end", *["backspace"] * 8, *"90", "tab", "tab", "space", "tab",
            "end", *["backspace"] * 8, "3", "tab",
            "space", *"mar", "enter", "tab", "space", "ctrl+s",
        )  # fmt: skip
        await settle(pilot)
        rules = app.book.rules()
        assert (rules.a_cut_percent, rules.promote_strategic, rules.promote_referrals) == (
            Decimal(90), False, 3,
        )  # fmt: skip
        assert (rules.value_basis, rules.subtract_service_cost) == (ValueBasis.MARGIN, False)

    run(app_factory("en"), body)


def test_an_import_mapping_picked_in_one_burst_imports_as_meant(
    app_factory, tmp_path: Path
) -> None:
    """On the mapping: Enter opens the picker for 称呼, Home ↓… Enter picks "name", ↓ ↓
    to 备注, Enter, Home ↓ Enter picks "ignore", ctrl+s imports: one read."""
    from tests.book_helpers import write_csv
    from tests.tui.test_import_screen import open_file, rows_of
    from xiaoben.store.importing.columns import field_names
    from xiaoben.tui.widgets.import_parts import MappingTable

    path = write_csv(tmp_path / "a.csv", ["称呼,城市,备注", "钱多多,杭州,别导入"])
    to_name = 2 + field_names("customers").index("name")  # below "auto" and "ignore"

    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        screen = await open_file(pilot, path)
        screen.query_one(MappingTable).focus()
        await pilot.pause()
        post_in_one_read(
            app,
            "enter", "home", *["down"] * to_name, "enter",
            "down", "down", "enter", "home", "down", "enter", "ctrl+s",
        )  # fmt: skip
        await settle(pilot)
        assert screen.chosen == {"称呼": "name", "备注": "ignore"}
        assert rows_of(app, "SELECT name, city, notes FROM customers WHERE name = '钱多多'") == [
            ("钱多多", "杭州", "")
        ]

    run(app_factory("en"), story)


class TwoFieldsInOrder(KeysOneAtATime):
    def compose(self) -> ComposeResult:
        yield TextBox(id="name")
        yield TextBox(id="phone")


def test_a_phone_pasted_after_a_tab_typed_in_the_same_read_lands_in_the_next_field() -> None:
    """Bracketed paste comes as one Paste event: it waits behind the keys typed before it
    (before: it went straight to the name, ahead of the held "ab" and Tab)."""

    async def body() -> None:
        app = TwoFieldsInOrder()
        async with app.run_test() as pilot:
            name, phone = app.query_one("#name", Input), app.query_one("#phone", Input)
            name.focus()
            await pilot.pause()
            post_in_one_read(app, "a", "b", "tab")
            app.post_message(events.Paste("13812345678"))
            post_in_one_read(app, "9")
            for _ in range(5):
                await pilot.pause()
            assert (name.value, phone.value) == ("ab", "138123456789")
            assert app.focused is phone

    asyncio.run(body())


def test_name_tab_and_a_pasted_phone_save_both(app_factory) -> None:
    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("n")
        await settle(pilot)
        post_in_one_read(app, *"林小雨", "tab")
        app.post_message(events.Paste("138 1234 5678"))
        post_in_one_read(app, "ctrl+s")
        await settle(pilot)
        saved = app.book.find_customer("13812345678")
        assert saved is not None
        assert saved.name == "林小雨"

    run(app_factory("zh"), story)


class _Slow(Message):
    """A message the screen handles by yielding to the event loop for a while (as a
    layout's handler can on a loaded machine)."""


class _ShowNext(Message):
    """The ticked box's effect: the field after it shown."""


class _Ticker(Widget, can_focus=True):
    """Space posts the screen a slow message and then the effect (nothing else: a repaint
    or a Changed would wait in the screen's queue itself)."""

    BINDINGS = [("space", "tick")]

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)  # as the app's controls run their keys

    def action_tick(self) -> None:
        self.screen.post_message(_Slow())
        self.screen.post_message(_ShowNext())


class _HoldsTheEffect(Screen[None]):
    """The screen takes the effect out of its queue (to see whether the slow message
    replaces it) and holds it while the slow one yields: its queue is empty, the effect
    still to come."""

    def compose(self) -> ComposeResult:
        yield _Ticker(id="tick")
        leap = TickBox("leap", id="leap")
        leap.display = False
        yield leap
        yield TextBox(id="after")

    async def on__slow(self, message: _Slow) -> None:
        await asyncio.sleep(0.3)

    def on__show_next(self, message: _ShowNext) -> None:
        self.query_one("#leap").display = True


class _HoldingApp(KeysOneAtATime):
    def on_mount(self) -> None:
        self.push_screen(_HoldsTheEffect())


def test_a_tab_waits_for_the_effect_a_screen_took_out_of_its_queue() -> None:
    """Space ⇥ in one read: the Tab goes to the field the Space showed, though the screen
    holds the message that shows it out of its queue while it handles a slower one (on a
    loaded machine the whole customer form's Tab after ticking 农历 went past 闰月)."""

    async def body() -> None:
        app = _HoldingApp()
        async with app.run_test() as pilot:
            await pilot.pause()
            app.screen.query_one("#tick").focus()
            await pilot.pause()
            post_in_one_read(app, "space", "tab")
            for _ in range(50):  # until the Tab has moved the focus (1 s at most)
                await asyncio.sleep(0.02)
                if app.focused is not None and app.focused.id != "tick":
                    break
            assert app.focused is app.screen.query_one("#leap")

    asyncio.run(body())


TYPED_WITH_JOINERS = [
    "王家👨\u200d👩\u200d👧",  # a family emoji: three people joined by U+200D
    "می\u200cخواهم",  # Persian: a zero-width non-joiner is part of the spelling
    "क्\u200dष",  # Devanagari: a joiner asks for the half form
]


@pytest.mark.parametrize("make", [TextBox, TextAreaBox])
@pytest.mark.parametrize("text", TYPED_WITH_JOINERS)
def test_a_typed_joiner_is_kept_as_a_pasted_one_is(make: type[Widget], text: str) -> None:
    """A zero-width (non-)joiner typed (an emoji picker, an IME's commit, sent as keys
    without bracketed paste) lands in the field: Textual calls it unprintable and dropped
    it (👨‍👩‍👧 saved as 👨👩👧), a paste of the same text kept it."""

    async def body() -> None:
        app = OneField(make())
        async with app.run_test() as pilot:
            app.field.focus()
            await pilot.pause()
            for character in text:  # as the driver makes a key of each character read
                app.post_message(events.Key(_character_to_key(character), character))
            await settle_keys(pilot)
            assert text_of(app.field) == text

    asyncio.run(body())


async def settle_keys(pilot: Pilot[None]) -> None:
    for _ in range(5):
        await pilot.pause()
