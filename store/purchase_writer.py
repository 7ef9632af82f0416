"""Parsed purchase rows into the book, a batch at a time: the import's hot loop.

Rows are matched to customers through a KeyIndex (a distinct set of keys resolved once while
remembered, RESOLVED_MAX of them), missing customers are created in bulk, purchases inserted
with executemany. A large import into a small book drops the purchase indexes and builds
them once at the end (sorting a million rows once is cheaper than a million index inserts).
Runs inside the caller's transaction and never commits: a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import compress, islice, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from xiaoben.models.cells import cell_phone
from xiaoben.models.customer import LONG_MAX
from xiaoben.models.enums import Channel
from xiaoben.models.errors import BookError
from xiaoben.models.i18n import Lang, Words, t
from xiaoben.models.money import cents_shown
from xiaoben.models.regions import Region, fill_region, region_of
from xiaoben.models.text import CONTROL
from xiaoben.models.values import (
    account_key,
    code_spelling,
    key_as_written,
    merged_names,
    name_key,
    name_mobile_words,
    nickname_heads,
    number_and_extension,
    person_name,
    phone_extensions,
    shop_account_line,
    wechat_nicknames,
)
from xiaoben.store import merge, overview_kept
from xiaoben.store.book_refs import Foreign, remember_foreign
from xiaoben.store.customers import next_customer_id
from xiaoben.store.day_totals import TRIGGER_NAMES as DAY_TOTALS_TRIGGERS
from xiaoben.store.day_totals import pause_day_totals, rebuild_day_totals
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.book_id import BOOK_ID
from xiaoben.store.importing.bulk import positions_of
from xiaoben.store.importing.customer_rows import extension_line
from xiaoben.store.importing.errors import KEY_FIELDS, RowError, Said
from xiaoben.store.importing.order_numbers import (
    ORDER_PREFIX,
    order_in_note,
    order_spelling,
    reused,
    short,
)
from xiaoben.store.importing.order_status import NOT_BOUGHT, OrderStatus
from xiaoben.store.importing.places import Place, place_of
from xiaoben.store.importing.purchase_rows import (
    CustomerKey,
    Keys,
    KeySets,
    PlaceCells,
    PurchaseColumns,
    PurchaseRow,
    name_phone,
)
from xiaoben.store.importing.same_person import contradicts
from xiaoben.store.index_upkeep import IdleUpkeep, drop_indexes, two_cores
from xiaoben.store.lookup import AMBIGUOUS_KEY, KeyIndex, customer_label
from xiaoben.store.memory import heap_trimmer
from xiaoben.store.rows import name_pinyin, stamp_text
from xiaoben.store.search import normalise_query, search_keys

if TYPE_CHECKING:
    from xiaoben.store.book import Book, Touched
    from xiaoben.store.imports import ImportReport

OnDuplicate = Literal["update", "skip", "new"]
BULK_ROWS = 50_000  # an import this large into a book with fewer purchases rebuilds indexes
# ... and those of the customers too into a book with fewer customers than 1 a NEW_BOOK_RATIO rows
NEW_BOOK_RATIO = 100
# An import this large works out the overview's day totals once at its end, not per row.
TOTALS_ONCE_ROWS = 5_000
# The most key sets the writer remembers the customer of: a file naming more customers than
# this starts remembering afresh (each entry and its values held ~200 B: unbounded, a file of
# a million distinct customers held ~200 MB for it alone; at most ~25 MB at this bound, let
# go before the index builds and the follow-up, where the import's peak is). A seller's
# export names each customer all through it (the bench's million rows: 88,167 customers
# in a scattered order): at 16,384 the memory was emptied every ~20,000 rows and four rows
# in five looked their customer up again (2.0 s of CPU a million rows, into a book that
# has the customers).
RESOLVED_MAX = 131_072
# The rows giving an order number to another customer than its first (shared_orders)
# named in the report; the others counted (a wrong column read as the order number would
# name most of a file's rows)
SHARED_KEPT = 1_000
# ... and the (order, customer) pairs remembered so that each is listed once: past them (a
# wrong column read as order numbers, a pair a row or two), each row is counted as it comes
SHARED_SEEN_MAX = 50_000
_NOT_ASKED: Any = object()  # found_customer's: a key set it was not asked of yet
SEVERAL = -1  # found_customer's: keys naming several customers (no customer's id)
_REFUSED = -2  # _checked's: the row refused for its customer, said in the report
# No cost and no channel are bound as -1 and '' (neither can be stored: CHECK, Channel), made
# NULL by SQLite: Python's sqlite3 binds None through its adapter lookup (two failed
# attribute lookups a value), which made a million rows' executemany 2.1 s against 1.4 s.
_NO_COST, _NO_CHANNEL = -1, ""
_INSERT = (
    "INSERT INTO purchases (customer_id, date, amount_cents, items, quantity, cost_cents,"
    " refunded_cents, channel, note, created_at)"
    f" VALUES (?, ?, ?, ?, ?, nullif(?, {_NO_COST}), ?, nullif(?, '{_NO_CHANNEL}'), ?, ?)"
)
_UPDATE = (
    "UPDATE purchases SET customer_id = ?, date = ?, amount_cents = ?, items = ?, quantity = ?,"
    " cost_cents = ?, refunded_cents = ?, channel = ?, note = ?, version = version + 1"
    " WHERE id = ?"
)
# The tables a purchases import writes row by row, and the triggers on them it stops while
# it runs (each family's work done once instead): any other trigger keeps firing.
BULK_TABLES = ("purchases", "customers", "stats", "customer_keys", "search_keys")
# The tables the book's follow-up writes a row a customer (stats, tiers and their moves,
# predictions): their kept-overview triggers stay stopped through it too (the kept
# overview is dropped once, at the start), and come back after it (Touched.after_follow_up).
FOLLOW_UP_TABLES = ("stats", "tiers", "tier_changes", "predictions")
STOPPED_TRIGGERS = frozenset(DAY_TOTALS_TRIGGERS) | frozenset(
    overview_kept.trigger_names(BULK_TABLES + FOLLOW_UP_TABLES)
)
# Triggers on those tables an import never fires, left as they are: the mark of the #ids
# given (schema.CUSTOMER_IDS_SQL) is raised on a customer's delete, and an import deletes none.
LIVE_TRIGGERS = frozenset({"customers_ids_given"})
Values = tuple[int, str, int, str, int, int | None, int, str | None, str]  # a purchase's columns
Row = tuple[object, ...]  # a purchase's values as inserted (_INSERT)
Named = Mapping[CustomerKey, set[int]]  # each key of a row -> the customers it names


def as_written(key: CustomerKey) -> str:
    """A row's key as the seller's file most likely wrote it, for a message (a phone:
    models.values.key_as_written; a switchboard's number with an extension as written)."""
    return key_as_written(key.kind, key.value)


def _said_key(row: PurchaseRow, key: CustomerKey) -> str:
    """A row's key as a message names it: a switchboard's phone with the extension the row
    gave it (0571-8888 8888 转 109), else as_written."""
    return as_written(_with_extension(row, key))


def _with_extension(row: PurchaseRow, key: CustomerKey) -> CustomerKey:
    """The row's extension key of a switchboard's phone key (the key after it:
    purchase_rows.phone_keys), else the key itself."""
    if key.kind == "phone" and key in row.keys:
        after = row.keys.index(key) + 1
        if after < len(row.keys) and row.keys[after].kind == "extension":
            return row.keys[after]
    return key


class PurchaseWriter:
    """Writes batches of PurchaseRows into `book` (inside its open batch), counting into
    `report`. Once a row is bad and `keep_good` is off nothing more is inserted (the
    transaction will be rolled back), but rows are still matched, so every bad row is named."""

    def __init__(
        self,
        book: Book,
        report: ImportReport,
        *,
        create_missing: bool,
        on_duplicate: OnDuplicate,
        keep_good: bool,
        unknown_words: str = "store",
        quantity_given: bool = True,
        accounts_given: bool = True,
        key_columns: Mapping[str, str] | None = None,
    ) -> None:
        self.book = book
        self.accounts_given = accounts_given  # a file with no account column claims none
        # the header of the file's column each kind of key is read from (key_columns_of): a
        # row refused for its customer is said under it, as the file names it (交易对方)
        self.key_columns = key_columns or {}
        # the catalogue section of why a row names nobody, naming the front end's option
        self.unknown_words = unknown_words
        self.conn = book.conn
        self.report = report
        self.create_missing = create_missing
        self.keep_good = keep_good
        self.index = KeyIndex.load(self.conn)
        self.index.describe = self._describe
        self.stamp = stamp_text(book.now())
        self.customers: set[int] = set()
        # (`quantity_given`: does the file give quantities? An update keeps the book's if not)
        self.orders = _Orders(self.conn, on_duplicate, quantity_given)
        # keys -> customer, for rows naming a customer an earlier row named; the values of
        # each cached entry's keys, so a customer created later drops the entries it may change
        self.resolved: dict[tuple[CustomerKey, ...], int] = {}
        # value -> the keys cached with it: one tuple (most values), or a list of several;
        # kept only by an import that may create customers (nobody else is ever `_forget`)
        self.cached_by_value: dict[str, Keys | list[Keys]] = {}
        # resolved's entries by the number a reading child gave their key set (in
        # key_sets): kept and dropped with them (_match_columns)
        self.key_sets = KeySets()
        self.by_number: dict[int, int] = {}
        self.claimed_sets = 0  # how many of key_sets._claim_accounts has looked at
        self.day_text: dict[int, str] = {}  # a day number's ISO text
        # customer -> the extensions their notes keep of each phone (E.164), read for the
        # customers of a switchboard a row gives with an extension (_colleague_of)
        self.extensions: dict[int, dict[str, set[str]]] = {}
        self.next_id = next_customer_id(self.conn)
        self.new_customers: list[tuple[object, ...]] = []
        # customers made by this import with no place: a later row of theirs may give one
        self.unplaced: set[int] = set()
        # customers in the book before (and those unplaced): the first place a row gives
        self.places: dict[int, PlaceCells] = {}
        self.first_new_id = self.next_id
        # a dry run's customers made, by the line that made them: named so in its messages,
        # the ids they hold while it runs being nobody's once it is rolled back
        self.made_at: dict[int, int] | None = {} if report.dry_run else None
        self.new_keys: list[tuple[int, str, str]] = []
        self.new_search: list[tuple[int, str]] = []  # (customer, its keys as a JSON array)
        # customer -> the shop accounts rows that found them by another key gave them, as
        # written: kept in their notes (and so keys of theirs) in `finish`
        self.new_accounts: dict[int, list[str]] = {}
        # the key sets of rows that went to a customer of another name (her receiver's, under
        # her shop account): their place is not hers (_place_later), whatever row came first
        self.other_named: set[Keys] = set()
        # customers -> their phones (E.164), read for the rows of a name and a masked number
        # (_masked_apart: every such row is matched, a file of them looks her up again and
        # again); a keyless customer given a row's phone is read again (_fill_keyless)
        self.phones_held: dict[int, list[str]] = {}
        # key sets -> the name-only customers of its name a key of another customer
        # outweighed (_drop_shadows): named in its near match
        self.shadows: dict[Keys, tuple[int, ...]] = {}
        # customers of the book given a row's phone or WeChat ID: keyless namesakes it filled
        self.filled: set[int] = set()
        self.foreign: Foreign = {}  # other books' #ids (book_refs) of the customers it made
        self.dropped_indexes: list[str] | None = None
        self.upkeep: IdleUpkeep | None = None  # some taken up again as it goes: index_upkeep
        self.stopped_triggers: list[str] = []
        self.follow_up_triggers: list[str] = []  # stopped too, on FOLLOW_UP_TABLES
        self.totals_paused = False
        self.sized = False
        self.repeats = _Repeats(self.conn, self.next_id, on_duplicate)
        # the batch's rows of orders paid in part (line -> order: ParsedBatch.partly_paid),
        # and the orders of those that went in, for the report
        self.partly: dict[int, str] = {}
        self.partly_written: set[str] = set()
        # near matches to list: (line, message, its values, the customers it names), said
        # in `finish` with the labels of those customers read at once (a customer this
        # import created has none held: one look-up each would write the new ones first)
        self.near: list[tuple[int, str, dict[str, str], tuple[int, ...]]] = []
        # rows giving an order number to another customer than its first, in this file or
        # the book: (the first's line, None for the book's; the row's line, the order, the
        # first's customer, the row's: a customer, or the row as written when its keys
        # name nobody in the book), said in `finish` with their labels, as `near` is
        self.shared: list[tuple[int | None, int, str, int, int | str]] = []
        self.shared_said: set[tuple[str, int | str]] = set()  # (order, customer) listed
        self.shared_orders: set[str] = set()  # the orders they name
        self.buyers = _Buyers()
        self.order_days = _OrderDays()  # the day of each shop order's first row
        self.file_zeros = _FileZeros(self.buyers)  # orders of the file that lost zeros
        self.respelled_in_file: set[str] = set()  # the file's spellings so taken
        # rows of another buyer of an order the book holds but for leading zeros, which a
        # later row of its own customer may make the book's (_Orders.undecided): matched
        # after the file's last batch, so that batches never decide what they are
        self.waiting: list[PurchaseRow] = []
        # keys -> the customer found_customer found for them (None: nobody; SEVERAL)
        self.found_of: dict[Keys, int | None] = {}
        # a WeChat Pay or Alipay bill's payers are nicknames (交易对方): the customers whose
        # notes keep the nickname (微信（非微信号）：花花🌸, a customers sheet's 微信 cell
        # that was no ID) by it, where no customer has it as her name (take_nicknames)
        self.nicknames: dict[str, set[int]] | None = None
        # a bill's (take_nicknames): the lines of the rows inserted since the import last
        # looked (its report names money out only to a payer whose money in was written)
        self.bill_written: set[int] | None = None
        # key set -> (the name cell, the customer it makes): worked out by a reading child
        # (reader_child) for the first row of each key set; the batch's, while it is written
        self.prepared: Mapping[Keys, tuple[str | None, NewCustomer]] = {}

    # --- one batch ---------------------------------------------------------------------

    def write(
        self,
        rows: Sequence[PurchaseRow],
        expected_rows: int,
        prepared: Mapping[Keys, tuple[str | None, NewCustomer]] | None = None,
        waited: float = 0.0,
    ) -> None:
        """Match and insert one batch; `expected_rows` is the import's estimated size;
        `prepared`: new customers worked out ahead (see self.prepared); `waited`: the
        seconds this batch was waited for (index_upkeep)."""
        started = time.perf_counter()
        self._write(rows, expected_rows, prepared)
        if self.upkeep is not None:
            self.upkeep.finished(waited, time.perf_counter() - started, len(rows))

    def _write(
        self,
        rows: Sequence[PurchaseRow],
        expected_rows: int,
        prepared: Mapping[Keys, tuple[str | None, NewCustomer]] | None,
    ) -> None:
        self.prepared = prepared or {}
        if not self.sized and rows:  # the first rows say how large the import will be
            self.sized = True
            self._maybe_bulk(expected_rows, isinstance(rows, PurchaseColumns))
            if self.dropped_indexes or self._totals_once(expected_rows):
                pause_day_totals(self.conn)
                self.totals_paused = True
                self._stop_triggers()
        # The loop finds each row's customer, in the file's order (a customer made for one row
        # changes what a later row's keys find); the stored columns are made a column at a
        # time after it, in C loops (purchase_columns).
        if isinstance(rows, PurchaseColumns):
            ids, values, orders, lines = self._match_columns(rows)
        else:
            ids, values, orders, lines = self._match_rows(rows)
        self.customers.update(ids)
        self._flush_customers()
        report = self.report
        values, written = self.repeats.left_out(values, orders, lines, report)
        if self.partly:  # (a row of one an earlier import brought in is not among them)
            self.partly_written.update(self.partly[at] for at in lines if at in self.partly)
        report.imported += len(values)  # the good rows (refused whole, none of them goes in)
        report.purchases = (report.purchases or 0) + len(values)  # a row, a purchase
        if report.errors and not self.keep_good:
            return  # refused whole: keep matching to name every bad row, insert nothing
        # refunded in full and in part, of the rows that go in (those an earlier import
        # brought in, left out just above, are not: _INSERT's amount_cents, refunded_cents).
        # What is stored says it, whatever said it: a status word (Refunded, 退款成功) or a
        # refund amount beside a paid one (TikTok Shop's Order Refund Amount by Completed)
        # (counted over the refunded rows alone, picked in C: a million rows of which 4%
        # refunded, the two counts over every row took ~0.4 s of the writer's time)
        refunded = list(compress(values, map(_REFUNDED_OF, values)))
        if refunded:
            report.refunded_orders += sum(map(_in_full, refunded))
            report.partial_refunds += sum(map(_in_part, refunded))
        self.conn.executemany(_INSERT, values)
        if self.bill_written is not None:
            self.bill_written.update(written)

    def _match_rows(
        self, rows: Sequence[PurchaseRow]
    ) -> tuple[list[int], list[Row], list[str], list[int]]:
        """Each row's customer; the purchases to insert (see `write`), their orders and
        lines (for _Repeats: none when it is off)."""
        kept: list[PurchaseRow] = []
        ids: list[int] = []
        report, resolved, orders = self.report, self.resolved, self.orders
        if self.accounts_given:
            self._claim_accounts({row.keys for row in rows})
        if any(row.order for row in rows):
            rows = self._on_order_days(rows)
        orders.look([row.order for row in rows], fresh=True)
        orders.learn_respelled(self, [row.order for row in rows], rows.__getitem__)
        zeros = self.file_zeros.start([row.order for row in rows])
        for row in rows:
            if row.order:
                if (orders.zeros or orders.closed_bare) and (held := orders.respelled(self, row)):
                    row = row._replace(order=held)  # 123 for the customer's 000123
                elif row.order in orders.zeros and orders.undecided(row):
                    self.waiting.append(row)  # matched after the last batch
                    continue
                elif zeros and row.date is not None and (held := self._file_spelling(row)):
                    row = row._replace(order=held)  # 42 for line 2's 00042 of hers
                if orders.known(row.order) and orders.duplicate(self, row):
                    continue  # skipped, updated or removed: nothing to insert
            status = row.status
            if status in NOT_BOUGHT:
                report.closed_orders += 1
                continue
            # most rows: a customer an earlier row named (never a name and a masked number:
            # its visible digits may say another person, _masked_apart)
            customer_id = None if _masked_by_name(row) else resolved.get(row.keys)
            if customer_id is None:
                customer_id = self._customer_of(row)
                if customer_id is None:
                    continue
            if (
                row.place is not None
                and customer_id not in self.places
                and row.keys not in self.other_named
            ):
                self._place_later(customer_id, row.place)
            if zeros and row.order:
                self.file_zeros.kept(row.order, row.date.toordinal(), customer_id, row.line)
            kept.append(row)
            ids.append(customer_id)
        values = purchase_columns(kept, ids, self.stamp)
        kept_orders = [row.order for row in kept]
        if any(kept_orders):
            days = (row.date.toordinal() for row in kept)
            self._check_buyers(kept_orders, days, ids, [row.line for row in kept])
        if not (self.repeats.on or self.partly or self.bill_written is not None):
            return ids, values, [], []
        return ids, values, kept_orders, [row.line for row in kept]

    def _match_columns(
        self, batch: PurchaseColumns
    ) -> tuple[list[int], list[Row], list[str], list[int]]:
        """_match_rows over a reading child's columns: a row whose key set an earlier row
        named takes its customer by the key set's number (no row made, no keys hashed); a
        PurchaseRow is made for the others alone. A batch whose every row is such a row,
        with no order number, place or status but paid (most batches of a file of
        purchases alone), is matched in one C loop."""
        if batch.key_sets is not self.key_sets:  # the child numbers afresh: so does this side
            self.key_sets, self.by_number, self.claimed_sets = batch.key_sets, {}, 0
        columns: Sequence[Sequence[Any]] = batch.columns
        numbers, orders, statuses, places = (columns[at] for at in (_KEYS, _ORDER, _STATUS, _PLACE))
        # (the key sets new in this batch: those of the batches before were looked at then)
        self._claim_accounts(islice(self.key_sets.sets, self.claimed_sets, None))
        self.claimed_sets = len(self.key_sets.sets)
        if any(orders):
            dates = cast(list[int | None], columns[_DATE])
            buyers = list(map(batch.key_sets.sets.__getitem__, numbers))
            for position, day in self._order_days(orders, buyers, dates, columns[_LINE]):
                dates[position] = day  # (the batch's own list: its rows read it from now)
        by_number = self.by_number
        plain = (
            not any(orders)
            and not any(places)
            and statuses.count("paid") == len(statuses)
            and not any(columns[_HIDDEN])  # (a name and a masked number: _masked_by_name)
        )
        ids: list[int | None] | list[int]
        kept: list[int] | None = None
        if not plain or self.create_missing:
            ids, kept = self._match_each(batch, by_number)
        else:
            ids = looked_up = list(map(by_number.get, numbers))
            if None in looked_up:
                ids, kept = self._fill_misses(batch, looked_up, by_number)
        if kept is not None and len(kept) < len(numbers):
            columns = _picked(columns, kept)
        found = cast(list[int], ids)
        values = self._column_values(columns, found)
        if not plain and any(columns[_ORDER]):
            self._check_buyers(columns[_ORDER], columns[_DATE], found, columns[_LINE])
        if not (self.repeats.on or self.partly or self.bill_written is not None):
            return found, values, [], []
        return found, values, list(columns[_ORDER]), list(columns[_LINE])

    def _on_order_days(self, rows: Sequence[PurchaseRow]) -> Sequence[PurchaseRow]:
        """The rows, those of a shop's order whose first row has another day on that day
        (_order_days)."""
        days = [None if row.date is None else row.date.toordinal() for row in rows]
        orders, buyers = [row.order for row in rows], [row.keys for row in rows]
        lines = [row.line for row in rows]
        moved = self._order_days(orders, buyers, days, lines)
        if not moved:
            return rows
        rows = list(rows)
        for position, day in moved:
            rows[position] = rows[position]._replace(date=dt.date.fromordinal(day))
        return rows

    def _order_days(
        self,
        orders: Sequence[str],
        buyers: Sequence[Keys],
        days: Sequence[int | None],
        lines: Sequence[int],
    ) -> list[tuple[int, int]]:
        """(position, day) of the rows of a batch (their orders, key sets, day numbers and
        lines) to book on the day of their order's first row in this file (_OrderDays: an
        order paid over midnight is one purchase), counted in the report with the first."""
        moved = self.order_days.moved(orders, buyers, days, lines)
        report = self.report
        for position, day, first_line in moved:
            report.order_days_joined += 1
            if report.first_day_joined is None:
                written = dt.date.fromordinal(cast(int, days[position])).isoformat()
                first = dt.date.fromordinal(day).isoformat()
                line, order = lines[position], orders[position]
                report.first_day_joined = (line, order, written, first, first_line)
        return [(position, day) for position, day, _ in moved]

    def _file_spelling(self, row: PurchaseRow) -> str | None:
        """The spelling an earlier row of this file gave the row's order for its customer
        but for leading zeros (_FileZeros), counted in the report once a spelling; None:
        none such, or the book holds the row's own (an order imported before is the book's)."""
        if self.orders.known(row.order):
            return None
        customer_id = self.found_customer(row)
        if customer_id is None or customer_id == SEVERAL:
            return None
        found = self.file_zeros.spelling(row.order, row.date.toordinal(), customer_id)
        if found is None:
            return None
        spelling, first_line = found
        if row.order not in self.respelled_in_file:
            self.respelled_in_file.add(row.order)
            report = self.report
            report.respelled_in_file += 1
            if report.first_respelled_in_file is None:
                report.first_respelled_in_file = (row.line, row.order, spelling, first_line)
        return spelling

    def _fill_misses(
        self, batch: PurchaseColumns, ids: list[int | None], by_number: dict[int, int]
    ) -> tuple[list[int], list[int] | None]:
        """The customers of the rows `ids` has none for (None), found in the file's order
        (_customer_of); the others stand. Only where no customer is made: nothing an earlier
        row finds can change what a later one does. Their customers, and the positions of
        the rows to insert (None: all)."""
        numbers = batch.columns[_KEYS]
        bad: list[int] = []
        for at in positions_of(ids, None):
            number = numbers[at]
            customer_id = by_number.get(number)  # an earlier row of this batch named it
            if customer_id is None:
                customer_id = self._customer_of(batch.row(at))
                if customer_id is None:  # said in the report
                    bad.append(at)
                    customer_id = 0
                else:
                    by_number[number] = customer_id
            ids[at] = customer_id
        found = cast(list[int], ids)
        if not bad:
            return found, None
        refused = set(bad)
        kept = [at for at in range(len(found)) if at not in refused]
        return [found[at] for at in kept], kept

    def _match_each(
        self, batch: PurchaseColumns, by_number: dict[int, int]
    ) -> tuple[list[int], list[int]]:
        """_match_columns' rows one by one, in the file's order: their customers, and the
        positions of those to insert."""
        columns = batch.columns
        numbers, orders, statuses, places = (columns[at] for at in (_KEYS, _ORDER, _STATUS, _PLACE))
        report, known, duplicate = self.report, self.orders.known, self.orders.duplicate
        self.orders.look(orders, fresh=True)
        self.orders.learn_respelled(self, orders, batch.row)
        zeros = self.file_zeros.start(orders)
        dates, lines, hidden = columns[_DATE], columns[_LINE], columns[_HIDDEN]
        kept: list[int] = []
        ids: list[int] = []
        get = by_number.get
        for at, number in enumerate(numbers):
            order = orders[at]
            if (
                order
                and (self.orders.zeros or self.orders.closed_bare)
                and (held := self.orders.respelled(self, batch.row(at)))
            ):
                order = orders[at] = held  # 123 for the customer's 000123: the row's from now
            elif order in self.orders.zeros and self.orders.undecided(row := batch.row(at)):
                self.waiting.append(row)  # matched after the last batch
                continue
            elif (
                order
                and zeros
                and dates[at] is not None
                and (held := self._file_spelling(batch.row(at)))
            ):
                order = orders[at] = held  # 42 for line 2's 00042 of hers: the row's from now
            if order and known(order) and duplicate(self, batch.row(at)):
                continue  # skipped, updated or removed: nothing to insert
            status = statuses[at]
            if status in NOT_BOUGHT:
                report.closed_orders += 1
                continue
            masked = bool(hidden[at]) and _names_only(batch.key_sets.sets[number])
            customer_id = None if masked else get(number)
            if customer_id is None:
                customer_id = self._customer_of(batch.row(at))
                if customer_id is None:
                    continue
                # _customer_of remembered it for these keys: until a customer made later
                # changes what they find (_forget drops it from both); never a name and a
                # masked number's (_masked_by_name)
                if not masked:
                    by_number[number] = customer_id
            place = places[at]
            if (
                place is not None
                and customer_id not in self.places
                and not (self.other_named and batch.key_sets.sets[number] in self.other_named)
            ):
                self._place_later(customer_id, place)
            if zeros and order:
                self.file_zeros.kept(order, dates[at], customer_id, lines[at])
            kept.append(at)
            ids.append(customer_id)
        return ids, kept

    def _column_values(self, columns: Sequence[Sequence[Any]], ids: list[int]) -> list[Row]:
        """purchase_columns of a reading child's columns (days as numbers, channels as
        values): each day's text worked out once an import."""
        dates = columns[_DATE]
        days = self.day_text
        for day in set(dates).difference(days):
            days[day] = dt.date.fromordinal(day).isoformat()
        notes = columns[_NOTE]
        if any(columns[_ORDER]):
            notes = list(map(order_note_text, columns[_ORDER], notes))
        texts = map(days.__getitem__, dates)
        channels = columns[_CHANNEL]
        bound = map(_NO_CHANNEL_BOUND.get, channels, channels)
        return _zipped(ids, texts, columns, bound, notes, self.stamp)

    def _customer_of(self, row: PurchaseRow) -> int | None:
        """The row's customer (made if missing and asked to); None with an error reported."""
        masked = _masked_by_name(row)  # never remembered: its masked number may say another
        customer_id = None if masked else self.resolved.get(row.keys)
        if customer_id is not None:
            self.customers.add(customer_id)
            return customer_id
        named = self._named(row)
        customer_id = self._checked(row, named)
        if customer_id == _REFUSED:
            return None
        if customer_id is None:
            customer_id = self._keyless_namesake(row, named)
            if customer_id is not None:  # hers now, and so are the row's phone and WeChat ID
                self._fill_keyless(row, customer_id)
                self._remember(row.keys, customer_id)
                self._keep_accounts(row, customer_id)
                self.customers.add(customer_id)
                return customer_id
            customer_id = self._create_for(row)
            self.report.created_customers += 1
        else:
            if masked:
                self._count_masked(row, customer_id)
            else:
                self._remember(row.keys, customer_id)
            self._keep_accounts(row, customer_id)
            if len(row.keys) > 1:
                self._say_unkept(row, customer_id, named)
                self._say_other_name(row, customer_id, named)
            else:
                self._say_cell_name(row, customer_id)
        self.customers.add(customer_id)
        return customer_id

    def _say_cell_name(self, row: PurchaseRow, customer_id: int) -> None:
        """List a 客户 cell of a name and a phone (王芳 13800138001) that went by the phone to
        a customer of another name (李娜): said as a row of a 姓名 and a 手机 is
        (_say_other_name), not booked to her unsaid."""
        split = name_split(row) if row.keys[0].kind == "any" else None
        if split is None or customer_id in self.index.candidates("name", split[0]):
            return
        said = {"name": split[0], "key": key_as_written("phone", split[1])}
        self.near.append((row.line, "import.name_differs", said, (customer_id,)))

    def _checked(self, row: PurchaseRow, named: dict[CustomerKey, set[int]]) -> int | None:
        """The customer the row's keys name in the book (`named`: as _named finds them);
        None: nobody, to be made (create_missing); _REFUSED with the row's error reported:
        keys naming different customers or several, a code that lost its leading zeros,
        nobody without create_missing."""
        try:
            self._drop_shadows(row, named)
            self._narrow_masked(row, named)
            customer_id = _resolve(self.index, row, named)
            if customer_id is None:  # 1 for the book's 0001, 1.23457E+19: said as such
                for kind, value in row.keys:
                    if kind in ("code", "any"):
                        self.index.check_code(value)
        except BookError as exc:
            shared = exc.values.get("kind") if exc.key in AMBIGUOUS_KEY else None
            message = exc.message
            name = exc.values.get("name")
            if exc.key == "store.ambiguous_name" and self._nicknamed_only(name):
                message = Words("store.ambiguous_nickname", count=exc.values["count"], name=name)
            elif exc.key == "store.ambiguous_name" and self._payer_only(row, name):
                message = Words("store.ambiguous_payer", count=exc.values["count"], name=name)
            self._error(row, message, kind=shared if isinstance(shared, str) else None)
            return _REFUSED
        apart = None if customer_id is None else self._masked_apart(row, customer_id)
        if apart is not None:  # 王芳 150****1234, the book's 王芳 138 0013 8000: another
            if self.create_missing:
                return None  # made, and listed beside her (_create_for)
            assert customer_id is not None
            phones = "、".join(key_as_written("phone", each) for each in apart[1])
            said = Words(
                f"{self.unknown_words}.unknown_namesake_masked",
                key=apart[0],
                other=_labels(self.index, {customer_id}),
                phones=phones,
            )
            self.report.errors.append(RowError(row.line, Words("field.phone"), apart[0], said))
            return _REFUSED
        if (
            customer_id is None
            and not self.create_missing
            and self._keyless_namesake(row, named) is None  # (she is the row's: filled)
        ):
            self._error(row, self._unknown(row), one_key=True)
            return _REFUSED
        return customer_id

    def check_refused(self, rows: Sequence[tuple[int, Keys, str | None, str]]) -> None:
        """The checks of a row's customer (_checked) for rows refused for a bad cell of
        another field (their line, keys, name cell and order number, from the reading):
        their customer's problem said now too, with the cell's, rather than once the seller
        has fixed the cell and imports again. A row of an order the book holds is matched
        by that order, not checked so. Nothing is made nor remembered."""
        for line, keys, name, order in rows:
            if order and self.orders.known(order):
                continue
            if keys in self.resolved:  # a customer an earlier row named or made
                continue
            row = PurchaseRow(line, keys, name, dt.date.min, 0, order=order)
            self._checked(row, self._named(row))

    def _masked_apart(self, row: PurchaseRow, customer_id: int) -> tuple[str, list[str]] | None:
        """(the masked number, her phones) of a row found by its name alone whose masked
        number (150****1234) shows digits none of her phones of its length has: another
        person of her name, held back as a row whose full phone she lacks is (_unknown).
        None: no such number, her phones agree with one (_count_masked), or she has no
        phone of its length to tell by (matched by the name, as before)."""
        if not _masked_by_name(row) or not all(_is_name(self.index, key) for key in row.keys):
            return None
        phones = self._phones_of(customer_id)
        if mask_agrees(row.hidden_phones, phones) is not False:
            return None
        shown = next(each for each in row.hidden_phones if _shown_mask(each))
        return shown, phones

    def _count_masked(self, row: PurchaseRow, customer_id: int) -> None:
        """Count a row found by its name alone whose masked number agrees with one of her
        phones (139****9001 for 李娜's 139 0013 9001): said in the report, with the first."""
        if not all(_is_name(self.index, key) for key in row.keys):
            return
        if not mask_agrees(row.hidden_phones, self._phones_of(customer_id)):
            return
        report = self.report
        report.hidden_matched += 1
        if report.first_hidden_matched is None:
            shown = next(each for each in row.hidden_phones if _shown_mask(each))
            report.first_hidden_matched = (row.line, shown, self.index.label(customer_id))

    def _narrow_masked(self, row: PurchaseRow, named: dict[CustomerKey, set[int]]) -> None:
        """Of several customers of a row's name (王芳, and the 王芳 a masked row made beside
        her), the one its masked number tells: the one with a phone showing its digits,
        else the one whose notes keep that masked number (made of such a row). None such,
        or several: `named` as it was (the name is ambiguous, said so)."""
        if not _masked_by_name(row) or len(row.keys) != 1:
            return
        [key] = row.keys
        ids = named[key]
        if len(ids) < 2 or not _is_name(self.index, key):
            return
        masks = row.hidden_phones
        by_phone = {each for each in ids if mask_agrees(masks, self._phones_of(each))}
        if len(by_phone) == 1:
            named[key] = by_phone
            return
        if by_phone:
            return
        by_notes = {each for each in ids if any(mask in self._notes_of(each) for mask in masks)}
        if len(by_notes) == 1:
            named[key] = by_notes

    def _phones_of(self, customer_id: int) -> list[str]:
        """The customer's phones (E.164) as the book has them now (one this import made
        written first)."""
        held = self.phones_held.get(customer_id)
        if held is not None:
            return held
        if customer_id >= self.first_new_id:
            self._flush_customers()
        found = self.conn.execute("SELECT phones FROM customers WHERE id = ?", (customer_id,))
        held = list(json.loads((found.fetchone() or ("[]",))[0] or "[]"))
        if len(self.phones_held) >= RESOLVED_MAX:
            self.phones_held.clear()  # bounded, as `resolved` is
        self.phones_held[customer_id] = held
        return held

    def _notes_of(self, customer_id: int) -> str:
        """The customer's notes as the book has them now (_phones_of)."""
        if customer_id >= self.first_new_id:
            self._flush_customers()
        found = self.conn.execute("SELECT notes FROM customers WHERE id = ?", (customer_id,))
        return str((found.fetchone() or ("",))[0] or "")

    def _drop_shadows(self, row: PurchaseRow, named: dict[CustomerKey, set[int]]) -> None:
        """A row of a name and a phone (WeChat ID, code, shop account) of a customer of
        another name, where the customers of its name are shadows known by no code, phone
        nor WeChat ID (王女士, made by a masked shop row, her 买家账号 at most): those
        customers are no longer the name's in `named`, so the key finds her, as when no
        shadow exists; the shadows kept for the report (_say_other_name). A namesake with
        a key of her own, or one this import made, still holds the row back."""
        if len(row.keys) < 2:
            return
        names = [key for key in row.keys if key.kind == "name"]
        if len(names) != 1:
            return
        name = names[0]
        found = set().union(
            *(named[key] for key in row.keys if key.kind not in ("name", "extension"))
        )
        shadows = named[name]
        if not found or not shadows or shadows & found:
            return
        if max(shadows) >= self.first_new_id or not self._unreached(shadows):
            return
        named[name] = set()
        self.shadows[row.keys] = tuple(sorted(shadows))

    def _unreached(self, ids: set[int]) -> bool:
        """Whether every one of these customers has no code, phone nor WeChat ID (_UNREACHED:
        a name, a shop account at most)."""
        if any(self.index.has_code(each) for each in ids):
            return False
        marks = ", ".join("?" * len(ids))
        keyed = self.conn.execute(
            f"SELECT count(*) FROM customers c WHERE id IN ({marks}) AND NOT ({_UNREACHED})",
            tuple(ids),
        ).fetchone()[0]
        return not keyed

    def _keyless_namesake(self, row: PurchaseRow, named: Named) -> int | None:
        """The customer a row of a name and a phone or WeChat ID nobody has (王芳 |
        13800138000) is, as a customers row of those cells fills her (imports._keyless_namesake):
        the one customer of that name the book had before the import, when she has no code,
        phone, WeChat ID or shop account (made by name alone: a 客户 cell 王芳, a name-only
        row) and the row's place is not another province or city than hers. None for a row
        with a code or an extension, or a name several customers or a keyed one have (another
        person: made with --create-missing and listed, as before)."""
        kinds = [key.kind for key in row.keys]
        if "phone" not in kinds and "wechat" not in kinds:
            return None
        names = [key for key in row.keys if key.kind not in _FILLED_KINDS]
        if len(names) != 1 or not _is_name(self.index, names[0]):
            return None
        namesakes = named[names[0]]
        if len(namesakes) != 1:
            return None
        [each] = namesakes
        if each >= self.first_new_id or self.index.has_code(each):
            return None
        held = self.conn.execute(
            f"SELECT {_KEYLESS}, province, city FROM customers c WHERE id = ?", (each,)
        ).fetchone()
        if held is None or not held[0]:
            return None
        if row.place is not None and contradicts(_place(row.place), _Region(held[1], held[2])):
            return None
        return each

    def _fill_keyless(self, row: PurchaseRow, customer_id: int) -> None:
        """Give the keyless customer `_keyless_namesake` found the row's phones and WeChat ID
        (her shop accounts: _keep_accounts), counted as updated: the rows after find her by
        them, and a second phone of her name is somebody else."""
        phones = list(dict.fromkeys(value for kind, value in row.keys if kind == "phone"))
        wechat = next((value for kind, value in row.keys if kind == "wechat"), None)
        self.conn.execute(
            "UPDATE customers SET phones = ?, wechat = coalesce(?, wechat), updated_at = ?,"
            " version = version + 1 WHERE id = ?",
            (_json_list(phones), wechat, self.stamp, customer_id),
        )
        keys = [(customer_id, "phone", phone) for phone in phones]
        if wechat:
            keys.append((customer_id, "wechat", wechat.lower()))
        self.conn.executemany("INSERT OR IGNORE INTO customer_keys VALUES (?, ?, ?)", keys)
        self.conn.executemany(
            "INSERT OR IGNORE INTO search_keys (key, customer_id) VALUES (?, ?)",
            [(key, customer_id) for key in search_keys("", phones, wechat, None, [], "")],
        )
        self.index.add_keys(customer_id, phones, wechat)
        self._forget(wechat, *phones)
        self.phones_held.pop(customer_id, None)
        self.filled.add(customer_id)
        self.report.updated_customers += 1

    def _named(self, row: PurchaseRow) -> dict[CustomerKey, set[int]]:
        """Each of the row's keys' customers, looked up once, for matching and for what is
        said of the row (the index changes only when a customer is made, after the last use
        of these); a switchboard's narrowed by the row's extension (_colleague_of); a pay
        bill's payer named by nobody, the customers keeping that nickname (take_nicknames:
        one is hers, several hold the row back)."""
        index = self.index
        named = {
            key: index.stored(key.kind, key.value) for key in row.keys if key.kind != "extension"
        }
        if any(kind == "extension" for kind, _ in row.keys):  # (only such rows pay)
            self._colleague_of(row, named)
        if self.nicknames:
            for key, ids in named.items():
                if not ids and key.kind in ("name", "any"):
                    # several: the row is held back, as namesakes are (_checked), never made
                    # a customer beside them
                    named[key] = set(self.nicknames.get(key.value.strip(), ()))
        return named

    def _nicknamed_only(self, name: object) -> bool:
        """Whether `name` names customers by the nickname their notes keep alone (a pay
        bill's payer no customer is named)."""
        return (
            isinstance(name, str)
            and bool(self.nicknames)
            and name.strip() in (self.nicknames or {})
            and not self.index.stored("name", name)
        )

    def _payer_only(self, row: PurchaseRow, name: object) -> bool:
        """Whether `name` is a pay bill's payer (交易对方) the row names its customer by
        alone: no code, phone or WeChat ID beside it to tell namesakes apart by."""
        return (
            self.nicknames is not None
            and name == row.name
            and all(key.kind == "name" for key in row.keys)
        )

    def take_nicknames(self) -> None:
        """A WeChat Pay or Alipay bill's payer (交易对方) is a WeChat nickname: found as the
        one customer whose notes keep it (models.values.wechat_nicknames: a customers sheet's
        微信 cell that was no ID, a contact card's 昵称), where no customer is named so; two
        keeping it hold the row back (store.ambiguous_nickname). Read once, when the
        import's first batch says it is a bill."""
        if self.nicknames is not None:
            return
        heads = nickname_heads()
        where = " OR ".join("instr(notes, ?) > 0" for _ in heads)
        found: dict[str, set[int]] = {}
        for customer_id, notes in self.conn.execute(
            f"SELECT id, notes FROM customers WHERE {where}", heads
        ):
            for nickname in wechat_nicknames(notes):
                found.setdefault(nickname.strip(), set()).add(customer_id)
        self.nicknames = found

    def _colleague_of(self, row: PurchaseRow, named: dict[CustomerKey, set[int]]) -> None:
        """Narrow, in `named`, the customers of a switchboard the row gives with an
        extension (0571-8888 8888 转 102) to those whose notes keep it with that extension
        (带分机的电话：…: colleagues on one switchboard are each a customer), and those of
        the row's name (she moved desk); when none of them has it, to those who keep the
        switchboard without an extension (they may be the row's, as in a customers
        import). Nobody left: the row names nobody by it (made with --create-missing, as
        a customers import makes her)."""
        # (the extension key, its switchboard's phone key, the extension)
        switchboards: list[tuple[CustomerKey, CustomerKey, str]] = []
        for key in row.keys:
            if key.kind == "extension":
                split = number_and_extension(key.value)
                assert split is not None  # purchase_rows.phone_keys made it of one
                phone = CustomerKey("phone", cell_phone(split[0].strip()))
                switchboards.append((key, phone, split[1]))
        index = self.index
        namesakes = set().union(*(named[key] for key in row.keys if _is_name(index, key)))
        for phone in {phone for _, phone, _ in switchboards}:
            ours = {extension for _, each, extension in switchboards if each == phone}
            stored = named[phone]
            kept = {each for each in stored if self._extensions(each, phone.value) & ours}
            kept |= stored & namesakes
            if not kept:
                kept = {each for each in stored if not self._extensions(each, phone.value)}
            named[phone] = kept
        for key, phone, _ in switchboards:  # each names whom its switchboard now names
            named[key] = named[phone]

    def _extensions(self, customer_id: int, phone: str) -> set[str]:
        """The extensions a customer's notes keep of `phone` (models.values.phone_extensions),
        read once an import: a customer this import made is given the row's (_create_for)."""
        found = self.extensions.get(customer_id)
        if found is None:
            notes = self.conn.execute(
                "SELECT notes FROM customers WHERE id = ?", (customer_id,)
            ).fetchone()
            found = self.extensions[customer_id] = phone_extensions(notes[0] if notes else "")
        return found.get(phone, set())

    def found_customer(self, row: PurchaseRow) -> int | None:
        """The customer in the book the row's keys name, as `_customer_of` finds them, but
        none made and nothing said (None: nobody; SEVERAL: keys naming several, or
        different ones, said when the row is matched). Kept by key set (a file's rows
        skipped as known name their customers again and again) until a customer is made
        or given a key (`_forget`)."""
        found_of = self.found_of
        keys = row.keys
        masked = _masked_by_name(row)  # (never kept: _masked_apart)
        customer_id = _NOT_ASKED if masked else found_of.get(keys, _NOT_ASKED)
        if customer_id is not _NOT_ASKED:  # (dropped by _forget when it may change)
            return customer_id  # an int or None, asked before
        customer_id = None if masked else self.resolved.get(keys)
        if customer_id is not None:
            return customer_id
        try:
            named = self._named(row)
            self._drop_shadows(row, named)
            self._narrow_masked(row, named)
            customer_id = _resolve(self.index, row, named)
            if customer_id is None:
                customer_id = self._keyless_namesake(row, named)
            elif masked and self._masked_apart(row, customer_id) is not None:
                customer_id = None
        except BookError:
            customer_id = SEVERAL
        if masked:
            return customer_id
        if len(found_of) >= RESOLVED_MAX:
            found_of.clear()
        found_of[keys] = customer_id
        return customer_id

    def say_shared(
        self, first_line: int | None, row: PurchaseRow, first: int, customer: int | None
    ) -> None:
        """List a row whose order number is another customer's (`first`'s: of the row at
        `first_line` of this file, or None: the book's): the row's `customer`, or the row
        as written when nobody in the book has its keys. Once an order and customer."""
        self._shared(first_line, row.line, row.order, first, _row_as_written(row, customer))

    def _shared(
        self, first_line: int | None, line: int, order: str, first: int, second: int | str
    ) -> None:
        said = self.shared_said
        if (order, second) in said:
            return
        if len(said) < SHARED_SEEN_MAX:
            said.add((order, second))
            self.shared_orders.add(order)
        self.report.shared_lines += 1
        if len(self.shared) < SHARED_KEPT:
            self.shared.append((first_line, line, order, first, second))

    def _check_buyers(
        self,
        orders: Sequence[str],
        days: Iterable[int],
        ids: Sequence[int],
        lines: Sequence[int],
    ) -> None:
        """List the rows to insert (their orders, days, customers and lines) that give an
        order number this import brought in for one customer to another (_Buyers); a
        seller's own short number only on its day (another day's is another order)."""
        numbers = map(_buyer_order, orders, days)
        for first_line, first, line, order, customer in self.buyers.check(numbers, ids, lines):
            self._shared(first_line, line, order.split(_DAY_MARK, 1)[0], first, customer)

    def _unknown(self, row: PurchaseRow) -> Words:
        """Why a row names nobody: no customer has its keys, or (a name alone never matches
        a row bringing a phone or WeChat ID of its own) the customers of its name have
        other ones."""
        foreign = [key.value for key in row.keys if self.index.foreign_ref(key.value)]
        if foreign:  # #12@3fa9c1 of a book whose customers this one has not imported
            return Words(f"{self.unknown_words}.foreign_book_id", key=foreign[0])
        named = _namesakes(self.index, row)
        own = [_said_key(row, key) for key in row.keys if key.kind in ("phone", "wechat")]
        codes = [  # a code, or a 客户 cell naming nobody: the row's own key
            key.value
            for key in row.keys
            if key.kind in ("code", "any") and not _is_name(self.index, key)
        ]
        accounts = [value for kind, value in row.keys if kind == "account"]
        if named and accounts and not (own or codes):  # 买家会员名 lisi1985 beside 李四 (0002)
            return Words(
                f"{self.unknown_words}.unknown_namesake_account",
                key=accounts[0],
                other=_labels(self.index, named),
            )
        if named and codes and not own:
            return Words(
                f"{self.unknown_words}.unknown_namesake_code",
                key=codes[0],
                other=_labels(self.index, named),
            )
        if not named or not own:
            first = row.keys[0]
            shown = _said_key(row, first)
            if row.name and first.kind != "name" and row.name != shown:
                shown = f"{row.name} {shown}"  # 李四 13800138002: the row as the seller knows it
            return Words(f"{self.unknown_words}.unknown_customer", key=shown)
        return Words(
            f"{self.unknown_words}.unknown_namesake",
            key=", ".join(own),
            other=_labels(self.index, named),
        )

    def _claim_accounts(self, key_sets: Iterable[Keys]) -> None:
        """Give a customer of the book the shop accounts nobody has that a row of the batch
        brings beside her name and keys naming her alone (her phone, WeChat ID or code), as
        her row would (_keep_accounts), before any row is matched: a row of another name and
        phone under the account (her receiver: 王芳妈妈) is then hers whichever comes first
        in the file, as when the book had the account. Before, a receiver's row first made a
        new customer of the account, and the buyer's own row was refused as naming two."""
        if not self.accounts_given:
            return
        index = self.index
        for keys in key_sets:
            if not any(kind == "account" for kind, _ in keys):
                continue
            accounts = [
                value
                for kind, value in keys
                if kind == "account" and not index.stored("account", value, merged=False)
            ]
            name = next((value for kind, value in keys if kind == "name"), None)
            if not accounts or name is None:
                continue
            found: set[int] = set()
            for kind, value in keys:
                if kind in ("phone", "wechat", "code"):
                    found |= index.stored(kind, value, merged=False)
            if len(found) != 1 or not found <= index.candidates("name", name):
                continue
            [buyer] = found
            for account in accounts:
                index.add_account(buyer, account)
                self.new_accounts.setdefault(buyer, []).append(account)
                self._forget(account)

    def _keep_accounts(self, row: PurchaseRow, customer_id: int) -> None:
        """Give the customer a row found by its phone (or code, WeChat ID) the shop accounts
        it brings that they lack, beside any they have (an account on a second platform):
        the next export of that shop finds them with the phone masked."""
        for kind, account in row.keys:
            if kind == "account" and customer_id not in self.index.account_holders(account):
                self.index.add_account(customer_id, account)
                self.new_accounts.setdefault(customer_id, []).append(account)
                self._forget(account)

    def _write_accounts(self) -> None:
        """The accounts _keep_accounts gave customers, into their notes, with the keys the
        lines make (rows.customer_keys, search.search_keys: one of each an account), in
        three executemany (a file's every buyer may bring one); each customer who was in the
        book before counted as updated. After the indexes a bulk import dropped are built."""
        if self.report.errors and not self.keep_good:
            return  # refused whole: nothing is written
        self._flush_customers()  # one made by this import may be given one too
        given = self.new_accounts
        lines = [
            ("\n".join(map(shop_account_line, accounts)), self.stamp, customer_id)
            for customer_id, accounts in given.items()
        ]
        self.conn.executemany(
            "UPDATE customers SET notes = CASE notes WHEN '' THEN ?1 ELSE notes || char(10) || ?1"
            " END, updated_at = ?2, version = version + 1 WHERE id = ?3",
            lines,
        )
        keys = [(each, account) for each, accounts in given.items() for account in accounts]
        self.conn.executemany(
            "INSERT OR IGNORE INTO customer_keys VALUES (?, 'account', ?)",
            [(each, account_key(account)) for each, account in keys],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO search_keys (key, customer_id) VALUES (?, ?)",
            [(normalise_query(account), each) for each, account in keys],
        )
        self.report.updated_customers += sum(
            each < self.first_new_id and each not in self.filled for each in given
        )
        self.new_accounts = {}

    def _say_unkept(self, row: PurchaseRow, customer_id: int, named: Named) -> None:
        """List the row's phones and WeChat IDs the customer it went to does not have (it
        was found by another key): a purchases import adds no key to a customer, and says
        so rather than drop them unsaid. `named`: each key's customers."""
        unkept = [
            key.value
            for key in row.keys
            if key.kind in ("phone", "wechat") and customer_id not in named[key]
        ]
        if unkept:
            self.near.append(
                (row.line, "import.keys_not_kept", {"keys": ", ".join(unkept)}, (customer_id,))
            )

    def _say_other_name(self, row: PurchaseRow, customer_id: int, named: Named) -> None:
        """List a row whose name cell names nobody in the book and which went to a customer
        of another name by its code, phone or WeChat ID (王芳 with 王小二's phone): a
        customers import refuses such a row as a near match; a purchase is kept, and said
        (once a key set: the rows after it are its customer's), and never takes its place
        for hers. `named`: each key's customers."""
        name = next((key for key in row.keys if key.kind == "name"), None)
        if name is None or customer_id in named[name] or self._merge_named(customer_id, name):
            return
        by = next(
            (key.value for key in row.keys if key.kind != "name" and customer_id in named[key]),
            "",
        )
        said = {"name": name.value, "key": by}
        shadows = self.shadows.get(row.keys)
        if shadows:  # 王女士 (#8), made of a masked row, has her name alone: may be her
            said["shadow"] = " / ".join(map(self.index.label, shadows[:2]))
            self.near.append((row.line, "import.name_shadow", said, (customer_id,)))
        else:
            self.near.append((row.line, "import.name_differs", said, (customer_id,)))
        self.other_named.add(row.keys)

    def _merge_named(self, customer_id: int, name: CustomerKey) -> bool:
        """Whether the customer's notes keep the row's name as a merge kept it (另一个姓名：
        芳芳: models.values.merged_names): the row is of the record merged into her, hers."""
        if customer_id >= self.first_new_id:
            return False  # made by this import: merged by nobody yet
        found = self.conn.execute("SELECT notes FROM customers WHERE id = ?", (customer_id,))
        notes = str((found.fetchone() or ("",))[0] or "")
        return name_key(name.value) in map(name_key, merged_names(notes))

    def _place_later(self, customer_id: int, place: PlaceCells) -> None:
        """Keep the first place a row gives for a customer in the book before, or for one this
        import made without a place (a new customer with one has it already)."""
        if customer_id < self.first_new_id or customer_id in self.unplaced:
            self.places[customer_id] = place
            self.unplaced.discard(customer_id)

    def _error(
        self, row: PurchaseRow, message: Said, one_key: bool = False, kind: str | None = None
    ) -> None:
        """The row refused for its customer, with its first key as written; `one_key` (no
        customer has it): under the words of that key's field (电话 for a phone: the file
        may have no 客户 column), else under 客户; `kind`: the kind of the key several
        customers share, under its field with its value as written."""
        first = row.keys[0]
        shared = next((key for key in row.keys if key.kind == kind), None) if kind else None
        if shared is not None and shared.kind in KEY_FIELDS:
            field, first = KEY_FIELDS[shared.kind], shared
        else:
            field = KEY_FIELDS.get(first.kind, "field.customer") if one_key else "field.customer"
        value = _said_key(row, first)
        column = self.key_columns.get(first.kind)
        if column is None:  # (rows given whole, not read from a file: the field's words)
            self.report.errors.append(RowError(row.line, Words(field), value, message))
            return
        # under the column as the file names it, the field it was read as before the rule,
        # as a bad cell is said (交易对方：客户：有 2 位客户叫“王姐”…)
        said = Words("rule.field_rule", field=Words(field), rule=message)
        self.report.errors.append(RowError(row.line, column, value, said))

    def _remember(self, keys: Keys, customer_id: int) -> None:
        if len(self.resolved) >= RESOLVED_MAX:  # bounded: start afresh (the index still knows)
            self.resolved.clear()  # in place: the loops hold them as locals
            self.cached_by_value.clear()
            self.by_number.clear()
        self.resolved[keys] = customer_id
        if not self.create_missing:
            return  # no customer will be made: no entry will be dropped by its values
        cached = self.cached_by_value
        for key in keys:
            held = cached.get(key.value)
            if held is None:
                cached[key.value] = keys
            elif isinstance(held, list):
                held.append(keys)
            else:
                cached[key.value] = [held, keys]

    def _forget(self, *values: str | None) -> None:
        """Drop the cached matches a new customer with these keys might change."""
        if self.found_of:
            self.found_of.clear()  # (few: those of rows found_customer was asked of)
        for value in values:
            if not value:
                continue
            lower = value.lower()
            for each in (value, lower) if lower != value else (value,):
                held = self.cached_by_value.pop(each, None)
                for keys in held if isinstance(held, list) else (held,) if held else ():
                    self.resolved.pop(keys, None)
                    number = self.key_sets.numbers.get(keys)
                    if number is not None:
                        self.by_number.pop(number, None)

    # --- creating customers ------------------------------------------------------------

    def _create_for(self, row: PurchaseRow) -> int:
        """A customer named by the row and given every key it carries: its code, each of its
        phones, its WeChat ID (none of which matched anyone, or the row would not be here)."""
        prepared = self.prepared.get(row.keys)  # worked out by a reading child, for this name
        if prepared and prepared[0] == row.name and prepared[1].notes == new_notes(row):
            made = prepared[1]
        else:
            made = new_customer(row)
        customer_id = self.next_id
        self.next_id += 1
        if self.made_at is not None:
            self.made_at[customer_id] = row.line
        if row.hidden_phones:  # kept in its notes: said as a customers import says it
            self.report.hidden_phones += 1
            if self.report.first_hidden is None:
                self.report.first_hidden = (row.line, row.hidden_phones[0])
        if row.none_phones:  # its words kept in its notes: said as a customers import says it
            self.report.none_phones += 1
            if self.report.first_none_phone is None:
                self.report.first_none_phone = (row.line, row.none_phones[0])
        split = name_split(row) if made.name != row.name else None
        if split:  # said as a customers import says it
            self.report.name_phones += 1
            if self.report.first_name_phone is None:
                self.report.first_name_phone = (row.line, (row.name or "").strip())
            words = name_mobile_words(row.name or "") if split[2] else None
            if words is not None:  # the words kept in the notes (new_notes)
                self.report.name_words += 1
                if self.report.first_name_words is None:
                    self.report.first_name_words = (row.line, words[2])
        place = _place(row.place)
        if row.place is not None:
            self.report.derived_regions += place.derived
        else:
            self.unplaced.add(customer_id)
        name, code, phones, wechat = made.name, made.code, made.phones, made.wechat
        self.new_customers.append(
            (
                customer_id,
                code or "",  # none: '' bound, NULL stored (as _INSERT's cost and channel)
                name,
                made.full,
                made.initials,
                made.phones_json,
                wechat or "",
                made.email or "",
                *place[:3],
                made.notes,
                self.stamp,
                self.stamp,
            )
        )
        self.new_keys += [(customer_id, "phone", phone) for phone in phones]
        if any(kind == "extension" for kind, _ in row.keys):  # her notes keep them
            self.extensions[customer_id] = phone_extensions(made.notes)
        if wechat:
            self.new_keys.append((customer_id, "wechat", wechat.lower()))
        accounts = made.accounts
        self.new_keys += [(customer_id, "account", account_key(each)) for each in accounts]
        self.new_search.append((customer_id, made.search))
        for _, value in row.keys:  # another book's #id: found by the next import of it
            ref = self.index.foreign_ref(value) if value.startswith("#") else None
            if ref is not None and ref.book is not None:
                self.index.foreign[ref.book, ref.number] = customer_id
                self.foreign[ref.book, ref.number] = customer_id
        named = self.index.candidates("name", name)
        masked = _masked_by_name(row)  # made beside her: its masked number is not hers
        if named and (phones or wechat or code or accounts or masked):  # told apart by them
            phoned = ", ".join(key_as_written("phone", phone) for phone in phones)
            own = code or phoned or wechat or ", ".join(accounts or row.hidden_phones)
            found = tuple(sorted(named)[:2])
            self.near.append((row.line, "import.near_name", {"name": name, "key": own}, found))
        self._forget(code, name, wechat, *phones, *accounts)
        self.index.add(
            customer_id,
            code=code,
            name=name,
            phones=phones,
            wechat=wechat,
            accounts=list(accounts),
            labelled=False,
        )
        if not masked:
            self._remember(row.keys, customer_id)
        return customer_id

    def _flush_customers(self) -> None:
        if not self.new_customers:
            return
        conn = self.conn
        conn.executemany(
            "INSERT INTO customers (id, code, name, name_pinyin, name_initials, phones, wechat,"
            " email, address, province, city, notes, created_at, updated_at)"
            " VALUES (?, nullif(?, ''), ?, ?, ?, ?, nullif(?, ''), nullif(?, ''),"
            " ?, ?, ?, ?, ?, ?)",
            self.new_customers,
        )
        # No stats rows here: every customer made is one `finish` hands the book as touched,
        # and the book's follow-up writes their rows (INSERT OR REPLACE) in this transaction.
        conn.executemany("INSERT OR IGNORE INTO customer_keys VALUES (?, ?, ?)", self.new_keys)
        # A customer's ~15 keys a statement, unpacked by SQLite (1.3M keys: 4.2 -> 3.0 s)
        conn.executemany(
            "INSERT OR IGNORE INTO search_keys (key, customer_id)"
            " SELECT value, ? FROM json_each(?)",
            self.new_search,
        )
        self.new_customers, self.new_keys, self.new_search = [], [], []

    def _describe(self, customer_id: int) -> str | Words:
        """The label of a customer this import created, for a message: from the book (the
        ones not written yet are, first), not held for each of them."""
        self._flush_customers()
        found = self.conn.execute(
            "SELECT code, name FROM customers WHERE id = ?", (customer_id,)
        ).fetchone()
        return self._label(customer_id, *found) if found else f"#{customer_id}"

    def _label(self, customer_id: int, code: str | None, name: str) -> str | Words:
        """王芳 (C001), 王芳 (#12); a customer a dry run would make as the file gives her:
        新客户“王芳”（第 3 行）, never by the id no customer will have once it is rolled back
        (the seller would look #50001 up and find nobody)."""
        line = None if self.made_at is None else self.made_at.get(customer_id)
        if line is None:
            return customer_label(customer_id, code, name)
        return Words("import.new_customer_label", name=name, line=line)

    # --- a large import: indexes built once ----------------------------------------------

    def _maybe_bulk(self, expected_rows: int, apart: bool) -> None:
        """Drop the indexes a large import builds once at its end; `apart`: its rows are
        read by a child on another core (reader_child)."""
        if expected_rows < BULK_ROWS or self.repeats.on:  # repeats are found by the index
            return
        held = self.conn.execute("SELECT count(*) FROM purchases").fetchone()[0]
        if held > expected_rows:
            return
        tables = ["purchases"]
        customers = self.conn.execute("SELECT count(*) FROM customers").fetchone()[0]
        if customers * NEW_BOOK_RATIO < expected_rows:
            # A near-empty book: the customers it will make outnumber those it has, and their
            # own indexes are built once too (a million rows, 88,167 customers: 1.6 -> 1.0 s;
            # the search keys' gained nothing, their by-customer index being appended to).
            tables += ["customers", "customer_keys"]
        found = drop_indexes(self.conn, tables)
        self.dropped_indexes = [sql for _, sql in found]
        if apart and two_cores():  # the writer may wait for the reading child: see index_upkeep
            self.upkeep = IdleUpkeep(self.conn, self.dropped_indexes, dict(found))

    def _totals_once(self, expected_rows: int) -> bool:
        """Is working the overview's day totals out once at the end (a pass over every
        purchase, sorted) cheaper than keeping them row by row (a few index lookups each)?
        Yes for a large import, unless the book already holds ten times as many."""
        if expected_rows < TOTALS_ONCE_ROWS:
            return False
        held = self.conn.execute("SELECT coalesce(max(id), 0) FROM purchases").fetchone()[0]
        return expected_rows * 10 >= held

    def _stop_triggers(self) -> None:
        """Drop, for the import's length, the triggers every row written would fire (a
        probe of meta each, at least): the day totals' (rebuilt once at the end) and the kept
        overview's (dropped once, here). DDL is part of the transaction: a rollback or a
        crash brings them back with everything else, and `finish` creates them again (those
        of the follow-up's tables: the book, after its follow-up)."""
        tables = BULK_TABLES + FOLLOW_UP_TABLES
        marks = ", ".join("?" for _ in tables)
        found = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            f" AND tbl_name IN ({marks}) ORDER BY name",
            tables,
        ).fetchall()
        stopped = [(name, sql) for name, sql in found if name in STOPPED_TRIGGERS]
        overview_kept.drop_kept(self.conn)
        for name, _ in stopped:
            self.conn.execute(f'DROP TRIGGER "{name}"')
        # Those on the follow-up's tables come back after it; the others in `finish`, so a
        # write after the import in an enclosing batch fires them.
        follow_up = set(overview_kept.trigger_names(FOLLOW_UP_TABLES))
        self.stopped_triggers = [sql for name, sql in stopped if name not in follow_up]
        self.follow_up_triggers = [sql for name, sql in stopped if name in follow_up]

    def finish(self, touched: Touched) -> None:
        """Match the rows left waiting, build the indexes a bulk import dropped, and tell
        the book whom it touched."""
        if self.waiting:
            waiting, self.waiting = self.waiting, []
            self.orders.final = True
            self._write(waiting, self.report.rows, None)
        self.orders.settle(self.report)
        self._say_near()
        self._say_shared()
        self.report.shared_orders = len(self.shared_orders)
        self.buyers, self.shared_said, self.shared_orders = _Buyers(), set(), set()
        # What matching held is not needed any more: its memory goes to the steps after.
        self.index, self.resolved, self.cached_by_value = KeyIndex(), {}, {}
        self.key_sets, self.by_number, self.prepared = KeySets(), {}, {}
        self._fill_regions()
        region_of.cache_clear()  # the addresses it kept (16,384: ~6 MB) are this file's
        bulk = self.report.rows >= BULK_ROWS  # a small import frees too little to ask
        if bulk:  # before the indexes' sorts (held in memory: TEMP_STORE=3) take their share
            give_back_freed_memory()
        for sql in self.dropped_indexes or ():
            self.conn.execute(sql)
        self.dropped_indexes = None
        self._write_accounts()
        if self.totals_paused:
            rebuild_day_totals(self.conn)
            self.totals_paused = False
        for sql in self.stopped_triggers:
            self.conn.execute(sql)
        self.stopped_triggers = []
        # Created again once the book's follow-up has written its rows, in this transaction.
        touched.after_follow_up += self.follow_up_triggers
        self.follow_up_triggers = []
        if bulk:  # and what the sorts held (SQLite's, no Python object), before the follow-up
            give_back_freed_memory(collect=False)
        remember_foreign(self.conn, self.foreign)
        customers = self.customers | self.orders.touched
        if not self.conn.execute("PRAGMA foreign_keys").fetchone()[0]:
            _check_customers(self.conn, self.customers)
        total = self.conn.execute("SELECT count(*) FROM customers").fetchone()[0]
        if len(customers) > max(5000, total // 5):
            touched.all = True
        else:
            touched.add(*customers)

    def _say_near(self) -> None:
        """The near matches into the report, in file order, naming the customers by label."""
        if not self.near:
            return
        label = self._labels({each for *_, ids in self.near for each in ids})
        for line, key, values, ids in self.near:
            other = either(*map(label, ids))
            self.report.near_said.append(NearLine(line, key, values, other))
        self.near = []

    def _say_shared(self) -> None:
        """The rows giving an order number to another customer into the report, in file
        order, naming both customers by label."""
        if not self.shared:
            return
        wanted = {each for *_, first, second in self.shared for each in (first, second)}
        label = self._labels({each for each in wanted if isinstance(each, int)})
        said = self.report.shared_orders_said
        for first_line, line, order, first, second in sorted(self.shared, key=itemgetter(1)):
            values = {
                "order": order,
                "first": label(first),
                "second": second if isinstance(second, str) else label(second),
            }
            if first_line is None:
                said.append(Words("import.shared_order_held", line=line, **values))
            else:
                said.append(
                    Words("import.shared_order", first_line=first_line, line=line, **values)
                )
        self.shared = []

    def _labels(self, ids: set[int]) -> Callable[[int], str | Words]:
        """The label of each customer of `ids` (王芳 (C001)), read at once: those the index
        does not hold (a customer this import made) from the book."""
        self._flush_customers()
        labels = self.index.labels
        wanted = sorted(each for each in ids if each not in labels)
        found: dict[int, str | Words] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.conn.execute(
                f"SELECT id, code, name FROM customers WHERE id IN ({marks})", chunk
            )
            found.update((each, self._label(each, code, name)) for each, code, name in rows)
        return lambda each: labels.get(each) or found.get(each, f"#{each}")

    def _fill_regions(self) -> None:
        """The province and city of customers already in the book, where still empty, from
        the first place the file gives for them (never instead of one they have): read a
        chunk of customers at a time, written in one executemany."""
        ids = list(self.places)
        changed: list[tuple[str, str, str, int]] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found = self.conn.execute(
                f"SELECT id, province, city FROM customers WHERE id IN ({marks})"
                " AND (province = '' OR city = '')",
                chunk,
            ).fetchall()
            for customer_id, province, city in found:
                place = _place(self.places[customer_id])
                if province or city:  # theirs: only the other one is filled, from the address
                    region, derived = fill_region(province, city, place.address), True
                else:
                    region, derived = Region(place.province, place.city), place.derived
                if region == (province, city):
                    continue
                changed.append((*region, self.stamp, customer_id))
                self.report.derived_regions += derived
                self.customers.add(customer_id)
        self.conn.executemany(
            "UPDATE customers SET province = ?, city = ?, updated_at = ?,"
            " version = version + 1 WHERE id = ?",
            changed,
        )
        self.places = {}


_NO_PLACE = Place("", "", "", derived=False)


class NearLine:
    """A near match in the report, said when shown (import.near_line over its own words,
    as Words over Words would say it): its values in slots, the names of its key's values
    held once a key. A million rows said 32,000 of them, held through the index builds
    (the import's peak): ~780 bytes each as two Words and their dicts, ~250 here."""

    __slots__ = ("key", "line", "names", "other", "values")
    _names: dict[tuple[str, ...], tuple[str, ...]] = {}

    def __init__(self, line: int, key: str, values: Mapping[str, str], other: str | Words) -> None:
        names = tuple(values)
        self.line, self.key, self.other = line, key, other
        self.names = self._names.setdefault(names, names)
        self.values = tuple(values.values())

    def __call__(self, lang: Lang | None = None) -> str:
        said = dict(zip(self.names, self.values, strict=True))
        other = self.other if isinstance(self.other, str) else self.other(lang)
        near = t(self.key, lang, **said, other=other)
        return t("import.near_line", lang, line=self.line, near=near)

    def _parts(self) -> tuple[object, ...]:
        return self.line, self.key, self.names, self.values, self.other

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NearLine):
            return NotImplemented
        return self._parts() == other._parts()

    def __hash__(self) -> int:
        return hash(self._parts())

    def __repr__(self) -> str:
        return f"NearLine{self._parts()!r}"


