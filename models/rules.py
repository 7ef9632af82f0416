"""The seller's tiering rules: cut points, promotions, windows, weights, cadences.

Stored in the book as one JSON document; every lens reads its settings from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from xiaoben.models.enums import Holiday, ValueBasis, ValueTier, tier_name


class ScoreWeights(BaseModel):
    """Weights of the weighted score's components; normalised to sum 1 when used."""

    model_config = ConfigDict(extra="forbid")

    value: float = Field(30, ge=0)
    frequency: float = Field(20, ge=0)
    recency: float = Field(15, ge=0)
    tenure: float = Field(10, ge=0)
    demand: float = Field(10, ge=0)
    purchasing_power: float = Field(10, ge=0)
    referrals: float = Field(5, ge=0)

    def normalised(self) -> dict[str, float]:
        raw = self.model_dump()
        total = sum(raw.values())
        if total <= 0:
            return {name: 0.0 for name in raw}
        return {name: weight / total for name, weight in raw.items()}


# Points a choice earns, in percent of its criterion's weight.
CHOICE_POINTS_MAX = 100
THRESHOLDS_MAX = 10


class FieldCriterion(BaseModel):
    """A custom field (a number or one choice) counted in the weighted score: its weight
    beside the seven components, and how a customer's value earns the component's 0–1.

    A number reaching k of the n thresholds earns k/n (no thresholds: 0); a choice earns
    the percent set for its option (an option not set: 0); no value earns 0."""

    model_config = ConfigDict(extra="forbid")

    weight: float = Field(0, ge=0)
    thresholds: list[Decimal] = Field(default_factory=list, max_length=THRESHOLDS_MAX)
    points: dict[str, int] = Field(default_factory=dict)

    @field_validator("thresholds")
    @classmethod
    def _ascending(cls, thresholds: list[Decimal]) -> list[Decimal]:
        if any(b <= a for a, b in pairwise(thresholds)):
            raise ValueError("thresholds must go up, each above the one before")
        return thresholds

    @field_validator("points")
    @classmethod
    def _percents(cls, points: dict[str, int]) -> dict[str, int]:
        for option, percent in points.items():
            if not 0 <= percent <= CHOICE_POINTS_MAX:
                raise ValueError(f"{option}: points must be 0–{CHOICE_POINTS_MAX}")
        return points


def _default_gift_holidays() -> list[Holiday]:
    return [Holiday.SPRING_FESTIVAL, Holiday.MID_AUTUMN]


