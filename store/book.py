"""The seller's book: one SQLite file, opened once, changed only through its verbs.

Every verb is one transaction (BEGIN IMMEDIATE, so a second process waits instead of
failing half-way) that writes the record, refreshes the touched customers' stats and
brings the tiers up to date. A Book owns one writer connection; it may be used from
several threads (all writes hold one lock).
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from models.customer import Customer
from models.errors import BookError
from models.i18n import Lang
from models.interaction import Interaction, Reminder
from models.purchase import Purchase
from models.rules import Rules
from store import customers as customer_sql
from store import records
from store.files import check_is_sqlite, create_private, export_copy
from store.schema import SCHEMA_VERSION, migrations
from store.stats import load_frame, load_rows, rebuild_all_stats, refresh_stats
from store.tierstore import TierWrite, load_figures, load_tiers, save_figures, write_tiers
from tiering import Population, compute, explain, place
from tiering.frame import StatsFrame, TierFrame

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
        self._population: tuple[Population, StatsFrame] | None = None
        self._rules: Rules | None = None
        self._save_counter = 0  # placements so far (the background pass compares against it)
        self._recently_saved: dict[int, int] = {}  # customer id -> counter at its placement
        self._listeners: list[Callable[[], None]] = []
        self._closed = False
        self.refresher = None
        if background:
            from store.refresher import Refresher

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
        elif self._meta("tiers_as_of") != self.today().isoformat():
            if self.refresher is not None:
                self.refresher.request()
            else:
                self.recompute()

    def close(self) -> None:
        if self._closed:
            return
        if self.refresher is not None:
            self.refresher.stop()
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
        else:
            refresh_stats(self.conn, touched.ids)
        if not (touched.ids or touched.all):
            return
        if self.refresher is None or touched.all or len(touched.ids) > 50:
            self._recompute_in_transaction(self.today())
        else:
            self._place(touched.ids)

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
            self._population = None
            result = self._recompute_in_transaction(self.today())
        self._notify()
        return result

    def recompute(self, as_of: date | None = None) -> TierWrite:
        """Recompute every lens for every customer as of `as_of` (default today) and store it."""
        with self._transaction():
            result = self._recompute_in_transaction(as_of or self.today())
        self._notify()
        return result

    def _stored_tiers(self) -> TierFrame:
        if self._stored is None:
            self._stored = load_tiers(self.conn)
        return self._stored

    def _recompute_in_transaction(self, as_of: date) -> TierWrite:
        frame = load_frame(self.conn, as_of)
        tiers = compute(frame, self.rules(), as_of)
        result = write_tiers(self.conn, self._stored_tiers(), tiers, as_of, _stamp())
        save_figures(self.conn, tiers.figures, as_of)
        self._stored = tiers
        if as_of == self.today():
            self._population = (Population.build(frame, self.rules(), as_of), frame)
        return result

    def _place(self, customer_ids: set[int]) -> None:
        """Place just these customers against everyone else's last full pass."""
        as_of = self.today()
        if self._population is None:
            frame = load_frame(self.conn, as_of)
            self._population = (Population.build(frame, self.rules(), as_of), frame)
        population, frame = self._population
        fresh = load_rows(self.conn, customer_ids)
        ids = sorted(customer_ids)
        stored = load_tiers(
            self.conn, "WHERE customer_id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)
        )
        self._save_counter += 1
        for customer_id in ids:
            self._recently_saved[customer_id] = self._save_counter
        for k in range(len(fresh)):
            new = fresh.record(k)
            position = int(_position(frame, new.customer_id))
            old = frame.record(position) if position >= 0 else None
            placed = place(population, old, new)
            write_tiers(self.conn, _only(stored, new.customer_id), placed, as_of, _stamp())
        untiered = set(ids) - set(fresh.customer_id.tolist())  # archived just now
        self.conn.executemany(
            "DELETE FROM tiers WHERE customer_id = ?", [(i,) for i in sorted(untiered)]
        )
        self._stored = None  # the table moved under the cached frame; reload when needed

    def settle(self, timeout: float | None = None) -> bool:
        """Wait until every customer's tiers reflect every save (background mode)."""
        if self.refresher is None:
            return True
        return self.refresher.wait(timeout)

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` (from any thread) after every write and background pass."""
        self._listeners.append(listener)

    def _notify(self) -> None:
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
        tiers = TierFrame(**{**_frame_fields(tiers), "figures": figures})
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
                    self._stored = None
                    self._population = None
                    if referrer is None:
                        self._recompute_in_transaction(self.today())
            finally:
                self.conn.execute("PRAGMA secure_delete = OFF")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def find_customer(self, key: str) -> Customer | None:
        """A customer by code, #id, phone, WeChat ID or (unique) exact name."""
        from store.lookup import KeyIndex

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
    from models.i18n import current_language

    return current_language()


def _position(frame: StatsFrame, customer_id: int) -> int:
    import numpy as np

    index = int(np.searchsorted(frame.customer_id, customer_id))
    if index < len(frame) and int(frame.customer_id[index]) == customer_id:
        return index
    return -1


def _frame_fields(tiers: TierFrame) -> dict[str, Any]:
    return {name: getattr(tiers, name) for name in tiers.__dataclass_fields__}


def _only(tiers: TierFrame, customer_id: int) -> TierFrame:
    mask = tiers.customer_id == customer_id
    fields = _frame_fields(tiers)
    return TierFrame(
        **{
            name: (value[mask] if hasattr(value, "shape") else value)
            for name, value in fields.items()
        }
    )
