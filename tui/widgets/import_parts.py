"""The Import screen's parts: path completion, the column → field table, the field picker,
and the preview of the first rows with each cell's verdict.

Presentation only: what a column is read as and what is wrong with a cell come from
store/importing (match_columns, first_rows), worked out by the screen.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from xiaoben.models.fields import FieldDef
from xiaoben.models.i18n import Lang, current_language, field_key, t
from xiaoben.models.recipient import split_recipient
from xiaoben.models.text import one_line, printable
from xiaoben.store.importing.columns import (
    IGNORE,
    ColumnMap,
    Kind,
    column_choice,
    column_key,
    field_name,
    field_names,
)
from xiaoben.store.importing.csv_table import CsvTable
from xiaoben.store.importing.footers import is_total, total_word
from xiaoben.store.importing.vcards import FIELDS as CONTACT_FIELDS
from xiaoben.store.importing.verdicts import Verdicts
from xiaoben.store.imports import ImportReport
from xiaoben.tui.i18n import translate_bindings
from xiaoben.tui.presenting import shown_field_text, shown_report_lines
from xiaoben.tui.widgets.inputs import OptionBox

AUTO = ""  # the picker's "as recognised from its name": the seller's choice withdrawn
SAMPLE_WIDTH = 24
CELL_WIDTH = 16


class PathSuggester(Suggester):
    """Completes a path from what is on disk as a shell does: the one entry starting with
    what is typed after the last slash (a folder gets its slash), or, where several do, as
    far as they all agree — 客户_ beside 客户_old.xls and 客户_大.xlsx completes nothing, where
    it took the first by name and the seller could read last year's file unawares."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        folder, _, start = value.rpartition(os.sep)
        where = Path(folder or ("/" if value.startswith(os.sep) else ".")).expanduser()
        try:
            names = sorted(entry.name for entry in os.scandir(where))
        except OSError:
            return None
        found = [name for name in names if name.startswith(start) and not name.startswith(".")]
        if len(found) == 1 and found[0] != start:
            slash = os.sep if (where / found[0]).is_dir() else ""
            return f"{value}{found[0][len(start) :]}{slash}"
        # (names of one folder, compared character by character, as the shell completes)
        shared = os.path.commonprefix(found) if found else start  # noqa: RUF071
        return f"{value}{shared[len(start) :]}" if len(shared) > len(start) else None


def field_label(field: str, custom: Sequence[FieldDef] = ()) -> str:
    """A field's name as the seller reads it (a custom field by its label)."""
    return printable(field_name(field, custom))


_MOST_CHOICES = 24  # lines of the field picker's list on a tall screen
_TYPED_TOGETHER = 0.7  # seconds between keys typed as one search (Textual's Select's)


class _FieldList(OptionBox):
    """The picker's fields: letters typed jump to the first field whose name has them, in
    Chinese or in English, whatever the screen's language (电 or ph: 电话 / phone), as a
    Select's open list does; keys typed within 0.7 s of each other are one search (by when
    each arrived, as _SelectList's). Arrows, Enter and Esc as before."""

    _typed = ""
    _typed_at = 0.0

    def __init__(self, *content: Option, names: Sequence[Sequence[str]], **options: Any) -> None:
        super().__init__(*content, **options)
        # each option's names, casefolded: its text, and the field in either language
        self.names = [tuple(name.casefold() for name in each) for each in names]

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return character is not None and character.isprintable() and not character.isspace()

    async def _on_key(self, event: events.Key) -> None:
        character = event.character
        if character is None or not event.is_printable or character.isspace():
            return  # OptionBox's own handler has it next (Textual calls each class's)
        event.stop()
        event.prevent_default()
        if event.time - self._typed_at > _TYPED_TOGETHER:
            self._typed = ""
        self._typed_at = event.time
        found = self._find(self._typed + character)
        if found is None and self._typed:  # a new search where the longer one finds none
            found = self._find(character)
            self._typed = ""
        self._typed += character
        if found is not None:
            self.highlighted = found

    def _find(self, typed: str) -> int | None:
        """The option whose names start with `typed`, else the first that holds it."""
        typed = typed.casefold()
        starts = [
            at for at, names in enumerate(self.names) if any(n.startswith(typed) for n in names)
        ]
        if starts:
            return starts[0]
        return next(
            (at for at, names in enumerate(self.names) if any(typed in n for n in names)), None
        )


