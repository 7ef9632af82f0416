"""The Book's merge verbs: two records of one person made one, the undo, and the
possible duplicates a seller reviews.

Mixed into Book (store/book.py), whose lock, transactions and clock they use. The SQL is
store/merge.py and store/duplicates.py; which side each field comes from, models/merge.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from xiaoben.models.customer import Customer
from xiaoben.models.errors import BookError, ConflictError
from xiaoben.models.fields import FieldDef
from xiaoben.models.merge import Choices, CustomValues, merged_customer
from xiaoben.store import customers as customer_sql
from xiaoben.store import duplicates
from xiaoben.store import fields as field_sql
from xiaoben.store import merge as merge_sql
from xiaoben.store.driver import sqlite3
from xiaoben.store.duplicates import Duplicates
from xiaoben.store.merge import KeptMerge, MergeSummary

if TYPE_CHECKING:
    from xiaoben.store.book import Touched

Saved = TypeVar("Saved")


@dataclass(frozen=True, slots=True)
class MergeResult:
    token: int  # Book.undo_merge(token) puts both customers back
    survivor: Customer  # as saved after the merge
    absorbed_name: str
    moved: MergeSummary
    absorbed: Customer | None = None  # as they were before the merge
    survivor_was: Customer | None = None  # the survivor before the merge


def _check_versions(found: tuple[int, int], shown: tuple[int, int] | None) -> None:
    """ConflictError if either customer changed since the seller was shown them."""
    for theirs, ours in zip(found, shown or found, strict=True):
        if theirs != ours:
            raise ConflictError("store.conflict", what="customer", theirs=theirs, ours=ours)


class MergeVerbs:
    """Merging customers of a Book, and finding the ones to merge."""

    conn: sqlite3.Connection
    _lock: threading.RLock
    if TYPE_CHECKING:

        def _stamp(self) -> str: ...
        def today(self) -> date: ...
        def _transaction(self) -> AbstractContextManager[None]: ...
        def _write(self) -> AbstractContextManager[Touched]: ...
        def _notify(self) -> None: ...
        def field_map(self) -> dict[int, FieldDef]: ...

    def merge_preview(self, survivor_id: int, absorbed_id: int) -> MergeSummary:
        """What merging `absorbed_id` into `survivor_id` would move."""
        with self._lock:
            customer_sql.fetch_customer(self.conn, survivor_id)
            customer_sql.fetch_customer(self.conn, absorbed_id)
            return merge_sql.summary(self.conn, absorbed_id)

    def merge_custom_values(self, survivor_id: int, absorbed_id: int) -> CustomValues:
        """The book's custom fields and the two customers' values of them, for a merge."""
        with self._lock:
            fields = self.field_map()
            found = field_sql.values_of(self.conn, [survivor_id, absorbed_id], fields)
        return CustomValues(fields, found.get(survivor_id, {}), found.get(absorbed_id, {}))

    def merge_customers(
        self,
        survivor_id: int,
        absorbed_id: int,
        choices: Choices | None = None,
        *,
        versions: tuple[int, int] | None = None,
    ) -> MergeResult:
        """Make two customers one, in one transaction: the survivor takes the chosen fields
        (models/merge.py: a field not in `choices` takes its default), every record of the
        absorbed customer, their queue history and referrals; the absorbed customer is gone;
        everyone's tiers are recomputed. `versions` (survivor's, absorbed's as the seller saw
        them): refused if either changed since. Undo with `undo_merge(result.token)`."""
        if survivor_id == absorbed_id:
            raise BookError("store.merge_same")
        with self._transaction():
            with self._write() as touched:
                survivor = customer_sql.fetch_customer(self.conn, survivor_id)
                absorbed = customer_sql.fetch_customer(self.conn, absorbed_id)
                _check_versions((survivor.version, absorbed.version), versions)
                custom = self.merge_custom_values(survivor_id, absorbed_id)
                choices = choices or {}
                merged = merged_customer(survivor, absorbed, choices, self.today(), custom)
                moved = merge_sql.summary(self.conn, absorbed_id)
                undo = merge_sql.move_records(self.conn, survivor_id, absorbed_id)
                customer_sql.update_customer(self.conn, merged, self._stamp())
                merge_sql.remember_keys(self.conn, survivor_id, undo)
                values = custom.merged_values(choices)
                field_sql.write_values(self.conn, survivor_id, custom.fields, values)
                # The person has been in the book since the earlier of the two (the queue
                # counts overdue days from it).
                self.conn.execute(
                    "UPDATE customers SET created_at = min(created_at, ?) WHERE id = ?",
                    (undo["absorbed"]["created_at"], survivor_id),
                )
                saved = customer_sql.fetch_customer(self.conn, survivor_id)
                before = merge_sql.last_tier_change(self.conn)
                undo["logged"] = [before, before]
                token = merge_sql.record(
                    self.conn, survivor_id, absorbed_id, saved.version, self._stamp(), undo
                )
                touched.add(survivor_id, absorbed_id, survivor.referred_by, absorbed.referred_by)
                touched.add(merged.referred_by)
                touched.everyone = True
            merge_sql.set_logged_moves(self.conn, token, merge_sql.last_tier_change(self.conn))
        return MergeResult(token, saved, absorbed.name, moved, absorbed, survivor)

    def undo_merge(self, token: int) -> tuple[Customer, Customer]:
        """Put both customers of merge `token` back as they were, with everything that moved
        (the survivor, then the absorbed customer). Refused, with a message, once the survivor
        has been edited since (the edit would be lost)."""
        with self._transaction():
            with self._write() as touched:
                survivor_id, absorbed_id, _, undo = merge_sql.load_undo(self.conn, token)
                merged_referrer = customer_sql.fetch_customer(self.conn, survivor_id).referred_by
                _, _, moved = merge_sql.restore(self.conn, token)
                touched.add(survivor_id, absorbed_id, merged_referrer)
                touched.add(undo["survivor"]["referred_by"], undo["absorbed"]["referred_by"])
                touched.everyone = True
                after = merge_sql.last_tier_change(self.conn)
            merge_sql.forget_undone_moves(self.conn, after, moved | {survivor_id, absorbed_id})
            return (
                customer_sql.fetch_customer(self.conn, survivor_id),
                customer_sql.fetch_customer(self.conn, absorbed_id),
            )

    def kept_merges(self, survivor_id: int | None = None) -> list[KeptMerge]:
        """The merges whose undo the book keeps (of one survivor when given), newest first,
        each saying whether `undo_merge` would take it now."""
        with self._lock:
            return merge_sql.kept_merges(self.conn, survivor_id)

    def merged_into(self, customer_id: int) -> tuple[Customer, str] | None:
        """Whom a customer no longer in the book was merged into (and the name they had),
        while the merge can still be undone; None otherwise."""
        with self._lock:
            found = merge_sql.merged_into(self.conn, customer_id)
            if found is None:
                return None
            return customer_sql.fetch_customer(self.conn, found[0]), found[1]

    def where_now(self, customer_id: int) -> Customer | None:
        """Where a customer a window followed through a merge elsewhere is now: herself when
        she is in the book (the merge undone since), whom she was merged into while the merge
        can be undone (merged on since: the last), None when neither can be told."""
        with self._lock:
            if merge_sql.exists(self.conn, customer_id):
                return customer_sql.fetch_customer(self.conn, customer_id)
            found = merge_sql.merged_into(self.conn, customer_id)
            return customer_sql.fetch_customer(self.conn, found[0]) if found else None

    def saved_as_merged(self, followed: int, survivor_id: int, save: Callable[[], Saved]) -> Saved:
        """`save` (a verb of this book) of a record of customer `followed` that went with her
        to `survivor_id` when she was merged there elsewhere, in one transaction with the
        check that she still is: refused (store.merge_undone, nothing changed) once the merge
        was undone (she is in the book again) or she was merged on elsewhere, so that her
        record is never saved on a customer she is no longer part of."""
        with self._transaction():
            now = self.where_now(followed)
            if now is not None and now.id != survivor_id:
                raise BookError("store.merge_undone", key=followed)
            return save()

    def possible_duplicates(self, limit: int | None = None) -> Duplicates:
        """Pairs of customers who are probably one person, likeliest first (dismissed pairs
        left out); the first `limit` when given, and how many there are in all."""
        with self._lock:
            return duplicates.possible_duplicates(self.conn, limit)

    def likely_twins(self, customer_id: int, limit: int = 30) -> list[int]:
        """Who may be the same person as this customer, likeliest first (shared phone or
        WeChat ID, then the same name; dismissed pairs left out)."""
        with self._lock:
            return duplicates.likely_twins(self.conn, customer_id, limit)

    def dismiss_duplicate(self, first_id: int, second_id: int) -> None:
        """The seller says these two are different people: never offer the pair again.
        Refused (store.not_found) when either is gone from the book (merged or forgotten
        elsewhere since the pair was listed): there is no pair to dismiss."""
        with self._transaction():
            for customer_id in (first_id, second_id):
                if not merge_sql.exists(self.conn, customer_id):
                    raise BookError("store.not_found", what="customer", key=customer_id)
            duplicates.dismiss(self.conn, first_id, second_id, self._stamp())
        self._notify()

    def dismissed_duplicates(self) -> list[tuple[int, str, str | None, int, str, str | None]]:
        """The pairs the seller said are two people, newest first (id, name, code of each)."""
        with self._lock:
            return duplicates.dismissed(self.conn)

    def undismiss_duplicate(self, first_id: int, second_id: int) -> bool:
        """Take back `dismiss_duplicate`: the pair is offered again when it still looks like
        one person. False if the pair was not dismissed (nothing changed)."""
        with self._transaction():
            taken = duplicates.undismiss(self.conn, first_id, second_id)
        self._notify()
        return taken
