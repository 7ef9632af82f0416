"""A customer's code in its one spelling, as names, phones and WeChat IDs are cleaned: the
invisible characters a copy carries dropped, full-width letters and digits folded (Ａ００１
is A001), leading zeros kept. The form, both imports and every look-up by code agree, and
a book written before keeps finding its codes by their clean spelling."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import count, customer, import_purchases_csv, write_csv
from xiaoben.models.customer import Customer
from xiaoben.models.text import STORED
from xiaoben.models.values import code_spelling
from xiaoben.store.book import Book
from xiaoben.store.duplicates import possible_duplicates
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportReport, import_table
from xiaoben.store.lookup import KeyIndex

_ASCII_CODE = st.text(alphabet="ABCXYZ0123456789-_", min_size=1, max_size=12)
_INVISIBLE = st.sampled_from(["\u200b", "\ufeff", "\u2060", "\u200e", "\u200d", "\u00ad"])


def _full_width(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) for char in text)


@given(code=_ASCII_CODE)
def test_a_plain_code_is_its_own_spelling_leading_zeros_and_all(code: str) -> None:
    assert code_spelling(code) == code
    assert code_spelling("00" + code) == "00" + code


@given(code=_ASCII_CODE, invisible=_INVISIBLE, at=st.integers(min_value=0, max_value=12))
def test_invisibles_and_full_width_are_one_spelling(code: str, invisible: str, at: int) -> None:
    marked = code[:at] + invisible + code[at:]
    assert code_spelling(marked) == code
    assert code_spelling(_full_width(code)) == code
    wide = _full_width(code)
    assert code_spelling(f" {wide[:at]}{invisible}{wide[at:]}\u3000") == code
    assert code_spelling(code_spelling(marked)) == code_spelling(marked)


def test_the_model_keeps_a_code_in_its_one_spelling() -> None:
    assert Customer(name="张三", code="A001\u200b").code == "A001"
    assert Customer(name="张三", code="Ａ００１").code == "A001"
    assert Customer(name="张三", code="00042").code == "00042"
    # as the book holds it: read back as written (a book before the fix, see the migration)
    stored = Customer.model_validate({"name": "张三", "code": "Ａ００１"}, context=STORED)
    assert stored.code == "Ａ００１"


def _import(book: Book, path: Path, **options: object) -> ImportReport:
    table = read_any(path, kind="customers")
    return import_table(book, "customers", table, lambda *_: None, **options)


@pytest.mark.parametrize("written", ["Ａ００１", "A001\u200b", "\u200bA001", " A001\u3000"])
def test_a_code_written_otherwise_is_the_customer_of_that_code(
    book: Book, tmp_path: Path, written: str
) -> None:
    zhang = customer(book, "张三", code="A001", phones=["13800138000"])
    sheet = write_csv(tmp_path / "c.csv", ["编号,姓名,备注", f"{written},张三,老客户"])

    report = _import(book, sheet)

    assert (report.created_customers, report.updated_customers) == (0, 1)
    assert book.get_customer(zhang.id or 0).notes == "老客户"
    assert [code for (code,) in book.conn.execute("SELECT code FROM customers")] == ["A001"]


def test_a_new_customer_s_code_is_stored_clean(book: Book, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "c.csv", ["编号,姓名", "Ｂ\u200b００７,李四"])

    _import(book, sheet)

    assert [code for (code,) in book.conn.execute("SELECT code FROM customers")] == ["B007"]


def test_one_code_written_two_ways_in_a_file_is_a_repeated_code(book: Book, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "c.csv", ["编号,姓名,备注", "Ａ００１,张三,全角", "A001\u200b,张三,零宽"]
    )

    report = _import(book, sheet, keep_good=True)

    assert [error.line for error in report.errors] == [2, 3]
    assert count(book.conn, "customers") == 0


@pytest.mark.parametrize("column", ["客户编号", "客户"])
def test_a_purchase_by_a_code_written_otherwise_goes_to_that_customer(
    book: Book, tmp_path: Path, column: str
) -> None:
    zhang = customer(book, "张三", code="A001")
    customer(book, "李四", code="A002")
    lines = [f"{column},金额,日期", "Ａ００１,100,2024-03-05", "A001\u200b,5,2024-03-06"]
    bills = write_csv(tmp_path / "p.csv", lines)

    report = import_purchases_csv(book, bills)

    assert report.imported == 2
    owners = book.conn.execute("SELECT DISTINCT customer_id FROM purchases").fetchall()
    assert owners == [(zhang.id,)]


def test_a_code_a_book_stored_unclean_is_found_by_its_clean_spelling(book: Book) -> None:
    """A book before the fix, its codes as a file had them (what the migration leaves)."""
    zhang = customer(book, "张三")
    book.conn.execute("UPDATE customers SET code = 'A001\u200b' WHERE id = ?", (zhang.id,))

    keys = KeyIndex.load(book.conn)

    assert keys.resolve("code", "A001") == zhang.id
    assert keys.resolve("code", "Ａ００１") == zhang.id
    assert keys.resolve_text("A001") == zhang.id
    found = book.find_customer("A001")
    assert found is not None and found.id == zhang.id


def test_codes_one_spelling_makes_the_same_are_ambiguous_and_listed(book: Book) -> None:
    """Two customers whose stored codes differ only by width or an invisible character
    (left so by the migration): the clean code names neither alone, and `duplicates` lists
    them."""
    zhang = customer(book, "张三", code="A001")
    other = customer(book, "张三", phones=["13900139000"])
    book.conn.execute("UPDATE customers SET code = 'Ａ００１' WHERE id = ?", (other.id,))

    keys = KeyIndex.load(book.conn)

    assert keys.candidates("code", "A001") == {zhang.id, other.id}
    [pair] = possible_duplicates(book.conn).pairs
    assert pair.ids == (zhang.id, other.id) and pair.reasons[0] == "code"
