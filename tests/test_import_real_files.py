"""`xiaoben import` on files as the real tools write them: phones as sellers and shops type
them, invisible characters a copy carries, headers of the shop platforms' order exports."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from xiaoben.models.cells import cell_date
from xiaoben.models.customer import Customer
from xiaoben.models.values import (
    clean_text,
    normalise_wechat,
    person_name,
    without_invisibles,
)
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.columns import match_columns
from xiaoben.store.importing.purchase_rows import masked
from xiaoben.store.importing.readers import read_any


def rows_of(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


# ---------------------------------------------------------------------------------------------
# Phones as a cell holds them


@pytest.mark.parametrize(
    "cell",
    [
        "138 0013 8000\n139 0013 9000",  # Alt+Enter in Excel: one phone a line
        "13800138000 13900139000",
        "13800138000 | 13900139000",
        "+86 138 0013 8000 ::: 139 0013 9000",  # Google Contacts' separator
        "138-0013-8000；139-0013-9000",
    ],
)
def test_two_phones_in_one_cell_are_both_kept(cell: str) -> None:
    customer = Customer(name="张三", phones=cell)

    assert customer.phones == ["+8613800138000", "+8613900139000"]


@pytest.mark.parametrize("cell", ["138 0013 8000", "+86 138 0013 8000", "0571 8888 6666"])
def test_spaces_inside_one_phone_do_not_split_it(cell: str) -> None:
    assert len(Customer(name="张三", phones=cell).phones) == 1


@pytest.mark.parametrize(
    "cell",
    [
        "13900139006-4852",
        "13900139006转4852",
        "13900139006 转 4852",
        "[4852]13900139006",
        "17012345678_4852",
        "13900139006(转4852)",
        "138****8000",
    ],
)
def test_a_relay_number_or_a_masked_one_is_not_a_phone(cell: str) -> None:
    assert masked(cell)


@pytest.mark.parametrize(
    "cell", ["13900139006", "010-12345678", "0571-88886666-123", "+86 138 0013 8000"]
)
def test_a_real_phone_is_not_taken_for_a_relay_number(cell: str) -> None:
    assert not masked(cell)


def test_a_customer_with_a_relay_number_imports_without_it(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "拼多多.csv",
        "姓名,手机\n赵六,[4852]13900139006\n钱七,13900139006-4853\n孙八,13900139007\n",
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert rows_of(book_path, "SELECT name, phones FROM customers ORDER BY id") == [
        ("赵六", "[]"),
        ("钱七", "[]"),
        ("孙八", '["+8613900139007"]'),
    ]


# ---------------------------------------------------------------------------------------------
# Invisible characters: what a copy from a web page, WeChat or an iPhone carries


INVISIBLE = "\u200b\u200e\u200f\u202a\u202c\u2060\ufeff"


def test_invisible_characters_are_dropped_from_every_cell(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        "姓名,手机,微信,标签,地址\n"
        "\u202a张三\u200b,\u202a+86 138 0013 8000\u202c,"
        "\u200bzhangsan_88,VIP\u200b,杭州\u00a0西湖\n",
    )

    first = run("import", "customers", sheet)
    again = run("import", "customers", sheet)

    assert first.exit_code == 0, first.output
    assert rows_of(book_path, "SELECT name, phones, wechat, tags, address FROM customers") == [
        ("张三", '["+8613800138000"]', "zhangsan_88", '["VIP"]', "杭州 西湖")
    ]
    assert "0 customers created, 0 updated" in again.stdout


def test_a_wechat_nickname_keeps_no_invisible_character(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", "姓名,微信\n钱七,小七\u200b\n")

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output
    (notes,) = rows_of(book_path, "SELECT notes FROM customers")[0]
    assert isinstance(notes, str) and notes.endswith("小七")


def test_a_zero_width_joiner_holding_an_emoji_together_is_kept() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"

    assert Customer(name=f"{family}小美").name == f"{family}小美"


# Every character without_invisibles drops: zero-width space, the direction marks and
# embeddings, the word joiner and invisible operators (U+2061 function application …), the
# isolates, the byte order mark. (Hypothesis found U+2061 missing from INVISIBLE above.)
DROPPED = frozenset(
    "\u200b\u200e\u200f\ufeff"
    + "".join(map(chr, range(0x202A, 0x202F)))
    + "".join(map(chr, range(0x2060, 0x2065)))
    + "".join(map(chr, range(0x2066, 0x206A)))
)


@given(st.text())
def test_text_without_invisibles_is_what_is_visible(text: str) -> None:
    seen = without_invisibles(text)

    assert not any(char in DROPPED for char in seen)
    assert seen == "".join(char for char in text if char not in DROPPED)
    assert without_invisibles(seen) == seen
    assert clean_text(text) == clean_text(clean_text(text))


def test_a_wechat_id_with_a_zero_width_space_is_an_id() -> None:
    assert normalise_wechat("zhangsan_88\u200b") == "zhangsan_88"


# ---------------------------------------------------------------------------------------------
# Headers of the shop platforms' exports


def test_youzan_delivery_or_pickup_columns_are_read() -> None:
    header = ["订单号", "订单状态", "商品名称", "商品实际成交金额", "订单实付金额"]
    header += ["收货人/提货人", "收货人手机号/提货人手机号", "详细收货地址/提货地址"]
    header += ["买家付款时间"]

    columns = match_columns(header, "purchases", duplicates=True)

    assert {field: header[at] for field, at in columns.fields.items()} == {
        "order": "订单号",
        "status": "订单状态",
        "items": "商品名称",
        "amount": "商品实际成交金额",  # the item's own, not the order's total on every row
        "order_total": "订单实付金额",  # what the items of one order add up to
        "name": "收货人/提货人",
        "phone": "收货人手机号/提货人手机号",
        "address": "详细收货地址/提货地址",
        "date": "买家付款时间",
    }


def test_a_header_naming_two_fields_is_not_read_as_either() -> None:
    header = ["姓名", "手机/邮箱"]

    columns = match_columns(header, "customers")

    assert set(columns.fields) == {"name"}


def test_one_column_for_phone_and_wechat_keeps_each_cell_as_what_it_is(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv", "姓名,手机/微信\n张三,13800138000\n李四,lisi_1988\n王五,小王\n"
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert rows_of(book_path, "SELECT name, phones, wechat FROM customers ORDER BY id") == [
        ("张三", '["+8613800138000"]', "13800138000"),
        ("李四", "[]", "lisi_1988"),
        ("王五", "[]", None),
    ]


def test_jd_pays_by_its_payable_amount_not_its_order_total() -> None:
    header = ["订单号", "商品名称", "订单金额", "结算金额", "应付金额", "客户姓名", "下单时间"]

    columns = match_columns(header, "purchases", duplicates=True)

    assert header[columns.fields["amount"]] == "应付金额"


YOUZAN_HEADER = (
    "订单号,订单状态,商品名称,商品数量,商品实际成交金额,订单实付金额,收货人/提货人,"
    "收货人手机号/提货人手机号,详细收货地址/提货地址,订单创建时间,买家付款时间"
)
_PAID = "2024-03-05 14:23:11,2024-03-05 14:23:20"
_BEIJING = "张三,13800138000,北京 北京市 朝阳区 建国路1号"
YOUZAN = "\n".join(
    [
        YOUZAN_HEADER,
        f"E001,交易完成,红茶,1,60.00,100.00,{_BEIJING},{_PAID}",
        f"E001,交易完成,绿茶,2,40.00,100.00,{_BEIJING},{_PAID}",
        "E002,已关闭,白茶,1,30.00,30.00,李四,13900139000,浙江省杭州市西湖区文三路2号,2024-03-06,",
        "",
    ]
)


def test_a_youzan_order_of_two_items_counts_its_amount_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    export = write_csv(tmp_path / "有赞.csv", YOUZAN, "gb18030")

    result = run("import", "purchases", export, "--create-missing")
    again = run("import", "purchases", export, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "1 closed, cancelled or unpaid" in result.stdout
    assert rows_of(book_path, "SELECT items, quantity, amount_cents FROM purchases") == [
        ("红茶", 1, 6000),
        ("绿茶", 2, 4000),
    ]
    assert rows_of(book_path, "SELECT name, phones, province, city FROM customers") == [
        ("张三", '["+8613800138000"]', "北京", "北京")
    ]
    assert again.exit_code == 0, again.output
    assert len(rows_of(book_path, "SELECT id FROM purchases")) == 2


def test_utf16_unicode_text_of_a_shop_export_imports(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    export = tmp_path / "有赞.txt"
    export.write_bytes(codecs.BOM_UTF16_LE + YOUZAN.replace(",", "\t").encode("utf-16-le"))

    result = run("import", "purchases", export, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 2 of 3 rows" in result.stdout


# ---------------------------------------------------------------------------------------------
# Phone contacts: Google and Outlook CSV, vCards with a contact twice or without a name

GOOGLE_HEADER = [
    "Name", "Given Name", "Additional Name", "Family Name", "Nickname", "Birthday",
    "Notes", "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value",
    "Phone 1 - Type", "Phone 1 - Value", "Phone 2 - Type", "Phone 2 - Value",
]  # fmt: skip
OUTLOOK_HEADER = [
    "First Name", "Middle Name", "Last Name", "E-mail Address", "Home Phone",
    "Business Phone", "Mobile Phone", "Company", "Birthday", "Notes",
]  # fmt: skip


def write_contacts_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as file:
        writer = csv.DictWriter(file, header, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_google_contacts_csv_imports_names_and_every_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    export = write_contacts_csv(
        tmp_path / "contacts.csv",
        GOOGLE_HEADER,
        [
            {
                "Given Name": "三",
                "Family Name": "张",
                "Phone 1 - Type": "Mobile",
                "Phone 1 - Value": "138 0013 8000",
                "Phone 2 - Value": "010-12345678",
                "E-mail 1 - Value": "z@example.com ::: z2@example.com",
                "Birthday": "1990-03-05",
            },
            {
                "Name": "Li Si",
                "Given Name": "Si",
                "Family Name": "Li",
                "Phone 1 - Value": "+86 139 0013 9000 ::: 139 0013 9002",
            },
        ],
    )

    result = run("--lang", "en", "import", "customers", export)
    again = run("import", "customers", export)

    assert result.exit_code == 0, result.output
    assert "Given Name" not in result.stderr  # read, through the name it makes
    assert rows_of(book_path, "SELECT name, phones, email, birthday FROM customers") == [
        ("张三", '["+8613800138000", "+861012345678"]', "z@example.com", "1990-03-05"),
        ("Li Si", '["+8613900139000", "+8613900139002"]', None, None),
    ]
    assert "0 customers created, 0 updated" in again.stdout


NOTES = "老客户, 喜欢红茶"


def test_outlook_contacts_csv_imports_with_the_mobile_first(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    export = write_contacts_csv(
        tmp_path / "outlook.csv",
        OUTLOOK_HEADER,
        [
            {
                "First Name": "三",
                "Last Name": "张",
                "E-mail Address": "z@example.com",
                "Business Phone": "010-12345678",
                "Mobile Phone": "13800138000",
                "Company": "茶铺",
                "Notes": NOTES,
            },
            {
                "First Name": "Si",
                "Middle Name": "K",
                "Last Name": "Li",
                "Home Phone": "+86 139 0013 9000",
            },
        ],
    )

    result = run("import", "customers", export)

    assert result.exit_code == 0, result.output
    assert rows_of(book_path, "SELECT name, phones, email, employer, notes FROM customers") == [
        (
            "张三",
            '["+8613800138000", "+861012345678"]',
            "z@example.com",
            "茶铺",
            "老客户, 喜欢红茶",
        ),
        ("Si K Li", '["+8613900139000"]', None, "", ""),
    ]


def test_outlooks_addresses_and_categories_are_read(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Outlook writes an address as pieces (Home Street, Home City, Home State …: no
    formatted column) and the tags as Categories (VIP;团购): both were listed as not
    recognised, and the customer had no address and no tags (an outside tester's)."""
    header = [
        *("First Name", "Last Name", "Mobile Phone", "Categories", "Home Street"),
        *("Home Street 2", "Home City", "Home State", "Home Postal Code"),
        *("Business Street", "Business City", "Business State"),
    ]
    export = write_contacts_csv(
        tmp_path / "outlook.csv",
        header,
        [
            {
                "First Name": "小红",
                "Last Name": "谢",
                "Mobile Phone": "13900140005",
                "Categories": "VIP;团购",
                "Home Street": "人民路 8 号",
                "Home Street 2": "3 栋 201",
                "Home City": "广州",
                "Home State": "广东",
                "Home Postal Code": "510000",
                "Business Street": "中山路 1 号",
                "Business City": "广州",
                "Business State": "广东",
            },
            {"First Name": "Si", "Last Name": "Li", "Business City": "Shanghai"},
        ],
    )

    result = run("import", "customers", export)

    assert result.exit_code == 0, result.output
    assert "not recognised" not in result.stderr
    found = rows_of(book_path, "SELECT name, address, city, tags, notes FROM customers")
    assert found == [
        (
            "谢小红",
            "广东广州人民路 8 号3 栋 201（邮编 510000）",  # its postcode kept, as a card's
            "广州",
            '["VIP", "团购"]',
            "单位地址：广东广州中山路 1 号",
        ),
        ("Si Li", "Shanghai", "", "[]", ""),  # her only address: the import says it is work
    ]


