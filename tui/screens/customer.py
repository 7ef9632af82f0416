"""The customer page: profile summary, a badge per lens with its reasons, and the records.

Reads and writes go through the book in thread workers; the page reloads on BookChanged,
so tiers moved by the background pass show up without a keypress. While a write it asked
for runs, or a reload is under way, the page is busy: keys typed then wait for it (a
burst of d deletes one purchase or contact after another, never the same one twice).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, TypeVar

from rich.cells import cell_len
from textual import on, work
from textual._time import get_time
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static, TabbedContent, TabPane
from textual.worker import Worker, get_current_worker

from xiaoben.models.customer import Customer
from xiaoben.models.enums import Stage, ValueTier
from xiaoben.models.errors import BookError, ConflictError
from xiaoben.models.fields import FieldDef, Value, value_text
from xiaoben.models.i18n import t
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.purchase import Purchase
from xiaoben.models.rules import Rules
from xiaoben.models.text import printable
from xiaoben.models.tiers import TierResult
from xiaoben.store.merge import KeptMerge
from xiaoben.store.merge_verbs import MergeResult
from xiaoben.store.records import RecordCounts, Table
from xiaoben.tiering.purchase_model import Outlook
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import may_pass, tell_failure, worker_error
from xiaoben.tui.formatting import birthday_shown, money_to_the_cent
from xiaoben.tui.i18n import label, saying, translate_bindings
from xiaoben.tui.messages import BookChanged, EditCustomer, ProfileSaved
from xiaoben.tui.presenting import (
    Named,
    customer_label,
    shown_custom,
    shown_name,
    shown_phones,
    shown_private,
    told_presenting,
)
from xiaoben.tui.screens.follows import standing
from xiaoben.tui.screens.merge import UNDO_MERGE, MergeScreen, UndoesMerges
from xiaoben.tui.widgets.badges import LENSES, TierBadges, chip_lines
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.customer_picker import CustomerPicker
from xiaoben.tui.widgets.entry_modals import (
    ContactModal,
    EntryModal,
    PurchaseModal,
    ReminderModal,
)
from xiaoben.tui.widgets.inputs import KeysOneAtATime
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.record_tables import (
    ContactsTable,
    PurchasesTable,
    RecordTable,
    RemindersTable,
    Where,
    Window,
    read_window,
)
from xiaoben.tui.widgets.wrapped import WrappedText, wrap_content

# Her customer forgotten elsewhere, the page closes by itself: the keys typed within this
# many seconds were meant for it (the seller's eyes on her typing), and the notice saying why
# stays this long (the default 5 s goes by while she wonders where the page went).
GONE_KEYS_DROPPED_SECONDS = 1.5
GONE_NOTICE_SECONDS = 20.0

TABS = ("tab-purchases", "tab-interactions", "tab-reminders", "tab-why", "tab-history")
_TABLE_OF_TAB = {
    "tab-purchases": "#purchases",
    "tab-interactions": "#interactions",
    "tab-reminders": "#reminders",
    "tab-why": "#why",
    "tab-history": "#history",
}
# Each lens's name under "why": the vocabulary's where the words are the same.
_LENS_NAMES = {
    "value": "lens.value_tier",
    "rfm": "lens.rfm",
    "rfm8": "page.why.rfm8",
    "stage": "lens.stage",
    "role": "lens.role",
    "score": "lens.score",
    "quadrant": "page.why.quadrant",
}
_SEPARATOR = "  ·  "
RecordT = TypeVar("RecordT", Purchase, Interaction)  # a record the page edits in a modal
RECORD_TABLES: tuple[Table, ...] = ("purchases", "interactions", "reminders")


@dataclass
class PageData:
    """Everything the page shows, read in one go under the book's lock: of the records,
    how many there are and the rows in view (the tables read the others as they scroll)."""

    customer: Customer
    referrer: str
    tiers: TierResult | None
    reasons: dict[str, str]
    counts: RecordCounts
    windows: dict[Table, Window]  # each table's rows in view, read with the rest
    history: list[dict[str, Any]]
    rules: Rules
    today: date = field(default_factory=date.today)
    outlook: Outlook | None = None  # the purchase model's, None without one
    custom: list[tuple[str, str]] = field(default_factory=list)  # (label, value) in form order
    kept_merge: KeptMerge | None = None  # the newest merge into them the book can still undo


@dataclass
class PageLoaded(Message):
    data: PageData


@dataclass
class MergedAway(Message):
    """The page's customer was merged into another elsewhere (another window, the CLI)."""

    survivor: Customer
    name: str  # the merged-away record's
    merged_away: int  # her id: said once (two reads may find her gone)


@dataclass
class MergeUndone(Message):
    """The merge the page followed her through (MergedAway) was undone elsewhere: she is a
    customer of her own again."""

    restored: Customer  # she, as the undo put her back
    survivor: Customer  # whom the page showed, the merge's survivor
    shown: int  # the survivor's id: taken in once (two reads may see it)


def _same_record(one: Purchase | Interaction | None, other: Purchase | Interaction) -> bool:
    return type(one) is type(other) and one is not None and one.id == other.id


@dataclass
class Undoable:
    """A change of the page the seller can take back with u: a purchase or contact added
    (deleted again), deleted (added again), or edited (`before` saved over `after`)."""

    before: Purchase | Interaction | None  # None: `after` was added
    after: Purchase | Interaction | None = None  # None: `before` was deleted
    # whose its records were when a merge elsewhere moved them to the page's survivor: back
    # to her if that merge is undone
    followed: int | None = None

    def restored_as(
        self, deleted: Purchase | Interaction, restored: Purchase | Interaction
    ) -> Undoable:
        """This change, once `deleted` came back by undo as `restored` (a new id): an earlier
        edit of it is taken back on the restored record, an adding of it deletes that."""
        if self.before is None:
            return replace(self, after=restored) if _same_record(self.after, deleted) else self
        if not _same_record(self.before, deleted):
            return self
        before = self.before.model_copy(update={"id": restored.id})
        return replace(self, before=before, after=restored if self.after is not None else None)

    def now_as(self, record: Purchase | Interaction | Customer) -> Undoable:
        """This change, once an undo left `record` as it is now (an edit taken back: the
        record as an earlier change left it, in a newer version)."""
        if isinstance(record, Customer) or not _same_record(self.after, record):
            return self
        return replace(self, after=record)

    def moved(self, merged_away: int, survivor: int) -> Undoable:
        """This change, once its customer `merged_away` was merged into `survivor`: its
        records hers there."""

        def there(record: Purchase | Interaction | None) -> Purchase | Interaction | None:
            if record is None or record.customer_id != merged_away:
                return record
            return record.model_copy(update={"customer_id": survivor})

        before, after = there(self.before), there(self.after)
        if (before, after) == (self.before, self.after):
            return self
        return Undoable(before, after, self.followed or merged_away)

    def moved_back(self, survivor: int, restored: int) -> Undoable:
        """This change, once the merge elsewhere that moved its records from `restored` to
        `survivor` was undone: its records hers again."""
        if self.followed != restored:
            return self
        return replace(self.moved(survivor, restored), followed=None)


