"""A header cell merged over several columns (手机 over a main and a spare number): each
column under it is read as that field, never left out as a column without a name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest
import xlwt
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoben.models.errors import BookError
from xiaoben.store.book import Book
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.tables import ignored_columns


def merged_sheet(
    path: Path, header: Sequence[str | None], merged: str, *rows: Sequence[object]
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    sheet.merge_cells(merged)
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def test_a_phone_header_merged_over_two_columns_reads_both_numbers(tmp_path: Path) -> None:
    path = merged_sheet(
        tmp_path / "c.xlsx",
        ["姓名", "手机", None, "备注"],
        "B1:C1",
        ["张三", "13800138000", "13900139009", "x"],
    )

    table = read_any(path, kind="customers")
    (row,), errors = parse_customers(table)

    assert table.header == ["姓名", "手机", "手机", "备注"]
    assert errors == []
    assert row.customer.phones == ["+8613800138000", "+8613900139009"]
    assert ignored_columns(table, "customers") is None  # no column left out


def test_a_legacy_xls_merged_header_reads_the_same(tmp_path: Path) -> None:
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("客户")
    sheet.write(0, 0, "姓名")
    sheet.write_merge(0, 0, 1, 2, "手机")
    for column, value in enumerate(["张三", "13800138000", "13900139009"]):
        sheet.write(1, column, value)
    workbook.save(str(tmp_path / "c.xls"))

    (row,), _ = parse_customers(read_any(tmp_path / "c.xls", kind="customers"))

    assert row.customer.phones == ["+8613800138000", "+8613900139009"]


def test_a_merged_header_at_the_sheets_right_edge_spans_its_columns(tmp_path: Path) -> None:
    path = merged_sheet(
        tmp_path / "c.xlsx",
        ["姓名", "备注", None],
        "B1:C1",
        ["张三", "爱喝茶", 13900139009],
    )

    table = read_any(path, kind="customers")
    (row,), errors = parse_customers(table)

    assert errors == []
    # joined, each kept under its own column: the seller can tell which said what
    assert row.customer.notes == "备注（第 2 列）：爱喝茶\n备注（第 3 列）：13900139009"


def test_a_single_valued_header_merged_over_two_columns_is_refused_naming_both(
    tmp_path: Path,
) -> None:
    path = merged_sheet(
        tmp_path / "c.xlsx",
        ["姓名", "手机", "微信", None],
        "C1:D1",
        ["张三", "13800138000", "zhang_san", "zs_2"],
    )

    with pytest.raises(BookError) as refused:
        parse_customers(read_any(path, kind="customers"))

    assert str(refused.value).startswith("column 3 “微信” and column 4 “微信” both mean")


def test_a_merged_title_over_the_header_is_no_header(tmp_path: Path) -> None:
    path = merged_sheet(
        tmp_path / "c.xlsx",
        ["2024年客户名单", None, None],
        "A1:C1",
        ["姓名", "手机", "备注"],
        ["张三", "13800138000", "x"],
    )

    table = read_any(path, kind="customers")

    assert (table.header, table.header_line) == (["姓名", "手机", "备注"], 2)


@settings(max_examples=15)
@given(spanned=st.integers(min_value=2, max_value=4), first=st.integers(min_value=1, max_value=3))
def test_every_number_under_a_merged_phone_header_reaches_the_customer(
    tmp_path_factory: pytest.TempPathFactory, spanned: int, first: int
) -> None:
    letters = "ABCDEFGH"
    header: list[str | None] = ["备注"] * (first - 1) + ["手机"] + [None] * (spanned - 1)
    header.insert(0, "姓名")
    numbers = [f"1390013{9000 + at:04d}" for at in range(spanned)]
    row = ["张三", *["x"] * (first - 1), *numbers]
    span = f"{letters[first]}1:{letters[first + spanned - 1]}1"
    path = merged_sheet(tmp_path_factory.mktemp("merged") / "c.xlsx", header, span, row)

    (read,), errors = parse_customers(read_any(path, kind="customers"))

    assert errors == []
    assert read.customer.phones == [f"+86{number}" for number in numbers]


def test_the_cli_imports_the_spare_number_under_a_merged_header(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = merged_sheet(
        tmp_path / "c.xlsx",
        ["姓名", "手机", None, "备注"],
        "B1:C1",
        ["张三", "13800138000", "13900139009", "x"],
    )

    result = run("--lang", "en", "import", "customers", path)

    assert result.exit_code == 0, result.output
    assert "no name" not in result.output
    with Book.open(book_path) as book:
        (phones,) = book.db.execute("SELECT phones FROM customers").fetchone()
    assert phones == '["+8613800138000", "+8613900139009"]'
