"""Small helpers the store and CLI tests share: the fixed day, reading rows, CSV files.

Reading stats and tiers with plain SQL is deliberate: the tests check what the book
file holds, not what the Book object believes.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from xiaoben.models.customer import Customer
from xiaoben.models.purchase import Purchase
from xiaoben.store.driver import sqlite3

TODAY = date(2026, 11, 23)
REPO = Path(__file__).resolve().parent.parent
SCRIPTS = Path(__file__).resolve().parent / "scripts"

# The lenses compared between the tiers table and a fresh compute.
LENS_COLUMNS = ("value_tier", "r", "f", "m", "rfm_segment", "rfm8", "stage", "role", "quadrant")


def fixed_clock() -> date:
    return TODAY


def customer(book: Any, name: str, **fields: Any) -> Customer:
    """Save a new customer and return it as stored."""
    saved: Customer = book.save_customer(Customer(name=name, **fields))
    return saved


def buy(
    book: Any, who: Customer | int, amount: str | int, day: date | str = TODAY, **fields: Any
) -> Purchase:
    """Record a purchase for a customer and return it as stored."""
    customer_id = who if isinstance(who, int) else who.id
    assert customer_id is not None
    saved: Purchase = book.add_purchase(
        Purchase(customer_id=customer_id, date=day, amount=Decimal(str(amount)), **fields)
    )
    return saved


def row(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
    cursor = conn.execute(sql, params)
    found = cursor.fetchone()
    if found is None:
        return None
    return dict(zip([d[0] for d in cursor.description], found, strict=True))


def stats_of(book: Any, customer_id: int | None) -> dict[str, Any]:
    found = row(book.conn, "SELECT * FROM stats WHERE customer_id = ?", (customer_id,))
    assert found is not None, f"no stats row for customer {customer_id}"
    return found


def tiers_of(book: Any, customer_id: int | None) -> dict[str, Any] | None:
    return row(book.conn, "SELECT * FROM tiers WHERE customer_id = ?", (customer_id,))


def count(conn: sqlite3.Connection, table: str, where: str = "", params: Sequence[Any] = ()) -> int:
    sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
    return int(conn.execute(sql, params).fetchone()[0])


def stored_lenses(conn: sqlite3.Connection) -> dict[int, tuple[Any, ...]]:
    """customer id -> the lens columns and score as the tiers table holds them."""
    columns = ", ".join(LENS_COLUMNS)
    return {
        customer_id: (*rest[:-1], round(rest[-1], 6))
        for customer_id, *rest in conn.execute(
            f"SELECT customer_id, {columns}, score FROM tiers ORDER BY customer_id"
        )
    }


def fresh_lenses(conn: sqlite3.Connection, rules: Any, as_of: date) -> dict[int, tuple[Any, ...]]:
    """The same columns from a fresh compute over the book's figures (nothing cached)."""
    from xiaoben.store.criteria import criterion_fields
    from xiaoben.store.stats import load_frame
    from xiaoben.tiering.compute import compute
    from xiaoben.tiering.frame import (
        QUADRANTS,
        RFM8_CLASSES,
        RFM_SEGMENTS,
        ROLES,
        STAGES,
        VALUE_TIERS,
    )

    frame = load_frame(conn, as_of, criterion_fields(conn, rules))
    tiers = compute(frame, rules, as_of)
    labels = {
        "value_tier": VALUE_TIERS,
        "rfm_segment": RFM_SEGMENTS,
        "rfm8": RFM8_CLASSES,
        "stage": STAGES,
        "role": ROLES,
        "quadrant": QUADRANTS,
    }
    out: dict[int, tuple[Any, ...]] = {}
    for k, customer_id in enumerate(tiers.customer_id.tolist()):
        buyer = int(frame.orders[k]) > 0
        values: list[Any] = []
        for name in LENS_COLUMNS:
            code = int(getattr(tiers, name)[k])
            if name in labels:
                values.append(labels[name][code].value if code >= 0 else None)
            else:
                values.append(code if buyer else None)
        values.append(round(float(tiers.score[k]), 6))
        out[customer_id] = tuple(values)
    return out


def assert_tiers_current(book: Any) -> None:
    """Every active customer's stored tiers are what a fresh compute gives today."""
    stored = stored_lenses(book.conn)
    fresh = fresh_lenses(book.conn, book.rules(), book.today())
    assert stored.keys() == fresh.keys()
    differing = {i: (stored[i], fresh[i]) for i in fresh if stored[i] != fresh[i]}
    assert not differing, f"stored vs fresh tiers differ: {differing}"


