"""The queue screen hands the queue over as a plan: today's plan against the capacity,
the coming days, a strip of the next 14 days' planned counts, `a` for the whole backlog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import timedelta

import numpy as np
from textual.pilot import Pilot

from tests.book_helpers import buy, customer
from tests.tui.pilot import TODAY, run, settle
from xiaoben.cli.queue import plan_figures
from xiaoben.models.i18n import set_language
from xiaoben.models.rules import Rules
from xiaoben.tiering.followup import Queue
from xiaoben.tiering.frame import epoch_day
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.queue import QueueScreen
from xiaoben.tui.widgets.queue_plan import DAYS_SHOWN, STRIP_DAYS, plan_view
from xiaoben.tui.widgets.queue_table import QueueTable, blocks_of

SIZE = (100, 30)


async def open_queue(pilot: Pilot[None]) -> QueueScreen:
    await pilot.press("f5")
    await settle(pilot)
    assert isinstance(pilot.app.screen, QueueScreen)
    return pilot.app.screen


def text_of(screen: QueueScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def keys_shown(table: QueueTable) -> list[tuple[int, int, int]]:
    queue = table.queue
    assert queue is not None
    return list(
        zip(
            queue.customer_id.tolist(),
            queue.reason.tolist(),
            queue.occurrence.tolist(),
            strict=True,
        )
    )


def with_capacity(app: XiaobenApp, capacity: int) -> None:
    app.book.set_rules(app.book.rules().model_copy(update={"plan_capacity": capacity}))


def test_todays_plan_counts_against_the_capacity(app_factory: Callable[..., XiaobenApp]) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        with_capacity(app, 1)
        screen = await open_queue(pilot)
        queue = app.book.queue(days=STRIP_DAYS)
        assert queue.plan_count() == 1 < queue.today_count()
        overdue = queue.overdue_count()
        assert f"今日计划 1/1 · 逾期 {overdue}" in text_of(screen, "#queue-header")
        table = screen.table
        sections = [block.text for block in table.blocks if block.kind == "section"]
        assert sections[0] == "今日计划 · 1/1"
        assert sections[1].startswith("明天 · 11-24 周二 · ")
        assert [table.section_of(k) for k in range(2)] == ["today", "2026-11-24"]

    run(app_factory("zh"), story, SIZE)


def test_the_strip_shows_each_of_the_next_14_days_planned_count(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        with_capacity(app, 4)
        screen = await open_queue(pilot)
        queue = app.book.queue(days=STRIP_DAYS)
        expected = [queue.plan_count(TODAY + timedelta(days=d)) for d in range(1, 15)]
        assert screen.figures is not None and list(screen.figures.strip) == expected
        assert sum(expected) > 0
        days, counts = text_of(screen, "#queue-strip").splitlines()
        assert days.split()[-14:] == [str((TODAY + timedelta(days=d)).day) for d in range(1, 15)]
        assert counts.split()[-14:] == [str(count) for count in expected]

    run(app_factory("en"), story, SIZE)


def footer_keys(app: XiaobenApp) -> dict[str, str]:
    """Key -> the label the footer shows for it now."""
    return {key: active.binding.description for key, active in app.active_bindings.items()}


def test_a_toggles_the_whole_backlog(app_factory: Callable[..., XiaobenApp]) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        with_capacity(app, 1)
        screen = await open_queue(pilot)
        queue = app.book.queue(days=STRIP_DAYS)
        within = sum(queue.plan_count(TODAY + timedelta(days=d)) for d in range(DAYS_SHOWN + 1))
        assert 0 < within < len(queue)
        assert screen.table.row_count == within
        notes = [block.text for block in screen.table.blocks if block.kind == "note"]
        assert notes[-1] == f"{len(queue) - within} more on later days · a shows them all"
        assert footer_keys(app)["a"] == "All"

        await pilot.press("a")
        await settle(pilot)
        assert screen.table.row_count == len(queue)
        assert f"all {len(queue)} items" in text_of(screen, "#queue-header")
        assert footer_keys(app)["a"] == "Plan"  # the footer says what `a` does now
        # An item waiting for room in the plan says on which day it is planned.
        shown = screen.table.queue
        assert shown is not None
        waits = shown.planned_day > np.maximum(shown.due_day, epoch_day(TODAY))
        screen.table.move_cursor(int(np.flatnonzero(waits)[0]))
        await settle(pilot)
        item = screen.table.highlighted
        assert item is not None and item.planned is not None
        assert f"planned {item.planned:%m-%d}" in text_of(screen, "#queue-detail")

        await pilot.press("a")
        await settle(pilot)
        assert screen.table.row_count == within
        assert footer_keys(app)["a"] == "All"

    run(app_factory("en"), story, SIZE)


def test_done_on_a_plan_item_keeps_the_others_in_their_order(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_queue(pilot)
        table = screen.table
        await pilot.press("down", "down")
        before = keys_shown(table)
        handled = before[2]
        await pilot.press("D")
        await settle(pilot)
        assert keys_shown(table)[: len(before) - 1] == [key for key in before if key != handled]
        assert table.cursor == 2
        assert table.highlighted is not None
        assert (table.highlighted.customer_id, table.highlighted.occurrence) == before[3][::2]

    run(app_factory("zh"), story, SIZE)


def without_todays_plan(queue: Queue) -> Queue:
    later = np.flatnonzero(queue.planned_day != (TODAY - TODAY.replace(1970, 1, 1)).days)
    columns = {
        column.name: getattr(queue, column.name)[later]
        for column in fields(queue)
        if isinstance(getattr(queue, column.name), np.ndarray)
    }
    return replace(queue, **columns)


def test_when_todays_plan_is_done_it_says_so_and_shows_tomorrow(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    set_language("zh")
    app = app_factory("zh")
    queue = without_todays_plan(app.book.queue(days=STRIP_DAYS))
    view, figures = plan_view(queue)
    lines = [(block.kind, block.text) for block in blocks_of(figures.counts, figures.sections)]
    assert lines[0] == ("section", "今日计划 · 0/20")
    assert lines[1] == ("note", "今天的计划完成了。下面是接下来几天的安排。")
    assert lines[2][0] == "section" and lines[2][1].startswith("明天 · 11-24")
    assert figures.planned_today == 0 and len(view) > 0
    assert Rules().plan_capacity == figures.capacity


def test_overdue_counts_from_the_day_the_customer_came_into_the_book(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    """An imported history starts with a plan: the header's 逾期 is `xiaoben queue`'s, and
    an item due before the customer came in reads 今天 with today's date, not the old one."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        with_capacity(app, 0)  # no limit: every item due is in today's plan
        newcomer = customer(app.book, "新朋友")  # came in today
        buy(app.book, newcomer, 100, TODAY - timedelta(days=40))  # cadence long due
        screen = await open_queue(pilot)
        queue = app.book.queue(days=STRIP_DAYS)
        overdue = plan_figures(queue)["overdue"]
        assert overdue == int((queue.days_waiting() > 0).sum()) == queue.overdue_count()
        assert f"逾期 {overdue}" in text_of(screen, "#queue-header")
        shown = screen.table.queue
        assert shown is not None
        (row,) = np.flatnonzero(shown.customer_id == newcomer.id)
        assert int(shown.due_day[row]) < epoch_day(TODAY)
        screen.table.move_cursor(int(row))
        await settle(pilot)
        detail = text_of(screen, "#queue-detail").splitlines()[0]
        assert f"今天  {TODAY:%m-%d}" in detail
        old_due = TODAY + timedelta(days=int(shown.due_day[row]) - epoch_day(TODAY))
        assert f"{old_due:%m-%d}" not in detail

    run(app_factory("zh"), story, SIZE)
