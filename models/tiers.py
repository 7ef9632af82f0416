"""One customer's result under every lens, as the book stores and shows it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from xiaoben.models.enums import Quadrant, Rfm8, RfmSegment, Role, Stage, ValueTier


class TierResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer_id: int
    as_of: date
    value: Decimal
    value_tier: ValueTier | None
    value_rank: int | None
    recency_days: int | None
    r: int | None
    f: int | None
    m: int | None
    rfm_segment: RfmSegment | None
    rfm8: Rfm8 | None
    stage: Stage
    is_new: bool
    role: Role
    score: float
    quadrant: Quadrant | None
