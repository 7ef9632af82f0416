"""The custom fields the rules count in the weighted score, read beside the stats frame.

A criterion is a live number or one-choice field with a weight above 0 in
rules.field_criteria; its column holds each customer's number, or the chosen option's index
among the field's options (NaN: no value). tiering turns them into points (tiering/score.py).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable

import numpy as np

from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.rules import Rules
from xiaoben.store import fields as field_sql
from xiaoben.store.driver import sqlite3
from xiaoben.tiering.frame import StatsFrame, locate

# The kinds a seller can count in the score: a number (by thresholds), one choice (by points).
CRITERION_KINDS = (FieldKind.NUMBER, FieldKind.CHOICE)


def criterion_fields(conn: sqlite3.Connection, rules: Rules) -> tuple[FieldDef, ...]:
    """The live fields the rules count in the score, in the form's order."""
    wanted = rules.criterion_ids()
    if not wanted:
        return ()
    return tuple(
        field
        for field in field_sql.definitions(conn)
        if field.id in wanted and field.kind in CRITERION_KINDS
    )


def with_criteria(
    conn: sqlite3.Connection,
    frame: StatsFrame,
    fields: tuple[FieldDef, ...],
    customer_ids: Iterable[int] | None = None,
) -> StatsFrame:
    """`frame` with its customers' values of these fields (customer_ids: the frame holds
    only these customers, so only their values are read)."""
    if not fields:
        return frame
    matrix = np.full((len(frame), len(fields)), np.nan, dtype=np.float64)
    some = "" if customer_ids is None else " AND customer_id IN (SELECT value FROM json_each(?))"
    for k, field in enumerate(fields):
        params: list[object] = [field.id]
        if customer_ids is not None:
            params.append(json.dumps(sorted(set(customer_ids))))
        rows = conn.execute(
            "SELECT customer_id, value, number FROM field_values WHERE field_id = ?" + some, params
        ).fetchall()
        if not rows:
            continue
        ids = np.array([row[0] for row in rows], dtype=np.int64)
        if field.kind is FieldKind.NUMBER:
            values = np.array([row[2] for row in rows], dtype=np.float64)
        else:
            index = {option: float(k) for k, option in enumerate(field.options)}
            values = np.array([index.get(row[1], np.nan) for row in rows], dtype=np.float64)
        at, known = locate(frame.customer_id, ids)
        matrix[at[known], k] = values[known]
    return dataclasses.replace(frame, criteria=matrix, criteria_fields=fields)
