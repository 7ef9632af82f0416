"""`xiaoben tiers`: every customer's lenses as a table or JSON, as of any day."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from xiaoben.cli.main import LENSES

DOCUMENTED_KEYS = {
    "customer",
    "name",
    "value_tier",
    "r",
    "f",
    "m",
    "rfm_segment",
    "rfm8",
    "stage",
    "role",
    "score",
    "quadrant",
    "revenue",
    "orders",
    "recency_days",
    "last_purchase",
}


SHOP = ["C001", "C002", "C003"]  # the shop_path book's customers, by code


def tiers_json(run: Callable[..., Result], *args: Any) -> dict[str, dict[str, Any]]:
    """The shop's rows by code; every customer is there (an empty list fails here)."""
    result = run("tiers", "--json", *args)
    assert result.exit_code == 0, result.output
    rows = {row["customer"]: row for row in json.loads(result.stdout)}
    assert sorted(rows) == SHOP
    return rows


def test_tiers_json_has_the_documented_keys(run: Callable[..., Result], shop_path: Path) -> None:
    rows = tiers_json(run)

    for row in rows.values():
        assert set(row) >= DOCUMENTED_KEYS


def test_tiers_json_shows_each_customer_as_the_lenses_see_them(
    run: Callable[..., Result], shop_path: Path
) -> None:
    rows = tiers_json(run)

    wang, li, zhao = rows["C001"], rows["C002"], rows["C003"]
    assert (wang["name"], wang["value_tier"], wang["stage"], wang["role"]) == (
        "王芳",
        "A",
        "loyal",
        "fan",
    )
    assert (wang["orders"], wang["revenue"], wang["last_purchase"]) == (3, 9000.0, "2026-11-01")
    assert wang["recency_days"] == 22
    assert (li["value_tier"], li["stage"], li["orders"]) == ("C", "customer", 2)
    assert (zhao["value_tier"], zhao["r"], zhao["stage"], zhao["role"]) == (
        None,
        None,
        "potential",
        "audience",
    )


def test_tiers_as_of_an_earlier_day_ignores_later_purchases(
    run: Callable[..., Result], shop_path: Path
) -> None:
    rows = tiers_json(run, "--as-of", "2026-06-01")

    wang, li = rows["C001"], rows["C002"]
    assert (wang["orders"], wang["revenue"], wang["last_purchase"]) == (1, 3000.0, "2026-03-01")
    assert (li["orders"], li["revenue"], li["last_purchase"]) == (1, 200.0, "2026-05-20")
    assert wang["recency_days"] == 92


def test_tiers_as_of_a_day_before_any_purchase_has_no_buyers(
    run: Callable[..., Result], shop_path: Path
) -> None:
    rows = tiers_json(run, "--as-of", "2025-01-01")

    assert {row["value_tier"] for row in rows.values()} == {None}
    assert {row["orders"] for row in rows.values()} == {0}


def test_tiers_as_of_an_impossible_day_is_refused_with_the_rule(
    run: Callable[..., Result], shop_path: Path
) -> None:
    result = run("tiers", "--as-of", "2026-02-30")

    assert result.exit_code == 2
    assert "no such date: 2026-02-30 (2026-02 has no day 30)" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("lens", LENSES)
def test_tiers_shows_one_lens(run: Callable[..., Result], shop_path: Path, lens: str) -> None:
    result = run("tiers", "--lens", lens)

    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.split()[:2] == ["customer", "name"]
    assert [row.split()[:2] for row in rows[:3]] == [
        ["C001", "王芳"],
        ["C002", "李娜"],
        ["C003", "赵敏"],
    ]


def test_the_value_lens_shows_tiers_with_their_names(
    run: Callable[..., Result], shop_path: Path
) -> None:
    result = run("tiers", "--lens", "value")

    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if "王芳" in line)
    assert "A core" in line
    assert "3 customers, 2 of them buyers" in result.stdout


def test_tiers_speaks_chinese_when_asked(run: Callable[..., Result], shop_path: Path) -> None:
    result = run("--lang", "zh", "tiers", "--lens", "stage")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split()[:3] == ["编号", "姓名", "阶段"]
    assert "忠诚" in result.stdout


def test_xiaoben_without_a_command_prints_the_tiers_when_not_in_a_terminal(
    run: Callable[..., Result], shop_path: Path
) -> None:
    result = run()

    assert result.exit_code == 0, result.output
    assert "王芳" in result.stdout
    assert "3 customers, 2 of them buyers" in result.stdout
