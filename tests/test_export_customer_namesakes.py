"""Exported customers import back, namesakes included: `xiaoben export` of the customers
names a customer with no code whom their name does not single out by #id in the code
column (as the purchases export does in its 客户 column), so `xiaoben import customers`
of the file gives every customer back in a fresh book, and finds each again (updating
nobody) in the book it came from."""

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

from tests.book_helpers import customer, fixed_clock, mark_of
from xiaoben.models.customer import Customer
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3

Run = Callable[..., Result]
# A customer as the seller sees them, with their referrer as the seller sees them (ids differ
# from book to book).
_SEEN = """
SELECT c.code, c.name, c.gender, c.province, c.city, c.phones, c.wechat, c.notes, c.tags,
    r.code, r.name, r.city, r.phones
FROM customers c LEFT JOIN customers r ON r.id = c.referred_by
"""


def seen(path: Path) -> list[tuple[object, ...]]:
    """Every customer of the book as the seller sees them, as a sorted list (a multiset)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(_SEEN).fetchall()
    finally:
        conn.close()
    return sorted(rows, key=repr)


def exported(run: Run, book: Path, target: Path) -> None:
    result = run("export", target, *(("--table", "customers") if target.suffix == ".csv" else ()),
                 db=book)  # fmt: skip
    assert result.exit_code == 0, result.output


def imported(run: Run, book: Path, source: Path) -> str:
    sheet = ("--sheet", "customers") if source.suffix == ".xlsx" else ()
    result = run("import", "customers", source, *sheet, db=book)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def namesakes_path(book_path: Path) -> Path:
    """Two 王芳 with no code, phone or WeChat ID, alike in everything; a third 王芳 in 杭州
    with no key either; 李娜 referred by the second 王芳."""
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "王芳")
        second = customer(book, "王芳")
        customer(book, "王芳", province="浙江", city="杭州", notes="买面膜")
        customer(book, "李娜", phones=["13812345678"], referred_by=second.id)
    return book_path


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_exported_namesakes_come_back_in_a_fresh_book(
    run: Run, namesakes_path: Path, tmp_path: Path, suffix: str
) -> None:
    target, fresh = tmp_path / f"customers.{suffix}", tmp_path / "fresh.db"
    exported(run, namesakes_path, target)

    said = imported(run, fresh, target)

    assert "imported 4 of 4 rows (4 customers created, 0 updated" in said
    assert "not imported" not in said and "check if the same" not in said
    assert seen(fresh) == seen(namesakes_path)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_exported_namesakes_import_into_their_own_book_updating_nobody(
    run: Run, namesakes_path: Path, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"customers.{suffix}"
    exported(run, namesakes_path, target)
    before = seen(namesakes_path)

    said = imported(run, namesakes_path, target)

    assert "nothing to change: all 4 rows match the book's customers (0 customers created" in said
    assert seen(namesakes_path) == before


def test_a_namesake_without_a_key_is_named_by_number_in_the_code_column(
    run: Run, namesakes_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "customers.csv"
    exported(run, namesakes_path, target)

    lines = target.read_text(encoding="utf-8-sig").splitlines()
    at = "@" + mark_of(namesakes_path)  # the book's mark: its numbers, not another book's

    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["#1" + at, "王芳"], ["#2" + at, "王芳"], ["#3" + at, "王芳"], ["", "李娜"]
    ]  # fmt: skip
    assert f",#2{at}," in lines[4]  # 李娜's referrer, whom the name 王芳 does not single out


def test_a_number_from_another_book_is_never_taken_for_a_namesake_there(
    run: Run, namesakes_path: Path, tmp_path: Path
) -> None:
    """In a book whose #1 is somebody else, and which has a 王芳 of its own, the rows are
    new customers, listed for review: never folded into that 王芳."""
    target, other = tmp_path / "customers.csv", tmp_path / "other.db"
    exported(run, namesakes_path, target)
    with Book.open(other, today=fixed_clock) as book:
        customer(book, "赵敏")
        customer(book, "王芳", code="W9", city="上海", province="上海")

    said = imported(run, other, target)

    assert "imported 4 of 4 rows (4 customers created, 0 updated" in said
    at = "@" + mark_of(namesakes_path)
    assert f"new customer “王芳” (#1{at}) has the name of 王芳 (W9): created, check if" in said
    conn = sqlite3.connect(other)
    try:
        assert conn.execute("SELECT name, city FROM customers WHERE code = 'W9'").fetchall() == [
            ("王芳", "上海")
        ]
    finally:
        conn.close()


# ---- any small book (hypothesis) ------------------------------------------------------------

NAMES = ["王芳", "李娜", "张伟"]  # few: namesakes are common
PLACES = [("", ""), ("浙江", "杭州"), ("上海", "上海")]  # as the app saves them: both or none


@st.composite
def books(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Customers with a name of NAMES, and each maybe a code, a phone, a WeChat ID of their
    own, a place, a note, a tag and a referrer among those before them."""
    count = draw(st.integers(1, 7))
    people = []
    for number in range(count):
        province, city = draw(st.sampled_from(PLACES))
        person: dict[str, Any] = {
            "name": draw(st.sampled_from(NAMES)),
            "province": province,
            "city": city,
            "notes": draw(st.sampled_from(["", "买面膜", "老客户"])),
            "tags": draw(st.sampled_from([[], ["VIP"]])),
        }
        if draw(st.booleans()) and draw(st.booleans()):
            person["code"] = f"C{number:03d}"
        if draw(st.booleans()) and draw(st.booleans()):
            person["phones"] = [f"1381234{number:04d}"]
        if draw(st.booleans()) and draw(st.booleans()):
            person["wechat"] = f"wx_person{number}"
        if number and draw(st.booleans()):
            person["referred_by"] = draw(st.integers(0, number - 1))  # an index, made an id
        people.append(person)
    return people


def make_book(path: Path, people: list[dict[str, Any]]) -> None:
    with Book.open(path, today=fixed_clock) as book:
        ids: list[int] = []
        for person in people:
            fields = dict(person)
            if "referred_by" in fields:
                fields["referred_by"] = ids[fields["referred_by"]]
            saved = book.save_customer(Customer(**fields))
            assert saved.id is not None
            ids.append(saved.id)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=books(), suffix=st.sampled_from(["csv", "xlsx"]))
@example(people=[{"name": "王芳"}, {"name": "王芳"}], suffix="csv")
@example(
    people=[
        {"name": "王芳"},
        {"name": "王芳", "referred_by": 0},
        {"name": "李娜", "referred_by": 1},
    ],
    suffix="xlsx",
)
def test_any_small_book_round_trips_and_reimports_updating_nobody(
    run: Run, people: list[dict[str, Any]], suffix: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        book, fresh = Path(folder) / "book.db", Path(folder) / "fresh.db"
        target = Path(folder) / f"customers.{suffix}"
        make_book(book, people)
        before = seen(book)
        exported(run, book, target)

        said = imported(run, fresh, target)
        assert re.search(rf"\({len(people)} customers? created, 0 updated", said), said
        assert seen(fresh) == before

        said = imported(run, book, target)
        assert "(0 customers created, 0 updated" in said, said
        assert seen(book) == before
