"""`xiaoben queue` and `xiaoben report` answered before click loads, when the command line
is exactly one of them (`[--db PATH] [--lang zh|en] queue|report`) and the book keeps what
they print: today's plan (store/plan_cache.py), the overview (store/overview_kept.py, or
made without the Book: store/overview_cold.py). The very text the commands print through
click; anything else — another command, an option, nothing kept, a fault — goes to click
(cli/__main__.py), which runs the command as always.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from xiaoben.cli.labels import register_labels
from xiaoben.cli.paths import default_book
from xiaoben.models.i18n import Lang, current_language, set_language, t

LANGS: dict[str, Lang] = {"zh": "zh", "en": "en"}


def printed(args: Sequence[str]) -> bool:
    """Print what the command of `args` prints, if it is one answered here and the book
    keeps it; False (nothing printed) when click must run it."""
    db: str | None = None
    lang: Lang | None = None
    rest = list(args)
    while len(rest) > 2 and rest[0] in ("--db", "--lang"):
        name, value, rest = rest[0], rest[1], rest[2:]
        if name == "--db" and db is None and value and not value.startswith("-"):
            db = value
        elif name == "--lang" and lang is None and value in LANGS:
            lang = LANGS[value]
        else:
            return False  # twice, or a value click would judge: its words
    if rest not in (["queue"], ["report"]):
        return False
    register_labels()  # as the commands' group does, first
    if lang:
        set_language(lang)
    path = (Path(db) if db is not None else default_book()).expanduser()
    if path.is_dir():
        return False  # click refuses it, in its words
    from xiaoben.store.driver import errors

    try:
        return _plan(path) if rest == ["queue"] else _overview(path)
    except errors.Error:
        return False  # a fault of the file: the command tells it


def _plan(path: Path) -> bool:
    """Today's plan as `xiaoben queue` prints it, when kept (cli/queue.py's _print_kept)."""
    from xiaoben.cli.plan_text import DEFAULT_DAYS, print_plan
    from xiaoben.store.plan_cache import kept

    found = kept(path, date.today().isoformat(), None, DEFAULT_DAYS, current_language())
    if found is None:
        return False
    _warn(found.other_writers, path)
    print_plan(found.plan)
    return True


def _overview(path: Path) -> bool:
    """The overview as `xiaoben report` prints it, when kept or made without the Book."""
    from xiaoben.cli.report_kept import without_the_book

    found = without_the_book(path, None, None, _printing)
    if found is None:
        return False
    from xiaoben.cli.report_text import print_overview

    _warn(found.other_writers, path)
    kept: dict[str, Any] = found.kept
    print_overview(kept, None, as_json=False)
    return True


def _printing() -> None:
    """What prints the overview, loaded while the first report after a change reads."""
    import xiaoben.cli.report_text  # noqa: F401


def _warn(other_writers: bool, path: Path) -> None:
    if other_writers:  # as click.echo(..., err=True) writes it
        sys.stderr.write(t("store.second_writer", path=path.absolute()) + "\n")
        sys.stderr.flush()
