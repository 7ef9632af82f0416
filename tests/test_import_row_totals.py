"""A hand-kept purchase log with 单价, 数量 and the row's total as charged (合计, 小计, 总计,
合计(元)): the total is the amount, what was charged, a discount or 抹零 taken off; 单价 ×
数量 only where the file has no such column. It was "not recognised" and every row booked
单价 × 数量, ¥176 for ¥150 charged (an outside tester's day-one finding 0). A 合计 *row*
is still the sheet's total, left out; a file with both 金额 and 合计 reads 金额 as before."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import table_of
from tests.workbook_helpers import write_xlsx

AMOUNTS = "SELECT c.name, p.quantity, p.amount_cents FROM purchases p JOIN customers c" \
    " ON c.id = p.customer_id ORDER BY p.date"  # fmt: skip
# 王芳 88 × 2 charged 150, 赵敏 120 × 3 charged 300
LOG = [
    ["2024-11-05", "王芳", "面膜", "88", "2", "150"],
    ["2024-11-06", "李娜", "口红", "88", "1", "88"],
    ["2024-11-07", "赵敏", "眼霜", "120", "3", "300"],
]
BOOKED = [("王芳", 2, 15000), ("李娜", 1, 8800), ("赵敏", 3, 30000)]


def _csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


@pytest.mark.parametrize("total", ["合计", "小计", "总计", "合计(元)", "合计（元）"])
def test_the_rows_total_is_the_amount_and_rows_unlike_price_times_quantity_are_counted(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, total: str
) -> None:
    log = _csv(tmp_path / "log.csv", [["日期", "姓名", "商品", "单价", "数量", total], *LOG])

    result = run("--lang", "zh", "import", "purchases", log, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, AMOUNTS) == BOOKED
    assert "文件里没有金额列" not in result.stderr
    said = f"有 2 行的“{total}”与“单价”×“数量”不同（折扣、抹零等）：按“{total}”记，即实际收的钱"
    assert said in result.stderr


def test_the_count_is_said_in_english_and_not_at_all_where_every_row_agrees(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    header = ["日期", "姓名", "商品", "单价", "数量", "合计"]
    log = _csv(tmp_path / "log.csv", [header, *LOG])
    even = _csv(tmp_path / "even.csv", [header, ["2024-11-08", "王芳", "面膜", "88", "2", "176"]])

    said = run("--lang", "en", "import", "purchases", log, "--create-missing", "--dry-run")
    silent = run("--lang", "en", "import", "purchases", even, "--create-missing")

    assert said.exit_code == 0, said.output
    assert (
        "2 rows' “合计” differ from “单价” × “数量” (a discount, a rounding off): the “合计” is"
        " booked, what was charged" in said.stderr
    )
    assert silent.exit_code == 0, silent.output
    assert "differ" not in silent.stderr
    assert table_of(book_path, AMOUNTS) == [("王芳", 2, 17600)]


def test_a_total_row_of_the_sheet_stays_left_out(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    rows = [
        ["日期", "姓名", "商品", "单价", "数量", "合计"],
        *LOG,
        ["合计", None, None, None, 6, 538],
    ]
    sheet = write_xlsx(tmp_path / "log.xlsx", {"11月": rows})

    result = run("--lang", "en", "import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, AMOUNTS) == BOOKED
    assert "line 5 is the sheet's total (“合计”) and is not imported" in result.stderr


def test_a_file_with_an_amount_and_a_total_reads_the_amount_and_names_the_other(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    log = _csv(
        tmp_path / "log.csv",
        [
            ["日期", "姓名", "单价", "数量", "金额", "合计"],
            ["2024-11-05", "王芳", "88", "2", "176", "150"],
        ],
    )

    result = run("--lang", "zh", "import", "purchases", log, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, AMOUNTS) == [("王芳", 2, 17600)]
    assert "第 6 列“合计”（金额取自第 5 列“金额”）" in result.stderr
