"""The catalogues: every key of every front end's catalogue says the same in zh and en."""

from __future__ import annotations

import locale
import re
import string

import pytest

from xiaoben.models.errors import field_rule, split_field_rule
from xiaoben.models.i18n import (
    COUNT_SPEC,
    MESSAGES,
    catalogues,
    language_from_environment,
    register,
    t,
)
from xiaoben.store.importing.errors import RowError


def placeholders(text: str) -> set[str]:
    """The names a text formats, with a language's own variant (`detail_zh` in zh,
    `detail_en` in en: a value the caller words in each language) under one name."""
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return {name.removesuffix("_zh").removesuffix("_en") for name in names}


EVERY_KEY = [(name, key) for name, labels in catalogues().items() for key in labels]


def test_the_front_ends_are_registered() -> None:
    assert {"models", "cli", "tui"} <= set(catalogues())


@pytest.mark.parametrize(("catalogue", "key"), EVERY_KEY, ids=[key for _, key in EVERY_KEY])
def test_zh_and_en_take_the_same_values(catalogue: str, key: str) -> None:
    zh, en = catalogues()[catalogue][key]

    assert placeholders(zh) == placeholders(en)


def test_chinese_words_join_a_label_and_what_follows_with_a_full_width_colon() -> None:
    """ "生日：月：不能大于 12", never "生日: 月: …": the ASCII colon and space are English's
    (a time, 14:30, is no such join)."""
    joined = re.compile(r"(?<![0-9A-Za-z]): ")
    english_colon = [
        key
        for labels in catalogues().values()
        for key, (zh, _) in labels.items()
        if joined.search(zh)
    ]

    assert english_colon == []


def test_a_field_and_its_rule_are_joined_and_split_in_either_language() -> None:
    assert (
        field_rule("生日", field_rule("月", "不能大于 12", "zh"), "zh") == "生日：月：不能大于 12"
    )
    assert field_rule("birthday", "month: at most 12", "en") == "birthday: month: at most 12"
    assert split_field_rule("生日：月：不能大于 12") == ("生日", "月：不能大于 12")
    assert split_field_rule("备注: 单元格是错误值") == ("备注", "单元格是错误值")
    assert split_field_rule("必填") == ("", "必填")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("header", ["备注：内部", "联系人：", "Note: inside", "日期"])
def test_a_header_that_names_the_field_is_not_said_twice_even_with_a_colon_in_it(
    lang: str, header: str
) -> None:
    error = RowError(2, f" {header} ", "x", field_rule(header, "不能超过 200 个字", lang))  # type: ignore[arg-type]

    assert error.said_once() == "不能超过 200 个字"
    assert RowError(2, "其他", "x", error.message).said_once() == error.message


def test_no_words_are_defined_under_two_keys() -> None:
    keys_of: dict[tuple[str, str], set[str]] = {}
    for key, pair in MESSAGES.items():
        keys_of.setdefault(pair, set()).add(key)

    assert [keys for keys in keys_of.values() if len(keys) > 1] == []


def test_a_key_is_defined_in_one_catalogue_only() -> None:
    with pytest.raises(ValueError, match="defined before"):
        register("another front end", {"field.name": ("名字", "name")})

    assert t("field.name", "zh") == "姓名"


def test_registering_the_same_words_again_changes_nothing() -> None:
    cli = catalogues()["cli"]

    register("cli", cli)

    assert catalogues()["cli"] == cli


