"""The follow-up queue: generation cold, warm, after a save, and its first rows materialised,
against the floor of reading one stats row per customer. Each part runs in a process of
its own (`in_own_process` starts both, then times the real `xiaoben queue` command in
fresh processes, `measure_command`):

    python -m bench.queue --book COPY --today 2026-11-23 --part cli|app --out result.json

Cold, warm and materialise on a book opened as `xiaoben queue` opens it (no background
pass): the first `book.queue()` of the process loads the queue's inputs (the cold case);
then warm queues and floor queries alternate, so both see the same machine noise;
materialise is the first 200 items with names and message drafts, as the queue screen and
`xiaoben queue` show them. After a save, on the book opened as the app opens it
(background=True, settled, its queue shown once): a contact logged for one customer (its
row of the cached inputs is patched, nothing reloaded), then the queue timed; the
background pass settles, untimed, before the next save.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path

from bench import REPO, SEED
from bench.measure import median, peak_rss_mb, run_part, spread
from xiaoben.models.enums import InteractionKind
from xiaoben.models.interaction import Interaction
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.tiering.followup import Queue

TARGET_MS = 200.0  # issue 4: queue generation at 100k customers
MATERIALISE = 200  # items the first screenful and a morning script need
FLOOR_SQL = (
    "SELECT c.id, s.orders, s.last_purchase, s.last_interaction"
    " FROM customers c JOIN stats s ON s.customer_id = c.id"
)


def scan_floor(conn: sqlite3.Connection) -> float:
    """Seconds to read one stats row per customer (the least a queue of everyone reads)."""
    started = time.perf_counter()
    conn.execute(FLOOR_SQL).fetchall()
    return time.perf_counter() - started


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure_cli_part(path: Path, today: date, repeats: int) -> dict:
    """Cold, warm and materialise on a book opened as `xiaoben queue` opens it."""
    floor_conn = sqlite3.connect(path, isolation_level=None)
    try:
        cold, queue, floors, warm, materialise, open_s = _as_the_cli_does(
            path, today, repeats, floor_conn
        )
    finally:
        floor_conn.close()
    floor = spread(floors)
    warm_ms, materialise_ms = spread(warm), spread(materialise)
    return {
        "items": len(queue),
        "today": queue.today_count(),
        "upcoming": queue.upcoming_count(),
        "days": queue.days,
        "cold_ms": cold * 1000,
        "warm": warm_ms,
        "materialise": materialise_ms,
        "materialised": min(MATERIALISE, len(queue)),
        "floor": floor,
        "cold_ratio": cold * 1000 / floor["p50_ms"],
        "warm_ratio": warm_ms["p50_ms"] / floor["p50_ms"],
        "warm_p95_ratio": warm_ms["p95_ms"] / floor["p95_ms"],
        "materialise_ratio": materialise_ms["p50_ms"] / floor["p50_ms"],
        "samples_ms": [s * 1000 for s in warm],
        "floor_median_ms": median(floors) * 1000,
        "open_s": open_s,
        "target_ms": TARGET_MS,
        "cli_peak_rss_mb": peak_rss_mb(),
    }


def measure_app_part(path: Path, today: date, saves: int, seed: int) -> dict:
    """The queue right after a save, on a book opened as the app opens it."""
    floor_conn = sqlite3.connect(path, isolation_level=None)
    floors: list[float] = []
    try:
        after_save, error = _after_saves(path, today, saves, seed, floor_conn, floors)
    finally:
        floor_conn.close()
    after_ms, floor = spread(after_save), spread(floors)
    return {
        "after_save": after_ms,
        "after_save_floor": floor,
        "after_save_ratio": after_ms["p50_ms"] / floor["p50_ms"],
        "after_save_samples_ms": [s * 1000 for s in after_save],
        "background_error": error,
        "app_peak_rss_mb": peak_rss_mb(),
    }


def _as_the_cli_does(
    path: Path, today: date, repeats: int, floor_conn: sqlite3.Connection
) -> tuple[float, Queue, list[float], list[float], list[float], float]:
    opened_at = time.perf_counter()
    book = Book.open(path, today=lambda: today)
    open_s = time.perf_counter() - opened_at
    try:
        started = time.perf_counter()
        queue = book.queue()
        cold = time.perf_counter() - started
        floors, warm = [], []
        for _ in range(repeats):
            floors.append(scan_floor(floor_conn))
            warm.append(_timed(book.queue))
        materialise = [
            _timed(lambda: book.follow_ups(queue, 0, MATERIALISE)) for _ in range(repeats)
        ]
    finally:
        book.close()
    return cold, queue, floors, warm, materialise, open_s


def _after_saves(
    path: Path,
    today: date,
    saves: int,
    seed: int,
    floor_conn: sqlite3.Connection,
    floors: list[float],
) -> tuple[list[float], str | None]:
    """Seconds per queue right after a logged contact, in the app's mode; floors appended."""
    book = Book.open(path, today=lambda: today, background=True)
    try:
        book.settle()  # the warm-up pass that opening in the app's mode starts
        book.queue()  # the queue screen has shown it: the inputs are cached
        rng = random.Random(seed + 2)
        active = [
            row[0] for row in book.conn.execute("SELECT id FROM customers WHERE archived = 0")
        ]
        samples = []
        for k in range(saves):
            contact = Interaction(
                customer_id=rng.choice(active),
                at=datetime.combine(today, clock(9, k % 60)),
                kind=InteractionKind.MESSAGE,
                note="bench",
            )
            book.log_contact(contact)
            samples.append(_timed(book.queue))
            floors.append(scan_floor(floor_conn))
            book.settle()  # untimed: the background pass never overlaps the next save
        refresher = book.refresher
        error = repr(refresher.last_error) if refresher and refresher.last_error else None
    finally:
        book.close()
    return samples, error


