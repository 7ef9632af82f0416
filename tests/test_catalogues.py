"""The catalogues: every key of every front end's catalogue says the same in zh and en."""

from __future__ import annotations

import string

import pytest

from xiaoben.models.i18n import MESSAGES, catalogues, register, t


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


# Words still defined under several keys, each reached by a key built at run time: a
# field's name (field.{name}, what.{kind}: pydantic's loc and BookError's record kind), or
# a screen's column, tab or lens (f"tiers.col.{column}", f"page.why.{lens}" …) in tui/.
# Merging these takes code changes in tui/ (and a lookup by field name in models/): the
# list may only shrink.
STILL_TWICE = [
    {"field.customer", "field.customer_id", "what.customer"},
    {"field.leap_month", "profile.leap_month"},
    {"field.lunar", "profile.lunar"},
    {"field.phone", "field.phones"},
    {"field.purchasing_power", "rules.weight.purchasing_power"},
    {"key.customers", "overview.col.customers"},
    {"lens.quadrant", "rules.preview.lens.quadrant"},
    {"lens.rfm", "overview.tab.rfm", "page.why.rfm", "tiers.tab.rfm_segment"},
    {
        "lens.rfm_segment",
        "list.col.rfm_segment",
        "list.filters.rfm_segment",
        "tiers.lens.rfm_segment",
    },
    {"lens.role", "page.why.role"},
    {"lens.score", "page.why.score"},
    {"lens.stage", "page.why.stage", "rules.preview.lens.stage"},
    {"lens.value_tier", "page.why.value", "rules.preview.lens.value_tier"},
    {"list.col.name", "queue.col.name", "tiers.col.name"},
    {"list.col.score", "tiers.col.score"},
    {"list.col.stage", "overview.col.stage", "tiers.tab.stage"},
    {"list.col.value_tier", "queue.col.tier"},
    {"list.filters.region", "overview.col.region"},
    {"list.filters.role", "tiers.tab.role"},
    {"list.filters.value_tier", "tiers.lens.value_tier"},
    {"overview.chart.rfm_grid", "overview.col.cell"},
    {"overview.chart.pareto", "overview.tab.pareto"},
    # the CLI's and the app's words for the same thing: one key in models/ once the app's
    # due text and overview periods, tabs and charts are looked up by literal keys
    {"queue.due.in", "queue_cli.due.ahead"},
    {"queue.due.today", "queue_cli.due.today"},
    {"overview.period.all", "report.all_time"},
    {"overview.chart.months.lapsed", "report.col.lapsed"},
    {"overview.tab.products", "report.products"},
    {"overview.tab.regions", "report.regions"},
]


def test_no_new_words_are_defined_under_two_keys() -> None:
    keys_of: dict[tuple[str, str], set[str]] = {}
    for key, pair in MESSAGES.items():
        keys_of.setdefault(pair, set()).add(key)

    twice = [keys for keys in keys_of.values() if len(keys) > 1]
    assert [keys for keys in twice if keys not in STILL_TWICE] == []
    assert [keys for keys in STILL_TWICE if keys not in twice] == []  # merged: strike it


def test_a_key_is_defined_in_one_catalogue_only() -> None:
    with pytest.raises(ValueError, match="defined before"):
        register("another front end", {"field.name": ("名字", "name")})

    assert t("field.name", "zh") == "姓名"


def test_registering_the_same_words_again_changes_nothing() -> None:
    cli = catalogues()["cli"]

    register("cli", cli)

    assert catalogues()["cli"] == cli
