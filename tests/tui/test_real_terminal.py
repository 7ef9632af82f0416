"""The real app in a real terminal (tmux): a burst of keys saves the amount the seller meant.

`tmux send-keys` with several keys writes them to the terminal together, so the app reads
`5⌫12000` in one read, as it does from a fast typist or a pasted correction.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.book_helpers import customer, python_env
from tests.test_import_legacy_sheets import SHEETS
from xiaoben.models.purchase import Purchase
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3

TMUX = shutil.which("tmux")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]

WAIT_SECONDS = 30.0
# The app as `xiaoben` starts it, with the key relay's 1 s cap lifted (as
# tests/tui/test_keys_in_order.py lifts it): on a loaded CI machine a key that redraws a long
# form can take longer than that to settle, and the cap would hand the next key on early —
# the machine's slowness, not the order this checks. (A burst test failed so at load 4+.)
APP = [
    sys.executable,
    "-c",
    "import xiaoben.tui.widgets.inputs as keys; keys.MOST_SECONDS = 30.0\n"
    "from xiaoben.cli.__main__ import main\n"
    "main()",
]


class Terminal:
    """One tmux session on a private server (its own socket), running one command."""

    def __init__(self, socket: str, env: dict[str, str]) -> None:
        assert TMUX is not None
        self.base = [TMUX, "-L", socket]
        self.env = env  # the server, started by the first call, passes it to the command

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
            env=self.env,
        )
        return done.stdout

    def start(self, command: list[str]) -> None:
        size = ["-x", "100", "-y", "32"]
        self.tmux("new-session", "-d", *size, "-s", "app", shlex.join(command))

    def send(self, *keys: str) -> None:
        """All keys in ONE send-keys call: they reach the app together."""
        self.tmux("send-keys", "-t", "app", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def wait_for(self, ready: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while not ready():
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"waited {WAIT_SECONDS} s for {what}; screen:\n{self.screen()}"
                )
            time.sleep(0.1)

    def wait_for_text(self, text: str) -> None:
        self.wait_for(lambda: text in self.screen(), repr(text))


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = python_env()
    env.update(XIAOBEN_CONFIG=str(tmp_path / "settings.json"), XIAOBEN_LANG="en", LC_ALL="C.UTF-8")
    env.pop("TMUX", None)  # run inside a tmux session too: still a private server
    term = Terminal(f"xiaoben-test-{os.getpid()}-{tmp_path.name}", env)
    try:
        yield term
    finally:
        subprocess.run([*term.base, "kill-server"], capture_output=True, check=False)


def amounts_cents(book_path: Path, customer_id: int) -> list[int]:
    conn = sqlite3.connect(f"file:{book_path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT amount_cents FROM purchases WHERE customer_id = ?", (customer_id,)
        )
        return [cents for (cents,) in rows]
    finally:
        conn.close()


def test_a_correction_typed_in_one_burst_saves_the_amount_meant(
    terminal: Terminal, tmp_path: Path
) -> None:
    book_path = tmp_path / "shop.db"
    with Book.open(book_path) as book:
        for number in range(20):
            customer(book, f"客户{number:02d}", code=f"K{number:02d}")
        buyer = customer(book, "周晓燕", code="ZXY01")
    assert buyer.id is not None

    terminal.start([*APP, "--db", str(book_path)])
    terminal.wait_for_text("21 customers")
    terminal.send("/", "z", "x", "y", "Enter")  # search by initials, open the best match
    terminal.wait_for_text("No purchases yet")
    terminal.send("p")
    terminal.wait_for_text("Add a purchase")

    terminal.send("5", "BSpace", "1", "2", "0", "0", "0")
    terminal.send("Enter")
    terminal.wait_for(lambda: bool(amounts_cents(book_path, buyer.id or 0)), "the saved purchase")

    assert amounts_cents(book_path, buyer.id) == [12_000_00]
    terminal.wait_for_text("Purchase of ¥12,000.00 recorded")
    terminal.send("C-q")


def test_esc_and_a_search_typed_as_a_purchase_saves_go_to_the_list(
    terminal: Terminal, tmp_path: Path
) -> None:
    """p 50 ⏎ Esc /dx in one write: the purchase is saved, Esc leaves the page, the list
    searches "dx" (`/` selects the search it kept, so dx replaces it). The terminal's Esc/
    was read as one alt chord (the Esc dropped), and the d deleted the page's highlighted
    purchase."""
    book_path = tmp_path / "shop.db"
    with Book.open(book_path) as book:
        customer(book, "段秀", code="DX01")
        buyer = customer(book, "周晓燕", code="ZXY01")
        assert buyer.id is not None
        book.add_purchase(Purchase(customer_id=buyer.id, amount=Decimal("1130"), date=date.today()))

    terminal.start([*APP, "--db", str(book_path)])
    terminal.wait_for_text("2 customers")
    terminal.send("/", "z", "x", "y", "Enter")
    terminal.wait_for_text("1,130.00")
    terminal.send("p")
    terminal.wait_for_text("Add a purchase")
    terminal.send("5", "0", "Enter", "Escape", "/", "d", "x")

    terminal.wait_for_text("search “dx”")  # `/` selects the search kept: dx replaces it
    assert sorted(amounts_cents(book_path, buyer.id)) == [50_00, 1130_00]
    terminal.send("C-q")


def test_lang_on_the_command_line_opens_the_app_in_that_language(
    terminal: Terminal, tmp_path: Path
) -> None:
    book_path = tmp_path / "shop.db"
    with Book.open(book_path) as book:
        customer(book, "周晓燕", code="ZXY01")

    # The environment says English (XIAOBEN_LANG=en): --lang zh wins for this run.
    terminal.start([sys.executable, "-m", "xiaoben.cli", "--db", str(book_path), "--lang", "zh"])
    terminal.wait_for_text("共 1 位客户")
    terminal.send("C-q")


def test_name_tab_phone_in_one_burst_fills_both_fields(terminal: Terminal, tmp_path: Path) -> None:
    book_path = tmp_path / "shop.db"
    Book.open(book_path).close()

    terminal.start([*APP, "--db", str(book_path)])
    terminal.wait_for_text("0 customers")
    terminal.send("n")
    terminal.wait_for_text("New customer")
    terminal.send(*"Lin Xiaoyu", "Tab", *"13812345678", "C-s")  # one write to the terminal

    def saved() -> list[tuple[str, str]]:
        conn = sqlite3.connect(f"file:{book_path}?mode=ro", uri=True)
        try:
            return list(conn.execute("SELECT name, phones FROM customers"))
        finally:
            conn.close()

    terminal.wait_for(lambda: bool(saved()), "the saved customer")
    assert saved() == [("Lin Xiaoyu", '["+8613812345678"]')]
    terminal.send("C-q")


def test_a_whole_customer_form_in_one_burst_saves_every_field(
    terminal: Terminal, tmp_path: Path
) -> None:
    """Name ⇥ phone ⇥ ⇥ gender (Enter opens, m finds male, Enter) ⇥ birthday ⇥ lunar
    (Space) ⇥ ⇥ age band (Space opens, 35 finds 35–44, Enter) ⇥ province, ctrl+s: one
    write to the terminal, every field as meant."""
    book_path = tmp_path / "shop.db"
    Book.open(book_path).close()

    terminal.start([*APP, "--db", str(book_path)])
    terminal.wait_for_text("0 customers")
    terminal.send("n")
    terminal.wait_for_text("New customer")
    terminal.send(
        *"Lin Xiaoyu", "Tab", *"13812345678", "Tab", "Tab",
        "Enter", "m", "Enter", "Tab",
        *"1990-05-01", "Tab", "Space", "Tab", "Tab",
        "Space", "3", "5", "Enter", "Tab",
        *"Zhejiang", "C-s",
    )  # fmt: skip

    def saved() -> list[tuple[str, ...]]:
        conn = sqlite3.connect(f"file:{book_path}?mode=ro", uri=True)
        try:
            return list(
                conn.execute(
                    "SELECT name, phones, gender, birthday, age_band, province FROM customers"
                )
            )
        finally:
            conn.close()

    terminal.wait_for(lambda: bool(saved()), "the saved customer")
    assert saved() == [
        ("Lin Xiaoyu", '["+8613812345678"]', "male", "L1990-05-01", "35-44", "Zhejiang")
    ]  # L: a lunar birthday
    terminal.send("C-q")


def test_a_phone_pasted_after_name_and_tab_in_one_write_lands_in_the_phone(
    terminal: Terminal, tmp_path: Path
) -> None:
    """Bracketed paste (ESC[200~ … ESC[201~, as a terminal sends a pasted number) in the
    same write as the name and Tab typed before it: the paste waits its turn."""
    book_path = tmp_path / "shop.db"
    Book.open(book_path).close()

    terminal.start([*APP, "--db", str(book_path)])
    terminal.wait_for_text("0 customers")
    terminal.send("n")
    terminal.wait_for_text("New customer")
    pasted = ["Escape", *"[200~", *"138 1234 5678", "Escape", *"[201~"]
    terminal.send(*"Lin Xiaoyu", "Tab", *pasted, "C-s")  # one write to the terminal

    def saved() -> list[tuple[str, str]]:
        conn = sqlite3.connect(f"file:{book_path}?mode=ro", uri=True)
        try:
            return list(conn.execute("SELECT name, phones FROM customers"))
        finally:
            conn.close()

    terminal.wait_for(lambda: bool(saved()), "the saved customer")
    assert saved() == [("Lin Xiaoyu", '["+8613812345678"]')]
    terminal.send("C-q")


def test_a_workbook_calamine_panics_on_shows_only_our_words(
    terminal: Terminal, tmp_path: Path
) -> None:
    """python-calamine's Rust code panics on this damaged .xls and Rust prints the panic
    (and, with RUST_BACKTRACE, a backtrace) on stderr, which is the app's terminal: the
    screen shows our message only, drawn whole."""
    book_path = tmp_path / "shop.db"
    Book.open(book_path).close()
    damaged = tmp_path / "damaged.xls"
    damaged.write_bytes((SHEETS / "damaged_panics_calamine.xls").read_bytes())
    terminal.env["RUST_BACKTRACE"] = "1"

    terminal.start([*APP, "--db", str(book_path)])
    terminal.wait_for_text("0 customers")
    terminal.send("F9")
    terminal.wait_for_text("Import")
    terminal.send(*str(damaged), "Enter")
    terminal.wait_for_text("damaged or incomplete")
    time.sleep(0.5)  # whatever else was written lands

    screen = terminal.screen()
    for stray in ("panicked", "backtrace", "cfb.rs", "rust_begin_unwind"):
        assert stray not in screen, screen
    terminal.send("C-q")
