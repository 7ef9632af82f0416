"""Reading workbooks as sellers make them: title rows, blank rows, number cells, date cells."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile

from tests.workbook_helpers import customers_workbook, write_ods, write_xls, write_xlsx
from xiaoben.models.errors import BookError
from xiaoben.store.importing.columns import Kind
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.importing.readers import read_any, sniff
from xiaoben.store.importing.sheet_cells import cell_text, number_text, serial_date
from xiaoben.store.importing.tables import lost_zeros


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return customers_workbook(tmp_path / "客户.xlsx")


# --- cells -------------------------------------------------------------------------------------


def test_a_phone_in_a_number_cell_reads_as_typed() -> None:
    assert number_text(13800138000.0) == "13800138000"
    assert number_text(1.38e20) == "138000000000000000000"
    # an 18-digit ID card number typed as a number: the 15 digits Excel shows, then zeros,
    # not the float's own 440106199001011008 (digits no one typed or saw)
    assert number_text(4.40106199001011e17) == "440106199001011000"
    assert number_text(1234567890123456.0) == "1234567890123460"
    assert number_text(999999999999999.0) == "999999999999999"
    assert number_text(42) == "42"


def test_a_fraction_keeps_its_digits_without_an_exponent() -> None:
    assert number_text(12.5) == "12.5"
    assert number_text(1e-7) == "0.0000001"
    assert number_text(0.1 + 0.2) == "0.3"  # Excel's 15 significant digits


def test_excel_serial_numbers_are_dates() -> None:
    assert serial_date(45356) == dt.date(2024, 3, 5)
    assert serial_date(45356.75) == dt.date(2024, 3, 5)
    # only the day numbers of 1930-01-01 to 2099-12-31 (all of five digits): a year, a month
    # and day or yymmdd typed as a number is no day number (1905-07-16, 1900-10-31 …)
    assert serial_date(10959) == dt.date(1930, 1, 1)
    assert serial_date(73050.99) == dt.date(2099, 12, 31)
    assert [serial_date(n) for n in (10958.9, 73051, 2024, 305, 240305, 60, 1, 0, -45356)] == [
        None
    ] * 9


def test_date_cells_become_iso_text_and_keep_their_kind() -> None:
    assert cell_text(dt.date(2024, 3, 5)) == ("2024-03-05", "date")
    assert cell_text(dt.datetime(2024, 3, 5)) == ("2024-03-05", "date")
    assert cell_text(dt.datetime(2024, 3, 5, 14, 30)) == ("2024-03-05 14:30", "date")
    assert cell_text(True) == ("true", "bool")
    assert cell_text("  王芳 ") == ("王芳", "text")


# --- the header under title rows ----------------------------------------------------------------


def test_the_header_is_found_under_a_merged_title_and_blank_rows(workbook: Path) -> None:
    table = read_any(workbook, kind="customers")
    assert table.format == "xlsx"
    assert table.sheet == "客户"
    assert table.sheets == ("客户", "说明")
    assert table.header_line == 5
    assert table.header == ["编号", "姓名", "手机", "生日", "城市", "标签"]
    assert [line for line, _ in table.rows] == [6, 7, 9, 10, 11]  # as the spreadsheet numbers them


def test_number_cells_read_as_the_seller_typed_them(workbook: Path) -> None:
    table = read_any(workbook, kind="customers")
    phones = [cells[2] for _, cells in table.rows]
    assert phones == ["13800138000", "13900139000", "137 0000 0000", "13600136000", ""]
    assert list(table.numbers[2]) == [0, 1, 3]  # which phone cells were number cells


def test_date_cells_and_serial_dates_in_a_date_column_become_dates(workbook: Path) -> None:
    table = read_any(workbook, kind="customers")
    birthdays = [cells[3] for _, cells in table.rows]
    assert birthdays == ["1990-03-05", "1988-12-01", "1990-06-07", "农历八月十五", "3月5日"]


def test_the_customers_of_a_workbook_parse_like_a_csv_file(workbook: Path) -> None:
    customers, errors = parse_customers(read_any(workbook, kind="customers"))
    assert errors == []
    first, second, third, lunar, no_year = (row.customer for row in customers)
    assert (first.code, first.name, first.phones) == ("00041", "王芳", ["+8613800138000"])
    assert first.birthday is not None and (first.birthday.year, first.birthday.month) == (1990, 3)
    assert second.code == "42"
    assert third.birthday is not None and (third.birthday.month, third.birthday.day) == (6, 7)
    assert lunar.birthday is not None and lunar.birthday.lunar
    assert no_year.birthday is not None and no_year.birthday.year is None


def test_a_code_that_lost_its_zeros_in_a_number_cell_is_reported(workbook: Path) -> None:
    warnings = lost_zeros(read_any(workbook, kind="customers"), "customers")
    assert [(w.line, w.column, w.value) for w in warnings] == [(7, "编号", "42")]
    assert "5 digits, like 00041" in warnings[0].message


def test_codes_that_are_plain_numbers_are_not_reported(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "c.xlsx", {"S": [["编号", "姓名"], [7, "a"], [12, "b"], [130, "c"]]}
    )
    assert lost_zeros(read_any(path, kind="customers"), "customers") == []


def test_an_explicit_header_row_is_used_as_it_is(workbook: Path) -> None:
    table = read_any(workbook, header_row=3)
    assert table.header == ["制表：小王", "", "", "", "", "2024/3/1"]
    assert table.rows[0][0] == 5


def test_a_header_row_without_a_sheet_skips_a_notes_sheet(tmp_path: Path) -> None:
    # the seller's workbook opens on a 说明 sheet; `--header-row 3` names the customers
    # sheet's header, which the default (no --header-row) finds by itself
    path = write_xlsx(
        tmp_path / "c.xlsx",
        {
            "说明": [["本表为客户名单，请勿修改表头"]],
            "客户": [
                ["2024年客户名单"],
                ["制表人：小王"],
                ["姓名", "手机"],
                ["张三", "13800138000"],
            ],
        },
    )
    table = read_any(path, header_row=3, kind="customers")
    assert (table.sheet, table.header, list(table.rows)) == (
        "客户",
        ["姓名", "手机"],
        [(4, ["张三", "13800138000"])],
    )


def test_a_header_row_no_sheet_has_is_refused_for_the_first_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "c.xlsx", {"说明": [["说明"]], "客户": [["姓名"], ["张三"]]})
    with pytest.raises(BookError, match="row 3 is blank"):
        read_any(path, header_row=3, kind="customers")


def test_a_blank_header_row_is_refused_by_number(workbook: Path) -> None:
    with pytest.raises(BookError, match="row 4 is blank"):
        read_any(workbook, header_row=4)


def test_text_dates_sellers_write_parse_as_purchase_dates(tmp_path: Path) -> None:
    rows = [
        ["客户", "日期", "金额"],
        ["王芳", "2024/3/5", 100],
        ["王芳", "2024.3.5", 12.5],
        ["王芳", "2024年3月5日", "88"],
        ["王芳", 45356, 1],
        ["王芳", "3月5日", 1],
    ]
    path = write_xlsx(tmp_path / "bills.xlsx", {"账单": rows})
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    assert [p.date for p in purchases] == [dt.date(2024, 3, 5)] * 4
    assert [p.amount_cents for p in purchases] == [10000, 1250, 8800, 100]
    assert [(e.line, e.column, e.value) for e in errors] == [(6, "日期", "3月5日")]
    assert errors[0].message.startswith("date:")


# --- choosing the sheet -------------------------------------------------------------------------


def test_the_first_sheet_with_a_recognised_header_is_read(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {"说明": [["请勿修改"]], "账单": [["客户", "日期", "金额"], ["王芳", "2024-03-05", 9]]},
    )
    assert read_any(path, kind="purchases").sheet == "账单"


def test_a_named_sheet_is_read(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "一月": [["客户", "日期", "金额"], ["a", "2024-01-05", 9]],
            "二月": [["客户", "日期", "金额"]],
        },
    )
    assert read_any(path, sheet="二月", kind="purchases").rows == []


def test_an_unknown_sheet_is_refused_with_the_sheet_names(workbook: Path) -> None:
    with pytest.raises(BookError) as caught:
        read_any(workbook, sheet="Sheet1")
    assert "no sheet named “Sheet1”; the sheets are: “客户”, “说明”" in caught.value.message("en")
    assert "工作表有：“客户”、“说明”" in caught.value.message("zh")


def test_when_no_sheet_has_a_header_the_sheets_are_listed(tmp_path: Path) -> None:
    rows = [["2024 流水"], ["随便写写"], ["一", "二", "三"]]
    workbook = write_xlsx(tmp_path / "杂.xlsx", {"流水": rows, "说明": [["说明"]]})
    with pytest.raises(BookError) as caught:
        read_any(workbook, kind="purchases")
    message = caught.value.message("en")
    assert "no sheet has a header row" in message
    assert "the sheets are: “流水”, “说明”" in message
    assert "--sheet" in message
    assert "日期" in message  # what a purchases header must name
    assert "金额" in caught.value.message("zh")


def test_a_customers_sheet_read_as_purchases_names_the_columns_its_header_lacks(
    workbook: Path,
) -> None:
    """Its header is found: it has no date nor amount, said with its sheet and row (it was
    "no sheet has a header row", sending the seller to --sheet: test_import_header_lacking)."""
    with pytest.raises(BookError) as caught:
        read_any(workbook, kind="purchases")
    assert "row 5 of sheet “客户” is a header, but it has no date and amount columns" in (
        caught.value.message("en")
    )


def test_a_chosen_sheet_without_a_header_says_so(workbook: Path) -> None:
    with pytest.raises(BookError, match="sheet “说明” has no header row"):
        read_any(workbook, sheet="说明", kind="customers")


def test_a_lone_title_that_reads_like_a_column_is_not_the_header(tmp_path: Path) -> None:
    rows = [["客户"], [], ["客户", "电话"], ["王芳", 13800138000]]
    table = read_any(write_xlsx(tmp_path / "t.xlsx", {"S": rows}), kind="customers")
    assert table.header == ["客户", "电话"]


def _template(path: Path, *, lone: bool = False) -> Path:
    """An import template as sellers get them: a 填写说明 sheet listing the fields down a
    column first, the data sheet after it."""
    listed = [["姓名", "客户的名字，必填", "张三"], ["手机", "11位手机号", "13800138000"]]
    listed += [["生日", "如 1990-03-05", "1990-03-05"]]
    fields = [[row[0]] for row in listed] if lone else listed
    return write_xlsx(
        path,
        {
            "填写说明": [["客户导入模板 填写说明"], ["字段", "说明", "示例"], *fields],
            "客户": [["姓名", "手机", "生日"], ["李四", "13900139000", "1991-01-01"]],
        },
    )


@pytest.mark.parametrize("kind", ["customers", None])
@pytest.mark.parametrize("lone", [False, True])
def test_a_templates_field_list_is_no_header_and_its_data_sheet_is_read(
    tmp_path: Path, kind: Kind | None, lone: bool
) -> None:
    table = read_any(_template(tmp_path / "t.xlsx", lone=lone), kind=kind)
    assert (table.sheet, table.header) == ("客户", ["姓名", "手机", "生日"])
    assert list(table.rows) == [(2, ["李四", "13900139000", "1991-01-01"])]


def test_a_field_list_of_two_fields_is_no_header(tmp_path: Path) -> None:
    rows = [["字段", "说明"], ["姓名", "必填"], ["微信", "选填"]]
    path = write_xlsx(
        tmp_path / "t.xlsx", {"说明": rows, "客户": [["姓名", "微信"], ["王芳", "wf"]]}
    )
    assert read_any(path, kind="customers").sheet == "客户"


def test_a_header_over_a_product_named_like_a_column_is_still_the_header(tmp_path: Path) -> None:
    # a phone shop: 手机 is a product under 商品, the header names its fields across the row
    rows = [["商品", "客户", "日期", "金额"], ["手机", "王芳", "2024-03-05", 2999]]
    table = read_any(write_xlsx(tmp_path / "t.xlsx", {"S": rows}), kind="purchases")
    assert table.header == ["商品", "客户", "日期", "金额"]


def test_a_field_list_read_as_customers_refuses_the_other_fields_names(tmp_path: Path) -> None:
    # the seller points at the field list: its rows are no customers, each is refused by name
    path = _template(tmp_path / "t.xlsx")
    table = read_any(path, sheet="填写说明", header_row=3, kind="customers")
    customers, errors = parse_customers(table)
    assert customers == []
    assert [(e.line, e.column, e.value) for e in errors] == [
        (4, "姓名", "手机"),
        (5, "姓名", "生日"),
    ]
    assert errors[0].message.startswith("name: “手机” is a column name (phone")


def test_a_name_that_reads_like_a_word_of_a_column_is_a_name(tmp_path: Path) -> None:
    # by an exact column name only: 王电话 holds 电话, Tag may be a nickname
    rows = [["姓名", "备注"], ["王电话", ""], ["Tag", ""], ["客户", ""]]
    table = read_any(write_xlsx(tmp_path / "t.xlsx", {"S": rows}), kind="customers")
    customers, errors = parse_customers(table)
    assert errors == []
    assert [row.customer.name for row in customers] == ["王电话", "Tag", "客户"]


# --- other workbooks, and broken ones -----------------------------------------------------------


def test_a_legacy_xls_workbook_is_read(tmp_path: Path) -> None:
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("客户")
    sheet.write(0, 0, "客户名单")
    for column, text in enumerate(["姓名", "手机", "生日"]):
        sheet.write(2, column, text)
    sheet.write(3, 0, "王芳")
    sheet.write(3, 1, 13800138000)
    sheet.write(3, 2, dt.date(1990, 3, 5), xlwt.easyxf(num_format_str="YYYY-MM-DD"))
    path = tmp_path / "old.xls"
    workbook.save(str(path))

    table = read_any(path, kind="customers")
    assert table.format == "xls"
    assert table.rows == [(4, ["王芳", "13800138000", "1990-03-05"])]


def test_the_format_comes_from_the_content_not_the_name(workbook: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "客户.csv"
    renamed.write_bytes(workbook.read_bytes())
    assert sniff(renamed) == "xlsx"
    assert read_any(renamed, kind="customers").header[0] == "编号"


def test_a_damaged_workbook_is_refused(workbook: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(workbook.read_bytes()[:2000])
    with pytest.raises(BookError, match="damaged"):
        read_any(broken)


def _compression_method(data: bytearray, member: str, method: int) -> None:
    """Set `member`'s compression method, in its local header and in the central directory."""
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_length]).decode() == member:
            struct.pack_into("<H", data, at + 10, method)
            local = struct.unpack_from("<I", data, at + 42)[0]
            struct.pack_into("<H", data, local + 8, method)
        at = data.find(b"PK\x01\x02", at + 4)


