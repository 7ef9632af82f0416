"""Automatic backups: once a day when a book is opened to be written, private, kept by the
rotation (7 daily, 4 weekly, 12 monthly) over simulated months; listed; restored after the
seller agrees, the book backed up first; an unwritable backup folder never stops a book."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.book_helpers import buy, customer, fixed_clock, start_script
from xiaoben.store import backups, cipher
from xiaoben.store.backups import (
    backup_alongside,
    backup_if_due,
    backup_root,
    folder_of,
    kept,
    list_backups,
    take_backup,
)
from xiaoben.store.book import Book

Run = Callable[..., Result]


def test_the_rotation_keeps_7_daily_4_weekly_and_12_monthly_over_two_years() -> None:
    start = datetime(2025, 1, 1, 9, 0)
    taken: set[datetime] = set()
    for day in range(730):  # a backup every morning for two years, rotated each time
        now = start + timedelta(days=day)
        taken.add(now)
        taken = kept(taken, now)

    now = start + timedelta(days=729)
    days = {moment.date() for moment in taken}
    assert {now.date() - timedelta(days=back) for back in range(7)} <= days
    weeks = {moment.isocalendar()[:2] for moment in taken}
    assert len({(now - timedelta(weeks=back)).isocalendar()[:2] for back in range(4)} & weeks) == 4
    months = {(moment.year, moment.month) for moment in taken}
    assert len(months) == 12
    assert min(taken) >= datetime(now.year - 1, now.month, 1)
    assert len(taken) <= 7 + 4 + 12


def test_the_rotation_keeps_every_backup_of_the_last_day() -> None:
    now = datetime(2026, 5, 10, 18, 0)
    morning, noon, yesterday = (
        now - timedelta(hours=9),
        now - timedelta(hours=6),
        now - timedelta(days=1, hours=1),
    )

    assert kept([morning, noon, yesterday, now], now) == {morning, noon, yesterday, now}
    later = now + timedelta(days=1, hours=1)
    assert kept([morning, noon, now, later], later) == {now, later}  # newest of the 10th


def test_backups_on_disk_follow_the_book_clock_over_months(
    open_book: Callable[..., Book], book_path: Path, tmp_path: Path
) -> None:
    book = open_book(book_path)
    customer(book, "王芳")
    folder = tmp_path / "backups" / "shop"
    first = datetime(2026, 1, 1, 8, 0)
    for day in range(120):
        take_backup(book, folder, first + timedelta(days=day))

    found = list_backups(folder)
    assert 7 + 3 <= len(found) <= 7 + 4 + 12
    assert found[0].taken == first + timedelta(days=119)
    assert {backup.taken.month for backup in found} == {1, 2, 3, 4}
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(backup.path.stat().st_mode) == 0o600 for backup in found)
    assert found[-1].counts()["customers"] == 1


def test_a_writing_command_backs_the_book_up_once_a_day(
    run: Run, shop_path: Path, _close_every_book: object
) -> None:
    folder = folder_of(shop_path)
    assert run("tiers").exit_code == 0
    assert list_backups(folder) == []  # reading commands never write a backup

    assert run("recompute").exit_code == 0
    assert run("recompute").exit_code == 0

    found = list_backups(folder)
    assert len(found) == 1
    assert found[0].taken.date() == fixed_clock()
    assert found[0].counts() == {"customers": 3, "purchases": 5, "contacts": 0, "reminders": 0}
    assert stat.S_IMODE(backup_root().stat().st_mode) == 0o700


def test_a_backup_older_than_a_day_is_followed_by_a_new_one(
    book_path: Path, sandbox: None, tmp_path: Path
) -> None:
    folder = tmp_path / "b"
    with Book.open(book_path, today=lambda: date(2026, 3, 1)) as book:
        made, warning = backup_if_due(book, folder)
        assert made is not None and warning is None
        assert backup_if_due(book, folder) == (None, None)
    with Book.open(book_path, today=lambda: date(2026, 3, 3)) as book:
        made, _ = backup_if_due(book, folder)
    assert made is not None
    assert len(list_backups(folder)) == 2


@pytest.mark.parametrize(
    "take", [backup_if_due, lambda book, folder: backup_alongside(book, folder)()]
)
def test_a_backup_stamped_in_the_future_does_not_stop_todays(
    book_path: Path, sandbox: None, tmp_path: Path, take: Callable[..., Any]
) -> None:
    """Made while the laptop's clock read a wrong year, the clock right again since."""
    folder = tmp_path / "b"
    with Book.open(book_path, today=lambda: date(2027, 3, 1)) as book:
        assert backup_if_due(book, folder)[0] is not None
    with Book.open(book_path, today=lambda: date(2026, 3, 1)) as book:
        made, warning = take(book, folder)
        assert made is not None and warning is None
        assert take(book, folder) == (None, None)  # today's is the recent one now
    assert [backup.taken.year for backup in list_backups(folder)] == [2027, 2026]


