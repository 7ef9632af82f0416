"""The tiers kept in memory: everyone's stats as of today and what the tiers table holds.

Patched by every save (a saved customer is placed against the last full pass), so that
neither a save nor the background pass reads 100,000 rows back from SQLite. The writing
methods run inside the caller's transaction, the reading ones under its lock; the cache
takes neither (the Book owns both). Nothing here knows about threads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from xiaoben.models.fields import FieldDef
from xiaoben.models.rules import Rules
from xiaoben.store import frame_edits
from xiaoben.store.criteria import criterion_fields
from xiaoben.store.driver import sqlite3
from xiaoben.store.stats import load_frame, load_rows
from xiaoben.store.tierstore import (
    TierCodes,
    TierWrite,
    load_tier_codes,
    load_tiers,
    save_figures,
    write_tiers,
)
from xiaoben.tiering.compute import Population, compute_with_population, place
from xiaoben.tiering.frame import CustomerStats, StatsFrame, TierFrame, epoch_day


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everyone's stats as a background pass copied them, and the counts at that moment."""

    frame: StatsFrame  # the cache's own, shared: a save copies it before patching (_writable)
    rules: Rules
    as_of: date
    saves_seen: int
    recomputes_seen: int


class TierCache:
    """The stats frame as of today, the stored tiers, and the placement state of saves."""

    def __init__(
        self, conn: sqlite3.Connection, today: Callable[[], date], stamp: Callable[[], str]
    ) -> None:
        self._conn = conn
        self._today = today
        self._stamp = stamp  # the time written beside each tier change
        self._stored: TierFrame | None = None  # what the tiers table holds, when known
        self._frame: StatsFrame | None = None  # every active customer's stats, as of _frame_day
        self._frame_day: date | None = None
        # A background pass's snapshot holds _frame: the next patch copies it first, so the
        # pass never needs a copy of its own (11 MB at 100k, alive through the whole pass).
        self._frame_shared = False
        self._population: Population | None = None  # the last full pass, to place saves against
        self._originals: dict[int, CustomerStats | None] = {}  # rows the population knew
        self._tier_codes: tuple[tuple[int, int], TierCodes] | None = None
        self._saves = 0  # placements so far (a background pass compares against it)
        self._full_recomputes = 0  # everyone recomputed (a background pass compares too)
        self._recently_saved: dict[int, int] = {}  # customer id -> _saves at its placement
        # The custom fields the score counts, for the rules' criterion ids they were read for.
        self._criteria_of: tuple[frozenset[int], tuple[FieldDef, ...]] | None = None
        # The day of the full pass the tiers table holds while it holds one: None once a
        # save is placed against it or the stats move under it (store/kept_tiers.py).
        self._exact_day: date | None = None
        self._passes = 0  # full passes written (recomputes and adopted background passes)

    # ---- reading -----------------------------------------------------------------

    @property
    def exact_day(self) -> date | None:
        """The day of the full pass the tiers table holds, if it holds one (as far as this
        cache has seen: another process's write is the marker's to tell)."""
        return self._exact_day

    @property
    def passes(self) -> int:
        """Full passes written so far."""
        return self._passes

    @property
    def known_tiers(self) -> TierFrame | None:
        """The stored tiers if they are in memory (never reads them)."""
        return self._stored

    def stored_tiers(self) -> TierFrame:
        """What the tiers table holds (read once, then kept)."""
        if self._stored is None:
            self._stored = load_tiers(self._conn)
        return self._stored

    def queue_tiers(self) -> TierFrame | TierCodes:
        """The stored tiers when in memory, else just the three codes the queue needs
        (kept until tiers are next written: every write bumps one of the two counters)."""
        if self._stored is not None:
            return self._stored
        stamp = (self._full_recomputes, self._saves)
        if self._tier_codes is None or self._tier_codes[0] != stamp:
            self._tier_codes = (stamp, load_tier_codes(self._conn))
        return self._tier_codes[1]

    def _criteria(self, rules: Rules) -> tuple[FieldDef, ...]:
        """The score's custom criteria under `rules` (read again when the rules name other
        fields, or after forget_stats: a field was removed, restored or changed)."""
        wanted = rules.criterion_ids()
        if self._criteria_of is None or self._criteria_of[0] != wanted:
            self._criteria_of = (wanted, criterion_fields(self._conn, rules))
        return self._criteria_of[1]

    def _today_frame(self, rules: Rules) -> StatsFrame:
        as_of = self._today()
        criteria = self._criteria(rules)
        if (
            self._frame is None
            or self._frame_day != as_of
            or self._frame.criteria_fields != criteria
        ):
            self._frame = load_frame(self._conn, as_of, criteria)
            self._frame_day = as_of
            self._frame_shared = False
            self._population = None
        return self._frame

    def _writable(self) -> StatsFrame:
        """The cache's frame, to patch in place: copied first if a snapshot still holds it."""
        assert self._frame is not None  # loaded by the caller
        if self._frame_shared:
            self._frame = frame_edits.copy(self._frame)
            self._frame_shared = False
        return self._frame

    # ---- following writes ----------------------------------------------------------

    def forget(self) -> None:
        """Drop everything: the file changed behind the cache (another process, an erasure)."""
        self._tier_codes = None
        self._frame = None
        self._stored = None
        self._population = None
        self._originals = {}
        self._exact_day = None

    def forget_stats(self) -> None:
        """Drop the stats frame: every customer's stats changed (a bulk import), or the
        score's custom criteria did (a field removed, restored or its options changed)."""
        self._frame = None
        self._criteria_of = None
        self._exact_day = None

    def patch_stats(self, customer_ids: Iterable[int]) -> None:
        """Bring the stats frame up to date for these customers (their stats just changed)."""
        self._exact_day = None  # until a pass or a placement follows
        if self._frame is None:
            return
        changed = set(customer_ids)
        fresh = load_rows(self._conn, changed, self._frame.criteria_fields)
        if len(fresh) and int(fresh.last_purchase_day.max()) > epoch_day(self._today()):
            self._frame = None  # dated after today: the all-time stats are not as of today
            return
        gone = changed - set(fresh.customer_id.tolist())  # archived or forgotten
        self._frame = frame_edits.drop(frame_edits.upsert(self._writable(), fresh), gone)

    def recompute(
        self, as_of: date, rules: Rules, history_ids: frozenset[int] = frozenset()
    ) -> TierWrite:
        """Every lens for everyone as of `as_of`, written where it changed; the moves of
        `history_ids` logged against their tier history (store/tierstore.py write_tiers)."""
        self._full_recomputes += 1
        today = as_of == self._today()
        if today:
            frame = self._today_frame(rules)
        else:
            frame = load_frame(self._conn, as_of, criterion_fields(self._conn, rules))
        tiers, population = compute_with_population(frame, rules, as_of)
        # Compared with what is stored, then replaced: the stored points are not needed.
        stored = self._stored if self._stored is not None else load_tiers(self._conn, points=False)
        result = write_tiers(
            self._conn,
            stored,
            tiers,
            as_of,
            self._stamp(),
            lapse_days=rules.lapse_days,
            history_ids=history_ids,
        )
        save_figures(self._conn, tiers.figures, as_of)
        self._stored = tiers
        if today:
            self._population, self._originals = population, {}
        self._exact_day, self._passes = as_of, self._passes + 1
        return result

    def place(self, customer_ids: set[int], rules: Rules) -> None:
        """Place just these customers against everyone else's last full pass."""
        as_of = self._today()
        self._today_frame(rules)
        frame = self._writable()
        if self._population is None:
            self._population, self._originals = Population.build(frame, rules, as_of), {}
        population = self._population
        fresh = load_rows(self._conn, customer_ids, frame.criteria_fields)
        if len(fresh) and int(fresh.last_purchase_day.max()) > epoch_day(as_of):
            # Dated after today: the all-time stats are not as of today. Recompute everyone.
            self.recompute(as_of, rules)
            return
        self._exact_day = None  # placed against the last pass, not a pass of its own
        self._saves += 1
        for customer_id in customer_ids:
            self._recently_saved[customer_id] = self._saves
        stored = self.stored_tiers()
        for k in range(len(fresh)):
            new = fresh.record(k)
            at = frame_edits.position(frame.customer_id, new.customer_id)
            if new.customer_id not in self._originals:
                self._originals[new.customer_id] = frame.record(at) if at >= 0 else None
            placed = place(population, self._originals[new.customer_id], new)
            before = frame_edits.take(stored, {new.customer_id})
            write_tiers(
                self._conn, before, placed, as_of, self._stamp(), lapse_days=rules.lapse_days
            )
            stored = frame_edits.upsert(stored, placed)
            frame = frame_edits.upsert(frame, frame_edits.take(fresh, {new.customer_id}))
        untiered = customer_ids - set(fresh.customer_id.tolist())  # archived just now
        if untiered:
            self._conn.executemany(
                "DELETE FROM tiers WHERE customer_id = ?", [(i,) for i in sorted(untiered)]
            )
            # The population still counts them: the next full pass must not build on it.
            stored = frame_edits.drop(stored, untiered)
            frame = frame_edits.drop(frame, untiered)
            self._population = None
        self._stored, self._frame = stored, frame

    # ---- the background pass -------------------------------------------------------

    def snapshot(self, rules: Rules) -> Snapshot:
        """Today's stats to compute everyone from without holding the lock, and the counts
        that tell `adopt` which saves the result already contains."""
        frame = self._today_frame(rules)
        self._frame_shared = True
        return Snapshot(
            frame=frame,
            rules=rules,
            as_of=self._today(),
            saves_seen=self._saves,
            recomputes_seen=self._full_recomputes,
        )

    @property
    def lost_stats(self) -> bool:
        """The stats frame was dropped (another process wrote): a new pass must look again."""
        return self._frame is None

    def adopt(
        self, snapshot: Snapshot, tiers: TierFrame, population: Population
    ) -> TierWrite | None:
        """Write a background pass's results; None when they are older than the table's."""
        if self._frame is snapshot.frame:  # the pass is done with it (it holds one at a
            # time): the next save patches it in place, not a 9 MB copy at 100k
            self._frame_shared = False
        if self._full_recomputes != snapshot.recomputes_seen or self._frame is None:
            return None  # everyone was recomputed since the snapshot, or another process wrote
        # Customers saved after the snapshot keep their fresher placement.
        saves_seen = snapshot.saves_seen
        newer = frozenset(i for i, n in self._recently_saved.items() if n > saves_seen)
        stored = self.stored_tiers()
        written = write_tiers(
            self._conn,
            stored,
            tiers,
            snapshot.as_of,
            self._stamp(),
            newer,
            lapse_days=snapshot.rules.lapse_days,
        )
        save_figures(self._conn, tiers.figures, snapshot.as_of)
        if newer:
            tiers = frame_edits.upsert(tiers, frame_edits.take(stored, set(newer)))
        self._stored = tiers
        self._population = population
        frame = snapshot.frame
        self._originals = {
            i: frame.record(at) if (at := frame_edits.position(frame.customer_id, i)) >= 0 else None
            for i in newer
        }
        self._recently_saved = {i: n for i, n in self._recently_saved.items() if n > saves_seen}
        self._exact_day = None if newer else snapshot.as_of
        self._passes += 1
        return written
