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
