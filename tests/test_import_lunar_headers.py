"""A birthday header with a word of the lunar calendar beside it (生日(农历), 生日（农历）,
出生日期(阴历), 生日-农历, 生日 农历, 旧历生日, 老历生日, Birthday (lunar)) is the lunar
birthday, by rule: it was read as the solar birthday, so the greeting fell on 8月15日 instead
of 农历八月十五 (an outside tester's day-one finding 1). A solar word (阳历, 公历, 新历) keeps
it solar; another person's birthday (宝宝生日(农历)) is none of hers."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import table_of
from xiaoben.store.importing.columns import field_of, match_columns

BIRTHDAYS = ("生日", "出生日期", "客户生日", "出生年月日", "Birthday", "birthday", "Date of Birth")
LUNAR = ("农历", "阴历", "旧历", "老历", "lunar", "Lunar", "LUNAR", "農曆", "陰曆")
SOLAR = ("阳历", "公历", "新历", "陽曆", "公曆")
OTHERS = ("宝宝", "孩子", "老公", "妈妈")


def _beside(birthday: str, word: str, shape: int, space: str) -> str:
    """`word` before the birthday, after it (a space, a dash) or in brackets after it."""
    return (
        f"{word}{space}{birthday}",
        f"{birthday}{space}{word}",
        f"{birthday}{space}({word})",
        f"{birthday}（{word}）",
        f"{birthday}-{word}",
        f"{birthday}【{word}】",
        f"{birthday}[{word}]",
    )[shape]


SHAPES = st.integers(min_value=0, max_value=6)
SPACES = st.sampled_from(["", " ", "  "])


@given(st.sampled_from(BIRTHDAYS), st.sampled_from(LUNAR), SHAPES, SPACES)
def test_a_lunar_word_beside_a_birthday_header_is_the_lunar_birthday(
    birthday: str, word: str, shape: int, space: str
) -> None:
    header = _beside(birthday, word, shape, space)
    assert field_of(header, "customers") == "birthday_lunar", header
    columns = match_columns(["姓名", header], "customers")
    assert columns.fields.get("birthday_lunar") == 1, header


@given(st.sampled_from(BIRTHDAYS[:4]), st.sampled_from(SOLAR), SHAPES, SPACES)
def test_a_solar_word_beside_a_birthday_header_stays_the_birthday(
    birthday: str, word: str, shape: int, space: str
) -> None:
    header = _beside(birthday, word, shape, space)
    assert field_of(header, "customers") == "birthday", header


@given(
    st.sampled_from(BIRTHDAYS[:3]),
    st.sampled_from(LUNAR[:4]),
    st.sampled_from(OTHERS),
    SHAPES,
    SPACES,
)
def test_another_persons_lunar_birthday_is_none_of_hers(
    birthday: str, word: str, whose: str, shape: int, space: str
) -> None:
    header = whose + _beside(birthday, word, shape, space)
    assert field_of(header, "customers") not in ("birthday", "birthday_lunar"), header


@pytest.mark.parametrize("header", ["农历", "阴历", "lunar", "农历日期"])
def test_a_calendars_word_alone_names_no_birthday(header: str) -> None:
    assert field_of(header, "customers") is None


def test_a_purchases_file_has_no_birthday_of_either_calendar() -> None:
    assert field_of("生日(农历)", "purchases") is None


@pytest.mark.parametrize(
    ("header", "stored"),
    [
        ("生日（农历）", "L1990-08-15"),
        ("生日(阴历)", "L1990-08-15"),
        ("旧历生日", "L1990-08-15"),
        ("Birthday (lunar)", "L1990-08-15"),
        ("生日(公历)", "1990-08-15"),
    ],
)
def test_the_column_is_imported_in_its_calendar(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, header: str, stored: str
) -> None:
    path = tmp_path / "c.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([["姓名", "电话", header], ["陈静", "18600001234", "1990-08-15"]])

    result = run("--lang", "zh", "import", "customers", path)

    assert result.exit_code == 0, result.output
    assert f"“{header}”" not in result.stderr  # read, not listed as not imported
    assert table_of(book_path, "SELECT name, birthday FROM customers") == [("陈静", stored)]
