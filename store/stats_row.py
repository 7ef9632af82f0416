"""The stats row as the book keeps it in hexadecimal (m016's index `stats_frame`): the SQL
text alone, no numpy, so the driver-only overview of `xiaoben report` reads the kept rows
(store/overview_reads.py) as the tier pass does (store/stats.py)."""

from __future__ import annotations

from xiaoben.store.hex_text import epoch_day, hex_row

NO_DAY = -(10**9)  # tiering.frame.NO_DAY, the day of no day (a test compares them)


def day(expression: str) -> str:
    """An ISO day's epoch day, NO_DAY for NULL."""
    return f"coalesce({epoch_day(expression)}, {NO_DAY})"


def stats_figures(table: str) -> tuple[str, ...]:
    """The stats columns of the frame, in StatsFrame's order from orders to referrals."""
    return (
        f"{table}orders",
        f"{table}revenue_cents",
        f"{table}refunded_cents",
        f"{table}cost_cents",
        f"{table}service_cost_cents",
        f"{table}service_minutes",
        day(f"{table}first_purchase"),
        day(f"{table}last_purchase"),
        day(f"substr({table}last_intent, 1, 10)"),
        f"{table}referrals",
    )


# Each stats row's integers as the index keeps them: a covering scan formats nothing.
STATS_ROW = ("customer_id", *stats_figures(""))
STATS_INDEX = f"CREATE INDEX stats_frame ON stats(customer_id, {hex_row(STATS_ROW)})"
# Where each column the overview reads sits in STATS_ROW.
ID, ORDERS, REVENUE, REFUNDED, FIRST_PURCHASE = 0, 1, 2, 3, 7
# Every kept row, joined in the order of the scan (the index's, by customer_id: the
# reader checks it, store/int_columns.py decode_by_id). No subquery with an ORDER BY: its
# co-routine copies every row's text once more (twice the time of the scan at 100k).
KEPT_STATS = (
    f"SELECT CAST(group_concat({hex_row(STATS_ROW)}, '') AS BLOB) FROM stats INDEXED BY stats_frame"
)
# The kept rows of a range of customer ids (BETWEEN ? AND ?), by the same covering index:
# the overview reads them a range at a time (store/overview_reads.py stats_parts).
KEPT_STATS_RANGE = KEPT_STATS + " WHERE customer_id BETWEEN ? AND ?"
