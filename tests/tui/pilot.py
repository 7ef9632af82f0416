"""The one Pilot scaffold the screen tests share: the fixed day, running a story against
the app, waiting until it is quiet, and picking customers of the small demo book."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

from xiaoben.tui.app import XiaobenApp

TODAY = date(2026, 11, 23)  # the demo book's day, and the app's clock in every test
SIZE = (100, 32)
DEBOUNCE = 0.15  # longer than any screen's pause before it follows typing or a change
DEBOUNCE_TIMERS = ("_search_timer", "_refresh_timer", "_preview_timer")

Story = Callable[[XiaobenApp, Pilot[None]], Awaitable[None]]


def today() -> date:
    return TODAY


def run(app: XiaobenApp, story: Story, size: tuple[int, int] = SIZE) -> None:
    """Run `story` against `app` in a headless terminal of `size`, once the app is quiet."""

    async def inner() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await story(app, pilot)

    asyncio.run(inner())


async def workers_done(app: App[object]) -> None:
    """Wait for every worker to finish. An exclusive worker cancelled by a newer one (a
    keystroke restarting a search) has finished too: that is not a failure of the test."""
    while True:
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


async def settle(pilot: Pilot[None], rounds: int = 20) -> None:
    """Wait until the app is quiet: every worker finished, the book's background pass done,
    and any debounced follow-up (typing, a book change) fired and finished in turn."""
    app = pilot.app
    assert isinstance(app, XiaobenApp)
    for round_ in range(rounds):
        await workers_done(app)
        app.book.settle(5)
        await pilot.pause()
        if any(getattr(app.screen, timer, None) is not None for timer in DEBOUNCE_TIMERS):
            await pilot.pause(DEBOUNCE)
        elif round_ >= 2 and all(worker.is_finished for worker in app.workers):
            return


def post_in_one_read(app: App[object], *keys: str) -> None:
    """Post every key before any is handled, as the driver does with one terminal read."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def _first(app: XiaobenApp, where: str) -> int:
    with app.book._lock:
        row = app.book.conn.execute(
            "SELECT c.id FROM customers c JOIN tiers t ON t.customer_id = c.id"
            f" WHERE c.archived = 0 AND {where} ORDER BY c.code LIMIT 1"
        ).fetchone()
    assert row is not None, where
    return int(row[0])


def buyer(app: XiaobenApp, tier: str = "A") -> int:
    """The demo book's first customer by code in value tier `tier`: the same one every run."""
    return _first(app, f"t.value_tier = '{tier}'")


def non_buyer(app: XiaobenApp) -> int:
    """The demo book's first potential customer who has bought nothing."""
    return _first(app, "t.value_tier IS NULL AND t.stage = 'potential'")


async def freeze_cursors(pilot: Pilot[None]) -> None:
    """Stop the text cursors blinking: a snapshot shows the same picture every run."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


def screen_lines(app: App[object]) -> list[str]:
    """The text of each terminal line as the app draws it now (what the seller reads)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def in_view(widget: Widget) -> bool:
    """Whether the seller sees all of `widget`: on the screen, and not cut or hidden by the
    scrolling container it sits in (scrolled there if need be)."""
    region = widget.region
    if not widget.display or not region.width or not region.height:
        return False
    if not widget.screen.region.contains_region(region):
        return False
    return all(
        container.scrollable_content_region.contains_region(region)
        for container in widget.ancestors
        if isinstance(container, Widget) and container.is_scrollable
    )