def test_a_backup_folder_that_cannot_be_written_never_stops_the_book(
    run: Run, shop_path: Path
) -> None:
    backup_root().parent.mkdir(parents=True, exist_ok=True)
    backup_root().write_text("a file where the folder should be")

    result = run("recompute")

    assert result.exit_code == 0, result.output
    assert "could not back up" in result.stderr
    assert "the book opens as usual" in result.stderr


def test_backups_lists_when_customers_purchases_and_size(run: Run, shop_path: Path) -> None:
    assert run("backups").exit_code == 0
    assert "no backups" in run("backups").stdout
    assert run("backup").exit_code == 0

    listed = run("backups").stdout

    assert "3 customers  5 purchases" in listed
    assert "KB" in listed


def test_restore_shows_what_it_holds_asks_and_keeps_the_book_first(
    run: Run, shop_path: Path
) -> None:
    assert run("backup").exit_code == 0
    with Book.open(shop_path, today=fixed_clock) as book:
        buy(book, customer(book, "新客户", code="C009"), 99, "2026-11-20")

    refused = run("restore", "1", input="n\n")
    assert refused.exit_code == 1
    assert "customers: backup 3" in refused.stdout and "now 4" in refused.stdout
    assert "not restored" in refused.stdout
    with Book.open(shop_path, today=fixed_clock) as book:
        assert book.customer_count() == 4

    agreed = run("restore", "1", input="y\n")

    assert agreed.exit_code == 0, agreed.output
    with Book.open(shop_path, today=fixed_clock) as book:
        assert book.customer_count() == 3
        assert book.find_customer("C009") is None
        assert book.find_customer("C001") is not None
    safety = list_backups(folder_of(shop_path))[0]
    assert str(safety.path) in agreed.stdout
    assert safety.counts()["customers"] == 4  # the book as it was before the restore


def test_restoring_a_backup_the_safety_copy_outdates_keeps_it_and_restores(
    run: Run, shop_path: Path
) -> None:
    # The book's clock says 2026-11-23: a backup of the 1st is kept as the month's newest
    # until the safety copy taken before the restore is; its rotation deleted the very
    # backup being restored, and the restore failed.
    with Book.open(shop_path, today=fixed_clock) as book:
        old = take_backup(book, folder_of(shop_path), datetime(2026, 11, 1, 9, 0))
        buy(book, customer(book, "新客户", code="C009"), 99, "2026-11-20")

    result = run("restore", str(old), "--yes")

    assert result.exit_code == 0, result.output
    assert old.exists()
    with Book.open(shop_path, today=fixed_clock) as book:
        assert book.find_customer("C009") is None and book.customer_count() == 3
    # The next rotation is the rule's own again: the restored backup is spared once.
    with Book.open(shop_path, today=fixed_clock) as book:
        take_backup(book, folder_of(shop_path), datetime(2026, 11, 23, 18, 0))
    assert not old.exists()


def test_restore_refuses_a_file_that_is_no_book(run: Run, shop_path: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"not a database at all, just some notes")

    result = run("restore", bogus, "--yes")

    assert result.exit_code == 1
    with Book.open(shop_path, today=fixed_clock) as book:
        assert book.customer_count() == 3


def test_restore_without_a_terminal_to_answer_says_to_add_yes(run: Run, shop_path: Path) -> None:
    assert run("backup").exit_code == 0

    result = run("restore", "1", input="")

    assert result.exit_code == 1
    assert "Aborted!" not in result.output
    assert "no terminal to answer the question" in result.output and "--yes" in result.output


