"""What each page of the overview shows, as pure functions of the book's figures: its rows
(a bar, a cell or a month each, keyed as the book knows it), its table, its headline and
the bars of its charts. The screen only places them; nothing here reads the book.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from xiaoben.models.enums import Stage
from xiaoben.models.i18n import t
from xiaoben.models.overview import OTHER, UNKNOWN, Bar, Month, Overview, Pareto, PeriodFigures
from xiaoben.tui.formatting import money
from xiaoben.tui.i18n import label
from xiaoben.tui.widgets.charts import Category, Cut, HeatCell, Span, Tone, centred

PAGES: tuple[str, ...] = (
    "pareto",
    "tiers",
    "rfm",
    "funnel",
    "regions",
    "products",
    "sources",
    "months",
)
# The chart each page asks the book about (book.overview_customers); months by view.
CHART_OF_PAGE = {
    "pareto": "pareto",
    "tiers": "tiers",
    "rfm": "rfm_grid",
    "funnel": "funnel",
    "regions": "regions",
    "products": "products",
    "sources": "sources",
}
MONTH_VIEWS: tuple[str, ...] = ("revenue", "new", "moves")
MOVES: tuple[str, ...] = ("up", "down", "lapsed")
MOVE_TONES: dict[str, Tone] = {"up": "up", "down": "down", "lapsed": "lapsed"}
RFM_MEASURES: tuple[str, ...] = ("customers", "revenue")
FUNNEL_STAGES = 5  # the funnel proper; the sixth stage, lapsed, stands beside it
NOTE_WIDTH = 10  # money written past a bar: ¥12,345 or ¥1.2万


@dataclass
class ViewState:
    """What the seller is looking at: kept across periods, languages and reloads."""

    page: str = "pareto"
    period: int | None = None
    table: bool = False
    selected: dict[str, str] = field(default_factory=dict)  # page -> the selected row's key
    rfm_measure: str = "customers"
    month_view: str = "revenue"
    move: str = "up"  # the selected series in the moves view

    def copy(self) -> ViewState:
        return ViewState(
            self.page,
            self.period,
            self.table,
            dict(self.selected),
            self.rfm_measure,
            self.month_view,
            self.move,
        )

    def chart(self) -> str:
        """The book's name of the chart the selection is on."""
        if self.page != "months":
            return CHART_OF_PAGE[self.page]
        metric = self.move if self.month_view == "moves" else self.month_view
        return f"months.{metric}"


@dataclass(frozen=True)
class Row:
    """One bar, cell or month: its key, how the seller reads it, its table cells."""

    key: str
    name: str
    customers: int
    cells: tuple[str, ...]  # the table row, name first
    detail: str  # the line under the chart while it is selected


# ---- words ----------------------------------------------------------------------------


def percent(share: float) -> str:
    return f"{share:.1f}%"


def share_of(part: float, whole: float) -> str:
    return percent(100 * part / whole) if whole else "—"


def period_name(days: int | None) -> str:
    return label(f"overview.period.{days or 'all'}")


def tab_name(page: str) -> str:
    """A page's name on the tabs (the RFM page is named as its lens)."""
    return label("lens.rfm" if page == "rfm" else f"overview.tab.{page}")


def chart_name(chart: str) -> str:
    """A chart's name (the Pareto curve is named as its page)."""
    return label("overview.tab.pareto" if chart == "pareto" else f"overview.chart.{chart}")


def bar_name(chart: str, key: str, tier_names: dict[str, str]) -> str:
    if chart == "tiers":
        return tier_names.get(key, key)
    if chart == "pareto":
        return label(f"overview.pareto.band.{key}")
    if chart == "funnel":
        return Stage(key).label()
    if chart == "rfm_grid":
        return f"R{key[1]} F{key[3]}"
    if key == OTHER:
        return label("overview.other")
    if key == UNKNOWN:
        return label("overview.unknown")
    return key


def ids_label(view: ViewState, key: str, tier_names: dict[str, str]) -> str:
    """How the customer list names the customers behind a bar."""
    chart = view.chart()
    if chart.startswith("months."):
        return t("overview.ids_label.month", chart=chart_name(chart), month=key)
    return t(
        "overview.ids_label",
        chart=chart_name(chart),
        bar=bar_name(chart, key, tier_names),
        period=period_name(view.period),
    )