def _check_customers(conn: sqlite3.Connection, ids: set[int]) -> None:
    """Every customer the import's purchases name is in the book: what SQLite's foreign key
    checks, off for the import (Book.references_unchecked), would have said row by row.
    Every purchase written or updated took its customer id through `write`'s loop or
    `_customer_of`, both of which hold it in `ids` (~20 ms for 88,000 customers)."""
    found = conn.execute(
        "SELECT count(*) FROM customers WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(ids)),),
    ).fetchone()[0]
    if found != len(ids):
        raise BookError("store.purchase_without_customer", missing=len(ids) - found)


def give_back_freed_memory(collect: bool = True) -> None:
    """Matching's keys and the indexes' sorts are let go by now: give the pages they held
    back (store/memory.py), so the stats, tiers and model that follow start from what the
    import still holds. At 1M rows: 224 -> 182 MB before them. `collect`: look for cycles
    first (a full pass over every object: ~0.1 s at 100,000 rows)."""
    if collect:
        gc.collect()  # what matching left in cycles (its generations ran with the collector off)
    trim = heap_trimmer()
    if trim is not None:
        trim()


_REFUNDED_OF = itemgetter(6)  # _INSERT's refunded_cents


def _in_full(values: Row) -> int:
    """1 for a purchase (_INSERT's values) refunded in full, else 0."""
    refunded, amount = cast(int, values[6]), cast(int, values[2])
    return int(0 < amount <= refunded)


