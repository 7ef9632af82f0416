"""Writing imported rows into the book: all-or-nothing, or the good rows with a report.

Parsing the file is store/importing's job; here the rows are matched to customers (by code,
phone, WeChat ID or exact name), missing customers are created when asked, and
everything lands in one transaction with the stats and tiers that follow from it.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import (
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar, cast

from xiaoben.models.birthday import Birthday
from xiaoben.models.birthday_text import band_after_birthday
from xiaoben.models.customer import LONG_MAX, Customer
from xiaoben.models.errors import BookError
from xiaoben.models.fields import FieldDef
from xiaoben.models.i18n import LANGS, MESSAGES, Lang, Words, field_key, t
from xiaoben.models.regions import Region, fill_region, moved_region
from xiaoben.models.text import kept_from_book, line_added
from xiaoben.models.values import (
    account_key,
    cents_shown,
    code_spelling,
    key_as_written,
    merged_names,
    name_key,
    name_mobile_words,
    name_spelling,
    notes_line_key,
    other_wechat_line,
    phone_extensions,
    shop_accounts,
)
from xiaoben.store import fields as field_sql
from xiaoben.store.book_refs import Foreign, remember_foreign, written_id
from xiaoben.store.customers import LaterKeys, insert_customer, update_customer
from xiaoben.store.driver import sqlite3
from xiaoben.store.exporting.cells import masked_name, masks_phone
from xiaoben.store.importing.book_id import BookRef, book_ref
from xiaoben.store.importing.bulk import without_gc
from xiaoben.store.importing.columns import (
    ColumnMap,
    is_redacted_copy,
    member_summary,
    price_basis,
)
from xiaoben.store.importing.csv_table import CsvTable, FileRows
from xiaoben.store.importing.customer_rows import (
    CustomerRow,
    held_of,
    hidden_line,
    name_remark,
    remark_wechat,
    with_wechat_text,
)
from xiaoben.store.importing.errors import (
    KEY_FIELDS,
    OnlyTotals,
    Problems,
    RowError,
    Said,
    cannot_import,
    cell_message,
)
from xiaoben.store.importing.footers import is_total_or_footer, total_rows
from xiaoben.store.importing.pay_bills import (
    KINDS_SHOWN,
    PAID_BACK_SHOWN,
    PaidTo,
    add_paid_to,
)
from xiaoben.store.importing.purchase_rows import (
    FirstRowAmounts,
    OrderTotals,
    ParsedBatch,
    PricedTotals,
    PurchaseRow,
    RepeatedAmounts,
    numbers_in,
    phone_note_line,
)
from xiaoben.store.importing.same_person import contradicts, may_be_same
from xiaoben.store.importing.sheet_rows import SheetRows
from xiaoben.store.lookup import AMBIGUOUS_KEY, KeyIndex
from xiaoben.store.purchase_writer import (
    BULK_ROWS,
    NearLine,
    OnDuplicate,
    PurchaseWriter,
    give_back_freed_memory,
)
from xiaoben.store.rows import stamp_text

if TYPE_CHECKING:
    from xiaoben.store.book import Book, Touched

Progress = Callable[[str, int, int], None]
HELD_KEPT = Problems.KEPT  # rows held back whose words ImportReport.held_lines keeps


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    created_customers: int = 0
    updated_customers: int = 0
    # a purchases import's: the purchases it recorded (would record, a dry run); None: a
    # customers import's
    purchases: int | None = None
    # the first Problems.KEPT bad cells by line (`errors.total` counts them all)
    errors: Problems = field(default_factory=Problems)
    dry_run: bool = False
    kept_good: bool = False
    closed_orders: int = 0  # closed, cancelled or unpaid: not purchases
    # a WeChat Pay or Alipay bill (a 收/支 column: importing/pay_bills): its buyers found by
    # the nickname it gives, and its rows left out: money out (支出), neither (/, 不计收支)
    paid_bill: bool = False
    bill_spent: int = 0
    bill_neutral: int = 0
    bill_returned: int = 0  # money in that was the seller's own coming back (美团-退款)
    bill_kinds: tuple[str, ...] = ()  # their 交易类型 (pay_bills.BillTold.kinds)
    bill_kind_column: str = ""  # its header as the bill writes it (交易类型, 交易分类, 类型)
    # money out (left out) to a payer of the bill's money in, maybe a refund by transfer:
    # by payee, how many rows and (line, amount) of the first (pay_bills.PaidTo)
    bill_paid_to: dict[str, PaidTo] = field(default_factory=dict)
    # the payers of the bill's rows of money in that came in (bought, not refunded in
    # full, written by this import: not refused, nor brought in by an earlier one): money
    # out to no other is said
    bill_payers_in: set[str] = field(default_factory=set)
    refunded_orders: int = 0  # recorded as refunded in full
    partial_refunds: int = 0  # order rows recorded as paid with part of the money back
    partly_paid: int = 0  # orders paid in part (partially_paid): recorded as the part paid
    known_orders: int = 0  # order numbers an earlier import brought in: skipped or unchanged
    known_purchases: int = 0  # rows with no order number already in the book: left out
    # the first HELD_KEPT lines of both, for the app's preview to say they were left out
    known_lines: set[int] = field(default_factory=set)
    updated_purchases: int = 0  # --on-duplicate update: purchases of such orders changed
    removed_purchases: int = 0  # --on-duplicate update: of orders closed since: removed
    # --on-duplicate skip: rows of orders in the book that the file says were closed or
    # refunded since, left as they are (not counted as closed, refunded nor known)
    restated_closed: int = 0
    restated_refunded: int = 0
    # --on-duplicate skip: orders in the book the file says were paid more since (an order
    # paid in part, its balance paid since), left as they are (not counted as known)
    paid_more_orders: int = 0
    # orders of rows behind what the book holds (not paid yet, a smaller refund, an order
    # an import removed as closed: an older export), left as the book has them
    behind_orders: int = 0
    # rows of orders in the book naming an item the book holds no purchase of for that order
    # (one a --keep-good import left out, another page of an export): imported as items of
    # that order, said with the first (line, order, item)
    new_items: int = 0
    first_new_item: tuple[int, str, str] | None = None
    # order numbers that differ from an order the book holds for the row's customer only by
    # leading zeros (123 for 000123: a number cell or Excel's CSV drops them), taken as that
    # order: how many, and (line, as the file wrote it, as the book holds it) of the first
    respelled_orders: int = 0
    first_respelled: tuple[int, str, str] | None = None
    # rows of a shop's order (a long number) whose first row in the file has another day (an
    # order paid over midnight): booked on that day, one order one purchase; how many, and
    # (line, order, its day as written, the first row's day, its line) of the first
    # order numbers that differ from an earlier row's order of the same customer in the file
    # only by leading zeros (42 below 00042), taken as that order: how many, and (line, as
    # written, the earlier row's spelling, its line) of the first
    respelled_in_file: int = 0
    first_respelled_in_file: tuple[int, str, str, int] | None = None
    order_days_joined: int = 0
    first_day_joined: tuple[int, str, str, str, int] | None = None
    # --on-duplicate update: the first ORDER_CHANGES_SHOWN purchases updated or removed,
    # each with what changed (订单 1001（口红A）：退款 ¥0.00 → ¥199.00), said when shown
    order_changes_said: list[Words] = field(default_factory=list)
    skipped_customers: int = 0  # --on-duplicate skip: customers already in the book
    # a customers file every row of which the book already has as it is: nothing changed
    nothing_changed: bool = False
    contacts: bool = False  # read from a vCard: no code column to name a row's customer by
    # rows not imported (listed among the near matches), by cause: "keys" (their phone or
    # WeChat ID is a customer's of another name), "code" (their code is not that customer's,
    # or is another's), "names" (several customers have their name, and nothing else),
    # "merged" (of a customer merged into another), "renamed" (their code is a customer's of
    # a wholly different name: see _by_code)
    held_back_for: dict[str, int] = field(default_factory=dict)
    # the first HELD_KEPT rows held back, by line: what was found of them (their near match
    # without its line), for the app's preview to say of the row what the dry run did
    held_lines: dict[int, Said] = field(default_factory=dict)
    near_said: list[Said] = field(default_factory=list)  # near_matches, said when shown
    # rows of a customer an earlier row of the same file made (王 芳 and 王芳, one phone),
    # folded into her: both rows named, and what the later changed (same_in_file)
    same_said: list[Said] = field(default_factory=list)
    # order numbers given to different customers (in the file, or the file and the book):
    # how many, the rows listing them (one an order and customer), the first SHARED_KEPT
    # of those said when shown (shared_order_lines)
    shared_orders: int = 0
    shared_lines: int = 0
    shared_orders_said: list[Said] = field(default_factory=list)
    derived_regions: int = 0  # customers whose province or city came from their address
    hidden_phones: int = 0  # rows whose masked or relay numbers were kept in the notes
    first_hidden: tuple[int, str] | None = None  # (line, number) of the first of them
    # purchase rows matched by name alone whose masked number shows one of her phones'
    # digits (李娜 139****9001): how many, (line, number, her label) of the first
    hidden_matched: int = 0
    first_hidden_matched: tuple[int, str, str] | None = None
    # rows whose name cell held a mobile (王芳 13800138001), read as the name and a phone:
    # how many, and (line, the cell) of the first
    name_phones: int = 0
    first_name_phone: tuple[int, str] | None = None
    # rows whose name cell held a remark after the name (陈静 座机): how many, (line, the
    # cell) of the first
    name_remarks: int = 0
    first_name_remark: tuple[int, str] | None = None
    # rows of customers merged into others that the book has as they are (芳芳's card, merged
    # into 王芳, imported again): how many, and the line of the first
    merged_rows: int = 0
    first_merged_row: int | None = None
    # contacts whose WeChat ID was read from their notes (微信号：wxid_abc123): how many,
    # and (line, the ID) of the first
    noted_wechats: int = 0
    first_noted_wechat: tuple[int, str] | None = None
    # of those, rows whose name cell had words beside the two (王芳 13800138001（微信同号）),
    # kept in the notes: how many, and (line, the words) of the first
    name_words: int = 0
    first_name_words: tuple[int, str] | None = None
    # rows of a phone whose words say "none" (13000000000（无）): not read as a phone, kept
    # in the notes; how many, and (line, the number and words) of the first
    none_phones: int = 0
    first_none_phone: tuple[int, str] | None = None
    # rows whose birthday cell gave a year or a generation and no day (1990年, 90后), kept
    # in the notes (an age band told by it where she had none): how many, and (line, the
    # column, the cell) of the first; rows whose gender cell was a number (1, 0), kept in
    # the notes, the gender left empty: likewise
    year_birthdays: int = 0
    first_year_birthday: tuple[int, str, str] | None = None
    number_genders: int = 0
    first_number_gender: tuple[int, str, str] | None = None
    # a sheet's amounts in number cells past cents (a formula's 51.744), rounded half up:
    # how many, and (line, as computed, as rounded) of the first
    rounded_amounts: int = 0
    first_rounded: tuple[int, str, str] | None = None
    referrers_said: list[Words] = field(default_factory=list)  # kept_referrers, likewise
    members_said: list[Words] = field(default_factory=list)  # unknown_members, likewise
    # (line, word) of the sheet's 合计 rows a purchases import left out (read as it went)
    total_rows: list[tuple[int, str]] = field(default_factory=list)
    # orders over several item rows whose total was counted once: (how many, the order-total
    # column, the item-amount column or "" when the file has none)
    order_totals: OrderTotals | None = None
    # the lines of a contacts export's rows imported whose address (the first) is a work
    # one, read as the customer's (tables.work_addresses_note)
    work_addresses: tuple[int, ...] = ()
    # orders whose amount repeated on each row was read as their paid total by the unit
    # prices, and those read as written for want of them (purchase_rows' types say what)
    priced_totals: PricedTotals | None = None
    repeated_amounts: RepeatedAmounts | None = None
    # orders whose amount is on their first row only, read as their paid total
    first_row_amounts: FirstRowAmounts | None = None
    # rows recorded as paid after a sale whose words do not say whether money went back
    # (售后完成, no refund amount): how many, the first lines and their distinct words
    unsure_refunds: int = 0
    unsure_lines: list[int] = field(default_factory=list)
    unsure_words: list[str] = field(default_factory=list)

    def add_unsure(self, rows: Sequence[tuple[int, str]]) -> None:
        """Rows recorded as paid, not known whether money went back (see unsure_refunds)."""
        self.unsure_refunds += len(rows)
        self.unsure_lines += [line for line, _ in rows[: UNSURE_SHOWN - len(self.unsure_lines)]]
        for _, words in rows:
            if len(self.unsure_words) > UNSURE_WORDS:
                break
            if words not in self.unsure_words:
                self.unsure_words.append(words)

    def add_known(self, line: int, *, order: bool = True) -> None:
        """A row left out as already in the book: by its order number (`order`), or as a
        purchase stored before with no order number."""
        if order:
            self.known_orders += 1
        else:
            self.known_purchases += 1
        if len(self.known_lines) < HELD_KEPT:
            self.known_lines.add(line)

    def add_new_item(self, line: int, order: str, items: str) -> None:
        self.new_items += 1
        if self.first_new_item is None:
            self.first_new_item = (line, order, items)

    def add_order_change(self, change: Words) -> None:
        if len(self.order_changes_said) < ORDER_CHANGES_SHOWN:
            self.order_changes_said.append(change)

    @property
    def wrote(self) -> bool:
        """Whether the import changed the book: a customer made or updated, a purchase
        recorded, changed or removed (a dry run changes nothing, nor does a file whose every
        row the book has)."""
        if self.dry_run or self.nothing_changed:
            return False
        return bool(
            self.created_customers
            or self.updated_customers
            or self.purchases
            or self.updated_purchases
            or self.removed_purchases
        )

    @property
    def order_changes(self) -> list[str]:
        """The purchases an update changed (the first few), in the seller's language now."""
        return [change() for change in self.order_changes_said]

    @property
    def order_changes_left(self) -> int:
        """How many purchases an update changed that order_changes does not name."""
        return self.updated_purchases + self.removed_purchases - len(self.order_changes_said)

    @property
    def near_matches(self) -> list[str]:
        """The near matches, for the seller to review, in the seller's language now."""
        return [near(None) for near in self.near_said]

    @property
    def same_in_file(self) -> list[str]:
        """The rows folded into the customer an earlier row of the file made, in the seller's
        language now."""
        return [said(None) for said in self.same_said]

    @property
    def shared_order_lines(self) -> list[str]:
        """The rows giving an order number to another customer, for the seller to review,
        in the seller's language now."""
        return [said(None) for said in self.shared_orders_said]

    @property
    def kept_referrers(self) -> list[str]:
        """The 推荐人 cells kept in the notes (naming nobody), in the seller's language now."""
        return [kept() for kept in self.referrers_said]

    @property
    def unknown_members(self) -> list[str]:
        """The members of a contacts file's groups named by a phone nobody has (or several
        customers share), in the seller's language now."""
        return [said() for said in self.members_said]

    @property
    def restated_orders(self) -> int:
        """Rows of orders in the book the file says were closed or refunded since, skipped."""
        return self.restated_closed + self.restated_refunded

    def __post_init__(self) -> None:
        if not isinstance(self.errors, Problems):  # a list given: counted as it is kept
            self.errors = Problems(self.errors)

    @property
    def bad_rows(self) -> int:
        return self.errors.bad_rows

    @property
    def rows_read(self) -> int:
        """The rows of the file read, as its summary counts them: `rows` and a pay bill's
        rows left out before any is read as a purchase (pay_bill_lines says them)."""
        return self.rows + self.bill_spent + self.bill_neutral + self.bill_returned

    @property
    def error_count(self) -> int:
        """Every bad cell (errors keeps the first Problems.KEPT)."""
        return self.errors.total

    @property
    def held_back(self) -> int:
        return sum(self.held_back_for.values())


