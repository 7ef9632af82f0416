"""`python -m xiaoben.cli` and the installed `xiaoben`: what the book keeps printed at
once (cli/kept_output.py), else the click commands (cli/main.py); for a command that shows
the app, the keys typed while it starts kept as typed (tui/typeahead.py)."""

import os
import sys
import warnings
from typing import Any

from xiaoben.store.blas import one_blas_thread

one_blas_thread()  # before anything loads numpy

from xiaoben.cli.kept_output import printed  # noqa: E402 (after the threads are set)
from xiaoben.tui.typeahead import keys_kept_as_typed  # noqa: E402 (standard library only)


def main() -> None:
    with keys_kept_as_typed(shows_the_app(sys.argv[1:])):  # first: the keys come meanwhile
        run()


def shows_the_app(args: list[str]) -> bool:
    """Whether the command line opens the app: no command (the book, `[--db PATH] [--lang
    zh|en]`), or `demo` without --no-app; not --help nor --version. Said before click reads
    it; a line click then refuses only had the keys kept for the moment it took."""
    rest = list(args)
    while rest and rest[0].startswith("-"):
        option = rest.pop(0)
        if option in ("--db", "--lang") and rest:
            rest.pop(0)
        elif not option.startswith(("--db=", "--lang=")):
            return False  # --help, --version, --: click's to answer, in cooked mode
    if not rest:
        return True
    return rest[0] == "demo" and not {"--no-app", "--help"} & set(rest[1:])


def run() -> None:
    show_seller_warnings_as_lines()
    try:
        answered = printed(sys.argv[1:])
        sys.stdout.flush()  # a reader that left is met here, not at the interpreter's exit
    except BrokenPipeError:  # `xiaoben queue | head`: end quietly, as click does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:  # as the commands say it (cli.main.BookCommands)
        from xiaoben.cli.labels import register_labels
        from xiaoben.models.i18n import t

        register_labels()
        sys.stderr.write(f"\n{t('cli.error', message=t('cli.aborted'))}\n")
        sys.exit(1)
    if answered:
        leave_to_the_exit()
        return
    from xiaoben.cli.main import main as commands

    try:
        commands()
    finally:
        leave_to_the_exit()


def show_seller_warnings_as_lines() -> None:
    """A SellerWarning (an old SQLite's, in the seller's language) shown as its one line
    on stderr, without Python's source path and code line; other warnings as Python shows
    them. (Each is warned once a process where it is raised.)"""
    from xiaoben.models.errors import SellerWarning

    shown = warnings.showwarning

    def show(message: Warning | str, category: type[Warning], *where: Any, **how: Any) -> None:
        if issubclass(category, SellerWarning):
            sys.stderr.write(f"{message}\n")
            return
        shown(message, category, *where, **how)

    warnings.showwarning = show


def leave_to_the_exit() -> None:
    """The process ends once the command has: what is left of it is freed as the interpreter
    shuts down, a module at a time, without the collector's passes over every object first
    (after a 100,000-row import: ~0.25 s of CPU, a full pass over the book's, the sheet's
    and scipy's objects, to find cycles of garbage that the exit frees all the same; after a
    kept plan printed, 14 million instructions, a quarter of what the command costs over
    the interpreter's start). The command has closed its book and files; the standard
    streams are flushed at exit."""
    import gc

    gc.disable()
    gc.freeze()


if __name__ == "__main__":
    main()
