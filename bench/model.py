"""The purchase model at scale: its fit (BG/NBD + Gamma-Gamma) and the predictions for every
buyer, against the floor of reading one stats row per customer (bench.queue's floor), in
one run:

    python -m bench.model [--customers 100000] [--repeats 3] [--json OUT]

The book is the synthetic one of bench.books (cached in bench/.cache; 100k customers, 1M
purchases). The model's input comes from the stats the book keeps (one row a buyer);
timed apart: that read, the fit, the predictions (P(alive), expected purchases in 90 days,
spend and CLV over 12 months) and the whole Book.fit_model (read, fit, predictions
written). Targets (issue 14): fit <= 2 s, predictions for all <= 100 ms. For comparison,
lifetimes' fit of 100k transactions takes about 50 s (lifetimes#132).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import AS_OF, CACHE, SEED
from bench.books import cached_book, working_copy
from bench.measure import median
from bench.queue import scan_floor
from xiaoben.store import purchase_model as model_sql
from xiaoben.store.book import Book
from xiaoben.tiering import bgnbd, purchase_model

FIT_TARGET_S = 2.0
PREDICT_TARGET_S = 0.1


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(book_path: Path, repeats: int) -> dict[str, float]:
    """Medians in seconds of each part, each alternated with the floor (same noise)."""
    with Book.open(book_path, today=lambda: AS_OF) as book:
        conn, rules = book.conn, book.rules()
        people = model_sql.histories(conn, AS_OF)
        fitted = purchase_model.fit(people, AS_OF)  # warm: scipy imported, pages cached
        frequency, recency, age, _mean = people.summary(AS_OF, fitted.unit)

        def core() -> None:  # P(alive) and expected purchases in the next 90 days
            alive = bgnbd.p_alive(fitted.bgnbd, frequency, recency, age)
            bgnbd.expected_purchases(fitted.bgnbd, frequency, recency, age, 90 / 7, alive)

        floors, reads, fits, cores, predictions, whole = [], [], [], [], [], []
        for _ in range(repeats):
            floors.append(scan_floor(conn))
            reads.append(_timed(lambda: model_sql.histories(conn, AS_OF)))
            floors.append(scan_floor(conn))
            fits.append(_timed(lambda: purchase_model.fit(people, AS_OF)))
            floors.append(scan_floor(conn))
            cores.append(_timed(core))
            floors.append(scan_floor(conn))
            predictions.append(_timed(lambda: purchase_model.predict(fitted, people, rules, AS_OF)))
            floors.append(scan_floor(conn))
            whole.append(_timed(book.fit_model))
        buyers, repeat_buyers = fitted.customers, fitted.repeat_buyers
        purchases = model_sql.purchase_count(conn)
        (customers,) = conn.execute("SELECT count(*) FROM customers").fetchone()
    return {
        "customers": float(customers),
        "buyers": float(buyers),
        "repeat_buyers": float(repeat_buyers),
        "purchases": float(purchases),
        "floor_s": median(floors),
        "read_s": median(reads),
        "fit_s": median(fits),
        "core_s": median(cores),
        "predict_s": median(predictions),
        "fit_model_s": median(whole),
    }


def report(figures: dict[str, float]) -> str:
    floor = figures["floor_s"]

    def line(name: str, key: str, target: float | None = None) -> str:
        seconds = figures[key]
        shown = f"{name:<34} {seconds * 1000:8.1f} ms  {seconds / floor:6.1f}× floor"
        if target is None:
            return shown
        verdict = "met" if seconds <= target else "missed"
        return f"{shown}  (target {target * 1000:.0f} ms: {verdict})"

    return "\n".join(
        [
            f"purchase model: {figures['customers']:,.0f} customers, {figures['buyers']:,.0f} "
            f"buyers ({figures['repeat_buyers']:,.0f} repeat), {figures['purchases']:,.0f} "
            "purchases",
            f"{'floor: one stats row per customer':<34} {floor * 1000:8.1f} ms",
            line("read the model's input (stats)", "read_s"),
            line("fit (BG/NBD + Gamma-Gamma)", "fit_s", FIT_TARGET_S),
            line("P(alive) + expected 90 days, all", "core_s", PREDICT_TARGET_S),
            line("… and CLV over 12 months, all", "predict_s", PREDICT_TARGET_S),
            line("Book.fit_model (read, fit, write)", "fit_model_s"),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.model", description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    source, _ = cached_book(args.customers, args.cache, SEED)
    copy = working_copy(source, args.cache / "work" / f"model-{args.customers}.db")
    figures = measure(copy, args.repeats)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(report(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
