"""The Book's follow-up queue verbs: the queue, its items, and done, snooze, skip, undo.

Mixed into Book (store/book.py), whose lock, transactions and clock they use. The SQL
is store/followups.py, the arithmetic tiering/followup.py.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

import numpy as np

from xiaoben.models.enums import InteractionKind, QueueAction, Reason
from xiaoben.models.errors import BookError
from xiaoben.models.followup import (
    SNOOZE_DAYS_MAX,
    FollowUp,
    item_key,
    parse_item_key,
    snooze_too_far,
)
from xiaoben.models.i18n import Lang, current_language, t
from xiaoben.models.interaction import Interaction
from xiaoben.models.rules import Rules
from xiaoben.store import followups, frame_edits, records
from xiaoben.store.criteria import criterion_fields
from xiaoben.store.driver import sqlite3
from xiaoben.store.stats import has_records_after, load_frame
from xiaoben.store.tiercache import TierCache
from xiaoben.tiering.compute import compute
from xiaoben.tiering.followup import (
    Handled,
    Queue,
    QueueInputs,
    Reminders,
    TierMoves,
    build_queue,
    lapse_states_of,
)
from xiaoben.tiering.frame import epoch_day, from_epoch_day, locate
from xiaoben.tiering.lapse import DORMANT

if TYPE_CHECKING:
    from xiaoben.store.book import Touched

# The kind of contact a done item logs.
_DONE_KIND = {
    Reason.BIRTHDAY: InteractionKind.GREETING,
    Reason.HOLIDAY: InteractionKind.GREETING,
    Reason.AT_RISK: InteractionKind.CALL,
    Reason.GIFT: InteractionKind.GIFT,
    Reason.WIN_BACK: InteractionKind.CALL,
}
PLAN_DAYS = 366  # the window of the plan read per customer (`next_planned`), and of item look-ups


@dataclass(frozen=True, slots=True)
class PlannedDays:
    """Each customer's next planned queue item (epoch days), ids ascending; customers with
    nothing in the queue within PLAN_DAYS are absent. `due` is that item's due day (before
    `as_of`: it is overdue)."""

    customer_id: np.ndarray
    day: np.ndarray
    due: np.ndarray
    as_of: int  # the epoch day the plan was made for
    planned_today: int = 0  # items in today's plan (Queue.plan_count: any window's)

    def of(self, customer_id: int) -> date | None:
        """The day of the customer's next planned item, or None."""
        rows, known = locate(self.customer_id, np.array([customer_id], dtype=np.int64))
        return from_epoch_day(int(self.day[rows[0]])) if known[0] else None

    def lookup(self, customer_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(planned day, due day, known) of each customer given; days are 0 where unknown."""
        rows, known = locate(self.customer_id, np.asarray(customer_ids, dtype=np.int64))
        rows = np.where(known, rows, 0)
        if not len(self.day):
            zeros = np.zeros(len(rows), dtype=np.int64)
            return zeros, zeros.copy(), np.zeros(len(rows), dtype=bool)
        return np.where(known, self.day[rows], 0), np.where(known, self.due[rows], 0), known

    def __len__(self) -> int:
        return len(self.customer_id)


@dataclass(frozen=True, slots=True)
class StepUndone:
    """What the undo of a queue item's last step left."""

    # the state the item is back in (action and until day: an item snoozed, then skipped,
    # is snoozed to the same day again), or None when it is open
    state: tuple[QueueAction, date | None] | None
    # the done's contact when the seller edited it since: kept in the book, not deleted
    kept_contact: Interaction | None = None
    # the other items taken back with it (today's greetings, done as one step)
    others: int = 0


class QueueVerbs:
    """The follow-up queue of a Book; keeps the queue's all-time columns in memory."""

    _queue_rows: QueueInputs | None = None  # every active customer's, by id, when loaded
    _plan_cache: tuple[tuple[object, ...], PlannedDays] | None = None  # of next_planned

    # What the verbs use of the Book they are mixed into.
    conn: sqlite3.Connection
    _lock: threading.RLock
    _tiers: TierCache
    _changes: int
    _data_version: int | None
    if TYPE_CHECKING:

        def today(self) -> date: ...
        def now(self) -> datetime: ...
        def rules(self) -> Rules: ...
        def _stamp(self) -> str: ...
        def _check_other_writers(self) -> None: ...
        def _transaction(self) -> AbstractContextManager[None]: ...
        def _write(self) -> AbstractContextManager[Touched]: ...
        def _notify(self) -> None: ...
        def _whole_book_pass(self) -> AbstractContextManager[None]: ...

    def queue(self, as_of: date | None = None, days: int = 7, capacity: int | None = None) -> Queue:
        """Whom to contact by `as_of` + `days` (overdue included), in display order, each
        item with its planned day; `capacity` (items a day, 0 no limit) overrides the
        rules' plan_capacity for this call."""
        as_of = as_of or self.today()
        rules = self.rules()
        if capacity is not None:
            rules = rules.model_copy(update={"plan_capacity": capacity})
        # Not one of the whole-book passes taking turns (self._whole_book_pass): the queue
        # shown after a follow-up is done would wait for a background tier pass (1-3 s at
        # 100k customers), each of a seller's D's in a row. It peaks at ~20 MB at 100k.
        return build_queue(*self._queue_inputs(as_of, rules), rules, as_of, days)

    def _queue_inputs(
        self, as_of: date, rules: Rules
    ) -> tuple[QueueInputs, Reminders, TierMoves, Handled]:
        """Everything build_queue reads from the book, as of a day, read under one lock."""
        with self._lock:
            self._check_other_writers()
            inputs = self._inputs_as_of(as_of, rules)
            reminders = followups.load_reminders(self.conn)
            moves = followups.load_moves(self.conn, as_of, rules.tier_change_days)
            handled = followups.load_handled(self.conn)
        return inputs, reminders, moves, handled

    def _inputs_as_of(self, as_of: date, rules: Rules) -> QueueInputs:
        """The queue's per-customer columns with tiers (the cached ones for today)."""
        if as_of == self.today() and not has_records_after(self.conn, as_of):
            if self._queue_rows is None:
                self._queue_rows = followups.load_rows(self.conn)
            inputs, tiers = self._queue_rows, self._tiers.queue_tiers()
        else:
            inputs = followups.load_as_of(self.conn, as_of, rules.occasion_window_days)
            criteria = criterion_fields(self.conn, rules)
            tiers = compute(load_frame(self.conn, as_of, criteria), rules, as_of)
        return followups.with_tiers(inputs, tiers)

    def next_planned(self) -> PlannedDays:
        """Each customer's next planned item day (the plan of today's queue over PLAN_DAYS
        days), for the customer list; computed once per change of the book."""
        ready = self.next_planned_if_ready()
        if ready is not None:
            return ready
        with self._whole_book_pass(), self._lock:
            ready = self.next_planned_if_ready()  # computed while this waited its turn
            if ready is not None:
                return ready
            stamp = self._plan_stamp()
            found = self.queue(days=PLAN_DAYS)
            order = np.lexsort((found.plan_rank, found.planned_day, found.customer_id))
            customer, day = found.customer_id[order], found.planned_day[order]
            first = np.ones(len(customer), dtype=bool)  # each customer's earliest item
            first[1:] = customer[1:] != customer[:-1]
            due = found.due_day[order][first]
            planned = PlannedDays(
                customer[first], day[first], due, epoch_day(found.as_of), found.plan_count()
            )
            self._plan_cache = (stamp, planned)
            return planned

    def next_planned_if_ready(self) -> PlannedDays | None:
        """`next_planned()` if it is computed for the book as it is now, else None (cheap:
        the list paints its first rows without waiting for the plan)."""
        with self._lock:
            self._check_other_writers()
            if self._plan_cache is not None and self._plan_cache[0] == self._plan_stamp():
                return self._plan_cache[1]
            return None

    def _plan_stamp(self) -> tuple[object, ...]:
        return (self.today(), self._changes, self._data_version, self.rules())

    def dormant_ids(self, as_of: date | None = None) -> np.ndarray:
        """The ids (ascending) of lapsed customers who are out of the queue (dormant: not
        A/B, tiering.lapse) as of a day, for the tier lists."""
        as_of = as_of or self.today()
        rules = self.rules()
        with self._lock:
            self._check_other_writers()
            inputs = self._inputs_as_of(as_of, rules)
        state = lapse_states_of(inputs, rules, epoch_day(as_of))
        return inputs.customer_id[state == DORMANT]

    def follow_ups(
        self, queue: Queue, start: int = 0, stop: int | None = None, lang: Lang | None = None
    ) -> list[FollowUp]:
        """Items [start, stop) of a queue with names, details and message drafts."""
        end = len(queue) if stop is None else stop
        return self._materialise(queue, range(max(start, 0), min(end, len(queue))), lang)

    def planned_items(
        self, queue: Queue, start: int = 0, stop: int | None = None, lang: Lang | None = None
    ) -> list[FollowUp]:
        """Items [start, stop) of a queue in the plan's order (by planned day, then
        priority: today's plan first), with names, details and message drafts."""
        return self._materialise(queue, queue.plan_order()[start:stop].tolist(), lang)

    def _materialise(
        self, queue: Queue, picked: Sequence[int], lang: Lang | None
    ) -> list[FollowUp]:
        with self._lock:
            return followups.materialise(
                self.conn, queue, picked, self.rules(), lang or current_language()
            )

    def follow_up(self, key: str, as_of: date | None = None, lang: Lang | None = None) -> FollowUp:
        """One item by its key (customer:reason:occurrence), if it is in the queue."""
        return self._item(key, as_of, lang, planned=True)

    def _item(
        self, key: str, as_of: date | None, lang: Lang | None = None, *, planned: bool = False
    ) -> FollowUp:
        """One item by its key; planned=False skips the plan (a verb handling an item as of
        another day needs only the item, and its `planned` is then the earliest day it could
        be planned on)."""
        customer_id, reason, occurrence = parse_item_key(key)
        queue = self.queue(as_of, days=PLAN_DAYS, capacity=None if planned else 0)
        at = queue.position(customer_id, reason, occurrence)
        if at < 0:
            raise self._not_open(key)
        return self.follow_ups(queue, at, at + 1, lang)[0]

    def _not_open(self, key: str) -> BookError:
        """An item not open to be handled: one handled already (another window, the command
        line) is named by its customer and reason, not by its key."""
        customer_id, reason, occurrence = parse_item_key(key)
        with self._lock:
            handled = followups.handled_row(self.conn, customer_id, reason, occurrence)
            row = self.conn.execute(
                "SELECT name FROM customers WHERE id = ?", (customer_id,)
            ).fetchone()
        if handled is None or row is None:
            return BookError("followup.no_item", key=key)
        return BookError("followup.already_handled", name=row[0], why=reason.label)

    def mark_done(self, key: str, note: str = "", as_of: date | None = None) -> Interaction:
        """Done: log the contact (which restarts the cadence) and never show the item again.
        Never on a day after today: a contact is logged when it happened."""
        day = as_of or self.today()
        if day > self.today():
            raise BookError("store.done_in_future", day=day.isoformat(), today=self.today())
        seen = self._state(key)
        item = self._item(key, as_of, planned=day == self.today())
        when = self._contact_time(day)
        with self._write() as touched:
            self._still_as_seen(key, seen)
            took_room = self._in_todays_plan(item, day)
            interaction_id = self._log_done(item, when, note.strip(), self._step_stamp(), took_room)
            self._close_reminder(item.reason, item.occurrence, done=True)
            touched.add(item.customer_id, purchases=False)
            return records.fetch(self.conn, "interactions", interaction_id)

    def mark_greetings_done(self, as_of: date | None = None) -> list[FollowUp]:
        """Today's holiday greetings done as one step: each logs its greeting contact, as
        a done does, and one undo takes them all back. Returns the items done."""
        day = as_of or self.today()
        if day > self.today():
            raise BookError("store.done_in_future", day=day.isoformat(), today=self.today())
        queue = self.queue(day, days=0)
        picked = np.flatnonzero(queue.greetings_mask()).tolist()
        items = self._materialise(queue, picked, None)
        if not items:
            return []
        when = self._contact_time(day)
        stamp = self._step_stamp()  # one step for all: `undo_last_step` takes them together
        with self._write() as touched:
            for item in items:
                if followups.handled_row(self.conn, *parse_item_key(item.key)) is not None:
                    continue  # handled in another window meanwhile: left as it is
                self._log_done(item, when, "", stamp, took_room=False)
                touched.add(item.customer_id, purchases=False)
        return items

    def _contact_time(self, day: date) -> datetime:
        """When a done's contact happened: now, or noon of an earlier day it is dated to."""
        return self.now() if day == self.today() else datetime.combine(day, time(12))

    def _log_done(
        self, item: FollowUp, when: datetime, note: str, stamp: str, took_room: bool
    ) -> int:
        """A done, in the transaction open: the contact it logs (which restarts the cadence;
        `note`, the seller's, under the item's own line) and the item's state. Its id."""
        words = t("followup.interaction_note", None, reason=item.reason.label(), detail=item.detail)
        contact = Interaction(
            customer_id=item.customer_id,
            at=when,
            kind=_DONE_KIND.get(item.reason, InteractionKind.MESSAGE),
            note=f"{words}\n{note}" if note else words,
        )
        interaction_id = records.insert(self.conn, "interactions", contact, self._stamp())
        followups.record(
            self.conn,
            item.customer_id,
            item.reason,
            item.occurrence,
            QueueAction.DONE,
            stamp,
            interaction_id=interaction_id,
            note=note,
            took_room=took_room,
        )
        return interaction_id

    def snooze(self, key: str, until: date, as_of: date | None = None) -> FollowUp:
        """Snooze: the item comes back on `until` (a day after today)."""
        day = as_of or self.today()
        if until <= day:
            raise BookError("followup.snooze_past", today=day.isoformat(), until=until.isoformat())
        if until > day + timedelta(days=SNOOZE_DAYS_MAX):
            raise snooze_too_far(day, until.isoformat())
        seen = self._state(key)
        item = self._item(key, as_of, planned=day == self.today())
        with self._transaction():
            self._still_as_seen(key, seen)
            self._record_handled(item, QueueAction.SNOOZED, until, day)
        self._notify()
        return item

    def skip(self, key: str, as_of: date | None = None) -> FollowUp:
        """Skip: not this time; the reason comes back at its next occurrence."""
        day = as_of or self.today()
        seen = self._state(key)
        item = self._item(key, as_of, planned=day == self.today())
        with self._transaction():
            self._still_as_seen(key, seen)
            # the day skipped: a cadence restarts from it
            self._record_handled(item, QueueAction.SKIPPED, day, day)
            self._close_reminder(item.reason, item.occurrence, done=True)
        self._notify()
        return item

    def _state(self, key: str) -> tuple[str, int | None] | None:
        """The item's handled state (None: never handled), read before the item is."""
        with self._lock:
            return followups.handled_row(self.conn, *parse_item_key(key))

    def _still_as_seen(self, key: str, seen: tuple[str, int | None] | None) -> None:
        """Inside the write: the item is still in the state it had when it was read as
        open. Another write handled it in between (a second window, a key held in the
        queue): refused as an item no longer in the queue, not done a second time."""
        if followups.handled_row(self.conn, *parse_item_key(key)) != seen:
            raise self._not_open(key)

    def _record_handled(self, item: FollowUp, action: QueueAction, until: date, day: date) -> None:
        followups.record(
            self.conn,
            item.customer_id,
            item.reason,
            item.occurrence,
            action,
            self._step_stamp(),
            until=until,
            took_room=self._in_todays_plan(item, day),
        )

    def _step_stamp(self) -> str:
        """When a step is taken, to the microsecond: undo takes back the latest first."""
        return self.now().isoformat(timespec="microseconds")

    def _in_todays_plan(self, item: FollowUp, day: date) -> bool:
        """Whether an item handled as of `day` takes room in today's plan: it is handled
        for today and was planned for today (`_item` read the plan); one planned for a
        later day (the customer called early) takes none, so today's plan stays whole; nor
        does a holiday greeting, which is outside the plan's capacity."""
        greeting = item.reason is Reason.HOLIDAY
        return day == self.today() and item.planned == day and not greeting

    def reopen(self, key: str) -> StepUndone:
        """Undo the item's last done, snooze or skip: it is back as it was before that step
        (a done item's contact is deleted, unless the seller edited it since: then it is
        kept, and said)."""
        customer_id, reason, occurrence = parse_item_key(key)
        with self._write() as touched:
            found = followups.handled_row(self.conn, customer_id, reason, occurrence)
            if found is None:
                raise BookError("followup.not_handled", key=key)
            action, interaction_id = found
            kept = None
            if action == QueueAction.DONE and interaction_id is not None:
                contact: Interaction = records.fetch(self.conn, "interactions", interaction_id)
                if contact.version == records.AS_MADE:
                    records.delete(self.conn, "interactions", interaction_id, None)
                else:
                    kept = contact
            back = followups.step_back(self.conn, customer_id, reason, occurrence)
            closed = back is not None and back[0] is not QueueAction.SNOOZED
            self._close_reminder(reason, occurrence, done=closed)
            touched.add(customer_id, purchases=False)
            return StepUndone(back, kept)

    def last_step_today(self) -> str | None:
        """The key of the item handled last today (done, snoozed or skipped in any window,
        any run), which `undo_last_step` takes back; None when none was."""
        with self._lock:
            found = followups.last_handled(self.conn, self.today())
        return None if found is None else item_key(*found)

    def undo_last_step(self) -> tuple[str, StepUndone] | None:
        """Undo today's last step of the queue (reopen of the item handled last today):
        its key and what it left; None when nothing was handled today."""
        if self.last_step_today() is None:
            return None  # nothing to take back: no write, not even a lock
        with self._write():  # the book's listeners hear of it once it is on disk
            # again inside: another window may have undone it
            keys = [item_key(*found) for found in followups.last_step(self.conn, self.today())]
            if not keys:
                return None
            undone = [self.reopen(key) for key in keys]
            return keys[0], replace(undone[0], others=len(keys) - 1)

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
