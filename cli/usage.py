"""The command line as the seller typed it, judged in their language: the parameter types of
every command (text, a choice, a whole number, a path, a time) and click's own usage errors
(a missing argument, an unknown option, a bad value …) in the catalogue's words, exit 2 as
click's. The errors of a command are shown by SellerError, headed in the seller's language.

A leaf: imports no other module of cli/ (cli.main and the commands' modules use it).
Nothing of the store loads here but store/path_faults.py (os and errno).
"""

from __future__ import annotations

import os
import re
import stat
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import click

from xiaoben.models.i18n import current_language, t
from xiaoben.models.text import is_text, printable


class SellerError(click.ClickException):
    """A command's error, headed in the seller's language (click's own says "Error:"); a
    path that is no UTF-8 text (a GBK folder's name) shown with its bytes replaced."""

    def show(self, file: IO[Any] | None = None) -> None:
        shown = printable(t("cli.error", message=self.format_message()), lines=True)
        click.echo(shown, file=file, err=file is None)


class SellerUsageError(SellerError):
    """A command line the seller can put right (a bad --map): exit 2, as click's own."""

    exit_code = 2


class UsageInWords(click.UsageError):
    """Click's usage error said in the seller's language: the command's usage line, where
    to find its help, and what is wrong."""

    def show(self, file: IO[Any] | None = None) -> None:
        if self.ctx is not None:
            click.echo(usage_line(self.ctx), file=file, err=file is None)
            helped = t("cli.usage_help", command=self.ctx.command_path)
            click.echo(printable(helped) + "\n", file=file, err=file is None)
        shown = printable(t("cli.error", message=self.format_message()), lines=True)
        click.echo(shown, file=file, err=file is None)


def usage_line(ctx: click.Context) -> str:
    """`xiaoben queue snooze [选项] ITEM`, headed in the seller's language."""
    command = ctx.command
    pieces = [_usage_piece(command, piece) for piece in command.collect_usage_pieces(ctx)]
    return printable(t("cli.usage", command=ctx.command_path, pieces=" ".join(pieces)))


def _usage_piece(command: click.Command, piece: str) -> str:
    """A piece of the usage line in the seller's words where it is click's ([OPTIONS],
    a group's [COMMAND] [ARGS]...), as it is where it is a parameter's own name (FILE)."""
    if piece == command.options_metavar:
        return t("cli.usage_options")
    if isinstance(command, click.Group) and piece in _COMMAND_WORDS:
        return t(_COMMAND_WORDS[piece])
    return piece


# A group's command as click writes it (Group.subcommand_metavar): optional where the group
# runs without one (`xiaoben` alone opens the app).
_COMMAND_WORDS = {
    "COMMAND [ARGS]...": "cli.usage_command",
    "[COMMAND] [ARGS]...": "cli.usage_command_optional",
}


# Click's own names for a value (its types' names, in capitals): the seller's words for them.
# The names this program gives (FILE, ITEM, DATE …) are the ones its help text uses: kept.
_VALUE_WORDS = {
    "TEXT": "cli.usage_value.text",
    "INTEGER": "cli.usage_value.integer",
    "INTEGER RANGE": "cli.usage_value.integer",
    "FLOAT": "cli.usage_value.number",
    "FLOAT RANGE": "cli.usage_value.number",
}


def value_words(metavar: str) -> str:
    """An option's value as its help line shows it: click's type name in the seller's
    words (TEXT -> 文字), any other (FILE, [zh|en], COLUMN=FIELD) as it is."""
    key = _VALUE_WORDS.get(metavar)
    return metavar if key is None else t(key)


def in_seller_words(exc: click.UsageError) -> click.UsageError:
    """`exc` as the seller reads it; click's help for a command given nothing (a group's
    help page) and an error already in words stay as they are."""
    if isinstance(exc, (UsageInWords, click.exceptions.NoArgsIsHelpError)):
        return exc
    return UsageInWords(_words(exc), exc.ctx)


_EXTRA = re.compile(r"Got unexpected extra arguments? \((?P<args>.*)\)", re.DOTALL)


def _words(exc: click.UsageError) -> str:
    """What is wrong, from what click knows of it: its exception's kind and fields (its
    English words are read only where its kind does not say: two plain UsageErrors, and a
    flag given a value)."""
    if isinstance(exc, click.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click.BadParameter):
        return t("cli.usage.bad_value", name=_hint(exc), message=exc.message)
    if isinstance(exc, click.NoSuchOption):
        return t("cli.usage.no_such_option", name=exc.option_name) + _did_you_mean(
            exc.possibilities
        )
    if isinstance(exc, click.exceptions.NoSuchCommand):
        return t("cli.usage.no_such_command", name=exc.command_name) + _did_you_mean(
            exc.possibilities
        )
    if isinstance(exc, click.BadOptionUsage):
        return _option_misused(exc)
    if isinstance(exc, click.BadArgumentUsage):
        return t("cli.usage.argument_values")
    extra = _EXTRA.fullmatch(exc.message)
    if extra:
        return t("cli.usage.extra_arguments", args=extra.group("args"))
    if exc.message == "Missing command.":  # (a group given only its options)
        return t("cli.usage.missing_command")
    return exc.message  # ours (click.UsageError(t(...))): in the seller's words already


