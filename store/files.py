"""The book's file on disk: created private, opened as SQLite, exported consistently.

A new book is created 0600 (in a 0700 folder) with os.open before SQLite touches it;
SQLite's -wal and -shm files inherit that mode. Another program's database, or a book
newer than this version, is refused before anything is written to it. Exports use the
backup API, never a copy.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, Literal

from xiaoben.models.errors import BookError
from xiaoben.store import cipher, full_disk, held, leftovers
from xiaoben.store.cipher import BookKey
from xiaoben.store.driver import errors, sqlite3
from xiaoben.store.path_faults import refuse_unusable
from xiaoben.store.schema import SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 15.0


def create_private(path: Path) -> bool:
    """Create an empty 0600 file at `path` (and 0700 parent folders). False if it existed."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def check_is_sqlite(path: Path, key: BookKey | None = None) -> None:
    """Refuse, with a clear message, a file that is not an SQLite database at all, and an
    encrypted book when no passphrase was given."""
    size = path.stat().st_size
    if size == 0:
        return
    if cipher.header(path) == SQLITE_MAGIC:
        return
    if not cipher.is_encrypted(path):
        raise BookError("store.not_a_book", path=str(path), detail="not an SQLite file")
    if key is None:
        raise BookError("store.encrypted_book", path=str(path))


def open_connection(target: str | Path, key: BookKey | None, **options: Any) -> sqlite3.Connection:
    """A connection to `target` (a path, or a URI with uri=True) through the driver its
    book needs: the project's SQLite for a plain book (key None), SQLCipher under `key`."""
    if key is None:
        return held.connect(sqlite3, target, **options)
    return cipher.connect(target, key, **options)


def book_key(path: Path, passphrase: str | None) -> BookKey | None:
    """The key that opens the book at `path`: None for a plain (or new) book, whatever
    the passphrase; the passphrase's key for an encrypted one (checked on opening)."""
    if passphrase is None or not cipher.is_encrypted(path):
        return None
    return cipher.key_for(path, passphrase)


def peek_meta(path: Path, key: str) -> str | None:
    """A value from the meta table of the book at `path`, read without writing anything
    (None if there is no such file, book or key, or if the book is encrypted)."""
    if not path.is_file() or cipher.is_encrypted(path):
        return None
    try:
        conn = open_connection(f"{path.absolute().as_uri()}?mode=ro", None, uri=True)
    except errors.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except errors.Error:
        return None
    finally:
        conn.close()
    return None if row is None else str(row[0])


# Prepared statements a book's connection keeps. The driver's cache (pysqlite3's, 100 by
# default) keeps the most used and, once full, throws out the one added last: opening a new
# book runs ~250 statements (its migrations), and then each statement an import repeats
# for every row was thrown out by the next one and prepared again (~50 µs, a customers
# import of 20,000 rows: 15.2 -> 11.5 s of CPU). Larger than what a session runs.
STATEMENT_CACHE = 1024


def connect(path: Path, *, create: bool = True, key: BookKey | None = None) -> sqlite3.Connection:
    """The writer connection of the book at `path` (an empty private file if there was
    none and `create`): refused unless it is a book this version can open (an encrypted
    one under `key`), then set up for WAL."""
    if path.is_dir():
        raise BookError("store.is_folder", path=str(path))
    if not create and not path.exists():
        raise BookError("store.no_book", path=str(path))
    create_private(path)
    check_is_sqlite(path, key)
    conn = open_connection(
        path,
        key if cipher.is_encrypted(path) else None,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,
        check_same_thread=False,
        cached_statements=STATEMENT_CACHE,
    )
    try:
        _refuse_foreign(conn, path)
        _configure(conn, path)
        if cipher.is_encrypted(path):
            # The OS caches an encrypted book's pages encrypted: each read decrypts again.
            # A larger cache of decrypted pages keeps a recompute near a plain book's.
            conn.execute(f"PRAGMA cache_size = -{cipher.DECRYPTED_CACHE_KIB}")
    except BaseException:
        conn.close()
        raise
    return conn


