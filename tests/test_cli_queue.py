"""`xiaoben queue`: the follow-up queue for a morning script, and done / snooze / skip / undo
from the command line, on a small real book on the fixed day (2026-11-23).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from rich.cells import cell_len

from tests.book_helpers import TODAY, buy, count, customer, fixed_clock
from xiaoben.models.birthday import Birthday
from xiaoben.models.interaction import Reminder
from xiaoben.store.book import Book

AS_OF = ("--as-of", TODAY.isoformat())
YESTERDAY = date(2026, 11, 22)
DOCUMENTED_KEYS = {
    "id",
    "customer",
    "customer_id",
    "name",
    "reason",
    "due",
    "priority",
    "value_tier",
    "days_overdue",
    "snoozed",
    "detail",
    "action",
    "message",
    "fields",
}
DATE_BOUND = {"reminder", "birthday", "holiday", "gift"}
REASONS = {"cadence", "birthday", "holiday", "at_risk", "new_customer", "tier_change", "reminder"}


@pytest.fixture
def queue_path(book_path: Path) -> Path:
    """Five customers whose records put every reason but holidays in the queue on TODAY.
    Four came into the book YESTERDAY with part of their history, 李娜 and the rest today.

    王芳 C001: A buyer, last bought 2026-09-01 (cadence overdue), birthday 26 Nov (in 3 days).
    李娜 C002: first purchase 2026-11-20 (new-customer care, 3 days overdue).
    赵敏 C003: no purchases; a reminder due 2026-11-22.
    孙丽 C004: bought every 10 days until 2026-10-29, then 25 days of silence (at risk, not
        yet lapsed: that takes 3 × the rhythm); B yesterday, promoted to A today.
    周杰 C005: promoted C → A on TODAY (tier change); a reminder due 2026-11-25.
    """
    with Book.open(book_path, today=lambda: YESTERDAY) as shop:
        wang = customer(
            shop,
            "王芳",
            code="C001",
            gender="female",
            phones=["13812345678"],
            birthday=Birthday(month=11, day=26, year=1990),
        )
        zhao = customer(shop, "赵敏", code="C003")
        sun = customer(shop, "孙丽", code="C004")
        zhou = customer(shop, "周杰", code="C005", gender="male")
        for day in ("2026-03-01", "2026-07-01", "2026-09-01"):
            buy(shop, wang, 3000, day)
        buy(shop, sun, 2000, "2026-09-29")
        buy(shop, zhou, 50, "2026-01-10")
    # Today's moves (yesterday's were the book's first day: none to act on).
    with Book.open(book_path, today=fixed_clock) as shop:
        li = customer(shop, "李娜", code="C002")
        buy(shop, li, 200, "2026-11-20")
        for day in ("2026-10-09", "2026-10-19", "2026-10-29"):
            buy(shop, sun, 2000, day)
        buy(shop, zhou, 5000, "2026-11-10")
        assert zhao.id is not None and zhou.id is not None
        shop.set_reminder(
            Reminder(customer_id=zhao.id, due="2026-11-22", note="call back about the coat")
        )
        shop.set_reminder(Reminder(customer_id=zhou.id, due="2026-11-25", note="sizes restocked"))
    return book_path


def queue_json(run: Callable[..., Result], *args: Any) -> list[dict[str, Any]]:
    result = run("queue", "--json", *args)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def key_of(rows: list[dict[str, Any]], customer_key: str, reason: str) -> str:
    (row,) = [r for r in rows if r["customer"] == customer_key and r["reason"] == reason]
    return str(row["id"])


def fails(result: Result, *words: str, exit_code: int = 1) -> None:
    """Exit 1 (2 for a bad option value), the rule's words on stderr, no traceback."""
    assert result.exit_code == exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, (word, result.stderr)


# ---- listing -----------------------------------------------------------------------


