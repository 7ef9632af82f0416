"""Writing imported rows into the book: all-or-nothing, or the good rows with a report.

Parsing the file is store/importing's job; here the rows are matched to customers (by code,
phone, WeChat ID or exact name), missing customers are created when asked, and
everything lands in one transaction with the stats and tiers that follow from it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xiaoben.models.customer import Customer
from xiaoben.models.errors import BookError
from xiaoben.models.i18n import t
from xiaoben.store.customers import insert_customer, update_customer, write_search_keys
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.customer_rows import CustomerRow
from xiaoben.store.importing.errors import RowError
from xiaoben.store.importing.purchase_rows import PurchaseRow
from xiaoben.store.lookup import KeyIndex
from xiaoben.store.rows import name_pinyin, stamp_text
from xiaoben.store.search import search_keys

if TYPE_CHECKING:
    from xiaoben.store.book import Book, Touched

Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    created_customers: int = 0
    updated_customers: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    kept_good: bool = False

    @property
    def bad_rows(self) -> int:
        return len({error.line for error in self.errors})


class ImportRejected(BookError):
    """Bad rows in an all-or-nothing import: nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__("import.rejected", bad=report.bad_rows, rows=report.rows)


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _resolve(index: KeyIndex, row: PurchaseRow) -> int | None:
    """The customer all the row's keys name; BookError if they name different ones."""
    if len(row.keys) == 1:
        return index.resolve(row.keys[0].kind, row.keys[0].value)
    found: set[int] | None = None
    named_by = row.keys[0]
    for key in row.keys:
        ids = index.candidates(key.kind, key.value)
        if not ids:
            continue  # a key the book does not know yet (a new phone) names nobody else
        if found is not None and not found & ids:
            raise BookError(
                "store.keys_disagree",
                first_key=named_by.value,
                first=_labels(index, found),
                second_key=key.value,
                second=_labels(index, ids),
            )
        found, named_by = (ids, key) if found is None else (found & ids, named_by)
    return None if found is None else index.one(found, named_by.kind, named_by.value)


def _labels(index: KeyIndex, ids: set[int]) -> str:
    return " / ".join(index.labels[customer_id] for customer_id in sorted(ids)[:2])


def _create_for(index: KeyIndex, conn: sqlite3.Connection, row: PurchaseRow, stamp: str) -> int:
    """A customer named and coded by the row's key (phones and WeChat IDs kept as such)."""
    key = row.keys[0]
    name = row.name or key.value
    phones = [key.value] if key.kind == "phone" else []
    wechat = key.value if key.kind == "wechat" else None
    code = key.value if key.kind in ("code", "any") else None
    full, initials = name_pinyin(name)
    cursor = conn.execute(
        "INSERT INTO customers (code, name, name_pinyin, name_initials, phones, wechat,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (code, name, full, initials, _json_list(phones), wechat, stamp, stamp),
    )
    customer_id = int(cursor.lastrowid or 0)
    conn.execute("INSERT INTO stats (customer_id) VALUES (?)", (customer_id,))
    for phone in phones:
        conn.execute(
            "INSERT OR IGNORE INTO customer_keys VALUES (?, 'phone', ?)", (customer_id, phone)
        )
    if wechat:
        conn.execute(
            "INSERT OR IGNORE INTO customer_keys VALUES (?, 'wechat', ?)",
            (customer_id, wechat.lower()),
        )
    write_search_keys(conn, customer_id, search_keys(name, phones, wechat, code, []))
    index.add(customer_id, code=code, name=name, phones=phones, wechat=wechat)
    return customer_id


def _json_list(items: list[str]) -> str:
    import json

    return json.dumps(items, ensure_ascii=False)


def _in_one_batch(
    book: Book,
    rows: int,
    parse_errors: Sequence[RowError],
    write: Callable[[ImportReport, Touched], None],
    keep_good: bool,
    dry_run: bool,
    tiers_progress: Progress | None,
) -> ImportReport:
    """`write` the rows in one batch: refused whole if a row is bad (unless `keep_good`),
    rolled back on a dry run; `tiers_progress` hears of the tiers recomputed at its end."""
    report = ImportReport(
        rows=rows + len({e.line for e in parse_errors}),
        errors=list(parse_errors),
        dry_run=dry_run,
        kept_good=keep_good,
    )
    if report.errors and not keep_good and not dry_run:
        raise ImportRejected(report)
    try:
        with book.batch() as touched:
            write(report, touched)
            if report.errors and not keep_good:
                raise ImportRejected(report)
            if tiers_progress:
                tiers_progress("tiers", 0, 1)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    if tiers_progress:
        tiers_progress("tiers", 1, 1)
    return report