# SQLite's primary result codes for a book that cannot be written: SQLITE_READONLY, and
# SQLITE_CANTOPEN when WAL cannot make its -wal/-shm files beside a read-only book; a full
# disk (SQLITE_FULL) is opened read-only too, so the seller can still read and export.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def _result_code(exc: BaseException) -> int:
    """The primary SQLite result code of `exc` (from its message when the driver has none)."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code:
        return code
    words = str(exc)
    for phrase, found in (
        ("database is locked", _BUSY),
        ("readonly database", _READONLY),
        ("disk is full", _FULL),
        ("disk I/O error", _IOERR),
        ("malformed", _CORRUPT),
        ("file is not a database", _NOTADB),
        ("unable to open database file", _CANTOPEN),
    ):
        if phrase in words:
            return found
    return 0


def fault_of(exc: BaseException, path: Path, others: str = "") -> BookError | None:
    """An SQLite error as the seller's message (locked by another process, disk full,
    read-only, damaged), or None when it is none of these (a bug: let it raise)."""
    if not isinstance(exc, errors.Error):
        return None
    code = _result_code(exc)
    if code in (_BUSY, _LOCKED):
        return BookError(
            "store.locked", path=str(path), seconds=int(BUSY_TIMEOUT_SECONDS), others=others or "?"
        )
    if code == _FULL:
        return BookError("store.disk_full", path=str(path))
    if code == _READONLY:
        return BookError("store.read_only_write", path=str(path))
    if code in (_CORRUPT, _NOTADB):
        return BookError("store.damaged", path=str(path), detail=str(exc))
    return None


def cannot_write(exc: BaseException, path: Path) -> bool:
    """Whether `exc`, raised while opening the book at `path`, says the book cannot be
    written (immutable file, read-only folder or filesystem) though it can be read."""
    if isinstance(exc, PermissionError):
        return path.is_file()
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, *_NO_ROOM):
        return path.is_file()
    if isinstance(exc, BookError):  # a full disk met while registering the session
        return exc.key in ("store.disk_full", "store.read_only_write")
    if not isinstance(exc, errors.OperationalError):
        return False
    code = _result_code(exc)
    if code in (_READONLY, _FULL):
        return True
    if code == _IOERR:  # SQLCipher's first read, met as it connects: no room for the -shm
        return full_disk.has_no_room(path) and path.is_file()
    return code == _CANTOPEN and path.is_file()


_NO_ROOM = (errno.ENOSPC, errno.EDQUOT)


def full_at_open(exc: BaseException, path: Path) -> bool:
    """Whether `exc`, which made the book at `path` open read-only (cannot_write), came of a
    full disk rather than a read-only file, folder or disk: SQLITE_FULL or ENOSPC said so,
    or a file SQLite could not make (SQLITE_CANTOPEN) on a disk with no room left."""
    if isinstance(exc, BookError):
        return exc.key == "store.disk_full"
    if isinstance(exc, OSError):
        return exc.errno in _NO_ROOM
    code = _result_code(exc)
    return code == _FULL or (code in (_CANTOPEN, _IOERR) and full_disk.has_no_room(path))


def reader_at_snapshot(path: Path) -> sqlite3.Connection:
    """A connection of its own to the plain book at `path`, in a read transaction begun
    now: what a copy made while the book goes on being written reads (WAL: the writes that
    follow are not in it)."""
    conn = open_connection(path, None)
    try:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot
    except BaseException:
        conn.close()
        raise
    return conn


def connect_read_only(path: Path, key: BookKey | None = None) -> sqlite3.Connection:
    """A connection that never writes to the book at `path`, for reading and exporting a
    book that cannot be written: read-only, else immutable (when SQLite cannot even make
    the -shm file a read-only WAL reader needs)."""
    check_is_sqlite(path, key)
    uri = path.absolute().as_uri()
    key = key if cipher.is_encrypted(path) else None
    reason = ""
    for mode in ("mode=ro", "immutable=1"):
        if mode == "immutable=1" and _wal_pending(path):
            # an immutable read ignores the -wal: the book's last changes would be missing
            # from what is shown and exported, with nothing to say so
            raise BookError("store.wal_unread", path=str(path), wal=f"{path.name}-wal")
        try:  # SQLCipher reads the book as it connects: a -shm it cannot make fails here
            conn = open_connection(
                f"{uri}?{mode}", key, uri=True, isolation_level=None, check_same_thread=False
            )
        except errors.OperationalError as exc:
            reason = str(exc)
            continue
        try:
            _refuse_foreign(conn, path)
            conn.execute("SELECT count(*) FROM meta").fetchone()
        except errors.OperationalError as exc:
            conn.close()
            reason = str(exc)
            continue
        except BookError as exc:
            conn.close()
            if exc.key != "store.disk_full":
                raise
            reason = str(exc)  # no room for the -shm: read as immutable
            continue
        except BaseException:
            conn.close()
            raise
        conn.execute("PRAGMA query_only = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        return conn
    raise BookError("store.cannot_read", path=str(path), detail=reason)


def _wal_pending(path: Path) -> bool:
    """Whether a -wal beside the book holds changes (a crash left them there uncheckpointed)."""
    wal = Path(f"{path}-wal")
    return wal.is_file() and wal.stat().st_size > 0


def open_copy(path: Path, key: BookKey | None) -> sqlite3.Connection:
    """A connection reading the book file at `path` (a backup, a copy to restore from)
    where it lies. On a read-only disk a read-only reader of a WAL-mode file cannot make
    the -shm it needs: the file is read as immutable there (nobody can change it) — unless
    a -wal beside it holds changes such a read would miss (a copy of an open book), then
    refused with what to do."""
    uri = path.absolute().as_uri()
    try:
        return _first_read(f"{uri}?mode=ro", key)
    except errors.OperationalError as exc:
        if _result_code(exc) != _CANTOPEN or not path.is_file():
            raise
    if _wal_pending(path):
        raise BookError("store.copy_wal_read_only", path=str(path), wal=f"{path.name}-wal")
    try:
        return _first_read(f"{uri}?immutable=1", key)
    except errors.OperationalError as exc:
        if _result_code(exc) != _CANTOPEN:
            raise
        raise BookError("store.cannot_read", path=str(path), detail=str(exc)) from None


def _first_read(uri: str, key: BookKey | None) -> sqlite3.Connection:
    """A connection to `uri` that has read the file (a plain one opens lazily)."""
    conn = open_connection(uri, key, uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse another program's database, or a newer book, before anything is written to it.

    (Switching the journal to WAL rewrites the file's header, so this must come first.)
    """
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except errors.DatabaseError as exc:
        if _result_code(exc) == _CANTOPEN:
            # Not what the file holds but where it lies: in a read-only folder or on a
            # read-only filesystem WAL cannot make the -shm its first read needs. Raised as
            # it is, so that Book.open (cannot_write) opens the book read-only.
            raise
        # A book whose pages are broken (truncated, overwritten) is damaged; a file whose
        # header SQLite does not accept never was a book.
        code = _result_code(exc)
        if code == _IOERR and full_disk.has_no_room(path):  # no room left for the -shm
            raise BookError("store.disk_full", path=str(path)) from None
        if code == _IOERR:  # the disk failing, or a file-size limit met making the -shm
            raise BookError("store.open_io_error", path=str(path), detail=str(exc)) from None
        key = "store.damaged" if code == _CORRUPT else "store.not_a_book"
        raise BookError(key, path=str(path), detail=str(exc)) from None
    if found > SCHEMA_VERSION:
        raise BookError("store.newer_book", path=str(path), found=found, known=SCHEMA_VERSION)
    if tables and "_sqlite_migrations" not in tables:
        raise BookError(
            "store.not_a_book", path=str(path), detail="an SQLite file of another program"
        )


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
    except errors.DatabaseError as exc:
        raise fault_of(exc, path) or BookError(
            "store.damaged", path=str(path), detail=str(exc)
        ) from None
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")


