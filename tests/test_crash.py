"""kill -9 at any moment leaves the book consistent and keeps every acknowledged save.

Real processes, really killed: a 200,000-row import (one transaction: all or nothing),
and a burst of single saves, each acknowledged on stdout only after its commit.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.book_helpers import REPO, assert_tiers_current, count, python_env, start_script
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3

pytestmark = pytest.mark.slow

ROWS = 200_000
CUSTOMERS = 20_000


@pytest.fixture(scope="session")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "big.csv"
    rng = random.Random(11)
    lines = ["code,date,amount"]
    lines += [
        f"K{rng.randrange(CUSTOMERS):05d},2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d},"
        f"{rng.randint(1, 999)}.{rng.randint(0, 99):02d}"
        for _ in range(ROWS)
    ]
    # Every code appears at least once, so a finished import creates exactly CUSTOMERS.
    lines += [f"K{k:05d},2026-11-01,1" for k in range(CUSTOMERS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def fresh_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new book, never written: the triggers and indexes every book has."""
    path = tmp_path_factory.mktemp("crash") / "fresh.db"
    Book.open(path).close()
    return path


def wal_size(book: Path) -> int:
    try:
        return os.path.getsize(f"{book}-wal")
    except OSError:
        return 0


def after(seconds: float) -> Callable[[Path, float], bool]:
    return lambda _book, elapsed: elapsed >= seconds


def wal_past(megabytes: float) -> Callable[[Path, float], bool]:
    return lambda book, _elapsed: wal_size(book) > megabytes * 1_000_000


KILL_POINTS = {
    "after 0.3 s": after(0.3),
    "after 1 s": after(1.0),
    "after 2 s": after(2.0),
    "while writing (WAL past 2 MB)": wal_past(2),
    "late in the write (WAL past 8 MB)": wal_past(8),
}


FACTS = {
    "integrity": "PRAGMA integrity_check",
    "purchases": "SELECT count(*) FROM purchases",
    "customers": "SELECT count(*) FROM customers",
    "orders in stats": "SELECT coalesce(sum(orders), 0) FROM stats",
    "customers without tiers": (
        "SELECT count(*) FROM customers WHERE id NOT IN (SELECT customer_id FROM tiers)"
    ),
    # a bulk import drops these for its length, inside its transaction: all come back
    "schema": (
        "SELECT group_concat(name || ':' || sql, char(10)) FROM (SELECT name, sql FROM"
        " sqlite_master WHERE type IN ('trigger', 'index') AND sql IS NOT NULL ORDER BY name)"
    ),
}


def tables_in(book: Path) -> set[str]:
    conn = sqlite3.connect(book)
    try:
        return {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    finally:
        conn.close()


def facts(book: Path) -> dict[str, object]:
    """What the file says after the kill, read by plain sqlite3 (which recovers the WAL)."""
    conn = sqlite3.connect(book)
    try:
        return {name: conn.execute(sql).fetchone()[0] for name, sql in FACTS.items()}
    finally:
        conn.close()


@pytest.mark.parametrize("kill_when", KILL_POINTS.values(), ids=KILL_POINTS.keys())
def test_killing_a_big_import_leaves_all_or_nothing(
    big_csv: Path, fresh_book: Path, tmp_path: Path, kill_when: Callable[[Path, float], bool]
) -> None:
    book = tmp_path / "book.db"
    command = [sys.executable, "-m", "xiaoben.cli", "--db", str(book)]
    importer = subprocess.Popen(
        [*command, "import", "purchases", str(big_csv), "--create-missing"],
        cwd=REPO,
        env=python_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.monotonic()
    while importer.poll() is None and not kill_when(book, time.monotonic() - started):
        time.sleep(0.005)
    importer.send_signal(signal.SIGKILL)
    importer.wait(timeout=30)

    if not book.exists():  # killed before the book was even created
        return
    if not tables_in(book):
        # Killed after the file was created, before the migrations (one transaction)
        # committed: nothing was written, and the file opens as a new, empty book.
        with Book.open(book) as reopened:
            assert count(reopened.conn, "purchases") == 0
        return
    found = facts(book)
    assert found["integrity"] == "ok"
    assert found["schema"] == facts(fresh_book)["schema"]
    total = ROWS + CUSTOMERS
    assert found["purchases"] in (0, total), found
    assert found["orders in stats"] == found["purchases"]
    assert found["customers"] in (0, CUSTOMERS)
    assert found["customers without tiers"] == 0


def test_killing_a_burst_of_saves_keeps_every_acknowledged_one(
    tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    book = tmp_path / "book.db"
    acknowledged: list[tuple[int, int]] = []
    rng = random.Random(2)
    for round_, acks in enumerate((5, 30, 60)):
        burst = start_script("save_burst.py", book, round_ * 100_000)
        assert burst.stdout is not None
        assert burst.stdout.readline().strip() == "open"
        for _ in range(acks):
            line = burst.stdout.readline().split()
            acknowledged.append((int(line[1]), int(line[2])))
        time.sleep(rng.uniform(0, 0.02))  # somewhere inside the next save
        burst.send_signal(signal.SIGKILL)
        rest, _ = burst.communicate(timeout=30)
        acknowledged += [(int(w[1]), int(w[2])) for w in map(str.split, rest.splitlines())]

        found = facts(book)
        assert found["integrity"] == "ok"
        assert found["orders in stats"] == found["purchases"]
        assert found["customers without tiers"] == 0
        conn = sqlite3.connect(book)
        try:
            customers = {i for (i,) in conn.execute("SELECT id FROM customers")}
            purchases = {i for (i,) in conn.execute("SELECT id FROM purchases")}
        finally:
            conn.close()
        assert {c for c, _ in acknowledged} <= customers
        assert {p for _, p in acknowledged} <= purchases

    with open_book(book) as reopened:
        assert_tiers_current(reopened)
