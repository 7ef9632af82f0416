"""Per-day totals by product, kept by triggers in the transaction of every purchase write,
so the overview's product bars and month revenue never read the purchases.

One row per (day, items) holds, over active (not archived) customers: the net revenue of
that day's purchases of the item, how many purchases, and `last_buyers` — how many
customers bought that item last on that day. Distinct buyers are not additive over days,
but each (customer, item) pair has exactly one last day, so the buyers of an item in a
period ending at as_of are the sum of `last_buyers` over the period's days, as long as
nothing is dated after as_of (`reaches_past` says when it is not).

Triggers follow every path that writes purchases (save, edit, delete, refund, undo, merge,
forget) and archiving. A bulk import pauses them (`pause_day_totals`) and calls
`rebuild_day_totals` once at its end, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

import numpy as np

from xiaoben.store.driver import sqlite3
from xiaoben.store.int_columns import int_columns

PAUSED_KEY = "day_totals_paused"
_RUNNING = f"NOT EXISTS (SELECT 1 FROM meta WHERE key = '{PAUSED_KEY}')"

TABLE_SQL = """
CREATE TABLE day_totals (
    day TEXT NOT NULL,
    items TEXT NOT NULL,
    net_cents INTEGER NOT NULL DEFAULT 0,
    purchases INTEGER NOT NULL DEFAULT 0,
    last_buyers INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, items)
) WITHOUT ROWID
"""


def _active(customer: str) -> str:
    return f"EXISTS (SELECT 1 FROM customers WHERE id = {customer} AND archived = 0)"


def _net(row: str, sign: int) -> str:
    """Add (sign 1) or take away (-1) one purchase's net revenue on its day."""
    return (
        "INSERT INTO day_totals (day, items, net_cents, purchases, last_buyers)"
        f" SELECT {row}.date, {row}.items,"
        f" {sign} * ({row}.amount_cents - {row}.refunded_cents), {sign}, 0"
        f" WHERE {_active(f'{row}.customer_id')}"
        " ON CONFLICT (day, items) DO UPDATE SET net_cents = net_cents + excluded.net_cents,"
        " purchases = purchases + excluded.purchases;"
    )


def _pair(customer: str, items: str, sign: int) -> str:
    """Add or take away a (customer, item) pair's mark on the last day it was bought."""
    return (
        "INSERT INTO day_totals (day, items, net_cents, purchases, last_buyers)"
        f" SELECT max(date), {items}, 0, 0, {sign} FROM purchases"
        f" WHERE customer_id = {customer} AND items = {items} AND {_active(customer)}"
        " HAVING max(date) IS NOT NULL"
        " ON CONFLICT (day, items) DO UPDATE SET last_buyers = last_buyers + excluded.last_buyers;"
    )


def _emptied(row: str) -> str:
    return (
        f"DELETE FROM day_totals WHERE day = {row}.date AND items = {row}.items AND purchases = 0;"
    )


_OTHER_PAIR = "(NEW.customer_id IS NOT OLD.customer_id OR NEW.items IS NOT OLD.items)"
_PURCHASE_COLUMNS = "customer_id, date, amount_cents, refunded_cents, items"


def _customer_all(sign: int) -> str:
    """Every purchase of customer NEW.id added (archived -> active) or taken away."""
    return f"""
    INSERT INTO day_totals (day, items, net_cents, purchases, last_buyers)
    SELECT date, items, {sign} * sum(amount_cents - refunded_cents), {sign} * count(*), 0
    FROM purchases WHERE customer_id = NEW.id GROUP BY date, items
    ON CONFLICT (day, items) DO UPDATE SET net_cents = net_cents + excluded.net_cents,
        purchases = purchases + excluded.purchases;
    INSERT INTO day_totals (day, items, net_cents, purchases, last_buyers)
    SELECT max(date), items, 0, 0, {sign}
    FROM purchases WHERE customer_id = NEW.id GROUP BY items
    ON CONFLICT (day, items) DO UPDATE SET last_buyers = last_buyers + excluded.last_buyers;
    DELETE FROM day_totals WHERE purchases = 0 AND (day, items) IN
        (SELECT date, items FROM purchases WHERE customer_id = NEW.id);
    """


