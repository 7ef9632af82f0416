"""The import at scale, each run in a fresh process through the real `xiaoben import purchases`:

- a purchases CSV of ROWS rows (1,000,000 by default) into an empty book, --create-missing;
- the same CSV into a book that already has its customers (no --create-missing);
- a .xlsx of XLSX_ROWS rows (100,000 by default, written once with openpyxl) into an
  empty book, --create-missing;
- the CSV with a shop export's 收货地址 column (each customer's own address, repeated on
  their orders), --create-missing: first with the column left out (--map), then read,
  each new customer's province and city from it (the difference is what that costs);
- a customers CSV of CUSTOMER_ROWS rows (100,000 by default: the design's full scale) of 8
  columns (code, name, phone, WeChat ID or nickname, address, birthday, tags, notes) into
  an empty book, `xiaoben import customers`: its time and peak RSS against the design's
  250 MB (no floor: a customer's row is checked, matched and keyed, not just stored); then
  the same customers as a workbook (.xlsx, the phones number cells), likewise.

Each gives rows per second end to end (the command's wall time, Python's start-up
included), its peak RSS (VmHWM of that process; and of its reading child, if it started one),
and the floor measured in the same run:
the bare `executemany` of the very rows the import wrote, in batches of 10,000, in one
transaction, into a new file that holds only the purchases table and its three covering
indexes as the book declares them — no trigger, no foreign key check, no other table —
under the import's own connection settings (WAL, synchronous FULL, its page cache). What
SQLite alone takes to store those rows: everything above it is the import's own work
(reading, matching, creating customers, the book's triggers and the figures that follow).
An import that creates its customers also gets a second floor: the same, storing also the
customers it created, their lookup keys and search keys (each table with its declared
indexes), so that what it adds over storing them shows apart from what storing them costs.

    python -m bench.import_scale [--rows N] [--xlsx-rows N] [--customer-rows N]
                                 [--cases csv,xlsx,address,customers]
                                 [--csv-only] [--cache DIR] [--json OUT]

`--csv-only` measures the first two cases alone (the CSV into an empty book and into a
book that has its customers), as `--cases csv`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import AS_OF, CACHE, REPO, SEED
from bench.books import cached_purchases_csv, removed, working_copy
from bench.measure import log, median
from xiaoben.store.driver import sqlite3

ROWS = 1_000_000
XLSX_ROWS = 100_000
CUSTOMER_ROWS = 100_000
QUICK_CUSTOMER_ROWS = 300
DESIGN_PEAK_MB = 250  # DESIGN.md: peak memory at full scale
QUICK_ROWS = 3_000
QUICK_XLSX_ROWS = 300
FLOOR_BATCH = 10_000
# Each case's imports and floors, the medians kept: one of each moved 1.4-2.0x on this
# machine for the same code (the floor alone 9.9 -> 12.3 s between two runs)
ROUNDS = 3
_COLUMNS = (
    "customer_id, date, amount_cents, items, quantity, cost_cents, refunded_cents, channel,"
    " note, created_at"
)


def cached_purchases_xlsx(rows: int, cache: Path, seed: int = SEED) -> Path:
    """The purchases CSV of `rows` rows as a workbook (openpyxl, write-only), cached."""

    def typed(cells: list[str]) -> list[object]:
        code, name, phone, day, amount, item, quantity, refunded, channel = cells
        refund = float(refunded) if refunded else None
        return [code, name, int(phone), day, float(amount), item, int(quantity), refund, channel]

    return _cached_workbook(cached_purchases_csv(rows, cache, seed), "订单", typed)


def _cached_workbook(
    source: Path, sheet_name: str, typed: Callable[[list[str]], list[object]]
) -> Path:
    """The CSV `source` as a workbook beside it (one sheet, its header as written, each row
    as `typed` makes its cells, as a seller's sheet holds them), written once."""
    import csv

    import openpyxl

    path = source.with_suffix(".xlsx")
    if path.exists():
        return path
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    with source.open(encoding="utf-8", newline="") as handle:
        for number, cells in enumerate(csv.reader(handle)):
            sheet.append(typed(cells) if number else cells)
    partial = path.with_name(path.name + ".tmp.xlsx")
    workbook.save(partial)
    partial.replace(path)
    return path


# Places for the 收货地址 column: real divisions, each customer's street their own.
_PLACES = (
    "浙江省杭州市西湖区", "广东省深圳市南山区", "北京市朝阳区", "上海市浦东新区",
    "江苏省苏州市姑苏区", "四川省成都市武侯区", "内蒙古自治区呼和浩特市新城区",
    "新疆乌鲁木齐市天山区",
)  # fmt: skip


def cached_address_csv(rows: int, cache: Path, seed: int = SEED) -> Path:
    """The purchases CSV of `rows` rows with a 收货地址 column after its own, as a shop's
    order export has it: one address per customer (by code), on every order of theirs."""
    import csv
    import zlib

    source = cached_purchases_csv(rows, cache, seed)
    path = source.with_name(source.stem + "-address.csv")
    if path.exists():
        return path
    partial = path.with_name(path.name + ".tmp")
    with (
        source.open(encoding="utf-8", newline="") as reading,
        partial.open("w", encoding="utf-8", newline="") as writing,
    ):
        writer = csv.writer(writing)
        for number, cells in enumerate(csv.reader(reading)):
            if number == 0:
                writer.writerow([*cells, "收货地址"])
                continue
            k = zlib.crc32(cells[0].encode())
            writer.writerow([*cells, f"{_PLACES[k % len(_PLACES)]}文三路 {k % 997} 号 {k} 室"])
    partial.replace(path)
    return path


# The child: the real command (`python -m xiaoben.cli …`, run as a program), then its own
# peak RSS from /proc (VmHWM belongs to the program exec started, unlike ru_maxrss, which
# Linux carries over from the process that spawned it).
_CHILD = """
import runpy, sys
from pathlib import Path
out = Path(sys.argv.pop(1))
try:
    runpy.run_module("xiaoben.cli", run_name="__main__", alter_sys=True)
finally:
    status = Path("/proc/self/status")
    lines = status.read_text().splitlines() if status.exists() else []
    peak = [line.split()[1] for line in lines if line.startswith("VmHWM:")]
    if not peak:
        import resource
        scale = 1024 if sys.platform == "darwin" else 1  # bytes there, KiB elsewhere
        peak = [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // scale]
    # and the largest of the processes it started and reaped (the CSV's reading child), KiB
    import resource
    scale = 1024 if sys.platform == "darwin" else 1
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // scale
    out.write_text(f"{peak[0]} {children}")
"""


def run_import(
    book: Path, file: Path, create_missing: bool, *options: str, kind: str = "purchases"
) -> dict:
    """The real `xiaoben import purchases FILE` (or `customers`) in a fresh process: its wall
    time (Python's start-up included: end to end), its own peak RSS and what it printed."""
    with tempfile.TemporaryDirectory(prefix="xiaoben-import-") as temporary:
        peak = Path(temporary) / "peak"
        command = [sys.executable, "-c", _CHILD, str(peak), "--lang", "en", "--db", str(book)]
        command += ["import", kind, str(file)]
        command += ["--create-missing"] if create_missing else []
        command += options
        # As installed: modules load from their bytecode (pip compiles it at install, and
        # measure() has), whatever this shell says about writing it.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        settled()
        started, cpu_before = time.perf_counter(), _children_cpu()
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env)
        seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
        if done.returncode != 0 or not peak.exists():
            tail = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
            raise RuntimeError(f"xiaoben import failed: {tail}")
        peak_kib, child_kib = map(int, peak.read_text().split())
    return {
        "seconds": seconds,
        "cpu_s": cpu,
        "peak_rss_mb": peak_kib / 1024,
        # the reading child's own peak (0: none was started): its pages are the parent's,
        # copied on write, so the two peaks overlap and do not add up
        "reader_peak_rss_mb": child_kib / 1024,
        "printed": done.stdout,
    }


