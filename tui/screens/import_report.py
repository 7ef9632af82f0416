"""What the Import screen's workers report, and its words for it: the file read, the
stages of an import, a dry run's summary or what an import did (with the orders left out,
the customers left alone, the near matches and the bad rows named)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from textual.message import Message

from xiaoben.models.errors import BookError
from xiaoben.models.fields import FieldDef
from xiaoben.models.i18n import MESSAGES, Words, t
from xiaoben.models.text import printable
from xiaoben.store.importing.columns import Kind
from xiaoben.store.importing.date_order import DateOrder, DatesRead
from xiaoben.store.importing.errors import RowError, Said
from xiaoben.store.importing.footers import left_out_rows, total_rows
from xiaoben.store.importing.readers import sniff
from xiaoben.store.importing.sheets import sheet_list
from xiaoben.store.importing.tables import ImportTable, sheet_notes, work_addresses_note
from xiaoben.store.imports import (
    KEPT_NEAR_LISTS,
    ImportReport,
    first_row_amounts_line,
    held_back_lines,
    new_items_line,
    order_days_line,
    order_totals_line,
    pay_bill_lines,
    priced_totals_line,
    repeated_amounts_line,
    respelled_in_file_line,
    respelled_orders_line,
    unsure_refunds_line,
)
from xiaoben.tui.presenting import shown_report_lines

FileStamp = tuple[int, int, int]


def file_stamp(path: Path) -> FileStamp | None:
    """The file's size, modification time and inode as it stands now: saving it again (WPS,
    Excel: often a new file renamed over the old) changes one of them. None: it cannot be
    looked at (moved, deleted)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino


@dataclass
class TableRead(Message):
    generation: int
    table: ImportTable | None
    error: str
    sheets: tuple[str, ...]
    kind: Kind
    remembered: dict[str, str]
    large_cents: int | None
    custom: tuple[FieldDef, ...] = ()  # the book's custom fields: columns may land in them
    hidden: Mapping[str, str] = field(default_factory=dict)  # ImportTable.hidden_sheets
    # the date order the seller said for the last file of these headers (None: none)
    date_order: DateOrder | None = None
    # how the file's slashed dates read, as mapped on reading (dates_read), and the date
    # columns that was of: a mapping that moves the date column reads them again
    dates: DatesRead | None = None
    dates_at: tuple[int, ...] = ()
    # the file read and how it stood then (file_stamp): ctrl+s checks it has not changed since
    path: Path | None = None
    stamp: FileStamp | None = None


@dataclass
class Checked(Message):
    generation: int
    report: ImportReport | None
    error: str


@dataclass
class Progressed(Message):
    stage: str
    done: int
    total: int


@dataclass
class Imported(Message):
    report: ImportReport | None
    error: str | Said  # said when shown: a screen rebuilt in another language says it anew
    near_list: Path | None = None  # the whole list of near matches, kept beside the book
    # the backup of the book as it was before the import, to name as the way back
    # (store.backups.ImportBackup), and a warning when it could not be written
    backup: Path | None = None
    backup_warning: str | None = None


SHOWN_NEAR = 5
SHOWN_PROBLEMS = 8


