"""淘宝's 修改后的收货地址 (the buyer's address as corrected after the order): the address
wherever a row has one, the 收货地址 beside it where it is blank; said in the column list.
In the customers and the purchases import alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import table_of, write_csv
from xiaoben.store.importing.columns import match_columns

TAOBAO = [
    "订单编号,买家会员名,买家实际支付金额,订单状态,收货人姓名,联系手机,收货地址,修改后的收货地址,"
    "订单付款时间,宝贝标题",
    "3001,tb_wangfang,89.00,交易成功,王芳,13800138000,浙江省 杭州市 西湖区 文三路1号,,"
    "2024-03-08 10:02:11,玫瑰面霜",
    "3002,tb_lina,50.00,交易成功,李娜,13900139000,上海 上海市 浦东新区 张江路1号,"
    "上海 上海市 浦东新区 新地址8号,2024-03-09 09:00:00,洗面奶",
]


def addresses(book_path: Path) -> list[tuple[object, ...]]:
    return table_of(book_path, "SELECT name, address, city FROM customers ORDER BY name DESC")


EXPECTED = [
    ("王芳", "浙江省 杭州市 西湖区 文三路1号", "杭州"),
    ("李娜", "上海 上海市 浦东新区 新地址8号", "上海"),
]


@pytest.mark.parametrize(
    "arguments", [["customers"], ["purchases", "--create-missing"]], ids=["customers", "purchases"]
)
def test_the_corrected_address_is_taken_where_a_row_has_one(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, arguments: list[str]
) -> None:
    orders = write_csv(tmp_path / "淘宝订单.csv", TAOBAO)

    result = run("--lang", "en", "import", arguments[0], orders, *arguments[1:])

    assert result.exit_code == 0, result.output
    assert addresses(book_path) == EXPECTED
    assert (
        "the address is taken from column 8 “修改后的收货地址” (the buyer's corrected address), "
        "and from column 7 “收货地址” on the rows where it is blank"
    ) in result.stderr
    unread = [line for line in result.stderr.splitlines() if "not imported" in line]
    assert not any("收货地址" in line for line in unread)  # neither column is passed over


def test_the_column_list_says_it_in_chinese(run: Callable[..., Result], tmp_path: Path) -> None:
    orders = write_csv(tmp_path / "淘宝订单.csv", TAOBAO)

    result = run("--lang", "zh", "import", "customers", orders, "--dry-run")

    assert (
        "地址取自第 8 列“修改后的收货地址”（买家修改后的地址），该列为空的行取第 7 列“收货地址”"
        in result.stderr
    )


def test_a_file_without_a_corrected_address_reads_its_address_as_before() -> None:
    columns = match_columns(["姓名", "收货地址", "联系地址"], "customers")

    assert columns.fields["address"] == 2  # 联系地址 ranks first, the other passed over
    assert columns.outranked == {1: "address"}
    assert "address" not in columns.fallbacks


def test_only_the_corrected_column_falls_back_to_the_one_it_corrects() -> None:
    columns = match_columns(["姓名", "收货地址", "修改后的收货地址"], "customers")

    assert columns.fields["address"] == 2
    assert columns.fallbacks["address"] == [1]
