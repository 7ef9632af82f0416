"""Reading a big purchases file a column at a time: each customer's key cells read once
however many customers the file has, wide shop exports read like narrow files, and cells
that could be mistaken for other cells never are."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book_helpers import write_csv
from xiaoben.store.importing import purchase_rows
from xiaoben.store.importing.csv_table import CsvTable, read_table
from xiaoben.store.importing.purchase_rows import CustomerKey, parse_purchases


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def test_each_customers_phone_is_read_once_past_fifty_thousand_customers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """60,000 customers with two orders each, the second ones after all the first ones (a
    file sorted by date): every customer's cells are read once, and both of their rows carry
    the same keys (the memo once stopped at 50,000 customers and read the rest each row)."""
    customers = 60_000
    lines = ["客户编号,姓名,手机,日期,金额"] + [
        f"C{n:06d},客户{n % 977},1{n % 9 + 30}{n:08d},2024-03-{n % 28 + 1:02d},{n % 500}.50"
        for _ in range(2)
        for n in range(customers)
    ]
    phones: list[str] = []
    read_phone = purchase_rows._KEY_PARSERS["phone"]

    def counted(text: str) -> str:
        phones.append(text)
        return read_phone(text)

    monkeypatch.setitem(purchase_rows._KEY_PARSERS, "phone", counted)
    purchases, errors = parse_purchases(read_table(write_csv(tmp_path / "orders.csv", lines)))

    assert (len(purchases), errors) == (2 * customers, [])
    assert len(phones) == customers
    first, again = purchases[123], purchases[customers + 123]
    assert first.keys is again.keys
    assert first.keys == (
        CustomerKey("code", "C000123"),
        CustomerKey("phone", "+8613600000123"),
        CustomerKey("name", "客户123"),
    )


def test_key_cells_holding_the_separator_are_each_refused(tmp_path: Path) -> None:
    """Two rows whose key cells would join into the same text (a unit separator inside a
    cell, from a damaged sheet) are read each on its own: both refused, by their own cells."""
    header = ["客户编号", "姓名", "日期", "金额"]
    rows = [
        (2, ["A\x1fB", "C", "2024-03-05", "10"]),
        (3, ["A", "B\x1fC", "2024-03-05", "10"]),
        (4, ["A", "B", "2024-03-05", "10"]),
    ]
    table = CsvTable(tmp_path / "sheet.csv", "utf-8", ",", header, rows)

    purchases, errors = parse_purchases(table)

    assert [(error.line, error.column) for error in errors] == [(2, "客户编号"), (3, "姓名")]
    assert [row.keys for row in purchases] == [(CustomerKey("code", "A"), CustomerKey("name", "B"))]


def test_a_wide_shop_export_reads_as_the_narrow_file(tmp_path: Path) -> None:
    """Thirty columns the importer does not read beside the five it does: the same rows."""
    narrow = ["订单编号,买家姓名,付款时间,实付金额,商品名称"] + [
        f"P{n:09d},客户{n % 7},2024-03-{n % 28 + 1:02d} 10:{n % 60:02d},{n}.5,商品{n % 3}"
        for n in range(200)
    ]
    padding = ",".join(f"栏{n}" for n in range(30))
    wide = [f"{line},{padding}" for line in narrow]

    read_narrow = parse_purchases(read_table(write_csv(tmp_path / "narrow.csv", narrow)))
    read_wide = parse_purchases(read_table(write_csv(tmp_path / "wide.csv", wide)))

    assert read_wide == read_narrow
    assert read_narrow[0][5].order == "P000000005"
    assert read_narrow[0][5].amount_cents == 550


def test_a_column_with_one_odd_cell_is_read_cell_by_cell(tmp_path: Path) -> None:
    """Plain amounts and order numbers read at once, but one ¥ amount and one padded order
    number among them are read as a single cell is: the same values, the same refusals."""
    lines = ["订单号,客户编号,日期,金额,备注"] + [
        f"N{n},C{n % 5},2024-03-05,{n}.25," for n in range(50)
    ]
    lines[10] = 'N9,C4,2024-03-05,"¥1,234.50",'
    lines[20] = '" N19 ",C4,2024-03-05,19.25,"第一行\r\n第二行"'
    lines[30] = "N29,C4,2024-03-05,1.234,"

    purchases, errors = parse_purchases(read_table(write_csv(tmp_path / "orders.csv", lines)))

    by_line = {row.line: row for row in purchases}
    assert by_line[11].amount_cents == 123_450
    assert (by_line[21].order, by_line[21].note) == ("N19", "第一行\n第二行")
    assert [(error.line, error.column) for error in errors] == [(32, "金额")]  # after 2 lines
    assert len(purchases) == 49
