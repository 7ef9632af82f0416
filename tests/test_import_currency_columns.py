"""Any column naming the currency (WooCommerce's Order Currency, PayPal's Transaction
Currency, 订单币种, 币别, 结算货币 …) is the currency: a row in another than yuan is refused
by name, as under `Currency`, never booked as yuan. Every fixture is written here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import write_csv
from xiaoben.store.importing.columns import field_of

HEADERS = [
    "Order Currency",
    "Transaction Currency",
    "订单币种",
    "币别",
    "币种",
    "货币类型",
    "结算货币",
    "交易币别",
]


@pytest.mark.parametrize("header", HEADERS)
def test_a_header_naming_a_currency_is_the_currency(header: str) -> None:
    assert field_of(header, "purchases") == "currency"


@pytest.mark.parametrize("header", HEADERS)
def test_a_row_in_dollars_under_any_currency_header_is_refused_by_name(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, header: str
) -> None:
    orders = write_csv(
        tmp_path / "woo.csv",
        [
            f"Order Number,Order Date,Order Total Amount,{header},Billing Phone,Item Name",
            "101,2024-05-01 10:00:00,120.00,USD,13800138000,Scarf",
            "102,2024-05-02 10:00:00,99.00,CNY,13900139000,Hat",
        ],
    )

    result = run(
        "--lang", "en", "import", "purchases", str(orders), "--create-missing", "--keep-good"
    )  # fmt: skip

    assert f"line 2, {header}: currency: this row's amounts are in “USD”, not yuan" in (
        result.output
    )
    assert "imported 1 of 2 rows" in result.output