def detail(name: str, customers: int, revenue_cents: int) -> str:
    return t("overview.detail", name=name, customers=f"{customers:,}", revenue=money(revenue_cents))


# ---- rows and tables --------------------------------------------------------------------


# The table's columns a page: its first is the row's name, the rest are right-aligned.
COLUMNS: dict[str, tuple[str, ...]] = {
    "pareto": ("band", "buyers", "buyer_share", "revenue_share_cum"),
    "tiers": ("tier", "customers", "customer_share", "revenue", "revenue_share"),
    "rfm": ("cell", "customers", "customer_share", "revenue", "revenue_share"),
    "funnel": ("stage", "customers", "customer_share", "revenue"),
    "regions": ("region", "customers", "revenue", "revenue_share"),
    "products": ("product", "customers", "revenue", "revenue_share"),
    "sources": ("source", "customers", "revenue", "revenue_share"),
    "months": ("month", "revenue", "new", "up", "down", "lapsed"),
}
# Columns named in the words of another screen's key.
_COLUMN_TITLES = {
    "cell": "overview.chart.rfm_grid",
    "stage": "list.col.stage",
    "region": "list.filters.region",
    "customers": "key.customers",
}


def columns(page: str) -> tuple[tuple[str, bool], ...]:
    """The table's column titles, and whether each is right-aligned."""
    titles = (label(_COLUMN_TITLES.get(key, f"overview.col.{key}")) for key in COLUMNS[page])
    return tuple((title, n > 0) for n, title in enumerate(titles))


def rows(page: str, overview: Overview, days: int | None, tier_names: dict[str, str]) -> list[Row]:
    if page == "months":
        return [month_row(month) for month in overview.months]
    figures = overview.period(days)
    if page == "pareto":
        return pareto_rows(figures.pareto)
    bars: tuple[Bar, ...] = figures.rfm_grid if page == "rfm" else getattr(figures, page)
    chart = CHART_OF_PAGE[page]
    people = sum(bar.customers for bar in bars)
    revenue = sum(bar.revenue_cents for bar in bars)
    found = []
    for bar in bars:
        name = bar_name(chart, bar.key, tier_names)
        figures_of_bar = {
            "customers": f"{bar.customers:,}",
            "customer_share": share_of(bar.customers, people),
            "revenue": money(bar.revenue_cents),
            "revenue_share": share_of(bar.revenue_cents, revenue),
        }
        cells = (name, *(figures_of_bar[column] for column in COLUMNS[page][1:]))
        line = detail(name, bar.customers, bar.revenue_cents)
        found.append(Row(bar.key, name, bar.customers, cells, line))
    return found


def pareto_bands(curve: Pareto) -> list[tuple[str, int, float, float]]:
    """(band, buyers, cumulative buyers %, cumulative revenue %) of bands A, B and C.

    Buyers per band as the book splits them (overview_customers("pareto", …)): the value
    tiers' cuts, ties included; the revenue they really hold, not the cut."""
    if curve.a_buyers_percent is None or curve.b_buyers_percent is None:
        return []
    a, b = curve.a_buyers, curve.b_buyers
    return [
        ("A", a, curve.a_buyers_percent, curve.a_revenue_percent or 0.0),
        ("B", b - a, curve.b_buyers_percent, curve.b_revenue_percent or 0.0),
        ("C", curve.buyers - b, 100.0, 100.0),
    ]


def pareto_rows(curve: Pareto) -> list[Row]:
    found = []
    for band, buyers, buyer_share, revenue_share in pareto_bands(curve):
        name = label(f"overview.pareto.band.{band}")
        cells = (name, f"{buyers:,}", percent(buyer_share), f"{revenue_share:g}%")
        line = t(
            "overview.detail.pareto",
            name=name,
            buyers=f"{buyers:,}",
            share=percent(buyer_share),
            cut=f"{revenue_share:g}",
        )
        found.append(Row(band, name, buyers, cells, line))
    return found