@dataclass
class ProfileUndo:
    """A profile save the seller can take back with u: the customer as they were before it
    (`fields`: their own fields as typed then, None when the save left them), over `after`
    if nobody changed them since."""

    before: Customer
    fields: dict[int, object] | None
    after: Customer

    def restored_as(
        self, deleted: Purchase | Interaction, restored: Purchase | Interaction
    ) -> ProfileUndo:
        return self

    def now_as(self, record: Purchase | Interaction | Customer) -> ProfileUndo:
        if isinstance(record, Customer) and record.id == self.after.id:
            return ProfileUndo(self.before, self.fields, record)
        return self

    def moved(self, merged_away: int, survivor: int) -> ProfileUndo | None:
        """None once the customer it would restore was merged away (her record is gone)."""
        return None if self.after.id == merged_away else self

    def moved_back(self, survivor: int, restored: int) -> ProfileUndo:
        return self  # (her own profile's went with the merge)


@dataclass
class PageChanged(Message):
    undoable: Undoable | ProfileUndo


@dataclass
class UndoTaken(Message):
    """`change` is off the stack: the book took it back, or refused it for good (changed
    since); until then it stays on the stack (a refused undo can be pressed again).
    `restored`: the deleted record added again, as it is now; `now`: the record an undone
    edit left, as it is now."""

    change: Undoable | ProfileUndo
    restored: Purchase | Interaction | None = None
    now: Purchase | Interaction | Customer | None = None


def custom_shown(fields: list[FieldDef], values: dict[int, Value]) -> list[tuple[str, str]]:
    """The customer's own fields with a value, as (label, value) in the form's order; free
    text hidden when presenting."""
    return [
        (f.label(), shown_custom(f, value_text(f, values[f.id])))
        for f in fields
        if f.id is not None and f.id in values
    ]


def _flow(items: list[Content], width: int) -> list[Content]:
    """Items separated by " · ", wrapped between items (never inside one) to `width` cells."""
    widths = [cell_len(item.plain) for item in items]
    return [
        Content(_SEPARATOR).join(items[index] for index in indexes)
        for indexes in chip_lines(widths, width, gap=cell_len(_SEPARATOR))
    ]


def _summary(data: PageData, width: int) -> Content:
    """The profile in a few lines: who, how to reach them, what they need."""
    customer = data.customer

    def pair(key: str, value: str) -> Content:
        return Content.assemble(
            (label(key), "$foreground-muted"), " ", printable(value, lines=True)
        )

    head: list[str | Content | tuple[str, str]] = [(shown_name(customer.name), "bold $text-accent")]
    if customer.code:
        head += ["  ", (printable(customer.code), "$foreground-muted")]
    if customer.archived:
        head += ["  ", (f" {label('field.archived')} ", "reverse $warning")]
    who = [
        part
        for part in (
            customer.gender.label() if customer.gender else "",
            customer.age_band.label() if customer.age_band else "",
            customer.occupation,
            customer.employer,
        )
        if part
    ]
    if who:
        head += [_SEPARATOR, printable(" · ".join(who))]
    region = " ".join(dict.fromkeys(part for part in (customer.province, customer.city) if part))
    contact = [
        pair("field.phone", shown_phones(customer.phones)) if customer.phones else None,
        pair("field.wechat", shown_private(customer.wechat)) if customer.wechat else None,
        pair("overview.chart.regions", region) if region else None,
        pair("field.birthday", birthday_shown(customer.birthday)) if customer.birthday else None,
        pair("field.source", customer.source) if customer.source else None,
        pair("field.referred_by", data.referrer) if data.referrer else None,
    ]
    interests = [
        pair("field.tags", "、".join(customer.tags)) if customer.tags else None,
        pair("field.interests", "、".join(customer.interests)) if customer.interests else None,
    ]
    judgement = [
        f"{label('field.demand')} {customer.demand}/5" if customer.demand else "",
        f"{label('field.purchasing_power')} {customer.purchasing_power}/5"
        if customer.purchasing_power
        else "",
        label("field.strategic") if customer.strategic else "",
        label("field.target_profile") if customer.target_profile else "",
        f"{label('field.manual_stage')} {customer.manual_stage.label()}"
        if customer.manual_stage
        else "",
    ]
    lines: list[Content] = [Content.assemble(*head)]
    for group in (contact, interests):
        shown = [part for part in group if part is not None]
        if shown:
            lines.extend(_flow(shown, width))
    if customer.needs:
        lines.append(pair("field.needs", shown_private(customer.needs, lines=True)))
    if customer.notes:
        lines.append(pair("field.notes", shown_private(customer.notes, lines=True)))
    if data.custom:
        own = [
            Content.assemble(
                (printable(name), "$foreground-muted"), " ", printable(value, lines=True)
            )
            for name, value in data.custom
        ]
        lines.extend(_flow(own, width))
    if any(judgement):
        lines.append(pair("page.summary.judgement", " · ".join(part for part in judgement if part)))
    if data.outlook is not None:
        lines.extend(_flow([Content(part) for part in data.outlook.summary()], width))
    return Content("\n").join(lines)


SUMMARY_LINES = 7  # the profile's lines above the records (#summary's max-height)


