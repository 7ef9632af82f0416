"""A purchases import skips SQLite's look-up of each purchase's customer (every customer it
writes is one it read from the book or made), and only for its own transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book_helpers import customer, import_purchases_csv, write_csv
from xiaoben.store import purchase_writer
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.imports import ImportRejected


def checked(book: Book) -> int:
    return int(book.conn.execute("PRAGMA foreign_keys").fetchone()[0])


def test_an_unchecked_batch_turns_the_checks_off_inside_it_only(book: Book) -> None:
    with book.batch(check_references=False):
        inside = checked(book)

    assert (inside, checked(book)) == (0, 1)


def test_the_checks_come_back_after_a_batch_that_failed(book: Book) -> None:
    with pytest.raises(RuntimeError), book.batch(check_references=False):
        raise RuntimeError("a write failed")

    assert checked(book) == 1
    with pytest.raises(sqlite3.IntegrityError), book.batch():
        book.conn.execute(
            "INSERT INTO purchases (customer_id, date, amount_cents, created_at)"
            " VALUES (999, '2026-01-01', 100, '2026-01-01')"
        )


def test_inside_another_batch_the_checks_stay_on(book: Book) -> None:
    with book.batch(), book.batch(check_references=False):
        inside = checked(book)

    assert inside == 1


def test_a_purchases_import_writes_unchecked_and_leaves_the_checks_on(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer(book, "王芳", code="C1", phones=["13800000001"])
    seen: list[int] = []
    write = purchase_writer.PurchaseWriter.write

    def spying(self: purchase_writer.PurchaseWriter, *args: object, **kwargs: object) -> None:
        seen.append(checked(book))
        write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(purchase_writer.PurchaseWriter, "write", spying)
    path = write_csv(
        tmp_path / "orders.csv",
        ["客户编号,姓名,日期,金额", "C1,王芳,2026-01-02,12.50", "C2,李娜,2026-01-03,8"],
    )

    report = import_purchases_csv(book, path, create_missing=True)

    assert (seen, checked(book), report.imported) == ([0], 1, 2)
    assert book.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_refused_import_leaves_the_checks_on(book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orders.csv", ["客户编号,日期,金额", "C9,2026-01-02,12.50"])

    with pytest.raises(ImportRejected):
        import_purchases_csv(book, path)  # C9 is nobody, and none may be made

    assert checked(book) == 1
