"""A 年龄 column holding ages (35, 28岁, a number cell's 42) gives each customer the age
band of their age (35 -> 35–44岁); the bands' own labels still read; an age no one has is
refused by the age rule. No birthday is made up from an age."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from tests.book_helpers import table_of, write_csv
from tests.workbook_helpers import write_xlsx
from xiaoben.models.cells import age_band_cell
from xiaoben.models.enums import AgeBand
from xiaoben.models.errors import rule_message


@pytest.mark.parametrize(
    ("cell", "band"),
    [
        ("35", AgeBand.B35_44),
        ("28岁", AgeBand.B25_34),
        ("42.0", AgeBand.B35_44),
        ("30 周岁", AgeBand.B25_34),
        ("３５岁", AgeBand.B35_44),
        ("0", AgeBand.UNDER18),
        ("17", AgeBand.UNDER18),
        ("18", AgeBand.B18_24),
        ("24", AgeBand.B18_24),
        ("25", AgeBand.B25_34),
        ("44", AgeBand.B35_44),
        ("45", AgeBand.B45_54),
        ("55", AgeBand.B55_64),
        ("64", AgeBand.B55_64),
        ("65", AgeBand.B65PLUS),
        ("120", AgeBand.B65PLUS),
    ],
)
def test_an_age_is_read_as_its_band(cell: str, band: AgeBand) -> None:
    assert age_band_cell(cell) is band


@given(st.integers(0, 120))
def test_every_age_falls_in_the_band_whose_label_names_it(years: int) -> None:
    band = AgeBand.of_age(years)
    if band is AgeBand.UNDER18:
        assert years < 18
    elif band is AgeBand.B65PLUS:
        assert years >= 65
    else:
        low, high = map(int, band.value.split("-"))
        assert low <= years <= high


@pytest.mark.parametrize("cell", ["121", "150岁", "-3", "35.5"])
def test_an_age_no_one_has_is_refused_by_the_age_rule(cell: str) -> None:
    with pytest.raises(PydanticCustomError) as raised:
        age_band_cell(cell)
    assert f"an age is a whole number of years from 0 to 120 (got “{cell}”)" == rule_message(
        raised.value, "en"
    )


@pytest.mark.parametrize("cell", ["35–44岁", "35-44", "18岁以下", "65 and over", "中年"])
def test_other_text_is_left_to_the_bands(cell: str) -> None:
    assert age_band_cell(cell) == cell


def test_a_customers_import_of_ages_gives_their_bands(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机,年龄,职业",
            "王芳,13800138001,35,教师",
            "李娜,13800138002,28岁,护士",
            "赵敏,13800138003,45–54岁,会计",
        ],
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT name, age_band, birthday FROM customers ORDER BY id") == [
        ("王芳", "35-44", None),
        ("李娜", "25-34", None),
        ("赵敏", "45-54", None),
    ]


def test_a_number_cell_of_an_age_gives_its_band(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_xlsx(tmp_path / "客户.xlsx", {"客户": [["姓名", "年龄"], ["赵敏", 42]]})

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT age_band FROM customers") == [("35-44",)]


def test_an_age_out_of_range_is_refused_naming_the_cell(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,年龄", "王芳,35", "李娜,150"])

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 1
    assert "第 3 行，年龄：年龄段：年龄须为 0 到 120 之间的整数（收到 “150”）" in result.stderr
    assert table_of(book_path, "SELECT count(*) FROM customers") == [(0,)]
