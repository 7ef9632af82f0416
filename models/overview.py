"""The overview's figures (回归整体检查): the whole book at a glance, for a screen or a script.

Plain frozen dataclasses; money in cents, shares in percent. Every chart holds its
figures for every period at once (last 30, 90, 365 days and all time), so switching the
period is instant; `None` as a period means all time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

PERIODS: tuple[int | None, ...] = (30, 90, 365, None)
OTHER = "__other__"  # the bar that sums everything past the top N
UNKNOWN = ""  # the bar of customers with the field left blank
MONTHS = 24  # the movement charts look back this many months
EXPECTED_DAYS = 90  # the forecast's "expected purchases in the next 90 days"


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar, slice or cell: what it is (`key`), how many customers, how much revenue.

    Keys: value tier "A"–"D"; stage key; "r5f3" for an R×F cell; a region, product or
    source as written (UNKNOWN for blank, OTHER for the rest); "2026-03" for a month.
    """

    key: str
    customers: int
    revenue_cents: int


@dataclass(frozen=True, slots=True)
class Pareto:
    """Buyers ranked by revenue: cumulative share of buyers (x) against revenue (y)."""

    buyers: int
    revenue_cents: int
    points: tuple[tuple[float, float], ...]  # (0, 0) … (100, 100), every 1% of buyers
    a_cut_percent: float  # the rules' cut: A while the customers above hold less than this
    b_cut_percent: float
    # The bands as the value tiers draw them (DESIGN.md: S(c) < cut% of T, ties included):
    # the share of buyers in A (and in A and B), None when there are no buyers ...
    a_buyers_percent: float | None
    b_buyers_percent: float | None
    a_buyers: int = 0  # ... how many they are ...
    b_buyers: int = 0
    a_revenue_percent: float | None = None  # ... and the share of revenue they hold
    b_revenue_percent: float | None = None


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """Every chart's figures over one period (purchases dated start..as_of)."""

    period_days: int | None
    start: date | None  # first day counted (None: all time)
    buyers: int
    revenue_cents: int
    pareto: Pareto
    tiers: tuple[Bar, ...]  # A–D: buyers in the period by current value tier, their revenue
    rfm_grid: tuple[Bar, ...]  # 25 cells r5f5 … r1f1 by current R and F scores
    funnel: tuple[Bar, ...]  # customers added in the period by current stage, funnel order
    regions: tuple[Bar, ...]  # top N provinces (blank: UNKNOWN), then OTHER
    products: tuple[Bar, ...]  # top N purchase items, then OTHER (a product's buyers)
    sources: tuple[Bar, ...]  # top N acquisition sources, then OTHER


@dataclass(frozen=True, slots=True)
class Month:
    month: str  # YYYY-MM
    revenue_cents: int
    new_customers: int  # first purchase in the month
    moved_up: int  # value tier moves up judged in the month
    moved_down: int
    lapsed: int  # stage moves into 流失 judged in the month


@dataclass(frozen=True, slots=True)
class Forecast:
    """The purchase model's next 90 days beside the last 90 days' actual figures."""

    expected_revenue_cents: int  # Σ expected purchases in 90 days × expected spend
    expected_active: float  # Σ P(alive): the buyers the model reckons are still buying
    last_90_revenue_cents: int  # net revenue of the purchases dated in the last 90 days
    last_90_buyers: int


@dataclass(frozen=True, slots=True)
class Overview:
    as_of: date
    customers: int  # active customers
    periods: tuple[PeriodFigures, ...]  # in PERIODS order
    months: tuple[Month, ...] = field(default=())  # the last MONTHS months, oldest first
    forecast: Forecast | None = None  # None: no model, or a day other than the model's

    def period(self, days: int | None) -> PeriodFigures:
        for figures in self.periods:
            if figures.period_days == days:
                return figures
        raise KeyError(days)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (dates as ISO text)."""

        def plain(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            return value

        return plain(asdict(self))  # plain() keeps the dict's shape
