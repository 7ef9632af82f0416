"""Saved views of the customer list: stored in the book, so they survive a restart and an
import, and `xiaoben tiers --view` lists what the list would."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import Result
from pydantic import ValidationError

from tests.book_helpers import TODAY, buy, customer
from xiaoben.models.errors import BookError
from xiaoben.models.interaction import Interaction
from xiaoben.models.views import SavedView
from xiaoben.store import customer_list
from xiaoben.store.book import Book

HANGZHOU_A = SavedView(
    name="杭州 A 客户 30 天未联系",
    filters={"value_tier": "A", "region": "杭州", "silent": "30"},
    sort="revenue",
    columns=["name", "value_tier", "last_contact"],
)


def test_a_saved_view_reopens_after_a_restart(
    book_path: Path, open_book: Callable[..., Book]
) -> None:
    with open_book(book_path) as book:
        saved = book.save_view(HANGZHOU_A)

    with open_book(book_path) as again:
        assert again.views() == [saved]
        assert again.view_named("杭州 a 客户 30 天未联系 ") == saved
        assert saved.columns == ["name", "value_tier", "last_contact"]


def test_not_contacted_for_30_days_counts_purchases_and_contacts(book: Book) -> None:
    quiet = customer(book, "老王", province="浙江", city="杭州")
    bought = customer(book, "小李", city="杭州")
    called = customer(book, "阿张", city="杭州")
    never = customer(book, "新人", city="杭州")
    buy(book, quiet, 100, TODAY - timedelta(days=45))
    buy(book, bought, 100, TODAY - timedelta(days=10))
    assert called.id is not None
    book.log_contact(
        Interaction(customer_id=called.id, at=f"{TODAY - timedelta(days=3)} 10:00", kind="call")
    )
    view = SavedView(name="杭州 30 天未联系", filters={"region": "杭州", "silent": "30"})

    query = book.view_query(view)

    assert query.contacted_before == (TODAY - timedelta(days=30)).isoformat()
    ids = set(customer_list.matching_ids(book.conn, query))
    assert ids == {quiet.id, never.id}
    assert book.list_count(query) == 2


def test_views_survive_an_import(
    book_path: Path, run: Callable[..., Result], tmp_path: Path
) -> None:
    with Book.open(book_path) as book:
        book.save_view(HANGZHOU_A)
    sheet = tmp_path / "people.csv"
    sheet.write_text("姓名,城市\n王芳,杭州\n李娜,宁波\n", encoding="utf-8")

    assert run("import", "customers", str(sheet)).exit_code == 0

    with Book.open(book_path) as book:
        assert [view.name for view in book.views()] == [HANGZHOU_A.name]
        assert book.customer_count() == 2


def test_rename_keeps_the_view_and_refuses_a_taken_name(book: Book) -> None:
    first = book.save_view(HANGZHOU_A)
    other = book.save_view(SavedView(name="VIP", filters={"tag": "VIP"}))

    renamed = book.rename_view(first.id or 0, "杭州老客")

    assert renamed.filters == HANGZHOU_A.filters
    with pytest.raises(BookError, match="already exists"):
        book.rename_view(other.id or 0, "杭州老客")
    with pytest.raises(ValidationError):
        book.rename_view(other.id or 0, "   ")


def test_a_deleted_view_comes_back_in_its_place(book: Book) -> None:
    first = book.save_view(HANGZHOU_A)
    second = book.save_view(SavedView(name="VIP", filters={"tag": "VIP"}))

    deleted = book.delete_view(first.id or 0)
    assert book.views() == [second]
    book.save_view(deleted)

    assert book.views() == [first, second]


def test_a_view_this_version_cannot_apply_is_refused(book: Book) -> None:
    with pytest.raises(BookError, match="filter “mood”"):
        book.save_view(SavedView(name="x", filters={"mood": "happy"}))
    with pytest.raises(BookError, match="sort “height”"):
        book.save_view(SavedView(name="x", sort="height"))
    with pytest.raises(BookError, match="whole number"):
        book.save_view(SavedView(name="x", filters={"silent": "a month"}))
    assert book.views() == []


def test_tiers_view_lists_the_view_in_its_order(
    shop_path: Path, run: Callable[..., Result]
) -> None:
    with Book.open(shop_path) as book:
        book.save_view(SavedView(name="small first", sort="revenue", descending=False))
        book.save_view(SavedView(name="buyers only", filters={"role": "customer"}))

    def codes(name: str) -> list[str]:
        result = run("tiers", "--json", "--view", name)
        assert result.exit_code == 0, result.output
        return [row["customer"] for row in json.loads(result.output)]

    assert codes("small first") == ["C003", "C002", "C001"]
    assert codes("buyers only") == ["C002"]  # 王芳 refers others: a fan


def test_tiers_with_an_unknown_view_lists_the_saved_ones(
    shop_path: Path, run: Callable[..., Result]
) -> None:
    with Book.open(shop_path) as book:
        book.save_view(SavedView(name="buyers", filters={"role": "customer"}))
        book.save_view(SavedView(name="VIP", filters={"tag": "VIP"}))

    result = run("tiers", "--view", "nobody")

    assert result.exit_code == 1
    assert "no view named “nobody”. Saved views: buyers、VIP" in result.output


def test_tiers_with_a_view_in_a_book_without_views_says_so(
    shop_path: Path, run: Callable[..., Result]
) -> None:
    result = run("tiers", "--view", "buyers")

    assert result.exit_code == 1
    assert "the book has no saved views yet" in result.output


def test_tiers_view_by_the_plan(shop_path: Path, run: Callable[..., Result]) -> None:
    with Book.open(shop_path) as book:
        view = book.save_view(SavedView(name="plan", sort="follow_up", descending=False))
        planned = book.view_ids(view)

    result = run("tiers", "--json", "--view", "plan")

    assert result.exit_code == 0, result.output
    assert len(planned) == 3
    codes = {1: "C001", 2: "C002", 3: "C003"}
    assert [row["customer"] for row in json.loads(result.output)] == [codes[i] for i in planned]
