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
