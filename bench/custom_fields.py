"""Custom fields at scale: the customer list and search with 10 custom fields filled for
every customer, beside the same book without them, in one run.

    python -m bench.custom_fields [--size 100000] [--quick]

A copy of the cached book is measured as it is (the floor: no custom fields), then given
10 fields — 2 text, 2 numbers, a date, 2 one-choice, one several-choices, 2 yes/no, three
of them shown as list columns — with a value in each for every customer (about 1.1
million value rows), and measured again. Figures, each a ratio to the same figure
without fields: the app's first paint (median of N fresh apps), the list's first 200
rows and count, a search keystroke's rows and count (p95 over ~100 typed names, pinyin,
initials, phone digits), and a save of one customer with its 10 values (p95) against a
save without. With fields only: a search by a field's value (p95) and a filter by a
choice and by a number range (first 200 + count).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import AS_OF, CACHE, SEED
from bench.books import cached_book, working_copy
from bench.listing import _run_app, typed_queries
from bench.measure import log, median, percentile

FULL = {"paints": 9, "queries": 100, "saves": 200}
QUICK = {"paints": 3, "queries": 40, "saves": 60}
SKIN = ["干性", "油性", "混合", "敏感", "中性"]
STREAMS = ["早场", "午场", "晚场", "周末场"]
SCHOOLS = ["实验小学", "第一中学", "外国语学校", "育才小学", "少年宫"]


def _definitions() -> list[Any]:
    from xiaoben.models.fields import FieldDef, FieldKind

    def make(
        kind: FieldKind, zh: str, en: str, options: list[str] | None = None, in_list: bool = False
    ) -> FieldDef:
        return FieldDef(kind=kind, label_zh=zh, label_en=en, options=options or [], in_list=in_list)

    return [  # three of them shown as list columns (read with every page of the list)
        make(FieldKind.TEXT, "孩子学校", "school", in_list=True),
        make(FieldKind.TEXT, "粉丝牌", "fan badge"),
        make(FieldKind.NUMBER, "鞋码", "shoe size", in_list=True),
        make(FieldKind.NUMBER, "年预算", "yearly budget"),
        make(FieldKind.DATE, "入群日", "joined the group"),
        make(FieldKind.CHOICE, "肤质", "skin type", SKIN, in_list=True),
        make(FieldKind.CHOICE, "会员卡", "member card", ["金卡", "银卡", "普通"]),
        make(FieldKind.CHOICES, "直播间", "livestreams", STREAMS),
        make(FieldKind.YES_NO, "已加群", "in the group"),
        make(FieldKind.YES_NO, "要发票", "wants invoices"),
    ]


def _value(kind: str, rng: random.Random, customer_id: int) -> object:
    if kind == "text":
        return f"{rng.choice(SCHOOLS)}{customer_id % 97}"
    if kind == "number":
        return str(rng.randint(34, 45) + rng.choice((0, 0.5)))
    if kind == "date":
        return f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind == "choice":
        return None  # drawn from the field's options below
    if kind == "yes_no":
        return rng.choice(("是", "否"))
    return None


def fill(book: Any, seed: int = SEED) -> list[Any]:
    """Define the 10 fields and give every customer a value in each: the rows Book's writes
    would store (store/fields.py), written in bulk in one transaction."""
    from xiaoben.models.fields import FieldKind, parse_value
    from xiaoben.store import fields as field_sql
    from xiaoben.store.search import normalise_query

    rng = random.Random(seed)
    fields = [book.add_field(definition) for definition in _definitions()]
    ids = [row[0] for row in book.conn.execute("SELECT id FROM customers")]
    value_rows: list[tuple[int, str, int, float | None]] = []
    key_rows: list[tuple[str, int, int]] = []
    for customer_id in ids:
        for field in fields:
            if field.kind is FieldKind.CHOICE:
                raw: object = rng.choice(field.options)
            elif field.kind is FieldKind.CHOICES:
                raw = rng.sample(field.options, rng.randint(1, 2))
            else:
                raw = _value(field.kind.value, rng, customer_id)
            value = parse_value(field, raw)
            assert value is not None  # every customer has a value in each
            for text, number in field_sql.rows_of(field, value):
                value_rows.append((field.id, text, customer_id, number))
                if field.searchable:
                    key_rows.append((normalise_query(text), customer_id, field.id))
    with book.batch():
        book.conn.executemany(
            "INSERT OR IGNORE INTO field_values (field_id, value, customer_id, number)"
            " VALUES (?, ?, ?, ?)",
            value_rows,
        )
        book.conn.executemany(
            "INSERT OR IGNORE INTO field_keys (key, customer_id, field_id) VALUES (?, ?, ?)",
            key_rows,
        )
    return fields


def _p95_ms(samples: list[float]) -> float:
    return percentile(samples, 95) * 1000


def measure_reads(paths: list[Path], queries: list[str]) -> list[dict[str, float]]:
    """For each book: the list's head and count, and a search keystroke's rows + count
    (p95), as the list screen reads them; the books take turns query by query, so a burst
    of load on the machine falls on both."""
    from xiaoben.store.customer_list import ListQuery
    from xiaoben.store.list_reader import PAGE, ListReader

    readers = [ListReader(path) for path in paths]
    searches: list[list[float]] = [[] for _ in paths]
    heads: list[list[float]] = [[] for _ in paths]
    try:
        for reader in readers:
            for text in queries[:10]:
                reader.first(ListQuery(search=text))
        for text in queries:
            query = ListQuery(search=text)
            for k, reader in enumerate(readers):
                started = time.perf_counter()
                if len(reader.first(query)) == PAGE:
                    reader.count(query)
                searches[k].append(time.perf_counter() - started)
        for _ in range(10):
            for k, reader in enumerate(readers):
                started = time.perf_counter()
                reader.first(ListQuery())
                reader.count(ListQuery())
                heads[k].append(time.perf_counter() - started)
    finally:
        for reader in readers:
            reader.close()
    return [
        {"search_p95_ms": _p95_ms(searches[k]), "head_ms": median(heads[k]) * 1000}
        for k in range(len(paths))
    ]


def measure_field_reads(path: Path, fields: list[Any]) -> dict[str, float]:
    """With fields: a search by a field's value (prefixes of choices and text), and the
    filters by a choice and by a number range (first 200 rows + count)."""
    from xiaoben.store.customer_list import FieldFilter, ListQuery
    from xiaoben.store.list_reader import ListReader

    rng = random.Random(SEED)
    typed = [rng.choice(SKIN)[: rng.randint(1, 2)] for _ in range(20)]
    typed += [rng.choice(SCHOOLS)[: rng.randint(2, 4)] for _ in range(20)]
    typed += [rng.choice(STREAMS)[:2] for _ in range(10)]
    skin = next(f for f in fields if f.label_en == "skin type")
    size = next(f for f in fields if f.label_en == "shoe size")
    reader = ListReader(path)
    try:

        def timed(query: ListQuery) -> float:
            started = time.perf_counter()
            reader.first(query)
            reader.count(query)
            return time.perf_counter() - started

        searches = [timed(ListQuery(search=text)) for text in typed]
        choice = [
            timed(ListQuery(fields=(FieldFilter(skin.id, rng.choice(SKIN)),))) for _ in range(10)
        ]
        number = [
            timed(ListQuery(fields=(FieldFilter(size.id, str(rng.randint(38, 42)), ">="),)))
            for _ in range(10)
        ]
    finally:
        reader.close()
    return {
        "field_search_p95_ms": _p95_ms(searches),
        "choice_filter_ms": median(choice) * 1000,
        "number_filter_ms": median(number) * 1000,
    }


def measure_saves(paths: list[Path], count: int, fields: list[Any]) -> list[float]:
    """p95 of saving one customer (an edit) in the app's mode: in the first book the profile
    alone, in the others with its values of `fields` too; the books take turns."""
    from xiaoben.store.book import Book

    rng = random.Random(SEED)
    books = [Book.open(path, today=lambda: AS_OF, background=True) for path in paths]
    samples: list[list[float]] = [[] for _ in paths]
    try:
        for book in books:
            book.settle()
        top = books[0].conn.execute("SELECT max(id) FROM customers").fetchone()[0]
        for k in range(count):
            customer_id = rng.randint(1, top)
            values = {f.id: (rng.choice(f.options) if f.options else None) for f in fields}
            for at, book in enumerate(books):
                customer = book.get_customer(customer_id)
                edited = customer.model_copy(update={"occupation": f"职业{k}"})
                started = time.perf_counter()
                book.save_customer(edited, values if at else None)
                samples[at].append(time.perf_counter() - started)
        for book in books:
            book.settle()
    finally:
        for book in books:
            book.close()
    return [_p95_ms(taken) for taken in samples]


def measure(source: Path, counts: dict[str, int]) -> dict[str, Any]:
    """Two copies of the book, the second given the fields; every figure is taken on both
    in turn, so the floor (the copy without fields) is measured under the same load."""
    import shutil

    from xiaoben.store.book import Book

    os.environ.setdefault("XIAOBEN_CONFIG", str(Path(tempfile.gettempdir()) / "xb-bench.json"))
    with tempfile.TemporaryDirectory(prefix="xiaoben-fields-") as temporary:
        plain = working_copy(source, Path(temporary) / "plain.db")
        with Book.open(plain, today=lambda: AS_OF) as book:  # migrated, settled: untimed
            book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        custom = Path(temporary) / "custom.db"
        shutil.copyfile(plain, custom)
        log("  filling 10 custom fields for every customer …")
        started = time.perf_counter()
        with Book.open(custom, today=lambda: AS_OF) as book:
            fields = fill(book)
            values = book.conn.execute("SELECT count(*) FROM field_values").fetchone()[0]
            book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        fill_s = time.perf_counter() - started
        paths = [plain, custom]
        log("  the list, search and saves, the two books in turn …")
        for path in paths:
            asyncio.run(_run_app(path, browse=False))  # warm-up
        paints: list[list[float]] = [[], []]
        for _ in range(counts["paints"]):
            for k, path in enumerate(paths):
                paints[k].append(asyncio.run(_run_app(path, False))["paint_s"])
        reads = measure_reads(paths, typed_queries(plain, counts["queries"]))
        saves = measure_saves(paths, counts["saves"], fields)
        without, with_fields = (
            {"paint_ms": median(paints[k]) * 1000, **reads[k], "save_p95_ms": saves[k]}
            for k in (0, 1)
        )
        with_fields.update(measure_field_reads(custom, fields))
    ratio = {key: with_fields[key] / without[key] for key in without}
    return {
        "without": without,
        "with": with_fields,
        "ratio": ratio,
        "values": values,
        "fill_s": fill_s,
    }


def table(measured: dict[str, Any], size: int) -> str:
    without, with_fields, ratio = measured["without"], measured["with"], measured["ratio"]

    def line(title: str, key: str) -> str:
        return (
            f"| {title} | {without[key]:.1f} ms | {with_fields[key]:.1f} ms | {ratio[key]:.2f}× |"
        )

    lines = [
        f"| {size:,} customers | no custom fields (floor) | 10 custom fields | × floor |",
        "|---|---|---|---|",
        line("app first paint (median)", "paint_ms"),
        line("list: first 200 rows + count", "head_ms"),
        line("search keystroke: rows + count p95", "search_p95_ms"),
        line("save a customer (edit) p95", "save_p95_ms"),
        *(
            f"| {title} | — | {with_fields[key]:.1f} ms | — |"
            for title, key in (
                ("search by a field's value p95", "field_search_p95_ms"),
                ("filter by a choice (rows + count)", "choice_filter_ms"),
                ("filter by a number range (rows + count)", "number_filter_ms"),
            )
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.custom_fields", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    # Any cached book of that size will do (it is migrated on a copy): building one anew
    # for this schema version takes minutes.
    found = sorted(args.cache.glob(f"book-n{args.size}-s{SEED}-*.db"))
    source = found[-1] if found else cached_book(args.size, args.cache, SEED)[0]
    measured = measure(source, QUICK if args.quick else FULL)
    print(table(measured, args.size))
    print(
        f"\n{measured['values']:,} value rows, written in {measured['fill_s']:.1f} s"
        " (10 fields for every customer, one transaction)."
    )
    if args.json:
        args.json.write_text(json.dumps(measured, indent=2))


if __name__ == "__main__":
    main()
