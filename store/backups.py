"""Automatic backups: a copy of the book (backup API, checked, 0600) in the data folder's
backups/ (0700), kept by a rotation, listed, and restored.

One folder a book (its file name and a short hash of its full path, so two shop.db in
two places never share one). A backup's time is in its file name, taken from the clock
the caller passes (the book's): the rotation is tested over simulated months.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_path

from xiaoben.models.errors import BookError
from xiaoben.store import cipher
from xiaoben.store.cipher import BookKey
from xiaoben.store.driver import errors
from xiaoben.store.files import (
    export_copy,
    open_copy,
    reader_at_snapshot,
    write_fault,
)

if TYPE_CHECKING:
    from xiaoben.store.book import Book

STAMP = "%Y%m%d-%H%M%S"
DAILY, WEEKLY, MONTHLY = 7, 4, 12  # the rotation: newest of each of the last N days/weeks/months
DUE_AFTER = timedelta(days=1)


def backup_root() -> Path:
    """The data folder's backups/ (the same data folder as the default book's)."""
    return user_data_path("xiaoben", appauthor=False) / "backups"


def folder_of(book_path: Path, root: Path | None = None) -> Path:
    """Where the backups of the book at `book_path` go."""
    # The path's bytes as the file system has them: a folder named in GBK (a Windows zip's)
    # is no UTF-8 text, and the same bytes give the same folder from any locale.
    full = os.fsencode(book_path.expanduser().absolute())
    tag = hashlib.sha256(full).hexdigest()[:8]
    return (root or backup_root()) / f"{book_path.stem}-{tag}"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    size: int
    key: BookKey | None = field(default=None, repr=False)  # the book's, if encrypted

    def stamped_after(self, now: datetime) -> bool:
        """Stamped later than `now`: taken while the clock was wrong, or copied in from a
        machine whose clock was ahead. Its stamp says nothing of how recent it is."""
        return self.taken > now

    def counts(self) -> dict[str, int]:
        """Customers, purchases, contacts and reminders it holds."""
        return book_counts(self.path, self.key)

    def opens(self) -> bool:
        """Whether it can be read: plain, or encrypted under the book's key."""
        try:
            self.counts()
        except BookError as exc:
            if exc.key in ("store.wrong_passphrase", "store.encrypted_book"):
                return False
            raise
        return True


def _taken(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.stem.partition(".")[0], STAMP)
    except ValueError:
        return None


def list_backups(
    folder: Path, key: BookKey | None = None, now: datetime | None = None
) -> list[Backup]:
    """The backups in `folder`, newest first (other files are left alone). Given `now`,
    those stamped after it come last (newest first among them): the first is the latest
    real backup, the one `xiaoben restore 1` puts back."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.db"):
        taken = _taken(path)
        if taken is not None:
            found.append(Backup(path, taken, path.stat().st_size, key))
    found.sort(key=lambda backup: (backup.taken, _order(backup.path)), reverse=True)
    if now is None:
        return found
    return sorted(found, key=lambda backup: backup.stamped_after(now))  # stable: newest first


def _order(path: Path) -> int:
    """20261123-101500.2.db was made after 20261123-101500.db."""
    suffix = path.stem.partition(".")[2]
    return int(suffix) if suffix.isdigit() else 1


def kept(taken: Iterable[datetime], now: datetime) -> set[datetime]:
    """The rotation: the newest backup of each of the last 7 days, of each of the last 4
    weeks (ISO weeks) and of each of the last 12 months, counting the current one; and
    every backup of the last day (a "back up now", or the copy taken before a restore,
    never removes the one made this morning)."""
    taken = list(taken)
    keep: set[datetime] = {moment for moment in taken if now - moment < DUE_AFTER}
    newest: dict[tuple[str, object], datetime] = {}
    for moment in sorted(taken, reverse=True):
        for period in (
            ("day", moment.date()),
            ("week", moment.isocalendar()[:2]),
            ("month", (moment.year, moment.month)),
        ):
            newest.setdefault(period, moment)
    today = now.date()
    this_week = today - timedelta(days=today.weekday())
    for (kind, _), moment in newest.items():
        if kind == "day":
            within = (today - moment.date()).days < DAILY
        elif kind == "week":
            monday = moment.date() - timedelta(days=moment.weekday())
            within = (this_week - monday).days // 7 < WEEKLY
        else:
            within = (now.year - moment.year) * 12 + now.month - moment.month < MONTHLY
        if within:
            keep.add(moment)
    return keep


def rotate(folder: Path, now: datetime, spare: Path | None = None) -> list[Path]:
    """Delete the backups the rotation no longer keeps, but `spare` (a backup being
    restored); returns them."""
    backups = list_backups(folder)
    keep = kept([backup.taken for backup in backups], now)
    removed = [
        backup.path
        for backup in backups
        if backup.taken not in keep and not (spare is not None and _same(backup.path, spare))
    ]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _same(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def take_backup(book: Book, folder: Path, now: datetime, spare: Path | None = None) -> Path:
    """A backup of `book` in `folder` (made 0700), then the rotation (which leaves `spare`)."""
    return _take(book.export, folder, now, spare)


def _take(
    export: Callable[[Path], Path], folder: Path, now: datetime, spare: Path | None = None
) -> Path:
    """take_backup, the copy written by `export(target)`."""
    target = folder / f"{now.strftime(STAMP)}.db"
    try:
        missing = [parent for parent in (folder, *folder.parents) if not parent.exists()]
        for parent in reversed(missing):
            parent.mkdir(mode=0o700)
    except OSError as exc:  # a read-only data folder, a path through a file
        raise write_fault(exc, target) or exc from None
    same_second = 1
    while True:  # never over another backup (a restore's source, another process's)
        if not target.exists():
            try:
                path = export(target)
                break
            except BookError as exc:  # another process took the name meanwhile
                if exc.key != "store.export_exists":
                    raise
        same_second += 1
        target = folder / f"{now.strftime(STAMP)}.{same_second}.db"
    rotate(folder, now, spare)
    return path


def due(backups: Iterable[Backup], now: datetime) -> bool:
    """Whether a backup is due: none was taken in the day before `now`. One stamped after
    `now` (taken while the clock was wrong) is no recent backup: it never stops today's."""
    return not any(timedelta(0) <= now - backup.taken < DUE_AFTER for backup in backups)