def settled() -> None:
    """Write out what earlier steps left for the disk (the book just imported, the last
    floor's file) before a timed step: each pays for its own writes, not for the previous
    one's. Without it, the known-customers import right after the new-customers one took
    29 s against 21-24 s in a fresh process on the same book."""
    os.sync()


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes: on a busy machine a
    steadier figure than wall time for comparing two imports."""
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def floor(imported: Path, folder: Path, tables: tuple[str, ...] = ("purchases",)) -> dict:
    """The bare executemany of the rows `imported` holds into a new file holding only
    `tables` (the purchases by default) and their indexes, as the book declares them: no
    trigger, no foreign key, nothing of ours — what SQLite alone takes to store these rows,
    set up as the import's connection is (WAL, synchronous FULL, the import's page cache).
    Each table's rows go in in the order the import writes them: the purchases and the
    customers by id, a customer's keys and search keys with her (by customer)."""
    from xiaoben.store.imports import IMPORT_CACHE_KIB

    bare = folder / "floor.db"
    bare.unlink(missing_ok=True)
    source = sqlite3.connect(imported)
    conn = sqlite3.connect(bare, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        inserts = []
        for table in tables:
            declared = source.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = ?"
                " AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC",
                (table,),
            ).fetchall()
            for (sql,) in declared:  # the table first ('table' > 'index'), then its indexes
                conn.execute(sql)
            inserts.append(_stored_rows(source, table))
        settled()
        count, seconds = 0, 0.0
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        seconds += time.perf_counter() - started
        for insert, rows in inserts:
            while batch := rows.fetchmany(FLOOR_BATCH):
                started = time.perf_counter()
                conn.executemany(insert, batch)
                seconds += time.perf_counter() - started
                count += len(batch)
        started = time.perf_counter()
        conn.execute("COMMIT")
        seconds += time.perf_counter() - started
    finally:
        conn.close()
        source.close()
        removed(bare)
    return {"rows": count, "seconds": seconds, "rows_per_s": count / seconds if seconds else 0}


