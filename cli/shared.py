"""What every command shares: opening the book, an error the seller caused as words, and
the one DATE option type.

A leaf: imports no other module of cli/ (the commands import it, never cli.main), and
loads the store only when a command opens the book.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from xiaoben.models.errors import BookError, rule_message
from xiaoben.models.i18n import t
from xiaoben.models.text import new_passphrase_rule, printable

if TYPE_CHECKING:  # the store (and numpy) load only when a command runs
    from xiaoben.store.book import Book


def error_text(exc: BaseException) -> str:
    """What went wrong in the seller's words: a rule's message, else the first line."""
    from pydantic_core import PydanticCustomError

    if isinstance(exc, BookError):
        return printable(exc.message(), lines=True)
    if isinstance(exc, PydanticCustomError):
        return printable(rule_message(exc))
    return printable(str(exc).splitlines()[0])


@contextmanager
def seller_errors() -> Iterator[None]:
    """Turn a BookError (unknown customer, not a book …) or a record that breaks a rule (a
    note too long …) into the command's error, exit 1: field and rule, no traceback."""
    from pydantic import ValidationError

    from xiaoben.models.errors import describe

    try:
        yield
    except BookError as exc:
        raise click.ClickException(printable(exc.message(), lines=True)) from None
    except ValidationError as exc:
        message = "\n".join(map(str, describe(exc)))
        raise click.ClickException(printable(message, lines=True)) from None


def open_book(
    ctx: click.Context,
    path: Path | None = None,
    *,
    create: bool = True,
    backup_alongside: bool = False,
    before_change: bool = False,
) -> Book:
    """The book of `--db` (or `path`), closed when the command ends; warns of another writer
    and of a book opened read-only. create=False (commands that only read): no book at a
    path the seller named is an error, never a new empty book (the default book is made
    on first use). The day's backup of a book opened to be written is taken first, or
    with `backup_alongside` (a command that writes much: an import) while the command goes
    on (store.backups.backup_alongside), waited for before the book is closed; with
    `before_change` (an import that will write) the book as it was kept (ImportBackup), and
    the way back said once the command has changed the book (ctx.obj["changed"])."""
    from xiaoben.store.book import Book

    root = ctx.find_root()
    writes = create
    where = Path(path or root.obj["db"]).expanduser()
    with seller_errors():
        create = create or (path is None and not root.obj.get("named_db", True))
        book = _open_asking(
            where, lambda passphrase: Book.open(where, create=create, passphrase=passphrase)
        )
    root.call_on_close(book.close)
    if book.read_only:
        click.echo(book.read_only_note()(), err=True)
    if book.other_writers():
        click.echo(t("store.second_writer", path=book.path), err=True)
    if writes and before_change:
        from xiaoben.store.backups import ImportBackup

        kept = ImportBackup(book)
        # before book.close
        root.call_on_close(lambda: _say_backup(book, kept.finish(root.obj.get("changed", False))))
    elif writes and backup_alongside:
        from xiaoben.store.backups import backup_alongside as start

        wait = start(book)
        root.call_on_close(lambda: _say_backup_warning(book, wait()[1]))  # before book.close
    elif writes:
        back_up_if_due(book)
    return book


PASSPHRASE_VARIABLE = "XIAOBEN_PASSPHRASE"
PROMPTS = 3  # tries at the prompt before the command gives up


def can_prompt() -> bool:
    """Whether a person can type a passphrase (stdin is a terminal)."""
    return sys.stdin.isatty()


def _open_asking(path: Path, opening: Callable[[str | None], Book]) -> Book:
    """`opening(passphrase)`: for an encrypted book the passphrase comes from
    XIAOBEN_PASSPHRASE (scripts), else from a masked prompt, tried up to three times."""
    from xiaoben.store.cipher import is_encrypted

    if not is_encrypted(path) or PASSPHRASE_VARIABLE in os.environ or not can_prompt():
        return opening(os.environ.get(PASSPHRASE_VARIABLE))
    for attempt in range(1, PROMPTS + 1):
        passphrase = click.prompt(
            t("cli.passphrase_prompt", path=path),
            hide_input=True,
            err=True,
            default="",
            show_default=False,
        )
        try:
            return opening(passphrase)
        except BookError as exc:
            if exc.key != "store.wrong_passphrase" or attempt == PROMPTS:
                raise
            click.echo(error_text(exc), err=True)
    raise AssertionError("unreachable: the last try raises")


def ask_passphrase(path: Path, variable: str, prompt: str) -> str:
    """A passphrase for `path` from `variable` (scripts), else a masked prompt asked twice."""
    given = os.environ.get(variable)
    if given is not None:
        return given
    if not can_prompt():
        raise click.ClickException(t("cli.passphrase_needed", variable=variable))
    while True:  # asked again, with the reason, until it is given twice alike
        first = _masked(t(prompt, path=path))
        broken = new_passphrase_rule(first)
        if broken is not None:
            click.echo(t(broken), err=True)
            continue
        if _masked(t("cli.passphrase_again")) == first:
            return first
        click.echo(t("cli.passphrase_mismatch"), err=True)


def _masked(prompt: str) -> str:
    text: str = click.prompt(prompt, hide_input=True, err=True, default="", show_default=False)
    return text


def back_up_if_due(book: Book) -> None:
    """The automatic backup of a book opened to be written (once a day at most); a backup
    folder that cannot be written is a warning, never a reason not to open the book."""
    from xiaoben.store.backups import backup_if_due

    _say_backup_warning(book, backup_if_due(book)[1])


def _say_backup(book: Book, outcome: tuple[Path | None, str | None]) -> None:
    """The backup kept before an import (ImportBackup.finish): its warning, or how to go
    back to the book as it was before it."""
    made, warning = outcome
    _say_backup_warning(book, warning)
    if made is not None:
        click.echo(printable(t("cli.backup_before", name=made.name)), err=True)


def _say_backup_warning(book: Book, warning: str | None) -> None:
    if warning:
        click.echo(printable(t("store.backup_failed", path=book.path, reason=warning)), err=True)


class Day(click.ParamType):
    """A calendar day as the seller types it (2026-03-08, 2026/3/8, 2026年3月8日).

    A bad one is a bad value like any other: click's usage error, exit 2, with the rule in
    words ("no such date: 2026-02-30 (2026-02 has no day 30)").
    """

    name = "date"  # shown as DATE in --help

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> date:
        from xiaoben.models.days import parse_date

        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(error_text(exc), param, ctx)


DAY = Day()
