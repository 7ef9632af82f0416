"""The importer's column-at-a-time shortcuts give what the cell-by-cell way gives."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from xiaoben.models.cells import plain_column
from xiaoben.models.customer import SHORT_MAX
from xiaoben.models.enums import Channel
from xiaoben.models.text import one_spelling
from xiaoben.store.importing.purchase_rows import CustomerKey, PurchaseRow, _spelled
from xiaoben.store.importing.sheet_cells import SheetCells
from xiaoben.store.purchase_writer import purchase_columns, purchase_values

PRODUCTS = ["面膜（10片）", "口红  Dior", "Ｄｉｏｒ 口红", "面膜(10片)", " 精华\t", "护手霜"]


def test_a_column_of_repeated_products_is_spelled_as_each_cell_is() -> None:
    column = PRODUCTS * 3

    assert _spelled(column) == [one_spelling(text) for text in column]
    assert _spelled(column)[:4] == ["面膜(10片)", "口红 Dior", "Dior 口红", "面膜(10片)"]


def test_a_column_already_in_its_one_spelling_is_taken_as_it_is() -> None:
    column = ["面膜(10片)", "口红 Dior", "护手霜"] * 3000

    assert _spelled(column) is column  # one check of them all, no cell spelled again


@given(st.lists(st.sampled_from(PRODUCTS) | st.text(max_size=8), min_size=1, max_size=30))
def test_any_plain_product_column_is_spelled_as_each_cell_is(column: list[str]) -> None:
    assume(plain_column(column, SHORT_MAX))  # what the importer checks before spelling

    assert list(_spelled(column)) == [one_spelling(text) for text in column]


def test_a_column_of_date_cells_reads_each_day_as_each_cell_does() -> None:
    morning = dt.datetime(2024, 3, 5, 9, 30)
    days = [dt.date(2024, 3, 5), morning, "2024/3/6", "", dt.date(2024, 3, 5)]
    column = tuple(days * 2000)
    cells = SheetCells(width=1, date_columns={0})

    texts = cells.column(0, column, 0, numbers={})

    assert texts == [cells.cell(value, 0)[0] for value in column]
    assert texts[:5] == ["2024-03-05", "2024-03-05 09:30", "2024/3/6", "", "2024-03-05"]


purchase_rows = st.builds(
    PurchaseRow,
    line=st.integers(min_value=2, max_value=10**6),
    keys=st.just((CustomerKey("code", "C1"),)),
    name=st.none() | st.sampled_from(["王芳", "李娜"]),
    date=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
    amount_cents=st.integers(min_value=0, max_value=10**10),
    quantity=st.integers(min_value=1, max_value=999),
    cost_cents=st.none() | st.integers(min_value=0, max_value=10**8),
    refunded_cents=st.integers(min_value=0, max_value=10**6),
    items=st.sampled_from([*PRODUCTS, ""]),
    channel=st.none() | st.sampled_from(list(Channel)),
    note=st.sampled_from(["", "送货上门", "礼盒；加急"]),
    order=st.sampled_from(["", "", "2024030512345", "TB-001"]),
    status=st.sampled_from(["paid", "refunded"]),
)


@given(st.lists(purchase_rows, max_size=40), st.data())
def test_a_batch_of_purchases_is_stored_as_each_row_is(
    rows: list[PurchaseRow], data: st.DataObject
) -> None:
    ids = data.draw(st.lists(st.integers(1, 10**6), min_size=len(rows), max_size=len(rows)))
    stamp = "2026-11-23 10:00:00"

    columns = purchase_columns(rows, ids, stamp)

    assert columns == [
        (*purchase_values(row, customer_id), stamp)
        for row, customer_id in zip(rows, ids, strict=True)
    ]
