"""Migrations: a book written by any earlier xiaoben opens in this one, data and lenses intact.

Each earlier version k is built by applying the migrations before MIGRATION_NAMES[k], then
filled with plain SQL as that version's app would have written it. The tests are
parametrised over every version, so a new migration is tested from all the old ones.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.book_helpers import assert_tiers_current, count, fixed_clock, stats_of, tiers_of
from xiaoben.models.enums import QueueAction
from xiaoben.models.followup import parse_item_key
from xiaoben.store import followups, tiers_record
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.demo import write_demo
from xiaoben.store.driver import sqlite3
from xiaoben.store.schema import (
    MIGRATION_NAMES,
    SCHEMA_VERSION,
    VERSIONS,
    m014_regions_from_addresses,
    migrations,
)
from xiaoben.tiering.frame import epoch_day

# A book made by the first k migrations, for each k before the last.
EARLIER = list(range(1, len(MIGRATION_NAMES)))


def build_version(path: Path, version: int) -> None:
    """A book file at schema `version` (0: only the migrations table, no schema yet)."""
    db = Database(sqlite3.connect(path))  # a connection of our driver, as the Book gives it
    migrations.apply(db, stop_before=MIGRATION_NAMES[version])
    db.close()


def seed_v1(conn: sqlite3.Connection) -> None:
    """Version 1 holds the records only: customers, purchases, interactions, keys, meta."""
    stamp = "2026-01-05T10:00:00"
    conn.executemany(
        "INSERT INTO customers (id, code, name, phones, wechat, referred_by, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (1, "C001", "大客户王芳", '["+8613812345678"]', "wangfang_88", None, stamp, stamp),
            (2, "C002", "小客户李娜", "[]", None, 1, stamp, stamp),
            (3, "C003", "潜在客户赵敏", "[]", None, 1, stamp, stamp),
            (4, "C004", "老客户陈静", "[]", None, None, stamp, stamp),
        ],
    )
    conn.executemany(
        "INSERT INTO customer_keys (customer_id, kind, key) VALUES (?, ?, ?)",
        [(1, "phone", "+8613812345678"), (1, "wechat", "wangfang_88")],
    )
    conn.executemany(
        "INSERT INTO purchases (customer_id, date, amount_cents, refunded_cents, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (1, "2026-03-01", 500000, 0, stamp),
            (1, "2026-07-01", 500000, 0, stamp),
            (1, "2026-11-01", 500000, 0, stamp),
            (2, "2026-10-20", 10000, 0, stamp),
            (4, "2025-01-15", 8000, 3000, stamp),
        ],
    )
    conn.execute(
        "INSERT INTO interactions (customer_id, at, kind, outcome, service_cost_cents, created_at)"
        " VALUES (3, '2026-11-20 15:00', 'message', 'reached', 500, ?)",
        (stamp,),
    )


def seed_v2(conn: sqlite3.Connection) -> None:
    """Version 2 adds the derived tables, which that app kept current on every write."""
    seed_v1(conn)
    conn.execute(
        """INSERT OR REPLACE INTO stats (customer_id, orders, revenue_cents, refunded_cents,
               first_purchase, last_purchase, service_cost_cents, last_interaction, referrals)
           SELECT c.id,
               (SELECT count(*) FROM purchases p WHERE p.customer_id = c.id),
               (SELECT coalesce(sum(amount_cents), 0) FROM purchases p WHERE p.customer_id = c.id),
               (SELECT coalesce(sum(refunded_cents), 0) FROM purchases p
                    WHERE p.customer_id = c.id),
               (SELECT min(date) FROM purchases p WHERE p.customer_id = c.id),
               (SELECT max(date) FROM purchases p WHERE p.customer_id = c.id),
               (SELECT coalesce(sum(service_cost_cents), 0) FROM interactions i
                    WHERE i.customer_id = c.id),
               (SELECT max(at) FROM interactions i WHERE i.customer_id = c.id),
               (SELECT count(*) FROM customers r WHERE r.referred_by = c.id)
           FROM customers c"""
    )


# How each version's app filled a book; a version without its own seed uses the latest
# earlier one (add one here when a migration changes what the records look like).
SEEDS: dict[int, Callable[[sqlite3.Connection], None]] = {1: seed_v1, 2: seed_v2}


def seed(path: Path, version: int) -> None:
    filler = SEEDS[max(k for k in SEEDS if k <= version)]
    conn = sqlite3.connect(path)
    try:
        with conn:
            filler(conn)
    finally:
        conn.close()


def old_book(path: Path, version: int) -> Path:
    build_version(path, version)
    seed(path, version)
    return path


def schema_of(conn: sqlite3.Connection) -> dict[str, object]:
    """Tables with their columns, and indexes with theirs: what a migration must arrive at."""
    objects = conn.execute(
        "SELECT type, name, tbl_name FROM sqlite_master"
        " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ).fetchall()
    shape: dict[str, object] = {}
    for kind, name, table in objects:
        if kind == "table":
            columns = conn.execute(f"PRAGMA table_xinfo('{name}')").fetchall()
            shape[f"table {name}"] = [(c[1], c[2].upper(), c[3], c[5], c[6]) for c in columns]
        elif kind == "index":
            columns = conn.execute(f"PRAGMA index_xinfo('{name}')").fetchall()
            shape[f"index {name} on {table}"] = [(c[2], c[3]) for c in columns]
        else:
            shape[f"{kind} {name}"] = table
    return shape


@pytest.fixture
def new_book_schema(tmp_path: Path) -> dict[str, object]:
    with Book.open(tmp_path / "new.db", today=fixed_clock) as book:
        return schema_of(book.conn)


def test_every_migration_records_its_version(tmp_path: Path) -> None:
    for applied in range(len(MIGRATION_NAMES)):
        path = tmp_path / f"v{applied}.db"
        build_version(path, applied)
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == (
            VERSIONS[applied - 1] if applied else 0
        )
        conn.close()


@pytest.mark.parametrize("start", ["empty file", "migrations table only"])
def test_a_book_with_no_schema_yet_becomes_a_new_book(
    tmp_path: Path, start: str, new_book_schema: dict[str, object]
) -> None:
    path = tmp_path / "v0.db"
    if start == "empty file":
        path.touch()
    else:
        build_version(path, 0)

    with Book.open(path, today=fixed_clock) as book:
        assert book.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert schema_of(book.conn) == new_book_schema


@pytest.mark.parametrize("version", EARLIER)
def test_an_older_book_migrates_to_the_latest_schema(
    tmp_path: Path, version: int, new_book_schema: dict[str, object]
) -> None:
    path = old_book(tmp_path / f"v{version}.db", version)

    with Book.open(path, today=fixed_clock) as book:
        assert book.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        applied = [name for (name,) in book.conn.execute("SELECT name FROM _sqlite_migrations")]
        assert applied == MIGRATION_NAMES
        assert schema_of(book.conn) == new_book_schema


@pytest.mark.parametrize("version", EARLIER)
def test_migrating_keeps_every_record(tmp_path: Path, version: int) -> None:
    path = old_book(tmp_path / f"v{version}.db", version)

    with Book.open(path, today=fixed_clock) as book:
        names = [c for (c,) in book.conn.execute("SELECT name FROM customers ORDER BY id")]
        assert names == ["大客户王芳", "小客户李娜", "潜在客户赵敏", "老客户陈静"]
        assert count(book.conn, "purchases") == 5
        assert count(book.conn, "interactions") == 1
        assert book.get_customer(2).referred_by == 1
        assert book.find_customer("138 1234 5678").name == "大客户王芳"  # type: ignore[union-attr]


@pytest.mark.parametrize("version", EARLIER)
def test_migrating_fills_stats_from_the_records(tmp_path: Path, version: int) -> None:
    path = old_book(tmp_path / f"v{version}.db", version)

    with Book.open(path, today=fixed_clock) as book:
        top = stats_of(book, 1)
        assert (top["orders"], top["revenue_cents"], top["referrals"]) == (3, 1_500_000, 2)
        assert (top["first_purchase"], top["last_purchase"]) == ("2026-03-01", "2026-11-01")
        old = stats_of(book, 4)
        assert (old["orders"], old["revenue_cents"], old["refunded_cents"]) == (1, 8000, 3000)
        prospect = stats_of(book, 3)
        assert prospect["orders"] == 0
        assert prospect["service_cost_cents"] == 500
        assert prospect["last_interaction"] == "2026-11-20 15:00"


@pytest.mark.parametrize("version", EARLIER)
def test_migrating_tiers_every_customer(tmp_path: Path, version: int) -> None:
    path = old_book(tmp_path / f"v{version}.db", version)

    with Book.open(path, today=fixed_clock) as book:
        top, small, prospect, old = (tiers_of(book, i) for i in (1, 2, 3, 4))
        assert top and (top["value_tier"], top["stage"], top["role"]) == ("A", "loyal", "fan")
        assert small and (small["value_tier"], small["stage"]) == ("C", "customer")
        assert prospect and (prospect["value_tier"], prospect["stage"]) == (None, "potential")
        assert old and (old["value_tier"], old["stage"]) == ("C", "lapsed")
        assert_tiers_current(book)


@pytest.mark.parametrize("version", EARLIER)
def test_a_migrated_book_reopens_without_migrating_again(tmp_path: Path, version: int) -> None:
    path = old_book(tmp_path / f"v{version}.db", version)
    Book.open(path, today=fixed_clock).close()
    conn = sqlite3.connect(path)
    applied_before = conn.execute("SELECT name, applied_at FROM _sqlite_migrations").fetchall()
    conn.close()

    with Book.open(path, today=fixed_clock) as book:
        applied = book.conn.execute("SELECT name, applied_at FROM _sqlite_migrations").fetchall()
        assert applied == applied_before


def test_variant_spellings_become_one_product_region_and_tag(tmp_path: Path) -> None:
    path = old_book(tmp_path / "variants.db", MIGRATION_NAMES.index("m013_one_spelling"))
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE customers SET city = ' 杭州', tags = '[\"VIP \", \"老客\"]' WHERE id = 1"
        )
        conn.execute("UPDATE customers SET city = '杭州', tags = '[\"ＶＩＰ\"]' WHERE id = 2")
        conn.execute(
            "UPDATE customers SET city = '杭州  ', tags = '[\"vip\", \"VIP\"]' WHERE id = 4"
        )
        for number, items in enumerate(["口红", "口红 ", "ｌｉｐ　ｂａｌｍ", "Lip Balm", "口红"]):
            conn.execute("UPDATE purchases SET items = ? WHERE id = ?", (items, number + 1))
    conn.close()

    with Book.open(path, today=fixed_clock) as book:
        items = [i for (i,) in book.conn.execute("SELECT items FROM purchases ORDER BY id")]
        assert items == ["口红", "口红", "Lip Balm", "Lip Balm", "口红"]
        cities = {c for (c,) in book.conn.execute("SELECT city FROM customers WHERE city <> ''")}
        assert cities == {"杭州"}
        assert [book.get_customer(i).tags for i in (1, 2, 4)] == [["VIP", "老客"], ["VIP"], ["VIP"]]
        found = book.conn.execute("SELECT customer_id FROM search_keys WHERE key = 'vip'")
        assert sorted(i for (i,) in found) == [1, 2, 4]
        # 王芳 bought 口红 under two spellings: one buyer of one product, beside 陈静.
        products = {bar.key: bar.customers for bar in book.overview().period(None).products}
        assert (products["口红"], products["Lip Balm"]) == (2, 2)


def test_products_an_import_wrote_full_width_join_their_one_spelling(tmp_path: Path) -> None:
    """Imports before m024 kept a shop export's spelling (ＡＢＣ口红（大）): after it, one
    product with what the app saves, and the same file imported again finds its rows known."""
    path = old_book(
        tmp_path / "imported.db", MIGRATION_NAMES.index("m024_imported_items_one_spelling")
    )
    conn = sqlite3.connect(path)
    with conn:
        for number, items in enumerate(["ＡＢＣ口红（大）", "ABC口红(大)", "口红 ", "口红"]):
            conn.execute("UPDATE purchases SET items = ? WHERE id = ?", (items, number + 1))
    conn.close()

    with Book.open(path, today=fixed_clock) as book:
        items = [i for (i,) in book.conn.execute("SELECT items FROM purchases ORDER BY id")]
        assert items[:4] == ["ABC口红(大)", "ABC口红(大)", "口红", "口红"]
        products = {bar.key for bar in book.overview().period(None).products}
        assert {"ABC口红(大)", "口红"} <= products
        assert not {"ＡＢＣ口红（大）", "口红 "} & products


def test_addresses_fill_the_empty_provinces_and_cities_of_an_old_book(tmp_path: Path) -> None:
    path = old_book(tmp_path / "addresses.db", MIGRATION_NAMES.index("m014_regions_from_addresses"))
    conn = sqlite3.connect(path)
    with conn:
        for customer_id, address, province, city in [
            (1, "浙江省杭州市西湖区文三路 100 号", "", ""),
            (2, "北京朝阳区建国路 88 号", "", ""),
            (3, "杭州市西湖区文三路", "江苏", ""),  # theirs disagrees: left as it is
            (4, "新疆乌鲁木齐天山区", "新疆", ""),  # the empty city filled
        ]:
            conn.execute(
                "UPDATE customers SET address = ?, province = ?, city = ? WHERE id = ?",
                (address, province, city, customer_id),
            )
    conn.close()

    with Book.open(path, today=fixed_clock) as book:
        regions = [(c.province, c.city, c.version) for c in map(book.get_customer, (1, 2, 3, 4))]
        assert regions == [("浙江", "杭州", 2), ("北京", "北京", 2), ("江苏", "", 1),
                           ("新疆", "乌鲁木齐", 2)]  # fmt: skip
        regions_shown = {bar.key: bar.customers for bar in book.overview().period(None).regions}
        assert regions_shown["浙江"] == 1 and regions_shown["北京"] == 1
        assert book.list_count(ListQuery(region="乌鲁木齐")) == 1
        assert_tiers_current(book)

    database = Database(sqlite3.connect(path))
    before = list(database.execute("SELECT * FROM customers ORDER BY id").fetchall())
    m014_regions_from_addresses(database)  # again: nothing left to fill
    assert list(database.execute("SELECT * FROM customers ORDER BY id").fetchall()) == before
    database.close()


def test_a_migrated_book_has_its_tiers_passed_again_at_the_new_schema(tmp_path: Path) -> None:
    """Tiers already of today at the old schema are passed again, so the record that they
    are a full pass of today (store/kept_tiers.py) names the schema the commands reading
    it without the Book know (`xiaoben tiers`, `xiaoben report`). The book is taken back
    to before m020 (its index dropped), with tiers of today."""
    path = tmp_path / "book.db"
    with Book.open(path, today=fixed_clock) as book:
        write_demo(book, customers=12, seed=3)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP INDEX customers_overview")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm020_overview_customers'")
        conn.execute(f"PRAGMA user_version = {VERSIONS[VERSIONS.index(20) - 1]}")
    conn.close()
    with Book.open(path, today=fixed_clock) as book:
        with book.reading():
            assert tiers_record.exact_day(book.conn) == fixed_clock().isoformat()
        assert_tiers_current(book)


def test_a_queue_item_handled_before_m025_keeps_its_state_and_undoes_step_by_step(
    tmp_path: Path,
) -> None:
    """A book from before m025 holds one state per handled item: it stays as it was (no
    earlier states: its undo opens the item, as it did), and a step taken after the
    migration is undone back to it."""
    version = MIGRATION_NAMES.index("m025_follow_up_steps")
    path = old_book(tmp_path / "queued.db", version)
    probe = shutil.copy(path, tmp_path / "probe.db")
    with Book.open(probe, today=fixed_clock) as book:  # which items the queue has today
        key = book.follow_ups(book.queue(days=0))[0].key
    customer_id, reason, occurrence = parse_item_key(key)
    conn = sqlite3.connect(path)
    with conn:  # snoozed to 1 December, as that version wrote it
        conn.execute(
            "INSERT INTO follow_ups (customer_id, reason, occurrence, action, until, note,"
            " handled_at) VALUES (?, ?, ?, 'snoozed', '2026-12-01', '', '2026-11-20T09:00:00')",
            (customer_id, reason.value, occurrence),
        )
    conn.close()

    with Book.open(path, today=fixed_clock) as book:
        row = "SELECT action, until, handled_at, earlier FROM follow_ups"
        as_it_was = [("snoozed", "2026-12-01", "2026-11-20T09:00:00", "[]")]
        assert book.conn.execute(row).fetchall() == as_it_was
        book.skip(key)
        assert book.reopen(key).state == (QueueAction.SNOOZED, date(2026, 12, 1))
        assert book.conn.execute(row).fetchall() == as_it_was
        assert book.follow_up(key).due == date(2026, 12, 1)
        assert book.reopen(key).state is None
        assert book.conn.execute(row).fetchall() == []


def test_codes_an_old_book_stored_unclean_take_their_one_spelling(tmp_path: Path) -> None:
    """A001 with a zero-width space, Ｃ００２: cleaned as imports now clean them, and found by
    search; a code whose spelling another customer's has is left as it was (never one code
    of two customers), and `duplicates` lists the pair."""
    from xiaoben.store.duplicates import possible_duplicates

    path = old_book(tmp_path / "codes.db", MIGRATION_NAMES.index("m027_codes_one_spelling"))
    conn = sqlite3.connect(path)
    with conn:
        for customer_id, code in [(1, "C001\u200b"), (2, "Ｃ００２"), (3, "C003"), (4, "Ｃ００３")]:
            conn.execute("UPDATE customers SET code = ? WHERE id = ?", (code, customer_id))
    conn.close()

    with Book.open(path, today=fixed_clock) as book:
        codes = [code for (code,) in book.conn.execute("SELECT code FROM customers ORDER BY id")]
        assert codes[:4] == ["C001", "C002", "C003", "Ｃ００３"]
        found = book.find_customer("Ｃ００２")
        assert found is not None and found.id == 2
        keys = book.conn.execute("SELECT customer_id FROM search_keys WHERE key = 'c002'")
        assert [i for (i,) in keys] == [2]
        pairs = possible_duplicates(book.conn).pairs
        assert any(pair.ids == (3, 4) and "code" in pair.reasons for pair in pairs)


def test_a_code_left_as_it_was_stays_editable(tmp_path: Path) -> None:
    """A code the migration left as written (its one spelling is another customer's) is
    spelled anew by the form: an edit that did not change it keeps it, rather than being
    refused as the other customer's code (a reviewer's finding)."""
    from xiaoben.models.customer import Customer

    path = old_book(tmp_path / "codes.db", MIGRATION_NAMES.index("m027_codes_one_spelling"))
    conn = sqlite3.connect(path)
    with conn:
        for customer_id, code in [(3, "C003"), (4, "Ｃ００３")]:
            conn.execute("UPDATE customers SET code = ? WHERE id = ?", (code, customer_id))
    conn.close()

    with Book.open(path, today=fixed_clock) as book:
        as_stored = book.get_customer(4)
        edited = Customer.model_validate({**as_stored.model_dump(), "notes": "改过备注"})
        assert edited.code == "C003"  # the form spells it anew

        saved = book.save_customer(edited)

        assert (saved.code, saved.notes) == ("Ｃ００３", "改过备注")
        assert book.get_customer(3).code == "C003"


def test_queue_steps_kept_before_m028_took_room_in_their_days_plan(tmp_path: Path) -> None:
    """An item handled today before m028 counts against today's plan, as it did; an earlier
    state kept then (five values, no took_room) is stepped back to as it was."""
    version = MIGRATION_NAMES.index("m028_follow_ups_plan_room")
    path = old_book(tmp_path / "queued.db", version)
    probe = shutil.copy(path, tmp_path / "probe.db")
    with Book.open(probe, today=fixed_clock) as book:
        key = book.follow_ups(book.queue(days=0))[0].key
    customer_id, reason, occurrence = parse_item_key(key)
    today = fixed_clock().isoformat()
    conn = sqlite3.connect(path)
    with conn:  # snoozed yesterday, skipped today, as that version wrote it
        conn.execute(
            "INSERT INTO follow_ups (customer_id, reason, occurrence, action, until, note,"
            " handled_at, earlier) VALUES (?, ?, ?, 'skipped', ?, '', ?, ?)",
            (
                customer_id,
                reason.value,
                occurrence,
                today,
                f"{today}T09:00:00",
                '[["snoozed", "2026-12-01", null, "", "2026-11-22T09:00:00"]]',
            ),
        )
    conn.close()

    with Book.open(path, today=fixed_clock) as book:
        assert followups.load_handled(book.conn).room_taken(epoch_day(fixed_clock())) == 1
        assert book.reopen(key).state == (QueueAction.SNOOZED, date(2026, 12, 1))
        row = "SELECT action, until, handled_at, took_room, earlier FROM follow_ups"
        snoozed = [("snoozed", "2026-12-01", "2026-11-22T09:00:00", 1, "[]")]
        assert book.conn.execute(row).fetchall() == snoozed


def test_a_book_from_before_m029_remembers_the_orders_an_update_closes(tmp_path: Path) -> None:
    """An order imported before m029 and closed since is removed by an update and stays
    closed: the older export naming it paid does not bring it back."""
    from tests.book_helpers import import_purchases_csv, write_csv

    header = "订单编号,收货人姓名,联系手机,付款时间,实付款,订单状态,宝贝标题"
    paid = write_csv(
        tmp_path / "一.csv", [header, "9002,李娜,13800000002,2024-03-09,50,已发货,口红"]
    )
    closed = write_csv(tmp_path / "二.csv", [header, "9002,李娜,13800000002,,50,交易关闭,口红"])
    path = old_book(tmp_path / "v28.db", MIGRATION_NAMES.index("m029_closed_orders"))
    conn = sqlite3.connect(path)
    with conn:  # 小客户李娜's order, as that version's import wrote it
        conn.execute(
            "INSERT INTO purchases (customer_id, date, amount_cents, items, note, created_at)"
            " VALUES (2, '2024-03-09', 5000, '口红', '订单号 9002', '2026-01-05T10:00:00')"
        )
    conn.close()
    with Book.open(path, today=fixed_clock) as book:
        import_purchases_csv(book, closed, on_duplicate="update")
        again = import_purchases_csv(book, paid, on_duplicate="update")

        assert count(book.conn, "purchases", "note LIKE '订单号 9002%'") == 0
        assert again.behind_orders == 1
        closed_orders = book.conn.execute("SELECT order_number FROM closed_orders").fetchall()
        assert closed_orders == [("9002",)]


def test_an_order_of_several_items_imported_before_m030_counts_as_one_purchase(
    tmp_path: Path,
) -> None:
    """A shop export's order of three items, written before m030 as three purchases of one
    order number, counted three (a loyal customer after one order): one after it, and the
    stage and value worked out again when the book is opened."""
    path = old_book(tmp_path / "v29.db", MIGRATION_NAMES.index("m030_one_order_one_purchase"))
    conn = sqlite3.connect(path)
    with conn:  # 潜在客户赵敏 (no purchase before): one order of three items, as imports wrote it
        conn.executemany(
            "INSERT INTO purchases (customer_id, date, amount_cents, items, note, created_at)"
            " VALUES (3, '2026-11-20', ?, ?, ?, '2026-01-05T10:00:00')",
            [
                (8000, "口红", "订单号 7001"),
                (12000, "面霜", "订单号 7001；赠品"),
                (3000, "面膜", "订单号 7001"),
            ],
        )
        conn.execute(
            "UPDATE stats SET orders = 3, revenue_cents = 23000, first_purchase = '2026-11-20',"
            " last_purchase = '2026-11-20', purchase_days = 1 WHERE customer_id = 3"
        )
    conn.close()
    with Book.open(path, today=fixed_clock) as book:
        assert stats_of(book, 3)["orders"] == 1
        assert stats_of(book, 3)["revenue_cents"] == 23000
        tiers = tiers_of(book, 3)
        assert tiers is not None and tiers["stage"] == "customer"
        assert_tiers_current(book)


def test_what_an_older_xiaoben_kept_is_not_answered_from(tmp_path: Path) -> None:
    """A book last written by the xiaoben before m030 keeps its tiers and today's plan as
    that version worked them out (an order's items counted apiece): the commands that answer
    from what a book keeps open it instead (and so migrate it), whatever its record says."""
    from xiaoben.store import plan_cache
    from xiaoben.store.schema import SCHEMA_VERSION

    assert plan_cache.CURRENT_SCHEMA == SCHEMA_VERSION
    path = old_book(tmp_path / "v29.db", MIGRATION_NAMES.index("m030_one_order_one_purchase"))
    conn = sqlite3.connect(path)
    with conn:  # as that version recorded a full pass of the day and kept its plan
        today = fixed_clock().isoformat()
        record = {"format": 1, "schema": 29, "as_of": today, "marker": plan_cache.marker(conn)}
        key = {"format": plan_cache.FORMAT, "schema": 29, "marker": plan_cache.marker(conn),
               "as_of": today, "capacity": None, "days": 7, "lang": "zh"}  # fmt: skip
        conn.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            [
                (tiers_record.RECORD, json.dumps(record)),
                (plan_cache.KEPT, json.dumps({"key": key, "plan": {"items": []}})),
            ],
        )
    assert tiers_record.exact_day(conn) is None
    conn.close()
    assert plan_cache.kept(path, fixed_clock().isoformat(), None, 7, "zh") is None