class FieldPicker(ModalScreen[str | None]):
    """What a column is read as: one of the kind's fields, ignored, or as recognised.
    Dismisses with the field, IGNORE, AUTO, or None (Esc: no change)."""

    DEFAULT_CSS = """
    FieldPicker { align: center middle; }
    FieldPicker > Vertical {
        width: 48; height: auto; max-height: 90%;
        border: thick $accent 70%; background: $surface; padding: 0 1;
    }
    FieldPicker OptionList { height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss_none", "common.cancel", id="picker.cancel")]

    def __init__(
        self, column: str, kind: Kind, current: str | None, custom: Sequence[FieldDef] = ()
    ) -> None:
        super().__init__()
        self.column = column
        self.kind = kind
        self.current = current
        self.custom = tuple(custom)
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        choices = [
            Option(t("importer.pick.auto"), id="auto"),
            Option(t("importer.pick.ignore"), id=IGNORE),
            *(Option(field_label(field), id=field) for field in field_names(self.kind)),
            *(Option(field_label(own.key, self.custom), id=own.key) for own in self.custom),
        ]
        both: tuple[Lang, Lang] = ("zh", "en")
        names = [
            [t("importer.pick.auto", lang) for lang in both],
            [t("importer.pick.ignore", lang) for lang in both],
            *([t(field_key(field), lang) for lang in both] for field in field_names(self.kind)),
            *([printable(own.label(lang)) for lang in both] for own in self.custom),
        ]
        with Vertical():
            yield Static(t("importer.pick.title", column=printable(self.column)), markup=False)
            yield _FieldList(*choices, names=names, id="picker-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        self._fit(options)
        if self.current:
            options.highlighted = options.get_option_index(self.current)
        options.focus()

    def on_resize(self) -> None:
        for options in self.query(OptionList):  # none before it is composed
            self._fit(options)

    def _fit(self, options: OptionList) -> None:
        """The list no taller than the dialog leaves it (90% of the screen less its border
        and title): it scrolls to its last choices at 80×24 rather than running past the
        dialog's edge, where its container would cut them off."""
        room = int(self.app.size.height * 0.9) - 3
        options.styles.max_height = max(3, min(_MOST_CHOICES, room))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or "auto"
        self.dismiss(AUTO if choice == "auto" else choice)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


# What a good row's order status makes of it, said in the preview instead of "ok"
_STATUS_WORDS = {
    "closed": "importer.closed_row",
    "unpaid": "importer.unpaid_row",
    "refunded": "importer.refunded_row",
    # a pay bill's rows that are no money in (store/importing/pay_bills.py)
    "spent": "importer.spent_row",
    "neutral": "importer.neutral_row",
    "returned": "importer.returned_row",
    # a customers row whose only cells are in columns not imported (a 序号 numbered ahead)
    "empty": "importer.empty_row",
}


def _short(text: str, width: int) -> str:
    text = printable(text)
    return text if cell_len(text) <= width else f"{set_cell_size(text, width - 1)}…"


def _fill(table: DataTable[str | Text], titles: list[str], rows: list[list[str | Text]]) -> None:
    """Columns as wide as their widest cell (measured here: a table rebuilt with the same
    row keys keeps Textual's first measure), then the rows, keyed by their first cell.
    Every text as written: a file's cell or header is never read as markup (尺码[/]不详, a
    note "[bold]x[/]": DataTable reads a str's brackets as styles, and a closing tag with
    none open stopped the app)."""
    table.clear(columns=True)
    for at, title in enumerate(titles):
        cells = [row[at] for row in rows]
        width = max([cell_len(title), *(cell_len(str(cell)) for cell in cells)])
        table.add_column(Text(title), width=width)
    for row in rows:
        table.add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in row),
                      key=str(row[0]))  # fmt: skip


def column_name(table: CsvTable, index: int) -> str:
    """The column's name as the seller reads it: its header, but for phone contacts (whose
    columns are headed in English for the importer, vcards.py) what it holds, in the
    seller's language."""
    if getattr(table, "format", None) == "vcard" and index < len(CONTACT_FIELDS):
        return t(field_key(CONTACT_FIELDS[index]))
    return table.header[index]


