"""After a merge the book remembers whom the merged-away customer's code, phones and WeChat ID
name: re-importing the seller's unchanged sheets changes nothing, as before the merge."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.book_helpers import fixed_clock
from tests.test_book_merge import every_row
from xiaoben.store.book import Book

CUSTOMERS = (
    "code,name,phone,wechat,tags\n"
    "A1,王芳,13800000001,,团购\n"
    "B2,王芳(旧),13900000002,wf_old_88,老客户\n"
)
PURCHASES = "code,date,amount,items\nB2,2026-10-01,300,面霜\nA1,2026-11-01,100,口红\n"


@pytest.fixture
def sheets(tmp_path: Path) -> tuple[Path, Path]:
    customers, purchases = tmp_path / "客户表.csv", tmp_path / "账单.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    purchases.write_text(PURCHASES, encoding="utf-8")
    return customers, purchases


@pytest.fixture
def merged(run: Callable[..., Any], sheets: tuple[Path, Path]) -> tuple[Path, Path]:
    """The two sheets imported, then B2 merged into A1 (as the seller chose: `take`)."""
    customers, purchases = sheets
    assert run("import", "customers", customers).exit_code == 0
    assert run("import", "purchases", purchases).exit_code == 0
    result = run("merge", "A1", "B2", "--yes")
    assert result.exit_code == 0, result.output
    return sheets


def rows_of(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Book.open(path, today=fixed_clock) as book:
        rows = every_row(book.conn)
    rows.pop("meta")  # an import's remembered column mapping
    return rows


def test_reimporting_the_customers_sheet_after_a_merge_changes_nothing(
    run: Callable[..., Any], merged: tuple[Path, Path], book_path: Path
) -> None:
    before = rows_of(book_path)
    result = run("import", "customers", merged[0])
    assert result.exit_code == 0, result.output
    assert "nothing to change" in result.output
    assert "shared number" not in result.output
    assert rows_of(book_path) == before


def test_reimporting_the_purchases_sheet_after_a_merge_finds_them_in_the_book(
    run: Callable[..., Any], merged: tuple[Path, Path], book_path: Path
) -> None:
    run("import", "customers", merged[0])
    result = run("import", "purchases", merged[1])
    assert result.exit_code == 0, result.output
    assert "2 rows are purchases already in the book" in result.output
    with Book.open(book_path, today=fixed_clock) as book:
        assert book.customer_count() == 1
        assert sorted(str(p.amount) for p in book.purchases_of(1)) == ["100.00", "300.00"]


def test_a_purchase_of_the_merged_away_code_goes_to_the_survivor(
    run: Callable[..., Any], merged: tuple[Path, Path], tmp_path: Path, book_path: Path
) -> None:
    later = tmp_path / "later.csv"
    later.write_text("code,date,amount\nB2,2026-11-20,50\n", encoding="utf-8")
    result = run("import", "purchases", later)
    assert result.exit_code == 0, result.output
    with Book.open(book_path, today=fixed_clock) as book:
        assert book.customer_count() == 1
        assert len(book.purchases_of(1)) == 3
        found = book.find_customer("B2")
        assert found is not None and found.code == "A1"


def test_a_phone_the_survivor_did_not_keep_still_finds_them(
    run: Callable[..., Any], sheets: tuple[Path, Path], tmp_path: Path, book_path: Path
) -> None:
    run("import", "customers", sheets[0])
    result = run("merge", "A1", "B2", "--take", "phones=survivor", "--yes")
    assert result.exit_code == 0, result.output
    later = tmp_path / "later.csv"
    later.write_text("phone,date,amount\n13900000002,2026-11-20,50\n", encoding="utf-8")
    result = run("import", "purchases", later)
    assert result.exit_code == 0, result.output
    with Book.open(book_path, today=fixed_clock) as book:
        assert book.get_customer(1).phones == ["+8613800000001"]
        assert book.customer_count() == 1 and len(book.purchases_of(1)) == 1


def test_a_row_of_the_merged_away_code_that_says_something_new_is_listed_not_imported(
    run: Callable[..., Any], merged: tuple[Path, Path], tmp_path: Path, book_path: Path
) -> None:
    before = rows_of(book_path)
    edited = tmp_path / "edited.csv"
    edited.write_text(CUSTOMERS.replace("老客户", "老客户;VIP"), encoding="utf-8")
    result = run("import", "customers", edited)
    assert result.exit_code == 3, result.output  # a row held back: not all came in
    assert "line 3: B2 (王芳(旧)) was merged into 王芳 (A1)" in result.output
    assert "1 row was not imported" in result.output
    assert rows_of(book_path) == before


def test_the_undo_of_the_merge_takes_the_remembered_keys_away(
    run: Callable[..., Any], sheets: tuple[Path, Path], book_path: Path
) -> None:
    run("import", "customers", sheets[0])
    before = rows_of(book_path)
    assert run("merge", "A1", "B2", "--yes").exit_code == 0
    assert run("unmerge", "1").exit_code == 0
    assert rows_of(book_path) == before


def test_an_edit_of_the_survivor_keeps_the_remembered_code(
    run: Callable[..., Any], merged: tuple[Path, Path], book_path: Path
) -> None:
    with Book.open(book_path, today=fixed_clock) as book:
        survivor = book.get_customer(1)
        book.save_customer(survivor.model_copy(update={"email": "wf@example.com"}))
        found = book.find_customer("B2")
        assert found is not None and found.id == 1


def test_a_code_given_again_to_a_new_customer_is_theirs(
    run: Callable[..., Any], merged: tuple[Path, Path], book_path: Path
) -> None:
    from tests.book_helpers import customer

    with Book.open(book_path, today=fixed_clock) as book:
        new = customer(book, "张伟", code="B2")
        found = book.find_customer("B2")
        assert found is not None and found.id == new.id


def test_a_merged_away_row_named_by_its_phone_is_listed_with_the_phone_as_written(
    run: Callable[..., Any], sheets: tuple[Path, Path], tmp_path: Path
) -> None:
    run("import", "customers", sheets[0])
    assert run("merge", "A1", "B2", "--take", "phones=survivor", "--yes").exit_code == 0
    edited = tmp_path / "edited.csv"
    edited.write_text("name,phone,tags\n王芳(旧),13900000002,老客户;VIP\n", encoding="utf-8")

    result = run("--lang", "en", "import", "customers", edited)

    # before: "+8613900000002 (王芳(旧)) was merged into …"
    assert "line 2: 13900000002 (王芳(旧)) was merged into 王芳 (A1)" in result.output
    assert "+86" not in result.output


# A phone's contacts, imported again after two of them were merged: the merged-away card
# (芳芳) has a phone the survivor holds now, under the name her notes keep (另一个姓名：芳芳).
CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王芳\r\nTEL;TYPE=CELL:13800138001\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:芳芳\r\nTEL;TYPE=CELL:13900139002\r\nEND:VCARD\r\n"
)


@pytest.mark.parametrize("take", [(), ("--take", "name=absorbed")])
def test_reimporting_the_phones_contacts_after_a_merge_changes_nothing(
    run: Callable[..., Any], tmp_path: Path, book_path: Path, take: tuple[str, ...]
) -> None:
    cards = tmp_path / "contacts.vcf"
    cards.write_text(CARDS, encoding="utf-8")
    assert run("import", "customers", cards).exit_code == 0
    assert run("merge", "#1", "#2", *take, "--yes").exit_code == 0
    before = rows_of(book_path)

    result = run("import", "customers", cards)

    # before: exit 3, "13900139002 belongs to 王芳 (#1) but this row names “芳芳”" (or, the
    # survivor named 芳芳, 王芳's own card held back so)
    assert result.exit_code == 0, result.output
    assert "nothing to change: all 2 rows match" in result.output
    line = 1 if take else 6  # the card under the name the merge did not take
    assert f"1 row is of a customer since merged (line {line})" in result.output
    assert "near match" not in result.output
    assert rows_of(book_path) == before


def test_a_merged_away_phone_under_another_name_is_still_held_back(
    run: Callable[..., Any], tmp_path: Path, book_path: Path
) -> None:
    cards = tmp_path / "contacts.vcf"
    cards.write_text(CARDS, encoding="utf-8")
    assert run("import", "customers", cards).exit_code == 0
    assert run("merge", "#1", "#2", "--yes").exit_code == 0
    other = tmp_path / "other.vcf"
    other.write_text(CARDS.replace("芳芳", "张三"), encoding="utf-8")

    result = run("import", "customers", other)

    assert result.exit_code == 3, result.output
    assert "13900139002 belongs to 王芳 (#1) but this row names “张三”" in result.output


def test_a_purchase_under_the_merged_away_name_and_phone_is_hers_unsaid(
    run: Callable[..., Any], tmp_path: Path, book_path: Path
) -> None:
    cards = tmp_path / "contacts.vcf"
    cards.write_text(CARDS, encoding="utf-8")
    assert run("import", "customers", cards).exit_code == 0
    assert run("merge", "#1", "#2", "--yes").exit_code == 0
    bills = tmp_path / "账单.csv"
    bills.write_text("姓名,手机,金额,日期\n芳芳,13900139002,99,2024-03-05\n", encoding="utf-8")

    result = run("import", "purchases", bills)

    # before: "the name is “芳芳” but +8613900139002 is 王芳 (#1)'s: the row went to 王芳 (#1),
    # check", of the customer the seller merged into her
    assert result.exit_code == 0, result.output
    assert "near match" not in result.output
    with Book.open(book_path, today=fixed_clock) as book:
        assert [str(each.amount) for each in book.purchases_of(1)] == ["99.00"]
