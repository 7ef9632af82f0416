"""The importer's column-at-a-time shortcuts give what the cell-by-cell way gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xiaoben.models.text import one_spelling
from xiaoben.store.importing.purchase_rows import _spelled

PRODUCTS = ["面膜（10片）", "口红  Dior", "Ｄｉｏｒ 口红", "面膜(10片)", " 精华\t", "护手霜"]


def test_a_column_of_repeated_products_is_spelled_as_each_cell_is() -> None:
    column = PRODUCTS * 3

    assert _spelled(column) == [one_spelling(text) for text in column]
    assert _spelled(column)[:4] == ["面膜(10片)", "口红 Dior", "Dior 口红", "面膜(10片)"]


@given(st.lists(st.sampled_from(PRODUCTS) | st.text(max_size=8), max_size=30))
def test_any_product_column_is_spelled_as_each_cell_is(column: list[str]) -> None:
    assert list(_spelled(column)) == [one_spelling(text) for text in column]