# Lines and distinct words of the rows not known to be refunded shown in the report
UNSURE_SHOWN, UNSURE_WORDS = 10, 3
ORDER_CHANGES_SHOWN = 10  # purchases an update changed, named in the report


def unsure_refunds_line(report: ImportReport) -> str:
    """The summary's line of the rows recorded as paid after a sale whose words do not say
    whether money went back (售后完成): the seller checks them."""
    separator = t("import.line_list_separator")
    words = [f"“{each}”" for each in report.unsure_words[:UNSURE_WORDS]]
    more = " …" if len(report.unsure_words) > UNSURE_WORDS else ""
    lines = separator.join(map(str, report.unsure_lines))
    more_lines = "…" if report.unsure_refunds > len(report.unsure_lines) else ""
    return t(
        "import.after_sale_unsaid",
        count=report.unsure_refunds,
        words=separator.join(words) + more,
        lines=lines + more_lines,
    )


def order_totals_line(told: OrderTotals) -> str:
    """The summary's line of the orders over several rows whose total was counted once."""
    count, total, item, closed, kept = told
    if not item:
        return t("import.order_totals_once", count=count, total=total)
    return t("import.order_totals_shared", count=count, total=total, item=item) + closed_rows_said(
        closed, kept
    )


def pay_bill_lines(report: ImportReport) -> list[str]:
    """What the report says of a WeChat Pay or Alipay bill: its rows that were no
    customer's payment, left out (a kind of none is not said: 支出 1 笔, never 不计收支 0 笔
    beside it), and that its buyers were found by their nickname."""
    if not report.paid_bill:
        return []
    said: list[str] = []
    spent, neutral = report.bill_spent, report.bill_neutral
    if spent and neutral:
        said.append(t("import.bill_left_out", spent=spent, neutral=neutral))
    elif spent:
        said.append(t("import.bill_left_out_spent", count=spent))
    elif neutral:
        said.append(t("import.bill_left_out_neutral", count=neutral))
    paid_back = paid_back_line(report)
    if paid_back:  # (after the money out it is among)
        said.append(paid_back)
    if report.bill_returned:  # named by the bill's own kinds (转账-退款, 美团-退款)
        kinds = report.bill_kinds
        shown = t("import.line_list_separator").join(kinds[:KINDS_SHOWN])
        more = " …" if len(kinds) > KINDS_SHOWN else ""
        column = report.bill_kind_column
        said.append(
            t("import.bill_returned", count=report.bill_returned, column=column, kinds=shown + more)
        )
    said.append(t("import.bill_nicknames"))
    return said


def paid_back_line(report: ImportReport) -> str:
    """The report's line of a bill's money out to a payer of its money in that came in
    (maybe a refund by transfer, to record on her page): the first rows, and how many more;
    "" for none (a payer whose rows were all brought in before, or refunded in full, is
    not said: recorded already, or nothing left to refund)."""
    if report.errors and not report.kept_good:
        return ""  # refused whole: nothing came in (a dry run's would be refused so too)
    paid_in = report.bill_payers_in
    told = [(payee, paid) for payee, paid in report.bill_paid_to.items() if payee in paid_in]
    count = sum(rows for _, (rows, _) in told)
    if not count:
        return ""
    firsts = sorted((line, payee, amount) for payee, (_, shown) in told for line, amount in shown)[
        :PAID_BACK_SHOWN
    ]
    shown = t("import.line_list_separator").join(
        t("import.bill_paid_back_row", line=line, payer=payee, amount=amount)
        for line, payee, amount in firsts
    )
    more = count - len(firsts)
    more_said = t("import.bill_paid_back_more", count=more) if more else ""
    return t("import.bill_paid_back", count=count, listed=shown + more_said)


def closed_rows_said(closed: int, kept: int) -> str:
    """What the summary adds of an order's item rows closed or unpaid beside bought ones:
    those taking no share of its amount (nearer what the others cost) and those keeping
    theirs, not booked (nearer what every item costs): orders._open_rows_take_all."""
    said = t("import.first_row_closed", count=closed) if closed else ""
    return said + (t("import.closed_rows_keep_share", count=kept) if kept else "")


def priced_totals_line(told: PricedTotals) -> str:
    """The summary's line of the orders whose amount repeated on each row was read as their
    paid total, shared out by the unit prices (orders._repeats)."""
    count, total, price, quantity = told
    basis = price_basis(price, quantity)
    return t("import.order_totals_priced", count=count, total=total, basis=basis)


def new_items_line(report: ImportReport, lang: Lang | None = None) -> str:
    """The summary's line of the rows of orders in the book whose item the book did not
    hold for that order, imported as items of it (ImportReport.new_items): or that would
    be, on a dry run, or were not, in an import refused whole."""
    line, order, items = report.first_new_item or (0, "", "")
    if report.errors and not report.kept_good:
        outcome = "not"  # refused whole: nothing came in, a dry run's or not
    else:
        outcome = "would" if report.dry_run else "done"
    return t(
        "import.new_items",
        lang,
        count=report.new_items,
        line=line,
        order=order,
        items=items or "—",
        outcome=t(f"import.new_items.{outcome}", lang),
    )


def respelled_orders_line(report: ImportReport) -> str:
    """The summary's line of the order numbers taken as an order of the same customer that
    the book holds with leading zeros (or without them): ImportReport.respelled_orders."""
    line, order, held = report.first_respelled or (0, "", "")
    count = report.respelled_orders
    return t("import.orders_respelled", count=count, line=line, order=order, held=held)


def respelled_in_file_line(report: ImportReport) -> str:
    """The summary's line of the order numbers taken as an earlier row's order of the same
    customer but for leading zeros (ImportReport.respelled_in_file)."""
    line, order, held, first_line = report.first_respelled_in_file or (0, "", "", 0)
    return t(
        "import.orders_respelled_in_file",
        count=report.respelled_in_file,
        line=line,
        order=order,
        held=held,
        first_line=first_line,
    )


def order_days_line(report: ImportReport) -> str:
    """The summary's line of the rows booked on the day of their order's first row
    (ImportReport.order_days_joined)."""
    line, order, day, first, first_line = report.first_day_joined or (0, "", "", "", 0)
    return t(
        "import.order_days_joined",
        count=report.order_days_joined,
        line=line,
        order=order,
        day=day,
        first=first,
        first_line=first_line,
    )


def first_row_amounts_line(told: FirstRowAmounts) -> str:
    """The summary's line of the orders whose amount on their first row only, the other
    rows blank, was read as the order's paid total (orders._Repeats.first_row)."""
    count, column, order, lines, cents, priced, price, quantity, closed, kept = told
    if priced == count:
        how = t("import.first_row_priced", basis=price_basis(price, quantity))
    elif priced:
        how = t("import.first_row_some_priced", basis=price_basis(price, quantity))
    else:
        how = t("import.first_row_on_first")
    return t(
        "import.first_row_amounts" if order else "import.first_row_amounts_merged",
        count=count,
        column=column,
        order=order,
        lines=_lines_said(lines),
        amount=cents_shown(cents),
        how=how,
    ) + closed_rows_said(closed, kept)


def repeated_amounts_line(told: RepeatedAmounts, how: str) -> str:
    """The summary's line of the orders whose rows each state one same amount, read as
    written for want of unit prices (orders._repeats); `how`: the front end's words for
    reading that amount as the order's (the CLI's --map, the app's mapping)."""
    count, column, order, lines, cents = told
    return t(
        "import.repeated_amounts",
        count=count,
        column=column,
        order=order,
        lines=_lines_said(lines),
        amount=cents_shown(cents),
        how=how,
    )


_LINES_SAID = 5  # lines of an order named in a report line; "…" for the rest


def _lines_said(lines: Sequence[int]) -> str:
    """Lines as a report names them: 2–3 when they follow one another, else 2, 5 (the first
    few, then …)."""
    first, last = lines[0], lines[-1]
    if list(lines) == list(range(first, last + 1)):
        return f"{first}–{last}"
    said = t("import.line_list_separator").join(map(str, lines[:_LINES_SAID]))
    return said + ("…" if len(lines) > _LINES_SAID else "")


def held_back_lines(report: ImportReport) -> list[str]:
    """The summary's lines of the rows held back, one a cause, and how to bring them in, as
    the CLI and the app say it."""
    causes = [
        each for each in ("keys", "code", "names", "merged") if report.held_back_for.get(each)
    ]
    lines = [t(f"import.held_back.{cause}", count=report.held_back_for[cause]) for cause in causes]
    if lines:
        count = sum(report.held_back_for[cause] for cause in causes)
        how = "import.held_back.how_contacts" if report.contacts else "import.held_back.how"
        lines.append(t(how, count=count))
    if renamed := report.held_back_for.get("renamed"):
        lines.append(t("import.held_back.renamed", count=renamed))
        lines.append(t("import.held_back.renamed_how", count=renamed))
    return lines


