"""Properties of the lenses on random small books: order does not matter, ties tie, more
buying never scores lower, place() agrees with compute(), and a plain reference agrees."""

from dataclasses import fields, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoben.models.enums import ValueBasis
from xiaoben.models.rules import Rules
from xiaoben.tiering.compute import Population, compute, compute_with_population, place
from xiaoben.tiering.frame import (
    NO_DAY,
    VALUE_TIERS,
    CustomerStats,
    StatsFrame,
    TierFrame,
    epoch_day,
)
from xiaoben.tiering.ranks import EVERY_PART, GREATER, LESS, SUM_GREATER, Ranking

AS_OF = date(2025, 6, 1)
TODAY = epoch_day(AS_OF)
COLUMNS = [f.name for f in fields(TierFrame) if f.name != "figures"]


@st.composite
def customers(draw: st.DrawFn, customer_id: int) -> CustomerStats:
    orders = draw(st.integers(0, 4))
    bought = {}
    if orders:
        # Few distinct amounts, so that ties are common.
        revenue = draw(st.sampled_from([0, 100, 250, 500, 1_000]) | st.integers(0, 5_000))
        last_ago = draw(st.integers(0, 400))
        bought = {
            "revenue_cents": revenue,
            "refunded_cents": draw(st.sampled_from([0, 0, 50]) | st.integers(0, revenue + 300)),
            "cost_cents": draw(st.integers(0, 3_000)),
            "last_purchase_day": TODAY - last_ago,
            "first_purchase_day": TODAY - last_ago - draw(st.integers(0, 500)),
        }
    intent_ago = draw(st.none() | st.integers(-3, 60))
    return CustomerStats(
        customer_id,
        orders=orders,
        service_cost_cents=draw(st.sampled_from([0, 0, 0, 40, 700])),
        service_minutes=draw(st.integers(0, 90)),
        last_intent_day=NO_DAY if intent_ago is None else TODAY - intent_ago,
        referrals=draw(st.integers(0, 3)),
        strategic=draw(st.booleans()),
        target_profile=draw(st.booleans()),
        manual_stage=draw(st.integers(-1, 2)),
        demand=draw(st.integers(0, 5)),
        purchasing_power=draw(st.integers(0, 5)),
        **bought,
    )


@st.composite
def books(draw: st.DrawFn, min_size: int = 0, max_size: int = 10) -> list[CustomerStats]:
    size = draw(st.integers(min_size, max_size))
    return [draw(customers(customer_id)) for customer_id in range(1, size + 1)]


@st.composite
def rule_sets(draw: st.DrawFn) -> Rules:
    a_cut = draw(st.sampled_from([Decimal(80), Decimal(50), Decimal("82.5"), Decimal("33.3")]))
    return Rules(
        a_cut_percent=a_cut,
        b_cut_percent=draw(st.sampled_from([Decimal(95), Decimal(100), a_cut])),
        promote_strategic=draw(st.booleans()),
        promote_referrals=draw(st.sampled_from([0, 1, 2])),
        value_basis=draw(st.sampled_from(list(ValueBasis))),
        subtract_service_cost=draw(st.booleans()),
        cost_per_service_minute=draw(
            st.sampled_from([Decimal(0), Decimal("0.35"), Decimal("0.005")])
        ),
        lapse_days=draw(st.sampled_from([30, 180])),
        intent_days=draw(st.sampled_from([7, 30])),
        loyal_orders=draw(st.sampled_from([2, 3])),
        loyalty_span_days=draw(st.sampled_from([30, 365])),
    )


def frame_of(rows: list[CustomerStats]) -> StatsFrame:
    return StatsFrame.from_records(rows)


def row(frame: TierFrame, i: int) -> dict[str, object]:
    """One customer's results, comparable with ==."""
    found = {}
    for name in COLUMNS:
        value = getattr(frame, name)[i]
        found[name] = value.tolist() if isinstance(value, np.ndarray) else value.item()
    return found


def by_id(frame: TierFrame) -> dict[int, dict[str, object]]:
    return {int(cid): row(frame, i) for i, cid in enumerate(frame.customer_id)}


@settings(deadline=None)
@given(books(), rule_sets(), st.randoms(use_true_random=False))
def test_shuffling_the_rows_changes_no_result(rows, rules, random):
    shuffled = rows[:]
    random.shuffle(shuffled)
    before, after = compute(frame_of(rows), rules, AS_OF), compute(frame_of(shuffled), rules, AS_OF)
    assert by_id(before) == by_id(after)
    assert before.figures == after.figures


@settings(deadline=None)
@given(books(min_size=1), rule_sets(), st.data())
def test_identical_customers_get_identical_results(rows, rules, data):
    twin_of = data.draw(st.sampled_from(rows))
    twin = replace(twin_of, customer_id=len(rows) + 1)
    tiers = by_id(compute(frame_of([*rows, twin]), rules, AS_OF))
    first, second = tiers[twin_of.customer_id], tiers[twin.customer_id]
    first.pop("customer_id"), second.pop("customer_id")
    assert first == second