def _in_part(values: Row) -> int:
    """1 for a purchase (_INSERT's values) paid and refunded in part, else 0."""
    refunded, amount = cast(int, values[6]), cast(int, values[2])
    return int(0 < refunded < amount)


def _place(cells: PlaceCells | None) -> Place:
    """A new customer's address, province and city from a row's place cells; an address no
    customer record could hold (a control character, too long) is left out."""
    if cells is None:
        return _NO_PLACE
    place = place_of(*cells)
    if len(place.address) > LONG_MAX or CONTROL.search(place.address):
        return place._replace(address="")
    return place


def purchase_values(row: PurchaseRow, customer_id: int) -> Values:
    """The row's purchase columns as stored (created_at and version aside)."""
    return (
        customer_id,
        row.date.isoformat(),
        row.amount_cents,
        row.items,
        row.quantity,
        row.cost_cents,
        row.refunded_cents,
        _CHANNEL_VALUES[row.channel],
        order_note(row) if row.order else row.note,
    )


_CHANNEL_VALUES: dict[Channel | None, str | None] = {None: None} | {
    channel: channel.value for channel in Channel
}
_CHANNEL_BOUND: dict[Channel | None, str] = {None: _NO_CHANNEL} | {
    channel: channel.value for channel in Channel
}
# What a cost column's or a channel value column's None is bound as: map(bound.get, col, col)
_NO_COST_BOUND: dict[int | None, int] = {None: _NO_COST}
_NO_CHANNEL_BOUND: dict[str | None, str] = {None: _NO_CHANNEL}


