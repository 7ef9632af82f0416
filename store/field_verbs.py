"""The Book's verbs of custom fields: define, rename, reorder, remove (and undo), and read
and write a customer's values. Mixed into Book (store/book.py); each verb one transaction.

Values are validated here against the book's definitions (models/fields.py): a bad value
is refused with every problem named by field and rule, and nothing is written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

from xiaoben.models.errors import BookError
from xiaoben.models.fields import FieldDef, Value, parse_values
from xiaoben.models.i18n import t
from xiaoben.store import fields as field_sql
from xiaoben.store.driver import sqlite3

if TYPE_CHECKING:
    from xiaoben.models.rules import Rules
    from xiaoben.store.tiercache import TierCache


class FieldValuesError(BookError):
    """Values that break their fields' rules: `problems` maps field id -> message."""

    def __init__(self, problems: Mapping[int, str]) -> None:
        self.problems = dict(problems)
        super().__init__("store.field_values", problems="; ".join(self.problems.values()))


class FieldVerbs:
    conn: sqlite3.Connection
    _lock: threading.RLock
    if TYPE_CHECKING:

        def _transaction(self) -> AbstractContextManager[None]: ...
        def _stamp(self) -> str: ...
        def today(self) -> date: ...
        def rules(self) -> Rules: ...

        _tiers: TierCache

        _notify: Callable[[], None]

    def fields(self, removed: bool = False) -> list[FieldDef]:
        """The seller's custom fields, in the form's order (removed=True: those removed
        today, which `restore_field` can bring back)."""
        with self._lock:
            return field_sql.definitions(self.conn, removed=removed)

    def field_usage(self, field_id: int) -> int:
        """How many customers have a value in this field."""
        with self._lock:
            return field_sql.usage(self.conn, field_id)

    def score_weight(self, field_id: int) -> float:
        """The field's weight in the weighted score (0: not a criterion)."""
        criterion = self.rules().field_criteria.get(field_id)
        return criterion.weight if criterion is not None else 0.0

    def removal_note(self, field: FieldDef) -> str:
        """What removing the field costs beyond its values: a word when the score counts it."""
        weight = self.score_weight(field.id or 0)
        return t("store.field_in_score", weight=f"{weight:g}") if weight > 0 else ""

    def _criteria_moved(self, field_id: int) -> None:
        """Inside a field's transaction: the score counts this field, so everyone's score
        changes with it (its removal, its return, new options)."""
        if self.score_weight(field_id) > 0:
            self._tiers.forget_stats()
            self._tiers.recompute(self.today(), self.rules())

    def field_map(self) -> dict[int, FieldDef]:
        return {field.id: field for field in self.fields() if field.id is not None}

    def add_field(self, field: FieldDef) -> FieldDef:
        """Define a new field (placed last in the form)."""
        with self._transaction():
            field_id = field_sql.insert(self.conn, field)
            saved = field_sql.definition(self.conn, field_id)
        self._notify()
        return saved

    def update_field(self, field: FieldDef) -> FieldDef:
        """New labels (a rename keeps every value), required flag or options."""
        assert field.id is not None  # an update is of a defined field
        with self._transaction():
            old = field_sql.definition(self.conn, field.id)
            field_sql.update(self.conn, field)
            saved = field_sql.definition(self.conn, field.id)
            if saved.options != old.options:  # a choice's points are kept by option
                self._criteria_moved(field.id)
        self._notify()
        return saved

    def move_field(self, field_id: int, step: int) -> None:
        with self._transaction():
            field_sql.move(self.conn, field_id, step)
        self._notify()

    def remove_field(self, field_id: int) -> FieldDef:
        """Take a field out of the form, list, search and exports; its values are kept
        until the book is next opened on a later day, so `restore_field` can undo this."""
        with self._transaction():
            removed = field_sql.definition(self.conn, field_id)
            field_sql.remove(self.conn, field_id, self._stamp())
            self._criteria_moved(field_id)
        self._notify()
        return removed

    def restore_field(self, field_id: int) -> FieldDef:
        """Undo `remove_field`: the field and its values come back."""
        with self._transaction():
            field_sql.restore(self.conn, field_id)
            restored = field_sql.definition(self.conn, field_id)
            self._criteria_moved(field_id)
        self._notify()
        return restored

    def field_values(self, customer_id: int) -> dict[int, Value]:
        """One customer's values, by field id (fields without a value left out)."""
        with self._lock:
            found = field_sql.values_of(self.conn, [customer_id], self.field_map())
        return found.get(customer_id, {})

    def field_values_of(self, customer_ids: list[int]) -> dict[int, dict[int, Value]]:
        with self._lock:
            return field_sql.values_of(self.conn, customer_ids, self.field_map())

    def field_values_json(self, customer_ids: list[int]) -> dict[int, dict[str, Any]]:
        """These customers' values keyed by the fields' English labels, as every --json
        output carries them (a customer without values: absent)."""
        with self._lock:
            known = self.field_map()
            if not known:
                return {}
            return field_sql.by_label(known, field_sql.values_of(self.conn, customer_ids, known))

    def check_field_values(
        self, raw: Mapping[int, object], *, partial: bool = False
    ) -> dict[int, Value | None]:
        """The values to store for what was typed (field id -> text or value); raises
        FieldValuesError naming each bad one. partial=True: only the fields in `raw` are
        checked (an import of some columns), so a required field left out is no problem."""
        fields = self.field_map()
        unknown = sorted(set(raw) - set(fields))
        if unknown:
            raise BookError("store.field_unknown", key=unknown[0])
        if partial:
            fields = {fid: field for fid, field in fields.items() if fid in raw}
        values, problems = parse_values(fields, raw)
        if problems:
            raise FieldValuesError(problems)
        return values

    def _purge_removed_fields(self) -> None:
        """Fields removed before today are gone for good: an undo was offered that day."""
        with self._lock:
            if (
                self.conn.execute(
                    "SELECT 1 FROM custom_fields WHERE removed_at IS NOT NULL LIMIT 1"
                ).fetchone()
                is None
            ):
                return
        with self._transaction():
            field_sql.purge_removed(self.conn, self.today().isoformat())

    def _write_field_values(self, customer_id: int, values: Mapping[int, Value | None]) -> None:
        """Inside a save's transaction: these fields' values for one customer."""
        field_sql.write_values(self.conn, customer_id, self.field_map(), values)
