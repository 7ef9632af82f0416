"""The Import screen's path box takes a file as a terminal or a file manager gives it when it
is dragged in or pasted (quoted, shell-escaped, a file:// URL, a space after it); a file that
is not there is said in the seller's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.book_helpers import write_csv
from tests.tui.pilot import run
from tests.tui.test_import_screen import open_file, text_of
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.dropped_paths import dropped_path
from xiaoben.tui.widgets.inputs import TextBox


def spaced_csv(tmp_path: Path) -> Path:
    folder = tmp_path / "my files"
    folder.mkdir()
    return write_csv(folder / "客户 表.csv", ["姓名,手机", "王芳,13800138001"])


def drops(path: Path) -> list[str]:
    """The path as terminals and file managers write it."""
    escaped = str(path).replace(" ", "\\ ")
    url = path.as_uri()
    return [f"'{path}' ", f'"{path}"', f"{escaped} ", url, f"'{url}'", f"  {path}\n"]


def test_each_dropped_form_names_the_file(tmp_path: Path) -> None:
    path = spaced_csv(tmp_path)

    for typed in drops(path):
        assert dropped_path(typed) == path, typed


def test_a_path_there_as_typed_wins(tmp_path: Path) -> None:
    odd = write_csv(tmp_path / "it's a\\ file.csv", ["姓名", "王芳"])
    quoted = write_csv(tmp_path / "'q.csv'", ["姓名", "王芳"])

    assert dropped_path(str(odd)) == odd
    assert dropped_path(str(quoted)) == quoted


def test_a_home_path_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    path = spaced_csv(tmp_path)

    assert dropped_path("'~/my files/客户 表.csv'") == path
    assert dropped_path("~/my\\ files/客户\\ 表.csv") == path


@pytest.mark.parametrize("form", range(6))
def test_the_import_screen_reads_a_dropped_path(app_factory, tmp_path: Path, form: int) -> None:
    path = spaced_csv(tmp_path)
    typed = drops(path)[form]

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, typed)
        status = text_of(app, "#import-status")
        assert "客户 表.csv：列名在第 1 行，1 行数据" in status, status
        assert not screen.query_one("#import-status").has_class("error")
        assert screen.query_one("#import-path", TextBox).value == str(path)

    run(app_factory(lang="zh"), story)


@pytest.mark.parametrize(
    ("lang", "words", "raw"),
    [("zh", "找不到这个文件", "No such file"), ("en", "there is no such file", "No such file")],
)
def test_a_missing_file_is_said_in_the_sellers_words(
    app_factory, tmp_path: Path, lang: str, words: str, raw: str
) -> None:
    missing = tmp_path / "my files" / "没有 这个.csv"

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_file(pilot, f"'{missing}' ")
        status = text_of(app, "#import-status")
        assert words in status and str(missing) in status, status
        assert raw not in status
        assert screen.query_one("#import-status").has_class("error")

    run(app_factory(lang=lang), story)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "一次导入一个文件：这里有 2 个文件（甲 表.csv、乙.csv）"),
        ("en", "One file at a time: this names 2 files (甲 表.csv, 乙.csv)"),
    ],
)
@pytest.mark.parametrize("joined", [" ", "\n"])
def test_two_files_dropped_at_once_are_said_one_at_a_time(
    app_factory, tmp_path: Path, lang: str, said: str, joined: str
) -> None:
    """Two files dragged in or pasted at once were read as one path and said to be no such
    file (an outside tester's finding): it says one file at a time, naming them."""
    first = write_csv(tmp_path / "甲 表.csv", ["姓名,电话", "甲,13500000001"])
    second = write_csv(tmp_path / "乙.csv", ["姓名,电话", "乙,13500000002"])

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_file(pilot, f"'{first}'{joined}'{second}'")
        status = text_of(app, "#import-status")
        assert status.startswith(said), status

    run(app_factory(lang=lang), story)