@settings(deadline=None)
@given(books(min_size=1), rule_sets(), st.data())
def test_another_purchase_never_lowers_f_or_m(rows, rules, data):
    k = data.draw(st.integers(0, len(rows) - 1))
    old = rows[k]
    amount = data.draw(st.integers(0, 3_000))
    if old.orders:
        day = data.draw(st.integers(old.last_purchase_day, TODAY))
        first = old.first_purchase_day
    else:
        day = first = data.draw(st.integers(TODAY - 300, TODAY))
    new = replace(
        old,
        orders=old.orders + 1,
        revenue_cents=old.revenue_cents + amount,
        last_purchase_day=day,
        first_purchase_day=first,
    )
    before = compute(frame_of(rows), rules, AS_OF)
    after = compute(frame_of([*rows[:k], new, *rows[k + 1 :]]), rules, AS_OF)
    assert after.f[k] >= before.f[k]
    assert after.m[k] >= before.m[k]
    assert after.r[k] >= before.r[k]


@settings(deadline=None)
@given(books(min_size=1), rule_sets(), st.data())
def test_raising_a_buyers_value_never_lowers_their_tier(rows, rules, data):
    buyers = [i for i, customer in enumerate(rows) if customer.orders]
    if not buyers:
        return
    k = data.draw(st.sampled_from(buyers))
    richer = replace(
        rows[k], revenue_cents=rows[k].revenue_cents + data.draw(st.integers(1, 5_000))
    )
    before = compute(frame_of(rows), rules, AS_OF)
    after = compute(frame_of([*rows[:k], richer, *rows[k + 1 :]]), rules, AS_OF)
    assert after.value_tier[k] <= before.value_tier[k]  # A = 0 is the best


@settings(deadline=None, max_examples=200)
@given(books(), rule_sets(), st.data())
def test_place_agrees_with_compute_on_the_replaced_row(rows, rules, data):
    population = Population.build(frame_of(rows), rules, AS_OF)
    if rows and data.draw(st.booleans()):
        k = data.draw(st.integers(0, len(rows) - 1))
        old = rows[k]
        new = data.draw(customers(old.customer_id))
        after = [*rows[:k], new, *rows[k + 1 :]]
    else:
        k, old = len(rows), None
        new = data.draw(customers(len(rows) + 1))
        after = [*rows, new]
    expected = compute(frame_of(after), rules, AS_OF)
    placed = place(population, old, new)
    assert len(placed) == 1
    assert row(placed, 0) == row(expected, k)
    assert placed.figures == expected.figures


def test_place_agrees_when_the_only_buyer_stops_buying():
    only = CustomerStats(
        1, orders=1, revenue_cents=500, first_purchase_day=TODAY, last_purchase_day=TODAY
    )
    contact = CustomerStats(2)
    population = Population.build(frame_of([only, contact]), Rules(), AS_OF)
    refunded = replace(
        only, orders=0, revenue_cents=0, first_purchase_day=NO_DAY, last_purchase_day=NO_DAY
    )
    placed = place(population, only, refunded)
    expected = compute(frame_of([refunded, contact]), Rules(), AS_OF)
    assert row(placed, 0) == row(expected, 0)
    assert placed.figures == expected.figures
    assert placed.figures.buyers == 0


# A plain reference, straight from DESIGN.md's wording: O(n²), Fractions, no numpy.


def reference_value(customer: CustomerStats, rules: Rules) -> int:
    value = customer.revenue_cents - customer.refunded_cents
    if rules.value_basis == ValueBasis.MARGIN:
        value -= customer.cost_cents
    if rules.subtract_service_cost:
        minutes = round(customer.service_minutes * rules.cost_per_service_minute * 100)
        value -= customer.service_cost_cents + minutes
    return value


def reference_tiers(rows: list[CustomerStats], rules: Rules) -> list[str | None]:
    buyers = [c for c in rows if c.orders >= 1]
    values = {c.customer_id: reference_value(c, rules) for c in buyers}
    total = sum(v for v in values.values() if v > 0)
    tiers: list[str | None] = []
    for customer in rows:
        if customer.orders < 1:
            tiers.append(None)
            continue
        value = values[customer.customer_id]
        above = sum(v for v in values.values() if v > value)
        if value <= 0:
            tier = "D"
        elif Fraction(above) < Fraction(rules.a_cut_percent) / 100 * total:
            tier = "A"
        elif Fraction(above) < Fraction(rules.b_cut_percent) / 100 * total:
            tier = "B"
        else:
            tier = "C"
        strategic = rules.promote_strategic and customer.strategic
        referred = 0 < rules.promote_referrals <= customer.referrals
        if tier in ("C", "D") and (strategic or referred):
            tier = "B"
        tiers.append(tier)
    return tiers


def reference_score(mine: Fraction | int, all_buyers: list, worse) -> int:
    p = Fraction(sum(1 for other in all_buyers if worse(other, mine)), len(all_buyers))
    return min(5, 1 + int(5 * p))  # int() of a non-negative Fraction is floor