Then = Callable[[Path, BookKey | None], None]
Check = Literal["integrity_check", "quick_check"]  # what a copy is checked with before it lands


def export_copy(
    connection: sqlite3.Connection | None,
    target: Path,
    *,
    book: Path,
    force: bool = False,
    then: Then | None = None,
    key: BookKey | None = None,
    copy_key: BookKey | None = None,
    check: Check = "integrity_check",
    pinned: Callable[[], None] | None = None,
) -> Path:
    """A consistent copy of the live book at `target`, mode 0600, checked before it lands.

    A plain book's copy is written through SQLite's backup API from `connection`; an
    encrypted book's (under `key`) is exported by SQLCipher under `copy_key` (None: a
    plain copy), read from the file in a read transaction of its own (no `connection`
    needed; `pinned` is called once it has begun, see cipher.write_copy). It is
    checked with `PRAGMA integrity_check` (after `then(copy, copy_key)`, e.g. redacting
    it), then lands as write_private lands every export. `check="quick_check"`: every page
    and record of the copy read and checked, but not each index against its table (the
    part that grows as N log N: a 310 MB book's 3.3 s -> 0.3 s) — for a page-for-page
    copy (the backup API's) taken while a large write goes on (store.backups.
    backup_alongside), whose indexes are the book's own pages, byte for byte.
    """

    def write(temp: Path) -> None:
        if key is not None:
            cipher.write_copy(book, key, temp, copy_key, pinned)
            _check_copy(temp, copy_key, then, check)
        elif connection is not None:
            _write_checked_copy(connection, temp, then, check)
        else:
            raise TypeError("a plain book is copied through its connection")

    # SQLite empties a copy whose write failed: the book's size is the size it was to reach.
    expected = book.stat().st_size if book.exists() else 0
    return write_private(target, write, book=book, force=force, expected=expected)


