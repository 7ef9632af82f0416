"""English words agree with their counts: "1 row has", "2 rows have" (`!p` in a catalogue
text). Chinese has no plural and is written without it."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import write_csv
from xiaoben.cli.queue import due_text
from xiaoben.models.i18n import MESSAGES, catalogues, t


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


# ---- the catalogues ----------------------------------------------------------------------

# Placeholders that hold a word, never a count ("{label} thresholds": a field's name).
WORDS = {"label", "kind"}


def counted_fields(text: str) -> list[tuple[str, str]]:
    """(name, spec) of each `!p` field of a text: ("rows", "row|rows")."""
    fields = string.Formatter().parse(text)
    return [(name, spec) for _, name, spec, conversion in fields if conversion == "p" and name]


def nouns(spec: str) -> set[tuple[str, str]]:
    """The (singular, plural) nouns of a `!p` spec: "row is a purchase|rows are purchases"
    -> (row, rows), (purchase, purchases); verbs (has|have) and pronouns are no such pair."""
    singular, _, plural = spec.partition("|")
    plural_words = set(re.findall(r"\w+", plural))
    return {
        (word, word + ending)
        for word in re.findall(r"\w+", singular)
        for ending in ("s", "es")
        if word + ending in plural_words
    }


EN = {key: en for labels in catalogues().values() for key, (_, en) in labels.items()}
COUNTED = sorted(key for key, en in EN.items() if counted_fields(en))
NOUNS = {pair for key in COUNTED for _, spec in counted_fields(EN[key]) for pair in nouns(spec)}


def each_value(text: str, count: int) -> dict[str, object]:
    """Every placeholder of a text set to `count` (a word for those in WORDS)."""
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return {name: "word" if name in WORDS else count for name in names}


def one_with_a_plural(key: str) -> str | None:
    """The entry's English with every count 1, if it then says "1 rows" (any plural noun
    the catalogues count somewhere)."""
    said = t(key, "en", **each_value(EN[key], 1))
    plurals = "|".join(sorted(plural for _, plural in NOUNS))
    return said if re.search(rf"\b1 (?:{plurals})\b", said) else None


def test_the_catalogues_count_the_usual_nouns() -> None:
    assert {("row", "rows"), ("customer", "customers"), ("day", "days")} <= NOUNS
    assert len(COUNTED) > 100


def test_no_english_entry_says_one_with_a_plural_noun() -> None:
    """Every entry, with or without `!p`: a count written "{count} rows" would say "1 rows"."""
    assert [said for key in EN if (said := one_with_a_plural(key))] == []


def test_the_check_finds_a_count_without_agreement(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(EN, "test.rows", "{bad} of {rows} rows have problems")
    monkeypatch.setitem(MESSAGES, "test.rows", ("{rows} 行中 {bad} 行有问题", EN["test.rows"]))

    assert one_with_a_plural("test.rows") == "1 of 1 rows have problems"


def two_with_a_singular(said: str) -> bool:
    """Whether "2 <singular noun>" is said, but as the first word of a compound whose last
    noun is plural ("2 order numbers": order names the kind of number)."""
    singulars = "|".join(sorted({single for single, _ in NOUNS}))
    plurals = "|".join(sorted({plural for _, plural in NOUNS} | {"numbers"}))
    return bool(re.search(rf"\b2 (?:{singulars})\b(?! (?:{plurals})\b)", said))


def test_a_compound_noun_takes_the_plural_on_its_last_word() -> None:
    assert not two_with_a_singular("2 order numbers name different customers")
    assert two_with_a_singular("2 order number names different customers")
    assert two_with_a_singular("2 order were closed")


@pytest.mark.parametrize("key", COUNTED)
def test_two_takes_the_plural_nouns(key: str) -> None:
    said = t(key, "en", **each_value(EN[key], 2))

    assert not two_with_a_singular(said), said


def test_chinese_has_no_counted_words() -> None:
    zh = [key for labels in catalogues().values() for key, (zh, _) in labels.items() if "!p" in zh]

    assert zh == []


# ---- the command line --------------------------------------------------------------------


def test_one_bad_row_of_one_has_problems(run: Callable[..., Result], tmp_path: Path) -> None:
    bills = write_csv(tmp_path / "one.csv", ["手机,日期,金额", "13812345678,2026-02-30,88"])

    result = run("--lang", "en", "import", "purchases", str(bills))

    assert result.exit_code == 1
    assert "import cancelled: 1 of 1 row has problems; the book was not changed" in result.stderr


def test_a_dry_run_of_one_customer_says_one_row_and_one_customer(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "one.csv", ["姓名,手机", "王一,13912345670"])

    result = run("--lang", "en", "import", "customers", str(people), "--dry-run")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "dry run: 1 of 1 row would import (1 customer created, 0 updated; 0 bad rows;"
    )


def test_two_bad_rows_of_two_have_problems(run: Callable[..., Result], tmp_path: Path) -> None:
    bills = write_csv(
        tmp_path / "two.csv",
        ["手机,日期,金额", "13812345678,2026-02-30,88", "13812345678,2026-02-31,88"],
    )

    result = run("--lang", "en", "import", "purchases", str(bills))

    assert "import cancelled: 2 of 2 rows have problems" in result.stderr


def test_an_export_of_one_customer_says_one_customer(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "one.csv", ["姓名,手机", "王一,13912345670"])
    assert run("import", "customers", str(people)).exit_code == 0

    result = run("export", str(tmp_path / "out.csv"))

    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(" — 1 customer\n")


def test_the_queue_says_one_day_overdue_and_in_one_day() -> None:
    assert [due_text(days) for days in (2, 1, 0, -1, -2)] == [
        "2 days overdue",
        "1 day overdue",
        "today",
        "in 1 day",
        "in 2 days",
    ]
    assert [due_text(days, snoozed=True) for days in (1, -1)] == [
        "1 day overdue (snoozed)",
        "in 1 day (snoozed)",
    ]


# ---- tiering's own catalogue (reasons) ------------------------------------------------------

# Averages, always written with a decimal ("mean 1.0 days"): no count to agree with.
MEANS = {"mean_days", "mean_orders", "mean_net"}


def reasons_said(count: int) -> dict[str, str]:
    from xiaoben.tiering.reasons import REASONS, _t

    said = {}
    for key, (_, en) in REASONS.items():
        values = {name: "1.0" if name in MEANS else v for name, v in each_value(en, count).items()}
        said[key] = _t(key, "en", **values)
    return said


def test_the_reasons_agree_with_their_counts() -> None:
    plurals = "|".join(sorted(plural for _, plural in NOUNS))
    singulars = "|".join(sorted(single for single, _ in NOUNS))

    ones = [s for s in reasons_said(1).values() if re.search(rf"\b1 (?:{plurals})\b", s)]
    twos = [s for s in reasons_said(2).values() if re.search(rf"\b2 (?:{singulars})\b", s)]

    assert ones == [] and twos == []
    assert reasons_said(1)["stage.lapsed"] == "1: no purchase for more than 1 day (1 day)"
    assert reasons_said(1)["count.days_ago"] == "1 day ago"
    assert reasons_said(3)["count.orders"] == "3 orders"
