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
    """`frame` with the customers of `rows` replaced or inserted (in place where possible)."""
    result = frame
    row_ids = rows.customer_id  # type: ignore[attr-defined]  # a frame dataclass
    for k, customer_id in enumerate(row_ids.tolist()):
        ids = result.customer_id  # type: ignore[attr-defined]  # a frame dataclass
        at = position(ids, customer_id)
        if at >= 0:
            for name, column in _arrays(result).items():
                if isinstance(column, np.ndarray):
                    column[at] = getattr(rows, name)[k]
            continue
        at = int(np.searchsorted(ids, customer_id))
        fields = {
            name: (
                np.insert(column, at, getattr(rows, name)[k], axis=0)
                if isinstance(column, np.ndarray)
                else column
            )
            for name, column in _arrays(result).items()
        }
        result = type(result)(**fields)
    return result


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
