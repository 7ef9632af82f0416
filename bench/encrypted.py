"""An encrypted book beside the plain one: save p95 and full recompute, interleaved.

`python -m bench.encrypted [--size 100000] [--quick]`. The cached synthetic book is
copied twice: one copy stays plain, the other is encrypted (SQLCipher, cached beside the
book as `…-encrypted.db`). Both are opened in this process and measured in turns — a save
on one, then on the other; a recompute of one, then of the other — so both see the same
machine. The floor is the plain book's figure of the same run: the target is the
encrypted one within 1.3× of it. The floors of bench/save.py and bench/recompute.py (one
insert + stats update; one covering-index GROUP BY) are given for each book too.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench import AS_OF, CACHE, SEED
from bench.books import book_key, working_copy
from bench.measure import log, median, pace, spread
from bench.recompute import FLOOR_SQL
from bench.save import PACE_SECONDS, save_floor, writer_settings
from xiaoben.models.purchase import Purchase
from xiaoben.store import cipher
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.files import book_key as key_of
from xiaoben.store.files import open_connection

PASSPHRASE = "bench passphrase"
TARGET = 1.3
FULL = {"saves": 200, "recomputes": 9, "floors": 200}
QUICK = {"saves": 20, "recomputes": 2, "floors": 20}


def encrypted_source(source: Path) -> Path:
    """The cached book encrypted with PASSPHRASE (made once, then kept beside it)."""
    target = source.with_name(source.stem + "-encrypted.db")
    if target.exists():
        return target
    building = working_copy(source, source.with_name(f".encrypting-{source.name}"))
    started = time.perf_counter()
    cipher.rekey(building, None, cipher.new_key(PASSPHRASE))
    building.replace(target)
    log(f"encrypted {source.name} in {time.perf_counter() - started:.1f} s")
    return target


def _floor_saves(path: Path, passphrase: str | None, repeats: int, seed: int) -> list[float]:
    """bench/save.py's floor on `path`: one purchase INSERT + one stats UPDATE."""

    def connect(book: Path) -> sqlite3.Connection:
        return writer_settings(
            open_connection(book, key_of(book, passphrase), isolation_level=None)
        )

    return save_floor(path, AS_OF, repeats, seed, connect)


def _group_by_floor(book: Book, passphrase: str | None) -> float:
    conn = open_connection(book.path, key_of(book.path, passphrase), isolation_level=None)
    try:
        started = time.perf_counter()
        conn.execute(FLOOR_SQL).fetchall()
        return time.perf_counter() - started
    finally:
        conn.close()


def _opened(path: Path, passphrase: str | None, background: bool) -> tuple[Book, float]:
    started = time.perf_counter()
    book = Book.open(path, today=lambda: AS_OF, background=background, passphrase=passphrase)
    return book, time.perf_counter() - started


def _saves(books: dict[str, Book], repeats: int, seed: int) -> dict[str, list[float]]:
    """A customer edit, then a purchase, on each book in turn, paced like fast typing. The
    other book's background pass is settled (untimed) before each save: both books share
    this process, and one's pass must not slow the other's save (in the app each book has
    a process of its own); the saved book's own pass runs as in the app."""
    rng = random.Random(seed)
    active = [row[0] for row in books["plain"].conn.execute("SELECT id FROM customers")]
    samples: dict[str, list[float]] = {name: [] for name in books}
    for k in range(repeats):
        customer_id = rng.choice(active)
        amount = Decimal(rng.randrange(1_000, 200_000)) / 100
        for name, book in books.items():
            customer = book.get_customer(customer_id)
            edited = customer.model_copy(update={"notes": f"bench edit {k}"})
            bought = Purchase(customer_id=customer_id, date=AS_OF, amount=amount, items="B")
            for other in books.values():
                if other is not book:
                    other.settle()
            started = time.perf_counter()
            if k % 2:
                book.add_purchase(bought)
            else:
                book.save_customer(edited)
            samples[name].append(time.perf_counter() - started)
            pace(started, PACE_SECONDS)
    for book in books.values():
        book.settle()
    return samples


