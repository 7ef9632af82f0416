"""The purchase model in the book: its input read from the stats the book keeps (one row a
buyer, no pass over the purchases), the fitted parameters kept in meta with the day of the
fit, and each customer's predictions kept in the predictions table.

The model's arithmetic is tiering.purchase_model's; scipy is imported only when a model
is fitted or used, so commands that never use it do not pay for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import numpy as np

from xiaoben.models.enums import ChurnRisk
from xiaoben.models.errors import BookError
from xiaoben.models.rules import Rules
from xiaoben.store import tierstore
from xiaoben.store.driver import sqlite3
from xiaoben.store.groups import member_order
from xiaoben.store.hex_text import epoch_day
from xiaoben.store.overview_forecast import forecast as forecast  # the Book's name for it
from xiaoben.store.stats import _aggregates, _json_ids, has_records_after
from xiaoben.tiering.frame import NO_DAY, from_epoch_day
from xiaoben.tiering.purchase_model import (
    CHURN_RISKS,
    Histories,
    Outlook,
    Predictions,
    PurchaseModel,
)

_META_KEY = "purchase_model"
_PROBLEM_KEY = "purchase_model_problem"
_TRIED_KEY = "purchase_model_tried"


_FROM_STATS = f"""
SELECT s.customer_id, s.purchase_days,
    {epoch_day("s.first_purchase")}, {epoch_day("s.last_purchase")},
    s.revenue_cents - s.refunded_cents - s.first_day_net_cents
FROM stats s JOIN customers c ON c.id = s.customer_id
WHERE c.archived = 0 AND s.purchase_days > 0 {{extra}}
ORDER BY s.customer_id
"""


def _as_of_query() -> str:
    purchases, _contacts, _referrals = _aggregates("", as_of_filter=True)
    return f"""
    SELECT c.id, p.purchase_days, {epoch_day("p.first_day")}, {epoch_day("p.last_day")},
        p.revenue - p.refunded - p.first_day_net
    FROM customers c JOIN ({purchases}) p ON p.customer_id = c.id
    WHERE c.archived = 0
    ORDER BY c.id
    """


_AS_OF = _as_of_query()


def _histories(rows: list[tuple[int, ...]]) -> Histories:
    matrix = np.array(rows, dtype=np.int64).reshape(len(rows), 5)
    return Histories(*(matrix[:, k] for k in range(5)))


def histories(conn: sqlite3.Connection, as_of: date) -> Histories:
    """Every active buyer's purchase-day figures as of `as_of`: from stats, unless the book
    holds purchases after that day (then re-aggregated from the purchases up to it)."""
    if has_records_after(conn, as_of):
        params = {"as_of": as_of.isoformat(), "day_after": (as_of + timedelta(days=1)).isoformat()}
        return _histories(conn.execute(_AS_OF, params).fetchall())
    return _histories(conn.execute(_FROM_STATS.format(extra="")).fetchall())


def histories_of(conn: sqlite3.Connection, customer_ids: Iterable[int]) -> Histories:
    sql = _FROM_STATS.format(extra="AND s.customer_id IN (SELECT value FROM json_each(?))")
    return _histories(conn.execute(sql, (_json_ids(sorted(set(customer_ids))),)).fetchall())


def purchase_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(sum(orders), 0) FROM stats").fetchone()[0])


def stored_model(conn: sqlite3.Connection) -> PurchaseModel | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_META_KEY,)).fetchone()
    return PurchaseModel.from_json(json.loads(row[0])) if row else None


def model_problem(conn: sqlite3.Connection) -> BookError | None:
    """Why the last fit gave no model (not enough data, no convergence), if it did not."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_PROBLEM_KEY,)).fetchone()
    if not row:
        return None
    raw: dict[str, Any] = json.loads(row[0])
    return BookError(raw["key"], **raw["values"])


def keep(
    conn: sqlite3.Connection, fitted: PurchaseModel, rules: Rules, people: Histories | None = None
) -> None:
    """Keep a fitted model (the day of the fit is its as_of) and write everyone's
    predictions with it (`people`: everyone's histories as of that day, if already read)."""
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (_META_KEY, json.dumps(fitted.to_json())),
    )
    conn.execute("DELETE FROM meta WHERE key IN (?, ?)", (_PROBLEM_KEY, _TRIED_KEY))
    write_predictions(conn, fitted, rules, fitted.as_of, people=people)


def keep_problem(conn: sqlite3.Connection, problem: BookError, today: date, purchases: int) -> None:
    """Why today's fit gave no model: the last good model (if any) stays, and the fit is
    not tried again until the day or the number of purchases changes."""
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (_PROBLEM_KEY, json.dumps({"key": problem.key, "values": problem.values})),
    )
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (_TRIED_KEY, f"{today.isoformat()}:{purchases}"),
    )


def fit_due(conn: sqlite3.Connection, today: date, rules: Rules) -> bool:
    """Due by the rules (tiering.purchase_model.refit_due), and not already tried in vain
    on this day with this many purchases."""
    from xiaoben.tiering.purchase_model import refit_due

    purchases = purchase_count(conn)
    if not refit_due(stored_model(conn), purchases, today, rules):
        return False
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_TRIED_KEY,)).fetchone()
    return not (row and row[0] == f"{today.isoformat()}:{purchases}")