class ImportRejected(BookError):
    """Bad rows in an all-or-nothing import: nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__("import.rejected", bad=report.bad_rows, rows=report.rows_read)


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


# Near-match lists kept beside a book: the newest ones; older ones are removed as a new one
# is written (names and phones in clear text should not pile up beside the book).
KEPT_NEAR_LISTS = 5
_NEAR_STAMP = re.compile(r"\d{8}-\d{6}-\d{6}\.txt")


def keep_near_matches(near: Sequence[str], book: Book) -> Path | None:
    """The whole list of an import's near matches in a private file beside the book
    (<book>-相近客户-<time>.txt), for the seller to go through when there are more than a
    screen shows; None when it cannot be written (a read-only folder, a full disk) and for
    an encrypted book (names and phones never lie beside it in clear text). The book's
    KEPT_NEAR_LISTS newest lists stay, older ones are removed."""
    from datetime import datetime

    from xiaoben.store.files import write_private

    if book.encrypted:
        return None
    book_path = book.path
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    word = t("import.near_matches_file")
    target = book_path.parent / f"{book_path.stem}-{word}-{stamp}.txt"

    def write(temp: Path) -> None:
        temp.write_text("\n".join(near) + "\n", encoding="utf-8")

    try:
        kept = write_private(target, write, book=book_path)
    except (OSError, BookError):
        return None
    for older in near_lists(book_path)[:-KEPT_NEAR_LISTS]:
        older.unlink(missing_ok=True)
    return kept


def near_lists(book_path: Path) -> list[Path]:
    """The near-match lists kept beside the book (named in either language), oldest first."""
    starts = {f"{book_path.stem}-{t('import.near_matches_file', lang=lang)}-" for lang in LANGS}
    found: list[tuple[str, Path]] = []
    try:
        entries = list(book_path.parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        for start in starts:
            stamp = entry.name[len(start) :]
            if entry.name.startswith(start) and _NEAR_STAMP.fullmatch(stamp) and _plain(entry):
                found.append((stamp, entry))
    return [entry for _, entry in sorted(found)]


@dataclass(frozen=True)
class NearListsRemoved:
    removed: list[Path]
    left: list[Path]  # those that could not be removed
    reason: str = ""  # why the first of them could not


def remove_near_lists(book_path: Path) -> NearListsRemoved:
    """Remove the near-match lists kept beside the book: once it is encrypted, names and
    phones must not lie beside it in clear text (and, as an encrypted book writes no new
    list, their rotation would never remove them)."""
    removed: list[Path] = []
    left: list[Path] = []
    reason = ""
    for kept in near_lists(book_path):
        try:
            kept.unlink()
        except FileNotFoundError:
            continue  # gone already
        except OSError as exc:
            left.append(kept)
            reason = reason or exc.strerror or str(exc)
        else:
            removed.append(kept)
    return NearListsRemoved(removed, left, reason)


def _plain(entry: Path) -> bool:
    return entry.is_file() and not entry.is_symlink()


class ImportCancelled(Exception):
    """Raised by an import's progress callback when the seller stopped the import (Ctrl+C,
    quitting the app). Every call but the last ("tiers", 1, 1) is made inside the import's
    transaction or before it, so raised from one it unwinds the import with nothing written."""


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


def _note_rounded(report: ImportReport, table: CsvTable) -> None:
    rounded = getattr(table, "rounded", None)  # a sheet's (ImportTable); a CSV has no number cells
    if rounded:
        report.rounded_amounts, report.first_rounded = len(rounded), rounded.first()


def import_table(
    book: Book,
    kind: Literal["purchases", "customers"],
    table: CsvTable,
    progress: Progress,
    *,
    allow_large: bool = False,
    read_apart: bool = False,
    let_go: bool = False,
    **options: Any,
) -> ImportReport:
    """Parse the table (CSV, sheet or contacts) as `kind` and import it into the book: the one
    way in for the CLI and the app's Import screen. `options` are those of import_purchases
    (create_missing, on_duplicate) or import_customers (on_duplicate), and keep_good /
    dry_run. Purchases are read, checked and written a batch at a time (a million rows
    never sit in memory at once), in one transaction all the same; with `read_apart` (the
    CLI, whose threads are its progress bar's and the day's backup copying the book:
    the forked child touches neither, and no SQLite, OpenSSL or logging of its parent's)
    a large CSV's batches are read and checked in a child process while this one writes
    (store/reader_child.py). `let_go`: the caller reads the table's rows no more (the CLI
    works out its warnings before): a large sheet's cells are let go once its customers
    are parsed (SheetRows.let_go)."""
    from xiaoben.store import reader_child
    from xiaoben.store.importing.customer_rows import parse_customers
    from xiaoben.store.importing.purchase_rows import purchase_batches
    from xiaoben.store.importing.vcards import with_field_lines

    if is_redacted_copy(table.header):
        raise cannot_import(table.path, "redacted_copy")
    if kind == "purchases":
        large = None if allow_large else book.rules().large_purchase
        large_cents = None if large is None else int(large * 100)
        today = book.today()

        def read() -> Generator[ParsedBatch, None, None]:
            return purchase_batches(table, large_cents=large_cents, latest=today)

        rows = table.rows
        read_batches = (
            reader_child.batches_from_child(
                read, rows.source.path, prepare=bool(options.get("create_missing"))
            )
            if read_apart and isinstance(rows, FileRows) and reader_child.usable(table)
            else read()
        )
        try:
            batches = _with_rows(table, read_batches)
            columns = _mapped_columns(table)
            fields = None if columns is None else columns.fields
            report = _import_purchase_batches(
                book,
                batches,
                progress=progress,
                quantity_given=fields is None or "quantity" in fields,
                accounts_given=fields is None or "account" in fields,
                key_columns=None if columns is None else key_columns_of(columns),
                **options,
            )
        except ImportRejected as rejected:
            _note_rounded(rejected.report, table)
            raise
        finally:
            read_batches.close()  # a child reading the file is stopped and reaped, whatever came
        _note_rounded(report, table)
        return report

    def parsing(done: int, total: int) -> None:
        progress("parse", done, total)

    custom = book.fields()
    customers, errors = parse_customers(
        with_field_lines(table, custom), progress=parsing, custom=custom, today=book.today()
    )
    if let_go and isinstance(table.rows, SheetRows):  # parsed: the cells are needed no more
        table.rows.let_go()  # (~45 MB at 100,000 rows: the design's 250 MB was passed)
        give_back_freed_memory(collect=False)
    if not customers and not errors:
        # A file of a header alone, or of a header and the sheet's 合计 line: nothing to
        # import, said as an error rather than "0 of 0 rows imported".
        totals = total_rows(table.rows)
        if not totals:  # no row, or the header repeated alone (said before the import)
            raise cannot_import(table.path, "no_rows")
        raise OnlyTotals(table.path, totals)
    group_phones = getattr(table, "group_phones", ())  # a contacts file's (ImportTable)
    # handed over: each row let go once written (a 100,000-row file's rows: ~160 MB)
    report = import_customers(
        book,
        customers,
        errors,
        progress=progress,
        group_phones=group_phones,
        consume=True,
        **options,
    )
    report.contacts = getattr(table, "format", "") == "vcard"
    work: Sequence[int] = getattr(table, "work_addresses", ())  # a contacts file's
    report.work_addresses = tuple(line for line in work if not report.errors.holds(line))
    return report


def _mapped_columns(table: CsvTable) -> ColumnMap | None:
    """A purchases file's columns as mapped to fields (None: said by the reading). Does it
    give each purchase's quantity? Without one a row's quantity is 1, which an update must
    not write over the book's. Does it give shop accounts? Without one no account is claimed
    for a buyer (PurchaseWriter._claim_accounts), nor is each batch looked over for one.
    Which columns are its keys read from? A row refused for its customer is said under
    the column (key_columns_of)."""
    from xiaoben.store.importing.columns import match_columns

    try:
        return match_columns(table.header, "purchases", mapping=table.mapping)
    except BookError:  # said by the reading, as it always was
        return None


# The fields a purchases file's keys are read from, by their kind (purchase_rows._KEY_KINDS;
# a switchboard's extension is the phone cell's)
_KEY_COLUMNS = {
    "code": ("code",),
    "any": ("customer",),
    "phone": ("phone",),
    "extension": ("phone",),
    "wechat": ("wechat",),
    "account": ("account",),
    "name": ("name", "nickname"),
}


def key_columns_of(columns: ColumnMap) -> dict[str, str]:
    """The header, as the file writes it, of the column each kind of a row's keys is read
    from (a pay bill's payer: 交易对方; a 客户 column: 客户): a row the writer refuses for its
    customer is said under it, as a bad cell is under its own. A kind two columns may give
    (a name: 姓名, or 买家昵称 where it is blank) is said under neither: its field's words."""
    found: dict[str, str] = {}
    for kind, fields in _KEY_COLUMNS.items():
        given = [field for field in fields if field in columns.fields]
        if len(given) == 1:
            found[kind] = columns.column(given[0])
    return found


def _with_rows(table: CsvTable, batches: Iterator[ParsedBatch]) -> Iterator[ParsedBatch]:
    """The batches; a BookError (read inside the import's transaction: nothing is written)
    when the file has a header and not one row under it, rather than "0 of 0 rows"."""
    first = next(batches, None)
    if first is None or not (first.rows or first.errors):
        later = next(batches, None)
        if later is None:
            # A header alone, or a header and the sheet's 合计 line: nothing to import.
            totals = [each for each in first.totals if is_total_or_footer(each[1])] if first else []
            if totals:  # (a row repeating the header alone: said, and no row under it)
                raise OnlyTotals(table.path, totals)
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
    unknown_words: str = "store",
) -> ImportReport:
    """Parsed purchase rows into the book (see import_table for a table read in batches).
    `unknown_words`: the catalogue section whose unknown_customer and unknown_namesake say
    why a row names nobody (without create_missing), as the front end names that option
    (store: the CLI's flag; importer: the app's box)."""
    batch = ParsedBatch(list(rows), list(parse_errors), len(rows), len(rows))
    return _import_purchase_batches(
        book,
        [batch],
        create_missing=create_missing,
        keep_good=keep_good,
        dry_run=dry_run,
        on_duplicate=on_duplicate,
        progress=progress,
        unknown_words=unknown_words,
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
    unknown_words: str = "store",
    quantity_given: bool = True,
    accounts_given: bool = True,
    key_columns: Mapping[str, str] | None = None,
) -> ImportReport:
    """Match each purchase row to its customer (by code, phone, WeChat ID or name; created
    with `create_missing`) and insert it; a row repeating an order number an earlier import
    brought in is skipped, updates that purchase, or is imported as a new one (`on_duplicate`).
    One transaction: refused whole if a row is bad (unless `keep_good`)."""
    report = ImportReport(dry_run=dry_run, kept_good=keep_good, purchases=0)

    def write(report: ImportReport, touched: Touched) -> None:
        writer = PurchaseWriter(
            book,
            report,
            create_missing=create_missing,
            on_duplicate=on_duplicate,
            keep_good=keep_good,
            unknown_words=unknown_words,
            quantity_given=quantity_given,
            accounts_given=accounts_given,
            key_columns=key_columns,
        )
        batch: ParsedBatch | None = None
        # a bill's rows of money in read as bought, by line: their payer (BillTold.opened),
        # until the row is written (PurchaseWriter.bill_written); a row refused stays
        opened: dict[int, str] = {}
        with without_gc():
            with _page_cache(book.conn, IMPORT_CACHE_KIB):
                for batch in batches:
                    if progress:
                        progress("parse", batch.done, batch.total)
                    report.rows += len(batch.rows)
                    report.errors += batch.errors
                    report.total_rows += batch.totals
                    report.order_totals = batch.order_totals or report.order_totals
                    report.priced_totals = batch.priced_totals or report.priced_totals
                    report.repeated_amounts = batch.repeated_amounts or report.repeated_amounts
                    report.first_row_amounts = batch.first_row_amounts or report.first_row_amounts
                    if batch.unsure_refunds:
                        report.add_unsure(batch.unsure_refunds)
                    writer.partly = dict(batch.partly_paid)
                    if batch.bill is not None:
                        writer.take_nicknames()  # its payers are nicknames
                        if writer.bill_written is None:
                            writer.bill_written = set()
                        report.paid_bill = True
                        report.bill_spent += batch.bill.spent
                        report.bill_neutral += batch.bill.neutral
                        report.bill_returned += batch.bill.returned
                        report.bill_kinds = batch.bill.kinds  # (the file's so far)
                        report.bill_kind_column = batch.bill.kind_column
                        for payee, rows in batch.bill.paid_back:
                            add_paid_to(report.bill_paid_to, payee, rows)
                        opened.update(batch.bill.opened)
                    expected = report.rows * batch.total // max(batch.done, 1)
                    writer.write(
                        batch.rows, max(expected, report.rows), batch.prepared, batch.waited
                    )
                    _payers_written(writer, opened, report)
                    if batch.unchecked and not keep_good:  # refused whole: say all
                        writer.check_refused(batch.unchecked)
                    # (a row's bad cells are all in its batch, whose rows are the good ones)
                    report.rows += len({error.line for error in batch.errors})
                    if progress:
                        progress("match", batch.done, batch.total)
                # Not held through the index builds and the follow-up: the last batch's rows,
                # and (read apart) the key sets of the whole file its columns point into.
                batch = None
            # The indexes are built under the book's own page cache: SQLite sizes its sort by
            # the cache, and this SQLite keeps what a sort spills in memory (TEMP_STORE=3).
            # The collector stays off: a large import's finish collects once, itself; back
            # on before it, a pass over what the import still holds came first (~0.06 s).
            writer.finish(touched)
            _payers_written(writer, opened, report)  # (of rows held to the end: waiting)
            report.partly_paid = len(writer.partly_written)
            report.repeated_amounts = _imported_orders(report, report.repeated_amounts)
            report.first_row_amounts = _imported_orders(report, report.first_row_amounts)

    with book.references_unchecked():  # the writer checks its purchases' customers itself
        return _in_one_batch(book, report, write, progress)


def _payers_written(writer: PurchaseWriter, opened: dict[int, str], report: ImportReport) -> None:
    """The payers of a bill's rows of money in the writer wrote since it was last asked,
    into the report's (bill_payers_in); their rows are waited for no more (`opened`). A
    row it refused, held to the end (waiting) or found brought in before is none of them."""
    written = writer.bill_written
    if not written:
        return
    for line in written:
        payer = opened.pop(line, None)
        if payer is not None:
            report.bill_payers_in.add(payer)
    written.clear()


