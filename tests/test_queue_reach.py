"""Today's plan for a customer the seller has no way to reach (an outside tester's first
day: three of six items were "message or call" to customers made from masked shop rows,
王女士 with 138****8000 in her notes and nothing else). The item stays in the plan (she
is a customer) and says to add a phone or WeChat first. And a first cadence round to
someone never contacted does not open with "it has been a while"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.book_helpers import TODAY, buy, customer
from xiaoben.models.customer import Customer
from xiaoben.models.enums import Reason
from xiaoben.models.followup import FollowUp
from xiaoben.models.values import shop_account_line
from xiaoben.store.book import Book

REACH = {"zh": "还没有联系方式：先补上电话或微信", "en": "No way to reach them yet"}
PLAIN = {"zh": "发条消息或打个电话，问问近况", "en": "Message or call to check in"}


def cadence_of(book: Book, who: Customer, lang: str, days_on: int = 0) -> FollowUp:
    as_of = TODAY + timedelta(days=days_on)
    (item,) = [
        each
        for each in book.follow_ups(book.queue(as_of, 7), lang=lang)
        if each.customer_id == who.id and each.reason is Reason.CADENCE
    ]
    return item


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_customer_without_a_way_to_reach_her_is_told_to_get_one_first(
    book: Book, lang: str
) -> None:
    shadow = customer(book, "王女士", notes="隐藏的手机号：138****8000")
    buy(book, shadow, 199, TODAY - timedelta(days=40))
    item = cadence_of(book, shadow, lang)
    assert item.action.startswith(REACH[lang]), item.action
    assert PLAIN[lang].lower() in item.action.lower()  # then, what to say


@pytest.mark.parametrize(
    "means",
    [
        {"phones": ["13800138000"]},
        {"wechat": "wangfang_88"},
        {"email": "fang@example.com"},
        {"notes": "微信（非微信号）：🌸芳芳🌸"},
    ],
)
def test_any_way_to_reach_her_keeps_the_plain_action(book: Book, means: dict) -> None:
    fang = customer(book, "王芳", **means)
    buy(book, fang, 199, TODAY - timedelta(days=40))
    assert cadence_of(book, fang, "zh").action == PLAIN["zh"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_first_round_to_someone_never_contacted_is_not_a_long_while(
    book: Book, lang: str
) -> None:
    """A customer added with no purchase and never contacted: her first round (30 days on)
    greets her; one who bought 40 days ago is told it has been a while, as before."""
    fang = customer(book, "王芳", phones=["13800138000"])
    item = cadence_of(book, fang, lang, days_on=40)
    message = item.message
    assert "王芳" in message and "好久没联系" not in message and "a while" not in message
    li = customer(book, "李娜", phones=["13900139000"])
    buy(book, li, 80, TODAY - timedelta(days=40))
    message = cadence_of(book, li, lang).message
    assert ("好久没联系" if lang == "zh" else "a while") in message


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_customer_known_by_a_shop_account_alone_is_reached_in_the_shops_chat(
    book: Book, lang: str
) -> None:
    """王女士 of a masked Taobao row with her 买家账号: the shop's chat is the way to her."""
    shadow = customer(book, "王女士", notes=shop_account_line("tb_wangfang"))
    buy(book, shadow, 199, TODAY - timedelta(days=40))
    action = cadence_of(book, shadow, lang).action
    said = {"zh": "只能在店铺里联系", "en": "Reachable only through the shop"}
    assert action.startswith(said[lang]), action
    assert ("问问近况" if lang == "zh" else "message or call to check in") in action
