"""The purchase model where the seller sees it, on a demo book large enough to fit it
(120 customers; the small book of the other screen tests has too few repeat buyers)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static
from textual.widgets.data_table import ColumnKey

from tests.tui.pilot import run, settle, today
from xiaoben.store.book import Book
from xiaoben.store.demo import write_demo
from xiaoben.tui.app import XiaobenApp, make_app
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.tiers import TiersScreen
from xiaoben.tui.settings import Settings
from xiaoben.tui.widgets.customer_table import CustomerTable
from xiaoben.tui.widgets.list_filters import FilterModal


@pytest.fixture(scope="session")
def model_book_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("model-template") / "model.db"
    with Book.open(path, today=today) as book:
        write_demo(book, customers=120, seed=3)
        assert book.purchase_model() is not None
    return path


@pytest.fixture
def model_app(model_book_template: Path, tmp_path: Path) -> Iterator[Callable[..., XiaobenApp]]:
    made: list[XiaobenApp] = []

    def make(lang: str = "zh") -> XiaobenApp:
        target = tmp_path / f"book-{len(made)}.db"
        shutil.copy(model_book_template, target)
        app = make_app(target, today=today, settings=Settings(language=lang, theme="dark"))
        made.append(app)
        return app

    yield make
    for app in made:
        app.book.close()


def fading_a_customer(app: XiaobenApp) -> int:
    """The A or B customer who is fading (可能在流失) and least likely to be still buying:
    the same one every run."""
    with app.book._lock:
        row = app.book.conn.execute(
            "SELECT p.customer_id FROM predictions p JOIN tiers t USING (customer_id)"
            " WHERE t.value_tier IN ('A', 'B') AND p.churn_risk = 'fading'"
            " ORDER BY p.p_alive, p.customer_id LIMIT 1"
        ).fetchone()
    return int(row[0])


def a_non_buyer(app: XiaobenApp) -> int:
    with app.book._lock:
        row = app.book.conn.execute(
            "SELECT customer_id FROM stats WHERE orders = 0 ORDER BY customer_id LIMIT 1"
        ).fetchone()
    return int(row[0])


async def _open(app: XiaobenApp, pilot: Pilot[None], customer_id: int) -> CustomerScreen:
    await pilot.pause()
    app.action_open_customer(customer_id)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, CustomerScreen)
    return screen


def _text(screen: CustomerScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def test_the_customer_page_says_how_likely_they_are_still_buying(model_app) -> None:
    app = model_app("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        customer_id = fading_a_customer(app)
        outlook = app.book.prediction(customer_id)
        assert outlook is not None and outlook.p_alive < 0.5
        screen = await _open(app, pilot, customer_id)
        summary = _text(screen, "#summary-text")
        assert f"还在买的可能 {round(outlook.p_alive * 100)}%（可能在流失）" in summary
        assert "未来 90 天预计购买" in summary and "终身价值 ¥" in summary
        why = _text(screen, "#why-model").splitlines()
        assert len(why) == 3
        assert why[0].startswith("还在买的可能") and "天前" in why[0]
        assert why[2].startswith("终身价值") and "每月折现 1%" in why[2]

    run(app, story)


def test_a_non_buyer_has_no_outlook(model_app) -> None:
    app = model_app("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await _open(app, pilot, a_non_buyer(app))
        assert "still buying" not in _text(screen, "#summary-text")
        assert not screen.query_one("#why-model-row").display

    run(app, story)


def test_customer_page_with_the_model(snap_compare, model_app) -> None:
    async def open_page(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, XiaobenApp)
        await _open(app, pilot, fading_a_customer(app))

    assert snap_compare(model_app("zh"), terminal_size=(100, 32), run_before=open_page)


async def _churn_lens(pilot: Pilot[None]) -> None:
    await settle(pilot)
    for key in ("f3", "8"):
        await pilot.press(key)
        await settle(pilot)


def test_the_churn_risk_lens_lists_fading_customers_most_at_stake_first(model_app) -> None:
    app = model_app("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await _churn_lens(pilot)
        screen = app.screen
        assert isinstance(screen, TiersScreen) and screen.lens == "churn_risk"
        groups = screen.query_one("#groups", DataTable)
        names = [str(groups.get_row_at(k)[0]) for k in range(groups.row_count)]
        assert names == ["likely still buying", "may be slipping away", "probably gone"]
        counts = app.book.conn.execute(
            "SELECT churn_risk, count(*) FROM predictions GROUP BY churn_risk"
        ).fetchall()
        shown = {str(groups.get_row_at(k)[0]): str(groups.get_row_at(k)[1]) for k in range(3)}
        assert shown["probably gone"] == str(dict(counts)["lost"])
        await pilot.press("down")
        await settle(pilot)
        members = screen.query_one("#members", DataTable)
        assert str(members.columns[ColumnKey("score")].label) == "Alive"
        at_stake = app.book.conn.execute(
            "SELECT c.name FROM predictions p JOIN customers c ON c.id = p.customer_id"
            " WHERE p.churn_risk = 'fading' ORDER BY p.clv_cents * (1 - p.p_alive) DESC LIMIT 1"
        ).fetchone()[0]
        assert str(members.get_row_at(0)[0]) == at_stake
        assert str(members.get_row_at(0)[1]).endswith("%")

    run(app, story)


def test_the_churn_risk_lens_of_a_small_book_says_not_enough_data(app_factory) -> None:
    app = app_factory(lang="en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await _churn_lens(pilot)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert summary.startswith("not enough data: ")

    run(app, story)


def test_tier_lists_churn_risk(snap_compare, model_app) -> None:
    assert snap_compare(model_app("zh"), terminal_size=(100, 30), run_before=_churn_lens)


def test_the_overview_sets_the_next_90_days_beside_the_last(model_app) -> None:
    app = model_app("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("f8")
        await settle(pilot)
        line = str(app.screen.query_one("#ov-forecast", Static).render())
        forecast = app.book.overview().forecast
        assert forecast is not None and forecast.expected_revenue_cents > 0
        assert line.startswith("next 90 days, expected ¥")
        assert "last 90 days, actual ¥" in line
        assert f"({forecast.last_90_buyers:,} buyers)" in line

    run(app, story)


def test_overview_with_the_forecast(snap_compare, model_app) -> None:
    async def open_overview(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)

    assert snap_compare(model_app("zh"), terminal_size=(100, 30), run_before=open_overview)


def _list_rows(app: XiaobenApp) -> list:
    table = app.screen.query_one(CustomerTable)
    return [table.row_at(k).row for k in range(table.row_count)]  # type: ignore[union-attr]  # loaded


def test_the_list_sorts_by_p_alive_and_clv_and_shows_them_while_it_does(model_app) -> None:
    app = model_app("en")
    stored = dict(app.book.conn.execute("SELECT customer_id, p_alive FROM predictions").fetchall())
    clv = dict(app.book.conn.execute("SELECT customer_id, clv_cents FROM predictions").fetchall())

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = app.screen.query_one(CustomerTable)
        assert "Alive" not in table.render_line(0).text
        while table.query_shown.sort != "p_alive":
            await pilot.press("s")
            await settle(pilot)
        rows = _list_rows(app)
        buyers = [row for row in rows if row.id in stored]
        assert buyers and [row.p_alive for row in buyers] == sorted(stored.values())
        # The buyers first, least likely still buying first; those without a prediction after.
        assert rows[: len(buyers)] == buyers
        assert all(row.p_alive is None for row in rows[len(buyers) :])
        titles = table.render_line(0).text
        assert "Alive▲" in titles and "CLV" in titles
        first = table.render_line(1).text
        assert f"{buyers[0].p_alive * 100:.0f}%" in first
        await pilot.press("s")
        await settle(pilot)
        assert table.query_shown.sort == "clv" and table.query_shown.descending
        top = max(clv.values())
        assert _list_rows(app)[0].clv_cents == top
        assert "CLV▼" in table.render_line(0).text

    run(app, story)


def test_the_list_filters_by_churn_risk_and_top_clv(model_app) -> None:
    app = model_app("zh")
    conn = app.book.conn
    fading = {
        row[0]
        for row in conn.execute(
            "SELECT p.customer_id FROM predictions p JOIN customers c ON c.id = p.customer_id"
            " WHERE p.churn_risk = 'fading' AND c.archived = 0"
        )
    }
    values = sorted(
        (row[0] for row in conn.execute("SELECT clv_cents FROM predictions")), reverse=True
    )
    edge = values[(len(values) * 20 + 99) // 100 - 1]  # the top 20%'s lowest CLV
    top = {
        row[0]
        for row in conn.execute(
            "SELECT p.customer_id FROM predictions p JOIN customers c ON c.id = p.customer_id"
            " WHERE p.clv_cents >= ? AND c.archived = 0",
            (edge,),
        )
    }
    assert fading and 0 < len(fading & top) < len(fading)  # the two filters tell apart

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = app.screen.query_one(CustomerTable)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterModal)
        app.screen.query_one("#filter-churn_risk", Select).value = "fading"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {row.id for row in _list_rows(app)} == fading
        assert table.total == len(fading)
        assert "流失风险：可能在流失" in str(app.screen.query_one("#list-summary", Static).render())
        assert "还在买" in table.render_line(0).text  # the model's columns while filtered
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#filter-clv_top", Select).value = "20"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {row.id for row in _list_rows(app)} == fading & top
        assert "终身价值（CLV）：前 20%" in str(
            app.screen.query_one("#list-summary", Static).render()
        )

    run(app, story)


def test_tier_list_members_order_by_p_alive_then_clv(model_app) -> None:
    app = model_app("en")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TiersScreen) and screen.lens == "value_tier"
        group = screen.group_key
        assert group is not None
        members = screen.query_one("#members", DataTable)
        expected = {
            order: [
                row[0]
                for row in app.book.conn.execute(
                    "SELECT c.name FROM tiers t JOIN customers c ON c.id = t.customer_id"
                    " AND c.archived = 0 LEFT JOIN predictions p ON p.customer_id = c.id"
                    f" WHERE t.value_tier = ? ORDER BY {sql}",
                    (group,),
                )
            ]
            for order, sql in (
                ("p_alive", "coalesce(p.p_alive, 2.0), c.id"),
                ("clv", "coalesce(p.clv_cents, -1) DESC, c.id"),
            )
        }
        assert expected["p_alive"] != expected["clv"]
        for order, title in (("p_alive", "Alive▲"), ("clv", "CLV▼")):
            await pilot.press("s")
            await settle(pilot)
            names = [str(members.get_row_at(k)[0]) for k in range(members.row_count)]
            assert names == expected[order]
            assert str(members.columns[ColumnKey("score")].label) == title
        await pilot.press("s")  # back to the lens's own order: the score
        await settle(pilot)
        assert str(members.columns[ColumnKey("score")].label) == "Score"

    run(app, story)
