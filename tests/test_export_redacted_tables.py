"""The redacted copy (`export x.db --redact`) against every table and meta key of the book:
a book with a secret in each free-text place the seller (or the app for her) can fill, and
not one of them in the copy's bytes. The test knows every table and meta key: a new one
fails here until someone decides what redaction must do with it."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import TODAY, buy, customer, fixed_clock
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.views import SavedView
from xiaoben.store.book import Book

Run = Callable[..., Result]

PHONE = "13912345678"
WECHAT = "mimi_wx_7731"
# What each table does with the seller's free text in a redacted copy.
TABLES = {
    "_sqlite_migrations": "no free text",
    "customers": "names to the surname, phones masked, contact ways and notes cleared",
    "purchases": "notes cleared (products, channels and amounts stay)",
    "interactions": "notes cleared",
    "reminders": "notes cleared",
    "follow_ups": "notes cleared, in the earlier states too",
    "customer_keys": "emptied (phones, WeChat IDs)",
    "search_keys": "rebuilt from the redacted names",
    "field_keys": "a text field's emptied",
    "field_values": "a text field's emptied",
    "custom_fields": "removed fields dropped (labels and options stay)",
    "views": "views with a search dropped (filters name tags and regions only)",
    "merges": "emptied (both records as they were)",
    "bulk_changes": "emptied (earlier values of many customers)",
    "closed_orders": "emptied (an order number finds its buyer in the shop)",
    "sessions": "emptied (the seller's machines)",
    "meta": "the keys of META_DROPPED dropped",
    "stats": "no free text",
    "tiers": "no free text",
    "tier_changes": "no free text",
    "predictions": "no free text",
    "day_totals": "no free text (products and sums)",
    "duplicate_dismissals": "no free text",
}
# Meta keys a redacted copy keeps (figures, rules, caches of figures, remembered column
# maps of headers) — by name or prefix — and those it drops.
META_KEPT = (
    "rules",
    "book_mark",
    "foreign_ids",
    "figures",
    "tiers_as_of",
    "tiers_exact",
    "plan_marker",
    "purchase_model",
    "needs_rebuild",
    "demo",
    "import_map.",
    "merge_",
    "day_totals_paused",
    "overview_kept",
    "customer_ids_given",  # a number, nobody's data: the copy never gives an #id twice either
)
META_DROPPED = ("plan_kept", "forgotten", "replica_url", "replica_book")


def _secret_book(path: Path) -> list[str]:
    """A book with a secret in every free-text place; the secrets."""
    texts = [f"秘密{word}甲乙丙" for word in ("地址", "备注", "需求", "购买", "联系", "提醒")]
    texts += [f"秘密{word}甲乙丙" for word in ("跟进", "字段", "合并", "批量", "计划")]
    texts += [f"秘密{word}甲乙丙" for word in ("单位",)]
    with Book.open(path, today=fixed_clock) as book:
        id_text = FieldDef(kind=FieldKind.TEXT, label_zh="身份证号", label_en="ID number")
        id_field = book.add_field(id_text)
        assert id_field.id is not None
        wang = customer(
            book,
            "王秘密",
            phones=[PHONE],
            wechat=WECHAT,
            email="mimi@example.com",
            address=texts[0],
            notes=texts[1],
            needs=texts[2],
            employer=texts[11],
            code=f"VIP{PHONE}",  # a code made of her phone number
        )
        assert wang.id is not None
        book.save_customer(wang, {id_field.id: texts[7]})
        buy(book, wang, 80, TODAY - timedelta(days=30), note=texts[3])
        book.log_contact(Interaction(customer_id=wang.id, at=TODAY, kind="message", note=texts[4]))
        book.set_reminder(Reminder(customer_id=wang.id, due=TODAY, note=texts[5]))
        twin = customer(book, "王秘密", phones=["13987654321"], notes=texts[8])
        assert twin.id is not None
        book.merge_customers(wang.id, twin.id)
        book.save_view(SavedView(name="王姐的单", search=PHONE))
        book.save_view(SavedView(name="秘密的闺蜜团", filters={"region": "杭州"}))
        item = book.follow_ups(book.queue(days=0))[0]
        book.skip(item.key)
        conn = book.db
        conn.execute("UPDATE follow_ups SET note = ?", (texts[6],))
        conn.execute(
            "INSERT INTO bulk_changes (action, done_at, customers, undo) VALUES (?, ?, 1, ?)",
            ("tag", "2026-01-01", json.dumps({"notes": texts[9]}, ensure_ascii=False)),
        )
        conn.execute(
            "INSERT INTO closed_orders VALUES ('MIMIORDER20261205', ?, '2026-01-01')", (wang.id,)
        )
        conn.execute("INSERT INTO sessions VALUES (1, 'mimi-laptop.local', '2026-01-01')")
        for key, value in (
            ("plan_kept", json.dumps({"plan": texts[10]}, ensure_ascii=False)),
            ("forgotten", json.dumps([{"hash": "mimihash"}])),
            ("replica_url", "s3://mimi-bucket/book"),
            ("replica_book", "mimibook"),
        ):
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
    return [
        *texts,
        "秘密的闺蜜团",  # a view's name naming a person
        PHONE,
        "139 1234 5678",
        WECHAT,
        "mimi@example.com",
        "MIMIORDER",
        "mimi-laptop",
        "mimi-bucket",
        "mimihash",
        "mimibook",
    ]


def _tables(path: Path) -> set[str]:
    with Book.open(path, today=fixed_clock) as book:
        rows = book.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {row[0] for row in rows if not row[0].startswith("sqlite_")}


def test_no_secret_of_any_table_is_in_the_redacted_copy(
    run: Run, book_path: Path, tmp_path: Path
) -> None:
    secrets = _secret_book(book_path)
    unknown = _tables(book_path) - set(TABLES)
    assert not unknown, (
        f"decide what a redacted copy does with {unknown} (store/exporting/redact.py)"
    )
    original = book_path.read_bytes()
    assert [secret for secret in secrets if secret.encode() not in original] == ["139 1234 5678"]

    target = tmp_path / "redacted.db"
    result = run("export", target, "--redact", db=book_path)
    assert result.exit_code == 0, result.output

    data = b"".join(path.read_bytes() for path in tmp_path.glob("redacted.db*"))
    leaked = [secret for secret in secrets if secret.encode() in data]
    assert leaked == [], leaked


@pytest.mark.parametrize("name", ["redacted.xlsx", "redacted.csv", "cards.vcf"])
def test_no_secret_of_the_customers_is_in_a_redacted_export(
    run: Run, book_path: Path, tmp_path: Path, name: str
) -> None:
    """The workbook, CSV and cards of a redacted export: the free text about the customer
    (workplace, notes), her contact ways and a code made of her phone number are
    not in it; the code column holds the book's key for her."""
    secrets = _secret_book(book_path)
    target = tmp_path / name
    result = run("export", target, "--redact", db=book_path)
    assert result.exit_code == 0, result.output

    if target.suffix == ".xlsx":
        with zipfile.ZipFile(target) as workbook:
            data = b"".join(workbook.read(member) for member in workbook.namelist())
    else:
        data = b"".join(path.read_bytes() for path in tmp_path.glob("redacted*.csv")) or (
            target.read_bytes()
        )
    personal = [secret for secret in secrets if not secret.startswith("mimi")]
    leaked = [secret for secret in personal if secret.encode() in data]
    assert leaked == [], leaked
    if target.suffix != ".vcf":
        assert b"#1" in data  # her row (and her purchases') keyed by the book's id


def test_the_redacted_copy_keeps_only_known_meta_and_the_views_without_a_search(
    run: Run, book_path: Path, tmp_path: Path
) -> None:
    _secret_book(book_path)
    target = tmp_path / "redacted.db"
    assert run("--lang", "zh", "export", target, "--redact", db=book_path).exit_code == 0

    with Book.open(target, today=fixed_clock) as redacted:
        keys = [row[0] for row in redacted.db.execute("SELECT key FROM meta")]
        views = [view.name for view in redacted.views()]
    unknown = [key for key in keys if not key.startswith(META_KEPT)]
    assert unknown == [], "decide whether a redacted copy keeps these meta keys"
    assert not set(keys) & set(META_DROPPED)
    assert views == ["视图 1"]  # kept, its name numbered: it named a person