def refresh_predictions(
    conn: sqlite3.Connection, today: date, rules: Rules, everyone: bool = False
) -> bool:
    """Everyone's predictions as of today with the kept model, unless they already are
    (`everyone`: all the same). True when written."""
    model = stored_model(conn)
    if model is None or (not everyone and predictions_as_of(conn) == today.isoformat()):
        return False
    write_predictions(conn, model, rules, today)
    return True


def predictions_as_of(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT max(as_of) FROM predictions").fetchone()
    return row[0] if row else None


def compute_predictions(
    model: PurchaseModel, rules: Rules, as_of: date, people: Histories
) -> Predictions:
    from xiaoben.tiering.purchase_model import predict

    return predict(model, people, rules, as_of)


def write_predictions(
    conn: sqlite3.Connection,
    model: PurchaseModel,
    rules: Rules,
    as_of: date,
    customer_ids: Iterable[int] | None = None,
    people: Histories | None = None,
) -> None:
    """Everyone's predictions (or these customers') as of `as_of`, with the stored model
    (`people`: everyone's histories as of `as_of`, if already read)."""
    if customer_ids is None:
        people = histories(conn, as_of) if people is None else people
        conn.execute("DELETE FROM predictions")
    else:
        ids = sorted({int(i) for i in customer_ids})
        conn.execute(
            "DELETE FROM predictions WHERE customer_id IN (SELECT value FROM json_each(?))",
            (_json_ids(ids),),
        )
        people = histories_of(conn, ids)
    if not len(people.customer_id):
        return
    found = compute_predictions(model, rules, as_of, people)
    day = as_of.isoformat()
    chunk = tierstore.WRITE_CHUNK  # a few thousand rows at a time, as the tiers are
    for start in range(0, len(found.customer_id), chunk):
        part = slice(start, start + chunk)
        at_risk = [
            None if risk_day == NO_DAY else from_epoch_day(risk_day).isoformat()
            for risk_day in found.at_risk_day[part].tolist()
        ]
        conn.executemany(
            "INSERT INTO predictions (customer_id, p_alive, expected_90, spend_cents, clv_cents,"
            " churn_risk, at_risk_day, as_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            zip(
                found.customer_id[part].tolist(),
                found.p_alive[part].tolist(),
                found.expected_90[part].tolist(),
                found.spend_cents[part].tolist(),
                found.clv_cents[part].tolist(),
                [CHURN_RISKS[code].value for code in found.churn_risk[part].tolist()],
                at_risk,
                [day] * len(at_risk),
                strict=True,
            ),
        )


def prediction_of(conn: sqlite3.Connection, customer_id: int) -> Outlook | None:
    row = conn.execute(
        "SELECT p.p_alive, p.expected_90, p.spend_cents, p.clv_cents, p.churn_risk,"
        " s.purchase_days - 1, CAST(julianday(p.as_of) - julianday(s.last_purchase) AS INTEGER)"
        " FROM predictions p JOIN stats s ON s.customer_id = p.customer_id"
        " WHERE p.customer_id = ?",
        (customer_id,),
    ).fetchone()
    if row is None:
        return None
    alive, expected, spend, clv, risk, repeat, days = row
    return Outlook(alive, expected, spend, clv, ChurnRisk(risk), repeat, max(days or 0, 0))


# ---- the churn-risk lens of the tier lists ------------------------------------------------

_PREDICTED = (
    "FROM predictions pr JOIN customers c ON c.id = pr.customer_id AND c.archived = 0"
    " LEFT JOIN stats s ON s.customer_id = pr.customer_id"
)


def churn_groups(conn: sqlite3.Connection) -> list[tuple[str, int, int]]:
    """(churn risk, customers, their net revenue) of every group, in the lens's order."""
    found = {
        risk: (int(count), int(cents))
        for risk, count, cents in conn.execute(
            f"SELECT pr.churn_risk, count(*), coalesce(sum(s.net_revenue_cents), 0) {_PREDICTED}"
            " GROUP BY pr.churn_risk"
        )
    }
    return [(risk.value, *found.get(risk.value, (0, 0))) for risk in CHURN_RISKS]


def churn_size(conn: sqlite3.Connection, risk: str) -> int:
    sql = f"SELECT count(*) {_PREDICTED} WHERE pr.churn_risk = ?"
    return int(conn.execute(sql, (risk,)).fetchone()[0])


def churn_members(
    conn: sqlite3.Connection, risk: str, offset: int, limit: int, order: str = "lens"
) -> list[tuple[Any, ...]]:
    """(id, name, code, score, net revenue, last purchase, P(alive), CLV) of a churn-risk
    group, the most value at stake first: CLV × (1 − P(alive)), as the plan ranks them (or
    in groups.MEMBER_ORDERS' `order`)."""
    at_stake = "pr.clv_cents * (1 - pr.p_alive) DESC, pr.clv_cents DESC, c.id"
    return conn.execute(
        "SELECT c.id, c.name, c.code, coalesce(t.score, 0),"
        " coalesce(s.net_revenue_cents, 0), s.last_purchase, pr.p_alive, pr.clv_cents"
        f" {_PREDICTED} LEFT JOIN tiers t ON t.customer_id = c.id WHERE pr.churn_risk = ?"
        f" ORDER BY {member_order(order, at_stake)} LIMIT ? OFFSET ?",
        (risk, limit, offset),
    ).fetchall()