def write_private(
    target: Path,
    write: Callable[[Path], None],
    *,
    book: Path,
    force: bool = False,
    expected: int = 0,
) -> Path:
    """Whatever `write(temp)` writes, landed at `target`, mode 0600, whole or not at all.

    It is written to a temporary file beside the target, fsynced, then moved into place, so
    a failed export (a full disk, a read-only folder) leaves nothing; one stopped by a
    hang-up or SIGTERM neither, and what a killed one (kill -9) left there is swept first.
    Never onto the book itself, never through a symbolic link, and onto an existing file
    only with `force` (without it the move is a link that fails if the target appeared
    meanwhile). A write that fails is the seller's message (write_fault; `expected`: the
    size the file was to reach, when known).
    """
    target = target.expanduser().absolute()
    refuse_export_target(target, book, force)
    with leftovers.stopped_as_by_ctrl_c():
        try:
            _make_private_folders(target.parent)
            leftovers.sweep_exports(target.parent)  # what a killed export left there
            fd, name = tempfile.mkstemp(prefix=leftovers.export_prefix(), dir=target.parent)
        except OSError as exc:
            raise write_fault(exc, target) or exc from None
        os.close(fd)
        temp = Path(name)
        try:
            os.chmod(temp, 0o600)
            write(temp)
            with temp.open("rb+") as handle:
                os.fsync(handle.fileno())
            _move_into_place(temp, target, force)
        except write_faults() as exc:
            raise write_fault(exc, target, temp, expected) or exc from None
        finally:
            remove_with_journals(temp)
    _sync_folder(target.parent)
    return target


def write_faults() -> tuple[type[BaseException], ...]:
    """What a failed write raises: the OS's error, or every loaded SQLite driver's."""
    return (OSError, *errors.Error)


