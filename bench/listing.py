"""The customer list's figures at each book size, with their ratio to the smallest book's.

    python -m bench.listing [--sizes 1000,10000,100000] [--quick]

First paint: from building the app (the book opens) until the table draws its first
customer row, headless (App.run_test); median and best of 15 runs; on a new day (the
book's tiers kept from the day before, the day's pass running behind the list), median
of 5, each run a day later than the last. End, pressed first:
from the key until the last page's top row is drawn. Page-down: the same for each of
forty presses from the top (crossing the 200-row pages), in three runs of the app (120
presses), each once the app's start-up work has run. The sizes take turns, run after
run, so the machine's load falls on each alike. Search keystroke: the store's
work for a typed prefix before its rows show (and with the count), over ~100 queries a
seller types: 1–2 characters of a name, 1–3 letters of pinyin or initials, the first
digits of a phone's last four. Targets (DESIGN.md): paint and page-down at 100k ≤ 1.5 ×
1k; search keystroke ≤ 50 ms p95 at 100k.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import AS_OF, CACHE, SEED
from bench.books import working_copy
from bench.measure import log, median, spread, workers_done
from xiaoben.store.driver import sqlite3

SIZE = (100, 30)  # terminal columns × rows
PAGE_DOWNS = 40
FULL = {"paints": 15, "new_day_paints": 5, "queries": 100, "browses": 3}
QUICK = {"paints": 5, "new_day_paints": 2, "queries": 40, "browses": 1}
PAINT_TARGET = 1.5  # × the smallest book
SEARCH_P95_TARGET_MS = 50.0


# ---- the app: first paint, page-down, end ------------------------------------------


def _table(app: Any) -> Any:
    from xiaoben.tui.widgets.customer_table import CustomerTable

    found = app.screen.query(CustomerTable)
    return found.first() if found else None


def _shown(table: Any) -> bool:
    """Every row in view has arrived (none drawn as a placeholder)."""
    if not table.loaded:
        return False
    top = round(table.scroll_y)
    last = min(top + table.rows_visible, table.row_count)
    return all(table.row_at(row) is not None for row in range(top, last))


async def _until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the customer list did not show its rows")
        await asyncio.sleep(0.0005)


@contextmanager
def _rows_drawn() -> Iterator[list[tuple[int, float]]]:
    """Record (row, when) each time the table draws a customer's row (not a placeholder)."""
    from xiaoben.tui.widgets.customer_table import CustomerTable

    drawn: list[tuple[int, float]] = []
    original = CustomerTable._row

    def row(table: Any, index: int, width: int) -> Any:
        if table.row_at(index) is not None:
            drawn.append((index, time.perf_counter()))
        return original(table, index, width)

    CustomerTable._row = row  # type: ignore[method-assign]  # a probe for this run only
    try:
        yield drawn
    finally:
        CustomerTable._row = original  # type: ignore[method-assign]


def _drawn_since(drawn: list[tuple[int, float]], row: int, since: float) -> float | None:
    return next((when for index, when in drawn if index == row and when > since), None)


async def _run_app(path: Path, browse: bool, day: date = AS_OF) -> dict[str, Any]:
    """One app run on `day`: seconds to first paint; with browse, page-downs and End too."""
    from xiaoben.tui.app import make_app
    from xiaoben.tui.settings import Settings

    with _rows_drawn() as drawn:
        started = time.perf_counter()
        app = make_app(path, today=lambda: day, settings=Settings(language="zh"))
        return await _measure_app(app, started, drawn, browse)


