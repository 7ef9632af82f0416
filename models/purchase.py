"""A purchase (消费/账单): who bought what, when, for how much; refunds and cost optional."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from xiaoben.models.customer import LongText, Spelling
from xiaoben.models.enums import Channel
from xiaoben.models.errors import problem
from xiaoben.models.values import Money, RealDate


class Purchase(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: int | None = None
    version: int = 0
    customer_id: int
    date: RealDate
    amount: Money
    items: Spelling = ""
    quantity: int = Field(1, ge=0, le=1_000_000)
    cost: Money | None = None  # cost of goods, for margin
    refunded: Money = Decimal("0.00")
    channel: Annotated[Channel | None, BeforeValidator(Channel.coerce)] = None
    note: LongText = ""
    created_at: dt.datetime | None = None

    @field_validator("refunded")
    @classmethod
    def _refund_within_amount(cls, refunded: Decimal, info: ValidationInfo) -> Decimal:
        amount = info.data.get("amount")
        if amount is not None and refunded > amount:
            raise problem("refund_above_amount", refunded=refunded, amount=amount)
        return refunded

    @property
    def day(self) -> dt.date:  # `date` in here is the field, not the type
        return self.date
