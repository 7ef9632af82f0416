"""The Import screen's dry run says what the command's does of rows that are or are not one
person: a masked number whose digits are not the namesake's holds the row back, one whose
digits are hers is counted, and two rows of one sheet that are one customer are named
together (tests/test_import_masked_namesakes.py, tests/test_import_same_in_file.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from textual.pilot import Pilot

from tests.book_helpers import write_csv
from tests.tui.pilot import run
from tests.tui.test_import_screen import open_file, text_of
from xiaoben.tui.app import XiaobenApp


def test_masked_digits_are_told_on_the_screen(
    app_factory, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    command: Callable[..., Result] = request.getfixturevalue("run")  # (the CLI's: same book)
    known = write_csv(tmp_path / "客户.csv", ["姓名,电话", "甄小芳,13812340001"])
    assert command("import", "customers", str(known)).exit_code == 0
    app = app_factory(lang="zh")
    orders = write_csv(
        tmp_path / "pdd.csv",
        [
            "订单号,收货人,手机,商家实收金额(元),成交时间",
            "1,甄小芳,138****0001,99.00,2026-11-02 10:00:00",
            "2,甄小芳,150****1234,98.00,2026-11-03 10:00:00",
        ],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, orders)

        summary = text_of(app, "#import-summary")
        assert "隐藏号码 150****1234 露出的数字与同名的 甄小芳" in summary
        assert "勾选“账本中没有的客户自动新建”可新建为另一位客户" in summary
        assert "1 行只有姓名和隐藏号码：按姓名记给了同名客户" in summary

    run(app, story)


def test_rows_of_one_person_are_named_together_on_the_screen(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    sheet = write_csv(
        tmp_path / "客户.csv",
        ["姓名,电话,地址", "甄小芳,13812340001,杭州", "甄 小芳,138-1234-0001,杭州市"],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, sheet)

        summary = text_of(app, "#import-summary")
        assert "1 row is the customer of an earlier row of the file, folded into one:" in summary
        assert (
            "line 3: “甄 小芳” and “甄小芳” of line 2 have the same phone (13812340001): one "
            "customer, this row changed her address" in summary
        )

    run(app, story)