def test_a_contact_with_only_a_business_address_keeps_it_and_says_it_is_a_work_one(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The customer record has no work address: Outlook's Business one, a contact's only
    address, is her address all the same, and the import says it is her work address
    (before aea7b2b, it became her home address unsaid)."""
    header = [
        *("First Name", "Last Name", "Mobile Phone", "Home Street", "Home City"),
        *("Business Street", "Business City", "Business State"),
    ]
    export = write_contacts_csv(
        tmp_path / "outlook.csv",
        header,
        [
            {
                "First Name": "芳",
                "Last Name": "王",
                "Mobile Phone": "13800138000",
                "Business Street": "文三路 1 号",
                "Business City": "杭州",
                "Business State": "浙江",
            },
            {"First Name": "娜", "Last Name": "李", "Mobile Phone": "13800138001"},
        ],
    )

    result = run("--lang", "en", "import", "customers", export)
    again = run("import", "customers", export)

    assert result.exit_code == 0, result.output
    # her notes do not repeat her address: a book that imported the file before work
    # addresses were told apart is not updated by it (before, every such contact was)
    assert rows_of(book_path, "SELECT name, address, notes FROM customers") == [
        ("王芳", "浙江杭州文三路 1 号", ""),
        ("李娜", "", ""),
    ]
    assert (
        "1 contact's address is a work address (line 2): read as the customer's address\n"
    ) in result.output
    assert "0 customers created, 0 updated" in again.stdout


def test_a_work_address_an_import_kept_before_as_another_address_is_not_added_again(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    header = ["First Name", "Last Name", "Mobile Phone", "Home Street", "Business Street"]
    export = write_contacts_csv(
        tmp_path / "outlook.csv",
        header,
        [
            {
                "First Name": "芳",
                "Last Name": "王",
                "Mobile Phone": "13800138000",
                "Home Street": "西湖路 2 号",
                "Business Street": "文三路 1 号",
            }
        ],
    )
    run("import", "customers", export)
    with sqlite3.connect(book_path) as conn:  # as an import wrote it before 单位地址
        conn.execute("UPDATE customers SET notes = '其他地址：文三路 1 号'")

    again = run("--lang", "en", "import", "customers", export)

    assert "0 customers created, 0 updated" in again.stdout, again.output
    assert rows_of(book_path, "SELECT notes FROM customers") == [("其他地址：文三路 1 号",)]


def test_a_google_contacts_first_address_of_type_work_is_hers_and_said(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    header = [
        *("Name", "Given Name", "Family Name", "Phone 1 - Value"),
        *("Address 1 - Type", "Address 1 - Formatted", "Address 2 - Type", "Address 2 - Formatted"),
    ]
    export = write_contacts_csv(
        tmp_path / "contacts.csv",
        header,
        [
            {
                "Given Name": "芳",
                "Family Name": "王",
                "Phone 1 - Value": "13800138000",
                "Address 1 - Type": "Work",
                "Address 1 - Formatted": "杭州市文三路1号",
                "Address 2 - Type": "Home",
                "Address 2 - Formatted": "杭州市西湖路2号",
            },
        ],
    )

    result = run("import", "customers", export)

    assert result.exit_code == 0, result.output
    # her address as before (a re-import changes no address), said to be a work one
    assert rows_of(book_path, "SELECT address, notes FROM customers") == [
        ("杭州市文三路1号", "其他地址：杭州市西湖路2号")
    ]


def test_a_sheet_with_a_name_column_is_not_a_contacts_export(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv", "姓名,First Name,Last Name,手机\n张三,a,b,13800138000\n"
    )

    table = read_any(sheet, kind="customers")

    assert table.header == ["姓名", "First Name", "Last Name", "手机"]


ANDROID_TWICE = """BEGIN:VCARD
VERSION:2.1
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=B8=89;;;
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=B8=89
TEL;CELL:138-0013-8000
TEL;HOME:010-12345678
NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E8=80=81=E5=AE=A2=E6=88=B7=0A=E5=96=9C=E6=AC=A2=E7=BA=
=A2=E8=8C=B6
END:VCARD
BEGIN:VCARD
VERSION:2.1
TEL;CELL:13900139000
END:VCARD
BEGIN:VCARD
VERSION:2.1
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=F0=9F=8C=B8=E5=B0=8F=E7=BE=8E
TEL;CELL;PREF:+86 137 0013 7000
END:VCARD
BEGIN:VCARD
VERSION:2.1
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=B8=89
TEL;CELL:13800138000
END:VCARD
"""


def test_android_contacts_twice_in_a_file_keep_every_phone_and_reimport_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    contacts = tmp_path / "contacts.vcf"
    contacts.write_bytes(ANDROID_TWICE.replace("\n", "\r\n").encode())

    result = run("import", "customers", contacts)
    again = run("import", "customers", contacts)

    assert result.exit_code == 0, result.output
    assert rows_of(book_path, "SELECT name, phones, notes FROM customers ORDER BY id") == [
        ("张三", '["+8613800138000", "+861012345678"]', "老客户\n喜欢红茶"),
        ("13900139000", '["+8613900139000"]', ""),  # no name: named by the number, as phones do
        ("🌸小美", '["+8613700137000"]', ""),
    ]
    assert "0 customers created, 0 updated" in again.stdout


def test_a_sheet_with_one_of_a_customers_phones_takes_none_away(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    both = write_csv(tmp_path / "a.csv", "姓名,手机,标签\n张三,13800138000/13900139000,老客户\n")
    one = write_csv(tmp_path / "b.csv", "姓名,手机,标签\n张三,13900139000,VIP\n")

    run("import", "customers", both)
    result = run("import", "customers", one)

    assert result.exit_code == 0, result.output
    assert rows_of(book_path, "SELECT phones, tags FROM customers") == [
        ('["+8613800138000", "+8613900139000"]', '["老客户", "VIP"]')
    ]


# ---------------------------------------------------------------------------------------------
# A shop's workbook: names padded to line up, order numbers typed as numbers


def shop_workbook(path: Path, *, number_order: bool = True) -> Path:
    """As xlsxwriter (and Excel) write it: a merged title, the header in row 5 with an empty
    column, a formula cell with its cached value, a 19-digit order number in a number cell
    (as text if not `number_order`: such a row is refused), a name padded with an
    ideographic space, a 合计 row."""
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("订单")
    sheet.merge_range("A1:F1", "店铺订单导出")
    sheet.write_row(4, 0, ["序号", "订单编号", None, "买家姓名", "实付金额", "下单时间"])
    order = 1234567890123456789 if number_order else "1234567890123456789"
    sheet.write_row(5, 0, [1, order, None, "张三"])
    sheet.write_formula(5, 4, "=100-12", None, 88)
    stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.write_datetime(5, 5, dt.datetime(2024, 3, 5, 14, 23, 11), stamp)
    sheet.write_row(6, 0, [2, "1234567890123456790", None, "张　三", "1,234.50", "2024年3月5日"])
    sheet.write_row(7, 0, [3, "1234567890123456791", None, " 李 四 ", "¥ 99", "2024/3/6"])
    sheet.write_row(8, 0, ["合计", None, None, None])
    sheet.write_formula(8, 4, "=SUM(E6:E8)", None, 1421.5)
    workbook.close()
    return path


def test_a_shop_workbook_imports_with_padded_names_as_one_customer(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    workbook = shop_workbook(tmp_path / "订单.xlsx", number_order=False)

    result = run("import", "purchases", workbook, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 3 of 3 rows (2 customers created" in result.stdout
    assert "line 9 is the sheet's total" in result.stderr
    assert rows_of(
        book_path,
        "SELECT c.name, sum(p.amount_cents), count(*) FROM purchases p"
        " JOIN customers c ON c.id = p.customer_id GROUP BY c.id ORDER BY c.id",
    ) == [("张三", 132250, 2), ("李四", 9900, 1)]


def test_an_order_number_in_a_number_cell_is_said_to_have_lost_digits(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """The row is refused by name (its damaged number is no order's key), the rest read."""
    workbook = shop_workbook(tmp_path / "订单.xlsx")

    result = run("import", "purchases", workbook, "--create-missing", "--dry-run")

    assert result.exit_code == 1, result.output
    assert (
        "line 6, 订单编号: order number: “1234567890123460000” is a number cell with more digits"
    ) in result.stderr
    assert "1234567890123456790" not in result.stderr  # typed as text: kept whole
    assert "line 7" not in result.stderr


def test_a_name_padded_to_line_up_is_the_name() -> None:
    assert [person_name(name) for name in ("张　三", "张 三", " 欧阳 娜娜 ", "Li Si")] == [
        "张三",
        "张三",
        "欧阳娜娜",
        "Li Si",
    ]


def test_a_line_break_between_hanzi_is_padding_as_a_space_is() -> None:
    # Alt+Enter in Excel between two hanzi: 李⏎四 is 李 四 is 李四 (not kept as 李 四)
    assert [person_name(name) for name in ("李\n四", "李\r\n 四", "Li\nSi")] == [
        "李四",
        "李四",
        "Li Si",
    ]


@given(st.text(max_size=12))
def test_a_name_spelled_once_is_spelled_alike_again(name: str) -> None:
    try:
        once = person_name(name)
    except PydanticCustomError:  # a placeholder (无, N/A): refused, no name
        return
    assert person_name(once) == once


def test_a_line_break_in_a_name_cell_is_a_space_and_reads_back_equal(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv", '姓名,手机,备注\n"张三\n(老客户)",13800138000,"一\n二"\n'
    )
    exported = tmp_path / "out.csv"

    run("import", "customers", sheet)
    run("export", exported)
    again = run("import", "customers", exported)

    # (the words after the name are a remark of the seller's: kept in the notes)
    assert rows_of(book_path, "SELECT name, notes FROM customers") == [
        ("张三", "一\n二\n姓名栏里的备注：(老客户)")
    ]
    assert "0 customers created, 0 updated" in again.stdout


def test_a_line_break_in_another_one_line_cell_is_named_as_one(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", '姓名,单位\n张三,"茶铺\n杭州店"\n')

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 1
    assert "第 2 行，单位：只能写一行，不能有换行（单元格里按了 Alt+Enter）" in result.stderr


@pytest.mark.parametrize(
    "cell",
    [
        "2024/03/05 14:23:11",
        "2024年3月5日 14时23分",
        "2024年3月5日14:23",
        "2024/3/5 下午 2:23:11",  # WPS and Excel in Chinese
        "2024/3/5 2:23 PM",
        "20240305142311",  # an ERP's compact stamp
        "2024-03-05T14:23:11+08:00",
        "2024-03-05 14:23:11.123",
    ],
)
def test_an_order_time_as_shops_write_it_is_its_day(cell: str) -> None:
    assert cell_date(cell) == dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    "cell", ["2024/3/5 下午", "2024030514", "3月5日 14:00", "2024-02-30 10:00"]
)
def test_a_time_does_not_make_a_wrong_date_right(cell: str) -> None:
    with pytest.raises(PydanticCustomError):
        cell_date(cell)


CUSTOMER_COLUMNS = "SELECT name, phones, wechat, birthday, notes, tags FROM customers ORDER BY id"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_exported_vcard_reads_back_equal_and_a_reimport_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        "姓名,手机,微信,农历生日,生日,备注,标签\n"
        '孙九,13600136000,sunjiu_99,闰四月初二,,"老客户\n爱喝茶",VIP\n'
        "李四,13900139000,,,1988-12-01,,\n",
    )
    contacts = tmp_path / "contacts.vcf"
    other = tmp_path / "other.db"
    run("import", "customers", sheet)
    run("--lang", lang, "export", contacts)

    again = run("--lang", "en", "import", "customers", contacts)
    fresh = run("import", "customers", contacts, db=other)

    assert "0 customers created, 0 updated" in again.stdout
    assert fresh.exit_code == 0, fresh.output
    assert rows_of(other, CUSTOMER_COLUMNS) == rows_of(book_path, CUSTOMER_COLUMNS)


@pytest.mark.parametrize("cell", ["1.38001E+10", "8.61380013800E+12", "1.38E+10"])
def test_a_phone_saved_in_scientific_notation_with_digits_lost_is_named_so(cell: str) -> None:
    with pytest.raises(ValidationError, match="scientific notation: its last digits are lost"):
        Customer(name="张三", phones=cell)


@pytest.mark.parametrize("cell", ["1.3800138000E+10", "8.613800138000E+12"])
def test_a_phone_in_scientific_notation_with_every_digit_shown_is_the_phone(cell: str) -> None:
    assert Customer(name="张三", phones=cell).phones == ["+8613800138000"]


_MOBILES = st.from_regex(r"1(?:3[0-9]|5[0-35-9]|8[0-9])[0-9]{8}", fullmatch=True)
_APART = st.sampled_from([",", "，", ";", "；", "/", "、", "|", "\n", "\r\n", " ", " ::: ", " / "])


@given(st.lists(_MOBILES, min_size=1, max_size=4, unique=True), _APART)
def test_phones_joined_by_any_separator_split_back_to_each(mobiles: list[str], apart: str) -> None:
    customer = Customer(name="张三", phones=apart.join(mobiles))

    assert customer.phones == [f"+86{mobile}" for mobile in mobiles]


@given(
    _MOBILES,
    st.sampled_from(["-", "_", "转", " 转 ", "#", "ext"]),
    st.from_regex(r"\d{1,6}", fullmatch=True),
)
def test_a_mobile_with_an_extension_is_a_relay_and_alone_is_not(
    mobile: str, joined: str, extension: str
) -> None:
    assert masked(f"{mobile}{joined}{extension}")
    assert masked(f"[{extension}]{mobile}")
    assert not masked(mobile)
    assert not masked(f"+86 {mobile}")


def test_formulas_a_program_wrote_without_their_values_are_named(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()  # openpyxl saves a formula without its value, as ERPs do
    sheet = workbook.active
    sheet.append(["客户", "日期", "单价", "数量", "金额"])
    sheet.append(["张三", "2024-03-05", 10, 2, "=C2*D2"])
    sheet.append(["合计", None, None, None, "=SUM(E2:E2)"])
    workbook.save(tmp_path / "订单.xlsx")

    result = run("import", "purchases", tmp_path / "订单.xlsx", "--create-missing")

    assert result.exit_code == 1
    assert "line 2, E2: the formula =C2*D2 has no saved value" in result.stderr
    assert "line 2, 金额: amount: is required" in result.stderr
    assert "E3" not in result.stderr  # the total row is left out anyway


def script_workbook(path: Path, rows: list[list[object]]) -> Path:
    """A workbook a script wrote with xlsxwriter (a helper's or a shop tool's export): each
    formula's saved value is a placeholder 0, and the file asks to be calculated when it
    is opened (<calcPr fullCalcOnLoad="1"/>), so Excel and WPS show the right figures."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("订单")
    for at, row in enumerate(rows):
        for column, value in enumerate(row):
            if isinstance(value, str) and value.startswith("="):
                sheet.write_formula(at, column, value)
            else:
                sheet.write(at, column, value)
    workbook.close()
    return path


def test_formulas_of_a_workbook_never_calculated_are_named_not_read_as_zero(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["客户", "日期", "单价", "数量", "金额"],
        ["张三", "2024-03-05", 64, 2, "=C2*D2"],  # Excel and WPS show 128
        ["李四", "2024-03-06", 10.5, 3, "=C3*D3"],  # … and 31.5
    ]
    workbook = script_workbook(tmp_path / "订单.xlsx", rows)

    result = run("import", "purchases", workbook, "--create-missing")

    assert result.exit_code == 1
    assert "line 2, E2: the formula =C2*D2 has no saved value" in result.stderr
    assert "line 3, E3: the formula =C3*D3 has no saved value" in result.stderr
    assert "line 2, 金额: amount: is required" in result.stderr
    assert rows_of(book_path, "SELECT amount_cents FROM purchases") == []  # no ¥0.00


def test_a_never_calculated_workbook_imports_when_its_formulas_are_not_read(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    header = ["客户", "日期", "数量", "金额", "单价"]
    workbook = script_workbook(
        tmp_path / "订单.xlsx",
        [header, ["张三", "2024-03-05", 2, 128, "=D2/C2"], ["李四", "2024-03-06", 3, 31.5, None]],
    )

    result = run("import", "purchases", workbook, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "line 2, E2: the formula =D2/C2 has no saved value" in result.stderr  # still said
    assert rows_of(book_path, "SELECT amount_cents FROM purchases ORDER BY id") == [
        (12800,),
        (3150,),
    ]


def test_a_never_calculated_workbook_without_formulas_imports_without_a_word(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    rows: list[list[object]] = [["客户", "日期", "金额"], ["张三", "2024-03-05", 128]]
    workbook = script_workbook(tmp_path / "订单.xlsx", rows)

    result = run("import", "purchases", workbook, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "formula" not in result.stderr
    assert rows_of(book_path, "SELECT amount_cents FROM purchases") == [(12800,)]


def test_formulas_with_their_saved_values_are_read_and_not_named(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    workbook = shop_workbook(tmp_path / "订单.xlsx", number_order=False)

    result = run("import", "purchases", workbook, "--create-missing")

    assert "formula" not in result.stderr
    assert rows_of(book_path, "SELECT amount_cents FROM purchases ORDER BY id")[0] == (8800,)


def test_every_phone_column_of_a_customer_sheet_is_read(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        "姓名,手机,电话,手机2,备用电话\n"
        "张三,13800138000,010-12345678,13900139000,13700137000\n"
        "李四,,,139****9000,13700137001\n",
    )

    result = run("import", "customers", sheet)
    again = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert "not recognised" not in result.stderr  # was a KeyError on field.phones
    assert rows_of(book_path, "SELECT name, phones FROM customers ORDER BY id") == [
        ("张三", '["+8613800138000", "+861012345678", "+8613900139000", "+8613700137000"]'),
        ("李四", '["+8613700137001"]'),
    ]
    assert "0 customers created, 0 updated" in again.stdout


def test_an_outranked_column_is_named_with_its_field(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "订单.csv", "客户,日期,实付款,商品总价,手机,电话\n张三,2024-03-05,88,100,,\n"
    )

    result = run("import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "column 4 “商品总价” (amount is read from column 3 “实付款”)" in result.stderr
    # 电话 is read where 手机 is blank (the buyer's phone, else the recipient's): not listed
    assert "电话" not in result.stderr


def test_outlooks_no_date_is_an_empty_birthday(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    export = write_contacts_csv(
        tmp_path / "outlook.csv",
        OUTLOOK_HEADER,
        [
            {
                "First Name": "小雨",
                "Last Name": "林",
                "Mobile Phone": "13800138111",
                "Birthday": "1990/3/5",
            },
            {
                "First Name": "Si",
                "Last Name": "Li",
                "Mobile Phone": "13800138222",
                "Birthday": "0/0/00",
            },
        ],
    )

    result = run("import", "customers", export)

    assert result.exit_code == 0, result.output
    assert rows_of(book_path, "SELECT name, birthday FROM customers") == [
        ("林小雨", "1990-03-05"),
        ("Si Li", None),
    ]


def test_another_date_no_birthday_can_be_is_still_refused(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    export = write_contacts_csv(
        tmp_path / "outlook.csv",
        OUTLOOK_HEADER,
        [
            {
                "First Name": "Si",
                "Last Name": "Li",
                "Mobile Phone": "13800138222",
                "Birthday": "0/0/01",
            }
        ],
    )

    result = run("--lang", "en", "import", "customers", export)

    assert result.exit_code == 1
    assert "line 2, Birthday: a birthday is written" in result.stderr
    assert "(got “0/0/01”)" in result.stderr


GOOGLE_FULL_HEADER = [
    *GOOGLE_HEADER[:10], "E-mail 2 - Type", "E-mail 2 - Value", *GOOGLE_HEADER[10:],
    "Address 1 - Type", "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City",
    "Address 2 - Type", "Address 2 - Formatted", "Organization 1 - Name",
    "Organization 1 - Title", "Organization 1 - Department",
]  # fmt: skip


def _google_export(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    return write_contacts_csv(tmp_path / "contacts.csv", GOOGLE_FULL_HEADER, rows)


WANG = {
    "Name": "王芳",
    "Given Name": "芳",
    "Family Name": "王",
    "Nickname": "芳姐",
    "Notes": "老客户",
    "Group Membership": "客户 ::: * myContacts ::: * starred",
    "E-mail 1 - Type": "* Home",
    "E-mail 1 - Value": "wf@example.com",
    "E-mail 2 - Type": "Work",
    "E-mail 2 - Value": "wf@work.com",
    "Phone 1 - Type": "Mobile",
    "Phone 1 - Value": "13800138000",
    "Phone 2 - Type": "老公",
    "Phone 2 - Value": "13600136000",
    "Address 1 - Type": "Home",
    "Address 1 - Formatted": "浙江省杭州市西湖区文三路100号",
    "Address 1 - Street": "文三路100号",
    "Address 1 - City": "杭州市",
    "Address 2 - Type": "仓库",
    "Address 2 - Formatted": "浙江省杭州市余杭区仓前街道1号",
    "Organization 1 - Name": "芳芳小铺",
    "Organization 1 - Title": "店长",
}


def test_a_google_contact_keeps_every_email_number_address_and_its_company(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    result = run("--lang", "en", "import", "customers", _google_export(tmp_path, [WANG]))

    assert result.exit_code == 0, result.output
    assert "not recognised" not in result.stderr  # every column read
    sql = "SELECT name, phones, email, employer, address, tags, notes FROM customers"
    ((name, phones, email, employer, address, tags, notes),) = rows_of(book_path, sql)
    assert (name, phones, email) == ("王芳", '["+8613800138000"]', "wf@example.com")
    assert (employer, address, tags) == ("芳芳小铺", "浙江省杭州市西湖区文三路100号", '["客户"]')
    assert str(notes).split("\n") == [
        "老客户",
        "邮箱：wf@work.com",
        "昵称：芳姐",
        "老公：13600136000",  # whose number it is: never the customer's phone
        "仓库：浙江省杭州市余杭区仓前街道1号",
        "职位：店长",
    ]


@pytest.mark.parametrize(
    ("cells", "name"),
    [
        ({"Phone 1 - Value": "13700137000", "Organization 1 - Name": "某某公司"}, "某某公司"),
        ({"Phone 1 - Type": "Mobile", "Phone 1 - Value": "13700137000"}, "13700137000"),
    ],
)
def test_a_google_contact_without_a_name_is_named_by_its_company_or_number(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, cells: dict[str, str], name: str
) -> None:
    result = run("--lang", "en", "import", "customers", _google_export(tmp_path, [cells]))

    assert result.exit_code == 0, result.output
    assert rows_of(book_path, "SELECT name, phones FROM customers") == [
        (name, '["+8613700137000"]')
    ]


def test_a_google_contacts_second_email_in_one_cell_is_kept_in_the_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    export = _google_export(
        tmp_path,
        [
            {
                "Given Name": "三",
                "Family Name": "张",
                "E-mail 1 - Value": "z@a.com ::: Z@A.com ::: y@b.com",
            }
        ],
    )

    table = read_any(export, kind="customers")
    row = dict(zip(table.header, table.rows[0][1], strict=True))

    assert (row["email"], row["Notes"]) == ("z@a.com", "邮箱：y@b.com")


def test_an_outlook_second_email_is_kept_in_the_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    header = [*OUTLOOK_HEADER, "E-mail 2 Address"]
    export = write_contacts_csv(
        tmp_path / "outlook.csv",
        header,
        [
            {
                "First Name": "三",
                "Last Name": "张",
                "Mobile Phone": "13800138000",
                "E-mail Address": "z@example.com",
                "E-mail 2 Address": "z@work.example",
            }
        ],
    )

    result = run("--lang", "en", "import", "customers", export)

    assert result.exit_code == 0, result.output
    assert rows_of(book_path, "SELECT email, notes FROM customers") == [
        ("z@example.com", "邮箱：z@work.example")
    ]


def test_googles_newer_export_reads_its_labels_and_organization(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")
    header = [
        "First Name", "Last Name", "Labels", "Phone 1 - Label", "Phone 1 - Value",
        "Organization Name", "Organization Title",
    ]  # fmt: skip
    export = write_contacts_csv(
        tmp_path / "contacts.csv",
        header,
        [
            {
                "First Name": "芳",
                "Last Name": "王",
                "Labels": "* myContacts ::: VIP",
                "Phone 1 - Label": "Mom",
                "Phone 1 - Value": "13600136000",
                "Organization Name": "芳芳小铺",
                "Organization Title": "店长",
            }
        ],
    )

    table = read_any(export, kind="customers")
    row = dict(zip(table.header, table.rows[0][1], strict=True))

    assert (row["name"], row["employer"], row["tags"]) == ("王芳", "芳芳小铺", "VIP")
    assert row["notes"] == "Mom：13600136000\n职位：店长"
    assert row["phone"] == ""  # Mom's number is no phone of the customer's
