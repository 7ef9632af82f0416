"""The overview screen: the seller's look at the whole book after a round, key by key.

The demo book (40 customers, 2026-11-23): open the overview, switch period and page, read
the numbers as a table, and open the customers behind a bar in the customer list.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.tui.pilot import TODAY, post_in_one_read, run, settle, today
from xiaoben.models.customer import Customer
from xiaoben.models.i18n import MESSAGES
from xiaoben.models.overview import Overview
from xiaoben.models.purchase import Purchase
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp, make_app
from xiaoben.tui.commands import APP_COMMANDS
from xiaoben.tui.formatting import money
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.screens.overview import OverviewScreen
from xiaoben.tui.settings import Settings
from xiaoben.tui.widgets.charts import BarChart, StandIns
from xiaoben.tui.widgets.overview_pages import pareto_bands

SIZE = (100, 30)


async def open_overview(pilot: Pilot) -> OverviewScreen:
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, OverviewScreen)
    assert screen.overview is not None
    return screen


def text_of(screen: OverviewScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def figures(screen: OverviewScreen) -> Overview:
    assert screen.overview is not None
    return screen.overview


def test_tier_a_opens_exactly_its_customers_and_esc_returns_to_everyone(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_overview(pilot)
        await pilot.press("tab")  # the pyramids
        assert screen.view.page == "tiers"
        await pilot.press("down", "up")  # down to B and back to A
        assert screen.selected_key == "A"
        await pilot.press("enter")
        await settle(pilot)

        ids = app.book.overview_customers("tiers", "A", None)
        assert ids
        listing = app.screen
        assert isinstance(listing, CustomersScreen)
        assert listing.list_query.ids == frozenset(ids)
        assert listing.table.total == len(ids)
        summary = str(listing.query_one("#list-summary", Static).render())
        assert "概览：价值分级 A 核心，全部时间" in summary
        assert f"共 {len(ids)} 位客户" in summary

        await pilot.press("escape")  # the filter goes: every customer again
        await settle(pilot)
        assert app.screen is listing
        assert listing.list_query.ids is None
        assert listing.table.total == figures(screen).customers
        assert "概览" not in str(listing.query_one("#list-summary", Static).render())

        await pilot.press("escape")  # nothing left to clear: back to the overview
        assert app.screen is screen
        assert screen.view.page == "tiers"

    run(app, story, SIZE)


def test_period_keys_switch_the_header_and_the_figures_at_once(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_overview(pilot)
        overview = figures(screen)
        await pilot.press("tab")  # the pyramids: figures per period
        everything = overview.period(None)
        assert f"{everything.buyers:,} buyers" in text_of(screen, "#ov-header")

        await pilot.press("2")  # last 90 days, from the figures already in hand
        recent = overview.period(90)
        assert recent.buyers < everything.buyers
        assert screen.view.period == 90
        assert not app.workers  # no new read
        header = text_of(screen, "#ov-header")
        assert f"{recent.buyers:,} buyers · {money(recent.revenue_cents)}" in header
        notes = [c.note for c in screen.query_one("#tiers-customers", BarChart).categories]
        assert notes == [f"{bar.customers:,}" for bar in recent.tiers]

        await pilot.press("4")
        assert screen.view.period is None
        assert f"{everything.buyers:,} buyers" in text_of(screen, "#ov-header")

    run(app, story, SIZE)


def test_t_shows_the_charts_numbers_as_a_table(app_factory: Callable[..., XiaobenApp]) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_overview(pilot)
        await pilot.press("tab", "t")
        table = screen.query_one("#ov-table", DataTable)
        assert table.display and not screen.query_one("#ov-pages").display
        assert app.focused is table
        tiers = figures(screen).period(None).tiers
        assert table.row_count == len(tiers)
        for row, bar in enumerate(tiers):
            cells = [str(cell) for cell in table.get_row_at(row)]
            assert cells[1] == f"{bar.customers:,}"
            assert cells[3] == money(bar.revenue_cents)

        await pilot.press("tab", "tab", "tab")  # the regions, still as a table
        regions = figures(screen).period(None).regions
        assert [str(table.get_row_at(k)[1]) for k in range(table.row_count)] == [
            f"{bar.customers:,}" for bar in regions
        ]
        assert (
            sum(bar.revenue_cents for bar in regions) == figures(screen).period(None).revenue_cents
        )

        await pilot.press("down", "enter")  # the second region, from the table
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, CustomersScreen)
        assert listing.table.total == regions[1].customers

    run(app, story, SIZE)


def test_language_switch_keeps_the_page_period_and_selection(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_overview(pilot)
        await pilot.press("tab", "tab", "3", "left", "down")  # RFM, 365 days, a cell
        assert screen.selected_key == "r4f4"
        await pilot.press("f6")
        await settle(pilot)
        rebuilt = app.screen
        assert isinstance(rebuilt, OverviewScreen) and rebuilt is not screen
        assert (rebuilt.view.page, rebuilt.view.period) == ("rfm", 365)
        assert rebuilt.selected_key == "r4f4"
        assert " RFM " in text_of(rebuilt, "#ov-tabs")
        assert "R×F buyers" in text_of(rebuilt, "#ov-headline")
        assert "365 d" in text_of(rebuilt, "#ov-header")

    run(app, story, SIZE)


def test_rfm_cells_move_with_the_arrows_and_v_shows_revenue(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_overview(pilot)
        await pilot.press("tab", "tab")
        assert screen.selected_key == "r5f5"
        await pilot.press("right", "up")  # already in the corner: stays
        assert screen.selected_key == "r5f5"
        for _ in range(6):
            await pilot.press("down")
        await pilot.press("left", "left")
        assert screen.selected_key == "r1f3"
        await pilot.press("v")
        assert screen.view.rfm_measure == "revenue"
        assert "R×F revenue" in text_of(screen, "#ov-headline")
        cell = next(b for b in figures(screen).period(None).rfm_grid if b.key == "r1f3")
        assert re.search(rf"· {cell.customers:,} customers? ·", text_of(screen, "#ov-detail"))

    run(app, story, SIZE)


def test_a_months_new_customers_open_from_the_movement_page(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_overview(pilot)
        await pilot.press("shift+tab", "v")  # back round to the months; new customers
        assert (screen.view.page, screen.view.month_view) == ("months", "new")
        months = figures(screen).months
        busiest = max(range(len(months)), key=lambda k: months[k].new_customers)
        for _ in range(len(months) - 1 - busiest):
            await pilot.press("left")
        assert screen.selected_key == months[busiest].month
        await pilot.press("enter")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, CustomersScreen)
        ids = app.book.overview_customers("months.new", months[busiest].month, None)
        assert listing.table.total == len(ids) == months[busiest].new_customers
        assert months[busiest].month in str(listing.query_one("#list-summary").render())

    run(app, story, SIZE)


def test_f8_from_the_list_behind_a_bar_returns_to_the_same_overview(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_overview(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        await pilot.press("f8")
        assert app.screen is screen
        assert len(app.screen_stack) == 3

    run(app, story, SIZE)


def test_a_purchase_elsewhere_redraws_the_overview(app_factory: Callable[..., XiaobenApp]) -> None:
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_overview(pilot)
        before = figures(screen).period(None).revenue_cents
        customer_id = app.book.overview_customers("tiers", "C", None)[0]
        purchase = Purchase(customer_id=customer_id, date=TODAY, amount=Decimal("1000"))
        await asyncio.to_thread(app.book.add_purchase, purchase)
        await pilot.pause(0.2)
        await settle(pilot)
        assert figures(screen).period(None).revenue_cents == before + 100_000
        assert money(before + 100_000) in text_of(screen, "#ov-header")

    run(app, story, SIZE)


def test_an_empty_book_says_how_to_add_purchases(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    with Book.open(path, today=today) as book:
        book.save_customer(Customer(name="张晓燕"))
    app = make_app(path, today=today, settings=Settings(language="zh"))

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_overview(pilot)
        empty = screen.query_one("#ov-empty", Static)
        assert empty.display
        assert "xiaoben import purchases" in str(empty.render())
        assert not screen.query_one("#ov-pages").display
        await pilot.press("t", "enter")  # nothing to show, nothing to open
        assert app.screen is screen

    try:
        run(app, story, SIZE)
    finally:
        app.book.close()


def test_pareto_bands_count_the_buyers_the_book_opens(book_path: Path) -> None:
    with Book.open(book_path, today=today) as book:
        overview = book.overview()
        for days in (90, None):
            curve = overview.period(days).pareto
            bands = pareto_bands(curve)
            assert sum(buyers for _, buyers, _, _ in bands) == curve.buyers
            for band, buyers, _, _ in bands:
                assert buyers == len(book.overview_customers("pareto", band, days))


def test_chinese_labels_keep_the_chart_in_line(app_factory: Callable[..., XiaobenApp]) -> None:
    """plotext measures with len(): the stand-ins keep every line exactly the chart's width."""
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_overview(pilot)
        await pilot.press("tab", "tab", "tab", "tab", "tab")  # products: long CJK names
        chart = screen.query_one("#products-customers", BarChart)
        rendered = chart.render()
        lines = str(rendered).split("\n")
        assert len(lines) == chart.size.height
        assert {cell_len(line) for line in lines} == {chart.size.width}
        names = [c.label for c in chart.categories]
        assert all(any(name in line for line in lines) for name in names)
        assert not any("\ue000" <= ch <= "\uf8ff" for line in lines for ch in line)

    run(app, story, (80, 24))


