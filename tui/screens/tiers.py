"""The tier lists: a lens's groups with counts, shares and the method's strategy, the members
of the selected group a window at a time, and for RFM the R×F grid. Reads only.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static, Tab, Tabs
from textual.widgets.data_table import ColumnKey
from textual.worker import Worker, get_current_worker

from xiaoben.models.enums import (
    ChurnRisk,
    Labelled,
    Quadrant,
    Rfm8,
    RfmSegment,
    Role,
    Stage,
    ValueTier,
)
from xiaoben.models.i18n import t
from xiaoben.models.rules import Rules
from xiaoben.models.strategy import strategy
from xiaoben.models.text import printable
from xiaoben.store.groups import GROUP_KEYS, MEMBER_ORDERS, LensGroups, Member, RfCell
from xiaoben.store.groups import LENSES as TIER_LENSES
from xiaoben.store.model_verbs import CHURN_LENS
from xiaoben.store.plan_reads import LAPSE_KEYS, LAPSE_LENS
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import tell_failure, worker_error
from xiaoben.tui.formatting import fit_columns, money, short_day
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.messages import BookChanged, OpenCustomer
from xiaoben.tui.presenting import shown_name
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.wrapped import WrappedText

# The members' columns as shown, and the order they give way when the pane is narrow.
_MEMBER_ORDER = ("name", "score", "revenue", "last_purchase", "code")
_MEMBER_PRIORITY = ("name", "revenue", "last_purchase", "score", "code")
PAGE = 200  # members fetched at a time; more are fetched when the cursor nears the end
ENUMS: dict[str, type[Labelled]] = {
    "value_tier": ValueTier,
    "rfm_segment": RfmSegment,
    "rfm8": Rfm8,
    "stage": Stage,
    "role": Role,
    "quadrant": Quadrant,
    CHURN_LENS: ChurnRisk,
}
# The tier lenses, then the plan's: who is in the cadence, won back now and then, or
# dormant (out of the queue but for their own reminders); then the purchase model's churn
# risk (alive / fading / lost by P(alive)).
LENSES = (*TIER_LENSES, LAPSE_LENS, CHURN_LENS)
KEYS_OF: dict[str, tuple[str, ...]] = {
    **GROUP_KEYS,
    LAPSE_LENS: tuple(LAPSE_KEYS),
    CHURN_LENS: tuple(risk.value for risk in ChurnRisk),
}
BUYER_LENSES = frozenset({"value_tier", "rfm_segment", "rfm8", "quadrant", CHURN_LENS})
# The words of each lens's tab and full name, and of the columns: the keys of other screens
# (or of the lenses) where the words are the same.
_TABS = {
    "value_tier": "tiers.tab.value_tier",
    "rfm_segment": "lens.rfm",
    "rfm8": "tiers.tab.rfm8",
    "stage": "list.col.stage",
    "role": "list.filters.role",
    "quadrant": "tiers.tab.quadrant",
    LAPSE_LENS: "tiers.tab.lapse",
    CHURN_LENS: "tiers.tab.churn_risk",
}
_LENS_NAMES = {
    "value_tier": "list.filters.value_tier",
    "rfm_segment": "lens.rfm_segment",
    "rfm8": "tiers.lens.rfm8",
    "stage": "tiers.lens.stage",
    "role": "tiers.lens.role",
    "quadrant": "tiers.lens.quadrant",
    LAPSE_LENS: "tiers.lens.lapse",
    CHURN_LENS: "tiers.lens.churn_risk",
}
_COLUMNS = {
    "name": "list.col.name",
    "code": "tiers.col.code",
    "score": "list.col.score",
    "revenue": "tiers.col.revenue",
    "last_purchase": "tiers.col.last_purchase",
    "customers": "tiers.col.customers",
    "customer_share": "tiers.col.customer_share",
    "revenue_share": "tiers.col.revenue_share",
}


def percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def _figure_of(member: Member, figure: str) -> str:
    if figure == "score":
        return f"{member.score:.1f}"
    if figure == "p_alive":
        return "—" if member.p_alive is None else f"{member.p_alive * 100:.0f}%"
    return "—" if member.clv_cents is None else money(member.clv_cents)


def group_name(lens: str, key: str, rules: Rules) -> str:
    if lens == "value_tier":
        return rules.tier_name(ValueTier(key))
    if lens == LAPSE_LENS:
        return label(f"tiers.lapse.{key}")
    return ENUMS[lens](key).label()


class TiersScreen(ReachesTheBook, Screen[None]):
    CSS_PATH = "tiers.tcss"
    BINDINGS = [
        Binding(
            "1",
            "lens_value_tier",
            "tiers.key.lens",
            tooltip="tiers.key.lens.help",
            key_display="1–8",
            id="tiers.lens",
        ),
        Binding("2", "lens_rfm_segment", "tiers.key.lens", show=False, id="tiers.lens2"),
        Binding("3", "lens_rfm8", "tiers.key.lens", show=False, id="tiers.lens3"),
        Binding("4", "lens_stage", "tiers.key.lens", show=False, id="tiers.lens4"),
        Binding("5", "lens_role", "tiers.key.lens", show=False, id="tiers.lens5"),
        Binding("6", "lens_quadrant", "tiers.key.lens", show=False, id="tiers.lens6"),
        Binding("7", "lens_lapse", "tiers.key.lens", show=False, id="tiers.lens7"),
        Binding("8", "lens_churn_risk", "tiers.key.lens", show=False, id="tiers.lens8"),
        Binding(
            "enter",
            "open_selected",
            "common.open",
            tooltip="tiers.cmd.open",
            priority=True,
            id="tiers.open",
        ),
        Binding("s", "member_order", "list.key.sort", tooltip="tiers.cmd.sort", id="tiers.sort"),
        Binding("escape", "back", "common.back", tooltip="common.back.help", id="tiers.back"),
    ]

    def __init__(self, lens: str = "value_tier") -> None:
        super().__init__()
        self.lens = lens if lens in LENSES else "value_tier"
        self.group_key: str | None = None
        self._groups: LensGroups | None = None
        self._rules = Rules()
        self._grid: list[list[RfCell]] = []
        self._member_ids: list[int] = []
        self._member_cells: list[dict[str, Text]] = []  # each member's cell of each column
        # The columns shown (those that fit) with their widths.
        self._member_columns: tuple[tuple[str, int], ...] = ()
        self._member_total = 0
        self._loading_more = False
        self._model_problem = ""  # why the churn-risk lens is empty, in words
        self._member_order = "lens"  # one of MEMBER_ORDERS, `s` walks them
        translate_bindings(self)

    def rebuild(self) -> TiersScreen:
        return TiersScreen(self.lens)

    def palette_commands(self) -> list[tuple[str, str]]:
        lenses = [(f"tiers.cmd.{lens}", f"lens_{lens}") for lens in LENSES]
        return [
            *lenses,
            ("tiers.cmd.open", "open_selected"),
            ("tiers.cmd.sort", "member_order"),
            ("common.cmd.back", "back"),
        ]

    # ---- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        tabs = Tabs(
            *[
                Tab(f"{k} {label(_TABS[lens])}", id=f"lens-{lens}")
                for k, lens in enumerate(LENSES, start=1)
            ],
            active=f"lens-{self.lens}",
            id="lenses",
        )
        tabs.can_focus = False  # keys 1–6 switch lenses; Tab moves between the two tables
        yield tabs
        with Horizontal(id="body"):
            with VerticalScroll(id="groups-pane"):
                yield WrappedText(id="summary", classes="muted")
                yield DataTable(id="groups", cursor_type="row", zebra_stripes=False)
                yield WrappedText(id="strategy")
                yield Static(id="grid")
            with Vertical(id="members-pane"):
                yield Static(label("tiers.loading"), id="members-title", classes="section-title")
                yield DataTable(id="members", cursor_type="row")
                yield WrappedText(id="members-note", classes="muted")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = label("cmd.tiers")
        self._place_member_columns()
        self.query_one("#groups", DataTable).focus()
        self._load_groups()

    # ---- lenses --------------------------------------------------------------------

    def show_lens(self, lens: str) -> None:
        self.query_one("#lenses", Tabs).active = f"lens-{lens}"

    def action_lens_value_tier(self) -> None:
        self.show_lens("value_tier")

    def action_lens_rfm_segment(self) -> None:
        self.show_lens("rfm_segment")

    def action_lens_rfm8(self) -> None:
        self.show_lens("rfm8")

    def action_lens_stage(self) -> None:
        self.show_lens("stage")

    def action_lens_role(self) -> None:
        self.show_lens("role")

    def action_lens_lapse(self) -> None:
        self.show_lens(LAPSE_LENS)

    def action_lens_quadrant(self) -> None:
        self.show_lens("quadrant")

    def action_lens_churn_risk(self) -> None:
        self.show_lens(CHURN_LENS)

    @on(Tabs.TabActivated, "#lenses")
    def _lens_chosen(self, event: Tabs.TabActivated) -> None:
        lens = (event.tab.id or "").removeprefix("lens-")
        if lens not in LENSES or lens == self.lens:
            return
        self.lens = lens
        self.group_key = None
        self._groups = None
        self._load_groups()

    # ---- groups --------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="tiers-groups")
    def _load_groups(self) -> None:
        lens = self.lens
        book = self.book
        with book.reading():
            if lens == LAPSE_LENS:
                found = book.lapse_groups()
            elif lens == CHURN_LENS:
                found = book.churn_groups()
            else:
                found = book.lens_groups(lens)
            grid = book.rf_grid() if lens == "rfm_segment" else []
            problem = book.model_problem() if lens == CHURN_LENS and not found.placed else None
        rules = book.rules()
        self._model_problem = problem.message() if problem is not None else ""
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_groups, found, grid, rules)

    def _show_groups(self, found: LensGroups, grid: list[list[RfCell]], rules: Rules) -> None:
        if found.lens != self.lens:
            return
        table = self.query_one("#groups", DataTable)
        same_rows = self._groups is not None and self._groups.lens == found.lens
        self._groups, self._grid, self._rules = found, grid, rules
        self._show_summary(found)
        if not same_rows:
            self._fit_groups_pane(found, rules)
            table.clear(columns=True)
            table.add_column(label(_LENS_NAMES[found.lens]), key="group")
            table.add_column(label("tiers.col.customers"), key="customers")
            table.add_column(label("tiers.col.customer_share"), key="customer_share")
            table.add_column(label("tiers.col.revenue_share"), key="revenue_share")
        for group in found.groups:
            style = "" if group.customers else "dim"
            cells = {
                "group": Text(group_name(found.lens, group.key, rules), style=style),
                "customers": Text(f"{group.customers:,}", style=style, justify="right"),
                "customer_share": Text(percent(group.customer_share), style=style, justify="right"),
                "revenue_share": Text(percent(group.revenue_share), style=style, justify="right"),
            }
            if same_rows:
                for column, value in cells.items():
                    table.update_cell(group.key, column, value, update_width=True)
            else:
                table.add_row(*cells.values(), key=group.key)
        if same_rows and self.group_key is not None:
            self._group_chosen(self.group_key, reload=True)
            return
        first = next((k for k, g in enumerate(found.groups) if g.customers), 0)
        table.move_cursor(row=first, animate=False)
        self._group_chosen(found.groups[first].key)

    def _fit_groups_pane(self, found: LensGroups, rules: Rules) -> None:
        """As wide as the widest lens's table (so switching lenses does not shift the
        members), up to two thirds of the screen: the groups are what this screen is for."""
        names = [
            cell_len(text)
            for lens in LENSES
            for text in (
                label(_LENS_NAMES[lens]),
                *(group_name(lens, key, rules) for key in KEYS_OF[lens]),
            )
        ]
        numbers = [
            max(cell_len(label(_COLUMNS[column])), minimum)
            for column, minimum in (
                ("customers", len(f"{found.customers:,}")),
                ("customer_share", 6),
                ("revenue_share", 6),
            )
        ]
        table = max(names) + sum(numbers) + 2 * 4  # each cell has one space either side
        pane = self.query_one("#groups-pane")
        pane.styles.width = min(table + 4, max(self.size.width * 2 // 3, 34))

    def _show_summary(self, found: LensGroups) -> None:
        key = "tiers.summary.buyers" if found.lens in BUYER_LENSES else "tiers.summary.everyone"
        text = t(
            key,
            placed=f"{found.placed:,}",
            customers=f"{found.customers:,}",
            revenue=money(found.revenue_cents),
        )
        if found.lens == CHURN_LENS and not found.placed:
            text = self._model_problem or label("tiers.churn.no_model")
        self.query_one("#summary", Static).update(Content(text))

    @on(DataTable.RowHighlighted, "#groups")
    def _group_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is not None and key != self.group_key and self._groups is not None:
            self._group_chosen(key)

    def _group_chosen(self, key: str, reload: bool = False) -> None:
        self.group_key = key
        self._show_strategy()
        self._show_grid()
        if not reload:
            self._member_ids = []
            self._member_total = 0
            self.query_one("#members", DataTable).clear()
        self._load_members(self.lens, key, 0, max(PAGE, len(self._member_ids)), reload)

    def _show_strategy(self) -> None:
        advice = strategy(self.lens, self.group_key or "")
        text = Content.assemble((label("tiers.strategy"), "bold $accent"), "\n", advice)
        self.query_one("#strategy", Static).update(text)

    def _show_grid(self) -> None:
        grid = self.query_one("#grid", Static)
        grid.display = self.lens == "rfm_segment" and bool(self._grid)
        if not grid.display:
            return
        parts: list[str | tuple[str, str]] = [(label("tiers.grid_title"), "bold"), "\n"]
        parts.append(("     " + "".join(f"{f'F{f}':>6}" for f in range(1, 6)), "dim"))
        for row in self._grid:
            parts += ["\n", (f"  R{row[0].r}", "dim"), " "]
            for cell in row:
                text = f"{cell.customers:>5} "
                if cell.segment == self.group_key:
                    parts.append((text, "bold $text on $accent 40%"))
                else:
                    parts.append((text, "" if cell.customers else "dim"))
        grid.update(Content.assemble(*parts))

    # ---- members -------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="tiers-members")
    def _load_members(self, lens: str, key: str, offset: int, limit: int, reload: bool) -> None:
        book, order = self.book, self._member_order
        with book.reading():
            if lens == LAPSE_LENS:
                total, rows = book.lapse_size(key), book.lapse_members(key, offset, limit, order)
            elif lens == CHURN_LENS:
                total = book.churn_size(key)
                rows = book.churn_members(key, offset, limit, order)
            else:
                total = book.group_size(lens, key)
                rows = book.group_members(lens, key, offset, limit, order)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_members, lens, key, offset, total, rows, reload)

    def _show_members(
        self, lens: str, key: str, offset: int, total: int, rows: list[Member], reload: bool
    ) -> None:
        self._loading_more = False
        if (lens, key) != (self.lens, self.group_key):
            return
        table = self.query_one("#members", DataTable)
        keep_id = self._selected_member() if reload else None
        if offset == 0:
            table.clear()
            self._member_ids = []
            self._member_cells = []
        figure = self._figure_shown(lens)
        today = self.book.today()
        new_cells = [
            {
                "name": Text(shown_name(member.name)),
                "score": Text(_figure_of(member, figure), justify="right"),
                "revenue": Text(money(member.revenue_cents), justify="right"),
                "last_purchase": Text(short_day(member.last_purchase, today)),
                "code": Text(printable(member.code or "—")),
            }
            for member in rows
        ]
        self._member_cells += new_cells
        self._member_ids += [member.id for member in rows]
        if not self._place_member_columns():
            for member, cells in zip(rows, new_cells, strict=True):
                table.add_row(*(cells[c] for c, _ in self._member_columns), key=str(member.id))
        # The figure beside the name says what it is (and the order, when not the lens's).
        if "score" in dict(self._member_columns):
            table.columns[ColumnKey("score")].label = Text(self._figure_title(figure))
        self._member_total = total
        if keep_id is not None and keep_id in self._member_ids:
            table.move_cursor(row=self._member_ids.index(keep_id), animate=False)
        title = t(
            "tiers.members_title", group=group_name(lens, key, self._rules), count=f"{total:,}"
        )
        self.query_one("#members-title", Static).update(Content(title))
        self._show_members_note()

    def _figure_shown(self, lens: str) -> str:
        """The member figure beside the name: what the members are ordered by (the churn-risk
        lens's own order is by value at stake, shown as P(alive)); else the score."""
        if self._member_order != "lens":
            return self._member_order
        return "p_alive" if lens == CHURN_LENS else "score"

    def _figure_title(self, figure: str) -> str:
        title = label(
            {"p_alive": "tiers.col.p_alive", "clv": "list.col.clv"}.get(figure, "list.col.score")
        )
        if self._member_order == "p_alive":
            return title + "▲"
        if self._member_order == "clv":
            return title + "▼"
        return title

    def action_member_order(self) -> None:
        """Order the members by the lens's own order, then P(alive) (least likely first),
        then CLV (highest first)."""
        at = MEMBER_ORDERS.index(self._member_order)
        self._member_order = MEMBER_ORDERS[(at + 1) % len(MEMBER_ORDERS)]
        if self.group_key is not None:
            self._group_chosen(self.group_key)

    def _place_member_columns(self) -> bool:
        """Show the member columns that fit the pane, whole, by priority (name, revenue,
        last purchase, score, code); True when the columns changed and the rows were put
        back under them."""
        table = self.query_one("#members", DataTable)
        room = (table.size.width or self.size.width // 3) - 2  # room for the scroll bar
        padding = 2 * table.cell_padding
        values = {
            column: max(
                [4, *(cell_len(cells[column].plain) for cells in self._member_cells[:PAGE])]
            )
            for column in _MEMBER_PRIORITY
        }
        headed = {
            column: max(values[column], cell_len(label(_COLUMNS[column]))) for column in values
        }
        # Whole headers when every column fits; when not, a header may be cropped to its
        # values' width before a column (a value) is dropped.
        sized = headed
        if not all(fit_columns([headed[c] + padding for c in _MEMBER_PRIORITY], room, 0)):
            sized = values
        shown = fit_columns([sized[c] + padding for c in _MEMBER_PRIORITY], room, 0)
        kept = {column for column, fits in zip(_MEMBER_PRIORITY, shown, strict=True) if fits}
        columns = tuple((column, sized[column]) for column in _MEMBER_ORDER if column in kept)
        if columns == self._member_columns:
            return False
        self._member_columns = columns
        cursor = table.cursor_row
        table.clear(columns=True)
        for column, width in columns:
            table.add_column(label(_COLUMNS[column]), key=column, width=width)
        for member_id, cells in zip(self._member_ids, self._member_cells, strict=True):
            table.add_row(*(cells[c] for c, _ in columns), key=str(member_id))
        if self._member_ids:
            table.move_cursor(row=min(cursor, len(self._member_ids) - 1), animate=False)
        return True

    def on_resize(self) -> None:
        self.call_after_refresh(self._placed_after_resize)

    def _placed_after_resize(self) -> None:
        """_place_member_columns once the resize is laid out, if this screen still stands:
        Textual runs the callback on whatever screen is on top then, and a language switch
        (F6) rebuilds a tiers screen buried under others, resized while there, after it had
        asked: the old one's table was gone (NoMatches, the app ended)."""
        if self.is_attached and self.query("#members"):
            self._place_member_columns()

    def _show_members_note(self) -> None:
        shown, total = len(self._member_ids), self._member_total
        if total == 0:
            note = label("tiers.no_members")
        elif shown < total:
            note = t("tiers.showing", shown=f"{shown:,}", total=f"{total:,}")
        else:
            note = ""
        note_widget = self.query_one("#members-note", Static)
        note_widget.update(Content(note))
        note_widget.display = bool(note)

    @on(DataTable.RowHighlighted, "#members")
    def _member_highlighted(self, event: DataTable.RowHighlighted) -> None:
        near_end = event.cursor_row >= len(self._member_ids) - 10
        if near_end and len(self._member_ids) < self._member_total and not self._loading_more:
            self._loading_more = True
            if self.group_key is not None:
                self._load_members(self.lens, self.group_key, len(self._member_ids), PAGE, False)

    def _selected_member(self) -> int | None:
        table = self.query_one("#members", DataTable)
        row = table.cursor_row
        if not self._member_ids or not 0 <= row < len(self._member_ids):
            return None
        return self._member_ids[row]

    @on(DataTable.RowSelected, "#members")
    def _member_clicked(self, event: DataTable.RowSelected) -> None:
        self.action_open_selected()

    # ---- actions -------------------------------------------------------------------

    def action_open_selected(self) -> None:
        members_table = self.query_one("#members", DataTable)
        if self.focused is not members_table:
            if self._member_ids:
                members_table.focus()
            return
        customer_id = self._selected_member()
        if customer_id is not None:
            self.app.post_message(OpenCustomer(customer_id))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event)
        if error is not None:
            tell_failure(self, error, "tiers.load_failed")

    def on_book_changed(self, message: BookChanged) -> None:
        self._load_groups()
