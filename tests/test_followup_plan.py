"""The plan (今日计划): a daily capacity over the follow-up queue (tiering/plan.py and the
queue's planned days), by rule and under simulated weeks of handling."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.test_followup_properties import (
    START,
    Customer,
    as_of_inputs,
    customer,
    identities,
    simulated_weeks,
)
from tests.test_followup_rules import AS_OF, TODAY, handled, inputs, items, person, queue
from xiaoben.models.enums import Reason, Stage
from xiaoben.models.rules import Rules
from xiaoben.tiering.followup import (
    DONE,
    REASONS,
    SKIPPED,
    SNOOZED,
    Handled,
    Queue,
    Reminders,
    bound_items,
    build_queue,
    empty_moves,
)
from xiaoben.tiering.frame import NO_DAY, epoch_day
from xiaoben.tiering.plan import plan_days, priority_order

# ---- the planner alone ------------------------------------------------------------


def plan(
    release: list[int], capacity: int, bound: tuple[int, ...] = (), used: int = 0
) -> list[int]:
    """Planned days (offsets from day 0) of items whose priority is their list order."""
    n = len(release)
    is_bound = np.isin(np.arange(n), bound)
    days = plan_days(np.array(release), is_bound, np.arange(n), 0, capacity, used)
    return days.tolist()


def test_todays_plan_holds_the_capacity_and_the_rest_follow_in_order() -> None:
    assert plan([0] * 7, 3) == [0, 0, 0, 1, 1, 1, 2]


def test_an_item_due_later_waits_for_its_day_then_goes_by_priority() -> None:
    # The first item is due on day 2; on day 2 it comes before the backlog.
    assert plan([2, 0, 0, 0, 0, 0], 2) == [2, 0, 0, 1, 1, 2]


def test_items_bound_to_a_day_keep_it_and_count_first() -> None:
    # Items 4 and 5 are a birthday and a reminder on day 1: day 1 has room for one more.
    assert plan([0, 0, 0, 0, 1, 1], 3, bound=(4, 5)) == [0, 0, 0, 1, 1, 1]
    # Three bound on day 0 with a capacity of 2: they all stay, nothing else fits.
    assert plan([0, 0, 0, 0], 2, bound=(1, 2, 3)) == [1, 0, 0, 0]


def test_an_overdue_bound_item_is_planned_today() -> None:
    assert plan([-5, -2, 0], 1, bound=(0,)) == [0, 1, 2]


def test_no_limit_plans_every_item_on_its_due_day_or_today() -> None:
    assert plan([-3, 0, 4, 4], 0) == [0, 0, 4, 4]


def test_items_handled_today_took_todays_room() -> None:
    assert plan([0, 0, 0], 3, used=2) == [0, 1, 1]
    assert plan([0, 0, 0], 3, used=5) == [1, 1, 1]


def day_by_day(release: list[int], bound: list[bool], capacity: int, used: int) -> list[int]:
    """The rule as DESIGN.md words it, one day at a time: bound items on their day (today
    at the earliest), then the best items due by the day while there is room."""
    planned = [max(r, 0) if b else None for r, b in zip(release, bound, strict=True)]
    day = 0
    while any(p is None for p in planned):
        room = capacity - sum(1 for p, b in zip(planned, bound, strict=True) if b and p == day)
        room -= used if day == 0 else 0
        for k, r in enumerate(release):  # list order is priority
            if room <= 0:
                break
            if planned[k] is None and r <= day:
                planned[k] = day
                room -= 1
        day += 1
    return [int(p) for p in planned]  # type: ignore[arg-type]  # every day is set above


small_plans = st.integers(1, 25).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(-5, 12), min_size=n, max_size=n),
        st.lists(st.booleans(), min_size=n, max_size=n),
        st.permutations(range(n)),
    )
)


@settings(max_examples=300, deadline=None)
@given(case=small_plans, capacity=st.integers(1, 5), used=st.integers(0, 4))
def test_the_planner_is_the_day_by_day_rule(
    case: tuple[list[int], list[bool], list[int]], capacity: int, used: int
) -> None:
    release, bound, order = case
    planned = plan_days(np.array(release), np.array(bound), np.array(order), 0, capacity, used)
    in_order = day_by_day([release[k] for k in order], [bound[k] for k in order], capacity, used)
    assert [planned[k] for k in order] == in_order


@settings(max_examples=300, deadline=None)
@given(case=small_plans, capacity=st.integers(1, 5), leaving=st.lists(st.integers(0, 24)))
def test_items_leaving_never_move_another_later_nor_reorder_the_rest(
    case: tuple[list[int], list[bool], list[int]], capacity: int, leaving: list[int]
) -> None:
    release, bound, order = case
    n = len(release)
    before = plan_days(np.array(release), np.array(bound), np.array(order), 0, capacity)
    gone = {k for k in leaving if k < n}
    stay = [k for k in range(n) if k not in gone]
    handled_today = sum(1 for k in gone if before[k] == 0)  # they took today's room
    rank = {k: r for r, k in enumerate(order)}
    at = {k: i for i, k in enumerate(stay)}  # where each staying item is in the new columns
    after = plan_days(
        np.array([release[k] for k in stay], dtype=np.int64),
        np.array([bound[k] for k in stay], dtype=bool),
        np.array([at[k] for k in sorted(stay, key=rank.__getitem__)], dtype=np.int64),
        0,
        capacity,
        handled_today,
    )
    after_of = {k: int(after[at[k]]) for k in stay}
    assert all(after_of[k] <= before[k] for k in stay)
    # What was planned today is still, and nothing else joined today.
    assert {k for k in stay if after_of[k] == 0} == {k for k in stay if before[k] == 0}


# ---- the plan of the queue --------------------------------------------------------


def plan_of(q: Queue, day: date | None = None) -> list[tuple[int, Reason]]:
    """(customer, reason) of the items planned on a day, in the plan's order."""
    order = q.plan_order()
    mask = q.planned_mask(day)[order]
    return [(int(q.customer_id[k]), REASONS[int(q.reason[k])]) for k in order[mask]]


