"""Every lens over a whole book (`compute`), and one customer placed against it (`place`).

`place` answers exactly what `compute` would on the book with that one row replaced, in
O(log n): the population's sorted columns are adjusted for the swapped row, never re-sorted.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, NamedTuple

import numpy as np

from xiaoben.models.rules import Rules
from xiaoben.tiering.frame import BookFigures, CustomerStats, StatsFrame, TierFrame, epoch_day
from xiaoben.tiering.quadrant import quadrants
from xiaoben.tiering.ranks import GREATER, LESS, SUM_GREATER, Ranking, Standing
from xiaoben.tiering.rfm import RfmScores, rfm_scores, rfm_segments
from xiaoben.tiering.rfm8 import rfm8_classes
from xiaoben.tiering.role import roles
from xiaoben.tiering.score import (
    Scores,
    criterion_columns,
    criterion_ids,
    score_components,
    weighted_scores,
)
from xiaoben.tiering.stage import lifecycle_stages, new_customers
from xiaoben.tiering.value import ValueTiers, customer_value, cut_values, value_tiers


@dataclass(frozen=True, slots=True)
class _Columns:
    """The figures the lenses rank on, derived from the stats."""

    is_buyer: np.ndarray
    value_cents: np.ndarray
    recency_days: np.ndarray  # -1 for non-buyers
    net_revenue_cents: np.ndarray
    tenure_days: np.ndarray  # 0 for non-buyers


def _columns(stats: StatsFrame, rules: Rules, as_of_day: int) -> _Columns:
    is_buyer = stats.orders >= 1
    since_first = np.maximum(as_of_day - stats.first_purchase_day, 0)
    return _Columns(
        is_buyer=is_buyer,
        value_cents=customer_value(stats, rules),
        recency_days=np.where(is_buyer, as_of_day - stats.last_purchase_day, -1),
        net_revenue_cents=stats.revenue_cents - stats.refunded_cents,
        tenure_days=np.where(is_buyer, since_first, 0),
    )


@dataclass(frozen=True, slots=True)
class Population:
    """A book's sorted columns as of a day: what one customer is placed against.

    Built once per full pass (O(n log n)); `place` reads it and never changes it.
    """

    rules: Rules
    as_of_day: int
    customers: int
    value: Ranking  # buyers' values, with sums (S(c), T)
    recency: Ranking  # buyers' days since their last purchase, with sums (the mean)
    orders: Ranking  # buyers' orders, with sums
    net_revenue: Ranking  # buyers' net revenue, with sums
    tenure: Ranking  # buyers' days since their first purchase
    value_all: Ranking  # every customer's value
    referrals: Ranking  # every customer's referrals

    @classmethod
    def build(cls, stats: StatsFrame, rules: Rules, as_of: date) -> Population:
        as_of_day = epoch_day(as_of)
        return _build(stats, _columns(stats, rules, as_of_day), rules, as_of_day)[0]


@dataclass(frozen=True, slots=True)
class _Standings:
    """Where each row stands in the population, one Standing per ranked column."""

    value: Standing
    recency: Standing
    orders: Standing
    net_revenue: Standing
    tenure: Standing
    value_all: Standing
    referrals: Standing


def _build(
    stats: StatsFrame, columns: _Columns, rules: Rules, as_of_day: int
) -> tuple[Population, _Standings]:
    buyers = columns.is_buyer
    # Only the parts of each standing a lens reads (value_tiers, rfm_scores, score_components;
    # rfm8 reads counts and totals): 8 columns over the book instead of 18.
    value, value_standing = _among_buyers(
        columns.value_cents, buyers, sums=True, parts=frozenset({GREATER, SUM_GREATER})
    )
    recency, recency_standing = _among_buyers(
        columns.recency_days, buyers, sums=True, parts=frozenset({GREATER})
    )
    orders, orders_standing = _among_buyers(stats.orders, buyers, sums=True, parts=_LESS)
    net, net_standing = _among_buyers(columns.net_revenue_cents, buyers, sums=True, parts=_LESS)
    tenure, tenure_standing = _among_buyers(columns.tenure_days, buyers, parts=_LESS)
    value_all, value_all_standing = Ranking.build(columns.value_cents, parts=_LESS)
    referrals, referrals_standing = Ranking.build(stats.referrals, parts=_LESS)
    population = Population(
        rules, as_of_day, len(stats), value, recency, orders, net, tenure, value_all, referrals
    )
    standings = _Standings(
        value_standing,
        recency_standing,
        orders_standing,
        net_standing,
        tenure_standing,
        value_all_standing,
        referrals_standing,
    )
    return population, standings


_LESS = frozenset({LESS})


def _among_buyers(
    column: np.ndarray, buyers: np.ndarray, sums: bool = False, parts: frozenset[str] = _LESS
) -> tuple[Ranking, Standing]:
    """The buyers' figures ranked, and where each row stands among them laid over the
    whole frame (0 for non-buyers): the buyers-only standing goes as soon as it is widened,
    not after every column's (their peaks added up, ~10 MB at 100k customers)."""
    ranking, standing = Ranking.build(column[buyers], sums=sums, parts=parts)
    return ranking, standing.widen(buyers)


