"""Letters typed in the field picker (Enter on a column of the Import screen's mapping)
jump to the field whose name has them, in Chinese or in English whatever the screen's
language, as a Select's open list does: with the picker open, 电 or p did nothing (an
outside tester's finding)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.book_helpers import write_csv
from tests.tui.pilot import run, settle
from tests.tui.test_import_screen import TITLED, open_file
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets import import_parts
from xiaoben.tui.widgets.import_parts import FieldPicker, MappingTable


async def _open_picker(pilot: Pilot[None], path: Path) -> OptionList:
    await open_file(pilot, path)
    table = pilot.app.screen.query_one(MappingTable)
    table.focus()
    table.move_cursor(row=0)
    await pilot.press("enter")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, FieldPicker)
    return picker.query_one(OptionList)


def _highlighted(options: OptionList) -> str | None:
    assert options.highlighted is not None
    return options.get_option_at_index(options.highlighted).id


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("keys", "field"),
    [(["电"], "phones"), (["p", "h"], "phones"), (["微"], "wechat"), (["w", "e"], "wechat")],
)
def test_typing_a_fields_name_in_either_language_jumps_to_it(
    app_factory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    keys: list[str],
    field: str,
) -> None:
    # keys pressed one after another are one search however slow the machine (the 0.7 s
    # between them is not what is tested here)
    monkeypatch.setattr(import_parts, "_TYPED_TOGETHER", 60.0)
    app = app_factory(lang=lang)
    path = write_csv(tmp_path / "c.csv", TITLED)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        options = await _open_picker(pilot, path)
        assert _highlighted(options) != field

        await pilot.press(*keys)
        await settle(pilot)

        assert _highlighted(options) == field
        await pilot.press("enter")  # chosen as any option is
        await settle(pilot)
        assert not isinstance(app.screen, FieldPicker)

    run(app, story)


def test_letters_no_field_has_leave_the_highlight(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "c.csv", TITLED)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        options = await _open_picker(pilot, path)
        before = options.highlighted

        await pilot.press("~")
        await settle(pilot)

        assert options.highlighted == before
        assert isinstance(app.screen, FieldPicker)

    run(app, story)
