"""The customer list (home screen): search, open, sort, filter, page, refresh, empty states."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.pilot import Pilot
from textual.widgets import Select, SelectionList

from tests.tui.pilot import TODAY, post_in_one_read, run, settle, today
from xiaoben.models.customer import Customer
from xiaoben.models.interaction import Reminder
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery, count, window
from xiaoben.store.demo import write_demo
from xiaoben.store.driver import sqlite3
from xiaoben.store.list_reader import PAGE, ListReader
from xiaoben.tui.app import XiaobenApp, make_app
from xiaoben.tui.formatting import fit, money
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.settings import Settings
from xiaoben.tui.widgets.customer_table import CustomerTable
from xiaoben.tui.widgets.list_filters import FilterModal

SIZE = (100, 32)


def table_of(app: XiaobenApp) -> CustomerTable:
    return app.screen.query_one(CustomerTable)


def names_shown(app: XiaobenApp, rows: int = 10) -> list[str]:
    table = table_of(app)
    entries = [table.row_at(k) for k in range(rows)]
    return [entry.row.name for entry in entries if entry is not None]


def summary(app: XiaobenApp) -> str:
    return str(app.screen.query_one("#list-summary").render())


def record_opened(app: XiaobenApp, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    opened: list[int] = []
    monkeypatch.setattr(app, "action_open_customer", lambda id, known=None: opened.append(id))
    return opened


def add_zhang_xiaoyan(app: XiaobenApp) -> int:
    saved = app.book.save_customer(Customer(name="张晓燕", phones=["13912345678"]))
    assert saved.id is not None
    return saved.id


def test_search_by_initials_then_enter_opens_the_customer(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    zhang = add_zhang_xiaoyan(app)
    opened = record_opened(app, monkeypatch)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", "z", "x", "y")
        await settle(pilot)
        assert names_shown(app)[0] == "张晓燕"
        assert "zxy" in summary(app)
        await pilot.press("enter")  # from the search box: the best match
        await pilot.pause()
        assert opened == [zhang]
        await pilot.press("enter")  # the table has the focus now
        await pilot.pause()
        assert opened == [zhang, zhang]

    run(app, story, SIZE)


@pytest.mark.parametrize("typed", ["zhangxiaoyan", "xiaoyan", "晓燕", "5678", "13912"])
def test_search_finds_by_pinyin_name_and_phone(
    app_factory: Callable[..., XiaobenApp], typed: str
) -> None:
    app = app_factory()
    add_zhang_xiaoyan(app)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", *typed)
        await settle(pilot)
        assert "张晓燕" in names_shown(app)

    run(app, story, SIZE)


def test_sort_cycles_through_the_columns_and_reverses(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory()

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = table_of(app)
        assert (table.query_shown.sort, table.query_shown.descending) == ("score", True)
        await pilot.press("s")
        await settle(pilot)
        assert (table.query_shown.sort, table.query_shown.descending) == ("revenue", True)
        revenues = [table.row_at(k).row.revenue_cents for k in range(10)]  # type: ignore[union-attr]  # loaded
        assert revenues == sorted(revenues, reverse=True)
        await pilot.press("S")
        await settle(pilot)
        assert table.query_shown.descending is False
        revenues = [table.row_at(k).row.revenue_cents for k in range(10)]  # type: ignore[union-attr]  # loaded
        assert revenues == sorted(revenues)
        for _ in range(3):  # last_purchase, last_contact, follow_up
            await pilot.press("s")
        await settle(pilot)
        # The next follow-up: the soonest planned first, those with nothing planned last.
        assert (table.query_shown.sort, table.query_shown.descending) == ("follow_up", False)
        days = [table.row_at(k).follow_up for k in range(table.row_count)]  # type: ignore[union-attr]  # loaded
        planned = [day for day in days if day is not None]
        assert planned and planned == sorted(planned)
        assert days == planned + [None] * (len(days) - len(planned))
        await pilot.press("s")  # the purchase model's P(alive): the least likely first
        await settle(pilot)
        assert (table.query_shown.sort, table.query_shown.descending) == ("p_alive", False)
        alive = [table.row_at(k).row.p_alive for k in range(table.row_count)]  # type: ignore[union-attr]  # loaded
        known = [p for p in alive if p is not None]
        assert known == sorted(known)  # the small book has too few buyers for a model
        assert alive == known + [None] * (len(alive) - len(known))
        assert "还在买" in table.render_line(0).text
        await pilot.press("s")  # CLV, the most first
        await settle(pilot)
        assert (table.query_shown.sort, table.query_shown.descending) == ("clv", True)
        await pilot.press("s")  # round to name
        await settle(pilot)
        assert (table.query_shown.sort, table.query_shown.descending) == ("name", False)
        assert "姓名" in summary(app)
        assert "还在买" not in table.render_line(0).text

    run(app, story, SIZE)


def test_clicking_a_header_sorts_by_that_column(app_factory: Callable[..., XiaobenApp]) -> None:
    app = app_factory()

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.click(CustomerTable, offset=(3, 0))  # the name column's title
        await settle(pilot)
        assert table_of(app).query_shown.sort == "name"
        await pilot.click(CustomerTable, offset=(3, 0))
        await settle(pilot)
        assert table_of(app).query_shown.descending is True

    run(app, story, SIZE)


def test_a_filter_narrows_the_count_and_esc_clears_it(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory()

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = table_of(app)
        everyone = table.total
        assert everyone == 40
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterModal)
        app.screen.query_one("#filter-value_tier", SelectionList).select("A")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        assert table.total is not None and 0 < table.total < everyone
        assert all(
            table.row_at(k).row.value_tier == "A"  # type: ignore[union-attr]  # loaded
            for k in range(table.total)
        )
        assert "价值分级：A 核心" in summary(app)
        await pilot.press("escape")
        await settle(pilot)
        assert table.total == everyone
        assert "价值分级" not in summary(app)

    run(app, story, SIZE)


def test_the_follow_up_filter_keeps_those_planned_this_week_or_today(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    from datetime import timedelta

    app = app_factory()
    planned = app.book.next_planned()
    week = {c for c in planned.customer_id.tolist() if planned.of(c) <= TODAY + timedelta(days=6)}
    today = {c for c in week if planned.of(c) == TODAY}
    assert 0 < len(today) < len(week) < 40  # the demo book tells the three apart

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = table_of(app)
        for choice, expected, words in (
            ("week", week, "下次跟进：本周内（7 天）"),
            ("today", today, "下次跟进：在今日计划中"),
        ):
            await pilot.press("f")
            await settle(pilot)
            assert isinstance(app.screen, FilterModal)
            app.screen.query_one("#filter-follow_up", Select).value = choice
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert table.total == len(expected)
            shown = {table.row_at(k).row.id for k in range(table.total)}  # type: ignore[union-attr]  # loaded
            assert shown == expected
            assert words in summary(app)
        assert f"今日计划 {len(today)} 项" in summary(app)
        await pilot.press("escape")
        await settle(pilot)
        assert table.total == 40

    run(app, story, SIZE)


def test_no_match_says_so_and_esc_brings_everyone_back(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory()

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", "q", "q", "q", "q")
        await settle(pilot)
        table = table_of(app)
        assert table.total == 0
        assert table.highlighted is None
        assert "Esc" in table.empty_text()
        await pilot.press("escape")
        await settle(pilot)
        assert table.total == 40
        assert app.screen.query_one("#list-search").value == ""  # type: ignore[attr-defined]  # an Input

    run(app, story, SIZE)


def test_an_empty_book_says_how_to_start(tmp_path: Path) -> None:
    app = make_app(tmp_path / "new.db", today=today, settings=Settings(language="en"))

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = table_of(app)
        assert table.total == 0
        assert "Press n" in table.empty_text()
        assert "0 customers" in summary(app)
        assert "F9 to import" in table.empty_text()
        await pilot.press("f9")  # the key the empty list names opens the importer
        await settle(pilot)
        assert type(app.screen).__name__ == "ImportScreen"

    try:
        run(app, story, SIZE)
    finally:
        app.book.close()


# ---- a bigger book: the window moves -----------------------------------------------


BIG = 600  # three pages of the list's 200-row window: enough for the window to move


@pytest.fixture(scope="module")
def big_book_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.db"
    with Book.open(path, today=today) as book:
        write_demo(book, customers=BIG, seed=5)
    return path


def run_on_big_book(template: Path, tmp_path: Path, story: Callable[..., Any]) -> None:
    """Run `story` against the app on a copy of the big book."""
    path = tmp_path / "big.db"
    shutil.copy(template, path)
    app = make_app(path, today=today, settings=Settings(language="zh"))
    try:
        run(app, story, SIZE)
    finally:
        app.book.close()


def test_paging_down_a_long_list_fetches_the_rows_further_on(
    big_book_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "big.db"
    shutil.copy(big_book_template, path)
    app = make_app(path, today=today, settings=Settings(language="zh"))
    conn = sqlite3.connect(path)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = table_of(app)
        assert table.total == BIG
        for _ in range(10):  # past the first page of 200 rows
            await pilot.press("pagedown")
        await settle(pilot)
        assert table.cursor == 10 * table.rows_visible
        assert round(table.scroll_y) > 200
        expected = window(conn, table.query_shown, table.cursor, 1)
        assert table.highlighted is not None
        assert table.highlighted.row == expected[0]
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor == BIG - 1
        last = window(conn, table.query_shown, BIG - 1, 1)[0]
        assert table.highlighted is not None and table.highlighted.row == last
        await pilot.press("home")
        await settle(pilot)
        assert table.cursor == 0 and round(table.scroll_y) == 0

    try:
        run(app, story, SIZE)
    finally:
        conn.close()
        app.book.close()


def test_a_page_down_reads_only_the_page_it_comes_to(
    big_book_template: Path, tmp_path: Path
) -> None:
    """What a page-down costs does not depend on the book's size: once the order is in,
    paging reads each 200-row page it reaches once, by id, and nothing else — no count,
    no order, no first rows again (what would grow with the book)."""
    path = tmp_path / "big.db"
    shutil.copy(big_book_template, path)
    app = make_app(path, today=today, settings=Settings(language="zh"))
    statements: list[str] = []

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = table_of(app)
        assert table.total == BIG and table.row_at(0) is not None
        table.reader._conn.set_trace_callback(statements.append)
        presses = 2 * PAGE // table.rows_visible + 1  # past the first two pages
        for _ in range(presses):
            await pilot.press("pagedown")
        await settle(pilot)
        table.reader._conn.set_trace_callback(None)
        top = round(table.scroll_y)
        assert top >= 2 * PAGE
        # The pages from the second to the one a screenful below the view: each read once.
        last_page = min(top + 2 * table.rows_visible, BIG - 1) // PAGE
        assert len(statements) == last_page
        assert all("json_each" in sql for sql in statements)
        assert all(table.row_at(row) is not None for row in range(top, top + table.rows_visible))

    try:
        run(app, story, SIZE)
    finally:
        app.book.close()


def test_the_list_follows_a_save_and_keeps_the_cursor_on_the_customer(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory()

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("s")  # sort by revenue, highest first
        await settle(pilot)
        table = table_of(app)
        await pilot.press("down", "down", "down")
        highlighted = table.highlighted
        assert highlighted is not None
        # Elsewhere (another screen), a new customer outspends everyone.
        big = app.book.save_customer(Customer(name="阿大", phones=["13800000001"]))
        from decimal import Decimal

        from xiaoben.models.purchase import Purchase

        assert big.id is not None
        app.book.add_purchase(Purchase(customer_id=big.id, date=TODAY, amount=Decimal("999999")))
        app.book.settle()
        await settle(pilot)
        assert table.total == 41
        assert names_shown(app, 1) == ["阿大"]
        assert table.cursor == 4  # moved down one, still on the same customer
        assert table.highlighted is not None
        assert table.highlighted.row.id == highlighted.row.id

    run(app, story, SIZE)


def test_next_follow_up_is_the_planned_day_coloured_when_overdue_or_today(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    from dataclasses import replace
    from datetime import timedelta

    app = app_factory()
    zhang = add_zhang_xiaoyan(app)
    app.book.set_reminder(Reminder(customer_id=zhang, due=TODAY - timedelta(days=2), note="x"))
    app.book.set_reminder(Reminder(customer_id=zhang, due=TODAY + timedelta(days=5), note="y"))

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"zxy")
        await settle(pilot)
        table = table_of(app)
        entry = table.row_at(0)
        assert entry is not None and entry.row.id == zhang
        # The reminder two days old is in today's plan (its day has passed): overdue.
        assert entry.follow_up == TODAY and entry.overdue
        assert entry.follow_up == app.book.next_planned().of(zhang)
        text, style = table._cell(entry, "follow_up")
        assert text == "今天"
        overdue = table.get_component_rich_style("paged-table--overdue", partial=True)
        assert style == overdue and style.color is not None
        _, today_style = table._follow_up(replace(entry, overdue=False))
        due_today = table.get_component_rich_style("paged-table--due-today", partial=True)
        assert today_style == due_today and due_today.color != overdue.color
        later = replace(entry, follow_up=TODAY + timedelta(days=3), overdue=False)
        assert table._follow_up(later) == ("3 天后", Style())
        far = replace(entry, follow_up=TODAY + timedelta(days=30), overdue=False)
        assert table._follow_up(far) == ((TODAY + timedelta(days=30)).strftime("%m-%d"), Style())

    run(app, story, SIZE)


def test_switching_language_keeps_the_search(app_factory: Callable[..., XiaobenApp]) -> None:
    app = app_factory()
    add_zhang_xiaoyan(app)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"zxy")
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert "search “zxy”" in summary(app)
        assert names_shown(app, 1) == ["张晓燕"]

    run(app, story, SIZE)


def test_store_counts_agree_with_the_table(app_factory: Callable[..., XiaobenApp]) -> None:
    app = app_factory()

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        conn = sqlite3.connect(app.book.path)
        try:
            assert table_of(app).total == count(conn, ListQuery())
        finally:
            conn.close()

    run(app, story, SIZE)


def test_fit_pads_and_cuts_by_terminal_cells() -> None:
    assert fit("张晓燕", 8) == "张晓燕  "
    assert fit("张晓燕", 8, "right") == "  张晓燕"
    assert fit("欧阳晓燕燕", 8) == "欧阳晓… "  # a wide character never split in half
    assert fit("Potential Loyalist", 10) == "Potential…"


@pytest.mark.parametrize(
    "query",
    [
        ListQuery(),
        ListQuery(sort="name", descending=False),
        ListQuery(sort="last_contact"),
        ListQuery(sort="revenue", search="l"),
        ListQuery(sort="value_tier", descending=False, stages=frozenset({"lapsed"})),
        ListQuery(search="zh"),
    ],
)
def test_the_list_reads_agree_with_a_plain_window(
    big_book_template: Path, query: ListQuery
) -> None:
    """The fast first page, the order of the whole list and rows by id give window()'s rows."""
    reader = ListReader(big_book_template)
    conn = sqlite3.connect(big_book_template)
    try:
        total = count(conn, query)
        everyone = window(conn, query, 0, total)
        assert [entry.row for entry in reader.first(query)] == everyone[:PAGE]
        ids = reader.ordered_ids(query)
        assert list(ids) == [row.id for row in everyone]
        middle = ids[total // 2 : total // 2 + 50].tolist()
        assert [e.row for e in reader.entries(middle)] == everyone[total // 2 : total // 2 + 50]
    finally:
        conn.close()
        reader.close()


def test_a_click_selects_a_row_and_a_double_click_opens_it(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    opened = record_opened(app, monkeypatch)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = table_of(app)
        await pilot.click(CustomerTable, offset=(3, 3))  # the third row under the titles
        await pilot.pause()
        assert table.cursor == 2 and opened == []
        third = table.highlighted
        assert third is not None
        await pilot.double_click(CustomerTable, offset=(3, 3))
        await pilot.pause()
        assert opened == [third.row.id]

    run(app, story, SIZE)


def test_enter_right_after_typing_opens_the_new_match(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    zhang = add_zhang_xiaoyan(app)
    opened = record_opened(app, monkeypatch)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", "z", "x", "y", "enter")  # faster than the debounce
        await settle(pilot)
        assert opened == [zhang]

    run(app, story, SIZE)


def test_revenue_never_cut_short_but_written_in_wan_when_wide() -> None:
    from xiaoben.models.i18n import set_language

    assert money(1_234_550) == "¥12,346"
    set_language("zh")
    assert money(123_456_789_00, 10) == "¥1.2亿"
    assert money(12_345_678_00, 10) == "¥1234.6万"
    set_language("en")
    assert money(12_345_678_00, 10) == "¥12.3M"


def test_a_filter_with_several_values_reads_as_one_line_and_esc_clears_it(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    app = app_factory()

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = table_of(app)
        await pilot.press("f")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, FilterModal)
        tiers = modal.query_one("#filter-value_tier", SelectionList)
        tiers.focus()
        await pilot.press("space", "down", "space")  # A, then B
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        shown = {table.row_at(k).row.value_tier for k in range(table.total or 0)}  # type: ignore[union-attr]  # loaded
        assert shown == {"A", "B"}
        assert "价值分级：A 核心、B 成长/战略" in summary(app)
        assert "\n" not in summary(app)  # one line above the list

        await pilot.press("escape")
        await settle(pilot)
        assert table.total == 40
        assert "价值分级" not in summary(app)

    run(app, story, SIZE)


def test_a_change_of_the_book_plans_the_follow_ups_once(
    app_factory: Callable[..., XiaobenApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list's follow-up column and its summary's count of today's plan read one plan:
    a change of the book computes it once, not once for each."""
    from xiaoben.store import queue_verbs

    app = app_factory()
    plans: list[int] = []
    real = queue_verbs.build_queue

    def counted(*args: Any, **kwargs: Any) -> Any:
        plans.append(1)
        return real(*args, **kwargs)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        monkeypatch.setattr(queue_verbs, "build_queue", counted)
        add_zhang_xiaoyan(app)
        await settle(pilot)
        assert len(plans) == 1
        planned_today = app.book.next_planned().planned_today
        assert planned_today > 0
        assert f"今日计划 {planned_today} 项" in summary(app)
        assert app.book.queue(days=0).plan_count() == planned_today  # any window's count

    run(app, story, SIZE)


def test_the_follow_up_column_is_filled_when_a_long_list_opens(
    big_book_template: Path, tmp_path: Path
) -> None:
    """The morning's first screen shows whom to contact next: each planned customer's day
    is in the list as soon as the plan is ready, without a search or a change of language
    first (the first page of a list longer than a page was kept as first read, without
    the plan)."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = table_of(app)
        assert table.total == BIG
        planned = app.book.next_planned()
        first_page = [table.row_at(k) for k in range(PAGE)]
        shown = {entry.row.id: entry.follow_up for entry in first_page if entry is not None}
        assert len(shown) == PAGE
        assert any(shown.values())
        assert shown == {customer: planned.of(customer) for customer in shown}

    run_on_big_book(big_book_template, tmp_path, story)


def test_a_change_on_the_first_page_of_a_long_list_is_shown(
    big_book_template: Path, tmp_path: Path
) -> None:
    """A customer renamed elsewhere reads anew in the list, on its first page too."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = table_of(app)
        first = table.row_at(0)
        assert first is not None and table.total == BIG
        customer = app.book.get_customer(first.row.id)
        app.book.save_customer(customer.model_copy(update={"name": "改名后"}))
        app.book.settle()
        await settle(pilot)
        renamed = table.row_at(0)
        assert renamed is not None and renamed.row.id == first.row.id
        assert renamed.row.name == "改名后"

    run_on_big_book(big_book_template, tmp_path, story)


def test_a_search_typed_on_through_a_language_switch_stays_a_search(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    """`/zx` F6 `yau` typed at once: the rebuilt list keeps the search box focused with
    its text, so the letters after F6 extend the search; they never run the list's keys
    (a: the archived customers, u: undo)."""
    app = app_factory("en")
    add_zhang_xiaoyan(app)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        post_in_one_read(app, "slash", "z", "x", "f6", "y", "a", "u")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CustomersScreen)
        assert app.focused is screen.search_box
        assert screen.search_box.value == "zxyau"
        assert screen.search_box.cursor_position == len("zxyau")
        assert not screen.list_query.archived
        assert "搜索 “zxyau”" in summary(app)

    run(app, story, SIZE)
