"""The plan and the report act on a day's tier moves as one (store/day_moves.py): a first
day's imports settle the tiers (none → A → B is a customer new to the book, not one who
dropped), a day that comes back where it started moved nobody, and the tier history keeps
every move. Through the real CLI, one import after another, as a seller's first day goes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.book_helpers import TODAY, buy, customer, fixed_clock, write_csv
from xiaoben.store.book import Book

NEXT_DAY = TODAY + timedelta(days=1)


@pytest.fixture
def on_day(_close_every_book: Any) -> Callable[[date], None]:
    """Move the clock the CLI's books open with to `day`."""

    def move(day: date) -> None:
        _close_every_book.default = lambda: day

    return move


def imported(run: Callable[..., Result], *args: str) -> None:
    result = run("import", *args)
    assert result.exit_code == 0, result.output


def plan(run: Callable[..., Result], day: date) -> list[dict[str, Any]]:
    result = run("queue", "--json", "--as-of", day.isoformat())
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def moved(rows: list[dict[str, Any]]) -> dict[str, str]:
    return {row["name"]: row["detail"] for row in rows if row["reason"] == "tier_change"}


def month_moves(run: Callable[..., Result], day: date) -> tuple[int, int]:
    result = run("report", "--json", "--as-of", day.isoformat())
    assert result.exit_code == 0, result.output
    (month,) = [m for m in json.loads(result.stdout)["months"] if m["month"] == day.isoformat()[:7]]
    return month["moved_up"], month["moved_down"]


@pytest.fixture
def first_day(run: Callable[..., Result], book_path: Path, tmp_path: Path) -> Path:
    """The seller's first day: her customers, then a shop's orders (王芳 on top: A), then
    another shop's (李娜 outspends her: 王芳 A → B, 李娜 C → A), all on TODAY."""
    customers = write_csv(
        tmp_path / "customers.csv",
        ["姓名,手机", "王芳,13800138001", "李娜,13800138002", "赵敏,13800138003"],
    )
    taobao = write_csv(
        tmp_path / "taobao.csv",
        [
            "客户,日期,金额",
            "王芳,2026-10-01,5000",
            "李娜,2026-10-02,100",
            "赵敏,2026-10-03,100",
        ],
    )
    jd = write_csv(tmp_path / "jd.csv", ["客户,日期,金额", "李娜,2026-11-01,50000"])
    imported(run, "customers", str(customers))
    imported(run, "purchases", str(taobao))
    imported(run, "purchases", str(jd))
    return book_path


def test_a_first_days_imports_put_no_tier_change_in_the_plan(
    run: Callable[..., Result], first_day: Path
) -> None:
    assert moved(plan(run, TODAY)) == {}
    assert month_moves(run, TODAY) == (0, 0)
    assert behind_the_months(first_day, TODAY) == ([], [])


def behind_the_months(path: Path, day: date) -> tuple[list[str], list[str]]:
    """The names the app's overview lists behind the month's moved up and moved down."""
    month = day.isoformat()[:7]
    with Book.open(path, today=lambda: day) as book:
        up, down = (
            [book.get_customer(i).name for i in book.overview_customers(chart, month, None)]
            for chart in ("months.up", "months.down")
        )
    return up, down


def test_the_tier_history_keeps_every_move_of_the_first_day(first_day: Path) -> None:
    with Book.open(first_day, today=fixed_clock) as book:
        wang = book.find_customer("13800138001")
        assert wang is not None
        history = [
            (move["from_value"], move["to_value"])
            for move in book.tier_history(wang.id or 0)
            if move["lens"] == "value_tier"
        ]
    assert history == [(None, "A"), ("A", "B")]


def test_the_next_days_moves_are_in_the_plan_and_the_report(
    run: Callable[..., Result],
    first_day: Path,
    tmp_path: Path,
    on_day: Callable[[date], None],
) -> None:
    on_day(NEXT_DAY)
    later = write_csv(tmp_path / "later.csv", ["客户,日期,金额", "赵敏,2026-11-24,200000"])
    imported(run, "purchases", str(later))

    assert moved(plan(run, NEXT_DAY)) == {
        "赵敏": "promoted to A core (was C ordinary)",
        "王芳": "dropped from B growth to C ordinary",
    }
    assert month_moves(run, NEXT_DAY) == (1, 1)
    assert behind_the_months(first_day, NEXT_DAY) == (["赵敏"], ["王芳"])


def test_a_day_that_comes_back_where_it_started_moves_nobody(
    book_path: Path, run: Callable[..., Result]
) -> None:
    with Book.open(book_path, today=lambda: TODAY - timedelta(days=1)) as book:
        wang, li = customer(book, "王芳"), customer(book, "李娜")
        buy(book, wang, 5000, "2026-10-01")
        buy(book, li, 100, "2026-10-02")
    with Book.open(book_path, today=fixed_clock) as book:
        # 李娜's big order takes her to A and 王芳 down to B; it was a mistake, deleted.
        mistake = buy(book, li, 50000, "2026-11-23")
        book.delete_purchase(mistake.id or 0)
        assert [m["to_value"] for m in book.tier_history(wang.id or 0)][-2:] == ["B", "A"]

    assert moved(plan(run, TODAY)) == {}
    assert month_moves(run, TODAY) == (0, 0)
