"""A birthday cell formatted to show a month and a day (3月5日, Mar 5) is a birthday without a
year: the year the date cell holds is one Excel filled in (that year's, or 1900), never one
the seller typed or sees."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xiaoben.models.birthday import Birthday
from xiaoben.store.importing.birthday_formats import shows_no_year
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.readers import read_any

SHEETS = Path(__file__).parent / "data" / "sheets"


def birthdays(path: Path) -> dict[str, Birthday | None]:
    customers, errors = parse_customers(read_any(path, kind="customers"))
    assert errors == []
    return {row.customer.name: row.customer.birthday for row in customers}


def with_birthdays(path: Path, cells: list[tuple[object, str | None]]) -> Path:
    """A customers sheet whose 生日 cells are `cells`: (value, number format or None)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    sheet.append(["姓名", "手机", "生日"])
    for at, (value, number_format) in enumerate(cells):
        sheet.append([f"客户{at + 1}", f"1380013800{at}", value])
        if number_format is not None:
            sheet.cell(at + 2, 3).number_format = number_format
    workbook.save(path)
    return path


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_a_legacy_or_ods_birthday_shown_without_a_year_keeps_none(suffix: str) -> None:
    """LibreOffice's workbooks (tests/data/sheets): 1990-03-05 shown whole, 2026-03-05
    shown 3月5日 (the year it was typed: a birthday in the future), 1900-03-06 shown Mar 6.
    The .xls by its cells' formats, the .ods by the text its cells show."""
    assert birthdays(SHEETS / f"customers_birthdays.{suffix}") == {
        "王芳": Birthday(year=1990, month=3, day=5),
        "李雷": Birthday(month=3, day=5),
        "张伟": Birthday(month=3, day=6),
    }


def test_an_xlsx_birthday_shown_without_a_year_keeps_none(tmp_path: Path) -> None:
    path = with_birthdays(
        tmp_path / "客户.xlsx",
        [
            (dt.date(1990, 3, 5), "yyyy/m/d"),
            (dt.date(2026, 3, 5), 'm"月"d"日"'),
            (dt.datetime(1900, 3, 6), "mmm d"),
            ("2024-03-07", 'm"月"d"日"'),  # text typed with its year: a format shows no text
            (dt.date(1985, 3, 8), "[$-804]yyyy年m月d日"),
        ],
    )
    assert birthdays(path) == {
        "客户1": Birthday(year=1990, month=3, day=5),
        "客户2": Birthday(month=3, day=5),
        "客户3": Birthday(month=3, day=6),
        "客户4": Birthday(year=2024, month=3, day=7),
        "客户5": Birthday(year=1985, month=3, day=8),
    }


def test_a_workbook_named_as_no_workbook_is_looked_at_all_the_same(tmp_path: Path) -> None:
    """The format comes from the content: an .xlsx saved as 客户.csv is still read as one."""
    path = with_birthdays(tmp_path / "客户.xlsx", [(dt.date(2026, 3, 5), 'm"月"d"日"')])
    assert birthdays(path.rename(tmp_path / "客户.csv")) == {"客户1": Birthday(month=3, day=5)}


def test_the_built_in_chinese_month_and_day_format_keeps_no_year(tmp_path: Path) -> None:
    """Chinese Excel and WPS save their 3月14日 as built-in format 58 (no format text in
    the file): openpyxl calls it General."""
    path = with_birthdays(tmp_path / "客户.xlsx", [(dt.date(2026, 3, 5), 'm"月"d"日"')])
    copy = tmp_path / "内置.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/styles.xml":
                data = re.sub(rb'numFmtId="16[4-9]"', b'numFmtId="58"', data)
                data = re.sub(rb"<numFmts\b.*?</numFmts>", b"", data, flags=re.DOTALL)
            out.writestr(info, data)
    assert b'numFmtId="58"' in zipfile.ZipFile(copy).read("xl/styles.xml")
    assert birthdays(copy) == {"客户1": Birthday(month=3, day=5)}


def test_a_birthday_column_without_date_cells_is_not_looked_at_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The formats are read (openpyxl, a second reading of the file) only when they can
    matter: a birthday column of text and blank cells reads as it always did."""

    def unread(*_: object) -> set[int]:
        raise AssertionError("the formats were read")

    monkeypatch.setattr("xiaoben.store.importing.sheets.xlsx_yearless_rows", unread)
    path = with_birthdays(tmp_path / "客户.xlsx", [("3月5日", None), (None, None)])
    assert birthdays(path) == {"客户1": Birthday(month=3, day=5), "客户2": None}


@pytest.mark.parametrize(
    ("number_format", "yearless"),
    [
        ('m"月"d"日"', True),
        ("mmm d", True),
        ("d-mmm", True),
        ("mm/dd;@", True),
        ("[$-409]mmmm d;@", True),
        ("yyyy-mm-dd", False),
        ('yyyy"年"m"月"d"日"', False),
        ("m/d/yy", False),
        ('m"月"', False),  # a month alone is no birthday's day
        ("h:mm", False),
        ("General", False),
        ('"day" 0', False),  # the words are text, not a day
    ],
)
def test_which_formats_show_no_year(number_format: str, yearless: bool) -> None:
    assert shows_no_year(number_format) is yearless