def test_the_plan_goes_by_reason_then_value_tier_then_how_long_they_waited() -> None:
    people = inputs(
        person(1, tier="C", last=-45),  # cadence, waited 15 days
        person(2, tier="A", last=-8),  # cadence, waited 1 day
        person(3, tier="C", last=-60),  # cadence, waited 30 days
        person(4, tier="B", first=-2, last=-2),  # new customer
        person(5, tier="A", orders=4, gap=10.0, last=-25),  # at risk; cadence waited 18 days
        person(6, tier="D", birthday=(11, 23)),  # birthday today: bound
    )
    q = queue(people, rules=Rules(plan_capacity=4), days=0)
    assert plan_of(q) == [
        (5, Reason.AT_RISK),
        (4, Reason.NEW_CUSTOMER),
        (6, Reason.BIRTHDAY),
        (5, Reason.CADENCE),
    ]
    tomorrow = AS_OF + timedelta(days=1)
    assert plan_of(q, tomorrow) == [(2, Reason.CADENCE), (3, Reason.CADENCE), (1, Reason.CADENCE)]
    assert q.plan_count() == 4 and q.capacity == 4


def test_a_book_imported_today_starts_with_a_plan_not_a_backlog() -> None:
    # Ten buyers whose last purchase was a year and a half ago, all added to the book today.
    people = inputs(
        *(person(k, tier="C", last=-100 - k, created=0, birthday=None) for k in range(1, 11))
    )
    q = queue(people, rules=Rules(plan_capacity=4, lapse_days=9999), days=7)
    assert (q.days_waiting() == 0).all()  # not "70 days overdue": they came in today
    assert q.today_count() == 10  # all due …
    assert q.plan_count() == 4  # … planned four a day
    assert sorted(np.bincount(q.planned_day - TODAY).tolist()) == [2, 4, 4]
    # Among equals, the tie-break is the customer: stable, whatever order they came in.
    assert [c for c, _ in plan_of(q)] == [1, 2, 3, 4]