def table_of(path: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows `sql` reads from the book at `path`, through a connection of its own."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def write_csv(path: Path, lines: Sequence[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def import_purchases_csv(book: Any, path: Path, **options: Any) -> Any:
    """Read, parse and import a purchases CSV the way `xiaoben import purchases` does."""
    from xiaoben.store.importing.csv_table import read_table
    from xiaoben.store.importing.purchase_rows import parse_purchases
    from xiaoben.store.imports import import_purchases

    rows, errors = parse_purchases(read_table(path))
    return import_purchases(book, rows, errors, **options)


def dump(path: Path) -> list[str]:
    """Every schema object and row of a book, as text (through a separate connection).

    Written out here because the driver (pysqlite3) has no `Connection.iterdump`.
    """
    conn = sqlite3.connect(path)
    try:
        objects = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        lines = []
        for kind, name, sql in objects.fetchall():
            lines.append(f"{kind} {name}: {sql}")
            if kind == "table" and name != "sessions":
                rows = conn.execute(f'SELECT * FROM "{name}"').fetchall()
                lines.extend(sorted(f"{name}: {row!r}" for row in rows))
        return lines
    finally:
        conn.close()


# A child process's data folder (automatic backups go there): never the user's own.
CHILD_DATA = Path(tempfile.mkdtemp(prefix="xiaoben-test-data-"))
atexit.register(shutil.rmtree, CHILD_DATA, True)


def python_env() -> dict[str, str]:
    """Environment for a child Python that imports this checkout (its data folder, where
    a writing command makes its automatic backup, a temporary one)."""
    env = dict(os.environ)
    env["XDG_DATA_HOME"] = str(CHILD_DATA)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_python(code: str, *args: object, timeout: float | None = None) -> str:
    """`code` run by a fresh child Python that imports this checkout, with `args` as its
    sys.argv[1:]: what it printed (it must end well, within `timeout` seconds if given; its
    stderr is the failure's message)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=REPO,
        env=python_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def start_script(name: str, *args: Any, **popen: Any) -> subprocess.Popen[str]:
    """Start tests/scripts/<name> in a child Python, stdout piped as text."""
    return subprocess.Popen(
        [sys.executable, str(SCRIPTS / name), *map(str, args)],
        cwd=REPO,
        env=python_env(),
        stdout=subprocess.PIPE,
        text=True,
        **popen,
    )


def mark_of(path: Path) -> str:
    """The book's mark, as its exports write it after a #id (store/book_refs.py)."""
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT value FROM meta WHERE key = 'book_mark'").fetchone()[0])
    finally:
        conn.close()


def small_streams(monkeypatch: Any) -> None:
    """Files streamed from 1,000 bytes on, read 512 bytes and split 300 characters at a time,
    7 rows a batch, the messages in English: a large file's paths on a small one."""
    from xiaoben.store.importing import csv_table, decoding

    monkeypatch.setattr(decoding, "STREAM_FROM", 1_000)
    monkeypatch.setattr(decoding, "_BLOCK", 512)
    monkeypatch.setattr(csv_table, "_BLOCK_CHARS", 300)
    monkeypatch.setattr(csv_table, "BATCH_ROWS", 7)
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


class FullDisk:
    """A book's connection whose COMMITs fail as on a full disk (SQLITE_FULL), the write's
    rows left in its open transaction as SQLite may leave them: `book.conn = FullDisk(
    book.conn)`; `full = False` frees the space."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.full = True
        self.refused = 0  # COMMITs refused so far

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if self.full and sql.strip().upper() == "COMMIT":
            self.refused += 1
            raise sqlite3.OperationalError("database or disk is full")
        return self.conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


# The ways an import's file is read: in one batch, a row a batch, or streamed and read by a
# child process on another core, its rows sent as columns (store/reader_child.py), as a
# large file is. A test of the import's rules runs each way: they must agree.
READ_WAYS = ("one batch", "a row a batch", "read apart")


def read_as(monkeypatch: Any, how: str) -> None:
    """Make the imports of this test read their file `how` (READ_WAYS)."""
    from xiaoben.store.importing import csv_table

    if how != "one batch":
        monkeypatch.setattr(csv_table, "BATCH_ROWS", 1)
    if how == "read apart":
        read_apart(monkeypatch)


def read_apart(monkeypatch: Any) -> None:
    """Make the imports of this test stream their file and read it in a child process, as
    a large file is, whatever its size."""
    from xiaoben.store import reader_child
    from xiaoben.store.importing import decoding

    monkeypatch.setattr(decoding, "STREAM_FROM", 0)
    monkeypatch.setattr(reader_child, "CHILD_MIN_BYTES", 0)
