"""Pasting several lines into a one-line field: nothing pasted is lost.

Textual's Input keeps the first line of a paste. The app's TextBox joins the lines: by a
space in a field of text (an address, a city, a note), by ", " in a list the field splits
on commas (phones, tags, a field's options); tabs become spaces.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.pilot import non_buyer, run, settle
from tests.tui.test_customer_page import open_page
from tests.tui.test_profile import open_form
from tests.tui.test_queue_screen import SIZE, highlighted, open_queue
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.entry_modals import ChoiceRow, ContactModal
from xiaoben.tui.widgets.inputs import KeysOneAtATime, TextAreaBox, TextBox, one_line
from xiaoben.tui.widgets.queue_modals import DoneModal


async def paste(pilot: Pilot[None], text: str) -> None:
    """A bracketed paste, as the terminal sends it, to the focused field."""
    pilot.app.post_message(events.Paste(text))
    await settle(pilot)


def test_one_line_joins_every_line_and_turns_tabs_into_spaces() -> None:
    assert one_line("浙江省杭州市西湖区\n文三路 100 号\r\n(收件人 王)") == (
        "浙江省杭州市西湖区 文三路 100 号 (收件人 王)"
    )
    assert one_line("浙江\t杭州\n西湖区") == "浙江 杭州 西湖区"
    assert one_line("13812345678\n\n13912345678\n", ", ") == "13812345678, 13912345678"
    assert one_line("  one line, spaces kept ") == "  one line, spaces kept "
    assert one_line("") == ""


def test_lines_pasted_into_the_profile_are_all_saved(app_factory: Callable) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        form = await open_form(pilot)
        await pilot.press(*"林小雨")
        pasted = {
            "address": "浙江省杭州市西湖区\n文三路 100 号 3 幢 501\n(收件人 林)",
            "city": "浙江\t杭州\n西湖区",
            "phones": "13812345678\n13912345678",
            "tags": "老客户\n爱买面膜",
        }
        for name, text in pasted.items():
            form.query_one(f"#field-{name}", Input).focus()
            await pilot.pause()
            await paste(pilot, text)
        assert form.query_one("#field-city", Input).value == "浙江 杭州 西湖区"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = app.book.find_customer("林小雨")
        assert saved is not None
        assert saved.address == "浙江省杭州市西湖区 文三路 100 号 3 幢 501 (收件人 林)"
        assert saved.city == "浙江 杭州 西湖区"
        assert saved.phones == ["+8613812345678", "+8613912345678"]
        assert saved.tags == ["老客户", "爱买面膜"]

    run(app, story)


def test_a_paste_replaces_the_selection_and_keeps_the_rest(app_factory: Callable) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        form = await open_form(pilot)
        name = form.query_one("#field-name", Input)
        await pilot.press(*"林小雨")
        name.selection = (1, 2)  # 小
        await paste(pilot, "晓\n")
        assert name.value == "林晓雨"

    run(app, story)


def test_lines_pasted_into_a_contact_note_are_all_saved(app_factory: Callable) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = non_buyer(app)
        await open_page(app, pilot, customer_id)
        await pilot.press("c", "1", "tab", "tab")  # 电话, past the outcome to the note
        modal = app.screen
        assert isinstance(modal, ContactModal)
        assert modal.query_one("#field-note", Input).has_focus
        await paste(pilot, "她说下周来店\n想要 口红 #12\t和面霜\n第三行")
        await pilot.press("enter")
        await settle(pilot)
        logged = app.book.interactions_of(customer_id)[0]
        assert logged.note == "她说下周来店 想要 口红 #12 和面霜 第三行"

    run(app_factory("zh"), story)


def test_a_paste_on_the_row_of_kinds_goes_to_the_note(app_factory: Callable) -> None:
    """c 2 (消息), then the chat excerpt pasted at once: it is the note's, as typed text
    is, its lines joined as a paste into the note joins them. It was dropped without a
    word, the note left empty."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = non_buyer(app)
        await open_page(app, pilot, customer_id)
        await pilot.press("c", "2")
        modal = app.screen
        assert isinstance(modal, ContactModal)
        assert isinstance(app.focused, ChoiceRow)
        await paste(pilot, "第一行：客户说要三盒\n第二行：地址改到杭州")
        note = modal.query_one("#field-note", Input)
        assert note.has_focus
        assert note.value == "第一行：客户说要三盒 第二行：地址改到杭州"
        await pilot.press(*"!", "enter")
        await settle(pilot)
        logged = app.book.interactions_of(customer_id)[0]
        assert logged.kind.value == "message"
        assert logged.note == "第一行：客户说要三盒 第二行：地址改到杭州!"

    run(app_factory("zh"), story)


class _RowThenNotes(KeysOneAtATime):
    def compose(self) -> ComposeResult:
        yield ChoiceRow([("call", "电话"), ("message", "消息")], id="kind")
        yield TextAreaBox(id="notes")

    def on_mount(self) -> None:
        self.query_one(ChoiceRow).focus()


def test_a_paste_on_a_row_of_options_keeps_its_lines_in_a_multi_line_note() -> None:
    async def body() -> None:
        app = _RowThenNotes()
        async with app.run_test() as pilot:
            await pilot.pause()
            app.post_message(events.Paste("第一行\n第二行"))
            for _ in range(5):
                await pilot.pause()
            notes = app.query_one(TextAreaBox)
            assert notes.has_focus
            assert notes.text == "第一行\n第二行"

    asyncio.run(body())


def test_lines_pasted_into_the_done_note_are_all_saved(app_factory: Callable) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        item = highlighted(table)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DoneModal)
        await paste(pilot, "回访：客户说\n下周二再联系\n要口红样品")
        await pilot.press("enter")
        await settle(pilot)
        notes = [contact.note for contact in app.book.interactions_of(item.customer_id)]
        assert any("回访：客户说 下周二再联系 要口红样品" in note for note in notes), notes

    run(app_factory("zh"), story, SIZE)


def test_a_passphrase_is_taken_as_pasted_but_for_its_line_end() -> None:
    class Unlock(App[None]):
        def compose(self) -> ComposeResult:
            yield TextBox(password=True, id="passphrase")

    async def story() -> None:
        app = Unlock()
        async with app.run_test() as pilot:
            box = app.query_one("#passphrase", TextBox)
            box.focus()
            await pilot.pause()
            app.post_message(events.Paste("correct\thorse \n"))
            await pilot.pause()
            assert box.value == "correct\thorse "

    asyncio.run(story())
