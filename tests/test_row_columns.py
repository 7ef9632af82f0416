"""A batch's rows held as columns (purchase_rows.RowColumns, as the reader makes them)
behave as the list of those rows: indexed, sliced, iterated, compared."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xiaoben.store.importing.purchase_rows import CustomerKey, PurchaseRow, RowColumns


def _row(line: int, amount: int) -> PurchaseRow:
    keys = (CustomerKey("code", f"C{line % 3}"),)
    return PurchaseRow(line, keys, f"客户{line}", dt.date(2024, 1, line % 28 + 1), amount)


@given(st.lists(st.integers(0, 10_000), max_size=12), st.integers(-15, 15), st.integers(-15, 15))
def test_row_columns_are_the_list_of_their_rows(amounts: list[int], at: int, stop: int) -> None:
    rows = [_row(line, amount) for line, amount in enumerate(amounts, 2)]
    columns = [list(column) for column in zip(*rows, strict=True)] or [
        [] for _ in PurchaseRow._fields
    ]
    held = RowColumns(columns)

    assert len(held) == len(rows)
    assert list(held) == rows and held == rows and rows == held
    assert held[at:stop] == rows[at:stop] and held[::-1] == rows[::-1]
    if -len(rows) <= at < len(rows):
        assert held[at] == rows[at] and type(held[at]) is PurchaseRow
    else:
        with pytest.raises(IndexError):
            held[at]
    assert held != [*rows, _row(99, 1)]
    with pytest.raises(TypeError):
        hash(held)
