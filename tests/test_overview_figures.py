"""The overview's figures on a small fixed book, checked against values worked out by hand.

The book (as of 2026-11-23), revenue in yuan:
    甲 浙江 朋友介绍  口红 400 (2026-11-20), 香水 200 (2026-06-01)   600
    乙 浙江 朋友介绍  口红 200 (2026-10-30)                          200
    丙 江苏 抖音      "香水 " 100 (2026-01-15)                       100
    丁 (no region)    面膜 60 (2026-01-02)                             60
    戊 江苏 抖音      口红 40 (2025-12-30)                             40
    己 never bought, added today
Total 1000. Ranked: 600, 200, 100, 60, 40 — cumulative 60%, 80%, 90%, 96%, 100%.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.book_helpers import TODAY, buy, customer, import_purchases_csv
from xiaoben.models.overview import OTHER, UNKNOWN, Bar
from xiaoben.models.rules import Rules
from xiaoben.store.book import Book
from xiaoben.store.overview import pareto
from xiaoben.store.overview_sums import month_keys, period_start, top


@pytest.fixture
def shop(book_path: Path, open_book: Callable[..., Book]) -> Book:
    book = open_book(book_path)
    jia = customer(book, "甲", province="浙江", source="朋友介绍")
    yi = customer(book, "乙", province="浙江", source="朋友介绍")
    bing = customer(book, "丙", province="江苏", source="抖音")
    ding = customer(book, "丁")
    wu = customer(book, "戊", province="江苏", source="抖音")
    customer(book, "己")
    buy(book, jia, 400, date(2026, 11, 20), items="口红")
    buy(book, jia, 200, date(2026, 6, 1), items="香水")
    buy(book, yi, 200, date(2026, 10, 30), items="口红")
    buy(book, bing, 100, date(2026, 1, 15), items="香水 ")
    buy(book, ding, 60, date(2026, 1, 2), items="面膜")
    buy(book, wu, 40, date(2025, 12, 30), items="口红")
    return book


def test_pareto_share_and_cut_points(shop: Book) -> None:
    curve = shop.overview().period(None).pareto
    assert (curve.buyers, curve.revenue_cents) == (5, 100_000)
    # Every 20% of buyers is one more customer: 60, 80, 90, 96, 100% of revenue.
    assert [curve.points[p] for p in (0, 20, 40, 60, 80, 100)] == [
        (0.0, 0.0),
        (20.0, 60.0),
        (40.0, 80.0),
        (60.0, 90.0),
        (80.0, 96.0),
        (100.0, 100.0),
    ]
    # 80% of revenue takes 2 of 5 buyers (40%); 95% takes 4 (80%), who hold 96%.
    assert (curve.a_buyers_percent, curve.b_buyers_percent) == (40.0, 80.0)
    assert (curve.a_revenue_percent, curve.b_revenue_percent) == (80.0, 96.0)


def test_the_pareto_bands_are_the_value_tiers_ties_included(
    book_path: Path, open_book: Callable[..., Book]
) -> None:
    # 700, 100, 100, 100, 20 (T 1020): the three 100s have 700 above them (< 80%), so all
    # three are A — the band takes 4 of 5 buyers, who hold 1000 of 1020 (98.04%).
    book = open_book(book_path)
    people = [customer(book, name) for name in ("大", "甲", "乙", "丙", "丁")]
    for who, amount in zip(people, (700, 100, 100, 100, 20), strict=True):
        buy(book, who, amount, date(2026, 11, 1))
    curve = book.overview().period(None).pareto
    assert (curve.a_buyers, curve.a_buyers_percent, curve.a_revenue_percent) == (4, 80.0, 98.04)
    assert (curve.b_buyers, curve.b_buyers_percent, curve.b_revenue_percent) == (4, 80.0, 98.04)
    a_tier = book.overview_customers("tiers", "A", None)  # the pyramid's A: the tier
    assert sorted(book.overview_customers("pareto", "A", None)) == sorted(a_tier)
    assert len(a_tier) == 4
    assert book.overview_customers("pareto", "C", None) == [people[-1].id]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5_000), min_size=1, max_size=40))
def test_a_pareto_band_holds_every_buyer_with_less_than_the_cut_above(values: list[int]) -> None:
    """DESIGN.md's rule, S(c) < cut% of T, buyer by buyer: equal values share a band."""
    curve = pareto(np.array(values, dtype=np.int64), Rules())
    total = sum(values)
    if total <= 0:
        assert curve.a_buyers_percent is None
        return
    for count, held, cut in (
        (curve.a_buyers, curve.a_revenue_percent, 80),
        (curve.b_buyers, curve.b_revenue_percent, 95),
    ):
        above = [sum(w for w in values if w > v) for v in values]
        inside = [v for v, s in zip(values, above, strict=True) if v > 0 and 100 * s < cut * total]
        assert count == len(inside)
        assert held == round(100 * sum(inside) / total, 2)
    assert curve.a_buyers_percent == round(100 * curve.a_buyers / len(values), 2)