def month_row(month: Month) -> Row:
    cells = (
        month.month,
        money(month.revenue_cents),
        f"{month.new_customers:,}",
        f"{month.moved_up:,}",
        f"{month.moved_down:,}",
        f"{month.lapsed:,}",
    )
    line = t(
        "overview.detail.month",
        month=month.month,
        revenue=money(month.revenue_cents),
        new=month.new_customers,
        up=month.moved_up,
        down=month.moved_down,
        lapsed=month.lapsed,
    )
    return Row(month.month, month.month, month.new_customers, cells, line)


def month_count(month: Month, metric: str) -> int:
    """How many customers a month's bar of `metric` stands for (revenue: unknown, -1)."""
    return {
        "new": month.new_customers,
        "up": month.moved_up,
        "down": month.moved_down,
        "lapsed": month.lapsed,
    }.get(metric, -1)


# ---- headlines --------------------------------------------------------------------------


def headline(page: str, overview: Overview, view: ViewState, tier_names: dict[str, str]) -> str:
    figures = overview.period(view.period)
    if page == "pareto":
        curve = figures.pareto
        if curve.a_buyers_percent is None or curve.b_buyers_percent is None:
            return label("overview.pareto.no_buyers")
        return t(
            "overview.pareto.headline",
            a=f"{curve.a_buyers_percent:.1f}",
            a_share=f"{curve.a_revenue_percent or 0:.1f}",
            b=f"{curve.b_buyers_percent:.1f}",
            b_share=f"{curve.b_revenue_percent or 0:.1f}",
        )
    if page == "tiers":
        return _tiers_headline(figures, tier_names)
    if page == "rfm":
        return label(f"overview.rfm.headline.{view.rfm_measure}")
    if page == "funnel":
        count = f"{sum(bar.customers for bar in figures.funnel):,}"
        if view.period is None:
            return t("overview.funnel.headline.all", count=count)
        return t("overview.funnel.headline", count=count, period=period_name(view.period))
    if page == "months":
        view_name = label(f"overview.months.view.{view.month_view}")
        return t("overview.months.headline", view=view_name)
    bars: tuple[Bar, ...] = getattr(figures, page)
    total = sum(bar.revenue_cents for bar in bars)
    if not bars or total <= 0:
        return label("overview.breakdown.none")
    top = bars[0]
    return t(
        "overview.breakdown.headline",
        name=bar_name(page, top.key, tier_names),
        revenue=money(top.revenue_cents),
        share=share_of(top.revenue_cents, total),
    )


def _tiers_headline(figures: PeriodFigures, tier_names: dict[str, str]) -> str:
    if not figures.tiers or not figures.tiers[0].customers:
        return label("overview.pareto.no_buyers")
    first = figures.tiers[0]
    return t(
        "overview.tiers.headline",
        tier=tier_names.get(first.key, first.key),
        share=share_of(first.customers, sum(bar.customers for bar in figures.tiers)),
        revenue_share=share_of(
            first.revenue_cents, sum(bar.revenue_cents for bar in figures.tiers)
        ),
    )


# ---- the charts' bars ------------------------------------------------------------------


def _tone(key: str, selected: str, quiet: bool = False) -> Tone:
    if key == selected:
        return "selected"
    return "muted" if quiet else "bar"


def pyramid(bars: tuple[Bar, ...], names: list[str], selected: str) -> tuple[list[Category], ...]:
    """Customers and revenue per bar as two columns of centred bars."""
    people = [
        Category(name, centred(bar.customers, _tone(bar.key, selected)), f"{bar.customers:,}")
        for name, bar in zip(names, bars, strict=True)
    ]
    revenue = [
        Category(
            "",
            centred(max(bar.revenue_cents, 0), _tone(bar.key, selected)),
            money(bar.revenue_cents, NOTE_WIDTH),
        )
        for bar in bars
    ]
    return people, revenue


def breakdown(bars: tuple[Bar, ...], names: list[str], selected: str) -> tuple[list[Category], ...]:
    """Customers and revenue per region, product or source, biggest first, the rest muted."""
    people, revenue = [], []
    for name, bar in zip(names, bars, strict=True):
        tone = _tone(bar.key, selected, quiet=bar.key in (OTHER, UNKNOWN))
        people.append(Category(name, (Span(0, bar.customers, tone),), f"{bar.customers:,}"))
        revenue.append(
            Category(
                "",
                (Span(0, max(bar.revenue_cents, 0), tone),),
                money(bar.revenue_cents, NOTE_WIDTH),
            )
        )
    return people, revenue


