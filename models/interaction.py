"""A contact with a customer (接触记录) and a manual follow-up reminder."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from xiaoben.models.customer import LongText
from xiaoben.models.days import real_time
from xiaoben.models.enums import InteractionKind, Outcome
from xiaoben.models.errors import problem
from xiaoben.models.values import Money, RealDate, parse_date


def _parse_when(value: Any) -> Any:
    """A datetime from a datetime, a date (midnight) or text (2024-03-08 or 2024-03-08 14:30)."""
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = str(value).strip().replace("T", " ")
    day_part, _, time_part = text.partition(" ")
    day = parse_date(day_part)
    if not time_part:
        return datetime(day.year, day.month, day.day)
    clock = _CLOCK.fullmatch(time_part.strip())
    hour, minute, second = (int(part or 0) for part in clock.groups()) if clock else (99, 0, 0)
    if not real_time(hour, minute, second):  # 14:30 hello, 25:00
        raise problem("date_trailing", value=text, rest=time_part.strip())
    return datetime(day.year, day.month, day.day, hour, minute)


_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?")


When = Annotated[datetime, BeforeValidator(_parse_when)]


class Interaction(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: int | None = None
    version: int = 0
    customer_id: int
    at: When
    kind: Annotated[InteractionKind, BeforeValidator(InteractionKind.coerce)]
    note: LongText = ""
    outcome: Annotated[Outcome | None, BeforeValidator(Outcome.coerce)] = None
    service_minutes: int | None = Field(default=None, ge=0, le=100_000)
    service_cost: Money | None = None
    created_at: datetime | None = None  # when it was logged: kept by a deletion's undo

    @property
    def cost_or_zero(self) -> Decimal:
        return self.service_cost or Decimal(0)


class Reminder(BaseModel):
    """A manual follow-up the seller sets ("call back Friday")."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: int | None = None
    version: int = 0
    customer_id: int
    due: RealDate
    note: LongText = ""
    done: bool = False
