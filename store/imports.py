"""Writing imported rows into the book: all-or-nothing, or the good rows with a report.

Parsing the file is store/importing's job; here the rows are matched to customers (by code,
phone, WeChat ID or exact name), missing customers are created when asked, and
everything lands in one transaction with the stats and tiers that follow from it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from xiaoben.models.customer import Customer
from xiaoben.models.errors import BookError
from xiaoben.models.fields import FieldDef
from xiaoben.models.i18n import t
from xiaoben.models.regions import fill_region
from xiaoben.store import fields as field_sql
from xiaoben.store.customers import insert_customer, update_customer
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.bulk import without_gc
from xiaoben.store.importing.columns import total_rows
from xiaoben.store.importing.csv_table import CsvTable
from xiaoben.store.importing.customer_rows import CustomerRow
from xiaoben.store.importing.errors import OnlyTotals, RowError, cannot_import
from xiaoben.store.importing.purchase_rows import ParsedBatch, PurchaseRow
from xiaoben.store.lookup import KeyIndex
from xiaoben.store.purchase_writer import OnDuplicate, PurchaseWriter
from xiaoben.store.rows import stamp_text

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
    closed_orders: int = 0  # closed, cancelled or unpaid: not purchases
    refunded_orders: int = 0  # recorded as refunded in full
    known_orders: int = 0  # order numbers an earlier import brought in: skipped or unchanged
    known_purchases: int = 0  # rows with no order number already in the book: left out
    updated_purchases: int = 0  # --on-duplicate update: purchases of such orders changed
    skipped_customers: int = 0  # --on-duplicate skip: rows of customers already in the book
    near_matches: list[str] = field(default_factory=list)  # for the seller to review
    derived_regions: int = 0  # customers whose province or city came from their address
    hidden_phones: int = 0  # rows whose masked or relay numbers were kept in the notes
    # (line, word) of the sheet's 合计 rows a purchases import left out (read as it went)
    total_rows: list[tuple[int, str]] = field(default_factory=list)

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


def _in_one_batch(
    book: Book,
    report: ImportReport,
    write: Callable[[ImportReport, Touched], None],
    tiers_progress: Progress | None,
) -> ImportReport:
    """`write` the rows in one batch: refused whole if a row is bad (unless report.kept_good),
    rolled back on a dry run; `tiers_progress` hears of the tiers recomputed at its end."""
    if report.errors and not report.kept_good and not report.dry_run:
        raise ImportRejected(report)
    try:
        with book.batch() as touched:
            write(report, touched)
            if report.errors and not report.kept_good:
                raise ImportRejected(report)
            if tiers_progress:
                tiers_progress("tiers", 0, 1)
            if report.dry_run:
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
    (create_missing, on_duplicate) or import_customers (on_duplicate), and keep_good /
    dry_run. Purchases are read, checked and written a batch at a time (a million rows
    never sit in memory at once), in one transaction all the same."""
    from xiaoben.store.importing.customer_rows import parse_customers
    from xiaoben.store.importing.purchase_rows import purchase_batches

    if kind == "purchases":
        large = None if allow_large else book.rules().large_purchase
        batches = purchase_batches(table, large_cents=None if large is None else int(large * 100))
        batches = _with_rows(table, batches)
        return _import_purchase_batches(book, batches, progress=progress, **options)

    def parsing(done: int, total: int) -> None:
        progress("parse", done, total)

    customers, errors = parse_customers(table, progress=parsing, custom=book.fields())
    if not customers and not errors:
        # A file of a header alone, or of a header and the sheet's 合计 line: nothing to
        # import, said as an error rather than "0 of 0 rows imported".
        if not table.rows:
            raise cannot_import(table.path, "no_rows")
        raise OnlyTotals(table.path, total_rows(table.rows))
    return import_customers(book, customers, errors, progress=progress, **options)


def _with_rows(table: CsvTable, batches: Iterator[ParsedBatch]) -> Iterator[ParsedBatch]:
    """The batches; a BookError (read inside the import's transaction: nothing is written)
    when the file has a header and not one row under it, rather than "0 of 0 rows"."""
    first = next(batches, None)
    if first is None or not (first.rows or first.errors):
        later = next(batches, None)
        if later is None:
            # A header alone, or a header and the sheet's 合计 line: nothing to import.
            if first is not None and first.totals:
                raise OnlyTotals(table.path, first.totals)
            raise cannot_import(table.path, "no_rows")
        batches = itertools.chain([later], batches)
        del later
    if first is not None:
        yield first
    del first  # not held while the rest are written: a batch of rows, their cells and places
    yield from batches


def import_purchases(
    book: Book,
    rows: Sequence[PurchaseRow],
    parse_errors: Sequence[RowError] = (),
    *,
    create_missing: bool = False,
    keep_good: bool = False,
    dry_run: bool = False,
    on_duplicate: OnDuplicate = "skip",
    progress: Progress | None = None,
) -> ImportReport:
    """Parsed purchase rows into the book (see import_table for a table read in batches)."""
    batch = ParsedBatch(list(rows), list(parse_errors), len(rows), len(rows))
    return _import_purchase_batches(
        book,
        [batch],
        create_missing=create_missing,
        keep_good=keep_good,
        dry_run=dry_run,
        on_duplicate=on_duplicate,
        progress=progress,
    )


