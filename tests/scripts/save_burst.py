"""Save customers and purchases one by one until killed: `python save_burst.py BOOK START`.

After each purchase is committed it prints "ack <customer id> <purchase id>" and flushes:
whatever was printed was acknowledged to the seller, and must survive a kill -9.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from decimal import Decimal

from xiaoben.models.customer import Customer
from xiaoben.models.purchase import Purchase
from xiaoben.store.book import Book


def main() -> None:
    today = date(2026, 11, 23)
    start = int(sys.argv[2])
    book = Book.open(sys.argv[1], today=lambda: today)
    print("open", flush=True)
    for k in range(start, start + 100_000):
        saved = book.save_customer(Customer(name=f"顾客{k}", code=f"B{k:06d}"))
        purchase = book.add_purchase(
            Purchase(
                customer_id=saved.id or 0,
                date=today - timedelta(days=k % 400),
                amount=Decimal(k % 997 + 1),
            )
        )
        print("ack", saved.id, purchase.id, flush=True)


if __name__ == "__main__":
    main()
