"""The tiers table: lens results stored as readable text, read back as coded arrays.

A recompute writes only the customers whose results changed (a vectorised diff against
the previous results) and logs value-tier and stage changes to tier_changes.
"""

from __future__ import annotations

import binascii
import dataclasses
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from itertools import chain, repeat

import numpy as np

from xiaoben.store.driver import sqlite3
from xiaoben.store.hex_text import hex_row
from xiaoben.store.int_columns import decode_rows, id_order, int_columns, matrix_of
from xiaoben.store.overview_reads import TierTexts, tier_texts
from xiaoben.tiering.frame import (
    QUADRANTS,
    RFM8_CLASSES,
    RFM_SEGMENTS,
    ROLES,
    SCORE_COMPONENTS,
    STAGES,
    VALUE_TIERS,
    BookFigures,
    TierFrame,
)

# Categorical columns: (column, the tuple its codes index).
CATEGORIES: dict[str, tuple[str, ...]] = {
    "value_tier": tuple(v.value for v in VALUE_TIERS),
    "rfm_segment": tuple(v.value for v in RFM_SEGMENTS),
    "rfm8": tuple(v.value for v in RFM8_CLASSES),
    "stage": tuple(v.value for v in STAGES),
    "role": tuple(v.value for v in ROLES),
    "quadrant": tuple(v.value for v in QUADRANTS),
}
NUMBERS = ("value_cents", "value_rank", "promoted_by", "recency_days", "r", "f", "m", "is_new")
POINTS = tuple(f"pts_{name}" for name in SCORE_COMPONENTS)
# Columns compared to decide whether a customer's stored result changed. The value rank
# is not among them (nor stored): it moves for everyone a buyer overtakes, so it is
# counted when a reason needs it.
COMPARED = (*(n for n in NUMBERS if n != "value_rank"), *CATEGORIES, "score")
# Non-buyers have no rank, recency or R/F/M: stored as NULL, read back as compute's sentinel
# (so an unchanged non-buyer compares equal and is not rewritten by every recompute).
BLANKS = {"value_rank": 0, "recency_days": -1, "r": 0, "f": 0, "m": 0}
LOGGED_LENSES = ("value_tier", "stage")
_LAPSED = CATEGORIES["stage"].index("lapsed")


def _code_case(column: str, values: tuple[str, ...]) -> str:
    whens = " ".join(f"WHEN '{value}' THEN {code}" for code, value in enumerate(values))
    return f"CASE {column} {whens} ELSE -1 END"


_LOAD = (
    "SELECT customer_id, "
    + ", ".join(f"coalesce({name}, {BLANKS.get(name, 0)})" for name in NUMBERS)
    + ", "
    + ", ".join(_code_case(column, values) for column, values in CATEGORIES.items())
    + ", score, "
    + ", ".join(POINTS)
    + " FROM tiers {where} ORDER BY customer_id"
)


# What load_tiers reads, as one string of integers (store.int_columns): the wide numbers
# on their own, the small ones packed 8 bits each into two (categories shifted by one: -1
# is none), the score in tenths (compute rounds it to 0.1: k / 10 is the very float).
_SMALL = ("promoted_by", "r", "f", "m", "is_new")
_INTEGERS = (
    "customer_id",
    *(f"coalesce({name}, {BLANKS.get(name, 0)})" for name in ("value_cents", "value_rank")),
    f"coalesce(recency_days, {BLANKS['recency_days']})",
    "("
    + " | ".join(
        f"(coalesce({name}, {BLANKS.get(name, 0)}) << {8 * k})" for k, name in enumerate(_SMALL)
    )
    + " | (CAST(round(score * 10) AS INTEGER) << 40))",
    "("
    + " | ".join(
        f"(({_code_case(column, values)} + 1) << {8 * k})"
        for k, (column, values) in enumerate(CATEGORIES.items())
    )
    + ")",
)
# Each row's _INTEGERS as hex_row text, kept in the column `compared` (m016 fills the rows
# already there from the SQL; write_tiers writes it from the arrays, `_compared_texts`):
# a fresh process reads the stored tiers to compare with from that column alone, with no
# CASE and no formatting. (An index on the expression, as stats have, would cost every
# write two evaluations of six CASEs: the day's first recompute, which rewrites most rows,
# took 70% more time. An index on the column saved ~6 ms of a cold read at 100k for 12 MB.)
COMPARED_SQL = hex_row(_INTEGERS)
_COMPARED_WIDTH = 16 * len(_INTEGERS)  # hex digits a row
# The points, as text SQLite writes to round-trip ('%!.17g'), parsed by numpy in one call.
_POINTS_TEXT = "printf('" + ",".join(["%!.17g"] * len(POINTS)) + "', " + ", ".join(POINTS) + ")"


