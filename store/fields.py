"""SQL of custom fields: definitions, each customer's values and their search keys.

Values live in `field_values` (one typed row per value, per option for several choices),
keyed by field first so a filter is an index walk; `field_keys` holds the search keys of
text and choice values. The Book (store/field_verbs.py) runs these in its transactions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from xiaoben.models.errors import BookError
from xiaoben.models.fields import FieldDef, FieldKind, Value, value_json
from xiaoben.models.i18n import field_key
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.columns import field_of, is_own_column
from xiaoben.store.search import normalise_query

_DEF_COLUMNS = "id, kind, label_zh, label_en, required, options, position, in_list"


def _definition(row: tuple[Any, ...]) -> FieldDef:
    field_id, kind, label_zh, label_en, required, options, position, in_list = row
    return FieldDef.model_construct(
        id=field_id,
        kind=FieldKind(kind),
        label_zh=label_zh,
        label_en=label_en,
        required=bool(required),
        options=json.loads(options),
        position=position,
        in_list=bool(in_list),
    )


def definitions(conn: sqlite3.Connection, removed: bool = False) -> list[FieldDef]:
    """The fields in the form's order (removed=True: the removed ones instead)."""
    which = "IS NOT NULL" if removed else "IS NULL"
    return [
        _definition(row)
        for row in conn.execute(
            f"SELECT {_DEF_COLUMNS} FROM custom_fields WHERE removed_at {which}"
            " ORDER BY position, id"
        )
    ]


def definition(conn: sqlite3.Connection, field_id: int) -> FieldDef:
    row = conn.execute(
        f"SELECT {_DEF_COLUMNS} FROM custom_fields WHERE id = ? AND removed_at IS NULL",
        (field_id,),
    ).fetchone()
    if row is None:
        raise BookError("store.field_unknown", key=field_id)
    return _definition(row)


def _check_labels(conn: sqlite3.Connection, field: FieldDef) -> None:
    """Two fields with one label could not be told apart in the form or an import."""
    clash = conn.execute(
        "SELECT label_zh, label_en FROM custom_fields WHERE removed_at IS NULL AND id IS NOT :id"
        " AND (lower(label_zh) IN (lower(:zh), lower(:en))"
        " OR lower(label_en) IN (lower(:zh), lower(:en)))",
        {"id": field.id, "zh": field.label_zh, "en": field.label_en},
    ).fetchone()
    if clash is not None:
        raise BookError("store.field_label_taken", label=f"{clash[0]} / {clash[1]}")


def _check_own_columns(field: FieldDef, old: FieldDef | None = None) -> None:
    """A new label may not be a header the export writes for one of its own columns (备注,
    notes): the field's column could not be told from it. A label the field already has
    stays (defined before this rule, it is read back by its place in the export)."""
    kept = {old.label_zh, old.label_en} if old is not None else set()
    for label in (field.label_zh, field.label_en):
        if label in kept:
            continue
        if is_own_column(label):
            raise BookError("store.field_label_builtin", label=label.strip())
        # 手机号, 收货人, 客户电话: an export imported into a book without the field (a new
        # laptop) would read its column as the phone or the name, not as the field. Another
        # person's or thing's (宝宝生日, 老公电话, 公司地址) is no field of ours: a label.
        read_as = field_of(label, "customers")
        if read_as is not None:
            raise BookError(
                "store.field_label_import", label=label.strip(), field=field_key(read_as)
            )


def insert(conn: sqlite3.Connection, field: FieldDef) -> int:
    _check_own_columns(field)
    _check_labels(conn, field)
    position = conn.execute(
        "SELECT coalesce(max(position), 0) + 1 FROM custom_fields WHERE removed_at IS NULL"
    ).fetchone()[0]
    cursor = conn.execute(
        "INSERT INTO custom_fields"
        " (kind, label_zh, label_en, required, options, position, in_list)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            field.kind.value,
            field.label_zh,
            field.label_en,
            int(field.required),
            json.dumps(field.options, ensure_ascii=False),
            position,
            int(field.in_list),
        ),
    )
    return int(cursor.lastrowid or 0)


