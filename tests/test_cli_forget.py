"""`xiaoben forget`: a customer who asks to be deleted is erased for good, after the
seller is told what goes, that it cannot be undone and that older backups keep them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.book_helpers import buy, customer, fixed_clock
from xiaoben.store.book import Book
from xiaoben.store.schema import CUSTOMER_IDS_GIVEN


@pytest.fixture
def wang(book_path: Path) -> Path:
    with Book.open(book_path, today=fixed_clock) as book:
        person = customer(book, "王小明", code="C001", phones=["13800138000"], wechat="wx_wang01")
        buy(book, person, 300, "2026-10-01")
        customer(book, "李娜", phones=["13900139000"])
    return book_path


NAMING_META = ("plan_kept", "overview_kept")


def names(path: Path) -> list[str]:
    with Book.open(path, today=fixed_clock) as book:
        return [row[0] for row in book.conn.execute("SELECT name FROM customers ORDER BY id")]


def test_forget_says_what_is_erased_and_asks(run: Callable[..., Any], wang: Path) -> None:
    result = run("forget", "C001", input="n\n")
    assert result.exit_code == 1
    assert "Forget 王小明 (C001) for good?" in result.output
    assert "cannot be undone" in result.output and "Backups and copies" in result.output
    assert names(wang) == ["王小明", "李娜"]  # said no: nothing erased


def test_forget_with_yes_erases_the_customer_and_their_purchases(
    run: Callable[..., Any], wang: Path
) -> None:
    result = run("forget", "13800138000", "--yes")
    assert result.exit_code == 0, result.output
    assert "王小明 (C001) forgotten for good" in result.output
    assert names(wang) == ["李娜"]
    with Book.open(wang, today=fixed_clock) as book:
        assert book.conn.execute("SELECT count(*) FROM purchases").fetchone() == (0,)
    assert "wx_wang01" not in run("export", str(wang.parent / "all.csv")).output
    assert "王小明" not in (wang.parent / "all.csv").read_text(encoding="utf-8-sig")


def test_forget_of_no_such_customer_says_how_customers_are_named(
    run: Callable[..., Any], wang: Path
) -> None:
    result = run("forget", "C999", "--yes")
    assert result.exit_code != 0
    assert "no customer “C999”" in result.output


# ---- the backups made before: counted, and rewritten without them on request ----------


def _take_backups(path: Path, *days: str) -> list[Path]:
    """A backup of the book on each day (as opening it each morning would take)."""
    from datetime import datetime

    from xiaoben.store.backups import folder_of, take_backup

    with Book.open(path, today=fixed_clock) as book:
        return [
            take_backup(book, folder_of(path), datetime.fromisoformat(f"{day} 09:00"))
            for day in days
        ]


def _rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in rowid order where there is one."""
    import sqlite3

    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {table: conn.execute(f'SELECT * FROM "{table}"').fetchall() for table in tables}
    finally:
        conn.close()


def _without_customer(rows: dict[str, list[tuple[Any, ...]]], path: Path, customer_id: int):
    """`rows` less the rows about customer `customer_id` (by the tables' customer columns)."""
    import sqlite3

    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        kept = {}
        for table, found in rows.items():
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            at = columns.index("id") if table == "customers" else None
            if "customer_id" in columns:
                at = columns.index("customer_id")
            kept[table] = [row for row in found if at is None or row[at] != customer_id]
        return kept
    finally:
        conn.close()


def test_forget_counts_the_backups_that_still_hold_them_and_names_the_command(
    run: Callable[..., Any], wang: Path
) -> None:
    _take_backups(wang, "2026-11-01", "2026-11-20")

    result = run("forget", "C001", "--yes")

    assert result.exit_code == 0, result.output
    assert "2 backups made before still hold 王小明 (C001)" in result.output
    assert f"xiaoben --db {wang} backups --forget 1" in result.output


def test_forget_says_nothing_of_backups_made_before_the_customer_came(
    run: Callable[..., Any], book_path: Path
) -> None:
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "李娜", phones=["13900139000"])
    _take_backups(book_path, "2026-11-01")
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "王小明", code="C001")

    result = run("forget", "C001", "--yes")

    assert result.exit_code == 0, result.output
    assert "still hold 王小明" not in result.output and "backups --forget" not in result.output


