"""Possible duplicates: pairs of customers in the book who are probably one person."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.book_helpers import customer, write_csv
from xiaoben.store.book import Book
from xiaoben.store.duplicates import NAME_GROUP_LIMIT


def pairs_of(book: Book) -> list[tuple[tuple[int, int], list[str]]]:
    return [(pair.ids, pair.reasons) for pair in book.possible_duplicates().pairs]


def ids(*people: Any) -> tuple[int, ...]:
    return tuple(person.id for person in people)


def test_two_records_with_one_phone_are_a_pair(book: Book) -> None:
    first = customer(book, "王芳", phones=["13800138000"])
    second = customer(book, "芳姐", phones=["138 0013 8000"])
    customer(book, "李娜", phones=["13900139000"])
    assert pairs_of(book) == [(ids(first, second), ["phone"])]


def test_one_wechat_id_makes_a_pair_whatever_the_case(book: Book) -> None:
    first = customer(book, "王芳", wechat="WangFang_88")
    second = customer(book, "Fang", wechat="wangfang_88")
    assert pairs_of(book) == [(ids(first, second), ["wechat"])]


def test_a_name_with_another_phone_or_none_is_a_weaker_pair(book: Book) -> None:
    with_phone = customer(book, "王芳", phones=["13800138000"])
    other_phone = customer(book, "王 芳", phones=["13900139000"])
    without = customer(book, "王芳")
    assert pairs_of(book) == [
        (ids(with_phone, without), ["name_no_phone"]),
        (ids(other_phone, without), ["name_no_phone"]),
        (ids(with_phone, other_phone), ["name_other_phone"]),
    ]


def test_same_name_and_region_ranks_above_same_name(book: Book) -> None:
    here = customer(book, "李娜", province="浙江", city="杭州", phones=["13800138000"])
    there = customer(book, "李娜", province="浙江", city="杭州", phones=["13900139000"])
    elsewhere = customer(book, "张伟", phones=["13700137000"])
    also = customer(book, "张伟", phones=["13600136000"])
    assert pairs_of(book) == [
        (ids(here, there), ["name_region", "name_other_phone"]),
        (ids(elsewhere, also), ["name_other_phone"]),
    ]


def test_a_shared_phone_and_name_ranks_first(book: Book) -> None:
    mother = customer(book, "王芳", phones=["13800138000"])
    daughter = customer(book, "小雨", phones=["13800138000"])
    again = customer(book, "王芳", phones=["13800138000"], city="杭州")
    found = pairs_of(book)
    assert found[0] == (ids(mother, again), ["phone", "name"])
    assert sorted(pair for pair, _ in found[1:]) == [ids(mother, daughter), ids(daughter, again)]


def test_a_name_many_customers_share_pairs_nobody(book: Book) -> None:
    with book.batch():
        for k in range(NAME_GROUP_LIMIT + 1):
            customer(book, "王芳", phones=[f"1380013{k:04d}"])
    assert pairs_of(book) == []


def test_a_masked_phone_never_makes_a_pair(
    tmp_path: Path, book_path: Path, run: Callable[..., Any], open_book: Callable[..., Book]
) -> None:
    sheet = write_csv(
        tmp_path / "orders.csv",
        ["姓名,手机", "张三,138****8000", "李四,138****8000", "王五,139****8000"],
    )
    assert run("import", "customers", sheet).exit_code == 0
    with open_book(book_path) as book:
        assert book.customer_count() == 3
        assert pairs_of(book) == []


def test_a_dismissed_pair_is_never_offered_again(
    book_path: Path, open_book: Callable[..., Book]
) -> None:
    with open_book(book_path) as book:
        first = customer(book, "王芳", phones=["13800138000"])
        second = customer(book, "王芳", phones=["13800138000"])
        third = customer(book, "王芳")
        assert first.id is not None and second.id is not None
        book.dismiss_duplicate(second.id, first.id)
        assert [pair for pair, _ in pairs_of(book)] == [ids(first, third), ids(second, third)]
    with open_book(book_path) as book:
        assert [pair for pair, _ in pairs_of(book)] == [ids(first, third), ids(second, third)]


def test_a_merged_pair_is_no_longer_offered(book: Book) -> None:
    first = customer(book, "王芳", phones=["13800138000"])
    second = customer(book, "王芳", phones=["13800138000"])
    assert first.id is not None and second.id is not None
    book.merge_customers(first.id, second.id)
    assert pairs_of(book) == []


def test_a_pair_dismissed_with_the_merged_away_customer_stays_dismissed_with_the_survivor(
    book: Book,
) -> None:
    """王芳 A and 王芳 C are two people (the seller said so); A and B are one: after merging
    A into B, B and C are not offered either — and undoing the merge gives back A's."""
    absorbed = customer(book, "王芳", phones=["13800138000"])
    survivor = customer(book, "王芳", phones=["13900139000"])
    other = customer(book, "王芳", phones=["13800138000"])
    assert absorbed.id is not None and survivor.id is not None and other.id is not None
    book.dismiss_duplicate(other.id, absorbed.id)
    assert ids(survivor, other) in [pair for pair, _ in pairs_of(book)]
    token = book.merge_customers(survivor.id, absorbed.id).token
    assert pairs_of(book) == []
    book.undo_merge(token)
    assert [pair for pair, _ in pairs_of(book)] == [ids(absorbed, survivor), ids(survivor, other)]


