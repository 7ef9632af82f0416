"""The follow-up queue as a Line-API ScrollView: section and reason headers between the rows.

Holds the columnar Queue (cheap at any size) and only the FollowUp rows of the pages in
view, fetched from the book in a worker as they scroll in — so 100,000 items cost the
same as 100. The header lines come from queue.counts(): the queue arrives in display
order, so each (section, reason) group is one run of rows.
"""

from __future__ import annotations

from bisect import bisect_right
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
from textual.worker import Worker, WorkerState

from xiaoben.models.enums import Reason
from xiaoben.models.followup import HIGH, FollowUp
from xiaoben.models.i18n import Lang, current_language, t
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.widgets.customer_table import fit

if TYPE_CHECKING:
    from xiaoben.tiering.followup import Queue
    from xiaoben.tui.app import XiaobenApp

PAGE = 50  # rows materialised at a time
CACHED_PAGES = 40
GAP = 2
SECTIONS = ("today", "upcoming")
EPOCH = date(1970, 1, 1)  # the queue's due_day counts days from here
BlockKind = Literal["section", "group", "note", "items"]


def due_text(days_overdue: int) -> str:
    """逾期 3 天 / 今天 / 明天 / 还有 2 天, in the seller's language."""
    if days_overdue > 1:
        return t("queue.due.overdue", days=days_overdue)
    if days_overdue == 1:
        return t("queue.due.overdue_one")
    if days_overdue == 0:
        return t("queue.due.today")
    if days_overdue == -1:
        return t("queue.due.tomorrow")
    return t("queue.due.in", days=-days_overdue)


def section_title(section: str, days: int) -> str:
    if section == "today":
        return t("queue.section.today")
    return t("queue.section.upcoming", days=days)


@dataclass(frozen=True)
class QueueFigures:
    """A queue's counts, taken in the worker that made it (a pass over every item)."""

    counts: dict[tuple[str, Reason], int]  # items per (section, reason)
    today: int  # due today or overdue
    overdue: int
    upcoming: int
    most_overdue: int  # days; 0 when nothing is overdue

    @classmethod
    def of(cls, queue: Queue) -> QueueFigures:
        as_of = (queue.as_of - EPOCH).days
        most_overdue = max(as_of - int(queue.due_day.min()), 0) if len(queue) else 0
        return cls(
            counts=queue.counts(),
            today=queue.today_count(),
            overdue=queue.overdue_count(),
            upcoming=queue.upcoming_count(),
            most_overdue=most_overdue,
        )


@dataclass(frozen=True)
class Block:
    """A run of display lines: a section or reason header, a note, or a group's rows."""

    line: int  # its first display line
    kind: BlockKind
    section: str
    text: str = ""  # headers and notes
    start: int = 0  # items: the first item's index in the queue
    count: int = 0  # items: how many

    @property
    def height(self) -> int:
        return self.count if self.kind == "items" else 1


def blocks_of(counts: dict[tuple[str, Reason], int], days: int) -> list[Block]:
    """The display lines of a queue with these group counts, in display order."""
    blocks: list[Block] = []
    line = start = 0

    def add(kind: BlockKind, section: str, text: str = "", count: int = 0) -> None:
        nonlocal line, start
        block = Block(line, kind, section, text, start, count)
        blocks.append(block)
        line += block.height
        if kind == "items":
            start += count

    totals = {
        section: sum(n for (s, _), n in counts.items() if s == section) for section in SECTIONS
    }
    for section in SECTIONS:
        add("section", section, f"{section_title(section, days)} · {totals[section]}")
        if not totals[section]:
            key = "queue.empty.today" if section == "today" else "queue.empty.upcoming"
            add("note", section, t(key, days=days))
        for reason in Reason:
            count = counts.get((section, reason), 0)
            if count:
                add("group", section, f"{reason.label()} · {count}")
                add("items", section, count=count)
    if not any(totals.values()):
        add("note", "upcoming", "")
        add("note", "upcoming", t("queue.empty.hint"))
    return blocks


