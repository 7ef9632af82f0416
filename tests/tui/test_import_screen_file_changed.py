"""The Import screen when the file is saved again after it was read (an outside tester's
day one): the seller sees a mistake in the preview, fixes it in WPS, saves, and presses
ctrl+s. The screen imported what it had read before the fix, said 2 of 2 rows imported,
and nothing told her the file had changed. It must import nothing and say so, and once
the file is read again (Enter on its path) import what the file holds now."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.book_helpers import write_csv
from tests.tui.pilot import run, settle
from tests.tui.test_import_screen import import_now, open_file, rows_of, text_of
from xiaoben.tui.app import XiaobenApp

BEFORE = ["姓名,电话,备注", "甲一,13312340011,旧", "乙二,13312340012,旧"]
AFTER = [
    "姓名,电话,备注",
    "甲一,13312340011,新改的",
    "乙二,13312340099,新改的",
    "丙三,13312340013,新加的",
]
MINE = "SELECT name, notes FROM customers WHERE name IN ('甲一', '乙二', '丙三') ORDER BY name"
SAID = {"zh": "在读取之后改过了", "en": "has changed (or moved) since it was read"}


def saved_again(path: Path, lines: list[str]) -> None:
    """The file written anew, as WPS saves it: its time moved on even within the second."""
    before = path.stat().st_mtime_ns
    write_csv(path, lines)
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_file_saved_again_after_reading_is_not_imported_until_read_again(
    app_factory, tmp_path: Path, lang: str
) -> None:
    path = write_csv(tmp_path / "edit.csv", BEFORE)
    app = app_factory(lang=lang)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        saved_again(path, AFTER)
        await import_now(pilot)
        assert rows_of(app, MINE) == []
        notices = " ".join(str(each.message) for each in app._notifications)
        assert SAID[lang] in notices and "edit.csv" in notices
        await pilot.press("ctrl+r")  # nor a dry run of what it held before
        await settle(pilot)
        assert SAID[lang] in text_of(app, "#import-summary")
        app.screen.query_one("#import-path").focus()
        await pilot.press("enter")  # read again: the preview is of the file now
        await settle(pilot)
        await import_now(pilot)
        assert rows_of(app, MINE) == [("丙三", "新加的"), ("乙二", "新改的"), ("甲一", "新改的")]

    run(app, story)


def test_a_file_moved_away_after_reading_is_not_imported(app_factory, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "edit.csv", BEFORE)
    app = app_factory(lang="zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        path.rename(tmp_path / "moved.csv")
        await import_now(pilot)
        assert rows_of(app, MINE) == []
        notices = " ".join(str(each.message) for each in app._notifications)
        assert SAID["zh"] in notices

    run(app, story)


def test_a_file_unchanged_since_reading_imports_as_before(app_factory, tmp_path: Path) -> None:
    """The check costs the seller nothing when nothing changed (and reading the file's
    status does not count as a change)."""
    path = write_csv(tmp_path / "edit.csv", BEFORE)
    app = app_factory(lang="zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        path.read_bytes()
        await import_now(pilot)
        assert rows_of(app, MINE) == [("乙二", "旧"), ("甲一", "旧")]

    run(app, story)


def test_a_file_saved_again_is_still_changed_after_a_language_switch(
    app_factory, tmp_path: Path
) -> None:
    """F6 rebuilds the screen, which reads the file again: the file saved in between was
    then taken as seen, and ctrl+s imported rows the seller never saw (second outside
    tester). The read she saw is the one that counts until she reads it again herself."""
    path = write_csv(tmp_path / "edit.csv", BEFORE)
    app = app_factory(lang="zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        saved_again(path, AFTER)
        await pilot.press("f6")
        await settle(pilot)
        await import_now(pilot)
        assert rows_of(app, MINE) == []
        notices = " ".join(str(each.message) for each in app._notifications)
        assert SAID["en"] in notices  # said in the language switched to
        app.screen.query_one("#import-path").focus()
        await pilot.press("enter")  # read again by her: now it imports
        await settle(pilot)
        await import_now(pilot)
        assert [name for name, _ in rows_of(app, MINE)] == ["丙三", "乙二", "甲一"]

    run(app, story)
