"""Tier-list queries and the rules preview, on a small hand-made book with known answers.

The book: four buyers of net ¥700, ¥200, ¥60 and ¥40 (T = ¥1,000; the last bought ¥50 and
got ¥10 back) and one customer who has not bought. With the default cuts (80 % / 95 %):
¥700 and ¥200 are A (S = 0, 70 %), ¥60 is B (S = 90 %), ¥40 is C (S = 96 %).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.book_helpers import buy, count, customer, dump
from xiaoben.models.rules import Rules
from xiaoben.store.book import Book
from xiaoben.store.groups import lens_groups, member_count, members, rf_grid
from xiaoben.store.preview import preview_rules


@pytest.fixture
def shop(book: Book) -> dict[str, Any]:
    people = {
        "big": customer(book, "王大", code="W1"),
        "mid": customer(book, "李中", code="L1"),
        "small": customer(book, "张小", code="Z1"),
        "tiny": customer(book, "赵微", code="Z2"),
        "none": customer(book, "刘无", code="L2"),
    }
    buy(book, people["big"], "700", "2026-11-01")
    buy(book, people["mid"], "200", "2026-11-02")
    buy(book, people["small"], "60", "2026-11-03")
    buy(book, people["tiny"], "50", "2026-11-04", refunded="10")
    return {"book": book, **{name: person.id for name, person in people.items()}}


def shares(book: Book, lens: str) -> dict[str, tuple[int, float, float]]:
    found = lens_groups(book.conn, lens)
    return {
        g.key: (g.customers, round(g.customer_share, 4), round(g.revenue_share, 4))
        for g in found.groups
    }


def test_value_tier_groups_count_buyers_and_share_net_revenue(shop: dict[str, Any]) -> None:
    book = shop["book"]
    found = lens_groups(book.conn, "value_tier")
    assert (found.placed, found.customers, found.revenue_cents) == (4, 5, 100_000)
    assert shares(book, "value_tier") == {
        "A": (2, 0.5, 0.9),
        "B": (1, 0.25, 0.06),
        "C": (1, 0.25, 0.04),
        "D": (0, 0.0, 0.0),
    }


def test_stage_and_role_groups_count_every_customer(shop: dict[str, Any]) -> None:
    book = shop["book"]
    stage = lens_groups(book.conn, "stage")
    assert stage.placed == 5
    assert {g.key: g.customers for g in stage.groups if g.customers} == {
        "customer": 4,
        "potential": 1,
    }
    assert shares(book, "role")["audience"] == (1, 0.2, 0.0)
    assert shares(book, "role")["customer"] == (4, 0.8, 1.0)


def test_archived_customers_leave_the_groups(shop: dict[str, Any]) -> None:
    book = shop["book"]
    big = book.get_customer(shop["big"])
    book.archive_customer(big.id, big.version)
    found = lens_groups(book.conn, "value_tier")
    assert (found.placed, found.revenue_cents) == (3, 30_000)


def test_members_come_a_window_at_a_time(shop: dict[str, Any]) -> None:
    book = shop["book"]
    assert member_count(book.conn, "value_tier", "A") == 2
    first = members(book.conn, "value_tier", "A", offset=0, limit=1)
    second = members(book.conn, "value_tier", "A", offset=1, limit=1)
    assert {first[0].id, second[0].id} == {shop["big"], shop["mid"]}
    assert first[0].score >= second[0].score
    tiny = members(book.conn, "value_tier", "C")[0]
    assert (tiny.name, tiny.code, tiny.revenue_cents, tiny.last_purchase) == (
        "赵微",
        "Z2",
        4_000,
        "2026-11-04",
    )
    assert members(book.conn, "stage", "potential")[0].id == shop["none"]


def test_unknown_lens_is_refused(shop: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        lens_groups(shop["book"].conn, "customers; DROP TABLE tiers")


def test_rf_grid_counts_every_buyer_once(shop: dict[str, Any]) -> None:
    grid = rf_grid(shop["book"].conn)
    assert [row[0].r for row in grid] == [5, 4, 3, 2, 1]
    assert [cell.f for cell in grid[0]] == [1, 2, 3, 4, 5]
    assert sum(cell.customers for row in grid for cell in row) == 4
    assert grid[0][4].segment == "champions"
    assert grid[4][0].segment == "hibernating"
    assert grid[4][4].segment == "cant_lose_them"


def test_preview_of_the_current_rules_moves_nobody(shop: dict[str, Any]) -> None:
    book = shop["book"]
    preview = preview_rules(book, book.rules())
    assert preview.moved == 0
    assert preview.customers == 5


def test_higher_a_cut_previews_the_moves_and_writes_nothing(shop: dict[str, Any]) -> None:
    book = shop["book"]
    before = dump(book.path)
    changes = count(book.conn, "tier_changes")
    # A while S < 92 %: ¥60 (S = 90 %) joins A; B while S < 97 %: ¥40 (S = 96 %) joins B.
    preview = preview_rules(book, Rules(a_cut_percent=92, b_cut_percent=97))
    assert preview.moves["value_tier"] == Counter({("B", "A"): 1, ("C", "B"): 1})
    assert preview.count("value_tier") == 2
    assert preview.moved >= 2
    assert dump(book.path) == before
    assert count(book.conn, "tier_changes") == changes
    assert book.rules() == Rules()


def test_preview_agrees_with_applying_the_rules(shop: dict[str, Any]) -> None:
    book = shop["book"]
    rules = Rules(a_cut_percent=92, b_cut_percent=97)
    preview = preview_rules(book, rules)
    book.set_rules(rules)
    tiers = dict(book.conn.execute("SELECT customer_id, value_tier FROM tiers").fetchall())
    assert tiers[shop["small"]] == "A"
    assert tiers[shop["tiny"]] == "B"
    assert preview_rules(book, rules).moved == 0
    assert preview.ordered("value_tier") == [(("B", "A"), 1), (("C", "B"), 1)]
