"""Tags written as hashtags (#VIP #老客, ＃VIP，#新客): the leading # is how the seller marks a
tag, not part of it, so they meet the tags VIP and 老客 she already uses. A tag of nothing but
# is an empty tag, dropped as one is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import customer, table_of, write_csv
from xiaoben.models.customer import Customer
from xiaoben.models.text import STORED
from xiaoben.store.book import Book


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("#VIP #老客", ["VIP", "老客"]),
        ("#VIP，#新客", ["VIP", "新客"]),
        ("＃VIP ＃老客", ["VIP", "老客"]),  # full-width ＃
        ("##VIP", ["VIP"]),
        ("# VIP", ["VIP"]),  # a lone # is an empty tag
        ("#", []),
        ("＃，＃", []),
        ("VIP #VIP vip", ["VIP"]),  # one tag however it is written
        ("C#, 5#楼, VIP#1", ["C#", "5#楼", "VIP#1"]),  # a # inside or at the end stays
        ('"#1"', ["1"]),
        # Weibo's and 小红书's hashtags close with a # (they were VIP#, 老客# and VIP#老客)
        ("#VIP# #老客#", ["VIP", "老客"]),
        ("#VIP#老客", ["VIP", "老客"]),
        ("#VIP##老客#", ["VIP", "老客"]),
        ("＃VIP＃，＃老客＃", ["VIP", "老客"]),
        ("C# #VIP# 5#楼", ["C#", "VIP", "5#楼"]),  # only a tag that starts with # is read so
    ],
)
def test_a_leading_hash_is_not_part_of_a_tag(typed: str, tags: list[str]) -> None:
    assert Customer(name="王芳", tags=typed).tags == tags


def test_interests_follow_the_same_rule() -> None:
    assert Customer(name="王芳", interests=["#摄影", "＃旅行"]).interests == ["摄影", "旅行"]


@given(st.text(alphabet=st.sampled_from("VIP老客新客ab1_-·"), min_size=1, max_size=8))
def test_a_hashtag_is_the_tag_without_its_hash(tag: str) -> None:
    written = Customer(name="王芳", tags=f"#{tag} ＃{tag}，{tag}").tags

    assert written == Customer(name="王芳", tags=tag).tags == [tag]


_plain_tag = st.text(alphabet=st.sampled_from("VIP老客新客ab1_-·"), min_size=1, max_size=6)


@given(st.lists(_plain_tag, min_size=1, max_size=4), st.sampled_from(["#{}#", "#{}# ", "#{}"]))
def test_closed_hashtags_are_the_tags(tags: list[str], form: str) -> None:
    """#VIP#老客#, #VIP# #老客# or #VIP#老客: the tags, as written apart, whatever the hashes."""
    written = "".join(form.format(tag) for tag in tags)

    assert Customer(name="王芳", tags=written).tags == Customer(name="王芳", tags=tags).tags


def test_a_tag_the_book_holds_is_read_as_it_is() -> None:
    """A book written before the rule may hold #VIP: read back, it is what the book holds
    (the tag filter lists what the book holds), not a tag the book does not have."""
    stored = Customer.model_validate({"name": "王芳", "tags": ["#VIP"]}, context=STORED)

    assert stored.tags == ["#VIP"]


def test_the_profiles_tags_lose_their_hash(book: Book) -> None:
    saved = customer(book, "王芳", tags="#VIP, ＃老客")

    assert saved.tags == ["VIP", "老客"]


def test_an_imported_hashtag_meets_the_sellers_tag(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    first = run(
        "import",
        "customers",
        write_csv(tmp_path / "a.csv", ["姓名,手机,标签", "王芳,13800138000,VIP 老客"]),
    )
    sheet = write_csv(
        tmp_path / "b.csv",
        ["姓名,手机,标签", "王芳,13800138000,#VIP #老客", "李娜,13900139000,＃VIP，#新客，#"],
    )

    result = run("import", "customers", sheet)

    assert first.exit_code == 0, first.output
    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, tags FROM customers ORDER BY id") == [
        ("王芳", '["VIP", "老客"]'),
        ("李娜", '["VIP", "新客"]'),
    ]


def test_a_tag_added_in_bulk_loses_its_hash_and_one_of_only_hash_is_refused() -> None:
    from pydantic import ValidationError

    from xiaoben.models.bulk import AddTag, RemoveTag

    assert AddTag(tag="＃VIP").tag == AddTag(tag="#VIP").tag == AddTag(tag="#VIP#").tag == "VIP"
    assert RemoveTag(tag="#VIP").tag == "#VIP"  # what an older book may hold
    with pytest.raises(ValidationError):
        AddTag(tag="#")
