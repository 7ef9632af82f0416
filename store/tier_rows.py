"""Every customer's lenses as plain dicts, as of a day: the rows `xiaoben tiers` prints.

Read-only; computed afresh, so any day can be asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from xiaoben.store.criteria import criterion_fields
from xiaoben.store.purchase_model import histories, stored_model
from xiaoben.store.stats import load_frame
from xiaoben.tiering import compute
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


def _pick(table: tuple, code: int) -> Any:
    return table[code] if code >= 0 else None


def tier_rows(
    conn: Any, rules: Any, as_of: date, ids: Sequence[int] | None = None
) -> list[dict[str, Any]]:
    """Every active customer's lenses as of `as_of`, in customer order (or only the
    customers `ids`, in that order: a saved view's).

    Keys: customer (code, or #id), name, value_tier, r, f, m, rfm_segment (English name),
    rfm8 (Chinese class name), stage, role, score, quadrant, revenue, orders,
    recency_days, last_purchase, value; and from the kept purchase model (None without
    one, and for non-buyers) p_alive, expected_purchases_90, clv, churn_risk; fields: the
    custom fields' values by English label (numbers as numbers, several choices a list).
    """
    frame = load_frame(conn, as_of, criterion_fields(conn, rules))
    predicted = _predictions(conn, rules, as_of)
    custom = _custom_fields(conn)
    tiers = compute(frame, rules, as_of)
    names = {
        row[0]: (row[1], row[2])
        for row in conn.execute("SELECT id, code, name FROM customers WHERE archived = 0")
    }
    out = []
    columns = {
        name: getattr(tiers, name).tolist()
        for name in (
            "value_tier",
            "r",
            "f",
            "m",
            "rfm_segment",
            "rfm8",
            "stage",
            "role",
            "score",
            "quadrant",
            "value_cents",
            "recency_days",
        )
    }
    orders = frame.orders.tolist()
    net = (frame.revenue_cents - frame.refunded_cents).tolist()
    last_days = frame.last_purchase_day.tolist()
    for k, customer_id in enumerate(frame.customer_id.tolist()):
        code, name = names[customer_id]
        buyer = orders[k] > 0
        tier = _pick(VALUE_TIERS, columns["value_tier"][k])
        segment = _pick(RFM_SEGMENTS, columns["rfm_segment"][k])
        rfm8 = _pick(RFM8_CLASSES, columns["rfm8"][k])
        quadrant = _pick(QUADRANTS, columns["quadrant"][k])
        out.append(
            {
                "customer": code if code is not None else f"#{customer_id}",
                "name": name,
                "value_tier": tier.value if tier else None,
                "r": columns["r"][k] if buyer else None,
                "f": columns["f"][k] if buyer else None,
                "m": columns["m"][k] if buyer else None,
                "rfm_segment": segment.en if segment else None,
                "rfm8": rfm8.zh if rfm8 else None,
                "stage": STAGES[columns["stage"][k]].value,
                "role": ROLES[columns["role"][k]].value,
                "score": columns["score"][k],
                "quadrant": quadrant.value if quadrant else None,
                "revenue": round(net[k] / 100, 2),
                "value": round(columns["value_cents"][k] / 100, 2),
                "orders": orders[k],
                "recency_days": columns["recency_days"][k] if buyer else None,
                "last_purchase": (
                    from_epoch_day(last_days[k]).isoformat() if last_days[k] != NO_DAY else None
                ),
                **predicted.get(customer_id, _NO_PREDICTION),
                "fields": custom.get(customer_id, {}),
            }
        )
    if ids is None:
        return out
    at = {customer_id: k for k, customer_id in enumerate(frame.customer_id.tolist())}
    return [out[at[i]] for i in ids if i in at]


def _custom_fields(conn: Any) -> dict[int, dict[str, Any]]:
    """Each customer's custom field values for JSON, keyed by the field's English label."""
    from xiaoben.store import fields as field_sql

    known = {f.id: f for f in field_sql.definitions(conn) if f.id is not None}
    if not known:
        return {}
    return field_sql.by_label(known, field_sql.all_values(conn, known))


_NO_PREDICTION = {"p_alive": None, "expected_purchases_90": None, "clv": None, "churn_risk": None}


def _predictions(conn: Any, rules: Any, as_of: date) -> dict[int, dict[str, Any]]:
    """The kept model's predictions as of `as_of`, by customer id (empty: no model)."""
    model = stored_model(conn)
    if model is None:
        return {}
    found = predict(model, histories(conn, as_of), rules, as_of)
    return {
        customer_id: {
            "p_alive": round(alive, 4),
            "expected_purchases_90": round(expected, 3),
            "clv": round(clv / 100, 2),
            "churn_risk": CHURN_RISKS[risk].value,
        }
        for customer_id, alive, expected, clv, risk in zip(
            found.customer_id.tolist(),
            found.p_alive.tolist(),
            found.expected_90.tolist(),
            found.clv_cents.tolist(),
            found.churn_risk.tolist(),
            strict=True,
        )
    }
