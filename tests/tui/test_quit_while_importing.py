"""ctrl+q while the import screen imports a big file: the app asks, and on yes the import
stops at its next batch, rolled back (nothing written), so the app ends at once rather than
after the whole file (a blank terminal for a minute)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.tui.test_import_screen import open_file
from xiaoben.store.book import Book
from xiaoben.store.purchase_writer import PurchaseWriter
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.imports import ImportScreen
from xiaoben.tui.widgets.confirm import ConfirmDialog

pytestmark = pytest.mark.slow

ROWS = 400_000  # long enough that the import is still reading when the keys arrive


def big_orders(path: Path) -> Path:
    lines = ["编号,日期,金额"]
    lines += [f"Q{n % 5000:05d},2026-0{n % 9 + 1}-1{n % 9},{n % 900 + 1}" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ctrl_q_during_an_import_asks_then_stops_it_at_once(
    app_factory: Callable[..., XiaobenApp],
    book_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = big_orders(tmp_path / "orders.csv")
    # each batch written a little later: the whole file takes 10 s or more, so it is still
    # being imported when the keys arrive however busy the machine (a fast import of the
    # 400,000 rows had ended, committed, before the 'y' under a full test run's load)
    write = PurchaseWriter.write

    def slowed(writer: PurchaseWriter, *args: Any, **options: Any) -> None:
        time.sleep(0.25)
        write(writer, *args, **options)

    monkeypatch.setattr(PurchaseWriter, "write", slowed)
    with Book.open(book_path) as before:
        purchases = before.conn.execute("SELECT count(*) FROM purchases").fetchone()[0]
    app = app_factory("zh")
    timings: dict[str, float] = {}

    async def inner() -> None:
        async with app.run_test(size=(100, 32)) as pilot:
            screen = await open_file(pilot, path)
            await pilot.click("#import-create-missing")
            await pilot.pause()
            screen._checking += 1  # the dry run's answer is not waited for
            await pilot.press("ctrl+s")
            deadline = time.monotonic() + 60
            while "找到客户" not in str(screen.query_one("#import-summary").render()):
                assert time.monotonic() < deadline, "the import never got to its batches"
                await asyncio.sleep(0.05)
            assert isinstance(app.screen, ImportScreen) and app.screen.importing
            await pilot.press("ctrl+q")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ConfirmDialog)
            assert "取消这次导入" in dialog.question_text
            await pilot.press("y")
            timings["yes"] = time.monotonic()

    asyncio.run(inner())  # returns once the executor's threads (the import's) have ended
    stopped = time.monotonic() - timings["yes"]
    assert stopped < 3.0, f"the import went on for {stopped:.1f} s after quitting"
    with Book.open(book_path) as after:
        assert after.conn.execute("SELECT count(*) FROM purchases").fetchone()[0] == purchases
        assert after.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
