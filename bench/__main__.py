"""python -m bench [--sizes 1000,10000,100000] [--cdnow PATH] [--quick] [--json OUT]

Builds (or reuses, from bench/.cache) the synthetic books and the import files, then runs
each book's measurements in a fresh process (`python -m bench.one`) and prints every
figure as a ratio against a floor measured in the same run, then a Markdown table.
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

from bench import CACHE, CDNOW_SOURCES, REPO, SEED
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
    return parser.parse_args(argv)


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
    results = []
    for name, what in _jobs(args):
        result = _measure(name, what, args)
        results.append(result)
        print(details(result), flush=True)
        print(flush=True)
    meta["load_average_at_end"] = os.getloadavg()[0]
    print(
        f"{meta['machine']}, Python {meta['python']}, SQLite {meta['sqlite']}; load average"
        f" {meta['load_average_at_start']:.1f} at start, {meta['load_average_at_end']:.1f} at end"
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
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    listing_failed = _measure_listing(args)
    scale_failed = _measure_import_scale(args)
    failed = [result for result in results if "error" in result]
    return 1 if failed or listing_failed or scale_failed else 0


def _measure_import_scale(args: argparse.Namespace) -> bool:
    """The import of a 1M-row CSV and a 100k-row workbook through `xiaoben import`."""
    from bench import import_scale

    rows, xlsx_rows = (
        (import_scale.QUICK_ROWS, import_scale.QUICK_XLSX_ROWS)
        if args.quick
        else (import_scale.ROWS, import_scale.XLSX_ROWS)
    )
    command = [sys.executable, "-m", "bench.import_scale", "--rows", str(rows)]
    command += ["--xlsx-rows", str(xlsx_rows), "--cache", str(args.cache)]
    command += ["--seed", str(args.seed)]
    if args.json:
        command += ["--json", str(args.json.with_suffix(".import.json"))]
    print("\nThe import at scale (xiaoben import purchases, each in a fresh process):", flush=True)
    return subprocess.run(command, cwd=REPO).returncode != 0


def _measure_listing(args: argparse.Namespace) -> bool:
    """The customer list's paint, scroll and search figures, in a fresh process."""
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
    ]
    if args.quick:
        command.append("--quick")
    if args.json:
        command += ["--json", str(args.json.with_suffix(".listing.json"))]
    print("\nThe customer list (first paint, page-down, search keystroke):", flush=True)
    return subprocess.run(command, cwd=REPO).returncode != 0


if __name__ == "__main__":
    sys.exit(main())
