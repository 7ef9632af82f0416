"""Keys typed while `xiaoben` starts (tui/typeahead.py, cli/__main__.py): only a command
that shows the app keeps them as typed; those the terminal had already read are handed on
with Enter as Enter; the terminal's mode is given back. (The real app in tmux:
tests/tui/test_real_terminal_typeahead.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.book_helpers import run_python
from xiaoben.cli.__main__ import shows_the_app
from xiaoben.tui.typeahead import keys_kept_as_typed, take_typed_before


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--db", "shop.db"],
        ["--db=shop.db", "--lang", "zh"],
        ["demo"],
        ["--lang", "en", "demo", "--fresh", "--customers", "50"],
    ],
)
def test_opening_the_book_or_the_demo_shows_the_app(args: list[str]) -> None:
    assert shows_the_app(args)


@pytest.mark.parametrize(
    "args",
    [
        ["tiers"],
        ["--db", "shop.db", "import", "clients.xlsx"],
        ["export", "out.csv"],
        ["demo", "--no-app"],
        ["demo", "--help"],
        ["--help"],
        ["--version"],
        ["--db"],
    ],
)
def test_a_plain_command_or_help_keeps_the_terminal_as_it_is(args: list[str]) -> None:
    assert not shows_the_app(args)


def test_without_a_terminal_nothing_is_switched_nor_kept() -> None:
    with keys_kept_as_typed(True):  # pytest's stdin is no terminal
        assert take_typed_before() == b""


# A child on a terminal of its own (pty.fork: a new session, the terminal its controlling
# one): keys are typed in the terminal's cooked mode (`/zxy` Enter, a Backspace), then the
# child switches; it says its mode before, during and after, and the keys it was handed.
IN_A_TERMINAL = """
import json, os, pty, select, sys, termios, time

results = sys.argv[1]
pid, terminal = pty.fork()
if pid == 0:
    select.select([0], [], [], 10)  # the line typed, Enter ending it
    from xiaoben.tui.typeahead import keys_kept_as_typed, take_typed_before

    def flags():
        iflag, _, _, lflag, *_ = termios.tcgetattr(0)
        return {"icanon": bool(lflag & termios.ICANON), "echo": bool(lflag & termios.ECHO),
                "icrnl": bool(iflag & termios.ICRNL), "isig": bool(lflag & termios.ISIG)}

    before = termios.tcgetattr(0)
    said = {"before": flags()}
    with keys_kept_as_typed(True):
        said["during"] = flags()
        said["typed"] = take_typed_before().decode()
        said["again"] = take_typed_before().decode()
    said["after"] = flags()
    said["restored"] = termios.tcgetattr(0) == before
    with open(results, "w") as out:
        json.dump(said, out)
    os._exit(0)
os.write(terminal, b"/zxq\\x7fy\\r")
while True:  # the echo read, until the child has ended
    try:
        if not os.read(terminal, 1024):
            break
    except OSError:
        break
os.waitpid(pid, 0)
print(open(results).read())
"""


def test_keys_the_terminal_read_before_the_switch_reach_the_app_as_typed(tmp_path: Path) -> None:
    said = json.loads(run_python(IN_A_TERMINAL, tmp_path / "said.json", timeout=60))

    cooked = {"icanon": True, "echo": True, "icrnl": True, "isig": True}
    assert said["before"] == cooked
    assert said["during"] == {"icanon": False, "echo": False, "icrnl": False, "isig": True}
    assert said["typed"] == "/zxy\r"  # the Backspace as the terminal had done it; Enter
    assert said["again"] == ""  # handed to the first app only
    assert said["after"] == cooked and said["restored"]
