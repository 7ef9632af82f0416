"""The follow-up queue (跟进队列): whom to contact by a day, and why — pure arithmetic.

A function of (the book's per-customer columns, its open reminders and tier moves, what
the seller already did with queue items, the rules, as_of). No I/O, no clock. Each item
is (customer, reason, occurrence): the occurrence tells this year's birthday from next
year's and this cadence round from the next, so regenerating the queue for any day never
duplicates an item, and an item done or skipped never comes back.

The reasons, as DESIGN.md words them:
- cadence: due = last contact (interaction or purchase; the day the customer was added
  if neither) + the interval of their value tier (buyers) or stage (not yet buyers).
  Skipping a round moves the next one an interval on from the later of its due day and
  the day it was skipped; any contact restarts it.
- birthday: the day (solar, or lunar converted to this year's solar date), shown up to
  `birthday_lead_days` ahead and kept `occasion_grace_days` after if not handled.
- holiday: the 14 holidays of tiering.occasions, for every buyer, shown like birthdays
  but gone the day after the holiday (a greeting is not sent late);
  妇女节 and 母亲节 skip customers recorded as male, 父亲节 those recorded as female.
- at risk: an A/B buyer or an RFM At Risk / Can't Lose Them customer with at least
  `at_risk_min_orders` purchases, silent (no purchase) longer than `at_risk_factor` × their
  own median gap between purchase days; or an A/B buyer the purchase model gives up on
  (P(alive) below `at_risk_p_alive_percent`); due the first day either is true, and the
  item names the rule that was. Over when they buy again or the seller makes contact on
  or after that day.
- new customer: first purchase within the last `new_customer_care_days` days (that day
  counting as the first) and no contact since; due on the day of the first purchase.
- tier change: the latest value-tier move of the last `tier_change_days` days, if it was
  a promotion to A or a drop of a tier; over once the seller makes contact after it.
- reminder: every open manual reminder due by the end of the window.
- gift: an A customer, `gift_lead_days` before each of `gift_holidays` (中秋, 春节), so a
  gift can be shipped; shown and kept like a birthday, counted from the gift day, and gone
  once the festival itself has passed.
- win-back: a lapsed A/B buyer (tiering.lapse), instead of cadence and at-risk: due when
  they lapsed, then `win_back_days` after the last contact or skip, like a slow cadence.
Lapsed customers who are not A/B are dormant: only their reminders stay in the queue.
Snoozing moves an item's due day to the snooze day (never earlier than it was).

Every item also gets a planned day (tiering.plan): the daily capacity, the order of
priority (reason, value tier, how long it has waited, customer), and the items bound to
a day (reminders, birthdays, holidays, gifts, snoozed items) decide it. An item waits
from its due day, but never from before the customer came into the book, so a book
imported with years of history starts with a plan rather than a backlog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from xiaoben.models.enums import Holiday, Reason, RfmSegment, ValueTier
from xiaoben.models.followup import HIGH, LOW, NORMAL
from xiaoben.models.rules import Rules
from xiaoben.tiering import lapse
from xiaoben.tiering.frame import NO_DAY, RFM_SEGMENTS, VALUE_TIERS, epoch_day, locate
from xiaoben.tiering.occasions import HOLIDAYS, birthday_occurrences, holidays_between
from xiaoben.tiering.plan import plan_days, priority_order, ranks_of

REASONS: tuple[Reason, ...] = tuple(Reason)
(REMINDER, AT_RISK, TIER_CHANGE, NEW_CUSTOMER, BIRTHDAY, HOLIDAY, GIFT, WIN_BACK, CADENCE) = (
    REASONS.index(reason) for reason in Reason
)
OCCASIONS = (BIRTHDAY, HOLIDAY, GIFT)  # fade occasion_grace_days after their day
FESTIVE = (HOLIDAY, GIFT)  # ... and never outlive the holiday's own day
# Holiday greetings go to every buyer at once: one action, not the plan's capacity (a
# birthday wish is personal: it stays an item of the plan).
GREETING = HOLIDAY
BOUND = (REMINDER, BIRTHDAY, HOLIDAY, GIFT)  # planned on their own day, counted first
OCCASION_BOUND = (BIRTHDAY, HOLIDAY, GIFT)  # bound even once passed (they fade in days)
A, B, C, D = (VALUE_TIERS.index(tier) for tier in ValueTier)
_AT_RISK_SEGMENTS = (
    RFM_SEGMENTS.index(RfmSegment.AT_RISK),
    RFM_SEGMENTS.index(RfmSegment.CANT_LOSE_THEM),
)
UNKNOWN, MALE, FEMALE = 0, 1, 2  # gender codes of QueueInputs
# Holidays for one gender only: the other is skipped (unknown gender gets every greeting).
_SKIP_GENDER = {"womens_day": MALE, "mothers_day": MALE, "fathers_day": FEMALE}
# Not-yet-buyers' cadence key by stage (buyers use their value tier).
_STAGE_CADENCE = ("potential", "target", "prospect")
# Occurrence of a holiday item: its day and the holiday, so two on one day stay apart.
HOLIDAY_SLOTS = 16
LUNAR_LEAP = 10_000  # a lunar birthday item's detail: leap·LUNAR_LEAP + month·100 + day
_OCCURRENCE_BITS = 28  # item identity packed into one int64: customer | reason | occurrence
NEVER_CONTACTED = 1 << 16  # added to a cadence item's detail (its interval) when so
WIN_BACK_GAP = 1 << 12  # a win-back item's detail: last purchase day * this + median gap
# An at-risk item the purchase model raised: its detail is this + the model's day (a gap
# otherwise), so the item names the rule that put the customer in the queue.
MODEL_RISK = 1 << 40


def _i64(values: object) -> np.ndarray:
    return np.asarray(values, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class QueueInputs:
    """Per-customer columns the queue needs, one element per active customer, by id.

    value_tier / stage / rfm_segment are codes (VALUE_TIERS, STAGES, RFM_SEGMENTS; -1
    none); days are epoch days (NO_DAY: never); median_gap_days is the median gap between
    purchase occasions (tiering.rhythm; NaN with fewer than two); birthday month 0 means
    none. last_contact_day counts interactions only (purchases are last_purchase_day);
    created_day is the day the customer came into the book.
    """

    customer_id: np.ndarray
    value_tier: np.ndarray
    stage: np.ndarray
    rfm_segment: np.ndarray
    orders: np.ndarray
    first_purchase_day: np.ndarray
    last_purchase_day: np.ndarray
    last_contact_day: np.ndarray
    created_day: np.ndarray
    median_gap_days: np.ndarray
    birthday_month: np.ndarray
    birthday_day: np.ndarray
    birthday_lunar: np.ndarray
    birthday_leap: np.ndarray
    gender: np.ndarray
    # From the purchase model: the day P(alive) falls below the at-risk cut (NO_DAY: never,
    # or no model), and the value at stake, CLV × (1 − P(alive)) in cents (-1: no model).
    model_risk_day: np.ndarray
    at_stake_cents: np.ndarray

    def __len__(self) -> int:
        return len(self.customer_id)


@dataclass(frozen=True, slots=True)
class Reminders:
    """Open manual reminders."""

    id: np.ndarray
    customer_id: np.ndarray
    due_day: np.ndarray


@dataclass(frozen=True, slots=True)
class TierMoves:
    """Value-tier changes (the book's tier_changes log): codes into VALUE_TIERS, -1 none."""

    id: np.ndarray
    customer_id: np.ndarray
    from_tier: np.ndarray
    to_tier: np.ndarray
    day: np.ndarray


@dataclass(frozen=True, slots=True)
class Handled:
    """What the seller did with queue items: reason codes, QueueAction as 0 done, 1
    snoozed, 2 skipped; until_day is the snooze day (NO_DAY otherwise). room_day, when
    given, is the day whose plan each took room in: the day it was handled, if it was in
    that day's plan (NO_DAY: it was planned for a later day, and took none)."""

    customer_id: np.ndarray
    reason: np.ndarray
    occurrence: np.ndarray
    action: np.ndarray
    until_day: np.ndarray
    room_day: np.ndarray | None = None

    def room_taken(self, day: int) -> int:
        """How many items of that day's plan were handled on it (0 when not known)."""
        return 0 if self.room_day is None else int((self.room_day == day).sum())


DONE, SNOOZED, SKIPPED = 0, 1, 2


def empty_reminders() -> Reminders:
    return Reminders(_i64([]), _i64([]), _i64([]))


def empty_moves() -> TierMoves:
    return TierMoves(_i64([]), _i64([]), _i64([]), _i64([]), _i64([]))


def empty_handled() -> Handled:
    return Handled(_i64([]), _i64([]), _i64([]), _i64([]), _i64([]))


@dataclass(frozen=True, slots=True)
class Queue:
    """The queue as of a day, in display order: today's section (due on or before as_of)
    first, then the next `days` days; inside a section by reason (Reason order), value
    tier (A first, non-buyers last), most overdue first, customer id.

    detail: holiday code (HOLIDAYS) for holidays and gifts; the move's from*8+to codes (+9)
    for tier changes; the reminder id for reminders; the median gap for at-risk (MODEL_RISK
    + the model's day when the purchase model raised it); the
    cadence interval for cadence (+ NEVER_CONTACTED if so); last purchase day *
    WIN_BACK_GAP + median gap (0 unknown) for win-back; 0 otherwise. occasion_day: the
    birthday's or holiday's own day (a gift's holiday).

    The plan: waiting_since is the day an item waits from (its due day, never before the
    customer came into the book; a bound item: its day); planned_day the day it is planned
    on (tiering.plan, `capacity` a day, 0 no limit); plan_rank its place in the order of
    priority. Planned days are exact up to the window's end (as_of + days, and for the
    items bound to a day, their lead: a birthday further out is not seen yet); later
    ones are a preview.
    """

    as_of: date
    days: int
    customer_id: np.ndarray
    reason: np.ndarray
    occurrence: np.ndarray
    due_day: np.ndarray
    priority: np.ndarray
    value_tier: np.ndarray
    snoozed: np.ndarray
    detail: np.ndarray
    occasion_day: np.ndarray = field(repr=False)
    waiting_since: np.ndarray = field(repr=False)
    planned_day: np.ndarray = field(repr=False)
    plan_rank: np.ndarray = field(repr=False)
    capacity: int = 0
    # Contacts a day the cadences ask on average (`cadence_load`), to set against capacity.
    cadence_load: float = 0.0

    def __len__(self) -> int:
        return len(self.customer_id)

    def plan_order(self) -> np.ndarray:
        """Item indexes in the plan's order: by planned day, a day's greetings after its
        plan, then priority."""
        return np.lexsort((self.plan_rank, self.reason == GREETING, self.planned_day))

    def planned_mask(self, day: date | None = None) -> np.ndarray:
        """The items planned on a day (default as_of: today's), its greetings included."""
        return self.planned_day == epoch_day(day or self.as_of)

    def day_count(self, day: date | None = None) -> int:
        """Every item planned on a day: its plan and its greetings."""
        return int(self.planned_mask(day).sum())

    def greetings_mask(self, day: date | None = None) -> np.ndarray:
        """The holiday greetings of a day (default today): one action, outside the plan."""
        return self.planned_mask(day) & (self.reason == GREETING)

    def greeting_count(self, day: date | None = None) -> int:
        return int(self.greetings_mask(day).sum())

    def greeting_holidays(self, day: date | None = None) -> str:
        """The holidays whose greetings a day holds (default today), by name: 圣诞节、元旦."""
        codes = sorted(set(self.detail[self.greetings_mask(day)].tolist()))
        return "、".join(HOLIDAYS[code].label() for code in codes)

    def plan_count(self, day: date | None = None) -> int:
        """The items of a day's plan, against the capacity: its greetings apart."""
        return self.day_count(day) - self.greeting_count(day)

    def days_waiting(self) -> np.ndarray:
        """as_of - waiting_since: how long each item has waited (negative: not due yet)."""
        return epoch_day(self.as_of) - self.waiting_since

    def today_mask(self) -> np.ndarray:
        return self.due_day <= epoch_day(self.as_of)

    def today_count(self) -> int:
        return int(self.today_mask().sum())

    def overdue_count(self) -> int:
        """Items that have waited since before today (逾期): from their due day, never from
        before the customer came into the book, so an imported history starts with a plan."""
        return int((self.days_waiting() > 0).sum())

    def over_capacity(self) -> int:
        """The contacts a day the cadences ask (rounded), when more than the capacity;
        0 when the capacity keeps up (or there is no limit)."""
        asked = round(self.cadence_load)
        return asked if self.capacity and asked > self.capacity else 0

    def upcoming_count(self) -> int:
        return len(self) - self.today_count()

    def counts(self) -> dict[tuple[str, Reason], int]:
        """Items per (section, reason), section "today" or "upcoming"; empty groups left out."""
        today = self.today_mask()
        result: dict[tuple[str, Reason], int] = {}
        for section, mask in (("today", today), ("upcoming", ~today)):
            codes, counts = np.unique(self.reason[mask], return_counts=True)
            for code, count in zip(codes.tolist(), counts.tolist(), strict=True):
                result[(section, REASONS[code])] = count
        return result

    def position(self, customer_id: int, reason: Reason, occurrence: int) -> int:
        """Index of that item, or -1."""
        hits = np.flatnonzero(
            (self.customer_id == customer_id)
            & (self.reason == REASONS.index(reason))
            & (self.occurrence == occurrence)
        )
        return int(hits[0]) if len(hits) else -1


@dataclass
class _Items:
    """Candidate items gathered reason by reason (row = index into QueueInputs)."""

    row: list[np.ndarray] = field(default_factory=list)
    reason: list[np.ndarray] = field(default_factory=list)
    occurrence: list[np.ndarray] = field(default_factory=list)
    due: list[np.ndarray] = field(default_factory=list)
    priority: list[np.ndarray] = field(default_factory=list)
    detail: list[np.ndarray] = field(default_factory=list)
    occasion: list[np.ndarray] = field(default_factory=list)

    def add(
        self,
        reason: int,
        row: np.ndarray,
        occurrence: np.ndarray,
        due: np.ndarray,
        priority: np.ndarray | int,
        detail: np.ndarray | int = 0,
        occasion: np.ndarray | None = None,
    ) -> None:
        """Items of one reason; `occasion` defaults to the due day for occasions."""
        n = len(row)
        self.row.append(_i64(row))
        self.reason.append(np.full(n, reason, dtype=np.int64))
        self.occurrence.append(_i64(occurrence))
        self.due.append(_i64(due))
        self.priority.append(np.broadcast_to(_i64(priority), (n,)).copy())
        self.detail.append(np.broadcast_to(_i64(detail), (n,)).copy())
        if occasion is None:
            occasion = _i64(due) if reason in OCCASIONS else np.full(n, NO_DAY, np.int64)
        self.occasion.append(_i64(occasion))

    def take(self, name: str) -> np.ndarray:
        """One column of every item, its parts let go (at 100k customers seven columns of
        ~110k items: their parts and the joined columns were 12 MB together)."""
        parts = getattr(self, name)
        setattr(self, name, [])
        return np.concatenate(parts) if parts else _i64([])


def item_code(customer_id: np.ndarray, reason: np.ndarray, occurrence: np.ndarray) -> np.ndarray:
    """One int64 per item identity (customer < 2**27, occurrence < 2**28)."""
    return (
        (_i64(customer_id) << (_OCCURRENCE_BITS + 8))
        | (_i64(reason) << _OCCURRENCE_BITS)
        | (_i64(occurrence) & ((1 << _OCCURRENCE_BITS) - 1))
    )


def build_queue(
    inputs: QueueInputs,
    reminders: Reminders,
    moves: TierMoves,
    handled: Handled,
    rules: Rules,
    as_of: date,
    days: int = 7,
) -> Queue:
    """Every item due by as_of + days (overdue ones included), in display order."""
    today = epoch_day(as_of)
    horizon = today + max(days, 0)
    # A historical as_of judges everyone by the records dated by then. Dormant customers
    # keep only their reminders; lapsed A/B ones trade cadence and at-risk for win-back.
    lapse_day = lapse.lapse_days(
        inputs.orders, inputs.last_purchase_day, inputs.median_gap_days, rules
    )
    state = lapse.states_on(lapse_day, inputs.value_tier, inputs.stage, inputs.orders, today)
    exists, active = state != lapse.DORMANT, state == lapse.ACTIVE
    items = _Items()
    _reminders(items, inputs, reminders, horizon)
    _at_risk(items, inputs, rules, today, active)
    _tier_changes(items, inputs, moves, rules, today, exists)
    _new_customers(items, inputs, rules, today, exists)
    _birthdays(items, inputs, handled, rules, today, days, exists)
    _holidays_and_gifts(items, inputs, handled, rules, today, days, exists)
    _win_back(items, inputs, handled, rules, state == lapse.WIN_BACK, lapse_day)
    _cadence(items, inputs, handled, rules, active)
    load = cadence_load(inputs, rules, state)
    return _settle(items, inputs, handled, rules, as_of, days, load)


def cadence_load(inputs: QueueInputs, rules: Rules, state: np.ndarray) -> float:
    """Contacts a day the cadences ask for, on average over the coming weeks: each
    customer in the cadence once an interval, each lapsed A/B buyer once every
    win_back_days. Above the plan's capacity the items wait longer and longer: the plan
    cannot keep its own reasons ("every 7 days"), and the seller is told (one sum over the
    customers: cheap beside the queue itself)."""
    interval = cadence_intervals(inputs, rules)
    cadenced = (state == lapse.ACTIVE) & (interval > 0)
    per_day = float((1.0 / interval[cadenced]).sum())
    return per_day + float(np.count_nonzero(state == lapse.WIN_BACK)) / rules.win_back_days


def lapse_states_of(inputs: QueueInputs, rules: Rules, as_of_day: int) -> np.ndarray:
    """tiering.lapse's ACTIVE / WIN_BACK / DORMANT for each customer of the inputs."""
    return lapse.lapse_states(
        inputs.value_tier,
        inputs.stage,
        inputs.orders,
        inputs.last_purchase_day,
        inputs.median_gap_days,
        rules,
        as_of_day,
    )


def _tier_priority(tier: np.ndarray, high: int, low: int) -> np.ndarray:
    """HIGH for A, NORMAL for B, `low` for the rest — shifted by `high`."""
    base = np.where(tier == A, HIGH, np.where(tier == B, NORMAL, low))
    return np.maximum(base, high)


def _reminders(items: _Items, inputs: QueueInputs, reminders: Reminders, horizon: int) -> None:
    rows, known = _rows_of(inputs, reminders.customer_id)
    keep = known & (reminders.due_day <= horizon)
    items.add(
        REMINDER, rows[keep], reminders.id[keep], reminders.due_day[keep], HIGH, reminders.id[keep]
    )


def _at_risk(
    items: _Items, inputs: QueueInputs, rules: Rules, today: int, active: np.ndarray
) -> None:
    gap = inputs.median_gap_days
    watched = np.isin(inputs.value_tier, (A, B)) | np.isin(inputs.rfm_segment, _AT_RISK_SEGMENTS)
    eligible = (
        active
        & watched
        & (inputs.orders >= rules.at_risk_min_orders)
        & ~np.isnan(gap)
        & (inputs.last_purchase_day > NO_DAY)
    )
    limit = np.floor(np.nan_to_num(gap) * rules.at_risk_factor).astype(np.int64)
    due = np.where(eligible, inputs.last_purchase_day + limit + 1, NO_DAY)  # silent *longer*
    # An A/B customer the purchase model gives up on is at risk from that day, even before
    # twice their median gap has passed (or with too few purchases for a gap).
    model_day = inputs.model_risk_day
    by_model = active & np.isin(inputs.value_tier, (A, B)) & (model_day > NO_DAY)
    by_model &= inputs.last_purchase_day > NO_DAY
    by_model &= (due == NO_DAY) | (model_day < due)  # the model's day came first
    due = np.where(by_model, model_day, due)
    rows = np.flatnonzero(due > NO_DAY)
    due = due[rows]
    unanswered = inputs.last_contact_day[rows] < due
    rows, due = rows[unanswered], due[unanswered]
    rhythm = np.round(np.nan_to_num(gap[rows])).astype(np.int64)
    items.add(
        AT_RISK,
        rows,
        inputs.last_purchase_day[rows],
        due,
        HIGH,
        np.where(by_model[rows], MODEL_RISK + model_day[rows], rhythm),
    )


def _tier_changes(
    items: _Items,
    inputs: QueueInputs,
    moves: TierMoves,
    rules: Rules,
    today: int,
    exists: np.ndarray,
) -> None:
    recent = (moves.day <= today) & (moves.day > today - rules.tier_change_days)
    order = np.lexsort((moves.id[recent], moves.customer_id[recent]))
    ids, customers = moves.id[recent][order], moves.customer_id[recent][order]
    if not len(ids):
        return
    last = np.r_[customers[1:] != customers[:-1], True]  # the latest move per customer
    pick = np.flatnonzero(recent)[order][last]
    from_tier, to_tier, day = moves.from_tier[pick], moves.to_tier[pick], moves.day[pick]
    promoted = (to_tier == A) & (from_tier > A)
    dropped = (from_tier >= 0) & (to_tier > from_tier)
    rows, known = _rows_of(inputs, moves.customer_id[pick])
    if not known.any():
        return
    keep = known & (promoted | dropped) & exists[rows]
    keep &= inputs.last_contact_day[rows] < day  # not yet talked to since the move
    priority = np.where(promoted | (from_tier <= B), HIGH, NORMAL)
    items.add(
        TIER_CHANGE,
        rows[keep],
        moves.id[pick][keep],
        day[keep],
        priority[keep],
        (from_tier * 8 + to_tier + 9)[keep],
    )


def _new_customers(
    items: _Items, inputs: QueueInputs, rules: Rules, today: int, exists: np.ndarray
) -> None:
    first = inputs.first_purchase_day
    rows = np.flatnonzero(
        exists
        & (first > NO_DAY)
        & (first <= today)
        & (inputs.last_contact_day < first)  # no contact on or after the first purchase
    )
    # Kept while the first purchase is recent; older ones only come back if snoozed.
    items.add(NEW_CUSTOMER, rows, first[rows], first[rows], NORMAL)


def _window(rules_lead: int, days: int, today: int, grace: int) -> tuple[int, int]:
    return today - grace, today + min(max(days, 0), rules_lead)


def _snoozed_occurrences(handled: Handled, reason: int) -> tuple[np.ndarray, np.ndarray]:
    """(customer ids, occurrences) of this reason's snoozed items."""
    mask = (handled.reason == reason) & (handled.action == SNOOZED)
    return handled.customer_id[mask], handled.occurrence[mask]


def _rows_of(inputs: QueueInputs, customer_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of these customer ids in inputs, and which of them are there at all."""
    return locate(inputs.customer_id, customer_ids)


def _birthdays(
    items: _Items,
    inputs: QueueInputs,
    handled: Handled,
    rules: Rules,
    today: int,
    days: int,
    exists: np.ndarray,
) -> None:
    first, last = _window(rules.birthday_lead_days, days, today, rules.occasion_grace_days)
    rows, day = birthday_occurrences(
        inputs.birthday_month,
        inputs.birthday_day,
        inputs.birthday_lunar,
        inputs.birthday_leap,
        first,
        last,
    )
    # Snoozed birthdays outside the window still count until their snooze day has passed.
    customers, occurrences = _snoozed_occurrences(handled, BIRTHDAY)
    more, known = _rows_of(inputs, customers)
    known &= inputs.birthday_month[more] > 0
    pairs = np.unique(np.c_[_i64(np.r_[rows, more[known]]), np.r_[day, occurrences[known]]], axis=0)
    row, day = pairs[:, 0], pairs[:, 1]
    keep = exists[row]
    row, day = row[keep], day[keep]
    # A lunar birthday's detail is its lunar day (leap·10000 + month·100 + day), for words
    # the seller thinks in: 农历九月初四生日（10月13日）. A solar one's is 0, or, when it is
    # celebrated on another day (29 Feb in a common year), -(month·100 + day): "29 Feb
    # (28 Feb this year)".
    lunar = inputs.birthday_lunar[row].astype(bool)
    own = _i64(inputs.birthday_month[row]) * 100 + _i64(inputs.birthday_day[row])
    celebrated = np.asarray(day, dtype=np.int64).astype("datetime64[D]")  # epoch days
    moved = ~lunar & (own != _month_day(celebrated))
    detail = np.where(
        lunar,
        _i64(inputs.birthday_leap[row]) * LUNAR_LEAP + own,
        np.where(moved, -own, 0),
    )
    priority = _tier_priority(inputs.value_tier[row], HIGH, NORMAL)
    items.add(BIRTHDAY, row, day, day, priority, detail=detail)


def _month_day(days: np.ndarray) -> np.ndarray:
    """month·100 + day of each day (datetime64[D])."""
    months = days.astype("datetime64[M]")
    month = months.astype(np.int64) % 12 + 1
    return month * 100 + (days - months).astype(np.int64) + 1


def _holidays_and_gifts(
    items: _Items,
    inputs: QueueInputs,
    handled: Handled,
    rules: Rules,
    today: int,
    days: int,
    exists: np.ndarray,
) -> None:
    """Greetings for every buyer on the day; a gift item for A customers gift_lead_days
    before each gift holiday (its window is one of gift days)."""
    window = _window(rules.holiday_lead_days, days, today, rules.occasion_grace_days)
    buyers = exists & (inputs.orders > 0)
    greeting_priority = _tier_priority(inputs.value_tier, NORMAL, LOW)
    _holiday_items(items, HOLIDAY, inputs, handled, window, 0, HOLIDAYS, buyers, greeting_priority)
    a_customers = exists & (inputs.value_tier == A)
    high = np.full(len(inputs), HIGH, dtype=np.int64)
    gift_holidays, lead = tuple(rules.gift_holidays), rules.gift_lead_days
    _holiday_items(items, GIFT, inputs, handled, window, lead, gift_holidays, a_customers, high)


def _holiday_items(
    items: _Items,
    reason: int,
    inputs: QueueInputs,
    handled: Handled,
    window: tuple[int, int],
    lead: int,
    holidays: tuple[Holiday, ...],
    audience: np.ndarray,
    priority: np.ndarray,
) -> None:
    """One item per holiday occurrence (day * HOLIDAY_SLOTS + code) for the audience, due
    `lead` days before the holiday, for the due days in the window (plus snoozed ones)."""
    first, last = window
    occasions = [
        epoch_day(day) * HOLIDAY_SLOTS + HOLIDAYS.index(holiday)
        for holiday, day in holidays_between(_date(first + lead), _date(last + lead))
        if holiday in holidays
    ]
    customers, snoozed = _snoozed_occurrences(handled, reason)
    for occurrence in sorted(set(occasions) | set(snoozed.tolist())):
        code = occurrence % HOLIDAY_SLOTS
        for_them = audience
        skip = _SKIP_GENDER.get(HOLIDAYS[code].value)
        if skip is not None:
            for_them = for_them & (inputs.gender != skip)
        if occurrence in occasions:
            rows = np.flatnonzero(for_them)
        else:  # only the customers who snoozed it
            rows, known = _rows_of(inputs, customers[snoozed == occurrence])
            rows = rows[known & for_them[rows]]
        day = occurrence // HOLIDAY_SLOTS
        items.add(
            reason,
            rows,
            np.full(len(rows), occurrence),
            np.full(len(rows), day - lead),
            priority[rows],
            code,
            np.full(len(rows), day),
        )


def _rounds_since(
    inputs: QueueInputs, handled: Handled, reason: int, base: np.ndarray
) -> np.ndarray:
    """The day a round-based reason (cadence, win-back) counts from: `base`, or a later
    skipped round of that reason."""
    base = base.copy()
    # A skipped round: the next one is an interval after the skipped due day, or after
    # the day it was skipped if that was later (an overdue round skipped today).
    skipped = (handled.reason == reason) & (handled.action == SKIPPED)
    rows, known = _rows_of(inputs, handled.customer_id[skipped])
    if known.any():
        restart = np.maximum(handled.occurrence[skipped], handled.until_day[skipped])
        np.maximum.at(base, rows[known], restart[known])
    return base


def _cadence(
    items: _Items, inputs: QueueInputs, handled: Handled, rules: Rules, active: np.ndarray
) -> None:
    interval = cadence_intervals(inputs, rules)
    contact = np.maximum(inputs.last_contact_day, inputs.last_purchase_day)
    base = np.where(contact > NO_DAY, contact, inputs.created_day)  # the day added if never
    due = _rounds_since(inputs, handled, CADENCE, base) + interval
    rows = np.flatnonzero(active & (interval > 0))
    detail = interval[rows] + np.where(contact[rows] > NO_DAY, 0, NEVER_CONTACTED)
    items.add(
        CADENCE,
        rows,
        due[rows],
        due[rows],
        _tier_priority(inputs.value_tier[rows], HIGH, LOW),
        detail,
    )


def _win_back(
    items: _Items,
    inputs: QueueInputs,
    handled: Handled,
    rules: Rules,
    lapsed: np.ndarray,
    lapse_day: np.ndarray,
) -> None:
    """Lapsed A/B buyers: due the day they lapsed, and win_back_days after the last
    contact or skipped round (a purchase would end the lapse)."""
    rows = np.flatnonzero(lapsed)
    since = _rounds_since(inputs, handled, WIN_BACK, inputs.last_contact_day)[rows]
    since = np.where(since > NO_DAY, since + rules.win_back_days, NO_DAY)
    due = np.maximum(since, lapse_day[rows])
    gap = inputs.median_gap_days[rows]
    # A rhythm is quoted from enough purchases only, as the at-risk rule measures one.
    unknown = np.isnan(gap) | (inputs.orders[rows] < rules.at_risk_min_orders)
    gap_days = np.where(unknown, 0, np.minimum(np.round(np.nan_to_num(gap)), WIN_BACK_GAP - 1))
    detail = inputs.last_purchase_day[rows] * WIN_BACK_GAP + gap_days.astype(np.int64)
    items.add(
        WIN_BACK,
        rows,
        due,
        due,
        _tier_priority(inputs.value_tier[rows], NORMAL, LOW),
        detail,
    )


def cadence_intervals(inputs: QueueInputs, rules: Rules) -> np.ndarray:
    """Each customer's contact interval in days: by value tier, else by stage (0: none)."""
    cadence = rules.cadence_days
    by_tier = _i64([cadence.get(tier.value, 0) for tier in VALUE_TIERS] + [0])
    by_stage = _i64([cadence.get(name, 0) for name in _STAGE_CADENCE])
    stage_part = np.where(
        (inputs.stage >= 0) & (inputs.stage < len(_STAGE_CADENCE)),
        by_stage[np.clip(inputs.stage, 0, len(_STAGE_CADENCE) - 1)],
        cadence.get("C", 30),
    )
    return np.where(inputs.value_tier >= 0, by_tier[inputs.value_tier], stage_part)


def _date(day: int) -> date:
    return date(1970, 1, 1) + timedelta(days=day)


def _priority_order(
    reason: np.ndarray,
    tier_order: np.ndarray,
    waiting: np.ndarray,
    customer: np.ndarray,
    occurrence: np.ndarray,
) -> np.ndarray:
    """Item indexes in the plan's order of priority: reason, value tier, waiting since,
    customer, occurrence (total: the last three are the item). The first four packed in
    one int64 when they fit, which sorts four times faster than five keys."""
    if not len(reason):
        return _i64([])
    oldest = int(waiting.min())
    if int(waiting.max()) - oldest < 1 << 22 and int(customer.max()) < 1 << 27:
        head = ((((reason * 8 + tier_order) << 22) | (waiting - oldest)) << 27) | customer
        return priority_order(head, occurrence)
    return priority_order(reason, tier_order, waiting, customer, occurrence)


def _at_stake(reason: np.ndarray, inputs: QueueInputs, row: np.ndarray) -> np.ndarray:
    """Each item's value at stake (-1: not an at-risk item, or no model)."""
    if not len(row):
        return np.full(len(reason), -1, dtype=np.int64)
    return np.where(reason == AT_RISK, inputs.at_stake_cents[row], -1).astype(np.int64)


def _by_stake(
    reason: np.ndarray, tier_order: np.ndarray, waiting: np.ndarray, stake: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The priority keys with at-risk items ranked among themselves by the value at stake
    (CLV × (1 − P(alive))), the most first; those without a model's figure after them in
    their usual order (tier, waiting since)."""
    known = stake >= 0
    if not known.any():
        return reason, tier_order, waiting
    rows = np.flatnonzero(known)
    ranked = rows[np.argsort(-stake[rows], kind="stable")]
    tier_key, waiting_key = tier_order.copy(), waiting.copy()
    tier_key[ranked] = 0
    waiting_key[ranked] = int(waiting.min()) - len(ranked) + np.arange(len(ranked))
    return reason, tier_key, waiting_key


def bound_items(reason: np.ndarray, snoozed: np.ndarray, due: np.ndarray, today: int) -> np.ndarray:
    """The items planned on their own day, before the capacity: birthdays, holidays and
    gifts (today when their day has passed: they fade within days), and reminders and
    snoozed items whose day is today or ahead. A reminder or a snooze whose day has passed
    is no longer bound to a day: it is planned first in the priority order but within the
    capacity, so a backlog of old reminders becomes days of plan, not one wall today."""
    dated = (reason == REMINDER) | snoozed
    return np.isin(reason, OCCASION_BOUND) | (dated & (due >= today))


def _settle(
    items: _Items,
    inputs: QueueInputs,
    handled: Handled,
    rules: Rules,
    as_of: date,
    days: int,
    load: float = 0.0,
) -> Queue:
    """Apply what the seller did, keep what is due in the window, and order for display."""
    today = epoch_day(as_of)
    row, reason = items.take("row"), items.take("reason")
    occurrence, due = items.take("occurrence"), items.take("due")
    priority, detail, occasion = (
        items.take("priority"),
        items.take("detail"),
        items.take("occasion"),
    )
    customer = inputs.customer_id[row] if len(row) else _i64([])
    codes = item_code(customer, reason, occurrence)
    handled_codes = item_code(handled.customer_id, handled.reason, handled.occurrence)
    gone = np.isin(codes, handled_codes[handled.action != SNOOZED])
    snooze_mask = handled.action == SNOOZED
    snooze_codes, snooze_until = handled_codes[snooze_mask], handled.until_day[snooze_mask]
    order = np.argsort(snooze_codes, kind="stable")
    snooze_codes, snooze_until = snooze_codes[order], snooze_until[order]
    at = np.minimum(np.searchsorted(snooze_codes, codes), max(len(snooze_codes) - 1, 0))
    snoozed = (
        (snooze_codes[at] == codes) & (snooze_until[at] > due)
        if len(snooze_codes)
        else np.zeros(len(codes), dtype=bool)
    )
    due = np.where(snoozed, snooze_until[at] if len(snooze_codes) else due, due)
    keep = ~gone & (due <= today + max(days, 0))
    # Occasions not handled in time fade `occasion_grace_days` after their (snoozed) day;
    # a holiday's greeting and its gift leave with the holiday itself (a Christmas greeting
    # on 12-28 is wrong to send), while a belated birthday wish is normal: it keeps its grace.
    # A new customer's care fades when the first purchase is no longer recent.
    keep &= ~np.isin(reason, OCCASIONS) | (due >= today - rules.occasion_grace_days)
    keep &= ~np.isin(reason, FESTIVE) | (occasion >= today)
    keep &= (reason != NEW_CUSTOMER) | snoozed | (due > today - rules.new_customer_care_days)
    # One item per identity (a snoozed occasion may also fall in the window).
    _, first = np.unique(codes[keep], return_index=True)
    picked = np.flatnonzero(keep)[np.sort(first)]
    del codes, gone, keep, at, first  # every candidate's: only the picked ones go on
    row, reason, occurrence, due = row[picked], reason[picked], occurrence[picked], due[picked]
    priority, detail, occasion = priority[picked], detail[picked], occasion[picked]
    snoozed, customer = snoozed[picked], customer[picked]
    tier = inputs.value_tier[row] if len(row) else _i64([])
    tier_order = np.where(tier >= 0, tier, len(VALUE_TIERS))
    section = (due > today).astype(np.int64)
    display = np.lexsort((customer, due, tier_order, reason, section))
    bound = bound_items(reason, snoozed, due, today)
    created = inputs.created_day[row] if len(row) else _i64([])
    on_a_day = np.isin(reason, BOUND) | snoozed  # they wait from their day, not from import
    # ... and never from after today (an "added on" day ahead: a book written in a time zone
    # ahead, or by a clock set ahead): an item due by today is due now, not "in N days"
    waiting = np.where(on_a_day, due, np.minimum(np.maximum(due, created), np.maximum(due, today)))
    stake = _at_stake(reason, inputs, row)
    order = _priority_order(*_by_stake(reason, tier_order, waiting, stake), customer, occurrence)
    used = handled.room_taken(today)
    planned = plan_days(due, bound, order, today, rules.plan_capacity, used, reason == GREETING)
    rank = ranks_of(order)
    del order, bound, created, on_a_day, stake, tier_order, section
    columns = {
        "customer_id": customer,
        "reason": reason,
        "occurrence": occurrence,
        "due_day": due,
        "priority": priority,
        "value_tier": tier,
        "snoozed": snoozed,
        "detail": detail,
        "occasion_day": occasion,
        "waiting_since": waiting,
        "planned_day": planned,
        "plan_rank": rank,
    }
    del customer, reason, occurrence, due, priority, tier, snoozed, detail, occasion
    del waiting, planned, rank
    for name, column in columns.items():  # each in display order, the other let go
        columns[name] = column[display]
    del column
    columns["value_tier"] = _i64(columns["value_tier"])
    return Queue(as_of=as_of, days=days, capacity=rules.plan_capacity, cadence_load=load, **columns)
