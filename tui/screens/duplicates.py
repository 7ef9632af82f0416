"""Possible duplicates: pairs of customers who are probably one person, likeliest first.

Enter opens the merge screen on the highlighted pair (the older record kept; x there swaps);
d says the two are different people (remembered in the book); z undoes the merge just
made. The pairs are found in a thread worker (half a second at 100,000 customers).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker

from xiaoben.models.customer import Customer
from xiaoben.models.i18n import t
from xiaoben.models.text import printable
from xiaoben.store.duplicates import DuplicatePair, Person
from xiaoben.store.merge_verbs import MergeResult
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import tell_failure, worker_error
from xiaoben.tui.i18n import label, saying, translate_bindings
from xiaoben.tui.messages import BookChanged
from xiaoben.tui.presenting import customer_label, shown_name
from xiaoben.tui.screens.merge import UNDO_MERGE, MergeScreen, UndoesMerges
from xiaoben.tui.widgets.keys_footer import KeysFooter

SHOWN = 500  # pairs listed at once: a seller merges from the top; the count says how many


@dataclass
class PairsLoaded(Message):
    pairs: list[DuplicatePair]
    total: int


def person_text(person: Person) -> Text:
    line = Text(shown_name(person.name), style="bold")
    details = [printable(person.code) if person.code else f"#{person.id}"]
    if person.city:
        details.append(printable(person.city))
    line.append("  " + " · ".join(details), style="dim")
    return line


class DuplicatesScreen(UndoesMerges, ReachesTheBook, Screen[None]):
    DEFAULT_CSS = """
    DuplicatesScreen #dups-title { text-style: bold; color: $accent; padding: 0 1; }
    DuplicatesScreen #dups-summary { color: $text-muted; padding: 0 1; }
    DuplicatesScreen #dups-table { height: 1fr; }
    """

    BINDINGS = [
        Binding("enter", "merge", "merge.key.merge", tooltip="merge.key.merge.help",
                id="dups-merge", priority=True),
        Binding("d", "dismiss_pair", "dups.key.dismiss", tooltip="dups.key.dismiss.help",
                id="dups-dismiss"),
        Binding("u", "undo_dismiss", "common.undo", tooltip="dups.key.undo.help",
                id="dups-undo"),
        # u with nothing to undo (the one above is off, and not in the footer): says so.
        Binding("u", "nothing_to_undo", "common.undo", show=False),
        UNDO_MERGE,
        Binding("escape", "back", "common.back", tooltip="common.back.help", id="dups-back"),
    ]  # fmt: skip

    def __init__(self, shown: PairsLoaded | None = None) -> None:
        """`shown`: the pairs of the screen this one replaces (after a language switch),
        shown again without looking for them in the whole book again."""
        super().__init__()
        self.pairs: list[DuplicatePair] = []
        self.dismissed: list[DuplicatePair] = []  # u takes back the last one, then before
        self.loaded: PairsLoaded | None = None  # the pairs last found
        self._shown = shown
        self._stale = False
        translate_bindings(self)

    def rebuild(self) -> DuplicatesScreen:
        screen = DuplicatesScreen(self.loaded)
        screen.last_merge = self.last_merge
        screen.dismissed = self.dismissed
        screen._stale = self._stale
        return screen

    def palette_commands(self) -> list[tuple[str, str]]:
        return [
            ("merge.key.merge.help", "merge"),
            ("dups.key.dismiss.help", "dismiss_pair"),
            ("dups.key.undo.help", "undo_dismiss"),
            ("merge.key.undo.help", "undo_merge"),
            ("common.back", "back"),
        ]

    def compose(self) -> ComposeResult:
        yield Static(label("cmd.duplicates"), id="dups-title")
        yield Static(label("dups.loading"), id="dups-summary")
        yield DataTable(id="dups-table", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("dup.col.score", "field.customer", "dup.col.second", "dup.col.why"):
            table.add_column(label(key), key=key)
        table.focus()
        if self._shown is None:
            self._load()
        else:
            self.on_pairs_loaded(self._shown)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dups-load")
    def _load(self) -> None:
        found = self.book.possible_duplicates(SHOWN)
        self.post_message(PairsLoaded(found.pairs, found.total))

    def on_pairs_loaded(self, message: PairsLoaded) -> None:
        table = self.query_one(DataTable)
        kept = self._highlighted()
        self.pairs, self.loaded = message.pairs, message
        table.clear()
        for pair in self.pairs:
            why = t("import.line_list_separator").join(t(f"dup.{r}") for r in pair.reasons)
            table.add_row(
                Text(str(pair.score), justify="right"),
                person_text(pair.first),
                person_text(pair.second),
                why,
                key=f"{pair.first.id}:{pair.second.id}",
            )
        keys = [pair.ids for pair in self.pairs]
        if kept is not None and kept.ids in keys:
            table.move_cursor(row=keys.index(kept.ids))
        summary = t("dups.count", count=f"{message.total:,}") if self.pairs else label("dup.none")
        if message.total > len(self.pairs):
            summary += " " + t("dups.more", shown=len(self.pairs))
        self.query_one("#dups-summary", Static).update(summary)
        self.refresh_bindings()  # merge and dismiss are offered once there are pairs

    def on_book_changed(self, message: BookChanged) -> None:
        message.stop()
        if self.is_current:
            self._load()
        else:
            self._stale = True  # found again when the seller comes back

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self._load()

    def _highlighted(self) -> DuplicatePair | None:
        table = self.query_one(DataTable)
        if not self.pairs or not table.row_count:
            return None
        return self.pairs[min(table.cursor_row, len(self.pairs) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo_merge":
            return self.last_merge is not None
        if action in ("merge", "dismiss_pair"):
            return bool(self.pairs)
        if action == "undo_dismiss":
            return bool(self.dismissed)
        return True

    def action_merge(self) -> None:
        pair = self._highlighted()
        if pair is not None:
            self.app.push_screen(MergeScreen(pair.first.id, pair.second.id))

    def merge_closed(self, result: MergeResult | None) -> None:
        """The merge screen closed (MergeScreen._close)."""
        if result is not None:
            self.merged(result)

    def action_dismiss_pair(self) -> None:
        pair = self._highlighted()
        if pair is not None:
            self._dismiss_pair(pair)

    @work(thread=True, exit_on_error=False, group="dups-dismiss")
    def _dismiss_pair(self, pair: DuplicatePair) -> None:
        self.book.dismiss_duplicate(pair.first.id, pair.second.id)
        first, second = (shown_name(p.name) for p in (pair.first, pair.second))
        self.app.call_from_thread(self._dismissed, pair)
        self.notify(saying("dups.dismissed", first=first, second=second), markup=False)

    def _dismissed(self, pair: DuplicatePair) -> None:
        self.dismissed.append(pair)
        self.refresh_bindings()

    def action_undo_dismiss(self) -> None:
        """u: the last "not the same person" of this screen taken back, then the one before."""
        if self.dismissed:
            self._undismiss(self.dismissed.pop())
            self.refresh_bindings()

    def action_nothing_to_undo(self) -> None:
        self.notify(saying("dups.nothing_to_undo"), severity="warning")

    @work(thread=True, exit_on_error=False, group="dups-dismiss")
    def _undismiss(self, pair: DuplicatePair) -> None:
        taken = self.book.undismiss_duplicate(pair.first.id, pair.second.id)
        if taken:
            first, second = (shown_name(p.name) for p in (pair.first, pair.second))
        else:  # maybe one of them gone from the book: named, never by her number
            first, second = (customer_label(p, by_id=False) for p in (pair.first, pair.second))
        key = "dups.undismissed" if taken else "dups.undismiss_gone"
        self.notify(saying(key, first=first, second=second), markup=False)

    def merge_undone(self, survivor: Customer, absorbed: Customer) -> None:
        self._load()

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event)
        if error is not None:  # one of a pair gone from the book meanwhile: named as listed
            pairs = [*self.pairs, *self.dismissed]
            known = [person for pair in pairs for person in (pair.first, pair.second)]
            tell_failure(self, error, known=known)
