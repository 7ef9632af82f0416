"""The Import screen keeps the book as it was before an import that writes, and says the way
back (an outside tester's first day: no import could be undone, the day's only backup was
the empty book of the morning)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.book_helpers import write_csv
from tests.tui.pilot import run
from tests.tui.test_import_screen import import_now, open_file, rows_of
from xiaoben.store.backups import folder_of, list_backups
from xiaoben.tui.app import XiaobenApp

SAID = {"zh": "导入前的账本已备份", "en": "as it was before this import is backed up"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_import_keeps_the_book_as_it_was_and_says_how_to_go_back(
    app_factory, tmp_path: Path, lang: str
) -> None:
    path = write_csv(tmp_path / "new.csv", ["姓名,电话", "甲一,13312340011", "乙二,13312340012"])
    app = app_factory(lang=lang)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        (before,) = rows_of(app, "SELECT count(*) FROM customers")[0]
        await open_file(pilot, path)
        await import_now(pilot)
        assert rows_of(app, "SELECT count(*) FROM customers") == [(before + 2,)]
        newest = list_backups(folder_of(app.book.path))[0]
        assert newest.counts()["customers"] == before  # the book as it was
        notices = " ".join(str(each.message) for each in app._notifications)
        assert SAID[lang] in notices and f"xiaoben restore {newest.path.name}" in notices

    run(app, story)


def test_an_import_that_changes_nothing_says_no_way_back(app_factory, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "new.csv", ["姓名,电话", "甲一,13312340011"])
    app = app_factory(lang="zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        (taken,) = rows_of(app, "SELECT count(*) FROM customers")[0]
        await open_file(pilot, path)
        await import_now(pilot)
        app._notifications.clear()
        await open_file(pilot, path)  # read again: every row already the book's
        await import_now(pilot)
        notices = " ".join(str(each.message) for each in app._notifications)
        assert "没有需要改动" in notices and SAID["zh"] not in notices
        newest = list_backups(folder_of(app.book.path))[0]
        assert newest.counts()["customers"] == taken  # the one before the import that wrote

    run(app, story)