def test_queue_json_gives_every_item_with_the_documented_keys(
    run: Callable[..., Result], queue_path: Path
) -> None:
    rows = queue_json(run, *AS_OF)

    assert len(rows) == 10
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert set(row) >= DOCUMENTED_KEYS
        assert row["reason"] in REASONS
        assert row["priority"] in (1, 2, 3)
        assert row["value_tier"] in ("A", "B", "C", "D", None)
        # Overdue days count from the due day, but never from before the customer came
        # into the book (yesterday, 李娜 today); date-bound items from their day.
        due = date.fromisoformat(row["due"])
        entered = TODAY if row["customer"] == "C002" else YESTERDAY
        waits_from = due if row["reason"] in DATE_BOUND else max(due, entered)
        assert (TODAY - waits_from).days == row["days_overdue"]
        assert row["id"].split(":")[:2] == [str(row["customer_id"]), row["reason"]]
        assert row["snoozed"] is False
        assert row["name"] in row["message"]
    assert {row["reason"] for row in rows} == REASONS - {"holiday"}


def test_queue_json_gives_the_stored_due_day_and_the_day_the_plan_counts_it_due_from(
    run: Callable[..., Result], queue_path: Path
) -> None:
    rows = queue_json(run, *AS_OF)
    text = run("queue", *AS_OF, "--all").stdout

    for row in rows:
        shown = date.fromisoformat(row["due_shown"])
        assert (TODAY - shown).days == row["days_overdue"]
        assert shown >= date.fromisoformat(row["due"])  # never before the stored day
        line = next(line for line in text.splitlines() if line.strip().startswith(row["id"]))
        if shown == TODAY:
            assert " today " in line
        elif shown < TODAY:
            assert f" {(TODAY - shown).days} day" in line and "overdue" in line
    # 王芳's cadence was due in September, before she came into the book yesterday: the
    # plan counts a day, and the JSON says both.
    cadence = next(row for row in rows if row["reason"] == "cadence")
    assert cadence["due"] < YESTERDAY.isoformat() == cadence["due_shown"]
    assert "1 day overdue" in next(line for line in text.splitlines() if cadence["id"] in line)


def test_queue_help_documents_the_json_due_days(run: Callable[..., Result]) -> None:
    helped = " ".join(run("queue", "--help").stdout.split())

    for key in ("due", "due_shown", "planned", "days_overdue"):
        assert f"{key}:" in helped, key


def test_queue_json_is_in_the_queues_order_today_first(
    run: Callable[..., Result], queue_path: Path
) -> None:
    rows = queue_json(run, *AS_OF)

    sections = [row["due"] <= TODAY.isoformat() for row in rows]
    assert sections == sorted(sections, reverse=True)  # today's items, then the next days'
    today = [row["reason"] for row in rows if row["due"] <= TODAY.isoformat()]
    assert today == [
        "reminder",
        "at_risk",
        "tier_change",
        "tier_change",
        "new_customer",
        "cadence",
        "cadence",
        "cadence",
    ]
    cadence = [row["days_overdue"] for row in rows if row["reason"] == "cadence"]
    assert cadence == sorted(cadence, reverse=True)  # most overdue first


def test_queue_json_describes_each_item(run: Callable[..., Result], queue_path: Path) -> None:
    rows = queue_json(run, *AS_OF)

    birthday = next(row for row in rows if row["reason"] == "birthday")
    assert (birthday["customer"], birthday["name"], birthday["value_tier"]) == ("C001", "王芳", "A")
    assert (birthday["due"], birthday["days_overdue"]) == ("2026-11-26", -3)
    assert birthday["message"] == (
        "Happy birthday, 王芳! Wishing you a healthy and happy year ahead."
    )
    reminder = next(row for row in rows if row["customer"] == "C003")
    assert (reminder["reason"], reminder["due"], reminder["days_overdue"]) == (
        "reminder",
        "2026-11-22",
        1,
    )
    assert (reminder["detail"], reminder["value_tier"], reminder["priority"]) == (
        "call back about the coat",
        None,
        1,
    )
    new = next(row for row in rows if row["reason"] == "new_customer")
    # Due 3 days ago, but 李娜 came into the book today: she has not waited yet.
    assert (new["customer"], new["due"], new["days_overdue"]) == ("C002", "2026-11-20", 0)
    risk = next(row for row in rows if row["reason"] == "at_risk")
    assert risk["customer"] == "C004" and "every 10 days" in risk["detail"]
    moved = {row["customer"] for row in rows if row["reason"] == "tier_change"}
    assert moved == {"C004", "C005"}


