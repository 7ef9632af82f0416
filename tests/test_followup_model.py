"""The plan with the purchase model: an A/B customer it gives up on is at risk from the day
P(alive) falls below the rules' cut, before twice their median gap; at-risk items are
planned by the value at stake, CLV × (1 − P(alive))."""

from __future__ import annotations

from typing import Any

from tests.test_followup_rules import TODAY, inputs, items, person, queue
from xiaoben.models.enums import Reason
from xiaoben.models.rules import Rules
from xiaoben.tiering.followup import REASONS
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
