"""Charts for the overview: bars and a curve drawn with plotext (textual-plotext), and a heat
map drawn as coloured cells. Each widget holds what it shows and draws it anew at every
render, so it follows the widget's size and the app's theme.

plotext measures text with len(), so a Chinese label (two cells a character) would push the
axis out of line: every text handed to plotext is a stand-in of private-use characters
as wide as the text, and the real text is put back once plotext has laid out the chart.
"""

from __future__ import annotations

import math
import re
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.widget import Widget
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from xiaoben.tui.formatting import fit

Tone = Literal["bar", "selected", "ink", "muted", "up", "down", "lapsed", "guide"]
Orientation = Literal["horizontal", "vertical"]
RGB = tuple[int, int, int]

# Theme variable of each tone, and how much of it shows over the chart's background.
TONES: dict[Tone, tuple[str, float]] = {
    "bar": ("primary", 1.0),
    "selected": ("accent", 1.0),
    "ink": ("foreground", 1.0),
    "muted": ("foreground", 0.35),
    "up": ("success", 1.0),
    "down": ("warning", 1.0),
    "lapsed": ("error", 1.0),
    "guide": ("foreground", 0.45),
}
PRIVATE_USE = 0xE000  # stand-ins come from the Unicode private-use area: one cell each
_STAND_IN_RUN = re.compile(r"([\ue000-\uf8ff])\1*")


def tone_colours(widget: Widget) -> dict[Tone, RGB]:
    """Each tone as an RGB colour of the app's current theme, blended over the surface."""
    variables = widget.app.theme_variables
    surface = Color.parse(variables.get("surface", "#1e1e1e"))
    colours: dict[Tone, RGB] = {}
    for tone, (variable, share) in TONES.items():
        colour = Color.parse(variables.get(variable, "#808080"))
        colours[tone] = surface.blend(colour, share).rgb
    return colours


class StandIns:
    """Texts given to plotext as private-use stand-ins of the same width, restored after."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if not text:
            return ""
        marker = chr(PRIVATE_USE + len(self._texts))
        self._texts[marker] = text
        return marker * cell_len(text)

    def restore(self, built: str) -> str:
        """The chart with the real texts (one cut short where plotext clipped its stand-in)."""

        def real(match: re.Match[str]) -> str:
            text = self._texts.get(match.group(1), "")
            width = len(match.group(0))
            return text if cell_len(text) == width else fit(text, width)

        return _STAND_IN_RUN.sub(real, built)


class PlotChart(PlotextPlot):
    """A plotext chart drawn from the widget's data at each render."""

    DEFAULT_CSS = """
    PlotChart {
        background: $surface;
        width: 1fr;
        height: 1fr;
    }
    """

    def render(self) -> RenderableType:
        width, height = self.size.width, self.size.height
        if width < 4 or height < 3:
            return ""
        plt = self.plt
        plt.clear_figure()
        plt.theme(self._get_plotext_theme_name(self.app.theme))  # texts take its canvas colour
        plt.plotsize(width, height)
        plt._set_size(width, height)  # as PlotextPlot.render does (textual-plotext issue 5)
        stand_ins = StandIns()
        if not self.draw(plt, stand_ins, tone_colours(self), width, height):
            return ""
        built = stand_ins.restore(plt.build()).rstrip("\n")
        return Text.from_ansi(built, no_wrap=True, end="")

    @abstractmethod
    def draw(
        self, plt: Plot, text: StandIns, colours: dict[Tone, RGB], width: int, height: int
    ) -> bool:
        """Plot the data (each chart its own); False when there is nothing to draw."""


# ---- bars ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One drawn stretch of a bar, from `low` to `high` on the value axis."""

    low: float
    high: float
    tone: Tone = "bar"


@dataclass(frozen=True)
class Category:
    """A bar: its label on the category axis, its spans, the figure written past its end."""

    label: str
    spans: tuple[Span, ...]
    note: str = ""


