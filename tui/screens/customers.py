"""The home screen: every customer, searched as you type, filtered, sorted, a window at a time.

The list itself is tui/widgets/customer_table.py; this screen holds the query (search,
filters, sort, archived or not), the summary line and the keys, and opens customers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import Worker

from xiaoben.models.enums import ValueTier
from xiaoben.models.i18n import t
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.list_reader import ReadInterrupted
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import tell_failure, worker_error
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.messages import BookChanged, NewCustomer
from xiaoben.tui.widgets.customer_table import CustomerTable, column_title
from xiaoben.tui.widgets.inputs import TextBox
from xiaoben.tui.widgets.list_filters import FilterModal, Filters

DEBOUNCE_SECONDS = 0.1  # typing pauses this long before the list follows

# `s` walks the sortable columns in display order, each in its natural direction.
SORT_CYCLE: tuple[tuple[str, bool], ...] = (
    ("name", False),
    ("value_tier", False),
    ("stage", False),
    ("rfm_segment", False),
    ("score", True),
    ("revenue", True),
    ("last_purchase", True),
    ("last_contact", True),
    ("follow_up", False),  # the soonest planned first
    ("p_alive", False),  # the purchase model's: the least likely still buying first
    ("clv", True),
)
NATURAL_DESCENDING = dict(SORT_CYCLE)


@dataclass
class FollowUpsCounted(Message):
    """How many items today's plan holds (at most the capacity, plus items bound to today)."""

    count: int


