"""The base of the app's long lists: a Line-API ScrollView drawn from a cache of pages.

A subclass says how many rows there are, which page holds which rows and how to read a
page; this class keeps the pages in an LRU cache, reads the missing ones in a thread
worker as they scroll into view, moves the cursor and draws the shared parts (the header
line, a row's cells). So a list costs the same at 100 rows or 100,000 (Toolong's
pattern). It never reads the whole list, and knows nothing of what a row is.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker

from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import tell_failure, worker_error
from xiaoben.tui.formatting import GAP, Align, fit

Row = TypeVar("Row")
CACHED_PAGES = 40
# (text, width, align, style) of one cell of a row.
Cell = tuple[str, int, Align, Style]


@dataclass
class _PageRead(Message, bubble=False):
    generation: int
    page: int
    rows: list[Any]


class PagedTable(ReachesTheBook, ScrollView, Generic[Row], can_focus=True):
    """Rows under a fixed header line (line 0), read a page at a time."""

    PAGE_ROWS: ClassVar[int] = 50  # rows read at a time
    PAGES_GROUP: ClassVar[str] = "table-pages"  # the page workers' group
    FAILED_KEY: ClassVar[str] = ""  # catalogue key of "could not read …: {detail}"

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paged-table--header",
        "paged-table--cursor",
        "paged-table--overdue",
        "paged-table--due-today",
        "paged-table--muted",
        "paged-table--marked",
    }

    DEFAULT_CSS = """
    PagedTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        & > .paged-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .paged-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .paged-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .paged-table--overdue { color: $error; }
        & > .paged-table--due-today { color: $warning; }
        & > .paged-table--muted { color: $text-muted; }
        & > .paged-table--marked { color: $success; text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor = 0  # the row under the cursor
        self._pages: LRUCache[int, list[Row]] = LRUCache(CACHED_PAGES)
        self._pending: set[int] = set()  # pages being read
        self._generation = 0  # pages read for an older list are dropped

    # ---- what a subclass says -------------------------------------------------------

    @property
    @abstractmethod
    def row_count(self) -> int: ...

    @abstractmethod
    def move_cursor(self, index: int) -> None: ...

    @abstractmethod
    def _page_reader(self, page: int) -> Callable[[], list[Row] | None]:
        """What reads `page` in the worker (None: the read was interrupted)."""

    def _row_at_line(self, line: int) -> int | None:
        """The row drawn on display line `line` (0 is the first below the header)."""
        return line if self.row_at(line) is not None else None

    def _header_clicked(self, x: int) -> None:
        """A click on the header line at cell `x`."""

    def _page_arrived(self, rows: list[Row]) -> None:
        """A page of `rows` was read and cached (before the table is redrawn)."""

    def action_open(self) -> None:
        """Open what the cursor is on."""

    # ---- the pages ------------------------------------------------------------------

    def row_at(self, index: int) -> Row | None:
        """Row `index`, if its page has been read."""
        page = self._pages.get(index // self.PAGE_ROWS)
        if page is None or index % self.PAGE_ROWS >= len(page):
            return None
        return page[index % self.PAGE_ROWS]

    def _has_page(self, page: int) -> bool:
        return page in self._pages

    def _keep_page(self, page: int, rows: list[Row]) -> None:
        """Cache `rows` as `page`, replacing any older copy: Textual's LRUCache.set leaves
        a key it holds as it was (a list's first page read again after a change, or with
        the plan, stayed as first read)."""
        self._pages.discard(page)
        self._pages.set(page, rows)

    def _fetch_around(self, first: int, last: int) -> None:
        """Read the pages of rows first..last and a screenful either side, if missing."""
        ahead = self.rows_visible
        low = max(first - ahead, 0) // self.PAGE_ROWS
        high = min(last + ahead, self.row_count - 1) // self.PAGE_ROWS
        for page in range(low, high + 1):
            if page in self._pending or self._has_page(page):
                continue
            self._pending.add(page)
            read = partial(self._read_page, self._page_reader(page), page, self._generation)
            self.run_worker(read, thread=True, exit_on_error=False, group=self.PAGES_GROUP)

    def _read_page(self, read: Callable[[], list[Row] | None], page: int, generation: int) -> None:
        rows = read()
        if rows is not None:
            self.post_message(_PageRead(generation, page, rows))

    @on(_PageRead)
    def _page_read(self, message: _PageRead) -> None:
        if message.generation != self._generation:
            return
        self._pending.discard(message.page)
        self._keep_page(message.page, message.rows)
        self._page_arrived(message.rows)
        self.refresh()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event)  # only this table's own workers report here
        if error is not None:
            event.stop()
            tell_failure(self, error, self.FAILED_KEY)

    # ---- scrolling and the cursor ---------------------------------------------------

    @property
    def rows_visible(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._want_visible()

    def _want_visible(self) -> None:
        top = round(self.scroll_y)
        self._fetch_around(top, top + self.rows_visible - 1)

    def _scroll_into_view(self, line: int) -> None:
        """Scroll the least that shows display line `line`."""
        top = round(self.scroll_y)
        if line < top:
            self.scroll_to(y=line, animate=False, immediate=True)
        elif line >= top + self.rows_visible:
            self.scroll_to(y=line - self.rows_visible + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_page_down(self) -> None:
        step = self.rows_visible
        self.scroll_to(y=round(self.scroll_y) + step, animate=False, immediate=True)
        self.move_cursor(self.cursor + step)

    def action_page_up(self) -> None:
        step = self.rows_visible
        self.scroll_to(y=max(round(self.scroll_y) - step, 0), animate=False, immediate=True)
        self.move_cursor(self.cursor - step)

    def action_first(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self.row_count - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            self._header_clicked(offset.x)
            return
        index = self._row_at_line(round(self.scroll_y) + offset.y - 1)
        if index is None:
            return
        self.move_cursor(index)
        if event.chain >= 2:
            self.action_open()

    # ---- drawing --------------------------------------------------------------------

    def _style(self, component: str) -> Style:
        """A component's style, to add on top of the row's."""
        return self.get_component_rich_style(f"paged-table--{component}", partial=True)

    def _header(self, lead: str, titles: Sequence[tuple[str, int, Align]], width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("paged-table--header")
        cells = [lead]
        for title, column_width, align in titles:
            cells.append(fit(title, column_width, align))
            cells.append(" " * GAP)
        return Strip([Segment("".join(cells[:-1]), style)]).extend_cell_length(width, style)

    def _cursor_base(self, on_cursor: bool) -> Style:
        """A row's own style: the cursor's when it is on the row."""
        if on_cursor:
            return self.rich_style + self.get_component_rich_style("paged-table--cursor")
        return self.rich_style

    def _cells(self, lead: Segment, cells: Sequence[Cell], base: Style, width: int) -> Strip:
        segments = [lead]
        for text, column_width, align, style in cells:
            segments.append(Segment(fit(text, column_width, align), base + style))
            segments.append(Segment(" " * GAP, base))
        return Strip(segments[:-1]).extend_cell_length(width, base).crop(0, width)

    def _text_line(self, text: str, component: str, width: int, indent: str = "  ") -> Strip:
        style = self.rich_style + self._style(component)
        return Strip([Segment(fit(indent + text, width), style)])