def update(conn: sqlite3.Connection, field: FieldDef) -> None:
    """New labels, required flag or options; the kind stays (values are typed by it), and
    an option still chosen by a customer cannot be taken away."""
    assert field.id is not None
    old = definition(conn, field.id)
    if field.kind is not old.kind:
        raise BookError("store.field_kind_fixed", label=old.label())
    _check_own_columns(field, old)
    _check_labels(conn, field)
    for option in set(old.options) - set(field.options):
        used = conn.execute(
            "SELECT count(*) FROM field_values WHERE field_id = ? AND value = ?",
            (field.id, option),
        ).fetchone()[0]
        if used:
            raise BookError("store.field_option_used", option=option, count=used)
    conn.execute(
        "UPDATE custom_fields SET label_zh = ?, label_en = ?, required = ?, options = ?,"
        " in_list = ? WHERE id = ?",
        (
            field.label_zh,
            field.label_en,
            int(field.required),
            json.dumps(field.options, ensure_ascii=False),
            int(field.in_list),
            field.id,
        ),
    )


def move(conn: sqlite3.Connection, field_id: int, step: int) -> None:
    """Move a field `step` places up (negative) or down the form."""
    order = [f.id for f in definitions(conn)]
    if field_id not in order:
        raise BookError("store.field_unknown", key=field_id)
    at = order.index(field_id)
    to = max(0, min(len(order) - 1, at + step))
    order.insert(to, order.pop(at))
    conn.executemany(
        "UPDATE custom_fields SET position = ? WHERE id = ?",
        [(place, fid) for place, fid in enumerate(order, start=1)],
    )


def remove(conn: sqlite3.Connection, field_id: int, stamp: str) -> None:
    """Hide a field and its values (kept for an undo); its keys leave search at once."""
    definition(conn, field_id)
    conn.execute("UPDATE custom_fields SET removed_at = ? WHERE id = ?", (stamp, field_id))
    conn.execute("DELETE FROM field_keys WHERE field_id = ?", (field_id,))


def restore(conn: sqlite3.Connection, field_id: int) -> None:
    row = conn.execute(
        "SELECT 1 FROM custom_fields WHERE id = ? AND removed_at IS NOT NULL", (field_id,)
    ).fetchone()
    if row is None:
        raise BookError("store.field_unknown", key=field_id)
    _check_labels(conn, _definition_any(conn, field_id))
    position = conn.execute(
        "SELECT coalesce(max(position), 0) + 1 FROM custom_fields WHERE removed_at IS NULL"
    ).fetchone()[0]
    conn.execute(
        "UPDATE custom_fields SET removed_at = NULL, position = min(position, ?) WHERE id = ?",
        (position, field_id),
    )
    field = definition(conn, field_id)
    if field.searchable:
        rows = conn.execute(
            "SELECT value, customer_id FROM field_values WHERE field_id = ?", (field_id,)
        ).fetchall()
        conn.executemany(
            "INSERT OR IGNORE INTO field_keys (key, customer_id, field_id) VALUES (?, ?, ?)",
            [(normalise_query(text), customer_id, field_id) for text, customer_id in rows],
        )


def _definition_any(conn: sqlite3.Connection, field_id: int) -> FieldDef:
    row = conn.execute(f"SELECT {_DEF_COLUMNS} FROM custom_fields WHERE id = ?", (field_id,))
    return _definition(row.fetchone())


def purge_removed(conn: sqlite3.Connection, before: str) -> int:
    """Erase the fields removed before `before` (a stamp) with their values."""
    cursor = conn.execute(
        "DELETE FROM custom_fields WHERE removed_at IS NOT NULL AND removed_at < ?", (before,)
    )
    return cursor.rowcount


def usage(conn: sqlite3.Connection, field_id: int) -> int:
    return int(
        conn.execute(
            "SELECT count(DISTINCT customer_id) FROM field_values WHERE field_id = ?", (field_id,)
        ).fetchone()[0]
    )


# ---- values ----------------------------------------------------------------------------


def rows_of(field: FieldDef, value: Value) -> list[tuple[str, float | None]]:
    """(value, number) rows of one stored value."""
    if isinstance(value, bool):
        return [("1" if value else "0", 1.0 if value else 0.0)]
    if isinstance(value, Decimal):
        return [(str(value), float(value))]
    if isinstance(value, list):
        return [(option, None) for option in value]
    return [(value, None)]


