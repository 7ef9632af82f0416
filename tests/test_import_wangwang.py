"""A Taobao buyer's 旺旺 as sellers label it (旺旺名, 旺旺号, 买家旺旺, 淘宝ID, 淘宝名) and other
platforms' IDs (抖音号, 快手号, 小红书号, 拼多多ID) are the buyer's shop account, so the order
finds the customer whose sheet gave that account. Every fixture is written here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import table_of, write_csv
from xiaoben.store.importing.columns import field_of

HEADERS = ["旺旺", "旺旺名", "旺旺号", "买家旺旺", "淘宝ID", "淘宝名"]
HEADERS += ["抖音号", "快手号", "小红书号", "小红书ID", "拼多多ID"]


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("kind", ["purchases", "customers"])
def test_a_platform_id_column_is_the_shop_account(header: str, kind: str) -> None:
    assert field_of(header, kind) == "account"  # type: ignore[arg-type]  # one of the two kinds


@pytest.mark.parametrize("header", ["旺旺名", "买家旺旺", "淘宝ID", "抖音号"])
def test_an_order_finds_the_customer_whose_sheet_gave_the_account(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, header: str
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", [f"姓名,{header},标签", "张三,tb_zhangsan,VIP"])
    assert run("import", "customers", str(sheet)).exit_code == 0
    orders = write_csv(  # a gift sent to her mother: the account is hers
        tmp_path / "淘宝订单.csv",
        [
            "订单编号,买家会员名,收货人姓名,联系手机,买家实际支付金额,订单付款时间,订单状态",
            "W1,tb_zhangsan,李妈妈,13900139111,520,2024-05-01 10:00:00,交易成功",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "0 customers created" in result.output
    assert table_of(
        book_path,
        "SELECT c.name, p.amount_cents FROM purchases p JOIN customers c ON c.id = p.customer_id",
    ) == [("张三", 52000)]
