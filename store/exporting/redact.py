"""A redacted copy of the book that the app opens: names reduced to the surname + 某, phones
masked (kept only in words in the notes: a masked number is no phone), WeChat IDs, e-mail,
addresses, workplaces and every note removed, a code that tells who the customer is
removed (a phone number, the name: cells.code_reveals), and every other place that names
a customer emptied (search keys, merges' and bulk changes' undo records, shop order
numbers, the kept plan, saved views with a search; tests/test_export_redacted_tables.py
knows each table and meta key); purchases, contacts, tiers and rules untouched, so every
figure is the same.

Works on the copy only (never the live book), then VACUUMs it: no page of the file keeps
the old text.
"""

from __future__ import annotations

import json
from pathlib import Path

from xiaoben.models.fields import PRIVATE_KINDS
from xiaoben.models.i18n import t
from xiaoben.store.cipher import BookKey
from xiaoben.store.exporting.cells import code_reveals, masked_phone, surname_only
from xiaoben.store.files import open_connection
from xiaoben.store.forgotten import KEY as FORGOTTEN
from xiaoben.store.plan_cache import KEPT as KEPT_PLAN
from xiaoben.store.replication import BOOK_KEY as REPLICA_BOOK
from xiaoben.store.replication import META_KEY as REPLICA_URL
from xiaoben.store.rows import name_pinyin
from xiaoben.store.search import search_keys

# The custom fields of free text about a person (models/fields.py PRIVATE_KINDS).
_PRIVATE_FIELDS = "(SELECT id FROM custom_fields WHERE kind IN ({}))".format(
    ", ".join(f"'{kind.value}'" for kind in sorted(PRIVATE_KINDS))
)
# Free text a seller writes about people: gone from every table that has it.
_NOTES = (
    "UPDATE purchases SET note = ''",
    "UPDATE interactions SET note = ''",
    "UPDATE reminders SET note = ''",
    # and from each earlier state a queue item keeps for its undo ([action, until,
    # interaction_id, note, handled_at]: store.followups.record)
    "UPDATE follow_ups SET note = '', earlier = (SELECT json_group_array("
    "json_replace(value, '$[3]', '')) FROM json_each(follow_ups.earlier))",
    "DELETE FROM closed_orders",  # shop order numbers: each finds its buyer in the shop
    "DELETE FROM customer_keys",
    "DELETE FROM search_keys",
    "DELETE FROM sessions",
    # where the seller's copies live; the last plan made (it names each customer planned);
    # the forgotten customers' phones and names, hashed
    f"DELETE FROM meta WHERE key IN ('{REPLICA_URL}', '{REPLICA_BOOK}', '{KEPT_PLAN}',"
    f" '{FORGOTTEN}')",
    # a view saved while the list was searched keeps the search: a phone, a name, a WeChat
    # ID (its filters name only tiers, tags, regions and choices: those views stay)
    "DELETE FROM views WHERE coalesce(json_extract(definition, '$.search'), '') <> ''",
    "DELETE FROM merges",  # each holds both records as they were, for its undo
    # custom text fields are free text about a person; removed fields wait only for an undo
    "DELETE FROM custom_fields WHERE removed_at IS NOT NULL",
    f"DELETE FROM field_values WHERE field_id IN {_PRIVATE_FIELDS}",
    f"DELETE FROM field_keys WHERE field_id IN {_PRIVATE_FIELDS}",
    "DELETE FROM bulk_changes",  # each holds old tags of many customers, for its undo
)


def redact_book(path: Path, key: BookKey | None = None) -> None:
    """Redact the book copy at `path` (encrypted under `key`, or plain) in place (one
    transaction, then VACUUM)."""
    conn = open_connection(path, key, isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("BEGIN IMMEDIATE")
        rows = conn.execute(
            "SELECT id, name, phones, code, tags, name_pinyin FROM customers"
        ).fetchall()
        changed = []
        keys = []
        for customer_id, name, phones, code, tags, spelled in rows:
            numbers = json.loads(phones or "[]")
            if code is not None and code_reveals(code, name, numbers, spelled):
                code = None  # 13812345678, 王芳01: the customer is known by the book's id
            short = surname_only(name)
            pinyin, initials = name_pinyin(short)
            masked = ", ".join(masked_phone(phone) for phone in numbers)
            note = t("export.phones_masked", phones=masked) if masked else ""
            changed.append((code, short, pinyin, initials, note, customer_id))
            keys += [
                (key, customer_id)
                for key in search_keys(short, [], None, code, json.loads(tags), "")
            ]
        conn.executemany(
            "UPDATE customers SET code = ?, name = ?, name_pinyin = ?, name_initials = ?,"
            " phones = '[]', wechat = NULL, email = NULL, address = '', employer = '',"
            " needs = '', notes = ? WHERE id = ?",
            changed,
        )
        for statement in _NOTES:
            conn.execute(statement)
        # a kept view's name may name a person (王芳的闺蜜, 张姐团): numbered instead
        views = conn.execute("SELECT id FROM views ORDER BY position, id").fetchall()
        conn.executemany(
            "UPDATE views SET name = ? WHERE id = ?",
            [(t("export.view_redacted", number=n), view) for n, (view,) in enumerate(views, 1)],
        )
        conn.executemany("INSERT OR IGNORE INTO search_keys (key, customer_id) VALUES (?, ?)", keys)
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    finally:
        conn.close()
