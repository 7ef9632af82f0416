"""A hand-drawn header over two rows: 姓名, 电话, 备注 merged down both rows, 消费 merged across
over 2022年 | 2023年 in the row under it. That row is part of the header, its columns named
消费 2022年 and 消费 2023年, the names merged down carried: it was read as a customer, and the
whole file refused with 第 2 行，姓名：必填 (an outside tester's day-one finding 4)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from tests.book_helpers import table_of
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.sheet_rows import sub_header


def _drawn(path: Path, years: tuple[object, object], merged_down: bool = True) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    sheet["A1"], sheet["B1"], sheet["C1"], sheet["E1"] = "姓名", "电话", "消费", "备注"
    sheet.merge_cells("C1:D1")
    if merged_down:
        for column in "ABE":
            sheet.merge_cells(f"{column}1:{column}2")
    sheet["C2"], sheet["D2"] = years
    sheet.append(["王芳", "13800138000", 1200, 800, "老客"])
    sheet.append(["李娜", "13900139001", None, 560, None])
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("years", "named"),
    [
        (("2022年", "2023年"), ("消费 2022年", "消费 2023年")),
        ((2022, 2023), ("消费 2022", "消费 2023")),
    ],
)
@pytest.mark.parametrize("merged_down", [True, False])
def test_the_row_under_a_group_merged_across_is_part_of_the_header(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    years: tuple[object, object],
    named: tuple[str, str],
    merged_down: bool,
) -> None:
    sheet = _drawn(tmp_path / "客户.xlsx", years, merged_down)

    table = read_any(sheet, kind="customers")
    result = run("--lang", "zh", "import", "customers", sheet)

    assert table.header == ["姓名", "电话", *named, "备注"]
    assert [line for line, _ in table.rows] == [3, 4]
    assert result.exit_code == 0, result.output
    assert f"第 3 列“{named[0]}”、第 4 列“{named[1]}”" in result.stderr
    assert table_of(book_path, "SELECT name, notes FROM customers ORDER BY id") == [
        ("王芳", "老客"),
        ("李娜", ""),
    ]


HEADER = ["姓名", "电话", "消费", "消费", "备注"]
GROUP = [((0, 2), (0, 3))]  # C1:D1, 0-based
DOWN = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 4), (1, 4))]  # A1:A2, B1:B2, E1:E2


@pytest.mark.parametrize(
    ("lower", "boxes"),
    [
        (["王芳", "", "1200", "800", ""], GROUP + DOWN),  # a name: a row of data
        (["", "", "1200", "", ""], GROUP + DOWN),  # the group not named across
        (["", "", "13800138000", "13900139001", ""], GROUP + DOWN),  # phones
        (["", "", "老客", "复购", ""], GROUP),  # remarks, nothing merged down: data
        (["", "", "2022年", "2023年", ""], DOWN),  # no group merged across over them
    ],
)
def test_a_row_under_the_header_that_is_data_stays_data(
    lower: list[str], boxes: list[tuple[tuple[int, int], tuple[int, int]]]
) -> None:
    assert sub_header(1, HEADER, (2, lower), boxes, 0) is None


def test_each_column_under_the_group_is_named_by_both() -> None:
    joined = sub_header(1, HEADER, (2, ["", "", "2022年", "2023年", ""]), GROUP + DOWN, 0)
    assert joined == ["姓名", "电话", "消费 2022年", "消费 2023年", "备注"]
