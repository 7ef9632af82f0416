"""What unlocks the locked app: the one place that asks the book.

A plain book: any key. An encrypted book: its passphrase, checked by the book (the key
derivation, so a worker thread calls `unlocks`). The passphrase typed is never kept.
"""

from __future__ import annotations

from xiaoben.store.book import Book


def asks_passphrase(book: Book) -> bool:
    """True when the lock must ask for the book's passphrase rather than a key."""
    return book.encrypted


def unlocks(book: Book, typed: str) -> bool:
    """Whether `typed` unlocks the app: any key for a plain book, the passphrase for an
    encrypted one."""
    if not asks_passphrase(book):
        return True
    return book.verifies_passphrase(typed)
