"""Fixtures for the screens: a small fixed book, fixed clock, private settings.

The book is written once per session by the demo generator (seeded, fixed day) and
copied for each test, so every test and snapshot sees the same customers.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tui.pilot import today
from xiaoben.store.book import Book
from xiaoben.store.demo import write_demo
from xiaoben.tui.app import XiaobenApp, make_app
from xiaoben.tui.settings import Settings


@pytest.fixture(scope="session")
def small_book_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "small.db"
    with Book.open(path, today=today) as book:
        write_demo(book, customers=40, seed=3)
    return path


@pytest.fixture
def book_path(small_book_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "book.db"
    shutil.copy(small_book_template, target)
    return target


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XIAOBEN_CONFIG", str(tmp_path / "settings.json"))
    monkeypatch.setenv("XIAOBEN_LANG", "zh")


@pytest.fixture(autouse=True)
def lasting_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    """A notice stays until the test has looked: Textual drops one after 5 s, and on a
    loaded CI machine a test's settling can take longer than that (a saved purchase's
    notice was gone before the test read it)."""
    monkeypatch.setattr(XiaobenApp, "NOTIFICATION_TIMEOUT", 600)


@pytest.fixture
def app_factory(book_path: Path) -> Iterator:
    """make(lang="zh") -> a fresh XiaobenApp on the test's copy of the small book."""
    made: list[XiaobenApp] = []

    def make(lang: str = "zh", theme: str = "dark") -> XiaobenApp:
        app = make_app(book_path, today=today, settings=Settings(language=lang, theme=theme))
        made.append(app)
        return app

    yield make
    for app in made:
        app.book.close()
