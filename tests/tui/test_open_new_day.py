"""The first open of a new day: the list is shown at once from the tiers the book keeps
(an earlier day's), saying that today's are on their way, and follows when they are."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from tests.tui.pilot import SIZE, TODAY, settle
from xiaoben.store.book import Book
from xiaoben.store.cipher import BookKey
from xiaoben.tui.app import XiaobenApp, make_app
from xiaoben.tui.settings import Settings
from xiaoben.tui.widgets.customer_table import CustomerTable

LATER = TODAY + timedelta(days=150)  # far enough for stages to move (lapsed, lost)
UPDATING = "正在更新今日分级"


def stages_kept(book: Book) -> dict[int, str | None]:
    with book.reading():
        return dict(book.conn.execute("SELECT customer_id, stage FROM tiers"))


def stages_shown(app: XiaobenApp) -> dict[int, str | None]:
    table = app.screen.query_one(CustomerTable)
    entries = [table.row_at(k) for k in range(table.row_count)]
    return {entry.row.id: entry.row.stage for entry in entries if entry is not None}


def summary(app: XiaobenApp) -> str:
    return str(app.screen.query_one("#list-summary").render())


@pytest.fixture
def held_pass(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The background pass's compute waits until the returned event is set."""
    import xiaoben.store.book  # noqa: F401 - the attribute patched below
    from xiaoben import store

    release = threading.Event()
    compute = store.book.compute_with_population

    def held(*args: object, **kwargs: object) -> object:
        release.wait(30)
        return compute(*args, **kwargs)

    monkeypatch.setattr(store.book, "compute_with_population", held)
    return release


async def _until(condition: Callable[[], bool], seconds: float = 10) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("not shown in time")


def test_a_new_day_shows_the_kept_tiers_at_once_then_todays(
    book_path: Path, held_pass: threading.Event
) -> None:
    with Book.open(book_path, today=lambda: TODAY) as book:
        kept = stages_kept(book)  # as of TODAY, the book's last day
    app = make_app(book_path, today=lambda: LATER, settings=Settings(language="zh"))

    async def story() -> None:
        try:
            async with app.run_test(size=SIZE) as pilot:
                await _until(lambda: app.screen.query_one(CustomerTable).total is not None)

                assert app.book.updating_tiers and not app.book.settle(0)  # the pass is held
                assert UPDATING in summary(app)
                shown = stages_shown(app)
                assert shown and all(kept[i] == stage for i, stage in shown.items())

                held_pass.set()
                await settle(pilot)
                assert UPDATING not in summary(app)
                today = stages_kept(app.book)
                assert today != kept  # the day moved someone
                assert stages_shown(app) == {i: today[i] for i in stages_shown(app)}
        finally:
            held_pass.set()

    asyncio.run(story())


def test_the_same_day_says_nothing_of_updating(book_path: Path) -> None:
    app = make_app(book_path, today=lambda: TODAY, settings=Settings(language="zh"))

    async def story() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert not app.book.updating_tiers
            assert UPDATING not in summary(app)

    asyncio.run(story())


def test_the_days_backup_is_written_while_the_app_runs(
    book_path: Path, run: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not before it: a 100k book's copy and check kept the terminal blank for 15-50 s."""
    from xiaoben.cli import main as cli
    from xiaoben.store import backups

    happened: list[str] = []
    app_runs = threading.Event()
    copy = backups.export_copy

    def copy_once_the_app_runs(*args: object, **kwargs: object) -> object:
        app_runs.wait(10)
        happened.append("copied")
        return copy(*args, **kwargs)  # type: ignore[arg-type]  # passed through

    def runs(app: XiaobenApp) -> None:
        happened.append("app runs")
        app_runs.set()
        app.on_unmount()  # what quitting does: waits for the backup, closes the book

    monkeypatch.setattr(backups, "export_copy", copy_once_the_app_runs)
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(XiaobenApp, "run", runs)

    run()

    assert happened == ["app runs", "copied"]
    assert len(backups.list_backups(backups.folder_of(book_path))) == 1


PASSPHRASE = "芝麻开门 2026"


def encrypt(book_path: Path) -> None:
    with Book.open(book_path, today=lambda: TODAY) as book:
        book.conn.execute("DELETE FROM meta WHERE key = 'demo'")  # the demo stays plain
        book.change_passphrase(PASSPHRASE)


def app_backing_up(book_path: Path, folder: Path) -> XiaobenApp:
    """The app on the encrypted book, its day's backup written beside it as the CLI starts it."""
    from xiaoben.store.backups import backup_alongside

    app = make_app(
        book_path, today=lambda: TODAY, settings=Settings(language="zh"), passphrase=PASSPHRASE
    )
    app.back_up_meanwhile(backup_alongside(app.book, folder))
    return app


def test_an_encrypted_books_days_backup_is_written_after_the_first_paint(
    book_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a plain book's: the encrypted copy (SQLCipher's export, its check) kept a big
    encrypted book's terminal blank. Here the copy, once it holds the book, waits for the
    list to be drawn (5 s at most: a copy taken before the app runs gives up waiting, and
    comes first)."""
    from xiaoben.store import cipher
    from xiaoben.store.backups import list_backups

    encrypt(book_path)
    happened: list[str] = []
    painted = threading.Event()
    write_copy = cipher.write_copy

    def copy_once_painted(
        book: Path, key: BookKey, temp: Path, copy_key: BookKey, pinned: Callable[[], None]
    ) -> None:
        def then_wait() -> None:  # the book as it is copied held: now the copy waits
            pinned()
            painted.wait(5)

        write_copy(book, key, temp, copy_key, then_wait)
        happened.append("copied")

    monkeypatch.setattr(cipher, "write_copy", copy_once_painted)
    folder = tmp_path / "backups"
    app = app_backing_up(book_path, folder)

    async def story() -> None:
        try:
            async with app.run_test(size=SIZE) as pilot:
                await _until(lambda: bool(stages_shown(app)))
                happened.append("painted")
                painted.set()
                await settle(pilot)
        finally:
            painted.set()

    asyncio.run(story())

    assert happened == ["painted", "copied"]
    with Book.open(book_path, today=lambda: TODAY, passphrase=PASSPHRASE) as book:
        (backup,) = list_backups(folder, book._key)
        assert backup.counts() == {name: n for name, (n, _) in book.summary_of(book_path).items()}


def test_an_encrypted_backup_that_fails_beside_the_app_is_a_notice_and_leaves_nothing(
    book_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk filling up while SQLCipher writes the copy (after it holds the book)."""
    from xiaoben.store import cipher
    from xiaoben.store.driver import sqlcipher

    encrypt(book_path)
    driver = sqlcipher()
    assert driver is not None

    def disk_full(
        book: Path, key: BookKey, temp: Path, copy_key: BookKey, pinned: Callable[[], None]
    ) -> None:
        pinned()
        raise driver.OperationalError("database or disk is full")

    monkeypatch.setattr(cipher, "write_copy", disk_full)
    folder = tmp_path / "backups"
    app = app_backing_up(book_path, folder)

    async def story() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            told = [str(notice.message) for notice in app._notifications]
            assert any("无法备份" in text and "磁盘已满" in text for text in told), told

    asyncio.run(story())
    assert not any(folder.iterdir())  # neither a backup nor its temporary file
