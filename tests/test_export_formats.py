"""`xiaoben export` to xlsx, CSV and vCard: typed cells, a BOM, the list's filter, and
round trips through the importer into a fresh book (the same customers, purchases, tiers)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from tests.book_helpers import buy, customer, fixed_clock
from xiaoben.models.birthday import Birthday
from xiaoben.store.book import Book
from xiaoben.store.customer_list import count
from xiaoben.store.demo import write_demo
from xiaoben.store.exporting.tables import Column, Table
from xiaoben.store.exporting.writers import write_xlsx

Run = Callable[..., Result]
# Lenses that come from purchases and the profile (contacts are not imported: the stage's
# "prospect" comes from a contact that showed intent, and stays behind).
LENSES = ("value_tier", "r", "f", "m", "rfm_segment", "rfm8", "role", "quadrant", "revenue")


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def _customers(path: Path) -> list[dict[str, Any]]:
    with Book.open(path, today=fixed_clock) as book:
        rows = book.db.execute(
            "SELECT code, name, gender, birthday, province, city, phones, wechat, tags,"
            " interests, demand, strategic, target_profile, archived,"
            " (SELECT coalesce(code, name) FROM customers r WHERE r.id = c.referred_by)"
            " FROM customers c ORDER BY code"
        ).fetchall()
    return [list(row) for row in rows]


def _purchases(path: Path) -> list[tuple[Any, ...]]:
    with Book.open(path, today=fixed_clock) as book:
        return book.db.execute(
            "SELECT c.code, p.date, p.amount_cents, p.items, p.quantity, p.refunded_cents,"
            " p.channel FROM purchases p JOIN customers c ON c.id = p.customer_id"
            " ORDER BY c.code, p.date, p.amount_cents, p.items"
        ).fetchall()


def _lenses(run: Run, path: Path) -> dict[str, tuple[Any, ...]]:
    rows = json.loads(_ok(run("tiers", "--json", db=path)).stdout)
    return {row["customer"]: tuple(row[lens] for lens in LENSES) for row in rows}


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_a_round_trip_through_the_importer_gives_the_same_book(
    run: Run, demo_path: Path, tmp_path: Path, suffix: str
) -> None:
    fresh = tmp_path / "fresh.db"
    if suffix == "xlsx":
        _ok(run("export", tmp_path / "book.xlsx", db=demo_path))
        _ok(run("import", "customers", tmp_path / "book.xlsx", "--sheet", "customers", db=fresh))
        _ok(run("import", "purchases", tmp_path / "book.xlsx", "--sheet", "purchases", db=fresh))
    else:
        _ok(run("export", tmp_path / "customers.csv", db=demo_path))
        _ok(run("export", tmp_path / "purchases.csv", "--table", "purchases", db=demo_path))
        _ok(run("import", "customers", tmp_path / "customers.csv", db=fresh))
        _ok(run("import", "purchases", tmp_path / "purchases.csv", db=fresh))

    assert _customers(fresh) == _customers(demo_path)
    assert _purchases(fresh) == _purchases(demo_path)
    assert _lenses(run, fresh) == _lenses(run, demo_path)


@pytest.mark.parametrize(
    ("suffix", "tags"),
    [
        (suffix, tags)
        for suffix in ("xlsx", "csv")
        for tags in (
            ["VIP;1", "a,b", 'say "hi"', "团购/老客户", "x y", "plain"],
            ["-"],  # alone, a tag that reads as an empty cell (was lost)
            ["无"],
        )
    ],
)
def test_tags_holding_separators_or_quotes_round_trip_whole(
    run: Run, shop_path: Path, tmp_path: Path, suffix: str, tags: list[str]
) -> None:
    with Book.open(shop_path, today=fixed_clock) as book:
        wang = book.find_customer("C001")
        assert wang is not None
        book.save_customer(wang.model_copy(update={"tags": tags}))
    fresh = tmp_path / "fresh.db"
    exported = tmp_path / f"customers.{suffix}"
    _ok(run("export", exported, db=shop_path))
    sheet = ("--sheet", "customers") if suffix == "xlsx" else ()
    _ok(run("import", "customers", exported, *sheet, db=fresh))

    with Book.open(fresh, today=fixed_clock) as book:
        back = book.find_customer("C001")
        assert back is not None and back.tags == tags


def test_a_vcard_round_trip_keeps_names_phones_and_birthdays(
    run: Run, demo_path: Path, tmp_path: Path
) -> None:
    fresh = tmp_path / "fresh.db"
    _ok(run("export", tmp_path / "contacts.vcf", db=demo_path))
    _ok(run("import", "customers", tmp_path / "contacts.vcf", "--on-duplicate", "new", db=fresh))

    def people(path: Path) -> list[tuple[Any, ...]]:
        with Book.open(path, today=fixed_clock) as book:
            rows = book.db.execute("SELECT name, phones, birthday FROM customers ORDER BY id")
            return [
                # a lunar birthday is no BDAY (it moves each year): it travels in the note
                (name, phones, None if birthday and birthday.startswith("L") else birthday)
                for name, phones, birthday in rows.fetchall()
            ]

    assert people(fresh) == people(demo_path)
    with Book.open(demo_path, today=fixed_clock) as book:
        lunar = book.db.execute("SELECT count(*) FROM customers WHERE birthday LIKE 'L%'")
        assert lunar.fetchone()[0] > 0  # the demo has lunar birthdays: the note carries them
    assert "lunar" in (tmp_path / "contacts.vcf").read_text()


NAMES_WITH_A_SPACE = [
    "Anna 王",
    "王 Anna",
    "𠀀𪚥 陈",
    "Ｔｏｍ Ｓｍｉｔｈ",
    "小芳王",
    "欧阳娜娜",
    "Fang Wang",
]


def test_a_vcard_round_trip_keeps_a_name_with_a_space_as_written(
    run: Run, book: Book, book_path: Path, tmp_path: Path
) -> None:
    # The card's N was a split the import runs together family first: Anna 王 read back as
    # 王Anna, and the same book refused its own card (a phone of Anna 王's, named 王Anna).
    for number, name in enumerate(NAMES_WITH_A_SPACE):
        customer(book, name, phones=[f"1380013{number:04d}"])
    book.close()
    fresh = tmp_path / "fresh.db"
    _ok(run("export", tmp_path / "c.vcf"))

    again = _ok(run("--lang", "en", "import", "customers", tmp_path / "c.vcf"))
    _ok(run("import", "customers", tmp_path / "c.vcf", db=fresh))

    assert "nothing to change" in again.output, again.output
    with Book.open(fresh, today=fixed_clock) as back:
        names = [row[0] for row in back.db.execute("SELECT name FROM customers ORDER BY id")]
    assert names == NAMES_WITH_A_SPACE
    text = (tmp_path / "c.vcf").read_text(encoding="utf-8")
    assert "N:欧阳;娜娜;;;" in text  # a split that reads back stays
    assert "N:Anna 王;;;;" in text


def test_a_lunar_birthday_is_written_in_words_in_the_card(
    run: Run, book: Book, book_path: Path, tmp_path: Path
) -> None:
    lunar = Birthday(month=8, day=15, year=1990, lunar=True)
    customer(book, "王芳", birthday=lunar, tags=["VIP", "老客"], wechat="wangfang_88")
    book.close()

    _ok(run("--lang", "zh", "export", tmp_path / "c.vcf"))

    text = (tmp_path / "c.vcf").read_bytes().decode("utf-8")
    assert "BEGIN:VCARD\r\nVERSION:3.0" in text
    assert "农历1990年八月十五" in text
    assert "BDAY" not in text
    assert "CATEGORIES:VIP,老客" in text
    assert "X-SERVICE-TYPE=WeChat:x-apple:wangfang_88" in text


def test_xlsx_cells_are_typed_dates_numbers_and_text_phones(
    run: Run, shop_path: Path, tmp_path: Path
) -> None:
    _ok(run("export", tmp_path / "shop.xlsx"))

    workbook = openpyxl.load_workbook(tmp_path / "shop.xlsx")
    assert workbook.sheetnames == ["customers", "purchases", "contacts", "reminders"]
    customers = list(workbook["customers"].iter_rows(values_only=True))
    header = customers[0]
    wang = dict(zip(header, customers[1], strict=True))
    assert wang["name"] == "王芳"
    assert wang["phone"] == "138 1234 5678"  # text, never 13812345678.0
    assert wang["value tier"] == "A core"
    assert wang["net revenue to date"] == 9000
    assert wang["last purchase"] == datetime(2026, 11, 1)
    assert "A core" in wang["reasons"]
    purchases = list(workbook["purchases"].iter_rows(values_only=True))
    assert purchases[0][:5] == ("customer code", "name", "customer", "date", "amount")
    assert purchases[1][:5] == ("C001", "王芳", None, datetime(2026, 3, 1), 3000)


def test_csv_is_utf8_with_a_bom_and_headers_in_the_sellers_language(
    run: Run, shop_path: Path, tmp_path: Path
) -> None:
    _ok(run("--lang", "zh", "export", tmp_path / "shop.csv"))

    data = (tmp_path / "shop.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf\xe7\xbc\x96\xe5\x8f\xb7,")  # BOM, 编号
    assert "王芳" in data.decode("utf-8-sig")


def test_only_exports_whom_the_list_shows(run: Run, demo_path: Path, tmp_path: Path) -> None:
    with Book.open(demo_path, today=fixed_clock) as book:
        shown = count(book.conn, book.view_query(book.only_view("tier:A")))
        region = book.db.execute(
            "SELECT city FROM customers GROUP BY city ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        in_region = count(book.conn, book.view_query(book.only_view(f"tier:A,B region:{region}")))
    assert shown > 0 and in_region > 0

    result = _ok(run("export", tmp_path / "a.csv", "--only", "tier:A", db=demo_path))
    assert f"{shown} customers" in result.stdout
    rows = (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == shown + 1
    assert all(",A core," in row for row in rows[1:])
    both = f"tier:A,B region:{region}"
    _ok(run("export", tmp_path / "ab.xlsx", "--only", both, db=demo_path))
    sheet = openpyxl.load_workbook(tmp_path / "ab.xlsx")["customers"]
    assert sheet.max_row == in_region + 1


def test_only_takes_the_purchase_models_churn_risk_and_top_clv(tmp_path: Path) -> None:
    with Book.open(tmp_path / "model.db", today=fixed_clock) as book:
        query = book.view_query(book.only_view("流失风险:可能在流失,lost clv:20%"))
        assert query.churn_risks == frozenset({"fading", "lost"})
        assert query.clv_top_percent == 20
        write_demo(book, customers=120, seed=3)  # enough repeat buyers for a model
        clvs = [row[0] for row in book.db.execute("SELECT clv_cents FROM predictions")]
        assert clvs, "the demo book fits a model"
        edge = sorted(clvs, reverse=True)[(len(clvs) * 20 + 99) // 100 - 1]
        expected = book.db.execute(
            "SELECT count(*) FROM predictions p JOIN customers c ON c.id = p.customer_id"
            " WHERE c.archived = 0 AND p.churn_risk IN ('fading', 'lost') AND p.clv_cents >= ?",
            (edge,),
        ).fetchone()[0]
        assert 0 < expected < len(clvs)
        assert count(book.conn, query) == expected
        assert (
            count(book.conn, book.view_query(book.only_view("clv:100")))
            == book.db.execute(
                "SELECT count(*) FROM predictions p JOIN customers c ON c.id = p.customer_id"
                " WHERE c.archived = 0"
            ).fetchone()[0]
        )


@pytest.mark.parametrize(
    ("only", "words"),
    [
        ("colour:red", "“colour” is not known"),
        ("tier:Z", "tier must be one of A / B / C / D"),
        ("clv:0", "clv must be one of 1–100 (%)"),
        ("risk:gone", "risk must be one of alive / fading / lost"),
    ],
)
def test_a_bad_filter_is_refused_before_anything_is_written(
    run: Run, shop_path: Path, tmp_path: Path, only: str, words: str
) -> None:
    result = run("export", tmp_path / "x.csv", "--only", only)

    assert result.exit_code == 1
    assert words in result.output
    assert list(tmp_path.glob("x.csv*")) == []


def test_the_format_comes_from_the_name_or_is_asked_for(
    run: Run, shop_path: Path, tmp_path: Path
) -> None:
    refused = run("export", tmp_path / "book.txt")
    assert refused.exit_code == 1
    assert "--format" in refused.output

    _ok(run("export", tmp_path / "book.txt", "--format", "csv"))
    assert (tmp_path / "book.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    table_on_xlsx = run("export", tmp_path / "b.xlsx", "--table", "purchases")
    assert table_on_xlsx.exit_code == 1
    assert "CSV only" in table_on_xlsx.output


def test_each_table_goes_to_csv_alone(
    run: Run, book: Book, book_path: Path, tmp_path: Path
) -> None:
    from xiaoben.models.interaction import Interaction, Reminder

    wang = customer(book, "王芳", code="C001")
    buy(book, wang, 120, "2026-05-01")
    book.log_contact(Interaction(customer_id=wang.id, at="2026-05-02T10:30", kind="call"))
    book.set_reminder(Reminder(customer_id=wang.id, due="2026-12-01", note="回电话"))
    book.close()

    for table, expected in (
        ("purchases", "C001,王芳,,2026-05-01,120.00,,1,,0.00,,"),
        ("contacts", "C001,王芳,2026-05-02 10:30,call,,,,"),
        ("reminders", "C001,王芳,2026-12-01,回电话,no"),
    ):
        _ok(run("export", tmp_path / f"{table}.csv", "--table", table))
        lines = (tmp_path / f"{table}.csv").read_text(encoding="utf-8-sig").splitlines()
        assert lines[1] == expected


def test_a_table_longer_than_a_sheet_goes_on_into_a_second_sheet(
    run: Run, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.store.exporting.writers.SHEET_ROWS", 100)
    with Book.open(demo_path, today=fixed_clock) as book:
        purchases = book.db.execute("SELECT count(*) FROM purchases").fetchone()[0]
    assert purchases > 100

    _ok(run("export", tmp_path / "book.xlsx", db=demo_path))

    workbook = openpyxl.load_workbook(tmp_path / "book.xlsx")
    parts = [name for name in workbook.sheetnames if name.startswith("purchases")]
    assert parts[:2] == ["purchases", "purchases 2"]
    rows = [row for name in parts for row in workbook[name].iter_rows(min_row=2, values_only=True)]
    assert len(rows) == purchases  # nothing cut
    assert all(workbook[name].cell(1, 1).value == "customer code" for name in parts)


def test_a_vcard_round_trip_keeps_each_tag_whole(run: Run, book_path: Path, tmp_path: Path) -> None:
    tags = ["VIP", "中秋 礼盒", "a,b", "VIP;1", 'say "hi"', "团购/老客户", "back\\slash"]
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "王芳", tags=tags)
    card = tmp_path / "contacts.vcf"
    _ok(run("export", card))
    assert "CATEGORIES:VIP,中秋 礼盒,a\\,b,VIP\\;1," in card.read_text(encoding="utf-8")
    fresh = tmp_path / "fresh.db"

    _ok(run("import", "customers", card, db=fresh))

    with Book.open(fresh, today=fixed_clock) as book:
        assert book.get_customer(1).tags == tags


def _names_and_notes(path: Path) -> list[tuple[str, str, str]]:
    with Book.open(path, today=fixed_clock) as book:
        rows = book.db.execute("SELECT code, name, notes FROM customers ORDER BY id")
        return [tuple(row) for row in rows.fetchall()]


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "vcf"])
def test_the_books_own_export_imported_back_changes_no_name(
    run: Run, shop_path: Path, tmp_path: Path, suffix: str
) -> None:
    with Book.open(shop_path, today=fixed_clock) as book:  # typed in the app: kept as typed
        customer(book, "李 四", code="C004", wechat="wx_lisi04", notes="老客户")
    exported = tmp_path / f"customers.{suffix}"
    _ok(run("export", exported, db=shop_path))
    before = _names_and_notes(shop_path)

    sheet = ("--sheet", "customers") if suffix == "xlsx" else ()
    again = _ok(run("import", "customers", exported, *sheet, db=shop_path))

    assert _names_and_notes(shop_path) == before
    assert "0 customers created, 0 updated" in again.stdout, again.output
    assert "near match" not in again.output


LUNAR_WORDS = {
    "zh": ["农历八月十五", "农历2020年闰四月初二", "1990-03-05"],
    "en": ["lunar 08-15", "lunar 2020 leap 04-02", "1990-03-05"],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_lunar_birthday_is_written_in_words_in_a_sheet_and_reads_back(
    run: Run, book: Book, book_path: Path, tmp_path: Path, lang: str, suffix: str
) -> None:
    # It was a code: L--08-15, L2020-*04-02 (en), 农历--08-15 (zh).
    birthdays = [
        Birthday(month=8, day=15, lunar=True),
        Birthday(month=4, day=2, year=2020, lunar=True, leap_month=True),
        Birthday(month=3, day=5, year=1990),
    ]
    for number, birthday in enumerate(birthdays):
        customer(book, f"客户{number}", code=f"C{number}", birthday=birthday)
    book.close()
    exported = tmp_path / f"c.{suffix}"
    fresh = tmp_path / "fresh.db"

    _ok(run("--lang", lang, "export", exported))
    sheet = ("--sheet", "customers" if lang == "en" else "客户") if suffix == "xlsx" else ()
    _ok(run("--lang", lang, "import", "customers", exported, *sheet, db=fresh))

    if suffix == "csv":
        rows = exported.read_text(encoding="utf-8-sig").splitlines()
        header = rows[0].split(",")
        column = header.index("birthday" if lang == "en" else "生日")
        cells = [row.split(",")[column] for row in rows[1:]]
    else:
        workbook = openpyxl.load_workbook(exported)
        table = list(workbook.worksheets[0].iter_rows(values_only=True))
        column = table[0].index("birthday" if lang == "en" else "生日")
        cells = [row[column] for row in table[1:]]
    assert cells == LUNAR_WORDS[lang]
    assert [row[3] for row in _customers(fresh)] == [row[3] for row in _customers(book_path)]


_MOMENTS = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2199, 12, 31, 23, 59))
# Excel's day 1, a moment in it, the last day before its phantom 1900-02-29 and the first after
_EDGE_MOMENTS = [datetime(1900, 1, 1), datetime(1900, 1, 1, 9, 30), datetime(1900, 2, 28, 23, 59),
                 datetime(1900, 3, 1), datetime(2199, 12, 31, 23, 59)]  # fmt: skip


@settings(max_examples=50, deadline=None)
@given(
    moments=st.lists(
        st.one_of(
            st.sampled_from(_EDGE_MOMENTS),
            _MOMENTS.map(lambda moment: moment.replace(second=0, microsecond=0)),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_every_day_and_moment_an_xlsx_holds_reads_back_as_itself(moments: list[datetime]) -> None:
    """Read as the importer reads a workbook (calamine) and as Excel shows it (openpyxl)."""
    columns = [Column("field.date", "date"), Column("field.at", "moment")]
    rows = [[moment.date(), moment] for moment in moments]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "days.xlsx"
        write_xlsx([Table("contacts", columns, iter(rows))], path)
        read = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[1:]
        shown = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(2, values_only=True))

    as_days = [[_as_moment(cell) for cell in row] for row in read]
    assert as_days == [[datetime.combine(day, time()), moment] for day, moment in rows]
    assert [list(row) for row in shown] == as_days


def _as_moment(cell: object) -> datetime:
    """calamine's cell: a date for a day at midnight, a datetime for any other moment (a
    time of day alone is no day: left as it is, to be told)."""
    if isinstance(cell, date) and not isinstance(cell, datetime):
        return datetime.combine(cell, time())
    return cell  # type: ignore[return-value]  # a datetime, or a time to fail the test
