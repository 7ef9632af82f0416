"""Plain numbers in a date column, as sellers type them: a date cell is a date, 20240305 is
yyyymmdd, 45356 is Excel's day number of a day from 1930 to 2099; any other number (2024,
240305, 305) is refused by name, quoted as typed, never read as a date no one wrote. A
workbook's number cell and a CSV's digits read alike; birthdays too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from pydantic_core import PydanticCustomError

from tests.book_helpers import fixed_clock, write_csv
from tests.workbook_helpers import write_xls, write_xlsx
from xiaoben.models.birthday_text import birthday_cell
from xiaoben.models.cells import cell_date
from xiaoben.models.days import EXCEL_EPOCH, FIRST_SERIAL, LAST_SERIAL
from xiaoben.store.book import Book
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.sheet_cells import SheetCells, cell_text, number_text


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def date_cell_text(value: Any) -> str:
    """The text the importer reads for one cell of a workbook's date column."""
    return SheetCells(1, {0}).rows([(2, [value])])[0][1][0]


def outcome(text: str) -> tuple[str, Any]:
    try:
        return "date", cell_date(text)
    except PydanticCustomError as exc:
        return "refused", (exc.type, (exc.context or {}).get("value"))


# (typed in a General-format cell, what it is): a date, or the number quoted back
TYPED = [
    (2024, ("refused", ("xb.date_number", "2024"))),  # a year: was 1905-07-16
    (20240305, ("date", dt.date(2024, 3, 5))),  # yyyymmdd
    (240305, ("refused", ("xb.date_number", "240305"))),  # yymmdd: was 2557-12-05, refused
    (45356, ("date", dt.date(2024, 3, 5))),  # Excel's day number
    (45356.75, ("date", dt.date(2024, 3, 5))),  # … at 18:00
    (305, ("refused", ("xb.date_number", "305"))),  # 3月5日: was 1900-10-31
    (20240231, ("refused", ("xb.date_missing_day", "20240231"))),  # no such day
    (12345678, ("refused", ("xb.date_number", "12345678"))),
    (-45356, ("refused", ("xb.date_number", "-45356"))),
    (2024.5, ("refused", ("xb.date_number", "2024.5"))),
]


@pytest.mark.parametrize(("typed", "expected"), TYPED)
def test_a_number_in_a_date_column_is_a_date_only_by_the_rule(typed: Any, expected: Any) -> None:
    assert outcome(date_cell_text(typed)) == expected


@pytest.mark.parametrize(("typed", "expected"), TYPED)
def test_a_csv_cell_of_digits_reads_as_the_same_number_cell(typed: Any, expected: Any) -> None:
    assert outcome(number_text(typed)) == expected


def test_a_workbook_and_a_csv_of_the_same_purchases_say_the_same(tmp_path: Path) -> None:
    header = ["客户", "日期", "金额"]
    typed = [2024, 20240305, 240305, 45356, dt.date(2024, 3, 5)]
    workbook = write_xlsx(
        tmp_path / "订单.xlsx", {"订单": [header, *(["王芳", day, 100] for day in typed)]}
    )
    csv = write_csv(
        tmp_path / "订单.csv",
        [",".join(header), *(f"王芳,{cell_text(day)[0]},100" for day in typed)],
    )

    for path in (workbook, csv):
        rows, errors = parse_purchases(read_any(path, kind="purchases"))
        assert [(row.line, row.date) for row in rows] == [
            (3, dt.date(2024, 3, 5)),
            (5, dt.date(2024, 3, 5)),
            (6, dt.date(2024, 3, 5)),
        ]
        assert [(error.line, error.column, error.value) for error in errors] == [
            (2, "日期", "2024"),
            (4, "日期", "240305"),
        ]
        assert errors[0].message == (
            "date: “2024” is a number, not a date: a number in a date column is read only as "
            f"yyyymmdd (20240305) or as Excel's day number {FIRST_SERIAL}–{LAST_SERIAL} "
            "(1930-01-01 to 2099-12-31); format the cell as a date or write 2024-03-05"
        )


