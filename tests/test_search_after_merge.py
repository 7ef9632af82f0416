"""After a merge, the seller finds the customer by what she knew the merged-away record by:
its name (and the name's pinyin), its code, its phone and WeChat ID the merge kept in the
notes (另一个姓名：芳芳, 另一个编号：F-88 …), in the list's search and an export's --only."""

from __future__ import annotations

from pathlib import Path

from tests.book_helpers import customer, fixed_clock
from tests.test_migrations import old_book
from xiaoben.models.merge import Side
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.driver import sqlite3
from xiaoben.store.schema import MIGRATION_NAMES
from xiaoben.store.search import search_keys


def found(book: Book, text: str) -> list[str]:
    return sorted(row.name for row in book.list_window(ListQuery(search=text), 0, 50))


def test_the_merged_away_name_and_code_find_the_survivor(book: Book) -> None:
    wang = customer(book, "王芳", code="C001", phones=["13800138000"])
    fang = customer(book, "芳芳", code="F-88", phones=["13911112222"], wechat="fangfang_88")
    customer(book, "李娜")
    assert wang.id is not None and fang.id is not None
    book.merge_customers(wang.id, fang.id, {"phones": Side.SURVIVOR, "wechat": Side.SURVIVOR})

    for text in ("芳芳", "fangfang", "ff", "F-88", "f-88", "13911112222", "fangfang_88", "王芳"):
        assert found(book, text) == ["王芳"], text


def test_the_english_lines_are_read_too() -> None:
    keys = search_keys("王芳", [], None, None, [], "another name: Lulu\nanother code: X9")
    assert {"lulu", "x9"} <= keys


def test_a_note_that_only_mentions_the_name_is_no_key(book: Book) -> None:
    customer(book, "王芳", notes="芳芳介绍来的\n另一个姓名是什么")
    assert found(book, "芳芳") == []


def test_a_book_merged_before_finds_the_merged_away_name_once_opened(tmp_path: Path) -> None:
    """A book from before m031 (its merges' lines keyed as notes only) finds them after."""
    path = old_book(tmp_path / "old.db", MIGRATION_NAMES.index("m032_search_merged_lines"))
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE customers SET notes = '老客户\n另一个姓名：芳芳\n另一个编号：F-88' WHERE id = 3"
        )
    conn.close()
    with Book.open(path, today=fixed_clock) as book:
        name = book.get_customer(3).name
        assert found(book, "芳芳") == [name]
        assert found(book, "F-88") == [name]