def test_a_workbook_of_an_unknown_compression_is_refused_as_damaged(
    workbook: Path, tmp_path: Path
) -> None:
    """zipfile raises NotImplementedError for a member it cannot inflate (bytes changed,
    or a tool's own method): said as a damaged workbook, never a traceback."""
    with zipfile.ZipFile(workbook) as archive:
        sheet = next(name for name in archive.namelist() if name.startswith("xl/worksheets/"))
    data = bytearray(workbook.read_bytes())
    _compression_method(data, sheet, 99)
    changed = tmp_path / "changed.xlsx"
    changed.write_bytes(bytes(data))

    with pytest.raises(BookError, match="damaged"):
        read_any(changed, kind="customers")


def test_a_password_protected_workbook_is_refused(workbook: Path, tmp_path: Path) -> None:
    locked = io.BytesIO()
    OOXMLFile(io.BytesIO(workbook.read_bytes())).encrypt("secret", locked)
    path = tmp_path / "locked.xlsx"
    path.write_bytes(locked.getvalue())
    with pytest.raises(BookError, match="password"):
        read_any(path)


def test_a_csv_file_with_a_title_line_finds_its_header(tmp_path: Path) -> None:
    path = tmp_path / "bills.csv"
    path.write_text("店铺账单 2024年3月\n\n客户,日期,金额\n王芳,2024-03-05,9\n", encoding="utf-8")
    table = read_any(path, kind="purchases")
    assert (table.format, table.header, table.header_line) == ("csv", ["客户", "日期", "金额"], 3)
    assert table.rows == [(4, ["王芳", "2024-03-05", "9"])]


