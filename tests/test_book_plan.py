"""The plan (今日计划) through the Book: planned days under the daily capacity, the rhythm
measured between purchase occasions in the stats table, the day an item was handled, and
the reads the customer list and tier lists use (next planned day, dormant customers)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from tests.book_helpers import TODAY, buy, customer, fixed_clock, stats_of
from tests.test_migrations import old_book
from xiaoben.models.customer import Customer
from xiaoben.models.enums import InteractionKind, Reason
from xiaoben.store import followups
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.schema import MIGRATION_NAMES
from xiaoben.tiering.frame import epoch_day

DAY = timedelta(days=1)


def regulars(book: Book, count: int) -> list[Customer]:
    """`count` buyers who last bought 40 days ago: each has an overdue cadence item."""
    people = []
    with book.batch():
        for k in range(count):
            person = customer(book, f"老客{k:02d}")
            buy(book, person, 100 + k, TODAY - 40 * DAY)
            people.append(person)
    return people


def test_the_plan_holds_the_capacity_and_the_rest_wait_for_the_next_days(book: Book) -> None:
    regulars(book, 45)
    queue = book.queue()
    assert queue.capacity == 20
    assert queue.plan_count() == 20
    assert queue.plan_count(TODAY + DAY) == 20
    assert queue.plan_count(TODAY + 2 * DAY) == 5
    items = book.follow_ups(queue, lang="en")
    assert {item.planned for item in items} == {TODAY, TODAY + DAY, TODAY + 2 * DAY}
    assert all(item.due <= TODAY for item in items)  # every one is due: planned, not dropped


def test_capacity_given_to_one_call_overrides_the_rule(book: Book) -> None:
    regulars(book, 25)
    assert book.queue(capacity=10).plan_count() == 10
    assert book.queue(capacity=0).plan_count() == 25  # no limit
    assert book.queue().plan_count() == 20  # the rule is untouched
    assert book.rules().plan_capacity == 20


def test_items_handled_today_take_room_in_todays_plan(book: Book) -> None:
    regulars(book, 30)
    queue = book.queue()
    for k in queue.plan_order()[:3].tolist():  # the first three of today's plan
        book.mark_done(book.follow_ups(queue, k, k + 1)[0].key)
    handled = followups.load_handled(book.conn)
    assert handled.room_day is not None
    assert handled.room_day.tolist() == [epoch_day(TODAY)] * 3
    after = book.queue()
    assert after.plan_count() == 17  # 20 a day, 3 already done today
    assert after.plan_count(TODAY + DAY) == 10  # tomorrow's plan is as it was


def planned_days(book: Book) -> dict[str, date]:
    """Each planned item's day, by key."""
    items = book.planned_items(book.queue(days=30))
    return {item.key: item.planned for item in items if item.planned is not None}


@pytest.mark.parametrize("how", ["done", "snooze", "skip"])
def test_handling_any_item_moves_no_other_one_later(book: Book, how: str) -> None:
    """The plan's promise (tiering/plan.py): an item leaving it never moves another one
    later. A customer planned for a later day calls and the seller handles their item: no
    untouched item of today's plan goes to tomorrow (it took none of today's room)."""
    regulars(book, 12)
    book.set_rules(book.rules().model_copy(update={"plan_capacity": 4}))
    before = planned_days(book)
    assert sorted(before.values())[3:5] == [TODAY, TODAY + DAY]
    for key, day in before.items():
        if how == "done":
            book.mark_done(key)
        elif how == "snooze":
            book.snooze(key, TODAY + 20 * DAY)
        else:
            book.skip(key)
        after = {k: d for k, d in planned_days(book).items() if k != key and k in before}
        later = {k: (before[k], d) for k, d in after.items() if d > before[k]}
        assert later == {}, (key, day)
        assert sum(d == TODAY for d in after.values()) == 4 - (day == TODAY), (key, day)
        book.reopen(key)
        assert planned_days(book) == before


def test_days_overdue_count_from_the_day_the_customer_came_into_the_book(
    book_path: Path,
) -> None:
    with Book.open(book_path, today=lambda: TODAY - 10 * DAY) as earlier:
        old_friend = customer(earlier, "老朋友")
    with Book.open(book_path, today=fixed_clock) as book:
        newcomer = customer(book, "新朋友")
        for person in (old_friend, newcomer):
            buy(book, person, 100, TODAY - 40 * DAY)  # cadence due 33 days ago
        items = {i.customer_id: i for i in book.follow_ups(book.queue(), lang="en")}
        assert items[old_friend.id].days_overdue == 10  # type: ignore[index]  # saved ids
        assert items[newcomer.id].days_overdue == 0  # type: ignore[index]
        assert items[newcomer.id].due == TODAY - 33 * DAY  # type: ignore[index]
        # The plan's 逾期 count (the app's header and `xiaoben queue`) follows the same rule.
        assert book.queue().overdue_count() == 1


