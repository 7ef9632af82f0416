"""Backups in the app: "Back up now" in the command palette makes one; the palette lists
the book's backups, and choosing one says how to restore it (from the command line)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot

from tests.tui.pilot import run, settle, workers_done
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp


async def _palette(pilot: Pilot[None], text: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*text)
    await settle(pilot)  # the palette has searched: not a time, a loaded CI waits longer
    await pilot.press("enter")
    await settle(pilot)


def test_back_up_now_and_the_list_of_backups(
    app_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    told: list[str] = []

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        assert app.book.backups() == []
        await _palette(pilot, "立即备份")
        await workers_done(app)
        await settle(pilot)
        made = app.book.backups()
        assert len(made) == 1
        assert made[0].path.is_relative_to(tmp_path / "data" / "xiaoben" / "backups")
        told.extend(str(n.message) for n in app._notifications)
        await _palette(pilot, "备份 2026")
        told.extend(str(n.message) for n in app._notifications)

    run(app_factory("zh"), story, (100, 30))
    assert any("已备份到" in message for message in told)
    assert any("xiaoben restore 2026" in message for message in told)


def test_quitting_while_a_backup_is_written_says_so_and_stays(
    app_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+q while "Back up now" writes its copy: the app says it is backing up and stays
    (the quit would have waited on a frozen screen); once written, ctrl+q quits."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    release = threading.Event()
    back_up = Book.back_up

    def slow_back_up(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return back_up(*args, **kwargs)

    monkeypatch.setattr(Book, "back_up", slow_back_up)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.action_back_up_now()
        await pilot.pause(0.1)
        await pilot.press("ctrl+q")
        await pilot.pause(0.1)
        told = [str(notice.message) for notice in app._notifications]
        assert any("Backing up" in message for message in told), told
        assert app.return_code is None
        release.set()
        await workers_done(app)
        await settle(pilot)
        assert len(app.book.backups()) == 1
        await pilot.press("ctrl+q")
        await pilot.pause(0.1)
        assert app.return_code == 0

    try:
        run(app_factory("en"), story, (100, 30))
    finally:
        release.set()
