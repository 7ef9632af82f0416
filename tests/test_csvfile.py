"""Reading a seller's CSV files: encodings, delimiters, columns, a message for every bad cell."""

from __future__ import annotations

import csv
import errno
import os
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic_core import PydanticCustomError

from bench.cdnow import cdnow_to_csv
from xiaoben.models.birthday_text import parse_birthday
from xiaoben.models.enums import Channel, Gender
from xiaoben.models.errors import BookError
from xiaoben.models.i18n import set_language
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.columns import match_columns
from xiaoben.store.importing.csv_table import BATCH_ROWS, read_table
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.errors import unreadable
from xiaoben.store.importing.purchase_rows import CustomerKey, parse_purchases
from xiaoben.store.importing.readers import read_any

# What a negative amount's refusal adds: where a return goes instead.
_REFUND_HINT = (
    ": a return or refund is no negative row; write the sum refunded in a 退款 (refund) "
    "column on the purchase's row, or import the good rows only (--keep-good) and skip these"
)
DATA = Path(__file__).parent / "data"
CHINESE_PURCHASES = (
    "客户,日期,金额(元),商品\n张晓燕,2024-03-08,199.00,面霜\n欧阳娜娜,2024-03-09,88,口红\n"
)


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English unless a test switches (the language is process-wide)."""
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def write(folder: Path, text: str, encoding: str = "utf-8", name: str = "import.csv") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def purchases_of(path: Path) -> tuple[list, list]:
    return parse_purchases(read_table(path))


# --- encodings ---------------------------------------------------------------------------------


def test_utf8_file_with_chinese_headers_imports_names(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, CHINESE_PURCHASES))
    purchases, errors = parse_purchases(table)
    assert table.encoding == "utf-8"
    assert errors == []
    assert [p.name for p in purchases] == ["张晓燕", "欧阳娜娜"]
    assert purchases[0].keys == (CustomerKey("any", "张晓燕"),)
    assert purchases[0].items == "面霜"
    assert purchases[1].amount_cents == 8800


def test_utf8_file_with_bom_keeps_the_first_header(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, CHINESE_PURCHASES, "utf-8-sig"))
    assert table.encoding == "utf-8-sig"
    assert table.header[0] == "客户"
    assert [p.name for p in parse_purchases(table)[0]] == ["张晓燕", "欧阳娜娜"]


def test_gbk_file_with_chinese_headers_imports_names(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, CHINESE_PURCHASES, "gbk"))
    purchases, errors = parse_purchases(table)
    assert table.encoding == "gb18030"  # GBK is read as its superset
    assert errors == []
    assert [p.name for p in purchases] == ["张晓燕", "欧阳娜娜"]


def test_short_gbk_file_is_not_mistaken_for_korean(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "姓名,电话\n王芳,13812345678\n", "gbk", "c.csv"))
    customers, errors = parse_customers(table)
    assert errors == []
    assert customers[0].customer.name == "王芳"


def test_gb18030_file_keeps_names_gbk_cannot_write(tmp_path: Path) -> None:
    text = "客户,日期,金额\n𠮷野家,2024-03-08,35\n䶮先生,2024-03-09,12.5\n"
    purchases, errors = purchases_of(write(tmp_path, text, "gb18030"))
    assert errors == []
    assert [p.name for p in purchases] == ["𠮷野家", "䶮先生"]


def test_utf16_file_with_bom_is_read(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "\ufeff" + CHINESE_PURCHASES, "utf-16-le"))
    assert table.encoding == "utf-16"
    assert [p.name for p in parse_purchases(table)[0]] == ["张晓燕", "欧阳娜娜"]


# --- delimiters, lines, cells ------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", ["\t", ";", "，", "|"])
def test_other_delimiters_are_sniffed_from_the_header(tmp_path: Path, delimiter: str) -> None:
    text = CHINESE_PURCHASES.replace(",", delimiter)
    table = read_table(write(tmp_path, text))
    assert table.delimiter == delimiter
    assert [p.amount_cents for p in parse_purchases(table)[0]] == [19900, 8800]


@pytest.mark.parametrize("title", ["客户名单 | 导出于 2024-03-05", "店铺A|店铺B"])
def test_a_title_line_with_a_bar_over_a_comma_file_stays_a_comma_file(
    tmp_path: Path, title: str
) -> None:
    from xiaoben.store.importing.readers import read_any

    table = read_any(write(tmp_path, title + "\n" + CHINESE_PURCHASES), kind="purchases")
    assert [p.amount_cents for p in parse_purchases(table)[0]] == [19900, 8800]


def test_commas_inside_quotes_do_not_fool_the_sniffer(tmp_path: Path) -> None:
    text = '"客户,姓名"\t日期\t金额\n张三\t2024-01-02\t"1,200"\n'
    table = read_table(write(tmp_path, text))
    assert table.delimiter == "\t"
    assert table.rows == [(2, ["张三", "2024-01-02", "1,200"])]


def test_blank_lines_are_skipped_but_lines_keep_their_numbers(tmp_path: Path) -> None:
    text = "客户,日期,金额\n\n张三,2024-01-02,10\n  \n,,\n李四,2024-01-03,20\r\n"
    table = read_table(write(tmp_path, text))
    assert [line for line, _ in table.rows] == [3, 6]


def test_a_quoted_cell_over_two_lines_counts_from_its_first(tmp_path: Path) -> None:
    text = '客户,日期,金额,备注\n张三,2024-01-02,10,"第一行\n第二行"\n李四,2024-01-03,20,\n'
    table = read_table(write(tmp_path, text))
    assert [line for line, _ in table.rows] == [2, 4]
    assert parse_purchases(table)[0][0].note == "第一行\n第二行"


def test_cells_are_stripped_and_short_rows_refused(tmp_path: Path) -> None:
    text = " 客户 , 日期 ,金额,备注\n 张三 ,\u30002024-01-02 , 10, \n 李四 , 2024-01-02 , 10\n"
    table = read_table(write(tmp_path, text))
    assert table.header == ["客户", "日期", "金额", "备注"]
    assert table.rows == [(2, ["张三", "2024-01-02", "10", ""])]
    assert [(error.line, error.column) for error in table.refused] == [(3, "备注")]


def test_code_00042_stays_text(tmp_path: Path) -> None:
    path = write(tmp_path, "客户编号,日期,金额\n00042,2024-01-02,10\n")
    purchases, _ = purchases_of(path)
    assert purchases[0].keys == (CustomerKey("code", "00042"),)


def test_excel_text_cells_and_our_export_guards_are_unwrapped(tmp_path: Path) -> None:
    text = '编号,姓名,手机\n"=""00042""",\'-小王,\'+8613812345678\n'
    customers, errors = parse_customers(read_table(write(tmp_path, text)))
    assert errors == []
    assert customers[0].customer.code == "00042"
    assert customers[0].customer.name == "-小王"
    assert customers[0].customer.phones == ["+8613812345678"]