def _shortened(wrapped: Content, lines: int) -> Content:
    """The wrapped summary in `lines` lines: when it is longer, its first lines and one
    saying there is more and which key shows it (a long note was cut where the page ended,
    with no sign of it)."""
    shown = wrapped.split("\n", allow_blank=True)
    if len(shown) <= lines:
        return wrapped
    more = Content.styled(f"… {label('page.summary.more')}", "$foreground-muted")
    return Content("\n").join([*shown[: lines - 1], more])


def _history_value(lens: str, value: str | None, rules: Rules) -> str:
    if value is None:
        return label("page.badge.none")
    if lens == "value_tier":
        return rules.tier_name(ValueTier(value))
    if lens == "stage":
        return Stage(value).label()
    return value


class CustomerScreen(UndoesMerges, ReachesTheBook, Screen[None]):
    """One customer: who they are, where each lens puts them and why, what they bought."""

    CSS_PATH = "customer.tcss"
    BINDINGS = [
        Binding("p", "add_purchase", "page.key.purchase", tooltip="page.key.purchase.help",
                id="page-purchase"),
        Binding("c", "log_contact", "page.key.contact", tooltip="page.key.contact.help",
                id="page-contact"),
        Binding("r", "set_reminder", "page.key.reminder", tooltip="page.key.reminder.help",
                id="page-reminder"),
        Binding("e", "edit", "page.key.edit", tooltip="page.key.edit.help", id="page-edit"),
        Binding("a", "archive", "page.key.archive", tooltip="page.key.archive.help",
                id="page-archive"),
        Binding("F", "forget", "page.key.forget", tooltip="page.cmd.forget", id="page-forget",
                show=False),
        Binding("w", "toggle_why", "page.key.why", tooltip="page.key.why.help", id="page-why"),
        # not in the footer: the profile's last line says it when there is more to read
        Binding("i", "toggle_profile", "page.key.profile", tooltip="page.key.profile.help",
                id="page-profile", show=False),
        Binding("u", "undo", "common.undo", tooltip="page.key.undo.help",
                id="page-undo"),
        # u with nothing to undo (the one above is off, and not in the footer): says so.
        Binding("u", "nothing_to_undo", "common.undo", show=False),
        Binding("m", "merge_with", "merge.key.merge", tooltip="merge.key.with.help",
                id="page-merge"),
        UNDO_MERGE,
        # z with no merge to undo (the one above is off, and not in the footer): says so.
        Binding("z", "no_merge_to_undo", "merge.key.undo", show=False),
        Binding("escape", "back", "common.back", tooltip="common.back.help", id="page-back"),
        *(
            Binding(str(number), f"show_tab('{tab}')", "page.key.tab", show=False)
            for number, tab in enumerate(TABS, start=1)
        ),
    ]  # fmt: skip

    def __init__(self, customer_id: int, known: Named | None = None) -> None:
        super().__init__()
        self.customer_id = customer_id
        # Whom the page shows or showed (`known`: as the screen that opened it named her):
        # a customer gone from the book meanwhile is named by these, never by her number.
        self.known: list[Named] = [known] if known is not None else []
        self.data: PageData | None = None
        # u takes back the last one, then the one before
        self.undo_stack: list[Undoable | ProfileUndo] = []
        self._writing: set[Worker[Any]] = set()  # the writes the page asked for, still running
        self._reading: Worker[Any] | None = None  # the reload under way
        self._merging = False  # the merge screen is open: its answer says whom to show
        # The customer the page was opened for, shown as whom she was merged into elsewhere
        # since (MergedAway): back to her if that merge is undone.
        self._followed: int | None = None
        # When the seller could first see the records as they are: the page read, or back on
        # top (textual's clock, the one a key's time is taken on).
        self._shown_at: float | None = None
        self._forgetting = False  # erased for good: the page closes, nothing to read
        self._tab_before_why = "tab-purchases"
        self._profile_open = False  # the whole profile shown (i), the records hidden
        self._kept: dict[Table, Where] = {}  # where the cursors were on the page rebuilt
        translate_bindings(self)

    def rebuild(self) -> CustomerScreen:
        screen = CustomerScreen(self.customer_id)
        screen.known = list(self.known)
        screen.undo_stack = list(self.undo_stack)
        screen.last_merge = self.last_merge
        screen._merging = self._merging  # a merge screen above it, rebuilt too, answers
        screen._followed = self._followed
        screen._kept = self._where()  # F6, F12: the cursors stay on their records
        return screen

    def palette_commands(self) -> list[tuple[str, str]]:
        return [
            ("page.cmd.purchase", "add_purchase"),
            ("page.cmd.contact", "log_contact"),
            ("page.cmd.reminder", "set_reminder"),
            ("page.cmd.edit", "edit"),
            ("page.cmd.archive", "archive"),
            ("page.cmd.forget", "forget"),
            ("page.cmd.why", "toggle_why"),
            ("page.key.profile.help", "toggle_profile"),
            ("page.cmd.delete", "delete_purchase"),
            ("page.cmd.delete_contact", "delete_contact"),
            ("page.cmd.edit_row", "edit_row"),
            ("page.cmd.undo", "undo"),
            ("page.cmd.done", "toggle_reminder"),
            ("merge.cmd.with", "merge_with"),
            ("merge.key.undo.help", "undo_merge"),
            ("common.back", "back"),
        ]

    # ---- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary", can_focus=False):
            yield WrappedText(label("page.summary.loading"), id="summary-text")
        yield TierBadges(id="badges")
        with TabbedContent(id="tabs", initial="tab-purchases"):
            with TabPane(label("page.tab.purchases"), id="tab-purchases"):
                yield PurchasesTable(id="purchases")
                yield WrappedText(
                    label("page.empty.purchases"), classes="empty", id="purchases-empty"
                )
            with TabPane(label("page.tab.interactions"), id="tab-interactions"):
                yield ContactsTable(id="interactions")
                yield WrappedText(
                    label("page.empty.interactions"), classes="empty", id="interactions-empty"
                )
            with TabPane(label("page.tab.reminders"), id="tab-reminders"):
                yield RemindersTable(id="reminders")
                yield WrappedText(
                    label("page.empty.reminders"), classes="empty", id="reminders-empty"
                )
            with TabPane(label("page.tab.why"), id="tab-why"), VerticalScroll(id="why"):
                for lens in LENSES:
                    with Horizontal(classes="why-row"):
                        yield Label(label(_LENS_NAMES[lens]), classes="why-lens")
                        yield WrappedText("", classes="why-text", id=f"why-{lens}", markup=False)
                with Horizontal(classes="why-row", id="why-model-row"):
                    yield Label(label("lens.churn_risk"), classes="why-lens")
                    yield WrappedText("", classes="why-text", id="why-model", markup=False)
                yield WrappedText(label("page.why.untiered"), classes="empty", id="why-empty")
            with TabPane(label("page.tab.history"), id="tab-history"):
                yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
                yield WrappedText(label("page.empty.history"), classes="empty", id="history-empty")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._add_columns()
        for empty in self.query(".empty"):
            empty.display = False
        self.query_one("#purchases").focus()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._redraw())
        self._load()

    def _add_columns(self) -> None:
        keys = ("page.col.when", "page.col.lens", "page.col.change")
        self.query_one("#history", DataTable).add_columns(*(label(key) for key in keys))

    # ---- reading ---------------------------------------------------------------------

    def busy(self) -> bool:
        """Keys wait (tui/widgets/inputs.py) until the page shows what they act on: the
        customer loaded, the writes it asked for done and read back, the highlighted
        record's row read."""
        if self.data is None or self._writing or self._reading is not None:
            return True
        # a query that may find none (a language switch recomposing the page), not _tables()
        return any(table.waiting for table in self.query(RecordTable))

    def _tables(self) -> dict[Table, RecordTable]:
        return {table: self.query_one(f"#{table}", RecordTable) for table in RECORD_TABLES}

    def _where(self) -> dict[Table, Where]:
        """Where each table's cursor and view are (as kept by a rebuild, until first read)."""
        if self.data is None:
            return dict(self._kept)
        return {table: shown.where() for table, shown in self._tables().items()}

    def _load(self) -> None:
        if not self._forgetting:
            self._reading = self._read(self._where())

    def _wrote(self, worker: Worker[Any]) -> None:
        """A write of the page started: busy until it is done and the page read again."""
        self._writing.add(worker)

    @on(Worker.StateChanged)
    def _worker_finished(self, event: Worker.StateChanged) -> None:
        if not event.worker.is_finished:
            return
        if event.worker in self._writing:
            self._writing.discard(event.worker)
            self._load()  # the page as the write left it (the book's change may come later)
        elif event.worker is self._reading:
            self._reading = None

    @work(thread=True, exclusive=True, exit_on_error=False, group="page-load")
    def _read(self, where: dict[Table, Where]) -> None:
        book = self.book
        customer_id, followed = self.customer_id, self._followed
        with book.reading():  # one consistent snapshot of the customer and their records
            # the merge it followed her through undone elsewhere: she is in the book again
            back = book.where_now(followed) if followed is not None else None
            if back is not None and back.id == followed != customer_id:
                survivor = book.get_customer(customer_id)
                self.post_message(MergeUndone(back, survivor, shown=customer_id))
                return
            try:
                customer = book.get_customer(customer_id)
            except BookError:
                if customer_id != self.customer_id:
                    return  # merged away into the customer the page now shows
                merged = book.merged_into(customer_id)
                if merged is None:
                    raise
                self.post_message(MergedAway(*merged, merged_away=customer_id))
                return
            referrer = ""
            if customer.referred_by is not None:
                try:
                    found = book.get_customer(customer.referred_by)
                    referrer = shown_name(found.name)
                    referrer = f"{referrer} {found.code}" if found.code else referrer
                except BookError:
                    referrer = ""
            counts = book.record_counts(customer_id)
            first = Where(None, 0, 0, 40)  # a page not shown yet: its top rows
            windows = {
                table: read_window(
                    book, table, customer_id, counts.of(table), where.get(table, first)
                )
                for table in RECORD_TABLES
            }
            data = PageData(
                customer=customer,
                referrer=referrer,
                tiers=book.tier_result(customer_id),
                reasons=book.explain(customer_id),
                counts=counts,
                windows=windows,
                history=book.tier_history(customer_id),
                rules=book.rules(),
                today=book.today(),
                outlook=book.prediction(self.customer_id),
                custom=custom_shown(book.fields(), book.field_values(customer_id)),
                kept_merge=next((m for m in book.kept_merges(customer_id) if m.undoable), None),
            )
        if not get_current_worker().is_cancelled:
            self.post_message(PageLoaded(data))

    def on_merge_undone(self, message: MergeUndone) -> None:
        """The merge the page followed her through was undone elsewhere: the page shows her
        again, and what it moved with her goes back to her (an open purchase, contact or
        reminder of hers: retitled, nothing typed lost; what u takes back of her records)."""
        restored, survivor = message.restored, message.survivor
        assert restored.id is not None and survivor.id is not None
        if message.shown != self.customer_id:
            return  # said already: a second read saw it too
        self.customer_id, self._followed = restored.id, None
        for screen in self.app.screen_stack:
            if isinstance(screen, EntryModal):
                screen.moved_back(restored)
        self.undo_stack = [
            change.moved_back(survivor.id, restored.id) for change in self.undo_stack
        ]
        self.refresh_bindings()
        name, who = customer_label(restored), customer_label(survivor)
        self.notify(
            saying("page.merge_undone_elsewhere", name=name, who=who),
            severity="warning",
            markup=False,
        )
        self._load()

    def on_merged_away(self, message: MergedAway) -> None:
        """Merged elsewhere: the page shows whom into, and says so (her records are there)."""
        assert message.survivor.id is not None
        if message.merged_away != self.customer_id:
            return  # said already: a second read (the book changed twice) found her gone
        merged_away, self.customer_id = self.customer_id, message.survivor.id
        if self._followed is None:  # (merged on: still the customer the page was opened for)
            self._followed = merged_away
        for screen in self.app.screen_stack:  # a new purchase typed for her: the survivor's
            if isinstance(screen, EntryModal) and screen.customer_id == merged_away:
                screen.moved_to(message.survivor, message.name)
        # Her purchases and contacts moved with her, ids and all: what u takes back of them
        # is taken back on the survivor (a purchase deleted as the merge landed comes back
        # there; one changed by the merge since is refused as changed elsewhere, said so).
        # Her profile is gone: its undo goes with it.
        self.undo_stack = [
            moved
            for change in self.undo_stack
            if (moved := change.moved(merged_away, message.survivor.id)) is not None
        ]
        self.refresh_bindings()
        name = shown_name(message.name)
        self.notify(
            saying("page.merged_away", name=name, who=customer_label(message.survivor)),
            severity="warning",
            markup=False,
        )
        self._load()

    def on_page_loaded(self, message: PageLoaded) -> None:
        self.data = message.data
        shown = message.data.customer
        self.known = [*(known for known in self.known if known.id != shown.id), shown]
        if self._shown_at is None:
            self._shown_at = get_time()
        self._redraw()

    def shown_before(self, typed_at: float) -> bool:
        """Whether a key typed at `typed_at` was typed with the page's records in view."""
        return self._shown_at is not None and typed_at >= self._shown_at

    def on_book_changed(self, message: BookChanged) -> None:
        message.stop()  # the app sent it to each screen; it must not bubble back to the app
        if self.is_current and not self._merging:
            self._load()
        # else: loaded again when it is shown again (on_screen_resume), or when the merge
        # screen's answer says whom to show (this record may be the one merged away)

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self._shown_at = get_time()  # a window above it closed
        if self.data is not None and not self._merging:
            self._load()

    # ---- showing ---------------------------------------------------------------------

    def _redraw(self) -> None:
        data = self.data
        if data is None:
            return
        self._redraw_summary()
        self.query_one(TierBadges).show(data.tiers, data.rules)
        for lens in LENSES:
            self.query_one(f"#why-{lens}", Static).update(data.reasons.get(lens, ""))
        for row in self.query(".why-row"):
            row.display = bool(data.reasons)
        outlook = data.outlook
        self.query_one("#why-model", Static).update(
            "\n".join(outlook.reasons(data.rules)) if outlook else ""
        )
        self.query_one("#why-model-row").display = outlook is not None
        self.query_one("#why-empty").display = not data.reasons
        self._fill_records(data)
        self._fill_history(data)
        tabs = self.query_one(TabbedContent)
        counts = {
            "tab-purchases": ("page.tab.purchases", data.counts.purchases),
            "tab-interactions": ("page.tab.interactions", data.counts.interactions),
            "tab-reminders": ("page.tab.reminders", data.counts.open_reminders),
        }
        for pane_id, (key, count) in counts.items():
            tabs.get_tab(pane_id).label = f"{label(key)} {count}" if count else label(key)
        self.refresh_bindings()

    def _redraw_summary(self) -> None:
        if self.data is not None:
            # Room for the padding and a scroll bar, so no line wraps inside an item.
            width = max(self.size.width - 3, 20)
            summary = _summary(self.data, width)
            if not self._profile_open:
                summary = _shortened(wrap_content(summary, width), SUMMARY_LINES)
            for text in self.query("#summary-text").results(WrappedText):
                text.update(summary)

    def action_toggle_profile(self) -> None:
        """The whole profile in the page's height (a long note read to its end, scrolled
        with the arrows), or back to its first lines above the records."""
        self._profile_open = not self._profile_open
        summary = self.query_one("#summary", VerticalScroll)
        summary.set_class(self._profile_open, "open")
        summary.can_focus = self._profile_open
        self.query_one("#tabs", TabbedContent).display = not self._profile_open
        self._redraw_summary()
        if self._profile_open:
            summary.focus()
        else:
            summary.scroll_home(animate=False)
            self.action_show_tab(self.query_one("#tabs", TabbedContent).active or "tab-purchases")

    def on_resize(self) -> None:
        if standing(self):  # a buried page resized as a language switch throws it away
            self._redraw_summary()

    def _fill(self, selector: str, rows: list[tuple[str, list[Any]]]) -> None:
        """Refill a table, keeping the highlighted row where it was."""
        table = self.query_one(selector, DataTable)
        kept = None
        if table.row_count:
            kept = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        old_row = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        keys = [key for key, _ in rows]
        if keys:
            table.move_cursor(row=keys.index(kept) if kept in keys else min(old_row, len(keys) - 1))
        table.display = bool(rows)
        self.query_one(f"{selector}-empty").display = not rows

    def _fill_records(self, data: PageData) -> None:
        """Each table with the rows read for it, its cursor where it was."""
        for table, shown in self._tables().items():
            if isinstance(shown, RemindersTable):
                shown.today = data.today
            shown.show(self.customer_id, data.windows[table])
            shown.display = bool(shown.row_count)
            self.query_one(f"#{table}-empty").display = not shown.row_count

    def _fill_history(self, data: PageData) -> None:
        rows = []
        for number, change in reversed(list(enumerate(data.history))):
            lens = change["lens"]
            before = _history_value(lens, change["from_value"], data.rules)
            after = _history_value(lens, change["to_value"], data.rules)
            name = label("lens.value_tier" if lens == "value_tier" else "lens.stage")
            rows.append((str(number), [change["as_of"], name, f"{before} → {after}"]))
        self._fill("#history", rows)

    # ---- tabs ------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        if tabs.active != tab and tab != "tab-why":
            self._tab_before_why = tab
        tabs.active = tab
        self.query_one(_TABLE_OF_TAB[tab]).focus()

    def action_toggle_why(self) -> None:
        tabs = self.query_one(TabbedContent)
        if tabs.active == "tab-why":
            self.action_show_tab(self._tab_before_why)
        else:
            self._tab_before_why = tabs.active
            self.action_show_tab("tab-why")

    @on(TabbedContent.TabActivated)
    def _tab_chosen(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id and event.pane.id != "tab-why":
            self._tab_before_why = event.pane.id

    # ---- entering records --------------------------------------------------------------

    def _customer(self) -> Customer | None:
        return self.data.customer if self.data is not None else None

    def action_add_purchase(self) -> None:
        customer = self._customer()
        modal = PurchaseModal(
            self.customer_id,
            self.book.today(),
            customer_name=shown_name(customer.name) if customer else "",
            channel=customer.preferred_channel if customer else None,
            large=self.book.rules().large_purchase,
            saver=self.book.add_purchase,  # refused, the modal stays open with the amount
        )
        self._push_entry(modal, self._purchase_entered)

    def _push_entry(self, modal: EntryModal[Any], entered: Callable[[Any], None]) -> None:
        """Open a purchase, contact or reminder of hers: a refusal that she is gone from the
        book names her."""
        modal.known = [known for known in [self._customer()] if known is not None]
        self.app.push_screen(modal, entered)

    def _purchase_entered(self, saved: Purchase | None) -> None:
        if saved is not None:
            amount = money_to_the_cent(saved.amount)
            self.post_message(PageChanged(Undoable(None, saved)))
            self.notify(saying("page.saved.purchase", amount=amount), markup=False)

    @work(thread=True, exit_on_error=False, group="page-undo")
    def _restore(self, change: Undoable) -> None:
        """Add a deleted purchase or contact again, with its own id when free (merges)."""
        deleted = change.before
        assert deleted is not None
        if isinstance(deleted, Purchase):
            saved: Purchase | Interaction = self.book.restore_purchase(deleted)
            text = t("page.restored.purchase", amount=money_to_the_cent(deleted.amount))
        else:
            saved = self.book.restore_contact(deleted)
            text = t("page.restored.contact", at=f"{deleted.at:%Y-%m-%d %H:%M}",
                     kind=deleted.kind.label())  # fmt: skip
        if saved.customer_id != deleted.customer_id:  # a merge undone since: theirs again
            owner = self.book.get_customer(saved.customer_id)
            text = t("page.restored.to_owner", done=text, who=customer_label(owner))
        self.post_message(UndoTaken(change, saved))
        self.notify(text, markup=False)

    def on_undo_taken(self, message: UndoTaken) -> None:
        taken, restored, now = message.change, message.restored, message.now
        self.undo_stack = [change for change in self.undo_stack if change is not taken]
        if restored is not None and isinstance(taken, Undoable) and taken.before is not None:
            deleted = taken.before
            self.undo_stack = [change.restored_as(deleted, restored) for change in self.undo_stack]
        if now is not None:
            self.undo_stack = [change.now_as(now) for change in self.undo_stack]
        self.refresh_bindings()

    @work(thread=True, exit_on_error=False, group="page-undo")
    def _undo_add(self, change: Undoable) -> None:
        """Delete the purchase or contact just added, as `d` does, if it is as it was added
        (changed since, elsewhere: refused, and off the stack)."""
        added = change.after
        assert added is not None and added.id is not None
        try:
            if isinstance(added, Purchase):
                self.book.delete_purchase(added.id, added.version)
                text = t("page.unadded.purchase", date=added.date.isoformat(),
                         amount=money_to_the_cent(added.amount))  # fmt: skip
            else:
                self.book.delete_interaction(added.id, added.version)
                text = t("page.unadded.contact", at=f"{added.at:%Y-%m-%d %H:%M}",
                         kind=added.kind.label())  # fmt: skip
        except ConflictError:
            self.post_message(UndoTaken(change))
            self.notify(saying("page.undo.changed_since"), severity="error", markup=False)
            return
        self.post_message(UndoTaken(change))
        self.notify(text, markup=False)

    @work(thread=True, exit_on_error=False, group="page-undo")
    def _undo_profile(self, change: ProfileUndo) -> None:
        """Put the customer back as they were before the profile save, if nobody changed
        them since (a version check, as the form's own save: a later change is never
        overwritten); tiers and figures follow, as after any save."""
        before = change.before.model_copy(update={"version": change.after.version})
        name = shown_name(change.after.name)
        try:
            saved = self.book.save_customer(before, change.fields)
        except ConflictError:
            self.post_message(UndoTaken(change))
            text = t("page.undo.profile_changed_since", name=name)
            self.notify(text, severity="error", timeout=10, markup=False)
            return
        self.post_message(UndoTaken(change, now=saved))
        self.notify(saying("page.undone.profile", name=shown_name(saved.name)), markup=False)

    def on_profile_saved(self, message: ProfileSaved) -> None:
        """The profile form above saved this customer: u puts them back as they were."""
        if message.saved.id == self.customer_id:
            self.post_message(
                PageChanged(ProfileUndo(message.before, message.fields, message.saved))
            )

    def action_edit_row(self) -> None:
        """Edit the highlighted purchase or contact in the modal it was entered with (not
        while presenting: the modal shows its note)."""
        if told_presenting(self.notify):
            return
        customer = self._customer()
        name = customer.name if customer else ""
        tab = self.query_one(TabbedContent).active
        if tab == "tab-interactions":
            contact = self._highlighted("interactions")
            if contact is None:
                self.notify(saying("page.no_contact"), severity="warning")
                return
            modal: ContactModal | PurchaseModal = ContactModal(
                self.customer_id,
                contact.at,
                customer_name=name,
                editing=contact,
                saver=lambda after: self._save_edited(contact, after),
            )
            self._push_entry(modal, lambda edited: self._edited(contact, edited))
            return
        purchase = self._highlighted("purchases")
        if purchase is None:
            self.notify(saying("page.no_purchase"), severity="warning")
            return
        modal = PurchaseModal(
            self.customer_id,
            self.book.today(),
            customer_name=name,
            large=self.book.rules().large_purchase,
            editing=purchase,
            saver=lambda after: self._save_edited(purchase, after),
        )
        self._push_entry(modal, lambda edited: self._edited(purchase, edited))

    def _save_edited(self, before: RecordT, after: RecordT) -> RecordT:
        """Save an edited purchase or contact (in the modal's worker); unchanged, nothing."""
        if after == before:
            return before
        if isinstance(after, Purchase):
            return self.book.edit_purchase(after)
        assert isinstance(after, Interaction)
        return self.book.edit_contact(after)

    def _edited(self, before: Purchase | Interaction, saved: Purchase | Interaction | None) -> None:
        if saved is None or saved is before:
            return  # cancelled, or nothing changed
        if isinstance(saved, Purchase):
            text = t("page.edited.purchase", amount=money_to_the_cent(saved.amount))
        else:
            text = t("page.edited.contact", kind=saved.kind.label())
        self.post_message(PageChanged(Undoable(before, saved)))
        self.notify(text, markup=False)

    @work(thread=True, exit_on_error=False, group="page-undo")
    def _undo_edit(self, change: Undoable) -> None:
        """Put back the record as it was before an edit, over the edit (a later change
        elsewhere is refused)."""
        assert change.after is not None
        assert change.before is not None
        edited = change.before.model_copy(update={"version": change.after.version})
        now: Purchase | Interaction
        if isinstance(edited, Purchase):
            now = self.book.edit_purchase(edited)
        else:
            now = self.book.edit_contact(edited)
        self.post_message(UndoTaken(change, now=now))
        self.notify(saying("page.undone.edit"), markup=False)

    def action_log_contact(self) -> None:
        customer = self._customer()
        now = datetime.combine(self.book.today(), datetime.now().time())
        modal = ContactModal(
            self.customer_id,
            now,
            customer_name=shown_name(customer.name) if customer else "",
            saver=self.book.log_contact,
        )
        self._push_entry(modal, self._contact_entered)

    def _contact_entered(self, saved: Interaction | None) -> None:
        if saved is None:
            return
        self.post_message(PageChanged(Undoable(None, saved)))
        kind = saved.kind.label()
        if saved.outcome is not None:
            kind = f"{kind} · {saved.outcome.label()}"
        self.notify(saying("page.saved.contact", kind=kind), markup=False)

    def action_set_reminder(self) -> None:
        customer = self._customer()
        modal = ReminderModal(
            self.customer_id,
            self.book.today(),
            customer_name=shown_name(customer.name) if customer else "",
            saver=self.book.set_reminder,
        )
        self._push_entry(modal, self._reminder_entered)

    def _reminder_entered(self, saved: Reminder | None) -> None:
        if saved is None:
            return
        note = f"{saved.due.isoformat()} {shown_private(saved.note)}".strip()
        self.notify(saying("page.saved.reminder", due=note), markup=False)

    def action_toggle_reminder(self) -> None:
        reminder = self._highlighted("reminders")
        if reminder is None:
            self.notify(saying("page.no_reminder"), severity="warning")
            return
        self._wrote(self._flip_reminder(reminder))

    @work(thread=True, exit_on_error=False, group="page-save")
    def _flip_reminder(self, reminder: Reminder) -> None:
        saved = self.book.set_reminder(reminder.model_copy(update={"done": not reminder.done}))
        key = "page.reminder.done" if saved.done else "page.reminder.reopened"
        self.notify(
            saying(key, note=shown_private(saved.note) or saved.due.isoformat()), markup=False
        )

    # ---- deleting and undoing ---------------------------------------------------------

    def _highlighted(self, table: Table) -> Any:
        shown = self.query_one(f"#{table}", RecordTable)
        return shown.highlighted if shown.display else None

    def action_delete_purchase(self) -> None:
        self._delete_highlighted("purchases", "page.no_purchase")

    def action_delete_contact(self) -> None:
        self._delete_highlighted("interactions", "page.no_contact")

    def _delete_highlighted(self, table: Table, none_words: str) -> None:
        record = self._highlighted(table)
        if record is None:
            self.notify(saying(none_words), severity="warning")
            return
        self._wrote(self._delete(record))

    @work(thread=True, exit_on_error=False, group="page-save")
    def _delete(self, record: Purchase | Interaction) -> None:
        """Delete a purchase or contact; u adds it back (the deleted record is kept for it)."""
        assert record.id is not None
        if isinstance(record, Purchase):
            deleted: Purchase | Interaction = self.book.delete_purchase(record.id, record.version)
            text = t("page.deleted.purchase", date=record.date.isoformat(),
                     amount=money_to_the_cent(record.amount))  # fmt: skip
        else:
            deleted = self.book.delete_interaction(record.id, record.version)
            text = t("page.deleted.contact", at=f"{record.at:%Y-%m-%d %H:%M}",
                     kind=record.kind.label())  # fmt: skip
        self.post_message(PageChanged(Undoable(deleted)))
        self.notify(text, timeout=10, markup=False)

    def on_page_changed(self, message: PageChanged) -> None:
        self.undo_stack.append(message.undoable)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return bool(self.undo_stack)
        if action == "edit_row":  # nothing highlighted: Enter does nothing
            # The focused widget, not a query: the footer asks this while a language
            # switch recomposes the page, when the tables may not be mounted.
            focused = self.focused
            return (
                isinstance(focused, RecordTable)
                and focused.id in ("purchases", "interactions")
                and focused.display
                and focused.highlighted is not None
            )
        if action == "undo_merge":
            return self.last_merge is not None or self._kept_merge() is not None
        return True

    def _kept_merge(self) -> KeptMerge | None:
        return self.data.kept_merge if self.data is not None else None

    def action_undo_merge(self) -> None:
        """z: the merge just made; else the newest merge into this customer the book can
        still undo (made before, in another session or the CLI), once the seller says yes."""
        kept = self._kept_merge()
        if self.last_merge is not None or kept is None:
            super().action_undo_merge()
            return
        absorbed = f"{shown_name(kept.absorbed_name)}" + (
            f" ({printable(kept.absorbed_code)})" if kept.absorbed_code else ""
        )
        question = t("merge.undo_kept.question", token=kept.token, absorbed=absorbed,
                     at=kept.merged_at.replace("T", " ")[:16])  # fmt: skip

        def answered(yes_answer: bool | None) -> None:
            if yes_answer:
                self.undo_started(
                    self.run_worker(
                        lambda: self._undo(kept.token),
                        thread=True,
                        exit_on_error=False,
                        group="merge-undo",
                    )
                )

        self.app.push_screen(ConfirmDialog(question, yes_label_key="merge.key.undo"), answered)

    def undo_started(self, worker: Worker[None]) -> None:
        """The page offers z from the merge it read: keys typed during the undo wait until
        it is done and the page read again (a second z offered the merge just undone)."""
        self._wrote(worker)

    def action_no_merge_to_undo(self) -> None:
        self.notify(saying("merge.nothing_to_undo"), severity="warning")

    def action_nothing_to_undo(self) -> None:
        self.notify(saying("page.nothing_to_undo"), severity="warning")

    def action_undo(self) -> None:
        """Take back the last change not yet taken back (a purchase or contact added, deleted
        or edited, a profile saved): each u one step, as many as were made."""
        if not self.undo_stack:
            self.notify(saying("page.nothing_to_undo"), severity="warning")
            return
        change = self.undo_stack[-1]  # taken off once the book took it back (UndoTaken)
        if isinstance(change, ProfileUndo):
            self._wrote(self._undo_profile(change))
        elif change.before is None:
            self._wrote(self._undo_add(change))
        elif change.after is None:
            self._wrote(self._restore(change))
        else:
            self._wrote(self._undo_edit(change))

    # ---- the customer as a whole -------------------------------------------------------

    def action_edit(self) -> None:
        self.app.post_message(EditCustomer(self.customer_id, self._customer()))

    def action_archive(self) -> None:
        customer = self._customer()
        if customer is None:
            return
        restoring = customer.archived
        question = t(
            "page.unarchive.question" if restoring else "page.archive.question",
            name=shown_name(customer.name),
        )
        yes = "page.unarchive.yes" if restoring else "page.key.archive"

        def answered(yes_answer: bool | None) -> None:
            if yes_answer:
                self._wrote(self._archive(customer, not restoring))

        self.app.push_screen(ConfirmDialog(question, yes_label_key=yes), answered)

    @work(thread=True, exit_on_error=False, group="page-save")
    def _archive(self, customer: Customer, archived: bool) -> None:
        assert customer.id is not None
        saved = self.book.archive_customer(customer.id, customer.version, archived)
        key = "page.archived" if archived else "page.unarchived"
        self.notify(saying(key, name=shown_name(saved.name)), markup=False)

    def action_forget(self) -> None:
        """Erase the customer for good, after a question naming what goes and that it
        cannot be undone; the page closes."""
        customer = self._customer()
        if customer is None:
            return
        question = t("forget.question", name=shown_name(customer.name))

        def answered(yes_answer: bool | None) -> None:
            if yes_answer:
                self._forgetting = True  # no reload of the page meanwhile: it closes
                self._forget(customer)

        self.app.push_screen(ConfirmDialog(question, yes_label_key="page.forget.yes"), answered)

    @work(thread=True, exit_on_error=False, group="page-forget")
    def _forget(self, customer: Customer) -> None:
        assert customer.id is not None
        try:
            self.book.forget_customer(customer.id)
        except BaseException:
            self._forgetting = False
            raise
        self.notify(saying("forget.done", name=shown_name(customer.name)), markup=False)
        self._tell_backups_holding(customer)  # before the page closes: its workers end with it
        self.app.call_from_thread(self.app.pop_screen)

    def _tell_backups_holding(self, customer: Customer) -> None:
        """How many backups still hold the forgotten customer, with the command that
        rewrites them without them (a backup is replaced whole: done from the command line,
        after it asks); encrypted backups that could not be read, how many."""
        from xiaoben.store.backup_erase import erase_command

        assert customer.id is not None
        held = self.book.backups_holding(customer.id)
        if held.holding:
            told = t(
                "forget.in_backups",
                count=len(held.holding),
                name=shown_name(customer.name),
                command=erase_command(customer.id, self.book.path),
            )
            self.notify(told, markup=False, timeout=30)
        left = [t("forget.backups_others", count=len(held.others), id=customer.id)]
        left = left if held.others else []
        if held.unchecked:
            left.append(t("forget.backups_unchecked", count=len(held.unchecked)))
        if held.merges_gone:
            left.append(t("forget.merges_gone"))
        for told in left:
            self.notify(told, markup=False, timeout=30)

    # ---- merging with another record of the same person ---------------------------------

    def action_merge_with(self) -> None:
        """Pick the other record (search), then the merge screen; this customer is kept."""

        def picked(other: int | None) -> None:
            if other is not None:
                self._merging = True
                screen = MergeScreen(self.customer_id, other)
                self.app.push_screen(screen)

        picker = CustomerPicker(
            exclude_id=self.customer_id, title_key="merge.pick_title", twins=True
        )
        self.app.push_screen(picker, picked)

    def merge_closed(self, result: MergeResult | None) -> None:
        """The merge screen closed (MergeScreen._close)."""
        self._merging = False
        if result is not None:
            assert result.survivor.id is not None
            self._followed = None  # the seller's own merge: the page is the survivor's now
            self.customer_id = result.survivor.id  # the seller may have kept the other record
            self.merged(result)
        self._load()

    def merge_undone(self, survivor: Customer, absorbed: Customer) -> None:
        self._load()

    def action_back(self) -> None:
        if self._profile_open:  # Esc closes the whole profile first, back to the records
            self.action_toggle_profile()
            return
        self.app.pop_screen()

    # ---- errors ------------------------------------------------------------------------

    def _close_gone(self) -> None:
        """Her customer was forgotten elsewhere: the page closes, with any window of hers
        over it (nothing typed there can be saved). The notice stays in view, and the keys
        typed in the moment after are dropped: meant for the page or its dialog (the Enter
        that saves a purchase), they would open the list's top customer."""
        app = self.app
        if self._forgetting or self not in app.screen_stack:
            return  # (a second read that found her gone, the first closing the page)
        self._forgetting = True  # no reload of the page meanwhile: it closes
        she = next((known for known in self.known if known.id == self.customer_id), None)
        who = customer_label(she, by_id=False) if she is not None else None  # (her #id: gone)
        if isinstance(app, KeysOneAtATime):
            dropped = t("page.gone_keys_named", who=who) if who else label("page.gone_keys")
            app.drop_keys_awhile(GONE_KEYS_DROPPED_SECONDS, dropped)
            # counted again from when the screen beneath is drawn: the pops and the paint
            # took ~0.4 s of the window in a terminal, an Enter 1.2 s after the list showed
            # opened its top customer
            app.call_after_refresh(app.keep_dropping, GONE_KEYS_DROPPED_SECONDS)
        gone = t("page.gone_named", who=who) if who else label("page.gone")
        self.notify(gone, severity="error", timeout=GONE_NOTICE_SECONDS, markup=False)
        self.pop_until_active()
        app.pop_screen()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event)
        if error is None:
            return
        if event.worker.group == "page-undo" and not may_pass(error) and self.undo_stack:
            self.undo_stack.pop()  # it cannot be taken back any more (changed elsewhere)
            self.refresh_bindings()
        gone = isinstance(error, BookError) and error.key == "store.not_found"
        if gone and event.worker.group == "page-load":
            self._close_gone()
            return
        if gone and not (isinstance(error, BookError) and error.values.get("what") == "customer"):
            # a record deleted meanwhile (another window, the CLI): said without its inner id
            self.notify(saying("page.record_gone"), severity="error")
            return
        tell_failure(self, error, known=self.known)
