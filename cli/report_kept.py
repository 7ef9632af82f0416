"""`xiaoben report`'s overview kept in the book, or made without the Book, found before
the modules that print it load: the first run after a change starts its reads first and
loads them while the reads run (cli/kept_output.py)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xiaoben.store.overview_kept import KeptOverview


def without_the_book(
    path: Path,
    as_of: date | None,
    period: int | None,
    beside: Callable[[], object] | None = None,
) -> KeptOverview | None:
    """The overview kept in the book at `path` for these terms, read without opening the
    book (store/overview_kept.py): the second report of an unchanged book reads one row; the
    first after a change makes it from what the book keeps (store/overview_cold.py), and
    calls `beside` (what the caller loads meanwhile) once its reads have started. None
    when the book must be opened."""
    from xiaoben.store.overview_kept import kept

    if not os.access(path, os.W_OK):  # missing, or read-only: the book says so when opened
        return None
    today = date.today()
    found = kept(path, today.isoformat(), (as_of or today).isoformat(), period)
    if found is None and as_of in (None, today):
        # The first run after a change: made from the stored tiers, without the Book.
        from xiaoben.store.overview_cold import made

        found = made(path, today, period, beside)
    return found
