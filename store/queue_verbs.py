"""The Book's follow-up queue verbs: the queue, its items, and done, snooze, skip, undo.

Mixed into Book (store/book.py), whose lock, transactions and clock they use. The SQL
is store/followups.py, the arithmetic tiering/followup.py.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from xiaoben.models.enums import InteractionKind, QueueAction, Reason
from xiaoben.models.errors import BookError
from xiaoben.models.followup import FollowUp, parse_item_key
from xiaoben.models.i18n import Lang, current_language, t
from xiaoben.models.interaction import Interaction
from xiaoben.models.rules import Rules
from xiaoben.store import followups, frame_edits, records
from xiaoben.store.driver import sqlite3
from xiaoben.store.stats import has_records_after, load_frame
from xiaoben.store.tiercache import TierCache
from xiaoben.tiering import compute
from xiaoben.tiering.followup import Handled, Queue, QueueInputs, build_queue

if TYPE_CHECKING:
    from xiaoben.store.book import Touched

# The kind of contact a done item logs.
_DONE_KIND = {
    Reason.BIRTHDAY: InteractionKind.GREETING,
    Reason.HOLIDAY: InteractionKind.GREETING,
    Reason.AT_RISK: InteractionKind.CALL,
}


class QueueVerbs:
    """The follow-up queue of a Book; keeps the queue's all-time columns in memory."""

    _queue_rows: QueueInputs | None = None  # every active customer's, by id, when loaded

    # What the verbs use of the Book they are mixed into.
    conn: sqlite3.Connection
    _lock: threading.RLock
    _tiers: TierCache
    if TYPE_CHECKING:

        def today(self) -> date: ...
        def now(self) -> datetime: ...
        def rules(self) -> Rules: ...
        def _stamp(self) -> str: ...
        def _check_other_writers(self) -> None: ...
        def _transaction(self) -> AbstractContextManager[None]: ...
        def _write(self) -> AbstractContextManager[Touched]: ...
        def _notify(self) -> None: ...

    def queue(self, as_of: date | None = None, days: int = 7) -> Queue:
        """Whom to contact by `as_of` + `days` (overdue included), in display order."""
        as_of = as_of or self.today()
        with self._lock:
            self._check_other_writers()
            rules = self.rules()
            if as_of == self.today() and not has_records_after(self.conn, as_of):
                if self._queue_rows is None:
                    self._queue_rows = followups.load_rows(self.conn)
                inputs, tiers = self._queue_rows, self._tiers.queue_tiers()
            else:
                inputs = followups.load_as_of(self.conn, as_of)
                tiers = compute(load_frame(self.conn, as_of), rules, as_of)
            inputs = followups.with_tiers(inputs, tiers)
            reminders = followups.load_reminders(self.conn)
            moves = followups.load_moves(self.conn, as_of, rules.tier_change_days)
            handled = followups.load_handled(self.conn)
        return build_queue(inputs, reminders, moves, handled, rules, as_of, days)

    def follow_ups(
        self, queue: Queue, start: int = 0, stop: int | None = None, lang: Lang | None = None
    ) -> list[FollowUp]:
        """Items [start, stop) of a queue with names, details and message drafts."""
        end = len(queue) if stop is None else stop
        with self._lock:
            return followups.materialise(
                self.conn, queue, start, end, self.rules(), lang or current_language()
            )

    def follow_up(self, key: str, as_of: date | None = None, lang: Lang | None = None) -> FollowUp:
        """One item by its key (customer:reason:occurrence), if it is in the queue."""
        customer_id, reason, occurrence = parse_item_key(key)
        queue = self.queue(as_of, days=366)
        at = queue.position(customer_id, reason, occurrence)
        if at < 0:
            raise BookError("followup.no_item", key=key)
        return self.follow_ups(queue, at, at + 1, lang)[0]

    def mark_done(self, key: str, note: str = "", as_of: date | None = None) -> Interaction:
        """Done: log the contact (which restarts the cadence) and never show the item again."""
        item = self.follow_up(key, as_of)
        day = as_of or self.today()
        when = self.now() if day == self.today() else datetime.combine(day, time(12))
        words = t("followup.interaction_note", None, reason=item.reason.label(), detail=item.detail)
        contact = Interaction(
            customer_id=item.customer_id,
            at=when,
            kind=_DONE_KIND.get(item.reason, InteractionKind.MESSAGE),
            note=f"{words}\n{note.strip()}" if note.strip() else words,
        )
        with self._write() as touched:
            interaction_id = records.insert(self.conn, "interactions", contact, self._stamp())
            followups.record(
                self.conn,
                item.customer_id,
                item.reason,
                item.occurrence,
                QueueAction.DONE,
                self._stamp(),
                interaction_id=interaction_id,
                note=note.strip(),
            )
            self._close_reminder(item.reason, item.occurrence, done=True)
            touched.add(item.customer_id)
            return records.fetch(self.conn, "interactions", interaction_id)

    def snooze(self, key: str, until: date, as_of: date | None = None) -> FollowUp:
        """Snooze: the item comes back on `until` (a day after today)."""
        day = as_of or self.today()
        if until <= day:
            raise BookError("followup.snooze_past", today=day.isoformat(), until=until.isoformat())
        item = self.follow_up(key, as_of)
        with self._transaction():
            followups.record(
                self.conn,
                item.customer_id,
                item.reason,
                item.occurrence,
                QueueAction.SNOOZED,
                self._stamp(),
                until=until,
            )
        self._notify()
        return item

    def skip(self, key: str, as_of: date | None = None) -> FollowUp:
        """Skip: not this time; the reason comes back at its next occurrence."""
        item = self.follow_up(key, as_of)
        with self._transaction():
            followups.record(
                self.conn,
                item.customer_id,
                item.reason,
                item.occurrence,
                QueueAction.SKIPPED,
                self._stamp(),
                until=as_of or self.today(),  # the day skipped: a cadence restarts from it
            )
            self._close_reminder(item.reason, item.occurrence, done=True)
        self._notify()
        return item

    def reopen(self, key: str) -> None:
        """Undo done, snooze or skip: the item is back; a done item's contact is deleted."""
        customer_id, reason, occurrence = parse_item_key(key)
        with self._write() as touched:
            found = followups.handled_row(self.conn, customer_id, reason, occurrence)
            if found is None:
                raise BookError("followup.not_handled", key=key)
            followups.forget(self.conn, customer_id, reason, occurrence)
            action, interaction_id = found
            if action == QueueAction.DONE and interaction_id is not None:
                records.delete(self.conn, "interactions", interaction_id, None)
            self._close_reminder(reason, occurrence, done=False)
            touched.add(customer_id)

    def _close_reminder(self, reason: Reason, occurrence: int, *, done: bool) -> None:
        if reason is Reason.REMINDER:
            self.conn.execute(
                "UPDATE reminders SET done = ?, version = version + 1 WHERE id = ?",
                (int(done), occurrence),
            )

    def handled(self) -> Handled:
        """Every item the seller handled (done, snoozed or skipped), for undo."""
        with self._lock:
            return followups.load_handled(self.conn)

    # ---- the cached columns, patched by the Book's writes ------------------------------

    def _patch_queue_rows(self, customer_ids: Iterable[int]) -> None:
        """Bring the cached columns up to date for customers whose stats just changed."""
        changed = set(customer_ids)
        if self._queue_rows is None or not changed:
            return
        fresh = followups.load_rows(self.conn, changed)
        gone = changed - set(fresh.customer_id.tolist())  # archived or forgotten
        self._queue_rows = frame_edits.drop(frame_edits.upsert(self._queue_rows, fresh), gone)

    def _forget_queue_rows(self) -> None:
        self._queue_rows = None
