"""A customers sheet numbered ahead in 序号 for the rows not used yet: a row whose only cells
are in columns not imported is an empty row, passed over and counted in one line; the whole
file was refused with 56 × 姓名：必填 (an outside tester's day-one finding 5). A row with a
remark in an imported column (备注) and no name is refused as before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from tests.book_helpers import table_of


def _numbered(path: Path, people: dict[int, list[object]], total: bool = False) -> Path:
    """序号 1–20 filled; the rows of `people` hold 姓名, 电话, 备注 too."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "2024客户"
    sheet.append(["序号", "姓名", "电话", "备注"])
    for number in range(1, 21):
        sheet.append([number, *people.get(number, [None, None, None])])
    if total:
        sheet.append(["合计", None, None, None])
    workbook.save(path)
    return path


PEOPLE: dict[int, list[object]] = {
    1: ["王芳", "13800138000", "老客"],
    2: ["李娜", "13900139001", None],
    3: [" ", None, None],  # a name cell of one space: nothing
    5: ["赵敏", "13700137000", "复购"],
}
NAMES = "SELECT name FROM customers ORDER BY id"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "第 4–5、7–21 行只在不导入的列（“序号”）里有内容，当作空行跳过（共 17 行）"),
        (
            "en",
            "17 rows have cells only in columns not imported (“序号”), skipped as empty: "
            "lines 4–5, 7–21",
        ),
    ],
)
def test_rows_with_only_their_number_are_empty_rows_passed_over_and_counted(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str, said: str
) -> None:
    sheet = _numbered(tmp_path / "客户.xlsx", PEOPLE)

    result = run("--lang", lang, "import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert said in result.stderr
    assert "姓名" not in result.stderr.replace("“姓名”", "")  # no row refused for its name
    assert table_of(book_path, NAMES) == [("王芳",), ("李娜",), ("赵敏",)]


def test_a_remark_without_a_name_in_an_imported_column_is_still_refused(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = {**PEOPLE, 4: [None, None, "以下是展会认识的"]}
    sheet = _numbered(tmp_path / "客户.xlsx", people)

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 1, result.output
    assert "第 5 行，姓名：必填" in result.stderr
    assert "第 4、7–21 行只在不导入的列" in result.stderr
    assert table_of(book_path, NAMES) == []


def test_a_total_row_in_the_number_column_is_said_as_the_total_not_as_empty(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = _numbered(tmp_path / "客户.xlsx", PEOPLE, total=True)

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert "第 22 行是表格的合计行（“合计”），不导入" in result.stderr
    assert (
        "第 4–5、7–21 行只在不导入的列（“序号”）里有内容，当作空行跳过（共 17 行）" in result.stderr
    )
