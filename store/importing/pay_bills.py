"""A WeChat Pay or Alipay bill (微信支付账单, 支付宝交易明细) read as a seller's sales: its 收/支
column says which rows are money in. Only 收入 can be a customer's payment; 支出 (what the
seller paid), neither (`/`, 不计收支: a withdrawal, a move into 零钱通) and money of hers
coming back (收入 of a 交易类型 naming a refund: 美团-退款, a transfer of hers returned)
never are, and are left out and counted. A bill of money out alone is a buyer's, refused
whole.

Words only: nothing here reads a file or SQLite.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from xiaoben.models.errors import BookError
from xiaoben.models.i18n import Words
from xiaoben.models.money import cents_shown
from xiaoben.store.importing.columns import ColumnMap
from xiaoben.store.importing.errors import RowError, cell_message
from xiaoben.store.importing.footers import total_word

Row = tuple[int, list[str]]

# 收/支 as the bills write it (Alipay's older export: 已收入 / 已支出 in its 资金状态)
_INCOME = frozenset({"收入", "已收入", "income", "in"})
_SPENT = frozenset({"支出", "已支出", "expense", "expenses", "out"})
# neither: WeChat's `/` (零钱提现, 转入零钱通), Alipay's 不计收支 and its older blank cell
# (资金转移: a move between the seller's own accounts)
_NEUTRAL = frozenset({"", "/", "-", "不计收支", "中性交易", "其他", "neutral"})

_NOTHING = {"/": ""}


def _word(cell: str) -> str:
    return unicodedata.normalize("NFKC", cell).strip().casefold()


def money_in(cell: str) -> bool:
    """Whether a 收/支 cell says money in (收入)."""
    return _word(cell) in _INCOME


_REFUND = "退款"

PAID_BACK_SHOWN = 3  # rows of money out to a payer named in the report (and per payer kept)
KINDS_SHOWN = 3  # the kinds of her money coming back named in the report (美团-退款)

# Of a payee: how many rows of money out went to her, and (line, amount) of the first
PaidTo = tuple[int, tuple[tuple[int, str], ...]]


class BillTold(NamedTuple):
    """What a batch of a bill tells the report besides its rows of money in."""

    spent: int  # this batch's rows of money out (支出), left out
    neutral: int  # of neither (/, 不计收支)
    returned: int  # of her own money coming back (美团-退款)
    # the file's so far: the distinct 交易类型 of her money coming back, the first
    # KINDS_SHOWN + 1 (one more: the report says there were more)
    kinds: tuple[str, ...]
    # money out found in this batch to be to a payer of the bill's (maybe a refund by
    # transfer): (payee, PaidTo), the payee as compared (PayBill._payee)
    paid_back: tuple[tuple[str, PaidTo], ...]
    # this batch's rows of money in read as bought and not refunded in full: (line, payer)
    # (the report names money out to a payer only where such a row of hers came in)
    opened: tuple[tuple[int, str], ...]
    # the header of the kind-of-payment column, as the bill writes it (WeChat's 交易类型,
    # Alipay's 交易分类 or older 类型): the report names the kinds under it
    kind_column: str = ""


def add_paid_to(held: dict[str, PaidTo], payee: str, rows: PaidTo) -> None:
    """`rows` of money out to `payee` counted into `held`, with any held for her already:
    their count, and the first of both."""
    was = held.get(payee)
    if was is not None:
        shown = tuple(sorted((*was[1], *rows[1])))[:PAID_BACK_SHOWN]
        rows = (was[0] + rows[0], shown)
    held[payee] = rows


def _amount(cell: str) -> str:
    """An amount as the report names it (¥1,234.00); one not read, as written."""
    # (models.cells loads pydantic, ~0.2 s: a workbook is read while the book's modules
    # load beside it, and the bill's reader is imported by every table's)
    from xiaoben.models.cells import cell_cents

    try:
        return cents_shown(cell_cents(cell))
    except ValueError:
        return cell.strip()


class PayBill:
    """The rows of a bill with a 收/支 column: those of money in kept, the others counted."""

    def __init__(self, columns: ColumnMap) -> None:
        self.at = columns.fields["direction"]
        self.column = columns.column("direction")
        # its kind of payment (columns.BILL_KINDS): one naming a refund is her money back
        self.kind_at = columns.bill_kind()
        self.kind_column = columns.header[self.kind_at] if self.kind_at is not None else ""
        self.items_at = columns.fields.get("items")  # (Alipay names its refund there)
        self.spent = 0
        self.neutral = 0
        self.returned = 0  # money in that is the seller's own coming back (BILL_KINDS)
        self.kinds: list[str] = []  # (BillTold.kinds)
        # money out to someone who paid her in the same bill (交易对方 of a 收入 row): maybe
        # a refund she made by transfer (a 收款码 cannot refund). Found whichever row comes
        # first: the payers, and by payee the rows of money out not matched yet
        self.payer_at = columns.fields.get("name")
        self.amount_at = columns.fields.get("amount")
        self.payers: set[str] = set()
        self.paid_to: dict[str, PaidTo] = {}
        self.paid_back: dict[str, PaidTo] = {}  # found in the batch read last
        self.income: dict[int, str] = {}  # the batch's rows of money in: payer by line

    def counts(self) -> tuple[int, int, int]:
        """(money out, neither in nor out, the seller's own money back) left out so far."""
        return self.spent, self.neutral, self.returned

    def _payee(self, cells: Sequence[str]) -> str:
        """The row's 交易对方 as compared (NFKC, trimmed); blank for none (WeChat's `/`)."""
        at = self.payer_at
        if at is None or at >= len(cells):
            return ""
        name = unicodedata.normalize("NFKC", cells[at]).strip()
        return "" if name in _NEUTRAL else name

    def _paid_in(self, line: int, cells: Sequence[str]) -> None:
        payer = self._payee(cells)
        if not payer:
            return
        self.income[line] = payer
        if payer not in self.payers:
            self.payers.add(payer)
            waiting = self.paid_to.pop(payer, None)
            if waiting is not None:
                add_paid_to(self.paid_back, payer, waiting)

    def _paid_out(self, line: int, cells: Sequence[str]) -> None:
        payee = self._payee(cells)
        if not payee:
            return
        at = self.amount_at
        row: PaidTo = (1, ((line, _amount(cells[at] if at is not None else "")),))
        add_paid_to(self.paid_back if payee in self.payers else self.paid_to, payee, row)

    def _kind(self, cells: Sequence[str]) -> None:
        at = self.kind_at
        kind = unicodedata.normalize("NFKC", cells[at]).strip() if at is not None else ""
        if kind == _REFUND:  # Alipay's kind: a bare 退款, the refund named in 商品说明
            items = self.items_at
            named = cells[items].strip() if items is not None and items < len(cells) else ""
            kind = named if _REFUND in named else kind  # 退款-外卖, as the bill writes it
        if kind and kind not in self.kinds and len(self.kinds) <= KINDS_SHOWN:
            self.kinds.append(kind)

    def told(self, spent: int, neutral: int, returned: int, bought: Iterable[int]) -> BillTold:
        """The batch read last as the report is told it: its rows left out (counted since
        `counts` before it), and of its rows of money in, the lines `bought` (read as a
        purchase, not refunded in full)."""
        payers = self.income
        opened = tuple((line, payers[line]) for line in bought if line in payers)
        paid_back = tuple(self.paid_back.items())
        self.income, self.paid_back = {}, {}
        kinds = tuple(self.kinds)
        return BillTold(spent, neutral, returned, kinds, paid_back, opened, self.kind_column)

    def _returned(self, cells: Sequence[str]) -> bool:
        """Whether a row of money in is the seller's own money coming back (美团-退款)."""
        at = self.kind_at
        return at is not None and at < len(cells) and _REFUND in cells[at]

    def left_out_as(self, cells: Sequence[str]) -> str | None:
        """What the bill makes of a row it leaves out: "spent" (支出), "neutral" (/,
        不计收支), "returned" (her money back); None for a customer's payment, or a row
        refused (a 收/支 word xiaoben does not know)."""
        word = _word(cells[self.at])
        if word in _INCOME:
            return "returned" if self._returned(cells) else None
        return "spent" if word in _SPENT else "neutral" if word in _NEUTRAL else None

    @classmethod
    def of(cls, columns: ColumnMap) -> PayBill | None:
        """The bill's reader, where the file has a 收/支 column; None for any other file."""
        return cls(columns) if "direction" in columns.fields else None

    def rows(self, rows: Sequence[Row], errors: list[RowError]) -> list[Row]:
        """The rows of money in; the others counted (spent, neutral), and a row whose
        收/支 says neither refused by name (a word xiaoben does not know: never guessed)."""
        at = self.at
        kept: list[Row] = []
        for line, cells in rows:
            word = _word(cells[at])
            if total_word(cells) is not None:  # a line under the table: left out as such
                kept.append((line, cells))
            elif word in _INCOME and self._returned(cells):
                self.returned += 1
                self._kind(cells)
            elif word in _INCOME:
                self._paid_in(line, cells)
                # WeChat's `/` for nothing (no goods named, no remark): a blank cell
                kept.append((line, [_NOTHING.get(cell.strip(), cell) for cell in cells]))
            elif word in _SPENT:
                self.spent += 1
                self._paid_out(line, cells)
            elif word in _NEUTRAL:
                self.neutral += 1
            else:
                rule = Words("rule.direction", value=cells[at].strip())
                errors.append(
                    RowError(line, self.column, cells[at], cell_message("direction", rule))
                )
        return kept

    def refuse_buyers_bill(self, rows: Iterable[tuple[int, Sequence[str]]]) -> None:
        """Refuse the bill whole where no row of it is money in and some is money out: a
        buyer's bill (what she paid, and what came back of it), not a seller's sales."""
        at = self.at
        spent = 0
        for _, cells in rows:
            word = _word(cells[at]) if len(cells) > at else ""
            if word in _INCOME and not self._returned(cells):
                return
            spent += word in _SPENT
        if spent:
            raise BookError("import.buyers_bill", column=self.column.strip(), count=spent)
