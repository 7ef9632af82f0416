"""The overview's per-customer reads (store/overview_reads.py): the province and source
codes SQL numbers name each active customer's own text (a blank one UNKNOWN), archived
customers left out, and a text holding the separator read row by row.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book_helpers import customer, fixed_clock
from xiaoben.models.overview import UNKNOWN
from xiaoben.store import overview_reads
from xiaoben.store.book import Book
from xiaoben.store.overview import _customer_rows

PROVINCES = ["浙江", "", "江苏", "", "浙江", "广东", ""]


def _named(book: Book) -> dict[str, dict[int, str]]:
    """Each active customer's province and source as the overview reads them, by id."""
    ids, _, _, _, _, province, source = _customer_rows(book.conn, needs_created=False)
    return {
        column: {int(i): keys[int(code)] for i, code in zip(ids, codes, strict=True)}
        for column, (codes, keys) in (("province", province), ("source", source))
    }


def _written(book: Book) -> dict[str, dict[int, str]]:
    rows = book.conn.execute(
        "SELECT id, province, source FROM customers WHERE archived = 0 ORDER BY id"
    ).fetchall()
    return {
        "province": {i: province or UNKNOWN for i, province, _ in rows},
        "source": {i: source or UNKNOWN for i, _, source in rows},
    }


@pytest.fixture
def book(tmp_path: Path) -> Book:
    opened = Book.open(tmp_path / "book.db", today=fixed_clock)
    for k, province in enumerate(PROVINCES):
        customer(opened, f"客{k}", province=province, source=("抖音", "", "门店")[k % 3])
    return opened


def test_each_customer_is_named_its_own_province_and_source(book: Book) -> None:
    with book:
        archived = book.get_customer(3)  # 江苏, the only one
        book.archive_customer(archived.id, archived.version)
        named = _named(book)
        assert named == _written(book)
        assert 3 not in named["province"] and "江苏" not in named["province"].values()
        assert set(named["province"].values()) == {"浙江", UNKNOWN, "广东"}
        found = overview_reads.customer_texts(book.conn, created=False)
        assert found.created is None
        assert found.province_count == 3  # 浙江, blank, 广东


def test_a_text_holding_the_separator_is_read_row_by_row(book: Book) -> None:
    with book:
        book.conn.execute(  # the models refuse it; a book written by other means may hold it
            "UPDATE customers SET province = ? WHERE id = 2", (f"浙{overview_reads.SEPARATOR}江",)
        )
        assert _named(book) == _written(book)
