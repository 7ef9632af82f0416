"""`xiaoben backup [PATH]`, `xiaoben backups`, `xiaoben restore BACKUP|--from URL` and
`xiaoben replicate`: the book's copies in the data folder's backups/ (made automatically
once a day when a book is opened to be written), listed with what each holds, one put
back after the seller agrees; and Litestream's continuous copy off the laptop.

A leaf beside cli/shared.py: never imports cli.main.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from xiaoben.cli.help_pages import Command
from xiaoben.cli.shared import open_book, seller_errors
from xiaoben.cli.usage import TEXT, DateTime, IntRange, PathType
from xiaoben.models.errors import BookError
from xiaoben.models.i18n import t
from xiaoben.models.text import printable

if TYPE_CHECKING:  # the store loads only when a command runs
    from xiaoben.store.backup_erase import Held
    from xiaoben.store.book import Book


@click.command(cls=Command, help="cli.help.backup")
@click.argument("path", required=False, type=PathType(path_type=Path))
@click.option("--force", is_flag=True, help="cli.help.force")
@click.pass_context
def backup(ctx: click.Context, path: Path | None, force: bool) -> None:
    from xiaoben.store.backups import folder_of, take_backup
    from xiaoben.store.exporting.formats import check_backup_target

    if path is not None:
        with seller_errors():
            check_backup_target(path)
    book = open_book(ctx, create=False)
    with seller_errors():
        if path is None:
            written = take_backup(book, folder_of(book.path), book.now())
        else:
            written = book.export(path, force=force)
    click.echo(t("cli.backed_up", path=written))


@click.command(cls=Command, help="cli.help.backups")
@click.option(
    "--forget", "forgotten", type=IntRange(1), metavar="ID", help="cli.help.backups.forget"
)
@click.option("--yes", is_flag=True, help="cli.help.backups.yes")
@click.pass_context
def backups(ctx: click.Context, forgotten: int | None, yes: bool) -> None:
    if forgotten is not None:
        _forget_in_backups(ctx, forgotten, yes)
        return
    from xiaoben.store.backups import folder_of, list_backups
    from xiaoben.store.cipher import is_encrypted

    book_path = Path(ctx.find_root().obj["db"]).expanduser().absolute()
    folder = folder_of(book_path)
    # A plain book's backups are listed without opening it (a damaged book's too); an
    # encrypted book is opened, for the key its backups are read with.
    found = (
        open_book(ctx, create=False).backups()
        if is_encrypted(book_path)
        else list_backups(folder, now=datetime.now())
    )
    if not found:
        click.echo(t("cli.no_backups", folder=folder))
        return
    click.echo(t("cli.backups_in", folder=folder))
    now, apart = datetime.now(), False
    for number, item in enumerate(found, 1):
        if item.stamped_after(now) and not apart:  # they come last: one heading above them
            click.echo(t("cli.backups_future"))
            apart = True
        if is_encrypted(item.path) and (item.key is None or not item.opens()):
            # Encrypted under a passphrase this book no longer has (or, plain now, any).
            click.echo(
                t(
                    "cli.backup_line_locked",
                    number=number,
                    when=item.taken.strftime("%Y-%m-%d %H:%M"),
                    size=f"{item.size / 1024:,.0f}",
                    name=item.path.name,
                )
            )
            continue
        with seller_errors():
            counts = item.counts()
        click.echo(
            t(
                "cli.backup_line",
                number=number,
                when=item.taken.strftime("%Y-%m-%d %H:%M"),
                customers=counts["customers"],
                purchases=counts["purchases"],
                size=f"{item.size / 1024:,.0f}",
                name=item.path.name,
            )
        )


def _forget_in_backups(ctx: click.Context, customer_id: int, yes: bool) -> None:
    """`backups --forget ID`: the backups holding a customer the book forgot, rewritten
    without them once the seller agrees."""
    book = open_book(ctx, create=False)
    with seller_errors():
        found = book.backups_holding(customer_id)
    name = printable(found.name) + (f" ({printable(found.code)})" if found.code else "")
    if not found.holding:
        click.echo(t("cli.backups_forget.none", id=customer_id))
    else:
        count = len(found.holding)
        if not yes and not click.confirm(
            t("cli.backups_forget.ask", count=count, name=name), default=False
        ):
            click.echo(t("cli.backups_forget.kept"))
            ctx.exit(1)
        with seller_errors():
            book.forget_in_backups(found)
        click.echo(t("cli.backups_forget.done", count=count, name=name))
    say_left_alone(found, customer_id)


def say_left_alone(found: Held, customer_id: int) -> None:
    """What of the backups was not rewritten, or may still hold the forgotten customer."""
    if found.others:
        click.echo(t("forget.backups_others", count=len(found.others), id=customer_id))
    if found.unchecked:
        click.echo(t("forget.backups_unchecked", count=len(found.unchecked)))
    if found.merges_gone:
        click.echo(t("forget.merges_gone"))


@click.command(cls=Command, help="cli.help.restore")
@click.argument("backup_name", type=PathType(), metavar="BACKUP", required=False)
@click.option(
    "--from",
    "replica",
    type=TEXT,
    metavar="URL",
    help="cli.help.restore.from",
)
@click.option(
    "--at",
    type=DateTime(["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]),
    help="cli.help.restore.at",
)
@click.option("--yes", is_flag=True, help="cli.help.restore.yes")
@click.pass_context
def restore(
    ctx: click.Context,
    backup_name: str | None,
    replica: str | None,
    at: datetime | None,
    yes: bool,
) -> None:
    if (backup_name is None) == (replica is None):
        raise click.UsageError(t("cli.restore_what"))
    if at is not None and replica is None:
        raise click.UsageError(t("cli.restore_at"))
    from xiaoben.store.leftovers import restore_prefix

    book = open_book(ctx, create=False)
    with tempfile.TemporaryDirectory(prefix=restore_prefix(), dir=book.path.parent) as temp:
        if replica is not None:
            from xiaoben.store.replication import replica_url, restore_copy

            with seller_errors():
                url = replica_url(replica)
                source = restore_copy(url, Path(temp) / "replica.db", at)
            shown = f"{url} ({at:%Y-%m-%d %H:%M:%S})" if at else url
        else:
            source = _backup_path(book, backup_name or "")
            shown = str(source)
        _compare_ask_restore(ctx, book, source, shown, yes)


def _compare_ask_restore(
    ctx: click.Context, book: Book, source: Path, shown: str, yes: bool
) -> None:
    from xiaoben.store.backups import refuse_while_open
    from xiaoben.store.backups import restore as restore_book

    with seller_errors():
        refuse_while_open(book)  # before asking: a "y" would only meet the refusal
        theirs, ours = book.summary_of(source), book.summary_of(book.path)
    click.echo(t("cli.restore_compare", backup=shown, book=book.path))
    for table, (count, last) in theirs.items():
        now_count, now_last = ours[table]
        click.echo(
            t(
                "cli.restore_line",
                table=t(f"export.sheet.{table}"),
                backup=count,
                backup_last=last or "—",
                book=now_count,
                book_last=now_last or "—",
            )
        )
    if not yes and not click.confirm(t("cli.restore_ask"), default=False):
        click.echo(t("cli.restore_kept"))
        ctx.exit(1)
    with seller_errors():
        safety, erased = restore_book(book, source)
    click.echo(t("cli.restored", backup=shown, safety=safety))
    if erased:
        click.echo(t("cli.restored_forgotten", names=t("import.line_list_separator").join(erased)))


@click.command(cls=Command, help="cli.help.replicate")
@click.option(
    "--to",
    "url",
    type=TEXT,
    metavar="URL",
    help="cli.help.replicate.to",
)
@click.option("--once", is_flag=True, help="cli.help.replicate.once")
@click.pass_context
def replicate(ctx: click.Context, url: str | None, once: bool) -> None:
    from xiaoben.store.replication import (
        replica_url,
        replicate_once,
        start_replication,
        stop_replication,
    )

    book = open_book(ctx)
    with seller_errors():
        # A replica named here is remembered before the copy (so the replica's book knows
        # it too), and forgotten again, the one before put back, if the copy failed.
        before = book.replica()
        target = replica_url(url) if url is not None else before
        if target is None and book.encrypted:  # what --to would be told
            raise BookError("store.replicate_encrypted", path=str(book.path))
        if target is None:
            copied = book.copied_replica()
            if copied is not None:
                raise BookError("store.replica_of_copy", path=str(book.path), url=copied)
            raise click.ClickException(t("cli.no_replica"))
        book.set_replica(target)
        try:
            if once:
                replicate_once(book.path, target)
            else:
                process = start_replication(book.path, target)
        except BaseException:
            book.set_replica(before)
            raise
        if once:
            click.echo(t("cli.replicated", url=target))
            return
    click.echo(t("cli.replicating", url=target))
    try:
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop_replication(process)


def _backup_path(book: Book, name: str) -> Path:
    found = book.backups()  # numbered as `xiaoben backups` numbers them
    if name.isdigit() and 1 <= int(name) <= len(found):
        return found[int(name) - 1].path
    for item in found:
        if item.path.name == name:
            return item.path
    path = Path(name).expanduser()
    if not path.is_file():
        raise click.BadParameter(t("cli.no_such_backup", name=name), param_hint="BACKUP")
    return path
