"""Encrypted books (SQLCipher 4): the key, encrypted connections, and re-keying a file.

A passphrase becomes the book's raw key at once — PBKDF2-HMAC-SHA512, 256,000 rounds,
over the 16-byte salt that begins the file: SQLCipher 4's own derivation, so the
sqlcipher shell opens the book with the passphrase too (in its NFKC form, below) — and
the text is dropped; every connection is opened with the raw key. A copy keeps the
book's salt, so one key opens the book and all its copies. Only the sqlcipher3 library
ever opens an encrypted book.

A new key is made of the passphrase's NFKC form, so that the same keys typed with the
Chinese IME in full-width mode (ｐａｓｓ１２３) or not (pass123), or an accent composed
(é) or decomposed (e + ◌́) by another keyboard, open the book alike. A book keyed by an
earlier version with the code points as typed still opens with them: that form is tried
when the NFKC one does not open it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import tempfile
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from xiaoben.models.errors import BookError, SellerWarning
from xiaoben.models.i18n import t
from xiaoben.models.text import is_text
from xiaoben.store import held
from xiaoben.store.driver import CURRENT_SQLITE, errors, sqlcipher, sqlite3
from xiaoben.store.leftovers import REKEY_PREFIX, rekey_prefix

PLAIN_MAGIC = b"SQLite format 3\x00"
SALT_BYTES = 16
KEY_BYTES = 32
KDF_ROUNDS = 256_000  # SQLCipher 4's default
PAGE_BYTES = 4096  # SQLCipher 4's default page: an encrypted book is whole pages
_NOT_A_DATABASE = 26  # SQLITE_NOTADB: what a wrong key reads as
# The writer's cache of decrypted pages (KiB; SQLCipher's default is 8 MB): filled only as
# pages are read. bench/encrypted.py: the 100k book's recompute 1.5x the plain one's with
# the default, about 1.0x with this.
DECRYPTED_CACHE_KIB = 65_536


@dataclass(frozen=True)
class BookKey:
    """The raw key of an encrypted book and the salt it was derived over (never the
    passphrase itself)."""

    raw: bytes = field(repr=False)
    salt: bytes = field(repr=False)

    def pragma(self, *, with_salt: bool = False) -> str:
        """The key as SQLCipher's raw-key literal (with the salt for a new file)."""
        return f"\"x'{self.raw.hex()}{self.salt.hex() if with_salt else ''}'\""

    def opens_with(self, passphrase: str) -> bool:
        """Whether `passphrase`, in any of its spellings, derives this key (constant time)."""
        found = [
            hmac.compare_digest(derive(spelled, self.salt).raw, self.raw)
            for spelled in spellings(passphrase)
        ]
        return any(found)


def spellings(passphrase: str) -> list[str]:
    """The forms of `passphrase` a book may be keyed with: its NFKC form (every new key's),
    then the text as typed when that differs (a book keyed by an earlier version)."""
    folded = unicodedata.normalize("NFKC", passphrase)
    return [folded] if folded == passphrase else [folded, passphrase]


def derive(passphrase: str, salt: bytes) -> BookKey:
    if not is_text(passphrase):  # XIAOBEN_PASSPHRASE set in a GBK terminal: no UTF-8 to key
        raise BookError("store.passphrase_not_text")
    raw = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, KDF_ROUNDS, KEY_BYTES)
    return BookKey(raw, salt)


def new_key(passphrase: str) -> BookKey:
    """A key for a file about to be written (of the passphrase's NFKC form), over a fresh
    random salt."""
    return derive(spellings(passphrase)[0], os.urandom(SALT_BYTES))


def header(path: Path) -> bytes:
    """The file's first 16 bytes (a plain book's magic, an encrypted one's salt), read
    without closing a descriptor of a book this process has open (store/held.py)."""
    return held.read_head(path, len(PLAIN_MAGIC))


def is_encrypted(path: Path) -> bool:
    """Whether the file at `path` looks like an encrypted book: not a plain SQLite file,
    and whole SQLCipher pages (anything else is no book at all)."""
    try:
        size = path.stat().st_size
        return size >= PAGE_BYTES and size % PAGE_BYTES == 0 and header(path) != PLAIN_MAGIC
    except OSError:
        return False


