"""Colleagues on one switchboard (0571-8888 8888 转 101, 转 102) are two customers: each
keeps the switchboard as their phone and the number with their extension in their notes,
and the extension tells them apart. They were one phone to the importer: the second
colleague was held back as "the phone of 甲, another name" (exit 3; --keep-good dropped
them), and the duplicates list offered them as one person (an outside tester's finding)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import customer, write_csv
from xiaoben.models.customer import Customer
from xiaoben.models.values import phone_extensions
from xiaoben.store.book import Book
from xiaoben.store.duplicates import possible_duplicates
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportReport, import_customers

SWITCHBOARD = "+8657188888888"


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def everyone(book: Book) -> list[Customer]:
    ids = [row[0] for row in book.conn.execute("SELECT id FROM customers ORDER BY id")]
    return [book.get_customer(each) for each in ids]


def imported(book: Book, path: Path) -> ImportReport:
    rows, errors = parse_customers(read_any(path, kind="customers"))
    return import_customers(book, rows, errors)


def test_the_notes_tell_each_phones_extensions() -> None:
    notes = "带分机的电话：0571-88888888-101\n带分机的电话：0571-8888 8888 转 103\n别的\n"
    notes += "phone with extension：010-6552 8888 ext. 12\n带分机的电话：不是电话"

    assert phone_extensions(notes) == {SWITCHBOARD: {"101", "103"}, "+861065528888": {"12"}}


def test_colleagues_on_one_switchboard_are_each_a_customer(book: Book, tmp_path: Path) -> None:
    people = write_csv(
        tmp_path / "c.csv",
        ["姓名,电话", "甲,0571-88888888-101", "乙,0571-88888888-102", "丙,0571-88888888转103"],
    )

    report = imported(book, people)
    again = imported(book, people)

    assert (report.created_customers, report.held_back) == (3, 0)
    assert [(c.name, c.phones) for c in everyone(book)] == [
        ("甲", [SWITCHBOARD]),
        ("乙", [SWITCHBOARD]),
        ("丙", [SWITCHBOARD]),
    ]
    assert (again.created_customers, again.updated_customers, again.held_back) == (0, 0, 0)
    assert again.nothing_changed


def test_the_same_extension_under_another_name_is_still_held_back(
    book: Book, tmp_path: Path
) -> None:
    """Another name on 甲's own extension, or on the switchboard alone: which of them is
    meant is unclear, as before."""
    imported(book, write_csv(tmp_path / "a.csv", ["姓名,电话", "甲,0571-88888888-101"]))
    later = write_csv(tmp_path / "b.csv", ["姓名,电话", "戊,0571-88888888-101", "丁,0571-88888888"])

    report = imported(book, later)

    assert (report.created_customers, report.held_back) == (0, 2)


def test_one_who_moved_desk_is_updated_not_made_again(book: Book, tmp_path: Path) -> None:
    """甲 on 转 101 in the book, 甲 on 转 102 in the next file: her, not a second 甲 (a
    reviewer's finding: the extension filter left her out, and a new 甲 was made)."""
    imported(book, write_csv(tmp_path / "a.csv", ["姓名,电话", "甲,0571-88888888-101"]))

    report = imported(book, write_csv(tmp_path / "b.csv", ["姓名,电话", "甲,0571-88888888-102"]))

    assert (report.created_customers, report.updated_customers) == (0, 1)
    [only] = everyone(book)
    assert phone_extensions(only.notes) == {SWITCHBOARD: {"101", "102"}}


def test_one_without_an_extension_kept_may_be_the_rows(book: Book, tmp_path: Path) -> None:
    """The seller typed 甲's switchboard in the app, no extension: a row of 甲 with her
    extension is her, updated, not a second 甲."""
    customer(book, "甲", phones=["0571-88888888"])
    people = write_csv(tmp_path / "c.csv", ["姓名,电话", "甲,0571-88888888-101"])

    report = imported(book, people)

    assert (report.created_customers, report.updated_customers) == (0, 1)
    [only] = everyone(book)
    assert phone_extensions(only.notes) == {SWITCHBOARD: {"101"}}


def test_the_duplicates_list_leaves_colleagues_apart(book: Book, tmp_path: Path) -> None:
    people = write_csv(
        tmp_path / "c.csv",
        ["姓名,电话", "甲,0571-88888888-101", "乙,0571-88888888-102"],
    )
    imported(book, people)
    customer(book, "戊", phones=["0571-88888888"])  # no extension: may be either

    pairs = possible_duplicates(book.conn).pairs

    named = sorted((pair.first.name, pair.second.name) for pair in pairs)
    assert named == [("乙", "戊"), ("甲", "戊")]


def test_the_cli_imports_the_colleagues_with_exit_0(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    people = write_csv(
        tmp_path / "c.csv", ["姓名,电话", "甲,0571-88888888-101", "乙,0571-88888888-102"]
    )

    done = run("import", "customers", people)

    assert done.exit_code == 0, done.output
    assert "2 customers created" in done.output
    assert "held back" not in done.output


# --- a purchases file: the row's extension picks the colleague ------------------------------


def colleagues(book: Book, tmp_path: Path) -> None:
    people = ["姓名,电话", "甲,0571-8888 8888 转 101", "乙,0571-8888 8888 转 102"]
    imported(book, write_csv(tmp_path / "people.csv", people))


def bought(book: Book, path: Path, **options: object) -> ImportReport:
    from tests.book_helpers import import_purchases_csv

    report: ImportReport = import_purchases_csv(book, path, keep_good=True, **options)
    return report


def buyers(book: Book) -> list[tuple[str, int]]:
    """(the buyer's name, the purchase's amount in yuan) of each purchase, in its order."""
    query = (
        "SELECT c.name, p.amount_cents / 100 FROM purchases p"
        " JOIN customers c ON c.id = p.customer_id ORDER BY p.id"
    )
    return list(book.conn.execute(query))


def test_a_purchase_row_extension_picks_the_colleague_whose_it_is(
    book: Book, tmp_path: Path
) -> None:
    """A row giving 0571-8888 8888 转 102 is 乙's, however the extension is written; it was
    refused as a phone with an extension, or as a phone two customers share."""
    colleagues(book, tmp_path)
    bills = write_csv(
        tmp_path / "bills.csv",
        [
            "电话,日期,金额",
            "0571-8888 8888 转 102,2026-11-20,10",
            "0571-88888888-101,2026-11-20,20",
            '"0571-88888888,102",2026-11-20,30',
        ],
    )

    report = bought(book, bills)

    assert report.errors == []
    assert (report.imported, report.created_customers) == (3, 0)
    assert buyers(book) == [("乙", 10), ("甲", 20), ("乙", 30)]


def test_the_bare_switchboard_of_two_colleagues_is_still_refused(
    book: Book, tmp_path: Path
) -> None:
    colleagues(book, tmp_path)
    bills = write_csv(tmp_path / "bills.csv", ["电话,日期,金额", "0571-88888888,2026-11-20,10"])

    report = bought(book, bills, create_missing=True)

    [error] = report.errors
    assert "belongs to both 甲 (#1) and 乙 (#2)" in error.message_in("en")
    assert (report.imported, report.created_customers) == (0, 0)


def test_an_extension_nobody_has_makes_a_customer_as_the_customers_import_would(
    book: Book, tmp_path: Path
) -> None:
    colleagues(book, tmp_path)
    bills = write_csv(
        tmp_path / "bills.csv",
        [
            "客户,电话,日期,金额",
            "丙,0571-8888 8888 转 109,2026-11-20,10",
            "丙,0571-8888 8888 转 109,2026-11-21,20",
            ",0571-88888888-109,2026-11-22,30",
        ],
    )

    report = bought(book, bills, create_missing=True)

    assert report.errors == []
    assert (report.imported, report.created_customers) == (3, 1)
    bing = everyone(book)[-1]
    assert (bing.name, bing.phones, bing.notes) == (
        "丙",
        [SWITCHBOARD],
        "带分机的电话：0571-8888 8888 转 109",
    )
    assert buyers(book) == [("丙", 10), ("丙", 20), ("丙", 30)]


def test_an_extension_nobody_has_is_named_with_it_without_create_missing(
    book: Book, tmp_path: Path
) -> None:
    colleagues(book, tmp_path)
    bills = write_csv(
        tmp_path / "bills.csv", ["电话,日期,金额", "0571-8888 8888 转 109,2026-11-20,1"]
    )

    report = bought(book, bills)

    [error] = report.errors
    assert "no customer “0571-8888 8888 转 109”" in error.message_in("en")
    assert report.imported == 0


def test_one_who_keeps_the_switchboard_alone_may_be_the_rows(book: Book, tmp_path: Path) -> None:
    """As in a customers import: 戊 keeps the switchboard without an extension, so a row
    with one that nobody keeps may be hers."""
    customer(book, "戊", phones=["0571-88888888"])
    bills = write_csv(
        tmp_path / "bills.csv", ["电话,日期,金额", "0571-8888 8888 转 101,2026-11-20,10"]
    )

    report = bought(book, bills)

    assert report.errors == []
    assert buyers(book) == [("戊", 10)]


def test_two_who_keep_the_rows_extension_are_named_with_it(book: Book, tmp_path: Path) -> None:
    """乙 and 丁 both keep 转 102 (one took the desk of the other): which of them bought is
    unclear, and the refusal names the number with its extension."""
    colleagues(book, tmp_path)
    customer(book, "丁", phones=["0571-88888888"], notes="带分机的电话：0571-88888888-102")
    bills = write_csv(
        tmp_path / "bills.csv", ["电话,日期,金额", "0571-8888 8888 转 102,2026-11-20,1"]
    )

    report = bought(book, bills)

    [error] = report.errors
    assert (error.column, error.value) == ("phone", "0571-8888 8888 转 102")
    assert "“0571-8888 8888 转 102” belongs to both 乙 (#2) and 丁 (#3)" in error.message_in("en")


# --- nameless colleagues made by a purchases import: named by their number as written ----


def test_nameless_colleagues_made_from_extensions_are_each_named_by_their_number(
    book: Book, tmp_path: Path
) -> None:
    """Rows without a name, each colleague by her extension: each customer made is named by
    the number as the file wrote it, so they are told apart, and no near match is said
    between them (all were named +8657188888888, and each new one was said to share the
    name of the one before)."""
    bills = write_csv(
        tmp_path / "bills.csv",
        [
            "客户,电话,日期,金额",
            "甲,0571-88888888转101,2026-11-01,10",
            ",0571-88888888-102,2026-11-01,11",
            ",0571-8888 8888 转 102,2026-11-01,12",
            ",0571-88888888 转 109,2026-11-01,13",
            ',"0571-88888888,,110",2026-11-02,14',
        ],
    )

    report = bought(book, bills, create_missing=True)

    assert report.errors == []
    assert [(c.name, c.phones) for c in everyone(book)] == [
        ("甲", [SWITCHBOARD]),
        ("0571-88888888-102", [SWITCHBOARD]),
        ("0571-88888888 转 109", [SWITCHBOARD]),
        ("0571-88888888,,110", [SWITCHBOARD]),
    ]
    assert buyers(book) == [
        ("甲", 10),
        ("0571-88888888-102", 11),
        ("0571-88888888-102", 12),
        ("0571-88888888 转 109", 13),
        ("0571-88888888,,110", 14),
    ]
    assert report.near_matches == []


def test_a_nameless_customer_made_from_a_phone_is_named_as_the_file_wrote_it(
    book: Book, tmp_path: Path
) -> None:
    bills = write_csv(
        tmp_path / "bills.csv",
        ["电话,日期,金额", "13800138000,2026-11-01,10", "0571-88888888,2026-11-01,11"],
    )

    report = bought(book, bills, create_missing=True)

    assert report.errors == []
    assert [c.name for c in everyone(book)] == ["13800138000", "057188888888"]


def test_a_switchboard_of_more_than_two_says_how_many_share_it(book: Book, tmp_path: Path) -> None:
    """The bare switchboard of four colleagues: the refusal names two and says four share
    it (it named 甲 and 乙 alone, as if the choice were between them)."""
    people = [
        "姓名,电话",
        *(f"{name},0571-8888 8888 转 10{at}" for at, name in enumerate("甲乙丙丁")),
    ]
    imported(book, write_csv(tmp_path / "people.csv", people))
    bills = write_csv(tmp_path / "bills.csv", ["电话,日期,金额", "0571-88888888,2026-11-20,10"])

    report = bought(book, bills, create_missing=True)

    [error] = report.errors
    assert error.column == "phone"
    assert error.message_in("en") == (
        "“057188888888” belongs to 4 customers (甲 (#1), 乙 (#2) and others), so which "
        "customer is meant is unclear; tell them apart by code"
    )
    assert error.message_in("zh") == (
        "“057188888888”同时属于 甲 (#1)、乙 (#2) 等 4 位客户，无法确定是哪位客户；请用编号区分"
    )


def test_keys_that_disagree_are_named_as_written(book: Book, tmp_path: Path) -> None:
    """A row's code is one customer's, its switchboard and extension two others': the
    refusal names the number as the file wrote it, with its extension, and how many share
    it (it said “+8657188888888” 却是 乙 / 丙)."""
    people = [
        "编号,姓名,电话",
        "C001,甲,0571-8888 8888 转 101",
        "C002,乙,0571-8888 8888 转 102",
        "C003,丙,0571-8888 8888 转 102",
        "C004,丁,0571-8888 8888 转 102",
    ]
    imported(book, write_csv(tmp_path / "people.csv", people))
    bills = write_csv(
        tmp_path / "bills.csv", ["编号,电话,日期,金额", "C001,0571-88888888转102,2026-11-01,10"]
    )

    report = bought(book, bills)

    [error] = report.errors
    assert error.message_in("zh") == (
        "“C001”是 甲 (C001)，“0571-88888888转102”却是 乙 (C002) / 丙 (C003) 等 3 位客户："
        "这一行指向两位不同的客户，整行未导入"
    )
    assert "“0571-88888888转102” is 乙 (C002) / 丙 (C003) (3 customers)" in error.message_in("en")
