"""SQL of merging two customers into one, and of undoing it.

Records (purchases, contacts, reminders, tier history) move by id to the survivor; what
the seller did with the absorbed customer's queue items moves too; referrals point to the
survivor; pairs the seller said are two people stay apart, with the survivor; the absorbed
customer's row goes. Everything an undo needs to put both back as
they were is kept in the `merges` row (erased with the survivor if they are forgotten), for
the last KEPT merges: older ones are pruned as new ones are recorded.
The Book (store/book.py) runs these inside one transaction and recomputes stats and tiers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from xiaoben.models.enums import Reason
from xiaoben.models.errors import BookError
from xiaoben.models.values import code_spelling
from xiaoben.store import book_refs
from xiaoben.store.driver import sqlite3
from xiaoben.store.lookup import customer_label
from xiaoben.store.rows import MERGED

# The queue's reason of a reminder, as follow_ups store it (its occurrence: the reminder's id)
REMINDER = Reason.REMINDER.value
# Records that move to the survivor by id (and back by id on undo).
MOVED_BY_ID = ("purchases", "interactions", "reminders", "tier_changes")
# Rows kept whole for undo: keys are rewritten from the merged profile, the rest go with the
# absorbed customer (and come back with them).
KEPT_WHOLE = (
    "customer_keys",
    "search_keys",
    "follow_ups",
    "duplicate_dismissals",
    "merges",
    "field_values",  # custom fields: the merged values are the survivor's (models/merge.py)
    "field_keys",
)
# The survivor's rows a merge rewrites, kept whole for undo.
SURVIVOR_KEPT = ("customer_keys", "search_keys", "follow_ups", "field_values", "field_keys")
# Derived per customer, recomputed after the merge and after its undo (predictions: the
# purchase model's, written for the touched customers by the Book's follow-up).
DERIVED = ("stats", "tiers", "predictions")
# Every column that points at a customer, as (table, column): a test checks this list is the
# schema's, so a new table that points at customers cannot be forgotten here.
CUSTOMER_REFERENCES = (
    ("customers", "referred_by"),
    *((table, "customer_id") for table in MOVED_BY_ID),
    ("customer_keys", "customer_id"),
    ("search_keys", "customer_id"),
    ("follow_ups", "customer_id"),
    ("field_values", "customer_id"),
    ("field_keys", "customer_id"),
    ("duplicate_dismissals", "first_id"),
    ("duplicate_dismissals", "second_id"),
    ("merges", "survivor_id"),
    ("closed_orders", "customer_id"),
    *((table, "customer_id") for table in DERIVED),
)
KEPT = 50  # the last merges that can still be undone; older ones' undo data is pruned
# Meta keys: the last token given (a token is never given twice, so an old `unmerge N`
# never undoes a later merge), and the newest token pruned (that merge is too old to undo).
LAST_TOKEN = "merge_last_token"
PRUNED_THROUGH = "merges_pruned_through"
# Meta key: records a merge had moved and the seller deleted, whose merge was then undone,
# as [table, id, survivor id, absorbed id, the deleted record's mark]: taking the deletion
# back gives the record to the absorbed customer, whose it was (`home_of_restored`). The
# last UNDONE_KEPT are kept.
UNDONE_DELETIONS = "merge_undone_deletions"
UNDONE_KEPT = 500
_WHERE_OF = {
    "duplicate_dismissals": "first_id = :id OR second_id = :id",
    "merges": "survivor_id = :id",
}


@dataclass(frozen=True, slots=True)
class MergeSummary:
    """What a merge moves from the absorbed customer to the survivor."""

    purchases: int
    interactions: int
    reminders: int
    tier_changes: int
    follow_ups: int
    referrals: int  # customers the absorbed one referred, who now name the survivor


def columns_of(conn: sqlite3.Connection, table: str) -> list[str]:
    """The stored columns (generated ones left out: they cannot be written)."""
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _rows(conn: sqlite3.Connection, table: str, customer_id: int) -> list[dict[str, Any]]:
    columns = columns_of(conn, table)
    where = _WHERE_OF.get(table, "customer_id = :id")
    cursor = conn.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE {where}", {"id": customer_id}
    )
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        names = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        conn.execute(f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({marks})", row)


def _customer_row(conn: sqlite3.Connection, customer_id: int) -> dict[str, Any]:
    columns = columns_of(conn, "customers")
    row = conn.execute(
        f"SELECT {', '.join(columns)} FROM customers WHERE id = ?", (customer_id,)
    ).fetchone()
    if row is None:
        raise BookError("store.not_found", what="customer", key=customer_id)
    return dict(zip(columns, row, strict=True))


def summary(conn: sqlite3.Connection, absorbed_id: int) -> MergeSummary:
    def count(sql: str) -> int:
        return int(conn.execute(sql, (absorbed_id,)).fetchone()[0])

    moved = {t: count(f"SELECT count(*) FROM {t} WHERE customer_id = ?") for t in MOVED_BY_ID}
    return MergeSummary(
        **moved,
        follow_ups=count("SELECT count(*) FROM follow_ups WHERE customer_id = ?"),
        referrals=count("SELECT count(*) FROM customers WHERE referred_by = ?"),
    )


def move_records(conn: sqlite3.Connection, survivor_id: int, absorbed_id: int) -> dict[str, Any]:
    """Move everything of the absorbed customer to the survivor and delete the absorbed
    row; returns what an undo needs (the survivor's own row is stored by the caller, who
    writes the merged profile over it after this)."""
    undo: dict[str, Any] = {
        "survivor": _customer_row(conn, survivor_id),
        "absorbed": _customer_row(conn, absorbed_id),
        "moved": {},
        "absorbed_rows": {t: _rows(conn, t, absorbed_id) for t in KEPT_WHOLE},
        "survivor_rows": {t: _rows(conn, t, survivor_id) for t in SURVIVOR_KEPT},
    }
    # another book's #ids of theirs name the survivor (and the absorbed again on an undo)
    undo["foreign"] = [list(ref) for ref in book_refs.repoint(conn, absorbed_id, survivor_id)]
    for table in MOVED_BY_ID:
        ids = [
            row[0]
            for row in conn.execute(
                f"SELECT id FROM {table} WHERE customer_id = ? ORDER BY id", (absorbed_id,)
            )
        ]
        undo["moved"][table] = ids
        conn.execute(
            f"UPDATE {table} SET customer_id = ? WHERE customer_id = ?", (survivor_id, absorbed_id)
        )
    # The shop orders an import closed for them are the survivor's (forgotten with them).
    undo["closed_orders"] = [
        row[0]
        for row in conn.execute(
            "SELECT order_number FROM closed_orders WHERE customer_id = ?", (absorbed_id,)
        )
    ]
    conn.execute(
        "UPDATE closed_orders SET customer_id = ? WHERE customer_id = ?", (survivor_id, absorbed_id)
    )
    # A queue item both had handled keeps the survivor's record of it.
    conn.execute(
        "UPDATE OR IGNORE follow_ups SET customer_id = ? WHERE customer_id = ?",
        (survivor_id, absorbed_id),
    )
    undo["referrals"] = _repoint_referrals(conn, survivor_id, absorbed_id)
    undo["dismissals_carried"] = _carry_dismissals(
        conn, survivor_id, absorbed_id, undo["absorbed_rows"]["duplicate_dismissals"]
    )
    conn.execute("DELETE FROM customers WHERE id = ?", (absorbed_id,))
    return undo


def remember_keys(conn: sqlite3.Connection, survivor_id: int, undo: dict[str, Any]) -> None:
    """The absorbed customer's code and keys (and those of customers merged into them
    before) become keys of the survivor's own (rows.MERGED): a row of the seller's sheet
    that names them finds the survivor, not nobody. The undo takes them away with the rest
    of the survivor's keys (their keys before the merge come back)."""
    code = undo["absorbed"]["code"]
    kept = [(f"{MERGED}code", code_spelling(code))] if code else []
    for row in undo["absorbed_rows"]["customer_keys"]:
        kind = row["kind"]
        kept.append((kind if kind.startswith(MERGED) else MERGED + kind, row["key"]))
    conn.executemany(
        "INSERT OR IGNORE INTO customer_keys (customer_id, kind, key) VALUES (?, ?, ?)",
        [(survivor_id, kind, key) for kind, key in kept],
    )


