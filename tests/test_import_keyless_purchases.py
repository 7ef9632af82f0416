"""A purchases row of a name and a phone nobody has (王芳 | 13800138000) goes to the one
customer of that name the book has with no code, phone, WeChat ID or shop account, and gives
her the phone, as a customers row of the same cells fills her (imports._keyless_namesake):
unless a place the row gives is not hers. Two such namesakes, or one with keys of her own,
stay apart: a new customer with --create-missing, listed for review."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import customer, table_of, write_csv
from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportReport, import_table


def _import(book: Book, path: Path, kind: str, **options: object) -> ImportReport:
    return import_table(book, kind, read_any(path, kind=kind), lambda *_: None, **options)


@pytest.mark.parametrize("create_missing", [True, False])
def test_a_purchases_row_fills_the_one_keyless_namesake_as_a_customers_row_does(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, create_missing: bool
) -> None:
    first = write_csv(tmp_path / "a.csv", ["姓名,备注", "王芳,老客"])
    assert run("import", "customers", first).exit_code == 0
    bills = write_csv(
        tmp_path / "b.csv",
        ["姓名,手机,日期,金额", "王芳,13800138000,2026-11-01,100", "王芳,,2026-11-02,20"],
    )

    result = run("import", "purchases", bills, *(["--create-missing"] * create_missing))

    assert result.exit_code == 0, result.output + result.stderr
    assert "imported 2 of 2 rows (0 customers created, 1 updated;" in result.stdout
    assert "near match" not in result.stdout
    held = "SELECT id, name, phones, notes FROM customers"
    assert table_of(book_path, held) == [(1, "王芳", '["+8613800138000"]', "老客")]
    assert table_of(book_path, "SELECT customer_id FROM purchases") == [(1,), (1,)]
    again = run("import", "purchases", bills, "--on-duplicate", "new")
    assert again.exit_code == 0, again.output + again.stderr
    assert "(0 customers created, 0 updated;" in again.stdout
    assert table_of(book_path, "SELECT count(*) FROM customers") == [(1,)]


def test_the_filled_phone_is_hers_for_the_rows_after_and_a_second_phone_is_somebody_else(
    book: Book, tmp_path: Path
) -> None:
    customer(book, "王芳")
    bills = write_csv(
        tmp_path / "b.csv",
        [
            "姓名,手机,日期,金额",
            "王芳,13800138000,2026-11-01,100",
            "王芳,13900139000,2026-11-02,20",  # another phone: another 王芳
            ",13800138000,2026-11-03,5",  # the phone alone: the 王芳 it was given to
        ],
    )

    report = _import(book, bills, "purchases", create_missing=True)

    assert (report.created_customers, report.updated_customers) == (1, 1)
    rows = book.conn.execute("SELECT id, phones FROM customers ORDER BY id").fetchall()
    assert [tuple(row) for row in rows] == [(1, '["+8613800138000"]'), (2, '["+8613900139000"]')]
    bought = book.conn.execute("SELECT customer_id FROM purchases ORDER BY date").fetchall()
    assert [each for (each,) in bought] == [1, 2, 1]
    assert len(report.near_matches) == 1
    assert book.conn.execute(
        "SELECT customer_id FROM customer_keys WHERE key = '+8613800138000'"
    ).fetchall() == [(1,)]


def test_a_place_that_is_not_hers_makes_a_new_namesake(book: Book, tmp_path: Path) -> None:
    customer(book, "王芳", address="北京市朝阳区建国路1号", province="北京", city="北京")
    bills = write_csv(
        tmp_path / "b.csv",
        [
            "姓名,手机,地址,日期,金额",
            "王芳,13800138000,广东省广州市天河区体育西路9号,2026-11-01,100",
        ],
    )

    report = _import(book, bills, "purchases", create_missing=True)

    assert (report.created_customers, report.updated_customers) == (1, 0)
    assert book.conn.execute("SELECT phones FROM customers WHERE id = 1").fetchone()[0] == "[]"
    assert len(report.near_matches) == 1


def test_two_keyless_namesakes_or_a_keyed_one_are_not_filled(book: Book, tmp_path: Path) -> None:
    customer(book, "李娜")
    customer(book, "李娜")  # which one is not said
    customer(book, "王芳", wechat="wf_own")  # a key of her own: another 王芳
    customer(book, "赵敏", code="C9")
    bills = write_csv(
        tmp_path / "b.csv",
        [
            "姓名,手机,日期,金额",
            "李娜,13912345678,2026-11-01,1",
            "王芳,13800138000,2026-11-01,2",
            "赵敏,13800100000,2026-11-01,3",
        ],
    )

    report = _import(book, bills, "purchases", create_missing=True)

    assert (report.created_customers, report.updated_customers) == (3, 0)
    assert len(report.near_matches) == 3
    keyed = book.conn.execute("SELECT count(*) FROM customers WHERE phones != '[]'").fetchone()
    assert keyed[0] == 3