def test_a_gift_done_logs_a_gift_and_a_win_back_a_call(book: Book) -> None:
    from xiaoben.store.queue_verbs import _DONE_KIND

    assert _DONE_KIND[Reason.GIFT] is InteractionKind.GIFT
    assert _DONE_KIND[Reason.WIN_BACK] is InteractionKind.CALL


# ---- the rhythm in the stats table ---------------------------------------------------


def test_purchases_in_one_week_are_one_occasion_for_the_median_gap(book: Book) -> None:
    wang = customer(book, "王芳")
    for offset in (100, 99, 98, 70, 40, 39):  # three occasions, 30 days apart
        buy(book, wang, 100, TODAY - offset * DAY)
    assert stats_of(book, wang.id)["median_gap_days"] == 30.0


def test_deleting_a_purchase_measures_the_rhythm_again(book: Book) -> None:
    wang = customer(book, "王芳")
    bought = [buy(book, wang, 100, TODAY - offset * DAY) for offset in (90, 60, 50)]
    assert stats_of(book, wang.id)["median_gap_days"] == 20.0  # gaps 30 and 10
    assert bought[1].id is not None
    book.delete_purchase(bought[1].id)
    assert stats_of(book, wang.id)["median_gap_days"] == 40.0
    assert bought[2].id is not None
    book.delete_purchase(bought[2].id)
    assert stats_of(book, wang.id)["median_gap_days"] is None  # one occasion: no rhythm


def test_the_rhythm_as_of_an_earlier_day_counts_only_purchases_by_then(book: Book) -> None:
    wang = customer(book, "王芳")
    for offset in (90, 60, 30, 20):
        buy(book, wang, 100, TODAY - offset * DAY)
    as_of = TODAY - 25 * DAY
    earlier = followups.load_as_of(book.conn, as_of, book.rules().occasion_window_days)
    (row,) = np.flatnonzero(earlier.customer_id == wang.id)
    assert earlier.median_gap_days[row] == 30.0
    assert stats_of(book, wang.id)["median_gap_days"] == 30.0  # 30, 30, 10: median 30


def test_changing_the_occasion_window_measures_every_rhythm_again(book: Book) -> None:
    wang = customer(book, "王芳")
    for offset in (100, 98, 70, 68):
        buy(book, wang, 100, TODAY - offset * DAY)
    assert stats_of(book, wang.id)["median_gap_days"] == 30.0
    book.set_rules(book.rules().model_copy(update={"occasion_window_days": 0}))
    assert stats_of(book, wang.id)["median_gap_days"] == 2.0  # gaps 2, 28, 2


def test_migrating_measures_the_stored_gaps_between_occasions(tmp_path: Path) -> None:
    path = old_book(tmp_path / "v5.db", len(MIGRATION_NAMES) - 1)  # all but the last migration
    conn = sqlite3.connect(path)
    with conn:  # 王芳 (id 1) bought three days running in March, as that app stored it
        conn.executemany(
            "INSERT INTO purchases (customer_id, date, amount_cents, created_at)"
            " VALUES (1, ?, 100, '2026-03-02 10:00:00')",
            [("2026-03-02",), ("2026-03-03",)],
        )
        conn.execute("UPDATE stats SET median_gap_days = 1.0 WHERE customer_id = 1")
    conn.close()

    with Book.open(path, today=fixed_clock) as book:
        # Occasions on 03-01, 07-01, 11-01: gaps 122 and 123 days.
        assert stats_of(book, 1)["median_gap_days"] == 122.5


# ---- reads for the other screens -----------------------------------------------------


def test_next_planned_gives_each_customers_earliest_planned_day(book: Book) -> None:
    people = regulars(book, 25)
    planned = book.next_planned()
    days = [planned.of(person.id or 0) for person in people]
    assert days.count(TODAY) == 20 and days.count(TODAY + DAY) == 5
    assert planned.of(99_999) is None
    assert book.next_planned() is planned  # kept until the book changes
    buy(book, people[0], 10)
    assert book.next_planned() is not planned


def test_dormant_customers_are_lapsed_buyers_below_b(book: Book) -> None:
    top = customer(book, "大客户")
    small = customer(book, "小客户")
    fresh = customer(book, "新客户")
    buy(book, top, 50_000, TODAY - 400 * DAY)
    buy(book, small, 10, TODAY - 400 * DAY)
    buy(book, fresh, 20, TODAY - 2 * DAY)
    assert book.dormant_ids().tolist() == [small.id]


def test_the_plan_as_of_a_day_before_the_records(book: Book) -> None:
    regulars(book, 5)
    day: date = TODAY - 50 * DAY
    assert len(book.queue(day)) == 0  # nobody had bought yet
