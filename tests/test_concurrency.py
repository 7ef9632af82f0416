"""Two app instances on one book: neither silently overwrites the other, and neither hangs."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.book_helpers import customer, start_script
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3

pytestmark = pytest.mark.slow


def wait_for(files: list[Path], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not all(file.exists() for file in files):
        assert time.monotonic() < deadline, f"never appeared: {files}"
        time.sleep(0.01)


def finish(child: subprocess.Popen[str]) -> str:
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 0, out
    return out


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def shared_customer(book_path: Path, open_book: Callable[..., Book]) -> int:
    with open_book(book_path) as book:
        wang = customer(book, "王芳", code="C001")
    assert wang.id is not None
    return wang.id


def test_two_instances_saving_one_customer_exactly_one_wins(
    book_path: Path, shared_customer: int, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    signals = tmp_path / "signals"
    signals.mkdir()
    rivals = {
        who: start_script("rival_save.py", book_path, shared_customer, who, signals)
        for who in ("left", "right")
    }
    wait_for([signals / "left.ready", signals / "right.ready"])

    (signals / "go").touch()

    outcomes = {who: finish(child).splitlines() for who, child in rivals.items()}
    assert all(lines[0] == "loaded 1" for lines in outcomes.values())
    results = sorted(lines[-1] for lines in outcomes.values())
    assert results[0].startswith("conflict")
    assert results[1] == "saved 2"
    assert "changed elsewhere" in results[0] and "Reload" in results[0]
    assert "已在别处（另一个窗口或命令）修改" in results[0]
    winner = next(who for who, lines in outcomes.items() if lines[-1] == "saved 2")
    with open_book(book_path) as book:
        stored = book.get_customer(shared_customer)
        assert (stored.version, stored.notes) == (2, f"saved by {winner}")
    assert integrity(book_path) == "ok"


def test_a_save_waits_for_another_writer_instead_of_failing(
    book_path: Path, shared_customer: int, tmp_path: Path
) -> None:
    signals = tmp_path / "signals"
    signals.mkdir()
    saver = start_script("rival_save.py", book_path, shared_customer, "waiting", signals)
    wait_for([signals / "waiting.ready"])
    other = sqlite3.connect(book_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        other.execute("UPDATE meta SET value = value WHERE key = 'rules'")
        (signals / "go").touch()
        time.sleep(1.0)
        assert saver.poll() is None  # still waiting, not failed
        other.execute("COMMIT")
    finally:
        other.close()

    assert finish(saver).splitlines()[-1] == "saved 2"
    assert integrity(book_path) == "ok"
