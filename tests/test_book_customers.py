"""Customers: saving, versions and conflicts, codes, referrers, archiving, lookup."""

from __future__ import annotations

import pytest

from tests.book_helpers import buy, count, customer, dump, stats_of, tiers_of
from xiaoben.models.customer import Customer
from xiaoben.models.errors import BookError, ConflictError
from xiaoben.store.book import Book


def test_a_new_customer_gets_an_id_and_version_1(book: Book) -> None:
    wang = customer(book, "王芳", phones=["13812345678"])

    assert wang.id is not None
    assert wang.version == 1
    assert book.get_customer(wang.id).phones == ["+8613812345678"]


def test_saving_a_customer_again_updates_them_and_bumps_the_version(book: Book) -> None:
    wang = customer(book, "王芳")

    moved = book.save_customer(wang.model_copy(update={"city": "杭州"}))

    assert moved.id == wang.id
    assert moved.version == 2
    assert book.get_customer(wang.id or 0).city == "杭州"
    assert count(book.conn, "customers") == 1


def test_saving_over_a_newer_version_is_refused(book: Book) -> None:
    wang = customer(book, "王芳")
    book.save_customer(wang.model_copy(update={"city": "杭州"}))  # another window's save

    with pytest.raises(ConflictError) as refused:
        book.save_customer(wang.model_copy(update={"city": "上海"}))

    assert "changed elsewhere" in refused.value.message("en")
    assert "Reload" in refused.value.message("en")
    assert "已在别处（另一个窗口或命令）修改" in refused.value.message("zh")
    assert "重新载入" in refused.value.message("zh")
    stored = book.get_customer(wang.id or 0)
    assert (stored.city, stored.version) == ("杭州", 2)


def test_archiving_a_stale_version_is_refused(book: Book) -> None:
    wang = customer(book, "王芳")
    book.save_customer(wang.model_copy(update={"city": "杭州"}))

    with pytest.raises(ConflictError):
        book.archive_customer(wang.id or 0, wang.version)

    assert book.get_customer(wang.id or 0).archived is False


def test_a_code_already_in_use_is_refused_naming_its_owner(book: Book) -> None:
    customer(book, "王芳", code="C001")

    with pytest.raises(BookError) as refused:
        customer(book, "李娜", code="C001")

    assert "C001" in refused.value.message("en")
    assert "王芳" in refused.value.message("en")
    assert count(book.conn, "customers") == 1


def test_changing_to_a_code_in_use_is_refused(book: Book) -> None:
    customer(book, "王芳", code="C001")
    li = customer(book, "李娜", code="C002")

    with pytest.raises(BookError) as refused:
        book.save_customer(li.model_copy(update={"code": "C001"}))

    assert "王芳" in refused.value.message("en")
    assert book.get_customer(li.id or 0).code == "C002"


def test_a_referrer_who_does_not_exist_is_refused(book: Book) -> None:
    with pytest.raises(BookError) as refused:
        customer(book, "李娜", referred_by=999)

    assert refused.value.message("en") == "the referrer does not exist (id 999)"
    assert "推荐人不存在" in refused.value.message("zh")
    assert count(book.conn, "customers") == 0


def test_a_referral_counts_for_the_referrer(book: Book) -> None:
    wang = customer(book, "王芳")

    customer(book, "李娜", referred_by=wang.id)
    customer(book, "赵敏", referred_by=wang.id)

    assert stats_of(book, wang.id)["referrals"] == 2


def test_a_buyer_who_refers_others_is_a_fan(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 300, "2026-11-01")

    customer(book, "李娜", referred_by=wang.id)

    assert tiers_of(book, wang.id)["role"] == "fan"  # type: ignore[index]


def test_changing_the_referrer_moves_the_referral(book: Book) -> None:
    wang = customer(book, "王芳")
    chen = customer(book, "陈静")
    li = customer(book, "李娜", referred_by=wang.id)

    book.save_customer(li.model_copy(update={"referred_by": chen.id}))

    assert stats_of(book, wang.id)["referrals"] == 0
    assert stats_of(book, chen.id)["referrals"] == 1