def load_tiers(
    conn: sqlite3.Connection,
    where: str = "",
    params: tuple = (),
    points: bool = True,
    compared: TierTexts | None = None,
) -> TierFrame:
    """The stored tiers (every customer's, or those `where` picks), as arrays by id.

    Without `points` the score's points per component are left out (score_parts has no
    columns): a frame to compare new results with (write_tiers), never to keep.
    `compared`: every row's texts as overview_reads.tier_texts gives them, when the caller
    read them (beside, before numpy loaded)."""
    if where:
        return _load_rows(conn, where, params)
    text, rows = tier_texts(conn) if compared is None else compared
    if len(text or b"") != rows * _COMPARED_WIDTH:  # a row without its text: not ours
        return _load_rows(conn, "", ()) if points else _without_points(_load_rows(conn, "", ()))
    numbers = decode_rows(text, len(_INTEGERS))
    order = id_order(numbers[:, 0])  # None: read in order of id, as the scan gives them
    if order is not None:
        numbers = numbers[order]
    if points:
        text = conn.execute(
            f"SELECT group_concat(line, ',') FROM (SELECT {_POINTS_TEXT} AS line FROM tiers"
            " ORDER BY customer_id)"
        ).fetchone()[0]
        parts = np.fromstring(text or "", dtype=np.float64, sep=",").reshape(-1, len(POINTS))
        if len(parts) != len(numbers):  # the tiers changed between the two reads
            return _load_rows(conn, "", ())
    else:
        parts = np.zeros((len(numbers), 0))
    small, codes = numbers[:, 4], numbers[:, 5]
    columns: dict[str, np.ndarray] = {
        "customer_id": numbers[:, 0],
        "value_cents": numbers[:, 1],
        "value_rank": numbers[:, 2],
        "recency_days": numbers[:, 3],
    }
    for k, name in enumerate(_SMALL):
        columns[name] = (small >> (8 * k)) & 0xFF
    for k, column in enumerate(CATEGORIES):
        columns[column] = (((codes >> (8 * k)) & 0xFF) - 1).astype(np.int8)
    columns["is_new"] = columns["is_new"].astype(bool)
    columns["score"] = (small >> 40) / 10
    columns["score_parts"] = parts
    return TierFrame(figures=None, **columns)  # the figures are meta's (load_figures)


def _without_points(frame: TierFrame) -> TierFrame:
    return dataclasses.replace(frame, score_parts=frame.score_parts[:, :0])


