"""`xiaoben demo`: a believable book in which every lens has members."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.book_helpers import count, start_script
from xiaoben.store.driver import sqlite3


def lens_counts(result: Result) -> dict[str, Counter[object]]:
    rows = json.loads(result.stdout)
    lenses = ("value_tier", "rfm_segment", "rfm8", "stage", "role", "quadrant")
    return {lens: Counter(row[lens] for row in rows) for lens in lenses}


def test_the_demo_book_has_members_in_every_lens(run: Callable[..., Result]) -> None:
    assert run("demo").exit_code == 0

    lenses = lens_counts(run("tiers", "--json"))

    assert {"A", "B", "C"} <= set(lenses["value_tier"])
    assert len([s for s in lenses["rfm_segment"] if s]) >= 5
    assert len([c for c in lenses["rfm8"] if c]) >= 4
    assert {"potential", "target", "prospect", "customer", "loyal", "lapsed"} <= set(
        lenses["stage"]
    )
    assert {"fan", "customer", "audience"} <= set(lenses["role"])
    assert {"keep", "win_loyalty", "grow_spend", "serve_low_cost"} <= set(lenses["quadrant"])


def test_the_demo_writes_the_book_and_shows_its_tiers(
    run: Callable[..., Result], book_path: Path
) -> None:
    result = run("demo", "--customers", 60)

    assert result.exit_code == 0, result.output
    assert f"wrote the demo book {book_path} (60 customers)" in result.stderr
    assert "60 customers" in result.stdout
    assert "A core:" in result.stdout


def test_the_demo_opens_an_existing_demo_book_as_it_is(
    run: Callable[..., Result], book_path: Path
) -> None:
    run("demo", "--customers", 60)

    again = run("demo", "--customers", 20)

    assert again.exit_code == 0
    assert "wrote the demo book" not in again.stderr
    conn = sqlite3.connect(book_path)
    try:
        assert count(conn, "customers") == 60
    finally:
        conn.close()


def test_a_fresh_demo_replaces_the_old_one(run: Callable[..., Result], book_path: Path) -> None:
    run("demo", "--customers", 60)

    fresh = run("demo", "--fresh", "--customers", 25)

    assert fresh.exit_code == 0
    assert len(json.loads(run("tiers", "--json").stdout)) == 25


def test_the_same_seed_gives_the_same_book(run: Callable[..., Result], tmp_path: Path) -> None:
    first, second = tmp_path / "one.db", tmp_path / "two.db"
    run("demo", "--customers", 40, "--seed", 3, db=first)
    run("demo", "--customers", 40, "--seed", 3, db=second)

    assert run("tiers", "--json", db=first).stdout == run("tiers", "--json", db=second).stdout


def test_demo_fresh_refuses_a_book_that_is_not_the_demo(
    run: Callable[..., Result], shop_path: Path
) -> None:
    result = run("demo", "--fresh", "--no-app")

    assert result.exit_code == 1
    assert "not the demo book" in result.output
    conn = sqlite3.connect(shop_path)
    try:
        assert conn.execute("SELECT count(*) FROM customers").fetchone() == (3,)
    finally:
        conn.close()


def test_demo_fresh_remakes_a_demo_book(run: Callable[..., Result], book_path: Path) -> None:
    assert run("demo", "--customers", 5, "--no-app").exit_code == 0

    result = run("demo", "--fresh", "--customers", 8, "--no-app")

    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(book_path)
    try:
        assert count(conn, "customers") == 8
    finally:
        conn.close()


def test_demo_fresh_refuses_while_another_xiaoben_has_the_demo_open(
    run: Callable[..., Result], book_path: Path
) -> None:
    assert run("demo", "--customers", 5, "--no-app").exit_code == 0
    holder = start_script("hold_book.py", book_path, stdin=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().startswith("open")

        result = run("demo", "--fresh", "--customers", 8, "--no-app")

        assert result.exit_code == 1
        assert "is open in another xiaoben" in result.stderr
        assert Path(f"{book_path}-wal").exists()  # nothing deleted under the holder
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert run("demo", "--fresh", "--customers", 8, "--no-app").exit_code == 0
