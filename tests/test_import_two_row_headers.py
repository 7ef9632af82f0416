"""Headers over two rows, as shop exports and hand-made sheets have them: a merged group
cell (收货信息, 金额) over the names of its columns, the other names merged down both rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import Result

from tests.book_helpers import write_csv
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.tables import find_header_rows, two_row_header


def orders_workbook(path: Path) -> Path:
    """订单号 | 付款时间 | 收货信息 (收货人 手机 地址) | 金额 (实付 优惠), over a title row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "订单"
    sheet.append(["三月订单明细"])
    sheet.merge_cells("A1:G1")
    sheet.append(["订单号", "付款时间", "收货信息", None, None, "金额", None])
    sheet.append([None, None, "收货人", "手机", "地址", "实付", "优惠"])
    for top, bottom in (("A2", "A3"), ("B2", "B3")):
        sheet.merge_cells(f"{top}:{bottom}")
    sheet.merge_cells("C2:E2")
    sheet.merge_cells("F2:G2")
    sheet.append(["7001", dt.datetime(2024, 3, 8, 10, 2), "王芳", 13800138000, "杭州", 89, 10])
    sheet.append(["7002", dt.datetime(2024, 3, 9, 9, 0), "李娜", 13900139000, "上海", 50.5, 0])
    workbook.save(path)
    return path


def test_a_merged_group_over_its_columns_reads_as_one_header(tmp_path: Path) -> None:
    table = read_any(orders_workbook(tmp_path / "订单.xlsx"), kind="purchases")

    assert table.header == ["订单号", "付款时间", "收货人", "手机", "地址", "实付", "优惠"]
    assert table.header_line == 3
    assert [line for line, _ in table.rows] == [4, 5]
    assert table.rows[0][1][:6] == ["7001", "2024-03-08 10:02", "王芳", "13800138000", "杭州", "89"]


def test_the_upper_row_alone_recognised_still_takes_the_row_under_it(tmp_path: Path) -> None:
    """收货人 手机 下单时间 merged down, 金额 over 实付 | 优惠: the upper row alone reads as
    a header (金额 is an amount), but the row under it names the columns better."""
    path = write_csv(
        tmp_path / "订单.csv",
        [
            "收货人,手机,下单时间,金额,",
            ",,,实付,优惠",
            "王芳,13800138000,2024-03-08,89,10",
        ],
    )

    table = read_any(path, kind="purchases")

    assert table.header == ["收货人", "手机", "下单时间", "实付", "优惠"]
    assert table.rows == [(3, ["王芳", "13800138000", "2024-03-08", "89", "10"])]


def test_a_header_over_one_row_is_not_joined_to_the_data_under_it() -> None:
    rows = [
        (1, ["姓名", "手机", "", "日期", "金额"]),
        (2, ["王芳", "13800138000", "x", "2024-03-08", "9"]),
    ]
    assert find_header_rows(rows, "purchases") == (0, rows[0][1])


def test_a_title_over_the_header_is_not_joined_to_it() -> None:
    rows = [(1, ["2024年客户名单", "", "制表：小王"]), (2, ["姓名", "手机", ""])]
    assert find_header_rows(rows, "customers") == (1, ["姓名", "手机", ""])


def test_rows_apart_are_never_one_header() -> None:
    upper = (1, ["订单号", "付款时间", "收货信息", "", "", "金额"])
    lower = (3, ["", "", "收货人", "手机", "地址", "实付"])
    assert two_row_header(upper, lower, "purchases") is None
    assert two_row_header(upper, (2, lower[1]), "purchases") == [
        "订单号", "付款时间", "收货人", "手机", "地址", "实付",
    ]  # fmt: skip


def test_a_two_row_header_imports_through_the_cli(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = orders_workbook(tmp_path / "订单.xlsx")

    result = run("--lang", "en", "import", "purchases", str(path), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 2 of 2 rows (2 customers created" in result.stdout
    conn = sqlite3.connect(book_path)
    try:
        stored = list(conn.execute("SELECT date, amount_cents, note FROM purchases ORDER BY date"))
    finally:
        conn.close()
    assert stored == [("2024-03-08", 8900, "订单号 7001"), ("2024-03-09", 5050, "订单号 7002")]
