"""Writing imported rows into the book: all-or-nothing, or the good rows with a report.

Parsing the file is store/importing's job; here the rows are matched to customers (by code,
phone, WeChat ID or exact name), missing customers are created when asked, and
everything lands in one transaction with the stats and tiers that follow from it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from xiaoben.models.customer import Customer
from xiaoben.models.errors import BookError
from xiaoben.models.i18n import t
from xiaoben.store.customers import insert_customer, update_customer, write_search_keys
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.csv_table import CsvTable
from xiaoben.store.importing.customer_rows import CustomerRow
from xiaoben.store.importing.errors import RowError
from xiaoben.store.importing.purchase_rows import PurchaseRow
from xiaoben.store.lookup import KeyIndex
from xiaoben.store.rows import name_pinyin, stamp_text
from xiaoben.store.search import search_keys

if TYPE_CHECKING:
    from xiaoben.store.book import Book, Touched

Progress = Callable[[str, int, int], None]
OnDuplicate = Literal["update", "skip", "new"]


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    created_customers: int = 0
    updated_customers: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    kept_good: bool = False
    closed_orders: int = 0  # closed, cancelled or unpaid: not purchases
    refunded_orders: int = 0  # recorded as refunded in full
    known_orders: int = 0  # order numbers an earlier import brought in: skipped
    skipped_customers: int = 0  # --on-duplicate skip: rows of customers already in the book
    near_matches: list[str] = field(default_factory=list)  # for the seller to review

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


def import_table(
    book: Book,
    kind: Literal["purchases", "customers"],
    table: CsvTable,
    progress: Progress,
    *,
    allow_large: bool = False,
    **options: Any,
) -> ImportReport:
    """Parse the table (CSV, sheet or contacts) as `kind` and import it into the book: the one
    way in for the CLI and the app's Import screen. `options` are those of import_purchases
    (create_missing) or import_customers (on_duplicate), and keep_good / dry_run."""
    from xiaoben.store.importing.customer_rows import parse_customers
    from xiaoben.store.importing.purchase_rows import parse_purchases

    def parsing(done: int, total: int) -> None:
        progress("parse", done, total)

    if kind == "purchases":
        large = None if allow_large else book.rules().large_purchase
        purchases, errors = parse_purchases(
            table, progress=parsing, large_cents=None if large is None else int(large * 100)
        )
        return import_purchases(book, purchases, errors, progress=progress, **options)
    customers, errors = parse_customers(table, progress=parsing)
    return import_customers(book, customers, errors, progress=progress, **options)


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
    orders = _known_orders(conn) if any(row.order for row in rows) else set()
    for done, row in enumerate(rows, 1):
        if row.status == "closed":
            report.closed_orders += 1
            continue
        if row.order and row.order in orders:
            report.known_orders += 1
            continue
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
        report.refunded_orders += row.status == "refunded"
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
                _order_note(row),
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


def _order_note(row: PurchaseRow) -> str:
    """The row's note with its order number first (in one form, for the next import to find)."""
    if not row.order:
        return row.note
    order = t("import.order_note", "zh", order=row.order)
    return f"{order}；{row.note}" if row.note else order


def _known_orders(conn: sqlite3.Connection) -> set[str]:
    """The order numbers the book's purchases keep in their notes."""
    prefix = t("import.order_note", "zh", order="")
    found = conn.execute(
        "SELECT note FROM purchases WHERE substr(note, 1, ?) = ?", (len(prefix), prefix)
    )
    return {note[len(prefix) :].split("；", 1)[0] for (note,) in found}


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
    on_duplicate: OnDuplicate = "update",
    progress: Progress | None = None,
) -> ImportReport:
    """Create customers, or match each row to one in the book (code, then phone, then WeChat
    ID; earlier rows of the file count) and `update` it (non-empty cells only), `skip` it or
    add a `new` one beside it. Near matches are listed in the report, never merged.
    Referrers are resolved last."""

    def write(report: ImportReport, touched: Touched) -> None:
        _write_customers(book, rows, report, touched, on_duplicate, progress)

    return _in_one_batch(book, len(rows), parse_errors, write, keep_good, dry_run, None)


