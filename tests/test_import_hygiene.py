"""Commands that show no screen never import Textual (they must start fast).

Checked in a fresh interpreter, as Harlequin's tests/unit_tests/test_import_hygiene.py does:
what one test imported would otherwise hide what another needs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.book_helpers import REPO, python_env

IMPORT_EVERYTHING_HEADLESS = """
import importlib, pkgutil, sys
from xiaoben import models, tiering, store
for package in (models, tiering, store):
    for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
import xiaoben.cli.main
"""

RUN_COMMANDS = """
import sys
from xiaoben.cli.main import main
def xiaoben(*args):
    try:
        main([*args], standalone_mode=False)
    except SystemExit:
        pass
"""

REPORT = """
loaded = sorted(name for name in sys.modules if name.split(".")[0] == "textual")
print("TEXTUAL:", loaded)
"""


def textual_modules(code: str, cwd: Path) -> str:
    child = subprocess.run(
        [sys.executable, "-c", code + REPORT],
        cwd=cwd,
        env=python_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    return child.stdout.strip().splitlines()[-1]


def test_importing_models_tiering_store_and_the_cli_leaves_textual_out() -> None:
    assert textual_modules(IMPORT_EVERYTHING_HEADLESS, REPO) == "TEXTUAL: []"


def test_xiaoben_tiers_help_leaves_textual_out() -> None:
    code = RUN_COMMANDS + 'xiaoben("tiers", "--help")\n'

    assert textual_modules(code, REPO) == "TEXTUAL: []"


def test_the_commands_that_show_no_screen_leave_textual_out(tmp_path: Path) -> None:
    bills = tmp_path / "bills.csv"
    bills.write_text("code,date,amount\nC0001,2026-11-01,100\n", encoding="utf-8")
    book = tmp_path / "book.db"
    code = RUN_COMMANDS + "\n".join(
        [
            f'xiaoben("--db", r"{book}", "demo", "--no-app", "--customers", "20")',
            f'xiaoben("--db", r"{book}", "tiers")',
            f'xiaoben("--db", r"{book}", "tiers", "--json", "--lens", "rfm")',
            f'xiaoben("--db", r"{book}", "recompute")',
            f'xiaoben("--db", r"{book}", "import", "purchases", r"{bills}")',
            f'xiaoben("--db", r"{book}", "export", r"{tmp_path / "copy.db"}")',
            f'xiaoben("--db", r"{book}")',  # not a terminal: prints the tiers
        ]
    )

    assert textual_modules(code + "\n", tmp_path) == "TEXTUAL: []"
    assert (tmp_path / "copy.db").exists()


QUEUE_COMMANDS = """
from xiaoben.store.book import Book
with Book.open(BOOK) as book:  # two items of the demo book's queue, whatever the day
    first, second = (item.key for item in book.follow_ups(book.queue(days=366), 0, 2))
