"""The column list says what the import reads: a column read where a better one is blank
(有赞's 收货人手机号/提货人手机号 where 买家手机号 is empty; 订单创建时间 where 买家付款时间
is) is said so, not "— not read": the tester's row with an empty 买家手机号 made a customer
of the recipient's number while the list said that column was not read."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.book_helpers import write_csv
from tests.tui.pilot import run
from tests.tui.test_import_screen import map_column, open_file
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.import_parts import MappingTable

YOUZAN = [
    "订单号,订单状态,买家手机号,收货人/提货人,收货人手机号/提货人手机号,商品名称,商品数量,"
    "商品实际成交金额,订单实付金额,订单创建时间,买家付款时间",
    "E1,交易成功,13800138000,王芳,13900000001,口红,1,120.00,120.00,"
    "2026-11-01 10:00:00,2026-11-01 10:00:05",
    "E2,交易成功,,赵敏,13900000002,面霜,1,80.00,80.00,2026-11-02 10:00:00,",
]


def read_as(app: XiaobenApp) -> dict[str, str]:
    """Each column's name -> what the list says it is read as."""
    table = app.screen.query_one(MappingTable)
    rows = [table.get_row_at(at) for at in range(table.row_count)]
    return {str(row[1]): str(row[2]) for row in rows}


@pytest.mark.parametrize(
    ("lang", "phone", "date"),
    [
        ("zh", "电话（买家手机号为空时）", "日期（买家付款时间为空时）"),
        ("en", "phone (where 买家手机号 is blank)", "date (where 买家付款时间 is blank)"),
    ],
)
def test_a_column_read_where_a_better_one_is_blank_is_said_so(
    app_factory, tmp_path: Path, lang: str, phone: str, date: str
) -> None:
    app = app_factory(lang=lang)
    path = write_csv(tmp_path / "youzan.csv", YOUZAN)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        shown = read_as(app)
        assert shown["收货人手机号/提货人…"] == phone, shown
        assert shown["订单创建时间"] == date

    run(app, story)


def test_a_phone_column_the_seller_chooses_makes_the_buyers_the_one_read_where_blank(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="zh")
    path = write_csv(tmp_path / "youzan.csv", YOUZAN)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await map_column(pilot, 4, "phone")
        shown = read_as(app)
        assert shown["收货人手机号/提货人…"] == "电话（你的选择）"
        assert shown["买家手机号"] == "电话（收货人手机号/提货人手机号为空时）"

    run(app, story)
