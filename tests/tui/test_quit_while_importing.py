"""ctrl+q while the import screen imports a big file: the app asks, and on yes the import
stops at its next batch, rolled back (nothing written), so the app ends at once rather than
after the whole file (a blank terminal for a minute)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tui.test_cancel_import import hold_imports
from tests.tui.test_import_screen import open_file
from xiaoben.store.book import Book
from xiaoben.store.importing.csv_table import BATCH_ROWS
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.imports import ImportScreen
from xiaoben.tui.widgets.confirm import ConfirmDialog

pytestmark = pytest.mark.slow

ROWS = 4 * BATCH_ROWS  # read and written a batch at a time: held after the first


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
    # held inside its transaction after its first batch until the question is answered: a
    # key pressed mid-import arrives while it is certainly under way, however fast the machine
    held = hold_imports(monkeypatch, "match")
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
            while not held.reached.is_set():
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
            held.go.set()

    asyncio.run(inner())  # returns once the executor's threads (the import's) have ended
    stopped = time.monotonic() - timings["yes"]
    assert stopped < 3.0, f"the import went on for {stopped:.1f} s after quitting"
    # stopped at the batch after the one it was held in, not once the whole file was read
    assert max(held.customers_done) <= 2 * BATCH_ROWS < ROWS, held.customers_done
    with Book.open(book_path) as after:
        assert after.conn.execute("SELECT count(*) FROM purchases").fetchone()[0] == purchases
