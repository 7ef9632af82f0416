"""`xiaoben model` and the model's columns of `xiaoben tiers --json`, on the CDNOW sample
imported through the CLI (tests/data/README.md names its source)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.cdnow import cdnow_to_csv
from tests.book_helpers import write_csv
from xiaoben.cli.main import main
from xiaoben.store.book import Book
from xiaoben.store.purchase_model import forecast

SAMPLE = Path(__file__).parent / "data" / "CDNOW_sample.txt"


@pytest.fixture(scope="module")
def cdnow_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-model")
    source = folder / "cdnow.csv"
    cdnow_to_csv(SAMPLE, source)
    book = folder / "book.db"
    result = CliRunner().invoke(
        main, ["--db", str(book), "import", "purchases", str(source), "--create-missing"]
    )
    assert result.exit_code == 0, result.output
    return book


def test_model_json_has_the_papers_parameters(cdnow_db: Path) -> None:
    result = CliRunner().invoke(
        main, ["--db", str(cdnow_db), "model", "--until", "1997-09-30", "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert set(figures) == {
        "bgnbd", "gamma_gamma", "customers", "repeat_buyers", "fit_seconds"
    }  # fmt: skip
    bgnbd = figures["bgnbd"]
    assert [round(bgnbd[k], 3) for k in ("r", "alpha", "a", "b")] == [0.243, 4.414, 0.793, 2.426]
    assert round(bgnbd["log_likelihood"], 1) == -9582.4
    spend = figures["gamma_gamma"]
    assert [round(spend[k], 2) for k in ("p", "q", "gamma")] == [6.25, 3.74, 15.44]
    assert (figures["customers"], figures["repeat_buyers"]) == (2357, 946)
    assert figures["fit_seconds"] > 0


def test_model_in_days_and_in_words(cdnow_db: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["--db", str(cdnow_db), "--lang", "en", "model", "--until", "1997-09-30", "--unit", "day"],
    )
    assert result.exit_code == 0, result.output
    assert "as of 1997-09-30, time in days" in result.output
    assert "r = 0.243, α = 30.895, a = 0.793, b = 2.426" in result.output
    assert "p = 6.25, q = 3.74, γ = 15.44" in result.output


def test_tiers_json_gains_the_models_columns(cdnow_db: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(cdnow_db), "tiers", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 2357
    for row in rows:
        assert 0 <= row["p_alive"] <= 1
        assert row["expected_purchases_90"] >= 0 and row["clv"] >= 0
        assert row["churn_risk"] in ("alive", "fading", "lost")
        if row["orders"] and row["p_alive"] < 1:
            break
    else:
        pytest.fail("no customer with a repeat purchase")


def test_a_small_book_says_not_enough_data(tmp_path: Path) -> None:
    bills = write_csv(tmp_path / "bills.csv", ["customer,date,amount", "王芳,2026-01-05,100"])
    book = tmp_path / "book.db"
    runner = CliRunner()
    runner.invoke(main, ["--db", str(book), "import", "purchases", str(bills), "--create-missing"])
    result = runner.invoke(main, ["--db", str(book), "--lang", "en", "model"])
    assert result.exit_code == 1
    assert "not enough data: 0 repeat buyers, the purchase model needs at least 50" in result.output
    tiers = json.loads(runner.invoke(main, ["--db", str(book), "tiers", "--json"]).output)
    assert tiers[0]["p_alive"] is None and tiers[0]["clv"] is None


def test_report_sets_the_next_90_days_beside_the_last(cdnow_db: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(cdnow_db), "--lang", "en", "report"])
    assert result.exit_code == 0, result.output
    # CDNOW ended in 1998: nobody bought in the last 90 days, and few are expected to.
    assert "next 90 days, expected ¥" in result.output
    assert "last 90 days, actual ¥0.00 (0 buyers)" in result.output
    figures = json.loads(
        CliRunner().invoke(main, ["--db", str(cdnow_db), "report", "--json"]).output
    )
    assert figures["forecast"]["last_90_buyers"] == 0
    assert 0 < figures["forecast"]["expected_active"] < 2357


def test_the_overview_forecast_counts_the_last_90_days_as_the_purchases_do(
    cdnow_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "book.db"
    shutil.copy(cdnow_db, copy)
    day = date(1997, 6, 30)
    with Book.open(copy, today=lambda: day) as book:
        book.fit_model()
        shown = book.overview().forecast
        assert shown is not None and shown.last_90_buyers > 100
        assert shown == forecast(book.conn, day)  # read from the purchases
