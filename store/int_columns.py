"""Integer columns read from SQLite without a Python object per value.

`fetchall()` makes a tuple and an int per value: at 100,000 rows × 12 columns that costs
more than the query. Here SQLite formats each row's integers as fixed-width hexadecimal
(printf, in C) and joins every row into one string (group_concat); numpy reads that string
as big-endian int64 in one call. Negative numbers come through as two's complement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from xiaoben.store.driver import sqlite3

_WIDTH = "%016x"  # 64 bits, two's complement for negative numbers


def int_columns(
    conn: sqlite3.Connection,
    expressions: Sequence[str],
    tail: str,
    params: Sequence[Any] | dict[str, Any] = (),
) -> np.ndarray:
    """An (n, len(expressions)) int64 matrix of `SELECT expressions tail`, in the order of
    `tail` (its ORDER BY: an aggregate other than count/min/max keeps its subquery's order).

    Every expression must give an integer (or NULL, read as 0: coalesce where it matters).
    """
    row = "printf('" + _WIDTH * len(expressions) + "', " + ", ".join(expressions) + ")"
    sql = f"SELECT group_concat(line, '') FROM (SELECT {row} AS line {tail})"
    text = conn.execute(sql, params).fetchone()[0]
    if not text:
        return np.empty((0, len(expressions)), dtype=np.int64)
    values = np.frombuffer(bytes.fromhex(text), dtype=">i8").astype(np.int64)
    return values.reshape(-1, len(expressions))
