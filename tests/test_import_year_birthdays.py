"""A birthday cell of a year or a generation and no day (1990年, 1990, a number cell's 1990,
1990年生, 90后, 85后, 00后, 80年代) and a gender cell of a number (1, 0, 2: which is which, the
sheet does not say) no longer refuse the customer's row: she is imported, the field left
empty, the cell kept in her notes (生日：90后, 性别：1) and said once in the report; a year
gives her age band where the row gives none, she has none, and every age she may be is in
one band. A real date that does not exist, a birthday after today and a word are refused
as before."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import TODAY, customer, table_of, write_csv
from tests.workbook_helpers import write_xlsx
from xiaoben.models.birthday import age_band_of_years
from xiaoben.models.birthday_text import BirthYears, birth_years
from xiaoben.models.enums import AgeBand
from xiaoben.models.i18n import t
from xiaoben.store.book import Book
from xiaoben.store.importing.csv_table import CsvTable
from xiaoben.store.importing.customer_rows import parse_customers

# TODAY is 2026-11-23: born in 1990 she is 35 or 36 (35–44岁); 85后 (1985 to 1989) are 36 to
# 41; 90后 (1990 to 1999) are 26 to 36, 80年代 36 to 46, 00后 16 to 26: two bands each.
_YEARS = [
    ("90后", None),
    ("85后", "35-44"),
    ("00后", None),
    ("1990年", "35-44"),
    ("1990", "35-44"),
    ("1990.0", "35-44"),
    ("1990年生", "35-44"),
    ("80年代", None),
    # a year and a month, the day not known (refused whole before, as a date of no day)
    ("1990年3月", "35-44"),
    ("约1990年", "35-44"),
    ("九十年代", None),
    ("1990-03", "35-44"),
    ("1990.3", "35-44"),
    ("90年3月", "35-44"),
]


@pytest.mark.parametrize(("cell", "band"), _YEARS)
def test_a_birthday_of_a_year_or_a_generation_is_kept_in_the_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, cell: str, band: str | None
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机,生日", f"王芳,13800138001,{cell}"])

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    shown = cell.removesuffix(".0")  # (a number cell's 1990.0 as the sheet shows it)
    assert table_of(book_path, "SELECT name, birthday, age_band, notes FROM customers") == [
        ("王芳", None, band, f"生日：{shown}")
    ]
    said = f"1 行的“生日”只写了出生的年份、年月或年代（如第 2 行的 “{shown}”）：没有日子，不是生日"
    assert said in result.output


def test_a_number_cell_of_a_year_in_a_workbook_is_kept_in_the_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_xlsx(
        tmp_path / "客户.xlsx",
        {"客户": [["姓名", "手机", "出生日期", "性别"], ["王芳", "13800138001", 1990, 1]]},
    )

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT birthday, gender, age_band, notes FROM customers") == [
        (None, None, "35-44", "生日：1990\n性别：1")
    ]
    assert (
        "1 row gave only a year, a month or a generation of birth under “出生日期” (line 2: "
        "“1990”): no day, so no birthday, kept in the notes; where no age band was given, it "
        "was set from the year when the year tells one"
    ) in result.output
    assert (
        "1 row had a number under “性别” (line 2: “1”): a number does not say which gender, so "
        "it was left empty and kept in the notes"
    ) in result.output


def test_a_year_behind_excels_text_mark_is_kept_without_it(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """'1990 (Excel's and WPS's mark of a text cell, kept by a CSV) was kept in her notes as
    生日：'1990 (a reviewer's F8): the mark is no part of what the sheet shows."""
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机,生日", "王芳,13800138001,'1990"])

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT notes FROM customers") == [("生日：1990",)]


@pytest.mark.parametrize(
    ("cell", "shown"),
    [("1990.0", "1990"), ("1990.00", "1990"), ("1990.1", "1990.1"), ("１９９０.０", "1990")],
)
def test_a_year_of_a_number_cell_is_kept_as_the_sheet_shows_it(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, cell: str, shown: str
) -> None:
    """A number cell written to a CSV as a float (1990.0) was kept in her notes as
    生日：1990.0 (a reviewer's F8): a whole number is kept as the sheet shows it, 1990; a
    fraction that is not zero is what the cell holds, kept as it is."""
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机,生日", f"王芳,13800138001,{cell}"])

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT notes FROM customers") == [(f"生日：{shown}",)]


@pytest.mark.parametrize("cell", ["19900101.0", "19900101.00", "１９９００１０１.０"])
def test_a_float_columns_eight_digit_birthday_is_read_as_its_day(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, cell: str
) -> None:
    """A float column's 19900101 is written 19900101.0: it was refused saying 8-digit
    numbers are read (a reviewer's F5). It is the day, as 19900101 is."""
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机,生日", f"王芳,13800138001,{cell}"])

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert "不是生日" not in result.output
    assert table_of(book_path, "SELECT birthday, notes FROM customers") == [("1990-01-01", "")]


@pytest.mark.parametrize("cell", ["1", "0", "2", "1.0"])
def test_a_gender_of_a_number_is_left_empty_and_kept_in_the_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, cell: str
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机,性别", f"王芳,13800138001,{cell}"])

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    shown = cell.removesuffix(".0")  # (a number cell's 1.0 as the sheet shows it)
    assert table_of(book_path, "SELECT gender, notes FROM customers") == [(None, f"性别：{shown}")]
    said = f"1 行的“性别”是数字（如第 2 行的 “{shown}”）：数字说不清男女，性别空着，记入备注"
    assert said in result.output


def test_a_gender_in_words_or_letters_beside_a_number_is_read_as_before(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        ["姓名,性别", "王芳,M", "李娜,F", "赵敏,男", "钱多多,女士", "孙丽,1"],
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT gender, notes FROM customers ORDER BY id") == [
        ("male", ""),
        ("female", ""),
        ("male", ""),
        ("female", ""),
        (None, "性别：1"),
    ]


_SHEET = [
    "姓名,手机,生日,性别",
    "王芳,13800138001,90后,1",
    "李娜,13800138002,1990年,0",
    "赵敏,13800138003,1988-05-06,2",
]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_sheet_imported_again_says_nothing_and_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", _SHEET)
    first = run("--lang", lang, "import", "customers", sheet)
    assert first.exit_code == 0, first.output + first.stderr
    assert _said(first.output, lang) == (2, 3)
    stored = "SELECT name, birthday, gender, age_band, notes FROM customers ORDER BY id"
    before = table_of(book_path, stored)

    again = run("--lang", lang, "import", "customers", sheet)

    assert again.exit_code == 0, again.output + again.stderr
    unchanged = t(
        "cli.import_unchanged", lang, imported=3, created=0, updated=0, bad=0, source="\0"
    ).split("\0")[0]
    assert unchanged in again.output
    assert _said(again.output, lang) == (0, 0)
    assert before == [
        ("王芳", None, None, None, "生日：90后\n性别：1"),
        ("李娜", None, None, "35-44", "生日：1990年\n性别：0"),
        ("赵敏", "1988-05-06", None, None, "性别：2"),
    ]
    assert table_of(book_path, stored) == before


def _said(output: str, lang: str) -> tuple[int, int]:
    """(how many rows the report says gave a year of birth, and a number for a gender: 0
    where it does not say)."""
    counts = []
    for key, column in _COLUMNS:
        heads = {
            count: t(key, lang, count=count, column=column, line=2, cell="\0")
            for count in (1, 2, 3)
        }
        said = [count for count, head in heads.items() if head.split("\0")[0] in output]
        counts.append(said[0] if said else 0)
    return counts[0], counts[1]


_COLUMNS = (("cli.import_year_birthdays", "生日"), ("cli.import_number_genders", "性别"))


def test_an_age_band_the_row_gives_stands(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,生日,年龄段", "王芳,1990年,25-34"])

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT age_band, notes FROM customers") == [
        ("25-34", "生日：1990年")
    ]


def test_no_age_band_is_told_by_a_year_beside_her_birthday_with_its_year(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    """A reviewer's F4: 周九, born 2001-05-05 (25), was given 35–44岁 by a sheet's 1990年, and
    so was a row's 1990年 beside its own 农历生日 of 2001: her birthday tells her age."""
    from xiaoben.models.customer import Birthday

    with open_book(book_path) as book:
        customer(book, "周九", phones=["13844440001"], birthday=Birthday(year=2001, month=5, day=5))
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机,生日,农历生日",
            "周九,13844440001,1990年,",
            "郑一,13877770001,1990年,2001-05-05",
        ],
    )

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    stored = "SELECT name, birthday, age_band, notes FROM customers ORDER BY id"
    assert table_of(book_path, stored) == [
        ("周九", "2001-05-05", None, "生日：1990年"),
        ("郑一", "L2001-05-05", None, "生日：1990年"),
    ]


def test_an_age_band_the_customer_has_is_kept_and_one_she_lacks_is_set(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    with open_book(book_path) as book:
        customer(book, "王芳", phones=["13800138001"], age_band=AgeBand.B45_54)
        customer(book, "李娜", phones=["13800138002"])
    sheet = write_csv(
        tmp_path / "客户.csv",
        ["姓名,手机,生日", "王芳,13800138001,1990年", "李娜,13800138002,1990"],
    )

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert "(0 customers created, 2 updated;" in result.output
    stored = "SELECT name, age_band, notes FROM customers ORDER BY id"
    assert table_of(book_path, stored) == [
        ("王芳", "45-54", "生日：1990年"),
        ("李娜", "35-44", "生日：1990"),
    ]


def test_a_birthday_day_later_in_the_file_is_hers_beside_the_year(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Two rows of one customer: the year in the notes, the day from the second row."""
    sheet = write_csv(
        tmp_path / "客户.csv",
        ["姓名,手机,生日", "王芳,13800138001,1990年", "王芳,13800138001,1990-03-05"],
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT birthday, age_band, notes FROM customers") == [
        ("1990-03-05", "35-44", "生日：1990年")
    ]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2024-02-30", "第 2 行，生日：公历生日不存在：2 月 30 日"),
        ("2030-01-01", "第 2 行，生日：晚于今天（2026-11-23）"),
        ("2030年", "第 2 行，生日：晚于今天（2026-11-23）"),
        ("2030年代", "第 2 行，生日：晚于今天（2026-11-23）"),
        ("abc", "第 2 行，生日：生日应写作 1990-03-05、03-05、3月5日"),
        ("1231", "第 2 行，生日：“1231” 是数字，不是生日"),
    ],
)
def test_a_birthday_that_is_no_year_nor_a_day_is_refused_as_before(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, cell: str, message: str
) -> None:
    """Refused as before, beside a row of a year that is imported."""
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,生日", f"王芳,{cell}", "李娜,1990年"])

    result = run("--lang", "zh", "import", "customers", sheet, "--keep-good")

    assert result.exit_code == 0, result.output + result.stderr
    assert message in result.output + result.stderr
    assert table_of(book_path, "SELECT name, notes FROM customers") == [("李娜", "生日：1990年")]


def test_a_gender_word_no_one_knows_is_refused_as_before(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,性别", "王芳,男女", "李娜,0"])

    result = run("--lang", "zh", "import", "customers", sheet, "--keep-good")

    assert result.exit_code == 0, result.output + result.stderr
    refused = "第 2 行，性别：须为以下之一：女 female / 男 male / 其他 other（收到 “男女”）"
    assert refused in result.output + result.stderr
    assert table_of(book_path, "SELECT name, notes FROM customers") == [("李娜", "性别：0")]


def test_the_import_screens_report_says_each_once(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiaoben.store.importing.readers import read_any
    from xiaoben.store.imports import import_table
    from xiaoben.tui.screens.import_report import report_lines

    path = write_csv(tmp_path / "客户.csv", _SHEET)

    def imported(lang: str) -> list[str]:
        monkeypatch.setattr("xiaoben.models.i18n._current", lang)
        report = import_table(book, "customers", read_any(path, kind="customers"), _quiet)
        return report_lines(report, keep_good=False, done=True)

    first = imported("zh")
    again = imported("en")

    assert (
        "2 个“生日”只有出生年份、年月或年代（如第 2 行 “90后”）：不作生日，记入备注；"
        "没填年龄段的，年份定得出时按它定"
    ) in first
    assert "3 个“性别”是数字（如第 2 行 “1”）：说不清男女，性别空着，记入备注" in first
    assert again == ["Nothing to change: all 3 rows match the book's customers"]


def _quiet(stage: str, done: int, total: int) -> None:
    """No progress shown."""


_GENERATIONS = st.one_of(
    st.integers(1900, TODAY.year).map(str),
    st.integers(1900, TODAY.year).map(lambda year: f"{year}年"),
    st.integers(1900, TODAY.year).map(lambda year: f"{year}年生"),
    st.integers(1900, TODAY.year).map(lambda year: f"{year}.0"),
    st.integers(0, 99).map(lambda short: f"{short:02d}后"),
    st.integers(0, 9).map(lambda decade: f"{decade}0年代"),
    st.integers(190, TODAY.year // 10).map(lambda decade: f"{decade}0年代"),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(_GENERATIONS, st.sampled_from(["", " ", "\u3000"]))
def test_no_year_or_generation_up_to_today_refuses_the_row(cell: str, pad: str) -> None:
    header = ["姓名", "手机", "生日"]
    table = CsvTable(
        Path("客户.csv"), "utf-8", ",", header, [(2, ["王芳", "13800138001", pad + cell])]
    )

    rows, errors = parse_customers(table, today=TODAY)

    assert errors == []
    (row,) = rows
    assert row.customer.birthday is None
    assert row.customer.notes == f"生日：{cell.removesuffix('.0')}"


@given(st.text(alphabet=st.sampled_from("0123456789０１９年生后後代零九八.' -/月日"), max_size=10))
def test_any_text_gives_years_in_order_or_none(cell: str) -> None:
    years = birth_years(cell, TODAY.year)
    assert years is None or 1900 <= years.first <= years.last <= years.first + 9


@given(st.integers(1800, 2300), st.integers(0, 20))
def test_an_age_band_is_told_only_when_every_age_is_in_it(first: int, span: int) -> None:
    band = age_band_of_years(first, first + span, TODAY)
    if band is None:
        return
    last = min(first + span, TODAY.year)
    ages = {TODAY.year - year - before for year in range(first, last + 1) for before in (0, 1)}
    assert {AgeBand.of_age(max(age, 0)) for age in ages} == {band}


@pytest.mark.parametrize(
    ("cell", "years"),
    [
        ("90后", (1990, 1999)),
        ("85后", (1985, 1989)),
        ("00后", (2000, 2009)),
        ("九零后", (1990, 1999)),
        ("80年代", (1980, 1989)),
        ("1980年代", (1980, 1989)),
        ("１９９０年", (1990, 1990)),
        ("'1990", (1990, 1990)),
        # (a reviewer's F7: refused with the format message while their neighbours were kept)
        ("九十年代", (1990, 1999)),
        ("二零零零年", (2000, 2000)),
        ("一九九〇年", (1990, 1990)),
        ("90年", (1990, 1990)),
        ("1990s", (1990, 1999)),
        ("约1990年", (1990, 1990)),
        ("1990年左右", (1990, 1990)),
        ("90后（估计）", (1990, 1999)),
        ("零九八九年", None),
        ("1990年3月", (1990, 1990)),
        ("1990年03月份", (1990, 1990)),
        ("1990/3", (1990, 1990)),
        ("1990.03", (1990, 1990)),
        ("８８年１２月", (1988, 1988)),
        ("1990年13月", None),
        ("1990.3.5", None),
        ("12-05", None),
        ("1990-03-05", None),
        ("03-05", None),
        ("1231", None),
        ("不详", None),
    ],
)
def test_the_years_a_cell_gives(cell: str, years: tuple[int, int] | None) -> None:
    assert birth_years(cell, 2026) == (BirthYears(*years) if years else None)


def test_a_year_after_today_tells_no_band() -> None:
    assert age_band_of_years(2030, 2030, date(2026, 11, 23)) is None


@pytest.mark.parametrize("how", ["another import", "the same file"])
def test_a_band_set_from_a_year_follows_her_birthday_given_later(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    open_book: Callable[..., Book],
    how: str,
) -> None:
    """A sheet's 1992年 set 王芳's band to 25–34 (33 or 34 on 2026-11-23); a later sheet's
    1990-03-05 (36) left it so, the book saying she was born 1990 and is 25–34: her birthday
    is the more precise, and the band follows it. A band the seller gave stands."""
    year, day = "王芳,13800138001,1992年", "王芳,13800138001,1990-03-05"
    chosen = "李娜,13800138002,1990-03-05"  # her band the seller's (below), no year noted
    with open_book(book_path) as book:
        customer(book, "李娜", phones=["13800138002"], age_band=AgeBand.B45_54)
    if how == "another import":
        first = write_csv(tmp_path / "客户1.csv", ["姓名,手机,生日", year])
        assert run("import", "customers", first).exit_code == 0
        stored = "SELECT age_band FROM customers WHERE name = '王芳'"
        assert table_of(book_path, stored) == [("25-34",)]
        lines = ["姓名,手机,生日", day, chosen]
    else:
        lines = ["姓名,手机,生日", year, day, chosen]

    result = run("import", "customers", write_csv(tmp_path / "客户2.csv", lines))

    assert result.exit_code == 0, result.output + result.stderr
    stored = "SELECT name, birthday, age_band, notes FROM customers ORDER BY name"
    assert table_of(book_path, stored) == [
        ("李娜", "1990-03-05", "45-54", ""),
        ("王芳", "1990-03-05", "35-44", "生日：1992年"),
    ]


def test_a_band_set_from_a_year_follows_a_birthday_saved_with_its_year(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    """The profile saved with 生日 1990-03-05 kept the 25–34 a sheet's 1992年 had set; a save
    that gives the band itself keeps the band it gives."""
    from xiaoben.models.customer import Birthday

    sheet = write_csv(
        tmp_path / "客户.csv",
        ["姓名,手机,生日", "王芳,13800138001,1992年", "李娜,13800138002,1992年"],
    )
    assert run("import", "customers", sheet).exit_code == 0
    born = Birthday(year=1990, month=3, day=5)

    with open_book(book_path) as book:
        wang, li = (book.find_customer(phone) for phone in ("13800138001", "13800138002"))
        assert wang is not None and li is not None
        assert wang.age_band is li.age_band is AgeBand.B25_34
        saved = book.save_customer(wang.model_copy(update={"birthday": born}))
        chosen = li.model_copy(update={"birthday": born, "age_band": AgeBand.B18_24})
        kept = book.save_customer(chosen)

    assert saved.age_band is AgeBand.B35_44
    assert kept.age_band is AgeBand.B18_24
