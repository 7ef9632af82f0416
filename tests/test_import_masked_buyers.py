"""Masked shop buyers (抖店's, 快手's 张** / 138****0001): a nickname column naming the seller's
side (达人昵称, 主播昵称, 店铺昵称) is not the buyer's, and a buyer nickname (买家昵称) beside
masked cells is no key of its own. Every fixture is written here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import table_of, write_csv
from xiaoben.store.importing.columns import field_of

# 抖店's order export since 2022: the buyer masked, the influencer who sold the goods named
DOUYIN = [
    "主订单编号,选购商品,商品数量,订单应付金额,收件人,收件人手机号,详细地址,支付完成时间,"
    "订单状态,达人ID,达人昵称",
    "6920000000000000001,面霜,1,199,张**,138****0001,****,2024-05-01 10:01:00,"
    "已完成,88001,美妆小甜甜",
    "6920000000000000002,口红,1,299,李**,139****0002,****,2024-05-02 10:01:00,"
    "已完成,88001,美妆小甜甜",
    "6920000000000000003,眼霜,1,399,王**,137****0003,****,2024-05-03 10:01:00,"
    "已完成,88001,美妆小甜甜",
]


@pytest.mark.parametrize(
    "header",
    [
        "达人昵称",
        "主播昵称",
        "作者昵称",
        "带货达人昵称",
        "推广者昵称",
        "推广员昵称",
        "分享人昵称",
        "团长昵称",
        "分销商昵称",
        "店铺昵称",
    ],
)
def test_a_nickname_column_naming_the_sellers_side_is_nobodys_field(header: str) -> None:
    assert field_of(header, "purchases") is None
    assert field_of(header, "customers") is None


@pytest.mark.parametrize("header", ["买家昵称", "微信昵称", "抖音昵称", "粉丝微信昵称", "昵称"])
def test_a_buyers_own_nickname_column_is_still_hers(header: str) -> None:
    assert field_of(header, "purchases") == "nickname"
    assert field_of(header, "customers") == "nickname"


def test_an_influencers_nickname_never_makes_the_masked_buyers_one_customer(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "抖店.csv", DOUYIN)

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code != 0
    for line, cells in (
        (2, "张**, 138****0001"),
        (3, "李**, 139****0002"),
        (4, "王**, 137****0003"),
    ):
        assert f"line {line}, 收件人: customer: the shop masked this buyer ({cells})" in (
            result.output
        )
    assert (
        "column 11 “达人昵称” (another person's nickname: the influencer's, streamer's, group "
        "leader's or shop's, not the buyer's)" in result.output
    )
    assert not book_path.exists() or table_of(book_path, "SELECT name FROM customers") == []


def test_an_influencers_nickname_is_no_customers_name_in_a_customers_import(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机,达人昵称", "王芳,13800138000,美妆小甜甜"])

    result = run("--lang", "en", "import", "customers", str(sheet))

    assert result.exit_code == 0, result.output
    assert "column 3 “达人昵称” (another person's nickname" in result.output
    assert table_of(book_path, "SELECT name, notes FROM customers") == [("王芳", "")]


# 快手/抖音 style: two buyers both 小王, masked, in two provinces
NICKNAMES = [
    "订单号,买家昵称,收货人,收货人电话,收货地址,实付款,订单创建时间,订单状态",
    "K1,小王,王**,138****0001,浙江省杭州市西湖区****,100,2024-05-01 10:00,交易成功",
    "K2,小王,王**,159****0002,黑龙江省哈尔滨市南岗区****,200,2024-05-02 10:00,交易成功",
]


def test_a_buyer_nickname_beside_masked_cells_is_no_key(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "快手.csv", NICKNAMES)

    result = run(
        "--lang", "en", "import", "purchases", str(orders), "--create-missing", "--keep-good"
    )

    assert "line 2, 买家昵称: customer: the shop masked this buyer (王**, 138****0001)" in (
        result.output
    )
    assert "line 3, 买家昵称: customer: the shop masked this buyer (王**, 159****0002)" in (
        result.output
    )
    assert not book_path.exists() or table_of(book_path, "SELECT name FROM customers") == []


def test_a_buyer_nickname_beside_masked_cells_finds_no_customer_of_that_name(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "小王,13800138000"])
    assert run("import", "customers", str(sheet)).exit_code == 0
    orders = write_csv(tmp_path / "快手.csv", NICKNAMES)

    result = run("--lang", "en", "import", "purchases", str(orders), "--keep-good")

    assert "the shop masked this buyer (王**, 138****0001)" in result.output
    assert table_of(book_path, "SELECT count(*) FROM purchases") == [(0,)]


def test_a_buyer_nickname_with_nothing_masked_still_names_the_customer(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "昵称.csv",
        ["买家昵称,实付款,订单创建时间", "小王,100,2024-05-01 10:00"],
    )

    result = run("import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name FROM customers") == [("小王",)]


# A 抖店 export imported as customers: two buyers, both 张** of 杭州, then a third
MASKED_WEEK_1 = [
    "主订单编号,收件人,收件人手机号,省,市,区,详细地址",
    "6920000000000000011,张**,138****0001,浙江省,杭州市,西湖区,****",
    "6920000000000000012,王*,139****0009,浙江省,杭州市,滨江区,****",
    "6920000000000000013,*芳,136****0006,浙江省,杭州市,上城区,****",
]
MASKED_WEEK_2 = [
    "主订单编号,收件人,收件人手机号,省,市,区,详细地址",
    "6920000000000000021,张**,137****0007,浙江省,杭州市,余杭区,****",
]


def test_a_masked_name_makes_no_customer_in_a_customers_import(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "week1.csv", MASKED_WEEK_1)

    result = run("--lang", "en", "import", "customers", str(sheet))

    assert result.exit_code != 0
    for line, cells in ((2, "张**, 138****0001"), (3, "王*, 139****0009"), (4, "*芳, 136****0006")):
        assert f"line {line}, 收件人: name: the shop masked this buyer ({cells})" in result.output
    assert not book_path.exists() or table_of(book_path, "SELECT name FROM customers") == []


def test_a_masked_name_is_skipped_with_keep_good_and_never_matched(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Week 1 then week 2 of masked buyers: no 张** is made, so none takes the next
    张**'s address and number; the purchases import of the same rows agrees."""
    people = write_csv(tmp_path / "客户.csv", ["姓名,手机", "王芳,13800138000"])
    assert run("import", "customers", str(people)).exit_code == 0
    for rows in (MASKED_WEEK_1, MASKED_WEEK_2):
        sheet = write_csv(tmp_path / "week.csv", rows)
        result = run("--lang", "en", "import", "customers", str(sheet), "--keep-good")
        assert f"imported 0 of {len(rows) - 1} row" in result.output
        assert "(0 customers created, 0 updated" in result.output
        assert "the shop masked this buyer (张**, 1" in result.output
    assert table_of(book_path, "SELECT name, address, notes FROM customers") == [("王芳", "", "")]
    orders = write_csv(
        tmp_path / "orders.csv",
        ["订单号,收件人,收件人手机号,实付款,下单时间", "1,张**,137****0007,10,2024-05-01"],
    )
    bought = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")
    assert "line 2, 收件人: customer: the shop masked this buyer (张**, 137****0007)" in (
        bought.output
    )


def test_a_masked_name_beside_a_phone_is_refused_too(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The phone would find or make someone, but the name the book would give her is 张**."""
    sheet = write_csv(tmp_path / "c.csv", ["姓名,手机", "张**,13800138000"])

    result = run("--lang", "en", "import", "customers", str(sheet), "--keep-good")

    assert "line 2, 姓名: name: the shop masked this buyer (张**)" in result.output
    assert not book_path.exists() or table_of(book_path, "SELECT name FROM customers") == []
