"""The overview's per-customer reads as SQLite gives them: a few joined strings, no Python
object per customer. The driver alone, no numpy, so the first `xiaoben report` after a
change starts them on connections of their own before numpy has loaded
(store/overview_cold.py); store/overview.py and store/tierstore.py decode them, for the
Book's overview and that command alike.

Each string joins its rows in the order of the scan that reads them, by id (the index or
table walked is in id order): a subquery with an ORDER BY copied every row's text once
more, about as long again as the scan. The readers check the order
(store/int_columns.py id_order), never assume it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import NamedTuple, TypeVar

from xiaoben.store.driver import sqlite3
from xiaoben.store.hex_text import hex_row
from xiaoben.store.stats_row import KEPT_STATS, KEPT_STATS_RANGE

SEPARATOR = "\x1f"  # between the texts of one joined column (a control character no
# name holds: the models refuse them)
NO_PURCHASE = "0001-01-01"  # an ISO day before any purchase, for customers without one
NO_PURCHASE_DAY = (date.fromisoformat(NO_PURCHASE) - date(1970, 1, 1)).days  # as an epoch day

# The customer columns the overview reads, by id among the active ones: a covering scan
# of this index (m020) reads none of the customers' wide rows (names, phones, notes …).
CUSTOMERS_INDEX = (
    "CREATE INDEX customers_overview ON customers(archived, id, created_at, province, source)"
)
_ACTIVE = "FROM customers INDEXED BY customers_overview WHERE archived = 0"
# At most this many distinct texts of a column are coded by a CASE of them; more, by a
# look-up in a table of them (a CASE tests its texts one after another).
CASE_KEYS = 64


def _distinct(conn: sqlite3.Connection) -> tuple[list[str], list[str]]:
    """The distinct provinces and sources of active customers (blank: ''), from one scan
    of the pairs (half the time of a scan each)."""
    pairs = conn.execute(
        f"SELECT DISTINCT coalesce(province, ''), coalesce(source, '') {_ACTIVE}"
    ).fetchall()
    return list(dict.fromkeys(p for p, _ in pairs)), list(dict.fromkeys(s for _, s in pairs))


def _case(column: str, keys: list[str], first: int) -> str:
    """SQL: a text's code, its place among `keys` (bound as parameters `first` on)."""
    if not keys:  # no active customer: a CASE needs a WHEN (no row reads it)
        return "-1"
    whens = " ".join(f"WHEN ?{first + k} THEN {k}" for k in range(len(keys)))
    return f"CASE coalesce({column}, '') {whens} ELSE -1 END"


def _keys(column: str) -> str:
    """A CTE numbering the distinct texts of an active customer's column (blank: '')."""
    return (
        f"{column}_keys(key, code) AS MATERIALIZED (SELECT {column}, row_number() OVER () - 1"
        f" FROM (SELECT DISTINCT coalesce({column}, '') AS {column} {_ACTIVE}))"
    )


def _code(column: str) -> str:
    return f"(SELECT code FROM {column}_keys WHERE key = coalesce({column}, ''))"


def _joined_keys(column: str) -> str:
    return (
        f"(SELECT group_concat(key, char(31)) FROM (SELECT key FROM {column}_keys ORDER BY code)),"
        f" (SELECT count(*) FROM {column}_keys)"
    )


# Each active customer's id with the codes of its province and source, numbered by SQL
# (on the reading thread: splitting 100k texts and coding them in Python cost the
# decoding thread more than the read). The codes by a CASE of the few distinct texts,
# read first in the same transaction (half the time of a look-up in a table of them);
# with many, by that look-up, the texts of the codes joined by SEPARATOR beside.
_CODED = "SELECT CAST(group_concat({line}, '') AS BLOB), {created}{keys} " + _ACTIVE
_CREATED = "group_concat(substr(created_at, 1, 10), '')"
# Each stored tier row's integers, kept as text in its `compared` column (store/tierstore.py).
TIERS_COMPARED = "SELECT CAST(group_concat(compared, '') AS BLOB), count(*) FROM tiers"


class CustomerTexts(NamedTuple):
    """Every active customer, as customer_texts reads them."""

    rows: bytes | None  # id, province code, source code: hex_row each, None without any
    created: str | None  # ISO days, ten characters each (None when not read)
    provinces: str | None  # the province of each code, in code order, joined by SEPARATOR
    province_count: int  # codes numbered (a text holding SEPARATOR splits into more)
    sources: str | None
    source_count: int


TierTexts = tuple[bytes | None, int]
Part = TypeVar("Part")