def choice_key(header: Sequence[str], index: int) -> str:
    """The key of the seller's choice for the column at `index`: its header text, or its
    number (#3) where another column is headed alike (电话 | 电话: one choice each)."""
    key = column_key(header[index])
    if sum(column_key(text) == key for text in header) > 1:
        return column_choice(index)
    return header[index]


class MappingTable(DataTable[str | Text]):
    """One row a column of the file: its number, its name, what it is read as, a sample."""

    def show(
        self,
        table: CsvTable,
        columns: ColumnMap | None,
        chosen: dict[str, str],
        custom: Sequence[FieldDef] = (),
    ) -> None:
        at = self.cursor_row
        fields = columns.read_as() if columns else {}
        # a column read where the field's own is blank (the recipient's phone where the
        # buyer's is, 下单时间 where 付款时间 is): index -> (field, the column it stands in for)
        own = columns.fields if columns else {}
        backing = {
            at: (field, own[field])
            for field, others in (columns.fallbacks.items() if columns else ())
            if field in own
            for at in others
        }
        first = table.rows[0][1] if table.rows else []
        kind_at = columns.bill_kind() if columns else None  # a bill's 交易类型 (pay_bills)
        rows: list[list[str | Text]] = []
        for index, name in enumerate(table.header):
            choice = chosen.get(choice_key(table.header, index))
            if index in fields:
                read = field_label(fields[index], custom)
                shown = Text(t("importer.chosen", field=read) if choice else read, style="bold")
            elif index in backing and choice != IGNORE:
                field, main = backing[index]
                words = t(
                    "importer.fallback",
                    field=field_label(field, custom),
                    column=printable(column_name(table, main)),
                )
                shown = Text(words, style="bold")
            elif choice == IGNORE:
                shown = Text(t("importer.ignored"), style="dim")
            elif index == kind_at:
                shown = Text(t("importer.bill_kind"), style="bold")
            else:
                shown = Text(t("importer.not_read"), style="dim")
            sample = first[index] if index < len(first) else ""
            sample = shown_field_text(fields.get(index), one_line(sample), custom)
            name = column_name(table, index)
            rows.append([str(index + 1), _short(name, 20), shown, _short(sample, SAMPLE_WIDTH)])
        titles = ["number", "header", "field", "sample"]
        _fill(self, [t(f"importer.col.{title}") for title in titles], rows)
        if table.header:
            self.move_cursor(row=min(max(at, 0), len(table.header) - 1))


