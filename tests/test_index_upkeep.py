"""The dropped indexes a large import takes up again while its writer waits for the
reading child (store/index_upkeep): after IDLE_WINDOWS windows in a row in which the
writer waited IDLE_SHARE of its time or more, the next in UPKEEP_ORDER, one at a time."""

from __future__ import annotations

from xiaoben.store.driver import sqlite3
from xiaoben.store.index_upkeep import (
    IDLE_SHARE,
    IDLE_WINDOWS,
    UPKEEP_ORDER,
    UPKEEP_ROWS,
    WINDOW_BATCHES,
    IdleUpkeep,
)

_INDEXES = {
    "purchases_by_customer": "CREATE INDEX purchases_by_customer ON purchases(customer_id)",
    "purchases_by_date": "CREATE INDEX purchases_by_date ON purchases(date)",
    "purchases_by_item": "CREATE INDEX purchases_by_item ON purchases(items)",
    "customers_name": "CREATE INDEX customers_name ON customers(name)",
}


def _upkeep() -> tuple[sqlite3.Connection, IdleUpkeep, list[str]]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE purchases (customer_id, date, items)")
    conn.execute("CREATE TABLE customers (name)")
    dropped = list(_INDEXES.values())
    return conn, IdleUpkeep(conn, dropped, dict(_INDEXES)), dropped


def _window(upkeep: IdleUpkeep, share: float) -> None:
    for _ in range(WINDOW_BATCHES):
        upkeep.finished(share, 1 - share)


def _indexes(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY rowid")
    return [name for (name,) in rows]


def test_idle_windows_in_a_row_take_the_indexes_up_one_at_a_time_in_order() -> None:
    conn, upkeep, dropped = _upkeep()
    for window in range(1, IDLE_WINDOWS * (len(UPKEEP_ORDER) + 2)):
        _window(upkeep, IDLE_SHARE + 0.05)
        assert _indexes(conn) == list(UPKEEP_ORDER[: window // IDLE_WINDOWS])
    # the customers' index (not one of the purchases') is left for the import's finish
    assert dropped == [_INDEXES["customers_name"]]


def test_a_busy_window_starts_the_count_again() -> None:
    conn, upkeep, dropped = _upkeep()
    for _ in range(3):
        for _ in range(IDLE_WINDOWS - 1):
            _window(upkeep, 0.9)
        _window(upkeep, IDLE_SHARE - 0.05)  # the writer was the busy side in this one
    assert _indexes(conn) == []
    assert len(dropped) == len(_INDEXES)

    for _ in range(IDLE_WINDOWS):
        _window(upkeep, 0.9)
    assert _indexes(conn) == [UPKEEP_ORDER[0]]


def test_a_window_is_judged_on_its_batches_together() -> None:
    conn, upkeep, _ = _upkeep()
    for _ in range(IDLE_WINDOWS):
        # one batch long waited for, the others at once: idle as a whole
        upkeep.finished(WINDOW_BATCHES * 1.0, 1.0)
        for _ in range(WINDOW_BATCHES - 1):
            upkeep.finished(0.0, 1.0)
    assert _indexes(conn) == [UPKEEP_ORDER[0]]


def test_only_dropped_indexes_are_taken_up() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE purchases (customer_id, date, items)")
    dropped = [_INDEXES["purchases_by_item"]]
    upkeep = IdleUpkeep(conn, dropped, {"purchases_by_item": dropped[0]})
    for _ in range(IDLE_WINDOWS * 4):
        _window(upkeep, 0.9)
    assert _indexes(conn) == ["purchases_by_item"]
    assert dropped == []


def test_none_is_taken_up_after_the_first_upkeep_rows() -> None:
    """Its build sorts the rows written so far in memory: taken up late in a million rows
    (the child fell behind on a loaded machine), the items' index raised the import's peak
    RSS 210 -> 265 MB. After UPKEEP_ROWS rows, each waits for the import's end."""
    conn, upkeep, dropped = _upkeep()
    per_batch = UPKEEP_ROWS // (WINDOW_BATCHES * IDLE_WINDOWS) + 1
    for _ in range(IDLE_WINDOWS):  # one busy pair of windows: nothing taken up, rows pass
        for _ in range(WINDOW_BATCHES):
            upkeep.finished(0.0, 1.0, per_batch)
    assert upkeep.rows > UPKEEP_ROWS
    for _ in range(IDLE_WINDOWS * 4):
        for _ in range(WINDOW_BATCHES):
            upkeep.finished(0.9, 0.1, per_batch)
    assert _indexes(conn) == []
    assert len(dropped) == len(_INDEXES)  # all built by the import's finish


def test_within_the_first_upkeep_rows_an_index_is_taken_up() -> None:
    conn, upkeep, _ = _upkeep()
    per_batch = UPKEEP_ROWS // (WINDOW_BATCHES * IDLE_WINDOWS * 2)
    for _ in range(IDLE_WINDOWS):
        for _ in range(WINDOW_BATCHES):
            upkeep.finished(0.9, 0.1, per_batch)
    assert upkeep.rows <= UPKEEP_ROWS
    assert _indexes(conn) == [UPKEEP_ORDER[0]]