def centred(value: float, tone: Tone = "bar") -> tuple[Span, ...]:
    """A bar centred on zero (pyramids and funnels)."""
    return (Span(-value / 2, value / 2, tone),)


class BarChart(PlotChart):
    """Bars along categories: horizontal (first category at the top, its figure past the
    bar's end) or vertical (left to right, the value axis ticked)."""

    def __init__(
        self,
        *,
        horizontal: bool = True,
        labels: bool = True,
        solid: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.horizontal = horizontal
        self.labels = labels
        self.solid = solid  # bars as thick as their row allows (a funnel), no gaps
        self.categories: tuple[Category, ...] = ()
        self.value_ticks: tuple[tuple[float, str], ...] = ()
        self.value_range: tuple[float, float] | None = None  # to share a scale between charts

    def show(
        self,
        categories: Sequence[Category],
        *,
        value_ticks: Sequence[tuple[float, str]] = (),
        value_range: tuple[float, float] | None = None,
    ) -> None:
        self.categories = tuple(categories)
        self.value_ticks = tuple(value_ticks)
        self.value_range = value_range
        self.refresh()

    def draw(
        self, plt: Plot, text: StandIns, colours: dict[Tone, RGB], width: int, height: int
    ) -> bool:
        if not self.categories:
            return False
        low = min([0.0, *(s.low for c in self.categories for s in c.spans)])
        high = max([0.0, *(s.high for c in self.categories for s in c.spans)])
        if self.value_range is not None:
            low, high = self.value_range
        if high == low:
            high = low + 1
        if self.horizontal:
            self._draw_horizontal(plt, text, colours, width, height, low, high)
        else:
            self._draw_vertical(plt, text, colours, width, low, high)
        return True

    def _draw_horizontal(
        self,
        plt: Plot,
        text: StandIns,
        colours: dict[Tone, RGB],
        width: int,
        height: int,
        low: float,
        high: float,
    ) -> None:
        count = len(self.categories)
        positions = [count - k for k in range(count)]  # the first category at the top
        names = [f"{c.label} " if self.labels else "" for c in self.categories]
        label_width = max((cell_len(n) for n in names), default=0)
        note_width = max((cell_len(c.note) + 1 for c in self.categories), default=0)
        canvas = max(width - label_width - 1, 8)
        # Room past the longest bar for its figure (a share of the canvas); centred bars
        # take it on both sides.
        sides = 2 if low < 0 else 1
        room = min((note_width + 2) / canvas, 0.4) if note_width else 0.0
        extra = (high - low) * room / (1 - sides * room)
        top = high + extra
        bottom = low - extra if low < 0 else low
        cell = (top - bottom) / canvas
        rows, thickness = _bar_rows(count, height, self.solid)
        for position, category in zip(positions, self.categories, strict=True):
            for span in category.spans:
                _draw_span(plt, position, span, colours, thickness, "horizontal")
            if category.note:
                end = max((s.high for s in category.spans), default=0.0)
                plt.text(
                    text(" " + category.note),
                    end + cell,
                    position,
                    color=colours["guide"] if end <= 0 else colours["ink"],
                    alignment="left",
                )
        plt.xlim(bottom, top)
        plt.ylim(*rows)
        plt.yticks([float(p) for p in positions], [text(n) if n.strip() else "" for n in names])
        plt.xticks([])
        plt.frame(False)

    def _draw_vertical(
        self,
        plt: Plot,
        text: StandIns,
        colours: dict[Tone, RGB],
        width: int,
        low: float,
        high: float,
    ) -> None:
        count = len(self.categories)
        positions = list(range(1, count + 1))
        for position, category in zip(positions, self.categories, strict=True):
            for span in category.spans:
                _draw_span(plt, position, span, colours, 0.55, "vertical")
        plt.xlim(0.4, count + 0.6)
        plt.ylim(low, high + (high - low) * 0.05)
        # As many labels as fit, the last category always labelled.
        widest = max((cell_len(c.label) for c in self.categories), default=1)
        step = max(math.ceil(count * (widest + 2) / max(width - 8, 1)), 1)
        shown = [
            (position, text(c.label))
            for k, (position, c) in enumerate(zip(positions, self.categories, strict=True))
            if self.labels and k % step == (count - 1) % step
        ]
        plt.xticks([p for p, _ in shown], [label for _, label in shown])
        ticks = self.value_ticks
        plt.yticks([v for v, _ in ticks], [text(label) for _, label in ticks])
        plt.frame(False)
        plt.xaxes(True, False)
        plt.yaxes(True, False)


def _draw_span(
    plt: Plot,
    position: float,
    span: Span,
    colours: dict[Tone, RGB],
    width: float,
    orientation: Orientation,
) -> None:
    if span.low == span.high:
        return
    # plotext leaves a bar blank when its value is 0, whatever its minimum: a span that
    # ends at 0 is drawn from 0 to its other end.
    value, minimum = (span.low, span.high) if span.high == 0 else (span.high, span.low)
    plt.bar(
        [position],
        [value],
        minimum=minimum,
        orientation=orientation,
        width=width,
        color=colours[span.tone],
        reset_ticks=False,
    )


def _bar_rows(count: int, height: int, solid: bool) -> tuple[tuple[float, float], float]:
    """The value range of the category axis that puts every category on a whole row, and
    the bar width (in categories) that draws each bar an odd number of rows thick.

    plotext maps a value to row round((value - low) / (high - low) * (height - 1)) and
    draws a bar over every row it touches, both ends included: so one category must be
    a whole number of rows, and a bar's width just over (thickness - 1) rows."""
    per = max(height // count, 1)  # rows a category
    odd = per if per % 2 else per - 1  # a bar's rows: odd, so it sits on its own row
    thickness = min(odd, 5) if solid else (1 if per < 4 else 3)
    span = (height - 1) / per
    below = ((height - 1) - (count - 1) * per) // 2  # blank rows under the last category
    low = 1 - below / per
    return (low, low + span), (max(thickness - 1, 0) + 0.02) / per


# ---- the Pareto curve --------------------------------------------------------------------


@dataclass(frozen=True)
class Cut:
    """A cut point on the curve: x% of buyers bring y% of revenue."""

    name: str
    x: float
    y: float


class CurveChart(PlotChart):
    """Cumulative share of revenue against cumulative share of buyers, the cuts marked and
    the selected stretch of the curve drawn in the accent colour."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points: tuple[tuple[float, float], ...] = ()
        self.cuts: tuple[Cut, ...] = ()
        self.selected: tuple[float, float] | None = None  # (from x, to x)
        self.axis_name = ""  # what the x axis counts

    def show(
        self,
        points: Sequence[tuple[float, float]],
        cuts: Sequence[Cut],
        selected: tuple[float, float] | None,
        axis_name: str,
    ) -> None:
        self.points = tuple(points)
        self.cuts = tuple(cuts)
        self.selected = selected
        self.axis_name = axis_name
        self.refresh()

    def draw(
        self, plt: Plot, text: StandIns, colours: dict[Tone, RGB], width: int, height: int
    ) -> bool:
        if len(self.points) < 2:
            return False
        for cut in self.cuts:
            plt.plot([cut.x, cut.x], [0, cut.y], color=colours["guide"], marker="braille")
            plt.plot([0, cut.x], [cut.y, cut.y], color=colours["guide"], marker="braille")
        xs = [x for x, _ in self.points]
        ys = [y for _, y in self.points]
        plt.plot(xs, ys, color=colours["bar"], marker="hd")
        if self.selected is not None:
            start, end = self.selected
            stretch = [(x, y) for x, y in self.points if start <= x <= end]
            if len(stretch) >= 2:
                plt.plot(
                    [x for x, _ in stretch],
                    [y for _, y in stretch],
                    color=colours["selected"],
                    marker="hd",
                    fillx=True,
                )
        row = 104 / max(height - 3, 1)  # one text row, in percent of revenue
        for cut in self.cuts:
            # Below and right of the point: under a rising curve, that space is empty.
            note = f" {cut.name} {cut.x:.1f}% → {cut.y:g}%"
            plt.text(text(note), cut.x, cut.y - 1.5 * row, color=colours["ink"], alignment="left")
        ticks = [0, 20, 40, 60, 80, 100]
        at = [float(tick) for tick in ticks]  # plotext's ticks are typed list[float]
        plt.xticks(at, [text(f"{t}%") for t in ticks])
        plt.yticks(at, [text(f"{t}%") for t in ticks])
        plt.xlim(0, 100)
        plt.ylim(0, 104)
        plt.xlabel(text(self.axis_name))
        plt.frame(False)
        plt.xaxes(True, False)
        plt.yaxes(True, False)
        return True


# ---- the heat map ----------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    key: str
    value: float  # what the colour follows
    text: str  # what the cell says


class HeatMap(Widget):
    """A grid of cells shaded by value, one selected; row and column headers beside it."""

    DEFAULT_CSS = """
    HeatMap {
        background: $surface;
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: tuple[tuple[HeatCell, ...], ...] = ()
        self.row_names: tuple[str, ...] = ()
        self.column_names: tuple[str, ...] = ()
        self.selected = ""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh())

    def show(
        self,
        rows: Sequence[Sequence[HeatCell]],
        row_names: Sequence[str],
        column_names: Sequence[str],
        selected: str,
    ) -> None:
        self.rows = tuple(tuple(row) for row in rows)
        self.row_names = tuple(row_names)
        self.column_names = tuple(column_names)
        self.selected = selected
        self.refresh()

    def render(self) -> RenderableType:
        if not self.rows:
            return ""
        columns = len(self.rows[0])
        margin = max(cell_len(name) for name in self.row_names) + 1
        cell_width = min(max((self.size.width - margin) // columns - 1, 4), 14)
        per_row = max((self.size.height - 1) // len(self.rows), 1)
        gap = 1 if per_row >= 3 else 0  # a blank line between rows when there is room
        cell_height = min(per_row - gap, 3)
        top = max((c.value for row in self.rows for c in row), default=0) or 1
        lines = [Text(" " * margin)]
        for name in self.column_names:
            lines[0].append(_centre(name, cell_width) + " ", style="bold")
        for row_name, row in zip(self.row_names, self.rows, strict=True):
            styles = [self._cell_style(cell, top) for cell in row]
            for band in range(cell_height):
                middle = band == cell_height // 2
                line = Text(fit(row_name if middle else "", margin), style="bold")
                for cell, style in zip(row, styles, strict=True):
                    line.append(_centre(cell.text if middle else "", cell_width), style=style)
                    line.append(" ")
                lines.append(line)
            lines.extend(Text("") for _ in range(gap))
        return Text("\n").join(lines)

    def _cell_style(self, cell: HeatCell, top: float) -> Style:
        """The cell shaded from the surface to the primary colour by its value; the
        selected one in the accent colour."""
        variables = self.app.theme_variables
        surface = Color.parse(variables.get("surface", "#1e1e1e"))
        if cell.key == self.selected:
            background = Color.parse(variables.get("accent", "#fea62b"))
        else:
            primary = Color.parse(variables.get("primary", "#0178d4"))
            background = surface.blend(primary, 0.12 + 0.88 * cell.value / top)
        if cell.value or cell.key == self.selected:
            colour = background.get_contrast_text(1.0)
        else:
            colour = surface.blend(Color.parse(variables.get("foreground", "#e0e0e0")), 0.5)
        bold = cell.key == self.selected
        return Style(color=colour.rich_color, bgcolor=background.rich_color, bold=bold)


def _centre(text: str, width: int) -> str:
    spare = max(width - cell_len(text), 0)
    return " " * (spare // 2) + fit(text, width - spare // 2)
