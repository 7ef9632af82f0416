"""The plan (今日计划) as the queue screen shows it: the queue in the plan's order, today's
plan first and then day by day, with the sections, counts and the strip of the coming
days' planned counts.

Works on a Queue's columns only, in the worker that loaded it: no book, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np

from xiaoben.models.enums import Reason
from xiaoben.models.i18n import t

if TYPE_CHECKING:
    from xiaoben.tiering.followup import Queue

STRIP_DAYS = 14  # the strip: items planned on each of the next 14 days
DAYS_SHOWN = 7  # the coming days listed under today's plan; `a` lists every planned day
EPOCH = date(1970, 1, 1)  # the queue's days count from here
TODAY = "today"  # the section key of today's plan; the other days' keys are ISO dates
REASONS = tuple(Reason)  # the queue's reason codes
GREETING = REASONS.index(Reason.HOLIDAY)  # tiering.followup.GREETING: one action, apart


@dataclass(frozen=True)
class Section:
    """A day of the plan as a section of the list."""

    key: str
    title: str  # with its count
    empty: str = ""  # a note shown when it has no items


@dataclass(frozen=True)
class QueueFigures:
    """What the screen shows of a queue besides its rows, worked out in the loading worker."""

    counts: dict[tuple[str, Reason], int]  # items per (section key, reason), in list order
    sections: tuple[Section, ...]
    overdue: int
    most_overdue: int  # days; 0 when nothing is overdue
    planned_today: int = 0
    capacity: int = 0  # items a day; 0: no limit
    strip: tuple[int, ...] = ()  # items planned on each of the next STRIP_DAYS days
    later: int = 0  # items planned after the days listed (shown with `a`)
    total: int = 0  # every item of the queue
    greetings: int = 0  # today's holiday greetings: listed after the plan, one action (g)
    holidays: str = ""  # their holidays' names
    load: int = 0  # contacts a day the cadences ask, when above the capacity (else 0)


def plan_view(queue: Queue, show_all: bool = False) -> tuple[Queue, QueueFigures]:
    """The queue in the plan's order (cut after DAYS_SHOWN days unless `show_all`) and its
    figures. The plan is stable, so handling an item never reorders the others."""
    today = (queue.as_of - EPOCH).days
    order = queue.plan_order()
    offset = queue.planned_day[order] - today  # days from today, 0 or more, ascending
    shown = len(order) if show_all else int(np.searchsorted(offset, DAYS_SHOWN, side="right"))
    view = _take(queue, order[:shown])
    greeting = queue.reason[order] == GREETING  # outside the plan's capacity
    ahead = offset[(offset >= 1) & (offset <= STRIP_DAYS) & ~greeting]
    strip = np.bincount(ahead, minlength=STRIP_DAYS + 1)[1:]
    counts = _groups(offset[:shown], view.reason, queue.as_of)
    greetings = int(((offset == 0) & greeting).sum())
    planned_today = int((offset == 0).sum()) - greetings
    figures = QueueFigures(
        counts=counts,
        sections=_sections(counts, queue, planned_today),
        overdue=queue.overdue_count(),
        most_overdue=max(int(queue.days_waiting().max()), 0) if len(queue) else 0,
        planned_today=planned_today,
        capacity=queue.capacity,
        strip=tuple(int(count) for count in strip),
        later=len(order) - shown,
        total=len(queue),
        greetings=greetings,
        load=queue.over_capacity(),
        holidays=queue.greeting_holidays(),
    )
    return view, figures


def _take(queue: Queue, picked: np.ndarray) -> Queue:
    """The queue's items at `picked`, in that order."""
    columns = {
        column.name: getattr(queue, column.name)[picked]
        for column in fields(queue)
        if isinstance(getattr(queue, column.name), np.ndarray)
    }
    return replace(queue, **columns)


def section_key(as_of: date, offset: int) -> str:
    return TODAY if offset == 0 else (as_of + timedelta(days=offset)).isoformat()


def _groups(offset: np.ndarray, reason: np.ndarray, as_of: date) -> dict[tuple[str, Reason], int]:
    """Items per (day, reason): inside a day the plan's order starts with the reason, so
    each pair is one run of the list."""
    if not len(offset):
        return {}
    pair = offset * len(REASONS) + reason
    starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    lengths = np.diff(np.r_[starts, len(pair)])
    return {
        (section_key(as_of, int(offset[start])), REASONS[int(reason[start])]): int(length)
        for start, length in zip(starts.tolist(), lengths.tolist(), strict=True)
    }


def _sections(
    counts: dict[tuple[str, Reason], int], queue: Queue, planned_today: int
) -> tuple[Section, ...]:
    per_day: dict[str, int] = {}
    for (key, _), count in counts.items():
        per_day[key] = per_day.get(key, 0) + count
    if queue.capacity:
        title = t("queue.plan.today", planned=planned_today, capacity=queue.capacity)
    else:
        title = t("queue.plan.today_open", planned=planned_today)
    if planned_today:
        empty = ""
    elif len(queue):
        empty = t("queue.plan.done")
    else:
        empty = t("queue.empty.today")
    sections = [Section(TODAY, title, empty)]
    for key, count in per_day.items():
        if key != TODAY:
            sections.append(Section(key, day_title(date.fromisoformat(key), queue.as_of, count)))
    return tuple(sections)


def day_title(day: date, as_of: date, count: int) -> str:
    """ "明天 · 11-24 周二 · 6" / "11-25 周三 · 3"."""
    weekday = t("queue.plan.weekdays").split(",")[day.weekday()]
    key = "queue.plan.tomorrow" if day == as_of + timedelta(days=1) else "queue.plan.day"
    return t(key, date=f"{day:%m-%d}", weekday=weekday, count=count)


def strip_days(as_of: date) -> list[date]:
    """The days of the strip, tomorrow first."""
    return [as_of + timedelta(days=offset) for offset in range(1, STRIP_DAYS + 1)]
