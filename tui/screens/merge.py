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
from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker

from xiaoben.models.customer import Customer
from xiaoben.models.errors import BookError, describe
from xiaoben.models.i18n import field_key, t
from xiaoben.models.line_breaks import wrap
from xiaoben.models.merge import (
    NO_CUSTOM,
    Choices,
    CustomValues,
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
from xiaoben.tui.i18n import label, saying, translate_bindings
from xiaoben.tui.presenting import customer_label, shown_field_text, shown_name
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.wrapped import WrappedText

COLUMNS = ("field", "survivor", "absorbed", "after")


def _absorbed_label(result: MergeResult) -> str:
    if result.absorbed is None:
        return printable(result.absorbed_name)
    return customer_label(result.absorbed)


def survivor_label(result: MergeResult) -> str:
    """The survivor as the seller knew them before the merge (王芳 (C001)), and what they
    are now when the merge took the other's name or code: never 芳芳 (F-88) into 芳芳 (F-88)."""
    now = customer_label(result.survivor)
    if result.survivor_was is None:
        return now
    was = customer_label(result.survivor_was)
    return was if was == now else t("merge.survivor_now", was=was, now=now)


@dataclass
class MergeData:
    survivor: Customer
    absorbed: Customer
    moved: MergeSummary
    referrers: dict[int, str]  # id -> label, of the referrers either record names
    custom: CustomValues = NO_CUSTOM  # the seller's own fields and each record's values


@dataclass
class MergeLoaded(Message):
    data: MergeData


def column_widths(wanted: list[int], room: int) -> list[int]:
    """Widths of columns wanting `wanted` cells within `room`: a column narrower than its
    share keeps its width, the others share what is left equally (their values wrap)."""
    widths = list(wanted)
    wide = list(range(len(wanted)))
    while wide:
        share = max(room, len(wide)) // len(wide)
        fitting = [column for column in wide if wanted[column] <= share]
        if not fitting:
            for place, column in enumerate(wide):
                widths[column] = share + (1 if place < room % len(wide) else 0)
            break
        room -= sum(wanted[column] for column in fitting)
        wide = [column for column in wide if column not in fitting]
    return widths


def wrapped(text: str, width: int) -> str:
    """`text` broken into lines of `width` cells by the Chinese rules: a cell wraps whole."""
    return "\n".join(wrap(text, width))


def widest_line(text: str) -> int:
    return max(cell_len(line) for line in text.split("\n"))


class FieldTable(DataTable[Any]):
    """The differing fields; ←/→ pick a side, b both, space cycles. Each column gets a share
    of the width and a long value wraps in its cell (no value is cut, nothing scrolls
    sideways where ←/→ choose a side); ↓/↑ read through a row taller than the table."""

    DEFAULT_CSS = """
    FieldTable { scrollbar-gutter: stable; overflow-x: hidden; }
    """

    BINDINGS = [
        Binding("left", "screen.choose('survivor')", "merge.key.survivor", id="merge-survivor"),
        Binding("right", "screen.choose('absorbed')", "merge.key.absorbed", id="merge-absorbed"),
        Binding("b", "screen.choose('both')", "merge.key.both", id="merge-both"),
        Binding("space", "screen.cycle", "merge.key.cycle", show=False),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._headers: list[str] = []
        self._rows: dict[str, list[Text]] = {}
        self._drawn_width = 0
        translate_bindings(self)

    def show(
        self, headers: list[str], rows: dict[str, list[Text]], cursor: int | None = None
    ) -> None:
        """The columns' `headers` and a row of cells a field, drawn at the table's width;
        the cursor stays on its row (or goes to `cursor`). A cell's style is its base style."""
        self._headers, self._rows = headers, rows
        self._draw(self.cursor_row if cursor is None else cursor)

    def on_resize(self, event: events.Resize) -> None:
        if self._headers and self._room() != self._drawn_width:
            self._draw(self.cursor_row)

    def action_cursor_down(self) -> None:
        """Down first reads on through a row taller than the table (long notes), then moves."""
        window_end = int(self.scroll_y) + self.scrollable_content_region.height
        hidden = self._cursor_lines()[1] - window_end
        if hidden > 0:
            self.scroll_to(y=self.scroll_y + min(hidden, self._page()), animate=False)
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Up first reads back to the top of a row taller than the table, then moves."""
        hidden = int(self.scroll_y) + self.header_height - self._cursor_lines()[0]
        if hidden > 0:
            self.scroll_to(y=self.scroll_y - min(hidden, self._page()), animate=False)
            return
        super().action_cursor_up()

    def _cursor_lines(self) -> tuple[int, int]:
        """The cursor row's first line and the line after it, as the scroll offset counts."""
        if not self.row_count:
            return 0, 0
        rows = self.ordered_rows
        top = self.header_height + sum(row.height for row in rows[: self.cursor_row])
        return top, top + rows[self.cursor_row].height

    def _page(self) -> int:
        """Lines a step through a tall row moves: the rows' window less one line kept."""
        return max(1, self.scrollable_content_region.height - self.header_height - 1)

    def _room(self) -> int:
        """The cells the columns' text may take: the table's width, less the scrollbar's
        gutter and each column's padding (before the first layout: the terminal's)."""
        width = self.scrollable_content_region.width or self.app.size.width - 2
        return width - 2 * self.cell_padding * len(COLUMNS)

    def _draw(self, cursor: int) -> None:
        self._drawn_width = self._room()
        cells = [[Text(header) for header in self._headers], *self._rows.values()]
        wanted = [
            max(widest_line(cell.plain) for cell in column) for column in zip(*cells, strict=True)
        ]
        widths = column_widths(wanted, self._drawn_width)
        headers = [
            wrapped(header, width) for header, width in zip(self._headers, widths, strict=True)
        ]
        self.clear(columns=True)
        self.header_height = max(header.count("\n") + 1 for header in headers)
        for key, header, width in zip(COLUMNS, headers, widths, strict=True):
            self.add_column(Text(header), key=key, width=width)
        for field, row in self._rows.items():
            shown = [
                Text(wrapped(cell.plain, width), style=cell.style)
                for cell, width in zip(row, widths, strict=True)
            ]
            self.add_row(*shown, key=field, height=None)  # as many lines as its longest cell
        self.move_cursor(row=cursor, animate=False)


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
        self.merging = False  # from the seller's yes until the book has merged (or refused)
        self._shown = shown
        translate_bindings(self)

    def rebuild(self) -> MergeScreen:
        """The same merge, choices and row in a fresh screen (the language changed)."""
        if self.data is None:
            return MergeScreen(self.survivor_id, self.absorbed_id)  # still loading
        tables = self.query(FieldTable)  # none yet: shown, then rebuilt before it was composed
        row = tables.first().cursor_row if tables else 0
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
        self._show(data, choices, cursor=row)

    def palette_commands(self) -> list[tuple[str, str]]:
        return [("merge.key.swap.help", "swap"), ("merge.key.merge.help", "merge")]

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-load")
    def _load(self) -> None:
        book = self.book
        with book.reading():
            survivor = book.get_customer(self.survivor_id)
            absorbed = book.get_customer(self.absorbed_id)
            moved = book.merge_preview(self.survivor_id, self.absorbed_id)
            custom = book.merge_custom_values(self.survivor_id, self.absorbed_id)
            referrers = {}
            for referrer in {survivor.referred_by, absorbed.referred_by} - {None}:
                assert referrer is not None
                referrers[referrer] = customer_label(book.get_customer(referrer))
        self.post_message(MergeLoaded(MergeData(survivor, absorbed, moved, referrers, custom)))

    def on_merge_loaded(self, message: MergeLoaded) -> None:
        data = message.data
        choices = default_choices(data.survivor, data.absorbed)
        self._show(data, {**choices, **data.custom.default_choices()})

    def _show(self, data: MergeData, choices: Choices, cursor: int | None = None) -> None:
        self.data = data
        self.fields = preview_fields(data.survivor, data.absorbed, data.custom)
        custom = [data.custom.fields[each].key for each in data.custom.differing()]
        at = self.fields.index("notes") if "notes" in self.fields else len(self.fields)
        self.fields[at:at] = custom  # before the notes their values not taken go into
        self.choices = choices
        self._fill(cursor)
        moves = t("merge.moves", **dataclasses.asdict(data.moved))
        if not self.fields:
            moves = f"{label('merge.no_difference')}\n{moves}"
        self.query_one("#merge-moves", Static).update(moves)
        self._check()

    def _fill(self, cursor: int | None = None) -> None:
        assert self.data is not None
        headers = [
            "",
            t("merge.col.kept", name=customer_label(self.data.survivor)),
            t("merge.col.merged_in", name=customer_label(self.data.absorbed)),
            label("merge.col.after"),
        ]
        rows = {field: self._cells(field) for field in self.fields}
        self.query_one(FieldTable).show(headers, rows, cursor)

    # ---- showing a field -------------------------------------------------------------

    def _text(self, customer: Customer, field: str) -> str:
        assert self.data is not None
        custom = self.data.custom
        field_id = custom.by_key(field)
        if field_id is not None:
            side = custom.survivor if customer is self.data.survivor else custom.absorbed
            text = custom.text(field_id, side.get(field_id))
            return shown_field_text(field, text, list(custom.fields.values()))
        if field == "birthday" and customer.birthday is not None:
            return birthday_shown(customer.birthday)
        if field == "referred_by" and customer.referred_by is not None:
            return self.data.referrers.get(customer.referred_by, f"#{customer.referred_by}")
        return shown_field_text(field, field_text(customer, field))

    def _cells(self, field: str) -> list[Text]:
        assert self.data is not None
        side = self.choices.get(field, Side.SURVIVOR)
        chosen = "bold reverse"
        survivor = Text(
            self._text(self.data.survivor, field) or "—",
            style=chosen if side in (Side.SURVIVOR, Side.BOTH) else "",
        )
        absorbed = Text(
            self._text(self.data.absorbed, field) or "—",
            style=chosen if side in (Side.ABSORBED, Side.BOTH) else "",
        )
        after = self._after(field)
        return [Text(self._label(field), style="bold"), survivor, absorbed, Text(after)]

    def _label(self, field: str) -> str:
        assert self.data is not None
        field_id = self.data.custom.by_key(field)
        if field_id is None:
            return label(field_key(field))
        return printable(self.data.custom.fields[field_id].label())

    def _after(self, field: str) -> str:
        assert self.data is not None
        survivor, absorbed, custom = self.data.survivor, self.data.absorbed, self.data.custom
        side = self.choices.get(field, Side.SURVIVOR)
        field_id = custom.by_key(field)
        if field_id is not None:
            text = custom.text(field_id, custom.value(field_id, side))
            return shown_field_text(field, text, list(custom.fields.values()))
        value = chosen_value(survivor, absorbed, field, side)
        if field == "notes":  # with the values of the sides not taken (merged_notes)
            value = merged_notes(survivor, absorbed, self.choices, custom)
        if field == "age_band":  # it follows the merged birthday
            value = merged_age_band(survivor, absorbed, self.choices, self.book.today())
        return self._text(survivor.model_copy(update={field: value}), field)

    def _redraw(self) -> None:
        """The rows drawn again after a choice: the notes and the age band follow the
        other fields' choices, and the row's height its new value."""
        self._fill()
        self._check()

    def _check(self) -> None:
        """The merged profile must keep every rule (two notes joined may be too long)."""
        assert self.data is not None
        try:
            data = self.data
            merged_customer(
                data.survivor, data.absorbed, self.choices, self.book.today(), data.custom
            )
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
        if field is None or Side(side) not in self._sides(field):
            return
        self.choices[field] = Side(side)
        self._redraw()

    def action_cycle(self) -> None:
        field = self._current_field()
        if field is None:
            return
        sides = self._sides(field)
        current = self.choices.get(field, Side.SURVIVOR)
        self.choices[field] = sides[(sides.index(current) + 1) % len(sides)]
        self._redraw()

    def _sides(self, field: str) -> tuple[Side, ...]:
        assert self.data is not None
        field_id = self.data.custom.by_key(field)
        return sides_of(field) if field_id is None else self.data.custom.sides_of(field_id)

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
            if yes and not self.merging:
                self._working(True)
                self._merge(data, dict(self.choices))

        self.app.push_screen(ConfirmDialog(question, yes_label_key="merge.key.merge"), answered)

    def _working(self, merging: bool) -> None:
        """While the book merges (a customer of 50,000 purchases takes seconds), the screen
        says so and takes no other merge, choice or Esc."""
        self.merging = merging
        if merging:
            self.query_one("#merge-moves", Static).update(label("merge.working"))
        elif self.data is not None:  # refused: the screen as it was, choices kept
            moves = t("merge.moves", **dataclasses.asdict(self.data.moved))
            self.query_one("#merge-moves", Static).update(moves)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.merging and action in ("merge", "swap", "choose", "cycle"))

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
        if self.merging:  # it cannot be stopped half-way: it ends, then the notice and z
            self.notify(saying("merge.still_working"), severity="warning")
            return
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
        if event.worker.group == "merge-save":
            self._working(False)
        if isinstance(error, BookError) and error.key == "store.not_found":
            self._tell_gone(error)  # then closes: one of the two is gone
            return
        tell_failure(self, error)
        if event.worker.group == "merge-load":
            self._close(None)

    @work(thread=True, exit_on_error=False, group="merge-gone")
    def _tell_gone(self, error: BookError) -> None:
        """One of the two is gone: merged into someone by another window or the CLI
        meanwhile is said so (找不到客户：10 said only her inner number)."""
        for customer_id in (self.absorbed_id, self.survivor_id):
            found = self.book.merged_into(customer_id)
            if found is not None:
                survivor, name = found
                self.notify(saying("merge.merged_elsewhere", name=shown_name(name),
                              who=customer_label(survivor)),
                            severity="error", markup=False)  # fmt: skip
                break
        else:  # forgotten: named as the screen showed her (雷颖霞 (C0132)), not "132"
            data = self.data
            known = (data.survivor, data.absorbed) if data is not None else ()
            self.app.call_from_thread(tell_failure, self, error, None, known)
        self.app.call_from_thread(self._close, None)  # (forgotten, merged elsewhere)


class UndoesMerges:
    """Mixed into a screen that opens the merge screen: tells the seller what was merged,
    and z undoes it (until another merge, or the screen is left)."""

    last_merge: MergeResult | None = None

    def merged(self, result: MergeResult) -> None:
        self.last_merge = result
        screen: Any = self
        screen.refresh_bindings()
        screen.notify(
            saying("merge.done", absorbed=_absorbed_label(result),
                 survivor=survivor_label(result), token=result.token),
            timeout=15,
            markup=False,
        )  # fmt: skip

    def action_undo_merge(self) -> None:
        screen: Any = self
        if self.last_merge is None:
            screen.notify(saying("merge.nothing_to_undo"), severity="warning")
            return
        token, self.last_merge = self.last_merge.token, None
        screen.refresh_bindings()
        screen.notify(saying("merge.undoing"))  # a big merge takes seconds to undo
        self.undo_started(
            screen.run_worker(
                lambda: self._undo(token), thread=True, exit_on_error=False, group="merge-undo"
            )
        )

    def undo_started(self, worker: Worker[None]) -> None:
        """The undo of a merge runs in `worker` (override to wait for it: a screen that
        offers z from what it read keeps the keys typed meanwhile until it has read again)."""

    def _undo(self, token: int) -> None:
        screen: Any = self
        survivor, absorbed = screen.book.undo_merge(token)
        screen.notify(
            saying(
                "merge.undone", survivor=customer_label(survivor), absorbed=customer_label(absorbed)
            ),
            markup=False,
        )
        screen.app.call_from_thread(self.merge_undone, survivor, absorbed)

    def merge_undone(self, survivor: Customer, absorbed: Customer) -> None:
        """Called on the screen's thread once both customers are back (override to follow)."""


UNDO_MERGE = Binding(
    "z", "undo_merge", "merge.key.undo", tooltip="merge.key.undo.help", id="merge-undo"
)