# The app's overview reads the kept stats rows (and each purchaser's revenue) this many
# customer ids at a time: the whole book's stats text at 100k customers is 17.6 MB, and
# SQLite's result, the driver's copy of it and its decoded rows were alive together
# (+50 MB, the app's peak); a part is ~2.8 MB.
STATS_PART_IDS = 16_384
STATS_PARTS_MOST = 64  # wider ranges where the ids are sparse: never more reads than this


@contextmanager
def one_state(conn: sqlite3.Connection) -> Iterator[None]:
    """What is read inside is read from one state of the book: in a read transaction of its
    own, unless one (or the book's write) is open already."""
    begun = not conn.in_transaction
    if begun:
        conn.execute("BEGIN")
    try:
        yield
    finally:
        if begun:
            conn.execute("COMMIT")


def customer_texts(conn: sqlite3.Connection, created: bool = True) -> CustomerTexts:
    """Every active customer in the scan's order (by id): its id and the codes of its
    province and source (the texts of the codes beside), and its created day (only with
    `created`: the figures of all time count every customer whenever added)."""
    with one_state(conn):  # the distinct texts and the codes of one state of the book
        provinces, sources = _distinct(conn)
        created_sql = _CREATED if created else "NULL"
        if len(provinces) > CASE_KEYS or len(sources) > CASE_KEYS:
            line = hex_row(("id", _code("province"), _code("source")))
            keys = f", {_joined_keys('province')}, {_joined_keys('source')}"
            sql = f"WITH {_keys('province')}, {_keys('source')} " + _CODED.format(
                line=line, created=created_sql, keys=keys
            )
            return CustomerTexts(*conn.execute(sql).fetchone())
        codes = (_case("province", provinces, 1), _case("source", sources, 1 + len(provinces)))
        sql = _CODED.format(line=hex_row(("id", *codes)), created=created_sql, keys="")
        rows, days = conn.execute(sql, (*provinces, *sources)).fetchone()
        return CustomerTexts(
            rows,
            days,
            SEPARATOR.join(provinces),
            len(provinces),
            SEPARATOR.join(sources),
            len(sources),
        )


def stats_text(conn: sqlite3.Connection) -> bytes | None:
    """Every stats row (archived customers' too: fewer than the work of a join) as the
    book keeps it (store/stats_row.py STATS_ROW's integers in hexadecimal), in the scan's
    order (by id): read as kept, with nothing formatted, they cost about a third of
    formatting the four columns the overview uses (store/overview.py stats_rows)."""
    text: bytes | None = conn.execute(KEPT_STATS).fetchone()[0]
    return text


def id_bounds_sql(table: str) -> str:
    """SQL: the least and greatest customer_id of a table's rows (NULL, NULL: none), each
    one step down an index on it (one SELECT of both, min(x), max(x), scans them all)."""
    return f"SELECT (SELECT min(customer_id) FROM {table}), (SELECT max(customer_id) FROM {table})"


def id_bounds(conn: sqlite3.Connection, table: str) -> tuple[int | None, int | None]:
    low, high = conn.execute(id_bounds_sql(table)).fetchone()
    return low, high


def id_ranges(low: int | None, high: int | None) -> list[tuple[int, int]]:
    """The ranges of ids (first, last) a read from `low` to `high` takes a part at a
    time: STATS_PART_IDS ids each, wider where that would take more than STATS_PARTS_MOST
    reads (none when there is no id: low None)."""
    if low is None or high is None:
        return []
    step = max(STATS_PART_IDS, -(-(high - low + 1) // STATS_PARTS_MOST))
    return [(first, min(first + step - 1, high)) for first in range(low, high + 1, step)]


def stats_parts(conn: sqlite3.Connection, decode: Callable[[bytes | None], Part]) -> list[Part]:
    """Every stats row as stats_text reads them, a range of customer ids at a time in
    increasing order, each range's text (None: no row in it) given to `decode` as soon
    as it is read; what it makes of them, in that order (all of one state of the book)."""
    with one_state(conn):
        parts = []
        for first, last in id_ranges(*id_bounds(conn, "stats")):
            (text,) = conn.execute(KEPT_STATS_RANGE, (first, last)).fetchone()
            parts.append(decode(text))
            del text  # before the next range's is read
        return parts


def tier_texts(conn: sqlite3.Connection) -> TierTexts:
    """The stored tiers' `compared` texts joined in the scan's order (by id), and the
    number of rows."""
    text, rows = conn.execute(TIERS_COMPARED).fetchone()
    return text, int(rows)
