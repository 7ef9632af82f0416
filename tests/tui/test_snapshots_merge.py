"""Snapshots of the merge screen (en, 100×32; en 80×24 and zh 60×20 with long values) and
the possible duplicates list (zh)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.pilot import settle
from tests.tui.test_merge_screen import add_twin, open_merge_from_page
from tests.tui.test_merge_screen_small import open_merge, two_records


def test_merge_screen(snap_compare, app_factory, book_path: Path) -> None:
    original, _ = add_twin(book_path)

    async def open_merge(pilot: Pilot) -> None:
        await settle(pilot)
        screen = await open_merge_from_page(pilot.app, pilot, original)  # type: ignore[arg-type]
        await pilot.press("down", "right")  # the second field from the merged-in record
        await settle(pilot)
        assert screen.fields

    assert snap_compare(app_factory(lang="en"), terminal_size=(100, 32), run_before=open_merge)


def test_duplicates_list(snap_compare, app_factory, book_path: Path) -> None:
    add_twin(book_path)

    async def open_list(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)

    assert snap_compare(app_factory(lang="zh"), terminal_size=(100, 32), run_before=open_list)


@pytest.mark.parametrize(("lang", "size"), [("en", (80, 24)), ("zh", (60, 20))])
def test_merge_screen_small(
    snap_compare, app_factory, book_path: Path, lang: str, size: tuple[int, int]
) -> None:
    """Both phones kept and long notes: every column on screen, long values wrapped."""
    ids = two_records(book_path)

    async def opened(pilot: Pilot) -> None:
        await settle(pilot)
        await open_merge(pilot.app, pilot, ids)  # type: ignore[arg-type]
        await pilot.press("b")
        await settle(pilot)

    assert snap_compare(app_factory(lang=lang), terminal_size=size, run_before=opened)
