"""Saved views that filter by a custom field: kept by the field's id, so they reopen after
a restart, follow a renamed field, and are refused (not quietly widened) once the field is
removed — on the list and in `xiaoben tiers --view`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import customer
from xiaoben.models.errors import BookError
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.views import SavedView
from xiaoben.store import customer_list
from xiaoben.store.book import Book


def _skin_book(book: Book) -> tuple[int, dict[str, int]]:
    """A choice field 肤质 and three customers: two dry-skinned, one oily."""
    field = book.add_field(
        FieldDef(
            kind=FieldKind.CHOICE, label_zh="肤质", label_en="skin type", options=["干性", "油性"]
        )
    )
    assert field.id is not None
    ids = {}
    for name, skin in (("王芳", "干性"), ("李娜", "油性"), ("张敏", "干性")):
        saved = customer(book, name)
        assert saved.id is not None
        book.save_customer(saved, {field.id: skin})
        ids[name] = saved.id
    return field.id, ids


def _dry(field_id: int) -> SavedView:
    return SavedView(name="干皮", filters={f"field.{field_id}": "干性"}, sort="name")


def _listed(book: Book, view: SavedView) -> set[int]:
    return set(customer_list.matching_ids(book.conn, book.view_query(view)))


def test_a_view_by_a_custom_field_reopens_after_a_restart(
    book_path: Path, open_book: Callable[..., Book]
) -> None:
    with open_book(book_path) as book:
        field_id, ids = _skin_book(book)
        book.save_view(_dry(field_id))

    with open_book(book_path) as again:
        (view,) = again.views()
        assert view.filters == {f"field.{field_id}": "干性"}
        assert _listed(again, view) == {ids["王芳"], ids["张敏"]}


def test_a_renamed_field_keeps_its_views(book: Book) -> None:
    field_id, ids = _skin_book(book)
    view = book.save_view(_dry(field_id))
    old = book.field_map()[field_id]

    book.update_field(old.model_copy(update={"label_zh": "皮肤类型", "label_en": "skin"}))

    assert _listed(book, view) == {ids["王芳"], ids["张敏"]}


def test_a_removed_fields_view_is_refused_until_the_field_is_back(book: Book) -> None:
    field_id, ids = _skin_book(book)
    view = book.save_view(_dry(field_id))

    book.remove_field(field_id)

    with pytest.raises(BookError) as refused:
        book.view_query(view)
    assert str(refused.value) == (
        "the view “干皮” filters by the removed custom field “肤质 / skin type”;"
        " restore the field or save the view again"
    )
    with pytest.raises(BookError):
        book.save_view(SavedView(name="again", filters=view.filters))

    book.restore_field(field_id)

    assert _listed(book, view) == {ids["王芳"], ids["张敏"]}


def test_a_view_naming_a_field_not_in_the_book_is_refused(book: Book) -> None:
    with pytest.raises(BookError, match="“#99”"):
        book.save_view(SavedView(name="ghost", filters={"field.99": "x"}))
    with pytest.raises(BookError, match=r"“field\.x”"):
        book.save_view(SavedView(name="bad", filters={"field.x": "x"}))


def test_tiers_view_honours_a_custom_field_filter(
    book_path: Path, run: Callable[..., Result]
) -> None:
    with Book.open(book_path) as book:
        field_id, ids = _skin_book(book)
        book.save_view(_dry(field_id))

    result = run("tiers", "--json", "--view", "干皮")

    assert result.exit_code == 0, result.output
    listed = [row["customer"] for row in json.loads(result.output)]
    assert listed == [f"#{ids['张敏']}", f"#{ids['王芳']}"]  # the view sorts by name (pinyin)


def test_tiers_view_of_a_removed_field_says_so(book_path: Path, run: Callable[..., Result]) -> None:
    with Book.open(book_path) as book:
        field_id, _ = _skin_book(book)
        book.save_view(_dry(field_id))
        book.remove_field(field_id)

    result = run("tiers", "--view", "干皮")

    assert result.exit_code == 1
    assert "filters by the removed custom field “肤质 / skin type”" in result.output
