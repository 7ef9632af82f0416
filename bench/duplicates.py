"""Possible duplicates and a merge with its undo, at book scale, as ratios to floors.

    python -m bench.duplicates --size 100000 [--repeats 5]   (the cached synthetic book)
    python -m bench.duplicates --book PATH [--repeats 5]     (a copy of any book)

possible_duplicates() (every pair, as `xiaoben duplicates --json` lists them; and the
first SHOWN, as the app's list asks) against the floor of reading what it must read (the
name index and the lookup keys, fetchall); a merge of the likeliest pair and its undo (each re-tiers
everyone in its transaction) against the recompute floor (bench/recompute.py's covering
GROUP BY). Floors and measurements alternate so both see the same machine noise.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench import AS_OF, CACHE, SEED
from bench.books import cached_book, working_copy
from bench.measure import median, peak_rss_mb
from bench.recompute import group_by_floor
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.tui.screens.duplicates import SHOWN

FLOOR_SQL = (
    "SELECT name, id FROM customers INDEXED BY customers_name",
    "SELECT kind, key, customer_id FROM customer_keys",
)


def read_floor(conn: sqlite3.Connection) -> float:
    started = time.perf_counter()
    for sql in FLOOR_SQL:
        conn.execute(sql).fetchall()
    return time.perf_counter() - started


def measure(path: Path, repeats: int) -> dict:
    book = Book.open(path, today=lambda: AS_OF)
    floor_conn = sqlite3.connect(path, isolation_level=None)
    try:
        found, shown, floors = [], [], []
        for _ in range(repeats):
            floors.append(read_floor(floor_conn))
            started = time.perf_counter()
            pairs = book.possible_duplicates().pairs
            found.append(time.perf_counter() - started)
            started = time.perf_counter()
            book.possible_duplicates(SHOWN)
            shown.append(time.perf_counter() - started)
        merges, undos, group_floors = [], [], []
        if not pairs:
            raise SystemExit("no possible duplicates in this book: nothing to merge")
        survivor, absorbed = pairs[0].ids
        for _ in range(repeats):
            group_floors.append(group_by_floor(floor_conn))
            started = time.perf_counter()
            token = book.merge_customers(survivor, absorbed).token
            merged = time.perf_counter()
            book.undo_merge(token)
            merges.append(merged - started)
            undos.append(time.perf_counter() - merged)
        return {
            "customers": book.customer_count(),
            "pairs": len(pairs),
            "duplicates_s": median(found),
            "shown_s": median(shown),
            "read_floor_s": median(floors),
            "merge_s": median(merges),
            "undo_s": median(undos),
            "group_by_floor_s": median(group_floors),
            "peak_rss_mb": peak_rss_mb(),
        }
    finally:
        floor_conn.close()
        book.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.duplicates", description=__doc__)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--size", type=int, help="customers of the cached synthetic book")
    what.add_argument("--book", type=Path, help="a book to measure a copy of")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    source = args.book if args.book else cached_book(args.size, args.cache, SEED)[0]
    with tempfile.TemporaryDirectory(prefix="xiaoben-bench-") as folder:
        figures = measure(working_copy(source, Path(folder) / "book.db"), args.repeats)
    dup, floor = figures["duplicates_s"], figures["read_floor_s"]
    group = figures["group_by_floor_s"]
    print(f"customers {figures['customers']:,}, possible duplicate pairs {figures['pairs']:,}")
    shown = figures["shown_s"]
    print(f"possible duplicates  {dup * 1000:7.0f} ms  {dup / floor:5.1f}× read floor"
          f" ({floor * 1000:.0f} ms), every pair")  # fmt: skip
    print(f"first {SHOWN} (the app)  {shown * 1000:7.0f} ms  {shown / floor:5.1f}× read floor")
    for name in ("merge", "undo"):
        seconds = figures[f"{name}_s"]
        print(f"{name:<20} {seconds * 1000:7.0f} ms  {seconds / group:5.1f}× GROUP BY floor"
              f" ({group * 1000:.0f} ms)")  # fmt: skip
    print(f"peak RSS {figures['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
