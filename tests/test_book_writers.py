"""A second writer: another process with the book open is noticed, and a dead one forgotten."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.book_helpers import start_script
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3


@pytest.fixture
def other_process(
    book_path: Path, open_book: Callable[..., Book]
) -> Iterator[subprocess.Popen[str]]:
    """Another process that holds the book open until told otherwise."""
    open_book(book_path).close()
    child = start_script("hold_book.py", book_path, stdin=subprocess.PIPE)
    assert child.stdout is not None
    assert child.stdout.readline().split() == ["open", str(child.pid)]
    yield child
    if child.poll() is None:
        child.kill()
    child.wait(timeout=10)


def tell(child: subprocess.Popen[str], command: str) -> None:
    assert child.stdin is not None
    child.stdin.write(command + "\n")
    child.stdin.close()
    child.wait(timeout=30)


def test_a_second_process_with_the_book_open_is_listed(
    other_process: subprocess.Popen[str], book_path: Path, open_book: Callable[..., Book]
) -> None:
    book = open_book(book_path)

    assert book.other_writers() == [(socket.gethostname(), other_process.pid)]


def test_a_book_alone_has_no_other_writers(book: Book) -> None:
    assert book.other_writers() == []


def test_a_second_process_that_closed_the_book_is_no_longer_listed(
    other_process: subprocess.Popen[str], book_path: Path, open_book: Callable[..., Book]
) -> None:
    book = open_book(book_path)

    tell(other_process, "close")

    assert other_process.returncode == 0
    assert book.other_writers() == []


def test_a_dead_process_is_cleaned_from_the_sessions_on_the_next_open(
    other_process: subprocess.Popen[str], book_path: Path, open_book: Callable[..., Book]
) -> None:
    tell(other_process, "vanish")  # exits without closing: its session row stays behind
    assert sessions(book_path) == [other_process.pid]

    book = open_book(book_path)

    assert book.other_writers() == []
    assert sessions(book_path) == [os.getpid()]


def sessions(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [pid for (pid,) in conn.execute("SELECT pid FROM sessions ORDER BY pid")]
    finally:
        conn.close()