def _compared_texts(frame: TierFrame, index: np.ndarray) -> list[str]:
    """The `compared` text of these rows: what COMPARED_SQL gives once they are stored
    (printf's '%016x' is the big-endian two's complement in lowercase hexadecimal)."""
    small = frame.promoted_by[index].astype(np.int64)
    for k, name in enumerate(_SMALL[1:], start=1):
        small |= getattr(frame, name)[index].astype(np.int64) << (8 * k)
    small |= np.rint(frame.score[index] * 10).astype(np.int64) << 40
    codes = np.zeros(len(index), dtype=np.int64)
    for k, column in enumerate(CATEGORIES):
        codes |= (getattr(frame, column)[index].astype(np.int64) + 1) << (8 * k)
    rank = np.zeros(len(index), dtype=np.int64)  # stored as NULL: see COMPARED
    wide = (frame.customer_id[index], frame.value_cents[index], rank, frame.recency_days[index])
    numbers = np.column_stack((*wide, small, codes))
    text = binascii.hexlify(numbers.astype(">i8").tobytes()).decode("ascii")
    return [text[k : k + _COMPARED_WIDTH] for k in range(0, len(text), _COMPARED_WIDTH)]


def _load_rows(conn: sqlite3.Connection, where: str, params: tuple) -> TierFrame:
    width = 1 + len(NUMBERS) + len(CATEGORIES) + 1 + len(POINTS)
    matrix = matrix_of(conn.execute(_LOAD.format(where=where), params), width)
    columns: dict[str, np.ndarray] = {"customer_id": matrix[:, 0].astype(np.int64)}
    k = 1
    for name in NUMBERS:
        columns[name] = matrix[:, k].astype(np.int64)
        k += 1
    for name in CATEGORIES:
        columns[name] = matrix[:, k].astype(np.int8)
        k += 1
    columns["score"] = matrix[:, k]
    columns["score_parts"] = matrix[:, k + 1 :]
    columns["is_new"] = columns["is_new"].astype(bool)
    return TierFrame(figures=None, **columns)  # the figures are meta's (load_figures)


@dataclass(frozen=True, slots=True)
class TierCodes:
    """Just the value tier, stage and RFM segment codes of every tiered customer, by id."""

    customer_id: np.ndarray
    value_tier: np.ndarray
    stage: np.ndarray
    rfm_segment: np.ndarray

    def __len__(self) -> int:
        return len(self.customer_id)


_CODE_COLUMNS = (
    "customer_id",
    *(_code_case(column, CATEGORIES[column]) for column in ("value_tier", "stage", "rfm_segment")),
)


def load_tier_codes(conn: sqlite3.Connection) -> TierCodes:
    """The three codes the follow-up queue needs (much less to read than load_tiers), as
    one string from SQLite (store.int_columns)."""
    matrix = int_columns(conn, _CODE_COLUMNS, "FROM tiers ORDER BY customer_id")
    return TierCodes(*(matrix[:, k] for k in range(4)))


@dataclass(frozen=True, slots=True)
class TierWrite:
    written: int  # customers whose stored result changed
    removed: int  # customers no longer tiered (archived, forgotten)
    moves: int  # value-tier and stage changes logged


def _changed_mask(old: TierFrame, new: TierFrame) -> np.ndarray:
    """For each customer of `new`: is its result different from (or absent in) `old`?"""
    positions = np.searchsorted(old.customer_id, new.customer_id)
    positions = np.minimum(positions, max(len(old) - 1, 0))
    present = (
        (old.customer_id[positions] == new.customer_id) if len(old) else np.zeros(len(new), bool)
    )
    changed = ~present
    if len(old):
        for name in COMPARED:
            changed |= getattr(old, name)[positions] != getattr(new, name)
    return changed


