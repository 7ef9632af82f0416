"""Integer columns read from SQLite without a Python object per value.

`fetchall()` makes a tuple and an int per value: at 100,000 rows × 12 columns that costs
more than the query. Here SQLite formats each row's integers as fixed-width hexadecimal
(printf, in C) and joins every row into one string (group_concat); numpy reads that string
as big-endian int64 in one call. Negative numbers come through as two's complement.
Where an index holds that very hexadecimal expression (store/hex_text.py's `hex_row`), a
read of it covered by the index formats nothing at all: the stats frame and the stored
tiers are read so.
Columns of other numbers (REAL) go through `matrix_of`, a few thousand rows at a time, so
the Python objects of the whole table are never alive at once.
"""

from __future__ import annotations

import binascii
from collections.abc import Sequence
from typing import Any

import numpy as np

from xiaoben.store.driver import sqlite3
from xiaoben.store.hex_text import joined_rows

CHUNK = 4_096  # rows `matrix_of` turns into numbers at a time


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
    text = conn.execute(f"SELECT {joined_rows(expressions, tail)}", params).fetchone()[0]
    return decode_rows(text, len(expressions))


def decode_rows(text: bytes | None, width: int) -> np.ndarray:
    """The (n, width) int64 matrix of a joined_rows string."""
    if not text:
        return np.empty((0, width), dtype=np.int64)
    values = np.frombuffer(binascii.unhexlify(text), dtype=">i8").astype(np.int64)
    return values.reshape(-1, width)


def id_order(ids: np.ndarray) -> np.ndarray | None:
    """None when the ids of rows read in a scan's order are in increasing order, else the
    order that sorts them: joined without an ORDER BY (whose subquery copies every row's
    text once more), SQLite gives rows in the order of the index or table it walks, by id
    where the readers ask for it; checked, never assumed."""
    if len(ids) < 2 or bool(np.all(ids[1:] > ids[:-1])):
        return None
    return np.argsort(ids, kind="stable")


def by_id(matrix: np.ndarray) -> np.ndarray:
    """The rows of a matrix read in a scan's order (ids in column 0), in order of id."""
    order = id_order(matrix[:, 0])
    return matrix if order is None else matrix[order]


def matrix_of(
    cursor: sqlite3.Cursor, width: int, dtype: type = np.float64, chunk: int = CHUNK
) -> np.ndarray:
    """An (n, width) matrix of the rows of an executed query, read `chunk` rows at a time:
    the same numbers as `np.array(cursor.fetchall())`, without a tuple per row of the whole
    result alive at once (at 100,000 rows × 25 columns, ~100 MB of Python objects)."""
    parts: list[np.ndarray] = []
    while rows := cursor.fetchmany(chunk):
        parts.append(np.array(rows, dtype=dtype).reshape(len(rows), width))
    if not parts:
        return np.empty((0, width), dtype=dtype)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)
