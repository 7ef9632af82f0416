"""`xiaoben report`: the overview's figures as text tables, or JSON for scripts.

The same figures as the Overview screen (store/overview.py): the Pareto headline and cut
points, the two pyramids, the R×F grid, the funnel, regions, products, sources and the
last 24 months. Like every command that shows no screen, this never imports Textual.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from xiaoben.cli.output import json_text, print_table
from xiaoben.cli.shared import DAY, open_book
from xiaoben.models.i18n import t
from xiaoben.models.values import cents_shown

if TYPE_CHECKING:
    from xiaoben.models.overview import Bar, Overview, PeriodFigures
    from xiaoben.models.rules import Rules


@click.command()
@click.option("--as-of", "as_of", type=DAY, help="The book as it stood that day (YYYY-MM-DD).")
@click.option(
    "--period",
    "period",
    type=click.IntRange(min=1, max=36_500),
    default=None,
    help="Count only purchases of the last DAYS days (default: all time).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (every figure).")
@click.pass_context
def report(ctx: click.Context, as_of: date | None, period: int | None, as_json: bool) -> None:
    """The whole book at a glance: Pareto, pyramids, R×F, funnel, regions, products, months."""
    book = open_book(ctx, create=False)
    figures = book.overview(as_of, periods=(period,))
    if as_json:
        sys.stdout.write(json_text(figures.as_dict(), indent=1) + "\n")
        return
    print_report(figures, figures.period(period), book.rules())
    if figures.forecast is not None:
        forecast = figures.forecast
        sys.stdout.write(
            "\n"
            + t(
                "model.forecast",
                expected=cents_shown(forecast.expected_revenue_cents),
                active=f"{forecast.expected_active:,.0f}",
                actual=cents_shown(forecast.last_90_revenue_cents),
                buyers=f"{forecast.last_90_buyers:,}",
            )
            + "\n"
        )


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _heading(text: str) -> None:
    sys.stdout.write(f"\n{text}\n")


def _bar_rows(bars: tuple[Bar, ...], name: Any, buyers: int, revenue: int) -> list[list[str]]:
    return [
        [
            name(bar.key),
            str(bar.customers),
            _share(bar.customers, buyers),
            cents_shown(bar.revenue_cents, currency=""),
            _share(bar.revenue_cents, revenue),
        ]
        for bar in bars
    ]


def _key_name(key: str) -> str:
    from xiaoben.models.overview import OTHER, UNKNOWN

    if key == OTHER:
        return t("overview.other")
    if key == UNKNOWN:
        return t("report.unknown")
    return key


def print_report(figures: Overview, period: PeriodFigures, rules: Rules) -> None:
    from xiaoben.models.enums import Stage, ValueTier

    days = period.period_days
    span = t("overview.period.all") if days is None else t("report.last_days", days=days)
    sys.stdout.write(
        t(
            "report.header",
            as_of=figures.as_of.isoformat(),
            span=span,
            customers=figures.customers,
            buyers=period.buyers,
            revenue=cents_shown(period.revenue_cents, currency=""),
        )
        + "\n"
    )
    curve = period.pareto
    _heading(t("report.pareto"))
    if curve.a_buyers_percent is None:
        sys.stdout.write(t("report.no_buyers") + "\n")
    else:
        sys.stdout.write(
            t(
                "report.headline",
                customers=f"{curve.a_buyers_percent:g}",
                revenue=f"{curve.a_cut_percent:g}",
            )
            + "\n"
        )
        sys.stdout.write(
            t(
                "report.cuts",
                a=f"{curve.a_buyers_percent:g}",
                a_cut=f"{curve.a_cut_percent:g}",
                b=f"{curve.b_buyers_percent:g}",
                b_cut=f"{curve.b_cut_percent:g}",
            )
            + "\n"
        )
        print_table(
            [t("report.col.buyers_share"), t("report.col.revenue_share")],
            [[f"{x:g}%", f"{y:g}%"] for x, y in curve.points[10::10]],
            numeric={0, 1},
        )
    headers = [
        t("report.col.key"),
        t("report.col.customers"),
        t("report.col.customer_share"),
        t("report.col.revenue"),
        t("report.col.revenue_share"),
    ]
    numeric = {1, 2, 3, 4}
    _heading(t("report.pyramids"))
    print_table(
        headers,
        _bar_rows(
            period.tiers,
            lambda key: rules.tier_name(ValueTier(key)),
            period.buyers,
            period.revenue_cents,
        ),
        numeric,
    )
    _heading(t("report.rfm_grid"))
    cells = {bar.key: bar.customers for bar in period.rfm_grid}
    print_table(
        ["R \\ F", *(f"F{f}" for f in range(5, 0, -1))],
        [
            [f"R{r}", *(str(cells.get(f"r{r}f{f}", 0)) for f in range(5, 0, -1))]
            for r in range(5, 0, -1)
        ],
        numeric={1, 2, 3, 4, 5},
    )
    _heading(t("report.funnel"))
    print_table(
        headers,
        _bar_rows(
            period.funnel,
            lambda key: Stage(key).label(),
            sum(b.customers for b in period.funnel),
            period.revenue_cents,
        ),
        numeric,
    )
    for title, bars in (
        ("overview.tab.regions", period.regions),
        ("overview.tab.products", period.products),
        ("report.sources", period.sources),
    ):
        _heading(t(title))
        print_table(
            headers, _bar_rows(bars, _key_name, period.buyers, period.revenue_cents), numeric
        )
    _heading(t("report.months"))
    print_table(
        [
            t("report.col.month"),
            t("report.col.revenue"),
            t("report.col.new"),
            t("report.col.up"),
            t("report.col.down"),
            t("overview.chart.months.lapsed"),
        ],
        [
            [
                m.month,
                cents_shown(m.revenue_cents, currency=""),
                str(m.new_customers),
                str(m.moved_up),
                str(m.moved_down),
                str(m.lapsed),
            ]
            for m in figures.months
        ],
        numeric={1, 2, 3, 4, 5},
    )
