"""Forgetting a customer really erases them: every row, and every byte of their name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book_helpers import buy, count, customer, stats_of
from xiaoben.models.customer import Customer
from xiaoben.models.errors import BookError
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.store.book import Book

NAME = "独一无二的测试名字XYZ"
# The name, and pieces of it a search index might keep (suffixes, lower case).
TRACES = [NAME, "独一无二的测试名字", "测试名字xyz", "unique_xyz_42", "13900001111"]
TABLES_ABOUT_A_CUSTOMER = (
    "purchases",
    "interactions",
    "reminders",
    "customer_keys",
    "search_keys",
    "stats",
    "tiers",
    "tier_changes",
)


def remembered(book: Book, other: Customer) -> Customer:
    """A customer with a row in every table about customers, referred by `other`."""
    unique = customer(
        book,
        NAME,
        code="XYZ-1",
        phones=["13900001111"],
        wechat="unique_xyz_42",
        notes=f"{NAME} 的备注",
        tags=["独一无二的测试名字"],
        referred_by=other.id,
    )
    buy(book, unique, 999, "2026-11-01", note=NAME)
    book.log_contact(
        Interaction(customer_id=unique.id or 0, at="2026-11-02 10:00", kind="call", note=NAME)
    )
    book.set_reminder(Reminder(customer_id=unique.id or 0, due="2026-12-01", note=NAME))
    for city in ("杭州", "上海", "广州"):  # old versions of the row, in the WAL and free pages
        unique = book.save_customer(unique.model_copy(update={"city": city}))
    return unique


def traces_in_files(folder: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for file in folder.iterdir():
        data = file.read_bytes()
        hits = [trace for trace in TRACES if trace.encode() in data]
        if hits:
            found[file.name] = hits
    return found


def test_forgetting_erases_every_row_about_the_customer(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 100, "2026-10-01")
    unique = remembered(book, wang)

    book.forget_customer(unique.id or 0)

    assert count(book.conn, "customers", "id = ?", (unique.id,)) == 0
    for table in TABLES_ABOUT_A_CUSTOMER:
        assert count(book.conn, table, "customer_id = ?", (unique.id,)) == 0, table
    assert count(book.conn, "customers") == 1


def test_forgetting_leaves_no_trace_of_the_name_in_the_files(book: Book) -> None:
    wang = customer(book, "王芳")
    unique = remembered(book, wang)
    book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the name is in the .db file now
    unique = book.save_customer(unique.model_copy(update={"city": "成都"}))  # and in the WAL
    before = traces_in_files(book.path.parent)
    assert NAME in before.get("shop.db", []) and NAME in before.get("shop.db-wal", [])

    book.forget_customer(unique.id or 0)

    assert traces_in_files(book.path.parent) == {}


def test_forgetting_takes_the_referral_off_the_referrer(book: Book) -> None:
    wang = customer(book, "王芳")
    unique = remembered(book, wang)
    assert stats_of(book, wang.id)["referrals"] == 1

    book.forget_customer(unique.id or 0)

    assert stats_of(book, wang.id)["referrals"] == 0


def test_forgetting_a_referrer_keeps_the_customers_they_referred(book: Book) -> None:
    wang = customer(book, "王芳")
    li = customer(book, "李娜", referred_by=wang.id)

    book.forget_customer(wang.id or 0)

    assert book.get_customer(li.id or 0).referred_by is None


def test_the_tiers_of_everyone_else_follow_a_forgotten_customer(book: Book) -> None:
    wang = customer(book, "王芳")
    buy(book, wang, 100, "2026-11-01")
    big = customer(book, "大客户")
    buy(book, big, 100_000, "2026-11-01")
    assert book.conn.execute(
        "SELECT value_tier FROM tiers WHERE customer_id = ?", (wang.id,)
    ).fetchone() == ("C",)

    book.forget_customer(big.id or 0)

    assert book.conn.execute(
        "SELECT value_tier FROM tiers WHERE customer_id = ?", (wang.id,)
    ).fetchone() == ("A",)


def test_forgetting_a_customer_who_does_not_exist_is_refused(book: Book) -> None:
    with pytest.raises(BookError) as refused:
        book.forget_customer(404)

    assert refused.value.message("en") == "no such customer: 404"


def customer_tables(book: Book) -> list[str]:
    """Every table with a customer_id column (a new one is checked without editing this)."""
    names = [
        name for (name,) in book.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    return [
        name
        for name in names
        if any(
            column[1] == "customer_id"
            for column in book.conn.execute(f'PRAGMA table_info("{name}")')
        )
    ]


def handled_follow_up(book: Book, customer_id: int) -> None:
    """Snooze one of the customer's follow-up items: a follow_ups row about them."""
    from datetime import timedelta

    queue = book.queue(days=60, capacity=0)
    (item, *_) = [i for i in book.follow_ups(queue) if i.customer_id == customer_id]
    book.snooze(item.key, book.today() + timedelta(days=3))
    assert count(book.conn, "follow_ups", "customer_id = ?", (customer_id,)) == 1


def test_forgetting_erases_the_follow_up_state_and_every_customer_table(book: Book) -> None:
    wang = customer(book, "王芳")
    unique = remembered(book, wang)
    handled_follow_up(book, unique.id or 0)

    book.forget_customer(unique.id or 0)

    tables = customer_tables(book)
    assert {"follow_ups", "search_keys", "stats", "tiers"} <= set(tables)
    for table in tables:
        assert count(book.conn, table, "customer_id = ?", (unique.id,)) == 0, table
    assert all(item.customer_id != unique.id for item in book.follow_ups(book.queue(days=60)))


def test_forgetting_erases_the_search_keys_no_search_finds_them(book: Book) -> None:
    from xiaoben.store.customer_list import ListQuery

    wang = customer(book, "王芳")
    unique = remembered(book, wang)
    searches = ["独一无二", "duyiwuer", "dywe", "13900001111", "unique_xyz_42", "XYZ-1"]
    assert all(book.list_count(ListQuery(search=text)) == 1 for text in searches)

    book.forget_customer(unique.id or 0)

    assert [text for text in searches if book.list_count(ListQuery(search=text))] == []
    assert book.find_customer("13900001111") is None
    keys = [key for (key,) in book.conn.execute("SELECT key FROM search_keys")]
    assert not [key for key in keys if any(trace.lower() in key.lower() for trace in TRACES)]


def test_a_backup_made_after_forgetting_holds_no_trace(book: Book) -> None:
    wang = customer(book, "王芳")
    unique = remembered(book, wang)
    handled_follow_up(book, unique.id or 0)
    book.forget_customer(unique.id or 0)

    backup = book.back_up()

    assert traces_in_files(backup.parent) == {}
    assert book.summary_of(backup)["customers"][0] == 1