def purchase_columns(rows: list[PurchaseRow], ids: list[int], stamp: str) -> list[Row]:
    """purchase_values of each row (its customer in `ids`) and `stamp`, made a column at a
    time: the rows turned into columns once, each day's text worked out once."""
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    dates = columns[_DATE]
    days = {day: day.isoformat() for day in set(dates)}
    notes = columns[_NOTE]
    if any(columns[_ORDER]):
        notes = tuple(map(order_note, rows))
    channels = map(_CHANNEL_BOUND.__getitem__, columns[_CHANNEL])
    return _zipped(ids, map(days.__getitem__, dates), columns, channels, notes, stamp)


def _zipped(
    ids: Sequence[int],
    days: Iterable[str],
    columns: Sequence[Sequence[Any]],
    channels: Iterable[str | None],
    notes: Sequence[str],
    stamp: str,
) -> list[Row]:
    """The values _INSERT takes, a row each, from columns (the day's text, the channel's
    value as bound and the note worked out by the caller): in one C loop."""
    costs = columns[_COST]
    return list(
        zip(
            ids,
            days,
            columns[_AMOUNT],
            columns[_ITEMS],
            columns[_QUANTITY],
            map(_NO_COST_BOUND.get, costs, costs),
            columns[_REFUNDED],
            channels,
            notes,
            repeat(stamp),
            strict=False,  # the maps and repeat end with the rows
        )
    )


