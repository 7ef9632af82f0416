"""One of two app instances editing the same customer: `python rival_save.py BOOK ID WHO DIR`.

Loads the customer, writes DIR/WHO.ready, waits for DIR/go, then saves a change and
prints "saved <version>" or "conflict <message>" (the message in English, then Chinese).
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from xiaoben.models.errors import ConflictError
from xiaoben.store.book import Book


def main() -> None:
    path, customer_id, who, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    book = Book.open(path, today=lambda: date(2026, 11, 23))
    loaded = book.get_customer(customer_id)
    print("loaded", loaded.version, flush=True)
    (folder / f"{who}.ready").touch()
    deadline = time.monotonic() + 60
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            print("no go signal", flush=True)
            sys.exit(3)
        time.sleep(0.005)
    try:
        saved = book.save_customer(loaded.model_copy(update={"notes": f"saved by {who}"}))
    except ConflictError as exc:
        print("conflict", exc.message("en"), "|", exc.message("zh"), flush=True)
    else:
        print("saved", saved.version, flush=True)
    book.close()


if __name__ == "__main__":
    main()
