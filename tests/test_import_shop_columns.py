"""`xiaoben import purchases` of shop exports and sellers' sheets whose columns were lost or
misread (the outside tester's A5–A7, A12, A13, B2, C7, C9): a unit price beside a quantity,
a member list's totals, a second phone, a buyer's email, WooCommerce's columns, footers, a
vCard's repeated card, Excel's lock file. Every fixture is written here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.book_helpers import table_of, write_csv
from xiaoben.store.importing.columns import field_of, match_columns

BY_CUSTOMER = (
    "SELECT c.name, p.items, p.quantity, p.amount_cents FROM purchases p"
    " JOIN customers c ON c.id = p.customer_id ORDER BY p.date"
)
# A seller's sheet with 单价 and 数量 and no total (t41): quantities as 3件, x2, ×2
PRICED = [
    "客户,日期,商品,单价,数量",
    "张三,2024-05-01,面膜,10,3",
    "李四,2024-05-02,口红,199,1",
    "王五,2024-05-03,袜子,5,3件",
    "赵六,2024-05-04,发圈,2,x2",
    "钱七,2024-05-05,发夹,1.5,×2",
]


def test_a_unit_price_and_a_quantity_without_a_total_make_the_amount(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "t41.csv", PRICED)

    result = run("--lang", "zh", "import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, BY_CUSTOMER) == [
        ("张三", "面膜", 3, 3000),
        ("李四", "口红", 1, 19900),
        ("王五", "袜子", 3, 1500),
        ("赵六", "发圈", 2, 400),
        ("钱七", "发夹", 2, 300),
    ]
    assert "文件里没有金额列：每行的金额按“单价”×“数量”计算" in result.stderr


def test_a_unit_price_chosen_as_the_amount_beside_quantities_is_warned_of(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "t41.csv", PRICED)

    args = ("import", "purchases", sheet, "--create-missing", "--map", "单价=amount")
    dry = run("--lang", "en", *args, "--dry-run")
    result = run("--lang", "en", *args)

    warning = "“单价” is read as each row's amount, yet it names a price for one item, and 4 rows"
    assert dry.exit_code == 0, dry.output
    assert warning in dry.stderr
    assert result.exit_code == 0, result.output
    assert warning in result.stderr
    assert '--map "单价=unit_price"' in result.stderr
    assert table_of(book_path, BY_CUSTOMER)[0] == ("张三", "面膜", 3, 1000)  # as she chose


def test_an_english_item_price_beside_quantities_above_one_is_warned_of(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "orders.csv",
        [
            "Order ID,Order Date,Customer Name,Item Name,Item Price,Quantity",
            "A1,2024-05-01,Ann Lee,Mask,10.00,3",
            "A2,2024-05-02,Bo Chen,Lipstick,19.00,1",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "“Item Price” is read as each row's amount" in result.stderr
    assert "1 row has a “Quantity” above 1" in result.stderr


# A member list (有赞, 微盟, 客如云: t45): each member's totals, no order rows
MEMBERS = [
    "客户姓名,手机号,会员等级,累计消费金额,消费次数,最近消费时间,首次消费时间",
    "张三,13800138000,金卡,12800.00,23,2024-05-01 10:00:00,2021-03-01",
    "李四,13900139000,普通,99.00,1,2022-01-05 10:00:00,2022-01-05",
]


def test_a_member_lists_totals_are_refused_as_purchases_saying_what_it_is(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    members = write_csv(tmp_path / "会员.csv", MEMBERS)

    chinese = run("--lang", "zh", "import", "purchases", members, "--create-missing")
    english = run(
        *("--lang", "en", "import", "purchases", members, "--create-missing"),
        *("--map", "首次消费时间=ignore", "--map", "累计消费金额=amount"),
    )

    assert chinese.exit_code == 1
    assert "会员列表的汇总（“累计消费金额”是每位客户累计消费的总额" in chinese.output
    assert "请从店铺或收银系统导出订单明细" in chinese.output
    assert english.exit_code == 1
    assert "this file looks like a member list's summary" in english.output
    assert "import this member list as customers" in english.output
    assert table_of(book_path, "SELECT count(*) FROM purchases") == [(0,)]


def test_a_member_lists_totals_are_kept_in_the_customers_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    members = write_csv(tmp_path / "会员.csv", MEMBERS)

    result = run("--lang", "en", "import", "customers", members)

    assert result.exit_code == 0, result.output
    # its level and its first and last purchase's days too: no field of ours, each a line
    assert "not recognised" not in result.stderr
    assert table_of(book_path, "SELECT name, notes FROM customers ORDER BY id") == [
        (
            "张三",
            "会员等级：金卡\n累计消费金额：12800.00\n消费次数：23\n"
            "最近消费时间：2024-05-01 10:00:00\n首次消费时间：2021-03-01",
        ),
        (
            "李四",
            "会员等级：普通\n累计消费金额：99.00\n消费次数：1\n"
            "最近消费时间：2022-01-05 10:00:00\n首次消费时间：2022-01-05",
        ),
    ]


def test_a_member_cards_points_and_stored_value_are_kept_and_kept_current(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A member list's 积分, 储值余额 (money the seller holds of hers) and 会员卡号 were
    listed as not recognised and left out; a total a newer list gives was added beside last
    month's (累计消费金额：1200 and 累计消费金额：1500 both in her notes)."""
    header = "姓名,手机,会员卡号,可用积分,储值余额,累计消费金额,备注"
    march = write_csv(
        tmp_path / "三月.csv", [header, "王芳,13800138001,8800123,1200,500.00,1200,喜欢红色"]
    )
    april = write_csv(
        tmp_path / "四月.csv", [header, "王芳,13800138001,8800123,1500,320.00,1500,喜欢红色"]
    )

    first = run("--lang", "en", "import", "customers", march)
    assert first.exit_code == 0, first.output + first.stderr
    assert "not recognised" not in first.stderr
    again = run("--lang", "en", "import", "customers", april)
    assert again.exit_code == 0, again.output + again.stderr
    assert "1 updated" in again.output

    assert table_of(book_path, "SELECT notes FROM customers") == [
        ("会员卡号：8800123\n可用积分：1500\n储值余额：320.00\n累计消费金额：1500\n备注：喜欢红色",)
    ]
    same = run("--lang", "en", "import", "customers", april)
    assert "nothing to change" in same.output, same.output


