"""`xiaoben report`: the overview's figures as text and JSON, through the real CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.book_helpers import REPO, buy, customer
from tests.test_import_hygiene import RUN_COMMANDS, textual_modules
from xiaoben.cli.main import main
from xiaoben.store.book import Book


@pytest.fixture
def shop_book(book_path: Path) -> Path:
    """甲 600 (浙江), 乙 300 (浙江), 丙 100 (江苏) — the last a year and more ago."""
    with Book.open(book_path, today=lambda: date(2026, 11, 23)) as book:
        jia = customer(book, "甲", province="浙江")
        yi = customer(book, "乙", province="浙江")
        bing = customer(book, "丙", province="江苏")
        buy(book, jia, 600, date(2026, 11, 1), items="香水")
        buy(book, yi, 300, date(2026, 9, 1), items="口红")
        buy(book, bing, 100, date(2025, 6, 1), items="口红")
    return book_path


def run(path: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", str(path), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_json_gives_every_figure_for_the_period_asked(shop_book: Path) -> None:
    figures = json.loads(run(shop_book, "report", "--json", "--as-of", "2026-11-23"))
    assert figures["as_of"] == "2026-11-23" and figures["customers"] == 3
    (period,) = figures["periods"]
    assert period["period_days"] is None and period["revenue_cents"] == 100_000
    assert period["pareto"]["a_buyers_percent"] == pytest.approx(66.67)
    assert [(b["key"], b["customers"]) for b in period["regions"]] == [("浙江", 2), ("江苏", 1)]
    assert [m["month"] for m in figures["months"]][-1] == "2026-11"
    assert len(figures["months"]) == 24


def test_period_counts_only_the_last_days(shop_book: Path) -> None:
    figures = json.loads(
        run(shop_book, "report", "--json", "--period", "100", "--as-of", "2026-11-23")
    )
    (period,) = figures["periods"]
    assert period["period_days"] == 100 and period["start"] == "2026-08-16"
    assert (period["buyers"], period["revenue_cents"]) == (2, 90_000)
    assert [b["key"] for b in period["products"]] == ["香水", "口红"]


def test_text_report_in_both_languages(shop_book: Path) -> None:
    zh = run(shop_book, "--lang", "zh", "report", "--as-of", "2026-11-23")
    # 甲 and 乙 are A (600 above 乙 is under 80%): 2 of 3 buyers, holding 90%, not 80%.
    assert "前 66.67% 的客户带来 90% 的收入" in zh
    assert "A 线 80%：前 66.67% 的买家，带来 90%" in zh
    assert "价值金字塔" in zh and "浙江" in zh and "2026-11" in zh
    en = run(shop_book, "--lang", "en", "report", "--period", "90")
    assert "Overview" in en and "last 90 days" in en and "Regions" in en


def test_the_cut_lines_count_tied_buyers_in_their_tier(book_path: Path) -> None:
    """700, 100, 100, 100, 20: the A tier is 4 of 5 buyers (the three 100s tie), holding
    98%; the report's lines say so, as the pyramid does."""
    with Book.open(book_path, today=lambda: date(2026, 11, 23)) as book:
        for k, amount in enumerate((700, 100, 100, 100, 20)):
            buy(book, customer(book, f"客户{k}"), amount, date(2026, 11, 1))
    zh = run(book_path, "--lang", "zh", "report", "--as-of", "2026-11-23")
    assert "前 80% 的客户带来 98.04% 的收入" in zh
    assert "A 线 80%：前 80% 的买家，带来 98.04%" in zh
    en = run(book_path, "--lang", "en", "report", "--as-of", "2026-11-23")
    assert "A cut 80%: the top 80% of buyers, who bring 98.04%" in en


def test_the_months_lapses_are_the_apps_and_dated_when_they_happened(book_path: Path) -> None:
    """Bought on 2026-01-27 and 2025-10-19 (300 and 400 days ago): lapsed (no purchase for
    over 180 days) on 2026-07-27 and 2026-04-18, not on the day the book saw it; the report
    and the app's overview (the Book's) say the same."""
    today = date(2026, 11, 23)
    with Book.open(book_path, today=lambda: today) as book:
        for k, back in enumerate((300, 400)):
            buy(book, customer(book, f"客户{k}"), 100, today - timedelta(days=back))
    figures = json.loads(run(book_path, "report", "--json", "--as-of", "2026-11-23"))
    lapsed = {m["month"]: m["lapsed"] for m in figures["months"] if m["lapsed"]}
    assert lapsed == {"2026-04": 1, "2026-07": 1}
    with Book.open(book_path, today=lambda: today) as book:
        assert {m.month: m.lapsed for m in book.overview().months if m.lapsed} == lapsed


def test_a_bad_date_names_the_rule(shop_book: Path) -> None:
    result = CliRunner().invoke(
        main, ["--db", str(shop_book), "--lang", "en", "report", "--as-of", "2024-02-30"]
    )
    assert result.exit_code == 2
    assert "no such date: 2024-02-30 (2024-02 has no day 30)" in result.stderr
    assert "Traceback" not in result.output


def test_report_leaves_textual_out(shop_book: Path) -> None:
    code = RUN_COMMANDS + f'xiaoben("--db", r"{shop_book}", "report", "--json")\n'
    assert textual_modules(code, REPO) == "TEXTUAL: []"