TRIGGERS = (
    f"""CREATE TRIGGER day_totals_before_insert BEFORE INSERT ON purchases WHEN {_RUNNING}
    BEGIN {_pair("NEW.customer_id", "NEW.items", -1)} END""",
    f"""CREATE TRIGGER day_totals_after_insert AFTER INSERT ON purchases WHEN {_RUNNING}
    BEGIN {_net("NEW", 1)} {_pair("NEW.customer_id", "NEW.items", 1)} END""",
    f"""CREATE TRIGGER day_totals_before_delete BEFORE DELETE ON purchases WHEN {_RUNNING}
    BEGIN {_pair("OLD.customer_id", "OLD.items", -1)} END""",
    f"""CREATE TRIGGER day_totals_after_delete AFTER DELETE ON purchases WHEN {_RUNNING}
    BEGIN {_net("OLD", -1)} {_pair("OLD.customer_id", "OLD.items", 1)} {_emptied("OLD")} END""",
    f"""CREATE TRIGGER day_totals_before_update BEFORE UPDATE OF {_PURCHASE_COLUMNS}
    ON purchases WHEN {_RUNNING} BEGIN
    {_net("OLD", -1)}
    {_pair("OLD.customer_id", "OLD.items", -1)}
    {_pair("NEW.customer_id", "NEW.items", -1).replace(" HAVING", f" AND {_OTHER_PAIR} HAVING")}
    END""",
    f"""CREATE TRIGGER day_totals_after_update AFTER UPDATE OF {_PURCHASE_COLUMNS}
    ON purchases WHEN {_RUNNING} BEGIN
    {_net("NEW", 1)}
    {_pair("OLD.customer_id", "OLD.items", 1)}
    {_pair("NEW.customer_id", "NEW.items", 1).replace(" HAVING", f" AND {_OTHER_PAIR} HAVING")}
    {_emptied("OLD")}
    END""",
    f"""CREATE TRIGGER day_totals_archived AFTER UPDATE OF archived ON customers
    WHEN {_RUNNING} AND OLD.archived = 0 AND NEW.archived <> 0 BEGIN {_customer_all(-1)} END""",
    f"""CREATE TRIGGER day_totals_restored AFTER UPDATE OF archived ON customers
    WHEN {_RUNNING} AND OLD.archived <> 0 AND NEW.archived = 0 BEGIN {_customer_all(1)} END""",
)
TRIGGER_NAMES = tuple(sql.split()[2] for sql in TRIGGERS)


def create_day_totals(conn: sqlite3.Connection) -> None:
    """The table, its triggers, and its rows for the purchases already in the book."""
    conn.execute(TABLE_SQL)
    for sql in TRIGGERS:
        conn.execute(sql)
    rebuild_day_totals(conn)


def pause_day_totals(conn: sqlite3.Connection) -> None:
    """Stop the triggers until `rebuild_day_totals` (inside the caller's transaction: a
    rollback or a crash un-pauses them with everything else)."""
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", (PAUSED_KEY,))


def rebuild_day_totals(conn: sqlite3.Connection) -> None:
    """Every row worked out again from the purchases, and the triggers running again: what
    a bulk import calls once at its end. Everyone's purchases are read along the covering
    (items, customer, date) index, a run of items at a time, as three columns of integers
    (int_columns) whose sums numpy works out (_by_numbers): a million purchases of ten
    items 1.4 -> 1.0 s, of as many items as purchases 4 -> 0.9 s, against SQLite grouping
    them an item at a time as _by_sql does, which stays for a book holding a day not
    written as an ISO date (never one this app wrote)."""
    conn.execute("DELETE FROM day_totals")
    days = _day_texts(conn)
    if days is None:
        _by_sql(conn)
    else:
        _by_numbers(conn, days)
    conn.execute("DELETE FROM meta WHERE key = ?", (PAUSED_KEY,))


def _day_texts(conn: sqlite3.Connection) -> dict[int, str] | None:
    """Each purchase day's text by its count of days since 1970-01-01, or None
    when a day is not written as the ISO date it is (2024-3-5, a time after it: text
    that two epoch days could not tell apart from another)."""
    texts: dict[int, str] = {}
    for (text,) in conn.execute(_DAYS):
        try:
            day = date.fromisoformat(text)
        except (TypeError, ValueError):
            return None
        if day.isoformat() != text:
            return None
        texts[day.toordinal() - _EPOCH_ORDINAL] = text
    return texts


