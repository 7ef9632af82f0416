"""The follow-up queue's rules (tiering/followup.py), each at its boundaries."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta

import numpy as np
import pytest

from xiaoben.models.enums import Holiday, Reason, RfmSegment, Stage, ValueTier
from xiaoben.models.followup import HIGH, LOW, NORMAL
from xiaoben.models.rules import Rules
from xiaoben.tiering.followup import (
    CADENCE,
    DONE,
    HOLIDAY_SLOTS,
    REASONS,
    SKIPPED,
    SNOOZED,
    Handled,
    Queue,
    QueueInputs,
    Reminders,
    TierMoves,
    build_queue,
    empty_handled,
    empty_moves,
    empty_reminders,
)
from xiaoben.tiering.frame import NO_DAY, RFM_SEGMENTS, STAGES, VALUE_TIERS, epoch_day
from xiaoben.tiering.occasions import HOLIDAYS

AS_OF = date(2026, 11, 23)
TODAY = epoch_day(AS_OF)
RULES = Rules()
TIER = {tier.value: VALUE_TIERS.index(tier) for tier in ValueTier}


def person(
    customer_id: int = 1,
    *,
    tier: str | None = "C",
    stage: Stage = Stage.CUSTOMER,
    segment: RfmSegment | None = None,
    orders: int = 1,
    first: int | None = None,
    last: int | None = -10,
    contact: int | None = None,
    created: int = -400,
    gap: float | None = None,
    birthday: tuple[int, int] | None = None,
    lunar: bool = False,
    leap: bool = False,
    gender: int = 0,
) -> dict[str, object]:
    """One customer's queue columns; days relative to TODAY (None: never)."""

    def day(offset: int | None) -> int:
        return NO_DAY if offset is None else TODAY + offset

    if tier is None and orders:
        orders = orders if last is not None else 0
    return {
        "customer_id": customer_id,
        "value_tier": TIER[tier] if tier else -1,
        "stage": STAGES.index(stage),
        "rfm_segment": RFM_SEGMENTS.index(segment) if segment else -1,
        "orders": orders if last is not None else 0,
        # The first purchase long before the last unless given (no new-customer care).
        "first_purchase_day": day(first if first is not None else (last and last - 300)),
        "last_purchase_day": day(last),
        "last_contact_day": day(contact),
        "created_day": day(created),
        "median_gap_days": np.nan if gap is None else gap,
        "birthday_month": birthday[0] if birthday else 0,
        "birthday_day": birthday[1] if birthday else 0,
        "birthday_lunar": lunar,
        "birthday_leap": leap,
        "gender": gender,
    }


def bought_before(day: date, days: int = 10) -> int:
    """The offset from TODAY of a purchase `days` before `day`: a buyer who has not lapsed
    by then (the lapsed are dormant: no greetings)."""
    return (day - AS_OF).days - days


def inputs(*people: dict[str, object]) -> QueueInputs:
    rows = sorted(people, key=lambda p: p["customer_id"])  # type: ignore[arg-type, return-value]  # ints
    columns: dict[str, np.ndarray] = {}
    for f in fields(QueueInputs):
        # The purchase model's columns: no model unless given.
        absent = NO_DAY if f.name == "model_risk_day" else -1
        values = [p.get(f.name, absent) for p in rows]
        if f.name == "median_gap_days":
            columns[f.name] = np.array(values, dtype=np.float64)
        elif f.name in ("birthday_lunar", "birthday_leap"):
            columns[f.name] = np.array(values, dtype=bool)
        else:
            columns[f.name] = np.array(values, dtype=np.int64)
    return QueueInputs(**columns)


def handled(*rows: tuple[int, Reason, int, int, int]) -> Handled:
    """(customer, reason, occurrence, action, until day offset or NO_DAY)."""
    if not rows:
        return empty_handled()
    return Handled(
        customer_id=np.array([r[0] for r in rows], dtype=np.int64),
        reason=np.array([REASONS.index(r[1]) for r in rows], dtype=np.int64),
        occurrence=np.array([r[2] for r in rows], dtype=np.int64),
        action=np.array([r[3] for r in rows], dtype=np.int64),
        until_day=np.array([r[4] for r in rows], dtype=np.int64),
    )


