"""One spelling per product, region and tag: what the seller types is saved NFKC and
trimmed, so variants never split a product, a region or a tag."""

from __future__ import annotations

import pytest

from tests.book_helpers import buy, customer
from xiaoben.models.customer import Customer
from xiaoben.models.text import one_spelling
from xiaoben.store.book import Book
from xiaoben.store.schema import spellings


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("口红 ", "口红"),
        ("  口红", "口红"),
        ("Ｄｉｏｒ　９９９", "Dior 999"),  # full-width letters, digits and space
        ("保湿  精华", "保湿 精华"),
        ("ｶﾞ", "ガ"),  # half-width katakana
        ("口红", "口红"),
    ],
)
def test_one_spelling(typed: str, saved: str) -> None:
    assert one_spelling(typed) == saved


def test_a_purchase_is_saved_in_its_one_spelling(book: Book) -> None:
    wang = customer(book, "王芳")
    assert buy(book, wang, 100, "2026-11-01", items=" 口红　").items == "口红"


def test_regions_and_tags_are_saved_in_their_one_spelling(book: Book) -> None:
    typed = Customer(
        name="李娜", city="杭州 ", province="浙江　", tags=["VIP ", "ＶＩＰ", "vip", "老客"]
    )
    saved = book.save_customer(typed)
    assert (saved.city, saved.province, saved.tags) == ("杭州", "浙江", ["VIP", "老客"])


def test_the_spelling_written_most_often_wins() -> None:
    assert spellings({"Dior": 3, "dior": 1, "ＤＩＯＲ": 1, "口红 ": 2}) == {
        "Dior": "Dior",
        "dior": "Dior",
        "ＤＩＯＲ": "Dior",
        "口红 ": "口红",
    }