def _figures(population: Population) -> BookFigures:
    total, a_cut, b_cut = cut_values(population.value, population.rules)
    buyers = population.value.count()

    def mean(ranking: Ranking) -> float:
        return ranking.total() / buyers if buyers else 0.0

    return BookFigures(
        as_of_day=population.as_of_day,
        customers=population.customers,
        buyers=buyers,
        total_positive_value_cents=total,
        a_cut_value_cents=a_cut,
        b_cut_value_cents=b_cut,
        mean_recency_days=mean(population.recency),
        mean_orders=mean(population.orders),
        mean_revenue_cents=mean(population.net_revenue),
    )


class _Ranked(NamedTuple):
    """The lenses that read the standings; the others need only the stats and these."""

    figures: BookFigures
    value: ValueTiers
    rfm: RfmScores
    rfm8: np.ndarray
    scores: Scores


def _ranked(
    stats: StatsFrame, columns: _Columns, standings: _Standings, population: Population
) -> _Ranked:
    """The lenses ranked against `population`, given where the rows stand in it."""
    rules = population.rules
    figures = _figures(population)
    is_buyer = columns.is_buyer
    value = value_tiers(
        columns.value_cents,
        is_buyer,
        standings.value,
        figures.total_positive_value_cents,
        stats.strategic,
        stats.referrals,
        rules,
    )
    rfm = rfm_scores(is_buyer, standings.recency, standings.orders, standings.net_revenue)
    rfm8 = rfm8_classes(
        is_buyer,
        columns.recency_days,
        stats.orders,
        columns.net_revenue_cents,
        standings.recency,
        standings.orders,
        standings.net_revenue,
    )
    scores = weighted_scores(
        score_components(
            population.customers,
            is_buyer,
            columns.tenure_days,
            stats.demand,
            stats.purchasing_power,
            standings.value_all,
            standings.orders,
            standings.recency,
            standings.tenure,
            standings.referrals,
        ),
        rules,
        criterion_columns(stats, rules),
        criterion_ids(stats),
    )
    return _Ranked(figures, value, rfm, rfm8, scores)


