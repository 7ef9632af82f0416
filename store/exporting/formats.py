"""`xiaoben export PATH`: which format the seller asked for, and the file written whole.

The format comes from --format or the target's extension. A book (.db) is the backup
API's copy (redacted in the copy when asked); a workbook, CSV or vCard is read from one
snapshot of the book on a read-only connection of its own, so what it holds is one state
of the book even while the app keeps saving.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from xiaoben.models.errors import BookError
from xiaoben.models.rules import Rules
from xiaoben.store.cipher import BookKey
from xiaoben.store.customer_list import ListQuery, matching_ids
from xiaoben.store.driver import sqlite3
from xiaoben.store.exporting import PROGRESS_EVERY, TABLES
from xiaoben.store.exporting.tables import Selection, Table, read_table
from xiaoben.store.exporting.vcard import write_vcards
from xiaoben.store.exporting.writers import write_csv, write_xlsx
from xiaoben.store.files import connect_read_only, refuse_export_target, write_private

Format = Literal["db", "xlsx", "csv", "vcf"]
_EXTENSIONS: dict[str, Format] = {
    ".db": "db",
    ".sqlite": "db",
    ".sqlite3": "db",
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".vcf": "vcf",
}


@dataclass(frozen=True)
class ExportRequest:
    format: Format | None = None  # None: from the target's extension
    table: str | None = None  # CSV only: customers (default), purchases, contacts, reminders
    # the list's filter in words (store/exporting/filters.py): the Book turns it into `ids`
    only: str | None = None
    redact: bool = False
    force: bool = False
    decrypt: bool = False  # an encrypted book's export written unencrypted (asked for)
    ids: frozenset[int] | None = None  # only these customers (the list's marked ones)
    # told (table, rows written so far) as a table is written, every PROGRESS_EVERY rows
    progress: Callable[[str, int], None] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ExportPlan:
    """What an export to a path would write, known before anything is."""

    format: Format
    tables: tuple[str, ...]  # what the file holds, of TABLES
    replaces: bool  # a file is there already: written over only with force


@dataclass
class Exported:
    path: Path
    format: Format
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows written


def format_of(target: Path, wanted: Format | None) -> Format:
    if wanted is not None:
        return wanted
    found = _EXTENSIONS.get(target.suffix.lower())
    if found is None:
        raise BookError("store.export_format", path=str(target))
    return found


def check_backup_target(target: Path) -> None:
    """`xiaoben backup PATH` writes a book: a name that says CSV, a workbook or anything
    else would hold a database under a misleading extension, so it is refused."""
    extension = target.suffix
    found = _EXTENSIONS.get(extension.lower())
    if not extension or found == "db":
        return
    key = "store.backup_extension" if found is None else "store.backup_extension_export"
    raise BookError(
        key,
        path=str(target),
        extension=extension,
        name=target.name,
        book_name=target.with_suffix(".db").name,
    )


def check_request(target: Path, request: ExportRequest) -> Format:
    """The format, once everything the seller asked for is known to fit together."""
    chosen = format_of(target, request.format)
    if request.table is not None and chosen != "csv":
        raise BookError("store.export_table_format")
    if (request.only is not None or request.ids is not None) and chosen == "db":
        raise BookError("store.export_only_db")
    return chosen


def tables_held(chosen: Format, table: str | None = None) -> tuple[str, ...]:
    """The tables a file of this format holds: a book copy or a workbook all of them (a sheet
    each), a CSV the one asked for (the customers unless told), a vCard the customers."""
    if chosen in ("db", "xlsx"):
        return TABLES
    if chosen == "csv":
        return (table or "customers",)
    return ("customers",)


def plan_export(target: Path, request: ExportRequest, book_path: Path) -> ExportPlan:
    """The export to `target` checked as it will be written (every refusal but that of a
    file already there, which `replaces` tells), so a preview can say what it will do."""
    refuse_export_target(target, book_path, force=True)
    chosen = check_request(target, request)
    replaces = target.expanduser().exists()
    return ExportPlan(chosen, tables_held(chosen, request.table), replaces)


def export_tables(
    book_path: Path,
    target: Path,
    request: ExportRequest,
    rules: Rules,
    as_of: date,
    key: BookKey | None = None,
) -> Exported:
    """An xlsx, CSV or vCard export of the book at `book_path` (not the .db copy: the Book
    makes that through its own connection)."""
    chosen = check_request(target, request)
    selection = Selection(
        only=_only(request),
        redact=request.redact,
        reasons=chosen == "xlsx",
    )
    done = Exported(target, chosen)

    def write(temp: Path) -> None:
        with _snapshot(book_path, key) as conn:
            if chosen == "vcf":
                ids = None if selection.only is None else matching_ids(conn, selection.only)
                told = _telling("customers", request.progress)
                done.rows["customers"] = write_vcards(conn, ids, selection.redact, temp, told)
                return
            tables = [
                _counted(read_table(conn, name, selection, rules, as_of), done, request.progress)
                for name in tables_held(chosen, request.table)
            ]
            if chosen == "xlsx":
                write_xlsx(tables, temp)
            else:
                write_csv(tables[0], temp)

    done.path = write_private(target, write, book=book_path, force=request.force)
    return done


def _only(request: ExportRequest) -> ListQuery | None:
    """The customers an export holds: the marked ones, or the filter's (None: all)."""
    return ListQuery(ids=request.ids) if request.ids is not None else None


def _counted(
    table: Table, done: Exported, progress: Callable[[str, int], None] | None = None
) -> Table:
    told = _telling(table.name, progress)

    def rows() -> Iterator[list[Any]]:
        count = 0
        for row in table.rows:
            count += 1
            if told is not None and count % PROGRESS_EVERY == 0:
                told(count)
            yield row
        done.rows[table.name] = count
        if told is not None:
            told(count)

    return Table(table.name, table.columns, rows())


def _telling(
    name: str, progress: Callable[[str, int], None] | None
) -> Callable[[int], None] | None:
    """`progress` for the table `name`: told the rows written so far."""
    if progress is None:
        return None
    return lambda count: progress(name, count)


@contextmanager
def _snapshot(book_path: Path, key: BookKey | None) -> Iterator[sqlite3.Connection]:
    """A read-only connection holding one read transaction: every table from one state."""
    conn = connect_read_only(book_path, key)
    try:
        conn.execute("BEGIN")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()
