"""Chinese line breaking (kinsoku): the one wrapping helper, against a table of cases."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.geometry import Region
from textual.widgets._toast import Toast

from tests.tui.pilot import settle
from xiaoben.models.line_breaks import NO_LINE_END, NO_LINE_START, may_break_before, wrap
from xiaoben.tui.app import XiaobenApp

CASES = [
    # (text, width, lines)
    ("重点维护，保持联系。", 8, ["重点维", "护，保持", "联系。"]),
    ("先问需求，再推荐", 10, ["先问需求，", "再推荐"]),
    ("维持关系（低成本）即可", 12, ["维持关系（低", "成本）即可"]),
    ("维持关系（低成本）", 10, ["维持关系", "（低成本）"]),
    ("他说：「好的」", 8, ["他说：", "「好的」"]),
    ("优先跟进。", 8, ["优先跟", "进。"]),
    ("Keep them close, call monthly", 12, ["Keep them", "close, call", "monthly"]),
    ("A 核心 80% of revenue", 9, ["A 核心", "80% of", "revenue"]),
    ("一二三四五六", 6, ["一二三", "四五六"]),
    ("短", 10, ["短"]),
    ("", 10, [""]),
    ("第一行\n第二行", 20, ["第一行", "第二行"]),
    ("abcdefghijkl", 5, ["abcde", "fghij", "kl"]),  # a word wider than the line is cut
    ("，，，，，，", 4, ["，，", "，，", "，，"]),  # nothing else to do: never a lost mark
    ("、、、（ 1", 5, ["、、", "、", "（ 1"]),  # the space after （ is dropped: （ ended the line
    ("价格 （含税） 见下", 8, ["价格", "（含税）", "见下"]),
]


@pytest.mark.parametrize(("text", "width", "lines"), CASES)
def test_wrapping_follows_the_table(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width) == lines


CHINESE = st.text(alphabet="客户维护保持联系重点，。、；：！？）」（「 ab12", max_size=60)


def _forced(previous: str, line: str) -> bool:
    """Whether the break between two lines had no legal place in `previous` to go instead."""
    joined = previous + line[:1]
    return not any(may_break_before(joined, cut) for cut in range(1, len(previous) + 1))


@given(CHINESE, st.integers(min_value=4, max_value=30))
def test_no_line_starts_with_closing_or_ends_with_opening(text: str, width: int) -> None:
    lines = wrap(text, width)
    for number, line in enumerate(lines):
        assert cell_len(line) <= width
        if number and line and lines[number - 1] and not _forced(lines[number - 1], line):
            assert line[0] not in NO_LINE_START
            assert lines[number - 1][-1] not in NO_LINE_END


@given(CHINESE, st.integers(min_value=4, max_value=30))
def test_wrapping_loses_nothing_but_spaces_at_breaks(text: str, width: int) -> None:
    assert "".join(wrap(text, width)).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_a_long_chinese_notice_wraps_by_the_rules(
    app_factory: Callable[..., XiaobenApp], size: tuple[int, int]
) -> None:
    """A notice (toast) wraps as the app's labels do: no line starts with ，；。 however
    long the text before it (it broke wherever the width ran out)."""
    notices = [
        "一二三四五六七八九十" * 3 + "一二三四五六七八九十"[:cut] + "，未覆盖；请重新导出。"
        for cut in range(10)
    ]

    app = app_factory("zh")

    async def story() -> None:
        async with app.run_test(size=size, notifications=True) as pilot:  # toasts drawn
            await settle(pilot)
            for notice in notices:
                app.notify(notice, markup=False, timeout=600)
            await settle(pilot)
            toasts = list(app.screen.query(Toast))
            assert len(toasts) == len(notices)
            for toast in toasts:
                region = Region(0, 0, *toast.outer_size)
                lines = [strip.text.strip("▌ ") for strip in toast.render_lines(region)]
                lines = [line for line in lines if line]
                assert "".join(lines) == str(toast._notification.message)  # nothing lost
                assert not any(line[0] in NO_LINE_START for line in lines), lines

    asyncio.run(story())
