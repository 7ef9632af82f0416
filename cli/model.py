"""`xiaoben model`: fit the purchase-probability model (BG/NBD + Gamma-Gamma) on the book
and print its parameters and fit, or JSON for scripts. Like every command that shows no
screen, this never imports Textual.
"""

from __future__ import annotations

import sys
from datetime import date

import click

from xiaoben.cli.help_pages import Command
from xiaoben.cli.output import json_text
from xiaoben.cli.shared import DAY, open_book, seller_errors
from xiaoben.cli.usage import Choice
from xiaoben.models.i18n import t


@click.command(cls=Command, help="cli.help.model")
@click.option("--until", type=DAY, default=None, help="cli.help.model.until")
@click.option(
    "--unit",
    type=Choice(["week", "day"]),
    default="week",
    show_default=True,
    help="cli.help.model.unit",
)
@click.option("--json", "as_json", is_flag=True, help="cli.help.model.json")
@click.pass_context
def model(ctx: click.Context, until: date | None, unit: str, as_json: bool) -> None:
    book = open_book(ctx, create=False)
    with seller_errors():
        fitted = book.fit_model(until, unit)
    purchases, money = fitted.bgnbd, fitted.spend
    figures = {
        "bgnbd": {
            "r": purchases.r,
            "alpha": purchases.alpha,
            "a": purchases.a,
            "b": purchases.b,
            "log_likelihood": purchases.log_likelihood,
        },
        "gamma_gamma": {"p": money.p, "q": money.q, "gamma": money.gamma},
        "customers": fitted.customers,
        "repeat_buyers": fitted.repeat_buyers,
        "fit_seconds": round(fitted.fit_seconds, 4),
    }
    if as_json:
        sys.stdout.write(json_text(figures, indent=1) + "\n")
        return
    click.echo(
        t(
            "cli.model_head",
            as_of=fitted.as_of.isoformat(),
            customers=fitted.customers,
            repeat_buyers=fitted.repeat_buyers,
            unit=t(f"cli.model_unit.{unit}"),
        )
    )
    click.echo(
        t(
            "cli.model_bgnbd",
            r=f"{purchases.r:.3f}",
            alpha=f"{purchases.alpha:.3f}",
            a=f"{purchases.a:.3f}",
            b=f"{purchases.b:.3f}",
            ll=f"{purchases.log_likelihood:.1f}",
        )
    )
    click.echo(
        t("cli.model_spend", p=f"{money.p:.2f}", q=f"{money.q:.2f}", gamma=f"{money.gamma:.2f}")
    )
    click.echo(t("cli.model_time", seconds=f"{fitted.fit_seconds:.2f}"))
