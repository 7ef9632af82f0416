"""Where a line of text breaks to fit a width in terminal cells, by the Chinese rules
(kinsoku): the app's wrapped labels and the command line's help pages wrap with it. Pure.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len

# Kinsoku shori (禁则处理): a line never starts with closing punctuation nor ends with opening
# punctuation; the character before a closing mark moves down with it instead.
NO_LINE_START = frozenset("，。、；：！？）」』】》〉〕’”…·,.;:!?)]}%")
NO_LINE_END = frozenset("（「『【《〈〔‘“([{¥$")


def may_break_before(text: str, position: int) -> bool:
    """Whether a line may break before text[position] (0 < position < len(text))."""
    before, after = text[position - 1], text[position]
    # Spaces at a break are dropped: the line would start with what follows them, and end
    # with what precedes them.
    following = text[position:].lstrip(" ")[:1]
    preceding = text[:position].rstrip(" ")[-1:]
    if (following and following in NO_LINE_START) or (preceding and preceding in NO_LINE_END):
        return False
    if before.isspace() or after.isspace():
        return True
    # Between two wide characters (Chinese) or beside one; never inside a Latin word or number.
    return cell_len(before) == 2 or cell_len(after) == 2


def wrap_spans(
    text: str, width: int, may_break: Callable[[str, int], bool] = may_break_before
) -> list[tuple[int, int]]:
    """Where `text` (one line, no newline) breaks to fit `width` cells: (start, end) of each
    line, spaces at a break dropped. Breaks between Chinese characters or at spaces, by the
    kinsoku rules above (or `may_break`'s); a word or run wider than the line is cut where
    it must be."""
    width = max(width, 2)
    spans: list[tuple[int, int]] = []
    start, length = 0, len(text)
    while start < length:
        used, end = 0, start
        while end < length and used + cell_len(text[end]) <= width:
            used += cell_len(text[end])
            end += 1
        if end < length:
            fitting = next((cut for cut in range(end, start, -1) if may_break(text, cut)), None)
            end = fitting if fitting is not None else max(end, start + 1)
        line_end = end
        while line_end > start and text[line_end - 1] == " ":
            line_end -= 1
        spans.append((start, line_end))
        start = end
        while start < length and text[start] == " ":
            start += 1
    return spans or [(0, 0)]


def wrap(
    text: str, width: int, may_break: Callable[[str, int], bool] = may_break_before
) -> list[str]:
    """`text` as lines of at most `width` cells, by `wrap_spans` (newlines kept as breaks)."""
    return [
        line[start:end]
        for line in text.split("\n")
        for start, end in wrap_spans(line, width, may_break)
    ]


def may_break_between_words(text: str, position: int) -> bool:
    """As may_break_before, but never between Latin text and a Chinese character: a help
    page's example to type (--map "客户名=name") is never cut."""
    before, after = text[position - 1], text[position]
    if not (before.isspace() or after.isspace()) and before.isascii() != after.isascii():
        return False
    return may_break_before(text, position)
