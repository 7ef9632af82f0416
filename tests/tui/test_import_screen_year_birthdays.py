"""The Import screen imports a sheet whose 生日 cells give only a year or a generation (1990年,
90后) and whose 性别 cells are numbers (1, 0): every row imported, the cells kept in the
notes, and the report says each once, naming the column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.book_helpers import write_csv
from tests.tui.pilot import run
from tests.tui.test_import_screen import import_now, open_file, rows_of, text_of
from xiaoben.tui.app import XiaobenApp


@pytest.mark.parametrize(
    ("lang", "summary", "birthdays", "genders"),
    [
        (
            "zh",
            "已导入 2/2 行：新建客户 2，更新 0",
            "2 个“出生日期”只有出生年份、年月或年代（如第 2 行 “90后”）",
            "2 个“性别”是数字（如第 2 行 “1”）：说不清男女，性别空着，记入备注",
        ),
        (
            "en",
            "Imported 2 of 2 rows: 2 customers created, 0 updated",
            "2 “出生日期” cells gave only a year, month or generation of birth (line 2: “90后”)",
            "2 “性别” cells were numbers (line 2: “1”): not said which gender, left empty, kept "
            "in the notes",
        ),
    ],
)
def test_year_birthdays_and_number_genders_are_imported_and_said(
    app_factory: Callable[..., XiaobenApp],
    tmp_path: Path,
    lang: str,
    summary: str,
    birthdays: str,
    genders: str,
) -> None:
    path = write_csv(
        tmp_path / "客户.csv",
        ["姓名,手机,出生日期,性别", "冯小年,13700137001,90后,1", "褚小代,13700137002,1990年,0"],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await import_now(pilot)

        report = text_of(app, "#import-summary")
        assert report.startswith(summary)
        assert birthdays in report
        assert genders in report
        imported = "SELECT name, birthday, gender, age_band, notes FROM customers"
        assert rows_of(app, f"{imported} WHERE name IN ('冯小年', '褚小代') ORDER BY id") == [
            ("冯小年", None, None, None, "生日：90后\n性别：1"),
            ("褚小代", None, None, "35-44", "生日：1990年\n性别：0"),
        ]

    run(app_factory(lang), story)
