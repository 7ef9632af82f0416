"""The seller's book: one SQLite file, opened once, changed only through its verbs.

Every verb is one transaction (BEGIN IMMEDIATE, so a second process waits instead of
failing half-way) that writes the record, refreshes the touched customers' stats and
brings the tiers up to date. A Book owns one writer connection; it may be used from
several threads (all writes hold one lock).
"""

from __future__ import annotations

import dataclasses
import os
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
from sqlite_utils import Database

from xiaoben.models.customer import Customer
from xiaoben.models.enums import InteractionKind, QueueAction, Reason
from xiaoben.models.errors import BookError
from xiaoben.models.followup import FollowUp, parse_item_key
from xiaoben.models.i18n import Lang, t
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.overview import PERIODS, Overview
from xiaoben.models.purchase import Purchase
from xiaoben.models.rules import Rules
from xiaoben.store import customers as customer_sql
from xiaoben.store import followups, frames, records
from xiaoben.store import overview as overview_sql
from xiaoben.store.driver import sqlite3
from xiaoben.store.files import check_is_sqlite, create_private, export_copy
from xiaoben.store.overview import TOP_N, CustomerColumns
from xiaoben.store.schema import SCHEMA_VERSION, migrations
from xiaoben.store.stats import (
    has_records_after,
    load_frame,
    load_rows,
    rebuild_all_stats,
    refresh_stats,
)
from xiaoben.store.tierstore import (
    TierCodes,
    TierWrite,
    load_figures,
    load_tier_codes,
    load_tiers,
    save_figures,
    write_tiers,
)
from xiaoben.tiering import Population, compute, compute_with_population, explain, place
from xiaoben.tiering.followup import Queue, QueueInputs, build_queue
from xiaoben.tiering.frame import CustomerStats, StatsFrame, TierFrame, epoch_day

BUSY_TIMEOUT_SECONDS = 15.0


@dataclass
class _Touched:
    """Customers a transaction changed, whose stats and tiers must follow."""

    ids: set[int] = field(default_factory=set)
    all: bool = False  # every customer's stats changed (bulk import)

    def add(self, *customer_ids: int | None) -> None:
        self.ids.update(i for i in customer_ids if i is not None)


