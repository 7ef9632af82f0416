"""The Import screen on a WeChat Pay bill: the header found under the bill's preamble, the
columns it proposes (交易对方 the buyer's name, 收/支 read), its rows of money out and
neither previewed as left out, and the dry run saying what it leaves out and that buyers
are matched by nickname."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.test_import_pay_bills import MEITUAN_REFUND, WECHAT_ROWS, wechat_csv
from tests.tui.pilot import run
from tests.tui.test_import_screen import open_file, text_of
from xiaoben.models.i18n import t
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.import_parts import MappingTable, PreviewTable


def test_a_wechat_bill_is_proposed_as_purchases_of_its_money_in(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = wechat_csv(tmp_path / "bill.csv", [*WECHAT_ROWS[:7], MEITUAN_REFUND])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)

        assert text_of(app, "#import-status").startswith("bill.csv: header in line 17, 8 rows")
        assert screen.kind == "purchases"
        assert screen.columns is not None
        named = {field: screen.columns.header[at] for field, at in screen.columns.fields.items()}
        assert named["name"] == "交易对方"
        assert named["direction"] == "收/支"
        assert named["order"] == "交易单号"
        preview = screen.query_one(PreviewTable)
        verdicts = [str(preview.get_row_at(at)[-1]) for at in range(preview.row_count)]
        assert verdicts[3] == verdicts[4] == t("importer.spent_row")  # 美团, a 红包 sent
        assert verdicts[5] == t("importer.neutral_row")  # 零钱提现
        assert verdicts[7] == t("importer.returned_row")  # 美团-退款
        summary = text_of(app, "#import-summary")
        assert t("import.bill_left_out", spent=2, neutral=1) in summary
        assert t("import.bill_returned", count=1, column="交易类型", kinds="美团-退款") in summary
        assert summary.count(t("import.bill_nicknames")) == 1

    run(app, story)


def test_a_bills_kind_of_payment_is_shown_read_in_the_columns(app_factory, tmp_path: Path) -> None:
    """The columns' list said 交易类型 was not read, though it tells her own money coming back
    (美团-退款) from a customer's payment (a reviewer's F7)."""
    app = app_factory(lang="zh")
    path = wechat_csv(tmp_path / "bill.csv", [*WECHAT_ROWS[:7], MEITUAN_REFUND])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)

        mapping = screen.query_one(MappingTable)
        shown = {str(row[1]): str(row[2]) for row in map(mapping.get_row_at, range(8))}
        assert shown["交易类型"] == t("importer.bill_kind")
        assert shown["支付方式"] == t("importer.not_read")

    run(app, story)


def test_the_summary_counts_every_row_of_the_bill(app_factory, tmp_path: Path) -> None:
    """The dry run's summary counted the rows read as purchases alone (共 4 行 of a bill of 8,
    a reviewer's F8): it counts the bill's rows, the ones left out said under it."""
    app = app_factory(lang="zh")
    path = wechat_csv(tmp_path / "bill.csv", [*WECHAT_ROWS[:7], MEITUAN_REFUND])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)

        summary = text_of(app, "#import-summary")
        assert summary.startswith("试导入（账本未改动）：共 8 行，")
        assert t("import.bill_left_out", spent=2, neutral=1) in summary
        assert t("import.bill_returned", count=1, column="交易类型", kinds="美团-退款") in summary

    run(app, story)
