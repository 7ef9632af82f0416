"""Word's line break (Shift+Enter: a vertical tab, U+000B) and its page break (a form feed,
U+000C), in text pasted from Word into a cell, are line breaks: a note or an address keeps
its lines, a name its one line. They refused a CSV whole ("the file may be damaged", even
with --keep-good) and a sheet's row (an outside tester's finding). Other control
characters still are a damaged file's bytes, refused by line."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from xiaoben.models.errors import BookError
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.importing.readers import read_any


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


@pytest.mark.parametrize("mark", ["\v", "\f"])
def test_a_csv_note_with_words_line_break_keeps_its_lines(tmp_path: Path, mark: str) -> None:
    path = tmp_path / "客户.csv"
    path.write_text(
        f'姓名,手机,地址,备注\n"张{mark}三",13800138001,"杭州市{mark}西湖区",第一行{mark}第二行\n'
        "李四,13800138002,,ok\n",
        encoding="utf-8",
    )
    customers, errors = parse_customers(read_any(path, kind="customers"))

    assert errors == []
    first = customers[0].customer
    assert (first.name, first.notes) == ("张三", "第一行\n第二行")
    assert first.address == "杭州市\n西湖区"  # as a line typed with Alt+Enter in the cell is


def test_a_sheet_note_with_words_line_break_keeps_its_lines(tmp_path: Path) -> None:
    """Excel writes the vertical tab in its XML as _x000B_ (openpyxl refuses to write it)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "手机", "备注"])
    sheet.append(["张三", "13800138001", "第一行VTAB第二行"])
    plain = tmp_path / "plain.xlsx"
    workbook.save(plain)
    path = tmp_path / "客户.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member).replace(b"VTAB", b"_x000B_"))

    customers, errors = parse_customers(read_any(path, kind="customers"))

    assert errors == []
    assert customers[0].customer.notes == "第一行\n第二行"


def test_a_purchase_note_with_words_line_break_keeps_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "订单.csv"
    path.write_text("客户,日期,金额,备注\n张三,2024-03-05,100,要红色\v周末发货\n", encoding="utf-8")
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))

    assert errors == []
    assert purchases[0].note == "要红色\n周末发货"


def test_another_control_character_still_refuses_the_file_by_line(tmp_path: Path) -> None:
    path = tmp_path / "客户.csv"
    path.write_text("姓名,备注\n张三,ok\n李四,坏\x07字\n", encoding="utf-8")

    with pytest.raises(BookError, match="line 3 holds the control character U\\+0007"):
        read_any(path, kind="customers")


def test_the_cli_imports_the_file_and_exports_the_lines_back(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = tmp_path / "客户.csv"
    path.write_text("姓名,手机,备注\n张三,13800138001,第一行\v第二行\n", encoding="utf-8")

    done = run("import", "customers", path)
    assert done.exit_code == 0, done.output
    assert "1 customer created" in done.output
    out = tmp_path / "out.csv"
    assert run("export", out).exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert "第一行\n第二行" in row.values()
