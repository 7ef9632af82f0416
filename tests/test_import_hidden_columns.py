"""A column the seller hid in Excel or WPS (an old number, a note kept out of sight): read
as the others, as a hidden row is, and named in the report, so she knows why a number she
cannot see is her customer's."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from tests.workbook_helpers import write_ods, write_xls
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.tables import lost_zeros

HEADER = ["姓名", "手机", "备用电话", "地址"]
WANG = ["王芳", "13800138000", "13999999999", "杭州"]


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def old_number_hidden(path: Path, hidden: str = "C") -> Path:
    """As the tester's seller keeps it: 备用电话 (her old number) hidden."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(WANG)
    sheet.column_dimensions[hidden].hidden = True
    workbook.save(path)
    return path


def test_a_hidden_column_is_read_and_named(tmp_path: Path) -> None:
    table = read_any(old_number_hidden(tmp_path / "客户.xlsx"), kind="customers")

    rows, errors = parse_customers(table)
    assert errors == []
    assert rows[0].customer.phones == ["+8613800138000", "+8613999999999"]
    assert table.hidden_columns == (("C", "备用电话"),)
    warning = lost_zeros(table, "customers")[0]
    assert (warning.line, warning.column) == (1, "hidden columns")
    assert warning.message == (
        "1 column is hidden in the sheet (not shown in Excel or WPS): C “备用电话”; it is read "
        "as the others, and imported where recognised (a phone in it also finds the "
        "customer). If it should not be, delete it in Excel or WPS and import again"
    )
    assert warning.message_in("zh") == (
        "工作表中有 1 列被隐藏（在 Excel 或 WPS 中看不到）：C “备用电话”；这些列照常读取，"
        "能识别的照常导入（隐藏列里的电话也用来认出客户）。如果不该导入，请在 Excel 或 WPS "
        "中删除这些列后再导入"
    )


def test_columns_hidden_past_the_header_are_nobodys(tmp_path: Path) -> None:
    """A template that hides every unused column (E to XFD, one <col> tag) names none; two
    hidden columns of the header are both named, in order."""
    path = tmp_path / "客户.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(WANG)
    sheet.column_dimensions.group("E", "XFD", hidden=True)
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["D"].hidden = True
    workbook.save(path)

    table = read_any(path, kind="customers")

    assert table.hidden_columns == (("A", "姓名"), ("D", "地址"))
    assert "2 columns are hidden in the sheet (not shown in Excel or WPS): A “姓名”, D “地址”" in (
        lost_zeros(table, "customers")[0].message
    )


def test_a_header_not_in_column_a_is_named_by_its_own_letter(tmp_path: Path) -> None:
    path = tmp_path / "客户.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([None, None, *HEADER])
    sheet.append([None, None, *WANG])
    sheet.column_dimensions["E"].hidden = True
    workbook.save(path)

    assert read_any(path, kind="customers").hidden_columns == (("E", "备用电话"),)


def test_a_sheet_without_hidden_columns_says_nothing_of_them(tmp_path: Path) -> None:
    path = tmp_path / "客户.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(WANG)
    workbook.save(path)

    table = read_any(path, kind="customers")

    assert table.hidden_columns == ()
    assert lost_zeros(table, "customers") == []


def test_a_legacy_xls_names_its_hidden_columns(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "客户.xls", "客户", [HEADER, WANG], hidden_columns=[2])

    table = read_any(path, kind="customers")

    assert table.hidden_columns == (("C", "备用电话"),)
    assert "C “备用电话”" in lost_zeros(table, "customers")[0].message


def test_the_import_report_names_the_hidden_column(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    result = run("--lang", "zh", "import", "customers", old_number_hidden(tmp_path / "客户.xlsx"))

    assert result.exit_code == 0, result.output
    assert "第 1 行，隐藏的列：工作表中有 1 列被隐藏（在 Excel 或 WPS 中看不到）：C “备用电话”" in (
        result.stderr
    )


def test_an_ods_names_its_hidden_columns(tmp_path: Path) -> None:
    """LibreOffice writes column definitions before the rows: C hidden, and the unused
    columns past the header hidden as one repeated definition (nobody's)."""
    rows = [[_ods_text(text) for text in HEADER], [_ods_text(text) for text in WANG]]
    sheet = write_ods(tmp_path / "客户.ods", "客户", rows)
    columns = (
        '<table:table-column table:number-columns-repeated="2"/>'
        '<table:table-column table:visibility="collapse"/>'
        "<table:table-column/>"
        '<table:table-column table:visibility="collapse" table:number-columns-repeated="1020"/>'
    )
    rewritten = _with_in_content(
        sheet, tmp_path / "改.ods", '<table:table table:name="客户">', columns
    )

    table = read_any(rewritten, kind="customers")

    assert table.hidden_columns == (("C", "备用电话"),)
    assert table.hidden_rows == ()
    assert (
        "(not shown in LibreOffice or WPS): C “备用电话”"
        in lost_zeros(table, "customers")[0].message
    )


def _ods_text(text: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def _with_in_content(sheet: Path, rewritten: Path, after: str, added: str) -> Path:
    """The .ods with `added` put in its content.xml after `after`."""
    with zipfile.ZipFile(sheet) as archive:
        content = archive.read("content.xml").replace(after.encode(), (after + added).encode())
    with zipfile.ZipFile(sheet) as archive, zipfile.ZipFile(rewritten, "w") as out:
        for info in archive.infolist():
            out.writestr(info, content if info.filename == "content.xml" else archive.read(info))
    return rewritten
