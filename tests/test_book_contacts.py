"""Contacts and reminders: service cost and intent reach the stats and the lenses."""

from __future__ import annotations

from datetime import date

import pytest

from tests.book_helpers import buy, customer, stats_of, tiers_of
from xiaoben.models.enums import Outcome
from xiaoben.models.errors import ConflictError
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.store.book import Book


def contact(book: Book, who: object, at: str, **fields: object) -> Interaction:
    customer_id = getattr(who, "id", who)
    saved: Interaction = book.log_contact(
        Interaction(customer_id=customer_id, at=at, kind=fields.pop("kind", "call"), **fields)
    )
    return saved


def test_a_contact_with_a_service_cost_counts_in_the_stats(book: Book) -> None:
    wang = customer(book, "王芳")

    contact(book, wang, "2026-11-02 10:00", service_cost="12.50", service_minutes=20)
    contact(book, wang, "2026-11-20 16:30", kind="gift", service_cost="30")

    stats = stats_of(book, wang.id)
    assert stats["service_cost_cents"] == 4250
    assert stats["service_minutes"] == 20
    assert stats["last_interaction"] == "2026-11-20 16:30"


def test_service_cost_lowers_a_buyers_value(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 300, "2026-11-01")

    contact(book, wang, "2026-11-02 10:00", service_cost="100")

    assert tiers_of(book, wang.id)["value_cents"] == 20000  # type: ignore[index]


def test_showing_intent_makes_a_non_buyer_a_prospect(book: Book) -> None:
    zhao = customer(book, "赵敏")

    contact(book, zhao, "2026-11-20 15:00", kind="message", outcome="showed_intent")

    assert stats_of(book, zhao.id)["last_intent"] == "2026-11-20 15:00"
    assert tiers_of(book, zhao.id)["stage"] == "prospect"  # type: ignore[index]


def test_intent_shown_long_ago_no_longer_makes_a_prospect(book: Book) -> None:
    zhao = customer(book, "赵敏")

    contact(book, zhao, "2026-09-01 15:00", kind="message", outcome="showed_intent")

    assert tiers_of(book, zhao.id)["stage"] == "potential"  # type: ignore[index]


def test_a_contact_without_intent_leaves_a_non_buyer_potential(book: Book) -> None:
    zhao = customer(book, "赵敏")

    contact(book, zhao, "2026-11-20 15:00", outcome="reached")

    assert tiers_of(book, zhao.id)["stage"] == "potential"  # type: ignore[index]


def test_deleting_a_contact_takes_its_cost_back_out(book: Book) -> None:
    wang = customer(book, "王芳")
    contact(book, wang, "2026-11-02 10:00", service_cost="10")
    costly = contact(book, wang, "2026-11-05 10:00", service_cost="90")

    book.delete_interaction(costly.id or 0, costly.version)

    stats = stats_of(book, wang.id)
    assert stats["service_cost_cents"] == 1000
    assert stats["last_interaction"] == "2026-11-02 10:00"


def test_a_deleted_contact_comes_back_as_it_was_with_its_id(book: Book) -> None:
    zhao = customer(book, "赵敏")
    logged = contact(
        book, zhao, "2026-11-20 15:00", kind="message", outcome="showed_intent",
        note="问了尺码", service_cost="12.50", service_minutes=20,
    )  # fmt: skip
    assert logged.id is not None

    deleted = book.delete_interaction(logged.id, logged.version)
    assert tiers_of(book, zhao.id)["stage"] == "potential"  # type: ignore[index]
    restored = book.restore_contact(deleted)

    assert restored == logged.model_copy(update={"version": restored.version})
    assert book.interactions_of(zhao.id or 0) == [restored]
    assert stats_of(book, zhao.id)["service_cost_cents"] == 1250
    assert tiers_of(book, zhao.id)["stage"] == "prospect"  # type: ignore[index]


def test_a_restored_contact_whose_id_was_taken_gets_a_new_one(book: Book) -> None:
    wang = customer(book, "王芳")
    first = contact(book, wang, "2026-11-02 10:00", note="first")
    assert first.id is not None
    deleted = book.delete_interaction(first.id, first.version)
    taken = contact(book, wang, "2026-11-05 10:00", note="second")
    assert taken.id == first.id  # SQLite gives the last row's freed id to the next one

    restored = book.restore_contact(deleted)

    assert restored.id != first.id
    assert restored.note == "first" and restored.at == first.at
    assert sorted(i.note for i in book.interactions_of(wang.id or 0)) == ["first", "second"]


def test_contacts_are_listed_newest_first(book: Book) -> None:
    wang = customer(book, "王芳")
    contact(book, wang, "2026-11-02 10:00", note="first")
    contact(book, wang, "2026-11-05 10:00", note="second")

    assert [i.note for i in book.interactions_of(wang.id or 0)] == ["second", "first"]


def test_a_reminder_is_saved_then_marked_done(book: Book) -> None:
    wang = customer(book, "王芳")
    reminder = book.set_reminder(
        Reminder(customer_id=wang.id or 0, due="2026-11-27", note="周五回电话")
    )

    done = book.set_reminder(reminder.model_copy(update={"done": True}))

    assert (done.version, done.done) == (2, True)
    assert book.reminders_of(wang.id or 0) == [done]
    assert done.due == date(2026, 11, 27)


def test_a_stale_reminder_is_refused(book: Book) -> None:
    wang = customer(book, "王芳")
    reminder = book.set_reminder(Reminder(customer_id=wang.id or 0, due="2026-11-27"))
    book.set_reminder(reminder.model_copy(update={"note": "改到下周"}))

    with pytest.raises(ConflictError):
        book.set_reminder(reminder.model_copy(update={"done": True}))


def test_editing_a_contact_moves_the_stage_at_once(book: Book) -> None:
    zhao = customer(book, "赵敏")
    logged = contact(book, zhao, "2026-11-20 15:00", kind="message")
    assert tiers_of(book, zhao.id)["stage"] == "potential"  # type: ignore[index]

    edited = book.edit_contact(logged.model_copy(update={"outcome": Outcome.SHOWED_INTENT}))

    assert edited.version == logged.version + 1
    assert stats_of(book, zhao.id)["last_intent"] == "2026-11-20 15:00"
    assert tiers_of(book, zhao.id)["stage"] == "prospect"  # type: ignore[index]


def test_editing_a_stale_contact_is_refused(book: Book) -> None:
    zhao = customer(book, "赵敏")
    logged = contact(book, zhao, "2026-11-20 15:00", kind="message")
    book.edit_contact(logged.model_copy(update={"note": "回了消息"}))

    with pytest.raises(ConflictError):
        book.edit_contact(logged.model_copy(update={"note": "没回"}))

    assert book.interactions_of(zhao.id)[0].note == "回了消息"  # type: ignore[arg-type]