def test_backups_forget_rewrites_those_backups_without_them_and_nothing_else(
    run: Callable[..., Any], wang: Path
) -> None:
    made = _take_backups(wang, "2026-11-01", "2026-11-20")
    before = {path: _rows(path) for path in made}
    assert run("forget", "C001", "--yes").exit_code == 0

    refused = run("backups", "--forget", "1", input="n\n")
    assert refused.exit_code == 1
    assert "Rewrite 2 backups without 王小明 (C001)?" in refused.output
    assert {path: _rows(path) for path in made} == before

    agreed = run("backups", "--forget", "1", input="y\n")

    assert agreed.exit_code == 0, agreed.output
    assert "2 backups rewritten without 王小明 (C001)" in agreed.output
    for path in made:
        after = _rows(path)
        # day_totals sums the purchases by day (kept by triggers): 王小明's were the only ones
        assert after.pop("day_totals") == []
        expected = _without_customer(before[path], path, 1)
        expected.pop("day_totals")
        # the kept plan and overview (they name customers) go; the figures are made again
        # from the rows when the backup is next opened as a book
        meta = [row for row in expected.pop("meta") if row[0] not in NAMING_META]
        # the backup, restored, never gives their #1 to another customer either
        meta = [row for row in meta if row[0] != CUSTOMER_IDS_GIVEN]
        meta += [(CUSTOMER_IDS_GIVEN, "1"), ("needs_rebuild", "1")]
        assert sorted(after.pop("meta")) == sorted(meta)
        assert after == expected
        assert [row[2] for row in after["customers"]] == ["李娜"]
        assert b"13800138000" not in path.read_bytes() and b"wx_wang01" not in path.read_bytes()
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert "still hold" not in run("backups", "--forget", "1").output  # nothing left to do
    assert "no backup holds customer #1" in run("backups", "--forget", "1").output


def test_backups_forget_refuses_a_customer_the_book_still_has(
    run: Callable[..., Any], wang: Path
) -> None:
    made = _take_backups(wang, "2026-11-01")
    before = _rows(made[0])

    result = run("backups", "--forget", "1", "--yes")

    assert result.exit_code == 1
    assert "the book still has customer #1 王小明 (C001)" in result.output
    assert _rows(made[0]) == before


def _put_back(backup: Path, path: Path) -> None:
    """The book (closed) replaced by `backup`, as a restore replaces it."""
    import shutil

    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    shutil.copyfile(backup, path)


def _two_records_of_one_person(path: Path) -> None:
    """张三 (#1) and, a second later, 张三丰 (#2): two records of one person, who bought."""
    with Book.open(path, today=fixed_clock) as book:
        zhang = customer(book, "张三", phones=["13800138001"])
        feng = customer(book, "张三丰", phones=["13800138009"])
        buy(book, zhang, 100, "2026-10-01")
        buy(book, feng, 200, "2026-10-02")
        book.conn.execute(
            "UPDATE customers SET created_at = '2026-09-01 10:00:01' WHERE id = 2"
        )  # imported a second after 张三
        book.conn.execute("UPDATE customers SET created_at = '2026-09-01 10:00:00' WHERE id = 1")


def test_backups_forget_refuses_the_survivor_of_a_merge(
    run: Callable[..., Any], book_path: Path
) -> None:
    _two_records_of_one_person(book_path)
    made = _take_backups(book_path, "2026-11-01")
    before = _rows(made[0])
    assert run("merge", "#2", "#1", "--yes").exit_code == 0  # #2 takes #1's creation stamp

    result = run("backups", "--forget", "2", "--yes")

    assert result.exit_code == 1
    assert "the book still has customer #2 张三丰" in result.output
    assert _rows(made[0]) == before


def test_backups_forget_refuses_an_archived_customer(run: Callable[..., Any], wang: Path) -> None:
    made = _take_backups(wang, "2026-11-01")
    with Book.open(wang, today=fixed_clock) as book:
        book.conn.execute("UPDATE customers SET archived = 1 WHERE id = 1")
    before = _rows(made[0])

    result = run("backups", "--forget", "1", "--yes")

    assert "the book still has customer #1 王小明 (C001)" in result.output
    assert _rows(made[0]) == before


def test_backups_forget_of_an_id_never_forgotten_is_refused_saying_why(
    run: Callable[..., Any], wang: Path
) -> None:
    made = _take_backups(wang, "2026-11-01")
    with Book.open(wang, today=fixed_clock) as book:  # #2 gone without a forget (an old one)
        book.conn.execute("PRAGMA foreign_keys = ON")
        book.conn.execute("DELETE FROM customers WHERE id = 2")
    before = _rows(made[0])

    result = run("backups", "--forget", "2", "--yes")

    assert result.exit_code == 1
    assert "the book has no record of forgetting customer #2" in result.output
    assert "left as they were" in result.output
    assert _rows(made[0]) == before


