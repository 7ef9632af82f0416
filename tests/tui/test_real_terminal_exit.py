"""The real app in a real terminal (tmux): an app that ends on an error tells the shell so.
An outside tester's crash (day one) printed Textual's traceback and `echo $?` said 0: a
script or a launcher that checks the exit status took it for a quit."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from tests.book_helpers import customer
from tests.tui.test_real_terminal import (
    TMUX,
    Terminal,
    terminal,  # noqa: F401 - the fixture
)
from xiaoben.store.book import Book

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]

# The app as `xiaoben` starts it, with one fault put in once its list is up: a callback
# that raises, as an unforeseen error in any handler would.
CRASHING = (
    "import xiaoben.tui.app as app\n"
    "mounted = app.XiaobenApp.on_mount\n"
    "def on_mount(self):\n"
    "    mounted(self)\n"
    "    self.set_timer(0.5, lambda: 1 / 0)\n"
    "app.XiaobenApp.on_mount = on_mount\n"
    "from xiaoben.cli.__main__ import main\n"
    "main()"
)
AS_IT_IS = "from xiaoben.cli.__main__ import main\nmain()"


def run_and_tell(term: Terminal, tmp_path: Path, code: str) -> None:
    """The app in a shell that says how it ended, on a book of two customers."""
    book = tmp_path / "shop.db"
    with Book.open(book) as opened:
        customer(opened, "王芳", code="W01")
        customer(opened, "李娜", code="L01")
    app = shlex.join([sys.executable, "-c", code, "--db", str(book)])
    term.start(["sh", "-c", f"{app}; echo EXITED rc=$?; sleep 60"])


def test_an_app_ended_by_an_error_exits_non_zero(
    terminal: Terminal,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    run_and_tell(terminal, tmp_path, CRASHING)
    terminal.wait_for_text("EXITED rc=")
    assert "ZeroDivisionError" in terminal.screen()
    assert "EXITED rc=1" in terminal.screen()


def test_a_quit_exits_zero(
    terminal: Terminal,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    run_and_tell(terminal, tmp_path, AS_IT_IS)
    terminal.wait_for_text("2 customers")
    terminal.send("C-q")
    terminal.wait_for_text("EXITED rc=")
    assert "EXITED rc=0" in terminal.screen()
