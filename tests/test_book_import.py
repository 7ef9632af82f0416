"""Importing purchases: all or nothing, or the good rows with a report; rows find their customer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book_helpers import (
    assert_tiers_current,
    count,
    customer,
    dump,
    import_purchases_csv,
    stats_of,
    tiers_of,
    write_csv,
)
from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportRejected, import_table


@pytest.fixture
def one_bad_row(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "bills.csv",
        [
            "code,date,amount",
            "C001,2026-11-01,128.50",
            "C001,2026-11-02,abc",
            "C002,2026-11-03,300",
        ],
    )


@pytest.fixture
def shop(book: Book) -> Book:
    customer(book, "王芳", code="C001", phones=["13812345678"], wechat="wangfang_88")
    customer(book, "李娜", code="C002")
    return book


def purchases_of(book: Book, code: str) -> list[tuple[str, int]]:
    return book.conn.execute(
        "SELECT date, amount_cents FROM purchases WHERE customer_id ="
        " (SELECT id FROM customers WHERE code = ?) ORDER BY date",
        (code,),
    ).fetchall()


def test_a_file_with_one_bad_row_imports_nothing(shop: Book, one_bad_row: Path) -> None:
    with pytest.raises(ImportRejected):
        import_purchases_csv(shop, one_bad_row)

    assert count(shop.conn, "purchases") == 0


def test_a_rejected_import_names_the_line_column_and_rule(shop: Book, one_bad_row: Path) -> None:
    with pytest.raises(ImportRejected) as rejected:
        import_purchases_csv(shop, one_bad_row)

    [error] = rejected.value.report.errors
    assert (error.line, error.column, error.value) == (3, "amount", "abc")
    assert "amount" in error.message and "128.50" in error.message  # the rule, with an example
    assert "1 of 3 rows" in rejected.value.message("en")
    assert "the book was not changed" in rejected.value.message("en")


def test_a_rejected_import_leaves_the_book_as_it_was(shop: Book, one_bad_row: Path) -> None:
    before = dump(shop.path)

    with pytest.raises(ImportRejected):
        import_purchases_csv(shop, one_bad_row, create_missing=True)

    assert dump(shop.path) == before


def test_keep_good_imports_the_good_rows_and_reports_the_bad(shop: Book, one_bad_row: Path) -> None:
    report = import_purchases_csv(shop, one_bad_row, keep_good=True)

    assert (report.rows, report.imported, report.bad_rows) == (3, 2, 1)
    assert [error.line for error in report.errors] == [3]
    assert purchases_of(shop, "C001") == [("2026-11-01", 12850)]
    assert purchases_of(shop, "C002") == [("2026-11-03", 30000)]


def test_a_dry_run_changes_nothing(shop: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bills.csv", ["code,date,amount", "C001,2026-11-01,100"])
    before = dump(shop.path)

    report = import_purchases_csv(shop, path, dry_run=True)

    assert (report.imported, report.dry_run) == (1, True)
    assert dump(shop.path) == before


def test_a_dry_run_reports_bad_rows_and_changes_nothing(shop: Book, one_bad_row: Path) -> None:
    before = dump(shop.path)

    with pytest.raises(ImportRejected) as rejected:
        import_purchases_csv(shop, one_bad_row, dry_run=True)

    assert [error.line for error in rejected.value.report.errors] == [3]
    assert dump(shop.path) == before


def test_a_dry_run_with_a_bad_row_counts_the_good_rows_as_customers_do(
    shop: Book, one_bad_row: Path, tmp_path: Path
) -> None:
    """Without keep_good nothing goes in; the dry run still says how many rows are good
    (the screen adds that a bad row stops the whole file), for purchases as for customers."""

    def unwatched(stage: str, done: int, total: int) -> None:
        pass

    people = write_csv(tmp_path / "people.csv", ["name,phone", "周一,13800000011", "周二,1380"])
    with pytest.raises(ImportRejected) as purchases:
        import_table(shop, "purchases", read_any(one_bad_row), unwatched, dry_run=True)
    with pytest.raises(ImportRejected) as customers:
        import_table(shop, "customers", read_any(people), unwatched, dry_run=True)

    assert (purchases.value.report.imported, purchases.value.report.bad_rows) == (2, 1)
    assert (customers.value.report.imported, customers.value.report.bad_rows) == (1, 1)


def test_an_unknown_customer_is_a_row_error(shop: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bills.csv", ["code,date,amount", "C999,2026-11-01,100"])

    with pytest.raises(ImportRejected) as rejected:
        import_purchases_csv(shop, path)

    [error] = rejected.value.report.errors
    assert (error.line, error.value) == (2, "C999")
    assert "--create-missing" in error.message


def test_create_missing_makes_a_customer_coded_by_the_key(book: Book, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bills.csv",
        ["code,date,amount", "00042,2026-11-01,100", "00042,2026-11-05,50"],
    )

    report = import_purchases_csv(book, path, create_missing=True)

    assert report.created_customers == 1
    created = book.find_customer("00042")
    assert created is not None and created.code == "00042"
    assert stats_of(book, created.id)["orders"] == 2


def test_create_missing_names_the_customer_from_the_name_column(book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bills.csv", ["编号,姓名,日期,金额", "00042,王芳,2026-11-01,100"])

    import_purchases_csv(book, path, create_missing=True)

    created = book.find_customer("00042")
    assert created is not None and (created.code, created.name) == ("00042", "王芳")


def test_a_phone_written_differently_finds_the_customer(shop: Book, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bills.csv",
        ["手机,日期,金额", "138-1234-5678,2026-11-01,100", "+86 138 1234 5678,2026-11-02,50"],
    )

    import_purchases_csv(shop, path)

    assert purchases_of(shop, "C001") == [("2026-11-01", 10000), ("2026-11-02", 5000)]


def test_a_wechat_id_finds_the_customer(shop: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bills.csv", ["微信,日期,金额", "WangFang_88,2026-11-01,100"])

    import_purchases_csv(shop, path)

    assert purchases_of(shop, "C001") == [("2026-11-01", 10000)]


def test_an_exact_name_finds_the_customer(shop: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bills.csv", ["客户,日期,金额", "李娜,2026-11-01,100"])

    import_purchases_csv(shop, path)

    assert purchases_of(shop, "C002") == [("2026-11-01", 10000)]


def test_a_namesake_with_an_unknown_code_or_phone_is_not_the_customer(
    shop: Book, tmp_path: Path
) -> None:
    """王芳 is C001 in the book: a row of C123 王芳, or of 王芳 with a phone nobody has, is
    another 王芳 (created when asked), never a purchase of C001's."""
    path = write_csv(
        tmp_path / "bills.csv",
        [
            "编号,姓名,手机,日期,金额",
            "C123,王芳,,2026-11-01,100",
            ",王芳,13900000001,2026-11-02,50",
            "C001,王芳,,2026-11-03,20",  # the code the book knows: C001's
        ],
    )

    with pytest.raises(ImportRejected) as rejected:
        import_purchases_csv(shop, path)
    assert [error.line for error in rejected.value.report.errors] == [2, 3]

    import_purchases_csv(shop, path, create_missing=True)

    assert purchases_of(shop, "C001") == [("2026-11-03", 2000)]
    assert purchases_of(shop, "C123") == [("2026-11-01", 10000)]
    namesakes = shop.conn.execute("SELECT count(*) FROM customers WHERE name = '王芳'").fetchone()
    assert namesakes == (3,)


