"""What identified each forgotten customer, kept in the book's meta as salted slow hashes
only (the book must no longer say who they were): so that a backup's row is erased as
theirs only when it surely is them, never another person later given their #id.

A record is the customer's row at the forget and every earlier record of theirs the book
kept a merge of (both rows as they were before the merge: ids and creation stamps change
in a merge). A backup's row is that person when it has a record's #id, its name, and its
creation stamp or one of its phones, WeChat ID or code. Never the plain values.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from xiaoben.store.driver import sqlite3

KEY = "forgotten"  # meta: a JSON list of tombstones, one a forget
ROUNDS = 20_000  # of PBKDF2: a phone number is not worth guessing back from its hash


@dataclass(frozen=True, slots=True)
class Row:
    """A customer row as a backup (or the book) holds it: what identifies the person."""

    customer_id: int
    name: str
    created_at: str
    code: str | None
    keys: tuple[str, ...]  # "phone:…", "wechat:…", "code:…"


def row_of(values: dict[str, Any]) -> Row:
    """The Row of a customers row read as a dict (columns of an older schema may lack some)."""
    phones = values.get("phones") or "[]"
    keys = [f"phone:{phone}" for phone in (json.loads(phones) if isinstance(phones, str) else [])]
    keys += [f"{kind}:{values[kind]}" for kind in ("wechat", "code") if values.get(kind)]
    code = values.get("code") or None
    return Row(int(values["id"]), values["name"], values["created_at"], code, tuple(keys))


def rows_at(conn: sqlite3.Connection, customer_id: int) -> Row | None:
    """Customer #`customer_id` of the book or backup `conn` reads, None if it has none."""
    cursor = conn.execute("SELECT * FROM customers WHERE id = ?", (customer_id,))
    found = cursor.fetchone()
    if found is None:
        return None
    return row_of(dict(zip([column[0] for column in cursor.description], found, strict=True)))


def records_of(conn: sqlite3.Connection, customer_id: int) -> list[Row]:
    """Every record the book knows was this customer: their row, and both rows of each merge
    into them it still keeps (merges into a record merged into them moved to them too)."""
    own = rows_at(conn, customer_id)
    records = [] if own is None else [own]
    for (undo,) in conn.execute("SELECT undo FROM merges WHERE survivor_id = ?", (customer_id,)):
        kept = json.loads(undo)
        records += [row_of(kept[side]) for side in ("survivor", "absorbed") if side in kept]
    return records


def _hash(salt: bytes, value: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", value.encode(), salt, ROUNDS).hex()


class Hasher:
    """The hashes of one tombstone's salt, each value hashed once."""

    def __init__(self, salt: bytes) -> None:
        self.salt = salt
        self._done: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        if value not in self._done:
            self._done[value] = _hash(self.salt, value)
        return self._done[value]


def remember(conn: sqlite3.Connection, customer_id: int) -> None:
    """Keep the tombstone of customer #`customer_id` before they are erased (inside the
    caller's transaction)."""
    hashed = Hasher(secrets.token_bytes(16))
    tombstone = {
        "id": customer_id,
        "salt": hashed.salt.hex(),
        "records": [
            {
                "id": record.customer_id,
                "name": hashed(record.name),
                "created": hashed(record.created_at),
                "keys": sorted({hashed(key) for key in record.keys}),
            }
            for record in records_of(conn, customer_id)
        ],
    }
    value = json.dumps([*kept(conn), tombstone])
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (KEY, value))


@dataclass(frozen=True)
class Tombstone:
    """What identified one forgotten customer (hashes), and whether a row is them."""

    customer_id: int
    hashed: Hasher
    records: list[dict[str, Any]]

    @classmethod
    def stored(cls, one: dict[str, Any]) -> Tombstone:
        """The tombstone as the meta's list keeps it (`kept`)."""
        return cls(int(one["id"]), Hasher(bytes.fromhex(one["salt"])), one["records"])

    def ids(self) -> set[int]:
        """The #ids they had: their own, and those of the records merged into them."""
        return {int(record["id"]) for record in self.records}

    def is_them(self, row: Row) -> bool:
        for record in self.records:
            if record["id"] != row.customer_id or record["name"] != self.hashed(row.name):
                continue
            if record["created"] == self.hashed(row.created_at):
                return True
            if any(self.hashed(key) in record["keys"] for key in row.keys):
                return True
        return False


def tombstones(conn: sqlite3.Connection, customer_id: int) -> list[Tombstone]:
    """The tombstones of the customers forgotten as #`customer_id` (more than one when the
    id was given again and forgotten again)."""
    return [Tombstone.stored(one) for one in kept(conn) if one["id"] == customer_id]


def theirs_in(conn: sqlite3.Connection, found: Iterable[Tombstone]) -> Iterator[Row]:
    """The rows of the book or backup `conn` reads that are surely a forgotten person."""
    for tombstone in found:
        for customer_id in sorted(tombstone.ids()):
            row = rows_at(conn, customer_id)
            if row is not None and tombstone.is_them(row):
                yield row


def kept(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The tombstones the book `conn` reads keeps, as stored."""
    found = conn.execute("SELECT value FROM meta WHERE key = ?", (KEY,)).fetchone()
    return list(json.loads(found[0])) if found else []


def carry(conn: sqlite3.Connection, before: list[dict[str, Any]]) -> list[Tombstone]:
    """Keep, in a book just replaced by a backup (inside the caller's transaction), the
    tombstones the book had before (`before`, from `kept`) beside the backup's own: a forget
    is for good, a restore forgets nobody's forget. Every tombstone it keeps now."""
    now = kept(conn)
    salts = {tombstone["salt"] for tombstone in now}
    added = [tombstone for tombstone in before if tombstone["salt"] not in salts]
    if added:
        value = json.dumps([*now, *added])
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (KEY, value))
    return [Tombstone.stored(one) for one in [*now, *added]]