_STORED_FIELDS = "date amount_cents quantity cost_cents refunded_cents items channel note order"
_DATE, _AMOUNT, _QUANTITY, _COST, _REFUNDED, _ITEMS, _CHANNEL, _NOTE, _ORDER = map(
    PurchaseRow._fields.index, _STORED_FIELDS.split()
)
_KEYS, _STATUS, _PLACE, _LINE, _HIDDEN = map(
    PurchaseRow._fields.index, ("keys", "status", "place", "line", "hidden_phones")
)


def _picked(columns: Sequence[Sequence[Any]], kept: list[int]) -> list[tuple[Any, ...]]:
    """The columns of the rows at `kept` alone."""
    if not kept:
        return [() for _ in columns]
    if len(kept) == 1:
        return [(column[kept[0]],) for column in columns]
    pick = itemgetter(*kept)
    return [pick(column) for column in columns]


def order_note(row: PurchaseRow) -> str:
    """The row's note with its order number first (in one form, for the next import to find)."""
    return order_note_text(row.order, row.note)


def order_note_text(order: str, note: str) -> str:
    """`note` with the order number `order` first (order_note)."""
    if not order:
        return note
    said = t("import.order_note", "zh", order=order)
    return f"{said}；{note}" if note else said


class _Orders:
    """The order numbers earlier imports brought in, and what a row repeating one does:
    `skip` it (counted), import it as a `new` purchase, or `update` the stored purchase of
    that order and item (a refund since, a corrected amount; a closed order is removed, and
    remembered closed).

    An order only moves forward (unpaid, paid, refunded in part, in full, closed): a row
    behind what the book holds (not paid yet, a smaller refund, an order the book has
    closed) is left as the book has it, counted, whatever the mode but `new`.

    Held as each stored order's hash beside its purchase's id, sorted (16 bytes a purchase:
    a million orders' numbers as text, and their purchases' values, held 0.9 GB); a batch's
    orders are looked up at once (`look`): the purchases their hashes find are read by id
    and kept only where the number they store is the row's."""

    def __init__(
        self, conn: sqlite3.Connection, on_duplicate: OnDuplicate, quantity_given: bool = True
    ) -> None:
        self.conn = conn
        self.on_duplicate = on_duplicate
        self.quantity_given = quantity_given  # does the file give quantities (_blanks_kept)?
        self.hashes: Any = None  # numpy int64, sorted: the stored orders' hashes
        self.ids: Any = None  # the purchase of each hash
        self.looked: set[str] = set()  # this batch's orders looked up
        self.found: set[str] = set()  # those in the book
        # update: this batch's orders' stored purchases not matched yet, in id order
        self.stored: dict[str, list[tuple[int, Values]]] = {}
        # skip: the same, as (purchase, Values up to quantity): a row skipped as known takes one
        self.held: dict[str, list[tuple[int, tuple[Any, ...]]]] = {}
        # this batch's orders' stored purchases' days and items (those rows took too)
        self.dates: dict[str, set[str]] = {}
        self.names: dict[str, Counter[str]] = {}  # (as many as the book holds now)
        self.owners: dict[str, set[int]] = {}  # and their customers
        # the items this import added to orders the book held (new_item): a row of one again
        # (the same page pasted twice) is known
        self.added: dict[str, set[str]] = {}
        self.used: set[int] = set()  # update: stored purchases a row matched (updated, removed)
        # those removed: SQLite may give a purchase this import writes the id of one
        # (the largest), which the hashes read before it still name
        self.removed: set[int] = set()
        self.touched: set[int] = set()
        # skip: (order, items, status, refund) of each row closed, unpaid or refunded whose
        # order is in the book, told apart from those the book already has so in `settle`
        self.restated: list[tuple[str, str, OrderStatus, int]] = []
        # skip: the orders in the book whose rows say more was paid since (an order paid in
        # part whose balance was paid): left as they are, said (--on-duplicate update applies it)
        self.paid_more: set[str] = set()
        # skip: this batch's orders' stored purchases' amounts, the largest by (order, item)
        self.paid: dict[tuple[str, str], int] = {}
        # the orders earlier imports removed as closed (read before this one removes any: a
        # later row of this file is read as an earlier one of it was, whatever the batches)
        self.closed: set[str] = set()
        # those of digits by their digits without leading zeros (125 for 000125), with their
        # customers: a file that lost the zeros names the closed order too (`respelled`)
        self.closed_bare: dict[str, dict[str, set[int]]] = {}
        if on_duplicate != "new":
            found = conn.execute("SELECT order_number, customer_id FROM closed_orders")
            for order, customer_id in found:
                spelled = order_spelling(order)
                self.closed.add(spelled)
                if _digits(spelled) and spelled.lstrip("0"):
                    bare = self.closed_bare.setdefault(spelled.lstrip("0"), {})
                    bare.setdefault(spelled, set()).add(customer_id)
        self.behind: set[str] = set()  # orders of rows behind the book: left as they are
        # the stored orders of digits with leading zeros (000123), by the hash of their
        # digits without them (123), sorted, beside their purchases (_load)
        self.bare_hashes: Any = None
        self.bare_ids: Any = None
        # this batch's orders the book does not hold as written that differ from some it
        # holds only by leading zeros: row's order -> the book's spelling -> its customers
        self.zeros: dict[str, dict[str, set[int]]] = {}
        # the file's orders taken as such a stored one: its spelling (`respelled`)
        self.taken_for: dict[str, str] = {}
        # the file's last rows are being matched (PurchaseWriter.finish): no row waits more
        self.final = False

    def look(self, orders: Iterable[str], *, fresh: bool = False) -> None:
        """Find which of `orders` (a batch's) the book held before this import, and their
        purchases not matched yet (to update: `stored`; to skip: `held`), days and items;
        `fresh`: a new batch (the last one's are let go)."""
        if self.on_duplicate == "new":
            return
        if fresh:
            self.looked, self.found, self.stored, self.held = set(), set(), {}, {}
            self.paid = {}
            self.dates, self.names, self.zeros, self.owners = {}, {}, {}, {}
        wanted = {order for order in orders if order and order not in self.looked}
        if not wanted:
            return
        self.looked |= wanted
        self._read(wanted)
        missing = [order for order in wanted if order not in self.found and _digits(order)]
        if missing:
            self._look_zeros(missing)

    def _read(self, wanted: set[str]) -> None:
        """The stored purchases of the orders `wanted` into found, dates, names and stored
        or held (see `look`)."""
        skip = self.on_duplicate == "skip"
        # skip reads the columns up to the item's quantity, so that what it holds has the
        # shape of update's Values (the day at 1, the item at 3: _taken reads both alike)
        columns = "id, customer_id, date, amount_cents, items, quantity, note"
        columns = columns if skip else "id, " + _COLUMNS
        for order, stored in self._purchases_of(wanted, columns):
            self.found.add(order)
            # its day and item, in both (Values' order): whether a row is of this order
            self.dates.setdefault(order, set()).add(stored[2])
            self.names.setdefault(order, Counter())[stored[4]] += 1
            self.owners.setdefault(order, set()).add(stored[1])
            if stored[0] in self.used:
                continue
            if skip:
                self.held.setdefault(order, []).append((stored[0], tuple(stored[1:6])))
                paid = self.paid.setdefault((order, stored[4]), stored[3])
                self.paid[order, stored[4]] = max(paid, stored[3])
            else:
                self.stored.setdefault(order, []).append((stored[0], tuple(stored[1:])))

    def _purchases_of(
        self, wanted: set[str], columns: str
    ) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """The purchases the book held before this import of the orders `wanted`, in id
        order: (order, the purchase's `columns`, which end with its note)."""
        if self.hashes is None:
            self._load()
        removed = self.removed
        found = _hits(self.hashes, self.ids, list(wanted))
        candidates = sorted(each for each in found if each not in removed)
        for start in range(0, len(candidates), 500):
            chunk = candidates[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found = self.conn.execute(
                f"SELECT {columns} FROM purchases WHERE id IN ({marks}) ORDER BY id", chunk
            )
            for stored in found:
                order = _order_of(stored[-1])
                if order in wanted:  # (not another number of the same hash)
                    yield order, stored

    def _look_zeros(self, missing: list[str]) -> None:
        """Of the orders `missing` (digits the book does not hold as written), those that
        differ from one it holds only by leading zeros (123 and 000123, either way round),
        into `zeros` with the customers of that order; its purchases read as `look` reads
        them. Two look-ups by hash an order (O(1), as `look`'s): the stored orders with
        leading zeros by their bare digits, all of them by the row's own bare digits."""
        if not len(self.hashes) and not len(self.bare_hashes):
            return
        by_bare: dict[str, list[str]] = {}
        for order in missing:
            bare = order.lstrip("0")
            if bare:
                by_bare.setdefault(bare, []).append(order)
        asked = list(by_bare)
        candidates = set(_hits(self.bare_hashes, self.bare_ids, asked))
        padded = [bare for bare, orders in by_bare.items() if any(o != bare for o in orders)]
        candidates.update(_hits(self.hashes, self.ids, padded))
        candidates -= self.removed
        alike: set[str] = set()
        chosen = sorted(candidates)
        for start in range(0, len(chosen), 500):
            chunk = chosen[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found = self.conn.execute(
                f"SELECT customer_id, note FROM purchases WHERE id IN ({marks})", chunk
            )
            for customer_id, note in found:
                held = _order_of(note)
                for order in by_bare.get(held.lstrip("0"), ()) if _digits(held) else ():
                    if order != held:
                        self.zeros.setdefault(order, {}).setdefault(held, set()).add(customer_id)
                        alike.add(held)
        alike -= self.looked
        if alike:
            self.looked |= alike
            self._read(alike)

    def respelled(self, writer: PurchaseWriter, row: PurchaseRow) -> str | None:
        """The order the book holds for the row's customer that the row's order number is
        but for leading zeros (the row's 123 for the book's 000123, or the other way round:
        a spreadsheet's number cell, or Excel saving a CSV, dropped them); of the row's day
        for a seller's own short number (another day's is another order: `reused`). None:
        none such (another customer's is another order), or the book holds the row's own.
        An order an import removed as closed is found so too (closed_orders: 000125 closed
        stays closed when a file names it 125), on any day, as it is under its own spelling.
        Once a row of the file's order is so taken (`taken_for`), so is every row of it,
        whoever's: one order number of a file is one order, whose other buyers are listed
        as any row giving the book's order to another is (`duplicate`) — but a closed one,
        which only its own customer's rows are (another buyer's row would be left out as
        behind the book, unsaid)."""
        held = self.zeros.get(row.order) or {}
        closed: dict[str, set[int]] = {}
        if self.closed_bare and _digits(row.order):
            closed = self.closed_bare.get(row.order.lstrip("0")) or {}
        if not (held or closed) or row.order in self.found or row.order in self.closed:
            return None
        day = row.date.isoformat() if row.date is not None else None
        taken = self.taken_for.get(row.order)
        if taken is not None and taken in held and self._of_day(taken, day):
            return taken
        customer_id = writer.found_customer(row)
        if taken is not None and taken in closed and customer_id in closed[taken]:
            return taken  # (another buyer's row of it is no closed order of hers: booked)
        if customer_id is None:
            return None
        for spelling in sorted(held):
            if customer_id in held[spelling] and self._of_day(spelling, day):
                return self._taken_as(writer, row, spelling)
        for spelling in sorted(closed):
            if customer_id in closed[spelling]:
                return self._taken_as(writer, row, spelling)
        return None

    def undecided(self, row: PurchaseRow) -> bool:
        """Whether a row `respelled` found no order for may yet be one: the book holds its
        order but for leading zeros for other customers alone (on its day, for a seller's own
        short number), and no row of the file has said whether the order is theirs; a row of
        its customer later in the file would make it the book's for every row of it, as an
        earlier one does. Never once the file's last rows are matched (`final`)."""
        if self.final or row.order in self.taken_for:
            return False
        held = self.zeros.get(row.order)
        if not held or row.order in self.found or row.order in self.closed:
            return False
        day = row.date.isoformat() if row.date is not None else None
        return any(self._of_day(spelling, day) for spelling in held)

    def _of_day(self, spelling: str, day: str | None) -> bool:
        """Is a row of `day` one of the stored order `spelling`'s? Always for a shop's long
        number; for a seller's own short one, only on a day the book holds it."""
        return not short(spelling) or day in self.dates.get(spelling, ())

    def _taken_as(self, writer: PurchaseWriter, row: PurchaseRow, spelling: str) -> str:
        """The book's `spelling` of the row's order, counted in the report once an order."""
        if row.order not in self.taken_for:
            self.taken_for[row.order] = spelling
            report = writer.report
            report.respelled_orders += 1
            if report.first_respelled is None:
                report.first_respelled = (row.line, row.order, spelling)
        return spelling

    def learn_respelled(
        self,
        writer: PurchaseWriter,
        orders: Sequence[str],
        row_at: Callable[[int], PurchaseRow],
    ) -> None:
        """Before a batch's rows are matched (their `orders`, the row at a position made by
        `row_at`): which of its orders are the book's but for leading zeros (`respelled`, by
        the rows of the order's own customer), so that a row of another buyer before hers
        in the batch is that order too. Only the rows of such orders (few) are made."""
        zeros, closed_bare = self.zeros, self.closed_bare
        if not (zeros or closed_bare):
            return
        for at, order in enumerate(orders):
            if order and (
                order in zeros
                or (closed_bare and _digits(order) and order.lstrip("0") in closed_bare)
            ):
                self.respelled(writer, row_at(at))

    def known(self, order: str) -> bool:
        if self.on_duplicate == "new":
            return False
        self.look((order,))  # (a batch's were looked up at once: nothing to do)
        return order in self.found or order in self.closed

    def _load(self) -> None:
        """The stored orders' hashes and purchases, sorted by hash: read once, before this
        import's first purchase is written."""
        hashes = array("q")
        ids = array("q")
        found = self.conn.execute(
            "SELECT id, note FROM purchases WHERE substr(note, 1, ?) = ?",
            (len(ORDER_PREFIX), ORDER_PREFIX),
        )
        bare_hashes = array("q")
        bare_ids = array("q")
        for purchase_id, note in found:
            order = _order_of(note)
            hashes.append(_order_hash(order))
            ids.append(purchase_id)
            if order[:1] == "0" and _digits(order):  # (few: 000123; a shop's start 1-9)
                bare_hashes.append(_order_hash(order.lstrip("0")))
                bare_ids.append(purchase_id)
        self.hashes, self.ids = _sorted_by_hash(hashes, ids)
        self.bare_hashes, self.bare_ids = _sorted_by_hash(bare_hashes, bare_ids)

    def duplicate(self, writer: PurchaseWriter, row: PurchaseRow) -> bool:
        """Handle a row whose order is in the book (skipped, counted as known, its purchase
        updated or removed): True; False to import it as any other row (a new item of the
        order, said; another order of a reused short number; an order this import emptied;
        a closed or unpaid row no purchase answers)."""
        report = writer.report
        if row.order not in self.found:  # removed as closed by an import: stays closed
            if row.status == "closed":
                report.closed_orders += 1
            else:
                self.behind.add(row.order)
            return True
        if row.date is not None and reused(row.order, row.date.isoformat(), self.dates[row.order]):
            return False  # a seller's own number, used again on another day: another order
        owners = self.owners[row.order]
        customer_id = writer.found_customer(row)
        # an order has one buyer: another listed for review (not a row whose keys name
        # several customers, that buyer maybe among them)
        if customer_id not in owners and customer_id != SEVERAL:
            writer.say_shared(None, row, min(owners), customer_id)
        if not any(self.names[row.order].values()):
            return False  # this import removed all its purchases: a row as any other
        if self.on_duplicate == "skip":
            # (an item it holds that an earlier row took: the same row again, known)
            if (
                row.status not in NOT_BOUGHT
                and self._taken(self.held, row) is None
                and self._new_item(row)
            ):
                report.add_new_item(row.line, row.order, row.items)
                return False  # an item of the order the book lacks: imported, said
            paid = self.paid.get((row.order, row.items))  # (None: an item this import added)
            if row.status == "paid" and paid is not None and row.amount_cents > paid:
                self.paid_more.add(row.order)  # (an order paid in part, its balance paid since)
            if row.status == "paid" and not row.refunded_cents:
                report.add_known(row.line)
            else:  # closed, refunded or unpaid since it was imported, or before: `settle`
                self.restated.append((row.order, row.items, row.status, row.refunded_cents))
            return True
        taken = self._taken(self.stored, row)
        if taken is None:
            if row.status in NOT_BOUGHT:
                return False  # (counted as closed or unpaid, nothing written)
            if not self._new_item(row):  # an item it holds, an earlier row took
                report.add_known(row.line)
                return True
            report.add_new_item(row.line, row.order, row.items)
            return False  # an item of the order the book lacks: imported, said
        purchase_id, before = taken
        if row.status == "unpaid":  # not paid yet: an export older than the purchase
            self.behind.add(row.order)
            return True
        if row.status == "closed":
            self._remove(writer, row.order, purchase_id, before)
            return True
        customer_id = writer._customer_of(row)
        if customer_id is None:
            return True
        after = _blanks_kept(purchase_values(row, customer_id), before, row, self.quantity_given)
        if row.refunded_cents < before[6]:  # (refunded_cents) a refund the book holds stays
            self.behind.add(row.order)
            return True
        if after == before:
            report.add_known(row.line)
            return True
        if not (report.errors and not writer.keep_good):
            self.conn.execute(_UPDATE, (*after, purchase_id))
        report.add_order_change(purchase_change(row.order, before, after))
        report.updated_purchases += 1
        self.touched.update((before[0], customer_id))
        return True

    def _new_item(self, row: PurchaseRow) -> bool:
        """Is the row's item one its order in the book lacks (neither stored, nor added by
        an earlier row of this import)? Then it is added, for the rows after it."""
        added = self.added.setdefault(row.order, set())
        if self.names[row.order][row.items] > 0 or row.items in added:
            return False
        added.add(row.items)
        return True

    def _taken(
        self, stored: Mapping[str, list[tuple[int, Any]]], row: PurchaseRow
    ) -> tuple[int, Any] | None:
        """The stored purchase of the row's order and item no earlier row took, taken (an
        order of two alike items is two purchases); of the row's day, for a seller's own
        short number. None: the book holds no such purchase of that order (a product
        renamed in the shop since is one: a new item, said). `stored`: (purchase, Values)
        by order."""
        lines = stored.get(row.order, [])
        day = row.date.isoformat() if short(row.order) and row.date is not None else None
        taken = next(
            (
                line
                for line in lines
                if line[1][3] == row.items and (day is None or line[1][1] == day)
            ),
            None,
        )
        if taken is None:
            return None
        lines.remove(taken)
        if self.on_duplicate == "update":  # (skip writes nothing: a row of the purchase in a
            self.used.add(taken[0])  # later batch is known again, as it is once taken here)
        return taken

    def _remove(self, writer: PurchaseWriter, order: str, purchase_id: int, before: Values) -> None:
        """The purchase of an order closed since, removed; the order remembered closed."""
        report, owner = writer.report, before[0]
        amount = cents_shown(before[2])
        report.add_order_change(  # (an order of no item name: none in brackets)
            Words("import.order_removed", order=order, items=before[3], amount=amount)
            if before[3]
            else Words("import.order_removed_no_items", order=order, amount=amount)
        )
        if not (report.errors and not writer.keep_good):
            self.conn.execute("DELETE FROM purchases WHERE id = ?", (purchase_id,))
            merge.forget_moved(self.conn, "purchases", purchase_id, owner)
            self.conn.execute(
                "INSERT OR IGNORE INTO closed_orders (order_number, customer_id, closed_at)"
                " VALUES (?, ?, ?)",
                (order, owner, writer.stamp),
            )
        report.closed_orders += 1
        report.removed_purchases += 1
        self.touched.add(owner)
        self.names[order][before[3]] -= 1  # as the next batch's look finds the order
        self.removed.add(purchase_id)

    def settle(self, report: ImportReport) -> None:
        """Count the skipped rows that say an order's purchase in the book was closed or
        refunded (in full or in part) since (restated: left as it is, --on-duplicate update
        applies it) apart from those the book already has so (known) and those behind it
        (not paid yet, a smaller refund): their stored purchases found by hash, only when
        the file has such rows."""
        if self.restated:
            self._settle_restated(report)
        report.behind_orders = len(self.behind)
        report.paid_more_orders = len(self.paid_more)

    def _settle_restated(self, report: ImportReport) -> None:
        wanted = {order for order, *_ in self.restated}
        held: dict[tuple[str, str], int] = {}  # (order, items) -> the refund the book holds
        # (a restated order is one the book held before: none of its rows was written since)
        for order, (items, refunded, _) in self._purchases_of(
            wanted, "items, refunded_cents, note"
        ):
            held.setdefault((order, items), refunded)
        for order, items, status, refund in self.restated:
            stored = held.get((order, items))
            if stored is None:
                report.known_orders += 1  # not in the book as such
            elif status == "closed":
                report.restated_closed += 1
            elif status == "unpaid" or refund < stored:
                self.behind.add(order)
            elif refund > stored:
                report.restated_refunded += 1
            else:
                report.known_orders += 1  # refunded there already
        self.restated = []


# What a purchase's stored values are said as, by their place in Values (items, what an
# order's purchase is matched by, never changes)
_SAID_FIELDS = {
    1: "field.date",
    2: "field.amount",
    4: "field.quantity",
    5: "field.cost",
    6: "field.refunded",
    7: "field.channel",
    0: "field.customer",
    8: "field.note",
}
_MONEY_FIELDS = (2, 5, 6)


def _blanks_kept(after: Values, before: Values, row: PurchaseRow, quantity_given: bool) -> Values:
    """What an update's row leaves blank (an empty cell, or no such column) keeps what the
    book holds: the purchase's note (the buyer's message, the seller's words), its cost, its
    channel, and its quantity where the file has no quantity column (a row's 1 then), are
    never erased by an export that lacks them."""
    customer_id, day, amount, items, quantity, cost, refunded, channel, note = after
    return (
        customer_id,
        day,
        amount,
        items,
        quantity if quantity_given else before[4],
        before[5] if cost is None else cost,
        refunded,
        before[7] if channel is None else channel,
        note if row.note else before[8],
    )


def purchase_change(order: str, before: Values, after: Values) -> Words:
    """订单 1001（口红A）：退款 ¥0.00 → ¥199.00；… : what an update changed of a purchase."""
    said: Words | None = None
    for at, field in _SAID_FIELDS.items():
        if before[at] == after[at]:
            continue
        old, new = (_shown(at, values[at]) for values in (before, after))
        change = Words("import.order_field_change", field=Words(field), before=old, after=new)
        said = change if said is None else Words("import.order_changes", said=said, more=change)
    if not after[3]:  # an order of no item name: 订单 A2：…, no (—) that reads as a value lost
        return Words("import.order_change_no_items", order=order, changes=said or "")
    return Words("import.order_change", order=order, items=after[3], changes=said or "")


def _shown(at: int, value: object) -> str:
    if value is None or value == "":
        return "—"
    if at in _MONEY_FIELDS:
        return cents_shown(cast(int, value))
    return f"#{value}" if at == 0 else str(value)


_order_hash = hash  # an order number's hash (for _Orders; a test makes them clash)


def _order_of(note: str) -> str:
    """The order number a purchase's note starts with (after ORDER_PREFIX: see order_note),
    in its one spelling (an earlier import's E 020 is this one's E020)."""
    return order_spelling(order_in_note(note[len(ORDER_PREFIX) :]))


def _digits(order: str) -> bool:
    """An order number of ASCII digits alone (one a number cell may have held)."""
    return order.isdigit() and order.isascii()


def _sorted_by_hash(hashes: array[int], ids: array[int]) -> tuple[Any, Any]:
    """(hashes, ids) as numpy arrays sorted by hash, each id beside its hash."""
    import numpy as np

    held = np.frombuffer(hashes, dtype=np.int64)
    by_hash = np.argsort(held, kind="stable")
    return held[by_hash], np.frombuffer(ids, dtype=np.int64)[by_hash]


def _hits(hashes: Any, ids: Any, orders: Sequence[str]) -> Iterator[int]:
    """The ids beside the hashes of `orders` in `hashes` (sorted): candidates, a clash of
    hashes among them."""
    if not len(hashes) or not orders:
        return
    import numpy as np

    asked = np.fromiter(map(_order_hash, orders), dtype=np.int64, count=len(orders))
    starts = np.searchsorted(hashes, asked, side="left")
    ends = np.searchsorted(hashes, asked, side="right")
    hit = starts < ends
    for start, end in zip(starts[hit].tolist(), ends[hit].tolist(), strict=True):
        yield from map(int, ids[start:end])


_COLUMNS = (
    "customer_id, date, amount_cents, items, quantity, cost_cents, refunded_cents, channel, note"
)


def _row_as_written(row: PurchaseRow, customer: int | None) -> int | str:
    """The row's customer, or the row as the seller knows it when its keys name nobody in
    the book (李四 13800138002)."""
    if customer is not None:
        return customer
    first = row.keys[0]
    shown = as_written(first)
    return (
        f"{row.name} {shown}" if row.name and first.kind != "name" and row.name != shown else shown
    )


Buyer = tuple[int, int, int, str, int]  # (first line, first customer, line, order, customer)
_DAY_MARK = "\x00"  # between a short order number and its day, for _Buyers


def _buyer_order(order: str, day: int) -> str:
    """The order number as _Buyers holds it: a seller's own short one with its day (a day
    number), which may start again each month; a shop's as it is."""
    return f"{order}{_DAY_MARK}{day}" if order and short(order) else order


def _add_run(runs: list[tuple[Any, Any, Any]], run: tuple[Any, Any, Any]) -> None:
    """Add a run of (hashes, and two columns beside them) to sorted runs kept as a log-
    structured list (_Buyers, _OrderDays): merged with the last runs while they are no
    longer than it, sorted by hash, stably (an earlier run's entry of a hash stays first)."""
    import numpy as np

    hashes, first, second = run
    while runs and len(runs[-1][0]) <= len(hashes):
        held_hashes, held_first, held_second = runs.pop()
        hashes = np.concatenate((held_hashes, hashes))
        first = np.concatenate((held_first, first))
        second = np.concatenate((held_second, second))
    by_hash = np.argsort(hashes, kind="stable")
    runs.append((hashes[by_hash], first[by_hash], second[by_hash]))


class _Buyers:
    """The first customer and line of each order number an import brought in, to tell a
    row that gives it to another customer: an order has one buyer. Held as sorted runs of
    (hash of the order, customer, line) numpy arrays, a batch's new orders a run, merged
    as they grow (a binary counter's carries: each order copied ~log2(batches) times); a
    batch's orders looked up in every run at once (24 bytes an order: a million, 24 MB)."""

    def __init__(self) -> None:
        self.runs: list[tuple[Any, Any, Any]] = []

    def check(
        self, orders: Iterable[str], ids: Sequence[int], lines: Sequence[int]
    ) -> Iterator[Buyer]:
        """The rows (orders, their customers and lines: a batch's, in file order) whose
        order an earlier row of this import gave to another customer; their orders then
        held."""
        first: dict[str, tuple[int, int]] = {}
        for order, customer, line in zip(orders, ids, lines, strict=True):
            if not order:
                continue
            seen = first.setdefault(order, (customer, line))
            if seen[0] != customer:
                yield seen[1], seen[0], line, order, customer
        if not first:
            return
        import numpy as np

        keys = list(first)
        asked = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys))
        new = np.ones(len(keys), dtype=bool)
        for hashes, customers, held_lines in self.runs:
            at = np.minimum(np.searchsorted(hashes, asked), len(hashes) - 1)
            hit = hashes[at] == asked
            for position in np.flatnonzero(hit).tolist():
                customer, line = first[keys[position]]
                held = int(customers[at[position]])
                if held != customer:
                    yield int(held_lines[at[position]]), held, line, keys[position], customer
            new &= ~hit
        chosen = np.flatnonzero(new).tolist()
        if chosen:
            found = [first[keys[each]] for each in chosen]
            self._add(
                asked[chosen],
                np.fromiter((customer for customer, _ in found), dtype=np.int64),
                np.fromiter((line for _, line in found), dtype=np.int64),
            )

    def first_of(self, order: str) -> tuple[int, int] | None:
        """The first customer and line an earlier batch gave `order` (as _buyer_order
        spells it), or None."""
        import numpy as np

        asked = hash(order)
        for hashes, customers, lines in self.runs:
            at = int(np.searchsorted(hashes, asked))
            if at < len(hashes) and hashes[at] == asked:
                return int(customers[at]), int(lines[at])
        return None

    def _add(self, hashes: Any, customers: Any, lines: Any) -> None:
        _add_run(self.runs, (hashes, customers, lines))


