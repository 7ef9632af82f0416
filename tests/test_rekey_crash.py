"""A passphrase change killed (SIGKILL, real processes) at any point leaves a book that
opens with the old passphrase or the new one — never neither — and holds every row."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.book_helpers import REPO, SCRIPTS, buy, customer, fixed_clock, python_env
from xiaoben.models.errors import BookError
from xiaoben.store import cipher
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3

pytestmark = pytest.mark.slow

OLD, NEW = "旧口令 old", "新口令 new"
POINTS = ("start", "copied", "synced", "renamed")


_BOOKKEEPING = (
    "'plan_marker'",
    "'plan_kept'",
    "'purchase_model_tried'",
    "'tiers_exact'",  # the marker the kept tiers were made at
    "'overview_kept'",  # the overview `xiaoben report` kept
)


def rows(conn: sqlite3.Connection) -> list[str]:
    """Every row of every table but the session registry and the plan's bookkeeping, as
    text."""
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'sessions'"
            " ORDER BY name"
        )
    ]
    # The plan's change marker and kept plan (and the tiers and overview kept beside it)
    # count openings and writes, and the purchase
    # model's last vain try is redone by whichever process opens the book next: bookkeeping,
    # not the seller's data.
    return [
        f"{table}: {row!r}"
        for table in tables
        for row in sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"')))
        if not (table == "meta" and any(key in row for key in _BOOKKEEPING))
    ]


def contents(path: Path, passphrase: str | None) -> list[str] | None:
    """The book's rows opened with `passphrase`, or None if that does not open it."""
    try:
        book = Book.open(path, today=fixed_clock, create=False, passphrase=passphrase)
    except BookError as refused:
        assert refused.key in ("store.wrong_passphrase", "store.encrypted_book"), refused.key
        return None
    with book:
        return rows(book.conn)


def rekey_killed(path: Path, old: str | None, new: str | None, point: str) -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "rekey_killed.py"), path, old or "-", new or "-", point],
        cwd=REPO,
        env=python_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, -9), done.stderr
    return done.stdout


@pytest.fixture
def shop(book_path: Path) -> Path:
    with Book.open(book_path, today=fixed_clock) as book:
        for number in range(40):
            buy(
                book, customer(book, f"客户{number}", phones=[f"1390000{number:04d}"]), 100 + number
            )
    return book_path


def encrypted(path: Path, passphrase: str) -> None:
    with Book.open(path, today=fixed_clock, create=False) as book:
        book.change_passphrase(passphrase)


@pytest.mark.parametrize("point", POINTS)
def test_a_change_killed_anywhere_opens_with_one_of_the_two(shop: Path, point: str) -> None:
    encrypted(shop, OLD)
    before = contents(shop, OLD)
    assert before

    assert rekey_killed(shop, OLD, NEW, point).strip() == "dying"

    with_old, with_new = contents(shop, OLD), contents(shop, NEW)
    assert (with_old is None) != (with_new is None), "opens with exactly one passphrase"
    assert (with_new if with_old is None else with_old) == before
    # The rename is the moment: before it the old passphrase, after it the new one.
    assert (with_new is not None) == (point == "renamed")


@pytest.mark.parametrize("point", POINTS)
def test_encrypting_killed_anywhere_leaves_the_plain_book_or_the_encrypted_one(
    shop: Path, point: str
) -> None:
    before = contents(shop, None)

    rekey_killed(shop, None, NEW, point)

    assert cipher.is_encrypted(shop) == (point == "renamed")
    assert contents(shop, NEW if point == "renamed" else None) == before


@pytest.mark.parametrize("point", POINTS)
def test_decrypting_killed_anywhere_leaves_the_encrypted_book_or_the_plain_one(
    shop: Path, point: str
) -> None:
    encrypted(shop, OLD)
    before = contents(shop, OLD)

    rekey_killed(shop, OLD, None, point)

    assert cipher.is_encrypted(shop) == (point != "renamed")
    assert contents(shop, None if point == "renamed" else OLD) == before


def test_the_next_change_sweeps_what_a_killed_one_left(shop: Path) -> None:
    encrypted(shop, OLD)
    rekey_killed(shop, OLD, NEW, "synced")
    left = [p.name for p in shop.parent.iterdir() if p.name.startswith(cipher.REKEY_PREFIX)]
    assert left, "the killed change left its copy"

    assert rekey_killed(shop, OLD, NEW, "never").strip() == "rekeyed"

    assert [p.name for p in shop.parent.iterdir()] == [shop.name]
    assert contents(shop, NEW)


def test_a_change_killed_at_a_random_moment_of_the_real_command(shop: Path) -> None:
    """The command itself (`xiaoben passphrase change`), killed after a few delays."""
    import os
    import time

    encrypted(shop, OLD)
    before = contents(shop, OLD)
    passphrases = [OLD, NEW]
    for delay in (0.3, 0.6, 0.9, 1.2, 2.0):
        old, new = passphrases
        env = python_env() | {"XIAOBEN_PASSPHRASE": old, "XIAOBEN_NEW_PASSPHRASE": new}
        command = [sys.executable, "-m", "xiaoben.cli", "--db", str(shop), "passphrase", "change"]
        child = subprocess.Popen(command, cwd=REPO, env=env, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.kill()
        child.wait()
        with_old, with_new = contents(shop, old), contents(shop, new)
        assert (with_old is None) != (with_new is None), delay
        assert (with_new if with_old is None else with_old) == before
        if with_new is not None:
            passphrases.reverse()
        assert os.stat(shop).st_mode & 0o777 == 0o600
