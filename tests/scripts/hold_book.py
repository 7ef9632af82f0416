"""Open a book and keep it open: `python hold_book.py BOOK [PASSPHRASE]`.

Prints "open <pid>" once the book is open, then waits for lines on stdin:
"save NAME" saves a new customer NAME and prints "saved"; "close" closes the book and
exits; "vanish" exits without closing (as a crash would).
"""

from __future__ import annotations

import os
import sys
from datetime import date

from xiaoben.models.customer import Customer
from xiaoben.store.book import Book


def main() -> None:
    passphrase = sys.argv[2] if len(sys.argv) > 2 else None
    book = Book.open(sys.argv[1], today=lambda: date(2026, 11, 23), passphrase=passphrase)
    print("open", os.getpid(), flush=True)
    command = sys.stdin.readline().strip()
    while command.startswith("save "):
        book.save_customer(Customer(name=command.removeprefix("save ")))
        print("saved", flush=True)
        command = sys.stdin.readline().strip()
    if command == "vanish":
        os._exit(0)
    book.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main()
