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


# Which parts of a Standing to work out: a full pass asks only for those its lenses read.
LESS, GREATER, SUM_GREATER = "less", "greater", "sum_greater"
EVERY_PART = frozenset({LESS, GREATER, SUM_GREATER})


@dataclass(frozen=True, slots=True)
class Standing:
    """Where each queried figure stands in a population: members strictly below, strictly
    above, the sum of the members strictly above, and the population's size and total
    (total 0 unless sums were kept). A part not worked out (not asked for, or no sums kept)
    is None; read the parts through below(), above() and sum_above(), which say so.

    Counts are int32 while the population is small enough that five times a count fits
    (the RFM score's 5·worse): half the bytes of int64 over a whole book, the same numbers.
    """

    less: np.ndarray | None
    greater: np.ndarray | None
    sum_greater: np.ndarray | None
    count: int
    total: int

    def below(self) -> np.ndarray:
        return _worked_out(self.less, LESS)

    def above(self) -> np.ndarray:
        return _worked_out(self.greater, GREATER)

    def sum_above(self) -> np.ndarray:
        return _worked_out(self.sum_greater, SUM_GREATER)

    def widen(self, members: np.ndarray) -> Standing:
        """This standing of the members (a boolean mask) laid over the whole frame, 0 elsewhere."""

        def spread(column: np.ndarray | None) -> np.ndarray | None:
            if column is None:
                return None
            wide = np.zeros(len(members), dtype=column.dtype)
            wide[members] = column
            return wide

        return Standing(
            spread(self.less),
            spread(self.greater),
            spread(self.sum_greater),
            self.count,
            self.total,
        )


def _worked_out(part: np.ndarray | None, name: str) -> np.ndarray:
    if part is None:
        raise ValueError(f"this standing has no {name!r}: not asked for, or no sums kept")
    return part


def count_dtype(size: int) -> type[np.signedinteger]:
    """int32 for counts among `size` members while 5 × size fits in it, else int64."""
    return np.int32 if 5 * size < np.iinfo(np.int32).max else np.int64


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
    def build(
        cls, values: np.ndarray, *, sums: bool = False, parts: frozenset[str] = EVERY_PART
    ) -> tuple[Ranking, Standing]:
        """The ranking of `values` and the standing of each of them in it (in their order):
        only the `parts` asked for (sum_greater only with sums)."""
        values = np.asarray(values, dtype=np.int64)
        size = len(values)
        if size == 0:
            empty = np.zeros(0, dtype=np.int64)
            prefix = np.zeros(1, dtype=np.int64) if sums else None
            no_counts = np.zeros(0, dtype=count_dtype(0))
            standing = Standing(
                no_counts if LESS in parts else None,
                no_counts if GREATER in parts else None,
                empty if sums and SUM_GREATER in parts else None,
                0,
                0,
            )
            return cls(empty, prefix), standing
        low, high = int(values.min()), int(values.max())
        # Small ranges (orders, days, referrals) are counted, not sorted: O(n + range).
        if high - low < 4 * size + 1024:
            return cls._by_counting(values, low, high, sums, parts)
        return cls._by_sorting(values, low, high, sums, parts)

    @classmethod
    def _by_counting(
        cls, values: np.ndarray, low: int, high: int, sums: bool, parts: frozenset[str]
    ) -> tuple[Ranking, Standing]:
        size = len(values)
        counts_as = count_dtype(size)
        shifted = values - low
        counts = np.bincount(shifted, minlength=high - low + 1)
        up_to = np.cumsum(counts)
        levels = np.arange(low, high + 1, dtype=np.int64)
        sorted_values = np.repeat(levels, counts)
        less = greater = prefix = sum_greater = None
        if LESS in parts:
            less = (up_to - counts).astype(counts_as)[shifted]
        if GREATER in parts:
            greater = (size - up_to).astype(counts_as)[shifted]
        total = 0
        if sums:
            sum_up_to = np.cumsum(counts * levels)
            total = int(sum_up_to[-1])
            if SUM_GREATER in parts:
                sum_greater = total - sum_up_to[shifted]
            prefix = np.concatenate(([0], np.cumsum(sorted_values)))
        standing = Standing(less, greater, sum_greater, size, total)
        return cls(sorted_values, prefix), standing

    @classmethod
    def _by_sorting(
        cls, values: np.ndarray, low: int, high: int, sums: bool, parts: frozenset[str]
    ) -> tuple[Ranking, Standing]:
        size = len(values)
        counts_as = count_dtype(size)
        bits = max(1, (size - 1).bit_length())
        if high - low < 1 << (62 - bits):
            # Sorting value and row packed in one int64 is several times faster than argsort.
            keys = ((values - low) << bits) | np.arange(size, dtype=np.int64)
            keys.sort()
            order = keys & ((1 << bits) - 1)
            sorted_values = (keys >> bits) + low
            del keys
        else:
            order = np.argsort(values, kind="stable")
            sorted_values = values[order]
        starts_group = np.empty(size, dtype=bool)
        starts_group[0] = True
        np.not_equal(sorted_values[1:], sorted_values[:-1], out=starts_group[1:])
        group_start = np.flatnonzero(starts_group)
        group_end = np.append(group_start[1:], size)
        group = np.cumsum(starts_group) - 1
        del starts_group
        less = greater = prefix = sum_greater = None
        if LESS in parts:
            less = np.empty(size, dtype=counts_as)
            less[order] = group_start[group]
        if GREATER in parts:
            greater = np.empty(size, dtype=counts_as)
            greater[order] = size - group_end[group]
        total = 0
        if sums:
            prefix = np.concatenate(([0], np.cumsum(sorted_values)))
            total = int(prefix[-1])
            if SUM_GREATER in parts:
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
