"""The seller's own fields (自定义字段): list, add, rename, reorder and remove them.

a adds a field, Enter edits the highlighted one (labels, required, options: a rename
keeps every value), shift+↑/↓ moves it in the form, d removes it after asking, and u
(named in the notification) brings the removed field back with its values. Reads and
writes go through the book in thread workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError
from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, DataTable, Label, Select, Static
from textual.worker import Worker

from xiaoben.models.errors import BookError, describe
from xiaoben.models.fields import CHOICES_APART, FieldDef, FieldKind, options_listed
from xiaoben.models.i18n import field_key, t
from xiaoben.models.line_breaks import wrap
from xiaoben.models.text import printable
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import tell_failure, worker_error
from xiaoben.tui.i18n import label, saying, translate_bindings
from xiaoben.tui.messages import BookChanged
from xiaoben.tui.screens.follows import standing
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.inputs import LIST_SEPARATOR, ButtonBox, SelectBox, TextBox, TickBox
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.wrapped import WrappedText

EDITED = ("label_zh", "label_en", "kind", "required", "options", "in_list")
# The table's columns, by the catalogue keys of their headings.
COLUMNS = (
    "field.label_zh",
    "field.label_en",
    "fields.kind",
    "field.required",
    "field.options",
    "fields.col.customers",
)
LEAST_WIDTH = 6  # cells a column keeps however narrow the screen (the table scrolls then)


@dataclass
class FieldsLoaded(Message):
    fields: list[FieldDef]
    usage: dict[int, int]
    notes: dict[int, str]  # what removing a field means beyond its values (in the score)


def split_options(text: str) -> list[str]:
    import re

    return [part.strip() for part in re.split(f"[{CHOICES_APART}\n]+", text) if part.strip()]


class FieldEditor(ModalScreen[FieldDef | None]):
    """A field's labels, kind (fixed once it has values), required flag and options.
    Dismisses with the checked definition (not yet saved), or None."""

    DEFAULT_CSS = """
    FieldEditor { align: center middle; }
    FieldEditor > Vertical {
        width: 72; height: auto; max-height: 100%;
        border: thick $accent 70%; background: $surface; padding: 0 1;
    }
    FieldEditor .editor-title { text-style: bold; color: $accent; }
    FieldEditor .editor-row { height: auto; }
    FieldEditor .editor-line { height: auto; }
    FieldEditor .editor-label { width: 14; padding-top: 0; }
    FieldEditor TextBox, FieldEditor Select { width: 1fr; }
    FieldEditor .editor-error { color: $error; height: auto; }
    FieldEditor .editor-error:empty { display: none; }
    FieldEditor #editor-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    FieldEditor Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "common.save", tooltip="fields.key.save.help", id="editor-save"),
        Binding("escape", "cancel", "common.cancel", tooltip="common.cancel", id="editor-cancel"),
    ]

    def __init__(self, field: FieldDef | None) -> None:
        super().__init__()
        self.field = field
        translate_bindings(self)

    def _line(self, name: str, widget: Label | TextBox | Select[str] | Checkbox) -> Vertical:
        caption = label("fields.kind" if name == "kind" else field_key(name))
        return Vertical(
            Horizontal(Label(caption, classes="editor-label"), widget, classes="editor-line"),
            WrappedText("", id=f"editor-error-{name}", classes="editor-error", markup=False),
            id=f"editor-line-{name}",
            classes="editor-row",
        )

    def compose(self) -> ComposeResult:
        field = self.field
        kinds = [(kind.label(), kind.value) for kind in FieldKind]
        kind = SelectBox(
            kinds,
            value=field.kind.value if field else FieldKind.TEXT.value,
            allow_blank=False,
            id="editor-kind",
            compact=True,
            disabled=field is not None,
        )
        title = "fields.editor.edit" if field else "fields.editor.new"
        with Vertical():
            yield Static(label(title), classes="editor-title")
            yield self._line(
                "label_zh",
                TextBox(field.label_zh if field else "", id="editor-label_zh", compact=True),
            )
            yield self._line(
                "label_en",
                TextBox(field.label_en if field else "", id="editor-label_en", compact=True),
            )
            yield self._line("kind", kind)
            yield self._line(
                "options",
                TextBox(
                    ", ".join(field.options) if field else "",
                    placeholder=label("fields.placeholder.options"),
                    id="editor-options",
                    compact=True,
                    line_separator=LIST_SEPARATOR,  # options are split on commas
                ),
            )
            yield self._line(
                "required",
                TickBox(
                    label("fields.required"),
                    field.required if field else False,
                    id="editor-required",
                    compact=True,
                ),
            )
            yield self._line(
                "in_list",
                TickBox(
                    label("fields.in_list"),
                    field.in_list if field else False,
                    id="editor-in_list",
                    compact=True,
                ),
            )
            with Horizontal(id="editor-buttons"):
                yield ButtonBox(
                    label("common.save"), id="editor-ok", variant="primary", compact=True
                )
                yield ButtonBox(label("common.cancel"), id="editor-no", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._show_options()
        self.query_one("#editor-label_zh", TextBox).focus()

    @on(Select.Changed, "#editor-kind")
    def _show_options(self) -> None:
        kind = FieldKind(str(self.query_one("#editor-kind", Select).value))
        choice = kind in (FieldKind.CHOICE, FieldKind.CHOICES)
        self.query_one("#editor-line-options").display = choice

    def defined(self) -> tuple[FieldDef | None, dict[str, str]]:
        """The definition the editor holds, or the problems by field (in the seller's words)."""
        kind = FieldKind(str(self.query_one("#editor-kind", Select).value))
        choice = kind in (FieldKind.CHOICE, FieldKind.CHOICES)
        zh = self.query_one("#editor-label_zh", TextBox).value
        en = self.query_one("#editor-label_en", TextBox).value  # blank: the Chinese one
        data = {
            "id": self.field.id if self.field else None,
            "kind": kind,
            "label_zh": zh,
            "label_en": en,
            "required": self.query_one("#editor-required", Checkbox).value,
            "options": split_options(self.query_one("#editor-options", TextBox).value)
            if choice
            else [],
            "position": self.field.position if self.field else 0,
            "in_list": self.query_one("#editor-in_list", Checkbox).value,
        }
        try:
            return FieldDef.model_validate(data), {}
        except ValidationError as exc:
            problems: dict[str, str] = {}
            for found in describe(exc):
                problems.setdefault(found.field.split(".")[0], found.message)
            return None, problems

    def show_problems(self, problems: dict[str, str]) -> None:
        for name in EDITED:
            self.query_one(f"#editor-error-{name}", Static).update(problems.get(name, ""))

    def action_save(self) -> None:
        field, problems = self.defined()
        self.show_problems(problems)
        if field is not None:
            self.dismiss(field)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#editor-ok")
    def _ok(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#editor-no")
    def _no(self) -> None:
        self.dismiss(None)

    @on(TextBox.Submitted)
    def _next(self, event: TextBox.Submitted) -> None:
        event.stop()
        self.focus_next()


class FieldsScreen(ReachesTheBook, Screen[None]):
    DEFAULT_CSS = """
    FieldsScreen #fields-title { text-style: bold; color: $accent; padding: 0 1; }
    FieldsScreen #fields-summary { color: $text-muted; padding: 0 1; }
    FieldsScreen #fields-table { height: 1fr; }
    """

    BINDINGS = [
        Binding("a", "add_field", "fields.key.add", tooltip="fields.key.add.help", id="fields-add"),
        Binding("enter", "edit_field", "page.key.edit", tooltip="fields.key.edit.help",
                id="fields-edit", priority=True),
        Binding("shift+up", "move_field(-1)", "fields.key.up", tooltip="fields.key.up.help",
                id="fields-up"),
        Binding("shift+down", "move_field(1)", "fields.key.down",
                tooltip="fields.key.down.help", id="fields-down"),
        Binding("d,delete", "remove_field", "fields.key.remove",
                tooltip="fields.key.remove.help", id="fields-remove"),
        Binding("u", "restore_field", "fields.key.undo", tooltip="fields.key.undo.help",
                id="fields-undo"),
        Binding("escape", "back", "common.back", tooltip="common.back.help", id="fields-back"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[FieldDef] = []
        self.usage: dict[int, int] = {}
        self.notes: dict[int, str] = {}
        self.removed: FieldDef | None = None  # the last removal, for u
        self._stale = False
        translate_bindings(self)

    def rebuild(self) -> FieldsScreen:
        screen = FieldsScreen()
        screen.removed = self.removed
        return screen

    def palette_commands(self) -> list[tuple[str, str]]:
        return [
            ("fields.key.add.help", "add_field"),
            ("fields.key.edit.help", "edit_field"),
            ("fields.key.up.help", "move_field(-1)"),
            ("fields.key.down.help", "move_field(1)"),
            ("fields.key.remove.help", "remove_field"),
            ("fields.key.undo.help", "restore_field"),
            ("common.back", "back"),
        ]

    def compose(self) -> ComposeResult:
        yield Static(label("cmd.fields"), id="fields-title")
        yield Static(label("fields.loading"), id="fields-summary")
        yield DataTable(id="fields-table", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._fill()
        self.query_one(DataTable).focus()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="fields-load")
    def _load(self) -> None:
        found = self.book.fields()
        usage = {f.id: self.book.field_usage(f.id) for f in found if f.id is not None}
        notes = {f.id: self.book.removal_note(f) for f in found if f.id is not None}
        self.post_message(FieldsLoaded(found, usage, notes))

    def on_fields_loaded(self, message: FieldsLoaded) -> None:
        kept = self._highlighted()
        self.fields, self.usage, self.notes = message.fields, message.usage, message.notes
        self._fill(kept)
        summary = t("fields.count", count=len(self.fields)) if self.fields else t("fields.none")
        self.query_one("#fields-summary", Static).update(summary)
        self.refresh_bindings()

    def on_resize(self, event: events.Resize) -> None:
        # a buried screen resized as a language switch throws it away: its table is going
        if standing(self) and self.query(DataTable):
            self._fill(self._highlighted())

    def _cells(self, field: FieldDef) -> list[str]:
        return [
            printable(field.label_zh),
            printable(field.label_en),
            field.kind.label(),
            t("word.yes") if field.required else "",
            printable(options_listed(field.options)()),
            f"{self.usage.get(field.id or 0, 0):,}",
        ]

    def _fill(self, kept: FieldDef | None = None) -> None:
        """The table, each column as wide as its longest cell or heading when the screen
        has the room, else the widest cut to fit, their text wrapped there: a label of 40
        characters never cuts itself nor pushes the kind and options off the screen."""
        table = self.query_one(DataTable)
        headings = [label(key) for key in COLUMNS]
        rows = [self._cells(field) for field in self.fields]
        natural = [
            max(cell_len(text) for text in (heading, *column))
            for heading, *column in zip(headings, *rows, strict=True)
        ]
        padding = 2 * table.cell_padding * len(COLUMNS)
        room = self.size.width - padding - table.styles.scrollbar_size_vertical
        widths = fit_widths(natural, room)
        table.clear(columns=True)
        wrapped_headings = [wrap(text, width) for text, width in zip(headings, widths, strict=True)]
        table.header_height = max(len(lines) for lines in wrapped_headings)
        for key, lines, width in zip(COLUMNS, wrapped_headings, widths, strict=True):
            table.add_column(Text("\n".join(lines)), key=key, width=width)
        for field, cells in zip(self.fields, rows, strict=True):
            wrapped = [wrap(text, width) for text, width in zip(cells, widths, strict=True)]
            shown = [Text("\n".join(lines)) for lines in wrapped]
            shown[-1].justify = "right"  # the count of customers
            table.add_row(*shown, key=str(field.id), height=max(map(len, wrapped)))
        ids = [f.id for f in self.fields]
        if kept is not None and kept.id in ids:
            table.move_cursor(row=ids.index(kept.id))

    def on_book_changed(self, message: BookChanged) -> None:
        message.stop()
        if self.is_current:
            self._load()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self._load()

    def _highlighted(self) -> FieldDef | None:
        # A query that may find none: the footer asks check_action while a language
        # switch recomposes the screen, when the table may not be mounted.
        tables = self.query(DataTable)
        if not self.fields or not tables or not (table := tables.first()).row_count:
            return None
        return self.fields[min(table.cursor_row, len(self.fields) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_field", "move_field", "remove_field"):
            return self._highlighted() is not None
        if action == "restore_field":
            return self.removed is not None
        return True

    # ---- verbs ---------------------------------------------------------------------------

    def action_add_field(self) -> None:
        self.app.push_screen(FieldEditor(None), self._edited)

    def action_edit_field(self) -> None:
        field = self._highlighted()
        if field is not None:
            self.app.push_screen(FieldEditor(field), self._edited)

    def _edited(self, field: FieldDef | None) -> None:
        if field is not None:
            self._write(field)

    @work(thread=True, exclusive=True, exit_on_error=False, group="fields-write")
    def _write(self, field: FieldDef) -> None:
        try:
            if field.id is None:
                saved = self.book.add_field(field)
                self.app.call_from_thread(self._said, t("fields.added", label=saved.label()))
            else:
                saved = self.book.update_field(field)
                self.app.call_from_thread(self._said, t("fields.saved", label=saved.label()))
        except BookError as exc:
            self.app.call_from_thread(self._refused, exc.message())

    def _said(self, text: str) -> None:
        self.notify(text, markup=False)

    def _refused(self, text: str) -> None:
        self.notify(text, severity="error", markup=False, timeout=10)

    def action_move_field(self, step: int) -> None:
        field = self._highlighted()
        if field is None or field.id is None:
            return
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, min(len(self.fields) - 1, table.cursor_row + step)))
        self._move(field.id, step)

    @work(thread=True, exit_on_error=False, group="fields-write")
    def _move(self, field_id: int, step: int) -> None:
        self.book.move_field(field_id, step)

    def action_remove_field(self) -> None:
        field = self._highlighted()
        if field is None or field.id is None:
            return
        question = t(
            "fields.ask_remove", label=field.label(), count=f"{self.usage.get(field.id, 0):,}"
        )
        if self.notes.get(field.id):
            question = f"{question}\n\n{self.notes[field.id]}"
        field_id = field.id

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(field_id)

        self.app.push_screen(ConfirmDialog(question, "fields.remove", "confirm.no"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="fields-write")
    def _remove(self, field_id: int) -> None:
        removed = self.book.remove_field(field_id)
        self.app.call_from_thread(self._removed, removed)

    def _removed(self, field: FieldDef) -> None:
        self.removed = field
        self.refresh_bindings()
        self.notify(saying("fields.removed", label=field.label()), markup=False, timeout=15)

    def action_restore_field(self) -> None:
        if self.removed is None or self.removed.id is None:
            return
        self._restore(self.removed.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="fields-write")
    def _restore(self, field_id: int) -> None:
        try:
            restored = self.book.restore_field(field_id)
        except BookError as exc:
            self.app.call_from_thread(self._refused, exc.message())
            return
        self.app.call_from_thread(self._restored, restored)

    def _restored(self, field: FieldDef) -> None:
        self.removed = None
        self.refresh_bindings()
        self.notify(saying("fields.restored", label=field.label()), markup=False)

    def action_back(self) -> None:
        self.dismiss(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event, "fields-")
        if error is not None:
            tell_failure(self, error, "fields.failed")


def fit_widths(natural: Sequence[int], room: int, least: int = LEAST_WIDTH) -> list[int]:
    """Widths for columns of these natural widths in `room` cells: each its own when all
    fit; else the widest cut down to one cap (the narrow ones keep theirs), the cells left
    given to the cut ones. None below `least` (or its own, if narrower): then they may
    need more than `room`."""
    if sum(natural) <= room:
        return list(natural)
    floor, top = least, max(natural)
    while floor < top:  # the largest cap that fits
        middle = (floor + top + 1) // 2
        if sum(min(width, middle) for width in natural) <= room:
            floor = middle
        else:
            top = middle - 1
    widths = [min(width, floor) for width in natural]
    spare = room - sum(widths)
    for number, width in enumerate(natural):
        if spare <= 0:
            break
        if width > widths[number]:
            widths[number] += 1
            spare -= 1
    return widths
