"""SQL for customer rows: insert, versioned update, lookup keys, archive, forget."""

from __future__ import annotations

from typing import Any, NamedTuple

from xiaoben.models.customer import Customer
from xiaoben.models.errors import BookError, ConflictError
from xiaoben.models.values import code_spelling
from xiaoben.store.driver import errors, sqlite3
from xiaoben.store.rows import (
    MERGED,
    customer_keys,
    customer_to_row,
    name_pinyin,
    row_to_customer,
)
from xiaoben.store.schema import CUSTOMER_IDS_GIVEN
from xiaoben.store.search import customer_search_keys


def _row_values(customer: Customer) -> dict[str, Any]:
    row = customer_to_row(customer)
    row["name_pinyin"], row["name_initials"] = name_pinyin(customer.name)
    return row


def _check_referrer(conn: sqlite3.Connection, customer: Customer) -> None:
    if customer.referred_by is None:
        return
    exists = conn.execute("SELECT 1 FROM customers WHERE id = ?", (customer.referred_by,))
    if exists.fetchone() is None:
        raise BookError("store.referrer_missing", id=customer.referred_by)


def _duplicate_code(conn: sqlite3.Connection, code: str | None) -> BookError:
    row = conn.execute("SELECT name FROM customers WHERE code = ?", (code,)).fetchone()
    return BookError("store.duplicate_code", code=code, name=row[0] if row else "?")


def next_customer_id(conn: sqlite3.Connection) -> int:
    """The #id the next new customer takes: above every customer's, and above every id the
    book gave before (schema.CUSTOMER_IDS_GIVEN: a merged or forgotten customer's number is
    never another's). Two lookups by key."""
    return int(
        conn.execute(
            "SELECT max(coalesce((SELECT max(id) FROM customers), 0), coalesce((SELECT"
            " CAST(value AS INTEGER) FROM meta WHERE key = ?), 0)) + 1",
            (CUSTOMER_IDS_GIVEN,),
        ).fetchone()[0]
    )


def insert_customer(
    conn: sqlite3.Connection, customer: Customer, stamp: str, later: LaterKeys | None = None
) -> int:
    """A new customer's row, stats row and keys; their search keys into `later` if given (an
    import's: written a sorted batch at a time)."""
    _check_referrer(conn, customer)
    row = {"id": next_customer_id(conn), **_row_values(customer)}
    row["created_at"] = row["updated_at"] = stamp
    columns = ", ".join(row)
    marks = ", ".join(f":{name}" for name in row)
    try:
        cursor = conn.execute(f"INSERT INTO customers ({columns}) VALUES ({marks})", row)
    except errors.IntegrityError as exc:
        if "customers.code" in str(exc):
            raise _duplicate_code(conn, customer.code) from None
        raise
    customer_id = int(cursor.lastrowid or 0)
    conn.execute("INSERT INTO stats (customer_id) VALUES (?)", (customer_id,))
    if later is None:
        _write_keys(conn, customer_id, customer)
    else:  # a new customer has no keys yet: none to delete first
        _insert_keys(conn, customer_id, customer)
        later.add(customer_id, customer_search_keys(customer))
    return customer_id


LATER_KEYS = 20_000  # search keys held before they are written: ~3 MB


class LaterKeys:
    """The search keys of the customers an import creates, written a sorted batch at a
    time: in key order, each batch's inserts go to neighbouring pages of the keys' B-tree
    (a customer's own ~15 keys land all over it). Nothing reads them before the import's
    end: `flush` before anything else writes a customer's search keys."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.keys: list[tuple[str, int]] = []

    def add(self, customer_id: int, keys: set[str]) -> None:
        self.keys += [(key, customer_id) for key in keys]
        if len(self.keys) >= LATER_KEYS:
            self.flush()

    def flush(self) -> None:
        if not self.keys:
            return
        self.keys.sort()
        self.conn.executemany(
            "INSERT OR IGNORE INTO search_keys (key, customer_id) VALUES (?, ?)", self.keys
        )
        self.keys = []


class Updated(NamedTuple):
    referrer: int | None  # the referrer before the update
    was_archived: bool


def update_customer(conn: sqlite3.Connection, customer: Customer, stamp: str) -> Updated:
    """Update in place if the stored version is the one edited; returns the old referrer
    and whether the customer was archived before."""
    assert customer.id is not None
    customer_id = customer.id
    current = conn.execute(
        "SELECT version, referred_by, archived, code FROM customers WHERE id = ?", (customer_id,)
    ).fetchone()
    if current is None:
        raise BookError("store.not_found", what="customer", key=customer.id)
    if current[0] != customer.version:
        raise ConflictError(
            "store.conflict", what="customer", theirs=current[0], ours=customer.version
        )
    stored_code = current[3]
    if stored_code and stored_code != customer.code and code_spelling(stored_code) == customer.code:
        # A code the cleaning migration (m027) left as written, because its one spelling is
        # another customer's: an edit that did not change it keeps it (the form spells it
        # anew), so the customer stays editable; `duplicates` lists the pair to merge.
        customer = customer.model_copy(update={"code": stored_code})
    _check_referrer(conn, customer)
    row = _row_values(customer)
    row["updated_at"] = stamp
    assignments = ", ".join(f"{name} = :{name}" for name in row)
    row.update(id=customer.id, version=customer.version)
    try:
        conn.execute(
            f"UPDATE customers SET {assignments}, version = version + 1"
            " WHERE id = :id AND version = :version",
            row,
        )
    except errors.IntegrityError as exc:
        if "customers.code" in str(exc):
            raise _duplicate_code(conn, customer.code) from None
        raise
    _write_keys(conn, customer_id, customer)
    return Updated(referrer=current[1], was_archived=bool(current[2]))


# The pattern written into the statement, not bound: SQLite compiles a statement again
# each time a LIKE's pattern is bound (its plan may use the pattern's prefix).
_DELETE_OWN_KEYS = f"DELETE FROM customer_keys WHERE customer_id = ? AND kind NOT LIKE '{MERGED}%'"


def _write_keys(conn: sqlite3.Connection, customer_id: int, customer: Customer) -> None:
    conn.execute(  # the keys a merge gave them (rows.MERGED) are not the profile's
        _DELETE_OWN_KEYS, (customer_id,)
    )
    _insert_keys(conn, customer_id, customer)
    write_search_keys(conn, customer_id, customer_search_keys(customer))


def _insert_keys(conn: sqlite3.Connection, customer_id: int, customer: Customer) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO customer_keys (customer_id, kind, key) VALUES (?, ?, ?)",
        [(customer_id, kind, key) for kind, key in customer_keys(customer)],
    )


def write_search_keys(conn: sqlite3.Connection, customer_id: int, keys: set[str]) -> None:
    conn.execute("DELETE FROM search_keys WHERE customer_id = ?", (customer_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO search_keys (key, customer_id) VALUES (?, ?)",
        [(key, customer_id) for key in sorted(keys)],
    )


class KeyHolder(NamedTuple):
    """Another customer who has one of a customer's phones or WeChat ID."""

    kind: str  # "phone" or "wechat", as customer_keys
    key: str  # the phone (E.164) or the WeChat ID as the customer being saved has it
    customer_id: int
    code: str | None
    name: str


