"""The input and output of the lenses: per-customer columns as numpy arrays.

Columnar so that a full recompute of 100,000 customers is a few vectorised passes.
Days are whole days since 1970-01-01 ("epoch days"); NO_DAY marks "never".
No I/O here and no clock: `as_of` always comes from the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from xiaoben.models.enums import ManualStage, Quadrant, Rfm8, RfmSegment, Role, Stage, ValueTier

if TYPE_CHECKING:  # annotations only: `xiaoben report` reads frames without the fields' models
    from xiaoben.models.fields import FieldDef

NO_DAY = -(10**9)
_EPOCH = date(1970, 1, 1).toordinal()


def epoch_day(day: date) -> int:
    return day.toordinal() - _EPOCH


def from_epoch_day(day: int) -> date:
    return date.fromordinal(day + _EPOCH)


def locate(ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of `wanted` sits in the sorted `ids`, and whether it is there at all
    (an absent one's row is some valid row, or 0 when `ids` is empty)."""
    if not len(ids):
        return np.zeros(len(wanted), dtype=np.int64), np.zeros(len(wanted), dtype=bool)
    if len(ids) == len(wanted) and np.array_equal(ids, wanted):  # the same customers:
        # the usual case (the stored tiers of every active customer), without a search
        return np.arange(len(ids)), np.ones(len(ids), dtype=bool)
    rows = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
    return rows, ids[rows] == wanted


def column_for(
    ids: np.ndarray, column: np.ndarray, wanted: np.ndarray, missing: int = -1
) -> np.ndarray:
    """`column` (aligned with the sorted `ids`) read for each of `wanted`; `missing` where
    an id is not there."""
    rows, known = locate(ids, wanted)
    if not len(ids):
        return np.full(len(wanted), missing, dtype=np.int64)
    return np.where(known, column[rows], missing).astype(np.int64)


# Codes of the categorical columns: index into these tuples; -1 means "none".
VALUE_TIERS: tuple[ValueTier, ...] = tuple(ValueTier)  # A, B, C, D
RFM_SEGMENTS: tuple[RfmSegment, ...] = tuple(RfmSegment)
RFM8_CLASSES: tuple[Rfm8, ...] = tuple(Rfm8)
STAGES: tuple[Stage, ...] = tuple(Stage)  # potential … lapsed, funnel order
MANUAL_STAGES: tuple[ManualStage, ...] = tuple(ManualStage)
ROLES: tuple[Role, ...] = tuple(Role)
QUADRANTS: tuple[Quadrant, ...] = tuple(Quadrant)
SCORE_COMPONENTS: tuple[str, ...] = (
    "value",
    "frequency",
    "recency",
    "tenure",
    "demand",
    "purchasing_power",
    "referrals",
)


@dataclass(frozen=True, slots=True)
class CustomerStats:
    """One customer's figures as of a day: the row form of StatsFrame (tests, one-offs)."""

    customer_id: int
    orders: int = 0
    revenue_cents: int = 0
    refunded_cents: int = 0
    cost_cents: int = 0
    service_cost_cents: int = 0
    service_minutes: int = 0
    first_purchase_day: int = NO_DAY
    last_purchase_day: int = NO_DAY
    last_intent_day: int = NO_DAY
    referrals: int = 0
    strategic: bool = False
    target_profile: bool = False
    manual_stage: int = -1
    demand: int = 0
    purchasing_power: int = 0
    # The custom criteria of the score (StatsFrame.criteria's row and its fields).
    criteria: tuple[float, ...] = ()
    criteria_fields: tuple[FieldDef, ...] = ()


_INT_COLUMNS = (
    "customer_id",
    "orders",
    "revenue_cents",
    "refunded_cents",
    "cost_cents",
    "service_cost_cents",
    "service_minutes",
    "first_purchase_day",
    "last_purchase_day",
    "last_intent_day",
    "referrals",
    "manual_stage",
    "demand",
    "purchasing_power",
)
_BOOL_COLUMNS = ("strategic", "target_profile")
# Codes and the seller's 1–5 judgements: a byte each (the app keeps this frame for its life,
# and a save copies it while a background pass reads it). Lenses read them as values only.
_CODE_COLUMNS = frozenset({"manual_stage", "demand", "purchasing_power"})