def test_a_name_two_customers_share_is_a_row_error(shop: Book, tmp_path: Path) -> None:
    customer(shop, "张伟", code="C003")
    customer(shop, "张伟", code="C004")
    path = write_csv(
        tmp_path / "bills.csv", ["姓名,日期,金额", "李娜,2026-11-01,100", "张伟,2026-11-01,100"]
    )

    with pytest.raises(ImportRejected) as rejected:
        import_purchases_csv(shop, path, create_missing=True)

    [error] = rejected.value.report.errors
    assert (error.line, error.value) == (3, "张伟")
    assert "2 customers are named" in error.message
    assert count(shop.conn, "purchases") == 0


def test_an_import_brings_stats_and_tiers_up_to_date(shop: Book, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bills.csv",
        ["code,date,amount,refunded", "C001,2026-10-01,5000,100", "C002,2026-11-01,100,0"],
    )

    import_purchases_csv(shop, path)

    wang = shop.find_customer("C001")
    assert wang is not None
    stats = stats_of(shop, wang.id)
    assert (stats["orders"], stats["revenue_cents"], stats["refunded_cents"]) == (1, 500000, 10000)
    assert tiers_of(shop, wang.id)["value_tier"] == "A"  # type: ignore[index]
    assert_tiers_current(shop)