def _carry_dismissals(
    conn: sqlite3.Connection, survivor_id: int, absorbed_id: int, dismissed: list[dict[str, Any]]
) -> list[list[int]]:
    """The seller said the absorbed customer and C are two people: so are the survivor and
    C (the absorbed one is the survivor now). Returns the pairs this added (a pair the
    survivor already had stays on undo), for the undo to take away."""
    added = []
    for row in dismissed:
        other = row["second_id"] if row["first_id"] == absorbed_id else row["first_id"]
        if other == survivor_id:
            continue  # the pair merged: nothing left to keep apart
        low, high = sorted((survivor_id, other))
        cursor = conn.execute(
            "INSERT OR IGNORE INTO duplicate_dismissals (first_id, second_id, dismissed_at)"
            " VALUES (?, ?, ?)",
            (low, high, row["dismissed_at"]),
        )
        if cursor.rowcount == 1:
            added.append([low, high])
    return added


def _repoint_referrals(
    conn: sqlite3.Connection, survivor_id: int, absorbed_id: int
) -> list[dict[str, Any]]:
    """Customers the absorbed one referred now name the survivor (the survivor's own
    referrer is the merged profile's); their rows as they were, for undo. Their version
    moves: an edit made elsewhere on the old row must not put the absorbed referrer back."""
    referred = [
        _customer_row(conn, row[0])
        for row in conn.execute(
            "SELECT id FROM customers WHERE referred_by = ? AND id <> ?", (absorbed_id, survivor_id)
        )
    ]
    conn.execute(
        "UPDATE customers SET referred_by = :survivor, version = version + 1"
        " WHERE referred_by = :absorbed AND id <> :survivor",
        {"survivor": survivor_id, "absorbed": absorbed_id},
    )
    return referred


