"""The rules a machine keeps: ruff, the import contracts and the type checker run clean.

Each runs as the developer would run it, in a child process of this virtualenv.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.book_helpers import REPO
from tests.typecheck import typecheck

BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing() -> None:
    lint = run(str(BIN / "ruff"), "check", "--output-format", "concise", ".")
    formatting = run(str(BIN / "ruff"), "format", "--check", ".")

    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert formatting.returncode == 0, formatting.stdout + formatting.stderr


def test_the_import_contracts_are_kept() -> None:
    contracts = run(str(BIN / "lint-imports"), "--no-cache")

    assert contracts.returncode == 0, contracts.stdout[-4000:] + contracts.stderr
    assert "BROKEN" not in contracts.stdout
    assert contracts.stdout.count("KEPT") >= 4


@pytest.mark.long
def test_the_type_checker_finds_nothing() -> None:
    checked = typecheck("--no-incremental")

    assert checked.returncode == 0, checked.stdout[-6000:] + checked.stderr
    assert "Success: no issues found" in checked.stdout