# What the import itself writes a row of for each customer it creates (the figures after it,
# stats, tiers and the model, are worked out from the purchases: not in any floor).
CUSTOMER_TABLES = ("customers", "customer_keys", "search_keys")


def _stored_rows(source: sqlite3.Connection, table: str) -> tuple[str, sqlite3.Cursor]:
    """The INSERT of `table`'s stored columns (generated ones are worked out by SQLite) and
    a cursor over its rows in the order the import writes them."""
    if table == "purchases":
        marks = ", ".join("?" for _ in _COLUMNS.split(","))
        insert = f"INSERT INTO purchases ({_COLUMNS}) VALUES ({marks})"
        return insert, source.execute(f"SELECT {_COLUMNS} FROM purchases ORDER BY id")
    stored = [
        name
        for _, name, _, _, _, _, hidden in source.execute(f"PRAGMA table_xinfo({table})")
        if hidden == 0
    ]
    columns = ", ".join(f'"{name}"' for name in stored)
    order = "id" if table == "customers" else "customer_id"
    insert = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' for _ in stored)})"
    return insert, source.execute(f"SELECT {columns} FROM {table} ORDER BY {order}")


def customers_only(imported: Path, target: Path) -> Path:
    """A copy of `imported` with its customers and none of their purchases, the file
    vacuumed to the size a book of those customers has: the purchases' pages left free
    (170 of 311 MB) were copied by the day's backup the import takes (store/backups.py,
    backup_alongside) as if they were the book's."""
    shutil.copyfile(imported, target)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("DELETE FROM purchases")
        conn.execute("UPDATE stats SET orders = 0, revenue_cents = 0, refunded_cents = 0")
        conn.execute("VACUUM")
    finally:
        conn.close()
    return target


