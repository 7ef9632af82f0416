"""A header row repeated inside the data (a sheet kept in monthly blocks, each under its
title and the header again; two CSV exports joined with `copy a.csv+b.csv`, the second's
BOM and header in the middle) is passed over and said, and so is a block's title above it:
never a customer named 姓名 (address 地址, tag 标签) or 四月新客. (An outside tester's
finding: both became customers without a word.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import table_of
from xiaoben.store.importing.footers import header_repeats

HEADER = ["姓名", "地址", "备注", "标签"]


def test_two_csv_exports_joined_import_their_customers_once_each(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    first, second = (
        "姓名,地址,备注,标签\r\n张三,杭州,老客,VIP\r\n",
        "姓名,地址,备注,标签\r\n李四,上海,新客,\r\n",
    )
    joined = f"\ufeff{first}\ufeff{second}"
    path = tmp_path / "合并.csv"
    path.write_bytes(joined.encode("utf-8"))

    result = run("--lang", "en", "import", "customers", path)

    assert result.exit_code == 0, result.output
    assert "line 3 repeats the header (the column names) and is not imported" in result.output
    assert table_of(book_path, "SELECT name, address, tags FROM customers ORDER BY id") == [
        ("张三", "杭州", '["VIP"]'),
        ("李四", "上海", "[]"),
    ]


def test_a_sheet_in_monthly_blocks_imports_no_title_and_no_header(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [
        ["三月新客"],
        HEADER,
        ["张三", "杭州", "老客", "VIP"],
        [],
        ["四月新客"],
        HEADER,
        ["李四", "上海", "新客", None],
    ]:
        sheet.append(row)
    path = tmp_path / "客户.xlsx"
    workbook.save(path)

    result = run("--lang", "zh", "import", "customers", path)

    assert result.exit_code == 0, result.output
    assert "第 5 行（“四月新客”）是重复的表头上方的标题，不是客户或订单，不导入" in result.output
    assert "第 6 行是又一遍表头（列名），不导入" in result.output
    assert table_of(book_path, "SELECT name FROM customers ORDER BY id") == [("张三",), ("李四",)]


def test_a_purchases_sheet_with_its_header_repeated_imports_every_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [
        ["客户", "日期", "金额"],
        ["张三", dt.date(2025, 3, 5), 100],
        ["客户", "日期", "金额"],
        ["李四", dt.date(2025, 4, 6), 200],
    ]:
        sheet.append(row)
    path = tmp_path / "订单.xlsx"
    workbook.save(path)

    result = run("--lang", "en", "import", "purchases", path, "--create-missing")

    assert result.exit_code == 0, result.output  # was: line 3 refused, got “日期”, “金额”
    assert "line 3 repeats the header (the column names) and is not imported" in result.output
    assert table_of(book_path, "SELECT amount_cents FROM purchases ORDER BY date") == [
        (10000,),
        (20000,),
    ]


def test_a_row_saying_some_of_the_headers_words_is_data() -> None:
    rows = [
        (2, ["姓名", "杭州", "", ""]),  # a customer the seller named so: not the header
        (3, ["标题", "", "", ""]),
        (4, ["张三", "地址", "备注", "标签"]),
    ]
    assert header_repeats(HEADER, rows) == ([], [])


@given(
    st.lists(
        st.lists(st.sampled_from(["姓名", "地址", "张三", "", " 姓名"]), min_size=4, max_size=4)
    )
)
def test_the_quick_look_misses_no_repeated_header(cells: list[list[str]]) -> None:
    rows = list(enumerate(cells, 2))
    slow = [line for line, row in rows if [cell.strip() for cell in row] == HEADER]
    assert header_repeats(HEADER, rows)[0] == slow


def test_a_file_of_its_header_twice_has_no_row_not_a_total(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "两遍表头.csv"
    path.write_text("姓名,地址\n姓名,地址\n", encoding="utf-8")

    result = run("--lang", "en", "import", "customers", path)

    assert result.exit_code == 1
    assert "the file has a header but not one row under it" in result.output
    assert "total line" not in result.output
