"""The overview (回归整体检查): the whole book at a glance, a chart a page.

The figures of every period arrive at once from book.overview() in a thread worker, so
switching the period (1–4) redraws without asking the book again. Each page has a
selection (a bar, a cell, a month) that the arrows move and Enter opens: the customers
behind it are asked of the book in a worker and shown in a customer list limited to them.
What each page shows is tui/widgets/overview_pages.py; the charts are tui/widgets/charts.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Static
from textual.worker import Worker, get_current_worker

from xiaoben.models.enums import ValueTier
from xiaoben.models.i18n import t
from xiaoben.models.overview import PERIODS, Forecast, Overview
from xiaoben.store.customer_list import ListQuery
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import tell_failure, worker_error
from xiaoben.tui.formatting import money
from xiaoben.tui.i18n import label, saying, translate_bindings
from xiaoben.tui.messages import ListCustomers
from xiaoben.tui.screens.follows import FollowsTheBook
from xiaoben.tui.widgets import overview_pages as pages
from xiaoben.tui.widgets.charts import BarChart, CurveChart, HeatMap
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.overview_pages import MONTH_VIEWS, MOVES, PAGES, Row, ViewState
from xiaoben.tui.widgets.wrapped import WrappedText

PAIRED = ("tiers", "regions", "products", "sources")  # customers | revenue side by side


@dataclass
class OverviewLoaded(Message):
    overview: Overview
    tier_names: dict[str, str]


@dataclass
class CustomersFound(Message):
    """The customers behind the selected bar, and how the list should name them."""

    ids: list[int]
    ids_label: str


def forecast_line(forecast: Forecast) -> str:
    """The purchase model's next 90 days beside the last 90 days' actual figures."""
    return t(
        "model.forecast",
        expected=money(forecast.expected_revenue_cents),
        active=f"{forecast.expected_active:,.0f}",
        actual=money(forecast.last_90_revenue_cents),
        buyers=f"{forecast.last_90_buyers:,}",
    )


class OverviewScreen(ReachesTheBook, FollowsTheBook):
    CSS_PATH = "overview.tcss"
    AUTO_FOCUS = ""  # the arrows move the chart's selection; `t` focuses the table

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1",
            "period(30)",
            "overview.key.period",
            tooltip="overview.cmd.period",
            key_display="1–4",
            id="overview.period",
        ),
        Binding("2", "period(90)", show=False),
        Binding("3", "period(365)", show=False),
        Binding("4", "period(0)", show=False),
        Binding(
            "tab",
            "next_page",
            "overview.key.page",
            tooltip="overview.cmd.next_page",
            key_display="Tab",
            id="overview.page",
        ),
        Binding("shift+tab", "previous_page", show=False),
        Binding("up", "move(0, -1)", show=False),
        Binding("down", "move(0, 1)", show=False),
        Binding("left", "move(-1, 0)", show=False),
        Binding("right", "move(1, 0)", show=False),
        Binding(
            "enter",
            "open",
            "overview.key.open",
            tooltip="overview.cmd.open",
            id="overview.open",
        ),
        Binding(
            "t",
            "toggle_table",
            "overview.key.table",
            tooltip="overview.cmd.table",
            id="overview.table",
        ),
        Binding(
            "v", "next_view", "overview.key.view", tooltip="overview.cmd.view", id="overview.view"
        ),
        Binding("escape", "back", "common.back", tooltip="common.cmd.back", id="overview.back"),
    ]

    def __init__(self, view: ViewState | None = None) -> None:
        super().__init__()
        self.view = view.copy() if view else ViewState()
        self.overview: Overview | None = None
        self.tier_names: dict[str, str] = {}
        self._rows: list[Row] = []
        self._filling_table = False  # the table's own cursor moves are not the seller's
        self._load_failed = False  # the figures never came (said): keys wait no more
        translate_bindings(self)

    def rebuild(self) -> OverviewScreen:
        """The same page, period and selections in a fresh screen (after the language changed)."""
        return OverviewScreen(self.view)

    def palette_commands(self) -> list[tuple[str, str]]:
        periods = [
            (f"overview.cmd.period.{days or 'all'}", f"period({days or 0})") for days in PERIODS
        ]
        shown = [(f"overview.cmd.page.{page}", f"page('{page}')") for page in PAGES]
        return [
            *shown,
            *periods,
            ("overview.cmd.next_page", "next_page"),
            ("overview.cmd.previous_page", "previous_page"),
            ("overview.cmd.table", "toggle_table"),
            ("overview.cmd.view", "next_view"),
            ("overview.cmd.open", "open"),
            ("common.cmd.back", "back"),
        ]

    # ---- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(label("overview.loading"), id="ov-header")
        yield Static("", id="ov-forecast")
        yield Static("", id="ov-tabs")
        yield Static("", id="ov-headline")
        with Container(id="ov-body"):
            with ContentSwitcher(initial=f"page-{self.view.page}", id="ov-pages"):
                yield CurveChart(id="page-pareto")
                for page in PAIRED:
                    with Horizontal(id=f"page-{page}", classes="pair"):
                        with Vertical(classes="half"):
                            yield Static(label("overview.caption.customers"), classes="caption")
                            yield BarChart(id=f"{page}-customers")
                        with Vertical(classes="half"):
                            yield Static(label("overview.col.revenue"), classes="caption")
                            yield BarChart(id=f"{page}-revenue", labels=False)
                yield HeatMap(id="page-rfm")
                with Horizontal(id="page-funnel"):
                    yield BarChart(id="funnel-chart", solid=True)
                    with Vertical(id="lapsed-pane"):
                        yield BarChart(id="lapsed-chart", solid=True)
                        yield WrappedText(label("overview.funnel.lapsed_note"), id="lapsed-note")
                yield BarChart(id="page-months", horizontal=False)
            yield DataTable(id="ov-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="ov-empty")
        yield Static("", id="ov-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = label("key.overview")
        # The last figures the book worked out (even if it changed since) show at once;
        # the fresh ones follow from the worker.
        cached = self.book.overview_cached()
        if cached is not None:
            self.post_message(OverviewLoaded(cached, self._tier_names()))
        else:
            self.query_one("#ov-body").loading = True
        self._reload()

    # ---- loading -------------------------------------------------------------------------

    def _reload(self) -> None:
        self._stop_refresh()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="overview-load")
    def _load(self) -> None:
        book = self.book
        overview = book.overview()
        if not get_current_worker().is_cancelled:
            self.post_message(OverviewLoaded(overview, self._tier_names()))

    def _tier_names(self) -> dict[str, str]:
        rules = self.book.rules()
        return {tier.value: rules.tier_name(tier) for tier in ValueTier}

    @on(OverviewLoaded)
    def _loaded(self, message: OverviewLoaded) -> None:
        self.overview = message.overview
        self.tier_names = message.tier_names
        self.query_one("#ov-body").loading = False
        empty = message.overview.period(None).buyers == 0
        self.query_one("#ov-tabs").display = not empty
        self.query_one("#ov-headline").display = not empty
        self.query_one("#ov-empty", Static).update(label("overview.empty"))
        self.query_one("#ov-empty").display = empty
        self.query_one("#ov-pages").display = not empty and not self.view.table
        self.query_one("#ov-table").display = not empty and self.view.table
        self._draw()
        if self.view.table and not empty:
            self.query_one("#ov-table").focus()

    # ---- drawing -------------------------------------------------------------------------

    def _draw(self) -> None:
        """Everything on screen from the figures in hand and the view (no book call)."""
        overview = self.overview
        if overview is None:
            return
        self._show_header(overview)
        if overview.period(None).buyers == 0:
            self.query_one("#ov-detail", Static).update("")
            return
        view = self.view
        self._rows = pages.rows(view.page, overview, view.period, self.tier_names)
        if view.selected.get(view.page) not in {row.key for row in self._rows}:
            self._select(self._default_key())
        self.query_one("#ov-headline", Static).update(
            pages.headline(view.page, overview, view, self.tier_names)
        )
        self._show_tabs()
        self.query_one("#ov-pages", ContentSwitcher).current = f"page-{view.page}"
        if view.table:
            self._fill_table()
        else:
            self._draw_chart(overview)
        self._show_detail()

    def _default_key(self) -> str:
        if not self._rows:
            return ""
        if self.view.page == "months":
            return self._rows[-1].key  # this month
        if self.view.page == "rfm":
            return "r5f5"
        return next((row.key for row in self._rows if row.customers), self._rows[0].key)

    def _select(self, key: str) -> None:
        self.view.selected[self.view.page] = key

    @property
    def selected_key(self) -> str:
        return self.view.selected.get(self.view.page, "")

    def _selected_row(self) -> Row | None:
        return next((row for row in self._rows if row.key == self.selected_key), None)

    def _show_header(self, overview: Overview) -> None:
        header = Text()
        for number, days in enumerate(PERIODS, start=1):
            chip = f" {number} {label('overview.chip.' + str(days or 'all'))} "
            header.append(chip, style="bold reverse" if days == self.view.period else "dim")
            header.append(" ")
        header.append(" ")
        if self.view.page == "months":
            header.append(label("overview.header.months"), style="bold")
        else:
            figures = overview.period(self.view.period)
            header.append(
                t(
                    "overview.header.figures",
                    buyers=f"{figures.buyers:,}",
                    revenue=money(figures.revenue_cents),
                ),
                style="bold",
            )
        header.append(f"  {overview.as_of.isoformat()}", style="dim")
        replication = self.book.last_replicated()
        if replication is not None:
            url, when = replication
            shown = when.strftime("%Y-%m-%d %H:%M") if when else label("overview.replica_never")
            header.append("  " + t("overview.replicated", when=shown, url=url), style="dim")
        self.query_one("#ov-header", Static).update(header)
        forecast = self.query_one("#ov-forecast", Static)
        forecast.display = overview.forecast is not None
        if overview.forecast is not None:
            forecast.update(Text(forecast_line(overview.forecast), style="dim"))

    def _show_tabs(self) -> None:
        """The pages in one line, the current one marked; a click opens one."""
        parts: list[str] = []
        for page in PAGES:
            name = pages.tab_name(page)
            style = "bold $text on $accent 30%" if page == self.view.page else "$text-muted"
            parts.append(f"[{style} @click=screen.page('{page}')] {name} [/]")
        self.query_one("#ov-tabs", Static).update(Content.from_markup(" ".join(parts)))

    def _draw_chart(self, overview: Overview) -> None:
        view, selected = self.view, self.selected_key
        figures = overview.period(view.period)
        if view.page == "pareto":
            cuts, stretch = pages.pareto_curve(figures.pareto, selected)
            self.query_one("#page-pareto", CurveChart).show(
                figures.pareto.points, cuts, stretch, label("overview.pareto.x")
            )
        elif view.page in PAIRED:
            bars = getattr(figures, view.page)
            names = [row.name for row in self._rows]
            draw = pages.pyramid if view.page == "tiers" else pages.breakdown
            people, revenue = draw(bars, names, selected)
            self.query_one(f"#{view.page}-customers", BarChart).show(people)
            self.query_one(f"#{view.page}-revenue", BarChart).show(revenue)
        elif view.page == "rfm":
            self.query_one("#page-rfm", HeatMap).show(
                pages.heat_cells(figures.rfm_grid, view.rfm_measure),
                [f"R{r}" for r in range(5, 0, -1)],
                [f"F{f}" for f in range(1, 6)],
                selected,
            )
        elif view.page == "funnel":
            stages, lapsed = pages.funnel(figures.funnel, selected)
            widest = max((bar.customers for bar in figures.funnel), default=0) or 1
            scale = (-widest / 2, widest / 2)
            self.query_one("#funnel-chart", BarChart).show(stages, value_range=scale)
            self.query_one("#lapsed-chart", BarChart).show(lapsed, value_range=scale)
        else:
            categories, ticks, value_range = pages.month_bars(overview.months, view, selected)
            self.query_one("#page-months", BarChart).show(
                categories, value_ticks=ticks, value_range=value_range
            )

    def _fill_table(self) -> None:
        table = self.query_one("#ov-table", DataTable)
        self._filling_table = True
        table.clear(columns=True)
        for name, right in pages.columns(self.view.page):
            table.add_column(Text(name, justify="right" if right else "left"))
        columns = pages.columns(self.view.page)
        for index, row in enumerate(self._rows):
            cells = [
                Text(cell, justify="right" if right else "left")
                for cell, (_, right) in zip(row.cells, columns, strict=True)
            ]
            table.add_row(*cells, key=str(index))
        position = next((k for k, row in enumerate(self._rows) if row.key == self.selected_key), 0)
        table.move_cursor(row=position, animate=False)
        self._filling_table = False

    def _show_detail(self) -> None:
        row = self._selected_row()
        if row is None:
            self.query_one("#ov-detail", Static).update("")
            return
        line = row.detail
        if self.view.page == "months":
            chart = self.view.chart()
            line = f"{pages.chart_name(chart)} · {line}"
        hint = (
            label("overview.detail.open") if self._count_behind(row) else label("overview.nobody")
        )
        parts: list[str | tuple[str, str]] = [(line, "bold")]
        if cell_len(line) + cell_len(hint) + 7 <= self.size.width:  # the hint only if it fits
            parts += [("  ·  ", "dim"), (hint, "$text-muted")]
        self.query_one("#ov-detail", Static).update(Content.assemble(*parts))

    def _count_behind(self, row: Row) -> int:
        """How many customers Enter would show (-1: not known until asked)."""
        if self.view.page != "months" or self.overview is None:
            return row.customers
        month = next(m for m in self.overview.months if m.month == row.key)
        metric = self.view.chart().removeprefix("months.")
        return pages.month_count(month, metric)

    # ---- keys ----------------------------------------------------------------------------

    def action_period(self, days: int) -> None:
        self.view.period = days or None
        self._draw()

    def action_page(self, page: str) -> None:
        if page in PAGES and page != self.view.page:
            self.view.page = page
            self._draw()
            self.refresh_bindings()  # `v` is there for some pages only

    def action_next_page(self) -> None:
        self._turn(1)

    def action_previous_page(self) -> None:
        self._turn(-1)

    def _turn(self, step: int) -> None:
        index = PAGES.index(self.view.page)
        self.action_page(PAGES[(index + step) % len(PAGES)])

    def action_move(self, dx: int, dy: int) -> None:
        if not self._rows or self.view.table:
            return
        page, key = self.view.page, self.selected_key
        keys = [row.key for row in self._rows]
        index = keys.index(key) if key in keys else 0
        if page == "rfm":
            key = pages.rfm_step(key or "r5f5", dx, dy)
        elif page == "months":
            if dy and self.view.month_view == "moves":
                self.view.move = MOVES[
                    min(max(MOVES.index(self.view.move) + dy, 0), len(MOVES) - 1)
                ]
            key = keys[min(max(index + dx, 0), len(keys) - 1)]
        elif page == "funnel" and dx:
            key = keys[-1] if dx > 0 else keys[pages.FUNNEL_STAGES - 1]
        else:
            key = keys[min(max(index + dy, 0), len(keys) - 1)]
        self._select(key)
        self._draw()

    @on(DataTable.RowHighlighted, "#ov-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self._filling_table or event.row_key.value is None:
            return
        index = int(event.row_key.value)
        if 0 <= index < len(self._rows):
            self._select(self._rows[index].key)
            self._show_detail()

    @on(DataTable.RowSelected, "#ov-table")
    def _row_clicked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_toggle_table(self) -> None:
        if self.overview is None or self.overview.period(None).buyers == 0:
            return
        self.view.table = not self.view.table
        table = self.query_one("#ov-table", DataTable)
        table.display = self.view.table
        self.query_one("#ov-pages").display = not self.view.table
        self._draw()
        if self.view.table:
            table.focus()
        else:
            self.set_focus(None)

    def action_next_view(self) -> None:
        if self.view.page == "rfm":
            self.view.rfm_measure = (
                "revenue" if self.view.rfm_measure == "customers" else "customers"
            )
        elif self.view.page == "months":
            index = MONTH_VIEWS.index(self.view.month_view)
            self.view.month_view = MONTH_VIEWS[(index + 1) % len(MONTH_VIEWS)]
        self._draw()

    def busy(self) -> bool:
        """Keys typed before the figures are in wait for them (tui/widgets/inputs.py), as
        do those typed after an Enter until its customers are found: `F8 2 t` on a cold
        book shows the 90 days as a table (the `t` found no figures and was dropped)."""
        if self.overview is None and not self._load_failed:
            return True
        return any(
            worker.node is self and worker.group == "overview-customers" and not worker.is_finished
            for worker in self.workers
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_view":
            return self.view.page in ("rfm", "months")
        return True

    def action_open(self) -> None:
        row = self._selected_row()
        if row is None or self.overview is None:
            return
        if self._count_behind(row) == 0:
            self.notify(saying("overview.nobody"), severity="warning")
            return
        chart = self.view.chart()
        name = pages.ids_label(self.view, row.key, self.tier_names)
        self._find_customers(chart, row.key, self.view.period, name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="overview-customers")
    def _find_customers(self, chart: str, key: str, days: int | None, ids_label: str) -> None:
        ids = self.book.overview_customers(chart, key, days)
        self.post_message(CustomersFound(ids, ids_label))

    @on(CustomersFound)
    def _customers_found(self, message: CustomersFound) -> None:
        query = ListQuery(ids=frozenset(message.ids), ids_label=message.ids_label)
        self.app.post_message(ListCustomers(query))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    # ---- errors ----------------------------------------------------------------------------

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event, "overview-")
        if error is not None:
            tell_failure(self, error, "overview.failed")
            for body in self.query("#ov-body"):  # none once the screen is closed or rebuilt
                body.loading = False
            self._load_failed = self._load_failed or event.worker.group == "overview-load"
