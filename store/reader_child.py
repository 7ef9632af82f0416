"""A large CSV's purchases read and checked in a child process, while this one writes.

Reading and checking a million rows (the csv split, every cell's rule) is ~10 s of one
core; the writer (matching, SQLite's inserts, index builds, the follow-up) is the rest.
On a machine with a second core the two overlap: a forked child runs `purchase_batches`
and hands each checked batch through a pipe, in the file's order; this process, which owns
the book and its one transaction, writes them as they come. What the writer gets is what
reading in-process gives, batch for batch (a test compares them): the same rows, the same
errors and totals, the same progress.

A batch travels as columns of plain values under `marshal` (PurchaseRow and CustomerKey
are NamedTuples; pickle rebuilt each through Python and took ~10 µs a row to load, as
long as reading it): the key sets once each (the child numbers them; this side keeps what
it rebuilt, both bounded by KEY_SETS_MAX and emptied together), dates as day numbers,
channels by value. The writer takes the columns as they come (PurchaseColumns): no row is
rebuilt but those it asks for. The rare errors go as pickle.

If the child fails in any way (an unreadable line raises as the file is read; no memory;
killed), it says so or just closes the pipe, and this process reads the file again itself
from the start, skips the batches it had and goes on: the error is raised here, exactly as an
in-process read raises it. Ctrl+C: the child ignores SIGINT; this process stops, the
transaction rolls back, and the child is killed and reaped when the batches are closed.
Used only where fork is safe and pays: Linux, a CSV streamed from its file, by the CLI (the
app's worker threads make fork unsafe there). A file is streamed when it is text of
decoding.STREAM_FROM (8 MiB, ~120,000 rows) or more whose encoding its blocks settle (UTF-8,
GBK/GB18030, UTF-16 with its BOM: decoding.text_encoding); a smaller one, or one only the
whole-file rules can judge, is decoded whole first and read here (at 90,000 rows the fork
and the pipe did not pay on two cores). CHILD_MIN_BYTES is the size below which a streamed
file would not be read apart if STREAM_FROM were lowered.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import pickle
import queue
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator
from itertools import repeat
from pathlib import Path
from typing import Any, BinaryIO

from xiaoben.store.importing.bulk import positions_of
from xiaoben.store.importing.csv_table import FileRows
from xiaoben.store.importing.errors import cannot_import, file_identity
from xiaoben.store.importing.pay_bills import BillTold
from xiaoben.store.importing.purchase_rows import (
    CustomerKey,
    Keys,
    KeySets,
    ParsedBatch,
    PurchaseColumns,
    PurchaseRow,
    RowColumns,
)
from xiaoben.store.purchase_writer import NewCustomer, new_customer

CHILD_MIN_BYTES = 4_000_000  # ~60,000 rows: below it the fork and the pipe do not pay
KEY_SETS_MAX = 131_072  # the key sets numbered at once (as the writer's RESOLVED_MAX)
_HEAD = struct.Struct("<Q")
_FIELDS = len(PurchaseRow._fields)
_KEYS, _DATE, _CHANNEL = (PurchaseRow._fields.index(name) for name in ("keys", "date", "channel"))
_BATCH, _END, _FAILED = 0, 1, 2


def usable(table: Any) -> bool:
    """Is reading `table` in a child worth it and safe (see the module's docstring)?"""
    rows = getattr(table, "rows", None)
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and getattr(table, "format", "csv") == "csv"
        and isinstance(rows, FileRows)
        and not getattr(table, "error_cells", None)
        and rows.source.size >= CHILD_MIN_BYTES
    )


def batches_from_child(
    read: Callable[[], Iterator[ParsedBatch]], path: Path, *, prepare: bool = False
) -> Generator[ParsedBatch, None, None]:
    """The batches `read()` yields (reading the file at `path`), read in a forked child
    (started at the first next()). `prepare` (an import that may create customers): each
    batch also brings the customer the first row of each new key set would make
    (ParsedBatch.prepared). Close the generator when done with it (its finally reaps the
    child). A child that fails is made up for by reading the file here, if it is still the
    file the child read: one replaced (saved again under its name) or changed since is
    refused, never read on from where the child stopped (two files' rows in one import)."""
    before = file_identity(path)
    receive = send = -1
    try:
        receive, send = os.pipe()
        pid = os.fork()
    except OSError:  # no memory or no process left for a child: read here
        for fd in (receive, send):
            if fd >= 0:
                os.close(fd)
        yield from read()
        return
    if pid == 0:  # the child: never returns
        os.close(receive)
        _child(read, send, prepare)
    os.close(send)
    _widened(receive)
    incoming = os.fdopen(receive, "rb", buffering=1 << 20)
    decoder = _Decoder()
    received = 0
    ahead: _ReadAhead | None = None
    try:
        ahead = _ReadAhead(incoming)
        while True:
            asked = time.perf_counter()
            kind, payload = ahead.next()
            waited = time.perf_counter() - asked
            if kind == _BATCH:
                received += 1
                yield decoder.batch(payload, waited)
            elif kind == _END:
                return
            else:  # the child failed: read it here, from where it stopped (raises as it did)
                # (killed first: the read ahead may have failed with the child still writing)
                _reap(pid, kill=True)
                pid = 0
                if file_identity(path) != before:
                    raise cannot_import(path, "file_changed")
                rest = read()
                for _ in range(received):
                    if next(rest, None) is None:  # shorter than the batches the child sent
                        raise cannot_import(path, "file_changed")
                yield from rest
                return
    finally:
        if pid:
            _reap(pid, kill=True)  # (the pipe's end: the thread reading ahead reads no more)
        if ahead is not None:
            ahead.close()
        incoming.close()