COMMAND_RATIO_TARGET = 2.0  # `xiaoben queue` minus start-up ≤ 2 × the floor


def _wall(command: list[str]) -> float:
    # As installed: modules load from their bytecode (pip compiles it), whatever this
    # shell says about writing it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, check=True, env=env)
    return time.perf_counter() - started


def measure_command(path: Path, repeats: int) -> dict:
    """The real `xiaoben queue` (today's plan, as text) in a fresh process each time, minus
    `python -c pass` (the interpreter's start-up), against the floor in the same run.

    The command's clock is the real today: its first run on the book recomputes the tiers
    for that day (as a seller's first command of a day does) and is left out; the runs
    timed are the ones after it. Start-ups, commands and floors alternate, so all three see
    the same machine noise."""
    queue_command = [sys.executable, "-m", "xiaoben.cli", "--db", str(path), "queue"]
    _wall(queue_command)  # the day's first command: tiers recomputed for the real today
    _wall(queue_command)  # (and the bytecode written, as an install writes it)
    floor_conn = sqlite3.connect(path, isolation_level=None)
    starts, commands, floors = [], [], []
    try:
        for _ in range(repeats):
            starts.append(_wall([sys.executable, "-c", "pass"]))
            commands.append(_wall(queue_command))
            floors.append(scan_floor(floor_conn))
    finally:
        floor_conn.close()
    # The interpreter's start-up: the fastest run (what it costs; a busy moment only adds to
    # it). A median of three under a test run's load once came out above the command's own.
    start_up, command, floor = min(starts), median(commands), median(floors)
    return {
        "command_ms": command * 1000,
        "python_start_ms": start_up * 1000,
        "command_minus_start_ms": (command - start_up) * 1000,
        "command_floor_ms": floor * 1000,
        "command_ratio": (command - start_up) / floor,
        "command_ratio_target": COMMAND_RATIO_TARGET,
        "command_runs": repeats,
    }


def in_own_process(path: Path, today: date, repeats: int, saves: int, seed: int) -> dict:
    """Both parts, each in a fresh `python -m bench.queue` process: the CLI part's first
    queue is truly cold, and each part's peak memory is its own."""
    cli = run_part("bench.queue", ["--part", "cli", "--repeats", str(repeats)], path, today)
    app = run_part(
        "bench.queue", ["--part", "app", "--saves", str(saves), "--seed", str(seed)], path, today
    )
    command = measure_command(path, max(3, repeats // 4))
    return {**cli, **app, **command}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.queue", description=__doc__)
    parser.add_argument("--book", type=Path, required=True, help="a working copy (it is written)")
    parser.add_argument("--today", type=date.fromisoformat, required=True)
    parser.add_argument("--part", choices=("cli", "app"), required=True)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.part == "cli":
        result = measure_cli_part(args.book, args.today, args.repeats)
    else:
        result = measure_app_part(args.book, args.today, args.saves, args.seed)
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
