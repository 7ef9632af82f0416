"""The Book's verbs of the purchase model: fit it (a seller's command, or due by the rules),
read the stored model and a customer's predictions, keep predictions current on saves.

Mixed into Book (store/book.py). The fit itself runs without the book's lock: its input
is read under the lock, its result written in one short transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING

from xiaoben.models.errors import BookError
from xiaoben.models.rules import Rules
from xiaoben.store import purchase_model as model_sql
from xiaoben.store.driver import sqlite3
from xiaoben.store.groups import Group, LensGroups, Member
from xiaoben.tiering.purchase_model import Outlook, PurchaseModel

CHURN_LENS = "churn_risk"


class ModelVerbs:
    conn: sqlite3.Connection
    _lock: threading.RLock
    if TYPE_CHECKING:

        def today(self) -> date: ...
        def rules(self) -> Rules: ...
        def _transaction(self, *, keeps_tiers: bool = False) -> AbstractContextManager[None]: ...
        def _forget_queue_rows(self) -> None: ...

        _notify: Callable[[], None]

    def fit_model(self, until: date | None = None, unit: str = "week") -> PurchaseModel:
        """Fit the model on the book as of `until` (default today) and return it; the fit
        on today's book in weeks is also kept, with everyone's predictions. Raises
        BookError when the book has too little data or the fit does not converge."""
        as_of = until or self.today()
        with self._lock:
            people = model_sql.histories(self.conn, as_of)
            purchases = model_sql.purchase_count(self.conn)
        from xiaoben.tiering import purchase_model

        fitted = purchase_model.fit(people, as_of, unit, purchases)
        if as_of == self.today() and unit == "week" and not getattr(self, "read_only", False):
            with self._transaction(keeps_tiers=True):  # the model and predictions only
                model_sql.keep(self.conn, fitted, self.rules())
            self._notify()
        return fitted

    def purchase_model(self) -> PurchaseModel | None:
        """The kept model (None: never fitted)."""
        with self._lock:
            return model_sql.stored_model(self.conn)

    def model_problem(self) -> BookError | None:
        """Why the last fit the book tried gave no model, if it did not."""
        with self._lock:
            return model_sql.model_problem(self.conn)

    def prediction(self, customer_id: int) -> Outlook | None:
        """P(alive), expected purchases in 90 days, spend, CLV (cents) and churn risk of a
        buyer as of the kept predictions' day; None without a model or for non-buyers."""
        with self._lock:
            return model_sql.prediction_of(self.conn, customer_id)

    def churn_groups(self) -> LensGroups:
        """The churn-risk lens: alive / fading / lost buyers by the kept predictions, with
        their share of the predicted buyers and of the book's net revenue."""
        with self._lock:
            rows = model_sql.churn_groups(self.conn)
            (revenue,) = self.conn.execute(
                "SELECT coalesce(sum(s.net_revenue_cents), 0) FROM stats s"
                " JOIN customers c ON c.id = s.customer_id AND c.archived = 0"
            ).fetchone()
            (customers,) = self.conn.execute(
                "SELECT count(*) FROM customers WHERE archived = 0"
            ).fetchone()
        placed = sum(count for _, count, _ in rows)
        groups = tuple(Group.of(key, count, cents, placed, revenue) for key, count, cents in rows)
        return LensGroups(CHURN_LENS, groups, placed, int(customers), int(revenue))

    def churn_size(self, key: str) -> int:
        with self._lock:
            return model_sql.churn_size(self.conn, key)

    def churn_members(
        self, key: str, offset: int = 0, limit: int = 200, order: str = "lens"
    ) -> list[Member]:
        """A churn-risk group's customers, the most value at stake first (or in
        groups.MEMBER_ORDERS' `order`)."""
        with self._lock:
            rows = model_sql.churn_members(self.conn, key, offset, limit, order)
        return [Member(*row) for row in rows]

    def _predict_saved(self, customer_ids: Iterable[int]) -> None:
        """After a save: the saved customers' predictions with the kept parameters."""
        model = model_sql.stored_model(self.conn)
        if model is not None:
            model_sql.write_predictions(self.conn, model, self.rules(), self.today(), customer_ids)

    def _refresh_model(self, everyone: bool = False, within: bool = False) -> bool:
        """Refit when the rules say so (without the lock during the fit), else bring
        everyone's predictions to today (`everyone`: also when they are of today, after a
        bulk change). Called by recompute, the background pass and imports; True when
        predictions were written. `within`: called by a write's follow-up, inside that
        write's transaction, under its lock: the model's rows join the transaction without
        a savepoint of their own (inside a million-row import's transaction, a savepoint
        made writing 88,000 predictions 6× slower: 6.6 s of CPU against 1.1 s), and the
        fit's input is read once (no other write can land between the fit and its rows)."""
        today, rules = self.today(), self.rules()
        with self._lock:
            due = model_sql.fit_due(self.conn, today, rules)
            if due:
                people = model_sql.histories(self.conn, today)
                purchases = model_sql.purchase_count(self.conn)
        fitted: PurchaseModel | BookError | None = None
        if due:
            from xiaoben.tiering import purchase_model

            try:
                fitted = purchase_model.fit(people, today, "week", purchases)
            except BookError as problem:
                fitted = problem
        writing = self._lock if within else self._transaction(keeps_tiers=True)
        with writing:  # predictions only
            if isinstance(fitted, PurchaseModel):
                model_sql.keep(self.conn, fitted, rules, people if within else None)
                written = True
            else:
                if fitted is not None:
                    model_sql.keep_problem(self.conn, fitted, today, purchases)
                written = model_sql.refresh_predictions(self.conn, today, rules, everyone)
            if written:  # the queue's rows carry the model's figures
                self._forget_queue_rows()
        return written
