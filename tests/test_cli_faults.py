"""Faults get messages and leave a way out: a book that cannot be written opens read-only
for reading and exporting; a mistyped --db creates nothing; no tracebacks."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from xiaoben.store.driver import sqlite3

NOTICE = "cannot be written"
REFUSED = "is open read-only and cannot be changed"


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


@pytest.fixture
def injected_read_only(shop_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shop as a read-only filesystem shows it: the first write fails (SQLITE_READONLY)."""

    def refuse(*args: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr("xiaoben.store.sessions.register", refuse)
    return shop_path


@pytest.fixture
def simulated_cantopen(shop_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shop as a read-only folder or filesystem shows it: the writer connection's
    reads fail with SQLITE_CANTOPEN (WAL cannot make its -shm); read-only ones work."""
    return _writer_fails(shop_path, monkeypatch, "unable to open database file", 14)


def _writer_fails(shop_path: Path, monkeypatch: pytest.MonkeyPatch, words: str, code: int) -> Path:
    """Every statement of the writer connection fails with SQLite's `code`, as SQLite
    says it; read-only connections (URIs) work."""
    from xiaoben.store import files

    opened = files.open_connection

    def failing(*args: object) -> None:
        failed = sqlite3.OperationalError(words)
        failed.sqlite_errorcode = code  # type: ignore[attr-defined]  # as SQLite sets it
        raise failed

    def open_connection(target: str | Path, *args: Any, **options: Any) -> Any:
        conn = opened(target, *args, **options)
        if target == shop_path:  # the writer: read-only connections are URIs
            conn.execute = failing  # the held connection's class lets it be replaced
        return conn

    monkeypatch.setattr(files, "open_connection", open_connection)
    return shop_path


def _mount(*args: str) -> bool:
    if shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def read_only_tmpfs(shop_path: Path) -> Iterator[Path]:
    """The shop's folder a tmpfs remounted read-only (skipped where this process may not
    mount), as the hostile tester's `mount -o remount,ro`."""
    yield from _on_read_only_filesystem(shop_path, bind=False)


@pytest.fixture
def read_only_bind(shop_path: Path) -> Iterator[Path]:
    """The shop's folder seen through a read-only bind mount (skipped as above)."""
    yield from _on_read_only_filesystem(shop_path, bind=True)


def _on_read_only_filesystem(shop_path: Path, *, bind: bool) -> Iterator[Path]:
    folder = shop_path.parent
    assert not Path(f"{shop_path}-wal").exists()  # closed: all of it in the file
    content = shop_path.read_bytes()
    if bind:
        mounted = _mount("--bind", str(folder), str(folder))
    else:
        mounted = _mount("-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(folder))
    if not mounted:
        pytest.skip("this process may not mount a filesystem")
    try:
        if not bind:
            shop_path.write_bytes(content)
            shop_path.chmod(0o600)
        if not _mount("-o", "remount,bind,ro" if bind else "remount,ro", str(folder)):
            pytest.skip("this process may not remount a filesystem read-only")
        yield shop_path
    finally:
        subprocess.run(["umount", str(folder)], check=True)


READ_ONLY_BOOKS = [
    "injected_read_only",
    "immutable_book",
    "simulated_cantopen",
    "read_only_tmpfs",
    "read_only_bind",
]


@pytest.fixture
def immutable_book(shop_path: Path) -> Iterator[Path]:
    """The shop made truly unwritable: chmod for a user, the immutable flag for root."""
    if os.geteuid() != 0:
        shop_path.chmod(0o400)
        shop_path.parent.chmod(0o500)
        yield shop_path
        shop_path.parent.chmod(0o700)
        shop_path.chmod(0o600)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(shop_path)]).returncode != 0:
        pytest.skip("running as root, where chmod does not stop writes, and chattr +i fails")
    try:
        yield shop_path
    finally:
        subprocess.run([chattr, "-i", str(shop_path)], check=True)


@pytest.mark.parametrize("book", READ_ONLY_BOOKS)
def test_a_book_that_cannot_be_written_opens_read_only_for_reading(
    run: Callable[..., Result], book: str, request: pytest.FixtureRequest
) -> None:
    request.getfixturevalue(book)

    result = run("tiers")

    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert NOTICE in result.stderr
    assert "王芳" in result.stdout