_Told = TypeVar("_Told", RepeatedAmounts, FirstRowAmounts)


def _imported_orders(report: ImportReport, told: _Told | None) -> _Told | None:
    """Orders the report says were read one way (repeated amounts read row by row, an amount
    on a first row only read as the order's), as it says them: found as the rows were read,
    before any was refused (a masked buyer, a name of 无), they are said only where rows
    came in, and not by an order of which none did."""
    if told is None or not report.imported:
        return None
    count, lines = told[0], told[3]
    if count == 1 and set(lines) <= {error.line for error in report.errors}:
        return None
    return told


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
    group_phones: Sequence[tuple[str, str]] = (),
    consume: bool = False,
) -> ImportReport:
    """Create customers, or match each row to one in the book (code, then phone, then WeChat
    ID; earlier rows of the file count) and `update` it (non-empty cells only), `skip` it or
    add a `new` one beside it. Near matches are listed in the report, never merged.
    Referrers are resolved last; then each (group, phone) of `group_phones` (a contacts
    file's group members it has no card of) gives its group's tag to the customer of that
    phone. `consume`: `rows` is a list the caller hands over, each row let go (None in
    it) once written, so that a large file's rows and what writing them holds (their keys,
    the book's customers) never peak together (import_table)."""

    owned = consume and isinstance(rows, list)
    rows = _whole_names(book.conn, rows, in_place=owned)

    def write(report: ImportReport, touched: Touched) -> None:
        _write_customers(
            book, rows, report, touched, on_duplicate, progress, group_phones, consume=owned
        )
        if len(rows) >= BULK_ROWS:  # what matching held, given back before the follow-up
            give_back_freed_memory()

    report = ImportReport(
        rows=len(rows) + len({error.line for error in parse_errors}),
        errors=Problems(parse_errors),
        dry_run=dry_run,
        kept_good=keep_good,
    )  # (its name_phones: counted as the rows are written, _kept_in_notes)
    return _in_one_batch(book, report, write, None)


def _whole_names(
    conn: sqlite3.Connection, rows: Sequence[CustomerRow], in_place: bool = False
) -> Sequence[CustomerRow]:
    """The rows whose name cell held a mobile (刘洋 13800138006) read with the cell whole
    where the book has a customer of that whole name (typed so in the app, or exported so):
    the name the book has, never split into another (CustomerRow.whole). `in_place`: put
    into `rows` itself (a list handed over: no second list holding every row)."""
    wholes = list({row.whole.name for row in rows if row.whole is not None})
    if not wholes:
        return rows
    known: set[str] = set()
    for start in range(0, len(wholes), 500):
        part = wholes[start : start + 500]
        marks = ", ".join("?" * len(part))
        sql = f"SELECT name FROM customers WHERE name IN ({marks})"  # (? marks only)
        known.update(str(name) for (name,) in conn.execute(sql, part))
    read = [
        replace(
            row,
            held=held_of(row.whole),
            name_phone="",
            name_words="",
            name_remark="",
            given=row.given if row.whole.phones else row.given - {"phones"},
            whole=None,
        )
        if row.whole is not None and row.whole.name in known
        else row
        for row in rows
    ]
    if in_place and isinstance(rows, list):
        rows[:] = read
        return rows
    return read


def _write_customers(
    book: Book,
    rows: Sequence[CustomerRow],
    report: ImportReport,
    touched: Touched,
    on_duplicate: OnDuplicate,
    progress: Progress | None,
    group_phones: Sequence[tuple[str, str]] = (),
    consume: bool = False,
) -> None:
    """Each row matched (see _match), then folded into its customer in file order: a
    customer several rows name is written once, with the later non-empty cells, and counted
    as updated only if the folded result differs from the book (a re-import: 0 updated).
    `consume`: `rows` (a list) is emptied as its rows are gone through (import_customers)."""
    conn = book.conn
    stamp = stamp_text(book.now())
    today = book.today()
    count = len(rows)
    saved = _SavedRows()
    changed: set[int] = set()
    fields_changed: set[int] = set()  # customers whose custom field values the rows changed
    keys = KeyIndex.load(conn)
    if report.dry_run:
        keys.made_in_dry_run = {}
    custom = book.field_map() if any(row.fields for row in rows) else {}
    folding = _Folding(book)
    folding.account_buyers, folding.account_names = _accounts_in(keys, rows)
    # A row left out as another customer's keys under its name is tried again after the
    # rest: a later row may bring the customer it is (importing the file again finds them).
    # It is tried again while rows come in since it was last tried (one row tried again may
    # bring the customer of another), each time with the count of rows in by then.
    queue: list[tuple[int, CustomerRow, int | None]] = []  # those, after the rest
    skipped: set[int] = set()
    told = 0  # rows of customers merged into others, that the book has as they are
    # the rows of a merged name cell (CustomerRow.merged_with) follow its first row: what
    # became of it, by its line (a customer found or made, or the cause it was held back
    # for), and the first rows waiting to be tried again after the rest
    cells = _MergedCells({row.merged_with for row in rows if row.merged_with is not None})
    new_keys = LaterKeys(conn)  # the search keys of the customers made, a sorted batch at a time
    for done, row, tried_at in _in_turn(rows, queue, consume):
        again = tried_at is not None
        customer = _with_wechat_text(row.customer, row.wechat_text)
        cells.waiting.discard(row.line)
        try:
            if row.merged_with in cells.waiting:
                queue.append((done, row, -1))  # after its first row, tried again
                continue
            if row.merged_with is not None:
                found = cells.follow(row)
                if found.customer_id is not None and not found.merged and on_duplicate != "new":
                    found = _joined_keys(keys, folding, customer, found, row.merged_with)
            elif on_duplicate == "new":
                found = _as_new(keys, folding, customer)
            else:
                found = _match(keys, customer, row, folding)
            if found.refused and tried_at != len(saved) and _keyed(customer) and not found.joined:
                queue.append((done, row, len(saved)))
                cells.waiting.add(row.line)
                continue
            if found.near:
                report.near_said.append(_near_said(row.line, found.near))
            if found.refused:
                cause = found.refused
                report.held_back_for[cause] = report.held_back_for.get(cause, 0) + 1
                if found.near and len(report.held_lines) < HELD_KEPT:
                    report.held_lines[row.line] = found.near
                cells.decided(row.line, found.refused)
                continue
            if found.merged and on_duplicate != "skip":
                cells.decided(row.line, found)
                said = _merged_row(book, keys, folding, custom, (row, customer), found)
                if said is None:
                    told += 1  # counted as imported: the book has it as it is
                    report.merged_rows += 1
                    report.first_merged_row = report.first_merged_row or row.line
                else:
                    report.near_said.append(Words("import.near_line", line=row.line, near=said))
                    report.held_back_for["merged"] = report.held_back_for.get("merged", 0) + 1
                    if len(report.held_lines) < HELD_KEPT:
                        report.held_lines[row.line] = said
                continue
            if (
                found.customer_id is not None
                and on_duplicate == "skip"
                and not (found.joined and found.customer_id in folding.created)
            ):
                cells.decided(row.line, found)
                # counted once a customer, and only one the book had before the file
                if found.customer_id not in skipped | folding.created:
                    skipped.add(found.customer_id)
                    report.skipped_customers += 1
                continue
            if found.customer_id is None:
                customer, _ = _noted_wechat(keys, row, customer, None, report)
                if row.year_band is not None and customer.age_band is None:
                    customer = customer.model_copy(update={"age_band": row.year_band})
                customer_id = insert_customer(
                    conn, customer.model_copy(update={"referred_by": None}), stamp, new_keys
                )
                _kept_in_notes(row, None, report)
                folding.created.add(customer_id)
                folding.made_by[customer_id] = row.line
                if keys.made_in_dry_run is not None:
                    keys.made_in_dry_run[customer_id] = (customer.name, row.line)
                if customer.wechat:
                    folding.wechats[customer_id] = (row.line, customer.wechat)
                report.derived_regions += row.derived_region
                keys.add(
                    customer_id,
                    code=customer.code,
                    name=customer.name,
                    phones=customer.phones,
                    wechat=customer.wechat,
                    accounts=shop_accounts(customer.notes) if customer.notes else [],
                )
                report.created_customers += 1
            else:
                customer_id = found.customer_id
                if not found.by_id:  # the #id an export wrote is the customer's own
                    _same_customer(keys, customer_id, customer, None if found.by_code else found)
                current = folding.current(customer_id)
                customer = _without_own_masked(customer, row.hidden_phones, current)
                customer, given = _noted_wechat(keys, row, customer, current, report, customer_id)
                customer, given = _with_year_band(row, customer, given, current)
                if customer.wechat:
                    customer, current = folding.one_wechat(keys, customer_id, row.line,
                                                           customer, current, report)  # fmt: skip
                # a row tried again after the rest gives way to the rows after it in the file
                later = folding.later(saved, customer_id, row.line) if again else frozenset()
                merged, derived = _merge(current, customer, given, later)
                if "age_band" not in given:  # a band set from a year follows a birthday
                    band = band_after_birthday(
                        current.age_band, current.birthday, merged.birthday, current.notes, today
                    )
                    if band != merged.age_band:
                        merged = merged.model_copy(update={"age_band": band})
                if merged.name != current.name and _named_by_key(keys, customer_id):
                    named_now = Words(
                        "import.named_now", other=keys.shown(customer_id), name=merged.name
                    )
                    report.near_said.append(_near_said(row.line, named_now))
                holder = keys.codes.get(merged.code or "", customer_id)
                if holder != customer_id:
                    raise BookError(
                        "store.duplicate_code", code=merged.code, name=keys.shown(holder)
                    )
                folding.fold(customer_id, merged, current)
                _kept_in_notes(row, current, report)
                if customer_id in folding.created and row.merged_with is None:
                    # a later row (a vCard's second card) of a customer an earlier row of
                    # the file made: counted as updated, so the counts add up to the rows,
                    # and said, naming both rows and what this one changed
                    report.updated_customers += 1
                    first = folding.made_by.get(customer_id)
                    if first is not None and not again:
                        said = _same_in_file(first, current, (row, customer), merged, found)
                        if len(report.same_said) < HELD_KEPT:
                            report.same_said.append(_near_said(row.line, said))
                if derived:
                    folding.derived.add(customer_id)
                keys.add(
                    customer_id,
                    code=merged.code,
                    name=merged.name,
                    phones=merged.phones,
                    wechat=merged.wechat,
                    accounts=shop_accounts(merged.notes) if merged.notes else [],
                )
        except (KeysDisagree, NotesPastLimit) as exc:
            report.errors.append(RowError(row.line, exc.column, exc.value, exc.message))
            continue
        except MergedCellRefused as exc:
            message = cell_message("name", Words("import.merged_cell_refused", first=exc.first))
            report.errors.append(RowError(row.line, Words("field.name"), customer.name, message))
            continue
        except BookError as exc:
            report.errors.append(_key_error(row.line, customer, exc))
            continue
        saved.append(row.line, customer_id, row.referrer_key, row.given)
        cells.decided(row.line, _Found(customer_id))
        ref = row.book_ref
        if ref is not None:
            folding.book_ids.setdefault(ref.number, customer_id)
            folding.numbered.add(customer_id)
            if ref.book is not None and ref.book != keys.mark:  # another book's
                folding.foreign[(ref.book, ref.number)] = customer_id
        if folding.by_customer is not None:
            folding.by_customer.setdefault(customer_id, []).append(saved[-1])
        if _write_fields(conn, custom, customer_id, row):
            fields_changed.add(customer_id)
        if progress and done % 2000 == 0:
            progress("customers", done, count)
    new_keys.flush()  # before folding.write writes a customer's keys again
    _link_referrers(keys, saved, folding, report)
    _tag_group_members(keys, folding, group_phones, report, update=on_duplicate == "update")
    remember_foreign(conn, folding.foreign)  # so that book's purchases export finds them
    for customer_id in folding.write(stamp):
        changed.add(customer_id)
        if customer_id not in folding.created:
            report.updated_customers += 1
            report.derived_regions += customer_id in folding.derived
    # a customer whose only change is a custom field's value (a 预算 column) is updated too
    report.updated_customers += len(fields_changed - folding.created - changed)
    changed.update(each.referred_by for each in folding.pending.values() if each.referred_by)
    report.imported = len(saved) + told
    # (bad rows left out with --keep-good too: the good ones are the book's as they are)
    # (the rows held back for review too: a second run that changes nothing says so)
    report.nothing_changed = (
        bool(report.imported)
        and report.imported + report.held_back == count
        and not (report.created_customers or report.updated_customers)
    )
    # and every customer made: counted, not put into `changed` (100,000 ids a second time,
    # just before the follow-up's own peak)
    made = sum(1 for each in folding.created if each not in changed)
    total = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    if len(changed) + made > max(5000, total // 5):
        touched.all = True
    else:
        touched.add(*changed, *folding.created)


# the refusals of a key of the row's (under its field), not of its code
_KEY_REFUSALS = AMBIGUOUS_KEY | {"import.new_key_taken"}


def _as_new(keys: KeyIndex, folding: _Folding, customer: Customer) -> _Found:
    """A row imported as a new customer (on_duplicate "new"): refused, as a code another
    customer has is, when its phone, WeChat ID or shop account is a book customer's; the
    customer an earlier row of the file made when it is hers (two rows of one file with one
    phone are one customer). "New" keeps a row from being merged into a customer it
    resembles; a second customer of one key would make every purchase found by it name
    both."""
    for kind, value, stored in _key_holders(keys, folding, customer):
        if stored and stored <= folding.created:  # an earlier row of the file: one person
            return _Found(min(stored))
        if stored:
            holders = keys.shown_all(sorted(stored)[:2])
            raise BookError(
                "import.new_key_taken", kind=kind, key=key_as_written(kind, value), name=holders
            )
    return _Found()


def _key_error(line: int, customer: Customer, exc: BookError) -> RowError:
    """A row refused for a key of its customer: a code another customer has, or a phone,
    WeChat ID or name several customers share — named under that key's field, with its
    value (a shared phone was said under 编号, the file having no code column); a code's
    own, under 编号."""
    kind = exc.values.get("kind") if exc.key in _KEY_REFUSALS else None
    if isinstance(kind, str) and kind in KEY_FIELDS:
        return RowError(line, Words(KEY_FIELDS[kind]), str(exc.values["key"]), exc.message)
    return RowError(line, Words("field.code"), customer.code or "", exc.message)


class _Saved(NamedTuple):
    """What the steps after the rows need of a row written (not the row: a large file's
    rows are let go as they are written)."""

    line: int
    customer_id: int
    referrer_key: str | None
    given: frozenset[str]


class _SavedRows:
    """The _Saved of each row written, in file order, held in columns: its line and its
    customer in arrays, its fields as the set rows alike share, its referrer only where it
    names one (a tuple each held ~100 bytes a row, 10 MB of a 100,000-row file's; ~25 here)."""

    def __init__(self) -> None:
        self.lines = array("q")
        self.ids = array("q")
        self.given: list[frozenset[str]] = []
        self.referrers: dict[int, str] = {}  # the row's place here -> its 推荐人 cell

    def append(
        self, line: int, customer_id: int, referrer: str | None, given: frozenset[str]
    ) -> None:
        if referrer is not None:
            self.referrers[len(self.lines)] = referrer
        self.lines.append(line)
        self.ids.append(customer_id)
        self.given.append(given)

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, at: int) -> _Saved:
        at = at + len(self.lines) if at < 0 else at
        return _Saved(self.lines[at], self.ids[at], self.referrers.get(at), self.given[at])

    def __iter__(self) -> Iterator[_Saved]:
        return (self[at] for at in range(len(self.lines)))

    def with_referrers(self) -> Iterator[_Saved]:
        """The rows that name a referrer, in file order."""
        return (self[at] for at in self.referrers)


