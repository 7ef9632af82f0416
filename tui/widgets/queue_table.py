"""The follow-up queue as a PagedTable: day and reason headers between the rows.

Holds the columnar Queue (cheap at any size) and only the FollowUp rows of the pages in
view, fetched from the book in a worker as they scroll in — so 100,000 items cost the
same as 100. The header lines come from the figures of queue_plan.plan_view: the queue
arrives in the plan's order, so each (day, reason) group is one run of rows.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from xiaoben.models.enums import Reason
from xiaoben.models.followup import HIGH, FollowUp
from xiaoben.models.i18n import Lang, current_language, t
from xiaoben.tui.formatting import GAP, Align, when_due
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.messages import OpenCustomer
from xiaoben.tui.presenting import item_customer, presented_follow_ups
from xiaoben.tui.widgets.paged_table import Cell, PagedTable
from xiaoben.tui.widgets.queue_plan import STRIP_DAYS, TODAY, QueueFigures, Section

if TYPE_CHECKING:
    from xiaoben.tiering.followup import Queue

PAGE = 50  # rows materialised at a time
# Each column's title: the customer list's words for a name and a value tier.
_TITLES = {
    "name": "list.col.name",
    "tier": "list.col.value_tier",
    "detail": "queue.col.detail",
    "due": "queue.col.due",
    "action": "queue.col.action",
}
GROWN = ("detail", "action")  # the columns that grow to their longest text when there is room
DETAIL_FIRST = 30  # the reason's width before the action takes the room
BlockKind = Literal["section", "group", "note", "items"]


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


def blocks_of(
    counts: dict[tuple[str, Reason], int], sections: Sequence[Section], later: int = 0
) -> list[Block]:
    """The display lines of a queue with these group counts, in display order: each
    section's title (and its note when empty), then its reasons in Reason order."""
    blocks: list[Block] = []
    line = start = 0

    def add(kind: BlockKind, section: str, text: str = "", count: int = 0) -> None:
        nonlocal line, start
        block = Block(line, kind, section, text, start, count)
        blocks.append(block)
        line += block.height
        if kind == "items":
            start += count

    with_items = {key for key, _ in counts}
    for section in sections:
        add("section", section.key, section.title)
        if section.empty and section.key not in with_items:
            add("note", section.key, section.empty)
        for reason in Reason:
            count = counts.get((section.key, reason), 0)
            if count:
                add("group", section.key, f"{reason.label()} · {count}")
                add("items", section.key, count=count)
    last = sections[-1].key if sections else TODAY
    if later:
        add("note", last, t("queue.plan.later", count=f"{later:,}"))
    if not counts and not later:
        add("note", last, "")
        add("note", last, t("queue.empty.hint"))
    return blocks