def test_queue_json_speaks_the_sellers_language_and_is_not_escaped(
    run: Callable[..., Result], queue_path: Path
) -> None:
    result = run("--lang", "zh", "queue", "--json", *AS_OF)

    assert result.exit_code == 0, result.output
    assert "王芳，生日快乐！" in result.stdout  # ensure_ascii=False: readable in a script's log
    rows = json.loads(result.stdout)
    assert {row["reason"] for row in rows} == REASONS - {"holiday"}  # values stay English


def test_holiday_greetings_come_before_christmas(
    run: Callable[..., Result], queue_path: Path
) -> None:
    rows = queue_json(run, "--as-of", "2026-12-23", "--days", "3")

    holidays = [row for row in rows if row["reason"] == "holiday"]
    assert {row["customer"] for row in holidays} == {"C001", "C002", "C004", "C005"}  # buyers
    assert {(row["due"], row["days_overdue"]) for row in holidays} == {("2026-12-25", -2)}
    assert all("Christmas" in row["detail"] for row in holidays)


def test_days_sets_how_far_ahead_the_queue_looks(
    run: Callable[..., Result], queue_path: Path
) -> None:
    today_only = queue_json(run, *AS_OF, "--days", "0")
    two_days = queue_json(run, *AS_OF, "--days", "2")

    assert all(row["days_overdue"] >= 0 for row in today_only)
    assert len(today_only) == 8
    assert {row["reason"] for row in two_days if row["days_overdue"] < 0} == {"reminder"}


def test_queue_text_shows_todays_plan_and_the_coming_days(
    run: Callable[..., Result], queue_path: Path
) -> None:
    result = run("queue", *AS_OF)

    assert result.exit_code == 0, result.output
    out = result.stdout
    lines = out.splitlines()
    # 8 due today; the reminder due yesterday has waited a day, and so have the 4 items of
    # the customers who came into the book yesterday (李娜 came today); the 2 items due
    # later are planned on their days.
    assert lines[0] == (
        "2026-11-23 today's plan 8/20 · overdue 5 · backlog 0 (planned on the coming days)"
    )
    assert "Today's plan: 8" in out
    assert out.count(":") - out.count("::") >= 8
    assert ":birthday:" not in out  # due in 3 days: not in today's plan
    assert lines[-1] == (
        "Planned, next 7 days: 11-24 0 · 11-25 1 · 11-26 1 · 11-27 0 · 11-28 0 · 11-29 0 · 11-30 0"
    )
    line = next(line for line in lines if "C003" in line)
    assert "1 day overdue" in line and "call back about the coat" in line
    reasons = [line.split(":")[1] for line in lines if line.startswith("    ") and ":" in line]
    assert reasons[:3] == ["reminder", "at_risk", "tier_change"]  # the plan's priority order


def test_queue_days_lists_the_items_planned_on_the_next_days(
    run: Callable[..., Result], queue_path: Path
) -> None:
    rows = queue_json(run, *AS_OF, "--days", "3")
    birthday, reminder = key_of(rows, "C001", "birthday"), key_of(rows, "C005", "reminder")

    out = run("queue", *AS_OF, "--days", "3").stdout
    sections = [line for line in out.splitlines() if re.fullmatch(r"2026-11-\d\d: \d+", line)]
    assert sections == ["2026-11-25: 1", "2026-11-26: 1"]
    assert out.index("2026-11-25: 1") < out.index(reminder) < out.index("2026-11-26: 1")
    assert out.index("2026-11-26: 1") < out.index(birthday)
    assert out.splitlines()[-1] == "Planned, next 3 days: 11-24 0 · 11-25 1 · 11-26 1"
    assert "Today's plan: 8" in out  # today's plan first, as without --days

    one_day = run("queue", *AS_OF, "--days", "1").stdout
    assert reminder not in one_day and birthday not in one_day
    assert one_day.splitlines()[-1] == "Planned, next 1 day: 11-24 0"
    zh = run("--lang", "zh", "queue", *AS_OF, "--days", "3").stdout
    assert "2026-11-26：1 项" in zh and zh.splitlines()[-1].startswith("未来 3 天的计划：")