class _FileZeros:
    """The orders of this file that lost their leading zeros on some of their rows (00042 on
    one, 42 on another: a column of text and number cells), taken as the spelling of the
    order's earlier row of the same customer, as a file's 123 is the book's 000123 of that
    customer (_Orders.respelled); another buyer's 42 stays its own order. Only while the
    file has rows with leading zeros (few): those are held, by their bare digits and
    customer; a row's bare digits are found among the orders _Buyers holds (an earlier
    batch's first buyer of each) and this batch's rows kept so far."""

    def __init__(self, buyers: _Buyers) -> None:
        self.buyers = buyers
        # (bare digits as _buyer_order spells them, customer) -> (first spelling, its line)
        self.padded: dict[tuple[str, int], tuple[str, int]] = {}
        # this batch's orders of bare digits kept: the first customer and line of each, held
        # while the file has rows with leading zeros (None: it has none so far)
        self.batch: dict[str, tuple[int, int]] | None = None

    def start(self, orders: Sequence[str]) -> bool:
        """A new batch of `orders`: whether any of its rows may be so taken."""
        active = bool(self.padded) or any(map(_padded, orders))
        self.batch = {} if active else None
        return active

    def spelling(self, order: str, day: int, customer: int) -> tuple[str, int] | None:
        """The spelling and first line an earlier row of this file gave the row's order for
        `customer` but for leading zeros (on `day` for a seller's own short number), or
        None: none, or the row's own."""
        if not _digits(order) or not (bare := order.lstrip("0")):
            return None
        key = _buyer_order(bare, day)
        held = self.padded.get((key, customer))
        if held is not None:
            return None if held[0] == order else held
        if order == bare:
            return None
        first = self.buyers.first_of(key)
        if first is None and self.batch is not None:
            first = self.batch.get(key)
        if first is not None and first[0] == customer:
            return bare, first[1]
        return None

    def kept(self, order: str, day: int, customer: int, line: int) -> None:
        """A row of the batch kept (its order, day number, customer and line)."""
        if self.batch is None or not _digits(order) or not (bare := order.lstrip("0")):
            return
        key = _buyer_order(bare, day)
        if order == bare:
            self.batch.setdefault(key, (customer, line))
        else:
            self.padded.setdefault((key, customer), (order, line))


