"""`xiaoben forget`: a customer erased for good (the one real delete), after asking with
the words the app asks with. Thin over Book.forget_customer."""

from __future__ import annotations

import click

from xiaoben.cli.backups import say_left_alone
from xiaoben.cli.help_pages import Command
from xiaoben.cli.merge import customer_named
from xiaoben.cli.shared import open_book, seller_errors
from xiaoben.cli.usage import TEXT
from xiaoben.models.i18n import t
from xiaoben.models.text import printable


@click.command(cls=Command, help="cli.help.forget")
@click.argument("customer", type=TEXT)
@click.option("--yes", is_flag=True, help="cli.help.forget.yes")
@click.pass_context
def forget(ctx: click.Context, customer: str, yes: bool) -> None:
    book = open_book(ctx, create=False)
    found = customer_named(book, customer)
    assert found.id is not None
    name = printable(found.name) + (f" ({printable(found.code)})" if found.code else "")
    click.echo(t("forget.question", name=name))
    if not yes:
        click.confirm(t("cli.forget.ask"), abort=True)
    with seller_errors():
        book.forget_customer(found.id)
    click.echo(t("forget.done", name=name))
    from xiaoben.store.backup_erase import erase_command

    with seller_errors():
        held = book.backups_holding(found.id)
    if held.holding:
        named = ctx.find_root().obj.get("named_db", True)
        command = erase_command(found.id, book.path if named else None)
        click.echo(t("forget.in_backups", count=len(held.holding), name=name, command=command))
    say_left_alone(held, found.id)
