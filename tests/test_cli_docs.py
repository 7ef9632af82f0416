"""Every command and option explains itself in --help (as sqlite-utils' test_docs checks)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import click
import pytest
from click.testing import CliRunner, Result

from xiaoben.cli.main import main


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name)


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


ALL = list(commands(main))


def test_the_cli_has_the_commands_the_readme_documents() -> None:
    assert {
        ("demo",),
        ("import", "customers"),
        ("import", "purchases"),
        ("tiers",),
        ("recompute",),
        ("export",),
        ("queue",),
        ("queue", "done"),
        ("queue", "snooze"),
        ("queue", "skip"),
        ("queue", "undo"),
        ("report",),
    } <= set(ALL)


@pytest.mark.parametrize("path", ALL, ids=[" ".join(p) or "xiaoben" for p in ALL])
def test_every_command_has_help_text(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])

    assert result.exit_code == 0, result.output
    command = command_at(path)
    assert command.help and command.help.strip()
    first_line = " ".join(command.help.strip().splitlines()[0].split())
    assert first_line in " ".join(result.stdout.split())  # as shown, re-wrapped


@pytest.mark.parametrize("path", ALL, ids=[" ".join(p) or "xiaoben" for p in ALL])
def test_every_option_has_help_text(path: tuple[str, ...]) -> None:
    command = command_at(path)

    undocumented = [
        param.name
        for param in command.params
        if isinstance(param, click.Option) and not param.help and param.name != "version"
    ]

    assert undocumented == []


def test_xiaoben_reports_its_version(run: Callable[..., Result]) -> None:
    result = run("--version", db=None)

    assert result.exit_code == 0
    assert "0.1.0" in result.stdout
