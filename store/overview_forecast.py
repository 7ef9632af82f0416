"""The overview's forecast: the purchase model's next 90 days (the predictions the book
keeps) beside the last 90 days' actual figures. SQL alone: no numpy, no model, so
`xiaoben report` reads it without loading the purchase model (store/overview_cold.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from xiaoben.models.overview import EXPECTED_DAYS, Forecast
from xiaoben.store.driver import sqlite3
from xiaoben.store.overview_sums import ACTIVE


def forecast(
    conn: sqlite3.Connection, as_of: date, actual: tuple[int, int] | None = None
) -> Forecast | None:
    """Expected revenue and active buyers in the next 90 days from the predictions kept as
    of `as_of`, beside the last 90 days' actual net revenue and buyers (`actual` when the
    caller has counted them: the overview's 90-day period); None without them."""
    return forecast_of(forecast_part(conn, as_of, actual is None), actual)


# What forecast_part reads: the expected revenue (cents, unrounded) and active buyers, and
# the last 90 days' actual figures when asked for; None without predictions of the day.
ForecastPart = tuple[float, float, tuple[int, int] | None] | None


def forecast_part(conn: sqlite3.Connection, as_of: date, count_last_days: bool) -> ForecastPart:
    """The forecast's reads, for a connection of their own beside the overview's passes
    (`count_last_days` False: the overview counts its own 90-day period)."""
    count, revenue, active = conn.execute(
        "SELECT count(*), coalesce(sum(p.expected_90 * p.spend_cents), 0),"
        " coalesce(sum(p.p_alive), 0)"
        " FROM predictions p JOIN customers c ON c.id = p.customer_id AND c.archived = 0"
        " WHERE p.as_of = ?",
        (as_of.isoformat(),),
    ).fetchone()
    if not count:
        return None
    return revenue, active, last_days(conn, as_of) if count_last_days else None


def forecast_of(part: ForecastPart, actual: tuple[int, int] | None = None) -> Forecast | None:
    """The forecast from forecast_part's reads and the last 90 days' `actual` figures (or
    the ones it read)."""
    if part is None:
        return None
    revenue, active, counted = part
    last = actual if actual is not None else counted
    if last is None:
        raise ValueError("the last 90 days' figures were neither counted nor read")
    return Forecast(round(revenue), float(active), *last)


def _window(as_of: date) -> tuple[str, str]:
    return (as_of - timedelta(days=EXPECTED_DAYS - 1)).isoformat(), as_of.isoformat()


def last_days(conn: sqlite3.Connection, as_of: date) -> tuple[int, int]:
    """The net revenue and buyers (active customers) of the purchases dated in the last
    90 days up to as_of, without a pass over them: the revenue from the day totals
    (store/day_totals.py, active customers only), the buyers as the active customers whose
    last purchase (stats) falls in those days — unless a purchase is dated after as_of,
    then from the purchases."""
    window = _window(as_of)
    (revenue,) = conn.execute(
        "SELECT coalesce(sum(net_cents), 0) FROM day_totals WHERE day BETWEEN ? AND ?", window
    ).fetchone()
    (last,) = conn.execute("SELECT max(last_purchase) FROM stats").fetchone()
    if last is not None and last > window[1]:
        return int(revenue), last_days_from_purchases(conn, as_of)[1]
    (buyers,) = conn.execute(  # along the last-purchase index; not a look-up of each
        # buyer's wide customer row, but the few archived ids once
        f"SELECT count(*) FROM stats WHERE last_purchase BETWEEN ? AND ? AND {ACTIVE}",
        window,
    ).fetchone()
    return int(revenue), int(buyers)


def last_days_from_purchases(conn: sqlite3.Connection, as_of: date) -> tuple[int, int]:
    """last_days read from the purchases (one walk along the date index)."""
    revenue, buyers = conn.execute(
        "SELECT coalesce(sum(p.amount_cents - p.refunded_cents), 0), count(DISTINCT p.customer_id)"
        " FROM purchases p JOIN customers c ON c.id = p.customer_id AND c.archived = 0"
        " WHERE p.date BETWEEN ? AND ?",
        _window(as_of),
    ).fetchone()
    return int(revenue), int(buyers)


def counted_last_days(per_customer: dict[int | None, dict[str, object]]) -> tuple[int, int] | None:
    """The net revenue and buyers of the forecast's last days, when the overview counted
    that period itself (so the forecast does not read them again)."""
    figures = per_customer.get(EXPECTED_DAYS)
    if figures is None:
        return None
    revenue, buyers = figures["revenue_cents"], figures["buyers"]
    assert isinstance(revenue, int) and isinstance(buyers, int)
    return revenue, buyers
