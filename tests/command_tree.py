"""The `xiaoben` command tree as click knows it, walked so that a new command or option is
in every test that goes over them all (the README's, the help pages')."""

from __future__ import annotations

from collections.abc import Iterator

import click

from xiaoben.cli.main import main


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    context = click.Context(group)
    for name in group.list_commands(context):  # the lazily loaded commands too
        command = group.get_command(context, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name)


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None, name
        command = found
    return command


ALL = list(commands(main))
"""Every command's path: () for `xiaoben` itself, ("queue", "done") …"""

IDS = [" ".join(path) or "xiaoben" for path in ALL]