def _in_turn(
    rows: Sequence[CustomerRow],
    queue: list[tuple[int, CustomerRow, int | None]],
    consume: bool,
) -> Iterator[tuple[int, CustomerRow, int | None]]:
    """(its count, the row, the count of rows saved when last tried: None the first time)
    of each row in file order, then of each row `queue` gets meanwhile (tried again after
    the rest, while the loop goes on adding). `consume`: each row is let go from `rows`
    (a list) as it is handed out."""
    handed = cast(list[CustomerRow | None], rows)  # (consume: a list, handed over)
    for at in range(len(rows)):
        row = rows[at]
        if consume:
            handed[at] = None
        yield at + 1, row, None
    at = 0
    while at < len(queue):
        yield queue[at]
        at += 1


def _link_referrers(
    keys: KeyIndex, saved: _SavedRows, folding: _Folding, report: ImportReport
) -> None:
    """A 推荐人 cell that names one customer (#id, code, phone, WeChat ID or exact name) links
    them; anything else (王姐介绍, a name two customers have) is kept in the notes as written
    and listed: never lost, never a reason to refuse the row."""
    for row in saved.with_referrers():
        customer_id, text = row.customer_id, row.referrer_key
        if not text:
            continue
        try:
            referrer = _file_book_id(text, folding) or keys.resolve_text(text)
            why: Said | None = None
            if referrer in (None, customer_id):
                why = Words("import.referrer_none")
            if referrer == customer_id:
                why = Words("import.referrer_self")
        except BookError as exc:
            referrer, why = None, exc.message
        current = folding.current(customer_id)
        if why:
            line = t("import.referrer_note", "zh", text=text)
            notes = line_added(current.notes, line)
            if line not in current.notes and len(notes) > LONG_MAX:
                # no room left in the notes: the row is refused, never its referrer dropped
                past = NotesPastLimit(text, len(notes))
                report.errors.append(RowError(row.line, past.column, text, past.message))
                continue
            if line not in current.notes:
                folding.pending[customer_id] = current.model_copy(update={"notes": notes})
            report.referrers_said.append(
                Words("import.referrer_kept", line=row.line, text=text, why=why)
            )
        elif current.referred_by != referrer:
            folding.pending[customer_id] = current.model_copy(update={"referred_by": referrer})


def _tag_group_members(
    keys: KeyIndex,
    folding: _Folding,
    group_phones: Sequence[tuple[str, str]],
    report: ImportReport,
    *,
    update: bool,
) -> None:
    """The group's tag for the one customer of each (group, phone) (`update`: the book's
    customers are not left as they are); a phone nobody has, or several customers share,
    is said (a shared key never picks one of them)."""
    if not group_phones:
        return
    from pydantic import TypeAdapter

    from xiaoben.models.customer import Tags

    tag_list: TypeAdapter[list[str]] = TypeAdapter(Tags)
    for group, number in group_phones:
        found = keys.candidates("phone", number)
        if len(found) != 1:
            key = "import.group_member_shared" if found else "import.group_member_unknown"
            report.members_said.append(Words(key, group=group, number=number))
            continue
        [customer_id] = found
        current = folding.current(customer_id)
        tags = tag_list.validate_python([*current.tags, group])
        if update and tags != current.tags:
            folding.fold(customer_id, current.model_copy(update={"tags": tags}), current)


def _file_book_id(text: str, folding: _Folding) -> int | None:
    """The customer a #id names when a row of this file has it (an export names a referrer
    without a code so): in a fresh book, the customer that row became."""
    ref = book_ref(text.strip())
    return folding.book_ids.get(ref.number) if ref else None


class _MergedCells:
    """The rows of a sheet's name cell merged down over several (李娜 over the rows of her
    two phones: CustomerRow.merged_with) are one customer: the first row's. Each row under
    it follows what became of that row: folded into the customer it found or made, held
    back as it was (listed), refused when it was (a bad cell)."""

    def __init__(self, firsts: set[int]) -> None:
        self.firsts = firsts  # the lines of the first rows of merged name cells
        self.became: dict[int, _Found | _Cause] = {}  # their line -> found, or the cause held
        self.waiting: set[int] = set()  # lines of rows to be tried again after the rest

    def decided(self, line: int, found: _Found | _Cause) -> None:
        if line in self.firsts:
            self.became[line] = found

    def follow(self, row: CustomerRow) -> _Found:
        """The customer a row under a merged name cell is (`joined`); refused as its first
        row was (listed); MergedCellRefused when that row had a bad cell."""
        first = row.merged_with
        assert first is not None
        became = self.became.get(first)
        if became is None:
            raise MergedCellRefused(first)
        name = row.customer.name
        if isinstance(became, str):
            near = Words("import.near_merged_cell", first=first, name=name)
            return _Found(None, near, refused=became, joined=True)
        if became.merged:  # a customer merged away: its own check (_merged_row)
            return became
        assert became.customer_id is not None
        return _Found(became.customer_id, key=name, key_kind="name", joined=True)


def _joined_keys(
    keys: KeyIndex, folding: _Folding, customer: Customer, found: _Found, first: int
) -> _Found:
    """A row under a merged name cell, `found` the customer its first row (line `first`)
    became, with its own phones, WeChat ID and shop accounts checked as any row's are
    (_key_holders): one that another customer has and she has not holds the row back, listed
    naming both (the merged cell only says her name: a number on the row may be another
    customer's, a family's, or a row merged in by mistake); else `found`."""
    customer_id = found.customer_id
    for kind, value, stored in _key_holders(keys, folding, customer):
        if stored and customer_id not in stored:
            near = Words(
                "import.near_merged_key",
                first=first,
                name=keys.shown(customer_id or 0),
                key=key_as_written(kind, value),
                other=keys.shown_all(sorted(stored)[:3]),
            )
            return _Found(None, near, refused="keys", joined=True)
    return found


class MergedCellRefused(Exception):
    """A row under a merged name cell whose first row was refused (a bad cell): not imported
    either, as the seller's one customer would come in half."""

    def __init__(self, first: int) -> None:
        super().__init__(first)
        self.first = first


