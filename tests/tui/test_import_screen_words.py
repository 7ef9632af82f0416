"""The import screen's words: a purchase row whose customer the book lacks names the
screen's own box (账本中没有的客户自动新建), not the command line's --create-missing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.book_helpers import write_csv
from tests.tui.pilot import run
from tests.tui.test_import_screen import open_file
from xiaoben.models.customer import Customer
from xiaoben.tui.app import XiaobenApp


def shown_text(app: XiaobenApp) -> str:
    """Every word the screen shows: its texts and its tables' cells."""
    parts = [str(static.content) for static in app.screen.query(Static)]
    for table in app.screen.query(DataTable):
        parts += [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("lang", "box"),
    [("zh", "勾选“账本中没有的客户自动新建”"), ("en", "tick “Create customers the book lacks”")],
)
def test_an_unknown_customer_names_the_screens_box(
    app_factory: Callable[..., XiaobenApp], tmp_path: Path, lang: str, box: str
) -> None:
    path = write_csv(
        tmp_path / "orders.csv",
        ["手机,日期,金额", "13811112222,2026-11-01,88", "13811113333,2026-11-02,120"],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        shown = shown_text(app)
        assert box in shown
        assert "--create-missing" not in shown

    run(app_factory(lang), story)


@pytest.mark.parametrize(
    ("lang", "box"),
    [("zh", "勾选“账本中没有的客户自动新建”"), ("en", "tick “Create customers the book lacks”")],
)
def test_a_namesake_with_another_number_names_the_screens_box(
    app_factory: Callable[..., XiaobenApp], tmp_path: Path, lang: str, box: str
) -> None:
    """A row whose name is a customer's but whose phone is not hers is another person: the
    message that says so names the screen's box too, not --create-missing."""
    path = write_csv(
        tmp_path / "orders.csv", ["客户,手机,日期,金额", "张伟,13900000002,2026-11-02,120"]
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.book.save_customer(Customer(name="张伟", phones=["13900000001"]))
        await open_file(pilot, path)
        shown = shown_text(app)
        assert box in shown
        assert "--create-missing" not in shown

    run(app_factory(lang), story)
