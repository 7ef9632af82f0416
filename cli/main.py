"""`xiaoben [--db PATH] COMMAND`: open the book, call one store verb, print the outcome.

Commands that show no screen never import Textual (they must start fast), and a command
imports only what it uses: the commands of other modules load when they are run
(LAZY_COMMANDS), so `xiaoben queue` never pays for `xiaoben report`'s modules.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from xiaoben.cli import shared
from xiaoben.cli.help_pages import Group
from xiaoben.cli.labels import register_labels
from xiaoben.cli.paths import data_folder, default_book, demo_book
from xiaoben.cli.shared import (
    DAY,
    PASSPHRASE_VARIABLE,
    open_book,
    seller_errors,
)
from xiaoben.cli.usage import (
    INT,
    TEXT,
    Choice,
    IntRange,
    PathType,
    SellerError,
    SellerUsageError,
    in_seller_words,
)
from xiaoben.models.errors import BookError
from xiaoben.models.i18n import current_language, set_language, t
from xiaoben.models.text import printable
from xiaoben.store.exporting import FORMATS, TABLES
from xiaoben.store.path_faults import path_fault

if TYPE_CHECKING:  # the store loads only when a command runs
    from collections.abc import Callable, Sequence

    from xiaoben.models.fields import FieldDef
    from xiaoben.store.book import Book
    from xiaoben.store.importing.date_order import DatesRead
    from xiaoben.store.importing.errors import RowError
    from xiaoben.store.importing.tables import ImportTable
    from xiaoben.store.imports import ImportReport


# Commands defined in modules of their own: name -> "module:attribute", imported when run.
LAZY_COMMANDS = {
    "model": "xiaoben.cli.model:model",
    "queue": "xiaoben.cli.queue:queue",
    "backup": "xiaoben.cli.backups:backup",
    "backups": "xiaoben.cli.backups:backups",
    "restore": "xiaoben.cli.backups:restore",
    "replicate": "xiaoben.cli.backups:replicate",
    "report": "xiaoben.cli.report:report",
    "forget": "xiaoben.cli.forget:forget",
    "merge": "xiaoben.cli.merge:merge",
    "unmerge": "xiaoben.cli.merge:unmerge",
    "duplicates": "xiaoben.cli.merge:duplicates",
    "fields": "xiaoben.cli.fields:fields",
    "passphrase": "xiaoben.cli.passphrase:passphrase",
}


class BookCommands(Group):
    """The commands, with a fault of the book met while reading it (a damaged page, a
    lock held too long, a full disk) told in words instead of a traceback; the commands
    of LAZY_COMMANDS are loaded when asked for (run, or listed by --help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, attribute = LAZY_COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line, its output never failing on a path that is no UTF-8 text
        (a GBK folder's name in a message): such bytes are shown replaced, on a terminal
        that would refuse them (a UTF-8 locale's strict stdout), for display only."""
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
                stream.reconfigure(errors="replace")
        return super().main(*args, **kwargs)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """The command line parsed, its mistakes (an unknown option, --db a folder …) said
        in the seller's language (--lang is read first, being eager)."""
        register_labels()
        if parent is None:
            _language_first(args)
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise in_seller_words(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.Abort:  # Ctrl+C or no answer at a question: click's "Aborted!" in words
            asked = "cli.aborted" if shared.can_prompt() else "cli.aborted_no_terminal"
            raise SellerError(t(asked)) from None
        except KeyboardInterrupt:  # Ctrl+C while a command works (an export): likewise
            click.echo(file=sys.stderr)  # off the line the ^C was echoed on
            raise SellerError(t("cli.aborted")) from None
        except click.UsageError as exc:  # a command's, or click's parsing one's arguments
            raise in_seller_words(exc) from None
        except click.ClickException as exc:
            if type(exc) is not click.ClickException:
                raise  # a SellerError, an Exit: as they are
            raise SellerError(exc.message) from None
        except Exception as exc:
            if "sqlite" not in type(exc).__module__:
                raise
            from xiaoben.store.files import fault_of

            fault = fault_of(exc, Path(ctx.obj["db"]) if ctx.obj else Path("?"))
            if fault is None:
                raise
            raise click.ClickException(printable(fault.message(), lines=True)) from None


def _language_first(args: list[str]) -> None:
    """Set the language a --lang among xiaoben's own options names, before click reads any:
    `xiaoben --help --lang zh` shows its help in Chinese (click runs the eager --help as it
    meets it, before the --lang typed after it). A wrong value is left for click to refuse."""
    at = 0
    while at < len(args):
        arg = args[at]
        if arg == "--lang" and at + 1 < len(args):
            value = args[at + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        elif arg == "--db":  # its value, whatever it is, is no option
            at += 2
            continue
        elif arg.startswith("-") and arg != "--":
            at += 1
            continue
        else:  # a command (its options are its own), or -- before arguments
            return
        if value in ("zh", "en"):
            set_language(value)  # type: ignore[arg-type]  # one of the two, checked above
        at += 2 if arg == "--lang" else 1


def _set_language(ctx: click.Context, param: click.Parameter, lang: str | None) -> str | None:
    """--lang, set as soon as it is read: the other options' errors are said in it."""
    if lang:
        set_language(lang)  # type: ignore[arg-type]  # the Choice guarantees zh or en
    return lang


@click.group(cls=BookCommands, invoke_without_command=True, help="cli.help.xiaoben")
@click.option(
    "--db",
    type=PathType(dir_okay=False, path_type=Path),
    default=None,
    help="cli.help.xiaoben.db",
)
@click.option(
    "--lang",
    type=Choice(["zh", "en"]),
    default=None,
    is_eager=True,
    callback=_set_language,
    help="cli.help.xiaoben.lang",
)
@click.version_option(package_name="xiaoben", help="cli.help.version")
@click.pass_context
def main(ctx: click.Context, db: Path | None, lang: str | None) -> None:
    ctx.ensure_object(dict)
    ctx.obj["db"] = db or default_book()
    fault = path_fault(Path(ctx.obj["db"]).expanduser().absolute())
    if fault is not None:  # a name too long, a file on the way: said before any command
        raise SellerError(fault.message())
    # A book the seller named (--db, XIAOBEN_DB) is never made by a command that only reads.
    ctx.obj["named_db"] = db is not None or default_book() != data_folder() / "book.db"
    if ctx.invoked_subcommand is None:
        _run_app(ctx, ctx.obj["db"])


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _run_app(ctx: click.Context, path: Path) -> None:
    """Open the app on `path` (Textual is imported only here)."""
    if not _interactive():
        _print_tiers(open_book(ctx, path), None, None, as_json=False)
        return
    from xiaoben.store.cipher import is_encrypted
    from xiaoben.tui.app import make_app, opener

    book = None
    typed_ahead: list[Any] = []  # keys typed after the passphrase's Enter, for the app
    path = path.expanduser()
    settings = None
    lang = ctx.find_root().params.get("lang")
    if lang:  # --lang wins over the remembered language, for this run (F6 remembers)
        from xiaoben.tui.settings import load_settings

        settings = load_settings().model_copy(update={"language": lang})
    if is_encrypted(path) and PASSPHRASE_VARIABLE not in os.environ:
        from xiaoben.tui.unlock import unlock

        book, settings, typed_ahead = unlock(path, opener(path), settings)  # in --lang's too
        if book is None:
            return  # the seller quit at the prompt
    with seller_errors():
        app = make_app(
            path, book=book, passphrase=os.environ.get(PASSPHRASE_VARIABLE), settings=settings
        )
    # The day's backup is written beside the app (a 350 MB book's copy and check took
    # 15-50 s before the first paint): the app waits for it before closing the book.
    from xiaoben.store.backups import backup_alongside

    app.back_up_meanwhile(backup_alongside(app.book))
    app.type_ahead(typed_ahead)
    replication = _start_replication(app.book)
    try:
        app.run()
    finally:
        if replication is not None:
            from xiaoben.store.replication import stop_replication

            stop_replication(replication)
    if app.return_code:  # the app ended on an error (Textual printed it): not a quit
        sys.exit(app.return_code)


def _start_replication(book: Any) -> Any:
    """Litestream alongside the app, when the book names a replica (a warning if it cannot
    start: the app opens all the same)."""
    url, copied = book.replica(), book.copied_replica()
    if book.read_only or (url is None and copied is None):
        return None
    from xiaoben.store.replication import start_replication

    try:
        if url is None:  # a copy of the book that named the replica: said, never into it
            raise BookError("store.replica_of_copy", path=str(book.path), url=copied)
        return start_replication(book.path, url)
    except (BookError, OSError) as exc:
        reason = exc.message() if isinstance(exc, BookError) else str(exc)
        click.echo(printable(t("cli.replication_off", reason=reason)), err=True)
        return None


@main.command(help="cli.help.demo")
@click.option("--fresh", is_flag=True, help="cli.help.demo.fresh")
@click.option(
    "--customers", type=INT, default=300, show_default=True, help="cli.help.demo.customers"
)
@click.option("--seed", type=INT, default=7, show_default=True, help="cli.help.demo.seed")
@click.option("--no-app", is_flag=True, help="cli.help.demo.no_app")
@click.pass_context
def demo(ctx: click.Context, fresh: bool, customers: int, seed: int, no_app: bool) -> None:
    from xiaoben.store.demo import write_demo

    path = ctx.parent.params["db"] if ctx.parent and ctx.parent.params.get("db") else demo_book()
    if fresh or not Path(path).exists():
        if fresh:
            _refuse_unless_demo(Path(path))
            _refuse_while_open(Path(path))
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        from xiaoben.store.book import Book

        with Book.open(path) as book:
            made = write_demo(book, customers=customers, seed=seed)
        click.echo(t("cli.demo_written", path=path, customers=made), err=True)
    if no_app or not _interactive():
        _print_tiers(open_book(ctx, Path(path)), None, None, as_json=False)
    else:
        _run_app(ctx, Path(path))


def _refuse_while_open(path: Path) -> None:
    """`--fresh` deletes the book's files: never under another xiaoben that has it open (the
    app on the demo book), whose saves would go on into a deleted -wal and corrupt the new
    book when it checkpoints."""
    from xiaoben.store.meta_peek import in_one_state

    found = in_one_state(path, lambda conn: None)
    if found is not None and found[1]:
        raise click.ClickException(t("store.demo_open", path=path))


def _refuse_unless_demo(path: Path) -> None:
    """`--fresh` replaces the demo book only: one the demo made, or the demo's own file."""
    from xiaoben.store.files import peek_meta

    own_file = path.expanduser().absolute() == demo_book().absolute()
    empty = not path.exists() or (path.is_file() and path.stat().st_size == 0)
    if not (own_file or empty or peek_meta(path, "demo") == "1"):
        raise click.ClickException(t("store.not_demo", path=path))


@main.group(name="import", help="cli.help.import")
def import_group() -> None:
    pass


def _progress_printer() -> Any:
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        transient=True,
        console=None,
        disable=not sys.stderr.isatty(),
    )
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(t(f"cli.stage.{stage}"), total=max(total, 1))
        progress.update(tasks[stage], completed=done, total=max(total, 1))

    return progress, update


def _report_errors(errors: list[Any], table: Any = None, limit: int = 200) -> None:
    """Each bad row: line, column, field and rule. A phone contact has no columns, so its
    errors name the contact instead (line 69, contact “中国移动”: phone: …). An import's
    errors (Problems) keep the first of them and count them all."""
    contacts = {}
    if table is not None and table.format == "vcard":
        contacts = {line: cells[0] or cells[1].split(";")[0] for line, cells in table.rows}
    shown = sorted(errors, key=lambda e: e.line)[:limit]
    for error in shown:
        column = error.column
        if error.line in contacts:
            column = t("import.vcard_named", name=contacts[error.line] or "—")
        said = error.message if error.line in contacts else error.said_once()
        message = t("cli.row_error", line=error.line, column=column, message=said)
        click.echo(printable(message, lines=True), err=True)
    total = getattr(errors, "total", len(errors))
    if total > len(shown):
        click.echo(t("cli.more_errors", count=total - len(shown)), err=True)


def _run_import(
    ctx: click.Context,
    kind: Literal["purchases", "customers"],
    file: Path,
    sheet: tuple[str, ...] | str | None = None,
    header_row: int | None = None,
    column_map: tuple[str, ...] = (),
    date_order: str | None = None,
    **options: Any,
) -> None:
    from xiaoben.store.importing.bulk import without_gc

    if isinstance(sheet, tuple):
        if len(sheet) > 1:  # never the last one alone, unsaid
            shown = " ".join(f"--sheet {name}" for name in sheet)
            raise SellerUsageError(t("cli.sheet_once", given=shown, first=sheet[0]))
        sheet = sheet[0] if sheet else None
    from xiaoben.store.memory import give_memory_back

    give_memory_back()  # before the reading thread: a large import's columns given back whole
    with without_gc():
        with seller_errors(), _map_named_when_missing():
            try:
                table = _read_while_loading(file, sheet, header_row, kind)
            except KeyboardInterrupt:  # Ctrl+C while reading: the book not even opened
                raise SellerError(t("cli.import_cancelled")) from None
        _refuse_unused_options(table.format, file, sheet, header_row)
        if date_order is not None:
            from dataclasses import replace

            table = replace(table, date_order=date_order)
        # The modules are loaded: the collector's full passes during the import (and the one
        # the writer makes to give memory back) leave them out; back as they were after it.
        # Frozen before the collector is back: its first pass would go over every object
        # the modules made while it was off (~0.15 s of a workbook's import).
        gc.freeze()
    try:
        with _map_named_when_missing():
            _import_read_table(ctx, kind, table, column_map, **options)
    finally:
        gc.unfreeze()


@contextmanager
def _map_named_when_missing() -> Iterator[None]:
    """A required column not found: the column may be there under a name of the seller's
    own (收款 for the amount, 备注名 for the name), and --map names it: said under the error."""
    try:
        yield
    except BookError as exc:
        if exc.key not in _MISSING_COLUMN:
            raise
        raise _missing_column(exc) from None


# A required column not found (or a buyer's, in a shop's item report): --map may name it
_MISSING_COLUMN = ("import.missing_column", "import.item_report")


def _missing_column(exc: BookError) -> SellerError:
    return SellerError(printable(f"{exc.message()}\n{t('cli.import_map_hint')}", lines=True))


@contextmanager
def _ctrl_c_stops_between_batches(update: Any) -> Iterator[Any]:
    """While the import runs, Ctrl+C is noted rather than raised where it falls: the next
    call of the returned progress callback (after a batch, inside the transaction) raises
    ImportCancelled, which rolls the import back whole (said by the caller in words, not
    click's English "Aborted!"). Pressed during the follow-up at the end (no batch left), the
    import completes and says what it wrote."""
    from xiaoben.store.imports import ImportCancelled

    pressed: list[bool] = []

    def noted(signum: int, frame: Any) -> None:
        pressed.append(True)

    def checked(stage: str, done: int, total: int) -> None:
        # ("tiers", 1, 1) comes after the commit: an import that got that far is written.
        if pressed and not (stage == "tiers" and done == total):
            raise ImportCancelled
        update(stage, done, total)

    if threading.current_thread() is not threading.main_thread():
        yield update  # a signal handler is only the main thread's (a test's runner)
        return
    before = signal.signal(signal.SIGINT, noted)
    try:
        yield checked
    finally:
        signal.signal(signal.SIGINT, before)


def _import_read_table(
    ctx: click.Context,
    kind: Literal["purchases", "customers"],
    table: Any,
    column_map: tuple[str, ...],
    **options: Any,
) -> None:
    """The read table imported into the book, and what it did said."""
    from xiaoben.store.importing.errors import OnlyTotals
    from xiaoben.store.importing.tables import (
        empty_rows_note,
        ignored_columns,
        lost_zeros,
        sheet_notes,
        total_rows_note,
        total_rows_text,
    )
    from xiaoben.store.imports import ImportCancelled, ImportRejected, import_table

    # the book as it was before an import that writes, kept: the way back from it
    book = open_book(ctx, backup_alongside=True, before_change=not options.get("dry_run"))
    custom = book.fields() if kind == "customers" else []
    given = _column_map(column_map, kind, table.header, custom) if column_map else {}
    mapping = given or book.remembered_mapping(kind, table.header)
    if mapping:
        from dataclasses import replace

        table = replace(table, mapping=mapping)
    if mapping and not given:
        from xiaoben.store.importing.columns import field_name

        # a custom field by the label she typed (等级=会员级别, en: 等级=tier2), as --map takes
        # it back; ours by their keys (电话=phone)
        shown = ", ".join(
            f"{column}={field_name(field, custom) if field.startswith('custom.') else field}"
            for column, field in mapping.items()
        )
        click.echo(printable(t("cli.remembered_map", mapping=shown), lines=True), err=True)
    dates = _dates_read(table) if kind == "purchases" else None
    said_order = table.date_order if dates is not None and dates.order is None else None
    if dates is not None and dates.order is None and table.date_order is None:
        remembered = book.remembered_date_order(kind, table.header)
        if remembered is not None:
            from dataclasses import replace

            table = replace(table, date_order=remembered)
            order = t(f"cli.date_order.{remembered}")
            said = t("cli.remembered_date_order", column=dates.column, order=order)
            click.echo(printable(said, lines=True), err=True)
    if table.sheet is not None:
        click.echo(t("import.reading_sheet", sheet=table.sheet, row=table.header_line), err=True)
        for note in sheet_notes(table):
            click.echo(printable(note, lines=True), err=True)
    unread = ignored_columns(table, kind, custom)
    if unread:
        click.echo(printable(unread, lines=True), err=True)
    # A purchases import finds the 合计 rows as it reads (a million rows are read once).
    _say_totals(total_rows_note(table) if kind == "customers" else None)
    empty = empty_rows_note(table, custom) if kind == "customers" else None
    if empty:  # rows of a 序号 numbered ahead: passed over, said once
        click.echo(printable(empty, lines=True), err=True)
    # A purchases import notes a large sheet's number cells as it reads them: its warnings
    # are worked out after it. A customers import's are worked out first: once its rows are
    # parsed, a large sheet's cells are let go (import_table's let_go), not read again.
    warnings = lost_zeros(table, kind) if kind == "customers" else None
    progress, update = _progress_printer()
    with progress, _ctrl_c_stops_between_batches(update) as update:
        try:
            report = import_table(
                book, kind, table, update, read_apart=True, let_go=True, **options
            )
        except ImportCancelled:  # rolled back: nothing written
            progress.stop()
            raise SellerError(t("cli.import_cancelled")) from None
        except ImportRejected as exc:
            progress.stop()
            _report_errors(_warnings(_sheet_warnings(warnings, table, kind), exc.report.errors))
            _say_totals(total_rows_text(exc.report.total_rows))
            _report_errors(exc.report.errors, table)
            said = f"{exc.message()}\n{t('cli.import_keep_good')}"  # the way on, said last
            raise click.ClickException(printable(said, lines=True)) from None
        except OnlyTotals as exc:  # the customers' were said before the import
            _say_totals(total_rows_text(exc.total_rows) if kind == "purchases" else None)
            raise click.ClickException(printable(exc.message(), lines=True)) from None
        except BookError as exc:
            progress.stop()
            _report_errors(_sheet_warnings(warnings, table, kind))
            if exc.key in _MISSING_COLUMN:
                raise _missing_column(exc) from None
            raise click.ClickException(printable(exc.message(), lines=True)) from None
    # Said once the rows are in: a large sheet's number cells were noted as the import
    # read them (the warnings cost no pass of their own over its cells).
    _report_errors(_warnings(_sheet_warnings(warnings, table, kind), report.errors))
    _say_totals(total_rows_text(report.total_rows))
    _report_errors(report.errors, table)
    if report.wrote:  # the backup taken before it says the way back
        ctx.find_root().obj["changed"] = True
    if (given or said_order) and not report.dry_run:  # as the Import screen remembers them
        book.remember_mapping(kind, table.header, given or mapping, said_order)
    key = "cli.import_dry_run" if report.dry_run else "cli.import_done"
    if report.updated_purchases or report.removed_purchases:  # an update's: said first
        key += "_orders"
    elif report.held_back:  # (a customers import's; the orders' are a purchases import's)
        key += "_held"
    if report.nothing_changed:
        key = "cli.import_unchanged_dry_run" if report.dry_run else "cli.import_unchanged"
        key += "_held" if report.held_back else ""
    click.echo(
        t(
            key,
            imported=report.imported,
            rows=report.rows_read,  # (a bill's rows left out too: said below)
            created=report.created_customers,
            updated=report.updated_customers,
            bad=report.bad_rows,
            source=_read_as(table),
            changed=report.updated_purchases,
            removed=report.removed_purchases,
            held=report.held_back,
        )
    )
    if report.purchases:  # a purchases import (its counts above: customers)
        said = "cli.import_purchases_dry_run" if report.dry_run else "cli.import_purchases"
        click.echo(t(said, count=report.purchases))
    if dates is not None and dates.order is not None and table.date_order is None:
        click.echo(printable(_dates_read_line(dates), lines=True))
    _report_extras(report, book)
    # A dry run exits as the import would: refused whole (1) without --keep-good, which
    # ImportRejected says above; with it, the bad rows left out, 0 (a script checking a
    # file before importing it with --keep-good is told what that import will do)
    if report.errors and not report.kept_good:
        ctx.exit(1)
    if report.held_back and not report.kept_good:
        ctx.exit(HELD_BACK_STATUS)  # not all of the file came in: a script must not take it so


def _dates_read(table: ImportTable) -> DatesRead | None:
    """How a purchases file's slashed dates (03/05/2024) read as a whole column, as the
    Import screen reads them (date_order.dates_read): None where they are not so read (no
    date column, none slashed, dates of other shapes among them) or a column is missing
    (the import says which)."""
    from xiaoben.store.importing.columns import match_columns
    from xiaoben.store.importing.date_order import dates_read
    from xiaoben.store.importing.sheet_rows import SheetRows

    if isinstance(table.rows, SheetRows):
        # a large sheet, converted as its import reads it: not gone through before (its
        # dates are nearly always date cells; slashed text ones that cannot tell their order
        # are refused by the import, naming --date-order)
        return None
    try:
        columns = match_columns(table.header, "purchases", mapping=table.mapping)
    except BookError:
        return None
    return dates_read((row for batch in table.batches() for row in batch.rows), columns)


def _dates_read_line(dates: DatesRead) -> str:
    """The order the column's dates show, in the Import screen's words."""
    if not dates.shown_by:  # every buyer in the United States
        return t("import.dates_read.us", column=dates.column)
    return t(f"import.dates_read.{dates.order}", column=dates.column, cell=dates.shown_by)


# `import` wrote the rest but held rows back for review, unasked (no --keep-good)
HELD_BACK_STATUS = 3


def _refuse_unused_options(
    file_format: str, file: Path, sheet: str | None, header_row: int | None
) -> None:
    """--sheet for a file without sheets (a CSV, a vCard), --header-row for a vCard: exit
    2 saying so, rather than import as if it were not given (the seller meant a file that
    has what they named)."""
    name = printable(file.name)
    if sheet is not None and file_format in ("csv", "vcard"):
        what = t(f"cli.file_what.{file_format}")
        raise SellerUsageError(
            t("cli.sheet_not_workbook", sheet=printable(sheet), file=name, what=what)
        )
    if header_row is not None and file_format == "vcard":
        raise SellerUsageError(t("cli.header_row_contacts", file=name))


def _read_as(table: ImportTable) -> str:
    """How the file was read, for the summary: a text file's encoding, a workbook's
    format (a workbook has no text encoding)."""
    if table.format in ("xlsx", "xls", "ods"):
        return t(f"import.format.{table.format}")
    return t("cli.import_encoding", encoding=table.encoding)


def _sheet_warnings(
    worked_out: list[RowError] | None, table: Any, kind: Literal["purchases", "customers"]
) -> list[RowError]:
    """The sheet's warnings (tables.lost_zeros): as worked out before the import, else now."""
    from xiaoben.store.importing.tables import lost_zeros

    return worked_out if worked_out is not None else lost_zeros(table, kind)


def _warnings(warnings: list[RowError], errors: list[RowError]) -> list[RowError]:
    """The sheet's warnings but those of cells the import refused (said as errors: a key
    number cell that lost digits)."""
    refused = {(error.line, error.value) for error in errors}
    return [each for each in warnings if (each.line, each.value) not in refused]


def _read_while_loading(
    file: Path,
    sheet: str | None,
    header_row: int | None,
    kind: Literal["purchases", "customers"],
) -> Any:
    """The file read in a thread while the modules of what follows load (the book's, the
    importer's, the progress bar's: ~0.6 s of imports): python-calamine reads a workbook's
    sheet without holding the GIL (~0.7 s for 100,000 rows). Loading modules changes
    nothing: a file that cannot be read is refused before any book is opened or made, as
    it always was."""
    from concurrent.futures import ThreadPoolExecutor

    from xiaoben.store.importing.bulk import without_gc
    from xiaoben.store.importing.readers import read_any

    with ThreadPoolExecutor(1, thread_name_prefix="xiaoben-read") as pool:
        reading = pool.submit(read_any, file, sheet=sheet, header_row=header_row, kind=kind)
        with without_gc():  # modules: what they make lives as long as the process
            for module in _import_modules(file, kind):
                importlib.import_module(module)
        return reading.result()


def _import_modules(file: Path, kind: Literal["purchases", "customers"]) -> list[str]:
    """The modules an import of `file` loads after the reading, to load while it reads.
    A workbook of a megabyte or more holds tens of thousands of purchases: the purchase
    model's fit or predictions follow them (scipy, ~0.3 s to load). (A CSV is read by
    Python, holding the GIL: loading scipy beside it would gain nothing.)"""
    from xiaoben.store.importing.readers import sniff

    modules = ["xiaoben.store.book", "xiaoben.store.imports", "rich.progress"]
    if kind == "purchases":
        modules.append("xiaoben.store.purchase_writer")
        with suppress(OSError, BookError):  # (the reading says what is wrong with the file)
            if file.stat().st_size >= _LARGE_WORKBOOK and sniff(file) in ("xlsx", "xls", "ods"):
                # (the fit's own optimiser: bgnbd loads it when a fit first needs it)
                modules += ["xiaoben.tiering.bgnbd", "scipy.optimize", "threadpoolctl"]
    return modules


_LARGE_WORKBOOK = 1 << 20


def _say_totals(note: str | None) -> None:
    if note:
        click.echo(printable(note, lines=True), err=True)


# --- import-map: what the summary line does not say -------------------------------------------


# Near matches printed on a terminal; a longer list (a file of many namesakes: 18,000 on a
# 250,000-row one) is kept whole in a file beside the book and named.
NEAR_SHOWN = 50


def _is_terminal() -> bool:
    return sys.stdout.isatty()


def _report_extras(report: ImportReport, book: Book) -> None:
    """Shop orders left out or refunded, customers skipped, near matches to review."""
    from xiaoben.store.importing.tables import work_addresses_note
    from xiaoben.store.imports import (
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

    for bill_line in pay_bill_lines(report):
        click.echo(bill_line)
    if report.closed_orders or report.refunded_orders or report.known_orders:
        click.echo(
            t(
                "cli.import_orders",
                closed=report.closed_orders,
                refunded=report.refunded_orders,
                known=report.known_orders,
            )
        )
    if report.partial_refunds:
        click.echo(t("import.partial_refunds", count=report.partial_refunds))
    if report.partly_paid:
        click.echo(t("import.partly_paid_orders", count=report.partly_paid))
    if report.restated_orders:
        click.echo(
            t(
                "cli.import_orders_restated",
                count=report.restated_orders,
                closed=report.restated_closed,
                refunded=report.restated_refunded,
            )
        )
    if report.paid_more_orders:
        click.echo(t("cli.import_orders_paid_more", count=report.paid_more_orders))
    if report.behind_orders:
        click.echo(t("import.orders_behind", count=report.behind_orders))
    if report.new_items:
        click.echo(new_items_line(report))
    if report.respelled_orders:
        click.echo(respelled_orders_line(report))
    if report.respelled_in_file:
        click.echo(respelled_in_file_line(report))
    if report.order_days_joined:
        click.echo(order_days_line(report))
    if report.updated_purchases:
        click.echo(t("cli.import_orders_updated", count=report.updated_purchases))
    if report.removed_purchases:
        click.echo(t("cli.import_orders_removed", count=report.removed_purchases))
    for change in report.order_changes:
        click.echo(f"  {printable(change)}")
    if report.order_changes and report.order_changes_left:
        click.echo(f"  {t('import.more_order_changes', count=report.order_changes_left)}")
    if report.known_purchases:
        click.echo(t("cli.import_known_purchases", count=report.known_purchases))
    if report.work_addresses:
        click.echo(work_addresses_note(report.work_addresses))
    if report.order_totals:
        click.echo(order_totals_line(report.order_totals))
    if report.priced_totals:
        click.echo(priced_totals_line(report.priced_totals))
    if report.first_row_amounts:
        click.echo(first_row_amounts_line(report.first_row_amounts))
    if report.repeated_amounts:
        how = t("cli.repeated_amounts_how", column=report.repeated_amounts[1])
        click.echo(repeated_amounts_line(report.repeated_amounts, how))
    if report.unsure_refunds:
        click.echo(unsure_refunds_line(report))
    if report.derived_regions:
        click.echo(t("cli.import_regions", count=report.derived_regions))
    if report.skipped_customers:
        click.echo(t("cli.import_skipped", count=report.skipped_customers))
    for held in held_back_lines(report):
        click.echo(held)
    if report.hidden_phones:
        line, number = report.first_hidden or (0, "")
        said = t("cli.import_hidden_phones", count=report.hidden_phones, line=line, number=number)
        click.echo(said)
    if report.hidden_matched:
        line, number, other = report.first_hidden_matched or (0, "", "")
        count = report.hidden_matched
        said = t("import.hidden_matched", count=count, line=line, number=number, other=other)
        click.echo(said)
    if report.name_phones:
        line, cell = report.first_name_phone or (0, "")
        click.echo(t("cli.import_name_phones", count=report.name_phones, line=line, cell=cell))
    if report.name_remarks:
        line, cell = report.first_name_remark or (0, "")
        click.echo(t("cli.import_name_remarks", count=report.name_remarks, line=line, cell=cell))
    if report.merged_rows:
        said = t("import.merged_rows", count=report.merged_rows, line=report.first_merged_row)
        click.echo(said)
    if report.noted_wechats:
        line, wechat = report.first_noted_wechat or (0, "")
        said = t("cli.import_noted_wechats", count=report.noted_wechats, line=line, wechat=wechat)
        click.echo(said)
    if report.name_words:
        line, words = report.first_name_words or (0, "")
        click.echo(t("cli.import_name_words", count=report.name_words, line=line, words=words))
    if report.none_phones:
        line, cell = report.first_none_phone or (0, "")
        click.echo(t("cli.import_none_phones", count=report.none_phones, line=line, cell=cell))
    for key, count, first in (
        ("cli.import_year_birthdays", report.year_birthdays, report.first_year_birthday),
        ("cli.import_number_genders", report.number_genders, report.first_number_gender),
    ):
        if count and first:
            line, column, cell = first
            click.echo(t(key, count=count, line=line, column=column, cell=cell))
    if report.first_rounded:
        line, shown, rounded = report.first_rounded
        click.echo(
            t("cli.import_rounded", count=report.rounded_amounts, line=line, shown=shown,
              rounded=rounded)
        )  # fmt: skip
    if report.shared_orders:  # not near matches: two buyers, maybe two people
        shared = report.shared_order_lines
        click.echo(t("cli.shared_orders", count=report.shared_orders))
        for each in shared[:NEAR_SHOWN]:
            click.echo(f"  {each}")
        if (more := report.shared_lines - min(len(shared), NEAR_SHOWN)) > 0:
            click.echo(f"  {t('import.more_order_changes', count=more)}")
    if report.same_in_file:
        click.echo(t("cli.same_in_file", count=len(report.same_in_file)))
        for each in report.same_in_file[:NEAR_SHOWN]:
            click.echo(f"  {each}")
        if (more := len(report.same_in_file) - NEAR_SHOWN) > 0:
            click.echo(f"  {t('cli.same_in_file_more', count=more)}")
    if report.near_matches:
        near = report.near_matches
        click.echo(t("cli.near_matches", count=len(near)))
        # (a dry run writes nothing beside the book either: its list is printed whole)
        long = len(near) > NEAR_SHOWN and not report.dry_run
        whole_list = _keep_near_matches(near, book) if long else None
        for each in near[:NEAR_SHOWN] if whole_list else near:
            click.echo(f"  {each}")
        if whole_list:
            from xiaoben.store.imports import KEPT_NEAR_LISTS

            more = len(near) - NEAR_SHOWN
            click.echo(
                t("cli.near_matches_kept", count=more, path=whole_list, kept=KEPT_NEAR_LISTS)
            )
    for member in report.unknown_members:  # of a contacts file's groups
        click.echo(member)
    if report.kept_referrers:
        click.echo(t("cli.kept_referrers", count=len(report.kept_referrers)))
        for kept in report.kept_referrers:
            click.echo(f"  {kept}")


def _keep_near_matches(near: list[str], book: Book) -> Path | None:
    """On a terminal, the whole list of near matches in a private file beside the book, for
    the seller to go through; None (print them all) when the output is not a terminal (a
    file, a pipe: it keeps them) or the file cannot be written."""
    if not _is_terminal():
        return None
    from xiaoben.store.imports import keep_near_matches

    return keep_near_matches(near, book)


def _column_map(
    values: tuple[str, ...],
    kind: Literal["purchases", "customers"],
    header: list[str],
    custom: Sequence[FieldDef] = (),
) -> dict[str, str]:
    """--map "客户名=name" values as header text -> field (a custom field by its label or
    #id); exit 2 naming what is wrong."""
    from xiaoben.store.importing.columns import (
        IGNORE,
        column_key,
        custom_field_of,
        field_named,
        field_names,
    )

    fields = field_names(kind)
    shown = ", ".join([*fields, *(f.label() for f in custom), IGNORE])
    in_file = {column_key(text) for text in header}
    mapping: dict[str, str] = {}
    for value in values:
        column, equals, field = _map_parts(value, in_file)
        if field not in (*fields, IGNORE):  # a custom field's label, or phone / 手机 / 姓名
            field = custom_field_of(field, custom) or field_named(field, kind) or field
        why = None
        if not equals or not column or not field:
            why = t("cli.map_form")
        elif field not in (*fields, IGNORE) and not field.startswith("custom."):
            why = t("cli.map_field", field=field)
        elif column_key(column) not in in_file:
            named = [text for text in header if text.strip()]
            joined = "、".join if current_language() == "zh" else ", ".join
            raise SellerUsageError(
                t("cli.bad_map_column", value=value, column=column, columns=joined(named))
            )
        if why:
            raise SellerUsageError(t("cli.bad_map", value=value, why=why, fields=shown))
        mapping[column] = field
    return mapping


def _map_parts(value: str, in_file: set[str]) -> tuple[str, str, str]:
    """A --map value's column, "=" and field: split at the last = before which the text
    names a column of the file (a header holding = itself: "金额=元=notes"), else at the
    first."""
    from xiaoben.store.importing.columns import column_key

    at = value.rfind("=")
    while at > 0:
        if column_key(value[:at].strip()) in in_file:
            return value[:at].strip(), "=", value[at + 1 :].strip()
        at = value.rfind("=", 0, at)
    column, equals, field = value.partition("=")
    return column.strip(), equals, field.strip()


_import_options = [
    click.argument("file", type=PathType(exists=True, dir_okay=False, path_type=Path)),
    click.option("--dry-run", is_flag=True, help="cli.help.import.dry_run"),
    click.option("--keep-good", is_flag=True, help="cli.help.import.keep_good"),
    click.option("--sheet", type=TEXT, multiple=True, help="cli.help.import.sheet"),
    click.option(
        "--header-row",
        type=IntRange(min=1),
        help="cli.help.import.header_row",
    ),
    click.option(
        "--map",
        "column_map",
        type=TEXT,
        multiple=True,
        metavar="COLUMN=FIELD",
        help="cli.help.import.map",
    ),
]


def _with_import_options(function: Any) -> Any:
    for option in reversed(_import_options):
        function = option(function)
    return function


@import_group.command(name="purchases", help="cli.help.import.purchases")
@_with_import_options
@click.option("--create-missing", is_flag=True, help="cli.help.import.create_missing")
@click.option(
    "--allow-large",
    is_flag=True,
    help="cli.help.import.allow_large",
)
@click.option(
    "--date-order",
    type=Choice(["month-first", "day-first"]),
    default=None,
    help="cli.help.import.date_order",
)
@click.option(
    "--on-duplicate",
    type=Choice(["update", "skip", "new"]),
    default="skip",
    show_default=True,
    help="cli.help.import.purchases.on_duplicate",
)
@click.pass_context
def import_purchases_command(
    ctx: click.Context, file: Path, create_missing: bool, date_order: str | None, **options: Any
) -> None:
    _run_import(
        ctx.find_root(),
        "purchases",
        file,
        create_missing=create_missing,
        date_order=date_order,
        **options,
    )


@import_group.command(name="customers", help="cli.help.import.customers")
@_with_import_options
@click.option(
    "--on-duplicate",
    type=Choice(["update", "skip", "new"]),
    default="update",
    show_default=True,
    help="cli.help.import.customers.on_duplicate",
)
@click.pass_context
def import_customers_command(ctx: click.Context, file: Path, **options: Any) -> None:
    _run_import(ctx.find_root(), "customers", file, **options)


LENSES = ("value", "rfm", "rfm8", "stage", "role", "score", "quadrant")


@main.command(help="cli.help.tiers")
@click.option("--lens", type=Choice(LENSES), default=None, help="cli.help.tiers.lens")
@click.option("--as-of", "as_of", type=DAY, help="cli.help.as_of_stood")
@click.option("--json", "as_json", is_flag=True, help="cli.help.json_objects")
@click.option(
    "--view",
    type=TEXT,
    metavar="NAME",
    help="cli.help.tiers.view",
)
@click.pass_context
def tiers(
    ctx: click.Context, lens: str | None, as_of: date | None, as_json: bool, view: str | None
) -> None:
    if view is None and _print_kept_tiers(ctx, lens, as_of, as_json):
        return
    _print_tiers(open_book(ctx, create=False), lens, as_of, as_json=as_json, view=view)


def _print_kept_tiers(
    ctx: click.Context, lens: str | None, as_of: date | None, as_json: bool
) -> bool:
    """Print the tiers the book keeps, read with the driver alone, when they are a full
    pass of the day asked and nothing changed since (store/kept_tiers.py); False when the
    book must be opened (to bring its tiers to the day, or to compute another day's)."""
    from xiaoben.cli.output import tier_table_keys
    from xiaoben.models.enums import tier_name
    from xiaoben.store.cipher import is_encrypted, key_for
    from xiaoben.store.kept_tiers import KEYS, read_file

    path = Path(ctx.find_root().obj["db"]).expanduser()
    key = None
    if path.is_file() and is_encrypted(path):
        passphrase = os.environ.get(PASSPHRASE_VARIABLE)
        if passphrase is None:
            return False  # asked for at a prompt when the book is opened
        key = key_for(path, passphrase)
    keys = KEYS if as_json else tier_table_keys(lens)
    gc.disable()  # 100,000 rows of tuples that hold no cycles: the collector's passes are waste
    try:
        found = read_file(path, (as_of or date.today()).isoformat(), keys, key)
        if found is None:
            return False
        if found.other_writers:
            click.echo(t("store.second_writer", path=path.absolute()), err=True)
        names = found.tier_names
        _print_columns(found.columns, lens, as_json, lambda tier: tier_name(names, tier))
    finally:
        gc.enable()
    return True


def _print_tiers(
    book: Any, lens: str | None, as_of: date | None, *, as_json: bool, view: str | None = None
) -> None:
    """Every customer's tiers (or a saved view's customers'): as kept when they are a
    current full pass of the day (Book.kept_rows), else computed afresh."""
    from xiaoben.cli.output import tier_table_keys
    from xiaoben.store.kept_tiers import KEYS
    from xiaoben.store.tier_rows import tier_rows

    ids = None
    if view is not None:
        with seller_errors():
            ids = book.view_ids(book.view_named(view))
    day = as_of or book.today()
    with seller_errors():
        columns = book.kept_rows(day, ids, KEYS if as_json else tier_table_keys(lens))
    if columns is None:
        columns = tier_rows(book.conn, book.rules(), day, ids)
    _print_columns(columns, lens, as_json, book.rules().tier_name)


def _print_columns(
    columns: dict[str, Sequence[Any]], lens: str | None, as_json: bool, name: Callable[..., str]
) -> None:
    from xiaoben.cli.output import print_tier_table, write_json_rows

    if as_json:
        write_json_rows(columns)
    else:
        print_tier_table(columns, lens, name)


@main.command(help="cli.help.recompute")
@click.option("--as-of", "as_of", type=DAY, help="cli.help.recompute.as_of")
@click.pass_context
def recompute(ctx: click.Context, as_of: date | None) -> None:
    book = open_book(ctx)
    with seller_errors():
        result = book.recompute(as_of)
    click.echo(
        t(
            "cli.recomputed",
            as_of=(as_of or book.today()).isoformat(),
            written=result.written,
            moves=result.moves,
        )
    )


@main.command(help="cli.help.export")
@click.argument("path", type=PathType(path_type=Path))
@click.option(
    "--format",
    "format_",
    type=Choice(FORMATS),
    help="cli.help.export.format",
)
@click.option(
    "--table",
    type=Choice(TABLES),
    help="cli.help.export.table",
)
@click.option(
    "--only",
    type=TEXT,
    metavar="FILTER",
    help="cli.help.export.only",
)
@click.option(
    "--redact",
    is_flag=True,
    help="cli.help.export.redact",
)
@click.option("--force", is_flag=True, help="cli.help.force")
@click.option(
    "--decrypt",
    is_flag=True,
    help="cli.help.export.decrypt",
)
@click.pass_context
def export(
    ctx: click.Context,
    path: Path,
    format_: str | None,
    table: str | None,
    only: str | None,
    redact: bool,
    force: bool,
    decrypt: bool,
) -> None:
    from xiaoben.store.exporting.formats import ExportRequest

    progress, told = _export_progress()
    request = ExportRequest(format_, table, only, redact, force, decrypt, progress=told)  # type: ignore[arg-type]  # click.Choice
    book = open_book(ctx, create=False)
    with seller_errors(), progress:
        written = book.export_as(path, request)
    if decrypt and book.encrypted:
        click.echo(t("cli.export_decrypted", path=written.path), err=True)
    rows = ", ".join(
        t(f"cli.exported_rows.{name}", rows=count) for name, count in written.rows.items()
    )
    click.echo(t("cli.exported", path=written.path) + (f" — {rows}" if rows else ""))


def _export_progress() -> tuple[Any, Any]:
    """(a context showing an export's progress on a terminal's stderr — each table and the
    rows written, as an import's bar does — and the callback it is told by; a context doing
    nothing and None where stderr is no terminal: no rich loaded)."""
    if not sys.stderr.isatty():
        return contextlib.nullcontext(), None
    from rich.progress import Progress, SpinnerColumn, TextColumn

    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), transient=True, console=None
    )
    tasks: dict[str, Any] = {}

    def told(table: str, rows: int) -> None:
        words = t("cli.exporting", table=t(f"export.sheet.{table}"), rows=rows)
        if table not in tasks:
            tasks[table] = progress.add_task(words, total=None)
        progress.update(tasks[table], description=words)

    return progress, told


if __name__ == "__main__":
    main()