def test_stand_ins_restore_texts_even_when_clipped() -> None:
    stand_ins = StandIns()
    region = stand_ins("浙江")
    money_note = stand_ins("¥1,234")
    assert len(region) == 4 and len(money_note) == 6
    built = f"|{region}|{money_note[:3]}|"
    # An amount that does not fit goes whole (fit never shows half of one, as ¥1…).
    assert stand_ins.restore(built) == "|浙江|…  |"


def test_every_palette_command_names_an_overview_action(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_overview(pilot)
        for key, action in screen.palette_commands():
            assert key in MESSAGES
            assert hasattr(screen, f"action_{action.partition('(')[0]}")
        assert ("cmd.overview", "show_overview") in APP_COMMANDS
        await screen.run_action("page('months')")
        await screen.run_action("period(365)")
        assert (screen.view.page, screen.view.period) == ("months", 365)

    run(app, story, SIZE)


def test_a_big_book_has_its_overview_ready_before_f8(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the size where the figures take a while, the app works them out in the
    background after start-up; f8 then shows them without waiting for a worker."""
    import xiaoben.tui.app  # noqa: F401 - the attribute patched below
    from xiaoben import tui

    monkeypatch.setattr(tui.app, "WARM_OVERVIEW_CUSTOMERS", 1)
    monkeypatch.setattr(tui.app, "WARM_OVERVIEW_AFTER", 0.01)
    app = app_factory("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.pause(0.1)
        await settle(pilot)
        ready = app.book.overview_cached()
        assert ready is not None
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert screen.overview is ready  # the warmed figures, before any new worker

    run(app, story, SIZE)


def test_keys_typed_right_after_f8_wait_for_the_figures_and_apply_in_order(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    """`F8 2 t` in one read on a book whose figures take a while (cold, 3,000 customers):
    the period is 90 days and the figures are shown as a table. The `t` came before the
    figures and was dropped: the seller saw the chart."""
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        book = app.book
        quick = book.overview

        def slow(*args: object, **kwargs: object) -> Overview:
            time.sleep(0.8)
            return quick(*args, **kwargs)  # type: ignore[arg-type]  # the book's own

        book.overview = slow  # type: ignore[method-assign]  # the test's slow book
        book.overview_cached = lambda *args, **kwargs: None  # type: ignore[method-assign]  # cold
        post_in_one_read(app, "f8", "2", "t")
        await pilot.pause(1.2)
        await settle(pilot)

        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert screen.view.period == 90
        assert screen.view.table
        table = screen.query_one("#ov-table", DataTable)
        assert table.display and not screen.query_one("#ov-pages").display
        assert app.focused is table

    run(app, story, SIZE)
