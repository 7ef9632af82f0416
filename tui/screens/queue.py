"""The follow-up queue: whom to contact today and in the next days, and why.

The list is tui/widgets/queue_table.py; this screen holds the counts, the highlighted
item's full words, and the keys that handle items (done, snooze, skip, undo). Every book
call runs in a thread worker; the queue is regenerated after each change, here or anywhere
(BookChanged), and the cursor stays on its item — or, when the item was just handled, at
its place, so the next one slides under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, get_current_worker

from xiaoben.models.enums import QueueAction, ValueTier
from xiaoben.models.errors import BookError
from xiaoben.models.followup import FollowUp, parse_item_key
from xiaoben.models.i18n import Lang, current_language, t
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import tell_failure, worker_error
from xiaoben.tui.formatting import when_due
from xiaoben.tui.i18n import label, saying, translate_bindings
from xiaoben.tui.presenting import (
    Named,
    customer_label,
    item_customer,
    presented_follow_ups,
    shown_name,
)
from xiaoben.tui.screens.follows import FollowsTheBook, in_sight
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.queue_modals import DoneModal, SnoozeModal
from xiaoben.tui.widgets.queue_plan import STRIP_DAYS, QueueFigures, plan_view, strip_days
from xiaoben.tui.widgets.queue_table import PAGE, QueueTable
from xiaoben.tui.widgets.wrapped import WrappedText

if TYPE_CHECKING:
    from xiaoben.store.queue_verbs import StepUndone
    from xiaoben.tiering.followup import Queue


def strip_text(as_of: date, figures: QueueFigures) -> Text:
    """Two lines: the next days (day of the month) over the items planned on each; a day
    at capacity stands out, an empty one fades."""
    titles = (t("queue.plan.strip", days=STRIP_DAYS), t("queue.plan.strip_counts"))
    width = max(cell_len(title) for title in titles) + 1
    days, counts = Text(style="dim"), Text()
    days.append(titles[0] + " " * (width - cell_len(titles[0])))
    counts.append(titles[1] + " " * (width - cell_len(titles[1])), style="dim")
    for day, count in zip(strip_days(as_of), figures.strip, strict=True):
        days.append(f"{day.day:>4}")
        full = figures.capacity and count >= figures.capacity
        counts.append(f"{count:>4}", style="bold" if full else ("dim" if not count else ""))
    return Text("\n").join([days, counts])


@dataclass
class QueueLoaded(Message):
    generation: int
    queue: Queue
    figures: QueueFigures
    pages: dict[int, list[FollowUp]]
    cursor: int
    tier_names: dict[str, str]
    undoable: bool  # a step of today's queue to take back (book.last_step_today)
    marker: int  # the book's plan marker the queue was read at (store/plan_cache.py)


@dataclass
class MarkerRead(Message):
    """The book's plan marker now: another process (a second window, the command line)
    may have moved it."""

    marker: int


@dataclass
class Handled(Message):
    """An item was done, snoozed or skipped (its undo: the book's last step of today)."""

    item: FollowUp
    notice: str


@dataclass
class Greeted(Message):
    """Today's holiday greetings were done at once (the notice says how many)."""

    notice: str


@dataclass
class Reopened(Message):
    """Today's last step was taken back (None: there was none)."""

    key: str | None = None
    name: str = ""
    undone: StepUndone | None = None  # the state it is back in, and a contact kept


@dataclass
class _Target:
    """Where the cursor goes when the next queue arrives: onto an item, or to a place."""

    key: str | None = None
    position: int | None = None


class QueueScreen(ReachesTheBook, FollowsTheBook):
    CSS_PATH = "queue.tcss"
    # How often the screen in sight looks whether another process changed the book: one
    # meta row read; the queue is read again only when the plan's marker moved.
    LOOK_SECONDS = 2.0

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "done", "common.done", tooltip="queue.cmd.done", id="queue.done"),
        Binding(
            "D",
            "done_now",
            "queue.key.done_now",
            tooltip="queue.cmd.done_now",
            id="queue.done_now",
            show=False,
        ),
        Binding(
            "g",
            "greetings_done",
            "queue.key.greetings",
            tooltip="queue.cmd.greetings",
            id="queue.greetings",
        ),
        Binding("s", "snooze", "queue.key.snooze", tooltip="queue.cmd.snooze", id="queue.snooze"),
        Binding("x", "skip", "queue.key.skip", tooltip="queue.cmd.skip", id="queue.skip"),
        Binding("c", "copy", "queue.key.copy", tooltip="queue.cmd.copy", id="queue.copy"),
        # One key, two labels: the footer says what `a` does next.
        Binding("a", "show_all", "queue.key.all", tooltip="queue.cmd.all", id="queue.all"),
        Binding("a", "show_plan", "queue.key.plan", tooltip="queue.cmd.plan", id="queue.plan_only"),
        # The footer shows `u` while today has a step to take back; pressed without one it
        # says so (the book is asked either way: another window may have taken one).
        Binding("u", "undo", "common.undo", tooltip="queue.cmd.undo", id="queue.undo"),
        Binding("u", "undo_none", show=False),
        Binding("enter", "open", "common.open", tooltip="common.cmd.open", id="queue.open"),
        Binding(
            "t",
            "other_section",
            "queue.key.section",
            tooltip="queue.cmd.section",
            id="queue.section",
        ),
        Binding("tab,shift+tab", "other_section", show=False),
        Binding("escape", "back", "common.back", tooltip="common.back", id="queue.back"),
    ]

    def __init__(self, keep: str | None = None, show_all: bool = False) -> None:
        super().__init__()
        self.queue: Queue | None = None
        self.figures: QueueFigures | None = None
        self.show_all = show_all  # every planned day, not only the next DAYS_SHOWN
        # Undo is the book's (its last step of today), not this screen's: it survives
        # other screens, a restart, and reaches another window's steps.
        self.undoable = False
        self._marker: int | None = None  # the plan marker of the queue shown
        self.tier_names: dict[str, str] = {}
        self.lang: Lang = current_language()
        self._target = _Target(key=keep)
        self._generation = 0
        self._busy = False  # an item is being handled: keys wait for the new queue (busy())
        self._handling: Named | None = None  # whose item was handled last
        # A write (done, snooze, skip, undo) under way: no queue read before it ends is
        # shown, so a key is never handed an item that write is handling.
        self._writing = False
        self._day_asked: date | None = None  # the new day whose queue was asked for
        translate_bindings(self)

    @property
    def table(self) -> QueueTable:
        return self.query_one(QueueTable)

    def compose(self) -> ComposeResult:
        yield Static(label("queue.loading"), id="queue-header")
        yield Static("", id="queue-strip")
        yield Static("", id="queue-load")
        yield QueueTable(id="queue-table")
        yield WrappedText("", id="queue-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = label("key.queue")
        self.table.focus()
        self._reload()
        self.set_interval(self.LOOK_SECONDS, self._look_for_changes)

    def rebuild(self) -> QueueScreen:
        """The same queue in a fresh screen (after the language changed); one not composed
        yet (opened in the same turn as the switch) at the item it was asked for."""
        tables = self.query(QueueTable)
        item = tables.first().highlighted if tables else None
        return QueueScreen(item.key if item else self._target.key, self.show_all)

    def palette_commands(self) -> list[tuple[str, str]]:
        return [
            ("queue.cmd.done", "done"),
            ("queue.cmd.done_now", "done_now"),
            ("queue.cmd.greetings", "greetings_done"),
            ("queue.cmd.snooze", "snooze"),
            ("queue.cmd.skip", "skip"),
            ("common.cmd.open", "open"),
            ("queue.cmd.copy", "copy"),
            ("queue.cmd.all", "show_all"),
            ("queue.cmd.undo", "undo"),
            ("queue.cmd.section", "other_section"),
            ("common.back", "back"),
        ]

    # ---- loading ----------------------------------------------------------------------

    def _reload(self) -> None:
        """Regenerate the queue; the cursor goes to the pending target, else stays on its
        item. Not while an item is written: its end reloads."""
        self._stop_refresh()
        self._generation += 1
        if self._writing:
            return
        target = self._target
        if target.key is None and target.position is None:
            item = self.table.highlighted
            target = _Target(key=item.key if item else None, position=self.table.cursor)
        self._load(self._generation, target, self.table.rows_visible, self.show_all)

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-load")
    def _load(self, generation: int, target: _Target, rows: int, show_all: bool) -> None:
        book = self.book
        marker = book.plan_marker()  # before the read: a change after it is looked for again
        queue, figures = plan_view(book.queue(days=STRIP_DAYS), show_all)
        cursor = -1
        if target.key is not None:
            cursor = queue.position(*parse_item_key(target.key))
        if cursor < 0:
            cursor = min(max(target.position or 0, 0), len(queue) - 1)
        pages: dict[int, list[FollowUp]] = {}
        if len(queue):
            first, last = max(cursor - rows, 0) // PAGE, min(cursor + rows, len(queue) - 1) // PAGE
            for page in range(first, last + 1):
                pages[page] = presented_follow_ups(
                    book.follow_ups(queue, page * PAGE, (page + 1) * PAGE, self.lang)
                )
        rules = book.rules()
        names = {tier.value: rules.tier_name(tier) for tier in ValueTier}
        undoable = book.last_step_today() is not None
        if not get_current_worker().is_cancelled:
            loaded = QueueLoaded(generation, queue, figures, pages, cursor, names, undoable, marker)
            self.post_message(loaded)

    @on(QueueLoaded)
    def _loaded(self, message: QueueLoaded) -> None:
        if message.generation != self._generation:
            return
        self.queue = message.queue
        self.figures = message.figures
        self.tier_names = message.tier_names
        self.undoable = message.undoable
        self._marker = message.marker
        self._target = _Target()
        self._busy = False
        self._show_header(message.queue.as_of, message.figures)
        self.table.show(message.queue, message.figures, message.pages, message.cursor)
        self.refresh_bindings()

    def _look_for_changes(self) -> None:
        """Another process's write (a `xiaoben queue done`, a purchase in another window)
        reaches no listener here: the marker it moved is looked for while in sight. So is
        the day: left open over midnight, the screen shows the new day's plan."""
        if not in_sight(self) or self._busy or self._writing:
            return
        if self._day_turned():
            self._turn_the_day()
        elif self._marker is not None:
            self._read_marker()

    def _day_turned(self) -> bool:
        """Whether the queue shown is an earlier day's than the book's today."""
        return self.queue is not None and self.queue.as_of != self.book.today()

    def _turn_the_day(self) -> None:
        """Read the new day's queue, once a day (busy() asks at every look while it loads)."""
        today = self.book.today()
        if self._day_asked != today and not self._writing:
            self._day_asked = today
            self._reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-look")
    def _read_marker(self) -> None:
        self.post_message(MarkerRead(self.book.plan_marker()))

    @on(MarkerRead)
    def _marker_read(self, message: MarkerRead) -> None:
        if self._marker is not None and message.marker != self._marker and not self._busy:
            self._marker = None  # one reload for it; the queue read brings the new one
            self._reload()

    def _show_header(self, as_of: date, figures: QueueFigures) -> None:
        header = Text(f"{as_of.isoformat()}  ", style="dim")
        key = "queue.plan.header" if figures.capacity else "queue.plan.header_open"
        header.append(
            t(
                key,
                planned=f"{figures.planned_today:,}",
                capacity=f"{figures.capacity:,}",
                overdue=f"{figures.overdue:,}",
            ),
            style="bold",
        )
        if figures.greetings:
            count = f"{figures.greetings:,}"
            words = t("queue.plan.greetings", holidays=figures.holidays, count=count)
            header.append(words, style="bold")
        if self.show_all:
            header.append(t("queue.plan.all", total=f"{figures.total:,}"))
        self.query_one("#queue-header", Static).update(header)
        self.query_one("#queue-strip", Static).update(strip_text(as_of, figures))
        load = self.query_one("#queue-load", Static)
        load.display = bool(figures.load)  # said only when the cadences ask too much
        if figures.load:
            load.update(t("followup.over_capacity", load=figures.load, capacity=figures.capacity))

    # ---- the highlighted item -------------------------------------------------------------

    @on(QueueTable.Highlighted)
    def _highlighted(self, event: QueueTable.Highlighted) -> None:
        self.query_one("#queue-detail", Static).update(self._detail(event.item))

    def _detail(self, item: FollowUp | None) -> Content:
        if item is None:
            return Content("")
        tier = self.tier_names.get(item.value_tier.value, "") if item.value_tier else ""
        due_style = ""
        if item.days_overdue > 0:
            due_style = "$text-error"
        elif item.days_overdue == 0:
            due_style = "$text-warning"
        due = when_due(item.days_overdue)
        if item.snoozed:
            due += label("queue.snoozed")
        head: list[str | tuple[str, str]] = [(item.name, "bold $text-accent")]
        for part in (tier, item.reason.label()):
            if part:
                head += ["  ·  ", part]
        today = self.queue.as_of if self.queue is not None else None
        # The day it waits from, which the words count from: an item due before the
        # customer came into the book waits from that day, not from its old due day.
        since = item.due if today is None else today - timedelta(days=item.days_overdue)
        head += ["  ·  ", (f"{due}  {since:%m-%d}", due_style)]
        if item.planned is not None and today is not None and item.planned > max(item.due, today):
            head += ["  ·  ", t("queue.detail.planned", day=f"{item.planned:%m-%d}")]
        muted = "$text-muted"
        return Content("\n").join(
            [
                Content.assemble(*head),
                Content.assemble((label("queue.detail.about"), muted), item.detail),
                Content.assemble((label("queue.detail.action"), muted), item.action),
                Content.assemble((label("queue.detail.message"), muted), item.message),
            ]
        )

    # ---- handling items ---------------------------------------------------------------

    def _item(self) -> FollowUp | None:
        """The highlighted item, if the seller may act on it now."""
        if self._busy:
            return None
        item = self.table.highlighted
        if item is None:
            self.notify(saying("queue.no_item"), severity="warning")
        return item

    def action_done(self) -> None:
        item = self._item()
        if item is None:
            return

        def noted(note: str | None) -> None:
            if note is not None:
                self._handle(item, QueueAction.DONE, note=note)

        self.app.push_screen(DoneModal(item), noted)

    def action_done_now(self) -> None:
        item = self._item()
        if item is not None:
            self._handle(item, QueueAction.DONE)

    def action_greetings_done(self) -> None:
        """Today's holiday greetings done at once: one step, one undo (u) for the lot."""
        if self._busy:
            return
        self._start_writing(_Target(position=self.table.cursor))
        self._write_greetings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-handle")
    def _write_greetings(self) -> None:
        greeted = self.book.mark_greetings_done()
        notice = (
            t("queue.greetings_done", count=len(greeted))
            if greeted
            else label("queue.no_greetings")
        )
        self.post_message(Greeted(notice))

    @on(Greeted)
    def _greeted(self, message: Greeted) -> None:
        self._writing = False
        self.notify(message.notice, markup=False)
        self._reload()

    def action_snooze(self) -> None:
        item = self._item()
        if item is None:
            return

        def chosen(until: date | None) -> None:
            if until is not None:
                self._handle(item, QueueAction.SNOOZED, until=until)

        self.app.push_screen(SnoozeModal(item, self.book.today()), chosen)

    def action_skip(self) -> None:
        item = self._item()
        if item is not None:
            self._handle(item, QueueAction.SKIPPED)

    def _handle(
        self, item: FollowUp, how: QueueAction, *, note: str = "", until: date | None = None
    ) -> None:
        """Handle `item`; when the queue comes back the cursor stays at its place."""
        self._handling = item_customer(item)
        self._start_writing(_Target(position=self.table.cursor))
        self._write(item, how, note, until)

    def _start_writing(self, target: _Target) -> None:
        """Keys wait until the queue read after this write is shown; a read under way (a
        book change's) is thrown away: it may not have the write in it."""
        self._busy = True
        self._writing = True
        self._generation += 1
        self._stop_refresh()
        self._target = target

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-handle")
    def _write(self, item: FollowUp, how: QueueAction, note: str, until: date | None) -> None:
        book = self.book
        try:
            if how is QueueAction.DONE:
                book.mark_done(item.key, note)
                notice = t("queue.done", name=item.name)
            elif how is QueueAction.SNOOZED and until is not None:
                book.snooze(item.key, until)
                notice = t("queue.snoozed_to", date=until.isoformat(), name=item.name)
            else:
                book.skip(item.key)
                notice = t("queue.skipped", name=item.name)
        except BookError as exc:
            if exc.key != "followup.no_item":
                raise
            raise self._not_open(item) from exc
        self.post_message(Handled(item, notice))

    def _not_open(self, item: FollowUp) -> BookError:
        """Why `item` was not open to be handled, naming her, never by its key (12:reminder:1,
        her number in the book): her customer gone from the book (merged into another or
        forgotten elsewhere), or the item changed elsewhere (its reminder deleted)."""
        try:
            self.book.get_customer(item.customer_id)
        except BookError as gone:
            return gone  # (named by _worker_failed, as the queue showed her)
        who = customer_label(item_customer(item), by_id=False)
        return BookError("queue.item_gone", name=who, why=item.reason.label)

    @on(Handled)
    def _handled(self, message: Handled) -> None:
        self._writing = False
        self.notify(message.notice, markup=False)
        self._reload()

    def action_undo(self) -> None:
        """Take back today's last done, snooze or skip (whichever screen or window took
        it); the cursor goes onto the item."""
        if self._busy:
            return
        self._start_writing(_Target(position=self.table.cursor))
        self._undo_last()

    def action_undo_none(self) -> None:
        self.action_undo()

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-handle")
    def _undo_last(self) -> None:
        book = self.book
        taken = book.undo_last_step()
        if taken is None:
            self.post_message(Reopened())
            return
        key, undone = taken
        name = book.get_customer(parse_item_key(key)[0]).name
        self.post_message(Reopened(key, shown_name(name), undone))

    @on(Reopened)
    def _reopened(self, message: Reopened) -> None:
        self._writing = False
        if message.key is None or message.undone is None:
            self.notify(saying("queue.nothing_to_undo"), severity="warning")
        else:
            self._target = _Target(key=message.key, position=self._target.position)
            self.notify(_reopened_text(message.name, message.undone), markup=False)
        self._reload()

    def busy(self) -> bool:
        """Keys typed while an item is written, or the queue (re)loads, wait for the new
        queue (tui/widgets/inputs.py): D D D marks three items done, one after another."""
        if self._busy or self.queue is None:
            return True
        if self._day_turned():  # past midnight: the key acts on the new day's plan, shown
            self._turn_the_day()
            return True
        # the item under the cursor still being read (its page): a key would find none
        tables = self.query(QueueTable)
        if not tables:
            return True  # not composed yet (the queue loaded before its table was mounted)
        table = tables.first()
        return table.cursor >= 0 and table.highlighted is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "greetings_done":  # shown on a day with greetings only
            return self.figures is not None and self.figures.greetings > 0
        if action == "undo":
            return self.undoable
        if action == "undo_none":
            return not self.undoable
        if action == "show_all":
            return not self.show_all
        if action == "show_plan":
            return self.show_all
        return True

    # ---- the other keys -------------------------------------------------------------

    def action_copy(self) -> None:
        item = self.table.highlighted
        if item is None:
            self.notify(saying("queue.no_item"), severity="warning")
            return
        if not item.message:
            self.notify(saying("queue.no_message"), severity="warning")
            return
        # Many terminals ignore OSC 52: the draft is shown too, to copy by hand.
        self.app.copy_to_clipboard(item.message)
        self.notify(saying("queue.copied", message=item.message), markup=False, timeout=10)

    def action_open(self) -> None:
        self.table.action_open()

    def action_show_all(self) -> None:
        """Every planned day of the backlog, or back to today's plan and the next days."""
        self.show_all = not self.show_all
        self.refresh_bindings()
        self._reload()

    def action_show_plan(self) -> None:
        """Back from the whole backlog to today's plan and the next days."""
        self.action_show_all()

    def action_other_section(self) -> None:
        self.table.action_other_section()

    def action_back(self) -> None:
        self.app.pop_screen()

    # ---- errors ------------------------------------------------------------------------

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event, "queue-")
        if error is None:
            return
        # The seller's own error (an item gone) says enough; ours says where it happened.
        known = [self._handling] if self._handling is not None else []
        key = None if isinstance(error, BookError) else "queue.failed"
        tell_failure(self, error, key, known=known)
        group = event.worker.group
        if group == "queue-load":
            self._busy = False
        if group == "queue-look":
            self._marker = None  # said once: no more looks until the queue is read again
        if group == "queue-handle":  # keys wait for the queue as it is now
            self._writing = False
            self._target = _Target()
            self._reload()  # the queue may have moved under the item


def _reopened_text(name: str, undone: StepUndone) -> str:
    """What an undo left: the item open, or back in the state it had before the step."""
    back, kept = undone.state, undone.kept_contact
    if undone.others:
        text = t("queue.reopened_greetings", count=undone.others + 1)
    elif back is None:
        text = t("queue.reopened", name=name)
    elif back[0] is QueueAction.SNOOZED and back[1] is not None:
        text = t("queue.reopened_snoozed", name=name, until=back[1].isoformat())
    else:
        text = t("queue.reopened_as", name=name, action=back[0].label())
    if kept is None:
        return text
    when = kept.at.strftime("%Y-%m-%d %H:%M")
    return f"{text}\n{t('queue.contact_kept', when=when, kind=kept.kind.label())}"
