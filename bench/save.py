"""Save latency: a customer edit and a new purchase, as the app makes them (background=True).

Saves are paced like fast typing; the floor is the least any save must do: one purchase
INSERT and one stats UPDATE in one BEGIN IMMEDIATE transaction on a plain connection to
a copy of the same book, with the book's PRAGMAs (WAL, synchronous=FULL, foreign keys).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.measure import pace, spread
from xiaoben.models.purchase import Purchase
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3

PACE_SECONDS = 0.020  # one save every 20 ms at most: a fast typist pressing enter
_FLOOR_INSERT = (
    "INSERT INTO purchases (customer_id, date, amount_cents, created_at) VALUES (?, ?, ?, ?)"
)
_FLOOR_UPDATE = (
    "UPDATE stats SET orders = orders + 1, revenue_cents = revenue_cents + ?,"
    " last_purchase = max(coalesce(last_purchase, ''), ?) WHERE customer_id = ?"
)


def _plain_connection(path: Path) -> sqlite3.Connection:
    return writer_settings(sqlite3.connect(path, isolation_level=None))


def writer_settings(conn: sqlite3.Connection) -> sqlite3.Connection:
    """The floor's connection set up as the Book's writer is (WAL, full sync, foreign keys)."""
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def save_floor(
    path: Path,
    today: date,
    repeats: int,
    seed: int,
    connect: Callable[[Path], sqlite3.Connection] = _plain_connection,
) -> list[float]:
    """Seconds per floor transaction (insert a purchase + update its customer's stats row);
    `connect` opens the book (an encrypted one under its key: bench/encrypted.py)."""
    rng = random.Random(seed)
    conn = connect(path)
    try:
        ids = [row[0] for row in conn.execute("SELECT customer_id FROM stats")]
        day = today.isoformat()
        samples = []
        for _ in range(repeats):
            customer_id = rng.choice(ids)
            amount = rng.randrange(1_000, 100_000)
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(_FLOOR_INSERT, (customer_id, day, amount, day + "T12:00:00"))
            conn.execute(_FLOOR_UPDATE, (amount, day, customer_id))
            conn.execute("COMMIT")
            samples.append(time.perf_counter() - started)
            pace(started, PACE_SECONDS)
    finally:
        conn.close()
    return samples


def _paced(
    repeats: int, prepare: Callable[[int], Any], save: Callable[[Any], object]
) -> list[float]:
    """Seconds per save; `prepare` (untimed) makes what the seller typed, `save` stores it."""
    samples = []
    for k in range(repeats):
        started = time.perf_counter()
        typed = prepare(k)
        before = time.perf_counter()
        save(typed)
        samples.append(time.perf_counter() - before)
        pace(started, PACE_SECONDS)
    return samples


def measure_saves(book_path: Path, floor_path: Path, today: date, repeats: int, seed: int) -> dict:
    """Floor, then customer edits, then new purchases on an app-mode book; settle at the end."""
    floor = save_floor(floor_path, today, repeats, seed)
    rng = random.Random(seed + 1)
    opened_at = time.perf_counter()
    book = Book.open(book_path, today=lambda: today, background=True)
    try:
        open_s = time.perf_counter() - opened_at
        book.settle()
        active = [
            row[0] for row in book.conn.execute("SELECT id FROM customers WHERE archived = 0")
        ]

        def edited(k: int) -> Any:
            customer = book.get_customer(rng.choice(active))
            return customer.model_copy(update={"notes": f"bench edit {k}", "demand": k % 5 + 1})

        def bought(k: int) -> Purchase:
            amount = Decimal(rng.randrange(1_000, 200_000)) / 100
            return Purchase(customer_id=rng.choice(active), date=today, amount=amount, items="B")

        first = _paced(1, edited, book.save_customer)  # builds the population to place against
        edits = _paced(repeats, edited, book.save_customer)
        settled_at = time.perf_counter()
        book.settle()
        settle_edits_s = time.perf_counter() - settled_at
        purchases = _paced(repeats, bought, book.add_purchase)
        settled_at = time.perf_counter()
        book.settle()
        settle_s = time.perf_counter() - settled_at
        refresher = book.refresher
        passes = refresher.passes if refresher else 0
        error = repr(refresher.last_error) if refresher and refresher.last_error else None
    finally:
        book.close()
    return {
        "floor": spread(floor),
        "edit": spread(edits),
        "purchase": spread(purchases),
        "first_save_ms": first[0] * 1000,
        "open_s": open_s,
        "settle_after_edits_s": settle_edits_s,
        "settle_s": settle_s,
        "background_passes": passes,
        "background_error": error,
        "pace_ms": PACE_SECONDS * 1000,
    }