class QueueTable(PagedTable[FollowUp]):
    """The queue's items one a line under a fixed column header, with group headers."""

    PAGE_ROWS = PAGE
    PAGES_GROUP = "queue-pages"
    FAILED_KEY = "queue.failed"

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paged-table--section",
        "paged-table--group",
        "paged-table--urgent",
    }

    DEFAULT_CSS = """
    QueueTable {
        & > .paged-table--section {
            text-style: bold;
            color: $text-primary;
            background: $primary-muted;
        }
        & > .paged-table--group { text-style: bold; color: $text-accent; }
        & > .paged-table--urgent { text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "section('today')", show=False),
        Binding("2", "section('upcoming')", show=False),
    ]

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
        self._due_width = 10
        self._layout: tuple[int, list[tuple[str, int]]] | None = None
        # The longest reason and action of the rows read (what the columns grow to).
        self._widest = dict.fromkeys(GROWN, 0)
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
        self.blocks = blocks_of(figures.counts, figures.sections, figures.later)
        self._block_lines = [block.line for block in self.blocks]
        self._item_blocks = [block for block in self.blocks if block.kind == "items"]
        self._item_starts = [block.start for block in self._item_blocks]
        self._pages.clear()
        self._pending.clear()
        self._widest = dict.fromkeys(GROWN, 0)
        for page, items in pages.items():
            self._pages.set(page, items)
            self._measure(items)
        days = (figures.most_overdue, 1, 0, -1, -STRIP_DAYS)
        widest = max(cell_len(when_due(day)) for day in days)
        if widest != self._due_width:
            self._due_width = widest
            self._layout = None
        self.virtual_size = Size(0, self._lines() + 1)
        self.move_cursor(cursor)
        self._want_visible()

    def _lines(self) -> int:
        return sum(block.height for block in self.blocks)

    @property
    def row_count(self) -> int:
        return 0 if self.queue is None else len(self.queue)

    @property
    def highlighted(self) -> FollowUp | None:
        return self.row_at(self.cursor) if self.cursor >= 0 else None

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

    def _want_visible(self) -> None:
        """Fetch the pages of the items in view and a screenful around them, if missing."""
        top = round(self.scroll_y)
        indexes = [
            line_index
            for line in range(top, top + self.rows_visible)
            if (line_index := self._row_at_line(line)) is not None
        ]
        if indexes:
            self._fetch_around(min(indexes), max(indexes))

    def _row_at_line(self, line: int) -> int | None:
        block = self.block_at(line)
        if block is None or block.kind != "items":
            return None
        return block.start + line - block.line

    def _page_reader(self, page: int) -> Callable[[], list[FollowUp] | None]:
        queue, book, lang = self.queue, self.book, self.lang
        assert queue is not None  # pages are read for the queue shown
        return lambda: presented_follow_ups(
            book.follow_ups(queue, page * PAGE, (page + 1) * PAGE, lang)
        )

    def _page_arrived(self, rows: list[FollowUp]) -> None:
        self._measure(rows)
        self._announce()

    # ---- cursor and keys ------------------------------------------------------------

    def move_cursor(self, index: int) -> None:
        total = self.row_count
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
        if line - above < self.rows_visible and above < round(self.scroll_y):
            self.scroll_to(y=above, animate=False, immediate=True)
        else:
            self._scroll_into_view(line)

    def _announce(self) -> None:
        item = self.highlighted
        if item != self._announced or item is None:
            self._announced = item
            self.post_message(self.Highlighted(item))

    def action_section(self, section: str) -> None:
        """Put the cursor on the first item of `section` ("upcoming": the first day after
        today's plan that has items), the section's title at the top of the view."""
        for block in self._item_blocks:
            if block.section == section or (section == "upcoming" and block.section != TODAY):
                title = next(
                    b for b in self.blocks if b.kind == "section" and b.section == block.section
                )
                self.scroll_to(y=title.line, animate=False, immediate=True)
                self.move_cursor(block.start)
                return
        self.app.bell()

    def action_other_section(self) -> None:
        if self.cursor < 0:
            return
        current = self.section_of(self.cursor)
        self.action_section("upcoming" if current == TODAY else TODAY)

    def action_open(self) -> None:
        item = self.highlighted
        if item is not None:
            self.app.post_message(OpenCustomer(item.customer_id, item_customer(item)))

    # ---- drawing --------------------------------------------------------------------

    def _columns(self) -> list[tuple[str, int]]:
        """(column, width) that fit the width: the action takes what is left."""
        room = self.scrollable_content_region.width
        if self._layout is not None and self._layout[0] == room:
            return self._layout[1]
        widths = {"name": 10, "tier": 4, "detail": 14, "due": self._due_width, "action": 10}
        for key in ("name", "tier", "detail", "due", "action"):
            widths[key] = max(widths[key], cell_len(label(_TITLES[key])))
        columns = list(widths.items())

        def used() -> int:
            return 4 + sum(width for _, width in columns) + GAP * (len(columns) - 1)

        for dropped in ("detail", "tier", "action"):  # the first to go when narrow
            if used() <= room:
                break
            columns = [column for column in columns if column[0] != dropped]
        spare = max(room - used(), 0)
        grown = dict(columns)
        # The reason first up to DETAIL_FIRST, then the action, then the whole reason.
        wanted = (
            ("detail", DETAIL_FIRST),
            ("name", widths["name"] + 4),
            ("action", self._widest["action"]),
            ("detail", self._widest["detail"]),
        )
        for key, width in wanted:
            if key in grown:
                add = min(max(width - grown[key], 0), spare)
                grown[key] += add
                spare -= add
        if "action" in grown:
            grown["action"] += spare
        self._layout = (room, list(grown.items()))
        return self._layout[1]

    def _measure(self, items: Sequence[FollowUp]) -> None:
        """Widen the columns that grow to the longest of these rows' texts."""
        for key in GROWN:
            widest = max((cell_len(self._cell(item, key)) for item in items), default=0)
            if widest > self._widest[key]:
                self._widest[key] = widest
                self._layout = None

    def on_resize(self) -> None:
        self._layout = None
        if self.cursor >= 0:
            self._scroll_to_cursor()
        self._want_visible()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            left: Align = "left"
            titles = [(label(_TITLES[key]), w, left) for key, w in self._columns()]
            return self._header("    ", titles, width)
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

    def _row(self, index: int, width: int) -> Strip:
        item = self.row_at(index)
        on_cursor = index == self.cursor
        base = self._cursor_base(on_cursor)
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
        left: Align = "left"
        cells: list[Cell] = [
            (self._cell(item, key), column_width, left, colour)
            for key, column_width in self._columns()
        ]
        return self._cells(Segment(marker + " ", base + colour), cells, base, width)

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
            return when_due(item.days_overdue)
        return item.action
