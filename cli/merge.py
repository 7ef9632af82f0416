"""`xiaoben merge`, `xiaoben unmerge` and `xiaoben duplicates`: two records of one person
made one (showing what moves, asking first), undone, and the pairs worth a look.

Thin over the Book's merge verbs (store/merge_verbs.py); which side each field comes from
is models/merge.py.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from xiaoben.cli.help_pages import Command
from xiaoben.cli.shared import open_book, seller_errors
from xiaoben.cli.usage import INT, TEXT, IntRange
from xiaoben.models.i18n import field_key, t
from xiaoben.models.text import printable

if TYPE_CHECKING:
    from xiaoben.models.customer import Customer
    from xiaoben.models.merge import Choices, CustomValues
    from xiaoben.store.book import Book
    from xiaoben.store.duplicates import Person
    from xiaoben.store.merge import MergeSummary


def customer_named(book: Book, key: str) -> Customer:
    with seller_errors():
        found = book.find_customer(key)
    if found is None:
        raise click.ClickException(printable(t("cli.merge.no_customer", key=key)))
    return found


def _choices(takes: tuple[str, ...], custom: CustomValues) -> Choices:
    """--take FIELD=SIDE: a profile field by name, a custom field by its label (zh or en,
    as `xiaoben fields` names it: the name of a profile field first)."""
    from xiaoben.models.merge import MERGE_FIELDS, Side

    choices: Choices = {}
    for take in takes:
        field, _, side = take.rpartition("=")
        sides = {s.value for s in Side}
        if not field.strip() or side not in sides:
            raise click.BadParameter(t("cli.merge.take_format"), param_hint="--take")
        field = field.strip()
        found = None if field in MERGE_FIELDS else custom.named(field)
        choices[found.key if found else field] = Side(side)
    return choices


def _print_fields(
    survivor: Customer, absorbed: Customer, merged: Customer, custom: CustomValues, choices: Choices
) -> None:
    from xiaoben.cli.output import print_table
    from xiaoben.models.merge import field_text, preview_fields

    fields = preview_fields(survivor, absorbed, custom)
    rows = [
        [
            t(field_key(field)),
            field_text(survivor, field),
            field_text(absorbed, field),
            field_text(merged, field),
        ]
        for field in fields
    ]
    after = custom.merged_values(choices)
    custom_rows = [
        [
            printable(custom.fields[each].label()),
            printable(custom.text(each, custom.survivor.get(each))),
            printable(custom.text(each, custom.absorbed.get(each))),
            printable(custom.text(each, after[each])),
        ]
        for each in custom.differing()
    ]
    at = fields.index("notes") if "notes" in fields else len(rows)  # the notes they go into last
    rows[at:at] = custom_rows
    headers = [t(f"cli.merge.col.{c}") for c in ("field", "survivor", "absorbed", "result")]
    if rows:
        print_table(headers, rows, numeric=set())
    else:
        click.echo(t("cli.merge.same_fields"))


def _moves(name: str, moved: MergeSummary) -> str:
    return t(
        "cli.merge.moves",
        name=printable(name),
        purchases=moved.purchases,
        interactions=moved.interactions,
        reminders=moved.reminders,
        tier_changes=moved.tier_changes,
        follow_ups=moved.follow_ups,
        referrals=moved.referrals,
    )


@click.command(cls=Command, help="cli.help.merge")
@click.argument("survivor", type=TEXT)
@click.argument("absorbed", type=TEXT)
@click.option(
    "--take",
    "takes",
    type=TEXT,
    multiple=True,
    metavar="FIELD=SIDE",
    help="cli.help.merge.take",
)
@click.option("--yes", is_flag=True, help="cli.help.merge.yes")
@click.pass_context
def merge(
    ctx: click.Context, survivor: str, absorbed: str, takes: tuple[str, ...], yes: bool
) -> None:
    from xiaoben.models.merge import merged_customer

    book = open_book(ctx, create=False)
    kept, gone = customer_named(book, survivor), customer_named(book, absorbed)
    assert kept.id is not None and gone.id is not None
    with seller_errors():
        if kept.id == gone.id:
            from xiaoben.models.errors import BookError

            raise BookError("store.merge_same")
        custom = book.merge_custom_values(kept.id, gone.id)
        choices = _choices(takes, custom)
        merged = merged_customer(kept, gone, choices, book.today(), custom)
        moved = book.merge_preview(kept.id, gone.id)
    click.echo(t("cli.merge.title", absorbed=_label(gone), survivor=_label(kept)))
    _print_fields(kept, gone, merged, custom, choices)
    click.echo(_moves(kept.name, moved))
    if not yes:
        click.confirm(t("cli.merge.ask"), abort=True)
    with seller_errors():
        result = book.merge_customers(
            kept.id, gone.id, choices, versions=(kept.version, gone.version)
        )
    survivor_now = _label(kept)
    if _label(result.survivor) != survivor_now:  # took the other's name or code
        survivor_now = t("merge.survivor_now", was=survivor_now, now=_label(result.survivor))
    click.echo(
        t("cli.merge.done", absorbed=_label(gone), survivor=survivor_now, token=result.token)
    )


def _label(customer: Customer) -> str:
    return _named(customer.id, customer.name, customer.code)


@click.command(cls=Command, help="cli.help.unmerge")
@click.argument("token", type=INT, required=False)
@click.pass_context
def unmerge(ctx: click.Context, token: int | None) -> None:
    book = open_book(ctx, create=False)
    if token is None:
        _list_merges(book)
        return
    with seller_errors():
        survivor, absorbed = book.undo_merge(token)
    click.echo(t("merge.undone", survivor=_label(survivor), absorbed=_label(absorbed)))


def _list_merges(book: Book) -> None:
    """The merges the book can still undo, newest first, with the number to undo each."""
    from xiaoben.cli.output import print_table

    kept = book.kept_merges()
    if not kept:
        click.echo(t("cli.unmerge.none"))
        return
    headers = [t(key) for key in ("cli.unmerge.col.token", "cli.unmerge.col.when",
                                  "cli.unmerge.col.merge", "cli.unmerge.col.undo")]  # fmt: skip
    rows = [
        [
            str(merge.token),
            merge.merged_at.replace("T", " ")[:16],
            t(
                "cli.unmerge.what",
                absorbed=_named(merge.absorbed_id, merge.absorbed_name, merge.absorbed_code),
                survivor=_named(merge.survivor_id, merge.survivor_name, merge.survivor_code),
            ),
            t("cli.unmerge.can") if merge.undoable else t("cli.unmerge.edited"),
        ]
        for merge in kept
    ]
    print_table(headers, rows, numeric={0})
    click.echo(t("cli.unmerge.how"))


def _named(customer_id: int | None, name: str, code: str | None) -> str:
    """王芳 (C001), or 王芳 (#12): as the book labels a customer, each text printable."""
    name = printable(name)
    return f"{name} ({printable(code)})" if code else f"{name} (#{customer_id})"


@click.command(cls=Command, help="cli.help.duplicates")
@click.option("--json", "as_json", is_flag=True, help="cli.help.json_objects")
@click.option("--limit", type=IntRange(min=1), default=None, help="cli.help.duplicates.limit")
@click.option("--dismissed", is_flag=True, help="cli.help.duplicates.dismissed")
@click.option(
    "--bring-back",
    "bring_back",
    type=TEXT,
    nargs=2,
    default=None,
    metavar="CUSTOMER CUSTOMER",
    help="cli.help.duplicates.bring_back",
)
@click.pass_context
def duplicates(
    ctx: click.Context,
    as_json: bool,
    limit: int | None,
    dismissed: bool,
    bring_back: tuple[str, str] | None,
) -> None:
    from xiaoben.cli.output import json_text, print_table

    book = open_book(ctx, create=False)
    if bring_back:
        first, second = (customer_named(book, key) for key in bring_back)
        assert first.id is not None and second.id is not None
        with seller_errors():
            taken = book.undismiss_duplicate(first.id, second.id)
        key = "cli.dups.brought_back" if taken else "cli.dups.not_dismissed"
        click.echo(t(key, first=_label(first), second=_label(second)))
        if not taken:
            ctx.exit(1)
        return
    if dismissed:
        marked = book.dismissed_duplicates()
        if not marked:
            click.echo(t("cli.dups.none_dismissed"))
            return
        headers = [t("field.customer"), t("dup.col.second")]
        print_table(
            headers, [[_person(*row[:3]), _person(*row[3:])] for row in marked], numeric=set()
        )
        click.echo(t("cli.dups.bring_back_how"))
        return
    found = book.possible_duplicates(limit)
    pairs = found.pairs
    if as_json:
        custom = book.field_values_json(sorted({c.id for p in pairs for c in (p.first, p.second)}))

        def who(person: Person) -> dict[str, Any]:
            fields = custom.get(person.id, {})
            return {"id": person.id, "name": person.name, "code": person.code, "fields": fields}

        rows = [
            {"first": who(p.first), "second": who(p.second), "score": p.score, "reasons": p.reasons}
            for p in pairs
        ]
        sys.stdout.write(json_text(rows, indent=1) + "\n")
        return
    if not pairs:
        click.echo(t("dup.none"))
        return
    keys = ("dup.col.score", "field.customer", "dup.col.second", "dup.col.why")
    headers = [t(key) for key in keys]
    print_table(
        headers,
        [
            [
                str(p.score),
                _person(p.first.id, p.first.name, p.first.code),
                _person(p.second.id, p.second.name, p.second.code),
                t("import.line_list_separator").join(t(f"dup.{reason}") for reason in p.reasons),
            ]
            for p in pairs
        ],
        numeric={0},
    )
    if found.total > len(pairs):  # --limit cut the list: how many there are in all
        click.echo(t("cli.dups.more", shown=len(pairs), total=found.total))


def _person(customer_id: int, name: str, code: str | None) -> str:
    return f"#{customer_id} {name}" + (f" ({code})" if code else "")
