"""The book carries views with plain names that other tools read without our code: the
sqlite-utils command on an exported copy shows customers with their tiers in words and
purchases with the customer's name."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from sqlite_utils import Database


def _rows(book: Path, view: str) -> list[dict[str, object]]:
    """`sqlite-utils rows BOOK VIEW` in a process of its own: nothing of xiaoben loaded."""
    out = subprocess.run(
        [sys.executable, "-m", "sqlite_utils", "rows", str(book), view],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_an_exported_book_shows_customers_and_purchases_in_words(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    assert run("export", copy).exit_code == 0

    assert {"customers_with_tiers", "purchases_with_names"} <= set(Database(copy).view_names())
    customers = {row["code"]: row for row in _rows(copy, "customers_with_tiers")}
    wang = customers["C001"]
    assert (wang["name"], wang["value_tier"], wang["value_tier_en"]) == ("王芳", "A 核心", "A core")
    assert (wang["net_revenue"], wang["orders"], wang["last_purchase"]) == (9000, 3, "2026-11-01")
    assert wang["role_en"] == "fan"  # referred two customers
    assert customers["C003"]["value_tier"] is None  # no purchases: no value tier
    assert customers["C003"]["stage"] == "潜在"
    purchases = _rows(copy, "purchases_with_names")
    assert len(purchases) == 5
    first = min(purchases, key=lambda row: str(row["date"]))
    assert (first["customer"], first["customer_code"], first["amount"]) == ("王芳", "C001", 3000)
