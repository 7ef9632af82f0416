"""A purchases import of a sheet whose header row is there but lacks its date (or amount):
said so, naming the sheet and the row, not "no sheet has a recognisable header in its first
40 rows" with advice (--sheet, --header-row) that does not help (an outside tester's day-one
finding 14)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.workbook_helpers import write_xlsx
from xiaoben.models.errors import BookError
from xiaoben.store.importing.readers import read_any

# a month's sheet under its title: who and how much, but no day
NO_DATE = {"11月": [["11月账本"], ["姓名", "电话", "金额"], ["王芳", "13800138000", 100]]}
# a customers list (per-year spending), imported as purchases
CUSTOMERS = {
    "说明": [["这是客户名单"]],
    "客户名单": [
        ["我的客户"],
        ["姓名", "电话", "2022消费", "2023消费"],
        ["王芳", "13800138000", 800, 1200],
    ],
}


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "zh",
            "工作表“11月”第 2 行是列名，但没有日期列，而每笔消费都要有日期：请在表里加上这 1 列；"
            '若只是列名不同，用 --header-row 2 --map "列名=字段" 指明',
        ),
        (
            "en",
            "row 2 of sheet “11月” is a header, but it has no date column, which every purchase "
            "needs: add it to the sheet; if it is there under another name, name it with "
            '--header-row 2 --map "COLUMN=FIELD"',
        ),
    ],
)
def test_a_header_without_a_date_is_named_with_its_sheet_and_row(
    run: Callable[..., Result], tmp_path: Path, lang: str, said: str
) -> None:
    sheet = write_xlsx(tmp_path / "账本.xlsx", NO_DATE)

    result = run("--lang", lang, "import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 1, result.output
    assert said in result.stderr
    assert "--sheet" not in result.stderr


def test_a_customers_list_read_as_purchases_names_both_columns_it_lacks(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    sheet = write_xlsx(tmp_path / "客户.xlsx", CUSTOMERS)

    result = run("--lang", "en", "import", "purchases", sheet, "--dry-run")

    assert result.exit_code == 1, result.output
    assert (
        "row 2 of sheet “客户名单” is a header, but it has no date and amount columns"
        in result.stderr
    )


def test_the_import_screen_says_it_in_its_own_words(tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "账本.xlsx", NO_DATE)

    with pytest.raises(BookError) as refused:
        read_any(sheet, kind="purchases", words="importer")

    assert "set the header row to 2 and choose its column in the mapping" in refused.value.message(
        "en"
    )


def test_a_sheet_with_no_header_at_all_is_said_as_before(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    sheet = write_xlsx(tmp_path / "杂.xlsx", {"杂": [["随便写写"], ["一", "二", "三"]]})

    result = run("--lang", "en", "import", "purchases", sheet)

    assert result.exit_code == 1, result.output
    assert "has no header row xiaoben recognises in its first 40 rows" in result.stderr
