"""A row of labelled boxes (label, box, label, box …) that never runs past the screen's
edge: as many label-and-box pairs a line as fit, else a label over its box.

It measures its children as they ask to be (a box's set width, a label's text) against its
own width on each resize and language, so no width is fixed for a terminal or a language.
"""

from __future__ import annotations

from textual import events
from textual.containers import Horizontal
from textual.geometry import Size
from textual.widget import Widget


def wanted_width(widget: Widget) -> int:
    """The cells `widget` takes in a row: its set width (or least width), else its content's
    width, with its padding, border and margins."""
    styles = widget.styles
    margins = styles.margin.width
    for scalar in (styles.width, styles.min_width):
        if scalar is not None and scalar.is_cells:
            return int(scalar.value) + margins
    return widget.get_content_width(Size(0, 0), Size(0, 0)) + styles.gutter.width + margins


class StackingRow(Horizontal):
    """One line while the row fits; narrower, its pairs in a grid of as many pairs a line as
    fit (each grid column as wide as its widest child: the labels aligned); narrower still,
    each label and box on its own line."""

    DEFAULT_CSS = """
    StackingRow { height: auto; }
    StackingRow.-grid { layout: grid; grid-gutter: 0; }
    StackingRow.-stacked { layout: vertical; }
    StackingRow.-stacked > * { max-width: 100%; }
    """

    pairs_a_line = 0  # the pairs a line as laid out now; 0: not laid out yet

    def on_resize(self, event: events.Resize) -> None:
        self.restack()

    def restack(self) -> None:
        """Lay the row out again for its width (a child shown or hidden, a label changed)."""
        room = self.content_size.width
        if room <= 0:
            return
        widths = [wanted_width(child) for child in self.children if child.display]
        pairs = (len(widths) + 1) // 2
        per_line, columns = pairs, widths
        while per_line > 1 and sum(columns) > room:
            per_line -= 1
            span = 2 * per_line
            columns = [max(widths[start::span]) for start in range(min(span, len(widths)))]
        stacked = sum(columns) > room
        self.set_class(0 < per_line < pairs and not stacked, "-grid")
        self.set_class(stacked, "-stacked")
        if 0 < per_line < pairs and not stacked:
            self.styles.grid_size_columns = 2 * per_line
            self.styles.grid_columns = [float(width) for width in columns]
        self.pairs_a_line = per_line
