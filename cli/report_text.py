"""`xiaoben report`'s output: the overview's figures (as Overview.as_dict gives them, and
the book keeps them) as text tables, or JSON. No click: a kept overview is printed before
click loads (cli/kept_output.py).
"""

from __future__ import annotations

import sys
from typing import Any

from xiaoben.cli.output import json_text, print_table
from xiaoben.models.i18n import t
from xiaoben.models.money import cents_shown

Figures = dict[str, Any]  # an Overview as its as_dict() gives it (and the book keeps it)


def print_overview(found: dict[str, Any], period: int | None, as_json: bool) -> None:
    """The overview kept or made (`{"figures", "tier_names"}`) for `period` (days; None all
    time), as text tables or JSON."""
    figures = found["figures"]
    if as_json:
        sys.stdout.write(json_text(figures, indent=1) + "\n")
        return
    print_report(figures, _period(figures, period), found["tier_names"])
    forecast = figures["forecast"]
    if forecast is not None:
        sys.stdout.write(
            "\n"
            + t(
                "model.forecast",
                expected=cents_shown(forecast["expected_revenue_cents"]),
                active=f"{forecast['expected_active']:,.0f}",
                actual=cents_shown(forecast["last_90_revenue_cents"]),
                buyers=f"{forecast['last_90_buyers']:,}",
            )
            + "\n"
        )


def _period(figures: Figures, days: int | None) -> Figures:
    for period in figures["periods"]:
        if period["period_days"] == days:
            found: Figures = period
            return found
    raise KeyError(days)


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _heading(text: str) -> None:
    sys.stdout.write(f"\n{text}\n")


def _bar_rows(bars: list[Figures], name: Any, buyers: int, revenue: int) -> list[list[str]]:
    return [
        [
            name(bar["key"]),
            str(bar["customers"]),
            _share(bar["customers"], buyers),
            cents_shown(bar["revenue_cents"], currency=""),
            _share(bar["revenue_cents"], revenue),
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


def print_report(figures: Figures, period: Figures, tier_names: dict[str, str]) -> None:
    """The overview as text tables: `figures` as Overview.as_dict gives them, `period`
    one of its periods, `tier_names` the seller's own names of the value tiers."""
    from xiaoben.models.enums import Stage, ValueTier

    days = period["period_days"]
    buyers, revenue = period["buyers"], period["revenue_cents"]
    span = t("overview.period.all") if days is None else t("report.last_days", days=days)
    sys.stdout.write(
        t(
            "report.header",
            as_of=figures["as_of"],
            span=span,
            customers=figures["customers"],
            buyers=buyers,
            revenue=cents_shown(revenue, currency=""),
        )
        + "\n"
    )
    _print_pareto(period["pareto"])
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
            period["tiers"],
            lambda key: tier_names.get(key) or ValueTier(key).label(),
            buyers,
            revenue,
        ),
        numeric,
    )
    _heading(t("report.rfm_grid"))
    cells = {bar["key"]: bar["customers"] for bar in period["rfm_grid"]}
    print_table(
        ["R \\ F", *(f"F{f}" for f in range(5, 0, -1))],
        [
            [f"R{r}", *(str(cells.get(f"r{r}f{f}", 0)) for f in range(5, 0, -1))]
            for r in range(5, 0, -1)
        ],
        numeric={1, 2, 3, 4, 5},
    )
    _heading(t("report.funnel"))
    funnel = period["funnel"]
    print_table(
        headers,
        _bar_rows(
            funnel, lambda key: Stage(key).label(), sum(b["customers"] for b in funnel), revenue
        ),
        numeric,
    )
    for title, bars in (
        ("overview.tab.regions", period["regions"]),
        ("overview.tab.products", period["products"]),
        ("report.sources", period["sources"]),
    ):
        _heading(t(title))
        print_table(headers, _bar_rows(bars, _key_name, buyers, revenue), numeric)
    _print_months(figures["months"])


def _print_pareto(curve: Figures) -> None:
    _heading(t("report.pareto"))
    if curve["a_buyers_percent"] is None:
        sys.stdout.write(t("report.no_buyers") + "\n")
        return
    sys.stdout.write(
        t(
            "report.headline",
            customers=f"{curve['a_buyers_percent']:g}",
            revenue=f"{curve['a_revenue_percent']:g}",
        )
        + "\n"
    )
    sys.stdout.write(
        t(
            "report.cuts",
            a=f"{curve['a_buyers_percent']:g}",
            a_cut=f"{curve['a_cut_percent']:g}",
            a_share=f"{curve['a_revenue_percent']:g}",
            b=f"{curve['b_buyers_percent']:g}",
            b_cut=f"{curve['b_cut_percent']:g}",
            b_share=f"{curve['b_revenue_percent']:g}",
        )
        + "\n"
    )
    print_table(
        [t("report.col.buyers_share"), t("report.col.revenue_share")],
        [[f"{x:g}%", f"{y:g}%"] for x, y in curve["points"][10::10]],
        numeric={0, 1},
    )


def _print_months(months: list[Figures]) -> None:
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
                m["month"],
                cents_shown(m["revenue_cents"], currency=""),
                str(m["new_customers"]),
                str(m["moved_up"]),
                str(m["moved_down"]),
                str(m["lapsed"]),
            ]
            for m in months
        ],
        numeric={1, 2, 3, 4, 5},
    )