def _padded(order: str) -> bool:
    """An order number of digits with leading zeros (00042)."""
    return order[:1] == "0" and _digits(order) and bool(order.lstrip("0"))


class _OrderDays:
    """The day of the first row of each shop order (a long number: one order for ever) this
    file gave, so that its later rows are booked on that day: an order whose rows carry
    times either side of midnight (23:59:30, 00:00:10) is one purchase on one day, not
    two (the stats count an order once a day). Only a row of the same buyer's cells (its
    key set) and one day from the first: a column wrongly read as the order number (a
    product's barcode) never gathers a customer's purchases of many days onto one, nor
    several customers'. A seller's own short number on another day is another order
    (order_numbers.reused), and keeps its day. Held as _Buyers holds its orders: sorted
    runs of (hash of the order and key set, day, line), 16 bytes an order (a day number and
    a line fit 32 bits)."""

    def __init__(self) -> None:
        self.runs: list[tuple[Any, Any, Any]] = []

    def moved(
        self,
        orders: Sequence[str],
        buyers: Sequence[Keys],
        days: Sequence[int | None],
        lines: Sequence[int],
    ) -> list[tuple[int, int, int]]:
        """The rows (a batch's orders, key sets, day numbers and lines, in file order) whose
        order's first row of the same key set, here or in an earlier batch, is of the day
        before or after: (position, that day, its line). Every order of the batch is held
        from now."""
        first: dict[tuple[str, Keys], tuple[int, int]] = {}
        apart = False  # any order of two days among the batch's rows
        for order, buyer, day, line in zip(orders, buyers, days, lines, strict=True):
            if order and day is not None and not short(order):
                apart = first.setdefault((order, buyer), (day, line))[0] != day or apart
        if not first:
            return []
        import numpy as np

        keys = list(first)
        asked = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys))
        new = np.ones(len(keys), dtype=bool)
        for hashes, held_days, held_lines in self.runs:
            at = np.minimum(np.searchsorted(hashes, asked), len(hashes) - 1)
            hit = hashes[at] == asked
            for position in np.flatnonzero(hit & new).tolist():
                where = at[position]
                first[keys[position]] = (int(held_days[where]), int(held_lines[where]))
                apart = True  # (its rows here may be of its day: looked at below)
            new &= ~hit
        chosen = np.flatnonzero(new).tolist()
        if chosen:
            found = [first[keys[each]] for each in chosen]
            self._add(
                asked[chosen],
                np.fromiter((day for day, _ in found), dtype=np.int32),
                np.fromiter((line for _, line in found), dtype=np.int32),
            )
        moved: list[tuple[int, int, int]] = []
        if not apart:
            return moved
        for position, (order, buyer, day) in enumerate(zip(orders, buyers, days, strict=True)):
            held = first.get((order, buyer)) if day is not None else None
            if held is not None and abs(held[0] - cast(int, day)) == 1:
                moved.append((position, *held))
        return moved

    def _add(self, hashes: Any, days: Any, lines: Any) -> None:
        _add_run(self.runs, (hashes, days, lines))


class _Repeats:
    """Rows with no order number that are purchases already in the book: the same customer,
    day, amount, items and quantity as one stored before this import began (a sheet imported
    twice, an export read back). Counted as a multiset: a file with two such rows against one
    stored purchase brings in the second. `--on-duplicate new` imports them all the same.

    Probed a batch at a time through the purchases' customer index, for customers that were
    in the book before the import only; how many of each purchase the file has used up so far
    is kept by the purchase's hash, and only for purchases that were found."""

    def __init__(self, conn: sqlite3.Connection, first_new_id: int, on_duplicate: str) -> None:
        self.conn = conn
        self.first_new_id = first_new_id
        self.last_before = int(
            conn.execute("SELECT coalesce(max(id), 0) FROM purchases").fetchone()[0]
        )
        self.on = on_duplicate != "new" and self.last_before > 0
        self.used: dict[int, int] = {}  # hash of a stored purchase's key -> rows matched to it

    def left_out(
        self, values: list[Row], orders: Sequence[str], lines: Sequence[int], report: ImportReport
    ) -> tuple[list[Row], Sequence[int]]:
        """`values` without the rows that repeat a stored purchase (counted in the report),
        and the lines of those kept; `orders` and `lines`: the order number and line of each
        (when `on`, or asked for: PurchaseWriter.bill_written): a row with an order number is
        matched by it, never here."""
        if not self.on:
            return values, lines
        ordered = [bool(order) for order in orders]
        probe = {
            (row[0], row[1])
            for row, has_order in zip(values, ordered, strict=True)
            if not has_order and int(row[0]) < self.first_new_id  # type: ignore[call-overload]
        }
        if not probe:
            return values, lines
        stored: dict[tuple[object, ...], int] = {}
        pairs = list(probe)
        for start in range(0, len(pairs), 400):
            chunk = pairs[start : start + 400]
            marks = ", ".join("(?, ?)" for _ in chunk)
            found = self.conn.execute(
                f"WITH probe (customer_id, date) AS (VALUES {marks})"
                " SELECT p.customer_id, p.date, p.amount_cents, p.items, p.quantity, count(*)"
                " FROM probe JOIN purchases p"
                " ON p.customer_id = probe.customer_id AND p.date = probe.date"
                " WHERE p.id <= ?"
                " GROUP BY p.customer_id, p.date, p.amount_cents, p.items, p.quantity",
                [*(each for pair in chunk for each in pair), self.last_before],
            )
            for *key, count in found:
                stored[tuple(key)] = count
        if not stored:
            return values, lines
        kept = []
        kept_lines = []
        for row, has_order, line in zip(values, ordered, lines, strict=True):
            key = row[:5]
            count = stored.get(key, 0)
            if count and not has_order:
                hashed = hash(key)
                used = self.used.get(hashed, 0)
                if used < count:
                    self.used[hashed] = used + 1
                    report.add_known(line, order=False)
                    continue
            kept.append(row)
            kept_lines.append(line)
        return kept, kept_lines