def report_lines(
    report: ImportReport, keep_good: bool, *, done: bool = False, near_list: Path | None = None
) -> list[str]:
    """The first line is the summary (the dry run's, or the import's when `done`);
    `near_list`: the file keeping every near match, named after the ones shown."""
    figures = {
        "rows": report.rows_read,  # (a bill's rows left out too: pay_bill_lines)
        "imported": report.imported,
        "created": report.created_customers,
        "updated": report.updated_customers,
        "bad": report.bad_rows,
    }
    key = "importer.done" if done else "importer.summary"
    if report.updated_purchases or report.removed_purchases:  # an update's: said first
        key += "_orders"
        figures |= {"changed": report.updated_purchases, "removed": report.removed_purchases}
    elif report.purchases is not None:  # a purchases import: the purchases it recorded
        key += "_purchases"
        figures["purchases"] = report.purchases
    elif report.held_back:  # (a customers import's; the orders' are a purchases import's)
        key += "_held"
        figures["held"] = report.held_back
    lines = [t(key, None, **figures)]
    if done and report.nothing_changed:
        unchanged = "importer.unchanged_held" if report.held_back else "importer.unchanged"
        # bad rows listed apart
        lines = [t(unchanged, rows=report.imported, held=report.held_back)]
    if report.bad_rows and not keep_good and not done:
        lines.append(t("importer.all_or_nothing"))
    lines += pay_bill_lines(report)
    if report.closed_orders or report.refunded_orders or report.known_orders:
        lines.append(
            t(
                "importer.orders",
                closed=report.closed_orders,
                refunded=report.refunded_orders,
                known=report.known_orders,
            )
        )
    if report.partial_refunds:
        lines.append(t("import.partial_refunds", count=report.partial_refunds))
    if report.partly_paid:
        lines.append(t("import.partly_paid_orders", count=report.partly_paid))
    if report.restated_orders:
        lines.append(
            t(
                "importer.orders_restated",
                count=report.restated_orders,
                closed=report.restated_closed,
                refunded=report.restated_refunded,
            )
        )
    if report.paid_more_orders:
        lines.append(t("importer.orders_paid_more", count=report.paid_more_orders))
    if report.behind_orders:
        lines.append(t("import.orders_behind", count=report.behind_orders))
    if report.new_items:
        lines.append(new_items_line(report))
    if report.respelled_orders:
        lines.append(respelled_orders_line(report))
    if report.respelled_in_file:
        lines.append(respelled_in_file_line(report))
    if report.order_days_joined:
        lines.append(order_days_line(report))
    if report.updated_purchases:
        lines.append(t("importer.orders_updated", count=report.updated_purchases))
    if report.removed_purchases:
        lines.append(t("importer.orders_removed", count=report.removed_purchases))
    lines += [f"  {change}" for change in report.order_changes]
    if report.order_changes and report.order_changes_left:
        lines.append(f"  {t('import.more_order_changes', count=report.order_changes_left)}")
    if report.known_purchases:
        lines.append(t("importer.known_purchases", count=report.known_purchases))
    if report.work_addresses:
        lines.append(work_addresses_note(report.work_addresses))
    if report.order_totals:
        lines.append(order_totals_line(report.order_totals))
    if report.priced_totals:
        lines.append(priced_totals_line(report.priced_totals))
    if report.first_row_amounts:
        lines.append(first_row_amounts_line(report.first_row_amounts))
    if report.repeated_amounts:
        column = report.repeated_amounts[1]
        how = t(
            "importer.repeated_amounts_how",
            column=column,
            field=t("field.order_total"),
            orders=t("importer.on_order_duplicate"),
            update=t("importer.order_dup.update"),
        )
        lines.append(repeated_amounts_line(report.repeated_amounts, how))
    if report.unsure_refunds:
        lines.append(unsure_refunds_line(report))
    if report.derived_regions:
        lines.append(t("importer.regions", count=report.derived_regions))
    if report.skipped_customers:
        lines.append(t("importer.skipped", count=report.skipped_customers))
    lines += held_back_lines(report)
    if report.hidden_phones:
        line, number = report.first_hidden or (0, "")
        lines.append(
            t("importer.hidden_phones", count=report.hidden_phones, line=line, number=number)
        )
    if report.hidden_matched:
        line, number, other = report.first_hidden_matched or (0, "", "")
        count = report.hidden_matched
        said = t("import.hidden_matched", count=count, line=line, number=number, other=other)
        lines.append(said)
    if report.name_phones:
        line, cell = report.first_name_phone or (0, "")
        lines.append(t("importer.name_phones", count=report.name_phones, line=line, cell=cell))
    if report.name_remarks:
        line, cell = report.first_name_remark or (0, "")
        lines.append(t("importer.name_remarks", count=report.name_remarks, line=line, cell=cell))
    if report.merged_rows:
        said = t("import.merged_rows", count=report.merged_rows, line=report.first_merged_row)
        lines.append(said)
    if report.noted_wechats:
        line, wechat = report.first_noted_wechat or (0, "")
        said = t("importer.noted_wechats", count=report.noted_wechats, line=line, wechat=wechat)
        lines.append(said)
    if report.name_words:
        line, words = report.first_name_words or (0, "")
        lines.append(t("importer.name_words", count=report.name_words, line=line, words=words))
    if report.none_phones:
        line, cell = report.first_none_phone or (0, "")
        lines.append(t("importer.none_phones", count=report.none_phones, line=line, cell=cell))
    for key, count, first in (
        ("importer.year_birthdays", report.year_birthdays, report.first_year_birthday),
        ("importer.number_genders", report.number_genders, report.first_number_gender),
    ):
        if count and first:
            line, column, cell = first
            lines.append(t(key, count=count, line=line, column=column, cell=cell))
    if report.first_rounded:
        line, shown, rounded = report.first_rounded
        lines.append(
            t("importer.rounded", count=report.rounded_amounts, line=line, shown=shown,
              rounded=rounded)
        )  # fmt: skip
    if report.shared_orders:  # not near matches: two buyers, maybe two people
        shared = report.shared_order_lines[:SHOWN_NEAR]
        lines.append(t("importer.shared_orders", count=report.shared_orders))
        lines += [f"  {each}" for each in shown_report_lines(shared)]
        lines += _more(report.shared_lines - len(shared))
    if report.same_in_file:
        lines.append(t("importer.same_in_file", count=len(report.same_in_file)))
        lines += [f"  {same}" for same in shown_report_lines(report.same_in_file[:SHOWN_NEAR])]
        lines += _more(len(report.same_in_file) - SHOWN_NEAR)
    if report.near_matches:
        lines.append(t("importer.near", count=len(report.near_matches)))
        lines += [f"  {near}" for near in shown_report_lines(report.near_matches[:SHOWN_NEAR])]
        lines += _more(len(report.near_matches) - SHOWN_NEAR)
        if near_list is not None:
            lines.append(t("importer.near_kept", path=str(near_list), kept=KEPT_NEAR_LISTS))
    lines += shown_report_lines(report.unknown_members[:SHOWN_NEAR])  # of a file's groups
    lines += _more(len(report.unknown_members) - SHOWN_NEAR)
    if report.kept_referrers:
        lines.append(t("importer.kept_referrers", count=len(report.kept_referrers)))
        lines += [f"  {kept}" for kept in shown_report_lines(report.kept_referrers[:SHOWN_NEAR])]
        lines += _more(len(report.kept_referrers) - SHOWN_NEAR)
    errors = sorted(report.errors, key=lambda error: error.line)
    lines += shown_report_lines(
        [
            t("importer.problem", line=e.line, column=e.column, message=e.said_once())
            for e in errors[:SHOWN_PROBLEMS]
        ]
    )
    lines += _more(report.error_count - SHOWN_PROBLEMS)
    return lines


