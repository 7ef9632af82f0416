"""Export: a consistent, private copy of the live book that any SQLite tool can open."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import sqlite_utils

from tests.book_helpers import count, customer
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3


def names(conn: sqlite3.Connection) -> list[str]:
    return [name for (name,) in conn.execute("SELECT name FROM customers ORDER BY id")]


def test_an_export_is_readable_by_the_seller_only(demo_book: Book, tmp_path: Path) -> None:
    target = demo_book.export(tmp_path / "backup.db")

    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_forced_export_replaces_an_older_export_and_stays_private(
    demo_book: Book, tmp_path: Path
) -> None:
    target = tmp_path / "backup.db"
    target.write_text("an old, world-readable file")
    target.chmod(0o644)

    demo_book.export(target, force=True)

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"SQLite format 3\x00")


def test_an_export_holds_the_same_customers_and_passes_the_integrity_check(
    demo_book: Book, tmp_path: Path
) -> None:
    target = demo_book.export(tmp_path / "backup.db")

    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert names(copy) == names(demo_book.conn)
        assert count(copy, "purchases") == count(demo_book.conn, "purchases")
    finally:
        copy.close()


def test_an_export_opens_with_sqlite_utils(demo_book: Book, tmp_path: Path) -> None:
    target = demo_book.export(tmp_path / "backup.db")

    db = sqlite_utils.Database(target)
    try:
        assert db["customers"].count == 60
        assert {"customers", "purchases", "stats", "tiers"} <= set(db.table_names())
    finally:
        db.close()


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 shell is not installed")
def test_an_export_opens_in_the_sqlite3_shell(demo_book: Book, tmp_path: Path) -> None:
    target = demo_book.export(tmp_path / "backup.db")

    shell = subprocess.run(
        ["sqlite3", str(target), "PRAGMA integrity_check; SELECT count(*) FROM customers;"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )

    assert shell.stdout.split() == ["ok", "60"]


def test_an_export_is_a_single_file_without_a_write_ahead_log(
    demo_book: Book, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"

    demo_book.export(folder / "backup.db")

    assert [p.name for p in folder.iterdir()] == ["backup.db"]


def test_exporting_while_another_connection_is_writing_still_works(
    demo_book: Book, tmp_path: Path
) -> None:
    writer = sqlite3.connect(demo_book.path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE customers SET notes = 'not committed yet'")

        target = demo_book.export(tmp_path / "backup.db")

        writer.execute("ROLLBACK")
    finally:
        writer.close()
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert count(copy, "customers", "notes = 'not committed yet'") == 0
        assert count(copy, "customers") == 60
    finally:
        copy.close()


def test_an_export_includes_the_latest_save(demo_book: Book, tmp_path: Path) -> None:
    customer(demo_book, "刚保存的客户")

    target = demo_book.export(tmp_path / "backup.db")

    copy = sqlite3.connect(target)
    try:
        assert names(copy)[-1] == "刚保存的客户"
    finally:
        copy.close()


@pytest.mark.parametrize("suffix", ["xlsx", "csv", "vcf"])
def test_a_long_export_tells_its_progress_table_by_table(
    demo_book: Book, tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export of a large book took minutes with nothing on the screen: each table tells
    the rows written so far, every PROGRESS_EVERY rows (here 25) and at its end."""
    from xiaoben.store.exporting import formats, vcard
    from xiaoben.store.exporting.formats import ExportRequest

    every = 25
    monkeypatch.setattr(formats, "PROGRESS_EVERY", every)
    monkeypatch.setattr(vcard, "PROGRESS_EVERY", every)
    told: list[tuple[str, int]] = []
    request = ExportRequest(progress=lambda table, rows: told.append((table, rows)))

    written = demo_book.export_as(tmp_path / f"all.{suffix}", request)

    assert {name for name, _ in told} == set(written.rows)
    for table, rows in written.rows.items():
        said = [count for name, count in told if name == table]
        assert said == [*range(every, rows + 1, every), rows]
    assert written.rows["customers"] > every  # told along the way, not only at its end