def record(
    conn: sqlite3.Connection,
    survivor_id: int,
    absorbed_id: int,
    survivor_version: int,
    stamp: str,
    undo: dict[str, Any],
) -> int:
    """Keep the merge's undo under a new token; the undo of merges older than the last
    KEPT goes (inside the caller's transaction)."""
    token = max(_meta_int(conn, LAST_TOKEN), _newest(conn)) + 1
    conn.execute(
        "INSERT INTO merges (id, survivor_id, absorbed_id, survivor_version, merged_at, undo)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            token,
            survivor_id,
            absorbed_id,
            survivor_version,
            stamp,
            json.dumps(undo, ensure_ascii=False),
        ),
    )
    _set_meta_int(conn, LAST_TOKEN, token)
    _prune(conn)
    return token


def _prune(conn: sqlite3.Connection) -> None:
    oldest_kept = conn.execute(
        "SELECT min(id) FROM (SELECT id FROM merges ORDER BY id DESC LIMIT ?)", (KEPT,)
    ).fetchone()[0]
    pruned = conn.execute("SELECT max(id) FROM merges WHERE id < ?", (oldest_kept,)).fetchone()[0]
    if pruned is None:
        return
    conn.execute("DELETE FROM merges WHERE id <= ?", (pruned,))
    _set_meta_int(conn, PRUNED_THROUGH, max(pruned, _meta_int(conn, PRUNED_THROUGH)))


def _newest(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM merges").fetchone()[0])


def _meta_int(conn: sqlite3.Connection, key: str) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return int(row[0]) if row else 0


def _set_meta_int(conn: sqlite3.Connection, key: str, value: int) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, str(value)))


