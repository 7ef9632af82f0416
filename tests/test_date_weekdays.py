"""Dates written with their weekday: Chinese Excel's long date (2024年3月5日星期二), a date
and 周二, English systems' Tuesday, March 5, 2024. Read when the weekday is the date's;
refused by name when it is not (the seller must say which is right)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from xiaoben.models.cells import cell_date
from xiaoben.models.days import parse_date

_ZH = "一二三四五六日"
_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip
_DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))


def _written(day: date, weekday: int, form: int) -> str:
    """`day` as sellers' files write it with the weekday `weekday` (Monday 0)."""
    zh, en, month = _ZH[weekday], _EN[weekday], _MONTHS[day.month - 1]
    return [
        f"{day.year}年{day.month}月{day.day}日星期{zh}",
        f"{day.year}年{day.month}月{day.day}日 周{zh}",
        f"{day.year}/{day.month}/{day.day} 星期{zh}",
        f"{day.isoformat()}（星期{zh}）",
        f"{day.year}年{day.month}月{day.day}日 礼拜{zh}",
        f"{en}, {month} {day.day}, {day.year}",
        f"{en[:3]}, {month[:3]} {day.day}, {day.year}",
        f"{en[:3]}, {day.day} {month[:3]} {day.year}",
        f"{day.year}年{day.month}月{day.day}日星期{zh} 14:30",
    ][form]


_FORMS = st.integers(0, 8)


@given(_DAYS, _FORMS)
def test_a_date_with_its_weekday_reads_as_the_date(day: date, form: int) -> None:
    written = _written(day, day.weekday(), form)
    assert cell_date(written) == day
    assert parse_date(written) == day


@given(_DAYS, _FORMS, st.integers(1, 6))
def test_a_date_with_another_weekday_is_refused_by_name(day: date, form: int, off: int) -> None:
    written = _written(day, (day.weekday() + off) % 7, form)
    with pytest.raises(PydanticCustomError) as refused:
        cell_date(written)
    assert refused.value.type == "xb.date_weekday"
    assert f"{day.isoformat()} is a {_EN[day.weekday()]}" in refused.value.message()


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_refused_by_rule(text: str) -> None:
    try:
        cell_date(text)
    except PydanticCustomError as refused:
        assert refused.type.startswith("xb.date")


@given(st.sampled_from(["星期", "周", "礼拜", "Tue, ", "Tuesday "]), st.text(max_size=8))
def test_a_weekday_with_anything_after_it_is_no_traceback(word: str, text: str) -> None:
    for written in (f"2024年3月5日{word}{text}", f"{word}{text} 2024", f"{word}Mar {text}, 2024"):
        try:
            cell_date(written)
        except PydanticCustomError as refused:
            assert refused.type.startswith("xb.date")


def test_the_weekday_refusal_says_which_day_it_is(monkeypatch) -> None:
    from xiaoben.models.errors import rule_message

    with pytest.raises(PydanticCustomError) as refused:
        cell_date("2024年3月5日星期三")
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    assert rule_message(refused.value, "zh") == (
        "“2024年3月5日星期三”：2024-03-05 是星期二，与写的“星期三”不符；请核对日期和星期哪个对，"
        "改正后再导入"
    )


def test_other_words_are_no_month_or_weekday() -> None:
    for written in ["Mars 5, 2024", "Foo, Mar 5, 2024", "Ma 5, 2024", "2024年3月5日星期八",
                    "2024年3月5日星期二三"]:  # fmt: skip
        with pytest.raises(PydanticCustomError):
            cell_date(written)


def test_a_purchases_file_with_weekdays_imports(run, book_path, tmp_path) -> None:
    from xiaoben.store.book import Book

    path = tmp_path / "订单.csv"
    path.write_text(
        "客户,手机,金额,日期\n王芳,13800138001,99,2024年3月5日星期二\n"
        "李娜,13800138002,88,2024年3月6日 星期三\n赵敏,13800138003,77,2024/3/7 周四\n"
        '孙丽,13800138004,66,"Friday, March 8, 2024"\n',
        encoding="utf-8",
    )
    result = run("import", "purchases", path, "--create-missing")
    assert result.exit_code == 0, result.output
    with Book.open(book_path, create=False) as book:
        days = [row[0] for row in book.db.execute("SELECT date FROM purchases ORDER BY date")]
    assert days == ["2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08"]


@pytest.mark.parametrize("sunday", ["星期日", "星期天", "礼拜天", "周日", "周七"])
def test_sunday_is_written_in_each_of_its_words(sunday: str) -> None:
    """日, 天 and 七 are all Sunday (天 was read as Monday: 2024-03-10, a Sunday, was refused
    as not 星期天, and a Monday written 星期天 was read)."""
    assert parse_date(f"2024年3月10日{sunday}") == date(2024, 3, 10)
    with pytest.raises(PydanticCustomError):
        parse_date(f"2024年3月11日{sunday}")
