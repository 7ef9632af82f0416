"""No book text reaches the terminal raw from the app: an old book whose name, tags, notes
and products hold escape sequences (or Rich markup) shows them visibly on every screen."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot

from tests.tui.pilot import buyer, run, settle
from xiaoben.store.driver import sqlite3
from xiaoben.tui.app import XiaobenApp

HOSTILE_NAME = "王\x1b]0;pwned\x07芳\x9b2J"
RAW = ("\x1b", "\x07", "\x9b")


def screen_text(app: XiaobenApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def make_hostile(path: Path, customer_id: int) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(
            "UPDATE customers SET name = ?, tags = ?, notes = ?, province = ? WHERE id = ?",
            (
                HOSTILE_NAME,
                json.dumps(["vip\x1b[8m", "[bold]粗[/bold]"]),
                "note\x1b[2J",
                "浙\x1b[2J江",
                customer_id,
            ),
        )
        conn.execute(
            "UPDATE purchases SET items = ? WHERE customer_id = ?",
            ("精华\x1b]0;pwned\x07", customer_id),
        )
        conn.commit()
    finally:
        conn.close()


def test_no_screen_renders_a_control_character_from_the_book(app_factory, book_path: Path) -> None:
    probe = app_factory()

    async def find(app: XiaobenApp, pilot: Pilot) -> None:
        found.append(buyer(app))

    found: list[int] = []
    run(probe, find)
    probe.book.close()
    make_hostile(book_path, found[0])
    seen: dict[str, str] = {}

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        seen["customers"] = screen_text(app)
        for key, name in (("f3", "tiers"), ("f5", "queue"), ("f8", "overview")):
            await pilot.press(key)
            await settle(pilot)
            seen[name] = screen_text(app)
        app.action_open_customer(found[0])
        await settle(pilot)
        seen["customer"] = screen_text(app)

    run(app_factory(), body, size=(160, 50))

    for name, text in seen.items():
        for raw in RAW:
            assert raw not in text, (name, raw)
    assert "^[]0;pwned^G" in seen["customer"]
    assert "[bold]粗[/bold]" in seen["customer"]  # book text is never Rich markup
