"""Export time: the whole workbook (xlsx) and the customers and purchases CSVs of a book,
against the floor of reading the same tables' rows from SQLite in the same run:

    python -m bench.export [--size 100000] [--book PATH]

The book (by default the cached synthetic book of that size; bench/books.py builds it if
missing) is copied to a temporary folder first: opening it may migrate it, and the cache
stays as it was. Each figure is timed once (an export of 100k customers takes seconds).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from bench import CACHE, SEED
from bench.books import cached_book
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.exporting.formats import ExportRequest

TODAY = date(2026, 11, 23)
_TABLES = {
    "customers": "customers",
    "purchases": "purchases",
    "contacts": "interactions",
    "reminders": "reminders",
}


def read_floor(book: Path, tables: list[str]) -> float:
    """Seconds to read every row of `tables` (export names) from SQLite, doing nothing else."""
    conn = sqlite3.connect(f"{book.as_uri()}?mode=ro", uri=True)
    try:
        started = time.perf_counter()
        for table in tables:
            for _ in conn.execute(f"SELECT * FROM {_TABLES[table]}"):
                pass
        return time.perf_counter() - started
    finally:
        conn.close()


def measure(book_path: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="xiaoben-bench-export-") as temporary:
        folder = Path(temporary)
        copy = folder / "book.db"
        shutil.copyfile(book_path, copy)
        figures: dict[str, float] = {}
        with Book.open(copy, today=lambda: TODAY) as book:
            figures["customers"] = book.customer_count()
            figures["floor_all_s"] = read_floor(copy, list(_TABLES))
            figures["floor_csv_s"] = read_floor(copy, ["customers", "purchases"])
            started = time.perf_counter()
            book.export_as(folder / "book.xlsx", ExportRequest())
            figures["xlsx_s"] = time.perf_counter() - started
            started = time.perf_counter()
            book.export_as(folder / "customers.csv", ExportRequest())
            book.export_as(folder / "purchases.csv", ExportRequest(table="purchases"))
            figures["csv_s"] = time.perf_counter() - started
            figures["xlsx_mb"] = (folder / "book.xlsx").stat().st_size / 1e6
    figures["xlsx_ratio"] = figures["xlsx_s"] / figures["floor_all_s"]
    figures["csv_ratio"] = figures["csv_s"] / figures["floor_csv_s"]
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.export", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--book", type=Path, help="a book to export (default: the cached one)")
    args = parser.parse_args(argv)
    book = args.book or cached_book(args.size, CACHE, SEED)[0]
    figures = measure(book)
    print(
        f"export of {figures['customers']:,.0f} customers:\n"
        f"  xlsx (4 sheets, reasons in words): {figures['xlsx_s']:.2f} s"
        f" = {figures['xlsx_ratio']:.1f}× the floor {figures['floor_all_s']:.2f} s"
        f" (reading the 4 tables' rows); {figures['xlsx_mb']:.1f} MB\n"
        f"  csv (customers with tiers + purchases): {figures['csv_s']:.2f} s"
        f" = {figures['csv_ratio']:.1f}× the floor {figures['floor_csv_s']:.2f} s"
        f" (reading those rows)"
    )


if __name__ == "__main__":
    main()