def measure(source: Path, folder: Path, counts: dict[str, int], seed: int) -> dict:
    encrypted = encrypted_source(source)
    passphrases = {"plain": None, "encrypted": PASSPHRASE}
    sources = {"plain": source, "encrypted": encrypted}
    result: dict[str, Any] = {}

    log("  recompute, in turns …")
    books, opens = {}, {}
    for name, origin in sources.items():
        books[name], opens[name] = _opened(
            working_copy(origin, folder / f"r-{name}.db"), passphrases[name], False
        )
    recomputes: dict[str, list[float]] = {name: [] for name in books}
    floors: dict[str, list[float]] = {name: [] for name in books}
    try:
        for _ in range(counts["recomputes"]):
            for name, book in books.items():
                floors[name].append(_group_by_floor(book, passphrases[name]))
                started = time.perf_counter()
                book.recompute()
                recomputes[name].append(time.perf_counter() - started)
    finally:
        for book in books.values():
            book.close()
    result["recompute"] = {
        name: {
            "median_s": median(recomputes[name]),
            "group_by_floor_s": median(floors[name]),
            "open_s": opens[name],
        }
        for name in books
    }

    log("  saves, in turns …")
    save_floors = {
        name: spread(
            _floor_saves(
                working_copy(origin, folder / f"f-{name}.db"),
                passphrases[name],
                counts["floors"],
                seed,
            )
        )
        for name, origin in sources.items()
    }
    books = {}
    for name, origin in sources.items():
        books[name], _ = _opened(
            working_copy(origin, folder / f"s-{name}.db"), passphrases[name], True
        )
    try:
        for book in books.values():
            book.settle()
        saves = _saves(books, counts["saves"], seed)
    finally:
        for book in books.values():
            book.close()
    result["save"] = {
        name: {**spread(saves[name]), "floor_p95_ms": save_floors[name]["p95_ms"]} for name in books
    }
    result["ratios"] = {
        "save_p95": result["save"]["encrypted"]["p95_ms"] / result["save"]["plain"]["p95_ms"],
        "recompute": result["recompute"]["encrypted"]["median_s"]
        / result["recompute"]["plain"]["median_s"],
        "target": TARGET,
    }
    return result


def report(result: dict) -> str:
    save, recompute, ratios = result["save"], result["recompute"], result["ratios"]
    floor_ratio = save["encrypted"]["floor_p95_ms"] / save["plain"]["floor_p95_ms"]
    plain_group, encrypted_group = (recompute[n]["group_by_floor_s"] for n in recompute)
    lines = [
        "| figure | plain book (floor) | encrypted book | ratio | target |",
        "|---|---|---|---|---|",
        f"| save p95 | {save['plain']['p95_ms']:.1f} ms | {save['encrypted']['p95_ms']:.1f} ms"
        f" | {ratios['save_p95']:.2f}× | ≤ {TARGET}× |",
        f"| full recompute | {recompute['plain']['median_s']:.2f} s"
        f" | {recompute['encrypted']['median_s']:.2f} s | {ratios['recompute']:.2f}×"
        f" | ≤ {TARGET}× |",
        f"| save floor p95 (insert + stats update) | {save['plain']['floor_p95_ms']:.1f} ms"
        f" | {save['encrypted']['floor_p95_ms']:.1f} ms"
        f" | {floor_ratio:.2f}× | — |",
        f"| GROUP BY floor | {plain_group:.2f} s | {encrypted_group:.2f} s"
        f" | {encrypted_group / plain_group:.2f}× | — |",
        f"| open (encrypted: + key derivation) | {recompute['plain']['open_s']:.2f} s"
        f" | {recompute['encrypted']['open_s']:.2f} s | — | — |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.encrypted", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    source = args.cache / book_key(args.size, args.seed)
    if not source.exists():
        raise SystemExit(f"no cached book {source}: run `python -m bench` to build it")
    with tempfile.TemporaryDirectory(prefix="xiaoben-bench-") as temporary:
        result = measure(source, Path(temporary), QUICK if args.quick else FULL, args.seed)
    result["size"] = args.size
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    print(report(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
