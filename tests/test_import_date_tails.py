"""A date cell with something after the date: a time of day is the date's; anything else
(2024-03-05 hello, a time that is none, 25:00) is refused by name, never read as the date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from pydantic_core import PydanticCustomError

from tests.book_helpers import count, dump, write_csv
from xiaoben.models.birthday_text import birthday_cell
from xiaoben.models.cells import cell_date
from xiaoben.models.interaction import Interaction
from xiaoben.store.driver import sqlite3

NOT_TIMES = [
    "2024-03-05 hello",
    "2024-03-05Thello",
    "2024-03-05 14:30 hello",
    "2024-03-05 25:00",
    "2024-03-05 14:61",
    "2024-03-05T12:00Zjunk",
    "2024/3/5 hello",
    "2024年3月5日 hello",
    "2024年3月5日hello",
    "20240305 hello",
    "2024-03-05 下午",
    "2024-03-05 13:30 PM",
    "2024-03-05 25时",
    "20240305253000",
]
TIMES = [
    "2024-03-05 14:30",
    "2024-03-05 14:30:00",
    "2024-03-05T14:30",
    "2024-03-05T14:30:00.250",
    "2024-03-05T14:30:00+08:00",
    "2024/3/5 14:30",
    "2024/3/5 下午 2:30",
    "2024/3/5 2:30 PM",
    "2024年3月5日 14时30分",
    "20240305143000",
]


@pytest.mark.parametrize("cell", NOT_TIMES)
def test_a_date_with_text_after_it_is_no_date(cell: str) -> None:
    with pytest.raises(PydanticCustomError):
        cell_date(cell)
    with pytest.raises(PydanticCustomError):
        birthday_cell(cell.replace("2024", "1990"), this_year=2026)


@pytest.mark.parametrize("cell", TIMES)
def test_a_date_with_a_time_of_day_is_its_day(cell: str) -> None:
    assert cell_date(cell) == dt.date(2024, 3, 5)
    # a birthday cell of digits alone is a number (yyyymmdd or a day's); a birthday has no zone
    if not cell.isdigit() and "+" not in cell:
        assert birthday_cell(cell.replace("2024", "1990"), this_year=2026)["day"] == 5


def test_a_contact_time_with_text_after_it_is_refused() -> None:
    with pytest.raises(ValueError, match="10:30:junk"):
        Interaction(customer_id=1, at="2026-05-02 10:30:junk", kind="call")
    assert Interaction(customer_id=1, at="2026-05-02 10:30:59", kind="call").at == dt.datetime(
        2026, 5, 2, 10, 30
    )


def purchases_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return count(conn, "purchases")
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "line 2, date: “2024-03-05 hello”: “hello” after the date is not a time of "
            "day (such as 14:30 or 14:30:00); write the date alone, or with a real time",
        ),
        (
            "zh",
            "第 2 行，date：日期：“2024-03-05 hello”：日期后面的“hello”不是时刻（如 14:30 或 "
            "14:30:00）；请只写日期，或写上真实的时刻",
        ),
    ],
)
def test_a_purchase_dated_with_text_after_the_date_is_refused(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path, lang: str, message: str
) -> None:
    before = purchases_in(shop_path)
    bills = write_csv(
        tmp_path / "bills.csv",
        ["code,date,amount", "C001,2024-03-05 hello,100", "C002,2024-03-05 14:30,50"],
    )

    result = run("--lang", lang, "import", "purchases", str(bills))

    assert result.exit_code == 1
    assert message in result.stderr
    assert purchases_in(shop_path) == before


def test_a_birthday_with_a_time_that_is_none_is_refused(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    before = dump(shop_path)
    sheet = write_csv(
        tmp_path / "customers.csv",
        ["code,name,birthday", "C002,李娜,1990-03-05 25:00", "C003,赵敏,1991-04-06 14:30"],
    )

    result = run("import", "customers", str(sheet))

    assert result.exit_code == 1
    assert "line 2, birthday:" in result.stderr
    assert "1990-03-05 25:00" in result.stderr
    assert "line 3" not in result.stderr
    assert dump(shop_path) == before


def test_a_custom_date_field_with_text_after_the_date_is_refused(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    assert run("fields", "add", "入群日", "--en", "joined on", "--kind", "date").exit_code == 0
    before = dump(shop_path)
    sheet = write_csv(tmp_path / "customers.csv", ["code,name,入群日", "C002,李娜,2024-03-05 hi"])

    result = run("import", "customers", str(sheet))

    assert result.exit_code == 1
    assert "“hi” after the date is not a time of day" in result.stderr
    assert dump(shop_path) == before
