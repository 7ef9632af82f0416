"""Text drawn over other widgets (an open select's list, a notice) reads as written: a
wide character is never cut where a widget beneath it has an edge."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.pilot import Pilot
from textual.widgets import Select, Static

from tests.tui.pilot import run, screen_lines, settle, today
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.compositing import keep_wide_characters_whole
from xiaoben.tui.widgets.list_filters import FilterModal

# A choice field's options as sellers type them: Chinese, emoji, full-width and half-width
# forms, other scripts, and brackets a markup parser would read as styles.
OPTIONS = [
    ["干性", "油性", "混合"],
    ["😀开心", "👍好评", "🎁送礼"],
    ["Ａ级", "ｂ级", "ｶﾀｶﾅ"],
    ["한국어", "にほんご", "café"],
    ["[VIP]", "[b]粗体[/b]", "50%[red]"],
    ["a干b油c", "干 性", "性干"],
]


def _choice_field(book_path: Path, options: list[str]) -> int:
    with Book.open(book_path, today=today) as book:
        field = book.add_field(
            FieldDef(
                kind=FieldKind.CHOICE,
                label_zh="肤质",
                label_en="skin type",
                options=options,
                in_list=True,
            )
        )
    assert field.id is not None
    return field.id


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("size", [(120, 40), (200, 60), (100, 32)])
def test_the_filter_dropdown_shows_each_option_as_typed(
    app_factory, book_path: Path, options: list[str], size: tuple[int, int]
) -> None:
    field_id = _choice_field(book_path, options)
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterModal)
        select = app.screen.query_one(f"#filter-custom-{field_id}", Select)
        select.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert select.expanded
        lines = screen_lines(app)
        for option in options:
            assert any(option in line for line in lines), (option, lines)

    run(app, story, size)


class _OverEdges(App[None]):
    """A line of narrow boxes (an edge every 3 columns) with one line of text over them."""

    CSS = """
    Screen { layers: below above; }
    #boxes { layer: below; height: 3; }
    #boxes Static { width: 3; height: 3; }
    #over { layer: above; width: auto; height: 1; }
    """

    def __init__(self) -> None:
        keep_wide_characters_whole()
        super().__init__()

    def compose(self) -> ComposeResult:
        with Horizontal(id="boxes"):
            for _ in range(40):
                yield Static("│ │")
        yield Static(id="over", markup=False)


TEXT = st.text(alphabet="干油性混合客户😀🎁👍ＡｂＣ한국어にほんｶﾀﾅabc 1[/]%·，", max_size=30)


@settings(max_examples=5, deadline=None)
@given(st.lists(TEXT, min_size=10, max_size=10))
def test_text_over_other_widgets_keeps_every_character(texts: list[str]) -> None:
    """Whatever the text and wherever it lies over the boxes' edges, it reads whole."""
    app = _OverEdges()

    async def story() -> None:
        async with app.run_test(size=(120, 5)) as pilot:
            over = app.query_one("#over", Static)
            for text in texts:
                for column in range(3):  # each wide character on an edge, and off it
                    over.update(text)
                    over.styles.offset = (column, 1)
                    await pilot.pause()
                    line = screen_lines(app)[1]
                    assert line[column:].startswith(text), (text, column, line)

    asyncio.run(story())
