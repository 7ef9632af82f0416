"""A notice gone when its time is up leaves the screen painted again whole: after a large
import the Import screen's notices (正在导入文件…, 已导入 50000/50000 行…) expired on
time, yet the update Textual made of the expiry found nothing to paint, and each stayed on
the terminal over the report until a key was pressed (an outside tester's finding, seen in
tmux at 80×24). A headless test paints nothing, so the test asks for what makes the
terminal right: the screen refreshed whole once the notice is gone."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets._toast import Toast

from tests.book_helpers import write_csv
from tests.tui.pilot import SIZE, settle
from tests.tui.test_import_screen import TITLED, open_file
from xiaoben.tui.app import XiaobenApp


def test_the_screen_is_repainted_whole_once_a_notice_expires(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="zh")
    path = write_csv(tmp_path / "c.csv", TITLED)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        refreshed: list[bool] = []
        whole = screen.refresh

        def refresh(*regions: object, **options: object) -> object:
            toasts = list(screen.query(Toast))
            if not regions and not options:  # the whole screen, not a part of it
                refreshed.append(not toasts)
            return whole(*regions, **options)  # type: ignore[arg-type]

        screen.refresh = refresh  # type: ignore[method-assign]
        app.notify("已导入 2/2 行", timeout=1.5)
        for _ in range(5):
            await pilot.pause()
        assert list(screen.query(Toast))

        await asyncio.sleep(2)
        await settle(pilot)

        assert not list(screen.query(Toast))
        assert True in refreshed  # repainted whole after the notice had gone

    async def inner() -> None:  # (pilot.run's, with Textual's notices shown: run_test hides them)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await story(app, pilot)

    asyncio.run(inner())
