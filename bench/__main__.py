"""python -m bench [--sizes 1000,10000,100000] [--cdnow PATH] [--quick] [--json OUT]
                 [--only books,listing,import] [--readme]

Builds (or reuses, from bench/.cache) the synthetic books and the import files, then runs
each book's measurements in a fresh process (`python -m bench.one`) and prints every
figure as a ratio against a floor measured in the same run, then a Markdown table, then
the acceptance: one line per figure with its goal and ✓ or ✗ (bench.acceptance). The
run's figures are kept in the cache's last-run.json; `--readme` writes the README's
figures table from them (as `python -m bench.acceptance --readme` does later).

A full run (three sizes, CDNOW, the customer list, the import of a million rows) takes
about half an hour on a quiet two-core machine; `--sizes 100000 --only books` about five
minutes, `--quick` about one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench import CACHE, CDNOW_SOURCES, REPO, SEED, acceptance
from bench.books import cached_book, cached_purchases_csv
from bench.imports import cdnow_csv
from bench.measure import log
from bench.report import details, misses, table
from xiaoben.store.driver import sqlite3

QUICK_ROWS = 3_000  # CDNOW rows and synthetic CSV rows in --quick
CSV_ROWS = 100_000


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", type=_sizes, default=[1_000, 10_000, 100_000])
    parser.add_argument("--cdnow", type=Path, help="CDNOW_master.txt (or .gz); 'none' to skip")
    parser.add_argument("--quick", action="store_true", help="few repeats, small import files")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--only",
        type=_parts,
        default=PARTS,
        help="what to measure: books (and CDNOW), listing, import (comma-separated; all)",
    )
    parser.add_argument("--readme", action="store_true", help="write the README's table")
    return parser.parse_args(argv)


PARTS = ("books", "listing", "import")


def _parts(text: str) -> tuple[str, ...]:
    parts = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in parts if part not in PARTS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown part {', '.join(unknown)}: {', '.join(PARTS)}")
    return parts


def _cdnow_source(given: Path | None) -> Path | None:
    if given is not None:
        return None if str(given) == "none" else given
    return next((path for path in CDNOW_SOURCES if path.exists()), None)


def _measure(name: str, what: list[str], args: argparse.Namespace) -> dict:
    """One book's figures from a fresh `python -m bench.one` process."""
    log(f"{name} …")
    with tempfile.TemporaryDirectory(prefix="xiaoben-bench-") as temporary:
        out = Path(temporary) / "result.json"
        command = [sys.executable, "-m", "bench.one", *what, "--out", str(out)]
        command += ["--cache", str(args.cache), "--seed", str(args.seed)]
        command += ["--quick"] if args.quick else []
        done = subprocess.run(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
        sys.stderr.write(done.stderr)
        if done.returncode != 0 or not out.exists():
            tail = done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            return {"label": name, "error": tail[0]}
        return {"label": name, **json.loads(out.read_text())}


def _jobs(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    """Build what the measurements need (cached), and list them."""
    jobs = []
    for size in args.sizes:
        started = time.perf_counter()
        _, built = cached_book(size, args.cache, args.seed)
        if built:
            log(
                f"built the {size:,}-customer book ({built['purchases']:,.0f} purchases) in"
                f" {built['total_s']:.1f} s (rows {built['write_s']:.1f} s, migrations, stats"
                f" and tiers {built['migrate_and_tier_s']:.1f} s)"
            )
        else:
            log(f"the {size:,}-customer book is cached ({time.perf_counter() - started:.2f} s)")
        jobs.append((f"synthetic {size:,}", ["--size", str(size)]))
    source = _cdnow_source(args.cdnow)
    if source is None or not source.exists():
        log(f"no CDNOW data ({source or ', '.join(map(str, CDNOW_SOURCES))}): skipped")
    else:
        converted = cdnow_csv(source, args.cache, QUICK_ROWS if args.quick else None)
        jobs.append(("CDNOW", ["--cdnow", str(converted)]))
    rows = QUICK_ROWS if args.quick else CSV_ROWS
    purchases_csv = cached_purchases_csv(rows, args.cache, args.seed)
    jobs.append((f"CSV {rows:,} rows", ["--import-csv", str(purchases_csv)]))
    return jobs


def _meta(args: argparse.Namespace) -> dict:
    return {
        "started": datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "quick": args.quick,
        "sizes": args.sizes,
        "seed": args.seed,
        "load_average_at_start": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    meta = _meta(args)
    results: list[dict] = []
    if "books" in args.only:
        results = _measure_books(args)
    run: dict = {"meta": meta, "results": results}
    failed = [result for result in results if "error" in result]
    with tempfile.TemporaryDirectory(prefix="xiaoben-bench-") as temporary:
        if "listing" in args.only:
            run["listing"], listing_failed = _measure_listing(args, Path(temporary))
            failed += [{"label": "customer list"}] if listing_failed else []
        if "import" in args.only:
            run["import_scale"], scale_failed = _measure_import_scale(args, Path(temporary))
            failed += [{"label": "import at scale"}] if scale_failed else []
    meta["load_average_at_end"] = os.getloadavg()[0]
    if args.json:
        args.json.write_text(json.dumps(run, indent=2))
    args.cache.mkdir(parents=True, exist_ok=True)
    (args.cache / acceptance.LAST_RUN.name).write_text(json.dumps(run, indent=2))
    figures = acceptance.figures_of(run)
    print("\nAcceptance (each figure against its goal; bench/acceptance.py):")
    print("\n".join(acceptance.lines(figures)), flush=True)
    if args.readme:
        acceptance.write_readme(acceptance.README, acceptance.table(run, figures))
        print("README.md: the figures table rewritten from this run")
    return 1 if failed else 0


def _measure_books(args: argparse.Namespace) -> list[dict]:
    """Each book's figures (fresh processes), printed as they come, then the table."""
    results = []
    for name, what in _jobs(args):
        result = _measure(name, what, args)
        results.append(result)
        print(details(result), flush=True)
        print(flush=True)
    print(
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()},"
        f" SQLite {sqlite3.sqlite_version}; load average {os.getloadavg()[0]:.1f} now"
    )
    print()
    print(table(results))
    missed = [f"{result['label']} {miss}" for result in results for miss in misses(result)]
    print()
    print(
        "Targets (DESIGN.md): save p95 ≤ 20 ms; at 100k customers and on CDNOW, recompute"
        " ≤ 1.5× the GROUP BY floor, peak RSS ≤ 250 MB, the follow-up queue (warm and"
        " after a save) p95 ≤ 200 ms and the overview (cold and after a save, issue 5)"
        " p95 ≤ 1 s. " + ("All met." if not missed else f"Missed: {'; '.join(missed)}.")
    )
    return results


def _measure_import_scale(args: argparse.Namespace, folder: Path) -> tuple[dict | None, bool]:
    """The import of a 1M-row CSV, a 100k-row workbook and a 100k-row customers file through
    `xiaoben import`: its figures, and whether it failed."""
    from bench import import_scale

    rows, xlsx_rows, customer_rows = (
        (import_scale.QUICK_ROWS, import_scale.QUICK_XLSX_ROWS, import_scale.QUICK_CUSTOMER_ROWS)
        if args.quick
        else (import_scale.ROWS, import_scale.XLSX_ROWS, import_scale.CUSTOMER_ROWS)
    )
    out = args.json.with_suffix(".import.json") if args.json else folder / "import_scale.json"
    command = [sys.executable, "-m", "bench.import_scale", "--rows", str(rows)]
    command += ["--xlsx-rows", str(xlsx_rows), "--customer-rows", str(customer_rows)]
    command += ["--cache", str(args.cache)]
    command += ["--seed", str(args.seed), "--json", str(out)]
    command += ["--rounds", "1"] if args.quick else []  # a check that it runs, not a figure
    print("\nThe import at scale (xiaoben import purchases, each in a fresh process):", flush=True)
    failed = subprocess.run(command, cwd=REPO).returncode != 0
    return (json.loads(out.read_text()) if out.exists() else None), failed


def _measure_listing(args: argparse.Namespace, folder: Path) -> tuple[dict | None, bool]:
    """The customer list's paint, scroll and search figures, in a fresh process: its
    figures, and whether it failed."""
    out = args.json.with_suffix(".listing.json") if args.json else folder / "listing.json"
    command = [
        sys.executable,
        "-m",
        "bench.listing",
        "--sizes",
        ",".join(str(size) for size in args.sizes),
        "--cache",
        str(args.cache),
        "--seed",
        str(args.seed),
        "--json",
        str(out),
    ]
    if args.quick:
        command.append("--quick")
    print("\nThe customer list (first paint, page-down, search keystroke):", flush=True)
    failed = subprocess.run(command, cwd=REPO).returncode != 0
    return (json.loads(out.read_text()) if out.exists() else None), failed


if __name__ == "__main__":
    sys.exit(main())