async def _measure_app(
    app: Any, started: float, drawn: list[tuple[int, float]], browse: bool
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    try:
        async with app.run_test(size=SIZE) as pilot:
            await _until(lambda: bool(drawn))
            result["paint_s"] = drawn[0][1] - started
            if browse:
                await _start_up_done(app, pilot, painted=drawn[0][1])
                table = _table(app)
                result["end_s"] = await _key_to_rows(pilot, table, drawn, "end")
                await _key_to_rows(pilot, table, drawn, "home")
                gc.collect()  # the start-up's garbage is not collected inside a press
                samples = []
                for _ in range(PAGE_DOWNS):
                    samples.append(await _key_to_rows(pilot, table, drawn, "pagedown"))
                result["page_down_s"] = samples
    finally:
        app.book.close()
    return result


async def _start_up_done(app: Any, pilot: Any, painted: float) -> None:
    """Until the app's start-up work has run: its tiering pass, the list's order and its
    refresh after that pass, and on a book of WARM_OVERVIEW_CUSTOMERS or more, the overview
    it works out WARM_OVERVIEW_AFTER seconds after its first screen. That thread (~0.4 s
    at 100k on a quiet machine, holding the interpreter for much of it) started while the
    page-downs of the bigger books were being timed and never beside the 1,000 book's."""
    from xiaoben.tui.app import WARM_OVERVIEW_AFTER

    await asyncio.to_thread(app.book.settle)  # the start-up tiering pass
    for _ in range(2):  # the list's order, and its refresh after that pass
        await pilot.pause(0.2)
        await workers_done(app)
    warmed = painted + WARM_OVERVIEW_AFTER + 0.2  # the app mounted before its first paint
    await pilot.pause(max(warmed - time.perf_counter(), 0.0))
    await workers_done(app)  # the overview's worker, started by then
    await asyncio.to_thread(app.book.settle)
    await pilot.pause()


async def _key_to_rows(pilot: Any, table: Any, drawn: list[tuple[int, float]], key: str) -> float:
    """Seconds from a key until the row it brings to the top of the view is drawn."""
    drawn.clear()
    pressed = time.perf_counter()
    await pilot.press(key)
    await _until(lambda: _shown(table))
    top = round(table.scroll_y)
    await _until(lambda: _drawn_since(drawn, top, pressed) is not None)
    return (_drawn_since(drawn, top, pressed) or pressed) - pressed


# ---- the store: a keystroke's queries -----------------------------------------------


def typed_queries(path: Path, count: int, seed: int = SEED) -> list[str]:
    """What sellers type to find someone, drawn from the book's own customers."""
    rng = random.Random(seed)
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        top = conn.execute("SELECT max(id) FROM customers").fetchone()[0]
        rows = []
        while len(rows) < count:
            row = conn.execute(
                "SELECT name, name_pinyin, name_initials, phones FROM customers WHERE id >= ?"
                " ORDER BY id LIMIT 1",
                (rng.randint(1, top),),
            ).fetchone()
            rows.append(row)
    finally:
        conn.close()
    queries = []
    for k, (name, pinyin, initials, phones) in enumerate(rows):
        kind = k % 4
        if kind == 0:
            queries.append(name[: rng.randint(1, 2)])
        elif kind == 1:
            queries.append(pinyin[: rng.randint(1, 3)])
        elif kind == 2:
            queries.append(initials[: rng.randint(1, 3)])
        else:
            tail = json.loads(phones)[0][-4:]
            queries.append(tail[: rng.randint(2, 4)])
    return queries


def measure_search(path: Path, queries: list[str]) -> dict[str, Any]:
    """Per query: the first rows (what the seller sees change), then with the count."""
    from xiaoben.store.customer_list import ListQuery
    from xiaoben.store.list_reader import PAGE, ListReader

    reader = ListReader(path)
    try:
        for text in queries[:10]:  # warm the page cache as a running app would be
            reader.first(ListQuery(search=text))
        rows, with_count = [], []
        for text in queries:
            query = ListQuery(search=text)
            started = time.perf_counter()
            head = reader.first(query)
            shown = time.perf_counter()
            if len(head) == PAGE:
                reader.count(query)
            counted = time.perf_counter()
            rows.append(shown - started)
            with_count.append(counted - started)
        started = time.perf_counter()
        reader.first(ListQuery())
        head_s = time.perf_counter() - started
        started = time.perf_counter()
        reader.ordered_ids(ListQuery())
        order_s = time.perf_counter() - started
    finally:
        reader.close()
    return {
        "search_rows": spread(rows),
        "search_with_count": spread(with_count),
        "head_ms": head_s * 1000,
        "order_ms": order_s * 1000,
        **measure_follow_ups(path),
    }


def measure_follow_ups(path: Path) -> dict[str, float]:
    """The next follow-up column: the plan computed once per change (in the background, after
    the first rows are drawn), then a sort by it (the first page and the whole order, its
    temporary table filled on the first) and the "this week" filter (first page and count).
    The book is opened as the app opens it, on the bench's day."""
    from xiaoben.store.book import Book
    from xiaoben.store.customer_list import ListQuery
    from xiaoben.store.list_reader import ListReader

    book = Book.open(path, today=lambda: AS_OF)
    reader = ListReader(path, plan=book)
    try:
        started = time.perf_counter()
        book.next_planned()
        plan_s = time.perf_counter() - started
        by_follow_up = ListQuery(sort="follow_up", descending=False)
        started = time.perf_counter()
        reader.first(by_follow_up)
        sort_first_s = time.perf_counter() - started
        started = time.perf_counter()
        reader.first(by_follow_up)
        sort_again_s = time.perf_counter() - started
        started = time.perf_counter()
        reader.ordered_ids(by_follow_up)
        sort_order_s = time.perf_counter() - started
        this_week = ListQuery(follow_up_within=6)
        started = time.perf_counter()
        reader.first(this_week)
        reader.count(this_week)
        week_s = time.perf_counter() - started
    finally:
        reader.close()
        book.close()
    return {
        "plan_ms": plan_s * 1000,
        "follow_up_sort_first_ms": sort_first_s * 1000,
        "follow_up_sort_ms": sort_again_s * 1000,
        "follow_up_order_ms": sort_order_s * 1000,
        "this_week_ms": week_s * 1000,
    }


# ---- one size, every size ------------------------------------------------------------


def measure_app(paths: dict[int, Path], counts: dict[str, int]) -> dict[int, dict[str, Any]]:
    """First paint, page-down and End at every size, the sizes taken in turn round after
    round (paint runs, browse runs, then new-day paints): a change in the machine's load
    falls on every size alike instead of on whichever was being measured."""
    for path in paths.values():
        asyncio.run(_run_app(path, browse=False))  # warm-up: imports, the file in the OS cache
    paints: dict[int, list[float]] = {size: [] for size in paths}
    for _ in range(counts["paints"]):
        for size, path in paths.items():
            paints[size].append(asyncio.run(_run_app(path, False))["paint_s"])
    browses: dict[int, list[dict[str, Any]]] = {size: [] for size in paths}
    for _ in range(counts["browses"]):
        for size, path in paths.items():
            browses[size].append(asyncio.run(_run_app(path, browse=True)))
    # Last: each leaves its book's tiers a day on (what follows opens it on AS_OF again).
    new_day: dict[int, list[float]] = {size: [] for size in paths}
    for later in range(1, counts["new_day_paints"] + 1):  # each run the book's next day
        for size, path in paths.items():
            run = _run_app(path, False, AS_OF + timedelta(days=later))
            new_day[size].append(asyncio.run(run)["paint_s"])
    return {
        size: {
            "paint_ms": median(paints[size]) * 1000,
            "paint_best_ms": min(paints[size]) * 1000,
            "paint_new_day_ms": median(new_day[size]) * 1000,
            "page_down": spread([s for run in browses[size] for s in run["page_down_s"]]),
            "page_down_p50_per_run_ms": [
                median(run["page_down_s"]) * 1000 for run in browses[size]
            ],
            "end_ms": median([run["end_s"] for run in browses[size]]) * 1000,
        }
        for size in paths
    }


def measure_listing(
    book_path: Callable[[int], Path], sizes: list[int], quick: bool = False
) -> dict[str, Any]:
    """Figures per size; `book_path(size)` gives a closed, checkpointed book of that size.

    The books are copied first (the app writes its session row). Ratios are to sizes[0].
    """
    counts = QUICK if quick else FULL
    os.environ.setdefault("XIAOBEN_CONFIG", str(Path(tempfile.gettempdir()) / "xb-bench.json"))
    with tempfile.TemporaryDirectory(prefix="xiaoben-list-") as temporary:
        paths = {
            size: working_copy(book_path(size), Path(temporary) / f"list-{size}.db")
            for size in sizes
        }
        log(f"  customer list, the app at {', '.join(f'{n:,}' for n in sizes)} customers in turn …")
        results = measure_app(paths, counts)
        for size, path in paths.items():
            log(f"  customer list, search at {size:,} customers …")
            results[size].update(measure_search(path, typed_queries(path, counts["queries"])))
    base = results[sizes[0]]
    for figures in results.values():
        figures["ratio"] = {
            "paint": figures["paint_ms"] / base["paint_ms"],
            "paint_best": figures["paint_best_ms"] / base["paint_best_ms"],
            "paint_new_day": figures["paint_new_day_ms"] / base["paint_new_day_ms"],
            "page_down_p50": figures["page_down"]["p50_ms"] / base["page_down"]["p50_ms"],
            "page_down_p95": figures["page_down"]["p95_ms"] / base["page_down"]["p95_ms"],
            "end": figures["end_ms"] / base["end_ms"],
            "search_p95": figures["search_with_count"]["p95_ms"]
            / base["search_with_count"]["p95_ms"],
        }
    return {"sizes": sizes, "quick": quick, "results": results}


# ---- printing ------------------------------------------------------------------------


def _cell(ms: float, ratio: float | None) -> str:
    value = f"{ms:.1f} ms" if ms < 1000 else f"{ms / 1000:.2f} s"
    return value if ratio is None else f"{value} ({ratio:.2f}×)"


def table(measured: dict[str, Any]) -> str:
    """Rows: figures; columns: sizes; each cell its time and ratio to the smallest book."""
    sizes = measured["sizes"]
    results = measured["results"]

    def line(title: str, pick: Callable[[dict[str, Any]], tuple[float, float | None]]) -> str:
        return "| " + " | ".join([title, *(_cell(*pick(results[n])) for n in sizes)]) + " |"

    lines = [
        "| customer list | " + " | ".join(f"{n:,} customers" for n in sizes) + " |",
        "|---" * (len(sizes) + 1) + "|",
        line("first paint (median)", lambda r: (r["paint_ms"], r["ratio"]["paint"])),
        line("first paint (best)", lambda r: (r["paint_best_ms"], r["ratio"]["paint_best"])),
        line(
            "first paint, a new day (median)",
            lambda r: (r["paint_new_day_ms"], r["ratio"]["paint_new_day"]),
        ),
        line(
            "page-down p50",
            lambda r: (r["page_down"]["p50_ms"], r["ratio"]["page_down_p50"]),
        ),
        "| page-down p50, each run | "
        + " | ".join(
            " / ".join(f"{ms:.1f}" for ms in results[n]["page_down_p50_per_run_ms"]) + " ms"
            for n in sizes
        )
        + " |",
        line(
            "page-down p95",
            lambda r: (r["page_down"]["p95_ms"], r["ratio"]["page_down_p95"]),
        ),
        line("End (last row)", lambda r: (r["end_ms"], r["ratio"]["end"])),
        line("search keystroke: rows p50", lambda r: (r["search_rows"]["p50_ms"], None)),
        line("search keystroke: rows p95", lambda r: (r["search_rows"]["p95_ms"], None)),
        line(
            "search keystroke: rows + count p95",
            lambda r: (r["search_with_count"]["p95_ms"], r["ratio"]["search_p95"]),
        ),
        line("store: first 200 rows", lambda r: (r["head_ms"], None)),
        line("store: whole order (background)", lambda r: (r["order_ms"], None)),
        line(
            "next follow-up: the plan (background, once a change)", lambda r: (r["plan_ms"], None)
        ),
        line(
            "next follow-up: sort, first 200 (first time)",
            lambda r: (r["follow_up_sort_first_ms"], None),
        ),
        line("next follow-up: sort, first 200", lambda r: (r["follow_up_sort_ms"], None)),
        line("next follow-up: sort, whole order", lambda r: (r["follow_up_order_ms"], None)),
        line("next follow-up: this week (rows + count)", lambda r: (r["this_week_ms"], None)),
    ]
    return "\n".join(lines)


def verdict(measured: dict[str, Any]) -> str:
    largest = measured["results"][measured["sizes"][-1]]
    checks = [
        ("paint", largest["ratio"]["paint"] <= PAINT_TARGET),
        ("page-down p50", largest["ratio"]["page_down_p50"] <= PAINT_TARGET),
        ("search p95", largest["search_with_count"]["p95_ms"] <= SEARCH_P95_TARGET_MS),
    ]
    missed = [name for name, ok in checks if not ok]
    return (
        f"Targets at {measured['sizes'][-1]:,}: paint and page-down ≤ {PAINT_TARGET}× the"
        f" {measured['sizes'][0]:,} book; search keystroke p95 ≤ {SEARCH_P95_TARGET_MS:.0f} ms. "
        + ("All met." if not missed else "Missed: " + ", ".join(missed) + ".")
    )


def main(argv: list[str] | None = None) -> None:
    from bench.__main__ import _sizes
    from bench.books import cached_book

    parser = argparse.ArgumentParser(prog="python -m bench.listing", description=__doc__)
    parser.add_argument("--sizes", type=_sizes, default=[1_000, 10_000, 100_000])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)

    def book(size: int) -> Path:
        return cached_book(size, args.cache, args.seed)[0]

    measured = measure_listing(book, args.sizes, args.quick)
    print(table(measured))
    print()
    print(verdict(measured))
    if args.json:
        args.json.write_text(json.dumps(measured, indent=2))


if __name__ == "__main__":
    main()
