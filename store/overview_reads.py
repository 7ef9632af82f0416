"""The overview's per-customer reads as SQLite gives them: a few joined strings, no Python
object per customer. The driver alone, no numpy, so the first `xiaoben report` after a
change starts them on connections of their own before numpy has loaded
(store/overview_cold.py); store/overview.py and store/tierstore.py decode them, for the
Book's overview and that command alike.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from xiaoben.store.driver import sqlite3
from xiaoben.store.hex_text import epoch_day, hex_row, joined_rows

SEPARATOR = "\x1f"  # between the texts of one joined column (a control character no
# name holds: the models refuse them)
NO_PURCHASE = "0001-01-01"  # an ISO day before any purchase, for customers without one
NO_PURCHASE_DAY = (date.fromisoformat(NO_PURCHASE) - date(1970, 1, 1)).days  # as an epoch day

# The customer columns the overview reads, by id among the active ones: a covering scan
# of this index (m020) reads none of the customers' wide rows (names, phones, notes …).
CUSTOMERS_INDEX = (
    "CREATE INDEX customers_overview ON customers(archived, id, created_at, province, source)"
)


def _keys(column: str) -> str:
    """A CTE numbering the distinct texts of an active customer's column (blank: '')."""
    return (
        f"{column}_keys(key, code) AS MATERIALIZED (SELECT {column}, row_number() OVER () - 1"
        f" FROM (SELECT DISTINCT coalesce({column}, '') AS {column}"
        " FROM customers INDEXED BY customers_overview WHERE archived = 0))"
    )


def _code(column: str) -> str:
    return f"(SELECT code FROM {column}_keys WHERE key = coalesce(c.{column}, ''))"


def _joined_keys(column: str) -> str:
    return (
        f"(SELECT group_concat(key, char(31)) FROM (SELECT key FROM {column}_keys ORDER BY code)),"
        f" (SELECT count(*) FROM {column}_keys)"
    )


# Each active customer's id with the codes of its province and source, numbered by SQL
# (a look-up in the few distinct texts, on the reading thread: splitting 100k texts and
# coding them in Python cost the decoding thread more than the read), and the texts of
# the codes joined by SEPARATOR.
_CUSTOMERS = (
    f"WITH {_keys('province')}, {_keys('source')}"
    f" SELECT CAST(group_concat(line, '') AS BLOB), {{created}},"
    f" {_joined_keys('province')}, {_joined_keys('source')}"
    f" FROM (SELECT {hex_row(('id', _code('province'), _code('source')))} AS line, created_at"
    "  FROM customers c INDEXED BY customers_overview WHERE archived = 0 ORDER BY id)"
)
_CREATED = "group_concat(substr(created_at, 1, 10), '')"
# The stats columns read (julianday of a day is a whole day and a half: no rounding).
STATS_COLUMNS = (
    "customer_id",
    "orders",
    "revenue_cents - refunded_cents",
    f"coalesce({epoch_day('substr(first_purchase, 1, 10)')}, {NO_PURCHASE_DAY})",
)
# Only the rows of customers who ever bought: the others' figures are the ones a customer
# without a stats row is given (no orders, nothing spent, no first purchase).
_STATS = "SELECT " + joined_rows(
    STATS_COLUMNS,
    "FROM stats WHERE orders > 0 OR first_purchase IS NOT NULL ORDER BY customer_id",
)
# Each stored tier row's integers, kept as text in its `compared` column (store/tierstore.py).
TIERS_COMPARED = (
    "SELECT CAST(group_concat(compared, '') AS BLOB), count(*) FROM (SELECT compared"
    " FROM tiers ORDER BY customer_id)"
)


class CustomerTexts(NamedTuple):
    """Every active customer by id, as customer_texts reads them."""

    rows: bytes | None  # id, province code, source code: hex_row each, None without any
    created: str | None  # ISO days, ten characters each (None when not read)
    provinces: str | None  # the province of each code, in code order, joined by SEPARATOR
    province_count: int  # codes numbered (a text holding SEPARATOR splits into more)
    sources: str | None
    source_count: int


TierTexts = tuple[bytes | None, int]


def customer_texts(conn: sqlite3.Connection, created: bool = True) -> CustomerTexts:
    """Every active customer by id: its id and the codes of its province and source (the
    texts of the codes beside), and its created day (only with `created`: the figures of
    all time count every customer whenever added)."""
    sql = _CUSTOMERS.format(created=_CREATED if created else "NULL")
    return CustomerTexts(*conn.execute(sql).fetchone())


def stats_text(conn: sqlite3.Connection) -> bytes | None:
    """The STATS_COLUMNS of every stats row of a customer who ever bought (archived
    customers' too: fewer than the work of a join), by id, as one string of hexadecimal
    integers."""
    text: bytes | None = conn.execute(_STATS).fetchone()[0]
    return text


def tier_texts(conn: sqlite3.Connection) -> TierTexts:
    """The stored tiers' `compared` texts joined by id, and the number of rows."""
    text, rows = conn.execute(TIERS_COMPARED).fetchone()
    return text, int(rows)
