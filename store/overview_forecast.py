"""The overview's forecast: the purchase model's next 90 days (the predictions the book
keeps) beside the last 90 days' actual figures. SQL alone: no numpy, no model, so
`xiaoben report` reads it without loading the purchase model (store/overview_cold.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from xiaoben.models.overview import EXPECTED_DAYS, Forecast
from xiaoben.store.driver import sqlite3


def forecast(
    conn: sqlite3.Connection, as_of: date, actual: tuple[int, int] | None = None
) -> Forecast | None:
    """Expected revenue and active buyers in the next 90 days from the predictions kept as
    of `as_of`, beside the last 90 days' actual net revenue and buyers (`actual` when the
    caller has counted them: the overview's 90-day period); None without them."""
    day = as_of.isoformat()
    expected = conn.execute(
        "SELECT count(*), coalesce(sum(p.expected_90 * p.spend_cents), 0),"
        " coalesce(sum(p.p_alive), 0)"
        " FROM predictions p JOIN customers c ON c.id = p.customer_id AND c.archived = 0"
        " WHERE p.as_of = ?",
        (day,),
    ).fetchone()
    if not expected[0]:
        return None
    if actual is not None:
        return Forecast(round(expected[1]), float(expected[2]), *actual)
    start = (as_of - timedelta(days=EXPECTED_DAYS - 1)).isoformat()
    revenue, buyers = conn.execute(
        "SELECT coalesce(sum(p.amount_cents - p.refunded_cents), 0), count(DISTINCT p.customer_id)"
        " FROM purchases p JOIN customers c ON c.id = p.customer_id AND c.archived = 0"
        " WHERE p.date BETWEEN ? AND ?",
        (start, day),
    ).fetchone()
    return Forecast(round(expected[1]), float(expected[2]), int(revenue), int(buyers))
