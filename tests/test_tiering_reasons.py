"""Reasons: each lens explains its result to the seller, in Chinese and in English."""

import re
import string
from datetime import date

import pytest

from xiaoben.models.enums import ManualStage, ValueBasis, ValueTier
from xiaoben.models.rules import Rules
from xiaoben.models.values import cents_shown
from xiaoben.tiering.compute import Population, compute, place
from xiaoben.tiering.frame import MANUAL_STAGES, CustomerStats, StatsFrame, epoch_day
from xiaoben.tiering.reasons import REASONS, explain

AS_OF = date(2025, 6, 1)
TODAY = epoch_day(AS_OF)
LENSES = {"value", "rfm", "rfm8", "stage", "role", "score", "quadrant"}


def buyer(
    customer_id: int,
    revenue: int = 1_000,
    *,
    orders: int = 1,
    days_ago: int = 10,
    first_days_ago: int = 100,
    **more: object,
) -> CustomerStats:
    return CustomerStats(
        customer_id,
        orders=orders,
        revenue_cents=revenue,
        first_purchase_day=TODAY - first_days_ago,
        last_purchase_day=TODAY - days_ago,
        **more,  # type: ignore[arg-type]  # test shorthand for CustomerStats fields
    )


def reasons(
    *customers: CustomerStats, index: int = 0, lang: str = "zh", rules: Rules | None = None
) -> dict[str, str]:
    rules = rules or Rules()
    frame = compute(StatsFrame.from_records(customers), rules, AS_OF)
    return explain(customers[index], frame, index, rules, lang)  # type: ignore[arg-type]


# Five buyers; the third has ¥12,400: T = ¥47,550, S = ¥35,000 < 80% of T.
FIVE = [
    buyer(1, 2_000_000),
    buyer(2, 1_500_000),
    buyer(3, 1_240_000),
    buyer(4, 10_000),
    buyer(5, 5_000),
]


def test_money_has_yuan_sign_separators_and_two_decimals():
    assert cents_shown(1_240_000) == "¥12,400.00"
    assert cents_shown(-3_000) == "¥-30.00"
    assert cents_shown(5) == "¥0.05"


def test_every_lens_has_a_reason_in_both_languages():
    for lang in ("zh", "en"):
        assert set(reasons(*FIVE, lang=lang)) == LENSES
        assert set(reasons(CustomerStats(1), lang=lang)) == LENSES


def test_a_tier_reason_names_the_cut_value_and_rank():
    assert (
        reasons(*FIVE, index=2)["value"] == "A 核心：收入前 80% — ¥12,400.00，第 3 名/共 5 位买家"
    )
    assert reasons(*FIVE, index=2, lang="en")["value"] == (
        "A core: top 80% of revenue — ¥12,400.00, rank 3 of 5"
    )


def test_b_and_c_reasons_name_the_95_percent_cut():
    b_and_c = [buyer(1, 6_000), buyer(2, 2_000), buyer(3, 1_500), buyer(4, 500)]
    assert reasons(*b_and_c, index=2, lang="en")["value"] == (
        "B growth: top 95% of revenue — ¥15.00, rank 3 of 4"
    )
    assert reasons(*b_and_c, index=3)["value"] == (
        "C 普通：收入前 95% 之外 — ¥5.00，第 4 名/共 4 位买家"
    )


def test_the_sellers_tier_names_are_used():
    rules = Rules(tier_names={ValueTier.A: "钻石"})
    assert reasons(*FIVE, index=0, rules=rules)["value"].startswith("钻石：收入前 80%")


def test_margin_basis_says_margin():
    rules = Rules(value_basis=ValueBasis.MARGIN)
    assert "毛利前 80%" in reasons(*FIVE, rules=rules)["value"]
    assert "top 80% of margin" in reasons(*FIVE, rules=rules, lang="en")["value"]


def test_d_reason_shows_the_negative_value():
    refunded = buyer(1, 100, refunded_cents=3_100)
    assert reasons(refunded)["value"] == "D 负值：价值 ¥-30.00 ≤ 0"
    assert reasons(refunded, lang="en")["value"] == "D negative: value ¥-30.00 ≤ 0"


def test_strategic_promotion_is_explained():
    book = [*FIVE, buyer(6, 100, strategic=True)]
    assert reasons(*book, index=5)["value"] == (
        "B 成长/战略：战略客户，提升至 B 成长/战略（按价值为 C 普通）"
    )


def test_referral_promotion_is_explained():
    book = [*FIVE, buyer(6, 0, referrals=2)]
    assert reasons(*book, index=5, lang="en")["value"] == (
        "B growth: referred 2 customers, promoted to B growth (by value D negative)"
    )


def test_contacts_have_no_tier_and_say_why():
    found = reasons(CustomerStats(1))
    assert found["value"] == "无价值分级：尚未购买"
    assert found["rfm"] == "无 RFM：尚未购买"
    assert found["quadrant"] == "无象限：尚未购买"