def _evaluate(
    stats: StatsFrame, columns: _Columns, ranked: _Ranked, population: Population
) -> TierFrame:
    """Every lens for the rows of `stats`: the ranked ones as given, and the rest."""
    rules, as_of_day = population.rules, population.as_of_day
    figures, value, rfm, rfm8, scores = ranked
    is_buyer = columns.is_buyer
    stage = lifecycle_stages(
        is_buyer,
        columns.recency_days,
        stats.orders,
        stats.last_intent_day,
        stats.target_profile,
        stats.manual_stage,
        as_of_day,
        rules,
    )
    return TierFrame(
        customer_id=stats.customer_id,
        value_cents=columns.value_cents,
        value_tier=value.tier,
        value_rank=value.rank,
        promoted_by=value.promoted_by,
        recency_days=columns.recency_days,
        r=rfm.r,
        f=rfm.f,
        m=rfm.m,
        rfm_segment=rfm_segments(rfm.r, rfm.f),
        rfm8=rfm8,
        stage=stage,
        is_new=new_customers(is_buyer, stats.first_purchase_day, as_of_day, rules),
        role=roles(is_buyer, stats.referrals),
        score=scores.score,
        score_parts=scores.parts,
        quadrant=quadrants(
            is_buyer,
            value.tier,
            rfm.f,
            stats.orders,
            stats.first_purchase_day,
            stats.last_purchase_day,
            stage,
            rules,
        ),
        figures=figures,
    )


def compute(stats: StatsFrame, rules: Rules, as_of: date) -> TierFrame:
    """Every lens for every customer of the book as of a day."""
    return compute_with_population(stats, rules, as_of)[0]


def compute_with_population(
    stats: StatsFrame, rules: Rules, as_of: date
) -> tuple[TierFrame, Population]:
    """compute() and Population.build() from one sort: a full pass that will place later."""
    as_of_day = epoch_day(as_of)
    columns = _columns(stats, rules, as_of_day)
    population, standings = _build(stats, columns, rules, as_of_day)
    ranked = _ranked(stats, columns, standings, population)
    # The widened standings (~15 MB at 100k customers) are not needed past the ranked lenses.
    del standings
    return _evaluate(stats, columns, ranked, population), population


def _rows(stats: StatsFrame, at: slice) -> StatsFrame:
    def rows(column: Any) -> Any:
        return column[at] if isinstance(column, np.ndarray) else column

    return StatsFrame(**{f.name: rows(getattr(stats, f.name)) for f in fields(StatsFrame)})


def place(population: Population, old: CustomerStats | None, new: CustomerStats) -> TierFrame:
    """One customer's lenses (a TierFrame of length 1, figures included) as `compute` would
    give them on the population's book with `old` (its row there; None: a new customer)
    replaced by `new`."""
    both = StatsFrame.from_records([new] if old is None else [old, new])
    columns = _columns(both, population.rules, population.as_of_day)
    was_buyer = old is not None and bool(columns.is_buyer[0])
    is_buyer = bool(columns.is_buyer[-1])

    def swap(ranking: Ranking, column: np.ndarray, buyers_only: bool) -> Ranking:
        removed = int(column[0]) if old is not None and (was_buyer or not buyers_only) else None
        added = int(column[-1]) if is_buyer or not buyers_only else None
        return ranking.replaced(removed, added)

    swapped = Population(
        population.rules,
        population.as_of_day,
        population.customers + (old is None),
        swap(population.value, columns.value_cents, True),
        swap(population.recency, columns.recency_days, True),
        swap(population.orders, both.orders, True),
        swap(population.net_revenue, columns.net_revenue_cents, True),
        swap(population.tenure, columns.tenure_days, True),
        swap(population.value_all, columns.value_cents, False),
        swap(population.referrals, both.referrals, False),
    )
    last = slice(-1, None)
    stats = _rows(both, last)
    new_columns = _Columns(*(getattr(columns, f.name)[last] for f in fields(_Columns)))
    standings = _Standings(
        swapped.value.standing(new_columns.value_cents),
        swapped.recency.standing(new_columns.recency_days),
        swapped.orders.standing(stats.orders),
        swapped.net_revenue.standing(new_columns.net_revenue_cents),
        swapped.tenure.standing(new_columns.tenure_days),
        swapped.value_all.standing(new_columns.value_cents),
        swapped.referrals.standing(stats.referrals),
    )
    return _evaluate(stats, new_columns, _ranked(stats, new_columns, standings, swapped), swapped)
