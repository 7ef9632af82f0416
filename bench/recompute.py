"""Full recompute of every lens, against the floor of one covering-index GROUP BY.

The first recompute of a freshly opened book (nothing cached in memory) is timed on its
own; then recomputes and floor queries alternate, so both see the same machine noise.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

from bench.measure import median
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3

FLOOR_SQL = (
    "SELECT customer_id, sum(amount_cents), count(*), min(date), max(date)"
    " FROM purchases GROUP BY customer_id"
)


def group_by_floor(conn: sqlite3.Connection) -> float:
    started = time.perf_counter()
    conn.execute(FLOOR_SQL).fetchall()
    return time.perf_counter() - started


def floor_plan(conn: sqlite3.Connection) -> str:
    """How SQLite runs the floor query (it must be a covering-index scan to be a floor)."""
    rows = conn.execute("EXPLAIN QUERY PLAN " + FLOOR_SQL).fetchall()
    return "; ".join(str(row[-1]) for row in rows)


def measure_recompute(path: Path, today: date, repeats: int) -> dict:
    opened_at = time.perf_counter()
    book = Book.open(path, today=lambda: today)
    open_s = time.perf_counter() - opened_at
    floor_conn = sqlite3.connect(path, isolation_level=None)
    try:
        started = time.perf_counter()
        book.recompute()
        cold = time.perf_counter() - started
        floors, recomputes = [], []
        for _ in range(repeats):
            floors.append(group_by_floor(floor_conn))
            started = time.perf_counter()
            book.recompute()
            recomputes.append(time.perf_counter() - started)
        started = time.perf_counter()
        moved = book.recompute(today + timedelta(days=1))  # recency moves: many rows rewritten
        next_day = time.perf_counter() - started
        plan = floor_plan(floor_conn)
    finally:
        floor_conn.close()
        book.close()
    floor = median(floors)
    return {
        "cold_s": cold,
        "warm_s": median(recomputes),
        "floor_s": floor,
        "ratio": median(recomputes) / floor,
        "cold_ratio": cold / floor,
        "samples_s": recomputes,
        "floor_samples_s": floors,
        "next_day_s": next_day,
        "next_day_written": moved.written,
        "open_s": open_s,
        "floor_plan": plan,
    }