def test_two_processes_backing_up_in_the_same_second_get_two_names(
    shop_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "backups"
    now = datetime(2026, 12, 3, 8, 11, 31)
    with Book.open(shop_path, today=fixed_clock) as book:
        real = Book.export

        def raced(self: Book, target: Path, **options: Any) -> Path:
            if not target.with_name("20261203-081131.db").exists():
                real(self, target)  # the other process lands its backup first
            return real(self, target, **options)

        monkeypatch.setattr(Book, "export", raced)
        written = take_backup(book, folder, now)

    assert written.name == "20261203-081131.2.db"
    assert sorted(path.name for path in folder.iterdir()) == [
        "20261203-081131.2.db",
        "20261203-081131.db",
    ]


def test_a_backup_taken_alongside_is_the_book_as_it_was_before_the_writes_that_follow(
    shop_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy waits until the writer has written and committed: what it copies is the
    book as it was when backup_alongside returned, on its own thread, and waited for."""
    folder = tmp_path / "backups"
    written = threading.Event()
    threads: list[str] = []
    real = backups.export_copy

    def late(connection: Any, target: Path, **options: Any) -> Path:
        threads.append(threading.current_thread().name)
        assert written.wait(10)
        return real(connection, target, **options)

    monkeypatch.setattr(backups, "export_copy", late)
    with Book.open(shop_path, today=fixed_clock) as book:
        wait = backup_alongside(book, folder)
        wang = book.find_customer("13812345678")
        for amount in ("10", "20", "30"):
            buy(book, wang, amount)
        written.set()
        made, warning = wait()
        assert purchases(book) == 8

    assert warning is None and made is not None
    assert threads == ["xiaoben-backup"]
    assert list_backups(folder)[0].counts()["purchases"] == 5
    assert sorted(path.name for path in folder.iterdir()) == [made.name]  # no copy left aside


def test_a_backup_alongside_is_taken_once_a_day_and_says_why_it_could_not_be(
    shop_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    with Book.open(shop_path, today=fixed_clock) as book:
        made, _ = backup_alongside(book, folder)()
        assert made is not None
        assert backup_alongside(book, folder)() == (None, None)  # not due
        blocked = tmp_path / "file"
        blocked.write_text("a file where the folder should be")
        made, warning = backup_alongside(book, blocked / "backups")()
    assert made is None and warning


def test_a_damaged_copy_taken_alongside_fails_its_quick_check_and_never_lands(
    shop_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy taken beside an import gets the quick check (not the full one, which costs
    the import its time): a page of it damaged after the copy is found, said as a warning,
    and no backup is left behind."""
    folder = tmp_path / "backups"
    checks: list[str] = []
    real = backups.export_copy

    def damaging(connection: Any, target: Path, **options: Any) -> Path:
        checks.append(options["check"])
        return real(connection, target, then=scribble_over_page_two, **options)

    monkeypatch.setattr(backups, "export_copy", damaging)
    with Book.open(shop_path, today=fixed_clock) as book:
        made, warning = backup_alongside(book, folder)()
    assert checks == ["quick_check"]
    assert made is None and warning
    assert not folder.exists() or not any(folder.iterdir())  # neither a backup nor its temp


def scribble_over_page_two(copy: Path, key: object) -> None:
    page = int.from_bytes(copy.read_bytes()[16:18], "big") or 65536
    with copy.open("r+b") as handle:
        handle.seek(page + 8)  # past page two's b-tree header: its cell pointers
        handle.write(b"\xff" * 64)


def test_an_encrypted_books_backup_alongside_is_the_book_as_it_was_encrypted_and_restorable(
    shop_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a plain book's, on its own thread (it was taken before backup_alongside returned,
    before the app's first paint): SQLCipher's export holds the book before backup_alongside
    returns and copies none of the writes that follow. The backup is encrypted under the
    book's key, nothing else is left in the folder, and a restore puts it back."""
    folder = tmp_path / "backups"
    with Book.open(shop_path, today=fixed_clock) as book:
        book.change_passphrase("芝麻开门 2026")
    written = threading.Event()
    threads: list[str] = []
    write_copy = cipher.write_copy

    def late(book: Path, key: Any, temp: Path, copy_key: Any, pinned: Any = None) -> None:
        def then_wait() -> None:  # the book held: the copy goes on once the writes are in
            if pinned is not None:  # (the restore's own backup is taken at once)
                pinned()
            assert written.wait(10)

        threads.append(threading.current_thread().name)
        write_copy(book, key, temp, copy_key, then_wait)

    monkeypatch.setattr(cipher, "write_copy", late)
    with Book.open(shop_path, today=fixed_clock, passphrase="芝麻开门 2026") as book:
        wait = backup_alongside(book, folder)
        wang = book.find_customer("13812345678")
        for amount in ("10", "20", "30"):
            buy(book, wang, amount)
        written.set()
        made, warning = wait()
        assert purchases(book) == 8

        assert warning is None and made is not None
        assert threads == ["xiaoben-backup"]
        assert sorted(path.name for path in folder.iterdir()) == [made.name]
        assert cipher.is_encrypted(made) and made.stat().st_mode & 0o777 == 0o600
        assert not any(text in made.read_bytes() for text in (b"13812345678", "王芳".encode()))
        assert not list_backups(folder)[0].opens()  # without the key
        assert list_backups(folder, book._key)[0].counts()["purchases"] == 5

        backups.restore(book, made, folder)
        assert purchases(book) == 5


def test_an_import_backs_the_book_up_alongside_as_it_was_before_the_import(
    run: Run, shop_path: Path, tmp_path: Path
) -> None:
    orders = tmp_path / "orders.csv"
    orders.write_text("手机,日期,金额\n13812345678,2026-03-01,88\n", encoding="utf-8")

    result = run("import", "purchases", str(orders))

    assert result.exit_code == 0, result.output
    (backup,) = list_backups(folder_of(shop_path))
    assert backup.counts()["purchases"] == 5
    with Book.open(shop_path, today=fixed_clock) as book:
        assert purchases(book) == 6


def purchases(book: Book) -> int:
    return int(book.conn.execute("SELECT count(*) FROM purchases").fetchone()[0])


@pytest.mark.parametrize(
    ("name", "told"),
    [
        (
            "out.csv",
            "for a .csv file use xiaoben export out.csv, for a backup xiaoben backup out.db",
        ),
        ("客户.XLSX", "xiaoben export 客户.XLSX"),
        ("out.vcf", "xiaoben export out.vcf"),
        ("out.bak", "not .bak; use out.db instead"),
    ],
)
def test_a_backup_named_as_another_format_is_refused(
    run: Run, shop_path: Path, tmp_path: Path, name: str, told: str
) -> None:
    """`backup out.csv` wrote a SQLite book named .csv: a seller opening it in Excel sees
    garbage, or thinks it is a spreadsheet export."""
    target = tmp_path / name

    result = run("backup", target)

    assert result.exit_code == 1
    assert ".db, .sqlite or .sqlite3" in result.output and told in result.output
    assert not target.exists()
    zh = run("--lang", "zh", "backup", target)
    assert "须以 .db、.sqlite 或 .sqlite3 结尾" in zh.output and not target.exists()


@pytest.mark.parametrize("name", ["out.db", "out.SQLITE", "out.sqlite3", "out"])
def test_a_backup_named_as_a_book_is_written(
    run: Run, shop_path: Path, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name

    assert run("backup", target).exit_code == 0
    with Book.open(target, today=fixed_clock) as copy:
        assert copy.customer_count() == 3


def _copy_stamped(folder: Path, source: Path, stamp: str) -> Path:
    """A backup file as one copied in from another machine (or taken under a wrong clock)."""
    target = folder / f"{stamp}.db"
    target.write_bytes(source.read_bytes())
    return target


def test_a_backup_stamped_in_the_future_is_listed_apart_after_the_real_ones(
    run: Run, shop_path: Path
) -> None:
    assert run("backup").exit_code == 0
    folder = folder_of(shop_path)
    today = list_backups(folder)[0]
    _copy_stamped(folder, today.path, "20991231-235959")
    _copy_stamped(folder, today.path, "20260101-080000")

    listed = run("backups").stdout.splitlines()

    numbered = [line.split()[:2] for line in listed if line.strip()[:1].isdigit()]
    assert numbered == [
        ["1", today.taken.strftime("%Y-%m-%d")],
        ["2", "2026-01-01"],
        ["3", "2099-12-31"],
    ]
    future = next(n for n, line in enumerate(listed) if "2099-12-31" in line)
    assert "stamped later than now" in listed[future - 1]
    assert all("later than now" not in line for line in listed[: future - 1])


def test_restore_1_takes_the_latest_real_backup_not_a_future_stamped_one(
    run: Run, shop_path: Path
) -> None:
    assert run("backup").exit_code == 0
    folder = folder_of(shop_path)
    with Book.open(shop_path, today=fixed_clock) as book:
        buy(book, customer(book, "新客户", code="C009"), 99, "2026-11-20")
    future = _copy_stamped(folder, list_backups(folder)[0].path, "20991231-235959")
    with Book.open(shop_path, today=fixed_clock) as book:
        future_copy = book.export(folder / "future-source.db")
    future.write_bytes(future_copy.read_bytes())  # the future one holds 新客户, today's not
    future_copy.unlink()

    result = run("restore", "1", "--yes")

    assert result.exit_code == 0, result.output
    assert "2099" not in result.stdout.splitlines()[0]
    with Book.open(shop_path, today=fixed_clock) as book:
        assert book.find_customer("C009") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a thread's own nice is Linux's")
def test_the_copy_alongside_runs_at_the_least_priority_and_leaves_the_callers(
    book_path: Path, sandbox: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large import keeps both cores busy: the day's copy taken beside it yields them."""
    seen: list[int] = []
    take = backups._take

    def taking(*args: Any, **kwargs: Any) -> Any:
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return take(*args, **kwargs)

    monkeypatch.setattr(backups, "_take", taking)
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    with Book.open(book_path) as book:
        made, warning = backup_alongside(book, tmp_path / "b")()
    assert made is not None and warning is None
    assert seen == [19]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before


def test_every_import_that_writes_keeps_the_book_as_it_was_and_says_the_way_back(
    run: Run, shop_path: Path, tmp_path: Path
) -> None:
    """An outside tester's first day: four imports, one backup (the empty book of the
    morning); the third import was the one she regretted. Each import that writes now keeps
    the book as it was before it, and `xiaoben restore 1` is the way back from the last."""
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("手机,日期,金额\n13812345678,2026-03-01,88\n", encoding="utf-8")
    second.write_text("手机,日期,金额\n13812345678,2026-03-02,99\n", encoding="utf-8")

    assert run("import", "purchases", str(first)).exit_code == 0
    result = run("import", "purchases", str(second))

    assert result.exit_code == 0, result.output
    backups = list_backups(folder_of(shop_path))
    assert f"xiaoben restore {backups[0].path.name}" in result.output  # by name: it stays so
    held = [backup.counts()["purchases"] for backup in backups]
    assert held == [6, 5]  # newest first: before the second import, before the first
    restored = run("restore", backups[0].path.name, "--yes")
    assert restored.exit_code == 0, restored.output
    with Book.open(shop_path, today=fixed_clock) as book:
        assert purchases(book) == 6  # the second import undone, the first kept


def test_a_dry_run_or_an_import_that_changes_nothing_keeps_no_way_back(
    run: Run, shop_path: Path, tmp_path: Path
) -> None:
    orders = tmp_path / "orders.csv"
    orders.write_text("手机,日期,金额\n13812345678,2026-03-01,88\n", encoding="utf-8")
    assert run("import", "purchases", str(orders)).exit_code == 0  # the day's, and before it
    taken = len(list_backups(folder_of(shop_path)))

    dry = run("import", "purchases", str(orders), "--dry-run")
    again = run("import", "purchases", str(orders))  # already imported: nothing changes
    bad = tmp_path / "bad.csv"
    bad.write_text("手机,日期,金额\n13812345678,2026-02-30,88\n", encoding="utf-8")
    refused = run("import", "purchases", str(bad))  # refused whole: nothing written

    assert dry.exit_code == 0 and again.exit_code == 0, again.output
    assert refused.exit_code == 1, refused.output
    # none of them keeps a backup: restore 1 stays the way back from the import that wrote
    assert len(list_backups(folder_of(shop_path))) == taken
    assert all("xiaoben restore" not in each.output for each in (dry, again, refused))


def test_restore_is_refused_before_asking_while_the_book_is_open_elsewhere(
    run: Run, shop_path: Path
) -> None:
    """An outside tester: with the app open, restore showed the comparison, asked y/N, and
    only after "y" said the book was open elsewhere. It is refused first, asking nothing."""
    with Book.open(shop_path, today=fixed_clock) as book:
        take_backup(book, folder_of(shop_path), book.now())
    holder = start_script("hold_book.py", shop_path, stdin=subprocess.PIPE)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().split() == ["open", str(holder.pid)]
        result = run("--lang", "en", "restore", "1", input="y\n")
    finally:
        holder.kill()
        holder.wait(timeout=10)

    assert result.exit_code != 0
    assert f"is open in another process ({socket.gethostname()} pid {holder.pid})" in (
        result.output
    )
    assert "Replace the book with this backup?" not in result.output
    with Book.open(shop_path, today=fixed_clock) as book:
        assert purchases(book) == 5  # unchanged
