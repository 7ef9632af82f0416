"""The rules screen shows every field's label and hint whole, in zh and en at 80 columns:
long English labels and the seller's own fields' names wrap in their column, never cut."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.pilot import freeze_cursors, run, settle, today
from tests.tui.test_tiers_rules import open_rules
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.rules import RulesScreen

SIZE = (80, 40)


def _long_fields(book_path: Path) -> None:
    """A number and a choice a seller named at length, in both languages."""
    with Book.open(book_path, today=today) as book:
        book.add_field(
            FieldDef(
                kind=FieldKind.NUMBER,
                label_zh="每月在门店的平均消费预算",
                label_en="average monthly budget in the shop",
            )
        )
        book.add_field(
            FieldDef(
                kind=FieldKind.CHOICE,
                label_zh="线下门店会员等级",
                label_en="membership level at the high street shop",
                options=["金卡会员", "银卡"],
            )
        )


def _cut_labels(screen: RulesScreen) -> list[str]:
    """The labels and hints whose text is not all on screen: the lines their widget
    renders, read back, hold every character (wrapping moves words, it loses none)."""
    cut = []
    for widget in screen.query(".rule-label, .rule-hint").results(Static):
        text = str(widget.content)
        lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
        shown = "".join(line.text for line in lines)
        if "".join(shown.split()) != "".join(text.split()):
            cut.append(text)
    return cut


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_rule_label_and_hint_is_shown_whole_at_80_columns(
    app_factory: Callable[..., XiaobenApp], book_path: Path, lang: str
) -> None:
    _long_fields(book_path)

    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.resize_terminal(*SIZE)
        screen = await open_rules(app, pilot)
        await settle(pilot)
        assert len(screen.query(".rule-label")) > 30
        assert _cut_labels(screen) == []

    run(app_factory(lang), scenario)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_rules_screen_with_long_labels_at_80_columns(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp], book_path: Path, lang: str
) -> None:
    _long_fields(book_path)

    async def to_the_weights(pilot: Pilot[None]) -> None:
        await pilot.press("f4")
        await settle(pilot)
        screen = pilot.app.screen
        screen.query_one("#in-field_criteria-2-points-1").focus()
        await settle(pilot)
        await freeze_cursors(pilot)

    assert snap_compare(app_factory(lang), terminal_size=SIZE, run_before=to_the_weights)