@pytest.mark.parametrize("ahead", [1, 43])
def test_a_customer_added_on_a_day_after_today_waits_since_today_at_the_latest(
    ahead: int,
) -> None:
    """A book written in a time zone ahead (a synced folder, a trip) or by a clock set
    ahead and corrected since: its "added on" day is after today. Their items due today or
    before are due now — waiting 0 days, never "in N days" — and planned today."""
    people = inputs(person(1, tier="C", last=-100, created=ahead, birthday=None))
    q = queue(people, rules=Rules(lapse_days=9999), days=7)

    assert items(q)[0][2] <= 0  # due by today
    assert (q.days_waiting() == 0).all()
    assert q.plan_count() == 1 and q.planned_day.tolist() == [TODAY]


def test_finishing_todays_plan_leaves_tomorrows_as_it_was_shown() -> None:
    rules = Rules(plan_capacity=3)
    people = [person(k, tier="C", last=-40 - k) for k in range(1, 9)]
    q = queue(inputs(*people), rules=rules, days=7)
    today, tomorrow = plan_of(q), plan_of(q, AS_OF + timedelta(days=1))
    assert len(today) == len(tomorrow) == 3
    # Done with each of today's items: a contact today, the item recorded as handled today.
    rows = [
        (int(q.customer_id[k]), REASONS[int(q.reason[k])], int(q.occurrence[k]), DONE, NO_DAY)
        for k in np.flatnonzero(q.planned_mask())
    ]
    done = dataclasses.replace(handled(*rows), room_day=np.full(len(rows), TODAY, dtype=np.int64))
    contacted = {c for c, *_ in rows}
    after = [
        person(k, tier="C", last=-40 - k, contact=0 if k in contacted else None)
        for k in range(1, 9)
    ]
    again = queue(inputs(*after), rules=rules, days=7, done=done)
    assert plan_of(again) == []  # today's plan is finished
    assert plan_of(again, AS_OF + timedelta(days=1)) == tomorrow
    next_day = queue(
        inputs(*after), rules=rules, days=7, done=handled(*rows), as_of=AS_OF + timedelta(days=1)
    )
    assert plan_of(next_day) == tomorrow


def test_a_snoozed_item_is_bound_to_its_day() -> None:
    people = inputs(*(person(k, tier="C", last=-40) for k in range(1, 5)))
    q = queue(people, rules=Rules(plan_capacity=1), days=7)
    ((_, _, _, occurrence),) = items(q, Reason.CADENCE)[3:]
    snoozed = handled((4, Reason.CADENCE, occurrence, SNOOZED, TODAY + 1))
    later = queue(people, rules=Rules(plan_capacity=1), days=7, done=snoozed)
    assert plan_of(later, AS_OF + timedelta(days=1)) == [(4, Reason.CADENCE)]
    assert plan_of(later, AS_OF + timedelta(days=2)) == [(2, Reason.CADENCE)]


def test_old_reminders_become_days_of_plan_not_one_wall_today() -> None:
    # Five reminders whose day has passed, one due today, one tomorrow; two items a day.
    people = inputs(*(person(k, tier="C", last=-5) for k in range(1, 8)))
    due = [-9, -3, -7, -1, -2, 0, 1]
    reminders = Reminders(
        np.arange(1, 8, dtype=np.int64),
        np.arange(1, 8, dtype=np.int64),
        np.array([TODAY + d for d in due], dtype=np.int64),
    )
    q = queue(people, rules=Rules(plan_capacity=2), days=7, reminders=reminders)
    day = {c: int(q.planned_day[k]) - TODAY for k, c in enumerate(q.customer_id.tolist())}
    # Today's own reminder keeps today and counts first; one old one fills today's room,
    # the oldest first; tomorrow's stays on its day; the rest follow, two a day.
    assert day[6] == 0 and day[1] == 0
    assert day[7] == 1 and day[3] == 1
    assert [day[c] for c in (2, 5, 4)] == [2, 2, 3]
    assert q.plan_count() == 2
    # They still say how long they have waited: from their own day.
    waited = {
        c: int(w) for c, w in zip(q.customer_id.tolist(), q.days_waiting().tolist(), strict=True)
    }
    assert waited[1] == 9 and waited[4] == 1


