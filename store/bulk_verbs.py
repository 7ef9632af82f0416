"""The Book's verbs for many customers at once: saved views of the list, and bulk changes
(a tag, a stage, archive, a contact, a reminder) with their one undo.

Mixed into Book (store/book.py), whose lock, transactions and clock they use. The SQL is
store/views.py and store/bulk.py.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING

import numpy as np

from xiaoben.models.bulk import AddTag, Archive, LogContact, RemoveTag, SetReminder, SetStage
from xiaoben.models.errors import BookError
from xiaoben.models.views import SavedView
from xiaoben.store import bulk, customer_list
from xiaoben.store import views as view_sql
from xiaoben.store.bulk import BulkDone, BulkPreview, BulkUndone
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.driver import sqlite3

if TYPE_CHECKING:
    from xiaoben.store.book import Touched
    from xiaoben.store.queue_verbs import PlannedDays

Action = AddTag | RemoveTag | SetStage | Archive | LogContact | SetReminder
CustomerIds = Iterable[int] | np.ndarray


class GroupVerbs:
    """Saved views and bulk changes of a Book."""

    conn: sqlite3.Connection
    _lock: threading.RLock
    if TYPE_CHECKING:

        def today(self) -> date: ...
        def now(self) -> datetime: ...
        def _stamp(self) -> str: ...
        def _transaction(self) -> AbstractContextManager[None]: ...
        def _write(self) -> AbstractContextManager[Touched]: ...
        def _notify(self) -> None: ...
        def next_planned(self) -> PlannedDays: ...

    # ---- saved views ------------------------------------------------------------------

    def views(self) -> list[SavedView]:
        """Every saved view, in the order they were saved."""
        with self._lock:
            return view_sql.all_views(self.conn)

    def view_named(self, name: str) -> SavedView:
        """The view of that name; BookError listing the saved views if there is none."""
        with self._lock:
            found = view_sql.named(self.conn, name)
            if found is not None:
                return found
            names = "、".join(view.name for view in view_sql.all_views(self.conn))
        if not names:
            raise BookError("store.view_none", name=name)
        raise BookError("store.view_unknown", name=name, names=names)

    def view_query(self, view: SavedView) -> ListQuery:
        """The list's query of a view, as of the book's today; BookError if it filters by a
        custom field that was removed (it is said, not dropped)."""
        with self._lock:
            view_sql.check_fields(self.conn, view)
        return view_sql.view_query(view, self.today())

    def only_view(self, words: str) -> SavedView:
        """`--only`'s words as an unsaved view (store/exporting/filters.py); BookError naming
        the word and the rule when one is bad."""
        from xiaoben.store.exporting.filters import only_view

        with self._lock:
            return only_view(self.conn, words)

    def view_ids(self, view: SavedView) -> list[int]:
        """The ids of the customers the view lists today, in its order."""
        query = self.view_query(view)
        if customer_list.uses_plan(query):
            planned = self.next_planned()
            with self._lock:
                customer_list.load_plan(self.conn, planned.customer_id, planned.day - planned.as_of)
        with self._lock:
            return customer_list.ordered_ids(self.conn, query).tolist()

    def save_view(self, view: SavedView) -> SavedView:
        """Save a new view (no id, or an id for an undo of its delete) or update one."""
        with self._transaction():
            if view.id is None or not self._view_exists(view.id):
                view_id = view_sql.insert(self.conn, view, self._stamp())
            else:
                view_id = view.id
                view_sql.update(self.conn, view, self._stamp())
            saved = view_sql.fetch(self.conn, view_id)
        self._notify()
        return saved

    def _view_exists(self, view_id: int) -> bool:
        found = self.conn.execute("SELECT 1 FROM views WHERE id = ?", (view_id,)).fetchone()
        return found is not None

    def rename_view(self, view_id: int, name: str) -> SavedView:
        with self._lock:
            view = view_sql.fetch(self.conn, view_id)
        return self.save_view(SavedView.model_validate({**view.model_dump(), "name": name}))

    def delete_view(self, view_id: int) -> SavedView:
        """Delete a view; returns it, so `save_view` of it puts it back (undo)."""
        with self._transaction():
            deleted = view_sql.delete(self.conn, view_id)
        self._notify()
        return deleted

    # ---- bulk changes -----------------------------------------------------------------

    def bulk_preview(self, ids: CustomerIds, action: Action) -> BulkPreview:
        """How many of the selected customers the change would change."""
        with self._lock:
            return bulk.preview(self.conn, ids, action)

    def bulk_change(self, ids: CustomerIds, action: Action) -> BulkDone:
        """Make the change to every selected customer in one transaction; stats and tiers
        follow once. Undo with `undo_bulk(done.token)`."""
        with self._write() as touched:
            done = bulk.apply(self.conn, ids, action, self.now(), self._stamp())
            if _moves_tiers(action):
                referrers = self._referrers(done.ids, action)
                touched.add(*done.ids, *referrers)
                touched.predictions_stay = True
                # Everyone's tiers in this transaction (not a background pass after it),
                # so the moves logged are the change's own, which its undo takes back.
                touched.everyone = True
                touched.after_follow_up.append(bulk.moves_logged(done.token))
                if isinstance(action, SetStage | Archive):
                    touched.stats_ids = set(referrers)
        if not _moves_tiers(action):
            self._notify()
        return done

    def undo_last_bulk(self) -> BulkUndone | None:
        """Undo the latest bulk change not undone yet, of the last KEPT the book keeps
        (None: there is none). Pressed again, the one before it: the book remembers them,
        not a screen, so a restart or a language switch loses none."""
        with self._lock:  # no other undo of this book between the look and the undo
            token = bulk.last_done(self.conn)
            return None if token is None else self.undo_bulk(token)

    def undo_bulk(self, token: int) -> BulkUndone:
        """Put back what change `token` did, except to customers edited since."""
        with self._write() as touched:
            undone = bulk.undo(self.conn, token, self._stamp())
            if undone.moves_tiers:
                # Referral counts leave out archived customers: only an archive moves them.
                archive = undone.column == "archived"
                referrers = self._referrers(undone.ids, None) if archive else []
                touched.add(*undone.ids, *referrers)
                touched.predictions_stay = True
                if undone.column in ("manual_stage", "archived"):
                    touched.stats_ids = set(referrers)
            if undone.moves_tiers or undone.unlogged:
                # The customers back among the tiered and those whose moves went are
                # logged against their history: the history reads as before the change.
                touched.add(*undone.unlogged, purchases=False)
                touched.history_ids |= {*undone.ids, *undone.unlogged}
                touched.everyone = True
        if not undone.moves_tiers:
            self._notify()
        return undone

    def _referrers(self, ids: list[int], action: Action | None) -> list[int]:
        """Whoever referred these customers (their referral counts follow an archive)."""
        if action is not None and not isinstance(action, Archive):
            return []
        rows = self.conn.execute(
            "SELECT DISTINCT referred_by FROM customers WHERE referred_by IS NOT NULL"
            " AND id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
        return [row[0] for row in rows]


def _moves_tiers(action: Action) -> bool:
    """Tags and reminders change no stats or tiers; stages, archives and contacts do."""
    return isinstance(action, SetStage | Archive | LogContact)
