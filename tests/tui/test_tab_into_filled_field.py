"""A filled field reached by Tab keeps its text: what the seller types goes on after it.

Textual's Input selects its whole text on focus, so the first key typed after Tab replaced
it: `,13900001111` typed into 电话 (whose hint says 多个号码用逗号分隔) saved only the new
number, and a city was lost to a word typed one Tab too far. ctrl+u clears a field.
"""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.pilot import run, settle
from tests.tui.test_profile import open_form
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.inputs import TextBox


def with_phone_and_city(app: XiaobenApp) -> int:
    with app.book._lock:
        row = app.book.conn.execute(
            "SELECT id FROM customers WHERE phones != '[]' AND city != '' ORDER BY id LIMIT 1"
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_a_second_phone_typed_after_tab_keeps_the_first(app_factory) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = with_phone_and_city(app)
        before = app.book.get_customer(customer_id)
        form = await open_form(pilot, customer_id)
        assert form.focused is form.query_one("#field-name")
        await pilot.press("tab", *",13900001111", "ctrl+s")
        await settle(pilot)
        after = app.book.get_customer(customer_id)
        assert after.phones == [*before.phones, "+8613900001111"]

    run(app, story)


def test_every_filled_field_of_the_profile_reached_by_tab_shows_the_cursor_at_its_end(
    app_factory,
) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        form = await open_form(pilot, with_phone_and_city(app))
        filled = [field for field in form.query(Input) if field.value]
        assert len(filled) >= 3  # name, phone, city at least
        wanted = {field.id for field in filled}  # the name too, reached again by Tab
        seen: set[str] = set()
        for _ in range(80):  # round the form's fields once (twice at most)
            await pilot.press("tab")
            focused = form.focused
            if isinstance(focused, Input) and focused.value and focused.id not in seen:
                seen.add(focused.id or "")
                assert focused.selection.is_empty, focused.id
                assert focused.cursor_position == len(focused.value), focused.id
            if wanted <= seen:
                break
        assert wanted <= seen

    run(app, story)


class OneForm(App[None]):
    def __init__(self, first: str, second: str) -> None:
        super().__init__()
        self.texts = (first, second)

    def compose(self) -> ComposeResult:
        yield TextBox(self.texts[0], id="first")
        yield TextBox(self.texts[1], id="second")


text = st.text(alphabet=st.sampled_from("ab武汉朱颖静0136 ,.-@+"), max_size=12)


@settings(max_examples=15, deadline=None)
@given(first=text, filled=text, typed=text.filter(bool))
def test_text_typed_after_tab_goes_on_after_what_the_field_holds(
    first: str, filled: str, typed: str
) -> None:
    async def body() -> None:
        app = OneForm(first, filled)
        async with app.run_test() as pilot:
            app.query_one("#first").focus()
            await pilot.pause()
            await pilot.press("tab")
            second = app.query_one("#second", TextBox)
            assert app.focused is second
            await pilot.press(*typed)
            assert second.value == filled + typed

    asyncio.run(body())


def test_ctrl_u_clears_a_filled_field_reached_by_tab() -> None:
    async def body() -> None:
        app = OneForm("", "2025-03-01")
        async with app.run_test() as pilot:
            app.query_one("#first").focus()
            await pilot.press("tab", "ctrl+u", *"2025-04-02")
            assert app.query_one("#second", TextBox).value == "2025-04-02"

    asyncio.run(body())
