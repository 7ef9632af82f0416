"""A merge never leaves a birthday and an age band that disagree: the band follows the
merged birthday (models.birthday.age_band_on, on the book's today), and undo gives back both
records as they were."""

from __future__ import annotations

from datetime import date

import pytest

from tests.book_helpers import TODAY, customer
from tests.test_book_merge import every_row
from xiaoben.models.birthday import Birthday, age_band_on
from xiaoben.models.enums import AgeBand
from xiaoben.models.merge import Side, preview_fields
from xiaoben.store.book import Book


def test_the_band_follows_a_birthday_taken_from_the_other_record(book: Book) -> None:
    """The hostile test's 雷颖霞: the kept record has 35–44 and no birthday, the other was
    born 1970-09-19 (55–64); the merged record is born 1970 and 55–64, and undo restores."""
    kept = customer(book, "雷颖霞", code="C0022", age_band="35-44")
    other = customer(
        book, "雷颖霞", code="C0132", birthday=Birthday.from_text("1970-09-19"), age_band="55-64"
    )
    assert kept.id is not None and other.id is not None
    before = every_row(book.conn)

    result = book.merge_customers(kept.id, other.id)

    assert result.survivor.birthday == Birthday(year=1970, month=9, day=19)
    assert result.survivor.age_band is AgeBand.B55_64
    book.undo_merge(result.token)
    assert every_row(book.conn) == before


def test_the_band_follows_even_when_the_other_had_none(book: Book) -> None:
    kept = customer(book, "王芳", age_band="18-24")
    other = customer(book, "王芳", birthday=Birthday.from_text("1990-01-01"))
    assert kept.id is not None and other.id is not None

    merged = book.merge_customers(kept.id, other.id).survivor

    assert merged.age_band is AgeBand.B35_44  # 36 on TODAY


def test_a_band_that_agrees_or_has_nothing_to_agree_with_is_kept(book: Book) -> None:
    kept = customer(
        book, "王芳", age_band="35-44", birthday=Birthday.from_text("--03-05")
    )  # no year
    other = customer(book, "王芳", age_band="55-64")
    assert kept.id is not None and other.id is not None

    merged = book.merge_customers(kept.id, other.id, {"age_band": Side.SURVIVOR}).survivor

    assert merged.age_band is AgeBand.B35_44


def test_a_chosen_band_that_contradicts_the_chosen_birthday_follows_it(book: Book) -> None:
    kept = customer(book, "王芳", birthday=Birthday.from_text("1990-06-01"), age_band="35-44")
    other = customer(book, "王芳", birthday=Birthday.from_text("2000-06-01"), age_band="25-34")
    assert kept.id is not None and other.id is not None

    merged = book.merge_customers(
        kept.id, other.id, {"birthday": Side.ABSORBED, "age_band": Side.SURVIVOR}
    ).survivor

    assert (merged.birthday, merged.age_band) == (
        Birthday(year=2000, month=6, day=1),
        AgeBand.B25_34,
    )


def test_the_preview_shows_the_band_when_the_birthday_differs(book: Book) -> None:
    kept = customer(book, "王芳", age_band="35-44")
    other = customer(book, "王芳", birthday=Birthday.from_text("1970-09-19"), age_band="35-44")

    assert preview_fields(kept, other)[:2] == ["birthday", "age_band"]


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2008, 11, 24), AgeBand.UNDER18),  # 18 tomorrow
        (date(2008, 11, 23), AgeBand.B18_24),  # 18 today
        (date(1991, 11, 23), AgeBand.B35_44),
        (date(1961, 11, 24), AgeBand.B55_64),
        (date(1961, 11, 23), AgeBand.B65PLUS),
    ],
)
def test_the_age_band_of_a_birthday_turns_on_the_birthday(born: date, band: AgeBand) -> None:
    birthday = Birthday(year=born.year, month=born.month, day=born.day)
    assert age_band_on(birthday, TODAY) is band


def test_no_band_without_a_year_or_for_a_birthday_after_today() -> None:
    assert age_band_on(Birthday(month=3, day=5), TODAY) is None
    assert age_band_on(Birthday(year=2030, month=3, day=5), TODAY) is None


@pytest.mark.parametrize(
    ("kept", "other", "after"),
    [
        (("浙江", ""), ("江苏", "南京"), ("浙江", "")),  # not 浙江 南京
        (("", "杭州"), ("江苏", "南京"), ("", "杭州")),  # not 江苏 杭州
        (("浙江", ""), ("浙江", "杭州"), ("浙江", "杭州")),  # the other only adds the city
        (("", ""), ("江苏", "南京"), ("江苏", "南京")),
    ],
)
def test_a_merge_never_makes_a_place_of_two_places(
    book: Book, kept: tuple[str, str], other: tuple[str, str], after: tuple[str, str]
) -> None:
    first = customer(book, "王芳", province=kept[0], city=kept[1])
    second = customer(book, "王芳", province=other[0], city=other[1])
    assert first.id is not None and second.id is not None

    merged = book.merge_customers(first.id, second.id).survivor

    assert (merged.province, merged.city) == after
    for value in other:
        assert value in (merged.province, merged.city) or value in merged.notes