# --- files that are not CSV --------------------------------------------------------------------


def test_the_csv_reader_handed_a_workbook_says_it_is_read_as_one(tmp_path: Path) -> None:
    """The CSV reader alone (read_table) refuses a workbook; the words say what the
    importer does with it (reads it as a workbook), no longer that it cannot."""
    path = tmp_path / "客户.xlsx"
    with zipfile.ZipFile(path, "w") as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")
        workbook.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(BookError) as refused:
        read_table(path)
    assert refused.value.key == "import.not_csv"
    assert "Excel workbook (.xlsx), not CSV text" in str(refused.value)
    assert "read it as a workbook" in str(refused.value)
    assert "not supported" not in str(refused.value)
    assert "直接按工作簿读取" in refused.value.message("zh")


def test_zip_archive_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("customers.csv", "姓名\n张三\n")
    with pytest.raises(BookError, match="compressed archive, not a table: unpack it first"):
        read_table(path)


def _numbers(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Index/Document.iwa", b"\x00\x01\x02")
        archive.writestr("Metadata/Properties.plist", "<plist/>")


def _word(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")


@pytest.mark.parametrize(
    ("name", "make", "said"),
    [
        ("orders.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "this is a PDF, not a table"),
        ("客户.numbers", _numbers, "this is an Apple Numbers file: in Numbers choose File"),
        ("客户.docx", _word, "this is a Word or PowerPoint document, not a table"),
        ("list.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200), "this is a picture"),
        ("IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic" + bytes(200), "this is a picture"),
        ("list.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a picture"),
        ("list.csv.gz", b"\x1f\x8b\x08\x00" + bytes(100), "compressed archive"),
        ("list.rar", b"Rar!\x1a\x07\x01\x00" + bytes(100), "compressed archive"),
    ],
)
def test_a_file_that_is_no_table_is_refused_as_what_it_is(
    tmp_path: Path, name: str, make: object, said: str
) -> None:
    from xiaoben.store.importing.readers import read_any

    path = tmp_path / name
    if isinstance(make, bytes):
        path.write_bytes(make)
    else:
        make(path)  # type: ignore[operator]
    with pytest.raises(BookError) as refused:
        read_any(path, kind="customers")
    assert said in refused.value.message("en")
    assert "CSV" in refused.value.message("zh") or "xlsx" in refused.value.message("zh")


def test_sqlite_book_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table customers (name text)")
    conn.close()
    with pytest.raises(BookError, match="SQLite database"):
        read_table(path)


EMPTY_FILES = [
    b"",
    b"\n\n  \r\n",
    b",,,\n,,\n",
    b"\xef\xbb\xbf",  # Excel's "CSV UTF-8" of an empty sheet: its BOM alone
    b"\xef\xbb\xbf\r\n\r\n",
    b"\xff\xfe",  # "Unicode text": UTF-16's BOM alone
    "\ufeff\t\t\r\n\r\n".encode("utf-16-le"),
    b"\x1a",  # an old DOS tool's end-of-file mark alone
]


@pytest.mark.parametrize("content", EMPTY_FILES)
def test_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(BookError, match=r"empty\.csv: the file is empty$"):
        read_table(path)
    with pytest.raises(BookError) as caught:
        read_any(path, kind="customers")
    assert caught.value.message("zh").endswith("empty.csv：文件是空的")


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"\x13\x37\x00\x00\x00\rdata" + bytes(range(256)))
    with pytest.raises(BookError, match="binary data, not CSV text; xiaoben reads CSV, Excel"):
        read_table(path)


def test_missing_file_is_a_book_error(tmp_path: Path) -> None:
    with pytest.raises(BookError, match="there is no such file"):
        read_table(tmp_path / "nowhere.csv")


def test_a_missing_file_is_named_in_the_sellers_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not "无法读取文件（No such file or directory）": the system's English text is left out
    of a Chinese message (the command line says it so too)."""
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    missing = tmp_path / "没有.csv"

    with pytest.raises(BookError) as caught:
        read_any(missing)

    message = caught.value.message()
    assert str(missing) in message and "找不到这个文件" in message
    assert "No such file" not in message


@pytest.mark.parametrize(
    ("fault", "words"),
    [(errno.EACCES, "没有读取这个文件的权限"), (errno.EISDIR, "这是一个文件夹，不是文件"),
     (errno.EIO, "无法读取文件（系统错误 EIO）")],
)  # fmt: skip
def test_a_file_that_cannot_be_read_is_said_without_the_systems_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: int, words: str
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")

    message = unreadable(tmp_path / "x.csv", OSError(fault, os.strerror(fault))).message()

    assert words in message
    assert os.strerror(fault) not in message


def test_file_starting_with_data_has_no_header(tmp_path: Path) -> None:
    with pytest.raises(BookError, match="should name the columns"):
        read_table(write(tmp_path, "00001,1997-01-01,11.77\n00002,1997-01-12,12.00\n"))


# --- columns -----------------------------------------------------------------------------------


def test_headers_match_whatever_their_case_spacing_and_units() -> None:
    header = ["Customer_ID", "Order Date", "金额（元）", "QTY", "退款金额", "渠道", "Remarks"]
    columns = match_columns(header, "purchases")
    assert columns.fields == {
        "code": 0,
        "date": 1,
        "amount": 2,
        "quantity": 3,
        "refunded": 4,
        "channel": 5,
        "note": 6,
    }
    assert columns.ignored == []


def test_unknown_columns_are_listed_as_ignored() -> None:
    columns = match_columns(["姓名", "手机", "星座", "", "Favourite colour"], "customers")
    assert columns.ignored == ["星座", "Favourite colour"]
    assert columns.column("phones") == "手机"


def test_missing_amount_column_is_named_in_both_languages() -> None:
    with pytest.raises(BookError) as refused:
        match_columns(["客户", "日期", "商品"], "purchases")
    assert refused.value.key == "import.missing_column"
    assert "amount" in refused.value.message("en")
    assert "金额" in refused.value.message("zh")
    assert "date" not in refused.value.message("en").split(".")[0]  # only what is missing
    assert "客户, 日期, 商品" in refused.value.message("en")


def test_purchases_need_some_customer_column() -> None:
    with pytest.raises(BookError, match="customer"):
        match_columns(["日期", "金额"], "purchases")


def test_customers_need_a_name_or_a_code() -> None:
    assert match_columns(["编号", "标签"], "customers").fields == {"code": 0, "tags": 1}
    with pytest.raises(BookError, match="name"):
        match_columns(["手机", "标签"], "customers")


# --- purchases: one message per bad cell -------------------------------------------------------


BAD_PURCHASES = (
    "客户编号,手机,日期,金额,数量\n"
    "00001,13812345678,2024-02-30,10,1\n"
    "00002,13812345679,2024-03-01,-5,1\n"
    "00003,13812345670,2024-03-01,12.345,1\n"
    "00004,1381234,2024-03-01,10,1\n"
    "00005,13812345671,2024-03-01,10,1\n"
)


def test_impossible_date_names_line_column_and_rule(tmp_path: Path) -> None:
    _, errors = purchases_of(write(tmp_path, BAD_PURCHASES))
    error = next(e for e in errors if e.line == 2)
    assert (error.column, error.value) == ("日期", "2024-02-30")
    assert error.message == "date: no such date: 2024-02-30 (2024-02 has no day 30)"


def test_a_month_past_twelve_is_said_as_no_such_month(tmp_path: Path) -> None:
    _, errors = purchases_of(write(tmp_path, "客户编号,日期,金额\n00001,2024-13-05,10\n"))
    assert [(e.line, e.column, e.value) for e in errors] == [(2, "日期", "2024-13-05")]
    assert errors[0].message == (
        "date: no such month: 2024-13-05 (a month is 1 to 12: are the day and month swapped?)"
    )


def test_negative_amount_names_line_column_and_rule(tmp_path: Path) -> None:
    _, errors = purchases_of(write(tmp_path, BAD_PURCHASES))
    error = next(e for e in errors if e.line == 3)
    assert (error.column, error.value) == ("金额", "-5")
    assert error.message == "amount: must not be negative (got -5)" + _REFUND_HINT


@pytest.mark.parametrize("minus", ["\u2212", "－"])  # typeset minus, full-width hyphen
def test_a_typeset_minus_is_a_negative_amount_said_as_such(tmp_path: Path, minus: str) -> None:
    _, errors = purchases_of(write(tmp_path, f"客户编号,日期,金额\n00001,2024-03-05,{minus}5\n"))
    assert [(e.line, e.column, e.value) for e in errors] == [(2, "金额", f"{minus}5")]
    assert errors[0].message == "amount: must not be negative (got -5)" + _REFUND_HINT


def test_three_decimal_places_names_line_column_and_rule(tmp_path: Path) -> None:
    _, errors = purchases_of(write(tmp_path, BAD_PURCHASES))
    error = next(e for e in errors if e.line == 4)
    assert (error.column, error.value) == ("金额", "12.345")
    assert error.message == "amount: at most two decimal places (got 12.345)"


def test_an_astronomical_amount_is_too_large_not_a_crash(tmp_path: Path) -> None:
    huge = "1" + "0" * 100
    _, errors = purchases_of(write(tmp_path, f"客户,日期,金额\n张三,2024-01-02,{huge}\n"))
    assert [(e.line, e.column, e.value) for e in errors] == [(2, "金额", huge)]
    assert errors[0].message == f"amount: is too large: at most 99,999,999,999.99 (got {huge})"


def test_malformed_phone_names_line_column_and_rule(tmp_path: Path) -> None:
    _, errors = purchases_of(write(tmp_path, BAD_PURCHASES))
    error = next(e for e in errors if e.line == 5)
    assert (error.column, error.value) == ("手机", "1381234")
    assert "11 digits starting with 1" in error.message


def test_only_the_good_rows_come_back(tmp_path: Path) -> None:
    purchases, errors = purchases_of(write(tmp_path, BAD_PURCHASES))
    assert [p.line for p in purchases] == [6]
    assert [e.line for e in errors] == [2, 3, 4, 5]
    assert purchases[0].keys == (
        CustomerKey("code", "00005"),
        CustomerKey("phone", "+8613812345671"),
    )


def test_every_bad_cell_of_a_row_is_reported(tmp_path: Path) -> None:
    text = "客户,日期,金额,数量,渠道\n张三,2024-13-01,abc,1.5,火星\n"
    _, errors = purchases_of(write(tmp_path, text))
    assert [(e.line, e.column) for e in errors] == [
        (2, "日期"),
        (2, "金额"),
        (2, "数量"),
        (2, "渠道"),
    ]


def test_messages_follow_the_sellers_language(tmp_path: Path) -> None:
    set_language("zh")
    _, errors = purchases_of(write(tmp_path, BAD_PURCHASES))
    assert errors[0].message == "日期：日期不存在：2024-02-30（2024 年 2 月没有 30 日）"


def test_blank_date_or_amount_is_required(tmp_path: Path) -> None:
    _, errors = purchases_of(write(tmp_path, "客户,日期,金额\n张三,,\n"))
    assert [(e.column, e.message) for e in errors] == [
        (
            "日期",
            "date: is required (a blank date is not taken from the row above: fill in "
            "the date, or write 同上 for the date of the row above)",
        ),
        ("金额", "amount: is required"),
    ]


def test_a_row_without_any_customer_key_is_an_error(tmp_path: Path) -> None:
    text = "编号,手机,日期,金额\n,,2024-01-02,10\n"
    _, errors = purchases_of(write(tmp_path, text))
    assert [(e.line, e.column) for e in errors] == [(2, "编号")]
    assert "customer code, phone, WeChat ID, shop account or name is required" in errors[0].message


def test_refund_above_the_amount_is_an_error(tmp_path: Path) -> None:
    text = "客户,日期,金额,退款\n张三,2024-01-02,100,100\n李四,2024-01-02,100,100.01\n"
    purchases, errors = purchases_of(write(tmp_path, text))
    assert [p.refunded_cents for p in purchases] == [10000]
    assert [(e.line, e.column, e.value) for e in errors] == [(3, "退款", "100.01")]
    assert "cannot exceed the amount 100.00" in errors[0].message


def test_optional_columns_fill_the_purchase(tmp_path: Path) -> None:
    text = (
        "姓名,微信,日期,金额,数量,成本,退款,商品,渠道,备注\n"
        '王芳,wangfang88,2024/3/8 14:30,"¥1,234.50",3,800,34.5,面霜 50ml,微信,老客户\n'
        "李四,,2024-03-09,0,,,,,,\n"
    )
    purchases, errors = purchases_of(write(tmp_path, text))
    assert errors == []
    first, second = purchases
    assert first.keys == (CustomerKey("wechat", "wangfang88"), CustomerKey("name", "王芳"))
    assert (first.date, first.amount_cents, first.quantity) == (date(2024, 3, 8), 123450, 3)
    assert (first.cost_cents, first.refunded_cents) == (80000, 3450)
    assert (first.items, first.channel, first.note) == ("面霜 50ml", Channel.WECHAT, "老客户")
    assert (second.quantity, second.cost_cents, second.refunded_cents) == (1, None, 0)
    assert (second.items, second.channel, second.note) == ("", None, "")


def test_quantity_must_be_a_whole_number_not_below_zero(tmp_path: Path) -> None:
    text = "客户,日期,金额,数量\n甲,2024-01-02,1,2.0\n乙,2024-01-02,1,-1\n丙,2024-01-02,1,两个\n"
    purchases, errors = purchases_of(write(tmp_path, text))
    assert [p.quantity for p in purchases] == [2]
    assert [e.message for e in errors] == [
        "quantity: must be at least 0 (got -1)",
        "quantity: must be a whole number (got “两个”)",
    ]


def test_thousand_generated_rows_parse(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["客户编号", "手机", "日期", "金额", "数量"])
        for n in range(1000):
            day = date(2024, 1 + n % 12, 1 + n % 28)
            writer.writerow([f"{n % 97:05d}", f"139{n % 97:08d}", day, f"{n}.{n % 100:02d}", 1])
    calls: list[tuple[int, int]] = []
    purchases, errors = parse_purchases(read_table(path), lambda *call: calls.append(call))
    assert errors == []
    assert len(purchases) == 1000
    assert purchases[999].line == 1001
    assert purchases[999].keys == (
        CustomerKey("code", "00029"),
        CustomerKey("phone", "+8613900000029"),
    )
    assert purchases[999].amount_cents == 99999
    assert purchases[999].date == date(2024, 4, 20)
    assert sum(p.amount_cents for p in purchases) == sum(n * 100 + n % 100 for n in range(1000))
    assert calls == [(1000, 1000)]


def test_progress_is_reported_after_each_batch_of_rows(tmp_path: Path) -> None:
    lines = "".join(f"c{n},2024-01-02,1\n" for n in range(BATCH_ROWS * 2 + 500))
    table = read_table(write(tmp_path, "客户,日期,金额\n" + lines))
    calls: list[tuple[int, int]] = []
    parse_purchases(table, lambda *call: calls.append(call))
    total = BATCH_ROWS * 2 + 500
    assert calls == [(BATCH_ROWS, total), (BATCH_ROWS * 2, total), (total, total)]


def test_cdnow_sample_converts_and_imports(tmp_path: Path) -> None:
    converted = tmp_path / "cdnow.csv"
    assert cdnow_to_csv(DATA / "CDNOW_sample.txt", converted) == 6919
    purchases, errors = purchases_of(converted)
    assert errors == []
    assert len(purchases) == 6919
    assert len({p.keys for p in purchases}) == 2357
    first = purchases[0]
    assert first.keys == (CustomerKey("any", "00004"),)
    assert (first.date, first.amount_cents, first.quantity) == (date(1997, 1, 1), 2933, 2)
    dollars = sum(Decimal(line.split()[4]) for line in (DATA / "CDNOW_sample.txt").open())
    assert sum(p.amount_cents for p in purchases) == int(dollars * 100)


# --- customers ---------------------------------------------------------------------------------


def test_customers_file_fills_the_profile(tmp_path: Path) -> None:
    text = (
        "编号,姓名,性别,生日,手机,微信,邮箱,标签,兴趣,推荐人,企业,需求程度,购买力,首选渠道\n"
        "00042,张晓燕,女,农历八月十五,13812345678；010-12345678,zxy_2024,zxy@example.com,"
        '"VIP，老客户",瑜伽,00007,否,4,5,微信\n'
    )
    customers, errors = parse_customers(read_table(write(tmp_path, text)))
    assert errors == []
    row = customers[0]
    person = row.customer
    assert (person.code, person.name, person.gender) == ("00042", "张晓燕", Gender.FEMALE)
    assert person.birthday is not None
    assert (person.birthday.month, person.birthday.day, person.birthday.lunar) == (8, 15, True)
    assert person.phones == ["+8613812345678", "+861012345678"]
    assert person.tags == ["VIP", "老客户"]
    assert (person.demand, person.purchasing_power, person.is_business) == (4, 5, False)
    assert person.preferred_channel == Channel.WECHAT
    assert person.referred_by is None
    assert row.referrer_key == "00007"
    assert "name" in row.given and "address" not in row.given


def test_customer_errors_name_the_column_as_written(tmp_path: Path) -> None:
    text = "姓名,手机,邮箱,需求程度,生日,企业\n李四,123,bad@,9,1990-02-30,也许\n"
    customers, errors = parse_customers(read_table(write(tmp_path, text)))
    assert customers == []
    assert {(e.line, e.column, e.value) for e in errors} == {
        (2, "手机", "123"),
        (2, "邮箱", "bad@"),
        (2, "需求程度", "9"),
        (2, "生日", "1990-02-30"),
        (2, "企业", "也许"),
    }
    assert next(e for e in errors if e.column == "需求程度").message == (
        "demand level: must be at most 5 (got 9)"
    )


def test_customer_without_a_name_is_reported(tmp_path: Path) -> None:
    customers, errors = parse_customers(read_table(write(tmp_path, "姓名,标签\n,VIP\n")))
    assert customers == []
    assert [(e.line, e.column, e.message) for e in errors] == [(2, "姓名", "name: is required")]


def test_customer_with_only_a_code_is_named_by_it(tmp_path: Path) -> None:
    customers, errors = parse_customers(read_table(write(tmp_path, "编号,标签\n00042,VIP\n")))
    assert errors == []
    assert customers[0].customer.name == "00042"
    assert customers[0].given == frozenset({"code", "tags"})


def test_lunar_birthday_column_marks_its_dates_lunar(tmp_path: Path) -> None:
    text = "姓名,农历生日\n赵敏,1990-04-02\n"
    customers, errors = parse_customers(read_table(write(tmp_path, text)))
    assert errors == []
    assert customers[0].customer.birthday is not None
    assert customers[0].customer.birthday.as_text() == "L1990-04-02"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1990-03-05", "1990-03-05"),
        ("1990/3/5", "1990-03-05"),
        ("19900305", "1990-03-05"),
        ("03-05", "--03-05"),
        ("3月5日", "--03-05"),
        ("农历八月十五", "L--08-15"),
        ("农历1990-08-15", "L1990-08-15"),
        ("L1990-08-15", "L1990-08-15"),
        ("L08-15", "L--08-15"),
        ("阴历腊月廿三", "L--12-23"),
        ("正月初一", "L--01-01"),
        ("农历闰四月初二", "L--*04-02"),
        ("1990年闰五月初二", "L1990-*05-02"),
        ("L2020-*04-02", "L2020-*04-02"),
        # Chinese numerals for the month and the day: the lunar calendar's writing, as
        # 十月初一 always was; digits or a 日, or 公历, say solar
        ("八月十五", "L--08-15"),
        ("十一月廿三", "L--11-23"),
        ("公历八月十五", "--08-15"),
        ("八月十五日", "--08-15"),
        ("8月15（农历）", "L--08-15"),
        ("1990-08-15(农历)", "L1990-08-15"),
        ("1990-08-15【阴历】", "L1990-08-15"),
        ("0305", "--03-05"),
        ("--0305", "--03-05"),
    ],
)
def test_birthday_text_is_understood(text: str, shown: str) -> None:
    from xiaoben.models.birthday import Birthday

    assert Birthday(**parse_birthday(text)).as_text() == shown


def test_leap_month_that_year_lacks_is_reported(tmp_path: Path) -> None:
    text = "姓名,生日\n赵敏,农历1990年闰四月初二\n"  # 1990's leap month was the fifth
    customers, errors = parse_customers(read_table(write(tmp_path, text)))
    assert customers == []
    assert [(e.column, e.value) for e in errors] == [("生日", "农历1990年闰四月初二")]
    assert "no such lunar birthday" in errors[0].message


@pytest.mark.parametrize("text", ["1990", "1232", "夏天", "()"])
def test_four_digits_are_a_month_and_day_only_when_they_are_one(text: str) -> None:
    with pytest.raises(PydanticCustomError) as caught:
        parse_birthday(text)
    assert "1990-03-05" in str(caught.value)  # how to write one


def test_birthday_that_is_not_a_date_says_how_to_write_one(tmp_path: Path) -> None:
    customers, errors = parse_customers(read_table(write(tmp_path, "姓名,生日\n赵敏,夏天\n")))
    assert customers == []
    assert errors[0].column == "生日"
    assert "a birthday is written 1990-03-05" in errors[0].message


def test_a_bad_byte_after_a_utf8_bom_is_placed_in_the_file(tmp_path: Path) -> None:
    """A BOM then GBK text: the bad byte is named where it is in the file (Python's
    utf-8-sig counts from after its BOM), as UTF-8, not a codec's name."""
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfname,phone\n" + "张三,138\n".encode("gbk"))
    with pytest.raises(BookError) as refused:
        read_table(path)
    message = refused.value.message("en")
    assert "line 2 (byte 15 of the file)" in message and "0xD5" in message, message  # 1-based
    assert "is not valid UTF-8:" in message and "SIG" not in message


def test_an_over_long_cell_is_refused_by_its_fields_rule(tmp_path: Path) -> None:
    """200,000 characters in 备注 (past the csv module's own 128 KiB cell limit): the row is
    refused by the notes' rule, named, not by the csv module's English words."""
    path = tmp_path / "long.csv"
    path.write_text("姓名,备注\n张三," + "记" * 200_000 + "\n李四,老客户\n", encoding="utf-8")

    customers, errors = parse_customers(read_table(path))

    assert [row.customer.name for row in customers] == ["李四"]
    assert [(error.line, error.column) for error in errors] == [(2, "备注")]
    assert errors[0].message == "notes: must be at most 5,000 characters"


def test_a_quantity_with_its_measure_word_or_times_sign_is_the_count(tmp_path: Path) -> None:
    written = ["2件", "3盒", "x2", "×2", "X 4", "2 pcs", "１２瓶", "1,000 个", "5 双", "ｘ3"]
    others = ["两个", "2件3个", "2kg", "2.5件", "-2件", "件", "x", "2x", "2 个半", "约2件"]
    rows = [f'甲,2024-01-02,1,"{cell}"' for cell in written + others]
    text = "客户,日期,金额,数量\n" + "\n".join(rows) + "\n"
    purchases, errors = purchases_of(write(tmp_path, text))
    assert [p.quantity for p in purchases] == [2, 3, 2, 2, 4, 2, 12, 1000, 5, 3]
    assert [e.message for e in errors] == [
        f"quantity: must be a whole number (got “{cell}”)" for cell in others
    ]
