"""An order number in one spelling, and where it ends in a purchase's note.

A shop writes its numbers in ASCII digits; a seller's own sheet may have E020, Ｅ０２０ (a
full-width input method), e020, 'E020 (Excel's text mark) or E 020: one order, one
spelling (E020), so the same order is known again on the next import, whichever way it was
typed, and counts once among a customer's purchases.

An import writes the number first in the purchase's note (订单号 E020；the note), up to
its ；. A note the seller edits in the app may follow the number with another separator (订单号
E020，加急): `order_kept` saves it as 订单号 E020；加急, so the order stays the note's. The
stats read the number in SQL the same way (schema.ORDER_NUMBER_SQL; a test holds the two
equal).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from xiaoben.models.i18n import t

# A shop's order numbers are this long or longer (淘宝 19 digits, 京东 12, 拼多多
# 240308-…): each names one order for ever. A shorter one is a seller's own (1, 2, E020),
# which may start again each month or each book.
SHOP_NUMBER_LENGTH = 10
# What a seller may type after an order number in a note instead of the importer's ；
_OTHER_ENDS = ";，,、。 \u3000\t\n\r"
# What a purchase's note starts with before its order number: the catalogue's
# import.order_note in Chinese, whatever the seller's language (schema.ORDER_NUMBER_SQL
# spells it out, as a released migration must; tests/test_order_numbers.py holds them equal)
ORDER_PREFIX = t("import.order_note", "zh", order="")
_SPACE = re.compile(r"\s+")
_OTHER_END = re.compile(f"[{re.escape(_OTHER_ENDS)}]")


def order_spelling(text: str) -> str:
    """E020, Ｅ０２０, e020, 'E020, E 020 -> E020 (NFKC, no whitespace, no leading ', upper
    case)."""
    if text.isascii() and (text.isdigit() or (text.isalnum() and text.isupper())):
        return text  # most: a shop's digits, as they are (one look, no join)
    if plain_orders((text,)):
        return text
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
    """The order number at the start of `rest` (a note after its 订单号 prefix): up to its
    ；, as schema.ORDER_NUMBER_SQL reads it."""
    return rest.split("；", 1)[0]


def order_kept(note: str) -> str:
    """A note as the app saves it: one that starts with an order number followed by another
    separator than ； (订单号 E020，加急, typed after it) has that separator made the ；,
    so the number stays the note's order (订单号 E020；加急); any other note as it is."""
    if not note.startswith(ORDER_PREFIX):
        return note
    rest = note[len(ORDER_PREFIX) :]
    other = _OTHER_END.search(rest)
    stop = rest.find("；")
    if other is None or (stop != -1 and stop < other.start()):
        return note  # the number ended by ；, or nothing after it
    at = len(ORDER_PREFIX) + other.start()
    return note[:at] + "；" + note[at + 1 :]


def reused(order: str, day: str, stored_days: set[str]) -> bool:
    """Whether a row's order number, one the book holds on `stored_days`, names another
    order: a seller's own short number (1, E020) used again on another day. A shop's long
    number is one order whatever day a file gives it."""
    return short(order) and day not in stored_days


def short(order: str) -> bool:
    """A seller's own order number (1, E020), not a shop's (SHOP_NUMBER_LENGTH)."""
    return len(order) < SHOP_NUMBER_LENGTH
