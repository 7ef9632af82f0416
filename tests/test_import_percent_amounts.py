"""An amount cell shown as a percentage (15%, 0.15 stored): no amount of money, refused by
name, as the seller sees it; a currency-formatted cell still reads as its amount."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import xlwt

from tests.workbook_helpers import write_ods
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.sheet_scan import percent_shown, shows_percent


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def purchases_sheet(path: Path, header: list[str], rows: list[list[object]], formats: dict) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell, number_format in formats.items():
        sheet[cell].number_format = number_format
    workbook.save(path)
    return path


DAY = dt.date(2024, 3, 5)


@pytest.mark.parametrize(("number_format", "shown"), [("0%", "15%"), ("0.00%", "15%")])
def test_an_amount_shown_as_a_percentage_is_refused_by_name(
    tmp_path: Path, number_format: str, shown: str
) -> None:
    path = purchases_sheet(
        tmp_path / "p.xlsx",
        ["客户", "手机", "日期", "金额"],
        [["张三", "13800138000", DAY, 0.15], ["李四", "13900139000", DAY, 88]],
        {"D2": number_format},
    )
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert [row.amount_cents for row in purchases] == [8800]
    assert [(e.line, e.column) for e in errors] == [(2, "金额")]
    assert f"the cell is a percentage ({shown}), not an amount" in errors[0].message


def test_the_percentage_is_refused_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    path = purchases_sheet(
        tmp_path / "p.xlsx",
        ["客户", "日期", "金额"],
        [["张三", DAY, 0.125]],
        {"C2": "0.0%"},
    )
    _, errors = parse_purchases(read_any(path, kind="purchases"))
    assert errors[0].message.startswith("金额：这一格是百分比（12.5%），不是金额")


@pytest.mark.parametrize("column", ["成本", "退款金额"])
def test_a_cost_or_refund_shown_as_a_percentage_is_refused(tmp_path: Path, column: str) -> None:
    path = purchases_sheet(
        tmp_path / "p.xlsx",
        ["客户", "日期", "金额", column],
        [["张三", DAY, 100, 0.3]],
        {"D2": "0%"},
    )
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert purchases == []
    assert [(e.line, e.column) for e in errors] == [(2, column)]


def test_a_currency_formatted_amount_reads_as_its_amount(tmp_path: Path) -> None:
    path = purchases_sheet(
        tmp_path / "p.xlsx",
        ["客户", "日期", "金额", "折扣"],
        [["张三", DAY, 199.5, 0.15]],
        {"C2": '"¥"#,##0.00', "D2": "0%"},  # a percentage nobody reads: no reason to refuse
    )
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert errors == []
    assert [row.amount_cents for row in purchases] == [19950]


def test_a_percent_sign_in_quotes_is_no_percentage(tmp_path: Path) -> None:
    path = purchases_sheet(
        tmp_path / "p.xlsx", ["客户", "日期", "金额"], [["张三", DAY, 15]], {"C2": '0"%"'}
    )
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert errors == []
    assert [row.amount_cents for row in purchases] == [1500]


@pytest.mark.parametrize(
    ("number_format", "percent"),
    [
        ("0%", True),
        ("0.00%", True),
        ("[Red]0.0%;-0.0%", True),
        ('0"%"', False),
        ("0\\%", False),
        ('"¥"#,##0.00', False),
        ("General", False),
    ],
)
def test_which_formats_show_a_percentage(number_format: str, percent: bool) -> None:
    assert shows_percent(number_format) is percent


@pytest.mark.parametrize(
    ("value", "shown"),
    [(b"0.15", "15%"), (b"1", "100%"), (b"0.1234", "12.34%"), (b"1.5E-2", "1.5%")],
)
def test_a_percentage_is_shown_with_every_digit(value: bytes, shown: str) -> None:
    assert percent_shown(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.15, "15%"), (0.123456789, "12.3456789%")],  # an RK number /100; a double
)
def test_a_legacy_xls_amount_shown_as_a_percentage_is_refused(
    tmp_path: Path, value: float, shown: str
) -> None:
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("订单")
    for column, text in enumerate(["客户", "日期", "金额"]):
        sheet.write(0, column, text)
    sheet.write(1, 0, "张三")
    sheet.write(1, 1, "2024-03-05")
    sheet.write(1, 2, value, xlwt.easyxf(num_format_str="0%"))
    sheet.write(2, 0, "李四")
    sheet.write(2, 1, "2024-03-05")
    sheet.write(2, 2, 88, xlwt.easyxf(num_format_str='"¥"#,##0.00'))
    path = tmp_path / "p.xls"
    workbook.save(str(path))
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert [row.amount_cents for row in purchases] == [8800]
    assert [(e.line, e.column) for e in errors] == [(2, "金额")]
    assert f"the cell is a percentage ({shown}), not an amount" in errors[0].message


def test_an_ods_number_its_style_shows_as_a_percentage_is_refused(tmp_path: Path) -> None:
    """A float cell (not of the percentage type) whose text shows 50%: the sheet's number
    style makes it one, and the seller sees 50%, not ¥0.50."""

    def cell(kind: str, value: str, shown: str) -> str:
        return (
            f'<table:table-cell office:value-type="{kind}" office:value="{value}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )

    def text(value: str) -> str:
        kind = 'office:value-type="string"'
        return f"<table:table-cell {kind}><text:p>{value}</text:p></table:table-cell>"

    rows = [
        [text("客户"), text("日期"), text("金额")],
        [text("王五"), text("2024-05-03"), cell("float", "0.5", "50%")],
        [text("李四"), text("2024-05-03"), cell("float", "88", "88.00")],
        [text("张三"), text("2024-05-03"), cell("float", "0.125", "12.5 %")],
    ]
    path = write_ods(tmp_path / "p.ods", "消费", rows)
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert [row.amount_cents for row in purchases] == [8800]
    assert [(e.line, e.column) for e in errors] == [(2, "金额"), (4, "金额")]
    assert "the cell is a percentage (50%), not an amount" in errors[0].message
