"""What reading a million rows needs: progress in steps, parsers that remember, no GC pauses.

Speed helpers only: no parsing rules here.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 2_000
T = TypeVar("T")
MEMO_LIMIT = 50_000  # distinct cell texts remembered per parser (more pins memory, rarely hits)


@contextmanager
def without_gc() -> Iterator[None]:
    """Building a million small lists: the cycle collector finds no cycles, only costs time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def memo(parse: Callable[[str], T]) -> Callable[[str], T]:
    """`parse` remembering its answers: dates, amounts and keys repeat across a file's rows."""
    seen: dict[str, T] = {}

    def cached(text: str) -> T:
        try:
            return seen[text]
        except KeyError:
            value = parse(text)  # a problem raises, and is not remembered
            if len(seen) < MEMO_LIMIT:
                seen[text] = value
            return value

    return cached


def positions_of(values: Sequence[object], marker: object) -> Iterator[int]:
    """The positions of `marker` in `values`, searched at C speed (most chunks have few or
    none); `values` may be changed at and before the position given as it goes."""
    position = -1
    while True:
        try:
            position = values.index(marker, position + 1)
        except ValueError:
            return
        yield position
