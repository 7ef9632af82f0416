"""Tier history: each move of value tier and stage is logged with from, to and the day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.book_helpers import TODAY, buy, customer
from xiaoben.models.rules import Rules
from xiaoben.store.book import Book


def moves(book: Book, customer_id: int | None, lens: str) -> list[tuple[Any, Any]]:
    return [
        (move["from_value"], move["to_value"])
        for move in book.tier_history(customer_id or 0)
        if move["lens"] == lens
    ]


def test_a_new_customer_starts_their_history_as_potential(book: Book) -> None:
    wang = customer(book, "王芳")

    assert moves(book, wang.id, "stage") == [(None, "potential")]
    assert moves(book, wang.id, "value_tier") == []


def test_a_non_buyer_who_becomes_the_top_buyer_is_logged(book: Book) -> None:
    li = customer(book, "李娜")
    buy(book, li, 100, "2026-11-01")
    wang = customer(book, "王芳")

    buy(book, wang, 5000, "2026-11-20")

    assert moves(book, wang.id, "value_tier") == [(None, "A")]
    assert moves(book, wang.id, "stage") == [(None, "potential"), ("potential", "customer")]


def test_becoming_loyal_is_logged(book: Book) -> None:
    wang = customer(book, "王芳")
    for day in ("2026-09-01", "2026-10-01", "2026-11-01"):
        buy(book, wang, 100, day)

    assert moves(book, wang.id, "stage")[-1] == ("customer", "loyal")


def test_dropping_a_tier_logs_where_from_and_where_to(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 1000, "2026-11-01")
    big = customer(book, "大客户")

    buy(book, big, 100_000, "2026-11-02")

    assert moves(book, wang.id, "value_tier") == [(None, "A"), ("A", "C")]


def test_a_move_records_the_day_it_was_judged_as_of(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 1000, "2026-11-01")

    history = book.tier_history(wang.id or 0)

    assert {move["as_of"] for move in history} == {TODAY.isoformat()}
    assert all(move["changed_at"] for move in history)


def test_recomputing_an_unchanged_book_logs_nothing(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 1000, "2026-11-01")
    before = book.tier_history(wang.id or 0)

    result = book.recompute()

    assert (result.written, result.moves) == (0, 0)
    assert book.tier_history(wang.id or 0) == before


def test_new_rules_that_move_a_customer_are_logged(book: Book) -> None:
    wang = customer(book, "王芳")
    li = customer(book, "李娜")
    buy(book, wang, 700, "2026-11-01")
    buy(book, li, 300, "2026-11-01")
    assert moves(book, li.id, "value_tier") == [(None, "A")]

    book.set_rules(Rules(a_cut_percent=Decimal(50)))

    assert moves(book, li.id, "value_tier")[-1] == ("A", "B")


def test_recomputing_after_reopening_an_unchanged_book_writes_nothing(
    demo_path: Path, open_book: Callable[..., Book]
) -> None:
    open_book(demo_path).close()

    with open_book(demo_path) as book:
        result = book.recompute()

    assert (result.written, result.removed, result.moves) == (0, 0, 0)


def test_a_customer_brought_back_from_the_archive_continues_their_history(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 1000, "2026-11-01")
    assert wang.id is not None
    archived = book.archive_customer(wang.id, book.get_customer(wang.id).version)

    book.archive_customer(wang.id, archived.version, archived=False)

    # Neither leaving nor coming back is a move: no "(none) → A" as if they were new.
    assert moves(book, wang.id, "value_tier") == [(None, "A")]
    assert moves(book, wang.id, "stage") == [(None, "potential"), ("potential", "customer")]


def test_a_customer_who_lapsed_in_the_archive_is_logged_lapsed_on_the_day(
    book_path: Path,
) -> None:
    with Book.open(book_path, today=lambda: TODAY) as shop:
        wang = customer(shop, "王芳")
        assert wang.id is not None
        buy(shop, wang, 1000, "2026-11-01")
        shop.archive_customer(wang.id, shop.get_customer(wang.id).version)
    later = date(2027, 11, 23)
    with Book.open(book_path, today=lambda: later) as shop:
        archived = shop.get_customer(wang.id)

        shop.archive_customer(wang.id, archived.version, archived=False)

        stage = [(m["from_value"], m["to_value"], m["as_of"]) for m in shop.tier_history(wang.id)]
        # From where they left, on the day they lapsed (a lapse window after the last
        # purchase), not "(none) → lapsed" as if they were new.
        lapsed_on = (date(2026, 11, 1) + timedelta(days=181)).isoformat()
        assert ("customer", "lapsed", lapsed_on) in stage
        assert all(move[0] is not None for move in stage[2:])
