"""The Import screen's report in words: a dry run's summary, or what an import did, with
the orders left out, the customers left alone, the near matches and the bad rows named."""

from __future__ import annotations

from xiaoben.models.i18n import t
from xiaoben.models.text import printable
from xiaoben.store.imports import ImportReport

SHOWN_NEAR = 5
SHOWN_PROBLEMS = 8


def report_lines(report: ImportReport, keep_good: bool, *, done: bool = False) -> list[str]:
    """The first line is the summary (the dry run's, or the import's when `done`)."""
    figures = {
        "rows": report.rows,
        "imported": report.imported,
        "created": report.created_customers,
        "updated": report.updated_customers,
        "bad": report.bad_rows,
    }
    lines = [t("importer.done" if done else "importer.summary", None, **figures)]
    if report.bad_rows and not keep_good and not done:
        lines.append(t("importer.all_or_nothing"))
    if report.closed_orders or report.refunded_orders or report.known_orders:
        lines.append(
            t(
                "importer.orders",
                closed=report.closed_orders,
                refunded=report.refunded_orders,
                known=report.known_orders,
            )
        )
    if report.skipped_customers:
        lines.append(t("importer.skipped", count=report.skipped_customers))
    if report.near_matches:
        lines.append(t("importer.near", count=len(report.near_matches)))
        lines += [f"  {printable(near)}" for near in report.near_matches[:SHOWN_NEAR]]
        lines += _more(len(report.near_matches) - SHOWN_NEAR)
    errors = sorted(report.errors, key=lambda error: error.line)
    lines += [
        printable(t("importer.problem", line=e.line, column=e.column, message=e.message))
        for e in errors[:SHOWN_PROBLEMS]
    ]
    lines += _more(len(errors) - SHOWN_PROBLEMS)
    return lines


def _more(count: int) -> list[str]:
    return [t("importer.more", count=count)] if count > 0 else []
