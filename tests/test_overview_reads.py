"""The overview's per-customer reads (store/overview_reads.py): the province and source
codes SQL numbers name each active customer's own text (a blank one UNKNOWN), archived
customers left out, and a text holding the separator read row by row; by a CASE of the
few texts or a look-up among many alike; rows joined in the scan's order read by id
whatever the order they come in; the kept stats rows, and each purchaser's revenue, read
a range of ids at a time.
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from tests.book_helpers import TODAY, buy, customer, fixed_clock
from xiaoben.models.overview import PERIODS, UNKNOWN
from xiaoben.store import overview_reads, stats_row, tierstore
from xiaoben.store.book import Book
from xiaoben.store.int_columns import by_id, decode_rows, id_order
from xiaoben.store.overview import (
    _customer_rows,
    _narrow,
    load_customers,
    revenue_part,
    stats_rows,
)
from xiaoben.tiering.frame import NO_DAY

PROVINCES = ["浙江", "", "江苏", "", "浙江", "广东", ""]


def _named(book: Book) -> dict[str, dict[int, str]]:
    """Each active customer's province and source as the overview reads them, by id."""
    ids, _, _, _, _, province, source = _customer_rows(book.conn, needs_created=False)
    return {
        column: {int(i): keys[int(code)] for i, code in zip(ids, codes, strict=True)}
        for column, (codes, keys) in (("province", province), ("source", source))
    }


def _written(book: Book) -> dict[str, dict[int, str]]:
    rows = book.conn.execute(
        "SELECT id, province, source FROM customers WHERE archived = 0 ORDER BY id"
    ).fetchall()
    return {
        "province": {i: province or UNKNOWN for i, province, _ in rows},
        "source": {i: source or UNKNOWN for i, _, source in rows},
    }


@pytest.fixture
def book(tmp_path: Path) -> Book:
    opened = Book.open(tmp_path / "book.db", today=fixed_clock)
    for k, province in enumerate(PROVINCES):
        customer(opened, f"客{k}", province=province, source=("抖音", "", "门店")[k % 3])
    return opened


def test_each_customer_is_named_its_own_province_and_source(book: Book) -> None:
    with book:
        archived = book.get_customer(3)  # 江苏, the only one
        book.archive_customer(archived.id, archived.version)
        named = _named(book)
        assert named == _written(book)
        assert 3 not in named["province"] and "江苏" not in named["province"].values()
        assert set(named["province"].values()) == {"浙江", UNKNOWN, "广东"}
        found = overview_reads.customer_texts(book.conn, created=False)
        assert found.created is None
        assert found.province_count == 3  # 浙江, blank, 广东


def test_a_text_holding_the_separator_is_read_row_by_row(book: Book) -> None:
    with book:
        book.conn.execute(  # the models refuse it; a book written by other means may hold it
            "UPDATE customers SET province = ? WHERE id = 2", (f"浙{overview_reads.SEPARATOR}江",)
        )
        assert _named(book) == _written(book)