def test_a_plain_csv_file_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "bills.csv"
    path.write_text("客户,日期,金额\n王芳,2024-03-05,9\n", encoding="utf-8")
    table = read_any(path, kind="purchases")
    assert (table.header, table.rows, table.encoding) == (
        ["客户", "日期", "金额"],
        [(2, ["王芳", "2024-03-05", "9"])],
        "utf-8",
    )


def test_a_table_lower_and_to_the_right_keeps_the_sheets_row_numbers(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C3"], sheet["D3"] = "姓名", "手机"
    sheet["C4"], sheet["D4"] = "王芳", 13800138000
    workbook.save(tmp_path / "lower.xlsx")
    table = read_any(tmp_path / "lower.xlsx", kind="customers")
    assert (table.header_line, table.header) == (3, ["姓名", "手机"])
    assert table.rows == [(4, ["王芳", "13800138000"])]


def test_an_empty_sheet_is_passed_over(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "e.xlsx", {"空": [], "客户": [["姓名"], ["王芳"]]})
    assert read_any(path, kind="customers").sheet == "客户"


# --- a cell right of the header ----------------------------------------------------------------


@pytest.mark.parametrize("streamed", [False, True])
def test_a_cell_right_of_the_header_refuses_its_row_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    """A note typed beside the table (D2, under no column name) is never silently left out:
    its row is refused naming it, the others read; alike in a sheet read whole and in one
    read a batch at a time, for customers and purchases."""
    from xiaoben.store.importing import sheets

    if streamed:
        monkeypatch.setattr(sheets, "STREAM_FROM_CELLS", 0)
    people = write_xlsx(
        tmp_path / "客户.xlsx",
        {
            "客户": [
                ["姓名", "手机", "备注"],
                ["王芳", "13800138000", "", "怕辣，别推荐辣味"],
                ["李娜", "13900139000", "老客户"],
                ["张伟", None, None, None, None],  # blank cells past the header: nothing there
            ]
        },
    )
    bills = write_xlsx(
        tmp_path / "账单.xlsx",
        {
            "账单": [
                ["姓名", "日期", "金额"],
                ["王芳", "2024-03-05", 100, None, "已付"],
                ["李娜", "2024-03-06", 5],
            ]
        },
    )

    customers, errors = parse_customers(read_any(people, kind="customers"))
    purchases, refused = parse_purchases(read_any(bills, kind="purchases"))

    assert [row.customer.name for row in customers] == ["李娜", "张伟"]
    assert [(error.line, error.column, error.value) for error in errors] == [
        (2, "column 4", "怕辣，别推荐辣味")
    ]
    assert errors[0].message == (
        "“怕辣，别推荐辣味” is right of the header's last column (3), under no column name: "
        "the row was not imported; give the column a name (such as 备注) or clear the cell"
    )
    assert [row.line for row in purchases] == [3]
    assert [(error.line, error.column, error.value) for error in refused] == [
        (2, "column 5", "已付")
    ]


# --- rows that look blank ------------------------------------------------------------------------

# What a cell that looks empty may hold: a space (a template's), the full-width space a Chinese
# IME leaves, a tab, a no-break space (pasted from a web page), several of them
LOOK_BLANK = [" ", "\u3000", "\t", "\xa0", " \u3000 "]


def _looks_blank_rows() -> list[list[object]]:
    rows: list[list[object]] = [["姓名", "手机", "备注"], ["张三", "13800138001", "老客户"]]
    rows += [[None, None, space] for space in LOOK_BLANK]  # a space left in 备注
    rows += [[space, None, None] for space in LOOK_BLANK]  # … or in 姓名
    rows += [[space, space, space] for space in LOOK_BLANK]
    return [*rows, ["李四", "13800138002", None]]


def _ods_cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    text = str(value).replace(" ", "<text:s/>").replace("\t", "<text:tab/>")
    cell = '<table:table-cell office:value-type="string">'
    return f"{cell}<text:p>{text}</text:p></table:table-cell>"


def _write_looks_blank(path: Path) -> Path:
    rows = _looks_blank_rows()
    if path.suffix == ".ods":
        return write_ods(path, "客户", [[_ods_cell(value) for value in row] for row in rows])
    if path.suffix == ".xls":
        return write_xls(path, "客户", rows)
    return write_xlsx(path, {"客户": rows})


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_a_row_of_spaces_alone_is_a_blank_row_as_in_a_csv(tmp_path: Path, suffix: str) -> None:
    workbook = _write_looks_blank(tmp_path / f"客户{suffix}")
    csv = tmp_path / "客户.csv"
    csv.write_text(
        "\r\n".join(",".join(str(cell or "") for cell in row) for row in _looks_blank_rows()),
        encoding="utf-8-sig",
    )

    for path in (workbook, csv):
        customers, errors = parse_customers(read_any(path, kind="customers"))
        assert errors == [], path
        assert [(row.line, row.customer.name) for row in customers] == [
            (2, "张三"),
            (3 + 3 * len(LOOK_BLANK), "李四"),
        ]


def test_rows_of_spaces_above_the_header_are_skipped_as_blank_rows(tmp_path: Path) -> None:
    """A template's formatted rows with a space left in them do not count among the rows a
    header is looked for in."""
    rows: list[list[object]] = [["\u3000", " "]] * 30
    workbook = write_xlsx(tmp_path / "客户.xlsx", {"客户": [*rows, ["姓名", "手机"], ["张三", 1]]})

    table = read_any(workbook, kind="customers")

    assert (table.header_line, table.header) == (31, ["姓名", "手机"])
    assert [cells[0] for _, cells in table.rows] == ["张三"]


# --- an empty sheet -----------------------------------------------------------------------------


def _empty_workbook(path: Path, suffix: str, sheets: dict[str, list[list[str]]]) -> Path:
    """A workbook of `sheets` (an empty list: a sheet with no cell at all)."""
    if suffix == "xlsx":
        return write_xlsx(path, sheets)
    (name, rows), *others = sheets.items()
    assert not others, "one sheet a legacy or OpenDocument workbook here"
    if suffix == "xls":
        return write_xls(path, name, rows)
    cells = [
        [
            f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
            for c in row
        ]
        for row in rows
    ]
    return write_ods(path, name, cells)


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_a_workbook_whose_only_sheet_has_no_cells_says_it_is_empty(
    tmp_path: Path, suffix: str
) -> None:
    path = _empty_workbook(tmp_path / f"客户.{suffix}", suffix, {"客户": []})
    with pytest.raises(BookError) as caught:
        read_any(path, kind="customers")
    assert "the workbook is empty: not one cell of its only sheet, “客户”, holds anything" in str(
        caught.value
    )
    assert "工作簿是空的：它唯一的工作表“客户”里没有一个有内容的单元格" in caught.value.message(
        "zh"
    )
    assert "header" not in str(caught.value)


def test_a_sheet_of_blank_rows_only_is_empty(tmp_path: Path) -> None:
    """Formatted cells, a space, the full-width space an IME leaves: nothing to the eye."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    sheet["A1"].number_format = "@"
    sheet["B3"] = " "
    sheet["C7"] = "\u3000"
    sheet.row_dimensions[12].height = 30
    path = tmp_path / "客户.xlsx"
    workbook.save(path)
    with pytest.raises(BookError, match="the workbook is empty"):
        read_any(path, kind="customers")
    with pytest.raises(BookError, match="the workbook is empty"):
        read_any(path, kind="customers", header_row=3)


def test_a_chosen_empty_sheet_is_named_beside_the_others(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "c.xlsx", {"空": [], "客户": [["姓名"], ["王芳"]]})
    for asked in ({"sheet": "空"}, {"sheet": "空", "header_row": 1}):
        with pytest.raises(BookError) as caught:
            read_any(path, kind="customers", **asked)  # type: ignore[arg-type]  # sheet, row
        message = caught.value.message("en")
        assert "sheet “空” is empty: not one of its cells holds anything" in message
        assert "the sheets are: “空”, “客户”" in message
        assert "工作表“空”是空的" in caught.value.message("zh")


def test_every_sheet_empty_says_the_workbook_is_empty(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "c.xlsx", {"Sheet1": [], "Sheet2": [[], []]})
    with pytest.raises(BookError) as caught:
        read_any(path, kind="purchases")
    assert "not one cell of its sheets (“Sheet1”, “Sheet2”) holds anything" in str(caught.value)


def test_an_empty_sheet_beside_one_without_a_header_lists_them_as_before(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "c.xlsx", {"空": [], "说明": [["请勿修改"]]})
    with pytest.raises(BookError, match="no sheet has a header row"):
        read_any(path, kind="customers")
