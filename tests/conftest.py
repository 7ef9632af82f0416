"""Fixtures for the store and CLI tests: real books in tmp_path, on a fixed day.

As in sqlite-utils' tests: books are real files made by fixtures, and every Book a test
opens is closed when the test ends (an autouse fixture), so no test leaks a connection
or a background thread into the next.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from tests.book_helpers import fixed_clock
from xiaoben.cli.help_pages import register_help_words
from xiaoben.cli.labels import register_labels as register_cli_labels
from xiaoben.store.book import Book
from xiaoben.tui.labels import register_labels as register_app_labels

# Hypothesis checks what the product does, never how fast: its per-example deadline (200 ms)
# and its too-slow health check are wall-clock bounds a loaded CI machine trips without a
# defect (two pytest workers on two busy cores). Tests that mean a time bound assert it.
settings.register_profile("xiaoben", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("xiaoben")


def pytest_configure(config: pytest.Config) -> None:
    """Every front end's words in the catalogue before any test is collected, registered as
    the command and the app register them when they start (tests call their parts directly)."""
    register_cli_labels()
    register_help_words()
    register_app_labels()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow and the long tests first, the rest in their order: under `pytest -n 4` the
    workers share the longest from the start, and what is left at the end is short
    tests (in collection order the longest walk through the app came at about 85%)."""

    def later(item: pytest.Item) -> bool:
        return not (item.get_closest_marker("slow") or item.get_closest_marker("long"))

    items.sort(key=later)


class _Clock:
    """The clock a Book gets when its opener passes none (the CLI's): real unless a test says."""

    default: Callable[[], date] = date.today


@pytest.fixture(autouse=True)
def _english_and_put_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in English, and a language a test's command set (--lang zh run in
    this process) is undone after it: a fresh run found a later test of the worker reading
    Chinese messages it did not ask for."""
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


@pytest.fixture(autouse=True)
def _presentation_off_after() -> Iterator[None]:
    """Presentation mode is the process's (tui.presenting): an app a test turned it on in
    must not leave the next test of the worker presenting (a fresh-clone CI run found a
    masks test's report lines hidden before it turned the mode on)."""
    yield
    from xiaoben.tui.presenting import Presentation, set_presentation

    set_presentation(Presentation())


@pytest.fixture(autouse=True)
def _close_every_book(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Clock]:
    """Track every Book opened in this process (tests, CLI commands) and close it at the end."""
    opened: list[Book] = []
    clock = _Clock()
    original = Book.open.__func__  # type: ignore[attr-defined]  # the classmethod's function

    def open_and_track(
        cls: type[Book],
        path: str | Path,
        *,
        today: Callable[[], date] | None = None,
        background: bool = False,
        **options: Any,
    ) -> Book:
        book = original(cls, path, today=today or clock.default, background=background, **options)
        opened.append(book)
        return book

    monkeypatch.setattr(Book, "open", classmethod(open_and_track))
    yield clock
    for book in opened:
        book.close()


@pytest.fixture(scope="session", autouse=True)
def _private_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test writes into the user's data folder (a writing command's automatic backup
    goes there), not even a module's fixture: the session has a data folder of its own
    (and `sandbox` gives a test one of its own)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
        yield


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Messages in English unless a test asks; never touch the user's real book or folders."""
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")
    monkeypatch.delenv("XIAOBEN_DB", raising=False)
    monkeypatch.delenv("XIAOBEN_LANG", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def book_path(tmp_path: Path, sandbox: None) -> Path:
    """Where the test's book lives: a file in a folder that does not exist yet."""
    return tmp_path / "books" / "shop.db"


@pytest.fixture
def open_book(sandbox: None) -> Callable[..., Book]:
    """Open (or create) a book on the fixed day: open_book(path, background=False)."""

    def opener(path: Path, *, background: bool = False) -> Book:
        return Book.open(path, today=fixed_clock, background=background)

    return opener


@pytest.fixture
def book(book_path: Path, open_book: Callable[..., Book]) -> Book:
    """A new, empty book."""
    return open_book(book_path)


@pytest.fixture(scope="session")
def shop_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small closed book `shop_path` copies, written once per session."""
    from tests.book_helpers import buy, customer

    path = tmp_path_factory.mktemp("shop") / "shop.db"
    with Book.open(path, today=fixed_clock) as shop:
        wang = customer(shop, "王芳", code="C001", phones=["13812345678"], wechat="wangfang_88")
        li = customer(shop, "李娜", code="C002", referred_by=wang.id)
        customer(shop, "赵敏", code="C003", referred_by=wang.id)
        for day in ("2026-03-01", "2026-07-01", "2026-11-01"):
            buy(shop, wang, 3000, day)
        buy(shop, li, 200, "2026-05-20")
        buy(shop, li, 100, "2026-11-15")
    return path


@pytest.fixture
def shop_path(book_path: Path, shop_template: Path) -> Path:
    """A small closed book: 王芳 (C001, top buyer), 李娜 (C002), 赵敏 (C003, no purchases).
    A private copy of the session's (a closed book is one file), in a private folder and
    file as a book the app makes; every copy has that book's mark."""
    book_path.parent.mkdir(mode=0o700, exist_ok=True)
    shutil.copyfile(shop_template, book_path)
    book_path.chmod(0o600)
    return book_path


@pytest.fixture(scope="session")
def empty_book_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed new book, made once per session (copy it, don't open it): a test making
    many books (a property's every example) copies it where making each, its schema
    written and synced, was most of the example's wait. Every copy has this book's mark."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    Book.open(path, today=fixed_clock).close()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed demo book of 60 customers, written once per session (copy it, don't open it)."""
    from xiaoben.store.demo import write_demo

    path = tmp_path_factory.mktemp("template") / "demo.db"
    with Book.open(path, today=fixed_clock) as book:
        write_demo(book, customers=60, seed=7)
    return path


@pytest.fixture
def demo_path(tmp_path: Path, demo_template: Path, sandbox: None) -> Path:
    """A private copy of the demo book (a closed book is one file: safe to copy)."""
    path = tmp_path / "demo" / "demo.db"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(demo_template, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def demo_book(demo_path: Path, open_book: Callable[..., Book]) -> Book:
    """The 60-customer demo book, open."""
    return open_book(demo_path)


@pytest.fixture
def run(book_path: Path, _close_every_book: _Clock) -> Callable[..., Result]:
    """Run `xiaoben --db <book_path> ARGS…` in-process on the fixed day; run(*args, db=other)."""
    from xiaoben.cli.main import main

    _close_every_book.default = fixed_clock

    def runner(*args: Any, db: Path | None = book_path, **kwargs: Any) -> Result:
        prefix = ["--db", str(db)] if db is not None else []
        return CliRunner().invoke(main, [*prefix, *map(str, args)], **kwargs)

    return runner