def queue(
    people: QueueInputs,
    *,
    as_of: date = AS_OF,
    days: int = 7,
    rules: Rules = RULES,
    reminders: Reminders | None = None,
    moves: TierMoves | None = None,
    done: Handled | None = None,
) -> Queue:
    return build_queue(
        people,
        reminders or empty_reminders(),
        moves or empty_moves(),
        done or empty_handled(),
        rules,
        as_of,
        days,
    )


def items(q: Queue, reason: Reason | None = None) -> list[tuple[int, Reason, int, int]]:
    """(customer, reason, due offset from TODAY, occurrence) in queue order."""
    out = [
        (int(c), REASONS[int(r)], int(d) - TODAY, int(o))
        for c, r, d, o in zip(q.customer_id, q.reason, q.due_day, q.occurrence, strict=True)
    ]
    return [i for i in out if reason is None or i[1] is reason]


def dues(q: Queue, reason: Reason) -> list[int]:
    return [i[2] for i in items(q, reason)]


# ---- cadence ---------------------------------------------------------------------


@pytest.mark.parametrize(("tier", "interval"), [("A", 7), ("B", 14), ("C", 30), ("D", 90)])
def test_cadence_is_last_contact_plus_the_value_tier_interval(tier: str, interval: int) -> None:
    # Last purchase 10 days ago, a contact 5 days ago: the contact is the later one.
    q = queue(inputs(person(tier=tier, last=-10, contact=-5)), days=400)
    assert dues(q, Reason.CADENCE) == [-5 + interval]


@pytest.mark.parametrize(
    ("stage", "interval"), [(Stage.PROSPECT, 3), (Stage.POTENTIAL, 30), (Stage.TARGET, 30)]
)
def test_not_yet_buyers_follow_their_stage_interval(stage: Stage, interval: int) -> None:
    q = queue(inputs(person(tier=None, stage=stage, last=None, contact=-2)), days=400)
    assert dues(q, Reason.CADENCE) == [-2 + interval]


def test_a_purchase_counts_as_contact_and_never_contacted_starts_at_creation() -> None:
    q = queue(
        inputs(
            person(1, tier="A", last=-3, contact=-20),
            person(2, tier=None, stage=Stage.PROSPECT, last=None, contact=None, created=-1),
        ),
        days=400,
    )
    assert dues(q, Reason.CADENCE) == [-3 + 7, -1 + 3]


def test_cadence_due_today_is_in_today_and_tomorrow_needs_a_day_of_window() -> None:
    due_today = inputs(person(tier="A", last=-7))
    assert dues(queue(due_today, days=0), Reason.CADENCE) == [0]
    due_tomorrow = inputs(person(tier="A", last=-6))
    assert dues(queue(due_tomorrow, days=0), Reason.CADENCE) == []
    q = queue(due_tomorrow, days=1)
    assert dues(q, Reason.CADENCE) == [1]
    assert q.today_count() == 0 and q.upcoming_count() == 1


def test_cadence_after_done_starts_again_from_the_contact() -> None:
    before = queue(inputs(person(tier="B", last=-30)))
    ((_, _, due, occurrence),) = items(before, Reason.CADENCE)
    assert due == -16
    # Done today: a contact today (the store logs it) and the old round recorded done.
    after = queue(
        inputs(person(tier="B", last=-30, contact=0)),
        done=handled((1, Reason.CADENCE, occurrence, DONE, NO_DAY)),
        days=30,
    )
    assert dues(after, Reason.CADENCE) == [14]


