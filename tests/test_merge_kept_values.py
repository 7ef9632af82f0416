"""A merge loses nothing the seller wrote about who the person is: a WeChat ID, a phone, an
e-mail, a name of the side not taken goes into the merged notes, labelled (as an import
keeps a second WeChat ID), and `unmerge` gives both customers back whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.book_helpers import customer, fixed_clock
from tests.test_book_merge import every_row
from xiaoben.models.merge import Side
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3


def two_records(book: Book) -> tuple[int, int]:
    """王芳 twice, each with a WeChat ID, phone, e-mail and tag of her own."""
    kept = customer(
        book, "王芳", code="C001", wechat="wangfang_88", phones=["13812345678"],
        email="a@example.com", tags=["VIP"], notes="老客户",
    )  # fmt: skip
    gone = customer(
        book, "王芳芳", code="C002", wechat="wff_9999", phones=["13900001111"],
        email="b@example.com", tags=["宝妈"],
    )  # fmt: skip
    assert kept.id is not None and gone.id is not None
    return kept.id, gone.id


@pytest.fixture
def twins_path(book_path: Path) -> Path:
    with Book.open(book_path, today=fixed_clock) as book:
        two_records(book)
    return book_path


def rows_of(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return every_row(conn)
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("lang", "wechat_line"),
    [("en", "another WeChat ID: wff_9999"), ("zh", "另一个微信号：wff_9999")],
)
def test_the_absorbed_wechat_id_is_kept_in_the_notes_and_unmerge_restores_all(
    run: Callable[..., Result], twins_path: Path, lang: str, wechat_line: str
) -> None:
    before = rows_of(twins_path)

    merged = run("--lang", lang, "merge", "C001", "C002", "--yes")

    assert merged.exit_code == 0, merged.output
    assert wechat_line in merged.stdout  # the preview shows the notes it will have
    with Book.open(twins_path, today=fixed_clock) as book:
        survivor = book.find_customer("C001")
        assert survivor is not None and survivor.wechat == "wangfang_88"
        assert wechat_line in survivor.notes.split("\n")
        assert survivor.notes.startswith("老客户\n")
    undone = run("unmerge", "1")
    assert undone.exit_code == 0, undone.output
    assert rows_of(twins_path) == before


def test_every_value_not_taken_is_kept_labelled(book: Book) -> None:
    kept, gone = two_records(book)
    choices = {"phones": Side.SURVIVOR, "tags": Side.SURVIVOR, "email": Side.ABSORBED}

    merged = book.merge_customers(kept, gone, choices).survivor

    assert (merged.name, merged.code, merged.email) == ("王芳", "C001", "b@example.com")
    assert merged.notes.split("\n") == [
        "老客户",
        "another name: 王芳芳",
        "another code: C002",
        "another phone: 139 0000 1111",
        "another WeChat ID: wff_9999",
        "another email: a@example.com",
        "another tags: 宝妈",
    ]


def test_values_joined_or_the_same_add_no_line(book: Book) -> None:
    kept, gone = two_records(book)
    book.merge_customers(kept, gone, {"phones": Side.BOTH, "tags": Side.BOTH})
    merged = book.get_customer(kept)

    assert merged.phones == ["+8613812345678", "+8613900001111"]
    assert not any(
        line.startswith(("another phone", "another tags")) for line in merged.notes.split("\n")
    )


def _born(book: Book, first: dict[str, Any], second: dict[str, Any]) -> tuple[int, int]:
    kept = customer(book, "王小美", phones=["13800138000"], **first)
    gone = customer(book, "王小美", phones=["13900139000"], **second)
    assert kept.id is not None and gone.id is not None
    return kept.id, gone.id


@pytest.mark.parametrize(
    ("kept_day", "gone_day"), [("1990-03-05", "--03-05"), ("--03-05", "1990-03-05")]
)
def test_the_same_birthday_without_its_year_adds_no_line_and_the_year_stays(
    book: Book, monkeypatch: pytest.MonkeyPatch, kept_day: str, gone_day: str
) -> None:
    from xiaoben.models.birthday import Birthday

    monkeypatch.setattr("xiaoben.models.i18n._current", "en")

    kept, gone = _born(
        book, {"birthday": Birthday.from_text(kept_day)}, {"birthday": Birthday.from_text(gone_day)}
    )

    merged = book.merge_customers(kept, gone, {}).survivor

    assert merged.birthday == Birthday(year=1990, month=3, day=5)
    assert "birthday" not in merged.notes


@pytest.mark.parametrize(
    ("lang", "line"),
    [("en", "another birthday: 03-06"), ("zh", "另一个生日：03-06")],
)
def test_another_birthday_is_written_as_the_seller_writes_it(
    book: Book, monkeypatch: pytest.MonkeyPatch, lang: str, line: str
) -> None:
    from xiaoben.models.birthday import Birthday

    monkeypatch.setattr("xiaoben.models.i18n._current", lang)
    kept, gone = _born(
        book,
        {"birthday": Birthday(year=1990, month=3, day=5)},
        {"birthday": Birthday(month=3, day=6)},
    )

    merged = book.merge_customers(kept, gone, {}).survivor

    assert merged.notes.split("\n") == [line]


def test_a_year_the_chosen_side_lacks_is_kept_in_the_notes(
    book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiaoben.models.birthday import Birthday

    monkeypatch.setattr("xiaoben.models.i18n._current", "en")

    kept, gone = _born(
        book,
        {"birthday": Birthday(year=1990, month=3, day=5)},
        {"birthday": Birthday(month=3, day=5)},
    )

    merged = book.merge_customers(kept, gone, {"birthday": Side.ABSORBED}).survivor

    assert merged.notes.split("\n") == ["another birthday: 1990-03-05"]


@pytest.mark.parametrize(
    ("lang", "text"), [("zh", "农历1990-闰05-02"), ("en", "lunar 1990-leap 05-02")]
)
def test_a_lunar_birthday_is_written_in_words(
    monkeypatch: pytest.MonkeyPatch, lang: str, text: str
) -> None:
    from xiaoben.models.birthday import Birthday
    from xiaoben.models.merge import birthday_written

    monkeypatch.setattr("xiaoben.models.i18n._current", lang)

    assert (
        birthday_written(Birthday(year=1990, month=5, day=2, lunar=True, leap_month=True)) == text
    )
