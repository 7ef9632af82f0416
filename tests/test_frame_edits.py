"""frame_edits.upsert (the in-memory stats and tiers patched after a write) against the
plain answer: the frame's rows, the new rows replacing theirs, all sorted by id."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoben.store import frame_edits
from xiaoben.tiering.frame import CustomerStats, StatsFrame


def _frame(rows: dict[int, int], criteria: bool) -> StatsFrame:
    records = [
        CustomerStats(
            customer_id,
            orders=orders,
            criteria=(float(orders), -float(orders)) if criteria else (),
            criteria_fields=(),
        )
        for customer_id, orders in sorted(rows.items())
    ]
    frame = StatsFrame.from_records(records)
    if criteria:  # a criteria matrix without fields: only its shape matters here
        matrix = np.array([[o, -o] for _, o in sorted(rows.items())], dtype=np.float64)
        frame = StatsFrame.from_columns(
            {name: getattr(frame, name) for name in ("customer_id", *_OTHER)},
            matrix.reshape(len(rows), 2),
        )
    return frame


_OTHER = tuple(
    name
    for name in CustomerStats.__dataclass_fields__
    if name not in ("customer_id", "criteria", "criteria_fields")
)

ids = st.dictionaries(st.integers(1, 60), st.integers(0, 9), max_size=25)


@settings(deadline=None, max_examples=300)
@given(ids, ids, st.booleans())
def test_upsert_is_the_rows_replaced_and_inserted_in_id_order(before, changed, criteria):
    frame = _frame(before, criteria)
    rows = _frame(changed, criteria)

    result = frame_edits.upsert(frame, rows)

    expected = _frame(before | changed, criteria)
    assert result.customer_id.tolist() == expected.customer_id.tolist()
    assert result.orders.tolist() == expected.orders.tolist()
    if criteria:
        assert result.criteria is not None and expected.criteria is not None
        assert result.criteria.tolist() == expected.criteria.tolist()
