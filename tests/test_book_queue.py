"""The follow-up queue through the Book: inputs read from the file, done/snooze/skip/undo."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.book_helpers import TODAY, FullDisk, buy, count, customer, fixed_clock, table_of
from xiaoben.models.birthday import Birthday
from xiaoben.models.customer import Customer
from xiaoben.models.enums import InteractionKind, QueueAction, Reason
from xiaoben.models.errors import BookError
from xiaoben.models.followup import FollowUp, item_key
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.store.book import Book

WEEK = timedelta(days=7)


def items(book: Book, as_of: date | None = None, days: int = 7) -> list[FollowUp]:
    return book.follow_ups(book.queue(as_of, days), lang="en")


def of(book: Book, who: Customer, reason: Reason, **kw: object) -> list[FollowUp]:
    return [i for i in items(book, **kw) if i.customer_id == who.id and i.reason is reason]  # type: ignore[arg-type]  # test kwargs


def contact(book: Book, who: Customer, day: date) -> None:
    assert who.id is not None
    book.log_contact(
        Interaction(customer_id=who.id, at=datetime(day.year, day.month, day.day, 10), kind="call")
    )


def test_cadence_from_the_last_purchase_and_restarted_by_any_contact(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 50, TODAY - timedelta(days=40))  # one buyer: A, every 7 days
    (item,) = of(book, wang, Reason.CADENCE)
    # Overdue counts from the later of the due day and the day 王芳 came into the book
    # (today): a history typed in late starts with a plan, not a backlog (the plan's rule).
    assert item.due == TODAY - timedelta(days=33) and item.days_overdue == 0
    assert item.customer_key == f"#{wang.id}" and item.name == "王芳"
    assert "every 7 days" in item.detail and "王芳" in item.message
    contact(book, wang, TODAY - timedelta(days=1))  # logged anywhere, not from the queue
    (item,) = of(book, wang, Reason.CADENCE)
    assert item.due == TODAY + timedelta(days=6) and item.days_overdue == -6


def test_done_logs_a_contact_and_the_item_never_comes_back(book: Book) -> None:
    li = customer(book, "李雷")
    buy(book, li, 80, TODAY - timedelta(days=30))
    (item,) = of(book, li, Reason.CADENCE)
    contacts_before = count(book.conn, "interactions")
    logged = book.mark_done(item.key, note="聊了新品")
    assert count(book.conn, "interactions") == contacts_before + 1
    assert logged.customer_id == li.id and logged.kind is InteractionKind.MESSAGE
    assert logged.at.date() == TODAY and "聊了新品" in logged.note
    assert of(book, li, Reason.CADENCE, days=0) == []
    (nxt,) = of(book, li, Reason.CADENCE, days=30)
    assert nxt.due == TODAY + WEEK  # the cadence moved on from the contact
    # Regenerated for earlier and later days, the done round never comes back.
    for offset in (-20, -5, 0, 3, 10):
        queue = book.queue(TODAY + timedelta(days=offset), days=7)
        assert queue.position(li.id, Reason.CADENCE, item.occurrence) < 0  # type: ignore[arg-type]  # saved ids


def test_snooze_moves_the_due_day_and_undo_brings_it_back(book: Book) -> None:
    han = customer(book, "韩梅梅")
    buy(book, han, 80, TODAY - timedelta(days=30))
    (item,) = of(book, han, Reason.CADENCE)
    book.snooze(item.key, TODAY + WEEK)
    assert of(book, han, Reason.CADENCE, days=0) == []
    (later,) = of(book, han, Reason.CADENCE, days=7)
    assert later.due == TODAY + WEEK and later.snoozed and later.key == item.key
    (on_the_day,) = of(book, han, Reason.CADENCE, as_of=TODAY + WEEK, days=0)
    assert on_the_day.days_overdue == 0
    book.reopen(item.key)
    (back,) = of(book, han, Reason.CADENCE, days=0)
    assert back.due == item.due and not back.snoozed


def test_snooze_must_go_forward(book: Book) -> None:
    zhao = customer(book, "赵四")
    buy(book, zhao, 10, TODAY - timedelta(days=30))
    (item,) = of(book, zhao, Reason.CADENCE)
    with pytest.raises(BookError) as caught:
        book.snooze(item.key, TODAY)
    assert caught.value.key == "followup.snooze_past"
    assert "2026-11-23" in caught.value.message("en")


def test_a_snooze_goes_at_most_a_year_ahead(book: Book) -> None:
    han = customer(book, "韩梅梅")
    buy(book, han, 80, TODAY - timedelta(days=30))
    (item,) = of(book, han, Reason.CADENCE)
    with pytest.raises(BookError) as caught:
        book.snooze(item.key, TODAY + timedelta(days=366))
    assert caught.value.message("zh") == "最多推迟 365 天（到 2027-11-23 为止）：2027-11-24 太远了"
    assert of(book, han, Reason.CADENCE) == [item]
    book.snooze(item.key, TODAY + timedelta(days=365))
    assert of(book, han, Reason.CADENCE, days=0) == []


def test_skip_waits_for_the_next_round(book: Book) -> None:
    qian = customer(book, "钱五")
    buy(book, qian, 10, TODAY - timedelta(days=30))
    (item,) = of(book, qian, Reason.CADENCE)
    book.skip(item.key)
    assert of(book, qian, Reason.CADENCE, days=6) == []
    (nxt,) = of(book, qian, Reason.CADENCE, days=30)
    assert nxt.due == TODAY + WEEK  # 23 days overdue, skipped today: a week from today


def test_undoing_done_deletes_the_contact_it_logged(book: Book) -> None:
    sun = customer(book, "孙六")
    buy(book, sun, 10, TODAY - timedelta(days=30))
    (item,) = of(book, sun, Reason.CADENCE)
    book.mark_done(item.key)
    before = count(book.conn, "interactions")
    book.reopen(item.key)
    assert count(book.conn, "interactions") == before - 1
    assert [i.key for i in of(book, sun, Reason.CADENCE)] == [item.key]
    with pytest.raises(BookError):
        book.reopen(item.key)  # nothing left to undo


def test_undoing_done_keeps_the_contact_the_seller_edited_since(book: Book) -> None:
    """The seller wrote what was agreed into the contact the done logged: the undo opens
    the item but keeps the contact (the edit is never lost), and says which one it kept."""
    sun = customer(book, "孙六")
    assert sun.id is not None
    buy(book, sun, 10, TODAY - timedelta(days=30))
    (item,) = of(book, sun, Reason.CADENCE)
    logged = book.mark_done(item.key, note="打了电话")
    edited = book.edit_contact(logged.model_copy(update={"note": "要两套礼盒，已收定金 200"}))

    undone = book.reopen(item.key)

    assert undone.state is None and undone.kept_contact == edited
    assert book.interactions_of(sun.id) == [edited]
    with pytest.raises(BookError):
        book.reopen(item.key)  # the step is undone: nothing left to undo


def test_a_snoozed_item_then_done_is_undone_step_by_step(book: Book) -> None:
    """Undo goes back one step: the done's undo deletes its contact and gives back the
    snooze (to the same day); a second undo opens the item, due as before the snooze."""
    wu = customer(book, "吴八")
    buy(book, wu, 10, TODAY - timedelta(days=30))
    (item,) = of(book, wu, Reason.CADENCE)
    book.snooze(item.key, TODAY + timedelta(days=2))
    book._today = lambda: TODAY + timedelta(days=2)  # the day it came back (done is never ahead)
    book.mark_done(item.key, as_of=TODAY + timedelta(days=2))
    before = count(book.conn, "interactions")
    assert book.reopen(item.key).state == (QueueAction.SNOOZED, TODAY + timedelta(days=2))
    assert count(book.conn, "interactions") == before - 1
    book._today = lambda: TODAY
    (snoozed,) = of(book, wu, Reason.CADENCE, days=2)
    assert snoozed.key == item.key and snoozed.snoozed
    assert snoozed.due == TODAY + timedelta(days=2)
    assert book.reopen(item.key).state is None
    (back,) = of(book, wu, Reason.CADENCE, days=0)
    assert back.key == item.key and back.due == item.due and not back.snoozed
    with pytest.raises(BookError) as caught:
        book.reopen(item.key)
    assert caught.value.key == "followup.not_handled"


def test_done_on_a_day_that_has_not_come_is_refused_with_the_rule(book: Book) -> None:
    wu = customer(book, "吴八")
    buy(book, wu, 10, TODAY - timedelta(days=30))
    (item,) = of(book, wu, Reason.CADENCE)
    before = count(book.conn, "interactions")

    with pytest.raises(BookError) as caught:
        book.mark_done(item.key, as_of=TODAY + timedelta(days=1))

    assert caught.value.key == "store.done_in_future"
    assert "has not come yet" in caught.value.message("en")
    assert "那天还没到" in caught.value.message("zh")
    assert count(book.conn, "interactions") == before


def test_a_reminder_done_from_the_queue_is_done_on_the_customer_too(book: Book) -> None:
    zhou = customer(book, "周七")
    assert zhou.id is not None
    reminder = book.set_reminder(Reminder(customer_id=zhou.id, due=TODAY, note="回电话"))
    (item,) = of(book, zhou, Reason.REMINDER)
    assert item.detail == "回电话" and item.priority == 1
    book.mark_done(item.key)
    assert [r.done for r in book.reminders_of(zhou.id)] == [True]
    assert of(book, zhou, Reason.REMINDER) == []
    book.reopen(item.key)
    assert [r.done for r in book.reminders_of(zhou.id)] == [False]
    assert reminder.id == item.occurrence


def test_birthday_holiday_new_customer_and_at_risk_from_the_book(
    book_path: Path, open_book: Callable[..., Book]
) -> None:
    book = open_book(book_path)
    zhang = customer(book, "张晓燕", birthday=Birthday(month=11, day=25, year=1990))
    buy(book, zhang, 100, TODAY - timedelta(days=2))  # a new customer, not yet contacted
    regular = customer(book, "老客户")
    # Every 10 days, then silent for 25: at risk (after 20), not yet lapsed (after 30).
    for back in (55, 45, 35, 25):
        buy(book, regular, 500, TODAY - timedelta(days=back))
    found = {(i.customer_id, i.reason) for i in items(book)}
    assert (zhang.id, Reason.BIRTHDAY) in found
    assert (zhang.id, Reason.NEW_CUSTOMER) in found
    (risk,) = of(book, regular, Reason.AT_RISK)
    assert risk.due == TODAY - timedelta(days=25 - 21)
    assert "usually every 10 days" in risk.detail
    # Christmas: every buyer gets a greeting, with the name and the holiday in it.
    christmas = [
        i for i in items(book, as_of=date(2026, 12, 24), days=1) if i.reason is Reason.HOLIDAY
    ]
    assert {i.customer_id for i in christmas} == {zhang.id, regular.id}
    assert all("Merry Christmas" in i.message and i.name in i.message for i in christmas)


def test_a_customer_who_drops_a_tier_is_in_the_queue_until_contacted(
    book_path: Path, open_book: Callable[..., Book]
) -> None:
    with Book.open(book_path, today=lambda: TODAY - timedelta(days=3)) as first_day:
        big = customer(first_day, "大客户")
        small = customer(first_day, "小客户")
        buy(first_day, big, 1000, TODAY - timedelta(days=3))
        buy(first_day, small, 10, TODAY - timedelta(days=3))
    book = open_book(book_path)
    # A newcomer outspends everyone: the big customer, A since 3 days ago, drops from A.
    newcomer = customer(book, "新来的")
    buy(book, newcomer, 50_000, TODAY - timedelta(days=1))
    moved = of(book, big, Reason.TIER_CHANGE)
    assert [i.detail.startswith("dropped from A core to") for i in moved] == [True]
    contact(book, big, TODAY)
    assert of(book, big, Reason.TIER_CHANGE) == []


def test_the_queue_as_of_an_earlier_day_ignores_what_came_later(book: Book) -> None:
    wu = customer(book, "吴九")
    buy(book, wu, 10, TODAY - timedelta(days=60))
    contact(book, wu, TODAY - timedelta(days=5))
    (now,) = of(book, wu, Reason.CADENCE, days=30)
    assert now.due == TODAY - timedelta(days=5) + WEEK
    earlier = TODAY - timedelta(days=10)
    (then,) = of(book, wu, Reason.CADENCE, as_of=earlier, days=0)
    assert then.due == TODAY - timedelta(days=60) + WEEK


def test_the_cached_columns_follow_every_save(book: Book) -> None:
    people = [customer(book, f"客户{k}") for k in range(6)]
    for k, who in enumerate(people):
        buy(book, who, 10 * (k + 1), TODAY - timedelta(days=20 + k))
    book.queue()  # loads the cache
    contact(book, people[0], TODAY)
    book.archive_customer(people[1].id, people[1].version)  # type: ignore[arg-type]  # saved
    buy(book, people[2], 99, TODAY)
    late = customer(book, "后来的", birthday=Birthday(month=11, day=24))
    cached = book.queue(days=30)
    book._queue_rows = None  # what a fresh read of the file gives
    fresh = book.queue(days=30)
    assert [i.key for i in book.follow_ups(cached)] == [i.key for i in book.follow_ups(fresh)]
    assert any(i.customer_id == late.id for i in book.follow_ups(fresh))
    assert all(i.customer_id != people[1].id for i in book.follow_ups(fresh))


def test_bad_keys_are_refused_with_the_rule(book: Book) -> None:
    with pytest.raises(BookError) as caught:
        book.mark_done("not-a-key")
    assert "customer:reason:occurrence" in caught.value.message("en")
    with pytest.raises(BookError) as caught:
        book.skip(item_key(999, Reason.CADENCE, 1))
    assert caught.value.key == "followup.no_item"


def test_forgetting_a_customer_erases_their_queue_state(book: Book) -> None:
    gone = customer(book, "要删除的")
    buy(book, gone, 10, TODAY - timedelta(days=30))
    (item,) = of(book, gone, Reason.CADENCE)
    book.snooze(item.key, TODAY + WEEK)
    book.forget_customer(gone.id)  # type: ignore[arg-type]  # saved
    assert count(book.conn, "follow_ups") == 0


def test_a_lunar_birthday_reads_as_its_lunar_day_then_the_date(book: Book) -> None:
    # 2026-11-25 is the 17th of the tenth lunar month.
    lin = customer(book, "林月", birthday=Birthday(month=10, day=17, lunar=True))
    zhang = customer(book, "张晓燕", birthday=Birthday(month=11, day=25))

    def detail(who: Customer, lang: str) -> str:
        (found,) = [
            i
            for i in book.follow_ups(book.queue(None, 7), lang=lang)  # type: ignore[arg-type]
            if i.customer_id == who.id and i.reason is Reason.BIRTHDAY
        ]
        return found.detail

    assert detail(lin, "zh") == "农历十月十七生日（11月25日）"
    assert detail(lin, "en") == "lunar 10/17 birthday (25 Nov)"
    assert detail(zhang, "zh") == "生日 11月25日"


def test_a_29_february_birthday_in_a_common_year_names_both_days(book: Book) -> None:
    leap = customer(book, "闰日", birthday=Birthday(month=2, day=29))
    plain = customer(book, "普通", birthday=Birthday(month=2, day=28))

    (moved,) = of(book, leap, Reason.BIRTHDAY, as_of=date(2027, 2, 26))
    (same,) = of(book, plain, Reason.BIRTHDAY, as_of=date(2027, 2, 26))
    (leap_year,) = of(book, leap, Reason.BIRTHDAY, as_of=date(2028, 2, 26))

    assert moved.detail == "birthday 29 Feb (28 Feb this year)"
    assert same.detail == "birthday 28 Feb"
    assert leap_year.detail == "birthday 29 Feb"
    zh = book.follow_ups(book.queue(date(2027, 2, 26), 7), lang="zh")
    mine = [i.detail for i in zh if i.customer_id == leap.id and i.reason is Reason.BIRTHDAY]
    assert mine == ["生日 2月29日（今年是 2月28日）"]


@pytest.mark.parametrize("reason", [Reason.CADENCE, Reason.REMINDER])
def test_an_item_already_done_is_refused_and_logs_no_second_contact(
    book: Book, reason: Reason
) -> None:
    """A second `done` of one item (a key held in the queue, a second window) is refused as
    the CLI refuses it: no second contact, no second step stacked on the first."""
    zhou = customer(book, "周七")
    assert zhou.id is not None
    buy(book, zhou, 80, TODAY - timedelta(days=30))
    book.set_reminder(Reminder(customer_id=zhou.id, due=TODAY, note="回电话确认礼盒款式"))
    (item,) = of(book, zhou, reason)
    book.mark_done(item.key)
    contacts = count(book.conn, "interactions")
    with pytest.raises(BookError) as caught:
        book.mark_done(item.key)
    # said with the customer's name and the reason, never the item's inner key
    assert caught.value.key == "followup.already_handled"
    assert (
        caught.value.message("zh")
        == f"周七（{reason.label('zh')}）已经在别处处理过了（另一个窗口或命令行）"
    )
    assert caught.value.message("en").startswith(f"周七 ({reason.label('en')}) was already")
    assert item.key not in caught.value.message("zh")
    assert count(book.conn, "interactions") == contacts
    book.reopen(item.key)  # one undo brings it back: one step was recorded
    assert [i.key for i in of(book, zhou, reason)] == [item.key]
    with pytest.raises(BookError):
        book.reopen(item.key)


def test_two_dones_of_one_item_at_once_log_one_contact(
    book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two windows (or two workers of one screen) handle the item they both read as open:
    the one that writes second finds it done in its transaction and is refused."""
    zhou = customer(book, "周七")
    assert zhou.id is not None
    book.set_reminder(Reminder(customer_id=zhou.id, due=TODAY, note="回电话"))
    (item,) = of(book, zhou, Reason.REMINDER)
    read_item = Book._item
    both_read = threading.Barrier(2, timeout=5)

    def read_together(self: Book, *args: object, **kwargs: object) -> FollowUp:
        found = read_item(self, *args, **kwargs)  # type: ignore[arg-type]  # passed through
        both_read.wait()  # neither writes before both have read the item as open
        return found

    monkeypatch.setattr(Book, "_item", read_together)
    refused: list[BookError] = []

    def done() -> None:
        try:
            book.mark_done(item.key)
        except BookError as error:
            refused.append(error)

    racers = [threading.Thread(target=done) for _ in range(2)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(10)
    assert [error.key for error in refused] == ["followup.already_handled"]
    assert count(book.conn, "interactions") == 1
    assert book.conn.execute("SELECT earlier FROM follow_ups").fetchall() == [("[]",)]


HANDLINGS: dict[str, Callable[[Book, str], object]] = {
    "done": lambda book, key: book.mark_done(key, "打过电话"),
    "snooze": lambda book, key: book.snooze(key, TODAY + WEEK),
    "skip": lambda book, key: book.skip(key),
}


@pytest.mark.parametrize("how", HANDLINGS)
def test_a_handling_the_full_disk_refuses_leaves_the_item_in_the_queue(
    book: Book, book_path: Path, how: str
) -> None:
    """The disk fills as the write commits: refused in words, and the book reads as the
    file is — the item open, the customer not contacted — not as the refused write would
    have left it; once there is room again the same key is handled and lands on disk."""
    li = customer(book, "李雷")
    buy(book, li, 80, TODAY - timedelta(days=30))
    (item,) = of(book, li, Reason.CADENCE)
    before = [i.key for i in items(book)]
    book.conn = FullDisk(book.conn)  # type: ignore[assignment]  # the file's side fails
    with pytest.raises(BookError) as caught:
        HANDLINGS[how](book, item.key)
    assert caught.value.key == "store.disk_full"
    assert [i.key for i in items(book)] == before
    assert of(book, li, Reason.CADENCE) == [item]
    assert len(book.handled().customer_id) == 0
    assert table_of(book_path, "SELECT count(*) FROM interactions") == [(0,)]
    book.conn.full = False  # type: ignore[attr-defined]  # space freed
    HANDLINGS[how](book, item.key)
    assert of(book, li, Reason.CADENCE, days=0) == []
    action = {"done": QueueAction.DONE, "snooze": QueueAction.SNOOZED, "skip": QueueAction.SKIPPED}
    on_disk = table_of(book_path, "SELECT action FROM follow_ups")
    assert on_disk == [(action[how].value,)]


def test_undo_takes_back_todays_steps_latest_first_in_any_run(book: Book, book_path: Path) -> None:
    """The queue's `u` reads the book, not a screen: the steps of today come back latest
    first after the seller looked elsewhere, in another window or after a restart (three
    D's in one second too); yesterday's are not today's to take back."""
    people = [customer(book, name) for name in ("赵一", "钱二", "孙三", "李四")]
    for who in people:
        buy(book, who, 80, TODAY - timedelta(days=30))
    first, second, third, old = (of(book, who, Reason.CADENCE)[0] for who in people)
    with Book.open(book_path, today=lambda: TODAY - timedelta(days=1)) as yesterday:
        yesterday.skip(old.key)
    book.snooze(first.key, TODAY + WEEK)
    book.mark_done(second.key)
    book.skip(third.key)
    book.mark_done(first.key, as_of=TODAY)  # the snoozed item done after all

    with Book.open(book_path, today=fixed_clock) as later:  # another window, or a restart
        assert later.last_step_today() == first.key
        steps = [later.undo_last_step() for _ in range(5)]
    undone = [(step[0], step[1].state) for step in steps if step is not None]
    assert undone == [
        (first.key, (QueueAction.SNOOZED, TODAY + WEEK)),
        (third.key, None),
        (second.key, None),
        (first.key, None),
    ]
    assert steps[4] is None
    assert book.last_step_today() is None
    assert book.handled().customer_id.tolist() == [people[3].id]  # yesterday's stays
