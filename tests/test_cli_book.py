"""Which book the CLI opens, and how it refuses what is not one."""

from __future__ import annotations

import json
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import start_script


def names(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [row["name"] for row in json.loads(result.stdout)]


def test_xiaoben_db_names_the_book(
    run: Callable[..., Result], shop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XIAOBEN_DB", str(shop_path))

    result = run("tiers", "--json", db=None)

    assert names(result) == ["王芳", "李娜", "赵敏"]


def test_db_option_wins_over_xiaoben_db(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XIAOBEN_DB", str(tmp_path / "elsewhere.db"))

    result = run("tiers", "--json", db=shop_path)

    assert names(result) == ["王芳", "李娜", "赵敏"]
    assert not (tmp_path / "elsewhere.db").exists()


def test_without_db_or_xiaoben_db_the_book_is_in_the_user_data_folder(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    result = run("tiers", "--json", db=None)

    assert result.exit_code == 0, result.output
    book = tmp_path / "xdg-data" / "xiaoben" / "book.db"
    assert book.exists()
    assert stat.S_IMODE(book.stat().st_mode) == 0o600
    assert stat.S_IMODE(book.parent.stat().st_mode) == 0o700


def test_a_file_that_is_not_a_book_is_refused_without_a_traceback(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("王芳 13812345678\n")

    result = run("tiers", db=notes)

    assert result.exit_code == 1
    assert "is not a xiaoben book" in result.stderr
    assert "Traceback" not in result.output
    assert notes.read_text() == "王芳 13812345678\n"


def test_an_error_is_headed_in_the_sellers_language(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("王芳 13812345678\n")

    chinese = run("--lang", "zh", "tiers", db=notes)
    english = run("--lang", "en", "tiers", db=notes)
    unknown = run("--lang", "zh", "tiers", "--bogus", db=notes)

    assert chinese.exit_code == english.exit_code == 1
    assert chinese.stderr.startswith("错误：") and "Error" not in chinese.stderr
    assert english.stderr.startswith("Error: ")
    assert unknown.exit_code == 2  # click's own usage errors keep click's form
    assert "--bogus" in unknown.stderr


def test_the_cli_warns_when_another_process_has_the_book_open(
    run: Callable[..., Result], shop_path: Path
) -> None:
    holder = start_script("hold_book.py", shop_path, stdin=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().startswith("open")

        result = run("tiers", "--json")

        assert result.exit_code == 0, result.output
        assert "another process has this book" in result.stderr
        assert len(json.loads(result.stdout)) == 3  # the warning stays off stdout
    finally:
        holder.kill()
        holder.wait(timeout=10)
