"""Nothing from the book reaches the terminal raw: an old book whose names, tags, notes
and products hold escape sequences prints them visibly, and new text refuses them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from pydantic import ValidationError

from xiaoben.models.customer import Customer
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.purchase import Purchase
from xiaoben.models.text import printable
from xiaoben.store.driver import sqlite3

TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
HIDE = "\x1b[8m"
CSI = "\x9b"
RAW = ("\x1b", "\x07", "\x9b")


@pytest.fixture
def hostile_path(shop_path: Path) -> Path:
    """The small shop, as an old book (or another tool) left it: controls in every text."""
    conn = sqlite3.connect(shop_path)
    try:
        conn.execute(
            "UPDATE customers SET name = ?, tags = ?, notes = ?, province = ? WHERE code = 'C001'",
            (f"王{TITLE}芳{CSI}2J", json.dumps([f"vip{HIDE}"]), f"note{CLEAR}", f"浙{CLEAR}江"),
        )
        conn.execute("UPDATE customers SET name = ? WHERE code = 'C002'", ("[bold]李娜[/bold]",))
        conn.execute("UPDATE purchases SET items = ?", (f"精华{TITLE}{HIDE}",))
        conn.commit()
    finally:
        conn.close()
    return shop_path


def shows_nothing_raw(result: Result) -> None:
    assert result.exit_code == 0, result.output
    for raw in RAW:
        assert raw not in result.stdout
        assert raw not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("tiers",),
        ("tiers", "--json"),
        ("queue", "--as-of", "2026-11-23", "--all"),
        ("queue", "--as-of", "2026-11-23", "--json"),
        ("report", "--as-of", "2026-11-23"),
        ("report", "--as-of", "2026-11-23", "--json"),
    ],
)
def test_no_command_prints_a_control_character_from_the_book(
    run: Callable[..., Result], hostile_path: Path, args: tuple[str, ...]
) -> None:
    shows_nothing_raw(run(*args))


def test_the_tier_table_shows_the_escape_visibly(
    run: Callable[..., Result], hostile_path: Path
) -> None:
    assert "王^[]0;pwned^G芳<9B>2J" in run("tiers").stdout


def test_json_keeps_the_stored_text_exactly(run: Callable[..., Result], hostile_path: Path) -> None:
    rows = json.loads(run("tiers", "--json").stdout)

    assert f"王{TITLE}芳{CSI}2J" in {row["name"] for row in rows}


def test_printable_shows_every_control_and_keeps_lines_only_when_asked() -> None:
    assert printable(f"a{TITLE}b{CSI}c\x7f") == "a^[]0;pwned^Gb<9B>c^?"
    assert printable("one\ntwo\tthree") == "one^Jtwo^Ithree"
    assert printable("one\ntwo\tthree", lines=True) == "one\ntwo\tthree"
    assert printable("张晓燕 [bold]") == "张晓燕 [bold]"


@pytest.mark.parametrize("bad", [TITLE, CLEAR, HIDE, CSI, "\x00", "\x7f"])
def test_typed_text_refuses_control_characters(bad: str) -> None:
    for make in (
        lambda: Customer(name=f"王{bad}芳"),
        lambda: Customer(name="王芳", tags=[f"vip{bad}"]),
        lambda: Customer(name="王芳", code=f"C{bad}1"),
        lambda: Customer(name="王芳", notes=f"note{bad}"),
        lambda: Purchase(customer_id=1, date="2026-01-01", amount=1, items=f"x{bad}"),
        lambda: Interaction(customer_id=1, at="2026-01-01", kind="call", note=f"x{bad}"),
        lambda: Reminder(customer_id=1, due="2026-01-01", note=f"x{bad}"),
    ):
        with pytest.raises(ValidationError, match="control character"):
            make()


def test_a_note_may_hold_line_breaks_but_a_name_may_not() -> None:
    assert Customer(name="王芳", notes="line one\nline two").notes == "line one\nline two"
    with pytest.raises(ValidationError, match="is one line: it holds a line break"):
        Customer(name="王\n芳")
    with pytest.raises(ValidationError, match="is one line: it holds a line break"):
        Customer(name="王\r芳")