@pytest.mark.parametrize("book", READ_ONLY_BOOKS)
def test_a_read_only_book_exports(
    run: Callable[..., Result], book: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    request.getfixturevalue(book)
    target = tmp_path / "out" / "copy.db"

    result = run("export", str(target))

    no_traceback(result)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("SELECT count(*) FROM customers").fetchone() == (3,)
    finally:
        conn.close()


@pytest.mark.parametrize("book", READ_ONLY_BOOKS)
def test_a_writing_verb_on_a_read_only_book_says_how_to_get_out(
    run: Callable[..., Result], book: str, request: pytest.FixtureRequest
) -> None:
    request.getfixturevalue(book)

    for args in (("recompute",), ("queue", "skip", "王芳", "--as-of", "2026-11-23")):
        result = run(*args)
        no_traceback(result)
        assert result.exit_code == 1, result.output
        assert REFUSED in result.stderr


@pytest.mark.parametrize("command", [("tiers",), ("report",), ("queue",), ("export", "x.db")])
def test_a_mistyped_db_on_a_reading_command_creates_no_book(
    run: Callable[..., Result], tmp_path: Path, command: tuple[str, ...]
) -> None:
    typo = tmp_path / "sohp.db"

    result = run(*command, db=typo)

    no_traceback(result)
    assert result.exit_code == 1
    assert "no book at" in result.stderr
    assert not typo.exists()


def full_disk(*args: object) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def test_a_full_disk_still_reads_and_exports_elsewhere(
    run: Callable[..., Result], shop_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("xiaoben.store.sessions.register", full_disk)

    shown = run("tiers")
    exported = run("export", str(tmp_path / "elsewhere" / "copy.db"))

    for result in (shown, exported):
        no_traceback(result)
        assert result.exit_code == 0, result.output
    assert "王芳" in shown.stdout


def test_a_write_meeting_a_full_disk_says_so_and_changes_nothing(
    run: Callable[..., Result], shop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.store.records.insert", full_disk)

    result = run("queue", "done", "王芳", "--as-of", "2026-11-23")

    no_traceback(result)
    assert result.exit_code == 1
    assert "the disk is full" in result.stderr
    assert "was not changed" in result.stderr


def test_a_lock_held_too_long_names_the_other_process(
    run: Callable[..., Result], shop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.store.files.BUSY_TIMEOUT_SECONDS", 0.2)
    other = sqlite3.connect(shop_path, isolation_level=None)
    try:
        other.execute(
            "INSERT INTO sessions (pid, host, opened_at) VALUES (4242, 'shop-laptop', '2026')"
        )
        other.execute("BEGIN IMMEDIATE")
        result = run("recompute")
    finally:
        other.close()

    no_traceback(result)
    assert result.exit_code == 1
    assert "locked by another process" in result.stderr
    assert "shop-laptop pid 4242" in result.stderr


def test_a_folder_given_as_the_book_is_told_so(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XIAOBEN_DB", str(tmp_path))

    result = run("tiers", db=None)

    no_traceback(result)
    assert result.exit_code == 1
    assert "is a folder, not a book" in result.stderr


def test_a_truncated_book_is_called_damaged_and_points_to_the_backups(
    run: Callable[..., Result], demo_path: Path
) -> None:
    with demo_path.open("r+b") as handle:
        handle.truncate(40_000)

    result = run("tiers", db=demo_path)

    no_traceback(result)
    assert result.exit_code == 1
    assert "is damaged" in result.stderr
    assert "not a xiaoben book" not in result.stderr
    assert "xiaoben export" in result.stderr


def test_a_damaged_page_met_by_report_is_a_message(
    run: Callable[..., Result], demo_path: Path
) -> None:
    conn = sqlite3.connect(demo_path)
    try:
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        roots = [
            root
            for (root,) in conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE rootpage > 0"
                " AND tbl_name IN ('purchases', 'day_totals', 'stats')"
            )
        ]
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    # the purchases, the overview's day totals and the stats, with every index on them
    with demo_path.open("r+b") as handle:
        for root in roots:
            handle.seek((root - 1) * page_size)
            handle.write(b"\xa5" * page_size)

    result = run("report", "--as-of", "2026-11-23", db=demo_path)

    no_traceback(result)
    assert result.exit_code == 1, result.output
    assert "is damaged" in result.stderr


@pytest.mark.parametrize("book", ["simulated_cantopen", "read_only_tmpfs", "read_only_bind"])
def test_a_good_book_that_cannot_be_written_is_never_called_not_a_book(
    run: Callable[..., Result], book: str, request: pytest.FixtureRequest
) -> None:
    request.getfixturevalue(book)

    result = run("--lang", "zh", "queue", "--as-of", "2026-11-23")

    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert "不是小本账本" not in result.output
    assert "已以只读方式打开" in result.stderr


def test_a_book_that_can_be_opened_in_no_way_says_it_cannot_be_read(
    run: Callable[..., Result], shop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every connection's first read fails (SQLITE_CANTOPEN): not 'not a xiaoben book'."""

    def cannot_open(conn: Any, path: Path) -> None:
        cannot = sqlite3.OperationalError("unable to open database file")
        cannot.sqlite_errorcode = 14  # type: ignore[attr-defined]  # as SQLite sets it
        raise cannot

    monkeypatch.setattr("xiaoben.store.files._refuse_foreign", cannot_open)

    result = run("tiers")

    no_traceback(result)
    assert result.exit_code == 1, result.output
    assert "cannot be read (unable to open database file)" in result.stderr
    assert "not a xiaoben book" not in result.output


def test_an_encrypted_book_on_a_read_only_filesystem_opens_read_only(
    shop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a fresh process (where SQLCipher loads only as the book is first read)."""
    from tests.book_helpers import fixed_clock, run_python
    from xiaoben.store import cipher
    from xiaoben.store.book import Book

    if not cipher.available():
        pytest.skip("no SQLCipher wheel on this platform")
    with Book.open(shop_path, today=fixed_clock) as book:
        book.change_passphrase("芝麻开门")
    monkeypatch.setenv("XIAOBEN_PASSPHRASE", "芝麻开门")
    script = (
        "from xiaoben.cli.main import main\n"
        f"main(['--db', {str(shop_path)!r}, '--lang', 'en', 'tiers'], standalone_mode=False)\n"
    )

    with contextmanager(_on_read_only_filesystem)(shop_path, bind=False):
        printed = run_python(script, timeout=120)

    assert "王芳" in printed


@pytest.mark.parametrize("copy", ["read_only_tmpfs", "read_only_bind"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_book_copy_on_a_read_only_disk_restores(
    run: Callable[..., Result],
    copy: str,
    lang: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    """The closed book copied by hand to a stick that is read-only now (a WAL-mode file:
    a read-only reader cannot make the -shm beside it)."""
    from tests.book_helpers import customer, fixed_clock
    from xiaoben.store.book import Book

    laptop = tmp_path / "laptop" / "shop.db"
    with Book.open(laptop, today=fixed_clock) as book:
        customer(book, "新电脑上的客户", code="N001")
    stick = request.getfixturevalue(copy)

    result = run("--lang", lang, "restore", stick, "--yes", db=laptop)

    no_traceback(result)
    assert result.exit_code == 0, result.output
    with Book.open(laptop, today=fixed_clock) as book:
        assert book.customer_count() == 3 and book.find_customer("N001") is None


def test_a_copy_whose_wal_a_read_only_disk_keeps_beside_it_is_not_half_restored(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changes still in its -wal (the book copied while open) would be missed by a reader
    that cannot use the -wal: refused, with what to do, and the book left as it was."""
    from tests.book_helpers import customer, fixed_clock
    from xiaoben.store import files
    from xiaoben.store.book import Book

    laptop = tmp_path / "laptop" / "shop.db"
    with Book.open(laptop, today=fixed_clock) as book:
        customer(book, "新电脑上的客户", code="N001")
    Path(f"{shop_path}-wal").write_bytes(b"\0" * 4096)
    opened = files.open_connection

    def read_only_disk(target: str | Path, *args: Any, **options: Any) -> Any:
        if "mode=ro" in str(target) and str(target).startswith(shop_path.as_uri()):
            cannot = sqlite3.OperationalError("unable to open database file")
            cannot.sqlite_errorcode = 14  # type: ignore[attr-defined]  # as SQLite sets it
            raise cannot
        return opened(target, *args, **options)

    monkeypatch.setattr(files, "open_connection", read_only_disk)

    result = run("restore", shop_path, "--yes", db=laptop)

    no_traceback(result)
    assert result.exit_code == 1
    assert f"{shop_path.name}-wal" in result.output and "writable folder" in result.output
    assert "not a xiaoben book" not in result.output
    with Book.open(laptop, today=fixed_clock) as book:
        assert book.find_customer("N001") is not None


FULL_NOTICE = "the disk is full"


def test_a_book_opened_on_a_full_disk_says_so_and_saves_say_to_free_space(
    run: Callable[..., Result], shop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.store.sessions.register", full_disk)

    shown = run("tiers")
    said = run("--lang", "zh", "tiers")

    for result in (shown, said):
        no_traceback(result)
        assert result.exit_code == 0, result.output
    assert FULL_NOTICE in shown.stderr and "free" in shown.stderr
    assert "read-only (the file or its folder" not in shown.stderr
    assert "磁盘已满" in said.stderr and "只读）" not in said.stderr
    refused = run("--lang", "en", "queue", "skip", "王芳", "--as-of", "2026-11-23")
    assert refused.exit_code == 1, refused.output
    assert "free some space" in refused.stderr
    assert "make the file and its folder writable" not in refused.stderr


@pytest.fixture
def simulated_ioerr(shop_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The writer connection's first read fails as a disk I/O error (SQLITE_IOERR), as
    when SQLite cannot make the -shm beside the book; read-only connections work."""
    return _writer_fails(shop_path, monkeypatch, "disk I/O error", 10)


def test_a_disk_error_at_opening_on_a_disk_with_no_room_is_a_full_disk(
    run: Callable[..., Result], simulated_ioerr: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No room even for the -shm: the first read fails as a disk I/O error, not as a full
    disk; the disk's free space tells it from a pulled-out stick."""
    monkeypatch.setattr("xiaoben.store.full_disk.free_bytes", lambda path: 4096)

    result = run("tiers")

    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert FULL_NOTICE in result.stderr and "4 KB free" in result.stderr
    assert "USB" not in result.stderr
    assert "王芳" in result.stdout


def test_a_disk_error_at_opening_on_a_disk_with_room_is_still_a_disk_error(
    run: Callable[..., Result], simulated_ioerr: Path
) -> None:
    result = run("tiers")

    no_traceback(result)
    assert result.exit_code == 1
    assert "a disk error met opening" in result.stderr and FULL_NOTICE not in result.stderr


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (skipped where this process may not mount), as the tester's repro."""
    folder = tmp_path / "stick"
    folder.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(folder)):
        pytest.skip("this process may not mount a filesystem")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("left_kib", [40, 0])
def test_a_book_on_a_really_full_disk_opens_read_only_saying_the_disk_is_full(
    run: Callable[..., Result], shop_path: Path, small_tmpfs: Path, left_kib: int
) -> None:
    book = small_tmpfs / "shop.db"
    shutil.copyfile(shop_path, book)
    free = shutil.disk_usage(small_tmpfs).free
    with (small_tmpfs / "filler").open("wb", buffering=0) as filler:
        try:
            filler.write(b"\0" * (free - left_kib * 1024))
        except OSError as exc:  # the tmpfs's last pages: as full as it gets
            assert exc.errno == errno.ENOSPC

    for lang, notice in (("en", FULL_NOTICE), ("zh", "磁盘已满")):
        shown = run("--lang", lang, "tiers", db=book)
        no_traceback(shown)
        assert shown.exit_code == 0, shown.output
        assert notice in shown.stderr and "王芳" in shown.stdout
        assert str(small_tmpfs) in shown.stderr  # where: the disk that is full
    refused = run("--lang", "en", "queue", "skip", "王芳", "--as-of", "2026-11-23", db=book)
    assert refused.exit_code == 1 and "free some space" in refused.stderr


@pytest.mark.parametrize(
    ("size", "said"),
    [(0, "0 KB"), (40 * 1024, "40 KB"), (1536 * 1024, "1.5 MB"), (12 * 1024**3, "12 GB")],
)
def test_free_space_is_said_as_a_seller_reads_it(size: int, said: str) -> None:
    from xiaoben.store.full_disk import size_text

    assert size_text(size) == said


@pytest.mark.parametrize("pending", [True, False], ids=["changes in -wal", "empty -wal"])
def test_a_book_whose_wal_cannot_be_read_is_not_read_without_its_last_changes(
    pending: bool, shop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A book no read-only reader can open (no -shm can be made: a full disk, a read-only
    folder) was read as immutable, which ignores the -wal: with changes a crash left there,
    the list and an export to another disk would lack them, unsaid. Refused with what to
    do; with nothing in the -wal it is read as before."""
    from xiaoben.models.errors import BookError
    from xiaoben.store import files

    Path(f"{shop_path}-wal").write_bytes(b"\0" * 4096 if pending else b"")
    opened = files.open_connection

    def no_shm(target: str | Path, *args: Any, **options: Any) -> Any:
        if "mode=ro" in str(target):
            cannot = sqlite3.OperationalError("unable to open database file")
            cannot.sqlite_errorcode = 14  # type: ignore[attr-defined]  # as SQLite sets it
            raise cannot
        return opened(target, *args, **options)

    monkeypatch.setattr(files, "open_connection", no_shm)

    if not pending:
        conn = files.connect_read_only(shop_path)
        assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 3
        conn.close()
        return
    with pytest.raises(BookError) as refused:
        files.connect_read_only(shop_path)
    said = refused.value.message("en")
    assert refused.value.key == "store.wal_unread"
    assert f"{shop_path.name}-wal" in said and "free some space" in said
