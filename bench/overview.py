"""The overview (回归整体检查): its figures cold, cached, right after a save, each of its
three parts alone, and the customers behind a bar, against the floor of one pass over
the covering purchase index. Each part runs in a process of its own (`in_own_process`
starts them all):

    python -m bench.overview --book COPY --today 2026-11-23 --part cold|saves --out r.json

Every process opens the book as the app opens it (`background=True`) and lets the
background pass that opening starts settle, untimed, so it never competes with what is
timed. The cold part (run in several fresh processes, one cold sample each): the first
`book.overview()` of the process — what opening the overview screen costs the first
time (its wall time and its CPU, every thread's, each beside the floor's); then,
alternating with the floor so both see the same noise: `book.overview()`
again with nothing changed (cached: the same object back), the customers behind the
first region bar (all time) and the first product bar (90 days), and each pass alone
(`customer_part`, `product_part`, `month_part`, one after another on one read-only
connection), which says where the time goes. The saves part: the overview shown once,
then a purchase added or a contact logged for one customer, the background pass settled
(untimed), and `book.overview()` timed — recomputed, since the book changed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as clock
from decimal import Decimal
from functools import partial
from pathlib import Path

from bench import SEED
from bench.measure import median, peak_rss_mb, run_part, spread
from xiaoben.models.enums import InteractionKind
from xiaoben.models.interaction import Interaction
from xiaoben.models.overview import OTHER, PERIODS, UNKNOWN, Overview
from xiaoben.models.purchase import Purchase
from xiaoben.store import overview as overview_sql
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.overview import TOP_N

TARGET_MS = 1000.0  # issue 5: the overview opens within 1 s at 100k customers
FLOOR_SQL = (
    "SELECT customer_id, sum(amount_cents - refunded_cents) FROM purchases GROUP BY customer_id"
)
PARTS = ("customer", "product", "month")
BARS = (("regions", None), ("products", 90))  # (chart, period) of the bars opened


def scan_floor(conn: sqlite3.Connection) -> float:
    """Seconds for one pass over the covering purchase index, net revenue per customer:
    the least an overview of revenue per customer must read."""
    started = time.perf_counter()
    conn.execute(FLOOR_SQL).fetchall()
    return time.perf_counter() - started


def floor_plan(conn: sqlite3.Connection) -> str:
    """How SQLite runs the floor query (a covering-index scan, to be a floor)."""
    rows = conn.execute("EXPLAIN QUERY PLAN " + FLOOR_SQL).fetchall()
    return "; ".join(str(row[-1]) for row in rows)


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)


def _open_as_the_app(path: Path, today: date) -> tuple[Book, float]:
    """The book opened as the app opens it, its opening pass settled; seconds to settle."""
    book = Book.open(path, today=lambda: today, background=True)
    started = time.perf_counter()
    book.settle()
    return book, time.perf_counter() - started


def _first_key(figures: Overview, chart: str, days: int | None) -> str:
    """The first bar's key (the largest by revenue); the blank key if there is none."""
    bars = getattr(figures.period(days), chart)
    return next((bar.key for bar in bars if bar.key != OTHER), UNKNOWN)


def _background_error(book: Book) -> str | None:
    refresher = book.refresher
    return repr(refresher.last_error) if refresher and refresher.last_error else None


