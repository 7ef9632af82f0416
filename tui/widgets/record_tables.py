"""The customer page's tables of records: purchases, contacts, reminders, a page at a time.

A loyal customer has thousands of purchases: each table reads the rows it shows as they
scroll into view (PagedTable), so the page opens, saves and undoes at the same cost for 20
records or 20,000. The page reads the window in view with the rest of the customer
(`read_window`) and hands it over (`show`); this module draws rows and moves the cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Protocol, runtime_checkable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.strip import Strip

from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.purchase import Purchase
from xiaoben.store.book import Book
from xiaoben.store.records import Table
from xiaoben.tui.formatting import GAP, Align, money_to_the_cent
from xiaoben.tui.i18n import label, saying, translate_bindings
from xiaoben.tui.presenting import shown_private
from xiaoben.tui.widgets.paged_table import Cell, PagedTable

PAGE_ROWS = 50
FLEXIBLE = 0  # a column's width: a share of the room the fixed ones leave


@dataclass(frozen=True, slots=True)
class Where:
    """Where a table's cursor and view are, to read the same place again after a change."""

    record_id: int | None  # the record under the cursor: it stays under it
    cursor: int  # its row, where the cursor stays if that record is gone
    top: int  # the first row in view
    height: int  # rows in view


@dataclass(frozen=True, slots=True)
class Window:
    """A table's rows as read: how many there are, the cursor's row, the pages in view."""

    count: int
    cursor: int
    pages: dict[int, list[Any]]


def read_window(book: Book, table: Table, customer_id: int, count: int, where: Where) -> Window:
    """The pages around the cursor and the view, the cursor on the record it was on (in a
    worker, inside the page's one read of the book)."""
    cursor = where.cursor
    if where.record_id is not None:
        found = book.record_position(table, where.record_id)
        cursor = cursor if found is None else found
    cursor = max(0, min(cursor, count - 1))
    top = where.top if where.top <= cursor < where.top + where.height else cursor
    first = max(min(top, cursor) - where.height, 0) // PAGE_ROWS
    last = min(max(top + where.height, cursor + where.height), max(count - 1, 0)) // PAGE_ROWS
    pages = {
        page: book.records_window(table, customer_id, page * PAGE_ROWS, PAGE_ROWS)
        for page in range(first, last + 1)
    }
    return Window(count, cursor, pages if count else {})


@runtime_checkable
class ShowsRecords(Protocol):
    """The screen a record table sits on: when its records were first in view."""

    def shown_before(self, typed_at: float) -> bool: ...


