"""The real app in a real terminal (tmux): keys typed while `xiaoben` starts do what they do
once it is drawn, and the terminal is left as it was found.

Until the app puts the terminal in its own mode, the terminal's line discipline reads the
keys: it echoes them and turns Enter (CR) into a line feed, which the app then read as
ctrl+j — the Enter of `/zxy⏎` typed at start-up was lost.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from tests.book_helpers import customer
from tests.tui.test_real_terminal import TMUX, Terminal, terminal  # noqa: F401 - the fixture
from xiaoben.store.book import Book

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]

# The app as `xiaoben` starts it, its book opened STARTING_SECONDS late: the file named by
# $STARTED is made when `xiaoben` is about to open the book (Textual not yet started), so
# keys sent then arrive in the middle of the start-up, as a fast seller's do.
STARTING_SECONDS = 1.5
SLOW_APP = [
    sys.executable,
    "-c",
    f"""
import os, time
import xiaoben.tui.app as app

make_app = app.make_app

def slowly(*args, **kwargs):
    open(os.environ["STARTED"], "w").close()
    time.sleep({STARTING_SECONDS})
    return make_app(*args, **kwargs)

app.make_app = slowly
from xiaoben.cli.__main__ import main
main()
""",
]
APP = [sys.executable, "-m", "xiaoben.cli"]
SEARCH_AND_OPEN = ["/", "z", "x", "y", "Enter"]  # search by initials, open the best match


def shop(tmp_path: Path) -> Path:
    book_path = tmp_path / "shop.db"
    with Book.open(book_path) as book:
        for number in range(5):
            customer(book, f"客户{number:02d}", code=f"K{number:02d}")
        customer(book, "周晓燕", code="ZXY01")
    return book_path


def test_a_search_and_enter_typed_as_the_app_is_launched_open_the_customer(
    terminal: Terminal,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    """The keys reach the terminal in the tmux command that starts the app: before Python
    has started, while the terminal is still as the shell left it."""
    book_path = shop(tmp_path)
    size = ["-x", "100", "-y", "32"]
    command = shlex.join([*APP, "--db", str(book_path)])
    terminal.tmux(
        "new-session", "-d", *size, "-s", "app", command, ";",
        "send-keys", "-t", "app", *SEARCH_AND_OPEN,
    )  # fmt: skip

    terminal.wait_for_text("No purchases yet")  # 周晓燕's page
    terminal.send("C-q")


def test_a_search_and_enter_typed_while_the_app_starts_open_the_customer(
    terminal: Terminal,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    book_path = shop(tmp_path)
    started = tmp_path / "started"
    terminal.env["STARTED"] = str(started)

    terminal.start([*SLOW_APP, "--db", str(book_path)])
    terminal.wait_for(started.exists, "the start-up under way")
    terminal.send(*SEARCH_AND_OPEN)

    terminal.wait_for_text("No purchases yet")
    terminal.send("C-q")


def mode_around(pane: Terminal, tmp_path: Path, command: list[str]) -> tuple[Path, Path]:
    """Start `command` in the pane between two `stty -a`: the files they write, the
    terminal's mode before and after it."""
    before, after = tmp_path / "stty-before", tmp_path / "stty-after"
    pane.tmux(
        "new-session", "-d", "-x", "100", "-y", "32", "-s", "app",
        f"stty -a > {shlex.quote(str(before))}; {shlex.join(command)}; "
        f"stty -a > {shlex.quote(str(after))}; sleep 60",
    )  # fmt: skip
    return before, after


def assert_left_as_found(pane: Terminal, before: Path, after: Path) -> None:
    pane.wait_for(after.exists, "the command ended")
    pane.wait_for(lambda: after.read_text().strip() != "", "stty -a written")
    found = before.read_text().split()
    assert {"icanon", "echo", "icrnl"} <= set(found)
    assert after.read_text().split() == found


def test_the_terminal_is_as_it_was_after_the_app_quits(
    terminal: Terminal,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    book_path = shop(tmp_path)
    before, after = mode_around(terminal, tmp_path, [*APP, "--db", str(book_path)])
    terminal.wait_for_text("6 customers")
    terminal.send("C-q")
    assert_left_as_found(terminal, before, after)


def test_the_terminal_is_as_it_was_after_a_book_that_cannot_open(
    terminal: Terminal,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    not_a_book = tmp_path / "shop.db"
    not_a_book.write_bytes(b"this is no SQLite file" * 100)
    before, after = mode_around(terminal, tmp_path, [*APP, "--db", str(not_a_book)])
    assert_left_as_found(terminal, before, after)
    assert "Traceback" not in terminal.screen()


def test_the_terminal_is_as_it_was_after_ctrl_c_while_the_app_starts(
    terminal: Terminal,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    book_path = shop(tmp_path)
    started = tmp_path / "started"
    terminal.env["STARTED"] = str(started)
    before, after = mode_around(terminal, tmp_path, [*SLOW_APP, "--db", str(book_path)])
    terminal.wait_for(started.exists, "the start-up under way")
    terminal.send("C-c")
    assert_left_as_found(terminal, before, after)
    assert "Traceback" not in terminal.screen()


def test_a_passphrase_and_a_search_typed_as_an_encrypted_book_is_launched_open_the_customer(
    terminal: Terminal,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    """The passphrase and its Enter, typed before the prompt is drawn, unlock the book;
    the search typed after it is the app's."""
    book_path = shop(tmp_path)
    with Book.open(book_path) as book:
        book.change_passphrase("sesame 2026")
    command = shlex.join([*APP, "--db", str(book_path)])
    terminal.tmux(
        "new-session", "-d", "-x", "100", "-y", "32", "-s", "app", command, ";",
        "send-keys", "-t", "app", *"sesame 2026", "Enter", *SEARCH_AND_OPEN,
    )  # fmt: skip

    terminal.wait_for_text("No purchases yet")
    terminal.send("C-q")
