"""The real app on an encrypted book, killed (SIGKILL) while the day's backup is written
beside it: what the killed copy left is never offered by `xiaoben backups` or restore,
holds nothing in clear text, and is swept by the next backup into the folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from tests.book_helpers import buy, customer
from tests.tui.test_real_terminal import TMUX, Terminal, terminal  # noqa: F401 - the fixture
from xiaoben.store.backups import folder_of, list_backups, take_backup
from xiaoben.store.book import Book
from xiaoben.store.sessions import alive

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]

PASSPHRASE = "芝麻开门 2026"
# The app as `xiaoben` starts it, its backup held at POINT (the test's hook, in the child):
# "held", the copy holding the book in its read transaction, the new file made; "written",
# the copy whole in its temporary file, not yet checked nor landed. There the backup's
# thread says its process id and waits to be killed.
APP = [
    sys.executable,
    "-c",
    """
import os, threading
from xiaoben.store import cipher, files

def hold():
    with open(os.environ["BACKUP_HELD"], "w") as said:
        said.write(str(os.getpid()))
    threading.Event().wait(120)

if os.environ["BACKUP_POINT"] == "held":
    write_copy = cipher.write_copy

    def holding(book, key, temp, copy_key, pinned=None):
        def then_hold():
            pinned()
            hold()
        write_copy(book, key, temp, copy_key, then_hold)

    cipher.write_copy = holding
else:
    check_copy = files._check_copy

    def checking(*args):
        hold()
        check_copy(*args)

    files._check_copy = checking

from xiaoben.cli.__main__ import main
main()
""",
]


def xiaoben(env: dict[str, str], book: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "xiaoben.cli", "--db", str(book), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("point", ["held", "written"])
def test_an_app_killed_during_its_encrypted_backup_leaves_none_offered(
    terminal: Terminal,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    point: str,
) -> None:
    book_path, data = tmp_path / "shop.db", tmp_path / "data"
    folder = folder_of(book_path, data / "xiaoben" / "backups")
    with Book.open(book_path) as book:
        wang = customer(book, "王芳", code="C001", phones=["13812345678"])
        buy(book, wang, 3000)
        book.change_passphrase(PASSPHRASE)
    with Book.open(book_path, passphrase=PASSPHRASE) as book:
        earlier = take_backup(book, folder, book.now() - timedelta(days=2))  # one customer
        customer(book, "李娜", code="C002", phones=["13987654321"])
    held = tmp_path / "held"
    terminal.env.update(
        XDG_DATA_HOME=str(data),
        XIAOBEN_PASSPHRASE=PASSPHRASE,
        BACKUP_POINT=point,
        BACKUP_HELD=str(held),
    )

    terminal.start([*APP, "--db", str(book_path)])
    terminal.wait_for_text("2 customers")  # drawn while the backup is held
    terminal.wait_for(held.exists, "the backup held")
    time.sleep(0.2)  # its pid is written
    app = int(held.read_text())
    os.kill(app, signal.SIGKILL)
    terminal.wait_for(lambda: not alive(app), "the app gone")  # reaped by tmux

    left = [path for path in folder.iterdir() if path != earlier]
    assert left and all(path.name.startswith(".xiaoben-export-") for path in left)
    for path in left:  # the killed copy: encrypted as it was written
        assert b"13987654321" not in path.read_bytes() and "李娜".encode() not in path.read_bytes()
    assert [backup.path for backup in list_backups(folder)] == [earlier]

    listed = xiaoben(terminal.env, book_path, "backups")
    assert listed.returncode == 0, listed.stderr
    lines = [line for line in listed.stdout.splitlines() if "KB" in line]
    assert len(lines) == 1 and earlier.name in lines[0] and "1 customer " in lines[0]
    assert xiaoben(terminal.env, book_path, "restore", "2", "--yes").returncode != 0

    restored = xiaoben(terminal.env, book_path, "restore", "1", "--yes")
    assert restored.returncode == 0, restored.stderr
    with Book.open(book_path, passphrase=PASSPHRASE) as book:
        assert book.summary_of(book_path)["customers"][0] == 1
    # The restore's own backup (of the two customers) swept what the killed one left.
    assert all(path.suffix == ".db" for path in folder.iterdir())
    assert len(list_backups(folder)) == 2
