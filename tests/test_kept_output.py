"""`xiaoben queue` and `xiaoben report` answered before click loads (cli/kept_output.py):
the very text click's commands print, with click never imported; any other command line
goes to click untouched."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.book_helpers import python_env
from xiaoben.cli.kept_output import printed
from xiaoben.models.purchase import Purchase
from xiaoben.store.book import Book

# The command through click, whatever the fast path would do.
THROUGH_CLICK = "import sys; from xiaoben.cli.main import main; main(sys.argv[1:])"
# The fast path alone: what it printed, then whether it answered and what it loaded.
FAST_ALONE = (
    "import sys; from xiaoben.cli.kept_output import printed; answered = printed(sys.argv[1:]);"
    " print('ANSWERED', answered, sorted({m.split('.')[0] for m in sys.modules}"
    " & {'click', 'numpy', 'pydantic', 'sqlite_utils'}))"
)


def _run(code: list[str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *code, *args], env=python_env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kept_output") / "book.db"
    _run(["-m", "xiaoben.cli"], "--db", str(path), "demo", "--no-app", "--customers", "25")
    return path


def _fast(*args: str) -> tuple[str, str]:
    """What the fast path printed, and its last line (whether it answered, what loaded)."""
    out = _run(["-c", FAST_ALONE], *args)
    head, _, last = out.rstrip("\n").rpartition("\n")
    return head + "\n" if head else "", last


@pytest.mark.parametrize(
    "args",
    [("--lang", "zh", "queue"), ("--lang", "en", "queue"), ("queue",)],
)
def test_the_kept_plan_is_printed_as_click_prints_it_without_click(
    book: Path, args: tuple[str, ...]
) -> None:
    full = ("--db", str(book), *args)
    through_click = _run(["-c", THROUGH_CLICK], *full)  # makes and keeps the plan
    printed_text, last = _fast(*full)
    assert last == "ANSWERED True []"
    assert printed_text == through_click
    assert _run(["-m", "xiaoben.cli"], *full) == through_click


# What printing a kept plan has no use for, and used to load: `dataclasses` (it loads
# `inspect`, `ast`, `dis`, `tokenize`: ~40 million instructions, more than a quarter of
# reading a stats row of every CDNOW customer), the tables' module with the enums and the
# text checks,
# `threading` for a lock and `locale` when a variable names the language.
NOT_FOR_A_KEPT_PLAN = (
    "dataclasses",
    "inspect",
    "locale",
    "threading",
    "xiaoben.cli.output",
    "xiaoben.models.enums",
    "xiaoben.models.text",
)
LOADED_BY_THE_FAST_PATH = (
    "import sys; from xiaoben.cli.kept_output import printed; answered = printed(sys.argv[1:]);"
    f" print('ANSWERED', answered, sorted(set(sys.modules) & set({NOT_FOR_A_KEPT_PLAN!r})))"
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printing_the_kept_plan_loads_only_what_it_prints_with(book: Path, lang: str) -> None:
    full = ("--lang", lang, "--db", str(book), "queue")
    through_click = _run(["-c", THROUGH_CLICK], *full)  # makes and keeps the plan
    out = _run(["-c", LOADED_BY_THE_FAST_PATH], *full)
    printed_text, _, last = out.rstrip("\n").rpartition("\n")
    assert last == "ANSWERED True []"
    assert printed_text + "\n" == through_click


def test_the_kept_plan_printed_leaves_its_objects_to_the_exit_without_a_collection(
    book: Path,
) -> None:
    """`python -m xiaoben.cli queue` answered from the kept plan ends as the commands do:
    the collector off, every object frozen (the interpreter's shutdown spends no pass on
    them: a quarter of what printing the plan costs over the interpreter's start)."""
    full = ["--lang", "en", "--db", str(book), "queue"]
    through_click = _run(["-c", THROUGH_CLICK], *full)
    code = (
        "import gc, runpy, sys\n"
        f"sys.argv = ['xiaoben', *{full!r}]\n"
        "runpy.run_module('xiaoben.cli', run_name='__main__', alter_sys=True)\n"
        "print('AFTER:', 'click' in sys.modules, gc.isenabled(), gc.get_freeze_count() > 1000)\n"
    )
    printed_text, _, last = _run(["-c", code]).rstrip("\n").rpartition("\n")
    assert last == "AFTER: False False True"
    assert printed_text + "\n" == through_click


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_overview_is_printed_as_click_prints_it_kept_or_made_after_a_write(
    book: Path, lang: str
) -> None:
    full = ("--lang", lang, "--db", str(book), "report")
    through_click = _run(["-c", THROUGH_CLICK], *full)
    printed_text, last = _fast(*full)
    assert last == "ANSWERED True []"  # kept: one row read, nothing heavy loaded
    assert printed_text == through_click
    with Book.open(book) as opened:  # a write drops the kept overview
        with opened.reading():
            (first_id,) = opened.conn.execute("SELECT min(id) FROM customers").fetchone()
        opened.add_purchase(
            Purchase(customer_id=first_id, date=date.today(), amount=Decimal(66), items="茶")
        )
    made_text, last = _fast(*full)  # made from the stored tiers, without the Book or click
    assert last == "ANSWERED True ['numpy']"
    assert made_text == _run(["-c", THROUGH_CLICK], *full)  # kept by the fast path: read
    assert made_text != through_click


@pytest.mark.parametrize(
    "args",
    [
        ("queue", "--days", "3"),
        ("report", "--json"),
        ("tiers",),
        ("--lang", "fr", "queue"),
        ("--lang", "zh", "--lang", "en", "queue"),
        ("--db", "-x", "queue"),
        ("queue", "done", "1:cadence:1"),
        ("--help",),
        (),
    ],
)
def test_any_other_command_line_is_left_to_click(
    book: Path, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert not printed(("--db", str(book), *args) if args[:1] != ("--db",) else args)
    assert capsys.readouterr() == ("", "")


def test_a_book_that_is_missing_or_a_folder_is_left_to_click(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("queue", "report"):
        assert not printed(("--db", str(tmp_path / "none.db"), command))
        assert not printed(("--db", str(tmp_path), command))
    assert not (tmp_path / "none.db").exists()
    assert capsys.readouterr() == ("", "")
