"""Loose ends a seller met in imports: a landline's extension, the column of a bad second
phone, a file with a header and no rows, a product written full-width. Each through the
real `xiaoben import`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from tests.book_helpers import buy, customer, fixed_clock, write_csv
from tests.workbook_helpers import write_xlsx
from xiaoben.models.customer import Customer
from xiaoben.models.errors import rule_message
from xiaoben.models.values import normalise_phone, number_before_extension
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3


def notes_of(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [notes for (notes,) in conn.execute("SELECT notes FROM customers ORDER BY id")]
    finally:
        conn.close()


def phones_of(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.execute("SELECT name, phones FROM customers ORDER BY id"))
    finally:
        conn.close()


# ---- a landline with an extension: typed, refused with a word; imported, kept in the notes


@pytest.mark.parametrize(
    ("cell", "extension"),
    [
        ("010-6552 8888 转 123", "123"),
        ("0755-8888 8888-123", "123"),
        ("010 6552 8888 ext. 12", "12"),
        ("01065528888x12", "12"),
        ("010-65528888 分机 8", "8"),
        ("0571-88886666#4001", "4001"),
        ("+1 415 555 2671 ext 3", "3"),
    ],
)
def test_a_phone_with_an_extension_is_refused_naming_the_extension(
    cell: str, extension: str
) -> None:
    with pytest.raises(PydanticCustomError) as raised:
        normalise_phone(cell)
    said = rule_message(raised.value, "en")
    assert f"has extension {extension}" in said
    assert cell in said
    assert f"带分机号 {extension}" in rule_message(raised.value, "zh")


@given(
    st.sampled_from(["010-6552 8888", "0571-88888888", "021 6666 8888", "+1 415 555 2671"]),
    st.sampled_from(["转", " 转 ", "分机", " ext. ", "ext", " x", "x", "#", "-", " - "]),
    st.from_regex(r"[0-9]{1,6}", fullmatch=True),
)
def test_an_import_reads_the_number_before_any_extension_typed_after_it(
    number: str, apart: str, extension: str
) -> None:
    assert number_before_extension(f"{number}{apart}{extension}") == number


@pytest.mark.parametrize(
    "cell", ["010-65528888", "0755-8888 8888", "13800138000", "138-1234-567", "转 123", ""]
)
def test_a_phone_or_no_phone_has_no_number_before_an_extension(cell: str) -> None:
    assert number_before_extension(cell) is None


@pytest.mark.parametrize("cell", ["010-65528888", "0755-8888 8888", "138 1234 5678"])
def test_a_phone_without_an_extension_is_kept(cell: str) -> None:
    assert normalise_phone(cell).startswith("+86")


@pytest.mark.parametrize("cell", ["010-6552-888", "138-1234-567", "12345"])
def test_a_short_number_is_not_mistaken_for_one_with_an_extension(cell: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Customer(name="张三", phones=cell)
    assert "extension" not in str(raised.value)


@pytest.mark.parametrize(
    "cell",
    [
        "0571-8888 8888 转 123",
        "0571-88888888转123",
        "0571-88888888 ext. 123",
        "0571-88888888 x123",
        "0571-88888888-123",
    ],
)
def test_a_customers_import_keeps_an_extension_in_the_notes_and_the_number_as_the_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, cell: str
) -> None:
    """As a contact card's number with an extension is read (test_import_vcards): the
    phone is the number, the notes keep the whole as written; the file is not refused."""
    sheet = write_csv(
        tmp_path / "客户.csv",
        ["姓名,手机,电话,备注", f"张三,13812345678,{cell},老客户", "李四,13912345678,,"],
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert phones_of(book_path) == [
        ("张三", '["+8613812345678", "+8657188888888"]'),
        ("李四", '["+8613912345678"]'),
    ]
    assert notes_of(book_path)[0] == f"老客户\n带分机的电话：{cell}"


def test_a_phone_cell_of_two_numbers_keeps_each_and_the_extension(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,电话", "张三,13812345678 / 0755-8888 8888-123"])

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert phones_of(book_path) == [("张三", '["+8613812345678", "+8675588888888"]')]
    assert notes_of(book_path) == ["带分机的电话：0755-8888 8888-123"]


def test_a_purchases_import_makes_a_switchboard_customer_as_a_customers_import_does(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    """A landline with an extension nobody keeps, with --create-missing: a customer with the
    number as the phone and the whole in the notes (it was refused naming the extension,
    before a purchases row's extension could pick a colleague on a switchboard)."""
    bills = write_csv(
        tmp_path / "bills.csv",
        ["客户,电话,日期,金额", "孙七,010-6552 8888 转 123,2026-11-20,100"],
    )

    result = run("import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output
    assert phones_of(shop_path)[-1] == ("孙七", '["+861065528888"]')
    assert notes_of(shop_path)[-1] == "带分机的电话：010-6552 8888 转 123"


# ---- several phone columns: a bad cell is named by its own column -----------------------


def test_a_bad_phone_in_the_second_phone_column_names_that_column(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机,手机2,电话",
            "张三,13812345678,abc,",
            "李四,xyz,13912345678,",
            "王五,13712345678,,0571-1",
            "赵六,13612345678;13512345678,13412345678,qq",
        ],
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("line")]
    assert [line.split(": phone:")[0] for line in lines] == [
        "line 2, 手机2",
        "line 3, 手机",
        "line 4, 电话",
        "line 5, 电话",
    ]
    assert "“abc”" in lines[0] and "“xyz”" in lines[1] and "“qq”" in lines[3]


def test_a_bad_phone_in_a_workbook_names_its_column_too(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    book = write_xlsx(
        tmp_path / "客户.xlsx",
        {"客户": [["姓名", "手机", "备用电话"], ["张三", 13812345678, "12345"]]},
    )

    result = run("import", "customers", book)

    assert result.exit_code == 1
    assert "line 2, 备用电话: phone:" in result.stderr


# ---- a header and no rows ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "header"), [("customers", "姓名,手机"), ("purchases", "客户,日期,金额")]
)
def test_a_file_with_a_header_and_no_rows_says_so_and_fails_like_an_empty_file(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, kind: str, header: str
) -> None:
    only_header = write_csv(tmp_path / "only.csv", [header])
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")

    result = run("import", kind, only_header)
    in_chinese = run("--lang", "zh", "import", kind, only_header, "--dry-run")
    empty_result = run("import", kind, empty)

    assert result.exit_code == empty_result.exit_code == in_chinese.exit_code == 1
    assert "the file has a header but not one row under it" in result.stderr
    assert "0 of 0" not in result.output
    assert "文件只有表头，表头下面没有一行数据" in in_chinese.stderr
    assert phones_of(book_path) == []


@pytest.mark.parametrize(
    ("kind", "lines"),
    [("customers", ["姓名,手机", "合计,"]), ("purchases", ["客户,日期,金额", "合计,,120"])],
)
def test_a_file_with_only_its_total_line_says_so_and_imports_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, kind: str, lines: list[str]
) -> None:
    only_total = write_csv(tmp_path / "total.csv", lines)

    result = run("import", kind, only_total)
    in_chinese = run("--lang", "zh", "import", kind, only_total)

    assert result.exit_code == in_chinese.exit_code == 1
    assert "only the sheet's total line, not one row of data" in result.stderr
    assert "0 of 0" not in result.output
    assert "not one row under it" not in result.stderr  # not said to be a header alone
    assert "表头下面只有表格的合计行，没有一行客户或订单数据" in in_chinese.stderr
    # the total line is named, once, as when rows are imported beside it (both kinds)
    assert result.stderr.count("line 2 is the sheet's total (“合计”) and is not imported") == 1
    assert in_chinese.stderr.count("第 2 行是表格的合计行（“合计”），不导入") == 1
    assert phones_of(book_path) == []