def key_for(path: Path, passphrase: str) -> BookKey:
    """The key `passphrase` gives the encrypted book at `path` (checked when it is used):
    of its NFKC form, or of the text as typed when the NFKC form's does not open the book."""
    salt = header(path)
    folded, *typed = spellings(passphrase)
    key = derive(folded, salt)
    if not typed or _opens(path, key):
        return key
    return derive(typed[0], salt)


def _opens(path: Path, key: BookKey) -> bool:
    """Whether `key` opens the book at `path` (read-only; another fault: as if it did, for
    the opening that follows to report)."""
    try:
        connect(f"{path.absolute().as_uri()}?mode=ro", key, uri=True).close()
    except BookError as exc:
        return exc.key != "store.wrong_passphrase"
    except errors.Error:
        return True
    return True


def available() -> bool:
    return sqlcipher() is not None


def connect(target: str | Path, key: BookKey | None, **options: Any) -> sqlite3.Connection:
    """A SQLCipher connection to `target` (a path, or a URI with uri=True) under `key`
    (None: a plain file, through SQLCipher's library), checked: a wrong key raises
    BookError("store.wrong_passphrase")."""
    driver = sqlcipher()
    if driver is None:
        raise BookError("store.no_sqlcipher", path=str(target))
    _warn_if_old(driver)
    conn: sqlite3.Connection = held.connect(driver, target, **options)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # not onto the seller's terminal
        if key is not None:
            conn.execute(f"PRAGMA key = {key.pragma()}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except errors.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == _NOT_A_DATABASE or (
            "file is not a database" in str(exc)
        ):
            raise BookError("store.wrong_passphrase", path=_shown(target)) from None
        raise
    except BaseException:
        conn.close()
        raise
    return conn


_warned: list[bool] = []


def _warn_if_old(driver: ModuleType) -> None:
    """Once a process: SQLCipher's own SQLite may predate the WAL-reset fix (as
    store/driver.py warns of the project's SQLite)."""
    if _warned or driver.sqlite_version_info >= CURRENT_SQLITE:
        return
    _warned.append(True)
    warnings.warn(
        t(
            "store.old_sqlcipher",
            version=driver.sqlite_version,
            fixed=".".join(map(str, CURRENT_SQLITE)),
        ),
        SellerWarning,
        stacklevel=3,
    )


def _shown(target: str | Path) -> str:
    text = str(target)
    return text.removeprefix("file://").split("?")[0]


def write_copy(
    book: Path,
    key: BookKey | None,
    temp: Path,
    copy_key: BookKey | None,
    pinned: Callable[[], None] | None = None,
) -> None:
    """The book at `book` (under `key`, None if plain) exported whole into the new file
    `temp` under `copy_key` (None: plain), in one read transaction of the book; `pinned` is
    called once that transaction has begun (the book's writes that follow are not copied)."""
    copy = _new_file(temp, copy_key)
    try:
        attach_key = key.pragma() if key is not None else "''"
        copy.execute(f"ATTACH DATABASE ? AS book KEY {attach_key}", (str(book),))
        copy.execute("BEGIN")
        copy.execute("SELECT count(*) FROM book.sqlite_master").fetchone()  # the snapshot
        if pinned is not None:
            pinned()
        copy.execute("SELECT sqlcipher_export('main', 'book')")
        (version,) = copy.execute("PRAGMA book.user_version").fetchone()
        copy.execute(f"PRAGMA main.user_version = {int(version)}")
        copy.execute("COMMIT")
        copy.execute("DETACH DATABASE book")
        (result,) = copy.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BookError("store.export_failed", detail=str(result))
    finally:
        copy.close()


def _new_file(temp: Path, key: BookKey | None) -> sqlite3.Connection:
    driver = sqlcipher()
    if driver is None:
        raise BookError("store.no_sqlcipher", path=str(temp))
    copy: sqlite3.Connection = driver.connect(temp, isolation_level=None)
    copy.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        copy.execute(f"PRAGMA key = {key.pragma(with_salt=True)}")  # the salt heads the file
    copy.execute("PRAGMA journal_mode = DELETE")
    return copy


