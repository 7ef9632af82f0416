"""`xiaoben tiers` from what the book keeps (the tiers table, stats and predictions), read
with the driver alone: no numpy, no model, no Book, when the kept tiers are a full pass of
the day asked and nothing changed since.

A Book records (meta 'tiers_exact') the day of a full pass and the plan marker
(store/plan_cache.py) its transaction committed at. Every later change moves the marker,
so the record holds while the marker is the one it names; a transaction that only writes
predictions carries it forward (Book._transaction). A save placed against the last pass
(the app's) moves the marker without a record: until the next full pass the tiers are
computed afresh (store/tier_rows.py), as they are for any other day.

The rows are columns (key -> list, in KEYS order, as `xiaoben tiers --json` names them),
one list a key: cli/output.py prints either source the same way.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xiaoben.models.enums import Rfm8, RfmSegment
from xiaoben.store.driver import sqlite3
from xiaoben.store.meta_peek import in_one_state
from xiaoben.store.tiers_record import exact_day

if TYPE_CHECKING:
    from xiaoben.store.cipher import BookKey


# Every customer's row, in this order (the JSON's keys).
KEYS = (
    "customer",
    "name",
    "value_tier",
    "r",
    "f",
    "m",
    "rfm_segment",
    "rfm8",
    "stage",
    "role",
    "score",
    "quadrant",
    "revenue",
    "value",
    "orders",
    "recency_days",
    "last_purchase",
    "p_alive",
    "expected_purchases_90",
    "clv",
    "churn_risk",
    "fields",
)
PREDICTED = ("p_alive", "expected_purchases_90", "clv", "churn_risk")

Columns = dict[str, Sequence[Any]]


def _case(column: str, words: dict[str, str]) -> str:
    whens = " ".join(f"WHEN '{key}' THEN '{word}'" for key, word in words.items())
    return f"CASE {column} {whens} END"


_BUYER = "s.orders > 0"
# Each key's expression (all but the fields, read apart) over the tables of _FROM.
_EXPRESSIONS = {
    "customer": "coalesce(c.code, '#' || c.id)",
    "name": "c.name",
    "value_tier": "t.value_tier",
    "r": f"CASE WHEN {_BUYER} THEN t.r END",
    "f": f"CASE WHEN {_BUYER} THEN t.f END",
    "m": f"CASE WHEN {_BUYER} THEN t.m END",
    "rfm_segment": _case("t.rfm_segment", {s.value: s.en.replace("'", "''") for s in RfmSegment}),
    "rfm8": _case("t.rfm8", {c.value: c.zh for c in Rfm8}),
    "stage": "t.stage",
    "role": "t.role",
    "score": "t.score",
    "quadrant": "t.quadrant",
    # Cents / 100.0 is the float Python's round(cents / 100, 2) gives (both divide two
    # doubles, and rounding that quotient to 2 places gives it back): no pass in Python.
    "revenue": "(s.revenue_cents - s.refunded_cents) / 100.0",
    "value": "t.value_cents / 100.0",
    "orders": "s.orders",
    "recency_days": f"CASE WHEN {_BUYER} THEN t.recency_days END",
    "last_purchase": "date(s.last_purchase)",
    "p_alive": "p.p_alive",
    "expected_purchases_90": "p.expected_90",
    "clv": "p.clv_cents / 100.0",
    "churn_risk": "p.churn_risk",
}
_FROM = """
FROM customers c JOIN stats s ON s.customer_id = c.id JOIN tiers t ON t.customer_id = c.id
LEFT JOIN predictions p ON p.customer_id = c.id
WHERE c.archived = 0 ORDER BY c.id
"""
# Kept unrounded; shown as the fresh computation rounds them (tier_rows).
_ROUNDED = {"p_alive": 4, "expected_purchases_90": 3}


def read(
    conn: sqlite3.Connection,
    as_of: str,
    ids: Sequence[int] | None = None,
    keys: Collection[str] = KEYS,
) -> Columns | None:
    """Every active customer's row as of `as_of` from the kept tables (or only the customers
    `ids`, in that order: a saved view's), or None when they are not a full pass of that
    day, or the stats and predictions are not as of it. The caller reads in one
    transaction (or under the book's lock). `keys`: only these of KEYS (the table shows
    fewer than the JSON)."""
    if exact_day(conn) != as_of:
        return None
    last, stale = conn.execute(
        "SELECT (SELECT max(last_purchase) FROM stats),"
        " (SELECT count(*) FROM predictions WHERE as_of != ?)",
        (as_of,),
    ).fetchone()
    if (last is not None and last > as_of) or stale:
        return None  # the stats are all-time (a purchase after the day), predictions older
    by_id = ids is not None or "fields" in keys
    wanted = [*(["id"] if by_id else []), *(key for key in _EXPRESSIONS if key in keys)]
    select = ", ".join("c.id" if key == "id" else _EXPRESSIONS[key] for key in wanted)
    rows = conn.execute(f"SELECT {select} {_FROM}").fetchall()
    columns: Columns = dict(
        zip(wanted, zip(*rows, strict=True) if rows else [()] * len(wanted), strict=True)
    )
    del rows
    for key in _ROUNDED.keys() & columns.keys():
        places = _ROUNDED[key]
        columns[key] = [None if v is None else round(v, places) for v in columns[key]]
    customer_ids = columns.pop("id", ())
    if "fields" in keys:
        custom = custom_fields(conn)
        columns["fields"] = [custom.get(i, {}) for i in customer_ids]
    return columns if ids is None else pick(columns, customer_ids, ids)


@dataclass(frozen=True, slots=True)
class KeptTiers:
    columns: Columns
    tier_names: dict[str, str]  # the rules' own names of the value tiers
    other_writers: bool  # another live process has the book open for writing


def read_file(
    path: Path, as_of: str, keys: Collection[str] = KEYS, key: BookKey | None = None
) -> KeptTiers | None:
    """`read` from the book at `path` (an encrypted one under `key`), opened with the
    driver alone; None when the kept tiers will not do, or the file cannot be read this
    way (missing, locked, read-only, damaged, a wrong key): the caller then opens the book,
    which says why or brings the tiers to the day."""

    def read_kept(conn: sqlite3.Connection) -> tuple[Columns | None, str | None]:
        columns = read(conn, as_of, keys=keys)
        rules = conn.execute("SELECT value FROM meta WHERE key = 'rules'").fetchone()
        return columns, rules[0] if rules else None

    found = in_one_state(path, read_kept, key)  # the record and the rows from one state
    if found is None:
        return None
    (columns, rules), others = found
    if columns is None:
        return None
    names = json.loads(rules).get("tier_names", {}) if rules else {}
    return KeptTiers(columns, names, others)


def pick(columns: Columns, customer_ids: Sequence[int], ids: Sequence[int]) -> Columns:
    """The rows of the customers `ids`, in that order (ids not among the rows left out)."""
    at = {customer_id: k for k, customer_id in enumerate(customer_ids)}
    positions = [at[i] for i in ids if i in at]
    return {key: [values[k] for k in positions] for key, values in columns.items()}


def custom_fields(conn: sqlite3.Connection) -> dict[int, dict[str, Any]]:
    """Each customer's custom field values for JSON, keyed by the field's English label
    (the fields' modules load only for a book that has fields)."""
    if not conn.execute("SELECT 1 FROM custom_fields WHERE removed_at IS NULL").fetchone():
        return {}
    from xiaoben.models.fields import value_json
    from xiaoben.store import fields as field_sql

    known = {f.id: f for f in field_sql.definitions(conn) if f.id is not None}
    if not known:
        return {}
    return {
        customer_id: {known[fid].label_en: value_json(value) for fid, value in values.items()}
        for customer_id, values in field_sql.all_values(conn, known).items()
    }