def test_cadence_after_snooze_comes_back_on_the_snooze_day() -> None:
    people = inputs(person(tier="A", last=-10))
    ((_, _, _, occurrence),) = items(queue(people), Reason.CADENCE)
    snoozed = handled((1, Reason.CADENCE, occurrence, SNOOZED, TODAY + 7))
    assert dues(queue(people, done=snoozed, days=0), Reason.CADENCE) == []
    q = queue(people, done=snoozed, days=7)
    assert dues(q, Reason.CADENCE) == [7] and bool(q.snoozed[0])
    # On the day itself it is due today; a contact meanwhile starts a new round instead.
    later = queue(people, done=snoozed, as_of=AS_OF + timedelta(days=7), days=0)
    assert dues(later, Reason.CADENCE) == [7]
    contacted = queue(inputs(person(tier="A", last=-10, contact=2)), done=snoozed, days=30)
    assert dues(contacted, Reason.CADENCE) == [9]


def test_a_snooze_never_brings_an_item_forward() -> None:
    people = inputs(person(tier="D", last=-10))  # due in 80 days
    ((_, _, due, occurrence),) = items(queue(people, days=100), Reason.CADENCE)
    early = handled((1, Reason.CADENCE, occurrence, SNOOZED, TODAY + 3))
    assert dues(queue(people, done=early, days=100), Reason.CADENCE) == [due]


def test_skipping_a_round_moves_the_next_an_interval_on() -> None:
    people = inputs(person(tier="C", last=-40))  # due 10 days ago
    ((_, _, due, occurrence),) = items(queue(people), Reason.CADENCE)
    skipped = handled((1, Reason.CADENCE, occurrence, SKIPPED, NO_DAY))
    assert dues(queue(people, done=skipped, days=30), Reason.CADENCE) == [due + 30]
    # Skipped today, ten days late: the next round is an interval from today.
    skipped_today = handled((1, Reason.CADENCE, occurrence, SKIPPED, TODAY))
    assert dues(queue(people, done=skipped_today, days=30), Reason.CADENCE) == [30]


# ---- birthdays and holidays ------------------------------------------------------


def test_a_birthday_joins_lead_days_ahead_and_fades_after_the_grace_days() -> None:
    people = inputs(person(birthday=(11, 30)))  # 7 days after AS_OF
    assert dues(queue(people, days=7), Reason.BIRTHDAY) == [7]
    assert dues(queue(people, days=6), Reason.BIRTHDAY) == []
    short_lead = RULES.model_copy(update={"birthday_lead_days": 3})
    assert dues(queue(people, days=7, rules=short_lead), Reason.BIRTHDAY) == []
    grace_end = AS_OF + timedelta(days=7 + RULES.occasion_grace_days)
    assert len(items(queue(people, as_of=grace_end, days=0), Reason.BIRTHDAY)) == 1
    one_more = grace_end + timedelta(days=1)
    assert items(queue(people, as_of=one_more, days=0), Reason.BIRTHDAY) == []


def test_feb_29_birthday_in_a_common_year_is_due_feb_28() -> None:
    people = inputs(person(birthday=(2, 29), tier=None, last=None))  # never lapses
    common = queue(people, as_of=date(2027, 2, 25), days=7)
    assert [o for *_, o in items(common, Reason.BIRTHDAY)] == [epoch_day(date(2027, 2, 28))]
    leap_year = queue(people, as_of=date(2028, 2, 25), days=7)
    assert [o for *_, o in items(leap_year, Reason.BIRTHDAY)] == [epoch_day(date(2028, 2, 29))]


def test_a_lunar_birthday_near_the_lunar_new_year_falls_on_its_solar_day() -> None:
    # 正月初二 of lunar 2027 is 2027-02-07 (春节 2027-02-06).
    people = inputs(person(birthday=(1, 2), lunar=True, last=None, tier=None))
    q = queue(people, as_of=date(2027, 2, 3), days=7)
    assert items(q, Reason.BIRTHDAY) == [
        (1, Reason.BIRTHDAY, epoch_day(date(2027, 2, 7)) - TODAY, epoch_day(date(2027, 2, 7)))
    ]