def _id_given_again(book_path: Path) -> list[Path]:
    """A book whose #3, 赵六, is in the backups only (the first put back, as `restore` does)
    and given again to 孙七: the two backups, of before and after 赵六 came."""
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "张三", phones=["13800138001"])
        customer(book, "李四", phones=["13800138002"])
    first = _take_backups(book_path, "2026-11-01")[0]
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "赵六", phones=["13800138006"])  # #3
    made = [first, *_take_backups(book_path, "2026-11-02")]
    _put_back(first, book_path)
    with Book.open(book_path, today=fixed_clock) as book:
        assert customer(book, "孙七", phones=["13800138007"]).id == 3
    return made


def test_another_customer_given_the_id_after_a_restore_is_not_erased_from_backups(
    run: Callable[..., Any], book_path: Path
) -> None:
    made = _id_given_again(book_path)
    before = {path: _rows(path) for path in made}

    said = run("forget", "孙七", "--yes").output

    assert "backups --forget" not in said, said  # no backup holds 孙七
    assert "backup holds another customer as #3, not the one forgotten" in said
    result = run("backups", "--forget", "3", "--yes")
    assert result.exit_code == 0, result.output
    assert "no backup holds customer #3" in result.output
    assert "another customer as #3" in result.output
    assert {path: _rows(path) for path in made} == before  # 赵六 kept


def test_forgetting_the_survivor_of_a_merge_erases_both_records_from_the_backups(
    run: Callable[..., Any], book_path: Path
) -> None:
    _two_records_of_one_person(book_path)
    made = _take_backups(book_path, "2026-11-01")[0]
    assert run("merge", "#2", "#1", "--yes").exit_code == 0

    said = run("forget", "#2", "--yes").output
    assert "1 backup made before still holds 张三丰" in said, said
    result = run("backups", "--forget", "2", "--yes")

    assert result.exit_code == 0, result.output
    assert "1 backup rewritten without 张三丰" in result.output
    data = made.read_bytes()
    for trace in ("张三", "13800138001", "13800138009"):
        assert trace.encode() not in data, trace
    assert _rows(made)["customers"] == [] and _rows(made)["purchases"] == []


def test_the_backups_of_a_book_that_pruned_old_merges_may_hold_them_under_another_record(
    run: Callable[..., Any], wang: Path
) -> None:
    _take_backups(wang, "2026-11-01")
    with Book.open(wang, today=fixed_clock) as book:
        book.conn.execute("INSERT INTO meta (key, value) VALUES ('merges_pruned_through', '3')")

    said = run("forget", "C001", "--yes").output

    assert "1 backup made before still holds 王小明 (C001)" in said
    assert "may still hold them under that record" in said


def test_forget_says_encrypted_backups_were_not_checked(
    run: Callable[..., Any], wang: Path, tmp_path: Path
) -> None:
    from xiaoben.store.backups import folder_of

    made = _take_backups(wang, "2026-11-01")
    other = tmp_path / "other.db"
    with Book.open(other, today=fixed_clock) as book:
        customer(book, "王小明", code="C001")
        book.change_passphrase("another passphrase")
    locked = folder_of(wang) / "20261105-090000.db"
    locked.write_bytes(other.read_bytes())
    locked_bytes = locked.read_bytes()

    said = run("forget", "C001", "--yes").output
    assert "1 backup made before still holds 王小明 (C001)" in said
    assert "1 encrypted backup could not be checked" in said

    result = run("backups", "--forget", "1", "--yes")

    assert result.exit_code == 0, result.output
    assert "1 backup rewritten" in result.output
    assert "1 encrypted backup could not be checked" in result.output
    assert locked.read_bytes() == locked_bytes
    assert [row[2] for row in _rows(made[0])["customers"]] == ["李娜"]


