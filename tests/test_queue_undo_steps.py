"""Undo in the follow-up queue goes back one step (hypothesis): any sequence of done, snooze,
skip and undo on an item, each undo gives back exactly the state before the step it undoes
(the item's handled row, its contact, its reminder, where the queue plans it)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.book_helpers import TODAY, buy, customer, fixed_clock
from xiaoben.models.enums import Reason
from xiaoben.models.errors import BookError
from xiaoben.models.followup import parse_item_key
from xiaoben.models.interaction import Reminder
from xiaoben.store.book import Book
from xiaoben.store.queue_verbs import PLAN_DAYS

STEPS = st.lists(
    st.one_of(
        st.just(("done", 0)),
        st.just(("skip", 0)),
        st.just(("undo", 0)),
        st.tuples(st.just("snooze"), st.integers(1, 12)),
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture(scope="module")
def queue_book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A book with a cadence item (韩梅梅) and a reminder item (李雷) open today; every
    example below ends with the book as it began (all its steps undone)."""
    path: Path = tmp_path_factory.mktemp("undo") / "book.db"
    book = Book.open(path, today=fixed_clock)
    han = customer(book, "韩梅梅")
    buy(book, han, 80, TODAY - timedelta(days=30))
    li = customer(book, "李雷")
    assert li.id is not None
    book.set_reminder(Reminder(customer_id=li.id, due=TODAY, note="回访"))
    keys = {item.reason: item.key for item in book.follow_ups(book.queue(days=0))}
    yield book, [keys[Reason.CADENCE], keys[Reason.REMINDER]]
    book.close()


def state(book: Book, key: str) -> tuple[object, ...]:
    """What an undo must give back: the handled row, the contacts, the reminders and the
    item as the queue plans it (absent: None)."""
    customer_id, reason, occurrence = parse_item_key(key)
    handled = book.conn.execute(
        "SELECT action, until, interaction_id, note, handled_at FROM follow_ups"
        " WHERE customer_id = ? AND reason = ? AND occurrence = ?",
        (customer_id, reason.value, occurrence),
    ).fetchall()
    contacts = book.conn.execute("SELECT id, note FROM interactions ORDER BY id").fetchall()
    reminders = book.conn.execute("SELECT id, done FROM reminders ORDER BY id").fetchall()
    queue = book.queue(days=PLAN_DAYS)
    at = queue.position(customer_id, reason, occurrence)
    item = book.follow_ups(queue, at, at + 1)[0] if at >= 0 else None
    planned = (item.due, item.planned, item.snoozed) if item else None
    return handled, contacts, reminders, planned


@settings(max_examples=60)
@given(steps=STEPS, which=st.integers(0, 1))
def test_each_undo_gives_back_the_state_before_its_step(
    queue_book: Any, steps: list[tuple[str, int]], which: int
) -> None:
    book, keys = queue_book
    key = keys[which]
    before: list[tuple[object, ...]] = []  # the state before each step not yet undone
    for verb, days in steps:
        now = state(book, key)
        if verb == "undo":
            if not before:
                with pytest.raises(BookError):
                    book.reopen(key)
                assert state(book, key) == now
                continue
            book.reopen(key)
            assert state(book, key) == before.pop()
            continue
        try:
            if verb == "done":
                book.mark_done(key, note=f"第{len(before)}步")
            elif verb == "skip":
                book.skip(key)
            else:
                book.snooze(key, TODAY + timedelta(days=days))
        except BookError as refused:  # a done or skipped item is out of the queue
            assert refused.key == "followup.already_handled"
            assert state(book, key) == now
            continue
        before.append(now)
    while before:  # undo, undo, …: back to the book as it began
        book.reopen(key)
        assert state(book, key) == before.pop()
    with pytest.raises(BookError):
        book.reopen(key)
