"""Purchases: adding, editing, deleting and moving them keeps stats and tiers current."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.book_helpers import assert_tiers_current, buy, customer, stats_of, tiers_of
from xiaoben.models.errors import BookError, ConflictError
from xiaoben.store.book import Book


def figures(book: Book, customer_id: int | None) -> tuple[object, ...]:
    stats = stats_of(book, customer_id)
    return (
        stats["orders"],
        stats["revenue_cents"],
        stats["refunded_cents"],
        stats["first_purchase"],
        stats["last_purchase"],
    )


def test_a_purchase_updates_the_customers_stats(book: Book) -> None:
    wang = customer(book, "王芳")

    buy(book, wang, "128.50", "2026-10-01")
    buy(book, wang, 300, "2026-11-01", refunded="50")

    assert figures(book, wang.id) == (2, 42850, 5000, "2026-10-01", "2026-11-01")


def test_a_first_purchase_tiers_the_customer_at_once(book: Book) -> None:
    wang = customer(book, "王芳")
    assert tiers_of(book, wang.id)["stage"] == "potential"  # type: ignore[index]

    buy(book, wang, 300, "2026-11-01")

    tiers = tiers_of(book, wang.id)
    assert tiers is not None
    assert (tiers["value_tier"], tiers["stage"], tiers["role"]) == ("A", "customer", "customer")
    assert tiers["value_cents"] == 30000


def test_a_purchase_its_stats_and_tiers_are_one_transaction(book: Book) -> None:
    wang = customer(book, "王芳")
    statements: list[str] = []
    book.conn.set_trace_callback(statements.append)

    buy(book, wang, 300, "2026-11-01")

    book.conn.set_trace_callback(None)
    begins = [k for k, s in enumerate(statements) if s.startswith("BEGIN")]
    commits = [k for k, s in enumerate(statements) if s == "COMMIT"]
    assert len(begins) == 1 and len(commits) == 1
    inside = statements[begins[0] : commits[0]]
    assert any(s.startswith("INSERT INTO purchases") for s in inside)
    assert any("INTO stats" in s for s in inside)
    assert any("INTO tiers" in s for s in inside)


def test_editing_a_purchase_updates_the_stats(book: Book) -> None:
    wang = customer(book, "王芳")
    purchase = buy(book, wang, 300, "2026-11-01")

    edited = book.edit_purchase(
        purchase.model_copy(
            update={"amount": Decimal("500"), "date": date(2026, 9, 15), "refunded": Decimal(20)}
        )
    )

    assert edited.version == purchase.version + 1
    assert figures(book, wang.id) == (1, 50000, 2000, "2026-09-15", "2026-09-15")


def test_editing_a_stale_purchase_is_refused(book: Book) -> None:
    wang = customer(book, "王芳")
    purchase = buy(book, wang, 300, "2026-11-01")
    book.edit_purchase(purchase.model_copy(update={"amount": Decimal("400")}))

    with pytest.raises(ConflictError) as refused:
        book.edit_purchase(purchase.model_copy(update={"amount": Decimal("500")}))

    assert "purchase was changed elsewhere" in refused.value.message("en")
    assert stats_of(book, wang.id)["revenue_cents"] == 40000


def test_deleting_a_purchase_updates_the_stats(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 100, "2026-10-01")
    last = buy(book, wang, 300, "2026-11-01")

    deleted = book.delete_purchase(last.id or 0, last.version)

    assert deleted.amount == last.amount and deleted.date == last.date
    assert figures(book, wang.id) == (1, 10000, 0, "2026-10-01", "2026-10-01")


def test_deleting_the_only_purchase_makes_a_buyer_a_non_buyer_again(book: Book) -> None:
    wang = customer(book, "王芳")
    only = buy(book, wang, 100, "2026-10-01")

    book.delete_purchase(only.id or 0)

    assert figures(book, wang.id) == (0, 0, 0, None, None)
    tiers = tiers_of(book, wang.id)
    assert tiers is not None and (tiers["value_tier"], tiers["stage"]) == (None, "potential")


def test_adding_back_a_deleted_purchase_undoes_the_delete(book: Book) -> None:
    wang = customer(book, "王芳")
    li = customer(book, "李娜")
    buy(book, li, 2000, "2026-08-01")
    buy(book, wang, 100, "2026-10-01")
    purchase = buy(book, wang, 300, "2026-11-01", refunded="10", items="面霜", quantity=2)
    stats_before = stats_of(book, wang.id)
    tiers_before = {i: tiers_of(book, i) for i in (wang.id, li.id)}

    deleted = book.delete_purchase(purchase.id or 0, purchase.version)
    book.add_purchase(deleted.model_copy(update={"id": None, "version": 0}))

    assert stats_of(book, wang.id) == stats_before
    assert {i: tiers_of(book, i) for i in (wang.id, li.id)} == tiers_before


def test_moving_a_purchase_to_another_customer_updates_both(book: Book) -> None:
    wang = customer(book, "王芳")
    li = customer(book, "李娜")
    buy(book, wang, 100, "2026-10-01")
    wrong = buy(book, wang, 300, "2026-11-01")

    book.edit_purchase(wrong.model_copy(update={"customer_id": li.id}))

    assert figures(book, wang.id) == (1, 10000, 0, "2026-10-01", "2026-10-01")
    assert figures(book, li.id) == (1, 30000, 0, "2026-11-01", "2026-11-01")
    assert tiers_of(book, li.id)["value_tier"] == "A"  # type: ignore[index]
    assert_tiers_current(book)


def test_a_purchase_for_a_customer_who_does_not_exist_is_refused(book: Book) -> None:
    with pytest.raises(BookError) as refused:
        buy(book, 404, 100)

    assert refused.value.message("en") == "no such customer: 404"


def test_moving_a_purchase_to_a_customer_who_does_not_exist_is_refused(book: Book) -> None:
    wang = customer(book, "王芳")
    purchase = buy(book, wang, 300, "2026-11-01")

    with pytest.raises(BookError) as refused:
        book.edit_purchase(purchase.model_copy(update={"customer_id": 404}))

    assert refused.value.message("en") == "no such customer: 404"
    assert [p.id for p in book.purchases_of(wang.id or 0)] == [purchase.id]


def test_deleting_a_purchase_that_does_not_exist_is_refused(book: Book) -> None:
    with pytest.raises(BookError) as refused:
        book.delete_purchase(404)

    assert refused.value.message("en") == "no such purchase: 404"


def test_a_refund_of_everything_makes_the_value_negative_or_zero(book: Book) -> None:
    wang = customer(book, "王芳")
    li = customer(book, "李娜")
    buy(book, li, 100, "2026-10-01")

    buy(book, wang, 300, "2026-11-01", refunded="300")

    assert tiers_of(book, wang.id)["value_tier"] == "D"  # type: ignore[index]


def test_every_save_leaves_everyone_tiered_as_a_fresh_compute_would(book: Book) -> None:
    people = [customer(book, name) for name in ("王芳", "李娜", "赵敏", "陈静", "刘洋")]
    for k, person in enumerate(people):
        buy(book, person, 100 * (k + 1) ** 3, f"2026-{k + 5:02d}-10")
        assert_tiers_current(book)
