"""`xiaoben fields` (list, add, rename, remove, restore) and custom fields in `tiers --json`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.book_helpers import buy, customer, fixed_clock
from xiaoben.store.book import Book


def test_add_then_list_shows_the_field(run: Callable[..., Any]) -> None:
    added = run("fields", "add", "肤质", "--en", "skin type", "--kind", "choice",
                "--option", "干性,油性", "--option", "混合")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "Added field #1: skin type" in added.output

    listed = run("fields", "list", "--json")

    assert json.loads(listed.output) == [
        {
            "id": 1,
            "kind": "choice",
            "label_zh": "肤质",
            "label_en": "skin type",
            "required": False,
            "options": ["干性", "油性", "混合"],
        }
    ]
    assert "one choice" in run("fields").output


def test_a_bad_definition_names_the_rule(run: Callable[..., Any]) -> None:
    refused = run("fields", "add", "肤质", "--kind", "choice")

    assert refused.exit_code == 1
    assert "options: a choice field needs at least one option" in refused.output


def test_rename_keeps_the_values(run: Callable[..., Any], book_path: Path) -> None:
    run("fields", "add", "学校", "--en", "school")
    with Book.open(book_path, today=fixed_clock) as book:
        book.save_customer(customer(book, "王芳"), {1: "实验小学"})

    renamed = run("fields", "rename", "school", "孩子学校", "--en", "kid's school")

    assert renamed.exit_code == 0, renamed.output
    with Book.open(book_path, today=fixed_clock) as book:
        assert book.fields()[0].label_en == "kid's school"
        assert book.field_values(1) == {1: "实验小学"}


def test_remove_asks_and_restore_brings_it_back(run: Callable[..., Any]) -> None:
    run("fields", "add", "学校", "--en", "school")

    said_no = run("fields", "remove", "#1", input="n\n")
    assert said_no.exit_code == 1
    assert "school" in run("fields").output

    removed = run("fields", "remove", "学校", "--yes")
    assert "xiaoben fields restore 1" in removed.output
    assert "No custom fields yet" in run("fields").output

    assert run("fields", "restore", "1").exit_code == 0
    assert "school" in run("fields").output


def test_an_unknown_field_is_named(run: Callable[..., Any]) -> None:
    refused = run("fields", "rename", "鞋码", "尺码")

    assert refused.exit_code == 1
    assert "no custom field “鞋码”" in refused.output


def test_tiers_json_carries_the_custom_fields(run: Callable[..., Any], book_path: Path) -> None:
    run("fields", "add", "鞋码", "--en", "shoe size", "--kind", "number")
    run("fields", "add", "直播间", "--en", "livestreams", "--kind", "choices",
        "--option", "早场,晚场")  # fmt: skip
    with Book.open(book_path, today=fixed_clock) as book:
        wang = book.save_customer(customer(book, "王芳"), {1: "38.5", 2: "晚场、早场"})
        buy(book, wang, 100)
        customer(book, "李娜")

    rows = json.loads(run("tiers", "--json").output)

    by_name = {row["name"]: row["fields"] for row in rows}
    assert by_name == {"王芳": {"shoe size": 38.5, "livestreams": ["早场", "晚场"]}, "李娜": {}}
