"""Pilot scaffolding the screen tests share."""

from __future__ import annotations

from textual.app import App
from textual.worker import WorkerCancelled


async def workers_done(app: App[object]) -> None:
    """Wait for every worker to finish. An exclusive worker cancelled by a newer one (a
    keystroke restarting a search) has finished too: that is not a failure of the test."""
    while True:
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue
