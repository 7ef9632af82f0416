"""Exported customers who share a WeChat ID or a phone import back whole: a mother and
daughter on one WeChat account, a couple on one landline, each with a code of their own (or
none). `xiaoben export` of the customers and of the purchases, imported into a fresh book,
gives every customer and every purchase back, field by field; imported into the book they
came from, it changes nobody."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.book_helpers import buy, customer, fixed_clock
from tests.test_export_customer_namesakes import exported, make_book, seen
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3

Run = Callable[..., Result]


def bought(path: Path) -> list[tuple[object, ...]]:
    """Every purchase with the customer it went to as the seller sees them (a multiset)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT c.code, c.name, c.phones, c.wechat, p.date, p.amount_cents FROM purchases p"
            " JOIN customers c ON c.id = p.customer_id"
        ).fetchall()
    finally:
        conn.close()
    return sorted(rows, key=repr)


def codes(path: Path) -> list[str | None]:
    conn = sqlite3.connect(path)
    try:
        return sorted(code for (code,) in conn.execute("SELECT code FROM customers"))
    finally:
        conn.close()


def both_exported(run: Run, book: Path, folder: Path) -> tuple[Path, Path]:
    people, bills = folder / "customers.csv", folder / "purchases.csv"
    exported(run, book, people)
    result = run("export", bills, "--table", "purchases", db=book)
    assert result.exit_code == 0, result.output
    return people, bills


def imported(run: Run, book: Path, kind: str, source: Path) -> str:
    result = run("import", kind, source, db=book)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def sharing_path(book_path: Path) -> Path:
    """黄莹丽 C001 and 黄莹丽 C002 (mother and daughter) on one WeChat account; 张父 C003 and
    张母 C004 on one landline; 李娜 and 李娜 (no code) on one WeChat account and 赵敏 and 钱红
    (no code) on one phone; each with a purchase."""
    with Book.open(book_path, today=fixed_clock) as book:
        made = [
            customer(book, "黄莹丽", code="C001", phones=["15024991532"], wechat="hyl_1371"),
            customer(book, "黄莹丽", code="C002", phones=["13929656577"], wechat="hyl_1371"),
            customer(book, "张父", code="C003", phones=["13600136010", "0571-88881234"]),
            customer(book, "张母", code="C004", phones=["0571-88881234"]),
            customer(book, "李娜", phones=["13812345678"], wechat="lina_88"),
            customer(book, "李娜", wechat="lina_88"),
            customer(book, "赵敏", phones=["13900139000"]),
            customer(book, "钱红", phones=["13900139000"]),
        ]
        for amount, who in enumerate(made, 1):
            buy(book, who, amount * 100, f"2026-03-{amount:02d}")
    return book_path


def test_customers_sharing_a_wechat_id_or_phone_come_back_whole_in_a_fresh_book(
    run: Run, sharing_path: Path, tmp_path: Path
) -> None:
    people, bills = both_exported(run, sharing_path, tmp_path)
    fresh = tmp_path / "fresh.db"

    said = imported(run, fresh, "customers", people)
    paid = imported(run, fresh, "purchases", bills)

    assert "imported 8 of 8 rows (8 customers created, 0 updated" in said, said
    assert "not imported" not in said
    assert "imported 8 of 8 rows" in paid, paid
    assert seen(fresh) == seen(sharing_path)
    assert bought(fresh) == bought(sharing_path)


def test_customers_sharing_a_key_import_into_their_own_book_changing_nobody(
    run: Run, sharing_path: Path, tmp_path: Path
) -> None:
    people, bills = both_exported(run, sharing_path, tmp_path)
    before, paid_before = seen(sharing_path), bought(sharing_path)

    said = imported(run, sharing_path, "customers", people)
    again = imported(run, sharing_path, "purchases", bills)

    assert "all 8 rows match the book's customers (0 customers created" in said, said
    assert "8 rows are purchases already in the book (same customer" in again, again
    assert (seen(sharing_path), bought(sharing_path)) == (before, paid_before)