PIPE_BYTES = 1 << 20  # the pipe's own buffer (Linux allows anyone 1 MiB: pipe-max-size)
AHEAD_BATCHES = 2  # batches read ahead of the writer (~1.1 MB each, a million rows' file)


def _widened(fd: int) -> None:
    """The pipe's buffer from 64 KiB to PIPE_BYTES where Linux lets it (kernel memory, in
    no process's RSS): fewer reads a batch. Elsewhere, or refused: as it is."""
    try:
        import fcntl
    except ImportError:  # (this module is imported everywhere: used where fork is)
        return
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, set_size, PIPE_BYTES)


class _ReadAhead:
    """The child's messages read from the pipe by a thread, up to AHEAD_BATCHES ahead of
    the writer: each side works at its own pace. Read one at a time when asked, a batch
    (~1.1 MB) stayed in the child until the writer asked for it, so the child, done with the
    next, waited for the writer, and the writer for the child: a million rows into a book
    of their customers, each waited ~2-3 s of the other (store/index_upkeep.py measures the
    writer's). The thread holds no lock while it reads (the pipe's read lets go of the
    GIL) and stops at the child's last message, at the pipe's end, when closed, or at any
    failure of its own (no memory for a batch): then the writer is told the child failed,
    and reads the file itself from where the batches stopped, as for a child that failed.
    No thread to be had (a process limit the fork took the last of): read when asked."""

    def __init__(self, incoming: BinaryIO) -> None:
        self.incoming = incoming
        self.messages: queue.Queue[tuple[int, bytes]] = queue.Queue(AHEAD_BATCHES)
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = threading.Thread(
            target=self._run, name="xiaoben-read-ahead", daemon=True
        )
        try:
            self.thread.start()
        except RuntimeError:  # can't start new thread
            self.thread = None

    def _run(self) -> None:
        kind = _BATCH
        while kind == _BATCH and not self.stopped.is_set():
            try:
                kind, payload = _receive(self.incoming)
            except BaseException:  # closed under it, no memory: the writer reads it itself
                kind, payload = _FAILED, b""
            self._put(kind, payload)

    def _put(self, kind: int, payload: bytes) -> None:
        while not self.stopped.is_set():
            try:
                self.messages.put((kind, payload), timeout=_CHECK_SECONDS)
                return
            except queue.Full:
                continue

    def next(self) -> tuple[int, bytes]:
        if self.thread is None:
            return _receive(self.incoming)
        while True:
            try:
                return self.messages.get(timeout=_CHECK_SECONDS)
            except queue.Empty:
                if not self.thread.is_alive() and self.messages.empty():
                    return _FAILED, b""  # (never left so: belt and braces)

    def close(self) -> None:
        """Stop the thread (the child is gone: its read ends) and let it finish."""
        self.stopped.set()
        with contextlib.suppress(queue.Empty):
            while True:
                self.messages.get_nowait()
        if self.thread is not None:
            self.thread.join()


_CHECK_SECONDS = 0.1  # how often a wait on the queue looks whether it should stop


