"""Every command and option explains itself in --help and is in README.md (as sqlite-utils'
test_docs checks): the test walks click's command tree, so a new one cannot be left out."""

from __future__ import annotations

import re
from collections.abc import Callable

import click
import pytest
from click.testing import CliRunner, Result

from tests.book_helpers import REPO
from tests.command_tree import ALL, IDS, command_at
from xiaoben.cli.main import main
from xiaoben.models.i18n import t

OPTIONS = [
    (path, option)
    for path in ALL
    for param in command_at(path).params
    if isinstance(param, click.Option)
    for option in param.opts
    if option.startswith("--")
]
README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_sections() -> list[str]:
    """The README's paragraphs, and each line of its code blocks on its own."""
    sections: list[str] = []
    for block in re.split(r"^```.*$", README, flags=re.MULTILINE)[1::2]:
        sections += block.splitlines()
    prose = re.sub(r"^```.*?^```$", "", README, flags=re.MULTILINE | re.DOTALL)
    return sections + re.split(r"\n\s*\n", prose)


def names_command(section: str, path: tuple[str, ...]) -> bool:
    if not path:
        return "xiaoben" in section
    return f"xiaoben {' '.join(path)}" in section or f"`{path[-1]}`" in section


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_the_readme_shows_every_command(path: tuple[str, ...]) -> None:
    assert re.search(rf"xiaoben {re.escape(' '.join(path))}\b", README)


@pytest.mark.parametrize(("path", "option"), OPTIONS, ids=[" ".join((*p, o)) for p, o in OPTIONS])
def test_the_readme_explains_every_option_beside_its_command(
    path: tuple[str, ...], option: str
) -> None:
    assert any(
        names_command(section, path) and re.search(rf"{option}\b", section)
        for section in readme_sections()
    )


def test_the_readme_check_would_notice_a_missing_option() -> None:
    assert not any(
        names_command(section, ("export",)) and "--no-such-option" in section
        for section in readme_sections()
    )


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


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_every_command_has_help_text(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])

    assert result.exit_code == 0, result.output
    command = command_at(path)
    assert command.help  # the key of its words (tests/test_cli_help_pages.py checks them all)
    first_line = " ".join(t(command.help).split("\n\n")[0].split())
    assert first_line in " ".join(result.stdout.split())  # as shown, re-wrapped


@pytest.mark.parametrize("path", ALL, ids=IDS)
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
