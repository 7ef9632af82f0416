"""Edits of in-memory frames (StatsFrame, TierFrame, QueueInputs: columns sorted by id).

The book keeps the last stats frame and the stored tiers in memory (store/tiercache.py)
so that a save or a background pass need not read 100,000 rows back from SQLite; these
helpers patch them. The frames themselves are defined in tiering/frame.py.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

import numpy as np

Frame = TypeVar("Frame")


def _arrays(frame: object) -> dict[str, object]:
    return {f.name: getattr(frame, f.name) for f in dataclasses.fields(frame)}  # type: ignore[arg-type]  # a frame dataclass


def position(ids: np.ndarray, customer_id: int) -> int:
    """Index of `customer_id` in the sorted `ids`, or -1."""
    index = int(np.searchsorted(ids, customer_id))
    return index if index < len(ids) and int(ids[index]) == customer_id else -1


def upsert(frame: Frame, rows: Frame) -> Frame:
    """`frame` with the customers of `rows` (ids unique) replaced in place, and those it
    lacks inserted in id order: a column at a time, so 10,000 rows cost one pass."""
    ids = frame.customer_id  # type: ignore[attr-defined]  # a frame dataclass
    row_ids = rows.customer_id  # type: ignore[attr-defined]  # a frame dataclass
    if not len(row_ids):
        return frame
    at = np.minimum(np.searchsorted(ids, row_ids), max(len(ids) - 1, 0))
    known = ids[at] == row_ids if len(ids) else np.zeros(len(row_ids), dtype=bool)
    columns = _arrays(frame)
    for name, column in columns.items():
        if isinstance(column, np.ndarray):
            column[at[known]] = getattr(rows, name)[known]
    if known.all():
        return frame
    new = ~known
    where = np.searchsorted(ids, row_ids[new])
    order = np.argsort(row_ids[new], kind="stable")  # ascending ids, so ascending places
    fields = {
        name: (
            np.insert(column, where[order], getattr(rows, name)[new][order], axis=0)
            if isinstance(column, np.ndarray)
            else column
        )
        for name, column in columns.items()
    }
    return type(frame)(**fields)


def drop(frame: Frame, customer_ids: set[int]) -> Frame:
    """`frame` without these customers."""
    if not customer_ids:
        return frame
    keep = ~np.isin(frame.customer_id, np.fromiter(customer_ids, dtype=np.int64))  # type: ignore[attr-defined]  # a frame dataclass
    if keep.all():
        return frame
    fields = {
        name: column[keep] if isinstance(column, np.ndarray) else column
        for name, column in _arrays(frame).items()
    }
    return type(frame)(**fields)


def take(frame: Frame, customer_ids: set[int]) -> Frame:
    """Only these customers' rows (a copy)."""
    wanted = np.isin(frame.customer_id, np.fromiter(customer_ids, dtype=np.int64))  # type: ignore[attr-defined]  # a frame dataclass
    fields = {
        name: column[wanted] if isinstance(column, np.ndarray) else column
        for name, column in _arrays(frame).items()
    }
    return type(frame)(**fields)


def copy(frame: Frame) -> Frame:
    fields = {
        name: column.copy() if isinstance(column, np.ndarray) else column
        for name, column in _arrays(frame).items()
    }
    return type(frame)(**fields)
