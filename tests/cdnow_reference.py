"""An independent reference for the acceptance test: DESIGN.md's wording, in plain Python.

Written straight from the spec, with nothing shared with tiering/ (no numpy), so the two
can only agree by both being right.
"""

from __future__ import annotations

import gzip
from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date
from fractions import Fraction
from pathlib import Path

SEGMENTS = {  # (R, F) -> English segment name, DESIGN.md's R×F grid
    **{(r, f): "Hibernating" for r in (1, 2) for f in (1, 2)},
    **{(r, f): "At Risk" for r in (1, 2) for f in (3, 4)},
    **{(r, 5): "Can't Lose Them" for r in (1, 2)},
    **{(3, f): "About to Sleep" for f in (1, 2)},
    (3, 3): "Need Attention",
    **{(r, f): "Loyal" for r in (3, 4) for f in (4, 5)},
    (4, 1): "Promising",
    (5, 1): "New",
    **{(r, f): "Potential Loyalist" for r in (4, 5) for f in (2, 3)},
    **{(5, f): "Champions" for f in (4, 5)},
}
CLASSES = {  # (R high, F high, M high) -> 8-class name
    (True, True, True): "重要价值",
    (True, False, True): "重要发展",
    (False, True, True): "重要保持",
    (False, False, True): "重要挽留",
    (True, True, False): "一般价值",
    (True, False, False): "一般发展",
    (False, True, False): "一般保持",
    (False, False, False): "一般挽留",
}


def read_master(path: Path) -> list[tuple[str, date, int]]:
    """(customer id, date, cents) for every line of CDNOW_master.txt(.gz)."""
    opener = gzip.open if path.suffix == ".gz" else open
    rows = []
    with opener(path, "rt") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) != 4 or not parts[1].isdigit():
                continue
            customer, day, _cds, dollars = parts
            when = date(int(day[:4]), int(day[4:6]), int(day[6:]))
            rows.append((customer, when, round(Fraction(dollars) * 100)))
    return rows


def _score(worse: int, n: int) -> int:
    return min(5, 1 + (5 * worse) // n)


def expected(rows: list[tuple[str, date, int]], as_of: date) -> dict[str, dict]:
    orders: dict[str, int] = defaultdict(int)
    revenue: dict[str, int] = defaultdict(int)
    last: dict[str, date] = {}
    customers = {customer for customer, _, _ in rows}
    for customer, when, cents in rows:
        if when > as_of:
            continue
        orders[customer] += 1
        revenue[customer] += cents
        last[customer] = max(last.get(customer, when), when)
    buyers = sorted(orders)
    n = len(buyers)
    recency = {c: (as_of - last[c]).days for c in buyers}

    # Value tier: S(c) = total value of buyers with strictly greater value; T = positive total.
    total = sum(v for v in (revenue[c] for c in buyers) if v > 0)
    values_sorted = sorted(revenue[c] for c in buyers)
    suffix = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        suffix[k] = suffix[k + 1] + values_sorted[k]

    def tier(value: int) -> str:
        if value <= 0:
            return "D"
        greater = suffix[bisect_right(values_sorted, value)]
        if greater * 100 < 80 * total:
            return "A"
        if greater * 100 < 95 * total:
            return "B"
        return "C"

    f_sorted = sorted(orders[c] for c in buyers)
    r_sorted = sorted(recency[c] for c in buyers)
    mean_r = Fraction(sum(recency.values()), n) if n else 0
    mean_f = Fraction(sum(orders.values()), n) if n else 0
    mean_m = Fraction(sum(revenue[c] for c in buyers), n) if n else 0
    out: dict[str, dict] = {}
    for customer in customers:
        if customer not in orders:
            out[customer] = {
                "value_tier": None,
                "r": None,
                "f": None,
                "m": None,
                "rfm_segment": None,
                "rfm8": None,
            }
            continue
        r = _score(n - bisect_right(r_sorted, recency[customer]), n)  # worse = more days
        f = _score(bisect_left(f_sorted, orders[customer]), n)
        m = _score(bisect_left(values_sorted, revenue[customer]), n)
        high = (recency[customer] < mean_r, orders[customer] > mean_f, revenue[customer] > mean_m)
        out[customer] = {
            "value_tier": tier(revenue[customer]),
            "r": r,
            "f": f,
            "m": m,
            "rfm_segment": SEGMENTS[(r, f)],
            "rfm8": CLASSES[high],
        }
    return out
