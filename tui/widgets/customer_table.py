"""The customer list as a Line-API ScrollView: each line drawn from a cache of fetched pages.

Never holds the whole list: the first page comes from an index walk, the list's order as
ids follows in the background, and any other page is fetched by id when it scrolls into
view — so a paint or a page-down costs the same at 1,000 or 100,000 customers.
"""

from __future__ import annotations

import threading
from array import array
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState, get_current_worker

from xiaoben.models.enums import RfmSegment, Stage
from xiaoben.models.i18n import current_language, t
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.list_reader import PAGE, ListEntry, ListReader, ReadInterrupted
from xiaoben.tui.i18n import label, translate_bindings

if TYPE_CHECKING:
    from xiaoben.tui.app import XiaobenApp

Align = Literal["left", "right"]
GAP = 2  # blank cells between columns
PREFETCH = 1  # screenfuls fetched ahead, above and below the view
CACHED_PAGES = 40
PAINT_WAIT_SECONDS = 0.5


@dataclass(frozen=True)
class Column:
    key: str  # a sort key of store.customer_list.SORTS, or "follow_up" (not sortable)
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
NAME_MAX = 20  # the name column grows up to this when there is room
SEGMENT_MAX = 14  # long segment names ("Potential Loyalist") are cut with …


def fit(text: str, width: int, align: Align = "left") -> str:
    """`text` in exactly `width` cells (CJK characters are two), cut with … if too long."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        kept = ""
        for char in text:  # never half a wide character
            if cell_len(kept + char) > width - 1:
                break
            kept += char
        text = kept + "…"
    pad = " " * (width - cell_len(text))
    return text + pad if align == "left" else pad + text


def money(cents: int, width: int = 99) -> str:
    """Whole yuan with thousands separators; in 万/亿 (k/M) when that does not fit `width`."""
    yuan = (cents + 50) // 100
    full = f"¥{yuan:,}"
    if len(full) <= width:
        return full
    if current_language() == "zh":
        return f"¥{yuan / 1e8:.1f}亿" if yuan >= 10**8 else f"¥{yuan / 1e4:.1f}万"
    return f"¥{yuan / 1e6:.1f}M" if yuan >= 10**6 else f"¥{yuan / 1e3:.0f}k"


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


@dataclass
class _Counted(Message):
    generation: int
    count: int


@dataclass
class _Ordered(Message):
    generation: int
    ids: array[int]


@dataclass
class _Page(Message):
    generation: int
    page: int
    entries: list[ListEntry]


class CustomerTable(ScrollView, can_focus=True):
    """The customers of a ListQuery, one line each, under a fixed header line."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "customer-table--header",
        "customer-table--cursor",
        "customer-table--overdue",
        "customer-table--due-today",
        "customer-table--muted",
        "customer-table--message",
    }

    DEFAULT_CSS = """
    CustomerTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        & > .customer-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .customer-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .customer-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .customer-table--overdue { color: $error; }
        & > .customer-table--due-today { color: $warning; }
        & > .customer-table--muted { color: $text-muted; }
        & > .customer-table--message { color: $text-muted; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("enter", "open", "common.open", tooltip="common.cmd.open", id="list.open"),
    ]

    @dataclass
    class Opened(Message):
        """The seller chose a customer (Enter or a double click)."""

        customer_id: int

    @dataclass
    class Counted(Message):
        """How many customers the list holds now (None: still counting)."""

        table: CustomerTable
        count: int | None

    @dataclass
    class HeaderClicked(Message):
        """A click on a column's title (to sort by it)."""

        column: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.query_shown = ListQuery()
        self.cursor_row = 0
        self.total: int | None = None  # customers listed; None until counted
        self.loaded = False  # a first page has arrived (rows can be drawn)
        self.today = date.today()
        self.tier_names: dict[str, str] = {}
        self._reader: ListReader | None = None
        self._generation = 0
        self._pages: LRUCache[int, list[ListEntry]] = LRUCache(CACHED_PAGES)
        self._stale_pages: set[int] = set()  # shown until the new order arrives (refresh)
        self._ids: array[int] | None = None
        self._pending: set[int] = set()
        self._keep: int | None = None  # the customer the cursor should stay on
        self._refreshing = False  # the same query again: keep the rows shown until replaced
        self._shown_generation = 0  # the generation whose first page is on screen
        self._open_when_ready = False
        self._layout: tuple[int, list[Column]] | None = None
        translate_bindings(self)

    # ---- lifecycle ------------------------------------------------------------------

    @property
    def reader(self) -> ListReader:
        """The list's own read-only connection to the book (opened when mounted)."""
        if self._reader is None:
            raise RuntimeError("the customer table is not mounted")
        return self._reader

    def on_mount(self) -> None:
        app: XiaobenApp = self.app  # type: ignore[assignment]  # always the xiaoben app
        self._reader = ListReader(app.book.path)

    def on_unmount(self) -> None:
        if self._reader is not None:
            self._reader.close()

    @property
    def ready(self) -> bool:
        """The rows on screen are those of the query last shown (not the one before)."""
        return self._shown_generation == self._generation

    def open_first_when_ready(self) -> None:
        """Open the highlighted customer now, or as soon as the current query's rows arrive."""
        if self.ready:
            self.action_open()
        else:
            self._open_when_ready = True

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
            self.cursor_row = 0
            self.scroll_to(y=0, animate=False, immediate=True)
        self._fetch_list(query, self._generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="customer-list")
    def _fetch_list(self, query: ListQuery, generation: int) -> None:
        worker = get_current_worker()
        reader = self.reader
        try:
            head = reader.first(query, PAGE)
            if worker.is_cancelled:
                return
            painted = threading.Event()
            self.post_message(_Head(generation, head, painted))
            if len(head) < PAGE:
                return
            # Count and order the rest once the first rows are drawn, not while they are.
            painted.wait(PAINT_WAIT_SECONDS)
            count = reader.count(query)
            if worker.is_cancelled:
                return
            self.post_message(_Counted(generation, count))
            ids = reader.ordered_ids(query)
            if not worker.is_cancelled:
                self.post_message(_Ordered(generation, ids))
        except ReadInterrupted:
            return

    @work(thread=True, exit_on_error=False, group="customer-list-pages")
    def _fetch_page(self, page: int, ids: list[int], generation: int) -> None:
        try:
            entries = self.reader.entries(ids)
        except ReadInterrupted:
            return
        self.post_message(_Page(generation, page, entries))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group.startswith("customer-list"):
            event.stop()
            self.notify(t("list.read_error", detail=event.worker.error), severity="error")

    # ---- data arriving --------------------------------------------------------------

    def _current(self, generation: int) -> bool:
        return generation == self._generation

    @on(_Head)
    def _head_arrived(self, message: _Head) -> None:
        if not self._current(message.generation):
            return
        entries = message.entries
        full = len(entries) == PAGE
        if self._refreshing and full:
            # LRUCache has keys() but no __iter__
            self._stale_pages = {page for page in self._pages.keys() if page != 0}  # noqa: SIM118
        else:
            self._pages.clear()
            self._stale_pages = set()
            self.total = None
        self._pages.set(0, entries)
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
        self.move_cursor(self.cursor_row if position is None else position)
        self.post_message(self.Counted(self, self.total))
        self.call_after_refresh(message.painted.set)
        if self._open_when_ready:
            self._open_when_ready = False
            self.action_open()

    @on(_Counted)
    def _count_arrived(self, message: _Counted) -> None:
        if not self._current(message.generation):
            return
        self.total = message.count
        self._sized()
        self.move_cursor(self.cursor_row)
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
        position = self.cursor_row
        if self._keep is not None:
            with suppress(ValueError):  # no longer listed: the cursor stays where it is
                position = message.ids.index(self._keep)
            self._keep = None
        self.move_cursor(position)
        self._want_visible()
        self.post_message(self.Counted(self, self.total))

    @on(_Page)
    def _page_arrived(self, message: _Page) -> None:
        if not self._current(message.generation):
            return
        self._pending.discard(message.page)
        self._pages.set(message.page, message.entries)
        self.refresh()

    def _position_in(self, entries: list[ListEntry]) -> int | None:
        if self._keep is None:
            return None
        for position, entry in enumerate(entries):
            if entry.row.id == self._keep:
                return position
        return None

    def _rows(self) -> int:
        """Rows that can be shown now (the first page's, until the count arrives)."""
        return self.total if self.total is not None else len(self._pages.get(0) or [])

    def _sized(self) -> None:
        self.virtual_size = Size(0, self._rows() + 1)

    # ---- what is where --------------------------------------------------------------

    def entry_at(self, row: int) -> ListEntry | None:
        page = self._pages.get(row // PAGE)
        if page is None or row % PAGE >= len(page):
            return None
        return page[row % PAGE]

    @property
    def highlighted(self) -> ListEntry | None:
        """The customer under the cursor (None if the list is empty or still loading)."""
        return self.entry_at(self.cursor_row) if self._rows() else None

    @property
    def rows_visible(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._want_visible()

    def _want_visible(self) -> None:
        top = round(self.scroll_y)
        self._want(top, top + self.rows_visible - 1)

    def _want(self, first: int, last: int) -> None:
        """Fetch the pages holding rows first..last (and a screenful around) if missing."""
        if self._ids is None:
            return
        ahead = self.rows_visible * PREFETCH
        low = max(first - ahead, 0) // PAGE
        high = min(last + ahead, len(self._ids) - 1) // PAGE
        for page in range(low, high + 1):
            if page in self._pending or (page in self._pages and page not in self._stale_pages):
                continue
            self._pending.add(page)
            ids = self._ids[page * PAGE : (page + 1) * PAGE].tolist()
            self._fetch_page(page, ids, self._generation)

    # ---- cursor and keys ------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        total = self._rows()
        row = max(0, min(row, total - 1)) if total else 0
        self.cursor_row = row
        top = round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + self.rows_visible:
            self.scroll_to(y=row - self.rows_visible + 1, animate=False, immediate=True)
        self.refresh()

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_down(self) -> None:
        step = self.rows_visible
        self.scroll_to(y=round(self.scroll_y) + step, animate=False, immediate=True)
        self.move_cursor(self.cursor_row + step)

    def action_page_up(self) -> None:
        step = self.rows_visible
        self.scroll_to(y=max(round(self.scroll_y) - step, 0), animate=False, immediate=True)
        self.move_cursor(self.cursor_row - step)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self._rows() - 1)

    def action_open(self) -> None:
        entry = self.highlighted
        if entry is not None:
            self.post_message(self.Opened(entry.row.id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None and column != "follow_up":
                self.post_message(self.HeaderClicked(column))
            return
        row = round(self.scroll_y) + offset.y - 1
        if self.entry_at(row) is None:
            return
        self.move_cursor(row)
        if event.chain >= 2:
            self.action_open()

    def _column_at(self, x: int) -> str | None:
        position = 1
        for column in self._columns():
            if position <= x < position + column.width + GAP:
                return column.key
            position += column.width + GAP
        return None

    # ---- drawing --------------------------------------------------------------------

    def set_labels(self, today: date, tier_names: dict[str, str]) -> None:
        """The day overdue is judged against and the value tiers' display names."""
        self.today = today
        if tier_names != self.tier_names:
            self.tier_names = tier_names
            self._layout = None
        self.refresh()

    def _natural_widths(self) -> dict[str, int]:
        widths = {c.key: max(c.width, cell_len(label(f"list.col.{c.key}")) + 1) for c in COLUMNS}
        widths["value_tier"] = max(
            widths["value_tier"], *(cell_len(name) for name in self.tier_names.values())
        )
        widths["stage"] = max(widths["stage"], *(cell_len(s.label()) for s in Stage))
        segments = max(cell_len(s.label()) for s in RfmSegment)
        widths["rfm_segment"] = max(widths["rfm_segment"], min(segments, SEGMENT_MAX))
        return widths

    def _columns(self) -> list[Column]:
        room = self.scrollable_content_region.width
        if self._layout is None or self._layout[0] != room:
            self._layout = (room, layout(COLUMNS, self._natural_widths(), room))
        return self._layout[1]

    def on_resize(self) -> None:
        self._layout = None
        self._sized()
        self.move_cursor(self.cursor_row)
        self._want_visible()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return self._header(width)
        if not self.loaded:
            return self._message(t("list.loading"), width) if y == 2 else Strip.blank(width, base)
        if self.total == 0:
            return self._empty(y, width)
        row = round(self.scroll_y) + y - 1
        if row >= self._rows():
            return Strip.blank(width, base)
        return self._row(row, width)

    def _header(self, width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("customer-table--header")
        query = self.query_shown
        cells = [" "]
        for column in self._columns():
            title = label(f"list.col.{column.key}")
            if column.key == query.sort:
                title += "▼" if query.descending else "▲"
            cells.append(fit(title, column.width, column.align))
            cells.append(" " * GAP)
        return Strip([Segment("".join(cells[:-1]), style)]).extend_cell_length(width, style)

    def _row(self, row: int, width: int) -> Strip:
        base = self.rich_style
        if row == self.cursor_row:
            base += self.get_component_rich_style("customer-table--cursor")
        entry = self.entry_at(row)
        segments = [Segment(" ", base)]
        for column in self._columns():
            if entry is None:
                text, style = ("…" if column.key == "name" else ""), self._muted()
            else:
                text, style = self._cell(entry, column.key, column.width)
            segments.append(Segment(fit(text, column.width, column.align), base + style))
            segments.append(Segment(" " * GAP, base))
        return Strip(segments[:-1]).extend_cell_length(width, base).crop(0, width)

    def _muted(self) -> Style:
        return self.get_component_rich_style("customer-table--muted", partial=True)

    def _cell(self, entry: ListEntry, key: str, width: int = 99) -> tuple[str, Style]:
        row = entry.row
        plain = Style()
        if key == "name":
            return row.name, plain
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
        if key == "last_purchase":
            return row.last_purchase or "", plain
        if key == "last_contact":
            return row.last_contact or "", plain
        return self._follow_up(entry.follow_up)

    def _follow_up(self, due: str | None) -> tuple[str, Style]:
        if due is None:
            return "", Style()
        today = self.today.isoformat()
        if due < today:
            return due, self.get_component_rich_style("customer-table--overdue", partial=True)
        if due == today:
            return due, self.get_component_rich_style("customer-table--due-today", partial=True)
        return due, Style()

    def _message(self, text: str, width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("customer-table--message")
        return Strip([Segment(fit("  " + text, width), style)])

    def _empty(self, y: int, width: int) -> Strip:
        lines = self.empty_text().split("\n")
        index = y - 2
        if 0 <= index < len(lines):
            return self._message(lines[index], width)
        return Strip.blank(width, self.rich_style)

    def empty_text(self) -> str:
        query = self.query_shown
        if query.archived:
            return t("list.no_archived")
        if query == ListQuery(sort=query.sort, descending=query.descending):
            return t("list.empty_book")
        return t("list.no_matches")
