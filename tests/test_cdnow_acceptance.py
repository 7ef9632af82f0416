"""Acceptance on real data: the CDNOW purchases imported through the CLI give, for every
customer, exactly DESIGN.md's value tier, R/F/M scores, R×F segment and 8-class label.

Data: tests/data/CDNOW_master.txt.gz (see tests/data/README.md for its source).
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cdnow_reference import expected, read_master
from xiaoben.cli.main import main

MASTER = Path(__file__).parent / "data" / "CDNOW_master.txt.gz"
LENSES = ("value_tier", "r", "f", "m", "rfm_segment", "rfm8")
pytestmark = pytest.mark.slow  # the full CDNOW data


@pytest.fixture(scope="module")
def cdnow_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("cdnow")
    rows = read_master(MASTER)
    source = folder / "cdnow.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer", "date", "amount"])
        for customer, when, cents in rows:
            writer.writerow([customer, when.isoformat(), f"{cents / 100:.2f}"])
    book = folder / "cdnow.db"
    result = CliRunner().invoke(
        main, ["--db", str(book), "import", "purchases", str(source), "--create-missing"]
    )
    assert result.exit_code == 0, result.output
    return book, rows


def _tiers(book: Path, as_of: str) -> dict[str, dict]:
    result = CliRunner().invoke(main, ["--db", str(book), "tiers", "--json", "--as-of", as_of])
    assert result.exit_code == 0, result.output
    return {row["customer"]: row for row in json.loads(result.stdout)}


@pytest.mark.parametrize("as_of", ["1998-07-01", "1997-06-30"])
def test_cdnow_tiers_match_the_design_for_every_customer(cdnow_book, as_of: str) -> None:
    book, rows = cdnow_book
    got = _tiers(book, as_of)
    want = expected(rows, date.fromisoformat(as_of))
    assert len(got) == len(want) == 23_570
    mismatches = [
        (customer, lens, got[customer][lens], want[customer][lens])
        for customer in want
        for lens in LENSES
        if got[customer][lens] != want[customer][lens]
    ]
    assert mismatches == [], mismatches[:10]


def test_cdnow_codes_keep_their_leading_zeros(cdnow_book) -> None:
    book, _ = cdnow_book
    got = _tiers(book, "1998-07-01")
    assert "00001" in got and "23570" in got


def test_cdnow_has_every_value_tier_and_class(cdnow_book) -> None:
    book, _ = cdnow_book
    got = list(_tiers(book, "1998-07-01").values())
    assert {row["value_tier"] for row in got} == {"A", "B", "C", "D"}  # $0.00 buyers are D
    assert len({row["rfm8"] for row in got}) == 8
    # Everyone first bought in Q1 1997: by mid-1998 nobody is New or Promising.
    assert {"New", "Promising"}.isdisjoint(row["rfm_segment"] for row in got)
