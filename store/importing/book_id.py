"""A #id cell: a customer's number in a book, as an export writes a customer who has no code
(#12), with the mark of the book it was written from (#12@3fa9c1). Read by the matching of
rows to customers (store/lookup.py), the purchases' writer and the customers' rows alike:
one spelling of what a #id is."""

from __future__ import annotations

import re
from typing import NamedTuple

# A #id: a customer's number in a book, as an export writes a customer with no code (#12).
# ASCII digits, as an export writes them (str.isdigit took "#²" for one and int() then
# failed: a traceback for a 客户 cell), at most 18 (an id SQLite can hold); then, as an
# export writes it, @ and the mark of its book (store/book_refs.py): a number alone (typed
# by hand, or an export from before the marks) is a number in the book it is imported into.
BOOK_ID = re.compile(r"#([0-9]{1,18})(?:@([0-9a-f]{6}))?")


class BookRef(NamedTuple):
    number: int
    book: str | None  # the mark of the book the number is of; None: the book imported into


def book_ref(value: str) -> BookRef | None:
    """The customer number (and book mark) a #id cell names, or None when it is not a #id."""
    found = BOOK_ID.fullmatch(value)
    return BookRef(int(found[1]), found[2]) if found else None
