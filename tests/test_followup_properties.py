"""Properties of the follow-up queue under repeated regeneration across dates (hypothesis).

A small world is simulated the way the book keeps it: customers with purchase days, and
contacts the seller logs when marking items done. Each day the queue is regenerated and
some items are handled; then the queue is regenerated again for any day, earlier or later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoben.models.enums import Reason, Stage
from xiaoben.models.rules import Rules
from xiaoben.tiering.followup import (
    DONE,
    REASONS,
    SKIPPED,
    SNOOZED,
    Handled,
    Queue,
    QueueInputs,
    build_queue,
    empty_moves,
    empty_reminders,
    item_code,
)
from xiaoben.tiering.frame import NO_DAY, STAGES, epoch_day
from xiaoben.tiering.rhythm import median_occasion_gap

START = date(2026, 1, 20)  # spans the lunar new year (2026-02-17) in the simulated weeks


@dataclass
class Customer:
    purchases: list[int]  # epoch days
    tier: int  # value tier code or -1
    birthday: tuple[int, int, bool]  # month (0 none), day, lunar
    created: int
    contacts: list[int] = field(default_factory=list)


def as_of_inputs(people: list[Customer], today: int) -> QueueInputs:
    """The queue's columns counting only what happened by `today` (as the store does once
    it keeps the median gap between purchase occasions, tiering.rhythm)."""
    cols: dict[str, list[object]] = {name: [] for name in QueueInputs.__dataclass_fields__}
    for k, c in enumerate(people):
        bought = sorted(d for d in c.purchases if d <= today)
        gap = median_occasion_gap(bought, Rules().occasion_window_days)
        talked = [d for d in c.contacts if d <= today]
        cols["customer_id"].append(k + 1)
        cols["value_tier"].append(c.tier if bought else -1)
        cols["stage"].append(STAGES.index(Stage.CUSTOMER if bought else Stage.PROSPECT))
        cols["rfm_segment"].append(-1)
        cols["orders"].append(len(bought))
        cols["first_purchase_day"].append(bought[0] if bought else NO_DAY)
        cols["last_purchase_day"].append(bought[-1] if bought else NO_DAY)
        cols["last_contact_day"].append(max(talked) if talked else NO_DAY)
        cols["created_day"].append(c.created)
        cols["median_gap_days"].append(gap)
        cols["birthday_month"].append(c.birthday[0])
        cols["birthday_day"].append(c.birthday[1])
        cols["birthday_lunar"].append(c.birthday[2])
        cols["birthday_leap"].append(False)
        cols["gender"].append(0)
        cols["model_risk_day"].append(NO_DAY)  # no purchase model (tests/test_followup_model.py)
        cols["at_stake_cents"].append(-1)
    arrays: dict[str, np.ndarray] = {}
    for name, values in cols.items():
        dtype = (
            np.float64
            if name == "median_gap_days"
            else bool
            if name.startswith("birthday_l")
            else np.int64
        )
        arrays[name] = np.array(values, dtype=dtype)
    return QueueInputs(**arrays)


def handled_of(state: dict[tuple[int, int, int], tuple[int, int]]) -> Handled:
    keys = sorted(state)
    return Handled(
        customer_id=np.array([k[0] for k in keys], dtype=np.int64),
        reason=np.array([k[1] for k in keys], dtype=np.int64),
        occurrence=np.array([k[2] for k in keys], dtype=np.int64),
        action=np.array([state[k][0] for k in keys], dtype=np.int64),
        until_day=np.array([state[k][1] for k in keys], dtype=np.int64),
    )


def regenerate(people: list[Customer], state: dict, day: int, days: int) -> Queue:  # type: ignore[type-arg]  # test state
    as_of = date(1970, 1, 1) + timedelta(days=day)
    return build_queue(
        as_of_inputs(people, day),
        empty_reminders(),
        empty_moves(),
        handled_of(state),
        Rules(),
        as_of,
        days,
    )


def identities(q: Queue) -> list[int]:
    return item_code(q.customer_id, q.reason, q.occurrence).tolist()


customer = st.builds(
    Customer,
    purchases=st.lists(st.integers(-400, 60), max_size=6).map(
        lambda offsets: [epoch_day(START) + o for o in offsets]
    ),
    tier=st.integers(0, 3),
    birthday=st.one_of(
        st.just((0, 0, False)),
        st.tuples(st.integers(1, 12), st.integers(1, 28), st.booleans()),
    ),
    created=st.integers(-500, 0).map(lambda o: epoch_day(START) + o),
)


# Hypothesis settings of a simulation over weeks of handling (slow, large examples).
simulated_weeks = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@simulated_weeks
@given(
    people=st.lists(customer, min_size=1, max_size=8),
    choices=st.lists(st.integers(0, 5), min_size=40, max_size=40),
    step=st.integers(1, 9),
    probes=st.lists(st.integers(-30, 120), min_size=3, max_size=6),
)
def test_regenerating_never_duplicates_nor_resurrects(
    people: list[Customer], choices: list[int], step: int, probes: list[int]
) -> None:
    state: dict[tuple[int, int, int], tuple[int, int]] = {}
    gone: set[int] = set()  # identities done or skipped
    first_day = epoch_day(START)
    pick = iter(choices * 10)
    for day in range(first_day, first_day + 90, step):
        q = regenerate(people, state, day, 7)
        again = regenerate(people, state, day, 7)
        ids = identities(q)
        assert ids == identities(again)  # the same inputs: the same queue, in the same order
        assert len(ids) == len(set(ids))  # never an item twice
        assert not gone & set(ids)  # never one that was done or skipped
        today_rows = np.flatnonzero(q.today_mask())
        for k in today_rows[:3].tolist():
            key = (int(q.customer_id[k]), int(q.reason[k]), int(q.occurrence[k]))
            action = next(pick)
            if action == 0:  # done: the store logs a contact today and records the item
                people[key[0] - 1].contacts.append(day)
                state[key] = (DONE, NO_DAY)
                gone.add(ids[k])
            elif action == 1:
                state[key] = (SKIPPED, NO_DAY)
                gone.add(ids[k])
            elif action == 2:
                state[key] = (SNOOZED, day + 1 + next(pick))
    # Any day, before or after the handling: nothing handled comes back, nothing doubles.
    for offset in probes:
        q = regenerate(people, state, first_day + offset, 7)
        ids = identities(q)
        assert len(ids) == len(set(ids))
        assert not gone & set(ids)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(customer, min_size=1, max_size=10), offset=st.integers(0, 90))
def test_a_longer_window_only_adds_items(people: list[Customer], offset: int) -> None:
    day = epoch_day(START) + offset
    short = set(identities(regenerate(people, {}, day, 0)))
    week = set(identities(regenerate(people, {}, day, 7)))
    assert short <= week
    q = regenerate(people, {}, day, 7)
    # Today's section is exactly the zero-day queue.
    assert set(item_code(q.customer_id, q.reason, q.occurrence)[q.today_mask()].tolist()) == short


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(customer, min_size=2, max_size=10), offset=st.integers(0, 90))
def test_order_groups_sections_and_reasons(people: list[Customer], offset: int) -> None:
    q = regenerate(people, {}, epoch_day(START) + offset, 7)
    section = (~q.today_mask()).astype(int).tolist()
    assert section == sorted(section)
    for part in (q.today_mask(), ~q.today_mask()):
        reasons = [list(Reason).index(REASONS[int(r)]) for r in q.reason[part]]
        assert reasons == sorted(reasons)
