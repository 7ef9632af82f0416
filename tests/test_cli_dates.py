"""Every date the seller types on the command line is read by one option type: a bad one
gets the same words and exit code (2, a bad value) from every command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import Result

from tests.test_cli_docs import ALL, command_at
from xiaoben.cli.shared import DAY

DATE_OPTIONS = [
    (path, param.name)
    for path in ALL
    for param in command_at(path).params
    if isinstance(param, click.Option) and param.name in ("as_of", "until")
]


def test_the_commands_have_date_options() -> None:
    assert {("tiers",), ("recompute",), ("report",), ("queue",), ("queue", "snooze")} <= {
        path for path, _ in DATE_OPTIONS
    }


@pytest.mark.parametrize(("path", "name"), DATE_OPTIONS)
def test_every_date_option_is_a_day(path: tuple[str, ...], name: str) -> None:
    (param,) = [p for p in command_at(path).params if p.name == name]

    assert param.type is DAY


@pytest.mark.parametrize(
    "args",
    [
        ("tiers", "--as-of", "2026-02-30"),
        ("recompute", "--as-of", "2026-02-30"),
        ("report", "--as-of", "2026-02-30"),
        ("queue", "--as-of", "2026-02-30"),
        ("queue", "skip", "1:cadence:1", "--as-of", "2026-02-30"),
        ("queue", "snooze", "1:cadence:1", "--until", "2026-02-30"),
    ],
)
def test_an_impossible_date_is_refused_alike_everywhere(
    run: Callable[..., Result], book_path: Path, args: tuple[str, ...]
) -> None:
    result = run(*args)

    assert result.exit_code == 2, result.output
    assert "no such date: 2026-02-30 (2026-02 has no day 30)" in result.stderr
    assert "Traceback" not in result.output
    assert not book_path.exists()  # refused before the book is opened


def test_a_date_in_chinese_writing_is_read(run: Callable[..., Result], shop_path: Path) -> None:
    result = run("tiers", "--json", "--as-of", "2026年6月1日")

    assert result.exit_code == 0, result.output
    assert '"last_purchase": "2026-03-01"' in result.stdout