def test_a_birthday_done_this_year_comes_back_next_year() -> None:
    people = inputs(person(birthday=(11, 30), tier=None, last=None))  # never lapses
    ((_, _, _, occurrence),) = items(queue(people), Reason.BIRTHDAY)
    done = handled((1, Reason.BIRTHDAY, occurrence, DONE, NO_DAY))
    assert items(queue(people, done=done), Reason.BIRTHDAY) == []
    next_year = queue(people, as_of=date(2027, 11, 28), done=done)
    assert [o for *_, o in items(next_year, Reason.BIRTHDAY)] == [epoch_day(date(2027, 11, 30))]
    assert len(items(next_year, Reason.BIRTHDAY)) == 1


def test_holiday_greetings_go_to_buyers_only() -> None:
    people = inputs(person(1, tier="C"), person(2, tier=None, last=None, stage=Stage.TARGET))
    q = queue(people, as_of=date(2026, 12, 22), days=7)  # Christmas in 3 days
    assert [(c, due) for c, _, due, _ in items(q, Reason.HOLIDAY)] == [
        (1, epoch_day(date(2026, 12, 25)) - TODAY)
    ]
    assert HOLIDAYS[int(q.detail[list(q.reason).index(REASONS.index(Reason.HOLIDAY))])] is (
        Holiday.CHRISTMAS
    )


def test_a_holiday_greeting_leaves_the_queue_the_day_after_the_holiday() -> None:
    christmas = date(2026, 12, 25)
    people = inputs(person(last=bought_before(christmas)))
    on_the_day = queue(people, as_of=christmas, days=0)
    assert [due for _, _, due, _ in items(on_the_day, Reason.HOLIDAY)] == [
        epoch_day(christmas) - TODAY
    ]
    for late in (1, 2, RULES.occasion_grace_days):  # a Christmas greeting on 12-28 is wrong
        after = queue(people, as_of=christmas + timedelta(days=late), days=0)
        assert items(after, Reason.HOLIDAY) == []
        assert after.overdue_count() == len(items(after)) - len(items(after, Reason.HOLIDAY))


def test_a_greeting_snoozed_past_its_holiday_leaves_with_it() -> None:
    christmas = date(2026, 12, 25)
    people = inputs(person(last=bought_before(christmas)))
    occurrence = epoch_day(christmas) * HOLIDAY_SLOTS + HOLIDAYS.index(Holiday.CHRISTMAS)
    snoozed = handled((1, Reason.HOLIDAY, occurrence, SNOOZED, epoch_day(christmas) + 2))
    q = queue(people, as_of=christmas + timedelta(days=2), days=0, done=snoozed)
    assert items(q, Reason.HOLIDAY) == []


def test_a_belated_birthday_keeps_its_grace_days() -> None:
    people = inputs(person(birthday=(11, 20), tier=None, last=None))  # 3 days before AS_OF
    assert dues(queue(people, days=0), Reason.BIRTHDAY) == [-3]


def test_a_holiday_on_a_weekend_keeps_its_day() -> None:
    saturday = date(2022, 10, 1)  # 国庆 2022 fell on a Saturday
    assert saturday.weekday() == 5
    q = queue(inputs(person(last=bought_before(saturday))), as_of=date(2022, 9, 30), days=7)
    due_days = {
        int(d) for d, r in zip(q.due_day, q.reason, strict=True) if REASONS[r] is Reason.HOLIDAY
    }
    assert due_days == {epoch_day(saturday)}


