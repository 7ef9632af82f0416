"""The customer list's filters with several values: any of the tags, any of the regions,
beside the lenses' sets (A and B)."""

from __future__ import annotations

from dataclasses import replace

from tests.book_helpers import customer
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery


def names(book: Book, query: ListQuery) -> set[str]:
    return {row.name for row in book.list_window(query, 0, 100)}


def test_several_regions_and_tags_each_match_any(book: Book) -> None:
    customer(book, "王芳", city="杭州", tags=["VIP"])
    customer(book, "李娜", province="上海", tags=["团长"])
    customer(book, "赵敏", city="北京", tags=["VIP", "老客"])
    everyone = ListQuery(sort="name", descending=False)

    assert names(book, replace(everyone, regions=frozenset({"杭州", "上海"}))) == {"王芳", "李娜"}
    assert names(book, replace(everyone, tags=frozenset({"团长", "老客"}))) == {"李娜", "赵敏"}
    both = replace(everyone, regions=frozenset({"杭州", "北京"}), tags=frozenset({"老客"}))
    assert names(book, both) == {"赵敏"}
    assert book.list_count(replace(everyone, regions=frozenset({"杭州", "上海"}))) == 2
