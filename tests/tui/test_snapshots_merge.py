"""Snapshots of the merge screen (en, 100×32) and the possible duplicates list (zh)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.tui.pilot import settle
from tests.tui.test_merge_screen import add_twin, open_merge_from_page


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