def key_holders(
    conn: sqlite3.Connection, customer: Customer, keys: list[tuple[str, str]]
) -> list[KeyHolder]:
    """Who else has these of `customer`'s keys ((kind, key) as customer_keys holds them: a
    phone, a WeChat ID lowered) as their own now, in the order of `keys`, then of #id. A
    book allows it (a family's landline, one WeChat account): the form asks before saving."""
    holders: list[KeyHolder] = []
    for kind, key in keys:
        rows = conn.execute(
            "SELECT c.id, c.code, c.name FROM customer_keys k JOIN customers c"
            " ON c.id = k.customer_id WHERE k.kind = ? AND k.key = ? AND k.customer_id != ?"
            " ORDER BY c.id",
            (kind, key.lower() if kind == "wechat" else key, customer.id or 0),
        ).fetchall()
        holders += [KeyHolder(kind, key, row[0], row[1], row[2]) for row in rows]
    return holders


def fetch_customer(conn: sqlite3.Connection, customer_id: int) -> Customer:
    cursor = conn.execute("SELECT * FROM customers WHERE id = ?", (customer_id,))
    row = cursor.fetchone()
    if row is None:
        raise BookError("store.not_found", what="customer", key=customer_id)
    names = [d[0] for d in cursor.description]
    return row_to_customer(dict(zip(names, row, strict=True)))


def set_archived(
    conn: sqlite3.Connection, customer_id: int, version: int, archived: bool, stamp: str
) -> None:
    cursor = conn.execute(
        "UPDATE customers SET archived = ?, version = version + 1, updated_at = ?"
        " WHERE id = ? AND version = ?",
        (int(archived), stamp, customer_id, version),
    )
    if cursor.rowcount == 0:
        current = conn.execute("SELECT version FROM customers WHERE id = ?", (customer_id,))
        found = current.fetchone()
        if found is None:
            raise BookError("store.not_found", what="customer", key=customer_id)
        raise ConflictError("store.conflict", what="customer", theirs=found[0], ours=version)


def erase_customer(conn: sqlite3.Connection, customer_id: int) -> int | None:
    """Delete the customer and every row about them; returns their referrer (to update)."""
    row = conn.execute("SELECT referred_by FROM customers WHERE id = ?", (customer_id,)).fetchone()
    if row is None:
        raise BookError("store.not_found", what="customer", key=customer_id)
    tables = (
        *("purchases", "interactions", "reminders", "customer_keys", "search_keys"),
        *("field_values", "field_keys", "closed_orders"),
    )
    for table in (*tables, "tier_changes"):
        conn.execute(f"DELETE FROM {table} WHERE customer_id = ?", (customer_id,))
    conn.execute("DELETE FROM stats WHERE customer_id = ?", (customer_id,))
    conn.execute("DELETE FROM tiers WHERE customer_id = ?", (customer_id,))
    forget_in_merges(conn, customer_id)
    conn.execute("DELETE FROM customers WHERE id = ?", (customer_id,))  # their merges go too
    return row[0]


def forget_in_merges(conn: sqlite3.Connection, customer_id: int) -> None:
    """Merges whose undo keeps a copy of this customer (a referral re-pointed, a dismissed
    pair) cannot be undone without them: they go, and the copy with them."""
    conn.execute(
        """DELETE FROM merges WHERE
        EXISTS (SELECT 1 FROM json_each(undo, '$.referrals') WHERE value ->> 'id' = :id)
        OR EXISTS (SELECT 1 FROM json_each(undo, '$.absorbed_rows.duplicate_dismissals')
                   WHERE value ->> 'first_id' = :id OR value ->> 'second_id' = :id)""",
        {"id": customer_id},
    )