def test_queue_text_speaks_chinese_when_asked(run: Callable[..., Result], queue_path: Path) -> None:
    result = run("--lang", "zh", "queue", *AS_OF)

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0] == "2026-11-23 今日计划 8/20 · 逾期 5 · 积压 0（未来几天安排）"
    assert "今日计划：8 项" in out and "未来 7 天的计划：11-24 0 项 · 11-25 1 项" in out
    assert "1 天前到期" in next(line for line in out.splitlines() if "C003" in line)


def test_capacity_caps_todays_plan_for_one_run(
    run: Callable[..., Result], queue_path: Path
) -> None:
    result = run("queue", *AS_OF, "--capacity", "3")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # The reminder is bound to its day and counts first: 2 of the other 7 fit today.
    assert lines[0] == (
        "2026-11-23 today's plan 3/3 · overdue 5 · backlog 5 (planned on the coming days)"
    )
    assert "Today's plan: 3" in result.stdout
    assert lines[-1].startswith("Planned, next 7 days: 11-24 3 · 11-25 3 · 11-26 1")
    unlimited = run("queue", *AS_OF, "--capacity", "0").stdout.splitlines()[0]
    assert unlimited == "2026-11-23 today's plan 8 (no limit) · overdue 5 · backlog 0"
    assert run("queue", *AS_OF).stdout.splitlines()[0].startswith("2026-11-23 today's plan 8/20")


def test_a_negative_capacity_is_a_bad_value(run: Callable[..., Result], queue_path: Path) -> None:
    fails(run("queue", "--capacity", "-1"), "--capacity", "between 0 and 10000", exit_code=2)


def test_all_prints_the_whole_backlog_day_by_day(
    run: Callable[..., Result], queue_path: Path
) -> None:
    result = run("queue", *AS_OF, "--all", "--capacity", "3")

    assert result.exit_code == 0, result.output
    out = result.stdout
    titles = [line for line in out.splitlines() if line and not line.startswith(" ")][1:]
    assert titles == ["Today's plan: 3", "2026-11-24: 3", "2026-11-25: 3", "2026-11-26: 1"]
    assert len([line for line in out.splitlines() if line.startswith("    ") and ":" in line]) == 10
    assert "Planned, next" not in out


def test_json_items_carry_their_planned_day_in_plan_order(
    run: Callable[..., Result], queue_path: Path
) -> None:
    rows = queue_json(run, *AS_OF, "--capacity", "3")

    assert len(rows) == 10
    planned = [row["planned"] for row in rows]
    assert planned == sorted(planned)
    assert planned.count("2026-11-23") == 3 and planned.count("2026-11-24") == 3
    assert all(row["planned"] >= row["due"] or row["planned"] == TODAY.isoformat() for row in rows)
    birthday = next(row for row in rows if row["reason"] == "birthday")
    assert birthday["planned"] == birthday["due"] == "2026-11-26"  # bound to its day


@pytest.mark.parametrize(("lang", "header"), [("zh", "价值层级"), ("en", "value tier")])
def test_queue_text_columns_line_up_with_chinese_names(
    run: Callable[..., Result], queue_path: Path, lang: str, header: str
) -> None:
    result = run("--lang", lang, "queue", *AS_OF, "--all")

    lines = result.stdout.splitlines()
    headers = [line for line in lines if header in line]
    column = {cell_len(line[: line.index(header)]) for line in headers}
    tiers = ("A 核心", "C 普通") if lang == "zh" else ("A core", "C ordinary")
    rows = [line for line in lines if any(tier in line for tier in tiers)]
    assert len(rows) == 9
    starts = {cell_len(line[: min(line.find(t) for t in tiers if t in line)]) for line in rows}
    assert starts == column and len(column) == 1


def test_an_empty_queue_says_so(run: Callable[..., Result], book: Book) -> None:
    result = run("queue", *AS_OF)

    assert result.exit_code == 0, result.output
    assert "today's plan 0/20 · overdue 0 · backlog 0" in result.stdout
    assert "Nothing planned for today." in result.stdout
    assert queue_json(run, *AS_OF) == []


