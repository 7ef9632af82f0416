"""A large sheet is converted a batch at a time, a column at a time: the same rows of text,
and the same number cells noted, as converting each cell of a small sheet by itself."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.workbook_helpers import write_xlsx
from xiaoben.store.importing import csv_table, sheets
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.sheet_cells import cell_text, cents_text, serial_date
from xiaoben.store.importing.sheet_rows import SheetRows
from xiaoben.store.importing.tables import ImportTable, lost_zeros

HEADER = ["客户", "日期", "金额", "手机", "编号", "备注"]
DATE_COLUMN = 1
MONEY_COLUMN = 2  # a number cell past cents there is rounded to cents (sheet_cells)
texts = st.sampled_from(
    ["", " 王芳 ", "=1+1", "'=SUM(A1)", '="00042"', "'00042", "x\n'y", "12.50", "  "]
)
numbers = st.one_of(
    st.integers(min_value=-(10**17), max_value=10**17),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.sampled_from([0.0, -0.0, 13800138000.0, 45356.0, 45356.75, 1e16, 1e-7, 0.1 + 0.2]),
)
moments = st.one_of(
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2199, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2199, 12, 31)),
)
cells = st.one_of(st.none(), texts, numbers, moments, st.booleans())
# Columns of one kind (as sheets mostly are: the fast paths) or of any kinds.
column_kinds = st.sampled_from(
    [texts, numbers, cells, st.one_of(st.just(""), numbers), st.one_of(texts, moments)]
)


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def per_cell(values: list[Any], header_width: int) -> tuple[list[str], list[int]]:
    """The way every cell was read before batches: its own text, a number in the date
    column as a serial date, a float in the amount column past cents rounded half up to
    cents; (cells as wide as the header, columns of number cells)."""
    texts, number_columns = [], []
    for index, value in enumerate(values):
        kind_of = type(value)
        if kind_of in (int, float) and index == DATE_COLUMN and serial_date(value) is not None:
            texts.append(serial_date(value).isoformat())  # type: ignore[union-attr]
            continue
        text, kind = cell_text(value)
        if kind == "number":
            number_columns.append(index)
        past_cents = re.search(r"\.\d{3}", text) and "e" not in text
        if index == MONEY_COLUMN and kind_of is float and past_cents:
            text = cents_text(text)
        texts.append(text)
    texts += [""] * (header_width - len(texts))
    while len(texts) > header_width and not texts[-1]:
        texts.pop()
    return texts, number_columns


def expected(table: ImportTable, path: Path) -> tuple[list[tuple[int, list[str]]], dict]:
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(path) as workbook:
        sheet = workbook.get_sheet_by_name(table.sheet or "")
    rows, numbers = [], {}
    data = SheetRows(sheet, table.header, table.header_line, {DATE_COLUMN}).data()
    for position, (line, values) in enumerate(data):
        texts, number_columns = per_cell(list(values), len(table.header))
        rows.append((line, texts))
        for column in number_columns:
            numbers.setdefault(column, []).append(position)
    return rows, numbers


def read_both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ImportTable, ImportTable]:
    whole = read_any(path, kind="purchases")
    with monkeypatch.context() as patched:
        patched.setattr(sheets, "STREAM_FROM_CELLS", 0)
        patched.setattr(csv_table, "BATCH_ROWS", 3)  # several batches, and a short last one
        lazy = read_any(path, kind="purchases")
        lazy_rows = [row for batch in lazy.batches() for row in batch.rows]
    assert isinstance(lazy.rows, SheetRows) and not isinstance(whole.rows, SheetRows)
    assert lazy_rows == list(lazy.rows)
    return whole, lazy


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), width=st.integers(min_value=len(HEADER), max_value=len(HEADER) + 2))
def test_batches_read_every_cell_as_the_per_cell_way(
    data: st.DataObject, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    columns = [data.draw(column_kinds) for _ in range(width)]
    body = data.draw(st.lists(st.tuples(*columns).map(list) | st.just([]), min_size=1, max_size=12))
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "订单.xlsx", {"订单": [["2024年订单"], HEADER, *body]})
        whole, lazy = read_both(path, monkeypatch)
        rows, numbers = expected(whole, path)
        assert whole.header == lazy.header == HEADER
        assert whole.rows == rows
        assert list(lazy.rows) == rows
        assert len(lazy.rows) == len(rows)
        assert {column: list(found) for column, found in whole.numbers.items()} == numbers
        for column in range(width):
            assert list(lazy.numbers.get(column, [])) == numbers.get(column, [])
        # noted as the batches went by (read_both goes through them): as a pass of its own
        assert isinstance(lazy.rows, SheetRows)
        assert lazy.rows.number_cells() == lazy.rows._scan_numbers()
        # the lost-digits warning looks only at the large numbers of a large sheet: the same
        assert lost_zeros(lazy, "purchases") == lost_zeros(whole, "purchases")


def test_a_large_sheet_warns_of_lost_zeros_as_a_small_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = [["王芳", "2024-03-05", 10, 13800138000, f"{n:05d}", ""] for n in range(1, 9)]
    body += [["李娜", "2024-03-06", 12, 13900139000, 42, ""]]
    path = write_xlsx(tmp_path / "订单.xlsx", {"订单": [HEADER, *body]})
    whole, lazy = read_both(path, monkeypatch)
    warned = lost_zeros(whole, "purchases")
    assert [(error.line, error.value) for error in warned] == [(10, "42")]
    assert lost_zeros(lazy, "purchases") == warned
    assert list(lazy.numbers[4]) == [8] and list(lazy.numbers[3]) == list(range(9))


def test_a_large_sheet_holds_no_python_rows_until_they_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = [["王芳", "2024-03-05", 10.5, 13800138000, "C1", ""] for _ in range(50)]
    path = write_xlsx(tmp_path / "订单.xlsx", {"订单": [HEADER, *body]})
    monkeypatch.setattr(sheets, "STREAM_FROM_CELLS", 0)
    table = read_any(path, kind="purchases")
    assert isinstance(table.rows, SheetRows)
    batches = list(table.batches(20))
    assert [len(batch.rows) for batch in batches] == [20, 20, 10]
    assert [(batch.done, batch.total) for batch in batches] == [(20, 50), (40, 50), (50, 50)]
    assert batches[0].rows[0] == (2, ["王芳", "2024-03-05", "10.5", "13800138000", "C1", ""])


def test_the_import_warnings_read_a_large_sheet_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lost-zeros and lost-digits warnings go through a large sheet's rows a few times
    in all, not once per number cell (an index into the lazy rows reads from the start: a
    20,000-row sheet of number-cell phones took minutes, not a second)."""
    body = [["王芳", "2024-03-05", 10, 13800138000 + n, f"C{n}", ""] for n in range(60)]
    body += [["李娜", "2024-03-06", 12, 1234567890123456789, "C9", ""]]
    path = write_xlsx(tmp_path / "订单.xlsx", {"订单": [HEADER, *body]})
    monkeypatch.setattr(sheets, "STREAM_FROM_CELLS", 0)
    table = read_any(path, kind="purchases")
    assert isinstance(table.rows, SheetRows)
    passes = 0
    data = SheetRows.data

    def counted(self: SheetRows):  # type: ignore[no-untyped-def]
        nonlocal passes
        passes += 1
        return data(self)

    monkeypatch.setattr(SheetRows, "data", counted)
    warned = lost_zeros(table, "purchases")
    assert [error.line for error in warned] == [62]  # the 19-digit number cell
    assert passes <= 3


