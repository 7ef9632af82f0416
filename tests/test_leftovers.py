"""What a killed xiaoben left beside the book (a re-keying's copy, a restore's folder, an
export's temporary file) is removed when the book is next opened to be written, an
export's also by the next export into its folder: only a gone process's of this machine,
never a live one's or another machine's. An export stopped by a hang-up or SIGTERM
leaves nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import REPO, python_env
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


def dead_and_live_exports(folder: Path) -> tuple[list[Path], list[Path]]:
    """Temporary files of exports into `folder`: a killed process's (its copy and SQLite's
    journal), and a live one's, another machine's and one without its maker's."""
    host = host_name()
    dead = folder / f".xiaoben-export-{gone_pid()}@{host}-abc123"
    left = [dead, Path(f"{dead}-journal")]
    kept = [
        folder / f".xiaoben-export-{os.getpid()}@{host}-def456",
        folder / f".xiaoben-export-{gone_pid()}@not-{host}-ghi789",
        folder / ".xiaoben-export-jkl012",
    ]
    for made in (*left, *kept):
        made.write_bytes(b"\xe7\x8e\x8b\xe8\x8a\xb3,13812345678")
    return left, kept


def test_a_killed_exports_copy_beside_the_book_is_removed_on_the_next_opening(
    shop_path: Path, open_book: Callable[..., Book]
) -> None:
    left, kept = dead_and_live_exports(shop_path.parent)

    open_book(shop_path).close()

    assert [made.exists() for made in left] == [False, False]
    assert all(made.exists() for made in kept)


def test_the_next_export_into_a_folder_sweeps_what_a_killed_one_left_there(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    synced = tmp_path / "Dropbox"
    synced.mkdir()
    left, kept = dead_and_live_exports(synced)

    assert run("export", str(synced / "later.csv")).exit_code == 0

    assert [made.exists() for made in left] == [False, False]
    assert all(made.exists() for made in kept)


_EXPORT_WAITING = """
import sys, time
from pathlib import Path
from xiaoben.store.files import write_private

def write(temp):
    temp.write_text("王芳,13812345678")
    print(temp, flush=True)
    time.sleep(60)

write_private(Path(sys.argv[1]), write, book=Path(sys.argv[2]))
"""


_STOPPING = (signal.SIGHUP, signal.SIGTERM)


@pytest.mark.slow
@pytest.mark.parametrize("stop", _STOPPING)
def test_an_export_stopped_by_closing_the_terminal_leaves_nothing(
    stop: signal.Signals, shop_path: Path, tmp_path: Path
) -> None:
    synced = tmp_path / "Dropbox"
    synced.mkdir()
    command = [sys.executable, "-c", _EXPORT_WAITING, str(synced / "copy.csv"), str(shop_path)]
    child = subprocess.Popen(
        command,
        cwd=REPO,
        env=python_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        # as a terminal starts it: the signal at its default, whatever the test runner's
        # worker was left with (an ignored one is inherited, and the export keeps it so)
        preexec_fn=lambda: [signal.signal(each, signal.SIG_DFL) for each in _STOPPING],
    )
    assert child.stdout is not None
    temp = Path(child.stdout.readline().decode().strip())
    assert temp.exists() and temp.name.startswith(".xiaoben-export-")

    child.send_signal(stop)

    # (a stop not taken would end the child's 60 s sleep with 0, after the write)
    assert child.wait(timeout=90) != 0
    assert list(synced.iterdir()) == []
