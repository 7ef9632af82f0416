"""The apostrophe a seller types before a value to keep Excel or WPS from reading it as a
number or a date ('100, '2024-03-05) is no part of the value, in every value column: a
phone's and a code's were read without it, an amount, a date, a quantity and a birthday
were refused (an outside tester's finding). Two apostrophes (a ditto mark: the date above)
and free text ('90后 in a note) keep theirs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from xiaoben.models.cells import cell_cents, cell_date, cell_quantity, without_text_mark
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.importing.readers import read_any


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


@pytest.mark.parametrize(
    ("text", "value"),
    [("'100", "100"), (" '100", "100"), ("'2024-03-05", "2024-03-05"), ("100", "100"),
     ("''", "''"), ("'", ""), ("a'b", "a'b")],
)  # fmt: skip
def test_the_text_mark_is_taken_off_a_value(text: str, value: str) -> None:
    assert without_text_mark(text) == value


def test_the_cell_parsers_read_a_marked_value_as_the_value() -> None:
    assert cell_cents("'199.50") == 19950
    assert cell_date("'2024/3/5") == dt.date(2024, 3, 5)
    assert cell_quantity("'2") == 2


def test_a_purchases_file_with_marked_cells_imports_them(tmp_path: Path) -> None:
    path = tmp_path / "订单.csv"
    path.write_text(
        "客户,手机,日期,金额,数量,备注\n"
        "张三,'13800138001,'2024-03-05,'100,'2,'90后的客人\n"
        "李四,13800138002,'',88,1,\n",  # '' : the date above, as a ledger writes it
        encoding="utf-8",
    )
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))

    assert errors == []
    first, second = purchases
    assert (first.date, first.amount_cents, first.quantity) == (dt.date(2024, 3, 5), 10000, 2)
    assert first.note == "'90后的客人"  # free text keeps what was typed
    assert second.date == dt.date(2024, 3, 5)


def test_a_customers_file_with_a_marked_birthday_imports_it(tmp_path: Path) -> None:
    path = tmp_path / "客户.csv"
    path.write_text("姓名,手机,生日\n张三,'13800138001,'1990-03-05\n", encoding="utf-8")
    customers, errors = parse_customers(read_any(path, kind="customers"))

    assert errors == []
    customer = customers[0].customer
    assert customer.phones == ["+8613800138001"]
    assert customer.birthday is not None
    assert (customer.birthday.year, customer.birthday.month, customer.birthday.day) == (1990, 3, 5)
