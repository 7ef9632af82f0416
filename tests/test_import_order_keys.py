"""A purchases file's customer cells as shops and sellers write them (a hostile tester's
findings): a nickname in 微信 beside a name or phone, two phones in one cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.book_helpers import table_of, write_csv

WEIDIAN = [
    "订单编号,下单时间,订单状态,商品名称,数量,实收金额,收货人,收货人电话,买家微信",
    "812345678,2024-03-08 10:01:00,已完成,面霜,1,89.00,王芳,13800138000,wangfang_88",
    "812345679,2024-03-09 10:01:00,已完成,面膜,2,60.00,李娜,13900139000,小娜🌸",
    "812345680,2024-03-10 10:01:00,已完成,精华,1,120.00,赵敏,,zm",
]


def test_a_nickname_in_wechat_beside_a_name_or_phone_is_no_key_and_no_problem(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "微店订单.csv", WEIDIAN)

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 3 of 3 rows (3 customers created" in result.stdout
    assert "WeChat" not in result.stderr
    assert table_of(book_path, "SELECT name, phones, wechat, notes FROM customers") == [
        ("王芳", '["+8613800138000"]', "wangfang_88", ""),
        ("李娜", '["+8613900139000"]', None, "微信（非微信号）：小娜🌸"),  # kept, as written
        ("赵敏", "[]", None, "微信（非微信号）：zm"),
    ]
    searched = "SELECT customer_id FROM search_keys WHERE key IN ('小娜🌸', 'xiaona🌸')"
    assert table_of(book_path, searched) == [(2,), (2,)]  # searched as a name
    again = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")
    assert "0 customers created, 0 updated" in again.stdout


def test_a_nickname_in_wechat_finds_the_customer_by_the_name_beside_it(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "客户.csv", ["姓名,手机", "李娜,13900139000"])
    assert run("import", "customers", str(people)).exit_code == 0
    orders = write_csv(tmp_path / "账.csv", ["姓名,微信,日期,金额", "李娜,小娜,2024-03-09,60"])

    result = run("--lang", "en", "import", "purchases", str(orders))

    assert result.exit_code == 0, result.output
    assert "imported 1 of 1 row (0 customers created" in result.stdout
    assert table_of(book_path, "SELECT customer_id, amount_cents FROM purchases") == [(1, 6000)]


def test_a_nickname_alone_names_no_customer_and_says_what_a_wechat_id_is(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "账.csv", ["微信,日期,金额", "小娜,2024-03-09,60"])

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 1
    assert "line 2, 微信: WeChat ID: a WeChat ID has 6–20 letters" in result.stderr


def test_two_phones_in_one_cell_are_two_keys_of_the_customer(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "客户.csv", ["姓名,手机", "赵六,13900139001"])
    assert run("import", "customers", str(people)).exit_code == 0
    orders = write_csv(
        tmp_path / "账.csv",
        [
            "姓名,手机,日期,金额",
            "赵六,13800138001；13900139001,2024-03-05,10",
            "钱七,13700137001 13600136001,2024-03-06,20",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "extension" not in result.stderr
    assert "imported 2 of 2 rows (1 customer created" in result.stdout
    assert table_of(
        book_path,
        "SELECT c.name, c.phones, p.amount_cents FROM purchases p"
        " JOIN customers c ON c.id = p.customer_id ORDER BY p.date",
    ) == [
        ("赵六", '["+8613900139001"]', 1000),
        ("钱七", '["+8613700137001", "+8613600136001"]', 2000),
    ]


DOUYIN = [
    "主订单编号,选购商品,商品数量,订单应付金额,收件人,收件人手机号,订单提交时间,订单状态",
    "6923456789012345671,面膜,2,99.80,王*,1**********,2024/03/08 10:01:00,已完成",
    "6923456789012345673,精华液,1,199.00,王*,1**********,2024/03/09 10:01:00,已完成",
]


def test_names_the_shop_masked_find_and_make_no_customer(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    # 王* of one order and 王* of the next are two buyers: one customer 王* took both
    orders = write_csv(tmp_path / "抖店订单.csv", DOUYIN)

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 1
    assert (
        "line 2, 收件人: customer: the shop masked this buyer (王*, 1**********): no customer"
        " is found or made by a masked cell" in result.stderr
    )
    assert "line 3, 收件人:" in result.stderr
    assert table_of(book_path, "SELECT count(*) FROM customers") == [(0,)]


def test_a_masked_name_beside_a_buyer_account_finds_the_account(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "淘宝订单.csv",
        [
            "订单编号,买家会员名,收货人姓名,联系手机,实付款,订单创建时间",
            "1001,tb_wangfang,王**,138****8000,10,2024-03-05 10:00:00",
            "1002,tb_wangfang,王*芳,138****8000,20,2024-03-06 10:00:00",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT code, name, notes FROM customers") == [
        (None, "tb_wangfang", "买家账号：tb_wangfang\n隐藏或转接的号码（不作电话）：138****8000")
    ]
    assert table_of(book_path, "SELECT customer_id FROM purchases") == [(1,), (1,)]


# 抖音 / 拼多多 / 快手 exports: 买家昵称 is a display name many buyers share (小王)
NICKNAMES = [
    "订单号,买家昵称,收货人,手机号,实付金额,下单时间",
    "D1,小王,王芳,13900139001,100,2024-03-05 10:00",
    "D2,小王,王强,13900139002,200,2024-03-06 10:00",
]


def test_two_buyers_of_one_nickname_are_two_customers_each_keeping_it(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "抖店订单.csv", NICKNAMES)

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 2 of 2 rows (2 customers created" in result.stdout
    assert "near" not in result.stdout + result.stderr  # nothing to review: two people
    assert table_of(book_path, "SELECT code, name, phones, notes FROM customers") == [
        (None, "王芳", '["+8613900139001"]', "昵称：小王"),  # never a code: a nickname
        (None, "王强", '["+8613900139002"]', "昵称：小王"),
    ]
    assert table_of(book_path, "SELECT customer_id, amount_cents FROM purchases") == [
        (1, 10000),
        (2, 20000),
    ]
    searched = "SELECT customer_id FROM search_keys WHERE key = '小王' ORDER BY customer_id"
    assert table_of(book_path, searched) == [(1,), (2,)]  # found by it, as by a name


def test_a_nickname_that_is_someones_code_never_finds_them(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = write_csv(
        tmp_path / "客户.csv", ["编号,姓名,手机", "小王,张三,13700137000", ",王强,13900139002"]
    )
    assert run("import", "customers", str(people)).exit_code == 0
    orders = write_csv(tmp_path / "抖店订单.csv", NICKNAMES)

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(
        book_path,
        "SELECT c.name, p.amount_cents FROM purchases p JOIN customers c ON c.id = p.customer_id"
        " ORDER BY p.id",
    ) == [("王芳", 10000), ("王强", 20000)]  # 王芳 made, 王强 by phone: neither is 张三


def test_a_nickname_alone_finds_or_makes_a_customer_as_a_name_does_unless_the_buyer_is_masked(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "客户.csv", ["姓名,手机", "花花,13700137000"])
    assert run("import", "customers", str(people)).exit_code == 0
    orders = write_csv(
        tmp_path / "拼多多订单.csv",
        [
            "订单号,用户昵称,收货人,手机号,实付金额,下单时间",
            "P1,花花,花**,137****7000,30,2024-03-05 10:00",  # every other cell masked
            "P2,小鱼,,,40,2024-03-06 10:00",
            "P3,小鱼,,,50,2024-03-07 10:00",
            "P4,小*,,,60,2024-03-08 10:00",
        ],
    )

    result = run(
        "--lang", "en", "import", "purchases", str(orders), "--create-missing", "--keep-good"
    )  # fmt: skip

    # P1: the buyer masked, so her nickname is no key (many buyers are 花花): not 花花's
    assert "imported 2 of 4 rows (1 customer created" in result.stdout
    assert "line 2, 用户昵称: customer: the shop masked this buyer (花**, 137****7000)" in (
        result.stderr
    )
    assert "line 5, 用户昵称: customer: the shop masked this buyer (小*)" in result.stderr
    assert table_of(book_path, "SELECT code, name, phones, notes FROM customers") == [
        (None, "花花", '["+8613700137000"]', ""),
        (None, "小鱼", "[]", "昵称：小鱼"),
    ]
    assert table_of(book_path, "SELECT customer_id, amount_cents FROM purchases") == [
        (2, 4000),
        (2, 5000),
    ]


def test_a_nickname_beside_a_masked_phone_is_refused_as_a_masked_buyer(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "客户.csv", ["姓名,手机", "小王,13700137000", "小王,13700137001"])
    assert run("import", "customers", str(people)).exit_code == 0
    orders = write_csv(
        tmp_path / "快手订单.csv",
        ["订单号,买家昵称,手机号,实付金额,下单时间", "K1,小王,137****7000,30,2024-03-05 10:00"],
    )

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 1
    assert "line 2, 买家昵称: customer: the shop masked this buyer (137****7000)" in result.stderr
    assert table_of(book_path, "SELECT count(*) FROM purchases") == [(0,)]