def test_the_two_pyramids(shop: Book) -> None:
    tiers = shop.overview().period(None).tiers
    # A while the customers above hold < 80%: 甲 (0), 乙 (60%); B while < 95%: 丙 (80%),
    # 丁 (90%); C: 戊 (96%).
    assert tiers == (
        Bar("A", 2, 80_000),
        Bar("B", 2, 16_000),
        Bar("C", 1, 4_000),
        Bar("D", 0, 0),
    )


def test_regions_products_and_sources(shop: Book) -> None:
    figures = shop.overview().period(None)
    assert figures.regions == (
        Bar("浙江", 2, 80_000),
        Bar("江苏", 2, 14_000),
        Bar(UNKNOWN, 1, 6_000),
    )
    # "香水 " is 香水; 口红 was bought by 甲, 乙 and 戊.
    assert figures.products == (
        Bar("口红", 3, 64_000),
        Bar("香水", 2, 30_000),
        Bar("面膜", 1, 6_000),
    )
    assert figures.sources[:2] == (Bar("朋友介绍", 2, 80_000), Bar("抖音", 2, 14_000))


def test_periods_count_only_purchases_inside_them(shop: Book) -> None:
    last_30 = shop.overview().period(30)
    assert last_30.start == date(2026, 10, 25)
    # 甲's 400 on 11-20 and 乙's 200 on 10-30.
    assert (last_30.buyers, last_30.revenue_cents) == (2, 60_000)
    assert last_30.products == (Bar("口红", 2, 60_000),)
    last_365 = shop.overview().period(365)
    assert last_365.start == date(2025, 11, 24)
    assert last_365.revenue_cents == 100_000  # everything fell in the last year


def test_funnel_counts_every_customer_by_stage(shop: Book) -> None:
    funnel = {bar.key: bar.customers for bar in shop.overview().period(None).funnel}
    assert sum(funnel.values()) == 6
    assert funnel["potential"] == 1  # 己, who never bought


def test_month_buckets_across_a_year_end(shop: Book) -> None:
    shop.conn.executemany(
        "INSERT INTO tier_changes (customer_id, lens, from_value, to_value, as_of, changed_at)"
        " VALUES (1, ?, ?, ?, ?, '2026-01-01T00:00:00')",
        [
            ("value_tier", "B", "A", "2025-12-31"),  # up, December
            ("value_tier", "A", "C", "2026-01-01"),  # down, January
            ("stage", "customer", "lapsed", "2026-01-31"),  # lapsed, January
            ("value_tier", "C", "B", "2024-11-30"),  # before the 24 months
        ],
    )
    shop._notify()  # the figures are cached until the book changes
    months = {m.month: m for m in shop.overview().months}
    assert list(months) == month_keys(TODAY)
    assert month_keys(TODAY)[0] == "2024-12" and month_keys(TODAY)[-1] == "2026-11"
    assert months["2025-12"].revenue_cents == 4_000
    assert months["2026-01"].revenue_cents == 16_000  # 丁 on 01-02, 丙 on 01-15
    assert (months["2025-12"].new_customers, months["2026-01"].new_customers) == (1, 2)
    assert (months["2025-12"].moved_up, months["2025-12"].moved_down) == (1, 0)
    assert (months["2026-01"].moved_down, months["2026-01"].lapsed) == (1, 1)
    assert sum(m.moved_up for m in months.values()) == 1


