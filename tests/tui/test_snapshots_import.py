"""Snapshot of the Import screen on a CSV under a title row: the mapping with a column the
seller chose, the preview with a bad cell and its verdict, the dry run's summary (en, 100×32)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.book_helpers import write_csv
from tests.tui.pilot import freeze_cursors, settle
from xiaoben.tui.widgets.import_parts import MappingTable
from xiaoben.tui.widgets.inputs import TextBox


async def _opened_on_customers_csv(pilot: Pilot[None]) -> None:
    """The Import screen (f9), its file customers.csv read and mapped."""
    await settle(pilot)
    await pilot.press("f9")
    await settle(pilot)
    pilot.app.screen.query_one("#import-path", TextBox).value = "customers.csv"
    await pilot.press("enter")
    await settle(pilot)


async def _mapped_and_previewed(pilot: Pilot[None]) -> None:
    await _opened_on_customers_csv(pilot)
    table = pilot.app.screen.query_one(MappingTable)
    table.focus()
    table.move_cursor(row=3)
    await pilot.press("enter")
    await settle(pilot)
    options = pilot.app.screen.query_one(OptionList)
    options.highlighted = options.get_option_index("ignore")
    await pilot.press("enter")
    await settle(pilot)
    await freeze_cursors(pilot)


def test_the_mapping_and_the_preview(
    snap_compare, app_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the path shown is the same every run
    write_csv(
        tmp_path / "customers.csv",
        [
            "2024 客户名单（内部）",
            "",
            "客户名,手机,生日,内部编码,备注",
            "王小明,13800000001,1990-3-5,K-1,老客户",
            "李小四,1380000,1990-13-01,K-2,",
            "张小三,13800000003,2024年3月5日,K-3,送过月饼",
        ],
    )
    assert snap_compare(
        app_factory(lang="en"), terminal_size=(100, 32), run_before=_mapped_and_previewed
    )


@pytest.mark.parametrize(("lang", "size"), [("en", (80, 24)), ("zh", (60, 20))])
def test_the_controls_wrap_on_a_small_terminal(
    snap_compare,
    app_factory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    size: tuple[int, int],
) -> None:
    """Kind, sheet and header row: two a line at 80 columns, one a line at 60."""
    monkeypatch.chdir(tmp_path)
    header = "姓名,手机,微信,生日,地址,标签,备注,邮箱,单位,职业,来源,其他1,其他2"
    write_csv(tmp_path / "customers.csv", [header, "王小明,13800000001" + "," * 11])

    async def opened(pilot: Pilot[None]) -> None:
        await _opened_on_customers_csv(pilot)
        pilot.app.screen.query_one("#import-header-row", TextBox).focus()
        await settle(pilot)
        await freeze_cursors(pilot)

    assert snap_compare(app_factory(lang=lang), terminal_size=size, run_before=opened)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_date_order_to_choose(
    snap_compare, app_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """An English shop's orders whose every date could be either (03/05/2024): the date
    order to choose under the columns' notes, the import refused naming the column."""
    monkeypatch.chdir(tmp_path)
    write_csv(
        tmp_path / "orders.csv",
        [
            "Order ID,Paid Time,Recipient,Order Amount,Product Name",
            "1,03/05/2024,Amy Lee,10.00,Cup",
            "2,04/06/2024,Ben Hall,20.00,Mug",
        ],
    )

    async def opened(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        pilot.app.screen.query_one("#import-path", TextBox).value = "orders.csv"
        await pilot.press("enter")
        await settle(pilot)
        pilot.app.screen.query_one("#import-date-order").focus()
        await settle(pilot)
        await freeze_cursors(pilot)

    assert snap_compare(app_factory(lang=lang), terminal_size=(100, 32), run_before=opened)
