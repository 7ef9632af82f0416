"""Import rate: a purchases CSV into an empty book through the real importer (rows per second).

Phases: read (bytes -> table), parse (cells -> checked rows), write (match and insert the
rows), tiers (stats and every lens for the touched customers, then commit).
"""

from __future__ import annotations

import gzip
import shutil
import time
from datetime import date
from pathlib import Path

from xiaoben.store.book import Book
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.imports import import_purchases


def measure_import(csv_path: Path, book_path: Path, today: date) -> dict:
    """Import `csv_path` into a new book at `book_path` (create missing customers)."""
    marks: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "tiers" and done == 0:
            marks["rows_written"] = time.perf_counter()

    book = Book.open(book_path, today=lambda: today)
    try:
        started = time.perf_counter()
        table = read_table(csv_path)
        read = time.perf_counter()
        rows, errors = parse_purchases(table)
        parsed = time.perf_counter()
        report = import_purchases(book, rows, errors, create_missing=True, progress=progress)
        done = time.perf_counter()
        customers = book.conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    finally:
        book.close()
    written = marks.get("rows_written", done)
    count = report.rows
    return {
        "rows": count,
        "imported": report.imported,
        "bad_rows": report.bad_rows,
        "customers": customers,
        "read_s": read - started,
        "parse_s": parsed - read,
        "write_s": written - parsed,
        "tiers_s": done - written,
        "total_s": done - started,
        "rows_per_s": count / (done - started),
        "parse_rows_per_s": count / (parsed - started),
        "write_rows_per_s": count / (done - parsed),
    }


def cdnow_csv(source: Path, cache: Path, limit: int | None = None) -> Path:
    """CDNOW's master file as a purchases CSV (cached); `limit`: only its first rows."""
    from bench.cdnow import cdnow_to_csv

    stat = source.stat()
    tag = f"{source.name.split('.')[0]}-{stat.st_size}-{int(stat.st_mtime)}-{limit or 'all'}"
    target = cache / f"cdnow-{tag}.csv"
    if target.exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    plain = cache / f"cdnow-{tag}.txt"
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8") as src, plain.open("w", encoding="utf-8") as dst:
        if limit is None:
            shutil.copyfileobj(src, dst)
        else:
            for count, line in enumerate(src):
                if count > limit:  # the first line is the header
                    break
                dst.write(line)
    partial = target.with_name(target.name + ".tmp")
    cdnow_to_csv(plain, partial)
    partial.replace(target)
    plain.unlink()
    return target
