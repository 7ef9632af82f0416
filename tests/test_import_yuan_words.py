"""Amounts written with the words sellers type for yuan, 块 and 元整 (88块, 88块钱, 88.8元整),
are read as yuan, as ¥88 and 88元 are: in a purchases .csv and .xlsx and in the purchase
form (a Purchase's amount); 块 never makes another currency's amount yuan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pydantic import ValidationError

from tests.book_helpers import write_csv
from xiaoben.models.purchase import Purchase
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.importing.readers import read_any

WRITTEN = {
    "88块": 8800,
    "88块钱": 8800,
    "88.8元整": 8880,
    "88元": 8800,
    "88.00 元": 8800,
    "88 块": 8800,
    "１２８块": 12800,
    "1.2万块": 1200000,
    "¥88元整": 8800,
}


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def test_a_purchases_csv_reads_them_as_yuan(tmp_path: Path) -> None:
    lines = ["手机,日期,金额"] + [
        f"138001380{at:02d},2024-03-05,{written}" for at, written in enumerate(WRITTEN)
    ]
    purchases, errors = parse_purchases(read_table(write_csv(tmp_path / "p.csv", lines)))
    assert errors == []
    assert [row.amount_cents for row in purchases] == list(WRITTEN.values())


def test_a_purchases_xlsx_reads_them_as_yuan(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["手机", "日期", "金额"])
    for at, written in enumerate(WRITTEN):
        sheet.append([f"138001380{at:02d}", "2024-03-05", written])
    path = tmp_path / "p.xlsx"
    workbook.save(path)
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert errors == []
    assert [row.amount_cents for row in purchases] == list(WRITTEN.values())


@pytest.mark.parametrize(("written", "cents"), WRITTEN.items())
def test_the_purchase_form_reads_them_as_yuan(written: str, cents: int) -> None:
    purchase = Purchase(customer_id=1, date=dt.date(2024, 3, 5), amount=written)
    assert purchase.amount == Decimal(cents) / 100


@pytest.mark.parametrize("written", ["88港币块", "块88", "88块块", "88元整整"])
def test_other_words_around_it_are_still_refused(written: str) -> None:
    with pytest.raises(ValidationError):
        Purchase(customer_id=1, date=dt.date(2024, 3, 5), amount=written)
