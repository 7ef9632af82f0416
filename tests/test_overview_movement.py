"""The overview's month-by-month movement (store/overview_sums.py month_part): the value
tier's moves up and down and the stage's lapses, counted per month among active customers,
equal a plain count of the tier changes netted day by day (a customer's moves of a lens on
a day are one, from the first's from to the last's to: store/day_moves.py), whatever the
changes and whoever is archived.
(The Book's overview and `xiaoben report` share month_part, so the property of
test_overview_kept.py, which compares the two, cannot see a fault of it.)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import TODAY, customer, fixed_clock
from xiaoben.store.book import Book
from xiaoben.store.overview_sums import month_keys, month_part

CUSTOMERS = 5
VALUES = {"value_tier": ["A", "B", "C", "D", None], "stage": ["customer", "loyal", "lapsed", None]}
FIRST_DAY = date.fromisoformat(f"{month_keys(TODAY)[0]}-01")

change = st.tuples(
    st.integers(1, CUSTOMERS),
    st.sampled_from(["value_tier", "stage", "rfm8"]),
    st.integers(0, 3),  # from: an index into the lens's values (the last: none)
    st.integers(0, 3),  # to
    st.integers(-40, (TODAY - FIRST_DAY).days + 10),  # days after the first month's first
)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    path: Path = tmp_path_factory.mktemp("movement") / "book.db"
    with Book.open(path, today=fixed_clock) as opened:
        for k in range(CUSTOMERS):
            customer(opened, f"客{k}")
        yield opened


def _value(lens: str, index: int) -> str | None:
    values = VALUES.get(lens, ["champion", "at_risk", "new", None])
    return values[index % len(values)]


def _counted(
    rows: list[tuple[int, str, str | None, str | None, str]], archived: set[int]
) -> dict[str, list[int]]:
    """Per month: moved up, moved down, lapsed — counted one day's net change at a time."""
    counts = {month: [0, 0, 0] for month in month_keys(TODAY)}
    for customer_id, lens, before, after, day in _netted(rows):
        if customer_id in archived or not FIRST_DAY.isoformat() <= day <= TODAY.isoformat():
            continue
        slot = counts[day[:7]]
        if lens == "value_tier" and before is not None and after is not None:
            slot[0] += after < before  # "A" is above "B": a move up
            slot[1] += after > before
        if lens == "stage" and after == "lapsed":
            slot[2] += 1
    return counts


def _netted(
    rows: list[tuple[int, str, str | None, str | None, str]],
) -> list[tuple[int, str, str | None, str | None, str]]:
    """Each customer's changes of a lens on a day as one (none where it comes back)."""
    days: dict[tuple[int, str, str], list[str | None]] = {}
    for customer_id, lens, before, after, day in rows:
        days.setdefault((customer_id, lens, day), [before, after])[1] = after
    return [
        (customer_id, lens, before, after, day)
        for (customer_id, lens, day), (before, after) in days.items()
        if before != after
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(change, max_size=25),
    archived=st.sets(st.integers(1, CUSTOMERS), max_size=CUSTOMERS - 1),
)
def test_the_movement_of_each_month_counts_each_change_of_an_active_customer_once(
    book: Book, changes: list[tuple[int, str, int, int, int]], archived: set[int]
) -> None:
    rows = [
        (
            customer_id,
            lens,
            _value(lens, before),
            _value(lens, after),
            (FIRST_DAY + timedelta(days=offset)).isoformat(),
        )
        for customer_id, lens, before, after, offset in changes
    ]
    conn = book.conn
    conn.execute("DELETE FROM tier_changes")
    conn.execute(
        "UPDATE customers SET archived = (id IN (SELECT value FROM json_each(?)))",
        (str(sorted(archived)),),
    )
    conn.executemany(
        "INSERT INTO tier_changes (customer_id, lens, from_value, to_value, as_of, changed_at)"
        " VALUES (?, ?, ?, ?, ?, '2026-01-01T00:00:00')",
        rows,
    )
    months = month_part(conn, TODAY)
    found = {m.month: [m.moved_up, m.moved_down, m.lapsed] for m in months}
    assert found == _counted(rows, archived)