def test_a_large_sheet_names_the_numbers_that_lost_digits_at_the_edge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the large numbers of a large sheet are looked at for lost digits, and the edge
    is where a number's text passes 15 digits: 999999999999999.9 is written in 16."""
    edge = [99_999_999_999_999, 999_999_999_999_999, 999_999_999_999_999.9, 10**15, -(10**16)]
    body = [["王芳", "2024-03-05", 10, 13800138000, value, ""] for value in edge]
    path = write_xlsx(tmp_path / "订单.xlsx", {"订单": [HEADER, *body]})
    whole, lazy = read_both(path, monkeypatch)

    warned = lost_zeros(lazy, "purchases")

    assert [(error.line, error.value) for error in warned] == [
        (4, "1000000000000000"),
        (5, "1000000000000000"),
        (6, "-10000000000000000"),
    ]
    assert warned == lost_zeros(whole, "purchases")
    assert lazy.long_numbers is not None  # looked at: all but the 14-digit number
    assert list(lazy.long_numbers[4]) == [1, 2, 3, 4]


def counting_passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that holds one item per pass made over a large sheet's cells from now on."""
    passes: list[int] = []
    data = SheetRows.data

    def counted(self: SheetRows):  # type: ignore[no-untyped-def]
        passes.append(1)
        return data(self)

    monkeypatch.setattr(SheetRows, "data", counted)
    return passes


