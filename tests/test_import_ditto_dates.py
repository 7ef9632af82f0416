"""A daily ledger (流水账) writes the date once a day: 同上 (〃, ″, ") in a day's later rows
is the date of the row above; a blank date is never guessed, and says so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from xiaoben.models.i18n import set_language
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.purchase_rows import parse_purchases

_BLANK = (
    "date: is required (a blank date is not taken from the row above: fill in the date, or "
    "write 同上 for the date of the row above)"
)


def _read(tmp_path: Path, dates: list[str]) -> tuple[list, list]:
    rows = [f"王芳{n},{day},{n + 1}" for n, day in enumerate(dates)]
    path = tmp_path / "流水.csv"
    path.write_text("客户,日期,金额\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return parse_purchases(read_table(path))


def test_ditto_marks_are_the_date_of_the_row_above(tmp_path: Path) -> None:
    dates = ["2024-03-05", "同上", "〃", " 同上 ", "2024-03-06", "″", '""""', "＂", "仝上"]
    purchases, errors = _read(tmp_path, dates)
    assert errors == []
    march = [5, 5, 5, 5, 6, 6, 6, 6, 6]
    assert [p.date for p in purchases] == [date(2024, 3, day) for day in march]


def test_a_blank_date_is_refused_saying_it_is_not_the_date_above(tmp_path: Path) -> None:
    purchases, errors = _read(tmp_path, ["2024-03-05", "", "同上"])
    assert [(e.line, e.message) for e in errors] == [(3, _BLANK)]
    # 同上 under a refused blank is the nearest date above: the blank row adds none
    assert [(p.line, p.date) for p in purchases] == [(2, date(2024, 3, 5)), (4, date(2024, 3, 5))]
    set_language("zh")
    _, errors = _read(tmp_path, ["2024-03-05", ""])
    assert errors[0].message == (
        "日期：必填（空白的日期不会沿用上一行的日期：请填上日期，或写“同上”表示与上一行同一天）"
    )


@pytest.mark.parametrize(
    "dates",
    [
        ["同上", "2024-03-05"],
        ["", "同上"],
        ["2024-02-30", "同上"],
        ["明天", "2024-03-05", "2024-02-30", "〃"],
    ],
)
def test_a_ditto_with_no_date_above_is_refused_by_name(tmp_path: Path, dates: list[str]) -> None:
    purchases, errors = _read(tmp_path, dates)
    ditto = next(at for at, day in enumerate(dates) if day in ("同上", "〃"))
    refused = [e for e in errors if e.line == ditto + 2]
    mark = dates[ditto]
    assert [e.message for e in refused] == [
        f"date: “{mark}” (同上, same as above) takes the date of the row above, but there is no "
        "date above it: fill in the date"
    ]
    assert ditto + 2 not in [p.line for p in purchases]


def test_a_ditto_takes_the_date_across_batches(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("xiaoben.store.importing.csv_table.BATCH_ROWS", 2)
    dates = ["2024-03-05", "2024-03-06", "同上", "同上", "2024-03-07", "", "同上", "2024-02-30"]
    purchases, errors = _read(tmp_path, [*dates, "同上"])
    assert [e.line for e in errors] == [7, 9, 10]
    assert [(p.line, p.date.day) for p in purchases] == [
        (2, 5),
        (3, 6),
        (4, 6),
        (5, 6),
        (6, 7),
        (8, 7),
    ]


def test_a_ledger_with_ditto_dates_imports(run, book_path, tmp_path: Path) -> None:
    from xiaoben.store.book import Book

    path = tmp_path / "流水.csv"
    path.write_text(
        "日期,客户,手机,金额\n2024-03-05,王芳,13800138001,99\n同上,赵敏,13800138003,77\n"
        "2024-03-06,孙丽,13800138004,66\n〃,周八,13800138005,55\n",
        encoding="utf-8",
    )
    result = run("import", "purchases", path, "--create-missing")
    assert result.exit_code == 0, result.output
    with Book.open(book_path, create=False) as book:
        days = [row[0] for row in book.db.execute("SELECT date FROM purchases ORDER BY id")]
    assert days == ["2024-03-05", "2024-03-05", "2024-03-06", "2024-03-06"]
