"""`xiaoben export`: a consistent private copy of the book, for backups and other tools."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from xiaoben.store.driver import sqlite3


def test_export_writes_a_private_copy_that_sqlite_opens(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "backup" / "copy.db"

    result = run("export", str(target))

    assert result.exit_code == 0, result.output
    assert str(target) in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM customers").fetchone() == (3,)
    finally:
        conn.close()


def test_export_refuses_to_overwrite_a_file_without_force(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "thesis.db"
    target.write_bytes(b"four years of work")

    refused = run("export", str(target))

    assert refused.exit_code == 1
    assert str(target) in refused.output
    assert "--force" in refused.output
    assert target.read_bytes() == b"four years of work"
    forced = run("export", "--force", str(target))
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes().startswith(b"SQLite format 3\x00")


def test_export_never_follows_a_symlink_onto_another_file(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.txt"
    other.write_bytes(b"not yours to overwrite")
    link = tmp_path / "link.db"
    link.symlink_to(other)

    for args in (("export", str(link)), ("export", "--force", str(link))):
        result = run(*args)
        assert result.exit_code == 1
        assert "symbolic link" in result.output
    assert other.read_bytes() == b"not yours to overwrite"
    assert link.is_symlink()


def test_export_never_writes_onto_the_live_book(
    run: Callable[..., Result], shop_path: Path
) -> None:
    before = shop_path.read_bytes()

    for target in (shop_path, Path(f"{shop_path}-wal")):
        result = run("export", "--force", str(target))
        assert result.exit_code == 1
        assert "the book itself" in result.output
    assert run("tiers").exit_code == 0
    assert shop_path.read_bytes()[:100] == before[:100]


def test_export_creates_missing_folders_private(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "new" / "deeper" / "copy.db"

    assert run("export", str(target)).exit_code == 0

    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new" / "deeper").stat().st_mode) == 0o700
    assert not list(target.parent.glob(".xiaoben-export-*"))


def test_a_copy_made_while_the_app_has_the_book_open_warns_of_no_other_writer(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    # The copy kept the sessions row of the app open on the book: every write on the copy
    # warned that another process was writing it, while nothing had it open.
    from tests.book_helpers import fixed_clock
    from xiaoben.store.book import Book

    target = tmp_path / "copy.db"
    with Book.open(shop_path, today=fixed_clock):  # as the app on the book, in this process
        assert run("export", str(target)).exit_code == 0
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    finally:
        conn.close()

    with Book.open(target, today=fixed_clock) as copy:
        assert copy.other_writers() == []


def test_ctrl_c_during_an_export_is_said_in_the_sellers_language(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path, monkeypatch
) -> None:
    # Was click's English "Aborted!" under --lang zh.
    from xiaoben.store.book import Book

    def pressed_ctrl_c(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Book, "export_as", pressed_ctrl_c)

    result = run("--lang", "zh", "export", str(tmp_path / "客户.xlsx"))

    assert result.exit_code == 1
    assert "已取消" in result.output and "Aborted" not in result.output
    assert not (tmp_path / "客户.xlsx").exists()