class RecordTable(PagedTable[Any]):
    """One kind of a customer's records under a header line, read a page at a time."""

    PAGE_ROWS = PAGE_ROWS
    PAGES_GROUP = "page-records"
    FAILED_KEY = "page.read_error"
    TABLE: ClassVar[Table]
    # (catalogue key of the title, width or FLEXIBLE, align) of each column.
    COLUMNS: ClassVar[tuple[tuple[str, int, Align], ...]]
    texts: Callable[[Any], Sequence[str]]  # the cells of a record's row (each kind's own)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+home", "first", show=False),
        Binding("ctrl+end", "last", show=False),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.customer_id = 0
        self.total = 0
        translate_bindings(self)

    def show(self, customer_id: int, window: Window) -> None:
        """Show `window`'s rows, read anew: pages read before are dropped."""
        self._generation += 1
        self.customer_id = customer_id
        self.total = window.count
        self._pages.clear()
        self._pending.clear()
        for page, rows in window.pages.items():
            self._keep_page(page, rows)
        self.virtual_size = Size(0, self.total + 1)
        self.move_cursor(window.cursor)
        self._want_visible()

    def where(self) -> Where:
        record = self.highlighted
        top = round(self.scroll_y)
        return Where(record.id if record else None, self.cursor, top, self.rows_visible)

    @property
    def row_count(self) -> int:
        return self.total

    @property
    def highlighted(self) -> Any:
        """The record under the cursor (None: none, or its page not read yet)."""
        return self.row_at(self.cursor) if self.total else None

    @property
    def waiting(self) -> bool:
        """The cursor's row is being read: a key acting on it waits."""
        return bool(self.total) and self.cursor // PAGE_ROWS in self._pending

    def _page_reader(self, page: int) -> Callable[[], list[Any] | None]:
        book, table, customer_id = self.book, self.TABLE, self.customer_id
        return lambda: book.records_window(table, customer_id, page * PAGE_ROWS, PAGE_ROWS)

    def move_cursor(self, index: int) -> None:
        self.cursor = max(0, min(index, self.total - 1)) if self.total else 0
        self._scroll_into_view(self.cursor)
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(0, self.total + 1)
        self._want_visible()

    async def _on_key(self, event: events.Key) -> None:
        """Not an Enter typed before the page showed the records (to open the page, or a
        second one to save a purchase): the window it opens takes the amount typed next
        over the old one, on a record the seller never saw."""
        screen = self.screen
        unseen = isinstance(screen, ShowsRecords) and not screen.shown_before(event.time)
        if event.key == "enter" and unseen:
            event.prevent_default()
            event.stop()
            self.notify(saying("page.enter_too_early"), severity="warning", markup=False)

    # ---- drawing --------------------------------------------------------------------

    def _widths(self, room: int) -> list[int]:
        fixed = [max(width, cell_len(label(key))) for key, width, _ in self.COLUMNS if width]
        flexible = sum(1 for _, width, _ in self.COLUMNS if not width)
        left = room - 1 - sum(fixed) - GAP * (len(self.COLUMNS) - 1)
        share = max(left // flexible, 4) if flexible else 0
        widths = iter(fixed)
        return [next(widths) if width else share for _, width, _ in self.COLUMNS]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        widths = self._widths(width)
        if y == 0:
            titles = [
                (label(key), column_width, align)
                for (key, _, align), column_width in zip(self.COLUMNS, widths, strict=True)
            ]
            return self._header(" ", titles, width)
        row = round(self.scroll_y) + y - 1
        if row >= self.total:
            return Strip.blank(width, self.rich_style)
        base = self._cursor_base(row == self.cursor)
        record = self.row_at(row)
        texts = ["…", *[""] * (len(self.COLUMNS) - 1)] if record is None else self.texts(record)
        style = self._style("muted") if record is None else self.row_style(record)
        cells: list[Cell] = [
            (text, column_width, align, style)
            for text, column_width, (_, _, align) in zip(texts, widths, self.COLUMNS, strict=True)
        ]
        return self._cells(Segment(" ", base), cells, base, width)

    def row_style(self, record: Any) -> Style:
        return Style()


def _edit_and_delete(kind: str, help_key: str) -> list[BindingType]:
    """Enter edits the highlighted record; d or Delete deletes it (the page's actions)."""
    return [
        Binding(
            "enter",
            "screen.edit_row",
            "page.key.edit_row",
            tooltip="page.key.edit_row.help",
            id="page-edit-row",
        ),
        Binding(
            "d,delete",
            f"screen.delete_{kind}",
            "page.key.delete",
            tooltip=help_key,
            id=f"page-delete-{kind}",
        ),
    ]


class PurchasesTable(RecordTable):
    """A customer's purchases, newest first; Enter edits the highlighted one, d or Delete
    removes it (undo with u)."""

    TABLE = "purchases"
    COLUMNS = (
        ("field.date", 10, "left"),
        ("field.items", FLEXIBLE, "left"),
        ("field.quantity", 4, "right"),
        ("field.amount", 13, "right"),
        ("field.refunded", 11, "right"),
        ("field.channel", 6, "left"),
        ("field.note", FLEXIBLE, "left"),
    )
    BINDINGS = _edit_and_delete("purchase", "page.key.delete.help")

    def texts(self, record: Any) -> Sequence[str]:
        purchase: Purchase = record
        none = label("page.badge.none")
        return (
            purchase.date.isoformat(),
            purchase.items,
            f"{purchase.quantity:,}",
            money_to_the_cent(purchase.amount),
            money_to_the_cent(purchase.refunded) if purchase.refunded else none,
            purchase.channel.label() if purchase.channel else none,
            shown_private(purchase.note),
        )


class ContactsTable(RecordTable):
    """A customer's contacts, newest first; Enter edits the highlighted one, d or Delete
    removes it (undo with u)."""

    TABLE = "interactions"
    COLUMNS = (
        ("field.at", 16, "left"),
        ("field.kind", 6, "left"),
        ("field.outcome", 12, "left"),
        ("field.note", FLEXIBLE, "left"),
    )
    BINDINGS = _edit_and_delete("contact", "page.key.delete_contact.help")

    def texts(self, record: Any) -> Sequence[str]:
        contact: Interaction = record
        none = label("page.badge.none")
        return (
            f"{contact.at:%Y-%m-%d %H:%M}",
            contact.kind.label(),
            contact.outcome.label() if contact.outcome else none,
            shown_private(contact.note),
        )


class RemindersTable(RecordTable):
    """A customer's reminders by due day; x (or space) marks the highlighted one done or
    open again."""

    TABLE = "reminders"
    COLUMNS = (
        ("field.due", 10, "left"),
        ("field.note", FLEXIBLE, "left"),
        ("page.col.done", 4, "left"),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "x,space",
            "screen.toggle_reminder",
            "common.done",
            tooltip="page.key.done.help",
            id="page-reminder-done",
        ),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.today: date | None = None  # the book's day: reminders due before it are overdue

    def texts(self, record: Any) -> Sequence[str]:
        reminder: Reminder = record
        return (
            reminder.due.isoformat(),
            shown_private(reminder.note),
            "✓" if reminder.done else "",
        )

    def row_style(self, record: Any) -> Style:
        reminder: Reminder = record
        if reminder.done:
            return self._style("muted")
        if self.today is not None and reminder.due < self.today:
            return self._style("overdue")
        if self.today is not None and reminder.due == self.today:
            return self._style("due-today")
        return Style()
