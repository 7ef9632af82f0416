"""Rules: the seller's cut points change the tiers at once, and stay with the book."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from tests.book_helpers import assert_tiers_current
from xiaoben.models.enums import ValueTier
from xiaoben.models.rules import Rules
from xiaoben.store.book import Book


def tier_counts(book: Book) -> Counter[str | None]:
    return Counter(tier for (tier,) in book.conn.execute("SELECT value_tier FROM tiers"))


def test_a_new_book_uses_the_default_rules(book: Book) -> None:
    assert book.rules() == Rules()


def test_a_lower_a_cut_makes_tier_a_smaller(demo_book: Book) -> None:
    before = tier_counts(demo_book)

    demo_book.set_rules(Rules(a_cut_percent=Decimal(50), b_cut_percent=Decimal(80)))

    after = tier_counts(demo_book)
    assert after["A"] < before["A"]
    assert sum(after.values()) == sum(before.values())
    assert_tiers_current(demo_book)


def test_rules_stay_with_the_book(demo_path: object, open_book: Callable[..., Book]) -> None:
    rules = Rules(a_cut_percent=Decimal(60), tier_names={ValueTier.A: "钻石"}, lapse_days=90)
    with open_book(demo_path) as book:
        book.set_rules(rules)
        stored = tier_counts(book)

    with open_book(demo_path) as book:
        assert book.rules() == rules
        assert tier_counts(book) == stored
        assert_tiers_current(book)


def test_a_shorter_lapse_window_lapses_more_customers(demo_book: Book) -> None:
    def lapsed() -> int:
        return int(
            demo_book.conn.execute("SELECT count(*) FROM tiers WHERE stage = 'lapsed'").fetchone()[
                0
            ]
        )

    before = lapsed()

    demo_book.set_rules(Rules(lapse_days=30))

    assert lapsed() > before
