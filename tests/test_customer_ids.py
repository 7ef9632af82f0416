"""A customer's #id is never given to another: not after a merge took her away, not after
she was forgotten, whichever way the next customer comes in (the app's form, a customers
import, a purchases import that creates its buyers)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.book_helpers import buy, customer, fixed_clock, write_csv
from xiaoben.store.book import Book
from xiaoben.store.schema import CUSTOMER_IDS_GIVEN


def newest_merged_away(book: Book) -> tuple[int, int]:
    """王芳 C003 and the newest customer, 王芳 again (no phone, a ¥88 purchase), merged into
    her: (merge token, the merged-away #id)."""
    kept = customer(book, "王芳", code="C003", phones=["13800138003"])
    customer(book, "李娜", phones=["13900139000"])
    newest = customer(book, "王芳", notes="朋友介绍的王芳（没留电话）")
    assert kept.id is not None and newest.id is not None
    buy(book, newest, 88, items="手工皂")
    return book.merge_customers(kept.id, newest.id).token, newest.id


def test_the_next_customer_after_a_merge_takes_a_new_number(book: Book) -> None:
    token, merged_away = newest_merged_away(book)
    added = customer(book, "王芳", code="Z8")
    assert added.id == merged_away + 1

    _, absorbed = book.undo_merge(token)  # the merge can still be undone
    assert absorbed.id == merged_away
    assert [purchase.items for purchase in book.purchases_of(merged_away)] == ["手工皂"]
    assert book.purchases_of(added.id or 0) == []


def test_a_forgotten_customers_number_is_not_given_again(book: Book) -> None:
    customer(book, "李娜")
    gone = customer(book, "赵敏", phones=["13700137000"])
    assert gone.id is not None
    book.forget_customer(gone.id)
    assert customer(book, "陈静").id == gone.id + 1
    # only the number is kept: nothing of her
    (value,) = book.conn.execute(
        "SELECT value FROM meta WHERE key = ?", (CUSTOMER_IDS_GIVEN,)
    ).fetchone()
    assert value == str(gone.id)


def test_the_number_stays_given_when_the_book_is_reopened(
    book_path: Path, open_book: Callable[..., Book]
) -> None:
    with open_book(book_path) as book:
        _, merged_away = newest_merged_away(book)
    with open_book(book_path) as book:
        assert customer(book, "周芷若").id == merged_away + 1


def test_a_customers_import_after_a_merge_gives_new_numbers(
    run: Callable[..., Any], book_path: Path, tmp_path: Path
) -> None:
    with Book.open(book_path, today=fixed_clock) as book:
        token, merged_away = newest_merged_away(book)
    sheet = write_csv(tmp_path / "new.csv", ["编号,姓名,手机", "Z8,王芳,13300000088"])
    assert run("import", "customers", sheet).exit_code == 0
    with Book.open(book_path, today=fixed_clock) as book:
        added = book.find_customer("Z8")
        assert added is not None and added.id == merged_away + 1
    result = run("unmerge", token)
    assert result.exit_code == 0, result.output


def test_a_purchases_import_that_creates_its_buyers_gives_new_numbers(
    run: Callable[..., Any], book_path: Path, tmp_path: Path
) -> None:
    with Book.open(book_path, today=fixed_clock) as book:
        token, merged_away = newest_merged_away(book)
    sheet = write_csv(
        tmp_path / "orders.csv", ["姓名,手机,日期,金额,商品", "刘洋,13300000099,2026-11-20,50,口红"]
    )
    result = run("import", "purchases", sheet, "--create-missing")
    assert result.exit_code == 0, result.output
    with Book.open(book_path, today=fixed_clock) as book:
        added = book.find_customer("刘洋")
        assert added is not None and added.id == merged_away + 1
    assert run("unmerge", token).exit_code == 0


def test_a_book_made_before_the_mark_keeps_its_merged_numbers(
    book_path: Path, open_book: Callable[..., Book]
) -> None:
    """A book whose newest customer was merged away before this version: the mark starts
    above the merged-away number the kept undo holds, so the undo still works."""
    with open_book(book_path) as book:
        token, merged_away = newest_merged_away(book)
        # as the version before m031 left it: no mark, no trigger
        book.conn.execute("DELETE FROM meta WHERE key = ?", (CUSTOMER_IDS_GIVEN,))
        book.conn.execute("DROP TRIGGER customers_ids_given")
        book.conn.execute("PRAGMA user_version = 30")
        book.conn.execute(
            "DELETE FROM _sqlite_migrations WHERE name = 'm031_customer_ids_never_given_twice'"
        )
    with open_book(book_path) as book:
        assert customer(book, "王芳", code="Z8").id == merged_away + 1
        book.undo_merge(token)
        gone = customer(book, "赵敏")
        assert gone.id is not None
        book.forget_customer(gone.id)  # the trigger is back
        assert customer(book, "陈静").id == gone.id + 1
