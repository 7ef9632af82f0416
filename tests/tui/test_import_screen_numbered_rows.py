"""The Import screen on a customers sheet numbered ahead in 序号: a row whose only cells are
in columns not imported previews as an empty row skipped, not 姓名：必填, the notes count them,
and the file imports (an outside tester's day-one finding 5)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.tui.pilot import run
from tests.tui.test_import_screen import import_now, open_file, rows_of, text_of
from tests.workbook_helpers import write_xlsx
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.import_parts import PreviewTable


def test_a_row_of_only_its_number_previews_as_skipped_and_the_file_imports(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    rows = [
        ["序号", "姓名", "电话", "备注"],
        [1, "王芳", "13800138000", "老客"],
        [2, None, None, None],
        [3, "李娜", "13900139001", None],
        [4, None, None, None],
    ]
    path = write_xlsx(tmp_path / "客户.xlsx", {"2024客户": rows})

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        preview = screen.query_one(PreviewTable)

        skipped = "— cells only in columns not imported: an empty row, skipped"
        assert skipped in preview.verdicts["3"]
        assert skipped in preview.verdicts["5"]
        assert "is required" not in " ".join(preview.verdicts.values())
        assert (
            "2 rows have cells only in columns not imported (“序号”), skipped as empty: lines 3, 5"
            in text_of(app, "#import-notes")
        )
        await import_now(pilot)
        names = "SELECT name FROM customers WHERE name IN ('王芳', '李娜') ORDER BY name"
        assert rows_of(app, names) == [("李娜",), ("王芳",)]

    run(app, story)