def _reap(pid: int, *, kill: bool = False) -> None:
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _child(read: Callable[[], Iterator[ParsedBatch]], send: int, prepare: bool) -> None:
    """Read, encode and send every batch, then END; FAILED on any error (the parent knows
    how many batches came).
    Leaves with os._exit: no atexit handler, buffer flush or finaliser of the parent's runs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    try:
        out = os.fdopen(send, "wb", buffering=1 << 20)
        try:
            encoder = _Encoder(prepare)
            for batch in read():
                _send(out, _BATCH, encoder.batch(batch))
            _send(out, _END, b"")
        except BaseException:  # any failure: the parent reads the file itself
            _send(out, _FAILED, b"")
        out.flush()
    except BaseException:  # the parent has gone (a broken pipe): just leave
        pass
    finally:
        os._exit(0)


def _send(out: BinaryIO, kind: int, payload: bytes) -> None:
    out.write(_HEAD.pack(len(payload) << 2 | kind))
    out.write(payload)


def _receive(incoming: BinaryIO) -> tuple[int, bytes]:
    head = incoming.read(_HEAD.size)
    if len(head) < _HEAD.size:  # the child died without a word (killed): read it here
        return _FAILED, b""
    size = _HEAD.unpack(head)[0]
    payload = incoming.read(size >> 2)
    if len(payload) < size >> 2:
        return _FAILED, b""
    return size & 3, payload


class _Encoder:
    """A batch as plain values: see the module's docstring."""

    def __init__(self, prepare: bool = False) -> None:
        self.numbers: dict[Keys, int] = {}
        # A key set's number by the identity of its tuple (the reader hands every row of a
        # customer the one tuple it remembers: a look-up by id() skips hashing the keys,
        # ~0.7 s a million rows); the tuples are held, so no id() is reused while it is here.
        self.by_id: dict[int, int] = {}
        self.held: list[Keys] = []
        self.prepare = prepare

    def batch(self, batch: ParsedBatch) -> bytes:
        rows = batch.rows
        columns: list[Any]
        if isinstance(rows, RowColumns):
            columns = list(rows.columns)  # its lists as they are: the ones changed are replaced
        else:
            columns = [list(column) for column in zip(*rows, strict=True)]
        if not columns:
            columns = [[] for _ in range(_FIELDS)]
        numbers = self.numbers
        restart = len(numbers) + len(rows) > KEY_SETS_MAX
        if restart:
            numbers.clear()
        # the numbers by identity go with them, or when too many tuples are held (those of
        # rows the reader did not remember)
        if restart or len(self.held) > KEY_SETS_MAX:
            self.by_id.clear()
            self.held.clear()
        first = len(numbers)
        key_column: list[Keys] = columns[_KEYS]
        ids = list(map(self.by_id.get, map(id, key_column)))
        new: list[Keys] = []
        firsts: dict[int, int] = {}  # a new key set's number -> its first row's position
        for position in positions_of(ids, None):
            keys = key_column[position]
            number = numbers.get(keys)
            if number is None:
                number = numbers[keys] = len(numbers)
                new.append(keys)
                firsts[number] = position
            self.by_id[id(keys)] = number
            self.held.append(keys)
            ids[position] = number
        prepared: list[tuple[str | None, tuple[Any, ...]] | None] = []
        if self.prepare:  # the customer the first row of each new key set would make
            for number in range(first, len(numbers)):
                row = rows[firsts[number]]
                # (none for a closed order whose key cells were bad: its cells are not
                # checked, it is no purchase and names nobody)
                prepared.append((row.name, tuple(new_customer(row))) if row.keys else None)
        columns[_KEYS] = ids
        # (no date: a closed order's, left unchecked)
        days = {day: None if day is None else day.toordinal() for day in set(columns[_DATE])}
        columns[_DATE] = list(map(days.__getitem__, columns[_DATE]))
        channels = {each: None if each is None else each.value for each in set(columns[_CHANNEL])}
        columns[_CHANNEL] = list(map(channels.__getitem__, columns[_CHANNEL]))
        errors = pickle.dumps(batch.errors) if batch.errors else b""
        totals = [tuple(total) for total in batch.totals]
        sent = [[tuple(key) for key in keys] for keys in new]
        bill: tuple[Any, ...] | None = None if batch.bill is None else tuple(batch.bill)
        told = (  # (marshal: plain tuples, a NamedTuple's too)
            batch.order_totals,
            batch.priced_totals,
            batch.repeated_amounts,
            batch.first_row_amounts,
            [tuple(each) for each in batch.partly_paid],
            bill,
        )
        unsure = [tuple(each) for each in batch.unsure_refunds]
        unchecked = [
            (line, [tuple(key) for key in keys], name, order)
            for line, keys, name, order in batch.unchecked
        ]
        return marshal.dumps(
            (restart, sent, prepared, columns, errors, batch.done, batch.total, totals, told,
             unsure, unchecked)
        )  # fmt: skip


class _Decoder:
    """A batch from _Encoder's values: its rows left as the columns they came in
    (PurchaseColumns), the key sets that are new rebuilt."""

    def __init__(self) -> None:
        self.key_sets = KeySets()

    def batch(self, payload: bytes, waited: float = 0.0) -> ParsedBatch:
        (restart, new, prepared, columns, errors, done, total, totals, told, unsure,
         unchecked) = marshal.loads(payload)  # fmt: skip
        if restart:
            self.key_sets = KeySets()
        sets = self.key_sets
        first = len(sets.sets)
        sets.add([tuple(map(tuple.__new__, repeat(CustomerKey), keys)) for keys in new])
        made = {
            sets.sets[at]: (each[0], NewCustomer._make(each[1]))
            for at, each in enumerate(prepared, first)
            if each is not None
        }
        return ParsedBatch(
            PurchaseColumns(columns, sets),
            pickle.loads(errors) if errors else [],
            done,
            total,
            [tuple(each) for each in totals],
            made or None,
            waited,
            order_totals=told[0],
            priced_totals=told[1],
            repeated_amounts=told[2],
            first_row_amounts=told[3],
            partly_paid=tuple(tuple(each) for each in told[4]),
            bill=None if told[5] is None else BillTold._make(told[5]),
            unsure_refunds=[tuple(each) for each in unsure],
            unchecked=[
                (line, tuple(map(tuple.__new__, repeat(CustomerKey), keys)), name, order)
                for line, keys, name, order in unchecked
            ],
        )