@pytest.mark.parametrize(
    ("variables", "system", "expected"),
    [
        ({"XIAOBEN_LANG": "zh", "LANG": "en_US.UTF-8"}, "en_US", "zh"),
        ({"LC_ALL": "zh_CN.UTF-8"}, "en_US", "zh"),
        ({"LANG": "en_GB.UTF-8"}, "zh_CN", "en"),
        ({}, "zh_CN", "zh"),  # no variable names it: the system's locale
        ({}, "de_DE", "en"),
        ({}, None, "en"),
    ],
)
def test_the_language_comes_from_the_variables_then_the_locale(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], system: str | None, expected: str
) -> None:
    for name in ("XIAOBEN_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(locale, "getlocale", lambda *_: (system, "UTF-8"))
    assert language_from_environment() == expected


# The import's report and the Import screen: every count of theirs is written one way,
# COUNT_SPEC ({count:,}: 70,354), where 记入消费 70,354 笔 stood beside 支出 19696 笔 (a
# reviewer's F8). A count is a value its English words agree with (!p), or one of these names.
_REPORT_KEYS = ("import.", "importer.", "cli.import")
_REPORT_TOO = frozenset(
    {"cli.more_errors", "cli.shared_orders", "cli.near_matches", "cli.near_matches_kept",
     "cli.kept_referrers"}
)  # fmt: skip
_COUNT_NAMES = frozenset(
    {"count", "rows", "imported", "created", "updated", "bad", "held", "spent", "neutral",
     "known", "closed", "refunded", "changed", "removed", "purchases"}
)  # fmt: skip
# `refunded`, `held` there are words (an amount, an order number), no counts
_NOT_REPORT = frozenset(
    {"import.order_refund_above_total", "import.orders_respelled",
     "import.orders_respelled_in_file"}
)  # fmt: skip


def _fields(text: str) -> list[tuple[str, str, str | None]]:
    """(name, spec, conversion) of each value a text formats, those inside a !p's words too."""
    found = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            found.append((name, spec or "", conversion))
            found += _fields(spec) if spec and "{" in spec else []
    return found


REPORT_KEYS = [
    (name, key)
    for name, labels in catalogues().items()
    for key in labels
    if (key.startswith(_REPORT_KEYS) or key in _REPORT_TOO) and key not in _NOT_REPORT
]


@pytest.mark.parametrize(("catalogue", "key"), REPORT_KEYS, ids=[key for _, key in REPORT_KEYS])
def test_every_count_of_the_import_report_is_written_one_way(catalogue: str, key: str) -> None:
    pair = catalogues()[catalogue][key]
    counts = _COUNT_NAMES | {name for text in pair for name, _, how in _fields(text) if how == "p"}

    unlike = [
        (name, spec)
        for text in pair
        for name, spec, how in _fields(text)
        if name in counts and how != "p" and spec != COUNT_SPEC
    ]

    assert unlike == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_large_bills_counts_are_written_as_its_purchases_are(lang: str) -> None:
    left_out = t("import.bill_left_out", lang, spent=19696, neutral=9950)
    recorded = t("cli.import_purchases", lang, count=70354)

    assert "19,696" in left_out and "9,950" in left_out and "70,354" in recorded
    assert "19,696" in t("import.bill_left_out_spent", lang, count=19696)
    assert "9,950" in t("import.bill_left_out_neutral", lang, count=9950)
    assert "1,212" in t("import.bill_paid_back", lang, count=1212, listed="")
    assert "1,209" in t("import.bill_paid_back_more", lang, count=1209)
    assert t("cli.import_done", lang, imported=70354, rows=100000, created=5000, updated=0,
             bad=0, source="utf-8").count(",") >= 3  # fmt: skip


def test_a_count_given_written_is_written_as_it_is() -> None:
    said = t("import.bill_returned", "en", count="1,234", column="交易类型", kinds="美团-退款")
    assert said.startswith("1,234 payments in")


# A cell's or a row's own message: its counts (a cell's characters, a row's cells, a limit,
# customers of one name) wrote 12345 where the report beside it writes 12,345 (a reviewer).
_ONE_CELL = {
    "import.grown_in_book": {"length": 12001, "max": 10000},
    "import.grown_too_long": {"cell": 9876, "length": 12001, "max": 10000, "added": "“备注”"},
    "import.line_too_long": {"line": 2, "limit": 1048576},
    "import.lost_zeros": {"value": "42", "width": 1024, "example": "00042"},
    "import.row_too_long": {"cells": 1234, "columns": 1001, "extra": "x"},
    "import.row_too_long_separated": {"cells": 1234, "columns": 1001, "extra": "x",
                                      "separator": "；"},
    "import.row_too_short": {"cells": 1001, "columns": 1234, "separator": ","},
    "rule.too_long": {"max": 10000},
    "rule.too_short": {"min": 1500},
    "rule.too_many": {"max": 2000},
    "rule.too_few": {"min": 1500},
    "rule.merge_notes_full": {"added": 1200, "length": 10200, "max": 10000, "over": 1200},
    "rule.merge_notes_joined": {"length": 12001, "max": 10000, "over": 2001},
    "rule.merge_notes_long": {"length": 12001, "max": 10000, "over": 2001},
    "store.ambiguous_name": {"count": 1234, "name": "王姐"},
    "store.ambiguous_payer": {"count": 1234, "name": "王姐"},
    "store.ambiguous_nickname": {"count": 1234, "name": "王姐"},
    "store.ambiguous_key_many": {"count": 1234, "key": "k", "first": "甲", "second": "乙"},
    "store.customers_of_key_many": {"count": 1234, "first": "甲", "second": "乙"},
}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("key", sorted(_ONE_CELL))
def test_a_cells_counts_are_written_as_the_reports_are(key: str, lang: str) -> None:
    values = _ONE_CELL[key]
    said = t(key, lang, **values)

    for name, value in values.items():
        if isinstance(value, int) and value >= 1000:
            written = f"{value:,}"
            assert written in said, (name, said)
            assert str(value) not in said.replace(written, ""), (name, said)