def test_a_shared_wechat_id_of_the_same_name_and_another_code_is_listed_for_review(
    run: Run, sharing_path: Path, tmp_path: Path
) -> None:
    people, _ = both_exported(run, sharing_path, tmp_path)

    said = imported(run, tmp_path / "fresh.db", "customers", people)

    assert (
        "line 3: hyl_1371 of “黄莹丽” (C002) is also 黄莹丽 (C001)'s, whose code is another:"
        " created as another customer, check if the same" in said
    ), said


# ---- any small book with shared keys (hypothesis) --------------------------------------------

NAMES = ["王芳", "李娜"]  # few: namesakes sharing a key are common
PHONES = ["13812340001", "13812340002", "0571-88881234"]
WECHATS = ["wx_family1", "wx_family2"]


@st.composite
def sharing_books(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Customers with a name of NAMES, each maybe a code of their own, and phones and a
    WeChat ID from small pools (so two often share one), and a purchase or two."""
    people = []
    for number in range(draw(st.integers(1, 6))):
        person: dict[str, Any] = {"name": draw(st.sampled_from(NAMES))}
        if draw(st.booleans()):
            person["code"] = f"C{number:03d}"
        phones = draw(st.lists(st.sampled_from(PHONES), max_size=2, unique=True))
        if phones:
            person["phones"] = phones
        wechat = draw(st.sampled_from([None, *WECHATS]))
        if wechat:
            person["wechat"] = wechat
        person["bought"] = draw(st.lists(st.integers(1, 500), max_size=2))
        people.append(person)
    return people


def make_sharing_book(path: Path, people: list[dict[str, Any]]) -> None:
    make_book(path, [{k: v for k, v in each.items() if k != "bought"} for each in people])
    with Book.open(path, today=fixed_clock) as book:
        for customer_id, person in enumerate(people, 1):
            for day, amount in enumerate(person["bought"], 1):
                buy(book, customer_id, amount, f"2026-02-{day:02d}")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=sharing_books())
@example(
    people=[
        {"name": "王芳", "code": "C000", "wechat": "wx_family1", "bought": [1]},
        {"name": "王芳", "code": "C001", "wechat": "wx_family1", "bought": [2]},
    ]
)
@example(  # the second has a phone of her own: found by the WeChat ID, folded into the first
    people=[
        {"name": "李娜", "wechat": "wx_family1", "bought": [1]},
        {"name": "李娜", "phones": ["13812340001"], "wechat": "wx_family1", "bought": [2]},
    ]
)
def test_any_small_book_with_shared_keys_round_trips(
    run: Run, people: list[dict[str, Any]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        book, fresh = Path(folder) / "book.db", Path(folder) / "fresh.db"
        make_sharing_book(book, people)
        before, paid = seen(book), bought(book)
        customers_file, bills = both_exported(run, book, Path(folder))

        said = imported(run, fresh, "customers", customers_file)
        assert re.search(rf"\({len(people)} customers? created, 0 updated", said), said
        if paid:
            imported(run, fresh, "purchases", bills)
        assert (seen(fresh), bought(fresh)) == (before, paid)

        said = imported(run, book, "customers", customers_file)
        assert "(0 customers created, 0 updated" in said, said
        assert seen(book) == before


# ---- the demo book ---------------------------------------------------------------------------


def test_the_demo_book_with_a_shared_wechat_id_round_trips(
    run: Run, book_path: Path, tmp_path: Path
) -> None:
    """The demo book, with two of its customers of one name on one WeChat account (as the
    20,000-customer demo has): every customer and purchase comes back, codes and all."""
    from xiaoben.store.demo import write_demo

    with Book.open(book_path, today=fixed_clock) as book:
        write_demo(book, customers=120, seed=5)
        first, second = book.get_customer(1), book.get_customer(2)
        book.save_customer(second.model_copy(update={"name": first.name, "wechat": "hyl_1371"}))
        book.save_customer(book.get_customer(1).model_copy(update={"wechat": "hyl_1371"}))
    people, bills = both_exported(run, book_path, tmp_path)
    fresh = tmp_path / "fresh.db"

    imported(run, fresh, "customers", people)
    imported(run, fresh, "purchases", bills)

    assert codes(fresh) == codes(book_path)
    assert len(bought(fresh)) == len(bought(book_path))
    assert bought(fresh) == bought(book_path)