def test_a_large_import_brings_every_customer_up_to_date(book: Book, tmp_path: Path) -> None:
    lines = ["code,date,amount"] + [
        f"K{k % 300:04d},2026-{k % 11 + 1:02d}-{k % 27 + 1:02d},{(k * 37) % 900 + 1}"
        for k in range(3000)
    ]
    path = write_csv(tmp_path / "bills.csv", lines)

    report = import_purchases_csv(book, path, create_missing=True)

    assert (report.imported, report.created_customers) == (3000, 300)
    assert int(book.conn.execute("SELECT sum(orders) FROM stats").fetchone()[0]) == 3000
    assert_tiers_current(book)


def test_a_row_naming_two_customers_this_import_made_names_both(shop: Book, tmp_path: Path) -> None:
    """Customers the import creates are named in its messages as any other: 王芳 (C123)."""
    path = write_csv(
        tmp_path / "bills.csv",
        [
            "编号,姓名,手机,日期,金额",
            "C123,王芳,13900000001,2026-11-01,100",
            "C124,王芳,13900000002,2026-11-02,50",
            "C123,王芳,13900000002,2026-11-03,20",  # C123's code, C124's phone
        ],
    )

    with pytest.raises(ImportRejected) as rejected:
        import_purchases_csv(shop, path, create_missing=True)

    (error,) = rejected.value.report.errors
    assert error.line == 4
    assert "王芳 (C123)" in error.message and "王芳 (C124)" in error.message


def test_an_import_checks_its_purchases_customers_itself_and_turns_the_checks_back_on(
    shop: Book, tmp_path: Path
) -> None:
    seen: list[int] = []
    real = shop.conn.executemany

    def spy(sql: str, rows: object) -> object:  # what SQLite checks while purchases go in
        if sql.startswith("INSERT INTO purchases"):
            seen.append(shop.conn.execute("PRAGMA foreign_keys").fetchone()[0])
        return real(sql, rows)

    bills = write_csv(tmp_path / "bills.csv", ["code,date,amount", "C001,2026-11-01,10"])
    shop.conn.executemany = spy  # type: ignore[method-assign]
    import_purchases_csv(shop, bills)

    assert seen == [0]  # off for the import: its writer checks the customers itself
    assert shop.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert purchases_of(shop, "C001") == [("2026-11-01", 1000)]


def test_a_purchase_naming_a_customer_not_in_the_book_refuses_the_import(
    shop: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiaoben.models.errors import BookError
    from xiaoben.store import purchase_writer

    monkeypatch.setattr(purchase_writer, "_resolve", lambda index, row, named: 999_999)
    bills = write_csv(tmp_path / "bills.csv", ["code,date,amount", "C001,2026-11-01,10"])
    before = dump(shop.path)

    with pytest.raises(BookError) as refused:
        import_purchases_csv(shop, bills)

    assert refused.value.key == "store.purchase_without_customer"
    assert "1 customer named by the imported purchases is not" in str(refused.value)
    assert dump(shop.path) == before
    assert shop.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_an_import_inside_a_batch_keeps_sqlite_checking_every_purchase(
    shop: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiaoben.store import purchase_writer
    from xiaoben.store.driver import sqlite3

    monkeypatch.setattr(purchase_writer, "_resolve", lambda index, row, named: 999_999)
    bills = write_csv(tmp_path / "bills.csv", ["code,date,amount", "C001,2026-11-01,10"])

    with pytest.raises(sqlite3.IntegrityError), shop.batch():
        import_purchases_csv(shop, bills)

    assert count(shop.conn, "purchases") == 0


def test_the_checks_come_back_on_even_when_the_import_cannot_commit(
    shop: Book, tmp_path: Path
) -> None:
    """A COMMIT that fails (a full disk) leaves SQLite's transaction open, where the pragma
    turning the checks back on would be ignored: it is rolled back first."""
    with pytest.raises(RuntimeError), shop.references_unchecked():
        shop.conn.execute("BEGIN IMMEDIATE")  # as a failed COMMIT leaves it
        shop.conn.execute("DELETE FROM customers WHERE code = 'C002'")
        raise RuntimeError("disk full")

    assert not shop.conn.in_transaction
    assert shop.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert shop.find_customer("C002") is not None
