"""The merge screen: two records of one person side by side, field by field, the seller
choosing each differing field's side with the keyboard, what moves, then one merge.

Closes with the MergeResult (None if the seller backs out), handed to the screen beneath's
`merge_closed`: that screen is found when the merge screen closes, so a language switch that
built the screens anew (XiaobenApp._rebuild_screens) still reaches the one now there.
`UndoesMerges` gives the screens that open it (the customer page, the possible duplicates
list) the z key that undoes the merge just made.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker

from xiaoben.models.customer import Customer
from xiaoben.models.errors import BookError, describe
from xiaoben.models.i18n import field_key, t
from xiaoben.models.merge import (
    Choices,
    Side,
    chosen_value,
    default_choices,
    field_text,
    merged_age_band,
    merged_customer,
    merged_notes,
    preview_fields,
    sides_of,
)
from xiaoben.models.text import printable
from xiaoben.store.merge import MergeSummary
from xiaoben.store.merge_verbs import MergeResult
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import tell_failure, worker_error
from xiaoben.tui.formatting import birthday_shown
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.presenting import shown_field_text, shown_name
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.wrapped import WrappedText


def customer_label(customer: Customer) -> str:
    """王芳 (C001), or 王芳 (#12) without a code: the two records of one name told apart."""
    name = shown_name(customer.name)
    return f"{name} ({printable(customer.code)})" if customer.code else f"{name} (#{customer.id})"


@dataclass
class MergeData:
    survivor: Customer
    absorbed: Customer
    moved: MergeSummary
    referrers: dict[int, str]  # id -> label, of the referrers either record names


@dataclass
class MergeLoaded(Message):
    data: MergeData


class FieldTable(DataTable[Any]):
    """The differing fields; ←/→ pick a side, b both, space cycles."""

    BINDINGS = [
        Binding("left", "screen.choose('survivor')", "merge.key.survivor", id="merge-survivor"),
        Binding("right", "screen.choose('absorbed')", "merge.key.absorbed", id="merge-absorbed"),
        Binding("b", "screen.choose('both')", "merge.key.both", id="merge-both"),
        Binding("space", "screen.cycle", "merge.key.cycle", show=False),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        translate_bindings(self)


class MergeScreen(ReachesTheBook, Screen[MergeResult | None]):
    """Merge `absorbed_id` into `survivor_id` (x swaps which one is kept)."""

    DEFAULT_CSS = """
    MergeScreen #merge-title { text-style: bold; color: $accent; padding: 0 1; }
    MergeScreen #merge-help { color: $text-muted; padding: 0 1; }
    MergeScreen #merge-fields { height: 1fr; }
    MergeScreen #merge-moves { padding: 0 1; height: auto; }
    MergeScreen #merge-problem { padding: 0 1; height: auto; color: $text-error; }
    """

    BINDINGS = [
        Binding("x", "swap", "merge.key.swap", tooltip="merge.key.swap.help", id="merge-swap"),
        Binding("enter,ctrl+s", "merge", "merge.key.merge", tooltip="merge.key.merge.help",
                id="merge-go", priority=True),
        Binding("escape", "cancel", "common.cancel", tooltip="common.back.help", id="merge-back"),
    ]  # fmt: skip

    def __init__(
        self,
        survivor_id: int,
        absorbed_id: int,
        shown: tuple[MergeData, Choices, int] | None = None,
    ) -> None:
        """`shown`: the records, choices and cursor row of the screen this one replaces
        (after a language switch): shown again without reading the book."""
        super().__init__()
        self.survivor_id = survivor_id
        self.absorbed_id = absorbed_id
        self.data: MergeData | None = None
        self.choices: Choices = {}
        self.fields: list[str] = []
        self.problem = ""
        self._shown = shown
        translate_bindings(self)

    def rebuild(self) -> MergeScreen:
        """The same merge, choices and row in a fresh screen (the language changed)."""
        if self.data is None:
            return MergeScreen(self.survivor_id, self.absorbed_id)  # still loading
        row = self.query_one(FieldTable).cursor_row
        return MergeScreen(self.survivor_id, self.absorbed_id, (self.data, dict(self.choices), row))

    def compose(self) -> ComposeResult:
        yield Static(label("merge.title"), id="merge-title")
        yield WrappedText(label("merge.help"), id="merge-help")
        yield FieldTable(id="merge-fields")
        yield WrappedText("", id="merge-moves", markup=False)
        yield WrappedText("", id="merge-problem", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(FieldTable).focus()
        if self._shown is None:
            self._load()
            return
        data, choices, row = self._shown
        self._show(data, choices)
        self.query_one(FieldTable).move_cursor(row=row)

    def palette_commands(self) -> list[tuple[str, str]]:
        return [("merge.key.swap.help", "swap"), ("merge.key.merge.help", "merge")]

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-load")
    def _load(self) -> None:
        book = self.book
        with book.reading():
            survivor = book.get_customer(self.survivor_id)
            absorbed = book.get_customer(self.absorbed_id)
            moved = book.merge_preview(self.survivor_id, self.absorbed_id)
            referrers = {}
            for referrer in {survivor.referred_by, absorbed.referred_by} - {None}:
                assert referrer is not None
                referrers[referrer] = customer_label(book.get_customer(referrer))
        self.post_message(MergeLoaded(MergeData(survivor, absorbed, moved, referrers)))

    def on_merge_loaded(self, message: MergeLoaded) -> None:
        data = message.data
        self._show(data, default_choices(data.survivor, data.absorbed))

    def _show(self, data: MergeData, choices: Choices) -> None:
        self.data = data
        self.fields = preview_fields(data.survivor, data.absorbed)
        self.choices = choices
        table = self.query_one(FieldTable)
        table.clear(columns=True)
        table.add_column("", key="field")
        table.add_column(t("merge.col.kept", name=customer_label(data.survivor)), key="survivor")
        table.add_column(
            t("merge.col.merged_in", name=customer_label(data.absorbed)), key="absorbed"
        )
        table.add_column(label("merge.col.after"), key="after")
        for field in self.fields:
            table.add_row(*self._cells(field), key=field)
        moves = t("merge.moves", **dataclasses.asdict(data.moved))
        if not self.fields:
            moves = f"{label('merge.no_difference')}\n{moves}"
        self.query_one("#merge-moves", Static).update(moves)
        self._check()

    # ---- showing a field -------------------------------------------------------------

    def _text(self, customer: Customer, field: str) -> str:
        assert self.data is not None
        if field == "birthday" and customer.birthday is not None:
            return birthday_shown(customer.birthday)
        if field == "referred_by" and customer.referred_by is not None:
            return self.data.referrers.get(customer.referred_by, f"#{customer.referred_by}")
        return shown_field_text(field, field_text(customer, field))

    def _cells(self, field: str) -> list[Text]:
        assert self.data is not None
        side = self.choices.get(field, Side.SURVIVOR)
        chosen = "bold reverse"
        survivor = Text(self._text(self.data.survivor, field) or "—")
        absorbed = Text(self._text(self.data.absorbed, field) or "—")
        if side in (Side.SURVIVOR, Side.BOTH):
            survivor.stylize(chosen)
        if side in (Side.ABSORBED, Side.BOTH):
            absorbed.stylize(chosen)
        after = self._after(field)
        return [Text(label(field_key(field)), style="bold"), survivor, absorbed, Text(after)]

    def _after(self, field: str) -> str:
        assert self.data is not None
        survivor, absorbed = self.data.survivor, self.data.absorbed
        side = self.choices.get(field, Side.SURVIVOR)
        value = chosen_value(survivor, absorbed, field, side)
        if field == "notes":  # with the values of the sides not taken (merged_notes)
            value = merged_notes(survivor, absorbed, self.choices)
        if field == "age_band":  # it follows the merged birthday
            value = merged_age_band(survivor, absorbed, self.choices, self.book.today())
        return self._text(survivor.model_copy(update={field: value}), field)

    def _refresh_row(self, field: str) -> None:
        table = self.query_one(FieldTable)
        for column, cell in zip(("field", "survivor", "absorbed", "after"), self._cells(field),
                                strict=True):  # fmt: skip
            table.update_cell(field, column, cell)
        if field == "birthday" and "age_band" in self.fields:  # the band follows it
            self._refresh_row("age_band")
            return
        if field != "notes" and "notes" in self.fields:  # a value not taken goes there
            self._refresh_row("notes")
            return
        self._check()

    def _check(self) -> None:
        """The merged profile must keep every rule (two notes joined may be too long)."""
        assert self.data is not None
        try:
            merged_customer(self.data.survivor, self.data.absorbed, self.choices, self.book.today())
            self.problem = ""
        except ValidationError as exc:
            self.problem = t("merge.cannot", detail="; ".join(map(str, describe(exc))))
        self.query_one("#merge-problem", Static).update(self.problem)

    # ---- choosing --------------------------------------------------------------------

    def _current_field(self) -> str | None:
        table = self.query_one(FieldTable)
        if not self.fields or not table.row_count:
            return None
        return self.fields[table.cursor_row]

    def action_choose(self, side: str) -> None:
        field = self._current_field()
        if field is None or Side(side) not in sides_of(field):
            return
        self.choices[field] = Side(side)
        self._refresh_row(field)

    def action_cycle(self) -> None:
        field = self._current_field()
        if field is None:
            return
        sides = sides_of(field)
        current = self.choices.get(field, Side.SURVIVOR)
        self.choices[field] = sides[(sides.index(current) + 1) % len(sides)]
        self._refresh_row(field)

    def action_swap(self) -> None:
        """Keep the other record: the choices start again from that side's suggestions."""
        self.survivor_id, self.absorbed_id = self.absorbed_id, self.survivor_id
        self._load()

    # ---- merging ---------------------------------------------------------------------

    def action_merge(self) -> None:
        data = self.data
        if data is None:
            return
        if self.problem:
            self.notify(self.problem, severity="error", markup=False)
            return
        question = t(
            "merge.question",
            absorbed=customer_label(data.absorbed),
            survivor=customer_label(data.survivor),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._merge(data, dict(self.choices))

        self.app.push_screen(ConfirmDialog(question, yes_label_key="merge.key.merge"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-save")
    def _merge(self, data: MergeData, choices: Choices) -> None:
        assert data.survivor.id is not None and data.absorbed.id is not None
        result = self.book.merge_customers(
            data.survivor.id,
            data.absorbed.id,
            choices,
            versions=(data.survivor.version, data.absorbed.version),
        )
        self.app.call_from_thread(self._close, result)

    def action_cancel(self) -> None:
        self._close(None)

    def _close(self, result: MergeResult | None) -> None:
        """Close, handing the result to the screen beneath (see the module's docstring)."""
        stack = self.app.screen_stack
        beneath = stack[stack.index(self) - 1] if self in stack[1:] else None
        self.dismiss(result)
        closed = getattr(beneath, "merge_closed", None)
        if beneath is not None and closed is not None:
            beneath.call_next(closed, result)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event)
        if error is None:
            return
        tell_failure(self, error)
        if event.worker.group == "merge-load" or (
            isinstance(error, BookError) and error.key == "store.not_found"
        ):
            self._close(None)  # one of the two is gone (forgotten, merged elsewhere)


class UndoesMerges:
    """Mixed into a screen that opens the merge screen: tells the seller what was merged,
    and z undoes it (until another merge, or the screen is left)."""

    last_merge: MergeResult | None = None

    def merged(self, result: MergeResult) -> None:
        self.last_merge = result
        screen: Any = self
        screen.refresh_bindings()
        screen.notify(
            t("merge.done", absorbed=printable(result.absorbed_name),
              survivor=customer_label(result.survivor)),
            timeout=15,
            markup=False,
        )  # fmt: skip

    def action_undo_merge(self) -> None:
        screen: Any = self
        if self.last_merge is None:
            screen.notify(label("merge.nothing_to_undo"), severity="warning")
            return
        token, self.last_merge = self.last_merge.token, None
        screen.refresh_bindings()
        screen.run_worker(
            lambda: self._undo(token), thread=True, exit_on_error=False, group="merge-undo"
        )

    def _undo(self, token: int) -> None:
        screen: Any = self
        survivor, absorbed = screen.book.undo_merge(token)
        screen.notify(
            t("merge.undone", survivor=customer_label(survivor), absorbed=customer_label(absorbed)),
            markup=False,
        )
        screen.app.call_from_thread(self.merge_undone, survivor, absorbed)

    def merge_undone(self, survivor: Customer, absorbed: Customer) -> None:
        """Called on the screen's thread once both customers are back (override to follow)."""


UNDO_MERGE = Binding(
    "z", "undo_merge", "merge.key.undo", tooltip="merge.key.undo.help", id="merge-undo"
)
