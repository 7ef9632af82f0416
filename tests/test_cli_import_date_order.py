"""`xiaoben import purchases` and a file's slashed dates (03/05/2024), as the Import screen
has them: the order the column shows is said in the report, in the screen's words; a
--date-order given for a column that cannot tell is remembered with the mapping, and used
(and said) for the next file of the same headers when none is given; with none given nor
remembered, the refusal says how to give it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import table_of, write_csv
from xiaoben.models.i18n import t
from xiaoben.store.book import Book

HEADER = "Order ID,Paid Time,Recipient,Order Amount,Product Name,Country"
# a buyer in the United Kingdom: 03/05/2024 may be 5 March or 3 May
UNCLEAR = [HEADER, "1,03/05/2024 10:13,Amy Lee,10.00,Cup,United Kingdom"]
# the same headers in another order, another order of the same shop
LATER = [
    "Country,Product Name,Order Amount,Recipient,Paid Time,Order ID",
    "United Kingdom,Pot,12.00,Amy Lee,04/06/2024 09:00,2",
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("cell", "key", "said"),
    [
        ("25/03/2024", "import.dates_read.day-first", "25/03/2024"),
        ("03/25/2024", "import.dates_read.month-first", "03/25/2024"),
    ],
)
def test_the_order_the_column_shows_is_said_as_the_screen_says_it(
    run: Callable[..., Result], tmp_path: Path, lang: str, cell: str, key: str, said: str
) -> None:
    orders = write_csv(
        tmp_path / "orders.csv",
        [HEADER, "1,03/05/2024,Amy Lee,10.00,Cup,United Kingdom",
         f"2,{cell},Amy Lee,12.00,Pot,United Kingdom"],
    )  # fmt: skip

    result = run("--lang", lang, "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert t(key, lang, column="Paid Time", cell=said) in result.stdout


def test_every_buyer_in_the_united_states_is_said_as_the_reason(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "us.csv", [HEADER, "1,03/05/2024,Amy Lee,10.00,Cup,United States"]
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert t("import.dates_read.us", "en", column="Paid Time") in result.stdout


def test_a_date_order_given_is_remembered_and_used_for_the_next_file_of_those_headers(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    first = write_csv(tmp_path / "may.csv", UNCLEAR)
    later = write_csv(tmp_path / "june.csv", LATER)

    given = run("import", "purchases", first, "--create-missing", "--date-order", "day-first")
    assert given.exit_code == 0, given.output
    with open_book(book_path) as book:
        assert book.remembered_date_order("purchases", LATER[0].split(",")) == "day-first"

    result = run("--lang", "en", "import", "purchases", later, "--create-missing")

    assert result.exit_code == 0, result.output
    order = t("cli.date_order.day-first", "en")
    said = t("cli.remembered_date_order", "en", column="Paid Time", order=order)
    assert said in result.stderr
    assert "--date-order" in said
    assert table_of(book_path, "SELECT date FROM purchases ORDER BY date") == [
        ("2024-05-03",),
        ("2024-06-04",),
    ]


def test_a_dry_run_remembers_no_date_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "may.csv", UNCLEAR)

    tried = run(
        "import", "purchases", orders, "--create-missing", "--date-order", "day-first",
        "--dry-run",
    )  # fmt: skip
    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert tried.exit_code == 0, tried.output
    assert result.exit_code == 1
    said = t("import.date_order_unclear", "en", column="Paid Time", value="03/05/2024 10:13")
    assert said in result.stderr
    assert "--date-order month-first" in said
    assert table_of(book_path, "SELECT count(*) FROM purchases") == [(0,)]


def test_a_date_order_given_keeps_the_mapping_remembered_for_those_headers(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    """--date-order alone, with the mapping --map gave last time proposed: both kept."""
    header = "单号,日期,买家,实收,商品,Country"
    orders = write_csv(tmp_path / "a.csv", [header, "1,03/05/2024,Amy Lee,10,Cup,United Kingdom"])
    mapped = run(
        "import", "purchases", orders, "--create-missing", "--map", "实收=amount",
        "--date-order", "month-first",
    )  # fmt: skip
    assert mapped.exit_code == 0, mapped.output
    again = write_csv(tmp_path / "b.csv", [header, "2,04/06/2024,Amy Lee,12,Pot,United Kingdom"])

    result = run("import", "purchases", again, "--create-missing", "--date-order", "day-first")

    assert result.exit_code == 0, result.output
    with open_book(book_path) as book:
        assert book.remembered_mapping("purchases", header.split(",")) == {"实收": "amount"}
        assert book.remembered_date_order("purchases", header.split(",")) == "day-first"
    assert table_of(book_path, "SELECT date FROM purchases ORDER BY id") == [
        ("2024-03-05",),
        ("2024-06-04",),
    ]
