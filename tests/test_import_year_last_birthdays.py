"""A birthday written day/month/year as a sheet from abroad writes it (15/08/1990): read
where only one reading is possible (15 is no month), in a .csv and a .xlsx customers sheet;
both numbers 12 or below (03/05/1990) is refused, the message saying both readings and how
to write it. And the gender words sellers write (男士 as 先生) are read."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pydantic_core import PydanticCustomError

from tests.book_helpers import write_csv
from xiaoben.models.birthday_text import birthday_cell
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.readers import read_any


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def born(cell: str) -> tuple[int | None, int, int, bool]:
    found = birthday_cell(cell, this_year=2026)
    return found["year"], found["month"], found["day"], found["lunar"]


@pytest.mark.parametrize(
    "cell", ["15/08/1990", "15-08-1990", "15.8.1990", "08/15/1990", "８/１５/１９９０"]
)
def test_a_year_last_birthday_of_one_reading_is_read(cell: str) -> None:
    assert born(cell) == (1990, 8, 15, False)


def test_the_same_day_and_month_is_the_one_day() -> None:
    assert born("03/03/1990") == (1990, 3, 3, False)


def test_a_lunar_mark_before_it_is_kept() -> None:
    assert born("农历15/08/1990") == (1990, 8, 15, True)


def test_an_ambiguous_one_is_refused_saying_both_readings() -> None:
    with pytest.raises(PydanticCustomError) as caught:
        birthday_cell("03/05/1990", this_year=2026)

    assert caught.value.type == "xb.birthday_day_month"
    assert str(caught.value) == (
        "“03/05/1990” may be 1990-05-03 (day/month/year) or 1990-03-05 (month/day/year): "
        "write it year-month-day, as 1990-05-03"
    )


def test_no_day_of_any_month_is_still_no_birthday() -> None:
    with pytest.raises(PydanticCustomError, match="a birthday is written"):
        birthday_cell("15/31/1990", this_year=2026)


ROWS = [
    ["姓名", "手机", "生日", "性别"],
    ["王芳", "13800138000", "15/08/1990", "女士"],
    ["李强", "13800138001", "03/05/1990", "男士"],
    ["赵敏", "13800138002", "1990-01-02", "女生"],
    ["周杰", "13800138003", "12/25/1988", "男生"],
]


def check(customers: list, errors: list) -> None:
    assert [
        (row.customer.name, row.customer.birthday and row.customer.birthday.as_text())
        for row in customers
    ] == [("王芳", "1990-08-15"), ("赵敏", "1990-01-02"), ("周杰", "1988-12-25")]
    assert [str(row.customer.gender) for row in customers] == ["female", "female", "male"]
    assert [(error.line, error.value) for error in errors] == [(3, "03/05/1990")]
    assert errors[0].message.startswith(
        "birthday: “03/05/1990” may be 1990-05-03 (day/month/year) or 1990-03-05"
    )
    assert (
        errors[0]
        .message_in("zh")
        .startswith(
            "生日：“03/05/1990” 可能是 1990-05-03（日/月/年），也可能是 1990-03-05（月/日/年）"
        )
    )


def test_a_customers_csv_reads_them(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "客户.csv", [",".join(cells) for cells in ROWS])
    check(*parse_customers(read_table(path)))


def test_a_customers_xlsx_reads_them(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for cells in ROWS:
        sheet.append(cells)
    path = tmp_path / "客户.xlsx"
    workbook.save(path)
    check(*parse_customers(read_any(path, kind="customers")))


@pytest.mark.parametrize(
    ("word", "gender"),
    [
        ("男士", "male"),
        ("男生", "male"),
        ("男性", "male"),
        ("先生", "male"),
        ("M", "male"),
        ("Male", "male"),
        ("女士", "female"),
        ("女生", "female"),
        ("女性", "female"),
        ("F", "female"),
        ("Female", "female"),
    ],
)
def test_every_gender_word_reads(tmp_path: Path, word: str, gender: str) -> None:
    path = write_csv(tmp_path / "客户.csv", ["姓名,手机,性别", f"王芳,13800138000,{word}"])
    customers, errors = parse_customers(read_table(path))
    assert errors == []
    assert [str(row.customer.gender) for row in customers] == [gender]
