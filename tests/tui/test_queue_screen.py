"""The follow-up queue screen: a morning's queue handled key by key on the demo book."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from tests.book_helpers import buy, customer
from tests.tui.pilot import (
    TODAY,
    post_in_one_read,
    run,
    screen_lines,
    settle,
    today,
    workers_done,
)
from tests.tui.test_queue_plan import with_capacity
from xiaoben.models.customer import Customer
from xiaoben.models.enums import InteractionKind, Reason
from xiaoben.models.followup import FollowUp, parse_item_key
from xiaoben.models.i18n import set_language
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp, make_app
from xiaoben.tui.formatting import when_due
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.screens.queue import QueueScreen
from xiaoben.tui.settings import Settings
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.queue_modals import DoneModal, SnoozeModal
from xiaoben.tui.widgets.queue_plan import STRIP_DAYS, QueueFigures, Section, plan_view
from xiaoben.tui.widgets.queue_table import PAGE, QueueTable, blocks_of

SIZE = (100, 30)


async def open_queue(pilot: Pilot) -> QueueTable:
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)
    assert isinstance(pilot.app.screen, QueueScreen)
    return pilot.app.screen.query_one(QueueTable)


def in_queue(book: Book, key: str) -> bool:
    return book.queue().position(*parse_item_key(key)) >= 0


def shown(table: QueueTable) -> list[FollowUp]:
    items = [table.row_at(index) for index in range(table.row_count)]
    return [item for item in items if item is not None]


def highlighted(table: QueueTable) -> FollowUp:
    item = table.highlighted
    assert item is not None
    return item


def header(app: XiaobenApp) -> str:
    return str(app.screen.query_one("#queue-header").render())


def told(app: XiaobenApp, words: str) -> int:
    """How many of the notices shown say `words`."""
    return sum(words in str(note.message) for note in app._notifications)


async def open_snooze(pilot: Pilot[None]) -> tuple[FollowUp, SnoozeModal, Input]:
    """F5, then s on the first item: the item, the dialog and its date box."""
    item = highlighted(await open_queue(pilot))
    await pilot.press("s")
    await pilot.pause()
    modal = pilot.app.screen
    assert isinstance(modal, SnoozeModal)
    return item, modal, modal.query_one("#until", Input)


def test_a_mornings_queue_handled_key_by_key(app_factory: Callable[..., XiaobenApp]) -> None:
    app = app_factory("zh")
    book = app.book

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        queue, _ = plan_view(book.queue(days=STRIP_DAYS))
        assert f"今日计划 {queue.plan_count()}/20 · 逾期 {queue.overdue_count()}" in header(app)
        assert table.row_count == len(queue)

        # d, a note, Enter: a contact is logged and the item leaves the list.
        first = table.highlighted
        assert first is not None and first == book.follow_ups(queue, 0, 1, "zh")[0]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DoneModal)
        await pilot.press(*"called", "enter")
        await settle(pilot)
        assert any("called" in contact.note for contact in book.interactions_of(first.customer_id))
        assert not in_queue(book, first.key)
        assert first.key not in {item.key for item in shown(table)}
        assert table.cursor == 0  # the next item slid under the cursor

        # s, 2, Enter: snoozed a week — it moves to the next days' section.
        second = highlighted(table)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeModal)
        await pilot.press("2", "enter")
        await settle(pilot)
        moved = book.follow_up(second.key)
        assert moved.due == TODAY + timedelta(days=7) and moved.snoozed
        assert table.cursor == 0 and table.highlighted != second
        assert table.queue is not None
        moved_to = table.queue.position(*parse_item_key(second.key))
        assert table.section_of(moved_to) == (TODAY + timedelta(days=7)).isoformat()

        # x: skipped, gone.
        third = highlighted(table)
        await pilot.press("x")
        await settle(pilot)
        assert not in_queue(book, third.key)
        assert third.key not in {item.key for item in shown(table)}

        # u: the skip is undone, the cursor is back on the item.
        await pilot.press("u")
        await settle(pilot)
        assert in_queue(book, third.key)
        assert highlighted(table).key == third.key

        # c: the draft is on the clipboard (and in a notification).
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == third.message
        assert any(third.message in str(note.message) for note in app._notifications)

        # Enter: that customer's page.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert app.screen.customer_id == third.customer_id

    run(app, story, SIZE)


def test_undo_of_done_deletes_the_contact_it_logged(app_factory: Callable[..., XiaobenApp]) -> None:
    app = app_factory("en")
    book = app.book

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        item = highlighted(table)
        contacts = len(book.interactions_of(item.customer_id))
        await pilot.press("D")  # done, no note
        await settle(pilot)
        assert len(book.interactions_of(item.customer_id)) == contacts + 1
        await pilot.press("u")
        await settle(pilot)
        assert len(book.interactions_of(item.customer_id)) == contacts
        assert highlighted(table).key == item.key

    run(app, story, SIZE)


def test_undo_of_done_keeps_a_contact_edited_since_and_says_so(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("en")
    book = app.book

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        item = highlighted(table)
        await pilot.press("D")  # done, no note
        await settle(pilot)
        logged = book.interactions_of(item.customer_id)[0]
        edited = book.edit_contact(logged.model_copy(update={"note": "she wants two sets"}))
        await pilot.press("u")
        await settle(pilot)
        assert edited in book.interactions_of(item.customer_id)
        told = [str(n.message) for n in app._notifications]
        assert any("edited since and is kept" in words for words in told), told

    run(app, story, SIZE)


def test_undo_of_a_skip_after_a_snooze_leaves_it_snoozed_to_the_same_day(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    """u goes back one step: a snoozed item skipped, then u, is snoozed to the same day
    again (and says so); a second u opens it as it was."""
    app = app_factory("en")
    book = app.book
    until = TODAY + timedelta(days=3)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        item = highlighted(table)
        await pilot.press("s", *until.isoformat(), "enter")
        await settle(pilot)
        assert table.queue is not None
        table.move_cursor(table.queue.position(*parse_item_key(item.key)))
        assert highlighted(table).key == item.key and highlighted(table).snoozed
        await pilot.press("x")
        await settle(pilot)
        assert not in_queue(book, item.key)

        await pilot.press("u")
        await settle(pilot)
        back = book.follow_up(item.key)
        assert back.snoozed and back.due == until
        assert any(
            f"snoozed until {until.isoformat()} again" in str(note.message)
            for note in app._notifications
        )
        await pilot.press("u")
        await settle(pilot)
        opened = book.follow_up(item.key)
        assert not opened.snoozed and opened.due == item.due

    run(app, story, SIZE)


def test_a_contact_logged_elsewhere_takes_the_cadence_item_off(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")
    book = app.book

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        cadence = next(
            item
            for item in shown(table)
            if item.reason is Reason.CADENCE and item.days_overdue >= 0
        )
        book.log_contact(
            Interaction(
                customer_id=cadence.customer_id,
                at=datetime.combine(TODAY, datetime.min.time()).replace(hour=9),
                kind=InteractionKind.CALL,
            )
        )
        await settle(pilot)
        assert not in_queue(book, cadence.key)
        assert not any(
            item.customer_id == cadence.customer_id
            and item.reason is Reason.CADENCE
            and item.days_overdue >= 0
            for item in shown(table)
        )
        assert f"今日计划 {book.queue().plan_count()}/20" in header(app)

    run(app, story, SIZE)


def test_tab_jumps_between_today_and_the_next_days(app_factory: Callable[..., XiaobenApp]) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        assert table.section_of(table.cursor) == "today"
        await pilot.press("tab")
        await settle(pilot)
        assert table.section_of(table.cursor) == (TODAY + timedelta(days=1)).isoformat()
        assert table.cursor == app.book.queue().plan_count()
        await pilot.press("t")
        assert table.cursor == 0
        await pilot.press("2", "1")
        assert table.cursor == 0

    run(app, story, SIZE)


def test_snooze_refuses_a_bad_or_past_date(app_factory: Callable[..., XiaobenApp]) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        item, modal, date_box = await open_snooze(pilot)
        assert date_box.has_focus
        await pilot.press("2")  # typed into the date, not "a week"
        assert app.screen is modal and date_box.value == "2"
        for typed, problem in (
            ("2026-02-30", "日期不存在"),
            ("2026-11-23", "之后"),
            (" ", "请输入"),
        ):
            date_box.value = typed
            await pilot.pause()  # its Changed (which hides a shown problem) before the Enter
            await pilot.press("enter")
            assert problem in modal.error_text()
        date_box.value = ""
        await pilot.press("+", "3", "enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.book.follow_up(item.key).due == TODAY + timedelta(days=3)

    run(app, story, SIZE)


@pytest.mark.parametrize(
    ("lang", "rule"),
    [
        ("zh", "最多推迟 365 天（到 2027-11-23 为止）：{typed} 太远了"),
        ("en", "a snooze goes at most 365 days ahead (up to 2027-11-23): {typed} is too far"),
    ],
)
def test_a_snooze_past_a_year_is_refused_naming_the_rule(
    app_factory: Callable[..., XiaobenApp], lang: str, rule: str
) -> None:
    """+99999 is the dialog's own form, too far (not a date format error); +400, a slip for
    +40, would hide the customer for over a year: both refused with the rule."""
    app = app_factory(lang)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        item, modal, date_box = await open_snooze(pilot)
        for typed in ("+99999", "+400", "2027-11-24"):
            date_box.value = typed
            await pilot.pause()  # its Changed (which hides a shown problem) before the Enter
            await pilot.press("enter")
            shown, wanted = modal.error_text(), rule.format(typed=typed)
            assert "".join(shown.split()) == "".join(wanted.split())  # as wrapped
        date_box.value = "+365"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.book.follow_up(item.key).due == TODAY + timedelta(days=365)

    run(app, story, SIZE)


def test_a_date_typed_in_the_snooze_dialog_snoozes_to_it_and_no_key_falls_through(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    """Every date starts with a 1 or a 2, once the shortcuts of a day and a week: typed at
    once into the dialog, the whole date is the date box's, and the queue gets no key."""
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        item = highlighted(table)
        await pilot.press("s", *"2027-02-28")
        modal = app.screen
        assert isinstance(modal, SnoozeModal)
        assert modal.query_one("#until", Input).value == "2027-02-28"
        assert in_queue(app.book, item.key)  # nothing snoozed yet
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.book.follow_up(item.key).due == date(2027, 2, 28)

        # 1 and Enter: a day; the buttons still pick with Enter.
        second = highlighted(table)
        await pilot.press("s", "1", "enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.book.follow_up(second.key).due == TODAY + timedelta(days=1)
        third = highlighted(table)
        await pilot.press("s", "shift+tab", "enter")  # the week button, before the date box
        await settle(pilot)
        assert app.book.follow_up(third.key).due == TODAY + timedelta(days=7)

    run(app, story, SIZE)


def test_escape_on_done_with_nothing_typed_closes_at_once(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        item = highlighted(table)
        await pilot.press("d", "escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert in_queue(app.book, item.key)
        assert table.highlighted == item

    run(app, story, SIZE)


def test_escape_on_done_with_a_typed_note_asks_and_n_keeps_the_note(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    """Esc asks before it throws the note away (as the customer page's dialogs do): n
    keeps it to save with Enter; y discards it, and nothing changes."""
    app = app_factory("zh")
    book = app.book

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        item = highlighted(table)
        await pilot.press("d", *"abc", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question_text == "这里有未保存的内容。放弃并关闭吗？"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DoneModal)
        assert app.screen.query_one("#note", Input).value == "abc"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert in_queue(book, item.key) and table.highlighted == item
        assert not any("abc" in c.note for c in book.interactions_of(item.customer_id))
        await pilot.press("d", *"called back", "escape", "n", "enter")
        await settle(pilot)
        assert not in_queue(book, item.key)
        assert any("called back" in c.note for c in book.interactions_of(item.customer_id))

    run(app, story, SIZE)


def test_language_switch_keeps_the_queue_and_its_cursor(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        await pilot.press("down", "down", "down")
        before = highlighted(table)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        after = highlighted(app.screen.query_one(QueueTable))
        assert after.key == before.key
        assert "today" in header(app)
        assert after.action != before.action  # the words follow the language

    run(app, story, SIZE)


def test_the_home_screen_shows_todays_plan(app_factory: Callable[..., XiaobenApp]) -> None:
    app = app_factory("zh")
    with_capacity(app, 1)  # fewer in the plan than due today: the plan is what is shown

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        queue = app.book.queue(days=0)
        count = queue.plan_count()
        assert count < queue.today_count()
        summary = str(app.screen.query_one("#list-summary").render())
        assert f"今日计划 {count} 项" in summary
        table = await open_queue(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        summary = str(app.screen.query_one("#list-summary").render())
        after = app.book.queue(days=0).plan_count()
        assert after == count - 1  # the skipped item took today's room; nothing moved in
        assert (f"今日计划 {after} 项" if after else "今日计划已清空") in summary
        assert table is not None

    run(app, story, SIZE)


def test_an_empty_queue_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path / "empty.db", today=today, settings=Settings(language="zh"))

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        assert table.row_count == 0 and table.highlighted is None
        lines = [block.text for block in table.blocks]
        assert "今天没有要跟进的客户。" in lines
        await pilot.press("d", "x", "c")  # nothing to act on: a notice, no error
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)

    try:
        run(app, story, SIZE)
    finally:
        app.book.close()


def test_groups_follow_the_reason_order_with_their_counts() -> None:
    counts = {("today", Reason.CADENCE): 3, ("today", Reason.REMINDER): 1}
    counts[("2026-11-24", Reason.BIRTHDAY)] = 2
    blocks = blocks_of(counts, [Section("today", "today"), Section("2026-11-24", "tomorrow")])
    kinds = [(block.kind, block.text) for block in blocks if block.kind != "items"]
    assert [text for kind, text in kinds if kind == "group"][:2] == [
        f"{Reason.REMINDER.label()} · 1",
        f"{Reason.CADENCE.label()} · 3",
    ]
    items = [block for block in blocks if block.kind == "items"]
    assert [(block.start, block.count) for block in items] == [(0, 1), (1, 3), (4, 2)]


def test_due_words() -> None:
    set_language("zh")
    assert [when_due(days) for days in (3, 1, 0, -1, -2)] == [
        "逾期 3 天",
        "逾期 1 天",
        "今天",
        "明天",
        "还有 2 天",
    ]
    set_language("en")
    assert [when_due(days) for days in (3, 1, 0, -1, -2)] == [
        "3 days overdue",
        "1 day overdue",
        "today",
        "tomorrow",
        "in 2 days",
    ]


@dataclass
class LongQueue:
    """Just what the screen reads of a Queue: 100,000 cadence items, all due today."""

    size: int
    as_of: date = TODAY
    days: int = 7

    def __len__(self) -> int:
        return self.size

    @property
    def due_day(self) -> np.ndarray:
        return np.full(self.size, (TODAY - date(1970, 1, 1)).days)

    def counts(self) -> dict[tuple[str, Reason], int]:
        return {("today", Reason.CADENCE): self.size}


class CountingBook:
    def __init__(self) -> None:
        self.materialised = 0

    def follow_ups(self, queue: LongQueue, start: int, stop: int, lang: str) -> list[FollowUp]:
        rows = range(start, min(stop, len(queue)))
        self.materialised += len(rows)
        return [
            FollowUp(
                customer_id=row,
                customer_key=f"#{row}",
                name=f"客户{row}",
                reason=Reason.CADENCE,
                occurrence=0,
                due=TODAY,
                priority=2,
                value_tier=None,
                days_overdue=0,
                detail="",
                action="",
                message="",
            )
            for row in rows
        ]


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.book = CountingBook()

    def compose(self) -> ComposeResult:
        yield QueueTable()


def test_a_long_queue_materialises_only_the_rows_in_view() -> None:
    app = TableApp()
    queue = LongQueue(100_000)
    figures = QueueFigures(queue.counts(), (Section("today", "today"),), 0, 0)

    async def story() -> None:  # the table alone, in an app of its own: not run()
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.query_one(QueueTable)
            table.show(queue, figures, {}, 0)  # type: ignore[arg-type]  # a stand-in Queue
            for _ in range(5):
                await pilot.press("pagedown")
            await pilot.press("end")
            await workers_done(app)
            await pilot.pause()
            assert highlighted(table).customer_id == 99_999
            assert app.book.materialised <= 10 * PAGE

    asyncio.run(story())


def test_keys_typed_in_one_burst_each_handle_an_item(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """D D D at once marks three items done, x x x x skips four, u u u takes three back:
    each key acts in turn on the queue the one before left (all but the first were
    thrown away while the first item was written)."""
    # the order is checked here, not the 1 s a key waits for the one before to settle
    monkeypatch.setattr("xiaoben.tui.widgets.inputs.MOST_SECONDS", 30.0)
    app = app_factory("en")
    book = app.book

    def handled() -> dict[str, int]:
        with book._lock:
            rows = book.conn.execute("SELECT action, count(*) FROM follow_ups GROUP BY action")
            return {str(action): int(count) for action, count in rows}

    async def until_handled(pilot: Pilot[None], action: str, count: int) -> int:
        """The count of `action` once it reaches `count` (a loaded machine writes the last
        key's item after the app first looks quiet), or after 20 s."""
        deadline = time.monotonic() + 20
        while handled().get(action, 0) < count and time.monotonic() < deadline:
            await settle(pilot)
            await pilot.pause(0.05)
        return handled().get(action, 0)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_queue(pilot)
        before = handled()
        done, skipped = before.get("done", 0), before.get("skipped", 0)
        post_in_one_read(app, "D", "D", "D")
        assert await until_handled(pilot, "done", done + 3) == done + 3
        post_in_one_read(app, "x", "x", "x", "x")
        assert await until_handled(pilot, "skipped", skipped + 4) == skipped + 4
        post_in_one_read(app, "u", "u", "u")
        await settle(pilot)
        deadline = time.monotonic() + 20
        while handled().get("skipped", 0) > skipped + 1 and time.monotonic() < deadline:
            await settle(pilot)
            await pilot.pause(0.05)
        after = handled()
        assert after.get("skipped", 0) == skipped + 1
        assert after.get("done", 0) == done + 3

    run(app, story, SIZE)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_wide_terminal_shows_each_reason_and_action_whole(
    app_factory: Callable[..., XiaobenApp], lang: str
) -> None:
    """At 200 columns there is room for the whole reason (and the suggested action): the
    reason column grows to the longest one read instead of stopping at 30 columns."""
    app = app_factory(lang)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        lines = screen_lines(app)
        in_view = [
            item
            for index, item in enumerate(shown(table))
            if table.line_of(index) < table.rows_visible
        ]
        assert len(in_view) > 10
        for item in in_view:
            assert any(item.detail in line and item.action in line for line in lines), item

    run(app, story, (200, 60))


@pytest.mark.parametrize("items, presses", [(3, 6), (6, 4)])
def test_held_done_handles_each_item_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, items: int, presses: int
) -> None:
    """D held down (key repeat) on a queue of `items`: each press handles the next item,
    once its previous write is in the queue on screen. The reload a book change asks for
    while an item is written (the write before it, the background pass) used to hand the
    next D to the queue read before that write: the same item done twice, two contacts."""
    monkeypatch.setattr("xiaoben.tui.widgets.inputs.MOST_SECONDS", 30.0)
    path = tmp_path / "book.db"
    with Book.open(path, today=today) as book:
        for number in range(items):
            saved = book.save_customer(Customer(name=f"客户{number}"))
            assert saved.id is not None
            book.set_reminder(Reminder(customer_id=saved.id, due=TODAY, note="回电话确认礼盒款式"))
    mark_done = Book.mark_done

    def slow_done(self: Book, *args: object, **kwargs: object) -> Interaction:
        time.sleep(0.3)  # longer than the screen's pause before it follows a book change
        return mark_done(self, *args, **kwargs)  # type: ignore[arg-type]  # passed through

    monkeypatch.setattr(Book, "mark_done", slow_done)
    app = make_app(path, today=today, settings=Settings(language="zh"))

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_queue(pilot)
        post_in_one_read(app, *"D" * presses)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and app._held_keys:
            await settle(pilot)
            await pilot.pause(0.05)
        await settle(pilot)
        with app.book._lock:
            contacts = app.book.conn.execute(
                "SELECT customer_id, count(*) FROM interactions GROUP BY customer_id"
            ).fetchall()
            handled = app.book.conn.execute("SELECT earlier FROM follow_ups").fetchall()
        assert len(contacts) == min(items, presses)
        assert all(count == 1 for _, count in contacts)
        assert handled == [("[]",)] * min(items, presses)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors == []

    try:
        run(app, story, SIZE)
    finally:
        app.book.close()


def test_a_first_days_moves_put_no_tier_change_in_the_queue(tmp_path: Path) -> None:
    """Her first day: 王芳 on top (A), then 李娜's history outspends her (B), both today:
    a customer new to the book has moved nowhere (store/day_moves.py)."""
    path = tmp_path / "first.db"
    with Book.open(path, today=today) as book:
        wang, li = customer(book, "王芳"), customer(book, "李娜")
        buy(book, wang, 5000, "2026-10-01")
        buy(book, li, 100, "2026-10-02")
        buy(book, li, 50_000, "2026-11-01")
        history = book.tier_history(wang.id or 0)
        assert [m["to_value"] for m in history if m["lens"] == "value_tier"] == ["A", "B"]
    app = make_app(path, today=today, settings=Settings(language="zh"))

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        table = await open_queue(pilot)
        reasons = {item.reason for item in shown(table)}
        assert Reason.NEW_CUSTOMER in reasons or Reason.CADENCE in reasons  # a plan, not empty
        assert Reason.TIER_CHANGE not in reasons
        assert not any(Reason.TIER_CHANGE.label() in block.text for block in table.blocks)

    try:
        run(app, story, SIZE)
    finally:
        app.book.close()


def _app_with_clock(book_path: Path) -> tuple[XiaobenApp, list[date]]:
    """The app on the small book, its clock a day the test can turn."""
    clock = [TODAY]
    app = make_app(book_path, today=lambda: clock[0], settings=Settings(language="en"))
    return app, clock


def test_the_queue_left_open_over_midnight_shows_the_new_days_plan(
    book_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No key pressed: within a look of midnight the header and the plan are the new
    day's. They stayed yesterday's until another screen was visited."""
    monkeypatch.setattr(QueueScreen, "LOOK_SECONDS", 0.1)
    app, clock = _app_with_clock(book_path)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_queue(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        assert header(app).startswith(TODAY.isoformat())
        clock[0] = TODAY + timedelta(days=1)
        await pilot.pause(0.5)
        await settle(pilot)
        assert screen.queue is not None and screen.queue.as_of == clock[0]
        assert header(app).startswith(clock[0].isoformat())

    try:
        run(app, story, SIZE)
    finally:
        app.book.close()


def test_a_key_pressed_after_midnight_acts_on_the_new_days_plan_shown(
    book_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D typed before the screen looked at the clock (a machine waking up): the new
    day's plan is read and shown first, and D marks done the item highlighted in it —
    it had marked yesterday's item, from yesterday's plan, logged on the new day."""
    monkeypatch.setattr(QueueScreen, "LOOK_SECONDS", 1000.0)  # no look: the key finds it
    app, clock = _app_with_clock(book_path)
    acted_on: list[tuple[date | None, str]] = []
    handle = QueueScreen._handle

    def recorded(screen: QueueScreen, item: FollowUp, *args: Any, **kwargs: Any) -> None:
        acted_on.append((screen.queue.as_of if screen.queue else None, item.key))
        handle(screen, item, *args, **kwargs)

    monkeypatch.setattr(QueueScreen, "_handle", recorded)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_queue(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        clock[0] = TODAY + timedelta(days=1)
        post_in_one_read(app, "D")
        await settle(pilot)
        assert len(acted_on) == 1
        as_of, key = acted_on[0]
        assert as_of == clock[0]
        assert header(app).startswith(clock[0].isoformat())
        assert not in_queue(app.book, key)

    try:
        run(app, story, SIZE)
    finally:
        app.book.close()


@pytest.mark.parametrize(
    ("typed", "until"),
    [
        ("12-31", date(2026, 12, 31)),
        ("1-5", date(2027, 1, 5)),
        ("12月1日", date(2026, 12, 1)),
        ("11-22", date(2027, 11, 22)),  # yesterday's month and day: next year's, not past
    ],
)
def test_snooze_takes_a_month_and_day_as_the_next_such_day(
    app_factory: Callable[..., XiaobenApp], typed: str, until: date
) -> None:
    """The app writes the days ahead 12-31: the snooze takes them so. It refused 12-31:
    "a date is written year-month-day, e.g. 2024-03-08"."""
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        item, modal, date_box = await open_snooze(pilot)
        date_box.value = typed
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen), modal.error_text()
        assert app.book.follow_up(item.key).due == until

    run(app, story, SIZE)


def test_a_snooze_date_it_cannot_read_says_the_ways_it_takes_with_days_to_come(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    """The hint and the refusal give a day a week on as the examples, never a past day."""
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        item, modal, date_box = await open_snooze(pilot)
        assert date_box.placeholder == "e.g. 11-30, +3 (three days on) or 2026-11-30"
        for typed, said in (
            ("12-31x", "Date: write month-day (11-30), + days (+3) or year-month-day"),
            ("04-31", "Date: no such date: 04-31 (2026-04 has no day 31)"),
            ("13-01", "Date: no such month: 13-01"),
        ):
            date_box.value = typed
            await pilot.pause()  # its Changed (which hides a shown problem) before the Enter
            await pilot.press("enter")
            assert "".join(said.split()) in "".join(modal.error_text().split())
            assert "2024" not in modal.error_text()
        assert app.screen is modal and in_queue(app.book, item.key)

    run(app, story, SIZE)