class _Folding:
    """The customers the file's rows have changed so far, held until the last row is read
    and written once (see _write_customers)."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.stored: dict[int, Customer] = {}  # as in the book before this file's updates
        self.pending: dict[int, Customer] = {}  # with the rows read so far folded in
        self.derived: set[int] = set()  # whose province or city came from an address
        self.created: set[int] = set()  # customers this file created
        self.made_by: dict[int, int] = {}  # each of them -> the line of the row that made it
        self.wechats: dict[int, tuple[int, str]] = {}  # (line, ID) of the first row's ID
        self.by_customer: dict[int, list[_Saved]] | None = None  # see later()
        # a row's #id (CustomerRow.book_ref) -> the customer it is in this book
        self.book_ids: dict[int, int] = {}
        self.numbered: set[int] = set()  # the customers of book_ids
        self.foreign: Foreign = {}  # another book's #ids (with its mark) -> the customer here
        self.coded: set[int] | None = None  # customers with a code, read at the first #id
        # a shop account the book does not know -> the customer of the book a row of the
        # file giving it is by its code, phone or WeChat ID (_accounts_in)
        self.account_buyers: dict[str, int] = {}
        # each shop account the file gives -> the names of its rows (one buyer and those she
        # sends to may share it: 王小, 王妈妈)
        self.account_names: dict[str, set[str]] = {}

    def one_wechat(
        self,
        keys: KeyIndex,
        customer_id: int,
        line: int,
        customer: Customer,
        current: Customer,
        report: ImportReport,
    ) -> tuple[Customer, Customer]:
        """(the row's customer, the customer as folded so far) keeping one WeChat ID where
        rows of the file give one customer two: the ID of the row first in the file stays
        (a row tried again after the rest may come before the one whose ID stands), the
        other goes into the notes (另一个微信号：…), listed, and stays a key of theirs
        (models.values.other_wechats): the row that gave it finds them again next time."""
        incoming = customer.wechat or ""
        if customer_id not in self.wechats and current.wechat and current.wechat != incoming:
            # The book's own ID, replaced by the file's (a row updates the customer), stays
            # theirs: a notes line, and a key, as a second ID of one file's rows is.
            near = Words(
                "import.book_wechat", name=customer.name, key=current.wechat, kept=incoming
            )
            report.near_said.append(Words("import.near_line", line=line, near=near))
            keys.add_wechat(customer_id, current.wechat)
            notes = line_added(customer.notes, other_wechat_line(current.wechat))
            customer = customer.model_copy(update={"notes": notes})
        first_line, first = self.wechats.setdefault(customer_id, (line, incoming))
        if first == incoming:
            return customer, current
        kept, other, at = (
            (first, incoming, line) if first_line < line else (incoming, first, first_line)
        )
        self.wechats[customer_id] = (min(line, first_line), kept)
        near = Words("import.near_wechat", name=customer.name, key=other, kept=kept)
        report.near_said.append(Words("import.near_line", line=at, near=near))
        keys.add_wechat(customer_id, other)
        notes = line_added(customer.notes, other_wechat_line(other))
        if current.wechat == other:
            current = current.model_copy(update={"wechat": kept})
        return customer.model_copy(update={"wechat": kept, "notes": notes}), current

    def later(self, saved: _SavedRows, customer_id: int, line: int) -> frozenset[str]:
        """The fields rows below `line` in the file gave the customer: a row tried again
        after the rest folds as if in its place, so later rows' cells stand over its own
        and its own stand over earlier rows' and the book's (the rows by customer indexed
        at the first such row: most files have none)."""
        if self.by_customer is None:
            self.by_customer = {}
            for each in saved:
                self.by_customer.setdefault(each.customer_id, []).append(each)
        rows = self.by_customer.get(customer_id, [])
        return frozenset(f for each in rows if each.line > line for f in each.given)

    def current(self, customer_id: int) -> Customer:
        if customer_id in self.pending:
            return self.pending[customer_id]
        if customer_id not in self.stored:
            self.stored[customer_id] = self.book.get_customer(customer_id)
        return self.stored[customer_id]

    def fold(self, customer_id: int, merged: Customer, current: Customer) -> None:
        """Hold `merged` for the rows after; a customer the file has not changed (a
        re-import) is not held: a 100k-row re-import keeps no copy of the book."""
        if customer_id in self.pending or not _same_record(merged, current):
            self.pending[customer_id] = merged
        else:
            self.stored.pop(customer_id, None)

    def write(self, stamp: str) -> list[int]:
        """Write each folded customer that differs from the book; the ones written."""
        written = []
        for customer_id, merged in self.pending.items():
            stored = self.stored[customer_id]
            if _same_record(merged, stored):
                continue
            update_customer(
                self.book.conn, merged.model_copy(update={"version": stored.version}), stamp
            )
            written.append(customer_id)
        return written


def _write_fields(
    conn: sqlite3.Connection, custom: dict[int, FieldDef], customer_id: int, row: CustomerRow
) -> bool:
    """The row's custom field values (its non-empty cells: an empty one never erases);
    whether they changed any of the customer's."""
    if not row.fields or not field_sql.values_differ(conn, customer_id, custom, row.fields):
        return False
    field_sql.write_values(conn, customer_id, custom, row.fields)
    return True


def _summary_replaced(notes: str, line: str) -> str | None:
    """`notes` with `line` in place of their line of the same member list's header (a total,
    points, a stored value: 累计消费金额：1200 -> 累计消费金额：1500), as a newer sheet has it;
    None when `line` is no such line or the notes have none of its header."""
    label, colon, _ = line.partition("：")
    if not colon or not member_summary(label):
        return None
    lines = notes.split("\n")
    for at, held in enumerate(lines):
        if held.startswith(f"{label}："):
            lines[at] = line
            return "\n".join(lines)
    return None


def _merge(
    current: Customer,
    incoming: Customer,
    given: frozenset[str],
    later: frozenset[str] = frozenset(),
) -> tuple[Customer, bool]:
    """The stored customer with the fields the file filled in: an empty cell never erases,
    and a customer named by their code (no name in the file) keeps the name they have.
    Notes (line by line), phones and tags the file brings are added to the stored ones unless
    already there
    (a contact's second card with one of its two phones takes none away). A province or
    city still empty is filled from the address (models/regions.py), never replaced: the
    second value says whether one was."""
    if later:  # a row folded after rows below it in the file: theirs stand
        given = frozenset(
            f
            for f in given
            if f in ("phones", "tags")
            or f not in later
            or not getattr(current, f)
            or (f == "birthday" and _year_of(current.birthday, incoming.birthday))
        )
    filled = incoming.model_dump(include=set(given) - {"id", "version", "referred_by", "notes"})
    if "name" in filled and name_spelling(current.name) == filled["name"]:
        filled["name"] = current.name  # 李 四 as the seller typed it, read back as 李四
    if "name" in filled and masked_name(filled["name"]):
        filled["name"] = current.name  # 王某, 王*: a redacted copy's or a shop's, never hers
    notes = current.notes
    if incoming.notes:
        # line by line: rows folded in any order add the same; a line an import wrote
        # under an English label before (email：…) is the one it writes now (邮箱：…)
        had = set(map(notes_line_key, notes.split("\n")))
        # an account she has, written in another case or width (ＴＢ_XiaoWang88), is hers
        accounts = {account_key(account) for account in shop_accounts(notes)}
        for line in incoming.notes.split("\n"):
            account = shop_accounts(line)
            if account and account_key(account[0]) in accounts:
                continue
            if notes_line_key(line) not in had:
                # 累计消费金额：1500 or 积分：320 in place of last month's sheet's line
                notes = _summary_replaced(notes, line) or line_added(notes, line)
                had.add(notes_line_key(line))
    merged = {**current.model_dump(), **filled, "notes": notes}
    for listed in ("phones", "tags"):  # a list the file names is added to, never cut short
        if listed in filled:
            merged[listed] = list(dict.fromkeys([*getattr(current, listed), *filled[listed]]))
    birthday = current.birthday
    yearless = birthday.model_copy(update={"year": None}) if birthday else None
    if "birthday" in filled and birthday and birthday.year and incoming.birthday == yearless:
        merged["birthday"] = birthday  # 3月5日 after 1990-03-05: the year stays
    moved = bool(current.address) and "address" in filled and incoming.address != current.address
    followed = False
    if moved and not {"province", "city"} & given and incoming.province:
        # A new address brings its own region (the row's, from the address) in place of the
        # old address's; one that names none leaves the region as it was, and so does a
        # customer who had a region and no address (a region given on its own).
        followed = (current.province, current.city) != (incoming.province, incoming.city)
        moved_to = moved_region(
            Region(current.province, current.city), Region(incoming.province, incoming.city)
        )
        merged["province"], merged["city"] = moved_to
    region = fill_region(merged["province"], merged["city"], merged["address"])
    derived = followed or region != (merged["province"], merged["city"])
    data = {**merged, **region._asdict()}
    if len(notes) > LONG_MAX and notes != current.notes:
        raise NotesPastLimit(incoming.notes, len(notes))
    # a text the book already holds (longer than the form takes: an older book's) stays
    kept = [name for name, value in data.items() if value == getattr(current, name)]
    return Customer.model_validate(data, context=kept_from_book(kept)), derived


def _without_own_masked(customer: Customer, hidden: Sequence[str], current: Customer) -> Customer:
    """The row's customer without the masked numbers that are the book customer's own phones
    (138****0001 of a redacted copy or a shop's export, beside her 13800000001): no line in
    the notes for a number she has; others stay in their line."""
    others = [mask for mask in hidden if not any(masks_phone(mask, p) for p in current.phones)]
    if len(others) == len(hidden):
        return customer
    written = hidden_line(hidden)
    lines = [line for line in customer.notes.split("\n") if line != written or others]
    notes = "\n".join(hidden_line(others) if line == written else line for line in lines)
    return customer.model_copy(update={"notes": notes})


def _year_of(birthday: Birthday | None, incoming: Birthday | None) -> bool:
    """Whether the incoming birthday is the yearless one's day with its year (1990-03-05
    for 3月5日): the year is still empty, so a row folded under later ones fills it."""
    return (
        birthday is not None
        and incoming is not None
        and birthday.year is None
        and incoming.year is not None
        and incoming.model_copy(update={"year": None}) == birthday
    )


def _same_record(merged: Customer, current: Customer) -> bool:
    """Whether an update would change nothing the seller can see (a re-import)."""
    ignore = {"version", "created_at", "updated_at"}
    return merged.model_dump(exclude=ignore) == current.model_dump(exclude=ignore)


# --- matching a customers row to the book (import-map) -----------------------------------------


_Cause = Literal["keys", "code", "names", "renamed"]  # why a row is held back (ImportReport)


@dataclass(frozen=True, slots=True)
class _Found:
    customer_id: int | None = None  # the customer the row is; None: somebody new
    near: Words | None = None  # a near match, listed for the seller to review
    # not imported (the near match says why): the cause, as ImportReport.held_back_for
    refused: _Cause | Literal[""] = ""
    by_code: bool = False
    by_id: bool = False  # found by the row's #id (CustomerRow.book_ref)
    merged: bool = False  # a row of a customer merged into this one (see _merged_row)
    key: str = ""  # the phone or WeChat ID that found the customer
    key_kind: str = ""  # which of them: "phone" or "wechat" ("name": joined)
    joined: bool = False  # a row under a merged name cell, its first row's (_MergedCells)


def _keyed(customer: Customer, *, keyless_accounts: bool = False) -> bool:
    """Whether the row has a code, phone, WeChat ID or shop account (not counting the
    accounts with `keyless_accounts`: those the book does not know, when _match asks)."""
    return (
        customer.code is not None
        or bool(customer.phones)
        or bool(customer.wechat)
        or (not keyless_accounts and bool(customer.notes and shop_accounts(customer.notes)))
    )


# a name that is a phone as written (13800138000, +86 138-0013-8000): no person's
_PHONE_NAME = re.compile(r"[0-9+\-\s()]+")


def _named_by_key(keys: KeyIndex, customer_id: int) -> bool:
    """Whether the customer's name is a phone, shop account or WeChat ID of theirs: the
    purchases import names a customer made from a row with no name by its key (13800138000,
    taobao_wang). A row of her key and a real name (王芳) is hers, and names her."""
    name = _name_of(keys, customer_id)
    if _PHONE_NAME.fullmatch(name):
        return customer_id in keys.current("phone", name)
    return customer_id in keys.account_holders(name) or customer_id in keys.current("wechat", name)


def _one_name(folding: _Folding, kind: str, value: str) -> bool:
    """Whether a key names one person in the file: any phone or WeChat ID; a shop account
    only where every row giving it gives one name."""
    return kind != "account" or len(folding.account_names.get(account_key(value), ())) == 1


def _name_of(keys: KeyIndex, customer_id: int) -> str:
    """The customer's name as an import compares it (李 四 in the book is 李四, ＬＩＵ is LIU):
    compared with a row's name_key."""
    return name_key(keys.label(customer_id).rsplit(" (", 1)[0])


def _match(keys: KeyIndex, customer: Customer, row: CustomerRow, folding: _Folding) -> _Found:
    """The customer the row is: by code, then phone, then WeChat ID, the first customer of the
    row's name a key names. A row's new code is never another code's customer: a key of
    theirs is a shared number, listed (of the row's name too: maybe a changed code). A key
    (a family landline, a switchboard) that names only customers of another name is a
    shared number when another of the row's keys names nobody, or its keys name different
    customers: the row is somebody new, the shared key listed. When one
    customer of another name has every key of the row, the row is not imported (listed: the
    name may be a typo, or a second name of theirs): whether a row comes in never depends on
    what rows after it bring, so a second import does what the first did. A row with no
    code, phone or WeChat ID: see _match_name. A row with a #id: see _match_book_id."""
    if row.book_ref is not None:
        return _match_book_id(keys, customer, row.book_ref, folding)
    if customer.code is not None and customer.code in keys.codes:
        return _by_code(keys, customer, row)
    merged_into = _merged_into(keys, customer)
    if merged_into is not None:
        return _Found(merged_into, by_code=customer.code is not None, merged=True)
    if customer.code is not None:
        zeros = _lost_zeros_in_book(keys, customer)
        if zeros is not None:
            return zeros
        keys.check_code(customer.code)
    with_code = customer.code is not None

    def coded(each: int) -> bool:  # another code's customer: another customer …
        return with_code and keys.has_code(each)

    def apart(each: int) -> bool:
        # … and customers rows of the file named by #id (an export's: no code, and another
        # person than any row that names none)
        return coded(each) or each in folding.numbered

    unmatched = customer.code is not None  # a key of the row that names nobody
    others: set[int] = set()
    every: set[int] | None = None  # the customers every key of the row names
    shared: list[str] = []
    namesake: Words | None = None  # a customer of the row's name and another code shares a key
    buyer: Words | None = None  # the row's shop account is another customer's (_held_account)
    for kind, value, stored in _key_holders(keys, folding, customer):
        found = {each for each in stored if not apart(each)}
        if kind == "account" and buyer is None:
            buyer = _held_account(keys, customer, value, stored, folding)
        if elsewhere := {each for each in stored if apart(each)}:
            # … who has this key too: a shared number (a mother and daughter on one
            # WeChat account), listed. A code is the strongest key: of the row's name
            # too, the row is still somebody new (the book holds such pairs, and its
            # export must come back whole), listed as maybe a changed code
            same = sorted(
                each
                for each in elsewhere
                if coded(each) and _name_of(keys, each) == name_key(customer.name)
            )
            if same and namesake is None:
                namesake = Words(
                    "import.near_other_code",
                    name=customer.name,
                    code=customer.code,
                    key=key_as_written(kind, value),
                    other=keys.shown(same[0]),
                )
            others |= elsewhere
            shared.append(key_as_written(kind, value))
        if not found:
            # a shop account the book does not know names nobody, but overrules no name: the
            # book's customers from before accounts were read have none (see _by_account_name)
            unmatched = unmatched or kind != "account" or bool(elsewhere)
            continue
        # (named by her key, she takes the row's name where it finds her by a phone or WeChat
        # ID, or by a shop account the file gives under one name only: an account is shared
        # by the buyer and those she sends to, and the first row under it may be her mother's)
        named = {
            each
            for each in found
            if _name_of(keys, each) == name_key(customer.name)
            or (_one_name(folding, kind, value) and _named_by_key(keys, each))
        }
        if named:
            customer_id = keys.one(named, kind, value)
            assert customer_id is not None
            near = _shared_near(keys, customer, shared, others)
            return _Found(customer_id, near, key=value, key_kind=kind)
        merge_named = _merge_named(keys, folding, customer, found) if not with_code else None
        if merge_named is not None:  # 芳芳's card again, merged into 王芳: hers, as merged
            return _Found(merge_named, merged=True)
        others |= found
        every = found if every is None else every & found
        shared.append(key_as_written(kind, value))
    if buyer is not None:
        return _Found(None, buyer, refused="keys")
    if others and (unmatched or not every):
        return _Found(None, namesake or _shared_near(keys, customer, shared, others))
    if every:
        label = keys.shown(min(every))
        near = Words("import.near_phone", key=shared[0], name=customer.name, other=label)
        return _Found(None, near, refused="keys")
    if _keyed(customer, keyless_accounts=True) or _namesakes_have_accounts(keys, folding, customer):
        keyless = _keyless_namesake(keys, customer, folding)
        if keyless is not None:
            return _Found(keyless)
        return _Found(None, _near_name(keys, customer))
    return _match_name(keys, customer, row, folding)


def _held_account(
    keys: KeyIndex, customer: Customer, account: str, stored: set[int], folding: _Folding
) -> Words | None:
    """The near match of a row whose shop account is a customer's of another name (the
    row's own were found by a key before): the account is the buyer's, one person's, and
    the row, under another name (and phone), most often one who receives her orders — a
    gift, her mother. It is held back for review, never a second customer of the account
    (the purchases import books such a row to the account's buyer, the receiver's name and
    phone not stored, and says so): the account stays a key of one customer, and a later
    purchases file of the account alone finds her."""
    holders = sorted(
        each
        for each in stored
        if _name_of(keys, each) != name_key(customer.name)
        and not (_one_name(folding, "account", account) and _named_by_key(keys, each))
    )
    if not holders:
        return None
    return Words(
        "import.near_account",
        key=account,
        name=customer.name,
        other=keys.shown_all(holders[:3]),
    )


def _namesakes_have_accounts(keys: KeyIndex, folding: _Folding, customer: Customer) -> bool:
    """Whether a row whose only keys are shop accounts the book does not know is somebody
    new: when every customer of its name keeps a shop account of her own (an account is one
    buyer's: tb_wangfang is not the 王芳 of tb_fang). Otherwise it is matched by its name as a
    row without keys is (_match_name), and gives her the account: a shop's export with the
    phones masked (138****1001) finds the customers a customers sheet of names and phones
    made before, as it did before accounts were read; the purchases import holds such a row
    back (a name alone does not match a row that brings its own account)."""
    if not (customer.notes and shop_accounts(customer.notes)):
        return False
    named = keys.candidates("name", customer.name)
    return bool(named) and all(shop_accounts(folding.current(each).notes) for each in named)


def _keyless_namesake(keys: KeyIndex, customer: Customer, folding: _Folding) -> int | None:
    """The customer a row of a name and keys nobody has (王芳, 13800138000) fills: the one
    customer of that name the book had before the file, when she has no code, phone, WeChat
    ID or shop account (made by name alone: a purchases import's 客户 cell 王芳, a name-only
    row), as a name-only row finds her. None for a row with a code (somebody of their own
    code), or where the name is several customers' or a keyed one's (another person)."""
    if customer.code is not None:
        return None
    named = keys.candidates("name", customer.name)
    if len(named) != 1:
        return None
    [each] = named
    if each in folding.created or each in folding.numbered:
        return None
    held = folding.current(each)
    if _keyed(held) or contradicts(customer, held):
        return None
    return each


def _accounts_in(
    keys: KeyIndex, rows: Sequence[CustomerRow]
) -> tuple[dict[str, int], dict[str, set[str]]]:
    """In one pass over the file's rows (each row's customer is made again at each call):

    - its buyers: each shop account the book does not know that a row gives beside the
      code, phone or WeChat ID of a customer of the book of the row's name: hers, as the
      buyer's, from the file's first row on. A shop export lists one buyer's orders to her
      receivers (王芳妈妈, another phone) under her account; the receiver's row, before hers
      in the file, took the account as a new customer's, and her own row then gave it to her
      as well (a reviewer's finding): with the account hers already, the receiver's row is
      held back (_held_account) whatever the order, as when the book had the account;
    - its names: each shop account the rows give, with the names they give it under."""
    buyers: dict[str, int] = {}
    names: dict[str, set[str]] = {}
    for row in rows:
        customer = row.customer
        if not customer.notes:
            continue
        accounts = list(map(account_key, shop_accounts(customer.notes)))
        for key in accounts:
            names.setdefault(key, set()).add(customer.name)
        unknown = [key for key in accounts if key not in buyers]
        unknown = [key for key in unknown if not keys.stored("account", key, merged=False)]
        if not unknown:
            continue
        buyer = _known_by_key(keys, customer)
        if buyer is not None:
            buyers.update(dict.fromkeys(unknown, buyer))
    return buyers, names


def _known_by_key(keys: KeyIndex, customer: Customer) -> int | None:
    """The one customer of the book of the row's name its code, a phone or its WeChat ID
    names (None: nobody, or several)."""
    found: set[int] = set()
    if customer.code is not None and (coded := keys.codes.get(code_spelling(customer.code))):
        found.add(coded)
    for phone in customer.phones:
        found |= keys.stored("phone", phone, merged=False)
    if customer.wechat:
        found |= keys.stored("wechat", customer.wechat, merged=False)
    named = {each for each in found if _name_of(keys, each) == name_key(customer.name)}
    return min(named) if len(named) == 1 else None


def _key_holders(
    keys: KeyIndex, folding: _Folding, customer: Customer
) -> Iterator[tuple[str, str, set[int]]]:
    """Each phone, WeChat ID and shop account of a row's customer, with the customers the
    book has it of (none merged away). A switchboard's colleagues who keep other extensions
    of it are left out (_same_extension); the row's shop accounts are the 买家账号：… lines
    it adds to the notes, as the purchases import finds a buyer by one: a key as strong as a
    phone."""
    extensions = phone_extensions(customer.notes) if customer.phones else {}
    accounts = shop_accounts(customer.notes) if customer.notes else []
    for kind, values in (
        ("phone", customer.phones),
        ("wechat", [customer.wechat or ""]),
        ("account", accounts),
    ):
        for value in values:
            if not value:
                continue
            stored = keys.stored(kind, value, merged=False)
            if kind == "account" and not stored and folding.account_buyers:
                buyer = folding.account_buyers.get(account_key(value))
                stored = set() if buyer is None else {buyer}
            if kind == "phone" and value in extensions:  # a switchboard: colleagues apart
                ours = extensions[value]
                stored = _same_extension(keys, folding, stored, customer.name, value, ours)
            yield kind, value, stored


def _same_extension(
    keys: KeyIndex,
    folding: _Folding,
    stored: Iterable[int],
    name: str,
    phone: str,
    extensions: set[str],
) -> set[int]:
    """The customers of `phone` a row of `name` giving it with one of `extensions` may be:
    all but those of another name whose notes keep it with other extensions only (a
    colleague on the same switchboard, 0571-8888 8888 转 102 beside the row's 转 101:
    somebody else, never a reason to hold the row back). One who keeps no extension of it
    may be the row's; so may one of the row's name (she moved desk: 转 101 then, 转 102)."""
    kept: set[int] = set()
    for each in stored:
        if _name_of(keys, each) == name_key(name):
            kept.add(each)
            continue
        theirs = phone_extensions(folding.current(each).notes).get(phone)
        if not theirs or theirs & extensions:
            kept.add(each)
    return kept


def _by_code(keys: KeyIndex, customer: Customer, row: CustomerRow) -> _Found:
    """The customer of the row's code, unless the row names somebody wholly other
    (same_person.may_be_same): a sheet's 编号 may be its row numbers, 1 on every sheet, and
    the row is then another person, who must not take the customer's name, phones and
    purchases. Not imported, listed; the book is left as it is, so importing the file again
    holds it back again (a customer who changed her name is renamed on her page first)."""
    customer_id = keys.codes[customer.code or ""]
    stored = _name_of(keys, customer_id)
    if "name" not in row.given or may_be_same(stored, customer.name):
        return _Found(customer_id, by_code=True)
    near = Words(
        "import.near_renamed", code=customer.code, other=keys.shown(customer_id), name=customer.name
    )
    return _Found(None, near, refused="renamed")


def _merged_into(keys: KeyIndex, customer: Customer) -> int | None:
    """The customer a row of a customer merged away is now (store/merge.py remember_keys):
    the one its code was merged into; for a row with no code, the one its phones and WeChat
    ID were merged into, when no customer has any of them now."""
    if customer.code is not None:
        found = keys.merged_into("code", customer.code)
    else:
        values = [("phone", phone) for phone in customer.phones]
        values += [("wechat", customer.wechat)] if customer.wechat else []
        if not values or any(keys.stored(kind, each, merged=False) for kind, each in values):
            return None
        found = set().union(*(keys.merged_into(kind, each) for kind, each in values))
    return next(iter(found)) if len(found) == 1 else None


def _merge_named(
    keys: KeyIndex, folding: _Folding, customer: Customer, found: set[int]
) -> int | None:
    """The one customer of `found` (those a key of the row names, none of the row's name)
    every key of the row names, whose notes keep the row's name as a merge kept it (另一个姓名：
    芳芳: models.values.merged_names): the row is the record merged into her (a phone's
    contacts imported again, the card of 芳芳 still in them), or hers before she took the
    other's name; None for any other row, which matching goes on with."""
    if len(found) != 1:
        return None
    (customer_id,) = found
    values = [("phone", phone) for phone in customer.phones]
    values += [("wechat", customer.wechat)] if customer.wechat else []
    if any(keys.stored(kind, each, merged=False) != found for kind, each in values):
        return None
    named = name_key(customer.name)
    current = folding.current(customer_id)
    return customer_id if named in map(name_key, merged_names(current.notes)) else None


def _merged_row(
    book: Book,
    keys: KeyIndex,
    folding: _Folding,
    custom: dict[int, FieldDef],
    read: tuple[CustomerRow, Customer],
    found: _Found,
) -> Words | None:
    """A row of a customer merged into another (the seller's sheet still has them): not
    folded in, for the merge chose what the survivor keeps of the two (a name, a code, a
    WeChat ID of one side) and the sheet's row would take it back. None when the row says
    nothing the survivor has not (their code, phones and WeChat IDs are the survivor's keys:
    rows.MERGED); else why it is not imported, listed for the seller."""
    assert found.customer_id is not None
    (row, customer), customer_id = read, found.customer_id
    current = folding.current(customer_id)
    known = [each for each in customer.phones if customer_id in keys.stored("phone", each)]
    ours = {  # the keys that find the survivor are theirs, kept or not
        "phones": [each for each in customer.phones if each not in known],
        "wechat": customer.wechat,
        "code": current.code,
    }
    if customer.wechat and customer_id in keys.stored("wechat", customer.wechat):
        ours["wechat"] = current.wechat
    given = row.given - {"code", "name"} if found.by_code else row.given - {"code"}
    if name_key(customer.name) in map(name_key, merged_names(current.notes)):
        given -= {"name"}  # the name the merge did not take, kept in her notes
    merged, _ = _merge(current, customer.model_copy(update=ours), given)
    if _same_record(merged, current) and not (
        row.fields and field_sql.values_differ(book.conn, customer_id, custom, row.fields)
    ):
        return None
    phones = ", ".join(key_as_written("phone", phone) for phone in customer.phones)
    key = customer.code or phones or customer.wechat or ""
    return Words("import.near_merged", key=key, name=customer.name, other=keys.shown(customer_id))


def _lost_zeros_in_book(keys: KeyIndex, customer: Customer) -> _Found | None:
    """A row's code 0001 where the book has 1 (read from a number cell before, its zeros
    lost): the customer of 1 if they have the row's name (the row's code is then theirs, on
    an update); else not imported, listed. None: no such code in the book."""
    code = customer.code or ""
    bare = keys.unpadded(code)
    if bare is None:
        return None
    customer_id = keys.codes[bare]
    if _name_of(keys, customer_id) == name_key(customer.name):
        return _Found(customer_id, by_code=True)
    other = keys.shown(customer_id)
    return _Found(None, Words("import.near_zeros", code=code, other=other), refused="code")


def _match_book_id(keys: KeyIndex, customer: Customer, ref: BookRef, folding: _Folding) -> _Found:
    """A row an export named by #id (a customer with no code whom their name does not single
    out): the customer of that number and name, with no code, in this book (the book it
    came from); for another book's #id, the customer an import of that book's customers
    made here (store/book_refs.py); or the one an earlier row of the file with that #id
    created; else somebody new, never taken for a namesake the book had before the file
    (listed for review). Rows of other #ids are other people, as the export said: none is
    folded into another."""
    if ref.number in folding.book_ids:
        return _Found(folding.book_ids[ref.number], by_id=True)
    if folding.coded is None:  # read once: who had a code before the file
        folding.coded = set(keys.codes.values())
    number = keys.numbered(ref)
    own = ref.book in (None, keys.mark)
    # (this book's number of a customer with a code is not whom its export names by number)
    exported = set(folding.book_ids.values())
    if (
        number is not None
        and number not in folding.created
        and not (own and number in folding.coded)
        and _name_of(keys, number) == name_key(customer.name)
    ):
        # (a phone of somebody else's beside her #id and name: held back, not shared unsaid)
        held = _id_keys_held(keys, customer, folding, exported, number)
        return held if held is not None and held.refused else _Found(number, by_id=True)
    named = keys.candidates("name", customer.name) - exported
    if not named:
        mine = number if number is not None and own and number not in folding.created else None
        return _id_keys_held(keys, customer, folding, exported, mine) or _Found()
    held = _id_keys_held(keys, customer, folding, exported, None)  # (another's name: no rename)
    if held is not None:
        return held
    other = keys.shown_all(sorted(named)[:3])
    key = written_id(ref.number, ref.book)
    return _Found(None, Words("import.near_name", name=customer.name, key=key, other=other))


def _id_keys_held(
    keys: KeyIndex, customer: Customer, folding: _Folding, exported: set[int], mine: int | None
) -> _Found | None:
    """A #id row of a name nobody has whose phone, WeChat ID or shop account is a customer's
    the file did not make: that customer if the #id is hers in this book (`mine`: the seller
    wrote her number, as the held-back hint asks, under a changed name); else held back as a
    row without #id is (a second customer sharing her phone, made unsaid, left every later
    purchase by it refused as naming two). None: no key of the row is anyone's."""
    hers = False
    for kind, value, stored in _key_holders(keys, folding, customer):
        holders = stored - exported - folding.created  # (the file's own people share freely)
        if not holders:
            continue
        if mine is not None and mine in holders:  # (a number she shares: hers all the same)
            hers = True
            continue
        label = keys.shown(min(holders))
        said = key_as_written(kind, value)
        near = Words("import.near_phone", key=said, name=customer.name, other=label)
        return _Found(None, near, refused="keys")
    return _Found(mine, by_id=True) if hers else None


def _shared_near(
    keys: KeyIndex, customer: Customer, shared: list[str], others: set[int]
) -> Words | None:
    if not shared:
        return None
    other = keys.shown_all(sorted(others)[:3])
    return Words("import.near_shared", name=customer.name, key=", ".join(shared), other=other)


def _match_name(keys: KeyIndex, customer: Customer, row: CustomerRow, folding: _Folding) -> _Found:
    """A row that names someone by name alone (no code, phone or WeChat ID): the customer of
    that name the row repeats (everything it says they already have), else the one customer
    of the name the book had before this file. Two rows of the file that say different things
    of a name are two people, listed for review; a name several customers have is not
    imported (listed), so importing the file again creates nobody."""
    named = keys.candidates("name", customer.name)
    if not named:
        return _Found()
    repeats = [
        each
        for each in sorted(named)
        if _same_record(
            _merge(folding.current(each), customer, row.given)[0], folding.current(each)
        )
    ]
    if len(repeats) == 1:
        return _Found(repeats[0])
    earlier = {each for each in named if each not in folding.created}  # in the book before
    if len(earlier) == 1 and len(named) == 1:
        return _Found(next(iter(earlier)))
    if len(named) > len(earlier) and not earlier:
        other = keys.shown_all(sorted(named)[:3])
        return _Found(None, Words("import.near_name_only", name=customer.name, other=other))
    said = Words("import.near_names", count=len(named), name=customer.name)
    return _Found(None, said, refused="names")


def _same_in_file(
    first: int,
    current: Customer,
    read: tuple[CustomerRow, Customer],
    merged: Customer,
    found: _Found,
) -> Words:
    """A row of the customer an earlier row of the file made (王 芳 of line 5, 王芳 of line 3,
    one phone): a near match naming both rows, the key they share and the fields this row
    changed (地址 杭州 -> 杭州市, a note added), or that it changed none."""
    changed = tuple(
        field_key(name)
        for name in Customer.model_fields
        if getattr(merged, name) != getattr(current, name) and field_key(name) in MESSAGES
    )
    if found.key and found.key_kind in KEY_FIELDS:
        key: str | Words = Words(
            "import.same_key",
            field=Words(KEY_FIELDS[found.key_kind]),
            key=key_as_written(found.key_kind, found.key),
        )
    elif found.by_code and current.code:
        key = Words("import.same_key", field=Words("field.code"), key=current.code)
    else:
        key = Words("import.same_key_other")
    row, customer = read
    name = row.name_cell or customer.name  # as the file wrote it: 王 芳
    values = {"first": first, "first_name": current.name, "name": name, "key": key}
    if not changed:
        return Words("import.same_in_file_unchanged", **values)
    return Words("import.same_in_file", **values, fields=_FieldWords(changed))


class _FieldWords:
    """Fields named in the language asked for, as a list (地址、备注; address, notes)."""

    __slots__ = ("keys",)

    def __init__(self, keys: tuple[str, ...]) -> None:
        self.keys = keys

    def __call__(self, lang: Lang | None = None) -> str:
        return t("import.line_list_separator", lang).join(t(key, lang) for key in self.keys)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _FieldWords) and self.keys == other.keys

    def __hash__(self) -> int:
        return hash(self.keys)

    def __reduce__(self) -> tuple[Any, ...]:
        return _FieldWords, (self.keys,)