def _import_purchase_batches(
    book: Book,
    batches: Iterable[ParsedBatch],
    *,
    create_missing: bool = False,
    keep_good: bool = False,
    dry_run: bool = False,
    on_duplicate: OnDuplicate = "skip",
    progress: Progress | None = None,
) -> ImportReport:
    """Match each purchase row to its customer (by code, phone, WeChat ID or name; created
    with `create_missing`) and insert it; a row repeating an order number an earlier import
    brought in is skipped, updates that purchase, or is imported as a new one (`on_duplicate`).
    One transaction: refused whole if a row is bad (unless `keep_good`)."""
    report = ImportReport(dry_run=dry_run, kept_good=keep_good)

    def write(report: ImportReport, touched: Touched) -> None:
        writer = PurchaseWriter(
            book,
            report,
            create_missing=create_missing,
            on_duplicate=on_duplicate,
            keep_good=keep_good,
        )
        bad_lines: set[int] = set()
        with without_gc():
            with _page_cache(book.conn, IMPORT_CACHE_KIB):
                for batch in batches:
                    if progress:
                        progress("parse", batch.done, batch.total)
                    report.rows += len(batch.rows)
                    report.errors += batch.errors
                    report.total_rows += batch.totals
                    bad_lines.update(error.line for error in batch.errors)
                    expected = report.rows * batch.total // max(batch.done, 1)
                    writer.write(batch.rows, max(expected, report.rows))
                    if progress:
                        progress("match", batch.done, batch.total)
            # The indexes are built under the book's own page cache: SQLite sizes its sort by
            # the cache, and this SQLite keeps what a sort spills in memory (TEMP_STORE=3).
            # The collector stays off: a large import's finish collects once, itself; back
            # on before it, a pass over what the import still holds came first (~0.06 s).
            writer.finish(touched)
        report.rows += len(bad_lines)

    return _in_one_batch(book, report, write, progress)


IMPORT_CACHE_KIB = 16_384  # SQLite's page cache while importing (default 2 MiB): fewer spills
# Not kept for the follow-up (stats, tiers, predictions) of a million-row import: measured
# there, with the transaction's pages dirty, 16 MB made writing 88,000 predictions 17×
# slower than the book's own 2 MB (63.5 s against 3.7 s).


@contextmanager
def _page_cache(conn: sqlite3.Connection, kib: int) -> Iterator[None]:
    before = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")


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

    report = ImportReport(
        rows=len(rows) + len({error.line for error in parse_errors}),
        errors=list(parse_errors),
        dry_run=dry_run,
        kept_good=keep_good,
        hidden_phones=sum(bool(row.hidden_phones) for row in rows),
    )
    return _in_one_batch(book, report, write, None)


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
    custom = book.field_map() if any(row.fields for row in rows) else {}
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
                report.derived_regions += row.derived_region
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
                merged, derived = _merge(current, customer, row.given)
                if _same_record(merged, current):
                    saved.append((row, customer_id))
                    _write_fields(conn, custom, customer_id, row)
                    continue
                update_customer(conn, merged, stamp)
                report.derived_regions += derived
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
        _write_fields(conn, custom, customer_id, row)
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
    total = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    if len(changed) > max(5000, total // 5):
        touched.all = True
    else:
        touched.add(*changed)


def _write_fields(
    conn: sqlite3.Connection, custom: dict[int, FieldDef], customer_id: int, row: CustomerRow
) -> None:
    """The row's custom field values (its non-empty cells: an empty one never erases)."""
    if row.fields:
        field_sql.write_values(conn, customer_id, custom, row.fields)


def _merge(current: Customer, incoming: Customer, given: frozenset[str]) -> tuple[Customer, bool]:
    """The stored customer with the fields the file filled in: an empty cell never erases,
    and a customer named by their code (no name in the file) keeps the name they have.
    Notes, phones and tags the file brings are added to the stored ones unless already there
    (a contact's second card with one of its two phones takes none away). A province or
    city still empty is filled from the address (models/regions.py), never replaced: the
    second value says whether one was."""
    filled = incoming.model_dump(include=set(given) - {"id", "version", "referred_by", "notes"})
    notes = current.notes
    if incoming.notes and incoming.notes not in notes:
        notes = f"{notes}\n{incoming.notes}" if notes else incoming.notes
    merged = {**current.model_dump(), **filled, "notes": notes}
    for listed in ("phones", "tags"):  # a list the file names is added to, never cut short
        if listed in filled:
            merged[listed] = list(dict.fromkeys([*getattr(current, listed), *filled[listed]]))
    region = fill_region(merged["province"], merged["city"], merged["address"])
    derived = region != (merged["province"], merged["city"])
    return Customer.model_validate({**merged, **region._asdict()}), derived


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
