"""store.int_columns: integer columns through one string equal the rows fetchall() gives."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from xiaoben.store.driver import sqlite3
from xiaoben.store.int_columns import int_columns

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
