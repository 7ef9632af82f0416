"""A workbook whose SpreadsheetML elements carry a namespace prefix (<x:workbook>, <x:sheet>,
<x:c>: the .NET Open XML SDK writes them so, and the ERP and shop back-ends built on it) is
checked cell by cell as any other: a cell in dollars or a percentage refused by name, a code's
padding zeros kept, a formula with no saved value named. (An outside tester's finding: the
sheet's part was not found through a prefixed workbook.xml, and every such check was skipped:
$88 was booked ¥88.00, 00123 became 123.)"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.formulas import unsaved_formulas
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.importing.readers import read_any

_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PARTS = re.compile(r"xl/(workbook|sharedStrings|styles)\.xml|xl/worksheets/sheet\d+\.xml")


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def prefixed(xml: bytes, prefix: bytes) -> bytes:
    """Every SpreadsheetML element of a part as `prefix:name`, its namespace declared so."""
    xml = xml.replace(b'xmlns="' + _MAIN + b'"', b"xmlns:" + prefix + b'="' + _MAIN + b'"')
    return re.sub(rb"<(/?)(?![?!])([A-Za-z]+)(?=[\s/>])", rb"<\1" + prefix + rb":\2", xml)


def save(workbook: openpyxl.Workbook, path: Path, prefix: bytes | None) -> Path:
    plain = path.with_name("plain-" + path.name)
    workbook.save(plain)
    if prefix is None:
        return plain
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            target.writestr(
                member, prefixed(data, prefix) if _PARTS.fullmatch(member.filename) else data
            )
    return path


@pytest.mark.parametrize("prefix", [None, b"x", b"ss"])
def test_a_prefixed_sheet_refuses_dollars_and_percentages(
    tmp_path: Path, prefix: bytes | None
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "订单"
    sheet.append(["客户", "手机", "日期", "金额"])
    sheet.append(["张三", "13800138001", dt.date(2025, 3, 5), 88])
    sheet.append(["王五", "13800138003", dt.date(2025, 3, 7), 0.5])
    sheet.append(["李四", "13800138004", dt.date(2025, 3, 8), 66])
    sheet["D2"].number_format = "[$$-409]#,##0.00"
    sheet["D3"].number_format = "0%"
    path = save(workbook, tmp_path / "orders.xlsx", prefix)
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert [row.amount_cents for row in purchases] == [6600]
    assert [(e.line, e.value) for e in errors] == [(2, "$88"), (3, "50%")]


@pytest.mark.parametrize("prefix", [None, b"x"])
def test_a_prefixed_sheet_keeps_a_codes_zeros_and_names_an_unsaved_formula(
    tmp_path: Path, prefix: bytes | None
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    sheet.append(["编号", "姓", "名", "姓名", "手机"])
    sheet.append([123, "张", "三", "张三", "13800138001"])
    sheet.append([7, "李", "四", "=B3&C3", "13800138002"])  # openpyxl saves no value for it
    sheet["A2"].number_format = sheet["A3"].number_format = "00000"
    path = save(workbook, tmp_path / "customers.xlsx", prefix)
    assert unsaved_formulas(path, "客户") == [(3, "D3", "=B3&C3")]
    table = read_any(path, kind="customers")
    customers, _ = parse_customers(table)
    assert [row.customer.code for row in customers][:1] == ["00123"]
    assert all(row.customer.code != "7" for row in customers)  # 00007, or the row refused
