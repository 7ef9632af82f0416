"""Where books live: --db, then XIAOBEN_DB, then the platform's user-data folder."""

from __future__ import annotations

import os
from pathlib import Path


def data_folder() -> Path:
    from platformdirs import user_data_path  # not for a book named by --db or XIAOBEN_DB

    return user_data_path("xiaoben", appauthor=False)


def default_book() -> Path:
    override = os.environ.get("XIAOBEN_DB")
    if override:
        return Path(override).expanduser()
    return data_folder() / "book.db"


def demo_book() -> Path:
    return data_folder() / "demo.db"