def remove_with_journals(path: Path) -> None:
    """Delete `path` and what SQLite may have left beside it (a failed write's journal)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# OSError numbers whose cause the seller is told in words of the catalogue.
_REASONS = {
    errno.EROFS: "store.reason.read_only_fs",
    errno.EACCES: "store.reason.no_permission",
    errno.EPERM: "store.reason.no_permission",
    errno.ENOTDIR: "store.reason.not_a_folder",
    errno.ENOENT: "store.reason.no_folder",
}
FAT32_LARGEST = 2**32 - 1  # a FAT32 disk's (a USB stick's) largest file, in bytes


def write_fault(
    exc: BaseException, target: Path, written: Path | None = None, expected: int = 0
) -> BookError | None:
    """Writing `target` failed (through `written`, its temporary file): the seller's message
    naming the path and the cause, or None when `exc` is no fault of the disk (a bug).

    A full disk, a file larger than the disk or the process may write (EFBIG: a FAT32
    stick's 4 GB, a `ulimit -f`), the disk failing (EIO: a stick pulled out), a folder
    that cannot be made or written. SQLite reports the last two as one "disk I/O error":
    the size of the file at the failure (`written`), or the size it was to reach
    (`expected`), tells them apart."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return BookError("store.export_disk_full", path=str(target))
        if exc.errno == errno.EFBIG:
            return BookError("store.export_too_large", path=str(target))
        if exc.errno == errno.EIO:
            return BookError("store.export_io_error", path=str(target))
        reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
        return BookError("store.export_cannot_write", path=str(target), reason=reason)
    if not isinstance(exc, errors.Error):
        return None
    code = _result_code(exc)
    if code == _FULL:
        return BookError("store.export_disk_full", path=str(target))
    if code == _IOERR:
        too_large = _at_size_limit(written, expected)
        key = "store.export_too_large" if too_large else "store.export_io_error"
        return BookError(key, path=str(target))
    if code in (_READONLY, _CANTOPEN):
        reason = "store.reason.read_only_fs" if code == _READONLY else "store.reason.no_permission"
        return BookError("store.export_cannot_write", path=str(target), reason=reason)
    return None


_CAUSES = {
    "store.export_disk_full": "store.reason.disk_full",
    "store.export_too_large": "store.reason.too_large",
    "store.export_io_error": "store.reason.io_error",
}


def fault_reason(fault: BookError) -> str:
    """The cause of a write_fault, as a "reason" for another message (a catalogue key)."""
    return _CAUSES.get(fault.key) or str(fault.values.get("reason", ""))


def _at_size_limit(written: Path | None, expected: int) -> bool:
    """Whether the file SQLite was writing reached (or was to reach) the largest a file
    may be here: the process's limit (RLIMIT_FSIZE), or FAT32's (within the pages SQLite
    writes at once)."""
    sizes = [expected]
    for suffix in ("", "-journal", "-wal") if written is not None else ():
        with suppress(OSError):
            sizes.append(Path(f"{written}{suffix}").stat().st_size)
    limits = [FAT32_LARGEST]
    with suppress(ImportError, OSError, ValueError):  # no such limit on this platform
        import resource

        soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
        if soft != resource.RLIM_INFINITY:
            limits.append(soft)
    return any(max(sizes) >= limit - _LAST_WRITE for limit in limits)


_LAST_WRITE = 1 << 16  # how far below a limit the failed write may start (SQLite's largest page)


def refuse_export_target(target: Path, book: Path, force: bool) -> None:
    """Refuse a path that can hold no file (a name too long …), a link, the book itself, a
    folder, or an existing file without `force`."""
    target = target.expanduser().absolute()
    refuse_unusable(target)
    if target.is_symlink():
        raise BookError("store.export_symlink", path=str(target), to=os.readlink(target))
    live = book.expanduser().absolute()
    if any(
        target == Path(f"{live}{suffix}") or _same_file(target, Path(f"{live}{suffix}"))
        for suffix in ("", "-wal", "-shm", "-journal")
    ):
        raise BookError("store.export_onto_book", path=str(target))
    if target.is_dir():
        raise BookError("store.export_is_folder", path=str(target))
    if target.exists() and not force:
        raise BookError("store.export_exists", path=str(target))


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def _make_private_folders(folder: Path) -> None:
    """Create missing folders 0700 each (mkdir's mode applies to the last one only)."""
    missing = [parent for parent in (folder, *folder.parents) if not parent.exists()]
    for parent in reversed(missing):
        parent.mkdir(mode=0o700)


def _write_checked_copy(
    connection: sqlite3.Connection, temp: Path, then: Then | None, check: Check
) -> None:
    copy = sqlite3.connect(temp)
    try:
        connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
    _check_copy(temp, None, then, check)


def _check_copy(temp: Path, key: BookKey | None, then: Then | None, check: Check) -> None:
    if then is not None:
        then(temp, key)
    copy = open_connection(temp, key, isolation_level=None)
    try:
        # A copy is a book nobody has open: the processes that had the book open (an app on
        # it while the copy was made) are not the copy's, and warned of writers it has not.
        if copy.execute("SELECT 1 FROM sqlite_master WHERE name = 'sessions'").fetchone():
            copy.execute("DELETE FROM sessions")
        (result,) = copy.execute(f"PRAGMA {check}").fetchone()
    finally:
        copy.close()
    if result != "ok":
        raise BookError("store.export_failed", detail=str(result))


def _move_into_place(temp: Path, target: Path, force: bool) -> None:
    if force:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)  # fails, atomically, if the target exists
    except FileExistsError:
        raise BookError("store.export_exists", path=str(target)) from None
    except OSError:  # a filesystem without hard links: checked above, moved now
        if target.exists():
            raise BookError("store.export_exists", path=str(target)) from None
        os.replace(temp, target)


def _sync_folder(folder: Path) -> None:
    """Make the new name durable (where the platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