def reference_rfm(rows: list[CustomerStats]) -> list[tuple[int, int, int]]:
    buyers = [c for c in rows if c.orders >= 1]
    days = [TODAY - c.last_purchase_day for c in buyers]
    orders = [c.orders for c in buyers]
    net = [c.revenue_cents - c.refunded_cents for c in buyers]
    scores = []
    for c in rows:
        if c.orders < 1:
            scores.append((0, 0, 0))
            continue
        scores.append(
            (
                reference_score(TODAY - c.last_purchase_day, days, lambda o, m: o > m),
                reference_score(c.orders, orders, lambda o, m: o < m),
                reference_score(c.revenue_cents - c.refunded_cents, net, lambda o, m: o < m),
            )
        )
    return scores


@settings(deadline=None, max_examples=200)
@given(books(max_size=14), rule_sets())
def test_value_tiers_agree_with_the_plain_reference(rows, rules):
    frame = compute(frame_of(rows), rules, AS_OF)
    found = [VALUE_TIERS[code].value if code >= 0 else None for code in frame.value_tier]
    assert found == reference_tiers(rows, rules)
    assert frame.value_cents.tolist() == [reference_value(c, rules) for c in rows]


@settings(deadline=None, max_examples=200)
@given(books(max_size=14))
def test_rfm_scores_agree_with_the_plain_reference(rows):
    frame = compute(frame_of(rows), Rules(), AS_OF)
    found = list(zip(frame.r.tolist(), frame.f.tolist(), frame.m.tolist(), strict=True))
    assert found == reference_rfm(rows)


@settings(deadline=None)
@given(
    st.lists(st.integers(-5, 20), max_size=12),
    st.data(),
    st.lists(st.integers(-7, 23), min_size=1, max_size=5),
)
def test_a_replaced_ranking_answers_like_one_built_afresh(values, data, queries):
    removed = data.draw(st.sampled_from(values)) if values and data.draw(st.booleans()) else None
    added = data.draw(st.none() | st.integers(-5, 20))
    after = values[:]
    if removed is not None:
        after.remove(removed)
    if added is not None:
        after.append(added)
    base, _ = Ranking.build(np.array(values, dtype=np.int64), sums=True)
    swapped = base.replaced(removed, added)
    fresh, _ = Ranking.build(np.array(after, dtype=np.int64), sums=True)
    x = np.array(queries, dtype=np.int64)
    assert _same_standing(swapped, fresh, x)
    threshold = data.draw(st.integers(-6, 22))
    assert swapped.smallest_where(lambda v: v >= threshold) == min(
        (v for v in after if v >= threshold), default=None
    )


@settings(deadline=None)
@given(
    st.lists(st.integers(-5, 20) | st.integers(-(10**12), 10**12), max_size=40),
    st.sets(st.sampled_from(sorted(EVERY_PART))),
    st.booleans(),
)
def test_a_standing_of_some_parts_has_the_same_numbers(values, parts, sums):
    """A full pass asks each ranking only for the parts its lenses read, counted in int32:
    the same numbers as every part in int64 (ranges small enough to count and wide enough to
    sort alike), and a part not worked out is refused by name, never read as something."""
    column = np.array(values, dtype=np.int64)
    _, every = Ranking.build(column, sums=True)
    ranking, some = Ranking.build(column, sums=sums, parts=frozenset(parts))
    assert ranking.count() == len(values)
    assert (some.count, some.total) == (every.count, every.total if sums else 0)
    kept = {
        LESS: (some.less, some.below, every.below()),
        GREATER: (some.greater, some.above, every.above()),
        SUM_GREATER: (some.sum_greater, some.sum_above, every.sum_above()),
    }
    for part, (array, read, whole) in kept.items():
        if part in parts and (sums or part != SUM_GREATER):
            assert read().tolist() == whole.tolist()
            assert array is not None
            assert array.dtype == (np.int64 if part == SUM_GREATER else np.int32)
        else:
            assert array is None
            with pytest.raises(ValueError, match=part):
                read()


def _same_standing(one: Ranking, other: Ranking, x: np.ndarray) -> bool:
    a, b = one.standing(x), other.standing(x)
    return (
        a.below().tolist() == b.below().tolist()
        and a.above().tolist() == b.above().tolist()
        and a.sum_above().tolist() == b.sum_above().tolist()
        and (a.count, a.total) == (b.count, b.total)
    )


@settings(deadline=None, max_examples=50)
@given(books(), rule_sets(), customers(99))
def test_one_pass_gives_the_same_tiers_and_population(rows, rules, newcomer):
    tiers, population = compute_with_population(frame_of(rows), rules, AS_OF)
    assert by_id(tiers) == by_id(compute(frame_of(rows), rules, AS_OF))
    built = Population.build(frame_of(rows), rules, AS_OF)
    assert row(place(population, None, newcomer), 0) == row(place(built, None, newcomer), 0)