def write_tiers(
    conn: sqlite3.Connection,
    old: TierFrame,
    new: TierFrame,
    as_of: date,
    changed_at: str,
    skip_ids: frozenset[int] = frozenset(),
    lapse_days: int | None = None,
    history_ids: frozenset[int] = frozenset(),
) -> TierWrite:
    """Store `new` over `old` (the stored results): write the changed rows, drop the gone ones.
    With the rules' `lapse_days`, a move to 流失 is dated the day it happened (see
    `_lapse_days`). A move is logged against what the tier history last says instead of
    `old` for the customers `history_ids` (an undo took back moves of theirs) and for
    those `old` lacks (see `_logged_before`)."""
    changed = _changed_mask(old, new)
    if history_ids:
        changed |= np.isin(new.customer_id, np.fromiter(history_ids, dtype=np.int64))
    if skip_ids:
        changed &= ~np.isin(new.customer_id, np.fromiter(skip_ids, dtype=np.int64))
    index = np.flatnonzero(changed)
    gone = np.setdiff1d(old.customer_id, new.customer_id, assume_unique=True)
    if skip_ids and len(gone):
        gone = gone[~np.isin(gone, np.fromiter(skip_ids, dtype=np.int64))]
    if len(gone):
        conn.execute(
            "DELETE FROM tiers WHERE customer_id IN (SELECT value FROM json_each(?))",
            (json.dumps(gone.tolist()),),
        )
    moves = _log_moves(conn, old, new, index, as_of, changed_at, lapse_days, history_ids)
    if len(index):
        columns = ["customer_id", *NUMBERS, *CATEGORIES, "score", *POINTS, "compared"]
        # The value rank is never stored (see COMPARED): NULL in the statement, not a None
        # bound for each row (Python's sqlite3 looks for an adapter of every None it binds).
        placeholders = ", ".join("NULL" if name == "value_rank" else "?" for name in columns)
        sql = f"INSERT OR REPLACE INTO tiers ({', '.join(columns)}) VALUES ({placeholders})"
        for start in range(0, len(index), WRITE_CHUNK):
            part = index[start : start + WRITE_CHUNK]
            conn.executemany(sql, zip(*_row_values(new, part, columns), strict=True))
    return TierWrite(written=len(index), removed=len(gone), moves=moves)


# Changed rows written a few thousand at a time: a new day's pass changes every customer's
# row, and all of them at once as Python lists of each column held ~75 MB at 100k (and the
# predictions' ~20 MB; store/purchase_model.py writes them by this chunk too).
WRITE_CHUNK = 4096


def _row_values(new: TierFrame, index: np.ndarray, columns: list[str]) -> list[list]:
    """The rows `index` of `new` as the tiers table's columns (one list each)."""
    values: list[list] = [new.customer_id[index].tolist()]
    values += [getattr(new, name)[index].tolist() for name in NUMBERS[:-1]]
    values.append([int(flag) for flag in new.is_new[index].tolist()])
    for column in CATEGORIES:
        table = CATEGORIES[column]
        values.append([table[c] if c >= 0 else None for c in getattr(new, column)[index].tolist()])
    values.append(new.score[index].tolist())
    values += [new.score_parts[index, k].tolist() for k in range(len(POINTS))]
    values.append(_compared_texts(new, index))
    for name, blank in BLANKS.items():
        position = columns.index(name)
        values[position] = [None if v == blank else v for v in values[position]]
    del values[columns.index("value_rank")]  # NULL in write_tiers' statement: see COMPARED
    return values