def test_a_workbook_sheet_with_only_its_header_says_so(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    book = write_xlsx(tmp_path / "订单.xlsx", {"订单": [["客户", "日期", "金额"]]})

    result = run("import", "purchases", book)

    assert result.exit_code == 1
    assert "the file has a header but not one row under it" in result.stderr


# ---- a product typed two ways is one product ---------------------------------------------


def test_a_product_written_full_width_and_half_width_is_one_product_in_the_report(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A shop export's ＡＢＣ口红（大） and a sheet's ABC口红(大) are one product, as the app
    saves them (models.text.one_spelling, NFKC): before, the import kept the full-width
    spelling and the overview showed two products."""
    with Book.open(book_path, today=fixed_clock) as book:
        typed = buy(book, customer(book, "周一"), 30, "2026-11-01", items="ＡＢＣ口红（大）")
    orders = write_csv(
        tmp_path / "orders.csv",
        [
            "客户,日期,金额,商品",
            "张三,2026-11-01,100,ＡＢＣ口红（大）",
            "李四,2026-11-02,50,ABC口红(大)",
            "王五,2026-11-03,80,口红，大号",
            '赵六,2026-11-03,80,"口红,大号"',
        ],
    )

    imported = run("import", "purchases", orders, "--create-missing")
    report = run("report", "--json")

    assert imported.exit_code == 0, imported.output
    products = json.loads(report.stdout)["periods"][0]["products"]
    assert {bar["key"]: bar["customers"] for bar in products} == {
        "ABC口红(大)": 3,
        "口红,大号": 2,
    }
    conn = sqlite3.connect(book_path)
    try:
        stored = {item for (item,) in conn.execute("SELECT DISTINCT items FROM purchases")}
    finally:
        conn.close()
    assert stored == {typed.items, "口红,大号"}  # each reads back as the app saves it


# ---- a product the one spelling lengthens past the limit ---------------------------------

LENGTHENED = "\ufdfa" * 20  # 20 characters; NFKC spells each as 18 (360 > SHORT_MAX)


@pytest.mark.parametrize("plain_rows", [0, 300], ids=["alone", "among plain cells"])
def test_a_product_longer_than_the_limit_once_spelled_is_refused_by_name(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, plain_rows: int
) -> None:
    """The limit counts the stored spelling: before, a cell under 200 characters that NFKC
    makes 360 was stored at 360 (the column read at once, or the cell alone)."""
    lines = ["客户,日期,金额,商品", *["张三,2026-11-01,10,面膜"] * plain_rows]
    orders = write_csv(tmp_path / "orders.csv", [*lines, f"李四,2026-11-02,7,{LENGTHENED}"])

    result = run("import", "purchases", orders, "--create-missing")

    assert result.exit_code == 1
    assert f"line {plain_rows + 2}, 商品: items: must be at most 200 characters" in result.output
    conn = sqlite3.connect(book_path)
    try:
        assert conn.execute("SELECT count(*) FROM purchases").fetchone() == (0,)
    finally:
        conn.close()


def test_the_apps_form_counts_the_limit_on_the_spelled_product() -> None:
    from datetime import date

    from xiaoben.models.purchase import Purchase
    from xiaoben.models.text import one_spelling

    with pytest.raises(ValidationError) as refused:
        Purchase(customer_id=1, date=date(2026, 11, 1), amount=1, items=LENGTHENED)
    assert refused.value.errors()[0]["type"] == "too_long"
    # typed longer than the limit, though shorter spelled: refused, as the import refuses it
    with pytest.raises(ValidationError):
        Purchase(customer_id=1, date=date(2026, 11, 1), amount=1, items="面膜  " * 60)
    kept = Purchase(customer_id=1, date=date(2026, 11, 1), amount=1, items="\ufdfa" * 11)
    assert kept.items == one_spelling("\ufdfa" * 11) and len(kept.items) == 198
