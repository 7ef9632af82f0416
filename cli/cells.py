"""Terminal cells of a table's text, and padding to them: CJK ideographs take two cells.
Loads nothing of ours (today's plan kept in the book is printed with it before the
commands load: cli/plan_text.py)."""

from __future__ import annotations

# CJK Unified Ideographs, two cells each (as rich counts them): most names are only these.
_FIRST_IDEOGRAPH, _LAST_IDEOGRAPH = "\u4e00", "\u9fff"


def width_of(text: str) -> int:
    """Terminal cells of `text` (ASCII text, the numbers and codes of a table: its length;
    a name of ideographs only: twice that)."""
    if text.isascii():
        return len(text)
    if min(text) >= _FIRST_IDEOGRAPH and max(text) <= _LAST_IDEOGRAPH:  # ideographs only
        return 2 * len(text)
    from rich.cells import cell_len  # other scripts only: a kept plan of ASCII loads no rich

    return cell_len(text)


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - width_of(text))
    return gap + text if right else text + gap