def _near_said(line: int, near: Words) -> Said:
    """A row's near match as the report keeps it: one of text values against another
    customer (a common name: 38,000 of a 100,000-row file's rows) in NearLine's slots
    (~250 bytes, against ~600 as Words over Words); any other as Words."""
    values = near.values
    other = values.get("other")
    if isinstance(other, str) and all(isinstance(value, str) for value in values.values()):
        said = {name: str(value) for name, value in values.items() if name != "other"}
        return NearLine(line, near.key, said, other)
    return Words("import.near_line", line=line, near=near)


def _near_name(keys: KeyIndex, customer: Customer) -> Words | None:
    """ "王芳 (13800000001) ~ 王芳 (C001)": a new customer named as one already in the book."""
    named = keys.candidates("name", customer.name)
    if not named:
        return None
    phones = ", ".join(key_as_written("phone", phone) for phone in customer.phones)
    accounts = ", ".join(shop_accounts(customer.notes)) if customer.notes else ""
    key = customer.code or phones or customer.wechat or accounts
    return Words(
        "import.near_name",
        name=customer.name,
        key=key,
        other=keys.shown_all(sorted(named)[:3]),
    )


def _noted_wechat(
    keys: KeyIndex,
    row: CustomerRow,
    customer: Customer,
    current: Customer | None,
    report: ImportReport,
    customer_id: int | None = None,
) -> tuple[Customer, frozenset[str]]:
    """(the row's customer, the fields it gives) with the WeChat ID a contact's notes give
    (CustomerRow.noted_wechat: 微信号：wxid_abc123) as hers where neither the row, the
    customer as the book has her (`current`; None: a new one) nor another customer has it;
    else as they are, the note kept (searched as a second ID: store/search.py). Never a key
    the row is matched by: a note does not take a contact to another customer."""
    noted = row.noted_wechat
    if not noted or customer.wechat or (current is not None and current.wechat):
        return customer, row.given
    if keys.current("wechat", noted) - {customer_id}:
        return customer, row.given  # another customer's ID: the note only
    report.noted_wechats += 1
    if report.first_noted_wechat is None:
        report.first_noted_wechat = (row.line, noted)
    return customer.model_copy(update={"wechat": noted}), row.given | {"wechat"}