def rekey(
    path: Path,
    key: BookKey | None,
    new: BookKey | None,
    then: Callable[[sqlite3.Connection], None] | None = None,
) -> None:
    """Re-key the book at `path` (under `key`, None if plain) to `new` (None: decrypt);
    `then` changes the new file (its connection, autocommit) before it replaces the book.

    The book is never changed in place: a new file is written beside it, fsynced and
    moved over it in one rename, so a kill at any moment leaves the book whole under
    the old key or the new. The old book is held (no other writer) throughout, and
    refused while another process has it open.
    """
    from xiaoben.store import sessions

    _sweep(path)
    book = connect(path, key, isolation_level=None, timeout=15.0)
    try:
        # Out of WAL first: it needs the book to itself, and leaves no -wal beside the
        # renamed file for SQLite to replay onto it.
        try:
            mode = book.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except errors.OperationalError:
            mode = "wal"
        others = sessions.others(book)
        if mode != "delete" or others:
            raise rekey_refused(path, others, key is not None, new is not None)
        book.execute("BEGIN IMMEDIATE")  # readers may go on; no writer until the rename
        with _temp_beside(path) as temp:
            write_copy(path, key, temp, new)
            _make_wal(temp, new, then)
            _fsync(temp)
            os.replace(temp, path)
            _fsync_folder(path.parent)
        book.execute("ROLLBACK")
    finally:
        book.close()


def rekey_refused(
    path: Path, others: list[tuple[str, int]], encrypted: bool, encrypting: bool
) -> BookError:
    """Re-keying refused while another process has the book open: xiaoben's, by host and
    pid (none registered: another program, a sqlite3 shell or Datasette reading it), and
    what was refused (encrypting, changing the passphrase, removing it)."""
    doing = "store.doing." + ("set" if not encrypted else "change" if encrypting else "remove")
    if not others:
        return BookError("store.rekey_open_elsewhere", path=str(path), doing=doing)
    shown = ", ".join(f"{host} pid {pid}" for host, pid in others)
    return BookError("store.rekey_open", path=str(path), others=shown, doing=doing)


def _make_wal(
    temp: Path, key: BookKey | None, then: Callable[[sqlite3.Connection], None] | None
) -> None:
    """The copy (changed by `then`) set to WAL, as every book is (the mode lives in the
    file's header)."""
    copy = connect(temp, key, isolation_level=None)
    try:
        if then is not None:
            then(copy)
        copy.execute("PRAGMA journal_mode = WAL").fetchone()
    finally:
        copy.close()


@contextmanager
def _temp_beside(path: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=rekey_prefix(path), dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        os.chmod(temp, 0o600)  # an empty file: SQLCipher writes its header into it
        yield temp
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)


def _sweep(path: Path) -> None:
    """Remove what a re-keying killed half-way left beside the book (never the book)."""
    for left in path.parent.glob(f"{REKEY_PREFIX}{path.name}-*"):
        with suppress(OSError):
            left.unlink()


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class SqliteUtilsConnection:
    """An SQLCipher connection as sqlite-utils needs one: sqlite-utils catches the
    project driver's error classes (`drop(ignore=True)`, `find_unique_name`, its
    savepoints), so errors leave this wrapper as those classes (the result code kept)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        object.__setattr__(self, "_conn", conn)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._conn, name, value)  # isolation_level, row_factory … are the connection's

    def execute(self, *args: Any) -> Any:
        with as_driver_errors():
            return self._conn.execute(*args)

    def executemany(self, *args: Any) -> Any:
        with as_driver_errors():
            return self._conn.executemany(*args)

    def executescript(self, *args: Any) -> Any:
        with as_driver_errors():
            return self._conn.executescript(*args)

    def cursor(self) -> Any:
        return SqliteUtilsConnection(self._conn.cursor())


def for_sqlite_utils(conn: sqlite3.Connection) -> sqlite3.Connection:
    """`conn` wrapped for sqlite_utils.Database (it has the connection's interface)."""
    return cast(sqlite3.Connection, SqliteUtilsConnection(conn))


@contextmanager
def as_driver_errors() -> Iterator[None]:
    """SQLCipher's error raised as the project driver's class of the same name."""
    try:
        yield
    except errors.Error as exc:
        if isinstance(exc, sqlite3.Error):
            raise
        kind = getattr(sqlite3, type(exc).__name__, sqlite3.Error)
        translated = kind(*exc.args)
        for detail in ("sqlite_errorcode", "sqlite_errorname"):
            if hasattr(exc, detail):
                setattr(translated, detail, getattr(exc, detail))
        raise translated from exc