def last_tier_change(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM tier_changes").fetchone()[0])


def set_logged_moves(conn: sqlite3.Connection, token: int, after: int) -> None:
    """Remember which tier changes the merge's recompute logged (ids in (before, after])."""
    row = conn.execute("SELECT undo FROM merges WHERE id = ?", (token,)).fetchone()
    undo = json.loads(row[0])
    undo["logged"] = [undo["logged"][0], after]
    conn.execute(
        "UPDATE merges SET undo = ? WHERE id = ?", (json.dumps(undo, ensure_ascii=False), token)
    )


def load_undo(conn: sqlite3.Connection, token: int) -> tuple[int, int, int, dict[str, Any]]:
    """(survivor id, absorbed id, survivor's version after the merge, undo) of a merge."""
    row = conn.execute(
        "SELECT survivor_id, absorbed_id, survivor_version, undo FROM merges WHERE id = ?",
        (token,),
    ).fetchone()
    if row is None:
        if 0 < token <= _meta_int(conn, PRUNED_THROUGH):
            raise BookError("store.merge_too_old", token=token, kept=KEPT)
        if not 0 < token <= max(_meta_int(conn, LAST_TOKEN), _newest(conn)):
            raise BookError("store.merge_never", token=token)
        _refuse_merged_on(conn, token)
        raise BookError("store.merge_gone", token=token)
    return row[0], row[1], row[2], json.loads(row[3])


def _refuse_merged_on(conn: sqlite3.Connection, token: int) -> None:
    """A merge whose survivor was merged into another since is kept inside that later
    merge's undo: it can be undone once the later one is (BookError saying which)."""
    later = conn.execute(
        "SELECT m.id, json_extract(m.undo, '$.absorbed.name'), json_extract(m.undo,"
        " '$.absorbed.code'), m.absorbed_id, c.name, c.code, c.id"
        " FROM merges m JOIN customers c ON c.id = m.survivor_id,"
        " json_each(m.undo, '$.absorbed_rows.merges') kept"
        " WHERE json_extract(kept.value, '$.id') = ? ORDER BY m.id DESC LIMIT 1",
        (token,),
    ).fetchone()
    if later is not None:
        raise BookError(
            "store.merge_merged_on",
            token=token,
            later=later[0],
            absorbed=customer_label(later[3], later[2], later[1]),
            survivor=customer_label(later[6], later[5], later[4]),
        )


def restore(conn: sqlite3.Connection, token: int) -> tuple[int, int, set[int]]:
    """Put both customers back as they were before merge `token`; returns (survivor id,
    absorbed id, customers whose tiers the merge moved). BookError if the survivor was
    edited since (the undo would lose the edit) or the absorbed id was taken since."""
    survivor_id, absorbed_id, version, undo = load_undo(conn, token)
    current = conn.execute("SELECT version FROM customers WHERE id = ?", (survivor_id,)).fetchone()
    if current is None or current[0] != version:
        later = conn.execute(
            "SELECT max(id) FROM merges WHERE survivor_id = ? AND id > ?", (survivor_id, token)
        ).fetchone()[0]
        if later is not None:  # a later merge into them changed them, not an edit
            raise BookError("store.merge_later_first", token=token, later=later)
        raise BookError("store.merge_edited_since", name=undo["survivor"]["name"])
    if conn.execute("SELECT 1 FROM customers WHERE id = ?", (absorbed_id,)).fetchone():
        raise BookError("store.merge_id_taken", name=undo["absorbed"]["name"], id=absorbed_id)
    for side in ("survivor", "absorbed"):
        _check_code_free(conn, undo[side], survivor_id)
    conn.execute("DELETE FROM merges WHERE id = ?", (token,))
    _remember_undone_deletions(conn, undo, survivor_id, absorbed_id)
    # The absorbed row first (the survivor's may name it as referrer), once the survivor
    # has let go of a code it may have taken from it.
    conn.execute("UPDATE customers SET code = NULL WHERE id = ?", (survivor_id,))
    _insert(conn, "customers", [undo["absorbed"]])
    survivor = undo["survivor"]
    assignments = ", ".join(f"{name} = :{name}" for name in survivor if name != "id")
    conn.execute(f"UPDATE customers SET {assignments} WHERE id = :id", survivor)
    for table, ids in undo["moved"].items():  # (one moved on to someone else since stays)
        conn.execute(
            f"UPDATE {table} SET customer_id = ?"
            " WHERE customer_id = ? AND id IN (SELECT value FROM json_each(?))",
            (absorbed_id, survivor_id, json.dumps(ids)),
        )
    conn.execute(  # (merges recorded before the closed orders: none)
        "UPDATE closed_orders SET customer_id = ?"
        " WHERE customer_id = ? AND order_number IN (SELECT value FROM json_each(?))",
        (absorbed_id, survivor_id, json.dumps(undo.get("closed_orders", []))),
    )
    for row in undo["referrals"]:
        _restore_referral(conn, row, absorbed_id, survivor_id)
    book_refs.remember_foreign(  # (merges recorded before the marks: none)
        conn, {(mark, number): absorbed_id for mark, number in undo.get("foreign", [])}
    )
    for table in ("customer_keys", "search_keys", "field_values", "field_keys"):
        if table in undo["survivor_rows"]:  # (merges recorded before custom fields merged: kept)
            conn.execute(f"DELETE FROM {table} WHERE customer_id = ?", (survivor_id,))
    conn.executemany(  # the absorbed customer's dismissed pairs come back as theirs
        "DELETE FROM duplicate_dismissals WHERE first_id = ? AND second_id = ?",
        undo.get("dismissals_carried", []),  # (merges recorded before pairs were carried: none)
    )
    _restore_follow_ups(conn, undo, survivor_id, absorbed_id)
    for table, rows in undo["survivor_rows"].items():
        if table != "follow_ups":
            _insert(conn, table, rows)
    for table, rows in undo["absorbed_rows"].items():
        if table != "follow_ups":
            _insert(conn, table, rows)
    _deleted_in_earlier_merges(conn, undo, absorbed_id)
    low, high = undo["logged"]
    moved = {
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT customer_id FROM tier_changes WHERE id > ? AND id <= ?", (low, high)
        )
    }
    conn.execute("DELETE FROM tier_changes WHERE id > ? AND id <= ?", (low, high))
    return survivor_id, absorbed_id, moved


