"""The seller's book: one SQLite file, opened once, changed only through its verbs.

Every verb is one transaction (BEGIN IMMEDIATE, so a second process waits instead of
failing half-way) that writes the record, refreshes the touched customers' stats and
brings the tiers up to date. A Book owns one writer connection; it may be used from
several threads (all writes hold one lock).

Its parts live beside it: the follow-up queue's verbs (store/queue_verbs.py), the tiers
kept in memory (store/tiercache.py), the file and its checks (store/files.py), the
session registry (store/sessions.py) and the background runner (store/refresher.py).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlite_utils import Database

from xiaoben.models.birthday import Birthday
from xiaoben.models.birthday_text import band_after_birthday
from xiaoben.models.customer import Customer
from xiaoben.models.errors import BookError
from xiaoben.models.i18n import Lang, Words, current_language
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.overview import PERIODS, Bar, Month, Overview
from xiaoben.models.purchase import Purchase
from xiaoben.models.rules import Rules
from xiaoben.models.text import new_passphrase_rule
from xiaoben.models.tiers import TierResult
from xiaoben.store import (
    book_refs,
    bulk,
    cipher,
    customer_list,
    full_disk,
    groups,
    import_maps,
    kept_tiers,
    leftovers,
    overview_kept,
    plan_cache,
    records,
    sessions,
    tiers_record,
)
from xiaoben.store import customers as customer_sql
from xiaoben.store import overview as overview_sql
from xiaoben.store.bulk_verbs import GroupVerbs
from xiaoben.store.criteria import criterion_fields
from xiaoben.store.customer_list import ListQuery, ListRow
from xiaoben.store.customer_tiers import tier_result
from xiaoben.store.driver import errors, sqlite3
from xiaoben.store.field_verbs import FieldVerbs
from xiaoben.store.files import (
    BUSY_TIMEOUT_SECONDS,
    book_key,
    cannot_write,
    connect,
    connect_read_only,
    export_copy,
    fault_of,
    fault_reason,
    full_at_open,
    open_connection,
    open_copy,
    reader_at_snapshot,
    refuse_export_target,
    write_fault,
    write_faults,
)
from xiaoben.store.groups import LensGroups, Member, RfCell
from xiaoben.store.importing.columns import Kind
from xiaoben.store.importing.date_order import DateOrder
from xiaoben.store.importing.order_numbers import order_kept
from xiaoben.store.memory import heap_trimmer
from xiaoben.store.merge_verbs import MergeVerbs
from xiaoben.store.model_verbs import ModelVerbs
from xiaoben.store.overview import TOP_N, CustomerColumns
from xiaoben.store.overview_forecast import (
    ForecastPart,
    counted_last_days,
    forecast_of,
    forecast_part,
)
from xiaoben.store.overview_sums import sums_part
from xiaoben.store.path_faults import refuse_unusable
from xiaoben.store.plan_reads import PlanReads
from xiaoben.store.queue_verbs import QueueVerbs
from xiaoben.store.refresher import Refresher
from xiaoben.store.rows import stamp_text
from xiaoben.store.schema import SCHEMA_VERSION, migrations, missing_indexes
from xiaoben.store.stats import load_rows, rebuild_all_stats, refresh_stats, store_gaps
from xiaoben.store.tiercache import TierCache
from xiaoben.store.tierstore import TierWrite, load_figures, load_tiers
from xiaoben.tiering.compute import compute_with_population
from xiaoben.tiering.frame import TierFrame
from xiaoben.tiering.purchase_model import EXPECTED_DAYS
from xiaoben.tiering.reasons import explain

if TYPE_CHECKING:  # exports load their writers only when one is made
    from xiaoben.store.backup_erase import Held
    from xiaoben.store.backups import Backup
    from xiaoben.store.cipher import BookKey
    from xiaoben.store.exporting.formats import Exported, ExportPlan, ExportRequest
    from xiaoben.store.list_reader import ListReader, PlanSource


def _open_faults() -> tuple[type[BaseException], ...]:
    """What opening a writable book can meet that may mean it can only be read (every
    loaded driver's class: read when it is met)."""
    return (*errors.OperationalError, OSError, BookError)


@dataclass
class Touched:
    """Customers a transaction changed, whose stats and tiers must follow."""

    ids: set[int] = field(default_factory=set)
    all: bool = False  # every customer's stats changed (bulk import)
    everyone: bool = False  # only `ids` changed, but recompute everyone's tiers now (a merge)
    # No purchase moved (a bulk stage, archive or contact): the purchase model's
    # predictions, which read purchases only, stay as they are however many changed.
    predictions_stay: bool = False
    # Only these customers' records moved (None: all of `ids`'): a bulk stage or archive
    # changes customer columns only, so the stats rows of `ids` stay but for the referrers
    # whose referral counts follow an archive.
    stats_ids: set[int] | None = None
    # Customers whose purchases (or presence) may have moved: the purchase model reads
    # nothing else, so a contact's save leaves its predictions (and scipy) alone.
    model_ids: set[int] = field(default_factory=set)
    # Customers whose tier moves an undo took back: their moves are logged against their
    # tier history, not the stored tiers (set with `everyone`: one pass in the transaction).
    history_ids: set[int] = field(default_factory=set)
    # Statements to run after the follow-up, in the transaction: the triggers a bulk import
    # stopped for its length and its follow-up's (store/purchase_writer.py).
    after_follow_up: list[str] = field(default_factory=list)

    def add(self, *customer_ids: int | None, purchases: bool = True) -> None:
        """These customers changed; `purchases=False`: only their contacts did."""
        found = {i for i in customer_ids if i is not None}
        self.ids |= found
        if purchases:
            self.model_ids |= found


class Book(QueueVerbs, PlanReads, MergeVerbs, ModelVerbs, FieldVerbs, GroupVerbs):
    """An open book. Use `Book.open(path)`; close it (or use it as a context manager)."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        today: Callable[[], date],
        background: bool,
        key: BookKey | None = None,
    ) -> None:
        self.path = path
        self.conn = conn
        self._key = key  # an encrypted book's raw key (never its passphrase); None if plain
        # sqlite-utils catches the project driver's error classes: an SQLCipher connection
        # reaches it through a wrapper raising those (store/cipher.py).
        self.db = Database(conn if key is None else cipher.for_sqlite_utils(conn))
        self._today = today
        self._lock = threading.RLock()
        # held while a copy reads the book's file apart from its lock (_copy_source): the
        # book is closed after that copy ends, as after one made under the lock
        self._copying = threading.Lock()
        # One whole-book pass at a time (a background tier pass, a plan, the overview): each
        # holds tens of MB of columns at 100k customers, and side by side after a save their
        # peaks added up. Saves never take it. Taken before the lock, never while holding it.
        self._passes = threading.RLock()
        self._after_pass: Callable[[], None] | None = None
        self._touched: Touched | None = None
        self._tiers = TierCache(conn, today, self._stamp)
        self._data_version: int | None = None
        self._told_version: int | None = None  # data_version when listeners were last told
        self._rules: Rules | None = None
        self._listeners: list[Callable[[], None]] = []
        self._changes = 0  # bumped by every notification (writes and background passes)
        self._overview_pool: ThreadPoolExecutor | None = None
        # The last overview, its stamp and its per-customer columns (None once the book
        # changed: only the figures of a stale one are shown, see _overview_figures).
        self._overview: tuple[tuple[object, ...], Overview, CustomerColumns | None] | None = None
        self._closed = False
        self._migrated = False  # an older schema was migrated by this open
        self._behind_today = False  # opened on a new day: the kept tiers are an earlier day's
        self.read_only = False  # set by Book.open when the file cannot be written
        self._full_disk = False  # … for a full disk
        self.refresher = Refresher(self._background_pass) if background else None

    # ---- opening and closing -------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        today: Callable[[], date] = date.today,
        background: bool = False,
        create: bool = True,
        passphrase: str | None = None,
    ) -> Book:
        """Create or open the book at `path`, migrating it forward, and bring tiers to today.

        background=True (the app): after a save, the saved customer's tiers are placed at
        once and everyone else's follow in a background pass (`settle()` waits for it).
        background=False (scripts): every save recomputes everyone before it returns.
        create=False: no book at `path` is an error, not a new empty book. A book that
        cannot be written opens read-only (`read_only`): readable and exportable.
        passphrase: opens an encrypted book (a plain one ignores it); only the key derived
        from it is kept. An encrypted book without it, or with a wrong one, is a BookError.
        """
        path = Path(path).expanduser().absolute()
        refuse_unusable(path)  # a name too long, a file on the way: nothing made
        key = book_key(path, passphrase) if path.is_file() else None
        try:
            conn = connect(path, create=create, key=key)
            try:
                book = cls(path, conn, today, background, key)
                book._migrate()
                book._repair_indexes()
                book._mark()
                book._register_session()
                book._bring_up_to_date()
            except BaseException:
                conn.close()
                raise
        except _open_faults() as exc:
            if not cannot_write(exc, path):
                raise
            return cls._open_read_only(path, today, key, full=full_at_open(exc, path))
        return book

    @classmethod
    def _open_read_only(
        cls, path: Path, today: Callable[[], date], key: BookKey | None, *, full: bool
    ) -> Book:
        """A book that cannot be written, opened for reading and exporting: its tiers as
        last stored, every writing verb refused with a message (`read_only` says so).
        `full`: it could not be written for a full disk (the seller frees space, she does
        not change permissions)."""
        conn = connect_read_only(path, key)
        try:
            book = cls(path, conn, today, background=False, key=key)
            book.read_only = True
            book._full_disk = full
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                raise BookError("store.read_only_old", path=str(path))
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
        # An older book's tiers are passed again at the new schema, so that what reads the
        # kept tiers without the Book (store/kept_tiers.py: `xiaoben tiers`, `report`) has
        # a full pass of today at the schema it knows from the first run on.
        self._migrated = bool(tables)

    def _repair_indexes(self) -> None:
        """Build again the schema's indexes another tool dropped (schema.missing_indexes): a
        query naming one would fail, a bulk import's end among them."""
        missing = missing_indexes(self.db)
        if missing:
            with self._transaction(changes=False):
                for sql in missing:
                    self.conn.execute(sql)

    def _mark(self) -> None:
        """The book's own mark for the #ids its exports write (store/book_refs.py), given
        once, to a new book or one from before the marks."""
        if book_refs.own_mark(self.conn) is None:
            with self._transaction(changes=False):
                book_refs.ensure_mark(self.conn)

    def _bring_up_to_date(self) -> None:
        self._purge_removed_fields()
        needs_rebuild = self._meta("needs_rebuild") == "1"
        if needs_rebuild:
            with self._transaction():
                rebuild_all_stats(self.conn, self.rules().occasion_window_days)
                self.conn.execute("DELETE FROM meta WHERE key = 'needs_rebuild'")
                self._tiers.recompute(self.today(), self.rules())
                self._refresh_model()
        elif self.refresher is not None:
            # Also when nothing is stale: the pass loads the caches the first save needs.
            # On a new day the app shows the kept tiers (yesterday's) meanwhile, and says so.
            self._behind_today = self._meta("tiers_as_of") != self.today().isoformat()
            self._behind_today = self._behind_today or self._migrated
            self.refresher.request()
        elif self._meta("tiers_as_of") != self.today().isoformat() or self._migrated:
            self.recompute()

    def close(self) -> None:
        if self._closed:
            return
        if self.refresher is not None:
            self.refresher.stop()
        if self._overview_pool is not None:
            self._overview_pool.shutdown(wait=True)
        with self._copying, self._lock:
            with suppress(*errors.Error):  # a read-only or damaged file: nothing to tidy
                sessions.leave(self.conn)
            self.conn.close()
            self._closed = True

    def read_only_note(self) -> Words:
        """What the seller is told of a book opened read-only: why it cannot be written (a
        full disk: where, and how much room it has), and that it can still be read."""
        if self._full_disk:
            return Words("store.opened_disk_full", path=str(self.path), **full_disk.room(self.path))
        return Words("store.opened_read_only", path=str(self.path))

    def _read_only_refusal(self) -> BookError:
        """A write refused on a book opened read-only, with how to get out of it."""
        if self._full_disk:
            return BookError(
                "store.read_only_disk_full", path=str(self.path), **full_disk.room(self.path)
            )
        return BookError("store.read_only_write", path=str(self.path))

    def __enter__(self) -> Book:
        return self

    @property
    def encrypted(self) -> bool:
        """Whether the book is encrypted (SQLCipher, opened with a passphrase)."""
        return self._key is not None

    def verifies_passphrase(self, text: str) -> bool:
        """Whether `text` is this encrypted book's passphrase (from the key held, without
        reopening anything); always False for a plain book."""
        return self._key is not None and self._key.opens_with(text)

    def list_reader(self, plan: PlanSource | None = None) -> ListReader:
        """A read-only connection for the list screen (under the book's key if encrypted)."""
        from xiaoben.store.list_reader import ListReader

        return ListReader(self.path, plan=plan, key=self._key)

    def __exit__(self, *exc: object) -> None:
        self.close()

    def today(self) -> date:
        return self._today()

    def now(self) -> datetime:
        """The book's clock to the second: the wall clock's time of day on the book's today
        (which differs from the wall clock's only where `today` was injected)."""
        wall = datetime.now()
        day = self.today()
        return wall if wall.date() == day else datetime.combine(day, wall.time())

    def _stamp(self) -> str:
        return stamp_text(self.now())

    # ---- transactions --------------------------------------------------------------

    @contextmanager
    def _transaction(self, *, changes: bool = True, keeps_tiers: bool = False) -> Iterator[None]:
        """One transaction (a savepoint inside another). `changes`: it may change what
        today's plan reads, so when it changes a row it moves the plan's change marker
        (store/plan_cache.py): one that wrote nothing (a read that opened one) moves
        nothing. Only registering a session and keeping a plan say False. `keeps_tiers`:
        it changes nothing the tiers are computed from (predictions only), so a record
        that the kept tiers are a full pass (store/kept_tiers.py) holds after it."""
        with self._lock:
            if self.conn.in_transaction:
                before = self.conn.total_changes
                with self.db.atomic():
                    yield
                    if changes and self.conn.total_changes != before:
                        plan_cache.bump(self.conn)
                return
            if self.read_only:
                raise self._read_only_refusal()
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                before = self.conn.total_changes
                try:
                    self._check_other_writers()
                    passes = self._tiers.passes
                    kept_day = tiers_record.exact_day(self.conn) if keeps_tiers else None
                    yield
                    moved = changes and self.conn.total_changes != before
                    if moved:
                        plan_cache.bump(self.conn)
                    self._record_pass(passes, kept_day if moved else None)
                    self.conn.execute("COMMIT")
                except BaseException:
                    # A COMMIT refused (a full disk) may leave the transaction open: the
                    # next write would nest in it and never reach the file.
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    if self.conn.total_changes != before:
                        self._rolled_back()
                    raise
            except errors.Error as exc:
                raise self._fault(exc) from exc

    def _record_pass(self, passes: int, kept_day: str | None) -> None:
        """At a transaction's end, after its last move of the marker: record the kept tiers
        as a full pass if one was written in it and no save was placed after it (a pass
        that changed nothing too: the record is all it writes), or carry over `kept_day`
        (the record that held when a keeps_tiers transaction began, which moved it)."""
        if self._tiers.passes != passes:
            exact = self._tiers.exact_day
            kept_day = exact.isoformat() if exact is not None else None
        if kept_day is not None:
            tiers_record.record(self.conn, kept_day)

    def _fault(self, exc: sqlite3.Error) -> BaseException:
        """A lock held too long, a full disk, a damaged page: the seller's words (the other
        processes named); anything else raises as it is."""
        others = ""
        with suppress(*errors.Error):
            others = ", ".join(f"{host} pid {pid}" for host, pid in sessions.others(self.conn))
        return fault_of(exc, self.path, others) or exc

    @contextmanager
    def _write(self) -> Iterator[Touched]:
        """One seller action: a transaction whose touched customers get stats and tiers."""
        with self._transaction():
            outer = self._touched is None
            if outer:
                self._touched = Touched()
            touched = self._touched
            assert touched is not None
            try:
                yield touched
                if outer:
                    self._follow_up(touched)
                    for sql in touched.after_follow_up:
                        self.conn.execute(sql)
            finally:
                if outer:
                    self._touched = None
        if outer and self.refresher is not None and (touched.ids or touched.all):
            # Contacts only (a follow-up done, a contact logged): the saved customers are
            # placed already, and the seller working through the queue is not slowed by a
            # pass after every one: it waits for a pause.
            contacts_only = not (touched.model_ids or touched.all or touched.everyone)
            self.refresher.request(patient=contacts_only)
        if outer and (touched.ids or touched.all):
            self._notify()
        elif outer:
            # Nobody to tell (forgetting a customer who referred no one touches no one
            # left), but what the book's reads keep (the overview) may have moved.
            self._changes += 1

    @contextmanager
    def reading(self) -> Iterator[None]:
        """The reads made inside see one state of the book: no write lands between them."""
        with self._lock:
            yield

    @contextmanager
    def references_unchecked(self) -> Iterator[bool]:
        """SQLite's per-row foreign key checks off for the next transaction (a large
        import's: a million purchases' customer looked up one by one cost ~1 s). Yields
        whether they are off: not inside a transaction (SQLite ignores the pragma there).
        Whoever writes under it checks what it wrote itself, before it commits
        (PurchaseWriter.finish checks the customers its purchases name); on again after."""
        with self._lock:
            if self.conn.in_transaction:
                yield False
                return
            self.conn.execute("PRAGMA foreign_keys = OFF")
            try:
                yield True
            finally:
                if self.conn.in_transaction:  # a COMMIT that failed (disk full) left it open:
                    self.conn.execute("ROLLBACK")  # SQLite would ignore the pragma inside it
                self.conn.execute("PRAGMA foreign_keys = ON")

    @contextmanager
    def batch(self) -> Iterator[Touched]:
        """Many verbs (or writes of store/ modules, which add whom they changed to the
        yielded Touched) as one transaction; stats and tiers follow once, at the end."""
        with self._write() as touched:
            yield touched

    def _follow_up(self, touched: Touched) -> None:
        trim = heap_trimmer() if touched.all else None
        if touched.all:
            rebuild_all_stats(self.conn, self.rules().occasion_window_days)
            self._tiers.forget_stats()
            self._forget_queue_rows()
            # What the whole-book passes free (the stats' sorts, the tiers' columns) given
            # back before the next takes its own: a million rows' import of 88,167 new
            # customers peaked in its model's pass at 246 MiB, now 238 (the design's 250)
            if trim is not None:
                trim()
        else:
            moved = touched.ids if touched.stats_ids is None else touched.stats_ids
            refresh_stats(self.conn, moved, self.rules().occasion_window_days)
            if touched.model_ids and len(touched.ids) <= 50:
                # the purchase model's figures feed the queue's rows
                self._predict_saved(touched.model_ids)
            self._patch_queue_rows(touched.ids)
        if not (touched.ids or touched.all):
            return
        if self.refresher is None or touched.all or touched.everyone or len(touched.ids) > 50:
            if not touched.all:
                self._tiers.patch_stats(touched.ids)
            self._tiers.recompute(self.today(), self.rules(), frozenset(touched.history_ids))
            if trim is not None:
                trim()
        else:
            self._tiers.place(touched.ids, self.rules())
        # The purchase model after a bulk change (an import, as for the tiers above):
        # everyone's predictions, and a refit when due (a save's were written above).
        if (touched.all or len(touched.ids) > 50) and not touched.predictions_stay:
            self._refresh_model(everyone=True, within=True)

    # ---- tiering -------------------------------------------------------------------

    def rules(self) -> Rules:
        if self._rules is None:
            raw = self._meta("rules")
            self._rules = Rules.model_validate_json(raw) if raw else Rules()
        return self._rules

    def set_rules(self, rules: Rules) -> TierWrite:
        """Store new rules and recompute every lens with them."""
        with self._transaction():
            window_moved = rules.occasion_window_days != self.rules().occasion_window_days
            self._set_meta("rules", rules.model_dump_json())
            self._rules = rules
            if window_moved:  # the rhythm is measured between occasions: measure it again
                store_gaps(self.conn, rules.occasion_window_days)
            self._forget_queue_rows()
            result = self._tiers.recompute(self.today(), self.rules())
        self._refresh_model(everyone=True)  # CLV and churn-risk cuts are rules too
        self._notify()
        return result

    def kept_rows(
        self, as_of: date, ids: Sequence[int] | None = None, keys: Collection[str] = kept_tiers.KEYS
    ) -> kept_tiers.Columns | None:
        """Every customer's row of `xiaoben tiers` as kept (store/kept_tiers.py), or only
        the customers `ids`, in that order; None when the kept tiers are not a full pass
        of `as_of` with nothing changed since. For today, a writable book makes them so
        first (a pass over the tiers; one that moves nothing writes only that record)."""
        if as_of == self.today() and not self.read_only:
            with self._lock:
                self._check_other_writers()
                current = tiers_record.exact_day(self.conn) == as_of.isoformat()
            if not current:  # the tiers only: the model is refreshed when the book opens
                with self._transaction():
                    self._tiers.recompute(as_of, self.rules())
                self._notify()
        with self._lock:
            return kept_tiers.read(self.conn, as_of.isoformat(), ids, keys)

    def recompute(self, as_of: date | None = None) -> TierWrite:
        """Recompute every lens for every customer as of `as_of` (default today) and store it."""
        with self._transaction():
            result = self._tiers.recompute(as_of or self.today(), self.rules())
        if as_of is None or as_of == self.today():
            self._refresh_model()
        self._notify()
        return result

    # The caches (store/tiercache.py and the queue's columns) are patched by every save;
    # another process's commit changes PRAGMA data_version and drops them.

    def _check_other_writers(self) -> None:
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._data_version = version
            self._forget_caches()

    def look_for_other_writers(self) -> bool:
        """Whether another process (a `xiaoben import` in another terminal, a second window)
        has committed to the book since this Book last looked here; if so, what it keeps from
        the book is dropped and its listeners are told, as after a write of its own, so the
        list, the overview and the page show what the book holds now. Cheap (one pragma);
        skipped while this Book is writing (its lock held) or closed: the next look sees it."""
        if self._closed or not self._lock.acquire(blocking=False):
            return False
        try:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
            if self._told_version is None or version == self._told_version:
                self._told_version = version  # the first look: what the screens show now
                return False
            self._told_version = version
            self._check_other_writers()
        except errors.Error:  # a damaged or vanished file: the reads will say so
            return False
        finally:
            self._lock.release()
        self._notify()
        return True

    def _forget_caches(self) -> None:
        self._forget_queue_rows()
        self._tiers.forget()

    def _rolled_back(self) -> None:
        """A write rolled back after it changed rows: what was kept in memory from inside
        it (the queue's and the tiers' columns patched by its follow-up, the rules it set)
        is of a book the file never held: read again, and every kept read is stale."""
        self._forget_caches()
        self._rules = None
        self._plan_cache = None
        self._changes += 1

    def _background_pass(self) -> None:
        """Recompute everyone off the savers' thread, then write only what changed.

        A save places the saved customer at once; percentiles and Pareto cuts move for
        everyone, so this pass computes from a copy of the stats without holding the lock,
        then writes the differences in one short transaction. Customers saved after the
        copy keep their fresher placement (and their save asked for another pass).
        """
        with self._lock:
            # Saves hold the lock for their whole transaction: the snapshot taken here
            # contains exactly the saves counted here.
            self._check_other_writers()
            snapshot = self._tiers.snapshot(self.rules())
        with self._whole_book_pass():
            tiers, population = compute_with_population(
                snapshot.frame, snapshot.rules, snapshot.as_of
            )
        with self._transaction():
            written = self._tiers.adopt(snapshot, tiers, population)
            look_again = written is None and self._tiers.lost_stats
            caught_up = self._behind_today and self._meta("tiers_as_of") == self.today().isoformat()
        if look_again and self.refresher is not None:
            self.refresher.request()  # another process wrote: these results need a new look
        moved = written is not None and (written.written or written.removed)
        remodelled = self._refresh_model()  # a refit when due; a new day's predictions
        if caught_up:
            self._behind_today = False
        if moved or remodelled or caught_up:  # nothing moved: nothing on screen to refresh
            self._notify()

    @property
    def updating_tiers(self) -> bool:
        """Whether the book was opened on a new day and its day's pass (background mode)
        has not ended yet: the tiers read meanwhile are the kept ones, an earlier day's."""
        return self._behind_today

    @contextmanager
    def _whole_book_pass(self) -> Iterator[None]:
        """One whole-book pass at a time (self._passes), then the after-pass hook."""
        with self._passes:
            yield
        if self._after_pass is not None:
            self._after_pass()

    def after_whole_book_passes(self, hook: Callable[[], None]) -> None:
        """Call `hook` (on the pass's thread) each time a whole-book pass (tiers, a plan,
        the overview) has let its working columns go: the app gives the freed memory back
        to the system there (store/memory.py)."""
        self._after_pass = hook

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
            frame = load_rows(self.conn, [customer_id], criterion_fields(self.conn, self.rules()))
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
        return explain(frame.record(0), tiers, 0, self.rules(), lang or current_language())

    def tier_result(self, customer_id: int) -> TierResult | None:
        """The customer's stored result under every lens (None: archived, or not tiered)."""
        with self._lock:
            return tier_result(self.conn, customer_id)

    # ---- the tier lists ------------------------------------------------------------

    def lens_groups(self, lens: str) -> LensGroups:
        """A lens's groups with their customers and revenue shares."""
        with self._lock:
            return groups.lens_groups(self.conn, lens)

    def rf_grid(self) -> list[list[RfCell]]:
        """The 5×5 R×F grid of buyer counts."""
        with self._lock:
            return groups.rf_grid(self.conn)

    def group_size(self, lens: str, key: str) -> int:
        with self._lock:
            return groups.member_count(self.conn, lens, key)

    def group_members(
        self, lens: str, key: str, offset: int = 0, limit: int = 200, order: str = "lens"
    ) -> list[Member]:
        """A group's customers, highest score first (or in groups.MEMBER_ORDERS' `order`),
        rows [offset, offset + limit)."""
        with self._lock:
            return groups.members(self.conn, lens, key, offset, limit, order)

    # ---- customers -----------------------------------------------------------------

    def save_customer(
        self, customer: Customer, fields: Mapping[int, object] | None = None
    ) -> Customer:
        """Create (no id) or update a customer. Updating over a newer version is refused.

        fields: custom field values by field id, as typed (every field is checked, so a
        required one left blank is refused); None leaves the stored values as they are."""
        values = None if fields is None else self.check_field_values(fields)
        with self._write() as touched:
            if customer.id is None:
                customer_id = customer_sql.insert_customer(self.conn, customer, self._stamp())
                touched.add(customer_id, customer.referred_by)
            else:
                customer_id = customer.id
                customer = self._band_of_a_birthday(customer)
                before = customer_sql.update_customer(self.conn, customer, self._stamp())
                # An edit moves no purchase: the purchase model's figures stay unless the
                # customer was archived or brought back (the model counts the active only).
                moved = before.was_archived != customer.archived
                touched.add(customer_id, before.referrer, customer.referred_by, purchases=False)
                touched.add(customer_id, purchases=moved)
            if values is not None:
                self._write_field_values(customer_id, values)
            saved = customer_sql.fetch_customer(self.conn, customer_id)
        return saved

    def _band_of_a_birthday(self, customer: Customer) -> Customer:
        """The customer saved, her age band following a birthday with its year given now
        where the band was set from a year of birth alone (an import's 生日：1990年) and the
        save leaves it as it was (models.birthday_text.band_after_birthday)."""
        assert customer.id is not None
        found = self.conn.execute(
            "SELECT age_band, birthday, notes FROM customers WHERE id = ?", (customer.id,)
        ).fetchone()
        band = customer.age_band
        if found is None or customer.birthday is None or found[0] != (band and band.value):
            return customer  # (gone: update_customer says so; the band the save gives stands)
        before = Birthday.from_text(found[1]) if found[1] else None
        after = band_after_birthday(band, before, customer.birthday, found[2] or "", self.today())
        return customer if after == band else customer.model_copy(update={"age_band": after})

    def key_holders(
        self, customer: Customer, keys: list[tuple[str, str]]
    ) -> list[customer_sql.KeyHolder]:
        """The other customers who have these phones or WeChat ID of `customer`'s."""
        with self._lock:
            return customer_sql.key_holders(self.conn, customer, keys)

    def get_customer(self, customer_id: int) -> Customer:
        with self._lock:
            return customer_sql.fetch_customer(self.conn, customer_id)

    def archive_customer(self, customer_id: int, version: int, archived: bool = True) -> Customer:
        with self._write() as touched:
            referrer = customer_sql.fetch_customer(self.conn, customer_id).referred_by
            customer_sql.set_archived(self.conn, customer_id, version, archived, self._stamp())
            touched.add(customer_id, referrer)
            return customer_sql.fetch_customer(self.conn, customer_id)

    def forget_customer(self, customer_id: int) -> None:
        """Really erase a customer: rows overwritten (secure_delete), WAL truncated; what
        identified them kept hashed only (store/forgotten.py), for their backups."""
        with self._lock:
            self._erase_for_good({customer_id}, remember=True)

    def _erase_for_good(self, customer_ids: set[int], *, remember: bool) -> None:
        """Erase the customers' rows, overwritten (secure_delete), the WAL truncated after;
        with `remember`, what identified them kept hashed first (store/forgotten.py)."""
        from xiaoben.store import forgotten

        self.conn.execute("PRAGMA secure_delete = ON")
        try:
            with self._write() as touched:
                referrers = set()
                for customer_id in sorted(customer_ids):
                    if remember:  # before the rows (and merges) go: their backups are told
                        forgotten.remember(self.conn, customer_id)  # from a later #id
                    referrers.add(customer_sql.erase_customer(self.conn, customer_id))
                bulk.forget_all(self.conn)  # their old tags may be kept for an undo
                plan_cache.drop_kept(self.conn)  # the plan's rows name them
                left = {one for one in referrers if one is not None} - customer_ids
                touched.add(*left)
                self._forget_caches()
                if not left:
                    self._tiers.recompute(self.today(), self.rules())
        finally:
            self.conn.execute("PRAGMA secure_delete = OFF")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def find_customer(self, key: str) -> Customer | None:
        """A customer by code, #id, phone, WeChat ID or (unique) exact name."""
        from xiaoben.store.lookup import KeyIndex

        with self._lock:
            customer_id = KeyIndex.load(self.conn).resolve_text(key)
            return None if customer_id is None else self.get_customer(customer_id)

    def list_count(self, query: ListQuery) -> int:
        """How many customers the list shows for `query`."""
        with self._lock:
            return customer_list.count(self.conn, query)

    def list_window(self, query: ListQuery, offset: int, limit: int) -> list[ListRow]:
        """Rows [offset, offset + limit) of the list for `query` (the customer list screen
        reads through its own store.list_reader.ListReader instead)."""
        with self._lock:
            return customer_list.window(self.conn, query, offset, limit)

    # ---- purchases, interactions, reminders ----------------------------------------

    def add_purchase(self, purchase: Purchase) -> Purchase:
        purchase = _order_kept(purchase)
        with self._write() as touched:
            purchase_id = records.insert(self.conn, "purchases", purchase, self._stamp())
            touched.add(purchase.customer_id)
            return records.fetch(self.conn, "purchases", purchase_id)

    def edit_purchase(self, purchase: Purchase) -> Purchase:
        purchase = _order_kept(purchase)
        assert purchase.id is not None  # an edit is of a saved purchase
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

    def restore_purchase(self, deleted: Purchase) -> Purchase:
        """Take a deletion back: the purchase as it was (`delete_purchase` returned it), with
        its id when free; a merge's undo still gives it back to whom it came from, and so
        does a merge undone since the deletion (the returned purchase names whose it is)."""
        with self._write() as touched:
            purchase_id = records.reinsert(self.conn, "purchases", deleted, self._stamp())
            restored: Purchase = records.fetch(self.conn, "purchases", purchase_id)
            touched.add(restored.customer_id)
            return restored

    def purchases_of(self, customer_id: int) -> list[Purchase]:
        with self._lock:
            return records.fetch_for(self.conn, "purchases", customer_id)

    def log_contact(self, interaction: Interaction) -> Interaction:
        with self._write() as touched:
            interaction_id = records.insert(self.conn, "interactions", interaction, self._stamp())
            touched.add(interaction.customer_id, purchases=False)
            return records.fetch(self.conn, "interactions", interaction_id)

    def edit_contact(self, interaction: Interaction) -> Interaction:
        """Save a logged contact as edited (its version checked); tiers follow in the write."""
        assert interaction.id is not None  # an edit is of a logged contact
        with self._write() as touched:
            previous = records.update(self.conn, "interactions", interaction)
            touched.add(previous, interaction.customer_id, purchases=False)
            return records.fetch(self.conn, "interactions", interaction.id)

    def delete_interaction(self, interaction_id: int, version: int | None = None) -> Interaction:
        with self._write() as touched:
            deleted: Interaction = records.delete(
                self.conn, "interactions", interaction_id, version
            )
            touched.add(deleted.customer_id, purchases=False)
            return deleted

    def restore_contact(self, deleted: Interaction) -> Interaction:
        """Take a deletion back: the contact as it was (`delete_interaction` returned it),
        with its id when free, as `restore_purchase` does."""
        with self._write() as touched:
            interaction_id = records.reinsert(self.conn, "interactions", deleted, self._stamp())
            restored: Interaction = records.fetch(self.conn, "interactions", interaction_id)
            touched.add(restored.customer_id, purchases=False)
            return restored

    def interactions_of(self, customer_id: int) -> list[Interaction]:
        with self._lock:
            return records.fetch_for(self.conn, "interactions", customer_id)

    def set_reminder(self, reminder: Reminder) -> Reminder:
        """Create (no id) or update a reminder."""
        with self._transaction():
            if reminder.id is None:
                reminder_id = records.insert(self.conn, "reminders", reminder, self._stamp())
            else:
                records.update(self.conn, "reminders", reminder)
                reminder_id = reminder.id
            saved: Reminder = records.fetch(self.conn, "reminders", reminder_id)
        self._notify()
        return saved

    def reminders_of(self, customer_id: int) -> list[Reminder]:
        with self._lock:
            return records.fetch_for(self.conn, "reminders", customer_id)

    def records_window(
        self, table: records.Table, customer_id: int, offset: int, limit: int
    ) -> list[Any]:
        """A customer's purchases, contacts or reminders in the page's order (newest first;
        reminders by due day), rows [offset, offset + limit): the page reads what it shows."""
        with self._lock:
            return records.fetch_for(self.conn, table, customer_id, offset, limit)

    def record_counts(self, customer_id: int) -> records.RecordCounts:
        with self._lock:
            return records.counts_for(self.conn, customer_id)

    def record_position(self, table: records.Table, record_id: int) -> int | None:
        """Where a record is in its customer's list (0: the first), None if it is gone."""
        with self._lock:
            return records.position_of(self.conn, table, record_id)

    def tier_history(self, customer_id: int) -> list[dict[str, Any]]:
        with self._lock:
            cursor = self.conn.execute(
                "SELECT lens, from_value, to_value, as_of, changed_at FROM tier_changes"
                " WHERE customer_id = ? ORDER BY id",
                (customer_id,),
            )
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

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
            if self._overview is not None:
                kept_stamp, kept, people = self._overview
                if kept_stamp == stamp and people is not None:
                    return kept, people
                # Stale: its figures stay for overview_cached, its per-customer columns
                # (~11 MB at 100k) go before the fresh ones are made, not after.
                self._overview = (kept_stamp, kept, None)
            rules = self.rules()
            known_tiers = self._tiers.known_tiers if as_of == self.today() else None
            if self._overview_pool is None:
                # Kept for the book's life: fresh threads each time would each get a fresh
                # malloc arena, and the process's peak memory would climb with every change.
                self._overview_pool = ThreadPoolExecutor(4, thread_name_prefix="overview")
            pool = self._overview_pool
        with self._whole_book_pass():
            figures, people = self._overview_passes(pool, as_of, periods, rules, known_tiers)
        with self._lock:
            if self._changes == stamp[2]:
                self._overview = (stamp, figures, people)
        return figures, people

    def _overview_passes(
        self,
        pool: ThreadPoolExecutor,
        as_of: date,
        periods: tuple[int | None, ...],
        rules: Rules,
        known_tiers: TierFrame | None,
    ) -> tuple[Overview, CustomerColumns]:
        """The overview's passes, side by side on their own connections."""
        # Each purchaser's revenue per period (the one pass over purchases) is read beside
        # the customers' own columns (on this thread, which would otherwise wait); products
        # and months read the day totals, the forecast the predictions, on a third.
        revenue = pool.submit(self._read_only, overview_sql.revenue_part, as_of, periods)
        sums = pool.submit(self._read_only, _sums_and_forecast, as_of, periods)
        people, per_customer = self._read_only(
            overview_sql.customer_part,
            as_of,
            rules,
            TOP_N,
            periods,
            known_tiers,
            revenue.result,
        )
        products, months, forecast = sums.result()
        figures = overview_sql.assemble(
            as_of,
            len(people.customer_id),
            per_customer,
            products,
            overview_sql.with_new_customers(months, people, as_of),
            periods,
        )
        figures = dataclasses.replace(
            figures, forecast=forecast_of(forecast, counted_last_days(per_customer))
        )
        return figures, people

    def _read_only(self, part: Callable[..., Any], *args: Any) -> Any:
        conn = open_connection(
            f"file:{self.path}?mode=ro", self._key, uri=True, timeout=BUSY_TIMEOUT_SECONDS
        )
        try:
            return part(conn, *args)
        finally:
            conn.close()

    # ---- whole book ----------------------------------------------------------------

    def export(
        self,
        target: str | Path,
        *,
        force: bool = False,
        redact: bool = False,
        decrypt: bool = False,
    ) -> Path:
        """A consistent, private copy of the live book (SQLite backup API); an existing
        file at `target` is replaced only with `force`. redact=True: names, phones, WeChat
        IDs, addresses and notes taken out of the copy (store/exporting/redact.py). An
        encrypted book's copy is encrypted with the same passphrase unless `decrypt`."""
        from xiaoben.store.exporting.redact import redact_book

        then = redact_book if redact else None
        copy_key = None if decrypt else self._key
        with self._copy_source() as source:
            return export_copy(
                source,
                Path(target),
                book=self.path,
                force=force,
                then=then,
                key=self._key,
                copy_key=copy_key,
            )

    @contextmanager
    def _copy_source(self) -> Iterator[sqlite3.Connection | None]:
        """What a copy of the book (an export, a backup now) reads: a read transaction of
        its own, begun under the book's lock and then let go of, so the seller's saves go
        on while a large book is copied and checked (a 350 MB book: seconds) — a connection
        of its own for a plain book, None for an encrypted one (SQLCipher reads the file
        through a connection of the copy's, cipher.write_copy). A book not in WAL mode (a
        reader would hold the writer's commit back), or one inside a write of this Book
        (its rows not committed yet), or opened read-only (a connection of its own might not
        open there), is copied from the book's connection, under the lock,
        as before."""
        with self._copying:
            with self._lock:
                wal = self.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
                if not wal or self.conn.in_transaction or self.read_only:
                    yield self.conn
                    return
                if self._key is None:
                    conn = reader_at_snapshot(self.path)
            if self._key is not None:
                yield None
                return
            try:
                yield conn
            finally:
                conn.close()

    def backup_copy(self, target: Path, pinned: Callable[[], None]) -> Path:
        """An encrypted book's backup at `target`, under its key, while the book goes on
        being written (store.backups.backup_alongside): SQLCipher exports the file through
        a connection of the copy's, in one read transaction (`pinned` is called once it has
        begun), so the book's lock is not held. The copy gets the full integrity check as it
        is written (cipher.write_copy), and the quick one once its sessions are emptied."""
        if self._key is None:
            raise TypeError("a plain book's backup is copied through a connection of its own")
        return export_copy(
            None,
            target,
            book=self.path,
            key=self._key,
            copy_key=self._key,
            check="quick_check",
            pinned=pinned,
        )

    def export_as(self, target: str | Path, request: ExportRequest) -> Exported:
        """The book, or its tables, at `target` in the format asked for (by --format or the
        extension): a book copy, an xlsx workbook, CSV or vCard (store/exporting/)."""
        from xiaoben.store.exporting.formats import Exported, check_request, export_tables

        target = Path(target)
        refuse_export_target(target, self.path, request.force)
        if check_request(target, request) == "db":
            path = self.export(
                target, force=request.force, redact=request.redact, decrypt=request.decrypt
            )
            return Exported(path, "db")
        if self.encrypted and not request.decrypt:
            raise BookError("store.export_needs_decrypt", path=str(target))
        if request.only is not None:  # refused before anything is written: a bad word, nobody
            ids = self.view_ids(self.only_view(request.only))
            if not ids:
                raise BookError("store.export_only_none", only=request.only)
            request = dataclasses.replace(request, ids=frozenset(ids))
        return export_tables(self.path, target, request, self.rules(), self.today(), self._key)

    def export_plan(self, target: str | Path, request: ExportRequest) -> ExportPlan:
        """What export_as(target, request) would write — its format, the tables the file
        holds, whether it replaces a file — or the BookError it would be refused with."""
        from xiaoben.store.exporting.formats import plan_export

        return plan_export(Path(target), request, self.path)

    def back_up(self) -> Path:
        """A backup now, into the data folder's backups/ (store/backups.py), rotated."""
        from xiaoben.store.backups import folder_of, take_backup

        return take_backup(self, folder_of(self.path), self.now())

    def backups(self) -> list[Backup]:
        """This book's backups in the data folder's backups/, newest first, those stamped
        later than the book's clock last (store.backups.list_backups)."""
        from xiaoben.store.backups import folder_of, list_backups

        return list_backups(folder_of(self.path), self._key, self.now())

    def backups_holding(self, customer_id: int) -> Held:
        """This book's backups that still hold the customer forgotten as #`customer_id`
        (rows that surely are them), those holding someone else under that #id, and those
        that could not be read (store/backup_erase.py). Refused when the book still has a
        customer #`customer_id` or recorded no forget of that id."""
        from xiaoben.store.backup_erase import held, refuse_unsure
        from xiaoben.store.merge import PRUNED_THROUGH

        with self._lock:
            forgotten = refuse_unsure(self.conn, customer_id)
            merges_gone = self._meta(PRUNED_THROUGH) is not None
        return held(customer_id, forgotten, self.backups(), merges_gone)

    def forget_in_backups(self, found: Held) -> None:
        """Rewrite the backups of `found` (from backups_holding) without the customer."""
        from xiaoben.store.backup_erase import erase_from

        erase_from(self, found)

    def change_passphrase(self, new: str | None) -> None:
        """Encrypt the book under `new` (None: decrypt it), and close this Book: reopen it
        with the new passphrase. Written as a new file moved over the book in one rename
        (store/cipher.py), so a kill leaves it under the old passphrase or the new; an
        encrypted book names no replica (store/replication.py). The demo book stays plain;
        refused while another process has the book open."""
        if new is not None and self._meta("demo") == "1":
            raise BookError("store.demo_stays_plain", path=str(self.path))
        broken = None if new is None else new_passphrase_rule(new)
        if broken is not None:
            raise BookError(broken)
        others = self.other_writers()
        if others:
            raise cipher.rekey_refused(self.path, others, self.encrypted, new is not None)
        from xiaoben.store.replication import forget_replica

        key = self._key
        self.close()
        # Litestream cannot read an encrypted book: it names no replica.
        then = None if new is None else forget_replica
        try:
            cipher.rekey(self.path, key, None if new is None else cipher.new_key(new), then)
        except write_faults() as exc:  # the new file could not be written
            fault = write_fault(exc, self.path, expected=self.path.stat().st_size)
            if fault is None:
                raise
            reason = fault_reason(fault)
            raise BookError("store.rekey_unwritten", path=str(self.path), reason=reason) from None

    def summary_of(self, path: Path) -> dict[str, tuple[int, str | None]]:
        """Rows and last change of each table of the book (or backup) at `path`, read
        with this book's key if it is encrypted (an encrypted backup of a plain book is
        refused as such: this book would have to be encrypted to take it)."""
        from xiaoben.store.backups import book_summary

        if self._key is None and path != self.path and cipher.is_encrypted(path):
            raise BookError("store.restore_encrypted_backup", path=str(path))
        return book_summary(path, self._key)

    def replica(self) -> str | None:
        """The replica Litestream copies this book to (`xiaoben replicate --to`), if any;
        None in a copy of the book that named it (store/replication.py)."""
        url, own = self._replica()
        return url if own else None

    def copied_replica(self) -> str | None:
        """The replica this file names but does not replicate into: it is a copy of the
        book that named it (an export, a backup, a file copied by hand), or that book moved."""
        url, own = self._replica()
        return None if own else url

    def _replica(self) -> tuple[str | None, bool]:
        from xiaoben.store.replication import BOOK_KEY, META_KEY, names_replica

        with self._lock:
            url, tag = self._meta(META_KEY), self._meta(BOOK_KEY)
        return url, url is not None and names_replica(self.path, tag)

    def set_replica(self, url: str | None) -> None:
        """Remember `url` as the book's replica, named by this file (None: forget it)."""
        from xiaoben.store.replication import BOOK_KEY, META_KEY, book_tag, forget_replica

        with self._transaction():
            if url is None:
                forget_replica(self.conn)
            else:
                self._set_meta(META_KEY, url)
                self._set_meta(BOOK_KEY, book_tag(self.path))

    def last_replicated(self) -> tuple[str, datetime | None] | None:
        """(the replica, when it last received a change or None if unknown), or None when
        the book is not replicated."""
        from xiaoben.store.replication import last_replicated

        url = self.replica()
        return None if url is None else (url, last_replicated(url))

    def replace_with(self, source: Path) -> list[str]:
        """Replace the whole book with the book at `source` (a backup), through SQLite's
        backup API into this connection: the file keeps its mode, and other readers see
        the old book or the new one, never a mix. store/backups.py backs the book up first.
        A customer this book forgot whom the backup still holds is erased again (a forget
        is for good): their labels are returned."""
        from xiaoben.store import forgotten

        with self._lock:
            if self.read_only:
                raise self._read_only_refusal()
            before = forgotten.kept(self.conn)
            self._replace_from(source)
            self._rules = None
            self._forget_caches()
            self._data_version = None
            self._migrate()
            self._register_session()
            erased = self._forget_again(before)
            self._bring_up_to_date()
            with self._transaction():  # a plan kept in the backup was made before: moved on
                plan_cache.bump(self.conn)
        self._notify()
        return erased

    def _forget_again(self, before: list[dict[str, Any]]) -> list[str]:
        """Erase, from a book just replaced by a backup, the customers forgotten before
        (`before`: the tombstones the book had) or in the backup's own past, as
        forget_customer does; the tombstones stay for the backups still to rewrite."""
        from xiaoben.store import forgotten
        from xiaoben.store.lookup import customer_label

        with self._transaction(changes=False):
            found = list(forgotten.theirs_in(self.conn, forgotten.carry(self.conn, before)))
        if not found:
            return []
        self._erase_for_good({row.customer_id for row in found}, remember=False)
        return [customer_label(row.customer_id, row.code, row.name) for row in found]

    def _replace_from(self, source: Path) -> None:
        """The backup API from `source` into this book. An encrypted book takes only a
        backup under its own key (SQLCipher copies pages between equal keys only)."""
        if self._key is not None and not cipher.is_encrypted(source):
            raise BookError("store.restore_other_key", path=str(source))
        try:
            copy = open_copy(source, self._key)
        except BookError as exc:
            if exc.key == "store.wrong_passphrase":
                raise BookError("store.restore_other_key", path=str(source)) from None
            raise
        try:
            copy.backup(self.conn)
        finally:
            copy.close()

    def mark_demo(self) -> None:
        """Mark this book as the demo's, the only kind `demo --fresh` may replace."""
        with self._transaction():
            self._set_meta("demo", "1")

    def remembered_mapping(self, kind: Kind, header: Sequence[str]) -> dict[str, str]:
        """The column mapping the seller chose for the last file of `kind` with this header
        set (header text -> field or "ignore"); empty if none was remembered."""
        with self._lock:
            return import_maps.read_mapping(self.conn, kind, header)

    def remembered_date_order(self, kind: Kind, header: Sequence[str]) -> DateOrder | None:
        """The order ("month-first", "day-first") the seller said the slashed dates of the
        last file of `kind` with this header set are written in; None if none was said."""
        with self._lock:
            return import_maps.read_date_order(self.conn, kind, header)

    def remember_mapping(
        self,
        kind: Kind,
        header: Sequence[str],
        mapping: dict[str, str],
        date_order: str | None = None,
    ) -> None:
        """Remember the seller's column mapping for files with this header set (an empty
        mapping forgets it), and the date order she said (None: the one remembered stays)."""
        with self._transaction():
            import_maps.write_mapping(self.conn, kind, header, mapping, date_order)

    def plan_marker(self) -> int:
        """The plan's change marker now (store/plan_cache.py): read it before making a
        plan that `keep_plan` is to keep."""
        with self._lock:
            self._check_other_writers()
            return plan_cache.marker(self.conn)

    def keep_plan(self, made_at: int, terms: dict[str, Any], plan: dict[str, Any]) -> bool:
        """Keep `plan`, made from the book at marker `made_at`, for `xiaoben queue`'s next
        run (`terms`: as_of, capacity, days, lang). Nothing is kept when the book changed
        since (the plan may hold the change only in part), when it cannot be written, or
        when another writer holds it: keeping is never worth a wait."""
        if self.read_only:
            return False
        with self._lock:
            if self.conn.in_transaction:
                return False
            waits = self.conn.execute("PRAGMA busy_timeout").fetchone()[0]
            self.conn.execute("PRAGMA busy_timeout = 0")
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:  # busy: another process is writing
                return False
            finally:
                self.conn.execute(f"PRAGMA busy_timeout = {int(waits)}")
            try:
                if plan_cache.marker(self.conn) != made_at:
                    return False
                plan_cache.keep(self.conn, plan_cache.plan_key(made_at, **terms), plan)
            finally:
                self.conn.execute("COMMIT")
            return True

    def kept_overview(self, period: int | None, as_of: date | None = None) -> dict[str, Any] | None:
        """The overview `xiaoben report` kept for these terms (store/overview_kept.py):
        the figures as `Overview.as_dict` gives them, and the tier names to print."""
        with self._lock:
            self._check_other_writers()
            return overview_kept.read(self.conn, *self._overview_key(period, as_of))

    def start_keeping_overview(self) -> str | None:
        """A token to keep the overview about to be computed (None: it cannot be kept — a
        read-only book, another writer holding it: keeping is never worth a wait)."""
        with self._quick_write() as ready:
            return overview_kept.start(self.conn, self._overview_key(None)[0]) if ready else None

    def keep_overview(
        self, token: str | None, period: int | None, as_of: date | None, kept: dict[str, Any]
    ) -> bool:
        """Keep `kept` for `xiaoben report`'s next run, unless the book changed since the
        token was written (then nothing is kept)."""
        if token is None:
            return False
        with self._quick_write() as ready:
            return ready and overview_kept.keep(
                self.conn, token, *self._overview_key(period, as_of), kept
            )

    def _overview_key(self, period: int | None, as_of: date | None = None) -> tuple[Any, str]:
        """The kept overviews' book key, and these terms' key among them."""
        today = self.today().isoformat()
        book = overview_kept.book_key(today)
        return book, overview_kept.terms_key(as_of.isoformat() if as_of else today, period)

    @contextmanager
    def _quick_write(self) -> Iterator[bool]:
        """A write that moves no marker and never waits: yields False (and writes nothing)
        when the book is read-only, in a transaction, or held by another writer."""
        with self._lock:
            if self.read_only or self.conn.in_transaction or not self._begin_at_once():
                yield False
                return
            try:
                yield True
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _begin_at_once(self) -> bool:
        """BEGIN IMMEDIATE without waiting; False when another process is writing."""
        waits = self.conn.execute("PRAGMA busy_timeout").fetchone()[0]
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return False
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(waits)}")
        return True

    def other_writers(self) -> list[tuple[str, int]]:
        """Other processes that have this book open for writing (host, pid)."""
        with self._lock:
            return sessions.others(self.conn)

    def _register_session(self) -> None:
        with self._transaction(changes=False):
            sessions.register(self.conn, self._stamp())
        leftovers.sweep(self.path)  # a killed re-keying's copy, a restore's folder

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def _sums_and_forecast(
    conn: sqlite3.Connection, as_of: date, periods: tuple[int | None, ...]
) -> tuple[dict[int | None, tuple[Bar, ...]], tuple[Month, ...], ForecastPart]:
    products, months = sums_part(conn, as_of, periods)
    return products, months, forecast_part(conn, as_of, EXPECTED_DAYS not in periods)


def _order_kept(purchase: Purchase) -> Purchase:
    """The purchase with its note as saved: its order number kept (order_numbers.order_kept:
    订单号 E001，加急 -> 订单号 E001；加急, still that order's item in the stats)."""
    note = order_kept(purchase.note)
    return purchase if note == purchase.note else purchase.model_copy(update={"note": note})