def _hint(exc: click.BadParameter) -> str:
    """The parameter as the seller typed it: --capacity, ITEM."""
    if isinstance(exc.param_hint, str):
        return exc.param_hint
    if exc.param_hint is not None:
        return " / ".join(exc.param_hint)
    param = exc.param
    if isinstance(param, click.Option):
        return " / ".join(param.opts)
    return param.human_readable_name if param is not None else "?"


def _missing(exc: click.MissingParameter) -> str:
    argument = (exc.param_type or (exc.param and exc.param.param_type_name)) == "argument"
    said = t(
        "cli.usage.missing_argument" if argument else "cli.usage.missing_option", name=_hint(exc)
    )
    if exc.param is not None and isinstance(exc.param.type, Choice):
        said += _joined_sentence(t("cli.usage.choose_from", choices=exc.param.type.listed()))
    return said


def _did_you_mean(possibilities: list[str] | None) -> str:
    if not possibilities:
        return ""
    return _joined_sentence(t("cli.usage.did_you_mean", names=_listed(sorted(possibilities))))


def _option_misused(exc: click.BadOptionUsage) -> str:
    """An option given without its value, or a flag given one (click's parser raises both
    without the command: its words tell them apart)."""
    if exc.message.endswith("does not take a value."):
        return t("cli.usage.takes_no_value", name=exc.option_name)
    return t("cli.usage.needs_value", name=exc.option_name)


def _listed(names: list[str]) -> str:
    return ("、" if current_language() == "zh" else ", ").join(names)


def _joined_sentence(text: str) -> str:
    return text if current_language() == "zh" else f" {text}"


# --- the parameter types: every parameter of every command has one of these --------------


class Text(click.ParamType):
    """Text the seller typed (a note, a filter, a name): refused when it is not UTF-8 — a
    GBK terminal's or an old file's bytes, which no record, search or message can hold."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else str(value)
        if not is_text(text):
            self.fail(t("cli.usage.not_text"), param, ctx)
        return text


TEXT = Text()


class Choice(click.Choice[str]):
    """One of a few words (--lens value, --format csv), refused in the seller's words."""

    def listed(self) -> str:
        return _listed(list(self.choices))

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        return t("cli.usage.not_one_of", value=value, choices=self.listed())

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        return ""  # said by the usage error (_missing), in the seller's words


class IntRange(click.IntRange):
    """A whole number, between bounds when given (--capacity 0..10000)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = value if isinstance(value, int) else int(str(value).strip())
        except ValueError:
            self.fail(t("cli.usage.not_whole_number", value=value), param, ctx)
        if self.min is not None and number < self.min:
            self.fail(self._outside(number), param, ctx)
        if self.max is not None and number > self.max:
            self.fail(self._outside(number), param, ctx)
        return super().convert(number, param, ctx)

    def _outside(self, number: int) -> str:
        if self.min is not None and self.max is not None:
            return t("cli.usage.out_of_range", value=number, lowest=self.min, highest=self.max)
        if self.min is not None:
            return t("cli.usage.too_small", value=number, lowest=self.min)
        return t("cli.usage.too_large", value=number, highest=self.max)


INT = IntRange()
"""Any whole number (a token, a seed)."""


class PathType(click.Path):
    """A file's path. One that must exist (a file to import) is refused in the seller's
    words when it does not, or cannot (a name too long for the disk); one to be written
    (--db, an export) is judged by the store, which names what is wrong with it."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value == "-" and self.allow_dash:
            return super().convert(value, param, ctx)
        path = Path(os.fsdecode(value))
        try:
            mode = os.stat(path).st_mode
        except OSError:
            if self.exists:
                self.fail(_not_found(path), param, ctx)
            return super().convert(value, param, ctx)
        if stat.S_ISDIR(mode) and not self.dir_okay:
            self.fail(t("cli.usage.is_folder", path=path), param, ctx)
        if not stat.S_ISDIR(mode) and not self.file_okay:
            self.fail(t("cli.usage.is_file", path=path), param, ctx)
        if self.readable and not os.access(path, os.R_OK):
            self.fail(t("cli.usage.cannot_read", path=path), param, ctx)
        return super().convert(value, param, ctx)


def _not_found(path: Path) -> str:
    from xiaoben.store.path_faults import path_fault

    fault = path_fault(path)
    return fault.message() if fault is not None else t("cli.usage.no_such_file", path=path)


class DateTime(click.DateTime):
    """A time as the seller types it (2026-03-08 14:30), in one of `formats`."""

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        try:
            converted: datetime = super().convert(value, param, ctx)
        except click.BadParameter:
            formats = _listed([_shown_format(each) for each in self.formats])
            self.fail(t("cli.usage.not_a_time", value=value, formats=formats), param, ctx)
        return converted


def _shown_format(strftime: str) -> str:
    """%Y-%m-%d %H:%M as 2026-03-08 14:30."""
    return datetime(2026, 3, 8, 14, 30, 0).strftime(strftime)