def test_a_number_refused_as_a_date_is_named_in_chinese(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    workbook = write_xlsx(
        tmp_path / "订单.xlsx", {"订单": [["客户", "日期", "金额"], ["王芳", 240305, 100]]}
    )

    result = run("--lang", "zh", "import", "purchases", workbook, "--create-missing")

    assert result.exit_code == 1
    assert "第 2 行，日期：“240305” 是数字，不是日期" in result.stderr
    assert "2557" not in result.stderr  # no date the seller never wrote


# --- birthdays -----------------------------------------------------------------------------------


BIRTHDAYS = [
    (33031, ("born", (1990, 6, 7))),  # Excel's day number
    (19900305, ("born", (1990, 3, 5))),  # yyyymmdd
    (305, ("refused", "305")),  # 3月5日 typed as a number (or 0305): was 1900-10-31
    (1990, ("refused", "1990")),  # a year alone: was 1905-06-12 (an import keeps it in the notes)
    (1231, ("refused", "1231")),
]


def birthday_outcome(text: str) -> tuple[str, Any]:
    try:
        fields = birthday_cell(text, this_year=2026)
    except PydanticCustomError as exc:
        assert exc.type == "xb.birthday_number"
        return "refused", (exc.context or {})["value"]
    return "born", (fields["year"], fields["month"], fields["day"])


@pytest.mark.parametrize(("typed", "expected"), BIRTHDAYS)
def test_a_number_in_a_birthday_column_follows_the_date_rule(typed: int, expected: Any) -> None:
    assert birthday_outcome(date_cell_text(typed)) == expected  # a number cell
    assert birthday_outcome(str(typed)) == expected  # a CSV's digits


def test_four_digits_with_their_leading_zero_are_a_month_and_day() -> None:
    """0305 kept its zero, so it was written as text (a number cell shows 305): March 5.
    Four digits without one (1990, 1231) could be a number cell: refused as written."""
    assert birthday_outcome("0305") == ("born", (None, 3, 5))
    assert birthday_outcome("1990") == ("refused", "1990")
    assert birthday_outcome("1231") == ("refused", "1231")


def test_a_workbooks_number_birthdays_are_read_or_refused_by_name(tmp_path: Path) -> None:
    rows = [["姓名", "手机", "生日"]]
    rows += [[f"客户{n}", f"1380013800{n}", typed] for n, (typed, _) in enumerate(BIRTHDAYS)]
    workbook = write_xlsx(tmp_path / "客户.xlsx", {"客户": rows})

    customers, errors = parse_customers(read_any(workbook, kind="customers"))

    born = [(row.line, row.customer.birthday, row.customer.notes) for row in customers]
    assert [(line, birthday and birthday.year, notes) for line, birthday, notes in born] == [
        (2, 1990, ""),
        (3, 1990, ""),
        (5, None, "生日：1990"),  # a year alone: no birthday, kept in the notes
    ]
    assert [(error.line, error.value) for error in errors] == [(4, "305"), (6, "1231")]
    assert errors[0].message.startswith("birthday: “305” is a number, not a birthday")


def test_the_apps_birthday_form_takes_no_day_number() -> None:
    from xiaoben.models.birthday_text import parse_birthday

    with pytest.raises(PydanticCustomError):
        parse_birthday("33031")  # typed in a form, it is no date: only a cell may be a number


def test_a_custom_date_fields_numbers_follow_the_date_rule(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    run("fields", "add", "入群日", "--en", "joined on", "--kind", "date")
    rows = [["姓名", "入群日"], ["王芳", 45356], ["李娜", 20240305], ["赵敏", "2024/3/5 14:30"]]
    good = write_xlsx(tmp_path / "客户.xlsx", {"客户": rows})
    bad = write_xlsx(tmp_path / "坏.xlsx", {"客户": [*rows, ["孙丽", 2024]]})

    refused = run("import", "customers", bad)
    imported = run("import", "customers", good)

    assert refused.exit_code == 1
    assert "line 5, 入群日: joined on: “2024” is a number, not a date" in refused.stderr
    assert imported.exit_code == 0, imported.output
    with Book.open(book_path, today=fixed_clock) as book:
        assert [book.field_values(n) for n in (1, 2, 3)] == [{1: "2024-03-05"}] * 3


# --- properties ----------------------------------------------------------------------------------

days = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2099, 12, 31))


@given(days, st.floats(min_value=0, max_value=0.9999))
@example(dt.date(1930, 1, 1), 0.0)
@example(dt.date(2099, 12, 31), 0.9999)
def test_any_day_written_as_sellers_write_it_reads_back(day: dt.date, time: float) -> None:
    serial = (day - EXCEL_EPOCH).days
    written = [
        date_cell_text(day),  # a date cell
        date_cell_text(dt.datetime.combine(day, dt.time(14, 30))),
        date_cell_text(serial),  # a General cell holding Excel's day number
        date_cell_text(serial + time),
        date_cell_text(int(day.strftime("%Y%m%d"))),  # yyyymmdd typed as a number
        day.strftime("%Y%m%d"),  # … in a CSV
        str(serial),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
    ]
    assert {text: cell_date(text) for text in written} == dict.fromkeys(written, day)
    born = ("born", (day.year, day.month, day.day))  # under 生日 alike
    assert {text: birthday_outcome(text) for text in written} == dict.fromkeys(written, born)


def _read_by_the_rule(number: int) -> bool:
    if FIRST_SERIAL <= number <= LAST_SERIAL:
        return True
    text = str(number)
    if len(text) != 8:
        return False
    try:
        dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return 1900 <= int(text[:4]) <= 2199


@given(
    st.integers(min_value=-(10**12), max_value=10**12).filter(lambda n: not _read_by_the_rule(n))
)
@example(2024)
@example(240305)
@example(FIRST_SERIAL - 1)
@example(LAST_SERIAL + 1)
@example(18991231)
@example(1234)
def test_any_other_number_is_refused_quoting_its_digits(number: int) -> None:
    for text in (date_cell_text(number), date_cell_text(float(number)), str(number)):
        assert text == str(number)  # never converted to a date
        kind, (rule, value) = outcome(text)
        assert kind == "refused"
        assert value == str(number)
        assert rule in ("xb.date_number", "xb.date_missing_day")


