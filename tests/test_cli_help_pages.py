"""Every help page speaks the seller's language: each command's and option's words, and
click's own (Usage, Options, Commands, [default: …]), from the catalogue, in the language
of --lang, XIAOBEN_LANG or the locale. The tests walk click's command tree, so a new
command or option is checked without being named here."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from tests.book_helpers import REPO, python_env
from tests.command_tree import ALL, IDS, command_at
from xiaoben.cli.cells import width_of
from xiaoben.cli.help_pages import Command, words
from xiaoben.cli.help_words import HELP_WORDS
from xiaoben.cli.main import main
from xiaoben.models.i18n import Lang, t

CLICKS_OWN = ["Usage:", "Options:", "Commands:", "Show this message and exit.", "[default:"]


def helped(path: tuple[str, ...]) -> list[str]:
    """The keys of what the page of `path` explains: the command, then each parameter."""
    command = command_at(path)
    params = command.get_params(click.Context(command))
    return [key for key in (command.help, *(param.help for param in params)) if key]


def help_page(*args: str, lang: Lang | None = None, **env: str) -> str:
    given = ["--lang", lang] if lang else []
    result = CliRunner().invoke(
        main, [*given, *args, "--help"], prog_name="xiaoben", env=env or None
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def squeezed(text: str) -> str:
    """`text` without white space: a help page's words however they are wrapped."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_every_command_and_option_names_its_words_in_the_catalogue(path: tuple[str, ...]) -> None:
    command = command_at(path)

    assert isinstance(command, Command)  # its page is formatted through the catalogue
    assert [key for key in helped(path) if key not in HELP_WORDS] == []


def test_every_help_word_is_shown_on_a_page() -> None:
    used = {key for path in ALL for key in helped(path)}
    clicks_own = {
        "cli.help.options",
        "cli.help.commands",
        "cli.help.arguments",
        "cli.help.default",
        "cli.help.required",
        "cli.help.env_var",
    }

    assert set(HELP_WORDS) - used - clicks_own == set()


def test_a_key_not_in_the_catalogue_fails_rather_than_show_itself() -> None:
    with pytest.raises(KeyError):
        words("cli.help.no_such_command")


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_a_chinese_help_page_says_each_command_and_option_in_chinese(
    path: tuple[str, ...],
) -> None:
    page = help_page(*path, lang="zh")

    shown = squeezed(page)
    assert [key for key in helped(path) if squeezed(t(key, "zh")) not in shown] == []
    assert [key for key in helped(path) if squeezed(t(key, "en")) in shown] == []
    assert [word for word in CLICKS_OWN if word in page] == []
    assert page.startswith(f"用法：xiaoben {' '.join(path)}".rstrip())
    assert "选项：" in page


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_an_english_help_page_keeps_its_words(path: tuple[str, ...]) -> None:
    page = help_page(*path, lang="en")

    shown = squeezed(page)  # (click breaks "user-data" after its hyphen)
    assert [key for key in helped(path) if squeezed(t(key, "en")) not in shown] == []
    assert page.startswith(f"Usage: xiaoben {' '.join(path)}".rstrip())
    assert "Options:" in page


@pytest.mark.parametrize(
    "path", [path for path in ALL if isinstance(command_at(path), click.Group)], ids=str
)
def test_a_group_lists_its_commands_in_chinese(path: tuple[str, ...]) -> None:
    group = command_at(path)
    assert isinstance(group, click.Group)

    page = help_page(*path, lang="zh")

    listed = page.split("命令：\n", 1)[1].splitlines()
    for name in group.list_commands(click.Context(group)):
        command = group.get_command(click.Context(group), name)
        assert command is not None and command.help
        line = next(line for line in listed if line.split()[0] == name)
        assert line.split(maxsplit=1)[1][:6] == t(command.help, "zh")[:6]


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_a_chinese_help_page_fits_the_terminal(path: tuple[str, ...]) -> None:
    page = help_page(*path, lang="zh")

    # (an option's choices are click's line, as long in English)
    assert [line for line in page.splitlines() if width_of(line) > 80 and not line.isascii()] == []


def test_an_example_to_type_is_never_cut_where_chinese_meets_latin() -> None:
    page = help_page("import", "customers", lang="zh")

    assert '"客户名=name"' in page  # on one line, as it is typed


def test_the_defaults_and_ranges_click_adds_are_said_in_chinese() -> None:
    page = help_page("queue", lang="zh")

    assert "[默认：7；0<=x<=366]" in page
    assert "[0<=x<=10000]" in page


def test_a_number_without_bounds_shows_no_range() -> None:
    assert "x<=None" not in help_page("demo", lang="en")
    assert "[default: 300]" in help_page("demo", lang="en")


def test_lang_before_the_subcommand_says_the_subcommands_page_in_it() -> None:
    page = help_page("import", "purchases", lang="zh")

    assert "用法：xiaoben import purchases [选项] FILE" in page
    assert "只检查并报告，不做任何改动。" in page
    assert "Check and report" not in page


def test_lang_en_wins_over_a_chinese_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", None)

    page = help_page("import", lang="en", XIAOBEN_LANG="zh", LANG="zh_CN.UTF-8")

    assert page.startswith("Usage: xiaoben import [OPTIONS] COMMAND [ARGS]...")
    assert "Import customers or purchases" in page


@pytest.mark.parametrize(
    "env", [{"XIAOBEN_LANG": "zh"}, {"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}]
)
def test_the_language_of_the_environment_says_the_help(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", None)  # as a command starts
    monkeypatch.delenv("XIAOBEN_LANG", raising=False)

    page = help_page("queue", **env)

    assert page.startswith("用法：xiaoben queue [选项]")
    assert "今日计划：今天该联系谁，为什么（跟进队列）。" in page


def test_the_installed_command_says_its_help_in_the_locales_language() -> None:
    env = python_env()
    for name in ("XIAOBEN_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        env.pop(name, None)
    env["LANG"] = "zh_CN.UTF-8"

    done = subprocess.run(
        [sys.executable, "-m", "xiaoben.cli", "--help"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )

    assert "选项：" in done.stdout
    assert "显示本帮助并退出。" in done.stdout
    assert "Show this message and exit." not in done.stdout


@pytest.mark.parametrize("typed", [["--help", "--lang", "zh"], ["--help", "--lang=zh"]])
def test_lang_typed_after_help_still_says_the_page_in_it(
    monkeypatch: pytest.MonkeyPatch, typed: list[str]
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", None)

    result = CliRunner().invoke(main, typed, prog_name="xiaoben", env={"XIAOBEN_LANG": "en"})

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("用法：xiaoben [选项] [命令] [参数]...")


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_a_chinese_help_page_names_values_and_commands_in_chinese(path: tuple[str, ...]) -> None:
    page = help_page(*path, lang="zh")

    assert re.findall(r"\b(?:TEXT|INTEGER|FLOAT|RANGE|COMMAND|ARGS)\b", page) == []


def test_an_option_and_its_chinese_value_name_keep_the_column_in_cells() -> None:
    page = help_page("queue", lang="zh")

    lines = [line for line in page.splitlines() if line.startswith("  --")]
    starts = {width_of(line) - width_of(line[2:].split("  ", 1)[1].lstrip()) for line in lines}
    assert "  --days 整数" in page
    assert len(starts) == 1  # every option's words start in one column
