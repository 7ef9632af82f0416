"""Lapsed customers leave the cadence (tiering/lapse.py): win-back for A/B, dormant others."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from tests.test_followup_rules import (
    TODAY,
    dues,
    handled,
    inputs,
    items,
    person,
    queue,
)
from xiaoben.models.enums import Reason, Stage
from xiaoben.models.rules import Rules
from xiaoben.tiering import lapse
from xiaoben.tiering.followup import DONE, SKIPPED, Reminders, lapse_states_of
from xiaoben.tiering.frame import NO_DAY, STAGES

RHYTHM = {"tier": "A", "orders": 4, "gap": 10.0}  # lapsed when silent more than 30 days


def reasons(q: object) -> set[Reason]:
    return {reason for _, reason, *_ in items(q)}  # type: ignore[arg-type]  # a Queue


def test_silent_three_times_the_rhythm_is_not_yet_lapsed_one_day_more_is() -> None:
    still = queue(inputs(person(last=-30, **RHYTHM)), days=0)
    assert {Reason.AT_RISK, Reason.CADENCE} <= reasons(still)
    assert Reason.WIN_BACK not in reasons(still)
    lapsed = queue(inputs(person(last=-31, **RHYTHM)), days=0)
    assert reasons(lapsed) == {Reason.WIN_BACK}  # no more cadence nor at-risk
    assert dues(lapsed, Reason.WIN_BACK) == [0]  # due the day they lapsed


def test_the_stage_lapse_window_lapses_without_a_rhythm() -> None:
    assert dues(queue(inputs(person(tier="B", last=-180)), days=0), Reason.CADENCE) == [-166]
    lapsed = queue(inputs(person(tier="B", last=-181)), days=0)
    assert items(lapsed, Reason.CADENCE) == [] and dues(lapsed, Reason.WIN_BACK) == [0]


def test_the_rhythm_rule_needs_the_at_risk_number_of_purchases() -> None:
    few = person(tier="A", orders=2, gap=10.0, last=-100)
    assert dues(queue(inputs(few), days=0), Reason.CADENCE) == [-93]


def test_a_lapse_factor_of_zero_leaves_only_the_stage_window() -> None:
    off = Rules(lapse_gap_factor=0)
    assert Reason.WIN_BACK not in reasons(queue(inputs(person(last=-100, **RHYTHM)), rules=off))


def test_a_stored_factor_not_above_the_at_risk_one_still_leaves_room_for_at_risk() -> None:
    old = Rules().model_copy(update={"at_risk_factor": 4, "lapse_gap_factor": 3})
    assert lapse.lapse_gap_factor(old) == 5


def test_a_win_back_comes_again_win_back_days_after_a_contact_or_a_skip() -> None:
    gone = {"tier": "A", "last": -400}
    assert dues(queue(inputs(person(contact=-30, **gone)), days=90), Reason.WIN_BACK) == [60]
    ((_, _, due, occurrence),) = items(queue(inputs(person(**gone))), Reason.WIN_BACK)
    assert due == -400 + 181  # silent more than lapse_days (180), never contacted since
    done = handled((1, Reason.WIN_BACK, occurrence, DONE, NO_DAY))
    after_done = queue(inputs(person(contact=0, **gone)), done=done, days=120)
    assert dues(after_done, Reason.WIN_BACK) == [90]
    skipped = handled((1, Reason.WIN_BACK, occurrence, SKIPPED, TODAY))
    assert dues(queue(inputs(person(**gone)), done=skipped, days=120), Reason.WIN_BACK) == [90]


def test_dormant_customers_keep_only_their_reminders() -> None:
    gone = person(tier="C", last=-400, birthday=(11, 24))
    reminder = Reminders(
        id=np.array([7], dtype=np.int64),
        customer_id=np.array([1], dtype=np.int64),
        due_day=np.array([TODAY], dtype=np.int64),
    )
    q = queue(inputs(gone), reminders=reminder, days=7)
    assert reasons(q) == {Reason.REMINDER}


def test_not_yet_buyers_never_lapse() -> None:
    prospect = person(tier=None, stage=Stage.POTENTIAL, last=None, created=-2000)
    assert dues(queue(inputs(prospect), days=0), Reason.CADENCE) == [-1970]


def test_who_is_dormant_can_be_told_apart_for_the_tier_lists() -> None:
    people = inputs(
        person(1, tier="C", last=-400),  # dormant
        person(2, tier="A", last=-400),  # lapsed A: win-back
        person(3, tier="C", last=-10),  # active
        person(4, tier="C", last=-10, stage=Stage.LAPSED),  # the stored stage says lapsed
    )
    states = lapse_states_of(people, Rules(), TODAY)
    assert states.tolist() == [lapse.DORMANT, lapse.WIN_BACK, lapse.ACTIVE, lapse.DORMANT]
    dormant = (
        lapse.lapse_states(
            people.value_tier,
            people.stage,
            people.orders,
            people.last_purchase_day,
            people.median_gap_days,
            Rules(),
            TODAY,
        )
        == lapse.DORMANT
    )
    assert dormant.tolist() == [True, False, False, True]
    assert STAGES.index(Stage.LAPSED) == int(people.stage[3])


def test_the_lapse_rules_are_checked() -> None:
    rules = Rules()
    assert (rules.lapse_gap_factor, rules.win_back_days, rules.occasion_window_days) == (3, 90, 3)
    with pytest.raises(ValidationError, match="at_risk_factor"):
        Rules(lapse_gap_factor=2)
    with pytest.raises(ValidationError, match="at_risk_factor"):
        Rules(at_risk_factor=4, lapse_gap_factor=4)
    assert Rules(at_risk_factor=4, lapse_gap_factor=5).lapse_gap_factor == 5
    with pytest.raises(ValidationError, match="win_back_days"):
        Rules(win_back_days=0)
    with pytest.raises(ValidationError, match="occasion_window_days"):
        Rules(occasion_window_days=-1)