def _check_code_free(conn: sqlite3.Connection, was: dict[str, Any], survivor_id: int) -> None:
    """The code a customer had before the merge must be free to give back: a code the merge
    freed (the survivor's, when it took the other's; the absorbed one's otherwise) may
    have been given to a customer added since. Refused naming who holds it now (the
    survivor lets go of the code it has: it is not in the way)."""
    code = was["code"]
    if not code:
        return
    holder = conn.execute(
        "SELECT id, name FROM customers WHERE code = ? AND id <> ?", (code, survivor_id)
    ).fetchone()
    if holder is not None:
        raise BookError(
            "store.merge_code_taken", name=was["name"], code=code, holder=holder[1], id=holder[0]
        )


def _restore_follow_ups(
    conn: sqlite3.Connection, undo: dict[str, Any], survivor_id: int, absorbed_id: int
) -> None:
    """Queue items that came from the absorbed customer go back as they are now: a step the
    seller took on the merged customer since (an undo, a done and its contact) stands, and so
    does one taken on a reminder of theirs that had not been handled before the merge.
    Where both had handled the same item, both records come back as they were at the merge
    (the merged customer kept only the survivor's)."""
    key = "customer_id = ? AND reason = ? AND occurrence = ?"
    own = {(row["reason"], row["occurrence"]) for row in undo["survivor_rows"]["follow_ups"]}
    came = undo["absorbed_rows"]["follow_ups"]
    back = [
        (survivor_id, row["reason"], row["occurrence"])
        for row in came
        if (row["reason"], row["occurrence"]) not in own
    ]
    # A reminder that came with the absorbed customer is theirs again (moved back by id
    # before this): what the seller did with it on the merged customer since (a done and
    # its contact, a snooze) goes back with it.
    back += [
        (survivor_id, REMINDER, occurrence)
        for (occurrence,) in conn.execute(
            "SELECT occurrence FROM follow_ups WHERE customer_id = ? AND reason = ?"
            " AND occurrence IN (SELECT id FROM reminders WHERE customer_id = ?"
            " AND id IN (SELECT value FROM json_each(?)))",
            (survivor_id, REMINDER, absorbed_id, json.dumps(undo["moved"].get("reminders", []))),
        )
        if (survivor_id, REMINDER, occurrence) not in back
    ]
    for item in back:
        conn.execute(  # the contact a done logged on the merged customer goes with it
            "UPDATE interactions SET customer_id = ? WHERE customer_id = ? AND id ="
            f" (SELECT interaction_id FROM follow_ups WHERE {key})",
            (absorbed_id, survivor_id, *item),
        )
        conn.execute(f"UPDATE follow_ups SET customer_id = ? WHERE {key}", (absorbed_id, *item))
    shared = {(row["reason"], row["occurrence"]) for row in came} & own
    conn.executemany(
        f"DELETE FROM follow_ups WHERE {key}", [(survivor_id, *item) for item in sorted(shared)]
    )
    for row in [*undo["survivor_rows"]["follow_ups"], *came]:
        if (row["reason"], row["occurrence"]) in shared:
            _insert(conn, "follow_ups", [_without_gone_contact(conn, row)])


def _without_gone_contact(conn: sqlite3.Connection, row: dict[str, Any]) -> dict[str, Any]:
    """A follow-up row as kept, naming no contact deleted since (as its ON DELETE does)."""
    contact = row["interaction_id"]
    if (
        contact is None
        or conn.execute("SELECT 1 FROM interactions WHERE id = ?", (contact,)).fetchone()
    ):
        return row
    return {**row, "interaction_id": None}


