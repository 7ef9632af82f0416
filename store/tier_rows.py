"""Every customer's lenses as of a day, computed afresh: the rows `xiaoben tiers` prints
when the kept ones (store/kept_tiers.py) are not a current full pass of that day.

Read-only, so any day can be asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from xiaoben.store.criteria import criterion_fields
from xiaoben.store.kept_tiers import PREDICTED, Columns, custom_fields, pick
from xiaoben.store.purchase_model import histories, stored_model
from xiaoben.store.stats import load_frame
from xiaoben.tiering.compute import compute
from xiaoben.tiering.frame import (
    NO_DAY,
    QUADRANTS,
    RFM8_CLASSES,
    RFM_SEGMENTS,
    ROLES,
    STAGES,
    VALUE_TIERS,
    from_epoch_day,
)
from xiaoben.tiering.purchase_model import CHURN_RISKS, predict


def _words(table: tuple, codes: list[int], word: str = "value") -> list[Any]:
    """Each code's member of `table` as its `word` (None for -1: no result in that lens)."""
    named = [getattr(member, word) for member in table]
    return [named[code] if code >= 0 else None for code in codes]


def tier_rows(conn: Any, rules: Any, as_of: date, ids: Sequence[int] | None = None) -> Columns:
    """Every active customer's lenses as of `as_of`, as columns in customer order (or only
    the customers `ids`, in that order: a saved view's).

    Keys (store.kept_tiers.KEYS): customer (code, or #id), name, value_tier, r, f, m,
    rfm_segment (English name), rfm8 (Chinese class name), stage, role, score, quadrant,
    revenue, value, orders, recency_days, last_purchase; and from the kept purchase model
    (None without one, and for non-buyers) p_alive, expected_purchases_90, clv,
    churn_risk; fields: the custom fields' values by English label (numbers as numbers,
    several choices a list).
    """
    frame = load_frame(conn, as_of, criterion_fields(conn, rules))
    predicted = _predictions(conn, rules, as_of)
    custom = custom_fields(conn)
    tiers = compute(frame, rules, as_of)
    names = {
        row[0]: (row[1], row[2])
        for row in conn.execute("SELECT id, code, name FROM customers WHERE archived = 0")
    }
    customer_ids = frame.customer_id.tolist()
    buyers = (frame.orders > 0).tolist()

    def of_buyers(name: str) -> list[Any]:
        values = getattr(tiers, name).tolist()
        return [value if buyer else None for value, buyer in zip(values, buyers, strict=True)]

    shown = [names[i] for i in customer_ids]
    net = (frame.revenue_cents - frame.refunded_cents).tolist()
    columns: Columns = {
        "customer": [
            code if code is not None else f"#{i}"
            for i, (code, _) in zip(customer_ids, shown, strict=True)
        ],
        "name": [name for _, name in shown],
        "value_tier": _words(VALUE_TIERS, tiers.value_tier.tolist()),
        "r": of_buyers("r"),
        "f": of_buyers("f"),
        "m": of_buyers("m"),
        "rfm_segment": _words(RFM_SEGMENTS, tiers.rfm_segment.tolist(), "en"),
        "rfm8": _words(RFM8_CLASSES, tiers.rfm8.tolist(), "zh"),
        "stage": _words(STAGES, tiers.stage.tolist()),
        "role": _words(ROLES, tiers.role.tolist()),
        "score": tiers.score.tolist(),
        "quadrant": _words(QUADRANTS, tiers.quadrant.tolist()),
        "revenue": [round(cents / 100, 2) for cents in net],
        "value": [round(cents / 100, 2) for cents in tiers.value_cents.tolist()],
        "orders": frame.orders.tolist(),
        "recency_days": of_buyers("recency_days"),
        "last_purchase": [
            from_epoch_day(day).isoformat() if day != NO_DAY else None
            for day in frame.last_purchase_day.tolist()
        ],
    }
    for k, key in enumerate(PREDICTED):
        columns[key] = [predicted.get(i, _NO_PREDICTION)[k] for i in customer_ids]
    columns["fields"] = [custom.get(i, {}) for i in customer_ids]
    return columns if ids is None else pick(columns, customer_ids, ids)


_NO_PREDICTION = (None, None, None, None)


def _predictions(conn: Any, rules: Any, as_of: date) -> dict[int, tuple[Any, ...]]:
    """The kept model's predictions as of `as_of` by customer id, in PREDICTED's order
    (empty: no model)."""
    model = stored_model(conn)
    if model is None:
        return {}
    found = predict(model, histories(conn, as_of), rules, as_of)
    return {
        customer_id: (
            round(alive, 4),
            round(expected, 3),
            round(clv / 100, 2),
            CHURN_RISKS[risk].value,
        )
        for customer_id, alive, expected, clv, risk in zip(
            found.customer_id.tolist(),
            found.p_alive.tolist(),
            found.expected_90.tolist(),
            found.clv_cents.tolist(),
            found.churn_risk.tolist(),
            strict=True,
        )
    }