def _default_cadence() -> dict[str, int]:
    return {"A": 7, "B": 14, "C": 30, "D": 90, "prospect": 3, "potential": 30, "target": 30}


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Value tier (ABC(D)): A while S(c) < a_cut% of T, B while S(c) < b_cut% of T.
    a_cut_percent: Decimal = Field(Decimal(80), gt=0, lt=100)
    b_cut_percent: Decimal = Field(Decimal(95), gt=0, le=100)
    promote_strategic: bool = True
    # Buyers with at least this many referrals are promoted to at least B; 0 turns it off.
    promote_referrals: int = Field(2, ge=0)
    value_basis: ValueBasis = ValueBasis.REVENUE
    subtract_service_cost: bool = True
    # Money a minute of service is worth, so service minutes can count against value.
    cost_per_service_minute: Decimal = Field(Decimal(0), ge=0)
    tier_names: dict[ValueTier, str] = Field(default_factory=dict)

    # Lifecycle stage.
    lapse_days: int = Field(180, ge=1)
    intent_days: int = Field(30, ge=1)
    new_customer_days: int = Field(30, ge=1)
    loyal_orders: int = Field(3, ge=1)

    # Loyalty × value quadrant: loyalty high = F score ≥ loyalty_f_score, or
    # ≥ loyal_orders purchases spanning more than loyalty_span_days and not lapsed.
    loyalty_f_score: int = Field(4, ge=1, le=5)
    loyalty_span_days: int = Field(365, ge=1)

    weights: ScoreWeights = Field(default_factory=ScoreWeights)
    # Custom fields counted in the weighted score, by field id (a weight of 0: not counted).
    # Kept when the field is removed, so that restoring it brings its criterion back.
    field_criteria: dict[int, FieldCriterion] = Field(default_factory=dict)

    # Follow-up cadence in days, per value tier (A–D) and per stage of non-buyers.
    cadence_days: dict[str, int] = Field(default_factory=_default_cadence)

    # The follow-up queue's other reasons.
    birthday_lead_days: int = Field(7, ge=0, le=60)  # a birthday joins the queue N days ahead
    holiday_lead_days: int = Field(3, ge=0, le=30)  # so does a holiday greeting
    # A birthday not handled stays (overdue) this many days after the day (a holiday's
    # greeting and gift leave after the holiday itself).
    occasion_grace_days: int = Field(3, ge=0, le=30)
    new_customer_care_days: int = Field(7, ge=1, le=90)  # first purchase within N days
    at_risk_factor: int = Field(2, ge=1, le=10)  # silent longer than factor × median gap
    at_risk_min_orders: int = Field(3, ge=2, le=100)
    tier_change_days: int = Field(30, ge=1, le=365)  # a tier change stays N days if not handled

    # One purchase above this is far more than a solo seller's sale: most likely a typing or
    # a file's mistake (1,280.50 read wrong, a phone number in the amount column). Imports
    # refuse such rows unless the seller confirms (xiaoben import purchases --allow-large).
    large_purchase: Decimal = Field(Decimal(1_000_000), gt=0)
    # The plan (今日计划): at most this many items a day, 0 for no limit. Items bound to a
    # day (reminders, birthdays, holidays, gifts, snoozed items) keep it and count first.
    plan_capacity: int = Field(20, ge=0, le=10_000)
    # Purchases within N days of an occasion's first purchase are one occasion; a rhythm
    # (the median gap) is measured between occasions.
    occasion_window_days: int = Field(3, ge=0, le=30)
    # Lapsed: past the stage's lapse window (lapse_days), or silent longer than this many
    # times their own median gap (0: the window only). It must exceed at_risk_factor, so
    # that being at risk comes first.
    lapse_gap_factor: int = Field(3, ge=0, le=50)
    # A lapsed A/B customer gets a win-back item at most every N days; other lapsed
    # customers are dormant (out of the queue but for their reminders).
    win_back_days: int = Field(90, ge=7, le=730)
    # A customers get a "send a gift" item N days before these holidays (for shipping).
    gift_lead_days: int = Field(10, ge=1, le=60)
    gift_holidays: list[Holiday] = Field(default_factory=_default_gift_holidays)

    # The purchase-probability model (BG/NBD + Gamma-Gamma): CLV over this many months,
    # discounted by this much a month; refitted when the book has this many percent more
    # purchases than at the last fit, or when the fit is this many days old.
    clv_months: int = Field(12, ge=1, le=120)
    clv_monthly_discount_percent: Decimal = Field(Decimal(1), ge=0, le=50)
    model_refit_growth_percent: int = Field(5, ge=1, le=100)
    model_refit_days: int = Field(7, ge=1, le=365)
    # The churn-risk lens (流失风险): alive at P(alive) ≥ alive cut, lost below the lost cut,
    # fading between. An A/B customer below the at-risk cut is at risk in the plan.
    p_alive_alive_percent: int = Field(70, ge=1, le=99)
    p_alive_lost_percent: int = Field(30, ge=1, le=99)
    at_risk_p_alive_percent: int = Field(50, ge=1, le=99)

    # Privacy in the app: lock after this many minutes without a key or the mouse (0:
    # never); in presentation mode, names shown as surname + 某 too.
    lock_minutes: int = Field(10, ge=0, le=24 * 60)
    present_surnames: bool = False

    @field_validator("lapse_gap_factor")
    @classmethod
    def _lapse_after_at_risk(cls, factor: int, info: ValidationInfo) -> int:
        at_risk = info.data.get("at_risk_factor")
        if factor and at_risk is not None and factor <= at_risk:
            raise ValueError(f"must be 0 or more than at_risk_factor ({at_risk})")
        return factor

    @field_validator("gift_holidays")
    @classmethod
    def _each_holiday_once(cls, holidays: list[Holiday]) -> list[Holiday]:
        if len(set(holidays)) != len(holidays):
            raise ValueError("each holiday at most once")
        return holidays

    @model_validator(mode="after")
    def _cuts_in_order(self) -> Rules:
        if self.b_cut_percent < self.a_cut_percent:
            raise ValueError("b_cut_percent must be at least a_cut_percent")
        if self.p_alive_lost_percent >= self.p_alive_alive_percent:
            raise ValueError("p_alive_lost_percent must be below p_alive_alive_percent")
        return self

    def criterion_ids(self) -> frozenset[int]:
        """The custom fields the seller counts in the score (weight above 0)."""
        return frozenset(fid for fid, c in self.field_criteria.items() if c.weight > 0)

    def score_weights(self, criteria: Sequence[int] = ()) -> tuple[dict[str, float], list[float]]:
        """The seven components' weights and those of the custom `criteria` (field ids, in
        that order), normalised together to sum 1."""
        raw = self.weights.model_dump()
        kept = self.field_criteria
        extra = [kept[fid].weight if fid in kept else 0.0 for fid in criteria]
        total = sum(raw.values()) + sum(extra)
        if total <= 0:
            return {name: 0.0 for name in raw}, [0.0 for _ in extra]
        return {name: w / total for name, w in raw.items()}, [w / total for w in extra]

    def tier_name(self, tier: ValueTier, lang: str | None = None) -> str:
        return tier_name(self.tier_names, tier, lang)  # type: ignore[arg-type]  # lang is a Lang or None