def test_the_capacity_is_a_rule_of_zero_or_more() -> None:
    assert Rules().plan_capacity == 20
    assert Rules(plan_capacity=0).plan_capacity == 0
    with pytest.raises(ValidationError, match="plan_capacity"):
        Rules(plan_capacity=-1)


# ---- weeks of handling the plan ---------------------------------------------------

HORIZON = 10  # days the simulated queue looks ahead


@dataclasses.dataclass
class World:
    people: list[Customer]
    reminders: dict[int, tuple[int, int]]  # open reminders: id -> (customer id, due day)
    state: dict[tuple[int, int, int], tuple[int, int, int]]  # item -> action, until, day

    def queue(self, day: int, rules: Rules) -> Queue:
        ids = sorted(self.reminders)
        keys = sorted(self.state)
        handled_rows = Handled(
            *(np.array([k[i] for k in keys], dtype=np.int64) for i in range(3)),
            *(np.array([self.state[k][i] for k in keys], dtype=np.int64) for i in range(3)),
        )
        reminders = Reminders(
            np.array(ids, dtype=np.int64),
            np.array([self.reminders[i][0] for i in ids], dtype=np.int64),
            np.array([self.reminders[i][1] for i in ids], dtype=np.int64),
        )
        as_of = date(1970, 1, 1) + timedelta(days=day)
        inputs_ = as_of_inputs(self.people, day)
        return build_queue(inputs_, reminders, empty_moves(), handled_rows, rules, as_of, HORIZON)


def check_plan(q: Queue, world: World, day: int, rules: Rules) -> None:
    """Nothing dropped, and no day over capacity but by items bound to it."""
    unlimited = world.queue(day, rules.model_copy(update={"plan_capacity": 0}))
    assert sorted(identities(q)) == sorted(identities(unlimited))
    assert (q.planned_day >= np.maximum(q.due_day, day)).all()
    bound = bound_items(q.reason, q.snoozed, q.due_day, day)
    used = sum(1 for *_, on in world.state.values() if on == day)
    for planned in range(day, day + HORIZON + 1):
        on_day = q.planned_day == planned
        room = rules.plan_capacity - (used if planned == day else 0)
        assert on_day.sum() <= max(room, int((on_day & bound).sum()))


