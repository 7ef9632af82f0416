"""A merge handles the seller's own fields (积分, 肤质, 口味) as the profile's: listed where the
two differ, an empty value filled from the other side, several choices joined, the value not
taken kept in the notes, `--take` by the field's label, and `unmerge` giving both back whole."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.book_helpers import customer, fixed_clock
from tests.test_book_merge import every_row
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.merge import Side
from xiaoben.store.book import Book


def custom_fields(book: Book) -> dict[str, int]:
    """肤质 (one choice), 积分 (a number), 口味 (several choices): their ids by English label."""
    made = [
        FieldDef(kind=FieldKind.CHOICE, label_zh="肤质", label_en="skin type",
                 options=["干性", "油性", "混合"]),
        FieldDef(kind=FieldKind.NUMBER, label_zh="积分", label_en="points"),
        FieldDef(kind=FieldKind.CHOICES, label_zh="口味", label_en="flavours",
                 options=["读书", "旅行", "茶"]),
    ]  # fmt: skip
    return {field.label_en: book.add_field(field).id or 0 for field in made}


def two_records(book: Book) -> tuple[int, int, dict[str, int]]:
    """A1 with flavours only; B2 (the same person, older) with skin type, points, flavours."""
    ids = custom_fields(book)
    kept = book.save_customer(
        customer(book, "王芳", code="A1"), fields={ids["flavours"]: "旅行,茶"}
    )
    gone = book.save_customer(
        customer(book, "王芳(旧)", code="B2"),
        fields={ids["skin type"]: "干性", ids["points"]: "1200", ids["flavours"]: "读书"},
    )
    assert kept.id is not None and gone.id is not None
    return kept.id, gone.id, ids


def test_an_empty_value_is_filled_and_several_choices_joined(book: Book) -> None:
    kept, gone, ids = two_records(book)
    book.merge_customers(kept, gone)
    assert book.field_values(kept) == {
        ids["skin type"]: "干性",
        ids["points"]: Decimal(1200),
        ids["flavours"]: ["读书", "旅行", "茶"],
    }


def test_the_value_not_taken_goes_into_the_notes(book: Book) -> None:
    kept, gone, ids = two_records(book)
    book.save_customer(
        book.get_customer(kept), fields={ids["points"]: "300", ids["flavours"]: "旅行,茶"}
    )
    key = {name: f"custom.{each}" for name, each in ids.items()}
    book.merge_customers(kept, gone, {key["flavours"]: Side.SURVIVOR})
    assert book.field_values(kept)[ids["points"]] == Decimal(300)
    assert book.field_values(kept)[ids["flavours"]] == ["旅行", "茶"]
    notes = book.get_customer(kept).notes.split("\n")
    assert "another points: 1200" in notes and "another flavours: 读书" in notes


def test_a_choice_a_custom_field_does_not_offer_is_refused_by_its_label(book: Book) -> None:
    from xiaoben.models.errors import BookError

    kept, gone, ids = two_records(book)
    with pytest.raises(BookError) as refused:
        book.merge_customers(kept, gone, {f"custom.{ids['points']}": Side.BOTH})
    assert "“points” cannot take “both”" in refused.value.message()


def test_undo_gives_both_their_own_values_back(book: Book) -> None:
    kept, gone, _ = two_records(book)
    before = every_row(book.conn)
    result = book.merge_customers(kept, gone)
    book.undo_merge(result.token)
    assert every_row(book.conn) == before


@pytest.fixture
def twins_path(book_path: Path) -> Path:
    with Book.open(book_path, today=fixed_clock) as book:
        two_records(book)
    return book_path


def test_the_preview_lists_every_differing_custom_field(
    run: Callable[..., Any], twins_path: Path
) -> None:
    result = run("merge", "A1", "B2", input="n\n")
    lines = result.output.splitlines()
    assert next(line for line in lines if line.startswith("skin type")).split() == [
        "skin", "type", "干性", "干性",
    ]  # fmt: skip
    assert next(line for line in lines if line.startswith("points")).split() == [
        "points", "1200", "1200",
    ]  # fmt: skip
    assert next(line for line in lines if line.startswith("flavours")).split() == [
        "flavours", "旅行,", "茶", "读书", "读书,", "旅行,", "茶",
    ]  # fmt: skip


@pytest.mark.parametrize("label", ["points", "积分", "Points"])
def test_take_names_a_custom_field_by_its_label(
    run: Callable[..., Any], twins_path: Path, label: str
) -> None:
    with Book.open(twins_path, today=fixed_clock) as book:
        ids = {field.label_en: field.id for field in book.fields()}
        book.save_customer(
            book.get_customer(1), fields={ids["points"]: "300", ids["flavours"]: "茶"}
        )
    result = run("merge", "A1", "B2", "--take", f"{label}=absorbed", "--yes")
    assert result.exit_code == 0, result.output
    with Book.open(twins_path, today=fixed_clock) as book:
        assert book.field_values(1)[ids["points"] or 0] == Decimal(1200)
        assert "another points: 300" in book.get_customer(1).notes.split("\n")
