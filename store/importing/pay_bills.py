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

from xiaoben.models.errors import BookError
from xiaoben.models.i18n import Words
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


class PayBill:
    """The rows of a bill with a 收/支 column: those of money in kept, the others counted."""

    def __init__(self, columns: ColumnMap) -> None:
        self.at = columns.fields["direction"]
        self.column = columns.column("direction")
        # its kind of payment (columns.BILL_KINDS): one naming a refund is her money back
        self.kind_at = columns.bill_kind()
        self.income = 0
        self.spent = 0
        self.neutral = 0
        self.returned = 0  # money in that is the seller's own coming back (BILL_KINDS)
        # money out to someone who paid her in the same bill (交易对方 of a 收入 row): maybe
        # a refund she made by transfer (a 收款码 cannot refund). Counted whichever row comes
        # first: the payers, and by payee the rows of money out not matched yet
        self.payer_at = columns.fields.get("name")
        self.payers: set[str] = set()
        self.paid_to: dict[str, int] = {}
        self.paid_back = 0

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

    def _paid_in(self, cells: Sequence[str]) -> None:
        payer = self._payee(cells)
        if payer and payer not in self.payers:
            self.payers.add(payer)
            self.paid_back += self.paid_to.pop(payer, 0)

    def _paid_out(self, cells: Sequence[str]) -> None:
        payee = self._payee(cells)
        if payee in self.payers:
            self.paid_back += 1
        elif payee:
            self.paid_to[payee] = self.paid_to.get(payee, 0) + 1

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
            elif word in _INCOME:
                self.income += 1
                self._paid_in(cells)
                # WeChat's `/` for nothing (no goods named, no remark): a blank cell
                kept.append((line, [_NOTHING.get(cell.strip(), cell) for cell in cells]))
            elif word in _SPENT:
                self.spent += 1
                self._paid_out(cells)
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
