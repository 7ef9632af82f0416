"""A debounced runner: call a function on a thread of its own once requests settle.

Requests that come close together (saves in a row) make one run, a quiet moment after
the last of them, and never later than MAX_DELAY_SECONDS after the first. A patient
request (a contact logged: follow-ups marked done one after another) waits for a longer
pause instead, however long the run of them, unless someone waits for it. The Book runs
its background tier pass with it (Book._background_pass); this module knows nothing of
books, tiers or SQL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

DEBOUNCE_SECONDS = 0.15
MAX_DELAY_SECONDS = 1.0
PATIENT_SECONDS = 2.0  # the pause a patient request waits for


class Refresher:
    """Runs `run` after requests settle; `wait()` until it has, `stop()` when done."""

    def __init__(self, run: Callable[[], None], name: str = "xiaoben-refresh") -> None:
        self._run = run
        self._condition = threading.Condition()
        self._requested_at: float | None = None
        self._first_request: float | None = None  # of the urgent requests pending
        self._hurry = False  # someone waits: a patient request runs now
        self._running = False
        self._stopped = False
        self.passes = 0
        self.last_error: BaseException | None = None
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def request(self, patient: bool = False) -> None:
        """Ask for a run (from any thread, also from within a run: then another follows);
        `patient`: it may wait until requests pause for PATIENT_SECONDS."""
        with self._condition:
            now = time.monotonic()
            self._requested_at = now
            if self._first_request is None and not patient:
                self._first_request = now
            self._condition.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no pass is pending or running; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._condition:
            self._hurry = self._requested_at is not None
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
                self._hurry = False
                self._running = True
            try:
                self._run()
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
        quiet = now - self._requested_at >= self._pause()
        overdue = self._first_request is not None and now - self._first_request >= MAX_DELAY_SECONDS
        return quiet or overdue or self._hurry

    def _pause(self) -> float:
        """How long requests must pause before a run: only patient ones pending wait longer."""
        return DEBOUNCE_SECONDS if self._first_request is not None else PATIENT_SECONDS

    def _sleep_time(self) -> float | None:
        if self._requested_at is None:
            return None
        return max(0.005, self._pause() - (time.monotonic() - self._requested_at))
