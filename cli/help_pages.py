"""Help pages in the seller's language: every command's and option's `help=` is a key of
cli/help_words.py, looked up when the page is shown (so --lang, XIAOBEN_LANG or the locale
decides), and click's own words on the page (Usage, Options, Commands, [default: …]) come
from the catalogue too. Every command of `xiaoben` is a Command or a Group of this module.

A leaf: imports no module of cli/ but leaves (the usage line's, cells, the words).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable

import click
from click.formatting import wrap_text

from xiaoben.cli.cells import width_of
from xiaoben.cli.usage import usage_line, value_words
from xiaoben.models.i18n import current_language, register, t
from xiaoben.models.line_breaks import may_break_between_words, wrap


def register_help_words() -> None:
    """Add the help pages' words to the catalogue (again: no change). Only a help page
    needs them: a command that runs never loads them."""
    from xiaoben.cli.help_words import HELP_WORDS

    register("cli.help", HELP_WORDS)


def words(key: str, **values: object) -> str:
    """A help page's words for `key`, in the current language."""
    register_help_words()
    return t(key, None, **values)


class Formatter(click.HelpFormatter):
    """Click's formatter, its headings as the catalogue writes them ("选项：", "Options:").
    Chinese is wrapped here, by the cells it takes (an ideograph two) and the Chinese rules
    (models/line_breaks.py): click's wrapping counts characters and breaks at spaces only."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}\n")

    def write_text(self, text: str) -> None:
        super().write_text(_wrapped(text, self.width - self.current_indent))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        # As click's HelpFormatter.write_dl, its terms measured in cells (--seed 整数).
        rows = list(rows)
        first_column = min(max((width_of(term) for term, _ in rows), default=0), col_max)
        first_column += col_spacing
        width = max(self.width - first_column - 2, 10)
        indent = " " * self.current_indent
        for term, text in rows:
            self.write(f"{indent}{term}")
            if not text:
                self.write("\n")
                continue
            cells = width_of(term)
            if cells <= first_column - col_spacing:
                self.write(" " * (first_column - cells))
            else:
                self.write("\n" + " " * (first_column + self.current_indent))
            lines = wrap_text(_wrapped(text, width), width, preserve_paragraphs=True)
            first, *others = lines.splitlines() or [""]
            self.write(f"{first}\n")
            for line in others:
                self.write(f"{indent}{'':>{first_column}}{line}\n")


def _wrapped(text: str, width: int) -> str:
    """Chinese `text` in lines of `width` cells, each paragraph marked for click to keep
    its lines as they are ("\\b"); English as it is, for click to wrap."""
    if current_language() != "zh" or not text:
        return text
    return "\n\n".join(
        "\b\n" + "\n".join(wrap(paragraph, width, may_break_between_words))
        for paragraph in text.split("\n\n")
    )


class Context(click.Context):
    formatter_class = Formatter


class Command(click.Command):
    """A command whose help page speaks the seller's language."""

    context_class = Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "cli.help.help"
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write(f"{usage_line(ctx)}\n")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(inspect.cleandoc(words(self.help)))

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments = [param for param in self.get_params(ctx) if isinstance(param, click.Argument)]
        if any(argument.help for argument in arguments):
            with formatter.section(words("cli.help.arguments")):
                formatter.write_dl([_argument_row(argument, ctx) for argument in arguments])

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            row
            for param in self.get_params(ctx)
            if isinstance(param, click.Option) and (row := _option_row(param, ctx))
        ]
        if rows:
            with formatter.section(words("cli.help.options")):
                formatter.write_dl(rows)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The help's first sentence, cut to `limit` columns (in a group's list)."""
        text = words(self.help) if self.help else ""
        if current_language() == "en":
            return click.Command(self.name, help=text).get_short_help_str(limit)
        return _first_sentence(text, limit)


class Group(Command, click.Group):
    """A group of commands whose help page, and the list of its commands, speak the seller's
    language; its commands and groups are made of this module's classes too."""

    command_class = Command

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [
            (name, command)
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section(words("cli.help.commands")):
                formatter.write_dl(
                    [(name, command.get_short_help_str(limit)) for name, command in commands]
                )


Group.group_class = Group


def _option_row(option: click.Option, ctx: click.Context) -> tuple[str, str] | None:
    """An option's line: its names and metavar as click writes them, then its help and
    what click adds to it ([default: 7; 0<=x<=366]) in the seller's words."""
    record = option.get_help_record(ctx)
    if record is None:  # hidden
        return None
    term = record[0]
    if option.metavar is None and not option.is_flag:  # click's name for the value: TEXT
        metavar = option.make_metavar(ctx)
        if term.endswith(f" {metavar}"):
            term = term[: -len(metavar)] + value_words(metavar)
    said = words(option.help) if option.help else ""
    extra = _extra(option, ctx)
    if extra:  # on a line of its own in Chinese, never broken between two of its characters
        apart = "\n" if current_language() == "zh" else "  "
        said = f"{said}{apart}[{extra}]" if said else f"[{extra}]"
    return term, said


def _extra(option: click.Option, ctx: click.Context) -> str:
    extra = option.get_help_extra(ctx)
    items = []
    if "envvars" in extra:
        items.append(words("cli.help.env_var", var=", ".join(extra["envvars"])))
    if "default" in extra:
        items.append(words("cli.help.default", default=extra["default"]))
    bounded = (getattr(option.type, bound, None) is not None for bound in ("min", "max"))
    if "range" in extra and any(bounded):  # (click says "x<=None" of a number without bounds)
        items.append(extra["range"])
    if "required" in extra:
        items.append(words("cli.help.required"))
    return ("；" if current_language() == "zh" else "; ").join(items)


def _argument_row(argument: click.Argument, ctx: click.Context) -> tuple[str, str]:
    return argument.make_metavar(ctx), words(argument.help) if argument.help else ""


def _first_sentence(text: str, limit: int) -> str:
    """Chinese help's first sentence (to its 。), cut with … to `limit` columns."""
    first, stop, _ = text.partition("\n\n")[0].partition("。")
    sentence = first + stop
    if width_of(sentence) <= limit:
        return sentence
    kept = ""
    for char in sentence:
        if width_of(kept + char) > limit - 1:
            break
        kept += char
    return kept.rstrip() + "…"