def test_many_distinct_texts_are_coded_by_a_look_up_as_a_case_codes_a_few(
    book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    with book:
        by_case = _named(book)
        monkeypatch.setattr(overview_reads, "CASE_KEYS", 2)  # 3 provinces, 3 sources: many
        assert _named(book) == by_case == _written(book)


def _shuffled(text: bytes, width: int, seed: int) -> bytes:
    """A joined_rows text with its rows in another order."""
    rows = [text[k : k + width] for k in range(0, len(text), width)]
    random.Random(seed).shuffle(rows)
    return b"".join(rows)


def test_rows_joined_in_any_order_are_read_by_id(book: Book) -> None:
    """The reads join rows in the order of the scan, which is by id: should a scan ever
    give another order, the readers put them in order of id, not in the wrong places."""
    with book:
        for k, amount in enumerate((120, 0, 35, 999)):
            if amount:
                buy(book, k + 1, amount)
        book.recompute()
        conn = book.conn
        texts = overview_reads.customer_texts(conn, created=True)
        assert texts.rows is not None and texts.created is not None
        assert (
            texts.created
            == "".join(  # the created days come in the rows' order
                day[:10]
                for (day,) in conn.execute(
                    "SELECT created_at FROM customers WHERE archived = 0 ORDER BY id"
                )
            )
        )
        width = 3 * 16
        order = [k for k in range(len(texts.rows) // width)]
        random.Random(7).shuffle(order)
        rows = b"".join(texts.rows[k * width : (k + 1) * width] for k in order)
        created = "".join(texts.created[k * 10 : (k + 1) * 10] for k in order)
        shuffled = texts._replace(rows=rows, created=created)
        in_order = _customer_rows(conn, texts=lambda: texts)
        found = _customer_rows(conn, texts=lambda: shuffled)
        for a, b in zip(in_order[:5], found[:5], strict=True):
            assert np.array_equal(a, b)
        for (codes_a, keys_a), (codes_b, keys_b) in zip(in_order[5:], found[5:], strict=True):
            assert keys_a == keys_b and np.array_equal(codes_a, codes_b)

        stats = overview_reads.stats_text(conn)
        assert stats is not None
        width = 16 * len(stats_row.STATS_ROW)
        assert np.array_equal(stats_rows(conn, _shuffled(stats, width, 3)), stats_rows(conn))

        tiers, count = overview_reads.tier_texts(conn)
        assert tiers is not None and count == len(PROVINCES)
        again = tierstore.load_tiers(conn, points=False, compared=(_shuffled(tiers, 96, 5), count))
        stored = tierstore.load_tiers(conn, points=False)
        for name in ("customer_id", "value_tier", "r", "f", "stage", "value_cents"):
            assert np.array_equal(getattr(again, name), getattr(stored, name))


def test_the_kept_per_customer_columns_are_compact_and_their_own(book: Book) -> None:
    """The overview keeps them for the app's life: the ids are a column of their own (not a
    view keeping the read's whole matrix alive), the days int32, the codes a byte each;
    the same numbers as the rows give."""
    with book:
        buy(book, 2, "8", day="2024-02-29")
        people = load_customers(book.conn, TODAY, book.rules())
        assert people.customer_id.base is None and people.customer_id.tolist() == list(range(1, 8))
        assert people.created_day.dtype == people.first_purchase_day.dtype == np.int32
        assert people.province.dtype == people.source.dtype == np.int8
        no_day = overview_reads.NO_PURCHASE_DAY
        assert people.first_purchase_day.tolist() == [no_day, 19782, *[no_day] * 5]
        named = _written(book)
        assert [people.province_keys[k] for k in people.province] == list(
            named["province"].values()
        )
        assert [people.source_keys[k] for k in people.source] == list(named["source"].values())


def test_codes_past_a_byte_are_int32() -> None:
    codes = np.array([0, 127, 3])
    assert _narrow(codes, ["k"] * 128).dtype == np.int8
    wide = _narrow(np.array([0, 128, 3]), ["k"] * 129)
    assert wide.dtype == np.int32 and wide.tolist() == [0, 128, 3]


def test_id_order_is_none_in_order_and_sorts_otherwise() -> None:
    assert id_order(np.array([1, 2, 5, 9])) is None and id_order(np.array([3])) is None
    matrix = np.array([[5, 50], [2, 20], [9, 90]])
    assert by_id(matrix).tolist() == [[2, 20], [5, 50], [9, 90]]


def test_the_overview_reads_the_stats_rows_as_kept_picking_what_it_uses(book: Book) -> None:
    """The stats of buyers (and of customers with a first purchase), with net revenue and
    the first purchase's epoch day (NO_PURCHASE for none), read from the kept rows: the
    figures the columns themselves give."""
    with book:
        buy(book, 1, "12.50")
        buy(book, 1, "3", day="2024-02-29")
        buy(book, 5, "7.01")
        book.conn.execute("UPDATE stats SET refunded_cents = 101 WHERE customer_id = 5")
        expected = [
            [customer_id, orders, net, overview_reads.NO_PURCHASE_DAY if day is None else day]
            for customer_id, orders, net, day in book.conn.execute(
                "SELECT customer_id, orders, revenue_cents - refunded_cents,"
                " CAST(julianday(first_purchase) - 2440587.5 AS INTEGER) FROM stats"
                " WHERE orders > 0 OR first_purchase IS NOT NULL ORDER BY customer_id"
            )
        ]
        assert len(expected) == 2
        assert stats_rows(book.conn).tolist() == expected
        text = overview_reads.stats_text(book.conn)
        kept = decode_rows(text, len(stats_row.STATS_ROW))
        assert len(kept) == len(PROVINCES)  # every stats row, as kept


@pytest.mark.parametrize(("part_ids", "most", "reads"), [(2, 64, 4), (1, 2, 2), (16_384, 64, 1)])
def test_the_overview_reads_the_kept_stats_a_range_of_ids_at_a_time(
    book: Book, monkeypatch: pytest.MonkeyPatch, part_ids: int, most: int, reads: int
) -> None:
    """Each range's text decoded as it is read, never the whole book's at once (ids 1-7:
    ranges of `part_ids`, wider where that would take more than `most` reads); the rows
    are the ones the whole text gives, archived customers' and all."""
    with book:
        buy(book, 1, "12.50")
        buy(book, 4, "3", day="2024-02-29")
        buy(book, 7, "7.01")
        archived = book.get_customer(4)
        book.archive_customer(archived.id, archived.version)
        whole = overview_reads.stats_text(book.conn)
        monkeypatch.setattr(overview_reads, "STATS_PART_IDS", part_ids)
        monkeypatch.setattr(overview_reads, "STATS_PARTS_MOST", most)
        texts = overview_reads.stats_parts(book.conn, lambda text: text)
        assert len(texts) == reads
        width = 16 * len(stats_row.STATS_ROW)
        sizes = [len(text or b"") // width for text in texts]
        assert sum(sizes) == len(PROVINCES) and max(sizes) == -(-len(PROVINCES) // reads)
        assert b"".join(text or b"" for text in texts) == whole
        assert not book.conn.in_transaction  # the one it began for the reads is over
        found = stats_rows(book.conn)
        assert np.array_equal(found, stats_rows(book.conn, whole))
        assert found[:, 0].tolist() == [1, 4, 7]


def test_each_purchasers_revenue_is_read_a_range_of_ids_at_a_time(
    book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Revenue per period read in ranges of two ids (archived customers' too, as the
    customer pass leaves them out) equals the one range's, and the figures worked out
    from every purchase."""
    with book:
        for who, amount, days_ago in (
            (1, "12.50", 3),
            (2, "3", 40),
            (2, "4.10", 200),
            (5, "7.01", 500),
            (6, "1", 0),
            (7, "9.99", 89),
        ):
            buy(book, who, amount, day=TODAY - timedelta(days=days_ago))
        archived = book.get_customer(6)
        book.archive_customer(archived.id, archived.version)
        whole_ids, whole = revenue_part(book.conn, TODAY)
        every_ids, every = revenue_part(book.conn, TODAY, from_purchases=True)
        monkeypatch.setattr(overview_reads, "STATS_PART_IDS", 2)
        assert overview_reads.id_ranges(1, 7) == [(1, 2), (3, 4), (5, 6), (7, 7)]
        ids, parts = revenue_part(book.conn, TODAY)
        assert not book.conn.in_transaction
        assert ids.tolist() == whole_ids.tolist() == [1, 2, 6, 7]
        assert every_ids.tolist() == [1, 2, 5, 6, 7]  # 5 bought before the longest period
        in_period = np.isin(every_ids, ids)
        for days in (d for d in PERIODS if d is not None):
            assert np.array_equal(parts[days], whole[days], equal_nan=True)
            assert np.array_equal(parts[days], every[days][in_period], equal_nan=True)
        plan = " ".join(
            str(step[-1])
            for step in book.conn.execute(
                "EXPLAIN QUERY PLAN SELECT sum(amount_cents) FROM purchases INDEXED BY"
                " purchases_by_customer WHERE customer_id BETWEEN 1 AND 2 AND date >= ''"
                " GROUP BY customer_id ORDER BY customer_id"
            )
        )
        assert "SEARCH purchases USING COVERING INDEX purchases_by_customer" in plan
        assert "TEMP B-TREE" not in plan


@pytest.mark.parametrize("table", ["stats", "purchases"])
def test_the_bounds_of_the_ids_are_read_one_step_down_an_index_each(book: Book, table: str) -> None:
    """Not a scan of every row (min and max in one SELECT are worked out so: 94 ms of
    purchases at 100k customers, where each is a step down the index)."""
    with book:
        buy(book, 3, "5")
        buy(book, 6, "5")
        plan = [
            str(step[-1])
            for step in book.conn.execute(
                "EXPLAIN QUERY PLAN " + overview_reads.id_bounds_sql(table)
            )
        ]
        searches = [step for step in plan if step.startswith("SEARCH")]
        scans = [step for step in plan if step.startswith("SCAN ") and "CONSTANT ROW" not in step]
        assert len(searches) == 2 and not scans
        expected = (1, 7) if table == "stats" else (3, 6)
        assert overview_reads.id_bounds(book.conn, table) == expected


def test_id_ranges_cover_every_id_once_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    assert overview_reads.id_ranges(None, None) == []
    assert overview_reads.id_ranges(5, 5) == [(5, 5)]
    monkeypatch.setattr(overview_reads, "STATS_PART_IDS", 10)
    monkeypatch.setattr(overview_reads, "STATS_PARTS_MOST", 3)
    assert overview_reads.id_ranges(1, 25) == [(1, 10), (11, 20), (21, 25)]
    assert overview_reads.id_ranges(1, 100) == [(1, 34), (35, 68), (69, 100)]  # sparse: wider


def test_a_book_without_stats_rows_reads_none(tmp_path: Path) -> None:
    with Book.open(tmp_path / "empty.db", today=fixed_clock) as empty:
        assert overview_reads.stats_parts(empty.conn, lambda text: text) == []
        assert stats_rows(empty.conn).shape == (0, 4)


def test_the_kept_stats_are_read_by_a_covering_scan_in_id_order(book: Book) -> None:
    """If the expression read drifts from the one indexed, SQLite formats every row again
    (a range of ids is a search of the same index)."""
    with book:
        whole, ranged = (
            " ".join(str(step[-1]) for step in book.conn.execute("EXPLAIN QUERY PLAN " + sql, args))
            for sql, args in ((stats_row.KEPT_STATS, ()), (stats_row.KEPT_STATS_RANGE, (2, 5)))
        )
    assert "COVERING INDEX stats_frame" in whole and "TEMP B-TREE" not in whole
    covering = "SEARCH stats USING COVERING INDEX stats_frame (customer_id>? AND customer_id<?)"
    assert covering in ranged and "TEMP B-TREE" not in ranged


def test_the_kept_rows_no_day_is_the_frames() -> None:
    assert stats_row.NO_DAY == NO_DAY
