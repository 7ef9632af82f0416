"""What new rules would do before they are applied: who would move value tier, stage and
quadrant, and which way. Computes beside the stored tiers and writes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from xiaoben.models.rules import Rules
from xiaoben.store.criteria import criterion_fields
from xiaoben.store.stats import load_frame
from xiaoben.store.tierstore import CATEGORIES, load_tiers
from xiaoben.tiering.compute import compute

if TYPE_CHECKING:
    from xiaoben.store.book import Book

# The lenses a rules preview reports, in the order it reports them.
PREVIEW_LENSES: tuple[str, ...] = ("value_tier", "stage", "quadrant")

Move = tuple[str | None, str | None]  # (from, to) group keys; None: not placed (non-buyer)


@dataclass(frozen=True, slots=True)
class RulesPreview:
    moves: dict[str, Counter[Move]]  # lens -> (from, to) -> customers
    moved: int  # customers who would move in at least one of the lenses
    customers: int  # active customers compared

    def count(self, lens: str) -> int:
        return sum(self.moves[lens].values())

    def ordered(self, lens: str) -> list[tuple[Move, int]]:
        """The lens's moves, most customers first, then in the lens's group order."""
        order = {key: k for k, key in enumerate(CATEGORIES[lens])}

        def rank(item: tuple[Move, int]) -> tuple[int, int, int]:
            (before, after), customers = item
            position = (
                order.get(before, -1) if before else -1,
                order.get(after, -1) if after else -1,
            )
            return (-customers, *position)

        return sorted(self.moves[lens].items(), key=rank)


def preview_rules(book: Book, rules: Rules) -> RulesPreview:
    """Every lens under `rules` as of the book's today, compared with the stored tiers."""
    with book.reading():
        as_of = book.today()
        frame = load_frame(book.conn, as_of, criterion_fields(book.conn, rules))
        stored = load_tiers(book.conn)
    fresh = compute(frame, rules, as_of)
    ids = fresh.customer_id
    positions = np.minimum(np.searchsorted(stored.customer_id, ids), max(len(stored) - 1, 0))
    present = stored.customer_id[positions] == ids if len(stored) else np.zeros(len(ids), bool)
    moves: dict[str, Counter[Move]] = {}
    any_move = np.zeros(len(ids), dtype=bool)
    for lens in PREVIEW_LENSES:
        keys = CATEGORIES[lens]
        after = getattr(fresh, lens).astype(np.int64)
        before = np.where(present, getattr(stored, lens)[positions] if len(stored) else -1, -1)
        moved = before != after
        any_move |= moved
        counter: Counter[Move] = Counter()
        for old, new in zip(before[moved].tolist(), after[moved].tolist(), strict=True):
            counter[(keys[old] if old >= 0 else None, keys[new] if new >= 0 else None)] += 1
        moves[lens] = counter
    return RulesPreview(moves, int(any_move.sum()), len(ids))
