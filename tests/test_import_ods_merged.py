"""An .ods's merged cells read as an .xlsx's: calamine gives an .ods none, so ods_scan
places them from the XML (table:number-rows-spanned / number-columns-spanned). A 客户 or
订单号 cell merged over an order's item rows belongs to each row; an amount merged over
them is the order's, once; a header merged over two columns names both."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.book_helpers import table_of
from tests.workbook_helpers import write_ods
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.tables import lost_zeros

COVERED = "<table:covered-table-cell/>"


def text(value: str, down: int = 1, across: int = 1) -> str:
    spans = f' table:number-rows-spanned="{down}"' if down > 1 else ""
    spans += f' table:number-columns-spanned="{across}"' if across > 1 else ""
    return (
        f'<table:table-cell{spans} office:value-type="string"><text:p>{value}</text:p>'
        "</table:table-cell>"
    )


def number(value: float, down: int = 1) -> str:
    spans = f' table:number-rows-spanned="{down}"' if down > 1 else ""
    return (
        f'<table:table-cell{spans} office:value-type="float" office:value="{value}">'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def test_an_orders_cells_merged_over_its_item_rows_are_each_rows_and_its_amount_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    rows = [
        [text("三月订单", across=6), *[COVERED] * 5],  # a title merged across, over the header
        [text(head) for head in ("订单号", "客户", "手机", "日期", "商品", "实付金额")],
        [
            *(text(each, down=2) for each in ("A001", "张三", "13800138000", "2024-03-05")),
            text("口红"),
            number(300, down=2),
        ],
        [COVERED, COVERED, COVERED, COVERED, text("面霜"), COVERED],
        [
            text("A002"),
            text("李四"),
            text("13900139000"),
            text("2024-03-06"),
            text("眼影"),
            number(50),
        ],
    ]
    sheet = write_ods(tmp_path / "订单.ods", "订单", rows)

    result = run("--lang", "en", "import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 0, result.output  # was: line 4 has no customer, date, amount
    assert "header in row 2" in result.output
    assert table_of(
        book_path,
        "SELECT c.name, p.items, p.amount_cents, p.date FROM purchases p"
        " JOIN customers c ON c.id = p.customer_id ORDER BY p.date, p.items",
    ) == [
        ("张三", "口红", 30000, "2024-03-05"),
        ("张三", "面霜", 0, "2024-03-05"),
        ("李四", "眼影", 5000, "2024-03-06"),
    ]


def test_an_ods_header_merged_over_two_columns_reads_both_numbers(tmp_path: Path) -> None:
    rows = [
        [text("姓名"), text("手机", across=2), COVERED, text("备注")],
        [text("张三"), text("13800138000"), text("13900139009"), text("x")],
    ]
    path = write_ods(tmp_path / "c.ods", "客户", rows)

    table = read_any(path, kind="customers")
    (row,), errors = parse_customers(table)

    assert table.header == ["姓名", "手机", "手机", "备注"]
    assert errors == []
    assert row.customer.phones == ["+8613800138000", "+8613900139009"]


def test_an_ods_hidden_and_filtered_rows_are_imported_and_named(tmp_path: Path) -> None:
    """calamine says nothing of an .ods's hidden rows: read from the XML, named as an
    .xlsx's are (a blank hidden row, as LibreOffice writes at a sheet's end, is nobody's)."""
    rows = [
        [text("客户名单")],
        [text("姓名"), text("手机")],
        [text("李四（已删）"), text("13900139000")],
        [text("张三"), text("13800138000")],
        [text("赵六"), text("13600136000")],
        [text("王五"), text("13700137000")],
        [],
    ]
    hidden = ' table:visibility="collapse"'
    filtered = ' table:visibility="filter"'
    attributes = ["", "", hidden, "", filtered, "", hidden + ' table:number-rows-repeated="9"']
    sheet = write_ods(tmp_path / "客户.ods", "客户", rows, attributes)

    table = read_any(sheet, kind="customers")

    assert [cells[0] for _, cells in table.rows] == ["李四（已删）", "张三", "赵六", "王五"]
    assert table.hidden_rows == (3, 5)
    warning = lost_zeros(table, "customers")[0]
    assert (warning.line, warning.column) == (3, "hidden rows")
    assert warning.message == (
        "2 rows are hidden or filtered out in the sheet (not shown in LibreOffice or WPS): "
        "lines 3, 5; they are imported as the others. If they should not be, delete them in "
        "LibreOffice or WPS and import again"
    )


def test_an_ods_hidden_column_hides_no_row(tmp_path: Path) -> None:
    rows = [[text("姓名"), text("手机")], [text("张三"), text("13800138000")]]
    sheet = write_ods(tmp_path / "客户.ods", "客户", rows)
    with zipfile.ZipFile(sheet) as archive:
        content = archive.read("content.xml").replace(
            b'<table:table table:name="\xe5\xae\xa2\xe6\x88\xb7">',
            '<table:table table:name="客户"><table:table-column table:visibility="collapse"/>'
            "<table:table-column/>".encode(),
        )
    rewritten = tmp_path / "改.ods"
    with zipfile.ZipFile(sheet) as archive, zipfile.ZipFile(rewritten, "w") as out:
        for info in archive.infolist():
            out.writestr(info, content if info.filename == "content.xml" else archive.read(info))

    assert read_any(rewritten, kind="customers").hidden_rows == ()