def _case(
    name: str,
    book: Path,
    file: Path,
    create_missing: bool,
    folder: Path,
    *options: str,
    rounds: int = 1,
) -> dict:
    """The import of `file` into `book` (as it stands: a book with its customers, or none),
    `rounds` times, each into a fresh copy and each followed by its floors: the medians of
    each. This machine's floor alone moved 9.9 -> 12.3 s between two runs of the same rows
    (2026-12-07), so one import against one floor gave 1.4-2.0x for the same code."""
    log(f"  {name} …")
    start = folder / f"{book.stem}.start.db"
    if book.exists():
        shutil.copyfile(book, start)
    imports: list[dict] = []
    floors: list[dict] = []
    stored_floors: list[dict] = []
    unsearched: dict = {}
    for round_ in range(rounds):
        if start.exists():
            working_copy(start, book)
        else:  # (an import into no book: it makes the book)
            removed(book)
        imports.append(run_import(book, file, create_missing, *options))
        floors.append(floor(book, folder))
        if (
            create_missing
        ):  # the same, storing also the customers it made, their keys and search keys
            stored_floors.append(floor(book, folder, ("purchases", *CUSTOMER_TABLES)))
            if round_ == 0:  # and without the search keys: their share of storing (the most rows)
                unsearched = floor(book, folder, ("purchases", *CUSTOMER_TABLES[:-1]))
    start.unlink(missing_ok=True)
    count = _count(book)
    seconds = median([got["seconds"] for got in imports])
    floor_s = median([got["seconds"] for got in floors])
    extra = {}
    if create_missing:
        stored_s = median([got["seconds"] for got in stored_floors])
        extra = {
            "customers": _count(book, "customers"),
            "search_keys": _count(book, "search_keys"),
            "stored_floor_rows": stored_floors[0]["rows"],
            "stored_floor_s": stored_s,
            "stored_floor_runs_s": [got["seconds"] for got in stored_floors],
            "stored_ratio": seconds / stored_s,
            "unsearched_floor_rows": unsearched["rows"],
            "unsearched_floor_s": unsearched["seconds"],
        }
    last = imports[-1]
    return {
        "case": name,
        "rows": count,
        "rounds": rounds,
        "seconds": seconds,
        "runs_s": [got["seconds"] for got in imports],
        "cpu_s": median([got["cpu_s"] for got in imports]),
        "rows_per_s": count / seconds,
        "peak_rss_mb": max(got["peak_rss_mb"] for got in imports),  # the worst of the runs
        "peak_runs_mb": [got["peak_rss_mb"] for got in imports],
        "reader_peak_rss_mb": max(got["reader_peak_rss_mb"] for got in imports),
        "floor_s": floor_s,
        "floor_runs_s": [got["seconds"] for got in floors],
        "floor_rows_per_s": count / floor_s,
        "ratio": seconds / floor_s,
        "printed": last["printed"].strip(),
        **extra,
    }


def _count(book: Path, table: str = "purchases") -> int:
    conn = sqlite3.connect(book)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


# the CSV (new, known customers), the workbook, 收货地址, a customers file
CASES = ("csv", "xlsx", "address", "customers")


def measure(
    rows: int,
    xlsx_rows: int,
    cache: Path,
    seed: int = SEED,
    cases: tuple[str, ...] = CASES,
    customer_rows: int = CUSTOMER_ROWS,
    rounds: int = ROUNDS,
) -> dict:
    results = []
    _compiled()
    with tempfile.TemporaryDirectory(prefix="xiaoben-bench-import-") as temporary:
        folder = Path(temporary)
        if "csv" in cases:
            csv_file = cached_purchases_csv(rows, cache, seed)
            empty = folder / "csv.db"
            name = f"CSV {rows:,} rows, new customers"
            results.append(_case(name, empty, csv_file, True, folder, rounds=rounds))
            known = customers_only(empty, folder / "known.db")
            name = f"CSV {rows:,} rows, known customers"
            results.append(_case(name, known, csv_file, False, folder, rounds=rounds))
        if "xlsx" in cases:
            xlsx_file = cached_purchases_xlsx(xlsx_rows, cache, seed)
            xlsx_book = folder / "xlsx.db"
            name = f"xlsx {xlsx_rows:,} rows, new customers"
            results.append(_case(name, xlsx_book, xlsx_file, True, folder, rounds=rounds))
            results[-1]["sheet_floor_s"] = sheet_floor(xlsx_file)
        if "address" in cases:
            address_file = cached_address_csv(rows, cache, seed)
            # the same bytes read, the place left out: what reading the region costs
            ignored = folder / "ignored.db"
            name = f"CSV {rows:,} rows with 收货地址 left out (--map), new customers"
            results.append(
                _case(
                    name,
                    ignored,
                    address_file,
                    True,
                    folder,
                    "--map",
                    "收货地址=ignore",
                    rounds=rounds,
                )
            )
            shipped = folder / "address.db"
            name = f"CSV {rows:,} rows with 收货地址, new customers (province/city read)"
            results.append(_case(name, shipped, address_file, True, folder, rounds=rounds))
        if "customers" in cases:
            people = cached_customers_csv(customer_rows, cache, seed)
            name = f"customers CSV {customer_rows:,} rows of 8 columns, into an empty book"
            results.append(_customers_case(name, folder / "customers.db", people))
            sheet = cached_customers_xlsx(customer_rows, cache, seed)
            name = f"customers xlsx {customer_rows:,} rows of 8 columns, into an empty book"
            results.append(_customers_case(name, folder / "customers-xlsx.db", sheet))
    return {"as_of": AS_OF.isoformat(), "results": results}


