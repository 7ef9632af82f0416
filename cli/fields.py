"""`xiaoben fields`: the seller's custom fields — list, add, rename, remove (and restore).

Thin over the Book's field verbs (store/field_verbs.py); what a field may be is
models/fields.py.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from xiaoben.cli.help_pages import Group
from xiaoben.cli.shared import open_book, seller_errors
from xiaoben.cli.usage import TEXT, Choice
from xiaoben.models.i18n import t
from xiaoben.models.text import printable

if TYPE_CHECKING:
    from xiaoben.models.fields import FieldDef
    from xiaoben.store.book import Book

KINDS = ("text", "number", "date", "choice", "choices", "yes_no")


def find_field(book: Book, key: str, removed: bool = False) -> FieldDef:
    """A field by #id, id, or its zh or en label (case-insensitive)."""
    known = book.fields(removed=removed)
    wanted = key.strip().removeprefix("#")
    for field in known:
        if str(field.id) == wanted or wanted.casefold() in (
            field.label_zh.casefold(),
            field.label_en.casefold(),
        ):
            return field
    raise click.ClickException(printable(t("cli.fields.unknown", key=key)))


def field_json(field: FieldDef) -> dict[str, object]:
    return {
        "id": field.id,
        "kind": field.kind.value,
        "label_zh": field.label_zh,
        "label_en": field.label_en,
        "required": field.required,
        "options": list(field.options),
        "in_list": field.in_list,
    }


def _list(book: Book, as_json: bool) -> None:
    from xiaoben.cli.output import json_text, print_table
    from xiaoben.models.fields import options_listed

    known = book.fields()
    if as_json:
        sys.stdout.write(json_text([field_json(f) for f in known], indent=1) + "\n")
        return
    if not known:
        click.echo(t("cli.fields.none"))
        return
    headers = [
        t("cli.fields.col.id"),
        *(t(f"field.{c}") for c in ("label_zh", "label_en")),
        t("fields.kind"),
        *(t(f"field.{c}") for c in ("required", "options")),
    ]
    rows = [
        [
            f"#{f.id}",
            f.label_zh,
            f.label_en,
            f.kind.label(),
            t("word.yes") if f.required else "",
            options_listed(f.options)(),
        ]
        for f in known
    ]
    print_table(headers, rows, numeric=set())


@click.group(cls=Group, invoke_without_command=True, help="cli.help.fields")
@click.option("--json", "as_json", is_flag=True, help="cli.help.fields.json")
@click.pass_context
def fields(ctx: click.Context, as_json: bool) -> None:
    if ctx.invoked_subcommand is None:
        _list(open_book(ctx, create=False), as_json)


@fields.command("list", help="cli.help.fields.list")
@click.option("--json", "as_json", is_flag=True, help="cli.help.fields.json")
@click.pass_context
def list_fields(ctx: click.Context, as_json: bool) -> None:
    _list(open_book(ctx, create=False), as_json)


@fields.command(help="cli.help.fields.add")
@click.argument("label", type=TEXT)
@click.option("--en", "label_en", type=TEXT, help="cli.help.fields.add.en")
@click.option(
    "--kind",
    type=Choice(KINDS),
    default="text",
    show_default=True,
    help="cli.help.fields.add.kind",
)
@click.option("--option", "options", type=TEXT, multiple=True, help="cli.help.fields.add.option")
@click.option("--required", is_flag=True, help="cli.help.fields.add.required")
@click.option("--in-list", "in_list", is_flag=True, help="cli.help.fields.add.in_list")
@click.pass_context
def add(
    ctx: click.Context,
    label: str,
    label_en: str | None,
    kind: str,
    options: tuple[str, ...],
    required: bool,
    in_list: bool,
) -> None:
    from xiaoben.models.fields import FieldDef, FieldKind

    book = open_book(ctx)
    with seller_errors():
        field = FieldDef.model_validate(
            {
                "kind": FieldKind(kind),
                "label_zh": label,
                "label_en": label_en,  # None: the Chinese one
                "required": required,
                "in_list": in_list,
                "options": [part for option in options for part in _options(option)],
            }
        )
        saved = book.add_field(field)
    click.echo(t("cli.fields.added", id=saved.id, label=printable(saved.label())))


def _options(text: str) -> list[str]:
    import re

    from xiaoben.models.fields import CHOICES_APART

    return [part.strip() for part in re.split(f"[{CHOICES_APART}]+", text) if part.strip()]


@fields.command(help="cli.help.fields.rename")
@click.argument("field", type=TEXT)
@click.argument("label", type=TEXT, required=False)
@click.option("--en", "label_en", type=TEXT, help="cli.help.fields.rename.en")
@click.option("--option", "options", type=TEXT, multiple=True, help="cli.help.fields.rename.option")
@click.pass_context
def rename(
    ctx: click.Context,
    field: str,
    label: str | None,
    label_en: str | None,
    options: tuple[str, ...],
) -> None:
    book = open_book(ctx)
    found = find_field(book, field)
    added = [part for option in options for part in _options(option)]
    with seller_errors():
        changed = found.model_validate(
            {
                **found.model_dump(),
                "label_zh": label or found.label_zh,
                "label_en": label_en or found.label_en,
                "options": [*found.options, *(o for o in added if o not in found.options)],
            }
        )
        saved = book.update_field(changed)
    click.echo(t("cli.fields.renamed", id=saved.id, zh=saved.label_zh, en=saved.label_en))


@fields.command(help="cli.help.fields.remove")
@click.argument("field", type=TEXT)
@click.option("--yes", is_flag=True, help="cli.help.fields.remove.yes")
@click.pass_context
def remove(ctx: click.Context, field: str, yes: bool) -> None:
    book = open_book(ctx)
    found = find_field(book, field)
    assert found.id is not None  # a stored field
    used = book.field_usage(found.id)
    label = printable(found.label())
    if not yes:
        note = book.removal_note(found)
        if note:
            click.echo(note)
        click.confirm(t("cli.fields.ask_remove", label=label, count=used), abort=True)
    with seller_errors():
        book.remove_field(found.id)
    click.echo(t("cli.fields.removed", label=label, id=found.id))


@fields.command(help="cli.help.fields.restore")
@click.argument("field", type=TEXT)
@click.pass_context
def restore(ctx: click.Context, field: str) -> None:
    book = open_book(ctx)
    found = find_field(book, field, removed=True)
    assert found.id is not None  # a stored field
    with seller_errors():
        book.restore_field(found.id)
    click.echo(t("cli.fields.restored", label=printable(found.label())))