class CustomersScreen(ReachesTheBook, Screen[None]):
    CSS_PATH = "customers.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_customer", "list.key.new", tooltip="cmd.new_customer", id="list.new"),
        Binding(
            "slash", "focus_search", "list.key.search", tooltip="list.cmd.search", id="list.search"
        ),
        Binding("f", "filter", "list.key.filter", tooltip="list.cmd.filter", id="list.filter"),
        Binding("s", "sort_next", "list.key.sort", tooltip="list.cmd.sort", id="list.sort"),
        Binding(
            "S",
            "sort_reverse",
            "list.key.reverse",
            tooltip="list.cmd.reverse",
            id="list.reverse",
            show=False,
        ),
        Binding("escape", "clear", "common.clear", tooltip="list.cmd.clear", id="list.clear"),
        Binding(
            "a",
            "toggle_archived",
            "list.key.archived",
            tooltip="list.cmd.archived",
            id="list.archived",
            show=False,
        ),
        Binding(
            "D",
            "app.show_duplicates",
            "list.key.duplicates",
            tooltip="cmd.duplicates.help",
            id="list.duplicates",
            show=False,
        ),
        Binding("down", "focus_table", show=False),
    ]

    def __init__(
        self,
        query: ListQuery | None = None,
        filters: Filters | None = None,
        cursor_on: int | None = None,
    ) -> None:
        super().__init__()
        self.filters = filters or Filters()
        self.list_query = self.filters.applied_to(query or ListQuery())
        self._cursor_on = cursor_on  # the customer to highlight when first shown
        self._search_timer: Timer | None = None
        self._refresh_timer: Timer | None = None
        self._stale = False  # the book changed while another screen was on top
        self._count: int | None = None
        self._follow_ups: int | None = None  # due today, overdue included
        translate_bindings(self)

    @property
    def table(self) -> CustomerTable:
        return self.query_one(CustomerTable)

    @property
    def search_box(self) -> Input:
        return self.query_one("#list-search", Input)

    def compose(self) -> ComposeResult:
        yield TextBox(
            value=self.list_query.search,
            placeholder=label("list.search_placeholder"),
            id="list-search",
            select_on_focus=False,
        )
        yield Static(id="list-summary")
        yield CustomerTable(id="list-table")
        yield Footer()

    def on_mount(self) -> None:
        self.title = label("key.customers")
        self._set_labels()
        self.table.show(self.list_query, keep=self._cursor_on)
        self.table.focus()
        self._show_summary()
        self.call_after_refresh(self._count_follow_ups)  # after the list's first paint

    def rebuild(self) -> CustomersScreen:
        """The same list in a fresh screen (after the language changed)."""
        entry = self.table.highlighted
        return CustomersScreen(
            replace(self.list_query, search=self.search_box.value),
            self.filters,
            entry.row.id if entry else None,
        )

    def palette_commands(self) -> list[tuple[str, str]]:
        return [
            ("common.cmd.open", "open"),
            ("cmd.new_customer", "new_customer"),
            ("list.cmd.search", "focus_search"),
            ("list.cmd.filter", "filter"),
            ("list.cmd.sort", "sort_next"),
            ("list.cmd.reverse", "sort_reverse"),
            ("list.cmd.clear", "clear"),
            ("list.cmd.archived", "toggle_archived"),
        ]

    # ---- the query ----------------------------------------------------------------

    def _show(self, query: ListQuery) -> None:
        self.list_query = query
        self._set_labels()
        self.table.show(query)
        self._show_summary()

    def _set_labels(self) -> None:
        book = self.book
        rules = book.rules()
        self.table.set_labels(
            book.today(), {tier.value: rules.tier_name(tier) for tier in ValueTier}
        )

    @on(Input.Changed, "#list-search")
    def _typed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(DEBOUNCE_SECONDS, self._search_now)

    def _search_now(self) -> None:
        self._search_timer = None
        text = self.search_box.value
        if text != self.list_query.search:
            self._show(replace(self.list_query, search=text))

    @on(Input.Submitted, "#list-search")
    def _search_submitted(self) -> None:
        """Enter in the search box opens the best match (the first row)."""
        self._search_now()
        self.table.focus()
        self.table.open_first_when_ready()

    # ---- keys ----------------------------------------------------------------------

    def action_open(self) -> None:
        self.table.action_open()

    def action_new_customer(self) -> None:
        self.app.post_message(NewCustomer())

    def action_focus_search(self) -> None:
        self.search_box.focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_sort_next(self) -> None:
        keys = [key for key, _ in SORT_CYCLE]
        current = self.list_query.sort
        following = keys[(keys.index(current) + 1) % len(keys)] if current in keys else keys[0]
        self._sort_by(following)

    def action_sort_reverse(self) -> None:
        self._show(replace(self.list_query, descending=not self.list_query.descending))

    def _sort_by(self, column: str) -> None:
        self._show(replace(self.list_query, sort=column, descending=NATURAL_DESCENDING[column]))

    @on(CustomerTable.HeaderClicked)
    def _header_clicked(self, event: CustomerTable.HeaderClicked) -> None:
        if event.column == self.list_query.sort:
            self.action_sort_reverse()
        elif event.column in NATURAL_DESCENDING:
            self._sort_by(event.column)

    def action_clear(self) -> None:
        """Esc: clear the search and the filters (and leave the archived view, and the
        customers behind an overview bar); with nothing to clear, a list opened from
        another screen (the overview) goes back to it."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        self.search_box.value = ""
        self.filters = Filters()
        cleared = ListQuery(sort=self.list_query.sort, descending=self.list_query.descending)
        if cleared != self.list_query:
            self._show(cleared)
        elif self.app.screen_stack.index(self) > 1:
            self.app.pop_screen()
            return
        self.table.focus()

    def action_toggle_archived(self) -> None:
        self._show(replace(self.list_query, archived=not self.list_query.archived))

    def action_filter(self) -> None:
        self._open_filters()

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-filters")
    def _open_filters(self) -> None:
        try:
            tags, regions = self.table.reader.filter_choices()
        except ReadInterrupted:
            return
        self.app.call_from_thread(self._push_filters, tags, regions)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event, "list-filters", "list-follow-ups")
        if error is not None:
            reading = event.worker.group == "list-filters"
            tell_failure(self, error, "list.read_error" if reading else "queue.failed")

    def _push_filters(self, tags: list[str], regions: list[str]) -> None:
        modal = FilterModal(self.filters, tags, regions, self.table.tier_names)
        self.app.push_screen(modal, self._filters_chosen)

    def _filters_chosen(self, filters: Filters | None) -> None:
        if filters is None:
            return
        self.filters = filters
        self._show(filters.applied_to(self.list_query))

    # ---- what the list says --------------------------------------------------------

    @on(CustomerTable.Counted)
    def _counted(self, event: CustomerTable.Counted) -> None:
        self._count = event.count
        self._show_summary()

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-follow-ups")
    def _count_follow_ups(self) -> None:
        self.post_message(FollowUpsCounted(self.book.queue(days=0).plan_count()))

    @on(FollowUpsCounted)
    def _follow_ups_counted(self, message: FollowUpsCounted) -> None:
        self._follow_ups = message.count
        self._show_summary()

    def _show_summary(self) -> None:
        query = self.table.query_shown
        parts = [_count_text(self._count, query.archived)]
        if query.ids is not None:  # before the rest: it is what this list is
            parts.append(query.ids_label or t("list.active_ids", count=f"{len(query.ids):,}"))
        if self._follow_ups is not None:
            parts.append(_follow_ups_text(self._follow_ups))
        if query.search.strip():
            parts.append(t("list.active_search", text=query.search.strip()))
        for name, value in self.filters.described(self.table.tier_names):
            parts.append(t("list.active_filter", name=name, value=value))
        column = column_title(query.sort)
        parts.append(t("list.sorted_by", column=column, arrow="↓" if query.descending else "↑"))
        summary = Text(parts[0], style="bold")
        for part in parts[1:]:
            summary.append("  ·  ", style="dim")
            summary.append(part)
        self.query_one("#list-summary", Static).update(summary)

    # ---- the book changed ------------------------------------------------------------

    def on_book_changed(self, message: BookChanged) -> None:
        if not self.is_current:
            self._stale = True
            return
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh_timer = self.set_timer(DEBOUNCE_SECONDS, self._refresh)

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self._refresh()

    def _refresh(self) -> None:
        self._refresh_timer = None
        entry = self.table.highlighted
        self._set_labels()
        self.table.show(self.list_query, keep=entry.row.id if entry else None, refresh=True)
        self._count_follow_ups()


def _count_text(count: int | None, archived: bool) -> str:
    if count is None:
        return t("list.counting")
    if archived:
        return t("list.count_archived", count=f"{count:,}")
    if count == 1:
        return t("list.count_one")
    return t("list.count", count=f"{count:,}")


def _follow_ups_text(count: int) -> str:
    if count == 0:
        return t("list.follow_ups_none")
    return t("list.follow_ups", count=f"{count:,}")
