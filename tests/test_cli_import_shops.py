"""`xiaoben import`: the seller's book as they keep it — shop order exports (their headers,
order status, masked phones, order numbers), nicknames in 微信, matching rows to customers,
--map and --on-duplicate. Every fixture is written here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import fixed_clock, table_of, write_csv
from tests.workbook_helpers import write_xlsx
from xiaoben.store.book import Book

TAOBAO = [
    "订单编号,买家会员名,买家应付货款,总金额,买家实际支付金额,订单状态,收货人姓名,收货地址,"
    "联系电话,联系手机,订单创建时间,订单付款时间,宝贝标题,宝贝总数量,订单备注",
    "3001,tb_wangfang,99.00,99.00,89.00,交易成功,王芳,浙江省 杭州市,,138****8000,"
    "2024-03-08 10:01:00,2024-03-08 10:02:11,玫瑰面霜,1,",
    "3002,tb_lina,50.00,50.00,50.00,交易关闭,李娜,上海市,,139****9000,2024-03-09 09:00:00,,"
    "洗面奶,1,",
    "3003,tb_zhaomin,120.00,120.00,120.00,退款成功,赵敏,北京市,,137****7000,"
    "2024-03-10 11:00:00,2024-03-10 11:05:00,精华液,2,快递放门口",
    "3004,tb_sunli,30.00,30.00,30.00,等待买家付款,孙丽,广州市,,136****6000,"
    "2024-03-11 12:00:00,,面膜,3,",
]


def test_a_taobao_export_imports_paid_and_refunded_orders_and_counts_the_closed(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "淘宝订单.csv", TAOBAO)

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 2 of 4 rows (2 customers created" in result.stdout
    assert "order rows: 2 closed, cancelled or unpaid (not purchases); 1 refunded" in result.stdout
    assert "column 4 “总金额” (amount is read from column 5 “买家实际支付金额”)" in result.stderr
    purchases = table_of(
        book_path,
        "SELECT c.name, c.phones, p.date, p.amount_cents, p.refunded_cents, p.items,"
        " p.quantity, p.note FROM purchases p JOIN customers c ON c.id = p.customer_id"
        " ORDER BY p.date",
    )
    assert purchases == [
        ("王芳", "[]", "2024-03-08", 8900, 0, "玫瑰面霜", 1, "订单号 3001"),
        ("赵敏", "[]", "2024-03-10", 12000, 12000, "精华液", 2, "订单号 3003；快递放门口"),
    ]


def test_a_refund_done_after_the_sale_refunds_the_order_whatever_its_status(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """拼多多 and 抖店 keep the refund in 售后状态 beside the order status (已签收, 已完成); a
    refund under way or refused there leaves the purchase paid."""
    orders = write_csv(
        tmp_path / "抖店订单.csv",
        [
            "订单号,商品,订单状态,售后状态,实付款,收货人,手机,支付时间",
            "1,护手霜,已签收,退款成功,59.00,张三,13800138000,2024-03-05 14:23:11",
            "2,面膜,已完成,无售后,89.00,张三,13800138000,2024-03-06 10:00:00",
            "3,面霜,已完成,退款中,99.00,张三,13800138000,2024-03-07 10:00:00",
            "4,唇膏,已完成,售后关闭,29.00,张三,13800138000,2024-03-08 10:00:00",
            "5,精华,交易关闭,退款成功,199.00,张三,13800138000,2024-03-09 10:00:00",
            "6,香水,已取消,,299.00,张三,13800138000,",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "order rows: 1 closed, cancelled or unpaid (not purchases); 2 refunded" in result.stdout
    assert "售后状态" not in result.stderr  # read, not a column left out
    assert table_of(
        book_path, "SELECT items, amount_cents, refunded_cents FROM purchases ORDER BY date"
    ) == [
        ("护手霜", 5900, 5900),
        ("面膜", 8900, 0),
        ("面霜", 9900, 0),
        ("唇膏", 2900, 0),
        ("精华", 19900, 19900),
    ]


def test_a_closed_taobao_order_with_its_money_refunded_is_a_refunded_purchase(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Taobao closes an order whose every item was refunded (交易关闭, 退款金额 = what was
    paid): a purchase refunded in full, not an order never paid; an update of an order
    imported as paid marks it refunded rather than deleting it."""
    header = "订单编号,买家会员名,实付款,退款金额,订单状态,收货人姓名,订单付款时间,宝贝标题"
    paid = write_csv(
        tmp_path / "a.csv",
        [header, "1003,tb_zhang,300.00,0,交易成功,张三,2024-03-07 10:00:00,套装"],
    )
    closed = write_csv(
        tmp_path / "b.csv",
        [
            header,
            "1003,tb_zhang,300.00,300.00,交易关闭,张三,2024-03-07 10:00:00,套装",
            "1004,tb_zhang,50.00,0,交易关闭,张三,,面膜",  # never paid
        ],
    )
    run("import", "purchases", str(paid), "--create-missing")

    result = run("--lang", "en", "import", "purchases", str(closed), "--on-duplicate", "update")

    assert result.exit_code == 0, result.output
    assert "1 closed, cancelled or unpaid (not purchases)" in result.stdout
    assert table_of(book_path, "SELECT items, amount_cents, refunded_cents FROM purchases") == [
        ("套装", 30000, 30000)
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_orders_refunded_in_part_are_counted_in_the_report(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    """The report counts each kind of order row (README): a 交易关闭 after ¥100 of ¥110 went
    back and a 交易成功 with ¥20 of ¥89.70 back are paid and refunded in part, counted as
    such; a ¥50 order closed with its ¥50 back is refunded in full, a paid one is neither."""
    header = "订单编号,买家会员名,实付款,退款金额,订单状态,收货人姓名,订单付款时间,宝贝标题"
    orders = write_csv(
        tmp_path / "a.csv",
        [
            header,
            "1001,tb_a,110.00,100.00,交易关闭,王芳,2024-03-07 10:00:00,口红",
            "1002,tb_b,89.70,20.00,交易成功,李娜,2024-03-07 11:00:00,面霜",
            "1003,tb_c,50.00,50.00,交易关闭,赵敏,2024-03-07 12:00:00,眼霜",
            "1004,tb_d,50.00,0,交易成功,钱多,2024-03-07 13:00:00,眼霜",
        ],
    )

    result = run("--lang", lang, "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    said = {
        "en": "2 rows were refunded in part: recorded as paid, with the amount refunded",
        "zh": "2 行部分退款：记为已付款，退回的金额记为已退款",
    }
    assert said[lang] in result.stdout
    assert table_of(book_path, "SELECT amount_cents, refunded_cents FROM purchases") == [
        (11000, 10000), (8970, 2000), (5000, 5000), (5000, 0)
    ]  # fmt: skip
    again = run("--lang", lang, "import", "purchases", str(orders), "--create-missing")
    assert again.exit_code == 0, again.output
    assert said[lang].split("：")[0].split(":")[0][2:] not in again.stdout  # none came in


def test_rows_refunded_in_part_that_were_imported_before_are_not_counted_again(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """A file without order numbers imported again: its rows are already in the book (the
    same customer, day, amount and item), left out, and not said to be refunded in part."""
    rows = write_csv(
        tmp_path / "a.csv",
        ["姓名,手机,日期,金额,退款金额", "王芳,13800138000,2026-01-02,110,100"],
    )
    first = run("--lang", "en", "import", "purchases", str(rows), "--create-missing")
    assert "1 row was refunded in part" in first.stdout

    again = run("--lang", "en", "import", "purchases", str(rows), "--create-missing")

    assert again.exit_code == 0, again.output
    assert "imported 0 of 1 row" in again.stdout
    assert "refunded in part" not in again.stdout


def test_a_blank_payment_time_takes_the_order_time(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A 货到付款 order has no 付款时间: its date is its 下单时间 (the payment time still wins
    where there is one); a row with neither is refused naming the column read."""
    header = "订单编号,收货人姓名,实付款,订单状态,订单创建时间,订单付款时间,宝贝标题"
    orders = write_csv(
        tmp_path / "a.csv",
        [
            header,
            "7001,张三,100,交易成功,2024-03-04 23:50:00,2024-03-05 00:10:00,精油",
            "7002,李四,80,交易成功,2024-03-06 10:00:00,,面霜",
        ],
    )
    neither = write_csv(tmp_path / "b.csv", [header, "7003,王五,50,交易成功,,,面膜"])

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")
    refused = run("--lang", "en", "import", "purchases", str(neither), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "订单创建时间" not in result.stderr  # read where the payment time is blank
    assert table_of(book_path, "SELECT items, date FROM purchases ORDER BY id") == [
        ("精油", "2024-03-05"),
        ("面霜", "2024-03-06"),
    ]
    assert refused.exit_code == 1
    assert "line 2, 订单付款时间: date: is required" in refused.stderr


def test_a_shop_account_beside_a_namesake_of_the_book_is_said_and_listed(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """买家会员名 lisi1985 and 李四 with a masked phone, the book's 李四 having the code
    0002: not taken for her (a name alone never matches a row with its own key), said so —
    and, created with --create-missing, listed beside her for review."""
    people = write_csv(tmp_path / "c.csv", ["编号,姓名,手机", "0002,李四,13800138001"])
    orders = write_csv(
        tmp_path / "o.csv",
        [
            "订单编号,买家会员名,收货人姓名,联系手机,买家实际支付金额,订单付款时间,宝贝标题",
            "5002,lisi1985,李四,138****8001,200,2024-03-06 10:00:00,面霜",
        ],
    )
    run("import", "customers", str(people))

    unknown = run("--lang", "en", "import", "purchases", str(orders))
    created = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert unknown.exit_code == 1
    assert (
        "line 2, 买家会员名: shop account: no customer has the shop account lisi1985, and a "
        "name alone does not match a row that brings its own account: 李四 (0002) has the same "
        "name but not it" in unknown.stderr
    )
    assert created.exit_code == 0, created.output
    assert (
        "line 2: new customer “李四” (lisi1985) has the name of 李四 (0002): created, check if"
        " the same" in created.stdout
    )


def test_the_account_refusal_says_how_to_give_her_the_account(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The refusal of an order by an account nobody has, beside a namesake, said only
    --create-missing, which makes a second 周芷若 (and then her orders by name alone are
    refused as naming two): it now says how to give the account to the one she is, and
    that way works (an outside tester's)."""
    people = write_csv(tmp_path / "c.csv", ["姓名,手机", "周芷若,13800138004"])
    orders = write_csv(
        tmp_path / "o.csv",
        [
            "订单编号,买家会员名,收货人姓名,联系手机,买家实际支付金额,订单付款时间,宝贝标题",
            "5002,jd_zhou,周芷若,138****8004,200,2024-03-06 10:00:00,面霜",
        ],
    )
    run("import", "customers", str(people))

    refused = run("--lang", "zh", "import", "purchases", str(orders))

    assert refused.exit_code == 1
    assert "若就是她，在她的备注里加一行“买家账号：jd_zhou”再导入" in refused.stderr
    with Book.open(book_path, today=fixed_clock) as book:
        her = book.get_customer(1)
        book.save_customer(her.model_copy(update={"notes": "买家账号：jd_zhou"}))
    again = run("--lang", "en", "import", "purchases", str(orders))
    assert again.exit_code == 0, again.output + again.stderr
    assert table_of(book_path, "SELECT customer_id FROM purchases") == [(1,)]


def test_the_same_orders_imported_twice_are_not_doubled(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "淘宝订单.csv", TAOBAO)
    run("import", "purchases", str(orders), "--create-missing")

    again = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert again.exit_code == 0, again.output
    assert "imported 0 of 4 rows (0 customers created, 0 updated" in again.stdout
    assert "2 already imported (skipped)" in again.stdout
    assert table_of(book_path, "SELECT count(*) FROM purchases") == [(2,)]


def test_a_pinduoduo_workbook_reads_what_the_buyer_paid_and_its_statuses(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    export = write_xlsx(
        tmp_path / "拼多多.xlsx",
        {
            "订单": [
                ["订单号", "商品", "订单状态", "商品总价(元)", "用户实付金额(元)", "商品数量(件)",
                 "收货人", "手机", "支付时间", "售后状态"],
                ["240308-01", "纸巾 10 包", "已发货，待收货", 39.9, 29.9, 1, "周杰", "13800138000",
                 "2024-03-08 20:00:00", "无售后或售后取消"],
                ["240308-02", "洗衣液", "已取消", 59, 49, 1, "吴磊", "13900139000", None, None],
                ["240309-03", "拖把", "售后完成-退款", 80, 70, 1, "郑爽", "13700137000",
                 "2024-03-09 08:00:00", "退款成功"],
            ]
        },
    )  # fmt: skip

    result = run("--lang", "en", "import", "purchases", str(export), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 2 of 3 rows (2 customers created" in result.stdout
    assert "order rows: 1 closed, cancelled or unpaid (not purchases); 1 refunded" in result.stdout
    assert table_of(
        book_path,
        "SELECT c.name, c.phones, p.amount_cents, p.refunded_cents FROM purchases p"
        " JOIN customers c ON c.id = p.customer_id ORDER BY p.date",
    ) == [("周杰", '["+8613800138000"]', 2990, 0), ("郑爽", '["+8613700137000"]', 7000, 7000)]


YOUZAN = [
    "订单号,订单状态,商品名称,商品数量,订单实付金额,买家付款时间,收货人/提货人,"
    "收货人手机号/提货人手机号,订单退款状态,订单已退款金额",
    "E2024030801,交易成功,面膜,2,60.00,2024-03-09 10:02:00,李娜,13900139000,部分退款,20.00",
]


def test_a_youzan_partial_refund_is_read_from_its_refunded_amount_column(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "有赞订单.csv", YOUZAN)

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "订单已退款金额" not in result.stderr  # read, not listed as unrecognised
    assert table_of(book_path, "SELECT amount_cents, refunded_cents FROM purchases") == [
        (6000, 2000)
    ]


JD = [
    "订单号,商品名称,订购数量,下单时间,应付金额,订单状态,下单帐号,客户姓名,联系电话",
    "285123456789,面霜,1,2024-03-08 10:01:00,89.00,完成,jd_wangf,王芳,138****8000",
    "285123456790,面膜,1,2024-03-20 10:01:00,30.00,完成,jd_wangf2,王芳,137****8000",
]


def test_a_jd_account_tells_two_buyers_of_one_name_apart(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "京东订单.csv", JD, encoding="gbk")

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 2 of 2 rows (2 customers created" in result.stdout
    assert table_of(book_path, "SELECT code, name, notes FROM customers ORDER BY id") == [
        # a shop's account, never the seller's code
        (None, "王芳", "买家账号：jd_wangf\n隐藏或转接的号码（不作电话）：138****8000"),
        (None, "王芳", "买家账号：jd_wangf2\n隐藏或转接的号码（不作电话）：137****8000"),
    ]


def test_a_masked_phone_never_finds_a_customer(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(tmp_path / "b.csv", ["手机,日期,实付款", "138****5678,2024-03-08,10"])

    result = run("--lang", "en", "import", "purchases", str(bills))

    assert result.exit_code == 1
    assert (
        "line 2, 手机: customer: the shop masked this buyer (138****5678): no customer is found"
        " or made by a masked cell" in result.stderr
    )


def test_a_masked_phone_is_kept_in_a_new_customers_notes_as_a_customers_import_keeps_it(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "客户.csv", ["姓名,手机", "李娜,139****9000"])
    orders = write_csv(
        tmp_path / "淘宝订单.csv",
        [
            "订单编号,买家会员名,收货人姓名,联系手机,实付款,订单付款时间",
            "1001,tb_wangfang,王芳,138****8000,10,2024-03-05 10:00:00",
            "1002,tb_wangfang,王芳,138****8000,20,2024-03-06 10:00:00",
        ],
    )
    assert run("import", "customers", str(people)).exit_code == 0

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "1 row had a masked or relay number (line 2: 138****8000): kept in the notes" in (
        result.stdout
    )
    assert table_of(book_path, "SELECT name, phones, notes FROM customers") == [
        ("李娜", "[]", "隐藏或转接的号码（不作电话）：139****9000"),
        ("王芳", "[]", "买家账号：tb_wangfang\n隐藏或转接的号码（不作电话）：138****8000"),
    ]


SELLER_SHEET = [
    ["客户名", "手机", "微信", "生日", "标签", "备注"],
    ["王芳", 13812345678, "芳芳🌸", "1990-03-05", "老客户", "喜欢玫瑰"],
    ["李娜", None, "13900139000", None, None, None],
    ["赵敏", None, "zm", None, None, None],
]


def test_nicknames_in_wechat_are_kept_as_written_and_a_phone_there_is_the_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_xlsx(tmp_path / "客户.xlsx", {"客户": SELLER_SHEET})

    result = run("--lang", "en", "import", "customers", str(sheet))

    assert result.exit_code == 0, result.output
    assert "imported 3 of 3 rows (3 customers created, 0 updated" in result.stdout
    assert table_of(book_path, "SELECT name, phones, wechat, notes FROM customers") == [
        ("王芳", '["+8613812345678"]', None, "喜欢玫瑰\n微信（非微信号）：芳芳🌸"),
        ("李娜", '["+8613900139000"]', "13900139000", ""),
        ("赵敏", "[]", None, "微信（非微信号）：zm"),
    ]
    # the nickname is how the seller knows her: search finds her by it (not a lookup key)
    found = table_of(
        book_path,
        "SELECT c.name FROM search_keys k JOIN customers c ON c.id = k.customer_id"
        " WHERE k.key IN ('芳芳🌸', 'fangfang🌸')",
    )
    assert found == [("王芳",), ("王芳",)]


def test_importing_the_same_sheet_again_changes_nothing_and_says_so(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_xlsx(tmp_path / "客户.xlsx", {"客户": SELLER_SHEET})
    run("import", "customers", str(sheet))
    before = table_of(book_path, "SELECT * FROM customers")

    again = run("--lang", "en", "import", "customers", str(sheet))

    assert again.exit_code == 0, again.output
    assert "(0 customers created, 0 updated" in again.stdout
    assert table_of(book_path, "SELECT * FROM customers") == before


def test_a_row_without_a_code_matches_by_phone_and_empty_cells_erase_nothing(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "c.csv", ["姓名,手机,城市,微信", "王芳,13812345678,杭州,"])

    result = run("--lang", "en", "import", "customers", str(people))

    assert result.exit_code == 0, result.output
    assert "(0 customers created, 1 updated" in result.stdout
    assert table_of(shop_path, "SELECT code, city, wechat FROM customers WHERE name = '王芳'") == [
        ("C001", "杭州", "wangfang_88")
    ]


def test_on_duplicate_skip_leaves_them_and_new_adds_them(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "c.csv", ["姓名,手机,城市", "王芳,13812345678,杭州"])

    skipped = run("--lang", "en", "import", "customers", str(people), "--on-duplicate", "skip")
    assert "(0 customers created, 0 updated" in skipped.stdout
    assert "1 customer already in the book left as it is" in skipped.stdout

    # a rule that changed: a second 王芳 of the same phone was made (see
    # test_import_new_customers.py); a namesake with a phone of her own is added
    others = write_csv(tmp_path / "d.csv", ["姓名,手机,城市", "王芳,13912345678,杭州"])
    added = run("--lang", "en", "import", "customers", str(others), "--on-duplicate", "new")
    assert "(1 customer created, 0 updated" in added.stdout
    assert table_of(shop_path, "SELECT count(*) FROM customers WHERE name = '王芳'") == [(2,)]


def test_on_duplicate_skip_counts_customers_not_rows(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    """王芳 twice in the file is one customer of the book left alone; 李新, new, made by the
    file's first row of her, is not one the book had."""
    people = write_csv(
        tmp_path / "c.csv",
        [
            "姓名,手机,城市",
            "王芳,13812345678,杭州",
            "王芳,138 1234 5678,",
            "李新,13711112222,",
            "李新,13711112222,",
        ],
    )

    skipped = run("--lang", "en", "import", "customers", str(people), "--on-duplicate", "skip")

    assert "(1 customer created, 0 updated" in skipped.stdout
    assert "1 customer already in the book left as it is" in skipped.stdout


def test_near_matches_are_listed_with_both_sides_not_merged(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "c.csv", ["姓名,手机", "王小芳,13812345678", "李娜,13700001111"])

    result = run("--lang", "en", "import", "customers", str(people))

    assert result.exit_code == 3, result.output  # a row held back: not all came in
    assert (
        "imported 1 of 2 rows (1 customer created, 0 updated; 0 bad rows skipped; 1 held back"
        " for review; encoding utf-8)" in result.stdout
    )
    assert (  # one of the two held back, said with the figures (the other was created)
        "1 row was not imported: its phone, WeChat ID or shop account is another customer's"
        in result.stdout
    )
    assert (
        "to bring it in, give the row the code of the customer it is (her #id, such as #1, if"
        " she has no code; a code of its own for somebody new) and import the file again (the"
        " rows already in are not doubled)" in result.stdout
    )
    assert "2 rows are near matches of customers in the book, not merged" in result.stdout
    assert (
        "line 2: 13812345678 belongs to 王芳 (C001) but this row names “王小芳”: not imported"
        in result.stdout
    )
    assert "line 3: new customer “李娜” (13700001111) has the name of 李娜 (C002)" in (
        result.stdout
    )


def _two_near_matches_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file of two near matches of the shop's customers, imported as on a terminal that
    shows one of them."""
    from xiaoben.cli import main as cli_main

    monkeypatch.setattr(cli_main, "_is_terminal", lambda: True)
    monkeypatch.setattr(cli_main, "NEAR_SHOWN", 1)
    return write_csv(tmp_path / "c.csv", ["姓名,手机", "王小芳,13812345678", "李娜,13700001111"])


def test_a_long_list_of_near_matches_is_kept_whole_in_a_file_beside_the_book(
    run: Callable[..., Result],
    shop_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = _two_near_matches_on_a_terminal(tmp_path, monkeypatch)

    result = run("--lang", "en", "import", "customers", str(people), db=shop_path)

    assert result.exit_code == 3, result.output  # a row held back: not all came in
    (kept,) = shop_path.parent.glob(f"{shop_path.stem}-near-matches-*.txt")
    lines = kept.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("line 3: new customer “李娜” (13700001111) has the name of")
    assert lines[1] == (
        "line 2: 13812345678 belongs to 王芳 (C001) but this row names “王小芳”: not imported"
    )
    assert kept.stat().st_mode & 0o777 == 0o600  # names and phones: the seller's eyes only
    assert f"  {lines[0]}" in result.stdout and "王小芳" not in result.stdout
    assert (
        f"1 more is not shown here; the whole list is in {kept} (the 5 latest lists are kept)"
        in result.stdout
    )


def test_only_the_newest_near_match_lists_stay_beside_the_book(tmp_path: Path) -> None:
    from xiaoben.store.imports import KEPT_NEAR_LISTS, keep_near_matches

    class Plain:
        encrypted = False
        path = tmp_path / "shop.db"

    older = [
        tmp_path / "shop-相近客户-20261101-090000-000001.txt",  # written in Chinese
        tmp_path / "shop-near-matches-20261102-090000-000001.txt",
        *(tmp_path / f"shop-相近客户-2026110{day}-090000-000001.txt" for day in range(3, 8)),
    ]
    others = [
        tmp_path / "shop-相近客户-notes.txt",  # the seller's own file, not one of ours
        tmp_path / "other-near-matches-20261101-090000-000001.txt",  # another book's list
    ]
    for path in older + others:
        path.write_text("line 2: …\n", encoding="utf-8")

    kept = keep_near_matches(["line 9: new"], Plain())  # type: ignore[arg-type]

    assert kept is not None and kept.read_text(encoding="utf-8") == "line 9: new\n"
    left = sorted(path.name for path in tmp_path.iterdir())
    assert left == sorted(
        [kept.name] + [path.name for path in older[-(KEPT_NEAR_LISTS - 1) :] + others]
    )


def test_a_dry_run_prints_every_near_match_and_writes_no_file(
    run: Callable[..., Result],
    shop_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = _two_near_matches_on_a_terminal(tmp_path, monkeypatch)

    result = run("--lang", "en", "import", "customers", str(people), "--dry-run", db=shop_path)

    assert result.exit_code == 3, result.output  # a row held back: not all came in
    assert "“王小芳”: not imported" in result.stdout and "has the name of 李娜" in result.stdout
    assert list(shop_path.parent.glob("*near-matches*")) == []


def test_near_matches_that_cannot_be_kept_in_a_file_are_all_printed(
    run: Callable[..., Result],
    shop_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from xiaoben.store import files

    def full_disk(*_: object, **__: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "write_private", full_disk)
    people = _two_near_matches_on_a_terminal(tmp_path, monkeypatch)

    result = run("--lang", "en", "import", "customers", str(people), db=shop_path)

    assert result.exit_code == 3, result.output  # a row held back: not all came in
    assert "“王小芳”: not imported" in result.stdout and "has the name of 李娜" in result.stdout
    assert "more are not shown" not in result.stdout


def test_map_reads_a_column_as_a_field_and_ignores_one(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "c.csv", ["称呼,城市,备注", "王芳,杭州,别导入"])

    result = run("import", "customers", str(people), "--map", "称呼=name", "--map", "备注=ignore")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, city, notes FROM customers") == [("王芳", "杭州", "")]


def test_map_names_a_column_whose_header_holds_an_equals_sign(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """金额=元 is the column's name: the value splits at the = after which a field is named
    (an outside tester's finding: it split at the first, "no field 元=notes")."""
    people = write_csv(tmp_path / "c.csv", ["客户名,金额=元,a=b=c", "王芳,100,x"])

    result = run(
        "import", "customers", str(people), "--map", "金额=元=notes", "--map", "a=b=c=ignore"
    )

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, notes FROM customers") == [("王芳", "100")]


def test_sheet_for_a_csv_and_header_row_for_a_vcard_exit_2_saying_why(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Options the file cannot use are said, not passed over (an outside tester: --sheet of a
    CSV imported it as if never given)."""
    people = write_csv(tmp_path / "c.csv", ["姓名,城市", "王芳,杭州"])
    card = tmp_path / "c.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:王芳\nTEL:13800138000\nEND:VCARD\n")

    sheet = run("--lang", "en", "import", "customers", str(people), "--sheet", "订单")
    header = run("--lang", "zh", "import", "customers", str(card), "--header-row", "2")
    fine = run("import", "customers", str(people), "--header-row", "1")  # a CSV's line: read

    assert sheet.exit_code == 2
    assert sheet.stderr.strip() == (
        "Error: --sheet 订单 does not apply: c.csv is a text table (CSV), which has no sheets; "
        "import it without --sheet"
    )
    assert header.exit_code == 2
    assert "--header-row 用不上：c.vcf 是通讯录文件（vCard），没有表头行" in header.stderr
    assert fine.exit_code == 0, fine.output
    assert table_of(book_path, "SELECT name FROM customers") == [("王芳",)]


def test_a_bad_map_exits_2_naming_it_and_listing_the_fields(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "c.csv", ["姓名,城市", "王芳,杭州"])

    wrong_field = run("--lang", "en", "import", "customers", str(people), "--map", "城市=town")
    no_column = run("--lang", "en", "import", "customers", str(people), "--map", "区=city")

    assert wrong_field.exit_code == 2
    assert "--map “城市=town”: there is no field “town”. Fields: name, code," in (
        wrong_field.stderr
    )
    assert no_column.exit_code == 2
    assert no_column.stderr.strip() == (
        "Error: --map “区=city”: the file has no column “区”. Its columns: 姓名, 城市"
    )
    assert "Invalid value" not in wrong_field.stderr and "Usage:" not in wrong_field.stderr


def test_no_list_of_near_matches_is_kept_beside_an_encrypted_book(tmp_path: Path) -> None:
    from xiaoben.store.imports import keep_near_matches

    class Encrypted:
        encrypted = True
        path = tmp_path / "shop.db"

    assert keep_near_matches(["line 2: …"], Encrypted()) is None  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_an_order_of_several_items_is_one_purchase_of_the_customer(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """有赞 writes an order's items a row each under one order number: 王芳's one order of
    three items is one purchase in her figures (a customer, not loyal after one order), her
    second order a second; the items stay apart, each its own product."""
    orders = write_csv(
        tmp_path / "有赞订单.csv",
        [
            "订单号,买家姓名,买家手机号,下单时间,商品名称,数量,商品实付金额,订单状态",
            "E2024030801,王芳,13800138000,2026-11-08 10:00:00,玫瑰面霜,1,120.00,交易成功",
            "E2024030801,王芳,13800138000,2026-11-08 10:00:00,洗面奶,2,80.00,交易成功",
            "E2024030801,王芳,13800138000,2026-11-08 10:00:00,面膜,1,30.00,交易成功",
            "E2024031502,王芳,13800138000,2026-11-15 09:00:00,口红,1,99.00,交易成功",
            "E2024030903,李娜,13900139000,2026-11-09 11:00:00,洗面奶,1,40.00,交易成功",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    figures = table_of(
        book_path,
        "SELECT c.name, s.orders, s.revenue_cents, t.stage, (SELECT count(*) FROM purchases p"
        " WHERE p.customer_id = c.id) FROM customers c JOIN stats s ON s.customer_id = c.id"
        " JOIN tiers t ON t.customer_id = c.id ORDER BY c.id",
    )
    assert figures == [("王芳", 2, 32900, "customer", 4), ("李娜", 1, 4000, "customer", 1)]


def test_a_shops_item_report_alone_is_told_from_a_file_missing_a_column(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """淘宝's 宝贝报表 has the items of each order and no buyer: the seller is told which
    report holds the buyers, not only that a column is missing."""
    items = write_csv(
        tmp_path / "宝贝报表.csv",
        [
            "订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码",
            "3001,玫瑰面霜,99.00,1,,50ml,,,交易成功,",
        ],
    )

    result = run("--lang", "zh", "import", "purchases", str(items), "--create-missing")

    assert result.exit_code != 0
    assert "这个文件像是店铺的商品明细表（如淘宝的“宝贝报表”）" in result.output
    assert "请导入订单表" in result.output
