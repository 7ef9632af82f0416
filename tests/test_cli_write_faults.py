"""Writes that fail on the disk's side get the catalogue's message, never a traceback, and
leave nothing behind: a file-size limit (EFBIG: a FAT32 stick's 4 GB, `ulimit -f`), a
disk error (EIO: a stick pulled out), a folder that cannot be made (a read-only data
folder; as root, where chmod stops nothing, a path through a regular file does it).

The size limit is real: the commands run in a child whose RLIMIT_FSIZE is set."""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import python_env
from xiaoben.models.errors import BookError
from xiaoben.store.driver import sqlite3
from xiaoben.store.files import write_fault, write_private

REPO = Path(__file__).resolve().parent.parent
TOO_LARGE = {
    "zh": "文件超出了这个磁盘或系统允许的最大文件",
    "en": "the file is larger than this disk or system allows",
}


def xiaoben(
    book: Path, *args: str, lang: str, limit: int | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """`xiaoben --db BOOK --lang LANG ARGS…` in a child, its files limited to `limit` bytes."""

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    return subprocess.run(
        [sys.executable, "-m", "xiaoben.cli", "--db", str(book), "--lang", lang, *args],
        cwd=REPO,
        env={**python_env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limited,
    )


def refused(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr
    return done.stderr


@pytest.fixture
def child_tmp(tmp_path: Path) -> Path:
    folder = tmp_path / "child-tmp"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", ["backup", "backup PATH", "export PATH"])
def test_a_copy_past_the_file_size_limit_is_refused_in_words_leaving_nothing(
    demo_path: Path, tmp_path: Path, child_tmp: Path, lang: str, command: str
) -> None:
    out = tmp_path / "stick"
    out.mkdir()
    data = tmp_path / "data"
    target = out / "copy.db"
    args = [target.as_posix() if word == "PATH" else word for word in command.split()]

    done = xiaoben(
        demo_path,
        *args,
        lang=lang,
        limit=demo_path.stat().st_size // 3,
        XDG_DATA_HOME=str(data),
        TMPDIR=str(child_tmp),
    )

    message = refused(done)
    assert TOO_LARGE[lang] in message
    if command == "backup":
        backups = [path for path in data.rglob("*") if path.is_file()]
        assert backups == [], backups
    else:
        assert str(target) in message
        assert list(out.iterdir()) == []  # no copy, no .xiaoben-export-…-journal
    assert list(child_tmp.iterdir()) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_xlsx_past_the_file_size_limit_is_refused_in_words_leaving_nothing(
    demo_path: Path, tmp_path: Path, child_tmp: Path, lang: str
) -> None:
    target = tmp_path / "stick" / "book.xlsx"

    done = xiaoben(
        demo_path, "export", str(target), lang=lang, limit=64 * 1024, TMPDIR=str(child_tmp)
    )

    message = refused(done)
    assert TOO_LARGE[lang] in message and str(target) in message
    assert list(target.parent.iterdir()) == []
    assert list(child_tmp.iterdir()) == []  # xlsxwriter's scratch files removed too
    assert xiaoben(demo_path, "export", str(target), lang=lang).returncode == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_encrypting_past_the_file_size_limit_leaves_the_book_as_it_was(
    shop_path: Path, tmp_path: Path, lang: str
) -> None:
    before = _dump(shop_path)

    done = xiaoben(
        shop_path,
        "passphrase",
        "set",
        lang=lang,
        limit=shop_path.stat().st_size // 2,
        XIAOBEN_NEW_PASSPHRASE="芝麻开门",
    )

    message = refused(done)
    changed = {"zh": "的口令没有改", "en": "was not changed"}[lang]
    assert changed in message and str(shop_path) in message
    reason = {"zh": "文件超出了这个磁盘或系统允许的大小", "en": "the file is larger than"}
    assert reason[lang] in message
    assert sorted(path.name for path in shop_path.parent.iterdir()) == ["shop.db"]
    assert _dump(shop_path) == before  # (out of WAL mode: the next open puts it back)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_backup_folder_that_cannot_be_made_is_named_with_its_cause(
    shop_path: Path, tmp_path: Path, lang: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    done = xiaoben(shop_path, "backup", lang=lang, XDG_DATA_HOME=str(blocker / "data"))

    message = refused(done)
    assert str(blocker / "data") in message
    cause = {"zh": "路径中的某一段是文件，不是文件夹", "en": "a part of the path is a file"}
    assert cause[lang] in message


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_replica_folder_that_cannot_be_made_is_refused_and_not_remembered(
    shop_path: Path, tmp_path: Path, lang: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    done = xiaoben(shop_path, "replicate", "--to", str(blocker / "sub"), "--once", lang=lang)

    message = refused(done)
    assert str(blocker / "sub") in message
    assert {"zh": "无法写入", "en": "cannot write"}[lang] in message
    assert _replica(shop_path) is None


@pytest.mark.parametrize("blank", ["", "  ", "file://"])
def test_a_blank_replica_address_is_refused_with_the_rule(
    run: Callable[..., Result],
    shop_path: Path,
    blank: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # what an empty address would have named
    result = run("replicate", "--to", blank, "--once")

    assert result.exit_code == 1
    assert "the replica address is empty" in result.output
    assert "current folder" in result.output
    assert _replica(shop_path) is None
    assert not (tmp_path / "ltx").exists()


def test_a_disk_error_is_named_as_one_and_leaves_no_journal(tmp_path: Path) -> None:
    target = tmp_path / "stick" / "copy.db"
    book = tmp_path / "book.db"
    book.write_bytes(b"")

    def failing(temp: Path) -> None:
        Path(f"{temp}-journal").write_bytes(b"half")
        raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(BookError) as caught:
        write_private(target, failing, book=book)

    assert caught.value.key == "store.export_io_error"
    assert caught.value.message("zh").startswith(f"写入 {target} 时磁盘读写出错")
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize(
    ("number", "key"),
    [
        (errno.EFBIG, "store.export_too_large"),
        (errno.EIO, "store.export_io_error"),
        (errno.ENOSPC, "store.export_disk_full"),
        (errno.EROFS, "store.export_cannot_write"),
    ],
)
def test_each_os_write_error_has_its_message(number: int, key: str, tmp_path: Path) -> None:
    fault = write_fault(OSError(number, os.strerror(number)), tmp_path / "x.db")

    assert fault is not None and fault.key == key
    for lang in ("zh", "en"):
        assert str(tmp_path / "x.db") in fault.message(lang)
    if number == errno.EROFS:
        assert "只读" in fault.message("zh") and "read-only" in fault.message("en")


def _replica(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'replica_url'").fetchone()
    finally:
        conn.close()
    return None if row is None else str(row[0])


def _dump(path: Path) -> list[tuple[object, ...]]:
    """What the seller keeps in the book (opening it moves the meta's markers on)."""
    conn = sqlite3.connect(path)
    try:
        return [
            row
            for table in ("customers", "purchases", "interactions", "reminders")
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY id")
        ]
    finally:
        conn.close()
