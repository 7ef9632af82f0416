"""The background pass: after saves settle, recompute everyone's tiers off the caller's thread.

A save places the saved customer at once; percentiles and Pareto cuts move for everyone,
so this pass copies the book's in-memory stats frame, computes without holding the
writer lock, then writes only the differences in one short transaction. Customers saved
after the copy keep their fresher placement and trigger another pass.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from xiaoben.store import frame_edits
from xiaoben.store.tierstore import save_figures, write_tiers
from xiaoben.tiering import compute_with_population

if TYPE_CHECKING:
    from xiaoben.store.book import Book

DEBOUNCE_SECONDS = 0.15
MAX_DELAY_SECONDS = 1.0


class Refresher:
    def __init__(self, book: Book) -> None:
        self._book = book
        self._condition = threading.Condition()
        self._requested_at: float | None = None
        self._first_request: float | None = None
        self._running = False
        self._stopped = False
        self.passes = 0
        self.last_error: BaseException | None = None
        self._thread = threading.Thread(target=self._loop, name="xiaoben-refresh", daemon=True)
        self._thread.start()

    def request(self) -> None:
        with self._condition:
            now = time.monotonic()
            self._requested_at = now
            if self._first_request is None:
                self._first_request = now
            self._condition.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no pass is pending or running; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._condition:
            while self._requested_at is not None or self._running:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._condition.notify_all()
                self._condition.wait(remaining if remaining is not None else 0.05)
        return True

    def stop(self) -> None:
        self.wait(timeout=30)
        with self._condition:
            self._stopped = True
            self._condition.notify_all()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while True:
            with self._condition:
                while not self._stopped and not self._due():
                    self._condition.wait(self._sleep_time())
                if self._stopped:
                    return
                self._requested_at = None
                self._first_request = None
                self._running = True
            try:
                self._pass()
                self.last_error = None
            except Exception as exc:  # kept for the app to show; the next save retries
                self.last_error = exc
            finally:
                with self._condition:
                    self._running = False
                    self.passes += 1
                    self._condition.notify_all()

    def _due(self) -> bool:
        if self._requested_at is None:
            return False
        now = time.monotonic()
        quiet = now - self._requested_at >= DEBOUNCE_SECONDS
        overdue = self._first_request is not None and now - self._first_request >= MAX_DELAY_SECONDS
        return quiet or overdue

    def _sleep_time(self) -> float | None:
        if self._requested_at is None:
            return None
        return max(0.005, DEBOUNCE_SECONDS - (time.monotonic() - self._requested_at))

    def _pass(self) -> None:
        book = self._book
        with book._lock:
            # Saves hold the lock for their whole transaction: the snapshot taken here
            # contains exactly the saves counted here.
            book._check_other_writers()
            as_of = book.today()
            rules = book.rules()
            saves_seen = book._save_counter
            recomputes_seen = book._full_recomputes
            frame = frame_edits.copy(book._today_frame())
        tiers, population = compute_with_population(frame, rules, as_of)
        with book._transaction():
            if book._full_recomputes != recomputes_seen or book._frame is None:
                # Everyone was recomputed since the snapshot, or another process wrote:
                # these results are older than the table's. (The latter needs a new look.)
                if book._frame is None:
                    self.request()
                return
            # Customers saved after the snapshot keep their fresher placement.
            newer = frozenset(i for i, n in book._recently_saved.items() if n > saves_seen)
            written = write_tiers(book.conn, book._stored_tiers(), tiers, as_of, _stamp(), newer)
            save_figures(book.conn, tiers.figures, as_of)
            if newer:
                tiers = frame_edits.upsert(
                    tiers, frame_edits.take(book._stored_tiers(), set(newer))
                )
            book._stored = tiers
            book._population = population
            book._originals = {
                i: frame.record(at)
                if (at := frame_edits.position(frame.customer_id, i)) >= 0
                else None
                for i in newer
            }
            for customer_id in [i for i, n in book._recently_saved.items() if n <= saves_seen]:
                del book._recently_saved[customer_id]
        if written.written or written.removed:  # nothing moved: nothing on screen to refresh
            book._notify()


def _stamp() -> str:
    from datetime import datetime

    return datetime.now().isoformat(timespec="seconds")
