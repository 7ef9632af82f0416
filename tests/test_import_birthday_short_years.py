"""Birthdays noted with a two-digit year, as sellers write them in a birthday column:
90年3月5日, 90.3.5, 90/3/5 are 1990's. The year is 19xx when its digits are above this
year's two digits, else 20xx (a birthday is never in a later year). Before a dot, slash or
dash, 00 to 31 may be a day or a month (05.3.12): refused, naming the rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from tests.book_helpers import write_csv
from xiaoben.models.birthday_text import birthday_cell, full_year, parse_birthday
from xiaoben.store.book import Book
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.imports import import_table


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


THIS_YEAR = 2026


def born(cell: str) -> tuple[int | None, int, int, bool]:
    found = birthday_cell(cell, this_year=THIS_YEAR)
    return found["year"], found["month"], found["day"], found["lunar"]


@pytest.mark.parametrize(
    "cell", ["90年3月5日", "90.3.5", "90/3/5", "90-3-5", "90年03月05日", "９０年３月５日"]
)
def test_a_two_digit_year_in_a_birthday_cell_is_1990(cell: str) -> None:
    assert born(cell) == (1990, 3, 5, False)


def test_a_two_digit_year_before_a_lunar_day_is_read_too() -> None:
    assert born("农历90年八月十五") == (1990, 8, 15, True)


def test_a_year_written_with_nian_is_a_year_whatever_its_digits() -> None:
    assert full_year(5, 2026) == 2005
    assert birthday_cell("05年3月12日", this_year=2026)["year"] == 2005
    assert birthday_cell("05年3月12日", this_year=2004)["year"] == 1905  # this year decides


@pytest.mark.parametrize("cell", ["05.3.12", "12/3/5", "31-1-2"])
def test_a_year_that_may_be_a_day_or_a_month_is_refused_by_the_rule(cell: str) -> None:
    with pytest.raises(PydanticCustomError) as caught:
        birthday_cell(cell, this_year=THIS_YEAR)

    assert caught.value.type == "xb.birthday_short_year"
    assert f"“{cell}” has a two-digit year that may also be a day or a month" in str(caught.value)


def test_a_month_and_day_and_a_full_year_are_read_as_before() -> None:
    assert born("03-05") == (None, 3, 5, False)
    assert born("1990.3.5") == (1990, 3, 5, False)
    with pytest.raises(PydanticCustomError, match=r"may be 1990-05-03 .* or 1990-03-05"):
        birthday_cell("03-05-1990", this_year=THIS_YEAR)  # day-month-year is not guessed


@given(short=st.integers(0, 99), this_year=st.integers(2000, 2098))
def test_a_full_year_is_never_later_than_this_year_nor_a_century_before(
    short: int, this_year: int
) -> None:
    year = full_year(short, this_year)
    assert year % 100 == short
    assert this_year - 99 <= year <= this_year


def test_the_apps_form_takes_no_two_digit_year() -> None:
    with pytest.raises(PydanticCustomError):
        parse_birthday("90.3.5")  # only a birthday column's cell is read so


def test_a_customers_file_of_short_years_imports_them_and_names_the_ambiguous(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机,生日",
            "王芳,13800138000,90年3月5日",
            "李娜,13800138001,88.12.1",
            "赵敏,13800138002,05.3.12",
        ],
    )

    customers, errors = parse_customers(read_table(path))

    assert [
        (
            row.customer.name,
            (row.customer.birthday.year, row.customer.birthday.month, row.customer.birthday.day),
        )
        for row in customers
    ] == [
        ("王芳", (1990, 3, 5)),
        ("李娜", (1988, 12, 1)),
    ]
    assert [(error.line, error.value) for error in errors] == [(4, "05.3.12")]
    assert errors[0].message.startswith("birthday: “05.3.12” has a two-digit year")
    assert errors[0].message_in("zh").startswith("生日：“05.3.12” 的年份只有两位")


def test_the_books_today_not_the_clock_tells_a_short_years_century(tmp_path: Path) -> None:
    """The importer's today decides 05年's century (models read no clock): a book whose day is
    in 2004 reads 05年3月12日 as 1905, a birthday never being in a later year. Before, the
    wall clock's year did (2005)."""
    path = write_csv(tmp_path / "客户.csv", ["姓名,手机,生日", "王芳,13800138000,05年3月12日"])

    with Book.open(tmp_path / "b.db", today=lambda: dt.date(2004, 6, 1)) as book:
        import_table(book, "customers", read_table(path), lambda *_: None)
        found = book.find_customer("13800138000")

    assert found is not None and found.birthday is not None
    assert (found.birthday.year, found.birthday.month, found.birthday.day) == (1905, 3, 12)
