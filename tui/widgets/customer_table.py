"""The customer list as a PagedTable: each line drawn from a cache of fetched pages.

Never holds the whole list: the first page comes from an index walk, the list's order as
ids follows in the background, and any other page is fetched by id when it scrolls into
view — so a paint or a page-down costs the same at 1,000 or 100,000 customers. Marked
customers (for a bulk change) are one sorted array of ids, not an object a row.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

import numpy as np
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import on, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.worker import Worker, WorkerState, get_current_worker

from xiaoben.models.enums import RfmSegment, Stage
from xiaoben.models.fields import FieldDef
from xiaoben.models.i18n import t
from xiaoben.models.text import printable
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.list_reader import PAGE, ListEntry, ListReader, ReadInterrupted
from xiaoben.tui.formatting import GAP, Align, money, short_day
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.messages import OpenCustomer
from xiaoben.tui.presenting import shown_custom, shown_name
from xiaoben.tui.widgets.paged_table import Cell, PagedTable

PAINT_WAIT_SECONDS = 0.5


@dataclass(frozen=True)
class Column:
    key: str  # a sort key of store.customer_list.SORTS
    width: int  # cells, before any spare width goes to the name
    align: Align
    keep: int  # the lowest are dropped first when the terminal is narrow


# In display order. `keep`: name, tier and follow-up stay at any width.
COLUMNS: tuple[Column, ...] = (
    Column("name", 10, "left", 9),
    Column("value_tier", 6, "left", 8),
    Column("stage", 6, "left", 4),
    Column("rfm_segment", 8, "left", 2),
    Column("score", 3, "right", 5),
    Column("revenue", 10, "right", 6),
    Column("last_purchase", 10, "left", 1),
    Column("last_contact", 10, "left", 3),
    Column("follow_up", 10, "left", 7),
)
# The purchase model's columns, after the score, while the list is sorted or filtered by
# them (kept as long as the follow-up column).
MODEL_COLUMNS: tuple[Column, ...] = (
    Column("p_alive", 6, "right", 7),
    Column("clv", 10, "right", 7),
)
MODEL_SORTS = frozenset(column.key for column in MODEL_COLUMNS)

# Every column the seller may choose, in display order (the model's after the score).
_SCORE_AT = next(i for i, column in enumerate(COLUMNS) if column.key == "score") + 1
CHOOSABLE: tuple[Column, ...] = (*COLUMNS[:_SCORE_AT], *MODEL_COLUMNS, *COLUMNS[_SCORE_AT:])
COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in CHOOSABLE)
_BY_KEY = {c.key: c for c in CHOOSABLE}


def columns_for(query: ListQuery) -> tuple[Column, ...]:
    """The list's columns for this query: the model's too when it sorts or filters by them."""
    if query.sort not in MODEL_SORTS and not query.churn_risks and query.clv_top_percent is None:
        return COLUMNS
    return CHOOSABLE


MARK = "✓"  # drawn before a marked customer's name


CUSTOM = "custom."  # a custom field's column: "custom.<id>", not sortable
CUSTOM_WIDTH, CUSTOM_MAX = 8, 16


def custom_column(field: FieldDef) -> Column:
    """A custom field shown as a list column: dropped first when the terminal is narrow."""
    return Column(f"{CUSTOM}{field.id}", CUSTOM_WIDTH, "left", 2)


def column_title(key: str) -> str:
    """A column's title (the RFM segment is named as its lens, as everywhere)."""
    return label("lens.rfm_segment" if key == "rfm_segment" else f"list.col.{key}")


NAME_MAX = 20  # the name column grows up to this when there is room
SEGMENT_MAX = 14  # long segment names ("Potential Loyalist") are cut with …


