"""Terminal cells of a table's text (cli/cells.py): ASCII and ideographs counted at once,
every other text as rich counts it, so the columns line up as the terminal shows them."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from xiaoben.cli.cells import pad, width_of


@pytest.mark.parametrize(
    "text",
    [
        "",
        "00002",
        "王芳",
        "\u4e00",  # the first and the last of the CJK Unified Ideographs
        "\u9fff",
        "\u4e00\u9fff",
        "王a",  # an ideograph beside ASCII
        "王·芳",
        "\u3400",  # just below the range (Extension A): rich's count
        "\ua000",  # just above it (Yi)
        "王\ua000",
        "é",
        "ｶ",  # half-width katakana: one cell
        "Ａ",  # a full-width letter: two
        "今日计划：",  # full-width punctuation among ideographs
        "😀",
    ],
)
def test_a_cell_count_is_rich_s(text: str) -> None:
    assert width_of(text) == cell_len(text)


def test_every_ideograph_of_the_range_takes_two_cells() -> None:
    assert all(width_of(chr(code)) == 2 for code in range(0x4E00, 0xA000))


def test_padding_fills_to_the_cells_on_either_side() -> None:
    assert pad("王芳", 6) == "王芳  "
    assert pad("12", 4, right=True) == "  12"
    assert pad("toolong", 3) == "toolong"