@simulated_weeks
@given(
    people=st.lists(customer, min_size=1, max_size=10),
    capacity=st.integers(1, 4),
    reminders=st.lists(st.tuples(st.integers(0, 9), st.integers(-5, 25)), max_size=5),
    choices=st.lists(st.integers(0, 9), min_size=50, max_size=50),
)
def test_weeks_of_handling_the_plan(
    people: list[Customer],
    capacity: int,
    reminders: list[tuple[int, int]],
    choices: list[int],
) -> None:
    rules = Rules(plan_capacity=capacity)
    first_day = epoch_day(START)
    world = World(
        people,
        {k + 1: (who % len(people) + 1, first_day + due) for k, (who, due) in enumerate(reminders)},
        {},
    )
    gone: set[int] = set()  # done or skipped
    pick = iter(choices * 20)
    for day in range(first_day, first_day + 21):
        q = world.queue(day, rules)
        check_plan(q, world, day, rules)
        assert not gone & set(identities(q))
        order = q.plan_order()
        today = [k for k in order.tolist() if q.planned_day[k] == day]
        tomorrow_before = [identities(q)[k] for k in order.tolist() if q.planned_day[k] == day + 1]
        snoozed_any = False
        handled_ids: set[int] = set()
        for k in today:
            action = next(pick)
            if action >= 7:  # the seller stops for the day; the rest rolls over
                break
            key = (int(q.customer_id[k]), int(q.reason[k]), int(q.occurrence[k]))
            handled_ids.add(identities(q)[k])
            if action == 6:
                world.state[key] = (SNOOZED, day + 1 + next(pick) % 3, day)
                snoozed_any = True
                continue
            verb = DONE if action < 4 else SKIPPED
            world.state[key] = (verb, day if verb == SKIPPED else NO_DAY, day)
            gone.add(identities(q)[k])
            if REASONS[key[1]] is Reason.REMINDER:
                world.reminders.pop(key[2], None)  # the store closes the reminder
            if verb == DONE:
                world.people[key[0] - 1].contacts.append(day)  # the store logs a contact
        again = world.queue(day, rules)
        check_plan(again, world, day, rules)
        assert not gone & set(identities(again))
        ids_after = identities(again)
        order_after = again.plan_order().tolist()
        today_before = [identities(q)[k] for k in today]
        today_after = [ids_after[k] for k in order_after if again.planned_day[k] == day]
        # What was planned today and not handled stays today, in the same order; another
        # item joins only into the room of one answered by a contact (done for a customer
        # closes their other items), never a new one.
        kept = [i for i in today_before if i not in handled_ids and i in set(ids_after)]
        assert [i for i in today_after if i in set(kept)] == kept
        assert len(today_after) <= len(today_before) - len(handled_ids)
        assert set(today_after) <= set(identities(q))
        if not snoozed_any:  # a snooze to tomorrow binds the item to tomorrow
            # Tomorrow's plan keeps every item still there (unless it moved up to today),
            # in the same order.
            tomorrow_after = [ids_after[k] for k in order_after if again.planned_day[k] == day + 1]
            kept = [i for i in tomorrow_before if i in set(ids_after) - set(today_after)]
            assert [i for i in tomorrow_after if i in set(kept)] == kept
            assert set(kept) <= set(tomorrow_after)
    # Any day, before or after: nothing done or skipped comes back.
    for offset in (-10, 0, 30, 60):
        assert not gone & set(identities(world.queue(first_day + offset, rules)))


def test_not_yet_buyers_are_planned_after_every_buyer_of_their_reason() -> None:
    people = inputs(
        person(1, tier=None, stage=Stage.PROSPECT, last=None, contact=-10),
        person(2, tier="D", last=-100, contact=-95),
    )
    q = queue(people, rules=Rules(plan_capacity=1, lapse_days=9999), days=0)
    assert plan_of(q) == [(2, Reason.CADENCE)]


def test_the_order_is_total_whatever_order_the_items_came_in() -> None:
    keys = (np.array([1, 1, 0]), np.array([5, 5, 5]), np.array([3, 2, 9]))
    assert priority_order(*keys).tolist() == [2, 1, 0]


def test_the_queue_says_when_the_cadences_ask_more_than_the_capacity() -> None:
    # 30 A buyers, every 7 days: about 4.3 contacts a day; 14 C buyers every 30 days: 0.5
    people = inputs(
        *(person(k, tier="A", last=-3) for k in range(1, 31)),
        *(person(k, tier="C", last=-3) for k in range(31, 45)),
    )
    asked = queue(people, rules=Rules(plan_capacity=3))
    assert asked.cadence_load == pytest.approx(30 / 7 + 14 / 30)
    assert asked.over_capacity() == 5
    assert queue(people, rules=Rules(plan_capacity=5)).over_capacity() == 0  # it keeps up
    assert queue(people, rules=Rules(plan_capacity=0)).over_capacity() == 0  # no limit
