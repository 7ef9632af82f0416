"""A book that cannot be written opens in the app read-only, with a notice saying so."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.tui.pilot import run
from xiaoben.store.driver import sqlite3
from xiaoben.tui.app import XiaobenApp


@pytest.mark.parametrize(
    ("refusal", "said", "not_said"),
    [
        ("attempt to write a readonly database", "opened read-only", "disk is full"),
        ("database or disk is full", "the disk is full", "the file or its folder is read-only"),
    ],
)
def test_the_app_opens_a_book_it_cannot_write_with_a_notice_of_why(
    app_factory, monkeypatch: pytest.MonkeyPatch, refusal: str, said: str, not_said: str
) -> None:
    def refuse(*args: object) -> None:
        raise sqlite3.OperationalError(refusal)

    monkeypatch.setattr("xiaoben.store.sessions.register", refuse)
    app = app_factory(lang="en")
    seen: list[str] = []

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        seen.extend(notification.message for notification in app._notifications)

    run(app, body)

    assert app.book.read_only
    assert any(said in message for message in seen), seen
    assert not any(not_said in message for message in seen), seen
