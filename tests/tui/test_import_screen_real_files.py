"""The Import screen on exports as the real tools write them: Google contacts CSV (a name in
two columns), a Youzan order export in UTF-16 (Excel's "Unicode text") with one order over
two item rows and a Beijing address as Taobao-style shops write it."""

from __future__ import annotations

import codecs
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Checkbox

from tests.test_import_real_files import GOOGLE_HEADER, YOUZAN, write_contacts_csv
from tests.tui.pilot import run, settle
from tests.tui.test_import_screen import import_now, open_file, rows_of
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.imports import ImportScreen


def test_google_contacts_come_in_named_from_their_two_name_columns(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = write_contacts_csv(
        tmp_path / "contacts.csv",
        GOOGLE_HEADER,
        [
            {
                "Given Name": "三",
                "Family Name": "张",
                "Phone 1 - Value": "138 0013 8000\n139 0013 9000",
            }
        ],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        assert isinstance(screen, ImportScreen) and screen.kind == "customers"
        await import_now(pilot)

        assert rows_of(app, "SELECT phones FROM customers WHERE name = '张三'") == [
            ('["+8613800138000", "+8613900139000"]',)
        ]

    run(app, story)


def test_a_youzan_export_in_unicode_text_counts_an_order_of_two_items_once(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = tmp_path / "有赞订单.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + YOUZAN.replace(",", "\t").encode("utf-16-le"))

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        assert isinstance(screen, ImportScreen) and screen.kind == "purchases"
        screen.query_one("#import-create-missing", Checkbox).value = True  # below the fold
        await settle(pilot)
        await import_now(pilot)

        assert rows_of(
            app,
            "SELECT sum(p.amount_cents), count(*), c.province, c.city FROM purchases p"
            " JOIN customers c ON c.id = p.customer_id WHERE c.name = '张三'",
        ) == [(10000, 2, "北京", "北京")]

    run(app, story)
