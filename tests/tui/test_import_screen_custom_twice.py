"""The Import screen with a second column mapped to a custom field a header already names:
the app died (KeyError 'field.custom.1' naming the column it outranked) and exited 0 (an
outside tester's day-one finding 3). The column not read is said, naming the field by its
label, and the import reads the column chosen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.book_helpers import write_csv
from tests.tui.pilot import run
from tests.tui.test_import_screen import import_now, map_column, open_file, rows_of, text_of
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.imports import ImportScreen


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "第 4 列“2023消费”（2023消费取自第 3 列“2022消费”）"),
        ("en", "column 4 “2023消费” (spend 2023 is read from column 3 “2022消费”)"),
    ],
)
def test_a_second_column_mapped_to_a_custom_field_says_which_is_read(
    app_factory, tmp_path: Path, lang: str, line: str
) -> None:
    app = app_factory(lang=lang)
    spend = app.book.add_field(
        FieldDef(kind=FieldKind("number"), label_zh="2023消费", label_en="spend 2023")
    )
    path = write_csv(
        tmp_path / "y.csv", ["姓名,电话,2022消费,2023消费", "王芳,13800138000,100,200"]
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await map_column(pilot, 2, spend.key)

        assert isinstance(app.screen, ImportScreen)
        assert line in text_of(app, "#import-notes")
        await import_now(pilot)
        [(wang,)] = rows_of(app, "SELECT id FROM customers WHERE name = '王芳'")
        assert app.book.field_values(int(str(wang))) == {spend.id: 100}

    run(app, story)
