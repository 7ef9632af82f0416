"""An item of the follow-up queue (跟进队列): whom to contact, when, why, and what to say."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from xiaoben.models.enums import Reason, ValueTier
from xiaoben.models.errors import BookError

HIGH, NORMAL, LOW = 1, 2, 3  # priorities: smaller is more urgent
# The farthest a snooze goes (+400 typed for +40 would hide a customer for a year and more).
SNOOZE_DAYS_MAX = 365


class FollowUp(BaseModel):
    """One queue item, materialised for the seller (names, words) from the queue's columns.

    (customer_id, reason, occurrence) identifies it: `occurrence` tells this birthday from
    next year's, this cadence round from the next (a day number, a reminder id, …).
    """

    model_config = ConfigDict(frozen=True)

    customer_id: int
    customer_key: str  # the customer's code, else "#id" (what `xiaoben` commands accept)
    name: str
    reason: Reason
    occurrence: int
    due: date  # the day it is due (a snoozed item: the day it was snoozed to)
    # the day the plan (今日计划) puts it on: today, or a coming day (None: not planned)
    planned: date | None = None
    priority: int  # HIGH 1, NORMAL 2, LOW 3
    value_tier: ValueTier | None
    # as_of - the day it waits from (its due day, never before the customer came into
    # the book); negative: due in that many days
    days_overdue: int
    snoozed: bool = False
    detail: str  # what exactly: "春节 2月17日", "A → B", the reminder's note, …
    action: str  # suggested action, in the seller's language
    message: str  # a short message draft, in the seller's language

    @property
    def key(self) -> str:
        """The item's handle for commands: customer:reason:occurrence."""
        return item_key(self.customer_id, self.reason, self.occurrence)


def item_key(customer_id: int, reason: Reason, occurrence: int) -> str:
    return f"{customer_id}:{reason.value}:{occurrence}"


def parse_item_key(text: str) -> tuple[int, Reason, int]:
    """customer:reason:occurrence back into its parts; a clear error if it is not one."""
    parts = text.strip().split(":")
    try:
        customer, reason, occurrence = parts
        return int(customer), Reason(reason), int(occurrence)
    except ValueError:
        raise BookError("followup.bad_key", key=text) from None


def snooze_too_far(today: date, until: str) -> BookError:
    """The refusal of a snooze to `until` (as the seller wrote it) past SNOOZE_DAYS_MAX."""
    last = today + timedelta(days=SNOOZE_DAYS_MAX)
    return BookError(
        "followup.snooze_too_far", days=SNOOZE_DAYS_MAX, last=last.isoformat(), until=until
    )
