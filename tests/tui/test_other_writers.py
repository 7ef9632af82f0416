"""Another process writes the book while the app shows it (a `xiaoben import` in a second
terminal): the app looks for such commits every OTHER_WRITERS_SECONDS and shows what the
book holds, as after a write of its own: the list's count and rows, without a keystroke."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from tests.book_helpers import REPO, python_env
from tests.tui.pilot import run, settle
from xiaoben.tui.app import OTHER_WRITERS_SECONDS, XiaobenApp
from xiaoben.tui.widgets.customer_table import CustomerTable


def _summary(app: XiaobenApp) -> str:
    return str(app.screen.query_one("#list-summary", Static).render())


def test_a_cli_import_in_another_terminal_shows_in_the_open_list(
    app_factory: Callable[..., XiaobenApp], book_path: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "more.csv"
    rows = [f"李{n}号,1390013{n:04d}" for n in range(10)]
    sheet.write_text("姓名,手机\n" + "\n".join(rows) + "\n", encoding="utf-8")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        before = app.screen.query_one(CustomerTable).total
        assert f"{before}" in _summary(app)
        command = [sys.executable, "-m", "xiaoben.cli", "--lang", "en", "--db", str(book_path)]
        imported = subprocess.run(
            [*command, "import", "customers", str(sheet)],
            cwd=REPO,
            env=python_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert imported.returncode == 0, imported.stderr
        shown = ""
        for _ in range(int(OTHER_WRITERS_SECONDS * 10) + 40):  # its look, then the reload
            await pilot.pause(0.1)
            shown = _summary(app)
            if f"{before + 10}" in shown:
                break
        assert f"{before + 10}" in shown, shown
        assert app.screen.query_one(CustomerTable).total == before + 10

    run(app_factory("en"), story, (100, 30))
