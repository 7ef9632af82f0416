"""A workbook's codes typed as numbers in a column formatted with leading zeros (000000):
the sheet shows 000124, and the import reads 000124 — not 124, which no later file naming
000124 would find. Literal text in the format is shown too ("VIP"0000: VIP0124)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import fixed_clock
from xiaoben.store.book import Book
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.sheet_scan import Padding, padding_of
from xiaoben.store.imports import import_table


def _sheet(path: Path, header: list[str], rows: list[list[object]], formats: dict) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for column, number_format in formats.items():
        for cell in sheet[column][1:]:
            cell.number_format = number_format
    workbook.save(path)
    return path


def test_codes_in_a_zero_padded_column_read_as_the_sheet_shows_them(tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "客户.xlsx",
        ["编号", "姓名", "手机"],
        [[124, "王芳", "13800138001"], [7, "李娜", "13800138002"], [1001, "赵敏", "13800138003"]],
        {"A": "000000"},
    )
    customers, errors = parse_customers(read_any(path, kind="customers"))
    assert errors == []
    assert [row.customer.code for row in customers] == ["000124", "000007", "001001"]


def test_the_purchases_of_a_padded_code_find_its_customer(tmp_path: Path, book_path: Path) -> None:
    people = _sheet(
        tmp_path / "客户.xlsx", ["编号", "姓名"], [[124, "王芳"], [7, "李娜"]], {"A": "000000"}
    )
    sales = _sheet(
        tmp_path / "消费.xlsx",
        ["编号", "金额", "日期"],
        [["000124", 99, dt.date(2024, 3, 5)], ["000007", 88, dt.date(2024, 3, 6)]],
        {},
    )
    with Book.open(book_path, today=fixed_clock) as book:
        import_table(book, "customers", read_any(people, kind="customers"), lambda *_: None)
        report = import_table(book, "purchases", read_any(sales, kind="purchases"), lambda *_: None)
        assert report.imported == 2 and not report.errors
        found = book.db.execute(
            "SELECT c.code, p.amount_cents FROM purchases p JOIN customers c"
            " ON c.id = p.customer_id ORDER BY p.date"
        ).fetchall()
    assert found == [("000124", 9900), ("000007", 8800)]


@pytest.mark.parametrize(
    ("number_format", "cells", "read"),
    [
        ('"VIP"0000', [12, 3456], ["VIP0012", "VIP3456"]),
        ("0000", [12, 123456], ["0012", "123456"]),  # more digits than zeros: all shown
        ("0.00", [12, 3], ["12", "3"]),  # a decimal format: the number
        ("#,##0", [12, 3], ["12", "3"]),
    ],
)
def test_only_a_format_of_leading_zeros_changes_the_code_read(
    tmp_path: Path, number_format: str, cells: list[int], read: list[str]
) -> None:
    path = _sheet(
        tmp_path / "c.xlsx",
        ["编号", "姓名"],
        [[cell, f"客户{n}"] for n, cell in enumerate(cells)],
        {"A": number_format},
    )
    customers, errors = parse_customers(read_any(path, kind="customers"))
    assert errors == []
    assert [row.customer.code for row in customers] == read


@pytest.mark.parametrize(
    ("number_format", "padding"),
    [
        ("000000", Padding("", 6, "")),
        ('"C"0000', Padding("C", 4, "")),
        ("\\C000", Padding("C", 3, "")),
        ('0000"号"', Padding("", 4, "号")),
        ("[Red]000;-000", Padding("", 3, "")),
        ("0", None),  # no leading zero shown
        ("0.00", None),
        ("00.0", None),
        ("#,##0", None),
        ("0%", None),
        ("00E+00", None),
        ("yyyy-mm-dd", None),
        ("General", None),
    ],
)
def test_the_padding_of_a_number_format(number_format: str, padding: Padding | None) -> None:
    assert padding_of(number_format) == padding


@given(st.text(max_size=30))
def test_any_format_gives_a_padding_or_none(number_format: str) -> None:
    padding = padding_of(number_format)
    if padding is not None:
        assert padding.zeros >= 2
        assert padding.shown(7).endswith("7" + padding.after)


def test_a_padded_number_past_fifteen_digits_is_still_named_as_cut(tmp_path: Path) -> None:
    """An ID card's digits typed as a number in an 18-zero format lost its last digits to
    the spreadsheet: padding it would hide that (stored 110101199003071000); the cell is
    refused by the lost-digits rule, as without the format."""
    path = _sheet(
        tmp_path / "c.xlsx",
        ["编号", "姓名"],
        [[110101199003071234, "王芳"], [7, "李娜"]],
        {"A": "0" * 18},
    )
    customers, errors = parse_customers(read_any(path, kind="customers"))
    assert [row.customer.name for row in customers] == ["李娜"]
    assert [row.customer.code for row in customers] == ["000000000000000007"]
    assert [error.line for error in errors] == [2]