def _log_moves(
    conn: sqlite3.Connection,
    old: TierFrame,
    new: TierFrame,
    index: np.ndarray,
    as_of: date,
    changed_at: str,
    lapse_days: int | None = None,
    history_ids: frozenset[int] = frozenset(),
) -> int:
    """Log each value-tier and stage move of the rows `index` of `new` (lens by lens, in
    `index`'s order). The labels are picked by array, not per row: an import's first pass
    logs two moves for each of 88,000 new customers."""
    if not len(index):
        return 0
    ids = new.customer_id[index]
    positions = np.minimum(np.searchsorted(old.customer_id, ids), max(len(old) - 1, 0))
    present = old.customer_id[positions] == ids if len(old) else np.zeros(len(ids), bool)
    if history_ids:
        present &= ~np.isin(ids, np.fromiter(history_ids, dtype=np.int64))
    logged = _logged_before(conn, ids[~present])
    day = as_of.isoformat()
    lenses: list[Iterable[tuple[object, ...]]] = []
    count = 0
    for lens in LOGGED_LENSES:
        after = getattr(new, lens)[index]
        # -2: never tiered, -1: no tier (a non-buyer's value tier): both log as NULL
        before = np.where(present, getattr(old, lens)[positions] if len(old) else -1, -2)
        before[~present] = logged[lens]
        moved = np.flatnonzero((before != after) & ((before >= 0) | (after >= 0)))
        if not len(moved):
            continue
        count += len(moved)
        labels = np.array([*CATEGORIES[lens], None], dtype=object)  # code -> label, last NULL
        blank = len(labels) - 1
        from_labels = labels[np.where(before[moved] >= 0, before[moved], blank)]
        to_labels = labels[np.where(after[moved] >= 0, after[moved], blank)]
        days: Iterable[str] = repeat(day)
        if lens == "stage" and lapse_days is not None:
            days = _lapse_days(after[moved], new.recency_days[index][moved], as_of, lapse_days)
        lenses.append(
            zip(
                ids[moved].tolist(),
                repeat(lens),
                from_labels.tolist(),
                to_labels.tolist(),
                days,
                repeat(changed_at),
            )
        )
    conn.executemany(
        "INSERT INTO tier_changes (customer_id, lens, from_value, to_value, as_of, changed_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        chain.from_iterable(lenses),
    )
    return count


def _logged_before(conn: sqlite3.Connection, ids: np.ndarray) -> dict[str, np.ndarray]:
    """For each lens, the code each customer's tier history last logged (-1 NULL, -2 none
    logged). A customer back among the tiered (brought back from the archive, an archive
    undone) continues their history: logged against the tiers they left with, so a
    customer who left as B and is B again logs nothing, and one who lapsed meanwhile logs
    that lapse on its day — never a "(none) → B" entry as if they were new."""
    found = {lens: np.full(len(ids), -2, dtype=np.int64) for lens in LOGGED_LENSES}
    if not len(ids) or conn.execute("SELECT 1 FROM tier_changes LIMIT 1").fetchone() is None:
        return found  # a first import's new customers: nothing to look up
    rows = conn.execute(
        "SELECT customer_id, lens, to_value FROM tier_changes WHERE id IN (SELECT max(id)"
        " FROM tier_changes WHERE customer_id IN (SELECT value FROM json_each(?))"
        " GROUP BY customer_id, lens)",
        (json.dumps(ids.tolist()),),
    ).fetchall()
    at = {customer_id: k for k, customer_id in enumerate(ids.tolist())}
    for customer_id, lens, value in rows:
        if lens in found:
            codes = CATEGORIES[lens]
            found[lens][at[customer_id]] = codes.index(value) if value in codes else -1
    return found


def _lapse_days(
    stage: np.ndarray, recency_days: np.ndarray, as_of: date, lapse_days: int
) -> list[str]:
    """The day each stage move happened: a lapse on the first day without a purchase for
    more than lapse_days (last purchase + lapse_days + 1), however long after it the pass
    that saw it ran — an imported history's lapses fall in their own months, as its new
    customers and revenue do; every other move on as_of."""
    back = np.where(stage == _LAPSED, np.maximum(recency_days - lapse_days - 1, 0), 0)
    days = np.datetime64(as_of.isoformat(), "D") - back.astype("timedelta64[D]")
    return days.astype(str).tolist()


def save_figures(conn: sqlite3.Connection, figures: BookFigures | None, as_of: date) -> None:
    """The book's figures and the tiers' day; written only where they changed, so a
    recompute that moved nothing changes nothing (and keeps today's plan)."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('figures', ?), ('tiers_as_of', ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        " WHERE value IS NOT excluded.value",
        (json.dumps(asdict(figures)) if figures else "null", as_of.isoformat()),
    )


def load_figures(conn: sqlite3.Connection) -> BookFigures | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'figures'").fetchone()
    if not row or row[0] == "null":
        return None
    return BookFigures(**json.loads(row[0]))
