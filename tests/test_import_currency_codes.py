"""An amount with a currency's code or word before or after its number that names no sign
character (RM 25.00, Lazada Malaysia's ringgit; Rp, IDR, PHP, VND; 马币) is refused as an
amount in another currency, as ₱250, ฿300 and S$15 are, not with the number-format rule
(commas, points) that says nothing of the currency. Yuan's RMB and 块 read as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic_core import PydanticCustomError

from tests.book_helpers import write_csv
from xiaoben.models.cells import cell_cents
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.purchase_rows import parse_purchases


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


FOREIGN = "is an amount in another currency: xiaoben keeps every amount in yuan"


@pytest.mark.parametrize(
    "text",
    [
        "RM 25.00",
        "RM25",
        "25.00 RM",
        "MYR 25",
        "SGD 15",
        "USD 5",
        "US$5",
        "HK$ 5",
        "NT$300",
        "TWD 300",
        "NTD 300",
        "JPY 500",
        "円500",
        "€20",
        "£20",
        "₩5000",
        "Rp 10000",
        "IDR 10000",
        "PHP 250",
        "VND 10000",
        "马币25",
        "₱250",
        "฿300",
        "S$15",
    ],
)
def test_a_currency_before_or_after_the_number_gets_the_foreign_currency_message(
    text: str,
) -> None:
    with pytest.raises(PydanticCustomError) as refused:
        cell_cents(text)
    assert refused.value.type == "xb.money_foreign"
    assert FOREIGN in str(refused.value)


@pytest.mark.parametrize(("text", "cents"), [("RMB 88", 8800), ("88RMB", 8800), ("88块", 8800)])
def test_yuans_own_words_still_read(text: str, cents: int) -> None:
    assert cell_cents(text) == cents


def test_a_lazada_malaysia_file_is_refused_by_name(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "lazada.csv",
        ["Customer Name,Phone,Order Date,Total", "Siti,+60123456789,2024-03-05,RM 25.00"],
    )
    purchases, errors = parse_purchases(read_table(path))
    assert purchases == []
    assert [(error.line, error.value) for error in errors] == [(2, "RM 25.00")]
    assert FOREIGN in errors[0].message