class Book:
    """An open book. Use `Book.open(path)`; close it (or use it as a context manager)."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        today: Callable[[], date],
        background: bool,
    ) -> None:
        self.path = path
        self.conn = conn
        self.db = Database(conn)
        self._today = today
        self._lock = threading.RLock()
        self._touched: _Touched | None = None
        self._stored: TierFrame | None = None  # what the tiers table holds, when known
        self._frame: StatsFrame | None = None  # every active customer's stats, as of _frame_day
        self._frame_day: date | None = None
        self._population: Population | None = None  # the last full pass, to place saves against
        self._originals: dict[int, CustomerStats | None] = {}  # rows the population knew
        self._data_version: int | None = None
        self._rules: Rules | None = None
        self._queue_rows: QueueInputs | None = None  # the queue's all-time columns, by id
        self._tier_codes: tuple[tuple[int, int], TierCodes] | None = None
        self._save_counter = 0  # placements so far (the background pass compares against it)
        self._full_recomputes = 0  # everyone recomputed in a write (a pass compares too)
        self._recently_saved: dict[int, int] = {}  # customer id -> counter at its placement
        self._listeners: list[Callable[[], None]] = []
        self._changes = 0  # bumped by every notification (writes and background passes)
        self._overview_pool: ThreadPoolExecutor | None = None
        self._overview: tuple[tuple[object, ...], Overview, CustomerColumns] | None = None
        self._closed = False
        self.refresher = None
        if background:
            from xiaoben.store.refresher import Refresher

            self.refresher = Refresher(self)

    # ---- opening and closing -------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        today: Callable[[], date] = date.today,
        background: bool = False,
    ) -> Book:
        """Create or open the book at `path`, migrating it forward, and bring tiers to today.

        background=True (the app): after a save, the saved customer's tiers are placed at
        once and everyone else's follow in a background pass (`settle()` waits for it).
        background=False (scripts): every save recomputes everyone before it returns.
        """
        path = Path(path).expanduser().absolute()
        create_private(path)
        check_is_sqlite(path)
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            _refuse_foreign(conn, path)
            _configure(conn, path)
            book = cls(path, conn, today, background)
            book._migrate()
            book._register_session()
            book._bring_up_to_date()
        except BaseException:
            conn.close()
            raise
        return book

    def _migrate(self) -> None:
        found = self.conn.execute("PRAGMA user_version").fetchone()[0]
        tables = set(self.db.table_names())
        if found == SCHEMA_VERSION and tables:
            return
        with self._transaction():
            migrations.apply(self.db)

    def _bring_up_to_date(self) -> None:
        needs_rebuild = self._meta("needs_rebuild") == "1"
        if needs_rebuild:
            with self._transaction():
                rebuild_all_stats(self.conn)
                self.conn.execute("DELETE FROM meta WHERE key = 'needs_rebuild'")
                self._recompute_in_transaction(self.today())
        elif self.refresher is not None:
            # Also when nothing is stale: the pass loads the caches the first save needs.
            self.refresher.request()
        elif self._meta("tiers_as_of") != self.today().isoformat():
            self.recompute()

    def close(self) -> None:
        if self._closed:
            return
        if self.refresher is not None:
            self.refresher.stop()
        if self._overview_pool is not None:
            self._overview_pool.shutdown(wait=True)
        with self._lock:
            with suppress(sqlite3.Error):  # a read-only or damaged file: nothing to tidy
                self.conn.execute(
                    "DELETE FROM sessions WHERE host = ? AND pid = ?",
                    (socket.gethostname(), os.getpid()),
                )
            self.conn.close()
            self._closed = True

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def today(self) -> date:
        return self._today()

    # ---- transactions --------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            if self.conn.in_transaction:
                with self.db.atomic():
                    yield
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self._check_other_writers()
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    @contextmanager
    def _write(self) -> Iterator[_Touched]:
        """One seller action: a transaction whose touched customers get stats and tiers."""
        with self._transaction():
            outer = self._touched is None
            if outer:
                self._touched = _Touched()
            touched = self._touched
            assert touched is not None
            try:
                yield touched
                if outer:
                    self._follow_up(touched)
            finally:
                if outer:
                    self._touched = None
        if outer and self.refresher is not None and (touched.ids or touched.all):
            self.refresher.request()
        if outer and (touched.ids or touched.all):
            self._notify()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many verbs as one transaction; stats and tiers follow once, at the end."""
        with self._write():
            yield

    def _follow_up(self, touched: _Touched) -> None:
        if touched.all:
            rebuild_all_stats(self.conn)
            self._frame = None
            self._queue_rows = None
        else:
            refresh_stats(self.conn, touched.ids)
            if self._queue_rows is not None and touched.ids:
                fresh = followups.load_rows(self.conn, touched.ids)
                gone = touched.ids - set(fresh.customer_id.tolist())
                self._queue_rows = frames.drop(frames.upsert(self._queue_rows, fresh), gone)
        if not (touched.ids or touched.all):
            return
        if self.refresher is None or touched.all or len(touched.ids) > 50:
            if not touched.all:
                self._patch_frame(touched.ids)
            self._recompute_in_transaction(self.today())
        else:
            self._place(touched.ids)

    def _patch_frame(self, customer_ids: set[int]) -> None:
        """Bring the cached stats frame up to date for these customers."""
        if self._frame is None:
            return
        fresh = load_rows(self.conn, customer_ids)
        if len(fresh) and int(fresh.last_purchase_day.max()) > epoch_day(self.today()):
            self._frame = None  # dated after today: the all-time stats are not as of today
            return
        gone = set(customer_ids) - set(fresh.customer_id.tolist())  # archived or forgotten
        self._frame = frames.drop(frames.upsert(self._frame, fresh), gone)

    # ---- tiering -------------------------------------------------------------------

    def rules(self) -> Rules:
        if self._rules is None:
            raw = self._meta("rules")
            self._rules = Rules.model_validate_json(raw) if raw else Rules()
        return self._rules

    def set_rules(self, rules: Rules) -> TierWrite:
        """Store new rules and recompute every lens with them."""
        with self._transaction():
            self._set_meta("rules", rules.model_dump_json())
            self._rules = rules
            result = self._recompute_in_transaction(self.today())
        self._notify()
        return result

    def recompute(self, as_of: date | None = None) -> TierWrite:
        """Recompute every lens for every customer as of `as_of` (default today) and store it."""
        with self._transaction():
            result = self._recompute_in_transaction(as_of or self.today())
        self._notify()
        return result

    # The caches: the stats frame as of today and the stored tiers, kept in memory and
    # patched by every save, so neither a save nor a background pass reads 100k rows.
    # Another process's commit changes PRAGMA data_version and drops them.

    def _check_other_writers(self) -> None:
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._data_version = version
            self._forget_caches()

    def _forget_caches(self) -> None:
        self._queue_rows = None
        self._tier_codes = None
        self._frame = None
        self._stored = None
        self._population = None
        self._originals = {}

    def _stored_tiers(self) -> TierFrame:
        if self._stored is None:
            self._stored = load_tiers(self.conn)
        return self._stored

    def _today_frame(self) -> StatsFrame:
        as_of = self.today()
        if self._frame is None or self._frame_day != as_of:
            self._frame = load_frame(self.conn, as_of)
            self._frame_day = as_of
            self._population = None
        return self._frame

    def _recompute_in_transaction(self, as_of: date) -> TierWrite:
        self._full_recomputes += 1
        today = as_of == self.today()
        frame = self._today_frame() if today else load_frame(self.conn, as_of)
        tiers, population = compute_with_population(frame, self.rules(), as_of)
        result = write_tiers(self.conn, self._stored_tiers(), tiers, as_of, _stamp())
        save_figures(self.conn, tiers.figures, as_of)
        self._stored = tiers
        if today:
            self._population, self._originals = population, {}
        return result

    def _place(self, customer_ids: set[int]) -> None:
        """Place just these customers against everyone else's last full pass."""
        as_of = self.today()
        frame = self._today_frame()
        if self._population is None:
            self._population, self._originals = Population.build(frame, self.rules(), as_of), {}
        fresh = load_rows(self.conn, customer_ids)
        if len(fresh) and int(fresh.last_purchase_day.max()) > epoch_day(as_of):
            # Dated after today: the all-time stats are not as of today. Recompute everyone.
            self._recompute_in_transaction(as_of)
            return
        self._save_counter += 1
        for customer_id in customer_ids:
            self._recently_saved[customer_id] = self._save_counter
        stored = self._stored_tiers()
        for k in range(len(fresh)):
            new = fresh.record(k)
            at = frames.position(frame.customer_id, new.customer_id)
            if new.customer_id not in self._originals:
                self._originals[new.customer_id] = frame.record(at) if at >= 0 else None
            placed = place(self._population, self._originals[new.customer_id], new)
            before = frames.take(stored, {new.customer_id})
            write_tiers(self.conn, before, placed, as_of, _stamp())
            stored = frames.upsert(stored, placed)
            frame = frames.upsert(frame, frames.take(fresh, {new.customer_id}))
        untiered = set(customer_ids) - set(fresh.customer_id.tolist())  # archived just now
        if untiered:
            self.conn.executemany(
                "DELETE FROM tiers WHERE customer_id = ?", [(i,) for i in sorted(untiered)]
            )
            # The population still counts them: the next full pass must not build on it.
            stored, frame = frames.drop(stored, untiered), frames.drop(frame, untiered)
            self._population = None
        self._stored, self._frame = stored, frame

    def settle(self, timeout: float | None = None) -> bool:
        """Wait until every customer's tiers reflect every save (background mode)."""
        if self.refresher is None:
            return True
        return self.refresher.wait(timeout)

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` (from any thread) after every write and background pass."""
        self._listeners.append(listener)

    def _notify(self) -> None:
        self._changes += 1
        for listener in list(self._listeners):
            listener()

    def explain(self, customer_id: int, lang: Lang | None = None) -> dict[str, str]:
        """Why each lens placed this customer where it did, in the seller's language."""
        with self._lock:
            frame = load_rows(self.conn, [customer_id])
            tiers = load_tiers(self.conn, "WHERE customer_id = ?", (customer_id,))
            figures = load_figures(self.conn)
            if not len(tiers) or not len(frame):
                return {}
            # The rank moves whenever anyone overtakes anyone: counted now, never stored.
            (above,) = self.conn.execute(
                "SELECT count(*) FROM tiers WHERE value_tier IS NOT NULL AND value_cents > ?",
                (int(tiers.value_cents[0]),),
            ).fetchone()
        rank = np.array([above + 1 if tiers.value_tier[0] >= 0 else 0], dtype=np.int64)
        tiers = dataclasses.replace(tiers, value_rank=rank, figures=figures)
        return explain(frame.record(0), tiers, 0, self.rules(), lang or _lang())

    # ---- customers -----------------------------------------------------------------

    def save_customer(self, customer: Customer) -> Customer:
        """Create (no id) or update a customer. Updating over a newer version is refused."""
        with self._write() as touched:
            if customer.id is None:
                customer_id = customer_sql.insert_customer(self.conn, customer)
                touched.add(customer_id, customer.referred_by)
            else:
                customer_id = customer.id
                old_referrer = customer_sql.update_customer(self.conn, customer)
                touched.add(customer_id, old_referrer, customer.referred_by)
            saved = customer_sql.fetch_customer(self.conn, customer_id)
        return saved

    def get_customer(self, customer_id: int) -> Customer:
        with self._lock:
            return customer_sql.fetch_customer(self.conn, customer_id)

    def archive_customer(self, customer_id: int, version: int, archived: bool = True) -> Customer:
        with self._write() as touched:
            referrer = customer_sql.fetch_customer(self.conn, customer_id).referred_by
            customer_sql.set_archived(self.conn, customer_id, version, archived)
            touched.add(customer_id, referrer)
            return customer_sql.fetch_customer(self.conn, customer_id)

    def forget_customer(self, customer_id: int) -> None:
        """Really erase a customer: rows overwritten (secure_delete), WAL truncated."""
        with self._lock:
            self.conn.execute("PRAGMA secure_delete = ON")
            try:
                with self._write() as touched:
                    referrer = customer_sql.erase_customer(self.conn, customer_id)
                    touched.add(referrer)
                    self._forget_caches()
                    if referrer is None:
                        self._recompute_in_transaction(self.today())
            finally:
                self.conn.execute("PRAGMA secure_delete = OFF")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def find_customer(self, key: str) -> Customer | None:
        """A customer by code, #id, phone, WeChat ID or (unique) exact name."""
        from xiaoben.store.lookup import KeyIndex

        with self._lock:
            customer_id = KeyIndex.load(self.conn).resolve_text(key)
            return None if customer_id is None else self.get_customer(customer_id)

    # ---- purchases, interactions, reminders ----------------------------------------

    def add_purchase(self, purchase: Purchase) -> Purchase:
        with self._write() as touched:
            purchase_id = records.insert(self.conn, "purchases", purchase)
            touched.add(purchase.customer_id)
            return records.fetch(self.conn, "purchases", purchase_id)

    def edit_purchase(self, purchase: Purchase) -> Purchase:
        with self._write() as touched:
            previous = records.update(self.conn, "purchases", purchase)
            touched.add(previous, purchase.customer_id)
            return records.fetch(self.conn, "purchases", purchase.id)

    def delete_purchase(self, purchase_id: int, version: int | None = None) -> Purchase:
        """Delete a purchase; returns it so the seller can undo (add it again)."""
        with self._write() as touched:
            deleted: Purchase = records.delete(self.conn, "purchases", purchase_id, version)
            touched.add(deleted.customer_id)
            return deleted

    def purchases_of(self, customer_id: int) -> list[Purchase]:
        with self._lock:
            return records.fetch_for(self.conn, "purchases", customer_id, "date DESC, id DESC")

    def log_contact(self, interaction: Interaction) -> Interaction:
        with self._write() as touched:
            interaction_id = records.insert(self.conn, "interactions", interaction)
            touched.add(interaction.customer_id)
            return records.fetch(self.conn, "interactions", interaction_id)

    def delete_interaction(self, interaction_id: int, version: int | None = None) -> Interaction:
        with self._write() as touched:
            deleted: Interaction = records.delete(
                self.conn, "interactions", interaction_id, version
            )
            touched.add(deleted.customer_id)
            return deleted

    def interactions_of(self, customer_id: int) -> list[Interaction]:
        with self._lock:
            return records.fetch_for(self.conn, "interactions", customer_id, "at DESC, id DESC")

    def set_reminder(self, reminder: Reminder) -> Reminder:
        """Create (no id) or update a reminder."""
        with self._transaction():
            if reminder.id is None:
                reminder_id = records.insert(self.conn, "reminders", reminder)
            else:
                records.update(self.conn, "reminders", reminder)
                reminder_id = reminder.id
            saved: Reminder = records.fetch(self.conn, "reminders", reminder_id)
        self._notify()
        return saved

    def reminders_of(self, customer_id: int) -> list[Reminder]:
        with self._lock:
            return records.fetch_for(self.conn, "reminders", customer_id, "due, id")

    def tier_history(self, customer_id: int) -> list[dict[str, Any]]:
        with self._lock:
            cursor = self.conn.execute(
                "SELECT lens, from_value, to_value, as_of, changed_at FROM tier_changes"
                " WHERE customer_id = ? ORDER BY id",
                (customer_id,),
            )
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # ---- the follow-up queue -------------------------------------------------------

    def queue(self, as_of: date | None = None, days: int = 7) -> Queue:
        """Whom to contact by `as_of` + `days` (overdue included), in display order."""
        as_of = as_of or self.today()
        with self._lock:
            self._check_other_writers()
            rules = self.rules()
            if as_of == self.today() and not has_records_after(self.conn, as_of):
                if self._queue_rows is None:
                    self._queue_rows = followups.load_rows(self.conn)
                inputs, tiers = self._queue_rows, self._queue_tiers()
            else:
                inputs = followups.load_as_of(self.conn, as_of)
                tiers = compute(load_frame(self.conn, as_of), rules, as_of)
            inputs = followups.with_tiers(inputs, tiers)
            reminders = followups.load_reminders(self.conn)
            moves = followups.load_moves(self.conn, as_of, rules.tier_change_days)
            handled = followups.load_handled(self.conn)
        return build_queue(inputs, reminders, moves, handled, rules, as_of, days)

    def _queue_tiers(self) -> TierFrame | TierCodes:
        """The stored tiers when in memory, else just the three codes the queue needs
        (kept until tiers are next written: every write bumps one of the two counters)."""
        if self._stored is not None:
            return self._stored
        stamp = (self._full_recomputes, self._save_counter)
        if self._tier_codes is None or self._tier_codes[0] != stamp:
            self._tier_codes = (stamp, load_tier_codes(self.conn))
        return self._tier_codes[1]

    def follow_ups(
        self, queue: Queue, start: int = 0, stop: int | None = None, lang: Lang | None = None
    ) -> list[FollowUp]:
        """Items [start, stop) of a queue with names, details and message drafts."""
        end = len(queue) if stop is None else stop
        with self._lock:
            return followups.materialise(
                self.conn, queue, start, end, self.rules(), lang or _lang()
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
        when = datetime.combine(day, datetime.now().time() if day == self.today() else time(12))
        words = t("followup.interaction_note", None, reason=item.reason.label(), detail=item.detail)
        contact = Interaction(
            customer_id=item.customer_id,
            at=when,
            kind=_DONE_KIND.get(item.reason, InteractionKind.MESSAGE),
            note=f"{words}\n{note.strip()}" if note.strip() else words,
        )
        with self._write() as touched:
            interaction_id = records.insert(self.conn, "interactions", contact)
            followups.record(
                self.conn,
                item.customer_id,
                item.reason,
                item.occurrence,
                QueueAction.DONE,
                _stamp(),
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
                _stamp(),
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
                _stamp(),
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
                raise BookError("followup.no_item", key=key)
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

    # ---- the overview --------------------------------------------------------------

    def overview(
        self, as_of: date | None = None, periods: tuple[int | None, ...] = PERIODS
    ) -> Overview:
        """The whole book at a glance, every period at once; cached until the book changes.

        The three passes (per customer, per product, per month) run side by side, each on
        its own read-only connection."""
        return self._overview_figures(as_of, periods)[0]

    def overview_cached(self, as_of: date | None = None) -> Overview | None:
        """The last overview computed for that day, even if the book changed since (a
        screen shows it at once while the fresh one is computed), or None."""
        as_of = as_of or self.today()
        with self._lock:
            if self._overview is None:
                return None
            stamp, figures, _ = self._overview
            return figures if stamp[:2] == (as_of, PERIODS) else None

    def customer_count(self) -> int:
        with self._lock:
            return int(self.conn.execute("SELECT count(*) FROM customers").fetchone()[0])

    def overview_customers(
        self, chart: str, key: str, days: int | None, as_of: date | None = None
    ) -> list[int]:
        """The ids of the customers behind one bar or cell of the overview."""
        periods = PERIODS if days in PERIODS else (*PERIODS, days)
        figures, people = self._overview_figures(as_of, periods)
        with self._lock:
            return overview_sql.customers_behind(self.conn, people, figures, chart, key, days)

    def _overview_figures(
        self, as_of: date | None, periods: tuple[int | None, ...] = PERIODS
    ) -> tuple[Overview, CustomerColumns]:
        as_of = as_of or self.today()
        with self._lock:
            self._check_other_writers()
            stamp = (as_of, periods, self._changes, self._data_version)
            if self._overview is not None and self._overview[0] == stamp:
                return self._overview[1], self._overview[2]
            rules = self.rules()
            known_tiers = self._stored if as_of == self.today() else None
            if self._overview_pool is None:
                # Kept for the book's life: fresh threads each time would each get a fresh
                # malloc arena, and the process's peak memory would climb with every change.
                self._overview_pool = ThreadPoolExecutor(3, thread_name_prefix="overview")
            pool = self._overview_pool
        people_part = pool.submit(
            self._read_only,
            overview_sql.customer_part,
            as_of,
            rules,
            TOP_N,
            periods,
            known_tiers,
        )
        products = pool.submit(self._read_only, overview_sql.product_part, as_of, TOP_N, periods)
        months = pool.submit(self._read_only, overview_sql.month_part, as_of)
        people, per_customer = people_part.result()
        figures = overview_sql.assemble(
            as_of,
            len(people.customer_id),
            per_customer,
            products.result(),
            months.result(),
            periods,
        )
        with self._lock:
            if self._changes == stamp[2]:
                self._overview = (stamp, figures, people)
        return figures, people

    def _read_only(self, part: Callable[..., Any], *args: Any) -> Any:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            return part(conn, *args)
        finally:
            conn.close()

    # ---- whole book ----------------------------------------------------------------

    def export(self, target: str | Path) -> Path:
        """A consistent, private copy of the live book (SQLite backup API)."""
        target_path = Path(target).expanduser()
        with self._lock:
            export_copy(self.conn, target_path)
        return target_path

    def other_writers(self) -> list[tuple[str, int]]:
        """Other processes that have this book open for writing (host, pid)."""
        with self._lock:
            rows = self.conn.execute("SELECT host, pid FROM sessions").fetchall()
        me = (socket.gethostname(), os.getpid())
        return [(host, pid) for host, pid in rows if (host, pid) != me]

    def _register_session(self) -> None:
        host = socket.gethostname()
        with self._transaction():
            for (pid,) in self.conn.execute(
                "SELECT pid FROM sessions WHERE host = ?", (host,)
            ).fetchall():
                if not _alive(pid):
                    self.conn.execute(
                        "DELETE FROM sessions WHERE host = ? AND pid = ?", (host, pid)
                    )
            self.conn.execute(
                "INSERT OR REPLACE INTO sessions (pid, host, opened_at) VALUES (?, ?, ?)",
                (os.getpid(), host, _stamp()),
            )

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


# The kind of contact a done item logs.
_DONE_KIND = {
    Reason.BIRTHDAY: InteractionKind.GREETING,
    Reason.HOLIDAY: InteractionKind.GREETING,
    Reason.AT_RISK: InteractionKind.CALL,
}


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse another program's database, or a newer book, before anything is written to it.

    (Switching the journal to WAL rewrites the file's header, so this must come first.)
    """
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as exc:
        raise BookError("store.not_a_book", path=str(path), detail=str(exc)) from None
    if found > SCHEMA_VERSION:
        raise BookError("store.newer_book", path=str(path), found=found, known=SCHEMA_VERSION)
    if tables and "_sqlite_migrations" not in tables:
        raise BookError(
            "store.not_a_book", path=str(path), detail="an SQLite file of another program"
        )


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BookError("store.not_a_book", path=str(path), detail=str(exc)) from None
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stamp() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _lang() -> Lang:
    from xiaoben.models.i18n import current_language

    return current_language()