@dataclass(frozen=True, slots=True)
class StatsFrame:
    """Per-customer figures as of a day, one array element per customer.

    orders/revenue/refunds/costs count only purchases dated on or before as_of;
    last_intent_day is the last interaction with outcome "showed intent";
    manual_stage indexes MANUAL_STAGES (-1: none); demand and purchasing_power
    are the seller's 1–5 judgements (0: not set).
    """

    customer_id: np.ndarray
    orders: np.ndarray
    revenue_cents: np.ndarray
    refunded_cents: np.ndarray
    cost_cents: np.ndarray
    service_cost_cents: np.ndarray
    service_minutes: np.ndarray
    first_purchase_day: np.ndarray
    last_purchase_day: np.ndarray
    last_intent_day: np.ndarray
    referrals: np.ndarray
    strategic: np.ndarray
    target_profile: np.ndarray
    manual_stage: np.ndarray
    demand: np.ndarray
    purchasing_power: np.ndarray
    # The custom fields the rules count in the weighted score (a number or one choice), and
    # each customer's value of each: the number, or the chosen option's index among the
    # field's options; NaN for no value. None: no custom criteria.
    criteria: np.ndarray | None = None  # (n, len(criteria_fields)) float64
    criteria_fields: tuple[FieldDef, ...] = ()

    def __len__(self) -> int:
        return len(self.customer_id)

    @classmethod
    def from_columns(
        cls,
        columns: dict[str, Sequence[int] | np.ndarray],
        criteria: np.ndarray | None = None,
        criteria_fields: tuple[FieldDef, ...] = (),
    ) -> StatsFrame:
        values = {}
        for name in _INT_COLUMNS:
            dtype = np.int8 if name in _CODE_COLUMNS else np.int64
            values[name] = np.asarray(columns[name], dtype=dtype)
        for name in _BOOL_COLUMNS:
            values[name] = np.asarray(columns[name], dtype=bool)
        return cls(**values, criteria=criteria, criteria_fields=criteria_fields)

    @classmethod
    def from_records(cls, records: Sequence[CustomerStats]) -> StatsFrame:
        names = [*_INT_COLUMNS, *_BOOL_COLUMNS]
        columns: dict[str, Sequence[int] | np.ndarray] = {
            name: [getattr(r, name) for r in records] for name in names
        }
        criteria_fields = records[-1].criteria_fields if records else ()
        if not criteria_fields:
            return cls.from_columns(columns)
        matrix = np.array([r.criteria for r in records], dtype=np.float64)
        return cls.from_columns(columns, matrix.reshape(len(records), -1), criteria_fields)

    def record(self, index: int) -> CustomerStats:
        numbers = {name: int(getattr(self, name)[index]) for name in _INT_COLUMNS}
        criteria = () if self.criteria is None else tuple(self.criteria[index].tolist())
        return CustomerStats(
            strategic=bool(self.strategic[index]),
            target_profile=bool(self.target_profile[index]),
            criteria=criteria,
            criteria_fields=self.criteria_fields if criteria else (),
            **numbers,
        )


@dataclass(frozen=True, slots=True)
class BookFigures:
    """Whole-book figures a lens result is judged against (for reasons, and to place one
    customer before the next full pass)."""

    as_of_day: int
    customers: int
    buyers: int
    total_positive_value_cents: int
    a_cut_value_cents: int | None  # smallest value still in A (None: no A)
    b_cut_value_cents: int | None  # smallest value still in B by the cut (None: no B)
    mean_recency_days: float
    mean_orders: float
    mean_revenue_cents: float


@dataclass(frozen=True, slots=True)
class TierFrame:
    """Every lens's result per customer, aligned with the StatsFrame it came from.

    Codes index the tuples above (-1: none, e.g. non-buyers have no value tier).
    score_parts[:, k] is the points component SCORE_COMPONENTS[k] contributed.
    """

    customer_id: np.ndarray
    value_cents: np.ndarray
    value_tier: np.ndarray
    value_rank: np.ndarray  # 1 + buyers with strictly greater value; 0 for non-buyers
    promoted_by: np.ndarray  # 0 not promoted, 1 strategic, 2 referrals
    recency_days: np.ndarray  # -1 for non-buyers
    r: np.ndarray  # 1–5, 0 for non-buyers
    f: np.ndarray
    m: np.ndarray
    rfm_segment: np.ndarray
    rfm8: np.ndarray
    stage: np.ndarray
    is_new: np.ndarray
    role: np.ndarray
    score: np.ndarray  # 0–100, one decimal
    score_parts: np.ndarray = field(repr=False)
    quadrant: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    figures: BookFigures | None = None

    def __len__(self) -> int:
        return len(self.customer_id)