@pytest.fixture
def busy_path(book_path: Path) -> Path:
    """赵敏 with 53 reminders due today: more than the capacity, all bound to today."""
    with Book.open(book_path, today=fixed_clock) as shop:
        zhao = customer(shop, "赵敏", code="C003")
        assert zhao.id is not None
        for k in range(53):
            shop.set_reminder(Reminder(customer_id=zhao.id, due=TODAY, note=f"note {k}"))
    return book_path


def test_items_bound_to_today_are_all_in_todays_plan(
    run: Callable[..., Result], busy_path: Path
) -> None:
    result = run("queue", *AS_OF)

    assert result.exit_code == 0, result.output
    assert result.stdout.count(":reminder:") == 53
    assert result.stdout.startswith("2026-11-23 today's plan 53/20")
    assert len(queue_json(run, *AS_OF)) == 53


def test_json_written_in_batches_is_the_same_list(
    run: Callable[..., Result], busy_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = queue_json(run, *AS_OF)
    monkeypatch.setattr("xiaoben.cli.queue.JSON_BATCH", 7)

    result = run("queue", "--json", *AS_OF)

    assert json.loads(result.stdout) == whole
    assert len(result.stdout.splitlines()) == 53 + 2  # one item a line, for grep


# ---- handling items ----------------------------------------------------------------


def test_done_removes_the_item_and_logs_a_contact(
    run: Callable[..., Result], queue_path: Path, open_book: Callable[..., Book]
) -> None:
    key = key_of(queue_json(run, *AS_OF), "C001", "cadence")

    result = run("queue", "done", key, "--note", "asked about the new season", *AS_OF)

    assert result.exit_code == 0, result.output
    assert key in result.stdout and "王芳" in result.stdout
    assert key not in by_id(queue_json(run, *AS_OF))
    book = open_book(queue_path)
    (contact,) = book.interactions_of(1)
    assert contact.at.date() == TODAY
    assert "asked about the new season" in contact.note
    # The contact restarted the cadence: the next round is due in 7 days (an A buyer).
    rows = queue_json(run, *AS_OF)
    assert {row["due"] for row in rows if row["id"].startswith("1:cadence:")} == {"2026-11-30"}


def test_done_accepts_a_customer_with_one_item(
    run: Callable[..., Result], queue_path: Path
) -> None:
    result = run("queue", "done", "赵敏", *AS_OF)

    assert result.exit_code == 0, result.output
    assert not [row for row in queue_json(run, *AS_OF) if row["customer"] == "C003"]


def test_a_customer_with_several_items_is_asked_which(
    run: Callable[..., Result], queue_path: Path
) -> None:
    rows = queue_json(run, *AS_OF)

    result = run("queue", "done", "13812345678", *AS_OF)  # 王芳 by phone

    fails(result, "王芳 has 2 follow-up items", "--reason")
    assert key_of(rows, "C001", "cadence") in result.stderr
    assert key_of(rows, "C001", "birthday") in result.stderr
    assert len(queue_json(run, *AS_OF)) == len(rows)  # nothing was done


def test_reason_picks_among_a_customers_items(run: Callable[..., Result], queue_path: Path) -> None:
    rows = queue_json(run, *AS_OF)

    result = run("queue", "skip", "C001", "--reason", "birthday", *AS_OF)

    assert result.exit_code == 0, result.output
    assert key_of(rows, "C001", "birthday") not in by_id(queue_json(run, *AS_OF))
    fails(run("queue", "skip", "C001", "--reason", "holiday", *AS_OF), "王芳", "holiday")


def test_snooze_a_week_moves_the_due_day(run: Callable[..., Result], queue_path: Path) -> None:
    key = key_of(queue_json(run, *AS_OF), "C002", "new_customer")

    result = run("queue", "snooze", key, "--week", *AS_OF)

    assert result.exit_code == 0, result.output
    assert "2026-11-30" in result.stdout
    row = by_id(queue_json(run, *AS_OF))[key]
    assert (row["due"], row["days_overdue"], row["snoozed"]) == ("2026-11-30", -7, True)
    assert "(snoozed)" in run("queue", *AS_OF, "--all").stdout  # planned on its new day


@pytest.mark.parametrize(
    ("how", "due"),
    [(("--days", "1"), "2026-11-24"), (("--until", "2026-11-27"), "2026-11-27")],
)
def test_snooze_by_days_or_to_a_date(
    run: Callable[..., Result], queue_path: Path, how: tuple[str, str], due: str
) -> None:
    key = key_of(queue_json(run, *AS_OF), "C004", "at_risk")

    result = run("queue", "snooze", key, *how, *AS_OF)

    assert result.exit_code == 0, result.output
    assert by_id(queue_json(run, *AS_OF))[key]["due"] == due


def test_skip_removes_the_item_and_undo_brings_it_back(
    run: Callable[..., Result], queue_path: Path
) -> None:
    rows = queue_json(run, *AS_OF)
    key = key_of(rows, "C005", "tier_change")

    skipped = run("queue", "skip", key, *AS_OF)
    after_skip = by_id(queue_json(run, *AS_OF))
    undone = run("queue", "undo", key)

    assert skipped.exit_code == 0 and undone.exit_code == 0, skipped.output + undone.output
    assert key not in after_skip
    assert key in undone.stdout
    assert queue_json(run, *AS_OF) == rows


def test_undo_of_a_done_keeps_a_contact_edited_since_and_says_so(
    run: Callable[..., Result], queue_path: Path
) -> None:
    key = key_of(queue_json(run, *AS_OF), "C001", "cadence")
    assert run("queue", "done", key, "--note", "打了电话", *AS_OF).exit_code == 0
    with Book.open(queue_path, today=fixed_clock) as shop:
        (logged,) = shop.interactions_of(1)
        shop.edit_contact(logged.model_copy(update={"note": "客户要两套礼盒，周五送到"}))

    undone = run("--lang", "zh", "queue", "undo", key)

    assert undone.exit_code == 0, undone.output
    assert "已撤销" in undone.stdout and "改过，已保留" in undone.stdout
    with Book.open(queue_path, today=fixed_clock) as shop:
        assert [c.note for c in shop.interactions_of(1)] == ["客户要两套礼盒，周五送到"]


def test_undo_a_snooze_by_customer(run: Callable[..., Result], queue_path: Path) -> None:
    rows = queue_json(run, *AS_OF)
    run("queue", "snooze", key_of(rows, "C002", "new_customer"), "--week", *AS_OF)

    result = run("queue", "undo", "李娜")

    assert result.exit_code == 0, result.output
    assert queue_json(run, *AS_OF) == rows


def test_undo_asks_which_when_a_customer_has_several_handled_items(
    run: Callable[..., Result], queue_path: Path
) -> None:
    rows = queue_json(run, *AS_OF)
    for reason in ("birthday", "cadence"):
        assert run("queue", "skip", key_of(rows, "C001", reason), *AS_OF).exit_code == 0

    fails(run("queue", "undo", "C001"), "王芳 has 2 follow-up items", "skipped")
    fails(run("queue", "undo", "C002"), "李娜 has no done, snoozed or skipped item")
    assert run("queue", "undo", "C001", "--reason", "birthday").exit_code == 0
    assert key_of(rows, "C001", "birthday") in by_id(queue_json(run, *AS_OF))


def test_undo_done_brings_the_item_back_and_deletes_its_contact(
    run: Callable[..., Result], queue_path: Path
) -> None:
    rows = queue_json(run, *AS_OF)
    key = key_of(rows, "C001", "cadence")
    assert run("queue", "done", key, *AS_OF).exit_code == 0

    result = run("queue", "undo", key)

    assert result.exit_code == 0, result.output
    assert queue_json(run, *AS_OF) == rows
    book = Book.open(queue_path, today=fixed_clock)
    assert count(book.conn, "interactions") == 0


def test_the_as_of_given_to_queue_carries_to_its_subcommand(
    run: Callable[..., Result], queue_path: Path
) -> None:
    rows = queue_json(run, "--as-of", "2026-12-23", "--days", "3")
    key = key_of(rows, "C002", "holiday")

    result = run("queue", "--as-of", "2026-12-23", "skip", key)

    assert result.exit_code == 0, result.output
    assert key not in by_id(queue_json(run, "--as-of", "2026-12-23", "--days", "3"))


# ---- refusals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("queue", "--as-of", "2026-02-30"),
        ("queue", "skip", "1:cadence:20704", "--as-of", "2026-02-30"),
        ("queue", "snooze", "1:cadence:20704", "--until", "2026-02-30", *AS_OF),
    ],
)
def test_an_impossible_date_is_a_bad_value_exit_2(
    run: Callable[..., Result], queue_path: Path, args: tuple[str, ...]
) -> None:
    before = queue_json(run, *AS_OF)

    fails(run(*args), "no such date: 2026-02-30 (2026-02 has no day 30)", exit_code=2)
    assert queue_json(run, *AS_OF) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("queue", "done", "1:nonsense:5", *AS_OF), ("is not a follow-up item",)),
        (("queue", "done", "1:cadence:5", *AS_OF), ("not in the follow-up queue: 1:cadence:5",)),
        (("queue", "undo", "1:cadence:5"), ("1:cadence:5 was not done, snoozed or skipped",)),
        (("queue", "skip", "nobody", *AS_OF), ("“nobody” is neither a follow-up item",)),
        (
            ("queue", "snooze", "1:cadence:20704", "--until", "2026-11-20", *AS_OF),
            ("snooze to a day after 2026-11-23 (got 2026-11-20)",),
        ),
        (
            ("queue", "snooze", "1:cadence:20704", "--days", "0", *AS_OF),
            ("snooze to a day after 2026-11-23",),
        ),
    ],
)
def test_bad_input_is_refused_with_the_rule(
    run: Callable[..., Result], queue_path: Path, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    before = queue_json(run, *AS_OF)

    fails(run(*args), *words)
    assert queue_json(run, *AS_OF) == before


def test_refusals_speak_chinese_when_asked(run: Callable[..., Result], queue_path: Path) -> None:
    fails(run("--lang", "zh", "queue", "--as-of", "2026-02-30"), "日期不存在", exit_code=2)
    fails(
        run("--lang", "zh", "queue", "snooze", "1:cadence:20704", "--days", "0", *AS_OF),
        "推迟到的日期须晚于 2026-11-23",
    )


def test_snooze_needs_exactly_one_way_to_say_when(
    run: Callable[..., Result], queue_path: Path
) -> None:
    for how in ((), ("--week", "--days", "3")):
        result = run("queue", "snooze", "1:cadence:20704", *how, *AS_OF)

        assert result.exit_code == 2
        assert "give one of --days N, --until DATE or --week" in result.stderr


# ---- the edges: huge numbers, long notes, undo of an open item ------------------------


@pytest.mark.parametrize("days", ["366", "400", "100000", "999999999999999999999"])
def test_snooze_days_past_a_year_is_refused_naming_the_rule(
    run: Callable[..., Result], queue_path: Path, days: str
) -> None:
    """Past the farthest a snooze goes (past any date too): the rule, not a date's range."""
    before = queue_json(run, *AS_OF)

    result = run("queue", "snooze", "1:cadence:20704", "--days", days, *AS_OF)

    fails(result, "--days", "a snooze goes at most 365 days ahead (up to 2027-11-23)", exit_code=2)
    assert queue_json(run, *AS_OF) == before


def test_snooze_until_past_a_year_is_refused_naming_the_rule(
    run: Callable[..., Result], queue_path: Path
) -> None:
    before = queue_json(run, *AS_OF)

    result = run("queue", "snooze", "1:cadence:20704", "--until", "2027-11-24", *AS_OF)

    fails(result, "at most 365 days ahead (up to 2027-11-23): 2027-11-24 is too far")
    assert queue_json(run, *AS_OF) == before
    result = run("queue", "snooze", "1:cadence:20704", "--days", "365", *AS_OF)
    assert result.exit_code == 0, result.stderr


def test_a_done_note_too_long_is_refused_with_the_rule(
    run: Callable[..., Result], queue_path: Path
) -> None:
    before = queue_json(run, *AS_OF)

    result = run("queue", "done", "1:cadence:20704", "--note", "长" * 6000, *AS_OF)

    fails(result, "note: must be at most")
    assert queue_json(run, *AS_OF) == before


def test_undo_of_an_item_still_in_the_queue_says_it_was_never_handled(
    run: Callable[..., Result], queue_path: Path
) -> None:
    key = next(item["id"] for item in queue_json(run, *AS_OF) if item["name"] == "王芳")

    result = run("queue", "undo", key)

    fails(result, f"{key} was not done, snoozed or skipped: nothing to undo")
    assert "not in the follow-up queue" not in result.stderr


def test_undo_after_snooze_then_skip_leaves_it_snoozed_to_the_same_day(
    run: Callable[..., Result], queue_path: Path
) -> None:
    """Undo goes back one step: the skip's undo gives back the snooze (due on the day it
    was snoozed to), and only a second undo opens the item as it was."""
    rows = queue_json(run, *AS_OF)
    key = key_of(rows, "C002", "new_customer")
    assert run("queue", "snooze", key, "--until", "2026-11-27", *AS_OF).exit_code == 0
    snoozed = queue_json(run, *AS_OF)
    assert run("queue", "skip", key, *AS_OF).exit_code == 0

    first = run("queue", "undo", key)

    assert first.exit_code == 0, first.output
    assert "snoozed until 2026-11-27" in first.stdout
    assert queue_json(run, *AS_OF) == snoozed
    assert by_id(snoozed)[key]["due"] == "2026-11-27" and by_id(snoozed)[key]["snoozed"]
    second = run("queue", "undo", key)
    assert second.exit_code == 0, second.output
    assert queue_json(run, *AS_OF) == rows
    fails(run("queue", "undo", key), f"{key} was not done, snoozed or skipped")


def test_christmas_greetings_stand_apart_from_todays_plan(
    run: Callable[..., Result], queue_path: Path
) -> None:
    result = run("queue", "--as-of", "2026-12-25", "--capacity", "2")

    assert result.exit_code == 0, result.output
    head = result.stdout.splitlines()[0]
    assert "today's plan 2/2" in head and head.endswith("· Christmas greetings: 4")
    plan = result.stdout.split("Christmas greetings, 4 buyers")[0]
    assert ":holiday:" not in plan  # the greetings are not among the plan's rows
    assert "xiaoben queue done --greetings" in result.stdout


def test_queue_done_takes_an_item_or_greetings(
    run: Callable[..., Result], queue_path: Path
) -> None:
    neither = run("queue", "done")
    assert neither.exit_code == 2 and "--greetings" in neither.output
    on_a_plain_day = run("queue", "done", "--greetings")
    assert on_a_plain_day.exit_code == 0, on_a_plain_day.output
    assert "No holiday greetings today." in on_a_plain_day.stdout


def test_queue_says_when_the_cadences_ask_more_than_the_capacity(
    run: Callable[..., Result], queue_path: Path
) -> None:
    keeps_up = run("queue", *AS_OF)
    assert "The cadences ask" not in keeps_up.stdout
    with Book.open(queue_path, today=fixed_clock) as shop:  # every customer every 2 days
        every_other_day = dict.fromkeys(shop.rules().cadence_days, 2)
        shop.set_rules(shop.rules().model_copy(update={"cadence_days": every_other_day}))
    result = run("queue", *AS_OF, "--capacity", "1", "--days", "0")
    assert result.exit_code == 0, result.output
    second = result.stdout.splitlines()[1]
    assert second.startswith("The cadences ask about ") and "the capacity is 1" in second
    assert "Raise the daily capacity in the rules" in second


def test_the_plan_head_writes_every_figure_with_its_thousands_separator() -> None:
    """On a holiday at 3,000 customers: `today's plan 1,754/2,000 · overdue 1,700`, where
    the planned count and the capacity had no separator (1754/2000) beside the others."""
    from xiaoben.cli.plan_text import plan_head

    figures = {"as_of": "2026-12-25", "planned": 1754, "capacity": 2000, "overdue": 1700}
    head = plan_head({**figures, "backlog": 1722})
    assert head.startswith("2026-12-25 today's plan 1,754/2,000 · overdue 1,700 · backlog 1,722")
    open_head = plan_head({**figures, "capacity": 0, "backlog": 0})
    assert open_head.startswith("2026-12-25 today's plan 1,754 (no limit)")
