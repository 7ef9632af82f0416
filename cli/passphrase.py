"""`xiaoben passphrase set|change|remove`: encrypt a book, change its passphrase, decrypt it.

The book is re-keyed into a new file moved over it in one rename (store/cipher.py): a
failure or a kill leaves it whole under the old passphrase or the new. Passphrases come
from masked prompts, or XIAOBEN_PASSPHRASE (the current one) and XIAOBEN_NEW_PASSPHRASE
(the new one) for scripts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from xiaoben.cli.help_pages import Group
from xiaoben.cli.shared import ask_passphrase, open_book, seller_errors
from xiaoben.models.i18n import t

if TYPE_CHECKING:
    from xiaoben.store.backups import Backup
    from xiaoben.store.book import Book

NEW_VARIABLE = "XIAOBEN_NEW_PASSPHRASE"


@click.group(cls=Group, help="cli.help.passphrase")
def passphrase() -> None:
    pass


@passphrase.command(name="set", help="cli.help.passphrase.set")
@click.pass_context
def set_passphrase(ctx: click.Context) -> None:
    book = open_book(ctx, create=False)
    if book.encrypted:
        raise click.ClickException(t("cli.passphrase_already", path=book.path))
    replica = book.replica()
    _rekey(book, ask_passphrase(book.path, NEW_VARIABLE, "cli.passphrase_new"))
    click.echo(t("cli.passphrase_set", path=book.path))
    _warn_plain_backups(book.backups())
    _remove_near_lists(book)
    _stop_replication(book, replica)


@passphrase.command(name="change", help="cli.help.passphrase.change")
@click.pass_context
def change_passphrase(ctx: click.Context) -> None:
    book = open_book(ctx, create=False)
    if not book.encrypted:
        raise click.ClickException(t("cli.passphrase_none", path=book.path))
    replica = book.replica()
    _rekey(book, ask_passphrase(book.path, NEW_VARIABLE, "cli.passphrase_new"))
    click.echo(t("cli.passphrase_changed", path=book.path))
    # What a book encrypted before lists and replication were stopped at `set` still has.
    _remove_near_lists(book)
    _stop_replication(book, replica)


@passphrase.command(name="remove", help="cli.help.passphrase.remove")
@click.pass_context
def remove_passphrase(ctx: click.Context) -> None:
    book = open_book(ctx, create=False)
    if not book.encrypted:
        raise click.ClickException(t("cli.passphrase_none", path=book.path))
    _rekey(book, None)
    click.echo(t("cli.passphrase_removed", path=book.path), err=True)


def _rekey(book: Book, new: str | None) -> None:
    with seller_errors():
        try:
            book.change_passphrase(new)
        except OSError as exc:  # a full disk or a read-only folder: the old book is intact
            raise click.ClickException(t("cli.passphrase_failed", reason=exc)) from None


def _warn_plain_backups(backups: list[Backup]) -> None:
    """Backups made before the book was encrypted are not: say so (the seller decides)."""
    from xiaoben.store.cipher import is_encrypted

    plain = [backup for backup in backups if not is_encrypted(backup.path)]
    if plain:
        folder = plain[0].path.parent
        click.echo(t("cli.passphrase_plain_backups", count=len(plain), folder=folder), err=True)


def _remove_near_lists(book: Book) -> None:
    """The near-match lists an import kept beside the book hold names and phones in clear
    text: an encrypted book keeps none (named, as the backups above are)."""
    from xiaoben.store.imports import remove_near_lists

    done = remove_near_lists(book.path)
    folder = book.path.parent
    if done.removed:
        click.echo(t("cli.near_lists_removed", count=len(done.removed), folder=folder), err=True)
    if done.left:
        names = ", ".join(kept.name for kept in done.left)
        said = t("cli.near_lists_left", count=len(done.left), folder=folder, names=names,
                 reason=done.reason)  # fmt: skip
        click.echo(said, err=True)


def _stop_replication(book: Book, replica: str | None) -> None:
    """An encrypted book is not replicated (Litestream cannot read it): the re-keying forgot
    its replica, said here with what the replica still holds; and Litestream's folder beside
    the book, its pages in clear text, is removed (named, as the lists above are)."""
    from xiaoben.store.replication import remove_state_folder, state_folder, where

    if replica is not None:
        click.echo(t("cli.passphrase_replica", url=replica, where=where(replica)), err=True)
    try:
        removed = remove_state_folder(book.path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        left = t("cli.litestream_folder_left", folder=state_folder(book.path), reason=reason)
        click.echo(left, err=True)
        return
    if removed is not None:
        click.echo(t("cli.litestream_folder_removed", folder=removed), err=True)
