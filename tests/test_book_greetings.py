"""Holiday greetings as one action: outside the plan's capacity, done all at once, one undo."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.book_helpers import buy, count, customer
from xiaoben.models.enums import InteractionKind, Reason
from xiaoben.models.rules import Rules
from xiaoben.store.book import Book

CHRISTMAS = date(2026, 12, 25)


def christmas_book(path: Path, buyers: int = 30, capacity: int = 5) -> Book:
    """Buyers who bought a month before Christmas, opened on Christmas day."""
    book = Book.open(path, today=lambda: CHRISTMAS)
    book.set_rules(Rules(plan_capacity=capacity))
    for k in range(buyers):
        buy(book, customer(book, f"客户{k:02d}"), 100 + k, CHRISTMAS - timedelta(days=30 + k))
    return book


def test_greetings_take_none_of_the_plans_capacity(book_path: Path, sandbox: None) -> None:
    with christmas_book(book_path) as book:
        queue = book.queue(days=0)
        assert queue.greeting_count() == 30  # every buyer, on the day
        assert queue.plan_count() == 5  # the plan: the capacity, its greetings apart
        today = queue.plan_order()[: queue.day_count()]
        reasons = [Reason(r) for r in (list(Reason)[int(k)] for k in queue.reason[today])]
        # the plan's items first, then the greetings as one group
        assert reasons[5:] == [Reason.HOLIDAY] * 30
        assert Reason.HOLIDAY not in reasons[:5]


def test_greetings_done_at_once_each_logged_and_undone_together(
    book_path: Path, sandbox: None
) -> None:
    with christmas_book(book_path, buyers=12) as book:
        contacts = count(book.conn, "interactions")
        done = book.mark_greetings_done()
        assert len(done) == 12
        assert count(book.conn, "interactions") == contacts + 12
        kinds = {row[0] for row in book.conn.execute("SELECT kind FROM interactions")}
        assert kinds == {InteractionKind.GREETING.value}
        after = book.queue(days=0)
        assert after.greeting_count() == 0
        # the greetings took none of today's room (a greeting is a contact: it restarts
        # each one's cadence, as a single done does)
        took_room = "SELECT count(*) FROM follow_ups WHERE took_room"
        assert book.conn.execute(took_room).fetchone()[0] == 0
        taken = book.undo_last_step()
        assert taken is not None and taken[1].others == 11
        assert count(book.conn, "interactions") == contacts
        assert book.queue(days=0).greeting_count() == 12
        assert book.undo_last_step() is None  # one step, taken back whole


def test_no_greetings_done_on_an_ordinary_day(book_path: Path, sandbox: None) -> None:
    with christmas_book(book_path, buyers=3) as book:
        assert book.mark_greetings_done(CHRISTMAS - timedelta(days=5)) == []