def _restore_referral(
    conn: sqlite3.Connection, row: dict[str, Any], absorbed_id: int, survivor_id: int
) -> None:
    """The referral as it was; the whole row if nobody edited it since the merge."""
    found = conn.execute("SELECT version FROM customers WHERE id = ?", (row["id"],)).fetchone()
    if found is None:
        return  # forgotten since
    if found[0] == row["version"] + 1:
        assignments = ", ".join(f"{name} = :{name}" for name in row if name != "id")
        conn.execute(f"UPDATE customers SET {assignments} WHERE id = :id", row)
    else:  # edited since: keep the edit, name the referrer again if it still says survivor
        conn.execute(
            "UPDATE customers SET referred_by = ?, version = version + 1"
            " WHERE id = ? AND referred_by = ?",
            (absorbed_id, row["id"], survivor_id),
        )


def forget_moved(
    conn: sqlite3.Connection, table: str, record_id: int, customer_id: int, mark: str | None = None
) -> None:
    """A record a merge moved is deleted: the merge's undo no longer moves its id (a record
    added later may be given the freed id, and stays where it was added); it is kept as
    deleted, for `follow_restored` to move again if the seller takes the deletion back, with
    the deleted record's `mark` (records.mark_of), for `home_of_restored` once the merge is
    undone."""
    _move_in_undo(conn, table, customer_id, ("moved", record_id), ("deleted", record_id), mark=mark)


def follow_restored(
    conn: sqlite3.Connection, table: str, old_id: int, new_id: int, customer_id: int
) -> None:
    """A deleted record is back (as `new_id`): a merge that moved it moves it back on undo."""
    _move_in_undo(conn, table, customer_id, ("deleted", old_id), ("moved", new_id))


def _remember_undone_deletions(
    conn: sqlite3.Connection,
    undo: dict[str, Any],
    survivor_id: int,
    absorbed_id: int,
) -> None:
    """The records the merge had moved that were deleted since are kept as the absorbed
    customer's: taking such a deletion back after the undo gives the record back to them."""
    marks = undo.get("deleted_marks", {})
    added = [
        [table, record_id, survivor_id, absorbed_id, marks.get(table, {}).get(str(record_id))]
        for table, ids in undo.get("deleted", {}).items()
        for record_id in ids
    ]
    if not added:
        return
    kept = [*_undone_deletions(conn), *added][-UNDONE_KEPT:]
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (UNDONE_DELETIONS, json.dumps(kept)),
    )


def _deleted_in_earlier_merges(
    conn: sqlite3.Connection, undo: dict[str, Any], absorbed_id: int
) -> None:
    """The absorbed customer's own merges come back as this merge kept them: a record one
    of them had moved and the seller deleted since is deleted there too, not moved."""
    marks = undo.get("deleted_marks", {})
    for table, ids in undo.get("deleted", {}).items():
        for record_id in ids:
            mark = marks.get(table, {}).get(str(record_id))
            _move_in_undo(
                conn, table, absorbed_id, ("moved", record_id), ("deleted", record_id), mark=mark
            )


def _undone_deletions(conn: sqlite3.Connection) -> list[list[Any]]:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (UNDONE_DELETIONS,)).fetchone()
    return list(json.loads(row[0])) if row else []


def home_of_restored(
    conn: sqlite3.Connection, table: str, record_id: int, customer_id: int, mark: str
) -> int:
    """Whose a deleted record is when the seller takes the deletion back: the customer it
    was deleted from, unless a merge had moved it to them and was undone since: then the
    customer it came from (through every merge undone since, in the order undone). Only the
    very record deleted (its `mark`): one added later under the freed id stays."""
    entries = _undone_deletions(conn)
    used = []
    home = customer_id
    for index in range(len(entries)):  # in the order the merges were undone
        kind, number, survivor, absorbed, kept_mark = entries[index]
        if (kind, number, survivor, kept_mark) == (table, record_id, home, mark) and exists(
            conn, absorbed
        ):
            home = absorbed
            used.append(index)
    if used:
        kept = [entry for index, entry in enumerate(entries) if index not in used]
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (UNDONE_DELETIONS, json.dumps(kept)),
        )
    return home


def exists(conn: sqlite3.Connection, customer_id: int) -> bool:
    """Whether the customer is in the book (not merged away, not forgotten)."""
    return (
        conn.execute("SELECT 1 FROM customers WHERE id = ?", (customer_id,)).fetchone() is not None
    )