def backup_if_due(
    book: Book, folder: Path | None = None, *, anyway: bool = False
) -> tuple[Path | None, str | None]:
    """On opening a book: a backup when the newest is older than a day (`anyway`: even when
    it is not, see ImportBackup). Returns (the new backup or None, a warning or None); a
    folder that cannot be written never stops the book from opening, it is a warning."""
    if book.read_only:
        return None, None
    folder = folder or folder_of(book.path)
    now = book.now()
    try:
        if not anyway and not due(list_backups(folder), now):
            return None, None
        return take_backup(book, folder, now), None
    except _backup_faults() as exc:
        return None, _reason(exc)


Outcome = tuple[Path | None, str | None]  # (the backup made, a warning): backup_if_due's


def backup_alongside(
    book: Book, folder: Path | None = None, *, anyway: bool = False
) -> Callable[[], Outcome]:
    """backup_if_due, the copy written and checked in a thread while the caller goes on
    writing the book; returns `wait`, to call before the book is closed (it gives what
    backup_if_due gives). For the app's first open of a day and a large import: a 140 MB
    book's copy and integrity check took ~2.5 s before the import's first row, a 350 MB
    book's 15-50 s before the app's first paint. `anyway`: taken even when the day's is
    (ImportBackup: the book as it was before an import).

    The copy is of the book as it was when this returns: the thread's own connection holds
    a read transaction begun before then (WAL: the caller's writes go on, the copy sees none
    of them, as a copy taken first would not) — a plain book's read by the backup API, an
    encrypted one's by SQLCipher's export into the new file (encrypted under the book's
    key as it is written, Book.backup_copy). A book not in WAL mode (a reader would hold
    the writer's commit back) is backed up here first, as backup_if_due does."""
    if book.read_only:
        return lambda: (None, None)
    if book.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        outcome = backup_if_due(book, folder, anyway=anyway)
        return lambda: outcome
    folder = folder or folder_of(book.path)
    now = book.now()
    try:
        backups = list_backups(folder)
    except _backup_faults() as exc:
        reason = _reason(exc)
        return lambda: (None, reason)
    if not anyway and not due(backups, now):
        return lambda: (None, None)
    import threading

    pinned = threading.Event()
    made: list[Outcome] = []

    def copy() -> None:
        _yield_the_cores()
        try:
            with _pinned_copier(book, pinned.set) as write:
                made.append((_take(write, folder, now), None))
        except _backup_faults() as exc:
            made.append((None, _reason(exc)))
        finally:
            pinned.set()

    thread = threading.Thread(target=copy, name="xiaoben-backup", daemon=True)
    thread.start()
    pinned.wait()

    def wait() -> Outcome:
        thread.join()
        return made[0] if made else (None, None)

    return wait


class ImportBackup:
    """The backup taken beside an import that may write (backup_alongside), for the way back
    from an import the seller regrets: the book as it was just before it, whenever the book
    holds a customer (not only the day's first); the rotation keeps every backup of the last
    day, then the day's newest. `finish` says what became of it."""

    def __init__(self, book: Book, folder: Path | None = None) -> None:
        # an empty book is no book to go back to: only the day's backup, if due
        self.held = bool(book.conn.execute("SELECT EXISTS (SELECT 1 FROM customers)").fetchone()[0])
        # taken for this import alone (the day's was taken already)
        self.extra = self.held and not self._due(book, folder)
        self._wait = backup_alongside(book, folder, anyway=self.held)

    @staticmethod
    def _due(book: Book, folder: Path | None) -> bool:
        try:
            return due(list_backups(folder or folder_of(book.path)), book.now())
        except _backup_faults():
            return True  # (taking it says why it cannot be)

    def finish(self, wrote: bool) -> Outcome:
        """Wait for the copy; (the backup to name as the way back, else None; a warning). An
        import that wrote nothing (refused, or every row the book's already) leaves the book
        as it was: a backup taken for it alone is removed, so the one named by the last
        import that changed the book stays the newest (`xiaoben restore 1`)."""
        made, warning = self._wait()
        if wrote:
            return (made if self.held else None), warning
        if self.extra and made is not None:
            made.unlink(missing_ok=True)
        return None, warning


