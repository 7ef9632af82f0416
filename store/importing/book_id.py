"""A #id cell: a customer's number in a book, as an export writes a customer who has no code
(#12). Read by the matching of rows to customers (store/lookup.py), the purchases' writer
and the customers' rows alike: one spelling of what a #id is."""

from __future__ import annotations

import re

# A #id: a customer's number in a book, as an export writes a customer with no code (#12).
# ASCII digits, as an export writes them (str.isdigit took "#²" for one and int() then
# failed: a traceback for a 客户 cell), at most 18 (an id SQLite can hold).
BOOK_ID = re.compile(r"#([0-9]{1,18})")


def book_id(value: str) -> int | None:
    """The customer number a #id cell names, or None when the cell is not a #id."""
    found = BOOK_ID.fullmatch(value)
    return int(found[1]) if found else None
