"""An amount a spreadsheet computed (=A2*0.8 -> 51.744, shown as 51.74) is a number cell past
cents: rounded half up to cents, as 人民币 amounts are, and counted in the report. The same
digits typed as text are the seller's own and refused by the rule of an amount."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import fixed_clock
from tests.workbook_helpers import write_xlsx
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.sheet_cells import SheetCells, cents_text

HEADER = ["编号", "日期", "金额", "成本", "备注"]


def cents_in(path: Path) -> list[tuple[int, int | None]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT amount_cents, cost_cents FROM purchases ORDER BY date"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "3 amounts in number cells (mostly formulas' results) had more than two decimals "
            "and were rounded half up to cents (line 2: 51.744 → 51.74)",
        ),
        (
            "zh",
            "3 个金额是数字单元格（多为公式的结果）且超过两位小数，已四舍五入到分"
            "（如第 2 行 51.744 → 51.74）",
        ),
    ],
)
def test_a_computed_amount_past_cents_is_rounded_half_up_and_counted(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str, said: str
) -> None:
    rows = [
        HEADER,
        ["C1", "2024-03-05", 51.744, 10.005, "51.744"],  # a note's text is no amount
        ["C1", "2024-03-06", 64.68, 1, ""],
        ["C1", "2024-03-07", 0.1 + 0.2, 2.675, ""],  # 0.30000000000000004: Excel's 0.3
    ]
    sheet = write_xlsx(tmp_path / "账单.xlsx", {"账单": rows})

    result = run("--lang", lang, "import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 0, result.output
    assert said in result.stdout
    assert cents_in(book_path) == [(5174, 1001), (6468, 100), (30, 268)]


def test_an_amount_typed_as_text_past_cents_is_still_refused(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    rows = [HEADER, ["C1", "2024-03-05", "51.744", 1, ""], ["C1", "2024-03-06", 10.5, 1, ""]]
    sheet = write_xlsx(tmp_path / "账单.xlsx", {"账单": rows})

    result = run("import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 1
    assert "line 2, 金额: amount: at most two decimal places (got 51.744)" in result.stderr
    assert "rounded" not in result.output
    with Book.open(book_path, today=fixed_clock) as book:
        assert book.conn.execute("SELECT count(*) FROM purchases").fetchone()[0] == 0


def test_amounts_within_cents_are_not_counted(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    rows = [HEADER, ["C1", "2024-03-05", 51.74, 12.5, ""], ["C1", "2024-03-06", 199, 0.01, ""]]
    sheet = write_xlsx(tmp_path / "账单.xlsx", {"账单": rows})

    result = run("import", "purchases", sheet, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "rounded" not in result.output
    assert cents_in(book_path) == [(5174, 1250), (19900, 1)]


@pytest.mark.parametrize(
    ("text", "cents"),
    [("51.744", "51.74"), ("51.745", "51.75"), ("2.675", "2.68"), ("-51.745", "-51.75")],
)
def test_rounding_is_half_up_on_the_digits_excel_shows(text: str, cents: str) -> None:
    assert cents_text(text) == cents


def test_a_large_sheets_batches_round_each_number_cell_once() -> None:
    cells = SheetCells(2, set(), {1})
    batch = [(line, ("C1", 51.744)) for line in range(2, 5)]

    first = cells.rows(batch)
    cells.rows(batch)  # a second pass over the same rows (a preview, then the import)

    assert [row[1][1] for row in first] == ["51.74"] * 3
    assert len(cells.rounded) == 3 and cells.rounded.first() == (2, "51.744", "51.74")
