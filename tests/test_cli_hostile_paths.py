"""Command lines a seller's machine can produce: a folder named in GBK (a Windows zip), a
file name longer than the disk takes, a path through a file, text typed in a GBK terminal,
and click's own usage errors — each a message in the seller's language, never a traceback."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import Result

from xiaoben.cli.main import main
from xiaoben.cli.shared import Day
from xiaoben.cli.usage import TEXT, Choice, DateTime, IntRange, PathType
from xiaoben.models.errors import BookError
from xiaoben.models.text import printable
from xiaoben.store.backups import folder_of
from xiaoben.store.book import Book
from xiaoben.store.cipher import derive

GBK_FOLDER = os.fsdecode("客户资料".encode("gbk"))  # as Python holds it: surrogate escapes
GBK_TEXT = os.fsdecode("回访".encode("gbk"))
TOO_LONG = "双十一活动杭州上海A类客户名单备份" * 6  # 98 characters, 294 bytes in UTF-8


def no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "c.csv"
    path.write_text("姓名,手机\n林小雨,13800138000\n", encoding="utf-8")
    return path


# --- a book in a folder whose name is not UTF-8 -----------------------------------------------


def test_a_book_in_a_gbk_named_folder_is_written_and_backed_up(
    run: Callable[..., Result], tmp_path: Path, people: Path
) -> None:
    book = tmp_path / GBK_FOLDER / "book.db"

    imported = run("import", "customers", people, db=book)
    backed_up = run("backup", db=book)

    no_traceback(imported)
    assert imported.exit_code == 0, imported.output
    assert backed_up.exit_code == 0, backed_up.output
    assert list(folder_of(book).glob("*.db"))


def test_the_backup_folder_of_a_book_is_named_by_its_path_bytes(tmp_path: Path) -> None:
    utf8_book = tmp_path / "店" / "shop.db"
    tag = hashlib.sha256(str(utf8_book).encode()).hexdigest()[:8]

    assert folder_of(utf8_book, tmp_path).name == f"shop-{tag}"  # as before: kept backups found
    assert folder_of(tmp_path / GBK_FOLDER / "shop.db", tmp_path).name.startswith("shop-")


def test_a_message_naming_a_gbk_path_shows_its_bytes_replaced(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    result = run("tiers", db=tmp_path / GBK_FOLDER / "none.db")

    assert result.exit_code == 1
    assert "\ufffd" in result.stderr and "\\udc" not in result.stderr


def test_printable_shows_a_byte_that_is_not_utf8_as_a_replacement() -> None:
    shown = printable(f"{GBK_FOLDER}/book.db")

    assert shown.encode("utf-8").endswith(b"/book.db")  # (a lone surrogate would not encode)
    assert "\ufffd" in shown


# --- paths the disk cannot hold -------------------------------------------------------------


def test_a_book_name_too_long_is_a_message(run: Callable[..., Result], tmp_path: Path) -> None:
    book = tmp_path / f"{TOO_LONG}.db"

    written = run("recompute", db=book)
    read = run("tiers", db=book)

    for result in (written, read):
        no_traceback(result)
        assert result.exit_code == 1
        assert "a name is too long (297 bytes)" in result.stderr
        assert "at most 255 bytes" in result.stderr


def test_an_export_name_too_long_is_a_message_and_nothing_is_written(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    run("recompute")

    result = run("export", tmp_path / f"{TOO_LONG}.csv")

    no_traceback(result)
    assert result.exit_code == 1
    assert "a name is too long (298 bytes)" in result.stderr
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".xiaoben")] == []


def test_a_book_under_a_file_is_a_message(run: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "客户.csv").touch()

    result = run("recompute", db=tmp_path / "客户.csv" / "book.db")

    no_traceback(result)
    assert result.exit_code == 1
    assert f"{tmp_path / '客户.csv'} is a file, not a folder" in result.stderr


def test_an_export_under_a_file_is_a_message(run: Callable[..., Result], tmp_path: Path) -> None:
    run("recompute")
    (tmp_path / "客户.csv").touch()

    result = run("export", tmp_path / "客户.csv" / "out.csv")

    no_traceback(result)
    assert result.exit_code == 1
    assert "客户.csv is a file, not a folder" in result.stderr


def test_the_store_refuses_a_book_name_too_long_and_makes_nothing(tmp_path: Path) -> None:
    with pytest.raises(BookError) as refused:
        Book.open(tmp_path / "new" / f"{TOO_LONG}.db")

    assert refused.value.key == "store.name_too_long"
    assert not (tmp_path / "new").exists()


def test_an_import_file_name_too_long_names_the_cause(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    result = run("--lang", "zh", "import", "customers", tmp_path / f"{TOO_LONG}.csv")

    assert result.exit_code == 2
    assert "FILE 的值不对：" in result.stderr and "名字太长（298 字节）" in result.stderr


# --- click's usage errors in the seller's language -------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["import", "customers", "客户.csv"], "错误：FILE 的值不对：文件“客户.csv”不存在"),
        (["queue", "--capacity", "-1"], "错误：--capacity 的值不对：-1 不在 0 到 10000 之间"),
        (["queue", "snooze"], "错误：缺少参数 ITEM"),
        (["tiers", "--lens", "价值"], "错误：--lens 的值不对：“价值”不是可选的值：value、rfm"),
        (["tiers", "--as-of", "2026-02-30"], "错误：--as-of 的值不对：日期不存在：2026-02-30"),
        (["tiers", "--bogus"], "错误：没有 --bogus 这个选项"),
        (["tirs"], "错误：没有“tirs”这个命令，是不是要用 tiers？"),
        (["tiers", "extra"], "错误：多出了参数：extra"),
        (["tiers", "--lens"], "错误：选项 --lens 后面要跟一个值"),
        (["tiers", "--json=1"], "错误：选项 --json 不带值"),
        (["unmerge", "x"], "错误：TOKEN 的值不对：“x”不是整数"),
        (["report", "--period", "0"], "错误：--period 的值不对：0 不在 1 到 36500 之间"),
    ],
)
def test_a_usage_error_is_said_in_chinese(
    run: Callable[..., Result], tmp_path: Path, args: list[str], said: str
) -> None:
    result = run("--lang", "zh", *args)

    no_traceback(result)
    assert result.exit_code == 2
    assert said in result.stderr
    for english in ("Usage:", "Error:", "Invalid value", "Try '", "[OPTIONS]"):
        assert english not in result.stderr


def test_a_usage_error_shows_the_usage_and_help_lines_in_chinese(
    run: Callable[..., Result],
) -> None:
    result = run("--lang", "zh", "queue", "snooze")

    assert result.stderr.splitlines()[:2] == [
        "用法：main queue snooze [选项] ITEM",
        "运行“main queue snooze --help”查看帮助。",
    ]


def test_the_book_given_as_a_folder_is_said_in_the_language_given_after_it(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    result = run("--lang", "zh", "tiers", db=tmp_path)

    assert result.exit_code == 2
    assert f"错误：--db 的值不对：“{tmp_path}”是文件夹，请给出文件的路径" in result.stderr


def test_a_usage_error_in_english_keeps_click_s_frame(run: Callable[..., Result]) -> None:
    result = run("--lang", "en", "queue", "--capacity", "-1")

    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith("Usage: main queue [OPTIONS]")
    assert "Error: Invalid value for --capacity: -1 is not between 0 and 10000" in result.stderr


def every_parameter(command: click.Command, path: str) -> Iterator[tuple[str, click.Parameter]]:
    context = click.Context(main)
    if isinstance(command, click.Group):
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            assert sub is not None
            yield from every_parameter(sub, f"{path} {name}")
    for param in command.params:
        yield path, param


SELLER_TYPES = (type(TEXT), Choice, IntRange, PathType, DateTime, Day)


def test_every_parameter_of_every_command_refuses_in_the_seller_s_words() -> None:
    """No parameter is left to click's English: each has one of cli/usage.py's types (or
    is a flag, which takes no value)."""
    left = [
        f"{path} {param.name}: {param.type!r}"
        for path, param in every_parameter(main, "xiaoben")
        if not isinstance(param.type, SELLER_TYPES)
        and not (isinstance(param, click.Option) and param.is_flag)
    ]

    assert left == []


# --- text arguments that are not UTF-8 -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["queue", "done", "林小雨", "--reason", "new_customer", "--note", GBK_TEXT], "--note"),
        (["queue", "done", GBK_TEXT], "ITEM"),
        (["export", "out.csv", "--only", GBK_TEXT], "--only"),
        (["fields", "add", GBK_TEXT], "LABEL"),
        (["tiers", "--view", GBK_TEXT], "--view"),
        (["merge", GBK_TEXT, "林小雨"], "SURVIVOR"),
    ],
)
def test_text_that_is_not_utf8_is_refused_naming_the_option(
    run: Callable[..., Result], args: list[str], option: str
) -> None:
    result = run("--lang", "zh", *args)

    no_traceback(result)
    assert result.exit_code == 2
    assert f"错误：{option} 的值不对：不是 UTF-8 文字" in result.stderr


def test_a_column_map_that_is_not_utf8_is_refused(run: Callable[..., Result], people: Path) -> None:
    result = run("import", "customers", people, "--map", f"{GBK_TEXT}=name")

    no_traceback(result)
    assert result.exit_code == 2
    assert "Invalid value for --map: not UTF-8 text" in result.stderr
    assert run("tiers").exit_code == 1  # the book was not even made


def test_a_passphrase_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(BookError) as refused:
        derive(GBK_TEXT, b"\0" * 16)

    assert refused.value.key == "store.passphrase_not_text"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_named_pipe_given_to_import_is_refused_at_once(
    run: Callable[..., Result], tmp_path: Path, lang: str
) -> None:
    """A pipe (mkfifo, or a shell's <(…)) blocked the import until a writer came, then gave
    its data to the first of two reads: the import never ended and Ctrl+C did not stop it."""
    pipe = tmp_path / "客户.csv"
    os.mkfifo(pipe)

    result = run("--lang", lang, "import", "customers", str(pipe))

    assert result.exit_code == 1
    said = {"zh": "这不是一个普通文件，而是管道或设备", "en": "no ordinary file but a pipe"}
    assert said[lang] in result.output
