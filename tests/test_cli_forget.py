"""`xiaoben forget`: a customer who asks to be deleted is erased for good, after the
seller is told what goes, that it cannot be undone and that older backups keep them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.book_helpers import buy, customer, fixed_clock
from xiaoben.store.book import Book


@pytest.fixture
def wang(book_path: Path) -> Path:
    with Book.open(book_path, today=fixed_clock) as book:
        person = customer(book, "王小明", code="C001", phones=["13800138000"], wechat="wx_wang01")
        buy(book, person, 300, "2026-10-01")
        customer(book, "李娜", phones=["13900139000"])
    return book_path


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
        assert after == expected
        assert [row[2] for row in after["customers"]] == ["李娜"]
        assert b"13800138000" not in path.read_bytes() and b"wx_wang01" not in path.read_bytes()
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert "still hold" not in run("backups", "--forget", "1").output  # nothing left to do
    assert "no backup holds customer #1" in run("backups", "--forget", "1").output


def test_backups_forget_leaves_a_customer_the_book_still_has(
    run: Callable[..., Any], wang: Path
) -> None:
    made = _take_backups(wang, "2026-11-01")
    before = _rows(made[0])

    result = run("backups", "--forget", "1", "--yes")

    assert result.exit_code == 0, result.output
    assert "no backup holds customer #1" in result.output
    assert _rows(made[0]) == before


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
