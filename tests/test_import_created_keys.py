"""Customers a purchases import creates are found as any customer is: their stored lookup
and search keys are the ones the book gives a customer saved by hand (mobiles of every
prefix, landlines, other countries' numbers, names of several readings), and a search by
name, pinyin, initials, phone or 尾号 finds them."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import import_purchases_csv, write_csv
from tests.conftest import fixed_clock
from xiaoben.models.values import normalise_phone
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.rows import customer_keys
from xiaoben.store.search import customer_search_keys

_DIGITS = "0123456789"
NAMES = ["王芳", "单丽", "曾小贤", "解晓东", "张晓燕", "吕 Anna", "Li Si", "欧阳娜娜", "乐乐"]
PHONES = st.one_of(
    st.builds(
        lambda third, rest: f"1{third}{rest}",
        st.sampled_from("3456789"),
        st.text(_DIGITS, min_size=9, max_size=9),
    ),
    st.builds(lambda rest: f"010-6{rest}", st.text(_DIGITS, min_size=7, max_size=7)),
    st.builds(lambda rest: f"0571-8{rest}", st.text(_DIGITS, min_size=7, max_size=7)),
    st.builds(lambda rest: f"+852 9{rest}", st.text(_DIGITS, min_size=7, max_size=7)),
    st.builds(lambda rest: f"+1 202 555 01{rest}", st.text(_DIGITS, min_size=2, max_size=2)),
)


def _valid(phone: str) -> bool:
    """A number the book takes (140… or 1740… are not numbers anyone is given)."""
    try:
        normalise_phone(phone)
    except ValueError:
        return False
    return True


PEOPLE = st.lists(st.tuples(st.sampled_from(NAMES), PHONES.filter(_valid)), min_size=1, max_size=6)


def _stored_keys(book: Book, customer_id: int) -> tuple[set[str], set[tuple[str, str]]]:
    search = book.conn.execute(
        "SELECT key FROM search_keys WHERE customer_id = ?", (customer_id,)
    ).fetchall()
    lookup = book.conn.execute(
        "SELECT kind, key FROM customer_keys WHERE customer_id = ?", (customer_id,)
    ).fetchall()
    return {key for (key,) in search}, set(lookup)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=PEOPLE)
def test_a_created_customer_has_the_keys_of_one_saved_by_hand(
    empty_book_template: Path, people: list[tuple[str, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        lines = ["编号,姓名,手机,日期,金额"]
        lines += [
            f"C{n:03},{name},{phone},2026-11-01,100" for n, (name, phone) in enumerate(people)
        ]
        path = write_csv(Path(folder) / "bills.csv", lines)
        shutil.copyfile(empty_book_template, Path(folder) / "shop.db")  # a new book
        book = Book.open(Path(folder) / "shop.db", today=fixed_clock, background=False)
        try:
            import_purchases_csv(book, path, create_missing=True, keep_good=True)
            ids = [row[0] for row in book.conn.execute("SELECT id FROM customers")]
            assert ids
            for customer_id in ids:
                customer = book.get_customer(customer_id)
                search, lookup = _stored_keys(book, customer_id)
                assert search == customer_search_keys(customer)
                assert lookup == set(customer_keys(customer))
        finally:
            book.close()


def test_created_customers_are_found_by_name_pinyin_initials_phone_and_tail(
    book: Book, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "bills.csv",
        [
            "编号,姓名,手机,日期,金额",
            "C001,单丽,13912345678,2026-11-01,100",
            "C002,王芳,010-62340001,2026-11-02,50",
            "C003,李雪,+852 91234567,2026-11-03,20",
        ],
    )

    import_purchases_csv(book, path, create_missing=True)

    def found(text: str) -> list[str]:
        return [row.name for row in book.list_window(ListQuery(search=text), 0, 10)]

    assert found("单丽") == found("shanli") == found("danli") == found("sl") == ["单丽"]
    assert found("139123") == found("5678") == found("8613912345678") == ["单丽"]
    assert found("01062340001") == found("1062340001") == found("0001") == found("王") == ["王芳"]
    assert found("91234567") == found("4567") == ["李雪"]
    phones = book.conn.execute("SELECT phones FROM customers WHERE code = 'C003'").fetchone()[0]
    assert json.loads(phones) == ["+85291234567"]


def test_created_customers_keep_every_character_of_their_keys(book: Book, tmp_path: Path) -> None:
    """Their search keys travel to SQLite as one JSON array a customer: characters past the
    BMP (𠮷, an emoji), quotes, backslashes and keys of digits alone come out as given."""
    path = write_csv(
        tmp_path / "bills.csv",
        [
            "编号,姓名,手机,日期,金额",
            'C"1,𠮷田 美,13912345678,2026-11-01,100',
            "C\\2,王😀,13912340002,2026-11-02,50",
            '"C 3,x",0042,13912340003,2026-11-03,20',
        ],
    )

    report = import_purchases_csv(book, path, create_missing=True)

    assert report.created_customers == 3
    for (customer_id,) in book.conn.execute("SELECT id FROM customers").fetchall():
        search, _ = _stored_keys(book, customer_id)
        assert search == customer_search_keys(book.get_customer(customer_id))
    kinds = book.conn.execute("SELECT DISTINCT typeof(key) FROM search_keys").fetchall()
    assert kinds == [("text",)]
    assert {"𠮷田美", "𠮷tianmei", "王😀", "0042", 'c"1', "c\\2"} <= {
        key for (key,) in book.conn.execute("SELECT key FROM search_keys")
    }


def test_a_customers_import_writes_the_search_keys_a_saved_customer_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys of the customers a customers import makes are written a sorted batch at a
    time (customers.LaterKeys): every batch and the last are written, and a customer a
    later row updates has the keys of what the book ends up holding."""
    monkeypatch.setattr("xiaoben.store.customers.LATER_KEYS", 40)  # a batch every 3 or so
    from xiaoben.store.importing.readers import read_any
    from xiaoben.store.imports import import_table

    lines = ["编号,姓名,手机,微信,标签"] + [
        f"K{k:03d},{NAMES[k % len(NAMES)]}{k},138{k:08d},wx_{k:05d},VIP" for k in range(30)
    ]
    lines.append(",张晓燕4,13800000004,,老客")  # K004 again, by phone: a tag of 老客
    book = Book.open(tmp_path / "b.db", today=fixed_clock, background=False)
    try:
        import_table(
            book, "customers", read_any(write_csv(tmp_path / "c.csv", lines)), lambda *_: None
        )
        ids = [each for (each,) in book.conn.execute("SELECT id FROM customers")]
        stored = {
            (key, each) for each in ids for key in customer_search_keys(book.get_customer(each))
        }
        written = set(book.conn.execute("SELECT key, customer_id FROM search_keys"))
        assert len(ids) == 30 and written == stored
        again = book.find_customer("K004")
        assert again is not None and "老客" in again.tags
        assert ("老客", again.id) in written
    finally:
        book.close()