def test_the_customers_behind_a_bar(shop: Book) -> None:
    names = {c: shop.get_customer(c).name for c in range(1, 7)}

    def behind(chart: str, key: str, days: int | None = None) -> list[str]:
        return sorted(names[i] for i in shop.overview_customers(chart, key, days))

    assert behind("tiers", "A") == ["乙", "甲"]
    assert behind("regions", "江苏") == ["丙", "戊"]
    assert behind("regions", UNKNOWN) == ["丁"]
    assert behind("products", "香水") == ["丙", "甲"]
    assert behind("products", "口红", 30) == ["乙", "甲"]
    assert behind("pareto", "A") == ["乙", "甲"]
    assert behind("pareto", "C") == ["戊"]
    assert behind("months.new", "2026-01") == ["丁", "丙"]
    assert behind("months.revenue", "2025-12") == ["戊"]
    assert behind("funnel", "potential") == ["己"]


def test_an_imported_historys_lapses_are_counted_in_the_months_they_happened(
    book_path: Path, open_book: Callable[..., Book], tmp_path: Path
) -> None:
    """Twelve customers whose last purchases were 230…560 days ago lapsed (no purchase for
    more than 180 days) in twelve different months, not in the month of the import."""
    book = open_book(book_path)
    lines = ["客户编号,客户,日期,金额"]
    lapsed_in: dict[str, str] = {}
    for k in range(1, 13):
        last = TODAY - timedelta(days=200 + 30 * k)
        lines.append(f"K{k:02d},客户{k:02d},{last.isoformat()},100")
        lapsed_in[f"K{k:02d}"] = (last + timedelta(days=181)).isoformat()[:7]
    source = tmp_path / "history.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_purchases_csv(book, source, create_missing=True)
    months = {m.month: m.lapsed for m in book.overview().months}
    expected = {month: list(lapsed_in.values()).count(month) for month in months}
    assert months == expected
    assert months[TODAY.isoformat()[:7]] == 0
    # The customers behind a month's bar are the ones who lapsed in it.
    codes = dict(book.conn.execute("SELECT id, code FROM customers").fetchall())
    month = lapsed_in["K03"]
    behind = [codes[i] for i in book.overview_customers("months.lapsed", month, None)]
    assert behind == [code for code, when in lapsed_in.items() if when == month]


def test_top_n_sums_the_rest() -> None:
    bars = [Bar(str(k), 1, 100 * k) for k in range(1, 6)]
    assert top(bars, 2) == (Bar("5", 1, 500), Bar("4", 1, 400), Bar(OTHER, 3, 600))
    assert period_start(TODAY, 30) == date(2026, 10, 25) and period_start(TODAY, None) is None


def test_figures_are_cached_until_the_book_changes(shop: Book) -> None:
    first = shop.overview()
    assert shop.overview() is first
    buy(shop, 1, 10, TODAY, items="口红")
    assert shop.overview() is not first
    assert shop.overview().period(None).revenue_cents == 101_000


def test_the_last_figures_stay_at_hand_after_a_change(shop: Book) -> None:
    assert shop.overview_cached() is None
    first = shop.overview()
    buy(shop, 1, 10, TODAY, items="口红")
    assert shop.overview_cached() is first  # stale, but something to show at once
    fresh = shop.overview()
    assert shop.overview_cached() is fresh and fresh is not first
    assert shop.overview_cached(date(2026, 1, 1)) is None