def _yield_the_cores() -> None:
    """Lower the calling thread's priority to the least (Linux: a thread's nice is its
    own): the copy alongside takes a core only when the book's own work leaves one idle.
    A large import keeps both cores busy (its writer, and the child reading its file) until
    its last row, then works its figures out on one: the copy of a 140 MB book and its
    check, ~2 s of a core, had been taken from the reading child's, the import's slower
    side, and now mostly run beside that end. The app's first open of a day keeps its
    painting ahead of the copy so. Elsewhere (a thread's priority is not its own): as is."""
    if not sys.platform.startswith("linux"):
        return
    import threading

    with suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _LEAST_PRIORITY)


_LEAST_PRIORITY = 19  # nice: raising it needs no privilege


@contextmanager
def _pinned_copier(book: Book, pinned: Callable[[], None]) -> Iterator[Callable[[Path], Path]]:
    """backup_alongside's writer of the copy at a target; `pinned` is called once the book it
    copies is held in a read transaction."""
    if book.encrypted:  # SQLCipher's export begins its read once the new file is made
        yield lambda target: book.backup_copy(target, pinned)
        return
    conn = reader_at_snapshot(book.path)
    try:
        pinned()
        # The backup API's copy, page for page, gets the quick check (every page and
        # record read and checked; not each index against its table): the full one took
        # 3.3 s of a core on the bench's 310 MB book and slowed the import it ran beside
        # by ~0.8 s, even at the lowest priority.
        yield lambda target: export_copy(conn, target, book=book.path, check="quick_check")
    finally:
        conn.close()


def _reason(exc: BaseException) -> str:
    return exc.message() if isinstance(exc, BookError) else str(exc)


def _backup_faults() -> tuple[type[BaseException], ...]:
    return (OSError, BookError, *errors.Error)  # every loaded driver's class, when met


_COUNTED = {
    "customers": "SELECT count(*), max(updated_at) FROM customers",
    "purchases": "SELECT count(*), max(created_at) FROM purchases",
    "contacts": "SELECT count(*), max(created_at) FROM interactions",
    "reminders": "SELECT count(*), max(created_at) FROM reminders",
}


def book_summary(path: Path, key: BookKey | None = None) -> dict[str, tuple[int, str | None]]:
    """Each table's rows and its last change (the newest stamp), read-only (an encrypted
    book's under `key`; another key, or none, is a BookError)."""
    encrypted = cipher.is_encrypted(path)
    if encrypted and key is None:
        raise BookError("store.encrypted_book", path=str(path))
    try:
        conn = open_copy(path, key if encrypted else None)
    except errors.Error as exc:
        raise BookError("store.not_a_book", path=str(path), detail=str(exc)) from None
    try:
        return {name: tuple(conn.execute(sql).fetchone()) for name, sql in _COUNTED.items()}
    except errors.Error as exc:
        raise BookError("store.not_a_book", path=str(path), detail=str(exc)) from None
    finally:
        conn.close()


def book_counts(path: Path, key: BookKey | None = None) -> dict[str, int]:
    return {name: count for name, (count, _) in book_summary(path, key).items()}


def refuse_while_open(book: Book) -> None:
    """A restore replaces the whole book: refused while another process (the app) has it
    open, naming it — said before the comparison is shown and the question asked."""
    others = book.other_writers()
    if others:
        shown = ", ".join(f"{host} pid {pid}" for host, pid in others)
        raise BookError("store.restore_open", path=str(book.path), others=shown)


def restore(book: Book, backup: Path, folder: Path | None = None) -> tuple[Path, list[str]]:
    """Replace the book's content with the backup's, after backing the book up first (its
    path is returned, with the labels of the customers forgotten before whom the backup
    held: erased again, see Book.replace_with). Refused while another process has the book
    open."""
    refuse_while_open(book)
    try:
        book.summary_of(backup)  # no book: refused before anything changes
    except BookError as exc:
        if exc.key == "store.wrong_passphrase":  # made before the passphrase was changed
            raise BookError("store.restore_other_key", path=str(backup)) from None
        raise
    # The rotation after the safety copy must not take the backup being restored: the
    # newest of its month until now, it no longer is (a restore of a backup three weeks
    # old deleted it, and failed).
    safety = take_backup(book, folder or folder_of(book.path), book.now(), spare=backup)
    erased = book.replace_with(backup)
    return safety, erased