def funnel(bars: tuple[Bar, ...], selected: str) -> tuple[list[Category], list[Category]]:
    """The funnel's five stages, and lapsed (in its own colour) to stand beside it."""
    categories = []
    for bar in bars:
        tone = _tone(bar.key, selected)
        if bar.key == Stage.LAPSED.value and tone == "bar":
            tone = "lapsed"
        categories.append(
            Category(Stage(bar.key).label(), centred(bar.customers, tone), f"{bar.customers:,}")
        )
    return categories[:FUNNEL_STAGES], categories[FUNNEL_STAGES:]


def pareto_curve(curve: Pareto, selected: str) -> tuple[list[Cut], tuple[float, float] | None]:
    """The A and B cut points and the stretch of buyers of the selected band."""
    bands = pareto_bands(curve)
    cuts = [Cut(band, buyers, revenue) for band, _, buyers, revenue in bands[:2]]
    start = 0.0
    for band, _, end, _ in bands:
        if band == selected:
            return cuts, (start, end)
        start = end
    return cuts, None


def heat_cells(bars: tuple[Bar, ...], measure: str) -> list[list[HeatCell]]:
    """The R×F grid as rows R5 → R1 of cells F1 → F5 (the book lists F5 → F1)."""
    by_key = {bar.key: bar for bar in bars}
    grid = []
    for r in range(5, 0, -1):
        row = []
        for f in range(1, 6):
            bar = by_key.get(f"r{r}f{f}", Bar(f"r{r}f{f}", 0, 0))
            if measure == "revenue":
                row.append(
                    HeatCell(bar.key, max(bar.revenue_cents, 0), money(bar.revenue_cents, 8))
                )
            else:
                row.append(HeatCell(bar.key, bar.customers, f"{bar.customers:,}"))
        grid.append(row)
    return grid


def rfm_step(key: str, dx: int, dy: int) -> str:
    """The cell next to `key` (up is a higher R, right a higher F), staying on the grid."""
    r, f = int(key[1]), int(key[3])
    return f"r{min(max(r - dy, 1), 5)}f{min(max(f + dx, 1), 5)}"


def nice_top(value: float) -> float:
    """The smallest 1, 2 or 5 × 10^k at least `value` (an axis's end)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def month_bars(
    months: tuple[Month, ...], view: ViewState, selected: str
) -> tuple[list[Category], list[tuple[float, str]], tuple[float, float]]:
    """The months as bars for the view, the value axis's ticks, and its range."""
    categories = []
    if view.month_view == "moves":
        for month in months:
            gone = month.moved_down + month.lapsed
            spans: tuple[Span, ...] = (
                Span(0, month.moved_up, "up"),
                Span(-month.moved_down, 0, "down"),
                Span(-gone, -month.moved_down, "lapsed"),
            )
            if month.month == selected:
                chosen = MOVES.index(view.move)
                spans = tuple(
                    Span(s.low, s.high, "ink") if k == chosen else s for k, s in enumerate(spans)
                )
            categories.append(Category(month.month, spans))
        up = nice_top(max((m.moved_up for m in months), default=0))
        down = nice_top(max((m.moved_down + m.lapsed for m in months), default=0))
        ticks = [(-down, f"-{down:g}"), (0.0, "0"), (up, f"{up:g}")]
        return categories, ticks, (-down, up)
    for month in months:
        if view.month_view == "revenue":
            value = max(month.revenue_cents, 0) / 100
        else:
            value = month.new_customers
        tone: Tone = "selected" if month.month == selected else "bar"
        categories.append(Category(month.month, (Span(0, value, tone),)))
    top = nice_top(max((c.spans[0].high for c in categories), default=0))
    if view.month_view == "revenue":
        ticks = [
            (0.0, "0"),
            (top / 2, money(round(top * 50), 6)),
            (top, money(round(top * 100), 6)),
        ]
    else:
        ticks = [(0.0, "0"), (top, f"{top:g}")]
        if (top / 2).is_integer():
            ticks.insert(1, (top / 2, f"{top / 2:g}"))
    return categories, ticks, (0.0, top)
