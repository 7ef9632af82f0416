"""The customer page of a big, loyal customer: thousands of purchases, paged as they scroll.

Opening the page, a save and an undo read a window of rows, not every purchase (a page
of 20,000 purchases took 7-20 s to open, froze ~8 s on each save and dropped the sales
typed meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from tests.tui.pilot import TODAY, post_in_one_read, run, settle, today
from tests.tui.test_customer_page import open_page
from xiaoben.store import records
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.record_tables import PurchasesTable

BOUGHT = 3000  # purchases of the loyal customer
FIRST_DAY = date(2018, 1, 1)  # the oldest of them


def loyal_customer(book_path: Path, count: int = BOUGHT) -> int:
    """A customer of the small book given `count` purchases, one a day from FIRST_DAY back
    in time order (written in one executemany, as a big import leaves them)."""
    with Book.open(book_path, today=today) as book:
        with book.reading():
            (customer_id,) = book.conn.execute(
                "SELECT id FROM customers WHERE archived = 0 ORDER BY code LIMIT 1"
            ).fetchone()
            book.conn.execute("DELETE FROM purchases WHERE customer_id = ?", (customer_id,))
            book.conn.executemany(
                "INSERT INTO purchases (customer_id, date, amount_cents, items, created_at)"
                " VALUES (?, ?, ?, '口红', '2026-01-01T00:00:00')",
                [
                    (customer_id, (FIRST_DAY + timedelta(days=day % 3000)).isoformat(), 1000 + day)
                    for day in range(count)
                ],
            )
            book.conn.commit()
        book.recompute()
    return int(customer_id)


def purchases_tab(app: XiaobenApp) -> str:
    return str(app.screen.query_one(TabbedContent).get_tab("tab-purchases").label)


def purchases_table(app: XiaobenApp) -> PurchasesTable:
    return app.screen.query_one("#purchases", PurchasesTable)


@pytest.fixture
def purchases_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many purchases the book has turned from rows into records (one count a row)."""
    counted = [0]
    to_row, to_purchase, what = records._CONVERT["purchases"]

    def counting(row: dict[str, Any]) -> Any:
        counted[0] += 1
        return to_purchase(row)

    converters: dict[str, tuple[Callable[..., Any], ...]] = dict(records._CONVERT)
    converters["purchases"] = (to_row, counting, what)
    monkeypatch.setattr(records, "_CONVERT", converters)
    return counted


def test_the_page_opens_on_the_newest_and_end_reaches_the_oldest(
    app_factory, book_path: Path
) -> None:
    customer_id = loyal_customer(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await open_page(app, pilot, customer_id)
        table = purchases_table(app)
        assert table.row_count == BOUGHT
        assert purchases_tab(app) == f"消费 {BOUGHT}"
        newest = table.highlighted
        assert newest is not None and newest.amount == Decimal("39.99")  # day 2999

        await pilot.press("end")
        await settle(pilot)
        oldest = table.highlighted
        assert oldest is not None and (oldest.date, oldest.amount) == (FIRST_DAY, Decimal("10"))
        await pilot.press("home", "ctrl+end")
        await settle(pilot)
        assert table.highlighted == oldest
        await pilot.press("ctrl+home")
        await settle(pilot)
        assert table.highlighted == newest

    run(app_factory(), body)


def test_three_sales_typed_in_a_row_are_three_sales(app_factory, book_path: Path) -> None:
    """p 11 ⏎ p 12 ⏎ p 13 ⏎ typed at once: the page reloads after each, fast enough that
    the keys typed meanwhile wait for it (only ¥11 was recorded, the rest dropped)."""
    customer_id = loyal_customer(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await open_page(app, pilot, customer_id)
        post_in_one_read(app, *"p11", "enter", *"p12", "enter", *"p13", "enter")
        await settle(pilot)
        today_s = [p.amount for p in app.book.purchases_of(customer_id) if p.date == TODAY]
        assert sorted(today_s) == [Decimal("11"), Decimal("12"), Decimal("13")]
        said = [str(n.message) for n in app._notifications]
        assert not any("没有生效" in text for text in said), said
        assert purchases_tab(app) == f"消费 {BOUGHT + 3}"
        assert purchases_table(app).row_count == BOUGHT + 3

    run(app_factory(), body)


def test_the_count_is_right_at_once_after_delete_and_undo(app_factory, book_path: Path) -> None:
    customer_id = loyal_customer(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await open_page(app, pilot, customer_id)
        table = purchases_table(app)
        await pilot.press("down", "down")
        await settle(pilot)
        doomed = table.highlighted
        assert doomed is not None

        await pilot.press("d")
        await settle(pilot)
        assert (table.row_count, purchases_tab(app)) == (BOUGHT - 1, f"消费 {BOUGHT - 1}")
        assert table.highlighted is not None and table.highlighted.id != doomed.id

        await pilot.press("u")
        await settle(pilot)
        assert (table.row_count, purchases_tab(app)) == (BOUGHT, f"消费 {BOUGHT}")
        assert doomed.id in {p.id for p in app.book.purchases_of(customer_id)}

    run(app_factory(), body)


def test_opening_and_saving_read_a_window_not_every_purchase(
    app_factory, book_path: Path, purchases_read: list[int]
) -> None:
    """The page reads the purchases it shows (a screenful or a few pages), however many
    the customer has: opening it, a save and an undo each read far fewer than BOUGHT."""
    customer_id = loyal_customer(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await open_page(app, pilot, customer_id)
        assert purchases_read[0] < BOUGHT / 10, purchases_read
        for keys in (("p", "5", "enter"), ("d",), ("u",)):
            purchases_read[0] = 0
            await pilot.press(*keys)
            await settle(pilot)
            assert purchases_read[0] < BOUGHT / 10, (keys, purchases_read)
        assert purchases_table(app).row_count == BOUGHT + 1

    run(app_factory(), body)
