"""Imports fill a customer's province and city from the address (a 地址 cell, a shop
export's 收货地址, or its 省/市/区 columns), so the region filter and the overview count them;
a province or city the seller gave is never changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from click.testing import Result

from tests.book_helpers import customer, write_csv
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery

EVERYONE = ListQuery(sort="name", descending=False)

CUSTOMERS = [
    "姓名,手机,地址,省份,城市",
    "王芳,13800000001,浙江省杭州市西湖区文三路 100 号,,",
    "李娜,13800000002,北京朝阳区建国路 88 号,,",
    "赵敏,13800000003,杭州市西湖区文三路 1 号,江苏,",  # disagrees with 江苏: nothing filled
    "孙丽,13800000004,文三路 100 号,,",  # no place named
    "周强,13800000005,广东深圳南山区科技园,广东省,",  # 广东省 spelled 广东, city filled
]

# A shop's order export: 收货地址 with the name and phone in the same cell, as some shops
# write it; customers found by their masked-phone-free 收货人手机.
SHOP = [
    "订单编号,收货人,收货人手机,实付金额,付款时间,商品名称,收货地址",
    "9001,王芳,13900000001,99.00,2024-03-08 10:02:11,面霜,"
    '"王芳，13900000001，浙江省 杭州市 西湖区 文三路 100 号"',
    "9002,王芳,13900000001,59.00,2024-04-08 10:02:11,面膜,"
    '"王芳，13900000001，浙江省 杭州市 西湖区 文三路 100 号"',
    "9003,李娜,13900000002,120.00,2024-03-10 11:05:00,精华液,新疆乌鲁木齐天山区解放路 1 号",
    "9004,赵敏,13900000003,30.00,2024-03-11 12:00:00,面膜,内蒙古自治区呼和浩特市新城区",
]

# The same, with the place in 省/市/区 columns and the street in 详细地址.
SPLIT = [
    "订单编号,收货人姓名,联系手机,买家实际支付金额,订单付款时间,宝贝标题,"
    "收货人省份,收货人城市,收货人区县,详细地址",
    "7001,王芳,13700000001,99.00,2024-03-08 10:02:11,面霜,浙江省,杭州市,西湖区,文三路 100 号",
    "7002,李娜,13700000002,50.00,2024-03-09 10:02:11,面膜,上海,上海市,浦东新区,世纪大道 1 号",
    "7003,赵敏,13700000003,50.00,2024-03-09 10:02:11,面膜,,宁波市,鄞州区,",
]


def regions(book: Book) -> dict[str, tuple[str, str]]:
    return {row.name: (row.province, row.city) for row in book.list_window(EVERYONE, 0, 100)}


def names_in(book: Book, region: str) -> set[str]:
    return {row.name for row in book.list_window(replace(EVERYONE, region=region), 0, 100)}


def test_a_customers_address_fills_their_province_and_city(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", CUSTOMERS)

    result = run("--lang", "en", "import", "customers", str(sheet))

    assert result.exit_code == 0, result.output
    assert "3 customers got their province/city from their address" in result.stdout
    with open_book(book_path) as book:
        assert regions(book) == {
            "王芳": ("浙江", "杭州"),
            "李娜": ("北京", "北京"),
            "赵敏": ("江苏", ""),
            "孙丽": ("", ""),
            "周强": ("广东", "深圳"),
        }
        assert names_in(book, "浙江") == {"王芳"}
        assert names_in(book, "北京") == {"李娜"}
        assert book.get_customer(1).address == "浙江省杭州市西湖区文三路 100 号"  # as written


def test_importing_the_same_customers_again_changes_nothing(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", CUSTOMERS)
    run("import", "customers", str(sheet))

    again = run("--lang", "en", "import", "customers", str(sheet))

    assert again.exit_code == 0, again.output
    assert "0 customers created, 0 updated" in again.stdout
    assert "from their address" not in again.stdout


def test_an_update_fills_an_empty_region_and_keeps_a_given_one(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    with open_book(book_path) as book:
        customer(book, "王芳", phones=["13800000001"])
        customer(book, "李娜", phones=["13800000002"], province="河北", city="")
    sheet = write_csv(tmp_path / "客户.csv", CUSTOMERS[:3])

    result = run("--lang", "en", "import", "customers", str(sheet))

    assert result.exit_code == 0, result.output
    assert "1 customer got their province/city from their address" in result.stdout
    with open_book(book_path) as book:
        assert regions(book) == {"王芳": ("浙江", "杭州"), "李娜": ("河北", "")}


def test_a_shop_export_with_a_shipping_address_is_found_by_the_region_filter(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    orders = write_csv(tmp_path / "订单.csv", SHOP)

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "3 customers got their province/city from their address" in result.stdout
    with open_book(book_path) as book:
        assert regions(book) == {
            "王芳": ("浙江", "杭州"),
            "李娜": ("新疆", "乌鲁木齐"),
            "赵敏": ("内蒙古", "呼和浩特"),
        }
        assert names_in(book, "杭州") == {"王芳"}
        assert names_in(book, "内蒙古") == {"赵敏"}
        wang = next(row for row in book.list_window(EVERYONE, 0, 9) if row.name == "王芳")
        assert book.get_customer(wang.id).address.endswith("浙江省 杭州市 西湖区 文三路 100 号")


def test_a_shop_export_with_province_city_and_district_columns(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    orders = write_csv(tmp_path / "订单.csv", SPLIT)

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    with open_book(book_path) as book:
        assert regions(book) == {
            "王芳": ("浙江", "杭州"),
            "李娜": ("上海", "上海"),
            "赵敏": ("浙江", "宁波"),  # a city alone: its province
        }
        addresses = {book.get_customer(row.id).address for row in book.list_window(EVERYONE, 0, 9)}
        assert addresses == {"西湖区文三路 100 号", "浦东新区世纪大道 1 号", "鄞州区"}


def test_orders_fill_the_empty_region_of_customers_already_in_the_book(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    with open_book(book_path) as book:
        customer(book, "王芳", phones=["13900000001"])
        customer(book, "李娜", phones=["13900000002"], province="甘肃", city="兰州")
        customer(book, "赵敏", phones=["13900000003"], province="内蒙古")
    orders = write_csv(tmp_path / "订单.csv", SHOP)

    result = run("--lang", "en", "import", "purchases", str(orders))

    assert result.exit_code == 0, result.output
    assert "2 customers got their province/city from their address" in result.stdout
    with open_book(book_path) as book:
        assert regions(book) == {
            "王芳": ("浙江", "杭州"),
            "李娜": ("甘肃", "兰州"),  # theirs: kept
            "赵敏": ("内蒙古", "呼和浩特"),
        }
        assert book.get_customer(1).address == ""  # an order's address is not theirs to keep


# 拼多多 and many sellers' own sheets: 省 | 市 | 区 | 街道, the street in a column of its own
STREETS = [
    "收货人,手机,省,市,区,街道,订单号,订单状态,用户实付金额(元),支付时间",
    "李四,13800138002,浙江省,杭州市,西湖区,文三路200号,240305-1,已签收,92,2024-03-05 10:00:00",
]


def test_a_street_column_goes_into_the_address_after_the_district(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    people = write_csv(
        tmp_path / "客户.csv",
        ["姓名,手机,省,市,区,街道", "张三,13800138001,浙江省,杭州市,西湖区,文三路100号"],
    )
    orders = write_csv(tmp_path / "拼多多.csv", STREETS)

    first = run("--lang", "en", "import", "customers", str(people))
    second = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "街道" not in first.output + second.output  # read, not "not recognised"
    with open_book(book_path) as book:
        assert regions(book) == {"张三": ("浙江", "杭州"), "李四": ("浙江", "杭州")}
        addresses = {book.get_customer(row.id).address for row in book.list_window(EVERYONE, 0, 9)}
        assert addresses == {"西湖区文三路100号", "西湖区文三路200号"}


def test_a_township_column_beside_the_detailed_address_keeps_both(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    people = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机,省份,城市,区县,乡镇街道,详细地址",
            "张三,13800138001,浙江省,杭州市,西湖区,文新街道,文三路100号",
            "李四,13800138002,浙江省,杭州市,西湖区,文新街道,西湖区文新街道文三路5号",
        ],
    )

    result = run("--lang", "en", "import", "customers", str(people))

    assert result.exit_code == 0, result.output
    with open_book(book_path) as book:
        addresses = {book.get_customer(row.id).address for row in book.list_window(EVERYONE, 0, 9)}
        # the parts the address already holds are not written twice
        assert addresses == {"西湖区文新街道文三路100号", "西湖区文新街道文三路5号"}
