"""80×24 without cut values: the list, the tier lists, the queue and the customer page, in
both languages, drawn at 80 columns; no date or amount is cut, and no table runs past its
pane (a column that does not fit is dropped whole, by priority)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.scroll_view import ScrollView

from tests.tui.pilot import buyer, run, screen_lines, settle
from xiaoben.tui.app import XiaobenApp

NARROW = (80, 24)
# A date cut short: 2026-, 2026-1, 2026-11-, 2026-11-2, or one losing its start (026-11-23).
CUT_DATE = re.compile(r"(?<![\d-])\d{4}-(?:\d?|\d{2}-\d?)(?![\d])|(?<![\d-])\d{1,3}-\d{2}-\d{2}")
CUT_NUMBER = re.compile(r"[\d年月日]+…")  # a number or a date written in words, cut with …
AMOUNT = re.compile(r"¥[\d,.]*")
WHOLE_AMOUNT = re.compile(r"¥\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?")


def cut_values(lines: list[str]) -> list[str]:
    """Every cut date or amount in the drawn lines, with its line."""
    found = []
    for line in lines:
        found += [f"{m.group()!r} in {line!r}" for m in CUT_DATE.finditer(line)]
        found += [f"{m.group()!r} in {line!r}" for m in CUT_NUMBER.finditer(line)]
        for match in AMOUNT.finditer(line):
            amount = match.group()
            whole = WHOLE_AMOUNT.fullmatch(amount)
            follows = line[match.end() : match.end() + 1]
            if whole is None or follows == "…":
                found.append(f"{amount!r} in {line!r}")
    return found


def tables_past_their_pane(app: XiaobenApp) -> list[str]:
    return [
        f"{view.id or type(view).__name__}: {view.virtual_size.width} > "
        f"{view.scrollable_content_region.width}"
        for view in app.screen.query(ScrollView)
        if view.display
        and view.region.width
        and view.virtual_size.width > view.scrollable_content_region.width
        and view.id in ("members", "groups", "purchases", "interactions", "reminders", "queue")
    ]


async def _list(app: XiaobenApp, pilot: Pilot[None]) -> None:
    return None


async def _tiers(app: XiaobenApp, pilot: Pilot[None]) -> None:
    await pilot.press("f3")


async def _queue(app: XiaobenApp, pilot: Pilot[None]) -> None:
    await pilot.press("f5")


async def _page(app: XiaobenApp, pilot: Pilot[None]) -> None:
    app.action_open_customer(buyer(app, "A"))


SCREENS: dict[str, Callable[[XiaobenApp, Pilot[None]], object]] = {
    "list": _list,
    "tiers": _tiers,
    "queue": _queue,
    "customer page": _page,
}


def test_the_scan_finds_cut_values() -> None:
    assert cut_values(["上次 2026年1…"]) == ["'2026年1…' in '上次 2026年1…'"]
    assert cut_values(["王芳  2026-11-", "2026-1", " 026-11-23", "¥33,99", "¥1,2…"]) == [
        "'2026-11-' in '王芳  2026-11-'",
        "'2026-1' in '2026-1'",
        "'026-11-23' in ' 026-11-23'",
        "'¥33,99' in '¥33,99'",
        "'2…' in '¥1,2…'",
        "'¥1,2' in '¥1,2…'",
    ]
    assert cut_values(["2026-11-23  12-01  ¥1,234.50  ¥33,993  ¥1.2万  昨天"]) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_nothing_is_cut_at_80_by_24(app_factory: Callable[..., XiaobenApp], lang: str) -> None:
    async def body(app: XiaobenApp, pilot: Pilot[None]) -> None:
        for name, reach in SCREENS.items():
            await reach(app, pilot)
            await settle(pilot)
            lines = screen_lines(app)
            assert not cut_values(lines), (name, cut_values(lines), "\n".join(lines))
            assert not tables_past_their_pane(app), (name, tables_past_their_pane(app))
            app.action_show_customers()
            await settle(pilot)

    run(app_factory(lang), body, size=NARROW)
