"""Rows of integers as SQL that formats them into one string (store/int_columns.py reads
it back with numpy). SQL text alone, no numpy: the driver-only commands build their reads
from it before numpy has loaded (store/overview_reads.py)."""

from __future__ import annotations

from collections.abc import Sequence

_WIDTH = "%016x"  # 64 bits, two's complement for negative numbers
_EPOCH_JULIAN = 2440587.5  # julianday('1970-01-01')


def epoch_day(expression: str) -> str:
    """The SQL of a date's (or a timestamp's) day as an integer count of days since
    1970-01-01, as models' epoch days count them (NULL for NULL). The julianday of a day is
    a whole day and a half: the cast truncates nothing but the half."""
    return f"CAST(julianday({expression}) - {_EPOCH_JULIAN} AS INTEGER)"


def hex_row(expressions: Sequence[str]) -> str:
    """The SQL of one row's integers as one fixed-width hexadecimal string. An index on
    exactly this expression keeps it: a covering read then formats nothing (m016)."""
    return "printf('" + _WIDTH * len(expressions) + "', " + ", ".join(expressions) + ")"


def joined_rows(expressions: Sequence[str], tail: str) -> str:
    """A scalar subquery: every row of `SELECT expressions tail` as hex_row, joined in the
    order of `tail` (several in one statement read one snapshot of the book)."""
    # As a BLOB: its bytes as they are, not decoded into a str first.
    rows = f"SELECT {hex_row(expressions)} AS line {tail}"
    return f"(SELECT CAST(group_concat(line, '') AS BLOB) FROM ({rows}))"