def test_removing_the_referrer_drops_the_referral(book: Book) -> None:
    wang = customer(book, "王芳")
    li = customer(book, "李娜", referred_by=wang.id)

    book.save_customer(li.model_copy(update={"referred_by": None}))

    assert stats_of(book, wang.id)["referrals"] == 0


def test_archiving_takes_a_customer_out_of_the_tiers(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 300, "2026-11-01")

    archived = book.archive_customer(wang.id or 0, wang.version)

    assert archived.archived is True
    assert tiers_of(book, wang.id) is None


def test_archiving_takes_a_referral_off_the_referrers_count(book: Book) -> None:
    wang = customer(book, "王芳")
    li = customer(book, "李娜", referred_by=wang.id)

    book.archive_customer(li.id or 0, li.version)

    assert stats_of(book, wang.id)["referrals"] == 0


def test_unarchiving_brings_a_customer_back_into_the_tiers(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 300, "2026-11-01")
    archived = book.archive_customer(wang.id or 0, wang.version)

    book.archive_customer(wang.id or 0, archived.version, archived=False)

    assert tiers_of(book, wang.id)["value_tier"] == "A"  # type: ignore[index]


KEYS = ["C001", "#1", "138-1234-5678", "+86 138 1234 5678", "WangFang_88", "王芳"]


@pytest.mark.parametrize("key", KEYS)
def test_a_customer_is_found_by_any_key_the_seller_knows(book: Book, key: str) -> None:
    customer(book, "王芳", code="C001", phones=["13812345678"], wechat="wangfang_88")
    customer(book, "李娜", code="C002")

    found = book.find_customer(key)

    assert found is not None and found.name == "王芳"


def test_a_name_two_customers_share_is_ambiguous(book: Book) -> None:
    customer(book, "张伟", code="C001")
    customer(book, "张伟", code="C002")

    with pytest.raises(BookError) as refused:
        book.find_customer("张伟")

    assert "2 customers are named" in refused.value.message("en")


def test_a_failing_save_leaves_the_book_as_it_was(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 300, "2026-11-01")
    before = dump(book.path)

    with pytest.raises(BookError):
        book.save_customer(wang.model_copy(update={"city": "杭州", "referred_by": 999}))

    assert dump(book.path) == before


def test_a_failing_verb_in_a_batch_undoes_the_whole_batch(book: Book) -> None:
    wang = customer(book, "王芳")
    before = dump(book.path)

    with pytest.raises(BookError), book.batch():
        li = customer(book, "李娜", referred_by=wang.id)
        buy(book, li, 500, "2026-11-02")
        book.save_customer(wang.model_copy(update={"city": "杭州"}))
        customer(book, "赵敏", referred_by=999)

    assert dump(book.path) == before


def test_the_book_still_works_after_a_failed_batch(book: Book) -> None:
    wang = customer(book, "王芳")
    with pytest.raises(BookError), book.batch():
        buy(book, wang, 500, "2026-11-02")
        customer(book, "赵敏", referred_by=999)

    buy(book, wang, 200, "2026-11-03")

    assert stats_of(book, wang.id)["revenue_cents"] == 20000
    assert tiers_of(book, wang.id)["value_tier"] == "A"  # type: ignore[index]


def test_a_customer_model_cannot_refer_themself() -> None:
    with pytest.raises(ValueError):
        Customer(id=5, name="王芳", referred_by=5)


def test_key_holders_are_the_others_with_a_phone_or_wechat_id_now(book: Book) -> None:
    """What the profile form asks about: a phone or WeChat ID (any case) another customer has
    as their own now; the customer being edited is not their own holder."""
    mother = customer(book, "林母", phones=["13812345678"], wechat="LinHome")
    daughter = customer(book, "林小雨", phones=["13812345678"])
    new = Customer(name="林小雨二", phones=["+8613812345678", "13900001111"], wechat="linhome")

    holders = book.key_holders(new, [("phone", p) for p in new.phones] + [("wechat", "linhome")])

    assert [(h.kind, h.customer_id, h.name) for h in holders] == [
        ("phone", mother.id, "林母"),
        ("phone", daughter.id, "林小雨"),
        ("wechat", mother.id, "林母"),
    ]
    assert [h.name for h in book.key_holders(mother, [("phone", "+8613812345678")])] == ["林小雨"]
