"""The real app in a real terminal (tmux): an Esc typed in a burst, before a search, leaves the
customer page, and the keys after it go to the list.

The tester's burst `/malin⏎p11⏎ Esc /dailimin⏎p22⏎ Esc` (one terminal write, as a fast
seller's keys come): Textual's parser made the first Esc a ^ when the second arrived within
its escape delay, so 马琳's page stayed, its `d` deleted her highlighted purchase, `a` asked
to archive her and `n` said no.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.book_helpers import customer
from tests.tui.test_real_terminal import (
    APP,
    TMUX,
    Terminal,
    amounts_cents,
    terminal,  # noqa: F401 - the fixture
)
from xiaoben.models.purchase import Purchase
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]

SEARCH_MALIN = ["/", *"malin", "Enter", "p", "1", "1", "Enter"]  # her page, ¥11 logged


def shop(tmp_path: Path) -> tuple[Path, int, int]:
    """A book with 马琳 (a real ¥1,130 purchase, the page's highlighted one) and 戴丽敏."""
    book_path = tmp_path / "shop.db"
    with Book.open(book_path) as book:
        for number in range(5):
            customer(book, f"客户{number:02d}", code=f"K{number:02d}")
        malin = customer(book, "马琳", code="ML01")
        dai = customer(book, "戴丽敏", code="DLM01")
        assert malin.id is not None and dai.id is not None
        book.add_purchase(Purchase(customer_id=malin.id, amount=Decimal("1130"), date=date.today()))
    return book_path, malin.id, dai.id


def archived(book_path: Path, customer_id: int) -> int:
    conn = sqlite3.connect(f"file:{book_path}?mode=ro", uri=True)
    try:
        (row,) = conn.execute("SELECT archived FROM customers WHERE id = ?", (customer_id,))
        return int(row[0])
    finally:
        conn.close()


def test_esc_then_a_search_in_one_burst_leaves_the_page_and_deletes_nothing(
    terminal: Terminal,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    """The tester's burst: Esc leaves 马琳's page, `/dailimin` replaces the search the list
    kept ("malin": `/` selects it), ⏎ opens 戴丽敏 and `p22⏎` logs her ¥22, the last Esc
    leaves her page. Nothing of 马琳's is deleted (the Esc was a ^ and `d` deleted)."""
    book_path, malin, dai = shop(tmp_path)
    terminal.start([*APP, "--db", str(book_path)])
    terminal.wait_for_text("7 customers")

    terminal.send(
        *SEARCH_MALIN, "Escape", "/", *"dailimin", "Enter", "p", "2", "2", "Enter", "Escape"
    )

    terminal.wait_for(lambda: 11_00 in amounts_cents(book_path, malin), "马琳's ¥11")
    terminal.wait_for(lambda: amounts_cents(book_path, dai) == [22_00], "戴丽敏's ¥22")
    terminal.wait_for(lambda: "search “dailimin”" in terminal.screen(), "back on the list")
    assert sorted(amounts_cents(book_path, malin)) == [11_00, 1130_00]  # her purchase kept
    assert archived(book_path, malin) == 0
    terminal.send("C-q")


def test_esc_esc_then_a_search_in_one_burst_logs_each_purchase_for_its_customer(
    terminal: Terminal,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    """Esc leaves 马琳's page, the next Esc clears the search, `/dailimin⏎p22⏎` logs ¥22 for
    戴丽敏, the last Esc leaves her page (Textual: the second Esc a ^, the search kept)."""
    book_path, malin, dai = shop(tmp_path)
    terminal.start([*APP, "--db", str(book_path)])
    terminal.wait_for_text("7 customers")

    terminal.send(
        *SEARCH_MALIN,
        "Escape",
        "Escape",
        "/",
        *"dailimin",
        "Enter",
        "p",
        "2",
        "2",
        "Enter",
        "Escape",
    )

    terminal.wait_for(lambda: bool(amounts_cents(book_path, dai)), "戴丽敏's ¥22")
    terminal.wait_for(lambda: "search “dailimin”" in terminal.screen(), "the list, back")
    assert sorted(amounts_cents(book_path, malin)) == [11_00, 1130_00]
    assert amounts_cents(book_path, dai) == [22_00]
    terminal.send("C-q")