def test_rfm_reason_gives_scores_segment_and_figures():
    alone = buyer(1, 320_000, orders=9, days_ago=12)
    assert reasons(alone)["rfm"] == (
        "R1 F1 M1 · 沉睡客户 — 最近一次购买 12 天前，共 9 单，净收入 ¥3,200.00"
    )
    assert reasons(alone, lang="en")["rfm"] == (
        "R1 F1 M1 · Hibernating — last purchase 12 days ago, 9 orders, net revenue ¥3,200.00"
    )


def test_english_counts_one_in_the_singular():
    found = reasons(buyer(1, 500, orders=1, days_ago=1), lang="en")["rfm"]
    assert "last purchase 1 day ago, 1 order," in found


def test_rfm8_reason_compares_with_the_means():
    pair = [buyer(1, 500, orders=5, days_ago=10), buyer(2, 100, orders=1, days_ago=30)]
    assert reasons(*pair)["rfm8"] == (
        "重要价值（R高 F高 M高）— 最近一次购买 10 天前（平均 20.0 天前），"
        "5 单（平均 3.00 单），净收入 ¥5.00（平均 ¥3.00）"
    )
    assert reasons(*pair, index=1, lang="en")["rfm8"].startswith(
        "general to win back (R low, F low, M low) — last purchase 30 days ago (mean 20.0 days)"
    )


def test_lapsed_reason_gives_the_window_and_the_days():
    lapsed = buyer(1, days_ago=213, first_days_ago=400)
    assert reasons(lapsed)["stage"] == "流失：超过 180 天未购买（213 天）"
    assert reasons(lapsed, lang="en")["stage"] == (
        "lapsed: no purchase for more than 180 days (213 days)"
    )


def test_loyal_reason_gives_the_orders_rule():
    assert (
        reasons(buyer(1, orders=4, days_ago=12))["stage"] == "忠诚：4 单 ≥ 3，最近一次购买 12 天前"
    )


def test_new_customer_is_mentioned():
    found = reasons(buyer(1, days_ago=5, first_days_ago=5), lang="en")["stage"]
    assert (
        found
        == "customer: 1 order, last purchase 5 days ago; new customer (first purchase 5 days ago)"
    )


@pytest.mark.parametrize(
    ("contact", "expected"),
    [
        (CustomerStats(1, last_intent_day=TODAY - 7), "准客户：7 天前表示有购买意向（30 天内）"),
        (CustomerStats(1, target_profile=True), "目标：符合目标客户画像"),
        (
            CustomerStats(1, manual_stage=MANUAL_STAGES.index(ManualStage.PROSPECT)),
            "准客户：手动设定",
        ),
        (CustomerStats(1), "潜在：有联系，尚未购买"),
    ],
)
def test_stage_reason_names_the_rule_for_contacts(contact: CustomerStats, expected: str):
    assert reasons(contact)["stage"] == expected


def test_role_reasons():
    assert reasons(buyer(1, referrals=2))["role"] == "粉丝：购买并推荐了 2 位客户"
    assert reasons(buyer(1), lang="en")["role"] == "customer: buys, has referred no one yet"
    assert reasons(CustomerStats(1, referrals=2))["role"] == "受众：尚未购买"


def test_score_reason_lists_each_components_points():
    found = reasons(buyer(1, demand=5, purchasing_power=3))["score"]
    assert found == (
        "15.0 分 = 价值 0.0 + 频次 0.0 + 近度 0.0 + 客龄 0.0 + 需求 10.0 + 购买力 5.0 + 推荐 0.0"
    )
    english = reasons(buyer(1, demand=5, purchasing_power=3), lang="en")["score"]
    assert english.startswith("15.0 = value 0.0 + frequency 0.0 + recency 0.0")


def test_quadrant_reason_gives_the_strategy():
    big_and_often = [
        buyer(1, 10**6, orders=20),
        *(buyer(i, 100_000) for i in range(2, 6)),
        buyer(6, 100),
    ]
    assert reasons(*big_and_often)["quadrant"] == (
        "核心：高价值（A 核心）、高忠诚（F5 ≥ 4）— 保持关系，优先服务"
    )
    assert reasons(*big_and_often, index=5, lang="en")["quadrant"] == (
        "serve at low cost: low value (C ordinary), low loyalty (F1 < 4, and not 3+ orders "
        "over more than 365 days) — serve them at low cost"
    )


def test_loyalty_by_span_is_explained():
    steady = [
        buyer(1, 10**6, orders=3, first_days_ago=410),
        *(buyer(i, 10, orders=12) for i in range(2, 6)),
    ]
    assert "3 单，跨 400 天 > 365 天，未流失" in reasons(*steady)["quadrant"]


def test_a_placed_customer_is_explained_too():
    rules = Rules()
    population = Population.build(StatsFrame.from_records(FIVE), rules, AS_OF)
    newcomer = buyer(6, 3_000_000)
    placed = place(population, None, newcomer)
    assert explain(newcomer, placed, 0, rules, "en")["value"] == (
        "A core: top 80% of revenue — ¥30,000.00, rank 1 of 6"
    )


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogue_says_the_same_thing_in_both_languages():
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for key, (zh, en) in REASONS.items():
        assert zh and en, key
        assert _fields(zh) == _fields(en), key
        assert not cjk.search(en), key
