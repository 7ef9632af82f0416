"""English words agree with their counts: "1 row has", "2 rows have" (`!p` in a catalogue
text). Chinese has no plural and is written without it."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoben.models.i18n import MESSAGES, t


@pytest.fixture
def rows_text(monkeypatch: pytest.MonkeyPatch) -> str:
    """A catalogue entry that counts rows, for this test only."""
    key = "test.rows_with_problems"
    monkeypatch.setitem(
        MESSAGES, key, ("{count} 行有问题", "{count} {count!p:row has|rows have} problems")
    )
    return key


@pytest.mark.parametrize("count", [1, -1, "1"])
def test_one_takes_the_singular(rows_text: str, count: object) -> None:
    assert t(rows_text, "en", count=count) == f"{count} row has problems"


@pytest.mark.parametrize("count", [0, 2, 12, "0", "2", "1,234", "1,001", 1.0])
def test_other_counts_take_the_plural(rows_text: str, count: object) -> None:
    assert t(rows_text, "en", count=count) == f"{count} rows have problems"


@pytest.mark.parametrize("count", ["one", "", "1.5", "1,23", "¥1", None])
def test_a_value_that_is_no_whole_number_takes_the_plural(rows_text: str, count: object) -> None:
    assert t(rows_text, "en", count=count) == f"{count} rows have problems"


def test_chinese_says_the_count_alone(rows_text: str) -> None:
    assert t(rows_text, "zh", count=1) == "1 行有问题"


def test_a_count_agrees_with_each_of_its_words_and_keeps_its_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(
        MESSAGES,
        "test.imported",
        (
            "已导入 {imported:,}/{rows:,} 行",
            "imported {imported:,} of {rows:,} {rows!p:row|rows}; {imported!p:it is|they are} in",
        ),
    )

    assert t("test.imported", "en", imported=1, rows=1) == "imported 1 of 1 row; it is in"
    assert t("test.imported", "en", imported=1, rows=1234) == "imported 1 of 1,234 rows; it is in"
    assert t("test.imported", "en", imported=2000, rows=2000) == (
        "imported 2,000 of 2,000 rows; they are in"
    )


def test_a_text_without_counted_words_is_formatted_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "{name}! {amount:.2f} on {day:%m-%d}, {items!r}"
    monkeypatch.setitem(MESSAGES, "test.plain", (text, text))
    values = {"name": "Wang", "amount": 1.5, "day": date(2026, 3, 8), "items": ["tea"]}

    assert t("test.plain", "en", **values) == text.format(**values)
    assert t("test.plain", "en") == text  # no values: the text as written


def test_a_counted_word_without_both_forms_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(MESSAGES, "test.one_form", ("{count} 行", "{count} {count!p:rows}"))

    with pytest.raises(ValueError, match=r"singular\|plural"):
        t("test.one_form", "en", count=2)
