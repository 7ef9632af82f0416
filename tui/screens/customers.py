"""The home screen: every customer, searched as you type, filtered, sorted, a window at a time.

The list itself is tui/widgets/customer_table.py; this screen holds the query (search,
filters, sort, archived or not), the summary line and the keys, and opens customers. It
also holds the seller's saved views (a strip under the summary, with live counts: v picks
one, V saves the list as one) and the bulk changes to the marked customers (b; u undoes
the last one, or the last view deleted).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker

if TYPE_CHECKING:
    from xiaoben.store.exporting.formats import Exported, ExportRequest

from xiaoben.models.enums import ValueTier
from xiaoben.models.errors import BookError
from xiaoben.models.fields import FieldDef
from xiaoben.models.i18n import t
from xiaoben.models.views import SavedView
from xiaoben.store.bulk import BulkDone, BulkUndone
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.list_reader import ListReader, ReadInterrupted
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import tell_failure, worker_error
from xiaoben.tui.focus_kept import KeptFocus, kept_focus, resume_focus
from xiaoben.tui.i18n import label, saying, translate_bindings
from xiaoben.tui.messages import BookChanged, NewCustomer
from xiaoben.tui.presenting import presenting, shown_private
from xiaoben.tui.screens.follows import in_sight, standing
from xiaoben.tui.widgets.bulk_modal import BulkChoice, BulkModal, undone_text
from xiaoben.tui.widgets.customer_table import COLUMN_KEYS, CustomerTable, column_title
from xiaoben.tui.widgets.inputs import KeysOneAtATime, TextBox
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.list_filters import FilterModal, Filters
from xiaoben.tui.widgets.view_modals import (
    GONE,
    ColumnsModal,
    ViewNameModal,
    ViewPick,
    ViewsModal,
    count_text,
)

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


@dataclass
class ViewsCounted(Message):
    """The saved views and how many customers each lists now (by view id)."""

    views: list[SavedView]
    counts: dict[int, int]


@dataclass
class GroupChanged(Message):
    """A bulk change, its undo, or a view saved or deleted: what to tell the seller, and
    the deleted view `u` brings back next (None: `u` undoes the book's last bulk change)."""

    text: str
    undo: SavedView | None
    clear_marks: bool = False


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
        Binding("v", "views", "list.key.views", tooltip="list.cmd.views", id="list.views"),
        Binding(
            "V",
            "save_view",
            "list.key.save_view",
            tooltip="list.cmd.save_view",
            id="list.save_view",
            show=False,
        ),
        Binding(
            "c",
            "columns",
            "list.key.columns",
            tooltip="list.cmd.columns",
            id="list.columns",
            show=False,
        ),
        Binding("b", "bulk", "list.key.bulk", tooltip="list.cmd.bulk", id="list.bulk", show=False),
        Binding("u", "undo", "common.undo", tooltip="list.cmd.undo", id="list.undo", show=False),
        Binding("down", "focus_table", show=False),
    ]

    def __init__(
        self,
        query: ListQuery | None = None,
        filters: Filters | None = None,
        cursor_on: int | None = None,
        focus: KeptFocus | None = None,
        view_back: SavedView | None = None,
    ) -> None:
        super().__init__()
        self._focus = focus  # where the focus was on the screen this one rebuilds
        self.filters = filters or Filters()
        self.list_query = query or ListQuery()  # the filters are applied when mounted
        self._cursor_on = cursor_on  # the customer to highlight when first shown
        self._search_timer: Timer | None = None
        self._refresh_timer: Timer | None = None
        self._stale = False  # the book changed while another screen was on top
        self._count: int | None = None
        self._follow_ups: int | None = None  # due today, overdue included
        self.saved_views: list[SavedView] = []
        self.view_counts: dict[int, int] = {}
        self.current_view: SavedView | None = None  # the view applied, until the list changes
        self._view_query: ListQuery | None = None  # that view's query when applied
        self._marked = 0
        # The views' counts read on a connection of their own: the list's reads interrupt
        # each other as the seller types, and must not interrupt (or wait for) these.
        self._views_reader: ListReader | None = None
        # The view deleted last, while that is the last thing done here: `u` brings it back.
        # Otherwise `u` undoes the book's last bulk change (the book keeps them, not this
        # screen: a restart or a language switch loses none).
        self._undo = view_back
        # What a running bulk change or export is writing, in words, for a seller who quits
        # meanwhile (writing_now); set and cleared by the worker.
        self._writing: str | None = None
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
            masked=presenting(),  # F12 rebuilds the screen: shown again when it is off
        )
        yield Static(id="list-summary")
        yield Static(id="list-views")
        yield CustomerTable(id="list-table")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = label("key.customers")
        self.list_query = self.filters.applied_to(self.list_query, self.book.today())
        self._set_labels()
        self.table.show(self.list_query, keep=self._cursor_on)
        if not resume_focus(self, self._focus):  # a search typed on after F6 goes on
            self.table.focus()
        self._show_summary()
        self.call_after_refresh(self._count_follow_ups)  # after the list's first paint
        self._views_reader = self.book.list_reader(plan=self.book)
        self.call_after_refresh(self._count_views)
        self._show_views()

    def on_unmount(self) -> None:
        if self._views_reader is not None:
            self._views_reader.close()
            # (a count asked for after the first paint may come after this: Textual runs
            # call_after_refresh's callback on the screen on top then, a rebuilt list's)
            self._views_reader = None

    def rebuild(self) -> CustomersScreen:
        """The same list in a fresh screen (after the language changed); one pushed and not
        composed yet (opened in the same turn as the switch) as it was asked for."""
        tables, boxes = self.query(CustomerTable), self.query("#list-search").results(Input)
        entry = tables.first().highlighted if tables else None
        box = next(boxes, None)
        search = box.value if box is not None else self.list_query.search
        return CustomersScreen(
            replace(self.list_query, search=search),
            self.filters,
            entry.row.id if entry else None if tables else self._cursor_on,
            kept_focus(self),
            self._undo,
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
            ("list.cmd.columns", "columns"),
            ("list.cmd.views", "views"),
            ("list.cmd.save_view", "save_view"),
            ("list.cmd.mark_all", "mark_all"),
            ("list.cmd.bulk", "bulk"),
            ("list.cmd.undo", "undo"),
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
        if not standing(self):  # closed or rebuilt since the typing (F6: the new one searches)
            return
        text = self.search_box.value
        if text != self.list_query.search:
            self._show(replace(self.list_query, search=text))

    @on(Input.Submitted, "#list-search")
    def _search_submitted(self) -> None:
        """Enter in the search box opens the best match (the first row)."""
        self._search_now()
        self.table.focus()
        self.table.open_first_when_ready()

    @on(CustomerTable.NoneToOpen)
    def _none_to_open(self, event: CustomerTable.NoneToOpen) -> None:
        """Enter on a search that found no one opens nothing and says so. Keys typed after
        the Enter, for the customer page it would have opened (`p66⏎`), are not handed to
        the list: they are dropped, and counted in the notice."""
        app = self.app
        dropped = app.drop_typed_ahead() if isinstance(app, KeysOneAtATime) else 0
        told = t("list.none_to_open_keys", count=dropped) if dropped else None
        self.notify(told or label("list.none_to_open"), severity="warning", markup=False)

    def busy(self) -> bool:
        """Keys wait (tui/widgets/inputs.py) until the list shows what they act on: a search
        typed, or a filter or sort chosen, has its customers in (`*` marked the list before
        the search, Enter opened the customer highlighted before it), and a `*` has marked
        them (`b` typed after it said "mark customers first"). Keys typed into the search
        box go on with the search meanwhile."""
        focused = self.focused  # not self.search_box: a query that may find none (not composed)
        if isinstance(focused, Input) and focused.id == "list-search":
            return False
        tables = self.query(CustomerTable)
        if not tables:
            return True  # not composed yet: keys wait for the list
        table = tables.first()
        return self._search_timer is not None or table.reading or table.marking

    # ---- keys ----------------------------------------------------------------------

    def action_open(self) -> None:
        self.table.action_open()

    def action_new_customer(self) -> None:
        self.app.post_message(NewCustomer())

    def action_focus_search(self) -> None:
        """`/`: a new search. The last one's text, still in the box (back from a customer's
        page), is selected: what is typed replaces it (→ or End keeps it to type on)."""
        box = self.search_box
        if isinstance(box, TextBox):
            box.focus_selected()
        else:
            box.focus()

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
        another screen (the overview) goes back to it. Marked customers are unmarked first."""
        if self._marked:
            self.table.set_marks([])
            return
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
        custom = self.book.fields()
        self.app.call_from_thread(self._push_filters, tags, regions, custom)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event, "list-filters", "list-follow-ups", "list-views", "list-group")
        if error is None:
            return
        group = event.worker.group
        if group == "list-group":
            tell_failure(self, error)  # a view or a bulk change refused: the book's words
        elif group == "list-follow-ups":
            tell_failure(self, error, "queue.failed")
        else:
            tell_failure(self, error, "list.read_error")

    def _push_filters(
        self, tags: list[str], regions: list[str], custom: list[FieldDef] | None = None
    ) -> None:
        modal = FilterModal(self.filters, tags, regions, self.table.tier_names, custom)
        self.app.push_screen(modal, self._filters_chosen)

    def _filters_chosen(self, filters: Filters | None) -> None:
        if filters is None:
            return
        self.filters = filters
        self._show(filters.applied_to(self.list_query, self.book.today()))

    # ---- what the list says --------------------------------------------------------

    @on(CustomerTable.Counted)
    def _counted(self, event: CustomerTable.Counted) -> None:
        self._count = event.count
        self._show_summary()

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-follow-ups")
    def _count_follow_ups(self) -> None:
        # The plan the list's follow-up column reads: one computation per change of the book.
        self.post_message(FollowUpsCounted(self.book.next_planned().planned_today))

    @on(FollowUpsCounted)
    def _follow_ups_counted(self, message: FollowUpsCounted) -> None:
        self._follow_ups = message.count
        self._show_summary()

    def _show_summary(self) -> None:
        query = self.table.query_shown
        parts = [_count_text(self._count, query.archived)]
        view = self.current_view if query == self._view_query else None
        if view is not None:
            parts.append(t("list.active_view", name=view.name))
        if self._marked:
            parts.append(t("list.marked", count=f"{self._marked:,}"))
        if query.ids is not None:  # before the rest: it is what this list is
            parts.append(query.ids_label or t("list.active_ids", count=f"{len(query.ids):,}"))
        if self._follow_ups is not None:
            parts.append(_follow_ups_text(self._follow_ups))
        if query.search.strip():
            parts.append(t("list.active_search", text=shown_private(query.search.strip())))
        for name, value in self.filters.described(self.table.tier_names):
            parts.append(t("list.active_filter", name=name, value=value))
        column = column_title(query.sort)
        parts.append(t("list.sorted_by", column=column, arrow="↓" if query.descending else "↑"))
        summary = Text(parts[0], style="bold")
        for part in parts[1:]:
            summary.append("  ·  ", style="dim")
            summary.append(part)
        if self.book.updating_tiers:  # a new day's pass: the list refreshes when it ends
            summary.append("  ·  ", style="dim")
            summary.append(t("list.updating_tiers"), style="italic")
        self.query_one("#list-summary", Static).update(summary)

    # ---- the book changed ------------------------------------------------------------

    def on_book_changed(self, message: BookChanged) -> None:
        if not in_sight(self):
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
        if not standing(self):  # closed or rebuilt since the book changed
            return
        entry = self.table.highlighted
        self._set_labels()
        self.table.show(self.list_query, keep=entry.row.id if entry else None, refresh=True)
        self._count_follow_ups()
        self._count_views()

    # ---- saved views ----------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-views")
    def _count_views(self) -> None:
        views = self.book.views()
        counts: dict[int, int] = {}
        reader = self._views_reader
        if reader is None:
            return
        for view in views:
            try:
                counts[view.id or 0] = reader.count(self.book.view_query(view))
            except ReadInterrupted:
                return
            except BookError:  # filters by a removed field: said when it is opened
                counts[view.id or 0] = GONE
        self.post_message(ViewsCounted(views, counts))

    @on(ViewsCounted)
    def _views_counted(self, message: ViewsCounted) -> None:
        self.saved_views = message.views
        self.view_counts = message.counts
        self._show_views()

    def _show_views(self) -> None:
        strip = Text(label("list.views") + " ", style="bold")
        if not self.saved_views:
            strip.append(label("list.views_none"), style="dim")
        for k, view in enumerate(self.saved_views):
            if k:
                strip.append("  ·  ", style="dim")
            strip.append(view.name, style="bold" if view == self.current_view else "")
            found = self.view_counts.get(view.id or 0)
            strip.append(" " + count_text(found), style="dim")
        self.query_one("#list-views", Static).update(strip)

    def action_views(self) -> None:
        modal = ViewsModal(self.saved_views, self.view_counts)
        self.app.push_screen(modal, self._view_picked)

    def _view_picked(self, pick: ViewPick | None) -> None:
        if pick is None:
            return
        if pick.what == "apply":
            self.apply_view(pick.view)
        elif pick.what == "rename":
            taken = self._names_taken(pick.view)
            modal = ViewNameModal("views.rename_title", pick.view.name, taken)
            self.app.push_screen(modal, partial(self._rename, pick.view))
        else:
            self._delete_view(pick.view)

    def _names_taken(self, own: SavedView | None = None) -> frozenset[str]:
        return frozenset(v.name.casefold() for v in self.saved_views if v != own)

    def action_apply_view(self, view_id: int) -> None:
        """The palette's "view: …" (the views known when it was opened)."""
        for view in self.saved_views:
            if view.id == view_id:
                self.apply_view(view)
                return

    def apply_view(self, view: SavedView) -> None:
        """Show the list as the view says: filters, search, sort and columns (a view of a
        removed custom field is refused in the book's words, never shown without it)."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        self._open_view(view)

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-group")
    def _open_view(self, view: SavedView) -> None:
        query = self.book.view_query(view)
        custom = self.book.fields()
        self.app.call_from_thread(self._show_view, view, query, custom)

    def _show_view(self, view: SavedView, query: ListQuery, custom: list[FieldDef]) -> None:
        self.filters = Filters.of_view(view.filters, custom)
        self.search_box.value = view.search
        self.current_view, self._view_query = view, query
        self.table.show_columns(view.columns)
        self._show(query)
        self._show_views()
        self.table.focus()

    def action_columns(self) -> None:
        columns = [(key, column_title(key)) for key in COLUMN_KEYS]
        modal = ColumnsModal(columns, self.table.shown_keys)
        self.app.push_screen(modal, self._columns_chosen)

    def _columns_chosen(self, keys: tuple[str, ...] | None) -> None:
        if keys is not None:
            self.table.show_columns(keys)

    def action_save_view(self) -> None:
        start = self.current_view.name if self.current_view else ""
        modal = ViewNameModal("views.save_title", start, self._names_taken(self.current_view))
        self.app.push_screen(modal, self._save_view_named)

    def _save_view_named(self, name: str | None) -> None:
        if name is None:
            return
        query = self.list_query
        same = self.current_view if self.current_view and self.current_view.name == name else None
        view = SavedView(
            id=same.id if same else None,
            name=name,
            filters=self.filters.saved(),
            search=self.search_box.value.strip(),
            sort=query.sort,
            descending=query.descending,
            columns=list(self.table.column_keys or ()),  # none chosen: the list's own
            archived=query.archived,
        )
        self._write_view(view)

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-group")
    def _write_view(self, view: SavedView) -> None:
        saved = self.book.save_view(view)
        self.app.call_from_thread(self._view_saved, saved)

    def _view_saved(self, saved: SavedView) -> None:
        self.current_view, self._view_query = saved, self.book.view_query(saved)
        self.notify(saying("list.view_saved", name=saved.name), markup=False)
        self._show_summary()
        self._count_views()

    def _rename(self, view: SavedView, name: str | None) -> None:
        if name is not None:
            self._renamed(view, name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-group")
    def _renamed(self, view: SavedView, name: str) -> None:
        assert view.id is not None  # a saved view
        saved = self.book.rename_view(view.id, name)
        text = t("list.view_renamed", old=view.name, name=saved.name)
        self.post_message(GroupChanged(text, self._undo))

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-group")
    def _delete_view(self, view: SavedView) -> None:
        assert view.id is not None  # a saved view
        deleted = self.book.delete_view(view.id)
        self.post_message(GroupChanged(t("list.view_deleted", name=view.name), deleted))

    # ---- bulk changes -------------------------------------------------------------

    @on(CustomerTable.MarksChanged)
    def _marks_changed(self, event: CustomerTable.MarksChanged) -> None:
        self._marked = event.count
        self._show_summary()

    def action_mark_all(self) -> None:
        self.table.action_mark_all()

    def action_bulk(self) -> None:
        marks = self.table.marks
        if not len(marks):
            self.notify(saying("list.mark_first"), markup=False)
            return
        modal = BulkModal(marks.copy(), Path.home(), self.book.today().isoformat())
        self.app.push_screen(modal, self._bulk_chosen)

    def _bulk_chosen(self, choice: BulkChoice | None) -> None:
        if choice is not None:
            self._run_bulk(choice)

    def writing_now(self) -> str | None:
        """While a bulk change or an export of the marked customers runs: what to tell a
        seller who quits meanwhile (the app stays until it is written, then says so)."""
        return self._writing

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-group")
    def _run_bulk(self, choice: BulkChoice) -> None:
        if choice.export_to is not None:
            self._writing = t("list.still_exporting", path=str(choice.export_to))
        else:
            self._writing = t("list.still_changing")
        try:
            self._bulk_now(choice)
        finally:
            self._writing = None

    def _bulk_now(self, choice: BulkChoice) -> None:
        if choice.action is None:
            assert choice.export_to is not None and choice.export is not None
            written = self._export(choice.export_to, choice.export)
            count = written.rows.get("customers", 0)
            text = t("list.exported", count=f"{count:,}", path=str(written.path))
            self.post_message(GroupChanged(text, self._undo))
            return
        done: BulkDone = self.book.bulk_change(choice.ids, choice.action)
        text = t("list.bulk_done", summary=choice.summary.split("\n")[0], count=done.changed)
        self.post_message(GroupChanged(text, None, clear_marks=True))

    def _export(self, target: Path, request: ExportRequest) -> Exported:
        """The export as previewed. A file that appeared at `target` since the preview is
        kept, and said so in the app's words (the book's would ask for --force)."""
        try:
            return self.book.export_as(target, request)
        except BookError as error:
            if error.key != "store.export_exists":
                raise
            raise BookError("list.export_appeared", path=str(target)) from None

    def action_undo(self) -> None:
        self._run_undo(self._undo)

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-group")
    def _run_undo(self, view: SavedView | None) -> None:
        if view is not None:
            saved = self.book.save_view(view)
            self.post_message(GroupChanged(t("list.view_back", name=saved.name), None))
            return
        undone: BulkUndone | None = self.book.undo_last_bulk()
        if undone is None:
            self.post_message(GroupChanged(label("list.nothing_to_undo"), None))
            return
        key = _UNDONE_KEPT.get(undone.records or "", "list.bulk_undone_kept")
        if not undone.kept:
            key = "list.bulk_undone"
        what = label("list.bulk_change")  # kept by a version that said changes otherwise
        if undone.action is not None:
            what = undone_text(undone.action, undone.customers)
        text = t(key, what=what, count=f"{undone.restored:,}", kept=f"{undone.kept:,}")
        self.post_message(GroupChanged(text, None))

    @on(GroupChanged)
    def _group_changed(self, message: GroupChanged) -> None:
        self._undo = message.undo
        if message.clear_marks:
            self.table.set_marks([])
        self.notify(message.text, markup=False, timeout=8)
        self._count_views()


# What a bulk undo that left records changed since says, by the records' table.
_UNDONE_KEPT = {
    "interactions": "list.bulk_undone_kept_interactions",
    "reminders": "list.bulk_undone_kept_reminders",
}


def _count_text(count: int | None, archived: bool) -> str:
    if count is None:
        return t("list.counting")
    if archived:
        return t("list.count_archived", count=f"{count:,}")
    return t("list.count", count=f"{count:,}")


def _follow_ups_text(count: int) -> str:
    if count == 0:
        return t("list.follow_ups_none")
    return t("list.follow_ups", count=f"{count:,}")
