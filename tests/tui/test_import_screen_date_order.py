"""The Import screen's date order: a purchases file whose slashed dates cannot tell month
first from day first (03/05/2024, 04/06/2024: an English shop's export) is refused, naming
the column, until the seller chooses the order on the screen; the preview, the dry run and
the import follow her choice, which is remembered with the mapping for the next file of the
same headers. A column that shows its order (25/03/2024) says which it was read in, and a
file of year-first dates is never asked. Before, the screen told her to rewrite the dates
or use the command line's --date-order: she could not finish in the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from tests.book_helpers import write_csv
from tests.tui.pilot import run, settle
from tests.tui.test_import_screen import import_now, open_file, rows_of, text_of, tick
from tests.tui.test_import_screen_dry_verdicts import verdicts_of
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.widgets.inputs import SelectBox, TextBox

HEADER = "Order ID,Paid Time,Recipient,Order Amount,Product Name"
# every date could be either: 3 May or 5 March, 4 June or 6 April
UNCLEAR = [HEADER, "1,03/05/2024,Amy Lee,10.00,Cup", "2,04/06/2024,Ben Hall,20.00,Mug"]
# 11/12/2026 is 12 November, or 11 December: after the book's day (2026-11-23)
LATE = [*UNCLEAR, "3,11/12/2026,Amy Lee,5.00,Lid"]


def dates_in_book(app: XiaobenApp) -> list[object]:
    return [row[0] for row in rows_of(app, "SELECT date FROM purchases ORDER BY date")]


def told(app: XiaobenApp) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


def asked(app: XiaobenApp) -> bool:
    return bool(app.screen.query_one("#import-date-row").display)


async def choose_order(pilot: Pilot[None], order: str) -> None:
    """The date order chosen from the keyboard: its select focused, Enter opens the list,
    ↓ to the order (after the prompt, month first then day first), Enter."""
    select = pilot.app.screen.query_one("#import-date-order", SelectBox)
    select.focus()
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    downs = {"month-first": 1, "day-first": 2}[order]
    if select.value is Select.NULL:
        await pilot.press(*["down"] * downs)
    else:  # from the order chosen before
        await pilot.press("down" if order == "day-first" else "up")
    await pilot.press("enter")
    await settle(pilot)
    assert select.value == order


def test_an_unclear_date_column_asks_the_order_and_refuses_the_import_until_chosen(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "uk.csv", UNCLEAR)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        assert screen.kind == "purchases"
        assert asked(app)
        assert screen.query_one("#import-date-order", SelectBox).value is Select.NULL
        said = text_of(app, "#import-summary")
        assert said == (
            "the dates of column “Paid Time” (such as “03/05/2024”) may be month/day/year or "
            "day/month/year and no date in the column shows which: choose under Date order above"
        )
        await tick(pilot, "#import-create-missing")
        assert text_of(app, "#import-summary") == said  # no dry run without the order
        before = rows_of(app, "SELECT count(*) FROM purchases")

        await import_now(pilot)

        assert f"Not ready to import: {said}" in told(app)
        assert rows_of(app, "SELECT count(*) FROM purchases") == before

    run(app, story)


def test_the_choice_offers_the_files_own_date_read_each_way(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="zh")
    path = write_csv(tmp_path / "uk.csv", UNCLEAR)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, path)
        select = screen.query_one("#import-date-order", SelectBox)
        offered = [str(text) for text, _ in select._options]
        assert offered == [
            "",  # (the prompt: （请选择）)
            "月/日/年（“03/05/2024”是 2024-03-05）",
            "日/月/年（“03/05/2024”是 2024-05-03）",
        ]
        assert "请在上面的“日期写法”中选择" in text_of(app, "#import-summary")

    run(app, story)


@pytest.mark.parametrize(
    ("order", "dates"),
    [
        ("month-first", ["2024-03-05", "2024-04-06"]),
        ("day-first", ["2024-05-03", "2024-06-04"]),
    ],
)
def test_the_order_chosen_gives_the_dates_in_the_book(
    app_factory, tmp_path: Path, order: str, dates: list[str]
) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "uk.csv", UNCLEAR)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await tick(pilot, "#import-create-missing")
        await choose_order(pilot, order)
        assert "2 would import" in text_of(app, "#import-summary")
        assert verdicts_of(app) == ["✓ ok", "✓ ok"]

        await import_now(pilot)

        imported = "SELECT date FROM purchases WHERE items IN ('Cup', 'Mug') ORDER BY date"
        assert [date for (date,) in rows_of(app, imported)] == dates

    run(app, story)


def test_the_preview_and_the_dry_run_follow_the_order_chosen(app_factory, tmp_path: Path) -> None:
    """11/12/2026 is 12 November month first, 11 December (after the book's day) day
    first: the preview's verdict and the dry run's count change with the choice."""
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "uk.csv", LATE)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await tick(pilot, "#import-create-missing")

        await choose_order(pilot, "month-first")
        assert "3 would import" in text_of(app, "#import-summary")
        assert verdicts_of(app) == ["✓ ok", "✓ ok", "✓ ok"]

        await choose_order(pilot, "day-first")
        assert "2 would import" in text_of(app, "#import-summary")
        late = verdicts_of(app)[2]
        assert late == "date: is after today (2026-11-23)"

    run(app, story)


def test_the_order_chosen_is_remembered_for_the_next_file_of_the_same_headers(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    first = write_csv(tmp_path / "march.csv", UNCLEAR)
    second = write_csv(tmp_path / "april.csv", [HEADER, "7,02/01/2024,Amy Lee,30.00,Bowl"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, first)
        await tick(pilot, "#import-create-missing")
        await choose_order(pilot, "day-first")
        await import_now(pilot)
        await pilot.press("escape")
        await settle(pilot)

        screen = await open_file(pilot, second)

        assert asked(app)  # still shown: she sees the order read, and may change it
        assert screen.query_one("#import-date-order", SelectBox).value == "day-first"
        notes = text_of(app, "#import-notes")
        assert "The date order you chose last time for these headers is proposed" in notes
        await import_now(pilot)
        assert "2024-01-02" in dates_in_book(app)

    run(app, story)


def test_a_column_that_shows_its_order_says_which_and_asks_nothing(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "uk.csv", [*UNCLEAR, "3,25/03/2024,Amy Lee,5.00,Lid"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await tick(pilot, "#import-create-missing")

        assert not asked(app)
        assert (
            "the dates of column “Paid Time” are read day/month/year: “25/03/2024” can only "
            "be read so"
        ) in text_of(app, "#import-notes")
        assert "3 would import" in text_of(app, "#import-summary")
        await import_now(pilot)
        assert "2024-05-03" in dates_in_book(app)

    run(app, story)


def test_year_first_dates_ask_nothing_and_say_nothing_of_an_order(
    app_factory, tmp_path: Path
) -> None:
    app = app_factory(lang="en")
    path = write_csv(tmp_path / "orders.csv", [HEADER, "1,2024-03-05,Amy Lee,10.00,Cup"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)

        assert not asked(app)
        assert "read day/month/year" not in text_of(app, "#import-notes")
        assert "month/day/year" not in text_of(app, "#import-notes")

    run(app, story)


def test_us_buyers_dates_say_they_are_read_month_first(app_factory, tmp_path: Path) -> None:
    app = app_factory(lang="en")
    path = write_csv(
        tmp_path / "us.csv",
        [
            "Order ID,Paid Time,Recipient,Order Amount,Product Name,Country",
            "1,03/05/2024,Amy Lee,10.00,Cup,United States",
        ],
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)

        assert not asked(app)
        assert (
            "the dates of column “Paid Time” are read month/day/year: every buyer is in the "
            "United States, which writes dates so"
        ) in text_of(app, "#import-notes")

    run(app, story)


def test_another_files_choice_is_not_taken_for_this_one(app_factory, tmp_path: Path) -> None:
    """The order chosen for one file (not imported) is not shown chosen for the next file
    of other headers read on the same screen: that one is asked again."""
    app = app_factory(lang="en")
    first = write_csv(tmp_path / "uk.csv", UNCLEAR)
    other = write_csv(
        tmp_path / "etsy.csv", ["Order ID,Order Date,Recipient,Order Amount", "9,03/05/2024,Amy,10"]
    )

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, first)
        await choose_order(pilot, "day-first")
        box = screen.query_one("#import-path", TextBox)
        box.value = str(other)
        box.focus()
        await pilot.press("enter")
        await settle(pilot)

        assert asked(app)
        assert screen.query_one("#import-date-order", SelectBox).value is Select.NULL
        said = text_of(app, "#import-summary")
        assert said.startswith("the dates of column “Order Date” (such as “03/05/2024”)"), said

    run(app, story)


def test_a_later_row_that_shows_the_order_is_taken_by_the_preview(
    app_factory, tmp_path: Path
) -> None:
    """Eight rows that could be either, the ninth 25/03/2024: the file is day first. The
    preview read its first eight rows alone and refused the file as unclear, though the
    import would have read it."""
    app = app_factory(lang="en")
    rows = [f"{n},0{n}/0{n + 1}/2024,Amy Lee,1.00,Cup" for n in range(1, 9)]
    path = write_csv(tmp_path / "uk.csv", [HEADER, *rows, "9,25/03/2024,Amy Lee,1.00,Cup"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await tick(pilot, "#import-create-missing")

        assert not asked(app)
        assert verdicts_of(app) == ["✓ ok"] * 8
        assert "9 would import" in text_of(app, "#import-summary")

    run(app, story)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "zh",
            "“03/05/2024”可以是 3月5日 或 5月3日，看不出哪个是日、哪个是月："
            "请写成 年-月-日，如 2024-03-05 或 2024-05-03",
        ),
        (
            "en",
            "“03/05/2024” could be 2024-03-05 (month 3, day 5) or 2024-05-03 (month 5, day 3): "
            "it does not say which is the day and which the month; write it year-month-day",
        ),
    ],
)
def test_an_unclear_date_among_other_shapes_says_both_readings(
    app_factory, tmp_path: Path, lang: str, said: str
) -> None:
    """A column with other date shapes asks no order: each 03/05/2024 in it was refused as
    "a date is written year-month-day", though it is a date, only an unclear one (an outside
    tester's finding). It says both readings and how to write it."""
    app = app_factory(lang=lang)
    rows = [HEADER, "1,03/05/2024,Amy Lee,10.00,Cup", "2,2024-06-04,Ben Hall,20.00,Mug"]
    path = write_csv(tmp_path / "mixed.csv", rows)

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, path)
        await tick(pilot, "#import-create-missing")
        assert not asked(app)
        verdict = verdicts_of(app)[0]
        assert said in verdict, verdict
        assert verdicts_of(app)[1] in ("✓ ok", "✓ 无误")

    run(app, story)