def _write_customers(
    book: Book,
    rows: Sequence[CustomerRow],
    report: ImportReport,
    touched: Touched,
    on_duplicate: OnDuplicate,
    progress: Progress | None,
) -> None:
    conn = book.conn
    stamp = stamp_text(book.now())
    saved: list[tuple[CustomerRow, int]] = []
    changed: set[int] = set()
    keys = KeyIndex.load(conn)
    for done, row in enumerate(rows, 1):
        customer = _with_wechat_text(row.customer, row.wechat_text)
        try:
            found = None if on_duplicate == "new" else _match(keys, customer)
            if isinstance(found, str):
                report.near_matches.append(t("import.near_line", line=row.line, near=found))
                continue
            if found is not None and on_duplicate == "skip":
                report.skipped_customers += 1
                continue
            if found is None:
                near = None if on_duplicate == "new" else _near_name(keys, customer)
                if near:
                    report.near_matches.append(t("import.near_line", line=row.line, near=near))
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
                customer_id = found
                _same_customer(keys, customer_id, customer)
                current = book.get_customer(customer_id)
                merged = _merge(current, customer, row.given)
                if _same_record(merged, current):
                    saved.append((row, customer_id))
                    continue
                update_customer(conn, merged, stamp)
                keys.add(
                    customer_id,
                    code=merged.code,
                    name=merged.name,
                    phones=merged.phones,
                    wechat=merged.wechat,
                )
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
    and a customer named by their code (no name in the file) keeps the name they have.
    Notes the file brings are added to the stored ones unless already there."""
    filled = incoming.model_dump(include=set(given) - {"id", "version", "referred_by", "notes"})
    notes = current.notes
    if incoming.notes and incoming.notes not in notes:
        notes = f"{notes}\n{incoming.notes}" if notes else incoming.notes
    return Customer.model_validate({**current.model_dump(), **filled, "notes": notes})


def _same_record(merged: Customer, current: Customer) -> bool:
    """Whether an update would change nothing the seller can see (a re-import)."""
    ignore = {"version", "created_at", "updated_at"}
    return merged.model_dump(exclude=ignore) == current.model_dump(exclude=ignore)


# --- matching a customers row to the book (import-map) -----------------------------------------


def _match(keys: KeyIndex, customer: Customer) -> int | str | None:
    """The customer the row is: by code, then phone, then WeChat ID (a row with none of them
    by its exact name, if one customer has it). A near match (their phone, another name) is
    returned as the text to review; None if the row is somebody new."""
    if customer.code is not None and customer.code in keys.codes:
        return keys.codes[customer.code]
    coded = set(keys.codes.values()) if customer.code is not None else set()
    for kind, values in (("phone", customer.phones), ("wechat", [customer.wechat or ""])):
        for value in values:
            found = keys.candidates(kind, value) - coded  # another code: another customer
            if not found:
                continue
            customer_id = keys.one(found, kind, value)
            assert customer_id is not None
            label = keys.labels[customer_id]
            if customer.name != label.rsplit(" (", 1)[0]:
                return t("import.near_phone", key=value, name=customer.name, other=label)
            return customer_id
    if customer.code is None and not customer.phones and not customer.wechat:
        named = keys.candidates("name", customer.name)
        if len(named) == 1:
            return next(iter(named))
    return None


def _near_name(keys: KeyIndex, customer: Customer) -> str | None:
    """ "王芳 (13800000001) ~ 王芳 (C001)": a new customer named as one already in the book."""
    named = keys.candidates("name", customer.name)
    if not named:
        return None
    key = customer.code or ", ".join(customer.phones) or customer.wechat or ""
    return t(
        "import.near_name",
        name=customer.name,
        key=key,
        other=" / ".join(keys.labels[each] for each in sorted(named)[:3]),
    )


def _with_wechat_text(customer: Customer, wechat_text: str) -> Customer:
    """A 微信 cell that is not a WeChat ID, kept as written in the notes (never a key)."""
    if not wechat_text:
        return customer
    line = t("import.wechat_not_id", "zh", text=wechat_text)
    notes = f"{customer.notes}\n{line}" if customer.notes else line
    return customer.model_copy(update={"notes": notes})


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
