"""The column mappings a seller chose on import, remembered per kind and header set.

A mapping is the seller's word over the synonym table (header text -> field, or IGNORE),
kept in the book's meta table under a key made of the file's normalised header set, so
the next file with the same columns (in any order, spelt with other spaces or case) is
proposed the same reading. A column may be mapped to one of the book's custom fields
(custom.7). What is stored is checked again when read: a column the header no longer has,
or a field that no longer exists (a custom field removed since), is left out. Beside it, the
order the seller said a purchases file's slashed dates are written in (03/05/2024: the Import
screen's date order), for the next file of those headers whose dates cannot tell.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence

from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.columns import IGNORE, Kind, column_key, field_names
from xiaoben.store.importing.date_order import DATE_ORDERS, DateOrder

_PREFIX = "import_map"


def header_set(header: Sequence[str]) -> str:
    """The header as remembered: its named columns' keys, sorted, once each."""
    return "\x1f".join(sorted({column_key(text) for text in header if text.strip()}))


def meta_key(kind: Kind, header: Sequence[str]) -> str:
    digest = hashlib.sha256(header_set(header).encode()).hexdigest()[:24]
    return f"{_PREFIX}.{kind}.{digest}"


def usable(
    kind: Kind, header: Sequence[str], mapping: Mapping[str, str], custom: Iterable[str] = ()
) -> dict[str, str]:
    """The entries of `mapping` that name a column of `header` and a field of `kind` (or,
    for customers, one of the book's `custom` fields by its key: custom.7)."""
    columns = {column_key(text) for text in header if text.strip()}
    fields = {*field_names(kind), IGNORE, *(custom if kind == "customers" else ())}
    return {
        column: field
        for column, field in mapping.items()
        if column_key(column) in columns and field in fields
    }


def _custom_keys(conn: sqlite3.Connection) -> set[str]:
    """The keys of the book's custom fields in use (custom.7): a column mapped to one is
    remembered as other fields are; one removed since is left out when read."""
    rows = conn.execute("SELECT id FROM custom_fields WHERE removed_at IS NULL")
    return {f"custom.{field_id}" for (field_id,) in rows}


def _stored(conn: sqlite3.Connection, kind: Kind, header: Sequence[str]) -> dict[str, object]:
    """What is remembered for files of `kind` with this header set (empty: nothing)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (meta_key(kind, header),)).fetchone()
    if row is None:
        return {}
    try:
        stored = json.loads(row[0])
    except ValueError:
        return {}
    if not isinstance(stored, dict) or stored.get("header_set") != header_set(header):
        return {}  # another header set under the same digest, or not ours
    return stored


def read_mapping(conn: sqlite3.Connection, kind: Kind, header: Sequence[str]) -> dict[str, str]:
    mapping = _stored(conn, kind, header).get("mapping")
    if not isinstance(mapping, dict):
        return {}
    given = {str(k): str(v) for k, v in mapping.items()}
    return usable(kind, header, given, _custom_keys(conn))


def read_date_order(
    conn: sqlite3.Connection, kind: Kind, header: Sequence[str]
) -> DateOrder | None:
    """The date order the seller said for the last file of these headers (None: none)."""
    order = _stored(conn, kind, header).get("date_order")
    return next((each for each in DATE_ORDERS if each == order), None)


def write_mapping(
    conn: sqlite3.Connection,
    kind: Kind,
    header: Sequence[str],
    mapping: Mapping[str, str],
    date_order: str | None = None,
) -> None:
    """Remember `mapping` for files of `kind` with this header set (an empty one forgets
    it), and `date_order` beside it (None: the one remembered stays)."""
    key = meta_key(kind, header)
    kept = usable(kind, header, mapping, _custom_keys(conn))
    order = date_order if date_order in DATE_ORDERS else read_date_order(conn, kind, header)
    if not kept and order is None:
        conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        return
    stored: dict[str, object] = {"header_set": header_set(header), "mapping": kept}
    if order is not None:
        stored["date_order"] = order
    value = json.dumps(stored, ensure_ascii=False)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
