"""The purchases writer remembers whose keys are whose for a bounded number of key sets
(purchase_writer.RESOLVED_MAX): a file of many distinct customers holds no more for it than
a file of a few thousand, and what an import writes does not depend on the bound."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.book_helpers import write_csv
from xiaoben.store import purchase_writer
from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportReport, import_table

HEADER = "客户编号,姓名,手机,日期,金额"


def _scattered(customers: int, rows: int) -> list[str]:
    """Rows of `customers` customers in a scattered order, some naming theirs by code, some
    by phone alone, some by name alone, each with the same day and amount as another."""
    lines = []
    for n in range(rows):
        who = (n * 7919) % customers
        code, name, phone = f"C{who:05d}", f"客户{who}", f"138{who:08d}"
        form = n % 4
        if form == 1:
            code = ""  # the phone alone, with the name
        elif form == 2:
            code, phone = "", ""  # the name alone: the customer an earlier row made
        lines.append(f"{code},{name},{phone},2024-03-{n % 28 + 1:02d},{n % 50 + 1}")
    return lines


def _import(book: Book, path: Path) -> ImportReport:
    table = read_any(path, kind="purchases")
    return import_table(
        book, "purchases", table, lambda *_: None, create_missing=True, keep_good=True
    )


def _written(book: Book) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    purchases = book.conn.execute(
        "SELECT customer_id, date, amount_cents FROM purchases ORDER BY id"
    ).fetchall()
    customers = book.conn.execute(
        "SELECT id, code, name, phones FROM customers ORDER BY id"
    ).fetchall()
    return purchases, customers


def test_what_an_import_writes_does_not_depend_on_the_bound(
    tmp_path: Path, open_book: Callable[..., Book], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same file into two empty books, the second writer remembering three key sets at
    most: the same purchases for the same customers, the same customers, the same report —
    a namesake made mid-file refuses the later rows naming that name alone, in both."""
    lines = _scattered(customers=300, rows=3_000)
    named = (1_502 * 7919) % 300  # the customer row 1,502 names by name alone
    lines.insert(1_500, f"N1,客户{named},,2024-03-05,9")  # a namesake (code N1)
    path = write_csv(tmp_path / "scattered.csv", [HEADER, *lines])
    with open_book(tmp_path / "a.db") as remembering:
        report = _import(remembering, path)
        expected = _written(remembering)
    monkeypatch.setattr(purchase_writer, "RESOLVED_MAX", 3)
    with open_book(tmp_path / "b.db") as forgetting:
        bounded = _import(forgetting, path)
        got = _written(forgetting)

    assert got == expected
    assert (bounded.imported, bounded.created_customers) == (report.imported, 301)
    assert [error.line for error in bounded.errors] == [error.line for error in report.errors]
    assert bounded.errors and bounded.errors[0].line > 1_500  # by that name, after N1


# A real process imports a file of `customers` distinct customers (one row each, then each
# again) with the bound set to 1,000, and prints the most key sets its writer held and the
# bytes of the two tables that hold them, after every batch.
_CHILD = """
import json, sys
from pathlib import Path
from xiaoben.store import purchase_writer
from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import import_table

purchase_writer.RESOLVED_MAX = 1_000
held = {"entries": 0, "bytes": 0}
write = purchase_writer.PurchaseWriter.write

def measured(self, rows, expected_rows, *more):
    write(self, rows, expected_rows, *more)
    size = sys.getsizeof(self.resolved) + sys.getsizeof(self.cached_by_value)
    held["entries"] = max(held["entries"], len(self.resolved))
    held["bytes"] = max(held["bytes"], size)

purchase_writer.PurchaseWriter.write = measured
book = Book.open(Path(sys.argv[1]))
table = read_any(Path(sys.argv[2]), kind="purchases")
report = import_table(book, "purchases", table, lambda *_: None, create_missing=True)
book.close()
print(json.dumps({**held, "created": report.created_customers}))
"""


def _held(tmp_path: Path, customers: int) -> dict[str, int]:
    lines = [
        f"C{n % customers:06d},客户{n % customers},2024-03-{n % 28 + 1:02d},{n % 50 + 1}"
        for n in range(2 * customers)
    ]
    path = write_csv(tmp_path / f"{customers}.csv", ["客户编号,姓名,日期,金额", *lines])
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path / f"{customers}.db"), str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_a_file_of_many_customers_holds_no_more_of_them_than_a_bound(tmp_path: Path) -> None:
    few, many = _held(tmp_path, 2_000), _held(tmp_path, 12_000)

    assert (few["created"], many["created"]) == (2_000, 12_000)
    assert few["entries"] == many["entries"] == 1_000
    assert many["bytes"] <= few["bytes"] < 200_000  # unbounded: six times as much


def test_an_import_that_creates_nobody_keeps_no_values_of_the_keys_it_remembers(
    tmp_path: Path, open_book: Callable[..., Book], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The values of each remembered key set are kept only to drop the entries a customer
    made later may change: an import without --create-missing makes nobody, and keeps none
    (it remembers the customers all the same)."""
    path = write_csv(tmp_path / "scattered.csv", [HEADER, *_scattered(customers=50, rows=400)])
    held: list[tuple[int, int]] = []
    finish = purchase_writer.PurchaseWriter.finish

    def measured(self: purchase_writer.PurchaseWriter, touched: object) -> None:
        held.append((len(self.resolved), len(self.cached_by_value)))
        finish(self, touched)  # type: ignore[arg-type]

    monkeypatch.setattr(purchase_writer.PurchaseWriter, "finish", measured)
    with open_book(tmp_path / "a.db") as book:
        _import(book, path)  # creates the 50 customers
        before = _written(book)
        table = read_any(path, kind="purchases")
        again = import_table(
            book, "purchases", table, lambda *_: None, on_duplicate="new", keep_good=True
        )
        after = _written(book)

    assert held[0][0] > 0 and held[0][1] > 0  # creating: the values kept
    assert held[1][0] > 0 and held[1][1] == 0  # remembering, keeping no values
    assert again.imported > 300 and again.created_customers == 0 and after[1] == before[1]
