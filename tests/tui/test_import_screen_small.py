"""The Import screen on a small terminal (80×24, 60×20), in both languages: every box the
seller can type into or choose in is on the screen when they reach it (the row of kind,
sheet and header row wraps), and an import's progress and outcome are in view as it runs."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, Select

from tests.book_helpers import write_csv
from tests.tui.pilot import in_view, run, screen_lines, settle
from tests.tui.test_import_screen import open_file
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens import imports
from xiaoben.tui.widgets.stacking_row import StackingRow

SMALL = [(80, 24), (60, 20)]
LANGS = ["zh", "en"]
# Thirteen columns: the mapping is long enough that the screen has a scrollbar.
HEADER = "姓名,手机,微信,生日,地址,标签,备注,邮箱,单位,职业,来源,其他1,其他2"
BOXES = {
    "customers": ("#import-path", "#import-kind", "#import-sheet", "#import-header-row",
                  "#import-keep-good", "#import-on-duplicate"),
    "purchases": ("#import-kind", "#import-sheet", "#import-header-row",
                  "#import-order-duplicate", "#import-create-missing"),
}  # fmt: skip


def thirteen_columns(path: Path) -> Path:
    rows = [f"客户{n},1380013{n:04d}" + "," * 11 for n in range(20)]
    return write_csv(path, [HEADER, *rows])


async def reach(pilot: Pilot[None], selector: str) -> Any:
    """Focus the box as tab does (the screen scrolls to it), as the seller would; one that
    is off (the sheet of a CSV) is scrolled to."""
    box = pilot.app.screen.query_one(selector)
    if box.disabled:
        box.scroll_visible(animate=False)
    box.focus()
    await settle(pilot)
    return box


@pytest.mark.parametrize("size", SMALL)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["customers", "purchases"])
def test_every_import_box_is_on_screen_when_reached(
    app_factory, tmp_path: Path, size: tuple[int, int], lang: str, kind: str
) -> None:
    path = thirteen_columns(tmp_path / "thirteen.csv")

    async def body(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        if kind == "purchases":
            screen.query_one("#import-kind", Select).value = "purchases"
            await settle(pilot)
        for selector in BOXES[kind]:
            box = await reach(pilot, selector)
            assert (box.has_focus or box.disabled) and in_view(box), (selector, box.region)
            if isinstance(box.parent, StackingRow):  # and the label saying what it is for
                before = box.parent.children[: box.parent.children.index(box)]
                label = [widget for widget in before if isinstance(widget, Label)][-1]
                assert in_view(label), (selector, label.region)

    run(app_factory(lang=lang), body, size=size)


@pytest.mark.parametrize("size", SMALL)
@pytest.mark.parametrize("lang", LANGS)
def test_a_header_row_typed_is_seen_and_read(
    app_factory, tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    path = write_csv(tmp_path / "titled.csv", ["名单", HEADER, "王小明,13800000001" + "," * 11])

    async def body(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        await reach(pilot, "#import-header-row")
        await pilot.press("2")
        assert any(line.rstrip().endswith("2") for line in screen_lines(app)[3:8])
        await pilot.press("enter")
        await settle(pilot)
        assert screen.table is not None and screen.table.header[0] == "姓名"

    run(app_factory(lang=lang), body, size=size)


@pytest.mark.parametrize("size", SMALL)
def test_the_row_wraps_only_as_much_as_the_width_asks(
    app_factory, tmp_path: Path, size: tuple[int, int]
) -> None:
    """80 columns: two pairs a line; 60: one pair a line; 100: the one line it always was."""
    path = thirteen_columns(tmp_path / "thirteen.csv")

    async def body(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        row = app.screen.query_one("#import-how", StackingRow)
        assert row.pairs_a_line == {80: 2, 60: 1}[size[0]]
        await pilot.resize_terminal(100, 32)
        await settle(pilot)
        assert row.pairs_a_line == 3 and not row.has_class("-grid")

    run(app_factory(lang="en"), body, size=size)


@pytest.mark.parametrize("size", SMALL)
@pytest.mark.parametrize("lang", LANGS)
def test_an_import_running_shows_its_progress_then_its_outcome(
    app_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], lang: str
) -> None:
    path = thirteen_columns(tmp_path / "thirteen.csv")
    gate = threading.Event()
    real = imports.import_table

    def held(book: Book, kind: Any, table: Any, progress: Any, **options: Any) -> Any:
        if not options.get("dry_run"):
            progress("match", 1, 2)
            gate.wait(30)  # the import is under way until the test has looked
        return real(book, kind, table, progress, **options)

    monkeypatch.setattr(imports, "import_table", held)

    async def body(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        await reach(pilot, "#import-path")  # the seller is at the top of the screen
        await pilot.press("ctrl+s")
        for _ in range(100):
            await pilot.pause(0.02)
            if screen.query_one("#import-progress").display:
                break
        await pilot.pause(0.1)
        assert screen.importing
        assert in_view(screen.query_one("#import-progress"))
        assert in_view(screen.query_one("#import-summary"))
        gate.set()
        await settle(pilot)
        assert screen.imported
        summary = screen.query_one("#import-summary")
        assert summary.region.y == summary.parent.scrollable_content_region.y or in_view(summary)

    try:
        run(app_factory(lang=lang), body, size=size)
    finally:
        gate.set()


@pytest.mark.parametrize("lang", LANGS)
def test_contacts_read_as_purchases_say_to_read_them_as_customers(
    app_factory, tmp_path: Path, lang: str
) -> None:
    """A phone's contacts file chosen with 消费记录: the screen says it holds people and
    where to choose 客户档案, naming the box as the screen does (no command-line words)."""
    from tests.test_import_vcards import ANDROID

    path = tmp_path / "通讯录.vcf"
    path.write_text(ANDROID, encoding="utf-8")
    expected = {
        "zh": "里面只有联系人，没有消费记录；请在“导入为”中选“客户档案”",
        "en": "it holds people, not purchases; choose Customer profiles under Import as",
    }[lang]

    async def body(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        assert expected not in "\n".join(screen_lines(app))  # read as customers: fine
        screen.query_one("#import-kind", Select).value = "purchases"
        await settle(pilot)
        shown = "".join("".join(screen_lines(app)).split())
        assert "".join(expected.split()) in shown
        assert "xiaoben" not in shown

    run(app_factory(lang=lang), body, size=(120, 40))
