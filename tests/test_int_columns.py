"""store.int_columns: integer columns through one string equal the rows fetchall() gives."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from xiaoben.models.birthday import Birthday
from xiaoben.models.enums import Gender
from xiaoben.store import followups
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.int_columns import int_columns, matrix_of
from xiaoben.store.stats_row import day as _day

INT64 = st.integers(-(2**63), 2**63 - 1)


@given(st.lists(st.tuples(INT64, INT64, st.integers(-5, 5)), max_size=60))
def test_int_columns_read_back_every_value_in_order(rows: list[tuple[int, int, int]]) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER)")
    conn.executemany("INSERT INTO t (a, b, c) VALUES (?, ?, ?)", rows)
    tail = "FROM t WHERE c >= ? ORDER BY k DESC"
    matrix = int_columns(conn, ["a", "b", "c * 2"], tail, (-3,))
    expected = conn.execute(f"SELECT a, b, c * 2 {tail}", (-3,)).fetchall()
    assert matrix.dtype == np.int64 and matrix.shape == (len(expected), 3)
    assert [tuple(row) for row in matrix.tolist()] == expected


@given(
    st.lists(st.tuples(st.floats(allow_nan=False), st.integers(-(2**53), 2**53)), max_size=40),
    st.integers(1, 7),
)
def test_matrix_of_reads_a_few_rows_at_a_time_the_numbers_fetchall_gives(
    rows: list[tuple[float, int]], chunk: int
) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, x REAL, n INTEGER)")
    conn.executemany("INSERT INTO t (x, n) VALUES (?, ?)", rows)
    sql = "SELECT x, n FROM t ORDER BY k"
    matrix = matrix_of(conn.execute(sql), 2, chunk=chunk)
    expected = np.array(conn.execute(sql).fetchall(), dtype=np.float64).reshape(-1, 2)
    assert matrix.shape == (len(rows), 2)
    assert np.array_equal(matrix, expected)


def test_the_queue_inputs_read_packed_equal_the_plain_columns(book: Book) -> None:
    """followups.load_rows packs twelve columns into five integers; every value read back
    equals the column read as it is stored (days, gaps of ½ day, lunar and leap-month
    birthdays, genders, customers who never bought or were never contacted)."""
    from tests.book_helpers import TODAY, buy, customer

    births = [
        Birthday(month=2, day=29),
        Birthday(month=8, day=15, lunar=True),
        Birthday(month=4, day=29, lunar=True, leap_month=True, year=2020),
        Birthday(month=12, day=31, year=1990),
        None,
    ]
    for k, birthday in enumerate(births * 3):
        gender = (Gender.MALE, Gender.FEMALE, None)[k % 3]
        who = customer(book, f"客{k}", birthday=birthday, gender=gender)
        # None, one purchase, one gap, two gaps (10 and 11 days: a median of 10½).
        for back in ((), (0,), (0, 7), (0, 10, 21))[k % 4]:
            buy(book, who, 10 + k, TODAY - timedelta(days=back + k))
    book.settle()
    with book.reading():
        conn = book.conn
        packed = followups.load_rows(conn)
        columns = [
            "c.id",
            "s.orders",
            _day("s.first_purchase"),
            _day("s.last_purchase"),
            _day("substr(s.last_interaction, 1, 10)"),
            _day("substr(c.created_at, 1, 10)"),
            "coalesce(s.median_gap_days, -1)",
            *followups._BIRTHDAY_PARTS,
            followups._GENDER,
            *followups._PACKED_COLUMNS[5:],  # the purchase model's two, read as they are
        ]
        sql = "SELECT " + ", ".join(columns) + followups._FROM_STATS.format(extra="")
        plain = followups._inputs(conn.execute(sql).fetchall())
    assert len(plain) == 15 and plain.birthday_leap.any() and plain.birthday_lunar.any()
    assert (np.nan_to_num(plain.median_gap_days) % 1 == 0.5).any()
    for name in ("customer_id", "orders", "first_purchase_day", "last_purchase_day",
                 "last_contact_day", "created_day", "birthday_month", "birthday_day",
                 "birthday_lunar", "birthday_leap", "gender"):  # fmt: skip
        assert np.array_equal(getattr(packed, name), getattr(plain, name)), name
    assert np.array_equal(packed.median_gap_days, plain.median_gap_days, equal_nan=True)
