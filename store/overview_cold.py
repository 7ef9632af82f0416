"""The overview `xiaoben report` prints, computed the first run after a change from what the
book keeps, with the driver and numpy alone: no Book, pydantic, sqlite-utils or lenses.

It holds when the stored tiers are a full pass of today with nothing changed since
(store/kept_tiers.py exact_day, which also checks the schema the record was written at),
the day asked is today and the book needs no rebuild. Opening the Book would then change
nothing the overview reads (it brings the tiers to today only when they are of another
day), and its overview reads these very rows with these very functions (store/overview.py
with the stored tiers, store/overview_forecast.py). Otherwise `made` gives None and the
caller opens the book. An encrypted book is never read here (store/meta_peek.py).

Like the Book's, the overview made is kept (store/overview_kept.py) unless the book changed
while it was computed: a token written first, the figures added only if it is still there.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from xiaoben.store import overview_kept, overview_reads, tiers_record
from xiaoben.store.driver import errors, sqlite3
from xiaoben.store.meta_peek import connect, in_one_state

if TYPE_CHECKING:  # the figures' models and sums load once the reads have started
    from xiaoben.models.overview import Month
    from xiaoben.store.overview import PeriodRevenue
    from xiaoben.store.overview_forecast import ForecastPart

# Rules().a_cut_percent and b_cut_percent, for a book whose rules were never changed
# (a test compares them with the model's defaults).
DEFAULT_CUTS = (80.0, 95.0)
T = TypeVar("T")


class _InTurn:
    """Reads made one after another on a thread and a connection of their own, started at
    once, each result awaited on its own (a thread, not a pool: concurrent.futures loads
    logging before the reads could start; one connection, not one a read: each parses
    the book's schema again)."""

    def __init__(self, path: Path, *reads: Callable[[sqlite3.Connection], Any]) -> None:
        self._path = path
        self._reads = reads
        self._done = [threading.Event() for _ in reads]
        self._values: list[Any] = [None] * len(reads)
        self._errors: list[BaseException | None] = [None] * len(reads)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn: sqlite3.Connection | None = None
        try:
            for k, read in enumerate(self._reads):
                try:
                    if conn is None:
                        conn = connect(self._path)
                    self._values[k] = read(conn)
                except BaseException as error:  # raised again on the thread that waits
                    self._errors[k] = error
                finally:
                    self._done[k].set()
        finally:
            if conn is not None:
                conn.close()

    def result(self, k: int = 0) -> Any:
        self._done[k].wait()
        error = self._errors[k]
        if error is not None:
            raise error
        return self._values[k]

    def join(self) -> None:
        self._thread.join()


class Cuts(NamedTuple):  # not a dataclass: dataclasses loads inspect before the reads start
    a_cut_percent: float
    b_cut_percent: float


def rules_read(text: str | None) -> tuple[Cuts, dict[str, str]]:
    """The Pareto cuts and the seller's non-blank tier names of the rules kept as JSON
    (Rules.model_dump_json writes each Decimal as its text: float() reads it exactly as
    float(Decimal) does)."""
    found: dict[str, Any] = json.loads(text) if text else {}
    a_cut, b_cut = DEFAULT_CUTS
    cuts = Cuts(float(found.get("a_cut_percent", a_cut)), float(found.get("b_cut_percent", b_cut)))
    names = {tier: name for tier, name in found.get("tier_names", {}).items() if name}
    return cuts, names


def made(
    path: Path, today: date, period: int | None, beside: Callable[[], object] | None = None
) -> overview_kept.KeptOverview | None:
    """The overview of today for `period` (days; None all time) as the Book would make it
    ({"figures", "tier_names"}, store/overview_kept.py's shape), kept for the next run;
    None when it cannot be made this way (see the module's note). `beside`: what the
    caller loads while the reads run (called once they have started, if they do)."""
    ready = in_one_state(path, lambda conn: _ready(conn, today))
    if ready is None or ready[0] is None:
        return None  # nothing written: the Book will make and keep it
    schema = ready[0]
    book = overview_kept.book_key(today.isoformat())
    token = _write(path, lambda conn: overview_kept.start(conn, book))
    found = in_one_state(path, lambda conn: _compute(conn, path, today, period, schema, beside))
    if found is None or found[0] is None:
        return None
    kept, other_writers = found[0], found[1]
    if token is not None:
        terms = overview_kept.terms_key(today.isoformat(), period)
        _write(path, lambda conn: overview_kept.keep(conn, token, book, terms, kept))
    return overview_kept.KeptOverview(kept, other_writers)


def _ready(conn: sqlite3.Connection, as_of: date) -> int | None:
    """The book's schema if its stored tiers are a full pass of `as_of` with nothing
    changed since (and the book needs no rebuild: exact_day says so), else None."""
    day = as_of.isoformat()
    tiers_day = conn.execute("SELECT value FROM meta WHERE key = 'tiers_as_of'").fetchone()
    if tiers_record.exact_day(conn) != day or tiers_day != (day,):
        return None
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _write(path: Path, write: Callable[[sqlite3.Connection], T]) -> T | None:
    """`write(conn)` in a write transaction begun at once, or None (another process is
    writing, the file cannot be written): keeping is never worth a wait."""
    try:
        conn = connect(path)
    except errors.Error:
        return None
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        # A kept overview lost to a power cut is made again: no sync of the log for it.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = write(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result
    except errors.Error:
        return None
    finally:
        conn.close()


def _compute(
    conn: sqlite3.Connection,
    path: Path,
    as_of: date,
    period: int | None,
    schema: int,
    beside: Callable[[], object] | None = None,
) -> dict[str, Any] | None:
    """The overview from one state of the book on `conn` (products, months and the
    forecast read beside it on a second connection, as the Book's passes are); None when
    the stored tiers are not a full pass of `as_of`."""
    if _ready(conn, as_of) != schema:  # the book changed since it was found ready
        return None
    rules = conn.execute("SELECT value FROM meta WHERE key = 'rules'").fetchone()
    cuts, tier_names = rules_read(rules[0] if rules else None)
    periods = (period,)
    # Every read starts before numpy loads (SQLite reads without the interpreter's lock,
    # numpy's import holds it), and before the figures' own modules and the caller's
    # (`beside`) load, each on a connection of its own: beside, the sums SQL makes alone
    # (and a period's pass over its purchases); in turn, the per-customer rows as joined
    # strings in the order they are decoded, so the first is ready when numpy is (four
    # reads sharing a core finished together, late).
    side = _InTurn(path, partial(_side, as_of, periods))
    started = [side]
    try:
        revenue = None
        if period is not None:
            revenue_read = _InTurn(path, partial(_revenue, as_of, periods))
            started.append(revenue_read)
            revenue = revenue_read.result
        # (their created days only for a period of days: all time counts every customer)
        rows = _InTurn(
            path,
            partial(overview_reads.customer_texts, created=period is not None),
            overview_reads.stats_text,
            overview_reads.tier_texts,
        )
        started.append(rows)
        if beside is not None:
            beside()
        from xiaoben.store import overview as overview_sql
        from xiaoben.store import overview_sums
        from xiaoben.store.overview_forecast import counted_last_days, forecast_of
        from xiaoben.store.tierstore import load_tiers

        people = overview_sql.load_customers(
            conn,
            as_of,
            None,
            periods,
            lambda: load_tiers(conn, points=False, compared=rows.result(2)),
            revenue=revenue,
            stats=lambda: overview_sql.stats_rows(conn, rows.result(1)),
            texts=lambda: rows.result(0),
        )
        per_customer = overview_sql.figures_of(people, as_of, cuts, overview_sums.TOP_N, periods)
        products, months, expected = side.result()
    finally:
        for thread in started:
            thread.join()
    from dataclasses import replace  # loaded by the figures' models by now

    forecast = forecast_of(expected, counted_last_days(per_customer))
    figures = overview_sums.assemble(
        as_of,
        len(people.customer_id),
        per_customer,
        products,
        overview_sql.with_new_customers(months, people, as_of),
        periods,
    )
    figures = replace(figures, forecast=forecast)
    return {"figures": figures.as_dict(), "tier_names": tier_names}


def _side(
    as_of: date, periods: tuple[int | None, ...], conn: sqlite3.Connection
) -> tuple[Any, tuple[Month, ...], ForecastPart]:
    """Products, months and the forecast's reads (its last 90 days too, unless the period
    counts them), in one transaction."""
    from xiaoben.models.overview import EXPECTED_DAYS
    from xiaoben.store import overview_sums
    from xiaoben.store.overview_forecast import forecast_part

    conn.execute("BEGIN")
    try:
        products, months = overview_sums.sums_part(conn, as_of, periods)
        return products, months, forecast_part(conn, as_of, EXPECTED_DAYS not in periods)
    finally:
        conn.execute("COMMIT")


def _revenue(
    as_of: date, periods: tuple[int | None, ...], conn: sqlite3.Connection
) -> PeriodRevenue:
    from xiaoben.store.overview import revenue_part

    return revenue_part(conn, as_of, periods)
