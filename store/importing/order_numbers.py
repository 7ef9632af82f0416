"""An order number in one spelling, and where it ends in a purchase's note.

A shop writes its numbers in ASCII digits; a seller's own sheet may have E020, Ｅ０２０ (a
full-width input method), e020, 'E020 (Excel's text mark) or E 020: one order, one
spelling (E020), so the same order is known again on the next import, whichever way it was
typed, and counts once among a customer's purchases.

An import writes the number first in the purchase's note (订单号 E020；the note): it ends
at the first of ORDER_ENDS, so a note the seller edits in the app (订单号 E020，加急)
keeps its order. schema.ORDER_NUMBER_SQL reads it the same way in SQL (a test holds the
two equal).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# A shop's order numbers are this long or longer (淘宝 19 digits, 京东 12, 拼多多
# 240308-…): each names one order for ever. A shorter one is a seller's own (1, 2, E020),
# which may start again each month or each book.
SHOP_NUMBER_LENGTH = 10
# What ends an order number in a note: the importer's ；, and what a seller types after it
ORDER_ENDS = "；;，,、。 \u3000\t\n\r"
_SPACE = re.compile(r"\s+")
_END = re.compile(f"[{re.escape(ORDER_ENDS)}]")


def order_spelling(text: str) -> str:
    """E020, Ｅ０２０, e020, 'E020, E 020 -> E020 (NFKC, no whitespace, no leading ', upper
    case)."""
    if plain_orders((text,)):
        return text  # most: a shop's digits, as they are
    folded = _SPACE.sub("", unicodedata.normalize("NFKC", text)).lstrip("'")
    return folded.upper()


def plain_orders(texts: Sequence[str]) -> bool:
    """Whether every order number of `texts` is in its one spelling already (one look at
    them all: a shop's column of digits)."""
    joined = "".join(texts)
    return (
        joined.isascii()
        and "'" not in joined
        and not _SPACE.search(joined)
        and (joined.isdigit() or joined == joined.upper())
    )


def order_in_note(rest: str) -> str:
    """The order number at the start of `rest` (a note after its 订单号 prefix): up to the
    first of ORDER_ENDS."""
    return _END.split(rest, maxsplit=1)[0]


def reused(order: str, day: str, stored_days: set[str]) -> bool:
    """Whether a row's order number, one the book holds on `stored_days`, names another
    order: a seller's own short number (1, E020) used again on another day. A shop's long
    number is one order whatever day a file gives it."""
    return len(order) < SHOP_NUMBER_LENGTH and day not in stored_days