def _customers_case(name: str, book: Path, file: Path) -> dict:
    log(f"  {name} …")
    got = run_import(book, file, False, kind="customers")
    count = _count(book, "customers")
    return {
        "case": name,
        "customers": count,
        "seconds": got["seconds"],
        "cpu_s": got["cpu_s"],
        "rows_per_s": count / got["seconds"],
        "peak_rss_mb": got["peak_rss_mb"],
        "design_peak_mb": DESIGN_PEAK_MB,
        "printed": got["printed"].strip(),
    }


def cached_customers_csv(rows: int, cache: Path, seed: int = SEED) -> Path:
    """A seller's customer sheet of `rows` rows, 8 columns as a workbook of hers has them:
    编号, 姓名, 手机, 微信 (an ID, a nickname or blank), 地址, 生日, 标签, 备注."""
    import csv

    from bench.books import code_of, customer_names, phone_of

    path = cache / f"customers-r{rows}-s{seed}.csv"
    if path.exists():
        return path
    names = customer_names(rows, seed)
    days = ("1985-03-08", "1990-11-23", "3月5日", "", "1979-07-01", "")
    tags = ("", "VIP", "老客户、团购", "", "批发")
    notes = ("", "喜欢红色，周末联系", "朋友介绍，买过三次", "")
    partial = path.with_name(path.name + ".tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "姓名", "手机", "微信", "地址", "生日", "标签", "备注"])
        for k, (name, pinyin, _) in enumerate(names):
            wechat = (f"wxid_{k:09d}", f"{pinyin}_{k % 977}", name, "")[k % 4]
            place = _PLACES[k % len(_PLACES)]
            writer.writerow(
                [
                    code_of(k),
                    name,
                    phone_of(k)[3:],
                    wechat,
                    f"{place}文三路 {k % 997} 号 {k} 室",
                    days[k % len(days)],
                    tags[k % len(tags)],
                    notes[k % len(notes)],
                ]
            )
    partial.replace(path)
    return path


def cached_customers_xlsx(rows: int, cache: Path, seed: int = SEED) -> Path:
    """The customers CSV of `rows` rows as a seller's workbook (openpyxl, write-only), its
    phones number cells as Excel and WPS make of a column of typed numbers, cached."""

    def typed(cells: list[str]) -> list[object]:
        return [*cells[:2], int(cells[2]), *cells[3:]] if cells[2].isdigit() else [*cells]

    return _cached_workbook(cached_customers_csv(rows, cache, seed), "客户", typed)


def _compiled() -> None:
    """The checkout's modules compiled to bytecode, as an installed xiaoben's are: a run
    that compiled them from source (a tree that never wrote its bytecode) paid ~0.3 s more
    than any seller does."""
    import compileall

    for package in ("cli", "models", "store", "tiering"):
        compileall.compile_dir(REPO / package, quiet=1)


def sheet_floor(path: Path) -> float:
    """The workbook's own floor: python-calamine reading the sheet and handing over its rows
    as Python lists (what any import of it pays before a cell is looked at), in seconds."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    with CalamineWorkbook.from_path(path) as workbook:
        sheet = workbook.get_sheet_by_name(workbook.sheet_names[0])
    for _ in sheet.iter_rows():
        pass
    return time.perf_counter() - started


def table(measured: dict) -> str:
    lines = [
        "| import | rows/s (× floor time) | time | peak RSS MB | floor: bare executemany |",
        "|---|---|---|---|---|",
    ]
    if not any("floor_s" in got for got in measured["results"]):
        lines = []  # a customers import alone: said below
    for got in measured["results"]:
        if "floor_s" not in got:  # a customers import: said below
            continue
        lines.append(
            f"| {got['case']} | {got['rows_per_s']:,.0f} ({got['ratio']:.1f}×) |"
            f" {got['seconds']:.1f} s | {_peaks(got)} |"
            f" {got['floor_rows_per_s']:,.0f} rows/s ({got['floor_s']:.1f} s) |"
        )
    for got in measured["results"]:
        if "stored_floor_s" in got:
            lines.append(
                f"\n{got['case']}: the floor storing also the {got['customers']:,} customers it"
                f" created, their keys and search keys ({got['stored_floor_rows']:,} rows in"
                f" all) {got['stored_floor_s']:.1f} s; the import {got['stored_ratio']:.1f}×"
                f" that. Without the {got['search_keys']:,}"
                f" search keys, that floor is {got['unsearched_floor_s']:.1f} s"
                f" ({got['unsearched_floor_s'] / got['floor_s']:.1f}× the purchases' floor)."
            )
    for got in measured["results"]:
        if "sheet_floor_s" in got:
            lines.append(
                f"\n{got['case']}: {got['seconds']:.1f} s end to end; python-calamine reading"
                f" the sheet alone {got['sheet_floor_s']:.2f} s"
                f" ({got['seconds'] / got['sheet_floor_s']:.1f}×)."
            )
    for got in measured["results"]:
        if "design_peak_mb" in got:
            verdict = "within" if got["peak_rss_mb"] <= got["design_peak_mb"] else "above"
            lines.append(
                f"\n{got['case']}: {got['customers']:,} customers in {got['seconds']:.1f} s"
                f" ({got['rows_per_s']:,.0f} rows/s); peak RSS {got['peak_rss_mb']:.0f} MB,"
                f" {verdict} the design's {got['design_peak_mb']} MB."
            )
    by_case = {got["case"]: got for got in measured["results"]}
    left_out = next((got for name, got in by_case.items() if "left out" in name), None)
    read = next((got for name, got in by_case.items() if "province/city read" in name), None)
    if left_out and read:
        lines.append(
            f"\nReading the province/city from 收货地址: {read['cpu_s']:.1f} s of CPU against"
            f" {left_out['cpu_s']:.1f} s with the column left out"
            f" ({read['cpu_s'] / left_out['cpu_s'] - 1:+.1%}); wall"
            f" {read['seconds']:.1f} s against {left_out['seconds']:.1f} s."
        )
    return "\n".join(lines)


def _peaks(got: dict) -> str:
    """The import's peak RSS, and its reading child's (copied on write from it) if any."""
    child = got.get("reader_peak_rss_mb", 0)
    return f"{got['peak_rss_mb']:.0f}" + (f" (reading child {child:.0f})" if child else "")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.import_scale", description=__doc__)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--xlsx-rows", type=int, default=XLSX_ROWS)
    parser.add_argument("--customer-rows", type=int, default=CUSTOMER_ROWS)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--csv-only", action="store_true", help="the two CSV cases alone (as --cases csv)"
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--rounds",
        type=int,
        default=ROUNDS,
        help=f"imports (and floors) of each case, the medians kept (default {ROUNDS})",
    )
    parser.add_argument(
        "--cases",
        default=",".join(CASES),
        help="which imports to run, comma-separated: csv, xlsx, address, customers (default: all)",
    )
    args = parser.parse_args(argv)
    cases = tuple(case.strip() for case in args.cases.split(",") if case.strip())
    if args.csv_only:
        cases = ("csv",)
    unknown = set(cases) - set(CASES)
    if unknown:
        parser.error(f"unknown case {', '.join(sorted(unknown))}: choose from {', '.join(CASES)}")
    measured = measure(
        args.rows,
        args.xlsx_rows,
        args.cache,
        args.seed,
        cases,
        customer_rows=args.customer_rows,
        rounds=args.rounds,
    )
    print(table(measured), flush=True)
    if args.json:
        args.json.write_text(json.dumps(measured, indent=2))


if __name__ == "__main__":
    main()
