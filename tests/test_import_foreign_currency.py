"""An amount in another currency than yuan ($100 typed, a number cell formatted in dollars,
100美元) is refused by name, never stored as ¥100: a daigou seller's sheet priced in dollars
would count every purchase at a seventh of what it was. Yuan's own signs (¥, ￥, 元, RMB,
CNY) read as before. (An outside tester's finding: $100 and a [$$-409] cell became ¥100.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlwt
from click.testing import Result
from pydantic_core import PydanticCustomError

from xiaoben.models.cells import cell_cents
from xiaoben.models.money import foreign_currency
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.sheet_scan import foreign_sign


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


DAY = dt.date(2024, 3, 5)
FOREIGN = "is an amount in another currency: xiaoben keeps every amount in yuan"


@pytest.mark.parametrize(
    "text",
    ["$100", "US$ 5", "HK$88", "100 USD", "usd100", "€20", "£9.99", "30美元", "50 港币", "1000円"],
)
def test_an_amount_in_another_currency_is_refused(text: str) -> None:
    assert foreign_currency(text)
    with pytest.raises(PydanticCustomError) as refused:
        cell_cents(text)
    assert refused.value.type == "xb.money_foreign"
    assert f"“{text}” {FOREIGN}" in str(refused.value)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("¥100", 10000),
        ("￥100", 10000),
        ("100元", 10000),
        ("RMB 100", 10000),
        ("1,280.50", 128050),
        ("人民币100", 10000),  # (refused as a badly written amount before)
        ("人民币 1,280.50元", 128050),
        ("100人民币", 10000),
    ],
)
def test_yuan_reads_as_before(text: str, cents: int) -> None:
    assert not foreign_currency(text)
    assert cell_cents(text) == cents


@pytest.mark.parametrize(
    ("number_format", "sign"),
    [
        ("[$$-409]#,##0.00", "$"),
        ("$#,##0", "$"),
        ('"$"#,##0.00', "$"),
        ("\\$#,##0.00", "$"),
        ("[$US$-409]#,##0", "US$"),
        ("[$€-407] #,##0.00", "€"),
        ("[$USD] #,##0.00", "USD"),
        ('0.00"美元"', "美元"),
        ("[Red]$#,##0;[Blue]-$#,##0", "$"),
        ("[$¥-804]#,##0.00", ""),
        # yen and yuan share ¥: Japan's locale (0x411) makes it yen, shown JPY (¥ reads as yuan)
        ("[$¥-411]#,##0", "JPY"),
        ("[$￥-411]#,##0.00", "JPY"),
        ("[$¥-404]#,##0.00", ""),  # Chinese (Taiwan): the sign as Chinese Excel writes yuan
        ('"¥"#,##0.00', ""),
        ('0.00"元"', ""),
        ("[$-409]yyyy-mm-dd", ""),  # a locale, no currency
        ('yyyy"年"m"月"d"日"', ""),
        ("#,##0.00", ""),
        ("0%", ""),
    ],
)
def test_which_number_formats_show_another_currency(number_format: str, sign: str) -> None:
    assert foreign_sign(number_format) == sign


def sheet(path: Path, rows: list[list[object]], formats: dict[str, str]) -> Path:
    workbook = openpyxl.Workbook()
    active = workbook.active
    active.append(["客户", "手机", "日期", "金额"])
    for row in rows:
        active.append(row)
    for cell, number_format in formats.items():
        active[cell].number_format = number_format
    workbook.save(path)
    return path


def test_a_number_cell_formatted_in_dollars_is_refused_by_name(tmp_path: Path) -> None:
    path = sheet(
        tmp_path / "代购.xlsx",
        [
            ["张三", "13800138000", DAY, 100],
            ["李四", "13900139000", DAY, 88],
            ["王五", "13700137000", DAY, 99.5],
        ],
        {"D2": "[$$-409]#,##0.00", "D3": '"¥"#,##0.00', "D4": "€#,##0.00"},
    )
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert [row.amount_cents for row in purchases] == [8800]
    assert [(e.line, e.column, e.value) for e in errors] == [
        (2, "金额", "$100"),
        (4, "金额", "€99.5"),
    ]
    assert f"“$100” {FOREIGN}" in errors[0].message


def test_a_yen_cell_is_refused_and_a_yuan_cell_of_the_same_sign_is_read(tmp_path: Path) -> None:
    """A daigou seller's sheet from Japanese Excel: ¥10000 in yen is ~¥480 in yuan."""
    path = sheet(
        tmp_path / "代购.xlsx",
        [["张三", "13800138000", DAY, 10000], ["李四", "13900139000", DAY, 88]],
        {"D2": "[$¥-411]#,##0", "D3": "[$¥-804]#,##0.00"},
    )
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert [row.amount_cents for row in purchases] == [8800]
    assert [(e.line, e.column, e.value) for e in errors] == [(2, "金额", "JPY10000")]
    assert f"“JPY10000” {FOREIGN}" in errors[0].message


def test_a_legacy_xls_cell_in_dollars_is_refused(tmp_path: Path) -> None:
    workbook = xlwt.Workbook()
    active = workbook.add_sheet("订单")
    for column, text in enumerate(["客户", "日期", "金额"]):
        active.write(0, column, text)
    active.write(1, 0, "张三")
    active.write(1, 1, "2024-03-05")
    active.write(1, 2, 100, xlwt.easyxf(num_format_str='"$"#,##0.00'))
    active.write(2, 0, "李四")
    active.write(2, 1, "2024-03-05")
    active.write(2, 2, 88, xlwt.easyxf(num_format_str='"¥"#,##0.00'))
    path = tmp_path / "p.xls"
    workbook.save(str(path))
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert [row.amount_cents for row in purchases] == [8800]
    assert [(e.line, e.column, e.value) for e in errors] == [(2, "金额", "$100")]


def test_the_cli_refuses_a_dollar_sheet_and_leaves_the_book_unchanged(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = tmp_path / "代购.csv"
    path.write_text("客户,手机,日期,金额\n张三,13800138000,2024-03-05,$100\n", encoding="utf-8")
    done = run("--lang", "zh", "import", "purchases", path, "--create-missing")
    assert done.exit_code == 1
    assert "第 2 行，金额：“$100”是外币金额：小本的金额一律按人民币（元）记" in done.output
    assert "账本未作任何改动" in done.output
