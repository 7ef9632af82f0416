"""The importer's column-at-a-time shortcuts give what the cell-by-cell way gives."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from xiaoben.models.text import one_spelling
from xiaoben.store.importing.purchase_rows import _spelled
from xiaoben.store.importing.sheet_cells import SheetCells

PRODUCTS = ["面膜（10片）", "口红  Dior", "Ｄｉｏｒ 口红", "面膜(10片)", " 精华\t", "护手霜"]


def test_a_column_of_repeated_products_is_spelled_as_each_cell_is() -> None:
    column = PRODUCTS * 3

    assert _spelled(column) == [one_spelling(text) for text in column]
    assert _spelled(column)[:4] == ["面膜(10片)", "口红 Dior", "Dior 口红", "面膜(10片)"]


@given(st.lists(st.sampled_from(PRODUCTS) | st.text(max_size=8), max_size=30))
def test_any_product_column_is_spelled_as_each_cell_is(column: list[str]) -> None:
    assert list(_spelled(column)) == [one_spelling(text) for text in column]


def test_a_column_of_date_cells_reads_each_day_as_each_cell_does() -> None:
    morning = dt.datetime(2024, 3, 5, 9, 30)
    days = [dt.date(2024, 3, 5), morning, "2024/3/6", "", dt.date(2024, 3, 5)]
    column = tuple(days * 2000)
    cells = SheetCells(width=1, date_columns={0})

    texts = cells.column(0, column, 0, numbers={})

    assert texts == [cells.cell(value, 0)[0] for value in column]
    assert texts[:5] == ["2024-03-05", "2024-03-05 09:30", "2024/3/6", "", "2024-03-05"]