def measure_cold_part(path: Path, today: date, repeats: int) -> dict:
    """One cold overview in this fresh process, then cached overviews, bars and parts."""
    load_before = os.getloadavg()[0]
    book, settle_s = _open_as_the_app(path, today)
    floor_conn = _read_only(path)
    try:
        floors: list[float] = []
        floors_cpu: list[float] = []  # CPU seconds of the floors around the cold overview

        def floor_beside() -> None:
            cpu = time.process_time()
            floors.append(scan_floor(floor_conn))
            floors_cpu.append(time.process_time() - cpu)

        floor_beside()  # as cold as the overview's first connections
        started, cpu = time.perf_counter(), time.process_time()
        figures = book.overview()
        cold = time.perf_counter() - started
        cold_cpu = time.process_time() - cpu  # every thread's: its passes run side by side
        floor_beside()
        cached, cached_same = [], True
        for _ in range(repeats):
            cached.append(_timed(book.overview))
            cached_same = cached_same and book.overview() is figures
        behind: dict[str, list[float]] = {chart: [] for chart, _ in BARS}
        behind_counts: dict[str, int] = {}
        keys = {chart: _first_key(figures, chart, days) for chart, days in BARS}
        for _ in range(repeats):
            floors.append(scan_floor(floor_conn))
            for chart, days in BARS:
                started = time.perf_counter()
                ids = book.overview_customers(chart, keys[chart], days)
                behind[chart].append(time.perf_counter() - started)
                behind_counts[chart] = len(ids)
        parts = _parts_alone(book, path, today, repeats, floor_conn, floors)
        plan = floor_plan(floor_conn)
        error = _background_error(book)
    finally:
        floor_conn.close()
        book.close()
    return {
        "cold_samples_ms": [cold * 1000],
        "cold_cpu_samples_ms": [cold_cpu * 1000],
        "floor_cpu_samples_ms": [s * 1000 for s in floors_cpu],
        "cached_samples_ms": [s * 1000 for s in cached],
        "cached_same": cached_same,
        "behind_samples_ms": {chart: [s * 1000 for s in got] for chart, got in behind.items()},
        "behind_keys": keys,
        "behind_customers": behind_counts,
        "parts_samples_ms": {name: [s * 1000 for s in got] for name, got in parts.items()},
        "floor_samples_ms": [s * 1000 for s in floors],
        "floor_plan": plan,
        "customers": figures.customers,
        "buyers": figures.period(None).buyers,
        "settle_s": [settle_s],
        "background_error": error,
        "cold_peak_rss_mb": peak_rss_mb(),
        "load": [load_before, os.getloadavg()[0]],
    }


def _parts_alone(
    book: Book,
    path: Path,
    today: date,
    repeats: int,
    floor_conn: sqlite3.Connection,
    floors: list[float],
) -> dict[str, list[float]]:
    """Each of the overview's three passes alone, one after another on one read-only
    connection, as the overview runs them side by side (same as_of, rules, periods)."""
    rules = book.rules()
    calls: dict[str, Callable[[sqlite3.Connection], object]] = {
        "customer": lambda c: overview_sql.customer_part(c, today, rules, TOP_N, PERIODS),
        "product": lambda c: overview_sql.product_part(c, today, TOP_N, PERIODS),
        "month": lambda c: overview_sql.month_part(c, today),
    }
    samples: dict[str, list[float]] = {name: [] for name in PARTS}
    conn = _read_only(path)
    try:
        for _ in range(repeats):
            floors.append(scan_floor(floor_conn))
            for name in PARTS:
                samples[name].append(_timed(partial(calls[name], conn)))
    finally:
        conn.close()
    return samples


def measure_saves_part(path: Path, today: date, saves: int, seed: int) -> dict:
    """book.overview() right after a save (a purchase or a contact), the pass settled."""
    load_before = os.getloadavg()[0]
    book, _ = _open_as_the_app(path, today)
    floor_conn = _read_only(path)
    try:
        shown = book.overview()  # the overview screen has shown it once
        rng = random.Random(seed + 3)
        active = [
            row[0] for row in book.conn.execute("SELECT id FROM customers WHERE archived = 0")
        ]
        item = _first_key(shown, "products", None)
        samples, floors, recomputed = [], [], 0
        for k in range(saves):
            customer = rng.choice(active)
            if k % 2 == 0:
                book.add_purchase(
                    Purchase(customer_id=customer, date=today, amount=Decimal("128.00"), items=item)
                )
            else:
                book.log_contact(
                    Interaction(
                        customer_id=customer,
                        at=datetime.combine(today, clock(9, k % 60)),
                        kind=InteractionKind.MESSAGE,
                        note="bench",
                    )
                )
            book.settle()  # untimed: the background pass never competes with the overview
            floors.append(scan_floor(floor_conn))
            started = time.perf_counter()
            figures = book.overview()
            samples.append(time.perf_counter() - started)
            recomputed += figures is not shown
            shown = figures
        error = _background_error(book)
    finally:
        floor_conn.close()
        book.close()
    return {
        "after_save_samples_ms": [s * 1000 for s in samples],
        "after_save_floor_samples_ms": [s * 1000 for s in floors],
        "recomputed": recomputed,
        "saves": saves,
        "saves_background_error": error,
        "saves_peak_rss_mb": peak_rss_mb(),
        "saves_load": [load_before, os.getloadavg()[0]],
    }


