"""An order number in one spelling (store/importing/order_numbers.py), and where it ends in
a purchase's note: the Python the importer reads it with and the SQL the stats count orders
with (schema.ORDER_NUMBER_SQL) agree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.book_helpers import fixed_clock, table_of, write_csv
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.order_numbers import (
    ORDER_PREFIX,
    order_in_note,
    order_kept,
    order_spelling,
)
from xiaoben.store.schema import ORDER_NUMBER_SQL


@pytest.mark.parametrize(
    "written", ["E020", " E020 ", "Ｅ０２０", "e020", "E 020", "'E020", "E020\t", "ｅ　０２０"]
)
def test_an_order_number_has_one_spelling(written: str) -> None:
    assert order_spelling(written) == "E020"


def test_the_prefix_an_import_writes_is_the_one_the_stats_read() -> None:
    assert ORDER_PREFIX == "订单号 "  # (ORDER_NUMBER_SQL: substr(note, 1, 4) = '订单号 ')
    assert f"substr(note, 1, {len(ORDER_PREFIX)}) = '{ORDER_PREFIX}'" in ORDER_NUMBER_SQL


@pytest.mark.parametrize("written", ["3001234567890123", "240308-1234", "TB_77", "A1"])
def test_a_shops_order_number_stays_as_it_is(written: str) -> None:
    assert order_spelling(written) == written


_CONN = sqlite3.connect(":memory:")
_TEXT = st.text(
    st.sampled_from([*"；;，,、。 \u3000\t\n", "E", "0", "1", "订", "单", "号", "a", "-"])
)


@given(rest=_TEXT, prefixed=st.booleans())
def test_the_stats_read_a_notes_order_number_as_the_importer_does(
    rest: str, prefixed: bool
) -> None:
    assume(prefixed or not rest.startswith(ORDER_PREFIX))
    note = (ORDER_PREFIX if prefixed else "") + rest
    (found,) = _CONN.execute(f"SELECT {ORDER_NUMBER_SQL} FROM (SELECT ? AS note)", (note,))
    expected = order_in_note(rest) if prefixed else ""
    assert found[0] == (expected or None)


@given(rest=_TEXT)
def test_a_note_saved_keeps_its_order_number_and_every_word(rest: str) -> None:
    """What the app saves of a note starting 订单号: the number the seller's separator ended
    (，, a space …) is the order's (read up to ；), and nothing but that one separator
    changes."""
    note = ORDER_PREFIX + rest
    kept = order_kept(note)
    assert len(kept) == len(note)
    assert sum(a != b for a, b in zip(note, kept, strict=True)) <= 1
    number = order_in_note(kept[len(ORDER_PREFIX) :])
    assert not any(end in number for end in ";，,、。 \u3000\t\n")
    assert order_kept(kept) == kept


def test_an_order_typed_in_several_ways_is_one_order_and_known_again(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A seller's own sheet: one order of three items, its number typed three ways; the
    same order from another sheet in full-width characters is known, not imported twice."""
    header = "订单号,姓名,手机,日期,金额,商品"
    first = write_csv(
        tmp_path / "一.csv",
        [
            header,
            "E020,孙丽,13800138000,2026-11-08,10,帽子",
            "e020,孙丽,13800138000,2026-11-08,20,围巾",
            "E 020,孙丽,13800138000,2026-11-08,30,手套",
        ],
    )
    assert run("import", "purchases", str(first), "--create-missing").exit_code == 0
    again = write_csv(tmp_path / "二.csv", [header, "Ｅ０２０,孙丽,13800138000,2026-11-08,10,帽子"])

    result = run("--lang", "en", "import", "purchases", str(again))

    assert result.exit_code == 0, result.output
    assert "1 already imported (skipped)" in result.stdout
    assert table_of(book_path, "SELECT orders, revenue_cents FROM stats") == [(1, 6000)]
    notes = table_of(book_path, "SELECT note FROM purchases ORDER BY id")
    assert notes == [("订单号 E020",)] * 3


def test_a_note_edited_after_its_order_number_keeps_the_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The seller adds 加急 to one item's note in the app, after a ，: still the same order
    for the stats and for the next import."""
    header = "订单号,姓名,手机,日期,金额,商品"
    file = write_csv(
        tmp_path / "一.csv",
        [
            header,
            "E001,王芳,13800138000,2026-11-08,10,帽子",
            "E001,王芳,13800138000,2026-11-08,20,围巾",
        ],
    )
    assert run("import", "purchases", str(file), "--create-missing").exit_code == 0
    with Book.open(book_path, today=fixed_clock) as book:  # as the app's purchase form saves
        (customer,) = book.conn.execute("SELECT id FROM customers").fetchone()
        hat = next(each for each in book.purchases_of(customer) if each.items == "帽子")
        book.edit_purchase(hat.model_copy(update={"note": hat.note + "，客户要求加急"}))
    assert table_of(book_path, "SELECT note FROM purchases ORDER BY id")[0] == (
        "订单号 E001；客户要求加急",
    )
    assert table_of(book_path, "SELECT orders FROM stats") == [(1,)]
    again = run("--lang", "en", "import", "purchases", str(file))
    assert "2 already imported (skipped)" in again.stdout


def test_a_sellers_own_number_used_again_next_month_is_another_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A seller numbering her orders 1, 2, 3 each month: December's 1 and 2 are not
    November's (one of them a new buyer's), neither skipped nor counted as one; a shop's
    long number given another day by another export is still the order the book holds."""
    header = "订单号,姓名,手机,日期,金额,商品"
    november = write_csv(
        tmp_path / "十一月.csv",
        [
            header,
            "1,钱多多,13800138001,2026-11-02,10,帽子",
            "2,钱多多,13800138001,2026-11-05,20,围巾",
            "3019283746501,钱多多,13800138001,2026-11-06,30,手套",
        ],
    )
    assert run("import", "purchases", str(november), "--create-missing").exit_code == 0
    december = write_csv(
        tmp_path / "十二月.csv",
        [
            header,
            "1,钱多多,13800138001,2026-11-20,40,袜子",
            "2,孔雀,13900139002,2026-11-21,50,帽子",
            "3019283746501,钱多多,13800138001,2026-11-07,30,手套",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(december), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 2 of 3 rows (1 customer created" in result.stdout
    figures = table_of(
        book_path,
        "SELECT c.name, s.orders, s.revenue_cents FROM customers c"
        " JOIN stats s ON s.customer_id = c.id ORDER BY c.id",
    )
    assert figures == [("钱多多", 4, 10000), ("孔雀", 1, 5000)]


def test_the_queue_as_of_a_past_day_counts_an_order_once_as_the_stats_do(tmp_path: Path) -> None:
    """The follow-up queue of an earlier day reads the purchases again: an order of three
    items is one purchase there too, as in the stats of today."""
    from datetime import date

    from xiaoben.store.followups import load_as_of

    with Book.open(tmp_path / "book.db", today=fixed_clock) as book:
        conn = book.conn
        with book.batch():
            conn.execute(
                "INSERT INTO customers (id, name, created_at, updated_at)"
                " VALUES (1, '王芳', '', '')"
            )
            conn.executemany(
                "INSERT INTO purchases (customer_id, date, amount_cents, items, note, created_at)"
                " VALUES (1, '2026-11-08', 100, ?, ?, '')",
                [("帽子", "订单号 E1"), ("围巾", "订单号 E1；赠品"), ("手套", "")],
            )
        past = load_as_of(conn, date(2026, 11, 20), 3)
    assert list(past.orders) == [2]  # E1's two items once, the gloves
