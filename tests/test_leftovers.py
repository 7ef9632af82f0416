"""What a killed xiaoben left beside the book (a re-keying's copy, a restore's folder) is
removed when the book is next opened to be written: only a gone process's of this
machine, never a live one's or another machine's."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.test_rekey_crash import NEW, OLD, encrypted, rekey_killed
from xiaoben.store import cipher
from xiaoben.store.book import Book
from xiaoben.store.sessions import host_name


def gone_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_re_keyings_copy_is_removed_on_the_next_opening(
    shop_path: Path, open_book: Callable[..., Book]
) -> None:
    encrypted(shop_path, OLD)
    rekey_killed(shop_path, OLD, NEW, "synced")
    left = [p for p in shop_path.parent.iterdir() if p.name.startswith(cipher.REKEY_PREFIX)]
    assert left, "the killed change left its copy"

    Book.open(shop_path, passphrase=OLD).close()

    assert [p.name for p in shop_path.parent.iterdir()] == [shop_path.name]


def test_a_killed_restores_folder_is_removed_and_no_other(
    shop_path: Path, open_book: Callable[..., Book]
) -> None:
    host = host_name()
    folder = shop_path.parent
    dead = folder / f".xiaoben-restore-{gone_pid()}@{host}-abc123"
    live = folder / f".xiaoben-restore-{os.getpid()}@{host}-def456"
    elsewhere = folder / f".xiaoben-restore-{gone_pid()}@not-{host}-ghi789"
    unnamed = folder / ".xiaoben-restore-jkl012"
    for made in (dead, live, elsewhere, unnamed):
        made.mkdir()
        (made / "replica.db").write_bytes(b"half")

    open_book(shop_path).close()

    assert not dead.exists()
    assert live.exists() and elsewhere.exists() and unnamed.exists()