def summarise(colds: list[dict], saves: dict) -> dict:
    """Every process's samples pooled, as spreads (ms) and ratios to the floor."""

    def pooled(key: str, sub: str | None = None) -> list[float]:
        samples = [part[key] if sub is None else part[key][sub] for part in colds]
        return [sample / 1000 for got in samples for sample in got]

    floor = spread(pooled("floor_samples_ms"))
    cold = spread(pooled("cold_samples_ms"))
    cold_cpu = spread(pooled("cold_cpu_samples_ms"))
    floor_cpu = spread(pooled("floor_cpu_samples_ms"))
    cached = spread(pooled("cached_samples_ms"))
    parts = {name: spread(pooled("parts_samples_ms", name)) for name in PARTS}
    behind = {chart: spread(pooled("behind_samples_ms", chart)) for chart, _ in BARS}
    after = spread([s / 1000 for s in saves["after_save_samples_ms"]])
    after_floor = spread([s / 1000 for s in saves["after_save_floor_samples_ms"]])
    loads = [load for part in colds for load in part["load"]] + saves["saves_load"]
    first = colds[0]
    errors = [p["background_error"] for p in colds if p["background_error"]]
    errors += [saves["saves_background_error"]] if saves["saves_background_error"] else []
    return {
        "customers": first["customers"],
        "buyers": first["buyers"],
        "cold": cold,
        "cold_samples_ms": [s for p in colds for s in p["cold_samples_ms"]],
        "cold_ratio": cold["p50_ms"] / floor["p50_ms"],
        # The work, not the wait: CPU of every thread against the floor's own CPU (what a
        # loaded machine changes least; the passes' threads overlap only on idle cores).
        "cold_cpu": cold_cpu,
        "floor_cpu": floor_cpu,
        "cold_cpu_ratio": cold_cpu["p50_ms"] / floor_cpu["p50_ms"],
        "cached": cached,
        "cached_same": all(p["cached_same"] for p in colds),
        "cached_ratio": cached["p50_ms"] / floor["p50_ms"],
        "parts": parts,
        "parts_ratio": {name: parts[name]["p50_ms"] / floor["p50_ms"] for name in PARTS},
        "parts_sum_p50_ms": sum(parts[name]["p50_ms"] for name in PARTS),
        "behind": behind,
        "behind_ratio": {chart: behind[chart]["p50_ms"] / floor["p50_ms"] for chart, _ in BARS},
        "behind_keys": first["behind_keys"],
        "behind_customers": first["behind_customers"],
        "after_save": after,
        "after_save_floor": after_floor,
        "after_save_ratio": after["p50_ms"] / after_floor["p50_ms"],
        "after_save_p95_ratio": after["p95_ms"] / after_floor["p95_ms"],
        "recomputed": saves["recomputed"],
        "saves": saves["saves"],
        "floor": floor,
        "floor_median_ms": median(pooled("floor_samples_ms")) * 1000,
        "floor_plan": first["floor_plan"],
        "settle_s": [s for p in colds for s in p["settle_s"]],
        "background_error": "; ".join(errors) or None,
        "target_ms": TARGET_MS,
        "load_min": min(loads),
        "load_max": max(loads),
        "cold_peak_rss_mb": max(p["cold_peak_rss_mb"] for p in colds),
        "saves_peak_rss_mb": saves["saves_peak_rss_mb"],
    }


def in_own_process(
    path: Path, today: date, colds: int, repeats: int, saves: int, seed: int
) -> dict:
    """`colds` cold processes (one truly cold overview each, then the rest), then the saves
    process; each a fresh `python -m bench.overview`, so every first overview is cold and
    each process's peak memory is its own."""
    cold_parts = [
        run_part("bench.overview", ["--part", "cold", "--repeats", str(repeats)], path, today)
        for _ in range(colds)
    ]
    saves_part = run_part(
        "bench.overview",
        ["--part", "saves", "--saves", str(saves), "--seed", str(seed)],
        path,
        today,
    )
    return summarise(cold_parts, saves_part)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.overview", description=__doc__)
    parser.add_argument("--book", type=Path, required=True, help="a working copy (it is written)")
    parser.add_argument("--today", type=date.fromisoformat, required=True)
    parser.add_argument("--part", choices=("cold", "saves"), required=True)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.part == "cold":
        result = measure_cold_part(args.book, args.today, args.repeats)
    else:
        result = measure_saves_part(args.book, args.today, args.saves, args.seed)
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