class NewCustomer(NamedTuple):
    """What a customer made for a purchase row is given, worked out from the row alone."""

    name: str
    code: str | None
    phones: list[str]
    wechat: str | None
    full: str  # the name's pinyin
    initials: str
    phones_json: str
    search: str  # its search keys, sorted, as a JSON array of strings (ASCII: \u escapes)
    notes: str = ""  # the row's shop accounts, nicknames and masked numbers: new_notes
    accounts: tuple[str, ...] = ()  # the row's shop accounts (kept in `notes`)
    email: str | None = None  # the row's email cell (Buyer Email), if an address


def new_customer(row: PurchaseRow) -> NewCustomer:
    """The customer `row` would make (its keys and name cell; not its place): a function of
    the row alone, so a reading child can work it out ahead (reader_child) for the writer."""
    key = row.keys[0]
    split = name_split(row)  # 王芳 13800138001: 王芳, the phone among the keys
    # cleaned as a customer's name is
    # no name: the number as the file wrote it (0571-8888 8888 转 102, 13800138000), so
    # that colleagues on one switchboard made so are told apart; any other key as it is
    name = person_name(split[0] if split else row.name or "") or _said_key(row, key)
    phones: list[str] = []
    wechat = code = name_cell = None
    for kind, value in row.keys:  # one pass: a million rows make ~90k customers
        if kind == "phone":
            if value not in phones:
                phones.append(value)
        elif kind == "account":
            pass  # in the notes (new_notes): a shop's account is not the seller's code
        elif kind == "wechat":
            wechat = value if wechat is None else wechat
        elif kind == "any" and (value == name or split is not None):
            name_cell = value  # (split: 王芳 13800138001, the name 王芳 and a phone)
        elif kind == "code" or (kind == "any" and not BOOK_ID.fullmatch(value)):
            # (#12 names a customer of another book, as an export writes a namesake
            # without a code or phone: no code for the new one)
            code = value if code is None else code
    accounts = row_accounts(row)
    if split is not None and split[1] not in phones:  # a 客户 cell's: no key of the row's
        phones.append(split[1])
    phones += [phone for phone in row.more_phones if phone not in phones]  # 联系电话 too
    if (
        code is None
        and name_cell is not None
        and not (phones or wechat or accounts)
        and not reads_as_name(name_cell)
    ):
        # A 客户 cell alone (no name column: 00001 in CDNOW's file) is the customer's code
        # as well as the name it is known by; beside a phone, WeChat ID or shop account of
        # the row's own it is a name alone, no code (or the next namesake, another person
        # with another phone, would be found by it). A cell that reads as a person's name
        # (王芳) is her name alone too: as a code it made a second 王芳 of the customers
        # sheet that gave her phone, and took every later file's 王芳 to the code-holder.
        code = name_cell
    if code is not None:  # a 客户 cell's, as written: stored in its one spelling
        code = code_spelling(code)
    full, initials = name_pinyin(name)
    notes = new_notes(row)
    search = json.dumps(sorted(search_keys(name, phones, wechat, code, [], notes)))
    return NewCustomer(
        name,
        code,
        phones,
        wechat,
        full,
        initials,
        _json_list(phones),
        search,
        notes,
        accounts,
        row.email,
    )


# A person's name in Chinese: hanzi, with the middle dot of a transcribed name (阿卜杜·热合曼)
_HANZI_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+(?:[·•・][\u3400-\u9fff]+)*")


# A name in letters other than hanzi (Lily, Wang Fang, Mary-Jane, O'Brien, J. Smith, Zoë):
# words of letters, no digit; not all capitals (ABC, VIP-A: codes, as sellers write them)
_LETTERS_NAME = re.compile(r"[^\W\d_]+(?:(?:[-'’.]| +|\. +)[^\W\d_]+)*\.?")


def reads_as_name(cell: str) -> bool:
    """Whether a 客户 cell reads as a person's name (王芳, 欧阳娜娜: hanzi only, no digit
    nor Latin letter; Lily, Wang Fang: letters, no digit, not all capitals), not as a
    code (C001, 10023, VIP-7, ABC, 会员13800138041)."""
    text = cell.strip()
    if _HANZI_NAME.fullmatch(text) is not None:
        return True
    return (
        _LETTERS_NAME.fullmatch(text) is not None
        and text != text.upper()
        and _HANZI_NAME.search(text) is None  # Lily王: neither a name nor a code's rule
    )


def name_split(row: PurchaseRow) -> tuple[str, str, str] | None:
    """(the name, the phone, the notes' line of the words beside them: purchase_rows.
    name_phone) of a row whose name cell held a mobile as well (王芳
    13800138001), as purchase_rows.read_key read it into the row's keys; or of a row whose
    one key is a 客户 cell that reads as a name and a mobile (王芳 13800138001, 13800138001
    Lily): the customer it makes is 王芳 with that phone, not a code of both (a later file
    finds her by the phone in such a cell: lookup._any). Else None: a 客户 cell that may
    be a code made of a phone (会员13800138041, VIP-13800138001) stays whole."""
    if not row.name:
        return None
    if any(kind == "name" for kind, _ in row.keys):
        split = name_phone(row.name)
        return split if split and CustomerKey("phone", split[1]) in row.keys else None
    if len(row.keys) != 1 or row.keys[0] != ("any", row.name):
        return None
    split = name_phone(row.name)
    if split is None or not reads_as_name(split[0]) or _CODE_WORDS.search(split[0]):
        return None
    if split[0].casefold().replace(".", "").replace(" ", "") in _LABELS:
        return None
    return split


# A 客户 cell's words before or after a phone that make it a code, or the phone's label:
# 会员13800138041, 客户 13800138041, 手机号13800138041, 卡号…, 编号…
_CODE_WORDS = re.compile(
    r"^(?:会员|客户|顾客|客人|买家|用户|手机|电话|微信|联系|老客|新客|熟客|常客|回头客|粉丝)|[号码卡]$"
)
# … and in letters, the whole of it (vip 13800138002, Tel 13800138007): a label, no name
_LABELS = frozenset(
    {"vip", "svip", "tel", "phone", "mobile", "cell", "no", "id", "member", "customer"}
    | {"client", "wx", "wechat", "mob", "contact", "buyer", "user", "fan", "fans"}
)


def row_accounts(row: PurchaseRow) -> tuple[str, ...]:
    """The row's shop accounts, as written, once each (once each as keys: tb_Wang, TB_wang)."""
    accounts = [value for kind, value in row.keys if kind == "account"]
    if len(accounts) < 2:
        return tuple(accounts)
    seen: set[str] = set()
    once = []
    for account in accounts:
        if account_key(account) not in seen:
            seen.add(account_key(account))
            once.append(account)
    return tuple(once)


def new_notes(row: PurchaseRow) -> str:
    """The notes of a customer `row` makes: its shop accounts (买家账号：tb_wangfang, keys
    of theirs: rows.customer_keys), its 微信 cell that is no WeChat ID and its masked or
    relay numbers and a switchboard's number with its extension (带分机的电话：…), as a
    customers import keeps them, and its 买家昵称, as a contact card's nickname is kept
    (the nicknames searched as names: search.search_keys)."""
    lines = [shop_account_line(account) for account in row_accounts(row)]
    if row.nickname:
        lines.append(t("import.wechat_not_id", "zh", text=row.nickname))
    if row.shop_nickname:
        lines.append(f"{t('field.nickname', 'zh')}：{row.shop_nickname}")
    if row.hidden_phones:
        lines.append(t("import.hidden_phones", "zh", numbers="、".join(row.hidden_phones)))
    lines += row.phone_notes
    split = name_split(row)  # 王芳 13800138001（微信同号）: 手机 13800138001：微信同号
    if split is not None and split[2] and split[2] not in lines:
        lines.append(split[2])
    lines += [extension_line(value) for kind, value in row.keys if kind == "extension"]
    return "\n".join(lines)


def _resolve(index: KeyIndex, row: PurchaseRow, named: Named) -> int | None:
    """The customer all the row's keys name (`named`: each key's customers, as the index
    has them); BookError if they name different ones."""
    if len(row.keys) == 1:
        key = row.keys[0]
        found_one = index.one(named[key], key.kind, key.value.strip())
        split = name_split(row) if key.kind == "any" else None
        if found_one is not None and split is not None:  # 王芳 13800138001: 李娜's phone
            namesakes = index.candidates("name", split[0])
            if namesakes and found_one not in namesakes:
                raise BookError(
                    "store.keys_disagree",
                    first_key=key_as_written("phone", split[1]),
                    first=_labels(index, {found_one}),
                    second_key=split[0],
                    second=_labels(index, namesakes),
                )
        return found_one
    found: set[int] | None = None
    named_by = row.keys[0]
    # A name is the weakest key: beside a code, phone or WeChat ID the book does not know,
    # it is another customer's namesake (C123 王芳 is not C999 王芳), not a match.
    # A 客户 cell that is a customer's name alone is a name too (客户 reads as 姓名 does).
    strong = [key for key in row.keys if not _is_name(index, key)]
    if strong and not any(named[key] for key in strong):
        return None
    for key in row.keys:
        ids = named[key]
        if not ids:
            continue  # a key the book does not know yet (a new phone) names nobody else
        if found is not None and not found & ids:
            raise BookError(
                "store.keys_disagree",
                first_key=_said_key(row, named_by),  # as the file wrote them
                first=_labels(index, found),
                second_key=_said_key(row, key),
                second=_labels(index, ids),
            )
        found, named_by = (ids, key) if found is None else (found & ids, named_by)
    if found is None:
        return None
    named_by = _with_extension(row, named_by)  # two colleagues on one extension: said so
    return index.one(found, named_by.kind, named_by.value)


def _no_keys(kinds: str) -> str:
    """The condition on a customer (c) of no code, phone nor WeChat ID, nor a kept key of
    `kinds` (customer_keys: those of a customer merged into her, her shop accounts)."""
    return (
        "code IS NULL AND phones IN ('', '[]') AND coalesce(wechat, '') = ''"
        " AND NOT EXISTS (SELECT 1 FROM customer_keys k WHERE k.customer_id = c.id"
        f" AND k.kind IN ({kinds}))"
    )


# A customer with no code, phone, WeChat ID nor shop account: her name alone
_KEYLESS = _no_keys("'phone', 'wechat', 'account'")
# ... nor a phone or WeChat ID of her own, but maybe a shop account: a customer a masked
# Taobao row made (王女士, 买家账号 tb_wangfang), whom a row of her name and another's phone
# names by the name alone (the row has no account of hers): the phone decides (_drop_shadows)
_UNREACHED = _no_keys("'phone', 'wechat'")
# A masked number showing digits at both ends (150****1234, 138 **** 8000)
# ... or at one end only (*******1234: the last four; 1501234****: the first seven), the
# country code before it (+86 150****1234), x for a star (150xxxx1234): its digits shown,
# the count hidden, and the digits at its end
_MASK = re.compile(r"(\d*)([*＊xX]+)(\d*)")
_COUNTRY = re.compile(r"^(?:\+|00)86")
_SHOWN_LEAST = 3  # digits a mask must show to tell anyone apart


def _mask_parts(number: str) -> tuple[str, int, str] | None:
    """(the digits shown first, how many are hidden, the digits shown last) of a masked
    mainland number, written as shops write them; None for a cell that is none, or shows
    fewer than three digits (nothing to tell by)."""
    bare = _COUNTRY.sub("", re.sub(r"[\s\-()]", "", number))
    found = _MASK.fullmatch(bare)
    if found is None or len(found[1]) + len(found[3]) < _SHOWN_LEAST:
        return None
    return found[1], len(found[2]), found[3]


def _shown_mask(number: str) -> bool:
    return _mask_parts(number) is not None


def mask_agrees(masks: Sequence[str], phones: Sequence[str]) -> bool | None:
    """Whether one of the masked numbers (150****1234, *******1234, +86 150****1234,
    1501234****) is one of the phones with digits hidden: True; False where each phone of a
    mask's length shows other digits; None where no phone has a mask's length (a mobile
    masked, a landline kept: nothing to tell by) or no mask shows three digits."""
    told = False
    for mask in masks:
        parts = _mask_parts(mask)
        if parts is None:
            continue
        head, hidden, tail = parts
        for phone in phones:
            digits = _national_digits(phone)
            if len(digits) != len(head) + hidden + len(tail):
                continue
            if digits.startswith(head) and digits.endswith(tail):
                return True
            told = True
    return False if told else None


def _national_digits(phone: str) -> str:
    """A phone's digits as a mainland number writes them (+8613800138000: 13800138000)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[2:] if phone.startswith("+86") else digits


def _names_only(keys: Keys) -> bool:
    """Whether a row's keys are names only (a 姓名 cell, a 客户 cell: either may be a name)."""
    return all(kind in ("name", "any") for kind, _ in keys)


def _masked_by_name(row: PurchaseRow) -> bool:
    """Whether a row names its customer by name alone beside a masked number (拼多多's 王芳
    150****1234): matched each time, never by what an earlier row of its keys found, as its
    visible digits may say another person (PurchaseWriter._masked_apart)."""
    return bool(row.hidden_phones) and _names_only(row.keys)


# The keys a row may bring beside its name and still fill a keyless namesake
_FILLED_KINDS = frozenset({"phone", "wechat", "account"})


class _Region(NamedTuple):
    province: str | None
    city: str | None


def _is_name(index: KeyIndex, key: CustomerKey) -> bool:
    return key.kind == "name" or (key.kind == "any" and index.by_name_only(key.value))


def _namesakes(index: KeyIndex, row: PurchaseRow) -> set[int]:
    """The customers the row's name (a 姓名 cell, or a 客户 cell that is a name) names."""
    for key in row.keys:
        if _is_name(index, key):
            return index.candidates("name", key.value)
    return set()


def either(first: str | Words, *rest: str | Words) -> str | Words:
    """One or two customers' labels, said as 王芳 (C001) / 王芳 (#2)."""
    if not rest:
        return first
    if isinstance(first, str) and isinstance(rest[0], str):
        return f"{first} / {rest[0]}"
    return Words("store.customers_of_two", first=first, second=rest[0])


def _labels(index: KeyIndex, ids: set[int]) -> str | Words:
    """The customers of a key: both of two, or two and how many when more share it."""
    first, *rest = (index.named(customer_id) for customer_id in sorted(ids)[:2])
    if len(ids) <= 2:
        return either(first, *rest)
    return Words("store.customers_of_key_many", first=first, second=rest[0], count=len(ids))


def _json_list(items: list[str]) -> str:
    """The list as json.dumps writes it; E.164 phones (+ and digits) written directly."""
    if all(item[:1] == "+" and item[1:].isdigit() and item.isascii() for item in items):
        return "[" + ", ".join(f'"{item}"' for item in items) + "]"
    return json.dumps(items, ensure_ascii=False)