def _a_date_by_the_rule(number: float) -> bool:
    text = number_text(number)
    if text.isdigit() and len(text) == 8:
        return _read_by_the_rule(int(text))
    return FIRST_SERIAL <= number < LAST_SERIAL + 1


@given(
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not _a_date_by_the_rule(x))
)
@example(2024.5)
@example(10958.999)
@example(1e-7)
def test_any_other_number_cell_is_refused_as_excel_shows_it(number: float) -> None:
    text = date_cell_text(number)
    assert text == number_text(number)  # as the sheet shows it, never a date
    kind, (rule, value) = outcome(text)
    assert kind == "refused"
    assert value == text
    assert rule in ("xb.date_number", "xb.date_missing_day")


# --- Excel for Mac's 1904 date system ------------------------------------------------------------

DAYS_1904 = (dt.date(1904, 1, 1) - EXCEL_EPOCH).days  # its day number of a day is 1462 less


def mac_workbook(path: Path, rows: list[list[Any]]) -> Path:
    """A workbook saved in the 1904 date system (<workbookPr date1904="1"/>), as Excel for
    Mac may; its day numbers typed or pasted into General cells."""
    workbook = openpyxl.Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def mac_xls(path: Path, rows: list[list[Any]]) -> Path:
    """The same as a legacy .xls (its DateMode record says 1904)."""
    return write_xls(path, "Sheet", rows, dates_1904=True)


@pytest.mark.parametrize("write", [mac_workbook, mac_xls])
def test_a_mac_workbooks_day_numbers_are_read_in_its_1904_date_system(
    tmp_path: Path, write: Callable[[Path, list[list[Any]]], Path]
) -> None:
    suffix = ".xlsx" if write is mac_workbook else ".xls"
    orders = write(tmp_path / f"订单{suffix}", [["客户", "日期", "金额"], ["张三", 43894, 128]])
    people = write(
        tmp_path / f"客户{suffix}", [["姓名", "手机", "生日"], ["李四", "13800138002", 31475]]
    )

    purchases, refused = parse_purchases(read_any(orders, kind="purchases"))
    customers, _ = parse_customers(read_any(people, kind="customers"))

    assert refused == []
    assert [row.date for row in purchases] == [dt.date(2024, 3, 5)]  # as Excel for Mac shows it
    born = customers[0].customer.birthday
    assert born is not None
    assert (born.year, born.month, born.day) == (1990, 3, 5)


def test_a_mac_workbooks_date_cells_and_yyyymmdd_are_read_as_before(tmp_path: Path) -> None:
    rows = [["客户", "日期", "金额"], ["张三", dt.date(2024, 3, 5), 1], ["李四", 20240305, 2]]

    purchases, refused = parse_purchases(read_any(mac_workbook(tmp_path / "订单.xlsx", rows)))

    assert refused == []
    assert [row.date for row in purchases] == [dt.date(2024, 3, 5)] * 2


@given(days, st.floats(min_value=0, max_value=0.9999))
@example(dt.date(1930, 1, 1), 0.0)
@example(dt.date(2099, 12, 31), 0.9999)
def test_any_day_a_1904_workbook_numbers_reads_back(day: dt.date, time: float) -> None:
    serial = (day - EXCEL_EPOCH).days - DAYS_1904
    for number in (serial, serial + time):
        text = SheetCells(1, {0}, date1904=True).rows([(2, [number])])[0][1][0]
        assert outcome(text) == ("date", day)


@given(st.integers(min_value=FIRST_SERIAL, max_value=LAST_SERIAL))
def test_no_number_of_a_1904_workbook_is_read_in_the_1900_system(number: int) -> None:
    """A number the 1900 system takes for a day is the day 1462 later in a 1904 workbook
    (72000: 2101-02-16, never 2097-02-15), whether or not it is one a seller types."""
    text = SheetCells(1, {0}, date1904=True).rows([(2, [number])])[0][1][0]
    assert text == (EXCEL_EPOCH + dt.timedelta(days=number + DAYS_1904)).isoformat()


def test_a_date_cell_before_1900_03_01_reads_as_excel_shows_it(tmp_path: Path) -> None:
    """Excel's days 1 to 59 count from 1899-12-31 (its day 60 is the 1900-02-29 that never
    was): 1 is 1900-01-01, 59 is 1900-02-28, 61 is 1900-03-01, as Excel and WPS show them."""
    import xlsxwriter

    path = tmp_path / "订单.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet, shown = workbook.add_worksheet("订单"), workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["客户", "日期", "金额"])
    for row, serial in enumerate([1, 2, 41, 59, 61], start=1):
        sheet.write_row(row, 0, ["王芳", None, 100])
        sheet.write_number(row, 1, serial, shown)
    workbook.close()

    rows, errors = parse_purchases(read_any(path, kind="purchases"))

    assert errors == []
    assert [row.date.isoformat() for row in rows] == [
        "1900-01-01", "1900-01-02", "1900-02-10", "1900-02-28", "1900-03-01"
    ]  # fmt: skip