def layout(columns: tuple[Column, ...], widths: dict[str, int], room: int) -> list[Column]:
    """The columns that fit in `room` cells, the least kept dropped first; spare room widens
    the name."""
    shown = [replace_width(c, widths.get(c.key, c.width)) for c in columns]
    for dropped in sorted(shown, key=lambda c: c.keep):
        if _total(shown) <= room or len(shown) == 1:
            break
        shown.remove(dropped)
    spare = room - _total(shown)
    if spare > 0 and shown[0].key == "name":
        shown[0] = replace_width(shown[0], min(shown[0].width + spare, NAME_MAX))
    return shown


def replace_width(column: Column, width: int) -> Column:
    return Column(column.key, width, column.align, column.keep)


def _total(columns: list[Column]) -> int:
    return 1 + sum(c.width for c in columns) + GAP * (len(columns) - 1)


# ---- messages ----------------------------------------------------------------------


@dataclass
class _Head(Message):
    generation: int
    entries: list[ListEntry]
    painted: threading.Event  # set once these rows are on screen
    columns: tuple[FieldDef, ...] = ()  # custom fields shown as columns


@dataclass
class _Counted(Message):
    generation: int
    count: int


@dataclass
class _Ordered(Message):
    generation: int
    ids: array[int]


@dataclass
class _AllMarked(Message):
    generation: int
    ids: np.ndarray | None  # None: the read was interrupted (another query shown)
    ask: int  # which `*` it answers (CustomerTable._mark_asks)


@dataclass
class _PlanArrived(Message):
    """The book's plan is ready and the rows shown were read without it (or with an older
    one): read them again so the follow-up column shows it."""

    generation: int