xiaoben("--db", BOOK, "queue")
xiaoben("--db", BOOK, "queue", "--json", "--all")
xiaoben("--db", BOOK, "queue", "skip", first)
xiaoben("--db", BOOK, "queue", "undo", first)
xiaoben("--db", BOOK, "queue", "snooze", second, "--week")
xiaoben("--db", BOOK, "queue", "done", second, "--note", "called")
print("handled", first, second)
"""


def test_the_queue_commands_leave_textual_out(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    make = RUN_COMMANDS + f'xiaoben("--db", r"{book}", "demo", "--no-app", "--customers", "20")\n'
    subprocess.run([sys.executable, "-c", make], cwd=tmp_path, env=python_env(), check=True)
    code = RUN_COMMANDS + f"BOOK = r'{book}'\n" + QUEUE_COMMANDS

    assert textual_modules(code, tmp_path) == "TEXTUAL: []"


def test_the_check_would_notice_textual() -> None:
    code = "import sys\nimport textual.app\n"

    assert textual_modules(code, REPO) != "TEXTUAL: []"


def test_everything_installs_under_one_xiaoben_namespace(tmp_path: Path) -> None:
    """Outside the repository only `xiaoben.*` is importable: generic top-level names
    (`models`, `store`, `cli` …) would collide with other distributions."""
    env = {key: value for key, value in python_env().items() if key != "PYTHONPATH"}
    code = (
        "import importlib.util, xiaoben.cli.main, xiaoben.tui.app\n"
        "names = ('models', 'store', 'tiering', 'tui', 'cli', 'bench')\n"
        "print([name for name in names if importlib.util.find_spec(name) is not None])\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )

    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "[]"


HEAVY = ("textual", "numpy", "scipy", "pydantic", "sqlite_utils", "phonenumbers", "lunar_python")
HEAVY_REPORT = f"""
heavy = {HEAVY!r}
loaded = sorted(
    name for name in sys.modules
    if name.split(".")[0] in heavy or name in ("xiaoben.store.book", "xiaoben.tiering")
)
print("HEAVY:", loaded)
"""


def heavy_modules(code: str, cwd: Path) -> str:
    child = subprocess.run(
        [sys.executable, "-c", code + HEAVY_REPORT],
        cwd=cwd,
        env=python_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    return child.stdout.strip().splitlines()[-1]


def test_a_second_queue_reads_the_kept_plan_without_the_book_models_or_numpy(
    tmp_path: Path,
) -> None:
    """`xiaoben queue` the second time on an unchanged book: the plan kept by the first run,
    read with the driver alone (no Book, no models, no numpy: it must start fast)."""
    book = tmp_path / "book.db"
    first = RUN_COMMANDS + (
        f'xiaoben("--db", r"{book}", "demo", "--no-app", "--customers", "20")\n'
        f'xiaoben("--db", r"{book}", "queue")\n'
    )
    subprocess.run([sys.executable, "-c", first], cwd=tmp_path, env=python_env(), check=True)
    second = RUN_COMMANDS + f'xiaoben("--db", r"{book}", "queue")\n'

    assert heavy_modules(second, tmp_path) == "HEAVY: []"


def test_the_heavy_check_would_notice_the_book() -> None:
    assert heavy_modules("import sys\nimport xiaoben.store.book\n", REPO) != "HEAVY: []"


def test_a_second_tiers_reads_the_kept_tiers_without_the_book_models_or_numpy(
    tmp_path: Path,
) -> None:
    """`xiaoben tiers` on a book whose tiers are a full pass of today (the first command
    of the day made it): read with the driver alone, every lens and --json (no Book, no
    models, no numpy or scipy: it must start fast)."""
    book = tmp_path / "book.db"
    first = RUN_COMMANDS + (
        f'xiaoben("--db", r"{book}", "demo", "--no-app", "--customers", "20")\n'
        f'xiaoben("--db", r"{book}", "tiers")\n'
    )
    subprocess.run([sys.executable, "-c", first], cwd=tmp_path, env=python_env(), check=True)
    second = RUN_COMMANDS + "\n".join(
        [
            "from datetime import date",
            f'xiaoben("--db", r"{book}", "tiers")',
            f'xiaoben("--db", r"{book}", "tiers", "--lens", "rfm")',
            f'xiaoben("--db", r"{book}", "--lang", "zh", "tiers", "--lens", "quadrant")',
            f'xiaoben("--db", r"{book}", "tiers", "--json")',
            f'xiaoben("--db", r"{book}", "tiers", "--as-of", date.today().isoformat())',
        ]
    )

    assert heavy_modules(second + "\n", tmp_path) == "HEAVY: []"


def test_a_new_book_loads_no_scipy_until_a_model_can_be_fitted(tmp_path: Path) -> None:
    """Creating a book (as `xiaoben import` does for a new seller) tries the purchase model on
    no purchases: told "not enough data" before scipy is loaded (~60 MB at an import's peak)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from xiaoben.store.book import Book\n"
        f"with Book.open(Path({str(tmp_path / 'new.db')!r})) as book:\n"
        "    print('PROBLEM:', book.model_problem().key)\n"
        "print('SCIPY:', sorted(n for n in sys.modules if n.split('.')[0] == 'scipy')[:3])\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=python_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip().splitlines()[-2:] == ["PROBLEM: model.not_enough_data", "SCIPY: []"]


def test_models_and_tiering_read_no_clock() -> None:
    """models/ and tiering/ are pure: "today" comes in as an argument (STYLE.md). A two-digit
    birthday year had read date.today() inside models/birthday_text.py."""
    clock = re.compile(r"\.(?:today|now|utcnow)\(\)|\btime\.(?:time|monotonic)\(")
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for package in ("models", "tiering")
        for path in sorted((REPO / package).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if clock.search(line)
    ]
    assert found == []
