"""A purchases file imported again, or an export read back, brings in nothing twice: a row with
no order number that is a purchase already in the book (same customer, day, amount, items and
quantity) is left out and counted; the file and the book are compared as multisets, so a row
the file has more often than the book still comes in. `--on-duplicate new` imports all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import write_csv
from xiaoben.cli.main import main as cli
from xiaoben.models.errors import BookError
from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import import_table

HEADER = "客户编号,姓名,日期,金额,商品,数量"


def _import(book: Book, path: Path, **options: object):
    table = read_any(path, kind="purchases")
    return import_table(book, "purchases", table, lambda *_: None, create_missing=True, **options)


def _stored(book: Book) -> list[tuple[object, ...]]:
    return book.conn.execute(
        "SELECT c.code, p.date, p.amount_cents, p.items, p.quantity FROM purchases p"
        " JOIN customers c ON c.id = p.customer_id ORDER BY 1, 2, 3, 4, 5"
    ).fetchall()


def test_the_same_file_again_changes_nothing_and_says_so(book: Book, tmp_path: Path) -> None:
    lines = [HEADER, "C1,王芳,2024-03-05,89,面霜,1", "C1,王芳,2024-03-05,89,面霜,1",
             "C2,李娜,2024-03-06,20,口红,2"]  # fmt: skip
    path = write_csv(tmp_path / "bills.csv", lines)
    first = _import(book, path)
    assert (first.imported, first.known_purchases) == (3, 0)
    before = _stored(book)
    again = _import(book, path)
    assert (again.imported, again.known_purchases, again.created_customers) == (0, 3, 0)
    assert _stored(book) == before


def test_rows_the_file_has_more_often_than_the_book_come_in(book: Book, tmp_path: Path) -> None:
    once = write_csv(tmp_path / "once.csv", [HEADER, "C1,王芳,2024-03-05,89,面霜,1"])
    _import(book, once)
    thrice = write_csv(tmp_path / "thrice.csv", [HEADER] + ["C1,王芳,2024-03-05,89,面霜,1"] * 3)
    report = _import(book, thrice)
    assert (report.imported, report.known_purchases) == (2, 1)
    assert len(_stored(book)) == 3


def test_another_amount_day_or_quantity_is_another_purchase(book: Book, tmp_path: Path) -> None:
    _import(book, write_csv(tmp_path / "a.csv", [HEADER, "C1,王芳,2024-03-05,89,面霜,1"]))
    lines = [HEADER, "C1,王芳,2024-03-05,89.01,面霜,1", "C1,王芳,2024-03-06,89,面霜,1",
             "C1,王芳,2024-03-05,89,面霜,2", "C1,王芳,2024-03-05,89,眼霜,1"]  # fmt: skip
    report = _import(book, write_csv(tmp_path / "b.csv", lines))
    assert (report.imported, report.known_purchases) == (4, 0)


def test_on_duplicate_new_imports_them_all(book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [HEADER, "C1,王芳,2024-03-05,89,面霜,1"])
    _import(book, path)
    report = _import(book, path, on_duplicate="new")
    assert (report.imported, report.known_purchases) == (1, 0)
    assert len(_stored(book)) == 2


def test_a_large_file_into_a_book_with_purchases_finds_its_repeats(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import large enough to rebuild the purchase indexes keeps them when the book holds
    purchases it may repeat (they are how repeats are found), and finds every one."""
    from xiaoben.store import purchase_writer

    monkeypatch.setattr(purchase_writer, "BULK_ROWS", 10)
    monkeypatch.setattr(purchase_writer, "TOTALS_ONCE_ROWS", 10)
    lines = [HEADER] + [
        f"C{n % 7},客{n % 7},2024-03-{n % 28 + 1:02d},{n},货{n % 3},1" for n in range(40)
    ]
    path = write_csv(tmp_path / "big.csv", lines)
    _import(book, path)
    before = _stored(book)
    report = _import(book, path)
    assert (report.imported, report.known_purchases) == (0, 40)
    assert _stored(book) == before


_ROW = st.tuples(
    st.sampled_from(["C1", "C2"]), st.sampled_from(["2024-03-05", "2024-03-06"]),
    st.sampled_from(["10", "20"]), st.sampled_from(["面霜", "口红"]),
)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=st.lists(_ROW, max_size=8), second=st.lists(_ROW, max_size=8))
def test_the_book_ends_with_the_larger_count_of_each_purchase(
    first: list[tuple[str, ...]],
    second: list[tuple[str, ...]],
    tmp_path_factory: pytest.TempPathFactory,
    empty_book_template: Path,
) -> None:
    """Property: after importing file A then file B, each purchase is in the book as many
    times as the larger of its counts in A and in B."""
    from collections import Counter

    folder = tmp_path_factory.mktemp("repeats")
    shutil.copyfile(empty_book_template, folder / "book.db")  # a new book
    with Book.open(folder / "book.db") as book:
        for name, rows in (("a.csv", first), ("b.csv", second)):
            lines = [HEADER] + [f"{c},客{c},{d},{a},{i},1" for c, d, a, i in rows]
            if not rows:  # a header and no rows: refused as such, the book unchanged
                before = _stored(book)
                with pytest.raises(BookError, match="not one row under it"):
                    _import(book, write_csv(folder / name, lines))
                assert _stored(book) == before
                continue
            _import(book, write_csv(folder / name, lines))
        stored = Counter(
            (code, day, str(cents // 100), items) for code, day, cents, items, _ in _stored(book)
        )
    expected = Counter(first) | Counter(second)
    assert stored == expected


def test_the_cli_says_how_many_it_left_out(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [HEADER, "C1,王芳,2024-03-05,89,面霜,1"])
    runner = CliRunner()
    db = str(tmp_path / "book.db")
    args = ["--lang", "zh", "--db", db, "import", "purchases", "--create-missing", str(path)]
    assert runner.invoke(cli, args).exit_code == 0
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "1 行已在账本中" in result.output
    assert "--on-duplicate new" in result.output
