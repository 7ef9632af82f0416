"""The stats rows a bulk import's follow-up rebuilds (store/stats.py, one pass of the
purchases' covering index a customer) against the same figures worked out in Python from
the purchase rows: orders (an order number's rows on one day, a shop export's items,
counted once a customer), money, first and last day, purchase days, the first day's net."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoben.store.book import Book
from xiaoben.store.stats import rebuild_all_stats, refresh_stats

PURCHASE = st.tuples(
    st.integers(1, 6),  # customer
    st.integers(1, 20),  # day of the month: several purchases share a day
    st.integers(0, 50_000),  # amount in cents
    st.integers(0, 100),  # refunded: this percent of the amount
    st.one_of(st.none(), st.integers(0, 30_000)),  # cost, often not given
    # the note: none, an order number an import wrote first (a few, shared by items and by
    # customers), or the seller's own words looking almost like one
    st.sampled_from(
        [
            "",
            "订单号 A1",
            "订单号 A1；赠品",
            "订单号 B2",
            "订单号 ",
            "订单号 ；空",
            "订单号A1",
            "备注 订单号 A1",
        ]
    ),
)
ORDER = {"订单号 A1": "A1", "订单号 A1；赠品": "A1", "订单号 B2": "B2"}  # the others: none


def _expected(purchases: list[tuple[int, int, int, int, int | None, str]]) -> dict[int, tuple]:
    by_customer: dict[int, list[tuple[str, int, int, int | None]]] = defaultdict(list)
    orders: dict[int, set[tuple[int, str]]] = defaultdict(set)  # (day, order number)
    loose: dict[int, int] = defaultdict(int)  # purchases of no order number
    for customer, day, amount, percent, cost, note in purchases:
        by_customer[customer].append((f"2025-03-{day:02d}", amount, amount * percent // 100, cost))
        if note in ORDER:
            orders[customer].add((day, ORDER[note]))
        else:
            loose[customer] += 1
    expected: dict[int, tuple] = {}
    for customer in range(1, 8):
        rows = by_customer.get(customer, [])
        if not rows:
            expected[customer] = (0, 0, 0, 0, None, None, 0, 0)
            continue
        days = sorted({day for day, *_ in rows})
        first = days[0]
        expected[customer] = (
            loose[customer] + len(orders[customer]),
            sum(amount for _, amount, _, _ in rows),
            sum(refund for _, _, refund, _ in rows),
            sum(cost for *_, cost in rows if cost is not None),
            first,
            days[-1],
            len(days),
            sum(amount - refund for day, amount, refund, _ in rows if day == first),
        )
    return expected


def _stats(book: Book) -> dict[int, tuple]:
    rows = book.conn.execute(
        "SELECT customer_id, orders, revenue_cents, refunded_cents, cost_cents, first_purchase,"
        " last_purchase, purchase_days, first_day_net_cents FROM stats ORDER BY customer_id"
    ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def test_rebuilt_stats_are_the_purchases_summed(tmp_path: Path) -> None:
    with Book.open(tmp_path / "book.db") as book:
        conn = book.conn

        @settings(max_examples=60, deadline=None)
        @given(purchases=st.lists(PURCHASE, max_size=40))
        def check(purchases: list) -> None:
            conn.execute("BEGIN IMMEDIATE")  # each example rolled back: an empty book again
            try:
                conn.executemany(
                    "INSERT INTO customers (id, name, created_at, updated_at)"
                    " VALUES (?, ?, '', '')",
                    [(n, f"客户{n}") for n in range(1, 8)],
                )
                conn.executemany(
                    "INSERT INTO purchases (customer_id, date, amount_cents, refunded_cents,"
                    " cost_cents, note, created_at) VALUES (?, ?, ?, ?, ?, ?, '')",
                    [
                        (
                            customer,
                            f"2025-03-{day:02d}",
                            amount,
                            amount * percent // 100,
                            cost,
                            note,
                        )
                        for customer, day, amount, percent, cost, note in purchases
                    ],
                )
                schema = "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'stats'"
                declared = sorted(conn.execute(schema).fetchall())
                rebuild_all_stats(conn, 3)
                assert _stats(book) == _expected(purchases)
                # its indexes, dropped for the rebuild, stand again as declared
                assert sorted(conn.execute(schema).fetchall()) == declared
                conn.execute("UPDATE stats SET orders = -1, first_day_net_cents = -1")
                refresh_stats(conn, range(1, 8), 3)  # the same figures, some customers' rows
                assert _stats(book) == _expected(purchases)
            finally:
                conn.execute("ROLLBACK")

        check()
