"""A refund column a shop or a seller names by the return or the after-sale (已退金额, 退货金额,
售后金额) is the refund, as 退款金额 is: never a second amount, whichever comes first. Every
fixture is written here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import table_of, write_csv
from xiaoben.store.importing.columns import field_of


@pytest.mark.parametrize(
    "header",
    [
        "已退金额",
        "退货金额",
        "售后金额",
        "已退款金额",
        "订单已退金额",
        "商品退货金额",
        "售后退款金额",
    ],
)
def test_a_refund_column_named_by_the_return_is_the_refund(header: str) -> None:
    assert field_of(header, "purchases") == "refunded"


@pytest.mark.parametrize("header", ["退货地址", "退货运费", "退款原因", "退货数量"])
def test_a_returns_other_facts_are_no_refund(header: str) -> None:
    assert field_of(header, "purchases") != "refunded"


@pytest.mark.parametrize("header", ["已退金额", "退货金额", "售后金额"])
@pytest.mark.parametrize("refund_first", [False, True])
def test_the_refund_beside_the_amount_is_recorded_as_refunded(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, header: str, refund_first: bool
) -> None:
    columns = f"{header},订单金额" if refund_first else f"订单金额,{header}"
    cells = ("100,300", ",80") if refund_first else ("300,100", "80,")
    orders = write_csv(
        tmp_path / "orders.csv",
        [
            f"客户,手机,下单时间,{columns},商品",
            f"张三,13800138000,2024-05-01,{cells[0]},外套",
            f"李四,13900139000,2024-05-02,{cells[1]},袜子",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "amount is read from" not in result.output
    assert f"“{header}”" not in result.output
    assert table_of(
        book_path, "SELECT items, amount_cents, refunded_cents FROM purchases ORDER BY id"
    ) == [("外套", 30000, 10000), ("袜子", 8000, 0)]
