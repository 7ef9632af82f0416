"""`xiaoben report`: the overview's figures as text tables, or JSON for scripts.

The same figures as the Overview screen (store/overview.py): the Pareto headline and cut
points, the two pyramids, the R×F grid, the funnel, regions, products, sources and the
last 24 months. Like every command that shows no screen, this never imports Textual.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from xiaoben.cli.help_pages import Command
from xiaoben.cli.report_kept import without_the_book
from xiaoben.cli.report_text import print_overview
from xiaoben.cli.shared import DAY, open_book
from xiaoben.cli.usage import IntRange
from xiaoben.models.i18n import t

if TYPE_CHECKING:  # the store (and numpy) load only when no kept overview holds
    from xiaoben.store.book import Book


@click.command(cls=Command, help="cli.help.report")
@click.option("--as-of", "as_of", type=DAY, help="cli.help.report.as_of")
@click.option(
    "--period",
    "period",
    type=IntRange(min=1, max=36_500),
    default=None,
    help="cli.help.report.period",
)
@click.option("--json", "as_json", is_flag=True, help="cli.help.report.json")
@click.pass_context
def report(ctx: click.Context, as_of: date | None, period: int | None, as_json: bool) -> None:
    found = _kept(ctx, as_of, period)
    if found is None:
        book = open_book(ctx, create=False)
        found = book.kept_overview(period, as_of) or _made(book, as_of, period)
    print_overview(found, period, as_json)


def _kept(ctx: click.Context, as_of: date | None, period: int | None) -> dict[str, Any] | None:
    """The overview kept in the book for these terms, or made without the Book (None: the
    book must be opened)."""
    path = Path(ctx.find_root().obj["db"]).expanduser()
    found = without_the_book(path, as_of, period)
    if found is None:
        return None
    if found.other_writers:
        click.echo(t("store.second_writer", path=path.absolute()), err=True)
    return found.kept


def _made(book: Book, as_of: date | None, period: int | None) -> dict[str, Any]:
    """The overview computed afresh, and kept for the next run unless the book changed
    while it was computed."""
    token = book.start_keeping_overview()
    overview = book.overview(as_of, periods=(period,))
    names = book.rules().tier_names
    made = {
        "figures": overview.as_dict(),
        "tier_names": {tier.value: name for tier, name in names.items() if name},
    }
    book.keep_overview(token, period, as_of, made)
    return made
