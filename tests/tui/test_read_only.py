"""A book that cannot be written opens in the app read-only, with a notice saying so."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.tui.pilot import run
from xiaoben.store.driver import sqlite3
from xiaoben.tui.app import XiaobenApp


def test_the_app_opens_a_read_only_book_with_a_notice(
    app_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr("xiaoben.store.sessions.register", refuse)
    app = app_factory(lang="en")
    seen: list[str] = []

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        seen.extend(notification.message for notification in app._notifications)

    run(app, body)

    assert app.book.read_only
    assert any("opened read-only" in message for message in seen), seen


def test_the_app_opened_on_a_full_disk_says_the_disk_is_full(
    app_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("xiaoben.store.sessions.register", full)
    app = app_factory(lang="zh")
    seen: list[str] = []

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        seen.extend(notification.message for notification in app._notifications)

    run(app, body)

    assert app.book.read_only
    assert any("磁盘已满" in message for message in seen), seen
    assert not any("文件或所在文件夹只读" in message for message in seen), seen