def said(message: str | Said) -> str:
    """A message kept to be said when shown, in the language of the screen now."""
    return message if isinstance(message, str) else message(None)


def _more(count: int) -> list[str]:
    return [t("importer.more", count=count)] if count > 0 else []


def stage_words(stage: str) -> str:
    """The progress bar's words for a stage of import_table (its own name if it is new)."""
    key = f"importer.stage.{stage}"
    return t(key) if key in MESSAGES else stage


@dataclass
class CheckProgressed(Message):
    """How far the dry run of `generation` has come (said in the summary: the progress bar
    is the import's)."""

    generation: int
    stage: str
    done: int
    total: int


def checking_words(stage: str, done: int, total: int) -> str:
    """The summary while a dry run goes: "Checking every row (a dry run) … reading 45%"."""
    percent = min(100, done * 100 // total) if total > 0 else 0
    return t("importer.checking_stage", stage=stage_words(stage), percent=percent)


def sheets_of(path: Path) -> tuple[tuple[str, ...], dict[str, str]]:
    """A workbook's sheets, for the seller to pick one when none was recognised, and the
    mark of each hidden one (sheets.hidden_marks)."""
    try:
        file_format = sniff(path)
        if file_format in ("xlsx", "xls", "ods"):
            return sheet_list(path, file_format)
    except BookError:
        pass
    return (), {}


def _outside(error: RowError) -> bool:
    """Whether a vCard's refused line is outside every card (no contact of the file)."""
    return isinstance(error.heading, Words) and error.heading.key == "import.vcard_file"


def read_text(table: ImportTable) -> str:
    """ "c.csv: header in line 3, 120 rows of data (utf-8)", or the sheet's."""
    # the rows the import reads: its 合计 and footer rows are left out, and said so, as the
    # dry run's count leaves them out (one count in both places)
    left_out = 0
    if table.format != "vcard":
        left_out = len(total_rows(table.rows)) + len(left_out_rows(table.header, table.rows))
    rows = len(table.rows) - left_out
    if table.format == "vcard":  # a contact a row, those refused counted
        rows += sum(not _outside(error) for error in table.refused)
    values = {"path": printable(table.path.name), "row": table.header_line, "rows": rows}
    if table.sheet is not None:
        read = t("importer.read_sheet", None, sheet=printable(table.sheet), **values)
        read += t("importer.read_left_out", count=left_out) if left_out else ""
        # the sheets a default choice passed over, or left unread with the same header
        return "\n".join([read, *(printable(note) for note in sheet_notes(table, "importer"))])
    if table.format == "vcard":  # no header row: a contact a row
        return t("importer.read_contacts", None, encoding=table.encoding, **values)
    read = t("importer.read", None, encoding=table.encoding, **values)
    return read + (t("importer.read_left_out", count=left_out) if left_out else "")