def values_differ(
    conn: sqlite3.Connection,
    customer_id: int,
    fields: Mapping[int, FieldDef],
    values: Mapping[int, Value | None],
) -> bool:
    """Whether write_values would change what the customer has for these fields."""
    for field_id, value in values.items():
        stored = set(
            conn.execute(
                "SELECT value, number FROM field_values INDEXED BY field_values_by_customer"
                " WHERE customer_id = ? AND field_id = ?",
                (customer_id, field_id),
            )
        )
        if stored != (set() if value is None else set(rows_of(fields[field_id], value))):
            return True
    return False


def write_values(
    conn: sqlite3.Connection,
    customer_id: int,
    fields: Mapping[int, FieldDef],
    values: Mapping[int, Value | None],
) -> None:
    """Replace the values of these fields for one customer (None: no value)."""
    for field_id, value in values.items():
        field = fields[field_id]
        # Without INDEXED BY the planner takes the primary key's field_id prefix and walks
        # every customer's value of the field (6× a save's time at 100k, measured).
        conn.execute(
            "DELETE FROM field_values INDEXED BY field_values_by_customer"
            " WHERE customer_id = ? AND field_id = ?",
            (customer_id, field_id),
        )
        conn.execute(
            "DELETE FROM field_keys WHERE customer_id = ? AND field_id = ?",
            (customer_id, field_id),
        )
        if value is None:
            continue
        rows = rows_of(field, value)
        conn.executemany(
            "INSERT OR IGNORE INTO field_values (field_id, value, customer_id, number)"
            " VALUES (?, ?, ?, ?)",
            [(field_id, text, customer_id, number) for text, number in rows],
        )
        if field.searchable:
            conn.executemany(
                "INSERT OR IGNORE INTO field_keys (key, customer_id, field_id) VALUES (?, ?, ?)",
                [(normalise_query(text), customer_id, field_id) for text, _ in rows],
            )


def _value(field: FieldDef, texts: list[str]) -> Value:
    if field.kind is FieldKind.CHOICES:
        return [option for option in field.options if option in texts] + sorted(
            set(texts) - set(field.options)
        )
    text = texts[0]
    if field.kind is FieldKind.NUMBER:
        return Decimal(text)
    if field.kind is FieldKind.YES_NO:
        return text == "1"
    return text


def values_of(
    conn: sqlite3.Connection, customer_ids: Iterable[int], fields: Mapping[int, FieldDef]
) -> dict[int, dict[int, Value]]:
    """customer id -> field id -> value, for the fields given (the live ones)."""
    found: dict[int, dict[int, list[str]]] = {}
    for customer_id, field_id, text in conn.execute(
        "SELECT customer_id, field_id, value FROM field_values"
        " WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY customer_id, field_id",
        (json.dumps(list(customer_ids)),),
    ):
        if field_id in fields:
            found.setdefault(customer_id, {}).setdefault(field_id, []).append(text)
    return {
        customer_id: {fid: _value(fields[fid], texts) for fid, texts in by_field.items()}
        for customer_id, by_field in found.items()
    }


def all_values(
    conn: sqlite3.Connection, fields: Mapping[int, FieldDef]
) -> dict[int, dict[int, Value]]:
    """Every customer's values of these fields (for an export: one pass over the table)."""
    found: dict[int, dict[int, list[str]]] = {}
    for customer_id, field_id, text in conn.execute(
        "SELECT customer_id, field_id, value FROM field_values ORDER BY field_id, value"
    ):
        if field_id in fields:
            found.setdefault(customer_id, {}).setdefault(field_id, []).append(text)
    return {
        customer_id: {fid: _value(fields[fid], texts) for fid, texts in by_field.items()}
        for customer_id, by_field in found.items()
    }


def by_label(
    fields: Mapping[int, FieldDef], values: Mapping[int, Mapping[int, Value]]
) -> dict[int, dict[str, Any]]:
    """customer id -> the English label -> the value as JSON, the form of every --json."""
    return {
        customer_id: {fields[fid].label_en: value_json(value) for fid, value in found.items()}
        for customer_id, found in values.items()
    }