# ---- messages ----------------------------------------------------------------------


@dataclass
class _Page(Message):
    generation: int
    page: int
    items: list[FollowUp]


class QueueTable(ScrollView, can_focus=True):
    """The queue's items one a line under a fixed column header, with group headers."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "queue-table--header",
        "queue-table--cursor",
        "queue-table--section",
        "queue-table--group",
        "queue-table--overdue",
        "queue-table--due-today",
        "queue-table--muted",
        "queue-table--urgent",
    }

    DEFAULT_CSS = """
    QueueTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        & > .queue-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .queue-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .queue-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .queue-table--section {
            text-style: bold;
            color: $text-primary;
            background: $primary-muted;
        }
        & > .queue-table--group { text-style: bold; color: $text-accent; }
        & > .queue-table--overdue { color: $error; }
        & > .queue-table--due-today { color: $warning; }
        & > .queue-table--muted { color: $text-muted; }
        & > .queue-table--urgent { text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("1", "section('today')", show=False),
        Binding("2", "section('upcoming')", show=False),
    ]

    @dataclass
    class Opened(Message):
        """The seller chose an item's customer (Enter or a double click)."""

        customer_id: int

    @dataclass
    class Highlighted(Message):
        """The item under the cursor changed, or its row arrived (None: nothing there)."""

        item: FollowUp | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.queue: Queue | None = None
        self.blocks: list[Block] = []
        self.cursor = -1  # an item index; -1 when the queue is empty or not loaded
        self.lang: Lang = current_language()
        self._block_lines: list[int] = []
        self._item_blocks: list[Block] = []
        self._item_starts: list[int] = []
        self._pages: LRUCache[int, list[FollowUp]] = LRUCache(CACHED_PAGES)
        self._pending: set[int] = set()
        self._generation = 0
        self._due_width = 10
        self._layout: tuple[int, list[tuple[str, int]]] | None = None
        self._announced: FollowUp | None = None
        translate_bindings(self)

    # ---- what it shows -------------------------------------------------------------

    def show(
        self,
        queue: Queue,
        figures: QueueFigures,
        pages: dict[int, list[FollowUp]],
        cursor: int,
    ) -> None:
        """Show `queue` (its rows of `pages` already materialised), the cursor on item
        `cursor`; the view stays where it was when it can."""
        self._generation += 1
        self.queue = queue
        self.blocks = blocks_of(figures.counts, queue.days)
        self._block_lines = [block.line for block in self.blocks]
        self._item_blocks = [block for block in self.blocks if block.kind == "items"]
        self._item_starts = [block.start for block in self._item_blocks]
        self._pages.clear()
        self._pending.clear()
        for page, items in pages.items():
            self._pages.set(page, items)
        days = (figures.most_overdue, 1, 0, -1, -queue.days)
        widest = max(cell_len(due_text(day)) for day in days)
        if widest != self._due_width:
            self._due_width = widest
            self._layout = None
        self.virtual_size = Size(0, self._lines() + 1)
        self.move_cursor(cursor)
        self._want_visible()

    def _lines(self) -> int:
        return sum(block.height for block in self.blocks)

    @property
    def item_count(self) -> int:
        return 0 if self.queue is None else len(self.queue)

    def item_at(self, index: int) -> FollowUp | None:
        """The materialised row of item `index`, if its page has arrived."""
        page = self._pages.get(index // PAGE)
        if page is None or index % PAGE >= len(page):
            return None
        return page[index % PAGE]

    @property
    def highlighted(self) -> FollowUp | None:
        return self.item_at(self.cursor) if self.cursor >= 0 else None

    def line_of(self, index: int) -> int:
        """The display line of item `index`."""
        block = self._item_blocks[bisect_right(self._item_starts, index) - 1]
        return block.line + index - block.start

    def block_at(self, line: int) -> Block | None:
        position = bisect_right(self._block_lines, line) - 1
        if position < 0:
            return None
        block = self.blocks[position]
        return block if line < block.line + block.height else None

    def section_of(self, index: int) -> str:
        return self._item_blocks[bisect_right(self._item_starts, index) - 1].section

    # ---- fetching rows ---------------------------------------------------------------

    @property
    def rows_visible(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._want_visible()

    def _want_visible(self) -> None:
        """Fetch the pages of the items in view and a screenful around them, if missing."""
        queue = self.queue
        if queue is None or not len(queue):
            return
        top = round(self.scroll_y)
        indexes = [
            block.start + line - block.line
            for line in range(top, top + self.rows_visible)
            if (block := self.block_at(line)) is not None and block.kind == "items"
        ]
        if not indexes:
            return
        ahead = self.rows_visible
        low = max(min(indexes) - ahead, 0) // PAGE
        high = min(max(indexes) + ahead, len(queue) - 1) // PAGE
        for page in range(low, high + 1):
            if page in self._pending or page in self._pages:
                continue
            self._pending.add(page)
            self._fetch_page(queue, page, self._generation)

    @work(thread=True, exit_on_error=False, group="queue-pages")
    def _fetch_page(self, queue: Queue, page: int, generation: int) -> None:
        app: XiaobenApp = self.app  # type: ignore[assignment]  # always the xiaoben app
        items = app.book.follow_ups(queue, page * PAGE, (page + 1) * PAGE, self.lang)
        self.post_message(_Page(generation, page, items))

    @on(_Page)
    def _page_arrived(self, message: _Page) -> None:
        if message.generation != self._generation:
            return
        self._pending.discard(message.page)
        self._pages.set(message.page, message.items)
        self._announce()
        self.refresh()

    @on(Worker.StateChanged)
    def _page_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "queue-pages":
            event.stop()
            self.notify(t("queue.failed", detail=event.worker.error), severity="error")

    # ---- cursor and keys ------------------------------------------------------------

    def move_cursor(self, index: int) -> None:
        total = self.item_count
        self.cursor = max(0, min(index, total - 1)) if total else -1
        if self.cursor >= 0:
            self._scroll_to_cursor()
        else:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._announce()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        line = self.line_of(self.cursor)
        # The headers right above the first row of a group come into view with it.
        above = line
        while above > 0 and (block := self.block_at(above - 1)) and block.kind != "items":
            above -= 1
        top = round(self.scroll_y)
        if line - above < self.rows_visible and above < top:
            self.scroll_to(y=above, animate=False, immediate=True)
        elif line < top:
            self.scroll_to(y=line, animate=False, immediate=True)
        elif line >= top + self.rows_visible:
            self.scroll_to(y=line - self.rows_visible + 1, animate=False, immediate=True)

    def _announce(self) -> None:
        item = self.highlighted
        if item != self._announced or item is None:
            self._announced = item
            self.post_message(self.Highlighted(item))

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_page_down(self) -> None:
        self.scroll_to(y=round(self.scroll_y) + self.rows_visible, animate=False, immediate=True)
        self.move_cursor(self.cursor + self.rows_visible)

    def action_page_up(self) -> None:
        step = self.rows_visible
        self.scroll_to(y=max(round(self.scroll_y) - step, 0), animate=False, immediate=True)
        self.move_cursor(self.cursor - step)

    def action_first(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self.item_count - 1)

    def action_section(self, section: str) -> None:
        """Put the cursor on the first item of `section` (if it has any), the section's
        title at the top of the view."""
        for block in self._item_blocks:
            if block.section == section:
                title = next(b for b in self.blocks if b.kind == "section" and b.section == section)
                self.scroll_to(y=title.line, animate=False, immediate=True)
                self.move_cursor(block.start)
                return
        self.app.bell()

    def action_other_section(self) -> None:
        if self.cursor < 0:
            return
        current = self.section_of(self.cursor)
        self.action_section("upcoming" if current == "today" else "today")

    def action_open(self) -> None:
        item = self.highlighted
        if item is not None:
            self.post_message(self.Opened(item.customer_id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        block = self.block_at(round(self.scroll_y) + offset.y - 1)
        if block is None or block.kind != "items":
            return
        self.move_cursor(block.start + round(self.scroll_y) + offset.y - 1 - block.line)
        if event.chain >= 2:
            self.action_open()

    # ---- drawing --------------------------------------------------------------------

    def _columns(self) -> list[tuple[str, int]]:
        """(column, width) that fit the width: the action takes what is left."""
        room = self.scrollable_content_region.width
        if self._layout is not None and self._layout[0] == room:
            return self._layout[1]
        widths = {"name": 10, "tier": 4, "detail": 14, "due": self._due_width, "action": 10}
        for key in ("name", "tier", "detail", "due", "action"):
            widths[key] = max(widths[key], cell_len(label(f"queue.col.{key}")))
        columns = list(widths.items())

        def used() -> int:
            return 4 + sum(width for _, width in columns) + GAP * (len(columns) - 1)

        for dropped in ("detail", "tier", "action"):  # the first to go when narrow
            if used() <= room:
                break
            columns = [column for column in columns if column[0] != dropped]
        spare = max(room - used(), 0)
        grown = dict(columns)
        for key, extra in (("detail", 16), ("name", 4)):
            if key in grown:
                add = min(extra, spare)
                grown[key] += add
                spare -= add
        if "action" in grown:
            grown["action"] += spare
        self._layout = (room, list(grown.items()))
        return self._layout[1]

    def on_resize(self) -> None:
        self._layout = None
        if self.cursor >= 0:
            self._scroll_to_cursor()
        self._want_visible()

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(f"queue-table--{component}", partial=True)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._header(width)
        if self.queue is None:
            return self._text_line(t("queue.loading") if y == 2 else "", "muted", width)
        line = round(self.scroll_y) + y - 1
        block = self.block_at(line)
        if block is None:
            return Strip.blank(width, self.rich_style)
        if block.kind == "items":
            return self._row(block.start + line - block.line, width)
        if block.kind == "section":
            return self._text_line(block.text, "section", width, indent=" ")
        if block.kind == "group":
            return self._text_line(block.text, "group", width, indent="  ")
        return self._text_line(block.text, "muted", width, indent="    ")

    def _text_line(self, text: str, component: str, width: int, indent: str = "  ") -> Strip:
        style = self.rich_style + self._style(component)
        return Strip([Segment(fit(indent + text, width), style)])

    def _header(self, width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("queue-table--header")
        cells = ["    "]
        for key, column_width in self._columns():
            cells.append(fit(label(f"queue.col.{key}"), column_width))
            cells.append(" " * GAP)
        return Strip([Segment("".join(cells[:-1]), style)]).extend_cell_length(width, style)

    def _row(self, index: int, width: int) -> Strip:
        base = self.rich_style
        item = self.item_at(index)
        on_cursor = index == self.cursor
        if on_cursor:
            base += self.get_component_rich_style("queue-table--cursor")
        colour = Style()
        if item is not None and not on_cursor:
            if item.days_overdue > 0:
                colour = self._style("overdue")
            elif item.days_overdue == 0:
                colour = self._style("due-today")
        if item is not None and item.priority == HIGH:
            colour += self._style("urgent")
        marker = " ●" if item is not None and item.priority == HIGH else "  "
        marker += "↷" if item is not None and item.snoozed else " "
        segments = [Segment(marker + " ", base + colour)]
        for key, column_width in self._columns():
            text = self._cell(item, key)
            segments.append(Segment(fit(text, column_width), base + colour))
            segments.append(Segment(" " * GAP, base))
        return Strip(segments[:-1]).extend_cell_length(width, base).crop(0, width)

    def _cell(self, item: FollowUp | None, key: str) -> str:
        if item is None:
            return "…" if key == "name" else ""
        if key == "name":
            return item.name
        if key == "tier":
            return item.value_tier.value if item.value_tier else ""
        if key == "detail":
            return item.detail
        if key == "due":
            return due_text(item.days_overdue)
        return item.action