class CustomerTable(PagedTable[ListEntry]):
    """The customers of a ListQuery, one line each, under a fixed header line."""

    PAGE_ROWS = PAGE
    PAGES_GROUP = "customer-list-pages"
    FAILED_KEY = "list.read_error"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "common.open", tooltip="common.cmd.open", id="list.open"),
        Binding("space", "toggle_mark", "list.key.mark", tooltip="list.cmd.mark", id="list.mark"),
        Binding(
            "asterisk",
            "mark_all",
            "list.key.mark_all",
            tooltip="list.cmd.mark_all",
            id="list.mark_all",
            show=False,
        ),
    ]

    @dataclass
    class Counted(Message):
        """How many customers the list holds now (None: still counting)."""

        table: CustomerTable
        count: int | None

    @dataclass
    class HeaderClicked(Message):
        """A click on a column's title (to sort by it)."""

        column: str

    @dataclass
    class NoneToOpen(Message):
        """Enter in the search box, and the search found no customer to open."""

        table: CustomerTable

    @dataclass
    class MarksChanged(Message):
        """How many customers are marked now."""

        table: CustomerTable
        count: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.query_shown = ListQuery()
        self.total: int | None = None  # customers listed; None until counted
        self.loaded = False  # a first page has arrived (rows can be drawn)
        self.today = date.today()
        self.tier_names: dict[str, str] = {}
        self._reader: ListReader | None = None
        self._stale_pages: set[int] = set()  # shown until the new order arrives (refresh)
        self._ids: array[int] | None = None
        self._keep: int | None = None  # the customer the cursor should stay on
        self._refreshing = False  # the same query again: keep the rows shown until replaced
        self._shown_generation = 0  # the generation whose first page is on screen
        self._open_when_ready = False
        self._fetching: Worker[None] | None = None  # the read of the query last shown
        self._layout: tuple[int, tuple[Column, ...], list[Column]] | None = None
        self.custom_columns: tuple[FieldDef, ...] = ()  # custom fields shown as columns
        # The seller's choice of columns, in this order (None: the list's own, which add
        # the purchase model's while the list is sorted or filtered by them).
        self.column_keys: tuple[str, ...] | None = None
        self.marks = np.zeros(0, dtype=np.int64)  # marked customers' ids, sorted
        self._mark_asks = 0  # the `*` typed so far; the last one answered:
        self._marks_answered = 0
        self._marking: Worker[None] | None = None  # the read of the last `*`
        translate_bindings(self)

    # ---- lifecycle ------------------------------------------------------------------

    @property
    def reader(self) -> ListReader:
        """The list's own read-only connection to the book (opened when mounted)."""
        if self._reader is None:
            raise RuntimeError("the customer table is not mounted")
        return self._reader

    def on_mount(self) -> None:
        # The list's own read-only connection; each row's next follow-up from the Book's plan.
        self._reader = self.book.list_reader(plan=self.book)

    def on_unmount(self) -> None:
        if self._reader is not None:
            self._reader.close()

    @property
    def ready(self) -> bool:
        """The rows on screen are those of the query last shown (not the one before)."""
        return self._shown_generation == self._generation

    @property
    def reading(self) -> bool:
        """The rows of the query last shown are still to come (a read that failed, said on
        screen, brings none)."""
        fetching = self._fetching
        ended = (WorkerState.ERROR, WorkerState.CANCELLED)
        return fetching is not None and fetching.state not in ended and not self.ready

    def open_first_when_ready(self) -> None:
        """Open the highlighted customer now, or as soon as the current query's rows arrive
        (none listed: NoneToOpen)."""
        if self.ready:
            self._open_first()
        else:
            self._open_when_ready = True

    def _open_first(self) -> None:
        if self.highlighted is None:
            self.post_message(self.NoneToOpen(self))
        else:
            self.action_open()

    def show(self, query: ListQuery, *, keep: int | None = None, refresh: bool = False) -> None:
        """Show the customers of `query`; keep the cursor on customer `keep` if listed.

        refresh=True (same query, the book changed): the rows on screen stay until their
        fresh copies arrive, so nothing flickers.
        """
        self._generation += 1
        if self._reader is not None:
            self._reader.interrupt()
        self.query_shown = query
        self._keep = keep
        self._open_when_ready = False
        self._refreshing = refresh and self.loaded
        if not refresh:
            self.cursor = 0
            self.scroll_to(y=0, animate=False, immediate=True)
        self._fetching = self._fetch_list(query, self._generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="customer-list")
    def _fetch_list(self, query: ListQuery, generation: int) -> None:
        worker = get_current_worker()
        reader = self.reader
        try:
            head = reader.first(query, PAGE)
            if worker.is_cancelled:
                return
            painted = threading.Event()
            self.post_message(_Head(generation, head, painted, reader.columns))
            # Count and order the rest once the first rows are drawn, not while they are.
            painted.wait(PAINT_WAIT_SECONDS)
            if len(head) == PAGE:
                count = reader.count(query)
                if worker.is_cancelled:
                    return
                self.post_message(_Counted(generation, count))
                ids = reader.ordered_ids(query)
                if worker.is_cancelled:
                    return
                self.post_message(_Ordered(generation, ids))
            # The plan last: computed once per change of the book, the rows first.
            if reader.refresh_plan() and not worker.is_cancelled:
                self.post_message(_PlanArrived(generation))
        except ReadInterrupted:
            return

    def _page_reader(self, page: int) -> Callable[[], list[ListEntry] | None]:
        assert self._ids is not None  # pages past the first are read once the order is in
        ids = self._ids[page * PAGE : (page + 1) * PAGE].tolist()
        reader = self.reader

        def read() -> list[ListEntry] | None:
            try:
                return reader.entries(ids)
            except ReadInterrupted:
                return None

        return read

    # ---- data arriving --------------------------------------------------------------

    def _current(self, generation: int) -> bool:
        return generation == self._generation

    @on(_Head)
    def _head_arrived(self, message: _Head) -> None:
        if not self._current(message.generation):
            return
        entries = message.entries
        if message.columns != self.custom_columns:
            self.custom_columns = message.columns
            self._layout = None
        full = len(entries) == PAGE
        if self._refreshing and full:
            # LRUCache has keys() but no __iter__
            self._stale_pages = {page for page in self._pages.keys() if page != 0}  # noqa: SIM118
        else:
            self._pages.clear()
            self._stale_pages = set()
            self.total = None
        self._keep_page(0, entries)
        self._ids = None
        self._pending.clear()
        self.loaded = True
        self._shown_generation = message.generation
        if not full:
            self.total = len(entries)
        self._sized()
        position = self._position_in(entries)
        if position is not None:
            self._keep = None
        self.move_cursor(self.cursor if position is None else position)
        self.post_message(self.Counted(self, self.total))
        self.call_after_refresh(message.painted.set)
        if self._open_when_ready:
            self._open_when_ready = False
            self._open_first()

    @on(_Counted)
    def _count_arrived(self, message: _Counted) -> None:
        if not self._current(message.generation):
            return
        self.total = message.count
        self._sized()
        self.move_cursor(self.cursor)
        self.post_message(self.Counted(self, self.total))

    @on(_Ordered)
    def _order_arrived(self, message: _Ordered) -> None:
        if not self._current(message.generation):
            return
        self._ids = message.ids
        for page in self._stale_pages:
            self._pages.discard(page)
        self._stale_pages = set()
        self.total = len(message.ids)
        self._sized()
        position = self.cursor
        if self._keep is not None:
            with suppress(ValueError):  # no longer listed: the cursor stays where it is
                position = message.ids.index(self._keep)
            self._keep = None
        self.move_cursor(position)
        self._want_visible()
        self.post_message(self.Counted(self, self.total))

    @on(_PlanArrived)
    def _plan_arrived(self, message: _PlanArrived) -> None:
        if self._current(message.generation):
            entry = self.highlighted
            self.show(self.query_shown, keep=entry.row.id if entry else None, refresh=True)

    def _position_in(self, entries: list[ListEntry]) -> int | None:
        if self._keep is None:
            return None
        for position, entry in enumerate(entries):
            if entry.row.id == self._keep:
                return position
        return None

    @property
    def row_count(self) -> int:
        """Rows that can be shown now (the first page's, until the count arrives)."""
        return self.total if self.total is not None else len(self._pages.get(0) or [])

    def _sized(self) -> None:
        self.virtual_size = Size(0, self.row_count + 1)

    # ---- what is where --------------------------------------------------------------

    @property
    def highlighted(self) -> ListEntry | None:
        """The customer under the cursor (None if the list is empty or still loading)."""
        return self.row_at(self.cursor) if self.row_count else None

    def _has_page(self, page: int) -> bool:
        return page in self._pages and page not in self._stale_pages

    def _want_visible(self) -> None:
        if self._ids is not None:  # pages past the first are read by id
            super()._want_visible()

    # ---- cursor and keys ------------------------------------------------------------

    def move_cursor(self, index: int) -> None:
        total = self.row_count
        self.cursor = max(0, min(index, total - 1)) if total else 0
        self._scroll_into_view(self.cursor)
        self.refresh()

    def action_open(self) -> None:
        entry = self.highlighted
        if entry is not None:
            self.app.post_message(OpenCustomer(entry.row.id, entry.row))

    def _header_clicked(self, x: int) -> None:
        column = self._column_at(x)
        if column is not None and not column.startswith(CUSTOM):  # not a sort key
            self.post_message(self.HeaderClicked(column))

    def _column_at(self, x: int) -> str | None:
        position = 1
        for column in self._columns():
            if position <= x < position + column.width + GAP:
                return column.key
            position += column.width + GAP
        return None

    # ---- marks ----------------------------------------------------------------------

    def is_marked(self, customer_id: int) -> bool:
        at = int(np.searchsorted(self.marks, customer_id))
        return at < len(self.marks) and int(self.marks[at]) == customer_id

    def action_toggle_mark(self) -> None:
        """Space: mark the customer under the cursor (or unmark), then move down."""
        entry = self.highlighted
        if entry is None:
            return
        customer_id = entry.row.id
        at = int(np.searchsorted(self.marks, customer_id))
        if self.is_marked(customer_id):
            self.marks = np.delete(self.marks, at)
        else:
            self.marks = np.insert(self.marks, at, customer_id)
        self._marks_changed()
        self.action_cursor_down()

    def action_mark_all(self) -> None:
        """*: mark every customer the list shows (with those marked already)."""
        self._mark_asks += 1
        self._marking = self._read_all_marked(self.query_shown, self._generation, self._mark_asks)

    @property
    def marking(self) -> bool:
        """A `*` is still reading the customers it marks: a key after it (`b`) waits for
        the marks (a read that failed, said on screen, brings none)."""
        marking = self._marking
        ended = (WorkerState.ERROR, WorkerState.CANCELLED)
        return (
            marking is not None
            and marking.state not in ended
            and self._marks_answered < self._mark_asks
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="customer-marks")
    def _read_all_marked(self, query: ListQuery, generation: int, ask: int) -> None:
        try:
            ids = self.reader.matching_id_array(query)
        except ReadInterrupted:
            ids = None
        self.post_message(_AllMarked(generation, ids, ask))

    @on(_AllMarked)
    def _all_marked(self, message: _AllMarked) -> None:
        self._marks_answered = max(self._marks_answered, message.ask)
        if message.ids is not None and self._current(message.generation):
            self.marks = np.union1d(self.marks, message.ids)
            self._marks_changed()

    def set_marks(self, ids: Sequence[int] | np.ndarray) -> None:
        self.marks = np.unique(np.asarray(ids, dtype=np.int64))
        self._marks_changed()

    def _marks_changed(self) -> None:
        self.refresh()
        self.post_message(self.MarksChanged(self, len(self.marks)))

    # ---- drawing --------------------------------------------------------------------

    def set_labels(self, today: date, tier_names: dict[str, str]) -> None:
        """The day overdue is judged against and the value tiers' display names."""
        self.today = today
        if tier_names != self.tier_names:
            self.tier_names = tier_names
            self._layout = None
        self.refresh()

    def show_columns(self, keys: Sequence[str]) -> None:
        """Show these columns in this order (keys this list does not know are left out;
        none known: every column)."""
        known = tuple(key for key in keys if key in _BY_KEY)
        self.column_keys = known or None
        self._layout = None
        self.refresh()

    def _natural_widths(self) -> dict[str, int]:
        widths = {
            c.key: max(c.width, cell_len(column_title(c.key)) + 1)
            for c in (*COLUMNS, *MODEL_COLUMNS)
        }
        for field in self.custom_columns:
            title = cell_len(field.label()) + 1
            widths[f"{CUSTOM}{field.id}"] = min(max(CUSTOM_WIDTH, title), CUSTOM_MAX)
        widths["value_tier"] = max(
            widths["value_tier"], *(cell_len(name) for name in self.tier_names.values())
        )
        widths["stage"] = max(widths["stage"], *(cell_len(s.label()) for s in Stage))
        segments = max(cell_len(s.label()) for s in RfmSegment)
        widths["rfm_segment"] = max(widths["rfm_segment"], min(segments, SEGMENT_MAX))
        return widths

    def _columns(self) -> list[Column]:
        room = self.scrollable_content_region.width
        columns = (
            *self._chosen_columns(),
            *(custom_column(f) for f in self.custom_columns),
        )
        if self._layout is None or self._layout[:2] != (room, columns):
            self._layout = (room, columns, layout(columns, self._natural_widths(), room))
        return self._layout[2]

    def _chosen_columns(self) -> tuple[Column, ...]:
        if self.column_keys is None:
            return columns_for(self.query_shown)
        return tuple(_BY_KEY[key] for key in self.column_keys if key in _BY_KEY)

    @property
    def shown_keys(self) -> tuple[str, ...]:
        """The keys of the columns the list shows (before any too narrow to fit)."""
        return tuple(column.key for column in self._chosen_columns())

    def on_resize(self) -> None:
        self._layout = None
        self._sized()
        self.move_cursor(self.cursor)
        self._want_visible()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return self._header(" ", self._titles(), width)
        if not self.loaded:
            if y == 2:
                return self._text_line(t("list.loading"), "muted", width)
            return Strip.blank(width, base)
        if self.total == 0:
            return self._empty(y, width)
        row = round(self.scroll_y) + y - 1
        if row >= self.row_count:
            return Strip.blank(width, base)
        return self._row(row, width)

    def _titles(self) -> list[tuple[str, int, Align]]:
        query = self.query_shown
        titles = []
        for column in self._columns():
            title = self._title(column.key)
            if column.key == query.sort:
                title += "▼" if query.descending else "▲"
            titles.append((title, column.width, column.align))
        return titles

    def _title(self, key: str) -> str:
        if key.startswith(CUSTOM):
            for field in self.custom_columns:
                if key == f"{CUSTOM}{field.id}":
                    return printable(field.label())
        return column_title(key)

    def _row(self, row: int, width: int) -> Strip:
        base = self._cursor_base(row == self.cursor)
        entry = self.row_at(row)
        lead = Segment(" ", base)
        if entry is not None and len(self.marks) and self.is_marked(entry.row.id):
            lead = Segment(MARK, base + self._style("marked"))
        cells: list[Cell] = []
        for column in self._columns():
            if entry is None:
                text, style = ("…" if column.key == "name" else ""), self._style("muted")
            else:
                text, style = self._cell(entry, column.key, column.width)
            cells.append((text, column.width, column.align, style))
        return self._cells(lead, cells, base, width)

    def _cell(self, entry: ListEntry, key: str, width: int = 99) -> tuple[str, Style]:
        row = entry.row
        plain = Style()
        if key == "name":
            return shown_name(row.name), plain
        if key == "value_tier":
            return (
                self.tier_names.get(row.value_tier, row.value_tier) if row.value_tier else ""
            ), plain
        if key == "stage":
            return (Stage(row.stage).label() if row.stage else ""), plain
        if key == "rfm_segment":
            return (RfmSegment(row.rfm_segment).label() if row.rfm_segment else ""), plain
        if key == "score":
            return ("" if row.score is None else f"{row.score:.0f}"), plain
        if key == "revenue":
            return (money(row.revenue_cents, width) if row.orders else ""), plain
        # Days as the seller thinks of them: 昨天, 3 天前, 11-20 (another year: 2025-11-20).
        if key == "last_purchase":
            return (short_day(row.last_purchase, self.today) if row.last_purchase else ""), plain
        if key == "last_contact":
            return (short_day(row.last_contact, self.today) if row.last_contact else ""), plain
        if key == "p_alive":
            return ("" if row.p_alive is None else f"{row.p_alive * 100:.0f}%"), plain
        if key == "clv":
            return ("" if row.clv_cents is None else money(row.clv_cents, width)), plain
        if key.startswith(CUSTOM):
            ids = [f"{CUSTOM}{f.id}" for f in self.custom_columns]
            at = ids.index(key) if key in ids else -1
            if not 0 <= at < len(entry.fields):
                return "", plain
            return shown_custom(self.custom_columns[at], entry.fields[at]), plain
        return self._follow_up(entry)

    def _follow_up(self, entry: ListEntry) -> tuple[str, Style]:
        """The day the customer's next item is planned on: marked when it is overdue (its
        due day has passed), or planned today."""
        planned = entry.follow_up
        if planned is None:
            return "", Style()
        shown = short_day(planned, self.today)  # 今天, 明天, 3 天后, 12-01
        if entry.overdue:
            return shown, self._style("overdue")
        if planned <= self.today:
            return shown, self._style("due-today")
        return shown, Style()

    def _empty(self, y: int, width: int) -> Strip:
        lines = self.empty_text().split("\n")
        index = y - 2
        if 0 <= index < len(lines):
            return self._text_line(lines[index], "muted", width)
        return Strip.blank(width, self.rich_style)

    def empty_text(self) -> str:
        query = self.query_shown
        if query.archived:
            return t("list.no_archived")
        if query == ListQuery(sort=query.sort, descending=query.descending):
            return t("list.empty_book")
        return t("list.no_matches")