def _move_in_undo(
    conn: sqlite3.Connection,
    table: str,
    customer_id: int,
    was: tuple[str, int],
    now: tuple[str, int],
    mark: str | None = None,
) -> None:
    """Move a record's id from one list of the merges' undo to another (and keep the deleted
    record's `mark` when given). Only merges whose survivor holds the record, or is gone
    (merged on: its undo waits for the later one's), can list it: the others are not read."""
    found = conn.execute(
        "SELECT id, undo FROM merges WHERE (survivor_id = :customer"
        " OR survivor_id NOT IN (SELECT id FROM customers))"
        " AND EXISTS (SELECT 1 FROM json_each(undo, :path) WHERE value = :record)",
        {"customer": customer_id, "path": f"$.{was[0]}.{table}", "record": was[1]},
    ).fetchall()
    for token, text in found:
        undo = json.loads(text)
        undo[was[0]][table].remove(was[1])
        undo.setdefault(now[0], {}).setdefault(table, []).append(now[1])
        if mark is not None:
            undo.setdefault("deleted_marks", {}).setdefault(table, {})[str(now[1])] = mark
        conn.execute(
            "UPDATE merges SET undo = ? WHERE id = ?",
            (json.dumps(undo, ensure_ascii=False), token),
        )


@dataclass(frozen=True, slots=True)
class KeptMerge:
    """A merge whose undo the book still keeps, as `xiaoben unmerge` lists it."""

    token: int
    merged_at: str
    survivor_id: int
    survivor_name: str
    survivor_code: str | None
    absorbed_id: int
    absorbed_name: str
    absorbed_code: str | None
    undoable: bool  # False once the survivor was edited since (or merged on, a later merge)


def kept_merges(conn: sqlite3.Connection, survivor_id: int | None = None) -> list[KeptMerge]:
    """The merges the book keeps the undo of (of one survivor when given), newest first."""
    where = "" if survivor_id is None else "WHERE m.survivor_id = :survivor"
    rows = conn.execute(
        "SELECT m.id, m.merged_at, m.survivor_id, c.name, c.code, m.absorbed_id,"
        " json_extract(m.undo, '$.absorbed.name'), json_extract(m.undo, '$.absorbed.code'),"
        " c.version = m.survivor_version"
        f" FROM merges m JOIN customers c ON c.id = m.survivor_id {where} ORDER BY m.id DESC",
        {"survivor": survivor_id},
    ).fetchall()
    return [
        KeptMerge(
            token=row[0],
            merged_at=row[1],
            survivor_id=row[2],
            survivor_name=row[3],
            survivor_code=row[4],
            absorbed_id=row[5],
            absorbed_name=row[6],
            absorbed_code=row[7],
            undoable=bool(row[8]),
        )
        for row in rows
    ]


def merged_into(conn: sqlite3.Connection, customer_id: int) -> tuple[int, str] | None:
    """(the survivor's id, the merged-away record's name) of a customer merged away by a
    merge that can still be undone, through merges of the survivor since (A into B, then B
    into C: C); None for a customer who is not (deleted, forgotten, or merged too long ago)."""
    current, name = customer_id, None
    for _ in range(KEPT + 1):
        row = (
            conn.execute(
                "SELECT survivor_id, json_extract(undo, '$.absorbed.name') FROM merges"
                " WHERE absorbed_id = ? ORDER BY id DESC LIMIT 1",
                (current,),
            ).fetchone()
            or conn.execute(  # merged into one merged on since: kept in that undo
                "SELECT m.survivor_id,"
                " json_extract(json_extract(kept.value, '$.undo'), '$.absorbed.name')"
                " FROM merges m, json_each(m.undo, '$.absorbed_rows.merges') kept"
                " WHERE json_extract(kept.value, '$.absorbed_id') = ? ORDER BY m.id DESC LIMIT 1",
                (current,),
            ).fetchone()
        )
        if row is None:
            return None
        current, name = row[0], name or row[1]
        if exists(conn, current):
            return current, str(name or "")
    return None


def forget_undone_moves(conn: sqlite3.Connection, after: int, customers: set[int]) -> None:
    """Drop the tier changes the undo's recompute logged for these customers (ids above
    `after`): with the merge's own moves gone, the history reads as if it never happened."""
    conn.execute(
        "DELETE FROM tier_changes WHERE id > ? AND customer_id IN (SELECT value FROM json_each(?))",
        (after, json.dumps(sorted(customers))),
    )