def test_two_holidays_on_one_day_are_two_items() -> None:
    # 2020-10-01 was both 国庆 and 中秋.
    q = queue(
        inputs(person(last=bought_before(date(2020, 10, 1)))), as_of=date(2020, 10, 1), days=0
    )
    holidays = sorted(
        HOLIDAYS[int(q.detail[k])].value
        for k in range(len(q))
        if REASONS[int(q.reason[k])] is Reason.HOLIDAY
    )
    assert holidays == ["mid_autumn", "national_day"]
    occurrences = [o for _, _, _, o in items(q, Reason.HOLIDAY)]
    assert len(set(occurrences)) == 2
    assert {o // HOLIDAY_SLOTS for o in occurrences} == {epoch_day(date(2020, 10, 1))}


def test_womens_and_mothers_day_skip_men_fathers_day_skips_women() -> None:
    men, women, unknown = 1, 2, 0
    # Women's Day, then Father's Day (the third Sunday of June).
    for day, greeted in ((date(2027, 3, 8), [2, 3]), (date(2027, 6, 20), [1, 3])):
        last = bought_before(day)
        people = inputs(
            *(person(k, gender=g, last=last) for k, g in ((1, men), (2, women), (3, unknown)))
        )
        assert sorted(c for c, *_ in items(queue(people, as_of=day, days=0), Reason.HOLIDAY)) == (
            greeted
        )


# ---- at risk, new customers, tier changes, reminders -----------------------------


def test_at_risk_starts_the_day_silence_exceeds_twice_the_median_gap() -> None:
    # Last purchase 20 days ago, median gap 10: silence 20 is not longer than 2 × 10.
    person_kw = {"tier": "A", "orders": 4, "gap": 10.0}
    assert items(queue(inputs(person(last=-20, **person_kw)), days=0), Reason.AT_RISK) == []
    q = queue(inputs(person(last=-21, **person_kw)), days=0)
    assert items(q, Reason.AT_RISK) == [(1, Reason.AT_RISK, 0, TODAY - 21)]
    assert int(q.priority[0]) == HIGH


def test_at_risk_needs_enough_purchases_and_a_watched_customer() -> None:
    risky = {"last": -25, "gap": 10.0}  # at risk after 20 days, lapsed after 30
    assert items(queue(inputs(person(tier="B", orders=2, **risky))), Reason.AT_RISK) == []
    assert items(queue(inputs(person(tier="C", orders=5, **risky))), Reason.AT_RISK) == []
    watched = person(tier="C", orders=5, segment=RfmSegment.CANT_LOSE_THEM, **risky)
    assert len(items(queue(inputs(watched)), Reason.AT_RISK)) == 1


def test_a_contact_after_becoming_at_risk_answers_it_one_before_does_not() -> None:
    # At risk from day -9 (silent more than 2 × 15 days); lapsed only from day 6.
    base = {"tier": "A", "orders": 4, "gap": 15.0, "last": -40}
    assert len(items(queue(inputs(person(contact=-10, **base))), Reason.AT_RISK)) == 1
    assert items(queue(inputs(person(contact=-9, **base))), Reason.AT_RISK) == []


@pytest.mark.parametrize(("first", "expected"), [(0, True), (-6, True), (-7, False)])
def test_new_customer_care_covers_the_first_seven_days(first: int, expected: bool) -> None:
    q = queue(inputs(person(first=first, last=first)), days=0)
    assert bool(items(q, Reason.NEW_CUSTOMER)) is expected


def test_new_customer_care_ends_with_any_contact_since_the_first_purchase() -> None:
    same_day = person(first=-2, last=-2, contact=-2)
    assert items(queue(inputs(same_day)), Reason.NEW_CUSTOMER) == []
    day_before = person(first=-2, last=-2, contact=-3)
    assert len(items(queue(inputs(day_before)), Reason.NEW_CUSTOMER)) == 1


def moves(*rows: tuple[int, int, str | None, str | None, int]) -> TierMoves:
    """(id, customer, from, to, day offset)."""
    return TierMoves(
        id=np.array([r[0] for r in rows], dtype=np.int64),
        customer_id=np.array([r[1] for r in rows], dtype=np.int64),
        from_tier=np.array([TIER[r[2]] if r[2] else -1 for r in rows], dtype=np.int64),
        to_tier=np.array([TIER[r[3]] if r[3] else -1 for r in rows], dtype=np.int64),
        day=np.array([TODAY + r[4] for r in rows], dtype=np.int64),
    )


def test_a_customer_who_changes_tier() -> None:
    people = inputs(*(person(i, tier="B") for i in range(1, 6)))
    q = queue(
        people,
        moves=moves(
            (1, 1, "B", "A", -3),  # promoted to A
            (2, 2, "A", "B", -1),  # dropped from A
            (3, 3, "D", "C", -1),  # promoted, not to A: no item
            (4, 4, "B", "A", -40),  # too long ago
            (5, 5, "C", "A", -5),  # promoted, then dropped back: the latest counts
            (6, 5, "A", "C", -2),
        ),
    )
    assert [(c, due, o) for c, _, due, o in items(q, Reason.TIER_CHANGE)] == [
        (1, -3, 1),  # all three are B now: most overdue first
        (5, -2, 6),
        (2, -1, 2),
    ]
    details = [
        int(d) for d, r in zip(q.detail, q.reason, strict=True) if REASONS[r] is Reason.TIER_CHANGE
    ]
    assert [divmod(d - 9, 8) for d in details] == [
        (TIER["B"], TIER["A"]),
        (TIER["A"], TIER["C"]),
        (TIER["A"], TIER["B"]),
    ]


def test_a_tier_change_is_answered_by_a_contact_after_it() -> None:
    people = inputs(person(1, tier="A", contact=-1))
    assert items(queue(people, moves=moves((1, 1, "B", "A", -3))), Reason.TIER_CHANGE) == []


def test_reminders_are_due_on_their_day_and_stay_until_done() -> None:
    reminders = Reminders(
        id=np.array([10, 11, 12], dtype=np.int64),
        customer_id=np.array([1, 1, 99], dtype=np.int64),  # 99: archived or gone
        due_day=np.array([TODAY - 30, TODAY + 5, TODAY], dtype=np.int64),
    )
    q = queue(inputs(person(1)), reminders=reminders, days=3)
    assert [(c, due, o) for c, _, due, o in items(q, Reason.REMINDER)] == [(1, -30, 10)]


# ---- order, priority and identity ------------------------------------------------


def test_display_order_section_reason_tier_then_most_overdue() -> None:
    people = inputs(
        person(1, tier="C", last=-45),  # cadence 15 days overdue
        person(2, tier="A", last=-8),  # cadence 1 day overdue
        person(3, tier="A", last=-20),  # cadence 13 days overdue
        person(4, tier=None, last=None, stage=Stage.POTENTIAL, contact=-31),  # overdue 1
        person(5, tier="A", last=-5),  # upcoming in 2
    )
    q = queue(people, days=7)
    assert [(c, due) for c, _, due, _ in items(q)] == [(3, -13), (2, -1), (1, -15), (4, -1), (5, 2)]
    assert [int(p) for p in q.priority] == [HIGH, HIGH, LOW, LOW, HIGH]
    counts = q.counts()
    assert counts == {("today", Reason.CADENCE): 4, ("upcoming", Reason.CADENCE): 1}
    assert q.overdue_count() == 4 and NORMAL == 2


def test_reasons_group_in_reason_order() -> None:
    people = inputs(person(1, tier="A", first=-3, last=-3, birthday=(11, 23)))  # new too
    q = queue(people, days=7)
    reasons = [REASONS[int(r)] for r in q.reason]
    assert reasons == sorted(reasons, key=list(Reason).index)
    assert reasons[0] is Reason.NEW_CUSTOMER and Reason.BIRTHDAY in reasons


def test_cadence_code_constant_matches_reason_order() -> None:
    assert REASONS[CADENCE] is Reason.CADENCE and LOW == 3


def test_moves_and_reminders_of_customers_no_longer_active_are_left_out() -> None:
    # Every customer archived: their logged moves and open reminders make no items.
    nobody = inputs(person(1))
    nobody = QueueInputs(**{f.name: getattr(nobody, f.name)[:0] for f in fields(QueueInputs)})
    stray_reminder = Reminders(
        id=np.array([3], dtype=np.int64),
        customer_id=np.array([5], dtype=np.int64),
        due_day=np.array([TODAY], dtype=np.int64),
    )
    q = queue(nobody, moves=moves((1, 5, "B", "A", -1)), reminders=stray_reminder)
    assert len(q) == 0
