"""A seller's first day, cell by cell (a hostile tester's findings): placeholders in optional
cells, masked and relay numbers, a number written twice, iPhone labels, the xlsx export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from tests.book_helpers import fixed_clock
from xiaoben.models.customer import Customer
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3


def sheet(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """The rows as a CSV file (path *.csv) or an xlsx workbook written by openpyxl."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        for cells in rows:
            workbook.active.append(list(cells))
        workbook.save(path)
    else:
        path.write_text("".join(",".join(map(str, cells)) + "\n" for cells in rows), "utf-8")
    return path


def customers(book_path: Path) -> dict[str, Customer]:
    with Book.open(book_path, today=fixed_clock) as book:
        ids = [row[0] for row in book.conn.execute("SELECT id FROM customers ORDER BY id")]
        return {each.name: each for each in map(book.get_customer, ids)}


def imported_twice(run: Callable[..., Result], path: Path, *options: str) -> Result:
    """Import the file, check it went in, import it again: the second result."""
    first = run("import", "customers", str(path), *options)
    assert first.exit_code == 0, first.output
    again = run("import", "customers", str(path), *options)
    assert again.exit_code == 0, again.output
    assert "0 customers created, 0 updated" in again.stdout
    return first


# --- placeholders: 无, 不详, N/A … in optional cells read as empty ----------------------------

PLACEHOLDER_ROWS = [
    ["姓名", "手机", "生日", "性别", "微信", "地址", "标签", "邮箱", "推荐人"],
    ["甲", "无", "不详", "未知", "无", "-", "N/A", "null", "无"],
    ["乙", "N/A", "暂无", "保密", "—", "暂无", "无", "none", "/"],
    ["丙", "13800138000", "--", "没有", "n/a", "NA", "--", "-", "-"],
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_placeholders_in_optional_cells_read_as_empty(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, suffix: str
) -> None:
    path = sheet(tmp_path / f"people{suffix}", PLACEHOLDER_ROWS)

    first = imported_twice(run, path)

    assert "imported 3 of 3 rows (3 customers created" in first.stdout
    book = customers(book_path)
    assert [book[name].phones for name in "甲乙"] == [[], []]  # N/A is no "N" and "A"
    assert book["丙"].phones == ["+8613800138000"]
    for each in book.values():
        assert (each.birthday, each.gender, each.wechat, each.email) == (None, None, None, None)
        assert (each.address, each.tags, each.notes, each.referred_by) == ("", [], "", None)


def test_a_placeholder_never_erases_what_the_book_has(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    rows = [["姓名", "手机", "地址"], ["甲", "13800138000", "杭州市西湖区文三路1号"]]
    assert run("import", "customers", str(sheet(tmp_path / "a.csv", rows))).exit_code == 0
    rows[1][2] = "无"

    result = run("import", "customers", str(sheet(tmp_path / "b.csv", rows)))

    assert "0 customers created, 0 updated" in result.stdout
    assert customers(book_path)["甲"].address == "杭州市西湖区文三路1号"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "line 2, 姓名: name: “无” says there is none, it is no name"),
        ("zh", "第 2 行，姓名：“无”表示没有，不是名字"),
    ],
)
def test_a_name_written_as_a_placeholder_is_refused(
    run: Callable[..., Result], tmp_path: Path, suffix: str, lang: str, message: str
) -> None:
    path = sheet(tmp_path / f"people{suffix}", [["姓名", "手机"], ["无", "13800138000"]])

    result = run("--lang", lang, "import", "customers", str(path))

    assert result.exit_code == 1
    assert message in result.stderr


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_value_that_is_no_placeholder_keeps_its_rule(
    run: Callable[..., Result], tmp_path: Path, suffix: str
) -> None:
    # (1990年3月 is kept in her notes now, a year and a month of birth: 3月份 names no year)
    rows = [["姓名", "手机", "生日"], ["甲", "13800138000", "3月份"], ["乙", "无手机", ""]]
    path = sheet(tmp_path / f"people{suffix}", rows)

    result = run("import", "customers", str(path))

    assert result.exit_code == 1
    assert "line 2, 生日: birthday: a birthday is written" in result.stderr
    assert "line 3, 手机:" in result.stderr


# --- masked and relay numbers: kept in the notes, said in the report, never keys --------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_masked_and_relay_numbers_are_kept_in_the_notes_and_reported(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, suffix: str
) -> None:
    rows = [
        ["姓名", "手机"],
        ["甲", "138****8004"],
        ["乙", "13800138002 转 123"],
        ["丙", "13800138002#123"],
        ["丁", "13900139000/138****8004"],
    ]
    path = sheet(tmp_path / f"people{suffix}", rows)

    first = imported_twice(run, path)

    assert "4 customers created" in first.stdout  # 乙 and 丙 share no phone: none is a key
    assert "4 rows had a masked or relay number (line 2: 138****8004)" in first.stdout
    book = customers(book_path)
    assert [book[name].phones for name in "甲乙丙丁"] == [[], [], [], ["+8613900139000"]]
    assert book["甲"].notes == "隐藏或转接的号码（不作电话）：138****8004"
    assert book["乙"].notes == "隐藏或转接的号码（不作电话）：13800138002 转 123"
    assert book["丙"].notes == "隐藏或转接的号码（不作电话）：13800138002#123"


def test_the_report_of_hidden_numbers_in_chinese(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = sheet(
        tmp_path / "people.csv", [["姓名", "手机"], ["甲", "13800138000"], ["乙", "150****1234"]]
    )

    result = run("--lang", "zh", "import", "customers", str(path))

    assert "1 行的隐藏号码或转接号码（如第 3 行的 150****1234）记入备注" in result.stdout


# --- one number written twice is one phone ---------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_number_written_twice_in_a_cell_is_one_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, suffix: str
) -> None:
    rows = [["姓名", "手机"], ["甲", "13800138000/138-0013-8000"]]

    imported_twice(run, sheet(tmp_path / f"people{suffix}", rows))

    assert customers(book_path)["甲"].phones == ["+8613800138000"]


CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\n{lines}END:VCARD\r\n"


def test_a_number_written_twice_in_a_card_is_one_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.vcf"
    lines = "TEL;TYPE=CELL:138 0013 8002\r\nTEL;TYPE=HOME:138-0013-8002\r\n"
    path.write_text(CARD.format(name="王芳", lines=lines), "utf-8")

    imported_twice(run, path)

    assert customers(book_path)["王芳"].phones == ["+8613800138002"]


# --- an iPhone's own label describes a number, not the customer ------------------------------


def test_a_labelled_number_is_noted_with_its_label_not_a_tag_nor_the_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.vcf"
    lines = (
        "TEL;TYPE=CELL:13900139000\r\n"
        "item1.TEL:13600136000\r\nitem1.X-ABLabel:老公\r\n"
        "item2.TEL:13600136001\r\nitem2.X-ABLabel:_$!<Mobile>!$_\r\n"
        "item3.URL:https://shop.example.com\r\nitem3.X-ABLabel:店铺\r\n"
    )
    path.write_text(CARD.format(name="李娜", lines=lines), "utf-8")

    imported_twice(run, path)

    li = customers(book_path)["李娜"]
    assert li.tags == []
    assert li.phones == ["+8613900139000", "+8613600136001"]  # Apple's own label: a phone
    assert li.notes == "老公：13600136000\n店铺：https://shop.example.com"  # under its label


# --- minor: tags apart, 联系方式 and 地区, 13800138000.0, '000124, --map phone, Ctrl-Z ---------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_sheet_as_sellers_write_it_reads_back_as_meant(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, suffix: str
) -> None:
    rows = [
        ["编号", "姓名", "联系方式", "地区", "标签"],
        ["'000124", "甲", "13800138000.0", "浙江杭州", "老客户/VIP|团购"],
    ]

    imported_twice(run, sheet(tmp_path / f"people{suffix}", rows))

    jia = customers(book_path)["甲"]
    assert (jia.code, jia.phones, jia.tags) == (
        "000124",
        ["+8613800138000"],
        ["老客户", "VIP", "团购"],
    )
    assert (jia.address, jia.province, jia.city) == ("浙江杭州", "浙江", "杭州")


def test_a_slash_splits_tags_only_in_the_tags_column(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    rows = [["姓名", "标签", "备注"], ["甲", "A/B", "A/B"]]

    imported_twice(run, sheet(tmp_path / "people.csv", rows))

    assert (customers(book_path)["甲"].tags, customers(book_path)["甲"].notes) == (
        ["A", "B"],
        "A/B",
    )


@pytest.mark.parametrize("field", ["phone", "手机", "phones"])
def test_map_takes_the_exports_header_and_chinese_field_names(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, field: str
) -> None:
    path = sheet(tmp_path / "people.csv", [["姓名", "号码甲"], ["甲", "13800138000"]])

    result = run("import", "customers", str(path), "--map", f"号码甲={field}", "--map", "姓名=姓名")

    assert result.exit_code == 0, result.output
    assert customers(book_path)["甲"].phones == ["+8613800138000"]


def test_a_dos_end_of_file_mark_after_the_last_line_is_ignored(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("姓名,手机\r\n甲,13800138000\r\n\x1a".encode())

    imported_twice(run, path)

    assert customers(book_path)["甲"].phones == ["+8613800138000"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_purchase_keeps_its_amount_and_date_rules_but_a_placeholder_phone_is_empty(
    run: Callable[..., Result], tmp_path: Path, suffix: str
) -> None:
    rows = [
        ["姓名", "手机", "日期", "金额"],
        ["张三", "无", "2026-10-01", "10"],
        ["张三", "N/A", "2026-10-02", "无"],
        ["张三", "-", "-", "30"],
    ]
    path = sheet(tmp_path / f"bills{suffix}", rows)

    result = run("import", "purchases", str(path), "--create-missing", "--keep-good")

    assert result.exit_code == 0, result.output
    assert "imported 1 of 3 rows" in result.stdout
    assert "line 3, 金额: amount:" in result.stderr
    assert "line 4, 日期: date:" in result.stderr
    assert "手机" not in result.stderr


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_dash_in_a_purchases_optional_number_is_none_and_an_amount_still_needs_one(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, suffix: str
) -> None:
    # a shop export writes “-” for no refund and no cost; an amount of “-” is no amount
    rows = [
        ["订单号", "收货人", "手机", "实付金额", "退款金额", "成本", "数量", "支付时间"],
        ["A1", "李四", "13800138002", "92", "-", "--", "-", "2024-03-05 10:00:00"],
        ["A2", "王五", "13800138003", "50", "无", "N/A", "2", "2024-03-06 10:00:00"],
    ]
    path = sheet(tmp_path / f"orders{suffix}", rows)

    result = run("--lang", "en", "import", "purchases", str(path), "--create-missing")

    assert result.exit_code == 0, result.output
    with sqlite3.connect(book_path) as conn:
        stored = conn.execute(
            "SELECT amount_cents, refunded_cents, cost_cents, quantity FROM purchases ORDER BY id"
        ).fetchall()
    assert stored == [(9200, 0, None, 1), (5000, 0, None, 2)]
    rows[1][3] = "-"
    refused = run("--lang", "en", "import", "purchases", str(sheet(tmp_path / f"b{suffix}", rows)))
    assert refused.exit_code == 1
    assert "line 2, 实付金额: amount:" in refused.stderr
