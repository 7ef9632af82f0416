"""The Import screen: a file, how to read it, each column's field, a preview of the first
rows with each cell's verdict and a dry run of the whole file; then the import itself, with
a progress bar and the report in words.

Reading the file, the dry run and the import run in thread workers on the same functions
as `xiaoben import` (read_any, import_table). The seller's choices (kind, sheet, header
row, column mapping, options) survive a file that cannot be read and an import refused;
the mapping is remembered in the book for the next file with the same headers.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Label, ProgressBar, Select, Static
from textual.worker import Worker

from xiaoben.models.cells import ordered_date
from xiaoben.models.errors import BookError
from xiaoben.models.fields import FieldDef
from xiaoben.models.i18n import Listed, Words, t
from xiaoben.models.text import printable
from xiaoben.store.backups import ImportBackup
from xiaoben.store.import_maps import header_set
from xiaoben.store.importing.columns import ColumnMap, Kind, columns_chosen, match_columns
from xiaoben.store.importing.date_order import DATE_ORDERS, DateOrder, DatesRead, dates_read
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.tables import (
    ImportTable,
    empty_rows_note,
    ignored_columns,
    lost_zeros,
    recognised,
    total_rows_note,
)
from xiaoben.store.importing.verdicts import PREVIEW_ROWS, first_rows
from xiaoben.store.imports import (
    ImportCancelled,
    ImportRejected,
    ImportReport,
    Progress,
    import_table,
    keep_near_matches,
)
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.dropped_paths import dropped_path, several_dropped
from xiaoben.tui.failures import tell_failure, worker_error
from xiaoben.tui.i18n import saying, translate_bindings
from xiaoben.tui.screens.follows import standing
from xiaoben.tui.screens.import_report import (
    SHOWN_NEAR,
    Checked,
    CheckProgressed,
    FileStamp,
    Imported,
    Progressed,
    TableRead,
    checking_words,
    file_stamp,
    read_text,
    report_lines,
    said,
    sheets_of,
    stage_words,
)
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.import_parts import (
    AUTO,
    FieldPicker,
    MappingTable,
    PathSuggester,
    PreviewTable,
    choice_key,
    column_name,
)
from xiaoben.tui.widgets.inputs import SelectBox, TextBox, TickBox
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.stacking_row import StackingRow
from xiaoben.tui.widgets.wrapped import WrappedText

KINDS: tuple[Kind, ...] = ("customers", "purchases")
DUPLICATE_CHOICES = ("update", "skip", "new")
# A purchase row whose order number an earlier import brought in (xiaoben import purchases
# --on-duplicate): left as it is (the default), updated, or imported again.
ORDER_CHOICES = ("skip", "update", "new")
# Above this many rows the dry run (a transaction on the book) waits for the seller's ctrl+r.
AUTO_CHECK_ROWS = 20_000
# The form: the file and how it is read, mapped and imported. Locked while an import runs,
# which imports the table read when it began (another file read meanwhile would take the
# import's report and its "already imported").
FORM = (
    "#import-path",
    "#import-kind",
    "#import-sheet",
    "#import-header-row",
    "#import-mapping",
    "#import-date-order",
    "#import-keep-good",
    "#import-on-duplicate",
    "#import-order-duplicate",
    "#import-create-missing",
)
# Keys that would change the form, said to wait while it is locked (printable ones too)
EDITING_KEYS = frozenset({"backspace", "delete", "enter", "space", "ctrl+u", "ctrl+k", "ctrl+w"})


class ImportScreen(ReachesTheBook, Screen[None]):
    CSS_PATH = "imports.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "run", "importer.key.run", tooltip="importer.cmd.run", id="import.run"),
        Binding(
            "ctrl+r", "check", "importer.key.check", tooltip="importer.cmd.check", id="import.check"
        ),
        Binding("escape", "back", "common.back", tooltip="importer.cmd.back", id="import.back"),
    ]

    def __init__(self, path: str = "", sheet: str | None = None, header_row: str = "") -> None:
        super().__init__()
        self.start_path = path
        self.start_sheet = sheet  # a rebuilt screen's: the sheet and header row chosen
        self.start_header_row = header_row
        self.kind: Kind = "customers"
        self.kind_chosen = False  # the seller picked it: no guessing from the header
        self.table: ImportTable | None = None
        self.sheets: tuple[str, ...] = ()
        self.chosen: dict[str, str] = {}  # the seller's mapping: header text -> field
        self.chosen_for = ""  # the header set `chosen` was made for
        self.chosen_header: list[str] = []  # and the header itself, in its order
        self.remembered = False
        # the order the seller chose for the file's slashed dates (03/05/2024), asked only
        # where the column cannot tell (self.dates.order None), and whether it was remembered
        self.date_order: DateOrder | None = None
        self.date_order_remembered = False
        self.dates: DatesRead | None = None  # how the file's slashed dates read (dates_read)
        self.dates_of: tuple[int, int, tuple[int, ...]] = (0, 0, ())  # read, kind, columns
        self._date_options: list[tuple[str, DateOrder]] = []  # the choice's, as shown
        self.large_cents: int | None = None
        self.columns: ColumnMap | None = None
        self.custom_fields: tuple[FieldDef, ...] = ()
        self.mapping_error = ""
        self.read_error = ""
        self.imported = False  # this table went into the book already
        # the file the table was read from, and how it stood then (file_stamp)
        self.read_from: tuple[Path | None, FileStamp | None] = (None, None)
        # a rebuilt screen's: the file as the screen before it read it (its first read keeps
        # that stamp, so a file saved in between is not taken as seen)
        self.seen_read: tuple[Path | None, FileStamp | None] = (None, None)
        self._importing_table: ImportTable | None = None  # the table the import runs on
        self._focus_before: str | None = None  # the form's widget focused when it was locked
        self.outcome: Imported | None = None  # how the import ended, shown under the options
        self.ticked: dict[str, bool] = {}  # the boxes' ticks by id, kept by a rebuild
        self.picked: dict[str, str] = {}  # the duplicate choices by id, likewise
        self.importing = False
        self._stop = threading.Event()  # quitting: the import or dry run stops at its next batch
        self._cancel = threading.Event()  # the seller stopped the import (Esc, yes)
        self._asking: ConfirmDialog | None = None  # "stop this import?", while it is asked
        self._reading = 0  # the latest read asked for: older answers are dropped
        self._answered = 0  # the latest read answered: until it is _reading, the table is old
        self._checking = 0  # the latest dry run asked for, likewise
        translate_bindings(self)

    def rebuild(self) -> ImportScreen:
        """The screen anew (another language), with the seller's choices."""
        if not self.query("#import-path"):  # not composed yet: as it was asked for
            screen = ImportScreen(self.start_path, self.start_sheet, self.start_header_row)
        else:
            chosen_sheet = self.query_one("#import-sheet", Select).value
            screen = ImportScreen(
                self.query_one("#import-path", TextBox).value,
                chosen_sheet if isinstance(chosen_sheet, str) else None,
                self.query_one("#import-header-row", TextBox).value,
            )
        screen.kind, screen.kind_chosen = self.kind, self.kind_chosen
        screen.chosen, screen.chosen_for = dict(self.chosen), self.chosen_for
        screen.remembered = self.remembered
        screen.date_order, screen.date_order_remembered = (
            self.date_order,
            self.date_order_remembered,
        )
        # what the import did stays told (in the new words), and the file is not offered again
        screen.imported, screen.outcome = self.imported, self.outcome
        # the file as the seller saw it read: a rebuilt screen reads it again, and a file
        # saved since is still "changed since it was read" (ctrl+s refused until Enter)
        screen.seen_read = self.read_from
        screen.ticked = {box.id or "": box.value for box in self.query(TickBox)}
        screen.picked = {
            select.id or "": str(select.value)
            for select in self.query("#import-options SelectBox").results(SelectBox)
        }
        return screen

    # ---- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="import-body"):
            yield Static(t("importer.title"), id="import-title")
            with Horizontal(classes="import-row"):
                yield Label(t("importer.file"), classes="import-label")
                yield TextBox(
                    self.start_path,
                    placeholder=t("importer.file.placeholder"),
                    suggester=PathSuggester(),
                    compact=True,
                    id="import-path",
                )
            with StackingRow(classes="import-row", id="import-how"):
                yield Label(t("importer.kind"), classes="import-label")
                yield SelectBox(
                    [(t(f"importer.kind.{kind}"), kind) for kind in KINDS],
                    value=self.kind,
                    allow_blank=False,
                    compact=True,
                    id="import-kind",
                )
                yield Label(t("importer.sheet"), classes="import-label")
                yield SelectBox(
                    [],
                    prompt=t("importer.sheet.none"),
                    compact=True,
                    id="import-sheet",
                    disabled=True,
                )
                yield Label(t("importer.header_row"), classes="import-label")
                yield TextBox(
                    self.start_header_row,
                    placeholder=t("importer.header_row.placeholder"),
                    compact=True,
                    id="import-header-row",
                )
            yield WrappedText("", id="import-status", markup=False)
            yield Static(t("importer.mapping"), classes="import-heading")
            yield MappingTable(id="import-mapping", cursor_type="row", zebra_stripes=True)
            yield WrappedText("", id="import-notes", markup=False)
            with Horizontal(classes="import-row", id="import-date-row"):
                yield Label(t("importer.date_order"), classes="import-label")
                yield SelectBox(
                    [],
                    prompt=t("importer.date_order.none"),
                    compact=True,
                    id="import-date-order",
                )
            yield Static(t("importer.preview", count=PREVIEW_ROWS), classes="import-heading")
            yield PreviewTable(id="import-preview", cursor_type="row")
            yield WrappedText("", id="import-row-verdict", markup=False)
            yield self._tick_box("importer.keep_good", "import-keep-good")
            with StackingRow(classes="import-row", id="import-options"):
                yield Label(
                    t("importer.on_duplicate"), classes="import-label", id="import-dup-label"
                )
                yield SelectBox(
                    [(t(f"importer.dup.{choice}"), choice) for choice in DUPLICATE_CHOICES],
                    value=self.picked.get("import-on-duplicate", "update"),
                    allow_blank=False,
                    compact=True,
                    id="import-on-duplicate",
                )
                yield SelectBox(
                    [(t(f"importer.order_dup.{choice}"), choice) for choice in ORDER_CHOICES],
                    value=self.picked.get("import-order-duplicate", "skip"),
                    allow_blank=False,
                    compact=True,
                    id="import-order-duplicate",
                )
            yield self._tick_box("importer.create_missing", "import-create-missing")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield WrappedText("", id="import-summary", markup=False)
        yield KeysFooter()

    def _tick_box(self, words: str, box_id: str) -> TickBox:
        return TickBox(t(words), self.ticked.get(box_id, False), compact=True, id=box_id)

    def on_mount(self) -> None:
        if not standing(self):  # closed before its widgets were mounted (rebuilt at once)
            return
        self._show_kind_options()
        self.query_one("#import-progress").display = False
        self.query_one("#import-date-row").display = False
        if self.outcome is not None:
            self._show_outcome(self.outcome)
        self.query_one("#import-path", TextBox).focus()
        if self.start_path:
            self._read_file(sheet=self.start_sheet)

    def _show_text(self, where: str, text: str) -> None:
        """Show `text` in the Static at `where`, which takes no room while it is empty."""
        shown = self.query_one(where, Static)
        shown.update(printable(text, lines=True))
        shown.display = bool(text)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#import-status", Static)
        status.update(text)
        status.set_class(error, "error")

    # ---- reading the file ------------------------------------------------------------

    @on(TextBox.Submitted, "#import-path")
    def _path_given(self) -> None:
        self.query_one("#import-header-row", TextBox).value = ""
        self._read_file(sheet=None)

    @on(TextBox.Submitted, "#import-header-row")
    def _header_row_given(self) -> None:
        self._read_file()

    @on(Select.Changed, "#import-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if event.value == self.kind or event.value is Select.BLANK:
            return
        self.kind = event.value  # type: ignore[assignment]  # the options are KINDS
        self.kind_chosen = True
        self._show_kind_options()
        if self.table is not None or self._path():
            self._read_file()

    @on(Select.Changed, "#import-sheet")
    def _sheet_changed(self, event: Select.Changed) -> None:
        shown = self.table.sheet if self.table is not None else None
        if event.value is Select.BLANK or event.value == shown:
            return
        self.query_one("#import-header-row", TextBox).value = ""
        self._read_file()

    def _path(self) -> str:
        return self.query_one("#import-path", TextBox).value.strip()

    def _file(self) -> Path:
        """The file the path box names, as typed or as dragged in (dropped_path); shown in
        the box as it reads once it names a file there, so the seller sees what is read."""
        box = self.query_one("#import-path", TextBox)
        path = dropped_path(box.value)
        if str(path) != box.value and path.exists() and Path(box.value).expanduser() != path:
            box.value = str(path)
        return path

    def _read_file(self, sheet: str | bool | None = True) -> None:
        """Read the file as chosen; `sheet` True: the sheet shown (None: the default)."""
        if self.importing:  # the import's table stays the one shown
            self._tell_locked()
            return
        path = self._path()
        if not path:
            self._status(t("importer.no_file"), error=True)
            return
        several = several_dropped(self.query_one("#import-path", TextBox).value)
        if several:  # (two dragged in at once: not one file's path)
            names = Listed(printable(each.name) for each in several)()
            self._status(t("importer.several_files", count=len(several), names=names), error=True)
            return
        text = self.query_one("#import-header-row", TextBox).value.strip()
        header_row = None
        if text:
            if not text.isdigit() or int(text) < 1:
                self._status(t("importer.bad_header_row", value=printable(text)), error=True)
                return
            header_row = int(text)
        if sheet is True:
            value = self.query_one("#import-sheet", Select).value
            sheet = value if isinstance(value, str) else None
        self._reading += 1
        self._status(t("importer.reading", path=printable(path)))
        kind = self.kind if self.kind_chosen else None
        self._read(self._reading, self._file(), kind, sheet or None, header_row)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-read")
    def _read(
        self,
        generation: int,
        path: Path,
        kind: Kind | None,
        sheet: str | None,
        header_row: int | None,
    ) -> None:
        stamp = file_stamp(path)  # before reading: a save while it is read is a change too
        try:
            table = read_any(path, sheet=sheet, header_row=header_row, kind=kind, words="importer")
        except BookError as exc:
            sheets, hidden = sheets_of(path)
            error = exc.message()
            self.post_message(
                TableRead(generation, None, error, sheets, self.kind, {}, None, hidden=hidden)
            )
            return
        # Counted here, off the screen's thread: a large CSV is read lazily and counting its
        # rows reads the file once (then the count is kept for the screen's questions).
        len(table.rows)
        if kind is None:
            kind = "purchases" if recognised(table.header, "purchases") else "customers"
        remembered = self.book.remembered_mapping(kind, table.header)
        order = self.book.remembered_date_order(kind, table.header)
        # read here, off the screen's thread: the whole file is gone through
        dates, dates_at = _dates_of(replace(table, mapping=remembered), kind)
        large = self.book.rules().large_purchase
        large_cents = None if large is None else int(large * 100)
        custom = tuple(self.book.fields())
        self.post_message(
            TableRead(
                generation,
                table,
                "",
                table.sheets,
                kind,
                remembered,
                large_cents,
                custom,
                hidden=table.hidden_sheets,
                date_order=order,
                dates=dates,
                dates_at=dates_at,
                path=path,
                stamp=stamp,
            )
        )

    @on(TableRead)
    def _table_read(self, message: TableRead) -> None:
        if message.generation != self._reading:
            return
        self._answered = message.generation
        current = message.table.sheet if message.table else None
        self._show_sheets(message.sheets, current, message.hidden)
        self.read_error = message.error
        if message.table is None:
            self.table = None
            hint = f"\n{t('importer.choose_sheet')}" if message.sheets else ""
            self._status(message.error + hint, error=True)
            self._clear_views()
            if self.outcome is not None and message.generation == 1:
                self._show_outcome(self.outcome)  # rebuilt, the file gone since: still told
            return
        table = message.table
        # the first read of a screen rebuilt after its import (another language) is of the
        # file imported: it is not offered again
        self.table, self.imported = table, self.imported and message.generation == 1
        self.read_from = (message.path, message.stamp)
        if message.generation == 1 and self.seen_read[0] == message.path:
            self.read_from = self.seen_read  # (rebuilt: what the seller saw is the old read)
        self.large_cents = message.large_cents
        self.custom_fields = message.custom
        if message.kind != self.kind:
            self.kind = message.kind
            self.query_one("#import-kind", Select).value = message.kind
            self._show_kind_options()
        headers = f"{self.kind}:{header_set(table.header)}"
        # the same headers read again (the file again, the screen in another language):
        # the seller's mapping stands, and so does what it is (remembered, or edited since)
        if headers != self.chosen_for:
            self.date_order = message.date_order
            self.date_order_remembered = message.date_order is not None
        if headers != self.chosen_for or not self.chosen:
            self.chosen, self.chosen_for = dict(message.remembered), headers
            self.remembered = bool(message.remembered)
        elif self.chosen_header != table.header:  # the same names in other places (a sheet)
            # a choice made for a column by its number (#3) would fall on another column now
            self.chosen = {
                key: field
                for key, field in self.chosen.items()
                if not columns_chosen(self.chosen_header, {key: field})
            }
        self.chosen_header = list(table.header)
        self.dates = message.dates
        self.dates_of = (message.generation, KINDS.index(message.kind), message.dates_at)
        self._status(read_text(table))
        self._show_mapping()

    def _show_sheets(
        self, sheets: tuple[str, ...], current: str | None, hidden: Mapping[str, str]
    ) -> None:
        """The workbook's sheets to choose from, a hidden one marked as such (（隐藏）)."""
        select = self.query_one("#import-sheet", Select)
        if tuple(option for option in sheets) != self.sheets:
            self.sheets = sheets
            select.set_options(
                [
                    (printable(name) + (t(hidden[name]) if name in hidden else ""), name)
                    for name in sheets
                ]
            )
        select.disabled = not sheets
        if current is not None and current in sheets:
            select.value = current

    def _show_kind_options(self) -> None:
        customers = self.kind == "customers"
        self.query_one("#import-on-duplicate").display = customers
        self.query_one("#import-order-duplicate").display = not customers
        self.query_one("#import-create-missing").display = not customers
        words = "importer.on_duplicate" if customers else "importer.on_order_duplicate"
        self.query_one("#import-dup-label", Label).update(t(words))
        self.query_one("#import-options", StackingRow).restack()

    def _clear_views(self) -> None:
        self.columns = None
        self.dates = None
        self.query_one("#import-date-row").display = False
        self.query_one(MappingTable).clear(columns=True)
        self.query_one(PreviewTable).clear(columns=True)
        self._show_text("#import-notes", "")
        self._show_text("#import-row-verdict", "")
        self.query_one("#import-summary", Static).update("")

    # ---- the mapping and the preview -------------------------------------------------

    def _mapped(self) -> ImportTable:
        assert self.table is not None
        return replace(self.table, mapping=dict(self.chosen), date_order=self._date_order())

    def _date_order(self) -> DateOrder | None:
        """The order the file's slashed dates are read in: as the column shows it, else as
        the seller chose (None: the file's dates are not read as a whole column, or she
        has not chosen yet)."""
        if self.dates is None or self.kind != "purchases":
            return None
        return self.dates.order or self.date_order

    def _date_order_missing(self) -> str:
        """Why the file cannot be imported yet: its dates cannot tell their order and the
        seller has not chosen it ("": they can, or she has)."""
        dates = self.dates
        if dates is None or self._date_order() is not None or self.kind != "purchases":
            return ""
        return t("importer.date_order_unclear", column=dates.column, value=dates.example)

    def _custom(self) -> tuple[FieldDef, ...]:
        """The custom fields a column may land in (customers only)."""
        return self.custom_fields if self.kind == "customers" else ()

    def _show_mapping(self) -> None:
        """The columns as mapped now, the preview of the first rows, then the dry run."""
        table = self._mapped()
        self.mapping_error = ""
        try:
            self.columns = match_columns(
                table.header, self.kind, mapping=table.mapping, custom=self._custom()
            )
        except BookError as exc:
            self.mapping_error = exc.message()
            try:
                # the columns as they read, beside what is missing (a purchases file with
                # no date: 姓名 still read as the customer, the seller's 金额 choice shown)
                self.columns = match_columns(
                    table.header,
                    self.kind,
                    duplicates=True,
                    mapping=table.mapping,
                    custom=self._custom(),
                    missing_ok=True,
                )
            except BookError:
                self.columns = None
        self.query_one(MappingTable).show(table, self.columns, self.chosen, self._custom())
        self._read_dates()
        table = self._mapped()
        notes = [t("importer.remembered")] if self.remembered else []
        notes += self._dates_notes()
        notes += [self.mapping_error] if self.mapping_error else []
        unread = ignored_columns(table, self.kind, self._custom())
        notes += [unread] if unread else []
        totals = total_rows_note(table)
        notes += [totals] if totals else []
        empty = empty_rows_note(table, self._custom()) if self.kind == "customers" else None
        notes += [empty] if empty else []
        notes += [
            t("importer.problem", line=e.line, column=e.column, message=e.said_once())
            for e in lost_zeros(table, self.kind)[:5]
        ]
        self._show_text("#import-notes", "\n".join(notes))
        preview = self.query_one(PreviewTable)
        if self.mapping_error or self.columns is None:
            preview.clear(columns=True)
            self._show_text("#import-row-verdict", "")
            self.query_one("#import-summary", Static).update("")
            return
        unordered = self._date_order_missing()
        if unordered:  # refused until the seller says the order: no preview, no dry run
            preview.clear(columns=True)
            self._show_text("#import-row-verdict", "")
            self.query_one("#import-summary", Static).update(unordered)
            return
        try:
            verdicts = first_rows(
                table, self.kind, large_cents=self.large_cents, today=self.book.today()
            )
        except BookError as exc:  # the file refused whole (its slashed dates' order): said
            preview.clear(columns=True)
            self._show_text("#import-row-verdict", "")
            self.query_one("#import-summary", Static).update(screen_words(exc).message())
            return
        preview.show(table, self.columns, verdicts, self._custom())
        if not self.imported:  # (imported: its report stays, no dry run of it again)
            self._start_check(asked=False)

    def _read_dates(self) -> None:
        """How the file's slashed dates read as mapped now (read again, on this thread, only
        where the mapping moved the date column since the file was read), and the date
        order to choose shown only where they cannot tell it."""
        assert self.table is not None
        at = _date_columns(self.columns) if self.kind == "purchases" else ()
        if self.dates_of != (self._answered, KINDS.index(self.kind), at):
            self.dates, _ = _dates_of(self._mapped(), self.kind, self.columns)
            self.dates_of = (self._answered, KINDS.index(self.kind), at)
        dates = self.dates if self.kind == "purchases" else None
        row = self.query_one("#import-date-row")
        row.display = dates is not None and dates.order is None
        if not row.display or dates is None:
            return
        select = self.query_one("#import-date-order", SelectBox)
        options = [(_order_words(order, dates.example), order) for order in DATE_ORDERS]
        if options != self._date_options:
            self._date_options = options
            select.set_options(options)
        if self.date_order is None:
            select.clear()  # (another file's choice is not this one's)
        elif select.value != self.date_order:
            select.value = self.date_order

    def _dates_notes(self) -> list[str]:
        """What the columns' notes say of the file's dates: the order its column shows, or
        that the order chosen was remembered."""
        dates = self.dates if self.kind == "purchases" else None
        if dates is None:
            return []
        if dates.order is None:
            return [t("importer.date_order_remembered")] if self.date_order_remembered else []
        if not dates.shown_by:  # every buyer in the United States
            return [t("import.dates_read.us", column=dates.column)]
        return [t(f"import.dates_read.{dates.order}", column=dates.column, cell=dates.shown_by)]

    @on(Select.Changed, "#import-date-order")
    def _date_order_chosen(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or event.value == self.date_order:
            return  # (the options set anew, or the seller's choice shown again)
        self.date_order = event.value  # type: ignore[assignment]  # the options are DATE_ORDERS
        self.date_order_remembered = False
        if self.table is not None and not self.importing:
            self._show_mapping()

    @on(DataTable.RowHighlighted, "#import-preview")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_text("#import-row-verdict", self.query_one(PreviewTable).verdict_of(event))

    @on(DataTable.RowSelected, "#import-mapping")
    def _pick_field(self, event: DataTable.RowSelected) -> None:
        if self.table is None or self.importing:
            return
        index = int(event.row_key.value or 1) - 1  # the row's key is the column's number
        column = choice_key(self.table.header, index)
        fields = self.columns.fields if self.columns else {}
        current = self.chosen.get(column) or next(
            (field for field, at in fields.items() if at == index), None
        )

        def chosen(field: str | None) -> None:
            if field is None:
                return
            if field == AUTO:
                self.chosen.pop(column, None)
            else:
                self.chosen[column] = field
            self.remembered = False
            self._show_mapping()

        self.app.push_screen(
            FieldPicker(column_name(self.table, index), self.kind, current, self._custom()),
            callback=chosen,
        )

    # ---- the dry run -----------------------------------------------------------------

    def _options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"keep_good": self.query_one("#import-keep-good", Checkbox).value}
        if self.kind == "customers":
            options["on_duplicate"] = self.query_one("#import-on-duplicate", Select).value
        else:
            options["create_missing"] = self.query_one("#import-create-missing", Checkbox).value
            options["unknown_words"] = "importer"  # its unknown_customer names the box above
            options["on_duplicate"] = self.query_one("#import-order-duplicate", Select).value
        return options

    @on(Checkbox.Changed)
    @on(Select.Changed, "#import-on-duplicate")
    @on(Select.Changed, "#import-order-duplicate")
    def _option_changed(self) -> None:
        if self.table is not None and not self.mapping_error and not self.importing:
            self._start_check(asked=False)

    def action_check(self) -> None:
        if self.importing:
            self.notify(saying("importer.busy"), severity="warning")
        elif self._answered != self._reading:
            self.notify(saying("importer.still_reading"), severity="warning")
        elif changed := self._changed_since_read():
            self.notify(
                saying("importer.file_changed", name=changed), severity="warning", markup=False
            )
            self.query_one("#import-summary", Static).update(self._changed_words(changed))
        elif self.table is not None and not self.mapping_error:
            self._start_check()

    def _start_check(self, asked: bool = True) -> None:
        """The dry run of the whole file; one the seller did not ask for (ctrl+r) only runs on
        a file small enough not to keep the book busy for long."""
        assert self.table is not None
        self._judge_preview(None)  # what an earlier dry run said may no longer hold
        changed = self._changed_since_read()
        if changed:  # (a mapping changed after the file was saved again: of what it was)
            self._checking += 1
            self.query_one("#import-summary", Static).update(self._changed_words(changed))
            return
        if not asked and len(self.table.rows) > AUTO_CHECK_ROWS:
            self._checking += 1
            rows = f"{len(self.table.rows):,}"
            self.query_one("#import-summary", Static).update(t("importer.check_big", rows=rows))
            return
        self._checking += 1
        self.query_one("#import-summary", Static).update(t("importer.checking"))
        self._check(self._checking, self._mapped(), self.kind, self._options())

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-check")
    def _check(
        self, generation: int, table: ImportTable, kind: Kind, options: dict[str, Any]
    ) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            if generation == self._checking:  # (a later dry run, or the import, took over)
                self.post_message(CheckProgressed(generation, stage, done, total))

        try:
            report = import_table(
                self.book, kind, table, self._stopping(progress), dry_run=True, **options
            )
        except ImportCancelled:  # the app is quitting
            return
        except ImportRejected as exc:
            report = exc.report
        except BookError as exc:
            self.post_message(Checked(generation, None, screen_words(exc).message()))
            return
        self.post_message(Checked(generation, report, ""))

    @on(CheckProgressed)
    def _check_progressed(self, message: CheckProgressed) -> None:
        """A large file's dry run (asked for: ctrl+r) says how far it has come."""
        if message.generation != self._checking or self.importing:
            return
        summary = self.query_one("#import-summary", Static)
        summary.update(checking_words(message.stage, message.done, message.total))

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        if message.generation != self._checking or self.importing:
            return
        summary = self.query_one("#import-summary", Static)
        if message.report is None:
            summary.update(message.error)
            return
        keep_good = self.query_one("#import-keep-good", Checkbox).value
        summary.update("\n".join(report_lines(message.report, keep_good)))
        self._judge_preview(message.report)

    def _judge_preview(self, report: ImportReport | None) -> None:
        """The preview's rows with what the dry run said of them (None: not said yet), and
        the row-verdict line under it with them."""
        preview = self.query_one(PreviewTable)
        if preview.report is report:
            return
        preview.judge(report)
        self._show_text("#import-row-verdict", preview.verdict_here())

    # ---- the import ------------------------------------------------------------------

    def action_run(self) -> None:
        if self.importing:
            self.notify(saying("importer.busy"), severity="warning")
            return
        reason = self._not_ready()
        if reason:
            if reason[1:2].islower():  # a sentence of its own, now after a colon (en)
                reason = reason[:1].lower() + reason[1:]
            self.notify(
                saying("importer.not_ready", reason=reason), severity="warning", markup=False
            )
            return
        self.importing = True
        self._importing_table = self.table
        self._lock_form(True)
        self._cancel.clear()
        self._checking += 1  # a dry run still running has nothing more to say
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#import-summary", Static).update(t("importer.stage.parse"))
        self.call_after_refresh(self._bring_into_view, "#import-progress")
        said = self.date_order if self.dates and self.dates.order is None else None
        self._import(self._mapped(), self.kind, self._options(), dict(self.chosen), said)

    def _not_ready(self) -> str:
        if self._answered != self._reading:  # ctrl+s typed on the heels of Enter: not this table
            return t("importer.still_reading")
        if self.table is None:
            return self.read_error or t("importer.no_file")
        if self.mapping_error:
            return self.mapping_error
        if self.imported:
            return t("importer.imported_already")
        changed = self._changed_since_read()
        return self._changed_words(changed) if changed else self._date_order_missing()

    def _changed_since_read(self) -> str:
        """The name of the file shown when it was saved again (or moved) after it was read,
        else "": the preview and the dry run were of what it held then, and a seller who
        fixed a cell in WPS and pressed ctrl+s would import the mistake she saw, told
        nothing."""
        path, stamp = self.read_from
        if path is None or self.table is None or file_stamp(path) == stamp:
            return ""
        return printable(path.name)

    @staticmethod
    def _changed_words(name: str) -> str:
        return t("importer.file_changed", name=name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-write")
    def _import(
        self,
        table: ImportTable,
        kind: Kind,
        options: dict[str, Any],
        chosen: dict[str, str],
        date_order: DateOrder | None,
    ) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            self.post_message(Progressed(stage, done, total))

        # the book as it was, kept: the way back from an import the seller regrets (its
        # copy is waited for on every way out: a book closed under it leaves no half file)
        kept = ImportBackup(self.book)
        told = None
        try:
            told = self._import_told(table, kind, options, chosen, date_order, progress)
        finally:
            made, warning = kept.finish(told is not None and told[0].wrote)
        if told is not None:
            report, near_list = told
            self.post_message(Imported(report, "", near_list, made, warning))

    def _import_told(
        self,
        table: ImportTable,
        kind: Kind,
        options: dict[str, Any],
        chosen: dict[str, str],
        date_order: DateOrder | None,
        progress: Progress,
    ) -> tuple[ImportReport, Path | None] | None:
        """The import itself: its report and the kept list of near matches, or None when it
        wrote nothing (what happened posted here)."""
        try:
            report = import_table(
                self.book, kind, table, self._stopping(progress, cancellable=True), **options
            )
        except ImportCancelled:  # quitting, or the seller stopped it: rolled back, nothing written
            if self._cancel.is_set() and not self._stop.is_set():
                self.post_message(Imported(None, Words("importer.cancelled")))
            return None
        except ImportRejected as exc:  # said when shown: in the language of the screen then
            self.post_message(Imported(exc.report, exc.message))
            return None
        except BookError as exc:
            self.post_message(Imported(None, screen_words(exc).message))
            return None
        self.book.remember_mapping(kind, table.header, chosen, date_order)
        near_list = None
        if len(report.near_matches) > SHOWN_NEAR:  # more than the report shows: kept whole
            near_list = keep_near_matches(report.near_matches, self.book)
        return report, near_list

    def stop_importing(self) -> None:
        """The app is quitting: an import or dry run under way stops at its next batch,
        rolled back whole, so the app exits at once rather than after the whole file."""
        self._stop.set()

    def _stopping(self, progress: Progress, cancellable: bool = False) -> Progress:
        """`progress`, raising ImportCancelled once stop_importing was called, or (the
        import, `cancellable`) the seller stopped it, but for the call after the commit,
        ("tiers", 1, 1): an import that got that far is written."""

        def checked(stage: str, done: int, total: int) -> None:
            stopped = self._stop.is_set() or (cancellable and self._cancel.is_set())
            if stopped and not (stage == "tiers" and done == total):
                raise ImportCancelled
            progress(stage, done, total)

        return checked

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        self.query_one("#import-summary", Static).update(stage_words(message.stage))
        self.query_one("#import-progress", ProgressBar).update(
            total=max(message.total, 1), progress=message.done
        )

    def _bring_into_view(self, where: str, tries: int = 3) -> None:
        """Scroll the screen to `where` and what follows it: the progress bar and the report
        sit at its foot, below the fold of a small terminal. Not laid out yet (the form
        locked as the import began is refreshed first): once it is. Textual runs the
        callback on the screen on top then: this one may have been left or rebuilt (F6)."""
        found = self.query(where) if standing(self) else None
        if not found:
            return
        widget = found.first()
        if not widget.region and tries:
            self.call_after_refresh(self._bring_into_view, where, tries - 1)
            return
        for body in self.query("#import-body"):
            body.scroll_to_widget(widget, top=True, animate=False)

    def _lock_form(self, locked: bool) -> None:
        """Lock the form while an import runs (nothing in it can change the table imported,
        or what its report is shown under), and unlock it, the focus back where it was."""
        if locked:
            focused = self.focused
            self._focus_before = next(
                (where for where in FORM if focused is not None and focused.id == where[1:]),
                None,
            )
            self.set_focus(None, scroll_visible=False)  # (not moved on to another, scrolled to)
        for where in FORM:
            self.query_one(where).disabled = locked
        if locked:
            return
        self.query_one("#import-sheet").disabled = not self.sheets
        if self._focus_before is not None:
            self.query_one(self._focus_before).focus(scroll_visible=False)  # the report stays
            self._focus_before = None

    def _tell_locked(self) -> None:
        self.notify(saying("importer.locked"), severity="warning")

    def on_key(self, event: events.Key) -> None:
        """A key that would change the form while it is locked (an import runs): said to
        wait (its widgets, locked, take no focus: the keys typed into it come here)."""
        editing = event.is_printable or event.key in EDITING_KEYS
        bound = event.key in self.app.active_bindings  # (a key's own action says its own)
        if self.importing and editing and self.focused is None and not bound:
            self._tell_locked()

    def _import_ended(self) -> bool:
        """The import has ended: the form unlocked; whether the table shown is still the
        one imported (only it is told imported, and its report shown under it)."""
        self.importing = False
        self._stop_asking()
        self.query_one("#import-progress").display = False
        self._lock_form(False)
        ours = self._importing_table is not None and self._importing_table is self.table
        self._importing_table = None
        return ours

    @on(Imported)
    def _imported(self, message: Imported) -> None:
        ours = self._import_ended()
        if not ours:  # (another table shown: the report is told, not shown under it)
            self.outcome = None
            told = report_lines(message.report, False, done=True)[0] if message.report else ""
            error = said(message.error)
            self.notify(error or told, severity="error" if error else "information", markup=False)
            return
        self.outcome = message
        told = self._show_outcome(message)
        if message.error:
            self.notify(said(message.error), severity="error", markup=False)
            return
        self.imported = True
        self.notify(told, markup=False)
        if message.backup is not None:  # how to go back to the book before it
            self.notify(
                saying("importer.backed_up", name=message.backup.name), markup=False, timeout=20
            )
        if message.backup_warning:
            reason = message.backup_warning
            warning = saying("store.backup_failed", path=self.book.path, reason=reason)
            self.notify(warning, severity="warning", markup=False)

    def _show_outcome(self, message: Imported) -> str:
        """Show how the import ended below the options; returns its first line."""
        self.call_after_refresh(self._bring_into_view, "#import-summary")
        summary = self.query_one("#import-summary", Static)
        keep_good = self.query_one("#import-keep-good", Checkbox).value
        error = said(message.error)
        if message.report is None:
            summary.update(error)
            return error
        lines = report_lines(message.report, keep_good, done=not error, near_list=message.near_list)
        if error:
            lines = [error, *lines[1:]]
        summary.update("\n".join(lines))
        return lines[0]

    # ---- leaving ---------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to where the seller came from; while an import runs, ask to stop it (rolled
        back whole at its next batch) and stay on the screen to tell how it ended."""
        if not self.importing:
            self.app.pop_screen()
            return

        def decided(stop: bool | None) -> None:
            self._asking = None
            if stop and self.importing:
                self._cancel.set()
                self.query_one("#import-summary", Static).update(t("importer.cancelling"))

        self._asking = ConfirmDialog(t("importer.cancel_ask"))
        self.app.push_screen(self._asking, callback=decided)

    def _stop_asking(self) -> None:
        """The import ended while the seller was asked whether to stop it: the question
        goes (it would say the book stays unchanged of an import written), and how it ended
        shows below; under a screen opened over it (the lock screen, the quit question) it
        goes once that one has."""
        asking, self._asking = self._asking, None
        if asking is not None and asking in self.app.screen_stack:
            asking.withdraw()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event, "import-")
        if error is None:
            return
        if event.worker.group == "import-read":  # no table comes: the old one is not it
            self._answered, self.table = self._reading, None
        if event.worker.group == "import-write":
            self._import_ended()
        tell_failure(self, error)


def _date_columns(columns: ColumnMap | None) -> tuple[int, ...]:
    """The columns a date is read from (the date's, then those read where it is blank)."""
    if columns is None or "date" not in columns.fields:
        return ()
    return (columns.fields["date"], *columns.fallbacks.get("date", ()))


def _dates_of(
    table: ImportTable, kind: Kind, columns: ColumnMap | None = None
) -> tuple[DatesRead | None, tuple[int, ...]]:
    """How a purchases file's slashed dates read as `table` is mapped (dates_read), and the
    date columns that was of; the whole file is gone through."""
    if kind != "purchases":
        return None, ()
    if columns is None:
        try:
            columns = match_columns(table.header, kind, mapping=table.mapping)
        except BookError:  # a column missing: said by the mapping, read again once mapped
            return None, ()
    at = _date_columns(columns)
    if not at:
        return None, ()
    return dates_read((row for batch in table.batches() for row in batch.rows), columns), at


def _order_words(order: DateOrder, example: str) -> str:
    """A date order as the choice offers it, with the file's own date read so."""
    try:
        day = ordered_date(order == "month-first")(example).isoformat()
    except (ValueError, BookError):  # (a cell that could be either reads either way)
        day = "?"
    return t(f"importer.date_order.{order}", value=printable(example), date=day)


# The importer's refusals that name a command-line option: said in the screen's words
# (importer.*), which say what to do here (the date order: choose it on the screen)
_SCREEN_WORDS = {"import.date_order_unclear": "importer.date_order_unclear"}


def screen_words(error: BookError) -> BookError:
    """`error` as the Import screen says it (_SCREEN_WORDS), else as it is."""
    key = _SCREEN_WORDS.get(error.key)
    return BookError(key, **error.values) if key else error