def test_undoing_a_merge_keeps_a_pair_the_survivor_had_dismissed_itself(book: Book) -> None:
    absorbed = customer(book, "王芳")
    survivor = customer(book, "王芳")
    other = customer(book, "王芳")
    assert absorbed.id is not None and survivor.id is not None and other.id is not None
    book.dismiss_duplicate(absorbed.id, other.id)
    book.dismiss_duplicate(survivor.id, other.id)
    token = book.merge_customers(survivor.id, absorbed.id).token
    assert pairs_of(book) == []
    book.undo_merge(token)
    assert [pair for pair, _ in pairs_of(book)] == [ids(absorbed, survivor)]


def test_the_likely_twins_of_a_customer_come_sharing_a_number_first_then_by_name(
    book: Book,
) -> None:
    """The merge's picker puts them first: a shared phone or WeChat ID, then the same name
    (written with a space too); a pair the seller dismissed is not among them."""
    fang = customer(book, "王 芳", phones=["13800138000"], wechat="fang_88")
    same_name = customer(book, "王芳")
    shared_phone = customer(book, "芳姐", phones=["138 0013 8000"])
    shared_wechat = customer(book, "Fang", wechat="FANG_88")
    dismissed = customer(book, "王芳", phones=["13900139000"])
    customer(book, "李娜", phones=["13700137000"])
    assert fang.id is not None and dismissed.id is not None
    book.dismiss_duplicate(fang.id, dismissed.id)

    assert book.likely_twins(fang.id) == [*ids(shared_phone, shared_wechat, same_name)]
    assert book.likely_twins(fang.id, limit=1) == [shared_phone.id]
    assert same_name.id is not None and dismissed.id is not None
    # from 王芳's side, 王 芳 too (and the other 王芳); not 芳姐 (a key of 芳 too), nor 李娜
    assert book.likely_twins(same_name.id) == [*ids(fang, dismissed)]
    assert book.likely_twins(dismissed.id) == [same_name.id]  # the pair with 王 芳 dismissed


def test_a_name_in_another_width_or_case_is_a_likely_twin(book: Book) -> None:
    wide = customer(book, "ＡＮＮＡ　Ｌｉ")
    plain = customer(book, "anna li")
    customer(book, "Anna Lin")
    customer(book, "Li")
    assert wide.id is not None and plain.id is not None

    assert book.likely_twins(wide.id) == [plain.id]
    assert book.likely_twins(plain.id) == [wide.id]


def test_a_common_name_still_pairs_the_same_region_and_a_missing_phone(book: Book) -> None:
    """F6: six 王芳 listed no pair at all, not even two of one city, one without a phone."""
    with book.batch():
        for k in range(NAME_GROUP_LIMIT + 1):
            customer(book, "王芳", phones=[f"1380013{k:04d}"])
        first = customer(book, "王芳", phones=["13900139000"], city="杭州", province="浙江")
        second = customer(book, "王芳", city="杭州", province="浙江")
    found = pairs_of(book)
    assert found[0] == (ids(first, second), ["name_region", "name_no_phone"])
    assert all("name_other_phone" not in why or len(why) > 1 for _, why in found)