def import_purchases(
    book: Book,
    rows: Sequence[PurchaseRow],
    parse_errors: Sequence[RowError] = (),
    *,
    create_missing: bool = False,
    keep_good: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    def write(report: ImportReport, touched: Touched) -> None:
        _write_purchases(book, rows, report, touched, create_missing, progress)

    return _in_one_batch(book, len(rows), parse_errors, write, keep_good, dry_run, progress)


def _write_purchases(
    book: Book,
    rows: Sequence[PurchaseRow],
    report: ImportReport,
    touched: Touched,
    create_missing: bool,
    progress: Progress | None,
) -> None:
    conn = book.conn
    index = KeyIndex.load(conn)
    stamp = stamp_text(book.now())
    values = []
    customers: set[int] = set()
    for done, row in enumerate(rows, 1):
        try:
            customer_id = _resolve(index, row)
        except BookError as exc:
            report.errors.append(RowError(row.line, _key_column(row), row.keys[0].value, str(exc)))
            continue
        if customer_id is None:
            if not create_missing:
                message = t("store.unknown_customer", key=row.keys[0].value)
                report.errors.append(
                    RowError(row.line, _key_column(row), row.keys[0].value, message)
                )
                continue
            customer_id = _create_for(index, conn, row, stamp)
            report.created_customers += 1
        customers.add(customer_id)
        values.append(
            (
                customer_id,
                row.date.isoformat(),
                row.amount_cents,
                row.items,
                row.quantity,
                row.cost_cents,
                row.refunded_cents,
                row.channel.value if row.channel else None,
                row.note,
                stamp,
            )
        )
        if progress and done % 5000 == 0:
            progress("match", done, len(rows))
    if progress:
        progress("match", len(rows), len(rows))
    conn.executemany(
        "INSERT INTO purchases (customer_id, date, amount_cents, items, quantity, cost_cents,"
        " refunded_cents, channel, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        values,
    )
    report.imported = len(values)
    _touch(book, touched, customers)


def _touch(book: Book, touched: Touched, customers: set[int]) -> None:
    total = book.conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    if len(customers) > max(5000, total // 5):
        touched.all = True
    else:
        touched.add(*customers)


def _key_column(row: PurchaseRow) -> str:
    return getattr(row, "key_column", "") or t("field.customer")


def import_customers(
    book: Book,
    rows: Sequence[CustomerRow],
    parse_errors: Sequence[RowError] = (),
    *,
    keep_good: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Create customers, or update the one with the same code; referrers resolved last."""

    def write(report: ImportReport, touched: Touched) -> None:
        _write_customers(book, rows, report, touched, progress)

    return _in_one_batch(book, len(rows), parse_errors, write, keep_good, dry_run, None)


def _write_customers(
    book: Book,
    rows: Sequence[CustomerRow],
    report: ImportReport,
    touched: Touched,
    progress: Progress | None,
) -> None:
    conn = book.conn
    stamp = stamp_text(book.now())
    saved: list[tuple[CustomerRow, int]] = []
    changed: set[int] = set()
    keys = KeyIndex.load(conn)
    for done, row in enumerate(rows, 1):
        customer = row.customer
        existing = None
        if customer.code is not None:
            found = conn.execute(
                "SELECT id, version FROM customers WHERE code = ?", (customer.code,)
            ).fetchone()
            existing = found
        try:
            if existing is None:
                customer_id = insert_customer(
                    conn, customer.model_copy(update={"referred_by": None}), stamp
                )
                keys.add(
                    customer_id,
                    code=customer.code,
                    name=customer.name,
                    phones=customer.phones,
                    wechat=customer.wechat,
                )
                report.created_customers += 1
            else:
                customer_id, version = existing
                _same_customer(keys, customer_id, customer)
                current = book.get_customer(customer_id)
                merged = _merge(current, customer, row.given)
                update_customer(conn, merged.model_copy(update={"version": version}), stamp)
                report.updated_customers += 1
        except BookError as exc:
            report.errors.append(RowError(row.line, t("field.code"), customer.code or "", str(exc)))
            continue
        saved.append((row, customer_id))
        changed.add(customer_id)
        if progress and done % 2000 == 0:
            progress("customers", done, len(rows))
    index = KeyIndex.load(conn)
    for row, customer_id in saved:
        if not row.referrer_key:
            continue
        try:
            referrer = index.resolve_text(row.referrer_key)
        except BookError as exc:
            report.errors.append(
                RowError(row.line, t("field.referred_by"), row.referrer_key, str(exc))
            )
            continue
        if referrer is None or referrer == customer_id:
            message = t("store.unknown_customer", key=row.referrer_key)
            report.errors.append(
                RowError(row.line, t("field.referred_by"), row.referrer_key, message)
            )
            continue
        conn.execute("UPDATE customers SET referred_by = ? WHERE id = ?", (referrer, customer_id))
        changed.add(referrer)
    report.imported = len(saved)
    _touch(book, touched, changed)


def _merge(current: Customer, incoming: Customer, given: frozenset[str]) -> Customer:
    """The stored customer with the fields the file filled in: an empty cell never erases,
    and a customer named by their code (no name in the file) keeps the name they have."""
    filled = incoming.model_dump(include=set(given) - {"id", "version", "referred_by"})
    return Customer.model_validate({**current.model_dump(), **filled})


def _same_customer(keys: KeyIndex, customer_id: int, incoming: Customer) -> None:
    """BookError if the row's phone or WeChat ID is another customer's than its code's."""
    for kind, values in (("phone", incoming.phones), ("wechat", [incoming.wechat or ""])):
        for value in values:
            others = keys.candidates(kind, value) - {customer_id}
            if others:
                raise BookError(
                    "store.keys_disagree",
                    first_key=incoming.code,
                    first=keys.labels.get(customer_id, f"#{customer_id}"),
                    second_key=value,
                    second=keys.labels[min(others)],
                )
