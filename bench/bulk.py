"""Bulk changes and saved views at book scale, as ratios to floors measured in the run.

    python -m bench.bulk --size 100000 [--marked 10000] [--repeats 3]   (the cached book)
    python -m bench.bulk --book PATH [--marked 10000] [--repeats 3]     (a copy of any book)

A tag added to (then removed from, by its undo) `--marked` customers against the floor of
the least such a change writes: one committed transaction updating those customers' rows
by id (the same rolled back, which writes nothing to the file, is printed beside it). A
stage set for them (stats and every tier follow, once) against the recompute floor
(bench/recompute.py's covering GROUP BY). Marking every customer of the list (`*`, one id
array) and counting a saved view (the strip's live count) against a plain id scan.
Floors and measurements alternate so both see the same machine noise.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from bench import AS_OF, CACHE, SEED
from bench.books import cached_book, working_copy
from bench.measure import median, peak_rss_mb
from bench.recompute import group_by_floor
from xiaoben.models.bulk import AddTag, SetStage
from xiaoben.models.views import SavedView
from xiaoben.store import customer_list
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.driver import sqlite3

VIEW = SavedView(name="bench", filters={"value_tier": "A", "silent": "30"}, sort="revenue")


def update_floor(conn: sqlite3.Connection, ids: list[int]) -> tuple[float, float]:
    """One transaction rewriting these customers' rows by id: (seconds rolled back, seconds
    committed). A change is committed, and the commit writes every page the rows are on to
    the WAL (a third of a bulk tag): the committed floor is the least such a change costs.
    The versions are put back afterwards, unmeasured."""

    def rewrite(step: int, end: str) -> float:
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "UPDATE customers SET updated_at = updated_at, version = version + ? WHERE id = ?",
            [(step, i) for i in ids],
        )
        conn.execute(end)
        return time.perf_counter() - started

    rolled_back = rewrite(1, "ROLLBACK")
    committed = rewrite(1, "COMMIT")
    rewrite(-1, "COMMIT")
    return rolled_back, committed


def scan_floor(conn: sqlite3.Connection) -> float:
    started = time.perf_counter()
    conn.execute("SELECT group_concat(id) FROM customers WHERE archived = 0").fetchone()
    return time.perf_counter() - started


def measure(path: Path, marked: int, repeats: int) -> dict:
    book = Book.open(path, today=lambda: AS_OF)
    floor_conn = sqlite3.connect(path, isolation_level=None)
    try:
        every = customer_list.matching_id_array(book.conn, ListQuery())
        ids = np.random.default_rng(SEED).choice(every, size=min(marked, len(every)), replace=False)
        ids.sort()
        id_list = ids.tolist()
        tags, untags, update_floors, rollback_floors = [], [], [], []
        stages, stage_undos, group_floors = [], [], []
        marks, counts, scans = [], [], []
        view_query = book.view_query(VIEW)
        for _ in range(repeats):
            rolled_back, committed = update_floor(floor_conn, id_list)
            rollback_floors.append(rolled_back)
            update_floors.append(committed)
            started = time.perf_counter()
            token = book.bulk_change(ids, AddTag(tag="中秋礼盒")).token
            tagged = time.perf_counter()
            book.undo_bulk(token)
            tags.append(tagged - started)
            untags.append(time.perf_counter() - tagged)
            group_floors.append(group_by_floor(floor_conn))
            started = time.perf_counter()
            token = book.bulk_change(ids, SetStage(stage="target")).token
            staged = time.perf_counter()
            book.undo_bulk(token)
            stages.append(staged - started)
            stage_undos.append(time.perf_counter() - staged)
            scans.append(scan_floor(floor_conn))
            started = time.perf_counter()
            customer_list.matching_id_array(book.conn, ListQuery())
            marks.append(time.perf_counter() - started)
            started = time.perf_counter()
            customer_list.count(book.conn, view_query)
            counts.append(time.perf_counter() - started)
        return {
            "customers": book.customer_count(),
            "marked": len(id_list),
            "tag_s": median(tags),
            "tag_undo_s": median(untags),
            "update_floor_s": median(update_floors),
            "update_rollback_floor_s": median(rollback_floors),
            "stage_s": median(stages),
            "stage_undo_s": median(stage_undos),
            "group_by_floor_s": median(group_floors),
            "mark_all_s": median(marks),
            "view_count_s": median(counts),
            "scan_floor_s": median(scans),
            "peak_rss_mb": peak_rss_mb(),
        }
    finally:
        floor_conn.close()
        book.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bulk", description=__doc__)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--size", type=int, help="customers of the cached synthetic book")
    what.add_argument("--book", type=Path, help="a book to measure a copy of")
    parser.add_argument("--marked", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    source = args.book if args.book else cached_book(args.size, args.cache, SEED)[0]
    with tempfile.TemporaryDirectory(prefix="xiaoben-bench-") as folder:
        figures = measure(working_copy(source, Path(folder) / "book.db"), args.marked, args.repeats)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    print(f"customers {figures['customers']:,}, marked {figures['marked']:,}")
    rows = (
        ("bulk tag", "tag_s", "update_floor_s", "update floor"),
        ("", "tag_s", "update_rollback_floor_s", "update floor, rolled back"),
        ("its undo", "tag_undo_s", "update_floor_s", "update floor"),
        ("bulk stage (re-tiers)", "stage_s", "group_by_floor_s", "GROUP BY floor"),
        ("its undo", "stage_undo_s", "group_by_floor_s", "GROUP BY floor"),
        ("mark all (*)", "mark_all_s", "scan_floor_s", "id scan floor"),
        ("a view's live count", "view_count_s", "scan_floor_s", "id scan floor"),
    )
    for name, key, floor_key, floor_name in rows:
        seconds, floor = figures[key], figures[floor_key]
        print(f"{name:<22} {seconds * 1000:7.0f} ms  {seconds / floor:5.1f}× {floor_name}"
              f" ({floor * 1000:.0f} ms)")  # fmt: skip
    print(f"peak RSS {figures['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
