"""A custom field as a criterion of the weighted score: a number earns the share of the
seller's thresholds it reaches, a choice the points set for its option, no value nothing;
its weight joins the seven in the normalisation. Checked against a hand computation, and
place() against compute()."""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tiering_helpers import AS_OF
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.rules import FieldCriterion, Rules, ScoreWeights
from xiaoben.tiering.compute import Population, compute, place
from xiaoben.tiering.frame import SCORE_COMPONENTS, CustomerStats, StatsFrame
from xiaoben.tiering.score import criterion_points

BUDGET = FieldDef(id=1, kind=FieldKind.NUMBER, label_zh="月预算", label_en="monthly budget")
LEVEL = FieldDef(
    id=2, kind=FieldKind.CHOICE, label_zh="会员等级", label_en="member level",
    options=["金卡", "银卡", "普通"],
)  # fmt: skip
FIELDS = (BUDGET, LEVEL)
ONLY_JUDGEMENTS = {name: 0 for name in SCORE_COMPONENTS}


@st.composite
def criteria_rules(draw: st.DrawFn) -> Rules:
    thresholds = sorted(draw(st.sets(st.integers(0, 2_000), max_size=4)))
    return Rules(
        weights=ScoreWeights(
            **{
                **ONLY_JUDGEMENTS,
                "demand": draw(st.integers(0, 40)),
                "purchasing_power": draw(st.integers(0, 40)),
            }
        ),
        field_criteria={
            1: FieldCriterion(
                weight=draw(st.integers(0, 40)), thresholds=[Decimal(t) for t in thresholds]
            ),
            2: FieldCriterion(
                weight=draw(st.integers(0, 40)),
                points={option: draw(st.integers(0, 100)) for option in LEVEL.options[:2]},
            ),
        },
    )


@st.composite
def customer(draw: st.DrawFn, customer_id: int) -> CustomerStats:
    budget = draw(st.none() | st.sampled_from([0, 500, 1_000]) | st.integers(0, 3_000))
    level = draw(st.none() | st.integers(0, 2))
    return CustomerStats(
        customer_id,
        demand=draw(st.integers(0, 5)),
        purchasing_power=draw(st.integers(0, 5)),
        criteria=(math.nan if budget is None else budget, math.nan if level is None else level),
        criteria_fields=FIELDS,
    )


def by_hand(person: CustomerStats, rules: Rules) -> float:
    """The score from DESIGN.md's formula, in exact fractions."""
    budget, level = person.criteria
    budget_rule, level_rule = rules.field_criteria[1], rules.field_criteria[2]
    thresholds = budget_rule.thresholds
    reached = 0 if math.isnan(budget) else sum(1 for t in thresholds if budget >= t)
    budget_part = Fraction(reached, len(thresholds)) if thresholds else Fraction(0)
    option = None if math.isnan(level) else LEVEL.options[int(level)]
    level_part = Fraction(level_rule.points.get(option, 0), 100) if option else Fraction(0)

    def judged(x: int) -> Fraction:
        return Fraction(x - 1, 4) if x >= 1 else Fraction(0)

    weighted = [
        (rules.weights.demand, judged(person.demand)),
        (rules.weights.purchasing_power, judged(person.purchasing_power)),
        (budget_rule.weight, budget_part),
        (level_rule.weight, level_part),
    ]
    total = sum(Fraction(w) for w, _ in weighted)
    if not total:
        return 0.0
    return float(100 * sum(Fraction(w) * part for w, part in weighted) / total)


@settings(deadline=None, max_examples=200)
@given(criteria_rules(), st.lists(st.integers(), min_size=1, max_size=8), st.data())
def test_the_score_with_custom_criteria_is_the_hand_computation(rules, sizes, data):
    people = [data.draw(customer(k + 1)) for k in range(len(sizes))]

    frame = compute(StatsFrame.from_records(people), rules, AS_OF)

    for k, person in enumerate(people):
        assert abs(float(frame.score[k]) - by_hand(person, rules)) <= 0.05 + 1e-9


@settings(deadline=None, max_examples=100)
@given(criteria_rules(), st.lists(st.integers(), min_size=1, max_size=6), st.data())
def test_place_agrees_with_compute_when_a_value_changes(rules, sizes, data):
    people = [data.draw(customer(k + 1)) for k in range(len(sizes))]
    population = Population.build(StatsFrame.from_records(people), rules, AS_OF)
    k = data.draw(st.integers(0, len(people) - 1))
    changed = replace(people[k], criteria=data.draw(customer(k + 1)).criteria)

    placed = place(population, people[k], changed)

    expected = compute(
        StatsFrame.from_records([*people[:k], changed, *people[k + 1 :]]), rules, AS_OF
    )
    assert float(placed.score[0]) == float(expected.score[k])


def test_each_criterion_names_its_points() -> None:
    rules = Rules(
        field_criteria={
            1: FieldCriterion(weight=10, thresholds=[Decimal(500), Decimal(1_000)]),
            2: FieldCriterion(weight=20, points={"金卡": 100, "银卡": 50}),
        }
    )
    silver_700 = CustomerStats(1, criteria=(700.0, 1.0), criteria_fields=FIELDS)

    points = criterion_points(silver_700, rules)

    # weights 30+20+15+10+10+10+5 = 100, plus 10 and 20: 130 in all
    assert [(field.label_en, round(p, 4)) for field, p in points] == [
        ("monthly budget", round(100 * 10 / 130 * 0.5, 4)),
        ("member level", round(100 * 20 / 130 * 0.5, 4)),
    ]


def test_a_criterion_of_weight_0_or_no_value_adds_nothing() -> None:
    rules = Rules(field_criteria={1: FieldCriterion(weight=0, thresholds=[Decimal(1)])})
    plain = compute(StatsFrame.from_records([CustomerStats(1, demand=5)]), Rules(), AS_OF)
    none = CustomerStats(1, demand=5, criteria=(math.nan, math.nan), criteria_fields=FIELDS)

    scored = compute(StatsFrame.from_records([none]), rules, AS_OF)

    assert float(scored.score[0]) == float(plain.score[0])