class PreviewTable(DataTable[str | Text]):
    """The first rows, the columns that will be read; a bad cell in red, and each row's
    verdict (ok, or what is wrong, field and rule) in the last column.

    The verdicts are first the rows' own checks (first_rows: their cells, one at a time);
    whether a row's customer is in the book, or its phone another customer's, only the dry
    run of the whole file finds. Until it has (`judge`), a good row is said to read well,
    not to be ok: it may yet be refused or held back. Once it has, a row it refused or held
    back says what the dry run said of it (its first problem), a good row "✓ ok"."""

    verdicts: dict[str, str] = {}  # row key (its line) -> its verdict in full

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[CsvTable, ColumnMap, Verdicts, tuple[FieldDef, ...]] | None = None
        self.report: ImportReport | None = None  # the dry run's, once done

    def verdict_of(self, event: DataTable.RowHighlighted) -> str:
        """The highlighted row's verdict in full, with its line (the column may be cut)."""
        return self.verdicts.get(str(event.row_key.value), "")

    def verdict_here(self) -> str:
        """The verdict in full of the row under the cursor ("" with no rows)."""
        if not self.row_count:
            return ""
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return self.verdicts.get(str(key.value), "")

    def show(
        self,
        table: CsvTable,
        columns: ColumnMap,
        verdicts: Verdicts,
        custom: Sequence[FieldDef] = (),
    ) -> None:
        """The rows as their own checks see them (no dry run yet)."""
        self._shown = (table, columns, verdicts, tuple(custom))
        self.report = None
        self._show_rows()

    def judge(self, report: ImportReport | None) -> None:
        """The rows again with what the dry run (None: none done, or one under way) said."""
        if self._shown is None or report is self.report:
            return
        self.report = report
        self._show_rows()

    def _show_rows(self) -> None:
        assert self._shown is not None
        table, columns, verdicts, custom = self._shown
        self.verdicts = {}
        field_of = columns.read_as()  # a second phone column, a second 备注 joined, too
        read = sorted(field_of)
        titles = [t("importer.col.line")]
        for index in read:
            if field_of[index] == "recipient":  # 收货信息: its parts, as the import reads them
                titles += [_short(t(field_key(part)), CELL_WIDTH) for part in RECIPIENT_PARTS]
            else:
                titles.append(_short(column_name(table, index), CELL_WIDTH))
        titles.append(t("importer.col.verdict"))
        refused, held = _dry_run_lines(self.report)
        known = self.report.known_lines if self.report is not None else set()
        ok_words = t("importer.ok") if self.report is not None else t("importer.reads_well")
        rows: list[list[str | Text]] = []
        flagged: list[int] = []
        for line, cells in verdicts.rows:
            shown: list[str | Text] = [str(line)]
            for index in read:
                texts = _cell_texts(field_of[index], cells[index] if index < len(cells) else "")
                bad = (line, index) in verdicts.cells
                for number, cell in enumerate(shown_field_text(*each, custom) for each in texts):
                    text = _short(cell, CELL_WIDTH)
                    flag = bad and number == 0
                    shown.append(Text(f"✗ {text}", style="bold red") if flag else text)
            problems = [
                *verdicts.lines.get(line, []),
                *(
                    m
                    for (at, _), found in sorted(verdicts.cells.items())
                    if at == line
                    for m in found
                ),
            ]
            joiner = "；" if current_language() == "zh" else "; "
            words = joiner.join(shown_report_lines(problems)) or ok_words
            style = "red" if problems else "green"
            total = total_word(cells)
            status = verdicts.statuses.get(line)
            if total and not problems:  # the import leaves it out: say so, not "ok"
                key = "importer.total_row" if is_total(total) else "importer.footer_row"
                words, style = t(key, word=total), "yellow"
            elif not problems and line in refused:  # the dry run's, as its summary says it
                words, style = shown_report_lines([refused[line]])[0], "red"
            elif not problems and line in held:  # held back for the seller to review
                words, style = shown_report_lines([held[line]])[0], "yellow"
            elif not problems and line in known:  # the dry run left it out: in the book
                words, style = t("importer.known_row"), "yellow"
            elif status in _STATUS_WORDS and not problems:  # left out, or recorded refunded
                words, style = t(_STATUS_WORDS[status]), "yellow"
            if problems or line in refused or line in held:
                flagged.append(len(rows))
            shown.append(Text(words, style=style))
            self.verdicts[str(line)] = t("importer.row_verdict", line=line, verdict=words)
            rows.append(shown)
        _fill(self, titles, rows)
        # the first row with a problem is highlighted: its verdict in full shows below
        self.move_cursor(row=flagged[0] if flagged else 0)


# What a 收货信息 cell is read as, each part a column of the preview
RECIPIENT_PARTS = ("name", "phones", "address")


def _cell_texts(field: str | None, cell: str) -> list[tuple[str | None, str]]:
    """(field, text) of each preview column a cell is shown in: the cell itself, or a
    收货信息 cell's name, phone and address (the cell whole under the name, and nothing under
    the others, where it cannot be split)."""
    if field != "recipient":
        return [(field, one_line(cell))]
    parts = split_recipient(cell)
    if parts is None:
        return [("recipient", one_line(cell)), ("phones", ""), ("address", "")]
    return [("name", parts.name), ("phones", parts.phone), ("address", one_line(parts.address))]


def _dry_run_lines(report: ImportReport | None) -> tuple[dict[int, str], dict[int, str]]:
    """The lines a dry run refused (their first problem, as its summary lists it) and those
    it held back (what it found of them), in the seller's language now."""
    if report is None:
        return {}, {}
    refused: dict[int, str] = {}
    for error in report.errors:
        if error.line not in refused:
            refused[error.line] = error.message
    held = {line: said(None) for line, said in report.held_lines.items()}
    return refused, held
