"""The plan with the purchase model: an A/B customer it gives up on is at risk from the day
P(alive) falls below the rules' cut, before twice their median gap; at-risk items are
planned by the value at stake, CLV × (1 − P(alive)); an item says which of the two rules
put the customer in the queue."""

from __future__ import annotations

from typing import Any

from tests.test_followup_rules import AS_OF, TODAY, handled, inputs, items, person, queue
from xiaoben.models.enums import Reason
from xiaoben.models.i18n import Lang
from xiaoben.models.rules import Rules
from xiaoben.tiering.drafts import describe
from xiaoben.tiering.followup import REASONS, SNOOZED, Queue
from xiaoben.tiering.frame import NO_DAY


def modelled(risk_day: int | None, stake: int = -1, **fields: Any) -> dict[str, object]:
    """A customer with the model's figures: at risk from TODAY + risk_day (None: never)."""
    return {
        **person(**fields),
        "model_risk_day": NO_DAY if risk_day is None else TODAY + risk_day,
        "at_stake_cents": stake,
    }


def test_an_a_customer_the_model_gives_up_on_is_at_risk_before_twice_their_gap() -> None:
    # Twice the 30-day gap would be day +41; the model says day -3.
    who = modelled(-3, tier="A", orders=5, last=-20, gap=30)
    assert items(queue(inputs(who)), Reason.AT_RISK) == [(1, Reason.AT_RISK, -3, TODAY - 20)]


def test_the_model_counts_with_too_few_purchases_for_a_gap() -> None:
    who = modelled(-1, tier="B", orders=2, last=-40)
    assert items(queue(inputs(who)), Reason.AT_RISK) == [(1, Reason.AT_RISK, -1, TODAY - 40)]


def test_the_model_does_not_raise_c_customers_nor_the_ones_it_keeps() -> None:
    c_customer = modelled(-3, tier="C", orders=2, last=-40)
    kept = modelled(None, customer_id=2, tier="A", orders=2, last=-40)
    later = modelled(+30, customer_id=3, tier="A", orders=2, last=-5)
    assert items(queue(inputs(c_customer, kept, later)), Reason.AT_RISK) == []


def test_the_earlier_of_the_two_rules_makes_the_due_day() -> None:
    # Twice the 10-day gap passed on day -9; the model's day is later.
    who = modelled(-2, tier="A", orders=5, last=-30, gap=10)
    assert items(queue(inputs(who)), Reason.AT_RISK) == [(1, Reason.AT_RISK, -9, TODAY - 30)]


def test_a_contact_after_the_models_day_answers_it() -> None:
    who = modelled(-3, tier="A", orders=3, last=-40, contact=-2)
    assert items(queue(inputs(who)), Reason.AT_RISK) == []


def test_at_risk_items_are_planned_by_the_value_at_stake() -> None:
    people = [
        modelled(-9, 10_000, customer_id=1, tier="A", orders=3, last=-60),
        modelled(-1, 90_000, customer_id=2, tier="B", orders=3, last=-50),
        modelled(-5, 40_000, customer_id=3, tier="A", orders=3, last=-55),
    ]
    plan = queue(inputs(*people), rules=Rules(plan_capacity=2))
    at_risk = plan.reason == REASONS.index(Reason.AT_RISK)
    order = [int(plan.customer_id[k]) for k in plan.plan_order() if at_risk[k]]
    assert order == [2, 3, 1]  # not by tier, nor by how long they have waited
    assert sorted(int(c) for c in plan.customer_id[plan.planned_mask() & at_risk]) == [2, 3]
    assert plan.plan_count() == 2


def _words(q: Queue, reason: Reason, lang: Lang) -> list[str]:
    """The detail text of each of the queue's items of that reason, as the seller reads it."""
    return [
        describe(
            reason,
            name="王芳",
            detail=int(q.detail[k]),
            occurrence=int(q.occurrence[k]),
            occasion_day=int(q.occasion_day[k]),
            as_of_day=TODAY,
            note="",
            rules=Rules(),
            lang=lang,
        )[0]
        for k in range(len(q))
        if REASONS[int(q.reason[k])] is reason
    ]


def test_an_item_the_model_raised_names_the_model_and_its_cut_not_a_rhythm() -> None:
    # Silent 14 days, usually every 7: twice the gap is not passed yet; the model's day is.
    who = modelled(-3, tier="A", orders=5, last=-14, gap=7)
    q = queue(inputs(who))
    (zh,) = _words(q, Reason.AT_RISK, "zh")
    assert zh == "14 天没有购买；购买模型估计还在买的可能 11月20日 起低于 50%"
    assert "平时" not in zh
    (en,) = _words(q, Reason.AT_RISK, "en")
    assert "below 50% from 20 Nov" in en and "usually" not in en


def test_a_rhythm_is_never_quoted_from_two_purchases() -> None:
    who = modelled(-5, tier="B", orders=2, last=-93, gap=8)
    (zh,) = _words(queue(inputs(who)), Reason.AT_RISK, "zh")
    assert "平时" not in zh and "低于 50%" in zh


def test_an_item_the_rhythm_raised_first_still_quotes_the_rhythm() -> None:
    # Twice the 10-day gap passed on day -9, before the model's day -2.
    who = modelled(-2, tier="A", orders=5, last=-30, gap=10)
    (zh,) = _words(queue(inputs(who)), Reason.AT_RISK, "zh")
    assert zh == "30 天没有购买，平时约 10 天买一次"


def test_a_snoozed_model_item_still_names_the_models_day() -> None:
    who = modelled(-3, tier="A", orders=5, last=-14, gap=7)
    ((_, _, _, occurrence),) = items(queue(inputs(who)), Reason.AT_RISK)
    snoozed = handled((1, Reason.AT_RISK, occurrence, SNOOZED, TODAY + 2))
    q = queue(inputs(who), done=snoozed, as_of=AS_OF)
    (zh,) = _words(q, Reason.AT_RISK, "zh")
    assert "11月20日 起低于 50%" in zh


def test_a_win_back_quotes_no_rhythm_from_two_purchases() -> None:
    lapsed = person(tier="A", orders=2, last=-200, gap=30)
    (zh,) = _words(queue(inputs(lapsed)), Reason.WIN_BACK, "zh")
    assert "平时" not in zh and "已流失" in zh
