"""The indexes a large import dropped, taken up again while its writer would only wait.

A large import drops the purchases' indexes and builds each once at its end
(purchase_writer._maybe_bulk): one sort of a million rows costs less than a million
B-tree inserts while the writer is the busy side. When a reading child reads the file on
another core (reader_child), the writer may be the side that waits instead: into a book
that has the file's customers it waited for the child's next batch half the time (a
million rows: 3.0 of 6.4 s). There, an index kept up row by row costs nothing that shows,
and its build at the end (0.6-1.0 s each) is saved.

So the writer measures, a window of batches at a time, the share of its time it waited
for the next batch; while that share is IDLE_SHARE or more, it creates the next of the
dropped indexes (over the rows written so far: a fraction of the build at the end) and
keeps it up from then on. An import where the writer is the busy side (one that creates
its customers) keeps them all dropped. Measured, a million rows into a book of their
88,167 customers (two cores): 13.3 s with all three built at the end; 12.0 s with the
dates' and the items' kept up from the start; all three kept up made the writer the slower
side (13.6 s). Nothing changes what is written: the same indexes stand at the end.

An index is taken up only in an import's first UPKEEP_ROWS rows. Its build sorts the rows
written so far in memory (the import's TEMP_STORE is memory), and what the sort freed
stayed in the heap: on a loaded machine the child fell behind late, the items' index was
taken up at ~700,000 rows, and the import's peak RSS rose 210 -> 265 MB, over the design's
250 MB (2026-12-07). Later, an index waits for the end, built once matching's memory is let
go; after a build, the heap's free pages are given back (store/memory.py).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from xiaoben.store.driver import sqlite3
from xiaoben.store.memory import heap_trimmer

IDLE_SHARE = 0.3  # the share of the writer's time spent waiting that takes an index up
WINDOW_BATCHES = 4  # batches measured at a time (csv_table.BATCH_ROWS each)
IDLE_WINDOWS = 2  # windows in a row as idle as that (one slow batch of the child's is not)
UPKEEP_ROWS = 400_000  # rows written after which none is taken up (its sort's memory)
# In the order they are taken up: the dates' first (a shop's export comes in date order, so
# each row goes at the index's end), then the costliest build (the items': text and five
# columns), then the customers' (each row somewhere else in it).
UPKEEP_ORDER = ("purchases_by_date", "purchases_by_item", "purchases_by_customer")


def drop_indexes(conn: sqlite3.Connection, tables: Sequence[str]) -> list[tuple[str, str]]:
    """Drop the declared indexes of `tables`, inside the caller's transaction (a rollback
    brings them back): their (name, SQL), for the caller to create each again once its
    rows are written, a sort each rather than a B-tree insert a row."""
    marks = ", ".join("?" for _ in tables)
    found: list[tuple[str, str]] = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
        f" AND tbl_name IN ({marks}) AND sql IS NOT NULL",
        list(tables),
    ).fetchall()
    for name, _ in found:
        conn.execute(f'DROP INDEX "{name}"')
    return found


def two_cores() -> bool:
    """Does this process have a second core (the reading child's)?"""
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except (AttributeError, OSError):  # not Linux: the count of the machine's
        return (os.cpu_count() or 1) >= 2


class IdleUpkeep:
    """Takes the dropped indexes up while a writer waits for its batches: `finished(waited,
    worked)` after each batch is written, with the seconds the writer waited for it (on the
    pipe from the reading child) and took to write it, and how many rows it held."""

    def __init__(self, conn: sqlite3.Connection, dropped: list[str], names: dict[str, str]):
        self.conn = conn
        self.dropped = dropped  # the writer's list of the dropped indexes' SQL: shortened here
        # the SQL of those that may be taken up, in order
        self.waiting = [names[name] for name in UPKEEP_ORDER if name in names]
        self.waited = self.worked = 0.0
        self.batches = 0
        self.idle_windows = 0  # windows in a row the writer waited IDLE_SHARE or more in
        self.rows = 0  # written so far

    def finished(self, waited: float, worked: float, rows: int = 0) -> None:
        self.waited += waited
        self.worked += worked
        self.batches += 1
        self.rows += rows
        if self.waiting and self.rows > UPKEEP_ROWS:  # too late: each is built at the end
            self.waiting = []
        if self.batches < WINDOW_BATCHES or not self.waiting:
            return
        idle = self.waited >= IDLE_SHARE * (self.waited + self.worked)
        self.idle_windows = self.idle_windows + 1 if idle else 0
        if self.idle_windows >= IDLE_WINDOWS:
            sql = self.waiting.pop(0)
            self.conn.execute(sql)
            self.dropped.remove(sql)
            self.idle_windows = 0
            trim = heap_trimmer()  # what the build's sort freed
            if trim is not None:
                trim()
        self.waited = self.worked = 0.0
        self.batches = 0
