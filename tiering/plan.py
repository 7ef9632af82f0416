"""The plan (今日计划): on which day each queue item is planned, under a daily capacity.

Pure arithmetic over item columns; no clock (today is a parameter). The rule, as DESIGN.md
words it: items bound to a day (tiering.followup.bound_items: a birthday, a holiday, a
gift — today if their day has passed — and a reminder or a snoozed item whose day is
still ahead) are planned on their day and count first; every other item
is planned on the first day, from the day it is due (today at the earliest), that still
has room after the items bound to that day and the items before it in the priority
order. Nothing is dropped: past the last day any item is due on, the rest fill the
following days, `capacity` a day.

Day by day this is "each day, the best items available that day", which is also "in
priority order, each item on its earliest day with room" (the two agree: an item only
waits while the days it could take are full of better ones). So the plan is stable: an
item leaving it (done, skipped) never moves another one later, nor changes the order of
those that remain; the items of today's plan handled today count against today's room, so
finishing today's plan leaves tomorrow's as it was, and an item planned for a later day but
handled today (the customer called) takes none of it, so today's plan stays as it was.
"""

from __future__ import annotations

import numpy as np


def plan_days(
    release_day: np.ndarray,
    bound: np.ndarray,
    order: np.ndarray,
    today: int,
    capacity: int,
    used_today: int = 0,
    roomless: np.ndarray | None = None,
) -> np.ndarray:
    """The planned day (epoch day) of each item.

    release_day: the day an item is due (for a bound item: its day); order: the item
    indexes in the order of priority (`priority_order`); capacity: items a day, 0 for no
    limit; used_today: items of today's plan already handled today (they took room today);
    roomless: bound items that take none of their day's room (holiday greetings, one
    action for all, handled apart from the plan).
    """
    release_day = np.asarray(release_day, dtype=np.int64)
    bound = np.asarray(bound, dtype=bool)
    day = np.maximum(release_day, today)
    order = np.asarray(order, dtype=np.int64)
    by_rank = order[~bound[order]]  # the flexible items, best first
    if capacity <= 0 or not len(by_rank):
        return day
    offset = day[by_rank] - today  # days from today an item can be planned, at the earliest
    last = int(day.max() - today)
    taking = bound if roomless is None else bound & ~np.asarray(roomless, dtype=bool)
    room = capacity - np.bincount(day[taking] - today, minlength=last + 1)
    room[0] -= used_today
    placed = _fill(offset, np.maximum(room, 0))
    # Past the last day anything is due on or bound to, every day has the full capacity.
    rest = np.flatnonzero(placed < 0)
    placed[rest] = last + 1 + np.arange(len(rest)) // capacity
    planned = day.copy()
    planned[by_rank] = today + placed
    return planned


def _fill(offset: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Day (from today) of each item in priority order, for the days `room` covers; -1 for
    the items left over. Each day takes the first items in order that are due by then."""
    placed = np.full(len(offset), -1, dtype=np.int64)
    first_open = 0  # every item before it is placed
    for day_number, free in enumerate(room.tolist()):
        if first_open >= len(offset):
            break
        if free > 0:
            chosen = _first_due(offset, placed, first_open, day_number, free)
            placed[chosen] = day_number
        first_open = _next_open(placed, first_open)
    return placed


def _first_due(
    offset: np.ndarray, placed: np.ndarray, start: int, day_number: int, wanted: int
) -> np.ndarray:
    """Positions of the first `wanted` unplaced items from `start` that are due by the day;
    the window searched doubles until it holds them all or reaches the end."""
    size = max(4 * wanted, 64)
    while True:
        stop = min(start + size, len(offset))
        window = slice(start, stop)
        hits = np.flatnonzero((offset[window] <= day_number) & (placed[window] < 0))
        if len(hits) >= wanted or stop == len(offset):
            return start + hits[:wanted]
        size *= 2


def _next_open(placed: np.ndarray, start: int) -> int:
    """The first unplaced position from `start` (len when none), searched in doubling
    windows: a day places few items, so the next open one is usually near."""
    size = 64
    while start < len(placed):
        open_ = np.flatnonzero(placed[start : start + size] < 0)
        if len(open_):
            return start + int(open_[0])
        start += size
        size *= 2
    return len(placed)


def priority_order(*keys: np.ndarray) -> np.ndarray:
    """Item indexes sorted by `keys`, the first key most significant; the caller's last
    keys must tell every two items apart, so that the order is total."""
    return np.lexsort(tuple(reversed(keys)))


def ranks_of(order: np.ndarray) -> np.ndarray:
    """Each item's place (0, 1, …) in `order`."""
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


__all__ = ["plan_days", "priority_order", "ranks_of"]
