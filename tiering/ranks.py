"""Sorted columns that answer "how many customers, and how much value, lie above or below x?".

Sorted once per full pass; `Ranking.replaced` stands for the same column with one row swapped,
so one customer can be placed against the whole book in O(log n) without sorting again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# Products below this fit int64 with room for a sum of two.
_SAFE = 1 << 62


@dataclass(frozen=True, slots=True)
class Standing:
    """Where each queried figure stands in a population: members strictly below, strictly
    above, the sum of the members strictly above (None unless sums were kept), and the
    population's size and total (total 0 unless sums were kept)."""

    less: np.ndarray
    greater: np.ndarray
    sum_greater: np.ndarray | None
    count: int
    total: int

    def widen(self, members: np.ndarray) -> Standing:
        """This standing of the members (a boolean mask) laid over the whole frame, 0 elsewhere."""

        def spread(column: np.ndarray) -> np.ndarray:
            wide = np.zeros(len(members), dtype=np.int64)
            wide[members] = column
            return wide

        sums = None if self.sum_greater is None else spread(self.sum_greater)
        return Standing(spread(self.less), spread(self.greater), sums, self.count, self.total)


class Ranking:
    """A multiset of whole numbers, sorted, optionally with prefix sums; possibly with one
    member removed and one added (a customer's old and new figure) without re-sorting."""

    __slots__ = ("_added", "_prefix", "_removed", "_sorted")

    def __init__(
        self,
        sorted_values: np.ndarray,
        prefix: np.ndarray | None,
        removed: int | None = None,
        added: int | None = None,
    ) -> None:
        self._sorted = sorted_values
        self._prefix = prefix
        self._removed = removed
        self._added = added

    @classmethod
    def build(cls, values: np.ndarray, *, sums: bool = False) -> tuple[Ranking, Standing]:
        """The ranking of `values` and the standing of each of them in it (in their order)."""
        values = np.asarray(values, dtype=np.int64)
        size = len(values)
        if size == 0:
            empty = np.zeros(0, dtype=np.int64)
            prefix = np.zeros(1, dtype=np.int64) if sums else None
            return cls(empty, prefix), Standing(empty, empty, empty if sums else None, 0, 0)
        low, high = int(values.min()), int(values.max())
        # Small ranges (orders, days, referrals) are counted, not sorted: O(n + range).
        if high - low < 4 * size + 1024:
            return cls._by_counting(values, low, high, sums)
        return cls._by_sorting(values, low, high, sums)

    @classmethod
    def _by_counting(
        cls, values: np.ndarray, low: int, high: int, sums: bool
    ) -> tuple[Ranking, Standing]:
        size = len(values)
        shifted = values - low
        counts = np.bincount(shifted, minlength=high - low + 1)
        up_to = np.cumsum(counts)
        below = up_to - counts
        levels = np.arange(low, high + 1, dtype=np.int64)
        sorted_values = np.repeat(levels, counts)
        prefix = sum_greater = None
        total = 0
        if sums:
            sum_up_to = np.cumsum(counts * levels)
            total = int(sum_up_to[-1])
            sum_greater = total - sum_up_to[shifted]
            prefix = np.concatenate(([0], np.cumsum(sorted_values)))
        standing = Standing(below[shifted], size - up_to[shifted], sum_greater, size, total)
        return cls(sorted_values, prefix), standing

    @classmethod
    def _by_sorting(
        cls, values: np.ndarray, low: int, high: int, sums: bool
    ) -> tuple[Ranking, Standing]:
        size = len(values)
        bits = max(1, (size - 1).bit_length())
        if high - low < 1 << (62 - bits):
            # Sorting value and row packed in one int64 is several times faster than argsort.
            keys = ((values - low) << bits) | np.arange(size, dtype=np.int64)
            keys.sort()
            order = keys & ((1 << bits) - 1)
            sorted_values = (keys >> bits) + low
        else:
            order = np.argsort(values, kind="stable")
            sorted_values = values[order]
        starts_group = np.empty(size, dtype=bool)
        starts_group[0] = True
        np.not_equal(sorted_values[1:], sorted_values[:-1], out=starts_group[1:])
        group_start = np.flatnonzero(starts_group)
        group_end = np.append(group_start[1:], size)
        group = np.cumsum(starts_group) - 1
        less = np.empty(size, dtype=np.int64)
        less[order] = group_start[group]
        greater = np.empty(size, dtype=np.int64)
        greater[order] = size - group_end[group]
        prefix = sum_greater = None
        total = 0
        if sums:
            prefix = np.concatenate(([0], np.cumsum(sorted_values)))
            total = int(prefix[-1])
            sum_greater = np.empty(size, dtype=np.int64)
            sum_greater[order] = total - prefix[group_end[group]]
        return cls(sorted_values, prefix), Standing(less, greater, sum_greater, size, total)

    def replaced(self, removed: int | None, added: int | None) -> Ranking:
        """This ranking with one member `removed` (it must be there) and one `added`
        (None: no change)."""
        return Ranking(self._sorted, self._prefix, removed, added)

    def count(self) -> int:
        return len(self._sorted) - (self._removed is not None) + (self._added is not None)

    def total(self) -> int:
        if self._prefix is None:
            raise ValueError("this ranking keeps no sums")
        return int(self._prefix[-1]) - (self._removed or 0) + (self._added or 0)

    def count_less(self, x: np.ndarray) -> np.ndarray:
        result = np.searchsorted(self._sorted, x, "left").astype(np.int64)
        if self._removed is not None:
            result -= self._removed < x
        if self._added is not None:
            result += self._added < x
        return result

    def count_greater(self, x: np.ndarray) -> np.ndarray:
        result = len(self._sorted) - np.searchsorted(self._sorted, x, "right").astype(np.int64)
        if self._removed is not None:
            result -= self._removed > x
        if self._added is not None:
            result += self._added > x
        return result

    def sum_greater(self, x: np.ndarray) -> np.ndarray:
        if self._prefix is None:
            raise ValueError("this ranking keeps no sums")
        at = np.searchsorted(self._sorted, x, "right")
        result = self._prefix[-1] - self._prefix[at]
        if self._removed is not None:
            result = result - np.where(self._removed > x, self._removed, 0)
        if self._added is not None:
            result = result + np.where(self._added > x, self._added, 0)
        return np.asarray(result, dtype=np.int64)

    def sum_greater_than(self, x: int) -> int:
        """sum_greater for one number, in Python integers (the binary searches call it often)."""
        if self._prefix is None:
            raise ValueError("this ranking keeps no sums")
        at = int(self._sorted.searchsorted(x, "right"))
        result = int(self._prefix[-1]) - int(self._prefix[at])
        if self._removed is not None and self._removed > x:
            result -= self._removed
        if self._added is not None and self._added > x:
            result += self._added
        return result

    def standing(self, x: np.ndarray) -> Standing:
        """Where the figures `x` stand in this ranking (a few queries: O(len(x) log n))."""
        sums = self._prefix is not None
        return Standing(
            self.count_less(x),
            self.count_greater(x),
            self.sum_greater(x) if sums else None,
            self.count(),
            self.total() if sums else 0,
        )

    def smallest_where(self, holds: Callable[[int], bool]) -> int | None:
        """The smallest member for which `holds`, which must stay true for every larger number
        once true (binary search); None if it holds for no member."""
        members = self._sorted
        low, high = 0, len(members)
        while low < high:
            middle = (low + high) // 2
            if holds(int(members[middle])):
                high = middle
            else:
                low = middle + 1
        found: int | None = int(members[low]) if low < len(members) else None
        # The removed member may have been the only one of its value: step past it.
        if found is not None and found == self._removed:
            unique = low + 1 == len(members) or int(members[low + 1]) != found
            if unique:
                found = int(members[low + 1]) if low + 1 < len(members) else None
        if self._added is not None and holds(self._added):
            found = self._added if found is None else min(found, self._added)
        return found


def compare_to_mean(x: np.ndarray, count: int, total: int) -> np.ndarray:
    """The sign of x − total/count for each x, exactly (x·count vs total, no floats)."""
    if count <= 0:
        return np.zeros(len(x), dtype=np.int64)
    largest = int(np.abs(x).max(initial=0))
    if largest * count < _SAFE and abs(total) < _SAFE:
        return np.sign(x * count - total)
    # Beyond int64: Python integers, slowly but exactly.
    exact = x.astype(object) * count - total
    return np.array([(v > 0) - (v < 0) for v in exact], dtype=np.int64)