def test_once_imported_a_large_sheet_is_warned_about_without_reading_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import's own pass over the sheet notes its number cells: the lost-zeros and
    lost-digits warnings said after it read none of the sheet again, and they are the ones
    a pass of their own finds."""
    body = [["王芳", "2024-03-05", 10.5, 13800138000 + n, f"C{n}", ""] for n in range(30)]
    path = write_xlsx(tmp_path / "订单.xlsx", {"订单": [HEADER, *body]})
    monkeypatch.setattr(sheets, "STREAM_FROM_CELLS", 0)
    imported, fresh = read_any(path, kind="purchases"), read_any(path, kind="purchases")
    assert isinstance(imported.rows, SheetRows) and isinstance(fresh.rows, SheetRows)
    passes = counting_passes(monkeypatch)
    rows = [row for batch in imported.batches(7) for row in batch.rows]  # as the import does
    assert len(rows) == 30 and len(passes) == 1

    assert lost_zeros(imported, "purchases") == []
    assert len(passes) == 1  # nothing read again
    assert imported.rows.number_cells() == fresh.rows.number_cells()
    assert len(passes) == 2  # the fresh table's own pass
    assert list(imported.numbers[3]) == list(range(30)) and 4 not in imported.numbers


def test_a_large_sheet_left_half_read_looks_for_its_number_cells_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import that stopped part of the way noted only some number cells: they are not
    taken for all of them."""
    body = [["王芳", "2024-03-05", 10, 13800138000, f"{n:05d}", ""] for n in range(1, 9)]
    body += [["李娜", "2024-03-06", 12, 13900139000, 42, ""]]
    path = write_xlsx(tmp_path / "订单.xlsx", {"订单": [HEADER, *body]})
    monkeypatch.setattr(sheets, "STREAM_FROM_CELLS", 0)
    table = read_any(path, kind="purchases")
    batches = table.batches(4)
    next(batches)  # the first four rows, then the import stops
    batches.close()

    warned = lost_zeros(table, "purchases")

    assert [(error.line, error.value) for error in warned] == [(10, "42")]


CUSTOMERS_HEADER = ["编号", "姓名", "手机"]


@pytest.mark.parametrize("let_go", [True, False])
def test_a_large_customers_sheet_is_let_go_of_once_parsed_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, let_go: bool
) -> None:
    """The workbook library's cells of a large sheet (~45 MB at 100,000 rows) need not be
    held through the write and the figures after it: a customers import lets them go once
    its rows are parsed when its caller reads the table no more (the CLI); the Import
    screen, which shows the rows again as the mapping changes, keeps them. A pass after
    that reads the sheet from the file again, and says what reading it held would have."""
    from xiaoben.store.book import Book
    from xiaoben.store.imports import import_table

    body = [[f"{n:05d}", f"客户{n}", f"1380013{n:04d}"] for n in range(1, 30)]
    body += [[42, "王芳", "13900139000"]]  # a code that lost its zeros in a number cell
    path = write_xlsx(tmp_path / "客户.xlsx", {"客户": [CUSTOMERS_HEADER, *body]})
    monkeypatch.setattr(sheets, "STREAM_FROM_CELLS", 0)
    table = read_any(path, kind="customers")
    rows = table.rows
    assert isinstance(rows, SheetRows)
    expected = lost_zeros(table, "customers")
    assert [error.line for error in expected] == [31]
    with Book.open(tmp_path / "book.db") as book:
        report = import_table(book, "customers", table, lambda *_: None, let_go=let_go)
        assert report.created_customers == 30
    assert (rows._sheet is None) == let_go
    assert lost_zeros(table, "customers") == expected  # read from the file again, or not
    assert rows._sheet is not None


def test_a_sheet_read_again_must_be_the_file_read_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows read again after the cells were let go come from the same file or none: a
    workbook saved again in between is refused by name, never half one and half the
    other."""
    from xiaoben.models.errors import BookError

    body = [[f"C{n}", f"客户{n}", f"1380013{n:04d}"] for n in range(1, 20)]
    path = write_xlsx(tmp_path / "客户.xlsx", {"客户": [CUSTOMERS_HEADER, *body]})
    monkeypatch.setattr(sheets, "STREAM_FROM_CELLS", 0)
    table = read_any(path, kind="customers")
    rows = table.rows
    assert isinstance(rows, SheetRows)
    first = list(rows)
    rows.let_go()
    assert list(rows) == first  # the same file: the same rows
    rows.let_go()
    write_xlsx(path, {"客户": [CUSTOMERS_HEADER, *body[:5]]})  # saved again, shorter
    with pytest.raises(BookError, match="changed or replaced"):
        list(rows)