def _remark_new(cell: str, current: Customer | None, new: Callable[[str], bool]) -> bool:
    """Whether what a name cell's remark (陈静 座机) keeps is new to the customer (`current`;
    None: a new one): its notes line, or the WeChat ID it gives (周杰 微信zj_888)."""
    parts = name_remark(cell)
    if parts is None or current is None:
        return True
    wechat = remark_wechat(parts[1])
    if wechat is not None and (current.wechat or "").lower() == wechat.lower():
        return False
    return new(t("import.name_remark", "zh", text=parts[1]))


def _kept_in_notes(row: CustomerRow, current: Customer | None, report: ImportReport) -> None:
    """Count what the row keeps in the notes, each where its line is new to the customer
    (`current`; None: a new one): a name cell's words (王芳 13800138001（微信同号）: a merged
    name cell's rows under its first are that one cell), masked or relay numbers (138****8004)
    but those that are her own phones (_without_own_masked), a phone's words saying none
    (13000000000（无）), a birthday of a year or a generation (1990年, 90后) and a gender of a
    number (1). The same sheet imported again keeps nothing and says nothing of them; nor of
    a name cell that held a mobile (王芳 13800138001: read as the name and a phone) where
    the customer had the row's phones already (a merged name cell's rows under its first
    are that one cell, said once)."""
    had = {notes_line_key(line) for line in current.notes.split("\n")} if current else set()

    def new(line: str) -> bool:
        return notes_line_key(line) not in had

    if (
        row.name_phone
        and row.merged_with is None
        and (current is None or not set(row.customer.phones) <= set(current.phones))
    ):
        report.name_phones += 1
        report.first_name_phone = report.first_name_phone or (row.line, row.name_phone)

    if row.name_remark and row.merged_with is None and _remark_new(row.name_remark, current, new):
        report.name_remarks += 1
        report.first_name_remark = report.first_name_remark or (row.line, row.name_remark)
    if row.name_words and row.merged_with is None:
        split = name_mobile_words(row.name_phone)
        if split is None or new(phone_note_line(split[1], split[2])):
            report.name_words += 1
            report.first_name_words = report.first_name_words or (row.line, row.name_words)
    hidden = row.hidden_phones
    if hidden and current is not None:
        hidden = tuple(
            mask for mask in hidden if not any(masks_phone(mask, p) for p in current.phones)
        )
    if hidden and new(hidden_line(hidden)):
        report.hidden_phones += 1
        report.first_hidden = report.first_hidden or (row.line, hidden[0])
    said_none = [pair for cell in row.none_phones for pair in numbers_in(cell)[1]]
    if row.none_phones and (
        not said_none or any(new(phone_note_line(*pair)) for pair in said_none)
    ):
        report.none_phones += 1
        report.first_none_phone = report.first_none_phone or (row.line, row.none_phones[0])
    for gender in (False, True):
        loose = [each for each in row.loose if each.gender is gender]
        if not any(new(each.line) for each in loose):
            continue
        first = (row.line, loose[0].column, loose[0].text)
        if gender:
            report.number_genders += 1
            report.first_number_gender = report.first_number_gender or first
        else:
            report.year_birthdays += 1
            report.first_year_birthday = report.first_year_birthday or first


def _with_year_band(
    row: CustomerRow, customer: Customer, given: frozenset[str], current: Customer
) -> tuple[Customer, frozenset[str]]:
    """The row's customer with the age band its birthday cell's year tells (row.year_band)
    where the customer in the book has none, nor a birthday with its year (her age is
    hers: 2001-05-05 is 25, whatever a sheet's 1990年 says): never one she has."""
    if row.year_band is None or current.age_band is not None or "age_band" in given:
        return customer, given
    if current.birthday is not None and current.birthday.year is not None:
        return customer, given
    return customer.model_copy(update={"age_band": row.year_band}), given | {"age_band"}


def _with_wechat_text(customer: Customer, wechat_text: str) -> Customer:
    """A 微信 cell that is not a WeChat ID, kept as written in the notes (never a key)."""
    if not wechat_text:
        return customer
    return customer.model_copy(update={"notes": with_wechat_text(customer.notes, wechat_text)})


class NotesPastLimit(BookError):
    """A row whose notes, added to the customer's in the book, would pass the limit
    (import.grown_in_book): refused naming the notes, never stored longer than the form takes."""

    def __init__(self, value: str, length: int) -> None:
        super().__init__("import.grown_in_book", length=length, max=LONG_MAX)
        self.value = value

    def column(self, lang: Lang | None = None) -> str:
        return t("field.notes", lang)


class KeysDisagree(BookError):
    """A row whose keys name two different customers (store.keys_disagree): `fields` the two
    fields that clash (code, phone, wechat), `value` the second one's key, as the row gave it."""

    def __init__(self, fields: tuple[str, str], value: str, **values: str | Words) -> None:
        super().__init__("store.keys_disagree", **values)
        self.fields = fields
        self.value = value

    def column(self, lang: Lang | None = None) -> str:
        """ "phone/WeChat ID": the fields that clash, as the seller sees them."""
        return "/".join(t(field_key(each), lang) for each in self.fields)


def _same_customer(
    keys: KeyIndex, customer_id: int, incoming: Customer, found: _Found | None = None
) -> None:
    """KeysDisagree if the row's phone or WeChat ID is another customer's than its code's; for a
    row found by a phone or WeChat ID (`found`), if another phone is a customer's of the same
    name (the two are likely one person: merge them first), or its WeChat ID is anybody
    else's. A phone a customer of another name has too is a shared number (a family
    landline), no reason to refuse; a WeChat ID is one person's account: given to this
    customer it would be taken from the other, or make two customers one key. A key the
    customer already has is no conflict, however many others share it."""
    first_key = incoming.code if found is None else found.key
    first_field = "code" if found is None else found.key_kind
    name = _name_of(keys, customer_id)
    for kind, values in (("phone", incoming.phones), ("wechat", [incoming.wechat or ""])):
        for value in values:
            named = keys.stored(kind, value, merged=False)
            if customer_id in named:
                continue
            others = named
            if found is not None and kind == "phone":
                others = {each for each in others if _name_of(keys, each) == name}
            if others:
                raise KeysDisagree(
                    (first_field, kind),
                    key_as_written(kind, value),
                    first_key=key_as_written(first_field, first_key or ""),
                    first=keys.shown(customer_id),
                    second_key=key_as_written(kind, value),
                    second=keys.shown(min(others)),
                )