def _by_numbers(conn: sqlite3.Connection, days: dict[int, str]) -> None:
    """The rows of day_totals from everyone's (customer, day, net) as numbers, read along
    the items' index a run of items at a time (CHUNK_ROWS purchases or so: an item per
    query cost more than SQLite's grouping where most purchases have their own item, as a
    bill's 商品说明 or a shop's titles do). Each (item, day)'s net and count, and, the rows
    being in (item, customer, day) order, each customer's last row of an item counted as
    that day's last buyers. Archived customers' rows left out."""
    archived = np.fromiter(
        (row[0] for row in conn.execute("SELECT id FROM customers WHERE archived <> 0")),
        dtype=np.int64,
    )
    for chunk in _runs_of_items(conn.execute(_ITEM_COUNTS)):
        names = [item for item, _ in chunk]
        read = int_columns(conn, _ITEM_COLUMNS, _ITEMS_BETWEEN, (names[0], names[-1]))
        item = np.repeat(np.arange(len(chunk)), [count for _, count in chunk])
        if archived.size:
            kept = ~np.isin(read[:, 0], archived)
            read, item = read[kept], item[kept]
        if not read.size:
            continue
        customer, day, net = read[:, 0], read[:, 1] // _DAY_SECONDS, read[:, 2]
        first = int(day.min())
        span = int(day.max()) - first + 1
        each, at = np.unique(item * span + (day - first), return_inverse=True)
        net_of = np.zeros(len(each), dtype=np.int64)
        np.add.at(net_of, at, net)
        count_of = np.bincount(at, minlength=len(each))
        last = np.empty(len(customer), dtype=bool)
        last[:-1] = (customer[1:] != customer[:-1]) | (item[1:] != item[:-1])
        last[-1] = True
        last_of = np.bincount(at[last], minlength=len(each))
        conn.executemany(
            _ROW,
            zip(
                map(days.__getitem__, (each % span + first).tolist()),
                map(names.__getitem__, (each // span).tolist()),
                net_of.tolist(),
                count_of.tolist(),
                last_of.tolist(),
                strict=True,
            ),
        )


CHUNK_ROWS = 65_536  # purchases read at once (~3 MB of text, 2 MB of numbers)


def _runs_of_items(
    counts: Iterable[tuple[str, int]],
) -> Iterator[list[tuple[str, int]]]:
    """The items (and their counts), in the index's order, in runs of CHUNK_ROWS purchases
    or so: an item of more is a run of its own."""
    run: list[tuple[str, int]] = []
    held = 0
    for item, count in counts:
        if run and held + count > CHUNK_ROWS:
            yield run
            run, held = [], 0
        run.append((item, count))
        held += count
    if run:
        yield run


def _by_sql(conn: sqlite3.Connection) -> None:
    """Everyone's purchases counted one item at a time along the covering (items, customer)
    index (a sort of each item's days, not one of a million keys), then the archived
    customers' (usually few, each found by the customer index) taken away again: cheaper
    than asking of every purchase whether its customer is archived."""
    items = [row[0] for row in conn.execute(_ITEMS).fetchall()]
    for item in items:
        conn.execute(_NET.format(sign=1, where=_ONE_ITEM), (item,))
        conn.execute(_LAST.format(sign=1, where=_ONE_ITEM), (item,))
    conn.execute(_NET.format(sign=-1, where=f"WHERE {_ARCHIVED}"))
    conn.execute(_LAST.format(sign=-1, where=f"WHERE {_ARCHIVED}"))
    conn.execute("DELETE FROM day_totals WHERE purchases = 0")


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAYS = "SELECT DISTINCT date FROM purchases INDEXED BY purchases_by_date"
# (a day's seconds since 1970 rather than its days: unixepoch() reads a million dates in
# ~60% of julianday()'s time, and an ISO date's seconds are a whole number of days)
_ITEM_COLUMNS = ("customer_id", "unixepoch(date)", "amount_cents - refunded_cents")
_DAY_SECONDS = 86_400
_ITEM_COUNTS = (
    "SELECT items, count(*) FROM purchases INDEXED BY purchases_by_item"
    " GROUP BY items ORDER BY items"
)
_ITEMS_BETWEEN = (
    "FROM purchases INDEXED BY purchases_by_item WHERE items BETWEEN ? AND ?"
    " ORDER BY items, customer_id, date"
)
_ROW = (
    "INSERT INTO day_totals (day, items, net_cents, purchases, last_buyers) VALUES (?, ?, ?, ?, ?)"
)
_ITEMS = "SELECT DISTINCT items FROM purchases INDEXED BY purchases_by_item"
_ONE_ITEM = "INDEXED BY purchases_by_item WHERE items = ?"
_ARCHIVED = "customer_id IN (SELECT id FROM customers WHERE archived <> 0)"
_NET = (
    "INSERT INTO day_totals (day, items, net_cents, purchases, last_buyers)"
    " SELECT date, items, {sign} * sum(amount_cents - refunded_cents), {sign} * count(*), 0"
    " FROM purchases {where} GROUP BY date, items"
    " ON CONFLICT (day, items) DO UPDATE SET net_cents = net_cents + excluded.net_cents,"
    " purchases = purchases + excluded.purchases"
)
_LAST = (
    "INSERT INTO day_totals (day, items, net_cents, purchases, last_buyers)"
    " SELECT last_day, items, 0, 0, {sign} * count(*) FROM ("
    "  SELECT items, customer_id, max(date) AS last_day FROM purchases {where}"
    "  GROUP BY items, customer_id"
    ") WHERE true GROUP BY last_day, items"
    " ON CONFLICT (day, items) DO UPDATE SET last_buyers = last_buyers + excluded.last_buyers"
)


def reaches_past(conn: sqlite3.Connection, as_of: date) -> bool:
    """Is an active customer's purchase dated after as_of? Then the buyers of a period
    cannot be read from the last days, and the overview reads the purchases."""
    last = conn.execute("SELECT max(day) FROM day_totals").fetchone()[0]
    return last is not None and last > as_of.isoformat()