def test_an_encrypted_books_backups_are_checked_and_rewritten_under_its_key(
    run: Callable[..., Any], wang: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _take_backups(wang, "2026-10-01")  # made before the book was encrypted
    with Book.open(wang, today=fixed_clock) as book:
        book.change_passphrase("芝麻开门 open sesame")
    monkeypatch.setenv("XIAOBEN_PASSPHRASE", "芝麻开门 open sesame")
    assert run("backup").exit_code == 0

    said = run("forget", "C001", "--yes").output
    assert "2 backups made before still hold 王小明 (C001)" in said, said
    assert "could not be checked" not in said

    result = run("backups", "--forget", "1", "--yes")

    assert result.exit_code == 0, result.output
    assert "2 backups rewritten without 王小明 (C001)" in result.output
    assert b"13800138000" not in plain[0].read_bytes()
    assert "no backup holds customer #1" in run("backups", "--forget", "1").output


def _bytes_of(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in folder.iterdir() if path.is_file())


def test_no_byte_of_their_name_stays_in_the_book_or_the_rewritten_backup(
    run: Callable[..., Any], wang: Path
) -> None:
    assert run("queue").exit_code == 0  # the kept plan: names, details, message drafts
    with Book.open(wang, today=fixed_clock) as book:
        (plan,) = book.conn.execute("SELECT value FROM meta WHERE key = 'plan_kept'").fetchone()
    assert "王小明" in plan
    (made,) = _take_backups(wang, "2026-11-01")

    assert run("forget", "C001", "--yes").exit_code == 0

    for trace in ("王小明", "13800138000", "wx_wang01"):
        assert trace.encode() not in _bytes_of(wang.parent), trace
    assert run("backups", "--forget", "1", "--yes").exit_code == 0
    for trace in ("王小明", "13800138000", "wx_wang01"):
        assert trace.encode() not in made.read_bytes(), trace


def test_a_rewritten_backup_no_longer_counts_the_referral_they_were(
    run: Callable[..., Any], book_path: Path, tmp_path: Path
) -> None:
    import shutil

    with Book.open(book_path, today=fixed_clock) as book:
        zhang = customer(book, "张三")
        li = customer(book, "李四", referred_by=zhang.id)
        buy(book, zhang, 300, "2026-10-01")
        buy(book, li, 100, "2026-10-02")
        assert book.conn.execute("SELECT role FROM tiers WHERE customer_id = 1").fetchone() == (
            "fan",
        )
    (made,) = _take_backups(book_path, "2026-11-01")
    assert run("forget", "李四", "--yes").exit_code == 0

    assert run("backups", "--forget", "2", "--yes").exit_code == 0

    assert _referrals(made) == {1: 0}
    restored = shutil.copyfile(made, tmp_path / "restored.db")
    with Book.open(restored, today=fixed_clock) as book:  # as a restore opens it
        assert book.conn.execute("SELECT role FROM tiers WHERE customer_id = 1").fetchone() == (
            "customer",
        )


def _referrals(path: Path) -> dict[int, int]:
    import sqlite3

    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT customer_id, referrals FROM stats"))
    finally:
        conn.close()


# ---- a restore forgets nobody's forget ------------------------------------------------


def test_a_restored_backup_that_still_held_a_forgotten_customer_loses_them_again(
    run: Callable[..., Any], wang: Path
) -> None:
    made = _take_backups(wang, "2026-11-01")[0]
    assert run("forget", "C001", "--yes").exit_code == 0

    result = run("restore", str(made), "--yes")

    assert result.exit_code == 0, result.output
    assert "the backup still held 王小明 (C001), whom you had forgotten: erased again" in (
        result.output
    )
    assert names(wang) == ["李娜"]
    rows = _rows(wang)
    assert all("王小明" not in repr(row) for table in rows.values() for row in table)
    assert all("wx_wang01" not in repr(row) for table in rows.values() for row in table)
    with Book.open(wang, today=fixed_clock) as book:
        assert book.conn.execute("SELECT count(*) FROM purchases").fetchone() == (0,)
        assert book.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The forget is still known after the restore: the backup is rewritten on request.
    rewritten = run("backups", "--forget", "1", "--yes")
    assert rewritten.exit_code == 0, rewritten.output
    assert "without 王小明 (C001)" in rewritten.output
    assert "王小明" not in repr(_rows(made))


def test_a_restore_keeps_another_customer_later_given_a_forgotten_customers_id(
    run: Callable[..., Any], book_path: Path
) -> None:
    second = _id_given_again(book_path)[1]
    assert run("forget", "孙七", "--yes").exit_code == 0

    result = run("--lang", "zh", "restore", str(second), "--yes")

    assert result.exit_code == 0, result.output
    assert "永久删除" not in result.output  # 赵六 is not 孙七
    assert names(book_path) == ["张三", "李四", "赵六"]


def test_a_restore_before_a_merge_loses_both_records_of_a_forgotten_survivor(
    run: Callable[..., Any], book_path: Path
) -> None:
    _two_records_of_one_person(book_path)
    made = _take_backups(book_path, "2026-11-01")[0]
    assert run("merge", "#2", "#1", "--yes").exit_code == 0
    assert run("forget", "#2", "--yes").exit_code == 0

    result = run("--lang", "zh", "restore", str(made), "--yes")

    assert result.exit_code == 0, result.output
    said = "备份里还有你已永久删除的 张三 (#1)、张三丰 (#2)：已从恢复后的账本中再次删除"
    assert said in result.output
    assert names(book_path) == []
    with Book.open(book_path, today=fixed_clock) as book:
        assert book.conn.execute("SELECT count(*) FROM purchases").fetchone() == (0,)
