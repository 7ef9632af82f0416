"""Open a book and keep it open: `python hold_book.py BOOK`.

Prints "open <pid>" once the book is open, then waits for a line on stdin:
"close" closes the book and exits; "vanish" exits without closing (as a crash would).
"""

from __future__ import annotations

import os
import sys
from datetime import date

from xiaoben.store.book import Book


def main() -> None:
    book = Book.open(sys.argv[1], today=lambda: date(2026, 11, 23))
    print("open", os.getpid(), flush=True)
    command = sys.stdin.readline().strip()
    if command == "vanish":
        os._exit(0)
    book.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main()
