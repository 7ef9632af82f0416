"""Today's plan as `xiaoben queue` prints it, from its view (cells already in words: the
form store/plan_cache.py keeps). No click: the plan kept in the book is printed before
click loads (cli/kept_output.py).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from xiaoben.cli.cells import pad, width_of
from xiaoben.models.i18n import current_language, t

DEFAULT_DAYS = 7  # `xiaoben queue --days`: the next days listed besides today


def column_headers() -> list[str]:
    return [
        t("queue_cli.col.item"),
        t("col.customer"),
        t("field.name"),
        t("lens.value_tier"),
        t("queue_cli.col.due"),
        t("queue_cli.col.detail"),
        t("queue_cli.col.action"),
        t("queue_cli.col.message"),
    ]


def plan_head(figures: dict[str, Any]) -> str:
    """今日计划 18/20 · 逾期 3 · 积压 1,234（未来几天安排）, from `plan_figures`; on a
    holiday its greetings said apart (· 圣诞祝福 174 位): they are not the plan's."""
    key = "queue_cli.plan_head" if figures["capacity"] else "queue_cli.plan_head_unlimited"
    head = t(
        key,
        as_of=figures["as_of"],
        planned=f"{figures['planned']:,}",
        capacity=f"{figures['capacity']:,}",
        overdue=f"{figures['overdue']:,}",
        backlog=f"{figures['backlog']:,}",
    )
    greetings = figures.get("greetings", 0)  # a plan kept before greetings stood apart: 0
    if not greetings:
        return head
    said = t("queue_cli.greetings_head", holidays=figures["holidays"], count=f"{greetings:,}")
    return head + said


def greetings_group(view: dict[str, Any]) -> str:
    """The greetings' one line after the plan: 圣诞祝福 174 位：王芳、李娜 … — and the command
    that does them all at once."""
    figures = view["figures"]
    names = ("、" if current_language() == "zh" else ", ").join(view.get("greeted", []))
    if figures["greetings"] > len(view.get("greeted", [])):
        names += " …"
    return t(
        "queue_cli.greetings_group",
        holidays=figures["holidays"],
        count=f"{figures['greetings']:,}",
        names=names,
    )


def coming_days(counts: Sequence[Sequence[Any]]) -> str:
    """The line of `coming_counts`."""
    cells = [t("queue_cli.coming_day", day=day, count=f"{count:,}") for day, count in counts]
    return t("queue_cli.coming", days=len(counts), counts=" · ".join(cells))


def print_plan(view: dict[str, Any]) -> None:
    """Today's plan: its head, its items under their column names, the items of the next
    days the view lists (`--days N`: a title a day), the coming days' counts."""
    out = sys.stdout
    figures = view["figures"]
    out.write(plan_head(figures) + "\n")
    if figures.get("load"):  # the cadences ask more than the capacity
        out.write(t("followup.over_capacity", load=figures["load"], capacity=figures["capacity"]))
        out.write("\n")
    rows = view["rows"]
    days = view.get("days", [])  # a kept plan has none
    headers = column_headers()
    widths = column_widths(headers, [*rows, *(row for day in days for row in day["rows"])])
    sections = (
        [(t("queue_cli.section.plan", count=f"{figures['planned']:,}"), rows)] if rows else []
    )
    for day in days:
        title = t("queue_cli.section.day", day=day["day"], count=f"{len(day['rows']):,}")
        sections.append((title, day["rows"]))
    if not rows:
        out.write(t("queue_cli.empty") + "\n")
    for k, (title, section) in enumerate(sections):
        if k == 1 and figures.get("greetings"):  # after today's plan, before the next days
            out.write("\n" + greetings_group(view) + "\n")
        out.write("\n" + title + "\n")
        out.write("    " + row_line(headers, widths) + "\n")
        for row in section:
            out.write("    " + row_line(row, widths) + "\n")
    if len(sections) <= 1 and figures.get("greetings"):
        out.write("\n" + greetings_group(view) + "\n")
    if view["coming"]:  # --days 0: no coming day
        out.write("\n" + coming_days(view["coming"]) + "\n")


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    widths = [width_of(header) for header in headers]  # as pad() measures them
    for row in rows:
        for k, cell in enumerate(row):
            widths[k] = max(widths[k], width_of(cell))
    return widths


def row_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(pad(cell, widths[k]) for k, cell in enumerate(cells)).rstrip()
