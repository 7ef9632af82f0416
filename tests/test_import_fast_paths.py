"""The importer's column-at-a-time shortcuts give what the cell-by-cell way gives."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from xiaoben.models.cells import cell_date, plain_column
from xiaoben.models.customer import SHORT_MAX
from xiaoben.models.enums import Channel
from xiaoben.models.errors import problem, rule_message
from xiaoben.models.text import one_spelling
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.columns import match_columns
from xiaoben.store.importing.errors import cell_message
from xiaoben.store.importing.purchase_rows import (
    CustomerKey,
    PurchaseRow,
    _Columns,
    _PurchaseReader,
    _spelled,
)
from xiaoben.store.importing.sheet_cells import SheetCells
from xiaoben.store.purchase_writer import _INSERT, purchase_columns, purchase_values
from xiaoben.store.schema import RECORDS_SQL

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
).filter(lambda row: row.refunded_cents <= row.amount_cents)  # as the reader's rows are


@given(st.lists(purchase_rows, max_size=40), st.data())
def test_a_batch_of_purchases_is_stored_as_each_row_is(
    rows: list[PurchaseRow], data: st.DataObject
) -> None:
    """What the writer's insert of a batch made a column at a time stores (no cost and no
    channel are bound as stand-ins SQLite makes NULL) is each row's purchase_values."""
    ids = data.draw(st.lists(st.integers(1, 10**6), min_size=len(rows), max_size=len(rows)))
    stamp = "2026-11-23 10:00:00"

    stored = _stored(purchase_columns(rows, ids, stamp))

    assert stored == [
        (*purchase_values(row, customer_id), stamp)
        for row, customer_id in zip(rows, ids, strict=True)
    ]


def _stored(values: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """The rows an in-memory book's purchases table holds after the writer's insert."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
        start = RECORDS_SQL.index("CREATE TABLE purchases")
        conn.execute(RECORDS_SQL[start : RECORDS_SQL.index(");", start) + 1])  # as the book's
        conn.executemany(_INSERT, values)
        return conn.execute(
            "SELECT customer_id, date, amount_cents, items, quantity, cost_cents,"
            " refunded_cents, channel, note, created_at FROM purchases ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


DAY_CELLS = ["2024-03-05", "2024/3/6", "2024年3月7日", "", "2024-02-30", "明天", " 2024-03-05 "]


@given(st.lists(st.lists(st.sampled_from(DAY_CELLS), max_size=12), min_size=1, max_size=3))
def test_a_date_column_reads_each_cell_as_it_reads_alone(batches: list[list[str]]) -> None:
    """Each new day of a batch is read once, then every cell looked up: the same dates, and
    the same error at each bad cell, as reading every cell by itself (batch after batch,
    the days read before remembered)."""
    reader = _PurchaseReader(match_columns(["客户", "日期", "金额"], "purchases"))
    slot = [field for field, *_ in reader.slots].index("date")
    line = 1
    for texts in batches:
        lines = list(range(line + 1, line + 1 + len(texts)))
        line += len(texts)
        problems: list[Any] = []
        cells = _Columns([["C1", text, "1"] for text in texts], 3)

        values = reader.read_column(slot, lines, cells, problems)

        expected, errors = [], []
        for position, text in enumerate(texts):
            try:
                if not text:  # a blank date: said with 同上, never the row above's
                    raise problem("date_blank")
                expected.append(cell_date(text))
            except PydanticCustomError as exc:
                expected.append(None)
                errors.append((position, lines[position], text, rule_message(exc)))
        assert list(values or []) == expected
        assert [(p, e.line, e.value, e.message) for p, _, e in problems] == [
            (p, n, text, cell_message("date", rule)()) for p, n, text, rule in errors
        ]


def test_a_full_memo_still_reads_every_new_day(monkeypatch: pytest.MonkeyPatch) -> None:
    from xiaoben.store.importing import purchase_rows

    monkeypatch.setattr(purchase_rows, "MEMO_LIMIT", 2)
    reader = _PurchaseReader(match_columns(["客户", "日期", "金额"], "purchases"))
    slot = [field for field, *_ in reader.slots].index("date")
    days = [f"2024-03-0{day}" for day in range(1, 6)]
    for texts in (days * 2, days[::-1]):
        cells = _Columns([["C1", text, "1"] for text in texts], 3)
        values = reader.read_column(slot, list(range(2, 2 + len(texts))), cells, [])
        assert values == [dt.date.fromisoformat(text) for text in texts]
    assert len(reader.slots[slot][2]) == 2  # remembered up to the limit
