"""An .ods's number cells read as the sheet shows them, as an .xlsx's are: an amount in
another currency (office:currency="USD", $88.00) or a percentage (50%) in a money column is
refused by name, never stored as ¥88 or ¥0.50; a code or phone typed as a number in a style
of leading zeros (123 shown 00123) reads 00123. (An outside tester's findings: the .xlsx
twins were refused and read 00123; the .ods came in as yuan and as 123.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.workbook_helpers import write_ods
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.importing.readers import read_any


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def text(value: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def number(kind: str, value: str, shown: str, extra: str = "") -> str:
    return (
        f'<table:table-cell office:value-type="{kind}"{extra} office:value="{value}">'
        f"<text:p>{shown}</text:p></table:table-cell>"
    )


def orders(tmp_path: Path, amounts: list[str]) -> Path:
    rows = [[text("客户"), text("日期"), text("金额")]]
    rows += [[text(f"客户{at}"), text("2025-03-05"), amount] for at, amount in enumerate(amounts)]
    return write_ods(tmp_path / "订单.ods", "订单", rows)


def test_an_ods_amount_in_another_currency_or_a_percentage_is_refused_by_name(
    tmp_path: Path,
) -> None:
    path = orders(
        tmp_path,
        [
            number("currency", "88", "$88.00", ' office:currency="USD"'),
            number("currency", "1000", "NT$1,000", ' office:currency="TWD"'),
            number("percentage", "0.5", "50%"),
            number("currency", "200", "200.00", ' office:currency="HKD"'),  # no sign shown
            number("currency", "99.5", "¥99.50", ' office:currency="CNY"'),
            number("float", "1280.5", "1,280.50"),
        ],
    )
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert [row.amount_cents for row in purchases] == [9950, 128050]
    assert [(e.line, e.column, e.value) for e in errors] == [
        (2, "金额", "$88.00"),
        (3, "金额", "NT$1,000"),
        (4, "金额", "50%"),
        (5, "金额", "HKD 200"),
    ]
    assert "“$88.00” is an amount in another currency" in errors[0].message
    assert "the cell is a percentage (50%), not an amount" in errors[2].message


def test_an_ods_number_shown_with_leading_zeros_reads_as_shown(tmp_path: Path) -> None:
    rows = [
        [text("编号"), text("姓名"), text("电话")],
        [
            number("float", "123", "00123"),
            text("张三"),
            number("float", "57188886666", "057188886666"),
        ],
        [number("float", "7", "VIP0007"), text("李四"), text("13800138002")],
        [number("float", "1001", "1001"), text("王五"), text("13800138003")],
        [number("float", "12", "12.00"), text("赵六"), text("13800138004")],  # no zeros before
    ]
    path = write_ods(tmp_path / "客户.ods", "客户", rows)
    customers, errors = parse_customers(read_any(path, kind="customers"))
    assert errors == []
    assert [row.customer.code for row in customers] == ["00123", "VIP0007", "1001", "12"]
    assert customers[0].customer.phones == ["+8657188886666"]  # 0571 8888 6666