def test_a_member_lists_headers_are_kept_in_the_notes() -> None:
    header = ["姓名", "会员等级", "VIP等级", "积分余额", "卡内余额", "成长值", "Reward Points"]
    header += ["Store Credit", "Loyalty Tier", "最后消费日期", "Last Order Date", "等级"]
    columns = match_columns(header, "customers")
    assert columns.joined["notes"] == list(range(1, len(header)))
    assert columns.ignored == []


def test_a_member_lists_total_fills_the_books_custom_field_of_its_name(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    members = write_csv(tmp_path / "会员.csv", [MEMBERS[0], MEMBERS[1]])
    assert run("fields", "add", "累计消费金额", "--kind", "number").exit_code == 0

    result = run("--lang", "en", "import", "customers", members)

    assert result.exit_code == 0, result.output
    assert "notes joins these columns, each one kept: column 3 “会员等级”, column 5 “消费次数”" in (
        result.stderr
    )
    assert table_of(book_path, "SELECT notes FROM customers") == [
        (
            "会员等级：金卡\n消费次数：23\n最近消费时间：2024-05-01 10:00:00\n"
            "首次消费时间：2021-03-01",
        )
    ]
    assert table_of(book_path, "SELECT value FROM field_values") == [("12800",)]


PHONES = "SELECT name, phones FROM customers ORDER BY id"


def test_a_second_phone_column_is_kept_on_the_customer_a_purchase_makes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "t3.csv",
        [
            "姓名,联系电话,联系手机,日期,金额",
            "赵六,0755-12345678,13600136000,2024-03-05,100",
            "钱七,021-87654321,,2024-03-06,200",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, PHONES) == [
        ("赵六", '["+8613600136000", "+8675512345678"]'),
        ("钱七", '["+862187654321"]'),
    ]


def test_a_buyers_phone_beside_the_receivers_is_kept_too(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "pdd.csv",
        [
            "订单号,收货人,手机,用户购买手机号,支付时间,商品总价(元)",
            "PDD1,王芳,13800138001,13900139002,2024-03-05 10:00:00,59.90",
            "PDD2,王芳,13800138001,13800138001,2024-03-06 10:00:00,19.90",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, PHONES) == [("王芳", '["+8613800138001", "+8613900139002"]')]
    assert table_of(book_path, "SELECT count(*) FROM purchases") == [(2,)]


def test_a_buyers_email_fills_the_email_of_the_customer_a_purchase_makes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "orders.csv",
        [
            "Order ID,Order Date,Buyer Name,Buyer Email,Total Price",
            "A1,2024-05-01,Ann Lee,ann@example.com,10.00",
            "A2,2024-05-02,Bo Chen,x7k2@marketplace.amazon.com,19.00",
            "A3,2024-05-03,Cy Wu,,5.00",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, email FROM customers ORDER BY id") == [
        ("Ann Lee", "ann@example.com"),
        ("Bo Chen", None),
        ("Cy Wu", None),
    ]
    assert "1 row's “Buyer Email” is Amazon's relay address" in result.stderr
    unread = [line for line in result.stderr.splitlines() if "not recognised" in line]
    assert not any("Buyer Email" in line for line in unread)


def test_every_shop_email_header_is_the_email() -> None:
    headers = ["Email", "Buyer Email", "Customer Email", "Billing Email", "Email (Billing)"]
    assert {field_of(header, "purchases") for header in headers} == {"email"}


# WooCommerce's "Advanced Order Export" default columns (t8), cut down
WOO = [
    "Order Number,Order Date,First Name (Billing),Last Name (Billing),Email (Billing),"
    "Phone (Billing),Order Total Amount,Item #,Item Name,Quantity",
    "101,2024-05-01 10:00,Mei,Wang,mei@example.com,+1 416 555 0100,120.00,1,Scarf,1",
    "102,2024-05-02 10:00,芳,王,,13800138001,50.00,1,Socks,2",
]


def test_woocommerces_item_number_is_no_item_and_its_first_and_last_names_are_joined(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "woo.csv", WOO)

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(
        book_path,
        "SELECT c.name, c.email, p.items FROM purchases p JOIN customers c"
        " ON c.id = p.customer_id ORDER BY p.date",
    ) == [("Mei Wang", "mei@example.com", "Scarf"), ("王芳", None, "Socks")]
    assert "items is read from" not in result.stderr
    assert "Last Name (Billing)" not in result.stderr  # read, so not "not recognised"


def test_billing_first_and_last_name_columns_name_the_buyer() -> None:
    header = ["Order ID", "Date", "Billing First Name", "Billing Last Name", "Total", "Item #"]
    columns = match_columns(header, "purchases")

    assert columns.fields["name"] == 2
    assert columns.name_parts == (2, 3)
    assert "items" not in columns.fields


SALES = [
    "客户,手机,日期,金额",
    "张三,13800138000,2024-05-01,100",
    "李四,13900139000,2024-05-02,200",
]


def test_a_remark_under_the_table_is_left_out_and_said(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "foot.csv", [*SALES, "备注：以上金额含运费,,,"])

    result = run("--lang", "zh", "import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 0, result.output
    assert (
        "第 4 行是表格末尾的说明（“备注：以上金额含运费”），不是客户或订单，不导入" in result.stderr
    )
    assert table_of(book_path, "SELECT count(*) FROM purchases") == [(2,)]


def test_an_unlabelled_sum_row_is_the_sheets_total(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    summed = write_csv(tmp_path / "sum.csv", [*SALES, ",,,300"])
    other = write_csv(tmp_path / "other.csv", [*SALES, ",,,250"])

    result = run("--lang", "en", "import", "purchases", summed, "--create-missing")
    refused = run("--lang", "en", "import", "purchases", other, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "line 4 is the sheet's total (“300”) and is not imported" in result.stderr
    assert table_of(book_path, "SELECT sum(amount_cents) FROM purchases") == [(30000,)]
    assert refused.exit_code == 1  # 250 is no sum: a row missing its date and customer
    assert "line 4, 日期" in refused.output


def test_ebays_orders_report_with_its_padding_and_footer_imports(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    header = (
        "Sales Record Number,Order Number,Buyer Username,Buyer Name,Buyer Email,Quantity,"
        "Sold For,Total Price,Sale Date"
    )
    report = write_csv(
        tmp_path / "ebay.csv",
        [
            ",,,,,,,,",
            header,
            ",,,,,,,,",
            "1001,05-11111-22222,lily_w,Lily Wang,lily@example.com,2,64.00,128.00,Mar-05-24",
            "1002,05-11111-33333,bob_k,Bob King,bob@example.com,1,50.00,50.00,Mar-06-24",
            "",
            '2,record(s) downloaded,"from Mar-01-24 00:00:00 to Mar-31-24 23:59:59",,,,,,',
            "Seller ID : myteashop,,,,,,,,",
        ],
    )

    result = run("--lang", "en", "import", "purchases", report, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "lines 7, 8 are lines under the sheet's table (“2 record(s) downloaded”" in (
        result.stderr
    )
    assert table_of(book_path, "SELECT sum(amount_cents) FROM purchases") == [(17800,)]


def test_a_vcard_updating_an_earlier_card_of_the_file_is_counted_as_updated(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    cards = tmp_path / "t43.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:王芳\nTEL;TYPE=CELL:13800138000\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:2.1\nFN:王芳\nTEL;CELL:+86 138 0013 8000\nEMAIL:wf@example.com\n"
        "END:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:李娜\nTEL;TYPE=CELL:13900139000\nEND:VCARD\n",
        encoding="utf-8",
    )

    result = run("--lang", "en", "import", "customers", cards)

    assert result.exit_code == 0, result.output
    assert "imported 3 of 3 rows (2 customers created, 1 updated;" in result.stdout
    assert table_of(book_path, "SELECT name, email FROM customers ORDER BY id") == [
        ("王芳", "wf@example.com"),
        ("李娜", None),
    ]


def test_excels_lock_file_names_the_workbook_to_import(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    lock = tmp_path / "~$客户.xlsx"
    lock.write_bytes(b"\x05wang  " + b"\x00" * 40)
    (tmp_path / "客户.xlsx").write_bytes(b"")  # (the open workbook beside it)
    alone = tmp_path / "alone" / "~$lock.xlsx"
    alone.parent.mkdir()
    alone.write_bytes(b"\x00\x00\x00")

    chinese = run("--lang", "zh", "import", "customers", lock)
    english = run("--lang", "en", "import", "purchases", alone)

    assert chinese.exit_code == 1
    assert "这是 Excel/WPS 在“客户.xlsx”打开时放在旁边的锁定文件，不是表格：请导入“客户.xlsx”" in (
        chinese.output
    )
    assert english.exit_code == 1
    assert "this is the lock file Excel/WPS keeps while “lock.xlsx” is open" in english.output
    assert "damaged or binary" not in chinese.output + english.output
