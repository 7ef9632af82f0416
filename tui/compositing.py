"""Screens drawn with every wide character whole, whatever lies beneath it.

Textual's compositor cuts each line of each widget at the edge of every widget on that
line, beneath it too, and keeps for each piece the topmost widget's cells. A cut through a
wide character (Chinese, an emoji) turns both its halves into spaces, even when both
pieces go to the same widget: an open select's 干性 over the dialog's buttons read "  性",
and any notice or list drawn over another widget's edge lost characters the same way
(textual#6357, open). Here a widget's line is cut only where the widget that shows changes;
the cells of the pieces it shows whole are drawn from the first of them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import cast

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

_NOTHING = Strip([], 0)  # a piece drawn by the piece before it (keeps widgets beneath out)


class WholeCharacterCompositor(Compositor):
    """Textual's compositor, cutting a widget's line only where another widget shows."""

    def _render_chops(
        self, crop: Region, is_rendered_line: Callable[[int], bool]
    ) -> Sequence[Mapping[int, Strip]]:
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(line[:-1]) for line in cuts]
        for region, clip, strips in self._get_renders(crop):
            shown = region.intersection(clip)
            first_cut, last_cut = shown.column_span
            for y, strip in zip(shown.line_range, strips, strict=False):
                if is_rendered_line(y):
                    line_cuts = [cut for cut in cuts[y] if first_cut <= cut <= last_cut]
                    _fill(chops[y], line_cuts, strip, shown.x)
        # Every piece is filled: the screen itself lies beneath every widget.
        return cast(Sequence[Mapping[int, Strip]], chops)


def _fill(chops: dict[int, Strip | None], cuts: list[int], strip: Strip, x: int) -> None:
    """Give the widget of `strip` (drawn from column `x`, cut at `cuts`) the pieces no
    widget above it took, as runs: the run's first piece holds all of its cells."""
    free = [chops.get(cut) is None for cut in cuts[:-1]]
    # The run boundaries: where a free piece follows a taken one or the reverse.
    ends = [cuts[i] for i in range(1, len(cuts)) if i == len(cuts) - 1 or free[i] != free[i - 1]]
    start = 0
    for end, piece in zip(ends, strip.divide([end - x for end in ends]), strict=False):
        stop = cuts.index(end)
        if free[start]:
            chops[cuts[start]] = piece
            for cut in cuts[start + 1 : stop]:
                chops[cut] = _NOTHING
        start = stop


def keep_wide_characters_whole() -> None:
    """Make every screen created from now on draw with `WholeCharacterCompositor`, when the
    installed Textual's compositor is the one it was written for (a private class: a
    Textual that changed it keeps its own, and the app still starts)."""
    from textual import screen

    method = getattr(Compositor, "_render_chops", None)
    if method is None or list(inspect.signature(method).parameters) != [
        "self",
        "crop",
        "is_rendered_line",
    ]:
        return
    if screen.Compositor is Compositor:
        screen.Compositor = WholeCharacterCompositor  # type: ignore[misc]  # Textual's own name
